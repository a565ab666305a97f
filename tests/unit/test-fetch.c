/*
 * Unit tests for fetch: transfers of file:// URLs driven by the event
 * loop's waiter, the size cap, errors, cancel, and the queue that holds
 * jobs back until the parallel limit allows; bodies held back for the
 * next pass, from a small HTTP server on 127.0.0.1 (unit-httpd.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "tidende/fetch.h"
#include "tidende/loop.h"
#include "tidende/options.h"
#include "unit-httpd.h"

struct result {
	int	 done;
	enum status status;
	char	*error;
	size_t	 bytes;		/* seen by data() */
	size_t	 chunks;
	size_t	 bytes_at_done;	/* what data() had seen when done() came */
	int	 stop_after;	/* data() returns 1 after this many chunks */
	size_t	 max_held;	/* most fetch_held_bytes() seen by data() */
	size_t	 max_ahead;	/* most body read but not yet given to data() */
	size_t	 max_chunk;	/* longest data() chunk */
	size_t	 consumed;	/* of bytes, what backlog() says is parsed */
};

static char path[256];
static char http_url[300];	/* the same bytes over HTTP */

static int
on_data(const struct fetch_reply *r, const char *buf, size_t len, void *arg)
{
	struct result *res = arg;

	res->bytes += len;
	res->chunks++;
	if (r->bytes > res->bytes && r->bytes - res->bytes > res->max_ahead)
		res->max_ahead = r->bytes - res->bytes;
	if (len > res->max_chunk)
		res->max_chunk = len;
	if (fetch_held_bytes() > res->max_held)
		res->max_held = fetch_held_bytes();
	return res->stop_after > 0 && res->chunks >= (size_t)res->stop_after;
}

static void
on_done(const struct fetch_reply *r, void *arg)
{
	struct result *res = arg;

	res->done = 1;
	res->bytes_at_done = res->bytes;
	res->status = r->status;
	res->error = r->error != NULL ? strdup(r->error) : NULL;
}

static void
run_until(struct result *res, int n)
{
	int i, k, all;

	for (i = 0; i < 500; i++) {
		for (all = 1, k = 0; k < n; k++)
			all = all && res[k].done;
		if (all)
			return;
		loop_once(20);
	}
	fail_msg("transfer did not finish");
}

static struct fetch_job *
start(const char *url, size_t max, struct result *res)
{
	struct fetch_job_opts o;

	memset(&o, 0, sizeof o);
	o.url = url;
	o.max_size = max;
	o.data = on_data;
	o.done = on_done;
	o.arg = res;
	return fetch_start(&o);
}

static int
setup(void **state)
{
	FILE *f;
	int i, port;

	options_init();
	loop_init();
	fetch_init();
	snprintf(path, sizeof path, "/tmp/tidende-test-fetch.%ld",
	    (long)getpid());
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	for (i = 0; i < 100000; i++)
		fputs("0123456789", f);
	fclose(f);
	if ((port = unit_httpd_start(path)) < 0)
		return -1;
	snprintf(http_url, sizeof http_url, "http://127.0.0.1:%d/feed.xml",
	    port);
	return 0;
}

static int
teardown(void **state)
{
	unit_httpd_stop();
	unlink(path);
	fetch_done();
	loop_free();
	options_free();
	return 0;
}

static void
test_fetch_file(void **state)
{
	struct result res = { 0 };
	char url[300];

	snprintf(url, sizeof url, "file://%s", path);
	start(url, 0, &res);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_OK);
	assert_null(res.error);
	assert_int_equal(res.bytes, 1000000);
	assert_int_equal(fetch_pending(), 0);
	free(res.error);
}

static void
test_fetch_too_big(void **state)
{
	struct result res = { 0 };
	char url[300];

	snprintf(url, sizeof url, "file://%s", path);
	start(url, 1000, &res);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_TOO_BIG);
	assert_true(res.bytes <= 1000);
	free(res.error);
}

static void
test_fetch_missing(void **state)
{
	struct result res = { 0 };

	start("file:///nonexistent/tidende/feed.xml", 0, &res);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_NETWORK);
	assert_non_null(res.error);
	assert_null(strchr(res.error, '\n'));
	free(res.error);
}

static void
test_fetch_receiver_stops(void **state)
{
	struct result res = { 0 };
	char url[300];

	res.stop_after = 1;
	snprintf(url, sizeof url, "file://%s", path);
	start(url, 0, &res);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_CANCELLED);
	assert_int_equal(res.chunks, 1);
	free(res.error);
}

static void
test_fetch_queue_and_cancel(void **state)
{
	struct result res[6];
	struct fetch_job *jobs[6];
	char url[300], *cause = NULL;
	int i;

	assert_int_equal(options_set("max-connections", "2", &cause),
	    STATUS_OK);
	memset(res, 0, sizeof res);
	snprintf(url, sizeof url, "file://%s", path);
	for (i = 0; i < 6; i++)
		jobs[i] = start(url, 0, &res[i]);
	assert_int_equal(fetch_pending(), 6);
	/* a queued job cancels at once, its done() included */
	fetch_cancel(jobs[5]);
	assert_true(res[5].done);
	assert_int_equal(res[5].status, STATUS_CANCELLED);
	assert_int_equal(fetch_pending(), 5);
	run_until(res, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(res[i].status, STATUS_OK);
		assert_int_equal(res[i].bytes, 1000000);
	}
	for (i = 0; i < 6; i++)
		free(res[i].error);
	options_set("max-connections", "128", &cause);
}

/*
 * Schemes other than http, https and file are refused before any
 * connection: against a port that listens (so "connection refused"
 * cannot pass for a refusal), the reason is the scheme and nothing
 * connected.
 */
static void
test_fetch_protocols(void **state)
{
	static const char *schemes[] = { "ftp", "ftps", "gopher", "dict",
	    "telnet", "tftp", "imap", "pop3", "smtp", "ldap", "rtsp", "scp",
	    "sftp", "smb", "mqtt", "ws" };
	struct sockaddr_in sa;
	socklen_t salen = sizeof sa;
	struct result res;
	char url[128];
	size_t i;
	int lfd, cfd;

	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_true(lfd != -1);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(lfd, 16), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &salen), 0);
	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		snprintf(url, sizeof url, "%s://127.0.0.1:%d/feed.xml",
		    schemes[i], ntohs(sa.sin_port));
		memset(&res, 0, sizeof res);
		start(url, 0, &res);
		run_until(&res, 1);
		assert_int_equal(res.status, STATUS_NETWORK);
		if (res.error == NULL || strstr(res.error, "not supported") ==
		    NULL)
			fail_msg("%s: \"%s\", wanted \"not supported\"", url,
			    res.error != NULL ? res.error : "(none)");
		free(res.error);
		if ((cfd = accept(lfd, NULL, NULL)) != -1)
			fail_msg("%s: connected", url);
	}
	close(lfd);
}

/* http_only (sync's API calls): a file:// URL is refused, never read. */
static void
test_fetch_http_only(void **state)
{
	struct fetch_job_opts o;
	struct result res = { 0 };
	char url[300];

	snprintf(url, sizeof url, "file://%s", path);
	memset(&o, 0, sizeof o);
	o.url = url;
	o.post = "{\"op\":\"login\"}";
	o.post_len = strlen(o.post);
	o.post_type = "application/json";
	o.http_only = 1;
	o.data = on_data;
	o.done = on_done;
	o.arg = &res;
	fetch_start(&o);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_NETWORK);
	assert_int_equal(res.bytes, 0);
	free(res.error);
}

/*
 * A pass budget of 0 (TIDENDE_FETCH_PASS_MS): every chunk from a socket
 * arrives past the budget and is held for a later pass.  All of it still reaches
 * data(), in order, before done(); a receiver that stops while body is
 * held stops the job; the size cap counts held bytes.
 */
static void
test_fetch_held(void **state)
{
	struct result res = { 0 };
	char url[300];

	fetch_done();
	setenv("TIDENDE_FETCH_PASS_MS", "0", 1);
	fetch_init();
	snprintf(url, sizeof url, "%s", http_url);
	start(url, 0, &res);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_OK);
	assert_int_equal(res.bytes, 1000000);
	assert_int_equal(res.bytes_at_done, 1000000);
	/* held back: given over more than one pass, in slices */
	assert_true(res.chunks > 1);
	assert_true(res.max_held > 0);
	free(res.error);

	memset(&res, 0, sizeof res);
	res.stop_after = 2;
	start(url, 0, &res);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_CANCELLED);
	assert_int_equal(res.chunks, 2);
	assert_int_equal(fetch_pending(), 0);
	free(res.error);

	memset(&res, 0, sizeof res);
	start(url, 1000, &res);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_TOO_BIG);
	assert_true(res.bytes <= 1000);
	free(res.error);

	fetch_done();
	unsetenv("TIDENDE_FETCH_PASS_MS");
	fetch_init();
}

/*
 * A receiver whose data() only copies (never_pause) gets each chunk as
 * it comes, even past the pass budget: fetch holds none of it, so its
 * own count of the bytes is all there is.  Without it, the same body
 * is held by fetch (counted by fetch_held_bytes()) and given back.
 */
static void
test_fetch_never_pause(void **state)
{
	struct fetch_job_opts o;
	struct result res = { 0 };
	char url[300];

	fetch_done();
	setenv("TIDENDE_FETCH_PASS_MS", "0", 1);
	fetch_init();
	snprintf(url, sizeof url, "file://%s", path);
	memset(&o, 0, sizeof o);
	o.url = url;
	o.data = on_data;
	o.done = on_done;
	o.arg = &res;
	o.never_pause = 1;
	fetch_start(&o);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_OK);
	assert_int_equal(res.bytes_at_done, 1000000);
	assert_int_equal(res.max_held, 0);
	free(res.error);

	memset(&res, 0, sizeof res);
	start(http_url, 0, &res);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_OK);
	assert_int_equal(res.bytes_at_done, 1000000);
	assert_true(res.max_held > 0);
	assert_int_equal(fetch_held_bytes(), 0);
	free(res.error);

	fetch_done();
	unsetenv("TIDENDE_FETCH_PASS_MS");
	fetch_init();
}

/*
 * A file:// body is read by fetch a slice at a time, as data() takes it,
 * never whole in one pass (curl 7.88 read a file whole in one perform,
 * 54 MB held the loop for 55-80 ms and made a 64 MB held buffer): with a
 * pass budget of 0, nothing is read ahead of data() nor held, no chunk is
 * over 64 KB, and each loop pass gives over at most one.
 */
static void
test_fetch_file_slices(void **state)
{
	struct result res = { 0 };
	char url[300];
	size_t before;
	int passes = 0, i;

	fetch_done();
	setenv("TIDENDE_FETCH_PASS_MS", "0", 1);
	fetch_init();
	snprintf(url, sizeof url, "file://%s", path);
	start(url, 0, &res);
	for (i = 0; i < 1000 && !res.done; i++) {
		before = res.chunks;
		loop_once(20);
		assert_true(res.chunks - before <= 1);
		passes++;
	}
	assert_true(res.done);
	assert_int_equal(res.status, STATUS_OK);
	assert_int_equal(res.bytes_at_done, 1000000);
	assert_int_equal(res.max_ahead, 0);
	assert_int_equal(res.max_held, 0);
	assert_true(res.max_chunk <= 64 * 1024);
	assert_true(passes >= 1000000 / (64 * 1024));
	assert_int_equal(fetch_pending(), 0);
	free(res.error);

	fetch_done();
	unsetenv("TIDENDE_FETCH_PASS_MS");
	fetch_init();
}

/*
 * If-Modified-Since on a file:// URL is its mtime: an older date reads
 * the body, a later one reads nothing and says unchanged.
 */
static void
test_fetch_file_since(void **state)
{
	struct fetch_job_opts o;
	struct result res = { 0 };
	char url[300];

	snprintf(url, sizeof url, "file://%s", path);
	memset(&o, 0, sizeof o);
	o.url = url;
	o.data = on_data;
	o.done = on_done;
	o.arg = &res;
	o.last_modified = "Mon, 01 Jan 2001 00:00:00 GMT";
	fetch_start(&o);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_OK);
	assert_int_equal(res.bytes, 1000000);
	free(res.error);

	memset(&res, 0, sizeof res);
	o.last_modified = "Fri, 01 Jan 2100 00:00:00 GMT";
	fetch_start(&o);
	run_until(&res, 1);
	assert_int_equal(res.status, STATUS_UNCHANGED);
	assert_int_equal(res.bytes, 0);
	assert_int_equal(fetch_pending(), 0);
	free(res.error);
}

/* The test's receiver: what it took and has not "parsed" yet. */
static size_t
backlog(void *arg)
{
	struct result *res = arg;

	return res->bytes - res->consumed;
}

/*
 * A receiver that parses on another thread (fetch_set_backlog()) gets a
 * file:// body no further ahead than 4 MB of what it has not parsed:
 * with nothing parsed, an 8 MB file stops being read at 4 MB (plus one
 * slice) and the job waits; once the receiver catches up it goes on to
 * the end.
 */
static void
test_fetch_file_backlog(void **state)
{
	struct fetch_job *j;
	struct result res = { 0 };
	char url[320], big[300], block[4096];
	FILE *f;
	int i;

	snprintf(big, sizeof big, "%s.big", path);
	assert_non_null(f = fopen(big, "w"));
	memset(block, 'x', sizeof block);
	for (i = 0; i < 2048; i++)
		assert_int_equal(fwrite(block, 1, sizeof block, f),
		    sizeof block);
	assert_int_equal(fclose(f), 0);
	snprintf(url, sizeof url, "file://%s", big);
	j = start(url, 16 << 20, &res);
	fetch_set_backlog(j, backlog, &res);
	for (i = 0; i < 50 && !res.done; i++)
		loop_once(20);
	assert_false(res.done);
	assert_true(res.bytes >= (size_t)4 << 20);
	assert_true(res.bytes < ((size_t)4 << 20) + 64 * 1024);
	/* caught up: it reads on, never 4 MB ahead again */
	for (i = 0; i < 500 && !res.done; i++) {
		res.consumed = res.bytes;
		loop_once(20);
		assert_true(res.bytes - res.consumed < ((size_t)4 << 20) +
		    64 * 1024);
	}
	assert_true(res.done);
	assert_int_equal(res.status, STATUS_OK);
	assert_int_equal(res.bytes, (size_t)8 << 20);
	free(res.error);
	unlink(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fetch_file),
		cmocka_unit_test(test_fetch_too_big),
		cmocka_unit_test(test_fetch_missing),
		cmocka_unit_test(test_fetch_receiver_stops),
		cmocka_unit_test(test_fetch_queue_and_cancel),
		cmocka_unit_test(test_fetch_protocols),
		cmocka_unit_test(test_fetch_http_only),
		cmocka_unit_test(test_fetch_held),
		cmocka_unit_test(test_fetch_never_pause),
		cmocka_unit_test(test_fetch_file_slices),
		cmocka_unit_test(test_fetch_file_since),
		cmocka_unit_test(test_fetch_file_backlog),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
