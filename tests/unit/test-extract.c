/*
 * Unit tests for extract: the article found by each hint (itemprop,
 * article, main, JSON-LD, density), furniture left out, and hostile HTML:
 * deep nesting, huge attributes, no body, script and style only, escapes
 * and markup in text, javascript: links, broken JSON-LD, binary data;
 * charsets from the HTTP header, <meta> and the bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>

#include "tidende/buf.h"
#include "tidende/extract.h"
#include "tidende/html.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

#define URL "https://news.example/2024/a/story.html"
#define PARA(s) "<p>" s " Dette er en lang nok setning, med komma, for at " \
	"avsnittet skal telle som tekst i en artikkel og ikke som pynt.</p>"

/* Extract, render at a wide width, return the text (NULL: none found). */
static char *
article(const char *html, const char *charset, enum status *st)
{
	struct extract_result r;
	struct rendered out;
	struct buf b = BUF_INIT;
	char *cause = NULL;
	size_t i;

	*st = extract_article(html, strlen(html), URL, charset, &r, &cause);
	if (*st != STATUS_OK) {
		assert_non_null(cause);
		free(cause);
		return NULL;
	}
	assert_null(cause);
	html_render(r.html, URL, 1000, &out);
	for (i = 0; i < out.nlines; i++) {
		buf_adds(&b, out.lines[i].text);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < out.nlinks; i++)
		buf_printf(&b, "[%zu] %s\n", i + 1, out.links[i].url);
	html_rendered_free(&out);
	assert_true(utf8_valid(r.html, strlen(r.html)));
	extract_result_free(&r);
	return buf_detach(&b);
}

static void
test_semantic(void **state)
{
	enum status st;
	char *t;

	(void)state;
	t = article("<html><body><div class=\"menu\"><a href=\"/\">Hjem "
	    "MENU</a></div><div itemprop=\"articleBody\">" PARA("Første.")
	    PARA("Andre.") "<div class=\"share-buttons\"><a href=\"x\">Del "
	    "SHARE</a></div></div><div id=\"comments\">" PARA("Kommentar "
	    "COMMENT") "</div></body></html>", NULL, &st);
	assert_int_equal(st, STATUS_OK);
	assert_non_null(strstr(t, "Første."));
	assert_non_null(strstr(t, "Andre."));
	assert_null(strstr(t, "MENU"));
	assert_null(strstr(t, "SHARE"));
	assert_null(strstr(t, "COMMENT"));
	free(t);

	/* <main> with a sidebar inside: the densest block of it */
	t = article("<body><main><div class=\"story\"><h2>Tittel</h2>"
	    PARA("En.") PARA("To.") PARA("Tre.") "</div><div class=\"widget\">"
	    PARA("WIDGET") "</div></main><footer>" PARA("FOOT") "</footer>"
	    "</body>", NULL, &st);
	assert_int_equal(st, STATUS_OK);
	assert_non_null(strstr(t, "Tittel\n"));
	assert_non_null(strstr(t, "Tre."));
	assert_null(strstr(t, "WIDGET"));
	assert_null(strstr(t, "FOOT"));
	free(t);
}

static void
test_density(void **state)
{
	enum status st;
	char *t;

	(void)state;
	/* no hints at all: the block with the paragraphs wins */
	t = article("<body><table><tr><td><a href=\"/a\">Forside</a> | <a "
	    "href=\"/b\">Arkiv</a> | <a href=\"/c\">Sport</a></td></tr></table>"
	    "<div><div id=\"x\">" PARA("Alfa,") PARA("Beta,") PARA("Gamma,")
	    "</div><div class=\"related-links\"><a href=\"/r1\">Relatert "
	    "RELATED en</a><a href=\"/r2\">Relatert to</a></div></div>"
	    "<div>Kort bunntekst BOTTOM.</div></body>", NULL, &st);
	assert_int_equal(st, STATUS_OK);
	assert_non_null(strstr(t, "Alfa,"));
	assert_non_null(strstr(t, "Gamma,"));
	assert_null(strstr(t, "Forside"));
	assert_null(strstr(t, "RELATED"));
	assert_null(strstr(t, "BOTTOM"));
	free(t);
}

static void
test_json_ld(void **state)
{
	enum status st;
	char *t;

	(void)state;
	t = article("<html><head><script type=\"application/ld+json\">"
	    "{\"@graph\":[{\"@type\":\"WebPage\"},{\"@type\":\"NewsArticle\","
	    "\"headline\":\"H\",\"articleBody\":\"Avsnitt en med <b> og "
	    "&amp; i teksten, langt nok til å telle som en artikkel her.\\n"
	    "Avsnitt to er også langt nok til at hele teksten blir over "
	    "to hundre tegn til sammen.\\nAvsnitt tre er det siste, og det "
	    "er også ganske langt.\"}]}</script></head>"
	    "<body><p>Bare ingressen.</p></body></html>", NULL, &st);
	assert_int_equal(st, STATUS_OK);
	/* articleBody is text: its markup is text too */
	assert_non_null(strstr(t, "Avsnitt en med <b> og &amp; i teksten"));
	assert_non_null(strstr(t, "\n\nAvsnitt to"));
	assert_non_null(strstr(t, "Avsnitt tre er det siste"));
	free(t);

	/* broken JSON and deep JSON: no article from them, no crash */
	{
		struct buf b = BUF_INIT;
		int i;

		buf_adds(&b, "<script type=\"application/ld+json\">{\"a\":");
		for (i = 0; i < 5000; i++)
			buf_adds(&b, "[");
		buf_adds(&b, "</script><script type=\"application/ld+json\">"
		    "{\"@type\":\"Article\",\"articleBody\":</script>"
		    "<p>kort</p>");
		t = article(buf_str(&b), NULL, &st);
		assert_int_equal(st, STATUS_NOT_FOUND);
		assert_null(t);
		buf_free(&b);
	}
}

static void
test_no_article(void **state)
{
	static const char *pages[] = {
		"",
		"<html><head><title>x</title></head></html>",
		"<script>var a = '" PARA("not text") "';</script>"
		    "<style>p { color: red }</style>",
		"<body><ul><li><a href=\"/1\">En lang lenke til en annen "
		    "artikkel et sted</a></li><li><a href=\"/2\">Enda en lang "
		    "lenke til en annen artikkel et sted</a></li><li><a "
		    "href=\"/3\">Og en tredje lang lenke til en artikkel et "
		    "annet sted</a></li><li><a href=\"/4\">Og en fjerde lang "
		    "lenke til en artikkel et annet sted</a></li></ul></body>",
		"\x89PNG\r\n\x1a\n\x01\x02\x03",
	};
	enum status st;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		assert_null(article(pages[i], NULL, &st));
		assert_true(st == STATUS_NOT_FOUND || st == STATUS_ERROR);
	}
}

static void
test_no_body(void **state)
{
	enum status st;
	char *t;

	(void)state;
	/* no <html>, <head> or <body>: a fragment is still a page */
	t = article(PARA("Uten kropp.") PARA("Fortsatt uten."), NULL, &st);
	assert_int_equal(st, STATUS_OK);
	assert_non_null(strstr(t, "Uten kropp."));
	free(t);
}

static void
test_deep_nesting(void **state)
{
	struct buf b = BUF_INIT;
	enum status st;
	char *t;
	int i;

	(void)state;
	buf_adds(&b, "<body>" PARA("Før nøstingen.") PARA("Også før."));
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "<div><span>");
	buf_adds(&b, "dypt");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "</span></div>");
	buf_adds(&b, "</body>");
	t = article(buf_str(&b), NULL, &st);
	/* bounded: no crash, no stack overflow, the article found */
	assert_int_equal(st, STATUS_OK);
	assert_non_null(strstr(t, "Før nøstingen."));
	free(t);
	buf_free(&b);
}

static void
test_huge_attributes(void **state)
{
	struct buf b = BUF_INIT;
	enum status st;
	char *t, *big;
	size_t n = 1200u << 10;	/* attributes of 600 KB, a page under the cap */

	(void)state;
	big = xmalloc(n + 1);
	memset(big, 'a', n);
	big[n] = '\0';
	buf_printf(&b, "<body><div class=\"%s\" id=\"%s\"><a href=\"/%s\">"
	    "lenke</a><img src=\"/%s\" alt=\"%s\">" PARA("Stort attributt.")
	    PARA("Igjen.") "</div></body>", big + (n / 2), big + (n / 2),
	    big + (n / 2), big + (n / 2), big + (n / 2) + 1000);
	t = article(buf_str(&b), NULL, &st);
	assert_int_equal(st, STATUS_OK);
	assert_non_null(strstr(t, "Stort attributt."));
	/* the huge link and image address are not copied into the text */
	assert_true(strlen(t) < 100000);
	free(t);
	free(big);
	buf_free(&b);
}

static void
test_escapes(void **state)
{
	enum status st;
	char *t;

	(void)state;
	t = article("<body><article>" PARA("Farlig \x1b[31m rød &#27;[2J "
	    "&#x9b;2J tekst &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
	    "\"sitat\".") PARA("<a href=\"javascript:alert(1)\">js</a> <a "
	    "href=\"data:text/html,x\">data</a> <img src=\"data:image/png,"
	    "x\" data-src=\"/lazy.jpg\" alt=\"Lat &amp; last\">")
	    "<script>alert('SCRIPT')</script></article></body>", NULL, &st);
	assert_int_equal(st, STATUS_OK);
	assert_null(strchr(t, '\x1b'));
	assert_null(strstr(t, "\xc2\x9b"));
	assert_non_null(strstr(t, "<script>alert(1)</script> & \"sitat\"."));
	assert_null(strstr(t, "SCRIPT"));
	assert_null(strstr(t, "javascript:"));
	assert_null(strstr(t, "data:"));
	assert_non_null(strstr(t, "[image: Lat & last]"));
	assert_non_null(strstr(t, "https://news.example/lazy.jpg"));
	free(t);
}

static void
test_charsets(void **state)
{
	enum status st;
	char *cs, *t;
	const char latin[] = "<meta charset=\"iso-8859-1\"><body>"
	    PARA("Bl\xe5" "b\xe6r og r\xf8mme \x96 \x93sitat\x94.")
	    PARA("Mer.") "</body>";

	(void)state;
	cs = extract_charset(latin, sizeof latin - 1, NULL);
	assert_string_equal(cs, "windows-1252");	/* as browsers do */
	free(cs);
	t = article(latin, NULL, &st);
	assert_int_equal(st, STATUS_OK);
	assert_non_null(strstr(t, "Blåbær og rømme – “sitat”."));
	free(t);
	/* the HTTP header wins */
	cs = extract_charset("<meta charset=utf-8>", 20, "ISO-8859-1");
	assert_string_equal(cs, "windows-1252");
	free(cs);
	cs = extract_charset("<meta http-equiv=\"Content-Type\" content=\""
	    "text/html; charset=UTF-8\">", 65, NULL);
	assert_string_equal(cs, "UTF-8");
	free(cs);
	/* nothing declared: the bytes decide */
	cs = extract_charset("caf\xc3\xa9", 5, NULL);
	assert_string_equal(cs, "UTF-8");
	free(cs);
	cs = extract_charset("caf\xe9", 4, NULL);
	assert_string_equal(cs, "windows-1252");
	free(cs);
	/* an unknown or hostile label is ignored */
	cs = extract_charset("<meta charset=\"x-no-such\">\xe9", 27,
	    "\"; rm -rf /");
	assert_string_equal(cs, "windows-1252");
	free(cs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_semantic),
		cmocka_unit_test(test_density),
		cmocka_unit_test(test_json_ld),
		cmocka_unit_test(test_no_article),
		cmocka_unit_test(test_no_body),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_huge_attributes),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_charsets),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
