/*
 * `tidende search [--json] QUERY`: full-text search of the cache in the
 * query syntax of query.c, best match first (or newest with --sort date),
 * printed like `list`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/cmd.h"
#include "tidende/db-items.h"
#include "tidende/listing.h"
#include "tidende/query.h"

static const char search_usage[] =
    "search [--json | --format text|tsv|json] [--sort relevance|date]\n"
    "         [--unread] [--ignored] [--count] [--limit N] QUERY";

/* The value of --name VALUE or --name=VALUE at argv[*i], or NULL. */
static const char *
search_value(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(argv[*i], name, len) != 0)
		return NULL;
	if (argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (argv[*i][len] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int
cmd_search(struct app *app, int argc, char **argv)
{
	struct buf text = BUF_INIT;
	struct db_filter f;
	struct query *q;
	const char *v;
	char *cause = NULL, *end;
	int64_t total, unread;
	int format = LISTING_TEXT, count = 0, i, rc, missing;
	long limit = 0;
	enum status s;

	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_SEARCH;
	f.by_relevance = 1;
	/*
	 * Options come first; the first argument that is not one of ours
	 * starts the query, so `search -sport football` needs no `--`.
	 */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "--json") == 0)
			format = LISTING_JSON;
		else if (strcmp(argv[i], "--unread") == 0)
			f.unread_only = 1;
		else if (strcmp(argv[i], "--ignored") == 0)
			f.ignored = 1;
		else if (strcmp(argv[i], "--count") == 0)
			count = 1;
		else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return app_help(search_usage); else if ((v = search_value(argc, argv, &i, "--sort")) !=
		    NULL) {
			if (strcmp(v, "date") == 0)
				f.by_relevance = 0;
			else if (strcmp(v, "relevance") == 0)
				f.by_relevance = 1;
			else {
				return app_usage_error(search_usage,
				    _("--sort: relevance or date, not %s"), v);
			}
		} else if ((v = search_value(argc, argv, &i, "--format")) !=
		    NULL) {
			if ((format = cmd_list_format(v)) < 0)
				return app_usage_error(search_usage,
				    _("--format: "
				    "text, tsv or json, not %s"), v);
		} else if ((v = search_value(argc, argv, &i, "--limit")) !=
		    NULL) {
			limit = strtol(v, &end, 10);
			if (*v == '\0' || *end != '\0' || limit < 0) {
				return app_usage_error(search_usage,
				    _("--limit: not a number: %s"), v);
			}
		} else if (strcmp(argv[i], "--sort") == 0 ||
		    strcmp(argv[i], "--limit") == 0 ||
		    strcmp(argv[i], "--format") == 0)
			return app_usage_error(search_usage, _("%s: needs an "
			    "argument"), argv[i]);
		else if (strncmp(argv[i], "--", 2) == 0)
			return app_usage_error(search_usage, _("%s: unknown "
			    "option"), argv[i]);
		else
			break;
	}
	/* The words of the query may come as one argument or several. */
	for (rc = i; i < argc; i++) {
		if (i > rc)
			buf_addc(&text, ' ');
		buf_adds(&text, argv[i]);
	}
	f.search = buf_str(&text);
	if (*f.search == '\0') {
		buf_free(&text);
		return app_usage_error(search_usage, _("expected a QUERY"));
	}
	/* Check the syntax before touching the cache. */
	if (query_parse(f.search, 0, 0, &q, &cause) != STATUS_OK) {
		app_error("search", "%s", cause);
		free(cause);
		buf_free(&text);
		return EXIT_USAGE;
	}
	query_free(q);

	if ((rc = app_open_db_reading(app, &missing)) != 0 || missing) {
		buf_free(&text);
		if (rc == 0 && count)
			puts("0");
		else if (rc == 0 && format == LISTING_JSON)
			puts("[]");
		return rc;
	}
	if (count) {
		s = db_items_count(app->db, &f, &total, &unread, &cause);
		if (s != STATUS_OK) {
			app_error("search", "%s", cause);
			free(cause);
			buf_free(&text);
			return s == STATUS_USAGE ? EXIT_USAGE : 1;
		}
		printf("%lld\n", (long long)(f.unread_only ? unread : total));
		buf_free(&text);
		return 0;
	}
	rc = cmd_list_print(app->db, &f, (size_t)limit, format, stdout,
	    "search");
	buf_free(&text);
	return rc;
}
