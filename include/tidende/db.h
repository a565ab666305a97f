/*
 * The cache's connection: the store is the truth the interface reads;
 * every query returns a page (keyset pagination), nothing loads the whole
 * cache.  Only the store's modules call SQLite, each with its header:
 * db-feed.h (feed rows), db-store.h (storing parsed feeds), db-items.h
 * (article pages, counts, state), db-queue.h (the interface's writes,
 * which never wait), db-retain.h (pruning, ignore rules), db-translate.h
 * (cached translations) and
 * db-schema.h (migrations, and how a module adds its tables).  Returned
 * strings and rows are owned by the caller and freed with the matching
 * *_free().
 */
#ifndef TIDENDE_DB_H
#define TIDENDE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/status.h"

struct db;

/* db_open() flags */
#define DB_READONLY	0x1	/* open only; fail if missing */

/*
 * Open (creating and migrating as needed) the cache at path; NULL means
 * $XDG_DATA_HOME/tidende/cache.db.  On a corrupt or unreadable file,
 * *cause names the file and says how to move it aside.
 */
enum status	 db_open(const char *path, int flags, struct db **out,
		    char **cause);
/*
 * Whether the calling thread's last failed db_open() refused the file as
 * damaged or not a tidende cache (`tidende check` exits 65 for those,
 * whatever language the cause is in).
 */
int		 db_open_damaged(void);
void		 db_close(struct db *);
/*
 * Let db_close() leave the log (-wal) for the next process to write back
 * into the file, instead of doing it now: for a command that hands the
 * cache to a detached indexer, which writes the log back when it closes.
 * Nothing is lost: the log holds every commit, and whoever opens the
 * cache next reads it.
 */
void		 db_keep_log(struct db *);
/*
 * Why the last call on this connection failed, in one line naming the
 * cache (a write that found it read-only, a full disk); caller frees.
 * For callers of functions that return only a status.
 */
char		*db_error(struct db *);
const char	*db_path(struct db *);
/* Moves whenever the store's data changes (this process or another). */
uint64_t	 db_generation(struct db *);
/* Default path: $XDG_DATA_HOME/tidende/cache.db (caller frees). */
char		*db_default_path(void);
/*
 * The page cache of this connection, in KB (set 0: the default, 16 MB).
 * A refresh keeps it small while it runs: it appends rows and index
 * entries and reads few pages twice, and the cache was a quarter of its
 * memory.
 */
int		 db_cache_kb(struct db *);
void		 db_set_cache_kb(struct db *, int kb);
/* PRAGMA integrity_check; STATUS_DB with what is wrong in *cause. */
enum status	 db_check(struct db *, char **cause);

/*
 * Store batches, for a refresh storing many feeds: between begin and end,
 * store steps, fetch results and prunes share one open transaction,
 * committed by db_batch_commit() and db_batch_end(), or by any other write
 * on this connection, which commits it first.  A failed store step rolls
 * back the whole batch (fetch results with it, so nothing is half-kept).
 * One commit per many small feeds instead of one each: far fewer index
 * pages written.  Readers on this connection see the stored
 * articles at once; other processes when the batch commits.  Nested
 * begin/end pairs count; the outermost end commits.
 */
void		 db_batch_begin(struct db *);
enum status	 db_batch_commit(struct db *, char **cause);
enum status	 db_batch_end(struct db *, char **cause);
int64_t		 db_batch_age(struct db *);	/* ms open, -1: none */
/*
 * Told whenever the open store batch ends, whatever write ended it:
 * committed (ok 1), or rolled back (ok 0, why in cause, borrowed).  What
 * was stored in it is safe, or gone, only then: a refresh reports its
 * feeds from here.  One hook a connection; NULL removes it.
 */
typedef void	(*db_batch_hook)(struct db *, int ok, const char *cause,
		    void *arg);
void		 db_batch_set_hook(struct db *, db_batch_hook, void *arg);
/*
 * Whether the checkpoint thread failed to write the log back to the
 * cache since the last call (a full disk): STATUS_DB with why in *cause.
 * What was committed is safe in the log; the log only keeps growing.
 * Also a failed slice of the search index's backlog (db-store.h): the
 * articles are stored, and the next search indexes them first.
 */
enum status	 db_checkpoint_error(struct db *, char **cause);

#endif
