/*
 * The feed parser's driver: sniffs the format, runs libxml2's push parser
 * with SAX2 callbacks that never load or expand anything the document
 * declares, keeps the element stack and text captures, hands out items.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "tidende/buf.h"
#include "tidende/date.h"
#include "tidende/feed.h"
#include "tidende/parse.h"
#include "tidende/url.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#include "parse-private.h"

#define KIND_SNIFF	0
#define KIND_XML	1
#define KIND_JSON	2
#define KIND_NOTFEED	3

#define SNIFF_SIZE	1024

static const struct {
	const char	*uri;
	enum ns		 ns;
} known_ns[] = {
	{ "http://purl.org/rss/1.0", NS_RSS },
	{ "http://my.netscape.com/rdf/simple/0.9", NS_RSS },
	{ "http://backend.userland.com/rss2", NS_RSS },
	{ "http://backend.userland.com/rss", NS_RSS },
	{ "http://blogs.law.harvard.edu/tech/rss", NS_RSS },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns", NS_RDF },
	{ "http://www.w3.org/2005/Atom", NS_ATOM10 },
	{ "http://purl.org/atom/ns", NS_ATOM03 },
	{ "http://purl.org/rss/1.0/modules/content", NS_CONTENT },
	{ "http://purl.org/dc/elements/1.1", NS_DC },
	{ "http://purl.org/dc/elements/1.0", NS_DC },
	{ "http://purl.org/dc/terms", NS_DCTERMS },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
	{ "http://www.w3.org/XML/1998/namespace", NS_XML },
};

static void	 fatal_cause(struct pstate *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* namespaces and attributes */

static enum ns
ns_lookup(const char *uri)
{
	size_t i, n = strlen(uri), k;

	while (n > 0 && (uri[n - 1] == '/' || uri[n - 1] == '#'))
		n--;
	for (i = 0; i < sizeof known_ns / sizeof known_ns[0]; i++) {
		k = strlen(known_ns[i].uri);
		if (k == n && strncasecmp(uri, known_ns[i].uri, n) == 0)
			return known_ns[i].ns;
	}
	return NS_OTHER;
}

/* Names come from libxml2's dictionary: a pointer cache avoids strcmp. */
static enum ns
ns_of(struct pstate *p, const xmlChar *uri)
{
	int i;
	enum ns ns;

	if (uri == NULL)
		return NS_NONE;
	for (i = 0; i < 8; i++)
		if (p->ns_uri[i] == uri)
			return p->ns_id[i];
	ns = ns_lookup((const char *)uri);
	p->ns_uri[p->ns_next] = uri;
	p->ns_id[p->ns_next] = ns;
	p->ns_next = (p->ns_next + 1) % 8;
	return ns;
}

const char *
attr_get(const struct attrs *a, enum ns ns, const char *local, size_t *len)
{
	int i;

	for (i = 0; i < a->n; i++) {
		const xmlChar **v = a->v + i * 5;

		if (strcmp((const char *)v[0], local) != 0)
			continue;
		if (ns == NS_NONE ? v[2] != NULL : (v[2] == NULL ||
		    ns_lookup((const char *)v[2]) != ns))
			continue;
		*len = v[4] - v[3];
		return (const char *)v[3];
	}
	return NULL;
}

/*
 * An attribute's text, cleaned.  Without entity replacement libxml2 hands
 * out &amp; in attribute values as "&#38;": that becomes '&' again.
 */
char *
attr_text(const char *v, size_t len)
{
	struct buf b = BUF_INIT;
	const char *amp;
	char *s;

	if (memmem(v, len, "&#38;", 5) == NULL)
		return text_plain(v, len);
	while (len > 0 && (amp = memmem(v, len, "&#38;", 5)) != NULL) {
		buf_add(&b, v, amp - v + 1);
		len -= amp - v + 5;
		v = amp + 5;
	}
	buf_add(&b, v, len);
	s = text_plain(buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

char *
attr_dup(const struct attrs *a, enum ns ns, const char *local)
{
	const char *v;
	size_t len;

	if ((v = attr_get(a, ns, local, &len)) == NULL)
		return NULL;
	return attr_text(v, len);
}

int
attr_is(const struct attrs *a, enum ns ns, const char *local,
    const char *value)
{
	const char *v;
	size_t len;

	if ((v = attr_get(a, ns, local, &len)) == NULL)
		return 0;
	while (len > 0 && isspace((unsigned char)*v)) {
		v++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)v[len - 1]))
		len--;
	return strlen(value) == len && strncasecmp(v, value, len) == 0;
}

const char *
current_base(struct pstate *p)
{
	int d = p->depth > PARSE_MAX_DEPTH ? PARSE_MAX_DEPTH : p->depth;

	return p->stack[d].base;
}

char *
resolve(struct pstate *p, const char *ref)
{
	return url_resolve(current_base(p), ref);
}

/* ------------------------------------------------------------------ */
/* errors */

static void
fatal_cause(struct pstate *p, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (p->cause == NULL)
		p->cause = utf8_clean(s, strlen(s), UTF8_COLLAPSE_SPACE);
	free(s);
	p->fatal = 1;
}

static void
sax_error(void *ctx, xmlErrorPtr err)
{
	struct pstate *p = ctx;
	char *msg;

	if (err == NULL || err->level == XML_ERR_WARNING)
		return;
	p->damaged = 1;
	if (p->warning != NULL)
		return;
	msg = xasprintf("line %d: %s", err->line, err->message != NULL ?
	    err->message : "error");
	p->warning = utf8_clean(msg, strlen(msg), UTF8_COLLAPSE_SPACE);
	free(msg);
}

/*
 * libxml2 drops every entity reference after the first error, even &amp;
 * in recovery mode.  The damage is noted; the flag is set again so that
 * the rest of the document reads as well as it can.
 */
static inline void
keep_well_formed(struct pstate *p)
{
	if (p->ctxt != NULL && !p->ctxt->wellFormed) {
		p->damaged = 1;
		p->ctxt->wellFormed = 1;
	}
}

/* ------------------------------------------------------------------ */
/* items */

void
item_begin(struct pstate *p)
{
	feed_item_free(&p->item);
	free(p->item_guid_link);
	free(p->item_author_name);
	free(p->item_author_email);
	p->item_guid_link = p->item_author_name = p->item_author_email = NULL;
	p->item_depth = p->depth;
	p->item_cats_full = 0;
	if (p->stack[p->depth].lang != NULL)
		p->item.language = xstrdup(p->stack[p->depth].lang);
}

void
item_end(struct pstate *p)
{
	struct item *it = &p->item;

	p->item_depth = 0;
	if (it->link == NULL && p->item_guid_link != NULL) {
		it->link = p->item_guid_link;
		p->item_guid_link = NULL;
	}
	if (it->author == NULL && p->item_author_name != NULL) {
		it->author = p->item_author_name;
		p->item_author_name = NULL;
	}
	if (it->author == NULL && p->item_author_email != NULL) {
		it->author = p->item_author_email;
		p->item_author_email = NULL;
	}
	if (it->author == NULL && p->feed_author != NULL &&
	    (p->format == FEED_FORMAT_ATOM10 || p->format == FEED_FORMAT_ATOM03))
		it->author = xstrdup(p->feed_author);
	if (it->published == FEED_NO_DATE)
		it->published = it->updated;
	feed_item_ensure_id(it);
	if (p->nitems >= PARSE_MAX_ITEMS) {
		p->items_dropped++;
		feed_item_free(it);
		return;
	}
	p->nitems++;
	if (p->cb != NULL)
		p->cb(it, &p->feed, p->cb_arg);
	feed_item_free(it);
}

void
add_enclosure(struct pstate *p, const char *url, size_t len,
    const char *type, const char *length)
{
	char *u, *r;
	int64_t n = -1;

	if (url == NULL || p->item.nenclosures >= PARSE_MAX_ENCLOSURES)
		return;
	u = attr_text(url, len);
	if (*u != '\0') {
		r = resolve(p, u);
		if (length != NULL && *length >= '0' && *length <= '9')
			n = strtoll(length, NULL, 10);
		feed_item_add_enclosure(&p->item, r,
		    type != NULL && *type != '\0' ? type : NULL, n);
		free(r);
	}
	free(u);
}

/* Atom link (also atom:link inside RSS). */
void
add_link(struct pstate *p, const struct attrs *a, int item)
{
	const char *href;
	size_t len;
	char *rel, *type, *u, *r;

	if ((href = attr_get(a, NS_NONE, "href", &len)) == NULL) {
		/* the URL as the element's text, as some feeds have it */
		capture_start(p, attr_is(a, NS_NONE, "rel", "enclosure") ?
		    F_LINK_ENC : F_LINK, MODE_TEXT, item);
		return;
	}
	rel = attr_dup(a, NS_NONE, "rel");
	type = attr_dup(a, NS_NONE, "type");
	if (rel == NULL || *rel == '\0' || strcasecmp(rel, "alternate") == 0) {
		if (type == NULL || *type == '\0' ||
		    strcasecmp(type, "text/html") == 0 ||
		    strcasecmp(type, "application/xhtml+xml") == 0) {
			u = attr_text(href, len);
			r = resolve(p, u);
			free(u);
			if (item) {
				free(p->item.link);
				p->item.link = r;
			} else {
				free(p->feed.link);
				p->feed.link = r;
			}
		}
	} else if (item && strcasecmp(rel, "enclosure") == 0) {
		char *length = attr_dup(a, NS_NONE, "length");

		add_enclosure(p, href, len, type, length);
		free(length);
	}
	free(rel);
	free(type);
}

/* ------------------------------------------------------------------ */
/* capture of text fields */

static const char *const void_tags[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "param", "source", "track", "wbr", NULL
};

static int
is_void(const char *name)
{
	const char *const *v;

	for (v = void_tags; *v != NULL; v++)
		if (strcmp(*v, name) == 0)
			return 1;
	return 0;
}

void
capture_start(struct pstate *p, enum field f, enum mode m, int item)
{
	p->cap_field = f;
	p->cap_mode = m;
	p->cap_depth = p->depth;
	p->cap_item = item;
	p->cap_div = 0;
	p->cap_full = 0;
	p->cap_fallback = 0;
	p->cap_direct = f == F_CATEGORY;
	p->cap_b64 = 0;
	buf_reset(&p->cap);
}

static int
cap_room(struct pstate *p, size_t len)
{
	if (p->cap_full)
		return 0;
	if (p->cap.len + len > PARSE_MAX_FIELD) {
		p->cap_full = 1;
		return 0;
	}
	return 1;
}

static void
capture_child_start(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a)
{
	int i;
	size_t k;

	if (p->cap_mode == MODE_TEXT || p->cap_mode == MODE_SKIP)
		return;
	if (p->cap_mode == MODE_XHTML && p->depth == p->cap_depth + 1 &&
	    ns == NS_XHTML && strcmp(local, "div") == 0 && p->cap_div == 0) {
		for (k = 0; k < p->cap.len; k++)
			if (!isspace((unsigned char)p->cap.s[k]))
				break;
		if (k == p->cap.len) {
			p->cap_div = p->depth;
			buf_reset(&p->cap);
			return;
		}
	}
	if (!cap_room(p, 256))
		return;
	buf_addc(&p->cap, '<');
	buf_adds(&p->cap, local);
	for (i = 0; i < a->n; i++) {
		const xmlChar **v = a->v + i * 5;

		if (!cap_room(p, v[4] - v[3] + 64))
			return;
		buf_addc(&p->cap, ' ');
		if (v[1] != NULL && strcmp((const char *)v[1], "xml") == 0)
			buf_adds(&p->cap, "xml:");
		buf_adds(&p->cap, (const char *)v[0]);
		buf_adds(&p->cap, "=\"");
		{
			char *t = attr_text((const char *)v[3], v[4] - v[3]);

			text_escape(&p->cap, t, strlen(t), 1);
			free(t);
		}
		buf_addc(&p->cap, '"');
	}
	buf_adds(&p->cap, is_void(local) ? " />" : ">");
}

static void
capture_child_end(struct pstate *p, const char *local)
{
	if (p->cap_mode == MODE_TEXT || p->cap_mode == MODE_SKIP)
		return;
	if (p->cap_div == p->depth) {
		p->cap_div = -1;	/* only the first one */
		return;
	}
	if (is_void(local) || !cap_room(p, 64))
		return;
	buf_adds(&p->cap, "</");
	buf_adds(&p->cap, local);
	buf_addc(&p->cap, '>');
}

/* Decode base64 in place (white space skipped); returns the length. */
static size_t
base64_decode(char *s, size_t len)
{
	size_t i, o = 0;
	uint32_t acc = 0;
	int bits = 0, v;

	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+' || c == '-')
			v = 62;
		else if (c == '/' || c == '_')
			v = 63;
		else if (c == '=')
			break;
		else
			continue;
		acc = (acc << 6) | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			s[o++] = (acc >> bits) & 0xff;
		}
	}
	return o;
}

static char *
cap_plain(struct pstate *p)
{
	const char *s = buf_str(&p->cap);
	size_t len = p->cap.len;

	switch (p->cap_mode) {
	case MODE_HTML:
	case MODE_XHTML:
		return text_from_html(s, len);
	case MODE_GUESS:
		if (text_looks_html(s, len))
			return text_from_html(s, len);
		/* FALLTHROUGH */
	default:
		return text_plain(s, len);
	}
}

/* "jo@example.com (Jo Smith)" or "Jo Smith <jo@example.com>" -> name */
static char *
rss_author_name(char *s)
{
	char *o, *c, *n;

	if ((o = strchr(s, '(')) != NULL && (c = strrchr(s, ')')) != NULL &&
	    c > o + 1 && strchr(s, '@') != NULL && strchr(s, '@') < o) {
		n = xstrndup(o + 1, c - o - 1);
		free(s);
		s = text_plain(n, strlen(n));
		free(n);
		return s;
	}
	if ((o = strchr(s, '<')) != NULL && o > s && strchr(o, '@') != NULL) {
		n = text_plain(s, o - s);
		free(s);
		return n;
	}
	return s;
}

static void
set_str(char **dst, char *s, int fallback)
{
	if (s != NULL && *s == '\0') {
		free(s);
		return;
	}
	if (fallback && *dst != NULL) {
		free(s);
		return;
	}
	free(*dst);
	*dst = s;
}

static void
set_date(int64_t *dst, const char *s, int fallback)
{
	int64_t t;

	if (fallback && *dst != FEED_NO_DATE)
		return;
	if ((t = date_parse(s)) != FEED_NO_DATE)
		*dst = t;
}

static void
capture_commit(struct pstate *p)
{
	struct item *it = &p->item;
	struct parsed_feed *pf = &p->feed;
	int item = p->cap_item, fb = p->cap_fallback;
	char *s = NULL, *u;

	p->cap_depth = 0;
	if (p->cap_mode == MODE_SKIP)
		return;
	if (p->cap_b64) {
		p->cap.len = base64_decode(p->cap.s, p->cap.len);
		if (p->cap.s != NULL)
			p->cap.s[p->cap.len] = '\0';
		if (!utf8_valid(buf_str(&p->cap), p->cap.len))
			return;
	}
	if (item && p->item_depth == 0)
		return;
	switch (p->cap_field) {
	case F_TITLE:
		set_str(item ? &it->title : &pf->title, cap_plain(p), fb);
		break;
	case F_LINK:
		u = text_plain(buf_str(&p->cap), p->cap.len);
		if (*u != '\0')
			s = resolve(p, u);
		free(u);
		set_str(item ? &it->link : &pf->link, s, fb);
		break;
	case F_LINK_ENC:
		if (item && p->cap.len > 0)
			add_enclosure(p, p->cap.s, p->cap.len, NULL, NULL);
		u = text_plain(buf_str(&p->cap), p->cap.len);
		if (*u != '\0')
			s = resolve(p, u);
		free(u);
		set_str(item ? &it->link : &pf->link, s, fb);
		break;
	case F_SUMMARY:
		if (!item) {
			set_str(&pf->description, cap_plain(p), fb);
			break;
		}
		set_str(&it->summary, text_markup(buf_str(&p->cap),
		    p->cap.len), fb);
		break;
	case F_CONTENT:
		if (item)
			set_str(&it->content, text_markup(buf_str(&p->cap),
			    p->cap.len), fb);
		break;
	case F_ID:
		if (!item)
			break;
		s = text_plain(buf_str(&p->cap), p->cap.len);
		if (p->cap_permalink && *s != '\0' && url_is_valid(s)) {
			free(p->item_guid_link);
			p->item_guid_link = xstrdup(s);
		}
		set_str(&it->id, s, fb);
		break;
	case F_AUTHOR:
		if (item)
			set_str(&it->author, cap_plain(p), fb);
		else
			set_str(&p->feed_author, cap_plain(p), fb);
		break;
	case F_AUTHOR_RSS:
		s = rss_author_name(cap_plain(p));
		set_str(item ? &it->author : &p->feed_author, s, fb);
		break;
	case F_AUTHOR_NAME:
		set_str(item ? &p->item_author_name : &p->feed_author_name,
		    cap_plain(p), 1);
		break;
	case F_AUTHOR_EMAIL:
		set_str(item ? &p->item_author_email : &p->feed_author_email,
		    cap_plain(p), 1);
		break;
	case F_PUBLISHED:
		set_date(item ? &it->published : &pf->updated,
		    buf_str(&p->cap), item ? fb : 1);
		break;
	case F_UPDATED:
		set_date(item ? &it->updated : &pf->updated, buf_str(&p->cap),
		    fb);
		break;
	case F_DCDATE:
		set_date(item ? &it->updated : &pf->updated, buf_str(&p->cap),
		    1);
		break;
	case F_FEED_PUBDATE:
		set_date(&pf->updated, buf_str(&p->cap), 1);
		break;
	case F_CATEGORY:
		if (!item || it->ncategories >= PARSE_MAX_CATEGORIES)
			break;
		s = cap_plain(p);
		if (*s != '\0')
			feed_item_add_category(it, s);
		free(s);
		break;
	case F_LANGUAGE:
		if (!item)
			set_str(&pf->language, cap_plain(p), fb);
		break;
	case F_TTL:
		if (!item)
			pf->ttl_minutes = strtoll(buf_str(&p->cap), NULL, 10);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* the document element */

static void	root_format(struct pstate *, enum ns, const char *,
		    const struct attrs *);

static void
root_element(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a)
{
	root_format(p, ns, local, a);
	p->feed.format = p->format;	/* callbacks see it */
}

static void
root_format(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a)
{
	struct elem *e = &p->stack[p->depth];
	char *v;

	p->root_seen = 1;
	p->root_name = xstrdup(local);
	if (strcmp(local, "rss") == 0) {
		v = attr_dup(a, NS_NONE, "version");
		if (v != NULL && strncmp(v, "0.9", 3) == 0)
			p->format = FEED_FORMAT_RSS09X;
		else
			p->format = FEED_FORMAT_RSS20;
		free(v);
		p->core = ns == NS_NONE ? NS_RSS : ns;
		p->core_none = 1;
		e->role = ROLE_ROOT;
	} else if (strcmp(local, "RDF") == 0 && ns == NS_RDF) {
		p->format = FEED_FORMAT_RSS10;
		p->core = NS_RSS;
		p->core_none = 1;
		e->role = ROLE_ROOT;
	} else if (strcmp(local, "feed") == 0) {
		if (ns == NS_ATOM03 || (ns != NS_ATOM10 &&
		    attr_is(a, NS_NONE, "version", "0.3")))
			p->format = FEED_FORMAT_ATOM03;
		else
			p->format = FEED_FORMAT_ATOM10;
		p->core = ns == NS_NONE ? NS_ATOM10 : ns;
		p->core_none = ns == NS_NONE;
		e->role = ROLE_CHANNEL;
		if (e->lang != NULL)
			p->feed.language = xstrdup(e->lang);
	}
}

/* An HTML page: remember the feed it announces. */
static void
html_link(struct pstate *p, const char *local, const struct attrs *a)
{
	char *rel, *type, *href;

	if (p->html_feed_url != NULL || strcasecmp(local, "link") != 0)
		return;
	rel = attr_dup(a, NS_NONE, "rel");
	type = attr_dup(a, NS_NONE, "type");
	href = attr_dup(a, NS_NONE, "href");
	if (rel != NULL && type != NULL && href != NULL && *href != '\0' &&
	    strcasestr(rel, "alternate") != NULL &&
	    (strcasestr(type, "rss") != NULL ||
	    strcasestr(type, "atom") != NULL ||
	    strcasestr(type, "feed+json") != NULL))
		p->html_feed_url = url_resolve(p->base_url, href);
	free(rel);
	free(type);
	free(href);
}

/* ------------------------------------------------------------------ */
/* SAX callbacks */

static void
push_elem(struct pstate *p, const struct attrs *a)
{
	struct elem *e = &p->stack[p->depth], *up = &p->stack[p->depth - 1];
	const char *v;
	size_t len;
	char *s;

	e->role = ROLE_NONE;
	e->base = up->base;
	e->lang = up->lang;
	e->own_base = e->own_lang = 0;
	if (a->n == 0)
		return;
	if ((v = attr_get(a, NS_XML, "base", &len)) != NULL) {
		s = attr_text(v, len);
		e->base = url_resolve(up->base, s);
		e->own_base = 1;
		free(s);
	}
	if ((v = attr_get(a, NS_XML, "lang", &len)) != NULL) {
		e->lang = attr_text(v, len);
		for (s = e->lang; *s != '\0'; s++)
			if (*s == '_')
				*s = '-';	/* "en_us" */
		e->own_lang = 1;
	}
}

static void
pop_elem(struct pstate *p)
{
	struct elem *e = &p->stack[p->depth];

	if (e->own_base)
		free(e->base);
	if (e->own_lang)
		free(e->lang);
	e->own_base = e->own_lang = 0;
}

static void
sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
    int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct pstate *p = ctx;
	struct attrs a = { attributes, nb_attributes };
	const char *local = (const char *)localname;
	enum ns ns;
	enum role up;
	int item;

	keep_well_formed(p);
	if (p->depth >= PARSE_MAX_DEPTH) {
		p->over_depth++;
		return;
	}
	p->depth++;
	push_elem(p, &a);
	ns = ns_of(p, uri);
	p->stack[p->depth].ns = ns;
	if (p->cap_depth != 0) {
		capture_child_start(p, ns, local, &a);
		return;
	}
	if (!p->root_seen) {
		root_element(p, ns, local, &a);
		return;
	}
	if (p->format == FEED_FORMAT_UNKNOWN) {
		html_link(p, local, &a);
		return;
	}
	up = p->stack[p->depth - 1].role;
	if (up == ROLE_NONE)
		return;
	if (up == ROLE_AUTHOR) {
		item = p->stack[p->depth - 2].role == ROLE_ITEM;
		if (ns != NS_ATOM10 && ns != NS_ATOM03 && ns != p->core &&
		    !(ns == NS_NONE && p->core_none))
			return;
		if (strcmp(local, "name") == 0)
			capture_start(p, F_AUTHOR_NAME, MODE_TEXT, item);
		else if (strcmp(local, "email") == 0)
			capture_start(p, F_AUTHOR_EMAIL, MODE_TEXT, item);
		return;
	}
	if (up == ROLE_GROUP) {
		if (ns == NS_MEDIA && p->item_depth != 0)
			ext_start(p, ns, local, &a, 1);
		return;
	}
	if (p->format == FEED_FORMAT_ATOM10 || p->format == FEED_FORMAT_ATOM03)
		atom_start(p, ns, local, &a);
	else
		rss_start(p, ns, local, &a);
}

static void
sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct pstate *p = ctx;
	struct elem *e;

	keep_well_formed(p);
	if (p->over_depth > 0) {
		p->over_depth--;
		return;
	}
	if (p->depth == 0)
		return;
	e = &p->stack[p->depth];
	if (p->cap_depth == p->depth)
		capture_commit(p);
	else if (p->cap_depth != 0)
		capture_child_end(p, (const char *)localname);
	else if (e->role == ROLE_ITEM && p->item_depth == p->depth)
		item_end(p);
	else if (e->role == ROLE_AUTHOR && p->stack[p->depth - 1].role ==
	    ROLE_CHANNEL && p->feed_author == NULL) {
		p->feed_author = p->feed_author_name != NULL ?
		    p->feed_author_name : p->feed_author_email;
		if (p->feed_author == p->feed_author_name)
			free(p->feed_author_email);
		else
			free(p->feed_author_name);
		p->feed_author_name = p->feed_author_email = NULL;
	}
	pop_elem(p);
	p->depth--;
}

static void
sax_characters(void *ctx, const xmlChar *ch, int len)
{
	struct pstate *p = ctx;

	keep_well_formed(p);
	if (p->cap_depth == 0 || p->over_depth > 0 || len <= 0)
		return;
	if (p->cap_direct && p->depth != p->cap_depth)
		return;
	if (!cap_room(p, len))
		return;
	if (p->cap_mode == MODE_XHTML)
		text_escape(&p->cap, (const char *)ch, len, 0);
	else
		buf_add(&p->cap, ch, len);
}

/*
 * Entities: only the XML ones and the HTML ones feeds use without
 * declaring them.  Declarations in the document are ignored, so nothing
 * it declares is ever expanded (no XXE, no billion laughs).
 */
static xmlEntityPtr
sax_get_entity(void *ctx, const xmlChar *name)
{
	struct pstate *p = ctx;
	xmlEntityPtr e;
	int i;

	if ((e = xmlGetPredefinedEntity(name)) != NULL)
		return e;
	for (i = 0; i < p->nentities; i++) {
		e = p->entities[i];
		if (strcmp((const char *)e->name, (const char *)name) != 0)
			continue;
		if (p->entity_bytes + e->length > PARSE_MAX_EXPANSION)
			return NULL;	/* enough: refuse to blow up */
		p->entity_bytes += e->length;
		return e;
	}
	return entity_find((const char *)name, strlen((const char *)name));
}

static xmlEntityPtr
sax_get_parameter_entity(void *ctx, const xmlChar *name)
{
	return NULL;
}

static void
sax_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *publicId, const xmlChar *systemId, xmlChar *content)
{
	struct pstate *p = ctx;
	xmlEntityPtr e;
	size_t len;
	int i;

	/*
	 * Only plain text is kept: an internal entity whose value has no
	 * reference or markup left (character references are already
	 * replaced), so one never expands into another; external ones are
	 * never loaded.
	 */
	if (type != XML_INTERNAL_GENERAL_ENTITY || content == NULL ||
	    p->nentities >= PARSE_MAX_ENTITIES ||
	    (len = strlen((const char *)content)) > PARSE_MAX_ENTITY_SIZE ||
	    strchr((const char *)content, '&') != NULL ||
	    strchr((const char *)content, '<') != NULL ||
	    strchr((const char *)content, '%') != NULL) {
		p->damaged = 1;
		if (p->warning == NULL)
			p->warning = xstrdup("entity declarations ignored");
		return;
	}
	for (i = 0; i < p->nentities; i++)
		if (strcmp((const char *)p->entities[i]->name,
		    (const char *)name) == 0)
			return;		/* the first declaration binds */
	e = xcalloc(1, sizeof *e);
	e->type = XML_ENTITY_DECL;
	e->etype = XML_INTERNAL_PREDEFINED_ENTITY;
	e->name = (xmlChar *)xstrdup((const char *)name);
	e->content = (xmlChar *)xstrdup((const char *)content);
	e->orig = e->content;
	e->length = len;
	p->entities[p->nentities++] = e;
}

static xmlParserInputPtr
sax_resolve_entity(void *ctx, const xmlChar *publicId, const xmlChar *systemId)
{
	return NULL;
}

static void
sax_noop_subset(void *ctx, const xmlChar *name, const xmlChar *ExternalID,
    const xmlChar *SystemID)
{
}

static xmlParserInputPtr
no_external_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	return NULL;
}

static void
quiet_generic_error(void *ctx, const char *fmt, ...)
{
}

static void
sax_init(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof *sax);
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = sax_start;
	sax->endElementNs = sax_end;
	sax->characters = sax_characters;
	sax->cdataBlock = sax_characters;
	sax->getEntity = sax_get_entity;
	sax->getParameterEntity = sax_get_parameter_entity;
	sax->entityDecl = sax_entity_decl;
	sax->resolveEntity = sax_resolve_entity;
	sax->internalSubset = sax_noop_subset;
	sax->externalSubset = sax_noop_subset;
	sax->serror = sax_error;
}

/* ------------------------------------------------------------------ */
/* sniffing */

static const char *
skip_space(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' ||
	    *s == '\n'))
		s++;
	return s;
}

/* The encoding="..." of an XML declaration at s, or NULL. */
static int
has_declared_encoding(const char *s, size_t len)
{
	const char *end;

	if (len < 5 || strncmp(s, "<?xml", 5) != 0)
		return 0;
	end = memmem(s, len, "?>", 2);
	if (end == NULL)
		end = s + len;
	return memmem(s, end - s, "encoding", 8) != NULL;
}

/* Length of the longest valid UTF-8 prefix check: 1 if all valid. */
static int
valid_utf8_prefix(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffd && n == 1) {
			/* a sequence cut at the end of the sample is fine */
			if (len - i < 4)
				return 1;
			return 0;
		}
		i += n;
	}
	return 1;
}

/* Hand bytes to libxml2, through the '&' filter when it is on. */
static void
push_xml(struct pstate *p, const char *data, size_t len, int final)
{
	const char *s = data;
	size_t n = len, used, rest;
	int from_hold = 0;

	if (!p->fix_on) {
		xmlParseChunk(p->ctxt, data, len, final);
		return;
	}
	if (p->fix_hold.len > 0) {
		if (len > 0)
			buf_add(&p->fix_hold, data, len);
		s = p->fix_hold.s;
		n = p->fix_hold.len;
		from_hold = 1;
	}
	buf_reset(&p->fix_out);
	used = n > 0 ? fix_amp(&p->fix, s, n, final, &p->fix_out) : 0;
	if (p->fix_out.len > 0)
		xmlParseChunk(p->ctxt, p->fix_out.s, p->fix_out.len, final);
	else if (used > 0 || final)
		xmlParseChunk(p->ctxt, s, used, final);
	rest = n - used;
	if (from_hold) {
		memmove(p->fix_hold.s, s + used, rest);
		p->fix_hold.len = rest;
	} else {
		buf_reset(&p->fix_hold);
		if (rest > 0)
			buf_add(&p->fix_hold, s + used, rest);
	}
}

void
parse_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(no_external_loader);
}

static void
start_xml(struct pstate *p, const char *s, size_t len)
{
	xmlSAXHandler sax;
	xmlCharEncodingHandlerPtr h = NULL;
	int bom = len >= 2 && (((unsigned char)s[0] == 0xfe &&
	    (unsigned char)s[1] == 0xff) || ((unsigned char)s[0] == 0xff &&
	    (unsigned char)s[1] == 0xfe));

	sax_init(&sax);
	/* process-wide: never load anything, never print to stderr */
	xmlSetExternalEntityLoader(no_external_loader);
	xmlSetGenericErrorFunc(NULL, quiet_generic_error);
	p->ctxt = xmlCreatePushParserCtxt(&sax, p, NULL, 0, NULL);
	if (p->ctxt == NULL)
		fatal("xmlCreatePushParserCtxt");
	xmlCtxtUseOptions(p->ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	p->ctxt->replaceEntities = 0;
	p->ctxt->loadsubset = 0;
	p->ctxt->validate = 0;
	if (!bom && !has_declared_encoding(s, len) &&
	    !(len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) &&
	    !(len >= 2 && (s[0] == 0 || s[1] == 0))) {
		if (p->http_charset != NULL)
			h = xmlFindCharEncodingHandler(p->http_charset);
		if (h == NULL && !valid_utf8_prefix(s, len))
			h = xmlFindCharEncodingHandler("windows-1252");
		if (h != NULL)
			xmlSwitchToEncoding(p->ctxt, h);
	}
	p->kind = KIND_XML;
	p->started = 1;
	p->fix_on = !bom && !(len >= 2 && (s[0] == 0 || s[1] == 0));
	push_xml(p, s, len, 0);
}

static int
looks_binary(const char *s, size_t len)
{
	size_t i, bad = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == 0)
			return 1;
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
			bad++;
	}
	return bad * 10 > len;
}

/* Decide what the document is from its first bytes. */
static void
sniff(struct pstate *p, int last)
{
	const char *s = buf_str(&p->head), *end = s + p->head.len, *q;
	const unsigned char *u = (const unsigned char *)s;
	size_t len = p->head.len;

	if (len >= 2 && ((u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0xff &&
	    u[1] == 0xfe) || (u[0] == '<' && u[1] == 0) || (u[0] == 0 &&
	    u[1] == '<'))) {
		start_xml(p, s, len);
		return;
	}
	q = s;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		q += 3;
	q = skip_space(q, end);
	if (q == end) {
		if (last) {
			p->kind = KIND_NOTFEED;
			fatal_cause(p, "empty document, not a feed");
		}
		return;
	}
	/* comments before a misplaced XML declaration */
	if (*q == '<' && strncmp(q, "<!--", 4) == 0) {
		const char *r = q, *c;

		while (r < end && strncmp(r, "<!--", 4) == 0 &&
		    (c = memmem(r, end - r, "-->", 3)) != NULL)
			r = skip_space(c + 3, end);
		if (end - r > 5 && strncmp(r, "<?xml", 5) == 0)
			q = r;
	}
	if (*q == '<') {
		if (q != s && !(q == s + 3 && u[0] == 0xef)) {
			/* keep a BOM, drop leading white space */
			if (u[0] == 0xef && len >= 3) {
				struct buf b = BUF_INIT;

				buf_add(&b, s, 3);
				buf_add(&b, q, end - q);
				start_xml(p, b.s, b.len);
				buf_free(&b);
				return;
			}
			start_xml(p, q, end - q);
			return;
		}
		start_xml(p, s, len);
		return;
	}
	if (*q == '{' || *q == '[') {
		p->kind = KIND_JSON;
		buf_add(&p->json, q, end - q);
		return;
	}
	p->kind = KIND_NOTFEED;
	if (looks_binary(s, len))
		fatal_cause(p, "binary data, not a feed");
	else
		fatal_cause(p, "neither XML nor JSON, not a feed");
}

/* ------------------------------------------------------------------ */
/* the interface */

struct parser *
parser_new(const char *base_url, const char *http_charset,
    parser_item_cb cb, void *arg)
{
	struct pstate *p = xcalloc(1, sizeof *p);

	p->base_url = base_url != NULL && *base_url != '\0' ?
	    xstrdup(base_url) : NULL;
	p->http_charset = xstrdup0(http_charset);
	p->cb = cb;
	p->cb_arg = arg;
	p->stack[0].base = p->base_url;
	feed_item_init(&p->item);
	feed_parsed_init(&p->feed);
	return (struct parser *)p;
}

static void	not_feed_reason(struct pstate *);

/*
 * Stop early when the document cannot be a feed: binary data, or an XML
 * document (an HTML page) whose first bytes held no feed root, so the
 * caller need not read the rest.
 */
static enum status
not_feed_early(struct pstate *p, char **cause)
{
	if (!p->fatal && p->kind == KIND_XML && p->root_seen &&
	    p->format == FEED_FORMAT_UNKNOWN && p->head.len >= PARSE_HEAD_SIZE)
		not_feed_reason(p);
	if (!p->fatal)
		return STATUS_OK;
	if (cause != NULL && *cause == NULL)
		*cause = xstrdup(p->cause != NULL ? p->cause : "not a feed");
	return STATUS_NOT_FEED;
}

enum status
parser_push(struct parser *parser, const char *buf, size_t len,
    char **cause)
{
	struct pstate *p = (struct pstate *)parser;
	size_t keep = 0;

	if (p->fatal || p->kind == KIND_NOTFEED)
		return not_feed_early(p, cause);
	if (len == 0)
		return STATUS_OK;
	if (p->head.len < PARSE_HEAD_SIZE) {
		keep = PARSE_HEAD_SIZE - p->head.len;
		buf_add(&p->head, buf, len < keep ? len : keep);
	}
	switch (p->kind) {
	case KIND_SNIFF:
		if (p->head.len >= SNIFF_SIZE)
			sniff(p, 0);
		if (p->kind == KIND_SNIFF)
			return STATUS_OK;
		/* the head held this chunk's bytes: fed by sniff() */
		if (p->head.len == PARSE_HEAD_SIZE && len > keep) {
			if (p->kind == KIND_XML)
				push_xml(p, buf + keep, len - keep, 0);
			else if (p->kind == KIND_JSON)
				buf_add(&p->json, buf + keep, len - keep);
		}
		break;
	case KIND_XML:
		push_xml(p, buf, len, 0);
		break;
	case KIND_JSON:
		if (p->json.len + len > PARSE_MAX_JSON) {
			fatal_cause(p, "JSON document too big");
			if (cause != NULL)
				*cause = xstrdup(p->cause);
			return STATUS_TOO_BIG;
		}
		buf_add(&p->json, buf, len);
		break;
	}
	return not_feed_early(p, cause);
}

/* Look for <link rel="alternate" type="...rss..." href=...> in raw bytes. */
static void
html_scan_links(struct pstate *p)
{
	const char *s = buf_str(&p->head), *end = s + p->head.len, *t, *gt;
	char *tag;

	for (t = s; p->html_feed_url == NULL && t + 5 < end; t++) {
		if (*t != '<' || strncasecmp(t, "<link", 5) != 0)
			continue;
		gt = memchr(t, '>', end - t);
		if (gt == NULL)
			break;
		tag = xstrndup(t, gt - t);
		if (strcasestr(tag, "alternate") != NULL &&
		    (strcasestr(tag, "rss") != NULL ||
		    strcasestr(tag, "atom") != NULL)) {
			char *h = strcasestr(tag, "href="), *v, *e;

			if (h != NULL) {
				v = h + 5;
				if (*v == '"' || *v == '\'') {
					e = strchr(v + 1, *v);
					v++;
				} else
					e = v + strcspn(v, " \t\r\n/>");
				if (e != NULL && e > v) {
					*e = '\0';
					p->html_feed_url = url_resolve(
					    p->base_url, v);
				}
			}
		}
		free(tag);
	}
}

static int
head_is_html(struct pstate *p)
{
	const char *s = buf_str(&p->head);

	if (p->root_name != NULL && strcasecmp(p->root_name, "html") == 0)
		return 1;
	return strcasestr(s, "<html") != NULL ||
	    strcasestr(s, "<!doctype html") != NULL;
}

static void
not_feed_reason(struct pstate *p)
{
	char *url;

	if (head_is_html(p)) {
		if (p->html_feed_url == NULL)
			html_scan_links(p);
		if (p->html_feed_url != NULL) {
			url = utf8_clean(p->html_feed_url,
			    strlen(p->html_feed_url), UTF8_COLLAPSE_SPACE);
			fatal_cause(p, "an HTML page, not a feed; "
			    "its feed is at %s", url);
			free(url);
		} else
			fatal_cause(p, "an HTML page, not a feed");
	} else if (p->root_name != NULL)
		fatal_cause(p, "document element <%.64s> is not RSS, RDF or "
		    "Atom, not a feed", p->root_name);
	else
		fatal_cause(p, "not well-formed XML%s%s, not a feed",
		    p->warning != NULL ? ": " : "",
		    p->warning != NULL ? p->warning : "");
}

enum status
parser_finish(struct parser *parser, struct parsed_feed *out,
    char **warning, char **cause)
{
	struct pstate *p = (struct pstate *)parser;
	enum status st = STATUS_OK;

	if (warning != NULL)
		*warning = NULL;
	if (cause != NULL)
		*cause = NULL;
	if (p->kind == KIND_SNIFF && !p->fatal)
		sniff(p, 1);
	if (p->kind == KIND_XML && !p->fatal) {
		push_xml(p, NULL, 0, 1);
		keep_well_formed(p);
		if (p->format == FEED_FORMAT_UNKNOWN)
			not_feed_reason(p);

		else if (p->item_depth != 0) {
			/* cut off inside an item: keep what came */
			p->damaged = 1;
			item_end(p);
		}
	} else if (p->kind == KIND_JSON && !p->fatal)
		st = json_feed_parse(p, buf_str(&p->json), p->json.len);
	if (p->fatal) {
		if (cause != NULL)
			*cause = xstrdup(p->cause != NULL ? p->cause :
			    "not a feed");
		return st != STATUS_OK ? st : STATUS_NOT_FEED;
	}
	if (st != STATUS_OK)
		return st;
	if (p->fix.repaired > 0 && !p->damaged) {
		p->damaged = 1;
		p->warning = xasprintf("%d bare '&' read as text",
		    p->fix.repaired);
	}
	if (p->items_dropped > 0 && warning != NULL)
		*warning = xasprintf("%d items beyond the limit of %d dropped",
		    p->items_dropped, PARSE_MAX_ITEMS);
	else if (p->damaged && warning != NULL)
		*warning = p->warning != NULL ? xasprintf("damaged XML "
		    "recovered (%s)", p->warning) : xstrdup("damaged XML "
		    "recovered (bad character encoding)");
	p->feed.format = p->format;
	*out = p->feed;
	feed_parsed_init(&p->feed);
	return STATUS_OK;
}

void
parser_free(struct parser *parser)
{
	struct pstate *p = (struct pstate *)parser;
	int i;

	if (p == NULL)
		return;
	while (p->depth > 0) {
		pop_elem(p);
		p->depth--;
	}
	if (p->ctxt != NULL) {
		/* libxml2 keeps declared entities in a fake document */
		if (p->ctxt->myDoc != NULL)
			xmlFreeDoc(p->ctxt->myDoc);
		xmlFreeParserCtxt(p->ctxt);
	}
	free(p->base_url);
	free(p->http_charset);
	buf_free(&p->head);
	buf_free(&p->json);
	buf_free(&p->cap);
	buf_free(&p->fix_hold);
	buf_free(&p->fix_out);
	free(p->root_name);
	feed_item_free(&p->item);
	free(p->item_guid_link);
	free(p->item_author_name);
	free(p->item_author_email);
	feed_parsed_free(&p->feed);
	free(p->feed_author);
	free(p->feed_author_name);
	free(p->feed_author_email);
	free(p->html_feed_url);
	for (i = 0; i < p->nentities; i++) {
		free((char *)p->entities[i]->name);
		free(p->entities[i]->content);
		free(p->entities[i]);
	}
	free(p->warning);
	free(p->cause);
	free(p);
}

static void
collect_item(struct item *it, const struct parsed_feed *pf, void *arg)
{
	feed_parsed_add_item(arg, it);
}

enum status
parse_feed(const char *buf, size_t len, const char *base_url,
    struct parsed_feed *out, char **warning, char **cause)
{
	struct parsed_feed items;
	struct parser *p;
	enum status st;

	feed_parsed_init(&items);
	feed_parsed_init(out);
	p = parser_new(base_url, NULL, collect_item, &items);
	st = parser_push(p, buf, len, cause);
	if (st == STATUS_OK)
		st = parser_finish(p, out, warning, cause);
	parser_free(p);
	if (st != STATUS_OK) {
		feed_parsed_free(&items);
		return st;
	}
	out->items = items.items;
	out->nitems = items.nitems;
	out->items_cap = items.items_cap;
	return STATUS_OK;
}
