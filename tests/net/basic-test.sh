#!/bin/sh
# Fetching feeds that work: 200, conditional GET with ETag and with
# Last-Modified (304) asserting the validator each sent, gzip, the HTTP charset, file:// feeds, --feed/--tag.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 29

config "set max-connections 4" \
    "feed $BASE/feed/rss.xml \"Etag feed\" news" \
    "feed $BASE/lm/atom.xml \"LM feed\" news" \
    "feed $BASE/gzip/rss.xml \"Gzip feed\" other" \
    "feed $BASE/charset/iso-8859-1/latin1.xml \"Latin feed\" other" \
    "feed file://$FIX/atom.xml \"File feed\" other" \
    "feed $BASE/feed/feed.json \"JSON feed\" other" \
    "feed $BASE/etag/rss.xml \"Etag-only feed\" other"

refresh
is "first refresh exits 0" "$RC" 0
like "200: three new items" "$OUT" "^Etag feed: 3 new, 0 updated, 0 unchanged$"
like "Last-Modified feed stored" "$OUT" "^LM feed: 2 new"
like "gzip feed stored" "$OUT" "^Gzip feed: 3 new"
like "file:// feed stored" "$OUT" "^File feed: 2 new"
like "JSON Feed over HTTP stored" "$OUT" "^JSON feed: 2 new"
is "items are in the cache" "$(list_titles "$BASE/feed/rss.xml")" \
    "First post
Second post
Third post"
like "the gzip feed was served" "$(requests /gzip/rss.xml)" " 200 "
is "HTTP charset applies when the document has none" \
    "$(list_titles "$BASE/charset/iso-8859-1/latin1.xml")" "Crème brûlée"
like "User-Agent is tidende/VERSION" "$(requests /feed/rss.xml | awk '{print $8}')" "^tidende/[0-9]"
like "every compression is accepted" "$(requests /gzip/rss.xml | awk '{print $9}')" "gzip"

refresh
is "second refresh exits 0" "$RC" 0
like "ETag: 304 reported as not modified" "$OUT" "^Etag feed: not modified$"
like "Last-Modified: 304 reported as not modified" "$OUT" "^LM feed: not modified$"
like "ETag only: 304 reported as not modified" "$OUT" "^Etag-only feed: not modified$"
# The server's log: $7 status, $10 If-None-Match, $11 If-Modified-Since.
etag=$(python3 -c 'import hashlib,sys
print("\"%s\"" % hashlib.sha1(open(sys.argv[1], "rb").read()).hexdigest()[:16])' "$FIX/rss.xml")
is "ETag only: the server answered 304" \
    "$(requests /etag/rss.xml | awk '{print $7}' | tr '\n' ' ')" "200 304 "
is "ETag only: If-None-Match sent the stored ETag, only the second time" \
    "$(requests /etag/rss.xml | awk '{print $10}' | tr '\n' ' ')" "- $etag "
is "ETag only: no If-Modified-Since without a Last-Modified" \
    "$(requests /etag/rss.xml | awk '{print $11}' | tr '\n' ' ')" "- - "
like "Last-Modified: If-Modified-Since sent the stored date" \
    "$(requests /lm/atom.xml | awk 'NR == 2 {print $10, $11}')" "^- [A-Z][a-z][a-z],_[0-9]+_[A-Z][a-z][a-z]_[0-9]{4}_[0-9:]{8}_GMT$"
is "ETag: the server answered 304" \
    "$(requests /feed/rss.xml | awk '{print $7}' | tr '\n' ' ')" "200 304 "
is "Last-Modified: the server answered 304" \
    "$(requests /lm/atom.xml | awk '{print $7}' | tr '\n' ' ')" "200 304 "
is "items stay after 304" "$(list_titles "$BASE/feed/rss.xml" | wc -l)" 3

n0=$(wc -l <"$T/httpd.log")
refresh --feed "$BASE/lm/atom.xml"
is "--feed exits 0" "$RC" 0
is "--feed fetches only that feed" "$(( $(wc -l <"$T/httpd.log") - n0 ))" 1
refresh --tag news
is "--tag fetches the tagged feeds" "$(echo "$OUT" | grep -c ': not modified$')" 2
unlike "--tag leaves the others" "$OUT" "Gzip feed"
refresh --feed http://127.0.0.1:1/not-configured
is "--feed with an unknown URL fails" "$RC" 69
like "and says why" "$ERR" "not a configured feed"

refresh -q
is "-q prints nothing" "$OUT$ERR" ""
finish
