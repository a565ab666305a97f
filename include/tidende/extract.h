/*
 * The article in a web page: libxml2's HTML parser (no network, no
 * messages, bounded size, depth and node count), then structured data and
 * semantic markup first (JSON-LD articleBody, itemprop="articleBody",
 * <article>, <main>), a text-density score over the other blocks where
 * those say nothing, and the page furniture (navigation, share buttons,
 * widgets, comments, cookie banners, footers) left out.  The result is
 * clean HTML for the article pane's renderer (html.h): paragraphs,
 * headings, lists, quotes, tables, absolute links, and images as a link
 * around their alt text.  Pages in another encoding come out as UTF-8.
 */
#ifndef TIDENDE_EXTRACT_H
#define TIDENDE_EXTRACT_H

#include <stddef.h>

#include "tidende/status.h"

#define EXTRACT_MAX_PAGE	(4u << 20)	/* bytes of HTML read */
#define EXTRACT_MAX_OUTPUT	(1u << 20)	/* bytes of article HTML */
#define EXTRACT_MAX_DEPTH	256		/* elements deeper are skipped */
#define EXTRACT_MAX_NODES	250000		/* nodes looked at */

struct extract_result {
	char	*html;		/* the article as clean UTF-8 HTML */
	char	*title;		/* og:title, JSON-LD headline or <title> */
	const char *method;	/* "json-ld", "itemprop", "article", "main"
				   or "density": what found it */
	char	*charset;	/* the encoding the page was read in */
	size_t	 paragraphs;	/* paragraphs in html */
};

/*
 * Find the article in page (len bytes, at most EXTRACT_MAX_PAGE are
 * read).  url is the page's address (relative links, <base>);
 * http_charset the charset of the HTTP Content-Type, or NULL: it wins
 * over the page's own <meta> declarations.  STATUS_OK with *out filled
 * (extract_result_free()), STATUS_NOT_FOUND when the page has no
 * article, STATUS_ERROR when it is not HTML; *cause says why (caller
 * frees).
 */
enum status	 extract_article(const char *page, size_t len, const char *url,
		    const char *http_charset, struct extract_result *out,
		    char **cause);
void		 extract_result_free(struct extract_result *);

/*
 * The same, with the page given as it arrives: the parser works on each
 * chunk at once (and waits for the first 4 KB to know the charset), so a
 * big page is never parsed in one go on the loop.  finish() frees p.
 */
struct extract_parser;
struct extract_parser *extract_parser_new(const char *url,
		    const char *http_charset);
/* Bytes past EXTRACT_MAX_PAGE are ignored. */
void		 extract_parser_feed(struct extract_parser *, const char *,
		    size_t);
enum status	 extract_parser_finish(struct extract_parser *,
		    struct extract_result *, char **cause);
/* The page's address after redirects, for its relative links. */
void		 extract_parser_set_url(struct extract_parser *, const char *);
/* Drop a parser without finishing (a cancelled fetch). */
void		 extract_parser_free(struct extract_parser *);

/*
 * The encoding to read page in: http_charset if libxml2 knows it, else
 * a byte-order mark, a <meta charset> or <meta http-equiv content-type>
 * in the first 4 KB, else UTF-8 when the bytes are valid UTF-8 and
 * windows-1252 when not.  Labels for ISO-8859-1 and ASCII mean
 * windows-1252, as in browsers.  Caller frees.
 */
char		*extract_charset(const char *page, size_t len,
		    const char *http_charset);

#endif
