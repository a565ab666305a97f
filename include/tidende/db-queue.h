/*
 * Writes from the interface (read, unread, star, mark read) that never
 * wait.  Each is tried at once without SQLite's busy wait; when another
 * process holds the cache's write lock (a refresh from cron), it goes
 * into a small queue in memory that a loop timer retries until it is
 * stored, and the call returns at once.  A write that fails for another
 * reason fails the call, or, once queued, comes back from
 * db_queue_error(); the generation (db_generation()) moves when a queued
 * write is stored or dropped, so the views read the true state again.
 * db_close() stores what is still queued, waiting as other writes do.
 * Command-line commands use the waiting writes of tidende/db-items.h.
 *
 * The texts that jobs on the loop keep, a translation (tidende/translate.h)
 * and a full text (tidende/fulltext.h), take the same way on a connection
 * set with db_queue_set_texts() (the interface's), and wait as a command's
 * writes do on any other.
 */
#ifndef TIDENDE_DB_QUEUE_H
#define TIDENDE_DB_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/db-fulltext.h"
#include "tidende/db-items.h"
#include "tidende/db.h"
#include "tidende/status.h"

/* Queued writes waiting for the cache, at most. */
#define DB_QUEUE_MAX	256
/*
 * Of those, translations and full texts (the rest stays for the keys),
 * and the bytes of text they may hold: a translation is at most
 * TRANSLATE_MAX_OUTPUT (4 MB) cleaned, which U+FFFD for bad bytes can make
 * 12 MB; a full text EXTRACT_MAX_OUTPUT (1 MB) and its page's address.
 */
#define DB_QUEUE_MAX_TEXTS	64
#define DB_QUEUE_MAX_BYTES	(16u << 20)
/* How often queued writes are tried again (ms). */
#define DB_QUEUE_RETRY_MS	100

/*
 * STATUS_OK: stored, or queued (then *queued is 1; queued may be NULL).
 * Anything else: not stored, with *cause (caller frees).
 */
enum status	 db_queue_set_read(struct db *, int64_t id, int read,
		    int *queued, char **cause);
enum status	 db_queue_set_starred(struct db *, int64_t id, int starred,
		    int *queued, char **cause);
enum status	 db_queue_mark_read(struct db *, const struct db_filter *,
		    int *queued, char **cause);

/*
 * Translations and full texts kept by jobs on the loop.  With
 * db_queue_set_texts(db, 1) (the interface, before any job starts) they
 * never wait: tried once, queued while another process holds the write
 * lock (at most DB_QUEUE_MAX_TEXTS writes and DB_QUEUE_MAX_BYTES of text;
 * past that, not stored), and read back from the queue while they wait
 * (db_translate_get(), db_fulltext_get(), db_items_get()).  Without it
 * (commands) they are db_translate_put() and db_fulltext_put(), which
 * wait for the cache.
 */
void		 db_queue_set_texts(struct db *, int never_wait);
/*
 * STATUS_OK: stored or queued (*queued 1; queued may be NULL).  Anything
 * else: not stored (STATUS_NOT_FOUND: the article is gone), with *cause;
 * with cause NULL (a job nobody waits for) the failure is kept for
 * db_queue_error(), like a queued write's.
 */
/* n translations of articles ids under one command (translate-titles:
 * a batch of them, one write). */
enum status	 db_queue_translations(struct db *, const char *command,
		    const int64_t *ids, char *const *texts, size_t n,
		    int *queued, char **cause);
enum status	 db_queue_fulltext(struct db *, int64_t id,
		    const struct db_fulltext *, int *queued, char **cause);

/* Writes waiting in the queue. */
size_t		 db_queue_pending(struct db *);
/*
 * The value a waiting write gives an article's read or starred flag:
 * *read and *starred are changed only when a write of theirs waits (the
 * last one wins), so rows read again while the cache is busy show what
 * the keys did, and a toggle starts from it.
 */
void		 db_queue_overlay(struct db *, int64_t id, int *read,
		    int *starred);
/*
 * Try the queued writes once now (the timer does this by itself);
 * returns how many are still waiting.
 */
size_t		 db_queue_retry(struct db *);
/*
 * Why queued writes were dropped since the last call (caller frees), or
 * NULL: the interface shows it on the status line.
 */
char		*db_queue_error(struct db *);
/*
 * Before closing: store what is still queued, waiting for the cache as
 * other writes do (wait 1) or trying once (wait 0: the user asked to
 * quit at once).  Returns how many writes were not stored (still busy,
 * or dropped since the last db_queue_error()); then *cause says so in
 * one line each (changes of keys, translations, full texts), naming the
 * cache (caller frees).  The queue is empty
 * after, as db_close() would leave it.
 */
size_t		 db_queue_flush(struct db *, int wait, char **cause);

#endif
