/*
 * Status codes with their messages, from one table.  Functions that can
 * fail return enum status and, where useful, a `char **cause` the caller
 * frees.
 */
#ifndef TIDENDE_STATUS_H
#define TIDENDE_STATUS_H

#define STATUS_INFO(_) \
	_(OK,		"success") \
	_(ERROR,	"error") \
	_(USAGE,	"usage error") \
	_(NOT_FEED,	"not a feed") \
	_(BAD_CONFIG,	"error in the config file") \
	_(NO_MEMORY,	"out of memory") \
	_(IO,		"input/output error") \
	_(DB,		"cache database error") \
	_(NOT_FOUND,	"not found") \
	_(NETWORK,	"network error") \
	_(TOO_BIG,	"too big") \
	_(TIMEOUT,	"timed out") \
	_(CANCELLED,	"cancelled") \
	_(UNCHANGED,	"unchanged")

enum status {
#define STATUS_ENUM(id, msg) STATUS_##id,
	STATUS_INFO(STATUS_ENUM)
#undef STATUS_ENUM
};

const char *status_message(enum status);

/* Exit codes of the command-line contract (../spec/cli.md). */
#define EXIT_USAGE	64
#define EXIT_DATAERR	65
#define EXIT_UNAVAIL	69

#endif
