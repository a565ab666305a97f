/*
 * Article HTML to styled, wrapped lines and a numbered link list, with
 * libxml2's HTML parser (no network, no errors on the terminal).  Every
 * line is cleaned text: no control or escape sequence survives.  The
 * article pane and `tidende show` both use html_article_render(), so they
 * cannot disagree.
 */
#ifndef TIDENDE_HTML_H
#define TIDENDE_HTML_H

#include <stddef.h>

#include "tidende/db-items.h"

#define HTML_BOLD	0x01
#define HTML_ITALIC	0x02
#define HTML_UNDERLINE	0x04
#define HTML_HEADING	0x08
#define HTML_QUOTE	0x10
#define HTML_CODE	0x20
#define HTML_LINK	0x40	/* a link's text; its number follows as [n] */
#define HTML_HEADER	0x80	/* article header lines (title, feed, date) */
#define HTML_MATCH	0x100	/* a search match (set by the caller) */

struct html_span {
	size_t	 start;		/* byte offset in the line */
	size_t	 len;
	int	 attr;
};

struct html_line {
	char	*text;		/* UTF-8, no newline */
	struct html_span *spans;
	size_t	 nspans;
};

struct html_link {
	char	*url;
	char	*text;
};

struct rendered {
	struct html_line *lines;
	size_t	 nlines;
	struct html_link *links;	/* numbered from 1 in the text */
	size_t	 nlinks;
};

/* Render HTML (or plain text) wrapped at width columns. */
void	 html_render(const char *html, const char *base_url, size_t width,
	    struct rendered *out);
/* HTML to plain text on one line: html_text_search() (html-text.h). */
char	*html_to_text(const char *html);
/*
 * The whole article as the pane shows it: header (title, feed, author,
 * date, link), the body (content, else summary; or `translated` when not
 * NULL, marked as translated by `translated_by`), then the numbered links
 * and enclosures.
 */
void	 html_article_render(const struct db_item *, size_t width,
	    const char *translated, const char *translated_by,
	    struct rendered *out);
void	 html_rendered_free(struct rendered *);

#endif
