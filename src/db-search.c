/*
 * Search in article queries: a filter's search parsed with query.c and
 * joined to the statement as its match count calls for (the FTS5 index
 * items_fts), dynamic statement parameters, and FTS5 syntax errors
 * reported as usage errors.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "db-private.h"
#include "tidende/buf.h"
#include "tidende/i18n.h"
#include "tidende/query.h"
#include "tidende/xmalloc.h"

void
db_search_params_text(struct db_params *p, const char *s)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n].is_text = 1;
	p->v[p->n].text = xstrdup(s);
	p->v[p->n].num = 0;
	p->n++;
}

void
db_search_params_num(struct db_params *p, int64_t num)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n].is_text = 0;
	p->v[p->n].text = NULL;
	p->v[p->n].num = num;
	p->n++;
}

void
db_search_params_free(struct db_params *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].text);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

void
db_search_params_bind(struct db_params *p, sqlite3_stmt *st)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].is_text)
			db_bind_text(st, (int)i + 1, p->v[i].text);
		else
			sqlite3_bind_int64(st, (int)i + 1, p->v[i].num);
	}
}

/*
 * How the match of a search joins the statement.  A page must cost what
 * is on screen, not what matched: ranking looks at the newest
 * DB_RANK_WINDOW matches (all of them, for most searches), and a search
 * by date with many matches walks the date index, testing each article
 * against the set of matching rowids, until the page is full; when more
 * than one article in DB_DENSE matches, building that set costs more
 * than asking the index about each article walked.
 */
#define DB_DENSE	20
#define DB_RANK_WINDOW	1000
#define DB_SORT_MAX	2000

/* The index a view walks, in list order. */
static const char *
db_view_index(const struct db_filter *f)
{
	if (f->ignored)
		return "items_ignored";
	if (f->view == DB_VIEW_FEED)
		return "items_feed";
	if (f->view == DB_VIEW_STARRED || f->starred_only)
		return "items_starred";
	if (f->unread_only)
		return "items_unread";
	return "items_date";
}

/* The filter's search, parsed (*q stays NULL when there is none). */
enum status
db_search_parse(const struct db_filter *f, struct query **q, char **cause)
{
	int flags = 0;

	*q = NULL;
	if (f->view != DB_VIEW_SEARCH || query_is_empty(f->search))
		return STATUS_OK;
	if (f->prefix_last)
		flags |= QUERY_PREFIX_LAST;
	return query_parse(f->search, flags, db_now(), q, cause);
}

/* Articles in the cache (not ignored), from the counters. */
static int64_t
db_total(struct db *db)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if ((st = db_stmt(db, S_FEED_COUNTS_ALL)) == NULL)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* Whether a match has more than `max` articles (cheap: stops there). */
static int
db_match_over(struct db *db, const char *match, int64_t max)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM (SELECT 1 FROM "
	    "items_fts WHERE items_fts MATCH ? LIMIT ?)", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	db_bind_text(st, 1, match);
	sqlite3_bind_int64(st, 2, max + 1);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n > max;
}

/*
 * The FROM and WHERE of a filter over items `i`, with the parsed search
 * q (or NULL) joined as `mode` says.  Conditions are written literally so
 * that they imply the partial index of the view.
 */
void
db_search_sql(struct db *db, const struct db_filter *f,
    enum db_match_mode mode, struct buf *from, struct buf *where,
    struct db_params *params, struct query *q)
{
	int match = q != NULL && q->match != NULL;
	size_t i;

	/* what was stored and not indexed yet is found too */
	if (match)
		db_index_catch_up(db);
	if (match && mode == DB_MATCH_JOIN)
		buf_adds(from, "items_fts JOIN items i ON i.id = "
		    "items_fts.rowid");
	else if (match && mode == DB_MATCH_WINDOW) {
		buf_printf(from, "(SELECT rowid AS rid, rank AS rank FROM "
		    "items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC "
		    "LIMIT %d) AS m JOIN items i ON i.id = m.rid",
		    DB_RANK_WINDOW);
		db_search_params_text(params, q->match);
	} else if (match && mode == DB_MATCH_IN)
		buf_adds(from, "items AS i");
	else {
		/*
		 * Without words to match, the view decides the index: the
		 * pages then walk it in order and never sort, whatever
		 * statistics the planner has (or lacks).
		 */
		buf_printf(from, "items AS i INDEXED BY %s",
		    db_view_index(f));
	}

	buf_adds(where, f->ignored ? "i.ignored = 1" : "i.ignored = 0");
	if (f->unread_only)
		buf_adds(where, " AND i.read = 0");
	if (f->starred_only && f->view != DB_VIEW_STARRED)
		buf_adds(where, " AND i.starred = 1");
	switch (f->view) {
	case DB_VIEW_FEED:
		buf_adds(where, " AND i.feed_id = ?");
		db_search_params_num(params, f->feed_id);
		break;
	case DB_VIEW_TAG:
		buf_adds(where, " AND i.feed_id IN (SELECT feed_id FROM "
		    "feed_tags WHERE tag = ?)");
		db_search_params_text(params, f->tag != NULL ? f->tag : "");
		break;
	case DB_VIEW_STARRED:
		buf_adds(where, " AND i.starred = 1");
		break;
	default:
		break;
	}
	if (q == NULL)
		return;
	if (match && mode == DB_MATCH_JOIN) {
		buf_adds(where, " AND items_fts MATCH ?");
		db_search_params_text(params, q->match);
	} else if (match && mode == DB_MATCH_DENSE) {
		buf_adds(where, " AND EXISTS (SELECT 1 FROM items_fts WHERE "
		    "items_fts MATCH ? AND rowid = i.id)");
		db_search_params_text(params, q->match);
	} else if (match && mode != DB_MATCH_WINDOW) {
		buf_adds(where, " AND i.id IN (SELECT rowid FROM "
		    "items_fts WHERE items_fts MATCH ?)");
		db_search_params_text(params, q->match);
	}
	buf_adds(where, q->where);
	for (i = 0; i < q->nparams; i++) {
		if (q->params[i].is_text)
			db_search_params_text(params, q->params[i].text);
		else
			db_search_params_num(params, q->params[i].num);
	}
}

/* A syntax error from FTS5 for a query we built: report it as usage. */
enum status
db_search_error(struct db *db, struct query *q, char **cause)
{
	if (q != NULL && (sqlite3_errcode(db->h) & 0xff) == SQLITE_ERROR) {
		*cause = xasprintf(_("cannot search for that (%s)"),
		    sqlite3_errmsg(db->h));
		return STATUS_USAGE;
	}
	*cause = db_cause(db);
	return STATUS_DB;
}


/*
 * How a page joins the match: ranked, the newest DB_RANK_WINDOW matches;
 * by date, a join and a sort when there are few, else a walk of the
 * view's index (see above).
 */
enum db_match_mode
db_search_mode(struct db *db, const struct db_filter *f,
    const struct query *q)
{
	if (q == NULL || q->match == NULL)
		return DB_MATCH_JOIN;
	db_index_catch_up(db);	/* before counting matches */
	if (f->by_relevance)
		return DB_MATCH_WINDOW;
	if (!db_match_over(db, q->match, DB_SORT_MAX))
		return DB_MATCH_JOIN;
	return db_match_over(db, q->match, db_total(db) / DB_DENSE) ?
	    DB_MATCH_DENSE : DB_MATCH_WALK;
}
