/*
 * Unit tests for the shared base: buf, UTF-8 cleaning and widths, JSON
 * string escaping, item identity, the loop's timers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>

#include "tidende/buf.h"
#include "tidende/feed.h"
#include "tidende/json.h"
#include "tidende/loop.h"
#include "tidende/request.h"
#include "tidende/utf8.h"

static void
test_buf_grows(void **state)
{
	struct buf b = BUF_INIT;
	int i;
	char *s;

	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.s));
	assert_true(strncmp(b.s, "0,1,2,", 6) == 0);
	assert_true(strstr(b.s, "998,999,") != NULL);
	s = buf_detach(&b);
	assert_null(b.s);
	free(s);
	assert_string_equal(buf_str(&b), "");
}

static void
clean_is(const char *in, int flags, const char *want)
{
	char *got = utf8_clean(in, strlen(in), flags);

	assert_string_equal(got, want);
	free(got);
}

static void
test_utf8_clean_escapes(void **state)
{
	/* CSI colour, OSC 52 clipboard write, OSC title with ST */
	clean_is("a\x1b[31mred\x1b[0m b", 0, "ared b");
	clean_is("x\x1b]52;c;aGVsbG8=\x07y", 0, "xy");
	clean_is("x\x1b]0;title\x1b\\y", 0, "xy");
	/* 8-bit CSI (U+009B) and C1 controls */
	clean_is("a\xc2\x9b" "2Jb\xc2\x85" "c", 0, "abc");
	/* bidi override */
	clean_is("a\xe2\x80\xaeZ", 0, "aZ");
	/* C0 controls go, tab and newline become spaces unless kept */
	clean_is("a\x01\x07\tb\nc", 0, "a b c");
	clean_is("a\tb\r\nc", UTF8_KEEP_NEWLINES, "a\tb\nc");
}

static void
test_utf8_clean_repairs(void **state)
{
	clean_is("caf\xe9", 0, "caf\xef\xbf\xbd");
	clean_is("\xc3\xa6\xc3\xb8\xc3\xa5", 0, "\xc3\xa6\xc3\xb8\xc3\xa5");
	clean_is("\xed\xa0\x80", 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	clean_is("  many   spaces\n here ", UTF8_COLLAPSE_SPACE,
	    "many spaces here");
	assert_true(utf8_valid("\xc3\xa6", 2));
	assert_false(utf8_valid("\xc3", 1));
}

static void
test_utf8_width(void **state)
{
	char *t;

	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);	/* 日本 */
	assert_int_equal(utf8_width("\xf0\x9f\x98\x80"), 2);		/* 😀 */
	t = utf8_truncate("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, 0);
	assert_string_equal(t, "\xe6\x97\xa5\xe2\x80\xa6");		/* 日… */
	free(t);
	t = utf8_truncate("hello world", 8, 1);
	assert_string_equal(t, "hello...");
	free(t);
}

static void
test_json_escapes(void **state)
{
	struct buf b = BUF_INIT;

	json_add_string(&b, "a\"b\\c\n\x1b[1m\xc2\x9b");
	assert_string_equal(b.s, "\"a\\\"b\\\\c\\n\\u001b[1m\\u009b\"");
	buf_reset(&b);
	json_add_string(&b, NULL);
	assert_string_equal(b.s, "null");
	buf_free(&b);
}

static void
test_item_identity(void **state)
{
	struct item a, b;

	item_init(&a);
	item_init(&b);
	a.title = strdup("Title");
	b.title = strdup("Title");
	a.published = b.published = 1425290400;
	item_ensure_id(&a);
	item_ensure_id(&b);
	assert_string_equal(a.id, b.id);
	item_free(&b);
	item_init(&b);
	b.title = strdup("Other");
	item_ensure_id(&b);
	assert_string_not_equal(a.id, b.id);
	item_free(&b);
	item_init(&b);
	b.link = strdup("https://example.org/a");
	item_ensure_id(&b);
	assert_string_equal(b.id, "https://example.org/a");
	item_free(&a);
	item_free(&b);
}

static int fired;
static void on_timer(void *arg) { fired += *(int *)arg; loop_stop(); }

static void
test_loop_timers(void **state)
{
	int one = 1, ten = 10;
	unsigned cancelled;

	loop_init();
	fired = 0;
	cancelled = loop_add_timer(0, on_timer, &ten);
	loop_add_timer(5, on_timer, &one);
	loop_cancel_timer(cancelled);
	loop_run();
	assert_int_equal(fired, 1);
	loop_free();
}

static void
test_request_table(void **state)
{
	assert_int_equal(request_find("next-unread"), REQ_NEXT_UNREAD);
	assert_string_equal(request_name(REQ_TOGGLE_STAR), "toggle-star");
	assert_int_equal(request_find("no-such"), REQ_NONE);
	assert_string_equal(request_suggest("next-unred"), "next-unread");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows),
		cmocka_unit_test(test_utf8_clean_escapes),
		cmocka_unit_test(test_utf8_clean_repairs),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_item_identity),
		cmocka_unit_test(test_loop_timers),
		cmocka_unit_test(test_request_table),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
