/*
 * Full texts of articles (see tidende/db-fulltext.h).  The search index
 * takes its text from the items_text view, which joins this table, so a
 * full text is put in by taking the article out of the index with the
 * old values, writing the row, and indexing it again from the view.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db-private.h"
#include "tidende/db-fulltext.h"
#include "tidende/feed.h"
#include "tidende/i18n.h"
#include "tidende/xmalloc.h"

/*
 * Schema step 6: the table, its removal with the article, and the
 * search view again with the full text in the body column.  Existing
 * articles have no full text, so their indexed values do not change.
 */
const char db_fulltext_schema_v6[] =
	"CREATE TABLE fulltext ("
	" item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,"
	" url TEXT NOT NULL, html TEXT, error TEXT, etag TEXT,"
	" last_modified TEXT, fetched INTEGER NOT NULL);"
	"CREATE TRIGGER items_ad_fulltext AFTER DELETE ON items BEGIN"
	" DELETE FROM fulltext WHERE item_id = OLD.id;"
	" END;"
	"DROP VIEW items_text;"
	"CREATE VIEW items_text AS SELECT i.id AS id, i.title AS title,"
	" i.author AS author, tidende_text(b.content, b.summary, ft.html)"
	" AS body, coalesce(f.config_title, f.title, f.url) AS feed"
	" FROM items i JOIN feeds f ON f.id = i.feed_id"
	" LEFT JOIN bodies b ON b.item_id = i.id"
	" LEFT JOIN fulltext ft ON ft.item_id = i.id;";

void
db_fulltext_free(struct db_fulltext *ft)
{
	free(ft->url);
	free(ft->html);
	free(ft->error);
	free(ft->etag);
	free(ft->last_modified);
	memset(ft, 0, sizeof *ft);
}

/* The row in the table, as the search index knows it. */
static enum status
db_fulltext_read(struct db *db, int64_t item_id, struct db_fulltext *out,
    char **cause)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = db_stmt(db, S_FULLTEXT_GET)) == NULL) {
		db_set_cause(db, cause);
		return STATUS_DB;
	}
	sqlite3_bind_int64(st, 1, item_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->url = db_col_text(st, 0);
		out->html = db_col_text(st, 1);
		out->error = db_col_text(st, 2);
		if (out->error != NULL) {
			/* kept in English, shown in the reader's language */
			char *local = feed_error_local(out->error);

			free(out->error);
			out->error = local;
		}
		out->etag = db_col_text(st, 3);
		out->last_modified = db_col_text(st, 4);
		out->fetched = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return STATUS_OK;
	if (rc == SQLITE_DONE)
		return STATUS_NOT_FOUND;
	db_set_cause(db, cause);
	return STATUS_DB;
}

enum status
db_fulltext_get(struct db *db, int64_t item_id, struct db_fulltext *out,
    char **cause)
{
	memset(out, 0, sizeof *out);
	/* a full text waiting for a busy cache (db-queue.h) */
	if (db_queue_find_fulltext(db, item_id, out))
		return STATUS_OK;
	return db_fulltext_read(db, item_id, out, cause);
}

/*
 * The html of an article's full text (for the store), NULL when none:
 * the table's, never one waiting in the queue, as the index is made from
 * the table (items_text) and must be taken out with the same values.
 */
char *
db_fulltext_html(struct db *db, int64_t item_id)
{
	struct db_fulltext ft;
	char *html;

	if (db_fulltext_read(db, item_id, &ft, NULL) != STATUS_OK)
		return NULL;
	html = ft.html;
	ft.html = NULL;
	db_fulltext_free(&ft);
	return html;
}

enum status
db_fulltext_put(struct db *db, int64_t item_id, const struct db_fulltext *ft,
    char **cause)
{
	sqlite3_stmt *st;
	int rc, exists;
	char *sql, *error;

	if ((rc = db_begin(db)) != SQLITE_OK)
		goto fail;
	sql = xasprintf("SELECT EXISTS (SELECT 1 FROM items WHERE id = %lld)",
	    (long long)item_id);
	rc = db_pragma_int(db, sql, &exists);
	free(sql);
	if (rc != SQLITE_OK)
		goto fail;
	if (!exists) {
		db_rollback(db);
		if (cause != NULL)
			*cause = xasprintf(_("no article %lld"),
			    (long long)item_id);
		return STATUS_NOT_FOUND;
	}
	/* out of the index with the values it was indexed with */
	if ((st = db_stmt(db, S_FTS_DELETE)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, item_id);
	if ((rc = db_step_done(db, st)) != SQLITE_OK)
		goto fail;
	if ((st = db_stmt(db, S_FULLTEXT_PUT)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, item_id);
	db_bind_text(st, 2, ft->url != NULL ? ft->url : "");
	db_bind_text(st, 3, ft->html);
	error = feed_error_english(ft->error);	/* see feed.h */
	db_bind_text(st, 4, error);
	free(error);
	db_bind_text(st, 5, ft->etag);
	db_bind_text(st, 6, ft->last_modified);
	sqlite3_bind_int64(st, 7, ft->fetched != 0 ? ft->fetched : db_now());
	if ((rc = db_step_done(db, st)) != SQLITE_OK)
		goto fail;
	if ((st = db_stmt(db, S_FTS_REINDEX)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, item_id);
	if ((rc = db_step_done(db, st)) != SQLITE_OK)
		goto fail;
	if (ft->html != NULL) {
		if ((st = db_stmt(db, S_TRANSLATIONS_DELETE)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, item_id);
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

enum status
db_fulltext_missing(struct db *db, int64_t feed_id, int64_t since,
    size_t max, int64_t **ids, char ***links, size_t *n, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*ids = NULL;
	*links = NULL;
	*n = 0;
	if ((st = db_stmt(db, S_FULLTEXT_MISSING)) == NULL) {
		db_set_cause(db, cause);
		return STATUS_DB;
	}
	sqlite3_bind_int64(st, 1, feed_id);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		*links = xreallocarray(*links, *n + 1, sizeof **links);
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*links)[*n] = db_col_text(st, 1);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_fulltext_missing_free(*ids, *links, *n);
		*ids = NULL;
		*links = NULL;
		*n = 0;
		db_set_cause(db, cause);
		return STATUS_DB;
	}
	return STATUS_OK;
}

void
db_fulltext_missing_free(int64_t *ids, char **links, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(links[i]);
	free(links);
	free(ids);
}
