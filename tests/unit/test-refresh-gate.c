/*
 * Unit test for a refresh's start gate: a run starts no feed while its
 * memory budget is used, and the bytes fetch holds count, whoever's they
 * are.  A run that finds the budget used by another run's transfer, with
 * nothing of its own in flight, must look again when those bytes go (no
 * event of its own would wake it): it once waited for ever.
 * TIDENDE_REFRESH_MEM_KB=1 and TIDENDE_FETCH_PASS_MS=0 (set before any
 * use) make every body from a socket held and the budget one kilobyte;
 * run A's feed comes over HTTP from 127.0.0.1 (unit-httpd.c), as fetch
 * reads a file:// body only as data() takes it and holds none of it.
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
#include "unit-httpd.h"

struct run {
	int	 feeds;
	int	 ok;
	int	 done;
};

static char dir[] = "/tmp/tidende-gate.XXXXXX";
static char big_url[600], small_url[600];

static void
on_feed(const struct refresh_report *rep, void *arg)
{
	struct run *run = arg;

	run->feeds++;
	if (rep->status == STATUS_OK)
		run->ok++;
}

static void
on_done(const struct refresh_progress *p, void *arg)
{
	((struct run *)arg)->done++;
}

static void
config_one(struct config *cfg, const char *url)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->feeds = calloc(1, sizeof *cfg->feeds);
	cfg->nfeeds = 1;
	cfg->feeds[0].url = (char *)url;
	cfg->feeds[0].max_items = -1;
}

/* An RSS file of n items with a paragraph each; its file:// URL. */
static void
write_feed(const char *name, int n, char *url, size_t urlsz)
{
	char path[512];
	FILE *f;
	int i;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
	    "<title>Gate</title>", f);
	for (i = 0; i < n; i++)
		fprintf(f, "<item><guid>%s-%d</guid><title>Item %d</title>"
		    "<description>Lorem ipsum dolor sit amet, consectetur "
		    "adipiscing elit, sed do eiusmod tempor incididunt ut "
		    "labore et dolore magna aliqua.</description></item>\n",
		    name, i, i);
	fputs("</channel></rss>\n", f);
	assert_int_equal(fclose(f), 0);
	snprintf(url, urlsz, "file://%s", path);
}

static struct config a, b;

static void
test_gate_other_runs_bytes(void **state)
{
	struct run ra, rb;
	int i;

	memset(&ra, 0, sizeof ra);
	memset(&rb, 0, sizeof rb);
	config_one(&a, big_url);
	config_one(&b, small_url);
	assert_non_null(refresh_start(NULL, &a, NULL, on_feed, on_done, &ra));
	/* until run A's body is held by fetch, over the budget */
	for (i = 0; i < 2000 && fetch_held_bytes() <= 1024 && ra.done == 0;
	    i++)
		loop_once(0);
	assert_true(fetch_held_bytes() > 1024);
	/* run B starts with the budget used by A's bytes, none of its own */
	assert_non_null(refresh_start(NULL, &b, NULL, on_feed, on_done, &rb));
	for (i = 0; i < 500 && (ra.done == 0 || rb.done == 0); i++)
		loop_once(20);
	assert_int_equal(ra.done, 1);
	assert_int_equal(ra.ok, 1);
	assert_int_equal(rb.done, 1);
	assert_int_equal(rb.ok, 1);
	assert_int_equal(fetch_held_bytes(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_other_runs_bytes),
	};
	char cmd[600];
	int rc, port;

	setenv("TIDENDE_REFRESH_MEM_KB", "1", 1);
	setenv("TIDENDE_FETCH_PASS_MS", "0", 1);
	if (mkdtemp(dir) == NULL)
		return 1;
	write_feed("big.xml", 3000, big_url, sizeof big_url);
	write_feed("small.xml", 3, small_url, sizeof small_url);
	/* big.xml over HTTP */
	if ((port = unit_httpd_start(big_url + strlen("file://"))) < 0)
		return 1;
	snprintf(big_url, sizeof big_url, "http://127.0.0.1:%d/big.xml", port);
	options_init();
	loop_init();
	fetch_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unit_httpd_stop();
	fetch_done();
	loop_free();
	options_free();
	free(a.feeds);
	free(b.feeds);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
