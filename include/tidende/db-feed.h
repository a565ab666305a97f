/*
 * The cache's feed rows: one per configured feed with its tags, its
 * display title, its article counters and what the last fetch found.
 */
#ifndef TIDENDE_DB_FEED_H
#define TIDENDE_DB_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "tidende/db.h"
#include "tidende/status.h"

struct db_feed {
	int64_t	 id;
	char	*url;
	char	*title;		/* display title: config's, else the feed's */
	char	*site_link;
	char	*language;
	char	*etag;
	char	*last_modified;
	int64_t	 last_fetch;	/* 0 = never */
	int64_t	 next_due;	/* 0 = now */
	int	 http_status;
	int	 fail_count;	/* consecutive failures, for back-off */
	char	*error;		/* last error, NULL when the last fetch was fine */
	int64_t	 error_time;
	int64_t	 unread;
	int64_t	 total;
	char	*moved_to;	/* permanent redirect target, NULL if none */
	int64_t	 fetch_ms;	/* how long its last fetch took (0: unknown) */
};

void		 db_feed_free(struct db_feed *);
void		 db_feed_list_free(struct db_feed *, size_t);

/*
 * Make sure a feed row exists for url with this config title (may be NULL)
 * and tags (replacing the stored tags); *id gets its id.  Inside a store
 * batch (db_batch_begin()) a row it writes joins the batch: it is
 * committed with it, and lost with it if the batch is rolled back.
 */
enum status	 db_feed_sync(struct db *, const char *url, const char *title,
		    char *const *tags, size_t ntags, int64_t *id, char **cause);
enum status	 db_feed_get(struct db *, int64_t id, struct db_feed *out);
enum status	 db_feed_find(struct db *, const char *url, struct db_feed *out);
/* Every feed with unread/total counts, ordered by title. */
enum status	 db_feed_list(struct db *, struct db_feed **out, size_t *n);

struct db_tag {
	char	*name;
	int64_t	 unread;
	int64_t	 total;
};
enum status	 db_feed_tags_list(struct db *, struct db_tag **out, size_t *n);
void		 db_feed_tags_free(struct db_tag *, size_t);

/* What one fetch attempt found, recorded on the feed. */
struct db_fetch_result {
	int64_t	 fetched_at;
	int	 http_status;		/* 0 when no HTTP reply */
	const char *etag;		/* NULL: keep the stored one */
	const char *last_modified;	/* NULL: keep the stored one */
	const char *error;		/* NULL on success */
	int64_t	 next_due;		/* when to try again (Retry-After, back-off) */
	const char *new_url;		/* permanent redirect target, or NULL */
	int64_t	 fetch_ms;		/* how long it took (0: keep the stored) */
};
enum status	 db_feed_record_fetch(struct db *, int64_t feed_id,
		    const struct db_fetch_result *, char **cause);

#endif
