/*
 * Full texts of articles: the article extracted from its web page
 * (tidende/extract.h), kept per article with the page's address and
 * validators for a conditional GET, and indexed for search with the
 * article (the items_text view joins it; schema step 6).  A row with no
 * html records a page that had no article, so it is not fetched again
 * and again.  Rows go with their article.
 */
#ifndef TIDENDE_DB_FULLTEXT_H
#define TIDENDE_DB_FULLTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/db.h"
#include "tidende/status.h"

struct db_fulltext {
	char	*url;		/* the page, after redirects */
	char	*html;		/* the article as clean HTML, NULL: none found */
	char	*error;		/* why there is none, or NULL */
	char	*etag;
	char	*last_modified;
	int64_t	 fetched;	/* when (Unix time) */
};

/* STATUS_OK with *out, STATUS_NOT_FOUND when never fetched. */
enum status	 db_fulltext_get(struct db *, int64_t item_id,
		    struct db_fulltext *out, char **cause);
/*
 * Keep (or replace) the full text of an article and index it for search
 * in one transaction; the article's cached translations are dropped (they
 * were of the summary).  STATUS_NOT_FOUND when the article is gone.
 */
enum status	 db_fulltext_put(struct db *, int64_t item_id,
		    const struct db_fulltext *, char **cause);
void		 db_fulltext_free(struct db_fulltext *);

/*
 * Up to max articles of a feed first seen at or after `since` that have a
 * link and no full text yet, newest first: *ids and *links (caller frees
 * with db_fulltext_missing_free()).
 */
enum status	 db_fulltext_missing(struct db *, int64_t feed_id,
		    int64_t since, size_t max, int64_t **ids, char ***links,
		    size_t *n, char **cause);
void		 db_fulltext_missing_free(int64_t *ids, char **links, size_t n);

#endif
