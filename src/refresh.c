/*
 * Refresh runs: pick the configured feeds to fetch, stream each reply into
 * the push parser, store each feed in one transaction, record errors and
 * when each feed is next due, and notify after a run that brought news.
 * exec: feeds run a command (argv words, never a shell) instead.
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
#include "tidende/db-retain.h"
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

#define REFRESH_NOTIFY_TIMEOUT	10000	/* ms a notify-command may take */
#define REFRESH_STORE_SLICE	10	/* ms of store work per loop pass */
#define REFRESH_BATCH_MS	250	/* ms a store batch stays uncommitted */
#define REFRESH_CKPT_WAIT_MS	2	/* ms between looks at the checkpoint */
/*
 * Feeds are started a few at a time, not all at once: a few more than
 * curl may run at once (max-connections) fetching or parsing, and none
 * while the store has REFRESH_QUEUE_ITEMS articles waiting.  Parsing
 * outruns storing, so without this a cold refresh held every parsed feed
 * in memory at once.
 */
#define REFRESH_INFLIGHT_MORE	8
#define REFRESH_QUEUE_ITEMS	3000
/*
 * A feed handed to fetch that waits there for a connection to its host
 * (max-host-connections) does not count against the run's in-flight
 * limit: otherwise a busy host's queue held back feeds of idle hosts,
 * and a slow feed started late.  At most REFRESH_WAITING_MAX wait so.
 */
#define REFRESH_WAITING_MAX	1024
/*
 * Every feed the limits allow starts at once, since most of a real
 * refresh is waiting for servers; what a fast network brings is bounded
 * by bytes instead: a run starts no feed while REFRESH_MEM_BYTES (8 MB) of
 * bodies are in memory (received, being parsed or waiting for the
 * store), and stops reading its running transfers
 * (fetch_hold_reads()) while that much belongs to feeds whose transfer
 * has ended, which the parser and the store drain without the network.
 * Feeds start REFRESH_STARTS_PASS a loop pass, so the first replies are
 * counted before the rest of a fast server's start.
 */
#define REFRESH_MEM_BYTES	refresh_mem_budget()
#define REFRESH_STARTS_PASS	64
/*
 * The cache's page cache while a refresh runs (db_set_cache_kb()): it
 * appends rows and index entries, and reads few pages twice.
 */
#define REFRESH_CACHE_KB	4096

/*
 * A parsed feed waiting for (or in) the store.  Feeds are stored one at a
 * time, a slice per loop pass, so a huge feed never freezes the screen;
 * what the fetch said is copied, the reply is gone by then.
 */
struct refresh_store {
	struct refresh_feed *rf;
	struct refresh_report rep;
	struct fetch_reply reply;
	int		 have_reply;
	char		*etag;
	char		*last_modified;
	char		*moved_to;
	struct parsed_feed pf;
	struct db_store	*store;
	int		 sliced;	/* some of it written */
	char		*lost;		/* a batch holding some of it was
					   rolled back: why */
	char		*error;		/* rep.error when not stored */
	struct refresh_store *next;
};

struct refresh_feed {
	struct refresh	*r;
	const struct feed_conf *fc;	/* &conf */
	struct feed_conf conf;		/* own copy: the config may be
					   reloaded while the run goes on */
	int64_t		 id;
	struct db_feed	 dbf;
	int		 have_dbf;

	struct fetch_job *job;
	struct spawn	*child;
	struct pwork	*parse;		/* on the parse worker */
	struct refresh_store *parsing;	/* fetched, waiting for the parse */
	char		*parse_error;
	char		*db_error;	/* its row could not be written */
	int		 running;
	int		 skipped;	/* not fetched: Retry-After pending */
	int		 exec;		/* an exec: feed */
	int		 inflight;	/* started, not yet parsed or failed */
	int		 fetched;	/* its transfer ended, body whole */
	size_t		 mem;		/* body bytes it holds, counted in
					   r->mem_bytes */
};

struct refresh {
	struct db	*db;
	struct refresh_feed *feeds;
	size_t		 nfeeds;
	size_t		 pending;
	struct refresh_progress progress;
	refresh_feed_cb	 feed_cb;
	refresh_done_cb	 done_cb;
	void		*arg;
	int		 holding;	/* in start, cancel or a callback:
					   do not finish yet */
	int		 finished;
	unsigned	 timer;
	struct refresh_store *stores;	/* FIFO: the head is being stored */
	struct refresh_store *stores_tail;
	unsigned	 store_timer;
	struct buf	 new_titles;	/* feeds with new items, for notify */
	size_t		 new_feeds;
	struct spawn	*notify;
	size_t		*order;		/* indices of feeds, in start order */
	size_t		 next_start;	/* order[0..next_start) were started */
	size_t		 inflight;	/* of them fetching or parsing */
	size_t		 queued_items;	/* articles waiting for the store */
	int		 reads_held;	/* fetch_hold_reads() by this run */
	size_t		 mem_bytes;	/* body bytes of unreported feeds */
	size_t		 done_bytes;	/* of them, of ended transfers */
	size_t		 peak_bytes;	/* most of mem_bytes + fetch's held */
	size_t		 peak_done;
	size_t		 peak_held;
	size_t		 peak_items;
	unsigned	 pass_starts;	/* feeds started this loop pass */
	unsigned	 pump_timer;	/* the next pass starts more */
	int		 pumping;
	int64_t		 started;	/* articles first seen since are new */
	/*
	 * Stored feeds wait in `committing` until their store batch ends
	 * (db_batch_set_hook()), then in `decided`, committed or lost, to
	 * be reported from a timer: a feed is "new articles" only once they
	 * are safe on disk, and an error when a full disk took them.
	 */
	struct refresh_store *committing;
	struct refresh_store *committing_tail;
	struct refresh_store *decided;
	struct refresh_store *decided_tail;
	unsigned	 report_timer;
	unsigned	 index_timer;	/* waiting for the search index */
	int64_t		 busy_us;	/* bytes came or the store ran */
	int		 cancelled;
	struct refresh	*live_next;	/* refresh_live */
};

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
static struct refresh *refresh_live;	/* runs not yet freed */
static int refresh_cache_kb;	/* the cache's page cache before the runs */

static void	refresh_finish(struct refresh *);
static void	refresh_pump(struct refresh *);

/* Whether a run other than `except` stores into db. */
static int
refresh_on_db(const struct db *db, const struct refresh *except)
{
	const struct refresh *r;

	for (r = refresh_live; r != NULL; r = r->live_next)
		if (r != except && r->db == db)
			return 1;
	return 0;
}

/*
 * 8 MB, or TIDENDE_REFRESH_MEM_KB (a test hook: 1 holds reads as soon as
 * any fetched feed waits for its parse or its store).
 */
static size_t
refresh_mem_budget(void)
{
	static size_t budget;
	const char *s;

	if (budget == 0) {
		budget = (size_t)8 << 20;
		if ((s = getenv("TIDENDE_REFRESH_MEM_KB")) != NULL &&
		    *s >= '1' && *s <= '9')
			budget = (size_t)strtoul(s, NULL, 10) << 10;
	}
	return budget;
}

/*
 * Articles waiting for the store changed: with REFRESH_QUEUE_ITEMS of
 * them, transfers already running stop being read too (the kernel keeps
 * their bytes), so a fast network cannot pile parsed feeds up in memory
 * when every feed started at once.
 */
static void
refresh_backpressure(struct refresh *r, int on)
{
	if (on == r->reads_held)
		return;
	r->reads_held = on;
	fetch_hold_reads(on);
	log_debug("refresh: %s reads, %zu articles wait for the store",
	    on ? "hold" : "resume", r->queued_items);
}

/* The most this run held at once, for the debug log (and its tests). */
static void
refresh_peaks(struct refresh *r)
{
	size_t held = fetch_held_bytes();

	if (r->mem_bytes + held > r->peak_bytes)
		r->peak_bytes = r->mem_bytes + held;
	if (r->done_bytes > r->peak_done)
		r->peak_done = r->done_bytes;
	if (held > r->peak_held)
		r->peak_held = held;
	if (r->queued_items > r->peak_items)
		r->peak_items = r->queued_items;
}

/* Body bytes in memory: received (refresh's own count) or held by fetch. */
static size_t
refresh_mem(const struct refresh *r)
{
	return r->mem_bytes + fetch_held_bytes();
}

static void
refresh_queued(struct refresh *r)
{
	refresh_peaks(r);
	refresh_backpressure(r, r->queued_items >= REFRESH_QUEUE_ITEMS ||
	    r->done_bytes >= REFRESH_MEM_BYTES);
}

/* A feed's body left memory (reported, stored or not). */
static void
refresh_release(struct refresh_feed *rf)
{
	struct refresh *r = rf->r;

	r->mem_bytes -= rf->mem;
	if (rf->fetched)
		r->done_bytes -= rf->mem;
	rf->mem = 0;
	rf->fetched = 0;
	refresh_queued(r);
}

/* A started feed is out of the fetch stage (queued or failed). */
static void
refresh_landed(struct refresh_feed *rf)
{
	if (rf->inflight) {
		rf->inflight = 0;
		rf->r->inflight--;
	}
}

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
static void
refresh_cache_error(struct refresh *r, const char *cause)
{
	log_warn("refresh: %s", cause);
	r->progress.cache_errors++;
	if (r->progress.cache_error[0] == '\0')
		snprintf(r->progress.cache_error,
		    sizeof r->progress.cache_error, "%s", cause);
}

/*
 * Commit the store batch.  Its feeds are told by the hook; a batch that
 * held only fetch records is a cache error of its own.
 */
static void	refresh_batch_ended(struct db *, int, const char *, void *);

static void
refresh_commit(struct refresh *r)
{
	char *cause = NULL;
	int feeds = r->committing != NULL;

	if (db_batch_commit(r->db, &cause) != STATUS_OK) {
		if (!feeds)
			refresh_cache_error(r, cause);
		free(cause);
	}
	/* written outside any batch: committed already */
	if (r->committing != NULL && db_batch_age(r->db) < 0)
		refresh_batch_ended(r->db, 1, NULL, NULL);
}

/* Record the attempt on the feed row (in the store batch). */
static enum status
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
	res.fetch_ms = reply != NULL ? reply->elapsed_ms : 0;
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
static void
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
static void
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

/* Retention after new items came: max-items (per feed or global), max-age. */
static void
refresh_prune(struct refresh_feed *rf)
{
	long max_items = rf->fc->max_items >= 0 ? rf->fc->max_items :
	    options_int(OPT_MAX_ITEMS);
	long max_age = options_int(OPT_MAX_AGE);
	char *cause = NULL;
	size_t deleted = 0;

	if (max_items <= 0 && max_age <= 0)
		return;
	if (db_retain_prune_feed(rf->r->db, rf->id, max_items, max_age,
	    &deleted, &cause) != STATUS_OK) {
		log_warn("refresh: %s: prune: %s", rf->fc->url, cause);
		free(cause);
	} else if (deleted > 0)
		log_debug("refresh: %s: pruned %zu", rf->fc->url, deleted);
}

static void
refresh_store_free(struct refresh_store *rs)
{
	db_store_end(rs->store, NULL);
	feed_parsed_free(&rs->pf);
	free(rs->lost);
	free(rs->error);
	free(rs->etag);
	free(rs->last_modified);
	free(rs->moved_to);
	free(rs);
}

/*
 * A fetched feed whose articles did not reach the disk: an error for it,
 * with its fetch record left as it was (the next refresh fetches it again
 * in full).
 */
static void
refresh_store_failed(struct refresh *r, struct refresh_store *rs,
    const char *cause)
{
	free(rs->error);
	rs->error = xasprintf(_("not stored: %s"), cause);
	rs->rep.status = STATUS_DB;
	rs->rep.error = rs->error;
	memset(&rs->rep.stats, 0, sizeof rs->rep.stats);
	r->progress.store_errors++;
	if (r->progress.cache_error[0] == '\0')
		snprintf(r->progress.cache_error,
		    sizeof r->progress.cache_error, "%s", cause);
}

/* Report the feeds whose batch has ended (from a timer, or at cancel). */
static void
refresh_report_decided(struct refresh *r)
{
	struct refresh_store *rs;

	if (r->report_timer != 0) {
		loop_cancel_timer(r->report_timer);
		r->report_timer = 0;
	}
	r->holding++;
	while ((rs = r->decided) != NULL) {
		r->decided = rs->next;
		if (r->decided == NULL)
			r->decided_tail = NULL;
		rs->next = NULL;
		if (rs->lost != NULL) {
			refresh_store_failed(r, rs, rs->lost);
			refresh_feed_end(rs->rf, &rs->rep, rs->have_reply ?
			    &rs->reply : NULL, &rs->pf);
		} else
			refresh_feed_report(rs->rf, &rs->rep);
		refresh_store_free(rs);
	}
	r->holding--;
	if (r->pending == 0 && r->holding == 0)
		refresh_finish(r);
}

static void
refresh_report_timer(void *arg)
{
	struct refresh *r = arg;

	r->report_timer = 0;
	refresh_report_decided(r);
}

/*
 * A store batch ended (db_batch_set_hook()): its feeds are committed, or
 * lost; and a feed half stored in it is lost too.  Called from inside the
 * store's writes, by whatever write ended the batch: only moves lists.
 */
static void
refresh_batch_ended(struct db *db, int ok, const char *cause, void *arg)
{
	struct refresh_store *rs;
	struct refresh *r;

	(void)arg;
	for (r = refresh_live; r != NULL; r = r->live_next) {
		if (r->db != db)
			continue;
		while ((rs = r->committing) != NULL) {
			r->committing = rs->next;
			rs->next = NULL;
			if (!ok && rs->lost == NULL)
				rs->lost = xstrdup(cause != NULL ? cause :
				    _("rolled back"));
			if (r->decided_tail != NULL)
				r->decided_tail->next = rs;
			else
				r->decided = rs;
			r->decided_tail = rs;
		}
		r->committing_tail = NULL;
		rs = r->stores;
		if (!ok && rs != NULL && rs->sliced && rs->lost == NULL)
			rs->lost = xstrdup(cause != NULL ? cause :
			    _("rolled back"));
		if (r->decided != NULL && r->report_timer == 0)
			r->report_timer = loop_add_timer(0,
			    refresh_report_timer, r);
	}
}

/* A stored feed's articles, freed; the rest of it stays. */
static void
refresh_drop_items(struct parsed_feed *pf)
{
	size_t i;

	for (i = 0; i < pf->nitems; i++)
		feed_item_free(&pf->items[i]);
	free(pf->items);
	pf->items = NULL;
	pf->nitems = pf->items_cap = 0;
}

/* One slice of the head of the queue; the next pass does the next. */
static void
refresh_store_run(void *arg)
{
	struct refresh *r = arg;
	struct refresh_store *rs = r->stores;
	struct refresh_feed *rf = rs->rf;
	char *cause = NULL;
	enum status s;
	int done = 0;

	r->store_timer = 0;
	r->busy_us = loop_now_us();
	if (rs->store == NULL)
		rs->store = db_store_begin(r->db, rf->id, &rs->pf);
	/* slices of it were in a batch that was rolled back: stop */
	if (rs->lost != NULL) {
		s = STATUS_DB;
		cause = rs->lost;
		rs->lost = NULL;
		goto ended;
	}
	/* a commit due is a pass of its own, not on top of a slice */
	if (db_batch_age(r->db) >= REFRESH_BATCH_MS) {
		refresh_commit(r);
		r->store_timer = loop_add_timer(0, refresh_store_run, r);
		return;
	}
	/* the log is big: let the checkpoint catch up first (keys go on) */
	if (!db_store_ready(r->db)) {
		r->store_timer = loop_add_timer(REFRESH_CKPT_WAIT_MS,
		    refresh_store_run, r);
		return;
	}
	s = db_store_step(rs->store, REFRESH_STORE_SLICE, &done, &cause);
	if (s == STATUS_OK)
		rs->sliced = 1;
	if (s == STATUS_OK && !done && rs->lost == NULL) {
		r->store_timer = loop_add_timer(0, refresh_store_run, r);
		return;
	}
	if (s == STATUS_OK && rs->lost != NULL) {
		s = STATUS_DB;
		cause = rs->lost;
		rs->lost = NULL;
	}
ended:
	db_store_end(rs->store, &rs->rep.stats);
	rs->store = NULL;
	r->queued_items -= rs->pf.nitems;
	refresh_queued(r);
	r->stores = rs->next;
	rs->next = NULL;
	if (r->stores == NULL)
		r->stores_tail = NULL;
	else
		r->store_timer = loop_add_timer(0, refresh_store_run, r);
	if (s != STATUS_OK) {
		refresh_store_failed(r, rs, cause);
		free(cause);
		/* this may end the run (r freed): nothing of r after it */
		refresh_feed_end(rf, &rs->rep, rs->have_reply ? &rs->reply :
		    NULL, &rs->pf);
		refresh_store_free(rs);
		return;
	}
	/*
	 * Its articles are written: free them now, not when the batch
	 * commits (up to REFRESH_BATCH_MS of stored feeds); the title and
	 * the TTL stay for the report and the fetch record.
	 */
	refresh_release(rf);
	refresh_drop_items(&rs->pf);
	/*
	 * Stored, but safe only once its batch commits: reported then (a
	 * failed prune or fetch record rolls the batch back, and the hook
	 * says so).
	 */
	if (r->committing_tail != NULL)
		r->committing_tail->next = rs;
	else
		r->committing = rs;
	r->committing_tail = rs;
	refresh_prune(rf);
	if (refresh_feed_record(rf, &rs->rep, rs->have_reply ? &rs->reply :
	    NULL, &rs->pf, &cause) != STATUS_OK) {
		log_warn("refresh: %s: %s", rf->fc->url, cause);
		free(cause);
	}
	if (r->stores == NULL) {
		refresh_commit(r);
		/* the search index of what was stored, while the store waits */
		db_index_background(r->db);
	}
}

/* What the fetch said, copied: the reply is gone by the time it is used. */
static struct refresh_store *
refresh_store_new(struct refresh_feed *rf, const struct refresh_report *rep,
    const struct fetch_reply *reply)
{
	struct refresh_store *rs;

	rs = xcalloc(1, sizeof *rs);
	rs->rf = rf;
	feed_parsed_init(&rs->pf);
	rs->rep = *rep;
	rs->rep.error = NULL;
	if (reply != NULL) {
		rs->have_reply = 1;
		rs->reply = *reply;
		rs->reply.etag = rs->etag = xstrdup0(reply->etag);
		rs->reply.last_modified = rs->last_modified =
		    xstrdup0(reply->last_modified);
		rs->reply.moved_to = rs->moved_to = xstrdup0(reply->moved_to);
		/* the rest of the reply's strings are not used after this */
		rs->reply.error = NULL;
		rs->reply.url = NULL;
		rs->reply.effective_url = NULL;
		rs->reply.content_type = NULL;
		rs->reply.charset = NULL;
	}
	rs->rep.redirected_to = rs->moved_to;
	return rs;
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
	if (r->stores_tail != NULL)
		r->stores_tail->next = rs;
	else
		r->stores = rs;
	r->stores_tail = rs;
	r->queued_items += rs->pf.nitems;
	refresh_queued(r);
	if (r->store_timer == 0)
		r->store_timer = loop_add_timer(0, refresh_store_run, r);
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

/* Bytes as they arrive: to the parse worker (a copy), nothing more. */
static int
refresh_data(const struct fetch_reply *reply, const char *buf, size_t len,
    void *arg)
{
	struct refresh_feed *rf = arg;

	if (rf->parse == NULL)
		rf->parse = pwork_new(reply->effective_url != NULL ?
		    reply->effective_url : rf->fc->url, reply->charset,
		    refresh_parsed, rf);
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

/* Slowest last time first; a feed never fetched counts as slowest. */
static const struct refresh_feed *refresh_order_feeds;

static int
refresh_order_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct refresh_feed *fi = &refresh_order_feeds[i];
	const struct refresh_feed *fj = &refresh_order_feeds[j];
	int64_t ti = fi->have_dbf && fi->dbf.fetch_ms > 0 ? fi->dbf.fetch_ms :
	    INT64_MAX;
	int64_t tj = fj->have_dbf && fj->dbf.fetch_ms > 0 ? fj->dbf.fetch_ms :
	    INT64_MAX;

	if (ti != tj)
		return ti > tj ? -1 : 1;
	return i < j ? -1 : i > j;	/* then the config's order */
}

/*
 * The order feeds start in: the slowest last time first.  A refresh lasts
 * as long as its slowest feed takes after it starts, and a feed that
 * waits for a connection to its host (max-host-connections) or for one
 * at all (max-connections) starts late; started first, the slow ones
 * wait for nobody and the fast ones fill the gaps.
 */
static void
refresh_order(struct refresh *r)
{
	size_t i;

	r->order = xcalloc(r->nfeeds > 0 ? r->nfeeds : 1, sizeof *r->order);
	for (i = 0; i < r->nfeeds; i++)
		r->order[i] = i;
	refresh_order_feeds = r->feeds;
	qsort(r->order, r->nfeeds, sizeof *r->order, refresh_order_cmp);
	refresh_order_feeds = NULL;
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
	if (db != NULL) {
		db_batch_set_hook(db, refresh_batch_ended, NULL);
		db_batch_begin(db);
		/* the first run on it: a smaller page cache until the last ends */
		if (!refresh_on_db(db, r)) {
			refresh_cache_kb = db_cache_kb(db);
			if (refresh_cache_kb > REFRESH_CACHE_KB)
				db_set_cache_kb(db, REFRESH_CACHE_KB);
		}
	}

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
	char *cause = NULL;
	size_t i;

	for (pp = &refresh_live; *pp != NULL; pp = &(*pp)->live_next)
		if (*pp == r) {
			*pp = r->live_next;
			break;
		}
	if (r->report_timer != 0)
		loop_cancel_timer(r->report_timer);
	if (r->index_timer != 0)
		loop_cancel_timer(r->index_timer);
	/* empty by now: every feed was reported */
	while (r->committing != NULL || r->decided != NULL) {
		struct refresh_store *rs = r->committing != NULL ?
		    r->committing : r->decided;

		if (rs == r->committing)
			r->committing = rs->next;
		else
			r->decided = rs->next;
		refresh_store_free(rs);
	}

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
	while (r->stores != NULL) {
		struct refresh_store *rs = r->stores;

		r->stores = rs->next;
		refresh_store_free(rs);
	}
	if (r->store_timer != 0)
		loop_cancel_timer(r->store_timer);
	if (r->pump_timer != 0)
		loop_cancel_timer(r->pump_timer);
	refresh_backpressure(r, 0);
	log_debug("refresh: at most %zu KB of bodies in memory (budget %zu "
	    "KB; %zu KB of ended transfers, %zu KB held by fetch), %zu "
	    "articles waiting for the store", r->peak_bytes >> 10,
	    REFRESH_MEM_BYTES >> 10, r->peak_done >> 10, r->peak_held >> 10,
	    r->peak_items);
	if (r->db != NULL && db_batch_end(r->db, &cause) != STATUS_OK) {
		log_warn("refresh: %s", cause);
		free(cause);
	}
	if (r->db != NULL && refresh_live == NULL)
		db_batch_set_hook(r->db, NULL, NULL);
	/* the last run on it gives the cache back its page cache */
	if (r->db != NULL && !refresh_on_db(r->db, NULL))
		db_set_cache_kb(r->db, refresh_cache_kb);
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

static void
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
	/*
	 * Feeds waiting for the store stop too: slices already committed
	 * stay, but the fetch is not recorded, so the next refresh redoes it.
	 */
	if (r->store_timer != 0) {
		loop_cancel_timer(r->store_timer);
		r->store_timer = 0;
	}
	while ((rs = r->stores) != NULL) {
		r->stores = rs->next;
		if (r->stores == NULL)
			r->stores_tail = NULL;
		db_store_end(rs->store, &rs->rep.stats);
		rs->store = NULL;
		r->queued_items -= rs->pf.nitems;
		refresh_queued(r);
		rs->rep.status = STATUS_CANCELLED;
		rs->rep.error = status_message(STATUS_CANCELLED);
		refresh_feed_end(rs->rf, &rs->rep, NULL, &rs->pf);
		refresh_store_free(rs);
	}
	/* feeds stored already: committed (or lost) and reported now */
	if (r->db != NULL && (r->committing != NULL || r->decided != NULL)) {
		refresh_commit(r);
		refresh_report_decided(r);
	}
	r->holding--;
	if (r->pending == 0 && r->holding == 0)
		refresh_finish(r);
}

int
refresh_running(void)
{
	return refresh_count > 0;
}
