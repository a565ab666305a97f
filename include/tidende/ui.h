/*
 * The interactive program: its state (panes, focus, prompt, search,
 * refresh, translation) and what the display and the prompt call back.
 * The display (display.h), the prompt (prompt.h) and the views (view.h
 * and one header per view) are its parts; views see it only through
 * their struct view_env.
 */
#ifndef TIDENDE_UI_H
#define TIDENDE_UI_H

#include <stdint.h>

#include "tidende/app.h"
#include "tidende/buf.h"
#include "tidende/display.h"
#include "tidende/items-view.h"
#include "tidende/prompt.h"
#include "tidende/request.h"
#include "tidende/status.h"
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
	unsigned	 spinner_timer;
	int		 spinner;
	struct translate_job *translate;
	int64_t		 translate_id;
	unsigned	 message_timer;
	int		 exit_signal;	/* the signal that ended the interface */
	int		 confirm_quit;	/* asked "Quit?", waiting for y */
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
/* Run a `:` command line. */
void		 ui_command(struct ui *, const char *);
/* Set the active search terms for highlighting (NULL: none). */
void		 ui_set_terms(struct ui *, const char *query);

/* Run the interface on an opened app (cmd-tui.c). */
int		 ui_run(struct app *);

#endif
