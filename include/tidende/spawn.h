/*
 * Child processes from argv words (never a shell): stdin fed from a
 * buffer, stdout and stderr collected with a cap, a timeout, cancel.
 * Runs inside the event loop; the done callback fires once, after the
 * child was reaped.  The child runs in its own process group (a timeout,
 * cap or cancel kills the whole group) with only fds 0-2 open and
 * SIGPIPE back to default.  The result passed to done() and its strings
 * live until done() returns (copy what you keep); the handle is gone
 * after done(), so drop it there.  Reaping works with spawn_reap() on
 * SIGCHLD, and without it (a short waitpid poll once the pipes close).
 */
#ifndef TIDENDE_SPAWN_H
#define TIDENDE_SPAWN_H

#include <stddef.h>

#include "tidende/status.h"

struct spawn;

struct spawn_result {
	enum status	 status;	/* OK (exit 0), ERROR (non-zero exit or
					   signal), TIMEOUT, TOO_BIG, CANCELLED */
	int		 exit_code;	/* or 128+signal */
	char		*out;		/* stdout, NUL-terminated (not cleaned) */
	size_t		 out_len;
	char		*err;		/* stderr, capped, NUL-terminated */
	size_t		 err_len;
};

/*
 * spawn_opts flags.  SPAWN_DETACH is for launchers (the browser): stdout
 * and stderr go to /dev/null (what the child starts, e.g. the browser
 * xdg-open runs, may write there long after), done() runs as soon as the
 * child itself exits (its exit code is the only report), and a timeout
 * or cancel kills only the child, never its group.
 */
#define SPAWN_DETACH	0x1
/*
 * SPAWN_TERMINAL is for a command that takes the terminal (`exec!`,
 * `pipe!`: less, an editor): its stdout and stderr are ours (the
 * terminal), its stdin the input pipe or, without input, our stdin; its
 * process group is made the terminal's foreground group while it runs
 * (so it reads keys and gets ^C, ^Z), and ours again before done() runs,
 * which is as soon as the child is reaped.  The caller hands the screen
 * over (endwin) and stops reading keys meanwhile.
 */
#define SPAWN_TERMINAL	0x2
/* Stdout past max_output is dropped instead of killing the child. */
#define SPAWN_OUT_TRUNCATE	0x4

struct spawn_opts {
	char *const	*argv;		/* argv[0] looked up in PATH */
	char *const	*env;		/* extra NAME=VALUE words, NULL-terminated, or NULL */
	const char	*input;		/* written to stdin, then closed; NULL: /dev/null */
	size_t		 input_len;
	size_t		 max_output;	/* stdout cap in bytes (0: 4 MB) */
	int		 timeout_ms;	/* 0: none */
	int		 flags;
	void		(*done)(const struct spawn_result *, void *arg);
	void		*arg;
};

/* Start a child; NULL with *cause (e.g. command not found) on failure. */
struct spawn	*spawn_start(const struct spawn_opts *, char **cause);
/* Kill and reap the child; done() runs with STATUS_CANCELLED. */
void		 spawn_cancel(struct spawn *);
/* Call on SIGCHLD (from the loop): reaps finished children. */
void		 spawn_reap(void);
/*
 * Run to completion without an interface (CLI commands, exec: feeds in
 * `refresh`): drives the loop until the child is done.  The result's
 * strings are the caller's to free.
 */
enum status	 spawn_run(const struct spawn_opts *, struct spawn_result *,
		    char **cause);
void		 spawn_result_free(struct spawn_result *);

/*
 * Start a daemon (`tidende index` after a refresh): in a session of its
 * own, so a hang-up or ^C at the terminal does not reach it; not our
 * child (it outlives us, nothing to reap); stdin, stdout and stderr on
 * /dev/null.  exe is the program (execv), or NULL (or failing) for
 * argv[0] looked up in PATH.  0 once it runs, or -1 with *cause when it
 * could not be started.  Needs no event loop.
 */
int		 spawn_daemon(const char *exe, char *const *argv, char **cause);

#endif
