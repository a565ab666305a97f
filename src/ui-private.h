/*
 * The interface's state and what its files (ui.c: panes, search, refresh,
 * requests, the loop; ui-command.c: the `:` commands; ui-link.c: opening
 * and copying links; ui-translate.c: translating the open article) share.
 * Private to those files: views and the display never include it.
 */
#ifndef TIDENDE_UI_PRIVATE_H
#define TIDENDE_UI_PRIVATE_H

#include <stdint.h>

#include "tidende/app.h"
#include "tidende/buf.h"
#include "tidende/display.h"
#include "tidende/items-view.h"
#include "tidende/prompt.h"
#include "tidende/request.h"
#include "tidende/status.h"
#include "tidende/ui.h"
#include "tidende/view.h"

struct ui {
	struct app	*app;
	struct db	*db;
	uint64_t	 generation;
	struct display	 dpy;		/* panes, focus, layout, status line */
	struct view	*items;		/* the article list (bottom of the stack) */
	struct view	*feeds;
	struct view	*article;

	int64_t		 message_time;

	struct prompt	 prompt;
	struct view	*search_from;	/* list before `/`, for Esc */
	struct items_spec search_back;
	char		*search_back_tag;
	char		*search_back_label;
	int		 search_back_valid;
	size_t		 search_back_lineno;
	size_t		 search_back_offset;
	char		*scope_query;	/* `feed:"URL"` or `tag:"NAME"`, or NULL */
	unsigned	 search_timer;
	struct view_env	 env;		/* what the views see (search terms too) */

	struct refresh	*refresh;
	unsigned	 refresh_timer;
	unsigned	 clock_timer;	/* each minute: dates on screen age */
	unsigned	 spinner_timer;
	int		 spinner;
	struct translate_job *translate;
	int64_t		 translate_id;
	struct fulltext_job *fulltext;	/* the page of the open article */
	int64_t		 fulltext_id;
	unsigned	 fulltext_timer;
	int		 fulltext_spin;
	unsigned	 message_timer;
	int		 exit_signal;	/* the signal that ended the interface */
	int		 confirm_quit;	/* asked "Quit?", waiting for y */
	int		 quit_waiting;	/* quit once the busy cache has the
					   queued changes (db-queue.h) */
	int		 quit_now;	/* ... quit asked for again: no wait */
	int		 exec_terminal;	/* an exec!/pipe! command has the tty */

	/* Sync with the server (ui-sync.c); all zero when sync is off. */
	struct sync	*sync;		/* the running sync, or NULL */
	int64_t		 sync_account;	/* the account's id, 0: sync off */
	int		 sync_status;	/* how the last one ended, -1: none yet */
	int		 sync_tries;	/* failed syncs in a row */
	unsigned	 sync_timer;	/* the retry after a failure */
	int		 sync_quitting;	/* cancelled on quit: no retry, no message */
	int		 sync_ended;	/* done() ran (maybe inside sync_start()) */

	struct ui_add	*add;		/* the running `:add` (ui-add.c) */
};

void		 ui_message(struct ui *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 ui_error(struct ui *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* Show an article in the article pane (marks it read). */
void		 ui_open_article(struct ui *, int64_t id);
/* Point the article list at spec and focus it. */
void		 ui_show_items(struct ui *, const struct items_spec *);
void		 ui_focus(struct ui *, enum display_pane);
/* A request from a key, a `:` command or a script. */
void		 ui_request(struct ui *, enum request);
/* Set the active search terms for highlighting (NULL: none). */
void		 ui_set_terms(struct ui *, const char *query);
/* Refresh one feed (url), one tag, or everything (both NULL). */
void		 ui_refresh(struct ui *, const char *url, const char *tag);

/* ------------------------------------------------------- ui-command.c */

/* Run a `:` command line (a row of REQ_COMMANDS, an action name, or a
 * config line). */
void		 ui_command_run(struct ui *, const char *line);

/* ---------------------------------------------------------- ui-link.c */

/* Open a link in the browser, or copy it with OSC 52; given NULL, the
 * link of the focused article or row. */
void		 ui_link_open(struct ui *, const char *given);
void		 ui_link_copy(struct ui *, const char *given);

/* ---------------------------------------------------------- ui-sync.c */

/* With sync on: the account (turns the cache's queue of changes on) and
 * the status line's sync state.  Before any key. */
void		 ui_sync_init(struct ui *);
/* Start a sync in the loop, unless one runs (explicit: say why not). */
void		 ui_sync_start(struct ui *, int explicit);
/* The store changed: count the changes waiting again. */
void		 ui_sync_changed(struct ui *);
/* Quitting: cancel a running sync (its queue stays in the cache). */
void		 ui_sync_done(struct ui *);

/* ----------------------------------------------------------- ui-add.c */

/* `:add [--pick N] URL [TITLE] [TAG...]`, the words after `add`. */
void		 ui_add_start(struct ui *, char **w, size_t n);
/* Quitting: cancel a running `:add`. */
void		 ui_add_done(struct ui *);

/* ----------------------------------------------------- ui-translate.c */

/* Translate the open article, or show the original again. */
void		 ui_translate_toggle(struct ui *);
/*
 * `:exec`, `:exec!`, `:pipe`, `:pipe!` (HOW) with the command's words
 * (ui-exec.c): the user's command on the article the focused pane means.
 */
void		 ui_exec_run(struct ui *, const char *how, char *const *words,
		    size_t n);

/* ------------------------------------------------------ ui-fulltext.c */

/*
 * The open article's full text from its web page: shown from the cache,
 * else fetched in the background; shown already: the feed's text again.
 * again: fetch the page anew (a conditional GET) whatever is cached.
 */
void		 ui_fulltext(struct ui *, int again);

#endif
