#!/bin/sh
# New feeds' rows are written in the refresh's store batch and committed
# together before any feed starts (one commit each made a first refresh
# of 500 feeds write 500 commits before its first request).  When that
# commit fails (writes past a file size limit fail with EFBIG, SIGXFSZ
# ignored), no row is left to store a feed in: no feed is fetched, each
# is an error, "not stored", naming the cache, refresh exits 1, and the
# next refresh with room stores every one.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
command -v timeout >/dev/null 2>&1 || plan_skip "timeout(1) not installed"
start_server
plan 14

# the cache, made by a refresh of one file:// feed
cp "$FIX/rss.xml" "$T/one.xml"
config "set refresh-on-start no" "feed file://$T/one.xml"
refresh
is "a first refresh makes the cache" "$RC" 0

# 100 new feeds with long URLs, titles and tags: their rows fill pages
pad=$(python3 -c 'print("x" * 300)')
i=0
while [ $i -lt 100 ]; do
	echo "feed $BASE/gen/n$i?items=5&pad=$pad \"New feed $i, a title long enough to fill its row\" tag$i news"
	i=$((i + 1))
done >>"$CFG"
: >"$T/httpd.log"
# The log starts at 0 bytes: the rows' commit needs more than 40,000.
limited 40000 timeout 60 "$TIDENDE" -c "$CFG" -d "$DB" refresh \
    >"$T/out" 2>"$T/err"
is "feed rows not written: refresh exits 1" "$?" 1
is "... every new feed is an error, not stored, naming the cache" \
    "$(grep -c '^New feed [0-9]*, .*: error: not stored: .*cache\.db: ' "$T/out")" 100
like "... stderr says so" "$(cat "$T/err")" \
    "^tidende: 100 feeds not stored \(fetched again in full next time\): .*cache\.db: "
is "... and none was fetched: nowhere to store it" \
    "$(grep -c ' GET /gen/n' "$T/httpd.log")" 0

# room again: every feed is fetched and stored
: >"$T/httpd.log"
refresh
is "with room, refresh exits 0" "$RC" 0
is "... every new feed is stored" "$(echo "$OUT" | grep -c '^New feed [0-9]*, .*: 5 new, ')" 100
is "... each fetched once" "$(grep -c ' GET /gen/n' "$T/httpd.log")" 100
is "... every article is in the cache" \
    "$("$TIDENDE" -c "$CFG" -d "$DB" list --count)" 503

# One new feed's row fails (a trigger refuses its tag) after another's
# was written in the same batch: the rollback takes the first row too,
# and its id goes to the next new feed.  No feed may be stored in
# another's row: each is stored in its own or is "not stored".
rm -f "$DB" "$DB-wal" "$DB-shm"
config "set refresh-on-start no" "feed file://$T/one.xml \"One\""
refresh
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TRIGGER boom BEFORE INSERT ON feed_tags WHEN NEW.tag = "
          "\x27boom\x27 BEGIN SELECT RAISE(ABORT, \x27boom\x27); END")
c.commit()' "$DB"
config "set refresh-on-start no" "feed file://$T/one.xml \"One\"" \
    "feed $BASE/gen/fa?items=2 \"Feed A\"" \
    "feed $BASE/gen/fb?items=2 \"Feed B\" boom" \
    "feed $BASE/gen/fc?items=2 \"Feed C\""
refresh
is "a refused row: refresh exits 1" "$RC" 1
like "... that feed is not stored" "$OUT" '^Feed B: error: not stored: .*boom'
# each article's feed URL holds the id its title names (fa, fc)
is "... no article is stored under another feed" \
    "$("$TIDENDE" -c "$CFG" -d "$DB" list --json | python3 -c 'import json, sys
bad = [a["title"] for a in json.load(sys.stdin)
       if "/gen/f" in (a.get("feed_url") or "")
       and a["feed_url"].split("/gen/")[1][:2] not in a["title"]]
print(len(bad))')" 0
# the next refresh (trigger gone) stores both in their own rows
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("DROP TRIGGER boom"); c.commit()' "$DB"
refresh
is "... next time, exit 0" "$RC" 0
is "... feed A's articles under feed A" \
    "$("$TIDENDE" -c "$CFG" -d "$DB" list --json --feed "$BASE/gen/fa?items=2" | python3 -c 'import json, sys
print(sorted(set(a["title"].split()[-1] for a in json.load(sys.stdin))))')" "['fa']"
finish
