#!/bin/sh
# The cache's log (-wal) during a refresh that waits for a slow feed: once
# what came is stored and indexed, the refresh writes the log back and
# empties its file while it waits (closing the cache at its end then has
# almost nothing to copy or delete), and nothing is lost by it.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 6

# asked PATH-TEXT: a request whose path (without its query) holds
# PATH-TEXT has started.
asked() {
	awk -v p="$1" '{ split($2, a, "?") } index(a[1], p) { f = 1 }
	    END { exit !f }' "$T/httpd.log.started" 2>/dev/null
}
# emptied: the log file is there and empty, once the slow feed was asked
# for.  Only an emptying checkpoint makes it so: the log holds the new
# cache's tables from the start, and closing deletes it.
emptied() {
	asked /gen/late && [ -f "$DB-wal" ] && [ ! -s "$DB-wal" ]
}

# 8,000 articles fill the log past the megabyte that calls for emptying it;
# the second feed answers only once /gen/go has been asked for (or 10 s).
config "feed $BASE/gen/many?items=8000" \
    "feed $BASE/gen/late?items=2&until=/gen/go"
"$TIDENDE" -c "$CFG" -d "$DB" refresh >"$T/out" 2>"$T/err" &
pid=$!
ok "the log file is emptied while the refresh waits for a feed" \
    wait_until 9 emptied
waiting=no
kill -0 "$pid" 2>/dev/null && ! asked /gen/go && waiting=yes
is "... and the refresh is still waiting then" "$waiting" yes
python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' \
    "$BASE/gen/go" >/dev/null 2>&1
wait "$pid"
is "the refresh ends well" "$?" 0
is "every article of both feeds is in the cache" \
    "$("$TIDENDE" -c "$CFG" -d "$DB" list --count 2>&1)" 8002
is "a search finds the first feed's last article" \
    "$("$TIDENDE" -c "$CFG" -d "$DB" search --count '"Item 7999 of feed many"' 2>&1)" 1
ok "the cache is sound" "$TIDENDE" -c "$CFG" -d "$DB" check
finish
