/*
 * `tidende translate ID`: run the translate command on one article (or
 * take the cached translation), print it and keep it in the cache.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/i18n.h"
#include "tidende/cmd.h"
#include "tidende/db-items.h"
#include "tidende/translate.h"

int
cmd_translate(struct app *app, int argc, char **argv)
{
	struct db_item di;
	char *cause = NULL, *text = NULL, *command = NULL;
	enum status s;
	int64_t id;
	int rc;

	static const char usage[] = "translate ID";

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return app_help(usage);
	if (argc >= 2 && argv[1][0] == '-' && argv[1][1] != '\0' &&
	    strcmp(argv[1], "--") != 0)
		return app_usage_error(usage, _("%s: unknown option"), argv[1]);
	if (argc >= 2 && strcmp(argv[1], "--") == 0) {
		argc--;
		argv++;
	}
	if (argc != 2)
		return app_usage_error(usage, argc < 2 ?
		    _("expected an article number") :
		    _("one article number, not %d"), argc - 1);
	if ((id = app_article_id(argv[1])) == 0)
		return app_usage_error(usage, _("%s: not an article number"),
		    argv[1]);
	if ((rc = app_load_config(app)) != 0 || (rc = app_open_db(app)) != 0)
		return rc;
	if (db_items_get(app->db, id, &di, &cause) != STATUS_OK) {
		app_error("translate", "%lld: %s", (long long)id,
		    cause != NULL ? cause : _("no such article"));
		free(cause);
		return 1;
	}
	s = translate_run(app->db, &app->config, &di, &text, &command,
	    &cause);
	db_items_item_free(&di);
	if (s != STATUS_OK) {
		app_error("translate", "%s", cause != NULL ? cause :
		    status_message(s));
		free(cause);
		return 1;
	}
	fputs(text, stdout);
	putchar('\n');
	free(text);
	free(command);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* a reader that went away (| head) is not worth a message */
		if (errno != EPIPE)
			app_error("translate", "stdout: %s", strerror(errno));
		free(cause);
		return 1;
	}
	if (cause != NULL) {
		/* printed, but not kept: the next run translates again */
		app_error("translate", _("printed, but not kept: %s"), cause);
		free(cause);
		return 1;
	}
	return 0;
}
