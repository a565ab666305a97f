/*
 * Full-text jobs (see tidende/fulltext.h): a page fetched into a capped
 * buffer, the article extracted when the last byte is in, and the result
 * stored, all from the loop.  Jobs of a refresh wait in their own queue;
 * the limits are counted here, on top of fetch's own.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tidende/buf.h"
#include "tidende/db-fulltext.h"
#include "tidende/db-queue.h"
#include "tidende/extract.h"
#include "tidende/fetch.h"
#include "tidende/fulltext.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/xmalloc.h"

struct fulltext_job {
	struct fulltext_job *prev, *next;
	struct db	*db;
	int64_t		 item_id;
	char		*link;
	char		*host;
	int		 background;
	int		 running;
	struct fetch_job *fetch;
	struct extract_parser *parser;	/* parses the page as it comes */
	char		*not_html;	/* the Content-Type that was no page */
	/*
	 * Bytes are parsed from a loop timer, a slice a pass, not in curl's
	 * write callback: work there makes fetch pause the transfer, and
	 * a paused gzip transfer lost its end (curl 7.88).
	 */
	struct buf	 pending;
	size_t		 pending_off;
	unsigned	 parse_timer;
	int		 ended;		/* the transfer is over, reply kept: */
	char		*url;		/* after redirects */
	char		*etag;
	char		*last_modified;
	fulltext_done_cb done;
	void		*arg;
	int		 finished;
};

static struct {
	struct fulltext_job *head, *tail;
	unsigned	 n;
	unsigned	 running;
	int		 pumping;
} ft;

#define FULLTEXT_SLICE	(128u << 10)	/* bytes parsed a loop pass */

static void	fulltext_pump(void);
static int	fulltext_is_html(const char *);
static void	fulltext_complete(struct fulltext_job *);

char *
fulltext_host(const char *url)
{
	const char *p, *end;

	if (url == NULL)
		return xstrdup("?");
	if ((p = strstr(url, "://")) != NULL)
		p += 3;
	else
		p = url;
	end = p + strcspn(p, "/?#");
	if (memchr(p, '@', (size_t)(end - p)) != NULL)
		p = (const char *)memchr(p, '@', (size_t)(end - p)) + 1;
	return xstrndup(p, (size_t)(end - p));
}

static void
fulltext_unlink(struct fulltext_job *j)
{
	if (j->prev != NULL)
		j->prev->next = j->next;
	else
		ft.head = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;
	else
		ft.tail = j->prev;
	j->prev = j->next = NULL;
	ft.n--;
	if (j->running)
		ft.running--;
}

static void
fulltext_finish(struct fulltext_job *j, enum status s, const char *error,
    const char *method)
{
	struct fulltext_result res;

	fulltext_unlink(j);
	memset(&res, 0, sizeof res);
	res.status = s;
	res.item_id = j->item_id;
	res.error = error;
	res.host = j->host;
	res.method = method;
	log_debug("fulltext: %lld %s: %s%s%s", (long long)j->item_id, j->link,
	    status_message(s), error != NULL ? ": " : "",
	    error != NULL ? error : "");
	if (j->done != NULL)
		j->done(&res, j->arg);
	if (j->parse_timer != 0)
		loop_cancel_timer(j->parse_timer);
	extract_parser_free(j->parser);
	buf_free(&j->pending);
	free(j->not_html);
	free(j->url);
	free(j->etag);
	free(j->last_modified);
	free(j->link);
	free(j->host);
	free(j);
	fulltext_pump();
}

/* A slice of the bytes in hand to the parser; at the end, the rest. */
static void
fulltext_parse_slice(void *arg)
{
	struct fulltext_job *j = arg;
	size_t n;

	j->parse_timer = 0;
	n = j->pending.len - j->pending_off;
	if (n > FULLTEXT_SLICE)
		n = FULLTEXT_SLICE;
	if (n > 0 && j->parser != NULL)
		extract_parser_feed(j->parser, j->pending.s + j->pending_off, n);
	j->pending_off += n;
	if (j->pending_off == j->pending.len) {
		buf_reset(&j->pending);
		j->pending_off = 0;
	} else {
		j->parse_timer = loop_add_timer(0, fulltext_parse_slice, j);
		return;
	}
	if (j->ended)
		fulltext_complete(j);
}

static int
fulltext_data(const struct fetch_reply *r, const char *data, size_t len,
    void *arg)
{
	struct fulltext_job *j = arg;

	if (j->parser == NULL) {
		if (!fulltext_is_html(r->content_type)) {
			/* a PDF, an image: stop it here */
			j->not_html = xstrdup(r->content_type);
			return 1;
		}
		j->parser = extract_parser_new(r->url, r->charset);
	}
	if (j->pending.len + len > EXTRACT_MAX_PAGE)
		return 1;	/* fetch's own cap stops it first */
	buf_add(&j->pending, data, len);
	if (j->parse_timer == 0)
		j->parse_timer = loop_add_timer(0, fulltext_parse_slice, j);
	return 0;
}

/* A page, or nothing we can read as one. */
static int
fulltext_is_html(const char *ct)
{
	size_t len;

	if (ct == NULL || *ct == '\0')
		return 1;
	len = strcspn(ct, "; \t");
	return (len == 9 && strncasecmp(ct, "text/html", 9) == 0) ||
	    (len == 21 && strncasecmp(ct, "application/xhtml+xml", 21) == 0);
}

static void
fulltext_fetched(const struct fetch_reply *r, void *arg)
{
	struct fulltext_job *j = arg;
	struct db_fulltext old;
	char *error = NULL;
	int had;

	j->fetch = NULL;
	if (j->not_html != NULL) {
		error = xasprintf(_("not a web page (%s)"), j->not_html);
		fulltext_finish(j, STATUS_NOT_FOUND, error, NULL);
		free(error);
		return;
	}
	if (r->status == STATUS_CANCELLED) {
		fulltext_finish(j, STATUS_CANCELLED, _("cancelled"), NULL);
		return;
	}
	had = db_fulltext_get(j->db, j->item_id, &old, NULL) == STATUS_OK;
	if (r->status == STATUS_UNCHANGED) {
		if (had && old.html != NULL)
			fulltext_finish(j, STATUS_UNCHANGED, NULL, NULL);
		else
			fulltext_finish(j, STATUS_NOT_FOUND, had &&
			    old.error != NULL ? old.error :
			    _("no article found in the page"), NULL);
		db_fulltext_free(&old);
		return;
	}
	db_fulltext_free(&old);
	if (r->status != STATUS_OK) {
		fulltext_finish(j, r->status, r->error != NULL ? r->error :
		    status_message(r->status), NULL);
		return;
	}
	/* the reply dies with this call: keep what the end needs */
	j->ended = 1;
	j->url = xstrdup(r->effective_url != NULL ? r->effective_url :
	    j->link);
	j->etag = xstrdup0(r->etag);
	j->last_modified = xstrdup0(r->last_modified);
	if (j->parser == NULL)		/* an empty body */
		j->parser = extract_parser_new(j->url, r->charset);
	if (j->parse_timer == 0)
		fulltext_complete(j);
	/* else the last slice completes it */
}

/* All of the page is parsed: find the article, store it, report. */
static void
fulltext_complete(struct fulltext_job *j)
{
	struct extract_result ex;
	struct db_fulltext row, old;
	enum status s;
	char *cause = NULL, *error = NULL;
	int had;

	had = db_fulltext_get(j->db, j->item_id, &old, NULL) == STATUS_OK;
	extract_parser_set_url(j->parser, j->url);
	s = extract_parser_finish(j->parser, &ex, &cause);
	j->parser = NULL;		/* finish() freed it */
	memset(&row, 0, sizeof row);
	row.url = j->url;
	row.etag = j->etag;
	row.last_modified = j->last_modified;
	row.fetched = (int64_t)time(NULL);
	if (s == STATUS_OK)
		row.html = ex.html;
	else
		row.error = cause;
	/*
	 * A page that lost its article keeps the text found before.  In
	 * the interface the write never waits for a busy cache: stored, or
	 * queued and read back from the queue meanwhile (db-queue.h); a
	 * refresh's job that nobody waits for leaves a failure to the
	 * queue's errors, which the status line shows.
	 */
	if (s == STATUS_OK || !had || old.html == NULL) {
		if (db_queue_fulltext(j->db, j->item_id, &row, NULL,
		    j->done != NULL ? &error : NULL) != STATUS_OK) {
			fulltext_finish(j, STATUS_DB, error, NULL);
			goto out;
		}
	}
	if (s == STATUS_OK)
		fulltext_finish(j, STATUS_OK, NULL, ex.method);
	else
		fulltext_finish(j, STATUS_NOT_FOUND, cause, NULL);
out:
	if (s == STATUS_OK)
		extract_result_free(&ex);
	db_fulltext_free(&old);
	free(cause);
	free(error);
}

static unsigned
fulltext_host_running(const char *host)
{
	struct fulltext_job *j;
	unsigned n = 0;

	for (j = ft.head; j != NULL; j = j->next)
		if (j->running && strcasecmp(j->host, host) == 0)
			n++;
	return n;
}

static void
fulltext_run(struct fulltext_job *j)
{
	struct fetch_job_opts o;
	struct db_fulltext old;
	size_t max;

	j->running = 1;
	ft.running++;
	memset(&o, 0, sizeof o);
	memset(&old, 0, sizeof old);
	/* a conditional GET only when there is something to keep */
	if (db_fulltext_get(j->db, j->item_id, &old, NULL) == STATUS_OK &&
	    old.html != NULL) {
		o.etag = old.etag;
		o.last_modified = old.last_modified;
	}
	max = (size_t)options_int(OPT_MAX_SIZE) << 20;
	o.url = j->link;
	o.max_size = max > 0 && max < EXTRACT_MAX_PAGE ? max :
	    EXTRACT_MAX_PAGE;
	o.http_only = 1;
	o.accept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
	o.timeout = FULLTEXT_TIMEOUT;
	o.never_pause = 1;	/* fulltext_data() only buffers */
	o.data = fulltext_data;
	o.done = fulltext_fetched;
	o.arg = j;
	j->fetch = fetch_start(&o);
	db_fulltext_free(&old);
}

/* Start waiting background jobs as the limits allow, oldest first. */
static void
fulltext_pump(void)
{
	struct fulltext_job *j, *next;

	if (ft.pumping)
		return;
	ft.pumping = 1;
	for (j = ft.head; j != NULL && ft.running < FULLTEXT_MAX_ALL;
	    j = next) {
		next = j->next;
		if (j->running || fulltext_host_running(j->host) >=
		    FULLTEXT_MAX_HOST)
			continue;
		fulltext_run(j);
	}
	ft.pumping = 0;
}

struct fulltext_job *
fulltext_start(struct db *db, int64_t item_id, const char *link,
    int background, fulltext_done_cb done, void *arg, char **cause)
{
	struct fulltext_job *j;

	if (link == NULL || (strncasecmp(link, "http://", 7) != 0 &&
	    strncasecmp(link, "https://", 8) != 0) || strlen(link) > 4096 ||
	    strpbrk(link, " \t\r\n") != NULL) {
		*cause = xstrdup(link == NULL ? _("the article has no link") :
		    _("the article's link is no web address"));
		return NULL;
	}
	j = xcalloc(1, sizeof *j);
	j->db = db;
	j->item_id = item_id;
	j->link = xstrdup(link);
	j->host = fulltext_host(link);
	j->background = background;
	j->done = done;
	j->arg = arg;
	j->prev = ft.tail;
	if (ft.tail != NULL)
		ft.tail->next = j;
	else
		ft.head = j;
	ft.tail = j;
	ft.n++;
	if (!background)
		fulltext_run(j);
	else
		fulltext_pump();
	return j;
}

void
fulltext_cancel(struct fulltext_job *j)
{
	if (j->fetch == NULL && j->ended)
		fulltext_finish(j, STATUS_CANCELLED, _("cancelled"), NULL);
	else if (j->fetch != NULL)
		fetch_cancel(j->fetch);	/* finishes through fulltext_fetched */
	else
		fulltext_finish(j, STATUS_CANCELLED, _("cancelled"), NULL);
}

void
fulltext_cancel_all(void)
{
	while (ft.head != NULL)
		fulltext_cancel(ft.head);
}

unsigned
fulltext_pending(void)
{
	return ft.n;
}
