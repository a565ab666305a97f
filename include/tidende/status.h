/*
 * Status codes with their messages, from one table.  Functions that can
 * fail return enum status and, where useful, a `char **cause` the caller
 * frees.  The messages are marked N_() for translation: status_message()
 * gives them in the reader's language (tidende/i18n.h).
 */
#ifndef TIDENDE_STATUS_H
#define TIDENDE_STATUS_H

#define STATUS_INFO(_) \
	_(OK,		N_("success")) \
	_(ERROR,	N_("error")) \
	_(USAGE,	N_("usage error")) \
	_(NOT_FEED,	N_("not a feed")) \
	_(BAD_CONFIG,	N_("error in the config file")) \
	_(NO_MEMORY,	N_("out of memory")) \
	_(IO,		N_("input/output error")) \
	_(DB,		N_("cache database error")) \
	_(NOT_FOUND,	N_("not found")) \
	_(NETWORK,	N_("network error")) \
	_(TOO_BIG,	N_("too big")) \
	_(TIMEOUT,	N_("timed out")) \
	_(CANCELLED,	N_("cancelled")) \
	_(UNCHANGED,	N_("unchanged"))

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
