/*
 * The cache: the only module that calls SQLite.  The store is the truth the
 * interface reads; every query returns a page (keyset pagination), nothing
 * loads the whole cache.  Returned strings and rows are owned by the caller
 * and freed with the matching *_free().
 */
#ifndef TIDENDE_DB_H
#define TIDENDE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/feed.h"
#include "tidende/status.h"

struct db;

/* db_open() flags */
#define DB_READONLY	0x1	/* open only; fail if missing */

/*
 * Open (creating and migrating as needed) the cache at path; NULL means
 * $XDG_DATA_HOME/tidende/cache.db.  On a corrupt or unreadable file,
 * *cause names the file and says how to move it aside.
 */
enum status	 db_open(const char *path, int flags, struct db **out,
		    char **cause);
void		 db_close(struct db *);
const char	*db_path(struct db *);
/* Moves whenever the store's data changes (this process or another). */
uint64_t	 db_generation(struct db *);
/* Default path: $XDG_DATA_HOME/tidende/cache.db (caller frees). */
char		*db_default_path(void);
/* PRAGMA integrity_check; STATUS_DB with what is wrong in *cause. */
enum status	 db_check(struct db *, char **cause);

/* ---------------------------------------------------------------- feeds */

struct db_feed {
	int64_t	 id;
	char	*url;
	char	*title;		/* display title: config's, else the feed's */
	char	*site_link;
	char	*language;
	char	*etag;
	char	*last_modified;
	int64_t	 last_fetch;	/* 0 = never */
	int64_t	 next_due;	/* 0 = now */
	int	 http_status;
	int	 fail_count;	/* consecutive failures, for back-off */
	char	*error;		/* last error, NULL when the last fetch was fine */
	int64_t	 error_time;
	int64_t	 unread;
	int64_t	 total;
	char	*moved_to;	/* permanent redirect target, NULL if none */
};

void		 db_feed_free(struct db_feed *);
void		 db_feeds_free(struct db_feed *, size_t);

/*
 * Make sure a feed row exists for url with this config title (may be NULL)
 * and tags (replacing the stored tags); *id gets its id.
 */
enum status	 db_feed_sync(struct db *, const char *url, const char *title,
		    char *const *tags, size_t ntags, int64_t *id, char **cause);
enum status	 db_feed_get(struct db *, int64_t id, struct db_feed *out);
enum status	 db_feed_find(struct db *, const char *url, struct db_feed *out);
/* Every feed with unread/total counts, ordered by title. */
enum status	 db_feeds_list(struct db *, struct db_feed **out, size_t *n);

struct db_tag {
	char	*name;
	int64_t	 unread;
	int64_t	 total;
};
enum status	 db_tags_list(struct db *, struct db_tag **out, size_t *n);
void		 db_tags_free(struct db_tag *, size_t);

/* What one fetch attempt found, recorded on the feed. */
struct db_fetch_result {
	int64_t	 fetched_at;
	int	 http_status;		/* 0 when no HTTP reply */
	const char *etag;		/* NULL: keep the stored one */
	const char *last_modified;	/* NULL: keep the stored one */
	const char *error;		/* NULL on success */
	int64_t	 next_due;		/* when to try again (Retry-After, back-off) */
	const char *new_url;		/* permanent redirect target, or NULL */
};
enum status	 db_feed_record_fetch(struct db *, int64_t feed_id,
		    const struct db_fetch_result *, char **cause);

/* ---------------------------------------------------------------- store */

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
 * Store batches, for a refresh storing many feeds: between begin and end,
 * store steps, fetch results and prunes share one open transaction,
 * committed by db_batch_commit() and db_batch_end(), or by any other write
 * on this connection, which commits it first.  A failed store step rolls
 * back the whole batch (fetch results with it, so nothing is half-kept).  One commit per many small feeds instead of one each: far
 * fewer index pages written.  Readers on this connection see the stored
 * articles at once; other processes when the batch commits.  Nested
 * begin/end pairs count; the outermost end commits.
 */
void		 db_batch_begin(struct db *);
enum status	 db_batch_commit(struct db *, char **cause);
enum status	 db_batch_end(struct db *, char **cause);
int64_t		 db_batch_age(struct db *);	/* ms open, -1: none */
/*
 * Whether a store batch may begin now: 0 while the write-ahead log is big
 * and the checkpoint thread is still catching up; a writer that never
 * paused would keep the log from ever starting again (it grew to GBs).
 * The caller tries again in a later loop pass.
 */
int		 db_store_ready(struct db *);

/* ---------------------------------------------------------------- items */

enum db_view {
	DB_VIEW_ALL,
	DB_VIEW_FEED,		/* filter.feed_id */
	DB_VIEW_TAG,		/* filter.tag */
	DB_VIEW_STARRED,
	DB_VIEW_SEARCH,		/* filter.search, in the query syntax */
};

struct db_filter {
	enum db_view view;
	int64_t	 feed_id;
	const char *tag;
	const char *search;
	int	 unread_only;
	int	 starred_only;	/* any view: starred articles only */
	int	 by_relevance;	/* search: best match first instead of newest */
	int	 ignored;	/* show only items hidden by `ignore` rules */
	int	 prefix_last;	/* search: the last word is still being typed */
};

/* One line of the article list. */
struct db_row {
	int64_t	 id;
	int64_t	 feed_id;
	char	*feed_title;
	char	*feed_url;
	char	*title;
	char	*link;
	char	*author;
	int64_t	 date;		/* published, else updated, else first seen */
	int	 read;
	int	 starred;
	double	 rank;		/* search relevance (lower is better), else 0 */
	int64_t	 published;	/* published, else updated, else FEED_NO_DATE */
};

/* Position in list order (newest first: date desc, id desc). */
struct db_cursor {
	int64_t	 date;
	int64_t	 id;
	double	 rank;
};

/*
 * Up to `limit` rows after `after` (NULL: from the top) in list order, or
 * before it when `backwards` is set (rows still returned in list order).
 * A search query the user mistyped gives STATUS_USAGE with a short *cause.
 */
enum status	 db_items_page(struct db *, const struct db_filter *,
		    const struct db_cursor *after, int backwards, size_t limit,
		    struct db_row **rows, size_t *nrows, char **cause);
void		 db_rows_free(struct db_row *, size_t);
/* Free one row's strings, not the row (rows inside a caller's array). */
void		 db_row_clear(struct db_row *);
void		 db_row_cursor(const struct db_row *, struct db_cursor *);
enum status	 db_items_count(struct db *, const struct db_filter *,
		    int64_t *total, int64_t *unread, char **cause);

/* A whole article. */
struct db_item {
	int64_t	 id;
	int64_t	 feed_id;
	char	*feed_title;
	char	*feed_url;
	char	*feed_language;
	int64_t	 first_seen;
	int	 read;
	int	 starred;
	struct item item;
};
enum status	 db_item_get(struct db *, int64_t id, struct db_item *out,
		    char **cause);
void		 db_item_free(struct db_item *);

enum status	 db_item_set_read(struct db *, int64_t id, int read);
enum status	 db_item_set_starred(struct db *, int64_t id, int starred);
/* Mark every item matching the filter read. */
enum status	 db_mark_read(struct db *, const struct db_filter *,
		    char **cause);

/*
 * Retention: delete articles beyond the newest max_items of each feed (0:
 * no limit) and older than max_age_days (0: forever).  Starred articles
 * and those still in a feed's document (seen in the last two days) are
 * never deleted.  Free space is reclaimed now and then.
 */
enum status	 db_prune(struct db *, long max_items, long max_age_days,
		    size_t *deleted, char **cause);
/* The same for one feed (its own max-items=). */
enum status	 db_prune_feed(struct db *, int64_t feed_id, long max_items,
		    long max_age_days, size_t *deleted, char **cause);

/*
 * The `ignore "QUERY"` rules.  Articles matching one are flagged when
 * stored (hidden from every view but `ignored`); changing the rules
 * re-flags the cache once.  A bad query gives STATUS_USAGE naming it.
 */
enum status	 db_set_ignores(struct db *, char **queries, size_t n,
		    char **cause);

/*
 * HTML to one line of plain text, cheaply (tags dropped, entities
 * decoded, white space collapsed): what the search index holds.
 */
char		*db_html_text(const char *html);

/* ---------------------------------------------------------- translations */

/* STATUS_NOT_FOUND when no cached translation for (item, command). */
enum status	 db_translation_get(struct db *, int64_t item_id,
		    const char *command, char **text);
enum status	 db_translation_put(struct db *, int64_t item_id,
		    const char *command, const char *text);

#endif
