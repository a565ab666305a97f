/*
 * The interactive program: one event loop where keys become requests,
 * signals become events, refreshes run in the background and the screen
 * is redrawn once per pass from dirty marks.  Owns the panes and the
 * focus, the `:` commands, the search prompt's live results, opening and
 * copying links.  Never calls curses itself.
 */
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tidende/cmd.h"
#include "tidende/config.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db-queue.h"
#include "tidende/db.h"
#include "tidende/fetch.h"
#include "tidende/keys.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/signal.h"
#include "tidende/spawn.h"
#include "tidende/translate.h"
#include "tidende/ui.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

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

	free(ui->message);
	/* Messages can carry feed text: clean them. */
	ui->message = utf8_clean(s, strlen(s), UTF8_COLLAPSE_SPACE);
	free(s);
	ui->message_error = error;
	ui->status_dirty = 1;
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
	if (ui->message == NULL)
		return;
	free(ui->message);
	ui->message = NULL;
	ui->status_dirty = 1;
}

/* ---------------------------------------------------------------- panes */

void
ui_focus(struct ui *ui, enum ui_pane p)
{
	if (ui->pane[p] == NULL)
		return;
	if (ui->focus != p) {
		ui->focus = p;
		view_dirty(ui->pane[p]);
		view_dirty(ui->pane[UI_LIST]);
		view_dirty(ui->pane[UI_SIDEBAR]);
		if (ui->layout == UI_LAYOUT_SINGLE)
			ui->relayout = 1;
	}
	ui->title_dirty = 1;
}

/* Close help/errors views stacked over the article list. */
static void
ui_pop_list(struct ui *ui)
{
	struct view *v;

	while ((v = ui->pane[UI_LIST]) != NULL && v != ui->items) {
		ui->pane[UI_LIST] = v->parent != NULL ? v->parent : ui->items;
		view_free(v);
		ui->relayout = 1;
	}
}

static void
ui_push_list(struct ui *ui, const struct view_ops *ops)
{
	struct view *v;

	ui_pop_list(ui);
	v = view_new(ui, ops);
	v->parent = ui->pane[UI_LIST];
	ui->pane[UI_LIST] = v;
	ui->focus = UI_LIST;
	ui->relayout = 1;
}

static void
ui_close_article(struct ui *ui)
{
	if (ui->pane[UI_ARTICLE] == NULL)
		return;
	ui->pane[UI_ARTICLE] = NULL;
	view_free(ui->article);
	ui->article = NULL;
	if (ui->focus == UI_ARTICLE)
		ui->focus = UI_LIST;
	ui->relayout = 1;
}

void
ui_open_article(struct ui *ui, int64_t id)
{
	char *cause = NULL;

	if (ui->article == NULL) {
		ui->article = view_new(ui, &article_view_ops);
		ui->pane[UI_ARTICLE] = ui->article;
		ui->relayout = 1;
	}
	ui->focus = UI_ARTICLE;
	if (ui->layout == UI_LAYOUT_SINGLE)
		ui->relayout = 1;
	/* The pane needs its size before rendering: lay out first. */
	if (ui->relayout)
		display_layout(ui);
	article_view_show(ui->article, id);
	if (db_queue_set_read(ui->db, id, 1, NULL, &cause) != STATUS_OK) {
		ui_error(ui, "%s", cause);
		free(cause);
	}
	ui->title_dirty = 1;
}

void
ui_set_terms(struct ui *ui, const char *query)
{
	match_terms_free(ui->terms, ui->nterms);
	ui->terms = NULL;
	ui->nterms = 0;
	if (query != NULL && *query != '\0')
		ui->terms = match_terms(query, &ui->nterms);
	view_dirty(ui->pane[UI_LIST]);
	view_dirty(ui->article);
}

void
ui_show_items(struct ui *ui, const struct items_spec *s)
{
	ui_pop_list(ui);
	items_view_set(ui->items, s);
	ui_set_terms(ui, s->kind == DB_VIEW_SEARCH ? s->search : NULL);
	ui->focus = UI_LIST;
	ui->relayout = 1;
	ui->search_back_valid = 0;
}

/* -------------------------------------------------------------- refresh */

static void
ui_refresh_feed_cb(const struct fetch_report *r, void *arg)
{
	struct ui *ui = arg;
	struct refresh_progress p;

	if (ui->refresh == NULL)
		return;
	refresh_get_progress(ui->refresh, &p);
	ui_message(ui, "refreshing: %zu of %zu feeds, %zu new%s%s",
	    p.done, p.total, p.new_items, p.errors > 0 ? ", errors: " : "",
	    p.errors > 0 ? "see :errors" : "");
}

static void
ui_refresh_done_cb(const struct refresh_progress *p, void *arg)
{
	struct ui *ui = arg;

	ui->refresh = NULL;
	if (p->total == 0)
		return;		/* a timer tick with nothing due */
	if (p->errors > 0)
		ui_error(ui, "refreshed %zu feed%s: %zu new article%s, %zu "
		    "failed (:errors to see why)", p->total, p->total == 1 ?
		    "" : "s", p->new_items, p->new_items == 1 ? "" : "s",
		    p->errors);
	else
		ui_message(ui, "refreshed %zu feed%s: %zu new article%s",
		    p->total, p->total == 1 ? "" : "s", p->new_items,
		    p->new_items == 1 ? "" : "s");
}

static void
ui_refresh_due(struct ui *ui, const char *url, const char *tag, int due_only)
{
	struct refresh_progress p;
	struct refresh_filter f;

	if (ui->refresh != NULL) {
		if (!due_only)
			ui_message(ui, "a refresh is already running");
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
			ui_message(ui, "refreshing...");
	}
}

static void
ui_refresh(struct ui *ui, const char *url, const char *tag)
{
	ui_refresh_due(ui, url, tag, 0);
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
	if (opt_int(OPT_REFRESH_INTERVAL) <= 0)
		return;
	ui_refresh_due(ui, NULL, NULL, 1);
	ui->refresh_timer = loop_add_timer(UI_REFRESH_TICK_MS,
	    ui_refresh_timer, ui);
}

/* The feed URL of whatever is selected, for `refresh`. */
static char *
ui_selected_feed_url(struct ui *ui)
{
	const struct db_row *r;
	struct db_feed f;
	int64_t id = -1;
	char *url = NULL;

	if (ui->focus == UI_ARTICLE && ui->article != NULL)
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

/* --------------------------------------------------------------- links */

static char *
ui_current_link(struct ui *ui)
{
	const struct db_row *r = NULL;
	const char *article = ui->article != NULL ?
	    article_view_link(ui->article) : NULL;

	/* The focused pane decides; else the open article, else the row. */
	if (ui->focus == UI_ARTICLE && article != NULL)
		return xstrdup(article);
	if (ui->pane[UI_LIST] == ui->items)
		r = items_view_row(ui->items);
	if (ui->focus == UI_LIST && r != NULL && r->link != NULL)
		return xstrdup(r->link);
	if (article != NULL)
		return xstrdup(article);
	if (r != NULL && r->link != NULL)
		return xstrdup(r->link);
	return NULL;
}

/* A link safe to hand to a browser as one argv word. */
static int
ui_link_ok(const char *link)
{
	const char *p = link;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':')
		return 0;
	for (p = link; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static void
ui_browser_done(const struct spawn_result *r, void *arg)
{
	struct ui *ui = arg;

	if (r->status != STATUS_OK) {
		char *err = r->err != NULL ? utf8_clean(r->err, r->err_len,
		    UTF8_COLLAPSE_SPACE) : xstrdup("");

		ui_error(ui, "browser: exit %d%s%s", r->exit_code,
		    *err != '\0' ? ": " : "", err);
		free(err);
	}
}

/* Replace every %u in word with link. */
static char *
ui_subst_link(const char *word, const char *link, int *used)
{
	struct buf b = BUF_INIT;
	const char *p;

	for (p = word; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 'u') {
			buf_adds(&b, link);
			p++;
			*used = 1;
		} else if (p[0] == '%' && p[1] == '%') {
			buf_addc(&b, '%');
			p++;
		} else
			buf_addc(&b, *p);
	}
	return buf_detach(&b);
}

static void
ui_open_link(struct ui *ui, const char *given)
{
	char *const *cmd = opt_argv(OPT_BROWSER);
	const char *env = getenv("BROWSER");
	char *link, **argv, *cause = NULL;
	const char *fallback[2] = { NULL, NULL };
	struct spawn_opts so;
	size_t n = 0, i;
	int used = 0;

	if ((link = given != NULL ? xstrdup(given) : ui_current_link(ui)) ==
	    NULL) {
		ui_message(ui, "no link here");
		return;
	}
	if (!ui_link_ok(link)) {
		ui_error(ui, "not opening a link without a scheme: %s", link);
		free(link);
		return;
	}
	if (cmd == NULL) {
		fallback[0] = env != NULL && *env != '\0' ? env : "xdg-open";
		cmd = (char *const *)fallback;
	}
	while (cmd[n] != NULL)
		n++;
	argv = xcalloc(n + 2, sizeof *argv);
	for (i = 0; i < n; i++)
		argv[i] = ui_subst_link(cmd[i], link, &used);
	if (!used)
		argv[n++] = xstrdup(link);
	memset(&so, 0, sizeof so);
	so.argv = argv;
	so.done = ui_browser_done;
	so.arg = ui;
	/* A launcher: the browser it starts must outlive it and its pipes. */
	so.flags = SPAWN_DETACH;
	if (spawn_start(&so, &cause) == NULL) {
		ui_error(ui, "browser: %s", cause != NULL ? cause :
		    "cannot start");
		free(cause);
	} else
		ui_message(ui, "opening %s", link);
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
	free(link);
}

static void
ui_copy_link(struct ui *ui, const char *given)
{
	char *link;

	if ((link = given != NULL ? xstrdup(given) : ui_current_link(ui)) ==
	    NULL) {
		ui_message(ui, "no link here");
		return;
	}
	display_osc52(link);
	ui_message(ui, "copied %s", link);
	free(link);
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
	if (ui->scope_on && ui->scope_query != NULL) {
		/* Scoped: the feed or tag filter goes first. */
		full = xasprintf("%s %s", ui->scope_query, q);
		s.search = full;
		s.label = ui->scope_label;
	}
	s.by_relevance = strcmp(opt_str(OPT_SEARCH_SORT), "date") != 0;
	/* While typing, the last word is a prefix. */
	s.prefix_last = ui->prompt.kind == PROMPT_SEARCH;
	ui_clear_message(ui);
	items_view_set(ui->items, &s);
	ui_set_terms(ui, q);
	free(full);
}

void
ui_prompt_scope(struct ui *ui)
{
	if (ui->scope_query == NULL) {
		ui_message(ui, "search: already searching everything");
		return;
	}
	ui->scope_on = !ui->scope_on;
}

/* The feed or tag the list shows, as a search filter. */
static void
ui_search_set_scope(struct ui *ui, const struct items_spec *s)
{
	struct db_feed f;

	free(ui->scope_query);
	free(ui->scope_label);
	ui->scope_query = ui->scope_label = NULL;
	ui->scope_on = 0;
	if (s->kind == DB_VIEW_TAG && s->tag != NULL &&
	    strchr(s->tag, '"') == NULL) {
		ui->scope_query = xasprintf("tag:\"%s\"", s->tag);
		ui->scope_label = xasprintf("in tag %s", s->tag);
	} else if (s->kind == DB_VIEW_FEED &&
	    db_feed_get(ui->db, s->feed_id, &f) == STATUS_OK) {
		if (f.url != NULL && strchr(f.url, '"') == NULL) {
			ui->scope_query = xasprintf("feed:\"%s\"", f.url);
			ui->scope_label = xasprintf("in feed %s", s->label != NULL ?
			    s->label : f.url);
		}
		db_feed_free(&f);
	}
	ui->scope_on = ui->scope_query != NULL;
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
	if (ui->layout == UI_LAYOUT_SINGLE && ui->focus != UI_LIST)
		ui->relayout = 1;
	ui->focus = UI_LIST;
	prompt_open(ui, PROMPT_SEARCH, NULL);
}

void
ui_prompt_changed(struct ui *ui)
{
	if (ui->prompt.kind != PROMPT_SEARCH)
		return;
	if (ui->search_timer != 0)
		loop_cancel_timer(ui->search_timer);
	ui->search_timer = loop_add_timer(UI_SEARCH_DELAY, ui_search_timer,
	    ui);
}

void
ui_prompt_finish(struct ui *ui, int accepted, const char *text)
{
	int was_search = ui->search_back_valid;

	if (ui->search_timer != 0) {
		loop_cancel_timer(ui->search_timer);
		ui->search_timer = 0;
	}
	if (!was_search) {
		if (accepted && text != NULL && *text != '\0')
			ui_command(ui, text);
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
		ui_message(ui, "%s", "n/N: next/previous match in an "
		    "article; toggle-search-sort: relevance or date");
}

/* ------------------------------------------------------------ translate */

static void
ui_spinner(void *arg)
{
	static const char *frames[] = { "|", "/", "-", "\\" };
	struct ui *ui = arg;

	ui->spinner_timer = 0;
	if (ui->translate == NULL)
		return;
	ui->spinner = (ui->spinner + 1) % 4;
	ui_message(ui, "translating %s  (Esc cancels)", frames[ui->spinner]);
	ui->spinner_timer = loop_add_timer(120, ui_spinner, ui);
}

static void
ui_translate_done(const struct translate_result *r, void *arg)
{
	struct ui *ui = arg;

	ui->translate = NULL;
	if (ui->spinner_timer != 0) {
		loop_cancel_timer(ui->spinner_timer);
		ui->spinner_timer = 0;
	}
	if (r->status == STATUS_CANCELLED) {
		ui_message(ui, "translation cancelled");
		return;
	}
	if (r->status != STATUS_OK) {
		ui_error(ui, "translate: %s", r->error != NULL ? r->error :
		    status_message(r->status));
		return;
	}
	if (ui->article != NULL && article_view_id(ui->article) ==
	    r->item_id) {
		article_view_set_translation(ui->article, r->text,
		    r->command);
		ui->title_dirty = 1;
	}
	ui_message(ui, "translated by %s (t: original)", r->command);
}

static void
ui_translate(struct ui *ui)
{
	const struct db_item *item;
	char *text = NULL, *cmd = NULL, *cause = NULL;

	if (ui->translate != NULL) {
		ui_message(ui, "a translation is running (Esc cancels)");
		return;
	}
	if (ui->article == NULL ||
	    (item = article_view_item(ui->article)) == NULL) {
		ui_message(ui, "open an article to translate it");
		return;
	}
	if (article_view_translated(ui->article)) {
		article_view_set_translation(ui->article, NULL, NULL);
		ui->title_dirty = 1;
		ui_message(ui, "original text");
		return;
	}
	if (translate_cached(ui->db, &ui->app->config, item, &text, &cmd) ==
	    STATUS_OK) {
		article_view_set_translation(ui->article, text, cmd);
		ui->title_dirty = 1;
		ui_message(ui, "translated by %s (cached; t: original)", cmd);
		free(text);
		free(cmd);
		return;
	}
	ui->translate = translate_start(ui->db, &ui->app->config, item,
	    ui_translate_done, ui, &cause);
	if (ui->translate == NULL) {
		ui_error(ui, "translate: %s", cause != NULL ? cause :
		    "cannot start");
		free(cause);
		return;
	}
	ui->translate_id = item->id;
	ui->spinner = 0;
	ui_message(ui, "translating |  (Esc cancels)");
	ui->spinner_timer = loop_add_timer(120, ui_spinner, ui);
}

/* ------------------------------------------------------------- commands */

static void
ui_save_search(struct ui *ui, const char *name)
{
	struct config *cfg = &ui->app->config;
	const char *q = items_view_search(ui->items);
	char *path, *cause = NULL, *line;
	struct buf b = BUF_INIT;
	const char *p;

	if (q == NULL) {
		ui_error(ui, "save: no search to save (search with / first)");
		return;
	}
	buf_printf(&b, "search \"");
	for (p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_adds(&b, "\" \"");
	for (p = q; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_addc(&b, '"');
	line = buf_detach(&b);
	if (config_apply_line(cfg, line, &cause) != STATUS_OK) {
		ui_error(ui, "save: %s", cause != NULL ? cause : "failed");
		free(cause);
		free(line);
		return;
	}
	path = cfg->path != NULL ? xstrdup(cfg->path) : config_default_path();
	if (config_append(path, line, &cause) == STATUS_OK)
		ui_message(ui, "saved search '%s' in %s", name, path);
	else {
		ui_error(ui, "saved search '%s' for this session (%s)", name,
		    cause != NULL ? cause : path);
		free(cause);
	}
	free(path);
	free(line);
	feeds_view_reload(ui->feeds);
}

static void
ui_show_feed_named(struct ui *ui, const char *name)
{
	struct db_feed *feeds = NULL;
	struct items_spec s;
	size_t n = 0, i, hit = (size_t)-1;

	if (db_feed_list(ui->db, &feeds, &n) != STATUS_OK)
		return;
	for (i = 0; i < n && hit == (size_t)-1; i++)
		if ((feeds[i].title != NULL &&
		    strcasecmp(feeds[i].title, name) == 0) ||
		    strcmp(feeds[i].url, name) == 0)
			hit = i;
	for (i = 0; i < n && hit == (size_t)-1; i++)
		if (feeds[i].title != NULL &&
		    strcasestr(feeds[i].title, name) != NULL)
			hit = i;
	if (hit == (size_t)-1)
		ui_error(ui, "feed: no feed called '%s'", name);
	else {
		memset(&s, 0, sizeof s);
		s.kind = DB_VIEW_FEED;
		s.feed_id = feeds[hit].id;
		s.label = feeds[hit].title != NULL ? feeds[hit].title :
		    feeds[hit].url;
		ui_show_items(ui, &s);
	}
	db_feed_list_free(feeds, n);
}

/* After `set`: options that change the screen. */
static void
ui_options_changed(struct ui *ui)
{
	ui->sidebar = opt_bool(OPT_SIDEBAR);
	ui->relayout = 1;
	ui->redraw_all = 1;
}

void
ui_command(struct ui *ui, const char *line)
{
	struct items_spec s;
	char **w, *cause = NULL, *rest;
	size_t n;
	const char *cmd;

	while (*line == ' ' || *line == ':')
		line++;
	if (*line == '\0')
		return;
	if ((w = config_split_words(line, &n)) == NULL || n == 0) {
		ui_error(ui, "%s: unbalanced quote", line);
		config_argv_free(w);
		return;
	}
	cmd = w[0];
	rest = strchr(line, ' ');
	while (rest != NULL && *rest == ' ')
		rest++;
	memset(&s, 0, sizeof s);
	if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0)
		ui_request(ui, REQ_QUIT);
	else if (strcmp(cmd, "help") == 0)
		ui_request(ui, REQ_HELP);
	else if (strcmp(cmd, "errors") == 0)
		ui_request(ui, REQ_VIEW_ERRORS);
	else if (strcmp(cmd, "all") == 0)
		ui_request(ui, REQ_VIEW_ALL);
	else if (strcmp(cmd, "starred") == 0)
		ui_request(ui, REQ_VIEW_STARRED);
	else if (strcmp(cmd, "feeds") == 0)
		ui_request(ui, REQ_VIEW_FEEDS);
	else if (strcmp(cmd, "unread") == 0) {
		s.kind = DB_VIEW_ALL;
		s.unread_only = 1;
		ui_show_items(ui, &s);
	} else if (strcmp(cmd, "refresh") == 0)
		ui_refresh(ui, NULL, n > 1 ? w[1] : NULL);
	else if (strcmp(cmd, "tag") == 0 && n == 2) {
		s.kind = DB_VIEW_TAG;
		s.tag = w[1];
		ui_show_items(ui, &s);
	} else if (strcmp(cmd, "feed") == 0 && rest != NULL)
		ui_show_feed_named(ui, n == 2 ? w[1] : rest);
	else if (strcmp(cmd, "search") == 0 && rest != NULL &&
	    !(n == 3 && strchr(line, '"') != NULL)) {
		/* `search NAME "QUERY"` is the config line; else a search. */
		s.kind = DB_VIEW_SEARCH;
		s.search = rest;
		s.by_relevance = strcmp(opt_str(OPT_SEARCH_SORT), "date") != 0;
		ui_show_items(ui, &s);
	} else if (strcmp(cmd, "save") == 0 && n == 2)
		ui_save_search(ui, w[1]);
	else if ((strcmp(cmd, "open") == 0 || strcmp(cmd, "copy") == 0) &&
	    n == 2) {
		/* A numbered link (or enclosure) of the open article. */
		const char *link = ui->article != NULL ?
		    article_view_link_n(ui->article, strtoul(w[1], NULL, 10)) :
		    NULL;

		if (link == NULL)
			ui_error(ui, "%s: no link [%s] in the open article",
			    cmd, w[1]);
		else if (cmd[0] == 'o')
			ui_open_link(ui, link);
		else
			ui_copy_link(ui, link);
	} else if (strcmp(cmd, "sort") == 0)
		ui_request(ui, REQ_SEARCH_SORT);
	else if (strcmp(cmd, "color") == 0) {
		if (display_color(w + 1, n - 1, &cause) != STATUS_OK) {
			ui_error(ui, "%s", cause);
			free(cause);
		} else
			ui->redraw_all = 1;
	} else if (request_find(cmd) != REQ_NONE)
		ui_request(ui, request_find(cmd));
	else if (config_apply_line(&ui->app->config, line, &cause) !=
	    STATUS_OK) {
		ui_error(ui, "%s", cause != NULL ? cause : "bad command");
		free(cause);
	} else {
		ui_options_changed(ui);
		if (strcmp(cmd, "search") == 0)
			feeds_view_reload(ui->feeds);
	}
	config_argv_free(w);
}

/* ------------------------------------------------------------- requests */

static void
ui_cycle_focus(struct ui *ui)
{
	enum ui_pane order[] = { UI_SIDEBAR, UI_LIST, UI_ARTICLE };
	unsigned i, k;

	for (i = 0; i < 3; i++)
		if (order[i] == ui->focus)
			break;
	for (k = 1; k <= 3; k++) {
		enum ui_pane p = order[(i + k) % 3];

		if (ui->pane[p] == NULL)
			continue;
		if (p == UI_SIDEBAR && !ui->sidebar &&
		    ui->layout != UI_LAYOUT_SINGLE)
			continue;
		ui_focus(ui, p);
		return;
	}
}

static void
ui_back(struct ui *ui)
{
	struct view *list = ui->pane[UI_LIST];
	struct items_spec s;

	if (ui->focus == UI_LIST && list != ui->items) {
		ui_pop_list(ui);
		return;
	}
	if (ui->focus == UI_ARTICLE) {
		ui_close_article(ui);
		return;
	}
	if (ui->focus == UI_SIDEBAR) {
		ui_focus(ui, UI_LIST);
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
		ui_message(ui, "no more unread articles");
		return;
	}
	if ((id = items_view_selected(ui->items)) != -1)
		ui_open_article(ui, id);
}

void
ui_request(struct ui *ui, enum request req)
{
	struct view *v = ui->pane[ui->focus];
	struct items_spec s;
	char *url;

	if (v == NULL)
		v = ui->pane[ui->focus = UI_LIST];
	memset(&s, 0, sizeof s);
	switch (req) {
	case REQ_NONE:
		return;
	case REQ_QUIT:
		if (opt_bool(OPT_CONFIRM_QUIT) && !ui->confirm_quit) {
			ui->confirm_quit = 1;
			ui_message(ui, "Quit tidende? (y/n)");
			return;
		}
		ui->quit = 1;
		loop_stop();
		return;
	case REQ_BACK:
		ui_back(ui);
		return;
	case REQ_SWITCH_PANE:
		ui_cycle_focus(ui);
		return;
	case REQ_TOGGLE_SIDEBAR:
		ui->sidebar = !ui->sidebar;
		if (!ui->sidebar && ui->focus == UI_SIDEBAR)
			ui->focus = UI_LIST;
		ui->relayout = 1;
		return;
	case REQ_VIEW_ALL:
		s.kind = DB_VIEW_ALL;
		ui_show_items(ui, &s);
		return;
	case REQ_VIEW_STARRED:
		s.kind = DB_VIEW_STARRED;
		ui_show_items(ui, &s);
		return;
	case REQ_VIEW_FEEDS:
		ui_pop_list(ui);
		if (ui->layout != UI_LAYOUT_SINGLE)
			ui->sidebar = 1;
		ui->relayout = 1;
		ui_focus(ui, UI_SIDEBAR);
		return;
	case REQ_VIEW_ERRORS:
		ui_push_list(ui, &errors_view_ops);
		return;
	case REQ_HELP:
		if (ui->pane[UI_LIST] != NULL &&
		    ui->pane[UI_LIST]->ops == &help_view_ops) {
			ui_pop_list(ui);
			return;
		}
		ui_push_list(ui, &help_view_ops);
		return;
	case REQ_REDRAW:
		ui->relayout = 1;
		ui->redraw_all = 1;
		display_resume(ui);
		return;
	case REQ_REFRESH:
		if (ui->focus == UI_SIDEBAR) {
			/* The selected feed or tag; everything elsewhere. */
			char *tag = NULL;

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
		return;
	case REQ_REFRESH_ALL:
		ui_refresh(ui, NULL, NULL);
		return;
	case REQ_SEARCH:
		ui_search_open(ui);
		return;
	case REQ_PROMPT:
		ui->search_back_valid = 0;
		prompt_open(ui, PROMPT_COMMAND, NULL);
		return;
	case REQ_OPEN_LINK:
		ui_open_link(ui, NULL);
		return;
	case REQ_COPY_LINK:
		ui_copy_link(ui, NULL);
		return;
	case REQ_TRANSLATE:
		ui_translate(ui);
		return;
	case REQ_CANCEL:
		if (ui->translate != NULL) {
			translate_cancel(ui->translate);
			return;
		}
		if (ui->nterms > 0) {
			ui_set_terms(ui, NULL);
			ui_message(ui, "search highlighting off");
		}
		return;
	case REQ_TOGGLE_UNREAD_ONLY:
	case REQ_SEARCH_SORT:
		(void)ui->items->ops->request(ui->items, req);
		ui_focus(ui, UI_LIST);
		return;
	default:
		break;
	}
	if (view_move(v, req) == REQ_NONE)
		return;
	if (v->ops->request != NULL && (req = v->ops->request(v, req)) ==
	    REQ_NONE)
		return;
	switch (req) {
	case REQ_NEXT_UNREAD:
	case REQ_PREV_UNREAD:
		if (ui->focus == UI_ARTICLE)
			ui_article_next_unread(ui, req == REQ_NEXT_UNREAD ?
			    1 : -1);
		else if (!items_view_next_unread(ui->items,
		    req == REQ_NEXT_UNREAD ? 1 : -1))
			ui_message(ui, "no more unread articles");
		return;
	case REQ_MARK_ALL_READ:
		(void)ui->items->ops->request(ui->items, req);
		return;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ keys */

void
ui_key(struct ui *ui, int key, int fn)
{
	enum request req;

	if (ui_key_us == 0 && log_enabled())
		ui_key_us = loop_now_us();
	if (ui->prompt.kind != PROMPT_NONE) {
		prompt_key(ui, key, fn);
		return;
	}
	if (ui->confirm_quit) {
		if (!fn && (key == 'y' || key == 'Y'))
			ui_request(ui, REQ_QUIT);
		else
			ui_message(ui, "not quitting");
		ui->confirm_quit = 0;
		return;
	}
	/* Progress (refresh, translation) stays; other messages go. */
	if (ui->refresh == NULL && ui->translate == NULL)
		ui_clear_message(ui);
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
	if (req == REQ_NONE) {
		ui_message(ui, "%s: not bound (? for help)", keys_name(key));
		return;
	}
	ui_request(ui, req);
}

void
ui_mouse(struct ui *ui, int x, int y, int wheel)
{
	struct view *v;
	int row, p, i;

	if ((p = display_pane_at(x, y, &row)) < 0 ||
	    (v = ui->pane[p]) == NULL)
		return;
	if (wheel != 0) {
		for (i = 0; i < 3; i++)
			view_move(v, wheel > 0 ? REQ_NEXT : REQ_PREV);
		return;
	}
	if (ui->focus != (enum ui_pane)p)
		ui_focus(ui, (enum ui_pane)p);
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
		ui->quit = 1;
		loop_stop();
		return;
	}
	display_read_keys(ui);
}

static void
ui_signal(int sig, void *arg)
{
	struct ui *ui = arg;

	switch (sig) {
	case SIGWINCH:
		display_resize(ui);
		break;
	case SIGINT:
	case SIGTERM:
	case SIGHUP:
		ui->quit = 1;
		ui->exit_signal = sig;
		loop_stop();
		break;
	case SIGTSTP:
		display_suspend(ui);
		break;
	case SIGCONT:
		display_resume(ui);
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
	enum ui_pane p;

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
	for (p = 0; p < UI__PANES; p++) {
		struct view *v = ui->pane[p];

		if (v != NULL && v != ui->items && v != ui->feeds &&
		    v != ui->article && v->ops->refresh != NULL)
			v->ops->refresh(v);
		view_dirty(v);
	}
	ui->title_dirty = 1;
}

static void
ui_idle(void *arg)
{
	struct ui *ui = arg;
	uint64_t gen;
	int64_t now;
	char *err;

	if (ui->quit)
		return;
	/* a queued read/star that could not be stored after all */
	if ((err = db_queue_error(ui->db)) != NULL) {
		ui_error(ui, "%s", err);
		free(err);
	}
	gen = db_generation(ui->db);
	if (gen != ui->generation) {
		now = loop_now_ms();
		/* While a refresh stores feed after feed, reload at most
		 * every UI_RELOAD_EVERY ms so keys stay quick. */
		if (ui->refresh == NULL || now - ui_last_reload >=
		    UI_RELOAD_EVERY) {
			ui->generation = gen;
			ui_reload_views(ui);
		} else if (ui_reload_timer == 0)
			ui_reload_timer = loop_add_timer(UI_RELOAD_EVERY -
			    (now - ui_last_reload), ui_wake, ui);
	}
	display_update(ui);
	if (ui_key_us != 0) {
		log_debug("ui: key to screen %.2f ms",
		    (double)(loop_now_us() - ui_key_us) / 1000.0);
		ui_key_us = 0;
	}
}

static void
ui_free(struct ui *ui)
{
	enum ui_pane p;

	ui_pop_list(ui);
	for (p = 0; p < UI__PANES; p++)
		ui->pane[p] = NULL;
	view_free(ui->article);
	view_free(ui->items);
	view_free(ui->feeds);
	free(ui->message);
	free(ui->search_back_tag);
	free(ui->search_back_label);
	free((char *)ui->search_back.search);
	match_terms_free(ui->terms, ui->nterms);
	free(ui->scope_query);
	free(ui->scope_label);
	prompt_free(&ui->prompt);
	prompt_history_free();
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
	ui.sidebar = opt_bool(OPT_SIDEBAR);
	ui.focus = UI_LIST;
	prompt_init(&ui.prompt);
	prompt_history_load();

	loop_init();
	fetch_init();
	signal_init(ui_signal, &ui);
	if (display_init(&ui, &cause) != 0) {
		cmd_error("tui", "%s", cause);
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
	ui.feeds = view_new(&ui, &feeds_view_ops);
	log_debug("ui: sidebar in %.2f ms", (double)(loop_now_us() - start) /
	    1000.0);
	ui.items = view_new(&ui, &items_view_ops);
	log_debug("ui: list in %.2f ms", (double)(loop_now_us() - start) /
	    1000.0);
	ui.pane[UI_SIDEBAR] = ui.feeds;
	ui.pane[UI_LIST] = ui.items;
	display_layout(&ui);

	loop_add_fd(STDIN_FILENO, POLLIN, ui_tty_read, &ui);
	loop_add_idle(ui_idle, &ui);
	/* The first screen now, before any network work. */
	display_update(&ui);
	log_debug("ui: first screen in %.2f ms", (double)(loop_now_us() - start) /
	    1000.0);
	if (opt_bool(OPT_REFRESH_ON_START))
		ui_refresh(&ui, NULL, NULL);
	if (opt_int(OPT_REFRESH_INTERVAL) > 0)
		ui.refresh_timer = loop_add_timer(UI_REFRESH_TICK_MS,
		    ui_refresh_timer, &ui);
	loop_run();

	if (ui.translate != NULL)
		translate_cancel(ui.translate);
	if (ui.refresh != NULL)
		refresh_cancel(ui.refresh);
	display_done();
	loop_remove_fd(STDIN_FILENO);
	ui_free(&ui);
	signal_done();
	fetch_done();
	loop_free();
	/* Killed (SIGHUP from a dropped SSH link, SIGTERM): say so. */
	return ui.exit_signal != 0 ? 128 + ui.exit_signal : 0;
}
