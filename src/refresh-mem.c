/*
 * A refresh run's start gate and back-pressure: the bytes of bodies and
 * the parsed articles a run holds, the most it held (for the debug log),
 * and fetch_hold_reads() while too much waits for the parser and the
 * store.  refresh_pump() (refresh.c) starts feeds only below these limits.
 */
#include <stdlib.h>

#include "tidende/fetch.h"
#include "tidende/log.h"

#include "refresh-private.h"

/*
 * 8 MB, or TIDENDE_REFRESH_MEM_KB (a test hook: 1 holds reads as soon as
 * any fetched feed waits for its parse or its store).
 */
size_t
refresh_mem_budget(void)
{
	static size_t budget;
	const char *s;

	if (budget == 0) {
		budget = (size_t)8 << 20;
		if ((s = getenv("TIDENDE_REFRESH_MEM_KB")) != NULL &&
		    *s >= '1' && *s <= '9')
			budget = (size_t)strtoul(s, NULL, 10) << 10;
	}
	return budget;
}

/*
 * Articles waiting for the store changed: with REFRESH_QUEUE_ITEMS of
 * them, transfers already running stop being read too (the kernel keeps
 * their bytes), so a fast network cannot pile parsed feeds up in memory
 * when every feed started at once.
 */
void
refresh_backpressure(struct refresh *r, int on)
{
	if (on == r->reads_held)
		return;
	r->reads_held = on;
	fetch_hold_reads(on);
	log_debug("refresh: %s reads, %zu articles wait for the store",
	    on ? "hold" : "resume", r->queued_items);
}

/* The most this run held at once, for the debug log (and its tests). */
void
refresh_peaks(struct refresh *r)
{
	size_t held = fetch_held_bytes();

	if (r->mem_bytes + held > r->peak_bytes)
		r->peak_bytes = r->mem_bytes + held;
	if (r->done_bytes > r->peak_done)
		r->peak_done = r->done_bytes;
	if (held > r->peak_held)
		r->peak_held = held;
	if (r->queued_items > r->peak_items)
		r->peak_items = r->queued_items;
}

/* Body bytes in memory: received (refresh's own count) or held by fetch. */
size_t
refresh_mem(const struct refresh *r)
{
	return r->mem_bytes + fetch_held_bytes();
}

void
refresh_queued(struct refresh *r)
{
	refresh_peaks(r);
	refresh_backpressure(r, r->queued_items >= REFRESH_QUEUE_ITEMS ||
	    r->done_bytes >= REFRESH_MEM_BYTES);
}

/* A feed's body left memory (reported, stored or not). */
void
refresh_release(struct refresh_feed *rf)
{
	struct refresh *r = rf->r;

	r->mem_bytes -= rf->mem;
	if (rf->fetched)
		r->done_bytes -= rf->mem;
	rf->mem = 0;
	rf->fetched = 0;
	refresh_queued(r);
}

/* A started feed is out of the fetch stage (queued or failed). */
void
refresh_landed(struct refresh_feed *rf)
{
	if (rf->inflight) {
		rf->inflight = 0;
		rf->r->inflight--;
	}
}
