/*
 * Retention (deleting old articles, giving free pages back) and the
 * `ignore "QUERY"` rules that hide articles.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db-private.h"
#include "tidende/buf.h"
#include "tidende/db-retain.h"
#include "tidende/i18n.h"
#include "tidende/query.h"
#include "tidende/xmalloc.h"

/* free space in the file given back to the file system past this */
#define DB_RETAIN_GIVE_BACK	(2 * 1024 * 1024)

/* ------------------------------------------------------------ retention */

static enum status
db_retain_where(struct db *db, int64_t feed_id, long max_items,
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
	if (db_batch_tx_begin(db) != SQLITE_OK)
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
	if (db_batch_tx_commit(db) != SQLITE_OK)
		goto fail;
	if (deleted != NULL)
		*deleted = n;
	/*
	 * Give free pages back now and then (not on every small prune):
	 * past 2 MB of them, whatever the cache's page size.
	 */
	if (n > 0 && !db->batch_open && db_pragma_int(db,
	    "PRAGMA freelist_count", &freelist) == SQLITE_OK &&
	    (int64_t)freelist * db_page_size(db) > DB_RETAIN_GIVE_BACK) {
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
	db_batch_tx_rollback(db);
	return STATUS_DB;
}

enum status
db_retain_prune(struct db *db, long max_items, long max_age_days,
    size_t *deleted, char **cause)
{
	return db_retain_where(db, 0, max_items, max_age_days, deleted, cause);
}

enum status
db_retain_prune_feed(struct db *db, int64_t feed_id, long max_items,
    long max_age_days, size_t *deleted, char **cause)
{
	return db_retain_where(db, feed_id, max_items, max_age_days, deleted,
	    cause);
}

/* -------------------------------------------------------------- ignores */

/* Whether the just stored article matches an ignore rule. */
int
db_retain_ignore_check(struct db *db, int64_t id, int *ignored)
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
db_retain_set_ignores(struct db *db, char **queries, size_t n, char **cause)
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
			*cause = xasprintf(_("ignore \"%s\": %s"), queries[i],
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
	/* rules that search read the index: the backlog in it first */
	db_index_catch_up(db);
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
			db_search_params_text(&params, q->match);
		}
		buf_adds(&sql, q->where);
		for (j = 0; j < q->nparams; j++) {
			if (q->params[j].is_text)
				db_search_params_text(&params,
				    q->params[j].text);
			else
				db_search_params_num(&params, q->params[j].num);
		}
		if (sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st,
		    NULL) != SQLITE_OK)
			goto fail;
		db_search_params_bind(&params, st);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		db_search_params_free(&params);
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
	db_search_params_free(&params);
	buf_free(&sig);
	buf_free(&sql);
	return STATUS_DB;
}

