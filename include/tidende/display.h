/*
 * The screen: curses set-up and tear-down, the pane layout, the title and
 * status lines, key and mouse input, resizing, suspending, colours from
 * `color` lines and OSC 52.  Drawing happens only in display_update().
 */
#ifndef TIDENDE_DISPLAY_H
#define TIDENDE_DISPLAY_H

#include <stddef.h>

#include "tidende/status.h"

struct config;
struct prompt;
struct view;

enum display_pane {
	DISPLAY_SIDEBAR,
	DISPLAY_LIST,
	DISPLAY_ARTICLE,
	DISPLAY__PANES
};

enum display_layout {
	DISPLAY_LAYOUT_HORIZONTAL,	/* list beside article */
	DISPLAY_LAYOUT_VERTICAL,	/* list above article */
	DISPLAY_LAYOUT_SINGLE,		/* one pane at a time */
};

/*
 * What is on the screen: the interface fills it in and marks what changed;
 * the display lays it out, draws it and hands keys back through key() and
 * mouse().
 */
struct display {
	struct view	*pane[DISPLAY__PANES];	/* NULL when not shown */
	enum display_pane focus;
	enum display_layout layout;	/* the one in effect */
	int		 sidebar;	/* shown */
	int		 cols, rows;
	int		 relayout;
	int		 redraw_all;
	int		 title_dirty;
	int		 status_dirty;
	char		*message;	/* status line (owned by the interface) */
	int		 message_error;
	char		*sync_line;	/* "sync: ...", right of the message, or NULL
					 * (owned by the interface) */
	struct prompt	*prompt;	/* drawn on the status line when open */
	int		 quit;		/* stop reading keys */

	void		*arg;
	/* One key (curses code); a mouse click or wheel (-1 up, 1 down). */
	void		(*key)(void *, int key, int is_function);
	void		(*mouse)(void *, int x, int y, int wheel);
};

/* Curses up; returns 0, or -1 with *cause. */
int		 display_init(struct display *, const struct config *,
		    char **cause);
void		 display_done(void);
/* Read every pending key; calls key() or mouse() for each. */
void		 display_read_keys(struct display *);
/* Lay out panes for the current size and layout option. */
void		 display_layout(struct display *);
/* New terminal size (SIGWINCH). */
void		 display_resize(struct display *);
/* Draw what is dirty: wnoutrefresh each window, one doupdate. */
void		 display_update(struct display *);
void		 display_suspend(struct display *);
/* Copy text to the clipboard with OSC 52. */
void		 display_osc52(const char *text);
/* Leave curses while a child process owns the terminal. */
void		 display_pause(void);
void		 display_resume(struct display *);
/* The `color` lines the config file set (cfg->colors). */
void		 display_config_colors(const struct config *);
/* `color ELEMENT FG BG [ATTR...]`: argv words without `color`. */
enum status	 display_color(char *const *argv, size_t argc, char **cause);
/* The pane at screen (x, y) and the row in it; -1 when none. */
int		 display_pane_at(int x, int y, int *row);
/* The terminal width and height. */
void		 display_size(int *cols, int *rows);

#endif
