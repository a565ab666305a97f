/*
 * `tidende discover [--json] URL`: the feeds a page advertises, or that
 * answer at the usual paths, one a line as URL<TAB>FORMAT<TAB>TITLE;
 * exit 0 when at least one was found, 65 when none, 69 when the page
 * cannot be fetched.
 * `tidende add [--pick N] URL [TITLE] [TAG...]`: subscribe to a feed, or
 * to the one feed a page advertises: a `feed` line appended to the config
 * (subscribe.h), or with sync on a subscription on the server
 * (sync_subscribe(), as import-opml does).  Several feeds and no --pick:
 * they are listed, numbered, and the exit status is 64.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/cmd.h"
#include "tidende/config.h"
#include "tidende/discover.h"
#include "tidende/fetch.h"
#include "tidende/json.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "tidende/signal.h"
#include "tidende/subscribe.h"
#include "tidende/sync.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

static const char cmd_discover_help[] = N_(
"Print the feeds the web page at URL advertises (<link rel=\"alternate\">),\n"
"or, when it advertises none, those answering at the usual paths (/feed/,\n"
"/rss, /atom.xml, /feed.json, /index.xml, /rss.xml, /feed).  URL may be a\n"
"feed itself, or a bare site name (https:// is assumed).\n"
"\n"
"One feed a line: URL<TAB>FORMAT<TAB>TITLE.  FORMAT is the format word of\n"
"'tidende parse' (rss-2.0, atom-1.0, json-feed-1.x, ...) for a feed that\n"
"was fetched, or the type the page advertised (application/rss+xml, ...).\n"
"  --json   a JSON array of {\"url\", \"format\", \"title\"} instead\n"
"\n"
"exit status: 0 feeds found, 65 none, 69 the page cannot be fetched,\n"
"64 usage.\n");

static const char cmd_add_help[] = N_(
"Subscribe to the feed at URL, or to the feed the web page at URL\n"
"advertises (see 'tidende discover'): a `feed URL \"TITLE\" TAG...` line is\n"
"appended to the config file, which keeps its comments and layout; with\n"
"sync on, the feed is subscribed on the server instead (TAG: the first\n"
"names its category there).  A feed already configured is left alone.\n"
"With no config file yet, the new file starts with the built-in feeds.\n"
"  --pick N   the page advertises several feeds: take the Nth as listed\n"
"\n"
"exit status: 0 added (or already there), 64 usage or several feeds and\n"
"no --pick, 65 no feed found, 69 the page or server cannot be reached,\n"
"77 the sync server refused, 1 anything else.\n");

static int
cmd_discover_usage(void)
{
	fputs("usage: tidende discover [--json] URL (try 'tidende discover "
	    "--help')\n", stderr);
	return EXIT_USAGE;
}

/* ------------------------------------------------------------ running */

struct cmd_discover_state {
	struct discover	*d;
	int		 done;
	enum status	 status;
	char		*error;
	int		 is_feed;
	struct discover_feed *feeds;
	size_t		 n;
};

static void
cmd_discover_done(const struct discover_result *r, void *arg)
{
	struct cmd_discover_state *st = arg;
	size_t i;

	st->d = NULL;
	st->done = 1;
	st->status = r->status;
	if (r->error != NULL)
		st->error = utf8_clean(r->error, strlen(r->error),
		    UTF8_COLLAPSE_SPACE);
	st->is_feed = r->is_feed;
	st->n = r->n;
	st->feeds = xcalloc(r->n + 1, sizeof *st->feeds);
	for (i = 0; i < r->n; i++) {
		st->feeds[i].url = xstrdup(r->feeds[i].url);
		st->feeds[i].format = xstrdup(r->feeds[i].format);
		st->feeds[i].title = xstrdup0(r->feeds[i].title);
		st->feeds[i].fetched = r->feeds[i].fetched;
	}
	loop_stop();
}

static void
cmd_discover_signal(int sig, void *arg)
{
	struct cmd_discover_state *st = arg;

	if (app_signal_ends(sig) && st->d != NULL)
		discover_cancel(st->d);
}

/* Run one discovery to its end; 0, or the exit status of a failure. */
static int
cmd_discover_run(const char *typed, struct cmd_discover_state *st)
{
	struct sigaction sa;
	char *url, *cause = NULL;
	int rc = 0;

	memset(st, 0, sizeof *st);
	if ((url = discover_url(typed, &cause)) == NULL) {
		app_error(typed, "%s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	loop_init();
	signal_init(cmd_discover_signal, st);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGCONT, &sa, NULL);
	fetch_init();
	st->d = discover_start(url, cmd_discover_done, st);
	while (!st->done)
		loop_run();
	fetch_done();
	signal_done();
	loop_free();
	if (st->status == STATUS_CANCELLED) {
		app_error(url, _("cancelled"));
		rc = 1;
	} else if (st->status != STATUS_OK) {
		app_error(url,
		    _("cannot fetch the page: %s"), st->error != NULL ?
		    st->error : status_message(st->status));
		rc = EXIT_UNAVAIL;
	} else if (st->n == 0) {
		app_error(url, _("no feed found: the page advertises none and "
		    "none answers at the usual paths"));
		rc = EXIT_DATAERR;
	}
	free(url);
	return rc;
}

static void
cmd_discover_free(struct cmd_discover_state *st)
{
	discover_feeds_free(st->feeds, st->n);
	free(st->error);
}

static void
cmd_discover_print(const struct cmd_discover_state *st, int json,
    int numbered)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (json) {
		buf_addc(&b, '[');
		for (i = 0; i < st->n; i++) {
			buf_adds(&b, i == 0 ? "\n  {\"url\": " : ",\n  {\"url\": ");
			json_add_string(&b, st->feeds[i].url);
			buf_adds(&b, ", \"format\": ");
			json_add_string(&b, st->feeds[i].format);
			buf_adds(&b, ", \"title\": ");
			json_add_string(&b, st->feeds[i].title);
			buf_addc(&b, '}');
		}
		buf_adds(&b, st->n > 0 ? "\n]\n" : "]\n");
	} else
		for (i = 0; i < st->n; i++) {
			if (numbered)
				buf_printf(&b, "%zu\t", i + 1);
			/* URLs are checked clean; titles are one clean line */
			buf_printf(&b, "%s\t%s\t%s\n", st->feeds[i].url,
			    st->feeds[i].format, st->feeds[i].title != NULL ?
			    st->feeds[i].title : "");
		}
	fwrite(b.s != NULL ? b.s : "", 1, b.len, stdout);
	buf_free(&b);
}

static int
cmd_discover_flush(const char *what)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_error(what, _("cannot write the output"));
		return 1;
	}
	return 0;
}

int
cmd_discover(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_discover_state st;
	int ch, json = 0, rc;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+jh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			/* the usage line stays; the prose is translated */
			fputs("usage: tidende discover [--json] URL\n", stdout);
			fputs(_(cmd_discover_help), stdout);
			return cmd_discover_flush("discover");
		default:
			return cmd_discover_usage();
		}
	}
	if (argc - optind != 1)
		return cmd_discover_usage();
	/* the options that bound transfers (max-size, timeouts, agent) */
	if ((rc = app_load_config(app)) != 0)
		return rc;
	if ((rc = cmd_discover_run(argv[optind], &st)) == 0 || st.n > 0)
		cmd_discover_print(&st, json, 0);
	else if (json && rc == EXIT_DATAERR)
		cmd_discover_print(&st, json, 0);	/* [] */
	cmd_discover_free(&st);
	if (cmd_discover_flush("discover") != 0 && rc == 0)
		rc = 1;
	return rc;
}

/* ---------------------------------------------------------------- add */

/* With sync on: subscribe on the server, as import-opml does. */
static int
cmd_add_sync(struct app *app, const char *url, char **tags, size_t ntags)
{
	struct sync_sub sub;
	enum sync_status status;
	char *error = NULL;
	char *cause;
	int rc;

	if ((cause = sync_config_error()) != NULL) {
		app_error("add", "%s", cause);
		free(cause);
		return 1;
	}
	if ((rc = app_open_db(app)) != 0)
		return rc;
	memset(&sub, 0, sizeof sub);
	sub.url = url;
	sub.folder = ntags > 0 ? tags[0] : NULL;
	status = cmd_sync_subscribe(app, &sub, 1, &error);
	if (status != SYNC_OK) {
		app_error("add", "%s", error != NULL ? error : _("failed"));
		rc = sync_exit_code(status);
	} else if (sub.status == SYNC_SUB_FAILED) {
		app_error(url, "%s", sub.message != NULL ? sub.message :
		    _("refused by the server"));
		rc = 1;
	} else {
		rc = 0;
		if (!app->quiet) {
			if (sub.status == SYNC_SUB_KNOWN)
				printf(_("%s: already subscribed on %s\n"), url,
				    options_str(OPT_SYNC_URL));
			else {
				printf(_("%s: subscribed on %s\n"), url,
				    options_str(OPT_SYNC_URL));
				if (sub.folder != NULL && !sub.categorized) {
					cause = utf8_clean(sub.folder,
					    strlen(sub.folder),
					    UTF8_COLLAPSE_SPACE);
					printf(_("The server has no category "
					    "\"%s\": the feed is "
					    "uncategorized.\n"), cause);
					free(cause);
				}
				printf("%s\n", _("It comes down with the next "
				    "sync (tidende sync)."));
			}
		}
	}
	free(sub.message);
	free(error);
	return rc;
}

static int
cmd_add_usage(void)
{
	fputs("usage: tidende add [--pick N] URL [TITLE] [TAG...] (try "
	    "'tidende add --help')\n", stderr);
	return EXIT_USAGE;
}

int
cmd_add(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pick",	required_argument, NULL, 'p' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_discover_state st;
	const struct discover_feed *f;
	const char *title;
	char *cause = NULL, *path, *end, *url;
	char **tags;
	size_t ntags, i;
	long pick = 0;
	int ch, rc, known, seeded;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "p:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			errno = 0;
			pick = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    pick < 1) {
				app_error("add",
				    _("--pick %s: not a number from "
				    "the list (1, 2, ...)"), optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			fputs("usage: tidende add [--pick N] URL [TITLE] "
			    "[TAG...]\n", stdout);
			fputs(_(cmd_add_help), stdout);
			return cmd_discover_flush("add");
		default:
			return cmd_add_usage();
		}
	}
	if (argc - optind < 1)
		return cmd_add_usage();
	title = argc - optind > 1 ? argv[optind + 1] : NULL;
	tags = argv + optind + 2;
	ntags = argc - optind > 2 ? (size_t)(argc - optind - 2) : 0;
	for (i = 0; i < ntags; i++)
		if (*tags[i] == '\0' || strpbrk(tags[i], "=\"") != NULL) {
			app_error("add", _("'%s': not a tag (a word with no = "
			    "or \")"), tags[i]);
			return EXIT_USAGE;
		}

	/* add may create the -c file; the defaults until then */
	if ((rc = app_load_config_creating(app)) != 0)
		return rc;

	/* exec: feeds are taken as they are: nothing to discover */
	if (strncasecmp(argv[optind], "exec:", 5) == 0) {
		if (!config_url_ok(argv[optind])) {
			app_error(argv[optind], _("not a feed URL"));
			return EXIT_USAGE;
		}
		memset(&st, 0, sizeof st);
		st.n = 1;
		st.feeds = xcalloc(1, sizeof *st.feeds);
		st.feeds[0].url = xstrdup(argv[optind]);
		st.feeds[0].format = xstrdup("exec");
	} else if ((url = discover_url(argv[optind], &cause)) != NULL &&
	    !sync_enabled() && config_find_feed(&app->config, url) != NULL &&
	    !app->config.builtin_feeds) {
		/* configured already: no need to ask the network */
		if (!app->quiet)
			printf(_("%s: already in the config\n"), url);
		free(url);
		return 0;
	} else {
		free(url);
		free(cause);
		if ((rc = cmd_discover_run(argv[optind], &st)) != 0) {
			cmd_discover_free(&st);
			return rc;
		}
	}
	if (pick > 0 && (size_t)pick > st.n) {
		app_error(argv[optind], ngettext("--pick %ld: only %zu feed "
		    "found", "--pick %ld: only %zu feeds found", st.n), pick,
		    st.n);
		cmd_discover_print(&st, 0, 1);
		cmd_discover_free(&st);
		return EXIT_USAGE;
	}
	if (st.n > 1 && pick == 0) {
		cmd_discover_print(&st, 0, 1);
		fflush(stdout);
		app_error(argv[optind], _("%zu feeds found: choose one with "
		    "'tidende add --pick N %s'"), st.n, argv[optind]);
		cmd_discover_free(&st);
		return EXIT_USAGE;
	}
	f = &st.feeds[pick > 0 ? pick - 1 : 0];

	if (sync_enabled() && strncasecmp(f->url, "http", 4) == 0) {
		rc = cmd_add_sync(app, f->url, tags, ntags);
		cmd_discover_free(&st);
		return rc;
	}
	if (app->config_path != NULL)
		path = xstrdup(app->config_path);
	else
		path = config_default_path();
	if (subscribe_config(&app->config, path, f->url, title, tags, ntags,
	    &known, &seeded, &cause) != STATUS_OK) {
		fprintf(stderr, "tidende: %s\n", cause);
		free(cause);
		rc = 1;
	} else if (!app->quiet) {
		if (known)
			printf(_("%s: already in the config\n"), f->url);
		else {
			printf(_("%s: added to %s\n"), f->url, path);
			if (seeded)
				printf("%s\n", _("The built-in feeds were "
				    "written to it too, so they stay."));
		}
	}
	free(path);
	cmd_discover_free(&st);
	if (rc == 0 && cmd_discover_flush("add") != 0)
		rc = 1;
	return rc;
}
