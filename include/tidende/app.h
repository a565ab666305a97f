/*
 * What every command shares: the global options from argv, the loaded
 * config and the open cache.
 */
#ifndef TIDENDE_APP_H
#define TIDENDE_APP_H

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

/* -v: open the log in $XDG_STATE_HOME/tidende/log. */
void	 app_open_default_log(void);
/*
 * The old name of xdg_path() (tidende/xdg.h), for src/db.c until the
 * store's split switches its one call over; then this goes.
 */
#define app_xdg_path(kind, name)	xdg_path(kind, name)
#endif
