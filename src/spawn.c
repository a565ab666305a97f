/*
 * Child processes from argv words, never a shell: fork and exec with the
 * child in its own process group, stdin fed from a copy of the caller's
 * buffer and stdout/stderr collected through the event loop, with caps, a
 * timeout and cancel.  Children are reaped by waitpid() on their own pid,
 * from spawn_reap() (SIGCHLD) or from a short poll once the pipes closed,
 * so it works whether or not the signal module is running.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tidende/buf.h"
#include "tidende/i18n.h"
#include "tidende/log.h"
#include "tidende/loop.h"
#include "tidende/spawn.h"
#include "tidende/xmalloc.h"

extern char **environ;

#define SPAWN_MAX_OUTPUT	(4 * 1024 * 1024)
#define SPAWN_MAX_ERR		(64 * 1024)
#define SPAWN_READ_SIZE		65536

struct spawn {
	pid_t		 pid;
	int		 in_fd;		/* -1 once closed */
	int		 out_fd;
	int		 err_fd;

	char		*input;
	size_t		 input_len;
	size_t		 input_off;

	struct buf	 out;
	struct buf	 err;
	size_t		 max_output;

	unsigned	 timer;		/* timeout timer, 0 when none */
	unsigned	 poll_timer;	/* waitpid poll once the pipes closed */
	int		 poll_ms;
	int		 detach;	/* SPAWN_DETACH */
	int		 terminal;	/* SPAWN_TERMINAL */
	int		 truncate;	/* SPAWN_OUT_TRUNCATE */

	int		 reaped;
	int		 finishing;	/* done() is running */
	int		 wstatus;
	enum status	 forced;	/* TIMEOUT, TOO_BIG, CANCELLED or OK */

	void		(*done)(const struct spawn_result *, void *);
	void		*arg;

	struct spawn	*next;
};

static struct spawn *spawn_list;

static void	spawn_check(struct spawn *);
static void	spawn_terminal_back(void);

static void
spawn_unlink(struct spawn *sp)
{
	struct spawn **pp;

	for (pp = &spawn_list; *pp != NULL; pp = &(*pp)->next)
		if (*pp == sp) {
			*pp = sp->next;
			return;
		}
}

static void
spawn_close_fd(int *fd)
{
	if (*fd == -1)
		return;
	loop_remove_fd(*fd);
	close(*fd);
	*fd = -1;
}

static void
spawn_close_all(struct spawn *sp)
{
	spawn_close_fd(&sp->in_fd);
	spawn_close_fd(&sp->out_fd);
	spawn_close_fd(&sp->err_fd);
}

/* Try to reap without blocking; 1 when the child is gone. */
static int
spawn_try_wait(struct spawn *sp)
{
	pid_t r;

	if (sp->reaped)
		return 1;
	do
		r = waitpid(sp->pid, &sp->wstatus, WNOHANG);
	while (r == -1 && errno == EINTR);
	if (r == sp->pid || (r == -1 && errno == ECHILD)) {
		if (r == -1)
			sp->wstatus = 0;	/* reaped by someone else */
		sp->reaped = 1;
	}
	return sp->reaped;
}

/* Kill the whole process group and reap the child (it cannot resist). */
static void
spawn_kill(struct spawn *sp, enum status why)
{
	pid_t r;

	if (sp->forced == STATUS_OK)
		sp->forced = why;
	spawn_close_all(sp);
	if (sp->reaped) {
		/* the leader is gone; its group may not be */
		if (!sp->detach)
			kill(-sp->pid, SIGKILL);
		return;
	}
	if (!sp->detach)
		kill(-sp->pid, SIGKILL);
	kill(sp->pid, SIGKILL);
	do
		r = waitpid(sp->pid, &sp->wstatus, 0);
	while (r == -1 && errno == EINTR);
	sp->reaped = 1;
}

static void
spawn_finish(struct spawn *sp)
{
	struct spawn_result r;

	if (sp->timer != 0)
		loop_cancel_timer(sp->timer);
	if (sp->poll_timer != 0)
		loop_cancel_timer(sp->poll_timer);
	spawn_close_all(sp);
	spawn_unlink(sp);
	if (sp->terminal)
		spawn_terminal_back();

	memset(&r, 0, sizeof r);
	if (WIFEXITED(sp->wstatus))
		r.exit_code = WEXITSTATUS(sp->wstatus);
	else if (WIFSIGNALED(sp->wstatus))
		r.exit_code = 128 + WTERMSIG(sp->wstatus);
	if (sp->forced != STATUS_OK)
		r.status = sp->forced;
	else
		r.status = r.exit_code == 0 ? STATUS_OK : STATUS_ERROR;
	buf_adds(&sp->out, "");
	buf_adds(&sp->err, "");
	r.out = sp->out.s;
	r.out_len = sp->out.len;
	r.err = sp->err.s;
	r.err_len = sp->err.len;
	log_debug("spawn: pid %ld done: %s, exit %d, %zu bytes out",
	    (long)sp->pid, status_message(r.status), r.exit_code, r.out_len);
	sp->finishing = 1;

	if (sp->done != NULL)
		sp->done(&r, sp->arg);
	buf_free(&sp->out);
	buf_free(&sp->err);
	free(sp->input);
	free(sp);
}

static void
spawn_poll_cb(void *arg)
{
	struct spawn *sp = arg;

	sp->poll_timer = 0;
	spawn_check(sp);
}

/* Poll waitpid a little later (doubling, up to a limit). */
static void
spawn_poll_later(struct spawn *sp)
{
	int limit = sp->detach ? 1000 : 100;

	if (sp->poll_timer != 0)
		return;
	sp->poll_ms = sp->poll_ms == 0 ? 2 : sp->poll_ms * 2;
	if (sp->poll_ms > limit)
		sp->poll_ms = limit;
	sp->poll_timer = loop_add_timer(sp->poll_ms, spawn_poll_cb, sp);
}

/*
 * Finish when the pipes are closed and the child is reaped; a detached
 * child as soon as it is reaped.
 */
static void
spawn_check(struct spawn *sp)
{
	if (sp->detach || sp->terminal) {
		if (!spawn_try_wait(sp)) {
			spawn_poll_later(sp);
			return;
		}
		spawn_finish(sp);
		return;
	}
	if (sp->out_fd != -1 || sp->err_fd != -1)
		return;
	if (!spawn_try_wait(sp)) {
		/* Closed its output but still running (or not yet reaped). */
		spawn_poll_later(sp);
		return;
	}
	spawn_finish(sp);
}

static void
spawn_write_cb(int fd, short revents, void *arg)
{
	struct spawn *sp = arg;
	ssize_t n;

	while (sp->input_off < sp->input_len) {
		n = write(fd, sp->input + sp->input_off,
		    sp->input_len - sp->input_off);
		if (n > 0) {
			sp->input_off += n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		break;		/* EPIPE: the child does not want the rest */
	}
	spawn_close_fd(&sp->in_fd);
}

static void
spawn_read_cb(int fd, short revents, void *arg)
{
	struct spawn *sp = arg;
	struct buf *b = fd == sp->out_fd ? &sp->out : &sp->err;
	char tmp[SPAWN_READ_SIZE];
	ssize_t n;
	size_t room;

	for (;;) {
		n = read(fd, tmp, sizeof tmp);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0)
			break;
		if (b == &sp->out && sp->truncate) {
			room = sp->max_output - b->len;
			buf_add(b, tmp, (size_t)n < room ? (size_t)n : room);
		} else if (b == &sp->out) {
			if (b->len + n > sp->max_output) {
				spawn_kill(sp, STATUS_TOO_BIG);
				spawn_check(sp);
				return;
			}
			buf_add(b, tmp, n);
		} else {
			room = SPAWN_MAX_ERR - b->len;
			buf_add(b, tmp, (size_t)n < room ? (size_t)n : room);
		}
	}
	if (b == &sp->out)
		spawn_close_fd(&sp->out_fd);
	else
		spawn_close_fd(&sp->err_fd);
	spawn_check(sp);
}

static void
spawn_timeout_cb(void *arg)
{
	struct spawn *sp = arg;

	sp->timer = 0;
	log_debug("spawn: pid %ld timed out", (long)sp->pid);
	spawn_kill(sp, STATUS_TIMEOUT);
	spawn_check(sp);
}

/* Make our process group the terminal's foreground again. */
static void
spawn_terminal_back(void)
{
	sigset_t set, old;

	sigemptyset(&set);
	sigaddset(&set, SIGTTOU);
	sigprocmask(SIG_BLOCK, &set, &old);
	tcsetpgrp(STDOUT_FILENO, getpgrp());
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static int
spawn_pipe(int fds[2])
{
	if (pipe(fds) == -1)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

/* environ with the extra NAME=VALUE words replacing or adding. */
static char **
spawn_make_env(char *const *extra)
{
	size_t n = 0, nextra = 0, i, j, len;
	char **env;
	const char *eq;

	while (environ[n] != NULL)
		n++;
	if (extra != NULL)
		while (extra[nextra] != NULL)
			nextra++;
	env = xreallocarray(NULL, n + nextra + 1, sizeof *env);
	j = 0;
	for (i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < nextra; k++) {
			eq = strchr(extra[k], '=');
			len = eq != NULL ? (size_t)(eq - extra[k]) + 1 :
			    strlen(extra[k]);
			if (strncmp(environ[i], extra[k], len) == 0)
				break;
		}
		if (k == nextra)
			env[j++] = environ[i];
	}
	for (i = 0; i < nextra; i++)
		env[j++] = extra[i];
	env[j] = NULL;
	return env;
}

/*
 * In a child before exec: close every descriptor from lowfd on.  One
 * close_range() call where there is one (it fails only on an older
 * kernel or under a filter that forbids it: then the loop); else one
 * close() a possible descriptor (with the usual limit of 20,000 that
 * took 5 ms, which a refresh waited for when it started its indexer).
 * Not closefrom(): glibc's aborts where it cannot read /proc.
 */
static void
spawn_close_from(int lowfd)
{
	int fd, maxfd;

#ifdef HAVE_CLOSE_RANGE
	if (close_range((unsigned)lowfd, ~0U, 0) == 0)
		return;
#endif
	maxfd = (int)sysconf(_SC_OPEN_MAX);
	if (maxfd < 0 || maxfd > 65536)
		maxfd = 65536;
	for (fd = lowfd; fd < maxfd; fd++)
		close(fd);
}

/* In the child: only async-signal-safe calls, then exec or report errno. */
static void __attribute__((noreturn))
spawn_child(const struct spawn_opts *o, char **env, int in, int out,
    int err, int report)
{
	struct sigaction sa;
	sigset_t set;
	int fd, e;

	setpgid(0, 0);
	if (o->flags & SPAWN_TERMINAL) {
		/* the foreground: from a background group, SIGTTOU blocked */
		sigemptyset(&set);
		sigaddset(&set, SIGTTOU);
		sigprocmask(SIG_BLOCK, &set, NULL);
		tcsetpgrp(STDOUT_FILENO, getpgrp());
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (fd = 1; fd < NSIG; fd++)
		sigaction(fd, &sa, NULL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	if (dup2(in, 0) == -1 || dup2(out, 1) == -1 || dup2(err, 2) == -1)
		goto fail;
	/* Keep only 0, 1, 2 and the report pipe (close-on-exec). */
	if (report < 3 || (report != 3 && dup2(report, 3) == -1))
		goto fail;
	report = 3;
	fcntl(report, F_SETFD, FD_CLOEXEC);
	spawn_close_from(4);

	environ = env;
	execvp(o->argv[0], o->argv);
fail:
	e = errno;
	if (write(report, &e, sizeof e) == -1) {
		/* nothing left to do */
	}
	_exit(127);
}

static void
spawn_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

struct spawn *
spawn_start(const struct spawn_opts *o, char **cause)
{
	struct spawn *sp;
	struct sigaction sa;
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int rep[2] = { -1, -1 }, devnull = -1, e, childerr;
	char **env;
	ssize_t n;
	pid_t pid;

	if (o->argv == NULL || o->argv[0] == NULL || *o->argv[0] == '\0') {
		*cause = xstrdup(_("no command given"));
		return NULL;
	}

	/* A child closing its stdin early must not kill us. */
	if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
		sa.sa_handler = SIG_IGN;
		sigaction(SIGPIPE, &sa, NULL);
	}

	if (o->input == NULL) {
		if ((devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1)
			goto syserr;
	} else if (spawn_pipe(inp) == -1)
		goto syserr;
	if (o->flags & SPAWN_DETACH) {
		/*
		 * Output to /dev/null: what the child starts (a browser) may
		 * write to it long after, and a closed pipe would kill it.
		 */
		if ((outp[1] = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1 ||
		    (errp[1] = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1)
			goto syserr;
	} else if (!(o->flags & SPAWN_TERMINAL) &&
	    (spawn_pipe(outp) == -1 || spawn_pipe(errp) == -1))
		goto syserr;
	if (spawn_pipe(rep) == -1)
		goto syserr;

	env = spawn_make_env(o->env);
	pid = fork();
	if (pid == -1) {
		free(env);
		goto syserr;
	}
	if (pid == 0 && (o->flags & SPAWN_TERMINAL))
		spawn_child(o, env, o->input == NULL ? STDIN_FILENO : inp[0],
		    STDOUT_FILENO, STDERR_FILENO, rep[1]);
	if (pid == 0)
		spawn_child(o, env, o->input == NULL ? devnull : inp[0],
		    outp[1], errp[1], rep[1]);
	free(env);
	setpgid(pid, pid);	/* either side may win the race */
	if (o->flags & SPAWN_TERMINAL)
		tcsetpgrp(STDOUT_FILENO, pid);

	close(rep[1]);
	if (devnull != -1)
		close(devnull);
	if (inp[0] != -1)
		close(inp[0]);
	close(outp[1]);
	close(errp[1]);

	/* Wait for exec to succeed (report closes) or fail (errno). */
	do
		n = read(rep[0], &childerr, sizeof childerr);
	while (n == -1 && errno == EINTR);
	close(rep[0]);
	if (n == (ssize_t)sizeof childerr) {
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		if (inp[1] != -1)
			close(inp[1]);
		if (outp[0] != -1)
			close(outp[0]);
		if (errp[0] != -1)
			close(errp[0]);
		if (o->flags & SPAWN_TERMINAL)
			spawn_terminal_back();
		if (childerr == ENOENT)
			*cause = xasprintf(_("%s: command not found"),
			    o->argv[0]);
		else
			*cause = xasprintf("%s: %s", o->argv[0],
			    strerror(childerr));
		return NULL;
	}

	sp = xcalloc(1, sizeof *sp);
	sp->pid = pid;
	sp->in_fd = inp[1];
	sp->out_fd = outp[0];
	sp->err_fd = errp[0];
	sp->max_output = o->max_output != 0 ? o->max_output :
	    SPAWN_MAX_OUTPUT;
	sp->forced = STATUS_OK;
	sp->detach = (o->flags & SPAWN_DETACH) != 0;
	sp->terminal = (o->flags & SPAWN_TERMINAL) != 0;
	sp->truncate = (o->flags & SPAWN_OUT_TRUNCATE) != 0;
	sp->done = o->done;
	sp->arg = o->arg;
	sp->next = spawn_list;
	spawn_list = sp;
	log_debug("spawn: started %s as pid %ld", o->argv[0], (long)pid);

	if (sp->out_fd != -1) {
		spawn_nonblock(sp->out_fd);
		loop_add_fd(sp->out_fd, POLLIN, spawn_read_cb, sp);
	}
	if (sp->err_fd != -1) {
		spawn_nonblock(sp->err_fd);
		loop_add_fd(sp->err_fd, POLLIN, spawn_read_cb, sp);
	}
	if (sp->detach || sp->terminal)
		spawn_poll_later(sp);	/* reaped even without SIGCHLD */
	if (sp->in_fd != -1) {
		spawn_nonblock(sp->in_fd);
		if (o->input_len > 0) {
			sp->input = xmalloc(o->input_len);
			memcpy(sp->input, o->input, o->input_len);
		}
		sp->input_len = o->input_len;
		loop_add_fd(sp->in_fd, POLLOUT, spawn_write_cb, sp);
	}
	if (o->timeout_ms > 0)
		sp->timer = loop_add_timer(o->timeout_ms, spawn_timeout_cb, sp);
	return sp;

syserr:
	e = errno;
	if (devnull != -1)
		close(devnull);
	for (n = 0; n < 2; n++) {
		if (inp[n] != -1)
			close(inp[n]);
		if (outp[n] != -1)
			close(outp[n]);
		if (errp[n] != -1)
			close(errp[n]);
		if (rep[n] != -1)
			close(rep[n]);
	}
	*cause = xasprintf("%s: %s", o->argv[0], strerror(e));
	return NULL;
}

void
spawn_cancel(struct spawn *sp)
{
	if (sp == NULL || sp->finishing)
		return;		/* cancelling from its own done() */
	log_debug("spawn: pid %ld cancelled", (long)sp->pid);
	spawn_kill(sp, STATUS_CANCELLED);
	spawn_finish(sp);
}

void
spawn_reap(void)
{
	struct spawn *sp;

	/*
	 * A done callback may start or cancel other children, so the scan
	 * starts again after each one; a reaped child is not visited twice.
	 */
again:
	for (sp = spawn_list; sp != NULL; sp = sp->next)
		if (!sp->reaped && spawn_try_wait(sp)) {
			spawn_check(sp);
			goto again;
		}
}

struct spawn_run_state {
	int			 done;
	struct spawn_result	*res;
};

static void
spawn_run_done(const struct spawn_result *r, void *arg)
{
	struct spawn_run_state *st = arg;

	*st->res = *r;
	/* output may hold NUL bytes: copy by length */
	st->res->out = xmalloc(r->out_len + 1);
	memcpy(st->res->out, r->out, r->out_len + 1);
	st->res->err = xmalloc(r->err_len + 1);
	memcpy(st->res->err, r->err, r->err_len + 1);
	st->done = 1;
}

enum status
spawn_run(const struct spawn_opts *o, struct spawn_result *res, char **cause)
{
	struct spawn_opts opts = *o;
	struct spawn_run_state st;

	memset(res, 0, sizeof *res);
	memset(&st, 0, sizeof st);
	st.res = res;
	opts.done = spawn_run_done;
	opts.arg = &st;
	if (spawn_start(&opts, cause) == NULL) {
		res->status = STATUS_ERROR;
		return STATUS_ERROR;
	}
	while (!st.done)
		loop_once(100);
	return res->status;
}

void
spawn_result_free(struct spawn_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
	r->out_len = r->err_len = 0;
}

/*
 * A daemon: fork, a session of its own (setsid: no controlling terminal,
 * so the terminal's hang-up and ^C never reach it), fork again so it is
 * not our child (nothing to reap, and it outlives us), stdio on
 * /dev/null, every other descriptor closed, signals back to default.
 * The intermediate child is reaped here at once; a pipe closed on exec
 * tells whether the exec worked.
 */
int
spawn_daemon(const char *exe, char *const *argv, char **cause)
{
	struct sigaction sa;
	sigset_t set;
	int rep[2], devnull, fd, e = 0, st;
	pid_t pid, pid2;
	ssize_t n;

	if (argv == NULL || argv[0] == NULL) {
		*cause = xstrdup(_("no command given"));
		return -1;
	}
	if (spawn_pipe(rep) == -1) {
		*cause = xasprintf("%s: %s", argv[0], strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		e = errno;
		close(rep[0]);
		close(rep[1]);
		*cause = xasprintf("%s: %s", argv[0], strerror(e));
		return -1;
	}
	if (pid == 0) {
		/* only async-signal-safe calls from here on */
		close(rep[0]);
		if (setsid() == -1 || (pid2 = fork()) == -1) {
			e = errno;
			if (write(rep[1], &e, sizeof e) == -1) {
				/* nothing left to do */
			}
			_exit(1);
		}
		if (pid2 != 0)
			_exit(0);
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_DFL;
		sigemptyset(&sa.sa_mask);
		for (fd = 1; fd < NSIG; fd++)
			sigaction(fd, &sa, NULL);
		sigemptyset(&set);
		sigprocmask(SIG_SETMASK, &set, NULL);
		if ((devnull = open("/dev/null", O_RDWR)) == -1 ||
		    dup2(devnull, 0) == -1 || dup2(devnull, 1) == -1 ||
		    dup2(devnull, 2) == -1)
			goto fail;
		if (rep[1] < 3 || (rep[1] != 3 && dup2(rep[1], 3) == -1))
			goto fail;
		fcntl(3, F_SETFD, FD_CLOEXEC);
		spawn_close_from(4);
		if (exe != NULL)
			execv(exe, argv);
		execvp(argv[0], argv);
fail:
		e = errno;
		if (write(3, &e, sizeof e) == -1) {
			/* nothing left to do */
		}
		_exit(127);
	}
	close(rep[1]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	do
		n = read(rep[0], &e, sizeof e);
	while (n == -1 && errno == EINTR);
	close(rep[0]);
	if (n == (ssize_t)sizeof e) {
		*cause = e == ENOENT ? xasprintf(_("%s: command not found"),
		    argv[0]) : xasprintf("%s: %s", argv[0], strerror(e));
		return -1;
	}
	log_debug("spawn: started %s detached", argv[0]);
	return 0;
}
