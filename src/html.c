/*
 * Article HTML to styled, wrapped lines: libxml2's HTML parser (no network,
 * no messages) builds a tree that is walked without recursion; inline text
 * collects in a block buffer with an attribute per byte, and each block is
 * wrapped at display widths under the prefixes of its quotes and lists.
 * Every piece of text is cleaned with utf8_clean(), and every line again.
 */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/date.h"
#include "tidende/html.h"
#include "tidende/html-text.h"
#include "tidende/options.h"
#include "tidende/url.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#include "html-private.h"

#define HTML_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NONET | \
	HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | \
	HTML_PARSE_NODEFDTD)
#define HTML_MAX_INPUT	(16 * 1024 * 1024)
#define HTML_MAX_LINKS	2000


static const struct html_elem {
	const char	*name;
	enum html_kind	 kind;
	int		 attr;
} html_elems[] = {
	{ "a", K_LINK, HTML_LINK },
	{ "address", K_BLOCK, HTML_ITALIC },
	{ "applet", K_DROP, 0 },
	{ "article", K_BLOCK, 0 },
	{ "aside", K_BLOCK, 0 },
	{ "audio", K_DROP, 0 },
	{ "b", K_INLINE, HTML_BOLD },
	{ "blockquote", K_QUOTE, HTML_QUOTE },
	{ "body", K_BLOCK, 0 },
	{ "br", K_BR, 0 },
	{ "button", K_DROP, 0 },
	{ "canvas", K_DROP, 0 },
	{ "caption", K_BLOCK, HTML_BOLD },
	{ "center", K_BLOCK, 0 },
	{ "cite", K_INLINE, HTML_ITALIC },
	{ "code", K_INLINE, HTML_CODE },
	{ "dd", K_DD, 0 },
	{ "details", K_BLOCK, 0 },
	{ "dfn", K_INLINE, HTML_ITALIC },
	{ "dir", K_LIST, 0 },
	{ "div", K_BLOCK, 0 },
	{ "dl", K_PARA, 0 },
	{ "dt", K_DT, HTML_BOLD },
	{ "em", K_INLINE, HTML_ITALIC },
	{ "embed", K_DROP, 0 },
	{ "figcaption", K_BLOCK, HTML_ITALIC },
	{ "figure", K_PARA, 0 },
	{ "footer", K_BLOCK, 0 },
	{ "form", K_BLOCK, 0 },
	{ "frame", K_DROP, 0 },
	{ "frameset", K_DROP, 0 },
	{ "h1", K_HEADING, HTML_HEADING | HTML_BOLD },
	{ "h2", K_HEADING, HTML_HEADING | HTML_BOLD },
	{ "h3", K_HEADING, HTML_HEADING | HTML_BOLD },
	{ "h4", K_HEADING, HTML_HEADING | HTML_BOLD },
	{ "h5", K_HEADING, HTML_HEADING | HTML_BOLD },
	{ "h6", K_HEADING, HTML_HEADING | HTML_BOLD },
	{ "head", K_DROP, 0 },
	{ "header", K_BLOCK, 0 },
	{ "hr", K_HR, 0 },
	{ "i", K_INLINE, HTML_ITALIC },
	{ "iframe", K_DROP, 0 },
	{ "img", K_IMG, 0 },
	{ "input", K_DROP, 0 },
	{ "ins", K_INLINE, HTML_UNDERLINE },
	{ "kbd", K_INLINE, HTML_CODE },
	{ "li", K_ITEM, 0 },
	{ "main", K_BLOCK, 0 },
	{ "map", K_DROP, 0 },
	{ "math", K_DROP, 0 },
	{ "menu", K_LIST, 0 },
	{ "meta", K_DROP, 0 },
	{ "nav", K_BLOCK, 0 },
	{ "noembed", K_DROP, 0 },
	{ "noframes", K_DROP, 0 },
	{ "noscript", K_DROP, 0 },
	{ "object", K_DROP, 0 },
	{ "ol", K_LIST, 0 },
	{ "p", K_PARA, 0 },
	{ "picture", K_INLINE, 0 },
	{ "pre", K_PRE, HTML_CODE },
	{ "q", K_Q, 0 },
	{ "samp", K_INLINE, HTML_CODE },
	{ "script", K_DROP, 0 },
	{ "section", K_BLOCK, 0 },
	{ "select", K_DROP, 0 },
	{ "source", K_DROP, 0 },
	{ "strong", K_INLINE, HTML_BOLD },
	{ "style", K_DROP, 0 },
	{ "summary", K_BLOCK, HTML_BOLD },
	{ "svg", K_DROP, 0 },
	{ "table", K_TABLE, 0 },
	{ "td", K_CELL, 0 },
	{ "template", K_DROP, 0 },
	{ "textarea", K_DROP, 0 },
	{ "th", K_CELL, HTML_BOLD },
	{ "title", K_DROP, 0 },
	{ "tr", K_ROW, 0 },
	{ "track", K_DROP, 0 },
	{ "tt", K_INLINE, HTML_CODE },
	{ "u", K_INLINE, HTML_UNDERLINE },
	{ "ul", K_LIST, 0 },
	{ "var", K_INLINE, HTML_ITALIC },
	{ "video", K_DROP, 0 },
	{ "xmp", K_PRE, HTML_CODE },
};

static int
html_elem_cmp(const void *key, const void *elem)
{
	return strcasecmp(key, ((const struct html_elem *)elem)->name);
}

static const struct html_elem *
html_elem_find(const char *name)
{
	return bsearch(name, html_elems, sizeof html_elems /
	    sizeof html_elems[0], sizeof html_elems[0], html_elem_cmp);
}

/* Links that get a number: not empty, not in-page, not script. */
static int
html_href_ok(const char *href)
{
	while (*href == ' ' || *href == '\t' || *href == '\n' ||
	    *href == '\r')
		href++;
	return *href != '\0' && *href != '#' &&
	    strncasecmp(href, "javascript:", 11) != 0 &&
	    strncasecmp(href, "data:", 5) != 0;
}

static struct html_lent **
html_ltab_slot(struct html_ltab *t, char kind, const char *key)
{
	struct html_lent **e;
	uint32_t h = 2166136261u ^ (unsigned char)kind;
	const char *p;

	for (p = key; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (e = &t->b[h % HTML_LTAB_SIZE]; *e != NULL; e = &(*e)->next)
		if ((*e)->key[0] == kind && strcmp((*e)->key + 1, key) == 0)
			break;
	return e;
}

static void
html_ltab_put(struct html_ltab *t, char kind, const char *key, int num)
{
	struct html_lent **e = html_ltab_slot(t, kind, key);

	if (*e != NULL)
		return;
	*e = xcalloc(1, sizeof **e);
	(*e)->key = xasprintf("%c%s", kind, key);
	(*e)->num = num;
}

static void
html_ltab_free(struct html_ltab *t)
{
	struct html_lent *e, *next;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < HTML_LTAB_SIZE; i++)
		for (e = t->b[i]; e != NULL; e = next) {
			next = e->next;
			free(e->key);
			free(e);
		}
	free(t);
}

static struct html_ltab *
html_ltab_get(struct html_r *r)
{
	size_t i;

	if (r->ltab == NULL) {
		r->ltab = xcalloc(1, sizeof *r->ltab);
		r->own_ltab = 1;
		/* links already there (an earlier render into out) */
		for (i = 0; i < r->out->nlinks; i++)
			html_ltab_put(r->ltab, 'u', r->out->links[i].url,
			    (int)i + 1);
	}
	return r->ltab;
}

/* Add a link (or find it); its number, 0 when it gets none. */
static int
html_add_link(struct html_r *r, const char *href, const char *text)
{
	struct rendered *out = r->out;
	struct html_lent **e;
	char *clean, *url;
	int num;

	html_ltab_get(r);
	if (*(e = html_ltab_slot(r->ltab, 'r', href)) != NULL)
		return (*e)->num;
	if (out->nlinks >= HTML_MAX_LINKS)
		return 0;

	clean = utf8_clean(href, strlen(href), UTF8_COLLAPSE_SPACE);
	if (*clean == '\0' || *clean == '#' ||
	    strncasecmp(clean, "javascript:", 11) == 0 ||
	    strncasecmp(clean, "data:", 5) == 0) {
		free(clean);
		return 0;
	}
	url = url_resolve(r->base, clean);
	free(clean);
	clean = utf8_clean(url, strlen(url), UTF8_COLLAPSE_SPACE);
	free(url);
	url = clean;
	if (*(e = html_ltab_slot(r->ltab, 'u', url)) != NULL) {
		num = (*e)->num;
		html_ltab_put(r->ltab, 'r', href, num);
		free(url);
		return num;
	}
	if (out->nlinks == r->links_cap) {
		r->links_cap = r->links_cap ? r->links_cap * 2 : 16;
		out->links = xreallocarray(out->links, r->links_cap,
		    sizeof *out->links);
	}
	out->links[out->nlinks].url = url;
	out->links[out->nlinks].text = utf8_clean(text != NULL ? text : "",
	    text != NULL ? strlen(text) : 0, UTF8_COLLAPSE_SPACE);
	num = (int)++out->nlinks;
	html_ltab_put(r->ltab, 'u', url, num);
	html_ltab_put(r->ltab, 'r', href, num);
	return num;
}

/* ------------------------------------------------------------ walking */

static struct html_open *
html_push_open(struct html_r *r, enum html_kind kind)
{
	struct html_open *o;

	if (r->nopen == r->open_cap) {
		r->open_cap = r->open_cap ? r->open_cap * 2 : 32;
		r->open = xreallocarray(r->open, r->open_cap, sizeof *r->open);
	}
	o = &r->open[r->nopen++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->saved_attr = r->attr;
	o->saved_frames = r->nframes;
	return o;
}

static void
html_push_frame(struct html_r *r, const char *first, const char *cont,
    int attr)
{
	struct html_frame *f;

	if (r->nframes == r->frames_cap) {
		r->frames_cap = r->frames_cap ? r->frames_cap * 2 : 8;
		r->frames = xreallocarray(r->frames, r->frames_cap,
		    sizeof *r->frames);
	}
	f = &r->frames[r->nframes++];
	f->first = xstrdup(first);
	f->cont = xstrdup(cont);
	f->attr = attr;
	f->used = 0;
}

static void
html_pop_frames(struct html_r *r, size_t to)
{
	while (r->nframes > to) {
		r->nframes--;
		free(r->frames[r->nframes].first);
		free(r->frames[r->nframes].cont);
	}
}

static int
html_list_depth(struct html_r *r)
{
	size_t i;
	int d = 0;

	for (i = 0; i < r->nopen; i++)
		if (r->open[i].kind == K_LIST)
			d++;
	return d;
}

static struct html_open *
html_find_open(struct html_r *r, enum html_kind kind)
{
	size_t i;

	for (i = r->nopen; i > 0; i--)
		if (r->open[i - 1].kind == kind)
			return &r->open[i - 1];
	return NULL;
}

static const char *
html_prop(xmlNode *n, const char *name)
{
	xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->name != NULL && strcasecmp((const char *)a->name,
		    name) == 0 && a->children != NULL &&
		    a->children->content != NULL)
			return (const char *)a->children->content;
	return NULL;
}

static void
html_enter_item(struct html_r *r)
{
	static const char *bullets[] = { "* ", "- ", "+ " };
	struct html_open *list = html_find_open(r, K_LIST);
	char marker[32], cont[32];
	int depth = html_list_depth(r);

	html_wrap_flush(r);
	if (list != NULL && list->ordered)
		snprintf(marker, sizeof marker, "%d. ", list->counter++);
	else
		snprintf(marker, sizeof marker, "%s",
		    bullets[(depth > 0 ? depth - 1 : 0) % 3]);
	memset(cont, ' ', strlen(marker));
	cont[strlen(marker)] = '\0';
	html_push_frame(r, marker, cont, 0);
}

static void	html_walk(struct html_r *, xmlNode *);
static void	html_r_init(struct html_r *, struct rendered *, size_t,
		    const char *);
static void	html_r_free(struct html_r *);

#define HTML_TABLE_MAX_COLS	16
#define HTML_TABLE_MAX_CELLS	4096

struct html_cell {
	char	*text;
	size_t	 width;
	int	 head;
};

/* One cell's content on one line, links numbered in the article's list. */
static char *
html_cell_text(struct html_r *r, xmlNode *cell)
{
	struct html_r sub;
	char *s;

	html_r_init(&sub, r->out, 0, r->base);
	sub.links_cap = r->links_cap;
	sub.oneline = sub.cell = 1;
	sub.ltab = html_ltab_get(r);
	html_walk(&sub, cell);
	r->links_cap = sub.links_cap;
	s = utf8_clean(buf_str(&sub.text), sub.text.len, UTF8_COLLAPSE_SPACE);
	html_r_free(&sub);
	return s;
}

static int
html_is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    strcasecmp((const char *)n->name, name) == 0;
}

/*
 * A table whose columns fit the width is drawn aligned, the header row
 * underlined with dashes.  Returns 0 (nothing done) for a table that does
 * not fit, which then flows as text with " | " between cells.
 */
static int
html_table(struct html_r *r, xmlNode *table)
{
	struct html_cell *cells = NULL;
	size_t ncells = 0, nrows = 0, *rowstart = NULL, col, i, j, k;
	size_t widths[HTML_TABLE_MAX_COLS], ncols = 0, total, avail, pad;
	xmlNode *sec, *tr, *td, *rows[2];
	int ok = 1, head_row, attr;
	char *dash, *caption = NULL;

	memset(widths, 0, sizeof widths);
	for (sec = table->children; sec != NULL && ok; sec = sec->next) {
		/* rows directly in the table or in thead/tbody/tfoot */
		if (html_is(sec, "tr")) {
			rows[0] = sec;
			rows[1] = NULL;
		} else if (html_is(sec, "thead") || html_is(sec, "tbody") ||
		    html_is(sec, "tfoot")) {
			rows[0] = sec->children;
			rows[1] = (xmlNode *)1;
		} else if (html_is(sec, "caption") && caption == NULL) {
			caption = html_cell_text(r, sec);
			continue;
		} else if (sec->type == XML_ELEMENT_NODE &&
		    !html_is(sec, "colgroup") &&
		    !html_is(sec, "col")) {
			ok = 0;
			break;
		} else
			continue;
		for (tr = rows[0]; tr != NULL && ok;
		    tr = rows[1] != NULL ? tr->next : NULL) {
			if (!html_is(tr, "tr")) {
				if (tr->type == XML_ELEMENT_NODE)
					ok = 0;
				continue;
			}
			rowstart = xreallocarray(rowstart, nrows + 1,
			    sizeof *rowstart);
			rowstart[nrows++] = ncells;
			col = 0;
			for (td = tr->children; td != NULL; td = td->next) {
				if (!html_is(td, "td") && !html_is(td, "th")) {
					if (td->type == XML_ELEMENT_NODE)
						ok = 0;
					continue;
				}
				if (col >= HTML_TABLE_MAX_COLS ||
				    ncells >= HTML_TABLE_MAX_CELLS ||
				    html_prop(td, "colspan") != NULL) {
					ok = 0;
					break;
				}
				cells = xreallocarray(cells, ncells + 1,
				    sizeof *cells);
				cells[ncells].text = html_cell_text(r, td);
				cells[ncells].width =
				    utf8_width(cells[ncells].text);
				cells[ncells].head = html_is(td, "th");
				if (cells[ncells].width > widths[col])
					widths[col] = cells[ncells].width;
				ncells++;
				col++;
			}
			if (col > ncols)
				ncols = col;
		}
	}
	total = 0;
	for (col = 0; col < ncols; col++)
		total += widths[col] + (col > 0 ? 2 : 0);
	html_wrap_para(r);
	avail = html_wrap_avail(r);
	if (!ok || ncells == 0 || total > avail || ncols < 2)
		ok = 0;
	if (ok && caption != NULL && *caption != '\0') {
		html_wrap_add_raw(r, caption, strlen(caption), r->attr | HTML_BOLD);
		html_wrap_block(r);
		buf_reset(&r->text);
	}
	for (i = 0; ok && i < nrows; i++) {
		j = rowstart[i];
		k = i + 1 < nrows ? rowstart[i + 1] : ncells;
		head_row = k > j;
		for (col = 0; j + col < k; col++) {
			const struct html_cell *c = &cells[j + col];

			if (!c->head)
				head_row = 0;
			if (col > 0)
				html_wrap_add_raw(r, "  ", 2, 0);
			attr = r->attr | (c->head ? HTML_BOLD : 0);
			html_wrap_add_raw(r, c->text, strlen(c->text), attr);
			pad = widths[col] - c->width;
			while (j + col + 1 < k && pad-- > 0)
				html_wrap_add_raw(r, " ", 1, 0);
		}
		if (r->text.len > 0)
			html_wrap_emit(r, 0, r->text.len);
		buf_reset(&r->text);
		if (head_row && i + 1 < nrows) {
			dash = xmalloc(total + 1);
			memset(dash, '-', total);
			dash[total] = '\0';
			html_wrap_add_raw(r, dash, total, 0);
			html_wrap_emit(r, 0, r->text.len);
			buf_reset(&r->text);
			free(dash);
		}
	}
	for (i = 0; i < ncells; i++)
		free(cells[i].text);
	free(cells);
	free(rowstart);
	free(caption);
	if (ok)
		html_wrap_para(r);
	return ok;
}

/* Returns 1 when the element's children are walked (and leave called). */
static int
html_enter(struct html_r *r, xmlNode *n)
{
	const struct html_elem *e;
	struct html_open *o;
	const char *v;
	char *s;
	int start;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			html_wrap_add_text(r, (const char *)n->content,
			    strlen((const char *)n->content));
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE || n->name == NULL)
		return 0;
	e = html_elem_find((const char *)n->name);
	if (e == NULL) {
		html_push_open(r, K_INLINE);
		return 1;
	}
	if (e->kind == K_DROP)
		return 0;
	if (r->oneline && !r->cell && (e->kind == K_IMG || e->kind == K_HR))
		return 0;
	if (e->kind == K_TABLE && !r->oneline && html_table(r, n))
		return 0;

	o = html_push_open(r, e->kind);
	r->attr |= e->attr;
	switch (e->kind) {
	case K_BLOCK:
	case K_DT:
	case K_ROW:
		html_wrap_flush(r);
		break;
	case K_PARA:
	case K_HEADING:
		html_wrap_para(r);
		break;
	case K_QUOTE:
		html_wrap_para(r);
		if (r->oneline)
			break;
		/* the blank line before the quote is outside it */
		if (r->blank) {
			html_wrap_blank_line(r);
			r->blank = 0;
		}
		html_push_frame(r, "> ", "> ", HTML_QUOTE);
		break;
	case K_PRE:
		html_wrap_para(r);
		if (!r->oneline)
			r->pre++;
		break;
	case K_LIST:
		if (html_list_depth(r) <= 1)	/* itself included */
			html_wrap_para(r);
		else
			html_wrap_flush(r);
		o->ordered = strcasecmp((const char *)n->name, "ol") == 0;
		o->counter = 1;
		if (o->ordered && (v = html_prop(n, "start")) != NULL &&
		    (start = atoi(v)) > -1000000 && start < 1000000)
			o->counter = start;
		break;
	case K_ITEM:
		if (r->oneline) {
			r->space = 1;
			break;
		}
		if ((o = html_find_open(r, K_LIST)) != NULL && o->ordered &&
		    (v = html_prop(n, "value")) != NULL &&
		    (start = atoi(v)) > -1000000 && start < 1000000)
			o->counter = start;
		html_enter_item(r);
		break;
	case K_DD:
		html_wrap_flush(r);
		if (!r->oneline)
			html_push_frame(r, "    ", "    ", 0);
		break;
	case K_TABLE:
		html_wrap_para(r);
		break;
	case K_CELL:
		if ((o = html_find_open(r, K_ROW)) != NULL &&
		    o->counter++ > 0)
			html_wrap_add_raw(r, " | ", 3, 0);
		r->space = 0;
		break;
	case K_BR:
		html_wrap_line_break(r);
		break;
	case K_HR:
		html_wrap_para(r);
		html_wrap_add_raw(r, "--------", 8, 0);
		html_wrap_para(r);
		break;
	case K_IMG:
		v = html_prop(n, "alt");
		if ((html_prop(n, "width") != NULL &&
		    atoi(html_prop(n, "width")) == 1) ||
		    (html_prop(n, "height") != NULL &&
		    atoi(html_prop(n, "height")) == 1))
			break;		/* a tracking pixel */
		s = utf8_clean(v != NULL ? v : "", v != NULL ? strlen(v) : 0,
		    UTF8_COLLAPSE_SPACE);
		if (*s != '\0') {
			free(s);
			s = xasprintf(_("[image: %s]"), v);
		} else {
			free(s);
			s = xstrdup(_("[image]"));
		}
		if (r->space || (r->text.len > 0 &&
		    r->text.s[r->text.len - 1] != ' '))
			r->space = 1;
		html_wrap_add_word(r, s);
		free(s);
		break;
	case K_LINK:
		if (r->oneline && !r->cell)
			break;
		if ((v = html_prop(n, "href")) != NULL && html_href_ok(v)) {
			o->link = -1;	/* numbered when it closes */
			o->link_start = r->text.len;
			o->link_flushes = r->flushes;
		} else
			r->attr &= ~HTML_LINK;
		break;
	case K_Q:
		html_wrap_add_word(r, "\xe2\x80\x9c");
		break;
	default:
		break;
	}
	return 1;
}

static void
html_leave(struct html_r *r, xmlNode *n)
{
	struct html_open *o = &r->open[r->nopen - 1];
	char *text = NULL, num[32];
	const char *href;

	switch (o->kind) {
	case K_BLOCK:
	case K_DT:
	case K_ROW:
	case K_ITEM:
	case K_DD:
		html_wrap_flush(r);
		break;
	case K_PARA:
	case K_HEADING:
	case K_QUOTE:
	case K_TABLE:
		html_wrap_para(r);
		break;
	case K_PRE:
		html_wrap_flush(r);
		if (r->pre > 0)
			r->pre--;
		html_wrap_para(r);
		break;
	case K_LIST:
		if (html_list_depth(r) <= 1)
			html_wrap_para(r);
		else
			html_wrap_flush(r);
		break;
	case K_LINK:
		if (o->link != -1)
			break;
		href = html_prop(n, "href");
		if (o->link_flushes == r->flushes && r->text.s != NULL &&
		    o->link_start <= r->text.len)
			text = xstrndup(r->text.s + o->link_start,
			    r->text.len - o->link_start);
		o->link = html_add_link(r, href, text);
		free(text);
		if (o->link > 0) {
			snprintf(num, sizeof num, "[%d]", o->link);
			html_wrap_add_raw(r, num, strlen(num), 0);
		}
		break;
	case K_Q:
		html_wrap_add_raw(r, "\xe2\x80\x9d", 3, r->attr);
		break;
	default:
		break;
	}
	r->attr = o->saved_attr;
	if (r->nframes > o->saved_frames) {
		html_wrap_flush(r);
		html_pop_frames(r, o->saved_frames);
	}
	r->nopen--;
}

static void
html_walk(struct html_r *r, xmlNode *top)
{
	xmlNode *n = top->children;

	while (n != NULL) {
		if (html_enter(r, n)) {
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
			html_leave(r, n);
		}
		for (;;) {
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (n == NULL || n == top) {
				n = NULL;
				break;
			}
			html_leave(r, n);
		}
	}
}

static void
html_r_init(struct html_r *r, struct rendered *out, size_t width,
    const char *base)
{
	memset(r, 0, sizeof *r);
	r->out = out;
	r->width = width == 0 ? HTML_NOWRAP : width;
	r->base = base;
	r->lines_cap = out->nlines;
	r->links_cap = out->nlinks;
	r->last_blank = out->nlines > 0 && out->lines[out->nlines - 1].text[0]
	    == '\0';
	/* text.s is never NULL, so offsets into it are always defined */
	buf_grow(&r->text, 0);
}

static void
html_r_free(struct html_r *r)
{
	html_pop_frames(r, 0);
	if (r->own_ltab)
		html_ltab_free(r->ltab);
	free(r->frames);
	free(r->open);
	free(r->attrs);
	buf_free(&r->text);
}

static int
html_looks_like_html(const char *s)
{
	return strchr(s, '<') != NULL || strchr(s, '&') != NULL;
}

static xmlDoc *
html_parse(const char *html)
{
	size_t len = strlen(html);
	char *fixed;
	xmlDoc *doc;

	if (len > HTML_MAX_INPUT)
		len = HTML_MAX_INPUT;
	/* numeric references by the same rules as the search text */
	if ((fixed = html_text_charrefs(html, len)) == NULL)
		return htmlReadMemory(html, (int)len, NULL, "UTF-8",
		    HTML_OPTIONS);
	len = strlen(fixed);
	if (len > HTML_MAX_INPUT)
		len = HTML_MAX_INPUT;
	doc = htmlReadMemory(fixed, (int)len, NULL, "UTF-8", HTML_OPTIONS);
	free(fixed);
	return doc;
}

/* Plain text: paragraphs at blank lines (or every line when lines). */
static void
html_plain(struct html_r *r, const char *text, int lines)
{
	const char *p = text, *nl;
	size_t len, i;
	char *marker;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		for (i = 0; i < len && (p[i] == ' ' || p[i] == '\t' ||
		    p[i] == '\r'); i++)
			;
		if (i == len)
			html_wrap_para(r);		/* a blank line */
		else if (lines) {
			/* list-looking lines keep a hanging indent */
			marker = NULL;
			if (len - i > 2 && strchr("*-+>", p[i]) != NULL &&
			    p[i + 1] == ' ')
				marker = xstrndup(p, i + 2);
			if (marker != NULL) {
				memset(marker, ' ', strlen(marker));
				html_push_frame(r, "", marker, 0);
				r->frames[r->nframes - 1].used = 0;
			}
			html_wrap_add_text(r, p, len);
			html_wrap_flush(r);
			if (marker != NULL) {
				html_pop_frames(r, r->nframes - 1);
				free(marker);
			}
		} else {
			html_wrap_add_text(r, p, len);
			r->space = 1;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	html_wrap_flush(r);
}

/* Render into out, appending to what is there. */
static void
html_render_into(const char *html, const char *base, size_t width,
    struct rendered *out, int plain_lines)
{
	struct html_r r;
	xmlDoc *doc;
	xmlNode *root;

	html_r_init(&r, out, width, base);
	if (plain_lines || !html_looks_like_html(html))
		html_plain(&r, html, plain_lines);
	else if ((doc = html_parse(html)) != NULL) {
		if ((root = xmlDocGetRootElement(doc)) != NULL)
			html_walk(&r, (xmlNode *)doc);
		html_wrap_flush(&r);
		xmlFreeDoc(doc);
	}
	html_r_free(&r);
	/* no blank line at the end */
	while (out->nlines > 0 && out->lines[out->nlines - 1].text[0] == '\0') {
		out->nlines--;
		free(out->lines[out->nlines].text);
		free(out->lines[out->nlines].spans);
	}
}

void
html_render(const char *html, const char *base_url, size_t width,
    struct rendered *out)
{
	memset(out, 0, sizeof *out);
	if (html != NULL)
		html_render_into(html, base_url, width, out, 0);
}

/* One line of text: the same rules as titles and the search text. */
char *
html_to_text(const char *html)
{
	return html_text_search(html);
}

/* ------------------------------------------------------------ article */

/*
 * The header labels (translated), and the column their values start in:
 * 8, or one more than the widest label in display columns (a translation
 * may be longer than "Author:", and "æ" is one column in two bytes).
 */
static const char *const article_labels[] = {
	/* TRANSLATORS: the article's header lines; the values line up
	   after the longest label */
	N_("Title:"), N_("Feed:"), N_("Author:"), N_("Date:"), N_("Link:"),
};

static size_t
article_label_col(void)
{
	size_t i, w, col = 8;

	for (i = 0; i < sizeof article_labels / sizeof article_labels[0];
	    i++) {
		w = utf8_width(_(article_labels[i])) + 1;
		if (w > col && w <= 24)
			col = w;
	}
	return col;
}

/* A header line "Label:  value", wrapped with a hanging indent. */
static void
article_header(struct rendered *out, size_t width, const char *label,
    const char *value, int attr, int wrap)
{
	struct html_r r;
	char *clean, *pad, *cont;
	size_t col = article_label_col(), w;

	if (value == NULL || *value == '\0')
		return;
	label = _(label);
	w = utf8_width(label);
	html_r_init(&r, out, wrap ? width : 0, NULL);
	pad = xasprintf("%s%*s", label, (int)(w < col ? col - w : 1), "");
	cont = xasprintf("%*s", (int)col, "");
	html_push_frame(&r, pad, cont, HTML_HEADER);
	free(pad);
	free(cont);
	r.attr = HTML_HEADER | attr;
	clean = utf8_clean(value, strlen(value), UTF8_COLLAPSE_SPACE);
	html_wrap_add_text(&r, clean, strlen(clean));
	free(clean);
	html_wrap_flush(&r);
	html_r_free(&r);
}

static void
article_line(struct rendered *out, const char *text, int attr)
{
	struct html_r r;

	html_r_init(&r, out, 0, NULL);
	if (*text == '\0') {
		r.last_blank = 0;
		html_wrap_new_line(&r)->text = xstrdup("");
	} else {
		r.attr = attr;
		html_wrap_add_text(&r, text, strlen(text));
		html_wrap_flush(&r);
	}
	html_r_free(&r);
}

/*
 * "23.0 MB" with a '.' whatever LC_NUMERIC says (printf's %.1f wrote
 * "23,0 MB" under nb_NO inside otherwise English text): tenths by
 * integer arithmetic, rounded half up.
 */
static void
article_size(int64_t n, char *out, size_t len)
{
	/* TRANSLATORS: units of an enclosure's size */
	static const char *const units[] = { N_("KB"), N_("MB"), N_("GB") };
	int64_t unit = 1024, whole, tenths;
	int u = 0;

	if (n < 1024) {
		snprintf(out, len, ngettext("%lld byte", "%lld bytes",
		    (unsigned long)n), (long long)n);
		return;
	}
	while (u < 2 && n >= unit * 1024) {
		unit *= 1024;
		u++;
	}
	whole = n / unit;
	tenths = (n % unit * 10 + unit / 2) / unit;
	if (tenths == 10) {
		whole++;
		tenths = 0;
	}
	snprintf(out, len, "%lld.%d %s", (long long)whole, (int)tenths,
	    _(units[u]));
}

static void
article_add_link(struct rendered *out, const char *url, const char *text)
{
	out->links = xreallocarray(out->links, out->nlinks + 1,
	    sizeof *out->links);
	out->links[out->nlinks].url = utf8_clean(url, strlen(url),
	    UTF8_COLLAPSE_SPACE);
	out->links[out->nlinks].text = xstrdup(text != NULL ? text : "");
	out->nlinks++;
}

/* "Full text from HOST": the mark of a text from the article's page. */
static void
article_fulltext_mark(struct rendered *out, const char *url)
{
	const char *p = url != NULL ? url : "";
	char *line;
	size_t len;

	if ((p = strstr(p, "://")) != NULL)
		p += 3;
	else
		p = url != NULL ? url : "";
	len = strcspn(p, "/?#");
	if (len > 0)
		/* TRANSLATORS: above an article's text; %.*s is the web
		   site's host name */
		line = xasprintf(_("[full text from %.*s]"),
		    (int)(len > 200 ? 200 : len), p);
	else
		line = xstrdup(_("[full text from the web page]"));
	article_line(out, line, HTML_HEADER | HTML_ITALIC);
	free(line);
}

void
html_article_render(const struct db_item *di, size_t width,
    const char *translated, const char *translated_by,
    struct rendered *out)
{
	const struct item *it = &di->item;
	struct rendered body;
	const char *html, *base;
	char date[128], size[32], *line, *extra;
	int64_t when;
	size_t i, nbody_links;

	memset(out, 0, sizeof *out);
	article_header(out, width, article_labels[0], it->title, HTML_BOLD, 1);
	article_header(out, width, article_labels[1], di->feed_title != NULL ?
	    di->feed_title : di->feed_url, 0, 1);
	article_header(out, width, article_labels[2], it->author, 0, 1);
	when = it->published != FEED_NO_DATE ? it->published : it->updated;
	if (when != FEED_NO_DATE && when != 0 && date_format_header(when,
	    options_str(OPT_DATE_FORMAT), width > article_label_col() ?
	    width - article_label_col() : 0, date, sizeof date) > 0)
		article_header(out, width, article_labels[3], date, 0, 1);
	article_header(out, width, article_labels[4], it->link, 0, 0);
	if (di->fulltext != NULL)
		article_fulltext_mark(out, di->fulltext_url);
	if (translated != NULL) {
		line = xasprintf(_("[translated by %s]"),
		    translated_by != NULL ? translated_by : "?");
		article_line(out, line, HTML_HEADER | HTML_ITALIC);
		free(line);
	}
	if (out->nlines > 0)
		article_line(out, "", 0);

	html = it->content != NULL && *it->content != '\0' ? it->content :
	    it->summary;
	base = it->link != NULL ? it->link : di->feed_url;
	if (di->fulltext != NULL) {
		html = di->fulltext;
		if (di->fulltext_url != NULL)
			base = di->fulltext_url;
	}
	/* The links come from the original even when translated. */
	memset(&body, 0, sizeof body);
	if (html != NULL)
		html_render_into(html, base, width, &body, 0);
	nbody_links = body.nlinks;
	if (translated != NULL) {
		for (i = 0; i < body.nlines; i++) {
			free(body.lines[i].text);
			free(body.lines[i].spans);
		}
		body.nlines = 0;
		html_render_into(translated, NULL, width, &body, 1);
	}
	if (body.nlines == 0)
		article_line(&body, _("(no text)"), HTML_ITALIC);

	/* move body lines and links over */
	out->lines = xreallocarray(out->lines, out->nlines + body.nlines + 1,
	    sizeof *out->lines);
	memcpy(out->lines + out->nlines, body.lines,
	    body.nlines * sizeof *body.lines);
	out->nlines += body.nlines;
	free(body.lines);
	out->links = body.links;
	out->nlinks = body.nlinks;

	if (nbody_links > 0) {
		article_line(out, "", 0);
		/* TRANSLATORS: heading of the article's list of links */
		article_line(out, _("Links:"), HTML_HEADER);
		for (i = 0; i < nbody_links; i++) {
			line = xasprintf("[%zu] %s", i + 1, out->links[i].url);
			article_line(out, line, 0);
			free(line);
		}
	}
	if (it->nenclosures > 0) {
		article_line(out, "", 0);
		article_line(out, _("Enclosures:"), HTML_HEADER);
		for (i = 0; i < it->nenclosures; i++) {
			const struct enclosure *en = &it->enclosures[i];

			if (en->url == NULL)
				continue;
			size[0] = '\0';
			if (en->length >= 0)
				article_size(en->length, size, sizeof size);
			if (en->type != NULL && size[0] != '\0')
				extra = xasprintf(" (%s, %s)", en->type, size);
			else if (en->type != NULL || size[0] != '\0')
				extra = xasprintf(" (%s)", en->type != NULL ?
				    en->type : size);
			else
				extra = xstrdup("");
			article_add_link(out, en->url, en->type);
			line = xasprintf("[%zu] %s%s", out->nlinks,
			    out->links[out->nlinks - 1].url, extra);
			article_line(out, line, 0);
			free(line);
			free(extra);
		}
	}
}

void
html_rendered_free(struct rendered *out)
{
	size_t i;

	for (i = 0; i < out->nlines; i++) {
		free(out->lines[i].text);
		free(out->lines[i].spans);
	}
	free(out->lines);
	for (i = 0; i < out->nlinks; i++) {
		free(out->links[i].url);
		free(out->links[i].text);
	}
	free(out->links);
	memset(out, 0, sizeof *out);
}
