/*
 * Between the config file's reader (config.c: words, includes, the
 * commands' table, loading) and its `feed` lines (config-feed.c: a
 * feed's options and what the rest of the program asks of a feed's
 * settings).  Nothing else includes it.
 */
#ifndef TIDENDE_CONFIG_PRIVATE_H
#define TIDENDE_CONFIG_PRIVATE_H

#include <stddef.h>

#include "tidende/config.h"
#include "tidende/status.h"
#include "tidende/words.h"

/* A file being read; files include others, so a chain. */
struct config_source {
	const char		*name;	/* for messages, NULL: no location */
	char			*real;	/* realpath, for include loops */
	int			 builtin;
	int			 depth;
	struct config_source	*parent;
};

struct config_line {
	struct config		*cfg;
	struct config_source	*src;
	int			 lineno;
	struct words_token	*w;
	size_t			 n;
	const char		*end;	/* end of the text before any comment */
	char			*cause;
};

/* config.c: the line's error, "FILE:LINE: " and the message, as its cause. */
enum status	 config_error(struct config_line *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* config-feed.c */
enum status	 config_cmd_feed(struct config_line *);
void		 config_feeds_clear(struct config *);

#endif
