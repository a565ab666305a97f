/*
 * Unit tests for the feed parser: every format and namespace, xml:base,
 * encodings, CDATA and entities, recovery, non-feeds, streaming in small
 * chunks, and hostile documents (XXE, entity bombs, deep nesting, huge
 * fields, control and escape characters).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "tidende/buf.h"
#include "tidende/date.h"
#include "tidende/feed.h"
#include "tidende/parse.h"
#include "tidende/url.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#include "../../src/parse-formats.h"

static char *
fixture(const char *name, size_t *len)
{
	const char *top = getenv("TOP_SRCDIR");
	char path[1024];
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/tests/fixtures/parse/%s",
	    top != NULL ? top : ".", name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

/* Parse a string; the document must be a feed. */
static void
parse_ok(const char *doc, const char *base, struct parsed_feed *pf,
    char **warning)
{
	char *cause = NULL, *w = NULL;
	enum status st;

	st = parse_feed(doc, strlen(doc), base, pf, &w, &cause);
	if (st != STATUS_OK)
		fail_msg("parse failed: %s", cause != NULL ? cause : "?");
	if (warning != NULL)
		*warning = w;
	else
		free(w);
}

static void
parse_file(const char *name, const char *base, struct parsed_feed *pf,
    char **warning)
{
	char *doc, *cause = NULL, *w = NULL;
	size_t len;
	enum status st;

	doc = fixture(name, &len);
	st = parse_feed(doc, len, base, pf, &w, &cause);
	free(doc);
	if (st != STATUS_OK)
		fail_msg("%s: %s", name, cause != NULL ? cause : "?");
	if (warning != NULL)
		*warning = w;
	else
		free(w);
}

static char *
parse_not_feed(const char *doc, size_t len)
{
	struct parsed_feed pf;
	char *cause = NULL, *w = NULL;

	assert_int_equal(parse_feed(doc, len, NULL, &pf, &w, &cause),
	    STATUS_NOT_FEED);
	assert_non_null(cause);
	assert_null(strchr(cause, '\n'));
	free(w);
	return cause;
}

static void
date_is(int64_t t, const char *want)
{
	char got[32];

	if (want == NULL) {
		assert_true(t == FEED_NO_DATE);
		return;
	}
	assert_true(t != FEED_NO_DATE);
	date_format_rfc3339(t, got, sizeof got);
	assert_string_equal(got, want);
}

/* No C0 (but \n, \t), DEL, C1, bidi controls or invalid UTF-8. */
static void
assert_clean(const char *s, int newlines)
{
	size_t i = 0, len, n;
	uint32_t cp;

	if (s == NULL)
		return;
	len = strlen(s);
	assert_true(utf8_valid(s, len));
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		i += n;
		if (newlines && (cp == '\n' || cp == '\t'))
			continue;
		assert_false(cp < 0x20 || cp == 0x7f || (cp >= 0x80 &&
		    cp < 0xa0));
		assert_false((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069));
	}
}

static void
test_rss20_wordpress(void **state)
{
	struct parsed_feed pf;
	struct item *it;

	parse_file("wordpress.xml", "https://grunder.example.no/feed/", &pf,
	    NULL);
	assert_int_equal(pf.format, FEED_FORMAT_RSS20);
	assert_string_equal(pf.title,
	    "Gr\xc3\xbcnderbloggen \xe2\x80\x93 nytt fra innovasjonsnorge");
	assert_string_equal(pf.link, "https://grunder.example.no");
	assert_string_equal(pf.language, "nb-NO");
	date_is(pf.updated, "2015-03-02T10:00:00Z");
	assert_int_equal(pf.nitems, 2);
	it = &pf.items[0];
	assert_string_equal(it->id, "https://grunder.example.no/?p=123");
	assert_string_equal(it->link,
	    "https://grunder.example.no/2015/03/aerlig-talt/");
	assert_string_equal(it->author, "\xc3\x85se \xc3\x98" "deg\xc3\xa5rd");
	date_is(it->published, "2015-03-02T08:30:00Z");
	assert_int_equal(it->ncategories, 2);
	assert_string_equal(it->categories[0], "Kapital");
	assert_string_equal(it->categories[1],
	    "Gr\xc3\xbcndere i Tr\xc3\xb8ndelag");
	assert_non_null(strstr(it->content, "<strong>Vi har spurt fem "
	    "gr\xc3\xbcndere</strong>"));
	assert_non_null(strstr(it->content, "\xf0\x9f\x98\x80"));
	assert_non_null(strstr(it->summary, "<a rel=\"nofollow\""));
	assert_int_equal(it->nenclosures, 1);
	assert_string_equal(it->enclosures[0].type, "audio/mpeg");
	assert_int_equal(it->enclosures[0].length, 1234);
	/* double-escaped markup in a title comes out as plain text */
	it = &pf.items[1];
	assert_string_equal(it->title,
	    "Tom & Jerry \xe2\x80\x93 AT&T fet");
	/* relative link resolved against the document's URL */
	assert_string_equal(it->link,
	    "https://grunder.example.no/2015/02/relativ/");
	assert_string_equal(it->author, "Kari Nordmann");
	feed_parsed_free(&pf);
}

static void
test_rss10_rdf(void **state)
{
	struct parsed_feed pf;

	parse_file("rss10.rdf", NULL, &pf, NULL);
	assert_int_equal(pf.format, FEED_FORMAT_RSS10);
	assert_string_equal(pf.title, "RDF-kanal");
	assert_string_equal(pf.description, "En RSS 1.0-kanal");
	assert_string_equal(pf.language, "nn");
	assert_int_equal(pf.nitems, 1);
	assert_string_equal(pf.items[0].title, "Sak 1");
	assert_string_equal(pf.items[0].author, "Nils");
	assert_string_equal(pf.items[0].summary, "Om <b>saken</b>");
	date_is(pf.items[0].published, "2015-03-02T09:00:00Z");
	assert_string_equal(pf.items[0].categories[0], "politikk");
	feed_parsed_free(&pf);
}

static void
test_rss09x(void **state)
{
	struct parsed_feed pf;

	parse_ok("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS "
	    "0.91//EN\" \"http://my.netscape.com/publish/formats/"
	    "rss-0.91.dtd\">\n<rss version=\"0.91\"><channel>"
	    "<title>Caf&eacute; &amp; bar&nbsp;</title>"
	    "<link>http://example.com/</link>"
	    "<item><title>Item</title><link>http://example.com/1</link>"
	    "<description>Hello</description></item>"
	    "</channel></rss>", NULL, &pf, NULL);
	assert_int_equal(pf.format, FEED_FORMAT_RSS09X);
	/* HTML entities without a DTD to declare them */
	assert_string_equal(pf.title, "Caf\xc3\xa9 & bar");
	assert_int_equal(pf.nitems, 1);
	assert_string_equal(pf.items[0].id, "http://example.com/1");
	feed_parsed_free(&pf);
}

static void
test_atom10_xml_base(void **state)
{
	struct parsed_feed pf;
	struct item *it;

	parse_file("atom-base.xml", "http://ignored.example/", &pf, NULL);
	assert_int_equal(pf.format, FEED_FORMAT_ATOM10);
	assert_string_equal(pf.title, "Nyheter fra Bod\xc3\xb8");
	assert_string_equal(pf.link, "https://blogg.example.no/");
	assert_string_equal(pf.description, "Sm\xc3\xa5 og store saker");
	assert_string_equal(pf.language, "nb");
	date_is(pf.updated, "2015-03-02T09:00:00Z");
	assert_int_equal(pf.nitems, 2);
	it = &pf.items[0];
	assert_string_equal(it->id, "tag:blogg.example.no,2015:1");
	/* nested xml:base: feed, then entry */
	assert_string_equal(it->link,
	    "https://blogg.example.no/2015/03/forste");
	assert_string_equal(it->enclosures[0].url,
	    "https://blogg.example.no/2015/lyd/forste.ogg");
	assert_int_equal(it->enclosures[0].length, 4321);
	assert_string_equal(it->author, "Ola Nordmann");
	date_is(it->published, "2015-03-01T08:00:00Z");
	date_is(it->updated, "2015-03-01T09:00:00Z");
	assert_string_equal(it->categories[0], "nyheter");
	assert_string_equal(it->language, "nb");
	assert_string_equal(it->summary, "Kort om <ting>");
	/* xhtml content: the wrapper div goes, markup stays, text escaped */
	assert_string_equal(it->content,
	    "<p>Hei <a href=\"lenke\">verden</a> &amp; alle</p><br />");
	it = &pf.items[1];
	assert_string_equal(it->title, "Second post");
	assert_string_equal(it->link, "https://annen.example.com/a/c");
	assert_string_equal(it->language, "en");
	/* the feed's author is inherited */
	assert_string_equal(it->author, "Redaksjonen");
	assert_string_equal(it->content, "<p>HTML &amp; more</p>");
	feed_parsed_free(&pf);
}

static void
test_atom03(void **state)
{
	struct parsed_feed pf;

	parse_ok("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">"
	    "<title mode=\"escaped\" type=\"text/html\">A &lt;b&gt;bold&lt;/b&gt;"
	    "</title><tagline>Tag</tagline>"
	    "<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"http://example.org/\"/>"
	    "<modified>2004-01-01T00:00:00Z</modified>"
	    "<entry><title>E</title><id>urn:e1</id>"
	    "<issued>2003-12-31T10:14:55-08:00</issued>"
	    "<content type=\"text/html\" mode=\"base64\">"
	    "PHA+SGVsbG88L3A+</content>"
	    "<author><name>A. N. Other</name></author></entry></feed>",
	    NULL, &pf, NULL);
	assert_int_equal(pf.format, FEED_FORMAT_ATOM03);
	assert_string_equal(pf.title, "A bold");
	assert_string_equal(pf.description, "Tag");
	assert_string_equal(pf.link, "http://example.org/");
	date_is(pf.updated, "2004-01-01T00:00:00Z");
	assert_int_equal(pf.nitems, 1);
	date_is(pf.items[0].published, "2003-12-31T18:14:55Z");
	assert_string_equal(pf.items[0].content, "<p>Hello</p>");
	assert_string_equal(pf.items[0].author, "A. N. Other");
	feed_parsed_free(&pf);
}

static void
test_json_feed(void **state)
{
	struct parsed_feed pf;
	struct item *it;
	char *cause;
	const char *notjf = "{\"hello\": \"world\"}";

	parse_file("feed.json", "https://mikro.example.no/feed.json", &pf,
	    NULL);
	assert_int_equal(pf.format, FEED_FORMAT_JSONFEED);
	assert_string_equal(pf.title, "Mikrobloggen");
	assert_string_equal(pf.link, "https://mikro.example.no/");
	assert_string_equal(pf.language, "nb-NO");
	assert_int_equal(pf.nitems, 2);
	it = &pf.items[0];
	assert_string_equal(it->id, "2");
	assert_string_equal(it->title, "Bl\xc3\xa5" "b\xc3\xa6rsyltet\xc3\xb8y");
	assert_string_equal(it->author, "Kari");
	date_is(it->published, "2015-03-02T09:00:00Z");
	date_is(it->updated, "2015-03-02T12:00:00Z");
	assert_int_equal(it->ncategories, 2);
	assert_string_equal(it->enclosures[0].url,
	    "https://mikro.example.no/lyd/2.mp3");
	assert_int_equal(it->enclosures[0].length, 999);
	assert_string_equal(pf.items[1].id, "1");
	assert_string_equal(pf.items[1].author, "Per");
	feed_parsed_free(&pf);

	cause = parse_not_feed(notjf, strlen(notjf));
	assert_non_null(strstr(cause, "JSON"));
	free(cause);
	cause = parse_not_feed("{\"version\": ", 12);
	free(cause);
}

static void
test_namespaces(void **state)
{
	struct parsed_feed pf;
	struct item *it;

	parse_ok("<rss version=\"2.0\" "
	    "xmlns:media=\"http://search.yahoo.com/mrss/\" "
	    "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
	    "xmlns:atom=\"http://www.w3.org/2005/Atom\" "
	    "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "<channel><title>P</title>"
	    "<atom:link rel=\"self\" href=\"http://example.com/feed\"/>"
	    "<link>http://example.com/</link><dc:language>sv</dc:language>"
	    "<item><title>Ep 1</title>"
	    "<itunes:author>Pod Caster</itunes:author>"
	    "<itunes:summary>Sum</itunes:summary>"
	    "<guid>http://example.com/ep1</guid>"
	    "<media:group><media:content url=\"http://cdn.example.com/1.mp4\" "
	    "type=\"video/mp4\" fileSize=\"100\"/>"
	    "<media:content url=\"http://cdn.example.com/1.webm\"/>"
	    "</media:group>"
	    "<media:thumbnail url=\"http://cdn.example.com/1.jpg\"/>"
	    "<dcterms:modified>2015-03-02T10:00:00Z</dcterms:modified>"
	    "</item>"
	    "<item><title>Ep 2</title>"
	    "<atom:link rel=\"alternate\" href=\"http://example.com/ep2\"/>"
	    "<media:content url=\"http://cdn.example.com/2.mp3\" "
	    "type=\"audio/mpeg\"/>"
	    "</item></channel></rss>", NULL, &pf, NULL);
	assert_string_equal(pf.link, "http://example.com/");
	assert_string_equal(pf.language, "sv");
	assert_int_equal(pf.nitems, 2);
	it = &pf.items[0];
	assert_string_equal(it->author, "Pod Caster");
	assert_string_equal(it->summary, "Sum");
	/* a permalink guid is the link when there is no <link> */
	assert_string_equal(it->link, "http://example.com/ep1");
	assert_int_equal(it->nenclosures, 2);
	assert_string_equal(it->enclosures[0].url,
	    "http://cdn.example.com/1.mp4");
	assert_int_equal(it->enclosures[0].length, 100);
	date_is(it->updated, "2015-03-02T10:00:00Z");
	it = &pf.items[1];
	assert_string_equal(it->link, "http://example.com/ep2");
	assert_string_equal(it->id, "http://example.com/ep2");
	assert_string_equal(it->enclosures[0].type, "audio/mpeg");
	feed_parsed_free(&pf);
}

static void
test_identity(void **state)
{
	struct parsed_feed a, b;
	const char *doc = "<rss version=\"2.0\"><channel><title>t</title>"
	    "<item><title>No id</title><pubDate>Mon, 02 Mar 2015 10:00:00 "
	    "GMT</pubDate></item>"
	    "<item><title>Not perma</title><guid isPermaLink=\"false\">"
	    "abc-123</guid></item></channel></rss>";

	parse_ok(doc, NULL, &a, NULL);
	parse_ok(doc, NULL, &b, NULL);
	assert_int_equal(a.nitems, 2);
	/* a hash of title and date, stable across parses */
	assert_non_null(a.items[0].id);
	assert_string_equal(a.items[0].id, b.items[0].id);
	assert_string_equal(a.items[1].id, "abc-123");
	assert_null(a.items[1].link);
	feed_parsed_free(&a);
	feed_parsed_free(&b);
}

static void
test_encodings(void **state)
{
	struct parsed_feed pf;
	static const char *files[] = { "latin1.xml", "cp1252.xml",
	    "utf16le-bom.xml", "undeclared-latin1.xml" };
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		parse_file(files[i], NULL, &pf, NULL);
		assert_int_equal(pf.nitems, 1);
		assert_string_equal(pf.items[0].title,
		    "Sm\xc3\xb8rbr\xc3\xb8" "d p\xc3\xa5 \xc3\xa6rlig vis");
		assert_true(strncmp(pf.title, "Bl\xc3\xa5" "b\xc3\xa6r og ",
		    12) == 0);
		assert_clean(pf.title, 0);
		feed_parsed_free(&pf);
	}
	/* windows-1252 quotes and the euro sign */
	parse_file("cp1252.xml", NULL, &pf, NULL);
	assert_string_equal(pf.title, "Bl\xc3\xa5" "b\xc3\xa6r og "
	    "\xe2\x80\x9csitater\xe2\x80\x9d \xe2\x80\x93 \xe2\x82\xac");
	feed_parsed_free(&pf);
}

static void
test_http_charset(void **state)
{
	struct parsed_feed pf;
	struct parser *p;
	char *w = NULL, *cause = NULL;
	const char *doc = "<rss version=\"2.0\"><channel><title>Bl\xe5"
	    "b\xe6r</title></channel></rss>";

	p = parse_new(NULL, "iso-8859-1", NULL, NULL);
	assert_int_equal(parse_push(p, doc, strlen(doc), &cause), STATUS_OK);
	assert_int_equal(parse_finish(p, &pf, &w, &cause), STATUS_OK);
	parse_free(p);
	assert_string_equal(pf.title, "Bl\xc3\xa5" "b\xc3\xa6r");
	assert_null(w);
	feed_parsed_free(&pf);
}

/* Element tables: sorted by namespace and name, as the lookup needs. */
static void
check_sorted(const struct parse_elem *t, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++) {
		int c = t[i - 1].ns != t[i].ns ?
		    (t[i - 1].ns < t[i].ns ? -1 : 1) :
		    strcmp(t[i - 1].name, t[i].name);

		if (c > 0 || (c == 0 && (t[i - 1].where & t[i].where)))
			fail_msg("row %zu (%s) out of order or doubled", i,
			    t[i].name);
	}
}

static void
test_elem_tables(void **state)
{
	struct parsed_feed pf;

	check_sorted(parse_rss_format.elems, parse_rss_format.nelems);
	check_sorted(parse_atom_format.elems, parse_atom_format.nelems);
	check_sorted(parse_ext_elems, parse_ext_nelems);
	/* one name, a row per place: pubDate of the channel and the item */
	assert_non_null(parse_core_elem_find(parse_rss_format.elems,
	    parse_rss_format.nelems, NS_NONE, "pubDate", PARSE_IN_ITEM));
	assert_int_equal(parse_core_elem_find(parse_rss_format.elems,
	    parse_rss_format.nelems, NS_NONE, "pubDate",
	    PARSE_IN_CHANNEL)->field, F_FEED_PUBDATE);
	assert_null(parse_core_elem_find(parse_rss_format.elems,
	    parse_rss_format.nelems, NS_NONE, "ttl", PARSE_IN_ITEM));
	assert_null(parse_core_elem_find(parse_ext_elems, parse_ext_nelems,
	    NS_MEDIA, "zzz", PARSE_IN_ITEM));
	/* every row of every table found by the lookup */
	parse_ok("<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/"
	    "mrss/\" xmlns:a=\"http://www.w3.org/2005/Atom\"><channel>"
	    "<pubDate>Mon, 02 Mar 2015 10:00:00 GMT</pubDate><ttl>30</ttl>"
	    "<a:author><a:name>Feed A</a:name></a:author>"
	    "<item><title>t</title><pubDate>Tue, 03 Mar 2015 10:00:00 GMT"
	    "</pubDate><media:group><media:title>m</media:title>"
	    "<media:content url=\"http://e.com/v.mp4\"/></media:group>"
	    "</item></channel></rss>", NULL, &pf, NULL);
	assert_int_equal(pf.ttl_minutes, 30);
	assert_int_equal(pf.nitems, 1);
	assert_string_equal(pf.items[0].title, "t");
	assert_int_equal(pf.items[0].published, 1425376800);
	assert_int_equal(pf.items[0].nenclosures, 1);
	assert_string_equal(pf.items[0].enclosures[0].url,
	    "http://e.com/v.mp4");
	feed_parsed_free(&pf);
}

/* A feed field's HTML decodes as the pane does: a name needs its ';'. */
static void
test_entity_semicolon(void **state)
{
	struct parsed_feed pf;

	parse_ok("<rss version=\"2.0\"><channel><title>t</title><description>"
	    "&amp;copy 2024 &amp;copy; &amp;amp x &amp;#150;</description>"
	    "</channel></rss>", NULL, &pf, NULL);
	assert_string_equal(pf.description,
	    "&copy 2024 \xc2\xa9 &amp x \xe2\x80\x93");
	feed_parsed_free(&pf);
}

static void
test_cdata_entities(void **state)
{
	struct parsed_feed pf;

	parse_ok("<rss version=\"2.0\"><channel><title><![CDATA[A <i>b</i> "
	    "&amp; c]]></title><item><title>x &#233; &#x2603; &eacute; "
	    "&hellip;</title><description><![CDATA[<p>raw &amp; "
	    "<b>html</b></p>]]></description></item></channel></rss>",
	    NULL, &pf, NULL);
	assert_string_equal(pf.title, "A b & c");
	assert_string_equal(pf.items[0].title,
	    "x \xc3\xa9 \xe2\x98\x83 \xc3\xa9 \xe2\x80\xa6");
	assert_string_equal(pf.items[0].summary,
	    "<p>raw &amp; <b>html</b></p>");
	feed_parsed_free(&pf);
}

static void
test_plain_text_fields(void **state)
{
	struct parsed_feed pf;

	parse_ok("<feed xmlns=\"http://www.w3.org/2005/Atom\">"
	    "<title type=\"text\">  A &lt;b&gt;   literal\n\n  </title>"
	    "<entry><title type=\"html\">&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two"
	    "&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;</title>"
	    "<author><email>x@example.com</email></author></entry></feed>",
	    NULL, &pf, NULL);
	/* text stays literal, white space collapses */
	assert_string_equal(pf.title, "A <b> literal");
	/* html loses its markup and scripts */
	assert_string_equal(pf.items[0].title, "One Two");
	assert_string_equal(pf.items[0].author, "x@example.com");
	feed_parsed_free(&pf);
}

static void
test_recovery(void **state)
{
	struct parsed_feed pf;
	char *w = NULL;

	parse_file("damaged.xml", NULL, &pf, &w);
	assert_non_null(w);
	assert_null(strchr(w, '\n'));
	assert_int_equal(pf.nitems, 3);
	assert_string_equal(pf.items[2].title, "Tre & fire");
	assert_string_equal(pf.items[0].title, "\xc3\x89n");
	assert_string_equal(pf.items[1].title, "To");
	assert_string_equal(pf.items[2].link, "http://example.no/3");
	free(w);
	feed_parsed_free(&pf);

	/* an unescaped ampersand early does not lose later entities */
	parse_ok("<rss version=\"2.0\"><channel><title>A & B</title>"
	    "<item><title>C &amp; D &lt;3</title></item></channel></rss>",
	    NULL, &pf, &w);
	assert_non_null(w);
	assert_string_equal(pf.title, "A & B");
	assert_string_equal(pf.items[0].title, "C & D <3");
	free(w);
	feed_parsed_free(&pf);
}

static void
collect(struct item *it, const struct parsed_feed *pf, void *arg)
{
	feed_parsed_add_item(arg, it);
}

static void
bare_amp_check(const struct parsed_feed *pf)
{
	assert_int_equal(pf->nitems, 1);
	assert_string_equal(pf->title, "R&D & more");
	assert_string_equal(pf->items[0].link, "http://x/?a=1&b=2");
	/* CDATA and comments are left alone */
	assert_string_equal(pf->items[0].summary, "x & y &amp; z");
	assert_string_equal(pf->items[0].enclosures[0].url,
	    "http://x/a?b=1&c=2");
	assert_string_equal(pf->items[0].title, "T\xc3\xa9st C\xc3\xa9");
}

static void
test_bare_ampersand(void **state)
{
	const char *doc = "<?xml version=\"1.0\"?><!DOCTYPE rss [ "
	    "<!ENTITY c \"C&#233;\"> ]><!-- a & b --><rss version=\"2.0\">"
	    "<channel><title>R&D &amp; more</title><item>"
	    "<title>T&eacute;st &c;</title>"
	    "<link>http://x/?a=1&b=2</link>"
	    "<description><![CDATA[x & y &amp; z]]></description>"
	    "<enclosure url='http://x/a?b=1&c=2' type=\"a/b\"/>"
	    "</item></channel></rss>";
	struct parsed_feed pf;
	struct parser *p;
	char *w = NULL, *cause = NULL;
	size_t i, len = strlen(doc);

	parse_ok(doc, NULL, &pf, &w);
	bare_amp_check(&pf);
	assert_non_null(w);
	free(w);
	feed_parsed_free(&pf);

	/* the same, one byte at a time */
	p = parse_new(NULL, NULL, collect, &pf);
	feed_parsed_init(&pf);
	for (i = 0; i < len; i++)
		assert_int_equal(parse_push(p, doc + i, 1, &cause),
		    STATUS_OK);
	{
		struct parsed_feed head;

		assert_int_equal(parse_finish(p, &head, &w, &cause),
		    STATUS_OK);
		pf.title = head.title;
		head.title = NULL;
		feed_parsed_free(&head);
	}
	parse_free(p);
	bare_amp_check(&pf);
	free(w);
	feed_parsed_free(&pf);
}

static void
test_not_feeds(void **state)
{
	char *cause, *doc;
	const char *d;
	size_t len;
	static const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";

	doc = fixture("html-page.html", &len);
	cause = parse_not_feed(doc, len);
	assert_non_null(strstr(cause, "HTML"));
	assert_non_null(strstr(cause, "/feed/"));
	free(cause);
	free(doc);

	cause = parse_not_feed("", 0);
	assert_non_null(strstr(cause, "empty"));
	free(cause);
	cause = parse_not_feed("  \n\t ", 5);
	assert_non_null(strstr(cause, "empty"));
	free(cause);
	cause = parse_not_feed(bin, sizeof bin - 1);
	assert_non_null(strstr(cause, "binary"));
	free(cause);
	cause = parse_not_feed("hello world\n", 12);
	free(cause);
	d = "<opml version=\"2.0\"><body/></opml>";
	cause = parse_not_feed(d, strlen(d));
	assert_non_null(strstr(cause, "opml"));
	free(cause);
	d = "<html><head><title>x</title></head><body>no feed</body></html>";
	cause = parse_not_feed(d, strlen(d));
	assert_non_null(strstr(cause, "HTML"));
	free(cause);
}

static void
test_early_not_feed(void **state)
{
	struct parsed_feed pf;
	struct parser *p;
	struct buf b = BUF_INIT;
	char *w = NULL, *cause = NULL, bin[4096];
	size_t i;
	enum status st = STATUS_OK;

	/* binary data: the push itself says so, the caller can stop */
	for (i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 7 + 1);
	bin[10] = 0;
	p = parse_new(NULL, NULL, NULL, NULL);
	assert_int_equal(parse_push(p, bin, sizeof bin, &cause),
	    STATUS_NOT_FEED);
	assert_non_null(strstr(cause, "binary"));
	free(cause);
	cause = NULL;
	assert_int_equal(parse_finish(p, &pf, &w, &cause), STATUS_NOT_FEED);
	free(cause);
	parse_free(p);

	/* a long HTML page: known after its head, not at its end */
	buf_adds(&b, "<!DOCTYPE html><html><head><link rel=\"alternate\" "
	    "type=\"application/rss+xml\" href=\"/rss\"></head><body>");
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "<p>text</p>");
	p = parse_new("https://example.org/page", NULL, NULL, NULL);
	cause = NULL;
	for (i = 0; i < b.len && st == STATUS_OK; i += 4096)
		st = parse_push(p, b.s + i, b.len - i < 4096 ? b.len - i :
		    4096, &cause);
	assert_int_equal(st, STATUS_NOT_FEED);
	assert_true(i < b.len);
	assert_non_null(strstr(cause, "https://example.org/rss"));
	free(cause);
	parse_free(p);
	buf_free(&b);
}

struct stream_state {
	int	 count;
	char	*first_title;
};

static void
stream_cb(struct item *it, const struct parsed_feed *pf, void *arg)
{
	struct stream_state *s = arg;

	if (s->count++ == 0)
		s->first_title = xstrdup(it->title);
	/* the channel fields before the items are already there */
	assert_non_null(pf->title);
}

static void
test_streaming(void **state)
{
	struct stream_state s = { 0, NULL };
	struct parsed_feed whole, pf;
	struct parser *p;
	char *doc, *w = NULL, *cause = NULL;
	size_t len, i, first;

	doc = fixture("wordpress.xml", &len);
	first = strstr(doc, "</item>") - doc + 7;
	p = parse_new("https://grunder.example.no/", NULL, stream_cb, &s);
	for (i = 0; i < len; i++) {
		assert_int_equal(parse_push(p, doc + i, 1, &cause),
		    STATUS_OK);
		if (i == first + 64)
			assert_int_equal(s.count, 1);	/* item 1 is out */
	}
	assert_int_equal(parse_finish(p, &pf, &w, &cause), STATUS_OK);
	parse_free(p);
	assert_null(w);
	assert_int_equal(s.count, 2);
	assert_int_equal(pf.nitems, 0);
	assert_string_equal(pf.language, "nb-NO");
	assert_true(parse_feed(doc, len, NULL, &whole, &w, &cause) ==
	    STATUS_OK);
	assert_string_equal(s.first_title, whole.items[0].title);
	assert_string_equal(pf.title, whole.title);
	free(s.first_title);
	free(doc);
	feed_parsed_free(&pf);
	feed_parsed_free(&whole);
}

static void
test_xxe(void **state)
{
	char path[] = "/tmp/tidende-xxe-XXXXXX";
	struct parsed_feed pf;
	char *doc, *w = NULL;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "TOPSECRET", 9), 9);
	close(fd);
	doc = xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
	    "<!ENTITY xxe SYSTEM \"file://%s\">\n"
	    "<!ENTITY %% pe SYSTEM \"file://%s\">\n%%pe;\n"
	    "<!ENTITY net SYSTEM \"http://127.0.0.1:1/x\">\n]>\n"
	    "<rss version=\"2.0\"><channel><title>a&xxe;b&net;</title>"
	    "<item><title>&xxe;</title><link>http://x/&xxe;</link></item>"
	    "</channel></rss>", path, path);
	parse_ok(doc, NULL, &pf, &w);
	unlink(path);
	assert_non_null(pf.title);
	assert_null(strstr(pf.title, "TOPSECRET"));
	assert_string_equal(pf.title, "ab");
	assert_true(pf.items[0].title == NULL ||
	    strstr(pf.items[0].title, "TOPSECRET") == NULL);
	assert_null(strstr(pf.items[0].link, "TOPSECRET"));
	free(w);
	free(doc);
	feed_parsed_free(&pf);
}

static void
test_billion_laughs(void **state)
{
	struct buf b = BUF_INIT;
	struct parsed_feed pf;
	char *w = NULL;
	int i, j;

	buf_adds(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
	    "<!ENTITY lol0 \"lol\">\n");
	for (i = 1; i < 10; i++) {
		buf_printf(&b, "<!ENTITY lol%d \"", i);
		for (j = 0; j < 10; j++)
			buf_printf(&b, "&lol%d;", i - 1);
		buf_adds(&b, "\">\n");
	}
	buf_adds(&b, "]>\n<rss version=\"2.0\"><channel><title>&lol9;"
	    "</title><item><title>&lol9;&lol9;</title></item>"
	    "</channel></rss>");
	/* (its time: tests/bench/hostile-bench.sh) */
	parse_ok(b.s, NULL, &pf, &w);
	assert_true(pf.title == NULL || strlen(pf.title) < 1000);
	assert_true(pf.nitems == 0 || pf.items[0].title == NULL ||
	    strlen(pf.items[0].title) < 1000);
	free(w);
	buf_free(&b);
	feed_parsed_free(&pf);
}

static void
test_quadratic_blowup(void **state)
{
	struct buf b = BUF_INIT;
	struct parsed_feed pf;
	char *w = NULL;
	int i;

	/* one big entity, referenced many times */
	buf_adds(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
	    "<!ENTITY big \"");
	for (i = 0; i < 50000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\">\n<!ENTITY small \"");
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'y');
	buf_adds(&b, "\">\n]>\n<rss version=\"2.0\"><channel><title>");
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "&big;&small;");
	buf_adds(&b, "</title></channel></rss>");
	/* (its time: tests/bench/hostile-bench.sh) */
	parse_ok(b.s, NULL, &pf, &w);
	/* the expansion budget holds: at most a few MB */
	assert_true(pf.title == NULL || strlen(pf.title) <= 2 * 1024 * 1024);
	free(w);
	buf_free(&b);
	feed_parsed_free(&pf);
}

static void
test_deep_nesting(void **state)
{
	struct buf b = BUF_INIT;
	struct parsed_feed pf;
	char *w = NULL, *cause = NULL;
	int i;
	enum status st;

	buf_adds(&b, "<rss version=\"2.0\"><channel><title>deep</title>"
	    "<item><title>before</title></item><item><description>");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "<a>");
	buf_adds(&b, "x");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "</a>");
	buf_adds(&b, "</description></item></channel></rss>");
	st = parse_feed(b.s, b.len, NULL, &pf, &w, &cause);
	assert_int_equal(st, STATUS_OK);
	assert_true(pf.nitems >= 1);
	assert_string_equal(pf.items[0].title, "before");
	free(w);
	free(cause);
	buf_free(&b);
	feed_parsed_free(&pf);
}

static void
test_huge_field(void **state)
{
	struct buf b = BUF_INIT;
	struct parsed_feed pf;
	char *w = NULL;
	int i;

	buf_adds(&b, "<rss version=\"2.0\"><channel><item><title>");
	for (i = 0; i < 300000; i++)
		buf_adds(&b, "abcdefghij");
	buf_adds(&b, "</title><link>http://x/</link></item></channel></rss>");
	parse_ok(b.s, NULL, &pf, &w);
	assert_int_equal(pf.nitems, 1);
	assert_true(strlen(pf.items[0].title) <= 1024 * 1024);
	assert_string_equal(pf.items[0].link, "http://x/");
	free(w);
	buf_free(&b);
	feed_parsed_free(&pf);
}

static void
test_control_chars(void **state)
{
	struct parsed_feed pf;
	char *w = NULL;

	parse_ok("<rss version=\"2.0\"><channel>"
	    "<title>A&#x9b;2Jb&#x202e;c&#x85;d</title>"
	    "<item><title>x&amp;#x1b;[31m&#x9d;52;c;aGk=&#x9c;y</title>"
	    "<author>&#x202e;evil</author>"
	    "<description>&lt;p&gt;ok&#x9b;31m&lt;/p&gt;\nline</description>"
	    "<category>t&#x200f;ag</category>"
	    "</item></channel></rss>", NULL, &pf, &w);
	assert_clean(pf.title, 0);
	assert_string_equal(pf.title, "Abcd");
	assert_clean(pf.items[0].title, 0);
	assert_null(strchr(pf.items[0].title, 0x1b));
	assert_string_equal(pf.items[0].author, "evil");
	assert_clean(pf.items[0].summary, 1);
	assert_string_equal(pf.items[0].summary, "<p>ok</p>\nline");
	assert_clean(pf.items[0].categories[0], 0);
	free(w);
	feed_parsed_free(&pf);
}

static void
test_url_resolve(void **state)
{
	char *s;

	s = url_resolve("https://a.example/b/c", "../d?x=1#f");
	assert_string_equal(s, "https://a.example/d?x=1#f");
	free(s);
	s = url_resolve("https://a.example/b/", "//cdn.example/x");
	assert_string_equal(s, "https://cdn.example/x");
	free(s);
	s = url_resolve(NULL, "/rel");
	assert_string_equal(s, "/rel");
	free(s);
	s = url_resolve("https://a.example/", "mailto:x@y.z");
	assert_string_equal(s, "mailto:x@y.z");
	free(s);
	assert_true(url_is_absolute("http://x"));
	assert_false(url_is_absolute("/x"));
	assert_false(url_is_absolute("c:/x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rss20_wordpress),
		cmocka_unit_test(test_rss10_rdf),
		cmocka_unit_test(test_rss09x),
		cmocka_unit_test(test_atom10_xml_base),
		cmocka_unit_test(test_atom03),
		cmocka_unit_test(test_json_feed),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_http_charset),
		cmocka_unit_test(test_cdata_entities),
		cmocka_unit_test(test_plain_text_fields),
		cmocka_unit_test(test_recovery),
		cmocka_unit_test(test_bare_ampersand),
		cmocka_unit_test(test_not_feeds),
		cmocka_unit_test(test_streaming),
		cmocka_unit_test(test_early_not_feed),
		cmocka_unit_test(test_xxe),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_quadratic_blowup),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_huge_field),
		cmocka_unit_test(test_control_chars),
		cmocka_unit_test(test_url_resolve),
		cmocka_unit_test(test_elem_tables),
		cmocka_unit_test(test_entity_semicolon),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
