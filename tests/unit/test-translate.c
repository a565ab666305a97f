/*
 * Unit tests for translate: the command chosen (feed override, option,
 * none), the input text, a job through the loop (result cached), cancel,
 * timeout with the loop still running timers, a command that cannot
 * start.  Uses a real cache in a temporary file and the fixture scripts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <unistd.h>
#include <cmocka.h>

#include "tidende/config.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db-store.h"
#include "tidende/db.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/translate.h"
#include "tidende/xmalloc.h"

struct fixture {
	char		 dir[64];
	struct db	*db;
	struct config	 cfg;
	struct db_item	 item;
	const char	*fix;		/* fixture directory */
};

static const char *
fixture_dir(void)
{
	static char path[4096];
	const char *top = getenv("TOP_SRCDIR");

	snprintf(path, sizeof path, "%s/tests/fixtures/translate",
	    top != NULL ? top : ".");
	return path;
}

static void
load_config(struct fixture *f, const char *fmt, ...)
{
	va_list ap;
	char *text, *cause = NULL;

	config_free(&f->cfg);
	memset(&f->cfg, 0, sizeof f->cfg);
	options_init();
	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	if (config_load_text(&f->cfg, "test", text, &cause) != STATUS_OK)
		fail_msg("config: %s", cause);
	free(text);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	struct parsed_feed pf;
	struct item it;
	struct db_store_stats st;
	char *path, *cause = NULL;
	int64_t feed_id;

	snprintf(f->dir, sizeof f->dir, "/tmp/tidende-tr.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	path = xasprintf("%s/cache.db", f->dir);
	assert_int_equal(db_open(path, 0, &f->db, &cause), STATUS_OK);
	free(path);
	assert_int_equal(db_feed_sync(f->db, "file:///nb.xml", NULL, NULL, 0,
	    &feed_id, &cause), STATUS_OK);
	feed_parsed_init(&pf);
	pf.title = xstrdup("Nyheter");
	pf.language = xstrdup("nb");
	feed_item_init(&it);
	it.id = xstrdup("g1");
	it.title = xstrdup("Hei verden");
	it.link = xstrdup("https://example.com/1");
	it.published = 1700000000;
	it.content = xstrdup("<p>Dette er <a href=\"/l\">en lenke</a>.</p>"
	    "<ul><li>ett</li><li>to</li></ul>");
	feed_parsed_add_item(&pf, &it);
	memset(&st, 0, sizeof st);
	assert_int_equal(db_store_feed(f->db, feed_id, &pf, &st, &cause),
	    STATUS_OK);
	feed_parsed_free(&pf);
	assert_int_equal(db_items_get(f->db, 1, &f->item, &cause), STATUS_OK);
	f->fix = fixture_dir();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd;

	db_items_item_free(&f->item);
	db_close(f->db);
	config_free(&f->cfg);
	options_free();
	cmd = xasprintf("rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
	free(cmd);
	free(f);
	return 0;
}

static void
test_command_choice(void **state)
{
	struct fixture *f = *state;
	char *const *argv;
	char *text;

	load_config(f, "feed file:///nb.xml\n");
	assert_null(translate_command(&f->cfg, "file:///nb.xml", &text));
	assert_null(text);

	load_config(f, "feed file:///nb.xml\n"
	    "set translate-command \"trans -brief :en\"\n");
	argv = translate_command(&f->cfg, "file:///nb.xml", &text);
	assert_non_null(argv);
	assert_string_equal(argv[0], "trans");
	assert_string_equal(argv[1], "-brief");
	assert_string_equal(argv[2], ":en");
	assert_null(argv[3]);
	assert_string_equal(text, "trans -brief :en");
	free(text);

	load_config(f, "feed file:///nb.xml translate=\"apertium nob-nno\"\n"
	    "set translate-command \"trans -brief :en\"\n");
	argv = translate_command(&f->cfg, "file:///nb.xml", &text);
	assert_string_equal(argv[0], "apertium");
	assert_string_equal(text, "apertium nob-nno");
	free(text);
	/* other feeds keep the global one */
	argv = translate_command(&f->cfg, "file:///other.xml", &text);
	assert_string_equal(argv[0], "trans");
	free(text);
}

static void
test_input(void **state)
{
	struct fixture *f = *state;
	char *in = translate_input(&f->item);

	assert_string_equal(in, "Hei verden\n\nDette er en lenke[1].\n\n"
	    "* ett\n* to\n");
	free(in);
}

struct outcome {
	int		 calls;
	enum status	 status;
	char		*text;
	char		*error;
};

static void
on_done(const struct translate_result *r, void *arg)
{
	struct outcome *o = arg;

	o->calls++;
	o->status = r->status;
	o->text = xstrdup0(r->text);
	o->error = xstrdup0(r->error);
}

static void
tick(void *arg)
{
	int *ticks = arg;

	(*ticks)++;
	loop_add_timer(20, tick, arg);
}

static void
test_job_and_cache(void **state)
{
	struct fixture *f = *state;
	struct translate_job *job;
	struct outcome o;
	char *cause = NULL, *text, *cmd;
	int i;

	load_config(f, "feed file:///nb.xml\n"
	    "set translate-command \"sh %s/record.sh %s/rec\"\n", f->fix,
	    f->dir);
	assert_int_equal(translate_cached(f->db, &f->cfg, &f->item, &text,
	    &cmd), STATUS_NOT_FOUND);
	memset(&o, 0, sizeof o);
	job = translate_start(f->db, &f->cfg, &f->item, on_done, &o, &cause);
	assert_non_null(job);
	for (i = 0; i < 200 && o.calls == 0; i++)
		loop_once(50);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.status, STATUS_OK);
	assert_string_equal(o.text, "HEI VERDEN\n\nDETTE ER EN LENKE[1].\n\n"
	    "* ETT\n* TO");
	free(o.text);
	free(o.error);

	assert_int_equal(translate_cached(f->db, &f->cfg, &f->item, &text,
	    &cmd), STATUS_OK);
	assert_non_null(strstr(text, "DETTE ER EN LENKE[1]."));
	assert_non_null(strstr(cmd, "record.sh"));
	free(text);
	free(cmd);
}

static void
test_cancel(void **state)
{
	struct fixture *f = *state;
	struct translate_job *job;
	struct outcome o;
	char *cause = NULL, *text, *cmd;
	int i;

	load_config(f, "feed file:///nb.xml\n"
	    "set translate-command \"sh %s/slow.sh\"\n", f->fix);
	memset(&o, 0, sizeof o);
	job = translate_start(f->db, &f->cfg, &f->item, on_done, &o, &cause);
	assert_non_null(job);
	for (i = 0; i < 4; i++)
		loop_once(20);
	assert_int_equal(o.calls, 0);
	translate_cancel(job);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.status, STATUS_CANCELLED);
	assert_string_equal(o.error, "sh: cancelled");
	free(o.error);
	assert_int_equal(translate_cached(f->db, &f->cfg, &f->item, &text,
	    &cmd), STATUS_NOT_FOUND);
}

static void
test_timeout_keeps_loop_running(void **state)
{
	struct fixture *f = *state;
	struct outcome o;
	char *cause = NULL;
	int64_t t0;
	int ticks = 0, i;

	load_config(f, "feed file:///nb.xml\n"
	    "set translate-command \"sh %s/slow.sh\"\n"
	    "set translate-timeout 1\n", f->fix);
	memset(&o, 0, sizeof o);
	t0 = loop_now_ms();
	assert_non_null(translate_start(f->db, &f->cfg, &f->item, on_done,
	    &o, &cause));
	loop_add_timer(20, tick, &ticks);
	for (i = 0; i < 400 && o.calls == 0; i++)
		loop_once(-1);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.status, STATUS_TIMEOUT);
	assert_string_equal(o.error, "sh: timed out after 1 s");
	assert_true(loop_now_ms() - t0 >= 900);
	/* the loop kept running timers every 20 ms meanwhile */
	assert_true(ticks >= 20);
	free(o.error);
	loop_free();
}

static void
test_cannot_start(void **state)
{
	struct fixture *f = *state;
	char *cause = NULL;

	load_config(f, "feed file:///nb.xml\n");
	assert_null(translate_start(f->db, &f->cfg, &f->item, on_done, NULL,
	    &cause));
	assert_string_equal(cause, translate_help());
	free(cause);

	load_config(f, "feed file:///nb.xml\n"
	    "set translate-command tidende-no-such-translator\n");
	assert_null(translate_start(f->db, &f->cfg, &f->item, on_done, NULL,
	    &cause));
	assert_string_equal(cause,
	    "tidende-no-such-translator: command not found");
	free(cause);
}

struct titles_outcome {
	int		 calls;
	int		 last;
	size_t		 count;
	enum status	 status;
};

static void
on_titles(const struct translate_titles_result *r, void *arg)
{
	struct titles_outcome *o = arg;

	o->calls++;
	o->last = r->last;
	o->count += r->count;
	o->status = r->status;
}

static void
test_titles(void **state)
{
	struct fixture *f = *state;
	struct titles_outcome o;
	struct parsed_feed pf;
	struct item it;
	struct db_store_stats st;
	struct db_filter filter;
	struct db_feed feed;
	struct db_row *rows;
	size_t n, i;
	char *cause = NULL, *t;

	/* a second article in the same (Norwegian) feed */
	assert_int_equal(db_feed_find(f->db, "file:///nb.xml", &feed),
	    STATUS_OK);
	feed_parsed_init(&pf);
	pf.language = xstrdup("nb");
	feed_item_init(&it);
	it.id = xstrdup("g2");
	it.title = xstrdup("God morgen");
	it.link = xstrdup("https://example.com/2");
	it.published = 1700000100;
	feed_parsed_add_item(&pf, &it);
	memset(&st, 0, sizeof st);
	assert_int_equal(db_store_feed(f->db, feed.id, &pf, &st, &cause),
	    STATUS_OK);
	feed_parsed_free(&pf);
	memset(&filter, 0, sizeof filter);
	filter.view = DB_VIEW_ALL;
	assert_int_equal(db_items_page(f->db, &filter, NULL, 0, 50, &rows, &n,
	    &cause), STATUS_OK);
	assert_int_equal(n, 2);

	/* off by default */
	load_config(f, "feed file:///nb.xml\n"
	    "set translate-command \"sh %s/record.sh %s/rec\"\n", f->fix,
	    f->dir);
	assert_null(translate_titles_start(f->db, &f->cfg, rows, n, on_titles,
	    &o));
	/* a Norwegian reader does not need Norwegian titles translated */
	load_config(f, "feed file:///nb.xml\n"
	    "set translate-command \"sh %s/record.sh %s/rec\"\n"
	    "set translate-titles yes\nset language nb\n", f->fix, f->dir);
	assert_false(translate_language_differs("nb-NO"));
	assert_null(translate_titles_start(f->db, &f->cfg, rows, n, on_titles,
	    &o));

	load_config(f, "feed file:///nb.xml\n"
	    "set translate-command \"sh %s/record.sh %s/rec\"\n"
	    "set translate-titles yes\nset language en\n", f->fix, f->dir);
	assert_true(translate_language_differs("nb-NO"));
	assert_false(translate_language_differs("en-GB"));
	assert_false(translate_language_differs(""));
	memset(&o, 0, sizeof o);
	assert_non_null(translate_titles_start(f->db, &f->cfg, rows, n,
	    on_titles, &o));
	for (i = 0; i < 200 && !o.last; i++)
		loop_once(50);
	assert_int_equal(o.calls, 1);
	assert_int_equal(o.status, STATUS_OK);
	assert_int_equal(o.count, 2);
	for (i = 0; i < n; i++) {
		t = translate_title_cached(f->db, &f->cfg, &rows[i]);
		assert_non_null(t);
		if (strcmp(rows[i].title, "God morgen") == 0)
			assert_string_equal(t, "GOD MORGEN");
		else
			assert_string_equal(t, "HEI VERDEN");
		free(t);
	}
	/* one batch, the titles one a line */
	t = xasprintf("%s/rec", f->dir);
	{
		FILE *fp = fopen(t, "r");
		char line[256];
		int titles = 0, in = 0;

		assert_non_null(fp);
		while (fgets(line, sizeof line, fp) != NULL) {
			if (strcmp(line, "--- stdin\n") == 0)
				in = 1;
			else if (in)
				titles++;
		}
		fclose(fp);
		assert_int_equal(titles, 2);
	}
	free(t);
	/* everything cached now: nothing to do */
	assert_null(translate_titles_start(f->db, &f->cfg, rows, n, on_titles,
	    &o));
	/* the article translation is a different cache entry */
	{
		char *text, *cmd;

		assert_int_equal(translate_cached(f->db, &f->cfg, &f->item,
		    &text, &cmd), STATUS_NOT_FOUND);
	}
	db_items_rows_free(rows, n);
	db_feed_free(&feed);
}

static void
test_user_language(void **state)
{
	struct fixture *f = *state;
	char *l;

	load_config(f, "set language pt-BR\n");
	l = translate_user_language();
	assert_string_equal(l, "pt");
	free(l);
	load_config(f, "feed file:///x\n");
	setenv("LC_ALL", "nb_NO.UTF-8", 1);
	l = translate_user_language();
	assert_string_equal(l, "nb");
	free(l);
	setenv("LC_ALL", "C", 1);
	l = translate_user_language();
	assert_string_equal(l, "en");
	free(l);

	/* LANGUAGE first, its first entry, before LC_ALL */
	setenv("LC_ALL", "en_GB.UTF-8", 1);
	setenv("LANGUAGE", "nn_NO:nb:en", 1);
	l = translate_user_language();
	assert_string_equal(l, "nn");
	free(l);
	setenv("LANGUAGE", ":de", 1);	/* empty entries are skipped */
	l = translate_user_language();
	assert_string_equal(l, "de");
	free(l);
	setenv("LANGUAGE", "", 1);
	l = translate_user_language();
	assert_string_equal(l, "en");
	free(l);
	/* as in gettext, LANGUAGE does not apply under the C locale */
	setenv("LANGUAGE", "nb", 1);
	setenv("LC_ALL", "C", 1);
	l = translate_user_language();
	assert_string_equal(l, "en");
	free(l);
	/* then LC_ALL, LC_MESSAGES, LANG */
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	setenv("LC_MESSAGES", "sv_SE.UTF-8", 1);
	setenv("LANG", "da_DK.UTF-8", 1);
	l = translate_user_language();
	assert_string_equal(l, "sv");
	free(l);
	unsetenv("LC_MESSAGES");
	l = translate_user_language();
	assert_string_equal(l, "da");
	free(l);

	/* no, nb and nn are one language for deciding what to translate */
	setenv("LANG", "nb_NO.UTF-8", 1);
	assert_false(translate_language_differs("no"));
	assert_false(translate_language_differs("nn"));
	assert_false(translate_language_differs("nn-NO"));
	assert_false(translate_language_differs("NB-no"));
	assert_true(translate_language_differs("sv"));
	assert_true(translate_language_differs("en-US"));
	setenv("LANG", "nn_NO.UTF-8", 1);
	assert_false(translate_language_differs("nb-NO"));
	setenv("LANG", "no_NO.UTF-8", 1);
	assert_false(translate_language_differs("nn"));
	setenv("LANG", "en_US.UTF-8", 1);
	assert_true(translate_language_differs("no"));
	assert_false(translate_language_differs("en"));
	/* a neighbour of "no" is not in the family */
	assert_true(translate_language_differs("nl"));
	unsetenv("LANG");
	setenv("LC_ALL", "C.UTF-8", 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_command_choice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_and_cache, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_keeps_loop_running,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cannot_start, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_titles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_language, setup,
		    teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	loop_init();
	/* slow.sh sleeps an hour: a cancel or timeout that fails hangs */
	alarm(300);	/* the watchdog */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
