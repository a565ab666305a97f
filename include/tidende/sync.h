/*
 * Sync with an aggregator server (issue 15; ../shared/docs/sync-design.md):
 * one sync is a chain of steps on the event loop, each a request through
 * fetch.h and a callback, so nothing waits: password (sync-password-command
 * through spawn.h, or the 0600 sync-password-file), login (again once when
 * the server forgot the session), push the queue of local changes
 * (absolute writes in batches grouped by kind), subscriptions (categories
 * become tags), new articles since the account's cursor (paged until the
 * server has no more), then the complete unread and starred sets
 * reconciled.  A failure stops the sync with the account's last_error set;
 * queued changes stay queued.  The store's side is db-sync.h; the server's
 * dialect is a backend (a table of functions in sync-private.h: ttrss).
 * The password lives only in memory: never in argv, the log or a message.
 */
#ifndef TIDENDE_SYNC_H
#define TIDENDE_SYNC_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct sync;

/* How a sync ended; cli.md's exit status is sync_exit_code(). */
enum sync_status {
	SYNC_OK,
	SYNC_UNREACHABLE,	/* network, timeout, 502-504: exit 69 */
	SYNC_REFUSED,		/* wrong password, API off: exit 77 */
	SYNC_ERROR,		/* anything else: exit 1 */
};

struct sync_result {
	enum sync_status status;
	const char	*error;		/* one line, NULL when OK */
	size_t		 pushed;	/* changes the server acknowledged */
	size_t		 dropped;	/* changes dropped for good */
	size_t		 feeds;		/* server subscriptions */
	size_t		 added;		/* new articles stored */
	size_t		 changed;	/* articles whose read/star changed */
	unsigned	 requests;	/* HTTP requests made */
	int64_t		 ms;		/* wall time */
	int64_t		 pending;	/* changes still waiting afterwards */
	/*
	 * One line the user must see even on success, NULL: none (the
	 * account changed and the old one's feeds and changes were dropped).
	 */
	const char	*notice;
};

/* The result lives until done() returns. */
typedef void (*sync_done_cb)(const struct sync_result *, void *arg);

/* sync-backend is set (not "none"). */
int		 sync_enabled(void);
/*
 * Check the sync options (backend, url, user, a password source); NULL
 * when fine, else a one-line reason (caller frees).
 */
char		*sync_config_error(void);
/*
 * Start one sync of the configured account on the cache; returns at once
 * (the work happens in the loop; fetch_init() must have run) or NULL with
 * *cause when sync is off or misconfigured.  done() runs once, also after
 * sync_cancel(); the handle is gone after it.  One sync at a time.
 */
struct sync	*sync_start(struct db *, sync_done_cb, void *arg, char **cause);
/* Stop it: done() runs with SYNC_ERROR "cancelled" before this returns. */
void		 sync_cancel(struct sync *);
/* A sync runs. */
int		 sync_busy(void);
/* Exit status of cli.md for a result: 0, 69, 77 or 1. */
int		 sync_exit_code(enum sync_status);
/*
 * The interface's status line text for the last result (NULL: none yet)
 * and the changes waiting, e.g. "sync: offline, 3 changes waiting"
 * (caller frees).
 */
char		*sync_status_line(const struct sync_result *, int64_t pending);
/*
 * One line saying what a successful sync did, e.g. "3 changes sent, 12
 * feeds, 40 new articles, 2 changed (7 requests, 85 ms)" (caller frees).
 */
char		*sync_summary(const struct sync_result *);
/*
 * Seconds to wait before retrying after a failed sync that had tries
 * failures in a row (1, 2, 3...): 30 s doubling to at most an hour.
 */
int		 sync_retry_delay(int tries);

/* What subscribing one feed on the server came to. */
enum sync_sub_status {
	SYNC_SUB_NONE,		/* not tried (the sync ended first) */
	SYNC_SUB_ADDED,
	SYNC_SUB_KNOWN,		/* the server had it already */
	SYNC_SUB_FAILED,	/* the server refused it: message says why */
};

/*
 * One feed for sync_subscribe(): url and folder (NULL: none) are the
 * caller's; the rest is filled in.  categorized: the folder matched one
 * of the server's categories (the feed went into it).
 */
struct sync_sub {
	const char	*url;
	const char	*folder;
	enum sync_sub_status status;
	int		 categorized;
	char		*message;	/* FAILED: one clean line; caller frees */
};

/*
 * Subscribe the configured account to subs[0..n) on the server (issue 15
 * item 5: import-opml with sync on): log in as sync_start() does, then one
 * request per feed, each into the category whose title is its folder
 * (none matching: uncategorized; servers' APIs cannot make categories).
 * The feeds and their articles come down with the next sync.  Returns at
 * once like sync_start(); done() gets the status (pushed etc. are 0).
 */
struct sync	*sync_subscribe(struct db *, struct sync_sub *subs, size_t n,
		    sync_done_cb, void *arg, char **cause);

/*
 * The password from sync-password-file: its first line.  The file must
 * be a regular file of mode 0600 or stricter.  NULL with *cause (which
 * never holds the password) on failure.  Caller wipes and frees.
 */
char		*sync_password_file(const char *path, char **cause);

#endif
