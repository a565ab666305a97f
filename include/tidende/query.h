/*
 * The search syntax (words, "phrases", prefix*, -word, OR, feed:, tag:,
 * author:, is:, since:, until:) turned into an FTS5 expression and SQL
 * conditions with bound parameters.  Every user token is quoted here, so
 * no query can inject FTS5 or SQL syntax.  Only the store (db-search.c,
 * db-items.c, db-retain.c) runs the result.
 */
#ifndef TIDENDE_QUERY_H
#define TIDENDE_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/status.h"

/* query_parse() flags */
#define QUERY_PREFIX_LAST	0x1	/* last word being typed: prefix (3+ chars) */

struct query_param {
	int	 is_text;
	int64_t	 num;
	char	*text;
};

/* A positive word or phrase, for highlighting matches. */
struct query_term {
	char	*text;
	int	 prefix;
};

struct query {
	/* FTS5 expression over items_fts, NULL when no positive words. */
	char	*match;
	/*
	 * SQL conditions over `i` (items), each starting with " AND " ("" when
	 * none); their parameters follow the MATCH parameter, in order.
	 */
	char	*where;
	struct query_param *params;
	size_t	 nparams;

	struct query_term *terms;
	size_t	 nterms;
};

/*
 * Parse a query.  `now` is the time relative ages (since:7d) count from.
 * A mistyped query gives STATUS_USAGE and a short *cause (caller frees);
 * an empty query gives STATUS_USAGE with "nothing to search for".
 */
enum status	 query_parse(const char *text, int flags, int64_t now,
		    struct query **out, char **cause);
void		 query_free(struct query *);
/* True when text has nothing but white space (or is NULL). */
int		 query_is_empty(const char *text);

#endif
