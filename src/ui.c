/*
 * The interactive program: one event loop where keys become requests,
 * signals become events, refreshes run in the background and the screen
 * is redrawn once per pass from dirty marks.  Owns the panes and the
 * focus, the request handlers, the search prompt's live results and
 * refreshes; the `:` commands, links and translating are its ui-*.c
 * files.  Never calls curses itself.
 */
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tidende/i18n.h"
#include "tidende/cmd.h"
#include "tidende/article-view.h"
#include "tidende/config.h"
#include "tidende/date.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db-queue.h"
#include "tidende/db-store.h"
#include "tidende/db-sync.h"
#include "tidende/db.h"
#include "tidende/display.h"
#include "tidende/errors-view.h"
#include "tidende/feeds-view.h"
#include "tidende/help-view.h"
#include "tidende/items-view.h"
#include "tidende/fetch.h"
#include "tidende/keys.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/match.h"
#include "tidende/options.h"
#include "tidende/prompt.h"
#include "tidende/refresh.h"
#include "tidende/signal.h"
#include "tidende/spawn.h"
#include "tidende/translate.h"
#include "tidende/fulltext.h"
#include "tidende/utf8.h"
#include "tidende/words.h"
#include "tidende/xmalloc.h"
#include "ui-private.h"

#define UI_SEARCH_DELAY		120	/* ms of quiet before searching */
#define UI_RELOAD_EVERY		250	/* ms between reloads while refreshing */
#define UI_REFRESH_TICK_MS	60000	/* how often due feeds are looked for */

/* Curses key codes ui.c needs without including curses. */
#define UI_KEY_ENTER	0527
#define UI_KEY_CTRL_C	3

static int64_t ui_last_reload;
static unsigned ui_reload_timer;
static int64_t ui_key_us;	/* when the first unanswered key came */

/* --------------------------------------------------------------- status */

static void
ui_vmessage(struct ui *ui, int error, const char *fmt, va_list ap)
{
	char *s = xvasprintf(fmt, ap);

	free(ui->dpy.message);
	/* Messages can carry feed text: clean them. */
	ui->dpy.message = utf8_clean(s, strlen(s), UTF8_COLLAPSE_SPACE);
	free(s);
	ui->dpy.message_error = error;
	ui->dpy.status_dirty = 1;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vmessage(ui, 0, fmt, ap);
	va_end(ap);
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vmessage(ui, 1, fmt, ap);
	va_end(ap);
}

static void
ui_clear_message(struct ui *ui)
{
	if (ui->dpy.message == NULL)
		return;
	free(ui->dpy.message);
	ui->dpy.message = NULL;
	ui->dpy.status_dirty = 1;
}

/* ---------------------------------------------------------------- panes */

void
ui_focus(struct ui *ui, enum display_pane p)
{
	if (ui->dpy.pane[p] == NULL)
		return;
	if (ui->dpy.focus != p) {
		ui->dpy.focus = p;
		view_dirty(ui->dpy.pane[p]);
		view_dirty(ui->dpy.pane[DISPLAY_LIST]);
		view_dirty(ui->dpy.pane[DISPLAY_SIDEBAR]);
		if (ui->dpy.layout == DISPLAY_LAYOUT_SINGLE)
			ui->dpy.relayout = 1;
	}
	ui->dpy.title_dirty = 1;
}

/* Close help/errors views stacked over the article list. */
static void
ui_pop_list(struct ui *ui)
{
	struct view *v;

	while ((v = ui->dpy.pane[DISPLAY_LIST]) != NULL && v != ui->items) {
		ui->dpy.pane[DISPLAY_LIST] = v->parent != NULL ? v->parent : ui->items;
		view_free(v);
		ui->dpy.relayout = 1;
	}
}

static void
ui_push_list(struct ui *ui, const struct view_ops *ops)
{
	struct view *v;

	ui_pop_list(ui);
	v = view_new(&ui->env, ops);
	v->parent = ui->dpy.pane[DISPLAY_LIST];
	ui->dpy.pane[DISPLAY_LIST] = v;
	ui->dpy.focus = DISPLAY_LIST;
	ui->dpy.relayout = 1;
}

static void
ui_close_article(struct ui *ui)
{
	if (ui->dpy.pane[DISPLAY_ARTICLE] == NULL)
		return;
	ui->dpy.pane[DISPLAY_ARTICLE] = NULL;
	view_free(ui->article);
	ui->article = NULL;
	if (ui->dpy.focus == DISPLAY_ARTICLE)
		ui->dpy.focus = DISPLAY_LIST;
	ui->dpy.relayout = 1;
}

void
ui_open_article(struct ui *ui, int64_t id)
{
	char *cause = NULL;

	if (ui->article == NULL) {
		ui->article = view_new(&ui->env, &article_view_ops);
		ui->dpy.pane[DISPLAY_ARTICLE] = ui->article;
		ui->dpy.relayout = 1;
	}
	ui->dpy.focus = DISPLAY_ARTICLE;
	if (ui->dpy.layout == DISPLAY_LAYOUT_SINGLE)
		ui->dpy.relayout = 1;
	/* The pane needs its size before rendering: lay out first. */
	if (ui->dpy.relayout)
		display_layout(&ui->dpy);
	article_view_show(ui->article, id);
	if (db_queue_set_read(ui->db, id, 1, NULL, &cause) != STATUS_OK) {
		ui_error(ui, "%s", cause);
		free(cause);
	}
	ui->dpy.title_dirty = 1;
}

void
ui_set_terms(struct ui *ui, const char *query)
{
	match_terms_free(ui->env.terms, ui->env.nterms);
	ui->env.terms = NULL;
	ui->env.nterms = 0;
	if (query != NULL && *query != '\0')
		ui->env.terms = match_terms(query, &ui->env.nterms);
	view_dirty(ui->dpy.pane[DISPLAY_LIST]);
	view_dirty(ui->article);
}

void
ui_show_items(struct ui *ui, const struct items_spec *s)
{
	ui_pop_list(ui);
	items_view_set(ui->items, s);
	ui_set_terms(ui, s->kind == DB_VIEW_SEARCH ? s->search : NULL);
	ui->dpy.focus = DISPLAY_LIST;
	ui->dpy.relayout = 1;
	ui->search_back_valid = 0;
}

/* -------------------------------------------------------------- refresh */

static void
ui_refresh_feed_cb(const struct refresh_report *r, void *arg)
{
	struct ui *ui = arg;
	struct refresh_progress p;

	if (ui->refresh == NULL)
		return;
	refresh_get_progress(ui->refresh, &p);
	if (p.errors > 0)
		/* TRANSLATORS: refresh progress on the status line: feeds
		   done, feeds in all, new articles so far; some failed. */
		ui_message(ui, ngettext("refreshing: %zu of %zu feed, %zu "
		    "new, errors: see :errors", "refreshing: %zu of %zu feeds, "
		    "%zu new, errors: see :errors", p.total), p.done, p.total,
		    p.new_items);
	else
		/* TRANSLATORS: refresh progress on the status line: feeds
		   done, feeds in all, new articles so far. */
		ui_message(ui, ngettext("refreshing: %zu of %zu feed, %zu new",
		    "refreshing: %zu of %zu feeds, %zu new", p.total), p.done,
		    p.total, p.new_items);
}

static void
ui_refresh_done_cb(const struct refresh_progress *p, void *arg)
{
	struct ui *ui = arg;
	char *feeds, *items;

	ui->refresh = NULL;
	if (p->total == 0 && p->cache_errors == 0)
		return;		/* a timer tick with nothing due */
	items = xasprintf(ngettext("%zu new article", "%zu new articles",
	    p->new_items), p->new_items);
	if (p->store_errors > 0 || p->cache_errors > 0) {
		feeds = xasprintf(ngettext("%zu feed not stored",
		    "%zu feeds not stored", p->store_errors), p->store_errors);
		/* the count first: a long cause is cut at the screen's edge */
		if (p->cache_error[0] != '\0')
			/* TRANSLATORS: "3 feeds not stored, 2 new articles:
			   CACHE: why" */
			ui_error(ui, _("%s, %s: %s"), feeds, items,
			    p->cache_error);
		else
			/* TRANSLATORS: "3 feeds not stored, 2 new articles" */
			ui_error(ui, _("%s, %s"), feeds, items);
	} else if (p->errors > 0) {
		feeds = xasprintf(ngettext("%zu feed", "%zu feeds", p->total),
		    p->total);
		/* TRANSLATORS: "refreshed 5 feeds: 2 new articles, 1 failed
		   (...)"; the third %zu counts the feeds that failed. */
		ui_error(ui, ngettext("refreshed %s: %s, %zu failed (:errors "
		    "to see why)", "refreshed %s: %s, %zu failed (:errors to "
		    "see why)", p->errors), feeds, items, p->errors);
	} else {
		feeds = xasprintf(ngettext("%zu feed", "%zu feeds", p->total),
		    p->total);
		/* TRANSLATORS: "refreshed 5 feeds: 2 new articles" */
		ui_message(ui, _("refreshed %s: %s"), feeds, items);
	}
	free(feeds);
	free(items);
}

static void
ui_refresh_due(struct ui *ui, const char *url, const char *tag, int due_only)
{
	struct refresh_progress p;
	struct refresh_filter f;

	if (ui->refresh != NULL) {
		if (!due_only)
			ui_message(ui, "%s", _("a refresh is already running"));
		return;
	}
	memset(&f, 0, sizeof f);
	f.url = url;
	f.tag = tag;
	f.due_only = due_only;
	ui->refresh = refresh_start(ui->db, &ui->app->config, &f,
	    ui_refresh_feed_cb, ui_refresh_done_cb, ui);
	if (ui->refresh != NULL) {
		refresh_get_progress(ui->refresh, &p);
		if (p.total > 0)
			ui_message(ui, "%s", _("refreshing..."));
	}
}

/* Refreshing everything (R, :refresh, the start-up refresh) syncs too. */
void
ui_refresh(struct ui *ui, const char *url, const char *tag)
{
	ui_refresh_due(ui, url, tag, 0);
	if (url == NULL && tag == NULL)
		ui_sync_start(ui, 0);
}

/*
 * The automatic refresh: every minute, the feeds that are due (their
 * refresh interval passed, and no back-off or Retry-After holds them).
 */
static void
ui_refresh_timer(void *arg)
{
	struct ui *ui = arg;

	ui->refresh_timer = 0;
	if (options_int(OPT_REFRESH_INTERVAL) <= 0)
		return;
	ui_refresh_due(ui, NULL, NULL, 1);
	ui->refresh_timer = loop_add_timer(UI_REFRESH_TICK_MS,
	    ui_refresh_timer, ui);
}

/*
 * On each minute of the wall clock: the panes drawn again, since their
 * dates age ("14:05" becomes "yesterday" at midnight, the article
 * header's "(25 minutes ago)" each minute).  A pane only re-reads what is
 * on screen.
 */
static void
ui_clock_timer(void *arg)
{
	struct ui *ui = arg;
	struct timespec ts;
	enum display_pane p;
	int64_t ms;

	if (ui->clock_timer != 0)
		for (p = 0; p < DISPLAY__PANES; p++)
			if (ui->dpy.pane[p] != NULL)
				view_dirty(ui->dpy.pane[p]);
	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (int64_t)(ts.tv_sec % 60) * 1000 + ts.tv_nsec / 1000000;
	ui->clock_timer = loop_add_timer((int)(60000 - ms + 50),
	    ui_clock_timer, ui);
}

/* The feed URL of whatever is selected, for `refresh`. */
static char *
ui_selected_feed_url(struct ui *ui)
{
	const struct db_row *r;
	struct db_feed f;
	int64_t id = -1;
	char *url = NULL;

	if (ui->dpy.focus == DISPLAY_ARTICLE && ui->article != NULL)
		id = article_view_id(ui->article);
	if (id != -1 || (r = items_view_row(ui->items)) == NULL) {
		struct db_item it;
		char *cause = NULL;

		if (id == -1 || db_items_get(ui->db, id, &it, &cause) !=
		    STATUS_OK) {
			free(cause);
			return NULL;
		}
		url = xstrdup0(it.feed_url);
		db_items_item_free(&it);
		return url;
	}
	if (r->feed_url != NULL)
		return xstrdup(r->feed_url);
	if (db_feed_get(ui->db, r->feed_id, &f) == STATUS_OK) {
		url = xstrdup0(f.url);
		db_feed_free(&f);
	}
	return url;
}

/* --------------------------------------------------------------- search */

static void
ui_search_restore(struct ui *ui)
{
	struct items_spec s;

	if (!ui->search_back_valid)
		return;
	s = ui->search_back;
	s.tag = ui->search_back_tag;
	s.label = ui->search_back_label;
	s.search = ui->search_back.search;
	items_view_set(ui->items, &s);
	/* Back where the reader was: same rows, same selection. */
	ui->items->offset = ui->search_back_offset;
	view_select(ui->items, ui->search_back_lineno);
	ui_set_terms(ui, s.kind == DB_VIEW_SEARCH ? s.search : NULL);
	ui->search_back_valid = 0;
}

static void
ui_search_apply(struct ui *ui, const char *q)
{
	struct items_spec s;
	char *full = NULL;

	if (q == NULL || *q == '\0') {
		ui_search_restore(ui);
		ui->search_back_valid = 1;	/* still inside the prompt */
		return;
	}
	memset(&s, 0, sizeof s);
	s.kind = DB_VIEW_SEARCH;
	s.search = q;
	if (ui->prompt.scope_on && ui->scope_query != NULL) {
		/* Scoped: the feed or tag filter goes first. */
		full = xasprintf("%s %s", ui->scope_query, q);
		s.search = full;
		s.label = ui->prompt.scope_label;
	}
	s.by_relevance = strcmp(options_str(OPT_SEARCH_SORT), "date") != 0;
	/* While typing, the last word is a prefix. */
	s.prefix_last = ui->prompt.kind == PROMPT_SEARCH;
	ui_clear_message(ui);
	items_view_set(ui->items, &s);
	ui_set_terms(ui, q);
	free(full);
}

static void
ui_prompt_scope(struct ui *ui)
{
	if (ui->scope_query == NULL) {
		ui_message(ui, "%s", _("search: already searching everything"));
		return;
	}
	ui->prompt.scope_on = !ui->prompt.scope_on;
}

/* The feed or tag the list shows, as a search filter. */
static void
ui_search_set_scope(struct ui *ui, const struct items_spec *s)
{
	struct db_feed f;

	free(ui->scope_query);
	free(ui->prompt.scope_label);
	ui->scope_query = ui->prompt.scope_label = NULL;
	ui->prompt.scope_on = 0;
	if (s->kind == DB_VIEW_TAG && s->tag != NULL &&
	    strchr(s->tag, '"') == NULL) {
		ui->scope_query = xasprintf("tag:\"%s\"", s->tag);
		ui->prompt.scope_label = xasprintf(_("in tag %s"), s->tag);
	} else if (s->kind == DB_VIEW_FEED &&
	    db_feed_get(ui->db, s->feed_id, &f) == STATUS_OK) {
		if (f.url != NULL && strchr(f.url, '"') == NULL) {
			ui->scope_query = xasprintf("feed:\"%s\"", f.url);
			ui->prompt.scope_label = xasprintf(_("in feed %s"), s->label != NULL ?
			    s->label : f.url);
		}
		db_feed_free(&f);
	}
	ui->prompt.scope_on = ui->scope_query != NULL;
}

static void
ui_search_timer(void *arg)
{
	struct ui *ui = arg;

	ui->search_timer = 0;
	if (ui->prompt.kind == PROMPT_SEARCH)
		ui_search_apply(ui, buf_str(&ui->prompt.text));
}

static void
ui_search_open(struct ui *ui)
{
	struct items_spec s;

	ui_pop_list(ui);
	items_view_spec(ui->items, &s);
	free(ui->search_back_tag);
	free(ui->search_back_label);
	free((char *)ui->search_back.search);
	ui->search_back = s;
	ui->search_back_tag = xstrdup0(s.tag);
	ui->search_back_label = xstrdup0(s.label);
	ui->search_back.search = xstrdup0(s.search);
	ui->search_back.tag = ui->search_back.label = NULL;
	ui->search_back_valid = 1;
	ui_search_set_scope(ui, &s);
	ui->search_back_lineno = ui->items->lineno;
	ui->search_back_offset = ui->items->offset;
	if (ui->dpy.layout == DISPLAY_LAYOUT_SINGLE && ui->dpy.focus != DISPLAY_LIST)
		ui->dpy.relayout = 1;
	ui->dpy.focus = DISPLAY_LIST;
	prompt_open(&ui->prompt, PROMPT_SEARCH, NULL);
	ui->dpy.status_dirty = 1;
}

static void
ui_prompt_changed(struct ui *ui)
{
	if (ui->prompt.kind != PROMPT_SEARCH)
		return;
	if (ui->search_timer != 0)
		loop_cancel_timer(ui->search_timer);
	ui->search_timer = loop_add_timer(UI_SEARCH_DELAY, ui_search_timer,
	    ui);
}

static void
ui_prompt_finish(struct ui *ui, int accepted, const char *text)
{
	int was_search = ui->search_back_valid;

	if (ui->search_timer != 0) {
		loop_cancel_timer(ui->search_timer);
		ui->search_timer = 0;
	}
	if (!was_search) {
		if (accepted && text != NULL && *text != '\0')
			ui_command_run(ui, text);
		return;
	}
	if (!accepted || text == NULL || *text == '\0') {
		ui_search_restore(ui);
		return;
	}
	ui_search_apply(ui, text);
	/* Keep the results; Esc later no longer goes back. */
	ui->search_back_valid = 0;
	if (items_view_error(ui->items) == NULL)
		ui_message(ui, "%s", _("n/N: next/previous match in an "
		    "article; toggle-search-sort: relevance or date"));
}

/* ------------------------------------------------------------- requests */

static void
ui_cycle_focus(struct ui *ui)
{
	enum display_pane order[] = { DISPLAY_SIDEBAR, DISPLAY_LIST, DISPLAY_ARTICLE };
	unsigned i, k;

	for (i = 0; i < 3; i++)
		if (order[i] == ui->dpy.focus)
			break;
	for (k = 1; k <= 3; k++) {
		enum display_pane p = order[(i + k) % 3];

		if (ui->dpy.pane[p] == NULL)
			continue;
		if (p == DISPLAY_SIDEBAR && !ui->dpy.sidebar &&
		    ui->dpy.layout != DISPLAY_LAYOUT_SINGLE)
			continue;
		ui_focus(ui, p);
		return;
	}
}

static void
ui_back(struct ui *ui)
{
	struct view *list = ui->dpy.pane[DISPLAY_LIST];
	struct items_spec s;

	if (ui->dpy.focus == DISPLAY_LIST && list != ui->items) {
		ui_pop_list(ui);
		return;
	}
	if (ui->dpy.focus == DISPLAY_ARTICLE) {
		ui_close_article(ui);
		return;
	}
	if (ui->dpy.focus == DISPLAY_SIDEBAR) {
		ui_focus(ui, DISPLAY_LIST);
		return;
	}
	items_view_spec(ui->items, &s);
	if (s.kind != DB_VIEW_ALL || s.unread_only) {
		memset(&s, 0, sizeof s);
		s.kind = DB_VIEW_ALL;
		ui_show_items(ui, &s);
		return;
	}
	ui_request(ui, REQ_QUIT);
}

/* n/N in an article without a search: the next unread article. */
static void
ui_article_next_unread(struct ui *ui, int dir)
{
	int64_t id;

	if (!items_view_next_unread(ui->items, dir)) {
		ui_message(ui, "%s", _("no more unread articles"));
		return;
	}
	if ((id = items_view_selected(ui->items)) != -1)
		ui_open_article(ui, id);
}

/*
 * The request handlers: the interface's column of the action table.
 * `first` runs instead of the focused view; `after` runs when the focused
 * view (and the engine's moving) passed the request on.
 */
static void
ui_req_quit(struct ui *ui, enum request req)
{
	/* (a quit waiting for the cache was confirmed already) */
	if (options_bool(OPT_CONFIRM_QUIT) && !ui->confirm_quit &&
	    !ui->quit_waiting) {
		ui->confirm_quit = 1;
		/* TRANSLATORS: y quits, any other key does not; keep "y". */
		ui_message(ui, "%s", _("Quit tidende? (y/n)"));
		return;
	}
	/*
	 * Changes the keys made while another process holds the cache are
	 * only in memory: quit once they are stored (ui_idle), the screen
	 * alive meanwhile; asked again, quit at once (and say what was not
	 * stored on stderr).
	 */
	if (db_queue_pending(ui->db) > 0 && !ui->quit_waiting) {
		size_t n = db_queue_pending(ui->db);

		ui->quit_waiting = 1;
		/* TRANSLATORS: on the status line at 80 columns beside
		   "? help": keep it under 70 characters */
		ui_message(ui, ngettext("cache busy: quitting once %zu change "
		    "is stored (q again: drop it)", "cache busy: quitting once "
		    "%zu changes are stored (q again: drop them)",
		    (unsigned long)n), n);
		return;
	}
	if (ui->quit_waiting && db_queue_pending(ui->db) > 0)
		ui->quit_now = 1;
	ui->dpy.quit = 1;
	loop_stop();
}

static void
ui_req_back(struct ui *ui, enum request req)
{
	ui_back(ui);
}

static void
ui_req_switch_pane(struct ui *ui, enum request req)
{
	ui_cycle_focus(ui);
}

static void
ui_req_toggle_sidebar(struct ui *ui, enum request req)
{
	ui->dpy.sidebar = !ui->dpy.sidebar;
	if (!ui->dpy.sidebar && ui->dpy.focus == DISPLAY_SIDEBAR)
		ui->dpy.focus = DISPLAY_LIST;
	ui->dpy.relayout = 1;
}

static void
ui_req_view(struct ui *ui, enum request req)
{
	struct items_spec s;

	memset(&s, 0, sizeof s);
	s.kind = req == REQ_VIEW_STARRED ? DB_VIEW_STARRED : DB_VIEW_ALL;
	ui_show_items(ui, &s);
}

static void
ui_req_view_feeds(struct ui *ui, enum request req)
{
	ui_pop_list(ui);
	if (ui->dpy.layout != DISPLAY_LAYOUT_SINGLE)
		ui->dpy.sidebar = 1;
	ui->dpy.relayout = 1;
	ui_focus(ui, DISPLAY_SIDEBAR);
}

static void
ui_req_view_errors(struct ui *ui, enum request req)
{
	ui_push_list(ui, &errors_view_ops);
}

static void
ui_req_help(struct ui *ui, enum request req)
{
	if (ui->dpy.pane[DISPLAY_LIST] != NULL &&
	    ui->dpy.pane[DISPLAY_LIST]->ops == &help_view_ops) {
		ui_pop_list(ui);
		return;
	}
	ui_push_list(ui, &help_view_ops);
}

static void
ui_req_redraw(struct ui *ui, enum request req)
{
	ui->dpy.relayout = 1;
	ui->dpy.redraw_all = 1;
	display_resume(&ui->dpy);
}

static void
ui_req_refresh(struct ui *ui, enum request req)
{
	char *url, *tag = NULL;

	if (ui->dpy.focus == DISPLAY_SIDEBAR) {
		/* The selected feed or tag; everything elsewhere. */
		url = feeds_view_selected(ui->feeds, &tag);
		ui_refresh(ui, url, tag);
		free(url);
		free(tag);
		return;
	}
	if ((url = ui_selected_feed_url(ui)) == NULL) {
		ui_refresh(ui, NULL, NULL);
		return;
	}
	ui_refresh(ui, url, NULL);
	free(url);
}

static void
ui_req_refresh_all(struct ui *ui, enum request req)
{
	ui_refresh(ui, NULL, NULL);
}

static void
ui_req_search(struct ui *ui, enum request req)
{
	ui_search_open(ui);
}

static void
ui_req_prompt(struct ui *ui, enum request req)
{
	ui->search_back_valid = 0;
	prompt_open(&ui->prompt, PROMPT_COMMAND, NULL);
	ui->dpy.status_dirty = 1;
}

static void
ui_req_open_link(struct ui *ui, enum request req)
{
	ui_link_open(ui, NULL);
}

static void
ui_req_copy_link(struct ui *ui, enum request req)
{
	ui_link_copy(ui, NULL);
}

static void
ui_req_translate(struct ui *ui, enum request req)
{
	ui_translate_toggle(ui);
}

static void
ui_req_full_text(struct ui *ui, enum request req)
{
	ui_fulltext(ui, 0);
}

static void
ui_req_cancel(struct ui *ui, enum request req)
{
	if (ui->translate != NULL) {
		translate_cancel(ui->translate);
		return;
	}
	if (ui->fulltext != NULL) {
		fulltext_cancel(ui->fulltext);
		return;
	}
	if (ui->env.nterms > 0) {
		ui_set_terms(ui, NULL);
		ui_message(ui, "%s", _("search highlighting off"));
	}
}

/* Requests for the article list wherever the focus is. */
static void
ui_req_list(struct ui *ui, enum request req)
{
	(void)ui->items->ops->request(ui->items, req);
	ui_focus(ui, DISPLAY_LIST);
}

static void
ui_req_next_unread(struct ui *ui, enum request req)
{
	if (ui->dpy.focus == DISPLAY_ARTICLE)
		ui_article_next_unread(ui, req == REQ_NEXT_UNREAD ? 1 : -1);
	else if (!items_view_next_unread(ui->items,
	    req == REQ_NEXT_UNREAD ? 1 : -1))
		ui_message(ui, "%s", _("no more unread articles"));
}

static void
ui_req_mark_all_read(struct ui *ui, enum request req)
{
	(void)ui->items->ops->request(ui->items, req);
}

static const struct ui_request_row {
	void	(*first)(struct ui *, enum request);
	void	(*after)(struct ui *, enum request);
} ui_requests[REQ__COUNT] = {
	[REQ_QUIT] = { ui_req_quit, NULL },
	[REQ_BACK] = { ui_req_back, NULL },
	[REQ_SWITCH_PANE] = { ui_req_switch_pane, NULL },
	[REQ_TOGGLE_SIDEBAR] = { ui_req_toggle_sidebar, NULL },
	[REQ_VIEW_ALL] = { ui_req_view, NULL },
	[REQ_VIEW_STARRED] = { ui_req_view, NULL },
	[REQ_VIEW_FEEDS] = { ui_req_view_feeds, NULL },
	[REQ_VIEW_ERRORS] = { ui_req_view_errors, NULL },
	[REQ_HELP] = { ui_req_help, NULL },
	[REQ_REDRAW] = { ui_req_redraw, NULL },
	[REQ_REFRESH] = { ui_req_refresh, NULL },
	[REQ_REFRESH_ALL] = { ui_req_refresh_all, NULL },
	[REQ_SEARCH] = { ui_req_search, NULL },
	[REQ_PROMPT] = { ui_req_prompt, NULL },
	[REQ_OPEN_LINK] = { ui_req_open_link, NULL },
	[REQ_COPY_LINK] = { ui_req_copy_link, NULL },
	[REQ_TRANSLATE] = { ui_req_translate, NULL },
	[REQ_FULL_TEXT] = { ui_req_full_text, NULL },
	[REQ_CANCEL] = { ui_req_cancel, NULL },
	[REQ_TOGGLE_UNREAD_ONLY] = { ui_req_list, NULL },
	[REQ_SEARCH_SORT] = { ui_req_list, NULL },
	[REQ_NEXT_UNREAD] = { NULL, ui_req_next_unread },
	[REQ_PREV_UNREAD] = { NULL, ui_req_next_unread },
	[REQ_MARK_ALL_READ] = { NULL, ui_req_mark_all_read },
};

void
ui_request(struct ui *ui, enum request req)
{
	struct view *v = ui->dpy.pane[ui->dpy.focus];

	if (v == NULL)
		v = ui->dpy.pane[ui->dpy.focus = DISPLAY_LIST];
	if (req <= REQ_NONE || req >= REQ__COUNT)
		return;
	if (ui_requests[req].first != NULL) {
		ui_requests[req].first(ui, req);
		return;
	}
	if (view_move(v, req) == REQ_NONE)
		return;
	if (v->ops->request != NULL && (req = v->ops->request(v, req)) ==
	    REQ_NONE)
		return;
	if (req > REQ_NONE && req < REQ__COUNT &&
	    ui_requests[req].after != NULL)
		ui_requests[req].after(ui, req);
}

/* ------------------------------------------------------------------ keys */

/* A key while the prompt is open. */
static void
ui_prompt_key(struct ui *ui, int key, int fn)
{
	char *line;

	switch (prompt_key(&ui->prompt, key, fn)) {
	case PROMPT_UNUSED:
	case PROMPT_USED:
		break;
	case PROMPT_SCOPE:
		ui_prompt_scope(ui);
		/* FALLTHROUGH */
	case PROMPT_CHANGED:
		ui_prompt_changed(ui);
		/* FALLTHROUGH */
	case PROMPT_MOVED:
		ui->dpy.status_dirty = 1;
		break;
	case PROMPT_ACCEPTED:
		ui->dpy.status_dirty = 1;
		line = xstrdup(buf_str(&ui->prompt.text));
		ui_prompt_finish(ui, 1, line);
		free(line);
		break;
	case PROMPT_CANCELLED:
		ui->dpy.status_dirty = 1;
		ui_prompt_finish(ui, 0, NULL);
		break;
	}
}

static void
ui_key(void *arg, int key, int fn)
{
	struct ui *ui = arg;
	enum request req;

	if (ui_key_us == 0 && log_enabled())
		ui_key_us = loop_now_us();
	if (ui->prompt.kind != PROMPT_NONE) {
		ui_prompt_key(ui, key, fn);
		return;
	}
	if (ui->confirm_quit) {
		if (!fn && (key == 'y' || key == 'Y'))
			ui_request(ui, REQ_QUIT);
		else
			ui_message(ui, "%s", _("not quitting"));
		ui->confirm_quit = 0;
		return;
	}
	/* Progress (refresh, sync, translation, :add, full text) stays. */
	if (ui->refresh == NULL && ui->sync == NULL && ui->translate == NULL &&
	    ui->add == NULL && ui->fulltext == NULL)
		ui_clear_message(ui);
	if (keys_command(key) != NULL) {	/* bind KEY exec ... */
		ui->quit_waiting = 0;
		ui_command_run(ui, keys_command(key));
		return;
	}
	req = keys_lookup(key);
	if (req == REQ_NONE && !fn && key == '\r')
		req = keys_lookup('\n');
	if (req == REQ_NONE && !fn && (key == '\r' || key == '\n'))
		req = keys_lookup(UI_KEY_ENTER);
	if (req == REQ_NONE && fn && key == UI_KEY_ENTER)
		req = keys_lookup('\r') != REQ_NONE ? keys_lookup('\r') :
		    keys_lookup('\n');
	if (req == REQ_NONE && !fn && key == 27)
		req = REQ_CANCEL;
	if (req == REQ_NONE && !fn && key == UI_KEY_CTRL_C)
		req = REQ_QUIT;
	/* Another key while a quit waits for the busy cache: not quitting. */
	if (ui->quit_waiting && req != REQ_QUIT && req != REQ_BACK) {
		ui->quit_waiting = 0;
		ui_message(ui, "%s", _("not quitting"));
		if (req == REQ_CANCEL || req == REQ_NONE)
			return;
	}
	if (req == REQ_NONE) {
		/* TRANSLATORS: %s is a key's name ("x", "C-k"). */
		ui_message(ui, _("%s: not bound (? for help)"), keys_name(key));
		return;
	}
	ui_request(ui, req);
}

static void
ui_mouse(void *arg, int x, int y, int wheel)
{
	struct ui *ui = arg;
	struct view *v;
	int row, p, i;

	if ((p = display_pane_at(x, y, &row)) < 0 ||
	    (v = ui->dpy.pane[p]) == NULL)
		return;
	if (wheel != 0) {
		for (i = 0; i < 3; i++)
			view_move(v, wheel > 0 ? REQ_NEXT : REQ_PREV);
		return;
	}
	if (ui->dpy.focus != (enum display_pane)p)
		ui_focus(ui, (enum display_pane)p);
	if (v->ops->flags & VIEW_PAGER)
		return;
	if (v->offset + (size_t)row < v->lines) {
		if (v->lineno == v->offset + (size_t)row) {
			ui_request(ui, REQ_OPEN);
			return;
		}
		view_select(v, v->offset + (size_t)row);
	}
}

/* ---------------------------------------------------------------- loop */

static void
ui_tty_read(int fd, short revents, void *arg)
{
	struct ui *ui = arg;

	if (revents & (POLLHUP | POLLERR | POLLNVAL)) {
		/* The terminal is gone (an SSH link dropped). */
		ui->dpy.quit = 1;
		loop_stop();
		return;
	}
	display_read_keys(&ui->dpy);
}

static void
ui_signal(int sig, void *arg)
{
	struct ui *ui = arg;

	switch (sig) {
	case SIGWINCH:
		display_resize(&ui->dpy);
		break;
	case SIGINT:
	case SIGTERM:
	case SIGHUP:
		ui->dpy.quit = 1;
		/*
		 * No wait for a busy cache: a dropped link or a stop must
		 * end the program; what could not be stored is said.
		 */
		ui->quit_now = 1;
		ui->exit_signal = sig;
		loop_stop();
		break;
	case SIGTSTP:
		display_suspend(&ui->dpy);
		break;
	case SIGCONT:
		display_resume(&ui->dpy);
		break;
	case SIGCHLD:
		spawn_reap();
		break;
	}
}

static void
ui_wake(void *arg)
{
	ui_reload_timer = 0;
}

static void
ui_reload_views(struct ui *ui)
{
	enum display_pane p;

	int64_t t0 = loop_now_us(), t1, t2;

	ui_last_reload = loop_now_ms();
	if (ui->items->ops->refresh != NULL)
		ui->items->ops->refresh(ui->items);
	t1 = loop_now_us();
	if (ui->feeds != NULL)
		ui->feeds->ops->refresh(ui->feeds);
	t2 = loop_now_us();
	if (ui->article != NULL)
		ui->article->ops->refresh(ui->article);
	log_debug("ui: reload: list %.2f ms, sidebar %.2f ms",
	    (double)(t1 - t0) / 1000.0, (double)(t2 - t1) / 1000.0);
	for (p = 0; p < DISPLAY__PANES; p++) {
		struct view *v = ui->dpy.pane[p];

		if (v != NULL && v != ui->items && v != ui->feeds &&
		    v != ui->article && v->ops->refresh != NULL)
			v->ops->refresh(v);
		view_dirty(v);
	}
	ui->dpy.title_dirty = 1;
}

static void
ui_idle(void *arg)
{
	struct ui *ui = arg;
	uint64_t gen;
	int64_t now;
	char *err;

	if (ui->dpy.quit || ui->exec_terminal)
		return;		/* (the terminal is an exec! command's) */
	/* a queued read/star that could not be stored after all */
	if ((err = db_queue_error(ui->db)) != NULL) {
		ui_error(ui, "%s", err);
		free(err);
		ui->quit_waiting = 0;	/* the user reads it first */
	} else if (ui->quit_waiting && db_queue_pending(ui->db) == 0) {
		ui->dpy.quit = 1;	/* all stored: the quit asked for */
		loop_stop();
		return;
	}
	/* the `/` history could not be read or saved */
	if ((err = prompt_history_error()) != NULL) {
		ui_error(ui, "%s", err);
		free(err);
	}
	gen = db_generation(ui->db);
	if (gen != ui->generation) {
		now = loop_now_ms();
		/* While a refresh or a sync stores feed after feed, reload
		 * at most every UI_RELOAD_EVERY ms so keys stay quick. */
		if ((ui->refresh == NULL && ui->sync == NULL) ||
		    now - ui_last_reload >= UI_RELOAD_EVERY) {
			ui->generation = gen;
			ui_reload_views(ui);
			ui_sync_changed(ui);
		} else if (ui_reload_timer == 0)
			ui_reload_timer = loop_add_timer(UI_RELOAD_EVERY -
			    (now - ui_last_reload), ui_wake, ui);
	}
	display_update(&ui->dpy);
	if (ui_key_us != 0) {
		log_debug("ui: key to screen %.2f ms",
		    (double)(loop_now_us() - ui_key_us) / 1000.0);
		ui_key_us = 0;
	}
}

static void
ui_free(struct ui *ui)
{
	enum display_pane p;

	ui_pop_list(ui);
	for (p = 0; p < DISPLAY__PANES; p++)
		ui->dpy.pane[p] = NULL;
	view_free(ui->article);
	view_free(ui->items);
	view_free(ui->feeds);
	free(ui->dpy.message);
	free(ui->dpy.sync_line);
	free(ui->search_back_tag);
	free(ui->search_back_label);
	free((char *)ui->search_back.search);
	match_terms_free(ui->env.terms, ui->env.nterms);
	free(ui->scope_query);
	prompt_free(&ui->prompt);
	prompt_history_free();
}

/* ------------------------------------------------- what views may ask */

static void
ui_env_message(void *arg, int error, const char *text)
{
	if (error)
		ui_error(arg, "%s", text);
	else
		ui_message(arg, "%s", text);
}

static void
ui_env_show_items(void *arg, const struct items_spec *s)
{
	ui_show_items(arg, s);
}

static void
ui_env_open_article(void *arg, int64_t id)
{
	ui_open_article(arg, id);
}

static int
ui_env_focused(void *arg, const struct view *v)
{
	struct ui *ui = arg;

	return ui->dpy.pane[ui->dpy.focus] == v;
}

static int
ui_env_refreshing(void *arg)
{
	return ((struct ui *)arg)->refresh != NULL;
}

static void
ui_env_title_changed(void *arg)
{
	((struct ui *)arg)->dpy.title_dirty = 1;
}

/*
 * At quit, on stderr: changes the keys made that a busy cache never
 * took (1 then), and changes the sync server has not had yet (kept in
 * the cache, so only said).
 */
static int
ui_quit_report(struct ui *ui)
{
	char *cause, *line, *nl;
	int64_t pending;
	size_t lost;

	lost = db_queue_flush(ui->db, !ui->quit_now, &cause);
	for (line = cause; line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		fprintf(stderr, "tidende: %s\n", line);
	}
	free(cause);
	if (ui->sync_account != 0 &&
	    (pending = db_sync_pending(ui->db, ui->sync_account)) > 0)
		app_error("sync", ngettext("%lld change waits for the server: "
		    "kept in the cache, it is sent at the next sync",
		    "%lld changes wait for the server: kept in the cache, "
		    "they are sent at the next sync", (unsigned long)pending),
		    (long long)pending);
	return lost > 0;
}

int
ui_run(struct app *app)
{
	struct ui ui;
	char *cause = NULL;
	int64_t start = loop_now_us();
	int rc;

	if ((rc = app_sync_feeds(app)) != 0)
		return rc;
	memset(&ui, 0, sizeof ui);
	ui.app = app;
	ui.db = app->db;
	/* translations and full texts never wait for a busy cache either */
	db_queue_set_texts(ui.db, 1);
	ui.env.db = app->db;
	ui.env.config = &app->config;
	ui.env.arg = &ui;
	ui.env.message = ui_env_message;
	ui.env.show_items = ui_env_show_items;
	ui.env.open_article = ui_env_open_article;
	ui.env.focused = ui_env_focused;
	ui.env.refreshing = ui_env_refreshing;
	ui.env.title_changed = ui_env_title_changed;
	ui.dpy.prompt = &ui.prompt;
	ui.dpy.arg = &ui;
	ui.dpy.key = ui_key;
	ui.dpy.mouse = ui_mouse;
	ui.dpy.sidebar = options_bool(OPT_SIDEBAR);
	ui.dpy.focus = DISPLAY_LIST;
	prompt_init(&ui.prompt);
	prompt_history_load();

	date_display_local(1);	/* the article header in the locale */
	loop_init();
	fetch_init();
	signal_init(ui_signal, &ui);
	if (display_init(&ui.dpy, &app->config, &cause) != 0) {
		app_error("tui", "%s", cause);
		free(cause);
		signal_done();
		fetch_done();
		loop_free();
		prompt_history_free();
		return 1;
	}
	ui.generation = db_generation(ui.db);
	ui_last_reload = loop_now_ms();
	log_debug("ui: config, cache and curses up in %.2f ms",
	    (double)(loop_now_us() - start) / 1000.0);
	ui.feeds = view_new(&ui.env, &feeds_view_ops);
	log_debug("ui: sidebar in %.2f ms", (double)(loop_now_us() - start) /
	    1000.0);
	ui.items = view_new(&ui.env, &items_view_ops);
	log_debug("ui: list in %.2f ms", (double)(loop_now_us() - start) /
	    1000.0);
	ui.dpy.pane[DISPLAY_SIDEBAR] = ui.feeds;
	ui.dpy.pane[DISPLAY_LIST] = ui.items;
	display_layout(&ui.dpy);

	loop_add_fd(STDIN_FILENO, POLLIN, ui_tty_read, &ui);
	loop_add_idle(ui_idle, &ui);
	/* The first screen now, before any network work. */
	ui_sync_init(&ui);
	if ((cause = prompt_history_error()) != NULL) {
		ui_error(&ui, "%s", cause);
		free(cause);
		cause = NULL;
	}
	display_update(&ui.dpy);
	log_debug("ui: first screen in %.2f ms", (double)(loop_now_us() - start) /
	    1000.0);
	/* articles a killed refresh stored but did not index for search */
	db_index_background(ui.db);
	if (options_bool(OPT_REFRESH_ON_START))
		ui_refresh(&ui, NULL, NULL);
	if (options_int(OPT_REFRESH_INTERVAL) > 0)
		ui.refresh_timer = loop_add_timer(UI_REFRESH_TICK_MS,
		    ui_refresh_timer, &ui);
	ui_clock_timer(&ui);
	loop_run();

	if (ui.translate != NULL)
		translate_cancel(ui.translate);
	fulltext_cancel_all();	/* the open article's and full-text= feeds' */
	ui_sync_done(&ui);
	ui_add_done(&ui);
	if (ui.refresh != NULL)
		refresh_cancel(ui.refresh);
	fulltext_cancel_all();	/* any a feed stored while cancelling queued */
	display_done();
	/* the screen is the shell's again: what was not stored is said */
	if (ui_quit_report(&ui) != 0 && ui.exit_signal == 0)
		rc = 1;
	loop_remove_fd(STDIN_FILENO);
	ui_free(&ui);
	signal_done();
	fetch_done();
	loop_free();
	/* Killed (SIGHUP from a dropped SSH link, SIGTERM): say so. */
	return ui.exit_signal != 0 ? 128 + ui.exit_signal : rc;
}
