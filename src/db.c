/*
 * The cache: opening, schema and migrations, feeds, storing parsed feeds,
 * paged article queries, state, retention, ignore rules and translations.
 * This is the only file that calls SQLite; every list is a keyset page and
 * counts come from per-feed counters kept by triggers.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tidende/app.h"
#include "tidende/buf.h"
#include "tidende/db.h"
#include "tidende/json.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/query.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define DB_VERSION	4
#define DB_BUSY_MS	10000	/* SQLite's own busy wait per statement */
#define DB_RETRY_MS	60000	/* our retry of BEGIN IMMEDIATE on top */
#define DB_SEEN_SLACK	86400	/* last_seen is refreshed once a day */

/* Cached statements, prepared on first use. */
enum db_stmt_id {
	S_DATA_VERSION,
	S_FEED_BY_URL,
	S_FEED_INSERT,
	S_FEED_SET_CONFIG_TITLE,
	S_FEED_TAGS_GET,
	S_FEED_TAGS_DELETE,
	S_FEED_TAG_INSERT,
	S_FEED_GET,
	S_FEED_FIND,
	S_FEEDS_LIST,
	S_TAGS_LIST,
	S_FEED_CHANNEL_GET,
	S_FEED_CHANNEL_SET,
	S_FEED_UNINDEX,
	S_FEED_INDEX,
	S_ITEM_BY_GUID,
	S_ITEM_BY_LINK,
	S_ITEM_INSERT,
	S_ITEM_UPDATE,
	S_BODY_PUT,
	S_BODY_DELETE,
	S_ITEM_SET_GUID,
	S_ITEM_SET_HASH,
	S_ITEM_TOUCH,
	S_FTS_INSERT,
	S_FTS_DELETE,
	S_ITEM_GET,
	S_ITEM_CATEGORIES,
	S_ITEM_ENCLOSURES,
	S_ITEM_SET_READ,
	S_ITEM_SET_STARRED,
	S_TRANSLATION_GET,
	S_TRANSLATION_PUT,
	S_TRANSLATIONS_DELETE,
	S_FEED_COUNTS_ALL,
	S_FEED_COUNTS_TAG,
	S_META_GET,
	S_META_SET,
	S_ITEM_SET_IGNORED,
	S_FEED_HAS_ITEMS,
	S_FEED_COUNT_NEW,
	S__COUNT
};

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
	"http_status, fail_count, error, error_time, unread, total, moved_to"
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
	    "(SELECT id FROM items WHERE feed_id = ?)",
	[S_FEED_INDEX] = "INSERT INTO items_fts (rowid, title, author, body, "
	    "feed) SELECT t.id, t.title, t.author, t.body, t.feed FROM "
	    "items_text t WHERE t.id IN (SELECT id FROM items WHERE "
	    "feed_id = ?)",
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
	[S_BODY_DELETE] = "DELETE FROM bodies WHERE item_id = ?",
	[S_ITEM_SET_GUID] = "UPDATE items SET guid = ? WHERE id = ?",
	[S_ITEM_SET_HASH] = "UPDATE items SET hash = ? WHERE id = ?",
	[S_ITEM_TOUCH] = "UPDATE items SET last_seen = ? WHERE id = ?",
	[S_FTS_INSERT] = "INSERT INTO items_fts (rowid, title, author, body, "
	    "feed) VALUES (?, ?, ?, ?, ?)",
	[S_FTS_DELETE] = "INSERT INTO items_fts (items_fts, rowid, title, "
	    "author, body, feed) SELECT 'delete', id, title, author, body, "
	    "feed FROM items_text WHERE id = ?",
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
};

/*
 * WAL checkpoints run in a thread on its own connection: a checkpoint
 * writes the log back and syncs twice (hundreds of ms on a busy disk),
 * which must not hold the event loop.  The commit hook only wakes it.
 */
#define DB_CKPT_PAGES	4096	/* log pages that call for a checkpoint */
/*
 * The log starts again from its beginning only when a write begins with
 * every page of it checkpointed; a writer that never pauses starves that
 * (a 1,000,000-article build left a 6.5 GB log).  Past this size, the
 * next write waits until the checkpoint thread has caught up: a store
 * batch by yielding loop passes (db_store_ready()), anything else by
 * waiting on it.
 */
#define DB_LOG_BIG	16384	/* pages: 64 MB */

struct db_ckpt {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	sqlite3		*h;
	int		 want;
	int		 running;
	int		 quit;
	int		 log_pages;	/* the log's size at the last commit */
};

struct db {
	sqlite3		*h;
	struct db_ckpt	*ckpt;
	char		*path;
	sqlite3_stmt	*stmts[S__COUNT];
	uint64_t	 writes;	/* our own committed changes */
	struct query	**ignores;
	size_t		 nignores;
	int		 batching;	/* store writes share one transaction */
	int		 batch_open;	/* ... and it is open, not committed */
	int64_t		 batch_since;	/* when it was opened (ms) */
};

static int	db_batch_flush(struct db *);
static int	db_ckpt_caught_up(struct db *, int);

/* ------------------------------------------------------------- helpers */

static int64_t
db_now(void)
{
	return (int64_t)time(NULL);
}

/* Whether an SQLite error means the file itself is damaged. */
static int
db_is_damage(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* The cause for an SQLite failure, naming the file. */
static char *
db_cause_rc(const char *path, int rc, const char *msg)
{
	if (db_is_damage(rc))
		return xasprintf("%s: the cache is damaged (%s); move it "
		    "aside (mv '%s' '%s.broken') and tidende will start a "
		    "new one", path, msg, path, path);
	if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_PERM ||
	    (rc & 0xff) == SQLITE_READONLY)
		return xasprintf("%s: cannot open the cache (%s); check the "
		    "file and its directory are readable and writable", path,
		    msg);
	return xasprintf("%s: %s", path, msg);
}

static char *
db_cause(struct db *db)
{
	return db_cause_rc(db->path, sqlite3_extended_errcode(db->h),
	    sqlite3_errmsg(db->h));
}

static void
db_set_cause(struct db *db, char **cause)
{
	if (cause != NULL)
		*cause = db_cause(db);
	else
		log_warn("%s: %s", db->path, sqlite3_errmsg(db->h));
}

static sqlite3_stmt *
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

static void
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
static void
db_bind_text_nocopy(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* FEED_NO_DATE is stored as NULL. */
static void
db_bind_date(sqlite3_stmt *st, int i, int64_t t)
{
	if (t == FEED_NO_DATE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, t);
}

static char *
db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s == NULL ? NULL : xstrdup((const char *)s);
}

static int64_t
db_col_date(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return FEED_NO_DATE;
	return sqlite3_column_int64(st, i);
}

/* Run SQL with no results. */
static int
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

static int
db_step_done(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* db_step_done() for a statement with db_bind_text_nocopy() values. */
static int
db_step_done_unbind(struct db *db, sqlite3_stmt *st)
{
	int rc = db_step_done(db, st);

	sqlite3_clear_bindings(st);
	return rc;
}

/*
 * A write that is its own transaction: on top of SQLite's busy wait,
 * retry while another process holds the write lock (a long refresh).
 */
static int
db_step_write(struct db *db, sqlite3_stmt *st)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int rc, waited = 0;

	if ((rc = db_batch_flush(db)) != SQLITE_OK)
		return rc;
	for (;;) {
		rc = db_step_done(db, st);
		if ((rc & 0xff) != SQLITE_BUSY || waited >= DB_RETRY_MS)
			return rc;
		nanosleep(&ts, NULL);
		waited += 20;
	}
}

/*
 * Start a write transaction.  BEGIN IMMEDIATE takes the write lock at
 * once, so the busy handler covers it; on top of SQLite's wait we retry
 * for a while, so "database is locked" does not reach the user.
 */
static int
db_begin(struct db *db)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int rc, waited = 0;

	if ((rc = db_batch_flush(db)) != SQLITE_OK)
		return rc;
	for (;;) {
		rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		if (waited >= DB_RETRY_MS)
			break;
		nanosleep(&ts, NULL);
		waited += 20;
	}
	return rc;
}

static int
db_commit(struct db *db)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int rc, waited = 0;

	for (;;) {
		rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || waited >= DB_RETRY_MS)
			break;
		nanosleep(&ts, NULL);
		waited += 20;
	}
	if (rc == SQLITE_OK)
		db->writes++;
	return rc;
}

static void
db_rollback(struct db *db)
{
	db->batch_open = 0;
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
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
static int
db_batch_flush(struct db *db)
{
	int rc;

	if (!db->batch_open)
		return SQLITE_OK;
	db->batch_open = 0;
	if ((rc = db_commit(db)) != SQLITE_OK) {
		log_warn("%s: cannot commit stored feeds: %s", db->path,
		    sqlite3_errmsg(db->h));
		db_rollback(db);
	}
	return rc;
}

/* Start a store write: a transaction of its own, or the open batch. */
static int
db_store_tx_begin(struct db *db)
{
	int rc;

	if (!db->batching) {
		db_ckpt_caught_up(db, 1);
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

static int
db_store_tx_commit(struct db *db)
{
	if (!db->batch_open)
		return db_commit(db);
	db->writes++;	/* this connection sees it already */
	return SQLITE_OK;
}

static void
db_store_tx_rollback(struct db *db)
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
			*cause = db_cause(db);
		return STATUS_DB;
	}
	return STATUS_OK;
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

/* ----------------------------------------------------------- HTML text */

static const struct {
	const char	*name;
	uint32_t	 cp;
} db_entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", ' ' }, { "aelig", 0xe6 },
	{ "AElig", 0xc6 }, { "oslash", 0xf8 }, { "Oslash", 0xd8 },
	{ "aring", 0xe5 }, { "Aring", 0xc5 }, { "auml", 0xe4 },
	{ "Auml", 0xc4 }, { "ouml", 0xf6 }, { "Ouml", 0xd6 },
	{ "uuml", 0xfc }, { "Uuml", 0xdc }, { "eacute", 0xe9 },
	{ "Eacute", 0xc9 }, { "egrave", 0xe8 }, { "szlig", 0xdf },
	{ "hellip", 0x2026 }, { "mdash", 0x2014 }, { "ndash", 0x2013 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201c },
	{ "rdquo", 0x201d }, { "laquo", 0xab }, { "raquo", 0xbb },
	{ "copy", 0xa9 }, { "shy", 0 }, { "zwnj", 0 },
};

/* Decode the entity at s ('&'); returns bytes used, 0 if not one. */
static size_t
db_entity(const char *s, struct buf *out)
{
	char name[16], enc[4];
	unsigned long cp;
	char *end;
	size_t i, n;

	if (s[1] == '#') {
		if (s[2] == 'x' || s[2] == 'X')
			cp = strtoul(s + 3, &end, 16);
		else
			cp = strtoul(s + 2, &end, 10);
		if (end == s + 2 || end == s + 3 || *end != ';')
			return 0;
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)
		    || cp < 0x20)
			cp = ' ';
		buf_add(out, enc, utf8_encode((uint32_t)cp, enc));
		return end - s + 1;
	}
	for (n = 1; n < sizeof name && s[n] != ';' && s[n] != '\0'; n++)
		name[n - 1] = s[n];
	if (s[n] != ';')
		return 0;
	name[n - 1] = '\0';
	for (i = 0; i < sizeof db_entities / sizeof db_entities[0]; i++) {
		if (strcmp(db_entities[i].name, name) != 0)
			continue;
		if (db_entities[i].cp != 0)
			buf_add(out, enc, utf8_encode(db_entities[i].cp, enc));
		return n + 1;
	}
	return 0;
}

/*
 * HTML to plain text for the search index, cheaply: tags become spaces,
 * script and style are dropped, entities decoded, white space collapsed.
 */
/* The bytes that end a plain run in db_html_text(). */
static const unsigned char db_html_stop[256] = {
	['\0'] = 1, ['<'] = 1, ['&'] = 1, [' '] = 1, ['\t'] = 1,
	['\n'] = 1, ['\r'] = 1,
};

char *
db_html_text(const char *html)
{
	struct buf out = BUF_INIT;
	const char *p = html, *end;
	size_t n;
	int space = 1;

	if (html == NULL)
		return xstrdup("");
	buf_grow(&out, strlen(html) + 1);
	while (*p != '\0') {
		/*
		 * Plain text runs are copied whole (a table, not strcspn():
		 * runs are short, and strcspn's setup cost more than them).
		 * A run goes on over one space between two words: only runs
		 * of white space change.
		 */
		for (n = 0;; n++) {
			if (!db_html_stop[(unsigned char)p[n]])
				continue;
			if (p[n] == ' ' && n > 0 &&
			    !db_html_stop[(unsigned char)p[n + 1]])
				continue;
			break;
		}
		if (n > 0) {
			buf_add(&out, p, n);
			p += n;
			space = 0;
			continue;
		}
		if (*p == '<') {
			if (strncasecmp(p, "<script", 7) == 0 ||
			    strncasecmp(p, "<style", 6) == 0) {
				end = strcasestr(p, p[1] == 's' &&
				    (p[2] == 'c' || p[2] == 'C') ?
				    "</script" : "</style");
				if (end == NULL)
					break;
				p = end + 2;
			} else if (strncmp(p, "<!--", 4) == 0) {
				if ((end = strstr(p, "-->")) == NULL)
					break;
				p = end + 2;
			}
			if ((end = strchr(p, '>')) == NULL)
				break;
			p = end + 1;
			if (!space) {
				buf_addc(&out, ' ');
				space = 1;
			}
			continue;
		}
		if (*p == '&' && (n = db_entity(p, &out)) != 0) {
			p += n;
			if (out.len > 0 && out.s[out.len - 1] == ' ') {
				if (space)
					out.s[--out.len] = '\0';
				space = 1;
			} else
				space = 0;
			continue;
		}
		if (*p == '&') {
			buf_addc(&out, '&');
			space = 0;
		} else {
			if (!space)
				buf_addc(&out, ' ');
			space = 1;
		}
		p++;
	}
	if (out.len > 0 && out.s[out.len - 1] == ' ')
		out.s[--out.len] = '\0';
	return buf_detach(&out);
}

/* ------------------------------------------------------------ the item */

/*
 * The change hash: did anything of an article change since it was stored?
 * Eight bytes a step through mix(), a bijection of the state for each
 * word, so texts of the same length never share a hash; each field's
 * length (or a NULL tag) goes in first.  Byte-wise FNV-1a, the hash
 * tidende 0.1.0 stored, was 5% of storing a big feed: db_hash_legacy()
 * still computes it for such articles (see db_store_item()).
 */
static uint64_t
db_mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

/* n (1-8) bytes as a little-endian word: the same on every machine. */
static uint64_t
db_le64(const unsigned char *u, size_t n)
{
	uint64_t w = 0;
	size_t k;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n == 8) {
		memcpy(&w, u, 8);
		return w;
	}
#endif
	for (k = 0; k < n; k++)
		w |= (uint64_t)u[k] << (8 * k);
	return w;
}

static void
db_hash_add(uint64_t *h, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i;

	if (s == NULL) {
		*h = db_mix(*h, UINT64_MAX);
		return;
	}
	len = strlen(s);
	*h = db_mix(*h, len);
	for (i = 0; i < len; i += 8)
		*h = db_mix(*h, db_le64(u + i, len - i < 8 ? len - i : 8));
}

static void
db_hash_int(uint64_t *h, int64_t v)
{
	*h = db_mix(*h, (uint64_t)v);
}

/* FNV-1a, the change hash tidende 0.1.0 stored. */
static void
db_fnv_add(uint64_t *h, const char *s)
{
	if (s == NULL) {
		*h = (*h ^ 0xff) * 0x100000001b3ULL;
		return;
	}
	for (; *s != '\0'; s++)
		*h = (*h ^ (unsigned char)*s) * 0x100000001b3ULL;
	*h = (*h ^ 0x1f) * 0x100000001b3ULL;
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

/* ---------------------------------------------------------- the schema */

/* Version 1: the first schema (kept as it was; tests build one). */
static const char db_schema_v1[] =
	"CREATE TABLE feeds ("
	" id INTEGER PRIMARY KEY,"
	" url TEXT NOT NULL UNIQUE,"
	" title TEXT, config_title TEXT, site_link TEXT, language TEXT,"
	" etag TEXT, last_modified TEXT,"
	" last_fetch INTEGER NOT NULL DEFAULT 0,"
	" http_status INTEGER NOT NULL DEFAULT 0,"
	" fail_count INTEGER NOT NULL DEFAULT 0,"
	" error TEXT, error_time INTEGER NOT NULL DEFAULT 0,"
	" next_due INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE feed_tags ("
	" feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	" tag TEXT NOT NULL, PRIMARY KEY (feed_id, tag));"
	"CREATE TABLE items ("
	" id INTEGER PRIMARY KEY,"
	" feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	" guid TEXT NOT NULL, title TEXT, link TEXT, author TEXT,"
	" published INTEGER, updated INTEGER, summary TEXT, content TEXT,"
	" language TEXT, categories TEXT, enclosures TEXT,"
	" first_seen INTEGER NOT NULL, date INTEGER NOT NULL,"
	" read INTEGER NOT NULL DEFAULT 0,"
	" starred INTEGER NOT NULL DEFAULT 0,"
	" read_time INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX items_guid ON items (feed_id, guid);"
	"CREATE INDEX items_date ON items (date, id);"
	"CREATE TABLE translations ("
	" item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,"
	" command TEXT NOT NULL, text TEXT NOT NULL, time INTEGER NOT NULL,"
	" PRIMARY KEY (item_id, command));";

/*
 * Version 2: articles rebuilt narrow (state and dates first, bodies in
 * their own table, so lists never read article text), change hashes,
 * ignore flags, last-seen times for retention, per-feed counters kept by
 * triggers, partial indexes for every view and the full-text index.
 * Runs with foreign keys off, as SQLite's table rebuild wants.
 */
static const char db_schema_v2[] =
	"CREATE TABLE items_v2 ("
	" id INTEGER PRIMARY KEY,"
	" feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	" date INTEGER NOT NULL,"
	" read INTEGER NOT NULL DEFAULT 0,"
	" starred INTEGER NOT NULL DEFAULT 0,"
	" ignored INTEGER NOT NULL DEFAULT 0,"
	" read_time INTEGER NOT NULL DEFAULT 0,"
	" first_seen INTEGER NOT NULL,"
	" last_seen INTEGER NOT NULL,"
	" hash INTEGER NOT NULL DEFAULT 0,"
	" published INTEGER, updated INTEGER,"
	" guid TEXT NOT NULL, title TEXT, link TEXT, author TEXT,"
	" language TEXT, categories TEXT, enclosures TEXT);"
	"INSERT INTO items_v2 (id, feed_id, date, read, starred, read_time,"
	" first_seen, last_seen, published, updated, guid, title, link, author,"
	" language, categories, enclosures)"
	" SELECT id, feed_id, date, read, starred, read_time, first_seen,"
	" first_seen, published, updated, guid, title, link, author, language,"
	" categories, enclosures FROM items;"
	"CREATE TABLE bodies ("
	" item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,"
	" summary TEXT, content TEXT);"
	"INSERT INTO bodies (item_id, summary, content)"
	" SELECT id, summary, content FROM items"
	" WHERE summary IS NOT NULL OR content IS NOT NULL;"
	"DROP TABLE items;"
	"ALTER TABLE items_v2 RENAME TO items;"
	"CREATE UNIQUE INDEX items_guid ON items (feed_id, guid);"
	"ALTER TABLE feeds ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN total INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN moved_to TEXT;"
	"UPDATE feeds SET"
	" total = (SELECT count(*) FROM items WHERE feed_id = feeds.id),"
	" unread = (SELECT count(*) FROM items WHERE feed_id = feeds.id"
	"  AND read = 0);"
	"CREATE INDEX feed_tags_tag ON feed_tags (tag, feed_id);"
	"CREATE INDEX items_date ON items (date, id, feed_id)"
	" WHERE ignored = 0;"
	"CREATE INDEX items_unread ON items (date, id, feed_id)"
	" WHERE read = 0 AND ignored = 0;"
	"CREATE INDEX items_starred ON items (date, id) WHERE starred = 1;"
	"CREATE INDEX items_ignored ON items (date, id) WHERE ignored = 1;"
	"CREATE INDEX items_feed ON items (feed_id, date, id, read)"
	" WHERE ignored = 0;"
	"CREATE INDEX items_link ON items (feed_id, link);"
	"CREATE VIEW items_text AS SELECT i.id AS id, i.title AS title,"
	" i.author AS author, tidende_text(b.content, b.summary) AS body,"
	" coalesce(f.config_title, f.title, f.url) AS feed"
	" FROM items i JOIN feeds f ON f.id = i.feed_id"
	" LEFT JOIN bodies b ON b.item_id = i.id;"
	"CREATE VIRTUAL TABLE items_fts USING fts5 (title, author, body, feed,"
	" content = 'items_text', content_rowid = 'id',"
	" tokenize = 'unicode61 remove_diacritics 0');"
	"INSERT INTO items_fts (items_fts, rank)"
	" VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 2.0)');"
	"CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN"
	" UPDATE feeds SET total = total + (NEW.ignored = 0),"
	"  unread = unread + (NEW.ignored = 0 AND NEW.read = 0)"
	"  WHERE id = NEW.feed_id;"
	" END;"
	"CREATE TRIGGER items_bd BEFORE DELETE ON items BEGIN"
	" INSERT INTO items_fts (items_fts, rowid, title, author, body, feed)"
	"  SELECT 'delete', id, title, author, body, feed FROM items_text"
	"  WHERE id = OLD.id;"
	" END;"
	"CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN"
	" UPDATE feeds SET total = total - (OLD.ignored = 0),"
	"  unread = unread - (OLD.ignored = 0 AND OLD.read = 0)"
	"  WHERE id = OLD.feed_id;"
	" DELETE FROM bodies WHERE item_id = OLD.id;"
	" END;"
	"CREATE TRIGGER feeds_bd BEFORE DELETE ON feeds BEGIN"
	" DELETE FROM items WHERE feed_id = OLD.id;"
	" END;"
	"CREATE TRIGGER items_au AFTER UPDATE OF read, ignored ON items"
	" WHEN OLD.read <> NEW.read OR OLD.ignored <> NEW.ignored BEGIN"
	" UPDATE feeds SET"
	"  total = total + (NEW.ignored = 0) - (OLD.ignored = 0),"
	"  unread = unread + (NEW.ignored = 0 AND NEW.read = 0)"
	"   - (OLD.ignored = 0 AND OLD.read = 0)"
	"  WHERE id = NEW.feed_id;"
	" END;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;";

static int db_item_read(struct db *, int64_t, struct db_item *);

/* After the v2 SQL: hash and index every article already stored. */
static int
db_migrate_v2(struct db *db)
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
		if ((rc = db_item_read(db, id, &di)) != SQLITE_OK)
			break;
		db_prepare_item(&di.item, &p);
		sqlite3_bind_int64(up, 1, p.hash);
		sqlite3_bind_int64(up, 2, id);
		rc = db_step_done(db, up);
		db_prepared_free(&p);
		db_item_free(&di);
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
static const char db_schema_v3[] =
	"INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 0);";

/*
 * Version 4: no per-row trigger counting inserted articles: it rewrote
 * the feed's row once per article, 15% of storing one.  The store adds a
 * feed's new articles to its counters in one statement instead (every
 * article is inserted by db_store_item(), unread and not ignored); the
 * triggers for deletes and read/ignored changes stay.
 */
static const char db_schema_v4[] =
	"DROP TRIGGER items_ai;";

static const struct {
	const char	*sql;
	int		(*fn)(struct db *);
} db_migrations[DB_VERSION] = {
	{ db_schema_v1, NULL },
	{ db_schema_v2, db_migrate_v2 },
	{ db_schema_v3, NULL },
	{ db_schema_v4, NULL },
};

static enum status
db_migrate(struct db *db, int from, char **cause)
{
	char *sql;
	int v, rc;

	if (db_begin(db) != SQLITE_OK)
		goto fail;
	for (v = from; v < DB_VERSION; v++) {
		if (db_exec(db, db_migrations[v].sql) != SQLITE_OK)
			goto fail;
		if (db_migrations[v].fn != NULL &&
		    (rc = db_migrations[v].fn(db)) != SQLITE_OK)
			goto fail;
		log_debug("%s: schema version %d", db->path, v + 1);
	}
	sql = xasprintf("PRAGMA user_version = %d", DB_VERSION);
	rc = db_exec(db, sql);
	free(sql);
	if (rc != SQLITE_OK || db_commit(db) != SQLITE_OK)
		goto fail;
	return STATUS_OK;

fail:
	*cause = db_cause(db);
	db_rollback(db);
	return STATUS_DB;
}

/* ---------------------------------------------------------------- open */

/* SQL tidende_text(content, summary): the text the search index holds. */
static void
db_sql_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *html;
	char *text;

	html = sqlite3_value_text(argv[0]);
	if (html == NULL)
		html = sqlite3_value_text(argv[1]);
	text = db_html_text((const char *)html);
	sqlite3_result_text(ctx, text, -1, free);
}

char *
db_default_path(void)
{
	return app_xdg_path("DATA", "cache.db");
}

static int
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

static void *
db_ckpt_main(void *arg)
{
	struct db_ckpt *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->want && !c->quit)
			pthread_cond_wait(&c->cond, &c->lock);
		if (c->quit)
			break;
		c->want = 0;
		c->running = 1;
		pthread_mutex_unlock(&c->lock);
		/* PASSIVE: never waits for readers or writers */
		sqlite3_wal_checkpoint_v2(c->h, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
		c->running = 0;
		pthread_cond_broadcast(&c->cond);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static int
db_wal_hook(void *arg, sqlite3 *h, const char *name, int pages)
{
	struct db_ckpt *c = arg;

	(void)h;
	(void)name;
	c->log_pages = pages;	/* only this thread writes it */
	if (pages >= DB_CKPT_PAGES) {
		pthread_mutex_lock(&c->lock);
		c->want = 1;
		pthread_cond_signal(&c->cond);
		pthread_mutex_unlock(&c->lock);
	}
	return SQLITE_OK;
}

/*
 * Whether a write may begin without starving the checkpoints: yes unless
 * the log is big and the checkpoint thread has not caught up with the
 * last commit yet.  With `wait` (writers outside the loop, such as
 * db_store_feed()), wait until it has.
 */
static int
db_ckpt_caught_up(struct db *db, int wait)
{
	struct db_ckpt *c = db->ckpt;
	int ok;

	if (c == NULL || c->log_pages < DB_LOG_BIG)
		return 1;
	pthread_mutex_lock(&c->lock);
	while (wait && (c->want || c->running))
		pthread_cond_wait(&c->cond, &c->lock);
	ok = !c->want && !c->running;
	pthread_mutex_unlock(&c->lock);
	if (ok)
		c->log_pages = 0;	/* this write starts the log again */
	return ok;
}

int
db_store_ready(struct db *db)
{
	return db->batch_open || db_ckpt_caught_up(db, 0);
}

/* Start the checkpoint thread; without it SQLite checkpoints inline. */
static void
db_ckpt_start(struct db *db)
{
	struct db_ckpt *c;

	if (!sqlite3_threadsafe())
		return;
	c = xcalloc(1, sizeof *c);
	/*
	 * A connection that has read nothing does not know the file is in
	 * WAL mode, and its checkpoints do nothing at all (the log then grew
	 * without bound while anything kept writing): read the header first.
	 */
	if (sqlite3_open_v2(db->path, &c->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->h, "SELECT count(*) FROM sqlite_schema", NULL,
	    NULL, NULL) != SQLITE_OK) {
		log_warn("%s: no checkpoint thread: %s", db->path,
		    sqlite3_errmsg(c->h));
		sqlite3_close(c->h);
		free(c);
		return;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	if (pthread_create(&c->thread, NULL, db_ckpt_main, c) != 0) {
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->cond);
		sqlite3_close(c->h);
		free(c);
		return;
	}
	db->ckpt = c;
	/* replaces SQLite's own autocheckpoint hook */
	sqlite3_wal_hook(db->h, db_wal_hook, c);
}

static void
db_ckpt_stop(struct db *db)
{
	struct db_ckpt *c = db->ckpt;

	if (c == NULL)
		return;
	sqlite3_wal_hook(db->h, NULL, NULL);
	pthread_mutex_lock(&c->lock);
	c->quit = 1;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	sqlite3_close(c->h);
	free(c);
	db->ckpt = NULL;
}

static void
db_free(struct db *db)
{
	size_t i;

	db_ckpt_stop(db);

	for (i = 0; i < S__COUNT; i++)
		if (db->stmts[i] != NULL)
			sqlite3_finalize(db->stmts[i]);
	if (db->h != NULL)
		sqlite3_close(db->h);
	for (i = 0; i < db->nignores; i++)
		query_free(db->ignores[i]);
	free(db->ignores);
	free(db->path);
	free(db);
}

enum status
db_open(const char *path, int flags, struct db **out, char **cause)
{
	struct db *db;
	struct stat sb;
	int fd, rc, version = 0, wal = 0, tables = 0, fresh;
	char mode[16] = "";
	sqlite3_stmt *st;

	*out = NULL;
	*cause = NULL;
	/*
	 * Before SQLite starts: no allocation statistics, which take a
	 * global mutex on every allocation (fails harmlessly if too late).
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	db = xcalloc(1, sizeof *db);
	db->path = path != NULL ? xstrdup(path) : db_default_path();

	if (stat(db->path, &sb) == -1) {
		if (errno != ENOENT || (flags & DB_READONLY)) {
			*cause = errno == ENOENT ?
			    xasprintf("%s: no cache yet (run 'tidende "
			    "refresh')", db->path) :
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
		*cause = xasprintf("%s: is a directory", db->path);
		db_free(db);
		return STATUS_IO;
	}

	/* one thread uses this connection (the checkpoint thread has its own) */
	rc = sqlite3_open_v2(db->path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	/* The search index reads article text through this (items_text). */
	rc = sqlite3_create_function_v2(db->h, "tidende_text", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    db_sql_text, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);

	/* The first read of the file: damage shows here. */
	if ((rc = db_pragma_int(db, "PRAGMA user_version", &version)) !=
	    SQLITE_OK)
		goto fail;
	if (version > DB_VERSION) {
		*cause = xasprintf("%s: made by a newer tidende (schema %d, "
		    "this one knows %d)", db->path, version, DB_VERSION);
		db_free(db);
		return STATUS_DB;
	}
	if (version == 0 && db_pragma_int(db, "SELECT count(*) FROM "
	    "sqlite_schema", &tables) == SQLITE_OK && tables > 0) {
		*cause = xasprintf("%s: not a tidende cache (an SQLite "
		    "database of something else); use another file with -d",
		    db->path);
		db_free(db);
		return STATUS_DB;
	}
	if (version == DB_VERSION && (flags & DB_READONLY)) {
		/* Fast path for status bars: no schema work. */
		*out = db;
		return STATUS_OK;
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
	 * A new file: free pages can be given back (db_prune) only when
	 * auto_vacuum is set before anything, WAL mode included, writes the
	 * file.  It is made without syncs (ten of them, 100-150 ms of a first
	 * refresh on a slow disk); a crash in those milliseconds leaves no
	 * articles to lose, and the file is synced once made.
	 */
	fresh = version == 0;
	if (fresh) {
		db_exec(db, "PRAGMA synchronous = OFF");
		/*
		 * 8 KB pages: an article body of 2-4 KB takes a 4 KB page
		 * of its own (two do not fit), 8 KB holds three.  A 54 MB
		 * feed's cache is 75 MB instead of 104 MB and stores 25%
		 * faster; queries time the same or better.  It must come
		 * before auto_vacuum, which fixes the page size.
		 */
		db_exec(db, "PRAGMA page_size = 8192");
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
	    "PRAGMA cache_size = -16384", NULL, NULL, NULL)) != SQLITE_OK)
		goto fail;
	/* (a new file gets NORMAL once it is made, below) */
	if (!fresh && (rc = sqlite3_exec(db->h, "PRAGMA synchronous = NORMAL",
	    NULL, NULL, NULL)) != SQLITE_OK)
		goto fail;
	/* a log that grew (one huge feed) shrinks back when it starts again */
	db_exec(db, "PRAGMA journal_size_limit = 67108864");

	if (version < DB_VERSION) {
		/* Another process may have migrated meanwhile: look again. */
		if (db_begin(db) != SQLITE_OK)
			goto fail;
		rc = db_pragma_int(db, "PRAGMA user_version", &version);
		db_rollback(db);
		if (rc != SQLITE_OK)
			goto fail;
		if (version < DB_VERSION &&
		    db_migrate(db, version, cause) != STATUS_OK) {
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
	db_ckpt_start(db);
	*out = db;
	return STATUS_OK;

fail:
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
	/* The search index against the articles it was built from. */
	if (s == STATUS_OK && db_exec(db, "INSERT INTO items_fts (items_fts, "
	    "rank) VALUES ('integrity-check', 1)") != SQLITE_OK) {
		*cause = db_cause_rc(db->path, SQLITE_CORRUPT,
		    "the search index does not match the articles");
		s = STATUS_DB;
	}
	/* The per-feed counters against the articles they count. */
	if (s == STATUS_OK && db_pragma_int(db, "SELECT count(*) FROM feeds f "
	    "WHERE total <> (SELECT count(*) FROM items WHERE feed_id = f.id "
	    "AND ignored = 0) OR unread <> (SELECT count(*) FROM items WHERE "
	    "feed_id = f.id AND ignored = 0 AND read = 0)", &rc) ==
	    SQLITE_OK && rc > 0) {
		*cause = xasprintf("%s: the article counts of %d feed%s do not "
		    "match the articles", db->path, rc, rc == 1 ? "" : "s");
		s = STATUS_DB;
	}
	return s;
}

/* --------------------------------------------------------------- meta */

static char *
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

static int
db_meta_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, S_META_SET)) == NULL)
		return SQLITE_ERROR;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_step_done(db, st);
}

/* --------------------------------------------------------------- feeds */

void
db_feed_free(struct db_feed *f)
{
	if (f == NULL)
		return;
	free(f->url);
	free(f->title);
	free(f->site_link);
	free(f->language);
	free(f->etag);
	free(f->last_modified);
	free(f->error);
	free(f->moved_to);
	memset(f, 0, sizeof *f);
}

void
db_feeds_free(struct db_feed *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		db_feed_free(&f[i]);
	free(f);
}

static void
db_feed_from_row(sqlite3_stmt *st, struct db_feed *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(st, 0);
	f->url = db_col_text(st, 1);
	f->title = db_col_text(st, 2);
	f->site_link = db_col_text(st, 3);
	f->language = db_col_text(st, 4);
	f->etag = db_col_text(st, 5);
	f->last_modified = db_col_text(st, 6);
	f->last_fetch = sqlite3_column_int64(st, 7);
	f->next_due = sqlite3_column_int64(st, 8);
	f->http_status = sqlite3_column_int(st, 9);
	f->fail_count = sqlite3_column_int(st, 10);
	f->error = db_col_text(st, 11);
	f->error_time = sqlite3_column_int64(st, 12);
	f->unread = sqlite3_column_int64(st, 13);
	f->total = sqlite3_column_int64(st, 14);
	f->moved_to = db_col_text(st, 15);
}

static int
db_str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Whether the stored tags of a feed are exactly these. */
static int
db_tags_same(struct db *db, int64_t id, char *const *tags, size_t ntags)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int same = 1;

	if ((st = db_stmt(db, S_FEED_TAGS_GET)) == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n >= ntags || !db_str_eq(tags[n],
		    (const char *)sqlite3_column_text(st, 0)))
			same = 0;
		n++;
	}
	sqlite3_reset(st);
	return same && n == ntags;
}

/*
 * The feed title is in the search index of every article of the feed:
 * take them out before the title changes (S_FEED_UNINDEX), put them back
 * after (S_FEED_INDEX).
 */
static int
db_feed_reindex(struct db *db, enum db_stmt_id sid, int64_t id)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, sid)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return db_step_done(db, st);
}

enum status
db_feed_sync(struct db *db, const char *url, const char *title,
    char *const *tags, size_t ntags, int64_t *id, char **cause)
{
	sqlite3_stmt *st;
	char *old_title = NULL;
	int found = 0, rc;
	size_t i;

	/* Usually nothing changed: look without taking the write lock. */
	if ((st = db_stmt(db, S_FEED_BY_URL)) == NULL)
		goto fail;
	db_bind_text(st, 1, url);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		*id = sqlite3_column_int64(st, 0);
		old_title = db_col_text(st, 1);
	}
	sqlite3_reset(st);
	if (found && db_str_eq(old_title, title) &&
	    db_tags_same(db, *id, tags, ntags)) {
		free(old_title);
		return STATUS_OK;
	}
	free(old_title);

	if (db_begin(db) != SQLITE_OK)
		goto fail;
	if ((st = db_stmt(db, S_FEED_BY_URL)) == NULL)
		goto fail;
	db_bind_text(st, 1, url);
	found = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		*id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (!found) {
		if ((st = db_stmt(db, S_FEED_INSERT)) == NULL)
			goto fail;
		db_bind_text(st, 1, url);
		db_bind_text(st, 2, title);
		if (db_step_done(db, st) != SQLITE_OK)
			goto fail;
		*id = sqlite3_last_insert_rowid(db->h);
	} else {
		if (db_feed_reindex(db, S_FEED_UNINDEX, *id) != SQLITE_OK)
			goto fail;
		if ((st = db_stmt(db, S_FEED_SET_CONFIG_TITLE)) == NULL)
			goto fail;
		db_bind_text(st, 1, title);
		sqlite3_bind_int64(st, 2, *id);
		if (db_step_done(db, st) != SQLITE_OK)
			goto fail;
		if (db_feed_reindex(db, S_FEED_INDEX, *id) != SQLITE_OK)
			goto fail;
	}
	if (!db_tags_same(db, *id, tags, ntags)) {
		if ((st = db_stmt(db, S_FEED_TAGS_DELETE)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, *id);
		if (db_step_done(db, st) != SQLITE_OK)
			goto fail;
		for (i = 0; i < ntags; i++) {
			if ((st = db_stmt(db, S_FEED_TAG_INSERT)) == NULL)
				goto fail;
			sqlite3_bind_int64(st, 1, *id);
			db_bind_text(st, 2, tags[i]);
			if (db_step_done(db, st) != SQLITE_OK)
				goto fail;
		}
	}
	if ((rc = db_commit(db)) != SQLITE_OK)
		goto fail;
	return STATUS_OK;

fail:
	*cause = db_cause(db);
	db_rollback(db);
	return STATUS_DB;
}

static enum status
db_feed_one(struct db *db, enum db_stmt_id id, int64_t key, const char *url,
    struct db_feed *out)
{
	sqlite3_stmt *st;
	enum status s = STATUS_NOT_FOUND;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = db_stmt(db, id)) == NULL)
		return STATUS_DB;
	if (url != NULL)
		db_bind_text(st, 1, url);
	else
		sqlite3_bind_int64(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_feed_from_row(st, out);
		s = STATUS_OK;
	} else if (rc != SQLITE_DONE)
		s = STATUS_DB;
	sqlite3_reset(st);
	return s;
}

enum status
db_feed_get(struct db *db, int64_t id, struct db_feed *out)
{
	return db_feed_one(db, S_FEED_GET, id, NULL, out);
}

enum status
db_feed_find(struct db *db, const char *url, struct db_feed *out)
{
	return db_feed_one(db, S_FEED_FIND, 0, url, out);
}

enum status
db_feeds_list(struct db *db, struct db_feed **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = db_stmt(db, S_FEEDS_LIST)) == NULL)
		return STATUS_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		db_feed_from_row(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_feeds_free(*out, *n);
		*out = NULL;
		*n = 0;
		return STATUS_DB;
	}
	return STATUS_OK;
}

enum status
db_tags_list(struct db *db, struct db_tag **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = db_stmt(db, S_TAGS_LIST)) == NULL)
		return STATUS_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[*n].name = db_col_text(st, 0);
		(*out)[*n].unread = sqlite3_column_int64(st, 1);
		(*out)[*n].total = sqlite3_column_int64(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_tags_free(*out, *n);
		*out = NULL;
		*n = 0;
		return STATUS_DB;
	}
	return STATUS_OK;
}

void
db_tags_free(struct db_tag *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(t[i].name);
	free(t);
}

enum status
db_feed_record_fetch(struct db *db, int64_t feed_id,
    const struct db_fetch_result *r, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (db_store_tx_begin(db) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db->h, "UPDATE feeds SET last_fetch = ?1, "
	    "http_status = ?2, etag = coalesce(?3, etag), "
	    "last_modified = coalesce(?4, last_modified), error = ?5, "
	    "error_time = CASE WHEN ?5 IS NULL THEN error_time ELSE ?1 END, "
	    "fail_count = CASE WHEN ?5 IS NULL THEN 0 ELSE fail_count + 1 "
	    "END, next_due = ?6, moved_to = coalesce(?7, moved_to) "
	    "WHERE id = ?8", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, r->fetched_at);
	sqlite3_bind_int(st, 2, r->http_status);
	db_bind_text(st, 3, r->etag);
	db_bind_text(st, 4, r->last_modified);
	db_bind_text(st, 5, r->error);
	sqlite3_bind_int64(st, 6, r->next_due);
	db_bind_text(st, 7, r->new_url);
	sqlite3_bind_int64(st, 8, feed_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || db_store_tx_commit(db) != SQLITE_OK)
		goto fail;
	return STATUS_OK;

fail:
	*cause = db_cause(db);
	db_store_tx_rollback(db);
	return STATUS_DB;
}

/* --------------------------------------------------------------- store */

static int db_ignore_check(struct db *, int64_t, int *);

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

	if (it->summary == NULL && it->content == NULL) {
		if (!replace)
			return SQLITE_OK;
		if ((st = db_stmt(db, S_BODY_DELETE)) == NULL)
			return SQLITE_ERROR;
		sqlite3_bind_int64(st, 1, id);
		return db_step_done(db, st);
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
	sqlite3_stmt *st;
	int64_t id, hash = 0, last_seen = 0;
	int rc, guid_changed, is_update;

	if (it->id == NULL)
		return SQLITE_OK;	/* the parser always sets one */
	rc = db_store_find(db, feed_id, pf, it, batch->had_items, &id, &hash,
	    &last_seen, &guid_changed);
	if (rc != SQLITE_OK)
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

	if (is_update && (rc = db_fts_unindex(db, id)) != SQLITE_OK)
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
	if ((rc = db_step_done(db, st)) != SQLITE_OK)
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
	char *body;
	size_t i;
	int rc, ignored;

	for (i = 0; i < b->n; i++) {
		it = b->ops[i].it;
		body = db_html_text(it->content != NULL ? it->content :
		    it->summary);
		rc = db_fts_put(db, b->ops[i].id, it, body, feed);
		free(body);
		if (rc != SQLITE_OK)
			return rc;
	}
	for (i = 0; i < b->n && db->nignores > 0; i++) {
		if ((rc = db_ignore_check(db, b->ops[i].id, &ignored)) !=
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
	struct db_fts_batch batch = { NULL, 0, 0, 1 };
	sqlite3_stmt *st;
	int64_t t0 = budget_ms > 0 ? loop_now_us() : 0, t_items = 0;
	size_t n = 0, next = s->next;
	int rc;

	*done = 0;
	memset(&stats, 0, sizeof stats);
	if (db_store_tx_begin(db) != SQLITE_OK)
		goto fail;
	if (!s->started) {
		rc = db_store_channel(db, s->feed_id, s->pf, &s->display);
		if (rc == SQLITE_NOTFOUND) {
			/* nothing written: a batch stays as it is */
			if (!db->batch_open)
				db_rollback(db);
			*cause = xasprintf("%s: no feed %lld in the cache",
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
	if (db_store_tx_commit(db) != SQLITE_OK)
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
	db_store_tx_rollback(db);
	if (!s->started) {
		free(s->display);
		s->display = NULL;
	}
	return STATUS_DB;
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

/* ------------------------------------------------------------- queries */

/* Parameters of a dynamic statement, bound in the order they were added. */
struct db_params {
	struct query_param *v;
	size_t		 n;
};

static void
db_params_text(struct db_params *p, const char *s)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n].is_text = 1;
	p->v[p->n].text = xstrdup(s);
	p->v[p->n].num = 0;
	p->n++;
}

static void
db_params_num(struct db_params *p, int64_t num)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n].is_text = 0;
	p->v[p->n].text = NULL;
	p->v[p->n].num = num;
	p->n++;
}

static void
db_params_free(struct db_params *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].text);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

static void
db_params_bind(struct db_params *p, sqlite3_stmt *st)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].is_text)
			db_bind_text(st, (int)i + 1, p->v[i].text);
		else
			sqlite3_bind_int64(st, (int)i + 1, p->v[i].num);
	}
}

/*
 * How the match of a search joins the statement.  A page must cost what
 * is on screen, not what matched: ranking looks at the newest
 * DB_RANK_WINDOW matches (all of them, for most searches), and a search
 * by date with many matches walks the date index, testing each article
 * against the set of matching rowids, until the page is full; when more
 * than one article in DB_DENSE matches, building that set costs more
 * than asking the index about each article walked.
 */
#define DB_DENSE	20
#define DB_RANK_WINDOW	1000
#define DB_SORT_MAX	2000
enum db_match_mode {
	DB_MATCH_JOIN,		/* few matches: join them and sort by date */
	DB_MATCH_WALK,		/* many: walk the view's index, test i.id IN */
	DB_MATCH_DENSE,		/* most: walk it, ask the index about each row */
	DB_MATCH_WINDOW,	/* by relevance: the newest matches, ranked */
	DB_MATCH_IN,		/* counts and updates: i.id IN (...) */
};

/* The index a view walks, in list order. */
static const char *
db_view_index(const struct db_filter *f)
{
	if (f->ignored)
		return "items_ignored";
	if (f->view == DB_VIEW_FEED)
		return "items_feed";
	if (f->view == DB_VIEW_STARRED || f->starred_only)
		return "items_starred";
	if (f->unread_only)
		return "items_unread";
	return "items_date";
}

/* The filter's search, parsed (*q stays NULL when there is none). */
static enum status
db_filter_parse(const struct db_filter *f, struct query **q, char **cause)
{
	int flags = 0;

	*q = NULL;
	if (f->view != DB_VIEW_SEARCH || query_is_empty(f->search))
		return STATUS_OK;
	if (f->prefix_last)
		flags |= QUERY_PREFIX_LAST;
	return query_parse(f->search, flags, db_now(), q, cause);
}

/* Articles in the cache (not ignored), from the counters. */
static int64_t
db_total(struct db *db)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if ((st = db_stmt(db, S_FEED_COUNTS_ALL)) == NULL)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Whether a match has more than `max` articles (cheap: stops there). */
static int
db_match_over(struct db *db, const char *match, int64_t max)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM (SELECT 1 FROM "
	    "items_fts WHERE items_fts MATCH ? LIMIT ?)", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	db_bind_text(st, 1, match);
	sqlite3_bind_int64(st, 2, max + 1);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n > max;
}

/*
 * The FROM and WHERE of a filter over items `i`, with the parsed search
 * q (or NULL) joined as `mode` says.  Conditions are written literally so
 * that they imply the partial index of the view.
 */
static void
db_filter_sql(struct db *db, const struct db_filter *f,
    enum db_match_mode mode, struct buf *from, struct buf *where,
    struct db_params *params, struct query *q)
{
	int match = q != NULL && q->match != NULL;
	size_t i;

	if (match && mode == DB_MATCH_JOIN)
		buf_adds(from, "items_fts JOIN items i ON i.id = "
		    "items_fts.rowid");
	else if (match && mode == DB_MATCH_WINDOW) {
		buf_printf(from, "(SELECT rowid AS rid, rank AS rank FROM "
		    "items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC "
		    "LIMIT %d) AS m JOIN items i ON i.id = m.rid",
		    DB_RANK_WINDOW);
		db_params_text(params, q->match);
	} else if (match && mode == DB_MATCH_IN)
		buf_adds(from, "items AS i");
	else {
		/*
		 * Without words to match, the view decides the index: the
		 * pages then walk it in order and never sort, whatever
		 * statistics the planner has (or lacks).
		 */
		buf_printf(from, "items AS i INDEXED BY %s",
		    db_view_index(f));
	}

	buf_adds(where, f->ignored ? "i.ignored = 1" : "i.ignored = 0");
	if (f->unread_only)
		buf_adds(where, " AND i.read = 0");
	if (f->starred_only && f->view != DB_VIEW_STARRED)
		buf_adds(where, " AND i.starred = 1");
	switch (f->view) {
	case DB_VIEW_FEED:
		buf_adds(where, " AND i.feed_id = ?");
		db_params_num(params, f->feed_id);
		break;
	case DB_VIEW_TAG:
		buf_adds(where, " AND i.feed_id IN (SELECT feed_id FROM "
		    "feed_tags WHERE tag = ?)");
		db_params_text(params, f->tag != NULL ? f->tag : "");
		break;
	case DB_VIEW_STARRED:
		buf_adds(where, " AND i.starred = 1");
		break;
	default:
		break;
	}
	if (q == NULL)
		return;
	if (match && mode == DB_MATCH_JOIN) {
		buf_adds(where, " AND items_fts MATCH ?");
		db_params_text(params, q->match);
	} else if (match && mode == DB_MATCH_DENSE) {
		buf_adds(where, " AND EXISTS (SELECT 1 FROM items_fts WHERE "
		    "items_fts MATCH ? AND rowid = i.id)");
		db_params_text(params, q->match);
	} else if (match && mode != DB_MATCH_WINDOW) {
		buf_adds(where, " AND i.id IN (SELECT rowid FROM "
		    "items_fts WHERE items_fts MATCH ?)");
		db_params_text(params, q->match);
	}
	buf_adds(where, q->where);
	for (i = 0; i < q->nparams; i++) {
		if (q->params[i].is_text)
			db_params_text(params, q->params[i].text);
		else
			db_params_num(params, q->params[i].num);
	}
}

/* A syntax error from FTS5 for a query we built: report it as usage. */
static enum status
db_query_error(struct db *db, struct query *q, char **cause)
{
	if (q != NULL && (sqlite3_errcode(db->h) & 0xff) == SQLITE_ERROR) {
		*cause = xasprintf("cannot search for that (%s)",
		    sqlite3_errmsg(db->h));
		return STATUS_USAGE;
	}
	*cause = db_cause(db);
	return STATUS_DB;
}

void
db_row_clear(struct db_row *r)
{
	free(r->feed_title);
	free(r->feed_url);
	free(r->title);
	free(r->link);
	free(r->author);
}

void
db_rows_free(struct db_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		db_row_clear(&rows[i]);
	free(rows);
}

void
db_row_cursor(const struct db_row *row, struct db_cursor *c)
{
	c->date = row->date;
	c->id = row->id;
	c->rank = row->rank;
}

enum status
db_items_page(struct db *db, const struct db_filter *f,
    const struct db_cursor *after, int backwards, size_t limit,
    struct db_row **rows, size_t *nrows, char **cause)
{
	struct buf from = BUF_INIT, where = BUF_INIT, sql = BUF_INIT;
	struct db_params params = { NULL, 0 };
	struct query *q = NULL;
	struct db_row *r, tmp;
	sqlite3_stmt *st = NULL;
	size_t cap = 0, i;
	enum status s;
	int rc, by_rank;
	enum db_match_mode mode;
	const char *cmp;

	*rows = NULL;
	*nrows = 0;
	if (limit == 0)
		return STATUS_OK;
	if ((s = db_filter_parse(f, &q, cause)) != STATUS_OK)
		goto out;
	by_rank = q != NULL && q->match != NULL && f->by_relevance;
	if (by_rank)
		mode = DB_MATCH_WINDOW;
	else if (q != NULL && q->match != NULL &&
	    db_match_over(db, q->match, DB_SORT_MAX))
		mode = db_match_over(db, q->match, db_total(db) / DB_DENSE) ?
		    DB_MATCH_DENSE : DB_MATCH_WALK;
	else
		mode = DB_MATCH_JOIN;
	db_filter_sql(db, f, mode, &from, &where, &params, q);

	/* Forwards: rows after the cursor in list order; backwards: before. */
	cmp = backwards ? ">" : "<";
	if (by_rank)
		cmp = backwards ? "<" : ">";
	if (after != NULL) {
		if (by_rank)
			buf_printf(&where, " AND (m.rank, i.id) %s (?, ?)",
			    cmp);
		else
			buf_printf(&where, " AND (i.date, i.id) %s (?, ?)",
			    cmp);
	}
	buf_printf(&sql, "SELECT i.id, i.feed_id, coalesce(f.config_title, "
	    "f.title, f.url), f.url, i.title, i.link, i.author, i.date, "
	    "i.read, i.starred, %s, coalesce(i.published, i.updated) "
	    "FROM %s JOIN feeds f ON f.id = i.feed_id WHERE %s ORDER BY %s "
	    "LIMIT ?", by_rank ? "m.rank" : "0.0", buf_str(&from),
	    buf_str(&where), by_rank ? (backwards ?
	    "m.rank DESC, i.id DESC" : "m.rank ASC, i.id ASC") :
	    (backwards ? "i.date ASC, i.id ASC" : "i.date DESC, i.id DESC"));
	if (sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st, NULL) !=
	    SQLITE_OK) {
		s = db_query_error(db, q, cause);
		goto out;
	}
	db_params_bind(&params, st);
	i = params.n;
	if (after != NULL) {
		if (by_rank)
			sqlite3_bind_double(st, (int)++i, after->rank);
		else
			sqlite3_bind_int64(st, (int)++i, after->date);
		sqlite3_bind_int64(st, (int)++i, after->id);
	}
	sqlite3_bind_int64(st, (int)++i, (sqlite3_int64)limit);

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*nrows == cap) {
			cap = cap == 0 ? (limit < 64 ? limit : 64) : cap * 2;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		r = &(*rows)[(*nrows)++];
		r->id = sqlite3_column_int64(st, 0);
		r->feed_id = sqlite3_column_int64(st, 1);
		r->feed_title = db_col_text(st, 2);
		r->feed_url = db_col_text(st, 3);
		r->title = db_col_text(st, 4);
		r->link = db_col_text(st, 5);
		r->author = db_col_text(st, 6);
		r->date = sqlite3_column_int64(st, 7);
		r->read = sqlite3_column_int(st, 8);
		r->starred = sqlite3_column_int(st, 9);
		r->rank = sqlite3_column_double(st, 10);
		r->published = db_col_date(st, 11);
	}
	if (rc != SQLITE_DONE) {
		s = db_query_error(db, q, cause);
		db_rows_free(*rows, *nrows);
		*rows = NULL;
		*nrows = 0;
		goto out;
	}
	if (backwards) {
		for (i = 0; i < *nrows / 2; i++) {
			tmp = (*rows)[i];
			(*rows)[i] = (*rows)[*nrows - 1 - i];
			(*rows)[*nrows - 1 - i] = tmp;
		}
	}
	s = STATUS_OK;
out:
	if (st != NULL)
		sqlite3_finalize(st);
	query_free(q);
	db_params_free(&params);
	buf_free(&from);
	buf_free(&where);
	buf_free(&sql);
	return s;
}

/* Counts from the per-feed counters: no scan of items. */
static enum status
db_count_counters(struct db *db, const struct db_filter *f, int64_t *total,
    int64_t *unread)
{
	sqlite3_stmt *st;
	struct db_feed feed;
	enum status s;

	if (f->view == DB_VIEW_FEED) {
		if ((s = db_feed_get(db, f->feed_id, &feed)) != STATUS_OK)
			return s == STATUS_NOT_FOUND ? STATUS_OK : s;
		*total = feed.total;
		*unread = feed.unread;
		db_feed_free(&feed);
		return STATUS_OK;
	}
	st = db_stmt(db, f->view == DB_VIEW_TAG ? S_FEED_COUNTS_TAG :
	    S_FEED_COUNTS_ALL);
	if (st == NULL)
		return STATUS_DB;
	if (f->view == DB_VIEW_TAG)
		db_bind_text(st, 1, f->tag != NULL ? f->tag : "");
	if (sqlite3_step(st) == SQLITE_ROW) {
		*total = sqlite3_column_int64(st, 0);
		*unread = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return STATUS_OK;
}

enum status
db_items_count(struct db *db, const struct db_filter *f, int64_t *total,
    int64_t *unread, char **cause)
{
	struct buf from = BUF_INIT, where = BUF_INIT, sql = BUF_INIT;
	struct db_params params = { NULL, 0 };
	struct query *q = NULL;
	sqlite3_stmt *st = NULL;
	enum status s;
	int rc;

	*total = *unread = 0;
	if (!f->ignored && !f->starred_only && (f->view == DB_VIEW_ALL || f->view == DB_VIEW_FEED
	    || f->view == DB_VIEW_TAG || (f->view == DB_VIEW_SEARCH &&
	    query_is_empty(f->search)))) {
		s = db_count_counters(db, f, total, unread);
		if (s == STATUS_OK && f->unread_only)
			*total = *unread;
		if (s != STATUS_OK)
			*cause = db_cause(db);
		return s;
	}
	if ((s = db_filter_parse(f, &q, cause)) != STATUS_OK)
		goto out;
	db_filter_sql(db, f, DB_MATCH_IN, &from, &where, &params, q);
	buf_printf(&sql, "SELECT count(*), coalesce(sum(i.read = 0), 0) "
	    "FROM %s WHERE %s", buf_str(&from), buf_str(&where));
	if (sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st, NULL) !=
	    SQLITE_OK) {
		s = db_query_error(db, q, cause);
		goto out;
	}
	db_params_bind(&params, st);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*total = sqlite3_column_int64(st, 0);
		*unread = sqlite3_column_int64(st, 1);
		s = STATUS_OK;
	} else
		s = db_query_error(db, q, cause);
out:
	if (st != NULL)
		sqlite3_finalize(st);
	query_free(q);
	db_params_free(&params);
	buf_free(&from);
	buf_free(&where);
	buf_free(&sql);
	return s;
}

/* --------------------------------------------------------------- items */

void
db_item_free(struct db_item *di)
{
	if (di == NULL)
		return;
	free(di->feed_title);
	free(di->feed_url);
	free(di->feed_language);
	item_free(&di->item);
	memset(di, 0, sizeof *di);
}

/* Read one article; SQLITE_NOTFOUND when there is none. */
static int
db_item_read(struct db *db, int64_t id, struct db_item *di)
{
	sqlite3_stmt *st;
	struct item *it = &di->item;
	int rc;

	memset(di, 0, sizeof *di);
	item_init(it);
	if ((st = db_stmt(db, S_ITEM_GET)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc;
	}
	di->id = sqlite3_column_int64(st, 0);
	di->feed_id = sqlite3_column_int64(st, 1);
	di->feed_title = db_col_text(st, 2);
	di->feed_url = db_col_text(st, 3);
	di->feed_language = db_col_text(st, 4);
	di->first_seen = sqlite3_column_int64(st, 5);
	di->read = sqlite3_column_int(st, 6);
	di->starred = sqlite3_column_int(st, 7);
	it->id = db_col_text(st, 8);
	it->title = db_col_text(st, 9);
	it->link = db_col_text(st, 10);
	it->author = db_col_text(st, 11);
	it->published = db_col_date(st, 12);
	it->updated = db_col_date(st, 13);
	it->summary = db_col_text(st, 14);
	it->content = db_col_text(st, 15);
	it->language = db_col_text(st, 16);
	sqlite3_reset(st);

	if ((st = db_stmt(db, S_ITEM_CATEGORIES)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0) != NULL)
			item_add_category(it,
			    (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if ((st = db_stmt(db, S_ITEM_ENCLOSURES)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0) != NULL)
			item_add_enclosure(it,
			    (const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1),
			    sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 :
			    sqlite3_column_int64(st, 2));
	sqlite3_reset(st);
	return SQLITE_OK;
}

enum status
db_item_get(struct db *db, int64_t id, struct db_item *out, char **cause)
{
	int rc;

	rc = db_item_read(db, id, out);
	if (rc == SQLITE_OK)
		return STATUS_OK;
	db_item_free(out);
	if (rc == SQLITE_NOTFOUND) {
		*cause = xasprintf("no article %lld", (long long)id);
		return STATUS_NOT_FOUND;
	}
	*cause = db_cause(db);
	return STATUS_DB;
}

static enum status
db_item_set(struct db *db, enum db_stmt_id sid, int64_t id, int value)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sid)) == NULL)
		return STATUS_DB;
	sqlite3_bind_int(st, 1, value != 0);
	if (sid == S_ITEM_SET_READ) {
		sqlite3_bind_int64(st, 2, value ? db_now() : 0);
		sqlite3_bind_int64(st, 3, id);
		sqlite3_bind_int(st, 4, value != 0);
	} else {
		sqlite3_bind_int64(st, 2, id);
		sqlite3_bind_int(st, 3, value != 0);
	}
	rc = db_step_write(db, st);
	if (rc != SQLITE_OK) {
		db_set_cause(db, NULL);
		return STATUS_DB;
	}
	if (sqlite3_changes(db->h) > 0)
		db->writes++;
	return STATUS_OK;
}

enum status
db_item_set_read(struct db *db, int64_t id, int read)
{
	return db_item_set(db, S_ITEM_SET_READ, id, read);
}

enum status
db_item_set_starred(struct db *db, int64_t id, int starred)
{
	return db_item_set(db, S_ITEM_SET_STARRED, id, starred);
}

enum status
db_mark_read(struct db *db, const struct db_filter *f, char **cause)
{
	struct buf from = BUF_INIT, where = BUF_INIT, sql = BUF_INIT;
	struct db_params params = { NULL, 0 };
	struct query *q = NULL;
	sqlite3_stmt *st = NULL;
	enum status s;
	int rc;

	if ((s = db_filter_parse(f, &q, cause)) != STATUS_OK)
		goto out;
	db_filter_sql(db, f, DB_MATCH_IN, &from, &where, &params, q);
	/* `UPDATE items AS i` keeps the filter's conditions as they are. */
	buf_printf(&sql, "UPDATE %s SET read = 1, read_time = %lld "
	    "WHERE i.read = 0 AND %s", buf_str(&from), (long long)db_now(),
	    buf_str(&where));
	if (db_begin(db) != SQLITE_OK) {
		*cause = db_cause(db);
		s = STATUS_DB;
		goto out;
	}
	if (sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st, NULL) !=
	    SQLITE_OK) {
		s = db_query_error(db, q, cause);
		db_rollback(db);
		goto out;
	}
	db_params_bind(&params, st);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		s = db_query_error(db, q, cause);
		db_rollback(db);
		goto out;
	}
	if (db_commit(db) != SQLITE_OK) {
		*cause = db_cause(db);
		db_rollback(db);
		s = STATUS_DB;
		goto out;
	}
	s = STATUS_OK;
out:
	if (st != NULL)
		sqlite3_finalize(st);
	query_free(q);
	db_params_free(&params);
	buf_free(&from);
	buf_free(&where);
	buf_free(&sql);
	return s;
}

/* ------------------------------------------------------------ retention */

static enum status
db_prune_where(struct db *db, int64_t feed_id, long max_items,
    long max_age_days, size_t *deleted, char **cause)
{
	sqlite3_stmt *st = NULL, *fl = NULL;
	int64_t now = db_now(), fid;
	int rc, freelist = 0;
	size_t n = 0;
	char *vac;

	if (deleted != NULL)
		*deleted = 0;
	if (max_items <= 0 && max_age_days <= 0)
		return STATUS_OK;
	if (db_store_tx_begin(db) != SQLITE_OK)
		goto fail;
	if (max_age_days > 0) {
		if (sqlite3_prepare_v2(db->h, "DELETE FROM items WHERE "
		    "starred = 0 AND date < ?1 AND last_seen < ?2 AND "
		    "(?3 = 0 OR feed_id = ?3)", -1, &st, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_int64(st, 1, now - (int64_t)max_age_days * 86400);
		sqlite3_bind_int64(st, 2, now - 2 * DB_SEEN_SLACK);
		sqlite3_bind_int64(st, 3, feed_id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE)
			goto fail;
		n += sqlite3_changes(db->h);
	}
	if (max_items > 0) {
		if (sqlite3_prepare_v2(db->h, "SELECT id FROM feeds WHERE "
		    "total > ?1 AND (?2 = 0 OR id = ?2)", -1, &fl, NULL) !=
		    SQLITE_OK)
			goto fail;
		if (sqlite3_prepare_v2(db->h, "DELETE FROM items WHERE id IN "
		    "(SELECT id FROM items WHERE feed_id = ?1 AND ignored = 0 "
		    "ORDER BY date DESC, id DESC LIMIT -1 OFFSET ?2) AND "
		    "starred = 0 AND last_seen < ?3", -1, &st, NULL) !=
		    SQLITE_OK)
			goto fail;
		sqlite3_bind_int64(fl, 1, max_items);
		sqlite3_bind_int64(fl, 2, feed_id);
		while ((rc = sqlite3_step(fl)) == SQLITE_ROW) {
			fid = sqlite3_column_int64(fl, 0);
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, fid);
			sqlite3_bind_int64(st, 2, max_items);
			sqlite3_bind_int64(st, 3, now - 2 * DB_SEEN_SLACK);
			if (sqlite3_step(st) != SQLITE_DONE)
				goto fail;
			n += sqlite3_changes(db->h);
		}
		if (rc != SQLITE_DONE)
			goto fail;
		sqlite3_finalize(st);
		sqlite3_finalize(fl);
		st = fl = NULL;
	}
	if (db_store_tx_commit(db) != SQLITE_OK)
		goto fail;
	if (deleted != NULL)
		*deleted = n;
	/* Give free pages back now and then (not on every small prune). */
	if (n > 0 && !db->batch_open && db_pragma_int(db,
	    "PRAGMA freelist_count", &freelist) == SQLITE_OK &&
	    freelist > 256) {
		vac = xasprintf("PRAGMA incremental_vacuum(%d)", freelist);
		db_exec(db, vac);
		free(vac);
	}
	return STATUS_OK;

fail:
	*cause = db_cause(db);
	if (st != NULL)
		sqlite3_finalize(st);
	if (fl != NULL)
		sqlite3_finalize(fl);
	db_store_tx_rollback(db);
	return STATUS_DB;
}

enum status
db_prune(struct db *db, long max_items, long max_age_days, size_t *deleted,
    char **cause)
{
	return db_prune_where(db, 0, max_items, max_age_days, deleted, cause);
}

enum status
db_prune_feed(struct db *db, int64_t feed_id, long max_items,
    long max_age_days, size_t *deleted, char **cause)
{
	return db_prune_where(db, feed_id, max_items, max_age_days, deleted,
	    cause);
}

/* -------------------------------------------------------------- ignores */

/* Whether the just stored article matches an ignore rule. */
static int
db_ignore_check(struct db *db, int64_t id, int *ignored)
{
	struct buf sql = BUF_INIT;
	struct query *q;
	sqlite3_stmt *st;
	size_t i, j;
	int rc = SQLITE_OK, n;

	*ignored = 0;
	for (i = 0; i < db->nignores && !*ignored; i++) {
		q = db->ignores[i];
		buf_reset(&sql);
		buf_adds(&sql, "SELECT 1 FROM items i WHERE i.id = ?");
		if (q->match != NULL)
			buf_adds(&sql, " AND EXISTS (SELECT 1 FROM items_fts "
			    "WHERE items_fts MATCH ? AND rowid = i.id)");
		buf_adds(&sql, q->where);
		if (sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st,
		    NULL) != SQLITE_OK) {
			rc = sqlite3_errcode(db->h);
			break;
		}
		n = 1;
		sqlite3_bind_int64(st, n++, id);
		if (q->match != NULL)
			db_bind_text(st, n++, q->match);
		for (j = 0; j < q->nparams; j++, n++) {
			if (q->params[j].is_text)
				db_bind_text(st, n, q->params[j].text);
			else
				sqlite3_bind_int64(st, n, q->params[j].num);
		}
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*ignored = 1;
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
		rc = SQLITE_OK;
	}
	buf_free(&sql);
	return rc;
}

enum status
db_set_ignores(struct db *db, char **queries, size_t n, char **cause)
{
	struct buf sig = BUF_INIT, sql = BUF_INIT;
	struct db_params params = { NULL, 0 };
	struct query **compiled, *q;
	sqlite3_stmt *st;
	char *old, *why = NULL;
	size_t i, j;
	int rc;

	compiled = xcalloc(n + 1, sizeof *compiled);
	for (i = 0; i < n; i++) {
		if (query_parse(queries[i], 0, db_now(), &compiled[i], &why) !=
		    STATUS_OK) {
			*cause = xasprintf("ignore \"%s\": %s", queries[i],
			    why);
			free(why);
			for (j = 0; j < i; j++)
				query_free(compiled[j]);
			free(compiled);
			return STATUS_USAGE;
		}
		buf_adds(&sig, queries[i]);
		buf_addc(&sig, '\n');
	}
	for (i = 0; i < db->nignores; i++)
		query_free(db->ignores[i]);
	free(db->ignores);
	db->ignores = compiled;
	db->nignores = n;

	/* Re-flag the cache only when the rules changed. */
	old = db_meta_get(db, "ignores");
	if (db_str_eq(old != NULL ? old : "", buf_str(&sig))) {
		free(old);
		buf_free(&sig);
		return STATUS_OK;
	}
	free(old);
	if (db_begin(db) != SQLITE_OK)
		goto fail;
	if (db_exec(db, "UPDATE items SET ignored = 0 WHERE ignored = 1") !=
	    SQLITE_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		q = compiled[i];
		buf_reset(&sql);
		buf_adds(&sql, "UPDATE items AS i SET ignored = 1 WHERE "
		    "i.ignored = 0 AND i.starred = 0");
		if (q->match != NULL) {
			buf_adds(&sql, " AND i.id IN (SELECT rowid FROM "
			    "items_fts WHERE items_fts MATCH ?)");
			db_params_text(&params, q->match);
		}
		buf_adds(&sql, q->where);
		for (j = 0; j < q->nparams; j++) {
			if (q->params[j].is_text)
				db_params_text(&params, q->params[j].text);
			else
				db_params_num(&params, q->params[j].num);
		}
		if (sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st,
		    NULL) != SQLITE_OK)
			goto fail;
		db_params_bind(&params, st);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		db_params_free(&params);
		if (rc != SQLITE_DONE)
			goto fail;
	}
	if (db_meta_set(db, "ignores", buf_str(&sig)) != SQLITE_OK ||
	    db_commit(db) != SQLITE_OK)
		goto fail;
	buf_free(&sig);
	buf_free(&sql);
	return STATUS_OK;

fail:
	*cause = db_cause(db);
	db_rollback(db);
	db_params_free(&params);
	buf_free(&sig);
	buf_free(&sql);
	return STATUS_DB;
}

/* --------------------------------------------------------- translations */

enum status
db_translation_get(struct db *db, int64_t item_id, const char *command,
    char **text)
{
	sqlite3_stmt *st;
	enum status s = STATUS_NOT_FOUND;
	int rc;

	*text = NULL;
	if ((st = db_stmt(db, S_TRANSLATION_GET)) == NULL)
		return STATUS_DB;
	sqlite3_bind_int64(st, 1, item_id);
	db_bind_text(st, 2, command);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*text = db_col_text(st, 0);
		s = STATUS_OK;
	} else if (rc != SQLITE_DONE)
		s = STATUS_DB;
	sqlite3_reset(st);
	return s;
}

enum status
db_translation_put(struct db *db, int64_t item_id, const char *command,
    const char *text)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, S_TRANSLATION_PUT)) == NULL)
		return STATUS_DB;
	sqlite3_bind_int64(st, 1, item_id);
	db_bind_text(st, 2, command);
	db_bind_text(st, 3, text);
	sqlite3_bind_int64(st, 4, db_now());
	if (db_step_write(db, st) != SQLITE_OK) {
		db_set_cause(db, NULL);
		return STATUS_DB;
	}
	db->writes++;
	return STATUS_OK;
}
