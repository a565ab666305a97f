/*
 * Unit tests for date_parse(): a table of dates as feeds write them (RFC
 * 822 and its variants, asctime, RFC 3339/ISO 8601, W3C-DTF partial
 * dates) and of strings that must give no date at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <time.h>
#include <cmocka.h>

#include "tidende/date.h"
#include "tidende/feed.h"

struct date_case {
	const char	*in;
	const char	*want;	/* RFC 3339 UTC, or NULL: no date */
};

static const struct date_case rfc822[] = {
	{ "Mon, 02 Mar 2015 10:00:00 +0000", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 10:00:00 GMT", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 10:00:00 UT", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 10:00:00 UTC", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 10:00:00 Z", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 11:00:00 +0100", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 05:00:00 -0500", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 15:30:00 +0530", "2015-03-02T10:00:00Z" },
	/* offsets with minutes: India, Newfoundland, Nepal */
	{ "Mon, 02 Mar 2015 15:30:00 +05:30", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 06:30:00 -0330", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 06:30:00 -03:30", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 15:45:00 +0545", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 15:45:00 GMT+0545", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 11:00:00 +01:00", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 05:00:00 EST", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 06:00:00 EDT", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 04:00:00 CST", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 05:00:00 CDT", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 03:00:00 MST", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 04:00:00 MDT", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 02:00:00 PST", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 03:00:00 PDT", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 11:00:00 CET", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 12:00:00 CEST", "2015-03-02T10:00:00Z" },
	/* military zones: A is -1 hour, N +1, M -12, Y +12 (as RFC 822) */
	{ "Mon, 02 Mar 2015 09:00:00 A", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 11:00:00 N", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 22:00:00 Y", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 22:00:00 M", "2015-03-03T10:00:00Z" },
	/* no weekday, wrong weekday, full names, no comma */
	{ "02 Mar 2015 10:00:00 +0000", "2015-03-02T10:00:00Z" },
	{ "Fri, 02 Mar 2015 10:00:00 +0000", "2015-03-02T10:00:00Z" },
	{ "Monday, 02 March 2015 10:00:00 GMT", "2015-03-02T10:00:00Z" },
	{ "Mon 02 Mar 2015 10:00:00 GMT", "2015-03-02T10:00:00Z" },
	{ "Mon, 2 Mar 2015 10:00:00 GMT", "2015-03-02T10:00:00Z" },
	{ "  Mon, 02 Mar 2015 10:00:00 GMT  ", "2015-03-02T10:00:00Z" },
	/* no seconds, no time, no zone */
	{ "Mon, 02 Mar 2015 10:00 GMT", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 10:00:00", "2015-03-02T10:00:00Z" },
	{ "02 Mar 2015", "2015-03-02T00:00:00Z" },
	/* two- and three-digit years */
	{ "Mon, 02 Mar 15 10:00:00 GMT", "2015-03-02T10:00:00Z" },
	{ "Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z" },
	{ "Sun, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z" },
	{ "Sun, 31 Dec 103 23:59:59 GMT", "2003-12-31T23:59:59Z" },
	/* month first, asctime, dashes, zone with GMT prefix, comment */
	{ "Mar 02, 2015 10:00:00 GMT", "2015-03-02T10:00:00Z" },
	{ "Mon Mar  2 10:00:00 2015", "2015-03-02T10:00:00Z" },
	{ "Mon Mar  2 11:00:00 CET 2015", "2015-03-02T10:00:00Z" },
	{ "02-Mar-2015 10:00:00 GMT", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 11:00:00 GMT+0100", "2015-03-02T10:00:00Z" },
	{ "Mon, 02 Mar 2015 10:00:00 +0000 (UTC)", "2015-03-02T10:00:00Z" },
	{ "mon, 02 mar 2015 10:00:00 gmt", "2015-03-02T10:00:00Z" },
	{ "Sat, 29 Feb 2020 12:00:00 GMT", "2020-02-29T12:00:00Z" },
	{ "Wed, 31 Dec 2014 23:30:00 -0100", "2015-01-01T00:30:00Z" },
};

static const struct date_case iso[] = {
	{ "2015-03-02T10:00:00Z", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T10:00:00z", "2015-03-02T10:00:00Z" },
	{ "2015-03-02t10:00:00Z", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T11:00:00+01:00", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T05:00:00-05:00", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T11:00:00+0100", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T11:00:00+01", "2015-03-02T10:00:00Z" },
	/* offsets with minutes: India, Newfoundland, Nepal */
	{ "2015-03-02T15:30:00+05:30", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T06:30:00-03:30", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T15:45:00+05:45", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T15:45:00+0545", "2015-03-02T10:00:00Z" },
	{ "20150302T061500-0345", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T10:00:00-00:30", "2015-03-02T10:30:00Z" },
	{ "2015-03-02T10:00:00.123Z", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T10:00:00.123456+00:00", "2015-03-02T10:00:00Z" },
	{ "2015-03-02 10:00:00Z", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T10:00Z", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T10Z", "2015-03-02T10:00:00Z" },
	{ "2015-03-02T10:00:00", "2015-03-02T10:00:00Z" },
	{ "20150302T100000Z", "2015-03-02T10:00:00Z" },
	{ "20150302", "2015-03-02T00:00:00Z" },
	{ "2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z" },
	{ "2015-03-02T00:30:00+02:00", "2015-03-01T22:30:00Z" },
	{ "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z" },
	{ "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z" },
	{ "2038-01-19T03:14:08Z", "2038-01-19T03:14:08Z" },
	{ "2015-06-30T23:59:60Z", "2015-06-30T23:59:59Z" },
	/* W3C-DTF partial dates */
	{ "2015-02-25", "2015-02-25T00:00:00Z" },
	{ "2015-02", "2015-02-01T00:00:00Z" },
	{ "2015", "2015-01-01T00:00:00Z" },
};

/* Norwegian feeds that write dates with Norwegian names */
static const struct date_case norwegian[] = {
	{ "tir, 02 des 2025 10:00:00 +0100", "2025-12-02T09:00:00Z" },
	{ "Tir, 02 Des 2025 10:00:00 +0100", "2025-12-02T09:00:00Z" },
	{ "to., 03 des. 2026 07:14:33 GMT", "2026-12-03T07:14:33Z" },
	{ "man, 05 mai 2025 08:00:00 +0200", "2025-05-05T06:00:00Z" },
	{ "fre, 17 okt 2025 12:00:00 GMT", "2025-10-17T12:00:00Z" },
	{ "l\xc3\xb8r, 01 mar 2025 12:00:00 GMT", "2025-03-01T12:00:00Z" },
	{ "s\xc3\xb8ndag, 02 mars 2025 12:00:00 GMT", "2025-03-02T12:00:00Z" },
	{ "2. desember 2025", "2025-12-02T00:00:00Z" },
	{ "17. mai 2025", "2025-05-17T00:00:00Z" },
	{ "1. januar 2026", "2026-01-01T00:00:00Z" },
	{ "tirsdag 2. desember 2025", "2025-12-02T00:00:00Z" },
	{ "2. desember 2025 10:00 +0100", "2025-12-02T09:00:00Z" },
	{ "31. oktober 2025", "2025-10-31T00:00:00Z" },
	/* still no date */
	{ "2. foo 2025", NULL },
	{ "32. desember 2025", NULL },
	{ "02.12.2025", NULL },
};

/*
 * Swedish, Danish, German and French feeds (and Norwegian in the forms
 * added with them): RFC 822 with local names, the long forms of running
 * text, times after "kl.", "um", "à", accents or none, any case.
 */
static const struct date_case european[] = {
	/* RFC 822 with local weekday and month names */
	{ "tis, 02 dec 2025 10:00:00 +0100", "2025-12-02T09:00:00Z" },
	{ "l\xc3\xb6r, 06 dec 2025 10:00:00 +0100", "2025-12-06T09:00:00Z" },
	{ "Di, 02 Dez 2025 10:00:00 +0100", "2025-12-02T09:00:00Z" },
	{ "Do, 06 M\xc3\xa4r 2025 10:00:00 +0100", "2025-03-06T09:00:00Z" },
	{ "Mo, 03 Mrz 2025 10:00:00 +0100", "2025-03-03T09:00:00Z" },
	{ "mar., 02 d\xc3\xa9""c. 2025 10:00:00 +0100", "2025-12-02T09:00:00Z" },
	{ "MAR., 02 D\xc3\x89""C. 2025 10:00:00 +0100", "2025-12-02T09:00:00Z" },
	{ "mar, 02 dec 2025 10:00:00 +0100", "2025-12-02T09:00:00Z" },
	{ "jeu., 06 f\xc3\xa9vr. 2025 10:00:00 +0100", "2025-02-06T09:00:00Z" },
	{ "ven., 01 ao\xc3\xbb""t 2025 10:00:00 +0200", "2025-08-01T08:00:00Z" },
	{ "ons, 03 maj 2023 10:00:00 +0200", "2023-05-03T08:00:00Z" },
	{ "tir, 02 des 2025 10.00 +0100", "2025-12-02T09:00:00Z" },
	/* "mar" before a year is March, in English as in Norwegian */
	{ "Mar 02, 2015 10:00:00 GMT", "2015-03-02T10:00:00Z" },
	{ "mar. 2, 2015", "2015-03-02T00:00:00Z" },
	/* Danish */
	{ "2. december 2025", "2025-12-02T00:00:00Z" },
	{ "2. dec. 2025", "2025-12-02T00:00:00Z" },
	{ "17. marts 2025", "2025-03-17T00:00:00Z" },
	{ "1. maj 2025 kl. 10.00", "2025-05-01T10:00:00Z" },
	{ "tirsdag den 2. december 2025", "2025-12-02T00:00:00Z" },
	{ "tirsdag d. 2. december 2025 kl. 10:00", "2025-12-02T10:00:00Z" },
	{ "l\xc3\xb8rdag 6. december 2025", "2025-12-06T00:00:00Z" },
	/* Swedish */
	{ "2 december 2025", "2025-12-02T00:00:00Z" },
	{ "2 december 2025 kl. 10.00", "2025-12-02T10:00:00Z" },
	{ "2 december 2025 10:00", "2025-12-02T10:00:00Z" },
	{ "tisdag 2 december 2025", "2025-12-02T00:00:00Z" },
	{ "15 augusti 2025", "2025-08-15T00:00:00Z" },
	{ "1 januari 2026", "2026-01-01T00:00:00Z" },
	{ "30 maj 2025", "2025-05-30T00:00:00Z" },
	/* German */
	{ "2. Dezember 2025", "2025-12-02T00:00:00Z" },
	{ "Dienstag, 2. Dezember 2025", "2025-12-02T00:00:00Z" },
	{ "2. Dezember 2025, 10:00 Uhr", "2025-12-02T10:00:00Z" },
	{ "2. Dezember 2025 um 10:00 Uhr", "2025-12-02T10:00:00Z" },
	{ "3. M\xc3\xa4rz 2025", "2025-03-03T00:00:00Z" },
	{ "3. M\xc3\x84RZ 2025", "2025-03-03T00:00:00Z" },
	{ "3. Maerz 2025", "2025-03-03T00:00:00Z" },
	{ "3. Mrz. 2025", "2025-03-03T00:00:00Z" },
	{ "1. Mai 2025", "2025-05-01T00:00:00Z" },
	{ "7. J\xc3\xa4nner 2025", "2025-01-07T00:00:00Z" },
	{ "2. Okt. 2025 10:00 CEST", "2025-10-02T08:00:00Z" },
	/* French */
	{ "2 d\xc3\xa9""cembre 2025", "2025-12-02T00:00:00Z" },
	{ "2 decembre 2025", "2025-12-02T00:00:00Z" },
	{ "2 D\xc3\x89""CEMBRE 2025", "2025-12-02T00:00:00Z" },
	{ "2 d\xc3\xa9""c. 2025", "2025-12-02T00:00:00Z" },
	{ "mardi 2 d\xc3\xa9""cembre 2025", "2025-12-02T00:00:00Z" },
	{ "2 d\xc3\xa9""cembre 2025 \xc3\xa0 10h00", "2025-12-02T10:00:00Z" },
	{ "2 d\xc3\xa9""cembre 2025 \xc3\xa0 10h", "2025-12-02T10:00:00Z" },
	{ "2 d\xc3\xa9""cembre 2025 \xc3\xa0 10 h 30", "2025-12-02T10:30:00Z" },
	{ "1er d\xc3\xa9""cembre 2025", "2025-12-01T00:00:00Z" },
	{ "14 f\xc3\xa9vrier 2025", "2025-02-14T00:00:00Z" },
	{ "14 fevrier 2025", "2025-02-14T00:00:00Z" },
	{ "15 ao\xc3\xbbt 2025", "2025-08-15T00:00:00Z" },
	{ "15 aout 2025", "2025-08-15T00:00:00Z" },
	{ "14 juil. 2025", "2025-07-14T00:00:00Z" },
	{ "21 juin 2025", "2025-06-21T00:00:00Z" },
	{ "3 avr. 2025", "2025-04-03T00:00:00Z" },
	{ "5 janv. 2025", "2025-01-05T00:00:00Z" },
	{ "5 sept. 2025", "2025-09-05T00:00:00Z" },
	/* Norwegian in the same forms */
	{ "2. desember 2025 kl. 10.00", "2025-12-02T10:00:00Z" },
	{ "2. des. 2025 kl. 10:00 +0100", "2025-12-02T09:00:00Z" },
	{ "onsdag 3. desember 2025 14:05", "2025-12-03T14:05:00Z" },
	/* still no date: ambiguous or unknown words, bad numbers, no year */
	{ "2 jui 2025", NULL },
	{ "2 ma 2025", NULL },
	{ "2 d\xc3\xa9""cembres 2025", NULL },
	{ "2 Desembre 2025", NULL },
	{ "2 Oktobre 2025", NULL },
	{ "2 d\xc3\xb6""c 2025", NULL },
	{ "2 \xe2\x80\x8b""dec 2025", NULL },
	{ "mar., 02 truc 2025 10:00:00 +0100", NULL },
	{ "2. Dezember", NULL },
	{ "2. Dezember 2025 um", NULL },
	{ "2. Dezember 2025 um 25:00 Uhr", NULL },
	{ "2 d\xc3\xa9""cembre 2025 \xc3\xa0 10heures", NULL },
	{ "2 d\xc3\xa9""cembre 2025 vers 10h00", NULL },
	{ "2. desember 2025 kl. 10.61", NULL },
	{ "31. juni 2025", NULL },
	{ "2. ....... desember 2025", NULL },
	{ "2.. desember 2025", NULL },
	{ "2. desember.. 2025", NULL },
	{ "tirsdag onsdag 2. desember 2025", NULL },
};

static const struct date_case garbage[] = {
	{ "", NULL },
	{ "   ", NULL },
	{ "yesterday", NULL },
	{ "not a date at all", NULL },
	{ "Mon, 32 Mar 2015 10:00:00 GMT", NULL },
	{ "Mon, 29 Feb 2015 10:00:00 GMT", NULL },
	{ "Mon, 02 Foo 2015 10:00:00 GMT", NULL },
	{ "Mon, 02 Mar 2015 25:00:00 GMT", NULL },
	{ "Mon, 02 Mar 2015 10:61:00 GMT", NULL },
	{ "Mon, 02 Mar 2015 10:00:00 XYZ", NULL },
	{ "Mon, 02 Mar 2015 10:00:00 J", NULL },
	{ "2015-13-02T10:00:00Z", NULL },
	{ "2015-02-30", NULL },
	{ "2015-03-02T10:00:00+25:00", NULL },
	{ "2015-03-02T1", NULL },
	{ "2015-03-02T10:00:00 garbage", NULL },
	{ "12345678901234567890", NULL },
	{ "2015/03/02", NULL },
	{ "\x1b[31m2015-03-02", NULL },
};

static void
run(const struct date_case *c, size_t n)
{
	char got[32];
	int64_t t;
	size_t i;

	for (i = 0; i < n; i++) {
		t = date_parse(c[i].in);
		if (c[i].want == NULL) {
			if (t != FEED_NO_DATE)
				date_format_rfc3339(t, got, sizeof got);
			else
				strcpy(got, "(none)");
			if (t != FEED_NO_DATE)
				fail_msg("\"%s\" gave %s, wanted no date",
				    c[i].in, got);
			continue;
		}
		if (t == FEED_NO_DATE)
			fail_msg("\"%s\" gave no date, wanted %s", c[i].in,
			    c[i].want);
		date_format_rfc3339(t, got, sizeof got);
		if (strcmp(got, c[i].want) != 0)
			fail_msg("\"%s\" gave %s, wanted %s", c[i].in, got,
			    c[i].want);
	}
}

static void
test_rfc822(void **state)
{
	run(rfc822, sizeof rfc822 / sizeof rfc822[0]);
}

static void
test_iso8601(void **state)
{
	run(iso, sizeof iso / sizeof iso[0]);
}

static void
test_norwegian(void **state)
{
	(void)state;
	run(norwegian, sizeof norwegian / sizeof norwegian[0]);
}

static void
test_european(void **state)
{
	(void)state;
	run(european, sizeof european / sizeof european[0]);
}

/* Hostile input: long strings, many dots, long words give no date. */
static void
test_hostile(void **state)
{
	char big[4096];
	size_t i;

	(void)state;
	memset(big, '.', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_true(date_parse(big) == FEED_NO_DATE);
	/* a date followed by a long tail: over the bound, no date */
	memcpy(big, "2. desember 2025 ", 17);
	assert_true(date_parse(big) == FEED_NO_DATE);
	/* a weekday word longer than any name, then a date */
	for (i = 0; i < 100; i++)
		big[i] = 'a';
	strcpy(big + 100, ", 02 Dec 2025");
	assert_true(date_parse(big) == FEED_NO_DATE);
	/* a month word of 100 letters starting like one */
	strcpy(big, "2 ");
	for (i = 2; i < 102; i++)
		big[i] = 'd';
	memcpy(big, "2 dec", 5);
	strcpy(big + 102, " 2025");
	assert_true(date_parse(big) == FEED_NO_DATE);
	/* UTF-8 lead bytes at the end of the input */
	assert_true(date_parse("2 d\xc3") == FEED_NO_DATE);
	assert_true(date_parse("2. \xc3\xc3\xc3\xc3 2025") == FEED_NO_DATE);
}

static void
test_garbage(void **state)
{
	run(garbage, sizeof garbage / sizeof garbage[0]);
	assert_true(date_parse(NULL) == FEED_NO_DATE);
}

static void
test_format(void **state)
{
	char out[32];

	date_format_rfc3339(0, out, sizeof out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	date_format_rfc3339(1425290400, out, sizeof out);
	assert_string_equal(out, "2015-03-02T10:00:00Z");
	date_format_rfc3339(-1, out, sizeof out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	date_format_rfc3339(951782400, out, sizeof out);
	assert_string_equal(out, "2000-02-29T00:00:00Z");
}

/*
 * Dates on screen in C.UTF-8 (month first, 24-hour clock, the
 * English words), TZ=UTC, now = Thursday 2026-12-03 14:30 UTC.
 */
#define NOW	1796308200	/* 2026-12-03T14:30:00Z */

static void
short_is(const struct date_now *n, const char *when, const char *want)
{
	char out[64];

	if (date_format_short(n, date_parse(when), out, sizeof out) == 0)
		strcpy(out, "(nothing)");
	if (strcmp(out, want) != 0)
		fail_msg("%s: \"%s\", wanted \"%s\"", when, out, want);
}

static void
test_display_short(void **state)
{
	struct date_now n;

	(void)state;
	date_now_init(&n, NOW);
	assert_true(n.today == date_parse("2026-12-03T00:00:00Z"));
	assert_true(n.yesterday == date_parse("2026-12-02T00:00:00Z"));
	assert_true(n.tomorrow == date_parse("2026-12-04T00:00:00Z"));
	short_is(&n, "2026-12-03T14:05:00Z", "14:05");
	short_is(&n, "2026-12-03T00:00:00Z", "00:00");
	short_is(&n, "2026-12-03T23:59:00Z", "23:59");	/* later today */
	short_is(&n, "2026-12-02T23:59:59Z", "yesterday");
	short_is(&n, "2026-12-02T00:00:00Z", "yesterday");
	short_is(&n, "2026-12-01T23:59:59Z", "Dec 1");
	short_is(&n, "2026-08-05T00:00:00Z", "Aug 5");
	short_is(&n, "2026-12-24T00:00:00Z", "Dec 24");	/* future */
	/* over half a year: the locale's numeric date (C: %m/%d/%y) */
	short_is(&n, "2026-05-17T00:00:00Z", "05/17/26");
	short_is(&n, "2024-05-17T00:00:00Z", "05/17/24");
	/* "yesterday" is the widest of the C locale's forms */
	assert_int_equal(date_short_width(), 9);
}

static void
long_is(const struct date_now *n, const char *when, size_t cols,
    const char *want)
{
	char out[128];

	if (date_format_long(n, date_parse(when), cols, out, sizeof out) == 0)
		strcpy(out, "(nothing)");
	if (strcmp(out, want) != 0)
		fail_msg("%s: \"%s\", wanted \"%s\"", when, out, want);
}

static void
test_display_long(void **state)
{
	struct date_now n;
	char out[64];

	(void)state;
	date_now_init(&n, NOW);
	long_is(&n, "2026-12-03T14:30:00Z", 80,
	    "Thursday, December 3, 2026 14:30 (just now)");
	long_is(&n, "2026-12-03T14:29:00Z", 80,
	    "Thursday, December 3, 2026 14:29 (1 minute ago)");
	long_is(&n, "2026-12-03T14:05:00Z", 80,
	    "Thursday, December 3, 2026 14:05 (25 minutes ago)");
	long_is(&n, "2026-12-03T11:05:00Z", 80,
	    "Thursday, December 3, 2026 11:05 (3 hours ago)");
	long_is(&n, "2026-12-02T20:00:00Z", 80,
	    "Wednesday, December 2, 2026 20:00 (18 hours ago)");
	long_is(&n, "2026-12-02T09:00:00Z", 80,
	    "Wednesday, December 2, 2026 09:00 (yesterday)");
	long_is(&n, "2026-11-28T08:00:00Z", 80,
	    "Saturday, November 28, 2026 08:00 (5 days ago)");
	long_is(&n, "2026-11-26T08:00:00Z", 80,
	    "Thursday, November 26, 2026 08:00");
	long_is(&n, "2024-05-17T08:00:00Z", 80,
	    "Friday, May 17, 2024 08:00");
	long_is(&n, "2026-12-24T08:00:00Z", 80,
	    "Thursday, December 24, 2026 08:00");
	/* the relative words only where they fit */
	long_is(&n, "2026-12-03T11:05:00Z", 46,
	    "Thursday, December 3, 2026 11:05 (3 hours ago)");
	long_is(&n, "2026-12-03T11:05:00Z", 45,
	    "Thursday, December 3, 2026 11:05");
	/* too small a buffer: nothing rather than a cut date */
	assert_int_equal(date_format_long(&n, NOW, 80, out, 10), 0);
}

static void
test_display_user(void **state)
{
	char out[64];

	(void)state;
	assert_null(date_user_format("", 0));
	assert_null(date_user_format(NULL, 1));
	assert_string_equal(date_user_format("iso", 0), "%Y-%m-%d");
	assert_string_equal(date_user_format("iso", 1), "%Y-%m-%d %H:%M");
	assert_string_equal(date_user_format("%d.%m.", 1), "%d.%m.");
	assert_true(date_format_user("%d.%m. %H:%M", NOW, out, sizeof out) > 0);
	assert_string_equal(out, "03.12. 14:30");
	/* commands (show): ISO whatever the option says */
	date_display_local(0);
	assert_true(date_format_header(NOW, "%d.%m.", 80, out, sizeof out) > 0);
	assert_string_equal(out, "2026-12-03 14:30");
	/* the terminal interface: the option, else the locale's */
	date_display_local(1);
	assert_true(date_format_header(NOW, "iso", 80, out, sizeof out) > 0);
	assert_string_equal(out, "2026-12-03 14:30");
	assert_true(date_format_header(NOW, "%d.%m.", 80, out, sizeof out) > 0);
	assert_string_equal(out, "03.12.");
	/* TIDENDE_NOW (set in main) is "now" */
	assert_true(date_now() == NOW);
	assert_true(date_format_header(NOW - 7200, "", 80, out,
	    sizeof out) > 0);
	assert_string_equal(out, "Thursday, December 3, 2026 12:30 (2 hours ago)");
	date_display_local(0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc822),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_norwegian),
		cmocka_unit_test(test_european),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_display_short),
		cmocka_unit_test(test_display_long),
		cmocka_unit_test(test_display_user),
	};

	/* the display tests: UTC, the C locale's names, a fixed now */
	setenv("TZ", "UTC", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TIDENDE_NOW", "2026-12-03T14:30:00Z", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
