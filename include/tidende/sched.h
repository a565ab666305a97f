/*
 * When each feed is due: the refresh interval (global or per feed), the
 * feed's own RSS <ttl>, exponential back-off for feeds that keep failing,
 * and the Retry-After a server sent with 429 or 503.  Pure functions of
 * their arguments, so they are easy to test.
 */
#ifndef TIDENDE_SCHED_H
#define TIDENDE_SCHED_H

#include <stdint.h>

/* Back-off after the first failure, and its ceiling (seconds). */
#define SCHED_BACKOFF_MIN	(5 * 60)
#define SCHED_BACKOFF_MAX	(24 * 60 * 60)
/* Longest Retry-After honoured (seconds). */
#define SCHED_RETRY_MAX		(7 * 24 * 60 * 60)

struct sched_input {
	int64_t	 now;		/* UTC seconds */
	int	 ok;		/* the fetch succeeded (200 or 304) */
	int	 fail_count;	/* consecutive failures, this one included */
	long	 retry_after;	/* seconds from a 429/503, -1 none */
	long	 ttl_minutes;	/* the feed's <ttl>, 0 none */
	long	 interval_minutes; /* refresh interval, 0: no automatic refresh */
};

/* When the feed should next be fetched (UTC seconds). */
int64_t	 sched_next_due(const struct sched_input *);
/* Back-off delay in seconds after fail_count consecutive failures. */
int64_t	 sched_backoff(int fail_count);
/*
 * Whether a feed may be fetched now: due_only asks for next_due to have
 * come; a server's Retry-After (recorded as next_due with a 429/503
 * status) is honoured even when not due_only.
 */
int	 sched_may_fetch(int64_t now, int64_t next_due, int http_status,
	    int due_only);

#endif
