/*
 * The feed and item model: lifetimes and identity.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/feed.h"
#include "tidende/hash.h"
#include "tidende/i18n.h"
#include "tidende/xmalloc.h"

const char *
feed_format_name(enum feed_format f)
{
	switch (f) {
	case FEED_FORMAT_RSS20:		return "rss-2.0";
	case FEED_FORMAT_RSS10:		return "rss-1.0";
	case FEED_FORMAT_RSS09X:	return "rss-0.9x";
	case FEED_FORMAT_ATOM10:	return "atom-1.0";
	case FEED_FORMAT_ATOM03:	return "atom-0.3";
	case FEED_FORMAT_JSONFEED:	return "json-feed-1.x";
	default:			return NULL;
	}
}

void
feed_item_init(struct item *it)
{
	memset(it, 0, sizeof *it);
	it->published = it->updated = FEED_NO_DATE;
}

void
feed_item_free(struct item *it)
{
	size_t i;

	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->summary);
	free(it->content);
	free(it->language);
	for (i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	for (i = 0; i < it->nenclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	feed_item_init(it);
}

void
feed_item_add_category(struct item *it, const char *c)
{
	size_t i;

	for (i = 0; i < it->ncategories; i++)
		if (strcmp(it->categories[i], c) == 0)
			return;
	it->categories = xreallocarray(it->categories, it->ncategories + 1,
	    sizeof *it->categories);
	it->categories[it->ncategories++] = xstrdup(c);
}

void
feed_item_add_enclosure(struct item *it, const char *url, const char *type,
    int64_t length)
{
	struct enclosure *e;
	size_t i;

	for (i = 0; i < it->nenclosures; i++)
		if (strcmp(it->enclosures[i].url, url) == 0)
			return;
	it->enclosures = xreallocarray(it->enclosures, it->nenclosures + 1,
	    sizeof *it->enclosures);
	e = &it->enclosures[it->nenclosures++];
	e->url = xstrdup(url);
	e->type = xstrdup0(type);
	e->length = length;
}

void
feed_item_ensure_id(struct item *it)
{
	uint64_t h = HASH_FNV1A_INIT;	/* stable across runs and platforms */
	char date[32];

	if (it->id != NULL && it->id[0] != '\0')
		return;
	free(it->id);
	if (it->link != NULL && it->link[0] != '\0') {
		it->id = xstrdup(it->link);
		return;
	}
	snprintf(date, sizeof date, "%" PRId64, it->published != FEED_NO_DATE ?
	    it->published : it->updated);
	h = hash_fnv1a_str(h, it->title);
	h = hash_fnv1a_str(h, "\x1f");
	h = hash_fnv1a_str(h, date);
	h = hash_fnv1a_str(h, "\x1f");
	h = hash_fnv1a_str(h, it->summary != NULL ? it->summary : it->content);
	it->id = xasprintf("tidende:%016" PRIx64, h);
}

void
feed_parsed_init(struct parsed_feed *pf)
{
	memset(pf, 0, sizeof *pf);
	pf->updated = FEED_NO_DATE;
}

void
feed_parsed_free(struct parsed_feed *pf)
{
	size_t i;

	free(pf->title);
	free(pf->link);
	free(pf->description);
	free(pf->language);
	for (i = 0; i < pf->nitems; i++)
		feed_item_free(&pf->items[i]);
	free(pf->items);
	feed_parsed_init(pf);
}

void
feed_parsed_add_item(struct parsed_feed *pf, struct item *it)
{
	if (pf->nitems == pf->items_cap) {
		pf->items_cap = pf->items_cap ? pf->items_cap * 2 : 16;
		pf->items = xreallocarray(pf->items, pf->items_cap,
		    sizeof *pf->items);
	}
	pf->items[pf->nitems++] = *it;
	feed_item_init(it);
}

/* ------------------------------------------------- stored error messages */

/*
 * A feed's or a page's last error is kept in the cache and shown later,
 * perhaps by a tidende in another language (a cron job's refresh under
 * LANG=C, a reader under nb_NO).  The cache keeps the English text; these
 * are the messages that can reach it, so that one can be turned back into
 * its English form when stored and into the reader's language when shown.
 * Each must be spelled exactly as the msgid where the message is made;
 * the first that matches wins, so a general one goes after the particular.
 */
static const char *const feed_error_formats[] = {
	/* fetch.c, fetch-file.c */
	N_("HTTP status %d"),
	N_("larger than %zu MB (set max-size)"),
	N_("a reply header larger than curl accepts (100 kB)"),
	N_("timed out: %s"),
	N_("more than %d redirects"),
	N_("connection refused (%s)"),
	N_("could not connect: %s"),
	N_("cancelled"),
	N_("%s: %s, not a feed file"),
	N_("a directory"),
	N_("a FIFO"),
	N_("a socket"),
	N_("a character device"),
	N_("a block device"),
	N_("not a regular file"),
	N_("not a valid file:// URL"),
	/* refresh.c, pwork.c */
	N_("not stored: %s"),
	N_("not a feed: %s"),
	N_("rolled back"),
	N_("not a feed"),
	N_("empty reply"),
	N_("command failed (exit %d): %s"),
	N_("command failed (exit %d)"),
	N_("command: %s"),
	N_("cannot start"),
	N_("exec: needs a command"),
	N_("unsupported URL (http, https, file or exec only)"),
	N_("server asked to wait (HTTP %d, Retry-After): next try in %lld s"),
	/* parse.c, parse-json.c */
	N_("empty document, not a feed"),
	N_("binary data, not a feed"),
	N_("neither XML nor JSON, not a feed"),
	N_("JSON document too big"),
	N_("an HTML page, not a feed; its feed is at %s"),
	N_("an HTML page, not a feed"),
	N_("document element <%.64s> is not RSS, RDF or Atom, not a feed"),
	N_("not well-formed XML: %s, not a feed"),
	N_("not well-formed XML, not a feed"),
	N_("line %d: %s"),
	N_("entity declarations ignored"),
	N_("not valid JSON (%s), not a feed"),
	N_("JSON, but not a JSON Feed (no jsonfeed.org version), not a feed"),
	/* db*.c */
	N_("%s: cannot open the cache (%s); check the file and its directory "
	    "are readable and writable"),
	N_("%s: the disk is full (%s)"),
	N_("%1$s: the cache is damaged (%2$s); move it aside (mv '%1$s' "
	    "'%1$s.broken') and tidende will start a new one"),
	N_("%s: cannot write the log back to the cache (%s)"),
	N_("%s: no feed %lld in the cache"),
	/* fulltext.c, extract.c, spawn.c */
	N_("not a web page (%s)"),
	N_("the page is empty"),
	N_("not an HTML page"),
	N_("no article found in the page"),
	N_("%s: command not found"),
	/* sync: the account's last error */
	N_("cannot reach %s: %s"),
	N_("%s: server unavailable (HTTP status %d)"),
	N_("%s: the API answered with a redirect (HTTP status %d); check "
	    "sync-url"),
	N_("%s: the server ended the session again right after a login"),
	N_("%s refused the login of %s: wrong user name or password"),
	N_("%s refused the login of %s: wrong user name or password "
	    "(FreshRSS: use the API password set in your profile, with API "
	    "access allowed; Miniflux: the Google Reader user and password of "
	    "its Integrations page)"),
	N_("%s: API access is off for %s; enable \"API access\" in tt-rss's "
	    "Preferences (General)"),
	N_("%s: not a Tiny Tiny RSS API reply (is sync-url the tt-rss base "
	    "URL?)"),
	N_("%s: %s gave no Google Reader API reply (is sync-url the API base, "
	    "e.g. https://HOST/api/greader.php?)"),
	N_("%s: %s answered HTTP status %d"),
	N_("%s: the server said %s"),
	N_("%s: %s during %s"),
	N_("%s: reply too big"),
	N_("cannot record the sync: %s"),
	N_("sync-password-command printed no password"),
	N_("sync-password-command did not finish in %d s"),
	N_("sync-password-command printed more than %d bytes"),
	N_("sync-password-command failed (exit status %d)"),
	N_("sync-password-file %s: the first line is empty"),
	N_("sync-password-file %s: not a regular file"),
	N_("sync-password-file %1$s: mode %2$04o lets others read it; it must "
	    "be 0600 or stricter (chmod 600 %1$s)"),
	N_("cache: %s"),
	N_("error"),
	/* last: these would match the more particular ones above */
	N_("sync-password-command: %s"),
	N_("sync-password-file %s: %s"),
};

#define FEED_ERROR_ARGS		8
#define FEED_ERROR_DEPTH	4
/* Longest text mapped: longer ones pass as they are. */
#define FEED_ERROR_MAP_MAX	1024

/* Length of the conversion at s (just after '%'); its argument index. */
static size_t
feed_error_spec(const char *s, int *pos, char *conv)
{
	const char *p = s;
	int n = 0;

	*pos = -1;
	while (*p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	if (*p == '$' && p > s)
		*pos = n - 1, p++;
	else
		p = s;
	p += strspn(p, "-+ #0'");
	p += strspn(p, "0123456789");
	if (*p == '.')
		p += 1 + strspn(p + 1, "0123456789");
	p += strspn(p, "hlLqjzt");
	*conv = *p != '\0' ? *p++ : '\0';
	return (size_t)(p - s);
}

/*
 * Whether text matches the printf format fmt, each conversion's text
 * caught in arg[] (by its n$ position when it has one).  A %s takes the
 * shortest text that lets the rest match; numbers take their digits.
 */
static int
feed_error_match(const char *fmt, const char *text, const char **arg,
    size_t *arglen, int next)
{
	const char *t;
	size_t len;
	int pos;
	char conv;

	for (;;) {
		if (*fmt == '\0')
			return *text == '\0';
		if (*fmt != '%' || fmt[1] == '%') {
			if (*text != *fmt)
				return 0;
			fmt += *fmt == '%' ? 2 : 1;
			text++;
			continue;
		}
		len = feed_error_spec(fmt + 1, &pos, &conv);
		fmt += 1 + len;
		if (pos < 0)
			pos = next++;
		if (pos >= FEED_ERROR_ARGS || conv == '\0')
			return 0;
		if (conv != 's') {
			t = text + (*text == '-');
			len = strspn(t, conv == 'x' || conv == 'X' ?
			    "0123456789abcdefABCDEF" : "0123456789");
			if (len == 0)
				return 0;
			arg[pos] = text;
			arglen[pos] = (size_t)(t + len - text);
			text = t + len;
			continue;
		}
		for (t = text;; t++) {
			arg[pos] = text;
			arglen[pos] = (size_t)(t - text);
			if (feed_error_match(fmt, t, arg, arglen, next))
				return 1;
			if (*t == '\0')
				return 0;
		}
	}
}

/*
 * Whether text can match fmt at all: the literal text before its first
 * conversion and after its last one (most formats fail here, cheaply).
 */
static int
feed_error_maybe(const char *fmt, const char *text)
{
	const char *p, *tail = fmt;
	size_t n, tlen;
	int pos;
	char conv;

	n = strcspn(fmt, "%");
	if (strncmp(fmt, text, n) != 0)
		return 0;
	for (p = fmt; (p = strchr(p, '%')) != NULL;) {
		if (p[1] == '%') {
			p += 2;
			continue;
		}
		p += 1 + feed_error_spec(p + 1, &pos, &conv);
		tail = p;
	}
	if (tail == fmt)
		return strcmp(fmt, text) == 0;
	if (strchr(tail, '%') != NULL)
		return 1;	/* a "%%" in the tail: leave it to the match */
	n = strlen(tail);
	tlen = strlen(text);
	return tlen >= n && strcmp(text + tlen - n, tail) == 0;
}

static char	*feed_error_map(const char *, int, int);

/* fmt with its conversions replaced by arg[] (its %s mapped too). */
static char *
feed_error_render(const char *fmt, const char **arg, const size_t *arglen,
    int nargs, int to_local, int depth)
{
	struct buf b = BUF_INIT;
	size_t len;
	char conv, *sub, *one;
	int pos, next = 0;

	while (*fmt != '\0') {
		if (*fmt != '%') {
			buf_addc(&b, *fmt++);
			continue;
		}
		if (fmt[1] == '%') {
			buf_addc(&b, '%');
			fmt += 2;
			continue;
		}
		len = feed_error_spec(fmt + 1, &pos, &conv);
		fmt += 1 + len;
		if (pos < 0)
			pos = next++;
		if (pos >= nargs || arg[pos] == NULL)
			continue;
		one = xstrndup(arg[pos], arglen[pos]);
		if (conv == 's' && (sub = feed_error_map(one, to_local,
		    depth + 1)) != NULL) {
			free(one);
			one = sub;
		}
		buf_adds(&b, one);
		free(one);
	}
	return buf_detach(&b);
}

/* The message text in the other language, or NULL when none matches. */
static char *
feed_error_map(const char *text, int to_local, int depth)
{
	/* a variable: xgettext warns of a literal "" */
	static const char feed_no_msgid[] = "";
	const char *arg[FEED_ERROR_ARGS], *from, *to;
	size_t arglen[FEED_ERROR_ARGS], i;

	if (text == NULL || depth > FEED_ERROR_DEPTH)
		return NULL;
	/*
	 * Matching a format with several %s costs up to the cube of the
	 * text's length, and a %s may hold a server's words: our messages
	 * are short, so a long text is left as it is.  And with no catalog
	 * loaded (gettext("") gives the catalog's header otherwise) there is
	 * nothing to map.
	 */
	if (depth == 0 && (strlen(text) > FEED_ERROR_MAP_MAX ||
	    *gettext(feed_no_msgid) == '\0'))
		return NULL;
	for (i = 0; i < sizeof feed_error_formats /
	    sizeof feed_error_formats[0]; i++) {
		from = to_local ? feed_error_formats[i] :
		    _(feed_error_formats[i]);
		to = to_local ? _(feed_error_formats[i]) :
		    feed_error_formats[i];
		if (!feed_error_maybe(from, text))
			continue;
		memset(arg, 0, sizeof arg);
		memset(arglen, 0, sizeof arglen);
		if (feed_error_match(from, text, arg, arglen, 0))
			return feed_error_render(to, arg, arglen,
			    FEED_ERROR_ARGS, to_local, depth);
	}
	return NULL;
}

char *
feed_error_english(const char *text)
{
	char *s;

	if (text == NULL)
		return NULL;
	return (s = feed_error_map(text, 0, 0)) != NULL ? s : xstrdup(text);
}

char *
feed_error_local(const char *text)
{
	char *s;

	if (text == NULL)
		return NULL;
	return (s = feed_error_map(text, 1, 0)) != NULL ? s : xstrdup(text);
}
