/*
 * `tidende check`: is the cache sound?  SQLite's integrity check, the
 * search index against the articles, and every feed's counters against a
 * recount (db_check()).  Prints "PATH: ok" and exits 0, or says what is
 * wrong and exits 65 (damaged), 1 when the cache cannot be read at all.
 * It never creates a cache and never changes one.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/i18n.h"
#include "tidende/cmd.h"
#include "tidende/db.h"

int
cmd_check(struct app *app, int argc, char **argv)
{
	struct db *db;
	char *cause = NULL;
	enum status s;
	int rc;

	static const char usage[] = "check";
	static const char text[] = N_("Check the cache: SQLite's integrity "
	    "check, the search index and every feed's\ncounters; \"PATH: ok\" "
	    "and exit 0, or what is wrong and exit 65.");
	static const struct option longopts[] = {
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (ch == 'h')
			return app_help_text(usage, text);
		return app_option_error(usage, ch, argv);
	}
	if (optind != argc)
		return app_usage_error(usage, _("unexpected argument: %s"),
		    argv[optind]);
	s = db_open(app->db_path, DB_READONLY, &db, &cause);
	if (s != STATUS_OK) {
		fprintf(stderr, "tidende: %s\n", cause != NULL ? cause :
		    status_message(s));
		/* refused as damaged at open */
		rc = s == STATUS_DB && db_open_damaged() ? EXIT_DATAERR : 1;
		free(cause);
		return rc;
	}
	s = db_check(db, &cause);
	if (s == STATUS_OK) {
		if (!app->quiet)
			printf("%s: ok\n", db_path(db));
		db_close(db);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			app_error("check", "%s", _("cannot write the output"));
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "tidende: %s\n", cause != NULL ? cause :
	    status_message(s));
	free(cause);
	db_close(db);
	return s == STATUS_DB ? EXIT_DATAERR : 1;
}
