/*
 * Unit tests for the store's side of sync (tidende/db-sync.h): every
 * path that changes read or starred queues the change in the same
 * transaction (a failed change leaves no queue row; a key's write that
 * waits out another process's lock queues when stored; another
 * connection queues too), coalescing per
 * article and field, acknowledged / failed / dropped changes and the seq
 * rule, reconciling with a waiting change winning, storing and mapping
 * server articles with counts, accounts, server feeds kept, deleted and
 * left to the config's `feed` lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db-queue.h"
#include "tidende/db-retain.h"
#include "tidende/db-store.h"
#include "tidende/db-sync.h"
#include "tidende/db.h"
#include "tidende/feed.h"
#include "tidende/loop.h"
#include "tidende/xmalloc.h"

#define SERVER	"http://127.0.0.1:1/tt-rss/"
#define LOCAL	"http://example.org/local"

struct fixture {
	char		 dir[64];
	char		*path;
	struct db	*db;
	int64_t		 local;		/* a configured feed */
	int64_t		 account;
	int64_t		 feed;		/* server feed "7" */
	int64_t		 item[3];	/* its articles "101", "102", "103" */
};

static void
add_item(struct parsed_feed *pf, const char *id, const char *title)
{
	struct item it;

	feed_item_init(&it);
	it.id = xstrdup(id);
	it.title = xstrdup(title);
	it.link = xasprintf("http://example.org/%s", id);
	it.published = 1700000000 + atoi(id);
	it.content = xasprintf("<p>body of %s</p>", title);
	feed_parsed_add_item(pf, &it);
}

/* The cache's id of an article by its guid. */
static int64_t
item_id(struct fixture *fx, const char *guid)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t id = 0;

	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT id FROM items WHERE "
	    "guid = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, guid, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return id;
}

/* Run SQL on a connection of its own (another process would). */
static void
sql(struct fixture *fx, const char *text)
{
	sqlite3 *h;
	char *err = NULL;

	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_exec(h, text, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", text, err);
	sqlite3_close(h);
}

static int64_t
sql_int(struct fixture *fx, const char *text)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, text, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void
item_state(struct fixture *fx, int64_t id, int *read, int *starred)
{
	struct db_item di;
	char *cause = NULL;

	assert_int_equal(db_items_get(fx->db, id, &di, &cause), STATUS_OK);
	*read = di.read;
	*starred = di.starred;
	db_items_item_free(&di);
}

static void
store3(struct fixture *fx, const int *unread, const int *starred,
    size_t *added)
{
	struct parsed_feed pf;
	char a[] = "101", b[] = "102", c[] = "103";
	char *ids[] = { a, b, c }, *cause = NULL;

	feed_parsed_init(&pf);
	add_item(&pf, "101", "First server article");
	add_item(&pf, "102", "Second server article");
	add_item(&pf, "103", "Third server article");
	if (db_sync_store(fx->db, fx->account, fx->feed, &pf, ids, unread,
	    starred, added, &cause) != STATUS_OK)
		fail_msg("store: %s", cause);
	feed_parsed_free(&pf);
}

static int
setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof *fx);
	struct db_sync_account a;
	struct parsed_feed pf;
	char *cause = NULL;
	int unread[3] = { 1, 1, 1 }, starred[3] = { 0, 0, 0 };
	size_t added;

	snprintf(fx->dir, sizeof fx->dir, "/tmp/tidende-sync-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	fx->path = xasprintf("%s/cache.db", fx->dir);
	if (db_open(fx->path, 0, &fx->db, &cause) != STATUS_OK ||
	    db_feed_sync(fx->db, LOCAL, NULL, NULL, 0, &fx->local,
	    &cause) != STATUS_OK ||
	    db_sync_account(fx->db, "ttrss", SERVER, "alice", &a, &cause) !=
	    STATUS_OK) {
		fprintf(stderr, "%s\n", cause);
		return -1;
	}
	fx->account = a.id;
	db_sync_account_free(&a);
	if (db_sync_feed(fx->db, fx->account, "7", "http://[::1]/seven.xml",
	    "Seven", "News", &fx->feed, &cause) != STATUS_OK ||
	    fx->feed == 0) {
		fprintf(stderr, "feed: %s\n", cause);
		return -1;
	}
	*state = fx;
	store3(fx, unread, starred, &added);
	if (added != 3)
		return -1;
	fx->item[0] = item_id(fx, "101");
	fx->item[1] = item_id(fx, "102");
	fx->item[2] = item_id(fx, "103");
	/* an article of the local feed, with no server id */
	feed_parsed_init(&pf);
	add_item(&pf, "local-1", "A local article");
	if (db_store_feed(fx->db, fx->local, &pf, NULL, &cause) != STATUS_OK)
		return -1;
	feed_parsed_free(&pf);
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
changes(struct fixture *fx, struct db_sync_change **c, size_t *n)
{
	char *cause = NULL;

	if (db_sync_changes(fx->db, fx->account, 100, c, n, &cause) !=
	    STATUS_OK)
		fail_msg("changes: %s", cause);
}

/* ------------------------------------------------------------- tests */

static void
test_account(void **state)
{
	struct fixture *fx = *state;
	struct db_sync_account a;
	char *cause = NULL;

	assert_int_equal(db_sync_account_find(fx->db, "ttrss", SERVER, "bob",
	    &a, &cause), STATUS_NOT_FOUND);
	free(cause);
	cause = NULL;
	assert_int_equal(db_sync_account_find(fx->db, "ttrss", SERVER,
	    "alice", &a, &cause), STATUS_OK);
	assert_int_equal(a.id, fx->account);
	assert_int_equal(a.last_sync, 0);
	assert_null(a.last_error);
	assert_null(a.cursor);
	db_sync_account_free(&a);
	assert_int_equal(db_sync_account_update(fx->db, fx->account, 1234,
	    "server said \x1b[31mno", "500", &cause), STATUS_OK);
	/* 0 keeps last_sync, NULL keeps the cursor, NULL clears the error */
	assert_int_equal(db_sync_account_update(fx->db, fx->account, 0,
	    "later", NULL, &cause), STATUS_OK);
	assert_int_equal(db_sync_account(fx->db, "ttrss", SERVER, "alice",
	    &a, &cause), STATUS_OK);
	assert_int_equal(a.id, fx->account);
	assert_int_equal(a.last_sync, 1234);
	assert_string_equal(a.last_error, "later");
	assert_string_equal(a.cursor, "500");
	db_sync_account_free(&a);
	assert_int_equal(db_sync_account_update(fx->db, fx->account, 0,
	    "server said \x1b[31mno", NULL, &cause), STATUS_OK);
	assert_int_equal(db_sync_account(fx->db, "ttrss", SERVER, "alice",
	    &a, &cause), STATUS_OK);
	/* the escape sequence from the server is gone */
	assert_null(strchr(a.last_error, '\x1b'));
	db_sync_account_free(&a);
	assert_int_equal(db_sync_account_update(fx->db, fx->account, 0,
	    NULL, NULL, &cause), STATUS_OK);
	assert_int_equal(db_sync_account(fx->db, "ttrss", SERVER, "alice",
	    &a, &cause), STATUS_OK);
	assert_null(a.last_error);
	db_sync_account_free(&a);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM sync_account"), 1);
}

/* Storing the server's state queues nothing; every local path does. */
static void
test_queue_every_path(void **state)
{
	struct fixture *fx = *state;
	struct db_sync_change *c;
	struct db_filter f;
	char *cause = NULL;
	size_t n;
	int queued;

	assert_int_equal(db_sync_pending(fx->db, fx->account), 0);
	assert_int_equal(db_items_set_read(fx->db, fx->item[0], 1),
	    STATUS_OK);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 1);
	assert_int_equal(db_items_set_starred(fx->db, fx->item[0], 1),
	    STATUS_OK);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 2);
	/* the never-waiting writes of the interface */
	assert_int_equal(db_queue_set_read(fx->db, fx->item[1], 1, &queued,
	    &cause), STATUS_OK);
	assert_int_equal(queued, 0);
	assert_int_equal(db_queue_set_starred(fx->db, fx->item[1], 1,
	    &queued, &cause), STATUS_OK);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 4);
	/* a local article has no server id: nothing queued */
	assert_int_equal(db_items_set_read(fx->db, item_id(fx, "local-1"), 1),
	    STATUS_OK);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 4);
	/* a change to the same state is no change */
	assert_int_equal(db_items_set_read(fx->db, fx->item[0], 1),
	    STATUS_OK);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 4);
	/* mark all read: one change per article it changed */
	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_FEED;
	f.feed_id = fx->feed;
	assert_int_equal(db_queue_mark_read(fx->db, &f, &queued, &cause),
	    STATUS_OK);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 5);
	changes(fx, &c, &n);
	assert_int_equal(n, 5);
	assert_string_equal(c[0].server_id, "101");
	assert_int_equal(c[0].op, DB_SYNC_READ);
	assert_int_equal(c[0].item_id, fx->item[0]);
	assert_int_equal(c[1].op, DB_SYNC_STAR);
	assert_string_equal(c[2].server_id, "102");
	assert_int_equal(c[2].op, DB_SYNC_READ);
	assert_int_equal(c[3].op, DB_SYNC_STAR);
	assert_string_equal(c[4].server_id, "103");
	assert_int_equal(c[4].op, DB_SYNC_READ);
	assert_true(c[0].seq < c[1].seq && c[3].seq < c[4].seq);
	assert_int_equal(c[0].tries, 0);
	db_sync_changes_free(c, n);
	/* max */
	assert_int_equal(db_sync_changes(fx->db, fx->account, 2, &c, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 2);
	db_sync_changes_free(c, n);
	/* another account has none */
	assert_int_equal(db_sync_pending(fx->db, fx->account + 1), 0);
}

/*
 * While another process holds the write lock, a key's change waits in
 * memory with no queue row; stored by the retry timer, it queues then.
 * A second connection (another tidende) queues as well.
 */
static void
test_queue_busy_and_other_process(void **state)
{
	struct fixture *fx = *state;
	struct db *other;
	sqlite3 *h;
	char *cause = NULL;
	int queued, i;

	loop_init();
	assert_int_equal(sqlite3_open(fx->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(db_queue_set_read(fx->db, fx->item[0], 1, &queued,
	    &cause), STATUS_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 0);
	assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	for (i = 0; i < 100 && db_queue_pending(fx->db) > 0; i++)
		loop_once(DB_QUEUE_RETRY_MS);
	assert_int_equal(db_queue_pending(fx->db), 0);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 1);
	loop_free();

	assert_int_equal(db_open(fx->path, 0, &other, &cause), STATUS_OK);
	assert_int_equal(db_items_set_starred(other, fx->item[1], 1),
	    STATUS_OK);
	db_close(other);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 2);
}

/* A change that fails writes no queue row, and the queue row no change. */
static void
test_queue_same_transaction(void **state)
{
	struct fixture *fx = *state;
	struct db_filter f;
	char *cause = NULL;
	int read, starred, queued;

	/* the queue row's insert fails: the change must not stay either */
	sql(fx, "CREATE TRIGGER boom AFTER INSERT ON sync_ops BEGIN "
	    "SELECT RAISE(ABORT, 'boom'); END");
	assert_int_not_equal(db_items_set_read(fx->db, fx->item[0], 1),
	    STATUS_OK);
	assert_int_not_equal(db_items_set_starred(fx->db, fx->item[0], 1),
	    STATUS_OK);
	assert_int_not_equal(db_queue_set_read(fx->db, fx->item[1], 1,
	    &queued, &cause), STATUS_OK);
	free(cause);
	cause = NULL;
	memset(&f, 0, sizeof f);
	assert_int_not_equal(db_items_mark_read(fx->db, &f, &cause),
	    STATUS_OK);
	free(cause);
	cause = NULL;
	item_state(fx, fx->item[0], &read, &starred);
	assert_int_equal(read, 0);
	assert_int_equal(starred, 0);
	item_state(fx, fx->item[1], &read, &starred);
	assert_int_equal(read, 0);
	/* mark all read rolled back the local article too */
	item_state(fx, item_id(fx, "local-1"), &read, &starred);
	assert_int_equal(read, 0);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 0);
	sql(fx, "DROP TRIGGER boom");
	/* the change itself fails (triggers run newest first): no row */
	sql(fx, "CREATE TRIGGER boom AFTER UPDATE OF read ON items BEGIN "
	    "SELECT RAISE(ABORT, 'boom'); END");
	assert_int_not_equal(db_items_set_read(fx->db, fx->item[2], 1),
	    STATUS_OK);
	sql(fx, "DROP TRIGGER boom");
	assert_int_equal(db_sync_pending(fx->db, fx->account), 0);
	item_state(fx, fx->item[2], &read, &starred);
	assert_int_equal(read, 0);
	assert_int_equal(db_items_set_read(fx->db, fx->item[2], 1),
	    STATUS_OK);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 1);
}

/* Read then unread leaves one `unread` with a new seq. */
static void
test_coalesce(void **state)
{
	struct fixture *fx = *state;
	struct db_sync_change *c;
	int64_t first;
	size_t n;

	assert_int_equal(db_items_set_read(fx->db, fx->item[0], 1),
	    STATUS_OK);
	changes(fx, &c, &n);
	assert_int_equal(n, 1);
	first = c[0].seq;
	db_sync_changes_free(c, n);
	assert_int_equal(db_items_set_read(fx->db, fx->item[0], 0),
	    STATUS_OK);
	assert_int_equal(db_items_set_starred(fx->db, fx->item[0], 1),
	    STATUS_OK);
	assert_int_equal(db_items_set_starred(fx->db, fx->item[0], 0),
	    STATUS_OK);
	changes(fx, &c, &n);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].op, DB_SYNC_UNREAD);
	assert_true(c[0].seq > first);
	assert_int_equal(c[1].op, DB_SYNC_UNSTAR);
	db_sync_changes_free(c, n);
}

/* Done deletes unless the change was replaced meanwhile; failed; drop. */
static void
test_done_failed_drop(void **state)
{
	struct fixture *fx = *state;
	struct db_sync_change *c;
	char *cause = NULL;
	int64_t seq[2];
	size_t n;

	assert_int_equal(db_items_set_read(fx->db, fx->item[0], 1),
	    STATUS_OK);
	assert_int_equal(db_items_set_read(fx->db, fx->item[1], 1),
	    STATUS_OK);
	changes(fx, &c, &n);
	assert_int_equal(n, 2);
	seq[0] = c[0].seq;
	seq[1] = c[1].seq;
	db_sync_changes_free(c, n);
	/*
	 * Sent; meanwhile the user marks the newest one unread again (its
	 * new seq must not be the one just freed).
	 */
	assert_int_equal(db_items_set_read(fx->db, fx->item[1], 0),
	    STATUS_OK);
	assert_int_equal(db_sync_changes_done(fx->db, seq, 2, &cause),
	    STATUS_OK);
	changes(fx, &c, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].item_id, fx->item[1]);
	assert_int_equal(c[0].op, DB_SYNC_UNREAD);
	seq[0] = c[0].seq;
	db_sync_changes_free(c, n);
	/* a failed try: kept, tries + 1, the error cleaned */
	assert_int_equal(db_sync_changes_failed(fx->db, seq, 1,
	    "HTTP 500\x1b]0;x\x07", 0, &cause), STATUS_OK);
	assert_int_equal(db_sync_changes_failed(fx->db, seq, 1, "again", 0,
	    &cause), STATUS_OK);
	changes(fx, &c, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].tries, 2);
	assert_int_equal(c[0].seq, seq[0]);
	db_sync_changes_free(c, n);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM sync_ops WHERE "
	    "last_error = 'again'"), 1);
	/* rejected for good: dropped */
	assert_int_equal(db_sync_changes_failed(fx->db, seq, 1, "gone", 1,
	    &cause), STATUS_OK);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 0);
	/* the article keeps its local state */
	assert_int_equal(db_sync_changes_done(fx->db, NULL, 0, &cause),
	    STATUS_OK);
}

/* The server's sets win, except where a change still waits. */
static void
test_reconcile(void **state)
{
	struct fixture *fx = *state;
	char a[] = "101", b[] = "102", c[] = "103", z[] = "999";
	char *unread1[] = { a, c, z };
	char *unread2[] = { a, b, c };
	char *star[] = { b };
	struct db_sync_change *ch;
	size_t changed, n;
	char *cause = NULL;
	int read, starred;

	assert_int_equal(db_sync_reconcile(fx->db, fx->account,
	    DB_SYNC_FIELD_UNREAD, unread1, 3, &changed, &cause), STATUS_OK);
	assert_int_equal(changed, 1);
	item_state(fx, fx->item[1], &read, &starred);
	assert_int_equal(read, 1);
	item_state(fx, fx->item[0], &read, &starred);
	assert_int_equal(read, 0);
	/* the server's state is not a local change */
	assert_int_equal(db_sync_pending(fx->db, fx->account), 0);
	/* a local change waits: it beats the server's set */
	assert_int_equal(db_items_set_read(fx->db, fx->item[0], 1),
	    STATUS_OK);
	assert_int_equal(db_sync_reconcile(fx->db, fx->account,
	    DB_SYNC_FIELD_UNREAD, unread2, 3, &changed, &cause), STATUS_OK);
	assert_int_equal(changed, 1);
	item_state(fx, fx->item[0], &read, &starred);
	assert_int_equal(read, 1);
	item_state(fx, fx->item[1], &read, &starred);
	assert_int_equal(read, 0);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 1);
	/* stars: set and cleared; an empty set clears every one */
	assert_int_equal(db_sync_reconcile(fx->db, fx->account,
	    DB_SYNC_FIELD_STARRED, star, 1, &changed, &cause), STATUS_OK);
	assert_int_equal(changed, 1);
	item_state(fx, fx->item[1], &read, &starred);
	assert_int_equal(starred, 1);
	assert_int_equal(db_sync_reconcile(fx->db, fx->account,
	    DB_SYNC_FIELD_STARRED, NULL, 0, &changed, &cause), STATUS_OK);
	assert_int_equal(changed, 1);
	item_state(fx, fx->item[1], &read, &starred);
	assert_int_equal(starred, 0);
	/* once acknowledged, the server wins */
	changes(fx, &ch, &n);
	assert_int_equal(n, 1);
	assert_int_equal(db_sync_changes_done(fx->db, &ch[0].seq, 1, &cause),
	    STATUS_OK);
	db_sync_changes_free(ch, n);
	assert_int_equal(db_sync_reconcile(fx->db, fx->account,
	    DB_SYNC_FIELD_UNREAD, unread2, 3, &changed, &cause), STATUS_OK);
	assert_int_equal(changed, 1);
	item_state(fx, fx->item[0], &read, &starred);
	assert_int_equal(read, 0);
	/* the local article is not the server's to change */
	item_state(fx, item_id(fx, "local-1"), &read, &starred);
	assert_int_equal(read, 0);
	/* the counters follow */
	assert_int_equal(db_check(fx->db, &cause), STATUS_OK);
}

/* Stored by the store's path, mapped, state applied, counted. */
static void
test_store_map_counts(void **state)
{
	struct fixture *fx = *state;
	struct db_filter f;
	int unread[3] = { 0, 1, 1 }, starred[3] = { 0, 1, 0 };
	int64_t feeds, articles, total, nunread;
	size_t added;
	char *cause = NULL;
	int read, st;

	assert_int_equal(db_sync_counts(fx->db, fx->account, &feeds,
	    &articles, &cause), STATUS_OK);
	assert_int_equal(feeds, 1);
	assert_int_equal(articles, 3);
	/* the search index has them, with the feed's server title */
	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_SEARCH;
	f.search = "second";
	assert_int_equal(db_items_count(fx->db, &f, &total, &nunread,
	    &cause), STATUS_OK);
	assert_int_equal(total, 1);
	f.search = "feed:Seven";
	assert_int_equal(db_items_count(fx->db, &f, &total, &nunread,
	    &cause), STATUS_OK);
	assert_int_equal(total, 3);
	/* a waiting change is not overwritten by the server's state */
	assert_int_equal(db_items_set_starred(fx->db, fx->item[2], 1),
	    STATUS_OK);
	store3(fx, unread, starred, &added);
	assert_int_equal(added, 0);
	item_state(fx, fx->item[0], &read, &st);
	assert_int_equal(read, 1);
	item_state(fx, fx->item[1], &read, &st);
	assert_int_equal(read, 0);
	assert_int_equal(st, 1);
	item_state(fx, fx->item[2], &read, &st);
	assert_int_equal(st, 1);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 1);
	/* NULL state arrays keep the state */
	store3(fx, NULL, NULL, &added);
	item_state(fx, fx->item[0], &read, &st);
	assert_int_equal(read, 1);
	assert_int_equal(db_check(fx->db, &cause), STATUS_OK);
	/* the feed is in the feed list with its category as tag */
	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_TAG;
	f.tag = "News";
	assert_int_equal(db_items_count(fx->db, &f, &total, &nunread,
	    &cause), STATUS_OK);
	assert_int_equal(total, 3);
	assert_int_equal(nunread, 2);
}

/* A pruned article loses its map, not its waiting change. */
static void
test_pruned_keeps_change(void **state)
{
	struct fixture *fx = *state;
	int64_t articles;
	size_t deleted;
	char *cause = NULL;

	assert_int_equal(db_items_set_read(fx->db, fx->item[0], 1),
	    STATUS_OK);
	assert_int_equal(db_retain_prune(fx->db, 1, 0, &deleted, &cause),
	    STATUS_OK);
	/* the articles are new: retention keeps what the feed still has */
	sql(fx, "UPDATE items SET last_seen = 0");
	assert_int_equal(db_retain_prune(fx->db, 1, 0, &deleted, &cause),
	    STATUS_OK);
	assert_int_equal(deleted, 2);
	assert_int_equal(db_sync_counts(fx->db, fx->account, NULL, &articles,
	    &cause), STATUS_OK);
	assert_int_equal(articles, 1);
	assert_int_equal(db_sync_pending(fx->db, fx->account), 1);
}

/* Server feeds kept, deleted with their articles, left to `feed` lines. */
static void
test_feeds_keep(void **state)
{
	struct fixture *fx = *state;
	struct db_feed feed;
	struct parsed_feed pf;
	char s8[] = "8", s201[] = "201", local[] = LOCAL;
	char eight_url[] = "http://[::1]/eight.xml";
	char *keep[] = { s8 }, *none[] = { NULL }, *urls[] = { local,
	    eight_url }, *ids[] = { s201 }, *cause = NULL;
	int64_t eight, id, feeds, articles;
	size_t added;

	/* before the config is known, a local row stays local */
	assert_int_equal(db_sync_feed(fx->db, fx->account, "9", LOCAL, "L",
	    NULL, &id, &cause), STATUS_OK);
	assert_int_equal(id, 0);
	assert_int_equal(db_sync_feed(fx->db, fx->account, "8",
	    "http://[::1]/eight.xml", "Eight &amp; \x1b[2Jmore", "Tech", &eight,
	    &cause), STATUS_OK);
	assert_true(eight != 0 && eight != fx->feed);
	assert_int_equal(db_feed_get(fx->db, eight, &feed), STATUS_OK);
	/* cleaned; entities are the backend's */
	assert_string_equal(feed.title, "Eight &amp; more");
	db_feed_free(&feed);
	/* the same subscription again: the same row, renamed */
	assert_int_equal(db_sync_feed(fx->db, fx->account, "8",
	    "http://[::1]/eight.xml", "Eight", "Tech", &id, &cause),
	    STATUS_OK);
	assert_int_equal(id, eight);
	feed_parsed_init(&pf);
	add_item(&pf, "201", "Eight's article");
	assert_int_equal(db_sync_store(fx->db, fx->account, eight, &pf, ids,
	    NULL, NULL, &added, &cause), STATUS_OK);
	feed_parsed_free(&pf);
	assert_int_equal(added, 1);

	/* "7" is gone from the server: its row and articles go */
	assert_int_equal(db_sync_feeds_keep(fx->db, fx->account, keep, 1,
	    &cause), STATUS_OK);
	assert_int_equal(db_feed_get(fx->db, fx->feed, &feed),
	    STATUS_NOT_FOUND);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM items WHERE "
	    "guid IN ('101', '102', '103')"), 0);
	assert_int_equal(sql_int(fx, "SELECT count(*) FROM feed_tags WHERE "
	    "tag = 'News'"), 0);
	assert_int_equal(db_sync_counts(fx->db, fx->account, &feeds,
	    &articles, &cause), STATUS_OK);
	assert_int_equal(feeds, 1);
	assert_int_equal(articles, 1);
	/* the local feed stays */
	assert_int_equal(db_feed_get(fx->db, fx->local, &feed), STATUS_OK);
	db_feed_free(&feed);
	assert_int_equal(db_check(fx->db, &cause), STATUS_OK);

	/* a `feed` line names eight.xml: the row turns local, and stays */
	assert_int_equal(db_sync_local_feeds(fx->db, urls, 2, &cause),
	    STATUS_OK);
	assert_int_equal(db_sync_counts(fx->db, fx->account, &feeds, NULL,
	    &cause), STATUS_OK);
	assert_int_equal(feeds, 0);
	assert_int_equal(db_sync_feed(fx->db, fx->account, "8",
	    "http://[::1]/eight.xml", "Eight", "Tech", &id, &cause),
	    STATUS_OK);
	assert_int_equal(id, 0);
	assert_int_equal(db_sync_feeds_keep(fx->db, fx->account, none, 0,
	    &cause), STATUS_OK);
	assert_int_equal(db_feed_get(fx->db, eight, &feed), STATUS_OK);
	db_feed_free(&feed);

	/* the config no longer names it: the server takes the row back */
	assert_int_equal(db_sync_local_feeds(fx->db, urls, 1, &cause),
	    STATUS_OK);
	assert_int_equal(db_sync_feed(fx->db, fx->account, "8",
	    "http://[::1]/eight.xml", "Eight", "Tech", &id, &cause),
	    STATUS_OK);
	assert_int_equal(id, eight);
	assert_int_equal(db_sync_feeds_keep(fx->db, fx->account, none, 0,
	    &cause), STATUS_OK);
	assert_int_equal(db_feed_get(fx->db, eight, &feed), STATUS_NOT_FOUND);
	assert_int_equal(db_feed_get(fx->db, fx->local, &feed), STATUS_OK);
	db_feed_free(&feed);
	assert_int_equal(db_check(fx->db, &cause), STATUS_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_every_path, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_queue_busy_and_other_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_same_transaction,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_coalesce, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_done_failed_drop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reconcile, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_map_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pruned_keeps_change,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feeds_keep, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
