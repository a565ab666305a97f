/*
 * `tidende complete WHAT`: the words the shell completions (completions/)
 * offer, one a line, from the tables and the cache, so the scripts never
 * copy a list that could go stale (commands and their options they read
 * from `tidende --help` and `tidende CMD --help`).  Hidden: not in the
 * usage, not a contract.  WHAT: options (config options, for after
 * `set`), actions, feeds (feed URLs in the cache), tags.  Reads the cache
 * read-only and prints nothing when there is none.
 */
#include <stdio.h>
#include <string.h>

#include "tidende/i18n.h"
#include "tidende/cmd.h"
#include "tidende/db-feed.h"
#include "tidende/options.h"
#include "tidende/request.h"

static int
complete_cache(struct app *app, int tags)
{
	struct db_feed *feeds;
	struct db_tag *t;
	size_t n, i;
	int missing;

	if (app_open_db_reading(app, &missing) != 0)
		return 1;
	if (missing)
		return 0;
	if (tags) {
		if (db_feed_tags_list(app->db, &t, &n) != STATUS_OK)
			return 1;
		for (i = 0; i < n; i++)
			if (strpbrk(t[i].name, "\n\r") == NULL)
				puts(t[i].name);
		db_feed_tags_free(t, n);
		return 0;
	}
	if (db_feed_list(app->db, &feeds, &n) != STATUS_OK)
		return 1;
	for (i = 0; i < n; i++)
		if (strpbrk(feeds[i].url, "\n\r") == NULL)
			puts(feeds[i].url);
	db_feed_list_free(feeds, n);
	return 0;
}

int
cmd_complete(struct app *app, int argc, char **argv)
{
	static const char usage[] =
	    "complete options|actions|feeds|tags";
	size_t i;
	int rc = 0;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return app_help(usage);
	if (argc != 2)
		return app_usage_error(usage, "%s",
		    _("expected what to complete"));
	if (strcmp(argv[1], "options") == 0)
		for (i = 0; i < OPT__COUNT; i++)
			puts(options_table[i].name);
	else if (strcmp(argv[1], "actions") == 0)
		for (i = 0; i < request_table_size; i++)
			puts(request_table[i].name);
	else if (strcmp(argv[1], "feeds") == 0)
		rc = complete_cache(app, 0);
	else if (strcmp(argv[1], "tags") == 0)
		rc = complete_cache(app, 1);
	else
		return app_usage_error(usage, _("%s: not one of options, "
		    "actions, feeds, tags"), argv[1]);
	return fflush(stdout) == 0 ? rc : 1;
}
