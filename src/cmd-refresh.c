/*
 * `tidende refresh [--feed URL] [--tag NAME] [-q]`: fetch the configured
 * feeds once, print one summary line per feed on stdout, a progress line on
 * stderr when it is a terminal, and exit 0 when at least one feed could be
 * fetched, 69 when none could, 1 when a write to the cache failed (a full
 * disk: the feeds not stored are named, and fetched again next time).  With sync on (and no --feed or --tag), a
 * sync with the server runs in the same loop beside the fetches; its
 * failure makes the exit status sync's (69, 77 or 1) when the feeds were
 * fine.  The search index of the new articles is built while the store
 * waits for the network and, when much is left at the end, by a detached
 * `tidende index` (--wait-index: before exit, as before).
 */
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tidende/i18n.h"
#include "tidende/cmd.h"
#include "tidende/db-store.h"
#include "tidende/fetch.h"
#include "tidende/fulltext.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/refresh.h"
#include "tidende/signal.h"
#include "tidende/sync.h"
#include "tidende/utf8.h"

struct cmd_refresh_state {
	int		 quiet;
	int		 progress;	/* stderr is a terminal */
	size_t		 fetched;	/* 200 or 304 */
	struct refresh	*refresh;
	int		 done;
	struct sync	*sync;
	int		 sync_done;
	int		 sync_rc;
	int		 signal;	/* stopped by this signal */
	unsigned	 timer;
	struct refresh_progress last;
	int		 interrupted;
	int		 no_idle_index;	/* TIDENDE_INDEX_HOLD (a test hook) */
};

#define CMD_REFRESH_TICK	250	/* ms between progress updates */
#define CMD_REFRESH_GRACE	2	/* s from SIGTERM to exit, at most */
/*
 * A backlog of search-index work left at the end this long or shorter is
 * indexed before exit (about 50 ms of work on 2 KB articles); a longer
 * one goes to a detached `tidende index` (cmd-index.c), so the refresh
 * exits as soon as its articles are stored.  TIDENDE_INDEX_INLINE_MAX
 * (a test hook) sets it.
 */
#define CMD_REFRESH_INLINE_MAX	1500

static size_t
cmd_refresh_inline_max(void)
{
	const char *s = getenv("TIDENDE_INDEX_INLINE_MAX");

	if (s != NULL && *s >= '0' && *s <= '9')
		return (size_t)strtoul(s, NULL, 10);
	return CMD_REFRESH_INLINE_MAX;
}

static void
cmd_refresh_bytes(char *out, size_t len, size_t bytes)
{
	if (bytes >= 10u << 20)
		snprintf(out, len, "%zu MB", bytes >> 20);
	else if (bytes >= 10u << 10)
		snprintf(out, len, "%zu kB", bytes >> 10);
	else
		snprintf(out, len, "%zu B", bytes);
}

static void
cmd_refresh_progress(struct cmd_refresh_state *st,
    const struct refresh_progress *p, int last)
{
	char b[32];

	if (!st->progress)
		return;
	cmd_refresh_bytes(b, sizeof b, p->bytes);
	fputs("\r\033[K", stderr);
	/* TRANSLATORS: the progress line: "refreshing 3/12, 40 kB, 5 new,
	   1 error"; keep it short, it is rewritten in place */
	fprintf(stderr, _("refreshing %zu/%zu"), p->done, p->total);
	fprintf(stderr, ", %s, ", b);
	fprintf(stderr, ngettext("%zu new", "%zu new", p->new_items),
	    p->new_items);
	fputs(", ", stderr);
	fprintf(stderr, ngettext("%zu error", "%zu errors", p->errors),
	    p->errors);
	if (last)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

static void
cmd_refresh_feed(const struct refresh_report *rep, void *arg)
{
	struct cmd_refresh_state *st = arg;
	struct refresh_progress p;
	char *name, *err = NULL, *moved;

	if (rep->status == STATUS_OK || rep->status == STATUS_UNCHANGED)
		st->fetched++;
	name = utf8_clean(rep->title != NULL ? rep->title : rep->url,
	    strlen(rep->title != NULL ? rep->title : rep->url), 0);
	if (rep->error != NULL)
		err = utf8_clean(rep->error, strlen(rep->error), 0);
	if (st->progress)
		fputs("\r\033[K", stderr);
	if (!st->quiet) {
		/*
		 * "FEED: 2 new, 1 updated, 0 unchanged": the shape stays in
		 * every language (the feed, a colon, the counts separated
		 * by commas); the words are translated, each count with
		 * its own plural.
		 */
		if (rep->status == STATUS_OK) {
			printf("%s: ", name);
			/* TRANSLATORS: articles in the refresh summary; the
			   Norwegian adjective agrees: "1 ny", "2 nye" */
			printf(ngettext("%zu new", "%zu new",
			    rep->stats.added), rep->stats.added);
			fputs(", ", stdout);
			printf(ngettext("%zu updated", "%zu updated",
			    rep->stats.updated), rep->stats.updated);
			fputs(", ", stdout);
			printf(ngettext("%zu unchanged", "%zu unchanged",
			    rep->stats.unchanged), rep->stats.unchanged);
			putchar('\n');
		} else if (rep->status == STATUS_UNCHANGED)
			printf("%s: %s\n", name, _("not modified"));
		else
			printf(_("%s: error: %s\n"), name, err != NULL ?
			    err : status_message(rep->status));
		fflush(stdout);
	} else if (err != NULL)
		fprintf(stderr, "tidende: %s: %s\n", rep->url, err);
	if (rep->redirected_to != NULL && !st->quiet) {
		moved = utf8_clean(rep->redirected_to,
		    strlen(rep->redirected_to), 0);
		app_error(rep->url, _("moved permanently to %s (update the "
		    "config)"), moved);
		free(moved);
	}
	free(name);
	free(err);
	if (st->refresh != NULL) {
		refresh_get_progress(st->refresh, &p);
		cmd_refresh_progress(st, &p, 0);
	}
}

/* Redraw the progress line while big transfers run. */
static void
cmd_refresh_tick(void *arg)
{
	struct cmd_refresh_state *st = arg;
	struct refresh_progress p;

	st->timer = 0;
	if (st->refresh == NULL)
		return;
	refresh_get_progress(st->refresh, &p);
	cmd_refresh_progress(st, &p, 0);
	st->timer = loop_add_timer(CMD_REFRESH_TICK, cmd_refresh_tick, st);
}

static void
cmd_refresh_done(const struct refresh_progress *p, void *arg)
{
	struct cmd_refresh_state *st = arg;

	st->done = 1;
	st->last = *p;
	st->refresh = NULL;
	if (st->timer != 0) {
		loop_cancel_timer(st->timer);
		st->timer = 0;
	}
	cmd_refresh_progress(st, p, 1);
	if (st->sync_done)
		loop_stop();
}

static void
cmd_refresh_sync_done(const struct sync_result *r, void *arg)
{
	struct cmd_refresh_state *st = arg;
	char *line;

	st->sync = NULL;
	st->sync_done = 1;
	st->sync_rc = sync_exit_code(r->status);
	if (st->progress)
		fputs("\r\033[K", stderr);
	if (r->status == SYNC_OK) {
		if (!st->quiet) {
			line = sync_summary(r);
			printf("sync: %s\n", line);
			free(line);
		}
	} else {
		const char *e = r->error != NULL ? r->error : _("failed");

		line = utf8_clean(e, strlen(e), UTF8_COLLAPSE_SPACE);
		fprintf(stderr, "tidende: sync: %s\n", line);
		free(line);
	}
	fflush(stdout);
	if (st->done)
		loop_stop();
}

static void
cmd_refresh_signal(int sig, void *arg)
{
	struct cmd_refresh_state *st = arg;

	if (!app_signal_ends(sig))
		return;
	st->interrupted = 1;
	fulltext_cancel_all();
	if (st->signal == 0)
		st->signal = sig;
	if (st->refresh != NULL)
		refresh_cancel(st->refresh);
	if (st->sync != NULL)
		sync_cancel(st->sync);
}

/* The store is idle: the search index's turn (db_index_set_idle()). */
static int
cmd_refresh_idle(void *arg)
{
	struct cmd_refresh_state *st = arg;

	if (st->no_idle_index)
		return 0;
	return st->refresh == NULL || refresh_idle(st->refresh);
}

static const char cmd_refresh_usage[] =
    "refresh [--feed URL] [--tag NAME] [--wait-index] [-q]";

int
cmd_refresh(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "feed",	required_argument, NULL, 'f' },
		{ "tag",	required_argument, NULL, 't' },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ "wait-index",	no_argument,	   NULL, 'W' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_refresh_state st;
	struct refresh_filter filter;
	struct sigaction sa;
	size_t i, matched = 0;
	char *cause = NULL, *msg;
	int ch, rc, syncing, more, index_failed = 0, wait_index = 0;
	int detach = 0;

	memset(&filter, 0, sizeof filter);
	memset(&st, 0, sizeof st);
	st.quiet = app->quiet;
	/* the tests of the indexer want the whole backlog left to it */
	st.no_idle_index = getenv("TIDENDE_INDEX_HOLD") != NULL;
	while ((ch = getopt_long(argc, argv, ":f:t:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			filter.url = optarg;
			break;
		case 't':
			filter.tag = optarg;
			break;
		case 'q':
			st.quiet = 1;
			break;
		case 'W':
			wait_index = 1;
			break;
		case 'h':
			return app_help(cmd_refresh_usage);
		default:
			return app_option_error(cmd_refresh_usage, ch, argv);
		}
	}
	if (optind != argc)
		return app_usage_error(cmd_refresh_usage, _("unexpected "
		    "argument: %s"), argv[optind]);
	st.progress = !st.quiet && isatty(STDERR_FILENO);

	if ((rc = app_load_config(app)) != 0 || (rc = app_open_db(app)) != 0)
		return rc;
	for (i = 0; i < app->config.nfeeds; i++) {
		const struct feed_conf *fc = &app->config.feeds[i];
		size_t t;

		if (filter.url != NULL && strcmp(fc->url, filter.url) != 0)
			continue;
		if (filter.tag != NULL) {
			for (t = 0; t < fc->ntags; t++)
				if (strcmp(fc->tags[t], filter.tag) == 0)
					break;
			if (t == fc->ntags)
				continue;
		}
		matched++;
	}
	syncing = filter.url == NULL && filter.tag == NULL && sync_enabled();
	if (matched == 0 && !syncing) {
		if (filter.url != NULL)
			app_error(filter.url, _("not a configured feed"));
		else if (filter.tag != NULL)
			app_error(filter.tag, _("no feed has this tag"));
		else
			app_error("refresh", _("no feeds configured"));
		return EXIT_UNAVAIL;
	}

	loop_init();
	signal_init(cmd_refresh_signal, &st);
	/* stopped promptly, whatever holds the loop (a locked cache) */
	signal_exit_after(CMD_REFRESH_GRACE);
	/* a command-line run stops on ^Z like any other */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGCONT, &sa, NULL);
	fetch_init();
	if (st.progress)
		st.timer = loop_add_timer(CMD_REFRESH_TICK, cmd_refresh_tick, &st);
	st.sync_done = 1;
	if (syncing) {
		st.sync_done = 0;
		if ((st.sync = sync_start(app->db, cmd_refresh_sync_done, &st,
		    &cause)) == NULL) {
			app_error("sync", "%s", cause != NULL ? cause :
			    _("cannot start"));
			free(cause);
			st.sync_done = 1;
			st.sync_rc = 1;
		}
	}
	/*
	 * Indexed in large chunks while the store is idle (waiting for the
	 * network), not between stores, and the rest at the end.
	 */
	db_index_set_backlog_max(app->db, SIZE_MAX);
	db_index_set_idle(app->db, cmd_refresh_idle, &st);
	if (matched > 0)
		st.refresh = refresh_start(app->db, &app->config, &filter,
		    cmd_refresh_feed, cmd_refresh_done, &st);
	else
		st.done = 1;
	while (!st.done || !st.sync_done)
		loop_run();
	/* full-text=yes: the web pages of new articles, still coming */
	while (fulltext_pending() > 0 && !st.interrupted)
		loop_once(200);
	db_index_set_idle(app->db, NULL, NULL);
	/*
	 * The articles stored and not yet indexed for search: a long
	 * backlog goes to a detached indexer (below), a short one is
	 * indexed now, in large batches.  Either way a search right after
	 * finds them: it indexes what is left first.
	 */
	if (!st.interrupted && !wait_index &&
	    db_index_over(app->db, cmd_refresh_inline_max()))
		detach = 1;
	else if (!st.interrupted && db_index_backlog(app->db, 0, &more,
	    &cause) != STATUS_OK) {
		app_error("refresh", _("cannot index new articles for "
		    "search: %s"), cause);
		free(cause);
		cause = NULL;
		index_failed = 1;
	}
	fetch_done();
	signal_done();
	loop_free();
	if (detach && cmd_index_detach(app, &cause) != 0) {
		/* no indexer: the old way, before exit */
		log_warn("refresh: cannot start the indexer: %s", cause);
		free(cause);
		cause = NULL;
		if (db_index_backlog(app->db, 0, &more, &cause) != STATUS_OK) {
			app_error("refresh", _("cannot index new articles for "
			    "search: %s"), cause);
			free(cause);
			cause = NULL;
			index_failed = 1;
		}
	} else if (detach)
		/*
		 * The indexer writes the cache's log back when it is done:
		 * closing it here need not (up to 50 ms at our exit).
		 */
		db_keep_log(app->db);

	/* "12 feeds: 5 new articles, 1 error": the same shape */
	if (!st.quiet && st.last.total > 1) {
		printf(ngettext("%zu feed", "%zu feeds", st.last.total),
		    st.last.total);
		fputs(": ", stdout);
		printf(ngettext("%zu new article", "%zu new articles",
		    st.last.new_items), st.last.new_items);
		fputs(", ", stdout);
		printf(ngettext("%zu error", "%zu errors", st.last.errors),
		    st.last.errors);
		putchar('\n');
	}
	/* the summary is what cron mails: losing it is an error too */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_error("refresh", _("cannot write the output"));
		if (st.signal == 0)
			return 1;
	}
	if (st.signal != 0) {
		if (st.progress)
			fputs("\r\033[K", stderr);
		return 128 + st.signal;	/* as the shell says a kill */
	}
	if (st.last.store_errors > 0 || st.last.cache_errors > 0) {
		/* articles fetched but not on disk: cron must notice */
		msg = utf8_clean(st.last.cache_error, strlen(st.last.cache_error),
		    UTF8_COLLAPSE_SPACE);
		if (st.last.store_errors > 0) {
			fprintf(stderr, "tidende: ");
			fprintf(stderr, ngettext("%zu feed not stored "
			    "(fetched again in full next time): %s",
			    "%zu feeds not stored (fetched again in full next "
			    "time): %s", st.last.store_errors),
			    st.last.store_errors, msg);
			fputc('\n', stderr);
		} else
			fprintf(stderr, "tidende: %s\n", msg);
		free(msg);
		return 1;
	}
	if (index_failed)
		return 1;
	if (matched == 0)
		return st.sync_rc;
	rc = st.fetched > 0 ? 0 : EXIT_UNAVAIL;
	return rc != 0 ? rc : st.sync_rc;
}
