/*
 * Interface writes that never wait (see tidende/db-queue.h).  A key that
 * marks an article read must not sleep while a refresh in another process
 * holds the write lock (it waited up to 70 s): the write is tried once
 * with no busy wait, and when the lock is held it waits here, in order,
 * for a loop timer to try it again.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db-private.h"
#include "tidende/buf.h"
#include "tidende/db-queue.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/xmalloc.h"

enum db_queue_kind {
	DB_QUEUE_READ,
	DB_QUEUE_STARRED,
	DB_QUEUE_MARK_READ,
};

struct db_queue_write {
	enum db_queue_kind kind;
	int64_t		 id;
	int		 value;
	struct db_filter filter;	/* DB_QUEUE_MARK_READ; strings owned */
};

struct db_queue {
	struct db_queue_write w[DB_QUEUE_MAX];
	size_t		 n;
	unsigned	 timer;		/* loop timer id, 0: none */
	struct buf	 errors;	/* why writes were dropped */
	size_t		 dropped;	/* ... how many */
};

static void
db_queue_write_free(struct db_queue_write *w)
{
	if (w->kind == DB_QUEUE_MARK_READ) {
		free((char *)w->filter.tag);
		free((char *)w->filter.search);
	}
}

/*
 * One attempt at a write; *busy is set when another process holds the
 * write lock (and then *cause is NULL).
 */
static enum status
db_queue_run(struct db *db, const struct db_queue_write *w, int *busy,
    char **cause)
{
	enum status s;

	*busy = 0;
	*cause = NULL;
	switch (w->kind) {
	case DB_QUEUE_READ:
		s = db_items_set_read(db, w->id, w->value);
		break;
	case DB_QUEUE_STARRED:
		s = db_items_set_starred(db, w->id, w->value);
		break;
	default:
		s = db_items_mark_read(db, &w->filter, cause);
		break;
	}
	if (s == STATUS_OK)
		return s;
	if (s == STATUS_DB && db_is_busy(sqlite3_extended_errcode(db->h))) {
		*busy = 1;
		free(*cause);
		*cause = NULL;
		return s;
	}
	if (*cause == NULL)
		*cause = db_cause(db);
	return s;
}

static void
db_queue_timer(void *arg)
{
	struct db *db = arg;

	db->queue->timer = 0;
	db_queue_retry(db);
}

static void
db_queue_arm(struct db *db)
{
	struct db_queue *q = db->queue;

	if (q->n > 0 && q->timer == 0)
		q->timer = loop_add_timer(DB_QUEUE_RETRY_MS, db_queue_timer,
		    db);
}

/* Try the queued writes in order, waiting (close) or not. */
static void
db_queue_run_all(struct db *db, int nowait)
{
	struct db_queue *q = db->queue;
	char *cause;
	size_t done = 0;
	int busy;

	if (q == NULL || q->n == 0)
		return;
	db_set_nowait(db, nowait);
	while (done < q->n) {
		if (db_queue_run(db, &q->w[done], &busy, &cause) != STATUS_OK) {
			if (busy)
				break;
			/* dropped: the views read the true state again */
			log_warn("a change was not stored: %s", cause);
			if (q->errors.len > 0)
				buf_adds(&q->errors, "; ");
			buf_adds(&q->errors, cause);
			free(cause);
			q->dropped++;
			db->writes++;
		}
		db_queue_write_free(&q->w[done]);
		done++;
	}
	db_set_nowait(db, 0);
	memmove(q->w, q->w + done, (q->n - done) * sizeof *q->w);
	q->n -= done;
}

void
db_queue_overlay(struct db *db, int64_t id, int *read, int *starred)
{
	const struct db_queue_write *w;
	size_t i;

	if (db->queue == NULL)
		return;
	for (i = 0; i < db->queue->n; i++) {
		w = &db->queue->w[i];
		if (w->id != id)
			continue;
		if (w->kind == DB_QUEUE_READ && read != NULL)
			*read = w->value;
		else if (w->kind == DB_QUEUE_STARRED && starred != NULL)
			*starred = w->value;
	}
}

size_t
db_queue_retry(struct db *db)
{
	if (db->queue == NULL)
		return 0;
	db_queue_run_all(db, 1);
	db_queue_arm(db);
	return db->queue->n;
}

size_t
db_queue_pending(struct db *db)
{
	return db->queue == NULL ? 0 : db->queue->n;
}

char *
db_queue_error(struct db *db)
{
	struct db_queue *q = db->queue;

	if (q == NULL || q->errors.len == 0)
		return NULL;
	q->dropped = 0;
	return buf_detach(&q->errors);
}

size_t
db_queue_flush(struct db *db, int wait, char **cause)
{
	struct db_queue *q = db->queue;
	struct buf b = BUF_INIT;
	size_t lost;

	*cause = NULL;
	if (q == NULL)
		return 0;
	if (q->timer != 0)
		loop_cancel_timer(q->timer);
	q->timer = 0;
	if (db->h != NULL)
		db_queue_run_all(db, !wait);
	lost = q->n + q->dropped;
	if (q->n > 0) {
		/* TRANSLATORS: read or unread, starred or not, from keys */
		buf_printf(&b, ngettext("%s: %zu change (read or starred) was "
		    "not stored: the cache stayed busy (another program was "
		    "writing to it)", "%s: %zu changes (read or starred) were "
		    "not stored: the cache stayed busy (another program was "
		    "writing to it)", (unsigned long)q->n), db->path, q->n);
		log_warn("%s: still busy: %zu changes were not stored",
		    db->path, q->n);
	}
	while (q->n > 0)
		db_queue_write_free(&q->w[--q->n]);
	if (q->errors.len > 0) {
		if (b.len > 0)
			buf_addc(&b, '\n');
		buf_add(&b, q->errors.s, q->errors.len);
		buf_reset(&q->errors);
	}
	q->dropped = 0;
	if (b.len > 0)
		*cause = buf_detach(&b);
	return lost;
}

void
db_queue_close(struct db *db)
{
	struct db_queue *q = db->queue;

	if (q == NULL)
		return;
	if (q->timer != 0)
		loop_cancel_timer(q->timer);
	q->timer = 0;
	if (db->h != NULL)
		db_queue_run_all(db, 0);
	if (q->n > 0)
		log_warn("%s: still busy: %zu changes were not stored",
		    db->path, q->n);
	while (q->n > 0)
		db_queue_write_free(&q->w[--q->n]);
	buf_free(&q->errors);
	free(q);
	db->queue = NULL;
}

/* A new write: stored now, else queued behind the ones waiting. */
static enum status
db_queue_add(struct db *db, struct db_queue_write *w, int *queued,
    char **cause)
{
	struct db_queue *q;
	enum status s;
	int busy;

	if (queued != NULL)
		*queued = 0;
	*cause = NULL;
	if (db->queue == NULL) {
		db->queue = xcalloc(1, sizeof *db->queue);
		buf_init(&db->queue->errors);
	}
	q = db->queue;
	if (q->n > 0)
		db_queue_retry(db);
	if (q->n == 0) {
		db_set_nowait(db, 1);
		s = db_queue_run(db, w, &busy, cause);
		db_set_nowait(db, 0);
		if (s == STATUS_OK || !busy) {
			db_queue_write_free(w);
			return s;
		}
	}
	if (q->n == DB_QUEUE_MAX) {
		db_queue_write_free(w);
		*cause = xasprintf(_("%s: the cache is busy (another "
		    "tidende is writing to it) and %d changes are waiting: "
		    "not stored"), db->path, DB_QUEUE_MAX);
		return STATUS_DB;
	}
	q->w[q->n++] = *w;
	db_queue_arm(db);
	if (queued != NULL)
		*queued = 1;
	log_debug("%s: busy; %zu changes wait", db->path, q->n);
	return STATUS_OK;
}

enum status
db_queue_set_read(struct db *db, int64_t id, int read, int *queued,
    char **cause)
{
	struct db_queue_write w;

	memset(&w, 0, sizeof w);
	w.kind = DB_QUEUE_READ;
	w.id = id;
	w.value = read != 0;
	return db_queue_add(db, &w, queued, cause);
}

enum status
db_queue_set_starred(struct db *db, int64_t id, int starred, int *queued,
    char **cause)
{
	struct db_queue_write w;

	memset(&w, 0, sizeof w);
	w.kind = DB_QUEUE_STARRED;
	w.id = id;
	w.value = starred != 0;
	return db_queue_add(db, &w, queued, cause);
}

enum status
db_queue_mark_read(struct db *db, const struct db_filter *f, int *queued,
    char **cause)
{
	struct db_queue_write w;

	memset(&w, 0, sizeof w);
	w.kind = DB_QUEUE_MARK_READ;
	w.filter = *f;
	w.filter.tag = f->tag != NULL ? xstrdup(f->tag) : NULL;
	w.filter.search = f->search != NULL ? xstrdup(f->search) : NULL;
	return db_queue_add(db, &w, queued, cause);
}
