#!/bin/sh
# Errors name the real cause (issue 18, item 6): curl says "Out of
# memory" for its own limits, not for malloc.  A reply with a 1 MB header
# line says the header is larger than curl accepts, and the other feeds
# go on.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 3

config "feed $BASE/bigheader/1024 \"Big header\"" \
    "feed $BASE/feed/rss.xml \"Good\""
refresh
is "a 1 MB header: the other feed is enough for exit 0" "$RC" 0
like "the header is named as the cause" "$OUT" \
    "^Big header: error: a reply header larger than curl accepts \(100 kB\)$"
unlike "not 'Out of memory'" "$OUT" "[Oo]ut of memory"
finish
