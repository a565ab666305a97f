/*
 * The Google Reader API backend's reading of what servers send: item ids
 * in every form (long hex, long decimal, short signed decimal, JSON
 * numbers) and the replies (ClientLogin, token, stream/items/ids,
 * stream/items/contents, subscription/list), each capped, depth-limited
 * and cleaned; no request and no state (sync-greader.c has those).
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync-private.h"
#include "sync-greader-private.h"
#include "tidende/buf.h"
#include "tidende/html-text.h"
#include "tidende/log.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

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
int
sync_greader_decimal(const char *s, size_t len, uint64_t *out)
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
				if (digits && sync_greader_decimal(s, len, &dec)) {
					*alt = dec;
					return 2;
				}
				return 1;
			}
		}
		/* the long form with decimal digits */
	}
	if (!sync_greader_decimal(s, len, &v))
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

void
sync_greader_ids_add(struct gr_ids *l, uint64_t v)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 256 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = v;
}

void
sync_greader_ids_free(struct gr_ids *l)
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
void
sync_greader_ids_sort(struct gr_ids *l)
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

int
sync_greader_ids_has(const struct gr_ids *l, uint64_t v)
{
	return l->n > 0 && bsearch(&v, l->v, l->n, sizeof *l->v,
	    gr_ids_cmp) != NULL;
}

/* ------------------------------------------------------------ replies */

/* Percent-encode s for a form or a query (unreserved bytes stay). */
void
sync_greader_enc(struct buf *b, const char *s)
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
char *
sync_greader_token_value(const char *reply, size_t len)
{
	size_t n = 0;

	while (n < len && reply[n] != '\n' && reply[n] != '\0')
		n++;
	if (n > 0 && reply[n - 1] == '\r')
		n--;
	return gr_token_ok(reply, n, GR_MAX_TOKEN) ? xstrndup(reply, n) : NULL;
}

/* A JSON object from a reply, depth-limited; NULL when it is not one. */
json_object *
sync_greader_json(const char *reply, size_t len)
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
const char *
sync_greader_str(json_object *o, const char *key, size_t *len)
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

	if ((s = sync_greader_str(o, key, &len)) == NULL)
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

	if ((s = sync_greader_str(o, key, &len)) == NULL || len > 4096 ||
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
int64_t
sync_greader_int(json_object *o, const char *key)
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
	if (*s == '-' || !sync_greader_decimal(s, strlen(s), &u) || u > INT64_MAX)
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
	if ((root = sync_greader_json(reply, len)) == NULL)
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
		usec = sync_greader_int(r, "timestampUsec");
		if (max_usec != NULL && usec > *max_usec)
			*max_usec = usec;
	}
	if (rc == 0 && (s = sync_greader_str(root, "continuation", &clen)) != NULL &&
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
			type = sync_greader_str(e, "type", NULL);
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
		} else if ((s = sync_greader_str(c, "content", &len)) == NULL)
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

	if ((root = sync_greader_json(reply, len)) == NULL)
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
		    (s = sync_greader_str(o, "id", NULL)) == NULL ||
		    (k = sync_greader_id(s, &id, &alt)) == 0 ||
		    !json_object_object_get_ex(o, "origin", &origin) ||
		    (s = sync_greader_str(origin, "streamId", &slen)) == NULL ||
		    (gi.feed = gr_stream(s, slen)) == NULL) {
			gi.skipped = 1;
			each(arg, &gi);
			continue;
		}
		/* 16 decimal digits in the long form: the one asked for */
		if (k == 2 && !sync_greader_ids_has(&w, id) && sync_greader_ids_has(&w, alt))
			id = alt;
		gi.id = id;
		gi.item.title = gr_text(o, "title");
		gi.item.author = gr_text(o, "author");
		gi.item.link = gr_item_link(o);
		gi.item.published = sync_greader_int(o, "published");
		gi.item.updated = sync_greader_int(o, "updated");
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

	if ((root = sync_greader_json(reply, len)) == NULL)
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
		s = sync_greader_str(f, "id", &slen);
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
				if (cat == NULL && (label = gr_label(sync_greader_str(c,
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

