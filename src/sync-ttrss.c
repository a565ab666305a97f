/*
 * The Tiny Tiny RSS backend (API level 15, JSON POSTs to BASE/api/): the
 * request bodies and the reading of the replies, nothing of the cache.
 * Facts it relies on (tests/sync/ttrss-harness-test.sh proves them on the
 * real server): a session is tied to the User-Agent; login answers
 * LOGIN_ERROR or API_DISABLED with status 1; updateArticle takes
 * comma-separated numeric ids (a non-numeric one is an HTTP 500), field 0
 * starred / 2 unread, mode 0 off / 1 on, and an unknown id is no error;
 * getHeadlines gives at most 200 a call, since_id returns only ids above
 * it, and skip pages a fixed query; titles come with tags stripped but
 * not escaped (they are read by the feed cleaner's rules all the same).
 * Every reply is hostile: parsed with a depth limit from a capped body,
 * and every string cleaned before it is handed on.
 */
#include <json-c/json.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sync-private.h"
#include "tidende/buf.h"
#include "tidende/html-text.h"
#include "tidende/i18n.h"
#include "tidende/json.h"
#include "tidende/log.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define TTRSS_PAGE		200	/* the most getHeadlines gives */
#define TTRSS_JSON_DEPTH	32
#define TTRSS_MAX_ID_LEN	20	/* digits of a 64-bit id */
#define TTRSS_MAX_SID		256

struct ttrss {
	char		*url;		/* the install's base URL, for messages */
	char		*api;		/* BASE/api/ */
	char		*user;
	char		*sid;
	long long	 max_id;	/* highest article id seen this sync */
	long long	 since;
	/* getCategories' answer, for getFeeds */
	long long	*cat_ids;
	char		**cat_titles;
	size_t		 ncats;
	int		 cats_loaded;	/* for subscribe: getCategories done */
	/* ttrss_reply(): an error answer of the server ends no step */
	int		 soft;
	int		 soft_failed;	/* and there was one */
	/* the feed subscribe is working on */
	char		*sub_url;
	char		*sub_folder;
};

/* ------------------------------------------------------------ helpers */

static void
ttrss_cats_clear(struct ttrss *t)
{
	size_t i;

	for (i = 0; i < t->ncats; i++)
		free(t->cat_titles[i]);
	free(t->cat_ids);
	free(t->cat_titles);
	t->cat_ids = NULL;
	t->cat_titles = NULL;
	t->ncats = 0;
}

static void *
ttrss_open(const char *url, const char *user)
{
	struct ttrss *t = xcalloc(1, sizeof *t);
	size_t len = strlen(url);

	t->url = xstrdup(url);
	t->api = xasprintf("%s%sapi/", url,
	    len > 0 && url[len - 1] == '/' ? "" : "/");
	t->user = xstrdup(user);
	return t;
}

static void
ttrss_close(void *arg)
{
	struct ttrss *t = arg;

	free(t->url);
	free(t->api);
	free(t->user);
	free(t->sid);
	free(t->sub_url);
	free(t->sub_folder);
	ttrss_cats_clear(t);
	free(t);
}

/* A string of a reply as one clean line (tags and references read), or NULL. */
static char *
ttrss_text(json_object *o, const char *key)
{
	json_object *v;
	const char *s;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	return html_text_line(s, (size_t)json_object_get_string_len(v));
}

/* A URL of a reply: no control characters or spaces, else NULL. */
static char *
ttrss_url(json_object *o, const char *key)
{
	json_object *v;
	const unsigned char *p;
	const char *s;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	if (*s == '\0' || strlen(s) > 4096)
		return NULL;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return NULL;
	return utf8_clean(s, strlen(s), 0);
}

/* An id of a reply (a number, or a string of digits) as text; 0: none. */
static int
ttrss_id(json_object *o, const char *key, char *out, size_t outlen,
    long long *num)
{
	json_object *v;
	const char *s;
	size_t i, n;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (json_object_is_type(v, json_type_int)) {
		*num = (long long)json_object_get_int64(v);
		snprintf(out, outlen, "%lld", *num);
		return 1;
	}
	if (!json_object_is_type(v, json_type_string))
		return 0;
	s = json_object_get_string(v);
	n = strlen(s);
	if (n == 0 || n > TTRSS_MAX_ID_LEN || n >= outlen)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	memcpy(out, s, n + 1);
	*num = strtoll(s, NULL, 10);
	return 1;
}

static int
ttrss_bool(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) &&
	    json_object_get_boolean(v);
}

static int
ttrss_numeric(const char *s)
{
	size_t i;

	if (*s == '\0' || strlen(s) > TTRSS_MAX_ID_LEN)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* ------------------------------------------------------------ requests */

/* Start {"op":OP,"sid":SID ... in b; the caller adds fields and "}". */
static void
ttrss_begin(struct ttrss *t, struct buf *b, const char *op)
{
	buf_init(b);
	buf_adds(b, "{\"op\":");
	json_add_string(b, op);
	if (t->sid != NULL) {
		buf_adds(b, ",\"sid\":");
		json_add_string(b, t->sid);
	}
}

static void
ttrss_send(struct sync *s, struct buf *b,
    void (*cb)(struct sync *, const char *, size_t))
{
	struct ttrss *t = sync_backend_data(s);

	buf_addc(b, '}');
	sync_http(s, t->api, "application/json", b->s, b->len, cb);
	/* the body may hold the password: fetch has its own copy */
	explicit_bzero(b->s, b->len);
	buf_free(b);
}

/*
 * Parse a reply; its content on success (the caller puts *root).  On
 * any failure the step is ended here and NULL returned: the caller must
 * return at once without touching s.
 */
static json_object *
ttrss_reply(struct sync *s, const char *reply, size_t len, json_object **root)
{
	struct ttrss *t = sync_backend_data(s);
	json_tokener *tok;
	json_object *status, *content, *err;
	const char *e;
	char *clean;

	*root = NULL;
	if (len > INT_MAX) {
		sync_step_fail(s, SYNC_ERROR, _("%s: reply too big"), t->url);
		return NULL;
	}
	if ((tok = json_tokener_new_ex(TTRSS_JSON_DEPTH)) == NULL)
		fatalx("json_tokener_new_ex");
	*root = json_tokener_parse_ex(tok, reply, (int)len);
	if (*root == NULL ||
	    json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(*root, json_type_object) ||
	    !json_object_object_get_ex(*root, "status", &status) ||
	    !json_object_object_get_ex(*root, "content", &content)) {
		json_tokener_free(tok);
		json_object_put(*root);
		*root = NULL;
		sync_step_fail(s, SYNC_ERROR, _("%s: not a Tiny Tiny RSS API "
		    "reply (is sync-url the tt-rss base URL?)"), t->url);
		return NULL;
	}
	json_tokener_free(tok);
	if (json_object_get_int(status) == 0)
		return content;
	e = _("unknown error");
	if (json_object_is_type(content, json_type_object) &&
	    json_object_object_get_ex(content, "error", &err) &&
	    json_object_is_type(err, json_type_string))
		e = json_object_get_string(err);
	clean = utf8_clean(e, strlen(e), UTF8_COLLAPSE_SPACE);
	if (strlen(clean) > 200)
		clean[200] = '\0';
	json_object_put(*root);
	*root = NULL;
	if (strcmp(clean, "NOT_LOGGED_IN") == 0)
		sync_step_relogin(s);
	else if (t->soft) {
		log_debug("sync: %s: the server said %s", t->url, clean);
		t->soft_failed = 1;
	}
	else if (strcmp(clean, "LOGIN_ERROR") == 0)
		sync_step_fail(s, SYNC_REFUSED, _("%s refused the login of "
		    "%s: wrong user name or password"), t->url, t->user);
	else if (strcmp(clean, "API_DISABLED") == 0)
		sync_step_fail(s, SYNC_REFUSED, _("%s: API access is off for "
		    "%s; enable \"API access\" in tt-rss's Preferences "
		    "(General)"),
		    t->url, t->user);
	else
		sync_step_fail(s, SYNC_ERROR, _("%s: the server said %s"), t->url,
		    clean);
	free(clean);
	return NULL;
}

/* ttrss_reply() whose content must be a list (the reply to op). */
static json_object *
ttrss_reply_list(struct sync *s, const char *reply, size_t len,
    json_object **root, const char *op)
{
	struct ttrss *t = sync_backend_data(s);
	json_object *content;

	if ((content = ttrss_reply(s, reply, len, root)) == NULL)
		return NULL;
	if (!json_object_is_type(content, json_type_array)) {
		json_object_put(*root);
		*root = NULL;
		sync_step_fail(s, SYNC_ERROR, _("%s: %s gave no list"), t->url,
		    op);
		return NULL;
	}
	return content;
}

/* --------------------------------------------------------------- login */

static void
ttrss_login_reply(struct sync *s, const char *reply, size_t len)
{
	struct ttrss *t = sync_backend_data(s);
	json_object *root, *content, *sid;
	const char *v;
	size_t i, n;

	if ((content = ttrss_reply(s, reply, len, &root)) == NULL)
		return;
	if (!json_object_object_get_ex(content, "session_id", &sid) ||
	    !json_object_is_type(sid, json_type_string) ||
	    (n = strlen(v = json_object_get_string(sid))) == 0 ||
	    n > TTRSS_MAX_SID) {
		json_object_put(root);
		sync_step_fail(s, SYNC_ERROR, _("%s: login gave no session"),
		    t->url);
		return;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] <= 0x20 || v[i] == '"' ||
		    v[i] == '\\' || (unsigned char)v[i] >= 0x7f) {
			json_object_put(root);
			sync_step_fail(s, SYNC_ERROR, _("%s: login gave a bad "
			    "session id"), t->url);
			return;
		}
	free(t->sid);
	t->sid = xstrdup(v);
	json_object_put(root);
	sync_step_done(s, 0);
}

static void
ttrss_login(struct sync *s, const char *password)
{
	struct ttrss *t = sync_backend_data(s);
	struct buf b;

	free(t->sid);
	t->sid = NULL;
	ttrss_begin(t, &b, "login");
	buf_adds(&b, ",\"user\":");
	json_add_string(&b, t->user);
	buf_adds(&b, ",\"password\":");
	json_add_string(&b, password);
	ttrss_send(s, &b, ttrss_login_reply);
}

/* ---------------------------------------------------------------- push */

static void
ttrss_push_reply(struct sync *s, const char *reply, size_t len)
{
	json_object *root;

	if (ttrss_reply(s, reply, len, &root) == NULL)
		return;
	json_object_put(root);
	sync_step_done(s, 0);
}

static void
ttrss_push(struct sync *s, enum db_sync_op op, char *const *ids, size_t n)
{
	struct ttrss *t = sync_backend_data(s);
	struct buf b, list;
	int mode, field;
	size_t i, sent = 0;

	switch (op) {
	case DB_SYNC_READ:
		field = 2, mode = 0;
		break;
	case DB_SYNC_UNREAD:
		field = 2, mode = 1;
		break;
	case DB_SYNC_STAR:
		field = 0, mode = 1;
		break;
	default:
		field = 0, mode = 0;
		break;
	}
	buf_init(&list);
	for (i = 0; i < n; i++) {
		/* tt-rss answers a non-numeric id with an HTTP 500 */
		if (!ttrss_numeric(ids[i])) {
			sync_reject_id(s, ids[i]);
			continue;
		}
		if (sent++ > 0)
			buf_addc(&list, ',');
		buf_adds(&list, ids[i]);
	}
	if (sent == 0) {
		buf_free(&list);
		sync_step_done(s, 0);
		return;
	}
	ttrss_begin(t, &b, "updateArticle");
	buf_adds(&b, ",\"article_ids\":");
	json_add_string(&b, list.s);
	buf_printf(&b, ",\"mode\":%d,\"field\":%d", mode, field);
	buf_free(&list);
	ttrss_send(s, &b, ttrss_push_reply);
}

/* --------------------------------------------------------------- feeds */

static const char *
ttrss_cat_title(struct ttrss *t, long long id)
{
	size_t i;

	if (id <= 0)
		return NULL;	/* uncategorized and the virtual ones */
	for (i = 0; i < t->ncats; i++)
		if (t->cat_ids[i] == id)
			return t->cat_titles[i];
	return NULL;
}

static void
ttrss_feeds_reply(struct sync *s, const char *reply, size_t len)
{
	struct ttrss *t = sync_backend_data(s);
	struct sync_feed_info fi;
	json_object *root, *content, *f, *cat;
	char id[32], *url, *title;
	long long num;
	size_t i, n;

	if ((content = ttrss_reply_list(s, reply, len, &root,
	    "getFeeds")) == NULL)
		return;
	n = json_object_array_length(content);
	for (i = 0; i < n; i++) {
		f = json_object_array_get_idx(content, i);
		if (!json_object_is_type(f, json_type_object) ||
		    !ttrss_id(f, "id", id, sizeof id, &num) || num <= 0 ||
		    (url = ttrss_url(f, "feed_url")) == NULL)
			continue;
		title = ttrss_text(f, "title");
		memset(&fi, 0, sizeof fi);
		fi.id = id;
		fi.url = url;
		fi.title = title != NULL && *title != '\0' ? title : NULL;
		if (json_object_object_get_ex(f, "cat_id", &cat))
			fi.category = ttrss_cat_title(t,
			    (long long)json_object_get_int64(cat));
		sync_add_feed(s, &fi);
		free(url);
		free(title);
	}
	json_object_put(root);
	ttrss_cats_clear(t);
	sync_step_done(s, 0);
}

/* Keep getCategories' answer (content) in t. */
static void
ttrss_cats_read(struct ttrss *t, json_object *content)
{
	json_object *c;
	char id[32], *title;
	long long num;
	size_t i, n;

	ttrss_cats_clear(t);
	n = json_object_is_type(content, json_type_array) ?
	    json_object_array_length(content) : 0;
	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(content, i);
		if (!json_object_is_type(c, json_type_object) ||
		    !ttrss_id(c, "id", id, sizeof id, &num) || num <= 0 ||
		    (title = ttrss_text(c, "title")) == NULL)
			continue;
		if (*title == '\0') {
			free(title);
			continue;
		}
		t->cat_ids = xreallocarray(t->cat_ids, t->ncats + 1,
		    sizeof *t->cat_ids);
		t->cat_titles = xreallocarray(t->cat_titles, t->ncats + 1,
		    sizeof *t->cat_titles);
		t->cat_ids[t->ncats] = num;
		t->cat_titles[t->ncats] = title;
		t->ncats++;
	}
}

static void
ttrss_cats_reply(struct sync *s, const char *reply, size_t len)
{
	struct ttrss *t = sync_backend_data(s);
	json_object *root, *content;
	struct buf b;

	if ((content = ttrss_reply(s, reply, len, &root)) == NULL)
		return;
	ttrss_cats_read(t, content);
	json_object_put(root);
	/* every feed, categorized or not (-3: all but the virtual ones) */
	ttrss_begin(t, &b, "getFeeds");
	buf_adds(&b, ",\"cat_id\":-3");
	ttrss_send(s, &b, ttrss_feeds_reply);
}

static void
ttrss_feeds(struct sync *s)
{
	struct ttrss *t = sync_backend_data(s);
	struct buf b;

	ttrss_begin(t, &b, "getCategories");
	buf_adds(&b, ",\"include_empty\":true");
	ttrss_send(s, &b, ttrss_cats_reply);
}

/* ------------------------------------------------------------ articles */

static void
ttrss_items_reply(struct sync *s, const char *reply, size_t len)
{
	struct ttrss *t = sync_backend_data(s);
	json_object *root, *content, *h, *v;
	struct item it;
	char id[32], feed[32], cursor[32];
	long long num, fnum;
	size_t i, n;
	int more;

	if ((content = ttrss_reply_list(s, reply, len, &root,
	    "getHeadlines")) == NULL)
		return;
	n = json_object_array_length(content);
	for (i = 0; i < n; i++) {
		h = json_object_array_get_idx(content, i);
		if (!json_object_is_type(h, json_type_object) ||
		    !ttrss_id(h, "id", id, sizeof id, &num) || num <= 0) {
			sync_add_article(s, NULL, NULL, NULL, 0, 0);
			continue;
		}
		if (num > t->max_id)
			t->max_id = num;
		if (!ttrss_id(h, "feed_id", feed, sizeof feed, &fnum)) {
			sync_add_article(s, NULL, NULL, NULL, 0, 0);
			continue;
		}
		feed_item_init(&it);
		it.id = ttrss_text(h, "guid");
		if (it.id == NULL || *it.id == '\0') {
			free(it.id);
			it.id = xasprintf("ttrss:%s", id);
		}
		it.title = ttrss_text(h, "title");
		it.link = ttrss_url(h, "link");
		it.author = ttrss_text(h, "author");
		if (json_object_object_get_ex(h, "updated", &v) &&
		    json_object_is_type(v, json_type_int) &&
		    json_object_get_int64(v) > 0)
			it.published = it.updated = json_object_get_int64(v);
		if (json_object_object_get_ex(h, "content", &v) &&
		    json_object_is_type(v, json_type_string))
			/* HTML: the store cleans it as a fetched feed's */
			it.content = xstrdup(json_object_get_string(v));
		sync_add_article(s, id, feed, &it, ttrss_bool(h, "unread"),
		    ttrss_bool(h, "marked"));
		feed_item_free(&it);
	}
	json_object_put(root);
	more = n >= TTRSS_PAGE;
	if (!more && t->max_id > t->since) {
		snprintf(cursor, sizeof cursor, "%lld", t->max_id);
		sync_set_cursor(s, cursor);
	}
	sync_step_done(s, more);
}

static void
ttrss_items(struct sync *s, const char *cursor, size_t skip)
{
	struct ttrss *t = sync_backend_data(s);
	struct buf b;

	t->since = cursor != NULL && ttrss_numeric(cursor) ?
	    strtoll(cursor, NULL, 10) : 0;
	if (skip == 0)
		t->max_id = t->since;
	ttrss_begin(t, &b, "getHeadlines");
	/*
	 * -4: all articles; oldest first, so that articles arriving while
	 * this pages go to the end instead of moving the pages' start.
	 */
	buf_printf(&b, ",\"feed_id\":-4,\"view_mode\":\"all_articles\","
	    "\"show_content\":true,\"limit\":%d,\"skip\":%zu,"
	    "\"since_id\":%lld,\"order_by\":\"date_reverse\"",
	    TTRSS_PAGE, skip, t->since);
	ttrss_send(s, &b, ttrss_items_reply);
}

/* --------------------------------------------------------------- state */

static void
ttrss_state_reply(struct sync *s, const char *reply, size_t len)
{
	json_object *root, *content, *h;
	char id[32];
	long long num;
	size_t i, n;

	if ((content = ttrss_reply_list(s, reply, len, &root,
	    "getHeadlines")) == NULL)
		return;
	n = json_object_array_length(content);
	for (i = 0; i < n; i++) {
		h = json_object_array_get_idx(content, i);
		if (json_object_is_type(h, json_type_object) &&
		    ttrss_id(h, "id", id, sizeof id, &num) && num > 0)
			sync_add_id(s, id);
		else
			sync_add_id(s, "0");
	}
	json_object_put(root);
	sync_step_done(s, n >= TTRSS_PAGE);
}

static void
ttrss_state(struct sync *s, enum db_sync_field field, size_t skip)
{
	struct ttrss *t = sync_backend_data(s);
	struct buf b;

	ttrss_begin(t, &b, "getHeadlines");
	/* -4 unread: every unread article; -1: the starred ones */
	buf_printf(&b, ",\"feed_id\":%d,\"view_mode\":\"%s\","
	    "\"show_content\":false,\"limit\":%d,\"skip\":%zu,"
	    "\"order_by\":\"date_reverse\"",
	    field == DB_SYNC_FIELD_UNREAD ? -4 : -1,
	    field == DB_SYNC_FIELD_UNREAD ? "unread" : "all_articles",
	    TTRSS_PAGE, skip);
	ttrss_send(s, &b, ttrss_state_reply);
}

/* -------------------------------------------------------------- counts */

/* A number of a reply (int, or a string of digits), or -1. */
static long long
ttrss_count(json_object *o, const char *key)
{
	char buf[32];
	long long n;

	if (!ttrss_id(o, key, buf, sizeof buf, &n) || n < 0)
		return -1;
	return n;
}

/*
 * getCounters: "global-unread" is every unread article, and the virtual
 * feed -1's auxcounter every starred one (categories come as kind "cat",
 * and one of them has id -1 too).  API level 15 has no call for the ids
 * alone; the counts let the engine skip an empty set and ask for the
 * pages of the others at once.
 */
static void
ttrss_counts_reply(struct sync *s, const char *reply, size_t len)
{
	struct ttrss *t = sync_backend_data(s);
	json_object *root, *content, *c, *id, *kind;
	long long unread = -1, starred = -1;
	size_t i, n;

	/* a server without getCounters (UNKNOWN_METHOD): counts unknown */
	t->soft = 1;
	t->soft_failed = 0;
	content = ttrss_reply(s, reply, len, &root);
	t->soft = 0;
	if (content == NULL && !t->soft_failed)
		return;
	n = content != NULL && json_object_is_type(content, json_type_array) ?
	    json_object_array_length(content) : 0;
	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(content, i);
		if (!json_object_is_type(c, json_type_object) ||
		    !json_object_object_get_ex(c, "id", &id) ||
		    json_object_object_get_ex(c, "kind", &kind))
			continue;
		if (json_object_is_type(id, json_type_string) &&
		    strcmp(json_object_get_string(id), "global-unread") == 0)
			unread = ttrss_count(c, "counter");
		else if (json_object_is_type(id, json_type_int) &&
		    json_object_get_int64(id) == -1)
			starred = ttrss_count(c, "auxcounter");
	}
	json_object_put(root);
	sync_set_counts(s, unread, starred);
	sync_step_done(s, 0);
}

static void
ttrss_counts(struct sync *s)
{
	struct ttrss *t = sync_backend_data(s);
	struct buf b;

	ttrss_begin(t, &b, "getCounters");
	ttrss_send(s, &b, ttrss_counts_reply);
}

/* ----------------------------------------------------------- subscribe */

/*
 * subscribeToFeed's status codes (tt-rss Feeds::_subscribe): 0 already
 * subscribed, 1 added, 2 invalid URL, 3 a page without feeds, 4 a page
 * with several, 5 cannot download, others an error.
 */
static void
ttrss_subscribe_reply(struct sync *s, const char *reply, size_t len)
{
	struct ttrss *t = sync_backend_data(s);
	json_object *root, *content, *st, *code;
	const char *why;
	int c = -1;

	if ((content = ttrss_reply(s, reply, len, &root)) == NULL)
		return;
	if (json_object_is_type(content, json_type_object) &&
	    json_object_object_get_ex(content, "status", &st) &&
	    json_object_is_type(st, json_type_object) &&
	    json_object_object_get_ex(st, "code", &code) &&
	    json_object_is_type(code, json_type_int))
		c = json_object_get_int(code);
	json_object_put(root);
	switch (c) {
	case 0:
	case 1:
		sync_subscribed(s, c == 1 ? SYNC_SUB_ADDED : SYNC_SUB_KNOWN,
		    t->sub_folder != NULL, NULL);
		sync_step_done(s, 0);
		return;
	case 2:
		why = _("the server calls the URL invalid");
		break;
	case 3:
		why = _("the server found a web page without a feed");
		break;
	case 4:
		why = _("the server found a web page with several feeds");
		break;
	case 5:
		why = _("the server could not download it");
		break;
	default:
		why = _("the server could not subscribe to it");
		break;
	}
	sync_subscribed(s, SYNC_SUB_FAILED, 0, why);
	sync_step_done(s, 0);
}

/* Send subscribeToFeed for t->sub_url into the folder's category, if any. */
static void
ttrss_subscribe_send(struct sync *s)
{
	struct ttrss *t = sync_backend_data(s);
	long long cat = 0;
	size_t i;
	struct buf b;

	if (t->sub_folder != NULL) {
		for (i = 0; i < t->ncats; i++)
			if (strcmp(t->cat_titles[i], t->sub_folder) == 0) {
				cat = t->cat_ids[i];
				break;
			}
		if (cat == 0) {
			free(t->sub_folder);
			t->sub_folder = NULL;	/* uncategorized */
		}
	}
	ttrss_begin(t, &b, "subscribeToFeed");
	buf_adds(&b, ",\"feed_url\":");
	json_add_string(&b, t->sub_url);
	buf_printf(&b, ",\"category_id\":%lld", cat);
	ttrss_send(s, &b, ttrss_subscribe_reply);
}

static void
ttrss_subscribe_cats_reply(struct sync *s, const char *reply, size_t len)
{
	struct ttrss *t = sync_backend_data(s);
	json_object *root, *content;

	if ((content = ttrss_reply(s, reply, len, &root)) == NULL)
		return;
	ttrss_cats_read(t, content);
	t->cats_loaded = 1;
	json_object_put(root);
	ttrss_subscribe_send(s);
}

static void
ttrss_subscribe(struct sync *s, const char *url, const char *folder)
{
	struct ttrss *t = sync_backend_data(s);
	struct buf b;

	free(t->sub_url);
	free(t->sub_folder);
	t->sub_url = xstrdup(url);
	t->sub_folder = xstrdup0(folder);
	if (t->cats_loaded) {
		ttrss_subscribe_send(s);
		return;
	}
	/* the categories once a run, to match folders against */
	ttrss_begin(t, &b, "getCategories");
	buf_adds(&b, ",\"include_empty\":true");
	ttrss_send(s, &b, ttrss_subscribe_cats_reply);
}

const struct sync_backend sync_ttrss_backend = {
	.name = "ttrss",
	.open = ttrss_open,
	.close = ttrss_close,
	.login = ttrss_login,
	.push = ttrss_push,
	.feeds = ttrss_feeds,
	.items = ttrss_items,
	.state = ttrss_state,
	.subscribe = ttrss_subscribe,
	.page = TTRSS_PAGE,
	.counts = ttrss_counts,
};
