#!/bin/sh
# Redirects: chains are followed (at most 5), permanent ones are reported so
# the config can be updated, loops end with an error.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 12

config "feed $BASE/redirect/3/feed/rss.xml \"Moved\"" \
    "feed $BASE/redirect302/2/feed/atom.xml \"Found\"" \
    "feed $BASE/loop/0 \"Loop\"" \
    "feed $BASE/redirect/6/feed/rss.xml \"Too far\"" \
    "feed $BASE/location?to=file://$FIX/rss.xml \"To file\"" \
    "feed $BASE/location?to=ftp://127.0.0.1:$PORT/x \"To ftp\"" \
    "feed $BASE/location?to=gopher://127.0.0.1:$PORT/x \"To gopher\""
refresh
is "exit 0" "$RC" 0
like "a 301 chain is followed" "$OUT" "^Moved: 3 new"
like "a 302 chain is followed" "$OUT" "^Found: 2 new"
like "a permanent redirect is reported" "$ERR" \
    "$BASE/redirect/3/feed/rss.xml: moved permanently to $BASE/feed/rss.xml"
unlike "a temporary one is not" "$ERR" "redirect302.*moved permanently"
like "a loop ends in an error" "$OUT" "^Loop: error: more than 5 redirects"
like "six hops are too many" "$OUT" "^Too far: error: more than 5 redirects"
# Refused for its scheme, not for a port that does not listen: ftp and
# gopher go to the test server's own port.
like "a redirect to file:// is refused" "$OUT" "^To file: error: .*not supported"
like "a redirect to ftp:// is refused" "$OUT" "^To ftp: error: .*not supported"
like "a redirect to gopher:// is refused" "$OUT" "^To gopher: error: .*not supported"
is "the file's content was not read" "$(list_titles "$BASE/location?to=file://$FIX/rss.xml")" ""
ok "the loop stopped after 5 redirects" test "$(requests '/loop/[0-9]+' | wc -l)" -le 6
finish
