/*
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) with json-c:
 * the document is read whole, then items go to the callback in order.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "tidende/date.h"
#include "tidende/feed.h"
#include "tidende/i18n.h"
#include "tidende/url.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#include "parse-formats.h"

static const char *
jstr(json_object *o, const char *key)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static char *
plain(const char *s)
{
	char *t;

	if (s == NULL)
		return NULL;
	t = parse_text_plain(s, strlen(s));
	if (*t == '\0') {
		free(t);
		return NULL;
	}
	return t;
}

static char *
markup(const char *s)
{
	if (s == NULL || *s == '\0')
		return NULL;
	return utf8_clean(s, strlen(s), UTF8_KEEP_NEWLINES);
}

static char *
link_of(struct pstate *p, const char *s)
{
	char *c, *r;

	if ((c = plain(s)) == NULL)
		return NULL;
	r = url_resolve(p->base_url, c);
	free(c);
	return r;
}

static char *
author_of(json_object *o)
{
	json_object *a, *first;

	if (json_object_object_get_ex(o, "authors", &a) &&
	    json_object_is_type(a, json_type_array) &&
	    json_object_array_length(a) > 0) {
		first = json_object_array_get_idx(a, 0);
		return plain(jstr(first, "name"));
	}
	if (json_object_object_get_ex(o, "author", &a) &&
	    json_object_is_type(a, json_type_object))
		return plain(jstr(a, "name"));
	return NULL;
}

static void
json_item(struct pstate *p, json_object *o)
{
	struct item *it = &p->item;
	json_object *v, *e;
	size_t i, n;
	const char *s;

	feed_item_free(it);
	if (json_object_object_get_ex(o, "id", &v)) {
		if (json_object_is_type(v, json_type_string) ||
		    json_object_is_type(v, json_type_int) ||
		    json_object_is_type(v, json_type_double))
			it->id = plain(json_object_get_string(v));
	}
	it->link = link_of(p, jstr(o, "url"));
	if (it->link == NULL)
		it->link = link_of(p, jstr(o, "external_url"));
	it->title = plain(jstr(o, "title"));
	it->summary = markup(jstr(o, "summary"));
	if ((s = jstr(o, "content_html")) != NULL)
		it->content = markup(s);
	else if ((s = jstr(o, "content_text")) != NULL)
		it->content = markup(s);
	if (it->title == NULL && it->summary == NULL && (s = jstr(o,
	    "content_text")) != NULL && strlen(s) < 100)
		it->title = plain(s);
	it->published = date_parse(jstr(o, "date_published"));
	it->updated = date_parse(jstr(o, "date_modified"));
	it->author = author_of(o);
	if (it->author == NULL && p->feed_author != NULL)
		it->author = xstrdup(p->feed_author);
	if ((s = jstr(o, "language")) != NULL)
		it->language = plain(s);
	if (json_object_object_get_ex(o, "tags", &v) &&
	    json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n && it->ncategories < PARSE_MAX_CATEGORIES;
		    i++) {
			char *c;

			e = json_object_array_get_idx(v, i);
			if (!json_object_is_type(e, json_type_string))
				continue;
			if ((c = plain(json_object_get_string(e))) != NULL)
				feed_item_add_category(it, c);
			free(c);
		}
	}
	if (json_object_object_get_ex(o, "attachments", &v) &&
	    json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n && it->nenclosures < PARSE_MAX_ENCLOSURES;
		    i++) {
			json_object *sz;
			char *u, *t;
			int64_t len = -1;

			e = json_object_array_get_idx(v, i);
			if ((u = link_of(p, jstr(e, "url"))) == NULL)
				continue;
			if (json_object_object_get_ex(e, "size_in_bytes", &sz) &&
			    (json_object_is_type(sz, json_type_int) ||
			    json_object_is_type(sz, json_type_double)))
				len = json_object_get_int64(sz);
			t = plain(jstr(e, "mime_type"));
			feed_item_add_enclosure(it, u, t, len);
			free(u);
			free(t);
		}
	}
	/* parse_core_item_end() finishes id and dates and hands the item over */
	p->item_depth = 1;
	parse_core_item_end(p);
}

static enum status
json_feed(struct pstate *p, const char *buf, size_t len)
{
	json_tokener *tok;
	json_object *root, *items, *o;
	const char *version;
	size_t i, n;

	tok = json_tokener_new_ex(64);
	if (tok == NULL)
		fatal("json_tokener_new");
	root = json_tokener_parse_ex(tok, buf, (int)len);
	if (root == NULL || json_tokener_get_error(tok) != json_tokener_success) {
		p->cause = xasprintf(_("not valid JSON (%s), not a feed"),
		    json_tokener_error_desc(json_tokener_get_error(tok)));
		p->fatal = 1;
		json_tokener_free(tok);
		json_object_put(root);
		return STATUS_NOT_FEED;
	}
	json_tokener_free(tok);
	version = jstr(root, "version");
	if (!json_object_is_type(root, json_type_object) || version == NULL ||
	    strstr(version, "jsonfeed.org/version/1") == NULL) {
		p->cause = xstrdup(_("JSON, but not a JSON Feed (no "
		    "jsonfeed.org version), not a feed"));
		p->fatal = 1;
		json_object_put(root);
		return STATUS_NOT_FEED;
	}
	p->format = FEED_FORMAT_JSONFEED;
	p->feed.format = FEED_FORMAT_JSONFEED;
	p->feed.title = plain(jstr(root, "title"));
	p->feed.link = link_of(p, jstr(root, "home_page_url"));
	p->feed.description = plain(jstr(root, "description"));
	p->feed.language = plain(jstr(root, "language"));
	p->feed_author = author_of(root);
	if (json_object_object_get_ex(root, "items", &items) &&
	    json_object_is_type(items, json_type_array)) {
		n = json_object_array_length(items);
		for (i = 0; i < n; i++) {
			o = json_object_array_get_idx(items, i);
			if (json_object_is_type(o, json_type_object))
				json_item(p, o);
		}
	}
	json_object_put(root);
	return STATUS_OK;
}

const struct parse_format parse_json_format = {
	.name = "JSON Feed",
	.whole = json_feed,
};
