/*
 * Storing parsed feeds: articles inserted or updated in place (read and
 * starred state kept), the search index, the feed's channel fields, in
 * loop-sized slices that share the open store batch (tidende/db.h).
 */
#ifndef TIDENDE_DB_STORE_H
#define TIDENDE_DB_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/db.h"
#include "tidende/feed.h"
#include "tidende/status.h"

struct db_store_stats {
	size_t	 added;
	size_t	 updated;
	size_t	 unchanged;
	size_t	 ignored;	/* matched an `ignore` rule */
};

/*
 * Store a parsed feed in one transaction: new items inserted, changed
 * items updated in place keeping read/starred state, nothing deleted.
 * Channel fields (title, link, language) update the feed row.
 */
enum status	 db_store_feed(struct db *, int64_t feed_id,
		    const struct parsed_feed *, struct db_store_stats *,
		    char **cause);

/*
 * The same in slices, for the event loop: each db_store_step() is one
 * transaction (or part of the open store batch, below) storing items
 * (oldest first) for about budget_ms (0: all of them), so the loop runs
 * between slices.  *done is set after the last slice.  A step that fails
 * rolled back itself (in a batch: the whole batch); call db_store_end()
 * either way (stats: the stored slices).  The caller
 * records the fetch (etag, last-modified) only after the last slice, so
 * an interrupted store is redone whole by the next refresh.  pf must stay
 * alive until db_store_end().
 */
struct db_store;
struct db_store	*db_store_begin(struct db *, int64_t feed_id,
		    const struct parsed_feed *);
enum status	 db_store_step(struct db_store *, int budget_ms, int *done,
		    char **cause);
void		 db_store_end(struct db_store *, struct db_store_stats *);
/*
 * Items not stored yet: pf->items[0..n) (a store goes from the last to
 * the first).  The store never reads a stored item again but for its
 * guid (a feed that changed its guid scheme has its old guids looked up
 * in the document), so the caller may free the rest of each as it goes.
 */
size_t		 db_store_left(const struct db_store *);

/*
 * Whether a store batch may begin now: 0 while the write-ahead log is big
 * and the checkpoint thread is still catching up; a writer that never
 * paused would keep the log from ever starting again (it grew to GBs).
 * The caller tries again in a later loop pass.
 */
int		 db_store_ready(struct db *);

/*
 * The search index's backlog: a store lists the articles it wrote in
 * the cache (in the same transaction) and leaves indexing them to these,
 * in batches that cost a third less than indexing feed by feed.  Anything
 * that reads the index (searches, `check`) indexes the backlog first, so
 * a search always finds what was stored.
 *
 * db_index_backlog() indexes for about budget_ms (0: all of it, in
 * transactions of some thousands); *more is set when some is left.
 * db_index_background() indexes the backlog in loop slices of about 10 ms
 * whenever no store batch is open, until none is left (the interface,
 * and a refresh while its store waits for the network or the parser);
 * db_index_busy() tells whether it still has work the program waits for
 * (an interface refresh is reported done once it has none; never for a
 * command that indexes all at its end); db_index_pending() counts the
 * backlog.
 */
enum status	 db_index_backlog(struct db *, int budget_ms, int *more,
		    char **cause);
/*
 * While a store batch is open, db_index_background() waits until the
 * backlog is longer than max articles (DB_INDEX_BACKLOG_MAX unless set),
 * then indexes between store slices, in the batch: a search in the
 * interface never waits for more than that (about 30 ms).  A command
 * that indexes all at its end anyway sets SIZE_MAX: its idle slices are
 * then 100 ms long (larger index segments, no keys to answer).
 */
#define DB_INDEX_BACKLOG_MAX	500
void		 db_index_set_backlog_max(struct db *, size_t max);
/*
 * A command (`refresh`) gives its idle test: db_index_background() then
 * indexes chunks of some thousand articles (one transaction each) only
 * while idle() says nothing waits for the store (no parsed feed queued,
 * nothing being parsed) and no store batch is open, so a refresh bound
 * by the network hides its index in the waits.  NULL: the slices above.
 */
void		 db_index_set_idle(struct db *, int (*idle)(void *), void *arg);
/*
 * Index at most n articles of the backlog (0: a default chunk) in one
 * short transaction of its own (an open store batch is committed first);
 * *more is set when some is left.  Two processes indexing at once never
 * index an article twice: the chunk takes the write lock before it
 * reads the backlog, and takes what it indexed off it in the same
 * transaction (`tidende index`, a detached indexer).
 */
enum status	 db_index_chunk(struct db *, size_t n, int *more, char **cause);
/* Whether the backlog is longer than max articles (reads max rows). */
int		 db_index_over(struct db *, size_t max);
void		 db_index_background(struct db *);
int		 db_index_busy(struct db *);
size_t		 db_index_pending(struct db *);

#endif
