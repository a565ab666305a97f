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
struct ui;

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

#endif
