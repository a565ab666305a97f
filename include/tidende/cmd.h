/*
 * The commands of the command-line contract (../spec/cli.md), the table
 * main.c dispatches from.  Each returns the process exit status; argv[0]
 * is the command name.  Rule: src/cmd-NAME.c exports only its entry
 * points, named cmd_NAME (or cmd_NAME_WHAT when one file has several),
 * all declared here; what commands share is in tidende/app.h.
 */
#ifndef TIDENDE_CMD_H
#define TIDENDE_CMD_H

#include "tidende/app.h"

int	cmd_tui(struct app *, int argc, char **argv);
int	cmd_refresh(struct app *, int argc, char **argv);
int	cmd_parse(struct app *, int argc, char **argv);
int	cmd_list(struct app *, int argc, char **argv);
int	cmd_search(struct app *, int argc, char **argv);
int	cmd_show(struct app *, int argc, char **argv);
int	cmd_translate(struct app *, int argc, char **argv);
int	cmd_opml_import(struct app *, int argc, char **argv);
int	cmd_opml_export(struct app *, int argc, char **argv);
int	cmd_config(struct app *, int argc, char **argv);
int	cmd_mark(struct app *, int argc, char **argv);
int	cmd_sync(struct app *, int argc, char **argv);
int	cmd_discover(struct app *, int argc, char **argv);
int	cmd_add(struct app *, int argc, char **argv);
int	cmd_complete(struct app *, int argc, char **argv);
int	cmd_check(struct app *, int argc, char **argv);

#endif
