/*
 * Atom 1.0 and 0.3: the document element and the element table, with text
 * constructs (text, html, xhtml and the 0.3 modes), links by relation,
 * authors, categories and dates.  A new element is one row (sorted by
 * name); extension namespaces are parse-ext.c's.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/feed.h"
#include "tidende/xmalloc.h"

#include "parse-formats.h"

static enum mode
atom_mode(struct pstate *p, const struct attrs *a, int is_content)
{
	const char *t, *m;
	size_t tlen = 0, mlen = 0;
	enum mode mode;

	if (is_content && parse_core_attr_get(a, NS_NONE, "src", &tlen) != NULL)
		return MODE_SKIP;
	t = parse_core_attr_get(a, NS_NONE, "type", &tlen);
	m = parse_core_attr_get(a, NS_NONE, "mode", &mlen);
	if (t == NULL || tlen == 0 || (tlen == 4 && strncasecmp(t, "text",
	    4) == 0) || (tlen == 10 && strncasecmp(t, "text/plain", 10) == 0))
		mode = MODE_TEXT;
	else if ((tlen == 4 && strncasecmp(t, "html", 4) == 0) ||
	    (tlen == 9 && strncasecmp(t, "text/html", 9) == 0))
		mode = MODE_HTML;
	else if ((tlen == 5 && strncasecmp(t, "xhtml", 5) == 0) ||
	    (tlen == 21 && strncasecmp(t, "application/xhtml+xml", 21) == 0))
		mode = MODE_XHTML;
	else if (tlen > 5 && strncasecmp(t, "text/", 5) == 0)
		mode = MODE_TEXT;
	else if (memmem(t, tlen, "xml", 3) != NULL)
		mode = MODE_XHTML;
	else {
		/* any other media type is base64 (RFC 4287 4.1.3.3) */
		mode = MODE_TEXT;
		p->b64_next = 1;
	}
	if (m != NULL) {
		if (mlen == 6 && strncasecmp(m, "base64", 6) == 0)
			p->b64_next = 1;
		else if (mlen == 3 && strncasecmp(m, "xml", 3) == 0 &&
		    mode == MODE_HTML)
			mode = MODE_XHTML;
		else if (mlen == 7 && strncasecmp(m, "escaped", 7) == 0 &&
		    mode == MODE_XHTML)
			mode = MODE_HTML;
	}
	return mode;
}

/* A text construct: capture with the mode its attributes give. */
static void
atom_text(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	enum mode m;

	p->b64_next = 0;
	m = atom_mode(p, a, row->field == F_CONTENT);
	parse_core_capture(p, row->field, m, item);
	p->cap_b64 = p->b64_next;
}

static void
atom_category(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	const char *v;
	size_t len;
	char *s;

	if (p->item.ncategories >= PARSE_MAX_CATEGORIES)
		return;
	if ((v = parse_core_attr_get(a, NS_NONE, "term", &len)) == NULL || len == 0)
		v = parse_core_attr_get(a, NS_NONE, "label", &len);
	if (v == NULL)
		return;
	s = parse_core_attr_text(v, len);
	if (*s != '\0')
		feed_item_add_category(&p->item, s);
	free(s);
}

static int
atom_root(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a)
{
	struct elem *e = &p->stack[p->depth];

	if (strcmp(local, "feed") != 0)
		return 0;
	if (ns == NS_ATOM03 || (ns != NS_ATOM10 &&
	    parse_core_attr_is(a, NS_NONE, "version", "0.3")))
		p->format = FEED_FORMAT_ATOM03;
	else
		p->format = FEED_FORMAT_ATOM10;
	p->core = ns == NS_NONE ? NS_ATOM10 : ns;
	p->core_none = ns == NS_NONE;
	e->role = ROLE_CHANNEL;
	if (e->lang != NULL)
		p->feed.language = xstrdup(e->lang);
	return 1;
}

#define CHANNEL	PARSE_IN_CHANNEL
#define ITEM	PARSE_IN_ITEM
#define FEED	PARSE_IN_FEED
#define AUTHOR	PARSE_IN_AUTHOR

/* entry, and item as some feeds have it; issued, modified: Atom 0.3 */
static const struct parse_elem atom_elems[] = {
	{ NS_NONE, "author", FEED, 0, F_NONE, MODE_TEXT,
	    parse_core_elem_author },
	{ NS_NONE, "category", ITEM, 0, F_CATEGORY, MODE_TEXT,
	    atom_category },
	{ NS_NONE, "content", ITEM, 0, F_CONTENT, MODE_TEXT, atom_text },
	{ NS_NONE, "email", AUTHOR, 0, F_AUTHOR_EMAIL, MODE_TEXT, NULL },
	{ NS_NONE, "entry", CHANNEL, 0, F_NONE, MODE_TEXT,
	    parse_core_elem_item },
	{ NS_NONE, "id", ITEM, 0, F_ID, MODE_TEXT, NULL },
	{ NS_NONE, "issued", FEED, 0, F_PUBLISHED, MODE_TEXT, NULL },
	{ NS_NONE, "item", CHANNEL, 0, F_NONE, MODE_TEXT,
	    parse_core_elem_item },
	{ NS_NONE, "link", FEED, 0, F_NONE, MODE_TEXT, parse_core_elem_link },
	{ NS_NONE, "modified", FEED, 0, F_UPDATED, MODE_TEXT, NULL },
	{ NS_NONE, "name", AUTHOR, 0, F_AUTHOR_NAME, MODE_TEXT, NULL },
	{ NS_NONE, "published", FEED, 0, F_PUBLISHED, MODE_TEXT, NULL },
	{ NS_NONE, "subtitle", CHANNEL, 0, F_SUMMARY, MODE_TEXT, atom_text },
	{ NS_NONE, "summary", ITEM, 0, F_SUMMARY, MODE_TEXT, atom_text },
	{ NS_NONE, "tagline", CHANNEL, 0, F_SUMMARY, MODE_TEXT, atom_text },
	{ NS_NONE, "title", FEED, 0, F_TITLE, MODE_TEXT, atom_text },
	{ NS_NONE, "updated", FEED, 0, F_UPDATED, MODE_TEXT, NULL },
};

const struct parse_format parse_atom_format = {
	.name = "Atom",
	.root = atom_root,
	.elems = atom_elems,
	.nelems = sizeof atom_elems / sizeof atom_elems[0],
	.atom_core = 1,
};
