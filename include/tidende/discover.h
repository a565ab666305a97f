/*
 * Feed discovery (issue 21 item 2): the feeds a web page advertises in
 * `<link rel="alternate" type=…>`, or, when it advertises none, those
 * answering at the usual paths (/feed/, /rss, /atom.xml, ...).  All
 * transfers go through fetch.h on the event loop, size and time bounded;
 * the page is read with libxml2's HTML push parser (the first
 * DISCOVER_MAX_HTML bytes) and every candidate that is fetched is
 * confirmed with the feed parser (parse.h).  Knows nothing of the cache
 * or the config.
 */
#ifndef TIDENDE_DISCOVER_H
#define TIDENDE_DISCOVER_H

#include <stddef.h>

#include "tidende/status.h"

/* Bytes of a page the HTML scan reads; the rest is not looked at. */
#define DISCOVER_MAX_HTML	(1024 * 1024)
/* Links kept from one page. */
#define DISCOVER_MAX_LINKS	64

struct discover_feed {
	char	*url;		/* absolute http(s):// or file:// */
	/*
	 * Fetched and parsed: the format word of `tidende parse`
	 * ("rss-2.0", "atom-1.0", "json-feed-1.x", ...); only advertised:
	 * the MIME type the page gave ("application/rss+xml").
	 */
	char	*format;
	char	*title;		/* one clean line, NULL when none */
	int	 fetched;	/* confirmed by the feed parser */
};

struct discover_result {
	/*
	 * OK: the page was read (n may be 0); CANCELLED; else the page could
	 * not be fetched (NETWORK, TIMEOUT, ERROR, TOO_BIG) and error says
	 * why in one line.
	 */
	enum status status;
	const char *error;
	int	 is_feed;	/* the address itself is a feed: feeds[0] */
	const struct discover_feed *feeds;
	size_t	 n;
};

/* The result lives until done() returns. */
typedef void (*discover_done_cb)(const struct discover_result *,
    void *arg);

struct discover;

/*
 * The address as discovery takes it: "www.example.org" becomes
 * "https://www.example.org"; http://, https:// and file:// pass; NULL
 * with *cause for anything else (another scheme, spaces, control
 * bytes).  Caller frees.
 */
char		*discover_url(const char *typed, char **cause);
/*
 * Start discovering feeds at url (as discover_url() returns it); returns
 * at once, the work happens in the loop (fetch_init() must have run).
 * done() runs once, also after discover_cancel(); the handle is gone
 * after it.
 */
struct discover	*discover_start(const char *url, discover_done_cb,
		    void *arg);
/* Stop it: done() runs with STATUS_CANCELLED before this returns. */
void		 discover_cancel(struct discover *);

/*
 * The feeds an HTML document (whole, or its first part) advertises, in
 * document order, without duplicates; relative hrefs resolve against the
 * first `<base href>`, then page_url.  Links of type application/json
 * come back with format "application/json": they need fetching to tell a
 * JSON Feed from any other JSON.  Returns the count; *out is the array.
 */
size_t		 discover_html_links(const char *html, size_t len,
		    const char *page_url, const char *charset,
		    struct discover_feed **out);
void		 discover_feeds_free(struct discover_feed *, size_t n);

#endif
