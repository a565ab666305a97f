/*
 * Every action a key, a `:` command or a test script can ask for, with its
 * name (used by `bind`) and help text, from one table.  Adding an action is
 * one row; the help screen and the manual walk this table.  The `:`
 * commands are a second table of the same kind.
 */
#ifndef TIDENDE_REQUEST_H
#define TIDENDE_REQUEST_H

#include "tidende/i18n.h"

/*
 * _(group, ID, "name", "help"): the group and the help are marked N_()
 * for translation (help-view.c shows them through _()); the name is what
 * `bind` takes and stays.
 */
#define REQ_INFO(_) \
	_(N_("Moving"), NEXT, "next", N_("next line")) \
	_(N_("Moving"), PREV, "prev", N_("previous line")) \
	_(N_("Moving"), PAGE_DOWN, "page-down", N_("page down")) \
	_(N_("Moving"), PAGE_UP, "page-up", N_("page up")) \
	_(N_("Moving"), FIRST, "first", N_("first line")) \
	_(N_("Moving"), LAST, "last", N_("last line")) \
	_(N_("Moving"), NEXT_UNREAD, "next-unread", N_("next unread article (next match while searching in an article)")) \
	_(N_("Moving"), PREV_UNREAD, "prev-unread", N_("previous unread article (previous match while searching in an article)")) \
	_(N_("Moving"), HALF_DOWN, "half-page-down", N_("half a page down")) \
	_(N_("Moving"), HALF_UP, "half-page-up", N_("half a page up")) \
	_(N_("Views"), OPEN, "open", N_("open the selected article, feed or tag")) \
	_(N_("Views"), BACK, "back", N_("back to the previous view, quit at the top")) \
	_(N_("Views"), QUIT, "quit", N_("quit at once")) \
	_(N_("Views"), SWITCH_PANE, "switch-pane", N_("move focus to the other pane")) \
	_(N_("Views"), TOGGLE_SIDEBAR, "toggle-sidebar", N_("show or hide the feeds and tags sidebar")) \
	_(N_("Views"), VIEW_ALL, "view-all", N_("all articles")) \
	_(N_("Views"), VIEW_FEEDS, "view-feeds", N_("the feeds list, with unread counts and errors")) \
	_(N_("Views"), VIEW_STARRED, "view-starred", N_("starred articles")) \
	_(N_("Views"), TOGGLE_UNREAD_ONLY, "toggle-unread-only", N_("show only unread articles, or all")) \
	_(N_("Views"), VIEW_ERRORS, "view-errors", N_("feeds whose last refresh failed")) \
	_(N_("Views"), HELP, "help", N_("this help")) \
	_(N_("Views"), REDRAW, "redraw", N_("redraw the screen")) \
	_(N_("Articles"), TOGGLE_READ, "toggle-read", N_("mark read or unread (in the list, then move to the next line)")) \
	_(N_("Articles"), TOGGLE_STAR, "toggle-star", N_("star or unstar")) \
	_(N_("Articles"), MARK_ALL_READ, "mark-all-read", N_("mark every article in the view read")) \
	_(N_("Articles"), OPEN_LINK, "open-link", N_("open the link in the browser")) \
	_(N_("Articles"), COPY_LINK, "copy-link", N_("copy the link (OSC 52, works over SSH)")) \
	_(N_("Articles"), TRANSLATE, "translate", N_("translate the article, or show the original again")) \
	_(N_("Articles"), FULL_TEXT, "full-text", N_("the whole article from its web page (fetched once, then cached), or the feed's text again")) \
	_(N_("Feeds"), REFRESH, "refresh", N_("refresh the selected feed")) \
	_(N_("Feeds"), REFRESH_ALL, "refresh-all", N_("refresh every feed, and sync with the server when sync is on")) \
	_(N_("Search"), SEARCH, "search", N_("search every article")) \
	_(N_("Search"), SEARCH_SORT, "toggle-search-sort", N_("sort results by relevance or date")) \
	_(N_("Search"), PROMPT, "prompt", N_("enter a : command")) \
	_(N_("Cancel"), CANCEL, "cancel", N_("cancel the running translation, page fetch or prompt"))

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
 * action name (`:toggle-read`) or else as a config line.  The help is
 * marked N_() for translation; names and arguments stay.
 */
#define REQ_COMMANDS(_) \
	_(SET, "set", "OPTION VALUE", config, N_("change an option (e.g. :set layout vertical)")) \
	_(BIND, "bind", "KEY ACTION", config, N_("bind a key to an action named above")) \
	_(UNBIND, "unbind", "KEY", config, N_("remove a key's binding")) \
	_(COLOR, "color", "ELEMENT FG BG [ATTR]", color, N_("change a colour")) \
	_(TAG, "tag", "NAME", tag, N_("show the articles of one tag")) \
	_(FEED, "feed", "TITLE", feed, N_("show the articles of one feed")) \
	_(SEARCH, "search", "QUERY", search, N_("search, like /")) \
	_(SAVE, "save", "NAME", save, N_("keep the current search in the sidebar")) \
	_(OPEN, "open", "N", open, N_("open link [N] (or an enclosure) of the article")) \
	_(COPY, "copy", "N", copy, N_("copy link [N] (or an enclosure) of the article")) \
	_(ALL, "all", "", all, N_("all articles")) \
	_(STARRED, "starred", "", starred, N_("starred articles")) \
	_(UNREAD, "unread", "", unread, N_("unread articles")) \
	_(FEEDS, "feeds", "", feeds, N_("the feeds and tags sidebar")) \
	_(ERRORS, "errors", "", errors, N_("feeds whose last refresh failed")) \
	_(SORT, "sort", "", sort, N_("sort search results by relevance or date")) \
	_(REFRESH, "refresh", "[TAG]", refresh, N_("refresh every feed, or the feeds of one tag")) \
	_(SYNC, "sync", "", sync, N_("sync with the server now (send changes, fetch new articles)")) \
	_(ADD, "add", "URL [TITLE] [TAG...]", add, N_("subscribe to a feed, or to the feed a web page advertises (--pick N first when it has several)")) \
	_(EXEC, "exec", "COMMAND...", exec, N_("run COMMAND on the article: %u link, %e enclosure, %t title, %f feed URL")) \
	_(EXEC_TTY, "exec!", "COMMAND...", exec, N_("the same, handing it the terminal until it ends")) \
	_(PIPE, "pipe", "[--html] COMMAND...", exec, N_("run COMMAND with the article as shown (or its HTML) on stdin")) \
	_(PIPE_TTY, "pipe!", "[--html] COMMAND...", exec, N_("the same, handing it the terminal (e.g. :pipe! less)")) \
	_(FULLTEXT, "fulltext", "", fulltext, N_("fetch the article's web page again (conditional GET) and show its full text")) \
	_(HELP, "help", "", help, N_("this help")) \
	_(QUIT, "quit", "", quit, N_("quit")) \
	_(Q, "q", "", quit, N_("quit"))

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
