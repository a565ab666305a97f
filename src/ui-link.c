/*
 * Links: which one the focused pane means, opening it in the browser (a
 * detached child, the link one argv word, %u substituted) and copying it
 * with OSC 52.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/i18n.h"
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

/* The length of link's scheme (before the ':'), 0 when it has none. */
static size_t
ui_link_scheme(const char *link)
{
	const char *p = link;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' ? (size_t)(p - link) : 0;
}

/*
 * Whether the browser may have a link of this scheme: one of the words
 * of browser-schemes.  A feed's link can be javascript:, file: (through
 * xml:base) or any x-handler: the desktop runs a program for.
 */
static int
ui_link_allowed(const char *link, size_t n)
{
	const char *w = options_str(OPT_BROWSER_SCHEMES), *e;

	for (;;) {
		w += strspn(w, " \t,");
		if (*w == '\0')
			return 0;
		e = w + strcspn(w, " \t,");
		if ((size_t)(e - w) == n && strncasecmp(w, link, n) == 0)
			return 1;
		w = e;
	}
}

/*
 * The link as one argv word a browser reads as one URL: white space,
 * control bytes and the characters URLs never hold raw are %-encoded, so
 * a raw space or newline cannot split it or end it early.
 */
static char *
ui_link_encode(const char *link)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	const unsigned char *p;

	for (p = (const unsigned char *)link; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || strchr("\"<>\\^`{|}", *p)) {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		} else
			buf_addc(&b, (char)*p);
	return buf_detach(&b);
}

static void
ui_link_browser_done(const struct spawn_result *r, void *arg)
{
	struct ui *ui = arg;

	if (r->status != STATUS_OK) {
		char *err = r->err != NULL ? utf8_clean(r->err, r->err_len,
		    UTF8_COLLAPSE_SPACE) : xstrdup("");

		/* TRANSLATORS: the browser command's exit status, then the
		   first line it wrote, after ": " when there is one */
		ui_error(ui, _("browser: exit %d%s%s"), r->exit_code,
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
	char *link, **argv, *cause = NULL, *enc;
	const char *fallback[2] = { NULL, NULL };
	struct spawn_opts so;
	size_t n = 0, i;
	int used = 0;

	if ((link = given != NULL ? xstrdup(given) : ui_link_current(ui)) ==
	    NULL) {
		ui_message(ui, "%s", _("no link here"));
		return;
	}
	if ((n = ui_link_scheme(link)) == 0) {
		ui_error(ui, _("not opening a link without a scheme: %s"), link);
		free(link);
		return;
	}
	if (!ui_link_allowed(link, n)) {
		ui_error(ui, _("not opening a %.*s: link (set browser-schemes to "
		    "allow it): %s"), (int)n, link, link);
		free(link);
		return;
	}
	enc = ui_link_encode(link);
	free(link);
	link = enc;
	n = 0;
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
		ui_error(ui, _("browser: %s"), cause != NULL ? cause :
		    _("cannot start"));
		free(cause);
	} else
		ui_message(ui, _("opening %s"), link);
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
		ui_message(ui, "%s", _("no link here"));
		return;
	}
	display_osc52(link);
	ui_message(ui, _("copied %s"), link);
	free(link);
}
