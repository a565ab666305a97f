#!/bin/sh
# Full-width Latin (U+FF01-U+FF5E: ＮＨＫ, ２０２５, ＡＩ) is folded to
# ASCII in the search index and in queries, so `search nhk` finds ＮＨＫ
# and `search ＮＨＫ` finds NHK; the ideographic space (U+3000) separates
# words.  A cache from before (schema step 9) is indexed again when it
# is opened, its index backlog (step 8) included; and the index of pure
# ASCII text is byte for byte unicode61's.
. "$TOP_SRCDIR/tests/lib.sh"
python3 -c 'import sqlite3' 2>/dev/null || plan_skip "no python3 sqlite3"
plan 22

. "$TOP_SRCDIR/tests/db/search-lib.sh"
search_cache "$TOP_SRCDIR/tests/fixtures/search/fullwidth.xml"

is "ASCII finds full-width" "$(ids nhk)" "fw-1 fw-2"
is "full-width finds ASCII" "$(ids ＮＨＫ)" "fw-1 fw-2"
is "full-width lower case too" "$(ids ｎｈｋ)" "fw-1 fw-2"
is "a full-width word before kanji" "$(ids ai)" "fw-1"
is "full-width digits" "$(ids 2025)" "fw-1"
is "the ideographic space separates words: a phrase" \
    "$(ids '"windows 11"')" "fw-3"
is "a full-width phrase finds it too" "$(ids '"Ｗｉｎｄｏｗｓ　１１"')" "fw-3"
is "full-width signs separate words (ｅ－ｍａｉｌ)" "$(ids '"e mail"')" "fw-3"
is "inside full-width brackets" "$(ids pc)" "fw-3"
is "ASCII search is as before" "$(ids windows)" "en-1 fw-3"
is "Japanese around it is still cut" "$(ids 特集)" "fw-1"
is "an ideographic space between query words: both words, anywhere" \
    "$(ids 'ＮＨＫ　特集')" "fw-1"
is "... as an ASCII space does" "$(ids 'nhk 特集')" "fw-1"

# version CACHE: its schema version
version() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$1"
}
NOW=$(version "$DB")

# A cache as step 8 left it: its index made without folding (plain
# unicode61 folds nothing either), and one article still on the index
# backlog (step 8: stored, not yet indexed), the tokenizer named again.
cp "$DB" "$T/old.db"
unicode61 "$T/old.db" '
pending = c.execute("SELECT id FROM items WHERE link LIKE ?",
                    ("%/fw-3",)).fetchone()[0]
c.execute("INSERT INTO items_fts (items_fts, rowid, title, author, body, "
          "feed) SELECT ?, id, title, author, body, feed FROM items_text "
          "WHERE id = ?", ("delete", pending))
c.execute("INSERT INTO fts_pending (item_id) VALUES (?)", (pending,))
old = [c.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?",
                 (q,)).fetchone()[0] for q in ("nhk", "windows")]
c.execute("PRAGMA writable_schema = ON")
c.execute("UPDATE sqlite_master SET sql = replace(sql, ?, ?) "
          "WHERE name = ?", ("unicode61", "tidende unicode61", "items_fts"))
c.execute("PRAGMA user_version = 8")
print(*old)' >"$T/old.out" 2>&1
is "the old index finds only the ASCII NHK (and no pending article)" \
    "$(cat "$T/old.out")" "1 1"
DB="$T/old.db"
"$TIDENDE" -d "$DB" search --count nhk >"$T/n" 2>"$T/migrate.err"
is "opening the old cache migrates it: nhk finds ＮＨＫ" "$(cat "$T/n")" 2
is "quietly (a small cache)" "$(cat "$T/migrate.err")" ""
is "at the current schema version" "$(version "$DB")" "$NOW"
is "the backlog was indexed by the rebuild and is empty" \
    "$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM fts_pending").fetchone()[0])' "$DB")" 0
is "the pending article is found once" "$(ids windows)" "en-1 fw-3"
ok "tidende check: the index matches the articles" "$TIDENDE" -d "$DB" check

# Pure ASCII text: the index step 9 rebuilds is byte for byte what
# plain unicode61 makes of the same articles (the fold costs it nothing).
cat >"$T/ascii.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Plain</title><link>http://127.0.0.1/p</link>
<item><title>Storm warning for the coast</title><link>http://127.0.0.1/a1</link>
<description>Winds of 30 m/s expected tonight; ferries cancelled.</description></item>
<item><title>Election results: turnout up</title><link>http://127.0.0.1/a2</link>
<description>The count ended at 02:00 (UTC+1), see page 4.</description></item>
<item><title>Recipe: bread &amp; butter</title><link>http://127.0.0.1/a3</link>
<description>Flour, water, salt -- and time. {Braces} [brackets] ~tilde~.</description></item>
</channel></rss>
XML
printf 'feed file://%s\n' "$T/ascii.xml" >"$T/ascii.config"
"$TIDENDE" -c "$T/ascii.config" -d "$T/ascii.db" refresh >/dev/null 2>&1
cp "$T/ascii.db" "$T/plain.db"
unicode61 "$T/plain.db"
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA user_version = 8")' "$T/ascii.db"
"$TIDENDE" -d "$T/ascii.db" search --count storm >"$T/n" 2>&1
is "the ASCII cache migrated" "$(cat "$T/n") $(version "$T/ascii.db")" "1 $NOW"
# dump CACHE: the index's tables, hashed
dump() {
	python3 -c 'import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
h = hashlib.sha256()
for t in ("items_fts_data", "items_fts_idx", "items_fts_docsize"):
    for r in c.execute("SELECT * FROM %s ORDER BY 1, 2" % t):
        h.update(repr(r).encode())
print(h.hexdigest())' "$1"
}
is "pure ASCII: the index is byte for byte unicode61's" \
    "$(dump "$T/ascii.db")" "$(dump "$T/plain.db")"
finish
