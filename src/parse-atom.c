/*
 * Atom 1.0 and 0.3 elements: text constructs (text, html, xhtml and the
 * 0.3 modes), links by relation, authors, categories and dates.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/feed.h"
#include "tidende/xmalloc.h"

#include "parse-private.h"

enum mode
atom_mode(struct pstate *p, const struct attrs *a, int is_content)
{
	const char *t, *m;
	size_t tlen = 0, mlen = 0;
	enum mode mode;

	if (is_content && attr_get(a, NS_NONE, "src", &tlen) != NULL)
		return MODE_SKIP;
	t = attr_get(a, NS_NONE, "type", &tlen);
	m = attr_get(a, NS_NONE, "mode", &mlen);
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
text_construct(struct pstate *p, enum field f, const struct attrs *a,
    int is_content, int item)
{
	enum mode m;

	p->b64_next = 0;
	m = atom_mode(p, a, is_content);
	capture_start(p, f, m, item);
	p->cap_b64 = p->b64_next;
}

static void
category(struct pstate *p, const struct attrs *a)
{
	const char *v;
	size_t len;
	char *s;

	if (p->item.ncategories >= PARSE_MAX_CATEGORIES)
		return;
	if ((v = attr_get(a, NS_NONE, "term", &len)) == NULL || len == 0)
		v = attr_get(a, NS_NONE, "label", &len);
	if (v == NULL)
		return;
	s = attr_text(v, len);
	if (*s != '\0')
		feed_item_add_category(&p->item, s);
	free(s);
}

void
atom_start(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a)
{
	struct elem *e = &p->stack[p->depth];
	enum role up = p->stack[p->depth - 1].role;
	int core = ns == p->core || (ns == NS_NONE && p->core_none) ||
	    (ns == NS_ATOM10 || ns == NS_ATOM03);
	int item;

	if (up == ROLE_CHANNEL) {
		if (core && (strcmp(local, "entry") == 0 ||
		    strcmp(local, "item") == 0)) {
			e->role = ROLE_ITEM;
			item_begin(p);
			return;
		}
		item = 0;
	} else if (up == ROLE_ITEM)
		item = 1;
	else
		return;
	if (!core) {
		ext_start(p, ns, local, a, item);
		return;
	}
	switch (local[0]) {
	case 'a':
		if (strcmp(local, "author") == 0)
			e->role = ROLE_AUTHOR;
		break;
	case 'c':
		if (item && strcmp(local, "content") == 0)
			text_construct(p, F_CONTENT, a, 1, 1);
		else if (item && strcmp(local, "category") == 0)
			category(p, a);

		break;
	case 'i':
		if (item && strcmp(local, "id") == 0)
			capture_start(p, F_ID, MODE_TEXT, 1);
		else if (strcmp(local, "issued") == 0)
			capture_start(p, F_PUBLISHED, MODE_TEXT, item);
		break;
	case 'l':
		if (strcmp(local, "link") == 0)
			add_link(p, a, item);
		break;
	case 'm':
		if (strcmp(local, "modified") == 0)
			capture_start(p, F_UPDATED, MODE_TEXT, item);
		break;
	case 'p':
		if (strcmp(local, "published") == 0)
			capture_start(p, F_PUBLISHED, MODE_TEXT, item);
		break;
	case 's':
		if (strcmp(local, "summary") == 0 && item)
			text_construct(p, F_SUMMARY, a, 0, 1);
		else if (strcmp(local, "subtitle") == 0 && !item)
			text_construct(p, F_SUMMARY, a, 0, 0);
		break;
	case 't':
		if (strcmp(local, "title") == 0)
			text_construct(p, F_TITLE, a, 0, item);
		else if (strcmp(local, "tagline") == 0 && !item)
			text_construct(p, F_SUMMARY, a, 0, 0);
		break;
	case 'u':
		if (strcmp(local, "updated") == 0)
			capture_start(p, F_UPDATED, MODE_TEXT, item);
		break;
	}
}
