/*
 * Article queries: keyset pages of rows for a filter (view, tag, feed,
 * search), counts, one whole article, and read/starred state.  Writes
 * here wait while another process holds the cache; the interface uses
 * tidende/db-queue.h instead, which never waits.
 */
#ifndef TIDENDE_DB_ITEMS_H
#define TIDENDE_DB_ITEMS_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/db.h"
#include "tidende/feed.h"
#include "tidende/status.h"

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
void		 db_items_rows_free(struct db_row *, size_t);
/* Free one row's strings, not the row (rows inside a caller's array). */
void		 db_items_row_clear(struct db_row *);
void		 db_items_row_cursor(const struct db_row *, struct db_cursor *);
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
	/* db_items_get(): the full text from the web page (db-fulltext.h) */
	char	*fulltext;	/* clean HTML, NULL when none */
	char	*fulltext_url;	/* the page it came from */
};
enum status	 db_items_get(struct db *, int64_t id, struct db_item *out,
		    char **cause);
void		 db_items_item_free(struct db_item *);

enum status	 db_items_set_read(struct db *, int64_t id, int read);
enum status	 db_items_set_starred(struct db *, int64_t id, int starred);
/* Mark every item matching the filter read. */
enum status	 db_items_mark_read(struct db *, const struct db_filter *,
		    char **cause);

#endif
