/*
 * Feeds parsed on a worker thread.  The loop hands each transfer's bytes
 * over as they arrive (a copy; cheap) and goes on with the screen, the
 * transfers and the store while one worker thread runs the streaming
 * parser; when a feed's last byte is parsed, its callback runs on the
 * loop.  On two cores parsing and storing overlap, and a feed that
 * arrives whole at once (file://) no longer holds the loop while it is
 * parsed.
 *
 * Ownership: a pwork belongs to the loop's thread except while the worker
 * is on one of its chunks; pwork_free() waits out that chunk (tens of
 * microseconds), so it may be called at any time.  Without a thread (it
 * could not be started) everything runs inline, the callback from a timer.
 */
#ifndef TIDENDE_PWORK_H
#define TIDENDE_PWORK_H

#include <stddef.h>

#include "tidende/feed.h"
#include "tidende/status.h"

struct pwork;
typedef void (*pwork_done_cb)(struct pwork *, void *arg);

/* Start (or share) the worker; pwork_release() after the last use. */
void		 pwork_hold(void);
void		 pwork_release(void);

/* base_url and http_charset as for parse_new(). */
struct pwork	*pwork_new(const char *base_url, const char *http_charset,
		    pwork_done_cb, void *arg);
/*
 * Queue bytes (copied).  -1 when the parse has already failed (not a
 * feed): stop the transfer; pwork_error() says why.
 */
int		 pwork_push(struct pwork *, const char *buf, size_t len);
const char	*pwork_error(struct pwork *);
/* Bytes pushed that the worker has not parsed yet (any thread). */
size_t		 pwork_pending(struct pwork *);
/* The last byte came: the callback runs on the loop once it is parsed. */
void		 pwork_finish(struct pwork *);
/*
 * After the callback: as parse_finish(), with the items collected into
 * out->items (in document order).
 */
enum status	 pwork_result(struct pwork *, struct parsed_feed *out,
		    char **warning, char **cause);
/* Stop (if running) and free; the callback never runs after this. */
void		 pwork_free(struct pwork *);

#endif
