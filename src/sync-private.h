/*
 * Between the sync engine (sync.c) and its backends (sync-ttrss.c): a
 * backend is a table of functions, one per step.  Each starts one request
 * with sync_http() and, in the reply's callback, hands what it found to
 * the engine (sync_add_feed, sync_add_article, sync_add_id) and ends the
 * step with sync_step_done() or sync_step_fail().  The engine knows no
 * request or reply bodies; a backend knows nothing of the cache.
 */
#ifndef TIDENDE_SYNC_PRIVATE_H
#define TIDENDE_SYNC_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/db-sync.h"
#include "tidende/feed.h"
#include "tidende/sync.h"

/* A server subscription, as the backend found it (strings are copied). */
struct sync_feed_info {
	const char	*id;
	const char	*url;
	const char	*title;
	const char	*category;	/* NULL: none */
};

struct sync_backend {
	const char	*name;		/* the sync-backend option's word */
	/* Backend state for one sync (url and user are copied). */
	void		*(*open)(const char *url, const char *user);
	void		 (*close)(void *);
	/* Log in; the password is the backend's only while this runs. */
	void		 (*login)(struct sync *, const char *password);
	/* One absolute write of op on server ids ids[0..n). */
	void		 (*push)(struct sync *, enum db_sync_op,
			    char *const *ids, size_t n);
	/* Every subscription (sync_add_feed each). */
	void		 (*feeds)(struct sync *);
	/*
	 * One page of articles newer than cursor (NULL: all), skipping the
	 * first skip of them (sync_add_article each); sync_step_done()'s
	 * more says whether another page may follow, and
	 * sync_set_cursor() the resume point after all pages.
	 */
	void		 (*items)(struct sync *, const char *cursor,
			    size_t skip);
	/* One page of the server ids having field set (sync_add_id each). */
	void		 (*state)(struct sync *, enum db_sync_field,
			    size_t skip);
	/*
	 * Subscribe to url, into the category titled folder when the server
	 * has one (NULL or none: uncategorized); ends with sync_subscribed().
	 */
	void		 (*subscribe)(struct sync *, const char *url,
			    const char *folder);
	size_t		 page;		/* the most a page holds */
	/*
	 * Optional (NULL: none), after items: one request for how many
	 * articles the server has unread and starred (sync_set_counts),
	 * ending with sync_step_done().  With it the engine skips a set the
	 * server has none of and asks for a set's pages several at once,
	 * so state() must then take skip as a plain offset.
	 */
	void		 (*counts)(struct sync *);
};

extern const struct sync_backend sync_ttrss_backend;
extern const struct sync_backend sync_greader_backend;

/* The backend's state from its open(). */
void	*sync_backend_data(struct sync *);

/*
 * POST body[0..len) as content type to url; cb gets the 2xx reply's body
 * (NUL-terminated, capped at max-size).  A failed transfer or an error
 * status ends the sync (unreachable or error) without calling cb.
 */
void	 sync_http(struct sync *, const char *url, const char *type,
	    const char *body, size_t len,
	    void (*cb)(struct sync *, const char *reply, size_t len));

/* Results of the current step. */
void	 sync_add_feed(struct sync *, const struct sync_feed_info *);
/* The article is moved (item left empty); feed_id is the server's. */
void	 sync_add_article(struct sync *, const char *server_id,
	    const char *feed_id, struct item *, int unread, int starred);
void	 sync_add_id(struct sync *, const char *server_id);
void	 sync_set_cursor(struct sync *, const char *cursor);
/* counts(): the server's unread and starred totals (-1: not known). */
void	 sync_set_counts(struct sync *, long long unread, long long starred);
/* The server id was rejected for good (push): drop its change. */
void	 sync_reject_id(struct sync *, const char *server_id);

/*
 * The subscribe step's outcome (message: FAILED's reason, copied);
 * sync_step_done() follows.
 */
void	 sync_subscribed(struct sync *, enum sync_sub_status,
	    int categorized, const char *message);

/* The step is over; more: another page follows (items, state). */
void	 sync_step_done(struct sync *, int more);
/* The server forgot the session: log in again (once) and redo the step. */
void	 sync_step_relogin(struct sync *);
/* The step failed: the sync ends with status and a one-line message. */
void	 sync_step_fail(struct sync *, enum sync_status, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * A request beyond sync_http()'s POST (Google Reader: GETs, an
 * Authorization header): body NULL is a GET; headers are extra ones
 * ("Name: value", NULL-terminated, or NULL), copied.
 */
struct sync_request_opts {
	const char	*url;
	const char	*type;		/* the body's Content-Type */
	const char	*body;		/* NULL: a GET */
	size_t		 len;
	const char	*const *headers;
};

/*
 * Like sync_http(), but a 4xx reply also comes to cb, with its HTTP
 * status and an empty reply (the backend decides: a new token, a login
 * again, a rejected id); status is the 2xx one otherwise.
 */
void	 sync_request(struct sync *, const struct sync_request_opts *,
	    void (*cb)(struct sync *, int status, const char *reply,
	    size_t len));

/*
 * Which of the server ids ids[0..n) the cache holds for this account:
 * known[i] set to 1 or 0.  Returns -1 (and the sync has ended) when the
 * cache cannot say.
 */
int	 sync_known_ids(struct sync *, char *const *ids, size_t n,
	    unsigned char *known);

/* ------------------------- the Google Reader backend's readers (tests) */

/*
 * An item id in any of its forms (long hex, long decimal, short signed
 * decimal) as its 64-bit number: 0 when it is none, 1, or 2 when the
 * long form's 16 digits read as hex (*id) and as decimal (*alt).
 */
int	 sync_greader_id(const char *, uint64_t *id, uint64_t *alt);
/* The cache's form (16 lower-case hex digits) and the short form. */
void	 sync_greader_id_stored(uint64_t, char out[17]);
void	 sync_greader_id_short(uint64_t, char out[24]);
int	 sync_greader_id_from_stored(const char *, uint64_t *);
/* ClientLogin's Auth= value (checked), or NULL. */
char	*sync_greader_auth(const char *reply, size_t len);
/*
 * stream/items/ids: append the itemRefs' ids to (*ids, *n, *cap), at
 * most max in all (-2 past it), keep the newest timestampUsec in
 * *max_usec (may be NULL) and the continuation in *cont (NULL: last
 * page); -1: not such a reply.
 */
int	 sync_greader_refs(const char *reply, size_t len, uint64_t **ids,
	    size_t *n, size_t *cap, size_t max, int64_t *max_usec,
	    char **cont);
/* One item of stream/items/contents, read and cleaned. */
struct sync_greader_item {
	uint64_t	 id;
	char		*feed;		/* origin.streamId */
	struct item	 item;		/* title, link, author, dates, body */
	int		 skipped;	/* not an item: the rest is empty */
};
/*
 * Each item of a stream/items/contents reply (want[0..n), sorted: the
 * ids asked for, to read an ambiguous long form); -1: not such a reply.
 */
int	 sync_greader_items(const char *reply, size_t len,
	    const uint64_t *want, size_t nwant,
	    void (*each)(void *, struct sync_greader_item *), void *arg);
/* Each subscription of subscription/list; -1: not such a reply. */
int	 sync_greader_subs(const char *reply, size_t len,
	    void (*each)(void *, const struct sync_feed_info *), void *arg);

#endif
