/*
 * The feed rows: syncing them with the configuration (titles, tags),
 * reading them, tag counts and fetch records.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db-private.h"
#include "tidende/db-feed.h"
#include "tidende/feed.h"
#include "tidende/xmalloc.h"

/* --------------------------------------------------------------- feeds */

void
db_feed_free(struct db_feed *f)
{
	if (f == NULL)
		return;
	free(f->url);
	free(f->title);
	free(f->site_link);
	free(f->language);
	free(f->etag);
	free(f->last_modified);
	free(f->error);
	free(f->moved_to);
	memset(f, 0, sizeof *f);
}

void
db_feed_list_free(struct db_feed *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		db_feed_free(&f[i]);
	free(f);
}

static void
db_feed_from_row(sqlite3_stmt *st, struct db_feed *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(st, 0);
	f->url = db_col_text(st, 1);
	f->title = db_col_text(st, 2);
	f->site_link = db_col_text(st, 3);
	f->language = db_col_text(st, 4);
	f->etag = db_col_text(st, 5);
	f->last_modified = db_col_text(st, 6);
	f->last_fetch = sqlite3_column_int64(st, 7);
	f->next_due = sqlite3_column_int64(st, 8);
	f->http_status = sqlite3_column_int(st, 9);
	f->fail_count = sqlite3_column_int(st, 10);
	f->error = db_col_text(st, 11);
	if (f->error != NULL) {
		/* kept in English, shown in the reader's language */
		char *local = feed_error_local(f->error);

		free(f->error);
		f->error = local;
	}
	f->error_time = sqlite3_column_int64(st, 12);
	f->unread = sqlite3_column_int64(st, 13);
	f->total = sqlite3_column_int64(st, 14);
	f->moved_to = db_col_text(st, 15);
	f->fetch_ms = sqlite3_column_int64(st, 16);
}

/* Whether the stored tags of a feed are exactly these. */
static int
db_tags_same(struct db *db, int64_t id, char *const *tags, size_t ntags)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int same = 1;

	if ((st = db_stmt(db, S_FEED_TAGS_GET)) == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n >= ntags || !db_str_eq(tags[n],
		    (const char *)sqlite3_column_text(st, 0)))
			same = 0;
		n++;
	}
	sqlite3_reset(st);
	return same && n == ntags;
}

/*
 * The feed title is in the search index of every article of the feed:
 * take them out before the title changes (S_FEED_UNINDEX), put them back
 * after (S_FEED_INDEX).
 */
int
db_feed_reindex(struct db *db, enum db_stmt_id sid, int64_t id)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, sid)) == NULL)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return db_step_done(db, st);
}

enum status
db_feed_sync(struct db *db, const char *url, const char *title,
    char *const *tags, size_t ntags, int64_t *id, char **cause)
{
	sqlite3_stmt *st;
	char *old_title = NULL;
	int found = 0, rc;
	size_t i;

	/* Usually nothing changed: look without taking the write lock. */
	if ((st = db_stmt(db, S_FEED_BY_URL)) == NULL)
		goto fail;
	db_bind_text(st, 1, url);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		*id = sqlite3_column_int64(st, 0);
		old_title = db_col_text(st, 1);
	}
	sqlite3_reset(st);
	if (found && db_str_eq(old_title, title) &&
	    db_tags_same(db, *id, tags, ntags)) {
		free(old_title);
		return STATUS_OK;
	}
	free(old_title);

	/* in a refresh, the store batch: one commit for every new feed */
	if (db_batch_tx_begin(db) != SQLITE_OK)
		goto fail;
	if ((st = db_stmt(db, S_FEED_BY_URL)) == NULL)
		goto fail;
	db_bind_text(st, 1, url);
	found = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		*id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (!found) {
		if ((st = db_stmt(db, S_FEED_INSERT)) == NULL)
			goto fail;
		db_bind_text(st, 1, url);
		db_bind_text(st, 2, title);
		if (db_step_done(db, st) != SQLITE_OK)
			goto fail;
		*id = sqlite3_last_insert_rowid(db->h);
	} else {
		if (db_feed_reindex(db, S_FEED_UNINDEX, *id) != SQLITE_OK)
			goto fail;
		if ((st = db_stmt(db, S_FEED_SET_CONFIG_TITLE)) == NULL)
			goto fail;
		db_bind_text(st, 1, title);
		sqlite3_bind_int64(st, 2, *id);
		if (db_step_done(db, st) != SQLITE_OK)
			goto fail;
		if (db_feed_reindex(db, S_FEED_INDEX, *id) != SQLITE_OK)
			goto fail;
	}
	if (!db_tags_same(db, *id, tags, ntags)) {
		if ((st = db_stmt(db, S_FEED_TAGS_DELETE)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, *id);
		if (db_step_done(db, st) != SQLITE_OK)
			goto fail;
		for (i = 0; i < ntags; i++) {
			if ((st = db_stmt(db, S_FEED_TAG_INSERT)) == NULL)
				goto fail;
			sqlite3_bind_int64(st, 1, *id);
			db_bind_text(st, 2, tags[i]);
			if (db_step_done(db, st) != SQLITE_OK)
				goto fail;
		}
	}
	if ((rc = db_batch_tx_commit(db)) != SQLITE_OK)
		goto fail;
	return STATUS_OK;

fail:
	*cause = db_cause(db);
	db_batch_tx_rollback(db);
	return STATUS_DB;
}

/*
 * Step 10: how long each feed's last fetch took, so a refresh starts the
 * slow ones first (refresh.c) and ends nearer its slowest server.
 */
int
db_feed_migrate_v10(struct db *db)
{
	sqlite3_stmt *st;
	int rc, have = 0;

	/* a cache stepped back by hand (tests do) may have it already */
	rc = sqlite3_prepare_v2(db->h, "SELECT 1 FROM pragma_table_info('feeds') "
	    "WHERE name = 'fetch_ms'", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		have = 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if (have)
		return SQLITE_OK;
	return sqlite3_exec(db->h, "ALTER TABLE feeds ADD COLUMN fetch_ms "
	    "INTEGER NOT NULL DEFAULT 0", NULL, NULL, NULL);
}

static enum status
db_feed_one(struct db *db, enum db_stmt_id id, int64_t key, const char *url,
    struct db_feed *out)
{
	sqlite3_stmt *st;
	enum status s = STATUS_NOT_FOUND;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = db_stmt(db, id)) == NULL)
		return STATUS_DB;
	if (url != NULL)
		db_bind_text(st, 1, url);
	else
		sqlite3_bind_int64(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_feed_from_row(st, out);
		s = STATUS_OK;
	} else if (rc != SQLITE_DONE)
		s = STATUS_DB;
	sqlite3_reset(st);
	return s;
}

enum status
db_feed_get(struct db *db, int64_t id, struct db_feed *out)
{
	return db_feed_one(db, S_FEED_GET, id, NULL, out);
}

enum status
db_feed_find(struct db *db, const char *url, struct db_feed *out)
{
	return db_feed_one(db, S_FEED_FIND, 0, url, out);
}

enum status
db_feed_list(struct db *db, struct db_feed **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = db_stmt(db, S_FEEDS_LIST)) == NULL)
		return STATUS_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		db_feed_from_row(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_feed_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return STATUS_DB;
	}
	return STATUS_OK;
}

enum status
db_feed_tags_list(struct db *db, struct db_tag **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = db_stmt(db, S_TAGS_LIST)) == NULL)
		return STATUS_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[*n].name = db_col_text(st, 0);
		(*out)[*n].unread = sqlite3_column_int64(st, 1);
		(*out)[*n].total = sqlite3_column_int64(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_feed_tags_free(*out, *n);
		*out = NULL;
		*n = 0;
		return STATUS_DB;
	}
	return STATUS_OK;
}

void
db_feed_tags_free(struct db_tag *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(t[i].name);
	free(t);
}

enum status
db_feed_record_fetch(struct db *db, int64_t feed_id,
    const struct db_fetch_result *r, char **cause)
{
	sqlite3_stmt *st;
	char *error;
	int rc;

	if (db_batch_tx_begin(db) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db->h, "UPDATE feeds SET last_fetch = ?1, "
	    "http_status = ?2, etag = coalesce(?3, etag), "
	    "last_modified = coalesce(?4, last_modified), error = ?5, "
	    "error_time = CASE WHEN ?5 IS NULL THEN error_time ELSE ?1 END, "
	    "fail_count = CASE WHEN ?5 IS NULL THEN 0 ELSE fail_count + 1 "
	    "END, next_due = ?6, moved_to = coalesce(?7, moved_to), "
	    "fetch_ms = CASE WHEN ?9 > 0 THEN ?9 ELSE fetch_ms END "
	    "WHERE id = ?8", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, r->fetched_at);
	sqlite3_bind_int(st, 2, r->http_status);
	db_bind_text(st, 3, r->etag);
	db_bind_text(st, 4, r->last_modified);
	error = feed_error_english(r->error);	/* see feed.h */
	db_bind_text(st, 5, error);
	free(error);
	sqlite3_bind_int64(st, 6, r->next_due);
	db_bind_text(st, 7, r->new_url);
	sqlite3_bind_int64(st, 8, feed_id);
	sqlite3_bind_int64(st, 9, r->fetch_ms);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || db_batch_tx_commit(db) != SQLITE_OK)
		goto fail;
	return STATUS_OK;

fail:
	*cause = db_cause(db);
	db_batch_tx_rollback(db);
	return STATUS_DB;
}

