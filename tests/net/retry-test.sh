#!/bin/sh
# 429 and 503 with Retry-After: the error is recorded and the server is not
# asked again before the time it gave, even by a manual refresh.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 10

config "feed $BASE/retry/429/3600 \"Busy\"" \
    "feed $BASE/retry/503/3600 \"Down\"" \
    "feed $BASE/retry/503/+3600 \"Down until\"" \
    "feed $BASE/retry/429/1 \"Short\"" \
    "feed $BASE/feed/rss.xml \"Good\""
refresh
like "429 is an error" "$OUT" "^Busy: error: HTTP status 429"
like "503 is an error" "$OUT" "^Down: error: HTTP status 503"
sleep 1.2
refresh
is "one request to the 429 server" "$(requests /retry/429/3600 | wc -l)" 1
is "one request to the 503 server" "$(requests /retry/503/3600 | wc -l)" 1
is "Retry-After as an HTTP date is honoured" "$(requests /retry/503/\\+3600 | wc -l)" 1
like "the time is reported" "$OUT" "^Down until: error: server asked to wait .*next try in 3[0-9]{3} s"
like "the wait is reported" "$OUT" "^Busy: error: server asked to wait"
is "a short Retry-After has passed: asked again" "$(requests /retry/429/1 | wc -l)" 2
like "other feeds go on" "$OUT" "^Good: not modified"
is "exit 0" "$RC" 0
finish
