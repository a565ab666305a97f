#!/bin/sh
# Feeds that fail: HTTP errors, refused connections, a stalling server,
# truncated and oversized bodies, a gzip bomb, an HTML page.  Each failure
# is reported on its own line, the other feeds go on, and cached items stay.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 22

config "set download-timeout 2" "set connect-timeout 2" "set max-size 1" \
    "feed $BASE/feed/rss.xml \"Good\"" \
    "feed $BASE/status/404 \"Missing\"" \
    "feed $BASE/status/500 \"Broken\"" \
    "feed http://127.0.0.1:1/feed \"Refused\"" \
    "feed $BASE/stall/3600 \"Stalling\"" \
    "feed $BASE/truncated/rss.xml \"Truncated\"" \
    "feed $BASE/huge/4 \"Huge\"" \
    "feed $BASE/bomb/32 \"Bomb\"" \
    "feed $BASE/html \"Page\""

refresh
is "one good feed is enough for exit 0" "$RC" 0
like "the good feed is stored" "$OUT" "^Good: 3 new"
like "404" "$OUT" "^Missing: error: HTTP status 404$"
like "500" "$OUT" "^Broken: error: HTTP status 500$"
like "connection refused" "$OUT" "^Refused: error: connection refused"
# The server stalls for an hour: only download-timeout ends this (how
# long it takes: tests/bench/hostile-bench.sh).
like "a stalling server times out" "$OUT" "^Stalling: error: timed out"
like "a truncated body is an error" "$OUT" "^Truncated: error: .*(closed|remaining|partial)"
like "a body over max-size is refused" "$OUT" "^Huge: error: larger than 1 MB"
like "a gzip bomb is stopped after decompression" "$OUT" "^Bomb: error: larger than 1 MB"
like "an HTML page is not a feed" "$OUT" "^Page: error: not a feed"
is "nothing from the failed feeds is stored" \
    "$("$TIDENDE" -c "$CFG" -d "$DB" list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 3
unlike "no escape sequences in the output" "$OUT" "$(printf '\033')"

# ^C stops every transfer at once; the feeds are not marked as failing
# (stalls of an hour and no download-timeout: only ^C ends this run)
config "feed $BASE/stall/3600 \"Stalling\"" "feed $BASE/stall/3600?b \"Stalling too\""
"$TIDENDE" -c "$CFG" -d "$DB" refresh >"$T/int.out" 2>&1 &
pid=$!
# Wait until both transfers are waiting on the stalled server.
i=0
while [ "$(grep -c ' /stall/3600' "$T/httpd.log.started" 2>/dev/null)" != 3 ] &&
    [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
is "interrupted: both transfers were under way" \
    "$(grep -c ' /stall/3600' "$T/httpd.log.started")" 3
kill -INT $pid
wait $pid
rc=$?
is "interrupted: exit 130 (128 + SIGINT)" "$rc" 130
like "interrupted: reported as cancelled" "$(cat "$T/int.out")" "^Stalling: error: cancelled"
like "interrupted: the other too" "$(cat "$T/int.out")" "^Stalling too: error: cancelled"

config "set download-timeout 2" "set connect-timeout 2" "set max-size 1" \
    "feed $BASE/feed/rss.xml \"Good\""
# cached items survive when the good feed starts failing
kill "$_httpd_pid"; wait "$_httpd_pid" 2>/dev/null
refresh
is "nothing fetched: exit 69" "$RC" 69
like "the failure is reported" "$OUT" "^Good: error: connection refused"
is "cached items stay" "$(list_titles "$BASE/feed/rss.xml" | wc -l)" 3

# -q: errors still reach stderr, one line each, for cron
refresh -q
is "-q: exit 69" "$RC" 69
is "-q: nothing on stdout" "$OUT" ""
like "-q: errors on stderr as tidende: URL: WHY" "$ERR" "^tidende: $BASE/feed/rss.xml: connection refused"
finish
