/*
 * One typed table of options: parsing, validation, defaults, `:set`, the
 * help screen, `config --default` and the manual all come from it.
 * Adding an option is one row in OPTION_INFO.
 */
#ifndef TIDENDE_OPTIONS_H
#define TIDENDE_OPTIONS_H

#include "tidende/status.h"
#include "tidende/words.h"	/* words_distance(), for the old name */

enum option_type {
	OPT_TYPE_BOOL,		/* yes/no, true/false, on/off */
	OPT_TYPE_INT,		/* with min and max */
	OPT_TYPE_STRING,
	OPT_TYPE_COMMAND,	/* split into argv words by the config's quoting */
	OPT_TYPE_ENUM,		/* one of the |-separated words in `choices` */
};

/*
 * _(ID, name, type, default, min, max, choices, help)
 * Defaults are written as they would be in the config file.
 */
#define OPTION_INFO(_) \
	_(BROWSER, "browser", COMMAND, "", 0, 0, NULL, \
	    "command that opens a link; %u is the link as one argument (default: $BROWSER, else xdg-open)") \
	_(BROWSER_SCHEMES, "browser-schemes", STRING, "http https mailto", 0, 0, NULL, \
	    "link schemes handed to the browser, separated by spaces; others are refused (a feed's javascript:, file: or x-handler: links)") \
	_(TRANSLATE_COMMAND, "translate-command", COMMAND, "", 0, 0, NULL, \
	    "command that reads an article on stdin and writes its translation on stdout") \
	_(TRANSLATE_TIMEOUT, "translate-timeout", INT, "60", 1, 3600, NULL, \
	    "seconds before a translation is given up") \
	_(TRANSLATE_TITLES, "translate-titles", BOOL, "no", 0, 0, NULL, \
	    "translate list titles of feeds in other languages, in the background") \
	_(LANGUAGE, "language", STRING, "", 0, 0, NULL, \
	    "your language (e.g. en); empty: from the locale") \
	_(REFRESH_ON_START, "refresh-on-start", BOOL, "yes", 0, 0, NULL, \
	    "refresh all feeds when the interface starts") \
	_(REFRESH_INTERVAL, "refresh-interval", INT, "30", 0, 10080, NULL, \
	    "minutes between automatic refreshes and syncs (0: never)") \
	_(MAX_CONNECTIONS, "max-connections", INT, "512", 1, 4096, NULL, \
	    "parallel transfers (many: feeds wait for slow servers, not for each other)") \
	_(MAX_HOST_CONNECTIONS, "max-host-connections", INT, "8", 1, 64, NULL, \
	    "parallel transfers to one host (few: be polite to each server)") \
	_(CONNECT_TIMEOUT, "connect-timeout", INT, "15", 1, 600, NULL, \
	    "seconds to wait for a connection") \
	_(DOWNLOAD_TIMEOUT, "download-timeout", INT, "60", 1, 3600, NULL, \
	    "seconds a whole transfer may take") \
	_(MAX_SIZE, "max-size", INT, "32", 1, 4096, NULL, \
	    "largest feed accepted, in megabytes (after decompression)") \
	_(USER_AGENT, "user-agent", STRING, "", 0, 0, NULL, \
	    "User-Agent header (empty: tidende/VERSION)") \
	_(NOTIFY, "notify", BOOL, "no", 0, 0, NULL, \
	    "tell the terminal (OSC 9) when a refresh brought new articles") \
	_(NOTIFY_COMMAND, "notify-command", COMMAND, "", 0, 0, NULL, \
	    "command run after a refresh that brought new articles") \
	_(MAX_ITEMS, "max-items", INT, "0", 0, 1000000, NULL, \
	    "articles kept per feed (0: no limit; starred ones and those the feed still carries are always kept)") \
	_(MAX_AGE, "max-age", INT, "0", 0, 36500, NULL, \
	    "days an article is kept (0: forever; starred are always kept)") \
	_(LAYOUT, "layout", ENUM, "auto", 0, 0, "auto|horizontal|vertical|single", \
	    "pane layout: list beside article (horizontal), above it (vertical), or one at a time") \
	_(SIDEBAR, "sidebar", BOOL, "yes", 0, 0, NULL, \
	    "show the feeds and tags sidebar") \
	_(SIDEBAR_WIDTH, "sidebar-width", INT, "28", 10, 80, NULL, \
	    "sidebar width in columns") \
	_(MOUSE, "mouse", BOOL, "yes", 0, 0, NULL, \
	    "click selects, wheel scrolls") \
	_(SHOW_READ, "show-read", BOOL, "yes", 0, 0, NULL, \
	    "show read articles in lists (no: unread only)") \
	_(DATE_FORMAT, "date-format", STRING, "", 0, 0, NULL, \
	    "strftime format of dates in the article list and header (empty: the locale's, 14:05 today; iso: 2026-12-03)") \
	_(CURSOR_ON_SELECTION, "cursor-on-selection", BOOL, "no", 0, 0, NULL, \
	    "keep the terminal cursor on the selected line (screen readers)") \
	_(CONFIRM_QUIT, "confirm-quit", BOOL, "no", 0, 0, NULL, \
	    "ask before quitting") \
	_(SEARCH_SORT, "search-sort", ENUM, "relevance", 0, 0, "relevance|date", \
	    "order of search results") \
	_(SYNC_BACKEND, "sync-backend", ENUM, "none", 0, 0, "none|ttrss|greader", \
	    "aggregator server to sync read and starred state with (none: off)") \
	_(SYNC_URL, "sync-url", STRING, "", 0, 0, NULL, \
	    "the sync server's base URL (ttrss: the install's, e.g. https://example.org/tt-rss/; greader: the API base, e.g. https://example.org/api/greader.php)") \
	_(SYNC_USER, "sync-user", STRING, "", 0, 0, NULL, \
	    "user name on the sync server (another user or sync-url: the old account's feeds and waiting changes are dropped at the next sync)") \
	_(SYNC_PASSWORD_COMMAND, "sync-password-command", COMMAND, "", 0, 0, NULL, \
	    "command whose first line of output is the sync password (run without a shell)") \
	_(SYNC_PASSWORD_FILE, "sync-password-file", STRING, "", 0, 0, NULL, \
	    "file whose first line is the sync password; mode 0600 or stricter")

enum option_id {
#define OPTION_ENUM(id, name, type, def, min, max, choices, help) OPT_##id,
	OPTION_INFO(OPTION_ENUM)
#undef OPTION_ENUM
	OPT__COUNT
};

struct option_entry {
	enum option_id	 id;
	const char	*name;
	enum option_type type;
	const char	*def;
	long		 min;
	long		 max;
	const char	*choices;
	const char	*help;
};

extern const struct option_entry options_table[OPT__COUNT];

/* Reset every option to its default. */
void		 options_init(void);
void		 options_free(void);
/* By name; NULL when unknown. */
const struct option_entry *options_find(const char *name);
/* The closest option name to a misspelt one (for "did you mean"), or NULL. */
const char	*options_suggest(const char *name);
/* Parse and set; on error *cause says what is wrong (caller frees). */
enum status	 options_set(const char *name, const char *value, char **cause);
/* The value as it would be written in the config file (caller frees). */
char		*options_get_text(enum option_id);

int		 options_bool(enum option_id);
long		 options_int(enum option_id);
const char	*options_str(enum option_id);	/* never NULL */
/* COMMAND options as argv words (NULL-terminated; NULL when empty). */
char * const	*options_argv(enum option_id);

/*
 * Called after every successful options_set (`:set`, config lines), so
 * the interface can redraw or re-lay out; NULL to stop.
 */
void		 options_set_notify(void (*)(enum option_id, void *), void *);
/* Back to the default from the table. */
enum status	 options_reset(const char *name, char **cause);
/* The default as it would be written in the config file (caller frees). */
char		*options_default_text(enum option_id);
/* What values the option takes: "yes|no", "1-3600", "command"... (caller frees). */
char		*options_type_text(const struct option_entry *);
/* yes/true/on/1 -> 1, no/false/off/0 -> 0, anything else -1. */
int		 options_parse_bool(const char *);
/* A whole number within [min, max]; else *cause says why (caller frees). */
enum status	 options_parse_int(const char *, long min, long max, long *,
		    char **cause);
/* Quote a value when needed so it reads back as one config word. */
char		*options_quote(const char *);
/*
 * A COMMAND value as argv words (config quoting; one quoted word holding
 * a whole command is split again).  NULL when empty, or on an unbalanced
 * quote with *cause set.
 */
char		**options_split_command(const char *, char **cause);

#endif
