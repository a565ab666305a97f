/*
 * Unit tests for the shared base: buf, UTF-8 cleaning and widths, JSON
 * string escaping, item identity, the loop's timers, hashing, XDG paths.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>
#include <unistd.h>

#include "tidende/buf.h"
#include "tidende/feed.h"
#include "tidende/hash.h"
#include "tidende/json.h"
#include "tidende/loop.h"
#include "tidende/request.h"
#include "tidende/utf8.h"
#include "tidende/xdg.h"

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
clean_cp_is(uint32_t cp, int removed)
{
	char in[16], want[16], *got;
	size_t n;

	in[0] = 'a';
	n = 1 + utf8_encode(cp, in + 1);
	in[n++] = 'b';
	in[n] = '\0';
	snprintf(want, sizeof want, "%s", removed ? "ab" : in);
	got = utf8_clean(in, n, 0);
	if (strcmp(got, want) != 0)
		fail_msg("U+%04X: %s, wanted it %s", (unsigned)cp,
		    strcmp(got, "ab") == 0 ? "removed" : "kept",
		    removed ? "removed" : "kept");
	free(got);
}

/*
 * Every bidi control goes, one at a time (embeddings and overrides
 * U+202A-202E, isolates U+2066-2069, marks U+200E/F and U+061C), and
 * the code points next to them stay.
 */
static void
test_utf8_clean_bidi(void **state)
{
	static const uint32_t bidi[] = { 0x061c, 0x200e, 0x200f, 0x202a,
	    0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069 };
	static const uint32_t kept[] = { 0x061b, 0x061d, 0x200c, 0x2010,
	    0x202f, 0x2070, 0x05d0, 0x0627 };
	size_t i;

	for (i = 0; i < sizeof bidi / sizeof bidi[0]; i++)
		clean_cp_is(bidi[i], 1);
	for (i = 0; i < sizeof kept / sizeof kept[0]; i++)
		clean_cp_is(kept[i], 0);
	/* an isolate around a word: the word stays */
	clean_is("\xe2\x81\xa7" "evil\xe2\x81\xa9.txt", 0, "evil.txt");
}

/*
 * Invisible characters go (zero width space and joiner, word joiner, a
 * BOM inside text); line and paragraph separators are newlines, so they
 * never split a `list` line; a string sequence with no end loses only its
 * introducer, not the rest of the text.
 */
static void
test_utf8_clean_invisible(void **state)
{
	static const uint32_t gone[] = { 0x200b, 0x200d, 0x2060, 0xfeff };
	size_t i;

	for (i = 0; i < sizeof gone / sizeof gone[0]; i++)
		clean_cp_is(gone[i], 1);
	clean_is("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 0, "a b c");
	clean_is("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", UTF8_KEEP_NEWLINES,
	    "a\nb\nc");
	clean_is("a\xe2\x80\xa8\xe2\x80\xa8 b", UTF8_COLLAPSE_SPACE, "a b");
	clean_is("Title \x1b]0;evil and the rest", 0,
	    "Title 0;evil and the rest");
	clean_is("Title \xc2\x9d" "0;evil and the rest", 0,
	    "Title 0;evil and the rest");
	clean_is("Title \x1bPq and the rest", 0, "Title q and the rest");
	/* terminated, the whole sequence still goes */
	clean_is("a\x1b]0;t\x07" "b", 0, "ab");
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

	feed_item_init(&a);
	feed_item_init(&b);
	a.title = strdup("Title");
	b.title = strdup("Title");
	a.published = b.published = 1425290400;
	feed_item_ensure_id(&a);
	feed_item_ensure_id(&b);
	assert_string_equal(a.id, b.id);
	/* Stored in caches: FNV-1a of "Title\x1f1425290400\x1f". */
	assert_string_equal(a.id, "tidende:495dc357ac62600c");
	feed_item_free(&b);
	feed_item_init(&b);
	b.title = strdup("Other");
	feed_item_ensure_id(&b);
	assert_string_not_equal(a.id, b.id);
	feed_item_free(&b);
	feed_item_init(&b);
	b.link = strdup("https://example.org/a");
	feed_item_ensure_id(&b);
	assert_string_equal(b.id, "https://example.org/a");
	feed_item_free(&a);
	feed_item_free(&b);
}

static void
test_hash_fnv1a(void **state)
{
	uint64_t h;

	/* The published FNV-1a 64-bit test vectors. */
	assert_true(hash_fnv1a("", 0) == 0xcbf29ce484222325ULL);
	assert_true(hash_fnv1a("a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(hash_fnv1a("foobar", 6) == 0x85944171f73967e8ULL);
	assert_true(hash_fnv1a_str(HASH_FNV1A_INIT, "foobar") ==
	    0x85944171f73967e8ULL);
	/* In pieces, as the store adds fields one at a time. */
	h = hash_fnv1a_add(HASH_FNV1A_INIT, "foo", 3);
	assert_true(hash_fnv1a_str(h, "bar") == 0x85944171f73967e8ULL);
	assert_true(hash_fnv1a_str(h, NULL) == h);
	/* Bytes above 0x7f are not sign-extended. */
	assert_true(hash_fnv1a("\xff", 1) ==
	    ((0xcbf29ce484222325ULL ^ 0xff) * 0x100000001b3ULL));
	assert_true(hash_fnv1a_str(HASH_FNV1A_INIT, "\xff") ==
	    hash_fnv1a("\xff", 1));
}

static void
test_hash_mix(void **state)
{
	const char *s = "0123456789abcdefXYZ";
	uint64_t h;

	/* Little-endian words whatever the machine: values are stored. */
	h = hash_mix_bytes(hash_mix(0, strlen(s)), s, strlen(s));
	assert_true(h == 0x0a2c0b44d914f982ULL);
	assert_true(hash_mix_bytes(7, s, 0) == 7);
	assert_true(hash_mix_bytes(0, "a", 1) != hash_mix_bytes(0, "b", 1));
}

struct keys {
	char	**s;
};

static const char *
key_at(const void *ctx, size_t i)
{
	const struct keys *k = ctx;

	return k->s[i];
}

static void
test_hash_index(void **state)
{
	struct hash_index ix;
	struct keys k = { NULL };
	size_t i, n = 3000;
	char miss[32];

	memset(&ix, 0, sizeof ix);
	assert_true(hash_index_find(&ix, key_at, &k, "x") == SIZE_MAX);
	k.s = calloc(n, sizeof *k.s);
	for (i = 0; i < n; i++) {
		k.s[i] = malloc(32);
		snprintf(k.s[i], 32, "https://example.org/%zu", i);
		hash_index_add(&ix, i + 1, key_at, &k);
		assert_true(ix.n * 2 <= ix.size);
	}
	for (i = 0; i < n; i++)
		assert_true(hash_index_find(&ix, key_at, &k, k.s[i]) == i);
	snprintf(miss, sizeof miss, "https://example.org/%zu", n);
	assert_true(hash_index_find(&ix, key_at, &k, miss) == SIZE_MAX);
	/* Out of step with the array (entries added unseen): rebuilt. */
	hash_index_free(&ix);
	hash_index_add(&ix, 10, key_at, &k);
	assert_true(ix.n == 10);
	assert_true(hash_index_find(&ix, key_at, &k, k.s[9]) == 9);
	assert_true(hash_index_find(&ix, key_at, &k, k.s[10]) == SIZE_MAX);
	hash_index_free(&ix);
	for (i = 0; i < n; i++)
		free(k.s[i]);
	free(k.s);
}

static void
test_xdg_paths(void **state)
{
	char dir[] = "/tmp/test-core-XXXXXX", *p, *want;
	struct stat sb;

	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	p = xdg_find("STATE", "log");
	want = xdg_path("STATE", "log");
	assert_string_equal(p, want);
	free(want);
	/* xdg_path() made the directory, user-only; not the file. */
	want = malloc(strlen(dir) + 32);
	sprintf(want, "%s/tidende/log", dir);
	assert_string_equal(p, want);
	sprintf(want, "%s/tidende", dir);
	assert_int_equal(stat(want, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(p, &sb), -1);
	rmdir(want);
	rmdir(dir);
	free(want);
	free(p);
	/* A relative XDG_* is ignored; no HOME means ".". */
	setenv("XDG_DATA_HOME", "relative", 1);
	setenv("HOME", "/home/u", 1);
	p = xdg_find("DATA", "cache.db");
	assert_string_equal(p, "/home/u/.local/share/tidende/cache.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", "", 1);
	p = xdg_find("CACHE", "x");
	assert_string_equal(p, "./.cache/tidende/x");
	free(p);
	unsetenv("XDG_STATE_HOME");
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
		cmocka_unit_test(test_utf8_clean_bidi),
		cmocka_unit_test(test_utf8_clean_invisible),
		cmocka_unit_test(test_utf8_clean_repairs),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_item_identity),
		cmocka_unit_test(test_hash_fnv1a),
		cmocka_unit_test(test_hash_mix),
		cmocka_unit_test(test_hash_index),
		cmocka_unit_test(test_xdg_paths),
		cmocka_unit_test(test_loop_timers),
		cmocka_unit_test(test_request_table),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
