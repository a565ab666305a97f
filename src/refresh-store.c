/*
 * A refresh run's store queue: parsed feeds wait in a FIFO and are stored
 * a slice (about REFRESH_STORE_SLICE ms of articles) per loop pass into
 * one open store batch (db_batch_begin()), which is committed in a pass
 * of its own once it is REFRESH_BATCH_MS old and at once when the queue
 * runs dry; the store waits while the checkpoint catches up.  A stored
 * feed waits until its batch has ended (db_batch_set_hook()), and is
 * reported then, committed or lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/db-feed.h"
#include "tidende/db-retain.h"
#include "tidende/db-store.h"
#include "tidende/db.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/xmalloc.h"

#include "refresh-private.h"

#define REFRESH_STORE_SLICE	10	/* ms of store work per loop pass */
#define REFRESH_BATCH_MS	250	/* ms a store batch stays uncommitted */
#define REFRESH_CKPT_WAIT_MS	2	/* ms between looks at the checkpoint */
/*
 * The cache's page cache while a refresh runs (db_set_cache_kb()): it
 * appends rows and index entries, and reads few pages twice.
 */
#define REFRESH_CACHE_KB	4096

static int refresh_cache_kb;	/* the cache's page cache before the runs */

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
 * Commit the store batch.  Its feeds are told by the hook; a batch that
 * held only fetch records is a cache error of its own.
 */
static void	refresh_batch_ended(struct db *, int, const char *, void *);

void
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

void
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

/*
 * The articles the last slice stored, freed but for their guids (the
 * store may look those up again): a big feed's go a slice at a time, not
 * all of them in the pass that stores its last slice (14,000 articles of
 * a 54 MB feed took 11-49 ms to free).
 */
static void
refresh_drop_stored(struct refresh_store *rs)
{
	size_t left = db_store_left(rs->store);
	struct item *it;
	char *id;

	while (rs->kept > left) {
		it = &rs->pf.items[--rs->kept];
		id = it->id;
		it->id = NULL;
		feed_item_free(it);
		it->id = id;
	}
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
	if (rs->store == NULL) {
		rs->store = db_store_begin(r->db, rf->id, &rs->pf);
		rs->kept = rs->pf.nitems;
	}
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
	if (s == STATUS_OK) {
		rs->sliced = 1;
		refresh_drop_stored(rs);
	}
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
struct refresh_store *
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
 * Queue a parsed feed for the store (rs is taken over); a loop pass
 * stores a slice of the head of the queue.
 */
void
refresh_store_push(struct refresh *r, struct refresh_store *rs)
{
	if (r->stores_tail != NULL)
		r->stores_tail->next = rs;
	else
		r->stores = rs;
	r->stores_tail = rs;
	r->queued_items += rs->pf.nitems;
	refresh_queued(r);
	if (r->store_timer == 0)
		r->store_timer = loop_add_timer(0, refresh_store_run, r);
}

/*
 * A run on r->db (already on refresh_live) starts: its feeds' ends are
 * told by the batch hook, its writes go in the store batch.
 */
void
refresh_store_open(struct refresh *r)
{
	struct db *db = r->db;

	db_batch_set_hook(db, refresh_batch_ended, NULL);
	db_batch_begin(db);
	/* the first run on it: a smaller page cache until the last ends */
	if (!refresh_on_db(db, r)) {
		refresh_cache_kb = db_cache_kb(db);
		if (refresh_cache_kb > REFRESH_CACHE_KB)
			db_set_cache_kb(db, REFRESH_CACHE_KB);
	}
}

/*
 * The feed rows refresh_start() wrote (new feeds, changed titles or tags)
 * went into the store batch: commit them in one go before any feed starts
 * (one commit each made a first refresh of 500 feeds write 500 commits
 * and 8 MB of log before its first fetch).  When that commit fails, or a
 * row's failed write (`failed`: why) or any other write rolled the batch
 * back, a feed whose row is gone is not fetched: nowhere to store it.
 * A rolled back row's id may have been handed to a later new feed, so
 * the row must also be this feed's (its URL).
 */
void
refresh_store_synced(struct refresh *r, const char *failed)
{
	struct refresh_feed *rf;
	struct db_feed dbf;
	char *cause = NULL;
	size_t i;
	int same;

	if (db_batch_commit(r->db, &cause) != STATUS_OK)
		failed = cause;
	if (failed == NULL)
		failed = status_message(STATUS_DB);
	for (i = 0; i < r->nfeeds; i++) {
		rf = &r->feeds[i];
		if (rf->id <= 0 || rf->db_error != NULL || rf->skipped)
			continue;
		if (db_feed_get(r->db, rf->id, &dbf) == STATUS_OK) {
			same = dbf.url != NULL && strcmp(dbf.url, rf->fc->url) == 0;
			db_feed_free(&dbf);
			if (same)
				continue;
		}
		log_warn("refresh: %s: %s", rf->fc->url, failed);
		rf->id = 0;
		rf->db_error = xstrdup(failed);
		if (rf->have_dbf) {
			db_feed_free(&rf->dbf);
			rf->have_dbf = 0;
		}
	}
	free(cause);
}

/* The run is cancelled: the store queue stops, stored feeds are told. */
void
refresh_store_cancel(struct refresh *r)
{
	struct refresh_store *rs;

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
}

/* The run is freed: what is left in its queues goes (all reported). */
void
refresh_store_drop(struct refresh *r)
{
	if (r->report_timer != 0)
		loop_cancel_timer(r->report_timer);
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
	while (r->stores != NULL) {
		struct refresh_store *rs = r->stores;

		r->stores = rs->next;
		refresh_store_free(rs);
	}
	if (r->store_timer != 0)
		loop_cancel_timer(r->store_timer);
}

/*
 * The run, already off refresh_live, ends its store batch; the last run
 * on its cache takes the hook off and gives back the page cache.
 */
void
refresh_store_close(struct refresh *r)
{
	char *cause = NULL;

	if (r->db != NULL && db_batch_end(r->db, &cause) != STATUS_OK) {
		log_warn("refresh: %s", cause);
		free(cause);
	}
	if (r->db != NULL && refresh_live == NULL)
		db_batch_set_hook(r->db, NULL, NULL);
	/* the last run on it gives the cache back its page cache */
	if (r->db != NULL && !refresh_on_db(r->db, NULL))
		db_set_cache_kb(r->db, refresh_cache_kb);
}
