/*
 * Links: which one the focused pane means, opening it in the browser (a
 * detached child, the link one argv word, %u substituted) and copying it
 * with OSC 52.
 */
#include <stdlib.h>
#include <string.h>

#include "tidende/article-view.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db.h"
#include "tidende/display.h"
#include "tidende/items-view.h"
#include "tidende/options.h"
#include "tidende/spawn.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"
#include "ui-private.h"

static char *
ui_link_current(struct ui *ui)
{
	const struct db_row *r = NULL;
	const char *article = ui->article != NULL ?
	    article_view_link(ui->article) : NULL;

	/* The focused pane decides; else the open article, else the row. */
	if (ui->dpy.focus == DISPLAY_ARTICLE && article != NULL)
		return xstrdup(article);
	if (ui->dpy.pane[DISPLAY_LIST] == ui->items)
		r = items_view_row(ui->items);
	if (ui->dpy.focus == DISPLAY_LIST && r != NULL && r->link != NULL)
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
ui_link_browser_done(const struct spawn_result *r, void *arg)
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
ui_link_subst(const char *word, const char *link, int *used)
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

void
ui_link_open(struct ui *ui, const char *given)
{
	char *const *cmd = options_argv(OPT_BROWSER);
	const char *env = getenv("BROWSER");
	char *link, **argv, *cause = NULL;
	const char *fallback[2] = { NULL, NULL };
	struct spawn_opts so;
	size_t n = 0, i;
	int used = 0;

	if ((link = given != NULL ? xstrdup(given) : ui_link_current(ui)) ==
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
		argv[i] = ui_link_subst(cmd[i], link, &used);
	if (!used)
		argv[n++] = xstrdup(link);
	memset(&so, 0, sizeof so);
	so.argv = argv;
	so.done = ui_link_browser_done;
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

void
ui_link_copy(struct ui *ui, const char *given)
{
	char *link;

	if ((link = given != NULL ? xstrdup(given) : ui_link_current(ui)) ==
	    NULL) {
		ui_message(ui, "no link here");
		return;
	}
	display_osc52(link);
	ui_message(ui, "copied %s", link);
	free(link);
}
