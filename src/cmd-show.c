/*
 * `tidende show [--width N] [--translated] ID`: one article printed as the
 * article pane renders it (html_article_render), as plain text.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tidende/cmd.h"
#include "tidende/db-items.h"
#include "tidende/html.h"
#include "tidende/translate.h"

static size_t
show_default_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static const char show_usage[] = "show [--width N] [--translated] ID";

int
cmd_show(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "width",	required_argument, NULL, 'w' },
		{ "translated",	no_argument,	   NULL, 't' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct db_item di;
	struct rendered r;
	char *cause = NULL, *text = NULL, *command = NULL, *end;
	size_t width = 0, i;
	int ch, translated = 0, rc, missing;
	int64_t id;
	long w;

	while ((ch = getopt_long(argc, argv, ":w:th", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			errno = 0;
			w = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || w < 10 || w > 10000) {
				return app_usage_error(show_usage, "--width: "
				    "%s: not a width from 10 to 10000", optarg);
			}
			width = (size_t)w;
			break;
		case 't':
			translated = 1;
			break;
		case 'h':
			return app_help(show_usage);
		default:
			return app_option_error(show_usage, ch, argv);
		}
	}
	if (optind + 1 != argc)
		return app_usage_error(show_usage, optind == argc ?
		    "expected an article number" : "one article number, not %d",
		    argc - optind);
	if ((id = app_article_id(argv[optind])) == 0)
		return app_usage_error(show_usage, "%s: not an article number",
		    argv[optind]);
	if (width == 0)
		width = show_default_width();

	if ((rc = app_open_db_reading(app, &missing)) != 0)
		return rc;
	if (missing) {
		/* Never create a cache just to say it is empty. */
		app_error("show", "%lld: no such article (no cache yet: run "
		    "'tidende refresh')", (long long)id);
		return 1;
	}
	if (db_items_get(app->db, id, &di, &cause) != STATUS_OK) {
		app_error("show", "%lld: %s", (long long)id,
		    cause != NULL ? cause : "no such article");
		free(cause);
		return 1;
	}
	if (translated && translate_cached(app->db, &app->config, &di, &text,
	    &command) != STATUS_OK) {
		app_error("show", "%lld: no translation in the cache (run "
		    "'tidende translate %lld')", (long long)id,
		    (long long)id);
		db_items_item_free(&di);
		return 1;
	}
	html_article_render(&di, width, text, command, &r);
	for (i = 0; i < r.nlines; i++) {
		fputs(r.lines[i].text, stdout);
		putchar('\n');
	}
	html_rendered_free(&r);
	free(text);
	free(command);
	db_items_item_free(&di);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* a reader that went away (| head) is not worth a message */
		if (errno != EPIPE)
			app_error("show", "stdout: %s", strerror(errno));
		return 1;
	}
	return 0;
}
