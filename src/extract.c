/*
 * The article in a web page (see tidende/extract.h).  Three walks over
 * libxml2's tree, none recursive: the first marks furniture (by tag, by
 * class and id words, hidden elements) and finds the semantic hints;
 * the second adds up text, link text, paragraphs and commas bottom-up;
 * then paragraphs give their score to their parent and grandparent, as
 * readability-style extractors do, weighted by tag and class words.  The
 * chosen block and its worthy siblings are written out again as a small,
 * safe subset of HTML (extract-write.c); the page's charset is found by
 * extract-charset.c.
 */
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>
#include <json-c/json.h>

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract-private.h"
#include "tidende/buf.h"
#include "tidende/extract.h"
#include "tidende/i18n.h"
#include "tidende/url.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define X_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NONET | \
	HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | \
	HTML_PARSE_NODEFDTD)
#define X_JSON_DEPTH	32
#define X_JSON_MAX	(2u << 20)
#define X_MIN_TEXT	200	/* non-link text an article has at least */
#define X_PARA_MIN	25	/* text of a paragraph that counts */

/* ------------------------------------------------------------ helpers */

int
extract_node_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    strcmp((const char *)n->name, name) == 0;
}

int
extract_node_in(const xmlNode *n, const char *const *names)
{
	size_t i;

	if (n == NULL || n->type != XML_ELEMENT_NODE || n->name == NULL)
		return 0;
	for (i = 0; names[i] != NULL; i++)
		if (strcmp((const char *)n->name, names[i]) == 0)
			return 1;
	return 0;
}

/* An attribute's value (libxml2's own string, do not free), or NULL. */
const char *
extract_node_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->name != NULL && strcasecmp((const char *)a->name,
		    name) == 0 && a->children != NULL &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

struct extract_node *
extract_node_info(const xmlNode *n)
{
	return n != NULL && n->type == XML_ELEMENT_NODE ? n->_private : NULL;
}

/* Count characters as a reader would: runs of white space are one. */
size_t
extract_text_len(const char *s, unsigned *commas)
{
	size_t n = 0;
	int space = 1;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			if (!space)
				n++;
			space = 1;
			continue;
		}
		space = 0;
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
		if (*s == ',' && commas != NULL)
			(*commas)++;
	}
	return n;
}

/* ----------------------------------------------------- words in names */

/* Furniture: a word of class or id containing one of these. */
static const char *const x_neg_sub[] = { "share", "sharing", "social",
	"cookie", "consent", "related", "comment", "widget", "translate",
	"footer", "sidebar", "banner", "subscribe", "newsletter", "sponsor",
	"promo", "popup", "modal", "breadcrumb", "masthead", "advert",
	"navbar", "navigation", "menu", "pagination", "signup", "login",
	"disqus", "toolbar", "recommend", "outbrain", "taboola", "paywall",
	NULL };
/* ... or equal to (or starting with) one of these short ones. */
static const char *const x_neg_word[] = { "nav", "ad", "ads", "meta",
	"tags", "header", "hidden", "print", "skip", "follow", "author-bio",
	"byline", "jp", "sd", "most", "popular", "more", "teaser", NULL };
/* Content: a word containing one of these. */
static const char *const x_pos_sub[] = { "content", "article", "body",
	"entry", "story", "text", "main", "prose", NULL };

/* Sets *neg for furniture words in v, *pos for content words. */
static void
x_words(const char *v, int *neg, int *pos)
{
	char word[64];
	size_t i, len;

	if (v == NULL || strlen(v) > EXTRACT_ATTR_MAX)
		return;
	while (*v != '\0') {
		len = strcspn(v, " \t\n-_");
		if (len > 0 && len < sizeof word) {
			for (i = 0; i < len; i++)
				word[i] = (char)tolower((unsigned char)v[i]);
			word[len] = '\0';
			for (i = 0; x_neg_sub[i] != NULL; i++)
				if (strstr(word, x_neg_sub[i]) != NULL)
					*neg = 1;
			for (i = 0; x_neg_word[i] != NULL; i++)
				if (strcmp(word, x_neg_word[i]) == 0)
					*neg = 1;
			for (i = 0; x_pos_sub[i] != NULL; i++)
				if (strstr(word, x_pos_sub[i]) != NULL)
					*pos = 1;
		}
		v += len;
		if (*v != '\0')
			v++;
	}
}

static int
x_class_weight(const xmlNode *n, int *neg_only)
{
	int neg = 0, pos = 0;

	x_words(extract_node_attr(n, "class"), &neg, &pos);
	x_words(extract_node_attr(n, "id"), &neg, &pos);
	x_words(extract_node_attr(n, "role"), &neg, &pos);
	*neg_only = neg && !pos;
	return (pos ? 25 : 0) - (neg ? 25 : 0);
}

static int
x_hidden(const xmlNode *n)
{
	const char *v;
	char style[256];
	size_t i, j;

	if (extract_node_attr(n, "hidden") != NULL)
		return 1;
	if ((v = extract_node_attr(n, "aria-hidden")) != NULL &&
	    strcasecmp(v, "true") == 0)
		return 1;
	if ((v = extract_node_attr(n, "style")) == NULL)
		return 0;
	for (i = j = 0; v[i] != '\0' && j + 1 < sizeof style; i++)
		if (v[i] != ' ' && v[i] != '\t')
			style[j++] = (char)tolower((unsigned char)v[i]);
	style[j] = '\0';
	return strstr(style, "display:none") != NULL ||
	    strstr(style, "visibility:hidden") != NULL;
}

/* Elements never part of an article, with all they hold. */
static const char *const x_drop_tags[] = { "script", "style", "noscript",
	"iframe", "form", "button", "input", "select", "textarea", "nav",
	"aside", "footer", "svg", "template", "object", "embed", "applet",
	"canvas", "audio", "video", "map", "frame", "frameset", "dialog",
	"menu", "label", "option", "head", "title", "meta", "link", "math",
	NULL };

/* ------------------------------------------------------------ walking */

/*
 * Pre-order and post-order over the tree below top without recursion:
 * enter() says whether to go into a node's children (never deeper than
 * EXTRACT_MAX_DEPTH); leave() runs after them.
 */
void
extract_walk(xmlNode *top, int (*enter)(xmlNode *, int, void *),
    void (*leave)(xmlNode *, void *), void *arg)
{
	xmlNode *n = top;
	int depth = 0;

	if (n == NULL)
		return;
	for (;;) {
		if (enter(n, depth, arg) && n->children != NULL &&
		    depth < EXTRACT_MAX_DEPTH) {
			n = n->children;
			depth++;
			continue;
		}
		for (;;) {
			if (leave != NULL)
				leave(n, arg);
			if (n == top)
				return;
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
			depth--;
		}
	}
}

static void
x_meta(struct extract_ctx *x, xmlNode *n)
{
	const char *prop, *content;

	if ((prop = extract_node_attr(n, "property")) == NULL &&
	    (prop = extract_node_attr(n, "name")) == NULL)
		return;
	if ((content = extract_node_attr(n, "content")) == NULL)
		return;
	if (strcasecmp(prop, "og:title") == 0 && x->og_title == NULL)
		x->og_title = xstrdup(content);
}

/* JSON-LD: the longest articleBody of any article-like object. */
static int
x_json_is_article(struct json_object *type)
{
	const char *s;
	size_t len, i;

	if (json_object_is_type(type, json_type_array)) {
		for (i = 0; i < json_object_array_length(type); i++)
			if (x_json_is_article(json_object_array_get_idx(type,
			    i)))
				return 1;
		return 0;
	}
	if (!json_object_is_type(type, json_type_string))
		return 0;
	s = json_object_get_string(type);
	len = strlen(s);
	return (len >= 7 && strcmp(s + len - 7, "Article") == 0) ||
	    (len >= 7 && strcmp(s + len - 7, "Posting") == 0) ||
	    strcmp(s, "Report") == 0;
}

static void
x_json_walk(struct extract_ctx *x, struct json_object *o, int depth)
{
	struct json_object *type, *v;
	const char *s;
	size_t i;

	if (o == NULL || depth > X_JSON_DEPTH)
		return;
	if (json_object_is_type(o, json_type_array)) {
		for (i = 0; i < json_object_array_length(o); i++)
			x_json_walk(x, json_object_array_get_idx(o, i),
			    depth + 1);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	if (json_object_object_get_ex(o, "@type", &type) &&
	    x_json_is_article(type)) {
		if (json_object_object_get_ex(o, "articleBody", &v) &&
		    json_object_is_type(v, json_type_string)) {
			s = json_object_get_string(v);
			if (x->json_body == NULL ||
			    strlen(s) > strlen(x->json_body)) {
				free(x->json_body);
				x->json_body = xstrdup(s);
			}
		}
		if (x->json_headline == NULL &&
		    json_object_object_get_ex(o, "headline", &v) &&
		    json_object_is_type(v, json_type_string))
			x->json_headline = xstrdup(json_object_get_string(v));
	}
	json_object_object_foreach(o, key, val) {
		(void)key;
		if (json_object_is_type(val, json_type_object) ||
		    json_object_is_type(val, json_type_array))
			x_json_walk(x, val, depth + 1);
	}
}

static void
x_json_ld(struct extract_ctx *x, xmlNode *script)
{
	struct json_object *root;
	json_tokener *tok;
	xmlChar *text;
	size_t len;

	if ((text = xmlNodeGetContent(script)) == NULL)
		return;
	len = strlen((const char *)text);
	if (len > 0 && len <= X_JSON_MAX &&
	    (tok = json_tokener_new_ex(X_JSON_DEPTH)) != NULL) {
		root = json_tokener_parse_ex(tok, (const char *)text, (int)len);
		if (root != NULL &&
		    json_tokener_get_error(tok) == json_tokener_success)
			x_json_walk(x, root, 0);
		json_object_put(root);
		json_tokener_free(tok);
	}
	xmlFree(text);
}

/* Pass 1: furniture, hints, and an xnode for every element. */
static int
x_mark(xmlNode *n, int depth, void *arg)
{
	struct extract_ctx *x = arg;
	struct extract_node *xn, *parent;
	const char *v;
	int neg_only, semantic;

	if (++x->seen > EXTRACT_MAX_NODES)
		return 0;
	if (n->type != XML_ELEMENT_NODE || n->name == NULL)
		return 0;
	if (x->nnodes == x->cap) {
		/* xnodes are reached through n->_private: never move them */
		return 0;
	}
	xn = &x->nodes[x->nnodes++];
	memset(xn, 0, sizeof *xn);
	xn->depth = depth;
	n->_private = xn;
	parent = extract_node_info(n->parent);

	if (extract_node_is(n, "script")) {
		v = extract_node_attr(n, "type");
		if (v != NULL && strncasecmp(v, "application/ld+json", 19) == 0)
			x_json_ld(x, n);
	} else if (extract_node_is(n, "meta"))
		x_meta(x, n);
	else if (extract_node_is(n, "title") && x->title == NULL &&
	    n->children != NULL) {
		xmlChar *t = xmlNodeGetContent(n);

		x->title = xstrdup(t != NULL ? (const char *)t : "");
		xmlFree(t);
	} else if (extract_node_is(n, "base") && x->base == NULL &&
	    (v = extract_node_attr(n, "href")) != NULL &&
	    strlen(v) < EXTRACT_ATTR_MAX)
		x->base = url_resolve(x->url, v);
	else if (extract_node_is(n, "body") && x->body == NULL)
		x->body = n;

	if (parent != NULL && parent->unlikely) {
		xn->unlikely = 1;
		return 1;	/* still walked: JSON-LD may be anywhere */
	}
	v = extract_node_attr(n, "itemprop");
	semantic = extract_node_is(n, "article") ||
	    extract_node_is(n, "main") || extract_node_is(n, "body") ||
	    extract_node_is(n, "html") ||
	    (v != NULL && strcasecmp(v, "articleBody") == 0);
	x_class_weight(n, &neg_only);
	if (extract_node_in(n, x_drop_tags) || x_hidden(n) ||
	    (neg_only && !semantic) ||
	    ((v = extract_node_attr(n, "role")) != NULL &&
	    (strcasecmp(v, "navigation") == 0 ||
	    strcasecmp(v, "complementary") == 0 ||
	    strcasecmp(v, "contentinfo") == 0 ||
	    strcasecmp(v, "banner") == 0 || strcasecmp(v, "dialog") == 0)))
		xn->unlikely = 1;
	else if ((v = extract_node_attr(n, "itemprop")) != NULL &&
	    strcasecmp(v, "articleBody") == 0 && x->itemprop == NULL)
		x->itemprop = n;
	else if (extract_node_is(n, "article")) {
		x->articles = xreallocarray(x->articles, x->narticles + 1,
		    sizeof *x->articles);
		x->articles[x->narticles++] = n;
	} else if (extract_node_is(n, "main") && x->main == NULL)
		x->main = n;
	return 1;
}

static const char *const x_para_tags[] = { "p", "pre", "blockquote", "li",
	"td", "h2", "h3", "dd", NULL };

/* Pass 2 (post-order): text below each element. */
static void
x_count(xmlNode *n, void *arg)
{
	struct extract_node *xn, *parent;
	unsigned commas = 0;
	size_t len;

	(void)arg;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if ((parent = extract_node_info(n->parent)) == NULL ||
		    n->content == NULL)
			return;
		if (extract_node_is(n->parent, "script") ||
		    extract_node_is(n->parent, "style"))
			return;
		len = extract_text_len((const char *)n->content, &commas);
		parent->text += len;
		parent->commas += commas;
		return;
	}
	if ((xn = extract_node_info(n)) == NULL)
		return;
	if (extract_node_is(n, "a"))
		xn->link = xn->text;
	if (extract_node_in(n, x_para_tags) && xn->text - xn->link >= 80 &&
	    !extract_node_is(n, "td") && !extract_node_is(n, "li"))
		xn->paras++;
	if ((parent = extract_node_info(n->parent)) == NULL || xn->unlikely)
		return;
	parent->text += xn->text;
	parent->link += xn->link;
	parent->commas += xn->commas;
	parent->paras += xn->paras;
}

static double
x_tag_weight(const xmlNode *n)
{
	static const char *const plus5[] = { "div", "article", "section",
	    "main", NULL };
	static const char *const plus3[] = { "pre", "td", "blockquote", NULL };
	static const char *const minus3[] = { "address", "ol", "ul", "dl",
	    "dd", "dt", "li", "form", NULL };
	static const char *const minus5[] = { "h1", "h2", "h3", "h4", "h5",
	    "h6", "th", "header", NULL };

	if (extract_node_in(n, plus5))
		return 5;
	if (extract_node_in(n, plus3))
		return 3;
	if (extract_node_in(n, minus3))
		return -3;
	if (extract_node_in(n, minus5))
		return -5;
	return 0;
}

static void
x_give(xmlNode *n, double score)
{
	struct extract_node *xn = extract_node_info(n);
	int neg_only;

	if (xn == NULL || xn->unlikely || extract_node_is(n, "html"))
		return;
	if (!xn->scored) {
		xn->scored = 1;
		xn->score = x_tag_weight(n) + x_class_weight(n, &neg_only);
	}
	xn->score += score;
}

/* Pass 3: paragraphs score their ancestors. */
static int
x_score(xmlNode *n, int depth, void *arg)
{
	struct extract_node *xn = extract_node_info(n);
	double s;
	size_t text;

	(void)depth;
	(void)arg;
	if (xn == NULL || xn->unlikely)
		return 0;
	if (!extract_node_in(n, x_para_tags) &&
	    !(extract_node_is(n, "div") && xn->paras == 0))
		return 1;
	text = xn->text - xn->link;
	if (text < X_PARA_MIN)
		return !extract_node_in(n, x_para_tags);
	s = 1 + xn->commas + (text / 100 < 3 ? (double)(text / 100) : 3);
	x_give(n->parent, s);
	if (n->parent != NULL)
		x_give(n->parent->parent, s / 2);
	if (n->parent != NULL && n->parent->parent != NULL)
		x_give(n->parent->parent->parent, s / 3);
	return !extract_node_in(n, x_para_tags);
}

double
extract_node_final(const xmlNode *n)
{
	const struct extract_node *xn = extract_node_info(n);

	if (xn == NULL || !xn->scored || xn->unlikely || xn->text == 0)
		return 0;
	return xn->score * (1.0 - (double)xn->link / (double)xn->text);
}

struct x_best {
	xmlNode	*node;
	double	 score;
};

static int
x_best_enter(xmlNode *n, int depth, void *arg)
{
	struct x_best *b = arg;
	struct extract_node *xn = extract_node_info(n);
	double s;

	(void)depth;
	if (xn == NULL || xn->unlikely)
		return 0;
	if ((s = extract_node_final(n)) > b->score) {
		b->score = s;
		b->node = n;
	}
	return 1;
}

static xmlNode *
x_best_below(xmlNode *top)
{
	struct x_best b = { NULL, 0 };

	extract_walk(top, x_best_enter, NULL, &b);
	return b.node;
}

/* Enough text to be an article. */
static int
x_enough(const xmlNode *n)
{
	const struct extract_node *xn = extract_node_info(n);

	return xn != NULL && !xn->unlikely && xn->text - xn->link >=
	    X_MIN_TEXT && (xn->paras >= 1 || xn->text - xn->link >= 500) &&
	    xn->link * 2 < xn->text;
}

/* ------------------------------------------------------------- public */

static int
x_count_enter(xmlNode *n, int depth, void *arg)
{
	size_t *count = arg;

	(void)depth;
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	return ++*count <= EXTRACT_MAX_NODES;
}

static void
x_free(struct extract_ctx *x)
{
	if (x->doc != NULL)
		xmlFreeDoc(x->doc);
	free(x->nodes);
	free(x->articles);
	free(x->base);
	free(x->og_title);
	free(x->title);
	free(x->json_body);
	free(x->json_headline);
	buf_free(&x->out);
}

static char *
x_clean_line(const char *s)
{
	return s == NULL ? NULL : utf8_clean(s, strlen(s),
	    UTF8_COLLAPSE_SPACE);
}

/* ------------------------------------------------------------ parsing */

/*
 * The page is parsed as it arrives (libxml2's push parser), a chunk at a
 * time, so a big page costs the loop no more than a feed's chunk does;
 * the first EXTRACT_PRESCAN bytes wait for the charset to be known.
 */
struct extract_parser {
	htmlParserCtxtPtr ctxt;
	char	*url;
	char	*http_charset;
	char	*charset;	/* chosen, or NULL: libxml2's own guess */
	struct buf pre;		/* bytes before the parser exists */
	size_t	 fed;
	int	 started;
};

struct extract_parser *
extract_parser_new(const char *url, const char *http_charset)
{
	struct extract_parser *p = xcalloc(1, sizeof *p);

	p->url = xstrdup(url != NULL ? url : "");
	p->http_charset = xstrdup0(http_charset);
	buf_init(&p->pre);
	return p;
}

/* Whether s[0..len) is ASCII only. */
static int
x_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

static void
x_parser_start(struct extract_parser *p)
{
	xmlCharEncodingHandlerPtr h;
	const char *s = p->pre.s != NULL ? p->pre.s : "";
	size_t len = p->pre.len, k;

	p->started = 1;
	p->charset = extract_charset_declared(s, len, p->http_charset);
	/*
	 * Nothing declared: only ASCII so far leaves the guess to libxml2
	 * (UTF-8, Latin-1 once that fails), as the rest may tell; else the
	 * bytes decide (a UTF-8 sequence cut at the end of the prefix is
	 * still UTF-8).
	 */
	if (p->charset == NULL && !x_ascii(s, len)) {
		for (k = 0; k < 4 && k < len; k++)
			if (utf8_valid(s, len - k))
				break;
		p->charset = xstrdup(k < 4 && k < len ? "UTF-8" :
		    "windows-1252");
	}
	p->ctxt = htmlCreatePushParserCtxt(NULL, NULL, NULL, 0, p->url,
	    XML_CHAR_ENCODING_NONE);
	if (p->ctxt == NULL)
		fatalx("htmlCreatePushParserCtxt failed");
	htmlCtxtUseOptions(p->ctxt, X_OPTIONS);
	if (p->charset != NULL &&
	    (h = xmlFindCharEncodingHandler(p->charset)) != NULL)
		xmlSwitchToEncoding(p->ctxt, h);
	if (len > 0)
		htmlParseChunk(p->ctxt, s, (int)len, 0);
	buf_free(&p->pre);
	buf_init(&p->pre);
}

void
extract_parser_feed(struct extract_parser *p, const char *data, size_t len)
{
	if (p->fed >= EXTRACT_MAX_PAGE)
		return;
	if (len > EXTRACT_MAX_PAGE - p->fed)
		len = EXTRACT_MAX_PAGE - p->fed;
	p->fed += len;
	if (!p->started) {
		buf_add(&p->pre, data, len);
		if (p->pre.len >= EXTRACT_PRESCAN)
			x_parser_start(p);
		return;
	}
	while (len > 0) {
		/* libxml2 takes an int */
		int n = len > (1u << 20) ? 1 << 20 : (int)len;

		htmlParseChunk(p->ctxt, data, n, 0);
		data += n;
		len -= (size_t)n;
	}
}

void
extract_parser_set_url(struct extract_parser *p, const char *url)
{
	if (url == NULL)
		return;
	free(p->url);
	p->url = xstrdup(url);
}

void
extract_parser_free(struct extract_parser *p)
{
	if (p == NULL)
		return;
	if (p->ctxt != NULL) {
		if (p->ctxt->myDoc != NULL)
			xmlFreeDoc(p->ctxt->myDoc);
		p->ctxt->myDoc = NULL;
		htmlFreeParserCtxt(p->ctxt);
	}
	buf_free(&p->pre);
	free(p->url);
	free(p->http_charset);
	free(p->charset);
	free(p);
}

enum status
extract_article(const char *page, size_t len, const char *url,
    const char *http_charset, struct extract_result *out, char **cause)
{
	struct extract_parser *p = extract_parser_new(url, http_charset);

	extract_parser_feed(p, page != NULL ? page : "", page != NULL ? len :
	    0);
	return extract_parser_finish(p, out, cause);
}

enum status
extract_parser_finish(struct extract_parser *p, struct extract_result *out,
    char **cause)
{
	struct extract_ctx x;
	xmlNode *root = NULL, *best;
	const char *method = NULL;
	char *charset;
	size_t i, dom_text = 0, json_text = 0;
	struct extract_node *xn;

	memset(out, 0, sizeof *out);
	memset(&x, 0, sizeof x);
	buf_init(&x.out);
	if (p->fed == 0) {
		extract_parser_free(p);
		*cause = xstrdup(_("the page is empty"));
		return STATUS_NOT_FOUND;
	}
	if (!p->started)
		x_parser_start(p);
	htmlParseChunk(p->ctxt, NULL, 0, 1);
	x.doc = p->ctxt->myDoc;
	p->ctxt->myDoc = NULL;
	charset = xstrdup(p->charset != NULL ? p->charset : "UTF-8");
	x.url = p->url;
	x.cap = 0;
	if (x.doc == NULL || xmlDocGetRootElement(x.doc) == NULL) {
		extract_parser_free(p);
		x.url = NULL;
		free(charset);
		x_free(&x);
		*cause = xstrdup(_("not an HTML page"));
		return STATUS_ERROR;
	}
	/* count elements first: xnodes are found through n->_private */
	extract_walk(xmlDocGetRootElement(x.doc), x_count_enter, NULL, &x.cap);
	if (x.cap > EXTRACT_MAX_NODES)
		x.cap = EXTRACT_MAX_NODES;
	x.nodes = xcalloc(x.cap + 1, sizeof *x.nodes);
	extract_walk(xmlDocGetRootElement(x.doc), x_mark, x_count, &x);
	extract_walk(xmlDocGetRootElement(x.doc), x_score, NULL, &x);

	/* semantic markup first */
	if (x.itemprop != NULL && x_enough(x.itemprop)) {
		root = x.itemprop;
		method = "itemprop";
	}
	if (root == NULL && x.narticles > 0) {
		best = x_best_below(x.body != NULL ? x.body :
		    xmlDocGetRootElement(x.doc));
		for (i = 0; i < x.narticles && root == NULL; i++) {
			xmlNode *a = x.articles[i], *up;

			if (!x_enough(a))
				continue;
			/* the article that holds the densest block */
			for (up = best; up != NULL && up != a; up = up->parent)
				;
			if (up == a || x.narticles == 1)
				root = a;
		}
		if (root != NULL)
			method = "article";
	}
	if (root == NULL && x.main != NULL && x_enough(x.main)) {
		best = x_best_below(x.main);
		root = best != NULL && x_enough(best) ? best : x.main;
		method = "main";
	}
	if (root == NULL) {
		best = x_best_below(x.body != NULL ? x.body :
		    xmlDocGetRootElement(x.doc));
		if (best != NULL && x_enough(best)) {
			root = best;
			method = "density";
		}
	}
	if (root != NULL && (xn = extract_node_info(root)) != NULL)
		dom_text = xn->text - xn->link;
	if (x.json_body != NULL)
		json_text = extract_text_len(x.json_body, NULL);
	/* structured data that holds more than the page shows */
	if (json_text >= X_MIN_TEXT && (root == NULL ||
	    dom_text * 10 < json_text * 6)) {
		extract_write_text(&x, x.json_body);
		method = "json-ld";
	} else if (root != NULL && strcmp(method, "density") == 0)
		extract_write_siblings(&x, root);
	else if (root != NULL)
		extract_write(&x, root);
	if (method == NULL || extract_text_len(buf_str(&x.out), NULL) == 0) {
		free(charset);
		x_free(&x);
		extract_parser_free(p);
		*cause = xstrdup(_("no article found in the page"));
		return STATUS_NOT_FOUND;
	}
	out->html = buf_detach(&x.out);
	/*
	 * libxml2's HTML parser lets bytes that are not UTF-8 through in
	 * some text (found by the html fuzzer in a <pre>): the page's text
	 * must be UTF-8 before it is stored or drawn.
	 */
	if (!utf8_valid(out->html, strlen(out->html))) {
		char *clean = utf8_clean(out->html, strlen(out->html),
		    UTF8_KEEP_NEWLINES);

		free(out->html);
		out->html = clean;
	}
	out->method = method;
	out->charset = charset;
	out->paragraphs = x.out_paras;
	out->title = x_clean_line(x.og_title != NULL ? x.og_title :
	    x.json_headline != NULL ? x.json_headline : x.title);
	x_free(&x);
	extract_parser_free(p);
	return STATUS_OK;
}

void
extract_result_free(struct extract_result *r)
{
	free(r->html);
	free(r->title);
	free(r->charset);
	memset(r, 0, sizeof *r);
}
