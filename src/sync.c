/*
 * The sync engine: one sync as steps on the event loop (see sync.h).  It
 * owns the order of the steps, the queue of local changes (through
 * db-sync.h), the conflict rule's inputs and the result; the backend
 * (sync-private.h) owns every request and reply body.  This file: the
 * configuration, a sync's life (start, finish, fail, cancel) and its
 * requests on the wire; the steps themselves are in sync-steps.c.
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

#include "sync-engine-private.h"
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

#define SYNC_PASSWORD_MS	30000	/* sync-password-command's time */
#define SYNC_PASSWORD_MAX	4096	/* bytes of a password source read */

struct sync *sync_current;

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

void
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

void
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
void
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

void
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
void
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

/* Start the request r on slot q: its headers after Accept (at most 6). */
static void
sync_send(struct sync *s, struct sync_req *q, const struct sync_request_opts *r)
{
	const char *headers[8];
	struct fetch_job_opts o;
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
	o.http_only = 1;
	o.data = sync_http_data;
	o.done = sync_http_done;
	o.arg = q;
	s->res.requests++;
	s->inflight++;
	log_debug("sync: %s: request %u", sync_step_names[s->step],
	    s->res.requests);
	q->job = fetch_start(&o);
}

void
sync_http(struct sync *s, const char *url, const char *type, const char *body,
    size_t len, void (*cb)(struct sync *, const char *, size_t))
{
	struct sync_request_opts r = {
		.url = url, .type = type, .body = body, .len = len
	};

	sync_send(s, sync_slot(s, cb, NULL), &r);
}

void
sync_request(struct sync *s, const struct sync_request_opts *r,
    void (*cb)(struct sync *, int, const char *, size_t))
{
	sync_send(s, sync_slot(s, NULL, cb), r);
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
