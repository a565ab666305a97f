/*
 * Cached translations of articles (dropped when the article changes:
 * see db-store.c).
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
