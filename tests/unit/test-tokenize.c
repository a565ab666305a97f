/*
 * The search index's tokenizer (src/db-tokenize.c): the tokens it makes
 * and their byte offsets in the original text, on CJK and tricky input,
 * and highlight() through a real FTS5 table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "tidende/buf.h"
#include "tidende/db-tokenize.h"

static sqlite3 *h;

static int
setup(void **state)
{
	(void)state;
	if (sqlite3_open(":memory:", &h) != SQLITE_OK)
		return -1;
	return db_tokenize_register(h) == SQLITE_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	sqlite3_close(h);
	return 0;
}

static int
add_token(void *arg, int tflags, const char *tok, int ntok, int start,
    int end)
{
	struct buf *b = arg;

	(void)tflags;
	if (b->len > 0)
		buf_addc(b, ' ');
	buf_printf(b, "%.*s@%d-%d", ntok, tok, start, end);
	return SQLITE_OK;
}

/* The tokens of text as "TOKEN@START-END ...", for a document or a query. */
static char *
tokens(const char *text, int flags)
{
	static const char *args[] = { "unicode61", "remove_diacritics", "0" };
	fts5_api *api = NULL;
	fts5_tokenizer tk;
	Fts5Tokenizer *inst;
	sqlite3_stmt *st;
	struct buf b = BUF_INIT;
	void *ctx;

	assert_int_equal(sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	sqlite3_finalize(st);
	assert_non_null(api);
	assert_int_equal(api->xFindTokenizer(api, DB_TOKENIZER, &ctx, &tk),
	    SQLITE_OK);
	assert_int_equal(tk.xCreate(ctx, args, 3, &inst), SQLITE_OK);
	assert_int_equal(tk.xTokenize(inst, &b, flags, text,
	    (int)strlen(text), add_token), SQLITE_OK);
	tk.xDelete(inst);
	return buf_detach(&b);
}

#define TOKENS(text, want) do {						\
	char *got_ = tokens(text, FTS5_TOKENIZE_DOCUMENT);		\
	assert_string_equal(got_, want);				\
	free(got_);							\
	got_ = tokens(text, FTS5_TOKENIZE_QUERY);			\
	assert_string_equal(got_, want);				\
	free(got_);							\
} while (0)

static void
test_latin_untouched(void **state)
{
	(void)state;
	TOKENS("Blåbær-SESONGEN, 2025!", "blåbær@0-8 sesongen@9-17 2025@19-23");
	/* a Georgian word: 3-byte letters, none cut */
	TOKENS("თბილისი", "თბილისი@0-21");
	/* full-width Latin: one word, folded to ASCII, not cut */
	TOKENS("ＮＨＫ", "nhk@0-9");
	/* punctuation of 3 bytes, nothing to cut */
	TOKENS("It’s “fine” — really…", "it@0-2 s@5-6 fine@10-14 really@22-28");
}

static void
test_cjk_cut(void **state)
{
	(void)state;
	TOKENS("東京タワー", "東@0-3 京@3-6 タ@6-9 ワ@9-12 ー@12-15");
	TOKENS("서울에서 회의", "서@0-3 울@3-6 에@6-9 서@9-12 회@13-16 의@16-19");
	TOKENS("北京举行", "北@0-3 京@3-6 举@6-9 行@9-12");
	/* punctuation between stays a separator */
	TOKENS("東京、大阪。", "東@0-3 京@3-6 大@9-12 阪@12-15");
	/* after a cut run, a Latin word, a separator in the CJK block, more */
	TOKENS("東京 abc、def大阪 ghi", "東@0-3 京@3-6 abc@7-10 def@13-16 "
	    "大@16-19 阪@19-22 ghi@23-26");
}

static void
test_mixed(void **state)
{
	(void)state;
	/* Latin runs inside a CJK run stay one word each, lowercased */
	TOKENS("iPhone用アプリ", "iphone@0-6 用@6-9 ア@9-12 プ@12-15 リ@15-18");
	TOKENS("ABC東DEF", "abc@0-3 東@3-6 def@6-9");
	TOKENS("東京2020", "東@0-3 京@3-6 2020@6-10");
	/* found when read 8 bytes at a time, at any byte of the 8 */
	TOKENS("abcdefghijklmnop東", "abcdefghijklmnop@0-16 東@16-19");
	TOKENS("abcdefg東hijklmnop", "abcdefg@0-7 東@7-10 hijklmnop@10-19");
	TOKENS("abcdefghij ’ klmnop 東", "abcdefghij@0-10 klmnop@15-21 東@22-25");
	/* and 32 at a time, in each of the four words (test_blocks) */
	TOKENS("abcdefghijklmnopqrstuvwxyz0123456789東",
	    "abcdefghijklmnopqrstuvwxyz0123456789@0-36 東@36-39");
	TOKENS("abcdefghijklmnopqrstuvwxyz 東 ’ abcdefghijklmnop",
	    "abcdefghijklmnopqrstuvwxyz@0-26 東@27-30 abcdefghijklmnop@35-51");
	TOKENS("abcdefghijklmnop 東 ’ abcdefghijklmnopqrstuvwxyz",
	    "abcdefghijklmnop@0-16 東@17-20 abcdefghijklmnopqrstuvwxyz@25-51");
	TOKENS("abcdefgh 東 ’ abcdefghijklmnopqrstuvwxyz",
	    "abcdefgh@0-8 東@9-12 abcdefghijklmnopqrstuvwxyz@17-43");
	/* full-width Latin before kana: the word, then each kana */
	TOKENS("ＮＨＫニュース",
	    "nhk@0-9 ニ@9-12 ュ@12-15 ー@15-18 ス@18-21");
	/* emoji between CJK: a separator, offsets after it right */
	TOKENS("東京🗼タワー", "東@0-3 京@3-6 タ@10-13 ワ@13-16 ー@16-19");
	/* a folded letter shorter than the original (KELVIN SIGN to k) */
	TOKENS("\xe2\x84\xaa東", "k@0-3 東@3-6");
	/* and the offsets of a run after it still the original's */
	TOKENS("\xe2\x84\xaa東ab京", "k@0-3 東@3-6 ab@6-8 京@8-11");
}

/* Full-width forms (U+FF01-U+FF5E) are ASCII, U+3000 a space. */
static void
test_full_width(void **state)
{
	(void)state;
	/* letters, digits, half- and full-width in one word */
	TOKENS("ＮＨＫnews ２０２５年", "nhknews@0-13 2025@14-26 年@26-29");
	TOKENS("ｉＰｈｏｎｅ", "iphone@0-18");
	/* the first and last of the block: ！ and ～ are separators */
	TOKENS("ａ！ｂ～ｃ", "a@0-3 b@6-9 c@12-15");
	/* the ideographic space and full-width signs separate words */
	TOKENS("ＡＢ　ＣＤ（ＥＦ）", "ab@0-6 cd@9-15 ef@18-24");
	/* after a run to cut: offsets still the original's */
	TOKENS("東京ＮＨＫ、ｎｈｋ京", "東@0-3 京@3-6 nhk@6-15 nhk@18-27 京@27-30");
	/* and after ASCII: the unfolded head keeps its bytes */
	TOKENS("abc ＸＹ def", "abc@0-3 xy@4-10 def@11-14");
	/* a query's words fold the same way */
	{
		char *q = tokens("ＮＨＫ", FTS5_TOKENIZE_QUERY);

		assert_string_equal(q, "nhk@0-9");
		free(q);
	}
	/* outside the block: U+FF00 and U+FF5F are left as they are */
	TOKENS("\xef\xbc\x80" "a" "\xef\xbd\x9f", "\xef\xbc\x80" "a@0-4");
}

/* A run to cut in each 8-byte word of the first 32 bytes of a long text. */
static void
test_blocks(void **state)
{
	char text[128], want[256], x[32], y[41];
	int k;

	(void)state;
	memset(y, 'y', 40);
	y[40] = '\0';
	for (k = 0; k < 4; k++) {
		memset(x, 'x', (size_t)(8 * k));
		x[8 * k] = '\0';
		snprintf(text, sizeof text, "%s東京 %s", x, y);
		snprintf(want, sizeof want, "%s%s%s東@%d-%d 京@%d-%d %s@%d-%d",
		    x, k > 0 ? "@0-" : "", k > 0 ? (k == 1 ? "8 " :
		    k == 2 ? "16 " : "24 ") : "", 8 * k, 8 * k + 3, 8 * k + 3,
		    8 * k + 6, y, 8 * k + 7, 8 * k + 47);
		TOKENS(text, want);
	}
}

static void
test_tricky(void **state)
{
	(void)state;
	/* half-width katakana, the voiced mark its own character */
	TOKENS("ｶﾞｲﾄﾞ", "ｶ@0-3 ﾞ@3-6 ｲ@6-9 ﾄ@9-12 ﾞ@12-15");
	/* CJK extension B: 4-byte UTF-8 */
	TOKENS("𠮷野家", "𠮷@0-4 野@4-7 家@7-10");
	TOKENS("ab𠮷cd", "ab@0-2 𠮷@2-6 cd@6-8");
	/* a combining mark stays on its letter, the Han after it is cut */
	TOKENS("cafe\xcc\x81京都", "cafe\xcc\x81@0-6 京@6-9 都@9-12");
	/* 々 repeats the Han before it: a character of its own */
	TOKENS("人々", "人@0-3 々@3-6");
	/* Thai, written without spaces */
	TOKENS("ไทย", "ไ@0-3 ท@3-6 ย@6-9");
}

/* The first row of sql as text. */
static char *
one(const char *sql)
{
	sqlite3_stmt *st;
	char *s = NULL;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		s = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

#define ONE(sql, want) do {						\
	char *got_ = one(sql);						\
	assert_non_null(got_);						\
	assert_string_equal(got_, want);				\
	free(got_);							\
} while (0)

static void
test_fts_table(void **state)
{
	(void)state;
	assert_int_equal(sqlite3_exec(h, "CREATE VIRTUAL TABLE t USING fts5"
	    "(x, tokenize = 'tidende unicode61 remove_diacritics 0');"
	    "INSERT INTO t VALUES ('東京都の京都🍁、ＮＨＫニュース');"
	    "INSERT INTO t VALUES ('Kyoto trip');"
	    "INSERT INTO t VALUES ('𠮷野家の新メニュー');",
	    NULL, NULL, NULL), SQLITE_OK);
	/* a word is a phrase of characters: found inside the run */
	ONE("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH '\"京都\"'",
	    "東[京都]の[京都]🍁、ＮＨＫニュース");
	ONE("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH "
	    "'\"ニュース\"'", "東京都の京都🍁、ＮＨＫ[ニュース]");
	ONE("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH '\"𠮷\"'",
	    "[𠮷]野家の新メニュー");
	ONE("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH '\"野家\"*'",
	    "𠮷[野家]の新メニュー");
	ONE("SELECT count(*) FROM t WHERE t MATCH '\"京\"'", "1");
	ONE("SELECT count(*) FROM t WHERE t MATCH '\"都京\"'", "0");
	ONE("SELECT count(*) FROM t WHERE t MATCH 'kyoto'", "1");
	/* full-width Latin found by ASCII and the other way, highlighted */
	ONE("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'nhk'",
	    "東京都の京都🍁、[ＮＨＫ]ニュース");
	ONE("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH 'ｋｙｏｔｏ'",
	    "[Kyoto] trip");
	/* the tokenizer may not wrap itself */
	assert_int_not_equal(sqlite3_exec(h, "CREATE VIRTUAL TABLE u USING "
	    "fts5(x, tokenize = 'tidende tidende')", NULL, NULL, NULL),
	    SQLITE_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latin_untouched),
		cmocka_unit_test(test_cjk_cut),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_tricky),
		cmocka_unit_test(test_full_width),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_fts_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
