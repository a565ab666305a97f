/*
 * `tidende show [--width N] [--translated] [--full] ID`: one article
 * printed as the article pane renders it (html_article_render), as plain
 * text; --full: the whole article from its web page (fulltext.h), fetched
 * through the event loop when the cache has none.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tidende/i18n.h"
#include "tidende/cmd.h"
#include "tidende/db-fulltext.h"
#include "tidende/db-items.h"
#include "tidende/fetch.h"
#include "tidende/fulltext.h"
#include "tidende/html.h"
#include "tidende/loop.h"
#include "tidende/translate.h"
#include "tidende/xmalloc.h"

static size_t
show_default_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ,
	    &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static const char show_usage[] =
    "show [--width N] [--translated] [--full] ID";
/* TRANSLATORS: keep the option names; descriptions start at column 21 */
static const char show_help[] = N_(
    "Print one article as the article pane renders it, links listed at the end.\n"
    "  -w, --width N     wrap at N columns (default: the terminal's, else 80)\n"
    "  -t, --translated  the cached translation (tidende translate ID)\n"
    "  -f, --full        the whole article from its web page, fetched and cached\n"
    "                    if not cached; exit 69 when it cannot be fetched, 65\n"
    "                    when the page has no article (the feed's text is printed)");


struct show_fetch {
	int	 done;
	enum status status;
	char	*error;
	char	*host;
};

static void
show_fetched(const struct fulltext_result *r, void *arg)
{
	struct show_fetch *f = arg;

	f->done = 1;
	f->status = r->status;
	f->error = r->error != NULL ? xstrdup(r->error) : NULL;
	f->host = xstrdup(r->host != NULL ? r->host : "?");
	loop_stop();
}

/*
 * The full text of di, fetched when the cache has none (or only a page
 * that had no article): 0 and di reloaded with it; else the exit status
 * after saying why (65: the page has no article, di keeps its summary;
 * 69: the page could not be fetched).
 */
static int
show_full(struct app *app, int64_t id, struct db_item *di)
{
	struct show_fetch f;
	struct fulltext_job *job;
	char *cause = NULL;
	int rc;

	if (di->fulltext != NULL)
		return 0;
	memset(&f, 0, sizeof f);
	loop_init();
	fetch_init();
	if ((job = fulltext_start(app->db, id, di->item.link, 0, show_fetched,
	    &f, &cause)) == NULL) {
		fetch_done();
		loop_free();
		app_error("show", "%lld: %s", (long long)id, cause);
		free(cause);
		return EXIT_UNAVAIL;
	}
	while (!f.done)
		loop_run();
	fetch_done();
	loop_free();
	switch (f.status) {
	case STATUS_OK:
	case STATUS_UNCHANGED:
		rc = 0;
		db_items_item_free(di);
		if (db_items_get(app->db, id, di, &cause) != STATUS_OK) {
			app_error("show", "%lld: %s", (long long)id, cause);
			free(cause);
			rc = 1;
		}
		break;
	case STATUS_NOT_FOUND:
		app_error("show", _("%lld: %s: %s; the feed's text follows"),
		    (long long)id, f.host, f.error != NULL ? f.error :
		    _("no article found in the page"));
		rc = EXIT_DATAERR;
		break;
	case STATUS_DB:
		app_error("show", "%lld: %s", (long long)id, f.error);
		rc = 1;
		break;
	default:
		app_error("show", "%lld: %s: %s", (long long)id,
		    di->item.link, f.error != NULL ? f.error :
		    _("cannot be fetched"));
		rc = EXIT_UNAVAIL;
		break;
	}
	free(f.error);
	free(f.host);
	return rc;
}

int
cmd_show(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "width",	required_argument, NULL, 'w' },
		{ "translated",	no_argument,	   NULL, 't' },
		{ "full",	no_argument,	   NULL, 'f' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct db_item di;
	struct rendered r;
	char *cause = NULL, *text = NULL, *command = NULL, *end;
	size_t width = 0, i;
	int ch, translated = 0, full = 0, rc, missing = 0, full_rc = 0;
	int64_t id;
	long w;

	while ((ch = getopt_long(argc, argv, ":w:tfh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			errno = 0;
			w = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || w < 10 || w > 10000) {
				return app_usage_error(show_usage, _("--width: "
				    "%s: not a width from 10 to 10000"), optarg);
			}
			width = (size_t)w;
			break;
		case 't':
			translated = 1;
			break;
		case 'f':
			full = 1;
			break;
		case 'h':
			return app_help_text(show_usage, show_help);
		default:
			return app_option_error(show_usage, ch, argv);
		}
	}
	if (optind + 1 != argc)
		return app_usage_error(show_usage, optind == argc ?
		    _("expected an article number") :
		    _("one article number, not %d"),
		    argc - optind);
	if ((id = app_article_id(argv[optind])) == 0)
		return app_usage_error(show_usage,
		    _("%s: not an article number"),
		    argv[optind]);
	if (width == 0)
		width = show_default_width();

	/* --full may store what it fetches */
	if (full && (rc = app_load_config(app)) != 0)
		return rc;
	if (full && (rc = app_open_db(app)) != 0)
		return rc;
	if (!full && (rc = app_open_db_reading(app, &missing)) != 0)
		return rc;
	if (missing) {
		/* Never create a cache just to say it is empty. */
		app_error("show", _("%lld: no such article (no cache yet: run "
		    "'tidende refresh')"), (long long)id);
		return 1;
	}
	if (db_items_get(app->db, id, &di, &cause) != STATUS_OK) {
		app_error("show", "%lld: %s", (long long)id,
		    cause != NULL ? cause : _("no such article"));
		free(cause);
		return 1;
	}
	if (full && (full_rc = show_full(app, id, &di)) != 0 &&
	    full_rc != EXIT_DATAERR) {
		db_items_item_free(&di);
		return full_rc;
	}
	if (!full) {
		/* the feed's own text; --full for the web page's */
		free(di.fulltext);
		free(di.fulltext_url);
		di.fulltext = di.fulltext_url = NULL;
	}
	if (translated && translate_cached(app->db, &app->config, &di, &text,
	    &command) != STATUS_OK) {
		app_error("show", _("%lld: no translation in the cache (run "
		    "'tidende translate %lld')"), (long long)id,
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
	return full_rc;
}
