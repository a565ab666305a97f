/*
 * Article lists on stdout for `list` and `search`: one line per article
 * (`ID  DATE  FEED  TITLE`), the JSON array of the command-line contract,
 * or tab-separated values (`--format tsv`: the JSON keys in their order,
 * one article a line, no header; tab, newline, carriage return and
 * backslash in a field written as \t \n \r \\; an absent date or text
 * an empty field; read and starred 0 or 1).
 * Rows are streamed page by page, so memory does not grow with the cache.
 */
#ifndef TIDENDE_LISTING_H
#define TIDENDE_LISTING_H

#include <stdio.h>

#include "tidende/db-items.h"

enum listing_format {
	LISTING_TEXT,
	LISTING_JSON,		/* 1: callers may pass a `json` flag */
	LISTING_TSV,
};

/*
 * The value of --format (text, tsv, json); -1 when it is none of them.
 */
int	cmd_list_format(const char *);

/*
 * Print up to `limit` rows of the filter (0: all).  Returns the exit
 * status (64 for a mistyped search, after printing the message as
 * `tidende: what: why`).
 */
int	cmd_list_print(struct db *, const struct db_filter *, size_t limit,
	    int format, FILE *out, const char *what);

#endif
