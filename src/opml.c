/*
 * OPML import and export.  The document is untrusted: libxml2 runs with
 * no network, no entity substitution and no DTD loading, documents that
 * declare entities are refused, and only plain http(s) xmlUrl values
 * become feeds.  Folders (nested outlines) and category= become tags.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/config.h"
#include "tidende/hash.h"
#include "tidende/opml.h"
#include "tidende/options.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define OPML_MAX_DEPTH	32
#define OPML_MAX_URL	4096
#define OPML_MAX_TAGS	64
#define OPML_NS		"https://tidende.org/opml"

struct opml_walk {
	struct opml	*o;
	size_t		 cap;		/* room in o->feeds */
	struct hash_index index;	/* feeds by URL */
	const char	*stack[OPML_MAX_DEPTH];
	int		 depth;
	size_t		 too_deep;	/* feeds left out: nested too deep */
	long		 too_deep_line;	/* the first such outline */
};

/* Feed outlines in the subtree of n (bounded by libxml2's own depth). */
static size_t
opml_count_feeds(xmlNodePtr n)
{
	xmlNodePtr c;
	size_t k = 0;
	char *url;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    strcasecmp((const char *)c->name, "outline") != 0)
			continue;
		if ((url = (char *)xmlGetProp(c, (const xmlChar *)"xmlUrl")) !=
		    NULL) {
			k++;
			xmlFree(url);
		}
		k += opml_count_feeds(c);
	}
	return k;
}

/* Outlines below OPML_MAX_DEPTH: left out, but never quietly. */
static void
opml_too_deep(struct opml_walk *w, xmlNodePtr n)
{
	size_t k = opml_count_feeds(n);

	if (k > 0 && w->too_deep == 0)
		w->too_deep_line = xmlGetLineNo(n);
	w->too_deep += k;
}

static const char *
opml_feed_url(const void *ctx, size_t i)
{
	const struct opml *o = ctx;

	return o->feeds[i].url;
}

/* The feed already read with this URL, or NULL. */
static struct opml_feed *
opml_index_find(struct opml_walk *w, const char *url)
{
	size_t i;

	i = hash_index_find(&w->index, opml_feed_url, w->o, url);
	return i != SIZE_MAX ? &w->o->feeds[i] : NULL;
}

/* An attribute as clean one-line text, or NULL when absent or empty. */
static char *
opml_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v;
	char *s;

	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = utf8_clean((const char *)v, strlen((const char *)v),
	    UTF8_COLLAPSE_SPACE);
	xmlFree(v);
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* Attribute lookup that also accepts odd capitalisation (xmlurl). */
static char *
opml_attr_any(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;
	char *s;

	if ((s = opml_attr(n, name)) != NULL)
		return s;
	for (a = n->properties; a != NULL; a = a->next)
		if (a->ns == NULL && strcasecmp((const char *)a->name,
		    name) == 0)
			return opml_attr(n, (const char *)a->name);
	return NULL;
}

static char *
opml_attr_ns(xmlNodePtr n, const char *name)
{
	xmlChar *v;
	char *s;

	if ((v = xmlGetNsProp(n, (const xmlChar *)name,
	    (const xmlChar *)OPML_NS)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

int
opml_url_ok(const char *url)
{
	const unsigned char *p;
	size_t len = strlen(url);

	if (len > OPML_MAX_URL || !utf8_valid(url, len))
		return 0;
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0)
		return 0;
	if (url[url[4] == ':' ? 7 : 8] == '\0')
		return 0;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
			return 0;
	return 1;
}

static void
opml_add_tag(struct opml_feed *f, const char *tag)
{
	size_t i;

	if (tag == NULL || *tag == '\0' || f->ntags >= OPML_MAX_TAGS)
		return;
	for (i = 0; i < f->ntags; i++)
		if (strcmp(f->tags[i], tag) == 0)
			return;
	f->tags = xreallocarray(f->tags, f->ntags + 1, sizeof *f->tags);
	f->tags[f->ntags++] = xstrdup(tag);
}

/* category="/News/Tech,Local": every path part is a tag. */
static void
opml_add_categories(struct opml_feed *f, const char *cats)
{
	char *copy = xstrdup(cats), *p, *end;

	for (p = copy; *p != '\0'; p = end) {
		end = p + strcspn(p, ",/");
		if (*end != '\0')
			*end++ = '\0';
		while (*p == ' ')
			p++;
		opml_add_tag(f, p);
	}
	free(copy);
}

static void
opml_refuse(struct opml *o, const char *title, const char *url)
{
	char *shown = utf8_truncate(url, 80, 0);

	o->refused = xreallocarray(o->refused, o->nrefused + 1,
	    sizeof *o->refused);
	if (title != NULL)
		o->refused[o->nrefused++] = xasprintf(_("\"%s\": '%s' refused: "
		    "only http:// and https:// feeds are imported"), title,
		    shown);
	else
		o->refused[o->nrefused++] = xasprintf(_("'%s' refused: only "
		    "http:// and https:// feeds are imported"), shown);
	free(shown);
}

static void
opml_feed_free(struct opml_feed *f)
{
	size_t i;

	free(f->url);
	free(f->title);
	for (i = 0; i < f->ntags; i++)
		free(f->tags[i]);
	free(f->tags);
	free(f->language);
}

static void
opml_outline_feed(struct opml_walk *w, xmlNodePtr n, char *url)
{
	struct opml *o = w->o;
	struct opml_feed *f = NULL, nf;
	char *title, *s, *why = NULL;
	long v;
	int d;

	if ((title = opml_attr(n, "title")) == NULL)
		title = opml_attr(n, "text");
	if (!opml_url_ok(url)) {
		opml_refuse(o, title, url);
		free(title);
		return;
	}
	/* The same feed in two folders: one feed with both tags. */
	if ((f = opml_index_find(w, url)) == NULL) {
		memset(&nf, 0, sizeof nf);
		nf.url = xstrdup(url);
		nf.title = title;
		nf.max_items = -1;
		title = NULL;
		if (o->nfeeds == w->cap) {
			w->cap = w->cap == 0 ? 16 : w->cap * 2;
			o->feeds = xreallocarray(o->feeds, w->cap,
			    sizeof *o->feeds);
		}
		o->feeds[o->nfeeds] = nf;
		f = &o->feeds[o->nfeeds++];
		hash_index_add(&w->index, w->o->nfeeds, opml_feed_url, w->o);
	}
	free(title);
	for (d = 0; d < w->depth; d++)
		opml_add_tag(f, w->stack[d]);
	if ((s = opml_attr(n, "category")) != NULL) {
		opml_add_categories(f, s);
		free(s);
	}
	if (f->language == NULL && (s = opml_attr(n, "language")) != NULL) {
		if (config_lang_ok(s))
			f->language = s;
		else
			free(s);
	}
	if ((s = opml_attr_ns(n, "refresh")) != NULL) {
		if (options_parse_int(s, 1, 10080, &v, &why) == STATUS_OK)
			f->refresh_minutes = v;
		free(why);
		why = NULL;
		free(s);
	}
	if ((s = opml_attr_ns(n, "max-items")) != NULL) {
		if (options_parse_int(s, 0, 1000000, &v, &why) == STATUS_OK)
			f->max_items = v;
		free(why);
		free(s);
	}
}

static void
opml_walk_children(struct opml_walk *w, xmlNodePtr parent)
{
	xmlNodePtr n;
	char *url, *name;

	for (n = parent->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcasecmp((const char *)n->name, "outline") != 0)
			continue;
		if ((url = opml_attr_any(n, "xmlUrl")) != NULL) {
			opml_outline_feed(w, n, url);
			free(url);
			if (n->children != NULL && w->depth < OPML_MAX_DEPTH)
				opml_walk_children(w, n);
			else if (n->children != NULL)
				opml_too_deep(w, n);
			continue;
		}
		if (n->children == NULL)
			continue;
		if (w->depth >= OPML_MAX_DEPTH) {
			opml_too_deep(w, n);
			continue;
		}
		/* A folder: its name is a tag of everything inside. */
		if ((name = opml_attr(n, "text")) == NULL)
			name = opml_attr(n, "title");
		w->stack[w->depth++] = name;
		opml_walk_children(w, n);
		w->depth--;
		free(name);
	}
}

static const char *
opml_memmem(const char *buf, size_t len, const char *what)
{
	size_t n = strlen(what), i;

	for (i = 0; i + n <= len; i++)
		if (buf[i] == what[0] && memcmp(buf + i, what, n) == 0)
			return buf + i;
	return NULL;
}

static int
opml_has_entities(xmlDocPtr doc)
{
	xmlDtdPtr dtd = doc->intSubset;

	if (dtd == NULL)
		return 0;
	return dtd->entities != NULL || dtd->pentities != NULL;
}

enum status
opml_parse(const char *buf, size_t len, struct opml *o, char **cause)
{
	xmlDocPtr doc;
	xmlNodePtr root, n, body = NULL;
	const xmlError *e;
	struct opml_walk w;
	char *msg;

	memset(o, 0, sizeof *o);
	if (len > 64 * 1024 * 1024 || len > (size_t)INT_MAX) {
		*cause = xstrdup(_("too large for an OPML file"));
		return STATUS_TOO_BIG;
	}
	/* Entities serve no purpose in OPML and are how XML attacks work. */
	if (opml_memmem(buf, len, "<!ENTITY") != NULL) {
		*cause = xstrdup(_("the document declares entities (<!ENTITY); "
		    "refused"));
		return STATUS_NOT_FEED;
	}
	xmlResetLastError();
	doc = xmlReadMemory(buf, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (doc == NULL) {
		e = xmlGetLastError();
		if (e != NULL && e->message != NULL) {
			msg = utf8_clean(e->message, strlen(e->message),
			    UTF8_COLLAPSE_SPACE);
			*cause = xasprintf(
			    _("not well-formed XML (line %d: %s)"),
			    e->line, msg);
			free(msg);
		} else
			*cause = xstrdup(_("not well-formed XML"));
		return STATUS_NOT_FEED;
	}
	if (opml_has_entities(doc)) {
		xmlFreeDoc(doc);
		*cause = xstrdup(_("the document declares entities; refused"));
		return STATUS_NOT_FEED;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcasecmp((const char *)root->name, "opml") != 0) {
		xmlFreeDoc(doc);
		*cause = xstrdup(_("not an OPML document (no <opml> element)"));
		return STATUS_NOT_FEED;
	}
	for (n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcasecmp((const char *)n->name, "body") == 0)
			body = n;
	if (body == NULL) {
		xmlFreeDoc(doc);
		*cause = xstrdup(_("not an OPML document (no <body> element)"));
		return STATUS_NOT_FEED;
	}
	memset(&w, 0, sizeof w);
	w.o = o;
	opml_walk_children(&w, body);
	if (w.too_deep > 0) {
		o->refused = xreallocarray(o->refused, o->nrefused + 1,
		    sizeof *o->refused);
		o->refused[o->nrefused++] = xasprintf(ngettext("line %ld: %zu "
		    "feed in outlines nested deeper than %d levels left out",
		    "line %ld: %zu feeds in outlines nested deeper than %d "
		    "levels left out", w.too_deep), w.too_deep_line,
		    w.too_deep, OPML_MAX_DEPTH);
	}
	hash_index_free(&w.index);
	xmlFreeDoc(doc);
	return STATUS_OK;
}

void
opml_free(struct opml *o)
{
	size_t i;

	for (i = 0; i < o->nfeeds; i++)
		opml_feed_free(&o->feeds[i]);
	free(o->feeds);
	for (i = 0; i < o->nrefused; i++)
		free(o->refused[i]);
	free(o->refused);
	memset(o, 0, sizeof *o);
}

/* Quote a word for the config when it could be read otherwise. */
static void
opml_add_word(struct buf *b, const char *s, int force)
{
	const char *p;

	if (!force && *s != '\0' && strpbrk(s, " \t\"\\#=") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

char *
opml_feed_line(const struct opml_feed *f)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, "feed ");
	buf_adds(&b, f->url);
	buf_addc(&b, ' ');
	opml_add_word(&b, f->title != NULL ? f->title : "", 1);
	for (i = 0; i < f->ntags; i++) {
		buf_addc(&b, ' ');
		opml_add_word(&b, f->tags[i], 0);
	}
	if (f->language != NULL)
		buf_printf(&b, " lang=%s", f->language);
	if (f->refresh_minutes > 0)
		buf_printf(&b, " refresh=%ld", f->refresh_minutes);
	if (f->max_items >= 0)
		buf_printf(&b, " max-items=%ld", f->max_items);
	return buf_detach(&b);
}

static void
opml_add_xml(struct buf *b, const char *s)
{
	char *clean = utf8_clean(s, strlen(s), UTF8_COLLAPSE_SPACE);
	const char *p;

	for (p = clean; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		default:
			buf_addc(b, *p);
			break;
		}
	}
	free(clean);
}

static void
opml_write_feed(struct buf *b, const struct feed_conf *fc, int indent)
{
	const char *title = fc->title != NULL ? fc->title : fc->url;
	size_t i;

	buf_printf(b, "%*s<outline type=\"rss\" text=\"", indent, "");
	opml_add_xml(b, title);
	buf_adds(b, "\" title=\"");
	opml_add_xml(b, title);
	buf_adds(b, "\" xmlUrl=\"");
	opml_add_xml(b, fc->url);
	buf_addc(b, '"');
	if (fc->ntags > 0) {
		buf_adds(b, " category=\"");
		for (i = 0; i < fc->ntags; i++) {
			if (i > 0)
				buf_addc(b, ',');
			opml_add_xml(b, fc->tags[i]);
		}
		buf_addc(b, '"');
	}
	if (fc->language != NULL) {
		buf_adds(b, " language=\"");
		opml_add_xml(b, fc->language);
		buf_addc(b, '"');
	}
	if (fc->refresh_minutes > 0)
		buf_printf(b, " tidende:refresh=\"%ld\"", fc->refresh_minutes);
	if (fc->max_items >= 0)
		buf_printf(b, " tidende:max-items=\"%ld\"", fc->max_items);
	buf_adds(b, "/>\n");
}

/*
 * RFC 822 date in English whatever LC_TIME says: strftime's %a and %b
 * would write "to., 03 des." under a Norwegian locale.
 */
static void
opml_date(const struct tm *tm, char *out, size_t len)
{
	static const char days[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};

	snprintf(out, len, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm->tm_wday % 7], tm->tm_mday, months[tm->tm_mon % 12],
	    tm->tm_year + 1900, tm->tm_hour, tm->tm_min, tm->tm_sec);
}

char *
opml_write(const struct config *cfg, size_t *skipped)
{
	struct buf b = BUF_INIT;
	const struct feed_conf *fc;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	const char *folder = NULL, *tag;
	size_t i;

	*skipped = 0;
	gmtime_r(&now, &tm);
	opml_date(&tm, date, sizeof date);
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_adds(&b, "<opml version=\"2.0\" xmlns:tidende=\"" OPML_NS "\">\n");
	buf_adds(&b, "  <head>\n    <title>tidende feeds</title>\n");
	buf_printf(&b, "    <dateCreated>%s</dateCreated>\n", date);
	buf_adds(&b, "  </head>\n  <body>\n");

	/*
	 * Config order is kept: a run of feeds with the same first tag goes
	 * into one folder (readers merge folders of the same name).
	 */
	for (i = 0; i < cfg->nfeeds; i++) {
		fc = &cfg->feeds[i];
		if (!opml_url_ok(fc->url)) {
			(*skipped)++;
			continue;
		}
		tag = fc->ntags > 0 ? fc->tags[0] : NULL;
		if (folder != NULL && (tag == NULL ||
		    strcmp(tag, folder) != 0)) {
			buf_adds(&b, "    </outline>\n");
			folder = NULL;
		}
		if (tag != NULL && folder == NULL) {
			buf_adds(&b, "    <outline text=\"");
			opml_add_xml(&b, tag);
			buf_adds(&b, "\" title=\"");
			opml_add_xml(&b, tag);
			buf_adds(&b, "\">\n");
			folder = tag;
		}
		opml_write_feed(&b, fc, folder != NULL ? 6 : 4);
	}
	if (folder != NULL)
		buf_adds(&b, "    </outline>\n");
	buf_adds(&b, "  </body>\n</opml>\n");
	return buf_detach(&b);
}
