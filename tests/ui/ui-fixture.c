/*
 * Build a cache for the interface tests and benchmarks through the db
 * API: `ui-fixture DB FEEDS ITEMS` stores ITEMS articles spread over
 * FEEDS feeds, with titles in several scripts (CJK, emoji, Norwegian) and
 * one hostile article whose text carries escape sequences.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidende/db-feed.h"
#include "tidende/db-store.h"
#include "tidende/db.h"
#include "tidende/feed.h"
#include "tidende/xmalloc.h"

static const char *words[] = {
	"Familietelefon", "blåbær", "været", "København", "Göteborg",
	"budget", "election", "climate", "football", "music", "science",
	"東京の天気", "新闻", "🎉 party", "møte", "årsrapport", "rain",
};

static void
die(const char *what, char *cause)
{
	fprintf(stderr, "ui-fixture: %s: %s\n", what, cause != NULL ? cause :
	    "failed");
	exit(1);
}

int
main(int argc, char **argv)
{
	struct db *db;
	struct parsed_feed pf;
	struct db_store_stats st;
	struct item it;
	char *cause = NULL, url[128], title[256], *tags[2];
	char even[] = "even", odd[] = "odd", all[] = "all";
	long nfeeds, nitems, f, i, per, k;
	int64_t id, base = 1700000000;

	if (argc != 4) {
		fprintf(stderr, "usage: ui-fixture DB FEEDS ITEMS\n");
		return 64;
	}
	nfeeds = strtol(argv[2], NULL, 10);
	nitems = strtol(argv[3], NULL, 10);
	if (nfeeds < 1)
		nfeeds = 1;
	if (db_open(argv[1], 0, &db, &cause) != STATUS_OK)
		die(argv[1], cause);
	per = (nitems + nfeeds - 1) / nfeeds;
	k = 0;
	for (f = 0; f < nfeeds; f++) {
		snprintf(url, sizeof url, "http://127.0.0.1:1/feed%ld.xml", f);
		snprintf(title, sizeof title, f == 1 ? "Nyheter på norsk %ld" :
		    (f == 2 ? "日本語のフィード %ld" : "Feed number %ld"), f);
		tags[0] = f % 2 == 0 ? even : odd;
		tags[1] = all;
		if (db_feed_sync(db, url, title, tags, 2, &id, &cause) !=
		    STATUS_OK)
			die(url, cause);
		feed_parsed_init(&pf);
		pf.format = FEED_FORMAT_RSS20;
		pf.title = xstrdup(title);
		pf.link = xstrdup("http://127.0.0.1:1/");
		for (i = 0; i < per && k < nitems; i++, k++) {
			feed_item_init(&it);
			if (k == 0) {
				/* Hostile: escapes must never reach the tty. */
				it.title = xstrdup("Hostile title \x1b]52;c;"
				    "aGFja2Vk\x07 and \x1b]0;pwned\x07 end");
				it.content = xstrdup("<p>Body &#27;]52;c;"
				    "aGFja2Vk&#7; text &#x9b;31m red "
				    "\x1b]2;pwned-title\x07 done</p>");
			} else {
				snprintf(title, sizeof title, "Article %ld "
				    "about %s and %s", k,
				    words[k % (sizeof words / sizeof *words)],
				    words[(k / 7) % (sizeof words /
				    sizeof *words)]);
				it.title = xstrdup(title);
				snprintf(title, sizeof title, "<p>Paragraph "
				    "one of article %ld, about <b>%s</b>.</p>"
				    "<p>Second paragraph with a <a href=\""
				    "http://127.0.0.1:1/link%ld\">link</a>."
				    "</p>", k, words[k % (sizeof words /
				    sizeof *words)], k);
				it.content = xstrdup(title);
			}
			snprintf(url, sizeof url, "http://127.0.0.1:1/a/%ld",
			    k);
			it.link = xstrdup(url);
			it.id = xstrdup(url);
			it.author = xstrdup("Ola Nordmann");
			it.published = base - k * 600;
			feed_parsed_add_item(&pf, &it);
		}
		if (db_store_feed(db, id, &pf, &st, &cause) != STATUS_OK)
			die("store", cause);
		feed_parsed_free(&pf);
	}
	db_close(db);
	return 0;
}
