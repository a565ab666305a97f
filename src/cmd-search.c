/*
 * `tidende search [--json] QUERY`: full-text search of the cache in the
 * query syntax of query.c, best match first (or newest with --sort date),
 * printed like `list`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/buf.h"
#include "tidende/cmd.h"
#include "tidende/db.h"
#include "tidende/listing.h"
#include "tidende/query.h"

static void
search_usage(void)
{
	fprintf(stderr, "usage: tidende search [--json] [--sort relevance|date]"
	    " [--unread] [--ignored] [--count] [--limit N] QUERY\n");
}

int
cmd_search(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,	   NULL, 'j' },
		{ "sort",	required_argument, NULL, 'S' },
		{ "unread",	no_argument,	   NULL, 'u' },
		{ "ignored",	no_argument,	   NULL, 'i' },
		{ "count",	no_argument,	   NULL, 'c' },
		{ "limit",	required_argument, NULL, 'n' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf text = BUF_INIT;
	struct db_filter f;
	struct query *q;
	char *cause = NULL, *end;
	int64_t total, unread;
	int ch, json = 0, count = 0, i, rc;
	long limit = 0;
	enum status s;

	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_SEARCH;
	f.by_relevance = 1;
	while ((ch = getopt_long(argc, argv, "+jS:uicn:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'S':
			if (strcmp(optarg, "date") == 0)
				f.by_relevance = 0;
			else if (strcmp(optarg, "relevance") == 0)
				f.by_relevance = 1;
			else {
				cmd_error("search", "--sort: relevance or "
				    "date, not %s", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'u':
			f.unread_only = 1;
			break;
		case 'i':
			f.ignored = 1;
			break;
		case 'c':
			count = 1;
			break;
		case 'n':
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit < 0) {
				cmd_error("search", "--limit: not a number: %s",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			search_usage();
			return 0;
		default:
			search_usage();
			return EXIT_USAGE;
		}
	}
	/* The words of the query may come as one argument or several. */
	for (i = optind; i < argc; i++) {
		if (i > optind)
			buf_addc(&text, ' ');
		buf_adds(&text, argv[i]);
	}
	f.search = buf_str(&text);
	/* Check the syntax before touching the cache. */
	if (query_parse(f.search, 0, 0, &q, &cause) != STATUS_OK) {
		cmd_error("search", "%s", cause);
		free(cause);
		buf_free(&text);
		return EXIT_USAGE;
	}
	query_free(q);

	s = db_open(app->db_path, DB_READONLY, &app->db, &cause);
	if (s == STATUS_NOT_FOUND) {
		free(cause);
		buf_free(&text);
		if (count)
			puts("0");
		else if (json)
			puts("[]");
		return 0;
	}
	if (s != STATUS_OK) {
		fprintf(stderr, "tidende: %s\n", cause);
		free(cause);
		buf_free(&text);
		return 1;
	}
	if (count) {
		s = db_items_count(app->db, &f, &total, &unread, &cause);
		if (s != STATUS_OK) {
			cmd_error("search", "%s", cause);
			free(cause);
			buf_free(&text);
			return s == STATUS_USAGE ? EXIT_USAGE : 1;
		}
		printf("%lld\n", (long long)(f.unread_only ? unread : total));
		buf_free(&text);
		return 0;
	}
	rc = listing_print(app->db, &f, (size_t)limit, json, stdout, "search");
	buf_free(&text);
	return rc;
}
