/*
 * Unit tests for discover: the links a page advertises (rel lists, type
 * parameters and case, <base href>, duplicates, schemes, the cap on
 * links, titles cleaned) and the addresses discovery takes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tidende/buf.h"
#include "tidende/discover.h"

static size_t
links(const char *html, const char *page, struct discover_feed **f)
{
	return discover_html_links(html, strlen(html), page, NULL, f);
}

static void
test_discover_rel_and_type(void **state)
{
	struct discover_feed *f;
	size_t n;

	n = links("<html><head>"
	    "<link rel='alternate' type='application/rss+xml' href='/a.xml'>"
	    "<link rel='ALTERNATE home' type='Application/Atom+XML; q=1' "
	    "href='b.xml' title=' B  title '>"
	    "<link rel='alternatex' type='application/rss+xml' href='c.xml'>"
	    "<link rel='alternate' type='text/html' href='d.html'>"
	    "<link rel='alternate' type='application/rss+xml'>"
	    "<link rel='alternate' type='application/rss+xml' href=''>"
	    "<link rel='stylesheet alternate' type='application/feed+json' "
	    "href='e.json'>"
	    "</head><body></body></html>", "https://x.org/blog/post", &f);
	assert_int_equal(n, 3);
	assert_string_equal(f[0].url, "https://x.org/a.xml");
	assert_string_equal(f[0].format, "application/rss+xml");
	assert_null(f[0].title);
	assert_int_equal(f[0].fetched, 0);
	assert_string_equal(f[1].url, "https://x.org/blog/b.xml");
	assert_string_equal(f[1].format, "application/atom+xml");
	assert_string_equal(f[1].title, "B title");
	assert_string_equal(f[2].url, "https://x.org/blog/e.json");
	assert_string_equal(f[2].format, "application/feed+json");
	discover_feeds_free(f, n);
}

static void
test_discover_base_and_dupes(void **state)
{
	struct discover_feed *f;
	size_t n;

	n = links("<head><base href='https://cdn.example/f/'>"
	    "<base href='https://ignored.example/'>"
	    "<link rel=alternate type=application/rss+xml href=rss>"
	    "<link rel=alternate type=application/rss+xml "
	    "href='https://cdn.example/f/rss'>"
	    "<link rel=alternate type=application/rss+xml href='javascript:x'>"
	    "<link rel=alternate type=application/rss+xml href='data:,x'>"
	    "<link rel=alternate type=application/json href='/wp-json/'>"
	    "</head>", "http://site.example/", &f);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].url, "https://cdn.example/f/rss");
	assert_string_equal(f[1].url, "https://cdn.example/wp-json/");
	assert_string_equal(f[1].format, "application/json");
	discover_feeds_free(f, n);

	/* a file:// page may name file:// feeds; an http page may not */
	n = links("<link rel=alternate type=application/rss+xml "
	    "href='file:///etc/passwd'>", "http://site.example/", &f);
	assert_int_equal(n, 0);
	discover_feeds_free(f, n);
	n = links("<link rel=alternate type=application/rss+xml href='f.xml'>",
	    "file:///tmp/page.html", &f);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].url, "file:///tmp/f.xml");
	discover_feeds_free(f, n);
}

static void
test_discover_hostile(void **state)
{
	struct discover_feed *f;
	struct buf b = BUF_INIT;
	size_t n, i;
	const char *p;

	n = links("<link rel=alternate type=application/rss+xml href=a "
	    "title='one&#9;two&#10;three &#x1b;[2J &amp; \xc2\x9b four'>",
	    "http://s.example/", &f);
	assert_int_equal(n, 1);
	for (p = f[0].title; *p != '\0'; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	assert_non_null(strstr(f[0].title, "one two three"));
	assert_null(strstr(f[0].title, "\xc2\x9b"));
	discover_feeds_free(f, n);

	/* a flood of links: at most DISCOVER_MAX_LINKS are kept */
	buf_adds(&b, "<head>");
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "<link rel=alternate type=application/rss+xml "
		    "href='/f%zu'>", i);
	n = links(b.s, "http://s.example/", &f);
	assert_int_equal(n, DISCOVER_MAX_LINKS);
	discover_feeds_free(f, n);
	buf_free(&b);
}

static void
test_discover_url(void **state)
{
	char *u, *cause;

	u = discover_url("www.innomag.no", &cause);
	assert_string_equal(u, "https://www.innomag.no");
	free(u);
	u = discover_url("http://a.example/x?y=1", &cause);
	assert_string_equal(u, "http://a.example/x?y=1");
	free(u);
	u = discover_url("file:///tmp/x.html", &cause);
	assert_non_null(u);
	free(u);
	assert_null(discover_url("ftp://a.example/", &cause));
	assert_non_null(cause);
	free(cause);
	assert_null(discover_url("http://a.example/a b", &cause));
	free(cause);
	assert_null(discover_url("", &cause));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discover_rel_and_type),
		cmocka_unit_test(test_discover_base_and_dupes),
		cmocka_unit_test(test_discover_hostile),
		cmocka_unit_test(test_discover_url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
