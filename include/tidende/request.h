/*
 * Every action a key, a `:` command or a test script can ask for, with its
 * name (used by `bind`) and help text, from one table.  Adding an action is
 * one row; the help screen and the manual walk this table.  The `:`
 * commands are a second table of the same kind.
 */
#ifndef TIDENDE_REQUEST_H
#define TIDENDE_REQUEST_H

/* _(group, ID, "name", "help") */
#define REQ_INFO(_) \
	_("Moving", NEXT, "next", "next line") \
	_("Moving", PREV, "prev", "previous line") \
	_("Moving", PAGE_DOWN, "page-down", "page down") \
	_("Moving", PAGE_UP, "page-up", "page up") \
	_("Moving", FIRST, "first", "first line") \
	_("Moving", LAST, "last", "last line") \
	_("Moving", NEXT_UNREAD, "next-unread", "next unread article (next match while searching in an article)") \
	_("Moving", PREV_UNREAD, "prev-unread", "previous unread article (previous match while searching in an article)") \
	_("Moving", HALF_DOWN, "half-page-down", "half a page down") \
	_("Moving", HALF_UP, "half-page-up", "half a page up") \
	_("Views", OPEN, "open", "open the selected article, feed or tag") \
	_("Views", BACK, "back", "back to the previous view, quit at the top") \
	_("Views", QUIT, "quit", "quit at once") \
	_("Views", SWITCH_PANE, "switch-pane", "move focus to the other pane") \
	_("Views", TOGGLE_SIDEBAR, "toggle-sidebar", "show or hide the feeds and tags sidebar") \
	_("Views", VIEW_ALL, "view-all", "all articles") \
	_("Views", VIEW_FEEDS, "view-feeds", "the feeds list, with unread counts and errors") \
	_("Views", VIEW_STARRED, "view-starred", "starred articles") \
	_("Views", TOGGLE_UNREAD_ONLY, "toggle-unread-only", "show only unread articles, or all") \
	_("Views", VIEW_ERRORS, "view-errors", "feeds whose last refresh failed") \
	_("Views", HELP, "help", "this help") \
	_("Views", REDRAW, "redraw", "redraw the screen") \
	_("Articles", TOGGLE_READ, "toggle-read", "mark read or unread (in the list, then move to the next line)") \
	_("Articles", TOGGLE_STAR, "toggle-star", "star or unstar") \
	_("Articles", MARK_ALL_READ, "mark-all-read", "mark every article in the view read") \
	_("Articles", OPEN_LINK, "open-link", "open the link in the browser") \
	_("Articles", COPY_LINK, "copy-link", "copy the link (OSC 52, works over SSH)") \
	_("Articles", TRANSLATE, "translate", "translate the article, or show the original again") \
	_("Articles", FULL_TEXT, "full-text", "the whole article from its web page (fetched once, then cached), or the feed's text again") \
	_("Feeds", REFRESH, "refresh", "refresh the selected feed") \
	_("Feeds", REFRESH_ALL, "refresh-all", "refresh every feed, and sync with the server when sync is on") \
	_("Search", SEARCH, "search", "search every article") \
	_("Search", SEARCH_SORT, "toggle-search-sort", "sort results by relevance or date") \
	_("Search", PROMPT, "prompt", "enter a : command") \
	_("Cancel", CANCEL, "cancel", "cancel the running translation, page fetch or prompt")

enum request {
	REQ_NONE = 0,
#define REQ_ENUM(group, id, name, help) REQ_##id,
	REQ_INFO(REQ_ENUM)
#undef REQ_ENUM
	REQ__COUNT
};

struct request_info {
	const char	*group;
	enum request	 req;
	const char	*name;
	const char	*help;
};

/*
 * The `:` commands: _(ID, "name", "arguments", handler, "help").  The
 * interface runs ui_cmd_HANDLER() (ui-command.c expands this table into
 * its handler table, so a row without a handler does not build); the help
 * screen lists every row.  A line that is no command here is run as an
 * action name (`:toggle-read`) or else as a config line.
 */
#define REQ_COMMANDS(_) \
	_(SET, "set", "OPTION VALUE", config, "change an option (e.g. :set layout vertical)") \
	_(BIND, "bind", "KEY ACTION", config, "bind a key to an action named above") \
	_(UNBIND, "unbind", "KEY", config, "remove a key's binding") \
	_(COLOR, "color", "ELEMENT FG BG [ATTR]", color, "change a colour") \
	_(TAG, "tag", "NAME", tag, "show the articles of one tag") \
	_(FEED, "feed", "TITLE", feed, "show the articles of one feed") \
	_(SEARCH, "search", "QUERY", search, "search, like /") \
	_(SAVE, "save", "NAME", save, "keep the current search in the sidebar") \
	_(OPEN, "open", "N", open, "open link [N] (or an enclosure) of the article") \
	_(COPY, "copy", "N", copy, "copy link [N] (or an enclosure) of the article") \
	_(ALL, "all", "", all, "all articles") \
	_(STARRED, "starred", "", starred, "starred articles") \
	_(UNREAD, "unread", "", unread, "unread articles") \
	_(FEEDS, "feeds", "", feeds, "the feeds and tags sidebar") \
	_(ERRORS, "errors", "", errors, "feeds whose last refresh failed") \
	_(SORT, "sort", "", sort, "sort search results by relevance or date") \
	_(REFRESH, "refresh", "[TAG]", refresh, "refresh every feed, or the feeds of one tag") \
	_(SYNC, "sync", "", sync, "sync with the server now (send changes, fetch new articles)") \
	_(ADD, "add", "URL [TITLE] [TAG...]", add, "subscribe to a feed, or to the feed a web page advertises (--pick N first when it has several)") \
	_(EXEC, "exec", "COMMAND...", exec, "run COMMAND on the article: %u link, %e enclosure, %t title, %f feed URL") \
	_(EXEC_TTY, "exec!", "COMMAND...", exec, "the same, handing it the terminal until it ends") \
	_(PIPE, "pipe", "[--html] COMMAND...", exec, "run COMMAND with the article as shown (or its HTML) on stdin") \
	_(PIPE_TTY, "pipe!", "[--html] COMMAND...", exec, "the same, handing it the terminal (e.g. :pipe! less)") \
	_(FULLTEXT, "fulltext", "", fulltext, "fetch the article's web page again (conditional GET) and show its full text") \
	_(HELP, "help", "", help, "this help") \
	_(QUIT, "quit", "", quit, "quit") \
	_(Q, "q", "", quit, "quit")

enum request_command {
#define REQ_CMD_ENUM(id, name, args, handler, help) REQ_CMD_##id,
	REQ_COMMANDS(REQ_CMD_ENUM)
#undef REQ_CMD_ENUM
	REQ_CMD__COUNT
};

struct request_command_info {
	enum request_command cmd;
	const char	*name;
	const char	*args;		/* "" when none */
	const char	*help;
};

extern const struct request_info request_table[];
extern const unsigned request_table_size;

/* By name ("next-unread"); REQ_NONE when unknown. */
enum request	 request_find(const char *name);
const char	*request_name(enum request);
/* The closest action name to a misspelt one, or NULL. */
const char	*request_suggest(const char *name);

extern const struct request_command_info request_commands[];
extern const unsigned request_commands_size;
/* By name ("tag"); NULL when no `:` command is called that. */
const struct request_command_info *request_command_find(const char *name);

#endif
