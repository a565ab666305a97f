/*
 * Unit tests for spawn: argv words without a shell, stdin through the
 * loop, output and error capture, caps, timeout, cancel, exit status,
 * missing commands, environment additions, process-group kill.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <cmocka.h>

#include "tidende/loop.h"
#include "tidende/signal.h"
#include "tidende/spawn.h"

static enum status
run(const char **argv, const char *input, size_t input_len,
    struct spawn_result *r, char **cause)
{
	struct spawn_opts o;

	memset(&o, 0, sizeof o);
	o.argv = (char *const *)argv;
	o.input = input;
	o.input_len = input_len;
	*cause = NULL;
	return spawn_run(&o, r, cause);
}

static void
test_echo(void **state)
{
	const char *argv[] = { "echo", "hello", "world", NULL };
	struct spawn_result r;
	char *cause;

	assert_int_equal(run(argv, NULL, 0, &r, &cause), STATUS_OK);
	assert_null(cause);
	assert_string_equal(r.out, "hello world\n");
	assert_int_equal(r.out_len, 12);
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(r.err, "");
	spawn_result_free(&r);
}

static void
test_no_shell(void **state)
{
	const char *argv[] = { "echo", "$(id)", ";", "rm", "-rf", "x", "`id`",
	    "|", "cat", "&&", "$HOME", NULL };
	struct spawn_result r;
	char *cause;

	assert_int_equal(run(argv, NULL, 0, &r, &cause), STATUS_OK);
	assert_string_equal(r.out, "$(id) ; rm -rf x `id` | cat && $HOME\n");
	spawn_result_free(&r);
}

static void
test_cat_big(void **state)
{
	const char *argv[] = { "cat", NULL };
	struct spawn_result r;
	size_t len = 3 * 1024 * 1024 + 17, i;
	char *in = malloc(len), *cause;

	for (i = 0; i < len; i++)
		in[i] = 'a' + i % 26;
	assert_int_equal(run(argv, in, len, &r, &cause), STATUS_OK);
	assert_int_equal(r.out_len, len);
	assert_memory_equal(r.out, in, len);
	spawn_result_free(&r);
	free(in);
}

static void
test_not_found(void **state)
{
	const char *argv[] = { "tidende-no-such-command-xyz", "a", NULL };
	struct spawn_result r;
	char *cause;

	assert_int_not_equal(run(argv, NULL, 0, &r, &cause), STATUS_OK);
	assert_non_null(cause);
	assert_string_equal(cause,
	    "tidende-no-such-command-xyz: command not found");
	free(cause);
	spawn_result_free(&r);
}

static void
test_not_executable(void **state)
{
	const char *argv[] = { "/dev/null", NULL };
	struct spawn_result r;
	char *cause;

	assert_int_not_equal(run(argv, NULL, 0, &r, &cause), STATUS_OK);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "/dev/null: "));
	assert_non_null(strstr(cause, "ermission"));
	free(cause);
	spawn_result_free(&r);
}

static void
test_exit_status(void **state)
{
	const char *argv[] = { "sh", "-c", "echo oops >&2; echo partial; exit 3",
	    NULL };
	const char *argv2[] = { "sh", "-c", "kill -TERM $$", NULL };
	struct spawn_result r;
	char *cause;

	assert_int_equal(run(argv, NULL, 0, &r, &cause), STATUS_ERROR);
	assert_int_equal(r.exit_code, 3);
	assert_string_equal(r.err, "oops\n");
	assert_string_equal(r.out, "partial\n");
	spawn_result_free(&r);

	assert_int_equal(run(argv2, NULL, 0, &r, &cause), STATUS_ERROR);
	assert_int_equal(r.exit_code, 128 + SIGTERM);
	spawn_result_free(&r);
}

static void
test_timeout(void **state)
{
	const char *argv[] = { "sh", "-c", "sleep 3600 & sleep 3600; echo late", NULL };
	struct spawn_opts o;
	struct spawn_result r;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.argv = (char *const *)argv;
	o.timeout_ms = 200;
	assert_int_equal(spawn_run(&o, &r, &cause), STATUS_TIMEOUT);
	assert_int_equal(r.exit_code, 128 + SIGKILL);
	assert_string_equal(r.out, "");
	spawn_result_free(&r);
}

static void
test_output_cap(void **state)
{
	const char *argv[] = { "sh", "-c", "while :; do echo yyyyyyyyyyyyyyyyyyy; done",
	    NULL };
	struct spawn_opts o;
	struct spawn_result r;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.argv = (char *const *)argv;
	o.max_output = 100000;
	o.timeout_ms = 20000;
	assert_int_equal(spawn_run(&o, &r, &cause), STATUS_TOO_BIG);
	assert_true(r.out_len <= 100000);
	spawn_result_free(&r);
}

/* A child that floods stderr is drained (kept up to 64 KB), not stalled. */
static void
test_stderr_flood(void **state)
{
	const char *argv[] = { "sh", "-c",
	    "head -c 1000000 /dev/zero | tr '\\0' e >&2; echo done", NULL };
	struct spawn_result r;
	char *cause;

	assert_int_equal(run(argv, NULL, 0, &r, &cause), STATUS_OK);
	assert_string_equal(r.out, "done\n");
	assert_int_equal(r.err_len, 64 * 1024);
	assert_int_equal(strlen(r.err), 64 * 1024);
	spawn_result_free(&r);
}

static void
test_env(void **state)
{
	const char *argv[] = { "sh", "-c",
	    "printf '%s|%s|%s' \"$TIDENDE_A\" \"$TIDENDE_B\" \"$HOME\"", NULL };
	const char *env[] = { "TIDENDE_A=one two", "TIDENDE_B=$(id)", "HOME=/nowhere",
	    NULL };
	struct spawn_opts o;
	struct spawn_result r;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.argv = (char *const *)argv;
	o.env = (char *const *)env;
	assert_int_equal(spawn_run(&o, &r, &cause), STATUS_OK);
	assert_string_equal(r.out, "one two|$(id)|/nowhere");
	spawn_result_free(&r);
	/* our own environment is untouched */
	assert_null(getenv("TIDENDE_A"));
}

static void
test_closes_fds(void **state)
{
	const char *argv[] = { "sh", "-c", "ls /proc/self/fd | wc -l", NULL };
	struct spawn_result r;
	char *cause;
	int fd = dup(2);	/* a descriptor without close-on-exec */

	assert_int_equal(run(argv, NULL, 0, &r, &cause), STATUS_OK);
	/* 0, 1, 2 and the one ls opens to list the directory */
	assert_true(atoi(r.out) <= 4);
	spawn_result_free(&r);
	close(fd);
}

static void
test_stdin_closed_early(void **state)
{
	const char *argv[] = { "head", "-c", "5", NULL };
	struct spawn_result r;
	size_t len = 2 * 1024 * 1024;
	char *in = malloc(len), *cause;

	memset(in, 'z', len);
	assert_int_equal(run(argv, in, len, &r, &cause), STATUS_OK);
	assert_string_equal(r.out, "zzzzz");
	spawn_result_free(&r);
	free(in);
}

struct async {
	int			 calls;
	enum status		 status;
	char			 out[64];
};

static void
async_done(const struct spawn_result *r, void *arg)
{
	struct async *a = arg;

	a->calls++;
	a->status = r->status;
	snprintf(a->out, sizeof a->out, "%s", r->out);
}

static void
test_cancel(void **state)
{
	const char *argv[] = { "sh", "-c", "echo started; exec sleep 3600", NULL };
	struct spawn_opts o;
	struct async a;
	struct spawn *sp;
	char *cause = NULL;
	int i;

	memset(&a, 0, sizeof a);
	memset(&o, 0, sizeof o);
	o.argv = (char *const *)argv;
	o.done = async_done;
	o.arg = &a;
	sp = spawn_start(&o, &cause);
	assert_non_null(sp);
	for (i = 0; i < 5; i++)
		loop_once(20);
	assert_int_equal(a.calls, 0);
	spawn_cancel(sp);
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.status, STATUS_CANCELLED);
}

static void
sig_cb(int sig, void *arg)
{
	if (sig == SIGCHLD)
		spawn_reap();
}

/* Several children at once through the loop, with SIGCHLD delivered. */
static void
test_parallel_with_signals(void **state)
{
	const char *a1[] = { "echo", "one", NULL };
	const char *a2[] = { "sh", "-c", "sleep 0.1; echo two", NULL };
	const char *a3[] = { "tr", "a-z", "A-Z", NULL };
	const char **argvs[] = { a1, a2, a3 };
	struct async as[3];
	struct spawn_opts o;
	char *cause = NULL;
	int i, n;

	signal_init(sig_cb, NULL);
	memset(as, 0, sizeof as);
	for (i = 0; i < 3; i++) {
		memset(&o, 0, sizeof o);
		o.argv = (char *const *)argvs[i];
		o.input = "three";
		o.input_len = 5;
		o.done = async_done;
		o.arg = &as[i];
		assert_non_null(spawn_start(&o, &cause));
	}
	for (n = 0; n < 500; n++) {
		if (as[0].calls && as[1].calls && as[2].calls)
			break;
		loop_once(50);
	}
	assert_int_equal(as[0].calls, 1);
	assert_int_equal(as[1].calls, 1);
	assert_int_equal(as[2].calls, 1);
	assert_string_equal(as[0].out, "one\n");
	assert_string_equal(as[1].out, "two\n");
	assert_string_equal(as[2].out, "THREE");
	signal_done();
}

struct chain {
	struct spawn	*self;
	struct spawn	*other;
	int		 calls;
	enum status	 status;
};

static void
chain_done(const struct spawn_result *r, void *arg)
{
	struct chain *c = arg;

	c->calls++;
	c->status = r->status;
	spawn_cancel(c->self);		/* ignored: it is finishing */
	if (c->other != NULL) {
		spawn_cancel(c->other);	/* the other one goes at once */
		c->other = NULL;
	}
}

/* A done callback that cancels its own and another child. */
static void
test_cancel_from_done(void **state)
{
	const char *quick[] = { "true", NULL };
	const char *slow[] = { "sleep", "30", NULL };
	struct chain a, b;
	struct spawn_opts o;
	char *cause = NULL;
	int n;

	signal_init(sig_cb, NULL);
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&o, 0, sizeof o);
	o.argv = (char *const *)slow;
	o.done = chain_done;
	o.arg = &b;
	b.self = spawn_start(&o, &cause);
	assert_non_null(b.self);
	o.argv = (char *const *)quick;
	o.arg = &a;
	a.self = spawn_start(&o, &cause);
	assert_non_null(a.self);
	a.other = b.self;
	for (n = 0; n < 200 && a.calls == 0; n++)
		loop_once(50);
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.status, STATUS_OK);
	assert_int_equal(b.calls, 1);
	assert_int_equal(b.status, STATUS_CANCELLED);
	for (n = 0; n < 5; n++)
		loop_once(10);
	assert_int_equal(a.calls, 1);
	assert_int_equal(b.calls, 1);
	signal_done();
}

/* A launcher: done as soon as it exits, what it started lives on. */
static void
test_detach(void **state)
{
	char pidfile[] = "/tmp/tidende-spawn-XXXXXX";
	char script[256], buf[32];
	const char *argv[] = { "sh", "-c", script, NULL };
	const char *fail[] = { "sh", "-c", "echo no >&2; exit 3", NULL };
	struct spawn_opts o;
	struct spawn_result r;
	char *cause = NULL;
	FILE *f;
	int fd;
	long pid;

	fd = mkstemp(pidfile);
	assert_true(fd != -1);
	close(fd);
	snprintf(script, sizeof script,
	    "sleep 3600 & echo $! > %s; echo chatty; echo chatty >&2; exit 0",
	    pidfile);
	memset(&o, 0, sizeof o);
	o.argv = (char *const *)argv;
	o.flags = SPAWN_DETACH;
	o.timeout_ms = 10000;
	assert_int_equal(spawn_run(&o, &r, &cause), STATUS_OK);
	assert_string_equal(r.out, "");
	spawn_result_free(&r);

	/* the grandchild is still running; stop it */
	f = fopen(pidfile, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	unlink(pidfile);
	pid = atol(buf);
	assert_true(pid > 1);
	assert_int_equal(kill((pid_t)pid, 0), 0);
	kill((pid_t)pid, SIGKILL);

	o.argv = (char *const *)fail;
	assert_int_equal(spawn_run(&o, &r, &cause), STATUS_ERROR);
	assert_int_equal(r.exit_code, 3);
	spawn_result_free(&r);
}

/*
 * A daemon (the detached search indexer): runs in a session of its own,
 * is not our child, has /dev/null for stdio; a missing program is an
 * error at once.
 */
static void
test_daemon(void)
{
	char pidfile[] = "/tmp/tidende-daemon-XXXXXX";
	char script[256], buf[64], path[64], link[64];
	const char *argv[] = { "sh", "-c", script, NULL };
	const char *missing[] = { "tidende-no-such-program", NULL };
	char *cause = NULL;
	FILE *f;
	long pid = 0, sid = -1, ppid = -1;
	ssize_t n;
	int fd, i;

	fd = mkstemp(pidfile);
	assert_true(fd != -1);
	close(fd);
	unlink(pidfile);
	snprintf(script, sizeof script, "echo $$ > %s.tmp && mv %s.tmp %s; "
	    "exec sleep 3600", pidfile, pidfile, pidfile);
	assert_int_equal(spawn_daemon(NULL, (char *const *)argv, &cause), 0);
	for (i = 0; i < 1000 && (f = fopen(pidfile, "r")) == NULL; i++)
		usleep(10000);
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	unlink(pidfile);
	pid = atol(buf);
	assert_true(pid > 1);
	/* /proc/PID/stat: pid (comm) state ppid pgrp session */
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	for (i = 0; i < 1000; i++) {
		/* sh has exec'd sleep once its comm says so */
		f = fopen(path, "r");
		assert_non_null(f);
		assert_int_equal(fscanf(f, "%*d (%63[^)]) %*c %ld %*d %ld",
		    buf, &ppid, &sid), 3);
		fclose(f);
		if (strcmp(buf, "sleep") == 0)
			break;
		usleep(10000);
	}
	snprintf(path, sizeof path, "/proc/%ld/fd/1", pid);
	n = readlink(path, link, sizeof link - 1);
	kill((pid_t)pid, SIGKILL);	/* before a failed check leaves it */
	assert_true(ppid != (long)getpid());
	assert_true(sid != (long)getsid(0));
	assert_true(n > 0);
	link[n] = '\0';
	assert_string_equal(link, "/dev/null");

	assert_int_equal(spawn_daemon(NULL, (char *const *)missing, &cause),
	    -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "not found"));
	free(cause);
}

static void
test_daemon_case(void **state)
{
	(void)state;
	test_daemon();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_no_shell),
		cmocka_unit_test(test_cat_big),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_not_executable),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_stderr_flood),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_closes_fds),
		cmocka_unit_test(test_stdin_closed_early),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_parallel_with_signals),
		cmocka_unit_test(test_cancel_from_done),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_daemon_case),
	};

	/* no loop_init(): spawn_run must work without it (CLI commands) */
	/*
	 * The children here sleep an hour: a timeout or a cancel that
	 * does not stop them hangs, and this watchdog fails the run.
	 */
	alarm(300);	/* the watchdog */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
