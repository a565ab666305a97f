/* Placeholder: the parse area replaces this with the full date parser. */
#include <stdio.h>
#include <time.h>

#include "tidende/date.h"
#include "tidende/feed.h"

int64_t
date_parse(const char *s)
{
	return FEED_NO_DATE;
}

void
date_format_rfc3339(int64_t t, char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
