/*
 * Fetching an article's web page and keeping the article found in it
 * (tidende/extract.h) as its full text in the cache (db-fulltext.h):
 * transfers through tidende/fetch.h on the event loop, never waiting,
 * cancellable, bounded in size (EXTRACT_MAX_PAGE) and time, with a
 * conditional GET when the page was fetched before.  Jobs started for a
 * refresh (full-text=yes) wait in a queue of their own and run at most
 * FULLTEXT_MAX_HOST per host and FULLTEXT_MAX_ALL at once, so they
 * never crowd out the feeds; a job the user asked for starts at once.
 */
#ifndef TIDENDE_FULLTEXT_H
#define TIDENDE_FULLTEXT_H

#include <stdint.h>

#include "tidende/db.h"
#include "tidende/status.h"

#define FULLTEXT_MAX_HOST	2
#define FULLTEXT_MAX_ALL	4
#define FULLTEXT_TIMEOUT	30	/* seconds a page may take */

struct fulltext_result {
	/*
	 * OK: stored (or UNCHANGED: the page was not modified and the
	 * stored text stays); NOT_FOUND: the page has no article (the
	 * summary stays); NETWORK, TIMEOUT, TOO_BIG, ERROR: not fetched;
	 * DB: not stored; CANCELLED.
	 */
	enum status	 status;
	int64_t		 item_id;
	const char	*error;		/* one line when not OK/UNCHANGED */
	const char	*host;		/* the page's host */
	const char	*method;	/* how the article was found, or NULL */
};

typedef void (*fulltext_done_cb)(const struct fulltext_result *, void *arg);

struct fulltext_job;

/*
 * Fetch the page at link for article item_id and store what it holds.
 * background: queued under the full-text limits (refresh), else started
 * at once.  done() runs once (also on cancel); may be NULL.  Returns NULL
 * with *cause when link is no http(s) address.  The db must outlive it.
 */
struct fulltext_job *fulltext_start(struct db *, int64_t item_id,
		    const char *link, int background, fulltext_done_cb done,
		    void *arg, char **cause);
/* Stop it; done() runs with STATUS_CANCELLED before this returns. */
void		 fulltext_cancel(struct fulltext_job *);
/* Cancel every job (done() runs for each). */
void		 fulltext_cancel_all(void);
/* Jobs queued or running. */
unsigned	 fulltext_pending(void);
/* The host part of a URL, for messages (caller frees). */
char		*fulltext_host(const char *url);

#endif
