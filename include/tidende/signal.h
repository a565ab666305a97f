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

#endif
