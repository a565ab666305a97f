/*
 * The article pane: one article rendered by html_article_render() (header,
 * body, numbered links) wrapped at the pane width, scrolled like a pager,
 * with search matches highlighted and n/N jumping between them.  A
 * translation, when asked for, replaces the body.
 */
#include <stdlib.h>
#include <string.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/i18n.h"
#include "tidende/date.h"
#include "tidende/db-items.h"
#include "tidende/db-queue.h"
#include "tidende/html.h"
#include "tidende/utf8.h"
#include "tidende/article-view.h"
#include "tidende/match.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

struct article {
	int64_t		 id;
	struct db_item	 item;
	int		 loaded;
	struct rendered	 r;
	int		 rendered;
	int		 width;		/* the width r was wrapped at */
	int64_t		 minute;	/* date_now() / 60 when r was made */
	char		*translated;
	char		*translated_by;
	int		 feed_text;	/* the feed's text, not the full text */
	uint64_t	 generation;
};

static void
article_unrender(struct article *a)
{
	if (a->rendered)
		html_rendered_free(&a->r);
	memset(&a->r, 0, sizeof a->r);
	a->rendered = 0;
}

static void
article_render_now(struct view *v)
{
	struct article *a = v->priv;
	int w = v->area.width > 4 ? v->area.width - 1 : 3;

	article_unrender(a);
	if (!a->loaded)
		return;
	if (a->feed_text) {
		char *full = a->item.fulltext;

		a->item.fulltext = NULL;
		html_article_render(&a->item, (size_t)w, a->translated,
		    a->translated_by, &a->r);
		a->item.fulltext = full;
	} else
		html_article_render(&a->item, (size_t)w, a->translated,
		    a->translated_by, &a->r);
	a->rendered = 1;
	a->width = v->area.width;
	a->minute = date_now() / 60;
	v->lines = a->r.nlines;
	view_clamp(v);
}

static void
article_unload(struct article *a)
{
	article_unrender(a);
	if (a->loaded)
		db_items_item_free(&a->item);
	a->loaded = 0;
	free(a->translated);
	free(a->translated_by);
	a->translated = a->translated_by = NULL;
	a->feed_text = 0;
}

void
article_view_show(struct view *v, int64_t id)
{
	struct article *a = v->priv;
	char *cause = NULL;

	article_unload(a);
	a->id = id;
	v->offset = v->lineno = 0;
	v->lines = 0;
	v->dirty = 1;
	if (db_items_get(v->env->db, id, &a->item, &cause) != STATUS_OK) {
		view_error(v, _("article %lld: %s"), (long long)id,
		    cause != NULL ? cause : _("not found"));
		free(cause);
		return;
	}
	a->loaded = 1;
	if (v->area.width > 0)
		article_render_now(v);
}

int64_t
article_view_id(struct view *v)
{
	struct article *a = v->priv;

	return a->loaded ? a->id : -1;
}

const struct db_item *
article_view_item(struct view *v)
{
	struct article *a = v->priv;

	return a->loaded ? &a->item : NULL;
}

const char *
article_view_link(struct view *v)
{
	struct article *a = v->priv;

	return a->loaded ? a->item.item.link : NULL;
}

const char *
article_view_link_n(struct view *v, size_t n)
{
	struct article *a = v->priv;

	if (!a->rendered || n == 0 || n > a->r.nlinks)
		return NULL;
	return a->r.links[n - 1].url;
}

void
article_view_set_translation(struct view *v, const char *text,
    const char *by)
{
	struct article *a = v->priv;

	free(a->translated);
	free(a->translated_by);
	a->translated = xstrdup0(text);
	a->translated_by = xstrdup0(by);
	if (a->loaded && v->area.width > 0)
		article_render_now(v);
	v->dirty = 1;
}

int
article_view_full_text(struct view *v)
{
	struct article *a = v->priv;

	return a->loaded && a->item.fulltext != NULL && !a->feed_text;
}

void
article_view_set_feed_text(struct view *v, int on)
{
	struct article *a = v->priv;

	a->feed_text = on;
	if (a->loaded && v->area.width > 0)
		article_render_now(v);
	v->dirty = 1;
}

int
article_view_reload(struct view *v)
{
	struct article *a = v->priv;
	struct db_item item;
	char *cause = NULL;

	if (!a->loaded)
		return 0;
	if (db_items_get(v->env->db, a->id, &item, &cause) != STATUS_OK) {
		view_error(v, _("article %lld: %s"), (long long)a->id,
		    cause != NULL ? cause : _("not found"));
		free(cause);
		return 0;
	}
	db_items_item_free(&a->item);
	a->item = item;
	/* a new full text drops translations of the old text */
	free(a->translated);
	free(a->translated_by);
	a->translated = a->translated_by = NULL;
	a->feed_text = 0;
	if (v->area.width > 0)
		article_render_now(v);
	v->dirty = 1;
	return 1;
}

int
article_view_translated(struct view *v)
{
	return ((struct article *)v->priv)->translated != NULL;
}

int
article_view_next_match(struct view *v, int dir)
{
	struct article *a = v->priv;
	size_t starts[1], lens[1], line, top;
	struct view_env *env = v->env;

	if (!a->rendered || env->nterms == 0)
		return 0;
	/* The match shown on the second row counts as the current one. */
	top = v->offset + (v->offset > 0 ? 1 : 0);
	line = top;
	for (;;) {
		if (dir > 0) {
			if (++line >= a->r.nlines)
				return 0;
		} else {
			if (line == 0)
				return 0;
			line--;
		}
		if (match_find(a->r.lines[line].text, env->terms, env->nterms,
		    starts, lens, 1) > 0)
			break;
	}
	v->offset = line > 0 ? line - 1 : 0;
	view_clamp(v);
	v->dirty = 1;
	return 1;
}

static void
article_open(struct view *v)
{
	struct article *a = v->priv;

	a->id = -1;
}

static void
article_refresh(struct view *v)
{
	struct article *a = v->priv;
	struct db_item item;
	char *cause = NULL;

	/* Read and starred marks change; the text rarely does. */
	if (!a->loaded)
		return;
	if (db_items_get(v->env->db, a->id, &item, &cause) != STATUS_OK) {
		free(cause);
		return;
	}
	a->item.read = item.read;
	a->item.starred = item.starred;
	db_items_item_free(&item);
}

static void
article_prepare(struct view *v)
{
	struct article *a = v->priv;

	/*
	 * The header's "(25 minutes ago)" is made with the text: made again
	 * when the minute changed since (the interface redraws each minute).
	 */
	if (a->loaded && (!a->rendered || a->width != v->area.width ||
	    a->minute != date_now() / 60))
		article_render_now(v);
}

static enum draw_element
article_element(int attr, int *extra)
{
	*extra = 0;
	if (attr & HTML_BOLD)
		*extra |= A_BOLD;
	if (attr & HTML_ITALIC)
		*extra |= A_ITALIC;
	if (attr & HTML_UNDERLINE)
		*extra |= A_UNDERLINE;
	if (attr & HTML_HEADER)
		return DRAW_HEADER;
	if (attr & HTML_HEADING)
		return DRAW_HEADING;
	if (attr & HTML_LINK)
		return DRAW_LINK;
	if (attr & HTML_CODE)
		return DRAW_CODE;
	if (attr & HTML_QUOTE)
		return DRAW_QUOTE;
	return DRAW_DEFAULT;
}

static void
article_draw_line(struct view *v, size_t line, int row, int selected)
{
	struct article *a = v->priv;
	struct html_line *l;
	struct view_env *env = v->env;
	size_t pos = 0, i, end, len;
	enum draw_element el;
	int x = 0, extra;
	char *seg;

	if (!a->rendered || line >= a->r.nlines)
		return;
	l = &a->r.lines[line];
	len = strlen(l->text);
	for (i = 0; i <= l->nspans && x < v->area.width; i++) {
		end = i < l->nspans ? l->spans[i].start : len;
		if (end > len)
			end = len;
		if (end > pos) {
			seg = xstrndup(l->text + pos, end - pos);
			x += draw_matches(&v->area, row, x, seg, v->area.width - x,
			    DRAW_DEFAULT, 0, env->terms, env->nterms);
			free(seg);
			pos = end;
		}
		if (i == l->nspans)
			break;
		end = l->spans[i].start + l->spans[i].len;
		if (end > len)
			end = len;
		if (end <= pos)
			continue;
		el = article_element(l->spans[i].attr, &extra);
		seg = xstrndup(l->text + pos, end - pos);
		x += draw_matches(&v->area, row, x, seg, v->area.width - x, el, extra,
		    env->terms, env->nterms);
		free(seg);
		pos = end;
	}
}

static void
article_title(struct view *v, struct buf *b)
{
	struct article *a = v->priv;

	if (!a->loaded) {
		/* TRANSLATORS: the article pane's title while it loads */
		buf_adds(b, _("Article"));
		return;
	}
	buf_printf(b, "%s", a->item.item.title != NULL ?
	    a->item.item.title : _("(no title)"));
	if (a->translated != NULL)
		buf_adds(b, _(" [translated]"));
}

static void
article_done(struct view *v)
{
	article_unload(v->priv);
}

static enum request
article_request(struct view *v, enum request req)
{
	struct article *a = v->priv;
	char *cause = NULL;

	switch (req) {
	case REQ_NEXT_UNREAD:
	case REQ_PREV_UNREAD:
		/* While a search is active, n/N move between matches. */
		if (v->env->nterms > 0) {
			if (!article_view_next_match(v,
			    req == REQ_NEXT_UNREAD ? 1 : -1))
				view_message(v, "%s", _("no more matches"));
			return REQ_NONE;
		}
		return req;
	case REQ_TOGGLE_READ:
		if (!a->loaded)
			return REQ_NONE;
		if (db_queue_set_read(v->env->db, a->id, !a->item.read, NULL,
		    &cause) != STATUS_OK) {
			view_error(v, "%s", cause);
			free(cause);
			return REQ_NONE;
		}
		a->item.read = !a->item.read;
		view_message(v, "%s", a->item.read ? _("marked read") :
		    _("marked unread"));
		return REQ_NONE;
	case REQ_TOGGLE_STAR:
		if (!a->loaded)
			return REQ_NONE;
		if (db_queue_set_starred(v->env->db, a->id, !a->item.starred,
		    NULL, &cause) != STATUS_OK) {
			view_error(v, "%s", cause);
			free(cause);
			return REQ_NONE;
		}
		a->item.starred = !a->item.starred;
		view_message(v, "%s", a->item.starred ?
		    /* TRANSLATORS: status line after s in an article */
		    C_("status", "starred") : _("unstarred"));
		return REQ_NONE;
	default:
		return req;
	}
}

const struct view_ops article_view_ops = {
	.name = "article",
	.flags = VIEW_PAGER,
	.private_size = sizeof(struct article),
	.open = article_open,
	.refresh = article_refresh,
	.prepare = article_prepare,
	.draw_line = article_draw_line,
	.request = article_request,
	.title = article_title,
	.done = article_done,
};
