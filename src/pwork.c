/*
 * The parse worker: one thread running the streaming feed parser for the
 * loop (see include/tidende/pwork.h).  The loop queues copied chunks on a
 * pwork and the pwork on the run queue; the worker takes all of a pwork's
 * chunks at once, parses them unlocked, and when it has parsed the last
 * one puts the pwork on the done queue and writes a byte to a pipe the
 * loop watches.  One mutex guards the queues and the flags; the parser
 * and the results belong to whoever holds `busy` (the worker) or, when
 * it is clear, to the loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/parse.h"
#include "tidende/pwork.h"
#include "tidende/xmalloc.h"

struct pchunk {
	struct pchunk	*next;
	size_t		 len;
	char		 data[];
};

struct pwork {
	char		*base_url;
	char		*charset;
	pwork_done_cb	 cb;
	void		*arg;

	/* the worker's while busy, else the loop's */
	struct parser	*parser;
	struct parsed_feed items;	/* collected by the item callback */
	struct parsed_feed channel;	/* from parse_finish() */
	enum status	 status;
	char		*warning;
	char		*cause;
	int		 parse_failed;
	/* bytes pushed and not parsed yet: the loop adds, the worker takes */
	atomic_size_t	 pending;

	/* under W.lock */
	struct pchunk	*head, *tail;
	int		 eof;		/* the loop sent the last byte */
	int		 queued;	/* on the run queue */
	int		 busy;		/* the worker is on it */
	int		 failed;	/* parse failed: stop the transfer */
	char		*fail_cause;
	int		 done;		/* parsed: on the done queue */
	int		 in_doneq;
	int		 dead;		/* being freed: never queue it again */
	struct pwork	*next;		/* run or done queue */

	unsigned	 timer;		/* inline mode: the callback's timer */
};

static struct {
	pthread_mutex_t	 lock;
	pthread_cond_t	 work;		/* the run queue has something */
	pthread_cond_t	 idle;		/* a pwork stopped being busy */
	pthread_t	 thread;
	int		 threaded;
	int		 quit;
	int		 refs;
	int		 pipe[2];
	struct pwork	*runq, *runq_tail;
	struct pwork	*doneq, *doneq_tail;
} W = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.work = PTHREAD_COND_INITIALIZER,
	.idle = PTHREAD_COND_INITIALIZER,
	.pipe = { -1, -1 },
};

/* ------------------------------------------------------------- queues */

static void
q_push(struct pwork **head, struct pwork **tail, struct pwork *pw)
{
	pw->next = NULL;
	if (*tail != NULL)
		(*tail)->next = pw;
	else
		*head = pw;
	*tail = pw;
}

static struct pwork *
q_pop(struct pwork **head, struct pwork **tail)
{
	struct pwork *pw = *head;

	if (pw != NULL) {
		*head = pw->next;
		if (*head == NULL)
			*tail = NULL;
		pw->next = NULL;
	}
	return pw;
}

static void
q_remove(struct pwork **head, struct pwork **tail, struct pwork *pw)
{
	struct pwork *p, *prev = NULL;

	for (p = *head; p != NULL; prev = p, p = p->next) {
		if (p != pw)
			continue;
		if (prev != NULL)
			prev->next = p->next;
		else
			*head = p->next;
		if (*tail == p)
			*tail = prev;
		p->next = NULL;
		return;
	}
}

/* ------------------------------------------------------------ parsing */

static void
pwork_item(struct item *item, const struct parsed_feed *feed, void *arg)
{
	struct pwork *pw = arg;

	(void)feed;
	feed_parsed_add_item(&pw->items, item);
}

/* Parse one chunk (on whichever thread owns pw now). */
static void
pwork_parse(struct pwork *pw, const char *buf, size_t len)
{
	char *cause = NULL;

	if (pw->parse_failed)
		return;
	if (pw->parser == NULL)
		pw->parser = parse_new(pw->base_url, pw->charset, pwork_item,
		    pw);
	if (parse_push(pw->parser, buf, len, &cause) != STATUS_OK) {
		pw->parse_failed = 1;
		pw->status = STATUS_NOT_FEED;
		pw->cause = cause != NULL ? cause : xstrdup(_("not a feed"));
	}
}

/* The last byte: the result (on whichever thread owns pw now). */
static void
pwork_end(struct pwork *pw)
{
	if (pw->parse_failed)
		;
	else if (pw->parser == NULL) {
		pw->status = STATUS_NOT_FEED;
		pw->cause = xstrdup(_("empty reply"));
	} else
		pw->status = parse_finish(pw->parser, &pw->channel,
		    &pw->warning, &pw->cause);
	if (pw->parser != NULL) {
		parse_free(pw->parser);
		pw->parser = NULL;
	}
}

static void *
pwork_main(void *arg)
{
	struct pchunk *c, *next;
	struct pwork *pw;
	int eof;

	(void)arg;
	pthread_mutex_lock(&W.lock);
	while (!W.quit) {
		if ((pw = q_pop(&W.runq, &W.runq_tail)) == NULL) {
			pthread_cond_wait(&W.work, &W.lock);
			continue;
		}
		pw->queued = 0;
		c = pw->head;
		pw->head = pw->tail = NULL;
		eof = pw->eof;
		pw->busy = 1;
		pthread_mutex_unlock(&W.lock);

		for (; c != NULL; c = next) {
			next = c->next;
			pwork_parse(pw, c->data, c->len);
			atomic_fetch_sub(&pw->pending, c->len);
			free(c);
		}
		if (eof)
			pwork_end(pw);

		pthread_mutex_lock(&W.lock);
		pw->busy = 0;
		if (pw->dead)
			;	/* pwork_free() is waiting for it */
		else if (pw->parse_failed && !pw->failed) {
			pw->failed = 1;
			pw->fail_cause = xstrdup(pw->cause);
		}
		if (pw->dead)
			;
		else if (eof) {
			pw->done = 1;
			pw->in_doneq = 1;
			q_push(&W.doneq, &W.doneq_tail, pw);
			if (write(W.pipe[1], "", 1) == -1 && errno != EAGAIN)
				log_warn("parse worker: %s", strerror(errno));
		} else if (pw->head != NULL || pw->eof) {
			pw->queued = 1;
			q_push(&W.runq, &W.runq_tail, pw);
		}
		pthread_cond_broadcast(&W.idle);
	}
	pthread_mutex_unlock(&W.lock);
	return NULL;
}

/* ------------------------------------------------------- the loop side */

static void
pwork_readable(int fd, short revents, void *arg)
{
	struct pwork *pw;
	char drain[256];

	(void)revents;
	(void)arg;
	while (read(fd, drain, sizeof drain) > 0)
		;
	/* one at a time: a callback may free others still queued */
	for (;;) {
		pthread_mutex_lock(&W.lock);
		pw = q_pop(&W.doneq, &W.doneq_tail);
		if (pw != NULL)
			pw->in_doneq = 0;
		pthread_mutex_unlock(&W.lock);
		if (pw == NULL)
			break;
		pw->cb(pw, pw->arg);
	}
}

void
pwork_hold(void)
{
	if (W.refs++ > 0)
		return;
	W.quit = 0;
	W.threaded = 0;
	parse_init();	/* libxml2's globals, before a second thread uses it */
	if (pipe(W.pipe) == -1) {
		log_warn("parse worker: pipe: %s: parsing on the loop",
		    strerror(errno));
		W.pipe[0] = W.pipe[1] = -1;
		return;
	}
	fcntl(W.pipe[0], F_SETFL, fcntl(W.pipe[0], F_GETFL) | O_NONBLOCK);
	fcntl(W.pipe[1], F_SETFL, fcntl(W.pipe[1], F_GETFL) | O_NONBLOCK);
	fcntl(W.pipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(W.pipe[1], F_SETFD, FD_CLOEXEC);
	if (pthread_create(&W.thread, NULL, pwork_main, NULL) != 0) {
		log_warn("parse worker: cannot start a thread: parsing on "
		    "the loop");
		close(W.pipe[0]);
		close(W.pipe[1]);
		W.pipe[0] = W.pipe[1] = -1;
		return;
	}
	W.threaded = 1;
	loop_add_fd(W.pipe[0], POLLIN, pwork_readable, NULL);
}

void
pwork_release(void)
{
	if (W.refs == 0 || --W.refs > 0)
		return;
	if (!W.threaded)
		return;
	pthread_mutex_lock(&W.lock);
	W.quit = 1;
	pthread_cond_broadcast(&W.work);
	pthread_mutex_unlock(&W.lock);
	pthread_join(W.thread, NULL);
	W.threaded = 0;
	loop_remove_fd(W.pipe[0]);
	close(W.pipe[0]);
	close(W.pipe[1]);
	W.pipe[0] = W.pipe[1] = -1;
}

struct pwork *
pwork_new(const char *base_url, const char *http_charset, pwork_done_cb cb,
    void *arg)
{
	struct pwork *pw;

	pw = xcalloc(1, sizeof *pw);
	pw->base_url = xstrdup0(base_url);
	pw->charset = xstrdup0(http_charset);
	pw->cb = cb;
	pw->arg = arg;
	pw->status = STATUS_OK;
	feed_parsed_init(&pw->items);
	feed_parsed_init(&pw->channel);
	return pw;
}

int
pwork_push(struct pwork *pw, const char *buf, size_t len)
{
	struct pchunk *c;

	if (!W.threaded) {
		pwork_parse(pw, buf, len);
		return pw->parse_failed ? -1 : 0;
	}
	pthread_mutex_lock(&W.lock);
	if (pw->failed) {
		pthread_mutex_unlock(&W.lock);
		return -1;
	}
	c = xmalloc(sizeof *c + len);
	c->next = NULL;
	c->len = len;
	memcpy(c->data, buf, len);
	atomic_fetch_add(&pw->pending, len);
	if (pw->tail != NULL)
		pw->tail->next = c;
	else
		pw->head = c;
	pw->tail = c;
	if (!pw->queued && !pw->busy) {
		pw->queued = 1;
		q_push(&W.runq, &W.runq_tail, pw);
		pthread_cond_signal(&W.work);
	}
	pthread_mutex_unlock(&W.lock);
	return 0;
}

size_t
pwork_pending(struct pwork *pw)
{
	return atomic_load(&pw->pending);
}

const char *
pwork_error(struct pwork *pw)
{
	if (!W.threaded)
		return pw->cause;
	return pw->fail_cause;	/* set once, before push starts failing */
}

static void
pwork_inline_done(void *arg)
{
	struct pwork *pw = arg;

	pw->timer = 0;
	pw->cb(pw, pw->arg);
}

void
pwork_finish(struct pwork *pw)
{
	if (!W.threaded) {
		pwork_end(pw);
		pw->done = 1;
		pw->timer = loop_add_timer(0, pwork_inline_done, pw);
		return;
	}
	pthread_mutex_lock(&W.lock);
	pw->eof = 1;
	if (!pw->queued && !pw->busy) {
		pw->queued = 1;
		q_push(&W.runq, &W.runq_tail, pw);
		pthread_cond_signal(&W.work);
	}
	pthread_mutex_unlock(&W.lock);
}

enum status
pwork_result(struct pwork *pw, struct parsed_feed *out, char **warning,
    char **cause)
{
	*warning = pw->warning;
	pw->warning = NULL;
	*cause = NULL;
	if (pw->status != STATUS_OK) {
		*cause = pw->cause;
		pw->cause = NULL;
		feed_parsed_init(out);
		return pw->status;
	}
	*out = pw->channel;
	feed_parsed_init(&pw->channel);
	/* the items went to our callback: hand them over */
	free(out->items);
	out->items = pw->items.items;
	out->nitems = pw->items.nitems;
	out->items_cap = pw->items.items_cap;
	pw->items.items = NULL;
	pw->items.nitems = pw->items.items_cap = 0;
	return STATUS_OK;
}

void
pwork_free(struct pwork *pw)
{
	struct pchunk *c, *next;

	if (pw == NULL)
		return;
	if (pw->timer != 0)
		loop_cancel_timer(pw->timer);
	if (W.threaded) {
		pthread_mutex_lock(&W.lock);
		pw->dead = 1;
		while (pw->busy)
			pthread_cond_wait(&W.idle, &W.lock);
		if (pw->queued)
			q_remove(&W.runq, &W.runq_tail, pw);
		if (pw->in_doneq)
			q_remove(&W.doneq, &W.doneq_tail, pw);
		pthread_mutex_unlock(&W.lock);
	}
	for (c = pw->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	if (pw->parser != NULL)
		parse_free(pw->parser);
	feed_parsed_free(&pw->items);
	feed_parsed_free(&pw->channel);
	free(pw->warning);
	free(pw->cause);
	free(pw->fail_cause);
	free(pw->base_url);
	free(pw->charset);
	free(pw);
}
