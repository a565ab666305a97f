/*
 * `tidende import-opml FILE` appends the feeds of an OPML file to the
 * user's config as `feed` lines (creating it, user-only, when missing);
 * with sync on (sync-backend set) it subscribes to them on the server
 * instead, through the sync engine on the event loop (sync_subscribe()),
 * and they come down with the next sync.
 * `tidende export-opml` prints the configured feeds as OPML 2.0.
 */
#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/cmd.h"
#include "tidende/config.h"
#include "tidende/fetch.h"
#include "tidende/loop.h"
#include "tidende/opml.h"
#include "tidende/options.h"
#include "tidende/signal.h"
#include "tidende/spawn.h"
#include "tidende/sync.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define OPML_MAX_FILE	(64 * 1024 * 1024)

/*
 * Read FILE (or - for stdin) whole; on error print it, set *rc (65 for a
 * file too large, as for other bad input; 1 when it cannot be read) and
 * return NULL.
 */
static char *
cmd_opml_read(const char *path, size_t *len, int *rc)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	const char *why;
	FILE *f;
	size_t n;
	int fd = -1;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((fd = buf_open_user_file(path, &why)) < 0 ||
	    (f = fdopen(fd, "r")) == NULL) {
		/* (a FIFO or a terminal would have held the command) */
		if (fd == -2)
			app_error(path, "%s", why);
		else
			app_error(path, _("cannot read: %s"), fd < 0 ? why :
			    strerror(errno));
		if (fd >= 0)
			close(fd);
		*rc = EXIT_DATAERR;	/* tidende(1): cannot be read: 65 */
		return NULL;
	}
	*rc = 1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > OPML_MAX_FILE) {
			app_error(path,
			    _("too large for an OPML file (more than "
			    "%d MB)"), OPML_MAX_FILE >> 20);
			*rc = EXIT_DATAERR;
			goto fail;
		}
	}
	if (ferror(f)) {
		app_error(path, _("cannot read: %s"), strerror(errno));
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	*len = b.len;
	if (b.s == NULL)
		return xstrdup("");
	return buf_detach(&b);

fail:
	if (f != stdin)
		fclose(f);
	buf_free(&b);
	return NULL;
}

/*
 * import-opml with sync on: subscribe on the server to each feed of o,
 * into the category named as its (outermost) folder when the server has
 * one.  Exit status of cli.md: 0, 69 unreachable, 77 refused, 1 when the
 * server refused a feed or anything else failed.
 */
static int
cmd_opml_import_sync(struct app *app, const char *file, struct opml *o)
{
	struct sync_sub *subs;
	enum sync_status status;
	char *error = NULL;
	const char *folder;
	char *cause;
	size_t i, k, n, added = 0, known = 0, failed = 0;
	int rc;

	if ((cause = sync_config_error()) != NULL) {
		app_error("import-opml", "%s", cause);
		free(cause);
		return 1;
	}
	if (o->nfeeds == 0) {
		if (!app->quiet)
			printf("0 feeds subscribed on %s\n",
			    options_str(OPT_SYNC_URL));
		return o->nrefused > 0 ? EXIT_DATAERR : 0;
	}
	if ((rc = app_open_db(app)) != 0)
		return rc;
	subs = xcalloc(o->nfeeds, sizeof *subs);
	for (i = 0; i < o->nfeeds; i++) {
		subs[i].url = o->feeds[i].url;
		subs[i].folder = o->feeds[i].ntags > 0 ?
		    o->feeds[i].tags[0] : NULL;
	}
	status = cmd_sync_subscribe(app, subs, o->nfeeds, &error);

	for (i = 0; i < o->nfeeds; i++) {
		switch (subs[i].status) {
		case SYNC_SUB_ADDED:
			added++;
			break;
		case SYNC_SUB_KNOWN:
			known++;
			break;
		case SYNC_SUB_FAILED:
			failed++;
			app_error(file, "%s: %s", subs[i].url,
			    subs[i].message != NULL ? subs[i].message :
			    _("refused by the server"));
			break;
		default:
			break;
		}
	}
	/* one line per folder the server has no category for */
	for (i = 0; i < o->nfeeds; i++) {
		folder = subs[i].folder;
		if (folder == NULL || subs[i].status != SYNC_SUB_ADDED ||
		    subs[i].categorized)
			continue;
		for (k = 0; k < i; k++)
			if (subs[k].folder != NULL && subs[k].status ==
			    SYNC_SUB_ADDED && !subs[k].categorized &&
			    strcmp(subs[k].folder, folder) == 0)
				break;
		if (k < i)
			continue;	/* said already */
		for (n = 0, k = i; k < o->nfeeds; k++)
			if (subs[k].folder != NULL && subs[k].status ==
			    SYNC_SUB_ADDED && !subs[k].categorized &&
			    strcmp(subs[k].folder, folder) == 0)
				n++;
		cause = utf8_clean(folder, strlen(folder), UTF8_COLLAPSE_SPACE);
		app_error(file, ngettext("folder \"%s\": the server has no "
		    "category of that name and its API cannot make one: %zu "
		    "feed subscribed uncategorized", "folder \"%s\": the server "
		    "has no category of that name and its API cannot make one: "
		    "%zu feeds subscribed uncategorized", n), cause, n);
		free(cause);
	}
	if (status != SYNC_OK) {
		app_error("import-opml", "%s", error != NULL ? error :
		    _("failed"));
		rc = sync_exit_code(status);
	} else
		rc = failed > 0 ? 1 : 0;
	if (!app->quiet && (added > 0 || known > 0 || status == SYNC_OK)) {
		printf(ngettext("%zu feed subscribed on %s",
		    "%zu feeds subscribed on %s", added), added,
		    options_str(OPT_SYNC_URL));
		/* TRANSLATORS: the list of counts after "N feeds added" */
		if (known > 0)
			printf(_(", %zu already there"), known);
		if (failed > 0)
			printf(_(", %zu refused by the server"), failed);
		if (o->nrefused > 0)
			printf(_(", %zu not imported"), o->nrefused);
		printf("\n");
		if (added > 0)
			printf("%s\n", _("They come down with the next sync "
			    "(tidende sync)."));
	}
	for (i = 0; i < o->nfeeds; i++)
		free(subs[i].message);
	free(subs);
	free(error);
	return rc;
}

int
cmd_opml_import(struct app *app, int argc, char **argv)
{
	struct opml o;
	struct config check;
	struct buf lines = BUF_INIT;
	const char *file;
	char *text, *cause = NULL, *path, *line, date[32];
	size_t len, i, added = 0, known = 0;
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	static const char usage[] = "import-opml FILE";

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return app_help(usage);
	if (argc >= 2 && argv[1][0] == '-' && argv[1][1] != '\0')
		return app_usage_error(usage, _("%s: unknown option"), argv[1]);
	if (argc != 2 || argv[1][0] == '\0')
		return app_usage_error(usage, _("expected one FILE"));
	file = argv[1];
	/* import-opml may create the -c file; the defaults until then. */
	if ((rc = app_load_config_creating(app)) != 0)
		return rc;
	if ((text = cmd_opml_read(file, &len, &rc)) == NULL)
		return rc;
	if (opml_parse(text, len, &o, &cause) != STATUS_OK) {
		app_error(file, "%s", cause);
		free(cause);
		free(text);
		return EXIT_DATAERR;
	}
	free(text);
	for (i = 0; i < o.nrefused; i++)
		app_error(file, "%s", o.refused[i]);
	if (sync_enabled()) {
		rc = cmd_opml_import_sync(app, file, &o);
		opml_free(&o);
		return rc;
	}

	memset(&check, 0, sizeof check);
	for (i = 0; i < o.nfeeds; i++) {
		/* The built-in list is replaced, so it holds no duplicates. */
		if (!app->config.builtin_feeds &&
		    config_find_feed(&app->config, o.feeds[i].url) != NULL) {
			known++;
			continue;
		}
		line = opml_feed_line(&o.feeds[i]);
		/* Every line written must read back. */
		if (config_apply_line(&check, line, &cause) != STATUS_OK) {
			app_error(file, "%s: %s", o.feeds[i].url, cause);
			free(cause);
			cause = NULL;
			free(line);
			continue;
		}
		buf_printf(&lines, "%s\n", line);
		free(line);
		added++;
	}
	config_free(&check);

	if (app->config_path != NULL)
		path = xstrdup(app->config_path);
	else
		path = config_default_path();
	rc = 0;
	if (added > 0) {
		gmtime_r(&now, &tm);
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
		line = utf8_clean(file, strlen(file), 0);
		text = xasprintf("\n# Imported from %s on %s\n%s", line, date,
		    lines.s);
		free(line);
		if (config_append(path, text, &cause) != STATUS_OK) {
			fprintf(stderr, "tidende: %s\n", cause);
			free(cause);
			cause = NULL;
			rc = 1;
		}
		free(text);
	}
	if (rc == 0 && !app->quiet) {
		printf(ngettext("%zu feed added to %s", "%zu feeds added to %s",
		    added), added, path);
		if (known > 0)
			printf(_(", %zu already there"), known);
		if (o.nrefused > 0)
			printf(_(", %zu refused"), o.nrefused);
		printf("\n");
		if (added > 0 && app->config.builtin_feeds)
			printf("%s\n", _("The built-in feeds are no longer "
			    "read; 'tidende config --default' lists them."));
	}
	if (rc == 0 && added == 0 && known == 0 && o.nrefused > 0)
		rc = EXIT_DATAERR;
	buf_free(&lines);
	free(path);
	opml_free(&o);
	return rc;
}

int
cmd_opml_export(struct app *app, int argc, char **argv)
{
	char *text;
	size_t skipped;
	int rc;

	static const char usage[] = "export-opml";

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return app_help(usage);
	if (argc != 1)
		return app_usage_error(usage, argv[1][0] == '-' ?
		    _("%s: unknown option") : _("unexpected argument: %s"),
		    argv[1]);
	if ((rc = app_load_config(app)) != 0)
		return rc;
	text = opml_write(&app->config, &skipped);
	fputs(text, stdout);
	free(text);
	if (skipped > 0)
		app_error("export-opml", ngettext("%zu feed left out: only "
		    "http:// and https:// feeds go into OPML", "%zu feeds left "
		    "out: only http:// and https:// feeds go into OPML",
		    skipped), skipped);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_error("export-opml", _("cannot write the output"));
		return 1;
	}
	return 0;
}
