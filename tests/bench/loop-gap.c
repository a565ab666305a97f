/*
 * Benchmark helper (never part of make check): run one refresh of the
 * feeds in a config into a cache, the way the interface does (one event
 * loop), and print the longest gap between two loop passes: how long the
 * screen would have been frozen, until the search index of what it stored
 * is built too (in idle slices, as the interface builds it).
 */
#include <stdio.h>
#include <stdlib.h>

#include "tidende/config.h"
#include "tidende/db.h"
#include "tidende/db-store.h"
#include "tidende/fetch.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/refresh.h"

static int64_t	last_pass, worst, gaps[5];
static size_t	passes, over50;
static int	finished;

static void
gap_idle(void *arg)
{
	int64_t now = loop_now_ms();

	int64_t gap = now - last_pass, t;
	size_t i;

	(void)arg;
	passes++;
	if (gap > 50)
		over50++;
	/* with TIDENDE_LOG, place each long pass among the debug lines */
	if (gap >= 30)
		log_debug("loop-gap: a pass of %lld ms ends", (long long)gap);
	if (gap > worst)
		worst = gap;
	for (i = 0; i < 5; i++)	/* the five longest, longest first */
		if (gap > gaps[i]) {
			t = gaps[i];
			gaps[i] = gap;
			gap = t;
		}
	last_pass = now;
}

static struct db *gap_db;

static void
gap_tick(void *arg)
{
	(void)arg;
	if (!finished || db_index_busy(gap_db))
		loop_add_timer(1, gap_tick, NULL);
}

static void
gap_done(const struct refresh_progress *p, void *arg)
{
	(void)arg;
	printf("feeds %zu new %zu errors %zu\n", p->total, p->new_items,
	    p->errors);
	finished = 1;
	loop_stop();
}

int
main(int argc, char **argv)
{
	struct config cfg;
	struct db *db;
	char *cause = NULL;
	int64_t start;

	if (argc != 3) {
		fprintf(stderr, "usage: loop-gap CONFIG CACHE\n");
		return 2;
	}
	if (getenv("TIDENDE_LOG") != NULL)
		log_open(getenv("TIDENDE_LOG"));
	options_init();
	if (config_load(&cfg, argv[1], &cause) != STATUS_OK ||
	    db_open(argv[2], 0, &db, &cause) != STATUS_OK) {
		fprintf(stderr, "loop-gap: %s\n", cause);
		return 1;
	}
	gap_db = db;
	loop_init();
	fetch_init();
	loop_add_idle(gap_idle, NULL);
	loop_add_timer(1, gap_tick, NULL);
	start = last_pass = loop_now_ms();
	refresh_start(db, &cfg, NULL, NULL, gap_done, NULL);
	while (!finished)
		loop_run();
	/* then the search index of what it stored, in idle slices */
	while (db_index_busy(db))
		loop_once(-1);
	printf("total %lld ms, %zu passes, longest pass gap %lld ms "
	    "(then %lld %lld %lld %lld), %zu over 50 ms\n",
	    (long long)(loop_now_ms() - start), passes, (long long)worst,
	    (long long)gaps[1], (long long)gaps[2], (long long)gaps[3],
	    (long long)gaps[4], over50);
	fetch_done();
	loop_free();
	db_close(db);
	config_free(&cfg);
	options_free();
	return 0;
}
