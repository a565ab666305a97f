/*
 * Cached translations of articles (dropped when the article changes:
 * see db-store.c).  Those the interface keeps go through db-queue.c,
 * which reads back what waits there for a busy cache.
 */
#include <sqlite3.h>
#include <stdlib.h>

#include "db-private.h"
#include "tidende/db-translate.h"

/* --------------------------------------------------------- translations */

enum status
db_translate_get(struct db *db, int64_t item_id, const char *command,
    char **text)
{
	sqlite3_stmt *st;
	enum status s = STATUS_NOT_FOUND;
	int rc;

	*text = NULL;
	/* a translation waiting for a busy cache (db-queue.h) */
	switch (db_queue_find_translation(db, item_id, command, text)) {
	case 1:
		return STATUS_OK;
	case -1:
		return STATUS_NOT_FOUND;
	}
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
db_translate_put(struct db *db, int64_t item_id, const char *command,
    const char *text, char **cause)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, S_TRANSLATION_PUT)) == NULL) {
		db_set_cause(db, cause);
		return STATUS_DB;
	}
	sqlite3_bind_int64(st, 1, item_id);
	db_bind_text(st, 2, command);
	db_bind_text(st, 3, text);
	sqlite3_bind_int64(st, 4, db_now());
	if (db_step_write(db, st) != SQLITE_OK) {
		db_set_cause(db, cause);
		return STATUS_DB;
	}
	db->writes++;
	return STATUS_OK;
}

enum status
db_translate_put_many(struct db *db, const char *command, const int64_t *ids,
    char *const *texts, size_t n, char **cause)
{
	sqlite3_stmt *st;
	int64_t now = db_now();
	size_t i;
	int rc;

	if (n == 0)
		return STATUS_OK;
	if ((rc = db_begin(db)) != SQLITE_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((st = db_stmt(db, S_TRANSLATION_PUT_LIVE)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, ids[i]);
		db_bind_text(st, 2, command);
		db_bind_text(st, 3, texts[i]);
		sqlite3_bind_int64(st, 4, now);
		if ((rc = db_step_done(db, st)) != SQLITE_OK)
			goto fail;
	}
	if ((rc = db_commit(db)) != SQLITE_OK)
		goto fail;
	return STATUS_OK;
fail:
	db_set_cause(db, cause);
	db_rollback(db);
	return STATUS_DB;
}
