/*
 * The article list: date, feed, title, unread and starred marks in
 * aligned columns.  It holds only a window of rows around what is on
 * screen, fetched page by page from the store (keyset pagination) and
 * fetched again when the store's generation moves.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/db-items.h"
#include "tidende/db-queue.h"
#include "tidende/options.h"
#include "tidende/translate.h"
#include "tidende/ui.h"
#include "tidende/utf8.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

#define ITEMS_PAGE	64
#define ITEMS_MAX_ROWS	1024

struct items {
	struct db_filter filter;
	char		*tag;
	char		*search;
	char		*label;
	int		 unread_only;	/* as asked; show-read no forces it */
	struct db_row	*rows;
	size_t		 nrows;
	size_t		 base;		/* line number of rows[0] */
	int		 at_end;	/* rows reach the end of the list */
	int64_t		 total;
	int64_t		 unread;
	char		*error;
	char		**terms;
	size_t		 nterms;
	/* translate-titles: one background job for the rows on screen */
	struct translate_job *tjob;
	int64_t		 tkey;		/* first visible row id when started */
	size_t		 tkey_n;
};

static void
items_clear(struct items *it)
{
	db_items_rows_free(it->rows, it->nrows);
	it->rows = NULL;
	it->nrows = 0;
	it->base = 0;
	it->at_end = 0;
}

static void
items_set_error(struct view *v, char *cause)
{
	struct items *it = v->priv;

	free(it->error);
	it->error = cause;
	if (cause != NULL)
		ui_error(v->ui, "%s", cause);
}

/* Fetch up to limit rows after (or before) c; returns them. */
static size_t
items_fetch(struct view *v, const struct db_cursor *c, int backwards,
    size_t limit, struct db_row **rows)
{
	struct items *it = v->priv;
	char *cause = NULL;
	size_t n = 0;

	*rows = NULL;
	if (v->ui->db == NULL || it->error != NULL)
		return 0;
	if (db_items_page(v->ui->db, &it->filter, c, backwards, limit, rows,
	    &n, &cause) != STATUS_OK) {
		items_set_error(v, cause != NULL ? cause :
		    xstrdup("cannot read the cache"));
		*rows = NULL;
		return 0;
	}
	return n;
}

static void
items_append(struct items *it, struct db_row *rows, size_t n)
{
	if (n == 0) {
		free(rows);
		return;
	}
	it->rows = xreallocarray(it->rows, it->nrows + n + 1,
	    sizeof *it->rows);
	memcpy(it->rows + it->nrows, rows, n * sizeof *rows);
	it->nrows += n;
	free(rows);
}

static void
items_prepend(struct items *it, struct db_row *rows, size_t n)
{
	if (n == 0) {
		free(rows);
		return;
	}
	it->rows = xreallocarray(it->rows, it->nrows + n + 1,
	    sizeof *it->rows);
	memmove(it->rows + n, it->rows, it->nrows * sizeof *rows);
	memcpy(it->rows, rows, n * sizeof *rows);
	it->nrows += n;
	free(rows);
}

/* The last rows of the list, for `last`. */
static void
items_fetch_tail(struct view *v, size_t want)
{
	struct items *it = v->priv;
	struct db_row *rows;
	size_t n;

	items_clear(it);
	n = items_fetch(v, NULL, 1, want, &rows);
	items_append(it, rows, n);
	it->at_end = 1;
	if (n < want || v->lines < n) {
		v->lines = n;
		it->base = 0;
	} else
		it->base = v->lines - n;
}

static void	items_shift(struct view *, long long);

/*
 * Line numbers are estimates once rows came in above the window.  With
 * the last row read it is line total - 1, so they are exact again; short
 * of it, no more than total - nrows rows can be above these.
 */
static void
items_settle(struct view *v)
{
	struct items *it = v->priv;
	long long shift;

	if (it->error != NULL || it->total < (int64_t)it->nrows)
		return;
	shift = (long long)(it->base + it->nrows) - it->total;
	if (shift > 0 || (it->at_end && shift < 0)) {
		items_shift(v, shift);
		it->base = (size_t)it->total - it->nrows;
	}
	/* short of the end the count is the number of lines, whatever moved */
	if (!it->at_end)
		v->lines = (size_t)it->total;
}

static void
items_extend_forward(struct view *v, size_t hi)
{
	struct items *it = v->priv;
	struct db_cursor c;
	struct db_row *rows;
	size_t want, n;

	while (!it->at_end && it->base + it->nrows < hi) {
		want = hi - (it->base + it->nrows);
		if (want < ITEMS_PAGE)
			want = ITEMS_PAGE;
		if (it->nrows > 0)
			db_items_row_cursor(&it->rows[it->nrows - 1], &c);
		n = items_fetch(v, it->nrows > 0 ? &c : NULL, 0, want, &rows);
		items_append(it, rows, n);
		if (n < want) {
			it->at_end = 1;
			v->lines = it->base + it->nrows;
		}
		if (n == 0)
			break;
	}
	items_settle(v);
	if (v->lines < it->base + it->nrows)
		v->lines = it->base + it->nrows;
}

static void
items_shift(struct view *v, long long shift)
{
	/* Line numbers were estimates: move every one by -shift. */
	v->offset = (size_t)((long long)v->offset - shift);
	v->lineno = (size_t)((long long)v->lineno - shift);
	v->lines = (size_t)((long long)v->lines - shift);
}

static void
items_extend_backward(struct view *v, size_t lo)
{
	struct items *it = v->priv;
	struct db_cursor c;
	struct db_row *rows;
	size_t want, n;
	long long nb;

	while (it->nrows > 0 && lo < it->base) {
		want = it->base - lo;
		if (want < ITEMS_PAGE)
			want = ITEMS_PAGE;
		db_items_row_cursor(&it->rows[0], &c);
		n = items_fetch(v, &c, 1, want, &rows);
		items_prepend(it, rows, n);
		nb = (long long)it->base - (long long)n;
		if (n < want || nb < 0) {
			/* The top of the list: rows[0] is line 0. */
			it->base = 0;
			items_shift(v, nb);
			break;
		}
		it->base = (size_t)nb;
	}
	if (it->nrows == 0)
		it->base = 0;
}

/* Free rows inside our array (db_items_rows_free frees the array too). */
static void
items_rows_free(struct db_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		db_items_row_clear(&rows[i]);
}

/* Keep at most ITEMS_MAX_ROWS, dropping what is far from [lo, hi). */
static void
items_trim(struct view *v, size_t lo, size_t hi)
{
	struct items *it = v->priv;
	size_t drop;

	if (it->nrows <= ITEMS_MAX_ROWS)
		return;
	if (lo > it->base + ITEMS_PAGE) {
		drop = lo - it->base - ITEMS_PAGE;
		if (drop > it->nrows - ITEMS_MAX_ROWS)
			drop = it->nrows - ITEMS_MAX_ROWS;
		items_rows_free(it->rows, drop);
		memmove(it->rows, it->rows + drop, (it->nrows - drop) *
		    sizeof *it->rows);
		it->nrows -= drop;
		it->base += drop;
	}
	if (it->nrows > ITEMS_MAX_ROWS && it->base + it->nrows >
	    hi + ITEMS_PAGE) {
		drop = it->nrows - ITEMS_MAX_ROWS;
		items_rows_free(it->rows + it->nrows - drop, drop);
		it->nrows -= drop;
		it->at_end = 0;
	}
}

static void
items_fill(struct view *v)
{
	struct items *it = v->priv;
	size_t h = v->height > 0 ? (size_t)v->height : 1, lo, hi;

	if (it->error != NULL)
		return;
	lo = v->offset < v->lineno ? v->offset : v->lineno;
	if (lo > 0)
		lo--;	/* keep the line above the top: refetch anchor */
	hi = v->offset + h > v->lineno + 1 ? v->offset + h : v->lineno + 1;
	if (it->nrows == 0 && it->at_end)
		return;
	if (it->nrows == 0 || lo > it->base + it->nrows + 4 * ITEMS_PAGE ||
	    hi + 4 * ITEMS_PAGE < it->base) {
		if (lo > 4 * ITEMS_PAGE && v->lines > lo) {
			items_fetch_tail(v, v->lines - lo + ITEMS_PAGE);
		} else {
			items_clear(it);
			items_extend_forward(v, hi + ITEMS_PAGE);
		}
		view_clamp(v);
		return;
	}
	items_extend_forward(v, hi);
	items_extend_backward(v, lo);
	items_trim(v, lo, hi);
	view_clamp(v);
}

static struct db_row *items_row(struct view *, size_t);

static void
items_titles_done(const struct translate_titles_result *r, void *arg)
{
	struct view *v = arg;
	struct items *it = v->priv;

	if (r->status != STATUS_OK && r->status != STATUS_CANCELLED &&
	    r->error != NULL)
		ui_error(v->ui, "translate-titles: %s", r->error);
	if (r->last)
		it->tjob = NULL;
	view_dirty(v);
}

/*
 * With `set translate-titles yes`, translate the titles on screen in the
 * background once per screenful (a failing command is not retried until
 * the rows on screen change).
 */
static void
items_translate_titles(struct view *v)
{
	struct items *it = v->priv;
	size_t h = v->height > 0 ? (size_t)v->height : 1, first, n;
	struct db_row *r;

	if (!opt_bool(OPT_TRANSLATE_TITLES) || v->ui->db == NULL ||
	    it->tjob != NULL)
		return;
	first = v->offset;
	if ((r = items_row(v, first)) == NULL)
		return;
	n = it->base + it->nrows - first;
	if (n > h)
		n = h;
	if (it->tkey == r->id && it->tkey_n == n)
		return;
	it->tkey = r->id;
	it->tkey_n = n;
	it->tjob = translate_titles_start(v->ui->db, &v->ui->app->config, r,
	    n, items_titles_done, v);
}

static void
items_prepare(struct view *v)
{
	items_fill(v);
	items_translate_titles(v);
}

static struct db_row *
items_row(struct view *v, size_t line)
{
	struct items *it = v->priv;

	if (line < it->base || line >= it->base + it->nrows)
		return NULL;
	return &it->rows[line - it->base];
}

static void
items_count(struct view *v)
{
	struct items *it = v->priv;
	char *cause = NULL;

	it->total = it->unread = 0;
	if (v->ui->db == NULL)
		return;
	if (db_items_count(v->ui->db, &it->filter, &it->total, &it->unread,
	    &cause) != STATUS_OK) {
		items_set_error(v, cause != NULL ? cause :
		    xstrdup("cannot count articles"));
		it->total = 0;
	}
}

/* Select the row of article id among the rows read from index `from`. */
static int
items_find(struct view *v, int64_t id, size_t from)
{
	struct items *it = v->priv;
	size_t i;

	for (i = from; i < it->nrows; i++)
		if (it->rows[i].id == id) {
			v->lineno = it->base + i;
			return 1;
		}
	return 0;
}

/* Fetch again around the current position, keeping the selection. */
static void
items_refresh(struct view *v)
{
	struct items *it = v->priv;
	struct db_row *anchor, *rows;
	struct db_cursor c;
	int64_t sel_id = -1;
	size_t h = v->height > 0 ? (size_t)v->height : 1, n, screen_row;
	int found;

	if ((anchor = items_row(v, v->lineno)) != NULL)
		sel_id = anchor->id;
	screen_row = v->lineno >= v->offset ? v->lineno - v->offset : 0;
	free(it->error);
	it->error = NULL;
	it->filter.unread_only = it->unread_only || !opt_bool(OPT_SHOW_READ);
	items_count(v);
	anchor = v->offset > 0 ? items_row(v, v->offset - 1) : NULL;
	if (anchor == NULL || it->error != NULL) {
		items_clear(it);
		v->lines = (size_t)it->total;
		if (v->offset > 0 && anchor == NULL)
			v->offset = v->lineno = 0;
		items_fill(v);
	} else {
		db_items_row_cursor(anchor, &c);
		n = items_fetch(v, &c, 0, h + ITEMS_PAGE, &rows);
		items_clear(it);
		it->base = v->offset;
		items_append(it, rows, n);
		it->at_end = n < h + ITEMS_PAGE;
		v->lines = it->at_end ? it->base + n : (size_t)it->total;
		if (v->lines < it->base + n)
			v->lines = it->base + n;
		/* Keep the line above as the next anchor. */
		items_extend_backward(v, v->offset > 0 ? v->offset - 1 : 0);
	}
	/*
	 * The selection stays on its article, on the same screen line (as
	 * in mutt), when new articles come in above it; if it is gone from
	 * the rows read (many arrived), read on a little to find it.
	 */
	found = sel_id != -1 && items_find(v, sel_id, 0);
	while (sel_id != -1 && !found && it->error == NULL &&
	    !it->at_end && it->nrows < ITEMS_MAX_ROWS) {
		n = it->nrows;
		items_extend_forward(v, it->base + n + ITEMS_PAGE);
		if (it->nrows == n)
			break;
		found = items_find(v, sel_id, n);
	}
	items_settle(v);
	if (found)
		v->offset = v->lineno >= screen_row ? v->lineno - screen_row :
		    0;
	view_clamp(v);
	v->dirty = 1;
	v->ui->title_dirty = 1;
}

static void
items_open(struct view *v)
{
	struct items *it = v->priv;

	it->filter.view = DB_VIEW_ALL;
	items_refresh(v);
}

static void
items_done(struct view *v)
{
	struct items *it = v->priv;

	if (it->tjob != NULL)
		translate_cancel(it->tjob);
	it->tjob = NULL;
	items_clear(it);
	free(it->tag);
	free(it->search);
	free(it->label);
	free(it->error);
	match_terms_free(it->terms, it->nterms);
}

void
items_view_set(struct view *v, const struct items_spec *s)
{
	struct items *it = v->priv;

	free(it->tag);
	free(it->search);
	free(it->label);
	match_terms_free(it->terms, it->nterms);
	it->terms = NULL;
	it->nterms = 0;
	it->tag = xstrdup0(s->tag);
	it->search = xstrdup0(s->search);
	it->label = xstrdup0(s->label);
	memset(&it->filter, 0, sizeof it->filter);
	it->filter.view = (enum db_view)s->kind;
	it->filter.feed_id = s->feed_id;
	it->filter.tag = it->tag;
	it->filter.search = it->search;
	it->filter.by_relevance = s->by_relevance;
	it->filter.prefix_last = s->prefix_last;
	it->unread_only = s->unread_only;
	if (it->search != NULL)
		it->terms = match_terms(it->search, &it->nterms);
	items_clear(it);
	v->offset = v->lineno = 0;
	free(it->error);
	it->error = NULL;
	items_refresh(v);
}

int64_t
items_view_selected(struct view *v)
{
	struct db_row *r;

	if (v == NULL || v->ops != &items_view_ops)
		return -1;
	items_fill(v);
	r = items_row(v, v->lineno);
	return r != NULL ? r->id : -1;
}

const char *
items_view_search(struct view *v)
{
	struct items *it = v->priv;

	return it->filter.view == DB_VIEW_SEARCH ? it->search : NULL;
}

const char *
items_view_error(struct view *v)
{
	return ((struct items *)v->priv)->error;
}

void
items_view_counts(struct view *v, int64_t *total, int64_t *unread)
{
	struct items *it = v->priv;

	*total = it->total;
	*unread = it->unread;
}

void
items_view_toggle_unread(struct view *v)
{
	struct items *it = v->priv;

	it->unread_only = !it->unread_only;
	items_clear(it);
	v->offset = v->lineno = 0;
	items_refresh(v);
	ui_message(v->ui, it->unread_only ? "showing unread articles only" :
	    "showing all articles");
}

void
items_view_toggle_sort(struct view *v)
{
	struct items *it = v->priv;

	if (it->filter.view != DB_VIEW_SEARCH) {
		ui_message(v->ui, "sorting applies to search results");
		return;
	}
	it->filter.by_relevance = !it->filter.by_relevance;
	items_clear(it);
	v->offset = v->lineno = 0;
	items_refresh(v);
	ui_message(v->ui, it->filter.by_relevance ? "sorted by relevance" :
	    "sorted by date");
}

int
items_view_next_unread(struct view *v, int dir)
{
	struct db_row *r;
	size_t line = v->lineno, scanned = 0;

	for (;;) {
		if (dir > 0) {
			if (line + 1 >= v->lines)
				return 0;
			line++;
		} else {
			if (line == 0)
				return 0;
			line--;
		}
		if ((r = items_row(v, line)) == NULL) {
			if (dir > 0)
				items_extend_forward(v, line + ITEMS_PAGE);
			else
				items_extend_backward(v, line > ITEMS_PAGE ?
				    line - ITEMS_PAGE : 0);
			if ((r = items_row(v, line)) == NULL)
				return 0;
		}
		if (!r->read) {
			view_select(v, line);
			return 1;
		}
		/* Bounded: an unread article far away is not worth a stall. */
		if (++scanned > 5000)
			return 0;
	}
}

/* ------------------------------------------------------------- drawing */

/* The user's date-format: a format string from the config on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static size_t
items_strftime(char *out, size_t len, const struct tm *tm)
{
	return strftime(out, len, opt_str(OPT_DATE_FORMAT), tm);
}
#pragma GCC diagnostic pop

static void
items_draw_line(struct view *v, size_t line, int row, int selected)
{
	struct items *it = v->priv;
	struct db_row *r = items_row(v, line);
	int ascii = draw_ascii(), x = 0, w = v->width, fw, dw, extra;
	char date[64], *translated = NULL;
	struct tm tm;
	time_t t;

	extra = selected ? (v->ui->pane[v->ui->focus] == v ? A_REVERSE :
	    A_REVERSE | A_DIM) : 0;
	if (r == NULL) {
		draw_field(v, row, 0, "...", w, DRAW_DEFAULT, extra);
		return;
	}
	/* Marks: unread, starred. */
	x += draw_field(v, row, x, !r->read ? (ascii ? "N" : "\xe2\x97\x8f") :
	    " ", 2, DRAW_MARK, extra);
	x += draw_field(v, row, x, r->starred ? (ascii ? "*" :
	    "\xe2\x98\x85") : " ", 2, DRAW_MARK, extra);
	/* Date. */
	date[0] = '\0';
	if (r->date != FEED_NO_DATE && r->date != 0) {
		t = (time_t)r->date;
		if (localtime_r(&t, &tm) != NULL &&
		    items_strftime(date, sizeof date, &tm) == 0)
			date[0] = '\0';
	}
	dw = (int)utf8_width(date);
	if (dw > 20)
		dw = 20;
	/* The title matters most: dates only when 30 columns stay for it. */
	if (dw > 0 && w - x - dw - 2 >= 30) {
		x += draw_field(v, row, x, date, dw, DRAW_DATE, extra);
		x += draw_field(v, row, x, " ", 2, DRAW_DEFAULT, extra);
	}
	/* Feed, unless the list is one feed or the pane is narrow. */
	if (it->filter.view != DB_VIEW_FEED && w - x >= 50) {
		fw = (w - x) / 5;
		if (fw > 24)
			fw = 24;
		x += draw_field(v, row, x, r->feed_title != NULL ?
		    r->feed_title : r->feed_url, fw, DRAW_FEED, extra);
		x += draw_field(v, row, x, " ", 1, DRAW_DEFAULT, extra);
	}
	draw_clear(v, row, x, DRAW_DEFAULT, extra);
	if (opt_bool(OPT_TRANSLATE_TITLES) && v->ui->db != NULL)
		translated = translate_title_cached(v->ui->db,
		    &v->ui->app->config, r);
	if (translated != NULL)
		draw_matches(v, row, x, translated, w - x, r->read ?
		    DRAW_DEFAULT : DRAW_UNREAD, extra, NULL, 0);
	else if (r->title != NULL && *r->title != '\0')
		draw_matches(v, row, x, r->title, w - x, r->read ?
		    DRAW_DEFAULT : DRAW_UNREAD, extra, v->ui->terms != NULL ?
		    v->ui->terms : it->terms, v->ui->terms != NULL ?
		    v->ui->nterms : it->nterms);
	else
		draw_text(v, row, x, "(no title)", w - x, DRAW_DEFAULT,
		    extra | A_DIM);
	free(translated);
}

static void
items_title(struct view *v, struct buf *b)
{
	struct items *it = v->priv;

	switch (it->filter.view) {
	case DB_VIEW_ALL:
		buf_adds(b, "All articles");
		break;
	case DB_VIEW_FEED:
		buf_printf(b, "Feed: %s", it->label != NULL ? it->label :
		    "?");
		break;
	case DB_VIEW_TAG:
		buf_printf(b, "Tag: %s", it->tag != NULL ? it->tag : "");
		break;
	case DB_VIEW_STARRED:
		buf_adds(b, "Starred");
		break;
	case DB_VIEW_SEARCH:
		if (it->label != NULL)
			buf_printf(b, "Search %s: %s", it->label, it->search);
		else
			buf_printf(b, "Search: %s", it->search);
		buf_printf(b, " (%lld found, by %s)", (long long)it->total,
		    it->filter.by_relevance ? "relevance" : "date");
		if (it->unread_only)
			buf_adds(b, " [unread]");
		return;
	}
	if (it->unread_only || !opt_bool(OPT_SHOW_READ))
		buf_printf(b, " [unread only] (%lld)", (long long)it->unread);
	else
		buf_printf(b, " (%lld unread of %lld)", (long long)it->unread,
		    (long long)it->total);
}

/* ------------------------------------------------------------ requests */

static enum request
items_request(struct view *v, enum request req)
{
	struct items *it = v->priv;
	struct db_row *r = items_row(v, v->lineno);
	char *cause = NULL;

	switch (req) {
	case REQ_OPEN:
		if (r != NULL)
			ui_open_article(v->ui, r->id);
		return REQ_NONE;
	case REQ_TOGGLE_READ:
		if (r == NULL)
			return REQ_NONE;
		/* never waits: stored, or queued while the cache is busy */
		if (db_queue_set_read(v->ui->db, r->id, !r->read, NULL,
		    &cause) != STATUS_OK) {
			ui_error(v->ui, "%s", cause);
			free(cause);
			return REQ_NONE;
		}
		r->read = !r->read;
		v->dirty = 1;
		if (v->lineno + 1 < v->lines)
			view_move(v, REQ_NEXT);
		return REQ_NONE;
	case REQ_TOGGLE_STAR:
		if (r == NULL)
			return REQ_NONE;
		if (db_queue_set_starred(v->ui->db, r->id, !r->starred, NULL,
		    &cause) != STATUS_OK) {
			ui_error(v->ui, "%s", cause);
			free(cause);
			return REQ_NONE;
		}
		r->starred = !r->starred;
		v->dirty = 1;
		ui_message(v->ui, r->starred ? "starred" : "unstarred");
		return REQ_NONE;
	case REQ_MARK_ALL_READ:
		if (db_queue_mark_read(v->ui->db, &it->filter, NULL, &cause) !=
		    STATUS_OK) {
			ui_error(v->ui, "%s", cause != NULL ? cause :
			    "cannot mark read");
			free(cause);
		} else
			ui_message(v->ui, "marked every article here read");
		return REQ_NONE;
	case REQ_NEXT_UNREAD:
	case REQ_PREV_UNREAD:
		if (!items_view_next_unread(v, req == REQ_NEXT_UNREAD ? 1 :
		    -1))
			ui_message(v->ui, "no more unread articles");
		return REQ_NONE;
	case REQ_TOGGLE_UNREAD_ONLY:
		items_view_toggle_unread(v);
		return REQ_NONE;
	case REQ_SEARCH_SORT:
		items_view_toggle_sort(v);
		return REQ_NONE;
	default:
		return req;
	}
}

static const char *
items_empty(struct view *v)
{
	struct items *it = v->priv;

	if (it->error != NULL)
		return it->error;
	switch (it->filter.view) {
	case DB_VIEW_SEARCH:
		return "Nothing found.  Esc goes back; ? lists the search syntax.";
	case DB_VIEW_STARRED:
		return "No starred articles yet: s stars the selected one.";
	default:
		if (it->unread_only || !opt_bool(OPT_SHOW_READ))
			return "Nothing unread here.  U shows every article.";
		return v->ui->refresh != NULL ? "Fetching the feeds..." :
		    "No articles yet.  R refreshes every feed; ? shows the keys.";
	}
}

const struct view_ops items_view_ops = {
	.name = "articles",
	.private_size = sizeof(struct items),
	.open = items_open,
	.refresh = items_refresh,
	.prepare = items_prepare,
	.draw_line = items_draw_line,
	.request = items_request,
	.title = items_title,
	.empty = items_empty,
	.done = items_done,
};

const struct db_row *
items_view_row(struct view *v)
{
	if (v == NULL || v->ops != &items_view_ops)
		return NULL;
	items_fill(v);
	return items_row(v, v->lineno);
}

void
items_view_spec(struct view *v, struct items_spec *s)
{
	struct items *it = v->priv;

	memset(s, 0, sizeof *s);
	s->kind = (int)it->filter.view;
	s->feed_id = it->filter.feed_id;
	s->tag = it->tag;
	s->search = it->search;
	s->label = it->label;
	s->unread_only = it->unread_only;
	s->by_relevance = it->filter.by_relevance;
}
