/*
 * The interface's side of sync (sync.h): `R`, `:sync` and the start-up
 * refresh start a sync that runs in the loop like a refresh (never two at
 * once); the status line keeps the sync state on its right ("sync:
 * offline, 3 changes waiting"); a failed sync is tried again from a loop
 * timer after sync_retry_delay(), unless the server refused it (a wrong
 * password, the API turned off); quitting cancels a running sync, whose
 * unsent changes stay queued in the cache.  Views reload by themselves
 * when a sync stores articles: the store's generation moves.  The same
 * timer syncs every refresh-interval minutes, counted from the account's
 * last sync (kept in the cache, so another tidende's sync counts too).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tidende/i18n.h"
#include "tidende/db-sync.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/sync.h"
#include "tidende/xmalloc.h"
#include "ui-private.h"

static void	ui_sync_schedule(struct ui *);

/* The status line's sync state from the last result and the queue. */
static void
ui_sync_line(struct ui *ui)
{
	struct sync_result r;
	int64_t pending;
	char *line;

	if (ui->sync_account == 0)
		return;
	pending = db_sync_pending(ui->db, ui->sync_account);
	if (ui->sync != NULL)
		line = pending > 0 ? xasprintf(ngettext("sync: running, %lld change "
		    "waiting", "sync: running, %lld changes waiting",
		    (unsigned long)pending), (long long)pending) :
		    xstrdup(_("sync: running"));
	else if (ui->sync_status < 0 && pending == 0)
		line = NULL;	/* nothing to say before the first sync */
	else {
		memset(&r, 0, sizeof r);
		r.status = (enum sync_status)ui->sync_status;
		r.pending = pending;
		line = sync_status_line(ui->sync_status < 0 ? NULL : &r,
		    pending);
	}
	if (line == NULL && ui->dpy.sync_line == NULL)
		return;
	if (line != NULL && ui->dpy.sync_line != NULL &&
	    strcmp(line, ui->dpy.sync_line) == 0) {
		free(line);
		return;
	}
	free(ui->dpy.sync_line);
	ui->dpy.sync_line = line;
	ui->dpy.status_dirty = 1;
}

/*
 * The account the options name, made when new: from then on a read or a
 * star of a server article is queued for the server, even offline.
 * Looked up again before each sync, since `:set` may change the options.
 * 0 when sync is off or cannot work (said when loud).
 */
static int64_t
ui_sync_account(struct ui *ui, int loud)
{
	struct db_sync_account acct;
	char *cause = NULL;

	ui->sync_account = 0;
	if (!sync_enabled()) {
		if (loud)
			ui_error(ui, "%s", _("sync: off (set sync-backend, sync-url and "
			    "sync-user)"));
		return 0;
	}
	if ((cause = sync_config_error()) != NULL) {
		if (loud)
			ui_error(ui, "sync: %s", cause);
		free(cause);
		return 0;
	}
	memset(&acct, 0, sizeof acct);
	if (db_sync_account(ui->db, options_str(OPT_SYNC_BACKEND),
	    options_str(OPT_SYNC_URL), options_str(OPT_SYNC_USER), &acct,
	    &cause) != STATUS_OK) {
		if (loud)
			ui_error(ui, "sync: %s", cause != NULL ? cause :
			    _("no account"));
		free(cause);
		return 0;
	}
	ui->sync_account = acct.id;
	db_sync_account_free(&acct);
	return ui->sync_account;
}

void
ui_sync_init(struct ui *ui)
{
	ui->sync_status = -1;
	/* Made now, not at the first sync, so changes made offline before
	 * any sync are queued; a broken sync config is said at once. */
	if (ui_sync_account(ui, sync_enabled()) != 0) {
		ui_sync_line(ui);
		ui_sync_schedule(ui);
	}
}

/*
 * Seconds until the periodic sync is due: refresh-interval minutes after
 * the account's last sync, or after now when it never synced; -1: none
 * (the interval is 0, or sync is off).
 */
static int64_t
ui_sync_due_in(struct ui *ui)
{
	struct db_sync_account acct;
	int64_t interval = (int64_t)options_int(OPT_REFRESH_INTERVAL) * 60;
	int64_t now = (int64_t)time(NULL), due;
	char *cause = NULL;

	if (interval <= 0 || ui->sync_account == 0)
		return -1;
	memset(&acct, 0, sizeof acct);
	if (db_sync_account(ui->db, options_str(OPT_SYNC_BACKEND),
	    options_str(OPT_SYNC_URL), options_str(OPT_SYNC_USER), &acct,
	    &cause) != STATUS_OK) {
		free(cause);
		return interval;
	}
	due = acct.last_sync > 0 ? acct.last_sync + interval : now + interval;
	db_sync_account_free(&acct);
	return due > now ? due - now : 0;
}

static void	ui_sync_retry(void *);

/* Set the timer for the periodic sync (none pending or running). */
static void
ui_sync_schedule(struct ui *ui)
{
	int64_t in;

	if (ui->sync != NULL || ui->sync_timer != 0 || ui->sync_quitting ||
	    (in = ui_sync_due_in(ui)) < 0)
		return;
	ui->sync_timer = loop_add_timer(in * 1000, ui_sync_retry, ui);
}

/* The retry after a failure, or the periodic sync, is due. */
static void
ui_sync_retry(void *arg)
{
	struct ui *ui = arg;
	int64_t in;

	ui->sync_timer = 0;
	/* after a failure: retry now; else only when really due (another
	 * process may have synced, or :set changed the interval) */
	if (ui->sync_tries == 0 && (in = ui_sync_due_in(ui)) != 0) {
		if (in > 0)
			ui->sync_timer = loop_add_timer(in * 1000,
			    ui_sync_retry, ui);
		return;
	}
	ui_sync_start(ui, 0);
}

static void
ui_sync_done_cb(const struct sync_result *r, void *arg)
{
	struct ui *ui = arg;
	char *s;
	int delay;

	ui->sync = NULL;
	ui->sync_ended = 1;
	if (ui->sync_quitting)
		return;
	ui->sync_status = (int)r->status;
	if (r->status == SYNC_OK) {
		ui->sync_tries = 0;
		s = sync_summary(r);
		if (r->notice != NULL)
			ui_error(ui, "sync: %s", r->notice);
		else
			/* TRANSLATORS: %s sums the sync up ("2 changes sent, ...") */
			ui_message(ui, _("synced: %s"), s);
		free(s);
		ui_sync_schedule(ui);
	} else if (r->status == SYNC_REFUSED) {
		/* A wrong password or the API turned off: trying again would
		 * only knock on the door; the user has to change something. */
		ui_error(ui, "sync: %s", r->error != NULL ? r->error :
		    _("refused"));
	} else {
		ui->sync_tries++;
		delay = sync_retry_delay(ui->sync_tries);
		if (ui->sync_timer != 0)
			loop_cancel_timer(ui->sync_timer);
		ui->sync_timer = loop_add_timer((int64_t)delay * 1000,
		    ui_sync_retry, ui);
		ui_error(ui, _("sync (again in %d s): %s"), delay,
		    r->error != NULL ? r->error : _("failed"));
	}
	ui_sync_line(ui);
}

void
ui_sync_start(struct ui *ui, int explicit)
{
	struct sync *s;
	char *cause = NULL;

	if (ui->sync != NULL || sync_busy()) {
		if (explicit)
			ui_message(ui, "%s", _("a sync is already running"));
		return;
	}
	if (ui_sync_account(ui, explicit) == 0) {
		free(ui->dpy.sync_line);
		ui->dpy.sync_line = NULL;
		ui->dpy.status_dirty = 1;
		return;
	}
	if (ui->sync_timer != 0) {
		loop_cancel_timer(ui->sync_timer);
		ui->sync_timer = 0;
	}
	ui->sync_ended = 0;
	s = sync_start(ui->db, ui_sync_done_cb, ui, &cause);
	if (s == NULL) {
		ui_error(ui, "sync: %s", cause != NULL ? cause : _("cannot start"));
		free(cause);
		return;
	}
	/* done() may have run already: then the handle is gone. */
	if (!ui->sync_ended)
		ui->sync = s;
	if (explicit)
		ui_message(ui, _("syncing with %s..."), options_str(OPT_SYNC_URL));
	ui_sync_line(ui);
}

void
ui_sync_changed(struct ui *ui)
{
	ui_sync_line(ui);
}

void
ui_sync_done(struct ui *ui)
{
	ui->sync_quitting = 1;
	if (ui->sync_timer != 0) {
		loop_cancel_timer(ui->sync_timer);
		ui->sync_timer = 0;
	}
	if (ui->sync != NULL)
		sync_cancel(ui->sync);
	ui->sync = NULL;
	free(ui->dpy.sync_line);
	ui->dpy.sync_line = NULL;
}
