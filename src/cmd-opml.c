/*
 * `tidende import-opml FILE` appends the feeds of an OPML file to the
 * user's config as `feed` lines (creating it, user-only, when missing);
 * `tidende export-opml` prints the configured feeds as OPML 2.0.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tidende/buf.h"
#include "tidende/cmd.h"
#include "tidende/config.h"
#include "tidende/opml.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define OPML_MAX_FILE	(64 * 1024 * 1024)

/* Read FILE (or - for stdin) whole; on error print it and return NULL. */
static char *
cmd_opml_read(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	FILE *f;
	size_t n;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		app_error(path, "cannot read: %s", strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > OPML_MAX_FILE) {
			app_error(path, "too large for an OPML file");
			goto fail;
		}
	}
	if (ferror(f)) {
		app_error(path, "cannot read: %s", strerror(errno));
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
	struct stat sb;
	int rc;

	if (argc != 2 || argv[1][0] == '\0' ||
	    (argv[1][0] == '-' && argv[1][1] != '\0')) {
		fprintf(stderr, "usage: tidende import-opml FILE\n");
		return EXIT_USAGE;
	}
	file = argv[1];
	/* import-opml may create the -c file; the defaults until then. */
	if (app->config_path != NULL && !app->config_loaded &&
	    stat(app->config_path, &sb) == -1 && errno == ENOENT) {
		if (config_load_builtin(&app->config, &cause) != STATUS_OK) {
			fprintf(stderr, "tidende: %s\n", cause);
			free(cause);
			return EXIT_DATAERR;
		}
		app->config_loaded = 1;
	}
	if ((rc = app_load_config(app)) != 0)
		return rc;
	if ((text = cmd_opml_read(file, &len)) == NULL)
		return 1;
	if (opml_parse(text, len, &o, &cause) != STATUS_OK) {
		app_error(file, "%s", cause);
		free(cause);
		free(text);
		return EXIT_DATAERR;
	}
	free(text);
	for (i = 0; i < o.nrefused; i++)
		app_error(file, "%s", o.refused[i]);

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
		printf("%zu feed%s added to %s", added, added == 1 ? "" : "s",
		    path);
		if (known > 0)
			printf(", %zu already there", known);
		if (o.nrefused > 0)
			printf(", %zu refused", o.nrefused);
		printf("\n");
		if (added > 0 && app->config.builtin_feeds)
			printf("The built-in feeds are no longer read; "
			    "'tidende config --default' lists them.\n");
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

	if (argc != 1) {
		fprintf(stderr, "usage: tidende export-opml\n");
		return EXIT_USAGE;
	}
	if ((rc = app_load_config(app)) != 0)
		return rc;
	text = opml_write(&app->config, &skipped);
	fputs(text, stdout);
	free(text);
	if (skipped > 0)
		app_error("export-opml", "%zu feed%s left out: only http:// "
		    "and https:// feeds go into OPML", skipped,
		    skipped == 1 ? "" : "s");
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_error("export-opml", "cannot write the output");
		return 1;
	}
	return 0;
}
