/*
 * `tidende sync [--status] [--json]`: run one sync with the configured
 * server in the event loop and print one summary line (exit 0, 69 when
 * the server could not be reached, 77 when it refused the login or the
 * API, 1 otherwise; queued changes are kept on failure), or with
 * --status print the account's state (--json: the object of cli.md;
 * without --status, --json prints the result as one object).
 * Without sync configured: a one-line error and exit 1.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/feed.h"
#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/cmd.h"
#include "tidende/date.h"
#include "tidende/db-sync.h"
#include "tidende/fetch.h"
#include "tidende/json.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/signal.h"
#include "tidende/sync.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

struct cmd_sync_state {
	struct sync	*sync;
	int		 done;
	int		 rc;
	int		 quiet;
	int		 json;
};

static const char cmd_sync_usage[] = "sync [--status] [--json] [-q]";

static void
cmd_sync_date(int64_t t, char *out, size_t len)
{
	if (t <= 0)
		snprintf(out, len, "%s", _("never"));
	else
		date_format_rfc3339(t, out, len);
}

static int
cmd_sync_status(struct app *app, int json)
{
	struct db_sync_account a;
	int64_t pending = 0, feeds = 0, articles = 0;
	char *cause = NULL, date[40];
	enum status st;
	struct buf b;
	int have;

	memset(&a, 0, sizeof a);
	st = db_sync_account_find(app->db, options_str(OPT_SYNC_BACKEND),
	    options_str(OPT_SYNC_URL), options_str(OPT_SYNC_USER), &a, &cause);
	if (st != STATUS_OK && st != STATUS_NOT_FOUND) {
		app_error("sync", "%s", cause != NULL ? cause :
		    _("cache error"));
		free(cause);
		return 1;
	}
	free(cause);
	cause = NULL;
	have = st == STATUS_OK;
	if (have) {
		pending = db_sync_pending(app->db, a.id);
		if (db_sync_counts(app->db, a.id, &feeds, &articles, &cause) !=
		    STATUS_OK) {
			app_error("sync", "%s", cause != NULL ? cause :
			    _("cache error"));
			free(cause);
			db_sync_account_free(&a);
			return 1;
		}
	}
	if (json) {
		buf_init(&b);
		buf_adds(&b, "{\"backend\": ");
		json_add_string(&b, options_str(OPT_SYNC_BACKEND));
		buf_adds(&b, ", \"url\": ");
		json_add_string(&b, options_str(OPT_SYNC_URL));
		buf_adds(&b, ", \"user\": ");
		json_add_string(&b, options_str(OPT_SYNC_USER));
		buf_adds(&b, ", \"last_sync\": ");
		if (have && a.last_sync > 0)
			json_add_date(&b, a.last_sync);
		else
			buf_adds(&b, "null");
		buf_printf(&b, ", \"pending\": %lld, \"feeds\": %lld, "
		    "\"articles\": %lld, \"error\": ", (long long)pending,
		    (long long)feeds, (long long)articles);
		json_add_string(&b, have ? a.last_error : NULL);
		buf_adds(&b, "}\n");
		fputs(b.s, stdout);
		buf_free(&b);
	} else {
		char *err = NULL;

		cmd_sync_date(have ? a.last_sync : 0, date, sizeof date);
		/* the key names stay: scripts read them (--json is better) */
		printf("backend: %s\nserver: %s\nuser: %s\nlast sync: %s\n"
		    "pending: ", options_str(OPT_SYNC_BACKEND),
		    options_str(OPT_SYNC_URL), options_str(OPT_SYNC_USER), date);
		printf(ngettext("%lld change", "%lld changes", pending),
		    (long long)pending);
		printf("\nfeeds: %lld\narticles: %lld\n", (long long)feeds,
		    (long long)articles);
		if (have && a.last_error != NULL) {
			/* stored in English (for --json); shown translated */
			char *local = feed_error_local(a.last_error);

			err = utf8_clean(local, strlen(local),
			    UTF8_COLLAPSE_SPACE);
			printf("last error: %s\n", err);
			free(err);
			free(local);
		}
	}
	if (have)
		db_sync_account_free(&a);
	return app_stdout_done("sync");
}

static void
cmd_sync_done(const struct sync_result *r, void *arg)
{
	struct cmd_sync_state *st = arg;
	char *line;

	st->sync = NULL;
	st->done = 1;
	st->rc = sync_exit_code(r->status);
	if (st->json) {
		static const char *const names[] = {
			"ok", "unreachable", "refused", "error"
		};
		struct buf b;

		buf_init(&b);
		buf_printf(&b, "{\"status\": \"%s\", \"error\": ",
		    names[r->status]);
		json_add_string(&b, r->error);
		buf_printf(&b, ", \"sent\": %zu, \"feeds\": %zu, \"new\": %zu, "
		    "\"changed\": %zu, \"pending\": %lld, \"requests\": %u, "
		    "\"ms\": %lld}\n", r->pushed, r->feeds, r->added, r->changed,
		    (long long)r->pending, r->requests, (long long)r->ms);
		fputs(b.s, stdout);
		buf_free(&b);
	}
	if (r->notice != NULL)
		app_error("sync", "%s", r->notice);
	if (r->status == SYNC_OK) {
		if (!st->quiet && !st->json) {
			line = sync_summary(r);
			printf("sync: %s\n", line);
			free(line);
		}
	} else {
		const char *e = r->error != NULL ? r->error : _("failed");

		line = utf8_clean(e, strlen(e), UTF8_COLLAPSE_SPACE);
		app_error("sync", "%s", line);
		free(line);
		if (r->pending > 0)
			app_error("sync", ngettext("%lld change still waits "
			    "for the server: kept in the cache, it is sent at "
			    "the next sync", "%lld changes still wait for the "
			    "server: kept in the cache, they are sent at the "
			    "next sync", r->pending), (long long)r->pending);
	}
	fflush(stdout);
	loop_stop();
}

static void
cmd_sync_signal(int sig, void *arg)
{
	struct cmd_sync_state *st = arg;

	if (app_signal_ends(sig) && st->sync != NULL)
		sync_cancel(st->sync);
}

int
cmd_sync(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "status",	no_argument,	NULL, 's' },
		{ "json",	no_argument,	NULL, 'j' },
		{ "quiet",	no_argument,	NULL, 'q' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_sync_state st;
	char *cause;
	int ch, rc, status = 0, json = 0;

	memset(&st, 0, sizeof st);
	st.quiet = app->quiet;
	while ((ch = getopt_long(argc, argv, ":sjqh", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			status = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'q':
			st.quiet = 1;
			break;
		case 'h':
			return app_help(cmd_sync_usage);
		default:
			return app_option_error(cmd_sync_usage, ch, argv);
		}
	}
	st.json = json;
	if (optind != argc)
		return app_usage_error(cmd_sync_usage, _("unexpected argument: "
		    "%s"), argv[optind]);
	if ((rc = app_load_config(app)) != 0)
		return rc;
	if ((cause = sync_config_error()) != NULL) {
		app_error("sync", "%s", cause);
		free(cause);
		return 1;
	}
	if ((rc = app_open_db(app)) != 0)
		return rc;
	if (status)
		return cmd_sync_status(app, json);

	loop_init();
	signal_init(cmd_sync_signal, &st);
	fetch_init();
	st.rc = 1;
	if ((st.sync = sync_start(app->db, cmd_sync_done, &st, &cause)) ==
	    NULL) {
		app_error("sync", "%s", cause != NULL ? cause :
		    _("cannot start"));
		free(cause);
		st.done = 1;
	}
	while (!st.done)
		loop_run();
	fetch_done();
	signal_done();
	loop_free();
	/* the summary is what cron mails: losing it is an error */
	if (app_stdout_done("sync") != 0 && st.rc == 0)
		st.rc = 1;
	return st.rc;
}

/* ------------------------------------------------- subscribe (shared) */

struct cmd_sync_sub_run {
	struct sync	*sync;
	int		 done;
	enum sync_status status;
	char		*error;
};

static void
cmd_sync_sub_done(const struct sync_result *r, void *arg)
{
	struct cmd_sync_sub_run *st = arg;

	st->sync = NULL;
	st->done = 1;
	st->status = r->status;
	if (r->error != NULL)
		st->error = utf8_clean(r->error, strlen(r->error),
		    UTF8_COLLAPSE_SPACE);
	loop_stop();
}

static void
cmd_sync_sub_signal(int sig, void *arg)
{
	struct cmd_sync_sub_run *st = arg;

	if (app_signal_ends(sig) && st->sync != NULL)
		sync_cancel(st->sync);
}

enum sync_status
cmd_sync_subscribe(struct app *app, struct sync_sub *subs, size_t n,
    char **error)
{
	struct cmd_sync_sub_run st;
	char *cause = NULL;

	memset(&st, 0, sizeof st);
	st.status = SYNC_ERROR;
	loop_init();
	signal_init(cmd_sync_sub_signal, &st);
	fetch_init();
	if ((st.sync = sync_subscribe(app->db, subs, n, cmd_sync_sub_done,
	    &st, &cause)) == NULL) {
		st.error = cause != NULL ? cause : xstrdup(_("cannot start"));
		st.done = 1;
	}
	while (!st.done)
		loop_run();
	fetch_done();
	signal_done();
	loop_free();
	*error = st.error;
	return st.status;
}
