/*
 * The commands of the command-line contract (../spec/cli.md), the table
 * main.c dispatches from.  Each returns the process exit status; argv[0]
 * is the command name.  Rule: src/cmd-NAME.c exports only its entry
 * points, named cmd_NAME (or cmd_NAME_WHAT when one file has several),
 * all declared here; what commands share is in tidende/app.h.
 */
#ifndef TIDENDE_CMD_H
#define TIDENDE_CMD_H

#include <stddef.h>

#include "tidende/app.h"
#include "tidende/sync.h"

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
int	cmd_index(struct app *, int argc, char **argv);
/*
 * Start `tidende index` detached on the open cache (the same -c, -d and
 * -v), unless an indexer already works on it: 0, or -1 with *cause.
 */
int	cmd_index_detach(struct app *, char **cause);

/*
 * Shared by import-opml and add (in cmd-sync.c): with sync on and the
 * cache open, subscribe to subs[0..n) on the server, running the loop to
 * the end (a signal cancels); each sub's status is set.  Returns the
 * sync's status; *error is its cleaned message or NULL (to free).
 */
enum sync_status cmd_sync_subscribe(struct app *, struct sync_sub *, size_t n,
	    char **error);

#endif
