/*
 * `tidende config`: --default prints the built-in config (docs/tidenderc)
 * ready to copy; --check loads the user's file and reports; --path says
 * which file is read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/i18n.h"
#include "tidende/cmd.h"
#include "tidende/config.h"

static const char cmd_config_usage[] = "config --default | --check | --path";

static int
cmd_config_check(struct app *app)
{
	const struct config *cfg;
	int rc;

	if ((rc = app_load_config(app)) != 0)
		return rc;
	cfg = &app->config;
	char feeds[64], searches[64], ignores[64];

	snprintf(feeds, sizeof feeds, ngettext("%zu feed", "%zu feeds",
	    cfg->nfeeds), cfg->nfeeds);
	snprintf(searches, sizeof searches, ngettext("%zu saved search",
	    "%zu saved searches", cfg->nsearches), cfg->nsearches);
	/* TRANSLATORS: `ignore` lines of the config (rules hiding articles) */
	snprintf(ignores, sizeof ignores, ngettext("%zu ignore",
	    "%zu ignores", cfg->nignores), cfg->nignores);
	/* TRANSLATORS: "PATH: ok, 3 feeds (the default list), 1 saved search,
	   0 ignores" */
	printf("%s: ok, %s%s, %s, %s\n",
	    cfg->path != NULL ? cfg->path : _("built-in config"), feeds,
	    cfg->builtin_feeds ? _(" (the default list)") : "", searches,
	    ignores);
	return 0;
}

int
cmd_config(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "default",	no_argument, NULL, 'D' },
		{ "check",	no_argument, NULL, 'C' },
		{ "path",	no_argument, NULL, 'P' },
		{ "help",	no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *path;
	int ch, mode = 0;

	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'D':
		case 'C':
		case 'P':
			if (mode != 0)
				return app_usage_error(cmd_config_usage, "%s",
				    _("one of --default, --check, --path"));
			mode = ch;
			break;
		case 'h':
			return app_help(cmd_config_usage);
		default:
			return app_option_error(cmd_config_usage, ch, argv);
		}
	}
	if (optind != argc)
		return app_usage_error(cmd_config_usage, _("unexpected "
		    "argument: %s"), argv[optind]);
	if (mode == 0)
		return app_usage_error(cmd_config_usage, "%s",
		    _("one of --default, --check, --path"));

	switch (mode) {
	case 'D':
		fputs(builtin_config, stdout);
		break;
	case 'C':
		return cmd_config_check(app);
	case 'P':
		if (app->config_path != NULL)
			printf("%s\n", app->config_path);
		else {
			path = config_default_path();
			printf("%s\n", path);
			free(path);
		}
		break;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_error("config", "%s", _("cannot write the output"));
		return 1;
	}
	return 0;
}
