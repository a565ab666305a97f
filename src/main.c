/*
 * tidende: argv, the global options, and choosing the command to run.
 */
#include <curl/curl.h>
#include <getopt.h>
#include <libxml/parser.h>
#include <locale.h>
#include <json-c/json_c_version.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "config.h"
#include "tidende/app.h"
#include "tidende/cmd.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/status.h"

static const struct command {
	const char	*name;
	int		(*run)(struct app *, int, char **);
} commands[] = {
	{ "refresh",	 cmd_refresh },
	{ "parse",	 cmd_parse },
	{ "list",	 cmd_list },
	{ "search",	 cmd_search },
	{ "show",	 cmd_show },
	{ "translate",	 cmd_translate },
	{ "import-opml", cmd_opml_import },
	{ "export-opml", cmd_opml_export },
	{ "config",	 cmd_config },
	{ "mark",	 cmd_mark },
	{ "sync",	 cmd_sync },
	{ "discover",	 cmd_discover },
	{ "add",	 cmd_add },
	{ "complete",	 cmd_complete },	/* hidden: shell completions */
	{ "check",	 cmd_check },
	{ "index",	 cmd_index },
};

/*
 * The main usage: the syntax of options and commands stays as typed (and
 * as the shell completions read it, from the "commands:" line to the
 * blank one); the prose beside it is translated.  A description's lines
 * start at column 22, on the syntax's line when it is short enough.
 */
static const struct usage_item {
	const char	*syntax;
	const char	*desc;
} usage_options[] = {
	{ "-c, --config FILE", N_("config file (default "
	    "$XDG_CONFIG_HOME/tidende/config,\nfalling back to the built-in "
	    "default feed list)") },
	{ "-d, --db FILE", N_("cache database (default "
	    "$XDG_DATA_HOME/tidende/cache.db)") },
	{ "-v, --verbose", N_("write a debug log ($TIDENDE_LOG or\n"
	    "$XDG_STATE_HOME/tidende/log)") },
	{ "-q, --quiet", N_("no progress or summary output") },
	{ "-h, --help", N_("this usage") },
	{ "-V, --version", N_("version and library versions") },
}, usage_commands[] = {
	{ "help [COMMAND]", N_("this usage, or the command's (as COMMAND "
	    "--help)") },
	{ "refresh [--feed URL] [--tag NAME] [--wait-index]", N_("fetch "
	    "every feed once, print a per-feed summary, exit\n"
	    "(--wait-index: index the new articles for search\nbefore it "
	    "exits, never in the background)") },
	{ "parse [--base URL] FILE|-", N_("parse one RSS/Atom/JSON Feed "
	    "document, print it as JSON") },
	{ "list [--unread] [--feed URL] [--tag NAME] [--starred] [--count] "
	    "[--json]", N_("print cached articles, newest first") },
	{ "search [--json] QUERY", N_("full-text search of the cache "
	    "(syntax: tidende(1))") },
	{ "show [--width N] [--translated] [--full] ID", N_("print one "
	    "article as the article pane renders it;\n--full: the whole "
	    "article from its web page, fetched\nif not cached (65: the page "
	    "has no article, the\nfeed's text is printed; 69: it cannot be "
	    "fetched)") },
	{ "discover [--json] URL", N_("print the feeds a web page advertises "
	    "(or that answer\nat the usual paths): URL<TAB>FORMAT<TAB>TITLE "
	    "a line") },
	{ "add [--pick N] URL [TITLE] [TAG...]", N_("subscribe to a feed, or "
	    "to the one feed a page\nadvertises (--pick N when there are "
	    "several)") },
	{ "translate ID", N_("run the translate command on one article, print "
	    "the\nresult and keep it in the cache") },
	{ "import-opml FILE", N_("add the feeds of an OPML file to the "
	    "config") },
	{ "export-opml", N_("print the configured feeds as OPML 2.0") },
	{ "config --default", N_("print the built-in default config, "
	    "commented") },
	{ "mark (--read|--unread|--star|--unstar) ID...", N_("change "
	    "articles' state as the keys m and s do (with\nsync on, the change "
	    "is queued for the server)") },
	{ "sync [--status] [--json]", N_("send queued changes to the sync "
	    "server, then fetch\nsubscriptions, articles and read/star "
	    "state") },
	{ "check", N_("check the cache: SQLite's integrity check, the "
	    "search\nindex, the article counts (exit 65 when damaged)") },
	{ "index [-q]", N_("bring the search index up to date (a large "
	    "refresh\nstarts it in the background)") },
};

static void
usage_list(FILE *f, const struct usage_item *it, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		app_help_item(f, 22, it[i].syntax, _(it[i].desc));
}

static void
usage(FILE *f)
{
	fputs("usage: tidende [-c FILE] [-d FILE] [-v] [-q] [COMMAND [ARGS]]\n",
	    f);
	usage_list(f, usage_options, sizeof usage_options /
	    sizeof usage_options[0]);
	/* the completions read the commands from here to the blank line */
	fputs("\ncommands:\n", f);
	/* TRANSLATORS: in the usage, tidende run with no command at all */
	app_help_item(f, 22, _("(none)"), _("start the terminal interface"));
	usage_list(f, usage_commands, sizeof usage_commands /
	    sizeof usage_commands[0]);
	fprintf(f, "\n%s", _("exit status: 0 success, 64 usage, 65 not a feed "
	    "or bad config,\n69 no feed could be fetched or the sync server "
	    "unreachable,\n77 the sync server refused, 1 anything else.  See "
	    "tidende(1).\n"));
}

static void
version(void)
{
	curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
	int xv;

	printf("tidende %s\n", PACKAGE_VERSION);
	printf("  ncursesw %s\n", curses_version());
	printf("  libcurl %s (%s)\n", cv->version,
	    cv->ssl_version != NULL ? cv->ssl_version : _("no TLS"));
	xv = atoi(xmlParserVersion);	/* "20914" is 2.9.14 */
	printf("  libxml2 %d.%d.%d\n", xv / 10000, xv / 100 % 100, xv % 100);
	printf("  SQLite %s\n", sqlite3_libversion());
	printf("  json-c %s\n", json_c_version());
}

/*
 * One line for a bad global option: `tidende: --frob: unknown option`.
 * getopt_long() leaves optopt 0 for an unknown long option and the long
 * option itself in argv[optind - 1] when its argument is missing or was
 * given one it does not take (--help=x).
 */
static void
bad_option(char **argv, const char *why)
{
	const char *a = argv[optind - 1];
	size_t n;

	if (a != NULL && strncmp(a, "--", 2) == 0 && (optopt == 0 ||
	    strchr(a, '=') != NULL || strcmp(why, "needs an argument") == 0)) {
		n = strcspn(a, "=");
		if (optopt != 0 && a[n] == '=')
			why = N_("takes no argument");
		fprintf(stderr, "tidende: %.*s: %s %s\n", (int)n, a, _(why),
		    _("(try 'tidende --help')"));
	} else
		fprintf(stderr, "tidende: -%c: %s %s\n", optopt, _(why),
		    _("(try 'tidende --help')"));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config",	required_argument, NULL, 'c' },
		{ "db",		required_argument, NULL, 'd' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ "version",	no_argument,	   NULL, 'V' },
		{ "verbose",	no_argument,	   NULL, 'v' },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	struct app app;
	const char *logpath;
	size_t i;
	int ch, rc;

	setlocale(LC_ALL, "");
	i18n_init();
	memset(&app, 0, sizeof app);
	/* '+': stop at the command name; its options are its own. */
	opterr = 0;	/* our own one-line messages, see bad_option() */
	while ((ch = getopt_long(argc, argv, "+:c:d:hVvq", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			app.config_path = optarg;
			break;
		case 'd':
			app.db_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return app_stdout_done("help");
		case 'V':
			version();
			return app_stdout_done("version");
		case 'v':
			app.verbose++;
			break;
		case 'q':
			app.quiet = 1;
			break;
		case ':':
			bad_option(argv, N_("needs an argument"));
			return EXIT_USAGE;
		default:
			bad_option(argv, N_("unknown option"));
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if ((logpath = getenv("TIDENDE_LOG")) != NULL && *logpath != '\0')
		log_open(logpath);
	else if (app.verbose)
		app_open_default_log();

	if (argc >= 1 && strcmp(argv[0], "help") == 0) {
		/* `tidende help CMD` is `tidende CMD --help` (app.h's rule) */
		if (argc == 1) {
			usage(stdout);
			return app_stdout_done("help");
		}
		argv[0] = argv[1];
		argv[1] = (char *)"--help";
		argc = 2;
	}
	if (argc == 0)
		rc = cmd_tui(&app, argc, argv);
	else {
		rc = -1;
		for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (strcmp(argv[0], commands[i].name) == 0) {
				optind = 1;	/* commands parse their own options */
				rc = commands[i].run(&app, argc, argv);
				break;
			}
		if (rc == -1) {
			fprintf(stderr, "tidende: %s: %s %s\n", argv[0],
			    _("unknown command"), _("(try 'tidende --help')"));
			rc = EXIT_USAGE;
		}
	}
	app_free(&app);
	log_close();
	return rc;
}
