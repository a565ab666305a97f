/*
 * Unit tests for html: every element kind, wrapping at display widths
 * (Norwegian, CJK, emoji), escape sequences that entities decode to,
 * hostile HTML, html_to_text and the whole article rendering, and the one
 * set of HTML-to-text rules (html-text.h) the pane shares.
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
#include "tidende/html.h"
#include "tidende/html-text.h"
#include "tidende/utf8.h"
#include "tidende/xmalloc.h"

/* The rendering as text, one '\n' after each line. */
static char *
text_of(const struct rendered *r)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < r->nlines; i++) {
		buf_adds(&b, r->lines[i].text);
		buf_addc(&b, '\n');
	}
	return buf_detach(&b);
}

static char *
render(const char *html, size_t width)
{
	struct rendered r;
	char *s;

	html_render(html, "https://example.com/a/b.html", width, &r);
	s = text_of(&r);
	html_rendered_free(&r);
	return s;
}

#define RENDERS(html, width, want) do {					\
	char *got_ = render(html, width);				\
	assert_string_equal(got_, want);				\
	free(got_);							\
} while (0)

/* The attribute at the first occurrence of needle in any line. */
static int
attr_at(const struct rendered *r, const char *needle)
{
	size_t i, j, off;
	char *p;

	for (i = 0; i < r->nlines; i++) {
		if ((p = strstr(r->lines[i].text, needle)) == NULL)
			continue;
		off = p - r->lines[i].text;
		for (j = 0; j < r->lines[i].nspans; j++)
			if (off >= r->lines[i].spans[j].start &&
			    off < r->lines[i].spans[j].start +
			    r->lines[i].spans[j].len)
				return r->lines[i].spans[j].attr;
		return 0;
	}
	return -1;
}

/* Every line fits the width and is clean. */
static void
check_lines(const struct rendered *r, size_t width)
{
	size_t i, j;
	const char *p;

	for (i = 0; i < r->nlines; i++) {
		if (utf8_width(r->lines[i].text) > width)
			fail_msg("line %zu too wide (%zu > %zu): \"%s\"", i,
			    utf8_width(r->lines[i].text), width,
			    r->lines[i].text);
		for (p = r->lines[i].text; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				fail_msg("control byte in line %zu", i);
		assert_true(utf8_valid(r->lines[i].text,
		    strlen(r->lines[i].text)));
		for (j = 0; j < r->lines[i].nspans; j++)
			if (r->lines[i].spans[j].start +
			    r->lines[i].spans[j].len > strlen(r->lines[i].text))
				fail_msg("span %zu of line %zu past its end", j, i);
	}
}

static void
test_paragraphs(void **state)
{
	RENDERS("<p>One  two\n three.</p><p>Four.</p>", 80,
	    "One two three.\n\nFour.\n");
	RENDERS("<div>a</div><div>b</div>", 80, "a\nb\n");
	RENDERS("first<br>second<br><br>third", 80,
	    "first\nsecond\n\nthird\n");
	RENDERS("<b>bold</b> <i>it</i>", 80, "bold it\n");
	RENDERS("", 80, "");
	RENDERS("<p></p><p>  </p>", 80, "");
}

static void
test_plain_text(void **state)
{
	RENDERS("Plain text\nwraps together.\n\nSecond paragraph.", 80,
	    "Plain text wraps together.\n\nSecond paragraph.\n");
}

static void
test_headings(void **state)
{
	struct rendered r;

	html_render("<h1>Title</h1><p>text</p><h2>Sub</h2>more", NULL, 80,
	    &r);
	{
		char *s = text_of(&r);
		assert_string_equal(s, "Title\n\ntext\n\nSub\n\nmore\n");
		free(s);
	}
	assert_true(attr_at(&r, "Title") & HTML_HEADING);
	assert_true(attr_at(&r, "Title") & HTML_BOLD);
	assert_int_equal(attr_at(&r, "text"), 0);
	html_rendered_free(&r);
}

static void
test_lists(void **state)
{
	RENDERS("<ul><li>one</li><li>two</li></ul>", 80,
	    "* one\n* two\n");
	RENDERS("<p>x</p><ol><li>a</li><li>b</li></ol><p>y</p>", 80,
	    "x\n\n1. a\n2. b\n\ny\n");
	RENDERS("<ol start=\"9\"><li>a</li><li>b</li></ol>", 80,
	    "9. a\n10. b\n");
	RENDERS("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li>"
	    "<li>d</li></ul>", 80,
	    "* a\n  - b\n    + c\n* d\n");
	/* hanging indent when an item wraps */
	RENDERS("<ul><li>aaa bbb ccc ddd</li></ul>", 10,
	    "* aaa bbb\n  ccc ddd\n");
	RENDERS("<ol><li>x<ol><li>y</li></ol></li></ol>", 80,
	    "1. x\n   1. y\n");
	RENDERS("<dl><dt>term</dt><dd>meaning</dd></dl>", 80,
	    "term\n    meaning\n");
}

static void
test_blockquote(void **state)
{
	struct rendered r;

	RENDERS("<p>He said:</p><blockquote><p>one</p><p>two</p>"
	    "</blockquote><p>end</p>", 80,
	    "He said:\n\n> one\n>\n> two\n\nend\n");
	RENDERS("<blockquote>a<blockquote>b</blockquote></blockquote>", 80,
	    "> a\n>\n> > b\n");
	RENDERS("<blockquote>aaa bbb ccc</blockquote>", 9,
	    "> aaa bbb\n> ccc\n");
	html_render("<blockquote>q</blockquote>", NULL, 80, &r);
	assert_true(attr_at(&r, "q") & HTML_QUOTE);
	assert_true(attr_at(&r, ">") & HTML_QUOTE);
	html_rendered_free(&r);
}

static void
test_pre_code(void **state)
{
	struct rendered r;

	RENDERS("<p>Run:</p><pre>\nif (x)\n\treturn   1;\n"
	    "a very long line that is not wrapped at all even at ten</pre>"
	    "<p>after</p>", 10,
	    "Run:\n\nif (x)\n        return   1;\n"
	    "a very long line that is not wrapped at all even at ten\n\n"
	    "after\n");
	html_render("<p>Use <code>ls -l</code> here</p><pre>x</pre>", NULL,
	    80, &r);
	assert_true(attr_at(&r, "ls -l") & HTML_CODE);
	assert_int_equal(attr_at(&r, "here"), 0);
	assert_true(attr_at(&r, "x") & HTML_CODE);
	html_rendered_free(&r);
}

static void
test_links(void **state)
{
	struct rendered r;
	char *s;

	html_render("<p>See <a href=\"/x\">the docs</a> and "
	    "<a href=\"https://b.example/\">B</a>, again "
	    "<a href=\"/x\">docs</a>. <a href=\"#top\">top</a> "
	    "<a href=\"javascript:alert(1)\">js</a> <a name=n>anchor</a></p>",
	    "https://example.com/a/b.html", 80, &r);
	s = text_of(&r);
	assert_string_equal(s, "See the docs[1] and B[2], again docs[1]. "
	    "top js anchor\n");
	free(s);
	assert_int_equal(r.nlinks, 2);
	assert_string_equal(r.links[0].url, "https://example.com/x");
	assert_string_equal(r.links[0].text, "the docs");
	assert_string_equal(r.links[1].url, "https://b.example/");
	assert_true(attr_at(&r, "the docs") & HTML_LINK);
	assert_int_equal(attr_at(&r, "top"), 0);
	assert_int_equal(attr_at(&r, "anchor"), 0);
	html_rendered_free(&r);

	/* relative to a relative path */
	html_render("<a href=\"c.html\">c</a>", "https://example.com/a/b.html",
	    80, &r);
	assert_string_equal(r.links[0].url, "https://example.com/a/c.html");
	html_rendered_free(&r);
}

static void
test_images_tables_dropped(void **state)
{
	RENDERS("<p>Look: <img src=a.png alt=\"A fjord\"> "
	    "<img src=b.png> <img src=t.gif width=1 height=1>done</p>", 80,
	    "Look: [image: A fjord] [image] done\n");
	RENDERS("<p>x</p><table><caption>People</caption><thead><tr><th>Name"
	    "</th><th>Age</th></tr></thead><tbody><tr><td>Kari</td><td>42</td>"
	    "</tr><tr><td>Ola <a href=\"/o\">N.</a></td><td>7</td></tr></tbody>"
	    "</table><p>y</p>", 80,
	    "x\n\nPeople\nName       Age\n--------------\nKari       42\n"
	    "Ola N.[1]  7\n\ny\n");
	/* too wide for the width: cells flow with bars between them */
	RENDERS("<table><tr><td>aaaa bbbb</td><td>cccc dddd</td></tr>"
	    "<tr><td>e</td><td>f</td></tr></table>", 12,
	    "aaaa bbbb |\ncccc dddd\ne | f\n");
	/* a table used for layout, with a nested table and blocks */
	RENDERS("<table><tr><td><p>one</p><table><tr><td>a</td><td>b</td>"
	    "</tr></table></td></tr></table>", 80, "one\n\na  b\n");
	RENDERS("<p>a</p><script>alert('x')</script><style>p{}</style>"
	    "<iframe src=x>frame</iframe><noscript>ns</noscript><p>b</p>", 80,
	    "a\n\nb\n");
	RENDERS("<p>a</p><hr><p>b</p>", 80, "a\n\n--------\n\nb\n");
	RENDERS("He said <q>hei</q>.", 80,
	    "He said \xe2\x80\x9chei\xe2\x80\x9d.\n");
}

static void
test_entities(void **state)
{
	RENDERS("<p>Bl&aring;b&aelig;r &amp; &lt;tag&gt; &#233;&#x263a; "
	    "&nbsp;x</p>", 80,
	    "Bl\xc3\xa5" "b\xc3\xa6r & <tag> \xc3\xa9\xe2\x98\xba "
	    "\xc2\xa0x\n");
}

static void
test_escapes_removed(void **state)
{
	const char *hostile[] = {
		"<p>red &#27;[31mALERT&#27;[0m end</p>",
		"<p>csi &#x9b;2J end</p>",
		"<p>osc &#27;]52;c;aGVsbG8=&#7; end</p>",
		"<p>title &#x1b;]0;pwned&#x1b;\\ end</p>",
		"<p>raw \x1b[31m esc \x1b]52;c;eA==\x07 end</p>",
		"<p>bell &#7; bs &#8; nul &#0; del &#127; end</p>",
		"<p>c1 \xc2\x9b" "31m &#133; end</p>",
		"<p>bidi &#x202e;evil end</p>",
		"<pre>pre &#27;[2J\n&#27;]52;c;eA==&#7; end</pre>",
		"<a href=\"http://x/&#27;[31m\">l&#27;[1mink</a> end",
		"<img alt=\"&#27;]52;c;eA==&#7;\"> end",
	};
	struct rendered r;
	size_t i, j;
	char *s;

	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		html_render(hostile[i], NULL, 80, &r);
		s = text_of(&r);
		if (strchr(s, '\x1b') != NULL || strstr(s, "\xc2\x9b") != NULL ||
		    strstr(s, "\xe2\x80\xae") != NULL ||
		    strchr(s, '\x07') != NULL || strchr(s, '\x08') != NULL)
			fail_msg("escape survived in case %zu: %s", i, s);
		assert_non_null(strstr(s, "end"));
		check_lines(&r, 80);
		for (j = 0; j < r.nlinks; j++)
			assert_null(strchr(r.links[j].url, '\x1b'));
		free(s);
		html_rendered_free(&r);
	}
	s = html_to_text("<b>x&#27;]52;c;eA==&#7;y</b>");
	assert_null(strchr(s, '\x1b'));
	free(s);
}

static void
test_wrap_norwegian(void **state)
{
	const char *p = "<p>Bl\xc3\xa5""b\xc3\xa6rsyltet\xc3\xb8y p\xc3\xa5 "
	    "sm\xc3\xb8rbr\xc3\xb8""d er godt, s\xc3\xa6rlig n\xc3\xa5r "
	    "v\xc3\xa6ret er d\xc3\xa5rlig og \xc3\xa6rfuglen synger "
	    "utenfor hytta ved fjorden i \xc3\x85lesund.</p>";
	struct rendered r;
	size_t widths[] = { 40, 80, 20, 12 };
	size_t i;
	char *s;

	for (i = 0; i < 4; i++) {
		html_render(p, NULL, widths[i], &r);
		check_lines(&r, widths[i]);
		html_rendered_free(&r);
	}
	html_render(p, NULL, 40, &r);
	s = text_of(&r);
	assert_string_equal(s,
	    "Bl\xc3\xa5""b\xc3\xa6rsyltet\xc3\xb8y p\xc3\xa5 "
	    "sm\xc3\xb8rbr\xc3\xb8""d er godt,\n"
	    "s\xc3\xa6rlig n\xc3\xa5r v\xc3\xa6ret er d\xc3\xa5rlig og "
	    "\xc3\xa6rfuglen\n"
	    "synger utenfor hytta ved fjorden i\n"
	    "\xc3\x85lesund.\n");
	/* "Blåbærsyltetøy på smørbrød er godt," is 35 columns, 41 bytes */
	assert_int_equal(utf8_width(r.lines[0].text), 35);
	free(s);
	html_rendered_free(&r);
}

static void
test_wrap_cjk(void **state)
{
	/* 19 CJK characters, 38 columns, with an ideographic full stop */
	const char *p = "<p>\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
	    "\xe6\x96\x87\xe7\xab\xa0\xe3\x81\xaf\xe7\xa9\xba\xe7\x99\xbd"
	    "\xe3\x81\x8c\xe3\x81\xaa\xe3\x81\x84\xe3\x80\x82\xe3\x81\xa7"
	    "\xe3\x82\x82\xe6\x8a\x98\xe3\x82\x8a\xe8\xbf\x94\xe3\x81\x99"
	    "</p>";
	struct rendered r;
	size_t i;

	html_render(p, NULL, 10, &r);
	check_lines(&r, 10);
	assert_true(r.nlines >= 4);
	for (i = 0; i < r.nlines; i++) {
		/* the full stop never starts a line */
		assert_true(strncmp(r.lines[i].text, "\xe3\x80\x82", 3) != 0);
	}
	html_rendered_free(&r);
	html_render(p, NULL, 40, &r);
	check_lines(&r, 40);
	assert_int_equal(r.nlines, 1);
	assert_int_equal(utf8_width(r.lines[0].text), 38);
	html_rendered_free(&r);
	html_render(p, NULL, 37, &r);
	check_lines(&r, 37);
	assert_int_equal(r.nlines, 2);
	html_rendered_free(&r);
	/* emoji at width 2, mixed with Latin */
	html_render("<p>Hei \xf0\x9f\x91\x8b p\xc3\xa5 deg \xf0\x9f\x98\x80"
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80 ok</p>", NULL, 8, &r);
	check_lines(&r, 8);
	html_rendered_free(&r);
}

/* Found by the fuzzer: prefixes cut at tiny widths left spans behind. */
static void
test_tiny_widths(void **state)
{
	const char *html = "<blockquote><ul><li>a<blockquote>b <b>c</b>"
	    "<ol><li>d</li></ol></blockquote></li></ul></blockquote>"
	    "<blockquote><p>x</p><p>y</p></blockquote>";
	struct rendered r;
	size_t w;

	for (w = 1; w <= 12; w++) {
		html_render(html, NULL, w, &r);
		check_lines(&r, w < 4 ? 4 : w);
		html_rendered_free(&r);
	}
}

static void
test_long_word(void **state)
{
	struct rendered r;

	html_render("<p>x https://example.com/a/very/long/path/that/goes/on "
	    "y</p>", NULL, 12, &r);
	check_lines(&r, 12);
	assert_string_equal(r.lines[0].text, "x");
	assert_string_equal(r.lines[1].text, "https://exam");
	html_rendered_free(&r);
}

static void
test_hostile(void **state)
{
	struct buf b = BUF_INIT;
	struct rendered r;
	size_t i;
	char *s;

	/* deep nesting of every kind */
	for (i = 0; i < 5000; i++)
		buf_adds(&b, "<div><blockquote><ul><li><b><a href=x>");
	buf_adds(&b, "deep");
	html_render(b.s, NULL, 80, &r);
	check_lines(&r, 80);
	html_rendered_free(&r);
	buf_reset(&b);

	/* a huge attribute and a huge word */
	buf_adds(&b, "<p title=\"");
	for (i = 0; i < 200000; i++)
		buf_adds(&b, "aaaaaaaaaa");
	buf_adds(&b, "\">text ");
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "bbbbbbbbbb");
	buf_adds(&b, "</p><img alt=\"");
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "cccccccccc");
	buf_adds(&b, "\">");
	html_render(b.s, NULL, 80, &r);
	check_lines(&r, 80);
	assert_string_equal(r.lines[0].text, "text");
	html_rendered_free(&r);
	buf_free(&b);

	/* broken markup, unclosed everything, comments, doctype */
	RENDERS("<!DOCTYPE html><!-- c --><p>a<b>b<i>c</p>d</x></p><p",
	    80, "abc\n\nd\n");
	html_render("<![CDATA[<p>e]]></p><a <b>", NULL, 80, &r);
	check_lines(&r, 80);
	html_rendered_free(&r);
	RENDERS("<script>never<p>shown</p></script>ok", 80, "ok\n");

	/* no network: an external DTD and entities are not fetched */
	RENDERS("<!DOCTYPE html SYSTEM \"http://127.0.0.1:1/x.dtd\">"
	    "<p>&ext; fine</p>", 80, "&ext; fine\n");

	/* many links are capped */
	buf_init(&b);
	for (i = 0; i < 3000; i++)
		buf_printf(&b, "<a href=\"/%zu\">l</a> ", i);
	html_render(b.s, NULL, 80, &r);
	assert_true(r.nlinks <= 2000);
	html_rendered_free(&r);
	buf_free(&b);

	s = html_to_text(NULL);
	assert_string_equal(s, "");
	free(s);
}

/* The rules of html-text.h: libxml2's entities, numbers as browsers read
 * them, a name needs its ';', tags dropped, blocks end a word. */
static void
test_text_rules(void **state)
{
	const struct html_entity *e;
	const char *t;
	size_t n;
	char *s;

	html_text_entities(&n);
	assert_true(n >= 253);		/* HTML 4 and &apos; */
	e = html_text_entity_find("hellip", 6);
	assert_non_null(e);
	assert_string_equal(e->utf8, "\xe2\x80\xa6");
	assert_non_null(html_text_entity_find("apos", 4));
	assert_non_null(html_text_entity_find("amp;x", 3));
	assert_null(html_text_entity_find("hellipx", 7));
	assert_null(html_text_entity_find("hell", 4));
	assert_null(html_text_entity_find("", 0));

	t = "a&#150;b &hellip; &rsquo;&apos;&Dagger; &amp x &copy 2024 &#0; "
	    "&#xd800; &#65B &notin; &noti; &foo;";
	s = html_text_line(t, strlen(t));
	assert_string_equal(s, "a\xe2\x80\x93" "b \xe2\x80\xa6 \xe2\x80\x99'"
	    "\xe2\x80\xa1 &amp x &copy 2024 \xef\xbf\xbd \xef\xbf\xbd AB "
	    "\xe2\x88\x89 &noti; &foo;");
	free(s);

	s = html_text_search("<p>One</p><p>two&nbsp;x</p><script>s</script>"
	    "AT&amp;T <b>W</b>ord \t\n end<br>x&#9;y<!-- c -->z");
	assert_string_equal(s, "One two x AT&T Word end x yz");
	free(s);
	s = html_text_search("  \xc2\xa0 \x1b[31mred\x1b[0m \xe2\x80\xae "
	    "<td>cell</td>&#x202e;");
	assert_string_equal(s, "red cell");
	free(s);
	s = html_text_search("Gr&shy;\xc3\xbcnder&zwnj;ne og \xc2\xad"
	    "hy\xc2\xadphen");
	assert_string_equal(s, "Gr\xc3\xbcnderne og hyphen");
	free(s);
	s = html_text_line("Gr&shy;u", 8);	/* on the screen: kept */
	assert_string_equal(s, "Gr\xc2\xadu");
	free(s);
	s = html_text_search(NULL);
	assert_string_equal(s, "");
	free(s);
	s = html_to_text("<h1>A&#x93;b&#x94;</h1>c");
	assert_string_equal(s, "A\xe2\x80\x9c" "b\xe2\x80\x9d c");
	free(s);
}

/* The pane decodes references as the search text and titles do. */
static void
test_pane_charrefs(void **state)
{
	const char *html = "<p>a&#150;b &#x93;q&#x94; &#0;z &#128; "
	    "&hellip;&amp x</p>";
	char *s, *t;

	s = render(html, 80);
	assert_string_equal(s, "a\xe2\x80\x93" "b \xe2\x80\x9cq\xe2\x80\x9d "
	    "\xef\xbf\xbdz \xe2\x82\xac \xe2\x80\xa6&amp x\n");
	t = html_to_text(html);
	s[strlen(s) - 1] = '\0';
	assert_string_equal(s, t);
	free(s);
	free(t);
	/* in an attribute too; no reference: the input as it was */
	assert_null(html_text_charrefs("a &#65; &amp; b", 15));
	s = html_text_charrefs("<a href=\"x?&#x85;\">&#150</a>", 29);
	assert_string_equal(s, "<a href=\"x?\xe2\x80\xa6\">\xe2\x80\x93</a>");
	free(s);
}

static void
test_to_text(void **state)
{
	char *s;

	s = html_to_text("<p>One <b>two</b></p>\n<p>three&amp;four</p>"
	    "<script>x</script><ul><li>a</li><li>b</li></ul>");
	assert_string_equal(s, "One two three&four a b");
	free(s);
	s = html_to_text("Plain   title\n");
	assert_string_equal(s, "Plain title");
	free(s);
	s = html_to_text("A &lt;b&gt; title");
	assert_string_equal(s, "A <b> title");
	free(s);
}

static void
fill_item(struct db_item *di)
{
	memset(di, 0, sizeof *di);
	feed_item_init(&di->item);
	di->id = 7;
	di->feed_title = xstrdup("E24 N\xc3\xa6ringsliv");
	di->feed_url = xstrdup("https://e24.example/rss");
	di->item.title = xstrdup("Gr\xc3\xb8nn hydrogen i \xc3\x98stfold");
	di->item.link = xstrdup("https://e24.example/a/1");
	di->item.author = xstrdup("Kari Nordmann");
	di->item.published = 1700000000;	/* 2023-11-14 22:13 UTC */
	di->item.updated = FEED_NO_DATE;
	di->item.content = xstrdup("<p>Selskapet <a href=\"/b\">bygger</a> "
	    "et anlegg.</p>");
	feed_item_add_enclosure(&di->item, "https://e24.example/p.mp3",
	    "audio/mpeg", 12345678);
}

static void
free_item(struct db_item *di)
{
	free(di->feed_title);
	free(di->feed_url);
	feed_item_free(&di->item);
}

static void
test_article(void **state)
{
	struct db_item di;
	struct rendered r;
	char *s;

	fill_item(&di);
	html_article_render(&di, 80, NULL, NULL, &r);
	s = text_of(&r);
	assert_string_equal(s,
	    "Title:  Gr\xc3\xb8nn hydrogen i \xc3\x98stfold\n"
	    "Feed:   E24 N\xc3\xa6ringsliv\n"
	    "Author: Kari Nordmann\n"
	    "Date:   2023-11-14 22:13\n"
	    "Link:   https://e24.example/a/1\n"
	    "\n"
	    "Selskapet bygger[1] et anlegg.\n"
	    "\n"
	    "Links:\n"
	    "[1] https://e24.example/b\n"
	    "\n"
	    "Enclosures:\n"
	    "[2] https://e24.example/p.mp3 (audio/mpeg, 11.8 MB)\n");
	free(s);
	assert_int_equal(r.nlinks, 2);
	assert_string_equal(r.links[1].url, "https://e24.example/p.mp3");
	assert_true(attr_at(&r, "Title:") & HTML_HEADER);
	assert_true(attr_at(&r, "Gr") & HTML_BOLD);
	html_rendered_free(&r);

	html_article_render(&di, 80, "The company builds[1] a plant.\n\n"
	    "* one point\x1b[31m\n", "trans -brief :en", &r);
	s = text_of(&r);
	assert_non_null(strstr(s, "[translated by trans -brief :en]\n\n"
	    "The company builds[1] a plant.\n\n* one point\n\nLinks:\n"
	    "[1] https://e24.example/b\n"));
	assert_null(strchr(s, '\x1b'));
	free(s);
	html_rendered_free(&r);

	/* summary when there is no content; nothing at all */
	free(di.item.content);
	di.item.content = NULL;
	di.item.summary = xstrdup("Kort &amp; godt");
	html_article_render(&di, 40, NULL, NULL, &r);
	s = text_of(&r);
	assert_non_null(strstr(s, "\n\nKort & godt\n"));
	free(s);
	html_rendered_free(&r);
	free(di.item.summary);
	di.item.summary = NULL;
	html_article_render(&di, 40, NULL, NULL, &r);
	s = text_of(&r);
	assert_non_null(strstr(s, "\n\n(no text)\n"));
	free(s);
	html_rendered_free(&r);
	free_item(&di);
}

static void
test_article_narrow(void **state)
{
	struct db_item di;
	struct rendered r;

	fill_item(&di);
	free(di.item.title);
	di.item.title = xstrdup("A very long title that needs to wrap "
	    "over several lines here");
	html_article_render(&di, 30, NULL, NULL, &r);
	assert_string_equal(r.lines[0].text, "Title:  A very long title that");
	assert_string_equal(r.lines[1].text, "        needs to wrap over");
	html_rendered_free(&r);
	free_item(&di);
}

/*
 * Found by the html fuzzer: a link opened before any text (so the line
 * buffer was still NULL) with NUL and control bytes inside.
 */
static void
test_link_before_text(void **state)
{
	static const char doc[] = "P<p><a href=\"/x\">\001\0\0\0\0\0\0\0;\"k"
	    "</a></p><ul><li>a<ol><pi>b</li></ol><i/l></ul>";
	struct rendered r;
	size_t i;

	html_render(doc, NULL, 40, &r);
	assert_true(r.nlinks == 1);
	assert_string_equal(r.links[0].url, "/x");
	for (i = 0; i < r.nlines; i++)
		assert_null(strchr(r.lines[i].text, '\001'));
	html_rendered_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_blockquote),
		cmocka_unit_test(test_pre_code),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_images_tables_dropped),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_escapes_removed),
		cmocka_unit_test(test_wrap_norwegian),
		cmocka_unit_test(test_wrap_cjk),
		cmocka_unit_test(test_long_word),
		cmocka_unit_test(test_tiny_widths),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_to_text),
		cmocka_unit_test(test_text_rules),
		cmocka_unit_test(test_pane_charrefs),
		cmocka_unit_test(test_article),
		cmocka_unit_test(test_article_narrow),
		cmocka_unit_test(test_link_before_text),
	};

	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
