/*
 * RSS 0.9x, 1.0 (RDF) and 2.0 elements, and the extension namespaces that
 * both RSS and Atom feeds use (content:, dc:, dcterms:, media:, itunes:,
 * atom:link in RSS, inline XHTML bodies).
 */
#include <stdlib.h>
#include <string.h>

#include "tidende/feed.h"
#include "tidende/xmalloc.h"

#include "parse-private.h"

static void
cap(struct pstate *p, enum field f, enum mode m, int item, int fallback)
{
	capture_start(p, f, m, item);
	p->cap_fallback = fallback;
}

static void
media_content(struct pstate *p, const struct attrs *a)
{
	const char *url;
	size_t len;
	char *type, *size;

	if ((url = attr_get(a, NS_NONE, "url", &len)) == NULL)
		return;
	type = attr_dup(a, NS_NONE, "type");
	size = attr_dup(a, NS_NONE, "fileSize");
	add_enclosure(p, url, len, type, size);
	free(type);
	free(size);
}

int
ext_start(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a, int item)
{
	struct elem *e = &p->stack[p->depth];

	switch (ns) {
	case NS_CONTENT:
		if (item && strcmp(local, "encoded") == 0)
			cap(p, F_CONTENT, MODE_HTML, 1, 0);
		break;
	case NS_DC:
		if (strcmp(local, "creator") == 0 ||
		    strcmp(local, "author") == 0)
			cap(p, F_AUTHOR, MODE_GUESS, item, 0);
		else if (strcmp(local, "date") == 0)
			cap(p, F_DCDATE, MODE_TEXT, item, 0);
		else if (strcmp(local, "subject") == 0)
			cap(p, F_CATEGORY, MODE_GUESS, item, 0);
		else if (strcmp(local, "language") == 0)
			cap(p, F_LANGUAGE, MODE_TEXT, item, 0);
		else if (strcmp(local, "title") == 0)
			cap(p, F_TITLE, MODE_GUESS, item, 1);
		else if (strcmp(local, "description") == 0)
			cap(p, F_SUMMARY, MODE_HTML, item, 1);
		break;
	case NS_DCTERMS:
		if (strcmp(local, "issued") == 0)
			cap(p, F_PUBLISHED, MODE_TEXT, item, 1);
		else if (strcmp(local, "modified") == 0)
			cap(p, F_UPDATED, MODE_TEXT, item, 1);
		break;
	case NS_ATOM10:
	case NS_ATOM03:
		if (strcmp(local, "link") == 0)
			add_link(p, a, item);
		else if (strcmp(local, "author") == 0)
			e->role = ROLE_AUTHOR;
		else if (strcmp(local, "updated") == 0 ||
		    strcmp(local, "modified") == 0)
			cap(p, F_UPDATED, MODE_TEXT, item, 1);
		else if (strcmp(local, "published") == 0 ||
		    strcmp(local, "issued") == 0)
			cap(p, F_PUBLISHED, MODE_TEXT, item, 1);
		break;
	case NS_MEDIA:
		if (!item)
			break;
		if (strcmp(local, "content") == 0)
			media_content(p, a);
		else if (strcmp(local, "group") == 0)
			e->role = ROLE_GROUP;
		else if (strcmp(local, "title") == 0)
			cap(p, F_TITLE, MODE_GUESS, 1, 1);
		else if (strcmp(local, "description") == 0)
			cap(p, F_SUMMARY, MODE_GUESS, 1, 1);
		break;
	case NS_ITUNES:
		if (strcmp(local, "author") == 0)
			cap(p, F_AUTHOR, MODE_TEXT, item, 1);
		else if (item && strcmp(local, "summary") == 0)
			cap(p, F_SUMMARY, MODE_TEXT, item, 1);
		else if (strcmp(local, "subtitle") == 0)
			cap(p, F_SUMMARY, MODE_TEXT, item, 1);
		break;
	case NS_XHTML:
		if (item && strcmp(local, "body") == 0)
			cap(p, F_CONTENT, MODE_XHTML, 1, 1);
		break;
	default:
		return 0;
	}
	return 1;
}

void
rss_start(struct pstate *p, enum ns ns, const char *local,
    const struct attrs *a)
{
	struct elem *e = &p->stack[p->depth];
	enum role up = p->stack[p->depth - 1].role;
	int core = ns == p->core || (ns == NS_NONE && p->core_none);
	int item;
	size_t len;

	if (up == ROLE_ROOT || up == ROLE_CHANNEL) {
		if (core && up == ROLE_ROOT && strcmp(local, "channel") == 0) {
			e->role = ROLE_CHANNEL;
			p->channel_seen = 1;
			if (e->lang != NULL && p->feed.language == NULL)
				p->feed.language = xstrdup(e->lang);
			return;
		}
		if (core && strcmp(local, "item") == 0) {
			e->role = ROLE_ITEM;
			item_begin(p);
			return;
		}
	}
	if (up == ROLE_ITEM)
		item = 1;
	else if (up == ROLE_CHANNEL)
		item = 0;
	else
		return;
	if (!core) {
		ext_start(p, ns, local, a, item);
		return;
	}
	switch (local[0]) {
	case 'a':
		if (strcmp(local, "author") == 0)
			cap(p, F_AUTHOR_RSS, MODE_GUESS, item, 0);
		break;
	case 'c':
		if (item && strcmp(local, "category") == 0)
			cap(p, F_CATEGORY, MODE_GUESS, 1, 0);
		break;
	case 'd':
		if (strcmp(local, "description") == 0)
			cap(p, F_SUMMARY, MODE_HTML, item, 0);
		break;
	case 'e':
		if (item && strcmp(local, "enclosure") == 0) {
			const char *url;
			char *type, *length;

			if ((url = attr_get(a, NS_NONE, "url", &len)) == NULL)
				break;
			type = attr_dup(a, NS_NONE, "type");
			length = attr_dup(a, NS_NONE, "length");
			add_enclosure(p, url, len, type, length);
			free(type);
			free(length);
		}
		break;
	case 'g':
		if (item && strcmp(local, "guid") == 0) {
			cap(p, F_ID, MODE_TEXT, 1, 0);
			p->cap_permalink = !attr_is(a, NS_NONE, "isPermaLink",
			    "false");
		}
		break;
	case 'i':
		/* Atom elements without their namespace, as some feeds mix */
		if (item && strcmp(local, "id") == 0)
			cap(p, F_ID, MODE_TEXT, 1, 1);
		break;
	case 'u':
		if (strcmp(local, "updated") == 0)
			cap(p, F_UPDATED, MODE_TEXT, item, 1);
		break;
	case 'l':
		if (strcmp(local, "link") == 0 && attr_get(a, NS_NONE, "href",
		    &len) != NULL)
			add_link(p, a, item);
		else if (strcmp(local, "link") == 0)
			cap(p, F_LINK, MODE_TEXT, item, 0);
		else if (!item && strcmp(local, "language") == 0)
			cap(p, F_LANGUAGE, MODE_TEXT, 0, 0);
		else if (!item && strcmp(local, "lastBuildDate") == 0)
			cap(p, F_UPDATED, MODE_TEXT, 0, 0);
		break;
	case 'p':
		if (strcmp(local, "pubDate") == 0)
			cap(p, item ? F_PUBLISHED : F_FEED_PUBDATE, MODE_TEXT,
			    item, 0);
		break;
	case 't':
		if (strcmp(local, "title") == 0)
			cap(p, F_TITLE, MODE_GUESS, item, 0);
		else if (!item && strcmp(local, "ttl") == 0)
			cap(p, F_TTL, MODE_TEXT, 0, 0);
		break;
	}
}
