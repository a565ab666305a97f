/*
 * The config file (../spec/cli.md): `feed`, `set`, `bind`, `unbind`,
 * `color`, `include`, `search`, `ignore`.  The built-in defaults
 * (docs/tidenderc, compiled in) are read by the same parser.
 */
#ifndef TIDENDE_CONFIG_H
#define TIDENDE_CONFIG_H

#include <stddef.h>

#include "tidende/status.h"

struct feed_conf {
	char	*url;		/* http(s)://, file://, or exec:COMMAND */
	char	*title;		/* NULL: the feed's own */
	char	**tags;
	size_t	 ntags;
	char	**translate_argv;	/* per-feed translate=, NULL: global */
	char	*translate_text;	/* as written, for cache keys */
	long	 refresh_minutes;	/* per-feed refresh=, 0: global */
	long	 max_items;		/* per-feed max-items=, -1: global */
	char	*language;		/* per-feed lang=, NULL: the feed's */
	int	 line;			/* where it was defined */
	char	*file;
};

struct saved_search {
	char	*name;
	char	*query;
};

struct config {
	char	*path;		/* the file read, NULL when built-in only */
	int	 builtin_feeds;	/* 1 when the feed list is the default one */
	struct feed_conf *feeds;
	size_t	 nfeeds;
	struct saved_search *searches;
	size_t	 nsearches;
	char	**ignores;	/* `ignore "QUERY"` lines */
	size_t	 nignores;
};

/* The built-in default config text (generated from docs/tidenderc). */
extern const char builtin_config[];

/*
 * Load the built-in defaults, then `path` (NULL: the XDG default when it
 * exists).  Errors: STATUS_BAD_CONFIG with *cause "FILE:LINE: what is
 * wrong"; a missing -c file is an error, a missing default file is not.
 */
enum status	 config_load(struct config *, const char *path, char **cause);
/* Parse config text (named `name` in messages) into cfg. */
enum status	 config_load_text(struct config *, const char *name,
		    const char *text, char **cause);
/* Apply one line as typed after `:` in the interface. */
enum status	 config_apply_line(struct config *, const char *line,
		    char **cause);
void		 config_free(struct config *);
/* $XDG_CONFIG_HOME/tidende/config (caller frees). */
char		*config_default_path(void);

/*
 * Split a command line into argv words by the config's quoting rules
 * (double quotes group, backslash escapes).  NULL-terminated; free with
 * config_argv_free().  NULL on an unbalanced quote.
 */
char		**config_split_words(const char *line, size_t *n);
void		 config_argv_free(char **);

#endif
