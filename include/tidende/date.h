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

#endif
