/*
 * The config file (../spec/cli.md): `feed`, `set`, `bind`, `unbind`,
 * `color`, `include`, `search`, `ignore`.  The built-in defaults
 * (docs/tidenderc, compiled in) are read by the same parser.
 */
#ifndef TIDENDE_CONFIG_H
#define TIDENDE_CONFIG_H

#include <stddef.h>

#include "tidende/config-color.h"
#include "tidende/hash.h"
#include "tidende/status.h"
#include "tidende/words.h"	/* words_split(), for the old names */

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
	int	 full_text;		/* per-feed full-text=yes: fetch each
					   new article's web page */
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
	struct color_rule colors[COLOR_EL__COUNT];

	size_t	 feeds_cap;	/* private: room in feeds */
	struct hash_index index;	/* private: feeds by URL */
};

/* The built-in default config text (generated from docs/tidenderc). */
extern const char builtin_config[];

/*
 * Load the built-in defaults, then `path` (NULL: the XDG default when it
 * exists).  Errors: STATUS_BAD_CONFIG with *cause "FILE:LINE: what is
 * wrong"; a missing -c file is an error, a missing default file is not.
 */
enum status	 config_load(struct config *, const char *path, char **cause);
/* The built-in defaults alone (options reset, key map refilled). */
enum status	 config_load_builtin(struct config *, char **cause);
/* Parse config text (named `name` in messages) into cfg. */
enum status	 config_load_text(struct config *, const char *name,
		    const char *text, char **cause);
/* Apply one line as typed after `:` in the interface. */
enum status	 config_apply_line(struct config *, const char *line,
		    char **cause);
/* Frees cfg only: the options and the key map stay as they were. */
void		 config_free(struct config *);
/*
 * Append text (whole lines) to a config file, creating it user-only
 * (0600, directories 0700) when missing, after a newline if the file does
 * not end in one.  *cause is "PATH: why".
 */
enum status	 config_append(const char *path, const char *text,
		    char **cause);
/* $XDG_CONFIG_HOME/tidende/config (caller frees). */
char		*config_default_path(void);

/* The colour of an element (never NULL; .set is 0 when not configured). */
const struct color_rule *config_color(const struct config *,
		    enum color_element);
/* Is this a URL a `feed` line takes (http, https, file, exec:)? */
int		 config_url_ok(const char *);
/* Per-feed settings, falling back to the global options. */
long		 config_feed_max_items(const struct feed_conf *);
long		 config_feed_refresh_minutes(const struct feed_conf *);
char * const	*config_feed_translate_argv(const struct feed_conf *);
/* The translate command as written (for cache keys); "" when none. */
const char	*config_feed_translate_text(const struct feed_conf *);
/* The argv words of an exec:COMMAND feed; NULL when not exec:. */
char		**config_exec_argv(const struct feed_conf *);
/* A language code as lang= takes it (en, nb, pt-BR)? */
int		 config_lang_ok(const char *);
/* The feed with this URL, or NULL. */
struct feed_conf *config_find_feed(const struct config *, const char *url);

#endif
