/*
 * The sync engine: one sync as steps on the event loop (see sync.h).  It
 * owns the order of the steps, the queue of local changes (through
 * db-sync.h), the conflict rule's inputs and the result; the backend
 * (sync-private.h) owns every request and reply body.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sync-private.h"
#include "tidende/buf.h"
#include "tidende/db-sync.h"
#include "tidende/fetch.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/spawn.h"
#include "tidende/sync.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define SYNC_PUSH_BATCH		200	/* changes taken from the queue at once */
#define SYNC_PUSH_ROUNDS	1000	/* batches of the queue in one sync */
#define SYNC_MAX_PAGES		20000	/* pages of one paged step (4 million articles) */
#define SYNC_MAX_IDS		1000000	/* ids in an unread or starred set */
#define SYNC_PASSWORD_MS	30000	/* sync-password-command's time */
#define SYNC_PASSWORD_MAX	4096	/* bytes of a password source read */
#define SYNC_INFLIGHT		4	/* state pages asked for at once (fetch
					   keeps max-host-connections of them
					   on the wire) */
#define SYNC_SLICE_MS		10	/* a store slice's share of a loop pass */

enum sync_step {
	SYNC_STEP_LOGIN,
	SYNC_STEP_PUSH,
	SYNC_STEP_FEEDS,
	SYNC_STEP_ITEMS,
	SYNC_STEP_COUNTS,	/* backend's counts(), when it has one */
	SYNC_STEP_UNREAD,
	SYNC_STEP_STARRED,
	SYNC_STEP_END,
	SYNC_STEP_SUBSCRIBE,	/* sync_subscribe(): after login, then END */
};

static const char *const sync_step_names[] = {
	"login", "push", "subscriptions", "articles", "counts", "unread",
	"starred",
	"end", "subscribe"
};

struct sync_article {
	char		*server_id;
	char		*feed_id;
	struct item	 item;
	int		 unread;
	int		 starred;
};

/* One request on the wire (state pages have several at once). */
struct sync_req {
	struct sync	*s;
	struct fetch_job *job;
	struct buf	 reply;
	void		(*cb)(struct sync *, const char *, size_t);
	/* sync_request(): the status too, and 4xx replies come here */
	void		(*st_cb)(struct sync *, int, const char *, size_t);
	size_t		 skip;		/* state pages: the page's offset */
	int		 set;		/* state pages: 0 unread, 1 starred */
};

/* The server ids having one field set, as its pages come in. */
struct sync_set {
	char		**ids;
	size_t		 n, cap;
	int		 overflow;	/* more ids than SYNC_MAX_IDS */
	int		 active;	/* its pages are being asked for */
	size_t		 next_skip;	/* the next page to ask for */
	size_t		 target;	/* ask until next_skip reaches it */
};

struct sync_feed_map {
	char		*server_id;
	int64_t		 feed_id;
};

struct sync {
	struct db	*db;
	char		*feed_error;	/* a server feed the cache did not take */
	const struct sync_backend *be;
	void		*bdata;
	sync_done_cb	 done;
	void		*arg;
	struct db_sync_account acct;
	char		*password;
	struct spawn	*spawn;
	struct sync_req	 req[SYNC_INFLIGHT];
	struct sync_req	*cur;		/* whose reply is being read */
	size_t		 inflight;
	int		 finishing;	/* replies of cancelled requests: ignored */

	enum sync_step	 step;
	enum sync_step	 resume;	/* step to redo after a re-login */
	int		 relogin;	/* 1: logging in again, 2: done once */
	int64_t		 start_ms;
	struct sync_result res;
	char		*error;
	char		*notice;

	/* push */
	struct db_sync_change *changes;
	size_t		 nchanges;
	int		 op;		/* next op to send of this batch */
	unsigned	 rounds;
	int64_t		*seqs;		/* of the batch on the wire */
	char		**ids;
	size_t		 nseqs;
	int64_t		*rejected;
	size_t		 nrejected;

	/* subscriptions */
	struct sync_feed_map *fmap;
	size_t		 nfmap;

	/* articles */
	struct sync_article *arts;
	size_t		 narts, arts_cap;
	size_t		 page_n;	/* what this page held */
	char		*cursor;
	size_t		 skip;
	unsigned	 pages;
	/*
	 * Storing: arts[store_pos..narts) wait, stored a slice (about
	 * SYNC_SLICE_MS) per loop pass from a timer while the next page
	 * is on the wire; items_last: the last page is in.
	 */
	size_t		 store_pos;
	size_t		 slice;		/* articles a slice takes */
	unsigned	 store_timer;
	int		 items_wire;	/* a page of articles is on the wire */
	int		 items_last;
	int		 items_all;	/* from no cursor: every article came */

	/* sync_subscribe(): the caller's feeds, the next to send */
	struct sync_sub	*subs;
	size_t		 nsubs, sub;

	/* unread [0] and starred [1] sets */
	struct sync_set	 set[2];
	long long	 count[2];	/* the server's totals; -1: unknown */
	size_t		 req_skip;	/* the page being asked for */
	int		 req_set;
};

static struct sync *sync_current;

static void	sync_run(struct sync *);
static void	sync_finish(struct sync *);

/* ---------------------------------------------------------------- config */

int
sync_enabled(void)
{
	return strcmp(options_str(OPT_SYNC_BACKEND), "none") != 0;
}

static const struct sync_backend *
sync_backend_find(const char *name)
{
	if (strcmp(name, sync_ttrss_backend.name) == 0)
		return &sync_ttrss_backend;
	if (strcmp(name, sync_greader_backend.name) == 0)
		return &sync_greader_backend;
	return NULL;
}

char *
sync_config_error(void)
{
	const char *url = options_str(OPT_SYNC_URL);

	if (!sync_enabled())
		return xstrdup(_("sync is off (set sync-backend, sync-url "
		    "and sync-user in the config)"));
	if (sync_backend_find(options_str(OPT_SYNC_BACKEND)) == NULL)
		return xasprintf(_("sync-backend %s is not supported yet"),
		    options_str(OPT_SYNC_BACKEND));
	if (*url == '\0')
		return xstrdup(_("sync-url is not set"));
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return xstrdup(_("sync-url must be an http:// or https:// "
		    "URL"));
	if (*options_str(OPT_SYNC_USER) == '\0')
		return xstrdup(_("sync-user is not set"));
	if (options_argv(OPT_SYNC_PASSWORD_COMMAND) == NULL &&
	    *options_str(OPT_SYNC_PASSWORD_FILE) == '\0')
		return xstrdup(_("set sync-password-command or "
		    "sync-password-file"));
	return NULL;
}

int
sync_exit_code(enum sync_status st)
{
	switch (st) {
	case SYNC_OK:
		return 0;
	case SYNC_UNREACHABLE:
		return EXIT_UNAVAIL;
	case SYNC_REFUSED:
		return 77;
	default:
		return 1;
	}
}

int
sync_retry_delay(int tries)
{
	int d = 30;

	while (--tries > 0 && d < 3600)
		d *= 2;
	return d > 3600 ? 3600 : d;
}

char *
sync_status_line(const struct sync_result *r, int64_t pending)
{
	unsigned long n = pending > 0 ? (unsigned long)pending : 0;

	/* TRANSLATORS: the sync state on the right of the status line */
	if (r != NULL && r->status == SYNC_UNREACHABLE)
		return xasprintf(ngettext("sync: offline, %lld change waiting",
		    "sync: offline, %lld changes waiting", n),
		    (long long)pending);
	if (r != NULL && r->status == SYNC_REFUSED)
		return xasprintf(ngettext("sync: refused, %lld change waiting",
		    "sync: refused, %lld changes waiting", n),
		    (long long)pending);
	if (r != NULL && r->status != SYNC_OK)
		return xasprintf(ngettext("sync: failed, %lld change waiting",
		    "sync: failed, %lld changes waiting", n),
		    (long long)pending);
	if (pending > 0)
		return xasprintf(ngettext("sync: %lld change waiting",
		    "sync: %lld changes waiting", n), (long long)pending);
	return xstrdup(r != NULL ? _("sync: up to date") : _("sync: not yet"));
}

char *
sync_summary(const struct sync_result *r)
{
	char *sent, *feeds, *added, *reqs, *line;

	sent = xasprintf(ngettext("%zu change sent", "%zu changes sent",
	    r->pushed), r->pushed);
	feeds = xasprintf(ngettext("%zu feed", "%zu feeds", r->feeds),
	    r->feeds);
	added = xasprintf(ngettext("%zu new article", "%zu new articles",
	    r->added), r->added);
	reqs = xasprintf(ngettext("%u request", "%u requests", r->requests),
	    r->requests);
	/*
	 * TRANSLATORS: a sync's summary: "3 changes sent, 12 feeds, 40 new
	 * articles, 2 changed (5 requests, 310 ms)"; the %s are those above
	 */
	line = xasprintf(_("%s, %s, %s, %zu changed (%s, %lld ms)"), sent,
	    feeds, added, r->changed, reqs, (long long)r->ms);
	free(sent);
	free(feeds);
	free(added);
	free(reqs);
	return line;
}

/* First line of buf[0..len), or NULL when empty. */
static char *
sync_first_line(const char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && buf[n] != '\n' && buf[n] != '\0')
		n++;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	return n > 0 ? xstrndup(buf, n) : NULL;
}

char *
sync_password_file(const char *path, char **cause)
{
	char buf[SYNC_PASSWORD_MAX], *pw;
	struct stat st;
	ssize_t n;
	int fd;

	/* O_NONBLOCK: a FIFO with no writer must not hold the loop */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) ==
	    -1) {
		*cause = xasprintf(_("sync-password-file %s: %s"), path,
		    strerror(errno));
		return NULL;
	}
	/* fstat the file opened: no window for a swap after the check */
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*cause = xasprintf(_("sync-password-file %s: not a regular "
		    "file"),
		    path);
		close(fd);
		return NULL;
	}
	if ((st.st_mode & 077) != 0) {
		*cause = xasprintf(_("sync-password-file %1$s: mode %2$04o "
		    "lets others read it; it must be 0600 or stricter (chmod "
		    "600 %1$s)"), path, (unsigned)(st.st_mode & 07777));
		close(fd);
		return NULL;
	}
	do
		n = read(fd, buf, sizeof buf);
	while (n == -1 && errno == EINTR);
	close(fd);
	if (n < 0) {
		*cause = xasprintf(_("sync-password-file %s: %s"), path,
		    strerror(errno));
		return NULL;
	}
	pw = sync_first_line(buf, (size_t)n);
	explicit_bzero(buf, sizeof buf);
	if (pw == NULL)
		*cause = xasprintf(_("sync-password-file %s: the first line "
		    "is empty"), path);
	return pw;
}

/* ---------------------------------------------------------------- life */

static void
sync_articles_clear(struct sync *s)
{
	size_t i;

	for (i = s->store_pos; i < s->narts; i++) {
		free(s->arts[i].server_id);
		free(s->arts[i].feed_id);
		feed_item_free(&s->arts[i].item);
	}
	s->narts = s->store_pos = 0;
}

static void
sync_set_clear(struct sync_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		free(set->ids[i]);
	set->n = 0;
	set->overflow = 0;
	set->active = 0;
	set->next_skip = set->target = 0;
}

static void
sync_batch_clear(struct sync *s)
{
	free(s->seqs);
	free(s->ids);	/* the strings belong to s->changes */
	free(s->rejected);
	s->seqs = NULL;
	s->ids = NULL;
	s->rejected = NULL;
	s->nseqs = s->nrejected = 0;
}

static void
sync_free(struct sync *s)
{
	size_t i;

	if (s->be != NULL && s->bdata != NULL)
		s->be->close(s->bdata);
	if (s->password != NULL) {
		explicit_bzero(s->password, strlen(s->password));
		free(s->password);
	}
	db_sync_account_free(&s->acct);
	for (i = 0; i < SYNC_INFLIGHT; i++)
		buf_free(&s->req[i].reply);
	free(s->error);
	free(s->feed_error);
	free(s->notice);
	sync_batch_clear(s);
	if (s->changes != NULL)
		db_sync_changes_free(s->changes, s->nchanges);
	for (i = 0; i < s->nfmap; i++)
		free(s->fmap[i].server_id);
	free(s->fmap);
	sync_articles_clear(s);
	free(s->arts);
	for (i = 0; i < 2; i++) {
		sync_set_clear(&s->set[i]);
		free(s->set[i].ids);
	}
	free(s->cursor);
	free(s);
}

int
sync_busy(void)
{
	return sync_current != NULL;
}

void *
sync_backend_data(struct sync *s)
{
	return s->bdata;
}

/* Cancel every request on the wire but keep (NULL: all); replies ignored. */
static void
sync_reqs_cancel(struct sync *s, struct sync_req *keep)
{
	int was = s->finishing;
	size_t i;

	s->finishing = 1;
	for (i = 0; i < SYNC_INFLIGHT; i++)
		if (&s->req[i] != keep && s->req[i].job != NULL)
			fetch_cancel(s->req[i].job);
	s->finishing = was;
}

static void
sync_finish(struct sync *s)
{
	sync_reqs_cancel(s, NULL);
	s->finishing = 1;
	if (s->store_timer != 0) {
		loop_cancel_timer(s->store_timer);
		s->store_timer = 0;
	}
	if (s->step == SYNC_STEP_END && s->res.status == SYNC_OK &&
	    s->subs == NULL) {
		char *cause = NULL;

		if (db_sync_account_update(s->db, s->acct.id, (int64_t)time(NULL),
		    NULL, NULL, &cause) != STATUS_OK) {
			s->res.status = SYNC_ERROR;
			s->error = xasprintf(_("cannot record the sync: %s"),
			    cause != NULL ? cause : _("cache error"));
		}
		free(cause);
	}
	s->res.error = s->error;
	s->res.notice = s->notice;
	s->res.ms = loop_now_ms() - s->start_ms;
	s->res.pending = s->acct.id != 0 ? db_sync_pending(s->db, s->acct.id) : 0;
	log_debug("sync: %s in %lld ms, %u requests, %zu sent, %zu new, "
	    "%zu changed, %lld waiting%s%s",
	    s->res.status == SYNC_OK ? "done" : "failed", (long long)s->res.ms,
	    s->res.requests, s->res.pushed, s->res.added, s->res.changed,
	    (long long)s->res.pending, s->error != NULL ? ": " : "",
	    s->error != NULL ? s->error : "");
	sync_current = NULL;
	if (s->done != NULL)
		s->done(&s->res, s->arg);
	sync_free(s);
}

void
sync_step_fail(struct sync *s, enum sync_status st, const char *fmt, ...)
{
	char *cause = NULL;
	va_list ap;

	va_start(ap, fmt);
	free(s->error);
	s->error = xvasprintf(fmt, ap);
	va_end(ap);
	s->res.status = st;
	if (s->step == SYNC_STEP_PUSH && s->nseqs > 0) {
		/* the changes stay queued, with the try counted */
		if (db_sync_changes_failed(s->db, s->seqs, s->nseqs, s->error, 0,
		    &cause) != STATUS_OK)
			log_warn("sync: %s", cause != NULL ? cause : "cache error");
		free(cause);
		cause = NULL;
	}
	if (s->acct.id != 0 && db_sync_account_update(s->db, s->acct.id, 0,
	    s->error, NULL, &cause) != STATUS_OK)
		log_warn("sync: %s", cause != NULL ? cause : "cache error");
	free(cause);
	sync_finish(s);
}

/* A cache write failed: the sync ends (queue kept). */
static void
sync_db_fail(struct sync *s, char *cause)
{
	sync_step_fail(s, SYNC_ERROR, _("cache: %s"),
	    cause != NULL ? cause : _("error"));
	free(cause);
}

/* ---------------------------------------------------------------- HTTP */

static int
sync_http_data(const struct fetch_reply *r, const char *buf, size_t len,
    void *arg)
{
	struct sync_req *q = arg;

	buf_add(&q->reply, buf, len);
	return 0;
}

static void
sync_http_done(const struct fetch_reply *r, void *arg)
{
	struct sync_req *q = arg;
	struct sync *s = q->s;
	char *why;

	q->job = NULL;
	s->inflight--;
	if (s->finishing)
		return;		/* cancelled with the sync or a re-login */
	s->cur = q;
	why = utf8_clean(r->error != NULL ? r->error : _("error"),
	    strlen(r->error != NULL ? r->error : _("error")),
	    UTF8_COLLAPSE_SPACE);
	switch (r->status) {
	case STATUS_OK:
		free(why);
		buf_addc(&q->reply, '\0');
		q->reply.len--;
		if (q->st_cb != NULL)
			q->st_cb(s, r->http_status, q->reply.s, q->reply.len);
		else
			q->cb(s, q->reply.s, q->reply.len);
		return;
	case STATUS_NETWORK:
	case STATUS_TIMEOUT:
		sync_step_fail(s, SYNC_UNREACHABLE, _("cannot reach %s: %s"),
		    s->acct.url, why);
		break;
	case STATUS_CANCELLED:
		sync_step_fail(s, SYNC_ERROR, "%s", _("cancelled"));
		break;
	default:
		if (q->st_cb != NULL && r->http_status >= 400 &&
		    r->http_status <= 499) {
			free(why);
			q->st_cb(s, r->http_status, "", 0);
			return;
		}
		if (r->http_status >= 502 && r->http_status <= 504)
			sync_step_fail(s, SYNC_UNREACHABLE, _("%s: server "
			    "unavailable (HTTP status %d)"), s->acct.url,
			    r->http_status);
		else if (r->http_status >= 300 && r->http_status <= 399)
			sync_step_fail(s, SYNC_ERROR, _("%s: the API answered "
			    "with a redirect (HTTP status %d); check sync-url"),
			    s->acct.url, r->http_status);
		else
			/* TRANSLATORS: the last %s is a sync step's name
			 * (login, push, subscriptions, articles, ...) */
			sync_step_fail(s, SYNC_ERROR, _("%s: %s during %s"),
			    s->acct.url, why, sync_step_names[s->step]);
		break;
	}
	free(why);
}

/* A free request slot, set up for cb (st_cb: sync_request()'s). */
static struct sync_req *
sync_slot(struct sync *s, void (*cb)(struct sync *, const char *, size_t),
    void (*st_cb)(struct sync *, int, const char *, size_t))
{
	struct sync_req *q = NULL;
	size_t i;

	for (i = 0; i < SYNC_INFLIGHT && q == NULL; i++)
		if (s->req[i].job == NULL && &s->req[i] != s->cur)
			q = &s->req[i];
	/* the slot whose reply is being read: free when it is the only one */
	if (q == NULL && s->cur != NULL && s->cur->job == NULL)
		q = s->cur;
	if (q == NULL)
		fatalx("sync_http: more than %d requests at once",
		    SYNC_INFLIGHT);
	q->s = s;
	buf_reset(&q->reply);
	q->cb = cb;
	q->st_cb = st_cb;
	q->skip = s->req_skip;
	q->set = s->req_set;
	return q;
}

/* Start the request of o on slot q. */
static void
sync_send(struct sync *s, struct sync_req *q, struct fetch_job_opts *o)
{
	o->http_only = 1;
	o->data = sync_http_data;
	o->done = sync_http_done;
	o->arg = q;
	s->res.requests++;
	s->inflight++;
	log_debug("sync: %s: request %u", sync_step_names[s->step],
	    s->res.requests);
	q->job = fetch_start(o);
}

void
sync_http(struct sync *s, const char *url, const char *type, const char *body,
    size_t len, void (*cb)(struct sync *, const char *, size_t))
{
	static const char *const headers[] = {
		"Accept: application/json", NULL
	};
	struct fetch_job_opts o;
	struct sync_req *q = sync_slot(s, cb, NULL);

	memset(&o, 0, sizeof o);
	o.url = url;
	o.post = body;
	o.post_len = len;
	o.post_type = type;
	o.headers = headers;
	sync_send(s, q, &o);
}

void
sync_request(struct sync *s, const struct sync_request_opts *r,
    void (*cb)(struct sync *, int, const char *, size_t))
{
	const char *headers[8];
	struct fetch_job_opts o;
	struct sync_req *q = sync_slot(s, NULL, cb);
	size_t n = 0, i;

	headers[n++] = "Accept: application/json";
	for (i = 0; r->headers != NULL && r->headers[i] != NULL && n < 7; i++)
		headers[n++] = r->headers[i];
	headers[n] = NULL;
	memset(&o, 0, sizeof o);
	o.url = r->url;
	o.post = r->body;
	o.post_len = r->len;
	o.post_type = r->type;
	o.headers = headers;
	sync_send(s, q, &o);
}

int
sync_known_ids(struct sync *s, char *const *ids, size_t n,
    unsigned char *known)
{
	char *cause = NULL;

	if (db_sync_known(s->db, s->acct.id, ids, n, known, &cause) !=
	    STATUS_OK) {
		sync_db_fail(s, cause);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- results */

void
sync_add_feed(struct sync *s, const struct sync_feed_info *f)
{
	char *cause = NULL;
	int64_t feed_id = 0;

	if (s->step != SYNC_STEP_FEEDS || f->id == NULL || f->url == NULL)
		return;
	if (db_sync_feed(s->db, s->acct.id, f->id, f->url, f->title,
	    f->category, &feed_id, &cause) != STATUS_OK) {
		log_warn("sync: feed %s: %s", f->id,
		    cause != NULL ? cause : "cache error");
		/* the step fails at its end: not a feed dropped as gone */
		if (s->feed_error == NULL)
			s->feed_error = cause != NULL ? cause :
			    xstrdup(_("error"));
		else
			free(cause);
		return;
	}
	s->fmap = xreallocarray(s->fmap, s->nfmap + 1, sizeof *s->fmap);
	s->fmap[s->nfmap].server_id = xstrdup(f->id);
	s->fmap[s->nfmap].feed_id = feed_id;
	s->nfmap++;
}

void
sync_add_article(struct sync *s, const char *server_id, const char *feed_id,
    struct item *it, int unread, int starred)
{
	struct sync_article *a;

	s->page_n++;
	if (s->step != SYNC_STEP_ITEMS || server_id == NULL || feed_id == NULL)
		return;
	if (s->narts == s->arts_cap) {
		s->arts_cap = s->arts_cap == 0 ? 64 : s->arts_cap * 2;
		s->arts = xreallocarray(s->arts, s->arts_cap, sizeof *s->arts);
	}
	a = &s->arts[s->narts++];
	a->server_id = xstrdup(server_id);
	a->feed_id = xstrdup(feed_id);
	a->item = *it;
	feed_item_init(it);
	a->unread = unread;
	a->starred = starred;
}

void
sync_add_id(struct sync *s, const char *server_id)
{
	struct sync_set *set;

	s->page_n++;
	if (s->step != SYNC_STEP_UNREAD && s->step != SYNC_STEP_STARRED)
		return;
	/*
	 * With counts() both sets' pages are on the wire: the reply's slot
	 * says which; else one set at a time (and a backend that answers
	 * from ids it has, inside state(), has no reply slot of its own).
	 */
	set = &s->set[s->be->counts != NULL && s->cur != NULL ? s->cur->set :
	    s->step == SYNC_STEP_STARRED];
	if (set->n >= SYNC_MAX_IDS) {
		set->overflow = 1;
		return;
	}
	if (set->n == set->cap) {
		set->cap = set->cap == 0 ? 256 : set->cap * 2;
		set->ids = xreallocarray(set->ids, set->cap, sizeof *set->ids);
	}
	set->ids[set->n++] = xstrdup(server_id);
}

void
sync_set_counts(struct sync *s, long long unread, long long starred)
{
	if (s->step != SYNC_STEP_COUNTS)
		return;
	s->count[0] = unread >= 0 ? unread : -1;
	s->count[1] = starred >= 0 ? starred : -1;
}

void
sync_set_cursor(struct sync *s, const char *cursor)
{
	free(s->cursor);
	s->cursor = xstrdup0(cursor);
}

void
sync_subscribed(struct sync *s, enum sync_sub_status st, int categorized,
    const char *message)
{
	struct sync_sub *sub;

	if (s->step != SYNC_STEP_SUBSCRIBE || s->sub >= s->nsubs)
		return;
	sub = &s->subs[s->sub];
	sub->status = st;
	sub->categorized = categorized;
	free(sub->message);
	sub->message = message != NULL ?
	    utf8_clean(message, strlen(message), UTF8_COLLAPSE_SPACE) : NULL;
}

void
sync_reject_id(struct sync *s, const char *server_id)
{
	size_t i;

	for (i = 0; i < s->nchanges; i++)
		if (strcmp(s->changes[i].server_id, server_id) == 0) {
			s->rejected = xreallocarray(s->rejected,
			    s->nrejected + 1, sizeof *s->rejected);
			s->rejected[s->nrejected++] = s->changes[i].seq;
		}
}

/* --------------------------------------------------------------- steps */

/* Send the next op's changes of the batch, or take the next batch. */
static void
sync_push_next(struct sync *s)
{
	char *cause = NULL;
	size_t i;

	for (;;) {
		if (s->changes != NULL && s->op <= DB_SYNC_UNSTAR) {
			sync_batch_clear(s);
			for (i = 0; i < s->nchanges; i++) {
				if ((int)s->changes[i].op != s->op)
					continue;
				s->seqs = xreallocarray(s->seqs, s->nseqs + 1,
				    sizeof *s->seqs);
				s->ids = xreallocarray(s->ids, s->nseqs + 1,
				    sizeof *s->ids);
				s->seqs[s->nseqs] = s->changes[i].seq;
				s->ids[s->nseqs] = s->changes[i].server_id;
				s->nseqs++;
			}
			s->op++;
			if (s->nseqs > 0) {
				s->be->push(s, (enum db_sync_op)(s->op - 1),
				    s->ids, s->nseqs);
				return;
			}
			continue;
		}
		sync_batch_clear(s);
		if (s->changes != NULL)
			db_sync_changes_free(s->changes, s->nchanges);
		s->changes = NULL;
		s->nchanges = 0;
		if (++s->rounds > SYNC_PUSH_ROUNDS)
			break;
		if (db_sync_changes(s->db, s->acct.id, SYNC_PUSH_BATCH,
		    &s->changes, &s->nchanges, &cause) != STATUS_OK) {
			sync_db_fail(s, cause);
			return;
		}
		if (s->nchanges == 0) {
			db_sync_changes_free(s->changes, 0);
			s->changes = NULL;
			break;
		}
		s->op = DB_SYNC_READ;
	}
	s->step = SYNC_STEP_FEEDS;
	sync_run(s);
}

/* The batch on the wire was acknowledged. */
static int
sync_push_done(struct sync *s)
{
	char *cause = NULL;
	int64_t *ok;
	size_t i, k, n = 0;

	ok = xcalloc(s->nseqs + 1, sizeof *ok);
	for (i = 0; i < s->nseqs; i++) {
		for (k = 0; k < s->nrejected; k++)
			if (s->rejected[k] == s->seqs[i])
				break;
		if (k == s->nrejected)
			ok[n++] = s->seqs[i];
	}
	if (s->nrejected > 0) {
		log_warn("sync: %zu change%s rejected by the server for good, "
		    "dropped", s->nrejected, s->nrejected == 1 ? "" : "s");
		if (db_sync_changes_failed(s->db, s->rejected, s->nrejected,
		    "rejected by the server", 1, &cause) != STATUS_OK) {
			free(ok);
			sync_db_fail(s, cause);
			return -1;
		}
		s->res.dropped += s->nrejected;
	}
	if (n > 0 && db_sync_changes_done(s->db, ok, n, &cause) != STATUS_OK) {
		free(ok);
		sync_db_fail(s, cause);
		return -1;
	}
	s->res.pushed += n;
	free(ok);
	sync_batch_clear(s);
	return 0;
}

static int64_t
sync_feed_lookup(struct sync *s, const char *server_id)
{
	size_t i;

	for (i = 0; i < s->nfmap; i++)
		if (strcmp(s->fmap[i].server_id, server_id) == 0)
			return s->fmap[i].feed_id;
	return 0;
}

/*
 * Store arts[store_pos..store_pos + max), one db_sync_store() per feed
 * among them, and free them.
 */
static int
sync_store_slice(struct sync *s, size_t max)
{
	struct parsed_feed pf;
	char **ids, *cause = NULL;
	int *unread, *starred;
	size_t i, k, n, added, lo = s->store_pos, hi;
	int64_t feed_id;
	char *done;

	hi = s->narts - lo > max ? lo + max : s->narts;
	done = xcalloc(hi - lo + 1, 1);
	ids = xcalloc(hi - lo + 1, sizeof *ids);
	unread = xcalloc(hi - lo + 1, sizeof *unread);
	starred = xcalloc(hi - lo + 1, sizeof *starred);
	for (i = lo; i < hi; i++) {
		if (done[i - lo])
			continue;
		feed_id = sync_feed_lookup(s, s->arts[i].feed_id);
		feed_parsed_init(&pf);
		n = 0;
		for (k = i; k < hi; k++) {
			if (done[k - lo] || strcmp(s->arts[k].feed_id,
			    s->arts[i].feed_id) != 0)
				continue;
			done[k - lo] = 1;
			if (feed_id == 0)
				continue;
			ids[n] = s->arts[k].server_id;
			unread[n] = s->arts[k].unread;
			starred[n] = s->arts[k].starred;
			feed_parsed_add_item(&pf, &s->arts[k].item);
			n++;
		}
		if (feed_id == 0) {
			log_debug("sync: articles of unknown feed %s skipped",
			    s->arts[i].feed_id);
			feed_parsed_free(&pf);
			continue;
		}
		added = 0;
		if (db_sync_store(s->db, s->acct.id, feed_id, &pf, ids, unread,
		    starred, &added, &cause) != STATUS_OK) {
			feed_parsed_free(&pf);
			free(done);
			free(ids);
			free(unread);
			free(starred);
			sync_db_fail(s, cause);
			return -1;
		}
		s->res.added += added;
		feed_parsed_free(&pf);
	}
	free(done);
	free(ids);
	free(unread);
	free(starred);
	for (i = lo; i < hi; i++) {
		free(s->arts[i].server_id);
		free(s->arts[i].feed_id);
		feed_item_free(&s->arts[i].item);
	}
	s->store_pos = hi;
	if (s->store_pos == s->narts)
		s->narts = s->store_pos = 0;
	return 0;
}

static void	sync_items_next(struct sync *);

/* One store slice; then again from the next loop pass, or go on. */
static void
sync_store_tick(void *arg)
{
	struct sync *s = arg;
	int64_t t0 = loop_now_ms(), ms;
	size_t n = s->narts - s->store_pos;

	s->store_timer = 0;
	if (n > s->slice)
		n = s->slice;
	if (n > 0) {
		if (sync_store_slice(s, n) != 0)
			return;
		/* the next slice's size for about SYNC_SLICE_MS */
		ms = loop_now_ms() - t0;
		log_debug("sync: stored a slice of %zu articles in %lld ms", n,
		    (long long)ms);
		if (ms > SYNC_SLICE_MS && s->slice > 5)
			s->slice = s->slice * SYNC_SLICE_MS / (size_t)ms + 1;
		else if (ms < SYNC_SLICE_MS / 2 && s->slice < 200 &&
		    n == s->slice)
			s->slice += s->slice / 2 + 1;
	}
	sync_items_next(s);
}

/*
 * Articles step: keep one page on the wire while fewer than two pages
 * wait to be stored, store the waiting ones a slice per pass, and when
 * the last page is in and stored move the cursor and go on.
 */
static void
sync_items_next(struct sync *s)
{
	char *cause = NULL;

	if (!s->items_last && !s->items_wire &&
	    s->narts - s->store_pos < 2 * s->be->page) {
		s->items_wire = 1;
		s->be->items(s, s->acct.cursor, s->skip);
		if (sync_current != s)
			return;
	}
	if (s->narts > s->store_pos) {
		if (s->store_timer == 0)
			s->store_timer = loop_add_timer(0, sync_store_tick, s);
		return;
	}
	if (!s->items_last || s->items_wire)
		return;		/* the reply starts the next slice */
	/* every page is stored: now the cursor may move on */
	if (s->cursor != NULL && (s->acct.cursor == NULL ||
	    strcmp(s->cursor, s->acct.cursor) != 0)) {
		if (db_sync_account_update(s->db, s->acct.id, 0, NULL,
		    s->cursor, &cause) != STATUS_OK) {
			sync_db_fail(s, cause);
			return;
		}
		free(s->acct.cursor);
		s->acct.cursor = xstrdup(s->cursor);
	}
	/*
	 * A sync from no cursor (the first) brought every article with its
	 * read and star state as the server had it during this sync: the
	 * sets could only say the same.
	 */
	if (s->items_all)
		s->step = SYNC_STEP_END;
	else
		s->step = s->be->counts != NULL ? SYNC_STEP_COUNTS :
		    SYNC_STEP_UNREAD;
	sync_run(s);
}

static int
sync_reconcile(struct sync *s, int k)
{
	enum db_sync_field field = k == 0 ? DB_SYNC_FIELD_UNREAD :
	    DB_SYNC_FIELD_STARRED;
	struct sync_set *set = &s->set[k];
	char *cause = NULL;
	size_t changed = 0;

	/* a cut set would clear the flag of every article past the cut */
	if (set->overflow) {
		sync_step_fail(s, SYNC_ERROR, k == 0 ? _("%s: more than %d "
		    "unread articles on the server") : _("%s: more than %d "
		    "starred articles on the server"), s->acct.url,
		    SYNC_MAX_IDS);
		return -1;
	}
	if (db_sync_reconcile(s->db, s->acct.id, field, set->ids, set->n,
	    &changed, &cause) != STATUS_OK) {
		sync_db_fail(s, cause);
		return -1;
	}
	s->res.changed += changed;
	sync_set_clear(set);
	return 0;
}

/*
 * Ask for the state pages of the active sets up to their targets, and
 * reconcile when all are in.  Without counts() one page is on the wire
 * at a time and the target grows a page whenever the last page comes
 * back full; with them each set's target is the server's count, its
 * pages (plain offsets) and both sets go out SYNC_INFLIGHT at once.
 */
static void
sync_state_next(struct sync *s)
{
	int parallel = s->be->counts != NULL, k;
	struct sync_set *set;

	for (k = 0; k < 2; k++) {
		set = &s->set[k];
		while (set->active && set->next_skip < set->target &&
		    s->pages < SYNC_MAX_PAGES && (s->inflight == 0 ||
		    (parallel && s->inflight < SYNC_INFLIGHT))) {
			s->pages++;
			/* the request state() makes takes these */
			s->req_skip = set->next_skip;
			s->req_set = k;
			set->next_skip += s->be->page;
			/*
			 * Counted as on the wire while it runs: a backend
			 * that has the ids already (greader) ends the step
			 * inside state(), and the step's end must not
			 * reconcile or move on under this loop.
			 */
			s->inflight++;
			s->be->state(s, k == 0 ? DB_SYNC_FIELD_UNREAD :
			    DB_SYNC_FIELD_STARRED, s->req_skip);
			if (sync_current != s)
				return;		/* it failed at once */
			s->inflight--;
		}
	}
	if (s->inflight > 0)
		return;
	for (k = 0; k < 2; k++)
		if (s->set[k].active && sync_reconcile(s, k) != 0)
			return;
	s->step = parallel || s->step == SYNC_STEP_STARRED ? SYNC_STEP_END :
	    SYNC_STEP_STARRED;
	sync_run(s);
}

/* Start the set of this step, or with counts() both at once. */
static void
sync_state_start(struct sync *s)
{
	long long c;
	int k;

	s->pages = 0;
	for (k = 0; k < 2; k++) {
		sync_set_clear(&s->set[k]);
		if (s->be->counts == NULL &&
		    k != (s->step == SYNC_STEP_STARRED))
			continue;
		s->set[k].active = 1;
		/*
		 * The server has none: the set is empty, no page to ask
		 * for.  A count above zero says nothing of which articles:
		 * their pages are always asked for.
		 */
		c = s->count[k];
		s->set[k].target = c == 0 ? 0 : c > 0 ? (size_t)c : 1;
	}
	sync_state_next(s);
}

/*
 * The server took this account's login: the cache's other accounts (the
 * sync-url or sync-user was changed) leave it, with their feeds and
 * changes, which must not reach this server; said in res.notice.  Not
 * before the login, so a mistyped URL drops nothing.
 */
static int
sync_drop_others(struct sync *s)
{
	struct db_sync_dropped d;
	char *cause = NULL;

	if (db_sync_drop_others(s->db, s->acct.id, &d, &cause) != STATUS_OK) {
		sync_db_fail(s, cause);
		return -1;
	}
	if (d.accounts > 0) {
		free(s->notice);
		char *feeds, *arts, *chg;

		feeds = xasprintf(ngettext("%zu feed", "%zu feeds", d.feeds),
		    d.feeds);
		arts = xasprintf(ngettext("%zu article", "%zu articles",
		    d.articles), d.articles);
		chg = xasprintf(ngettext("%zu change not sent",
		    "%zu changes not sent", d.changes), d.changes);
		/*
		 * TRANSLATORS: "the account changed: USER at URL dropped with
		 * 3 feeds, 200 articles and 1 change not sent"
		 */
		s->notice = xasprintf(d.accounts > 1 ? _("the account "
		    "changed: %s and others dropped with %s, %s and %s") :
		    _("the account changed: %s dropped with %s, %s and %s"),
		    d.what != NULL ? d.what : _("the old one"), feeds, arts,
		    chg);
		free(feeds);
		free(arts);
		free(chg);
		log_warn("sync: %s", s->notice);
	}
	free(d.what);
	return 0;
}

void
sync_step_relogin(struct sync *s)
{
	if (s->step == SYNC_STEP_LOGIN || s->relogin != 0) {
		sync_step_fail(s, SYNC_REFUSED, _("%s: the server ended the "
		    "session again right after a login"), s->acct.url);
		return;
	}
	log_debug("sync: session gone during %s: logging in again",
	    sync_step_names[s->step]);
	s->relogin = 1;
	s->resume = s->step;
	if (s->step == SYNC_STEP_PUSH)
		s->op--;	/* send this op's changes again */
	/* a state step's other pages: asked for again after the login */
	sync_reqs_cancel(s, s->cur);
	sync_set_clear(&s->set[0]);
	sync_set_clear(&s->set[1]);
	s->page_n = 0;
	s->step = SYNC_STEP_LOGIN;
	sync_run(s);
}

void
sync_step_done(struct sync *s, int more)
{
	char *cause = NULL;
	size_t n = s->page_n;

	s->page_n = 0;
	switch (s->step) {
	case SYNC_STEP_LOGIN:
		if (s->relogin == 1) {
			s->relogin = 2;
			s->step = s->resume;
		} else if (s->subs != NULL)
			s->step = SYNC_STEP_SUBSCRIBE;
		else if (sync_drop_others(s) != 0)
			return;		/* (import-opml's login: the sync says it) */
		else
			s->step = SYNC_STEP_PUSH;
		sync_run(s);
		return;
	case SYNC_STEP_PUSH:
		if (sync_push_done(s) != 0)
			return;
		sync_push_next(s);
		return;
	case SYNC_STEP_FEEDS:
		n = s->nfmap;
		if (s->feed_error != NULL) {
			/* (keeping only the feeds stored would drop it) */
			cause = s->feed_error;
			s->feed_error = NULL;
			sync_db_fail(s, cause);
			return;
		}
		{
			char **keep = xcalloc(n + 1, sizeof *keep);
			size_t i;

			for (i = 0; i < n; i++)
				keep[i] = s->fmap[i].server_id;
			if (db_sync_feeds_keep(s->db, s->acct.id, keep, n,
			    &cause) != STATUS_OK) {
				free(keep);
				sync_db_fail(s, cause);
				return;
			}
			free(keep);
		}
		s->res.feeds = n;
		s->step = SYNC_STEP_ITEMS;
		s->skip = 0;
		s->pages = 0;
		s->items_wire = s->items_last = 0;
		s->items_all = s->acct.cursor == NULL;
		s->slice = 25;
		break;
	case SYNC_STEP_ITEMS:
		s->items_wire = 0;
		s->skip += n;
		if (!more || n == 0 || ++s->pages >= SYNC_MAX_PAGES)
			s->items_last = 1;
		sync_items_next(s);
		return;
	case SYNC_STEP_COUNTS:
		s->step = SYNC_STEP_UNREAD;
		break;
	case SYNC_STEP_UNREAD:
	case SYNC_STEP_STARRED:
		/*
		 * The last page asked for came back full: one more, unless
		 * the pages brought just what the count said (a count of
		 * 200 is one page, not two).
		 */
		if (more && n > 0 && s->cur != NULL) {
			int k = s->cur->set;
			struct sync_set *set = &s->set[k];

			if (s->cur->skip + s->be->page >= set->next_skip &&
			    set->target <= set->next_skip &&
			    (s->count[k] < 0 || set->n > (size_t)s->count[k]))
				set->target = set->next_skip + 1;
		}
		sync_state_next(s);
		return;
	case SYNC_STEP_SUBSCRIBE:
		if (++s->sub >= s->nsubs)
			s->step = SYNC_STEP_END;
		break;
	case SYNC_STEP_END:
		break;
	}
	sync_run(s);
}

static void
sync_run(struct sync *s)
{
	switch (s->step) {
	case SYNC_STEP_LOGIN:
		s->be->login(s, s->password);
		break;
	case SYNC_STEP_PUSH:
		sync_push_next(s);
		break;
	case SYNC_STEP_FEEDS:
		s->nfmap = 0;
		s->be->feeds(s);
		break;
	case SYNC_STEP_ITEMS:
		s->items_wire = 0;	/* none, or the one a re-login lost */
		sync_items_next(s);
		break;
	case SYNC_STEP_COUNTS:
		s->be->counts(s);
		break;
	case SYNC_STEP_UNREAD:
	case SYNC_STEP_STARRED:
		sync_state_start(s);
		break;
	case SYNC_STEP_SUBSCRIBE:
		s->be->subscribe(s, s->subs[s->sub].url, s->subs[s->sub].folder);
		break;
	case SYNC_STEP_END:
		s->res.status = SYNC_OK;
		sync_finish(s);
		break;
	}
}

/* ------------------------------------------------------------- start */

static void
sync_password_done(const struct spawn_result *r, void *arg)
{
	struct sync *s = arg;

	s->spawn = NULL;
	if (r->status == STATUS_OK && r->out != NULL)
		s->password = sync_first_line(r->out, r->out_len);
	if (r->out != NULL)
		explicit_bzero(r->out, r->out_len);
	switch (r->status) {
	case STATUS_OK:
		if (s->password == NULL) {
			sync_step_fail(s, SYNC_ERROR, "%s",
			    _("sync-password-command printed no password"));
			return;
		}
		break;
	case STATUS_CANCELLED:
		sync_step_fail(s, SYNC_ERROR, "%s", _("cancelled"));
		return;
	case STATUS_TIMEOUT:
		sync_step_fail(s, SYNC_ERROR, _("sync-password-command did "
		    "not finish in %d s"), SYNC_PASSWORD_MS / 1000);
		return;
	case STATUS_TOO_BIG:
		sync_step_fail(s, SYNC_ERROR, _("sync-password-command "
		    "printed more than %d bytes"), SYNC_PASSWORD_MAX);
		return;
	default:
		sync_step_fail(s, SYNC_ERROR, _("sync-password-command "
		    "failed (exit status %d)"), r->exit_code);
		return;
	}
	sync_run(s);
}

static struct sync *
sync_begin(struct db *db, struct sync_sub *subs, size_t nsubs,
    sync_done_cb done, void *arg, char **cause)
{
	struct spawn_opts so;
	struct sync *s;
	char *const *argv;
	size_t i;

	*cause = NULL;
	if (sync_current != NULL) {
		*cause = xstrdup(_("a sync is already running"));
		return NULL;
	}
	if ((*cause = sync_config_error()) != NULL)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->db = db;
	s->done = done;
	s->arg = arg;
	s->start_ms = loop_now_ms();
	s->be = sync_backend_find(options_str(OPT_SYNC_BACKEND));
	for (i = 0; i < SYNC_INFLIGHT; i++)
		buf_init(&s->req[i].reply);
	s->count[0] = s->count[1] = -1;
	if (db_sync_account(db, s->be->name, options_str(OPT_SYNC_URL),
	    options_str(OPT_SYNC_USER), &s->acct, cause) != STATUS_OK) {
		sync_free(s);
		return NULL;
	}
	s->bdata = s->be->open(s->acct.url, s->acct.user);
	s->step = SYNC_STEP_LOGIN;
	s->subs = subs;
	s->nsubs = nsubs;
	argv = options_argv(OPT_SYNC_PASSWORD_COMMAND);
	if (argv == NULL) {
		s->password = sync_password_file(
		    options_str(OPT_SYNC_PASSWORD_FILE), cause);
		if (s->password == NULL) {
			sync_free(s);
			return NULL;
		}
		sync_current = s;
		sync_run(s);
		return s;
	}
	memset(&so, 0, sizeof so);
	so.argv = argv;
	so.max_output = SYNC_PASSWORD_MAX;
	so.timeout_ms = SYNC_PASSWORD_MS;
	so.done = sync_password_done;
	so.arg = s;
	if ((s->spawn = spawn_start(&so, cause)) == NULL) {
		char *c = *cause;

		*cause = xasprintf(_("sync-password-command: %s"),
		    c != NULL ? c : _("cannot run"));
		free(c);
		sync_free(s);
		return NULL;
	}
	sync_current = s;
	return s;
}

struct sync *
sync_start(struct db *db, sync_done_cb done, void *arg, char **cause)
{
	return sync_begin(db, NULL, 0, done, arg, cause);
}

struct sync *
sync_subscribe(struct db *db, struct sync_sub *subs, size_t n,
    sync_done_cb done, void *arg, char **cause)
{
	if (n == 0) {
		*cause = xstrdup(_("no feeds to subscribe to"));
		return NULL;
	}
	return sync_begin(db, subs, n, done, arg, cause);
}

void
sync_cancel(struct sync *s)
{
	if (s->inflight > 0) {
		struct sync_req *q = NULL;
		size_t i;

		/* the others go quietly; the last one's cancel ends it */
		for (i = 0; i < SYNC_INFLIGHT; i++)
			if (s->req[i].job != NULL)
				q = &s->req[i];
		sync_reqs_cancel(s, q);
		fetch_cancel(q->job);
	} else if (s->spawn != NULL)
		spawn_cancel(s->spawn);
	else
		sync_step_fail(s, SYNC_ERROR, "%s", _("cancelled"));
}
