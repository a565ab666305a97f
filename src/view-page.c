/*
 * The view engine's paging: a window of rows around what is on screen,
 * fetched page by page through the view's keyset fetch(), trimmed to
 * VIEW_PAGE_MAX rows, and fetched again around the selection when the
 * store's generation moves.  Knows nothing of what a row is.
 */
#include <stdlib.h>
#include <string.h>

#include "tidende/view-page.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

#define ROW(pg, i)	((pg)->rows + (i) * (pg)->ops->row_size)

void
view_page_init(struct view_page *pg, const struct view_page_ops *ops)
{
	memset(pg, 0, sizeof *pg);
	pg->ops = ops;
}

/* Free rows [from, from + n) (what they hold; the array stays). */
static void
view_page_free_rows(struct view_page *pg, size_t from, size_t n)
{
	size_t i;

	if (pg->ops->clear != NULL)
		for (i = from; i < from + n; i++)
			pg->ops->clear(ROW(pg, i));
}

void
view_page_clear(struct view_page *pg)
{
	view_page_free_rows(pg, 0, pg->nrows);
	free(pg->rows);
	pg->rows = NULL;
	pg->nrows = 0;
	pg->base = 0;
	pg->at_end = 0;
}

void
view_page_fail(struct view_page *pg, int failed)
{
	pg->failed = failed;
}

void *
view_page_row(struct view_page *pg, size_t line)
{
	if (line < pg->base || line >= pg->base + pg->nrows)
		return NULL;
	return ROW(pg, line - pg->base);
}

static size_t
view_page_fetch(struct view *v, struct view_page *pg, const void *from,
    int backwards, size_t limit, void **rows)
{
	*rows = NULL;
	if (pg->failed)
		return 0;
	return pg->ops->fetch(v, from, backwards, limit, rows);
}

static void
view_page_append(struct view_page *pg, void *rows, size_t n)
{
	size_t sz = pg->ops->row_size;

	if (n == 0) {
		free(rows);
		return;
	}
	pg->rows = xreallocarray(pg->rows, pg->nrows + n + 1, sz);
	memcpy(ROW(pg, pg->nrows), rows, n * sz);
	pg->nrows += n;
	free(rows);
}

static void
view_page_prepend(struct view_page *pg, void *rows, size_t n)
{
	size_t sz = pg->ops->row_size;

	if (n == 0) {
		free(rows);
		return;
	}
	pg->rows = xreallocarray(pg->rows, pg->nrows + n + 1, sz);
	memmove(ROW(pg, n), pg->rows, pg->nrows * sz);
	memcpy(pg->rows, rows, n * sz);
	pg->nrows += n;
	free(rows);
}

/* The last rows of the list, for `last`. */
static void
view_page_fetch_tail(struct view *v, struct view_page *pg, size_t want)
{
	void *rows;
	size_t n;

	view_page_clear(pg);
	n = view_page_fetch(v, pg, NULL, 1, want, &rows);
	view_page_append(pg, rows, n);
	pg->at_end = 1;
	if (n < want || v->lines < n) {
		v->lines = n;
		pg->base = 0;
	} else
		pg->base = v->lines - n;
}

/* Line numbers were estimates: move every one by -shift. */
static void
view_page_shift(struct view *v, long long shift)
{
	v->offset = (size_t)((long long)v->offset - shift);
	v->lineno = (size_t)((long long)v->lineno - shift);
	v->lines = (size_t)((long long)v->lines - shift);
}

/*
 * Line numbers are estimates once rows came in above the window.  With
 * the last row read it is line total - 1, so they are exact again; short
 * of it, no more than total - nrows rows can be above these.
 */
static void
view_page_settle(struct view *v, struct view_page *pg)
{
	long long shift;

	if (pg->failed || pg->total < (int64_t)pg->nrows)
		return;
	shift = (long long)(pg->base + pg->nrows) - pg->total;
	if (shift > 0 || (pg->at_end && shift < 0)) {
		view_page_shift(v, shift);
		pg->base = (size_t)pg->total - pg->nrows;
	}
	/* short of the end the count is the number of lines, whatever moved */
	if (!pg->at_end)
		v->lines = (size_t)pg->total;
}

void
view_page_extend_forward(struct view *v, struct view_page *pg, size_t hi)
{
	void *rows;
	size_t want, n;

	while (!pg->at_end && pg->base + pg->nrows < hi) {
		want = hi - (pg->base + pg->nrows);
		if (want < VIEW_PAGE_ROWS)
			want = VIEW_PAGE_ROWS;
		n = view_page_fetch(v, pg, pg->nrows > 0 ?
		    ROW(pg, pg->nrows - 1) : NULL, 0, want, &rows);
		view_page_append(pg, rows, n);
		if (n < want) {
			pg->at_end = 1;
			v->lines = pg->base + pg->nrows;
		}
		if (n == 0)
			break;
	}
	view_page_settle(v, pg);
	if (v->lines < pg->base + pg->nrows)
		v->lines = pg->base + pg->nrows;
}

void
view_page_extend_backward(struct view *v, struct view_page *pg, size_t lo)
{
	void *rows;
	size_t want, n;
	long long nb;

	while (pg->nrows > 0 && lo < pg->base) {
		want = pg->base - lo;
		if (want < VIEW_PAGE_ROWS)
			want = VIEW_PAGE_ROWS;
		n = view_page_fetch(v, pg, ROW(pg, 0), 1, want, &rows);
		view_page_prepend(pg, rows, n);
		nb = (long long)pg->base - (long long)n;
		if (n < want || nb < 0) {
			/* The top of the list: rows[0] is line 0. */
			pg->base = 0;
			view_page_shift(v, nb);
			break;
		}
		pg->base = (size_t)nb;
	}
	if (pg->nrows == 0)
		pg->base = 0;
}

/* Keep at most VIEW_PAGE_MAX, dropping what is far from [lo, hi). */
static void
view_page_trim(struct view_page *pg, size_t lo, size_t hi)
{
	size_t drop;

	if (pg->nrows <= VIEW_PAGE_MAX)
		return;
	if (lo > pg->base + VIEW_PAGE_ROWS) {
		drop = lo - pg->base - VIEW_PAGE_ROWS;
		if (drop > pg->nrows - VIEW_PAGE_MAX)
			drop = pg->nrows - VIEW_PAGE_MAX;
		view_page_free_rows(pg, 0, drop);
		memmove(pg->rows, ROW(pg, drop), (pg->nrows - drop) *
		    pg->ops->row_size);
		pg->nrows -= drop;
		pg->base += drop;
	}
	if (pg->nrows > VIEW_PAGE_MAX && pg->base + pg->nrows >
	    hi + VIEW_PAGE_ROWS) {
		drop = pg->nrows - VIEW_PAGE_MAX;
		view_page_free_rows(pg, pg->nrows - drop, drop);
		pg->nrows -= drop;
		pg->at_end = 0;
	}
}

void
view_page_fill(struct view *v, struct view_page *pg)
{
	size_t h = v->area.height > 0 ? (size_t)v->area.height : 1, lo, hi;

	if (pg->failed)
		return;
	lo = v->offset < v->lineno ? v->offset : v->lineno;
	if (lo > 0)
		lo--;	/* keep the line above the top: refetch anchor */
	hi = v->offset + h > v->lineno + 1 ? v->offset + h : v->lineno + 1;
	if (pg->nrows == 0 && pg->at_end)
		return;
	if (pg->nrows == 0 || lo > pg->base + pg->nrows + 4 * VIEW_PAGE_ROWS ||
	    hi + 4 * VIEW_PAGE_ROWS < pg->base) {
		if (lo > 4 * VIEW_PAGE_ROWS && v->lines > lo) {
			view_page_fetch_tail(v, pg, v->lines - lo +
			    VIEW_PAGE_ROWS);
		} else {
			view_page_clear(pg);
			view_page_extend_forward(v, pg, hi + VIEW_PAGE_ROWS);
		}
		view_clamp(v);
		return;
	}
	view_page_extend_forward(v, pg, hi);
	view_page_extend_backward(v, pg, lo);
	view_page_trim(pg, lo, hi);
	view_clamp(v);
}

/* Select the row with id among the rows held from index `from`. */
static int
view_page_find(struct view *v, struct view_page *pg, int64_t id,
    size_t from)
{
	size_t i;

	for (i = from; i < pg->nrows; i++)
		if (pg->ops->id(ROW(pg, i)) == id) {
			v->lineno = pg->base + i;
			return 1;
		}
	return 0;
}

void
view_page_reload(struct view *v, struct view_page *pg)
{
	void *anchor, *rows;
	int64_t sel_id = -1;
	size_t h = v->area.height > 0 ? (size_t)v->area.height : 1, n;
	size_t screen_row, from_end;
	int found;

	if ((anchor = view_page_row(pg, v->lineno)) != NULL)
		sel_id = pg->ops->id(anchor);
	/* rows that come in above the selection leave this as it was */
	from_end = v->lines > v->lineno ? v->lines - v->lineno : 0;
	screen_row = v->lineno >= v->offset ? v->lineno - v->offset : 0;
	anchor = v->offset > 0 ? view_page_row(pg, v->offset - 1) : NULL;
	if (anchor == NULL || pg->failed) {
		view_page_clear(pg);
		v->lines = (size_t)pg->total;
		if (v->offset > 0 && anchor == NULL)
			v->offset = v->lineno = 0;
		view_page_fill(v, pg);
	} else {
		/* The rows after the line above the screen, read afresh. */
		n = view_page_fetch(v, pg, anchor, 0, h + VIEW_PAGE_ROWS,
		    &rows);
		view_page_clear(pg);
		pg->base = v->offset;
		view_page_append(pg, rows, n);
		pg->at_end = n < h + VIEW_PAGE_ROWS;
		v->lines = pg->at_end ? pg->base + n : (size_t)pg->total;
		if (v->lines < pg->base + n)
			v->lines = pg->base + n;
		/* Keep the line above as the next anchor. */
		view_page_extend_backward(v, pg, v->offset > 0 ?
		    v->offset - 1 : 0);
	}
	/*
	 * The selection stays on its row, on the same screen line (as in
	 * mutt), when new rows come in above it; if it is gone from the
	 * rows read (many arrived), read on a little to find it.
	 */
	found = sel_id != -1 && view_page_find(v, pg, sel_id, 0);
	while (sel_id != -1 && !found && !pg->failed && !pg->at_end &&
	    pg->nrows < VIEW_PAGE_MAX) {
		n = pg->nrows;
		view_page_extend_forward(v, pg, pg->base + n +
		    VIEW_PAGE_ROWS);
		if (pg->nrows == n)
			break;
		found = view_page_find(v, pg, sel_id, n);
	}
	/*
	 * More came in above it than the rows held: look for it as far from
	 * the end as it was (read from the end, so the cost is that
	 * distance, kept to one window of rows).
	 */
	if (sel_id != -1 && !found && !pg->failed && from_end > 0 &&
	    from_end <= VIEW_PAGE_MAX / 2 && pg->total >= (int64_t)from_end &&
	    (size_t)pg->total - from_end > 4 * VIEW_PAGE_ROWS) {
		v->lines = (size_t)pg->total;
		v->lineno = (size_t)pg->total - from_end;
		v->offset = v->lineno >= screen_row ? v->lineno - screen_row :
		    0;
		view_page_fetch_tail(v, pg, from_end + screen_row +
		    VIEW_PAGE_ROWS);
		found = view_page_find(v, pg, sel_id, 0);
	}
	view_page_settle(v, pg);
	if (found)
		v->offset = v->lineno >= screen_row ? v->lineno - screen_row :
		    0;
	view_clamp(v);
	v->dirty = 1;
}
