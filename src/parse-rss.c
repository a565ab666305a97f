/*
 * RSS 0.9x, 1.0 (RDF) and 2.0: the document element and the element
 * table.  A new element is one row (sorted by name); extension namespaces
 * are parse-ext.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "tidende/feed.h"
#include "tidende/xmalloc.h"

#include "parse-formats.h"

static int
rss_root(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a)
{
	struct elem *e = &p->stack[p->depth];
	char *v;

	if (strcmp(local, "rss") == 0) {
		v = parse_core_attr_dup(a, NS_NONE, "version");
		if (v != NULL && strncmp(v, "0.9", 3) == 0)
			p->format = FEED_FORMAT_RSS09X;
		else
			p->format = FEED_FORMAT_RSS20;
		free(v);
		p->core = ns == NS_NONE ? NS_RSS : ns;
	} else if (strcmp(local, "RDF") == 0 && ns == NS_RDF) {
		p->format = FEED_FORMAT_RSS10;
		p->core = NS_RSS;
	} else
		return 0;
	p->core_none = 1;
	e->role = ROLE_ROOT;
	return 1;
}

static void
rss_channel(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	struct elem *e = &p->stack[p->depth];

	e->role = ROLE_CHANNEL;
	p->channel_seen = 1;
	if (e->lang != NULL && p->feed.language == NULL)
		p->feed.language = xstrdup(e->lang);
}

static void
rss_enclosure(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	const char *url;
	char *type, *length;
	size_t len;

	if ((url = parse_core_attr_get(a, NS_NONE, "url", &len)) == NULL)
		return;
	type = parse_core_attr_dup(a, NS_NONE, "type");
	length = parse_core_attr_dup(a, NS_NONE, "length");
	parse_core_enclosure(p, url, len, type, length);
	free(type);
	free(length);
}

static void
rss_guid(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	parse_core_capture(p, F_ID, MODE_TEXT, 1);
	p->cap_permalink = !parse_core_attr_is(a, NS_NONE, "isPermaLink",
	    "false");
}

/* <link>URL</link>, or an Atom-style link with href as some feeds mix. */
static void
rss_link(struct pstate *p, const struct parse_elem *row,
    const struct attrs *a, int item)
{
	size_t len;

	if (parse_core_attr_get(a, NS_NONE, "href", &len) != NULL)
		parse_core_link(p, a, item);
	else
		parse_core_capture(p, F_LINK, MODE_TEXT, item);
}

#define ROOT	PARSE_IN_ROOT
#define CHANNEL	PARSE_IN_CHANNEL
#define ITEM	PARSE_IN_ITEM
#define FEED	PARSE_IN_FEED
#define AUTHOR	PARSE_IN_AUTHOR

/* id and updated: Atom elements without their namespace, as some feeds
 * mix; name and email: in an atom:author. */
static const struct parse_elem rss_elems[] = {
	{ NS_NONE, "author", FEED, 0, F_AUTHOR_RSS, MODE_GUESS, NULL },
	{ NS_NONE, "category", ITEM, 0, F_CATEGORY, MODE_GUESS, NULL },
	{ NS_NONE, "channel", ROOT, 0, F_NONE, MODE_TEXT, rss_channel },
	{ NS_NONE, "description", FEED, 0, F_SUMMARY, MODE_HTML, NULL },
	{ NS_NONE, "email", AUTHOR, 0, F_AUTHOR_EMAIL, MODE_TEXT, NULL },
	{ NS_NONE, "enclosure", ITEM, 0, F_NONE, MODE_TEXT, rss_enclosure },
	{ NS_NONE, "guid", ITEM, 0, F_ID, MODE_TEXT, rss_guid },
	{ NS_NONE, "id", ITEM, 1, F_ID, MODE_TEXT, NULL },
	{ NS_NONE, "item", ROOT | CHANNEL, 0, F_NONE, MODE_TEXT,
	    parse_core_elem_item },
	{ NS_NONE, "language", CHANNEL, 0, F_LANGUAGE, MODE_TEXT, NULL },
	{ NS_NONE, "lastBuildDate", CHANNEL, 0, F_UPDATED, MODE_TEXT, NULL },
	{ NS_NONE, "link", FEED, 0, F_LINK, MODE_TEXT, rss_link },
	{ NS_NONE, "name", AUTHOR, 0, F_AUTHOR_NAME, MODE_TEXT, NULL },
	{ NS_NONE, "pubDate", ITEM, 0, F_PUBLISHED, MODE_TEXT, NULL },
	{ NS_NONE, "pubDate", CHANNEL, 0, F_FEED_PUBDATE, MODE_TEXT, NULL },
	{ NS_NONE, "title", FEED, 0, F_TITLE, MODE_GUESS, NULL },
	{ NS_NONE, "ttl", CHANNEL, 0, F_TTL, MODE_TEXT, NULL },
	{ NS_NONE, "updated", FEED, 1, F_UPDATED, MODE_TEXT, NULL },
};

const struct parse_format parse_rss_format = {
	.name = "RSS",
	.root = rss_root,
	.elems = rss_elems,
	.nelems = sizeof rss_elems / sizeof rss_elems[0],
};
