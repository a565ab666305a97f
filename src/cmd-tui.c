/*
 * `tidende` with no command: the terminal interface (ui.c).
 */
#include "tidende/cmd.h"
#include "tidende/ui.h"

int
cmd_tui(struct app *app, int argc, char **argv)
{
	return ui_run(app);
}
