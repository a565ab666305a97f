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
#include "sync-greader-private.h"
#include "tidende/buf.h"
#include "tidende/html-text.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

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
	sync_greader_ids_free(&g->fresh);
	sync_greader_ids_free(&g->unread);
	sync_greader_ids_free(&g->starred);
	sync_greader_ids_free(&g->want);
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
		sync_step_fail(s, SYNC_ERROR, _("%s: %s answered HTTP status %d"),
		    g->url, what, status);
	return 0;
}

static void
gr_not_api(struct sync *s, const char *what)
{
	struct greader *g = sync_backend_data(s);

	sync_step_fail(s, SYNC_ERROR, _("%s: %s gave no Google Reader API "
	    "reply (is sync-url the API base, e.g. "
	    "https://HOST/api/greader.php?)"), g->url, what);
}

/* --------------------------------------------------------------- login */

static void
gr_login_reply(struct sync *s, int status, const char *reply, size_t len)
{
	struct greader *g = sync_backend_data(s);
	char *auth;

	if (status == 401 || status == 403) {
		sync_step_fail(s, SYNC_REFUSED, _("%s refused the login of "
		    "%s: wrong user name or password (FreshRSS: use the API "
		    "password set in your profile, with API access allowed; "
		    "Miniflux: the Google Reader user and password of its "
		    "Integrations page)"), g->url, g->user);
		return;
	}
	if (status == 404) {
		gr_not_api(s, "ClientLogin");
		return;
	}
	if (status < 200 || status > 299) {
		sync_step_fail(s, SYNC_ERROR, _("%s: ClientLogin answered "
		    "HTTP status %d"), g->url, status);
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
	sync_greader_enc(&b, g->user);
	buf_adds(&b, "&Passwd=");
	sync_greader_enc(&b, password);
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
	if ((g->token = sync_greader_token_value(reply, len)) == NULL) {
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
	sync_greader_enc(&b, g->token);
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
	sync_greader_enc(&g->w_body, tag);
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
		sync_step_fail(s, SYNC_ERROR, _("%s: edit-tag answered HTTP "
		    "status %d"), g->url, status);
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
		sync_greader_enc(&b, GR_ST_LIST);
		if (g->since > GR_CURSOR_BACK)
			buf_printf(&b, "&ot=%lld",
			    (long long)(g->since - GR_CURSOR_BACK));
		break;
	case GR_LIST_UNREAD:
		/* never an ot here: every unread article, however old */
		sync_greader_enc(&b, GR_ST_LIST);
		buf_adds(&b, "&xt=");
		sync_greader_enc(&b, GR_ST_READ);
		break;
	case GR_LIST_STARRED:
		sync_greader_enc(&b, GR_ST_STARRED);
		break;
	}
	if (g->cont != NULL) {
		buf_adds(&b, "&c=");
		sync_greader_enc(&b, g->cont);
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

	sync_greader_ids_sort(&g->unread);
	sync_greader_ids_sort(&g->starred);
	g->have_sets = 1;
	memset(&all, 0, sizeof all);
	for (i = 0; i < g->fresh.n; i++)
		sync_greader_ids_add(&all, g->fresh.v[i]);
	for (i = 0; i < g->unread.n; i++)
		sync_greader_ids_add(&all, g->unread.v[i]);
	for (i = 0; i < g->starred.n; i++)
		sync_greader_ids_add(&all, g->starred.v[i]);
	sync_greader_ids_free(&g->fresh);
	sync_greader_ids_sort(&all);
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
				sync_greader_ids_add(&g->want, all.v[i + k]);
	}
	for (k = 0; k < chunk; k++)
		free(text[k]);
	free(text);
	free(known);
	if (i < all.n) {
		sync_greader_ids_free(&all);
		return;		/* the cache failed: the sync has ended */
	}
	sync_greader_ids_free(&all);
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
		sync_step_fail(s, SYNC_ERROR, _("%s: more than %d articles "
		    "in %s"), g->url, rc == -2 ? GR_MAX_IDS : GR_MAX_PAGES *
		    GR_IDS_PAGE, names[g->list]);
		return;
	}
	if (cont != NULL && g->cont != NULL && strcmp(cont, g->cont) == 0) {
		free(cont);
		sync_step_fail(s, SYNC_ERROR, _("%s: stream/items/ids gave "
		    "the same continuation again"), g->url);
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
	    sync_greader_ids_has(&g->unread, gi->id), sync_greader_ids_has(&g->starred, gi->id));
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
		if (cursor != NULL && sync_greader_decimal(cursor, strlen(cursor),
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
		sync_step_fail(s, SYNC_ERROR, _("%s: no id lists"), g->url);
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
		why = xasprintf(_("the server refused it (HTTP status %d)"),
		    status);
		sync_subscribed(s, SYNC_SUB_FAILED, 0, why);
		free(why);
		sync_step_done(s, 0);
		return;
	}
	if ((root = sync_greader_json(reply, len)) == NULL) {
		gr_not_api(s, "subscription/quickadd");
		return;
	}
	found = sync_greader_int(root, "numResults");
	stream = sync_greader_str(root, "streamId", &slen);
	if (found <= 0 || stream == NULL || slen == 0 || slen > GR_MAX_STREAM ||
	    strlen(stream) != slen) {
		err = sync_greader_str(root, "error", NULL);
		why = err != NULL ? xasprintf(_("the server found no feed "
		    "there: %.200s"), err) :
		    xstrdup(_("the server found no feed there"));
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
	sync_greader_enc(&g->w_body, stream);
	buf_adds(&g->w_body, "&a=");
	sync_greader_enc(&g->w_body, "user/-/label/");
	sync_greader_enc(&g->w_body, g->sub_folder);
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
	sync_greader_enc(&g->w_body, url);
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
