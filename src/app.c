/*
 * Shared set-up for every command: XDG paths, config, cache, feed rows.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tidende/app.h"
#include "tidende/cmd.h"
#include "tidende/db-feed.h"
#include "tidende/db-retain.h"
#include "tidende/db.h"
#include "tidende/log.h"
#include "tidende/options.h"
#include "tidende/xmalloc.h"

void
cmd_error(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tidende: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* mkdir -p with mode 0700 for every directory created. */
static void
make_dirs(char *path)
{
	char *p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST)
			log_warn("mkdir %s: %s", path, strerror(errno));
		*p = '/';
	}
}

char *
app_xdg_path(const char *kind, const char *name)
{
	static const struct {
		const char *kind, *env, *fallback;
	} xdg[] = {
		{ "CONFIG", "XDG_CONFIG_HOME", ".config" },
		{ "DATA", "XDG_DATA_HOME", ".local/share" },
		{ "STATE", "XDG_STATE_HOME", ".local/state" },
		{ "CACHE", "XDG_CACHE_HOME", ".cache" },
	};
	const char *base = NULL, *home;
	char *path;
	size_t i;

	for (i = 0; i < sizeof xdg / sizeof xdg[0]; i++)
		if (strcmp(xdg[i].kind, kind) == 0)
			break;
	if (i == sizeof xdg / sizeof xdg[0])
		fatalx("app_xdg_path: bad kind %s", kind);
	base = getenv(xdg[i].env);
	/* XDG says relative paths are invalid and must be ignored. */
	if (base != NULL && base[0] == '/')
		path = xasprintf("%s/tidende/%s", base, name);
	else {
		if ((home = getenv("HOME")) == NULL || *home == '\0')
			home = ".";
		path = xasprintf("%s/%s/tidende/%s", home, xdg[i].fallback,
		    name);
	}
	make_dirs(path);
	return path;
}

void
app_open_default_log(void)
{
	char *path = app_xdg_path("STATE", "log");

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
	char *cause = NULL;
	int64_t id;
	size_t i;
	int rc;

	if ((rc = app_load_config(app)) != 0 || (rc = app_open_db(app)) != 0)
		return rc;
	for (i = 0; i < app->config.nfeeds; i++) {
		fc = &app->config.feeds[i];
		if (db_feed_sync(app->db, fc->url, fc->title, fc->tags,
		    fc->ntags, &id, &cause) != STATUS_OK) {
			cmd_error(fc->url, "%s", cause);
			free(cause);
			return 1;
		}
	}
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
