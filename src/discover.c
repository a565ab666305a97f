/*
 * Feed discovery: fetch a page through the loop, scan it with libxml2's
 * HTML push parser for `<link rel="alternate">` feeds while the feed
 * parser tries it as a feed; when it is neither, probe the usual paths
 * concurrently and keep what parses as a feed.  Everything from the
 * network is hostile: the scan reads at most DISCOVER_MAX_HTML bytes,
 * keeps at most DISCOVER_MAX_LINKS links, and titles are cleaned to one
 * line; a candidate is confirmed by its first item (or its end), so a
 * huge feed is not read whole.
 */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/discover.h"
#include "tidende/feed.h"
#include "tidende/fetch.h"
#include "tidende/log.h"
#include "tidende/parse.h"
#include "tidende/url.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define DISCOVER_MAX_TITLE	300	/* bytes of a title kept */
#define DISCOVER_MAX_URL	2048

/* Probed when the page advertises nothing, in this order. */
static const char *const discover_paths[] = {
	"feed/", "rss", "atom.xml", "feed.json", "index.xml", "rss.xml",
	"feed",
};

/* ------------------------------------------------------------ results */

void
discover_feeds_free(struct discover_feed *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].url);
		free(f[i].format);
		free(f[i].title);
	}
	free(f);
}

/* One clean line of at most DISCOVER_MAX_TITLE bytes, NULL when empty. */
static char *
discover_title(const char *s)
{
	char *t, *cut;
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > DISCOVER_MAX_TITLE * 4)
		n = DISCOVER_MAX_TITLE * 4;
	t = utf8_clean(s, n, UTF8_COLLAPSE_SPACE);
	if (strlen(t) > DISCOVER_MAX_TITLE) {
		cut = utf8_truncate(t, DISCOVER_MAX_TITLE / 2, 0);
		free(t);
		t = cut;
	}
	if (*t == '\0') {
		free(t);
		return NULL;
	}
	return t;
}

/* A URL fit to print, store and fetch: absolute, allowed scheme, clean. */
static int
discover_url_ok(const char *url, int allow_file)
{
	const unsigned char *p;

	if (strlen(url) > DISCOVER_MAX_URL)
		return 0;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 0;
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0 &&
	    !(allow_file && strncasecmp(url, "file://", 7) == 0))
		return 0;
	return url_is_valid(url);
}

char *
discover_url(const char *typed, char **cause)
{
	char *url;

	*cause = NULL;
	if (*typed == '\0') {
		*cause = xstrdup(_("empty address"));
		return NULL;
	}
	if (strstr(typed, "://") == NULL && strncasecmp(typed, "file:", 5) != 0)
		url = xasprintf("https://%s", typed);
	else
		url = xstrdup(typed);
	if (!discover_url_ok(url, 1)) {
		free(url);
		*cause = xstrdup(_("not a web address (http://, https:// or "
		    "file://, no spaces)"));
		return NULL;
	}
	return url;
}

/* --------------------------------------------------------- HTML scan */

struct discover_link {
	char	*href;
	char	*type;		/* lower case, no parameters */
	char	*title;
};

struct discover_html {
	htmlParserCtxtPtr ctxt;
	size_t		 bytes;
	char		*base;	/* the first <base href>, as written */
	struct discover_link links[DISCOVER_MAX_LINKS];
	size_t		 nlinks;
};

static const char *const discover_types[] = {
	"application/rss+xml", "application/atom+xml",
	"application/feed+json", "application/json",
};

static const char *
discover_attr(const xmlChar **atts, const char *name)
{
	size_t i;

	for (i = 0; atts != NULL && atts[i] != NULL; i += 2)
		if (strcasecmp((const char *)atts[i], name) == 0)
			return atts[i + 1] != NULL ?
			    (const char *)atts[i + 1] : "";
	return NULL;
}

/* rel is a space-separated list: does it hold "alternate"? */
static int
discover_rel_alternate(const char *rel)
{
	const char *p = rel;
	size_t n;

	while (*p != '\0') {
		p += strspn(p, " \t\n\r\f");
		n = strcspn(p, " \t\n\r\f");
		if (n == 9 && strncasecmp(p, "alternate", 9) == 0)
			return 1;
		p += n;
	}
	return 0;
}

/* The feed type of a type attribute, or NULL. */
static const char *
discover_type(const char *type)
{
	size_t i, n;

	type += strspn(type, " \t\n\r\f");
	n = strcspn(type, "; \t\n\r\f");
	for (i = 0; i < sizeof discover_types / sizeof discover_types[0]; i++)
		if (strlen(discover_types[i]) == n &&
		    strncasecmp(type, discover_types[i], n) == 0)
			return discover_types[i];
	return NULL;
}

static void
discover_sax_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct discover_html *h = ctx;
	struct discover_link *l;
	const char *rel, *type, *href;

	if (strcasecmp((const char *)name, "base") == 0) {
		if (h->base == NULL && (href = discover_attr(atts, "href")) !=
		    NULL && *href != '\0' && strlen(href) <= DISCOVER_MAX_URL)
			h->base = xstrdup(href);
		return;
	}
	if (strcasecmp((const char *)name, "link") != 0 ||
	    h->nlinks == DISCOVER_MAX_LINKS)
		return;
	if ((rel = discover_attr(atts, "rel")) == NULL ||
	    !discover_rel_alternate(rel) ||
	    (type = discover_attr(atts, "type")) == NULL ||
	    (type = discover_type(type)) == NULL ||
	    (href = discover_attr(atts, "href")) == NULL ||
	    strlen(href) > DISCOVER_MAX_URL)
		return;
	href += strspn(href, " \t\n\r\f");
	if (*href == '\0')
		return;
	l = &h->links[h->nlinks++];
	l->href = xstrdup(href);
	l->type = xstrdup(type);
	l->title = discover_title(discover_attr(atts, "title"));
}

static void
discover_quiet(void *ctx, const char *fmt, ...)
{
}

static void
discover_quiet_structured(void *ctx, xmlErrorPtr e)
{
}

static void
discover_html_init(struct discover_html *h, const char *charset)
{
	xmlSAXHandler sax;
	xmlCharEncodingHandlerPtr enc;

	memset(h, 0, sizeof *h);
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElement = discover_sax_start;
	sax.warning = discover_quiet;
	sax.error = discover_quiet;
	sax.fatalError = discover_quiet;
	sax.serror = discover_quiet_structured;
	parse_init();
	h->ctxt = htmlCreatePushParserCtxt(&sax, h, NULL, 0, NULL,
	    XML_CHAR_ENCODING_NONE);
	if (h->ctxt == NULL)
		fatalx("htmlCreatePushParserCtxt failed");
	htmlCtxtUseOptions(h->ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD);
	if (charset != NULL && (enc = xmlFindCharEncodingHandler(charset)) !=
	    NULL)
		xmlSwitchToEncoding(h->ctxt, enc);
}

/* Feed the scan; 1 once it has had its DISCOVER_MAX_HTML bytes. */
static int
discover_html_push(struct discover_html *h, const char *buf, size_t len)
{
	if (h->ctxt == NULL || h->bytes >= DISCOVER_MAX_HTML)
		return 1;
	if (len > DISCOVER_MAX_HTML - h->bytes)
		len = DISCOVER_MAX_HTML - h->bytes;
	h->bytes += len;
	htmlParseChunk(h->ctxt, buf, (int)len, 0);
	return h->bytes >= DISCOVER_MAX_HTML;
}

/* End the scan; the links as feeds resolved against base and page_url. */
static size_t
discover_html_finish(struct discover_html *h, const char *page_url,
    struct discover_feed **out)
{
	struct discover_feed *f;
	char *base, *url;
	size_t i, k, n = 0;
	int allow_file = page_url != NULL &&
	    strncasecmp(page_url, "file:", 5) == 0;

	if (h->ctxt != NULL) {
		htmlParseChunk(h->ctxt, NULL, 0, 1);
		if (h->ctxt->myDoc != NULL)
			xmlFreeDoc(h->ctxt->myDoc);
		htmlFreeParserCtxt(h->ctxt);
		h->ctxt = NULL;
	}
	base = h->base != NULL ? url_resolve(page_url, h->base) :
	    xstrdup0(page_url);
	f = xcalloc(h->nlinks + 1, sizeof *f);
	for (i = 0; i < h->nlinks; i++) {
		url = url_resolve(base, h->links[i].href);
		for (k = 0; k < n && strcmp(f[k].url, url) != 0; k++)
			;
		if (k < n || !discover_url_ok(url, allow_file)) {
			free(url);
			continue;
		}
		f[n].url = url;
		f[n].format = xstrdup(h->links[i].type);
		f[n].title = h->links[i].title;
		h->links[i].title = NULL;
		n++;
	}
	for (i = 0; i < h->nlinks; i++) {
		free(h->links[i].href);
		free(h->links[i].type);
		free(h->links[i].title);
	}
	h->nlinks = 0;
	free(h->base);
	h->base = NULL;
	free(base);
	*out = f;
	return n;
}

size_t
discover_html_links(const char *html, size_t len, const char *page_url,
    const char *charset, struct discover_feed **out)
{
	struct discover_html h;

	discover_html_init(&h, charset);
	discover_html_push(&h, html, len);
	return discover_html_finish(&h, page_url, out);
}

/* ------------------------------------------------------- candidates */

/* One transfer: the page, or a candidate feed. */
struct discover_job {
	struct discover	*d;
	char		*url;
	struct fetch_job *job;
	struct parser	*parser;
	int		 parse_failed;
	int		 stopped;	/* we ended the transfer on purpose */
	enum feed_format format;
	char		*title;
	int		 is_feed;	/* a first item, or a clean end */
	char		*final_url;	/* after redirects */
	int		 is_page;
	char		*advertised;	/* the page's title for it, if any */
	struct discover_html html;	/* the page only */
	int		 html_on;
};

struct discover {
	char		*url;
	discover_done_cb done;
	void		*arg;
	struct discover_job page;
	struct discover_job *jobs;	/* candidates being fetched */
	size_t		 njobs;
	size_t		 pending;
	int		 probing_paths;	/* jobs are the usual paths */
	struct discover_feed *feeds;	/* advertised, kept as they are */
	size_t		 nfeeds;
	int		 cancelled;
	int		 finishing;
};

static void
discover_item(struct item *it, const struct parsed_feed *pf, void *arg)
{
	struct discover_job *j = arg;

	if (!j->is_feed) {
		j->is_feed = 1;
		j->format = pf->format;
		j->title = xstrdup0(pf->title);
	}
}

static int
discover_data(const struct fetch_reply *r, const char *buf, size_t len,
    void *arg)
{
	struct discover_job *j = arg;
	char *cause = NULL;
	int html_full = 1;

	if (j->parser == NULL && !j->parse_failed)
		j->parser = parse_new(r->url, r->charset, discover_item, j);
	if (j->is_page && !j->html_on && j->html.ctxt == NULL &&
	    j->html.bytes == 0) {
		discover_html_init(&j->html, r->charset);
		j->html_on = 1;
	}
	if (j->parser != NULL && !j->parse_failed &&
	    parse_push(j->parser, buf, len, &cause) != STATUS_OK) {
		j->parse_failed = 1;
		free(cause);
	}
	if (j->is_feed) {
		/* a feed: its first item says enough */
		j->stopped = 1;
		return 1;
	}
	if (j->is_page)
		html_full = discover_html_push(&j->html, buf, len);
	if (j->parse_failed && html_full) {
		j->stopped = 1;
		return 1;
	}
	return 0;
}

/* The transfer ended well: did the feed parser take it? */
static void
discover_confirm(struct discover_job *j)
{
	struct parsed_feed pf;
	char *warning = NULL, *cause = NULL;

	if (j->is_feed || j->parse_failed || j->parser == NULL)
		return;
	feed_parsed_init(&pf);
	/* the last items (a JSON Feed's all) may come out of the finish */
	if (parse_finish(j->parser, &pf, &warning, &cause) == STATUS_OK &&
	    pf.format != FEED_FORMAT_UNKNOWN && !j->is_feed) {
		j->is_feed = 1;
		j->format = pf.format;
		j->title = xstrdup0(pf.title);
	}
	feed_parsed_free(&pf);
	free(warning);
	free(cause);
}

static void
discover_job_free(struct discover_job *j)
{
	struct discover_feed *f = NULL;

	parse_free(j->parser);
	j->parser = NULL;
	if (j->html_on) {
		discover_feeds_free(f, discover_html_finish(&j->html, NULL,
		    &f));
		j->html_on = 0;
	}
	free(j->url);
	free(j->title);
	free(j->final_url);
	free(j->advertised);
}

static void
discover_add(struct discover_feed **fv, size_t *n, const char *url,
    const char *format, const char *title)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*fv)[i].url, url) == 0)
			return;
	*fv = xreallocarray(*fv, *n + 1, sizeof **fv);
	(*fv)[*n].url = xstrdup(url);
	(*fv)[*n].format = xstrdup(format);
	(*fv)[*n].title = discover_title(title);
	(*fv)[*n].fetched = 1;
	(*n)++;
}

static void
discover_end(struct discover *d, enum status st, const char *error,
    int is_feed)
{
	struct discover_result res;
	size_t i;

	memset(&res, 0, sizeof res);
	res.status = d->cancelled ? STATUS_CANCELLED : st;
	res.error = d->cancelled ? _("cancelled") : error;
	res.is_feed = is_feed;
	res.feeds = d->feeds;
	res.n = d->nfeeds;
	d->done(&res, d->arg);
	discover_job_free(&d->page);
	for (i = 0; i < d->njobs; i++)
		discover_job_free(&d->jobs[i]);
	free(d->jobs);
	discover_feeds_free(d->feeds, d->nfeeds);
	free(d->url);
	free(d);
}

static void	discover_job_done(const struct fetch_reply *, void *);

static void
discover_job_start(struct discover_job *j)
{
	struct fetch_job_opts o;

	memset(&o, 0, sizeof o);
	o.url = j->url;
	o.data = discover_data;
	o.done = discover_job_done;
	o.arg = j;
	j->job = fetch_start(&o);
}

/* Every candidate fetched: keep those that are feeds, and report. */
static void
discover_candidates_done(struct discover *d)
{
	struct discover_job *j;
	size_t i;

	for (i = 0; i < d->njobs; i++) {
		j = &d->jobs[i];
		if (!j->is_feed)
			continue;
		discover_add(&d->feeds, &d->nfeeds, j->final_url != NULL ?
		    j->final_url : j->url, feed_format_name(j->format) != NULL ?
		    feed_format_name(j->format) : "unknown",
		    j->title != NULL ? j->title : j->advertised);
	}
	discover_end(d, STATUS_OK, NULL, 0);
}

/* Fetch urls[0..n) (own the strings) as candidates, all at once. */
static void
discover_fetch(struct discover *d, char **urls, char **titles, size_t n)
{
	size_t i;

	if (n == 0) {
		discover_candidates_done(d);
		return;
	}
	d->jobs = xcalloc(n, sizeof *d->jobs);
	d->njobs = n;
	d->pending = n;
	for (i = 0; i < n; i++) {
		d->jobs[i].d = d;
		d->jobs[i].url = urls[i];
		d->jobs[i].advertised = titles != NULL ? titles[i] : NULL;
	}
	for (i = 0; i < n && !d->cancelled; i++)
		discover_job_start(&d->jobs[i]);
}

/* The usual paths under the page's directory, then the site's root. */
static size_t
discover_probe_urls(const char *page, char ***out)
{
	const size_t np = sizeof discover_paths / sizeof discover_paths[0];
	char **v, *dir, *u, *q, *rel;
	size_t i, k, n = 0, m;

	v = xcalloc(2 * np, sizeof *v);
	/* the page's directory: "https://x/blog" is "https://x/blog/" */
	dir = xstrdup(page);
	if ((q = strpbrk(dir, "?#")) != NULL)
		*q = '\0';
	if (*dir == '\0' || dir[strlen(dir) - 1] != '/') {
		u = xasprintf("%s/", dir);
		free(dir);
		dir = u;
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < np; i++) {
			rel = xasprintf("%s%s", k == 0 ? "" : "/",
			    discover_paths[i]);
			u = url_resolve(dir, rel);
			free(rel);
			for (m = 0; m < n && strcmp(v[m], u) != 0; m++)
				;
			if (m < n || !discover_url_ok(u, 0)) {
				free(u);
				continue;
			}
			v[n++] = u;
		}
	free(dir);
	*out = v;
	return n;
}

static void
discover_page_done(struct discover *d, const struct fetch_reply *r)
{
	struct discover_job *p = &d->page;
	struct discover_feed *links = NULL;
	const char *base;
	char **urls, **titles;
	size_t n, i, nj;

	if (r->status != STATUS_OK && !(r->status == STATUS_CANCELLED &&
	    p->stopped)) {
		discover_end(d, r->status, r->error != NULL ? r->error :
		    status_message(r->status), 0);
		return;
	}
	discover_confirm(p);
	if (p->is_feed) {
		discover_add(&d->feeds, &d->nfeeds, r->moved_to != NULL ?
		    r->moved_to : d->url, feed_format_name(p->format) != NULL ?
		    feed_format_name(p->format) : "unknown", p->title);
		discover_end(d, STATUS_OK, NULL, 1);
		return;
	}
	base = r->effective_url != NULL && discover_url_ok(r->effective_url,
	    1) ? r->effective_url : d->url;
	p->final_url = xstrdup(base);
	n = p->html_on ? discover_html_finish(&p->html, base, &links) : 0;
	p->html_on = 0;
	/* listed as advertised; application/json must prove itself */
	urls = xcalloc(n + 1, sizeof *urls);
	titles = xcalloc(n + 1, sizeof *titles);
	for (i = nj = 0; i < n; i++) {
		if (strcmp(links[i].format, "application/json") == 0) {
			urls[nj] = links[i].url;
			titles[nj++] = links[i].title;
			links[i].url = links[i].title = NULL;
			continue;
		}
		d->feeds = xreallocarray(d->feeds, d->nfeeds + 1,
		    sizeof *d->feeds);
		d->feeds[d->nfeeds++] = links[i];
		memset(&links[i], 0, sizeof links[i]);
	}
	discover_feeds_free(links, n);
	if (d->nfeeds == 0 && nj == 0 && strncasecmp(base, "file:", 5) != 0) {
		free(urls);
		free(titles);
		d->probing_paths = 1;
		n = discover_probe_urls(base, &urls);
		discover_fetch(d, urls, NULL, n);
		free(urls);
		return;
	}
	discover_fetch(d, urls, titles, nj);
	free(urls);
	free(titles);
}

static void
discover_job_done(const struct fetch_reply *r, void *arg)
{
	struct discover_job *j = arg;
	struct discover *d = j->d;
	size_t i;
	int fed;

	j->job = NULL;
	if (j->is_page) {
		discover_page_done(d, r);
		return;
	}
	if (r->status == STATUS_OK || (r->status == STATUS_CANCELLED &&
	    j->stopped)) {
		discover_confirm(j);
		if (j->is_feed && r->effective_url != NULL &&
		    discover_url_ok(r->effective_url, 0))
			j->final_url = xstrdup(r->effective_url);
	} else
		j->is_feed = 0;
	parse_free(j->parser);
	j->parser = NULL;
	if (--d->pending > 0 || d->finishing)
		return;
	d->finishing = 1;
	/* advertised JSON that was no feed: the usual paths after all */
	for (i = 0, fed = 0; i < d->njobs; i++)
		fed |= d->jobs[i].is_feed;
	if (!fed && !d->probing_paths && d->nfeeds == 0 && !d->cancelled) {
		char **urls;
		size_t n;

		for (i = 0; i < d->njobs; i++)
			discover_job_free(&d->jobs[i]);
		free(d->jobs);
		d->jobs = NULL;
		d->njobs = 0;
		d->finishing = 0;
		d->probing_paths = 1;
		n = discover_probe_urls(d->page.final_url, &urls);
		discover_fetch(d, urls, NULL, n);
		free(urls);
		return;
	}
	discover_candidates_done(d);
}

struct discover *
discover_start(const char *url, discover_done_cb done, void *arg)
{
	struct discover *d = xcalloc(1, sizeof *d);

	d->url = xstrdup(url);
	d->done = done;
	d->arg = arg;
	d->page.d = d;
	d->page.is_page = 1;
	d->page.url = xstrdup(url);
	discover_job_start(&d->page);
	return d;
}

void
discover_cancel(struct discover *d)
{
	size_t i, left;

	d->cancelled = 1;
	if (d->page.job != NULL) {
		fetch_cancel(d->page.job);	/* ends d */
		return;
	}
	/* the last one ends d: touch nothing after it */
	for (i = 0, left = d->pending; left > 0 && i < d->njobs; i++)
		if (d->jobs[i].job != NULL) {
			left--;
			fetch_cancel(d->jobs[i].job);
		}
}
