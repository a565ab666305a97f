/*
 * The store's side of sync (tidende/db-sync.h): accounts, the queue of
 * local changes waiting for the server, server ids of feeds and
 * articles, storing the server's articles and reconciling read and
 * starred state.  The queue is written by SQL triggers on items (schema
 * step 5, below), so every path that changes read or starred queues in
 * the same statement; this module's own writes of the server's state
 * run with a row in sync_quiet, which the triggers read, and delete it
 * again before they commit.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db-private.h"
#include "tidende/db-store.h"
#include "tidende/db-sync.h"
#include "tidende/feed.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

/*
 * Version 5 (owner db-sync).  sync_ops keeps one row per (article,
 * field): a new change deletes the old row and inserts one with a new
 * seq (AUTOINCREMENT: a seq is never reused, so an acknowledgement of
 * an older seq cannot delete a newer change).  A change keeps the
 * server id, so pruning the article does not lose it.  server_items
 * rows go with their article (no foreign keys: the cache runs without
 * them, as the other tables' triggers do).
 */
const char db_sync_schema_v5[] =
	"CREATE TABLE sync_account ("
	" id INTEGER PRIMARY KEY,"
	" backend TEXT NOT NULL, url TEXT NOT NULL, user TEXT NOT NULL,"
	" last_sync INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT, cursor TEXT,"
	" UNIQUE (backend, url, user));"
	"CREATE TABLE server_feeds ("
	" account_id INTEGER NOT NULL,"
	" server_id TEXT NOT NULL,"
	" feed_id INTEGER NOT NULL UNIQUE,"
	" category TEXT,"
	" PRIMARY KEY (account_id, server_id));"
	"CREATE TABLE server_items ("
	" account_id INTEGER NOT NULL,"
	" server_id TEXT NOT NULL,"
	" item_id INTEGER NOT NULL UNIQUE,"
	" PRIMARY KEY (account_id, server_id));"
	"CREATE TABLE sync_ops ("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" account_id INTEGER NOT NULL,"
	" item_id INTEGER NOT NULL,"
	" server_id TEXT NOT NULL,"
	" field TEXT NOT NULL CHECK (field IN ('read', 'star')),"
	" op TEXT NOT NULL CHECK (op IN ('read', 'unread', 'star', 'unstar')),"
	" time INTEGER NOT NULL,"
	" tries INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" UNIQUE (item_id, field));"
	"CREATE INDEX sync_ops_account ON sync_ops (account_id, seq);"
	"CREATE TABLE sync_quiet (x INTEGER);"
	"CREATE TRIGGER items_sync_read AFTER UPDATE OF read ON items"
	" WHEN OLD.read <> NEW.read"
	" AND EXISTS (SELECT 1 FROM server_items WHERE item_id = NEW.id)"
	" AND NOT EXISTS (SELECT 1 FROM sync_quiet) BEGIN"
	" DELETE FROM sync_ops WHERE item_id = NEW.id AND field = 'read';"
	" INSERT INTO sync_ops (account_id, item_id, server_id, field, op, time)"
	"  SELECT account_id, NEW.id, server_id, 'read',"
	"  CASE WHEN NEW.read THEN 'read' ELSE 'unread' END,"
	"  CAST(strftime('%s', 'now') AS INTEGER)"
	"  FROM server_items WHERE item_id = NEW.id;"
	" END;"
	"CREATE TRIGGER items_sync_star AFTER UPDATE OF starred ON items"
	" WHEN OLD.starred <> NEW.starred"
	" AND EXISTS (SELECT 1 FROM server_items WHERE item_id = NEW.id)"
	" AND NOT EXISTS (SELECT 1 FROM sync_quiet) BEGIN"
	" DELETE FROM sync_ops WHERE item_id = NEW.id AND field = 'star';"
	" INSERT INTO sync_ops (account_id, item_id, server_id, field, op, time)"
	"  SELECT account_id, NEW.id, server_id, 'star',"
	"  CASE WHEN NEW.starred THEN 'star' ELSE 'unstar' END,"
	"  CAST(strftime('%s', 'now') AS INTEGER)"
	"  FROM server_items WHERE item_id = NEW.id;"
	" END;"
	"CREATE TRIGGER items_sync_ad AFTER DELETE ON items BEGIN"
	" DELETE FROM server_items WHERE item_id = OLD.id;"
	" END;";

/* ------------------------------------------------------------- helpers */

/* A prepared one-off statement; NULL (and the cause kept) on failure. */
static sqlite3_stmt *
db_sync_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	return st;
}

/* Run a finished statement to its end and finalize it. */
static int
db_sync_run(struct db *db, sqlite3_stmt *st)
{
	int rc;

	(void)db;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static enum status
db_sync_fail(struct db *db, char **cause)
{
	*cause = db_cause(db);
	db_rollback(db);
	return STATUS_DB;
}

/* Untrusted text from the server, cleaned; NULL stays NULL. */
static char *
db_sync_clean(const char *s)
{
	if (s == NULL)
		return NULL;
	return utf8_clean(s, strlen(s), UTF8_COLLAPSE_SPACE);
}

/* Writes of the server's state: the triggers queue nothing meanwhile. */
static int
db_sync_quiet(struct db *db, int on)
{
	return db_exec(db, on ? "INSERT INTO sync_quiet VALUES (1)" :
	    "DELETE FROM sync_quiet");
}

/* The ids in the temporary table sync_ids (replacing what was there). */
static int
db_sync_ids(struct db *db, char *const *ids, size_t n)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS sync_ids "
	    "(id TEXT PRIMARY KEY) WITHOUT ROWID")) != SQLITE_OK ||
	    (rc = db_exec(db, "DELETE FROM temp.sync_ids")) != SQLITE_OK)
		return rc;
	if ((st = db_sync_prepare(db, "INSERT OR IGNORE INTO temp.sync_ids "
	    "(id) VALUES (?)")) == NULL)
		return SQLITE_ERROR;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		db_bind_text(st, 1, ids[i]);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	return SQLITE_OK;
}

/* ------------------------------------------------------------ accounts */

void
db_sync_account_free(struct db_sync_account *a)
{
	if (a == NULL)
		return;
	free(a->backend);
	free(a->url);
	free(a->user);
	free(a->last_error);
	free(a->cursor);
	memset(a, 0, sizeof *a);
}

static enum status
db_sync_account_read(struct db *db, const char *backend, const char *url,
    const char *user, struct db_sync_account *out, char **cause)
{
	sqlite3_stmt *st;
	enum status s = STATUS_NOT_FOUND;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = db_sync_prepare(db, "SELECT id, backend, url, user, "
	    "last_sync, last_error, cursor FROM sync_account WHERE "
	    "backend = ? AND url = ? AND user = ?")) == NULL) {
		*cause = db_cause(db);
		return STATUS_DB;
	}
	db_bind_text(st, 1, backend);
	db_bind_text(st, 2, url);
	db_bind_text(st, 3, user);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->backend = db_col_text(st, 1);
		out->url = db_col_text(st, 2);
		out->user = db_col_text(st, 3);
		out->last_sync = sqlite3_column_int64(st, 4);
		out->last_error = db_col_text(st, 5);
		out->cursor = db_col_text(st, 6);
		s = STATUS_OK;
	} else if (rc != SQLITE_DONE) {
		*cause = db_cause(db);
		s = STATUS_DB;
	}
	sqlite3_finalize(st);
	if (s == STATUS_NOT_FOUND)
		*cause = xasprintf(_("no %s account for %s at %s"), backend, user,
		    url);
	return s;
}

enum status
db_sync_account_find(struct db *db, const char *backend, const char *url,
    const char *user, struct db_sync_account *out, char **cause)
{
	return db_sync_account_read(db, backend, url, user, out, cause);
}

enum status
db_sync_account(struct db *db, const char *backend, const char *url,
    const char *user, struct db_sync_account *out, char **cause)
{
	sqlite3_stmt *st;
	enum status s;
	char *c = NULL;

	s = db_sync_account_read(db, backend, url, user, out, &c);
	if (s != STATUS_NOT_FOUND) {
		if (s != STATUS_OK)
			*cause = c;
		return s;
	}
	free(c);
	if (db_begin(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	if ((st = db_sync_prepare(db, "INSERT OR IGNORE INTO sync_account "
	    "(backend, url, user) VALUES (?, ?, ?)")) == NULL)
		return db_sync_fail(db, cause);
	db_bind_text(st, 1, backend);
	db_bind_text(st, 2, url);
	db_bind_text(st, 3, user);
	if (db_sync_run(db, st) != SQLITE_OK || db_commit(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	return db_sync_account_read(db, backend, url, user, out, cause);
}

enum status
db_sync_account_update(struct db *db, int64_t account, int64_t last_sync,
    const char *last_error, const char *cursor, char **cause)
{
	sqlite3_stmt *st;
	char *english = feed_error_english(last_error);	/* see feed.h */
	char *err = db_sync_clean(english);

	free(english);
	if (db_begin(db) != SQLITE_OK) {
		free(err);
		return db_sync_fail(db, cause);
	}
	if ((st = db_sync_prepare(db, "UPDATE sync_account SET "
	    "last_sync = CASE WHEN ?1 = 0 THEN last_sync ELSE ?1 END, "
	    "last_error = ?2, cursor = coalesce(?3, cursor) "
	    "WHERE id = ?4")) == NULL) {
		free(err);
		return db_sync_fail(db, cause);
	}
	sqlite3_bind_int64(st, 1, last_sync);
	db_bind_text(st, 2, err);
	db_bind_text(st, 3, cursor);
	sqlite3_bind_int64(st, 4, account);
	free(err);
	if (db_sync_run(db, st) != SQLITE_OK || db_commit(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	return STATUS_OK;
}

/* ----------------------------------------------------------- the queue */

int64_t
db_sync_pending(struct db *db, int64_t account)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if ((st = db_sync_prepare(db, "SELECT count(*) FROM sync_ops "
	    "WHERE account_id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, account);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static enum db_sync_op
db_sync_op_from(const char *s)
{
	if (s == NULL || strcmp(s, "read") == 0)
		return DB_SYNC_READ;
	if (strcmp(s, "unread") == 0)
		return DB_SYNC_UNREAD;
	if (strcmp(s, "star") == 0)
		return DB_SYNC_STAR;
	return DB_SYNC_UNSTAR;
}

enum status
db_sync_changes(struct db *db, int64_t account, size_t max,
    struct db_sync_change **out, size_t *n, char **cause)
{
	sqlite3_stmt *st;
	struct db_sync_change *c;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (max == 0)
		return STATUS_OK;
	if ((st = db_sync_prepare(db, "SELECT seq, item_id, server_id, op, "
	    "tries FROM sync_ops WHERE account_id = ? ORDER BY seq "
	    "LIMIT ?")) == NULL) {
		*cause = db_cause(db);
		return STATUS_DB;
	}
	sqlite3_bind_int64(st, 1, account);
	sqlite3_bind_int64(st, 2, max > INT64_MAX ? INT64_MAX : (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		c = &(*out)[(*n)++];
		c->seq = sqlite3_column_int64(st, 0);
		c->item_id = sqlite3_column_int64(st, 1);
		c->server_id = db_col_text(st, 2);
		c->op = db_sync_op_from((const char *)sqlite3_column_text(st,
		    3));
		c->tries = sqlite3_column_int(st, 4);
	}
	if (rc != SQLITE_DONE) {
		*cause = db_cause(db);
		sqlite3_finalize(st);
		db_sync_changes_free(*out, *n);
		*out = NULL;
		*n = 0;
		return STATUS_DB;
	}
	sqlite3_finalize(st);
	return STATUS_OK;
}

void
db_sync_changes_free(struct db_sync_change *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(c[i].server_id);
	free(c);
}

/* One statement over each seq, in one transaction. */
static enum status
db_sync_each_seq(struct db *db, const char *sql, const int64_t *seq,
    size_t n, const char *text, char **cause)
{
	sqlite3_stmt *st;
	size_t i;

	if (n == 0)
		return STATUS_OK;
	if (db_begin(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	if ((st = db_sync_prepare(db, sql)) == NULL)
		return db_sync_fail(db, cause);
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, seq[i]);
		if (text != NULL)
			db_bind_text(st, 2, text);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return db_sync_fail(db, cause);
		}
	}
	sqlite3_finalize(st);
	if (db_commit(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	return STATUS_OK;
}

enum status
db_sync_changes_done(struct db *db, const int64_t *seq, size_t n,
    char **cause)
{
	/* a replaced change has a new seq: it stays */
	return db_sync_each_seq(db, "DELETE FROM sync_ops WHERE seq = ?",
	    seq, n, NULL, cause);
}

enum status
db_sync_changes_failed(struct db *db, const int64_t *seq, size_t n,
    const char *error, int drop, char **cause)
{
	enum status s;
	char *err;

	if (drop)
		return db_sync_each_seq(db, "DELETE FROM sync_ops WHERE "
		    "seq = ?", seq, n, NULL, cause);
	err = db_sync_clean(error != NULL ? error : "failed");
	s = db_sync_each_seq(db, "UPDATE sync_ops SET tries = tries + 1, "
	    "last_error = ?2 WHERE seq = ?1", seq, n, err, cause);
	free(err);
	return s;
}

/* ------------------------------------------------ feeds and articles */

/* Whether a `feed` line of the config names url (see db_sync_feed). */
static int
db_sync_is_local(struct db *db, const char *url)
{
	size_t i;

	for (i = 0; i < db->nlocal_urls; i++)
		if (strcmp(db->local_urls[i], url) == 0)
			return 1;
	return 0;
}

enum status
db_sync_local_feeds(struct db *db, char *const *urls, size_t n,
    char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int found = 0;

	for (i = 0; i < db->nlocal_urls; i++)
		free(db->local_urls[i]);
	free(db->local_urls);
	db->local_urls = xcalloc(n > 0 ? n : 1, sizeof *db->local_urls);
	for (i = 0; i < n; i++)
		db->local_urls[i] = xstrdup(urls[i]);
	db->nlocal_urls = n;
	db->local_known = 1;

	/* Usually no server row is named: look without the write lock. */
	if ((st = db_sync_prepare(db, "SELECT 1 FROM server_feeds s JOIN "
	    "feeds f ON f.id = s.feed_id WHERE f.url = ?")) == NULL) {
		*cause = db_cause(db);
		return STATUS_DB;
	}
	for (i = 0; i < n && !found; i++) {
		sqlite3_reset(st);
		db_bind_text(st, 1, urls[i]);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	if (!found)
		return STATUS_OK;
	if (db_begin(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	if ((st = db_sync_prepare(db, "DELETE FROM server_feeds WHERE "
	    "feed_id IN (SELECT id FROM feeds WHERE url = ?)")) == NULL)
		return db_sync_fail(db, cause);
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		db_bind_text(st, 1, urls[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return db_sync_fail(db, cause);
		}
	}
	sqlite3_finalize(st);
	if (db_commit(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	return STATUS_OK;
}

/* An int64 from a one-row statement with one text and one int bound. */
static int
db_sync_lookup(struct db *db, const char *sql, int64_t a, const char *b,
    int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	if ((st = db_sync_prepare(db, sql)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		db_bind_text(st, 2, b);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The feed's display title and only tag, as the server has them. */
static int
db_sync_feed_fields(struct db *db, int64_t fid, const char *title,
    const char *category)
{
	sqlite3_stmt *st;
	char *old = NULL;
	int rc, same;

	if ((st = db_sync_prepare(db, "SELECT config_title FROM feeds "
	    "WHERE id = ?")) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, fid);
	if (sqlite3_step(st) == SQLITE_ROW)
		old = db_col_text(st, 0);
	sqlite3_finalize(st);
	same = db_str_eq(old, title);
	free(old);
	if (!same) {
		/* the feed title is in every article's index entry */
		if ((rc = db_feed_reindex(db, S_FEED_UNINDEX, fid)) !=
		    SQLITE_OK)
			return rc;
		if ((st = db_sync_prepare(db, "UPDATE feeds SET config_title "
		    "= ? WHERE id = ?")) == NULL)
			return SQLITE_ERROR;
		db_bind_text(st, 1, title);
		sqlite3_bind_int64(st, 2, fid);
		if ((rc = db_sync_run(db, st)) != SQLITE_OK)
			return rc;
		if ((rc = db_feed_reindex(db, S_FEED_INDEX, fid)) != SQLITE_OK)
			return rc;
	}
	if ((st = db_sync_prepare(db, "DELETE FROM feed_tags WHERE feed_id = ? "
	    "AND tag IS NOT ?")) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, fid);
	db_bind_text(st, 2, category);
	if ((rc = db_sync_run(db, st)) != SQLITE_OK)
		return rc;
	if (category == NULL || *category == '\0')
		return SQLITE_OK;
	if ((st = db_sync_prepare(db, "INSERT OR IGNORE INTO feed_tags "
	    "(feed_id, tag) VALUES (?, ?)")) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, fid);
	db_bind_text(st, 2, category);
	return db_sync_run(db, st);
}

enum status
db_sync_feed(struct db *db, int64_t account, const char *server_id,
    const char *url, const char *title, const char *category,
    int64_t *feed_id, char **cause)
{
	sqlite3_stmt *st;
	char *sid = db_sync_clean(server_id), *u = db_sync_clean(url);
	char *t = db_sync_clean(title), *cat = db_sync_clean(category);
	int64_t fid = 0, other = 0, owned = 0;
	enum status s = STATUS_DB;

	*feed_id = 0;
	if (sid == NULL || u == NULL || *u == '\0') {
		*cause = xstrdup(_("a server feed without id or URL"));
		s = STATUS_ERROR;
		goto out;
	}
	if (t != NULL && *t == '\0') {
		free(t);
		t = NULL;
	}
	if (db_sync_is_local(db, u)) {
		s = STATUS_OK;		/* a `feed` line owns it */
		goto out;
	}
	if (db_begin(db) != SQLITE_OK)
		goto fail;
	if (db_sync_lookup(db, "SELECT feed_id FROM server_feeds WHERE "
	    "account_id = ? AND server_id = ?", account, sid, &fid) !=
	    SQLITE_OK ||
	    db_sync_lookup(db, "SELECT id FROM feeds WHERE url = ?2", 0, u,
	    &other) != SQLITE_OK)
		goto fail;
	if (fid == 0 && other != 0) {
		if (db_sync_lookup(db, "SELECT count(*) FROM server_feeds "
		    "WHERE feed_id = ?1", other, NULL, &owned) !=
		    SQLITE_OK)
			goto fail;
		if (!owned && !db->local_known) {
			/* a local row, and no word yet from the config */
			db_rollback(db);
			s = STATUS_OK;
			goto out;
		}
		/* an old `feed` line's row, or another id for the URL */
		if ((st = db_sync_prepare(db, "DELETE FROM server_feeds WHERE "
		    "feed_id = ?")) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, other);
		if (db_sync_run(db, st) != SQLITE_OK)
			goto fail;
		fid = other;
	} else if (fid == 0) {
		if ((st = db_sync_prepare(db, "INSERT INTO feeds (url) "
		    "VALUES (?)")) == NULL)
			goto fail;
		db_bind_text(st, 1, u);
		if (db_sync_run(db, st) != SQLITE_OK)
			goto fail;
		fid = sqlite3_last_insert_rowid(db->h);
	} else if (other == 0) {
		/* the subscription's URL changed on the server */
		if ((st = db_sync_prepare(db, "UPDATE feeds SET url = ? "
		    "WHERE id = ?")) == NULL)
			goto fail;
		db_bind_text(st, 1, u);
		sqlite3_bind_int64(st, 2, fid);
		if (db_sync_run(db, st) != SQLITE_OK)
			goto fail;
	}
	if ((st = db_sync_prepare(db, "INSERT OR REPLACE INTO server_feeds "
	    "(account_id, server_id, feed_id, category) VALUES (?, ?, ?, ?)"))
	    == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, account);
	db_bind_text(st, 2, sid);
	sqlite3_bind_int64(st, 3, fid);
	db_bind_text(st, 4, cat);
	if (db_sync_run(db, st) != SQLITE_OK)
		goto fail;
	if (db_sync_feed_fields(db, fid, t, cat) != SQLITE_OK)
		goto fail;
	if (db_commit(db) != SQLITE_OK)
		goto fail;
	*feed_id = fid;
	s = STATUS_OK;
	goto out;
fail:
	s = db_sync_fail(db, cause);
out:
	free(sid);
	free(u);
	free(t);
	free(cat);
	return s;
}

enum status
db_sync_feeds_keep(struct db *db, int64_t account, char *const *server_ids,
    size_t n, char **cause)
{
	sqlite3_stmt *st;
	int64_t *gone = NULL;
	size_t ngone = 0, cap = 0, i;
	const char *url;
	int rc;

	if (db_begin(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	if (db_sync_ids(db, server_ids, n) != SQLITE_OK)
		return db_sync_fail(db, cause);
	if ((st = db_sync_prepare(db, "SELECT s.feed_id, f.url FROM "
	    "server_feeds s JOIN feeds f ON f.id = s.feed_id WHERE "
	    "s.account_id = ? AND s.server_id NOT IN "
	    "(SELECT id FROM temp.sync_ids)")) == NULL)
		return db_sync_fail(db, cause);
	sqlite3_bind_int64(st, 1, account);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		url = (const char *)sqlite3_column_text(st, 1);
		if (url != NULL && db_sync_is_local(db, url))
			continue;	/* a `feed` line's: it stays, local */
		if (ngone == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			gone = xreallocarray(gone, cap, sizeof *gone);
		}
		gone[ngone++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto fail;
	/* the feeds' articles go by the feeds_bd trigger */
	for (i = 0; i < ngone; i++) {
		if ((st = db_sync_prepare(db, "DELETE FROM feed_tags WHERE "
		    "feed_id = ?")) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, gone[i]);
		if (db_sync_run(db, st) != SQLITE_OK)
			goto fail;
		if ((st = db_sync_prepare(db, "DELETE FROM feeds WHERE "
		    "id = ?")) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, gone[i]);
		if (db_sync_run(db, st) != SQLITE_OK)
			goto fail;
	}
	free(gone);
	gone = NULL;
	if ((st = db_sync_prepare(db, "DELETE FROM server_feeds WHERE "
	    "account_id = ? AND server_id NOT IN "
	    "(SELECT id FROM temp.sync_ids)")) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, account);
	if (db_sync_run(db, st) != SQLITE_OK || db_exec(db,
	    "DELETE FROM temp.sync_ids") != SQLITE_OK ||
	    db_commit(db) != SQLITE_OK)
		goto fail;
	return STATUS_OK;
fail:
	free(gone);
	return db_sync_fail(db, cause);
}

/*
 * Set one field of an article from the server, unless a change of it
 * waits: ?1 the value, ?2 the article, ?3 now.
 */
static const char db_sync_set_read_sql[] =
	"UPDATE items SET read = ?1, read_time = CASE WHEN ?1 THEN ?3 ELSE 0 "
	"END WHERE id = ?2 AND read <> ?1 AND NOT EXISTS (SELECT 1 FROM "
	"sync_ops WHERE item_id = ?2 AND field = 'read')";
static const char db_sync_set_star_sql[] =
	"UPDATE items SET starred = ?1 WHERE id = ?2 AND starred <> ?1 AND "
	"NOT EXISTS (SELECT 1 FROM sync_ops WHERE item_id = ?2 AND "
	"field = 'star')";

static int
db_sync_set(sqlite3_stmt *st, int64_t id, int value)
{
	sqlite3_reset(st);
	sqlite3_bind_int(st, 1, value != 0);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, db_now());
	return sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

enum status
db_sync_store(struct db *db, int64_t account, int64_t feed_id,
    const struct parsed_feed *pf, char *const *server_ids, const int *unread,
    const int *starred, size_t *added, char **cause)
{
	struct db_store_stats stats;
	sqlite3_stmt *st[4] = { NULL, NULL, NULL, NULL };
	enum status s;
	char *sid;
	int64_t id;
	size_t i;
	int rc;

	if (added != NULL)
		*added = 0;
	if (db_begin(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	/* the store joins this transaction as it joins a store batch */
	db->batching++;
	db->batch_open = 1;
	s = db_store_feed(db, feed_id, pf, &stats, cause);
	db->batching--;
	if (s != STATUS_OK) {
		db->batch_open = 0;
		db_rollback(db);
		return s;
	}
	db->batch_open = 0;
	if (db_sync_quiet(db, 1) != SQLITE_OK)
		return db_sync_fail(db, cause);
	if ((st[0] = db_sync_prepare(db, "SELECT id FROM items WHERE "
	    "feed_id = ? AND guid = ?")) == NULL ||
	    (st[1] = db_sync_prepare(db, "INSERT OR REPLACE INTO server_items "
	    "(account_id, server_id, item_id) VALUES (?, ?, ?)")) == NULL ||
	    (st[2] = db_sync_prepare(db, db_sync_set_read_sql)) == NULL ||
	    (st[3] = db_sync_prepare(db, db_sync_set_star_sql)) == NULL)
		goto fail;
	for (i = 0; i < pf->nitems; i++) {
		if (pf->items[i].id == NULL || server_ids[i] == NULL)
			continue;
		sqlite3_reset(st[0]);
		sqlite3_bind_int64(st[0], 1, feed_id);
		db_bind_text(st[0], 2, pf->items[i].id);
		rc = sqlite3_step(st[0]);
		if (rc == SQLITE_DONE)
			continue;	/* an item the store skipped */
		if (rc != SQLITE_ROW)
			goto fail;
		id = sqlite3_column_int64(st[0], 0);
		sid = db_sync_clean(server_ids[i]);
		sqlite3_reset(st[1]);
		sqlite3_bind_int64(st[1], 1, account);
		db_bind_text(st[1], 2, sid);
		sqlite3_bind_int64(st[1], 3, id);
		rc = sqlite3_step(st[1]);
		free(sid);
		if (rc != SQLITE_DONE)
			goto fail;
		/* read is the opposite of the server's unread */
		if (unread != NULL && db_sync_set(st[2], id, !unread[i]) !=
		    SQLITE_OK)
			goto fail;
		if (starred != NULL && db_sync_set(st[3], id, starred[i]) !=
		    SQLITE_OK)
			goto fail;
	}
	for (i = 0; i < 4; i++)
		sqlite3_finalize(st[i]);
	if (db_sync_quiet(db, 0) != SQLITE_OK || db_commit(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	if (added != NULL)
		*added = stats.added;
	return STATUS_OK;
fail:
	for (i = 0; i < 4; i++)
		if (st[i] != NULL)
			sqlite3_finalize(st[i]);
	return db_sync_fail(db, cause);
}

enum status
db_sync_reconcile(struct db *db, int64_t account, enum db_sync_field field,
    char *const *ids, size_t n, size_t *changed, char **cause)
{
	sqlite3_stmt *st;

	*changed = 0;
	if (db_begin(db) != SQLITE_OK)
		return db_sync_fail(db, cause);
	if (db_sync_ids(db, ids, n) != SQLITE_OK ||
	    db_sync_quiet(db, 1) != SQLITE_OK)
		return db_sync_fail(db, cause);
	/*
	 * x.v: the value the server gives the field; articles with a
	 * change of the field still waiting keep theirs.
	 */
	if (field == DB_SYNC_FIELD_UNREAD)
		st = db_sync_prepare(db, "UPDATE items SET read = x.v, "
		    "read_time = CASE WHEN x.v THEN ?2 ELSE 0 END FROM "
		    "(SELECT s.item_id AS item_id, s.server_id NOT IN "
		    "(SELECT id FROM temp.sync_ids) AS v FROM server_items s "
		    "WHERE s.account_id = ?1 AND NOT EXISTS (SELECT 1 FROM "
		    "sync_ops o WHERE o.item_id = s.item_id AND "
		    "o.field = 'read')) AS x WHERE items.id = x.item_id AND "
		    "items.read <> x.v");
	else
		st = db_sync_prepare(db, "UPDATE items SET starred = x.v "
		    "FROM (SELECT s.item_id AS item_id, s.server_id IN "
		    "(SELECT id FROM temp.sync_ids) AS v FROM server_items s "
		    "WHERE s.account_id = ?1 AND NOT EXISTS "
		    "(SELECT 1 FROM sync_ops o WHERE o.item_id = s.item_id AND "
		    "o.field = 'star')) AS x WHERE items.id = x.item_id AND "
		    "items.starred <> x.v");
	if (st == NULL)
		return db_sync_fail(db, cause);
	sqlite3_bind_int64(st, 1, account);
	if (field == DB_SYNC_FIELD_UNREAD)
		sqlite3_bind_int64(st, 2, db_now());
	if (db_sync_run(db, st) != SQLITE_OK)
		return db_sync_fail(db, cause);
	*changed = (size_t)sqlite3_changes(db->h);
	if (db_sync_quiet(db, 0) != SQLITE_OK ||
	    db_exec(db, "DELETE FROM temp.sync_ids") != SQLITE_OK ||
	    db_commit(db) != SQLITE_OK) {
		*changed = 0;
		return db_sync_fail(db, cause);
	}
	return STATUS_OK;
}

enum status
db_sync_counts(struct db *db, int64_t account, int64_t *feeds,
    int64_t *articles, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_sync_prepare(db, "SELECT (SELECT count(*) FROM "
	    "server_feeds WHERE account_id = ?1), (SELECT count(*) FROM "
	    "server_items WHERE account_id = ?1)")) == NULL) {
		*cause = db_cause(db);
		return STATUS_DB;
	}
	sqlite3_bind_int64(st, 1, account);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (feeds != NULL)
			*feeds = sqlite3_column_int64(st, 0);
		if (articles != NULL)
			*articles = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		*cause = db_cause(db);
		return STATUS_DB;
	}
	return STATUS_OK;
}

enum status
db_sync_known(struct db *db, int64_t account, char *const *ids, size_t n,
    unsigned char *known, char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((st = db_sync_prepare(db, "SELECT 1 FROM server_items WHERE "
	    "account_id = ? AND server_id = ?")) == NULL) {
		*cause = db_cause(db);
		return STATUS_DB;
	}
	sqlite3_bind_int64(st, 1, account);
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		db_bind_text(st, 2, ids[i]);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			*cause = db_cause(db);
			sqlite3_finalize(st);
			return STATUS_DB;
		}
		known[i] = rc == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return STATUS_OK;
}

/* One number from sql with ?1 = account. */
static int64_t
db_sync_count(struct db *db, const char *sql, int64_t account)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if ((st = db_sync_prepare(db, sql)) == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, account);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* "USER at URL" of the account. */
static char *
db_sync_count_what(struct db *db, int64_t account)
{
	sqlite3_stmt *st;
	char *what = NULL;

	if ((st = db_sync_prepare(db, "SELECT user, url FROM sync_account "
	    "WHERE id = ?")) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, account);
	if (sqlite3_step(st) == SQLITE_ROW)
		/* TRANSLATORS: USER at URL, a sync account */
		what = xasprintf(_("%s at %s"), sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return what;
}

enum status
db_sync_drop_others(struct db *db, int64_t keep, struct db_sync_dropped *out,
    char **cause)
{
	static const char *const gone[] = {
		"DELETE FROM sync_ops WHERE account_id = ?1",
		"DELETE FROM server_items WHERE account_id = ?1",
		"DELETE FROM server_feeds WHERE account_id = ?1",
		"DELETE FROM sync_account WHERE id = ?1",
	};
	sqlite3_stmt *st;
	int64_t *ids = NULL, id;
	size_t n = 0, i, k;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = db_sync_prepare(db, "SELECT id FROM sync_account "
	    "WHERE id <> ? ORDER BY id")) == NULL) {
		*cause = db_cause(db);
		return STATUS_DB;
	}
	sqlite3_bind_int64(st, 1, keep);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		*cause = db_cause(db);
		return STATUS_DB;
	}
	for (i = 0; i < n; i++) {
		size_t f, a, c;

		id = ids[i];
		f = (size_t)db_sync_count(db, "SELECT count(*) FROM "
		    "server_feeds WHERE account_id = ?1", id);
		a = (size_t)db_sync_count(db, "SELECT count(*) FROM "
		    "server_items WHERE account_id = ?1", id);
		c = (size_t)db_sync_count(db, "SELECT count(*) FROM sync_ops "
		    "WHERE account_id = ?1", id);
		/* one that never held anything (a sync-url that never
		 * answered) goes without a word */
		if (f + a + c > 0) {
			out->accounts++;
			out->feeds += f;
			out->articles += a;
			out->changes += c;
			free(out->what);
			out->what = db_sync_count_what(db, id);
		}
		/* the feeds and their articles (a `feed` line's stay) */
		if (db_sync_feeds_keep(db, id, NULL, 0, cause) != STATUS_OK) {
			free(ids);
			return STATUS_DB;
		}
		if (db_begin(db) != SQLITE_OK)
			goto fail;
		for (k = 0; k < sizeof gone / sizeof gone[0]; k++) {
			if ((st = db_sync_prepare(db, gone[k])) == NULL)
				goto fail;
			sqlite3_bind_int64(st, 1, id);
			if (db_sync_run(db, st) != SQLITE_OK)
				goto fail;
		}
		if (db_commit(db) != SQLITE_OK)
			goto fail;
	}
	free(ids);
	return STATUS_OK;
fail:
	free(ids);
	return db_sync_fail(db, cause);
}
