/*
 * Unit tests for sched: when feeds are due after success, failure,
 * Retry-After and RSS ttl, and which feeds a refresh may fetch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tidende/sched.h"

static struct sched_input
input(int ok, int fails, long retry, long ttl, long interval)
{
	struct sched_input in;

	memset(&in, 0, sizeof in);
	in.now = 1000000;
	in.ok = ok;
	in.fail_count = fails;
	in.retry_after = retry;
	in.ttl_minutes = ttl;
	in.interval_minutes = interval;
	return in;
}

static void
test_sched_success(void **state)
{
	struct sched_input in = input(1, 0, -1, 0, 30);

	assert_int_equal(sched_next_due(&in), 1000000 + 30 * 60);
	/* a longer ttl than the interval wins */
	in = input(1, 0, -1, 120, 30);
	assert_int_equal(sched_next_due(&in), 1000000 + 120 * 60);
	/* a shorter one does not make us poll faster */
	in = input(1, 0, -1, 5, 30);
	assert_int_equal(sched_next_due(&in), 1000000 + 30 * 60);
}

static void
test_sched_backoff(void **state)
{
	struct sched_input in;
	int64_t prev = 0, d;
	int i;

	assert_int_equal(sched_backoff(0), 0);
	assert_int_equal(sched_backoff(1), SCHED_BACKOFF_MIN);
	assert_int_equal(sched_backoff(2), 2 * SCHED_BACKOFF_MIN);
	for (i = 1; i < 40; i++) {
		d = sched_backoff(i);
		assert_true(d >= prev);
		assert_true(d <= SCHED_BACKOFF_MAX);
		prev = d;
	}
	assert_int_equal(sched_backoff(1000), SCHED_BACKOFF_MAX);
	/* failing feeds come back no sooner than the interval */
	in = input(0, 1, -1, 0, 60);
	assert_int_equal(sched_next_due(&in), 1000000 + 60 * 60);
	in = input(0, 6, -1, 0, 30);
	assert_int_equal(sched_next_due(&in), 1000000 + 32 * SCHED_BACKOFF_MIN);
}

static void
test_sched_retry_after(void **state)
{
	struct sched_input in = input(0, 3, 120, 0, 30);

	assert_int_equal(sched_next_due(&in), 1000000 + 120);
	in = input(0, 1, 100000000, 0, 30);
	assert_int_equal(sched_next_due(&in), 1000000 + SCHED_RETRY_MAX);
}

static void
test_sched_may_fetch(void **state)
{
	/* due */
	assert_true(sched_may_fetch(100, 100, 200, 1));
	assert_true(sched_may_fetch(100, 0, 0, 1));
	/* not due: only a manual refresh fetches */
	assert_false(sched_may_fetch(100, 200, 200, 1));
	assert_true(sched_may_fetch(100, 200, 500, 0));
	/* a server's Retry-After holds even for a manual refresh */
	assert_false(sched_may_fetch(100, 200, 429, 0));
	assert_false(sched_may_fetch(100, 200, 503, 0));
	assert_true(sched_may_fetch(300, 200, 429, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sched_success),
		cmocka_unit_test(test_sched_backoff),
		cmocka_unit_test(test_sched_retry_after),
		cmocka_unit_test(test_sched_may_fetch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
