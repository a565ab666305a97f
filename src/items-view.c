/*
 * The article list: date, feed, title, unread and starred marks in
 * aligned columns.  It holds only a window of rows around what is on
 * screen, paged by the view engine (view-page.c) through items_fetch(), a
 * keyset query, and fetched again when the store's generation moves.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/date.h"
#include "tidende/i18n.h"
#include "tidende/db-items.h"
#include "tidende/db-queue.h"
#include "tidende/options.h"
#include "tidende/translate.h"
#include "tidende/utf8.h"
#include "tidende/items-view.h"
#include "tidende/match.h"
#include "tidende/view-page.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

struct items_title {
	int64_t		 id;
	char		*text;
};

struct items {
	struct db_filter filter;
	char		*tag;
	char		*search;
	char		*label;
	int		 unread_only;	/* as asked; show-read no forces it */
	struct view_page page;		/* struct db_row rows */
	int64_t		 unread;
	char		*error;
	char		**terms;
	size_t		 nterms;
	/* translate-titles: one background job for the rows on screen */
	struct translate_job *tjob;
	int64_t		 tkey;		/* first visible row id when started */
	size_t		 tkey_n;
	/* the cached translations of the rows on screen, read with them */
	struct items_title *titles;
	size_t		 ntitles;
	int64_t		 titles_key;	/* first visible row id when read */
	size_t		 titles_n;
	int		 titles_stale;	/* read them again */
	struct date_now	 dnow;		/* "now" for this draw's dates */
};

static void
items_set_error(struct view *v, char *cause)
{
	struct items *it = v->priv;

	free(it->error);
	it->error = cause;
	view_page_fail(&it->page, cause != NULL);
	if (cause != NULL)
		view_error(v, "%s", cause);
}

/* The page's fetch(): up to limit rows after (or before) the row from. */
static size_t
items_fetch(struct view *v, const void *from, int backwards, size_t limit,
    void **rows)
{
	struct items *it = v->priv;
	struct db_cursor c;
	struct db_row *r = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	*rows = NULL;
	if (v->env == NULL || v->env->db == NULL)
		return 0;
	if (from != NULL)
		db_items_row_cursor(from, &c);
	if (db_items_page(v->env->db, &it->filter, from != NULL ? &c : NULL,
	    backwards, limit, &r, &n, &cause) != STATUS_OK) {
		items_set_error(v, cause != NULL ? cause :
		    xstrdup(_("cannot read the cache")));
		return 0;
	}
	/* writes the keys made that still wait for a busy cache */
	if (db_queue_pending(v->env->db) > 0)
		for (i = 0; i < n; i++)
			db_queue_overlay(v->env->db, r[i].id, &r[i].read,
			    &r[i].starred);
	*rows = r;
	return n;
}

static void
items_row_clear(void *row)
{
	db_items_row_clear(row);
}

static int64_t
items_row_id(const void *row)
{
	return ((const struct db_row *)row)->id;
}

static const struct view_page_ops items_page_ops = {
	.row_size = sizeof(struct db_row),
	.fetch = items_fetch,
	.clear = items_row_clear,
	.id = items_row_id,
};

static struct db_row *
items_row(struct view *v, size_t line)
{
	struct items *it = v->priv;

	return view_page_row(&it->page, line);
}

static void
items_fill(struct view *v)
{
	struct items *it = v->priv;

	view_page_fill(v, &it->page);
}

static void
items_titles_clear(struct items *it)
{
	size_t i;

	for (i = 0; i < it->ntitles; i++)
		free(it->titles[i].text);
	free(it->titles);
	it->titles = NULL;
	it->ntitles = 0;
}

/*
 * With translate-titles on: read the cached translations of the rows on
 * screen once, when those rows change or a translation job stored new
 * ones, so drawing a row never asks the cache.
 */
static void
items_titles_read(struct view *v, struct db_row *first, size_t n)
{
	struct items *it = v->priv;
	char *t;
	size_t i;

	if (!it->titles_stale && it->titles_key == first->id &&
	    it->titles_n == n)
		return;
	items_titles_clear(it);
	it->titles_key = first->id;
	it->titles_n = n;
	it->titles_stale = 0;
	for (i = 0; i < n; i++) {
		if ((t = translate_title_cached(v->env->db, v->env->config,
		    &first[i])) == NULL)
			continue;
		it->titles = xreallocarray(it->titles, it->ntitles + 1,
		    sizeof *it->titles);
		it->titles[it->ntitles].id = first[i].id;
		it->titles[it->ntitles].text = t;
		it->ntitles++;
	}
}

static const char *
items_title_of(struct items *it, int64_t id)
{
	size_t i;

	for (i = 0; i < it->ntitles; i++)
		if (it->titles[i].id == id)
			return it->titles[i].text;
	return NULL;
}

static void
items_titles_done(const struct translate_titles_result *r, void *arg)
{
	struct view *v = arg;
	struct items *it = v->priv;

	if (r->status != STATUS_OK && r->status != STATUS_CANCELLED &&
	    r->error != NULL)
		view_error(v, "translate-titles: %s", r->error);
	if (r->last)
		it->tjob = NULL;
	it->titles_stale = 1;
	view_dirty(v);
}

/*
 * With `set translate-titles yes`, translate the titles on screen in the
 * background once per screenful (a failing command is not retried until
 * the rows on screen change), and read the cached ones for drawing.
 */
static void
items_translate_titles(struct view *v)
{
	struct items *it = v->priv;
	size_t h = v->area.height > 0 ? (size_t)v->area.height : 1, first, n;
	struct db_row *r;

	if (!options_bool(OPT_TRANSLATE_TITLES) || v->env == NULL ||
	    v->env->db == NULL) {
		items_titles_clear(it);
		it->titles_stale = 1;
		return;
	}
	first = v->offset;
	if ((r = items_row(v, first)) == NULL)
		return;
	n = it->page.base + it->page.nrows - first;
	if (n > h)
		n = h;
	items_titles_read(v, r, n);
	if (it->tjob != NULL)
		return;
	if (it->tkey == r->id && it->tkey_n == n)
		return;
	it->tkey = r->id;
	it->tkey_n = n;
	it->tjob = translate_titles_start(v->env->db, v->env->config, r,
	    n, items_titles_done, v);
}

static void
items_prepare(struct view *v)
{
	struct items *it = v->priv;

	date_now_init(&it->dnow, date_now());
	items_fill(v);
	items_translate_titles(v);
}

static void
items_count(struct view *v)
{
	struct items *it = v->priv;
	char *cause = NULL;

	it->page.total = it->unread = 0;
	if (v->env == NULL || v->env->db == NULL)
		return;
	if (db_items_count(v->env->db, &it->filter, &it->page.total,
	    &it->unread, &cause) != STATUS_OK) {
		items_set_error(v, cause != NULL ? cause :
		    xstrdup(_("cannot count articles")));
		it->page.total = 0;
	}
}

/* Fetch again around the current position, keeping the selection. */
static void
items_refresh(struct view *v)
{
	struct items *it = v->priv;

	free(it->error);
	it->error = NULL;
	view_page_fail(&it->page, 0);
	it->filter.unread_only = it->unread_only || !options_bool(OPT_SHOW_READ);
	items_count(v);
	/* Another run may have cached translations meanwhile. */
	it->titles_stale = 1;
	view_page_reload(v, &it->page);
	view_title_changed(v);
}

static void
items_open(struct view *v)
{
	struct items *it = v->priv;

	view_page_init(&it->page, &items_page_ops);
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
	view_page_clear(&it->page);
	items_titles_clear(it);
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
	view_page_clear(&it->page);
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

	*total = it->page.total;
	*unread = it->unread;
}

void
items_view_toggle_unread(struct view *v)
{
	struct items *it = v->priv;

	it->unread_only = !it->unread_only;
	view_page_clear(&it->page);
	v->offset = v->lineno = 0;
	items_refresh(v);
	view_message(v, "%s", it->unread_only ?
	    _("showing unread articles only") : _("showing all articles"));
}

void
items_view_toggle_sort(struct view *v)
{
	struct items *it = v->priv;

	if (it->filter.view != DB_VIEW_SEARCH) {
		view_message(v, "%s", _("sorting applies to search results"));
		return;
	}
	it->filter.by_relevance = !it->filter.by_relevance;
	view_page_clear(&it->page);
	v->offset = v->lineno = 0;
	items_refresh(v);
	view_message(v, "%s", it->filter.by_relevance ?
	    _("sorted by relevance") : _("sorted by date"));
}

int
items_view_next_unread(struct view *v, int dir)
{
	struct items *it = v->priv;
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
				view_page_extend_forward(v, &it->page, line +
				    VIEW_PAGE_ROWS);
			else
				view_page_extend_backward(v, &it->page,
				    line > VIEW_PAGE_ROWS ?
				    line - VIEW_PAGE_ROWS : 0);
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

static void
items_draw_line(struct view *v, size_t line, int row, int selected)
{
	struct items *it = v->priv;
	struct db_row *r = items_row(v, line);
	int ascii = draw_ascii(), x = 0, w = v->area.width, fw, dw, extra;
	const char *translated = NULL;
	const char *fmt = date_user_format(options_str(OPT_DATE_FORMAT), 0);
	char date[64];

	extra = selected ? (view_focused(v) ? A_REVERSE :
	    A_REVERSE | A_DIM) : 0;
	if (r == NULL) {
		draw_field(&v->area, row, 0, "...", w, DRAW_DEFAULT, extra);
		return;
	}
	/* Marks: unread, starred. */
	x += draw_field(&v->area, row, x, !r->read ? (ascii ? "N" : "\xe2\x97\x8f") :
	    " ", 2, DRAW_MARK, extra);
	x += draw_field(&v->area, row, x, r->starred ? (ascii ? "*" :
	    "\xe2\x98\x85") : " ", 2, DRAW_MARK, extra);
	/* Date: the user's date-format, else the locale's (date.c). */
	date[0] = '\0';
	if (r->date != FEED_NO_DATE && r->date != 0 && (fmt != NULL ?
	    date_format_user(fmt, r->date, date, sizeof date) :
	    date_format_short(&it->dnow, r->date, date, sizeof date)) == 0)
		date[0] = '\0';
	/* one width for the column: titles stay aligned */
	dw = fmt != NULL ? (int)utf8_width(date) : date_short_width();
	if (dw > 20)
		dw = 20;
	/* The title matters most: dates only when 30 columns stay for it. */
	if (dw > 0 && w - x - dw - 2 >= 30) {
		x += draw_field(&v->area, row, x, date, dw, DRAW_DATE, extra);
		x += draw_field(&v->area, row, x, " ", 2, DRAW_DEFAULT, extra);
	}
	/* Feed, unless the list is one feed or the pane is narrow. */
	if (it->filter.view != DB_VIEW_FEED && w - x >= 50) {
		fw = (w - x) / 5;
		if (fw > 24)
			fw = 24;
		x += draw_field(&v->area, row, x, r->feed_title != NULL ?
		    r->feed_title : r->feed_url, fw, DRAW_FEED, extra);
		x += draw_field(&v->area, row, x, " ", 1, DRAW_DEFAULT, extra);
	}
	draw_clear(&v->area, row, x, DRAW_DEFAULT, extra);
	if (options_bool(OPT_TRANSLATE_TITLES))
		translated = items_title_of(it, r->id);
	if (translated != NULL)
		draw_matches(&v->area, row, x, translated, w - x, r->read ?
		    DRAW_DEFAULT : DRAW_UNREAD, extra, NULL, 0);
	else if (r->title != NULL && *r->title != '\0')
		draw_matches(&v->area, row, x, r->title, w - x, r->read ?
		    DRAW_DEFAULT : DRAW_UNREAD, extra, v->env->terms != NULL ?
		    v->env->terms : it->terms, v->env->terms != NULL ?
		    v->env->nterms : it->nterms);
	else
		draw_text(&v->area, row, x, _("(no title)"), w - x, DRAW_DEFAULT,
		    extra | A_DIM);
}

static void
items_title(struct view *v, struct buf *b)
{
	struct items *it = v->priv;

	switch (it->filter.view) {
	case DB_VIEW_ALL:
		buf_adds(b, _("All articles"));
		break;
	case DB_VIEW_FEED:
		/* TRANSLATORS: the list's title: one feed's articles */
		buf_printf(b, _("Feed: %s"), it->label != NULL ? it->label :
		    "?");
		break;
	case DB_VIEW_TAG:
		/* TRANSLATORS: the list's title: one tag's articles */
		buf_printf(b, _("Tag: %s"), it->tag != NULL ? it->tag : "");
		break;
	case DB_VIEW_STARRED:
		/* TRANSLATORS: the list's title: the starred articles */
		buf_adds(b, C_("title", "Starred"));
		break;
	case DB_VIEW_SEARCH:
		if (it->label != NULL)
			/* TRANSLATORS: a saved search's name, then its query */
			buf_printf(b, _("Search %s: %s"), it->label, it->search);
		else
			buf_printf(b, _("Search: %s"), it->search);
		if (it->filter.by_relevance)
			buf_printf(b, ngettext(" (%lld found, by relevance)",
			    " (%lld found, by relevance)",
			    (unsigned long)it->page.total),
			    (long long)it->page.total);
		else
			buf_printf(b, ngettext(" (%lld found, by date)",
			    " (%lld found, by date)",
			    (unsigned long)it->page.total),
			    (long long)it->page.total);
		if (it->unread_only)
			/* TRANSLATORS: after a search's title: only unread
			   results are listed */
			buf_adds(b, _(" [unread]"));
		return;
	}
	if (it->unread_only || !options_bool(OPT_SHOW_READ))
		buf_printf(b, _(" [unread only] (%lld)"), (long long)it->unread);
	else
		/* TRANSLATORS: after the list's title: unread articles of
		   all listed; the plural follows the unread count. */
		buf_printf(b, ngettext(" (%lld unread of %lld)",
		    " (%lld unread of %lld)", (unsigned long)it->unread),
		    (long long)it->unread,
		    (long long)it->page.total);
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
			view_open_article(v, r->id);
		return REQ_NONE;
	case REQ_TOGGLE_READ:
		if (r == NULL)
			return REQ_NONE;
		/* never waits: stored, or queued while the cache is busy */
		if (db_queue_set_read(v->env->db, r->id, !r->read, NULL,
		    &cause) != STATUS_OK) {
			view_error(v, "%s", cause);
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
		if (db_queue_set_starred(v->env->db, r->id, !r->starred, NULL,
		    &cause) != STATUS_OK) {
			view_error(v, "%s", cause);
			free(cause);
			return REQ_NONE;
		}
		r->starred = !r->starred;
		v->dirty = 1;
		view_message(v, "%s", r->starred ?
		    C_("status", "starred") : _("unstarred"));
		return REQ_NONE;
	case REQ_MARK_ALL_READ:
		if (db_queue_mark_read(v->env->db, &it->filter, NULL, &cause) !=
		    STATUS_OK) {
			view_error(v, "%s", cause != NULL ? cause :
			    _("cannot mark read"));
			free(cause);
		} else
			view_message(v, "%s", _("marked every article here read"));
		return REQ_NONE;
	case REQ_NEXT_UNREAD:
	case REQ_PREV_UNREAD:
		if (!items_view_next_unread(v, req == REQ_NEXT_UNREAD ? 1 :
		    -1))
			view_message(v, "%s", _("no more unread articles"));
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
		return _("Nothing found.  Esc goes back; ? lists the search "
		    "syntax.");
	case DB_VIEW_STARRED:
		return _("No starred articles yet: s stars the selected one.");
	default:
		if (it->unread_only || !options_bool(OPT_SHOW_READ))
			return _("Nothing unread here.  U shows every article.");
		return view_refreshing(v) ? _("Fetching the feeds...") :
		    _("No articles yet.  R refreshes every feed; ? shows the "
		    "keys.");
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
