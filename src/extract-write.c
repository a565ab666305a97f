/*
 * The article written out again (see extract-private.h): the chosen
 * block, or it with its worthy siblings, or JSON-LD's plain text, as a
 * small, safe subset of HTML (the tags in x_keep_tags, blocks as <div>,
 * links made absolute and only http(s) and mailto, images by their alt
 * text), escaped, capped at EXTRACT_MAX_OUTPUT bytes.
 */
#include <libxml/tree.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract-private.h"
#include "tidende/buf.h"
#include "tidende/extract.h"
#include "tidende/url.h"
#include "tidende/xmalloc.h"

static void
x_out_escaped(struct extract_ctx *x, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		const char *e = NULL;

		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		default: continue;
		}
		buf_add(&x->out, s + start, i - start);
		buf_adds(&x->out, e);
		start = i + 1;
	}
	buf_add(&x->out, s + start, len - start);
	if (x->out.len > EXTRACT_MAX_OUTPUT)
		x->out_full = 1;
}

/* An absolute http(s) or mailto URL for an attribute value, or NULL. */
static char *
x_url(struct extract_ctx *x, const char *v)
{
	char *u;

	if (v == NULL || *v == '\0' || strlen(v) > EXTRACT_ATTR_MAX)
		return NULL;
	u = url_resolve(x->base != NULL ? x->base : x->url, v);
	if (u == NULL)
		return NULL;
	if (strncasecmp(u, "http://", 7) != 0 &&
	    strncasecmp(u, "https://", 8) != 0 &&
	    strncasecmp(u, "mailto:", 7) != 0) {
		free(u);
		return NULL;
	}
	return u;
}

/* Elements written as they are (no attributes but a's and img's). */
static const char *const x_keep_tags[] = { "p", "h1", "h2", "h3", "h4",
	"h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "em", "i",
	"strong", "b", "u", "figure", "figcaption", "table", "thead", "tbody",
	"tfoot", "tr", "td", "th", "caption", "dl", "dt", "dd", "sub", "sup",
	"q", "cite", "kbd", "samp", "var", "mark", "small", "s", "del",
	"ins", "abbr", "time", "hr", "br", NULL };
/* Blocks written as <div>. */
static const char *const x_div_tags[] = { "div", "section", "article",
	"main", "header", "center", "address", "details", "summary", NULL };
static const char *const x_container_tags[] = { "div", "section", "ul",
	"ol", "table", "dl", "header", NULL };

struct x_write {
	struct extract_ctx	*x;
	xmlNode		*root;
};

/* Whether an element inside the article is left out. */
static int
x_skip(struct extract_ctx *x, xmlNode *root, xmlNode *n)
{
	struct extract_node *xn = extract_node_info(n);

	(void)x;
	if (xn == NULL)
		return 1;
	if (n == root)
		return 0;
	if (xn->unlikely)
		return 1;
	/* link lists: related articles, tags, share links */
	if (extract_node_in(n, x_container_tags) && xn->link > 0 &&
	    xn->link * 2 > xn->text && xn->text - xn->link < 200)
		return 1;
	/* a header with no paragraph: title and byline, shown anyway */
	if (extract_node_is(n, "header") && xn->paras == 0)
		return 1;
	return 0;
}

static void
x_write_img(struct extract_ctx *x, xmlNode *n)
{
	const char *alt = extract_node_attr(n, "alt"), *src;
	char *u = NULL;

	src = extract_node_attr(n, "data-src");
	if (src == NULL)
		src = extract_node_attr(n, "data-lazy-src");
	if (src == NULL || strncasecmp(src, "data:", 5) == 0)
		src = extract_node_attr(n, "src");
	if (src != NULL && strncasecmp(src, "data:", 5) != 0)
		u = x_url(x, src);
	if (u != NULL && !extract_node_is(n->parent, "a")) {
		buf_adds(&x->out, "<a href=\"");
		x_out_escaped(x, u, strlen(u));
		buf_adds(&x->out, "\">");
	}
	buf_adds(&x->out, "<img alt=\"");
	if (alt != NULL && strlen(alt) <= EXTRACT_ATTR_MAX)
		x_out_escaped(x, alt, strlen(alt));
	buf_adds(&x->out, "\">");
	if (u != NULL && !extract_node_is(n->parent, "a"))
		buf_adds(&x->out, "</a>");
	free(u);
}

static int
x_write_enter(xmlNode *n, int depth, void *arg)
{
	struct x_write *w = arg;
	struct extract_ctx *x = w->x;
	const char *name = (const char *)n->name;
	char *u;

	(void)depth;
	if (x->out_full)
		return 0;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			x_out_escaped(x, (const char *)n->content,
			    strlen((const char *)n->content));
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE || x_skip(x, w->root, n))
		return 0;
	if (extract_node_is(n, "img")) {
		x_write_img(x, n);
		return 0;
	}
	if (extract_node_is(n, "a")) {
		u = x_url(x, extract_node_attr(n, "href"));
		if (u != NULL) {
			buf_adds(&x->out, "<a href=\"");
			x_out_escaped(x, u, strlen(u));
			buf_adds(&x->out, "\">");
			free(u);
		} else
			buf_adds(&x->out, "<a>");
		return 1;
	}
	if (extract_node_in(n, x_keep_tags)) {
		buf_printf(&x->out, "<%s>", name);
		if (extract_node_is(n, "p"))
			x->out_paras++;
	} else if (extract_node_in(n, x_div_tags))
		buf_adds(&x->out, "<div>");
	return 1;
}

static void
x_write_leave(xmlNode *n, void *arg)
{
	struct x_write *w = arg;

	if (n->type != XML_ELEMENT_NODE || x_skip(w->x, w->root, n) ||
	    extract_node_is(n, "img") || extract_node_is(n, "br") ||
	    extract_node_is(n, "hr"))
		return;
	if (extract_node_is(n, "a"))
		buf_adds(&w->x->out, "</a>");
	else if (extract_node_in(n, x_keep_tags))
		buf_printf(&w->x->out, "</%s>", (const char *)n->name);
	else if (extract_node_in(n, x_div_tags))
		buf_adds(&w->x->out, "</div>");
}

void
extract_write(struct extract_ctx *x, xmlNode *root)
{
	struct x_write w = { x, root };

	extract_walk(root, x_write_enter, x_write_leave, &w);
}

/*
 * The best block and those of its siblings that read like more of the
 * article (scored well, or long paragraphs with few links).
 */
void
extract_write_siblings(struct extract_ctx *x, xmlNode *best)
{
	xmlNode *s;
	struct extract_node *xn;
	double top = extract_node_final(best);
	double limit = top * 0.2 > 10 ? top * 0.2 : 10;

	if (best->parent == NULL || best == x->body) {
		extract_write(x, best);
		return;
	}
	for (s = best->parent->children; s != NULL; s = s->next) {
		if (s == best) {
			extract_write(x, s);
			continue;
		}
		if ((xn = extract_node_info(s)) == NULL || xn->unlikely)
			continue;
		if (extract_node_final(s) >= limit ||
		    (extract_node_is(s, "p") && xn->text - xn->link >= 80 &&
		    xn->link * 4 < xn->text))
			extract_write(x, s);
	}
}

/* JSON-LD's articleBody (plain text) as paragraphs. */
void
extract_write_text(struct extract_ctx *x, const char *s)
{
	const char *p = s, *nl;
	size_t len;

	while (*p != '\0' && !x->out_full) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (extract_text_len(p, NULL) > 0 && len > 0) {
			buf_adds(&x->out, "<p>");
			x_out_escaped(x, p, len);
			buf_adds(&x->out, "</p>");
			x->out_paras++;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
}
