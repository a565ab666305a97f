/*
 * The sidebar: everything, unread, starred, then tags, saved searches and
 * feeds, each with its unread count; a feed whose last refresh failed is
 * marked and its error shown when selected.  Opening an entry points the
 * article list at it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/i18n.h"
#include "tidende/config.h"
#include "tidende/db.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/loop.h"
#include "tidende/items-view.h"
#include "tidende/utf8.h"
#include "tidende/feeds-view.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

enum entry_kind {
	ENTRY_GROUP,
	ENTRY_ALL,
	ENTRY_UNREAD,
	ENTRY_STARRED,
	ENTRY_TAG,
	ENTRY_SEARCH,
	ENTRY_FEED,
};

struct entry {
	enum entry_kind	 kind;
	char		*name;
	char		*arg;		/* tag, query */
	int64_t		 feed_id;
	int64_t		 unread;
	int64_t		 total;
	char		*error;
};

#define FEEDS_SEARCH_EVERY 3000	/* ms */

struct feeds {
	struct entry	*e;
	size_t		 n;
	int64_t		*search_counts;	/* total, unread per saved search */
	size_t		 nsearch_counts;
	int64_t		 search_counted;	/* when, loop_now_ms() */
};

static void
feeds_clear(struct feeds *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->e[i].name);
		free(f->e[i].arg);
		free(f->e[i].error);
	}
	free(f->e);
	f->e = NULL;
	f->n = 0;
}

static struct entry *
feeds_add(struct feeds *f, enum entry_kind kind, const char *name)
{
	struct entry *e;

	f->e = xreallocarray(f->e, f->n + 1, sizeof *f->e);
	e = &f->e[f->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->name = utf8_clean(name, strlen(name), UTF8_COLLAPSE_SPACE);
	e->unread = -1;
	return e;
}

static void
feeds_count(struct view *v, struct entry *e, const struct db_filter *flt)
{
	char *cause = NULL;

	if (db_items_count(v->env->db, flt, &e->total, &e->unread,
	    &cause) != STATUS_OK) {
		e->unread = e->total = -1;
		free(cause);
	}
}

/*
 * Starred articles are few: count a page of them through the starred
 * index rather than a count(*) the planner may answer with a full scan.
 */
#define FEEDS_STARRED_MAX 1000
static void
feeds_count_starred(struct view *v, struct entry *e)
{
	struct db_filter flt;
	struct db_row *rows = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	memset(&flt, 0, sizeof flt);
	flt.view = DB_VIEW_STARRED;
	e->total = e->unread = 0;
	if (db_items_page(v->env->db, &flt, NULL, 0, FEEDS_STARRED_MAX, &rows,
	    &n, &cause) != STATUS_OK) {
		free(cause);
		e->total = e->unread = -1;
		return;
	}
	for (i = 0; i < n; i++)
		if (!rows[i].read)
			e->unread++;
	e->total = (int64_t)n;
	db_items_rows_free(rows, n);
}

void
feeds_view_reload(struct view *v)
{
	struct feeds *f = v->priv;
	struct config *cfg = v->env->config;
	struct db_feed *feeds = NULL;
	struct db_tag *tags = NULL;
	struct db_filter flt;
	struct entry *e;
	size_t nfeeds = 0, ntags = 0, i;
	int64_t now;
	int recount;

	feeds_clear(f);
	if (v->env->db == NULL)
		return;
	memset(&flt, 0, sizeof flt);
	flt.view = DB_VIEW_ALL;
	feeds_count(v, feeds_add(f, ENTRY_ALL, _("All articles")), &flt);
	e = feeds_add(f, ENTRY_UNREAD,
	    /* TRANSLATORS: the sidebar entry of unread articles */
	    C_("sidebar", "Unread"));
	e->unread = f->e[0].unread;
	feeds_count_starred(v, feeds_add(f, ENTRY_STARRED,
	    /* TRANSLATORS: the sidebar entry of starred articles */
	    C_("sidebar", "Starred")));

	if (db_feed_tags_list(v->env->db, &tags, &ntags) == STATUS_OK &&
	    ntags > 0) {
		feeds_add(f, ENTRY_GROUP,
		    /* TRANSLATORS: sidebar heading */
		    _("Tags"));
		for (i = 0; i < ntags; i++) {
			e = feeds_add(f, ENTRY_TAG, tags[i].name);
			e->arg = xstrdup(tags[i].name);
			e->unread = tags[i].unread;
			e->total = tags[i].total;
		}
	}
	db_feed_tags_free(tags, ntags);

	/*
	 * Saved searches are full-text counts: while a refresh stores feed
	 * after feed, count them again at most every FEEDS_SEARCH_EVERY ms.
	 */
	now = loop_now_ms();
	recount = !view_refreshing(v) || f->nsearch_counts !=
	    cfg->nsearches || now - f->search_counted >= FEEDS_SEARCH_EVERY;
	if (recount) {
		f->search_counts = xreallocarray(f->search_counts,
		    cfg->nsearches + 1, 2 * sizeof *f->search_counts);
		f->nsearch_counts = cfg->nsearches;
		f->search_counted = now;
	}
	if (cfg->nsearches > 0) {
		feeds_add(f, ENTRY_GROUP,
		    /* TRANSLATORS: sidebar heading: saved searches */
		    _("Searches"));
		for (i = 0; i < cfg->nsearches; i++) {
			e = feeds_add(f, ENTRY_SEARCH, cfg->searches[i].name);
			e->arg = xstrdup(cfg->searches[i].query);
			if (recount) {
				memset(&flt, 0, sizeof flt);
				flt.view = DB_VIEW_SEARCH;
				flt.search = e->arg;
				feeds_count(v, e, &flt);
				f->search_counts[2 * i] = e->total;
				f->search_counts[2 * i + 1] = e->unread;
			} else {
				e->total = f->search_counts[2 * i];
				e->unread = f->search_counts[2 * i + 1];
			}
		}
	}

	if (db_feed_list(v->env->db, &feeds, &nfeeds) == STATUS_OK &&
	    nfeeds > 0) {
		feeds_add(f, ENTRY_GROUP,
		    /* TRANSLATORS: sidebar heading */
		    _("Feeds"));
		for (i = 0; i < nfeeds; i++) {
			e = feeds_add(f, ENTRY_FEED, feeds[i].title != NULL &&
			    *feeds[i].title != '\0' ? feeds[i].title :
			    feeds[i].url);
			e->feed_id = feeds[i].id;
			e->unread = feeds[i].unread;
			e->total = feeds[i].total;
			if (feeds[i].error != NULL)
				e->error = utf8_clean(feeds[i].error,
				    strlen(feeds[i].error),
				    UTF8_COLLAPSE_SPACE);
		}
	}
	db_feed_list_free(feeds, nfeeds);
	v->lines = f->n;
	view_clamp(v);
	v->dirty = 1;
}

char *
feeds_view_selected(struct view *v, char **tag)
{
	struct feeds *f = v->priv;
	struct db_feed feed;
	struct entry *e;
	char *url = NULL;

	*tag = NULL;
	if (v->lineno >= f->n)
		return NULL;
	e = &f->e[v->lineno];
	if (e->kind == ENTRY_TAG)
		*tag = xstrdup(e->arg);
	else if (e->kind == ENTRY_FEED &&
	    db_feed_get(v->env->db, e->feed_id, &feed) == STATUS_OK) {
		url = xstrdup0(feed.url);
		db_feed_free(&feed);
	}
	return url;
}

static void
feeds_open(struct view *v)
{
	feeds_view_reload(v);
	v->lineno = 0;
}

static void
feeds_refresh(struct view *v)
{
	feeds_view_reload(v);
}

static void
feeds_draw_line(struct view *v, size_t line, int row, int selected)
{
	struct feeds *f = v->priv;
	struct entry *e;
	char count[32];
	int extra = 0, cw, x = 0;
	enum draw_element el;

	if (line >= f->n)
		return;
	e = &f->e[line];
	if (selected)
		extra = view_focused(v) ? A_REVERSE :
		    A_REVERSE | A_DIM;
	if (e->kind == ENTRY_GROUP) {
		draw_field(&v->area, row, 0, e->name, v->area.width, DRAW_GROUP, extra);
		return;
	}
	count[0] = '\0';
	if (e->unread > 0)
		snprintf(count, sizeof count, " %lld", (long long)e->unread);
	cw = (int)strlen(count);
	el = e->unread > 0 ? DRAW_UNREAD : (e->kind == ENTRY_TAG ? DRAW_TAG :
	    DRAW_SIDEBAR);
	x += draw_field(&v->area, row, x, e->error != NULL ? "!" : " ", 1,
	    DRAW_ERROR, extra);
	x += draw_field(&v->area, row, x, e->name, v->area.width - x - cw, el, extra);
	draw_field(&v->area, row, x, count, cw, DRAW_COUNT, extra);
}

static void
feeds_select(struct view *v, size_t line)
{
	struct feeds *f = v->priv;

	if (line < f->n && f->e[line].error != NULL)
		view_error(v, "%s: %s", f->e[line].name, f->e[line].error);
}

static enum request
feeds_request(struct view *v, enum request req)
{
	struct feeds *f = v->priv;
	struct items_spec s;
	struct entry *e;

	if (req != REQ_OPEN)
		return req;
	if (v->lineno >= f->n)
		return REQ_NONE;
	e = &f->e[v->lineno];
	memset(&s, 0, sizeof s);
	switch (e->kind) {
	case ENTRY_GROUP:
		return REQ_NONE;
	case ENTRY_ALL:
		s.kind = DB_VIEW_ALL;
		break;
	case ENTRY_UNREAD:
		s.kind = DB_VIEW_ALL;
		s.unread_only = 1;
		break;
	case ENTRY_STARRED:
		s.kind = DB_VIEW_STARRED;
		break;
	case ENTRY_TAG:
		s.kind = DB_VIEW_TAG;
		s.tag = e->arg;
		break;
	case ENTRY_SEARCH:
		s.kind = DB_VIEW_SEARCH;
		s.search = e->arg;
		s.label = e->name;
		break;
	case ENTRY_FEED:
		s.kind = DB_VIEW_FEED;
		s.feed_id = e->feed_id;
		s.label = e->name;
		break;
	}
	view_show_items(v, &s);
	return REQ_NONE;
}

static void
feeds_title(struct view *v, struct buf *b)
{
	/* TRANSLATORS: the sidebar's title */
	buf_adds(b, _("Feeds"));
}

static void
feeds_done(struct view *v)
{
	struct feeds *f = v->priv;

	feeds_clear(f);
	free(f->search_counts);
}

const struct view_ops feeds_view_ops = {
	.name = "feeds",
	.private_size = sizeof(struct feeds),
	.open = feeds_open,
	.refresh = feeds_refresh,
	.draw_line = feeds_draw_line,
	.request = feeds_request,
	.select = feeds_select,
	.title = feeds_title,
	.done = feeds_done,
};
