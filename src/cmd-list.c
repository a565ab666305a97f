/*
 * `tidende list`: cached articles newest first, as text lines or JSON,
 * streamed page by page; `list --unread --count` prints only the number
 * and touches nothing but the cache's per-feed counters.
 */
#include <getopt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tidende/i18n.h"
#include "tidende/buf.h"
#include "tidende/cmd.h"
#include "tidende/date.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/json.h"
#include "tidende/listing.h"
#include "tidende/utf8.h"
#include "tidende/words.h"
#include "tidende/xmalloc.h"

#define LISTING_PAGE	500

static void
listing_text(struct buf *b, const char *s, const char *absent)
{
	char *clean;

	if (s == NULL || *s == '\0') {
		buf_adds(b, absent);
		return;
	}
	clean = utf8_clean(s, strlen(s), UTF8_COLLAPSE_SPACE);
	buf_adds(b, *clean != '\0' ? clean : absent);
	free(clean);
}

/*
 * One TSV field: \t \n \r and \\ escaped first, then cleaned (other
 * control characters and escape sequences never reach the output).
 */
static void
listing_tsv(struct buf *b, const char *s)
{
	struct buf e = BUF_INIT;
	const char *p;
	char *clean;

	if (s == NULL)
		return;
	for (p = s; *p != '\0'; p++) {
		switch (*p) {
		case '\t':
			buf_adds(&e, "\\t");
			break;
		case '\n':
			buf_adds(&e, "\\n");
			break;
		case '\r':
			buf_adds(&e, "\\r");
			break;
		case '\\':
			buf_adds(&e, "\\\\");
			break;
		default:
			buf_addc(&e, *p);
		}
	}
	clean = utf8_clean(e.s != NULL ? e.s : "", e.len, 0);
	buf_adds(b, clean);
	free(clean);
	buf_free(&e);
}

int
cmd_list_format(const char *s)
{
	if (strcmp(s, "text") == 0)
		return LISTING_TEXT;
	if (strcmp(s, "json") == 0)
		return LISTING_JSON;
	if (strcmp(s, "tsv") == 0)
		return LISTING_TSV;
	return -1;
}

static void
listing_row(struct buf *b, const struct db_row *r, int format, int first)
{
	char date[32];
	struct tm tm;
	time_t t;

	if (format == LISTING_TSV) {
		buf_printf(b, "%lld\t", (long long)r->id);
		if (r->published != FEED_NO_DATE) {
			date_format_rfc3339(r->published, date, sizeof date);
			buf_adds(b, date);
		}
		buf_addc(b, '\t');
		listing_tsv(b, r->feed_title);
		buf_addc(b, '\t');
		listing_tsv(b, r->feed_url);
		buf_addc(b, '\t');
		listing_tsv(b, r->title);
		buf_addc(b, '\t');
		listing_tsv(b, r->link);
		buf_addc(b, '\t');
		listing_tsv(b, r->author);
		buf_printf(b, "\t%d\t%d\n", r->read != 0, r->starred != 0);
		return;
	}
	if (format == LISTING_JSON) {
		buf_adds(b, first ? "\n  " : ",\n  ");
		buf_printf(b, "{\"id\": %lld, \"feed\": ", (long long)r->id);
		json_add_string(b, r->feed_title);
		buf_adds(b, ", \"feed_url\": ");
		json_add_string(b, r->feed_url);
		buf_adds(b, ", \"title\": ");
		json_add_string(b, r->title);
		buf_adds(b, ", \"link\": ");
		json_add_string(b, r->link);
		buf_adds(b, ", \"author\": ");
		json_add_string(b, r->author);
		buf_adds(b, ", \"published\": ");
		json_add_date(b, r->published);
		buf_printf(b, ", \"read\": %s, \"starred\": %s}",
		    r->read ? "true" : "false", r->starred ? "true" : "false");
		return;
	}
	t = (time_t)r->date;
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(date, sizeof date, "%Y-%m-%d", &tm) == 0)
		snprintf(date, sizeof date, "-");
	buf_printf(b, "%lld  %s  ", (long long)r->id, date);
	/* the text lines are a contract (cli.md): never translated */
	listing_text(b, r->feed_title, "(no title)");
	buf_adds(b, "  ");
	listing_text(b, r->title, "(untitled)");
	buf_addc(b, '\n');
}

int
cmd_list_print(struct db *db, const struct db_filter *f, size_t limit,
    int format, FILE *out, const char *what)
{
	int json = format == LISTING_JSON;
	struct buf b = BUF_INIT;
	struct db_row *rows;
	struct db_cursor cur;
	size_t n, i, want, printed = 0;
	char *cause = NULL;
	enum status s;
	int first = 1;

	if (json)
		fputc('[', out);
	for (;;) {
		want = LISTING_PAGE;
		if (limit != 0 && limit - printed < want)
			want = limit - printed;
		if (want == 0)
			break;
		s = db_items_page(db, f, first ? NULL : &cur, 0, want, &rows,
		    &n, &cause);
		if (s != STATUS_OK) {
			if (json)
				fputs("]\n", out);
			app_error(what, "%s", cause != NULL ? cause :
			    status_message(s));
			free(cause);
			buf_free(&b);
			return s == STATUS_USAGE ? EXIT_USAGE : 1;
		}
		for (i = 0; i < n; i++) {
			listing_row(&b, &rows[i], format, first && i == 0);
			fwrite(b.s, 1, b.len, out);
			buf_reset(&b);
		}
		printed += n;
		if (n > 0)
			db_items_row_cursor(&rows[n - 1], &cur);
		db_items_rows_free(rows, n);
		if (n == 0)
			break;
		first = 0;
		if (n < want)
			break;
	}
	if (json)
		fputs(printed > 0 ? "\n]\n" : "]\n", out);
	buf_free(&b);
	if (fflush(out) != 0 || ferror(out)) {
		/* (a reader that went away, | head, is not worth a line) */
		if (errno != EPIPE)
			app_error(what, "%s", _("cannot write the output"));
		return 1;
	}
	return 0;
}

static const char list_usage[] =
    "list [--unread] [--feed URL] [--tag NAME] [--starred] [--ignored]\n"
    "         [--count] [--json | --format text|tsv|json] [--limit N]";

/* A URL without its scheme and "www.", for comparing what people type. */
static const char *
list_url_core(const char *u)
{
	const char *p = strstr(u, "://");

	u = p != NULL ? p + 3 : u;
	if (strncasecmp(u, "www.", 4) == 0)
		u += 4;
	return u;
}

/* Does the feed look like what was typed: part of its URL or title? */
static int
list_feed_close(const struct db_feed *fd, const char *arg)
{
	const char *a = list_url_core(arg), *u = list_url_core(fd->url);
	size_t la = strcspn(a, "/"), lu = strcspn(u, "/");

	if (*a == '\0')
		return 0;
	if (strcasestr(fd->url, a) != NULL || (fd->title != NULL &&
	    strcasestr(fd->title, arg) != NULL))
		return 1;
	/* the same host, or one a typo away */
	if (la == lu && strncasecmp(a, u, la) == 0)
		return 1;
	return strlen(a) < 48 && strlen(u) < 48 &&
	    words_distance(a, u) <= 2 + strlen(a) / 8;
}

/*
 * `list --feed` with a feed the cache does not have: say so, and name
 * the feeds it might have meant (at most 8), or how many there are.
 */
static int
list_unknown_feed(struct db *db, const char *arg)
{
	struct db_feed *feeds;
	size_t n, i, shown = 0;
	char *clean;

	if (db_feed_list(db, &feeds, &n) != STATUS_OK) {
		app_error(arg, _("not a feed in the cache"));
		return EXIT_USAGE;
	}
	for (i = 0; i < n; i++) {
		if (!list_feed_close(&feeds[i], arg))
			continue;
		if (shown == 0)
			app_error(arg,
			    _("not a feed in the cache; did you mean:"));
		if (shown++ == 8) {
			fputs("  ...\n", stderr);
			break;
		}
		clean = utf8_clean(feeds[i].url, strlen(feeds[i].url),
		    UTF8_COLLAPSE_SPACE);
		fprintf(stderr, "  %s\n", clean);
		free(clean);
	}
	if (shown == 0)
		app_error(arg, ngettext("not a feed in the cache (%zu feed; "
		    "'tidende export-opml' lists the configured ones)",
		    "not a feed in the cache (%zu feeds; 'tidende export-opml' "
		    "lists the configured ones)", n), n);
	db_feed_list_free(feeds, n);
	return EXIT_USAGE;
}

int
cmd_list(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unread",	no_argument,	   NULL, 'u' },
		{ "feed",	required_argument, NULL, 'f' },
		{ "tag",	required_argument, NULL, 't' },
		{ "starred",	no_argument,	   NULL, 's' },
		{ "ignored",	no_argument,	   NULL, 'i' },
		{ "count",	no_argument,	   NULL, 'c' },
		{ "json",	no_argument,	   NULL, 'j' },
		{ "format",	required_argument, NULL, 'F' },
		{ "limit",	required_argument, NULL, 'n' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct db_filter f;
	struct db_feed feed;
	const char *feed_url = NULL;
	char *cause = NULL, *end;
	int64_t total, unread;
	int ch, count = 0, format = LISTING_TEXT, rc, missing;
	long limit = 0;
	enum status s;

	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_ALL;
	while ((ch = getopt_long(argc, argv, "+:uf:t:sicjn:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'u':
			f.unread_only = 1;
			break;
		case 'f':
			feed_url = optarg;
			f.view = DB_VIEW_FEED;
			break;
		case 't':
			f.tag = optarg;
			f.view = DB_VIEW_TAG;
			break;
		case 's':
			f.starred_only = 1;
			break;
		case 'i':
			f.ignored = 1;
			break;
		case 'c':
			count = 1;
			break;
		case 'j':
			format = LISTING_JSON;
			break;
		case 'F':
			if ((format = cmd_list_format(optarg)) < 0)
				return app_usage_error(list_usage,
				    _("--format: "
				    "text, tsv or json, not %s"), optarg);
			break;
		case 'n':
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit < 0) {
				return app_usage_error(list_usage, _("--limit: "
				    "not a number: %s"), optarg);
			}
			break;
		case 'h':
			return app_help(list_usage);
		default:
			return app_option_error(list_usage, ch, argv);
		}
	}
	if (optind < argc)
		return app_usage_error(list_usage, _("unexpected argument: %s"),
		    argv[optind]);

	if ((rc = app_open_db_reading(app, &missing)) != 0 || missing) {
		/* No cache yet: an empty list, not an error. */
		if (rc == 0 && count)
			puts("0");
		else if (rc == 0 && format == LISTING_JSON)
			puts("[]");
		return rc;
	}

	if (feed_url != NULL) {
		if (db_feed_find(app->db, feed_url, &feed) != STATUS_OK)
			return list_unknown_feed(app->db, feed_url);
		f.feed_id = feed.id;
		db_feed_free(&feed);
	}
	if (count) {
		s = db_items_count(app->db, &f, &total, &unread, &cause);
		if (s != STATUS_OK) {
			fprintf(stderr, "tidende: %s\n", cause);
			free(cause);
			return 1;
		}
		printf("%lld\n", (long long)(f.unread_only ? unread : total));
		return 0;
	}
	return cmd_list_print(app->db, &f, (size_t)limit, format, stdout,
	    "list");
}
