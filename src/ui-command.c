/*
 * The `:` commands: REQ_COMMANDS in request.h is the table (name,
 * arguments, handler, help); the handlers are here.  A line that is no
 * command runs as an action name (`:toggle-read`) or as a config line
 * (`:set`, `:bind`, ...).
 */
#include <stdlib.h>
#include <string.h>

#include "tidende/i18n.h"
#include "tidende/article-view.h"
#include "tidende/config.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db.h"
#include "tidende/display.h"
#include "tidende/feeds-view.h"
#include "tidende/items-view.h"
#include "tidende/options.h"
#include "tidende/xmalloc.h"
#include "ui-private.h"

static void
ui_save_search(struct ui *ui, const char *name)
{
	struct config *cfg = &ui->app->config;
	const char *q = items_view_search(ui->items);
	char *path, *cause = NULL, *line;
	struct buf b = BUF_INIT;
	const char *p;

	if (q == NULL) {
		ui_error(ui, "%s", _("save: no search to save (search with / first)"));
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
		ui_error(ui, "save: %s", cause != NULL ? cause : _("failed"));
		free(cause);
		free(line);
		return;
	}
	path = cfg->path != NULL ? xstrdup(cfg->path) : config_default_path();
	if (config_append(path, line, &cause) == STATUS_OK)
		ui_message(ui, _("saved search '%s' in %s"), name, path);
	else {
		ui_error(ui, _("saved search '%s' for this session (%s)"), name,
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
		ui_error(ui, _("feed: no feed called '%s'"), name);
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
	ui->dpy.sidebar = options_bool(OPT_SIDEBAR);
	ui->dpy.relayout = 1;
	ui->dpy.redraw_all = 1;
}

/* A `:` line cut into words. */
struct ui_cmdline {
	const char	*line;		/* without the leading `:` */
	char		**w;
	size_t		 n;
	const char	*rest;		/* after the first word, or NULL */
};

/*
 * The handlers of the `:` command table (request.h): each returns 0 when
 * the line is not its form (`:tag` without a name), which then runs as an
 * action name or a config line like any other.
 */

/* `set`, `bind`, ...: a config line, applied to the running program. */
static int
ui_cmd_config(struct ui *ui, const struct ui_cmdline *c)
{
	char *cause = NULL;

	if (config_apply_line(&ui->app->config, c->line, &cause) !=
	    STATUS_OK) {
		ui_error(ui, "%s", cause != NULL ? cause : _("bad command"));
		free(cause);
		return 1;
	}
	ui_options_changed(ui);
	if (strcmp(c->w[0], "search") == 0)
		feeds_view_reload(ui->feeds);
	return 1;
}

static int
ui_cmd_color(struct ui *ui, const struct ui_cmdline *c)
{
	char *cause = NULL;

	if (display_color(c->w + 1, c->n - 1, &cause) != STATUS_OK) {
		ui_error(ui, "%s", cause);
		free(cause);
	} else
		ui->dpy.redraw_all = 1;
	return 1;
}

static int
ui_cmd_tag(struct ui *ui, const struct ui_cmdline *c)
{
	struct items_spec s;

	if (c->n != 2)
		return 0;
	memset(&s, 0, sizeof s);
	s.kind = DB_VIEW_TAG;
	s.tag = c->w[1];
	ui_show_items(ui, &s);
	return 1;
}

static int
ui_cmd_feed(struct ui *ui, const struct ui_cmdline *c)
{
	if (c->rest == NULL)
		return 0;
	ui_show_feed_named(ui, c->n == 2 ? c->w[1] : c->rest);
	return 1;
}

static int
ui_cmd_search(struct ui *ui, const struct ui_cmdline *c)
{
	struct items_spec s;

	/* `search NAME "QUERY"` is the config line; else a search. */
	if (c->rest == NULL || (c->n == 3 && strchr(c->line, '"') != NULL))
		return 0;
	memset(&s, 0, sizeof s);
	s.kind = DB_VIEW_SEARCH;
	s.search = c->rest;
	s.by_relevance = strcmp(options_str(OPT_SEARCH_SORT), "date") != 0;
	ui_show_items(ui, &s);
	return 1;
}

static int
ui_cmd_save(struct ui *ui, const struct ui_cmdline *c)
{
	if (c->n != 2)
		return 0;
	ui_save_search(ui, c->w[1]);
	return 1;
}

/* A numbered link (or enclosure) of the open article. */
static const char *
ui_cmd_link(struct ui *ui, const struct ui_cmdline *c)
{
	const char *link = ui->article != NULL ?
	    article_view_link_n(ui->article, strtoul(c->w[1], NULL, 10)) :
	    NULL;

	if (link == NULL)
		ui_error(ui, _("%s: no link [%s] in the open article"), c->w[0],
		    c->w[1]);
	return link;
}

static int
ui_cmd_open(struct ui *ui, const struct ui_cmdline *c)
{
	const char *link;

	if (c->n != 2)
		return 0;
	if ((link = ui_cmd_link(ui, c)) != NULL)
		ui_link_open(ui, link);
	return 1;
}

static int
ui_cmd_copy(struct ui *ui, const struct ui_cmdline *c)
{
	const char *link;

	if (c->n != 2)
		return 0;
	if ((link = ui_cmd_link(ui, c)) != NULL)
		ui_link_copy(ui, link);
	return 1;
}

static int
ui_cmd_unread(struct ui *ui, const struct ui_cmdline *c)
{
	struct items_spec s;

	memset(&s, 0, sizeof s);
	s.kind = DB_VIEW_ALL;
	s.unread_only = 1;
	ui_show_items(ui, &s);
	return 1;
}

static int
ui_cmd_refresh(struct ui *ui, const struct ui_cmdline *c)
{
	ui_refresh(ui, NULL, c->n > 1 ? c->w[1] : NULL);
	return 1;
}

static int
ui_cmd_sync(struct ui *ui, const struct ui_cmdline *c)
{
	ui_sync_start(ui, 1);
	return 1;
}

static int
ui_cmd_add(struct ui *ui, const struct ui_cmdline *c)
{
	ui_add_start(ui, c->w + 1, c->n - 1);
	return 1;
}

static int
ui_cmd_exec(struct ui *ui, const struct ui_cmdline *c)
{
	ui_exec_run(ui, c->w[0], c->w + 1, c->n - 1);
	return 1;
}

static int
ui_cmd_fulltext(struct ui *ui, const struct ui_cmdline *c)
{
	ui_fulltext(ui, 1);
	return 1;
}

/* Commands that are one action. */
#define UI_CMD_REQUEST(cmd, req) \
static int \
ui_cmd_##cmd(struct ui *ui, const struct ui_cmdline *c) \
{ \
	ui_request(ui, req); \
	return 1; \
}
UI_CMD_REQUEST(all, REQ_VIEW_ALL)
UI_CMD_REQUEST(starred, REQ_VIEW_STARRED)
UI_CMD_REQUEST(feeds, REQ_VIEW_FEEDS)
UI_CMD_REQUEST(errors, REQ_VIEW_ERRORS)
UI_CMD_REQUEST(sort, REQ_SEARCH_SORT)
UI_CMD_REQUEST(help, REQ_HELP)
UI_CMD_REQUEST(quit, REQ_QUIT)
#undef UI_CMD_REQUEST

/* The handler column of the `:` command table, by REQ_CMD_ID. */
static int (*const ui_commands[REQ_CMD__COUNT])(struct ui *,
    const struct ui_cmdline *) = {
#define UI_CMD_ROW(id, name, args, handler, help) \
	[REQ_CMD_##id] = ui_cmd_##handler,
	REQ_COMMANDS(UI_CMD_ROW)
#undef UI_CMD_ROW
};

void
ui_command_run(struct ui *ui, const char *line)
{
	const struct request_command_info *rc;
	struct ui_cmdline c;
	char *rest;

	while (*line == ' ' || *line == ':')
		line++;
	if (*line == '\0')
		return;
	memset(&c, 0, sizeof c);
	c.line = line;
	if ((c.w = words_split(line, &c.n)) == NULL || c.n == 0) {
		ui_error(ui, _("%s: unbalanced quote"), line);
		words_free(c.w);
		return;
	}
	rest = strchr(line, ' ');
	while (rest != NULL && *rest == ' ')
		rest++;
	c.rest = rest;
	if ((rc = request_command_find(c.w[0])) != NULL &&
	    ui_commands[rc->cmd](ui, &c))
		;
	else if (request_find(c.w[0]) != REQ_NONE)
		ui_request(ui, request_find(c.w[0]));
	else
		(void)ui_cmd_config(ui, &c);
	words_free(c.w);
}
