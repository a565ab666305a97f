/*
 * Feeds whose last refresh failed: title, when, HTTP status and the
 * error, one feed per line.  Opening a line shows that feed's articles.
 * With sync on, a failed last sync is the first line: the server, why,
 * and the changes waiting for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "tidende/i18n.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db-sync.h"
#include "tidende/db.h"
#include "tidende/errors-view.h"
#include "tidende/items-view.h"
#include "tidende/options.h"
#include "tidende/sync.h"
#include "tidende/utf8.h"
#include "tidende/view.h"
#include "tidende/xmalloc.h"

struct errors {
	struct db_feed	*f;
	size_t		 n;
	char		*sync_url;	/* the last sync failed: the server */
	char		*sync_error;	/* and why (NULL: no sync line) */
	int64_t		 sync_pending;	/* changes waiting for it */
};

static void
errors_clear(struct errors *e)
{
	db_feed_list_free(e->f, e->n);
	e->f = NULL;
	e->n = 0;
	free(e->sync_url);
	free(e->sync_error);
	e->sync_url = e->sync_error = NULL;
}

/* The sync line: the account's last error, when sync is on. */
static void
errors_load_sync(struct view *v)
{
	struct errors *e = v->priv;
	struct db_sync_account a;
	char *cause = NULL;

	if (!sync_enabled())
		return;
	memset(&a, 0, sizeof a);
	if (db_sync_account_find(v->env->db, options_str(OPT_SYNC_BACKEND),
	    options_str(OPT_SYNC_URL), options_str(OPT_SYNC_USER), &a,
	    &cause) != STATUS_OK) {
		free(cause);
		return;
	}
	if (a.last_error != NULL) {
		e->sync_url = xstrdup(a.url);
		e->sync_error = utf8_clean(a.last_error, strlen(a.last_error),
		    UTF8_COLLAPSE_SPACE);
		e->sync_pending = db_sync_pending(v->env->db, a.id);
	}
	db_sync_account_free(&a);
}

/* The feed on a line, or NULL on the sync line. */
static struct db_feed *
errors_feed(struct view *v, size_t line)
{
	struct errors *e = v->priv;

	if (e->sync_error != NULL) {
		if (line == 0)
			return NULL;
		line--;
	}
	return line < e->n ? &e->f[line] : NULL;
}

static void
errors_load(struct view *v)
{
	struct errors *e = v->priv;
	struct db_feed *all = NULL;
	size_t n = 0, i;

	errors_clear(e);
	if (v->env->db == NULL ||
	    db_feed_list(v->env->db, &all, &n) != STATUS_OK)
		return;
	/* Keep the failing ones at the front, free the rest. */
	for (i = 0; i < n; i++) {
		if (all[i].error == NULL)
			continue;
		if (i != e->n) {
			struct db_feed t = all[e->n];

			all[e->n] = all[i];
			all[i] = t;
		}
		e->n++;
	}
	e->f = all;
	/* db_feed_list_free(all, n) later frees all n; remember n. */
	if (n > e->n) {
		for (i = e->n; i < n; i++)
			db_feed_free(&all[i]);
	}
	errors_load_sync(v);
	v->lines = e->n + (e->sync_error != NULL);
	view_clamp(v);
	v->dirty = 1;
}

static void
errors_open(struct view *v)
{
	errors_load(v);
}

static void
errors_draw_line(struct view *v, size_t line, int row, int selected)
{
	struct errors *e = v->priv;
	struct db_feed *f;
	char when[32], *msg;
	struct tm tm;
	time_t t;
	int x = 0, extra = selected ? A_REVERSE : 0;

	if ((f = errors_feed(v, line)) == NULL) {
		if (e->sync_error == NULL || line != 0)
			return;
		/* TRANSLATORS: in the errors list's time column: the sync
		   server's row (17 columns at most). */
		x += draw_field(&v->area, row, x, C_("errors row", "sync"), 17,
		    DRAW_DATE, extra);
		x += draw_field(&v->area, row, x, e->sync_url,
		    v->area.width / 4, DRAW_FEED, extra);
		x += draw_field(&v->area, row, x, " ", 1, DRAW_DEFAULT, extra);
		msg = xasprintf(ngettext("%lld change waiting; %s",
		    "%lld changes waiting; %s", (unsigned long)e->sync_pending),
		    (long long)e->sync_pending, e->sync_error);
		draw_field(&v->area, row, x, msg, v->area.width - x,
		    DRAW_ERROR, extra);
		free(msg);
		return;
	}
	when[0] = '\0';
	t = (time_t)f->error_time;
	if (f->error_time > 0 && localtime_r(&t, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	x += draw_field(&v->area, row, x, when, 17, DRAW_DATE, extra);
	x += draw_field(&v->area, row, x, f->title != NULL ? f->title : f->url,
	    v->area.width / 4, DRAW_FEED, extra);
	x += draw_field(&v->area, row, x, " ", 1, DRAW_DEFAULT, extra);
	msg = utf8_clean(f->error, strlen(f->error), UTF8_COLLAPSE_SPACE);
	draw_field(&v->area, row, x, msg, v->area.width - x, DRAW_ERROR, extra);
	free(msg);
}

static enum request
errors_request(struct view *v, enum request req)
{
	struct items_spec s;
	struct db_feed *f;

	if (req != REQ_OPEN || (f = errors_feed(v, v->lineno)) == NULL)
		return req;
	memset(&s, 0, sizeof s);
	s.kind = DB_VIEW_FEED;
	s.feed_id = f->id;
	s.label = f->title;
	view_show_items(v, &s);
	return REQ_NONE;
}

static void
errors_title(struct view *v, struct buf *b)
{
	struct errors *e = v->priv;

	if (e->sync_error != NULL)
		buf_printf(b, ngettext("Errors: %zu feed failed, the last sync "
		    "failed (q to go back)", "Errors: %zu feeds failed, the last "
		    "sync failed (q to go back)", e->n), e->n);
	else
		buf_printf(b, ngettext("Errors: %zu feed failed (q to go back)",
		    "Errors: %zu feeds failed (q to go back)", e->n), e->n);
}

static void
errors_done(struct view *v)
{
	errors_clear(v->priv);
}

static const char *
errors_empty(struct view *v)
{
	return _("No errors: every feed's last refresh worked.");
}

const struct view_ops errors_view_ops = {
	.name = "errors",
	.flags = VIEW_FULL,
	.private_size = sizeof(struct errors),
	.open = errors_open,
	.refresh = errors_load,
	.draw_line = errors_draw_line,
	.request = errors_request,
	.title = errors_title,
	.empty = errors_empty,
	.done = errors_done,
};
