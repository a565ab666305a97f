/*
 * Unit tests for the parse worker: a feed pushed in small chunks comes
 * back whole, in order, on the loop; a document that is not a feed makes
 * pushing fail (so the transfer can stop) and says why; no bytes at all is
 * an empty reply; freeing at any moment (bytes queued, worker busy) is
 * safe; many feeds at once each get their own result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tidende/buf.h"
#include "tidende/feed.h"
#include "tidende/loop.h"
#include "tidende/pwork.h"
#include "tidende/xmalloc.h"

struct got {
	int	 calls;
};

static void
on_done(struct pwork *pw, void *arg)
{
	struct got *g = arg;

	(void)pw;
	g->calls++;
}

static int
setup(void **state)
{
	(void)state;
	loop_init();
	pwork_hold();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	pwork_release();
	loop_free();
	return 0;
}

static char *
rss(int nitems)
{
	struct buf b = BUF_INIT;
	int i;

	buf_adds(&b, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
	    "<title>Kanal</title><link>https://example.no/</link>");
	for (i = 0; i < nitems; i++)
		buf_printf(&b, "<item><title>Sak %d</title><guid>g%d</guid>"
		    "<description>&lt;p&gt;Brødtekst %d&lt;/p&gt;</description>"
		    "</item>", i, i, i);
	buf_adds(&b, "</channel></rss>");
	return buf_detach(&b);
}

static void
wait_for(struct got *g, int calls)
{
	int i;

	for (i = 0; i < 500 && g->calls < calls; i++)
		loop_once(10);
	assert_int_equal(g->calls, calls);
}

static void
test_chunks_in_order(void **state)
{
	struct parsed_feed pf;
	struct pwork *pw;
	struct got g = { 0 };
	char *doc = rss(300), *warning = NULL, *cause = NULL, want[32];
	size_t len = strlen(doc), off, n;
	int i;

	(void)state;
	pw = pwork_new("https://example.no/feed", NULL, on_done, &g);
	for (off = 0; off < len; off += n) {
		n = len - off < 97 ? len - off : 97;
		assert_int_equal(pwork_push(pw, doc + off, n), 0);
	}
	pwork_finish(pw);
	assert_int_equal(g.calls, 0);	/* never from inside finish */
	/* what waits for the worker: at most what was pushed, then none */
	assert_true(pwork_pending(pw) <= len);
	wait_for(&g, 1);
	assert_int_equal(pwork_pending(pw), 0);
	assert_int_equal(pwork_result(pw, &pf, &warning, &cause), STATUS_OK);
	assert_null(cause);
	assert_string_equal(pf.title, "Kanal");
	assert_int_equal(pf.nitems, 300);
	for (i = 0; i < 300; i++) {
		snprintf(want, sizeof want, "Sak %d", i);
		assert_string_equal(pf.items[i].title, want);
	}
	feed_parsed_free(&pf);
	free(warning);
	pwork_free(pw);
	free(doc);
}

static void
test_not_a_feed(void **state)
{
	struct parsed_feed pf;
	struct pwork *pw;
	struct got g = { 0 };
	char bin[512], *warning = NULL, *cause = NULL;
	int i, rc = 0;

	(void)state;
	for (i = 0; i < (int)sizeof bin; i++)
		bin[i] = (char)(i % 7 == 0 ? 0 : i % 31 + 1);
	pw = pwork_new("https://example.no/", NULL, on_done, &g);
	/* binary: the worker finds out soon; pushing then fails */
	for (i = 0; i < 400 && rc == 0; i++) {
		rc = pwork_push(pw, bin, sizeof bin);
		loop_once(5);
	}
	assert_int_equal(rc, -1);
	assert_non_null(pwork_error(pw));
	pwork_finish(pw);
	wait_for(&g, 1);
	assert_int_equal(pwork_result(pw, &pf, &warning, &cause),
	    STATUS_NOT_FEED);
	assert_non_null(cause);
	free(cause);
	free(warning);
	feed_parsed_free(&pf);
	pwork_free(pw);
}

static void
test_empty(void **state)
{
	struct parsed_feed pf;
	struct pwork *pw;
	struct got g = { 0 };
	char *warning = NULL, *cause = NULL;

	(void)state;
	pw = pwork_new(NULL, NULL, on_done, &g);
	pwork_finish(pw);
	wait_for(&g, 1);
	assert_int_equal(pwork_result(pw, &pf, &warning, &cause),
	    STATUS_NOT_FEED);
	assert_string_equal(cause, "empty reply");
	free(cause);
	feed_parsed_free(&pf);
	pwork_free(pw);
}

/* Freed with bytes queued, mid-parse, or parsed but not yet delivered. */
static void
test_free_any_time(void **state)
{
	struct pwork *pw[3];
	struct got g = { 0 };
	char *doc = rss(3000);
	size_t len = strlen(doc);
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		pw[i] = pwork_new(NULL, NULL, on_done, &g);
		assert_int_equal(pwork_push(pw[i], doc, len / 2), 0);
		assert_int_equal(pwork_push(pw[i], doc + len / 2,
		    len - len / 2), 0);
	}
	pwork_free(pw[0]);		/* queued or busy */
	pwork_finish(pw[1]);
	pwork_finish(pw[2]);
	pwork_free(pw[1]);		/* maybe parsed already */
	wait_for(&g, 1);		/* only the one left */
	for (i = 0; i < 20; i++)
		loop_once(5);
	assert_int_equal(g.calls, 1);
	pwork_free(pw[2]);
	free(doc);
}

static void
test_many(void **state)
{
	struct parsed_feed pf;
	struct pwork *pw[40];
	struct got g = { 0 };
	char *doc[40], *warning, *cause;
	int i;

	(void)state;
	for (i = 0; i < 40; i++) {
		doc[i] = rss(i + 1);
		pw[i] = pwork_new(NULL, NULL, on_done, &g);
		assert_int_equal(pwork_push(pw[i], doc[i], strlen(doc[i])),
		    0);
		pwork_finish(pw[i]);
	}
	wait_for(&g, 40);
	for (i = 0; i < 40; i++) {
		warning = cause = NULL;
		assert_int_equal(pwork_result(pw[i], &pf, &warning, &cause),
		    STATUS_OK);
		assert_int_equal(pf.nitems, i + 1);
		feed_parsed_free(&pf);
		free(warning);
		pwork_free(pw[i]);
		free(doc[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chunks_in_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_not_a_feed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_any_time, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
