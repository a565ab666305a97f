/*
 * Unit tests for the search syntax: each form becomes the FTS5 expression
 * and SQL conditions expected, user text is always quoted, and mistakes
 * give short messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tidende/query.h"

#define NOW 1700000000

static struct query *
parse(const char *text, int flags)
{
	struct query *q = NULL;
	char *cause = NULL;

	if (query_parse(text, flags, NOW, &q, &cause) != STATUS_OK)
		fail_msg("%s: %s", text, cause);
	return q;
}

static void
match_is(const char *text, int flags, const char *match, const char *where)
{
	struct query *q = parse(text, flags);

	if (match == NULL)
		assert_null(q->match);
	else
		assert_string_equal(q->match, match);
	assert_string_equal(q->where, where);
	query_free(q);
}

static void
bad(const char *text, const char *want)
{
	struct query *q = NULL;
	char *cause = NULL;

	assert_int_equal(query_parse(text, 0, NOW, &q, &cause), STATUS_USAGE);
	assert_null(q);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("%s: got \"%s\", want \"%s\"", text, cause, want);
	assert_null(strchr(cause, '\n'));
	free(cause);
}

static void
test_words(void **state)
{
	match_is("familietelefon", 0, "(\"familietelefon\")", "");
	match_is("  blåbær   syltetøy ", 0, "(\"blåbær\") AND (\"syltetøy\")",
	    "");
	match_is("\"open source\" reader", 0,
	    "(\"open source\") AND (\"reader\")", "");
	match_is("term*", 0, "(\"term\"*)", "");
	match_is("\"open sou\"*", 0, "(\"open sou\"*)", "");
	/* the ideographic space (U+3000) separates words too */
	match_is("東京\xe3\x80\x80大阪", 0, "(\"東京\") AND (\"大阪\")", "");
	match_is("大阪\xe3\x80\x80-東京\xe3\x80\x80", 0,
	    "((\"大阪\")) NOT (\"東京\")", "");
	assert_true(query_is_empty(" \xe3\x80\x80\t"));
	assert_false(query_is_empty("\xe3\x80\x80" "a"));
}

static void
test_or_and_not(void **state)
{
	match_is("oslo OR bergen", 0, "(\"oslo\" OR \"bergen\")", "");
	match_is("oslo OR bergen OR tromsø vær", 0,
	    "(\"oslo\" OR \"bergen\" OR \"tromsø\") AND (\"vær\")", "");
	/* Lower-case or is a word. */
	match_is("this or that", 0,
	    "(\"this\") AND (\"or\") AND (\"that\")", "");
	match_is("valg -usa -trump", 0,
	    "((\"valg\")) NOT (\"usa\" OR \"trump\")", "");
	/* Only negations: the match moves into a NOT IN condition. */
	match_is("-sport", 0, NULL,
	    " AND i.id NOT IN (SELECT rowid FROM items_fts WHERE items_fts "
	    "MATCH ?)");
	/* A lone dash is not a negation. */
	match_is("a - b", 0, "(\"a\") AND (\"b\")", "");
}

static void
test_filters(void **state)
{
	struct query *q;

	q = parse("feed:nrk", 0);
	assert_null(q->match);
	assert_non_null(strstr(q->where, "i.feed_id IN (SELECT id FROM feeds"));
	assert_int_equal(q->nparams, 2);
	assert_string_equal(q->params[0].text, "%nrk%");
	query_free(q);

	q = parse("feed:\"100%_sure\\\"", 0);
	assert_string_equal(q->params[0].text, "%100\\%\\_sure\\\\%");
	query_free(q);

	q = parse("tag:norsk -tag:sport", 0);
	assert_non_null(strstr(q->where, "i.feed_id IN (SELECT feed_id"));
	assert_non_null(strstr(q->where, "i.feed_id NOT IN (SELECT feed_id"));
	assert_string_equal(q->params[1].text, "sport");
	query_free(q);

	match_is("author:\"Ola Nordmann\" valg", 0,
	    "(author : \"Ola Nordmann\") AND (\"valg\")", "");
	match_is("is:unread", 0, NULL, " AND i.read = 0");
	match_is("is:read", 0, NULL, " AND i.read = 1");
	match_is("-is:unread", 0, NULL, " AND i.read = 1");
	match_is("is:starred x", 0, "(\"x\")", " AND i.starred = 1");

	q = parse("since:7d", 0);
	assert_string_equal(q->where, " AND i.date >= ?");
	assert_int_equal(q->params[0].num, NOW - 7 * 86400);
	query_free(q);
	q = parse("since:2015-03-01 until:2015-03-31", 0);
	assert_int_equal(q->params[0].num, 1425168000);
	assert_int_equal(q->params[1].num, 1427760000 + 86400);
	query_free(q);
	q = parse("since:2w since:12h since:2015", 0);
	assert_int_equal(q->params[0].num, NOW - 14 * 86400);
	assert_int_equal(q->params[1].num, NOW - 12 * 3600);
	assert_int_equal(q->params[2].num, 1420070400);
	query_free(q);

	/* Unknown prefixes are words. */
	match_is("http://x", 0, "(\"http://x\")", "");
}

static void
test_injection(void **state)
{
	/* Quotes are doubled inside FTS strings; operators are words. */
	match_is("NEAR(a b) AND NOT ^x {title}:y", 0,
	    "(\"NEAR(a\") AND (\"b)\") AND (\"AND\") AND (\"NOT\") AND "
	    "(\"^x\") AND (\"{title}:y\")", "");
	match_is("a\"b\"", 0, "(\"a\") AND (\"b\")", "");
	/* Punctuation only is skipped; nothing left is an error. */
	match_is("+++ word", 0, "(\"word\")", "");
	bad("+++ ***", "nothing to search for");
	match_is("feed:'; DROP TABLE items; --", 0,
	    "(\"DROP\") AND (\"TABLE\") AND (\"items;\")",
	    " AND i.feed_id IN (SELECT id FROM feeds WHERE coalesce("
	    "config_title, title, '') LIKE ? ESCAPE '\\' OR url LIKE ? "
	    "ESCAPE '\\')");
}

static void
test_prefix_last(void **state)
{
	struct query *q;

	match_is("familie", QUERY_PREFIX_LAST, "(\"familie\"*)", "");
	match_is("familie ", QUERY_PREFIX_LAST, "(\"familie\")", "");
	/* Too short to be a useful prefix (it would match everything). */
	match_is("fa", QUERY_PREFIX_LAST, "(\"fa\")", "");
	match_is("blå", QUERY_PREFIX_LAST, "(\"blå\"*)", "");
	match_is("oslo berg", QUERY_PREFIX_LAST,
	    "(\"oslo\") AND (\"berg\"*)", "");
	/* While typing, an open quote is closed for you. */
	match_is("\"open sou", QUERY_PREFIX_LAST, "(\"open sou\")", "");
	match_is("tag:nor", QUERY_PREFIX_LAST, NULL,
	    " AND i.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ? "
	    "COLLATE NOCASE)");
	q = parse("oslo \"bergen x\" ber", QUERY_PREFIX_LAST);
	assert_int_equal(q->nterms, 3);
	assert_string_equal(q->terms[1].text, "bergen x");
	assert_int_equal(q->terms[2].prefix, 1);
	query_free(q);
}

static void
test_bad_input(void **state)
{
	bad("", "nothing to search for");
	bad("   ", "nothing to search for");
	bad("\"unclosed", "missing closing quote");
	bad("OR x", "OR needs a word on each side");
	bad("x OR", "OR needs a word on each side");
	bad("x OR OR y", "OR needs a word on each side");
	bad("x OR -y", "OR needs a word on each side");
	bad("is:nonsense", "is:nonsense");
	bad("since:yesterday", "since:yesterday");
	bad("since:2015-13-01", "since:2015-13-01");
	bad("since:7x", "since:7x");
	bad("-since:7d", "until");
	bad("feed:", "feed: needs a value");
	bad("tag:\"\"", "tag: needs a value");
	bad("author:...", "author: needs a name");
	assert_true(query_is_empty(NULL));
	assert_true(query_is_empty(" \t"));
	assert_false(query_is_empty(" x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_or_and_not),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_injection),
		cmocka_unit_test(test_prefix_last),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
