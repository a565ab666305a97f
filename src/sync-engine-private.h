/*
 * Between the sync engine's two halves: sync.c (configuration, the life
 * of a sync, its requests on the wire, starting and cancelling) and
 * sync-steps.c (what the backend hands in and the steps: push,
 * subscriptions, articles stored in slices, counts, the unread and
 * starred sets, the order of the steps).  Nothing outside the two
 * includes it; backends see only sync-private.h.
 */
#ifndef TIDENDE_SYNC_ENGINE_PRIVATE_H
#define TIDENDE_SYNC_ENGINE_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "sync-private.h"
#include "tidende/buf.h"
#include "tidende/db-sync.h"
#include "tidende/feed.h"
#include "tidende/sync.h"

#define SYNC_PUSH_BATCH		200	/* changes taken from the queue at once */
#define SYNC_PUSH_ROUNDS	1000	/* batches of the queue in one sync */
#define SYNC_MAX_PAGES		20000	/* pages of one paged step (4 million articles) */
#define SYNC_MAX_IDS		1000000	/* ids in an unread or starred set */
#define SYNC_INFLIGHT		4	/* state pages asked for at once (fetch
					   keeps max-host-connections of them
					   on the wire) */
#define SYNC_SLICE_MS		10	/* a store slice's share of a loop pass */

enum sync_step {
	SYNC_STEP_LOGIN,
	SYNC_STEP_PUSH,
	SYNC_STEP_FEEDS,
	SYNC_STEP_ITEMS,
	SYNC_STEP_COUNTS,	/* backend's counts(), when it has one */
	SYNC_STEP_UNREAD,
	SYNC_STEP_STARRED,
	SYNC_STEP_END,
	SYNC_STEP_SUBSCRIBE,	/* sync_subscribe(): after login, then END */
};


struct sync_article {
	char		*server_id;
	char		*feed_id;
	struct item	 item;
	int		 unread;
	int		 starred;
};

/* One request on the wire (state pages have several at once). */
struct sync_req {
	struct sync	*s;
	struct fetch_job *job;
	struct buf	 reply;
	void		(*cb)(struct sync *, const char *, size_t);
	/* sync_request(): the status too, and 4xx replies come here */
	void		(*st_cb)(struct sync *, int, const char *, size_t);
	size_t		 skip;		/* state pages: the page's offset */
	int		 set;		/* state pages: 0 unread, 1 starred */
};

/* The server ids having one field set, as its pages come in. */
struct sync_set {
	char		**ids;
	size_t		 n, cap;
	int		 overflow;	/* more ids than SYNC_MAX_IDS */
	int		 active;	/* its pages are being asked for */
	size_t		 next_skip;	/* the next page to ask for */
	size_t		 target;	/* ask until next_skip reaches it */
};

struct sync_feed_map {
	char		*server_id;
	int64_t		 feed_id;
};

struct sync {
	struct db	*db;
	char		*feed_error;	/* a server feed the cache did not take */
	const struct sync_backend *be;
	void		*bdata;
	sync_done_cb	 done;
	void		*arg;
	struct db_sync_account acct;
	char		*password;
	struct spawn	*spawn;
	struct sync_req	 req[SYNC_INFLIGHT];
	struct sync_req	*cur;		/* whose reply is being read */
	size_t		 inflight;
	int		 finishing;	/* replies of cancelled requests: ignored */

	enum sync_step	 step;
	enum sync_step	 resume;	/* step to redo after a re-login */
	int		 relogin;	/* 1: logging in again, 2: done once */
	int64_t		 start_ms;
	struct sync_result res;
	char		*error;
	char		*notice;

	/* push */
	struct db_sync_change *changes;
	size_t		 nchanges;
	int		 op;		/* next op to send of this batch */
	unsigned	 rounds;
	int64_t		*seqs;		/* of the batch on the wire */
	char		**ids;
	size_t		 nseqs;
	int64_t		*rejected;
	size_t		 nrejected;

	/* subscriptions */
	struct sync_feed_map *fmap;
	size_t		 nfmap;

	/* articles */
	struct sync_article *arts;
	size_t		 narts, arts_cap;
	size_t		 page_n;	/* what this page held */
	char		*cursor;
	size_t		 skip;
	unsigned	 pages;
	/*
	 * Storing: arts[store_pos..narts) wait, stored a slice (about
	 * SYNC_SLICE_MS) per loop pass from a timer while the next page
	 * is on the wire; items_last: the last page is in.
	 */
	size_t		 store_pos;
	size_t		 slice;		/* articles a slice takes */
	unsigned	 store_timer;
	int		 items_wire;	/* a page of articles is on the wire */
	int		 items_last;
	int		 items_all;	/* from no cursor: every article came */

	/* sync_subscribe(): the caller's feeds, the next to send */
	struct sync_sub	*subs;
	size_t		 nsubs, sub;

	/* unread [0] and starred [1] sets */
	struct sync_set	 set[2];
	long long	 count[2];	/* the server's totals; -1: unknown */
	size_t		 req_skip;	/* the page being asked for */
	int		 req_set;
};

/* The sync running, NULL: none (a callback checks it is still its own). */
extern struct sync *sync_current;
/* For the log and messages, indexed by enum sync_step. */
extern const char *const sync_step_names[];

/* sync.c */
void	 sync_set_clear(struct sync_set *);
void	 sync_batch_clear(struct sync *);
/* Cancel every request on the wire but keep (NULL: all); replies ignored. */
void	 sync_reqs_cancel(struct sync *, struct sync_req *keep);
/* End the sync: record it, report it to the done callback, free it. */
void	 sync_finish(struct sync *);
/* A cache write failed: the sync ends (queue kept); cause is freed. */
void	 sync_db_fail(struct sync *, char *cause);

/* sync-steps.c */
/* Start (or go on with) the step s->step. */
void	 sync_run(struct sync *);

#endif
