/*
 * Shared set-up for every command: config, cache, feed rows.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/app.h"
#include "tidende/status.h"
#include "tidende/db-feed.h"
#include "tidende/db-retain.h"
#include "tidende/db-sync.h"
#include "tidende/db.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/options.h"
#include "tidende/spawn.h"
#include "tidende/xdg.h"
#include "tidende/xmalloc.h"

void
app_error(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tidende: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
app_help(const char *usage)
{
	return app_help_text(usage, NULL);
}

int
app_help_text(const char *usage, const char *text)
{
	printf("usage: tidende %s\n", usage);
	if (text != NULL)
		printf("%s\n", _(text));
	return app_stdout_done("help");
}

int
app_stdout_done(const char *what)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	/* (a reader that went away, | head, is not worth a line) */
	if (errno != EPIPE)
		app_error(what, "%s", _("cannot write the output"));
	return 1;
}

void
app_help_item(FILE *f, int col, const char *syntax, const char *desc)
{
	size_t len;
	int at = 0;

	if (syntax != NULL) {
		at = fprintf(f, "  %s", syntax);
		if (at < 0 || at > col - 2) {
			fputc('\n', f);
			at = 0;
		}
	}
	while (*desc != '\0') {
		len = strcspn(desc, "\n");
		fprintf(f, "%*s%.*s\n", col - at, "", (int)len, desc);
		at = 0;
		desc += len;
		if (*desc == '\n')
			desc++;
	}
}

/* The command's name: the first word of its usage. */
static int
app_usage_name(const char *usage)
{
	return (int)strcspn(usage, " \n");
}

int
app_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fprintf(stderr, "tidende: %.*s: ", app_usage_name(usage),
		    usage);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "usage: tidende %s\n", usage);
	return EXIT_USAGE;
}

int
app_option_error(const char *usage, int ch, char **argv)
{
	const char *a = optind > 0 ? argv[optind - 1] : NULL;

	/*
	 * getopt_long() leaves a long option in argv[optind - 1]; optopt is
	 * 0 for an unknown one, and its value when it was given an argument
	 * it takes none of (--json=x).  ':' is a missing argument.
	 */
	if (a != NULL && strncmp(a, "--", 2) == 0 && (optopt == 0 ||
	    ch == ':' || strchr(a, '=') != NULL))
		return app_usage_error(usage, "%.*s: %s", (int)strcspn(a, "="),
		    a, ch == ':' ? _("needs an argument") : optopt == 0 ?
		    _("unknown option") : _("takes no argument"));
	return app_usage_error(usage, "-%c: %s", optopt, ch == ':' ?
	    _("needs an argument") : _("unknown option"));
}

/* An article id from the command line; 0 when it is not one. */
int64_t
app_article_id(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v <= 0)
		return 0;
	return (int64_t)v;
}

void
app_open_default_log(void)
{
	char *path = xdg_path("STATE", "log");

	log_open(path);
	free(path);
}

int
app_load_config(struct app *app)
{
	char *cause = NULL;
	enum status s;

	if (app->config_loaded)
		return 0;
	options_init();
	s = config_load(&app->config, app->config_path, &cause);
	if (s != STATUS_OK) {
		fprintf(stderr, "tidende: %s\n", cause != NULL ? cause :
		    status_message(s));
		free(cause);
		return s == STATUS_BAD_CONFIG ? EXIT_DATAERR : 1;
	}
	app->config_loaded = 1;
	return 0;
}

int
app_load_config_creating(struct app *app)
{
	struct stat sb;
	char *cause = NULL;

	if (app->config_path != NULL && !app->config_loaded &&
	    stat(app->config_path, &sb) == -1 && errno == ENOENT) {
		if (config_load_builtin(&app->config, &cause) != STATUS_OK) {
			fprintf(stderr, "tidende: %s\n", cause);
			free(cause);
			return EXIT_DATAERR;
		}
		app->config_loaded = 1;
	}
	return app_load_config(app);
}

int
app_open_db(struct app *app)
{
	char *cause = NULL;
	enum status s;

	if (app->db != NULL)
		return 0;
	s = db_open(app->db_path, 0, &app->db, &cause);
	if (s != STATUS_OK) {
		fprintf(stderr, "tidende: %s\n", cause != NULL ? cause :
		    status_message(s));
		free(cause);
		return 1;
	}
	/* `ignore` rules flag articles as they are stored. */
	if (app->config_loaded && db_retain_set_ignores(app->db,
	    app->config.ignores, app->config.nignores, &cause) != STATUS_OK) {
		fprintf(stderr, "tidende: %s: %s\n", app->config.path != NULL ?
		    app->config.path : "config", cause);
		free(cause);
		return EXIT_DATAERR;
	}
	return 0;
}

int
app_open_db_reading(struct app *app, int *missing)
{
	char *cause = NULL;
	enum status s;
	int rc;

	*missing = 0;
	/* The config first: its errors and `ignore` lines matter here too. */
	if ((rc = app_load_config(app)) != 0)
		return rc;
	s = db_open(app->db_path, DB_READONLY, &app->db, &cause);
	if (s == STATUS_NOT_FOUND) {
		free(cause);
		*missing = 1;
		return 0;
	}
	if (s != STATUS_OK) {
		fprintf(stderr, "tidende: %s\n", cause != NULL ? cause :
		    status_message(s));
		free(cause);
		return 1;
	}
	s = db_retain_set_ignores(app->db, app->config.ignores,
	    app->config.nignores, &cause);
	if (s == STATUS_OK)
		return 0;
	if (s == STATUS_USAGE) {
		fprintf(stderr, "tidende: %s: %s\n", app->config.path != NULL ?
		    app->config.path : "config", cause);
		free(cause);
		return EXIT_DATAERR;
	}
	/* The rules changed: flag the cache once, read-write. */
	free(cause);
	db_close(app->db);
	app->db = NULL;
	return app_open_db(app);
}

int
app_sync_feeds(struct app *app)
{
	struct feed_conf *fc;
	char *cause = NULL, **urls;
	int64_t id;
	size_t i;
	int rc;

	if ((rc = app_load_config(app)) != 0 || (rc = app_open_db(app)) != 0)
		return rc;
	urls = xcalloc(app->config.nfeeds + 1, sizeof *urls);
	/*
	 * The feeds new or changed in the configuration, in one
	 * transaction: one wait for a cache another process writes (a
	 * refresh's store batch holds the lock up to 250 ms), not one per
	 * feed, before the first screen.
	 */
	db_batch_begin(app->db);
	for (i = 0; i < app->config.nfeeds; i++) {
		fc = &app->config.feeds[i];
		urls[i] = fc->url;
		if (db_feed_sync(app->db, fc->url, fc->title, fc->tags,
		    fc->ntags, &id, &cause) != STATUS_OK) {
			app_error(fc->url, "%s", cause);
			free(cause);
			db_batch_end(app->db, NULL);
			free(urls);
			return 1;
		}
	}
	if (db_batch_end(app->db, &cause) != STATUS_OK) {
		fprintf(stderr, "tidende: %s\n", cause);	/* names the file */
		free(cause);
		free(urls);
		return 1;
	}
	/* these rows stay local even when a sync server has the URL */
	if (db_sync_local_feeds(app->db, urls, app->config.nfeeds, &cause) !=
	    STATUS_OK) {
		app_error("sync", "%s", cause);
		free(cause);
		free(urls);
		return 1;
	}
	free(urls);
	return 0;
}

void
app_free(struct app *app)
{
	if (app->db != NULL)
		db_close(app->db);
	app->db = NULL;
	if (app->config_loaded)
		config_free(&app->config);
	app->config_loaded = 0;
	options_free();
}

int
app_signal_ends(int sig)
{
	switch (sig) {
	case SIGCHLD:
		spawn_reap();
		return 0;
	case SIGINT:
	case SIGTERM:
	case SIGHUP:
		return 1;
	}
	return 0;
}
