/*
 * Search matches: which words of a query are worth highlighting, and
 * where they occur in a text (case-insensitive, letters compared folded,
 * any script).  No curses: the drawing is draw.c's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tidende/match.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

/*
 * Decode and case-fold s into cps, with the byte offset of each; the
 * full-width forms U+FF01-U+FF5E are their ASCII characters and U+3000
 * a space, as in the search index (db-tokenize.c), so a search for nhk
 * marks ＮＨＫ and the other way round.
 */
static size_t
match_fold(const char *s, uint32_t **cps, size_t **offs)
{
	size_t len = strlen(s), i = 0, n = 0, k;
	uint32_t cp;

	*cps = xreallocarray(NULL, len + 1, sizeof **cps);
	*offs = xreallocarray(NULL, len + 1, sizeof **offs);
	while (i < len) {
		k = utf8_decode(s + i, len - i, &cp);
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xff01 - 0x21;
		else if (cp == 0x3000)
			cp = ' ';
		(*cps)[n] = (uint32_t)towlower((wint_t)cp);
		(*offs)[n++] = i;
		i += k;
	}
	(*offs)[n] = len;
	return n;
}

size_t
match_find(const char *s, char *const *terms, size_t nterms, size_t *starts,
    size_t *lens, size_t max)
{
	uint32_t *cps, *tc;
	size_t *offs, *to, n, tn, i, j, t, found = 0, best;

	if (s == NULL || nterms == 0 || max == 0)
		return 0;
	n = match_fold(s, &cps, &offs);
	for (i = 0; i < n && found < max; ) {
		best = 0;
		for (t = 0; t < nterms; t++) {
			tn = match_fold(terms[t], &tc, &to);
			if (tn > 0 && tn > best && i + tn <= n) {
				for (j = 0; j < tn; j++)
					if (cps[i + j] != tc[j])
						break;
				if (j == tn)
					best = tn;
			}
			free(tc);
			free(to);
		}
		if (best > 0) {
			starts[found] = offs[i];
			lens[found++] = offs[i + best] - offs[i];
			i += best;
		} else
			i++;
	}
	free(cps);
	free(offs);
	return found;
}

/* Whether p starts with the ideographic space U+3000 (a word's end). */
static int
match_wide_space(const char *p)
{
	return (unsigned char)p[0] == 0xe3 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] == 0x80;
}

static void
match_add(char ***v, size_t *n, const char *s, size_t len)
{
	while (len > 0 && s[len - 1] == '*')
		len--;
	if (len == 0)
		return;
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[(*n)++] = xstrndup(s, len);
	(*v)[*n] = NULL;
}

char **
match_terms(const char *q, size_t *n)
{
	char **v = NULL;
	const char *p = q, *start, *colon;
	size_t len;

	*n = 0;
	if (q == NULL)
		return NULL;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '(' || *p == ')' ||
		    match_wide_space(p))
			p += match_wide_space(p) ? 3 : 1;
		if (*p == '\0')
			break;
		if (*p == '"') {
			start = ++p;
			while (*p != '\0' && *p != '"')
				p++;
			match_add(&v, n, start, (size_t)(p - start));
			if (*p == '"')
				p++;
			continue;
		}
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != ')' &&
		    !match_wide_space(p))
			p++;
		len = (size_t)(p - start);
		if (*start == '-')
			continue;
		if ((len == 2 && strncmp(start, "OR", 2) == 0) ||
		    (len == 3 && strncmp(start, "AND", 3) == 0) ||
		    (len == 3 && strncmp(start, "NOT", 3) == 0))
			continue;
		colon = memchr(start, ':', len);
		if (colon != NULL) {
			/* author:NAME and feed:NAME values are not in titles. */
			continue;
		}
		match_add(&v, n, start, len);
	}
	return v;
}

void
match_terms_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

