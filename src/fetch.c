/*
 * Transfers: one libcurl multi handle for every feed, a queue that starts
 * jobs as the parallel and per-host limits allow, and the loop's waiter
 * built on curl_multi_poll() so one wait covers the terminal, child pipes
 * and every transfer.  Everything a server sends is treated as hostile.
 * A file:// feed's body is read by fetch itself (src/fetch-file.c); what
 * the two files share is src/fetch-private.h.
 */
#include <sys/resource.h>

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "tidende/fetch.h"
#include "tidende/hash.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/xmalloc.h"

#include "fetch-private.h"

#define FETCH_MAX_REDIRS	5
#define FETCH_MAX_HEADER	2048	/* longest header value kept */
#define FETCH_LOW_SPEED_TIME	30	/* seconds below 1 byte/s */
#define FETCH_MAX_WAIT		1000	/* ms, longest wait while transfers run */
#define FETCH_PASS_MS		20	/* ms of body and completions per pass */
/*
 * curl's receive buffer for each transfer: allocated when it connects, so
 * hundreds of transfers waiting for slow servers hold one each.  16 KB is
 * one TLS record (and curl's default).
 */
#define FETCH_BUFFER_NET	(16L * 1024)
/*
 * File descriptors kept for everything but transfers (the cache and its
 * log, the terminal, pipes, child processes); a transfer needs two while
 * its host name resolves (curl's resolver thread wakes the loop through
 * a socket pair), then its socket, and a finished one may stay open for
 * the next feed on its host.
 */
#define FETCH_FD_RESERVE	64
/*
 * While a receiver holds reads (fetch_hold_reads()), curl's sockets are
 * left unread and the kernel keeps what arrives; still, curl runs at
 * least this often so its timeouts and connections go on.
 */
#define FETCH_HOLD_MAX_MS	3000
#define FETCH_FD_PER_TRANSFER	2

/* A host's transfers running now, for the per-host limit. */
struct fetch_host {
	char		*name;
	unsigned	 active;
	int		 multiplex;	/* it answered over HTTP/2 or later */
};

/*
 * max-host-connections counts connections.  Over HTTP/1.1 a connection
 * carries one transfer at a time; a host that answered over HTTP/2
 * carries many on each (CURLPIPE_MULTIPLEX, CURLOPT_PIPEWAIT: a new
 * transfer waits for a connection that may multiplex rather than open
 * another), so up to this many transfers a connection run at once there,
 * and curl still opens at most max-host-connections connections to it
 * (CURLMOPT_MAX_HOST_CONNECTIONS) and keeps to the streams the server
 * allows.
 */
#define FETCH_STREAMS_PER_CONN	16

struct fetch_list {
	struct fetch_job *head, *tail;
	unsigned	 n;
};

static struct {
	int		 init;
	CURLM		*multi;
	struct fetch_list queue;
	struct fetch_list active;
	struct curl_waitfd *waitfds;
	unsigned	 waitfds_cap;
	char		*user_agent;
	int		 in_perform;
	int		 backlog;	/* finished transfers left for the next pass */
	unsigned	 nheld;		/* jobs holding body for the next pass */
	unsigned	 npaced;	/* of them, files waiting for the receiver */
	size_t		 held_bytes;	/* held buffers' sizes, all jobs */
	int64_t		 pass_start;	/* when this pass's perform began */
	int		 changed;	/* a job queued or ended: scan the queue */
	unsigned	 maxconn;	/* limits last given to curl */
	unsigned	 maxhost;
	unsigned	 fdcap;		/* transfers the fd limit allows */
	unsigned	 reads_held;	/* fetch_hold_reads() count */
	int		 hold_logged;	/* a wait left curl's sockets be */
	int64_t		 last_perform;	/* when curl last ran */
	int64_t		 pass_ms;	/* FETCH_PASS_MS, or the test hook */
	/*
	 * Every host a job was queued for, indexed by name: counting a
	 * host's transfers by walking the active list for each queued job
	 * cost queue x active string compares a pass (17% of a refresh of
	 * 3,000 feeds on 15 hosts).
	 */
	struct fetch_host *hosts;
	size_t		 nhosts;
	size_t		 hosts_cap;
	struct hash_index host_index;
} fetch;

static void	fetch_pump(void);
static void	fetch_perform(void);
static void	fetch_deliver(void);
static void	fetch_error(struct fetch_job *, enum status, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* ---------------------------------------------------------------- lists */

static void
fetch_list_add(struct fetch_list *l, struct fetch_job *j)
{
	fetch.changed = 1;
	j->next = NULL;
	j->prev = l->tail;
	if (l->tail != NULL)
		l->tail->next = j;
	else
		l->head = j;
	l->tail = j;
	l->n++;
}

static void
fetch_list_remove(struct fetch_list *l, struct fetch_job *j)
{
	fetch.changed = 1;
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		l->head = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	else
		l->tail = j->prev;
	j->prev = j->next = NULL;
	l->n--;
}

/* ---------------------------------------------------------------- setup */

static long
fetch_opt(enum option_id id, long fallback)
{
	long v = options_int(id);

	return v > 0 ? v : fallback;
}

const char *
fetch_user_agent(void)
{
	const char *ua = options_str(OPT_USER_AGENT);

	if (*ua != '\0')
		return ua;
	if (fetch.user_agent == NULL)
		fetch.user_agent = xstrdup("tidende/" PACKAGE_VERSION);
	return fetch.user_agent;
}

/* Reads are held and curl ran recently enough: leave its sockets be. */
static int
fetch_holding(void)
{
	return fetch.reads_held > 0 &&
	    loop_now_ms() - fetch.last_perform < FETCH_HOLD_MAX_MS;
}

void
fetch_hold_reads(int hold)
{
	if (hold)
		fetch.reads_held++;
	else if (fetch.reads_held > 0)
		fetch.reads_held--;
}

static int
fetch_max_wait(void *arg)
{
	long ms = -1;

	if (fetch.active.n == 0 || fetch_holding())
		return -1;
	if (fetch.backlog || fetch.nheld > fetch.npaced)
		return 0;
	curl_multi_timeout(fetch.multi, &ms);
	/* a file waits for its receiver: look again soon, do not spin */
	if (fetch.npaced > 0 && (ms < 0 || ms > FETCH_PACE_MS))
		ms = FETCH_PACE_MS;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* The loop's waiter: one curl_multi_poll() over curl's and the loop's fds. */
static int
fetch_wait(struct pollfd *fds, unsigned nfds, int timeout, void *arg)
{
	unsigned i;
	int64_t left;
	int n, numfds = 0;

	if (fetch.active.n == 0 || fetch_holding()) {
		if (fetch.active.n > 0) {
			if (!fetch.hold_logged)
				log_debug("fetch: reads held, %u transfers "
				    "wait", fetch.active.n);
			fetch.hold_logged = 1;
			/* wake up in time to run curl once more */
			left = FETCH_HOLD_MAX_MS -
			    (loop_now_ms() - fetch.last_perform);
			if (timeout < 0 || timeout > left)
				timeout = (int)left;
		}
		n = poll(fds, nfds, timeout);
		return n < 0 && errno == EINTR ? 0 : n;
	}
	if (nfds > fetch.waitfds_cap) {
		fetch.waitfds_cap = nfds * 2;
		fetch.waitfds = xreallocarray(fetch.waitfds, fetch.waitfds_cap,
		    sizeof *fetch.waitfds);
	}
	for (i = 0; i < nfds; i++) {
		fetch.waitfds[i].fd = fds[i].fd;
		fetch.waitfds[i].events = 0;
		if (fds[i].events & POLLIN)
			fetch.waitfds[i].events |= CURL_WAIT_POLLIN;
		if (fds[i].events & POLLPRI)
			fetch.waitfds[i].events |= CURL_WAIT_POLLPRI;
		if (fds[i].events & POLLOUT)
			fetch.waitfds[i].events |= CURL_WAIT_POLLOUT;
		fetch.waitfds[i].revents = 0;
	}
	/* curl refuses a negative timeout; with transfers running, wake up */
	if (timeout < 0 || timeout > FETCH_MAX_WAIT)
		timeout = FETCH_MAX_WAIT;
	if (curl_multi_poll(fetch.multi, fetch.waitfds, nfds, timeout,
	    &numfds) != CURLM_OK)
		numfds = (int)nfds;	/* let poll(2) below say what is ready */
	/*
	 * curl reports only IN/PRI/OUT on extra fds, not HUP or ERR: ask
	 * poll(2) itself, without waiting, for the exact revents.
	 */
	n = 0;
	if (nfds > 0) {
		for (i = 0; i < nfds; i++)
			fds[i].revents = 0;
		if (numfds > 0 && (n = poll(fds, nfds, 0)) < 0)
			n = 0;
	}
	fetch_perform();
	return n;
}

/*
 * Transfers at once that the descriptor limit (RLIMIT_NOFILE) leaves room
 * for: a refresh of thousands of feeds with a high max-connections must
 * not fail them with "too many open files".  TIDENDE_FETCH_FD_LIMIT, a
 * test hook, pretends the limit is lower.
 */
static unsigned
fetch_fd_cap(void)
{
	struct rlimit rl;
	rlim_t lim = RLIM_INFINITY;
	const char *s;
	unsigned long v;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		lim = rl.rlim_cur;
	if ((s = getenv("TIDENDE_FETCH_FD_LIMIT")) != NULL && *s >= '0' &&
	    *s <= '9' && (v = strtoul(s, NULL, 10)) < lim)
		lim = v;
	if (lim == RLIM_INFINITY || lim > 1000000)
		lim = 1000000;
	if (lim < FETCH_FD_RESERVE + FETCH_FD_PER_TRANSFER)
		return 1;
	return (unsigned)((lim - FETCH_FD_RESERVE) / FETCH_FD_PER_TRANSFER);
}

void
fetch_init(void)
{
	const char *ms;

	if (fetch.init)
		return;
	/*
	 * A test hook: TIDENDE_FETCH_PASS_MS=0 makes every write past the
	 * pass's budget, so the held-back path runs for every byte.
	 */
	fetch.pass_ms = FETCH_PASS_MS;
	if ((ms = getenv("TIDENDE_FETCH_PASS_MS")) != NULL && *ms >= '0' &&
	    *ms <= '9')
		fetch.pass_ms = strtol(ms, NULL, 10);
	fetch.fdcap = fetch_fd_cap();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		fatalx("curl_global_init failed");
	if ((fetch.multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init failed");
	curl_multi_setopt(fetch.multi, CURLMOPT_PIPELINING,
	    (long)CURLPIPE_MULTIPLEX);
	loop_set_waiter(fetch_wait, NULL);
	loop_set_max_wait(fetch_max_wait, NULL);
	fetch.init = 1;
}

void
fetch_done(void)
{
	if (!fetch.init)
		return;
	while (fetch.queue.head != NULL)
		fetch_cancel(fetch.queue.head);
	while (fetch.active.head != NULL)
		fetch_cancel(fetch.active.head);
	loop_set_waiter(NULL, NULL);
	loop_set_max_wait(NULL, NULL);
	curl_multi_cleanup(fetch.multi);
	curl_global_cleanup();
	free(fetch.waitfds);
	free(fetch.user_agent);
	while (fetch.nhosts > 0)
		free(fetch.hosts[--fetch.nhosts].name);
	free(fetch.hosts);
	hash_index_free(&fetch.host_index);
	memset(&fetch, 0, sizeof fetch);
}

unsigned
fetch_pending(void)
{
	return fetch.queue.n + fetch.active.n;
}

unsigned
fetch_waiting(void)
{
	return fetch.queue.n;
}

size_t
fetch_held_bytes(void)
{
	return fetch.held_bytes;
}

/* ------------------------------------------------------------- headers */

/* Copy a header value without surrounding space, capped, printable only. */
static char *
fetch_header_value(const char *v, size_t len)
{
	char *s;
	size_t i;

	while (len > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n' ||
	    v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	if (len > FETCH_MAX_HEADER)
		len = FETCH_MAX_HEADER;
	s = xstrndup(v, len);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
	return s;
}

/* The charset parameter of a Content-Type value, or NULL. */
static char *
fetch_charset(const char *ct)
{
	const char *p = ct, *start;
	size_t len;

	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset=", 8) != 0)
			continue;
		p += 8;
		if (*p == '"')
			p++;
		start = p;
		len = strcspn(p, "\"; \t");
		if (len == 0 || len > 40)
			return NULL;
		return xstrndup(start, len);
	}
	return NULL;
}

static void
fetch_reset_response(struct fetch_job *j)
{
	free(j->content_type);
	free(j->charset);
	free(j->etag);
	free(j->last_modified);
	j->content_type = j->charset = j->etag = j->last_modified = NULL;
}

static size_t
fetch_header_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct fetch_job *j = arg;
	size_t len = size * n;
	const char *colon;
	char **dst = NULL;
	int code;

	if (len > 5 && strncmp(buf, "HTTP/", 5) == 0) {
		/* A new response: the one before it was a redirect hop. */
		if (j->status_line >= 300 && j->status_line < 400) {
			j->redirects++;
			if (j->status_line != 301 && j->status_line != 308)
				j->all_permanent = 0;
		}
		colon = memchr(buf, ' ', len);
		code = 0;
		if (colon != NULL && (size_t)(colon - buf) + 4 <= len)
			code = (colon[1] - '0') * 100 + (colon[2] - '0') * 10 +
			    (colon[3] - '0');
		j->status_line = code;
		fetch_reset_response(j);
		return len;
	}
	if ((colon = memchr(buf, ':', len)) == NULL)
		return len;
	if ((size_t)(colon - buf) == 12 && strncasecmp(buf, "Content-Type", 12) == 0)
		dst = &j->content_type;
	else if ((size_t)(colon - buf) == 4 && strncasecmp(buf, "ETag", 4) == 0)
		dst = &j->etag;
	else if ((size_t)(colon - buf) == 13 &&
	    strncasecmp(buf, "Last-Modified", 13) == 0)
		dst = &j->last_modified;
	if (dst != NULL) {
		free(*dst);
		*dst = fetch_header_value(colon + 1, len - (colon + 1 - buf));
		if (dst == &j->content_type) {
			free(j->charset);
			j->charset = fetch_charset(j->content_type);
		}
	}
	return len;
}

/* ---------------------------------------------------------------- body */

void
fetch_fill_reply(struct fetch_job *j)
{
	struct fetch_reply *r = &j->reply;
	long code = 0;

	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
	r->http_status = (int)code;
	r->url = j->url;
	r->content_type = j->content_type;
	r->charset = j->charset;
	r->etag = j->etag;
	r->last_modified = j->last_modified;
	r->bytes = j->bytes;
	r->retry_after = -1;
}

/* Body waits for data(): held back, or a file:// body not read yet. */
static int
fetch_holds(const struct fetch_job *j)
{
	return j->held_off < j->held_len || j->file_fd >= 0;
}

/* Keep a body chunk for the next pass, after what is already held. */
static void
fetch_hold(struct fetch_job *j, const char *buf, size_t len)
{
	size_t left = j->held_len - j->held_off, old = j->held_cap;

	if (left == 0) {
		j->held_len = j->held_off = 0;
		fetch.nheld++;
	} else if (j->held_off > 0 && j->held_off >= left) {
		/* most of the buffer was delivered: move the rest down */
		memmove(j->held, j->held + j->held_off, left);
		j->held_len = left;
		j->held_off = 0;
	}
	if (len > j->held_cap - j->held_len) {
		while (len > j->held_cap - j->held_len)
			j->held_cap = j->held_cap == 0 ? FETCH_HELD_SLICE :
			    j->held_cap * 2;
		fetch.held_bytes += j->held_cap - old;
		j->held = xrealloc(j->held, j->held_cap);
	}
	memcpy(j->held + j->held_len, buf, len);
	j->held_len += len;
}

/* Nothing held any more (delivered, or the job ends). */
void
fetch_release(struct fetch_job *j)
{
	if (fetch_holds(j))
		fetch.nheld--;
	if (j->file_fd >= 0) {
		close(j->file_fd);
		j->file_fd = -1;
	}
	fetch.held_bytes -= j->held_cap;
	free(j->held);
	j->held = NULL;
	j->held_len = j->held_off = j->held_cap = 0;
}

static size_t
fetch_write_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct fetch_job *j = arg;
	size_t len = size * n;

	/* Decompressed bytes, held or not: this also stops gzip bombs. */
	j->bytes += len;
	if (j->bytes > j->max_size) {
		j->too_big = 1;
		return 0;
	}
	if (!j->body_started) {
		j->body_started = 1;
		fetch_fill_reply(j);
	}
	j->reply.bytes = j->bytes;
	/* Error pages are read (to keep the connection) but not parsed. */
	if (j->reply.http_status != 0 &&
	    (j->reply.http_status < 200 || j->reply.http_status > 299))
		return len;
	if (j->data == NULL || len == 0)
		return len;
	/*
	 * Parsing runs in data(): once this pass has taken long enough,
	 * keep the body ourselves and hand it over at the start of the next
	 * pass (fetch_deliver), so a huge feed arriving fast never holds
	 * the loop.  Never CURL_WRITEFUNC_PAUSE: curl 7.88 drops what it
	 * holds for a paused transfer whose last bytes arrive meanwhile,
	 * and reports success.  Once anything is held, the rest queues
	 * behind it, in order.  A receiver whose data() only copies
	 * (never_pause) gets every chunk at once: its copy is exact in size
	 * and counted by the receiver, where the held buffer grows by
	 * doubling and only fetch sees it.
	 */
	if (fetch_holds(j) || (!j->cheap_data && fetch.in_perform &&
	    loop_now_ms() - fetch.pass_start >= fetch.pass_ms)) {
		fetch_hold(j, buf, len);
		return len;
	}
	if (j->data(&j->reply, buf, len, j->arg) != 0) {
		j->refused = 1;
		return 0;
	}
	return len;
}

/* ------------------------------------------------------------ starting */

char *
fetch_host_name(const char *url)
{
	CURLU *u;
	char *host = NULL, *s;

	if ((u = curl_url()) == NULL)
		return xstrdup("");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		s = xstrdup(host);
		curl_free(host);
	} else
		s = xstrdup("");
	curl_url_cleanup(u);
	return s;
}

static void
fetch_setup_easy(struct fetch_job *j)
{
	CURL *e;
	char *h;
	size_t i;
	const char *ca;

	if ((e = curl_easy_init()) == NULL)
		fatalx("curl_easy_init failed");
	j->easy = e;
	curl_easy_setopt(e, CURLOPT_URL, j->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, fetch_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, fetch_header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(e, CURLOPT_USERAGENT, fetch_user_agent());
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	/* an API call that is redirected is an error, not a GET elsewhere */
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, j->post != NULL ? 0L : 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
	    (long)CURL_HTTP_VERSION_2TLS);
	/*
	 * Only https can multiplex here (CURL_HTTP_VERSION_2TLS); over http
	 * curl 7.88 kept a second transfer waiting on a connection whose
	 * first transfer stalled, rather than open another.
	 */
	if (strncasecmp(j->url, "https://", 8) == 0)
		curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	if ((ca = getenv("TIDENDE_CA_FILE")) != NULL && *ca != '\0')
		curl_easy_setopt(e, CURLOPT_CAINFO, ca);	/* a test hook */
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT,
	    fetch_opt(OPT_CONNECT_TIMEOUT, 15));
	curl_easy_setopt(e, CURLOPT_TIMEOUT, j->timeout > 0 ? j->timeout :
	    fetch_opt(OPT_DOWNLOAD_TIMEOUT, 60));
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)FETCH_LOW_SPEED_TIME);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)j->max_size);
	/*
	 * 16 KB (FETCH_BUFFER_NET): every running transfer holds its
	 * buffer, answered or not.  curl reads a transfer up to 100
	 * buffers in one perform while its socket stays readable, and
	 * fetch never pauses it (late body is held, see fetch_write_cb).
	 * A file:// body never passes through it (FETCH_FILE_SLICE).
	 */
	curl_easy_setopt(e, CURLOPT_BUFFERSIZE, FETCH_BUFFER_NET);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
#if LIBCURL_VERSION_NUM >= 0x075500
	if (fetch_is_file(j->url) && !j->http_only) {
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "file");
		curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "");
	} else {
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	}
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS,
	    fetch_is_file(j->url) && !j->http_only ?
	    (long)CURLPROTO_FILE : (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (fetch_is_file(j->url) && !j->http_only) {
		fetch_file_setup(j);
		return;
	}
	if (j->post != NULL) {
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)j->post_len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, j->post);
		h = xasprintf("Content-Type: %s", j->post_type != NULL ?
		    j->post_type : "application/octet-stream");
		j->headers = curl_slist_append(j->headers, h);
		free(h);
		/* no "Expect: 100-continue" round trip for big bodies */
		j->headers = curl_slist_append(j->headers, "Expect:");
	}
	for (i = 0; j->extra != NULL && j->extra[i] != NULL; i++)
		j->headers = curl_slist_append(j->headers, j->extra[i]);
	if (j->etag_in != NULL) {
		h = xasprintf("If-None-Match: %s", j->etag_in);
		j->headers = curl_slist_append(j->headers, h);
		free(h);
	}
	if (j->last_modified_in != NULL) {
		h = xasprintf("If-Modified-Since: %s", j->last_modified_in);
		j->headers = curl_slist_append(j->headers, h);
		free(h);
	}
	if (j->post == NULL && j->accept != NULL) {
		h = xasprintf("Accept: %s", j->accept);
		j->headers = curl_slist_append(j->headers, h);
		free(h);
	} else if (j->post == NULL)
		j->headers = curl_slist_append(j->headers,
		    "Accept: application/rss+xml, application/atom+xml, "
		    "application/feed+json, application/xml;q=0.9, "
		    "text/xml;q=0.9, */*;q=0.8");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
}

static const char *
fetch_host_key(const void *ctx, size_t i)
{
	(void)ctx;
	return fetch.hosts[i].name;
}

/* The fetch.hosts entry of a host name ("": none, SIZE_MAX). */
static size_t
fetch_host_slot(const char *host)
{
	size_t i;

	if (*host == '\0')
		return SIZE_MAX;
	i = hash_index_find(&fetch.host_index, fetch_host_key, NULL, host);
	if (i != SIZE_MAX)
		return i;
	if (fetch.nhosts == fetch.hosts_cap) {
		fetch.hosts_cap = fetch.hosts_cap ? 2 * fetch.hosts_cap : 64;
		fetch.hosts = xreallocarray(fetch.hosts, fetch.hosts_cap,
		    sizeof *fetch.hosts);
	}
	fetch.hosts[fetch.nhosts].name = xstrdup(host);
	fetch.hosts[fetch.nhosts].active = 0;
	fetch.hosts[fetch.nhosts].multiplex = 0;
	fetch.nhosts++;
	hash_index_add(&fetch.host_index, fetch.nhosts, fetch_host_key, NULL);
	return fetch.nhosts - 1;
}

/* Start queued jobs while the limits allow, oldest first. */
static void
fetch_pump(void)
{
	struct fetch_job *j, *next;
	unsigned maxconn, maxhost;

	maxconn = (unsigned)fetch_opt(OPT_MAX_CONNECTIONS, 512);
	maxhost = (unsigned)fetch_opt(OPT_MAX_HOST_CONNECTIONS, 8);
	/* never more sockets than the process may open */
	if (maxconn > fetch.fdcap)
		maxconn = fetch.fdcap;
	if (maxconn != fetch.maxconn || maxhost != fetch.maxhost) {
		/* the limits are options: `:set` may change them any time */
		fetch.maxconn = maxconn;
		fetch.maxhost = maxhost;
		curl_multi_setopt(fetch.multi, CURLMOPT_MAX_HOST_CONNECTIONS,
		    (long)maxhost);
		curl_multi_setopt(fetch.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
		    (long)maxconn);
		/*
		 * Connections open at all, in use or kept for the next feed
		 * on their host: curl closes the oldest idle one past this.
		 */
		curl_multi_setopt(fetch.multi, CURLMOPT_MAXCONNECTS,
		    (long)maxconn);
		fetch.changed = 1;
	}
	/* Nothing ended or queued since the last scan: nothing can start. */
	if (!fetch.changed)
		return;
	for (j = fetch.queue.head; j != NULL && fetch.active.n < maxconn;
	    j = next) {
		next = j->next;
		if (j->hostn != SIZE_MAX &&
		    fetch.hosts[j->hostn].active >= (fetch.hosts[j->hostn].
		    multiplex ? maxhost * FETCH_STREAMS_PER_CONN : maxhost))
			continue;
		fetch_list_remove(&fetch.queue, j);
		fetch_setup_easy(j);
		fetch_list_add(&fetch.active, j);
		j->active = 1;
		j->started_us = loop_now_us();
		if (j->hostn != SIZE_MAX)
			fetch.hosts[j->hostn].active++;
		if (curl_multi_add_handle(fetch.multi, j->easy) != CURLM_OK)
			fatalx("curl_multi_add_handle failed");
		j->in_multi = 1;
		log_debug("fetch: start %s (%u to its host)", j->url,
		    j->hostn != SIZE_MAX ? fetch.hosts[j->hostn].active : 0);
	}
	fetch.changed = 0;
}

struct fetch_job *
fetch_start(const struct fetch_job_opts *o)
{
	struct fetch_job *j;
	size_t n;

	fetch_init();
	j = xcalloc(1, sizeof *j);
	j->url = xstrdup(o->url);
	j->etag_in = xstrdup0(o->etag);
	j->last_modified_in = xstrdup0(o->last_modified);
	j->max_size = o->max_size != 0 ? o->max_size :
	    (size_t)fetch_opt(OPT_MAX_SIZE, 32) << 20;
	if (o->post != NULL) {
		j->post = xmalloc(o->post_len + 1);
		memcpy(j->post, o->post, o->post_len);
		j->post[o->post_len] = '\0';
		j->post_len = o->post_len;
		j->post_type = xstrdup0(o->post_type);
	}
	if (o->headers != NULL) {
		for (n = 0; o->headers[n] != NULL; n++)
			;
		j->extra = xcalloc(n + 1, sizeof *j->extra);
		for (n = 0; o->headers[n] != NULL; n++)
			j->extra[n] = xstrdup(o->headers[n]);
	}
	j->http_only = o->http_only;
	j->cheap_data = o->never_pause;
	j->accept = xstrdup0(o->accept);
	j->timeout = o->timeout;
	j->data = o->data;
	j->done = o->done;
	j->arg = o->arg;
	j->host = fetch_host_name(j->url);
	j->hostn = fetch_host_slot(j->host);
	j->all_permanent = 1;
	j->file_fd = -1;
	fetch_list_add(&fetch.queue, j);
	if (!fetch.in_perform)
		fetch_pump();
	return j;
}

/* ------------------------------------------------------------ finishing */

static void
fetch_free(struct fetch_job *j)
{
	size_t n;

	if (j->easy != NULL)
		curl_easy_cleanup(j->easy);
	curl_slist_free_all(j->headers);
	fetch_reset_response(j);
	free(j->url);
	free(j->etag_in);
	free(j->last_modified_in);
	if (j->post != NULL) {
		/* it may hold a password: do not leave it in freed memory */
		explicit_bzero(j->post, j->post_len);
		free(j->post);
	}
	free(j->post_type);
	free(j->accept);
	for (n = 0; j->extra != NULL && j->extra[n] != NULL; n++)
		free(j->extra[n]);
	free(j->extra);
	free(j->host);
	free(j->held);
	free((char *)j->reply.error);
	free(j);
}

/*
 * Whether a transfer ran over a protocol that multiplexes (HTTP/2, 3) on
 * its own host: the version is the last connection's, which after a
 * redirect is another host's.
 */
static int
fetch_multiplexed(const struct fetch_job *j)
{
	long v = 0;
	char *eff = NULL, *host;
	int same;

	if (curl_easy_getinfo(j->easy, CURLINFO_HTTP_VERSION, &v) != CURLE_OK ||
	    !(v == CURL_HTTP_VERSION_2_0
#ifdef CURL_HTTP_VERSION_3
	    || v == CURL_HTTP_VERSION_3
#endif
	    ))
		return 0;
	if (curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &eff) !=
	    CURLE_OK || eff == NULL)
		return 0;
	host = fetch_host_name(eff);
	same = strcmp(host, j->host) == 0;
	free(host);
	return same;
}

/* Detach from the lists and the multi handle, report, free. */
void
fetch_finish(struct fetch_job *j)
{
	int64_t ms;

	fetch_release(j);
	if (j->active) {
		/* a file:// body is read after curl's part: count it all */
		ms = (loop_now_us() - j->started_us) / 1000;
		j->reply.elapsed_ms = ms > 0 ? ms : 1;
		if (j->in_multi)
			curl_multi_remove_handle(fetch.multi, j->easy);
		j->in_multi = 0;
		fetch_list_remove(&fetch.active, j);
		if (j->hostn != SIZE_MAX) {
			fetch.hosts[j->hostn].active--;
			if (!fetch.hosts[j->hostn].multiplex &&
			    fetch_multiplexed(j))
				fetch.hosts[j->hostn].multiplex = 1;
		}
	} else
		fetch_list_remove(&fetch.queue, j);
	if (j->done != NULL)
		j->done(&j->reply, j->arg);
	fetch_free(j);
}

static void
fetch_error(struct fetch_job *j, enum status s, const char *fmt, ...)
{
	va_list ap;

	j->reply.status = s;
	free((char *)j->reply.error);
	va_start(ap, fmt);
	j->reply.error = xvasprintf(fmt, ap);
	va_end(ap);
}

/* A URL from a server that is safe to show and store: no control bytes. */
static int
fetch_url_clean(const char *url)
{
	const unsigned char *p;

	if (strlen(url) > 4096)
		return 0;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* Turn curl's result and the reply into a status and one-line error. */
void
fetch_result(struct fetch_job *j, CURLcode rc)
{
	struct fetch_reply *r = &j->reply;
	const char *why = j->errbuf[0] != '\0' ? j->errbuf :
	    curl_easy_strerror(rc);
	curl_off_t ra = -1;
	char *eff = NULL;
	long oserr, unmet;

	fetch_fill_reply(j);
	curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &eff);
	r->effective_url = eff;
	if (curl_easy_getinfo(j->easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
	    ra > 0)
		r->retry_after = ra > 86400 * 7 ? 86400 * 7 : (long)ra;
	if (j->redirects > 0 && j->all_permanent && eff != NULL &&
	    strcmp(eff, j->url) != 0 && fetch_url_clean(eff) &&
	    (j->status_line == 304 ||
	    (j->status_line >= 200 && j->status_line <= 299)))
		r->moved_to = eff;
	r->status = STATUS_OK;
	switch (rc) {
	case CURLE_OK:
		unmet = 0;
		curl_easy_getinfo(j->easy, CURLINFO_CONDITION_UNMET, &unmet);
		if (r->http_status == 304 || (unmet && r->http_status == 0))
			r->status = STATUS_UNCHANGED;
		else if (r->http_status != 0 &&
		    (r->http_status < 200 || r->http_status > 299)) {
			fetch_error(j, STATUS_ERROR, _("HTTP status %d"),
			    r->http_status);
		}
		break;
	case CURLE_WRITE_ERROR:
		if (j->too_big) {
			fetch_error(j, STATUS_TOO_BIG, _("larger than %zu MB "
			    "(set max-size)"), j->max_size >> 20);
		} else if (j->refused) {
			/* the receiver set its own error */
			r->status = STATUS_CANCELLED;
		} else
			fetch_error(j, STATUS_NETWORK, "%s", why);
		break;
	case CURLE_FILESIZE_EXCEEDED:
		fetch_error(j, STATUS_TOO_BIG,
		    _("larger than %zu MB (set max-size)"),
		    j->max_size >> 20);
		break;
	case CURLE_OUT_OF_MEMORY:
		/*
		 * curl says "Out of memory" for its own limits too, not only
		 * malloc's: a header line over 100 kB.  (It held no body:
		 * fetch never pauses a transfer, so curl's 64 MB limit on a
		 * paused body cannot be met.)
		 */
		if (!j->body_started)
			fetch_error(j, STATUS_TOO_BIG, "%s", _("a reply header "
			    "larger than curl accepts (100 kB)"));
		else
			fetch_error(j, STATUS_NO_MEMORY, "%s", why);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		fetch_error(j, STATUS_TIMEOUT, _("timed out: %s"), why);
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		fetch_error(j, STATUS_NETWORK, _("more than %d redirects"),
		    FETCH_MAX_REDIRS);
		break;
	case CURLE_COULDNT_CONNECT:
		oserr = 0;
		curl_easy_getinfo(j->easy, CURLINFO_OS_ERRNO, &oserr);
		if (oserr == ECONNREFUSED)
			fetch_error(j, STATUS_NETWORK, _("connection refused (%s)"),
			    *j->host != '\0' ? j->host : j->url);
		else
			fetch_error(j, STATUS_NETWORK, _("could not connect: %s"),
			    why);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		fetch_error(j, STATUS_NETWORK, "%s", why);
		break;
	default:
		fetch_error(j, STATUS_NETWORK, "%s", why);
		break;
	}
}

/*
 * Hand held body to data(), a slice at a time, until the pass has used
 * its time (at least one slice, so it always moves on).  A job whose
 * transfer ended finishes once all of it is delivered; one whose data()
 * refuses stops like it would have in the write callback.
 */
static void
fetch_deliver(void)
{
	struct fetch_job *j, *next;
	size_t len;
	int any = 0;

	fetch.npaced = 0;
	for (j = fetch.active.head; j != NULL && fetch.nheld > 0; j = next) {
		next = j->next;
		while (fetch_holds(j)) {
			if (any && loop_now_ms() - fetch.pass_start >=
			    fetch.pass_ms)
				return;
			if (fetch_file_paced(j)) {
				fetch.npaced++;
				break;
			}
			any = 1;
			if (j->file_fd >= 0) {
				if (fetch_file_slice(j) == 0)
					continue;
				/* it ended, and done() may have ended others */
				next = fetch.active.head;
				break;
			}
			len = j->held_len - j->held_off;
			if (len > FETCH_HELD_SLICE)
				len = FETCH_HELD_SLICE;
			j->held_off += len;
			if (j->held_off == j->held_len)
				fetch.nheld--;
			if (j->data(&j->reply, j->held + j->held_off - len,
			    len, j->arg) != 0) {
				j->refused = 1;
				fetch_result(j, CURLE_WRITE_ERROR);
				log_debug("fetch: done %s: refused", j->url);
				fetch_finish(j);
				/* done() may have ended others: rescan */
				next = fetch.active.head;
				break;
			}
			if (fetch_holds(j))
				continue;
			fetch_release(j);
			if (j->ended) {
				fetch_result(j, j->ended_rc);
				log_debug("fetch: done %s: %d %s (held body)",
				    j->url, j->reply.http_status,
				    j->reply.error != NULL ? j->reply.error :
				    "ok");
				fetch_finish(j);
				next = fetch.active.head;
			}
			break;
		}
	}
}

static void
fetch_perform(void)
{
	CURLMsg *msg;
	struct fetch_job *j;
	CURLcode rc;
	int64_t start;
	int running, left, opened;

	if (fetch.in_perform)
		return;
	fetch.in_perform = 1;
	fetch.pass_start = fetch.last_perform = loop_now_ms();
	if (fetch.hold_logged)
		log_debug("fetch: reads again%s", fetch.reads_held > 0 ?
		    " (held too long)" : "");
	fetch.hold_logged = 0;
	/* bodies held back last pass go first, so they stay in order */
	fetch.npaced = 0;
	if (fetch.nheld > 0)
		fetch_deliver();
	curl_multi_perform(fetch.multi, &running);
	start = loop_now_ms();
	fetch.backlog = 0;
	while ((msg = curl_multi_info_read(fetch.multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		/* copy out before removing: msg dies with the handle */
		rc = msg->data.result;
		j = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    (char **)&j);
		if (j == NULL)
			continue;
		if (rc == CURLE_OK && j->file_body &&
		    (opened = fetch_file_open(j)) != 0) {
			if (opened < 0)
				rc = CURLE_READ_ERROR;
			else {
				/* fetch_deliver() reads it from the next pass */
				fetch.nheld++;
				curl_multi_remove_handle(fetch.multi, j->easy);
				j->in_multi = 0;
				j->ended = 1;
				j->ended_rc = rc;
				continue;
			}
		} else if (rc == CURLE_OK && fetch_holds(j)) {
			/*
			 * Complete, but part of the body still waits for
			 * data(): the job ends (its result and ETag
			 * reported) once all of it is delivered.
			 */
			curl_multi_remove_handle(fetch.multi, j->easy);
			j->in_multi = 0;
			j->ended = 1;
			j->ended_rc = rc;
			continue;
		}
		fetch_result(j, rc);
		log_debug("fetch: done %s: %d %s", j->url, j->reply.http_status,
		    j->reply.error != NULL ? j->reply.error : "ok");
		fetch_finish(j);
		/*
		 * Each finished feed is parsed and stored by its receiver:
		 * leave the rest for the next pass once this one took long
		 * enough, so keys and drawing get their turn in between.
		 */
		if (left > 0 && loop_now_ms() - start >= fetch.pass_ms) {
			fetch.backlog = 1;
			break;
		}
	}
	fetch.in_perform = 0;
	fetch_pump();
}

void
fetch_cancel(struct fetch_job *j)
{
	if (j->active)
		fetch_fill_reply(j);
	else {
		j->reply.url = j->url;
		j->reply.retry_after = -1;
	}
	fetch_error(j, STATUS_CANCELLED, "%s", _("cancelled"));
	fetch_finish(j);
	if (!fetch.in_perform)
		fetch_pump();
}
