/*
 * Search matches: the words of a query worth highlighting and where they
 * occur in a text.
 */
#ifndef TIDENDE_MATCH_H
#define TIDENDE_MATCH_H

#include <stddef.h>

/*
 * Find matches of any term in s (case-insensitive, letters compared
 * folded); fills starts/lens up to max, returns the count.
 */
size_t		 match_find(const char *s, char *const *terms, size_t nterms,
		    size_t *starts, size_t *lens, size_t max);
/* The words of a search query worth highlighting (caller frees). */
char		**match_terms(const char *query, size_t *n);
void		 match_terms_free(char **, size_t);

#endif
