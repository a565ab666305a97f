/*
 * A cache generator and writer for tests and benchmarks, linked with
 * libtidende.a: builds deterministic feeds and articles through
 * db_store_feed(), keeps writing in a loop (for the kill -9 and two-writer
 * tests, logging what was committed), and checks a cache afterwards.
 *
 *   db-gen build DB FEEDS ITEMS_PER_FEED [BODY_WORDS]
 *   db-gen loop DB FIRST_FEED NFEEDS ROUNDS LOG   (ROUNDS 0: forever)
 *   db-gen verify DB LOG
 *   db-gen fixture DB          (hand-written articles for search tests)
 *   db-gen state DB ID read|unread|star|unstar [kill]
 *                              (kill: SIGKILL itself after the write)
 *   db-gen sync DB N           (a tt-rss account, one server feed, N
 *                              articles with server ids 1000...)
 *   db-gen queue DB            (the account's waiting changes: ID OP)
 *   db-gen reconcile DB N      (unread := the even ids of those N;
 *                              prints "CHANGED MS")
 *   db-gen ignore DB QUERY...
 *   db-gen bench DB            (timings of the interface's queries)
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tidende/buf.h"
#include "tidende/db-feed.h"
#include "tidende/db-items.h"
#include "tidende/db-retain.h"
#include "tidende/db-store.h"
#include "tidende/db-sync.h"
#include "tidende/db.h"
#include "tidende/feed.h"
#include "tidende/xmalloc.h"

static const char *words[] = {
	"regjeringen", "familietelefon", "blåbær", "Østlandet", "været",
	"kommune", "skole", "Oslo", "Bergen", "Trondheim", "fjellet",
	"budsjett", "valget", "Stortinget", "helse", "sykehus", "strøm",
	"pris", "økonomi", "rente", "bolig", "klima", "energi", "vind",
	"Göteborg", "Malmö", "Århus", "København", "smørbrød", "ærlig",
	"the", "government", "phone", "budget", "election", "weather",
	"school", "hospital", "energy", "climate", "market", "report",
	"science", "research", "open", "source", "terminal", "reader",
	"news", "sport", "football", "skiing", "music", "film", "book",
	"rust", "linux", "kernel", "release", "security", "update",
};
#define NWORDS (sizeof words / sizeof words[0])

static uint64_t seed = 42;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((seed >> 33) % n);
}

static const char *syllables[] = {
	"ba", "ke", "lo", "mi", "nu", "pa", "re", "si", "to", "vu", "dra",
	"fje", "gro", "hal", "kvi", "lyn", "mør", "når", "pæl", "skå", "tre",
	"und", "ver", "yst", "ber", "dal", "fos", "gar", "hei", "kil", "lid",
	"mo", "nes", "rud", "sand", "tun", "vik", "øy", "ås", "bø",
};
#define NSYL (sizeof syllables / sizeof syllables[0])

/*
 * One word: mostly made-up words with a skewed (Zipf-like) frequency, so
 * the index looks like text; now and then one of the real words above
 * (each in about 1% of articles), which the tests and benchmark query.
 */
static void
word(struct buf *b)
{
	unsigned r, i, n;

	if (rnd(200) == 0) {
		buf_adds(b, words[rnd(NWORDS)]);
		return;
	}
	r = rnd(1000);
	r = r * r / 1000;	/* small numbers are frequent */
	n = 1 + (r > 30) + (r > 300);
	for (i = 0; i < n; i++) {
		buf_adds(b, syllables[(r + i * 7) % NSYL]);
		r = r / NSYL + rnd(3);
	}
}

static void
sentence(struct buf *b, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(b, ' ');
		word(b);
	}
}

static void
make_feed(struct parsed_feed *pf, int feed, int first, int nitems,
    int body_words, int64_t base)
{
	struct buf b = BUF_INIT;
	struct item it;
	int i;

	feed_parsed_init(pf);
	pf->title = xasprintf("Feed %03d", feed);
	pf->link = xasprintf("http://127.0.0.1/site/%d", feed);
	for (i = first + nitems - 1; i >= first; i--) {
		feed_item_init(&it);
		seed = (uint64_t)feed * 1000003 + (uint64_t)i;
		it.id = xasprintf("urn:feed:%d:item:%d", feed, i);
		buf_reset(&b);
		buf_printf(&b, "%d.%d ", feed, i);
		sentence(&b, 6);
		it.title = xstrdup(buf_str(&b));
		it.link = xasprintf("http://127.0.0.1/a/%d/%d", feed, i);
		it.author = xasprintf("Author %d", feed % 7);
		/* Spread over time; feeds interleave. */
		it.published = base + (int64_t)i * 3600 + feed * 7;
		buf_reset(&b);
		buf_adds(&b, "<p>");
		sentence(&b, body_words);
		buf_adds(&b, "</p>");
		it.content = xstrdup(buf_str(&b));
		if (i % 5 == 0)
			feed_item_add_category(&it, words[rnd(NWORDS)]);
		feed_parsed_add_item(pf, &it);
	}
	buf_free(&b);
}

static struct db *
open_db(const char *path)
{
	struct db *db;
	char *cause = NULL;

	if (db_open(path, 0, &db, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		exit(1);
	}
	return db;
}

static int64_t
sync_feed(struct db *db, int feed)
{
	char *url, *cause = NULL;
	char t1[8] = "all", t2[8];
	char *tags[2] = { t1, t2 };
	int64_t id;

	snprintf(t2, sizeof t2, "%s", feed % 2 ? "odd" : "even");
	url = xasprintf("http://127.0.0.1/feed/%d", feed);
	if (db_feed_sync(db, url, NULL, tags, 2, &id, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		exit(1);
	}
	free(url);
	return id;
}

static void
store(struct db *db, int64_t id, struct parsed_feed *pf)
{
	struct db_store_stats st;
	char *cause = NULL;

	if (db_store_feed(db, id, pf, &st, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		exit(1);
	}
	feed_parsed_free(pf);
}

/*
 * Store the feeds, then index them for search as `tidende refresh` does
 * at its end; unless `index` is 0: then they stay the search index's
 * backlog, as a refresh killed after storing leaves them.
 */
static int
build(const char *path, int nfeeds, int per, int body_words, int big,
    int index)
{
	struct parsed_feed pf;
	struct db *db = open_db(path);
	char *cause = NULL;
	int feed, more;

	for (feed = 1; feed <= nfeeds; feed++) {
		make_feed(&pf, feed, 0, feed == 1 && big > 0 ? big : per,
		    body_words, 1420070400);
		store(db, sync_feed(db, feed), &pf);
	}
	if (index && db_index_backlog(db, 0, &more, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		return 1;
	}
	db_close(db);
	return 0;
}

/* Store growing feeds forever; log "URL COUNT" after each commit. */
static int
loop(const char *path, int first, int nfeeds, long rounds, const char *log)
{
	struct parsed_feed pf;
	struct db *db = open_db(path);
	char line[256];
	int fd, feed, len, *count;
	long r;

	if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600)) == -1) {
		perror(log);
		return 1;
	}
	count = xcalloc(nfeeds, sizeof *count);
	/* Carry on where an earlier (killed) writer stopped. */
	for (feed = first; feed < first + nfeeds; feed++) {
		struct db_feed f;
		char *url = xasprintf("http://127.0.0.1/feed/%d", feed);

		if (db_feed_find(db, url, &f) == STATUS_OK) {
			count[feed - first] = (int)f.total;
			db_feed_free(&f);
		}
		free(url);
	}
	for (r = 0; rounds == 0 || r < rounds; r++) {
		feed = first + (int)(r % nfeeds);
		/* Each refresh lists the newest 50 and 10 of them are new. */
		count[feed - first] += 10;
		make_feed(&pf, feed, count[feed - first] > 50 ?
		    count[feed - first] - 50 : 0, count[feed - first] > 50 ?
		    50 : count[feed - first], 20, 1420070400);
		store(db, sync_feed(db, feed), &pf);
		len = snprintf(line, sizeof line,
		    "http://127.0.0.1/feed/%d %d\n", feed, count[feed - first]);
		if (write(fd, line, len) != len) {
			perror(log);
			return 1;
		}
	}
	close(fd);
	free(count);
	db_close(db);
	return 0;
}

/* Every count logged as committed must be in the cache. */
static int
verify(const char *path, const char *log)
{
	struct db *db;
	struct db_feed feed;
	char url[200], *cause = NULL;
	FILE *f;
	int n, bad = 0, lines = 0;

	if (db_open(path, 0, &db, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		return 1;
	}
	if (db_check(db, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		free(cause);
		db_close(db);
		return 1;
	}
	if ((f = fopen(log, "r")) == NULL)
		return 0;
	while (fscanf(f, "%199s %d", url, &n) == 2) {
		lines++;
		if (db_feed_find(db, url, &feed) != STATUS_OK) {
			fprintf(stderr, "db-gen: %s missing\n", url);
			bad = 1;
			continue;
		}
		if (feed.total < n) {
			fprintf(stderr, "db-gen: %s has %lld, logged %d\n",
			    url, (long long)feed.total, n);
			bad = 1;
		}
		db_feed_free(&feed);
	}
	fclose(f);
	db_close(db);
	printf("%d commits checked\n", lines);
	return bad;
}

static void
add(struct parsed_feed *pf, const char *id, const char *title,
    const char *author, int64_t published, const char *content)
{
	struct item it;

	feed_item_init(&it);
	it.id = xstrdup(id);
	it.title = xstrdup(title);
	it.link = xasprintf("http://127.0.0.1/%s", id);
	it.author = author != NULL ? xstrdup(author) : NULL;
	it.published = published;
	it.content = xstrdup(content);
	feed_parsed_add_item(pf, &it);
}

/* Articles with known words, for ranking and filter tests. */
static int
fixture(const char *path)
{
	struct parsed_feed pf;
	struct db *db = open_db(path);
	char *cause = NULL, t1[] = "norsk", t2[] = "nyheter", t3[] = "tech";
	char *tags[2] = { t1, t2 };
	int64_t id;

	if (db_feed_sync(db, "http://127.0.0.1/nrk", "NRK", tags, 2, &id,
	    &cause) != STATUS_OK)
		goto fail;
	feed_parsed_init(&pf);
	pf.title = xstrdup("NRK nyheter");
	add(&pf, "n1", "Familietelefon lanseres", "Kari Nordmann", 1425168000,
	    "<p>Den nye familietelefon-tjenesten gir barn en enkel "
	    "telefon.</p>");
	add(&pf, "n2", "Været i helgen", "Ola Nordmann", 1425254400,
	    "<p>Regn på Østlandet, sol i Bergen. Ingen familietelefon.</p>");
	add(&pf, "n3", "Blåbærsesongen er her", "Kari Nordmann", 1425340800,
	    "<p>Blåbær og multer &amp; tyttebær i fjellet.</p>");
	add(&pf, "n4", "Strømprisen stiger", NULL, 1425427200,
	    "<p>Strøm blir dyrere i Sør-Norge.</p>");
	store(db, id, &pf);

	tags[0] = t3;
	if (db_feed_sync(db, "http://127.0.0.1/lwn", "LWN", tags, 1, &id,
	    &cause) != STATUS_OK)
		goto fail;
	feed_parsed_init(&pf);
	pf.title = xstrdup("LWN.net");
	add(&pf, "l1", "Kernel release notes", "Jonathan", 1425081600,
	    "<p>The kernel release brings a new terminal driver.</p>");
	add(&pf, "l2", "Open source terminal readers", "Jake", 1425513600,
	    "<p>Terminal news readers, open source, compared.</p>");
	add(&pf, "l3", "A \x1b[31mred\x1b[0m title\nwith newline", "Evil",
	    1425600000, "<p>escape</p>");
	store(db, id, &pf);
	db_close(db);
	return 0;
fail:
	fprintf(stderr, "db-gen: %s\n", cause);
	return 1;
}

/*
 * Fields no parser would pass on (a tab, a newline, a backslash, an
 * escape): what `list --format tsv` must escape.
 */
static int
hostile(const char *path)
{
	struct parsed_feed pf;
	struct db *db = open_db(path);
	char *cause = NULL;
	int64_t id;

	if (db_feed_sync(db, "http://127.0.0.1/tab\tfeed", "Tab\tFeed", NULL,
	    0, &id, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		return 1;
	}
	feed_parsed_init(&pf);
	add(&pf, "h1", "a\tb\\c\nd\re \x1b[31m$(touch x) 'q'", "Eve\tX",
	    1425600000, "<p>x</p>");
	add(&pf, "h2", "", NULL, FEED_NO_DATE, "<p>y</p>");
	store(db, id, &pf);
	db_close(db);
	return 0;
}

static int
state(const char *path, const char *ids, const char *what, int die)
{
	struct db *db = open_db(path);
	int64_t id = atoll(ids);
	enum status s;

	if (strcmp(what, "read") == 0 || strcmp(what, "unread") == 0)
		s = db_items_set_read(db, id, what[0] == 'r');
	else
		s = db_items_set_starred(db, id, what[0] == 's');
	if (die)
		kill(getpid(), SIGKILL);	/* no close, no checkpoint */
	db_close(db);
	return s == STATUS_OK ? 0 : 1;
}

static struct db_sync_account *
account(struct db *db, struct db_sync_account *a)
{
	char *cause = NULL;

	if (db_sync_account(db, "ttrss", "http://127.0.0.1:1/tt-rss/",
	    "alice", a, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		exit(1);
	}
	return a;
}

/*
 * A server feed with n articles, server ids 1000, 1001, ..., stored as
 * a sync stores them: pages of at most 200.
 */
static int
sync_store(const char *path, int n)
{
	struct db *db = open_db(path);
	struct db_sync_account a;
	struct parsed_feed pf;
	char **ids, *cause = NULL;
	int64_t feed;
	size_t i;
	int first, per;

	account(db, &a);
	if (db_sync_feed(db, a.id, "1", "http://[::1]/server.xml", "Server",
	    "synced", &feed, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		exit(1);
	}
	for (first = 0; first < n; first += per) {
		per = n - first < 200 ? n - first : 200;
		make_feed(&pf, 900, first, per, 40, 1420070400);
		ids = xcalloc(pf.nitems + 1, sizeof *ids);
		/* make_feed() lists the newest first */
		for (i = 0; i < pf.nitems; i++)
			ids[i] = xasprintf("%d", 1000 + first +
			    (int)(pf.nitems - 1 - i));
		if (db_sync_store(db, a.id, feed, &pf, ids, NULL, NULL, NULL,
		    &cause) != STATUS_OK) {
			fprintf(stderr, "db-gen: %s\n", cause);
			exit(1);
		}
		for (i = 0; i < pf.nitems; i++)
			free(ids[i]);
		free(ids);
		feed_parsed_free(&pf);
	}
	db_sync_account_free(&a);
	db_close(db);
	return 0;
}

static double ms_since(const struct timespec *);

/* Reconcile unread with the even server ids of 1000..1000+n-1: "changed ms". */
static int
reconcile(const char *path, int n)
{
	struct db *db = open_db(path);
	struct db_sync_account a;
	struct timespec t0;
	char **ids, *cause = NULL;
	size_t changed;
	int i;

	account(db, &a);
	ids = xcalloc((size_t)n / 2 + 1, sizeof *ids);
	for (i = 0; i < n / 2; i++)
		ids[i] = xasprintf("%d", 1000 + 2 * i);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (db_sync_reconcile(db, a.id, DB_SYNC_FIELD_UNREAD, ids,
	    (size_t)n / 2, &changed, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		exit(1);
	}
	printf("%zu %.1f\n", changed, ms_since(&t0));
	for (i = 0; i < n / 2; i++)
		free(ids[i]);
	free(ids);
	db_sync_account_free(&a);
	db_close(db);
	return 0;
}

static int
queue(const char *path)
{
	static const char *ops[] = { "read", "unread", "star", "unstar" };
	struct db *db = open_db(path);
	struct db_sync_account a;
	struct db_sync_change *c;
	char *cause = NULL;
	size_t n, i;

	account(db, &a);
	if (db_sync_changes(db, a.id, 1000, &c, &n, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		exit(1);
	}
	for (i = 0; i < n; i++)
		printf("%s %s\n", c[i].server_id, ops[c[i].op]);
	db_sync_changes_free(c, n);
	db_sync_account_free(&a);
	db_close(db);
	return 0;
}

static int
ignore(const char *path, char **queries, int n)
{
	struct db *db = open_db(path);
	char *cause = NULL;

	if (db_retain_set_ignores(db, queries, n, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		return 1;
	}
	db_close(db);
	return 0;
}

/*
 * Wall-clock milliseconds since *t0; the CPU time of the same span goes
 * to cpu_ms (on a loaded machine the wall clock says little).
 */
static struct timespec cpu0;
static double cpu_ms;

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1, c1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	cpu_ms = (c1.tv_sec - cpu0.tv_sec) * 1e3 +
	    (c1.tv_nsec - cpu0.tv_nsec) / 1e6;
	return (t1.tv_sec - t0->tv_sec) * 1e3 +
	    (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void
bench_start(struct timespec *t0)
{
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
	clock_gettime(CLOCK_MONOTONIC, t0);
}

static void
page(struct db *db, struct db_filter *f, const struct db_cursor *after,
    size_t *n)
{
	struct db_row *rows;
	char *cause = NULL;

	if (db_items_page(db, f, after, 0, 50, &rows, n, &cause) !=
	    STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		exit(1);
	}
	db_items_rows_free(rows, *n);
}

/* Time one search: first page (relevance and date) and its count. */
static void
bench_search(struct db *db, const char *query)
{
	struct db_filter f;
	struct timespec t0;
	int64_t total, unread;
	char *cause = NULL;
	double rel, date, cnt, crel, cdate, ccnt;
	size_t n;

	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_SEARCH;
	f.search = query;
	f.by_relevance = 1;
	bench_start(&t0);
	page(db, &f, NULL, &n);
	rel = ms_since(&t0);
	crel = cpu_ms;
	f.by_relevance = 0;
	bench_start(&t0);
	page(db, &f, NULL, &n);
	date = ms_since(&t0);
	cdate = cpu_ms;
	bench_start(&t0);
	db_items_count(db, &f, &total, &unread, &cause);
	cnt = ms_since(&t0);
	ccnt = cpu_ms;
	printf("search %-34s %6lld matches: first page %.2f ms (%.2f CPU) by "
	    "relevance, %.2f (%.2f) by date; count %.2f (%.2f)\n", query,
	    (long long)total, rel, crel, date, cdate, cnt, ccnt);
}

static int
bench(const char *path)
{
	struct db *db;
	struct db_filter f;
	struct db_feed *feeds, big;
	struct db_tag *tags;
	struct db_row *rows;
	struct db_cursor cur;
	struct timespec t0;
	char *cause = NULL;
	size_t n, nt, i;
	int64_t total, unread;
	double ms;

	bench_start(&t0);
	if (db_open(path, 0, &db, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		return 1;
	}
	memset(&f, 0, sizeof f);
	f.unread_only = 1;
	page(db, &f, NULL, &n);
	ms = ms_since(&t0);
	printf("open + first page of unread (%zu rows): %.2f ms (%.2f CPU)\n",
	    n, ms, cpu_ms);

	bench_start(&t0);
	db_feed_list(db, &feeds, &n);
	db_feed_tags_list(db, &tags, &nt);
	ms = ms_since(&t0);
	printf("unread counts for all %zu feeds and %zu tags: %.2f ms "
	    "(%.2f CPU)\n", n, nt, ms, cpu_ms);
	db_feed_tags_free(tags, nt);
	db_feed_list_free(feeds, n);

	/* Deep in the list: a page after row 50,000 costs like the first. */
	memset(&f, 0, sizeof f);
	if (db_items_page(db, &f, NULL, 0, 1, &rows, &n, &cause) !=
	    STATUS_OK)
		return 1;
	db_items_row_cursor(&rows[0], &cur);
	db_items_rows_free(rows, n);
	cur.date -= 250 * 3600;		/* about half way back */
	bench_start(&t0);
	page(db, &f, &cur, &n);
	ms = ms_since(&t0);
	printf("a page in the middle of all articles: %.2f ms (%.2f CPU)\n",
	    ms, cpu_ms);
	bench_start(&t0);
	if (db_items_page(db, &f, &cur, 1, 50, &rows, &n, &cause) !=
	    STATUS_OK)
		return 1;
	db_items_rows_free(rows, n);
	ms = ms_since(&t0);
	printf("the page before it (backwards): %.2f ms (%.2f CPU)\n", ms,
	    cpu_ms);

	f.view = DB_VIEW_TAG;
	f.tag = "odd";
	f.unread_only = 1;
	bench_start(&t0);
	page(db, &f, NULL, &n);
	ms = ms_since(&t0);
	printf("first page of unread in a tag of 100 feeds: %.2f ms "
	    "(%.2f CPU)\n", ms, cpu_ms);

	if (db_feed_find(db, "http://127.0.0.1/feed/1", &big) != STATUS_OK)
		return 1;
	memset(&f, 0, sizeof f);
	f.view = DB_VIEW_FEED;
	f.feed_id = big.id;
	bench_start(&t0);
	page(db, &f, NULL, &n);
	ms = ms_since(&t0);
	printf("first page of the %lld-article feed: %.2f ms (%.2f CPU)\n",
	    (long long)big.total, ms, cpu_ms);
	bench_start(&t0);
	if (db_items_mark_read(db, &f, &cause) != STATUS_OK) {
		fprintf(stderr, "db-gen: %s\n", cause);
		return 1;
	}
	ms = ms_since(&t0);
	printf("mark the %lld-article feed read: %.2f ms (%.2f CPU)\n",
	    (long long)big.unread, ms, cpu_ms);
	db_feed_free(&big);

	memset(&f, 0, sizeof f);
	bench_start(&t0);
	for (i = 0; i < 100; i++)
		db_items_count(db, &f, &total, &unread, &cause);
	printf("total unread count (%lld): %.3f ms\n", (long long)unread,
	    ms_since(&t0) / 100);
	bench_start(&t0);
	for (i = 0; i < 1000; i++)
		(void)db_generation(db);
	printf("db_generation: %.4f ms\n", ms_since(&t0) / 1000);

	bench_search(db, "familietelefon");
	bench_search(db, "blåbær kommune");
	bench_search(db, "\"open source\"");
	bench_search(db, "famil*");
	bench_search(db, "familietelefon is:unread tag:odd");
	bench_search(db, "since:30d");
	bench_search(db, "fje");	/* a frequent word */
	bench_search(db, "-fje");
	db_close(db);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "fixture") == 0)
		return fixture(argv[2]);
	if (argc == 3 && strcmp(argv[1], "hostile") == 0)
		return hostile(argv[2]);
	if ((argc == 5 || argc == 6) && strcmp(argv[1], "state") == 0)
		return state(argv[2], argv[3], argv[4], argc == 6);
	if (argc == 4 && strcmp(argv[1], "sync") == 0)
		return sync_store(argv[2], atoi(argv[3]));
	if (argc == 4 && strcmp(argv[1], "reconcile") == 0)
		return reconcile(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "queue") == 0)
		return queue(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "ignore") == 0)
		return ignore(argv[2], argv + 3, argc - 3);
	if (argc >= 5 && strcmp(argv[1], "build") == 0)
		return build(argv[2], atoi(argv[3]), atoi(argv[4]),
		    argc > 5 ? atoi(argv[5]) : 40, argc > 6 ? atoi(argv[6]) : 0,
		    1);
	/* stored, not indexed for search: the backlog a kill -9 leaves */
	if (argc == 5 && strcmp(argv[1], "stored") == 0)
		return build(argv[2], atoi(argv[3]), atoi(argv[4]), 40, 0, 0);
	if (argc == 3 && strcmp(argv[1], "bench") == 0)
		return bench(argv[2]);
	if (argc == 7 && strcmp(argv[1], "loop") == 0)
		return loop(argv[2], atoi(argv[3]), atoi(argv[4]),
		    atol(argv[5]), argv[6]);
	if (argc == 4 && strcmp(argv[1], "verify") == 0)
		return verify(argv[2], argv[3]);
	fprintf(stderr, "usage: db-gen build DB FEEDS PER [WORDS] | "
	    "loop DB FIRST N ROUNDS LOG | verify DB LOG\n");
	return 64;
}
