/*
 * JSON output for the command-line contract.  Strings are escaped so that
 * no control character (and so no escape sequence) survives.
 */
#ifndef TIDENDE_JSON_H
#define TIDENDE_JSON_H

#include <stdint.h>
#include <stdio.h>

#include "tidende/buf.h"

/* Append s as a JSON string literal ("null" when s is NULL). */
void	json_add_string(struct buf *, const char *s);
/* Append a date as an RFC 3339 string, or null for FEED_NO_DATE. */
void	json_add_date(struct buf *, int64_t);

#endif
