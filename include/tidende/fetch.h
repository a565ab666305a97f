/*
 * Transfers on one libcurl multi handle, driven by the event loop
 * (fetch installs itself as the loop's waiter, so curl_multi_poll() waits
 * on the terminal and other descriptors too).  Only this module calls
 * libcurl transfer functions; refresh runs are in tidende/refresh.h.
 */
#ifndef TIDENDE_FETCH_H
#define TIDENDE_FETCH_H

#include <stddef.h>
#include <stdint.h>

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
	int64_t	 elapsed_ms;	/* from the transfer's start to its end, at
				   least 1 (0: it never started) */
};

struct fetch_job_opts {
	const char *url;	/* http://, https:// or file:// */
	const char *etag;	/* If-None-Match, or NULL */
	const char *last_modified; /* If-Modified-Since, or NULL */
	size_t	 max_size;	/* body cap after decompression (0: max-size) */
	/* Body bytes of a 2xx (or file) reply; non-zero stops the transfer. */
	int	(*data)(const struct fetch_reply *, const char *, size_t,
		    void *arg);
	/*
	 * A POST (API calls): post is the request body, post_len its bytes,
	 * post_type its Content-Type; NULL post: a GET.  A POST follows no
	 * redirect and is never retried by fetch.
	 */
	const char *post;
	size_t	 post_len;
	const char *post_type;
	/* Extra request headers ("Name: value"), NULL-terminated, or NULL. */
	const char *const *headers;
	/* Refuse file:// (and anything but http/https), e.g. for sync. */
	int	 http_only;
	/* The Accept header of a GET (NULL: feed formats first). */
	const char *accept;
	/* Seconds the whole transfer may take (0: download-timeout). */
	long	 timeout;
	/*
	 * data() only copies the bytes (a few microseconds): call it for
	 * every chunk as it comes.  Otherwise body that arrives once a loop
	 * pass has used its time is kept by fetch (counted against
	 * max_size, fetch_held_bytes()) and given to data() at the start of
	 * the next pass; done() comes after all of it.  fetch never pauses a
	 * transfer.
	 */
	int	 never_pause;
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
/*
 * For a receiver whose data() hands the bytes on to another thread (the
 * parse worker): waiting(arg) says how many of them still wait there.
 * fetch then reads a file:// body only while fewer than 4 MB wait
 * (FETCH_FILE_AHEAD), so a big local file is not in memory both as bytes
 * and as what they are parsed into; it looks again every few ms.  A
 * socket's body is read as it comes.  NULL: read as fast as data() goes.
 */
void	 fetch_set_backlog(struct fetch_job *, size_t (*waiting)(void *),
	    void *arg);
/* Transfers queued or running. */
unsigned fetch_pending(void);
/*
 * Transfers queued and not started: each waits for a free connection to
 * its host (max-host-connections) or for one at all (max-connections).
 */
unsigned fetch_waiting(void);
/*
 * Bytes fetch holds for data() (body that came once a pass had used its
 * time), all transfers: a receiver counts them with what it holds itself.
 */
size_t	 fetch_held_bytes(void);
/*
 * Back-pressure from a receiver that has more than it can store: while
 * any hold is on (calls with 1 minus calls with 0), no transfer's socket
 * is read, so the kernel keeps what arrives and TCP slows the sender;
 * curl still runs every few seconds for its timeouts.  Starting,
 * cancelling and waiting go on.
 */
void	 fetch_hold_reads(int hold);
/* The User-Agent sent (user-agent option, else tidende/VERSION). */
const char *fetch_user_agent(void);
/*
 * The host a URL's connections are counted against (max-host-connections,
 * by name as the URL spells it); "" when there is none (file://, exec:).
 * The caller frees it.
 */
char	*fetch_host_name(const char *url);
/*
 * Whether a file:// URL names a regular file that can be read, found
 * without ever blocking (a FIFO with no writer held open(2) for ever; a
 * device or a FIFO may never end): STATUS_OK, or an error naming the
 * path and what it is in *cause.  Call it before fetch_start().
 */
enum status fetch_file_check(const char *url, char **cause);

#endif
