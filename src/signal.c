/*
 * Self-pipe signal capture turned into loop events.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "tidende/loop.h"
#include "tidende/signal.h"
#include "tidende/xmalloc.h"

static int signal_pipe[2] = { -1, -1 };
static void (*signal_cb)(int, void *);
static void *signal_arg;

static const int signal_list[] = {
	SIGWINCH, SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT
};

/* signal_exit_after(): the grace period, and the signal that started it */
static volatile sig_atomic_t signal_grace;
static volatile sig_atomic_t signal_stopping;

static void
signal_alarm(int sig)
{
	(void)sig;
	_exit(128 + signal_stopping);
}

static void
signal_handler(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;

	if (signal_grace > 0 &&
	    (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)) {
		if (signal_stopping != 0)
			_exit(128 + sig);	/* asked twice */
		signal_stopping = sig;
		alarm((unsigned)signal_grace);
	}

	if (write(signal_pipe[1], &c, 1) == -1) {
		/* pipe full: the loop is already awake */
	}
	errno = saved;
}

static void
signal_read(int fd, short revents, void *arg)
{
	unsigned char sigs[64];
	ssize_t n, i;

	while ((n = read(fd, sigs, sizeof sigs)) > 0)
		for (i = 0; i < n; i++)
			signal_cb(sigs[i], signal_arg);
}

void
signal_init(void (*cb)(int, void *), void *arg)
{
	struct sigaction sa;
	unsigned i;

	if (pipe(signal_pipe) == -1)
		fatal("pipe");
	for (i = 0; i < 2; i++) {
		fcntl(signal_pipe[i], F_SETFL, O_NONBLOCK |
		    fcntl(signal_pipe[i], F_GETFL));
		fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	signal_cb = cb;
	signal_arg = arg;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = signal_handler;
	for (i = 0; i < sizeof signal_list / sizeof signal_list[0]; i++)
		sigaction(signal_list[i], &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	loop_add_fd(signal_pipe[0], POLLIN, signal_read, NULL);
}

void
signal_exit_after(int seconds)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = seconds > 0 ? signal_alarm : SIG_DFL;
	if (seconds <= 0)
		alarm(0);
	sigaction(SIGALRM, &sa, NULL);
	signal_stopping = 0;
	signal_grace = seconds > 0 ? seconds : 0;
}

void
signal_done(void)
{
	struct sigaction sa;
	unsigned i;

	if (signal_pipe[0] == -1)
		return;
	if (signal_grace > 0)
		signal_exit_after(0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (i = 0; i < sizeof signal_list / sizeof signal_list[0]; i++)
		sigaction(signal_list[i], &sa, NULL);
	loop_remove_fd(signal_pipe[0]);
	close(signal_pipe[0]);
	close(signal_pipe[1]);
	signal_pipe[0] = signal_pipe[1] = -1;
}
