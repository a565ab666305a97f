/*
 * Signals become loop events: handlers only write the signal number into a
 * self-pipe whose read end is one of the loop's descriptors.
 */
#ifndef TIDENDE_SIGNAL_H
#define TIDENDE_SIGNAL_H

/* Catch SIGWINCH, SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT;
 * ignore SIGPIPE.  cb runs in the loop, never in signal context. */
void	signal_init(void (*cb)(int sig, void *arg), void *arg);
void	signal_done(void);
/*
 * For commands: once SIGINT, SIGTERM or SIGHUP came (cb still runs and
 * should stop the work), exit with status 128 + the signal if the
 * program has not ended `seconds` later, or at once when a second one
 * comes, whatever the loop's thread is blocked in (a busy cache, a
 * system call).  0 turns it off; signal_done() does too.
 */
void	signal_exit_after(int seconds);

#endif
