/*
 * The interactive program: its state (panes, focus, prompt, refresh), the
 * display (curses set-up, layout, title and status lines) and the prompt.
 * Only display, draw and the views call curses.
 */
#ifndef TIDENDE_UI_H
#define TIDENDE_UI_H

#include <stdint.h>

#include "tidende/app.h"
#include "tidende/buf.h"
#include "tidende/request.h"
#include "tidende/status.h"
#include "tidende/view.h"

enum ui_pane {
	UI_SIDEBAR,
	UI_LIST,
	UI_ARTICLE,
	UI__PANES
};

enum ui_layout {
	UI_LAYOUT_HORIZONTAL,	/* list beside article */
	UI_LAYOUT_VERTICAL,	/* list above article */
	UI_LAYOUT_SINGLE,	/* one pane at a time */
};

enum prompt_kind {
	PROMPT_NONE,
	PROMPT_COMMAND,		/* `:` */
	PROMPT_SEARCH,		/* `/` */
};

struct prompt {
	enum prompt_kind kind;
	struct buf	 text;
	size_t		 cursor;	/* byte offset */
	size_t		 hpos;		/* == history length: the new line */
	char		*saved;		/* the line being typed while browsing */
	struct buf	 shown;		/* what prompt_text() returned */
};

struct ui {
	struct app	*app;
	struct db	*db;
	uint64_t	 generation;
	struct view	*pane[UI__PANES];	/* NULL when not shown */
	struct view	*items;		/* the article list (bottom of the stack) */
	struct view	*feeds;
	struct view	*article;
	enum ui_pane	 focus;
	enum ui_layout	 layout;	/* the one in effect */
	int		 sidebar;	/* shown */
	int		 cols, rows;
	int		 relayout;
	int		 redraw_all;
	int		 title_dirty;
	int		 status_dirty;

	char		*message;	/* status line */
	int		 message_error;
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
	char		*scope_label;	/* "tag odd" */
	int		 scope_on;	/* Tab in the prompt toggles */
	unsigned	 search_timer;
	char		**terms;	/* highlight terms of the active search */
	size_t		 nterms;

	struct refresh	*refresh;
	unsigned	 refresh_timer;
	unsigned	 spinner_timer;
	int		 spinner;
	struct translate_job *translate;
	int64_t		 translate_id;
	unsigned	 message_timer;
	int		 quit;
	int		 exit_signal;	/* the signal that ended the interface */
	int		 confirm_quit;	/* asked "Quit?", waiting for y */
};

/* -------------------------------------------------------------- ui.c */

void		 ui_message(struct ui *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 ui_error(struct ui *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* Show an article in the article pane (marks it read). */
void		 ui_open_article(struct ui *, int64_t id);
/* Point the article list at spec and focus it. */
void		 ui_show_items(struct ui *, const struct items_spec *);
void		 ui_focus(struct ui *, enum ui_pane);
/* A request from a key, a `:` command or a script. */
void		 ui_request(struct ui *, enum request);
/* Run a `:` command line. */
void		 ui_command(struct ui *, const char *);
/* Set the active search terms for highlighting (NULL: none). */
void		 ui_set_terms(struct ui *, const char *query);

/* --------------------------------------------------------- display.c */

/* Curses up; returns 0, or -1 with *cause. */
int		 display_init(struct ui *, char **cause);
void		 display_done(void);
/* Read every pending key; calls ui_key() for each. */
void		 display_read_keys(struct ui *);
/* Lay out panes for the current size and layout option. */
void		 display_layout(struct ui *);
/* New terminal size (SIGWINCH). */
void		 display_resize(struct ui *);
/* Draw what is dirty: wnoutrefresh each window, one doupdate. */
void		 display_update(struct ui *);
void		 display_suspend(struct ui *);
/* Copy text to the clipboard with OSC 52. */
void		 display_osc52(const char *text);
/* Leave curses while a child process owns the terminal. */
void		 display_pause(void);
void		 display_resume(struct ui *);
/* The `color` lines the config file set (cfg->colors). */
void		 display_config_colors(const struct config *);
/* `color ELEMENT FG BG [ATTR...]`: argv words without `color`. */
enum status	 display_color(char *const *argv, size_t argc, char **cause);
/* The pane at screen (x, y) and the row in it; -1 when none. */
int		 display_pane_at(int x, int y, int *row);
/* The terminal width and height. */
void		 display_size(int *cols, int *rows);

/* From display_read_keys: one key (curses code). */
void		 ui_key(struct ui *, int key, int is_function);
void		 ui_mouse(struct ui *, int x, int y, int wheel);

/* ---------------------------------------------------------- prompt.c */

void		 prompt_init(struct prompt *);
void		 prompt_free(struct prompt *);
void		 prompt_open(struct ui *, enum prompt_kind, const char *initial);
/* A key while the prompt is open; returns 1 when it was used. */
int		 prompt_key(struct ui *, int key, int is_function);
/* Draw the prompt on the status line text (display.c calls it). */
const char	*prompt_text(struct ui *, size_t *cursor_cols);
/* Search history in $XDG_STATE_HOME/tidende/search-history. */
void		 prompt_history_load(void);
void		 prompt_history_free(void);

/* From the prompt (ui.c): the text changed; Enter (1) or Esc (0). */
void		 ui_prompt_changed(struct ui *);
void		 ui_prompt_finish(struct ui *, int accepted, const char *text);
/* Tab in the search prompt: the current feed or tag, or everything. */
void		 ui_prompt_scope(struct ui *);

/* Run the interface on an opened app (cmd-tui.c). */
int		 ui_run(struct app *);

#endif
