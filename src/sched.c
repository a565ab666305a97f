/*
 * When feeds are due: interval and RSS ttl for healthy feeds, doubling
 * back-off for failing ones, and a server's Retry-After taking precedence
 * over both.
 */
#include "tidende/sched.h"

int64_t
sched_backoff(int fail_count)
{
	int64_t d = SCHED_BACKOFF_MIN;

	if (fail_count <= 0)
		return 0;
	while (--fail_count > 0 && d < SCHED_BACKOFF_MAX)
		d *= 2;
	return d > SCHED_BACKOFF_MAX ? SCHED_BACKOFF_MAX : d;
}

int64_t
sched_next_due(const struct sched_input *in)
{
	int64_t interval = (int64_t)in->interval_minutes * 60;
	int64_t ttl = (int64_t)in->ttl_minutes * 60, d, ra;

	if (ttl < 0)
		ttl = 0;
	if (ttl > SCHED_BACKOFF_MAX)
		ttl = SCHED_BACKOFF_MAX;
	if (in->ok)
		d = interval > ttl ? interval : ttl;
	else {
		d = sched_backoff(in->fail_count);
		if (d < interval)
			d = interval;
	}
	if (in->retry_after > 0) {
		ra = in->retry_after > SCHED_RETRY_MAX ? SCHED_RETRY_MAX :
		    in->retry_after;
		/*
		 * The server's word wins over our back-off: it is the time
		 * a manual refresh also waits for (sched_may_fetch).
		 */
		d = ra;
	}
	return in->now + d;
}

int
sched_may_fetch(int64_t now, int64_t next_due, int http_status, int due_only)
{
	if (next_due <= now)
		return 1;
	if (due_only)
		return 0;
	return http_status != 429 && http_status != 503;
}
