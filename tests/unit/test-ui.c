/*
 * Unit tests for the interface's pure parts: which words of a query are
 * highlighted, finding matches case-insensitively in any script, the
 * view engine's moving and scrolling on a view with no curses window, and
 * its paging over a list held in memory instead of the store.
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
#include "tidende/view-page.h"
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

/* Full-width Latin matches ASCII both ways, as in the search index. */
static void
test_match_full_width(void **state)
{
	char t0[] = "nhk", t1[] = "ＷＯＲＬＤ";
	char *terms[] = { t0, t1 };
	size_t st[8], ln[8];
	const char *s = "ＮＨＫニュース: NHK World";

	(void)state;
	assert_int_equal(match_find(s, terms, 2, st, ln, 8), 3);
	assert_int_equal(st[0], 0);
	assert_int_equal(ln[0], strlen("ＮＨＫ"));
	assert_true(strncmp(s + st[1], "NHK", ln[1]) == 0 && ln[1] == 3);
	assert_true(strncmp(s + st[2], "World", ln[2]) == 0 && ln[2] == 5);
}

/* The ideographic space (U+3000) ends a search word, as a space does. */
static void
test_match_terms_wide_space(void **state)
{
	size_t n;
	char **v = match_terms("東京\xe3\x80\x80大阪\xe3\x80\x80", &n);

	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "東京");
	assert_string_equal(v[1], "大阪");
	match_terms_free(v, n);
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

/* ---------------------------------------------------------- paging */

/* The "store": ids in list order; a fetch is a keyset query on it. */
static int64_t pg_list[20000];
static size_t pg_len;
static size_t pg_fetches;

static size_t
pg_pos(int64_t id)
{
	size_t i;

	for (i = 0; i < pg_len; i++)
		if (pg_list[i] == id)
			return i;
	fail_msg("row %lld is not in the list", (long long)id);
	return 0;
}

static size_t
pg_fetch(struct view *v, const void *from, int backwards, size_t limit,
    void **rows)
{
	size_t start, end, n;
	int64_t *out;

	pg_fetches++;
	if (!backwards) {
		start = from != NULL ? pg_pos(*(const int64_t *)from) + 1 : 0;
		end = start + limit < pg_len ? start + limit : pg_len;
	} else {
		end = from != NULL ? pg_pos(*(const int64_t *)from) : pg_len;
		start = end > limit ? end - limit : 0;
	}
	n = end > start ? end - start : 0;
	out = malloc((n + 1) * sizeof *out);
	memcpy(out, pg_list + start, n * sizeof *out);
	*rows = out;
	return n;
}

static int64_t
pg_id(const void *row)
{
	return *(const int64_t *)row;
}

static const struct view_page_ops pg_ops = {
	.row_size = sizeof(int64_t),
	.fetch = pg_fetch,
	.id = pg_id,
};

static void
pg_fill_list(size_t n)
{
	size_t i;

	/* Newest first: ids count down. */
	pg_len = n;
	for (i = 0; i < n; i++)
		pg_list[i] = (int64_t)(100000 - i);
}

/* Every line on screen and the selection held, and the right row. */
static void
pg_check_screen(struct view *v, struct view_page *pg)
{
	size_t line;
	int64_t *r;

	assert_true(pg->nrows <= VIEW_PAGE_MAX);
	for (line = v->offset; line < v->offset + (size_t)v->area.height &&
	    line < v->lines; line++) {
		r = view_page_row(pg, line);
		assert_non_null(r);
		assert_int_equal(*r, pg_list[line]);
	}
	assert_non_null(view_page_row(pg, v->lineno));
}

static void
test_view_page_window(void **state)
{
	struct view *v = view_new(NULL, &list_ops);
	struct view_page pg;
	int i;

	pg_fill_list(10000);
	view_page_init(&pg, &pg_ops);
	pg.total = (int64_t)pg_len;
	v->area.height = 20;
	v->lines = pg_len;
	view_page_reload(v, &pg);
	pg_check_screen(v, &pg);
	assert_true(pg.nrows < 200);	/* a window, not the list */
	/* Jump to the end: the tail is read, line numbers exact. */
	view_move(v, REQ_LAST);
	view_page_fill(v, &pg);
	assert_int_equal(v->lineno, 9999);
	pg_check_screen(v, &pg);
	/* Scroll back a long way: pages come in above, never too many. */
	for (i = 0; i < 300; i++) {
		view_move(v, REQ_PAGE_UP);
		view_page_fill(v, &pg);
		pg_check_screen(v, &pg);
	}
	/* Down again, one line at a time for a while. */
	for (i = 0; i < 3000; i++) {
		view_move(v, REQ_NEXT);
		view_page_fill(v, &pg);
	}
	pg_check_screen(v, &pg);
	view_page_clear(&pg);
	view_free(v);
}

static void
test_view_page_reload(void **state)
{
	struct view *v = view_new(NULL, &list_ops);
	struct view_page pg;
	int64_t sel;
	size_t i;

	pg_fill_list(500);
	view_page_init(&pg, &pg_ops);
	pg.total = (int64_t)pg_len;
	v->area.height = 20;
	v->lines = pg_len;
	view_page_reload(v, &pg);
	for (i = 0; i < 100; i++)
		view_move(v, REQ_NEXT);
	view_page_fill(v, &pg);
	sel = *(int64_t *)view_page_row(&pg, v->lineno);
	assert_int_equal(v->lineno - v->offset, 19);
	/* Seven new rows arrive at the top: the store moved. */
	memmove(pg_list + 7, pg_list, pg_len * sizeof *pg_list);
	for (i = 0; i < 7; i++)
		pg_list[i] = (int64_t)(200000 + i);
	pg_len += 7;
	pg.total = (int64_t)pg_len;
	view_page_reload(v, &pg);
	/* The selection stays on its row, on the same screen line. */
	assert_int_equal(*(int64_t *)view_page_row(&pg, v->lineno), sel);
	assert_int_equal(v->lineno - v->offset, 19);
	assert_int_equal(v->lines, 507);
	view_move(v, REQ_FIRST);
	view_page_fill(v, &pg);
	pg_check_screen(v, &pg);
	/* Reading back to the top made the line numbers exact (+7). */
	assert_int_equal(v->offset, 7);
	view_move(v, REQ_FIRST);
	view_page_fill(v, &pg);
	/* At the top, new rows push the selected row down: it is found
	 * again and kept on its screen line. */
	for (i = 0; i < 10; i++)
		view_move(v, REQ_NEXT);
	view_page_fill(v, &pg);
	assert_int_equal(v->offset, 0);
	sel = *(int64_t *)view_page_row(&pg, v->lineno);
	memmove(pg_list + 3, pg_list, pg_len * sizeof *pg_list);
	for (i = 0; i < 3; i++)
		pg_list[i] = (int64_t)(300000 + i);
	pg_len += 3;
	pg.total = (int64_t)pg_len;
	view_page_reload(v, &pg);
	assert_int_equal(v->lineno, 13);
	assert_int_equal(*(int64_t *)view_page_row(&pg, v->lineno), sel);
	assert_int_equal(v->lineno - v->offset, 10);
	pg_check_screen(v, &pg);
	/* A failed fetch stops the asking until the view clears it. */
	view_page_clear(&pg);
	view_page_fail(&pg, 1);
	pg_fetches = 0;
	view_page_fill(v, &pg);
	assert_int_equal(pg_fetches, 0);
	assert_null(view_page_row(&pg, 0));
	view_page_fail(&pg, 0);
	view_page_fill(v, &pg);
	assert_true(pg_fetches > 0);
	pg_check_screen(v, &pg);
	view_page_clear(&pg);
	view_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_terms),
		cmocka_unit_test(test_match_find),
		cmocka_unit_test(test_match_full_width),
		cmocka_unit_test(test_match_terms_wide_space),
		cmocka_unit_test(test_view_moves),
		cmocka_unit_test(test_view_pager),
		cmocka_unit_test(test_view_page_window),
		cmocka_unit_test(test_view_page_reload),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
