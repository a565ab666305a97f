/*
 * Dates as feeds write them, to UTC seconds: RFC 822/2822 with the usual
 * liberties (no weekday or a wrong one, two-digit years, no seconds, named,
 * numeric and military zones), asctime(), RFC 3339 / ISO 8601 and W3C-DTF
 * partial dates.  Anything doubtful gives FEED_NO_DATE, never a guess.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <langinfo.h>
#include <time.h>

#include "tidende/date.h"
#include "tidende/feed.h"
#include "tidende/i18n.h"
#include "tidende/utf8.h"

struct dtm {
	int	year, mon, day, hour, min, sec;
	int	off;		/* seconds east of UTC */
};

/*
 * Month names as feeds write them, folded to lower-case ASCII (see
 * word()): English, Norwegian (nb/nn), Danish, Swedish, German and French.
 * A word is a month when it is the start, three letters or more, of one
 * of these names and every name it starts means the same month ("jun" is
 * June and Juni, "jui" is juin or juillet: no month).  A few
 * abbreviations that are not such a start are listed as they are.
 */
static const struct {
	const char	*name;
	int		 mon;
} month_names[] = {
	{ "january", 1 }, { "januar", 1 }, { "januari", 1 },
	{ "janvier", 1 }, { "janner", 1 }, { "jaenner", 1 },
	{ "february", 2 }, { "februar", 2 }, { "februari", 2 },
	{ "fevrier", 2 },
	{ "march", 3 }, { "mars", 3 }, { "marts", 3 }, { "marz", 3 },
	{ "maerz", 3 }, { "mrz", 3 },
	{ "april", 4 }, { "avril", 4 },
	{ "may", 5 }, { "mai", 5 }, { "maj", 5 },
	{ "june", 6 }, { "juni", 6 }, { "juin", 6 },
	{ "july", 7 }, { "juli", 7 }, { "juillet", 7 },
	{ "august", 8 }, { "augusti", 8 }, { "aout", 8 },
	{ "september", 9 }, { "septembre", 9 },
	{ "october", 10 }, { "oktober", 10 }, { "octobre", 10 },
	{ "november", 11 }, { "novembre", 11 },
	{ "december", 12 }, { "desember", 12 }, { "dezember", 12 },
	{ "decembre", 12 },
};

static const struct {
	const char	*name;
	int		 hours;
} zones[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 }, { "wet", 0 },
	{ "bst", 1 }, { "cet", 1 }, { "met", 1 }, { "cest", 2 }, { "eet", 2 },
	{ "eest", 3 }, { "msk", 3 }, { "ist", 0 },
	{ "adt", -3 }, { "ast", -4 }, { "at", -4 },
	{ "edt", -4 }, { "est", -5 }, { "et", -5 },
	{ "cdt", -5 }, { "cst", -6 }, { "ct", -6 },
	{ "mdt", -6 }, { "mst", -7 }, { "mt", -7 },
	{ "pdt", -7 }, { "pst", -8 }, { "pt", -8 },
	{ "akdt", -8 }, { "akst", -9 }, { "hst", -10 },
	{ "jst", 9 }, { "kst", 9 }, { "hkt", 8 }, { "sgt", 8 },
	{ "aest", 10 }, { "aedt", 11 }, { "nzst", 12 }, { "nzdt", 13 },
};

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t
dtm_to_time(const struct dtm *t)
{
	if (t->year < 1 || t->year > 9999 || t->mon < 1 || t->mon > 12 ||
	    t->day < 1 || t->day > days_in_month(t->year, t->mon) ||
	    t->hour < 0 || t->hour > 24 || t->min < 0 || t->min > 59 ||
	    t->sec < 0 || t->sec > 60)
		return FEED_NO_DATE;
	if (t->hour == 24 && (t->min != 0 || t->sec != 0))
		return FEED_NO_DATE;
	return days_from_civil(t->year, t->mon, t->day) * 86400 +
	    t->hour * 3600 + t->min * 60 + (t->sec == 60 ? 59 : t->sec) -
	    t->off;
}

/* Read exactly n digits. */
static int
digits(const char **sp, int n, int *out)
{
	const char *s = *sp;
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return 1;
}

/* Read 1..max digits. */
static int
number(const char **sp, int max, int *out, int *count)
{
	const char *s = *sp;
	int v = 0, i = 0;

	while (i < max && isdigit((unsigned char)s[i])) {
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (i == 0 || isdigit((unsigned char)s[i]))
		return 0;
	*sp = s + i;
	*out = v;
	if (count != NULL)
		*count = i;
	return 1;
}

static const char *
skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

/* Zone: Z, +hh:mm, +hhmm, +hh, or nothing (UTC). */
static int
iso_zone(const char *s, int *off)
{
	int h = 0, m = 0, sign;

	s = skip_ws(s);
	*off = 0;
	if (*s == '\0')
		return 1;
	if (*s == 'Z' || *s == 'z')
		return *skip_ws(s + 1) == '\0';
	if (*s != '+' && *s != '-')
		return 0;
	sign = *s == '-' ? -1 : 1;
	s++;
	if (!digits(&s, 2, &h))
		return 0;
	if (*s == ':')
		s++;
	if (isdigit((unsigned char)*s) && !digits(&s, 2, &m))
		return 0;
	if (*skip_ws(s) != '\0' || h > 23 || m > 59)
		return 0;
	*off = sign * (h * 3600 + m * 60);
	return 1;
}

/*
 * ISO 8601 / RFC 3339 / W3C-DTF: YYYY[-MM[-DD]][Thh:mm[:ss[.f]][zone]],
 * also the basic forms YYYYMMDD[Thhmmss].
 */
static int64_t
parse_iso(const char *s)
{
	struct dtm t;
	int basic = 0, two;

	memset(&t, 0, sizeof t);
	t.mon = t.day = 1;
	if (!digits(&s, 4, &t.year))
		return FEED_NO_DATE;
	if (*s == '-') {
		s++;
		if (!digits(&s, 2, &t.mon))
			return FEED_NO_DATE;
		if (*s == '-') {
			s++;
			if (!digits(&s, 2, &t.day))
				return FEED_NO_DATE;
		}
	} else if (isdigit((unsigned char)*s)) {
		basic = 1;
		if (!digits(&s, 2, &t.mon) || !digits(&s, 2, &t.day))
			return FEED_NO_DATE;
	}
	if (*s == 'T' || *s == 't' || (*s == ' ' &&
	    isdigit((unsigned char)s[1]))) {
		s++;
		if (!digits(&s, 2, &t.hour))
			return FEED_NO_DATE;
		if (*s == ':')
			s++;
		else if (!basic && !isdigit((unsigned char)*s))
			goto zone;
		if (!digits(&s, 2, &t.min))
			return FEED_NO_DATE;
		two = *s == ':';
		if (two || (basic && isdigit((unsigned char)*s))) {
			if (two)
				s++;
			if (!digits(&s, 2, &t.sec))
				return FEED_NO_DATE;
			if (*s == '.' || *s == ',') {
				s++;
				if (!isdigit((unsigned char)*s))
					return FEED_NO_DATE;
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
	}
zone:
	if (!iso_zone(s, &t.off))
		return FEED_NO_DATE;
	return dtm_to_time(&t);
}

/*
 * A word of letters, lower-case, with the accented Latin-1 letters of
 * UTF-8 folded to their base letter ("Déc" is "dec", "März" "marz",
 * "août" "aout"); other non-ASCII letters stay as a byte no name has
 * (the weekdays "lør", "sön" are only skipped).  At most size - 1 bytes
 * are kept; a longer word is cut, and names are shorter than any cut.
 */
static int
word(const char **sp, char *out, size_t size)
{
	/* U+00C0..U+00FF: À..ÿ */
	static const char fold[65] =
	    "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
	const unsigned char *s = (const unsigned char *)*sp;
	size_t n = 0;
	char c;

	for (;;) {
		if (isalpha(*s)) {
			c = (char)tolower(*s);
			s++;
		} else if (*s == 0xc3 && s[1] >= 0x80 && s[1] <= 0xbf) {
			c = fold[s[1] - 0x80];
			if (c == '*' || c == '/')	/* × ÷ end a word */
				break;
			s += 2;
		} else if (*s >= 0x80) {
			c = '~';
			s++;
		} else
			break;
		if (n + 1 < size)
			out[n++] = c;
	}
	out[n] = '\0';
	*sp = (const char *)s;
	return n > 0;
}

static int
month_of(const char *w)
{
	size_t i, n = strlen(w);
	int mon = 0;

	if (n < 3)
		return 0;
	for (i = 0; i < sizeof month_names / sizeof month_names[0]; i++) {
		if (strncmp(w, month_names[i].name, n) != 0)
			continue;
		if (mon != 0 && mon != month_names[i].mon)
			return 0;	/* "jui": juin or juillet */
		mon = month_names[i].mon;
	}
	return mon;
}

/* Named, military or numeric zone; 1 on success. */
static int
rfc_zone(const char *s, int *off)
{
	char w[16];
	size_t i;
	int h = 0, m = 0, sign, n, nd;

	s = skip_ws(s);
	*off = 0;
	if (*s == '\0')
		return 1;
	if (isalpha((unsigned char)*s)) {
		word(&s, w, sizeof w);
		for (i = 0; i < sizeof zones / sizeof zones[0]; i++)
			if (strcmp(w, zones[i].name) == 0) {
				*off = zones[i].hours * 3600;
				break;
			}
		if (i == sizeof zones / sizeof zones[0]) {
			if (strlen(w) != 1 || w[0] == 'j')
				return 0;
			/* military zones, as RFC 822 lists them */
			if (w[0] >= 'a' && w[0] <= 'i')
				*off = -(w[0] - 'a' + 1) * 3600;
			else if (w[0] >= 'k' && w[0] <= 'm')
				*off = -(w[0] - 'k' + 10) * 3600;
			else if (w[0] >= 'n' && w[0] <= 'y')
				*off = (w[0] - 'n' + 1) * 3600;
		}
		/* "GMT+0100" and the like */
		if (*s == '+' || *s == '-')
			goto numeric;
		s = skip_ws(s);
		if (*s == '(') {		/* "(PST)" comments */
			const char *c = strchr(s, ')');

			s = c != NULL ? c + 1 : s + strlen(s);
		}
		return *skip_ws(s) == '\0';
	}
numeric:
	if (*s != '+' && *s != '-')
		return 0;
	sign = *s == '-' ? -1 : 1;
	s++;
	if (!number(&s, 4, &n, &nd))
		return 0;
	if (nd <= 2) {
		h = n;
		if (*s == ':') {
			s++;
			if (!digits(&s, 2, &m))
				return 0;
		}
	} else {
		m = n % 100;
		h = n / 100;
	}
	if (h > 23 || m > 59)
		return 0;
	*off += sign * (h * 3600 + m * 60);
	s = skip_ws(s);
	if (*s == '(') {
		const char *c = strchr(s, ')');

		s = c != NULL ? c + 1 : s + strlen(s);
	}
	return *skip_ws(s) == '\0';
}

static int
fix_year(int y, int ndigits)
{
	if (ndigits <= 2)
		return y < 50 ? 2000 + y : 1900 + y;
	if (ndigits == 3)
		return y + 1900;
	return y;
}

/* hh:mm[:ss] */
static int
clock_time(const char **sp, struct dtm *t)
{
	const char *s = *sp;

	if (!number(&s, 2, &t->hour, NULL) || *s != ':')
		return 0;
	s++;
	if (!digits(&s, 2, &t->min))
		return 0;
	if (*s == ':') {
		s++;
		if (!digits(&s, 2, &t->sec))
			return 0;
		if (*s == '.') {
			s++;
			while (isdigit((unsigned char)*s))
				s++;
		}
	}
	*sp = s;
	return 1;
}

/*
 * The time after a date: RFC 822's hh:mm[:ss], or as Nordic, German and
 * French text writes it: "kl. 10.00", "10.00", "um 10:00 Uhr",
 * "à 10h00", "10 h 30", "10h", after an optional comma.
 */
static int
local_time(const char **sp, struct dtm *t)
{
	static const char *const lead[] = {
		"kl", "klokken", "klokka", "klockan", "um", "a", "at"
	};
	const char *s = *sp, *p;
	char w[16], sep;
	size_t i;

	if (*s == ',')
		s = skip_ws(s + 1);
	if (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80) {
		word(&s, w, sizeof w);
		for (i = 0; i < sizeof lead / sizeof lead[0]; i++)
			if (strcmp(w, lead[i]) == 0)
				break;
		if (i == sizeof lead / sizeof lead[0])
			return 0;
		if (*s == '.')
			s++;
		s = skip_ws(s);
	}
	if (!number(&s, 2, &t->hour, NULL))
		return 0;
	if (*s == ':' || *s == '.') {
		sep = *s++;
		if (!digits(&s, 2, &t->min))
			return 0;
		if (*s == sep && isdigit((unsigned char)s[1])) {
			s++;
			if (!digits(&s, 2, &t->sec))
				return 0;
			if (sep == ':' && *s == '.') {
				s++;
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
	} else {
		/* French: 10h00, 10 h 00, 10h */
		p = skip_ws(s);
		if (*p != 'h' && *p != 'H')
			return 0;
		p++;
		if (isalpha((unsigned char)*p))
			return 0;
		s = p;
		p = skip_ws(p);
		if (isdigit((unsigned char)*p)) {
			if (!digits(&p, 2, &t->min))
				return 0;
			s = p;
		}
	}
	/* German "10:00 Uhr" */
	p = skip_ws(s);
	if (strncasecmp(p, "uhr", 3) == 0 && !isalpha((unsigned char)p[3]))
		s = p + 3;
	*sp = s;
	return 1;
}

/* After the date: nothing, or a time and a zone. */
static int64_t
date_rest(const char *s, struct dtm *t)
{
	s = skip_ws(s);
	if (*s == '\0')
		return dtm_to_time(t);
	if (!local_time(&s, t) || !rfc_zone(s, &t->off))
		return FEED_NO_DATE;
	return dtm_to_time(t);
}

/*
 * Day first: "02 Mar 2015 10:00:00 GMT", "02-Mar-2015", "2. desember
 * 2025 kl. 10.00", "2 déc. 2025", "1er décembre 2025 à 10h00".
 */
static int64_t
parse_day_first(const char *s)
{
	struct dtm t;
	char w[16];
	int nd;

	memset(&t, 0, sizeof t);
	if (!number(&s, 2, &t.day, NULL))
		return FEED_NO_DATE;
	/* French "1er" */
	if (t.day == 1 && (s[0] == 'e' || s[0] == 'E') &&
	    (s[1] == 'r' || s[1] == 'R') && !isalpha((unsigned char)s[2]))
		s += 2;
	if (*s == '.' && (s[1] == ' ' || s[1] == '\t'))
		s++;
	if (*s == ' ' || *s == '-' || *s == '/')
		s++;
	s = skip_ws(s);
	if (!word(&s, w, sizeof w) || (t.mon = month_of(w)) == 0)
		return FEED_NO_DATE;
	if (*s == '.')
		s++;
	if (*s == '-' || *s == '/')
		s++;
	s = skip_ws(s);
	if (!number(&s, 4, &t.year, &nd))
		return FEED_NO_DATE;
	t.year = fix_year(t.year, nd);
	return date_rest(s, &t);
}

/* Month first: "Mar 02, 2015 10:00:00 GMT", or asctime. */
static int64_t
parse_month_first(const char *s)
{
	struct dtm t;
	char w[16];
	int nd, n;

	memset(&t, 0, sizeof t);
	if (!word(&s, w, sizeof w) || (t.mon = month_of(w)) == 0)
		return FEED_NO_DATE;
	if (*s == '.')
		s++;
	s = skip_ws(s);
	if (!number(&s, 2, &t.day, NULL))
		return FEED_NO_DATE;
	if (*s == ',')
		s++;
	s = skip_ws(s);
	if (strchr(s, ':') != NULL && isdigit((unsigned char)s[0]) &&
	    (s[1] == ':' || s[2] == ':')) {
		/* asctime: time, [zone], year */
		const char *end;

		if (!clock_time(&s, &t))
			return FEED_NO_DATE;
		s = skip_ws(s);
		end = s + strlen(s);
		while (end > s && isspace((unsigned char)end[-1]))
			end--;
		n = 0;
		while (end > s && isdigit((unsigned char)end[-1])) {
			end--;
			n++;
		}
		if (n != 4)
			return FEED_NO_DATE;
		t.year = atoi(end);
		if (end > s) {
			char z[32];
			size_t zl = end - s;

			if (zl >= sizeof z)
				return FEED_NO_DATE;
			memcpy(z, s, zl);
			z[zl] = '\0';
			if (!rfc_zone(z, &t.off))
				return FEED_NO_DATE;
		}
		return dtm_to_time(&t);
	}
	if (!number(&s, 4, &t.year, &nd))
		return FEED_NO_DATE;
	t.year = fix_year(t.year, nd);
	return date_rest(s, &t);
}

/*
 * RFC 822 and variants:
 *   [Wkd[.][,]] DD[.] Mon[.] YY[YY] [[,] [lead] time] [zone]
 *   [Wkd[,]] Mon DD[,] YYYY [hh:mm[:ss]] [zone]
 *   asctime: Wkd Mon DD hh:mm:ss [zone] YYYY
 * with month names in English, Norwegian, Danish, Swedish, German or
 * French.  A weekday is only skipped, in any language, never checked:
 * "mar." is mardi before a day and March before a year, so a first
 * word is tried as a weekday first and as a month when that fails.
 */
static int64_t
parse_rfc822(const char *s)
{
	const char *save;
	char w[16];
	int64_t r;

	s = skip_ws(s);
	if (isdigit((unsigned char)*s))
		return parse_day_first(s);
	if (!isalpha((unsigned char)*s) && (unsigned char)*s < 0x80)
		return FEED_NO_DATE;
	save = s;
	word(&s, w, sizeof w);
	/* longer than any weekday or month name: not a date */
	if (s - save >= (ptrdiff_t)sizeof w)
		return FEED_NO_DATE;
	r = FEED_NO_DATE;
	if (*s == '.')
		s++;
	if (*s == ',')
		s++;
	s = skip_ws(s);
	/* Danish "tirsdag den 2. december", "d. 2. december" */
	if (strncmp(s, "den ", 4) == 0)
		s = skip_ws(s + 4);
	else if (strncmp(s, "d. ", 3) == 0)
		s = skip_ws(s + 3);
	if (isdigit((unsigned char)*s))
		r = parse_day_first(s);
	else if (isalpha((unsigned char)*s))
		r = parse_month_first(s);
	if (r == FEED_NO_DATE && month_of(w) != 0)
		r = parse_month_first(save);
	return r;
}

int64_t
date_parse(const char *in)
{
	char s[128];
	size_t n;
	const char *p;

	if (in == NULL)
		return FEED_NO_DATE;
	p = skip_ws(in);
	n = strlen(p);
	while (n > 0 && isspace((unsigned char)p[n - 1]))
		n--;
	if (n == 0 || n >= sizeof s)
		return FEED_NO_DATE;
	memcpy(s, p, n);
	s[n] = '\0';
	if (n >= 4 && isdigit((unsigned char)s[0]) &&
	    isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
	    isdigit((unsigned char)s[3]))
		return parse_iso(s);
	return parse_rfc822(s);
}

static void
put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
}

void
date_format_rfc3339(int64_t t, char *out, size_t len)
{
	int64_t days, secs, y, era, doe, yoe, doy, mp, d, m;

	days = t / 86400;
	secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999 || len < 21) {
		snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y,
		    (int)m, (int)d, (int)(secs / 3600), (int)(secs / 60 % 60),
		    (int)(secs % 60));
		return;
	}
	/* by hand: snprintf was a tenth of `tidende parse` on big feeds */
	put2(out, (int)(y / 100));
	put2(out + 2, (int)(y % 100));
	out[4] = '-';
	put2(out + 5, (int)m);
	out[7] = '-';
	put2(out + 8, (int)d);
	out[10] = 'T';
	put2(out + 11, (int)(secs / 3600));
	out[13] = ':';
	put2(out + 14, (int)(secs / 60 % 60));
	out[16] = ':';
	put2(out + 17, (int)(secs % 60));
	out[19] = 'Z';
	out[20] = '\0';
}

/* ------------------------------------------------------------- display */

/*
 * Dates on screen, in the reader's locale (LC_TIME for names and the
 * order of day and month, LC_MESSAGES for the relative words).  What the
 * locale says is read once, on first use: the locale is set once at
 * start.  Per date, formatting is a localtime_r and a snprintf.
 */
static struct {
	int	 ready;
	int	 month_first;		/* "Dec 3" (en_US, C) */
	int	 day_dot;		/* "3. des." (nb, nn, da, de) */
	int	 ampm;			/* 12-hour clock */
	char	 old_fmt[32];		/* dates older than half a year */
	int	 width;			/* the widest short date */
} dloc;

static int	date_local;

void
date_display_local(int on)
{
	date_local = on;
}

/* The hook's value: seconds since 1970 or an RFC 3339 date. */
static int64_t
date_now_hook(const char *s)
{
	char *end;
	long long v;

	v = strtoll(s, &end, 10);
	return *end == '\0' ? (int64_t)v : date_parse(s);
}

int64_t
date_now(void)
{
	static int64_t fixed = FEED_NO_DATE;
	static const char *file;
	static int read;
	const char *s;
	char buf[64];
	int64_t t;
	FILE *f;
	size_t n;

	if (!read) {
		read = 1;
		/*
		 * Test hook: a fixed "now" (seconds or an RFC 3339 date), or
		 * "@FILE": the time written in FILE, read on every call, so a
		 * test can move the clock of a running program.
		 */
		if ((s = getenv("TIDENDE_NOW")) != NULL && *s == '@')
			file = s + 1;
		else if (s != NULL && *s != '\0')
			fixed = date_now_hook(s);
	}
	if (file != NULL && (f = fopen(file, "r")) != NULL) {
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		while (n > 0 && isspace((unsigned char)buf[n - 1]))
			n--;
		buf[n] = '\0';
		if ((t = date_now_hook(buf)) != FEED_NO_DATE)
			return t;
	}
	return fixed != FEED_NO_DATE ? fixed : (int64_t)time(NULL);
}

/* Local midnight of the day t is in, plus `days`. */
static int64_t
local_midnight(int64_t t, int days)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return t;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

void
date_now_init(struct date_now *n, int64_t now)
{
	n->now = now;
	n->today = local_midnight(now, 0);
	n->yesterday = local_midnight(now, -1);
	n->tomorrow = local_midnight(now, 1);
}

static const char *
conv_at(const char *fmt, const char *convs)
{
	const char *p;

	for (p = fmt; (p = strchr(p, '%')) != NULL; p++) {
		if (p[1] == '-' || p[1] == '_' || p[1] == '0')
			p++;
		if (p[1] != '\0' && strchr(convs, p[1]) != NULL)
			return p;
		if (p[1] == '\0')
			break;
	}
	return NULL;
}

static size_t	short_form(const struct date_now *, int64_t, char *, size_t);

/* strftime with a format from the locale or the user's config */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static size_t
strftime_fmt(char *out, size_t len, const char *fmt, const struct tm *tm)
{
	return strftime(out, len, fmt, tm);
}
#pragma GCC diagnostic pop

static void
dloc_init(void)
{
	const char *d_fmt = nl_langinfo(D_FMT), *t_fmt = nl_langinfo(T_FMT);
	const char *day, *mon, *year;
	struct date_now n;
	struct tm tm;
	char buf[64];
	int64_t t;
	int m, w;

	dloc.ready = 1;
	day = conv_at(d_fmt, "de");
	mon = conv_at(d_fmt, "mbBh");
	year = conv_at(d_fmt, "yYC");
	dloc.month_first = day != NULL && mon != NULL && mon < day &&
	    (year == NULL || year > mon);
	dloc.day_dot = day != NULL && !dloc.month_first &&
	    strchr("de", day[1] == '-' ? day[2] : day[1]) != NULL &&
	    day[day[1] == '-' ? 3 : 2] == '.';
	dloc.ampm = conv_at(t_fmt, "rIlp") != NULL &&
	    *nl_langinfo(PM_STR) != '\0';
	if (conv_at(d_fmt, "bBhaA") == NULL && strlen(d_fmt) <
	    sizeof dloc.old_fmt)
		strcpy(dloc.old_fmt, d_fmt);
	else
		strcpy(dloc.old_fmt, dloc.day_dot ? "%d.%m.%Y" : "%Y-%m-%d");
	/* the widest form: every month on the 28th, old dates, the words */
	memset(&tm, 0, sizeof tm);
	tm.tm_year = 126;
	tm.tm_mon = 6;
	tm.tm_mday = 20;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	date_now_init(&n, (int64_t)mktime(&tm));	/* 2026-07-20 */
	dloc.width = 0;
	for (m = -1; m < 14; m++) {
		tm.tm_year = m < 0 ? 121 : 126;		/* 2021: an old date */
		tm.tm_mon = m < 0 ? 11 : m % 12;
		tm.tm_mday = 28;
		tm.tm_isdst = -1;
		t = (int64_t)mktime(&tm);
		if (m == 12)
			t = n.yesterday + 3600;
		else if (m == 13)
			t = n.today + 23 * 3600 + 59 * 60;
		if (short_form(&n, t, buf, sizeof buf) > 0 &&
		    (w = (int)utf8_width(buf)) > dloc.width)
			dloc.width = w;
	}
}

static int
clock_of(const struct tm *tm, char *out, size_t len)
{
	int h = tm->tm_hour % 12;

	if (!dloc.ampm)
		return snprintf(out, len, "%02d:%02d", tm->tm_hour,
		    tm->tm_min);
	return snprintf(out, len, "%d:%02d %s", h == 0 ? 12 : h, tm->tm_min,
	    nl_langinfo(tm->tm_hour < 12 ? AM_STR : PM_STR));
}

/* The list's form; 0 when t cannot be shown. */
static size_t
short_form(const struct date_now *n, int64_t t, char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	const char *mon;
	int r;

	if (len == 0 || localtime_r(&tt, &tm) == NULL)
		return 0;
	if (t >= n->today && t < n->tomorrow)
		r = clock_of(&tm, out, len);
	else if (t >= n->yesterday && t < n->today)
		/* TRANSLATORS: a date in the article list (keep it short) */
		r = snprintf(out, len, "%s", _("yesterday"));
	else if (t > n->now - 182 * 86400 && t < n->now + 182 * 86400) {
		mon = nl_langinfo(ABMON_1 + tm.tm_mon);
		if (dloc.month_first)
			r = snprintf(out, len, "%s %d", mon, tm.tm_mday);
		else
			r = snprintf(out, len, dloc.day_dot ? "%d. %s" :
			    "%d %s", tm.tm_mday, mon);
	} else
		return strftime_fmt(out, len, dloc.old_fmt, &tm);
	return r > 0 && (size_t)r < len ? (size_t)r : 0;
}

size_t
date_format_short(const struct date_now *n, int64_t t, char *out,
    size_t len)
{
	if (!dloc.ready)
		dloc_init();
	return short_form(n, t, out, len);
}

int
date_short_width(void)
{
	if (!dloc.ready)
		dloc_init();
	return dloc.width;
}

size_t
date_format_long(const struct date_now *n, int64_t t, size_t cols,
    char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	const char *wday, *mon;
	char clock[32], rel[64];
	int64_t d = n->now - t, days;
	int r;

	if (!dloc.ready)
		dloc_init();
	if (len == 0 || localtime_r(&tt, &tm) == NULL)
		return 0;
	wday = nl_langinfo(DAY_1 + tm.tm_wday);
	mon = nl_langinfo(MON_1 + tm.tm_mon);
	clock_of(&tm, clock, sizeof clock);
	rel[0] = '\0';
	if (d >= -60 && d < 60)
		/*
		 * TRANSLATORS: the relative words after the article
		 * header's date, in parentheses: "Thursday 3 December
		 * 2026 14:05 (just now)", "(25 minutes ago)", "(3 hours
		 * ago)", "(2 days ago)".
		 */
		snprintf(rel, sizeof rel, "%s", _("just now"));
	else if (d >= 60 && d < 3600)
		snprintf(rel, sizeof rel, ngettext("%d minute ago",
		    "%d minutes ago", d / 60), (int)(d / 60));
	else if (d >= 3600 && d < 86400)
		snprintf(rel, sizeof rel, ngettext("%d hour ago",
		    "%d hours ago", d / 3600), (int)(d / 3600));
	else if (t >= n->yesterday && t < n->today)
		snprintf(rel, sizeof rel, "%s", _("yesterday"));
	else if (d > 0 && t < n->yesterday) {
		/* whole days between the two local midnights */
		days = (n->today - local_midnight(t, 0) + 43200) / 86400;
		if (days < 7)
			snprintf(rel, sizeof rel, ngettext("%d day ago",
			    "%d days ago", days), (int)days);
	}
	if (dloc.month_first)
		r = snprintf(out, len, "%s, %s %d, %d %s", wday, mon,
		    tm.tm_mday, tm.tm_year + 1900, clock);
	else
		r = snprintf(out, len, dloc.day_dot ? "%s %d. %s %d %s" :
		    "%s %d %s %d %s", wday, tm.tm_mday, mon,
		    tm.tm_year + 1900, clock);
	if (r <= 0 || (size_t)r >= len)
		return 0;
	/* the relative words only where they fit on the line */
	if (rel[0] != '\0' && (size_t)r + strlen(rel) + 3 < len &&
	    utf8_width(out) + utf8_width(rel) + 3 <= cols)
		r += snprintf(out + r, len - r, " (%s)", rel);
	return (size_t)r;
}

const char *
date_user_format(const char *opt, int header)
{
	if (opt == NULL || *opt == '\0')
		return NULL;
	if (strcmp(opt, "iso") == 0)
		return header ? "%Y-%m-%d %H:%M" : "%Y-%m-%d";
	return opt;
}

size_t
date_format_user(const char *fmt, int64_t t, char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (len == 0 || localtime_r(&tt, &tm) == NULL)
		return 0;
	return strftime_fmt(out, len, fmt, &tm);
}

size_t
date_format_header(int64_t t, const char *opt, size_t cols, char *out,
    size_t len)
{
	struct date_now n;
	const char *fmt;

	if (!date_local)
		return date_format_user("%Y-%m-%d %H:%M", t, out, len);
	if ((fmt = date_user_format(opt, 1)) != NULL)
		return date_format_user(fmt, t, out, len);
	date_now_init(&n, date_now());
	return date_format_long(&n, t, cols, out, len);
}
