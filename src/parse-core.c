/*
 * The parser's core, shared by the formats: namespaces, attributes,
 * xml:base, the item being built, links and enclosures, and the capture
 * of one text field (started by a format's element table, filled by the
 * SAX text callback, committed into the item or the feed at the end tag).
 * It knows no format: parse-rss.c, parse-atom.c and parse-json.c call it,
 * never the other way round.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/buf.h"
#include "tidende/date.h"
#include "tidende/feed.h"
#include "tidende/html-text.h"
#include "tidende/url.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#include "parse-private.h"

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

/* ------------------------------------------------------------------ */
/* namespaces and attributes */


enum ns
parse_core_ns_lookup(const char *uri)
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

const char *
parse_core_attr_get(const struct attrs *a, enum ns ns, const char *local, size_t *len)
{
	int i;

	for (i = 0; i < a->n; i++) {
		const xmlChar **v = a->v + i * 5;

		if (strcmp((const char *)v[0], local) != 0)
			continue;
		if (ns == NS_NONE ? v[2] != NULL : (v[2] == NULL ||
		    parse_core_ns_lookup((const char *)v[2]) != ns))
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
parse_core_attr_text(const char *v, size_t len)
{
	struct buf b = BUF_INIT;
	const char *amp;
	char *s;

	if (memmem(v, len, "&#38;", 5) == NULL)
		return parse_text_plain(v, len);
	while (len > 0 && (amp = memmem(v, len, "&#38;", 5)) != NULL) {
		buf_add(&b, v, amp - v + 1);
		len -= amp - v + 5;
		v = amp + 5;
	}
	buf_add(&b, v, len);
	s = parse_text_plain(buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

char *
parse_core_attr_dup(const struct attrs *a, enum ns ns, const char *local)
{
	const char *v;
	size_t len;

	if ((v = parse_core_attr_get(a, ns, local, &len)) == NULL)
		return NULL;
	return parse_core_attr_text(v, len);
}

int
parse_core_attr_is(const struct attrs *a, enum ns ns, const char *local,
    const char *value)
{
	const char *v;
	size_t len;

	if ((v = parse_core_attr_get(a, ns, local, &len)) == NULL)
		return 0;
	while (len > 0 && isspace((unsigned char)*v)) {
		v++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)v[len - 1]))
		len--;
	return strlen(value) == len && strncasecmp(v, value, len) == 0;
}

static const char *
parse_core_base(struct pstate *p)
{
	int d = p->depth > PARSE_MAX_DEPTH ? PARSE_MAX_DEPTH : p->depth;

	return p->stack[d].base;
}

char *
parse_core_resolve(struct pstate *p, const char *ref)
{
	return url_resolve(parse_core_base(p), ref);
}

/* ------------------------------------------------------------------ */
/* items */

void
parse_core_item_begin(struct pstate *p)
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
parse_core_item_end(struct pstate *p)
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
parse_core_enclosure(struct pstate *p, const char *url, size_t len,
    const char *type, const char *length)
{
	char *u, *r;
	int64_t n = -1;

	if (url == NULL || p->item.nenclosures >= PARSE_MAX_ENCLOSURES)
		return;
	u = parse_core_attr_text(url, len);
	if (*u != '\0') {
		r = parse_core_resolve(p, u);
		if (length != NULL && *length >= '0' && *length <= '9')
			n = strtoll(length, NULL, 10);
		feed_item_add_enclosure(&p->item, r, type != NULL && *type != '\0' ?
		    type : NULL, n);
		free(r);
	}
	free(u);
}

/* Atom link (also atom:link inside RSS). */
void
parse_core_link(struct pstate *p, const struct attrs *a, int item)
{
	const char *href;
	size_t len;
	char *rel, *type, *u, *r;

	if ((href = parse_core_attr_get(a, NS_NONE, "href", &len)) == NULL) {
		/* the URL as the element's text, as some feeds have it */
		parse_core_capture(p, parse_core_attr_is(a, NS_NONE, "rel", "enclosure") ?
		    F_LINK_ENC : F_LINK, MODE_TEXT, item);
		return;
	}
	rel = parse_core_attr_dup(a, NS_NONE, "rel");
	type = parse_core_attr_dup(a, NS_NONE, "type");
	if (rel == NULL || *rel == '\0' || strcasecmp(rel, "alternate") == 0) {
		if (type == NULL || *type == '\0' ||
		    strcasecmp(type, "text/html") == 0 ||
		    strcasecmp(type, "application/xhtml+xml") == 0) {
			u = parse_core_attr_text(href, len);
			r = parse_core_resolve(p, u);
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
		char *length = parse_core_attr_dup(a, NS_NONE, "length");

		parse_core_enclosure(p, href, len, type, length);
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
parse_core_capture(struct pstate *p, enum field f, enum mode m, int item)
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

void
parse_core_child_start(struct pstate *p, enum ns ns, const char *local,
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
			char *t = parse_core_attr_text((const char *)v[3], v[4] - v[3]);

			parse_text_escape(&p->cap, t, strlen(t), 1);
			free(t);
		}
		buf_addc(&p->cap, '"');
	}
	buf_adds(&p->cap, is_void(local) ? " />" : ">");
}

void
parse_core_child_end(struct pstate *p, const char *local)
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
		return html_text_line(s, len);
	case MODE_GUESS:
		if (parse_text_looks_html(s, len))
			return html_text_line(s, len);
		/* FALLTHROUGH */
	default:
		return parse_text_plain(s, len);
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
		s = parse_text_plain(n, strlen(n));
		free(n);
		return s;
	}
	if ((o = strchr(s, '<')) != NULL && o > s && strchr(o, '@') != NULL) {
		n = parse_text_plain(s, o - s);
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

void
parse_core_commit(struct pstate *p)
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
		u = parse_text_plain(buf_str(&p->cap), p->cap.len);
		if (*u != '\0')
			s = parse_core_resolve(p, u);
		free(u);
		set_str(item ? &it->link : &pf->link, s, fb);
		break;
	case F_LINK_ENC:
		if (item && p->cap.len > 0)
			parse_core_enclosure(p, p->cap.s, p->cap.len, NULL, NULL);
		u = parse_text_plain(buf_str(&p->cap), p->cap.len);
		if (*u != '\0')
			s = parse_core_resolve(p, u);
		free(u);
		set_str(item ? &it->link : &pf->link, s, fb);
		break;
	case F_SUMMARY:
		if (!item) {
			set_str(&pf->description, cap_plain(p), fb);
			break;
		}
		set_str(&it->summary, parse_text_markup(buf_str(&p->cap),
		    p->cap.len), fb);
		break;
	case F_CONTENT:
		if (item)
			set_str(&it->content, parse_text_markup(buf_str(&p->cap),
			    p->cap.len), fb);
		break;
	case F_ID:
		if (!item)
			break;
		s = parse_text_plain(buf_str(&p->cap), p->cap.len);
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


void
parse_core_text(struct pstate *p, const char *s, size_t len)
{
	if (p->cap_direct && p->depth != p->cap_depth)
		return;
	if (!cap_room(p, len))
		return;
	if (p->cap_mode == MODE_XHTML)
		parse_text_escape(&p->cap, s, len, 0);
	else
		buf_add(&p->cap, s, len);
}

/* ------------------------------------------------------------------ */
/* element tables */

static int
elem_cmp(enum ns ns, const char *name, const struct parse_elem *e)
{
	if (ns != e->ns)
		return ns < e->ns ? -1 : 1;
	if (name[0] != e->name[0])	/* most rows differ here */
		return (unsigned char)name[0] < (unsigned char)e->name[0] ?
		    -1 : 1;
	return strcmp(name, e->name);
}

const struct parse_elem *
parse_core_elem_find(const struct parse_elem *tab, size_t n, enum ns ns,
    const char *name, int where)
{
	size_t lo = 0, hi = n, mid;

	/* the first row of ns:name */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (elem_cmp(ns, name, &tab[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && elem_cmp(ns, name, &tab[lo]) == 0; lo++)
		if (tab[lo].where & where)
			return &tab[lo];
	return NULL;
}

void
parse_core_elem_item(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	p->stack[p->depth].role = ROLE_ITEM;
	parse_core_item_begin(p);
}

void
parse_core_elem_author(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	p->stack[p->depth].role = ROLE_AUTHOR;
}

void
parse_core_elem_link(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	parse_core_link(p, a, item);
}
