/*
 * The store's side of sync with an aggregator server (see
 * docs/architecture.md and ../shared/docs/sync-design.md): accounts, the
 * queue of local changes waiting for the server (written in the same
 * transaction as the change), server ids of feeds and articles, and the
 * reconciliation of read and starred state.  It knows nothing of HTTP:
 * the engine (sync.c) and its backends call it.  Server ids are strings
 * (tt-rss numbers, Google Reader's 64-bit ids) as the backend gives them.
 */
#ifndef TIDENDE_DB_SYNC_H
#define TIDENDE_DB_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/feed.h"
#include "tidende/status.h"

struct db;

struct db_sync_account {
	int64_t	 id;
	char	*backend;	/* "ttrss", "greader" */
	char	*url;
	char	*user;
	int64_t	 last_sync;	/* UTC seconds, 0 never */
	char	*last_error;	/* NULL when the last sync succeeded */
	char	*cursor;	/* the backend's resume point, NULL at first */
};

/*
 * The account for (backend, url, user), made when new.
 *
 * The queue needs no switch: every change of read or starred to an
 * article that has a server id (db_items_set_*, db_items_mark_read,
 * db_queue_*, `tidende mark`, any process, any connection) writes a
 * sync_ops row in the same statement, by SQL triggers on items,
 * coalesced per article and field (read then unread before a sync
 * leaves one `unread`, with a new seq).  Only this module's own writes
 * of the server's state (db_sync_store, db_sync_reconcile) queue
 * nothing.  A change keeps the article's server id, so it survives the
 * article being pruned.
 */
enum status	 db_sync_account(struct db *, const char *backend,
		    const char *url, const char *user,
		    struct db_sync_account *out, char **cause);
void		 db_sync_account_free(struct db_sync_account *);
/* The account the config names, without making one; STATUS_NOT_FOUND. */
enum status	 db_sync_account_find(struct db *, const char *backend,
		    const char *url, const char *user,
		    struct db_sync_account *out, char **cause);
/* After a sync step: last_sync (0 keeps), last_error (NULL clears), cursor (NULL keeps). */
enum status	 db_sync_account_update(struct db *, int64_t account,
		    int64_t last_sync, const char *last_error,
		    const char *cursor, char **cause);

/* ----------------------------------------------------------- the queue */

enum db_sync_op {
	DB_SYNC_READ, DB_SYNC_UNREAD, DB_SYNC_STAR, DB_SYNC_UNSTAR
};

struct db_sync_change {
	int64_t	 seq;		/* queue order */
	int64_t	 item_id;	/* the cache's article */
	char	*server_id;	/* the server's article id */
	enum db_sync_op op;
	int	 tries;
};

/* Changes waiting for the server (-1 when the cache cannot say). */
int64_t		 db_sync_pending(struct db *, int64_t account);
/* Up to max of them, oldest first. */
enum status	 db_sync_changes(struct db *, int64_t account, size_t max,
		    struct db_sync_change **out, size_t *n, char **cause);
void		 db_sync_changes_free(struct db_sync_change *, size_t n);
/*
 * The server has these: delete the rows, unless the row was replaced by
 * a newer change meanwhile (its seq moved on), which then stays.
 */
enum status	 db_sync_changes_done(struct db *, const int64_t *seq,
		    size_t n, char **cause);
/*
 * A try failed: tries + 1 and the error kept (cleaned); drop != 0
 * deletes (rejected for good).  A seq no longer there is no error.
 */
enum status	 db_sync_changes_failed(struct db *, const int64_t *seq,
		    size_t n, const char *error, int drop, char **cause);

/* ------------------------------------------------ feeds and articles */

/*
 * A server subscription as a feed row (the feed list, tags and counts
 * work unchanged): made or updated, its title as the display title, its
 * category as its only tag (NULL: none); text is cleaned (utf8_clean)
 * here, entities are the backend's to decode.  *feed_id is the cache's
 * feed, or 0 when a `feed` line of the config names the same URL: that
 * row stays local (fetched by tidende itself) and the subscription's
 * articles are not stored.  Which URLs the config names comes from
 * db_sync_local_feeds(); before it is called, any existing row that is
 * not already the server's counts as local.  A row left by a `feed`
 * line that is gone from the config is taken over by the server.
 *
 * A subscription no longer on the server: db_sync_feeds_keep() with the
 * ids still there deletes the others' rows and articles (feeds the
 * config names stay, as local feeds).
 */
enum status	 db_sync_feed(struct db *, int64_t account,
		    const char *server_id, const char *url, const char *title,
		    const char *category, int64_t *feed_id, char **cause);
enum status	 db_sync_feeds_keep(struct db *, int64_t account,
		    char *const *server_ids, size_t n, char **cause);
/*
 * The URLs of the config's `feed` lines (app_sync_feeds() calls it):
 * remembered for this connection, and a server's row with one of them
 * becomes local (its server_feeds row goes; articles stay).
 */
enum status	 db_sync_local_feeds(struct db *, char *const *urls, size_t n,
		    char **cause);

/*
 * Articles from the server for one feed, stored by the same path as
 * fetched feeds (same change hash, search index, ignore rules;
 * pf->items[i] carries the article as a parser would give it: cleaned
 * text, and an id, its guid in the feed, unique in the feed: the server
 * id will do), each mapped to server_ids[i], with its read and starred
 * state from unread[i] and starred[i] (either array may be NULL: state
 * kept) unless a change of that field is still waiting.  One
 * transaction; *added counts new articles (added may be NULL).
 */
enum status	 db_sync_store(struct db *, int64_t account, int64_t feed_id,
		    const struct parsed_feed *pf, char *const *server_ids,
		    const int *unread, const int *starred, size_t *added,
		    char **cause);

enum db_sync_field { DB_SYNC_FIELD_UNREAD, DB_SYNC_FIELD_STARRED };

/*
 * Reconcile one field with the server's complete set: every mapped
 * article of the account whose server id is in ids[] has the field set,
 * every other one cleared, except articles with a change of that field
 * still waiting (a waiting local change beats the server).  *changed
 * counts the articles that changed.
 */
enum status	 db_sync_reconcile(struct db *, int64_t account,
		    enum db_sync_field, char *const *ids, size_t n,
		    size_t *changed, char **cause);

/* What db_sync_drop_others() took out. */
struct db_sync_dropped {
	size_t	 accounts;
	size_t	 feeds;
	size_t	 articles;
	size_t	 changes;	/* waiting for the old server, never sent */
	char	*what;		/* "USER at URL" of the (last) one dropped */
};

/*
 * The sync account changed (another server or user now logs in): every
 * other account leaves the cache, its subscriptions with their articles
 * (feeds the config names stay, local) and the changes that waited for
 * it, which the new server must not get.  *out says what went (free its
 * what with free()).
 */
enum status	 db_sync_drop_others(struct db *, int64_t keep,
		    struct db_sync_dropped *out, char **cause);

/*
 * Counts for `sync --status`: server feeds and articles of the account
 * (either pointer may be NULL).
 */
enum status	 db_sync_counts(struct db *, int64_t account, int64_t *feeds,
		    int64_t *articles, char **cause);

/*
 * Which of the server ids ids[0..n) the account has an article for:
 * known[i] set to 1 or 0 (a backend asks for only the articles it lacks).
 */
enum status	 db_sync_known(struct db *, int64_t account,
		    char *const *ids, size_t n, unsigned char *known,
		    char **cause);

#endif
