/*
 * HTML as plain text, by one set of rules for every place that needs it:
 * feed titles, names and categories (the parser), the search text of an
 * article (the store) and HTML to one line (html_to_text()).  Tags,
 * comments and declarations are dropped (a '<' that starts none is text),
 * block elements (p, br, li, td, ...) end a word, script and style go
 * with their text, character references are decoded, and the result is
 * cleaned as utf8_clean() does with its white space collapsed.
 *
 * Named references come from libxml2's HTML table (htmlEntityLookup(), the
 * 253 of HTML 4 with &apos;), the same one its HTML parser, and so the
 * article pane, decodes with.  Numeric references in the C1 range are read
 * as windows-1252, as browsers do; &#0;, surrogates and values past
 * U+10FFFF become U+FFFD; the ';' after a number may be missing.  A name
 * needs its ';' (as in libxml2's HTML parser: "&amp x" stays as it is).
 */
#ifndef TIDENDE_HTML_TEXT_H
#define TIDENDE_HTML_TEXT_H

#include <stddef.h>

#include "tidende/buf.h"

/* A named character reference and its value as UTF-8. */
struct html_entity {
	const char	*name;
	char		 utf8[5];	/* NUL-terminated */
	unsigned char	 len;		/* bytes in utf8 */
};

/*
 * The reference named by name[0..len) (no '&', no ';'), or NULL.  Entries
 * stay valid for the life of the process; all of them are
 * html_text_entities()[0..n).
 */
const struct html_entity *html_text_entity_find(const char *name, size_t len);
const struct html_entity *html_text_entities(size_t *n);

/*
 * Decode the reference at s ('&', len bytes available) onto out.  Returns
 * the bytes it used, or 0 when s holds no reference (out is untouched).
 */
size_t	 html_text_entity(const char *s, size_t len, struct buf *out);

/*
 * For HTML going to libxml2's HTML parser (the article pane): a copy of
 * s[0..len) whose numeric references libxml2 would read differently (the
 * C1 range, 0, surrogates, past U+10FFFF) are replaced by their UTF-8 by
 * the rules above, or NULL when there is none.
 */
char	*html_text_charrefs(const char *s, size_t len);

/*
 * 1 when utf8_clean() would change nothing in s[0..len) but white space:
 * valid UTF-8 without controls (but \t and \n), C1 or bidi marks.
 */
int	 html_text_is_clean(const char *s, size_t len);

/* HTML source to one line of plain text (caller frees; never NULL). */
char	*html_text_line(const char *html, size_t len);

/*
 * An article's search text: html_text_line() of a NUL-terminated body, ""
 * for NULL, without soft hyphens (U+00AD) and zero-width non-joiners
 * (U+200C), which would split a word in the full-text index.  What the
 * store puts in its index.
 */
char	*html_text_search(const char *html);

#endif
