/*
 * Storing parsed feeds: the channel fields, each article found by guid
 * (or by link and title when a feed changed its guid scheme), inserted
 * or updated in place with its change hash, its body and its search
 * index entry, in slices sized for the event loop.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-private.h"
#include "tidende/buf.h"
#include "tidende/hash.h"
#include "tidende/html-text.h"
#include "tidende/db-store.h"
#include "tidende/i18n.h"
#include "tidende/json.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/query.h"
#include "tidende/xmalloc.h"

/* ------------------------------------------------------------ the item */

/*
 * The change hash: did anything of an article change since it was stored?
 * Eight bytes a step through mix(), a bijection of the state for each
 * word, so texts of the same length never share a hash; each field's
 * length (or a NULL tag) goes in first.  Byte-wise FNV-1a, the hash
 * tidende 0.1.0 stored, was 5% of storing a big feed: db_hash_legacy()
 * still computes it for such articles (see db_store_item()).
 */
static void
db_hash_add(uint64_t *h, const char *s)
{
	size_t len;

	if (s == NULL) {
		*h = hash_mix(*h, UINT64_MAX);
		return;
	}
	len = strlen(s);
	*h = hash_mix_bytes(hash_mix(*h, len), s, len);
}

static void
db_hash_int(uint64_t *h, int64_t v)
{
	*h = hash_mix(*h, (uint64_t)v);
}

/* FNV-1a, the change hash tidende 0.1.0 stored. */
static void
db_fnv_add(uint64_t *h, const char *s)
{
	if (s == NULL) {
		*h = hash_fnv1a_add(*h, "\xff", 1);
		return;
	}
	*h = hash_fnv1a_add(hash_fnv1a_str(*h, s), "\x1f", 1);
}

static void
db_fnv_int(uint64_t *h, int64_t v)
{
	char s[32];

	snprintf(s, sizeof s, "%lld", (long long)v);
	db_fnv_add(h, s);
}

static char *
db_categories_json(const struct item *it)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (it->ncategories == 0)
		return NULL;
	buf_addc(&b, '[');
	for (i = 0; i < it->ncategories; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		json_add_string(&b, it->categories[i]);
	}
	buf_addc(&b, ']');
	return buf_detach(&b);
}

static char *
db_enclosures_json(const struct item *it)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (it->nenclosures == 0)
		return NULL;
	buf_addc(&b, '[');
	for (i = 0; i < it->nenclosures; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		buf_adds(&b, "{\"url\":");
		json_add_string(&b, it->enclosures[i].url);
		buf_adds(&b, ",\"type\":");
		json_add_string(&b, it->enclosures[i].type);
		buf_printf(&b, ",\"length\":%lld}",
		    (long long)it->enclosures[i].length);
	}
	buf_addc(&b, ']');
	return buf_detach(&b);
}

/* Everything stored about one item, ready to bind. */
struct db_prepared {
	const struct item *it;
	char	*categories;
	char	*enclosures;
	char	*body;
	int64_t	 hash;
};

/* The fields that make the change hash, in their order, through add/num. */
static int64_t
db_hash_item(const struct db_prepared *p, void (*add)(uint64_t *,
    const char *), void (*num)(uint64_t *, int64_t))
{
	const struct item *it = p->it;
	uint64_t h = 0xcbf29ce484222325ULL;

	add(&h, it->title);
	add(&h, it->link);
	add(&h, it->author);
	num(&h, it->published);
	num(&h, it->updated);
	add(&h, it->summary);
	add(&h, it->content);
	add(&h, it->language);
	add(&h, p->categories);
	add(&h, p->enclosures);
	return (int64_t)h;
}

static void
db_prepare_item(const struct item *it, struct db_prepared *p)
{
	p->it = it;
	p->categories = db_categories_json(it);
	p->enclosures = db_enclosures_json(it);
	p->body = NULL;
	p->hash = db_hash_item(p, db_hash_add, db_hash_int);
}

/* What db_prepare_item() gave in tidende 0.1.0 (FNV-1a). */
static int64_t
db_hash_legacy(const struct db_prepared *p)
{
	return db_hash_item(p, db_fnv_add, db_fnv_int);
}

static void
db_prepared_free(struct db_prepared *p)
{
	free(p->categories);
	free(p->enclosures);
	free(p->body);
}

/* The sort date: published, else updated, else first seen; never future. */
static int64_t
db_sort_date(const struct item *it, int64_t first_seen)
{
	int64_t d = it->published;

	if (d == FEED_NO_DATE)
		d = it->updated;
	if (d == FEED_NO_DATE || d > first_seen + 86400)
		d = first_seen;
	return d;
}

/*
 * The search index keeps no copy of the text (its content is the view
 * items_text), so taking an article out of it needs the values it was
 * indexed with: call this before the article or its feed title changes.
 */
static int
db_fts_unindex(struct db *db, int64_t id)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, S_FTS_DELETE)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return db_step_done(db, st);
}

/* Index an article (values as the items_text view computes them). */
static int
db_fts_put(struct db *db, int64_t id, const struct item *it,
    const char *body, const char *feed_title)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, S_FTS_INSERT)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, it->title);
	db_bind_text(st, 3, it->author);
	db_bind_text_nocopy(st, 4, body);
	db_bind_text(st, 5, feed_title);
	return db_step_done_unbind(db, st);
}

/* After the v2 SQL: hash and index every article already stored. */
int
db_store_migrate_v2(struct db *db)
{
	sqlite3_stmt *st, *up;
	struct db_item di;
	struct db_prepared p;
	int64_t id;
	int rc;

	if (sqlite3_prepare_v2(db->h, "SELECT id FROM items ORDER BY id", -1,
	    &st, NULL) != SQLITE_OK)
		return sqlite3_errcode(db->h);
	if (sqlite3_prepare_v2(db->h, "UPDATE items SET hash = ? WHERE id = ?",
	    -1, &up, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return sqlite3_errcode(db->h);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if ((rc = db_items_read(db, id, &di)) != SQLITE_OK)
			break;
		db_prepare_item(&di.item, &p);
		sqlite3_bind_int64(up, 1, p.hash);
		sqlite3_bind_int64(up, 2, id);
		rc = db_step_done(db, up);
		db_prepared_free(&p);
		db_items_item_free(&di);
		if (rc != SQLITE_OK)
			break;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	if (rc != SQLITE_DONE)
		return rc;
	return db_exec(db, "INSERT INTO items_fts (items_fts) "
	    "VALUES ('rebuild')");
}

/*
 * Version 3: the search index merges its segments only when 16 pile up
 * on one level (FTS5's crisis merge), not a little on every write: with
 * automerge at its default of 4, merging was a quarter of the time a
 * 100,000-article refresh took (7.8 s -> 5.7 s), and searches on the
 * result are as fast (a term is looked up in at most some tens of
 * segments).
 */
/* ------------------------------------------------- the index backlog */

/*
 * Version 8: the search index off the store's critical path.  A refresh
 * stores articles without indexing them (FTS5 work was two thirds of a
 * store: tokenizing, then writing a small segment per feed that merging
 * wrote again); it lists them in fts_pending, in the same transaction as
 * the articles, so a crash never leaves an article unlisted.  The backlog
 * is indexed later in large batches (db_index_backlog()): in loop slices
 * while the store is idle, at the end of `tidende refresh`, and before
 * anything reads the index (db_index_catch_up()).  While an article is
 * pending the index must not be told to delete it (it was never added):
 * the delete trigger and the statements that take articles out of the
 * index skip pending ones.  (Step 7 is the search tokenizer's.)
 */
const char db_store_schema_v8[] =
	"CREATE TABLE fts_pending (item_id INTEGER PRIMARY KEY);"
	"DROP TRIGGER items_bd;"
	"CREATE TRIGGER items_bd BEFORE DELETE ON items BEGIN"
	" INSERT INTO items_fts (items_fts, rowid, title, author, body, feed)"
	"  SELECT 'delete', id, title, author, body, feed FROM items_text"
	"  WHERE id = OLD.id AND NOT EXISTS (SELECT 1 FROM fts_pending"
	"  WHERE item_id = OLD.id);"
	" DELETE FROM fts_pending WHERE item_id = OLD.id;"
	" END;";

/* Articles a batch of the backlog indexes in one transaction (no budget). */
#define DB_INDEX_CHUNK		8192
/* A first slice's size, until one is measured. */
#define DB_INDEX_FIRST		64
/* Loop slices: their budget, and the wait while a store batch is open. */
#define DB_INDEX_SLICE_MS	10
/*
 * ... and for a command, which has no keys to answer: a slice writes one
 * index segment, and segments of 100-odd articles cost more (merging)
 * than indexing each 500-article feed as it was stored did.
 */
#define DB_INDEX_SLICE_CMD_MS	100
#define DB_INDEX_WAIT_MS	20
/*
 * A command with an idle test (db_index_set_idle()) indexes this many
 * articles a chunk, only while it is idle: FTS5 writes a segment per
 * chunk, and a few thousand articles make segments that cost no more to
 * write than one large batch at the end (tests/bench/store-bench.sh).
 */
#define DB_INDEX_IDLE_CHUNK	2048

/* Whether the store indexes as it goes: ignore rules that search do. */
static int
db_index_inline(struct db *db)
{
	size_t i;

	for (i = 0; i < db->nignores; i++)
		if (db->ignores[i]->match != NULL)
			return 1;
	return 0;
}

/* Index the first n articles of the backlog (all: n 0); SQLite code. */
static int
db_index_some(struct db *db, int n, int *more)
{
	sqlite3_stmt *st;
	int64_t upto = INT64_MAX;
	int rc;

	*more = 0;
	if (n > 0) {
		if ((st = db_stmt(db, S_FTS_PENDING_UPTO)) == NULL)
			return SQLITE_ERROR;
		sqlite3_bind_int(st, 1, n - 1);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			upto = sqlite3_column_int64(st, 0);
			*more = 1;	/* perhaps: the caller asks again */
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return rc;
	}
	if ((st = db_stmt(db, S_FTS_PENDING_INDEX)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, upto);
	if ((rc = db_step_done(db, st)) != SQLITE_OK)
		return rc;
	if ((st = db_stmt(db, S_FTS_PENDING_DONE)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, upto);
	return db_step_done(db, st);
}

size_t
db_index_pending(struct db *db)
{
	sqlite3_stmt *st;
	size_t n = 0;

	if ((st = db_stmt(db, S_FTS_PENDING_COUNT)) == NULL)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Whether the backlog is longer than max (cheap: reads max rows). */
int
db_index_over(struct db *db, size_t max)
{
	sqlite3_stmt *st;
	int over;

	if (max >= INT32_MAX || (st = db_stmt(db, S_FTS_PENDING_UPTO)) == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
	over = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return over;
}

static int
db_index_any(struct db *db)
{
	sqlite3_stmt *st;
	int any = 0;

	if ((st = db_stmt(db, S_FTS_PENDING_ANY)) == NULL)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		any = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return any;
}

enum status
db_index_backlog(struct db *db, int budget_ms, int *more, char **cause)
{
	int64_t t0 = loop_now_us(), us;
	int n, rc, left, in_batch;

	*more = 0;
	if (!db_index_any(db))
		return STATUS_OK;
	if (budget_ms <= 0)
		db_index_stop(db);	/* all of it, here */
	/* a slice goes into an open store batch; all of it commits that */
	in_batch = budget_ms > 0 && db->batch_open;
	do {
		n = budget_ms > 0 ? db->index_per_slice : DB_INDEX_CHUNK;
		if (n <= 0)
			n = DB_INDEX_FIRST;
		if (!in_batch && (rc = db_begin(db)) != SQLITE_OK)
			goto fail;
		if ((rc = db_index_some(db, n, &left)) != SQLITE_OK)
			goto fail;
		if (in_batch)
			db->writes++;	/* this connection sees it already */
		else if ((rc = db_commit(db)) != SQLITE_OK)
			goto fail;
	} while (left && budget_ms <= 0);
	if (budget_ms > 0) {
		/* the next slice's size, from this one's time */
		us = loop_now_us() - t0;
		if (us < 1)
			us = 1;
		n = (int)((int64_t)n * budget_ms * 1000 / us);
		if (n > 2 * db->index_per_slice && db->index_per_slice > 0)
			n = 2 * db->index_per_slice;
		db->index_per_slice = n < 8 ? 8 : n > 4096 ? 4096 : n;
	}
	*more = left;
	return STATUS_OK;
fail:
	*cause = db_cause(db);
	if (in_batch)
		db_batch_tx_rollback(db);
	else
		db_rollback(db);
	return STATUS_DB;
}

enum status
db_index_chunk(struct db *db, size_t n, int *more, char **cause)
{
	int rc, left = 0;

	*more = 0;
	if (!db_index_any(db))
		return STATUS_OK;
	if (n == 0 || n > INT32_MAX)
		n = DB_INDEX_CHUNK;
	/* a transaction of its own (an open store batch commits first) */
	if ((rc = db_begin(db)) != SQLITE_OK ||
	    (rc = db_index_some(db, (int)n, &left)) != SQLITE_OK ||
	    (rc = db_commit(db)) != SQLITE_OK) {
		*cause = db_cause(db);
		db_rollback(db);
		return STATUS_DB;
	}
	*more = left;
	return STATUS_OK;
}

void
db_index_catch_up(struct db *db)
{
	char *cause = NULL;
	int more;

	if (db_index_backlog(db, 0, &more, &cause) != STATUS_OK) {
		log_warn("cannot index new articles for search: %s", cause);
		free(cause);
	}
}

/* A failed slice or chunk: the next search or refresh tries again. */
static void
db_index_failed(struct db *db, char *cause)
{
	/* a refresh running reports it (db_checkpoint_error()) */
	log_warn("cannot index new articles for search: %s", cause);
	free(db->index_error);
	db->index_error = xasprintf(_("cannot index new articles "
	    "for search: %s"), cause);
	free(cause);
}

static void	db_index_slice(void *);

/*
 * A command's chunk, while it is idle (its idle test says nothing waits
 * for the store) and no store batch is open; else a look again soon.
 */
static void
db_index_idle_chunk(struct db *db)
{
	char *cause = NULL;
	int64_t t0;
	int more;

	if (db->batch_open || !db->index_idle(db->index_idle_arg) ||
	    !db_schema_ckpt_caught_up(db, 0)) {
		db->index_timer = loop_add_timer(DB_INDEX_WAIT_MS,
		    db_index_slice, db);
		return;
	}
	t0 = loop_now_us();
	if (db_index_chunk(db, DB_INDEX_IDLE_CHUNK, &more, &cause) !=
	    STATUS_OK) {
		db_index_failed(db, cause);
		return;
	}
	log_debug("%s: indexed up to %d articles for search while idle in "
	    "%.1f ms%s", db->path, DB_INDEX_IDLE_CHUNK,
	    (double)(loop_now_us() - t0) / 1000.0, more ? ", more to do" : "");
	if (more)
		db->index_timer = loop_add_timer(0, db_index_slice, db);
	else
		db_schema_ckpt_kick(db);
}

static void
db_index_slice(void *arg)
{
	struct db *db = arg;
	char *cause = NULL;
	int64_t t0;
	int more, n;

	db->index_timer = 0;
	if (db->index_idle != NULL) {
		db_index_idle_chunk(db);
		return;
	}
	/*
	 * The store first (its batch is open while it has feeds waiting),
	 * unless the backlog grew long: a search would wait for all of it.
	 * Then slices go into the store's batch, between its slices.
	 */
	if ((db->batch_open && !db_index_over(db, db->index_backlog_max))
	    || !db_schema_ckpt_caught_up(db, 0)) {
		db->index_timer = loop_add_timer(DB_INDEX_WAIT_MS,
		    db_index_slice, db);
		return;
	}
	t0 = loop_now_us();
	n = db->index_per_slice > 0 ? db->index_per_slice : DB_INDEX_FIRST;
	if (db_index_backlog(db, db->index_backlog_max == SIZE_MAX ?
	    DB_INDEX_SLICE_CMD_MS : DB_INDEX_SLICE_MS, &more, &cause) !=
	    STATUS_OK) {
		db_index_failed(db, cause);
		return;
	}
	log_debug("%s: indexed up to %d articles for search in %.1f ms%s",
	    db->path, n, (double)(loop_now_us() - t0) / 1000.0,
	    more ? ", more to do" : "");
	if (more)
		db->index_timer = loop_add_timer(0, db_index_slice, db);
}

void
db_index_background(struct db *db)
{
	if (db->index_timer == 0 && db_index_any(db))
		db->index_timer = loop_add_timer(0, db_index_slice, db);
}

int
db_index_busy(struct db *db)
{
	/* a command indexing all at its end does not wait for slices */
	return db->index_timer != 0 && db->index_backlog_max != SIZE_MAX;
}

void
db_index_set_backlog_max(struct db *db, size_t max)
{
	db->index_backlog_max = max;
}

void
db_index_set_idle(struct db *db, int (*idle)(void *), void *arg)
{
	db_index_stop(db);
	db->index_idle = idle;
	db->index_idle_arg = arg;
}

void
db_index_stop(struct db *db)
{
	if (db->index_timer != 0)
		loop_cancel_timer(db->index_timer);
	db->index_timer = 0;
}

/* --------------------------------------------------------------- store */

/* Set the channel fields; reindex the feed title when it changed. */
static int
db_store_channel(struct db *db, int64_t feed_id, const struct parsed_feed *pf,
    char **display)
{
	sqlite3_stmt *st;
	char *title = NULL, *link = NULL, *lang = NULL;
	int changed = 0, rc = SQLITE_OK, title_changed;

	*display = NULL;
	if ((st = db_stmt(db, S_FEED_CHANNEL_GET)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, feed_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return SQLITE_NOTFOUND;
	}
	title = db_col_text(st, 0);
	link = db_col_text(st, 1);
	lang = db_col_text(st, 2);
	*display = db_col_text(st, 3);
	sqlite3_reset(st);

	title_changed = pf->title != NULL && !db_str_eq(title, pf->title);
	if (title_changed || (pf->link != NULL && !db_str_eq(link, pf->link))
	    || (pf->language != NULL && !db_str_eq(lang, pf->language)))
		changed = 1;
	if (changed) {
		if (title_changed)
			rc = db_feed_reindex(db, S_FEED_UNINDEX, feed_id);
		if (rc != SQLITE_OK)
			;
		else if ((st = db_stmt(db, S_FEED_CHANNEL_SET)) == NULL)
			rc = SQLITE_ERROR;
		else {
			db_bind_text(st, 1, pf->title != NULL ? pf->title :
			    title);
			db_bind_text(st, 2, pf->link != NULL ? pf->link : link);
			db_bind_text(st, 3, pf->language != NULL ?
			    pf->language : lang);
			sqlite3_bind_int64(st, 4, feed_id);
			rc = db_step_done(db, st);
		}
		if (rc == SQLITE_OK && title_changed) {
			if ((st = db_stmt(db, S_FEED_CHANNEL_GET)) != NULL) {
				sqlite3_bind_int64(st, 1, feed_id);
				if (sqlite3_step(st) == SQLITE_ROW) {
					free(*display);
					*display = db_col_text(st, 3);
				}
				sqlite3_reset(st);
			}
			rc = db_feed_reindex(db, S_FEED_INDEX, feed_id);
		}
	}
	free(title);
	free(link);
	free(lang);
	return rc;
}

/* Whether guid is one of the ids of the parsed feed. */
static int
db_guid_in_feed(const struct parsed_feed *pf, const char *guid)
{
	size_t i;

	for (i = 0; i < pf->nitems; i++)
		if (pf->items[i].id != NULL && strcmp(pf->items[i].id,
		    guid) == 0)
			return 1;
	return 0;
}

/*
 * Find the stored row of an item: by (feed, guid), else by same link and
 * title when the old guid is gone from the document (a feed that changed
 * its guid scheme).  *id is 0 when it is new.
 */
static int
db_store_find(struct db *db, int64_t feed_id, const struct parsed_feed *pf,
    const struct item *it, int fallback, int64_t *id, int64_t *hash,
    int64_t *last_seen, int *guid_changed)
{
	sqlite3_stmt *st;
	const char *old;
	int rc;

	*id = 0;
	*guid_changed = 0;
	if ((st = db_stmt(db, S_ITEM_BY_GUID)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, feed_id);
	db_bind_text(st, 2, it->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*hash = sqlite3_column_int64(st, 1);
		*last_seen = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (*id != 0 || it->link == NULL || !fallback)
		return SQLITE_OK;

	if ((st = db_stmt(db, S_ITEM_BY_LINK)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, feed_id);
	db_bind_text(st, 2, it->link);
	db_bind_text(st, 3, it->title);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		old = (const char *)sqlite3_column_text(st, 3);
		if (old != NULL && db_guid_in_feed(pf, old))
			continue;
		*id = sqlite3_column_int64(st, 0);
		*hash = sqlite3_column_int64(st, 1);
		*last_seen = sqlite3_column_int64(st, 2);
		*guid_changed = 1;
		break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * Search-index work of one stored feed, done after all its articles:
 * FTS5 flushes its pending terms at every statement savepoint, and the
 * article inserts (with their triggers) open one each, so interleaving
 * them would write a tiny index segment per article.
 */
struct db_fts_op {
	int64_t	 id;
	int	 replace;
	const struct item *it;
};

struct db_fts_batch {
	struct db_fts_op *ops;
	size_t	 n;
	size_t	 cap;
	int	 had_items;	/* the feed had articles before this store */
	int	 inline_index;	/* index now, not through the backlog */
};

static void
db_fts_batch_add(struct db_fts_batch *b, int64_t id, int replace,
    const struct item *it)
{
	if (b->n == b->cap) {
		b->cap = b->cap == 0 ? 64 : b->cap * 2;
		b->ops = xreallocarray(b->ops, b->cap, sizeof *b->ops);
	}
	b->ops[b->n].id = id;
	b->ops[b->n].replace = replace;
	b->ops[b->n].it = it;
	b->n++;
}

static int
db_body_put(struct db *db, int64_t id, const struct item *it, int replace)
{
	sqlite3_stmt *st;
	int rc;

	if (it->summary == NULL && it->content == NULL) {
		if (!replace)
			return SQLITE_OK;
		if ((st = db_stmt(db, S_BODY_DELETE)) == NULL)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, id);
		return db_step_done(db, st);
	}
	/*
	 * A new article has no body yet (its row's delete trigger takes the
	 * body with it), so a plain insert; should a body be left over from
	 * a row deleted by hand, it is replaced as before.
	 */
	if (!replace) {
		if ((st = db_stmt(db, S_BODY_ADD)) == NULL)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, id);
		db_bind_text_nocopy(st, 2, it->summary);
		db_bind_text_nocopy(st, 3, it->content);
		rc = db_step_done_unbind(db, st);
		if (rc != SQLITE_CONSTRAINT_PRIMARYKEY)
			return rc;
		log_debug("%s: article %lld had a body already", db->path,
		    (long long)id);
	}
	if ((st = db_stmt(db, S_BODY_PUT)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text_nocopy(st, 2, it->summary);
	db_bind_text_nocopy(st, 3, it->content);
	return db_step_done_unbind(db, st);
}

static int
db_store_item(struct db *db, int64_t feed_id, const struct parsed_feed *pf,
    const struct item *it, int64_t now, struct db_store_stats *stats,
    struct db_fts_batch *batch)
{
	struct db_prepared p;
	struct db_fts_op *again_op = NULL;
	sqlite3_stmt *st;
	int64_t id, hash = 0, last_seen = 0;
	size_t k;
	int rc, guid_changed, is_update, look;

	if (it->id == NULL)
		return SQLITE_OK;	/* the parser always sets one */
	/*
	 * A feed's first fetch has nothing stored to find: its articles are
	 * inserted without looking (a lookup was 5% of storing one).  One
	 * whose guid is stored after all (the document repeats a guid, or
	 * another process stored the feed meanwhile) fails the insert on
	 * the unique guid index, which writes nothing, and is looked up.
	 */
	look = batch->had_items;
again:
	id = 0;
	guid_changed = 0;
	if (look && (rc = db_store_find(db, feed_id, pf, it,
	    batch->had_items, &id, &hash, &last_seen, &guid_changed)) !=
	    SQLITE_OK)
		return rc;
	db_prepare_item(it, &p);
	is_update = id != 0;

	/*
	 * Stored by tidende 0.1.0, with the old hash: when that
	 * matches, the article is the same (its translations stay) and gets
	 * the new hash.  Only articles whose new hash differs pay for it.
	 */
	if (id != 0 && hash != p.hash && hash == db_hash_legacy(&p)) {
		if ((st = db_stmt(db, S_ITEM_SET_HASH)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, p.hash);
		sqlite3_bind_int64(st, 2, id);
		if ((rc = db_step_done(db, st)) != SQLITE_OK)
			goto out;
		hash = p.hash;
	}
	if (id != 0 && hash == p.hash) {
		stats->unchanged++;
		if (guid_changed) {
			if ((st = db_stmt(db, S_ITEM_SET_GUID)) == NULL)
				goto fail;
			db_bind_text(st, 1, it->id);
			sqlite3_bind_int64(st, 2, id);
			if ((rc = db_step_done(db, st)) != SQLITE_OK)
				goto out;
		}
		if (last_seen < now - DB_SEEN_SLACK) {
			if ((st = db_stmt(db, S_ITEM_TOUCH)) == NULL)
				goto fail;
			sqlite3_bind_int64(st, 1, now);
			sqlite3_bind_int64(st, 2, id);
			rc = db_step_done(db, st);
		}
		goto out;
	}

	/*
	 * The document repeats a guid: its first copy, stored in this slice,
	 * is not in the index yet (that comes at the slice's end), so FTS5
	 * must not be told to delete it ("database disk image is
	 * malformed"); the slice indexes it once, with the later text.
	 */
	for (k = 0, again_op = NULL; is_update && k < batch->n; k++)
		if (batch->ops[k].id == id)
			again_op = &batch->ops[k];
	if (is_update && again_op == NULL &&
	    (rc = db_fts_unindex(db, id)) != SQLITE_OK)
		goto out;
	st = db_stmt(db, id != 0 ? S_ITEM_UPDATE : S_ITEM_INSERT);
	if (st == NULL)
		goto fail;
	if (id != 0)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_int64(st, 1, feed_id);
	db_bind_text(st, 2, it->id);
	db_bind_text(st, 3, it->title);
	db_bind_text(st, 4, it->link);
	db_bind_text(st, 5, it->author);
	db_bind_date(st, 6, it->published);
	db_bind_date(st, 7, it->updated);
	/* (?8 and ?9 are not used: the texts go to bodies) */
	db_bind_text(st, 10, it->language);
	db_bind_text(st, 11, p.categories);
	db_bind_text(st, 12, p.enclosures);
	sqlite3_bind_int64(st, 13, now);
	/* An update keeps its first-seen date for the sort fallback. */
	sqlite3_bind_int64(st, 14, db_sort_date(it, now));
	sqlite3_bind_int64(st, 15, p.hash);
	if ((rc = db_step_done(db, st)) == SQLITE_CONSTRAINT_UNIQUE && !look) {
		db_prepared_free(&p);
		look = 1;
		goto again;
	}
	if (rc != SQLITE_OK)
		goto out;
	if (id == 0) {
		id = sqlite3_last_insert_rowid(db->h);
		stats->added++;
	} else {
		stats->updated++;
		if ((st = db_stmt(db, S_TRANSLATIONS_DELETE)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		if ((rc = db_step_done(db, st)) != SQLITE_OK)
			goto out;
	}
	if ((rc = db_body_put(db, id, it, is_update)) != SQLITE_OK)
		goto out;
	if (batch->inline_index) {
		/* indexed below: off the backlog, if it was on it */
		if (is_update) {
			if ((st = db_stmt(db, S_FTS_PENDING_DEL)) == NULL)
				goto fail;
			sqlite3_bind_int64(st, 1, id);
			if ((rc = db_step_done(db, st)) != SQLITE_OK)
				goto out;
		}
	} else {
		if ((st = db_stmt(db, S_FTS_PENDING_ADD)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		if ((rc = db_step_done(db, st)) != SQLITE_OK)
			goto out;
	}
	if (again_op != NULL)
		again_op->it = it;
	else
		db_fts_batch_add(batch, id, is_update, it);
out:
	db_prepared_free(&p);
	return rc;
fail:
	db_prepared_free(&p);
	return SQLITE_ERROR;
}

/* The index work of a stored feed, then the ignore rules on it. */
static int
db_fts_batch_run(struct db *db, struct db_fts_batch *b, const char *feed,
    struct db_store_stats *stats)
{
	const struct item *it;
	sqlite3_stmt *st;
	char *body, *full;
	size_t i;
	int rc, ignored;

	for (i = 0; i < b->n && b->inline_index; i++) {
		it = b->ops[i].it;
		/* an article updated in place keeps its full text (db-fulltext) */
		full = b->ops[i].replace ? db_fulltext_html(db, b->ops[i].id) :
		    NULL;
		body = db_text_body(it->content, it->summary, full);
		free(full);
		rc = db_fts_put(db, b->ops[i].id, it, body, feed);
		free(body);
		if (rc != SQLITE_OK)
			return rc;
	}
	for (i = 0; i < b->n && db->nignores > 0; i++) {
		if ((rc = db_retain_ignore_check(db, b->ops[i].id, &ignored)) !=
		    SQLITE_OK)
			return rc;
		if (!ignored)
			continue;
		if ((st = db_stmt(db, S_ITEM_SET_IGNORED)) == NULL)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, b->ops[i].id);
		if ((rc = db_step_done(db, st)) != SQLITE_OK)
			return rc;
		stats->ignored++;
	}
	return SQLITE_OK;
}

/* A feed being stored, one slice (one transaction) per db_store_step(). */
struct db_store {
	struct db	*db;
	int64_t		 feed_id;
	const struct parsed_feed *pf;
	size_t		 next;		/* items pf->items[0..next) left */
	int		 started;	/* the channel is stored */
	int		 had_items;	/* the feed had articles before */
	char		*display;	/* the feed's display title */
	int64_t		 now;
	struct db_store_stats stats;	/* of the committed slices */
	int		 cost_x16;	/* a slice's whole time / its items' */
};

struct db_store *
db_store_begin(struct db *db, int64_t feed_id, const struct parsed_feed *pf)
{
	struct db_store *s;

	s = xcalloc(1, sizeof *s);
	s->db = db;
	s->feed_id = feed_id;
	s->pf = pf;
	s->next = pf->nitems;
	s->had_items = 1;
	s->now = db_now();
	s->cost_x16 = 48;		/* until measured: the index doubles it */
	return s;
}

enum status
db_store_step(struct db_store *s, int budget_ms, int *done, char **cause)
{
	struct db *db = s->db;
	struct db_store_stats stats;
	struct db_fts_batch batch = { NULL, 0, 0, 1, 0 };
	sqlite3_stmt *st;
	int64_t t0 = budget_ms > 0 ? loop_now_us() : 0, t_items = 0;
	size_t n = 0, next = s->next;
	int rc;

	*done = 0;
	memset(&stats, 0, sizeof stats);
	if (db_batch_tx_begin(db) != SQLITE_OK)
		goto fail;
	if (!s->started) {
		rc = db_store_channel(db, s->feed_id, s->pf, &s->display);
		if (rc == SQLITE_NOTFOUND) {
			/* nothing written: a batch stays as it is */
			if (!db->batch_open)
				db_rollback(db);
			*cause = xasprintf(_("%s: no feed %lld in the cache"),
			    db->path, (long long)s->feed_id);
			return STATUS_NOT_FOUND;
		}
		if (rc != SQLITE_OK)
			goto fail;
		/* A first fetch has no older guid scheme to fall back to. */
		if ((st = db_stmt(db, S_FEED_HAS_ITEMS)) != NULL) {
			sqlite3_bind_int64(st, 1, s->feed_id);
			if (sqlite3_step(st) == SQLITE_ROW)
				s->had_items = sqlite3_column_int(st, 0);
			sqlite3_reset(st);
		}
	}
	batch.had_items = s->had_items;
	batch.inline_index = db_index_inline(db);
	/* Oldest first, so equal dates keep the document's order by id. */
	while (next > 0) {
		rc = db_store_item(db, s->feed_id, s->pf, &s->pf->items[next - 1],
		    s->now, &stats, &batch);
		if (rc != SQLITE_OK)
			goto fail;
		next--;
		/*
		 * The clock now and then.  The index work below comes on
		 * top (from a third to twice as much again, by article
		 * size): the last slice's share counts in.
		 */
		if (budget_ms > 0 && ++n % 8 == 0 &&
		    (loop_now_us() - t0) * s->cost_x16 / 16 >= budget_ms * 1000)
			break;
	}
	if (budget_ms > 0)
		t_items = loop_now_us() - t0;
	/* before the ignore rules: marking ignored subtracts again */
	if (stats.added > 0) {
		if ((st = db_stmt(db, S_FEED_COUNT_NEW)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, (sqlite3_int64)stats.added);
		sqlite3_bind_int64(st, 2, s->feed_id);
		if (db_step_done(db, st) != SQLITE_OK)
			goto fail;
	}
	if (db_fts_batch_run(db, &batch, s->display, &stats) != SQLITE_OK)
		goto fail;
	/* what the index added this time (x1 to x8), for the next slice */
	if (budget_ms > 0 && t_items >= 1000) {
		s->cost_x16 = (int)((loop_now_us() - t0) * 16 / t_items);
		if (s->cost_x16 < 16)
			s->cost_x16 = 16;
		if (s->cost_x16 > 128)
			s->cost_x16 = 128;
	}
	if (db_batch_tx_commit(db) != SQLITE_OK)
		goto fail;
	free(batch.ops);
	s->started = 1;
	s->next = next;
	s->stats.added += stats.added;
	s->stats.updated += stats.updated;
	s->stats.unchanged += stats.unchanged;
	s->stats.ignored += stats.ignored;
	*done = next == 0;
	return STATUS_OK;

fail:
	free(batch.ops);
	*cause = db_cause(db);
	db_batch_tx_rollback(db);
	if (!s->started) {
		free(s->display);
		s->display = NULL;
	}
	return STATUS_DB;
}

size_t
db_store_left(const struct db_store *s)
{
	return s->next;
}

int
db_store_ready(struct db *db)
{
	return db->batch_open || db_schema_ckpt_caught_up(db, 0);
}

void
db_store_end(struct db_store *s, struct db_store_stats *stats)
{
	if (s == NULL)
		return;
	if (stats != NULL)
		*stats = s->stats;
	free(s->display);
	free(s);
}

enum status
db_store_feed(struct db *db, int64_t feed_id, const struct parsed_feed *pf,
    struct db_store_stats *stats, char **cause)
{
	struct db_store *s;
	enum status st;
	int done;

	if (stats != NULL)
		memset(stats, 0, sizeof *stats);
	s = db_store_begin(db, feed_id, pf);
	/* no budget: the whole feed in one transaction */
	st = db_store_step(s, 0, &done, cause);
	db_store_end(s, st == STATUS_OK ? stats : NULL);
	return st;
}

