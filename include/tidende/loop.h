/*
 * The single event loop: file descriptors (terminal, signal pipe, child
 * pipes), timers, and a waiter that fetch replaces with one built on
 * curl_multi_poll() so one wait covers every transfer too.  Each pass:
 * wait, dispatch ready descriptors, run due timers, then the idle hooks
 * (redraw if dirty).  Nothing here blocks except the wait itself.
 */
#ifndef TIDENDE_LOOP_H
#define TIDENDE_LOOP_H

#include <poll.h>
#include <stdint.h>

typedef void (*loop_fd_cb)(int fd, short revents, void *arg);
typedef void (*loop_timer_cb)(void *arg);
/*
 * Wait for fds[0..nfds) (setting revents) or timeout_ms (-1: forever);
 * may also do its own work (curl transfers).  Returns -1 on error (EINTR
 * is not an error).
 */
typedef int (*loop_wait_fn)(struct pollfd *fds, unsigned nfds,
    int timeout_ms, void *arg);

void	 loop_init(void);
void	 loop_free(void);

void	 loop_add_fd(int fd, short events, loop_fd_cb, void *arg);
void	 loop_set_events(int fd, short events);
void	 loop_remove_fd(int fd);

/* Returns a timer id > 0. */
unsigned loop_add_timer(int64_t ms_from_now, loop_timer_cb, void *arg);
void	 loop_cancel_timer(unsigned id);

/* NULL restores the plain poll(2) waiter. */
void	 loop_set_waiter(loop_wait_fn, void *arg);
/* Longest wait the waiter may take (e.g. curl's own timeout), -1 none. */
void	 loop_set_max_wait(int (*fn)(void *), void *arg);
/* Called at the end of every pass (at most 4 hooks). */
void	 loop_add_idle(void (*fn)(void *), void *arg);

/* Monotonic milliseconds and microseconds (no loop needed). */
int64_t	 loop_now_ms(void);
int64_t	 loop_now_us(void);

/* Run until loop_stop(). */
void	 loop_run(void);
/* One pass with a maximum wait (tests, scripted modes). */
void	 loop_once(int timeout_ms);
void	 loop_stop(void);
int	 loop_stopped(void);

#endif
