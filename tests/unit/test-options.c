/*
 * Unit tests for the option table: defaults, parsing by type, ranges,
 * suggestions, commands split into argv words, text forms, and that the
 * built-in config documents every option with its default.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tidende/config.h"
#include "tidende/options.h"
#include "tidende/xmalloc.h"

static int
setup(void **state)
{
	options_init();
	return 0;
}

static int
teardown(void **state)
{
	options_free();
	return 0;
}

static void
set_ok(const char *name, const char *value)
{
	char *cause = NULL;

	if (options_set(name, value, &cause) != STATUS_OK)
		fail_msg("set %s %s: %s", name, value, cause);
	assert_null(cause);
}

static void
set_fails(const char *name, const char *value, const char *want)
{
	char *cause = NULL;

	assert_int_equal(options_set(name, value, &cause), STATUS_BAD_CONFIG);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("set %s %s: got '%s', wanted '%s'", name, value,
		    cause, want);
	free(cause);
}

static void
text_is(enum option_id id, const char *want)
{
	char *got = options_get_text(id);

	assert_string_equal(got, want);
	free(got);
}

static void
test_defaults(void **state)
{
	assert_int_equal(options_bool(OPT_REFRESH_ON_START), 1);
	assert_int_equal(options_int(OPT_MAX_CONNECTIONS), 512);
	assert_int_equal(options_int(OPT_MAX_HOST_CONNECTIONS), 8);
	assert_int_equal(options_int(OPT_TRANSLATE_TIMEOUT), 60);
	assert_string_equal(options_str(OPT_LAYOUT), "auto");
	assert_string_equal(options_str(OPT_DATE_FORMAT), "");
	assert_string_equal(options_str(OPT_LANGUAGE), "");
	assert_null(options_argv(OPT_BROWSER));
	assert_null(options_argv(OPT_TRANSLATE_COMMAND));
}

static void
test_table(void **state)
{
	unsigned i;

	for (i = 0; i < OPT__COUNT; i++) {
		assert_int_equal(options_table[i].id, i);
		assert_ptr_equal(options_find(options_table[i].name),
		    &options_table[i]);
		assert_true(strlen(options_table[i].help) > 0);
		if (options_table[i].type == OPT_TYPE_ENUM)
			assert_non_null(options_table[i].choices);
	}
	assert_null(options_find("no-such-option"));
}

static void
test_bool(void **state)
{
	const char *yes[] = { "yes", "true", "on", "1", "YES", "On" };
	const char *no[] = { "no", "false", "off", "0", "No" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		set_ok("sidebar", "no");
		set_ok("sidebar", yes[i]);
		assert_int_equal(options_bool(OPT_SIDEBAR), 1);
		text_is(OPT_SIDEBAR, "yes");
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		set_ok("sidebar", "yes");
		set_ok("sidebar", no[i]);
		assert_int_equal(options_bool(OPT_SIDEBAR), 0);
		text_is(OPT_SIDEBAR, "no");
	}
	set_fails("sidebar", "maybe", "sidebar: 'maybe' is not yes or no");
	set_fails("sidebar", "", "is not yes or no");
	/* A failed set keeps the old value. */
	assert_int_equal(options_bool(OPT_SIDEBAR), 0);
}

static void
test_int(void **state)
{
	set_ok("max-connections", "4");
	assert_int_equal(options_int(OPT_MAX_CONNECTIONS), 4);
	set_ok("max-connections", "4096");
	set_fails("max-connections", "0",
	    "max-connections: 0 is out of range (1 to 4096)");
	set_fails("max-connections", "4097", "out of range (1 to 4096)");
	set_fails("max-connections", "four", "'four' is not a whole number");
	set_fails("max-connections", "4x", "not a whole number");
	set_fails("max-connections", "", "not a whole number");
	set_fails("max-connections", "99999999999999999999999",
	    "not a whole number");
	assert_int_equal(options_int(OPT_MAX_CONNECTIONS), 4096);
	set_ok("refresh-interval", "0");
	assert_int_equal(options_int(OPT_REFRESH_INTERVAL), 0);
	text_is(OPT_REFRESH_INTERVAL, "0");
}

static void
test_enum(void **state)
{
	set_ok("layout", "vertical");
	assert_string_equal(options_str(OPT_LAYOUT), "vertical");
	set_ok("layout", "single");
	set_fails("layout", "diagonal", "layout: 'diagonal' is not auto, "
	    "horizontal, vertical or single");
	set_fails("layout", "vert", "is not auto");
	set_fails("search-sort", "random", "is not relevance or date");
	assert_string_equal(options_str(OPT_LAYOUT), "single");
}

static void
test_command(void **state)
{
	char * const *argv;

	set_ok("browser", "firefox --new-tab %u");
	argv = options_argv(OPT_BROWSER);
	assert_non_null(argv);
	assert_string_equal(argv[0], "firefox");
	assert_string_equal(argv[1], "--new-tab");
	assert_string_equal(argv[2], "%u");
	assert_null(argv[3]);
	text_is(OPT_BROWSER, "firefox --new-tab %u");

	/* One quoted word holding the whole command. */
	set_ok("browser", "\"lynx -dump %u\"");
	argv = options_argv(OPT_BROWSER);
	assert_string_equal(argv[0], "lynx");
	assert_string_equal(argv[1], "-dump");
	assert_null(argv[3]);

	/* Quotes keep an argument together. */
	set_ok("translate-command", "sh -c \"trans -b :en\"");
	argv = options_argv(OPT_TRANSLATE_COMMAND);
	assert_string_equal(argv[0], "sh");
	assert_string_equal(argv[1], "-c");
	assert_string_equal(argv[2], "trans -b :en");
	assert_null(argv[3]);

	set_ok("translate-command", "\"\"");
	assert_null(options_argv(OPT_TRANSLATE_COMMAND));
	text_is(OPT_TRANSLATE_COMMAND, "\"\"");
	set_fails("browser", "firefox \"%u", "browser: unbalanced quote");
}

static void
test_string(void **state)
{
	set_ok("date-format", "%d.%m.%Y %H:%M");
	assert_string_equal(options_str(OPT_DATE_FORMAT), "%d.%m.%Y %H:%M");
	text_is(OPT_DATE_FORMAT, "\"%d.%m.%Y %H:%M\"");
	set_ok("user-agent", "say \"hi\"");
	text_is(OPT_USER_AGENT, "\"say \\\"hi\\\"\"");
	set_ok("language", "");
	text_is(OPT_LANGUAGE, "\"\"");
	set_ok("language", "nb");
	text_is(OPT_LANGUAGE, "nb");
}

static void
test_unknown_and_suggest(void **state)
{
	set_fails("max-conections", "4", "unknown option 'max-conections' "
	    "(did you mean 'max-connections'?)");
	set_fails("brwoser", "x", "did you mean 'browser'?");
	set_fails("refresh-on-strat", "x", "did you mean 'refresh-on-start'?");
	set_fails("sidebarwidth", "x", "did you mean 'sidebar-width'?");
	set_fails("zzzzzzzzzzzz", "x", "unknown option 'zzzzzzzzzzzz'");
	assert_null(options_suggest("zzzzzzzzzzzz"));
	assert_string_equal(options_suggest("timeout"), "translate-timeout");
}

static void
test_reset_and_init(void **state)
{
	char *cause = NULL, *t;
	unsigned i;

	set_ok("max-connections", "3");
	assert_int_equal(options_reset("max-connections", &cause), STATUS_OK);
	assert_int_equal(options_int(OPT_MAX_CONNECTIONS), 512);
	assert_int_equal(options_int(OPT_MAX_HOST_CONNECTIONS), 8);
	set_ok("layout", "single");
	options_init();
	assert_string_equal(options_str(OPT_LAYOUT), "auto");
	/* Every default reads back as itself. */
	for (i = 0; i < OPT__COUNT; i++) {
		t = options_get_text(i);
		if (options_set(options_table[i].name, t, &cause) != STATUS_OK)
			fail_msg("%s: %s", options_table[i].name, cause);
		free(t);
		t = options_default_text(i);
		assert_non_null(t);
		free(t);
	}
}

static void
test_type_text(void **state)
{
	char *t;

	t = options_type_text(options_find("sidebar"));
	assert_string_equal(t, "yes|no");
	free(t);
	t = options_type_text(options_find("max-connections"));
	assert_string_equal(t, "1-4096");
	free(t);
	t = options_type_text(options_find("layout"));
	assert_string_equal(t, "auto|horizontal|vertical|single");
	free(t);
}

static void
count_change(enum option_id id, void *arg)
{
	int *n = arg;

	if (id == OPT_LAYOUT)
		(*n)++;
}

static void
test_notify(void **state)
{
	char *cause = NULL;
	int n = 0;

	options_set_notify(count_change, &n);
	set_ok("layout", "vertical");
	assert_int_equal(n, 1);
	assert_int_equal(options_set("layout", "bad", &cause),
	    STATUS_BAD_CONFIG);
	free(cause);
	assert_int_equal(n, 1);		/* failed sets change nothing */
	options_set_notify(NULL, NULL);
	set_ok("layout", "auto");
	assert_int_equal(n, 1);
}

/* docs/tidenderc shows every option as `set NAME DEFAULT` with its help. */
static void
test_builtin_documents_every_option(void **state)
{
	char *want, *def;
	unsigned i;

	for (i = 0; i < OPT__COUNT; i++) {
		def = options_default_text(i);
		want = xasprintf("\nset %s %s\n", options_table[i].name,
		    def);
		if (strstr(builtin_config, want) == NULL)
			fail_msg("docs/tidenderc lacks '%s' (run "
			    "tools/config-docs)", want + 1);
		free(want);
		free(def);
		want = xasprintf("# %s: ", options_table[i].name);
		if (strstr(builtin_config, want) == NULL)
			fail_msg("docs/tidenderc lacks help for %s (run "
			    "tools/config-docs)", options_table[i].name);
		free(want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command, setup, teardown),
		cmocka_unit_test_setup_teardown(test_string, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_suggest,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_and_init, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_type_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_notify, setup, teardown),
		cmocka_unit_test(test_builtin_documents_every_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
