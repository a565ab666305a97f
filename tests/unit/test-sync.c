/*
 * Unit tests for the sync engine's local parts: the password file (first
 * line, mode 0600 or stricter, never the password in an error), the
 * config checks, the status line, the retry back-off and the exit
 * statuses of cli.md.  The steps against a server are in
 * tests/sync/sync-ttrss-test.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tidende/options.h"
#include "tidende/sync.h"

static char path[256];

static void
write_file(const char *text, mode_t mode)
{
	FILE *f;

	unlink(path);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void
test_password_file(void **state)
{
	char *pw, *cause = NULL;

	write_file("top secret\r\nsecond line\n", 0600);
	assert_non_null(pw = sync_password_file(path, &cause));
	assert_string_equal(pw, "top secret");
	free(pw);

	write_file("only-line", 0400);
	assert_non_null(pw = sync_password_file(path, &cause));
	assert_string_equal(pw, "only-line");
	free(pw);

	write_file("top secret\n", 0644);
	assert_null(sync_password_file(path, &cause));
	assert_non_null(strstr(cause, "0644"));
	assert_non_null(strstr(cause, "0600 or stricter"));
	assert_null(strstr(cause, "secret"));
	free(cause);
	cause = NULL;

	write_file("top secret\n", 0640);
	assert_null(sync_password_file(path, &cause));
	free(cause);
	cause = NULL;

	write_file("\nsecond\n", 0600);
	assert_null(sync_password_file(path, &cause));
	assert_non_null(strstr(cause, "empty"));
	free(cause);
	cause = NULL;

	unlink(path);
	assert_null(sync_password_file(path, &cause));
	assert_non_null(strstr(cause, "No such file"));
	free(cause);
	cause = NULL;

	/* a FIFO with no writer: refused at once, never waited on (the
	 * alarm turns a wait into a failure instead of a hung test) */
	assert_int_equal(mkfifo(path, 0600), 0);
	alarm(10);
	assert_null(sync_password_file(path, &cause));
	alarm(0);
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
	unlink(path);
}

static void
test_config_error(void **state)
{
	char *cause = NULL, *why;

	options_init();
	assert_int_equal(sync_enabled(), 0);
	assert_non_null(why = sync_config_error());
	assert_non_null(strstr(why, "sync is off"));
	free(why);
	assert_int_equal(options_set("sync-backend", "ttrss", &cause),
	    STATUS_OK);
	assert_int_equal(sync_enabled(), 1);
	assert_non_null(why = sync_config_error());
	assert_string_equal(why, "sync-url is not set");
	free(why);
	assert_int_equal(options_set("sync-url", "file:///etc/", &cause),
	    STATUS_OK);
	assert_non_null(why = sync_config_error());
	assert_non_null(strstr(why, "http:// or https://"));
	free(why);
	assert_int_equal(options_set("sync-url", "https://example.org/tt-rss/",
	    &cause), STATUS_OK);
	assert_int_equal(options_set("sync-user", "alice", &cause), STATUS_OK);
	assert_non_null(why = sync_config_error());
	assert_non_null(strstr(why, "sync-password-command or "
	    "sync-password-file"));
	free(why);
	assert_int_equal(options_set("sync-password-command", "pass show x",
	    &cause), STATUS_OK);
	assert_null(sync_config_error());
	assert_int_not_equal(options_set("sync-backend", "newsblur", &cause),
	    STATUS_OK);
	free(cause);
	options_free();
}

static void
test_status_line(void **state)
{
	struct sync_result r;
	char *s;

	memset(&r, 0, sizeof r);
	r.status = SYNC_UNREACHABLE;
	s = sync_status_line(&r, 3);
	assert_string_equal(s, "sync: offline, 3 changes waiting");
	free(s);
	s = sync_status_line(&r, 1);
	assert_string_equal(s, "sync: offline, 1 change waiting");
	free(s);
	r.status = SYNC_REFUSED;
	s = sync_status_line(&r, 0);
	assert_string_equal(s, "sync: refused, 0 changes waiting");
	free(s);
	r.status = SYNC_OK;
	s = sync_status_line(&r, 0);
	assert_string_equal(s, "sync: up to date");
	free(s);
	s = sync_status_line(&r, 2);
	assert_string_equal(s, "sync: 2 changes waiting");
	free(s);
}

static void
test_retry_and_exit(void **state)
{
	assert_int_equal(sync_retry_delay(1), 30);
	assert_int_equal(sync_retry_delay(2), 60);
	assert_int_equal(sync_retry_delay(3), 120);
	assert_int_equal(sync_retry_delay(20), 3600);
	assert_int_equal(sync_retry_delay(1000), 3600);
	assert_int_equal(sync_exit_code(SYNC_OK), 0);
	assert_int_equal(sync_exit_code(SYNC_UNREACHABLE), 69);
	assert_int_equal(sync_exit_code(SYNC_REFUSED), 77);
	assert_int_equal(sync_exit_code(SYNC_ERROR), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_file),
		cmocka_unit_test(test_config_error),
		cmocka_unit_test(test_status_line),
		cmocka_unit_test(test_retry_and_exit),
	};

	snprintf(path, sizeof path, "/tmp/tidende-test-sync.%ld",
	    (long)getpid());
	umask(077);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
