/*
 * `tidende index [-q]`: bring the search index up to date, indexing the
 * articles stored but not yet indexed (the backlog, db-store.h) in short
 * transactions, so the interface or a refresh that wants the write lock
 * waits at most one chunk.  A `refresh` that leaves a large backlog
 * starts it detached (cmd_index_detach()) and exits; a search covers
 * whatever it has not reached yet, and one killed midway loses nothing
 * (the backlog stays until indexed).  One indexer works at a time: it
 * holds an flock() on the cache file while it indexes.
 */
#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tidende/cmd.h"
#include "tidende/db-store.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/spawn.h"
#include "tidende/xmalloc.h"

/*
 * Articles a transaction indexes: about 50 ms of work (2 KB articles),
 * which is what a key in the interface or a refresh's store waits at
 * most while the indexer holds the write lock, and large enough for
 * FTS5's segments (tests/bench/store-bench.sh).
 */
#define CMD_INDEX_CHUNK	1024

static const char cmd_index_usage[] = "index [-q]";
static const char cmd_index_text[] = N_("Bring the search index up to "
    "date: index the articles stored but not yet\nindexed.  A refresh "
    "that leaves many starts it in the background.\nProgress on stderr "
    "when it is a terminal (none with -q); exit 0, or 1\nwhen the cache "
    "cannot be written.");

/*
 * A descriptor on the cache file for flock().  It stays open until the
 * process exits: closing any descriptor of a file drops every POSIX
 * lock the process holds on it, SQLite's included.
 */
static int
cmd_index_lock_fd(const char *path)
{
	return open(path, O_RDONLY | O_CLOEXEC);
}

/*
 * TIDENDE_INDEX_HOLD=PATH (a test hook): the indexer writes its pid to
 * PATH.pid when it starts, and waits after each chunk while PATH exists;
 * a refresh under it indexes nothing while idle (cmd-refresh.c), so its
 * whole backlog is left for the end.  Done, right before it closes the
 * cache, it writes PATH.close.pid and waits while PATH.close exists.
 */
enum cmd_index_at { HOLD_START, HOLD_CHUNK, HOLD_CLOSE };

static void
cmd_index_hold(enum cmd_index_at at)
{
	const char *path = getenv("TIDENDE_INDEX_HOLD");
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char *tmp, *pidf, *gate;
	FILE *f;

	if (path == NULL || *path == '\0')
		return;
	gate = at == HOLD_CLOSE ? xasprintf("%s.close", path) :
	    xstrdup(path);
	if (at != HOLD_CHUNK) {
		tmp = xasprintf("%s.pid.tmp", gate);
		pidf = xasprintf("%s.pid", gate);
		if ((f = fopen(tmp, "w")) != NULL) {
			fprintf(f, "%ld\n", (long)getpid());
			if (fclose(f) == 0)
				rename(tmp, pidf);
		}
		free(tmp);
		free(pidf);
	}
	if (at != HOLD_START)
		while (access(gate, F_OK) == 0)
			nanosleep(&ts, NULL);
	free(gate);
}

/* Whether articles wait to be indexed (a failure to look: no). */
static int
cmd_index_left(const char *path)
{
	struct db *db;
	char *cause = NULL;
	int left;

	if (db_open(path, DB_READONLY, &db, &cause) != STATUS_OK) {
		free(cause);
		return 0;
	}
	left = db_index_over(db, 0);
	db_close(db);
	return left;
}

static void
cmd_index_progress(struct db *db, size_t total)
{
	size_t left = db_index_pending(db);

	if (left > total)
		total = left;
	fputs("\r\033[K", stderr);
	/* TRANSLATORS: progress of `tidende index`, rewritten in place */
	fprintf(stderr, _("indexing for search: %zu/%zu"), total - left, total);
	fflush(stderr);
}

int
cmd_index(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet",	no_argument,	NULL, 'q' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct db *db;
	char *cause = NULL;
	enum status s;
	size_t total;
	int ch, quiet = app->quiet, progress, more, fd;

	while ((ch = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'q':
			quiet = 1;
			break;
		case 'h':
			return app_help_text(cmd_index_usage, cmd_index_text);
		default:
			return app_option_error(cmd_index_usage, ch, argv);
		}
	}
	if (optind != argc)
		return app_usage_error(cmd_index_usage, _("unexpected "
		    "argument: %s"), argv[optind]);
	progress = !quiet && isatty(STDERR_FILENO);

	/* no cache yet: nothing to index, and none is made */
	s = db_open(app->db_path, DB_READONLY, &db, &cause);
	if (s == STATUS_NOT_FOUND) {
		free(cause);
		return 0;
	}
	if (s == STATUS_OK) {
		db_close(db);
		s = db_open(app->db_path, 0, &db, &cause);
	}
	if (s != STATUS_OK) {
		fprintf(stderr, "tidende: %s\n", cause != NULL ? cause :
		    status_message(s));
		free(cause);
		return 1;
	}
	/* another indexer at work: wait for it, then index what is left */
	if ((fd = cmd_index_lock_fd(db_path(db))) != -1)
		while (flock(fd, LOCK_EX) == -1 && errno == EINTR)
			;
	cmd_index_hold(HOLD_START);
	total = progress ? db_index_pending(db) : 0;
	for (;;) {
		if (db_index_chunk(db, CMD_INDEX_CHUNK, &more, &cause) !=
		    STATUS_OK) {
			if (progress)
				fputs("\r\033[K", stderr);
			app_error("index", _("cannot index new articles for "
			    "search: %s"), cause);
			free(cause);
			db_close(db);
			return 1;
		}
		if (progress)
			cmd_index_progress(db, total);
		cmd_index_hold(HOLD_CHUNK);
		if (more)
			continue;
		if (fd == -1)
			break;
		/*
		 * Done.  The cache is closed under the lock, so an `index`
		 * that waited for the lock (a script's) returns with no
		 * indexer left holding the cache open.  A refresh that
		 * stored more while this one worked found the lock taken
		 * and started no indexer: look again, from a connection of
		 * its own, still under the lock.  What a refresh stores in
		 * the moment between that look and the end waits for the
		 * next search, interface or indexer: each indexes the
		 * backlog first.
		 */
		cmd_index_hold(HOLD_CLOSE);
		db_close(db);
		db = NULL;
		if (!cmd_index_left(app->db_path))
			break;
		if ((s = db_open(app->db_path, 0, &db, &cause)) != STATUS_OK) {
			fprintf(stderr, "tidende: %s\n", cause != NULL ? cause :
			    status_message(s));
			free(cause);
			return 1;
		}
	}
	if (progress)
		fputs("\r\033[K", stderr);
	if (db != NULL)
		db_close(db);
	if (fd != -1)
		flock(fd, LOCK_UN);	/* (exiting does too) */
	log_debug("index: %s is up to date", app->db_path != NULL ?
	    app->db_path : "the cache");
	return 0;
}

/* Whether an indexer holds the lock on the cache file at path. */
static int
cmd_index_running(const char *path)
{
	static int fd = -1;	/* kept open: see cmd_index_lock_fd() */

	if (fd == -1 && (fd = cmd_index_lock_fd(path)) == -1)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) == -1)
		return errno == EWOULDBLOCK;
	flock(fd, LOCK_UN);
	return 0;
}

int
cmd_index_detach(struct app *app, char **cause)
{
	const char *path = db_path(app->db);
	char *argv[10];
	int n = 0;

	if (cmd_index_running(path)) {
		log_debug("index: an indexer is running on %s", path);
		return 0;
	}
	argv[n++] = (char *)"tidende";
	if (app->config_path != NULL) {
		argv[n++] = (char *)"-c";
		argv[n++] = (char *)app->config_path;
	}
	argv[n++] = (char *)"-d";
	argv[n++] = (char *)path;
	if (app->verbose)
		argv[n++] = (char *)"-v";
	argv[n++] = (char *)"index";
	argv[n++] = (char *)"-q";
	argv[n] = NULL;
	/* this very program, even when it was started by a relative name */
	return spawn_daemon(access("/proc/self/exe", X_OK) == 0 ?
	    "/proc/self/exe" : NULL, argv, cause);
}
