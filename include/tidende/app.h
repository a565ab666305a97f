/*
 * What every command shares: the global options from argv, the loaded
 * config and the open cache.
 */
#ifndef TIDENDE_APP_H
#define TIDENDE_APP_H

#include <stdint.h>
#include <stdio.h>

#include "tidende/config.h"
#include "tidende/db.h"
#include "tidende/xdg.h"

struct app {
	const char	*config_path;	/* -c, or NULL */
	const char	*db_path;	/* -d, or NULL */
	int		 verbose;	/* -v */
	int		 quiet;		/* -q */
	struct config	 config;
	int		 config_loaded;
	struct db	*db;
};

/*
 * Load the config (once).  On error prints `tidende: FILE:LINE: ...` and
 * returns the exit code (65), else 0.
 */
int	 app_load_config(struct app *);
/*
 * The same for a command that may create the -c file (import-opml,
 * add): while it does not exist, the built-in config.
 */
int	 app_load_config_creating(struct app *);
/* Open the cache (once).  On error prints it and returns 1, else 0. */
int	 app_open_db(struct app *);
/*
 * For commands that only read the cache (list, search): the config is
 * checked (65 on errors), the cache opened read-only and the config's
 * `ignore` rules applied (read-write, once, when they changed).  No cache
 * yet sets *missing and returns 0.
 */
int	 app_open_db_reading(struct app *, int *missing);
/* Create feed rows for every configured feed (config order). */
int	 app_sync_feeds(struct app *);
void	 app_free(struct app *);

/* Print `tidende: what: why` to stderr. */
void	 app_error(const char *what, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* An article number from the command line (> 0); 0 when it is not one. */
int64_t	 app_article_id(const char *);

/*
 * The one rule for a command's usage; every command follows it:
 *  - `tidende CMD --help` (or -h) and `tidende help CMD`: the usage on
 *    stdout and exit 0, return app_help(USAGE);
 *  - a usage error (unknown option, missing or extra argument, a value
 *    that is not one): `tidende: CMD: WHY` and the usage on stderr, exit
 *    64, return app_usage_error(USAGE, WHY...) (WHY may be NULL);
 *  - getopt_long() with opterr 0 (main.c's) and an optstring starting
 *    with ':' (after a '+'): on '?' or ':' return app_option_error(USAGE,
 *    ch, argv), which names the option.
 * USAGE is what follows "usage: tidende ", first the command's name, e.g.
 * "list [--unread] ...", lines after the first indented.
 */
int	 app_help(const char *usage);
/*
 * app_help() and then TEXT, the command's description (marked N_(),
 * translated here), on the lines after the usage; option names and the
 * usage line are never translated.
 */
int	 app_help_text(const char *usage, const char *text);
/*
 * Flush stdout: 0, or 1 after `tidende: WHAT: cannot write the output`
 * (a full disk, /dev/full; nothing said for a closed pipe).
 */
int	 app_stdout_done(const char *what);
/*
 * One entry of a help text: "  SYNTAX" as given, then DESC (already
 * translated; lines split at '\n') from column COL, on the same line
 * when SYNTAX ends before COL - 2, else on the next.  SYNTAX may be NULL.
 */
void	 app_help_item(FILE *, int col, const char *syntax,
	    const char *desc);
int	 app_usage_error(const char *usage, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	 app_option_error(const char *usage, int ch, char **argv);

/*
 * What every command's signal handler (signal_init()) shares: SIGCHLD
 * reaps finished children; nonzero for SIGINT, SIGTERM and SIGHUP, on
 * which the command cancels its work and ends.
 */
int	 app_signal_ends(int sig);

/* -v: open the log in $XDG_STATE_HOME/tidende/log. */
void	 app_open_default_log(void);

#endif
