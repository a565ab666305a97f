/*
 * The commands of the command-line contract (../spec/cli.md).  Each
 * returns the process exit status.  argv[0] is the command name.
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
int	cmd_import_opml(struct app *, int argc, char **argv);
int	cmd_export_opml(struct app *, int argc, char **argv);
int	cmd_config(struct app *, int argc, char **argv);

/* An article number from the command line (> 0); 0 when it is not one. */
int64_t	cmd_show_article_id(const char *);

/* Print `tidende: what: why` to stderr. */
void	cmd_error(const char *what, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
