/*
 * The feed and item model: lifetimes and identity.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/feed.h"
#include "tidende/hash.h"
#include "tidende/xmalloc.h"

const char *
feed_format_name(enum feed_format f)
{
	switch (f) {
	case FEED_FORMAT_RSS20:		return "rss-2.0";
	case FEED_FORMAT_RSS10:		return "rss-1.0";
	case FEED_FORMAT_RSS09X:	return "rss-0.9x";
	case FEED_FORMAT_ATOM10:	return "atom-1.0";
	case FEED_FORMAT_ATOM03:	return "atom-0.3";
	case FEED_FORMAT_JSONFEED:	return "json-feed-1.x";
	default:			return NULL;
	}
}

void
feed_item_init(struct item *it)
{
	memset(it, 0, sizeof *it);
	it->published = it->updated = FEED_NO_DATE;
}

void
feed_item_free(struct item *it)
{
	size_t i;

	free(it->id);
	free(it->title);
	free(it->link);
	free(it->author);
	free(it->summary);
	free(it->content);
	free(it->language);
	for (i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	for (i = 0; i < it->nenclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	feed_item_init(it);
}

void
feed_item_add_category(struct item *it, const char *c)
{
	size_t i;

	for (i = 0; i < it->ncategories; i++)
		if (strcmp(it->categories[i], c) == 0)
			return;
	it->categories = xreallocarray(it->categories, it->ncategories + 1,
	    sizeof *it->categories);
	it->categories[it->ncategories++] = xstrdup(c);
}

void
feed_item_add_enclosure(struct item *it, const char *url, const char *type,
    int64_t length)
{
	struct enclosure *e;
	size_t i;

	for (i = 0; i < it->nenclosures; i++)
		if (strcmp(it->enclosures[i].url, url) == 0)
			return;
	it->enclosures = xreallocarray(it->enclosures, it->nenclosures + 1,
	    sizeof *it->enclosures);
	e = &it->enclosures[it->nenclosures++];
	e->url = xstrdup(url);
	e->type = xstrdup0(type);
	e->length = length;
}

void
feed_item_ensure_id(struct item *it)
{
	uint64_t h = HASH_FNV1A_INIT;	/* stable across runs and platforms */
	char date[32];

	if (it->id != NULL && it->id[0] != '\0')
		return;
	free(it->id);
	if (it->link != NULL && it->link[0] != '\0') {
		it->id = xstrdup(it->link);
		return;
	}
	snprintf(date, sizeof date, "%" PRId64, it->published != FEED_NO_DATE ?
	    it->published : it->updated);
	h = hash_fnv1a_str(h, it->title);
	h = hash_fnv1a_str(h, "\x1f");
	h = hash_fnv1a_str(h, date);
	h = hash_fnv1a_str(h, "\x1f");
	h = hash_fnv1a_str(h, it->summary != NULL ? it->summary : it->content);
	it->id = xasprintf("tidende:%016" PRIx64, h);
}

void
feed_parsed_init(struct parsed_feed *pf)
{
	memset(pf, 0, sizeof *pf);
	pf->updated = FEED_NO_DATE;
}

void
feed_parsed_free(struct parsed_feed *pf)
{
	size_t i;

	free(pf->title);
	free(pf->link);
	free(pf->description);
	free(pf->language);
	for (i = 0; i < pf->nitems; i++)
		feed_item_free(&pf->items[i]);
	free(pf->items);
	feed_parsed_init(pf);
}

void
feed_parsed_add_item(struct parsed_feed *pf, struct item *it)
{
	if (pf->nitems == pf->items_cap) {
		pf->items_cap = pf->items_cap ? pf->items_cap * 2 : 16;
		pf->items = xreallocarray(pf->items, pf->items_cap,
		    sizeof *pf->items);
	}
	pf->items[pf->nitems++] = *it;
	feed_item_init(it);
}
