/*
 * `:add [--pick N] URL [TITLE] [TAG...]`: what `tidende add` does, on the
 * loop so the screen never waits: discovery (discover.h) with its
 * progress on the status line, then the `feed` line appended to the
 * config and applied to the running one (subscribe.h) and the feed
 * fetched at once (a refresh of that one URL; after the running refresh
 * when one runs); with sync on, a subscription on the server
 * (sync_subscribe()) and then a sync that brings it down.  One at a time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/config.h"
#include "tidende/discover.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/subscribe.h"
#include "tidende/sync.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"
#include "ui-private.h"

#define UI_ADD_WAIT_MS	200	/* looks at a running refresh */

struct ui_add {
	struct ui	*ui;
	struct discover	*d;
	struct sync	*sync;
	struct sync_sub	 sub;
	char		*typed;
	char		*url;		/* discovery's address */
	char		*title;
	char		**tags;
	size_t		 ntags;
	long		 pick;
	char		*fetch_url;	/* to refresh once the running one ends */
	unsigned	 timer;
};

static void
ui_add_free(struct ui_add *a)
{
	size_t i;

	if (a == NULL)
		return;
	if (a->timer != 0)
		loop_cancel_timer(a->timer);
	free(a->typed);
	free(a->url);
	free(a->title);
	for (i = 0; i < a->ntags; i++)
		free(a->tags[i]);
	free(a->tags);
	free(a->sub.message);
	free(a->fetch_url);
	free(a);
}

static void
ui_add_end(struct ui_add *a)
{
	if (a->ui->add == a)
		a->ui->add = NULL;
	ui_add_free(a);
}

/* Fetch the new feed now, or as soon as the running refresh ends. */
static void
ui_add_fetch(void *arg)
{
	struct ui_add *a = arg;

	a->timer = 0;
	if (a->ui->refresh != NULL) {
		a->timer = loop_add_timer(UI_ADD_WAIT_MS, ui_add_fetch, a);
		return;
	}
	ui_refresh(a->ui, a->fetch_url, NULL);
	ui_add_end(a);
}

static void
ui_add_sync_done(const struct sync_result *r, void *arg)
{
	struct ui_add *a = arg;
	struct ui *ui = a->ui;

	a->sync = NULL;
	if (r->status != SYNC_OK)
		ui_error(ui, "add: %s", r->error != NULL ? r->error :
		    _("the sync server failed"));
	else if (a->sub.status == SYNC_SUB_FAILED)
		ui_error(ui, "add: %s: %s", a->sub.url, a->sub.message != NULL ?
		    a->sub.message : _("refused by the server"));
	else if (a->sub.status == SYNC_SUB_KNOWN)
		ui_message(ui, _("add: %s is subscribed on the server already"),
		    a->sub.url);
	else {
		ui_message(ui, _("add: %s subscribed on the server; syncing"),
		    a->sub.url);
		/* the sync brings the feed and its articles down */
		ui_sync_start(ui, 0);
	}
	ui_add_end(a);
}

/* The feed is chosen: into the config, or onto the server. */
static void
ui_add_feed(struct ui_add *a, const char *url)
{
	struct ui *ui = a->ui;
	char *path, *cause = NULL;
	int known, seeded;

	if (sync_enabled() && strncasecmp(url, "http", 4) == 0) {
		if ((cause = sync_config_error()) != NULL || sync_busy()) {
			ui_error(ui, "add: %s", cause != NULL ? cause :
			    _("a sync is running: :add again when it ends"));
			free(cause);
			ui_add_end(a);
			return;
		}
		free(a->fetch_url);
		a->fetch_url = xstrdup(url);
		a->sub.url = a->fetch_url;
		a->sub.folder = a->ntags > 0 ? a->tags[0] : NULL;
		ui_message(ui, _("add: subscribing to %s on the server..."), url);
		if ((a->sync = sync_subscribe(ui->db, &a->sub, 1,
		    ui_add_sync_done, a, &cause)) == NULL) {
			ui_error(ui, "add: %s", cause != NULL ? cause :
			    _("cannot start"));
			free(cause);
			ui_add_end(a);
		}
		return;
	}
	path = ui->app->config.path != NULL ? xstrdup(ui->app->config.path) :
	    ui->app->config_path != NULL ? xstrdup(ui->app->config_path) :
	    config_default_path();
	if (subscribe_config(&ui->app->config, path, url, a->title, a->tags,
	    a->ntags, &known, &seeded, &cause) != STATUS_OK) {
		ui_error(ui, "add: %s", cause != NULL ? cause : _("failed"));
		free(cause);
		free(path);
		ui_add_end(a);
		return;
	}
	if (known)
		ui_message(ui, _("add: %s is in the config already"), url);
	else
		ui_message(ui, seeded ? _("add: %s added to %s (with the "
		    "built-in feeds, so they stay)") : _("add: %s added to %s"),
		    url, path);
	free(path);
	free(a->fetch_url);
	a->fetch_url = xstrdup(url);
	ui_add_fetch(a);
}

static void
ui_add_found(const struct discover_result *r, void *arg)
{
	struct ui_add *a = arg;
	struct ui *ui = a->ui;
	struct buf b = BUF_INIT;
	size_t i;

	a->d = NULL;
	if (r->status == STATUS_CANCELLED) {
		ui_add_end(a);
		return;
	}
	if (r->status != STATUS_OK) {
		ui_error(ui, _("add: %s: cannot fetch the page: %s"), a->url,
		    r->error != NULL ? r->error : status_message(r->status));
		ui_add_end(a);
		return;
	}
	if (r->n == 0) {
		ui_error(ui, _("add: %s: no feed found (the page advertises none "
		    "and none answers at the usual paths)"), a->url);
		ui_add_end(a);
		return;
	}
	if (a->pick > 0 && (size_t)a->pick > r->n) {
		ui_error(ui, ngettext("add: --pick %ld: only %zu feed at %s",
		    "add: --pick %ld: only %zu feeds at %s", r->n), a->pick,
		    r->n, a->url);
		ui_add_end(a);
		return;
	}
	if (r->n > 1 && a->pick == 0) {
		buf_printf(&b, ngettext("add: %zu feed, choose with :add "
		    "--pick N %s:", "add: %zu feeds, choose with :add --pick N "
		    "%s:", r->n), r->n, a->typed);
		for (i = 0; i < r->n; i++)
			buf_printf(&b, " [%zu] %s", i + 1, r->feeds[i].title !=
			    NULL ? r->feeds[i].title : r->feeds[i].url);
		ui_error(ui, "%s", b.s);
		buf_free(&b);
		ui_add_end(a);
		return;
	}
	ui_add_feed(a, r->feeds[a->pick > 0 ? a->pick - 1 : 0].url);
}

void
ui_add_start(struct ui *ui, char **w, size_t n)
{
	struct ui_add *a;
	char *cause = NULL, *end;
	size_t i = 0, k;
	long pick = 0;

	if (n >= 2 && (strcmp(w[0], "--pick") == 0 || strcmp(w[0], "-p") ==
	    0)) {
		errno = 0;
		pick = strtol(w[1], &end, 10);
		if (errno != 0 || *end != '\0' || end == w[1] || pick < 1) {
			ui_error(ui, _("add: --pick %s: not a number from the "
			    "list"), w[1]);
			return;
		}
		i = 2;
	}
	if (i >= n) {
		ui_error(ui, "%s", _("add: usage: :add [--pick N] URL [TITLE] "
		    "[TAG...]"));
		return;
	}
	if (ui->add != NULL) {
		ui_error(ui, _("add: %s is being added: wait for it"),
		    ui->add->typed);
		return;
	}
	for (k = i + 2; k < n; k++)
		if (*w[k] == '\0' || strpbrk(w[k], "=\"") != NULL) {
			ui_error(ui, _("add: '%s': not a tag"), w[k]);
			return;
		}
	a = xcalloc(1, sizeof *a);
	a->ui = ui;
	a->pick = pick;
	a->typed = xstrdup(w[i]);
	a->title = i + 1 < n ? xstrdup(w[i + 1]) : NULL;
	if (i + 2 < n) {
		a->ntags = n - i - 2;
		a->tags = xcalloc(a->ntags, sizeof *a->tags);
		for (k = 0; k < a->ntags; k++)
			a->tags[k] = xstrdup(w[i + 2 + k]);
	}
	ui->add = a;
	if (strncasecmp(a->typed, "exec:", 5) == 0) {
		if (!config_url_ok(a->typed)) {
			ui_error(ui, _("add: '%s' is not a feed URL"), a->typed);
			ui_add_end(a);
			return;
		}
		ui_add_feed(a, a->typed);
		return;
	}
	if ((a->url = discover_url(a->typed, &cause)) == NULL) {
		ui_error(ui, "add: %s: %s", a->typed, cause);
		free(cause);
		ui_add_end(a);
		return;
	}
	if (!sync_enabled() && !ui->app->config.builtin_feeds &&
	    config_find_feed(&ui->app->config, a->url) != NULL) {
		ui_message(ui, _("add: %s is in the config already"), a->url);
		ui_add_end(a);
		return;
	}
	ui_message(ui, _("add: looking for feeds at %s..."), a->url);
	a->d = discover_start(a->url, ui_add_found, a);
}

void
ui_add_done(struct ui *ui)
{
	struct ui_add *a = ui->add;

	if (a == NULL)
		return;
	if (a->d != NULL)
		discover_cancel(a->d);	/* ends a */
	else if (a->sync != NULL)
		sync_cancel(a->sync);	/* ends a */
	else
		ui_add_end(a);
	ui->add = NULL;
}
