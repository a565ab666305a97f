/*
 * The cache's schema as a list of migration steps (see
 * tidende/db-schema.h for how a module adds one), and the checkpoint
 * thread that writes the write-ahead log back to the database.
 */
#include <sys/stat.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "db-private.h"
#include "tidende/db-schema.h"
#include "tidende/db-tokenize.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/xmalloc.h"

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

/*
 * Every step, oldest first.  A module adds its tables as a new row at the
 * end; the SQL of a step runs before its function.
 */
static const struct db_schema_step db_schema_steps[] = {
	{ "db", db_schema_v1, NULL },
	{ "db", db_schema_v2, db_store_migrate_v2 },
	{ "db-search", db_schema_v3, NULL },
	{ "db-store", db_schema_v4, NULL },
	{ "db-sync", db_sync_schema_v5, NULL },
	{ "db-fulltext", db_fulltext_schema_v6, NULL },
	{ "db-search", db_tokenize_schema_v7, db_tokenize_migrate_v7 },
	{ "db-store", db_store_schema_v8, NULL },
	{ "db-search", NULL, db_tokenize_migrate_v9 },
	{ "db-feed", NULL, db_feed_migrate_v10 },
};

#define DB_SCHEMA_STEPS \
	((int)(sizeof db_schema_steps / sizeof db_schema_steps[0]))

int
db_schema_version(void)
{
	return DB_SCHEMA_STEPS;
}

/* Called by db_open() with 0 <= from < db_schema_version(). */
enum status
db_schema_migrate(struct db *db, int from, char **cause)
{
	const struct db_schema_step *step;
	char *sql;
	int v, rc;

	if (from < 0 || from >= DB_SCHEMA_STEPS) {
		*cause = db_cause_rc(db->path, SQLITE_CORRUPT,
		    _("no such schema version"));
		return STATUS_DB;
	}
	/*
	 * The version again inside the write transaction: another process
	 * may have made or migrated the cache since the caller read it
	 * (its "table feeds already exists" otherwise).
	 */
	if (db_begin(db) != SQLITE_OK ||
	    db_pragma_int(db, "PRAGMA user_version", &v) != SQLITE_OK)
		goto fail;
	if (v >= DB_SCHEMA_STEPS) {	/* made meanwhile: never step down */
		db_rollback(db);
		return STATUS_OK;
	}
	if (v > from)
		from = v;
	for (v = from; v < DB_SCHEMA_STEPS; v++) {
		step = &db_schema_steps[v];
		if (step->sql != NULL && db_exec(db, step->sql) != SQLITE_OK)
			goto fail;
		if (step->fn != NULL && (rc = step->fn(db)) != SQLITE_OK)
			goto fail;
		log_debug("%s: schema version %d (%s)", db->path, v + 1,
		    step->owner);
	}
	sql = xasprintf("PRAGMA user_version = %d", DB_SCHEMA_STEPS);
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

/* ---------------------------------------------------- checkpoint thread */

/*
 * WAL checkpoints run in a thread on its own connection: a checkpoint
 * writes the log back and syncs twice (hundreds of ms on a busy disk),
 * which must not hold the event loop.  The commit hook only wakes it.
 */
/*
 * The log sizes below are in bytes; the thread counts them in pages of
 * the cache's own size (4, 8 or 32 KB: it is fixed when the file is
 * made), so a cache of any page size checkpoints at the same size.
 */
#define DB_CKPT_BYTES	(32 * 1024 * 1024)	/* calls for a checkpoint */
/*
 * A command that waits for the network (the last, slow feeds of a
 * refresh) has its log written back while it waits, past this size
 * (db_schema_ckpt_kick()): otherwise closing the cache copied up to
 * DB_CKPT_BYTES at the command's end, about 0.1 s.
 */
#define DB_CKPT_KICK_BYTES	(512 * 1024)
/*
 * The log starts again from its beginning only when a write begins with
 * every page of it checkpointed; a writer that never pauses starves that
 * (a 1,000,000-article build left a 6.5 GB log).  Past this size, the
 * next write waits until the checkpoint thread has caught up: a store
 * batch by yielding loop passes (db_store_ready()), anything else by
 * waiting on it.
 */
#define DB_LOG_BIG_BYTES	(128 * 1024 * 1024)
/*
 * An idle command's checkpoint also empties the log file once it has
 * grown past this (deleting a 50 MB one took closing the cache 25 ms);
 * a smaller one is left to be written over, not truncated again and
 * again as the last slow feeds come in.
 */
#define DB_LOG_TRUNCATE_BYTES	(1024 * 1024)

struct db_ckpt {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	sqlite3		*h;
	int		 want;
	int		 truncate;	/* the next one may empty the log file */
	char		*log_path;	/* the log file (-wal) */
	int		 running;
	int		 quit;
	int		 log_pages;	/* the log's size at the last commit */
	int		 ckpt_pages;	/* DB_CKPT_BYTES in pages */
	int		 kick_pages;	/* DB_CKPT_KICK_BYTES in pages */
	int		 big_pages;	/* DB_LOG_BIG_BYTES in pages */
	int		 kicked;	/* log_pages at the last idle kick */
	char		*error;		/* the last checkpoint's failure */
};

static void *
db_ckpt_main(void *arg)
{
	struct db_ckpt *c = arg;
	struct stat sb;
	char *msg;
	int mode, rc, nlog, nckpt;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->want && !c->quit)
			pthread_cond_wait(&c->cond, &c->lock);
		if (c->quit)
			break;
		c->want = 0;
		mode = c->truncate ? SQLITE_CHECKPOINT_TRUNCATE :
		    SQLITE_CHECKPOINT_PASSIVE;
		c->truncate = 0;
		c->running = 1;
		pthread_mutex_unlock(&c->lock);
		if (mode == SQLITE_CHECKPOINT_TRUNCATE &&
		    (stat(c->log_path, &sb) == -1 ||
		    sb.st_size < DB_LOG_TRUNCATE_BYTES))
			mode = SQLITE_CHECKPOINT_PASSIVE;
		/*
		 * PASSIVE never waits for readers or writers, nor takes the
		 * write lock.  TRUNCATE holds the write lock while it runs
		 * (this connection has no busy handler: it never waits for
		 * it), so it runs only once PASSIVE has written the whole
		 * log back: then it holds the lock just to start the log
		 * again and cut the file, not through the copy and its two
		 * syncs, which other processes' writers would wait for.
		 */
		rc = sqlite3_wal_checkpoint_v2(c->h, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, &nlog, &nckpt);
		if (rc == SQLITE_OK && mode == SQLITE_CHECKPOINT_TRUNCATE &&
		    nlog == nckpt)
			rc = sqlite3_wal_checkpoint_v2(c->h, NULL, mode, NULL,
			    NULL);
		msg = NULL;
		if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY &&
		    (rc & 0xff) != SQLITE_LOCKED)
			msg = xstrdup(sqlite3_errmsg(c->h));
		pthread_mutex_lock(&c->lock);
		if (msg != NULL) {
			free(c->error);
			c->error = msg;
		}
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
	if (pages >= c->ckpt_pages) {
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
int
db_schema_ckpt_caught_up(struct db *db, int wait)
{
	struct db_ckpt *c = db->ckpt;
	int ok;

	if (c == NULL || c->log_pages < c->big_pages)
		return 1;
	pthread_mutex_lock(&c->lock);
	while (wait && (c->want || c->running))
		pthread_cond_wait(&c->cond, &c->lock);
	ok = !c->want && !c->running;
	pthread_mutex_unlock(&c->lock);
	if (ok) {
		c->log_pages = 0;	/* this write starts the log again */
		c->kicked = 0;
	}
	return ok;
}

void
db_schema_ckpt_kick(struct db *db)
{
	struct db_ckpt *c = db->ckpt;

	/* only this thread writes log_pages and kicked */
	if (c == NULL || c->log_pages < c->kick_pages ||
	    c->log_pages == c->kicked)
		return;
	c->kicked = c->log_pages;
	pthread_mutex_lock(&c->lock);
	c->want = 1;
	/*
	 * The command is idle: empty a big log file too
	 * (DB_LOG_TRUNCATE_BYTES).  A log that grew to tens of megabytes
	 * otherwise cost closing the cache 25 ms more to delete, at the
	 * command's end.  Only once the whole log is written back, so the
	 * write lock is held a moment (db_ckpt_main()).
	 */
	c->truncate = 1;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

char *
db_schema_ckpt_error(struct db *db)
{
	struct db_ckpt *c = db->ckpt;
	char *msg;

	if (c == NULL)
		return NULL;
	pthread_mutex_lock(&c->lock);
	msg = c->error;
	c->error = NULL;
	pthread_mutex_unlock(&c->lock);
	return msg;
}

/* Start the checkpoint thread; without it SQLite checkpoints inline. */
void
db_schema_ckpt_start(struct db *db)
{
	struct db_ckpt *c;
	int page;

	if (!sqlite3_threadsafe())
		return;
	page = db_page_size(db);
	c = xcalloc(1, sizeof *c);
	c->ckpt_pages = DB_CKPT_BYTES / page;
	c->kick_pages = DB_CKPT_KICK_BYTES / page;
	c->big_pages = DB_LOG_BIG_BYTES / page;
	/*
	 * A connection that has read nothing does not know the file is in
	 * WAL mode, and its checkpoints do nothing at all (the log then grew
	 * without bound while anything kept writing): read the header first.
	 */
	if (sqlite3_open_v2(db->path, &c->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    db_tokenize_register(c->h) != SQLITE_OK ||
	    sqlite3_exec(c->h, "SELECT count(*) FROM sqlite_schema", NULL,
	    NULL, NULL) != SQLITE_OK) {
		log_warn("%s: no checkpoint thread: %s", db->path,
		    sqlite3_errmsg(c->h));
		sqlite3_close(c->h);
		free(c);
		return;
	}
	c->log_path = xasprintf("%s-wal", db->path);
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	if (pthread_create(&c->thread, NULL, db_ckpt_main, c) != 0) {
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->cond);
		sqlite3_close(c->h);
		free(c->log_path);
		free(c);
		return;
	}
	db->ckpt = c;
	/* replaces SQLite's own autocheckpoint hook */
	sqlite3_wal_hook(db->h, db_wal_hook, c);
}

void
db_schema_ckpt_stop(struct db *db)
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
	free(c->error);
	free(c->log_path);
	free(c);
	db->ckpt = NULL;
}

