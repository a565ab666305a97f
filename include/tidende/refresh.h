/*
 * Refresh runs: fetch many configured feeds (tidende/fetch.h), parse them
 * as bytes arrive (tidende/pwork.h) and store them in the cache in store
 * batches, a slice per loop pass.
 */
#ifndef TIDENDE_REFRESH_H
#define TIDENDE_REFRESH_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/config.h"
#include "tidende/db-store.h"
#include "tidende/status.h"

/* What became of one feed in a refresh. */
struct refresh_report {
	int64_t	 feed_id;
	const char *url;
	const char *title;	/* display title, may be NULL */
	enum status status;	/* OK, UNCHANGED (304) or an error */
	const char *error;	/* one line, NULL when fine */
	int	 http_status;
	size_t	 bytes;
	struct db_store_stats stats;
	const char *redirected_to; /* permanent redirect, or NULL */
};

struct refresh_progress {
	size_t	 total;
	size_t	 done;
	size_t	 errors;
	size_t	 bytes;
	size_t	 new_items;
	/*
	 * Failed writes to the cache (a full disk): feeds fetched but not
	 * stored (counted in errors too; their fetch record is kept as it
	 * was, so the next refresh fetches them in full), and other writes
	 * (fetch records, checkpoints).  cache_error: the first cause.
	 */
	size_t	 store_errors;
	size_t	 cache_errors;
	char	 cache_error[256];
};

/* Which feeds to refresh: all (both NULL), one URL, or one tag. */
struct refresh_filter {
	const char *url;
	const char *tag;
	int	 due_only;	/* only feeds whose next_due has come */
};

struct refresh;

typedef void (*refresh_feed_cb)(const struct refresh_report *, void *arg);
typedef void (*refresh_done_cb)(const struct refresh_progress *, void *arg);

/*
 * Start refreshing the configured feeds matching filter.  Returns at once;
 * the work happens in the loop.  feed_cb runs after each feed is stored
 * and committed (or failed), done_cb once at the end (after which the
 * refresh frees itself).
 */
struct refresh	*refresh_start(struct db *, const struct config *,
		    const struct refresh_filter *, refresh_feed_cb feed_cb,
		    refresh_done_cb done_cb, void *arg);
void		 refresh_get_progress(const struct refresh *,
		    struct refresh_progress *);
/* Stop every transfer of this refresh; done_cb still runs. */
/*
 * Whether the run's store is idle: no parsed feed waits for it, no
 * fetched feed is being parsed, and for 25 ms no byte came and nothing
 * was stored (feeds still on the network, answering slowly, do not
 * count).  A command indexes for search then (db_index_set_idle()).
 */
int		 refresh_idle(const struct refresh *);
void		 refresh_cancel(struct refresh *);
int		 refresh_running(void);

#endif
