#!/bin/sh
# A body that arrives faster than one loop pass may take is held back for
# the next pass and never lost.  TIDENDE_FETCH_PASS_MS=0 puts every write
# past the pass's budget, so every byte takes the held-back path: a gzip
# feed and a plain feed that each arrive in one go (curl 7.88 dropped
# what it held for a transfer paused when its last bytes came), a large
# file:// feed, and a gzip bomb that must still stop at max-size.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 13

export TIDENDE_FETCH_PASS_MS=0

python3 - "$T/big.xml" <<'PY'
import sys
out = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>']
for i in range(4000):
    out.append('<item><title>File item %d</title><guid>f-%d</guid>'
               '<description>%s</description></item>' % (i, i, "text " * 40))
out.append('</channel></rss>\n')
open(sys.argv[1], "w").write("".join(out))
PY

config "set download-timeout 20" \
    "feed $BASE/gzipgen/g?items=3000 \"Gzip feed\"" \
    "feed $BASE/gen/p?items=5000 \"Plain feed\"" \
    "feed file://$T/big.xml \"File feed\""
refresh
is "every feed fetched: exit 0" "$RC" 0
like "gzip: every item of the body" "$OUT" "^Gzip feed: 3000 new"
like "plain: every item of the body" "$OUT" "^Plain feed: 5000 new"
like "file://: every item of the body" "$OUT" "^File feed: 4000 new"
is "gzip: all of them stored" \
    "$(list_titles "$BASE/gzipgen/g?items=3000" | wc -l)" 3000
is "gzip: the last item is there" \
    "$(list_titles "$BASE/gzipgen/g?items=3000" | grep -c '^Item 2999 of feed g$')" 1
is "plain: all of them stored" \
    "$(list_titles "$BASE/gen/p?items=5000" | wc -l)" 5000
is "file://: all of them stored" \
    "$(list_titles "file://$T/big.xml" | wc -l)" 4000

# The ETag came with the whole body: the next refresh is a 304.
refresh
is "second refresh: exit 0" "$RC" 0
like "gzip: ETag kept, not modified" "$OUT" "^Gzip feed: not modified$"
like "plain: ETag kept, not modified" "$OUT" "^Plain feed: not modified$"

# Bytes are counted as they arrive, held or not: a bomb stops at max-size.
config "set max-size 1" "feed $BASE/bomb/16 \"Bomb\""
refresh
is "bomb: exit 69" "$RC" 69
like "bomb: larger than max-size" "$OUT" "^Bomb: error: larger than 1 MB"
finish
