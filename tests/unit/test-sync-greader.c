/*
 * Unit tests for the Google Reader backend's readers (sync-greader.c):
 * item ids in every form (long hex, long decimal, short signed decimal,
 * above 2^63, the ambiguous 16 decimal digits) and what is not an id;
 * ClientLogin's Auth line; stream/items/ids replies (paging, caps, bad
 * continuations, what is no reply); stream/items/contents items (text
 * cleaned, links checked, ids of every form, the ambiguous one read as
 * the id asked for); subscription/list (labels, bad URLs).  The steps
 * against a server are in tests/sync/sync-greader*-test.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/sync-private.h"
#include "tidende/buf.h"

#define LONG	"tag:google.com,2005:reader/item/"

static void
test_ids(void **state)
{
	uint64_t id = 0, alt = 0;
	char out[24];

	(void)state;
	assert_int_equal(sync_greader_id(LONG "0000000000000abc", &id, &alt), 1);
	assert_true(id == 0xabc);
	assert_int_equal(sync_greader_id(LONG "FFFFFFFFFFFFFFFA", &id, &alt), 1);
	assert_true(id == UINT64_MAX - 5);
	assert_int_equal(sync_greader_id("2748", &id, &alt), 1);
	assert_true(id == 2748);
	/* the same number above 2^63, short form signed, long form decimal */
	assert_int_equal(sync_greader_id("-6", &id, &alt), 1);
	assert_true(id == UINT64_MAX - 5);
	assert_int_equal(sync_greader_id(LONG "18446744073709551610", &id, &alt),
	    1);
	assert_true(id == UINT64_MAX - 5);
	assert_int_equal(sync_greader_id("-9223372036854775808", &id, &alt), 1);
	assert_true(id == (uint64_t)1 << 63);
	assert_int_equal(sync_greader_id(LONG "2748", &id, &alt), 1);
	assert_true(id == 2748);
	/* 16 decimal digits in the long form: both readings */
	assert_int_equal(sync_greader_id(LONG "1234567890123456", &id, &alt), 2);
	assert_true(id == 0x1234567890123456ULL);
	assert_true(alt == 1234567890123456ULL);

	/* not ids */
	assert_int_equal(sync_greader_id("", &id, &alt), 0);
	assert_int_equal(sync_greader_id("-", &id, &alt), 0);
	assert_int_equal(sync_greader_id("+5", &id, &alt), 0);
	assert_int_equal(sync_greader_id(" 5", &id, &alt), 0);
	assert_int_equal(sync_greader_id("5 ", &id, &alt), 0);
	assert_int_equal(sync_greader_id("0x10", &id, &alt), 0);
	assert_int_equal(sync_greader_id("18446744073709551616", &id, &alt), 0);
	assert_int_equal(sync_greader_id("-9223372036854775809", &id, &alt), 0);
	assert_int_equal(sync_greader_id("99999999999999999999999", &id, &alt),
	    0);
	assert_int_equal(sync_greader_id(LONG, &id, &alt), 0);
	assert_int_equal(sync_greader_id(LONG "00000000000abcxy", &id, &alt), 0);
	assert_int_equal(sync_greader_id(LONG "abc", &id, &alt), 0);
	assert_int_equal(sync_greader_id("tag:google.com,2005:reader/feed/5",
	    &id, &alt), 0);
	assert_int_equal(sync_greader_id("5\x1b[2J", &id, &alt), 0);

	/* the cache's form and the short form, both ways */
	sync_greader_id_stored(0xabc, out);
	assert_string_equal(out, "0000000000000abc");
	sync_greader_id_stored(UINT64_MAX - 5, out);
	assert_string_equal(out, "fffffffffffffffa");
	assert_int_equal(sync_greader_id_from_stored("fffffffffffffffa", &id), 1);
	assert_true(id == UINT64_MAX - 5);
	assert_int_equal(sync_greader_id_from_stored("FFFFFFFFFFFFFFFA", &id), 0);
	assert_int_equal(sync_greader_id_from_stored("123", &id), 0);
	assert_int_equal(sync_greader_id_from_stored("000000000000abcg", &id), 0);
	sync_greader_id_short(UINT64_MAX - 5, out);
	assert_string_equal(out, "-6");
	sync_greader_id_short((uint64_t)1 << 63, out);
	assert_string_equal(out, "-9223372036854775808");
	sync_greader_id_short(INT64_MAX, out);
	assert_string_equal(out, "9223372036854775807");
	sync_greader_id_short(0, out);
	assert_string_equal(out, "0");
}

static void
test_auth(void **state)
{
	char *a;

	(void)state;
	a = sync_greader_auth("SID=x\nLSID=y\nAuth=alice/0123abc\n", 31);
	assert_non_null(a);
	assert_string_equal(a, "alice/0123abc");
	free(a);
	a = sync_greader_auth("SID=x\r\nAuth=tok\r\n", 17);
	assert_non_null(a);
	assert_string_equal(a, "tok");
	free(a);
	/* a value with a space or a control would go into a header */
	assert_null(sync_greader_auth("Auth=a b\n", 9));
	assert_null(sync_greader_auth("Auth=a\x1b[31m\n", 12));
	assert_null(sync_greader_auth("Auth=\n", 6));
	assert_null(sync_greader_auth("<html>Auth=x</html>", 19));
	assert_null(sync_greader_auth("Error=BadAuthentication\n", 24));
	/* not past the reply's end */
	assert_null(sync_greader_auth("Auth=abc", 4));
}

struct refs {
	uint64_t	*ids;
	size_t		 n, cap;
	int64_t		 usec;
	char		*cont;
};

static int
refs(struct refs *r, const char *reply, size_t max)
{
	free(r->cont);
	r->cont = NULL;
	return sync_greader_refs(reply, strlen(reply), &r->ids, &r->n, &r->cap,
	    max, &r->usec, &r->cont);
}

static void
test_refs(void **state)
{
	struct refs r;
	struct buf b;
	size_t i;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(refs(&r, "{\"itemRefs\":[{\"id\":\"5\",\"timestampUsec\":"
	    "\"1700000000000000\"},{\"id\":\"-6\"},{\"id\":7},{\"id\":\"x\"},"
	    "[],{\"id\":{}}],\"continuation\":\"abc.12\"}", 100), 0);
	assert_int_equal(r.n, 3);
	assert_true(r.ids[0] == 5 && r.ids[1] == UINT64_MAX - 5 && r.ids[2] == 7);
	assert_true(r.usec == 1700000000000000);
	assert_string_equal(r.cont, "abc.12");
	/* a last page appends, without a continuation */
	assert_int_equal(refs(&r, "{\"itemRefs\":[{\"id\":\"8\"}]}", 100), 0);
	assert_int_equal(r.n, 4);
	assert_null(r.cont);
	/* ids as JSON numbers, above 2^63 too; clamped ones are none */
	r.n = 0;
	assert_int_equal(refs(&r, "{\"itemRefs\":[{\"id\":9223372036854775811},"
	    "{\"id\":18446744073709551610},{\"id\":-6},{\"id\":12.5},"
	    "{\"id\":99999999999999999999999},{\"id\":-99999999999999999999}]}",
	    100), 0);
	assert_int_equal(r.n, 3);
	assert_true(r.ids[0] == ((uint64_t)1 << 63) + 3);
	assert_true(r.ids[1] == UINT64_MAX - 5);
	assert_true(r.ids[2] == UINT64_MAX - 5);
	r.n = 4;
	/* Miniflux's empty list is null */
	assert_int_equal(refs(&r, "{\"itemRefs\":null}", 100), 0);
	assert_int_equal(r.n, 4);
	/* no itemRefs is no reply: an empty list would clear every flag */
	assert_int_equal(refs(&r, "{}", 100), -1);
	assert_int_equal(refs(&r, "{\"error\":\"no\"}", 100), -1);
	assert_int_equal(refs(&r, "{\"itemRefs\":{}}", 100), -1);
	assert_int_equal(refs(&r, "[]", 100), -1);
	assert_int_equal(refs(&r, "<html></html>", 100), -1);
	assert_int_equal(refs(&r, "{\"itemRefs\":[{\"id\":\"1\"}", 100), -1);
	assert_int_equal(refs(&r, "", 100), -1);
	/* a continuation that could not go back into a URL as it is */
	assert_int_equal(refs(&r, "{\"itemRefs\":[],\"continuation\":\"a b\"}",
	    100), -1);
	assert_int_equal(refs(&r, "{\"itemRefs\":[],\"continuation\":"
	    "\"a\\u0000b\"}", 100), -1);
	assert_int_equal(refs(&r, "{\"itemRefs\":[],\"continuation\":"
	    "\"\\u001b[2J\"}", 100), -1);
	/* an empty continuation is the last page */
	assert_int_equal(refs(&r, "{\"itemRefs\":[],\"continuation\":\"\"}",
	    100), 0);
	assert_null(r.cont);
	/* the cap */
	assert_int_equal(refs(&r, "{\"itemRefs\":[{\"id\":\"1\"},{\"id\":\"2\"}]}",
	    5), -2);
	assert_int_equal(r.n, 5);
	/* nesting past the depth limit, and a long list */
	buf_init(&b);
	buf_adds(&b, "{\"itemRefs\":");
	for (i = 0; i < 100000; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 100000; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '}');
	assert_int_equal(refs(&r, buf_str(&b), 100), -1);
	buf_reset(&b);
	buf_adds(&b, "{\"itemRefs\":[");
	for (i = 0; i < 5000; i++)
		buf_printf(&b, "%s{\"id\":\"%zu\"}", i > 0 ? "," : "", i + 10);
	buf_adds(&b, "]}");
	r.n = 0;
	assert_int_equal(refs(&r, buf_str(&b), 1000000), 0);
	assert_int_equal(r.n, 5000);
	assert_true(r.ids[4999] == 5009);
	buf_free(&b);
	free(r.ids);
	free(r.cont);
}

struct got {
	int		 n, skipped;
	uint64_t	 ids[8];
	char		*feed[8];
	char		*title[8];
	char		*link[8];
	char		*author[8];
	char		*content[8];
	int64_t		 published[8];
};

static char *
dup0(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
got_item(void *arg, struct sync_greader_item *gi)
{
	struct got *g = arg;

	if (gi->skipped) {
		g->skipped++;
		return;
	}
	assert_true(g->n < 8);
	g->ids[g->n] = gi->id;
	g->feed[g->n] = dup0(gi->feed);
	g->title[g->n] = dup0(gi->item.title);
	g->link[g->n] = dup0(gi->item.link);
	g->author[g->n] = dup0(gi->item.author);
	g->content[g->n] = dup0(gi->item.content);
	g->published[g->n] = gi->item.published;
	g->n++;
}

static void
got_free(struct got *g)
{
	int i;

	for (i = 0; i < g->n; i++) {
		free(g->feed[i]);
		free(g->title[i]);
		free(g->link[i]);
		free(g->author[i]);
		free(g->content[i]);
	}
	memset(g, 0, sizeof *g);
}

static void
test_items(void **state)
{
	static const char reply[] = "{\"items\":["
	    "{\"id\":\"" LONG "00000000000186a1\",\"title\":\"\\u001b]0;x\\u0007"
	    "Fish &amp; <b>Chips</b> \\u202emore\",\"published\":1700000000,"
	    "\"alternate\":[{\"href\":\"http://e.org/1\",\"type\":\"text/html\"}],"
	    "\"summary\":{\"content\":\"<p>Body</p>\"},\"author\":\"A\\u0000B\","
	    "\"origin\":{\"streamId\":\"feed/1\"}},"
	    "{\"id\":\"-6\",\"title\":\"Two\",\"published\":\"1700000001\","
	    "\"canonical\":[{\"href\":\"javascript:alert(1)\"}],"
	    "\"content\":{\"content\":\"<p>Full</p>\"},"
	    "\"origin\":{\"streamId\":\"feed/http://e.org/f.xml\"}},"
	    "{\"id\":\"" LONG "1234567890123456\",\"title\":\"Ambiguous\","
	    "\"alternate\":[{\"href\":\"http://e.org/bad url\"}],"
	    "\"origin\":{\"streamId\":\"feed/1\"}},"
	    "{\"id\":\"" LONG "2748\",\"origin\":{\"streamId\":\"feed/1\"}},"
	    "{\"id\":\"nope\",\"origin\":{\"streamId\":\"feed/1\"}},"
	    "{\"id\":\"5\"},"
	    "{\"id\":\"6\",\"origin\":{\"streamId\":\"\"}},"
	    "7]}";
	uint64_t want[] = { 2748, 100001, 1234567890123456ULL };
	struct got g;

	(void)state;
	memset(&g, 0, sizeof g);
	assert_int_equal(sync_greader_items(reply, strlen(reply), want, 3,
	    got_item, &g), 0);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.skipped, 4);
	assert_true(g.ids[0] == 100001);
	assert_string_equal(g.feed[0], "feed/1");
	assert_string_equal(g.title[0], "Fish & Chips more");
	assert_string_equal(g.link[0], "http://e.org/1");
	assert_string_equal(g.content[0], "<p>Body</p>");
	assert_null(strchr(g.author[0], '\x1b'));
	assert_true(g.published[0] == 1700000000);
	assert_true(g.ids[1] == UINT64_MAX - 5);
	assert_string_equal(g.feed[1], "feed/http://e.org/f.xml");
	assert_null(g.link[1]);		/* not http(s) */
	assert_string_equal(g.content[1], "<p>Full</p>");
	assert_true(g.published[1] == 1700000001);
	/* the decimal reading is the one asked for */
	assert_true(g.ids[2] == 1234567890123456ULL);
	assert_null(g.link[2]);		/* a space in it */
	assert_null(g.content[2]);
	assert_true(g.ids[3] == 2748);
	got_free(&g);

	/* not asked for: the long form's 16 digits are hex */
	memset(&g, 0, sizeof g);
	assert_int_equal(sync_greader_items(reply, strlen(reply), NULL, 0,
	    got_item, &g), 0);
	assert_true(g.ids[2] == 0x1234567890123456ULL);
	got_free(&g);

	assert_int_equal(sync_greader_items("{}", 2, NULL, 0, got_item, &g), -1);
	assert_int_equal(sync_greader_items("{\"items\":{}}", 12, NULL, 0,
	    got_item, &g), -1);
	assert_int_equal(sync_greader_items("<html>", 6, NULL, 0, got_item, &g),
	    -1);
	assert_int_equal(sync_greader_items("{\"items\":[", 10, NULL, 0,
	    got_item, &g), -1);
	assert_int_equal(g.n, 0);
}

struct subs {
	int		 n;
	char		*line[8];
};

static void
got_sub(void *arg, const struct sync_feed_info *fi)
{
	struct subs *s = arg;
	char buf[512];

	assert_true(s->n < 8);
	snprintf(buf, sizeof buf, "%s|%s|%s|%s", fi->id, fi->url,
	    fi->title != NULL ? fi->title : "-",
	    fi->category != NULL ? fi->category : "-");
	s->line[s->n++] = strdup(buf);
}

static void
test_subs(void **state)
{
	static const char reply[] = "{\"subscriptions\":["
	    "{\"id\":\"feed/1\",\"title\":\"Evil \\u001b[31mred <b>x</b>\","
	    "\"url\":\"http://e.org/a.xml\",\"categories\":[{\"id\":"
	    "\"user/-/label/News\",\"label\":\"News &amp; more\"}]},"
	    "{\"id\":\"feed/http://e.org/b.xml\",\"title\":\"B\","
	    "\"categories\":[{\"id\":\"user/1005/label/Tech\"}]},"
	    "{\"id\":\"feed/3\",\"title\":\"Bad\",\"url\":\"http://e.org/a b\"},"
	    "{\"id\":\"feed/4\",\"title\":\"No URL\"},"
	    "{\"title\":\"No id\",\"url\":\"http://e.org/c.xml\"},"
	    "{\"id\":\"feed/6\",\"url\":\"ftp://e.org/d\"},"
	    "\"x\"]}";
	struct subs s;
	int i;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(sync_greader_subs(reply, strlen(reply), got_sub, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.line[0],
	    "feed/1|http://e.org/a.xml|Evil red x|News & more");
	assert_string_equal(s.line[1],
	    "feed/http://e.org/b.xml|http://e.org/b.xml|B|Tech");
	for (i = 0; i < s.n; i++)
		free(s.line[i]);
	assert_int_equal(sync_greader_subs("{\"tags\":[]}", 11, got_sub, &s), -1);
	assert_int_equal(sync_greader_subs("[", 1, got_sub, &s), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_subs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
