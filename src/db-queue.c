/*
 * Interface writes that never wait (see tidende/db-queue.h).  A key that
 * marks an article read must not sleep while a refresh in another process
 * holds the write lock (it waited up to 70 s): the write is tried once
 * with no busy wait, and when the lock is held it waits here, in order,
 * for a loop timer to try it again.  The interface's translations and
 * full texts take the same way (db_queue_set_texts()): a child's output
 * or a fetched page is kept here, a copy, until the cache takes it, and
 * db_translate_get() and db_fulltext_get() read it back meanwhile.
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "db-private.h"
#include "tidende/buf.h"
#include "tidende/db-queue.h"
#include "tidende/db-translate.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/xmalloc.h"

enum db_queue_kind {
	DB_QUEUE_READ,
	DB_QUEUE_STARRED,
	DB_QUEUE_MARK_READ,
	DB_QUEUE_TRANSLATION,
	DB_QUEUE_FULLTEXT,
};

struct db_queue_write {
	enum db_queue_kind kind;
	int64_t		 id;
	int		 value;
	struct db_filter filter;	/* DB_QUEUE_MARK_READ; strings owned */
	/* DB_QUEUE_TRANSLATION: the texts of ntexts articles, one command */
	char		*command;
	int64_t		*ids;
	char		**texts;
	size_t		 ntexts;
	struct db_fulltext ft;		/* DB_QUEUE_FULLTEXT (id: its article) */
	int		 owned;		/* texts copied: the queue's */
	size_t		 bytes;		/* of text, against DB_QUEUE_MAX_BYTES */
};

struct db_queue {
	struct db_queue_write w[DB_QUEUE_MAX];
	size_t		 n;
	unsigned	 timer;		/* loop timer id, 0: none */
	struct buf	 errors;	/* why writes were dropped */
	size_t		 dropped;	/* ... how many */
	size_t		 texts;		/* translations, full texts waiting */
	size_t		 bytes;		/* ... the bytes they hold */
};

static int
db_queue_is_text(const struct db_queue_write *w)
{
	return w->kind == DB_QUEUE_TRANSLATION || w->kind == DB_QUEUE_FULLTEXT;
}

static void
db_queue_write_free(struct db_queue_write *w)
{
	size_t i;

	if (w->kind == DB_QUEUE_MARK_READ) {
		free((char *)w->filter.tag);
		free((char *)w->filter.search);
	}
	if (!db_queue_is_text(w) || !w->owned)
		return;		/* (borrowed from the caller) */
	free(w->command);
	for (i = 0; i < w->ntexts; i++)
		free(w->texts[i]);
	free(w->texts);
	free(w->ids);
	db_fulltext_free(&w->ft);
}

/* A text write borrowed from its caller becomes the queue's own. */
static void
db_queue_write_own(struct db_queue_write *w)
{
	const int64_t *ids = w->ids;
	char **texts = w->texts;
	size_t i;

	if (!db_queue_is_text(w) || w->owned)
		return;
	w->owned = 1;
	w->command = xstrdup0(w->command);
	if (w->ntexts > 0) {
		w->ids = xreallocarray(NULL, w->ntexts, sizeof *w->ids);
		memcpy(w->ids, ids, w->ntexts * sizeof *w->ids);
		w->texts = xreallocarray(NULL, w->ntexts, sizeof *w->texts);
		for (i = 0; i < w->ntexts; i++)
			w->texts[i] = xstrdup(texts[i]);
	}
	w->ft.url = xstrdup0(w->ft.url);
	w->ft.html = xstrdup0(w->ft.html);
	w->ft.error = xstrdup0(w->ft.error);
	w->ft.etag = xstrdup0(w->ft.etag);
	w->ft.last_modified = xstrdup0(w->ft.last_modified);
}

/* A write leaves the queue (stored, dropped or given up): free it. */
static void
db_queue_forget(struct db_queue *q, struct db_queue_write *w)
{
	if (db_queue_is_text(w)) {
		q->texts--;
		q->bytes -= w->bytes;
	}
	db_queue_write_free(w);
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
	case DB_QUEUE_TRANSLATION:
		s = db_translate_put_many(db, w->command, w->ids, w->texts,
		    w->ntexts, cause);
		break;
	case DB_QUEUE_FULLTEXT:
		s = db_fulltext_put(db, w->id, &w->ft, cause);
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
	enum status s;
	char *cause;
	size_t done = 0;
	int busy;

	if (q == NULL || q->n == 0)
		return;
	db_set_nowait(db, nowait);
	while (done < q->n) {
		s = db_queue_run(db, &q->w[done], &busy, &cause);
		if (s == STATUS_NOT_FOUND) {
			/* a full text of an article pruned meanwhile */
			log_debug("%s: not stored: %s", db->path, cause);
			free(cause);
		} else if (s != STATUS_OK && busy)
			break;
		else if (s != STATUS_OK) {
			/* dropped: the views read the true state again */
			log_warn("a change was not stored: %s", cause);
			if (q->errors.len > 0)
				buf_adds(&q->errors, "; ");
			buf_adds(&q->errors, cause);
			free(cause);
			q->dropped++;
			db->writes++;
		}
		db_queue_forget(q, &q->w[done]);
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

/* One more line of what was not stored. */
static void
db_queue_line(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	if (b->len > 0)
		buf_addc(b, '\n');
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

size_t
db_queue_flush(struct db *db, int wait, char **cause)
{
	struct db_queue *q = db->queue;
	struct buf b = BUF_INIT;
	size_t lost, i, nkeys = 0, ntr = 0, nft = 0;

	*cause = NULL;
	if (q == NULL)
		return 0;
	if (q->timer != 0)
		loop_cancel_timer(q->timer);
	q->timer = 0;
	if (db->h != NULL)
		db_queue_run_all(db, !wait);
	lost = q->n + q->dropped;
	for (i = 0; i < q->n; i++) {
		if (q->w[i].kind == DB_QUEUE_TRANSLATION)
			ntr += q->w[i].ntexts;
		else if (q->w[i].kind == DB_QUEUE_FULLTEXT)
			nft++;
		else
			nkeys++;
	}
	if (nkeys > 0)
		/* TRANSLATORS: read or unread, starred or not, from keys */
		db_queue_line(&b, ngettext("%s: %zu change (read or starred) "
		    "was not stored: the cache stayed busy (another program "
		    "was writing to it)", "%s: %zu changes (read or starred) "
		    "were not stored: the cache stayed busy (another program "
		    "was writing to it)", (unsigned long)nkeys), db->path,
		    nkeys);
	if (ntr > 0)
		db_queue_line(&b, ngettext("%s: %zu translation was not kept: "
		    "the cache stayed busy (another program was writing to "
		    "it)", "%s: %zu translations were not kept: the cache "
		    "stayed busy (another program was writing to it)",
		    (unsigned long)ntr), db->path, ntr);
	if (nft > 0)
		db_queue_line(&b, ngettext("%s: %zu full text was not stored: "
		    "the cache stayed busy (another program was writing to "
		    "it)", "%s: %zu full texts were not stored: the cache "
		    "stayed busy (another program was writing to it)",
		    (unsigned long)nft), db->path, nft);
	if (q->n > 0)
		log_warn("%s: still busy: %zu changes were not stored",
		    db->path, q->n);
	while (q->n > 0)
		db_queue_forget(q, &q->w[--q->n]);
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
		db_queue_forget(q, &q->w[--q->n]);
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
	if (db_queue_is_text(w) && (q->texts == DB_QUEUE_MAX_TEXTS ||
	    q->bytes + w->bytes > DB_QUEUE_MAX_BYTES)) {
		db_queue_write_free(w);
		/* TRANSLATORS: %2$zu counts translations and full texts */
		*cause = xasprintf(ngettext("%1$s: the cache is busy (another "
		    "tidende is writing to it) and %2$zu translation or full "
		    "text (%3$zu KB) is waiting: not stored", "%1$s: the cache "
		    "is busy (another tidende is writing to it) and %2$zu "
		    "translations and full texts (%3$zu KB) are waiting: not "
		    "stored", (unsigned long)q->texts), db->path, q->texts,
		    q->bytes >> 10);
		return STATUS_DB;
	}
	db_queue_write_own(w);
	if (db_queue_is_text(w)) {
		q->texts++;
		q->bytes += w->bytes;
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

void
db_queue_set_texts(struct db *db, int never_wait)
{
	db->queue_texts = never_wait != 0;
}

/*
 * A write of texts: queued as the keys' on the interface's connection;
 * with cause NULL its failure is kept for db_queue_error().
 */
static enum status
db_queue_add_text(struct db *db, struct db_queue_write *w, int *queued,
    char **cause)
{
	struct db_queue *q;
	enum status s;
	char *why = NULL;

	s = db_queue_add(db, w, queued, &why);
	if (s == STATUS_DB && cause == NULL && why != NULL) {
		q = db->queue;
		log_warn("not stored: %s", why);
		if (q->errors.len > 0)
			buf_adds(&q->errors, "; ");
		buf_adds(&q->errors, why);
		q->dropped++;
	}
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return s;
}

enum status
db_queue_translations(struct db *db, const char *command, const int64_t *ids,
    char *const *texts, size_t n, int *queued, char **cause)
{
	struct db_queue_write w;
	enum status s = STATUS_OK;
	size_t i;

	if (queued != NULL)
		*queued = 0;
	if (cause != NULL)
		*cause = NULL;
	if (n == 0)
		return STATUS_OK;
	if (!db->queue_texts) {
		/* a command: the waiting writes, as before */
		for (i = 0; i < n && s == STATUS_OK; i++)
			s = db_translate_put(db, ids[i], command, texts[i],
			    cause);
		return s;
	}
	memset(&w, 0, sizeof w);
	w.kind = DB_QUEUE_TRANSLATION;
	w.id = ids[0];
	/* borrowed until queued (db_queue_write_own()) */
	w.command = (char *)command;
	w.ids = (int64_t *)ids;
	w.texts = (char **)texts;
	w.ntexts = n;
	w.bytes = strlen(command) + 1 + n * (sizeof *ids + sizeof *texts);
	for (i = 0; i < n; i++)
		w.bytes += strlen(texts[i]) + 1;
	return db_queue_add_text(db, &w, queued, cause);
}

enum status
db_queue_fulltext(struct db *db, int64_t id, const struct db_fulltext *ft,
    int *queued, char **cause)
{
	struct db_queue_write w;
	const char *const strs[] = { ft->url, ft->html, ft->error, ft->etag,
	    ft->last_modified };
	size_t i;

	if (queued != NULL)
		*queued = 0;
	if (cause != NULL)
		*cause = NULL;
	if (!db->queue_texts)
		return db_fulltext_put(db, id, ft, cause);
	memset(&w, 0, sizeof w);
	w.kind = DB_QUEUE_FULLTEXT;
	w.id = id;
	w.ft = *ft;		/* borrowed until queued */
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++)
		w.bytes += strs[i] != NULL ? strlen(strs[i]) + 1 : 0;
	return db_queue_add_text(db, &w, queued, cause);
}

int
db_queue_find_fulltext(struct db *db, int64_t id, struct db_fulltext *out)
{
	const struct db_queue_write *w;
	size_t i;

	if (db->queue == NULL)
		return 0;
	for (i = db->queue->n; i > 0; i--) {
		w = &db->queue->w[i - 1];
		if (w->kind != DB_QUEUE_FULLTEXT || w->id != id)
			continue;
		out->url = xstrdup0(w->ft.url);
		out->html = xstrdup0(w->ft.html);
		out->error = xstrdup0(w->ft.error);
		out->etag = xstrdup0(w->ft.etag);
		out->last_modified = xstrdup0(w->ft.last_modified);
		out->fetched = w->ft.fetched;
		return 1;
	}
	return 0;
}

int
db_queue_find_translation(struct db *db, int64_t id, const char *command,
    char **text)
{
	const struct db_queue_write *w;
	size_t i, j;

	if (db->queue == NULL)
		return 0;
	for (i = db->queue->n; i > 0; i--) {
		w = &db->queue->w[i - 1];
		/* storing a full text drops the article's translations */
		if (w->kind == DB_QUEUE_FULLTEXT && w->id == id &&
		    w->ft.html != NULL)
			return -1;
		if (w->kind != DB_QUEUE_TRANSLATION ||
		    strcmp(w->command, command) != 0)
			continue;
		for (j = w->ntexts; j > 0; j--)
			if (w->ids[j - 1] == id) {
				*text = xstrdup(w->texts[j - 1]);
				return 1;
			}
	}
	return 0;
}
