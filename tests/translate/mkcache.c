/*
 * Test helper: put one article into a cache with the db API, print its
 * article number.  Storing the same GUID again updates the article.
 * usage: mkcache DB FEED_URL GUID TITLE CONTENT_FILE [LANG]
 *        mkcache DB FEED_URL --feed FILE   (every item of a feed file;
 *        prints the article numbers in the feed's order)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db-store.h"
#include "tidende/db.h"
#include "tidende/feed.h"
#include "tidende/parse.h"
#include "tidende/xmalloc.h"

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		perror(path);
		exit(1);
	}
	rewind(f);
	s = xmalloc(n + 1);
	if (fread(s, 1, n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	s[n] = '\0';
	fclose(f);
	return s;
}

static int
store_file(const char *path, const char *url, const char *file)
{
	struct parsed_feed pf;
	struct db_store_stats stats;
	struct db_filter filter;
	struct db_row *rows;
	struct db *db;
	char *cause = NULL, *warning = NULL, *text = slurp(file);
	size_t n, i, j;
	int64_t feed_id;

	feed_parsed_init(&pf);
	if (parse_feed(text, strlen(text), url, &pf, &warning,
	    &cause) != STATUS_OK) {
		fprintf(stderr, "mkcache: %s: %s\n", file, cause);
		return 1;
	}
	if (db_open(path, 0, &db, &cause) != STATUS_OK ||
	    db_feed_sync(db, url, NULL, NULL, 0, &feed_id,
	    &cause) != STATUS_OK ||
	    db_store_feed(db, feed_id, &pf, &stats, &cause) != STATUS_OK) {
		fprintf(stderr, "mkcache: %s\n", cause);
		return 1;
	}
	memset(&filter, 0, sizeof filter);
	filter.view = DB_VIEW_FEED;
	filter.feed_id = feed_id;
	if (db_items_page(db, &filter, NULL, 0, 1000, &rows, &n,
	    &cause) != STATUS_OK) {
		fprintf(stderr, "mkcache: %s\n", cause);
		return 1;
	}
	for (i = 0; i < pf.nitems; i++)
		for (j = 0; j < n; j++)
			if (rows[j].link != NULL && pf.items[i].link != NULL &&
			    strcmp(rows[j].link, pf.items[i].link) == 0)
				printf("%lld\n", (long long)rows[j].id);
	db_items_rows_free(rows, n);
	feed_parsed_free(&pf);
	free(text);
	free(warning);
	db_close(db);
	return 0;
}

int
main(int argc, char **argv)
{
	struct parsed_feed pf;
	struct item it;
	struct db_store_stats stats;
	struct db_filter filter;
	struct db_row *rows;
	struct db *db;
	char *cause = NULL, *link;
	size_t n, i;
	int64_t feed_id;

	if (argc == 5 && strcmp(argv[3], "--feed") == 0)
		return store_file(argv[1], argv[2], argv[4]);
	if (argc < 6) {
		fprintf(stderr, "usage: mkcache DB FEED_URL GUID TITLE "
		    "CONTENT_FILE [LANG]\n");
		return 64;
	}
	if (db_open(argv[1], 0, &db, &cause) != STATUS_OK ||
	    db_feed_sync(db, argv[2], "Test feed", NULL, 0, &feed_id,
	    &cause) != STATUS_OK) {
		fprintf(stderr, "mkcache: %s\n", cause);
		return 1;
	}
	link = xasprintf("https://example.com/%s", argv[3]);
	feed_parsed_init(&pf);
	pf.format = FEED_FORMAT_RSS20;
	pf.title = xstrdup("Test feed");
	if (argc > 6)
		pf.language = xstrdup(argv[6]);
	feed_item_init(&it);
	it.id = xstrdup(argv[3]);
	it.title = xstrdup(argv[4]);
	it.link = xstrdup(link);
	it.author = xstrdup("Kari Nordmann");
	it.published = 1700000000;
	it.updated = FEED_NO_DATE;
	it.content = slurp(argv[5]);
	feed_parsed_add_item(&pf, &it);
	memset(&stats, 0, sizeof stats);
	if (db_store_feed(db, feed_id, &pf, &stats, &cause) != STATUS_OK) {
		fprintf(stderr, "mkcache: %s\n", cause);
		return 1;
	}
	feed_parsed_free(&pf);

	memset(&filter, 0, sizeof filter);
	filter.view = DB_VIEW_FEED;
	filter.feed_id = feed_id;
	if (db_items_page(db, &filter, NULL, 0, 1000, &rows, &n,
	    &cause) != STATUS_OK) {
		fprintf(stderr, "mkcache: %s\n", cause);
		return 1;
	}
	for (i = 0; i < n; i++)
		if (rows[i].link != NULL && strcmp(rows[i].link, link) == 0)
			printf("%lld\n", (long long)rows[i].id);
	db_items_rows_free(rows, n);
	free(link);
	db_close(db);
	return 0;
}
