/*
 * Unit tests for refresh runs: file:// feeds parsed and reported, an
 * unsupported URL reported at once, a run cancelled from inside its own
 * per-feed callback (done runs once, nothing is used after it was freed),
 * and, with a cache, due-only runs that skip feeds fetched just now.
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

#include "tidende/config.h"
#include "tidende/fetch.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/refresh.h"

struct run {
	struct refresh	*r;
	int		 feeds;
	int		 ok;
	int		 errors;
	int		 done;
	int		 cancel_after;	/* cancel from feed_cb after this many */
	size_t		 items;
	struct db	*db;		/* its page cache, seen by each feed: */
	int		 cache_kb;
};

static void
on_feed(const struct refresh_report *rep, void *arg)
{
	struct run *run = arg;

	run->feeds++;
	if (run->db != NULL)
		run->cache_kb = db_cache_kb(run->db);
	if (rep->status == STATUS_OK) {
		run->ok++;
		run->items += rep->stats.added;
	} else
		run->errors++;
	if (run->cancel_after > 0 && run->feeds == run->cancel_after &&
	    run->r != NULL)
		refresh_cancel(run->r);
}

static void
on_done(const struct refresh_progress *p, void *arg)
{
	struct run *run = arg;

	run->done++;
	run->r = NULL;
}

static void
config_with(struct config *cfg, const char **urls, size_t n)
{
	size_t i;

	memset(cfg, 0, sizeof *cfg);
	cfg->feeds = calloc(n, sizeof *cfg->feeds);
	cfg->nfeeds = n;
	for (i = 0; i < n; i++) {
		cfg->feeds[i].url = (char *)urls[i];
		cfg->feeds[i].max_items = -1;
	}
}

static void
run_to_end(struct run *run)
{
	int i;

	for (i = 0; i < 500 && run->done == 0; i++)
		loop_once(20);
	assert_int_equal(run->done, 1);
	/* nothing fires after done */
	for (i = 0; i < 5; i++)
		loop_once(0);
	assert_int_equal(run->done, 1);
}

static int
setup(void **state)
{
	options_init();
	loop_init();
	fetch_init();
	return 0;
}

static int
teardown(void **state)
{
	fetch_done();
	loop_free();
	options_free();
	return 0;
}

static char rss[512], atom[512];

static void
test_refresh_files(void **state)
{
	const char *urls[] = { rss, atom, "gopher://127.0.0.1:1/x" };
	struct config cfg;
	struct run run;

	config_with(&cfg, urls, 3);
	memset(&run, 0, sizeof run);
	run.r = refresh_start(NULL, &cfg, NULL, on_feed, on_done, &run);
	assert_non_null(run.r);
	run_to_end(&run);
	assert_int_equal(run.feeds, 3);
	assert_int_equal(run.ok, 2);
	assert_int_equal(run.errors, 1);
	assert_false(refresh_running());
	free(cfg.feeds);
}

static void
test_refresh_cancel_from_callback(void **state)
{
	const char *urls[] = { rss, atom, rss, atom, rss, atom };
	struct config cfg;
	struct run run;
	char *cause = NULL;

	options_set("max-connections", "1", &cause);
	config_with(&cfg, urls, 6);
	memset(&run, 0, sizeof run);
	run.cancel_after = 1;
	run.r = refresh_start(NULL, &cfg, NULL, on_feed, on_done, &run);
	run_to_end(&run);
	/* every feed is reported, the first one fetched, the rest cancelled */
	assert_int_equal(run.feeds, 6);
	assert_int_equal(run.ok, 1);
	assert_false(refresh_running());
	options_set("max-connections", "128", &cause);
	free(cfg.feeds);
}

/*
 * More feeds than the run starts at once (it keeps max-connections + 8
 * in flight): every one is fetched; cancelled early, the ones never
 * started are reported cancelled and the run still ends.
 */
static void
test_refresh_many(void **state)
{
	const char *urls[150];
	struct config cfg;
	struct run run;
	size_t i;

	for (i = 0; i < 150; i++)
		urls[i] = i % 2 ? rss : atom;
	config_with(&cfg, urls, 150);
	memset(&run, 0, sizeof run);
	run.r = refresh_start(NULL, &cfg, NULL, on_feed, on_done, &run);
	run_to_end(&run);
	assert_int_equal(run.feeds, 150);
	assert_int_equal(run.ok, 150);

	memset(&run, 0, sizeof run);
	run.cancel_after = 3;
	run.r = refresh_start(NULL, &cfg, NULL, on_feed, on_done, &run);
	run_to_end(&run);
	assert_int_equal(run.feeds, 150);
	assert_true(run.ok >= 3 && run.ok < 150);
	assert_false(refresh_running());
	free(cfg.feeds);
}

static void
test_refresh_filter(void **state)
{
	const char *urls[] = { rss, atom };
	struct refresh_filter f;
	struct config cfg;
	struct run run;

	config_with(&cfg, urls, 2);
	memset(&f, 0, sizeof f);
	f.url = atom;
	memset(&run, 0, sizeof run);
	run.r = refresh_start(NULL, &cfg, &f, on_feed, on_done, &run);
	run_to_end(&run);
	assert_int_equal(run.feeds, 1);
	assert_int_equal(run.ok, 1);
	/* nothing matches: done still comes, from the loop */
	f.url = "http://127.0.0.1:1/none";
	memset(&run, 0, sizeof run);
	run.r = refresh_start(NULL, &cfg, &f, on_feed, on_done, &run);
	assert_int_equal(run.done, 0);
	run_to_end(&run);
	assert_int_equal(run.feeds, 0);
	free(cfg.feeds);
}

/* A test's cache file, with its -wal and -shm. */
static void
remove_cache(const char *path)
{
	char side[300];

	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* With a cache: a second run that asks for due feeds only finds none. */
static void
test_refresh_due_only(void **state)
{
	const char *urls[] = { rss, atom };
	struct refresh_filter f;
	struct config cfg;
	struct run run;
	struct db *db = NULL;
	char path[256], *cause = NULL;

	snprintf(path, sizeof path, "/tmp/tidende-test-refresh.%ld.db",
	    (long)getpid());
	assert_int_equal(db_open(path, 0, &db, &cause), STATUS_OK);
	config_with(&cfg, urls, 2);
	memset(&f, 0, sizeof f);
	f.due_only = 1;
	memset(&run, 0, sizeof run);
	run.r = refresh_start(db, &cfg, &f, on_feed, on_done, &run);
	run_to_end(&run);
	assert_int_equal(run.ok, 2);
	assert_int_equal(run.items, 5);
	/* just fetched: due again only after refresh-interval */
	memset(&run, 0, sizeof run);
	run.r = refresh_start(db, &cfg, &f, on_feed, on_done, &run);
	run_to_end(&run);
	assert_int_equal(run.feeds, 0);
	/* a manual refresh fetches them anyway */
	memset(&run, 0, sizeof run);
	run.r = refresh_start(db, &cfg, NULL, on_feed, on_done, &run);
	run_to_end(&run);
	assert_int_equal(run.feeds, 2);
	db_close(db);
	free(cfg.feeds);
	remove_cache(path);
}

/*
 * A run keeps the cache's page cache small (4 MB) while it stores, and
 * gives the cache its own size back when it ends.
 */
static void
test_refresh_cache_size(void **state)
{
	const char *urls[] = { rss, atom };
	struct config cfg;
	struct run run;
	struct db *db = NULL;
	char path[256], *cause = NULL;

	snprintf(path, sizeof path, "/tmp/tidende-test-refresh-cache.%ld.db",
	    (long)getpid());
	assert_int_equal(db_open(path, 0, &db, &cause), STATUS_OK);
	assert_int_equal(db_cache_kb(db), 16384);
	config_with(&cfg, urls, 2);
	memset(&run, 0, sizeof run);
	run.db = db;
	run.r = refresh_start(db, &cfg, NULL, on_feed, on_done, &run);
	run_to_end(&run);
	assert_int_equal(run.ok, 2);
	assert_int_equal(run.cache_kb, 4096);
	assert_int_equal(db_cache_kb(db), 16384);
	/* a smaller one of the user's own stays as it is */
	db_set_cache_kb(db, 1024);
	memset(&run, 0, sizeof run);
	run.db = db;
	run.r = refresh_start(db, &cfg, NULL, on_feed, on_done, &run);
	run_to_end(&run);
	assert_int_equal(run.cache_kb, 1024);
	assert_int_equal(db_cache_kb(db), 1024);
	db_close(db);
	free(cfg.feeds);
	remove_cache(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refresh_files),
		cmocka_unit_test(test_refresh_cancel_from_callback),
		cmocka_unit_test(test_refresh_many),
		cmocka_unit_test(test_refresh_filter),
		cmocka_unit_test(test_refresh_due_only),
		cmocka_unit_test(test_refresh_cache_size),
	};
	const char *top = getenv("TOP_SRCDIR");

	if (top == NULL)
		top = ".";
	snprintf(rss, sizeof rss, "file://%s/tests/fixtures/net/rss.xml", top);
	snprintf(atom, sizeof atom, "file://%s/tests/fixtures/net/atom.xml",
	    top);
	return cmocka_run_group_tests(tests, setup, teardown);
}
