/*
 * Unit tests for the interface's pure parts: which words of a query are
 * highlighted, finding matches case-insensitively in any script, and the
 * view engine's moving and scrolling on a view with no curses window.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>

#include "tidende/request.h"
#include "tidende/match.h"
#include "tidende/view.h"

static void
terms_are(const char *q, const char *want)
{
	char **t, joined[256] = "";
	size_t n, i;

	t = match_terms(q, &n);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(joined, "|");
		strcat(joined, t[i]);
	}
	assert_string_equal(joined, want);
	match_terms_free(t, n);
}

static void
test_match_terms(void **state)
{
	terms_are("familietelefon", "familietelefon");
	terms_are("blå* bær", "blå|bær");
	terms_are("\"en frase\" -ikke OR annet", "en frase|annet");
	terms_are("feed:nrk tag:norsk is:unread since:7d ord", "ord");
	terms_are("(a OR b) AND c NOT d", "a|b|c|d");
	terms_are("", "");
	terms_are("\"unclosed", "unclosed");
}

static void
test_match_find(void **state)
{
	char t0[] = "blåbær", t1[] = "ØL", t2[] = "東京";
	char *terms[] = { t0, t1, t2 };
	size_t st[8], ln[8], n;
	const char *s = "Blåbær og øl i 東京: BLÅBÆR";

	n = match_find(s, terms, 3, st, ln, 8);
	assert_int_equal(n, 4);
	assert_int_equal(st[0], 0);
	assert_int_equal(ln[0], strlen("Blåbær"));
	assert_true(strncmp(s + st[1], "øl", ln[1]) == 0);
	assert_true(strncmp(s + st[2], "東京", ln[2]) == 0);
	assert_true(strncmp(s + st[3], "BLÅBÆR", ln[3]) == 0);
	/* The cap is respected. */
	assert_int_equal(match_find(s, terms, 3, st, ln, 2), 2);
	assert_int_equal(match_find(s, terms, 0, st, ln, 8), 0);
	assert_int_equal(match_find(NULL, terms, 3, st, ln, 8), 0);
}

static void
dummy_draw(struct view *v, size_t line, int row, int selected)
{
}

static const struct view_ops list_ops = {
	.name = "test-list",
	.draw_line = dummy_draw,
};
static const struct view_ops pager_ops = {
	.name = "test-pager",
	.flags = VIEW_PAGER,
	.draw_line = dummy_draw,
};

static void
test_view_moves(void **state)
{
	struct view *v = view_new(NULL, &list_ops);

	v->area.height = 10;
	v->lines = 100;
	assert_int_equal(view_move(v, REQ_NEXT), REQ_NONE);
	assert_int_equal(v->lineno, 1);
	view_move(v, REQ_PAGE_DOWN);
	assert_int_equal(v->lineno, 11);
	assert_true(v->lineno >= v->offset && v->lineno < v->offset + 10);
	view_move(v, REQ_LAST);
	assert_int_equal(v->lineno, 99);
	assert_int_equal(v->offset, 90);
	view_move(v, REQ_NEXT);
	assert_int_equal(v->lineno, 99);
	view_move(v, REQ_FIRST);
	assert_int_equal(v->lineno, 0);
	assert_int_equal(v->offset, 0);
	view_move(v, REQ_PREV);
	assert_int_equal(v->lineno, 0);
	/* Shrinking keeps the selection inside. */
	view_move(v, REQ_LAST);
	v->lines = 5;
	view_clamp(v);
	assert_int_equal(v->lineno, 4);
	assert_int_equal(v->offset, 0);
	/* Requests it does not know come back. */
	assert_int_equal(view_move(v, REQ_OPEN), REQ_OPEN);
	view_free(v);
}

static void
test_view_pager(void **state)
{
	struct view *v = view_new(NULL, &pager_ops);

	v->area.height = 10;
	v->lines = 25;
	view_move(v, REQ_NEXT);
	assert_int_equal(v->offset, 1);
	view_move(v, REQ_PAGE_DOWN);
	assert_int_equal(v->offset, 10);
	view_move(v, REQ_PAGE_DOWN);
	assert_int_equal(v->offset, 15);	/* the last page, not beyond */
	view_move(v, REQ_PAGE_UP);
	assert_int_equal(v->offset, 6);
	view_move(v, REQ_FIRST);
	assert_int_equal(v->offset, 0);
	v->lines = 3;
	view_clamp(v);
	assert_int_equal(v->offset, 0);
	view_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_terms),
		cmocka_unit_test(test_match_find),
		cmocka_unit_test(test_view_moves),
		cmocka_unit_test(test_view_pager),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
