#!/bin/sh
# Search in every script (issue 19, item 6): Japanese, Chinese, Korean
# and Thai text, written without spaces between words, is found by any
# word or substring (the index's tokenizer cuts those scripts into
# characters), mixed with Latin words and emoji; Latin search is as
# before; and a cache from before (schema step 6, items_fts with plain
# unicode61) is migrated by opening it.
. "$TOP_SRCDIR/tests/lib.sh"
python3 -c 'import sqlite3' 2>/dev/null || plan_skip "no python3 sqlite3"
plan 26

. "$TOP_SRCDIR/tests/db/search-lib.sh"
search_cache "$TOP_SRCDIR/tests/fixtures/search/cjk.xml"

is "a Japanese word inside a run of kanji" "$(ids 東京)" "ja-1 mix-1"
is "one character" "$(ids 京)" "ja-1 ja-2 mix-1 zh-1"
is "a substring across words (京都 in 東京都)" "$(ids 京都)" "ja-1 ja-2"
is "characters in another order are not found" "$(ids 京東)" ""
is "katakana" "$(ids ニュース)" "ja-3"
is "hiragana in a body" "$(ids にぎわう)" "ja-2"
is "Chinese" "$(ids 会议)" "zh-1"
is "Korean: a word with its particle cut off (서울에서)" "$(ids 서울)" "ko-1"
is "Korean: another word" "$(ids 기후)" "ko-1"
is "Han is not Hangul: the Korean 회의 is not the Chinese 会议" "$(ids 회의)" "ko-1"
is "Thai, written without spaces" "$(ids ภาษาไทย)" "th-1"
is "CJK extension B (4-byte UTF-8)" "$(ids 𠮷)" "ja-4"
is "half-width katakana" "$(ids ｶﾀｶﾅ)" "ja-3"
is "a Latin word inside a CJK run" "$(ids iphone)" "ja-3"
is "kanji followed by digits" "$(ids 東京2020)" "mix-1"
is "a Latin and a CJK word" "$(ids tokyo 東京)" "mix-1"
is "negation of a CJK word" "$(ids 東京 -tokyo)" "ja-1"
is "OR between CJK words" "$(ids 北京 OR 서울)" "ko-1 zh-1"
is "a phrase with a Latin word and kanji" "$(ids '"legacy 東京"')" "mix-1"
is "emoji between words are no part of them" "$(ids 見ごろ迎える)" "ja-2"
is "Latin search is as before" "$(ids kyoto)" "en-1"
is "--count" "$("$TIDENDE" -d "$DB" search --count 京)" 4
"$TIDENDE" -d "$DB" search --json 東京都 >"$T/search.json" 2>&1
is "--json: the article found, whole" "$(python3 -c 'import json, sys
want = [{"id": 9, "feed": "Asia news", "feed_url": sys.argv[2],
         "title": "\u6771\u4eac\u90fd\u3067\u5927\u96ea\u8b66\u5831\u3001"
                  "\u4ea4\u901a\u306b\u5f71\u97ff",
         "link": "http://127.0.0.1/ja-1", "author": None,
         "published": "2025-12-01T09:00:00Z", "read": False,
         "starred": False}]
got = json.load(open(sys.argv[1], encoding="utf-8"))
for a in got:
    a.setdefault("author", None)
print("same" if got == want else json.dumps(got, ensure_ascii=False))' \
    "$T/search.json" "file://$TOP_SRCDIR/tests/fixtures/search/cjk.xml")" same

# A cache as step 6 left it: items_fts with plain unicode61, its index
# built by it, and as step 8 had not yet come: no index backlog, the old
# delete trigger.
cp "$DB" "$T/old.db"
unicode61 "$T/old.db" '
c.execute("PRAGMA user_version = 6")
c.execute("DROP TABLE IF EXISTS fts_pending")
c.execute("DROP TRIGGER items_bd")
c.execute("CREATE TRIGGER items_bd BEFORE DELETE ON items BEGIN"
          " INSERT INTO items_fts (items_fts, rowid, title, author, body,"
          " feed) SELECT \x27delete\x27, id, title, author, body, feed"
          " FROM items_text WHERE id = OLD.id; END")
print(c.execute("SELECT count(*) FROM items_fts WHERE items_fts "
                "MATCH ?", ("\"東京\"",)).fetchone()[0],
      c.execute("SELECT count(*) FROM items_fts WHERE items_fts "
                "MATCH ?", ("kyoto",)).fetchone()[0])' >"$T/old.out" 2>&1
is "the old index finds no word inside a CJK run" "$(cat "$T/old.out")" "0 1"
DB="$T/old.db"
is "opening the old cache migrates it: CJK words are found" "$(ids 東京)" \
    "ja-1 mix-1"
# v CACHE: its schema version, and whether its index has the tokenizer
v() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("PRAGMA user_version").fetchone()[0],
      "tidende unicode61" in c.execute("SELECT sql FROM sqlite_master "
                                       "WHERE name = ?", ("items_fts",)).fetchone()[0])' "$1"
}
is "at the current schema version, the index with the new tokenizer" \
    "$(v "$DB")" "$(v "$T/cache.db")"
finish
