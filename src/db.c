/*
 * The cache's connection: opening (creating and migrating through
 * db-schema.c), closing, the statement cache, bind and step helpers, the
 * one retry of a busy write, transactions and store batches, the
 * generation counter, meta values and the integrity check.  The other
 * parts of the store are db-feed.c (feed rows), db-store.c (storing
 * parsed feeds), db-items.c and db-search.c (article queries),
 * db-queue.c (interface writes that never wait), db-retain.c (pruning,
 * ignore rules) and db-translate.c; they share
 * src/db-private.h.  Only the store calls SQLite.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db-private.h"
#include "tidende/i18n.h"
#include "tidende/db-store.h"
#include "tidende/xdg.h"
#include "tidende/html-text.h"
#include "tidende/db-schema.h"
#include "tidende/db-tokenize.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/xmalloc.h"

#define DB_BUSY_MS	10000	/* SQLite's own busy wait per statement */
#define DB_RETRY_MS	60000	/* our retry of a busy write on top */
#define DB_CACHE_KB	16384	/* page cache (a refresh sets its own) */
#define DB_CACHE_KB_STR	"16384"

static const char *db_stmt_sql[S__COUNT] = {
	[S_DATA_VERSION] = "PRAGMA data_version",
	[S_FEED_BY_URL] = "SELECT id, config_title FROM feeds WHERE url = ?",
	[S_FEED_INSERT] = "INSERT INTO feeds (url, config_title) "
	    "VALUES (?, ?)",
	[S_FEED_SET_CONFIG_TITLE] = "UPDATE feeds SET config_title = ? "
	    "WHERE id = ?",
	[S_FEED_TAGS_GET] = "SELECT tag FROM feed_tags WHERE feed_id = ? "
	    "ORDER BY rowid",
	[S_FEED_TAGS_DELETE] = "DELETE FROM feed_tags WHERE feed_id = ?",
	[S_FEED_TAG_INSERT] = "INSERT OR IGNORE INTO feed_tags (feed_id, tag) "
	    "VALUES (?, ?)",
#define FEED_COLUMNS "id, url, coalesce(config_title, title, url), " \
	"site_link, language, etag, last_modified, last_fetch, next_due, " \
	"http_status, fail_count, error, error_time, unread, total, moved_to, " \
	"fetch_ms"
	[S_FEED_GET] = "SELECT " FEED_COLUMNS " FROM feeds WHERE id = ?",
	[S_FEED_FIND] = "SELECT " FEED_COLUMNS " FROM feeds WHERE url = ?",
	[S_FEEDS_LIST] = "SELECT " FEED_COLUMNS " FROM feeds ORDER BY "
	    "coalesce(config_title, title, url) COLLATE NOCASE, id",
	[S_TAGS_LIST] = "SELECT t.tag, sum(f.unread), sum(f.total) FROM "
	    "feed_tags t JOIN feeds f ON f.id = t.feed_id GROUP BY t.tag "
	    "ORDER BY t.tag COLLATE NOCASE",
	[S_FEED_CHANNEL_GET] = "SELECT title, site_link, language, "
	    "coalesce(config_title, title, url) FROM feeds WHERE id = ?",
	[S_FEED_CHANNEL_SET] = "UPDATE feeds SET title = ?, site_link = ?, "
	    "language = ? WHERE id = ?",
	[S_FEED_UNINDEX] = "INSERT INTO items_fts (items_fts, rowid, title, "
	    "author, body, feed) SELECT 'delete', t.id, t.title, t.author, "
	    "t.body, t.feed FROM items_text t WHERE t.id IN "
	    "(SELECT id FROM items WHERE feed_id = ? AND id NOT IN "
	    "(SELECT item_id FROM fts_pending))",
	[S_FEED_INDEX] = "INSERT INTO items_fts (rowid, title, author, body, "
	    "feed) SELECT t.id, t.title, t.author, t.body, t.feed FROM "
	    "items_text t WHERE t.id IN (SELECT id FROM items WHERE "
	    "feed_id = ? AND id NOT IN (SELECT item_id FROM fts_pending))",
	[S_ITEM_BY_GUID] = "SELECT id, hash, last_seen FROM items "
	    "WHERE feed_id = ? AND guid = ?",
	[S_ITEM_BY_LINK] = "SELECT id, hash, last_seen, guid FROM items "
	    "WHERE feed_id = ? AND link = ? AND title IS ?",
	[S_ITEM_INSERT] = "INSERT INTO items (feed_id, guid, title, link, "
	    "author, published, updated, language, categories, enclosures, "
	    "first_seen, date, hash, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?10, ?11, ?12, ?13, ?14, ?15, ?13)",
	[S_ITEM_UPDATE] = "UPDATE items SET guid = ?2, title = ?3, link = ?4, "
	    "author = ?5, published = ?6, updated = ?7, language = ?10, "
	    "categories = ?11, enclosures = ?12, last_seen = ?13, date = ?14, "
	    "hash = ?15 WHERE id = ?1",
	[S_BODY_PUT] = "INSERT OR REPLACE INTO bodies (item_id, summary, "
	    "content) VALUES (?, ?, ?)",
	/*
	 * A new article's body: a plain INSERT.  OR REPLACE on a table
	 * with a foreign key makes SQLite keep a statement journal and
	 * check the key as a delete would: 11,000 instructions an article,
	 * a sixth of storing it.
	 */
	[S_BODY_ADD] = "INSERT INTO bodies (item_id, summary, content) "
	    "VALUES (?, ?, ?)",
	[S_BODY_DELETE] = "DELETE FROM bodies WHERE item_id = ?",
	[S_ITEM_SET_GUID] = "UPDATE items SET guid = ? WHERE id = ?",
	[S_ITEM_SET_HASH] = "UPDATE items SET hash = ? WHERE id = ?",
	[S_ITEM_TOUCH] = "UPDATE items SET last_seen = ? WHERE id = ?",
	[S_FTS_INSERT] = "INSERT INTO items_fts (rowid, title, author, body, "
	    "feed) VALUES (?, ?, ?, ?, ?)",
	[S_FTS_DELETE] = "INSERT INTO items_fts (items_fts, rowid, title, "
	    "author, body, feed) SELECT 'delete', id, title, author, body, "
	    "feed FROM items_text WHERE id = ?1 AND NOT EXISTS (SELECT 1 "
	    "FROM fts_pending WHERE item_id = ?1)",
	[S_ITEM_GET] = "SELECT i.id, i.feed_id, coalesce(f.config_title, "
	    "f.title, f.url), f.url, f.language, i.first_seen, i.read, "
	    "i.starred, i.guid, i.title, i.link, i.author, i.published, "
	    "i.updated, b.summary, b.content, i.language FROM items i "
	    "JOIN feeds f ON f.id = i.feed_id LEFT JOIN bodies b "
	    "ON b.item_id = i.id WHERE i.id = ?",
	[S_ITEM_CATEGORIES] = "SELECT j.value FROM items i, "
	    "json_each(i.categories) j WHERE i.id = ? ORDER BY j.key",
	[S_ITEM_ENCLOSURES] = "SELECT json_extract(j.value, '$.url'), "
	    "json_extract(j.value, '$.type'), json_extract(j.value, "
	    "'$.length') FROM items i, json_each(i.enclosures) j "
	    "WHERE i.id = ? ORDER BY j.key",
	[S_ITEM_SET_READ] = "UPDATE items SET read = ?, read_time = ? "
	    "WHERE id = ? AND read <> ?",
	[S_ITEM_SET_STARRED] = "UPDATE items SET starred = ? WHERE id = ? "
	    "AND starred <> ?",
	[S_TRANSLATION_GET] = "SELECT text FROM translations "
	    "WHERE item_id = ? AND command = ?",
	[S_TRANSLATION_PUT] = "INSERT OR REPLACE INTO translations (item_id, "
	    "command, text, time) VALUES (?, ?, ?, ?)",
	[S_TRANSLATIONS_DELETE] = "DELETE FROM translations WHERE item_id = ?",
	[S_FEED_COUNTS_ALL] = "SELECT coalesce(sum(total), 0), "
	    "coalesce(sum(unread), 0) FROM feeds",
	[S_FEED_COUNTS_TAG] = "SELECT coalesce(sum(f.total), 0), "
	    "coalesce(sum(f.unread), 0) FROM feed_tags t JOIN feeds f "
	    "ON f.id = t.feed_id WHERE t.tag = ?",
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?",
	[S_META_SET] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
	[S_ITEM_SET_IGNORED] = "UPDATE items SET ignored = 1 WHERE id = ?",
	[S_FEED_HAS_ITEMS] = "SELECT EXISTS (SELECT 1 FROM items "
	    "WHERE feed_id = ?)",
	/* new articles are unread and not ignored (see schema v4) */
	[S_FEED_COUNT_NEW] = "UPDATE feeds SET total = total + ?1, "
	    "unread = unread + ?1 WHERE id = ?2",
	[S_FULLTEXT_GET] = "SELECT url, html, error, etag, last_modified, "
	    "fetched FROM fulltext WHERE item_id = ?",
	[S_FULLTEXT_PUT] = "INSERT OR REPLACE INTO fulltext (item_id, url, "
	    "html, error, etag, last_modified, fetched) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?)",
	[S_FTS_REINDEX] = "INSERT INTO items_fts (rowid, title, author, body, "
	    "feed) SELECT id, title, author, body, feed FROM items_text "
	    "WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM fts_pending "
	    "WHERE item_id = ?1)",
	[S_FULLTEXT_MISSING] = "SELECT i.id, i.link FROM items i WHERE "
	    "i.feed_id = ? AND i.first_seen >= ? AND i.link IS NOT NULL AND "
	    "NOT EXISTS (SELECT 1 FROM fulltext WHERE item_id = i.id) "
	    "ORDER BY i.id DESC LIMIT ?",
	[S_FTS_PENDING_ADD] = "INSERT OR IGNORE INTO fts_pending (item_id) "
	    "VALUES (?)",
	[S_FTS_PENDING_DEL] = "DELETE FROM fts_pending WHERE item_id = ?",
	[S_FTS_PENDING_ANY] = "SELECT EXISTS (SELECT 1 FROM fts_pending)",
	[S_FTS_PENDING_UPTO] = "SELECT item_id FROM fts_pending "
	    "ORDER BY item_id LIMIT 1 OFFSET ?",
	/* in rowid order: FTS5 appends to its doclists */
	[S_FTS_PENDING_INDEX] = "INSERT INTO items_fts (rowid, title, "
	    "author, body, feed) SELECT t.id, t.title, t.author, t.body, "
	    "t.feed FROM items_text t WHERE t.id IN (SELECT item_id FROM "
	    "fts_pending WHERE item_id <= ?) ORDER BY t.id",
	[S_FTS_PENDING_DONE] = "DELETE FROM fts_pending WHERE item_id <= ?",
	[S_FTS_PENDING_COUNT] = "SELECT count(*) FROM fts_pending",
	/* a queued translation: nothing to keep for an article gone since */
	[S_TRANSLATION_PUT_LIVE] = "INSERT OR REPLACE INTO translations "
	    "(item_id, command, text, time) SELECT ?1, ?2, ?3, ?4 WHERE "
	    "EXISTS (SELECT 1 FROM items WHERE id = ?1)",
};
/* ------------------------------------------------------------- helpers */

int64_t
db_now(void)
{
	return (int64_t)time(NULL);
}

/*
 * Whether writes wait for another process's write lock (SQLite's busy
 * wait and db_retry()) or fail with SQLITE_BUSY at once.
 */
void
db_set_nowait(struct db *db, int nowait)
{
	db->nowait = nowait;
	sqlite3_busy_timeout(db->h, nowait ? 0 : DB_BUSY_MS);
}

/* Whether an SQLite error means the file itself is damaged. */
static int
db_is_damage(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* Set when this thread's last db_open() refused a damaged file. */
static _Thread_local int db_open_damage;

int
db_open_damaged(void)
{
	return db_open_damage;
}

/* The cause for an SQLite failure, naming the file. */
char *
db_cause_rc(const char *path, int rc, const char *msg)
{
	if (db_is_damage(rc))
		db_open_damage = 1;
	if (db_is_damage(rc))
		return xasprintf(_("%1$s: the cache is damaged (%2$s); "
		    "move it aside (mv '%1$s' '%1$s.broken') and tidende will "
		    "start a new one"), path, msg);
	if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_PERM ||
	    (rc & 0xff) == SQLITE_READONLY)
		return xasprintf(_("%s: cannot open the cache (%s); check "
		    "the file and its directory are readable and writable"),
		    path, msg);
	if ((rc & 0xff) == SQLITE_FULL)
		return xasprintf(_("%s: the disk is full (%s)"), path, msg);
	return xasprintf("%s: %s", path, msg);
}

/*
 * The cause of a failure on an open connection.  A write that finds the
 * cache read-only or the disk failing says what happened in words
 * (SQLite's "attempt to write a readonly database" and "disk I/O error"
 * name no cause a user can act on).
 */
char *
db_cause(struct db *db)
{
	int rc = sqlite3_extended_errcode(db->h);
	int err = sqlite3_system_errno(db->h);

	if (rc == SQLITE_READONLY_DBMOVED)
		return xasprintf(_("%s: cannot write to the cache: the file "
		    "was moved or deleted while tidende ran (start tidende "
		    "again)"), db->path);
	if ((rc & 0xff) == SQLITE_READONLY)
		return xasprintf(_("%s: cannot write to the cache: the file "
		    "or its directory is read-only"), db->path);
	if (rc == SQLITE_IOERR_READ || rc == SQLITE_IOERR_SHORT_READ)
		return xasprintf(_("%s: cannot read the cache: %s"),
		    db->path, err != 0 ? strerror(err) :
		    _("the disk failed a read"));
	/* (errno is often gone by the time SQLite has rolled back) */
	if ((rc & 0xff) == SQLITE_IOERR)
		return xasprintf(_("%s: cannot write to the cache: %s"),
		    db->path, err != 0 ? strerror(err) :
		    _("the disk refused a write (full, or over a size "
		    "limit?)"));
	return db_cause_rc(db->path, rc, sqlite3_errmsg(db->h));
}

char *
db_error(struct db *db)
{
	return db_cause(db);
}

void
db_set_cause(struct db *db, char **cause)
{
	if (cause != NULL)
		*cause = db_cause(db);
	else
		log_warn("%s: %s", db->path, sqlite3_errmsg(db->h));
}

sqlite3_stmt *
db_stmt(struct db *db, enum db_stmt_id id)
{
	sqlite3_stmt *st = db->stmts[id];

	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	if (sqlite3_prepare_v3(db->h, db_stmt_sql[id], -1,
	    SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_warn("prepare %s: %s", db_stmt_sql[id],
		    sqlite3_errmsg(db->h));
		return NULL;
	}
	db->stmts[id] = st;
	return st;
}

void
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/*
 * For the long texts of a store (bodies, search text): bound without a
 * copy.  The caller steps and then unbinds with db_step_done_unbind()
 * while s is still alive.
 */
void
db_bind_text_nocopy(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* FEED_NO_DATE is stored as NULL. */
void
db_bind_date(sqlite3_stmt *st, int i, int64_t t)
{
	if (t == FEED_NO_DATE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, t);
}

char *
db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s == NULL ? NULL : xstrdup((const char *)s);
}

int64_t
db_col_date(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return FEED_NO_DATE;
	return sqlite3_column_int64(st, i);
}

/* The cache file's page size in bytes (fixed when the file is made). */
int
db_page_size(struct db *db)
{
	int page = 0;

	if (db_pragma_int(db, "PRAGMA page_size", &page) != SQLITE_OK ||
	    page < 512)
		page = 4096;
	return page;
}

int
db_cache_kb(struct db *db)
{
	int v = 0;

	if (db_pragma_int(db, "PRAGMA cache_size", &v) != SQLITE_OK)
		return DB_CACHE_KB;
	if (v < 0)
		return -v;
	/* a positive size counts pages */
	return (int)((int64_t)v * db_page_size(db) / 1024);
}

void
db_set_cache_kb(struct db *db, int kb)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d",
	    kb > 0 ? kb : DB_CACHE_KB);
	db_exec(db, sql);
}

/* Run SQL with no results. */
int
db_exec(struct db *db, const char *sql)
{
	char *err = NULL;
	int rc;

	rc = sqlite3_exec(db->h, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		log_warn("%s: %s: %s", db->path, sql, err != NULL ? err : "?");
		sqlite3_free(err);
	}
	return rc;
}

int
db_step_done(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* db_step_done() for a statement with db_bind_text_nocopy() values. */
int
db_step_done_unbind(struct db *db, sqlite3_stmt *st)
{
	int rc = db_step_done(db, st);

	sqlite3_clear_bindings(st);
	return rc;
}

/*
 * The one retry of a busy write: whether rc says another process holds
 * the write lock (a long refresh) and there is time left to wait for it,
 * on top of SQLite's own busy wait.  Never with db->nowait: the
 * interface's writes do not wait (db-queue.c).
 */
int
db_is_busy(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

/*
 * The time is the wall time since the first try (*since, 0 before it):
 * each try may spend SQLite's busy wait (DB_BUSY_MS) before it fails, so
 * counting only our own sleeps made "a minute" up to 3,000 x 10 s.
 */
static int
db_retry(struct db *db, int rc, int64_t *since)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int64_t now;

	if (!db_is_busy(rc) || db->nowait)
		return 0;
	now = loop_now_ms();
	if (*since == 0)
		*since = now;
	else if (now - *since >= DB_RETRY_MS)
		return 0;
	nanosleep(&ts, NULL);
	return 1;
}

/* A write that is its own transaction. */
int
db_step_write(struct db *db, sqlite3_stmt *st)
{
	int64_t since = 0;
	int rc;

	if ((rc = db_batch_flush(db)) != SQLITE_OK)
		return rc;
	do
		rc = db_step_done(db, st);
	while (db_retry(db, rc, &since));
	return rc;
}

/*
 * Start a write transaction.  BEGIN IMMEDIATE takes the write lock at
 * once, so the busy handler covers it; on top of SQLite's wait we retry
 * for a while, so "database is locked" does not reach the user.
 */
int
db_begin(struct db *db)
{
	int64_t since = 0;
	int rc;

	if ((rc = db_batch_flush(db)) != SQLITE_OK)
		return rc;
	do
		rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	while (db_retry(db, rc, &since));
	return rc;
}

int
db_commit(struct db *db)
{
	int64_t since = 0;
	int rc;

	do
		rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	while (db_retry(db, rc, &since));
	if (rc == SQLITE_OK)
		db->writes++;
	return rc;
}

/* The open store batch has ended: tell the hook (a refresh's reports). */
static void
db_batch_ended(struct db *db, int ok, const char *cause)
{
	if (db->batch_hook != NULL)
		db->batch_hook(db, ok, cause, db->batch_hook_arg);
}

void
db_rollback(struct db *db)
{
	char *cause = NULL;

	if (db->batch_open)
		cause = db_cause(db);	/* before ROLLBACK resets it */
	db->batch_open = 0;
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	if (cause != NULL) {
		db_batch_ended(db, 0, cause);
		free(cause);
	}
}

/*
 * Store batches.  A refresh stores many small feeds in a row; committing
 * each alone rewrites the same index pages (dates, the search index) once
 * per feed, which costs more than the articles themselves.  While a
 * refresh runs, store writes (articles, fetch results, pruning) share one
 * open transaction; the refresh commits it every 250 ms of work and when
 * its queue runs dry.  Any other write commits the batch first.  The fetch
 * result of a feed commits with its articles, so a crash loses both or
 * neither: the next refresh fetches that feed again in full.  A failed
 * write (a full disk) rolls back the whole batch, fetch results included,
 * so those feeds are fetched again too.  (Not savepoints per feed: SQLite
 * walks a savepoint's in-memory journal from its start at every statement,
 * which made storing a 500-article feed quadratic.)
 */
int
db_batch_flush(struct db *db)
{
	int rc;

	if (!db->batch_open)
		return SQLITE_OK;
	db->batch_open = 0;
	if ((rc = db_commit(db)) != SQLITE_OK) {
		/* kept for db_batch_commit(): ROLLBACK resets the message */
		free(db->batch_cause);
		db->batch_cause = db_cause(db);
		log_warn("cannot commit stored feeds: %s", db->batch_cause);
		db_rollback(db);
		db_batch_ended(db, 0, db->batch_cause);
	} else
		db_batch_ended(db, 1, NULL);
	return rc;
}

/* Start a store write: a transaction of its own, or the open batch. */
int
db_batch_tx_begin(struct db *db)
{
	int rc;

	if (!db->batching) {
		db_schema_ckpt_caught_up(db, 1);
		return db_begin(db);
	}
	if (!db->batch_open) {
		if ((rc = db_begin(db)) != SQLITE_OK)
			return rc;
		db->batch_open = 1;
		db->batch_since = loop_now_ms();
	}
	return SQLITE_OK;
}

int
db_batch_tx_commit(struct db *db)
{
	if (!db->batch_open)
		return db_commit(db);
	db->writes++;	/* this connection sees it already */
	return SQLITE_OK;
}

void
db_batch_tx_rollback(struct db *db)
{
	if (db->batch_open && !sqlite3_get_autocommit(db->h))
		log_warn("%s: a store failed: the feeds stored since the last "
		    "commit are rolled back and fetched again next time",
		    db->path);
	db_rollback(db);
}

void
db_batch_begin(struct db *db)
{
	db->batching++;
}

enum status
db_batch_commit(struct db *db, char **cause)
{
	if (db_batch_flush(db) != SQLITE_OK) {
		if (cause != NULL)
			*cause = xstrdup(db->batch_cause);
		return STATUS_DB;
	}
	return STATUS_OK;
}

void
db_batch_set_hook(struct db *db, db_batch_hook hook, void *arg)
{
	db->batch_hook = hook;
	db->batch_hook_arg = arg;
}

enum status
db_checkpoint_error(struct db *db, char **cause)
{
	char *msg;

	if ((msg = db_schema_ckpt_error(db)) == NULL) {
		/* a background write too: the search index of new articles */
		if (db->index_error == NULL)
			return STATUS_OK;
		*cause = db->index_error;
		db->index_error = NULL;
		return STATUS_DB;
	}
	*cause = xasprintf(_("%s: cannot write the log back to the "
	    "cache (%s)"),
	    db->path, msg);
	free(msg);
	return STATUS_DB;
}

int64_t
db_batch_age(struct db *db)
{
	return db->batch_open ? loop_now_ms() - db->batch_since : -1;
}

enum status
db_batch_end(struct db *db, char **cause)
{
	if (db->batching > 0 && --db->batching > 0)
		return STATUS_OK;
	return db_batch_commit(db, cause);
}

/* ---------------------------------------------------------------- open */

/*
 * The text the search index holds for an article: its content (else its
 * summary), then its full text from the web page when there is one.
 */
char *
db_text_body(const char *content, const char *summary, const char *fulltext)
{
	char *text, *full, *both;

	text = html_text_search(content != NULL ? content : summary);
	if (fulltext == NULL)
		return text;
	full = html_text_search(fulltext);
	both = xasprintf("%s %s", text, full);
	free(text);
	free(full);
	return both;
}

/* SQL tidende_text(content, summary[, fulltext]): db_text_body(). */
static void
db_sql_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *content, *summary, *full = NULL;

	content = (const char *)sqlite3_value_text(argv[0]);
	summary = (const char *)sqlite3_value_text(argv[1]);
	if (argc > 2)
		full = (const char *)sqlite3_value_text(argv[2]);
	sqlite3_result_text(ctx, db_text_body(content, summary, full), -1,
	    free);
}

char *
db_default_path(void)
{
	return xdg_path("DATA", "cache.db");
}

int
db_pragma_int(struct db *db, const char *sql, int *value)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static void
db_free(struct db *db)
{
	size_t i;

	db_index_stop(db);
	db_schema_ckpt_stop(db);
	db_queue_close(db);

	for (i = 0; i < S__COUNT; i++)
		if (db->stmts[i] != NULL)
			sqlite3_finalize(db->stmts[i]);
	if (db->h != NULL)
		sqlite3_close(db->h);
	for (i = 0; i < db->nignores; i++)
		query_free(db->ignores[i]);
	free(db->ignores);
	for (i = 0; i < db->nlocal_urls; i++)
		free(db->local_urls[i]);
	free(db->local_urls);
	free(db->batch_cause);
	free(db->index_error);
	free(db->path);
	free(db);
}

/* Whether the directory path is in exists. */
static int
db_dir_exists(const char *path)
{
	struct stat sb;
	const char *slash = strrchr(path, '/');
	char *dir;
	int ok;

	if (slash == NULL || slash == path)
		return 1;
	dir = xstrndup(path, slash - path);
	ok = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
	free(dir);
	return ok;
}

/* file:PATH?immutable=1, the path %-encoded where a URI needs it. */
static char *
db_uri_immutable(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	const unsigned char *p;

	buf_adds(&b, "file:");
	for (p = (const unsigned char *)path; *p != '\0'; p++)
		if (*p == '%' || *p == '?' || *p == '#' || *p <= 0x20 ||
		    *p >= 0x7f) {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		} else
			buf_addc(&b, (char)*p);
	buf_adds(&b, "?immutable=1");
	return buf_detach(&b);
}

enum status
db_open(const char *path, int flags, struct db **out, char **cause)
{
	struct db *db;
	struct stat sb;
	int fd, rc, version = 0, wal = 0, tables = 0, fresh, immutable = 0;
	char mode[16] = "", *msg, *uri;
	sqlite3_stmt *st;

	*out = NULL;
	*cause = NULL;
	db_open_damage = 0;
	/*
	 * Before SQLite starts: no allocation statistics, which take a
	 * global mutex on every allocation (fails harmlessly if too late).
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	db = xcalloc(1, sizeof *db);
	db->path = path != NULL ? xstrdup(path) : db_default_path();
	db->index_backlog_max = DB_INDEX_BACKLOG_MAX;

	if (stat(db->path, &sb) == -1) {
		/* -d naming a directory that is not there: a typo, say so */
		if (errno == ENOENT && path != NULL && !db_dir_exists(path)) {
			*cause = xasprintf(_("%s: no such directory for the "
			    "cache"), db->path);
			db_free(db);
			return STATUS_IO;
		}
		if (errno != ENOENT || (flags & DB_READONLY)) {
			*cause = errno == ENOENT ?
			    xasprintf(_("%s: no cache yet (run 'tidende "
			    "refresh')"), db->path) :
			    xasprintf("%s: %s", db->path, strerror(errno));
			db_free(db);
			return errno == ENOENT ? STATUS_NOT_FOUND : STATUS_IO;
		}
		/* Create it private before SQLite does (-wal and -shm follow). */
		fd = open(db->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1 && errno != EEXIST) {
			*cause = xasprintf("%s: %s", db->path, strerror(errno));
			db_free(db);
			return STATUS_IO;
		}
		if (fd != -1)
			close(fd);
	} else if (S_ISDIR(sb.st_mode)) {
		*cause = xasprintf(_("%s: is a directory"), db->path);
		db_free(db);
		return STATUS_IO;
	} else if (!S_ISREG(sb.st_mode)) {
		/* a FIFO would hold SQLite's open(2) for ever */
		*cause = xasprintf(_("%s: not a regular file, so not a "
		    "cache"),
		    db->path);
		db_free(db);
		return STATUS_IO;
	}

again:
	/* one thread uses this connection (the checkpoint thread has its own) */
	if (immutable) {
		uri = db_uri_immutable(db->path);
		rc = sqlite3_open_v2(uri, &db->h, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
	} else
		rc = sqlite3_open_v2(db->path, &db->h, SQLITE_OPEN_READWRITE |
		    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	/*
	 * A file we may not write (SQLite then opens it read-only): every
	 * write would fail later, one by one, with misleading errors ("no
	 * feed 0 in the cache"); a command that writes stops here.
	 */
	if (!immutable && !(flags & DB_READONLY) &&
	    sqlite3_db_readonly(db->h, "main") == 1) {
		*cause = db_cause_rc(db->path, SQLITE_READONLY,
		    _("the file is read-only"));
		db_free(db);
		return STATUS_DB;
	}
	/* The search index reads article text through this (items_text). */
	rc = sqlite3_create_function_v2(db->h, "tidende_text", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    db_sql_text, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(db->h, "tidende_text", 3,
		    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
		    NULL, db_sql_text, NULL, NULL, NULL);
	/* and cuts it with this (before anything reads items_fts) */
	if (rc == SQLITE_OK)
		rc = db_tokenize_register(db->h);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);

	/*
	 * The first read of the file: damage shows here.  The version and
	 * the tables in one statement, so from one snapshot: read apart,
	 * another process making the cache in between (version 0 read
	 * before its commit, its tables after) made it someone else's
	 * database.
	 */
	if ((rc = sqlite3_prepare_v2(db->h, "SELECT (SELECT user_version "
	    "FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)",
	    -1, &st, NULL)) != SQLITE_OK)
		goto fail;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		version = sqlite3_column_int(st, 0);
		tables = sqlite3_column_int(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		goto fail;
	/*
	 * A version this build does not know (negative: written by hand or
	 * damaged; above ours: damaged, or a newer tidende) is refused as
	 * damage before anything is written: the file stays as it is.
	 */
	if (version < 0 || version > db_schema_version()) {
		msg = xasprintf(_("unknown schema version %d; this tidende "
		    "knows 1 to %d, so it is damaged or from a newer "
		    "tidende"),
		    version, db_schema_version());
		*cause = db_cause_rc(db->path, SQLITE_CORRUPT, msg);
		free(msg);
		db_free(db);
		return STATUS_DB;
	}
	if (version == 0 && tables > 0) {
		db_open_damage = 1;
		*cause = xasprintf(_("%s: not a tidende cache (an SQLite "
		    "database of something else); use another file with -d"),
		    db->path);
		db_free(db);
		return STATUS_DB;
	}
	if (version == db_schema_version() && (flags & DB_READONLY)) {
		/* Fast path for status bars: no schema work. */
		*out = db;
		return STATUS_OK;
	}
	if (immutable) {
		*cause = db_cause_rc(db->path, SQLITE_READONLY,
		    _("it needs upgrading, and its directory is read-only"));
		db_free(db);
		return STATUS_DB;
	}

	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &st,
	    NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL)
			snprintf(mode, sizeof mode, "%s",
			    (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	/*
	 * A new file: free pages can be given back (db_retain_prune) only when
	 * auto_vacuum is set before anything, WAL mode included, writes the
	 * file.  It is made without syncs (ten of them, 100-150 ms of a first
	 * refresh on a slow disk); a crash in those milliseconds leaves no
	 * articles to lose, and the file is synced once made.
	 */
	fresh = version == 0;
	if (fresh) {
		db_exec(db, "PRAGMA synchronous = OFF");
		/*
		 * 32 KB pages.  With 4 KB an article body of 2-4 KB took a
		 * page of its own; 8 KB held three (a 54 MB feed's cache
		 * 75 MB instead of 104 MB).  32 KB writes the same log in a
		 * quarter of the frames, two write calls each on the loop's
		 * thread: a cold refresh of 500 feeds from nginx took 0.30 s
		 * instead of 0.36 (system time 0.08 s instead of 0.14), a
		 * 100,000-article build 4.5 s instead of 5.6; pages, counts,
		 * searches and marking one article read time the same or
		 * better, and 64 KB gained nothing more.  It must come before
		 * auto_vacuum, which fixes the page size.
		 */
		db_exec(db, "PRAGMA page_size = 32768");
		db_exec(db, "PRAGMA auto_vacuum = INCREMENTAL");
	}
	wal = strcmp(mode, "wal") == 0;
	if (!wal && (rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL",
	    NULL, NULL, NULL)) != SQLITE_OK)
		goto fail;
	/*
	 * Temporary data (statement journals, sorts) stays in memory: on
	 * disk it costs a file write per row of a large transaction.
	 */
	if ((rc = sqlite3_exec(db->h, "PRAGMA temp_store = MEMORY;"
	    "PRAGMA cache_size = -" DB_CACHE_KB_STR, NULL, NULL, NULL)) !=
	    SQLITE_OK)
		goto fail;
	/* (a new file gets NORMAL once it is made, below) */
	if (!fresh && (rc = sqlite3_exec(db->h, "PRAGMA synchronous = NORMAL",
	    NULL, NULL, NULL)) != SQLITE_OK)
		goto fail;
	/* a log that grew (one huge feed) shrinks back when it starts again */
	db_exec(db, "PRAGMA journal_size_limit = 67108864");

	if (version < db_schema_version()) {
		/* Another process may have migrated meanwhile: look again. */
		if (db_begin(db) != SQLITE_OK)
			goto fail;
		rc = db_pragma_int(db, "PRAGMA user_version", &version);
		db_rollback(db);
		if (rc != SQLITE_OK)
			goto fail;
		if (version < db_schema_version() &&
		    db_schema_migrate(db, version, cause) != STATUS_OK) {
			db_free(db);
			return STATUS_DB;
		}
	}
	if (fresh) {
		/* made: from here on as every other open */
		if ((rc = sqlite3_exec(db->h, "PRAGMA synchronous = NORMAL",
		    NULL, NULL, NULL)) != SQLITE_OK)
			goto fail;
		/* the new file reaches the disk once, whole */
		sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
	}
	/* After migrating: table rebuilds want foreign keys off. */
	if ((rc = sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL)) != SQLITE_OK)
		goto fail;
	db_schema_ckpt_start(db);
	*out = db;
	return STATUS_OK;

fail:
	/*
	 * A reader in a directory it may not write cannot make the -shm
	 * file WAL mode wants: read the file as it is (immutable), as a
	 * reader on a read-only medium does.
	 */
	if ((flags & DB_READONLY) && !immutable && db->h != NULL &&
	    ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)) {
		sqlite3_close(db->h);
		db->h = NULL;
		immutable = 1;
		goto again;
	}
	if (db->h != NULL)
		*cause = db_cause(db);
	else
		*cause = db_cause_rc(db->path, rc, sqlite3_errstr(rc));
	db_free(db);
	return STATUS_DB;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_batch_flush(db);
	db_free(db);
}

void
db_keep_log(struct db *db)
{
	char *path;
	int fd;

	db->keep_log = 1;
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	/*
	 * With synchronous=NORMAL only a checkpoint syncs the log: sync it
	 * now, so what the command reported stored survives a power cut
	 * before the indexer closes (or if it never runs).  SQLite's locks
	 * are on the file and the -shm, so closing this descriptor drops
	 * none of them.
	 */
	path = xasprintf("%s-wal", db->path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		if (fsync(fd) == -1)
			log_warn("%s: %s", path, strerror(errno));
		close(fd);
	}
	free(path);
}

const char *
db_path(struct db *db)
{
	return db->path;
}

uint64_t
db_generation(struct db *db)
{
	sqlite3_stmt *st;
	uint64_t v = 0;

	if ((st = db_stmt(db, S_DATA_VERSION)) != NULL) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = (uint64_t)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return v + db->writes;
}

enum status
db_check(struct db *db, char **cause)
{
	sqlite3_stmt *st;
	const char *msg;
	enum status s = STATUS_OK;
	int rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK) {
		*cause = db_cause(db);
		return STATUS_DB;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		msg = (const char *)sqlite3_column_text(st, 0);
		if (msg != NULL && strcmp(msg, "ok") != 0 && s == STATUS_OK) {
			*cause = db_cause_rc(db->path, SQLITE_CORRUPT, msg);
			s = STATUS_DB;
		}
	}
	if (rc != SQLITE_DONE && s == STATUS_OK) {
		*cause = db_cause(db);
		s = STATUS_DB;
	}
	sqlite3_finalize(st);
	/*
	 * The search index against the articles it was built from (only a
	 * corrupt answer is damage: a locked or read-only cache is not),
	 * once the articles stored but not yet indexed are in it.
	 */
	if (s == STATUS_OK && db_index_backlog(db, 0, &rc, cause) !=
	    STATUS_OK)
		s = STATUS_DB;
	if (s == STATUS_OK && (rc = db_exec(db, "INSERT INTO items_fts "
	    "(items_fts, rank) VALUES ('integrity-check', 1)")) !=
	    SQLITE_OK) {
		*cause = db_is_damage(rc) ? db_cause_rc(db->path,
		    SQLITE_CORRUPT, _("the search index does not match the "
		    "articles")) : db_cause(db);
		s = STATUS_DB;
	}
	/* The per-feed counters against the articles they count. */
	if (s == STATUS_OK && db_pragma_int(db, "SELECT count(*) FROM feeds f "
	    "WHERE total <> (SELECT count(*) FROM items WHERE feed_id = f.id "
	    "AND ignored = 0) OR unread <> (SELECT count(*) FROM items WHERE "
	    "feed_id = f.id AND ignored = 0 AND read = 0)", &rc) ==
	    SQLITE_OK && rc > 0) {
		*cause = xasprintf(ngettext("%s: the article counts of %d "
		    "feed do not match the articles", "%s: the article counts "
		    "of %d feeds do not match the articles", rc), db->path,
		    rc);
		s = STATUS_DB;
	}
	return s;
}

int
db_str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* --------------------------------------------------------------- meta */

char *
db_meta_get(struct db *db, const char *key)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if ((st = db_stmt(db, S_META_GET)) == NULL)
		return NULL;
	db_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = db_col_text(st, 0);
	sqlite3_reset(st);
	return v;
}

int
db_meta_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, S_META_SET)) == NULL)
		return SQLITE_ERROR;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_step_done(db, st);
}

