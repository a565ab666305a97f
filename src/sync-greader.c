/*
 * The Google Reader API backend (FreshRSS, Miniflux, Inoreader, The Old
 * Reader, BazQux): the requests and the reading of the replies, nothing
 * of the cache.  sync-url is the API base: ClientLogin is BASE/accounts/
 * and the API BASE/reader/api/0/.
 *
 * A sync: ClientLogin (form Email, Passwd; the reply's Auth= line goes
 * into every later call as "Authorization: GoogleLogin auth=...");
 * edit-tag writes, each with T= from reader/api/0/token (fetched before
 * the first write; a write answered 401, 403 or 400 fetches a new one
 * once and is sent again; when the token call itself is refused, or the
 * write is refused again, the session is gone: log in again); then
 * subscription/list (labels become tags); then three id lists from
 * stream/items/ids, each paged by its continuation: the reading list
 * newer than the cursor (ot, a few minutes back), every unread id
 * (reading list minus read, never bounded by ot: old articles are
 * reconciled too) and every starred id; then stream/items/contents,
 * POSTs of many i=, for the ids of those lists the cache lacks.  The
 * unread and starred steps hand the engine the lists already fetched.
 *
 * Why ids then contents and not stream/contents pages: the ids of all
 * three lists are needed anyway to reconcile, they are small (about 60
 * bytes an article), and with them the contents come only for articles
 * not yet cached, so a sync with nothing new fetches no article at all,
 * and an unread or starred article that the ot-bounded listing missed
 * (a server dating by publication, a slow transaction) still arrives.
 *
 * Item ids: servers send the long form (tag:google.com,2005:reader/item/
 * and 16 hex digits), the short form (the same 64-bit number in signed
 * decimal, negative above 2^63), or the long form with decimal digits.
 * All are read into the number; the cache stores 16 lower-case hex
 * digits, and writes send the short form, which every server takes as
 * it gives it in itemRefs.  A long form of 16 decimal digits is read as
 * hex unless the decimal reading is the id asked for.
 *
 * Every reply is hostile: capped by fetch, parsed with a depth limit,
 * each string cleaned (titles read as HTML), ids and continuations
 * checked, lists capped.
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync-private.h"
#include "tidende/buf.h"
#include "tidende/html-text.h"
#include "tidende/log.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define GR_IDS_PAGE	1000	/* itemRefs a call (Inoreader's most) */
#define GR_BATCH	250	/* i= a contents POST (PHP takes 1000 fields) */
#define GR_JSON_DEPTH	32
#define GR_MAX_AUTH	1024
#define GR_MAX_TOKEN	1024
#define GR_MAX_CONT	1024	/* a continuation's bytes */
#define GR_MAX_STREAM	4096	/* a feed's stream id */
#define GR_MAX_IDS	1000000	/* ids of one list */
#define GR_MAX_PAGES	5000	/* pages of one list */
#define GR_CURSOR_BACK	300	/* seconds the new listing reaches back */

#define GR_LONG		"tag:google.com,2005:reader/item/"
#define GR_ST_READ	"user/-/state/com.google/read"
#define GR_ST_STARRED	"user/-/state/com.google/starred"
#define GR_ST_LIST	"user/-/state/com.google/reading-list"
#define GR_FORM		"application/x-www-form-urlencoded"

struct gr_ids {
	uint64_t	*v;
	size_t		 n, cap;
};

enum gr_list { GR_LIST_NEW, GR_LIST_UNREAD, GR_LIST_STARRED };
enum gr_phase { GR_PH_START, GR_PH_LIST, GR_PH_CONTENTS, GR_PH_DONE };

struct greader {
	char		*url;		/* as configured, for messages */
	char		*base;		/* without a trailing slash */
	char		*user;
	char		*auth;		/* the Authorization header line */
	char		*token;
	int		 token_tries;	/* new tokens for the write on the wire */

	/* the write on the wire: path, body without T, what reads it */
	char		*w_path;
	struct buf	 w_body;
	void		(*w_done)(struct sync *, int, const char *, size_t);

	/* push: one id at a time after the server refused a batch */
	enum db_sync_op	 p_op;
	char		**p_ids;	/* the cache's server ids (copies) */
	size_t		 p_n, p_next;
	int		 p_single;

	/* articles */
	enum gr_phase	 phase;
	enum gr_list	 list;
	char		*cont;
	unsigned	 pages;
	int64_t		 since;		/* the cursor read (seconds), 0 none */
	int64_t		 max_usec;	/* newest crawl time listed */
	struct gr_ids	 fresh, unread, starred, want;
	int		 have_sets;
	size_t		 want_pos, batch_n, batch_added;

	/* subscribe */
	char		*sub_url;
	char		*sub_folder;
};

/* ------------------------------------------------------------- ids */

static int
gr_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decimal s[0..len), optionally negative (two's complement); 0: not one. */
static int
gr_decimal(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0, d;
	int neg = 0;
	size_t i = 0;

	if (len > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len || len - i > 20)
		return 0;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		d = (uint64_t)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	if (neg) {
		if (v > (uint64_t)1 << 63)
			return 0;
		v = ~v + 1;
	}
	*out = v;
	return 1;
}

int
sync_greader_id(const char *s, uint64_t *id, uint64_t *alt)
{
	size_t len = strlen(s), plen = sizeof GR_LONG - 1, i;
	uint64_t v = 0, dec;
	int hex = 1, digits = 1;

	if (len > plen && strncmp(s, GR_LONG, plen) == 0) {
		s += plen;
		len -= plen;
		if (len == 16) {
			for (i = 0; i < 16; i++) {
				if (gr_hexval((unsigned char)s[i]) < 0)
					hex = 0;
				if (s[i] < '0' || s[i] > '9')
					digits = 0;
			}
			if (hex) {
				for (i = 0; i < 16; i++)
					v = v << 4 |
					    (uint64_t)gr_hexval((unsigned char)s[i]);
				*id = v;
				if (digits && gr_decimal(s, len, &dec)) {
					*alt = dec;
					return 2;
				}
				return 1;
			}
		}
		/* the long form with decimal digits */
	}
	if (!gr_decimal(s, len, &v))
		return 0;
	*id = v;
	return 1;
}

void
sync_greader_id_stored(uint64_t id, char out[17])
{
	snprintf(out, 17, "%016" PRIx64, id);
}

void
sync_greader_id_short(uint64_t id, char out[24])
{
	if (id > (uint64_t)INT64_MAX)
		snprintf(out, 24, "-%" PRIu64, ~id + 1);
	else
		snprintf(out, 24, "%" PRIu64, id);
}

int
sync_greader_id_from_stored(const char *s, uint64_t *id)
{
	uint64_t v = 0;
	size_t i;
	int d;

	if (strlen(s) != 16)
		return 0;
	for (i = 0; i < 16; i++) {
		if ((d = gr_hexval((unsigned char)s[i])) < 0 ||
		    (s[i] >= 'A' && s[i] <= 'F'))
			return 0;
		v = v << 4 | (uint64_t)d;
	}
	*id = v;
	return 1;
}

static void
gr_ids_add(struct gr_ids *l, uint64_t v)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 256 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = v;
}

static void
gr_ids_free(struct gr_ids *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int
gr_ids_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorted, without duplicates. */
static void
gr_ids_sort(struct gr_ids *l)
{
	size_t i, k = 0;

	if (l->n == 0)
		return;
	qsort(l->v, l->n, sizeof *l->v, gr_ids_cmp);
	for (i = 1; i < l->n; i++)
		if (l->v[i] != l->v[k])
			l->v[++k] = l->v[i];
	l->n = k + 1;
}

static int
gr_ids_has(const struct gr_ids *l, uint64_t v)
{
	return l->n > 0 && bsearch(&v, l->v, l->n, sizeof *l->v,
	    gr_ids_cmp) != NULL;
}

/* ------------------------------------------------------------ replies */

/* Percent-encode s for a form or a query (unreserved bytes stay). */
static void
gr_enc(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~')
			buf_addc(b, (char)*p);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

/* Printable ASCII without space, at most max bytes: a token we send back. */
static int
gr_token_ok(const char *s, size_t len, size_t max)
{
	size_t i;

	if (len == 0 || len > max)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

/* The value of the line starting with key in a text reply, checked. */
static char *
gr_line_value(const char *reply, size_t len, const char *key, size_t max)
{
	size_t klen = strlen(key), i = 0, e;

	while (i < len) {
		e = i;
		while (e < len && reply[e] != '\n' && reply[e] != '\0')
			e++;
		if (e - i > klen && strncmp(reply + i, key, klen) == 0) {
			size_t n = e - i - klen;

			if (n > 0 && reply[i + klen + n - 1] == '\r')
				n--;
			if (!gr_token_ok(reply + i + klen, n, max))
				return NULL;
			return xstrndup(reply + i + klen, n);
		}
		i = e + 1;
	}
	return NULL;
}

char *
sync_greader_auth(const char *reply, size_t len)
{
	return gr_line_value(reply, len, "Auth=", GR_MAX_AUTH);
}

/* The token reply: its first line, checked; NULL when it is not one. */
static char *
gr_token_value(const char *reply, size_t len)
{
	size_t n = 0;

	while (n < len && reply[n] != '\n' && reply[n] != '\0')
		n++;
	if (n > 0 && reply[n - 1] == '\r')
		n--;
	return gr_token_ok(reply, n, GR_MAX_TOKEN) ? xstrndup(reply, n) : NULL;
}

/* A JSON object from a reply, depth-limited; NULL when it is not one. */
static json_object *
gr_json(const char *reply, size_t len)
{
	json_tokener *tok;
	json_object *root;

	if (len > INT_MAX)
		return NULL;
	if ((tok = json_tokener_new_ex(GR_JSON_DEPTH)) == NULL)
		fatalx("json_tokener_new_ex");
	root = json_tokener_parse_ex(tok, reply, (int)len);
	if (root != NULL && (json_tokener_get_error(tok) !=
	    json_tokener_success || !json_object_is_type(root,
	    json_type_object))) {
		json_object_put(root);
		root = NULL;
	}
	json_tokener_free(tok);
	return root;
}

/* A string member, or NULL. */
static const char *
gr_str(json_object *o, const char *key, size_t *len)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	if (len != NULL)
		*len = (size_t)json_object_get_string_len(v);
	return json_object_get_string(v);
}

/* A string member as one clean line of text (HTML read); NULL: none. */
static char *
gr_text(json_object *o, const char *key)
{
	const char *s;
	size_t len;

	if ((s = gr_str(o, key, &len)) == NULL)
		return NULL;
	return html_text_line(s, len);
}

/* A URL member: http(s), no control characters or spaces; NULL: none. */
static char *
gr_url(json_object *o, const char *key)
{
	const char *s;
	size_t len;

	const unsigned char *p;

	if ((s = gr_str(o, key, &len)) == NULL || len > 4096 ||
	    strlen(s) != len ||
	    (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0))
		return NULL;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return NULL;
	return utf8_clean(s, len, 0);
}

/* A stream id (feed/..., user/-/label/...): one clean line, capped. */
static char *
gr_stream(const char *s, size_t len)
{
	char *c;

	if (s == NULL || len == 0 || len > GR_MAX_STREAM || strlen(s) != len)
		return NULL;
	c = utf8_clean(s, len, UTF8_COLLAPSE_SPACE);
	if (*c == '\0') {
		free(c);
		return NULL;
	}
	return c;
}

/* An integer member given as a number or a string of digits; 0: none. */
static int64_t
gr_int(json_object *o, const char *key)
{
	json_object *v;
	uint64_t u;
	const char *s;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (json_object_is_type(v, json_type_int))
		return json_object_get_int64(v) > 0 ? json_object_get_int64(v) : 0;
	if (!json_object_is_type(v, json_type_string))
		return 0;
	s = json_object_get_string(v);
	if (*s == '-' || !gr_decimal(s, strlen(s), &u) || u > INT64_MAX)
		return 0;
	return (int64_t)u;
}

int
sync_greader_refs(const char *reply, size_t len, uint64_t **ids, size_t *n,
    size_t *cap, size_t max, int64_t *max_usec, char **cont)
{
	json_object *root, *refs, *r, *v;
	uint64_t id, alt;
	const char *s;
	size_t i, k, clen;
	int64_t usec;
	int rc = 0;

	*cont = NULL;
	if ((root = gr_json(reply, len)) == NULL)
		return -1;
	/* no itemRefs is no reply: an empty list would clear every flag */
	if (!json_object_object_get_ex(root, "itemRefs", &refs) ||
	    (!json_object_is_type(refs, json_type_null) &&
	    !json_object_is_type(refs, json_type_array))) {
		json_object_put(root);
		return -1;
	}
	k = json_object_is_type(refs, json_type_array) ?
	    json_object_array_length(refs) : 0;
	for (i = 0; i < k; i++) {
		r = json_object_array_get_idx(refs, i);
		if (!json_object_is_type(r, json_type_object) ||
		    !json_object_object_get_ex(r, "id", &v))
			continue;
		if (json_object_is_type(v, json_type_int)) {
			/*
			 * A number: above 2^63 json-c keeps it unsigned;
			 * what does not fit is clamped, and not an id.
			 */
			int64_t sv = json_object_get_int64(v);

			if (sv == INT64_MIN)
				continue;
			if (sv != INT64_MAX)
				id = (uint64_t)sv;
			else if ((id = json_object_get_uint64(v)) == UINT64_MAX)
				continue;
		} else if (!json_object_is_type(v, json_type_string) ||
		    sync_greader_id(json_object_get_string(v), &id, &alt) == 0)
			continue;
		if (*n >= max) {
			rc = -2;
			break;
		}
		if (*n == *cap) {
			*cap = *cap == 0 ? 256 : *cap * 2;
			*ids = xreallocarray(*ids, *cap, sizeof **ids);
		}
		(*ids)[(*n)++] = id;
		usec = gr_int(r, "timestampUsec");
		if (max_usec != NULL && usec > *max_usec)
			*max_usec = usec;
	}
	if (rc == 0 && (s = gr_str(root, "continuation", &clen)) != NULL &&
	    clen > 0) {
		if (!gr_token_ok(s, clen, GR_MAX_CONT) || strlen(s) != clen)
			rc = -1;
		else
			*cont = xstrndup(s, clen);
	}
	json_object_put(root);
	return rc;
}

/* The item's link: an alternate (text/html first), else canonical. */
static char *
gr_item_link(json_object *o)
{
	static const char *const keys[] = { "alternate", "canonical" };
	json_object *l, *e;
	char *u, *any = NULL;
	const char *type;
	size_t i, k, n;

	for (k = 0; k < 2; k++) {
		if (!json_object_object_get_ex(o, keys[k], &l) ||
		    !json_object_is_type(l, json_type_array))
			continue;
		n = json_object_array_length(l);
		for (i = 0; i < n && i < 16; i++) {
			e = json_object_array_get_idx(l, i);
			if (!json_object_is_type(e, json_type_object) ||
			    (u = gr_url(e, "href")) == NULL)
				continue;
			type = gr_str(e, "type", NULL);
			if (type == NULL || strcmp(type, "text/html") == 0) {
				free(any);
				return u;
			}
			if (any == NULL)
				any = u;
			else
				free(u);
		}
	}
	return any;
}

/* The HTML of content.content or summary.content (a copy), or NULL. */
static char *
gr_item_body(json_object *o)
{
	static const char *const keys[] = { "content", "summary" };
	json_object *c;
	const char *s;
	size_t k, len;

	for (k = 0; k < 2; k++) {
		if (!json_object_object_get_ex(o, keys[k], &c))
			continue;
		if (json_object_is_type(c, json_type_string)) {
			s = json_object_get_string(c);
			len = (size_t)json_object_get_string_len(c);
		} else if ((s = gr_str(c, "content", &len)) == NULL)
			continue;
		/* a NUL inside would cut it: the store reads C strings */
		return xstrndup(s, len);
	}
	return NULL;
}

int
sync_greader_items(const char *reply, size_t len, const uint64_t *want,
    size_t nwant, void (*each)(void *, struct sync_greader_item *), void *arg)
{
	struct sync_greader_item gi;
	struct gr_ids w;
	json_object *root, *items, *o, *origin;
	const char *s;
	uint64_t id, alt;
	size_t i, n, slen;
	int k;

	if ((root = gr_json(reply, len)) == NULL)
		return -1;
	if (!json_object_object_get_ex(root, "items", &items) ||
	    !json_object_is_type(items, json_type_array)) {
		json_object_put(root);
		return -1;
	}
	w.v = (uint64_t *)want;
	w.n = nwant;
	n = json_object_array_length(items);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(items, i);
		memset(&gi, 0, sizeof gi);
		feed_item_init(&gi.item);
		if (!json_object_is_type(o, json_type_object) ||
		    (s = gr_str(o, "id", NULL)) == NULL ||
		    (k = sync_greader_id(s, &id, &alt)) == 0 ||
		    !json_object_object_get_ex(o, "origin", &origin) ||
		    (s = gr_str(origin, "streamId", &slen)) == NULL ||
		    (gi.feed = gr_stream(s, slen)) == NULL) {
			gi.skipped = 1;
			each(arg, &gi);
			continue;
		}
		/* 16 decimal digits in the long form: the one asked for */
		if (k == 2 && !gr_ids_has(&w, id) && gr_ids_has(&w, alt))
			id = alt;
		gi.id = id;
		gi.item.title = gr_text(o, "title");
		gi.item.author = gr_text(o, "author");
		gi.item.link = gr_item_link(o);
		gi.item.published = gr_int(o, "published");
		gi.item.updated = gr_int(o, "updated");
		if (gi.item.updated == 0)
			gi.item.updated = gi.item.published;
		gi.item.content = gr_item_body(o);
		each(arg, &gi);
		free(gi.feed);
		feed_item_free(&gi.item);
	}
	json_object_put(root);
	return 0;
}

/* The label NAME of user/-/label/NAME (or user/ID/label/NAME), or NULL. */
static const char *
gr_label(const char *id)
{
	const char *p;

	if (id == NULL || strncmp(id, "user/", 5) != 0 ||
	    (p = strchr(id + 5, '/')) == NULL || strncmp(p, "/label/", 7) != 0 ||
	    p[7] == '\0')
		return NULL;
	return p + 7;
}

int
sync_greader_subs(const char *reply, size_t len,
    void (*each)(void *, const struct sync_feed_info *), void *arg)
{
	struct sync_feed_info fi;
	json_object *root, *subs, *f, *cats, *c;
	char *id, *url, *title, *cat;
	const char *s, *label;
	size_t i, k, n, slen;

	if ((root = gr_json(reply, len)) == NULL)
		return -1;
	if (!json_object_object_get_ex(root, "subscriptions", &subs) ||
	    !json_object_is_type(subs, json_type_array)) {
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(subs);
	for (i = 0; i < n; i++) {
		f = json_object_array_get_idx(subs, i);
		if (!json_object_is_type(f, json_type_object))
			continue;
		s = gr_str(f, "id", &slen);
		if ((id = gr_stream(s, slen)) == NULL)
			continue;
		url = gr_url(f, "url");
		if (url == NULL && strncmp(s, "feed/", 5) == 0 &&
		    gr_token_ok(s + 5, slen - 5, 4096) &&
		    (strncmp(s + 5, "http://", 7) == 0 ||
		    strncmp(s + 5, "https://", 8) == 0))
			url = xstrdup(s + 5);
		if (url == NULL) {
			free(id);
			continue;
		}
		title = gr_text(f, "title");
		cat = NULL;
		if (json_object_object_get_ex(f, "categories", &cats) &&
		    json_object_is_type(cats, json_type_array)) {
			for (k = 0; k < json_object_array_length(cats) &&
			    cat == NULL; k++) {
				c = json_object_array_get_idx(cats, k);
				if (!json_object_is_type(c, json_type_object))
					continue;
				cat = gr_text(c, "label");
				if (cat == NULL && (label = gr_label(gr_str(c,
				    "id", NULL))) != NULL)
					cat = html_text_line(label,
					    strlen(label));
				if (cat != NULL && *cat == '\0') {
					free(cat);
					cat = NULL;
				}
			}
		}
		memset(&fi, 0, sizeof fi);
		fi.id = id;
		fi.url = url;
		fi.title = title != NULL && *title != '\0' ? title : NULL;
		fi.category = cat;
		each(arg, &fi);
		free(id);
		free(url);
		free(title);
		free(cat);
	}
	json_object_put(root);
	return 0;
}

/* ------------------------------------------------------------ requests */

static void *
gr_open(const char *url, const char *user)
{
	struct greader *g = xcalloc(1, sizeof *g);
	size_t len = strlen(url);

	while (len > 0 && url[len - 1] == '/')
		len--;
	g->url = xstrdup(url);
	g->base = xstrndup(url, len);
	g->user = xstrdup(user);
	buf_init(&g->w_body);
	return g;
}

static void
gr_push_clear(struct greader *g)
{
	size_t i;

	for (i = 0; i < g->p_n; i++)
		free(g->p_ids[i]);
	free(g->p_ids);
	g->p_ids = NULL;
	g->p_n = g->p_next = 0;
	g->p_single = 0;
}

static void
gr_close(void *arg)
{
	struct greader *g = arg;

	free(g->url);
	free(g->base);
	free(g->user);
	if (g->auth != NULL)
		explicit_bzero(g->auth, strlen(g->auth));
	free(g->auth);
	free(g->token);
	free(g->w_path);
	buf_free(&g->w_body);
	gr_push_clear(g);
	free(g->cont);
	gr_ids_free(&g->fresh);
	gr_ids_free(&g->unread);
	gr_ids_free(&g->starred);
	gr_ids_free(&g->want);
	free(g->sub_url);
	free(g->sub_folder);
	free(g);
}

/* GET (body NULL) or POST a form to BASE/path with the session. */
static void
gr_send(struct sync *s, const char *path, const char *body, size_t len,
    void (*cb)(struct sync *, int, const char *, size_t))
{
	struct greader *g = sync_backend_data(s);
	const char *headers[2] = { g->auth, NULL };
	struct sync_request_opts q;
	char *url;

	url = xasprintf("%s/%s", g->base, path);
	memset(&q, 0, sizeof q);
	q.url = url;
	q.body = body;
	q.len = len;
	q.type = GR_FORM;
	q.headers = g->auth != NULL ? headers : NULL;
	sync_request(s, &q, cb);
	free(url);
}

/*
 * A read's reply status: 2xx goes on (1); a refused session logs in
 * again, anything else ends the sync (0: return at once).
 */
static int
gr_status(struct sync *s, int status, const char *what)
{
	struct greader *g = sync_backend_data(s);

	if (status >= 200 && status <= 299)
		return 1;
	if (status == 401 || status == 403)
		sync_step_relogin(s);
	else
		sync_step_fail(s, SYNC_ERROR, "%s: %s answered HTTP status %d",
		    g->url, what, status);
	return 0;
}

static void
gr_not_api(struct sync *s, const char *what)
{
	struct greader *g = sync_backend_data(s);

	sync_step_fail(s, SYNC_ERROR, "%s: %s gave no Google Reader API "
	    "reply (is sync-url the API base, e.g. "
	    "https://HOST/api/greader.php?)", g->url, what);
}

/* --------------------------------------------------------------- login */

static void
gr_login_reply(struct sync *s, int status, const char *reply, size_t len)
{
	struct greader *g = sync_backend_data(s);
	char *auth;

	if (status == 401 || status == 403) {
		sync_step_fail(s, SYNC_REFUSED, "%s refused the login of %s: "
		    "wrong user name or password (FreshRSS: use the API "
		    "password set in your profile, with API access allowed; "
		    "Miniflux: the Google Reader user and password of its "
		    "Integrations page)", g->url, g->user);
		return;
	}
	if (status == 404) {
		gr_not_api(s, "ClientLogin");
		return;
	}
	if (status < 200 || status > 299) {
		sync_step_fail(s, SYNC_ERROR, "%s: ClientLogin answered HTTP "
		    "status %d", g->url, status);
		return;
	}
	if ((auth = sync_greader_auth(reply, len)) == NULL) {
		gr_not_api(s, "ClientLogin");
		return;
	}
	g->auth = xasprintf("Authorization: GoogleLogin auth=%s", auth);
	explicit_bzero(auth, strlen(auth));
	free(auth);
	sync_step_done(s, 0);
}

static void
gr_login(struct sync *s, const char *password)
{
	struct greader *g = sync_backend_data(s);
	struct buf b;

	if (g->auth != NULL)
		explicit_bzero(g->auth, strlen(g->auth));
	free(g->auth);
	g->auth = NULL;
	free(g->token);
	g->token = NULL;
	g->token_tries = 0;
	buf_init(&b);
	buf_adds(&b, "Email=");
	gr_enc(&b, g->user);
	buf_adds(&b, "&Passwd=");
	gr_enc(&b, password);
	gr_send(s, "accounts/ClientLogin", b.s, b.len, gr_login_reply);
	/* fetch has its own copy */
	explicit_bzero(b.s, b.len);
	buf_free(&b);
}

/* -------------------------------------------------------------- writes */

static void	gr_write_send(struct sync *);

static void
gr_token_reply(struct sync *s, int status, const char *reply, size_t len)
{
	struct greader *g = sync_backend_data(s);

	if (status == 401 || status == 403) {
		/* no token for this Auth: the session is gone */
		sync_step_relogin(s);
		return;
	}
	if (!gr_status(s, status, "token"))
		return;
	free(g->token);
	if ((g->token = gr_token_value(reply, len)) == NULL) {
		gr_not_api(s, "token");
		return;
	}
	gr_write_send(s);
}

static void
gr_write_reply(struct sync *s, int status, const char *reply, size_t len)
{
	struct greader *g = sync_backend_data(s);

	if (status == 401 || status == 403 || status == 400) {
		if (g->token_tries == 0) {
			/* a stale token (X-Reader-Google-Bad-Token): once */
			log_debug("sync: %s: HTTP status %d, a new token",
			    g->w_path, status);
			g->token_tries = 1;
			free(g->token);
			g->token = NULL;
			gr_send(s, "reader/api/0/token", NULL, 0,
			    gr_token_reply);
			return;
		}
		if (status != 400) {
			sync_step_relogin(s);
			return;
		}
	}
	if (status >= 200 && status <= 299)
		g->token_tries = 0;
	g->w_done(s, status, reply, len);
}

/* Send the write in g->w_* with T, fetching a token first if need be. */
static void
gr_write_send(struct sync *s)
{
	struct greader *g = sync_backend_data(s);
	struct buf b;

	if (g->token == NULL) {
		gr_send(s, "reader/api/0/token", NULL, 0, gr_token_reply);
		return;
	}
	buf_init(&b);
	buf_adds(&b, "T=");
	gr_enc(&b, g->token);
	buf_addc(&b, '&');
	buf_add(&b, g->w_body.s, g->w_body.len);
	gr_send(s, g->w_path, b.s, b.len, gr_write_reply);
	buf_free(&b);
}

/* Start a write: path, the body built in g->w_body, its reader. */
static void
gr_write(struct sync *s, const char *path,
    void (*done)(struct sync *, int, const char *, size_t))
{
	struct greader *g = sync_backend_data(s);

	free(g->w_path);
	g->w_path = xstrdup(path);
	g->w_done = done;
	gr_write_send(s);
}

/* ---------------------------------------------------------------- push */

static const char *
gr_push_tag(enum db_sync_op op, const char **verb)
{
	*verb = op == DB_SYNC_READ || op == DB_SYNC_STAR ? "a" : "r";
	return op == DB_SYNC_READ || op == DB_SYNC_UNREAD ? GR_ST_READ :
	    GR_ST_STARRED;
}

/* Build the edit-tag body for ids[0..n) (the cache's form). */
static size_t
gr_push_body(struct sync *s, enum db_sync_op op, char *const *ids, size_t n)
{
	struct greader *g = sync_backend_data(s);
	const char *verb, *tag = gr_push_tag(op, &verb);
	char dec[24];
	uint64_t id;
	size_t i, sent = 0;

	buf_reset(&g->w_body);
	buf_printf(&g->w_body, "%s=", verb);
	gr_enc(&g->w_body, tag);
	for (i = 0; i < n; i++) {
		if (!sync_greader_id_from_stored(ids[i], &id)) {
			sync_reject_id(s, ids[i]);
			continue;
		}
		sync_greader_id_short(id, dec);
		buf_printf(&g->w_body, "&i=%s", dec);
		sent++;
	}
	return sent;
}

static void	gr_push_single_next(struct sync *);

/* A write's 2xx reply is "OK" (servers add a newline or not). */
static int
gr_reply_ok(const char *reply, size_t len)
{
	while (len > 0 && (reply[len - 1] == '\n' || reply[len - 1] == '\r' ||
	    reply[len - 1] == ' '))
		len--;
	return len == 2 && reply[0] == 'O' && reply[1] == 'K';
}

static void
gr_push_reply(struct sync *s, int status, const char *reply, size_t len)
{
	struct greader *g = sync_backend_data(s);

	if (status >= 200 && status <= 299 && !gr_reply_ok(reply, len)) {
		/* not acknowledged: the changes stay queued */
		gr_not_api(s, "edit-tag");
		return;
	}
	if (status >= 200 && status <= 299) {
		if (g->p_single) {
			g->p_next++;
			gr_push_single_next(s);
			return;
		}
		gr_push_clear(g);
		sync_step_done(s, 0);
		return;
	}
	/* not the ids' fault: the changes stay queued */
	if (status != 400 && status != 404 && status != 410 && status != 422) {
		sync_step_fail(s, SYNC_ERROR, "%s: edit-tag answered HTTP "
		    "status %d", g->url, status);
		return;
	}
	/* some id the server will not take: find which */
	if (!g->p_single && g->p_n > 1) {
		log_debug("sync: edit-tag: HTTP status %d for %zu ids, one "
		    "at a time", status, g->p_n);
		g->p_single = 1;
		g->p_next = 0;
		gr_push_single_next(s);
		return;
	}
	if (g->p_next < g->p_n) {
		log_warn("sync: %s: the server refused article %s (HTTP "
		    "status %d): gone there", g->url, g->p_ids[g->p_next],
		    status);
		sync_reject_id(s, g->p_ids[g->p_next]);
	}
	if (g->p_single) {
		g->p_next++;
		gr_push_single_next(s);
		return;
	}
	gr_push_clear(g);
	sync_step_done(s, 0);
}

static void
gr_push_single_next(struct sync *s)
{
	struct greader *g = sync_backend_data(s);

	uint64_t id;

	while (g->p_next < g->p_n) {
		/* an id that is no id was rejected with the batch */
		if (sync_greader_id_from_stored(g->p_ids[g->p_next], &id) &&
		    gr_push_body(s, g->p_op, &g->p_ids[g->p_next], 1) > 0) {
			g->token_tries = 0;
			gr_write(s, "reader/api/0/edit-tag", gr_push_reply);
			return;
		}
		g->p_next++;
	}
	gr_push_clear(g);
	sync_step_done(s, 0);
}

static void
gr_push(struct sync *s, enum db_sync_op op, char *const *ids, size_t n)
{
	struct greader *g = sync_backend_data(s);
	size_t i;

	gr_push_clear(g);
	g->p_op = op;
	g->p_ids = xcalloc(n + 1, sizeof *g->p_ids);
	for (i = 0; i < n; i++)
		g->p_ids[i] = xstrdup(ids[i]);
	g->p_n = n;
	if (gr_push_body(s, op, ids, n) == 0) {
		gr_push_clear(g);
		sync_step_done(s, 0);
		return;
	}
	gr_write(s, "reader/api/0/edit-tag", gr_push_reply);
}

/* --------------------------------------------------------------- feeds */

static void
gr_feed_each(void *arg, const struct sync_feed_info *fi)
{
	sync_add_feed(arg, fi);
}

static void
gr_feeds_reply(struct sync *s, int status, const char *reply, size_t len)
{
	if (!gr_status(s, status, "subscription/list"))
		return;
	if (sync_greader_subs(reply, len, gr_feed_each, s) != 0) {
		gr_not_api(s, "subscription/list");
		return;
	}
	sync_step_done(s, 0);
}

static void
gr_feeds(struct sync *s)
{
	gr_send(s, "reader/api/0/subscription/list?output=json", NULL, 0,
	    gr_feeds_reply);
}

/* ------------------------------------------------------------ articles */

static struct gr_ids *
gr_list_ids(struct greader *g)
{
	return g->list == GR_LIST_NEW ? &g->fresh : g->list == GR_LIST_UNREAD ?
	    &g->unread : &g->starred;
}

static void	gr_list_reply(struct sync *, int, const char *, size_t);
static void	gr_contents_send(struct sync *);

/* Ask for the current list's next page of ids. */
static void
gr_list_send(struct sync *s)
{
	struct greader *g = sync_backend_data(s);
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "reader/api/0/stream/items/ids?output=json&n=%d&s=",
	    GR_IDS_PAGE);
	switch (g->list) {
	case GR_LIST_NEW:
		gr_enc(&b, GR_ST_LIST);
		if (g->since > GR_CURSOR_BACK)
			buf_printf(&b, "&ot=%lld",
			    (long long)(g->since - GR_CURSOR_BACK));
		break;
	case GR_LIST_UNREAD:
		/* never an ot here: every unread article, however old */
		gr_enc(&b, GR_ST_LIST);
		buf_adds(&b, "&xt=");
		gr_enc(&b, GR_ST_READ);
		break;
	case GR_LIST_STARRED:
		gr_enc(&b, GR_ST_STARRED);
		break;
	}
	if (g->cont != NULL) {
		buf_adds(&b, "&c=");
		gr_enc(&b, g->cont);
	}
	gr_send(s, buf_str(&b), NULL, 0, gr_list_reply);
	buf_free(&b);
}

/* The three lists are in: what to fetch is what the cache lacks. */
static void
gr_lists_done(struct sync *s)
{
	struct greader *g = sync_backend_data(s);
	char **text, cursor[32];
	unsigned char *known;
	size_t i, k, chunk, n;
	struct gr_ids all;

	gr_ids_sort(&g->unread);
	gr_ids_sort(&g->starred);
	g->have_sets = 1;
	memset(&all, 0, sizeof all);
	for (i = 0; i < g->fresh.n; i++)
		gr_ids_add(&all, g->fresh.v[i]);
	for (i = 0; i < g->unread.n; i++)
		gr_ids_add(&all, g->unread.v[i]);
	for (i = 0; i < g->starred.n; i++)
		gr_ids_add(&all, g->starred.v[i]);
	gr_ids_free(&g->fresh);
	gr_ids_sort(&all);
	g->want.n = 0;
	chunk = 512;
	text = xcalloc(chunk, sizeof *text);
	known = xcalloc(chunk, 1);
	for (i = 0; i < chunk; i++)
		text[i] = xmalloc(17);
	for (i = 0; i < all.n; i += n) {
		n = all.n - i < chunk ? all.n - i : chunk;
		for (k = 0; k < n; k++)
			sync_greader_id_stored(all.v[i + k], text[k]);
		if (sync_known_ids(s, text, n, known) != 0)
			break;
		for (k = 0; k < n; k++)
			if (!known[k])
				gr_ids_add(&g->want, all.v[i + k]);
	}
	for (k = 0; k < chunk; k++)
		free(text[k]);
	free(text);
	free(known);
	if (i < all.n) {
		gr_ids_free(&all);
		return;		/* the cache failed: the sync has ended */
	}
	gr_ids_free(&all);
	/*
	 * Always a cursor, "0" when the server gave no times: an account
	 * without one is taken to be at its first sync.
	 */
	snprintf(cursor, sizeof cursor, "%lld", (long long)(g->max_usec /
	    1000000 > g->since ? g->max_usec / 1000000 : g->since));
	sync_set_cursor(s, cursor);
	log_debug("sync: %zu unread, %zu starred, %zu articles to fetch",
	    g->unread.n, g->starred.n, g->want.n);
	g->phase = GR_PH_CONTENTS;
	g->want_pos = 0;
	gr_contents_send(s);
}

static void
gr_list_reply(struct sync *s, int status, const char *reply, size_t len)
{
	struct greader *g = sync_backend_data(s);
	struct gr_ids *l = gr_list_ids(g);
	static const char *const names[] = { "the reading list",
	    "the unread list", "the starred list" };
	char *cont = NULL;
	int rc;

	if (!gr_status(s, status, "stream/items/ids"))
		return;
	rc = sync_greader_refs(reply, len, &l->v, &l->n, &l->cap, GR_MAX_IDS,
	    g->list == GR_LIST_NEW ? &g->max_usec : NULL, &cont);
	if (rc == -1) {
		gr_not_api(s, "stream/items/ids");
		return;
	}
	if (rc == -2 || (cont != NULL && ++g->pages >= GR_MAX_PAGES)) {
		free(cont);
		sync_step_fail(s, SYNC_ERROR, "%s: more than %d articles in "
		    "%s", g->url, rc == -2 ? GR_MAX_IDS : GR_MAX_PAGES *
		    GR_IDS_PAGE, names[g->list]);
		return;
	}
	if (cont != NULL && g->cont != NULL && strcmp(cont, g->cont) == 0) {
		free(cont);
		sync_step_fail(s, SYNC_ERROR, "%s: stream/items/ids gave the "
		    "same continuation again", g->url);
		return;
	}
	free(g->cont);
	g->cont = cont;
	if (cont == NULL) {
		g->pages = 0;
		if (g->list == GR_LIST_STARRED) {
			gr_lists_done(s);
			return;
		}
		g->list++;
	}
	gr_list_send(s);
}

static void
gr_item_each(void *arg, struct sync_greader_item *gi)
{
	struct sync *s = arg;
	struct greader *g = sync_backend_data(s);
	char id[17];

	if (gi->skipped) {
		sync_add_article(s, NULL, NULL, NULL, 0, 0);
		return;
	}
	sync_greader_id_stored(gi->id, id);
	free(gi->item.id);
	gi->item.id = xstrdup(id);	/* unique in the feed: the guid */
	g->batch_added++;
	sync_add_article(s, id, gi->feed, &gi->item,
	    gr_ids_has(&g->unread, gi->id), gr_ids_has(&g->starred, gi->id));
}

static void
gr_contents_reply(struct sync *s, int status, const char *reply, size_t len)
{
	struct greader *g = sync_backend_data(s);
	int more;

	if (!gr_status(s, status, "stream/items/contents"))
		return;
	g->batch_added = 0;
	if (sync_greader_items(reply, len, g->want.v + g->want_pos, g->batch_n,
	    gr_item_each, s) != 0) {
		gr_not_api(s, "stream/items/contents");
		return;
	}
	g->want_pos += g->batch_n;
	more = g->want_pos < g->want.n;
	if (more && g->batch_added == 0) {
		/* nothing to store: the engine would take it as the end */
		gr_contents_send(s);
		return;
	}
	if (!more)
		g->phase = GR_PH_DONE;
	sync_step_done(s, more);
}

/* POST the next batch of ids to fetch; none left: the step is over. */
static void
gr_contents_send(struct sync *s)
{
	struct greader *g = sync_backend_data(s);
	char dec[24];
	struct buf b;
	size_t i;

	if (g->want_pos >= g->want.n) {
		g->phase = GR_PH_DONE;
		sync_step_done(s, 0);
		return;
	}
	g->batch_n = g->want.n - g->want_pos;
	if (g->batch_n > GR_BATCH)
		g->batch_n = GR_BATCH;
	/* sorted for the lookup of an ambiguous id */
	buf_init(&b);
	buf_adds(&b, "output=json");
	for (i = 0; i < g->batch_n; i++) {
		sync_greader_id_short(g->want.v[g->want_pos + i], dec);
		buf_printf(&b, "&i=%s", dec);
	}
	gr_send(s, "reader/api/0/stream/items/contents?output=json", b.s, b.len,
	    gr_contents_reply);
	buf_free(&b);
}

static void
gr_items(struct sync *s, const char *cursor, size_t skip)
{
	struct greader *g = sync_backend_data(s);
	uint64_t since;

	(void)skip;
	switch (g->phase) {
	case GR_PH_START:
		g->since = 0;
		if (cursor != NULL && gr_decimal(cursor, strlen(cursor),
		    &since) && cursor[0] != '-' && since < INT64_MAX / 2)
			g->since = (int64_t)since;
		g->list = GR_LIST_NEW;
		g->phase = GR_PH_LIST;
		gr_list_send(s);
		break;
	case GR_PH_LIST:
		/* again after a new login: the same page */
		gr_list_send(s);
		break;
	case GR_PH_CONTENTS:
		gr_contents_send(s);
		break;
	case GR_PH_DONE:
		sync_step_done(s, 0);
		break;
	}
}

/* --------------------------------------------------------------- state */

static void
gr_state(struct sync *s, enum db_sync_field field, size_t skip)
{
	struct greader *g = sync_backend_data(s);
	struct gr_ids *l = field == DB_SYNC_FIELD_UNREAD ? &g->unread :
	    &g->starred;
	char id[17];
	size_t i;

	(void)skip;
	if (!g->have_sets) {
		sync_step_fail(s, SYNC_ERROR, "%s: no id lists", g->url);
		return;
	}
	/* fetched with the articles: the lists as the server gave them */
	for (i = 0; i < l->n; i++) {
		sync_greader_id_stored(l->v[i], id);
		sync_add_id(s, id);
	}
	sync_step_done(s, 0);
}

/* ----------------------------------------------------------- subscribe */

static void
gr_label_reply(struct sync *s, int status, const char *reply, size_t len)
{
	sync_subscribed(s, SYNC_SUB_ADDED, status >= 200 && status <= 299 &&
	    gr_reply_ok(reply, len), NULL);
	sync_step_done(s, 0);
}

static void
gr_quickadd_reply(struct sync *s, int status, const char *reply, size_t len)
{
	struct greader *g = sync_backend_data(s);
	json_object *root;
	const char *stream, *err;
	char *why;
	size_t slen;
	int64_t found;

	if (status < 200 || status > 299) {
		why = xasprintf("the server refused it (HTTP status %d)",
		    status);
		sync_subscribed(s, SYNC_SUB_FAILED, 0, why);
		free(why);
		sync_step_done(s, 0);
		return;
	}
	if ((root = gr_json(reply, len)) == NULL) {
		gr_not_api(s, "subscription/quickadd");
		return;
	}
	found = gr_int(root, "numResults");
	stream = gr_str(root, "streamId", &slen);
	if (found <= 0 || stream == NULL || slen == 0 || slen > GR_MAX_STREAM ||
	    strlen(stream) != slen) {
		err = gr_str(root, "error", NULL);
		why = xasprintf("the server found no feed there%s%.200s",
		    err != NULL ? ": " : "", err != NULL ? err : "");
		json_object_put(root);
		sync_subscribed(s, SYNC_SUB_FAILED, 0, why);
		free(why);
		sync_step_done(s, 0);
		return;
	}
	if (g->sub_folder == NULL) {
		json_object_put(root);
		sync_subscribed(s, SYNC_SUB_ADDED, 0, NULL);
		sync_step_done(s, 0);
		return;
	}
	/* the folder becomes its label (servers make labels as asked) */
	buf_reset(&g->w_body);
	buf_adds(&g->w_body, "ac=edit&s=");
	gr_enc(&g->w_body, stream);
	buf_adds(&g->w_body, "&a=");
	gr_enc(&g->w_body, "user/-/label/");
	gr_enc(&g->w_body, g->sub_folder);
	json_object_put(root);
	gr_write(s, "reader/api/0/subscription/edit", gr_label_reply);
}

static void
gr_subscribe(struct sync *s, const char *url, const char *folder)
{
	struct greader *g = sync_backend_data(s);

	free(g->sub_url);
	free(g->sub_folder);
	g->sub_url = xstrdup(url);
	g->sub_folder = folder != NULL && *folder != '\0' ? xstrdup(folder) :
	    NULL;
	buf_reset(&g->w_body);
	buf_adds(&g->w_body, "quickadd=");
	gr_enc(&g->w_body, url);
	gr_write(s, "reader/api/0/subscription/quickadd", gr_quickadd_reply);
}

const struct sync_backend sync_greader_backend = {
	.name = "greader",
	.open = gr_open,
	.close = gr_close,
	.login = gr_login,
	.push = gr_push,
	.feeds = gr_feeds,
	.items = gr_items,
	.state = gr_state,
	.subscribe = gr_subscribe,
	.page = GR_BATCH,
};
