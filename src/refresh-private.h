/*
 * Private to the refresh run (src/refresh*.c): the run and its feeds, and
 * what its parts share.  Nothing outside refresh*.c includes this; callers
 * use tidende/refresh.h.
 *   refresh.c        the run: pick the feeds, start them, fetch and parse,
 *                    record and report each feed, finish and notify
 *   refresh-mem.c    the start gate and back-pressure: the bytes and
 *                    articles a run holds in memory
 *   refresh-store.c  the store queue: parsed feeds stored a slice per loop
 *                    pass into the store batch, its commits, and the feeds
 *                    reported once their batch has ended
 */
#ifndef TIDENDE_REFRESH_PRIVATE_H
#define TIDENDE_REFRESH_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/buf.h"
#include "tidende/config.h"
#include "tidende/db-feed.h"
#include "tidende/db-store.h"
#include "tidende/db.h"
#include "tidende/feed.h"
#include "tidende/fetch.h"
#include "tidende/refresh.h"
#include "tidende/status.h"

struct pwork;
struct spawn;

/*
 * Feeds are started a few at a time, not all at once: a few more than
 * curl may run at once (max-connections) fetching or parsing, and none
 * while the store has REFRESH_QUEUE_ITEMS articles waiting.  Parsing
 * outruns storing, so without this a cold refresh held every parsed feed
 * in memory at once.
 */
#define REFRESH_INFLIGHT_MORE	8
#define REFRESH_QUEUE_ITEMS	3000
/*
 * A feed handed to fetch that waits there for a connection to its host
 * (max-host-connections) does not count against the run's in-flight
 * limit: otherwise a busy host's queue held back feeds of idle hosts,
 * and a slow feed started late.  At most REFRESH_WAITING_MAX wait so.
 */
#define REFRESH_WAITING_MAX	1024
/*
 * Every feed the limits allow starts at once, since most of a real
 * refresh is waiting for servers; what a fast network brings is bounded
 * by bytes instead: a run starts no feed while REFRESH_MEM_BYTES (8 MB) of
 * bodies are in memory (received, being parsed or waiting for the
 * store), and stops reading its running transfers
 * (fetch_hold_reads()) while that much belongs to feeds whose transfer
 * has ended, which the parser and the store drain without the network.
 * Feeds start REFRESH_STARTS_PASS a loop pass, so the first replies are
 * counted before the rest of a fast server's start.
 */
#define REFRESH_MEM_BYTES	refresh_mem_budget()
#define REFRESH_STARTS_PASS	64

/*
 * A parsed feed waiting for (or in) the store.  Feeds are stored one at a
 * time, a slice per loop pass, so a huge feed never freezes the screen;
 * what the fetch said is copied, the reply is gone by then.
 */
struct refresh_store {
	struct refresh_feed *rf;
	struct refresh_report rep;
	struct fetch_reply reply;
	int		 have_reply;
	char		*etag;
	char		*last_modified;
	char		*moved_to;
	struct parsed_feed pf;
	struct db_store	*store;
	size_t		 kept;		/* pf.items[kept..) are stored: all
					   of each freed but its guid */
	int		 sliced;	/* some of it written */
	char		*lost;		/* a batch holding some of it was
					   rolled back: why */
	char		*error;		/* rep.error when not stored */
	struct refresh_store *next;
};

struct refresh_feed {
	struct refresh	*r;
	const struct feed_conf *fc;	/* &conf */
	struct feed_conf conf;		/* own copy: the config may be
					   reloaded while the run goes on */
	int64_t		 id;
	struct db_feed	 dbf;
	int		 have_dbf;

	struct fetch_job *job;
	struct spawn	*child;
	struct pwork	*parse;		/* on the parse worker */
	struct refresh_store *parsing;	/* fetched, waiting for the parse */
	char		*parse_error;
	char		*db_error;	/* its row could not be written */
	int		 running;
	int		 skipped;	/* not fetched: Retry-After pending */
	int		 exec;		/* an exec: feed */
	int		 inflight;	/* started, not yet parsed or failed */
	int64_t		 start_us;	/* loop_now_us() when it started */
	int64_t		 took_ms;	/* an exec: feed's command's run */
	int		 fetched;	/* its transfer ended, body whole */
	size_t		 mem;		/* body bytes it holds, counted in
					   r->mem_bytes */
};

struct refresh {
	struct db	*db;
	struct refresh_feed *feeds;
	size_t		 nfeeds;
	size_t		 pending;
	struct refresh_progress progress;
	refresh_feed_cb	 feed_cb;
	refresh_done_cb	 done_cb;
	void		*arg;
	int		 holding;	/* in start, cancel or a callback:
					   do not finish yet */
	int		 finished;
	unsigned	 timer;
	struct refresh_store *stores;	/* FIFO: the head is being stored */
	struct refresh_store *stores_tail;
	unsigned	 store_timer;
	struct buf	 new_titles;	/* feeds with new items, for notify */
	size_t		 new_feeds;
	struct spawn	*notify;
	size_t		*order;		/* indices of feeds, in start order */
	size_t		 next_start;	/* order[0..next_start) were started */
	size_t		 inflight;	/* of them fetching or parsing */
	size_t		 queued_items;	/* articles waiting for the store */
	int		 reads_held;	/* fetch_hold_reads() by this run */
	size_t		 mem_bytes;	/* body bytes of unreported feeds */
	size_t		 done_bytes;	/* of them, of ended transfers */
	size_t		 peak_bytes;	/* most of mem_bytes + fetch's held */
	size_t		 peak_done;
	size_t		 peak_held;
	size_t		 peak_items;
	unsigned	 pass_starts;	/* feeds started this loop pass */
	unsigned	 pump_timer;	/* the next pass starts more */
	int		 pumping;
	int64_t		 started;	/* articles first seen since are new */
	/*
	 * Stored feeds wait in `committing` until their store batch ends
	 * (db_batch_set_hook()), then in `decided`, committed or lost, to
	 * be reported from a timer: a feed is "new articles" only once they
	 * are safe on disk, and an error when a full disk took them.
	 */
	struct refresh_store *committing;
	struct refresh_store *committing_tail;
	struct refresh_store *decided;
	struct refresh_store *decided_tail;
	unsigned	 report_timer;
	unsigned	 index_timer;	/* waiting for the search index */
	int64_t		 busy_us;	/* bytes came or the store ran */
	int		 cancelled;
	struct refresh	*live_next;	/* refresh_live */
};

extern struct refresh *refresh_live;	/* runs not yet freed */

/* refresh.c: the run */
void		 refresh_finish(struct refresh *);
void		 refresh_cache_error(struct refresh *, const char *);
enum status	 refresh_feed_record(struct refresh_feed *,
		    const struct refresh_report *, const struct fetch_reply *,
		    const struct parsed_feed *, char **);
void		 refresh_feed_report(struct refresh_feed *,
		    const struct refresh_report *);
void		 refresh_feed_end(struct refresh_feed *, struct refresh_report *,
		    const struct fetch_reply *, const struct parsed_feed *);

/* refresh-mem.c: the start gate and back-pressure */
size_t		 refresh_mem_budget(void);
void		 refresh_backpressure(struct refresh *, int);
void		 refresh_peaks(struct refresh *);
size_t		 refresh_mem(const struct refresh *);
void		 refresh_queued(struct refresh *);
void		 refresh_release(struct refresh_feed *);
void		 refresh_landed(struct refresh_feed *);

/* refresh-store.c: the store queue and its batches */
void		 refresh_store_open(struct refresh *);
void		 refresh_store_synced(struct refresh *, const char *);
void		 refresh_store_push(struct refresh *, struct refresh_store *);
void		 refresh_commit(struct refresh *);
void		 refresh_store_cancel(struct refresh *);
void		 refresh_store_drop(struct refresh *);
void		 refresh_store_close(struct refresh *);
struct refresh_store *refresh_store_new(struct refresh_feed *,
		    const struct refresh_report *, const struct fetch_reply *);
void		 refresh_store_free(struct refresh_store *);

#endif
