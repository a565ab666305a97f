/*
 * Dates as feeds write them (RFC 822 and variants, RFC 3339/ISO 8601,
 * W3C-DTF partial dates) to UTC seconds, and display formatting.
 */
#ifndef TIDENDE_DATE_H
#define TIDENDE_DATE_H

#include <stddef.h>
#include <stdint.h>

/* UTC seconds, or FEED_NO_DATE (INT64_MIN) when it cannot be parsed. */
int64_t	 date_parse(const char *);
/* RFC 3339 UTC ("2015-03-02T10:00:00Z") into out (at least 21 bytes). */
void	 date_format_rfc3339(int64_t, char *out, size_t len);

/*
 * Dates on screen, in the reader's locale (see date.c).  "Now" is taken
 * once per draw into a struct date_now; a date is then formatted with
 * no more than a localtime_r and a snprintf.
 */
struct date_now {
	int64_t	 now;
	int64_t	 today;		/* local midnights: today's start */
	int64_t	 yesterday;
	int64_t	 tomorrow;
};

/*
 * time(NULL), or $TIDENDE_NOW (a test hook: seconds or RFC 3339, read
 * once; "@FILE": the time in FILE, read on every call).
 */
int64_t	 date_now(void);
void	 date_now_init(struct date_now *, int64_t now);
/*
 * The article list's column: "14:05" today, "yesterday", "3. des." /
 * "Dec 3" within half a year, the locale's numeric date ("03.12.2025")
 * before.  Returns the length, 0 when t cannot be shown.
 */
size_t	 date_format_short(const struct date_now *, int64_t, char *, size_t);
/* The widest date_format_short() in this locale, in columns. */
int	 date_short_width(void);
/*
 * "onsdag 3. desember 2026 14:05 (for 3 timer siden)": the relative part
 * (within a week) only when the whole fits in cols columns.
 */
size_t	 date_format_long(const struct date_now *, int64_t, size_t cols,
	    char *, size_t);
/*
 * The user's date-format: NULL when unset (the locale's forms), the
 * strftime format for "iso" (with the time for the article header), or
 * the option as it is.
 */
const char *date_user_format(const char *opt, int header);
/* strftime of the local time t with fmt; 0 when it does not fit. */
size_t	 date_format_user(const char *fmt, int64_t, char *, size_t);
/*
 * The article header's date: "%Y-%m-%d %H:%M" for commands (`show`),
 * else, once date_display_local(1) is called (the terminal interface),
 * the user's date-format or date_format_long().
 */
size_t	 date_format_header(int64_t, const char *opt, size_t cols, char *,
	    size_t);
void	 date_display_local(int on);

#endif
