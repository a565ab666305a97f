/*
 * Retention (pruning old articles) and the `ignore "QUERY"` rules.
 */
#ifndef TIDENDE_DB_RETAIN_H
#define TIDENDE_DB_RETAIN_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/db.h"
#include "tidende/status.h"

/*
 * Retention: delete articles beyond the newest max_items of each feed (0:
 * no limit) and older than max_age_days (0: forever).  Starred articles
 * and those still in a feed's document (seen in the last two days) are
 * never deleted.  Free space is reclaimed now and then.
 */
enum status	 db_retain_prune(struct db *, long max_items, long max_age_days,
		    size_t *deleted, char **cause);
/* The same for one feed (its own max-items=). */
enum status	 db_retain_prune_feed(struct db *, int64_t feed_id,
		    long max_items, long max_age_days, size_t *deleted,
		    char **cause);

/*
 * The `ignore "QUERY"` rules.  Articles matching one are flagged when
 * stored (hidden from every view but `ignored`); changing the rules
 * re-flags the cache once.  A bad query gives STATUS_USAGE naming it.
 */
enum status	 db_retain_set_ignores(struct db *, char **queries, size_t n,
		    char **cause);

#endif
