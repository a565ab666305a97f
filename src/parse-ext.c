/*
 * The extension namespaces every format reads, as one element table:
 * content:, dc:, dcterms:, atom: in RSS, media:, itunes: and inline XHTML
 * bodies.  A new element is one row (sorted by namespace, then name).
 */
#include <stdlib.h>

#include "parse-private.h"

static void
media_content(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	const char *url;
	size_t len;
	char *type, *size;

	if ((url = parse_core_attr_get(a, NS_NONE, "url", &len)) == NULL)
		return;
	type = parse_core_attr_dup(a, NS_NONE, "type");
	size = parse_core_attr_dup(a, NS_NONE, "fileSize");
	parse_core_enclosure(p, url, len, type, size);
	free(type);
	free(size);
}

static void
media_group(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	p->stack[p->depth].role = ROLE_GROUP;
}

#define FEED	PARSE_IN_FEED
#define ITEM	PARSE_IN_ITEM
#define AUTHOR	PARSE_IN_AUTHOR
#define MEDIA	(PARSE_IN_ITEM | PARSE_IN_GROUP)

/* Atom elements in other formats (atom:link in RSS), in both versions. */
#define ATOM_ROWS(ns) \
	{ ns, "author", FEED, 0, F_NONE, MODE_TEXT, parse_core_elem_author }, \
	{ ns, "email", AUTHOR, 0, F_AUTHOR_EMAIL, MODE_TEXT, NULL }, \
	{ ns, "issued", FEED, 1, F_PUBLISHED, MODE_TEXT, NULL }, \
	{ ns, "link", FEED, 0, F_NONE, MODE_TEXT, parse_core_elem_link }, \
	{ ns, "modified", FEED, 1, F_UPDATED, MODE_TEXT, NULL }, \
	{ ns, "name", AUTHOR, 0, F_AUTHOR_NAME, MODE_TEXT, NULL }, \
	{ ns, "published", FEED, 1, F_PUBLISHED, MODE_TEXT, NULL }, \
	{ ns, "updated", FEED, 1, F_UPDATED, MODE_TEXT, NULL }

const struct parse_elem parse_ext_elems[] = {
	ATOM_ROWS(NS_ATOM10),
	ATOM_ROWS(NS_ATOM03),
	{ NS_CONTENT, "encoded", ITEM, 0, F_CONTENT, MODE_HTML, NULL },
	{ NS_DC, "author", FEED, 0, F_AUTHOR, MODE_GUESS, NULL },
	{ NS_DC, "creator", FEED, 0, F_AUTHOR, MODE_GUESS, NULL },
	{ NS_DC, "date", FEED, 0, F_DCDATE, MODE_TEXT, NULL },
	{ NS_DC, "description", FEED, 1, F_SUMMARY, MODE_HTML, NULL },
	{ NS_DC, "language", FEED, 0, F_LANGUAGE, MODE_TEXT, NULL },
	{ NS_DC, "subject", FEED, 0, F_CATEGORY, MODE_GUESS, NULL },
	{ NS_DC, "title", FEED, 1, F_TITLE, MODE_GUESS, NULL },
	{ NS_DCTERMS, "issued", FEED, 1, F_PUBLISHED, MODE_TEXT, NULL },
	{ NS_DCTERMS, "modified", FEED, 1, F_UPDATED, MODE_TEXT, NULL },
	{ NS_MEDIA, "content", MEDIA, 0, F_NONE, MODE_TEXT, media_content },
	{ NS_MEDIA, "description", MEDIA, 1, F_SUMMARY, MODE_GUESS, NULL },
	{ NS_MEDIA, "group", MEDIA, 0, F_NONE, MODE_TEXT, media_group },
	{ NS_MEDIA, "title", MEDIA, 1, F_TITLE, MODE_GUESS, NULL },
	{ NS_ITUNES, "author", FEED, 1, F_AUTHOR, MODE_TEXT, NULL },
	{ NS_ITUNES, "subtitle", FEED, 1, F_SUMMARY, MODE_TEXT, NULL },
	{ NS_ITUNES, "summary", ITEM, 1, F_SUMMARY, MODE_TEXT, NULL },
	{ NS_XHTML, "body", ITEM, 1, F_CONTENT, MODE_XHTML, NULL },
};

const size_t parse_ext_nelems = sizeof parse_ext_elems /
    sizeof parse_ext_elems[0];
