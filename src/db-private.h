/*
 * Private to the store (src/db*.c): the connection, the statement cache
 * and the helpers the store's modules share.  Nothing outside the store
 * includes this; callers use the public headers (tidende/db.h,
 * db-feed.h, db-items.h, db-store.h, ...).  Only the store calls SQLite.
 */
#ifndef TIDENDE_DB_PRIVATE_H
#define TIDENDE_DB_PRIVATE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "tidende/db.h"
#include "tidende/buf.h"
#include "tidende/db-items.h"
#include "tidende/query.h"

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
	S_BODY_ADD,
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
	S_FULLTEXT_GET,
	S_FULLTEXT_PUT,
	S_FTS_REINDEX,
	S_FULLTEXT_MISSING,
	S_FTS_PENDING_ADD,
	S_FTS_PENDING_DEL,
	S_FTS_PENDING_ANY,
	S_FTS_PENDING_UPTO,
	S_FTS_PENDING_INDEX,
	S_FTS_PENDING_DONE,
	S_FTS_PENDING_COUNT,
	S_TRANSLATION_PUT_LIVE,
	S__COUNT
};

struct db_ckpt;
struct db_queue;

struct db {
	sqlite3		*h;
	struct db_ckpt	*ckpt;		/* the checkpoint thread (db-schema) */
	struct db_queue	*queue;		/* interface writes waiting */
	char		*path;
	sqlite3_stmt	*stmts[S__COUNT];
	uint64_t	 writes;	/* our own committed changes */
	struct query	**ignores;
	size_t		 nignores;
	int		 batching;	/* store writes share one transaction */
	int		 batch_open;	/* ... and it is open, not committed */
	int64_t		 batch_since;	/* when it was opened (ms) */
	db_batch_hook	 batch_hook;
	void		*batch_hook_arg;	/* told when a batch ends */
	char		*batch_cause;	/* why the last batch commit failed */
	int		 nowait;	/* writes fail at once when busy */
	int		 keep_log;	/* db_close() leaves the log (db_keep_log()) */
	int		 queue_texts;	/* jobs' texts never wait (db-queue) */
	char		**local_urls;	/* the config's `feed` lines (db-sync) */
	size_t		 nlocal_urls;
	int		 local_known;	/* ... were given */
	unsigned	 index_timer;	/* the backlog's next slice (db-store) */
	int		 index_per_slice;	/* articles a slice indexes */
	size_t		 index_backlog_max;	/* slices go between stores */
	char		*index_error;	/* a failed slice (db_checkpoint_error) */
	int		(*index_idle)(void *);	/* a command: when to index */
	void		*index_idle_arg;
};

/* ------------------------------------------------------------- db.c */

int64_t		 db_now(void);
/* The cause for an SQLite failure, naming the file. */
char		*db_cause_rc(const char *path, int rc, const char *msg);
char		*db_cause(struct db *);
/* *cause = db_cause(), or a log line when cause is NULL. */
void		 db_set_cause(struct db *, char **cause);
/* The cached statement id, reset and unbound; NULL when it cannot be. */
sqlite3_stmt	*db_stmt(struct db *, enum db_stmt_id);
void		 db_bind_text(sqlite3_stmt *, int, const char *);
/* Bound without a copy: step with db_step_done_unbind() while s lives. */
void		 db_bind_text_nocopy(sqlite3_stmt *, int, const char *);
/* FEED_NO_DATE is stored as NULL (and read back by db_col_date()). */
void		 db_bind_date(sqlite3_stmt *, int, int64_t);
char		*db_col_text(sqlite3_stmt *, int);
int64_t		 db_col_date(sqlite3_stmt *, int);
int		 db_str_eq(const char *, const char *);
/* Run SQL with no results (failures are logged). */
int		 db_exec(struct db *, const char *sql);
/* An integer from a one-row statement (PRAGMA user_version, a count). */
int		 db_pragma_int(struct db *, const char *sql, int *value);
int		 db_page_size(struct db *);	/* bytes; 4096 if unknown */
/* Step to the end and reset: SQLITE_OK or the error. */
int		 db_step_done(struct db *, sqlite3_stmt *);
int		 db_step_done_unbind(struct db *, sqlite3_stmt *);
/*
 * Writes.  Each waits out another process's write lock (SQLite's busy
 * wait, then db_retry()'s) unless db->nowait is set (see db-queue.c):
 * then a held lock is SQLITE_BUSY at once.
 */
int		 db_step_write(struct db *, sqlite3_stmt *);
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
/* Writes fail with SQLITE_BUSY at once (1) or wait as usual (0). */
void		 db_set_nowait(struct db *, int nowait);
/* Whether rc is a busy lock (another process writes). */
int		 db_is_busy(int rc);
/* Store writes: a transaction of their own, or the open store batch. */
int		 db_batch_tx_begin(struct db *);
int		 db_batch_tx_commit(struct db *);
void		 db_batch_tx_rollback(struct db *);
int		 db_batch_flush(struct db *);
char		*db_meta_get(struct db *, const char *key);
int		 db_meta_set(struct db *, const char *key, const char *value);

/* ------------------------------------------------------- db-schema.c */

/* Create or migrate the schema from version `from` (0: a new file). */
enum status	 db_schema_migrate(struct db *, int from, char **cause);
void		 db_schema_ckpt_start(struct db *);
void		 db_schema_ckpt_stop(struct db *);
/* Whether a write may begin without starving checkpoints (wait: until). */
int		 db_schema_ckpt_caught_up(struct db *, int wait);
/* Why the checkpoint thread last failed (once, then cleared), or NULL. */
char		*db_schema_ckpt_error(struct db *);
/*
 * Wake the checkpoint thread while nothing writes (an idle command): the
 * log's pages then need no copying when the cache closes.
 */
void		 db_schema_ckpt_kick(struct db *);

/* --------------------------------------------------------- db-feed.c */

/* Take a feed's articles out of the search index or put them back. */
int		 db_feed_reindex(struct db *, enum db_stmt_id, int64_t feed_id);

/* -------------------------------------------------------- db-store.c */

/* Schema v2's step: hash and index every article already stored. */
int		 db_store_migrate_v2(struct db *);
/* Schema v8's SQL: the search-index backlog (fts_pending). */
extern const char db_store_schema_v8[];
int		 db_feed_migrate_v10(struct db *);
/*
 * Index the whole backlog before a search reads the index (a search must
 * find what a refresh just stored); failures are logged, not fatal.
 */
void		 db_index_catch_up(struct db *);
/* The timer of the backlog's loop slices (db_index_background()). */
void		 db_index_stop(struct db *);

/* -------------------------------------------------------- db-items.c */

/* Read one article; SQLITE_NOTFOUND when there is none. */
int		 db_items_read(struct db *, int64_t id, struct db_item *);

/* ------------------------------------------------------- db-search.c */

/* Parameters of a dynamic statement, bound in the order they were added. */
struct db_params {
	struct query_param *v;
	size_t		 n;
};
void		 db_search_params_text(struct db_params *, const char *);
void		 db_search_params_num(struct db_params *, int64_t);
void		 db_search_params_free(struct db_params *);
void		 db_search_params_bind(struct db_params *, sqlite3_stmt *);

/* How the match of a search joins the statement (see db-search.c). */
enum db_match_mode {
	DB_MATCH_JOIN,		/* few matches: join them and sort by date */
	DB_MATCH_WALK,		/* many: walk the view's index, test i.id IN */
	DB_MATCH_DENSE,		/* most: walk it, ask the index each row */
	DB_MATCH_WINDOW,	/* by relevance: the newest matches, ranked */
	DB_MATCH_IN,		/* counts and updates: i.id IN (...) */
};
/* The filter's search, parsed (*q stays NULL when there is none). */
enum status	 db_search_parse(const struct db_filter *, struct query **q,
		    char **cause);
/* How a page of filter f with search q joins the match. */
enum db_match_mode db_search_mode(struct db *, const struct db_filter *,
		    const struct query *q);
/* The FROM and WHERE of a filter over items `i`, q joined as mode says. */
void		 db_search_sql(struct db *, const struct db_filter *,
		    enum db_match_mode, struct buf *from, struct buf *where,
		    struct db_params *, struct query *q);
/* A failed search statement: STATUS_USAGE for FTS5 syntax, else STATUS_DB. */
enum status	 db_search_error(struct db *, struct query *q, char **cause);

/* ------------------------------------------------------- db-retain.c */

/* Whether the just stored article matches an ignore rule. */
int		 db_retain_ignore_check(struct db *, int64_t id, int *ignored);

/* --------------------------------------------------------- db-sync.c */

/* Schema v5's SQL: accounts, server ids, the queue and its triggers. */
extern const char db_sync_schema_v5[];
/* db-fulltext.c */
extern const char db_fulltext_schema_v6[];
char		*db_fulltext_html(struct db *, int64_t item_id);
/* What the search index holds as an article's body (tidende_text()). */
char		*db_text_body(const char *content, const char *summary,
		    const char *fulltext);
/* db-tokenize.c: schema step 7, the index again with its tokenizer. */
extern const char db_tokenize_schema_v7[];
int		 db_tokenize_migrate_v7(struct db *);
int		 db_tokenize_migrate_v9(struct db *);

/* -------------------------------------------------------- db-queue.c */

/* Store what is queued, waiting as long as any write (db_close()). */
void		 db_queue_close(struct db *);
/*
 * What a waiting write will make of the cache, for the readers while it
 * waits: the newest full text queued for an article (1, *out a copy the
 * caller frees with db_fulltext_free()), else 0.
 */
struct db_fulltext;
int		 db_queue_find_fulltext(struct db *, int64_t id,
		    struct db_fulltext *out);
/*
 * The newest translation of an article under command that waits (1, *text
 * a copy), -1 when a full text waits after it (storing that drops the
 * article's translations), else 0: the cache has the answer.
 */
int		 db_queue_find_translation(struct db *, int64_t id,
		    const char *command, char **text);

/* ------------------------------------------------------ db-translate.c */

/*
 * Keep n translations under one command in one transaction, skipping
 * articles that are gone (pruned while the translator ran): the queued
 * form of db_translate_put().
 */
enum status	 db_translate_put_many(struct db *, const char *command,
		    const int64_t *ids, char *const *texts, size_t n,
		    char **cause);

#endif
