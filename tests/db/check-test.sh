#!/bin/sh
# `tidende check`: SQLite's integrity check, the search index and every
# feed's counters against a recount.  A sound cache: "PATH: ok", exit 0.
# Counters that do not match, a damaged search index, a file cut in half:
# what is wrong on stderr, exit 65.  A missing cache: exit 1, and none is
# created.  The cache is never changed.
. "$TOP_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
DBGEN="$TOP_BUILDDIR/tests/db/db-gen"
[ -x "$DBGEN" ] || plan_skip "tests/db/db-gen not built"
plan 12

"$DBGEN" build "$T/good.db" 5 200 >/dev/null || { echo "Bail out! db-gen"; exit 1; }
ck() { "$TIDENDE" -d "$1" check; }
sql() {
	python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' "$@"
}

exit_is "a sound cache: exit 0" 0 ck "$T/good.db"
is "... says ok" "$(cat "$T/.out")" "$T/good.db: ok"

cp "$T/good.db" "$T/counts.db"
sql "$T/counts.db" "UPDATE feeds SET unread = unread + 5 WHERE id = (SELECT min(id) FROM feeds)"
cp "$T/counts.db" "$T/counts.orig"
exit_is "a counter off by 5: exit 65" 65 ck "$T/counts.db"
is "... naming the file and what is wrong" "$(cat "$T/.err")" \
    "tidende: $T/counts.db: the article counts of 1 feed do not match the articles"
ok "... the file is not changed" cmp "$T/counts.db" "$T/counts.orig"

cp "$T/good.db" "$T/fts.db"
sql "$T/fts.db" "UPDATE items_fts_data SET block = zeroblob(length(block)) WHERE id = (SELECT max(id) FROM items_fts_data)"
exit_is "a damaged search index: exit 65" 65 ck "$T/fts.db"
like "... says so" "$(cat "$T/.err")" "fts\.db: the cache is damaged \(the search index does not match"

size=$(wc -c <"$T/good.db")
head -c $((size / 2)) "$T/good.db" >"$T/half.db"
exit_is "a file cut in half: exit 65" 65 ck "$T/half.db"
like "... says it is damaged" "$(cat "$T/.err")" "half\.db: the cache is damaged"

exit_is "no cache: exit 1" 1 ck "$T/none.db"
ok "... and none is made" test ! -e "$T/none.db"
exit_is "an argument: usage, exit 64" 64 "$TIDENDE" -d "$T/good.db" check extra
finish
