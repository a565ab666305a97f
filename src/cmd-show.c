/* Placeholder until the owning module lands; replaced by the real command. */
#include <stdio.h>
#include "tidende/cmd.h"

int
cmd_show(struct app *app, int argc, char **argv)
{
	cmd_error(argc > 0 ? argv[0] : "tui", "not built yet");
	return 1;
}
