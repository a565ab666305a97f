/*
 * The event loop: one wait over every descriptor, timers in a small
 * unsorted array (there are only ever a handful), idle hooks for drawing.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tidende/loop.h"
#include "tidende/xmalloc.h"

struct loop_fd {
	int		 fd;
	short		 events;
	loop_fd_cb	 cb;
	void		*arg;
};

struct loop_timer {
	unsigned	 id;
	int64_t		 when;
	loop_timer_cb	 cb;
	void		*arg;
};

#define LOOP_MAX_IDLE 4

static struct {
	struct loop_fd	*fds;
	unsigned	 nfds;
	unsigned	 fds_cap;
	struct loop_timer *timers;
	unsigned	 ntimers;
	unsigned	 timers_cap;
	unsigned	 next_timer_id;
	loop_wait_fn	 waiter;
	void		*waiter_arg;
	int		(*max_wait)(void *);
	void		*max_wait_arg;
	void		(*idle[LOOP_MAX_IDLE])(void *);
	void		*idle_arg[LOOP_MAX_IDLE];
	unsigned	 nidle;
	int		 stop;
	struct pollfd	*pfds;
	unsigned	 pfds_cap;
} loop;

int64_t
loop_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
loop_now_ms(void)
{
	return loop_now_us() / 1000;
}

static int
loop_poll_waiter(struct pollfd *fds, unsigned nfds, int timeout, void *arg)
{
	int n = poll(fds, nfds, timeout);

	return n < 0 && errno == EINTR ? 0 : n;
}

void
loop_init(void)
{
	loop_free();
	loop.waiter = loop_poll_waiter;
	loop.next_timer_id = 1;
}

void
loop_free(void)
{
	free(loop.fds);
	free(loop.timers);
	free(loop.pfds);
	memset(&loop, 0, sizeof loop);
	loop.waiter = loop_poll_waiter;
	loop.next_timer_id = 1;
}

void
loop_add_fd(int fd, short events, loop_fd_cb cb, void *arg)
{
	unsigned i;

	for (i = 0; i < loop.nfds; i++)
		if (loop.fds[i].fd == fd) {
			loop.fds[i].events = events;
			loop.fds[i].cb = cb;
			loop.fds[i].arg = arg;
			return;
		}
	if (loop.nfds == loop.fds_cap) {
		loop.fds_cap = loop.fds_cap ? loop.fds_cap * 2 : 8;
		loop.fds = xreallocarray(loop.fds, loop.fds_cap,
		    sizeof *loop.fds);
	}
	loop.fds[loop.nfds++] = (struct loop_fd){ fd, events, cb, arg };
}

void
loop_set_events(int fd, short events)
{
	unsigned i;

	for (i = 0; i < loop.nfds; i++)
		if (loop.fds[i].fd == fd)
			loop.fds[i].events = events;
}

void
loop_remove_fd(int fd)
{
	unsigned i;

	for (i = 0; i < loop.nfds; i++)
		if (loop.fds[i].fd == fd) {
			loop.fds[i] = loop.fds[--loop.nfds];
			return;
		}
}

unsigned
loop_add_timer(int64_t ms, loop_timer_cb cb, void *arg)
{
	struct loop_timer *t;

	if (loop.ntimers == loop.timers_cap) {
		loop.timers_cap = loop.timers_cap ? loop.timers_cap * 2 : 8;
		loop.timers = xreallocarray(loop.timers, loop.timers_cap,
		    sizeof *loop.timers);
	}
	t = &loop.timers[loop.ntimers++];
	if (loop.next_timer_id == 0)	/* used before loop_init() */
		loop.next_timer_id = 1;
	t->id = loop.next_timer_id++;
	if (loop.next_timer_id == 0)
		loop.next_timer_id = 1;
	t->when = loop_now_ms() + (ms < 0 ? 0 : ms);
	t->cb = cb;
	t->arg = arg;
	return t->id;
}

void
loop_cancel_timer(unsigned id)
{
	unsigned i;

	for (i = 0; i < loop.ntimers; i++)
		if (loop.timers[i].id == id) {
			loop.timers[i] = loop.timers[--loop.ntimers];
			return;
		}
}

void
loop_set_waiter(loop_wait_fn fn, void *arg)
{
	loop.waiter = fn != NULL ? fn : loop_poll_waiter;
	loop.waiter_arg = arg;
}

void
loop_set_max_wait(int (*fn)(void *), void *arg)
{
	loop.max_wait = fn;
	loop.max_wait_arg = arg;
}

void
loop_add_idle(void (*fn)(void *), void *arg)
{
	if (loop.nidle == LOOP_MAX_IDLE)
		fatalx("too many idle hooks");
	loop.idle[loop.nidle] = fn;
	loop.idle_arg[loop.nidle++] = arg;
}

static int
loop_timeout(int timeout)
{
	int64_t now = loop_now_ms(), d;
	unsigned i;
	int m;

	for (i = 0; i < loop.ntimers; i++) {
		d = loop.timers[i].when - now;
		if (d < 0)
			d = 0;
		if (timeout < 0 || d < timeout)
			timeout = d > 1000000 ? 1000000 : (int)d;
	}
	if (loop.max_wait != NULL) {
		m = loop.max_wait(loop.max_wait_arg);
		if (m >= 0 && (timeout < 0 || m < timeout))
			timeout = m;
	}
	return timeout;
}

static void
loop_run_timers(void)
{
	int64_t now = loop_now_ms();
	struct loop_timer t;
	unsigned i;

	/* A callback may add or cancel timers: restart the scan each time. */
	for (i = 0; i < loop.ntimers; ) {
		if (loop.timers[i].when > now) {
			i++;
			continue;
		}
		t = loop.timers[i];
		loop.timers[i] = loop.timers[--loop.ntimers];
		t.cb(t.arg);
		i = 0;
	}
}

void
loop_once(int timeout)
{
	unsigned i, n;
	int fd;

	if (loop.waiter == NULL)	/* used before loop_init() */
		loop.waiter = loop_poll_waiter;
	n = loop.nfds;
	if (n > loop.pfds_cap) {
		loop.pfds_cap = n * 2;
		loop.pfds = xreallocarray(loop.pfds, loop.pfds_cap,
		    sizeof *loop.pfds);
	}
	for (i = 0; i < n; i++) {
		loop.pfds[i].fd = loop.fds[i].fd;
		loop.pfds[i].events = loop.fds[i].events;
		loop.pfds[i].revents = 0;
	}
	loop.waiter(loop.pfds, n, loop_timeout(timeout), loop.waiter_arg);
	for (i = 0; i < n && !loop.stop; i++) {
		unsigned j;

		if (loop.pfds[i].revents == 0)
			continue;
		/* the callback may have removed or moved entries */
		fd = loop.pfds[i].fd;
		for (j = 0; j < loop.nfds; j++)
			if (loop.fds[j].fd == fd) {
				loop.fds[j].cb(fd, loop.pfds[i].revents,
				    loop.fds[j].arg);
				break;
			}
	}
	loop_run_timers();
	for (i = 0; i < loop.nidle; i++)
		loop.idle[i](loop.idle_arg[i]);
}

void
loop_run(void)
{
	loop.stop = 0;
	while (!loop.stop)
		loop_once(-1);
}

void
loop_stop(void)
{
	loop.stop = 1;
}

int
loop_stopped(void)
{
	return loop.stop;
}
