/*
 * The interactive program (`tidende` with no command).  Its parts: the
 * display (display.h), the prompt (prompt.h), the view engine (view.h)
 * and one header per view; ui.c and its ui-*.c files share
 * src/ui-private.h.  Views see the interface only through their struct
 * view_env.
 */
#ifndef TIDENDE_UI_H
#define TIDENDE_UI_H

struct app;

/* Run the interface on an opened app (cmd-tui.c). */
int		 ui_run(struct app *);

#endif
