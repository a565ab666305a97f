/*
 * The feed parser's driver: sniffs the format, runs libxml2's push parser
 * with SAX2 callbacks that never load or expand anything the document
 * declares, keeps the element stack and text captures, hands out items.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "tidende/buf.h"
#include "tidende/date.h"
#include "tidende/feed.h"
#include "tidende/html-text.h"
#include "tidende/i18n.h"
#include "tidende/parse.h"
#include "tidende/url.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#include "parse-formats.h"

#define KIND_SNIFF	0
#define KIND_XML	1
#define KIND_JSON	2
#define KIND_NOTFEED	3

#define SNIFF_SIZE	1024


static void	 fatal_cause(struct pstate *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

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
	ns = parse_core_ns_lookup((const char *)uri);
	p->ns_uri[p->ns_next] = uri;
	p->ns_id[p->ns_next] = ns;
	p->ns_next = (p->ns_next + 1) % 8;
	return ns;
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
	msg = xasprintf(_("line %d: %s"), err->line, err->message != NULL ?
	    err->message : _("error"));
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
/* the document element */

/* The formats, tried in order on the document element. */
static const struct parse_format *const parse_formats[] = {
	&parse_rss_format,
	&parse_atom_format,
};

static void
root_element(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a)
{
	size_t i;

	p->root_seen = 1;
	p->root_name = xstrdup(local);
	for (i = 0; i < sizeof parse_formats / sizeof parse_formats[0]; i++)
		if (parse_formats[i]->root(p, ns, local, a)) {
			p->fmt = parse_formats[i];
			break;
		}
	p->feed.format = p->format;	/* callbacks see it */
}

/* An HTML page: remember the feed it announces. */
static void
html_link(struct pstate *p, const char *local, const struct attrs *a)
{
	char *rel, *type, *href;

	if (p->html_feed_url != NULL || strcasecmp(local, "link") != 0)
		return;
	rel = parse_core_attr_dup(a, NS_NONE, "rel");
	type = parse_core_attr_dup(a, NS_NONE, "type");
	href = parse_core_attr_dup(a, NS_NONE, "href");
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
	if ((v = parse_core_attr_get(a, NS_XML, "base", &len)) != NULL) {
		s = parse_core_attr_text(v, len);
		e->base = url_resolve(up->base, s);
		e->own_base = 1;
		free(s);
	}
	if ((v = parse_core_attr_get(a, NS_XML, "lang", &len)) != NULL) {
		e->lang = parse_core_attr_text(v, len);
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

/*
 * An element in the feed: its row in the format's table (its own
 * namespace) or in the extensions' table, for the place it stands in.
 */
static void
elem_start(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a)
{
	const struct parse_format *f = p->fmt;
	const struct parse_elem *row;
	int where, item, core;

	switch (p->stack[p->depth - 1].role) {
	case ROLE_ROOT:
		where = PARSE_IN_ROOT;
		item = 0;
		break;
	case ROLE_CHANNEL:
		where = PARSE_IN_CHANNEL;
		item = 0;
		break;
	case ROLE_ITEM:
		where = PARSE_IN_ITEM;
		item = 1;
		break;
	case ROLE_AUTHOR:
		where = PARSE_IN_AUTHOR;
		item = p->stack[p->depth - 2].role == ROLE_ITEM;
		break;
	case ROLE_GROUP:
		if (p->item_depth == 0)
			return;
		where = PARSE_IN_GROUP;
		item = 1;
		break;
	default:
		return;
	}
	core = ns == p->core || (ns == NS_NONE && p->core_none) ||
	    (f->atom_core && (ns == NS_ATOM10 || ns == NS_ATOM03));
	if (core)
		row = parse_core_elem_find(f->elems, f->nelems, NS_NONE, local,
		    where);
	else
		row = parse_core_elem_find(parse_ext_elems, parse_ext_nelems,
		    ns, local, where);
	if (row == NULL)
		return;
	if (row->fn != NULL)
		row->fn(p, row, a, item);
	else {
		parse_core_capture(p, row->field, row->mode, item);
		p->cap_fallback = row->fallback;
	}
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
		parse_core_child_start(p, ns, local, &a);
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
	elem_start(p, ns, local, &a);
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
		parse_core_commit(p);
	else if (p->cap_depth != 0)
		parse_core_child_end(p, (const char *)localname);
	else if (e->role == ROLE_ITEM && p->item_depth == p->depth)
		parse_core_item_end(p);
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
	parse_core_text(p, (const char *)ch, (size_t)len);
}

/*
 * The HTML entities as libxml2's SAX wants them, made once from the one
 * table (html-text.c, libxml2's own HTML table) and in its order.
 */
static xmlEntity *html_ents;
static pthread_once_t html_ents_once = PTHREAD_ONCE_INIT;

static void
html_ents_make(void)
{
	const struct html_entity *t;
	size_t i, n;

	t = html_text_entities(&n);
	html_ents = xcalloc(n > 0 ? n : 1, sizeof *html_ents);
	for (i = 0; i < n; i++) {
		html_ents[i].type = XML_ENTITY_DECL;
		html_ents[i].etype = XML_INTERNAL_PREDEFINED_ENTITY;
		html_ents[i].name = (const xmlChar *)t[i].name;
		html_ents[i].content = (xmlChar *)t[i].utf8;
		html_ents[i].orig = (xmlChar *)t[i].utf8;
		html_ents[i].length = t[i].len;
	}
}

static xmlEntity *
html_entity(const char *name)
{
	const struct html_entity *e, *t;
	size_t n;

	if ((e = html_text_entity_find(name, strlen(name))) == NULL)
		return NULL;
	pthread_once(&html_ents_once, html_ents_make);
	t = html_text_entities(&n);
	return &html_ents[e - t];
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
	return html_entity((const char *)name);
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
			p->warning = xstrdup(_("entity declarations ignored"));
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

/*
 * The index of the first byte in s that XML 1.0 forbids (a C0 control
 * but tab, newline and return: NUL, ESC, ...), len if none.  Sixteen
 * bytes a step with SSE2.
 */
static size_t
xml_illegal_span(const unsigned char *s, size_t len)
{
	size_t i = 0;

#if defined(__SSE2__) && defined(__GNUC__)
	const __m128i top = _mm_set1_epi8((char)0xe0), zero =
	    _mm_setzero_si128(), tab = _mm_set1_epi8('\t'), nl =
	    _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
	__m128i v, low, ok;
	unsigned m;

	for (; i + 16 <= len; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		low = _mm_cmpeq_epi8(_mm_and_si128(v, top), zero);
		ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab),
		    _mm_cmpeq_epi8(v, nl)), _mm_cmpeq_epi8(v, cr));
		m = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(ok, low));
		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < len; i++)
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			break;
	return i;
}

/*
 * Hand bytes to libxml2, through the '&' filter when it is on.  In an
 * ASCII-compatible document (the same test), bytes XML forbids are taken
 * out first: libxml2 ends the document at a NUL, so one stray NUL in a
 * title dropped every item after it.  (None of them can be part of a
 * multi-byte character there.)
 */
static void
push_xml(struct pstate *p, const char *data, size_t len, int final)
{
	const char *s = data;
	size_t n = len, used, rest, i, j;
	int from_hold = 0;

	if (p->fix_on && len > 0 && (i = xml_illegal_span(
	    (const unsigned char *)data, len)) < len) {
		buf_reset(&p->ctl_out);
		buf_add(&p->ctl_out, data, i);
		while (i < len) {
			p->ctl_removed++;
			i++;
			j = i + xml_illegal_span((const unsigned char *)data + i,
			    len - i);
			buf_add(&p->ctl_out, data + i, j - i);
			i = j;
		}
		data = s = p->ctl_out.s != NULL ? p->ctl_out.s : "";
		len = n = p->ctl_out.len;
		if (len == 0 && !final)
			return;
	}
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
	used = n > 0 ? parse_fix_amp(&p->fix, s, n, final, &p->fix_out) : 0;
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
			fatal_cause(p, "%s", _("empty document, not a feed"));
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
		fatal_cause(p, "%s", _("binary data, not a feed"));
	else
		fatal_cause(p, "%s", _("neither XML nor JSON, not a feed"));
}

/* ------------------------------------------------------------------ */
/* the interface */

struct parser *
parse_new(const char *base_url, const char *http_charset,
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
		*cause = xstrdup(p->cause != NULL ? p->cause : _("not a feed"));
	return STATUS_NOT_FEED;
}

enum status
parse_push(struct parser *parser, const char *buf, size_t len,
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
			fatal_cause(p, "%s", _("JSON document too big"));
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
			fatal_cause(p, _("an HTML page, not a feed; "
			    "its feed is at %s"), url);
			free(url);
		} else
			fatal_cause(p, "%s", _("an HTML page, not a feed"));
	} else if (p->root_name != NULL)
		fatal_cause(p, _("document element <%.64s> is not RSS, RDF "
		    "or Atom, not a feed"), p->root_name);
	else if (p->warning != NULL)
		fatal_cause(p, _("not well-formed XML: %s, not a feed"),
		    p->warning);
	else
		fatal_cause(p, "%s", _("not well-formed XML, not a feed"));
}

enum status
parse_finish(struct parser *parser, struct parsed_feed *out,
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
			parse_core_item_end(p);
		}
	} else if (p->kind == KIND_JSON && !p->fatal)
		st = parse_json_format.whole(p, buf_str(&p->json),
		    p->json.len);
	if (p->fatal) {
		if (cause != NULL)
			*cause = xstrdup(p->cause != NULL ? p->cause :
			    _("not a feed"));
		return st != STATUS_OK ? st : STATUS_NOT_FEED;
	}
	if (st != STATUS_OK)
		return st;
	if (p->fix.repaired > 0 && !p->damaged) {
		p->damaged = 1;
		p->warning = xasprintf(ngettext("%d bare '&' read as text",
		    "%d bare '&' read as text", p->fix.repaired),
		    p->fix.repaired);
	}
	if (p->ctl_removed > 0)
		p->damaged = 1;
	if (p->items_dropped > 0 && warning != NULL)
		*warning = xasprintf(ngettext("%d item beyond the limit of "
		    "%d dropped", "%d items beyond the limit of %d dropped",
		    p->items_dropped), p->items_dropped, PARSE_MAX_ITEMS);
	else if (p->damaged && warning != NULL) {
		/* how much survived, and what was wrong */
		struct buf w = BUF_INIT;

		if (p->ctl_removed > 0)
			buf_printf(&w, ngettext("%zu byte illegal in XML (NUL, "
			    "control characters) removed", "%zu bytes illegal "
			    "in XML (NUL, control characters) removed",
			    p->ctl_removed), p->ctl_removed);
		if (p->ctl_removed > 0 && p->warning != NULL)
			buf_adds(&w, "; ");
		if (p->warning != NULL)
			buf_adds(&w, p->warning);
		else if (p->ctl_removed == 0)
			buf_adds(&w, _("bad character encoding"));
		/* TRANSLATORS: the reasons in parentheses come after */
		*warning = xasprintf(ngettext("damaged XML recovered, %d item "
		    "read (%s)", "damaged XML recovered, %d items read (%s)",
		    p->nitems), p->nitems, buf_str(&w));
		buf_free(&w);
	}
	p->feed.format = p->format;
	*out = p->feed;
	feed_parsed_init(&p->feed);
	return STATUS_OK;
}

void
parse_free(struct parser *parser)
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
	buf_free(&p->ctl_out);
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
	p = parse_new(base_url, NULL, collect_item, &items);
	st = parse_push(p, buf, len, cause);
	if (st == STATUS_OK)
		st = parse_finish(p, out, warning, cause);
	parse_free(p);
	if (st != STATUS_OK) {
		feed_parsed_free(&items);
		return st;
	}
	out->items = items.items;
	out->nitems = items.nitems;
	out->items_cap = items.items_cap;
	return STATUS_OK;
}
