/*
 * Refresh runs: pick the configured feeds to fetch, stream each reply into
 * the push parser, hand each parsed feed to the store queue
 * (refresh-store.c), record errors and when each feed is next due, and
 * notify after a run that brought news.  Feeds start while the start gate
 * allows (refresh-mem.c).  exec: feeds run a command (argv words, never a
 * shell) instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>	/* malloc_trim() */
#endif
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "tidende/buf.h"
#include "tidende/db-feed.h"
#include "tidende/db-store.h"
#include "tidende/db.h"
#include "tidende/db-fulltext.h"
#include "tidende/fetch.h"
#include "tidende/fulltext.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/parse.h"
#include "tidende/pwork.h"
#include "tidende/refresh.h"
#include "tidende/sched.h"
#include "tidende/spawn.h"
#include "tidende/utf8.h"
#include "tidende/words.h"
#include "tidende/xmalloc.h"

#include "refresh-private.h"

#define REFRESH_NOTIFY_TIMEOUT	10000	/* ms a notify-command may take */

/*
 * The store is idle (refresh_idle()) once nothing came from the network
 * and nothing was stored for this long: bytes arriving back to back (a
 * fast server) mean feeds are about to be parsed and stored.
 */
#define REFRESH_IDLE_MS		25

/* How often a run held back by others' bytes looks again. */
#define REFRESH_GATE_WAIT_MS	20

/* How often a finished refresh looks whether its articles are indexed. */
#define REFRESH_INDEX_WAIT_MS	20

/* Web pages fetched for one feed's new articles in one run, at most. */
#define REFRESH_FULLTEXT_MAX	100

static unsigned refresh_count;
struct refresh *refresh_live;	/* runs not yet freed */

static void	refresh_pump(struct refresh *);

/* --------------------------------------------------------------- helpers */

static int64_t
refresh_now(void)
{
	return (int64_t)time(NULL);
}

static int
refresh_has_tag(const struct feed_conf *fc, const char *tag)
{
	size_t i;

	for (i = 0; i < fc->ntags; i++)
		if (strcmp(fc->tags[i], tag) == 0)
			return 1;
	return 0;
}

static const char *
refresh_title(const struct refresh_feed *rf, const struct parsed_feed *pf)
{
	if (rf->fc->title != NULL)
		return rf->fc->title;
	if (pf != NULL && pf->title != NULL && *pf->title != '\0')
		return pf->title;
	if (rf->have_dbf && rf->dbf.title != NULL && *rf->dbf.title != '\0')
		return rf->dbf.title;
	return NULL;
}

static long
refresh_interval(const struct refresh_feed *rf)
{
	if (rf->fc->refresh_minutes > 0)
		return rf->fc->refresh_minutes;
	return options_int(OPT_REFRESH_INTERVAL);
}

/* ------------------------------------------------------------ recording */

/*
 * full-text=yes: queue the web pages of the feed's new articles.  They
 * run under fulltext.h's own small limits, after the feed is stored and
 * apart from the run, which does not wait for them.
 */
static void
refresh_fulltext(struct refresh_feed *rf)
{
	struct refresh *r = rf->r;
	int64_t *ids;
	char **links, *cause = NULL;
	size_t i, n;

	if (db_fulltext_missing(r->db, rf->id, r->started,
	    REFRESH_FULLTEXT_MAX, &ids, &links, &n, &cause) != STATUS_OK) {
		log_warn("refresh: %s: full text: %s", rf->fc->url, cause);
		free(cause);
		return;
	}
	for (i = 0; i < n; i++) {
		if (fulltext_start(r->db, ids[i], links[i], 1, NULL, NULL,
		    &cause) == NULL) {
			log_debug("refresh: %s: full text of %lld: %s",
			    rf->fc->url, (long long)ids[i], cause);
			free(cause);
			cause = NULL;
		}
	}
	db_fulltext_missing_free(ids, links, n);
}

/* A failed write to the cache that is not a feed's articles. */
void
refresh_cache_error(struct refresh *r, const char *cause)
{
	log_warn("refresh: %s", cause);
	r->progress.cache_errors++;
	if (r->progress.cache_error[0] == '\0')
		snprintf(r->progress.cache_error,
		    sizeof r->progress.cache_error, "%s", cause);
}

/* Record the attempt on the feed row (in the store batch). */
enum status
refresh_feed_record(struct refresh_feed *rf, const struct refresh_report *rep,
    const struct fetch_reply *reply, const struct parsed_feed *pf,
    char **cause)
{
	struct refresh *r = rf->r;
	struct db_fetch_result res;
	struct sched_input si;
	int ok;

	ok = rep->status == STATUS_OK || rep->status == STATUS_UNCHANGED;
	memset(&si, 0, sizeof si);
	si.now = refresh_now();
	si.ok = ok;
	si.fail_count = ok ? 0 : (rf->have_dbf ? rf->dbf.fail_count : 0) + 1;
	si.retry_after = reply != NULL ? reply->retry_after : -1;
	si.ttl_minutes = pf != NULL ? pf->ttl_minutes : 0;
	si.interval_minutes = refresh_interval(rf);

	memset(&res, 0, sizeof res);
	res.fetched_at = si.now;
	res.http_status = rep->http_status;
	res.error = rep->error;
	res.next_due = sched_next_due(&si);
	res.new_url = rep->redirected_to;
	/* how long it took, for the start order (refresh_order()) */
	res.fetch_ms = reply != NULL && reply->elapsed_ms > 0 ?
	    reply->elapsed_ms : rf->took_ms;
	if (ok && reply != NULL) {
		res.etag = reply->etag;
		res.last_modified = reply->last_modified;
	}
	/*
	 * A feed skipped for its Retry-After keeps its row as it was, and
	 * so does one the user cancelled: that is no failure to back off.
	 */
	if (r->db != NULL && rf->id > 0 && !rf->skipped &&
	    rep->status != STATUS_CANCELLED)
		return db_feed_record_fetch(r->db, rf->id, &res, cause);
	return STATUS_OK;
}

/* Tell the caller about one feed, and finish the run after the last one. */
void
refresh_feed_report(struct refresh_feed *rf, const struct refresh_report *rep)
{
	struct refresh *r = rf->r;
	int ok;

	ok = rep->status == STATUS_OK || rep->status == STATUS_UNCHANGED;
	r->progress.done++;
	if (rf->exec)
		r->progress.bytes += rep->bytes;	/* http: as they came */
	if (!ok)
		r->progress.errors++;
	r->progress.new_items += rep->stats.added;
	if (ok && rep->stats.added > 0 && rf->fc->full_text && r->db != NULL)
		refresh_fulltext(rf);
	if (rep->stats.added > 0 && rep->title != NULL) {
		if (r->new_feeds++ > 0)
			buf_addc(&r->new_titles, '\n');
		if (r->new_titles.len < 4096)
			buf_adds(&r->new_titles, rep->title);
	} else if (rep->stats.added > 0)
		r->new_feeds++;
	rf->running = 0;
	refresh_landed(rf);
	refresh_release(rf);
	r->pending--;
	/* the callback may cancel the run: it must not finish under us */
	r->holding++;
	if (r->feed_cb != NULL)
		r->feed_cb(rep, r->arg);
	refresh_pump(r);
	r->holding--;
	if (r->pending == 0 && r->holding == 0)
		refresh_finish(r);
}

/*
 * The end of one feed that stored nothing (or failed): record the attempt
 * on the feed row, commit when the store is idle (while it is busy, the
 * next store pass commits once the batch is REFRESH_BATCH_MS old), tell
 * the caller.
 */
void
refresh_feed_end(struct refresh_feed *rf, struct refresh_report *rep,
    const struct fetch_reply *reply, const struct parsed_feed *pf)
{
	struct refresh *r = rf->r;
	char *cause = NULL, *msg;

	if (refresh_feed_record(rf, rep, reply, pf, &cause) != STATUS_OK) {
		msg = xasprintf(_("%s: cannot record the fetch: %s"), rf->fc->url,
		    cause);
		refresh_cache_error(r, msg);
		free(msg);
		free(cause);
	}
	if (r->db != NULL && r->stores == NULL)
		refresh_commit(r);
	refresh_feed_report(rf, rep);
}

/* A feed that could not even start (or was skipped by Retry-After). */
static void
refresh_feed_fail(struct refresh_feed *rf, enum status s, const char *error)
{
	struct refresh_report rep;

	memset(&rep, 0, sizeof rep);
	rep.feed_id = rf->id;
	rep.url = rf->fc->url;
	rep.title = refresh_title(rf, NULL);
	rep.status = s;
	rep.error = error;
	refresh_feed_end(rf, &rep, NULL, NULL);
}

/*
 * Parsed: queue it for the store (rs and pf are taken over), then report
 * when it is stored.  Each feed is one transaction unless it is too big
 * for one loop pass: then it goes in slices, and its fetch is recorded
 * after the last one, so a store cut short is redone whole next time.
 */
static void
refresh_store_queue(struct refresh_feed *rf, struct refresh_store *rs,
    struct parsed_feed *pf)
{
	struct refresh *r = rf->r;

	rs->pf = *pf;
	feed_parsed_init(pf);
	rs->rep.title = refresh_title(rf, &rs->pf);
	if (r->db == NULL) {
		refresh_feed_end(rf, &rs->rep, rs->have_reply ? &rs->reply :
		    NULL, &rs->pf);
		refresh_store_free(rs);
		return;
	}
	refresh_store_push(r, rs);
	refresh_landed(rf);
	r->holding++;
	refresh_pump(r);
	r->holding--;
}

/* ------------------------------------------------------------- parsing */

static void
refresh_data_stop(struct refresh_feed *rf)
{
	const char *why = pwork_error(rf->parse);

	free(rf->parse_error);
	rf->parse_error = xstrdup(why != NULL ? why : _("not a feed"));
}

static void	refresh_parsed(struct pwork *, void *);

/* Bytes the parse worker has yet to parse (fetch_set_backlog()). */
static size_t
refresh_parse_backlog(void *arg)
{
	struct refresh_feed *rf = arg;

	return rf->parse != NULL ? pwork_pending(rf->parse) : 0;
}

/* Bytes as they arrive: to the parse worker (a copy), nothing more. */
static int
refresh_data(const struct fetch_reply *reply, const char *buf, size_t len,
    void *arg)
{
	struct refresh_feed *rf = arg;

	if (rf->parse == NULL) {
		rf->parse = pwork_new(reply->effective_url != NULL ?
		    reply->effective_url : rf->fc->url, reply->charset,
		    refresh_parsed, rf);
		/* a file is read no faster than it is parsed */
		if (rf->job != NULL)
			fetch_set_backlog(rf->job, refresh_parse_backlog, rf);
	}
	rf->r->progress.bytes += len;
	rf->r->busy_us = loop_now_us();
	rf->mem += len;
	rf->r->mem_bytes += len;
	refresh_peaks(rf->r);
	if (pwork_push(rf->parse, buf, len) != 0) {
		refresh_data_stop(rf);
		return 1;
	}
	return 0;
}

/* The worker parsed the last byte of a fetched feed. */
static void
refresh_parsed(struct pwork *pw, void *arg)
{
	struct refresh_feed *rf = arg;
	struct refresh_store *rs = rf->parsing;
	struct parsed_feed pf;
	char *cause = NULL, *warning = NULL, *msg;
	enum status s;

	rf->parsing = NULL;
	s = pwork_result(pw, &pf, &warning, &cause);
	pwork_free(pw);
	rf->parse = NULL;
	if (warning != NULL) {
		log_debug("refresh: %s: %s", rf->fc->url, warning);
		free(warning);
	}
	if (s != STATUS_OK) {
		msg = xasprintf(_("not a feed: %s"), cause != NULL ? cause :
		    status_message(s));
		free(cause);
		rs->rep.status = STATUS_NOT_FEED;
		rs->rep.error = msg;
		refresh_feed_end(rf, &rs->rep, rs->have_reply ? &rs->reply :
		    NULL, NULL);
		free(msg);
		refresh_store_free(rs);
		feed_parsed_free(&pf);
		return;
	}
	refresh_store_queue(rf, rs, &pf);
}

static void
refresh_fetched(const struct fetch_reply *reply, void *arg)
{
	struct refresh_feed *rf = arg;
	struct refresh_report rep;
	char *cause = NULL;

	rf->job = NULL;
	memset(&rep, 0, sizeof rep);
	rep.feed_id = rf->id;
	rep.url = rf->fc->url;
	rep.title = refresh_title(rf, NULL);
	rep.status = reply->status;
	rep.error = reply->error;
	rep.http_status = reply->http_status;
	rep.bytes = reply->bytes;
	rep.redirected_to = reply->moved_to;

	if (reply->status == STATUS_CANCELLED && rf->parse_error != NULL) {
		rep.status = STATUS_NOT_FEED;
		rep.error = cause = xasprintf(_("not a feed: %s"),
		    rf->parse_error);
	}
	if (rep.status != STATUS_OK) {
		pwork_free(rf->parse);
		rf->parse = NULL;
		refresh_feed_end(rf, &rep, reply, NULL);
		free(cause);
		return;
	}
	if (rf->parse == NULL)	/* no byte came */
		rf->parse = pwork_new(rf->fc->url, NULL, refresh_parsed, rf);
	rf->fetched = 1;
	rf->r->done_bytes += rf->mem;
	refresh_queued(rf->r);
	/* on with the feed once the worker has parsed its last byte */
	rf->parsing = refresh_store_new(rf, &rep, reply);
	pwork_finish(rf->parse);
}

/* -------------------------------------------------------------- exec: */

static void
refresh_exec_done(const struct spawn_result *sr, void *arg)
{
	struct refresh_feed *rf = arg;
	struct refresh_report rep;
	char *msg = NULL, *err;

	rf->child = NULL;
	rf->took_ms = (loop_now_us() - rf->start_us) / 1000;
	if (rf->took_ms < 1)
		rf->took_ms = 1;
	memset(&rep, 0, sizeof rep);
	rep.feed_id = rf->id;
	rep.url = rf->fc->url;
	rep.title = refresh_title(rf, NULL);
	rep.bytes = sr->out_len;
	if (sr->status != STATUS_OK) {
		err = utf8_clean(sr->err != NULL ? sr->err : "",
		    strcspn(sr->err != NULL ? sr->err : "", "\n"), 0);
		if (sr->status == STATUS_ERROR && *err != '\0')
			msg = xasprintf(_("command failed (exit %d): %s"),
			    sr->exit_code, err);
		else if (sr->status == STATUS_ERROR)
			msg = xasprintf(_("command failed (exit %d)"),
			    sr->exit_code);
		else
			msg = xasprintf(_("command: %s"),
			    status_message(sr->status));
		free(err);
		rep.status = sr->status;
		rep.error = msg;
		refresh_feed_end(rf, &rep, NULL, NULL);
		free(msg);
		return;
	}
	/* parsed on the worker like a fetched feed: the loop goes on */
	rep.status = STATUS_OK;
	rf->parse = pwork_new(NULL, NULL, refresh_parsed, rf);
	if (sr->out_len > 0)
		(void)pwork_push(rf->parse, sr->out, sr->out_len);
	rf->parsing = refresh_store_new(rf, &rep, NULL);
	pwork_finish(rf->parse);
}

static void
refresh_start_exec(struct refresh_feed *rf)
{
	struct spawn_opts so;
	char **argv, *cause = NULL, *msg;

	if ((argv = config_exec_argv(rf->fc)) == NULL) {
		refresh_feed_fail(rf, STATUS_BAD_CONFIG,
		    _("exec: needs a command"));
		return;
	}
	memset(&so, 0, sizeof so);
	so.argv = argv;
	so.max_output = (size_t)options_int(OPT_MAX_SIZE) << 20;
	so.timeout_ms = (int)options_int(OPT_DOWNLOAD_TIMEOUT) * 1000;
	so.done = refresh_exec_done;
	so.arg = rf;
	rf->child = spawn_start(&so, &cause);
	words_free(argv);
	if (rf->child == NULL) {
		msg = xasprintf(_("command: %s"), cause != NULL ? cause :
		    _("cannot start"));
		refresh_feed_fail(rf, STATUS_ERROR, msg);
		free(msg);
		free(cause);
	}
}

/* --------------------------------------------------------------- start */

static void
refresh_start_feed(struct refresh_feed *rf)
{
	struct fetch_job_opts o;
	struct refresh *r;
	enum status s;
	char *msg;

	rf->running = 1;
	rf->start_us = loop_now_us();
	if (rf->db_error != NULL) {
		r = rf->r;
		r->progress.store_errors++;
		if (r->progress.cache_error[0] == '\0')
			snprintf(r->progress.cache_error,
			    sizeof r->progress.cache_error, "%s", rf->db_error);
		msg = xasprintf(_("not stored: %s"), rf->db_error);
		refresh_feed_fail(rf, STATUS_DB, msg);
		free(msg);
		return;
	}
	if (strncasecmp(rf->fc->url, "exec:", 5) == 0) {
		rf->exec = 1;
		refresh_start_exec(rf);
		return;
	}
	if (strncasecmp(rf->fc->url, "http://", 7) != 0 &&
	    strncasecmp(rf->fc->url, "https://", 8) != 0 &&
	    strncasecmp(rf->fc->url, "file://", 7) != 0) {
		msg = xasprintf("%s", _("unsupported URL (http, https, file or "
		    "exec only)"));
		refresh_feed_fail(rf, STATUS_BAD_CONFIG, msg);
		free(msg);
		return;
	}
	/* a FIFO or a device would block the loop in open(2), or never end */
	if (strncasecmp(rf->fc->url, "file://", 7) == 0 &&
	    (s = fetch_file_check(rf->fc->url, &msg)) != STATUS_OK) {
		refresh_feed_fail(rf, s, msg);
		free(msg);
		return;
	}
	memset(&o, 0, sizeof o);
	o.url = rf->fc->url;
	if (rf->have_dbf) {
		o.etag = rf->dbf.etag;
		o.last_modified = rf->dbf.last_modified;
	}
	o.data = refresh_data;
	o.done = refresh_fetched;
	o.arg = rf;
	rf->job = fetch_start(&o);
}

static void
refresh_pump_timer(void *arg)
{
	struct refresh *r = arg;

	r->pump_timer = 0;
	r->pass_starts = 0;
	refresh_pump(r);
	/* the last feeds failed at their start, inside the pump: done */
	if (r->pending == 0 && r->holding == 0)
		refresh_finish(r);
}

/* The run's feeds fetching or parsing, not waiting for a connection. */
static size_t
refresh_on_wire(const struct refresh *r)
{
	size_t w = fetch_waiting();

	return r->inflight > w ? r->inflight - w : 0;
}

/* Start more feeds while few are in flight and the store keeps up. */
static void
refresh_pump(struct refresh *r)
{
	struct refresh_feed *rf;

	if (r->pumping)
		return;		/* a start that failed at once called us */
	if (r->order == NULL)
		return;		/* refresh_start() pumps once it has the order */
	r->pumping = 1;
	r->holding++;
	while (r->next_start < r->nfeeds && refresh_on_wire(r) <
	    (size_t)options_int(OPT_MAX_CONNECTIONS) + REFRESH_INFLIGHT_MORE &&
	    fetch_waiting() < REFRESH_WAITING_MAX &&
	    r->queued_items < REFRESH_QUEUE_ITEMS &&
	    refresh_mem(r) < REFRESH_MEM_BYTES) {
		if (r->pass_starts >= REFRESH_STARTS_PASS) {
			if (r->pump_timer == 0)
				r->pump_timer = loop_add_timer(0,
				    refresh_pump_timer, r);
			break;
		}
		r->pass_starts++;
		rf = &r->feeds[r->order[r->next_start++]];
		if (rf->skipped)
			continue;
		rf->inflight = 1;
		r->inflight++;
		log_debug("refresh: start %s, %zu bytes of bodies in memory",
		    rf->fc->url, refresh_mem(r));
		refresh_start_feed(rf);
	}
	/*
	 * Held back with nothing of its own in flight: the bytes are another
	 * receiver's (another run, a sync page), whose end wakes nothing
	 * here, so look again soon.
	 */
	if (r->next_start < r->nfeeds && r->inflight == 0 &&
	    r->pump_timer == 0)
		r->pump_timer = loop_add_timer(REFRESH_GATE_WAIT_MS,
		    refresh_pump_timer, r);
	r->holding--;
	r->pumping = 0;
}

/*
 * Slowest last time first; a feed never fetched counts as slowest.  Then
 * the feeds of a host with more of them first, then the config's order.
 */
static const struct refresh_feed *refresh_order_feeds;
static const size_t *refresh_order_same;	/* feeds on each one's host */

static int64_t
refresh_took_last(const struct refresh_feed *rf)
{
	return rf->have_dbf && rf->dbf.fetch_ms > 0 ? rf->dbf.fetch_ms :
	    INT64_MAX;
}

static int
refresh_order_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int64_t ti = refresh_took_last(&refresh_order_feeds[i]);
	int64_t tj = refresh_took_last(&refresh_order_feeds[j]);

	if (ti != tj)
		return ti > tj ? -1 : 1;
	if (refresh_order_same[i] != refresh_order_same[j])
		return refresh_order_same[i] > refresh_order_same[j] ? -1 : 1;
	return i < j ? -1 : i > j;	/* then the config's order */
}

static char **refresh_order_hosts;

static int
refresh_host_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	return strcmp(refresh_order_hosts[i], refresh_order_hosts[j]);
}

/*
 * How many of the refresh's feeds share each feed's host: sorted by host,
 * each run of one host is its count.
 */
static size_t *
refresh_host_counts(struct refresh *r)
{
	size_t *same, *by, i, j, k, n = r->nfeeds;
	char **hosts;

	same = xcalloc(n > 0 ? n : 1, sizeof *same);
	by = xcalloc(n > 0 ? n : 1, sizeof *by);
	hosts = xcalloc(n > 0 ? n : 1, sizeof *hosts);
	for (i = 0; i < n; i++) {
		hosts[i] = fetch_host_name(r->feeds[i].fc->url);
		by[i] = i;
	}
	refresh_order_hosts = hosts;
	qsort(by, n, sizeof *by, refresh_host_cmp);
	refresh_order_hosts = NULL;
	for (i = 0; i < n; i = k) {
		for (k = i + 1; k < n && strcmp(hosts[by[k]], hosts[by[i]]) ==
		    0; k++)
			;
		/* no host (file://, exec:): no host limit to wait for */
		for (j = i; j < k; j++)
			same[by[j]] = *hosts[by[i]] == '\0' ? 1 : k - i;
	}
	for (i = 0; i < n; i++)
		free(hosts[i]);
	free(hosts);
	free(by);
	return same;
}

/*
 * The order feeds start in: the slowest last time first.  A refresh lasts
 * as long as its slowest feed takes after it starts, and a feed that
 * waits for a connection to its host (max-host-connections) or for one
 * at all (max-connections) starts late; started first, the slow ones
 * wait for nobody and the fast ones fill the gaps.  Among feeds with no
 * time yet (a first refresh: all of them), those of a host with more
 * feeds go first: only a host with more feeds than its connections makes
 * some wait for others to end, and the sooner its first ones are sent
 * the sooner the rest start.
 */
static void
refresh_order(struct refresh *r)
{
	size_t i, *same;

	r->order = xcalloc(r->nfeeds > 0 ? r->nfeeds : 1, sizeof *r->order);
	for (i = 0; i < r->nfeeds; i++)
		r->order[i] = i;
	same = refresh_host_counts(r);
	refresh_order_feeds = r->feeds;
	refresh_order_same = same;
	qsort(r->order, r->nfeeds, sizeof *r->order, refresh_order_cmp);
	refresh_order_feeds = NULL;
	refresh_order_same = NULL;
	free(same);
}

static int
refresh_wanted(const struct feed_conf *fc, const struct refresh_filter *f)
{
	if (f == NULL)
		return 1;
	if (f->url != NULL && strcmp(f->url, fc->url) != 0)
		return 0;
	if (f->tag != NULL && !refresh_has_tag(fc, f->tag))
		return 0;
	return 1;
}

static void
refresh_timer(void *arg)
{
	struct refresh *r = arg;

	r->timer = 0;
	refresh_finish(r);
}

struct refresh *
refresh_start(struct db *db, const struct config *cfg,
    const struct refresh_filter *f, refresh_feed_cb feed_cb,
    refresh_done_cb done_cb, void *arg)
{
	struct refresh *r;
	struct refresh_feed *rf;
	const struct feed_conf *fc;
	const char *sync_failed = NULL;
	char *cause = NULL, *msg;
	int64_t now = refresh_now();
	size_t i;

	fetch_init();
	r = xcalloc(1, sizeof *r);
	r->db = db;
	r->feed_cb = feed_cb;
	r->done_cb = done_cb;
	r->started = now;
	r->arg = arg;
	r->holding = 1;
	buf_init(&r->new_titles);
	r->feeds = xcalloc(cfg->nfeeds > 0 ? cfg->nfeeds : 1, sizeof *r->feeds);
	refresh_count++;
	r->live_next = refresh_live;
	refresh_live = r;
	pwork_hold();
	if (db != NULL)
		refresh_store_open(r);

	for (i = 0; i < cfg->nfeeds; i++) {
		fc = &cfg->feeds[i];
		if (!refresh_wanted(fc, f))
			continue;
		rf = &r->feeds[r->nfeeds];
		rf->r = r;
		rf->conf.url = xstrdup(fc->url);
		rf->conf.title = xstrdup0(fc->title);
		rf->conf.refresh_minutes = fc->refresh_minutes;
		rf->conf.max_items = fc->max_items;
		rf->conf.full_text = fc->full_text;
		rf->fc = &rf->conf;
		if (db != NULL) {
			if (db_feed_sync(db, fc->url, fc->title, fc->tags,
			    fc->ntags, &rf->id, &cause) != STATUS_OK) {
				/* not fetched: nowhere to store it */
				log_warn("refresh: %s: %s", fc->url, cause);
				rf->db_error = cause;
				cause = NULL;
				/* its id may be another feed's once rolled back */
				rf->id = 0;
				if (sync_failed == NULL)
					sync_failed = rf->db_error;
			} else if (db_feed_get(db, rf->id, &rf->dbf) ==
			    STATUS_OK)
				rf->have_dbf = 1;
		}
		if (rf->have_dbf && !sched_may_fetch(now, rf->dbf.next_due,
		    rf->dbf.http_status, f != NULL && f->due_only)) {
			if (f != NULL && f->due_only) {
				db_feed_free(&rf->dbf);
				free(rf->conf.url);
				free(rf->conf.title);
				memset(rf, 0, sizeof *rf);
				continue;	/* not due: not part of this run */
			}
			r->nfeeds++;
			r->pending++;
			r->progress.total++;
			msg = xasprintf(_("server asked to wait (HTTP %d, "
			    "Retry-After): next try in %lld s"),
			    rf->dbf.http_status,
			    (long long)(rf->dbf.next_due - now));
			rf->running = 1;
			rf->skipped = 1;
			refresh_feed_fail(rf, STATUS_ERROR, msg);
			free(msg);
			continue;
		}
		r->nfeeds++;
		r->pending++;
		r->progress.total++;
	}
	if (db != NULL)
		refresh_store_synced(r, sync_failed);
	refresh_order(r);
	/* skipped feeds were reported above; start the others */
	refresh_pump(r);
	r->holding--;
	if (r->pending == 0)
		r->timer = loop_add_timer(0, refresh_timer, r);
	return r;
}

/* -------------------------------------------------------------- finish */

static void
refresh_free(struct refresh *r)
{
	struct refresh **pp;
	size_t i;

	for (pp = &refresh_live; *pp != NULL; pp = &(*pp)->live_next)
		if (*pp == r) {
			*pp = r->live_next;
			break;
		}
	if (r->index_timer != 0)
		loop_cancel_timer(r->index_timer);
	refresh_store_drop(r);

	for (i = 0; i < r->nfeeds; i++) {
		if (r->feeds[i].have_dbf)
			db_feed_free(&r->feeds[i].dbf);
		pwork_free(r->feeds[i].parse);
		if (r->feeds[i].parsing != NULL)
			refresh_store_free(r->feeds[i].parsing);
		free(r->feeds[i].parse_error);
		free(r->feeds[i].db_error);
		free(r->feeds[i].conf.url);
		free(r->feeds[i].conf.title);
	}
	if (r->pump_timer != 0)
		loop_cancel_timer(r->pump_timer);
	refresh_backpressure(r, 0);
	log_debug("refresh: at most %zu KB of bodies in memory (budget %zu "
	    "KB; %zu KB of ended transfers, %zu KB held by fetch), %zu "
	    "articles waiting for the store", r->peak_bytes >> 10,
	    REFRESH_MEM_BYTES >> 10, r->peak_done >> 10, r->peak_held >> 10,
	    r->peak_items);
	refresh_store_close(r);
	free(r->feeds);
	free(r->order);
	buf_free(&r->new_titles);
	free(r);
	refresh_count--;
	pwork_release();
#ifdef __GLIBC__
	/*
	 * Give back what the run's bodies and articles used: glibc keeps
	 * freed memory, and the parse worker's arena, in the middle of its
	 * heaps, and what comes next (the search index of what was stored,
	 * an interface going on for hours) would carry it.
	 */
	if (refresh_live == NULL)
		malloc_trim(0);
#endif
}

static void
refresh_call_done(struct refresh *r)
{
	struct refresh_progress p = r->progress;
	refresh_done_cb cb = r->done_cb;
	void *arg = r->arg;

	refresh_free(r);
	if (cb != NULL)
		cb(&p, arg);
}

static void
refresh_notify_done(const struct spawn_result *sr, void *arg)
{
	struct refresh *r = arg;

	r->notify = NULL;
	if (sr->status != STATUS_OK)
		log_warn("notify-command: %s", status_message(sr->status));
	refresh_call_done(r);
}

/* notify-command with the counts in its environment, else OSC 9. */
static int
refresh_notify(struct refresh *r)
{
	char *const *argv = options_argv(OPT_NOTIFY_COMMAND);
	char *env[4], *cause = NULL, *titles;
	struct spawn_opts so;
	int fd;

	if (r->progress.new_items == 0)
		return 0;
	if (argv != NULL) {
		titles = utf8_clean(buf_str(&r->new_titles),
		    r->new_titles.len, UTF8_KEEP_NEWLINES);
		env[0] = xasprintf("TIDENDE_NEW_ITEMS=%zu",
		    r->progress.new_items);
		env[1] = xasprintf("TIDENDE_NEW_FEEDS=%zu", r->new_feeds);
		env[2] = xasprintf("TIDENDE_FEED_TITLES=%s", titles);
		env[3] = NULL;
		free(titles);
		memset(&so, 0, sizeof so);
		so.argv = argv;
		so.env = env;
		so.timeout_ms = REFRESH_NOTIFY_TIMEOUT;
		so.done = refresh_notify_done;
		so.arg = r;
		r->notify = spawn_start(&so, &cause);
		free(env[0]);
		free(env[1]);
		free(env[2]);
		if (r->notify == NULL) {
			log_warn("notify-command: %s", cause != NULL ? cause :
			    "cannot start");
			free(cause);
			return 0;
		}
		return 1;
	}
	if (options_bool(OPT_NOTIFY)) {
		fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO :
		    isatty(STDERR_FILENO) ? STDERR_FILENO : -1;
		if (fd != -1) {
			char *note = xasprintf(ngettext("%zu new article",
			    "%zu new articles", r->progress.new_items),
			    r->progress.new_items);

			dprintf(fd, "\033]9;tidende: %s\007", note);
			free(note);
		}
	}
	return 0;
}

static void
refresh_index_wait(void *arg)
{
	struct refresh *r = arg;

	r->index_timer = 0;
	refresh_finish(r);
}

void
refresh_finish(struct refresh *r)
{
	char *cause = NULL;

	if (r->finished)
		return;
	/*
	 * In the interface a refresh is done once what it stored can be
	 * searched (idle slices, db_index_background()); a failure to index
	 * it is then reported with it.  (A command indexes all at its end.)
	 */
	if (r->db != NULL && !r->cancelled && db_index_busy(r->db)) {
		if (r->index_timer == 0)
			r->index_timer = loop_add_timer(REFRESH_INDEX_WAIT_MS,
			    refresh_index_wait, r);
		return;
	}
	r->finished = 1;
	if (r->db != NULL && db_checkpoint_error(r->db, &cause) != STATUS_OK) {
		refresh_cache_error(r, cause);
		free(cause);
	}
	if (r->timer != 0) {
		loop_cancel_timer(r->timer);
		r->timer = 0;
	}
	if (refresh_notify(r))
		return;		/* done after the command ends */
	refresh_call_done(r);
}

void
refresh_get_progress(const struct refresh *r, struct refresh_progress *p)
{
	*p = r->progress;
}

int
refresh_idle(const struct refresh *r)
{
	return r->stores == NULL && r->done_bytes == 0 &&
	    loop_now_us() - r->busy_us >= REFRESH_IDLE_MS * 1000;
}

void
refresh_cancel(struct refresh *r)
{
	struct refresh_store *rs;
	struct refresh_feed *rf;
	size_t i;

	if (r->finished) {
		if (r->notify != NULL)
			spawn_cancel(r->notify);
		return;
	}
	r->cancelled = 1;	/* and does not wait for the search index */
	if (r->index_timer != 0) {
		loop_cancel_timer(r->index_timer);
		r->index_timer = 0;
	}
	r->holding++;
	/* feeds not started yet end here, cancelled */
	i = r->next_start;
	r->next_start = r->nfeeds;
	for (; i < r->nfeeds; i++) {
		rf = &r->feeds[r->order != NULL ? r->order[i] : i];
		if (!rf->skipped) {
			rf->running = 1;
			refresh_feed_fail(rf, STATUS_CANCELLED,
			    status_message(STATUS_CANCELLED));
		}
	}
	for (i = 0; i < r->nfeeds; i++) {
		rf = &r->feeds[i];
		if (rf->job != NULL)
			fetch_cancel(rf->job);
		else if (rf->child != NULL)
			spawn_cancel(rf->child);
		else if ((rs = rf->parsing) != NULL) {
			/* fetched, still being parsed: drop it */
			rf->parsing = NULL;
			pwork_free(rf->parse);
			rf->parse = NULL;
			rs->rep.status = STATUS_CANCELLED;
			rs->rep.error = status_message(STATUS_CANCELLED);
			refresh_feed_end(rf, &rs->rep, NULL, NULL);
			refresh_store_free(rs);
		}
	}
	refresh_store_cancel(r);
	r->holding--;
	if (r->pending == 0 && r->holding == 0)
		refresh_finish(r);
}

int
refresh_running(void)
{
	return refresh_count > 0;
}
