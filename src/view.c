/*
 * The view engine: moving the selection, scrolling, dirty marks and
 * drawing the visible lines of any view through its draw_line().  Views
 * supply rows; the engine never knows what a row is.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/draw.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

struct view *
view_new(struct view_env *env, const struct view_ops *ops)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->ops = ops;
	v->env = env;
	if (ops->private_size > 0)
		v->priv = xcalloc(1, ops->private_size);
	v->dirty = 1;
	if (ops->open != NULL)
		ops->open(v);
	return v;
}

void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	if (v->ops->done != NULL)
		v->ops->done(v);
	if (v->area.win != NULL)
		delwin(v->area.win);
	free(v->priv);
	free(v);
}

void
view_dirty(struct view *v)
{
	if (v != NULL)
		v->dirty = 1;
}

void
view_clamp(struct view *v)
{
	size_t h = v->area.height > 0 ? (size_t)v->area.height : 1;

	if (v->lines == 0) {
		v->lineno = v->offset = 0;
		return;
	}
	if (v->ops->flags & VIEW_PAGER) {
		if (v->offset + h > v->lines)
			v->offset = v->lines > h ? v->lines - h : 0;
		v->lineno = v->offset;
		return;
	}
	if (v->lineno >= v->lines)
		v->lineno = v->lines - 1;
	if (v->lineno < v->offset)
		v->offset = v->lineno;
	else if (v->lineno >= v->offset + h)
		v->offset = v->lineno - h + 1;
	/* Do not leave empty rows at the bottom when lines fill the view. */
	if (v->offset + h > v->lines)
		v->offset = v->lines > h ? v->lines - h : 0;
}

void
view_select(struct view *v, size_t line)
{
	size_t old = v->lineno;

	v->lineno = line;
	view_clamp(v);
	v->dirty = 1;
	if (v->lineno != old && v->ops->select != NULL)
		v->ops->select(v, v->lineno);
}

/* Scroll a pager by n lines (negative: up). */
static void
view_scroll(struct view *v, long n)
{
	if (n < 0 && (size_t)-n > v->offset)
		v->offset = 0;
	else
		v->offset += n;
	view_clamp(v);
	v->dirty = 1;
}

enum request
view_move(struct view *v, enum request req)
{
	size_t h = v->area.height > 1 ? (size_t)v->area.height : 1;
	size_t line = v->lineno;

	if (v->ops->flags & VIEW_PAGER) {
		switch (req) {
		case REQ_NEXT:
			view_scroll(v, 1);
			break;
		case REQ_PREV:
			view_scroll(v, -1);
			break;
		case REQ_PAGE_DOWN:
			view_scroll(v, (long)h - 1);
			break;
		case REQ_PAGE_UP:
			view_scroll(v, -((long)h - 1));
			break;
		case REQ_HALF_DOWN:
			view_scroll(v, (long)h / 2);
			break;
		case REQ_HALF_UP:
			view_scroll(v, -((long)h / 2));
			break;
		case REQ_FIRST:
			v->offset = 0;
			view_clamp(v);
			v->dirty = 1;
			break;
		case REQ_LAST:
			v->offset = v->lines;
			view_clamp(v);
			v->dirty = 1;
			break;
		default:
			return req;
		}
		return REQ_NONE;
	}
	switch (req) {
	case REQ_NEXT:
		if (line + 1 < v->lines)
			line++;
		break;
	case REQ_PREV:
		if (line > 0)
			line--;
		break;
	case REQ_PAGE_DOWN:
	case REQ_HALF_DOWN:
		if (req == REQ_HALF_DOWN)
			h = h / 2 > 0 ? h / 2 : 1;
		line += h;
		if (v->lines > 0 && line >= v->lines)
			line = v->lines - 1;
		/* Keep the selection at the same row: scroll by a page. */
		v->offset += h;
		break;
	case REQ_PAGE_UP:
	case REQ_HALF_UP:
		if (req == REQ_HALF_UP)
			h = h / 2 > 0 ? h / 2 : 1;
		line = line > h ? line - h : 0;
		v->offset = v->offset > h ? v->offset - h : 0;
		break;
	case REQ_FIRST:
		line = 0;
		break;
	case REQ_LAST:
		line = v->lines > 0 ? v->lines - 1 : 0;
		break;
	default:
		return req;
	}
	if (v->offset > line)
		v->offset = line;
	view_select(v, line);
	return REQ_NONE;
}

void
view_draw(struct view *v, int focused)
{
	WINDOW *w = v->area.win;
	size_t line;
	int row;

	if (w == NULL)
		return;
	if (v->ops->prepare != NULL)
		v->ops->prepare(v);
	view_clamp(v);
	werase(w);
	if (v->lines == 0 && v->ops->empty != NULL && v->area.height > 1)
		draw_field(&v->area, v->area.height > 4 ? 1 : 0, 2, v->ops->empty(v),
		    v->area.width - 3, DRAW_DEFAULT, A_DIM);
	for (row = 0; row < v->area.height; row++) {
		line = v->offset + (size_t)row;
		if (line >= v->lines)
			break;
		v->ops->draw_line(v, line, row, focused >= 0 &&
		    !(v->ops->flags & VIEW_PAGER) && line == v->lineno);
	}
	v->dirty = 0;
}

/* ------------------------------------------------------- the environment */

static void
view_vmessage(struct view *v, int error, const char *fmt, va_list ap)
{
	char *s;

	if (v->env == NULL || v->env->message == NULL)
		return;
	s = xvasprintf(fmt, ap);
	v->env->message(v->env->arg, error, s);
	free(s);
}

void
view_message(struct view *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	view_vmessage(v, 0, fmt, ap);
	va_end(ap);
}

void
view_error(struct view *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	view_vmessage(v, 1, fmt, ap);
	va_end(ap);
}

void
view_show_items(struct view *v, const struct items_spec *s)
{
	if (v->env != NULL && v->env->show_items != NULL)
		v->env->show_items(v->env->arg, s);
}

void
view_open_article(struct view *v, int64_t id)
{
	if (v->env != NULL && v->env->open_article != NULL)
		v->env->open_article(v->env->arg, id);
}

int
view_focused(const struct view *v)
{
	return v->env != NULL && v->env->focused != NULL &&
	    v->env->focused(v->env->arg, v);
}

int
view_refreshing(const struct view *v)
{
	return v->env != NULL && v->env->refreshing != NULL &&
	    v->env->refreshing(v->env->arg);
}

void
view_title_changed(struct view *v)
{
	if (v->env != NULL && v->env->title_changed != NULL)
		v->env->title_changed(v->env->arg);
}
