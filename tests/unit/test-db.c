/*
 * Unit tests for the cache: storing and updating keeps state, the guid
 * fallback, keyset pages both ways, counters, translations, search and
 * ignore rules, retention, migration from a version-1 file and the message
 * for a damaged file, and two opens making a new cache at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "tidende/db-feed.h"
#include "tidende/html-text.h"
#include "tidende/db-fulltext.h"
#include "tidende/db-items.h"
#include "tidende/db-queue.h"
#include "tidende/db-retain.h"
#include "tidende/db-schema.h"
#include "tidende/db-store.h"
#include "tidende/db-translate.h"
#include "tidende/db.h"
#include "tidende/feed.h"
#include "tidende/loop.h"
#include "tidende/xmalloc.h"

struct fixture {
	char		 dir[64];
	char		*path;
	struct db	*db;
	int64_t		 feed;
};

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	char *cause = NULL;

	snprintf(fx->dir, sizeof fx->dir, "/tmp/tidende-db-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	fx->path = xasprintf("%s/cache.db", fx->dir);
	if (db_open(fx->path, 0, &fx->db, &cause) != STATUS_OK) {
		fprintf(stderr, "%s\n", cause);
		return -1;
	}
	if (db_feed_sync(fx->db, "http://example.org/feed", NULL, NULL, 0,
	    &fx->feed, &cause) != STATUS_OK)
		return -1;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd;

	db_close(fx->db);
	cmd = xasprintf("rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	free(fx->path);
	free(fx);
	return 0;
}

static void
add_item(struct parsed_feed *pf, const char *id, const char *title,
    const char *link, int64_t published, const char *content)
{
	struct item it;

	feed_item_init(&it);
	it.id = id != NULL ? xstrdup(id) : NULL;
	it.title = xstrdup0(title);
	it.link = xstrdup0(link);
	it.published = published;
	it.content = xstrdup0(content);
	feed_parsed_add_item(pf, &it);
}

/*
 * N items with 6,000-byte bodies, no two alike (ids PREFIX0, PREFIX1,
 * ...): megabytes of log and of pages, for checkpoints and pruning.
 */
static void
add_big_items(struct parsed_feed *pf, const char *prefix, size_t n)
{
	char id[32], *body;
	size_t i;

	body = xmalloc(6001);
	for (i = 0; i < 6000; i++)
		body[i] = "abcdefghij klmnopqrst uvwxyzæøå "[(i * 7 + i / 13) % 33];
	body[6000] = '\0';
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%s%zu", prefix, i);
		body[i % 5000] = 'A' + i % 26;	/* no two alike */
		add_item(pf, id, id, NULL, 1000 + (int64_t)i, body);
	}
	free(body);
}

static void
store(struct fixture *fx, int64_t feed, struct parsed_feed *pf,
    struct db_store_stats *st)
{
	char *cause = NULL;
	enum status s;

	s = db_store_feed(fx->db, feed, pf, st, &cause);
	if (s != STATUS_OK)
		fail_msg("store: %s", cause);
	feed_parsed_free(pf);
	feed_parsed_init(pf);
}

static void
check(struct db *db)
{
	char *cause = NULL;

	if (db_check(db, &cause) != STATUS_OK)
		fail_msg("check: %s", cause);
}

static int64_t
id_of(struct fixture *fx, const char *title)
{
	struct db_filter f;
	struct db_row *rows;
	size_t n, i;
	char *cause = NULL;
	int64_t id = 0;

	memset(&f, 0, sizeof f);
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 1000, &rows, &n,
	    &cause), STATUS_OK);
	for (i = 0; i < n; i++)
		if (rows[i].title != NULL && strcmp(rows[i].title, title) == 0)
			id = rows[i].id;
	db_items_rows_free(rows, n);
	return id;
}

static void
test_store_update_keeps_state(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_item di;
	struct db_feed feed;
	char *cause = NULL, *text;
	int64_t a;
	uint64_t gen;

	feed_parsed_init(&pf);
	pf.title = xstrdup("Example");
	add_item(&pf, "g1", "First", "http://example.org/1", 1000, "<p>one</p>");
	add_item(&pf, "g2", "Second", "http://example.org/2", 2000, "two");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.added, 2);

	a = id_of(fx, "First");
	assert_true(a > 0);
	gen = db_generation(fx->db);
	assert_int_equal(db_items_set_read(fx->db, a, 1), STATUS_OK);
	assert_int_equal(db_items_set_starred(fx->db, a, 1), STATUS_OK);
	assert_true(db_generation(fx->db) != gen);
	assert_int_equal(db_translate_put(fx->db, a, "trans", "en", NULL),
	    STATUS_OK);
	assert_int_equal(db_translate_get(fx->db, a, "trans", &text),
	    STATUS_OK);
	assert_string_equal(text, "en");
	free(text);

	/* Same items again: unchanged, translation kept. */
	pf.title = xstrdup("Example");
	add_item(&pf, "g1", "First", "http://example.org/1", 1000, "<p>one</p>");
	add_item(&pf, "g2", "Second", "http://example.org/2", 2000, "two");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(db_translate_get(fx->db, a, "trans", &text),
	    STATUS_OK);
	free(text);

	/* Changed content: updated in place, state kept, translation gone. */
	add_item(&pf, "g1", "First", "http://example.org/1", 1000,
	    "<p>one, edited</p>");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.updated, 1);
	assert_int_equal(db_items_get(fx->db, a, &di, &cause), STATUS_OK);
	assert_int_equal(di.read, 1);
	assert_int_equal(di.starred, 1);
	assert_string_equal(di.item.content, "<p>one, edited</p>");
	assert_string_equal(di.feed_title, "Example");
	db_items_item_free(&di);
	assert_int_equal(db_translate_get(fx->db, a, "trans", &text),
	    STATUS_NOT_FOUND);

	/* Nothing deleted by a refresh that no longer lists g2. */
	assert_true(id_of(fx, "Second") > 0);
	assert_int_equal(db_feed_get(fx->db, fx->feed, &feed), STATUS_OK);
	assert_int_equal(feed.total, 2);
	assert_int_equal(feed.unread, 1);
	db_feed_free(&feed);
	check(fx->db);
}

/*
 * A cache from tidende 0.1.0 holds FNV-1a change hashes.  The values below
 * are what 0.1.0 stored for these two articles.  The same article again is
 * unchanged (its translation stays) and gets the new hash; a changed one
 * is still an update.
 */
static void
test_store_legacy_hash(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	const char *sql;
	char *text, *err = NULL;
	int64_t a;
	sqlite3 *h;
	sqlite3_stmt *q;

	feed_parsed_init(&pf);
	pf.title = xstrdup("Example");
	add_item(&pf, "g1", "First", "http://example.org/1", 1000, "<p>one</p>");
	add_item(&pf, "g2", "Second", "http://example.org/2", 2000, "two");
	store(fx, fx->feed, &pf, &st);
	a = id_of(fx, "First");
	assert_int_equal(db_translate_put(fx->db, a, "trans", "en", NULL),
	    STATUS_OK);

	/* as 0.1.0 left them */
	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	sql = "UPDATE items SET hash = -2294451960339456993 WHERE guid = 'g1';"
	    "UPDATE items SET hash = -8648165945353670958 WHERE guid = 'g2';";
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s", err);

	pf.title = xstrdup("Example");
	add_item(&pf, "g1", "First", "http://example.org/1", 1000, "<p>one</p>");
	add_item(&pf, "g2", "Second", "http://example.org/2", 2000,
	    "two, edited");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.unchanged, 1);
	assert_int_equal(st.updated, 1);
	assert_int_equal(db_translate_get(fx->db, a, "trans", &text),
	    STATUS_OK);
	free(text);
	/* the old hash is gone from both */
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM items "
	    "WHERE hash IN (-2294451960339456993, -8648165945353670958)", -1,
	    &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	sqlite3_close(h);

	/* and the next refresh sees both unchanged */
	pf.title = xstrdup("Example");
	add_item(&pf, "g1", "First", "http://example.org/1", 1000, "<p>one</p>");
	add_item(&pf, "g2", "Second", "http://example.org/2", 2000,
	    "two, edited");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.unchanged, 2);
	check(fx->db);
}

static void
test_item_fields_round_trip(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_item di;
	struct item it;
	char *cause = NULL;

	feed_parsed_init(&pf);
	feed_item_init(&it);
	it.id = xstrdup("urn:x");
	it.title = xstrdup("Blåbær \"quoted\"");
	it.author = xstrdup("Ola Nordmann");
	it.published = FEED_NO_DATE;
	it.updated = 5000;
	it.summary = xstrdup("sum");
	it.language = xstrdup("nb");
	feed_item_add_category(&it, "a");
	feed_item_add_category(&it, "b \"c\"");
	feed_item_add_enclosure(&it, "http://e/x.mp3", "audio/mpeg", 1234);
	feed_item_add_enclosure(&it, "http://e/y", NULL, -1);
	feed_parsed_add_item(&pf, &it);
	store(fx, fx->feed, &pf, &st);

	assert_int_equal(db_items_get(fx->db, id_of(fx, "Blåbær \"quoted\""),
	    &di, &cause), STATUS_OK);
	assert_string_equal(di.item.id, "urn:x");
	assert_string_equal(di.item.author, "Ola Nordmann");
	assert_true(di.item.published == FEED_NO_DATE);
	assert_int_equal(di.item.updated, 5000);
	assert_null(di.item.content);
	assert_string_equal(di.item.language, "nb");
	assert_int_equal(di.item.ncategories, 2);
	assert_string_equal(di.item.categories[1], "b \"c\"");
	assert_int_equal(di.item.nenclosures, 2);
	assert_string_equal(di.item.enclosures[0].url, "http://e/x.mp3");
	assert_string_equal(di.item.enclosures[0].type, "audio/mpeg");
	assert_int_equal(di.item.enclosures[0].length, 1234);
	assert_null(di.item.enclosures[1].type);
	assert_int_equal(di.item.enclosures[1].length, -1);
	db_items_item_free(&di);
	assert_int_equal(db_items_get(fx->db, 999999, &di, &cause),
	    STATUS_NOT_FOUND);
	free(cause);
}

static void
test_dedupe_fallback(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_item di;
	char *cause = NULL;
	int64_t a;

	feed_parsed_init(&pf);
	add_item(&pf, "http://example.org/?p=1", "Post", "http://example.org/post",
	    1000, "x");
	store(fx, fx->feed, &pf, &st);
	a = id_of(fx, "Post");
	assert_int_equal(db_items_set_read(fx->db, a, 1), STATUS_OK);

	/* The feed switched guid scheme: same link and title, same article. */
	add_item(&pf, "tag:example.org,2015:1", "Post",
	    "http://example.org/post", 1000, "x");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.added, 0);
	assert_int_equal(db_items_get(fx->db, a, &di, &cause), STATUS_OK);
	assert_string_equal(di.item.id, "tag:example.org,2015:1");
	assert_int_equal(di.read, 1);
	db_items_item_free(&di);

	/* Two live items sharing link and title stay two items. */
	add_item(&pf, "u1", "Update", "http://example.org/", 3000, "a");
	add_item(&pf, "u2", "Update", "http://example.org/", 2000, "b");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.added, 2);
}

/*
 * A feed's first fetch inserts its articles without looking them up: a
 * guid the document repeats is still one article (the later copy in the
 * document wins, as when it is looked up), and a body left over from a
 * row deleted by hand does not stop the store.
 */
static void
test_store_first_fetch(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_feed feed;
	struct db_item di;
	sqlite3 *h;
	char *cause = NULL, *sql;
	char sponsored[] = "sponsored";
	char *ign[] = { sponsored };
	int64_t a, next;

	feed_parsed_init(&pf);
	pf.title = xstrdup("Example");
	/* stored from the end: "dup, later" goes in, then is updated */
	add_item(&pf, "dup", "Dup", "http://example.org/d", 3000,
	    "dup, newest");
	add_item(&pf, "one", "One", "http://example.org/1", 2000, "one");
	add_item(&pf, "dup", "Dup", "http://example.org/d", 1000,
	    "dup, later");
	add_item(&pf, "same", "Same", "http://example.org/s", 500, "same");
	add_item(&pf, "same", "Same", "http://example.org/s", 500, "same");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.added, 3);
	assert_int_equal(st.updated, 1);
	assert_int_equal(st.unchanged, 1);
	a = id_of(fx, "Dup");
	assert_int_equal(db_items_get(fx->db, a, &di, &cause), STATUS_OK);
	assert_string_equal(di.item.content, "dup, newest");
	db_items_item_free(&di);
	assert_int_equal(db_feed_get(fx->db, fx->feed, &feed), STATUS_OK);
	assert_int_equal(feed.total, 3);
	db_feed_free(&feed);

	/* a body row with the id the next article gets, left by hand */
	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	next = id_of(fx, "One") + 1;	/* the highest id: stored last */
	assert_true(next > a);
	sql = sqlite3_mprintf("INSERT INTO bodies (item_id, content) "
	    "VALUES (%lld, 'stale')", (long long)next);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(sql);
	sqlite3_close(h);
	assert_int_equal(db_feed_sync(fx->db, "http://example.org/other",
	    NULL, NULL, 0, &a, &cause), STATUS_OK);
	add_item(&pf, "fresh", "Fresh", "http://example.org/f", 4000,
	    "fresh body");
	store(fx, a, &pf, &st);
	assert_int_equal(st.added, 1);
	assert_int_equal(id_of(fx, "Fresh"), next);
	assert_int_equal(db_items_get(fx->db, next, &di, &cause), STATUS_OK);
	assert_string_equal(di.item.content, "fresh body");
	db_items_item_free(&di);
	check(fx->db);

	/*
	 * With an ignore rule the store indexes as it goes, at the end of a
	 * slice: a repeated guid's first copy is not in the index yet when
	 * the later one updates it, so it must not be deleted from it (that
	 * was "database disk image is malformed", for ever, on every
	 * refresh of such a feed).  One article, indexed once, the rule run.
	 */
	assert_int_equal(db_retain_set_ignores(fx->db, ign, 1, &cause),
	    STATUS_OK);
	assert_int_equal(db_feed_sync(fx->db, "http://example.org/third",
	    NULL, NULL, 0, &a, &cause), STATUS_OK);
	add_item(&pf, "twice", "Twice sponsored", "http://example.org/t", 3000,
	    "twice, newest");
	add_item(&pf, "twice", "Twice", "http://example.org/t", 1000,
	    "twice, older");
	store(fx, a, &pf, &st);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.updated, 1);
	assert_int_equal(st.ignored, 1);
	check(fx->db);
	assert_int_equal(db_retain_set_ignores(fx->db, NULL, 0, &cause),
	    STATUS_OK);
}

static void
fill(struct fixture *fx, int n)
{
	struct parsed_feed pf;
	struct db_store_stats st;
	char id[32], title[32];
	int i;

	feed_parsed_init(&pf);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "id%d", i);
		snprintf(title, sizeof title, "Item %d", i);
		/* Pairs share a date so the id breaks ties. */
		add_item(&pf, id, title, NULL, 100000 + (i / 2) * 60, "body");
	}
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.added, n);
}

static void
test_pagination(void **state)
{
	struct fixture *fx = *state;
	struct db_filter f;
	struct db_row *rows, *all;
	struct db_cursor cur;
	size_t n, nall, got = 0, i;
	char *cause = NULL;

	fill(fx, 25);
	memset(&f, 0, sizeof f);
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 100, &all, &nall,
	    &cause), STATUS_OK);
	assert_int_equal(nall, 25);
	for (i = 1; i < nall; i++)
		assert_true(all[i - 1].date > all[i].date ||
		    (all[i - 1].date == all[i].date &&
		    all[i - 1].id > all[i].id));

	/* Forwards in pages of 7 gives the same order. */
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 7, &rows, &n,
	    &cause), STATUS_OK);
	for (;;) {
		for (i = 0; i < n; i++)
			assert_int_equal(rows[i].id, all[got + i].id);
		got += n;
		if (n == 0) {
			db_items_rows_free(rows, n);
			break;
		}
		db_items_row_cursor(&rows[n - 1], &cur);
		db_items_rows_free(rows, n);
		assert_int_equal(db_items_page(fx->db, &f, &cur, 0, 7, &rows,
		    &n, &cause), STATUS_OK);
	}
	assert_int_equal(got, 25);

	/* Backwards from row 20: rows 13..19, still in list order. */
	db_items_row_cursor(&all[20], &cur);
	assert_int_equal(db_items_page(fx->db, &f, &cur, 1, 7, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 7);
	for (i = 0; i < n; i++)
		assert_int_equal(rows[i].id, all[13 + i].id);
	db_items_rows_free(rows, n);
	/* Backwards from row 3: only 3 rows. */
	db_items_row_cursor(&all[3], &cur);
	assert_int_equal(db_items_page(fx->db, &f, &cur, 1, 7, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].id, all[0].id);
	db_items_rows_free(rows, n);

	/* Unread only and one feed. */
	assert_int_equal(db_items_set_read(fx->db, all[0].id, 1), STATUS_OK);
	f.unread_only = 1;
	f.view = DB_VIEW_FEED;
	f.feed_id = fx->feed;
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 100, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 24);
	assert_int_equal(rows[0].id, all[1].id);
	db_items_rows_free(rows, n);
	db_items_rows_free(all, nall);
}

static void
test_counts_and_tags(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_filter f;
	struct db_tag *tags;
	struct db_feed *feeds;
	char news[] = "news", norsk[] = "norsk";
	char *tagv[] = { news, norsk };
	char *cause = NULL;
	int64_t other, total, unread;
	size_t n;

	assert_int_equal(db_feed_sync(fx->db, "http://other/feed", "Other",
	    tagv, 2, &other, &cause), STATUS_OK);
	assert_int_equal(db_feed_sync(fx->db, "http://example.org/feed", NULL,
	    tagv, 1, &fx->feed, &cause), STATUS_OK);
	fill(fx, 10);
	feed_parsed_init(&pf);
	add_item(&pf, "o1", "Other one", NULL, 5, "x");
	add_item(&pf, "o2", "Other two", NULL, 6, "x");
	store(fx, other, &pf, &st);

	memset(&f, 0, sizeof f);
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 12);
	assert_int_equal(unread, 12);

	f.view = DB_VIEW_TAG;
	f.tag = "norsk";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2);

	f.tag = "news";
	assert_int_equal(db_items_mark_read(fx->db, &f, &cause), STATUS_OK);
	assert_int_equal(db_feed_tags_list(fx->db, &tags, &n), STATUS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(tags[0].name, "news");
	assert_int_equal(tags[0].unread, 0);
	assert_int_equal(tags[0].total, 12);
	db_feed_tags_free(tags, n);

	assert_int_equal(db_feed_list(fx->db, &feeds, &n), STATUS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(feeds[1].title, "Other");
	assert_int_equal(feeds[1].total, 2);
	db_feed_list_free(feeds, n);

	/* Starred count. */
	assert_int_equal(db_items_set_starred(fx->db, id_of(fx, "Item 3"), 1),
	    STATUS_OK);
	f.view = DB_VIEW_STARRED;
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 1);
	check(fx->db);	/* the counters too */
}

static void
test_search(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_filter f;
	struct db_row *rows;
	char *cause = NULL;
	char krypto[] = "kryptovaluta", bad[] = "is:nonsense";
	char *ign[] = { krypto };
	int64_t total, unread;
	size_t n;

	feed_parsed_init(&pf);
	pf.title = xstrdup("Aftenposten");
	add_item(&pf, "1", "Familietelefon for barn", NULL, 1000,
	    "<p>Ny <b>tjeneste</b> &amp; bl&aring;b&aelig;r</p>");
	add_item(&pf, "2", "Været i morgen", NULL, 2000, "regn på Østlandet");
	add_item(&pf, "3", "Kryptovaluta faller", NULL, 3000, "bitcoin");
	store(fx, fx->feed, &pf, &st);

	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_SEARCH;
	f.by_relevance = 1;
	f.search = "familietelefon";
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 10, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].title, "Familietelefon for barn");
	db_items_rows_free(rows, n);

	/* Entities decoded and æøå are letters. */
	f.search = "blåbær";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 1);
	f.search = "østlandet";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 1);
	/* Prefix while typing; feed title; negation. */
	f.search = "famil";
	f.prefix_last = 1;
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 1);
	f.prefix_last = 0;
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 0);
	f.search = "aftenposten -bitcoin";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2);
	f.search = "-bitcoin";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2);
	/* FTS syntax in the input is just text. */
	f.search = "NEAR(a b) title:x AND ^\"";
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 10, &rows, &n,
	    &cause), STATUS_USAGE);
	free(cause);
	cause = NULL;
	f.search = "NEAR(a b) \"title:x\" AND ^";
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 10, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 0);

	/* An ignore rule hides the article everywhere but --ignored. */
	assert_int_equal(db_retain_set_ignores(fx->db, ign, 1, &cause),
	    STATUS_OK);
	memset(&f, 0, sizeof f);
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2);
	f.ignored = 1;
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 10, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].title, "Kryptovaluta faller");
	db_items_rows_free(rows, n);
	/* New articles are checked when stored. */
	add_item(&pf, "4", "Mer kryptovaluta", NULL, 4000, "x");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.ignored, 1);
	/* A new title (config, then the feed's own) is searched at once. */
	assert_int_equal(db_feed_sync(fx->db, "http://example.org/feed",
	    "Avisa", NULL, 0, &fx->feed, &cause), STATUS_OK);
	f.view = DB_VIEW_SEARCH;
	f.ignored = 0;
	f.search = "avisa";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2);
	f.search = "aftenposten";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 0);
	assert_int_equal(db_feed_sync(fx->db, "http://example.org/feed",
	    NULL, NULL, 0, &fx->feed, &cause), STATUS_OK);
	pf.title = xstrdup("Dagbladet");
	add_item(&pf, "2", "Været i morgen", NULL, 2000, "sol på Østlandet");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.updated, 1);
	f.search = "dagbladet østlandet";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 1);
	f.search = "regn";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 0);
	check(fx->db);
	memset(&f, 0, sizeof f);
	f.ignored = 1;

	/* Rules removed: everything shows again. */
	assert_int_equal(db_retain_set_ignores(fx->db, NULL, 0, &cause),
	    STATUS_OK);
	check(fx->db);
	f.ignored = 0;
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 4);
	/* A bad rule is named. */
	ign[0] = bad;
	assert_int_equal(db_retain_set_ignores(fx->db, ign, 1, &cause),
	    STATUS_USAGE);
	assert_non_null(strstr(cause, "is:nonsense"));
	free(cause);
}

/* Many matches: date pages walk the index, relevance looks at a window. */
/* The titles a search finds, sorted by title, joined by spaces. */
static char *
search_titles(struct fixture *fx, const char *search)
{
	struct db_filter f;
	struct db_row *rows;
	char *cause = NULL, *t, *out;
	size_t n, i, j;

	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_SEARCH;
	f.search = search;
	if (db_items_page(fx->db, &f, NULL, 0, 50, &rows, &n, &cause) !=
	    STATUS_OK)
		fail_msg("%s: %s", search, cause);
	for (i = 1; i < n; i++)		/* few rows: insertion sort */
		for (j = i; j > 0 && strcmp(rows[j - 1].title,
		    rows[j].title) > 0; j--) {
			t = rows[j].title;
			rows[j].title = rows[j - 1].title;
			rows[j - 1].title = t;
		}
	out = xstrdup("");
	for (i = 0; i < n; i++) {
		t = xasprintf("%s%s%s", out, i > 0 ? " " : "", rows[i].title);
		free(out);
		out = t;
	}
	db_items_rows_free(rows, n);
	return out;
}

static void
search_titles_are(struct fixture *fx, const char *search, const char *want)
{
	char *got = search_titles(fx, search);

	if (strcmp(got, want) != 0)
		fail_msg("%s: found \"%s\", wanted \"%s\"", search, got,
		    want);
	free(got);
}

/*
 * since: and until: at the edges of a day (UTC): until:DAY includes the
 * whole day and nothing after, since:DAY its first second and nothing
 * before.
 */
static void
test_search_dates(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;

	feed_parsed_init(&pf);
	pf.title = xstrdup("Kalender");
	add_item(&pf, "a", "a-feb28-last", NULL, 1425167999, "x");
	add_item(&pf, "b", "b-mar01-first", NULL, 1425168000, "x");
	add_item(&pf, "c", "c-mar01-last", NULL, 1425254399, "x");
	add_item(&pf, "d", "d-mar02-first", NULL, 1425254400, "x");
	store(fx, fx->feed, &pf, &st);

	search_titles_are(fx, "until:2015-03-01",
	    "a-feb28-last b-mar01-first c-mar01-last");
	search_titles_are(fx, "until:2015-02-28", "a-feb28-last");
	search_titles_are(fx, "since:2015-03-01",
	    "b-mar01-first c-mar01-last d-mar02-first");
	search_titles_are(fx, "since:2015-03-02", "d-mar02-first");
	search_titles_are(fx, "since:2015-03-01 until:2015-03-01",
	    "b-mar01-first c-mar01-last");
	search_titles_are(fx, "x since:2015-03-02 until:2015-03-01", "");
	search_titles_are(fx, "x until:2015-03-01 since:2015-02-28",
	    "a-feb28-last b-mar01-first c-mar01-last");
}

static void
test_search_many(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_filter f;
	struct db_row *rows;
	struct db_cursor cur;
	char id[32], title[64];
	size_t n, got = 0, i;
	int64_t last_date = INT64_MAX, last_id = INT64_MAX, total, unread;
	char *cause = NULL;
	int first = 1;

	feed_parsed_init(&pf);
	for (i = 0; i < 2100; i++) {
		snprintf(id, sizeof id, "m%zu", i);
		snprintf(title, sizeof title, "common word %zu", i);
		add_item(&pf, id, title, NULL, 1000000 + (int64_t)(i % 700) *
		    60, i % 3 == 0 ? "special" : "plain");
	}
	store(fx, fx->feed, &pf, &st);
	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_SEARCH;
	f.search = "common";
	for (;;) {
		assert_int_equal(db_items_page(fx->db, &f, first ? NULL : &cur,
		    0, 300, &rows, &n, &cause), STATUS_OK);
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			assert_true(rows[i].date < last_date ||
			    (rows[i].date == last_date && rows[i].id < last_id));
			last_date = rows[i].date;
			last_id = rows[i].id;
		}
		got += n;
		db_items_row_cursor(&rows[n - 1], &cur);
		db_items_rows_free(rows, n);
		first = 0;
	}
	assert_int_equal(got, 2100);
	/* Backwards from the end gives the rows before it. */
	assert_int_equal(db_items_page(fx->db, &f, &cur, 1, 10, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 10);
	assert_true(rows[9].date > cur.date || (rows[9].date == cur.date &&
	    rows[9].id > cur.id));
	db_items_rows_free(rows, n);
	/* Relevance: title matches of "special" come... only in the body. */
	f.search = "common special";
	f.by_relevance = 1;
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 5000, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 700);	/* under the window: all of them */
	for (i = 1; i < n; i++)
		assert_true(rows[i - 1].rank <= rows[i].rank);
	db_items_rows_free(rows, n);
	f.search = "common";
	assert_int_equal(db_items_page(fx->db, &f, NULL, 0, 5000, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 1000);	/* the newest 1,000 matches */
	assert_int_equal(db_items_set_read(fx->db, rows[3].id, 1), STATUS_OK);
	db_items_rows_free(rows, n);
	f.by_relevance = 0;
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2100);
	assert_int_equal(unread, 2099);
	f.search = "common -special";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 1400);
}

static void
test_html_text(void **state)
{
	char *s;

	s = html_text_search("<p>Hei&nbsp;<b>du</b></p><script>x<y</script>"
	    "<!-- c --> &#229;&#xE6; &bogus; a&lt;b");
	assert_string_equal(s, "Hei du å\xc3\xa6 &bogus; a<b");
	free(s);
	s = html_text_search(NULL);
	assert_string_equal(s, "");
	free(s);
}

static void
test_prune(void **state)
{
	struct fixture *fx = *state;
	struct db_filter f;
	size_t deleted;
	char *cause = NULL;
	int64_t total, unread, keep;

	fill(fx, 20);
	keep = id_of(fx, "Item 0");
	assert_int_equal(db_items_set_starred(fx->db, keep, 1), STATUS_OK);
	/* Just seen in the feed: kept. */
	assert_int_equal(db_retain_prune(fx->db, 5, 0, &deleted, &cause),
	    STATUS_OK);
	assert_int_equal(deleted, 0);
	/* Pretend they were last seen long ago. */
	assert_int_equal(db_retain_prune(fx->db, 0, 0, &deleted, &cause),
	    STATUS_OK);
	{
		sqlite3 *h;
		assert_int_equal(sqlite3_open(db_path(fx->db), &h), SQLITE_OK);
		assert_int_equal(sqlite3_exec(h, "UPDATE items SET "
		    "last_seen = 0", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	assert_int_equal(db_retain_prune(fx->db, 5, 0, &deleted, &cause),
	    STATUS_OK);
	assert_int_equal(deleted, 14);	/* 15 beyond the newest 5, one starred */
	memset(&f, 0, sizeof f);
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 6);
	assert_true(id_of(fx, "Item 0") == keep);
	/* By age: all dated 1970, only the starred one stays. */
	assert_int_equal(db_retain_prune(fx->db, 0, 30, &deleted, &cause),
	    STATUS_OK);
	assert_int_equal(deleted, 5);
	check(fx->db);
}

/*
 * Pruning gives the free pages back to the file system once they add up
 * to 2 MB, whatever the page size: 3.5 MB of pruned articles are given
 * back (with the old mark of 256 pages, 8 MB of 32 KB pages, they were
 * not).
 */
static void
test_prune_gives_back(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	size_t deleted;
	char *cause = NULL;
	sqlite3 *h;
	sqlite3_stmt *q;

	feed_parsed_init(&pf);
	add_big_items(&pf, "gb", 600);
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.added, 600);
	assert_int_equal(sqlite3_open(db_path(fx->db), &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE items SET last_seen = 0",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_retain_prune(fx->db, 1, 0, &deleted, &cause),
	    STATUS_OK);
	assert_int_equal(deleted, 599);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT freelist_count * "
	    "page_size FROM pragma_freelist_count, pragma_page_size", -1, &q,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_true(sqlite3_column_int64(q, 0) < 2 * 1024 * 1024);
	sqlite3_finalize(q);
	sqlite3_close(h);
	check(fx->db);
}

/*
 * A full text is searchable with its article and stays consistent with
 * the search index (db_check()) through an update of the article in
 * place, a new full text, pruning and the feed's deletion.
 */
static void
test_fulltext(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_fulltext ft, got;
	struct db_item di;
	size_t deleted;
	char *cause = NULL;
	int64_t id;

	feed_parsed_init(&pf);
	add_item(&pf, "f1", "Kort", "https://a.example/1", FEED_NO_DATE,
	    "<p>Bare ingressen.</p>");
	add_item(&pf, "f2", "Annen", "https://a.example/2", FEED_NO_DATE,
	    "<p>Noe annet.</p>");
	store(fx, fx->feed, &pf, &st);
	id = id_of(fx, "Kort");
	search_titles_are(fx, "vindturbin", "");
	assert_int_equal(db_fulltext_get(fx->db, id, &got, &cause),
	    STATUS_NOT_FOUND);

	memset(&ft, 0, sizeof ft);
	ft.url = (char *)"https://a.example/1";
	ft.html = (char *)"<p>Hele artikkelen om en vindturbin.</p>";
	ft.etag = (char *)"\"e1\"";
	assert_int_equal(db_fulltext_put(fx->db, id, &ft, &cause), STATUS_OK);
	check(fx->db);
	search_titles_are(fx, "vindturbin", "Kort");
	search_titles_are(fx, "ingressen", "Kort");	/* the feed's text too */
	assert_int_equal(db_items_get(fx->db, id, &di, &cause), STATUS_OK);
	assert_string_equal(di.fulltext, ft.html);
	assert_string_equal(di.fulltext_url, ft.url);
	db_items_item_free(&di);
	assert_int_equal(db_fulltext_get(fx->db, id, &got, &cause), STATUS_OK);
	assert_string_equal(got.etag, "\"e1\"");
	db_fulltext_free(&got);

	/* the feed changes the article: its full text stays indexed */
	add_item(&pf, "f1", "Kort", "https://a.example/1", FEED_NO_DATE,
	    "<p>Ny ingress.</p>");
	add_item(&pf, "f2", "Annen", "https://a.example/2", FEED_NO_DATE,
	    "<p>Noe annet.</p>");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.updated, 1);
	check(fx->db);
	search_titles_are(fx, "vindturbin", "Kort");
	search_titles_are(fx, "ingressen", "");

	/* a new full text replaces the old in the index */
	ft.html = (char *)"<p>Nå om solcellepanel.</p>";
	assert_int_equal(db_fulltext_put(fx->db, id, &ft, &cause), STATUS_OK);
	check(fx->db);
	search_titles_are(fx, "vindturbin", "");
	search_titles_are(fx, "solcellepanel", "Kort");
	/* a page with no article: the row records it, the index holds none */
	ft.html = NULL;
	ft.error = (char *)"no article found in the page";
	assert_int_equal(db_fulltext_put(fx->db, id_of(fx, "Annen"), &ft,
	    &cause), STATUS_OK);
	check(fx->db);
	assert_int_equal(db_fulltext_put(fx->db, 4242, &ft, &cause),
	    STATUS_NOT_FOUND);
	free(cause);
	cause = NULL;

	/* pruned: gone from the index and the table */
	{
		sqlite3 *h;

		assert_int_equal(sqlite3_open(db_path(fx->db), &h), SQLITE_OK);
		assert_int_equal(sqlite3_exec(h, "UPDATE items SET "
		    "last_seen = 0, date = 0", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	assert_int_equal(db_retain_prune(fx->db, 0, 30, &deleted, &cause),
	    STATUS_OK);
	assert_int_equal(deleted, 2);
	check(fx->db);
	search_titles_are(fx, "solcellepanel", "");
	assert_int_equal(db_fulltext_get(fx->db, id, &got, &cause),
	    STATUS_NOT_FOUND);
}

static void
test_migrate_v1(void **state)
{
	static const char v1[] =
	"CREATE TABLE feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE,"
	" title TEXT, config_title TEXT, site_link TEXT, language TEXT,"
	" etag TEXT, last_modified TEXT, last_fetch INTEGER NOT NULL DEFAULT 0,"
	" http_status INTEGER NOT NULL DEFAULT 0,"
	" fail_count INTEGER NOT NULL DEFAULT 0, error TEXT,"
	" error_time INTEGER NOT NULL DEFAULT 0,"
	" next_due INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE feed_tags (feed_id INTEGER NOT NULL REFERENCES feeds(id)"
	" ON DELETE CASCADE, tag TEXT NOT NULL, PRIMARY KEY (feed_id, tag));"
	"CREATE TABLE items (id INTEGER PRIMARY KEY, feed_id INTEGER NOT NULL"
	" REFERENCES feeds(id) ON DELETE CASCADE, guid TEXT NOT NULL,"
	" title TEXT, link TEXT, author TEXT, published INTEGER,"
	" updated INTEGER, summary TEXT, content TEXT, language TEXT,"
	" categories TEXT, enclosures TEXT, first_seen INTEGER NOT NULL,"
	" date INTEGER NOT NULL, read INTEGER NOT NULL DEFAULT 0,"
	" starred INTEGER NOT NULL DEFAULT 0,"
	" read_time INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX items_guid ON items (feed_id, guid);"
	"CREATE INDEX items_date ON items (date, id);"
	"CREATE TABLE translations (item_id INTEGER NOT NULL REFERENCES"
	" items(id) ON DELETE CASCADE, command TEXT NOT NULL,"
	" text TEXT NOT NULL, time INTEGER NOT NULL,"
	" PRIMARY KEY (item_id, command));"
	"INSERT INTO feeds (id, url, title) VALUES (1, 'http://old/', 'Old');"
	"INSERT INTO items (id, feed_id, guid, title, content, first_seen,"
	" date, read, starred, categories) VALUES"
	" (7, 1, 'g7', 'Gammel sak', '<p>smørbrød</p>', 10, 10, 1, 1,"
	" '[\"x\"]'),"
	" (8, 1, 'g8', 'Ny sak', 'tekst', 20, 20, 0, 0, NULL);"
	"PRAGMA user_version = 1;";
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_filter f;
	struct db_item di;
	struct db *db;
	sqlite3 *h;
	char *path, *cause = NULL;
	int64_t total, unread;

	path = xasprintf("%s/v1.db", fx->dir);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, v1, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);

	assert_int_equal(db_open(path, 0, &db, &cause), STATUS_OK);
	memset(&f, 0, sizeof f);
	assert_int_equal(db_items_count(db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2);
	assert_int_equal(unread, 1);
	assert_int_equal(db_items_get(db, 7, &di, &cause), STATUS_OK);
	assert_int_equal(di.starred, 1);
	assert_int_equal(di.item.ncategories, 1);
	db_items_item_free(&di);
	f.view = DB_VIEW_SEARCH;
	f.search = "smørbrød";
	assert_int_equal(db_items_count(db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 1);
	/* The same article stored again is unchanged (hashes computed). */
	feed_parsed_init(&pf);
	add_item(&pf, "g8", "Ny sak", NULL, FEED_NO_DATE, "tekst");
	assert_int_equal(db_store_feed(db, 1, &pf, &st, &cause), STATUS_OK);
	assert_int_equal(st.unchanged, 1);
	feed_parsed_free(&pf);
	check(db);
	db_close(db);
	/* Every step of the list ran: the version is the number of steps. */
	{
		sqlite3_stmt *st2;

		/*
		 * v5 (db-sync): the queue and its triggers; v6 full text;
		 * v7 the search tokenizer; v8 the search-index backlog;
		 * v9 full-width forms folded in the search index; v10 each
		 * feed's fetch duration
		 */
		assert_int_equal(db_schema_version(), 10);
		assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA user_version",
		    -1, &st2, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st2), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st2, 0),
		    db_schema_version());
		sqlite3_finalize(st2);
		assert_int_equal(sqlite3_exec(h, "SELECT count(*) FROM "
		    "sync_ops, server_items, server_feeds, sync_account, fulltext",
		    NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	/* Opening again does nothing more. */
	assert_int_equal(db_open(path, DB_READONLY, &db, &cause), STATUS_OK);
	db_close(db);
	free(path);
}

static void
test_damaged_file(void **state)
{
	struct fixture *fx = *state;
	struct db *db;
	struct stat sb;
	char *path, *cause = NULL;
	FILE *f;
	int i;

	path = xasprintf("%s/bad.db", fx->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < 200; i++)
		fputs("this is not an SQLite database at all. ", f);
	fclose(f);
	assert_int_equal(db_open(path, 0, &db, &cause), STATUS_DB);
	assert_non_null(strstr(cause, path));
	assert_non_null(strstr(cause, "move it aside"));
	free(cause);
	/* Never deleted. */
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_size > 1000);
	free(path);

	/* Someone else's SQLite database is left alone. */
	path = xasprintf("%s/other.db", fx->dir);
	{
		sqlite3 *h;

		assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
		assert_int_equal(sqlite3_exec(h, "CREATE TABLE notes (x)",
		    NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	assert_int_equal(db_open(path, 0, &db, &cause), STATUS_DB);
	assert_non_null(strstr(cause, "not a tidende cache"));
	free(cause);
	free(path);

	/* A missing file in read-only mode is "not found". */
	path = xasprintf("%s/none.db", fx->dir);
	assert_int_equal(db_open(path, DB_READONLY, &db, &cause),
	    STATUS_NOT_FOUND);
	free(cause);
	free(path);
	/* A new cache is private. */
	assert_int_equal(stat(fx->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* ... in WAL mode, can give free pages back, has 32 KB pages. */
	{
		sqlite3 *h;
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT * FROM "
		    "pragma_auto_vacuum, pragma_journal_mode, pragma_page_size",
		    -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 2);
		assert_string_equal((const char *)sqlite3_column_text(st, 1),
		    "wal");
		assert_int_equal(sqlite3_column_int(st, 2), 32768);
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
}

/* Another process's commit moves the generation too. */
static void
test_generation_other_writer(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db *other;
	char *cause = NULL;
	uint64_t gen;

	assert_int_equal(db_open(fx->path, 0, &other, &cause), STATUS_OK);
	gen = db_generation(fx->db);
	assert_int_equal(db_generation(fx->db), gen);
	feed_parsed_init(&pf);
	add_item(&pf, "x1", "From elsewhere", NULL, 1000, "x");
	assert_int_equal(db_store_feed(other, fx->feed, &pf, &st, &cause),
	    STATUS_OK);
	feed_parsed_free(&pf);
	assert_true(db_generation(fx->db) != gen);
	assert_true(id_of(fx, "From elsewhere") > 0);
	gen = db_generation(fx->db);
	assert_int_equal(db_items_set_read(other, id_of(fx, "From elsewhere"),
	    1), STATUS_OK);
	assert_true(db_generation(fx->db) != gen);
	db_close(other);
}

/*
 * db_keep_log(): closing leaves the log for whoever opens the cache next
 * (a detached indexer), and what it holds is read from it; without it the
 * last close writes the log back and deletes it.
 */
static void
test_keep_log(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct stat sb;
	char *wal = xasprintf("%s-wal", fx->path), *cause = NULL;

	feed_parsed_init(&pf);
	add_item(&pf, "k1", "Kept in the log", NULL, 1000, "body");
	store(fx, fx->feed, &pf, &st);
	db_keep_log(fx->db);
	db_close(fx->db);
	fx->db = NULL;
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size > 0);
	assert_int_equal(db_open(fx->path, 0, &fx->db, &cause), STATUS_OK);
	assert_true(id_of(fx, "Kept in the log") > 0);
	check(fx->db);
	/* the usual close: the log goes into the file */
	db_close(fx->db);
	fx->db = NULL;
	assert_int_equal(stat(wal, &sb), -1);
	assert_int_equal(db_open(fx->path, 0, &fx->db, &cause), STATUS_OK);
	assert_true(id_of(fx, "Kept in the log") > 0);
	feed_parsed_free(&pf);
	free(wal);
}

static void
test_feed_record_fetch(void **state)
{
	struct fixture *fx = *state;
	struct db_fetch_result r;
	struct db_feed feed;
	char *cause = NULL;

	memset(&r, 0, sizeof r);
	r.fetched_at = 100;
	r.http_status = 500;
	r.error = "server error";
	r.next_due = 200;
	assert_int_equal(db_feed_record_fetch(fx->db, fx->feed, &r, &cause),
	    STATUS_OK);
	assert_int_equal(db_feed_record_fetch(fx->db, fx->feed, &r, &cause),
	    STATUS_OK);
	assert_int_equal(db_feed_get(fx->db, fx->feed, &feed), STATUS_OK);
	assert_int_equal(feed.fail_count, 2);
	assert_string_equal(feed.error, "server error");
	db_feed_free(&feed);
	r.error = NULL;
	r.http_status = 200;
	r.etag = "\"abc\"";
	assert_int_equal(db_feed_record_fetch(fx->db, fx->feed, &r, &cause),
	    STATUS_OK);
	assert_int_equal(db_feed_find(fx->db, "http://example.org/feed",
	    &feed), STATUS_OK);
	assert_int_equal(feed.fail_count, 0);
	assert_null(feed.error);
	assert_string_equal(feed.etag, "\"abc\"");
	assert_int_equal(feed.next_due, 200);
	assert_int_equal(feed.fetch_ms, 0);	/* never measured */
	db_feed_free(&feed);
	/* how long it took: kept, and kept when a record has no figure */
	r.fetch_ms = 1234;
	assert_int_equal(db_feed_record_fetch(fx->db, fx->feed, &r, &cause),
	    STATUS_OK);
	assert_int_equal(db_feed_get(fx->db, fx->feed, &feed), STATUS_OK);
	assert_int_equal(feed.fetch_ms, 1234);
	db_feed_free(&feed);
	r.fetch_ms = 0;
	assert_int_equal(db_feed_record_fetch(fx->db, fx->feed, &r, &cause),
	    STATUS_OK);
	assert_int_equal(db_feed_get(fx->db, fx->feed, &feed), STATUS_OK);
	assert_int_equal(feed.fetch_ms, 1234);
	db_feed_free(&feed);
}

/* How many articles a search finds (through the search index). */
static int64_t
search_count(struct fixture *fx, const char *q)
{
	struct db_filter f;
	char *cause = NULL;
	int64_t total, unread;

	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_SEARCH;
	f.search = q;
	if (db_items_count(fx->db, &f, &total, &unread, &cause) != STATUS_OK)
		fail_msg("search %s: %s", q, cause);
	return total;
}

/*
 * The search index's backlog (schema 8): a store lists its articles in
 * fts_pending instead of indexing them; whatever happens to them before
 * they are indexed (updated, the feed retitled, deleted, the process
 * gone), a search finds exactly what is stored and the index stays
 * consistent (db_check()).
 */
static void
test_index_backlog(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	char *cause = NULL, *sql;
	size_t deleted;
	int64_t id;
	sqlite3 *h;
	int more, slices, i;

	feed_parsed_init(&pf);
	add_item(&pf, "1", "Fjellvåk over Hardanger", NULL, 1000,
	    "<p>rovfugl</p>");
	add_item(&pf, "2", "Rødstrupe", NULL, 2000, "<p>småfugl</p>");
	add_item(&pf, "3", "Kongeørn", NULL, 3000, "<p>rovfugl</p>");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(db_index_pending(fx->db), 3);

	/* gone before it was indexed (kill -9): the backlog is kept */
	db_close(fx->db);
	assert_int_equal(db_open(fx->path, 0, &fx->db, &cause), STATUS_OK);
	assert_int_equal(db_index_pending(fx->db), 3);

	/* a pending article updated: indexed once, with its new text */
	add_item(&pf, "2", "Rødstrupe", NULL, 2000, "<p>trekkfugl</p>");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.updated, 1);
	assert_int_equal(db_index_pending(fx->db), 3);
	/* the feed retitled while its articles wait */
	assert_int_equal(db_feed_sync(fx->db, "http://example.org/feed",
	    "Fuglebladet", NULL, 0, &id, &cause), STATUS_OK);
	/* a pending article deleted (pruned as old) */
	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE items SET last_seen = 0, "
	    "date = 0 WHERE guid = '1'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(db_retain_prune_feed(fx->db, fx->feed, 0, 1,
	    &deleted, &cause), STATUS_OK);
	assert_int_equal(deleted, 1);
	assert_int_equal(db_index_pending(fx->db), 2);

	/* a search indexes the backlog first: it finds what was stored */
	assert_int_equal(search_count(fx, "rovfugl"), 1);
	assert_int_equal(db_index_pending(fx->db), 0);
	assert_int_equal(search_count(fx, "trekkfugl"), 1);
	assert_int_equal(search_count(fx, "småfugl"), 0);
	assert_int_equal(search_count(fx, "fuglebladet"), 2);
	assert_int_equal(search_count(fx, "fjellvåk"), 0);
	check(fx->db);

	/* indexed articles changed: out of the index, then on the backlog */
	add_item(&pf, "3", "Kongeørn", NULL, 3000, "<p>havørn</p>");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(db_index_pending(fx->db), 1);
	check(fx->db);		/* indexes the backlog, then verifies */
	assert_int_equal(db_index_pending(fx->db), 0);
	assert_int_equal(search_count(fx, "havørn"), 1);
	assert_int_equal(search_count(fx, "rovfugl"), 0);

	/* in slices, as the event loop indexes: each one committed */
	for (i = 0; i < 300; i++) {
		sql = xasprintf("n%d", i);
		add_item(&pf, sql, "Sildemåke", NULL, 4000 + i,
		    "<p>måkeskrik ved kaia</p>");
		free(sql);
	}
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(db_index_pending(fx->db), 300);
	slices = 0;
	do {
		assert_int_equal(db_index_backlog(fx->db, 1, &more, &cause),
		    STATUS_OK);
		slices++;
		assert_true(db_index_pending(fx->db) < 300);
	} while (more && slices < 1000);
	assert_false(more);
	assert_true(slices > 1);
	assert_int_equal(db_index_pending(fx->db), 0);
	check(fx->db);
	assert_int_equal(search_count(fx, "måkeskrik"), 300);
	feed_parsed_free(&pf);
}

/*
 * A feed stored in slices: each a committed transaction, oldest first;
 * db_store_left() says which items are not stored yet.
 */
static void
test_store_slices(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_store *ds;
	struct db_filter f;
	char id[32], title[32], *cause = NULL;
	int64_t total, unread;
	int i, done = 0, steps = 0;

	feed_parsed_init(&pf);
	for (i = 0; i < 600; i++) {
		snprintf(id, sizeof id, "id%d", i);
		snprintf(title, sizeof title, "Slice %d", i);
		add_item(&pf, id, title, NULL, 200000 - i * 60,
		    i == 599 ? "<p>oldest zebrafinch</p>" : "<p>body</p>");
	}
	ds = db_store_begin(fx->db, fx->feed, &pf);
	memset(&f, 0, sizeof f);
	while (!done) {
		if (db_store_step(ds, 1, &done, &cause) != STATUS_OK)
			fail_msg("step: %s", cause);
		steps++;
		/* what a step stored is there for every reader */
		assert_int_equal(db_items_count(fx->db, &f, &total, &unread,
		    &cause), STATUS_OK);
		assert_true(total > 0);
		if (steps == 1)
			assert_true(id_of(fx, "Slice 599") != 0);
		/* what is left is the items not stored, from the first */
		assert_int_equal(db_store_left(ds), 600 - total);
	}
	assert_int_equal(db_store_left(ds), 0);
	db_store_end(ds, &st);
	assert_true(steps > 1);
	assert_int_equal(st.added, 600);
	assert_int_equal(total, 600);
	f.view = DB_VIEW_SEARCH;
	f.search = "zebrafinch";
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 1);

	/* again: nothing changed, in one go (no budget) */
	ds = db_store_begin(fx->db, fx->feed, &pf);
	assert_int_equal(db_store_step(ds, 0, &done, &cause), STATUS_OK);
	assert_true(done);
	db_store_end(ds, &st);
	assert_int_equal(st.unchanged, 600);
	assert_int_equal(st.added, 0);
	feed_parsed_free(&pf);
	check(fx->db);
}

/*
 * A store batch: several feeds share one transaction, each still failing
 * alone; other connections see nothing until it commits, this one sees
 * it at once; any other write (marking read) commits it first.
 */
static void
test_store_batch(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_fetch_result r;
	struct db_feed feed;
	struct db_filter f;
	struct db *other;
	char *cause = NULL;
	int64_t total, unread, feed2;

	assert_int_equal(db_open(fx->path, 0, &other, &cause), STATUS_OK);
	assert_int_equal(db_feed_sync(fx->db, "http://example.org/two", NULL,
	    NULL, 0, &feed2, &cause), STATUS_OK);
	memset(&f, 0, sizeof f);
	assert_int_equal(db_batch_age(fx->db), -1);
	db_batch_begin(fx->db);
	feed_parsed_init(&pf);
	add_item(&pf, "a1", "Batched one", NULL, 1000, "<p>kvernstein</p>");
	store(fx, fx->feed, &pf, &st);
	assert_true(db_batch_age(fx->db) >= 0);
	memset(&r, 0, sizeof r);
	r.fetched_at = 100;
	r.http_status = 200;
	r.etag = "\"one\"";
	assert_int_equal(db_feed_record_fetch(fx->db, fx->feed, &r, &cause),
	    STATUS_OK);
	/* a feed that is not there stores nothing and keeps the batch */
	add_item(&pf, "z1", "Nowhere", NULL, 1000, "x");
	assert_int_equal(db_store_feed(fx->db, 999999, &pf, &st, &cause),
	    STATUS_NOT_FOUND);
	free(cause);
	cause = NULL;
	feed_parsed_free(&pf);
	feed_parsed_init(&pf);
	add_item(&pf, "b1", "Batched two", NULL, 2000, "<p>two</p>");
	store(fx, feed2, &pf, &st);

	/* this connection sees both, another one neither yet */
	assert_int_equal(db_items_count(fx->db, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2);
	assert_int_equal(db_items_count(other, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 0);

	/* marking read commits the batch first, then itself */
	assert_int_equal(db_items_set_read(fx->db, id_of(fx, "Batched two"),
	    1), STATUS_OK);
	assert_int_equal(db_batch_age(fx->db), -1);
	assert_int_equal(db_items_count(other, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2);
	assert_int_equal(unread, 1);
	assert_int_equal(db_feed_get(other, fx->feed, &feed), STATUS_OK);
	assert_string_equal(feed.etag, "\"one\"");
	db_feed_free(&feed);

	/* still batching: the next store opens a new batch; end commits */
	add_item(&pf, "a2", "Batched three", NULL, 3000, "x");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(db_items_count(other, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 2);
	assert_int_equal(db_batch_end(fx->db, &cause), STATUS_OK);
	assert_int_equal(db_batch_age(fx->db), -1);
	assert_int_equal(db_items_count(other, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 3);
	/* not batching any more: each store commits alone */
	add_item(&pf, "a3", "Alone", NULL, 4000, "x");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(db_batch_age(fx->db), -1);
	assert_int_equal(db_items_count(other, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 4);
	f.view = DB_VIEW_SEARCH;
	f.search = "kvernstein";
	assert_int_equal(db_items_count(other, &f, &total, &unread, &cause),
	    STATUS_OK);
	assert_int_equal(total, 1);
	db_close(other);
	check(fx->db);
}

/*
 * The checkpoint thread really checkpoints: with the cache still open,
 * the articles written to the log reach the database file.  (Its
 * connection once never read the file, did not know it was in WAL mode,
 * and every checkpoint did nothing: the log grew to gigabytes.)
 */
static void
test_checkpoints_run(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct stat sb;
	int waited;

	feed_parsed_init(&pf);
	/* 39 MB of bodies: past DB_CKPT_BYTES (32 MB) of log */
	add_big_items(&pf, "big", 6500);
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.added, 6500);
	for (waited = 0; waited < 5000; waited += 50) {
		assert_int_equal(stat(fx->path, &sb), 0);
		if (sb.st_size > 16 * 1024 * 1024)
			break;
		usleep(50 * 1000);
	}
	assert_true(sb.st_size > 16 * 1024 * 1024);
}

/* The bytes of a file (caller frees). */
static char *
read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t cap = 0, got;

	assert_non_null(f);
	*n = 0;
	do {
		if (*n == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			s = xrealloc(s, cap);
		}
		got = fread(s + *n, 1, cap - *n, f);
		*n += got;
	} while (got > 0);
	fclose(f);
	return s;
}

/* A second connection holding the write lock, as another tidende would. */
static sqlite3 *
lock_cache(const char *path)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);
	return h;
}

static void
get_state(struct fixture *fx, int64_t id, int *read, int *starred)
{
	struct db_item di;
	char *cause = NULL;

	assert_int_equal(db_items_get(fx->db, id, &di, &cause), STATUS_OK);
	*read = di.read;
	*starred = di.starred;
	db_items_item_free(&di);
}

/*
 * Interface writes never wait for a busy cache: queued at once, stored
 * by the loop's timer once the other writer lets go, in order.
 */
static void
test_queue_busy(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_filter f;
	sqlite3 *h;
	int64_t a, b, c, t0;
	uint64_t gen;
	char *cause = NULL;
	int queued, read, starred, i;

	loop_init();
	feed_parsed_init(&pf);
	add_item(&pf, "a", "Alpha", NULL, 1000, "x");
	add_item(&pf, "b", "Beta", NULL, 2000, "x");
	add_item(&pf, "c", "Gamma", NULL, 3000, "x");
	store(fx, fx->feed, &pf, &st);
	a = id_of(fx, "Alpha");
	b = id_of(fx, "Beta");
	c = id_of(fx, "Gamma");

	/* Not busy: stored at once, not queued. */
	assert_int_equal(db_queue_set_read(fx->db, c, 1, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 0);
	get_state(fx, c, &read, &starred);
	assert_int_equal(read, 1);
	assert_int_equal(db_queue_set_read(fx->db, c, 0, NULL, &cause),
	    STATUS_OK);

	h = lock_cache(fx->path);
	t0 = loop_now_ms();
	assert_int_equal(db_queue_set_read(fx->db, a, 1, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(db_queue_set_starred(fx->db, b, 1, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 1);
	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_FEED;
	f.feed_id = fx->feed;
	assert_int_equal(db_queue_mark_read(fx->db, &f, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 1);
	/* SQLite's busy wait alone is 10 s, the old retry 60 s more. */
	assert_true(loop_now_ms() - t0 < 2000);
	assert_int_equal(db_queue_pending(fx->db), 3);
	/* Still busy: nothing stored, nothing lost. */
	assert_int_equal(db_queue_retry(fx->db), 3);
	get_state(fx, a, &read, &starred);
	assert_int_equal(read, 0);
	get_state(fx, b, &read, &starred);
	assert_int_equal(starred, 0);
	assert_null(db_queue_error(fx->db));

	gen = db_generation(fx->db);
	assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	/* The timer stores them: wait for it, a pass at a time. */
	for (i = 0; i < 100 && db_queue_pending(fx->db) > 0; i++)
		loop_once(DB_QUEUE_RETRY_MS);
	assert_int_equal(db_queue_pending(fx->db), 0);
	get_state(fx, a, &read, &starred);
	assert_int_equal(read, 1);
	get_state(fx, b, &read, &starred);
	assert_int_equal(read, 1);
	assert_int_equal(starred, 1);
	get_state(fx, c, &read, &starred);
	assert_int_equal(read, 1);
	assert_true(db_generation(fx->db) != gen);
	assert_null(db_queue_error(fx->db));
	check(fx->db);
	loop_free();
}

/* Closing the cache stores what is still queued. */
static void
test_queue_close(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	sqlite3 *h;
	int64_t a;
	char *cause = NULL;
	int queued, read, starred;

	loop_init();
	feed_parsed_init(&pf);
	add_item(&pf, "a", "Alpha", NULL, 1000, "x");
	store(fx, fx->feed, &pf, &st);
	a = id_of(fx, "Alpha");
	h = lock_cache(fx->path);
	assert_int_equal(db_queue_set_starred(fx->db, a, 1, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	db_close(fx->db);
	assert_int_equal(db_open(fx->path, 0, &fx->db, &cause), STATUS_OK);
	get_state(fx, a, &read, &starred);
	assert_int_equal(starred, 1);
	loop_free();
}

/* A write that fails for good says why and changes nothing. */
static void
test_queue_failure(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	sqlite3 *h;
	int64_t a;
	uint64_t gen;
	char *cause = NULL, *err;
	int queued, read, starred;

	loop_init();
	feed_parsed_init(&pf);
	add_item(&pf, "a", "Alpha", NULL, 1000, "x");
	store(fx, fx->feed, &pf, &st);
	a = id_of(fx, "Alpha");

	/* Another writer that refuses every change of `read`. */
	h = lock_cache(fx->path);
	assert_int_equal(sqlite3_exec(h, "CREATE TRIGGER refuse BEFORE "
	    "UPDATE OF read ON items BEGIN SELECT RAISE(ABORT, 'refused'); "
	    "END", NULL, NULL, NULL), SQLITE_OK);
	/* While it holds the lock: queued. */
	assert_int_equal(db_queue_set_read(fx->db, a, 1, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 1);
	gen = db_generation(fx->db);
	assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	/* Retried: fails for good, dropped, and the reason is kept. */
	assert_int_equal(db_queue_retry(fx->db), 0);
	err = db_queue_error(fx->db);
	assert_non_null(err);
	assert_non_null(strstr(err, "refused"));
	free(err);
	assert_null(db_queue_error(fx->db));
	assert_true(db_generation(fx->db) != gen);
	get_state(fx, a, &read, &starred);
	assert_int_equal(read, 0);

	/* Not busy: the call itself fails, nothing is queued. */
	assert_int_equal(db_queue_set_read(fx->db, a, 1, &queued, &cause),
	    STATUS_DB);
	assert_int_equal(queued, 0);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "refused"));
	free(cause);
	assert_int_equal(db_queue_pending(fx->db), 0);
	get_state(fx, a, &read, &starred);
	assert_int_equal(read, 0);
	sqlite3_close(h);
	loop_free();
}

/*
 * The interface's translations and full texts never wait either: queued
 * while another process holds the lock, read back from the queue
 * meanwhile, capped, stored in order once the lock is let go.
 */
static void
test_queue_texts(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_fulltext ft, got;
	struct db_item di;
	sqlite3 *h;
	int64_t a, b, c, ids[2], t0;
	char *cause = NULL, *text = NULL, *err, *big;
	char *texts[2] = { (char *)"ALFA", (char *)"BETA" };
	int queued, i;
	size_t n;

	loop_init();
	feed_parsed_init(&pf);
	add_item(&pf, "a", "Alpha", "https://a.example/a", 1000, "x");
	add_item(&pf, "b", "Beta", "https://a.example/b", 2000, "x");
	add_item(&pf, "c", "Gamma", "https://a.example/c", 3000, "x");
	store(fx, fx->feed, &pf, &st);
	a = id_of(fx, "Alpha");
	b = id_of(fx, "Beta");
	c = id_of(fx, "Gamma");
	ids[0] = a;
	ids[1] = b;
	memset(&ft, 0, sizeof ft);
	ft.url = (char *)"https://a.example/a";
	ft.html = (char *)"<p>Hele artikkelen om en vindturbin.</p>";

	db_queue_set_texts(fx->db, 1);
	/* Not busy: stored at once. */
	assert_int_equal(db_queue_translations(fx->db, "title:tr", ids, texts,
	    2, &queued, &cause), STATUS_OK);
	assert_int_equal(queued, 0);
	assert_int_equal(db_translate_get(fx->db, b, "title:tr", &text),
	    STATUS_OK);
	assert_string_equal(text, "BETA");
	free(text);

	h = lock_cache(fx->path);
	t0 = loop_now_ms();
	assert_int_equal(db_queue_translations(fx->db, "tr", &c, texts, 1,
	    &queued, &cause), STATUS_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(db_queue_fulltext(fx->db, a, &ft, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 1);
	assert_true(loop_now_ms() - t0 < 2000);
	assert_int_equal(db_queue_pending(fx->db), 2);
	/* Read back from the queue while they wait. */
	assert_int_equal(db_translate_get(fx->db, c, "tr", &text), STATUS_OK);
	assert_string_equal(text, "ALFA");
	free(text);
	assert_int_equal(db_translate_get(fx->db, c, "other", &text),
	    STATUS_NOT_FOUND);
	free(text);
	assert_int_equal(db_fulltext_get(fx->db, a, &got, &cause), STATUS_OK);
	assert_string_equal(got.html, ft.html);
	db_fulltext_free(&got);
	assert_int_equal(db_items_get(fx->db, a, &di, &cause), STATUS_OK);
	assert_string_equal(di.fulltext, ft.html);
	db_items_item_free(&di);
	/* A full text waiting drops the article's translations with it. */
	assert_int_equal(db_queue_translations(fx->db, "tr", &a, texts, 1,
	    NULL, &cause), STATUS_OK);
	assert_int_equal(db_queue_fulltext(fx->db, a, &ft, NULL, &cause),
	    STATUS_OK);
	assert_int_equal(db_translate_get(fx->db, a, "tr", &text),
	    STATUS_NOT_FOUND);
	free(text);

	/* Capped by count: the next is refused, saying why. */
	for (n = db_queue_pending(fx->db); n < DB_QUEUE_MAX_TEXTS; n++)
		assert_int_equal(db_queue_translations(fx->db, "tr", &b,
		    texts, 1, NULL, &cause), STATUS_OK);
	assert_int_equal(db_queue_translations(fx->db, "tr", &b, texts, 1,
	    &queued, &cause), STATUS_DB);
	assert_int_equal(queued, 0);
	assert_non_null(strstr(cause, "are waiting: not stored"));
	free(cause);
	cause = NULL;
	/* Keys still have room. */
	assert_int_equal(db_queue_set_read(fx->db, b, 1, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 1);
	/* Nobody to tell (a refresh's full text): kept for the status line. */
	assert_int_equal(db_queue_fulltext(fx->db, b, &ft, NULL, NULL),
	    STATUS_DB);
	err = db_queue_error(fx->db);
	assert_non_null(err);
	assert_non_null(strstr(err, "not stored"));
	free(err);
	assert_int_equal(db_queue_pending(fx->db), DB_QUEUE_MAX_TEXTS + 1);

	/* Let go: stored in order, the queue empty. */
	assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	for (i = 0; i < 100 && db_queue_pending(fx->db) > 0; i++)
		loop_once(DB_QUEUE_RETRY_MS);
	assert_int_equal(db_queue_pending(fx->db), 0);
	assert_null(db_queue_error(fx->db));
	assert_int_equal(db_translate_get(fx->db, c, "tr", &text), STATUS_OK);
	assert_string_equal(text, "ALFA");
	free(text);
	/* (the full text after it dropped a's translation) */
	assert_int_equal(db_translate_get(fx->db, a, "tr", &text),
	    STATUS_NOT_FOUND);
	free(text);
	assert_int_equal(db_fulltext_get(fx->db, a, &got, &cause), STATUS_OK);
	assert_string_equal(got.html, ft.html);
	db_fulltext_free(&got);
	check(fx->db);
	search_titles_are(fx, "vindturbin", "Alpha");

	/* Capped by bytes: one text over what is left is refused. */
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	big = xmalloc(DB_QUEUE_MAX_BYTES / 2 + 1);
	memset(big, 'x', DB_QUEUE_MAX_BYTES / 2);
	big[DB_QUEUE_MAX_BYTES / 2] = '\0';
	assert_int_equal(db_queue_translations(fx->db, "tr", &b, &big, 1,
	    &queued, &cause), STATUS_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(db_queue_translations(fx->db, "tr", &c, &big, 1,
	    &queued, &cause), STATUS_DB);
	assert_non_null(strstr(cause, "KB"));
	free(cause);
	cause = NULL;
	/* At quit, what stayed busy is said, per kind. */
	assert_int_equal(db_queue_fulltext(fx->db, c, &ft, NULL, &cause),
	    STATUS_OK);
	assert_int_equal(db_queue_flush(fx->db, 0, &cause), 2);
	assert_non_null(strstr(cause, "1 translation was not kept"));
	assert_non_null(strstr(cause, "1 full text was not stored"));
	assert_null(strstr(cause, "read or starred"));
	free(cause);
	free(big);
	assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	loop_free();
}

/*
 * Queued on the interface's connection, a full text commits the open
 * store batch first, as every write does, without waiting: the batch
 * holds the write lock, so no other process can.
 */
static void
test_queue_texts_batch(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_fulltext ft;
	sqlite3 *h;
	int64_t a;
	char *cause = NULL;
	int queued, rc;

	loop_init();
	db_queue_set_texts(fx->db, 1);
	feed_parsed_init(&pf);
	add_item(&pf, "a", "Alpha", "https://a.example/a", 1000, "x");
	db_batch_begin(fx->db);
	store(fx, fx->feed, &pf, &st);
	assert_true(db_batch_age(fx->db) >= 0);
	a = id_of(fx, "Alpha");
	memset(&ft, 0, sizeof ft);
	ft.url = (char *)"https://a.example/a";
	ft.html = (char *)"<p>Om solcellepanel.</p>";
	assert_int_equal(db_queue_fulltext(fx->db, a, &ft, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 0);
	assert_int_equal(db_batch_age(fx->db), -1);
	/* both committed: another connection sees them */
	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "SELECT 1 FROM fulltext JOIN items "
	    "ON items.id = fulltext.item_id", NULL, NULL, NULL), SQLITE_OK);
	{
		sqlite3_stmt *q;

		assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM "
		    "fulltext", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		rc = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		assert_int_equal(rc, 1);
	}
	sqlite3_close(h);
	assert_int_equal(db_batch_end(fx->db, &cause), STATUS_OK);
	loop_free();
}

/*
 * A full text waiting in the queue is not in the table, so not in the
 * search index either: a store that indexes as it goes (an ignore rule
 * that searches) must take the table's, or the index no longer matches
 * the articles.
 */
static void
test_queue_texts_index(void **state)
{
	struct fixture *fx = *state;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct db_fulltext ft;
	sqlite3 *h;
	int64_t a;
	char *cause = NULL;
	char sponsored[] = "sponsored";
	char *ign[] = { sponsored };
	int queued, i;

	loop_init();
	db_queue_set_texts(fx->db, 1);
	assert_int_equal(db_retain_set_ignores(fx->db, ign, 1, &cause),
	    STATUS_OK);
	feed_parsed_init(&pf);
	add_item(&pf, "a", "Alpha", "https://a.example/a", 1000, "first");
	store(fx, fx->feed, &pf, &st);
	a = id_of(fx, "Alpha");
	memset(&ft, 0, sizeof ft);
	ft.url = (char *)"https://a.example/a";
	ft.html = (char *)"<p>Om solcellepanel.</p>";
	h = lock_cache(fx->path);
	assert_int_equal(db_queue_fulltext(fx->db, a, &ft, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	/* the feed changes the article before the queue's timer runs */
	add_item(&pf, "a", "Alpha", "https://a.example/a", 1000, "second");
	store(fx, fx->feed, &pf, &st);
	assert_int_equal(st.updated, 1);
	check(fx->db);
	for (i = 0; i < 100 && db_queue_pending(fx->db) > 0; i++)
		loop_once(DB_QUEUE_RETRY_MS);
	assert_int_equal(db_queue_pending(fx->db), 0);
	check(fx->db);
	search_titles_are(fx, "solcellepanel", "Alpha");
	assert_int_equal(db_retain_set_ignores(fx->db, NULL, 0, &cause),
	    STATUS_OK);
	loop_free();
}

/*
 * A schema version this build does not know is damage: refused with the
 * damage message, the file untouched (a negative one read outside the
 * migrations table: SIGSEGV at -1000).
 */
static void
test_unknown_version(void **state)
{
	struct fixture *fx = *state;
	static const int versions[] = { -1000, -2, -1, 99 };
	struct db *db;
	sqlite3 *h;
	char *path, *sql, *cause = NULL, *before, *after;
	size_t i, n1, n2;

	path = xasprintf("%s/other.db", fx->dir);
	for (i = 0; i < sizeof versions / sizeof versions[0]; i++) {
		assert_int_equal(db_open(path, 0, &db, &cause), STATUS_OK);
		db_close(db);
		assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
		sql = xasprintf("PRAGMA user_version = %d", versions[i]);
		assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL),
		    SQLITE_OK);
		free(sql);
		sqlite3_close(h);
		before = read_file(path, &n1);
		assert_int_equal(db_open(path, 0, &db, &cause), STATUS_DB);
		assert_non_null(strstr(cause, path));
		assert_non_null(strstr(cause, "the cache is damaged"));
		assert_non_null(strstr(cause, "move it aside"));
		free(cause);
		assert_int_equal(db_open(path, DB_READONLY, &db, &cause),
		    STATUS_DB);
		free(cause);
		after = read_file(path, &n2);
		assert_int_equal(n1, n2);
		assert_memory_equal(before, after, n1);
		free(before);
		free(after);
		unlink(path);
	}
	free(path);
}


/*
 * Two processes making a new cache at once both succeed, at every point
 * the other one can finish first.  The connection under test is traced
 * (an auto-extension arms sqlite3_trace_v2 on it): before its Nth
 * statement, when it holds no transaction, another open makes the whole
 * cache and closes it.  Version and tables read by two statements (the
 * race fixed in 6d8a8e9) fail here at N = 2 with "not a tidende cache";
 * migrating from the version read before the write transaction began
 * fails at N = 11 with "table feeds already exists"; every run.
 */
static struct {
	int		 armed;		/* trace the next connection opened */
	sqlite3		*target;
	int		 stmts;		/* statements the target has begun */
	int		 at;		/* the other open runs before this one */
	int		 done;		/* ... and ran */
	const char	*path;
	enum status	 other;
	char		*other_cause;
} race;

static int
race_trace(unsigned type, void *ctx, void *p, void *x)
{
	sqlite3_stmt *st;
	struct db *db;

	(void)type; (void)ctx;
	/* "--": a trigger's or a virtual table's, inside another */
	if (race.done || strncmp(x, "--", 2) == 0 || ++race.stmts < race.at)
		return 0;
	/* Holding a lock (a transaction, another statement running), the
	 * other open would wait for us: wait for a point without. */
	if (!sqlite3_get_autocommit(race.target))
		return 0;
	for (st = sqlite3_next_stmt(race.target, NULL); st != NULL;
	    st = sqlite3_next_stmt(race.target, st))
		if (st != p && sqlite3_stmt_busy(st))
			return 0;
	race.done = 1;
	race.other = db_open(race.path, 0, &db, &race.other_cause);
	db_close(db);
	return 0;
}

static int
race_ext(sqlite3 *h, char **err, const void *api)
{
	(void)err; (void)api;
	if (race.armed) {
		race.armed = 0;
		race.target = h;
		sqlite3_trace_v2(h, SQLITE_TRACE_STMT, race_trace, NULL);
	}
	return SQLITE_OK;
}

static void
test_open_race(void **state)
{
	struct fixture *fx = *state;
	struct db *db, *again;
	char *cause = NULL, *path;
	sqlite3 *h;
	sqlite3_stmt *st;
	int at, ran = 0;

	assert_int_equal(sqlite3_auto_extension((void (*)(void))race_ext),
	    SQLITE_OK);
	for (at = 1; at < 100; at++) {
		path = xasprintf("%s/race-%d.db", fx->dir, at);
		memset(&race, 0, sizeof race);
		race.armed = 1;
		race.at = at;
		race.path = path;
		cause = NULL;
		if (db_open(path, 0, &db, &cause) != STATUS_OK)
			fail_msg("other open first before statement %d: %s", at,
			    cause);
		race.target = NULL;
		if (!race.done) {	/* the open had fewer statements */
			db_close(db);
			unlink(path);
			free(path);
			break;
		}
		ran++;
		if (race.other != STATUS_OK)
			fail_msg("the other open, before statement %d: %s", at,
			    race.other_cause);
		/* One cache, whole, that opens again. */
		db_close(db);
		assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA user_version",
		    -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0),
		    db_schema_version());
		sqlite3_finalize(st);
		sqlite3_close(h);
		assert_int_equal(db_open(path, 0, &again, &cause), STATUS_OK);
		db_close(again);
		free(path);
	}
	sqlite3_cancel_auto_extension((void (*)(void))race_ext);
	/* It ran at several points, the first statements included. */
	assert_true(ran >= 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store_legacy_hash, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_update_keeps_state,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_item_fields_round_trip,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_first_fetch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_dedupe_fallback, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pagination, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_counts_and_tags, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_many, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_search_dates, setup,
		    teardown),
		cmocka_unit_test(test_html_text),
		cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_gives_back, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_batch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_checkpoints_run, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fulltext, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v1, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_damaged_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_keep_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generation_other_writer,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_record_fetch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_slices, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_queue_busy, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_queue_failure, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_queue_close, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_queue_texts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_queue_texts_batch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_queue_texts_index, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_version, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_open_race, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_index_backlog, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
