/*
 * `tidende mark (--read|--unread|--star|--unstar) ID...`: change
 * articles' state as the keys m and s do.  Each article is its own
 * write (waiting out another tidende's write lock, as commands do); an
 * article with a server id gets its change queued for the server in the
 * same statement (tidende/db-sync.h).  Unknown ids are reported and the
 * others still marked: the exit status is then 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/i18n.h"
#include "tidende/cmd.h"
#include "tidende/db-items.h"
#include "tidende/db.h"

enum mark_what { MARK_NONE, MARK_READ, MARK_UNREAD, MARK_STAR, MARK_UNSTAR };

static const char mark_usage[] =
    "mark (--read|--unread|--star|--unstar) ID...";

int
cmd_mark(struct app *app, int argc, char **argv)
{
	static const struct {
		const char	*flag;
		enum mark_what	 what;
	} flags[] = {
		{ "--read", MARK_READ }, { "--unread", MARK_UNREAD },
		{ "--star", MARK_STAR }, { "--unstar", MARK_UNSTAR },
	};
	enum mark_what what = MARK_NONE;
	struct db_item di;
	char *cause = NULL;
	int64_t *ids;
	int i, j, first = 0, rc, failed = 0, found;
	enum status s;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return app_help(mark_usage);
		found = 0;
		for (j = 0; j < (int)(sizeof flags / sizeof flags[0]); j++)
			if (strcmp(argv[i], flags[j].flag) == 0)
				found = 1;
		if (!found)
			return app_usage_error(mark_usage,
			    _("%s: unknown option"),
			    argv[i]);
		for (j = 0; strcmp(argv[i], flags[j].flag) != 0; j++)
			;
		if (what != MARK_NONE && what != flags[j].what)
			return app_usage_error(mark_usage, _("one of --read, "
			    "--unread, --star, --unstar"));
		what = flags[j].what;
	}
	first = i;
	if (what == MARK_NONE)
		return app_usage_error(mark_usage, _("one of --read, --unread, "
		    "--star, --unstar"));
	if (first >= argc)
		return app_usage_error(mark_usage,
		    _("expected article numbers"));
	ids = calloc((size_t)(argc - first), sizeof *ids);
	if (ids == NULL) {
		app_error("mark", _("out of memory"));
		return 1;
	}
	for (i = first; i < argc; i++) {
		if ((ids[i - first] = app_article_id(argv[i])) == 0) {
			free(ids);
			return app_usage_error(mark_usage,
			    _("%s: not an article number"), argv[i]);
		}
	}
	if ((rc = app_load_config(app)) != 0 || (rc = app_open_db(app)) != 0) {
		free(ids);
		return rc;
	}
	for (i = 0; i < argc - first; i++) {
		s = db_items_get(app->db, ids[i], &di, &cause);
		if (s == STATUS_NOT_FOUND) {
			app_error("mark",
			    _("%s: no such article"), argv[first + i]);
			free(cause);
			cause = NULL;
			failed = 1;
			continue;
		}
		if (s != STATUS_OK) {
			app_error("mark", "%s", cause);
			free(cause);
			free(ids);
			return 1;
		}
		db_items_item_free(&di);
		if (what == MARK_READ || what == MARK_UNREAD)
			s = db_items_set_read(app->db, ids[i],
			    what == MARK_READ);
		else
			s = db_items_set_starred(app->db, ids[i],
			    what == MARK_STAR);
		if (s != STATUS_OK) {
			cause = db_error(app->db);
			app_error("mark", _("%s: not stored: %s"),
			    argv[first + i], cause);
			free(cause);
			free(ids);
			return 1;
		}
	}
	free(ids);
	return failed ? 1 : 0;
}
