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
 * Whether a store batch may begin now: 0 while the write-ahead log is big
 * and the checkpoint thread is still catching up; a writer that never
 * paused would keep the log from ever starting again (it grew to GBs).
 * The caller tries again in a later loop pass.
 */
int		 db_store_ready(struct db *);

#endif
