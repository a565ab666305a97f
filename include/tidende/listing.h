/*
 * Article lists on stdout for `list` and `search`: one line per article
 * (`ID  DATE  FEED  TITLE`) or the JSON array of the command-line contract.
 * Rows are streamed page by page, so memory does not grow with the cache.
 */
#ifndef TIDENDE_LISTING_H
#define TIDENDE_LISTING_H

#include <stdio.h>

#include "tidende/db-items.h"

/*
 * Print up to `limit` rows of the filter (0: all).  Returns the exit
 * status (64 for a mistyped search, after printing the message as
 * `tidende: what: why`).
 */
int	cmd_list_print(struct db *, const struct db_filter *, size_t limit,
	    int json, FILE *out, const char *what);

#endif
