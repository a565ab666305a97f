/*
 * Article queries: keyset pages for a filter, counts (from the per-feed
 * counters where they answer), one whole article, read and starred state
 * and marking a filter's articles read.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db-private.h"
#include "tidende/buf.h"
#include "tidende/db-feed.h"
#include "tidende/db-fulltext.h"
#include "tidende/db-items.h"
#include "tidende/i18n.h"
#include "tidende/query.h"
#include "tidende/xmalloc.h"

void
db_items_row_clear(struct db_row *r)
{
	free(r->feed_title);
	free(r->feed_url);
	free(r->title);
	free(r->link);
	free(r->author);
}

void
db_items_rows_free(struct db_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		db_items_row_clear(&rows[i]);
	free(rows);
}

void
db_items_row_cursor(const struct db_row *row, struct db_cursor *c)
{
	c->date = row->date;
	c->id = row->id;
	c->rank = row->rank;
}

enum status
db_items_page(struct db *db, const struct db_filter *f,
    const struct db_cursor *after, int backwards, size_t limit,
    struct db_row **rows, size_t *nrows, char **cause)
{
	struct buf from = BUF_INIT, where = BUF_INIT, sql = BUF_INIT;
	struct db_params params = { NULL, 0 };
	struct query *q = NULL;
	struct db_row *r, tmp;
	sqlite3_stmt *st = NULL;
	size_t cap = 0, i;
	enum status s;
	int rc, by_rank;
	enum db_match_mode mode;
	const char *cmp;

	*rows = NULL;
	*nrows = 0;
	if (limit == 0)
		return STATUS_OK;
	if ((s = db_search_parse(f, &q, cause)) != STATUS_OK)
		goto out;
	mode = db_search_mode(db, f, q);
	by_rank = mode == DB_MATCH_WINDOW;
	db_search_sql(db, f, mode, &from, &where, &params, q);

	/* Forwards: rows after the cursor in list order; backwards: before. */
	cmp = backwards ? ">" : "<";
	if (by_rank)
		cmp = backwards ? "<" : ">";
	if (after != NULL) {
		if (by_rank)
			buf_printf(&where, " AND (m.rank, i.id) %s (?, ?)",
			    cmp);
		else
			buf_printf(&where, " AND (i.date, i.id) %s (?, ?)",
			    cmp);
	}
	buf_printf(&sql, "SELECT i.id, i.feed_id, coalesce(f.config_title, "
	    "f.title, f.url), f.url, i.title, i.link, i.author, i.date, "
	    "i.read, i.starred, %s, coalesce(i.published, i.updated) "
	    "FROM %s JOIN feeds f ON f.id = i.feed_id WHERE %s ORDER BY %s "
	    "LIMIT ?", by_rank ? "m.rank" : "0.0", buf_str(&from),
	    buf_str(&where), by_rank ? (backwards ?
	    "m.rank DESC, i.id DESC" : "m.rank ASC, i.id ASC") :
	    (backwards ? "i.date ASC, i.id ASC" : "i.date DESC, i.id DESC"));
	if (sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st, NULL) !=
	    SQLITE_OK) {
		s = db_search_error(db, q, cause);
		goto out;
	}
	db_search_params_bind(&params, st);
	i = params.n;
	if (after != NULL) {
		if (by_rank)
			sqlite3_bind_double(st, (int)++i, after->rank);
		else
			sqlite3_bind_int64(st, (int)++i, after->date);
		sqlite3_bind_int64(st, (int)++i, after->id);
	}
	sqlite3_bind_int64(st, (int)++i, (sqlite3_int64)limit);

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*nrows == cap) {
			cap = cap == 0 ? (limit < 64 ? limit : 64) : cap * 2;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		r = &(*rows)[(*nrows)++];
		r->id = sqlite3_column_int64(st, 0);
		r->feed_id = sqlite3_column_int64(st, 1);
		r->feed_title = db_col_text(st, 2);
		r->feed_url = db_col_text(st, 3);
		r->title = db_col_text(st, 4);
		r->link = db_col_text(st, 5);
		r->author = db_col_text(st, 6);
		r->date = sqlite3_column_int64(st, 7);
		r->read = sqlite3_column_int(st, 8);
		r->starred = sqlite3_column_int(st, 9);
		r->rank = sqlite3_column_double(st, 10);
		r->published = db_col_date(st, 11);
	}
	if (rc != SQLITE_DONE) {
		s = db_search_error(db, q, cause);
		db_items_rows_free(*rows, *nrows);
		*rows = NULL;
		*nrows = 0;
		goto out;
	}
	if (backwards) {
		for (i = 0; i < *nrows / 2; i++) {
			tmp = (*rows)[i];
			(*rows)[i] = (*rows)[*nrows - 1 - i];
			(*rows)[*nrows - 1 - i] = tmp;
		}
	}
	s = STATUS_OK;
out:
	if (st != NULL)
		sqlite3_finalize(st);
	query_free(q);
	db_search_params_free(&params);
	buf_free(&from);
	buf_free(&where);
	buf_free(&sql);
	return s;
}

/* Counts from the per-feed counters: no scan of items. */
static enum status
db_count_counters(struct db *db, const struct db_filter *f, int64_t *total,
    int64_t *unread)
{
	sqlite3_stmt *st;
	struct db_feed feed;
	enum status s;

	if (f->view == DB_VIEW_FEED) {
		if ((s = db_feed_get(db, f->feed_id, &feed)) != STATUS_OK)
			return s == STATUS_NOT_FOUND ? STATUS_OK : s;
		*total = feed.total;
		*unread = feed.unread;
		db_feed_free(&feed);
		return STATUS_OK;
	}
	st = db_stmt(db, f->view == DB_VIEW_TAG ? S_FEED_COUNTS_TAG :
	    S_FEED_COUNTS_ALL);
	if (st == NULL)
		return STATUS_DB;
	if (f->view == DB_VIEW_TAG)
		db_bind_text(st, 1, f->tag != NULL ? f->tag : "");
	if (sqlite3_step(st) == SQLITE_ROW) {
		*total = sqlite3_column_int64(st, 0);
		*unread = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return STATUS_OK;
}

enum status
db_items_count(struct db *db, const struct db_filter *f, int64_t *total,
    int64_t *unread, char **cause)
{
	struct buf from = BUF_INIT, where = BUF_INIT, sql = BUF_INIT;
	struct db_params params = { NULL, 0 };
	struct query *q = NULL;
	sqlite3_stmt *st = NULL;
	enum status s;
	int rc;

	*total = *unread = 0;
	if (!f->ignored && !f->starred_only && (f->view == DB_VIEW_ALL ||
	    f->view == DB_VIEW_FEED || f->view == DB_VIEW_TAG ||
	    (f->view == DB_VIEW_SEARCH && query_is_empty(f->search)))) {
		s = db_count_counters(db, f, total, unread);
		if (s == STATUS_OK && f->unread_only)
			*total = *unread;
		if (s != STATUS_OK)
			*cause = db_cause(db);
		return s;
	}
	if ((s = db_search_parse(f, &q, cause)) != STATUS_OK)
		goto out;
	db_search_sql(db, f, DB_MATCH_IN, &from, &where, &params, q);
	buf_printf(&sql, "SELECT count(*), coalesce(sum(i.read = 0), 0) "
	    "FROM %s WHERE %s", buf_str(&from), buf_str(&where));
	if (sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st, NULL) !=
	    SQLITE_OK) {
		s = db_search_error(db, q, cause);
		goto out;
	}
	db_search_params_bind(&params, st);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*total = sqlite3_column_int64(st, 0);
		*unread = sqlite3_column_int64(st, 1);
		s = STATUS_OK;
	} else
		s = db_search_error(db, q, cause);
out:
	if (st != NULL)
		sqlite3_finalize(st);
	query_free(q);
	db_search_params_free(&params);
	buf_free(&from);
	buf_free(&where);
	buf_free(&sql);
	return s;
}

/* --------------------------------------------------------------- items */

void
db_items_item_free(struct db_item *di)
{
	if (di == NULL)
		return;
	free(di->feed_title);
	free(di->feed_url);
	free(di->feed_language);
	free(di->fulltext);
	free(di->fulltext_url);
	feed_item_free(&di->item);
	memset(di, 0, sizeof *di);
}

/* Read one article; SQLITE_NOTFOUND when there is none. */
int
db_items_read(struct db *db, int64_t id, struct db_item *di)
{
	sqlite3_stmt *st;
	struct item *it = &di->item;
	int rc;

	memset(di, 0, sizeof *di);
	feed_item_init(it);
	if ((st = db_stmt(db, S_ITEM_GET)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc;
	}
	di->id = sqlite3_column_int64(st, 0);
	di->feed_id = sqlite3_column_int64(st, 1);
	di->feed_title = db_col_text(st, 2);
	di->feed_url = db_col_text(st, 3);
	di->feed_language = db_col_text(st, 4);
	di->first_seen = sqlite3_column_int64(st, 5);
	di->read = sqlite3_column_int(st, 6);
	di->starred = sqlite3_column_int(st, 7);
	it->id = db_col_text(st, 8);
	it->title = db_col_text(st, 9);
	it->link = db_col_text(st, 10);
	it->author = db_col_text(st, 11);
	it->published = db_col_date(st, 12);
	it->updated = db_col_date(st, 13);
	it->summary = db_col_text(st, 14);
	it->content = db_col_text(st, 15);
	it->language = db_col_text(st, 16);
	sqlite3_reset(st);

	if ((st = db_stmt(db, S_ITEM_CATEGORIES)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0) != NULL)
			feed_item_add_category(it,
			    (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if ((st = db_stmt(db, S_ITEM_ENCLOSURES)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0) != NULL)
			feed_item_add_enclosure(it,
			    (const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1),
			    sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 :
			    sqlite3_column_int64(st, 2));
	sqlite3_reset(st);
	return SQLITE_OK;
}

enum status
db_items_get(struct db *db, int64_t id, struct db_item *out, char **cause)
{
	int rc;

	struct db_fulltext ft;
	enum status s;

	rc = db_items_read(db, id, out);
	if (rc == SQLITE_OK) {
		s = db_fulltext_get(db, id, &ft, cause);
		if (s == STATUS_DB) {
			db_items_item_free(out);
			return s;
		}
		if (s == STATUS_OK && ft.html != NULL) {
			out->fulltext = ft.html;
			out->fulltext_url = ft.url;
			ft.html = ft.url = NULL;
		}
		db_fulltext_free(&ft);
		return STATUS_OK;
	}
	db_items_item_free(out);
	if (rc == SQLITE_NOTFOUND) {
		*cause = xasprintf(_("no article %lld"), (long long)id);
		return STATUS_NOT_FOUND;
	}
	*cause = db_cause(db);
	return STATUS_DB;
}

static enum status
db_items_set(struct db *db, enum db_stmt_id sid, int64_t id, int value)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, sid)) == NULL)
		return STATUS_DB;
	sqlite3_bind_int(st, 1, value != 0);
	if (sid == S_ITEM_SET_READ) {
		sqlite3_bind_int64(st, 2, value ? db_now() : 0);
		sqlite3_bind_int64(st, 3, id);
		sqlite3_bind_int(st, 4, value != 0);
	} else {
		sqlite3_bind_int64(st, 2, id);
		sqlite3_bind_int(st, 3, value != 0);
	}
	rc = db_step_write(db, st);
	if (rc != SQLITE_OK) {
		db_set_cause(db, NULL);
		return STATUS_DB;
	}
	if (sqlite3_changes(db->h) > 0)
		db->writes++;
	return STATUS_OK;
}

enum status
db_items_set_read(struct db *db, int64_t id, int read)
{
	return db_items_set(db, S_ITEM_SET_READ, id, read);
}

enum status
db_items_set_starred(struct db *db, int64_t id, int starred)
{
	return db_items_set(db, S_ITEM_SET_STARRED, id, starred);
}

enum status
db_items_mark_read(struct db *db, const struct db_filter *f, char **cause)
{
	struct buf from = BUF_INIT, where = BUF_INIT, sql = BUF_INIT;
	struct db_params params = { NULL, 0 };
	struct query *q = NULL;
	sqlite3_stmt *st = NULL;
	enum status s;
	int rc;

	if ((s = db_search_parse(f, &q, cause)) != STATUS_OK)
		goto out;
	db_search_sql(db, f, DB_MATCH_IN, &from, &where, &params, q);
	/* `UPDATE items AS i` keeps the filter's conditions as they are. */
	buf_printf(&sql, "UPDATE %s SET read = 1, read_time = %lld "
	    "WHERE i.read = 0 AND %s", buf_str(&from), (long long)db_now(),
	    buf_str(&where));
	if (db_begin(db) != SQLITE_OK) {
		*cause = db_cause(db);
		s = STATUS_DB;
		goto out;
	}
	if (sqlite3_prepare_v2(db->h, buf_str(&sql), -1, &st, NULL) !=
	    SQLITE_OK) {
		s = db_search_error(db, q, cause);
		db_rollback(db);
		goto out;
	}
	db_search_params_bind(&params, st);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		s = db_search_error(db, q, cause);
		db_rollback(db);
		goto out;
	}
	if (db_commit(db) != SQLITE_OK) {
		*cause = db_cause(db);
		db_rollback(db);
		s = STATUS_DB;
		goto out;
	}
	s = STATUS_OK;
out:
	if (st != NULL)
		sqlite3_finalize(st);
	query_free(q);
	db_search_params_free(&params);
	buf_free(&from);
	buf_free(&where);
	buf_free(&sql);
	return s;
}

