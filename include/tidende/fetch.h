/*
 * Transfers on one libcurl multi handle, driven by the event loop
 * (fetch installs itself as the loop's waiter, so curl_multi_poll() waits
 * on the terminal and other descriptors too), and refresh runs that fetch
 * many feeds, parse them as bytes arrive and store each in one
 * transaction.  Only this module calls libcurl transfer functions.
 */
#ifndef TIDENDE_FETCH_H
#define TIDENDE_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/config.h"
#include "tidende/db-store.h"
#include "tidende/status.h"

/* Set up curl's multi handle and hook into the loop. */
void	 fetch_init(void);
void	 fetch_done(void);

/* ------------------------------------------------------- one transfer */

/* What came back, as far as it is known (headers before the body). */
struct fetch_reply {
	enum status status;	/* OK, UNCHANGED (304), NETWORK, TIMEOUT,
				   TOO_BIG, ERROR (HTTP status), CANCELLED */
	const char *error;	/* one line, NULL when fine */
	int	 http_status;	/* 0 for file:// or no reply */
	const char *url;	/* the URL asked for */
	const char *effective_url; /* after redirects */
	const char *moved_to;	/* every redirect was permanent: the target */
	const char *content_type;
	const char *charset;	/* from Content-Type, or NULL */
	const char *etag;
	const char *last_modified;
	long	 retry_after;	/* seconds (429/503), -1 when absent */
	size_t	 bytes;		/* body bytes after decompression */
};

struct fetch_job_opts {
	const char *url;	/* http://, https:// or file:// */
	const char *etag;	/* If-None-Match, or NULL */
	const char *last_modified; /* If-Modified-Since, or NULL */
	size_t	 max_size;	/* body cap after decompression (0: max-size) */
	/* Body bytes of a 2xx (or file) reply; non-zero stops the transfer. */
	int	(*data)(const struct fetch_reply *, const char *, size_t,
		    void *arg);
	/* Once, after the transfer ended (also on cancel). */
	void	(*done)(const struct fetch_reply *, void *arg);
	void	*arg;
};

struct fetch_job;

/*
 * Queue a transfer; it starts when the parallel and per-host limits allow.
 * Returns at once.  Strings in opts are copied.
 */
struct fetch_job *fetch_start(const struct fetch_job_opts *);
/* Stop it; done() runs with STATUS_CANCELLED before this returns. */
void	 fetch_cancel(struct fetch_job *);
/* Transfers queued or running. */
unsigned fetch_pending(void);
/* The User-Agent sent (user-agent option, else tidende/VERSION). */
const char *fetch_user_agent(void);

/* What became of one feed in a refresh. */
struct fetch_report {
	int64_t	 feed_id;
	const char *url;
	const char *title;	/* display title, may be NULL */
	enum status status;	/* OK, UNCHANGED (304) or an error */
	const char *error;	/* one line, NULL when fine */
	int	 http_status;
	size_t	 bytes;
	struct db_store_stats stats;
	const char *redirected_to; /* permanent redirect, or NULL */
};

struct refresh_progress {
	size_t	 total;
	size_t	 done;
	size_t	 errors;
	size_t	 bytes;
	size_t	 new_items;
};

/* Which feeds to refresh: all (both NULL), one URL, or one tag. */
struct refresh_filter {
	const char *url;
	const char *tag;
	int	 due_only;	/* only feeds whose next_due has come */
};

struct refresh;

typedef void (*refresh_feed_cb)(const struct fetch_report *, void *arg);
typedef void (*refresh_done_cb)(const struct refresh_progress *, void *arg);

/*
 * Start refreshing the configured feeds matching filter.  Returns at once;
 * the work happens in the loop.  feed_cb runs after each feed is stored,
 * done_cb once at the end (after which the refresh frees itself).
 */
struct refresh	*refresh_start(struct db *, const struct config *,
		    const struct refresh_filter *, refresh_feed_cb feed_cb,
		    refresh_done_cb done_cb, void *arg);
void		 refresh_get_progress(const struct refresh *,
		    struct refresh_progress *);
/* Stop every transfer of this refresh; done_cb still runs. */
void		 refresh_cancel(struct refresh *);
int		 refresh_running(void);

#endif
