#!/bin/sh
# The tt-rss harness against Debian's real Tiny Tiny RSS: what the sync
# tests rely on, proved on the server itself: login (right and wrong
# password, API access off), subscribing to a feed served on [::1]:80 and
# fetching it with updateFeed (and its failures), the titles tt-rss
# returns, updateArticle on starred and unread, newsboat as a second client,
# getHeadlines paging (since_id, skip, 200 at most), a reset to a clean
# state, and stopping php -S with its workers.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"
ttrss_start
plan 59
diag "tt-rss answers on $TTRSS_URL after $TTRSS_START_MS ms (database clone $TTRSS_DB_MS ms)"

# field REPLY EXPR: ttrss_json on a saved reply.
field() { printf '%s' "$1" | ttrss_json "$2" 2>&1; }

# ---------------------------------------------------------------- server
like "tt-rss listens on 127.0.0.1" "$TTRSS_URL" '^http://127\.0\.0\.1:[0-9]+$'
ok "php -S runs as a group with its workers" \
    test "$(pgrep -g "$TTRSS_PGID" | wc -l)" -ge 2
r=$(ttrss_api getVersion)
is "a call without a session: NOT_LOGGED_IN" "$(field "$r" 'r["status"], r["content"]["error"]')" '[1, "NOT_LOGGED_IN"]'

# ---------------------------------------------------------------- login
uid=$(ttrss_add_user alice 's3cret "pass"')
like "a user is added with its prefs" "$uid" '^[0-9]+$'
ttrss_login alice 's3cret "pass"'
like "the right password logs in (MODE2 salted sha256 hash)" "$TTRSS_SID" '^[a-z0-9]{20,}$'
is "login answers status 0 and API level 15" "$(field "$TTRSS_REPLY" '[r["status"], r["content"]["api_level"]]')" '[0, 15]'
sid=$TTRSS_SID
r=$(ttrss_api getVersion)
is "the session works" "$(field "$r" 'r["status"]')" 0
r=$(TTRSS_UA=other-agent; ttrss_api getVersion)
is "a session is bound to its User-Agent" "$(field "$r" 'r["content"]["error"]')" NOT_LOGGED_IN

ttrss_login alice wrong
is "a wrong password: status 1, LOGIN_ERROR" "$(field "$TTRSS_REPLY" '[r["status"], r["content"]["error"]]')" '[1, "LOGIN_ERROR"]'
ttrss_login nobody 's3cret "pass"'
is "an unknown user: LOGIN_ERROR too" "$(field "$TTRSS_REPLY" 'r["content"]["error"]')" LOGIN_ERROR
ttrss_login alice "$(printf '%s' 's3cret "pass"' | base64)"
ok "the password may also be sent base64-encoded" test -n "$TTRSS_SID"

ttrss_add_user bob pw off >/dev/null
ttrss_login bob pw
is "API access off: status 1, API_DISABLED" "$(field "$TTRSS_REPLY" '[r["status"], r["content"]["error"]]')" '[1, "API_DISABLED"]'
ttrss_login bob wrong
is "API_DISABLED is said before the password is checked" "$(field "$TTRSS_REPLY" 'r["content"]["error"]')" API_DISABLED
TTRSS_SID=$sid
ttrss_api_access alice false
r=$(ttrss_api getVersion)
is "turning API access off ends a live session's calls" "$(field "$r" 'r["content"]["error"]')" API_DISABLED
ttrss_api_access alice true
r=$(ttrss_api getVersion)
is "and turning it on again brings them back" "$(field "$r" 'r["status"]')" 0

# ---------------------------------------------------------------- feeds
ttrss_feeds_start
ttrss_rss a.xml "Feed A" \
    "g1|Fish &amp; Chips &lt;b&gt;" \
    "g2|5 &lt; 6 &amp;&amp; 7 &gt; 3" \
    "g3|Caf&#233; &amp;amp; bar" \
    "g4|<![CDATA[Tom & <i>Jerry</i>]]>"
fid=$(ttrss_subscribe "$TTRSS_FEED_BASE/a.xml")
like "subscribeToFeed on http://[::1]/ gives a feed id" "$fid" '^[0-9]+$'
like "tt-rss fetched it from [::1]:80 itself" "$(cat "$TTRSS_FEED_LOG")" '^GET /a\.xml 200 Tiny_Tiny_RSS/'
r=$(ttrss_api subscribeToFeed feed_url="$TTRSS_FEED_BASE/a.xml")
is "subscribing again: code 0 with the same id" "$(field "$r" 'r["content"]["status"]')" "{\"code\": 0, \"feed_id\": $fid}"
for url in "http://127.0.0.1:$TTRSS_PORT/a.xml" "http://localhost/a.xml"; do
	r=$(ttrss_api subscribeToFeed feed_url="$url")
	is "refused without a request: $url" "$(field "$r" 'r["content"]["status"]')" \
	    '{"code": 5, "message": "Requested URL failed extended validation."}'
done
# UrlHelper::validate() rebuilds the URL without its port, so a port is
# not refused but dropped: this is the same feed, fetched on port 80.
r=$(ttrss_api subscribeToFeed feed_url="http://[::1]:8080/a.xml")
is "a port in a feed URL is dropped, not refused" "$(field "$r" 'r["content"]["status"]')" "{\"code\": 0, \"feed_id\": $fid}"
r=$(ttrss_headlines "$fid")
is "subscribing fetches no articles" "$(field "$r" 'len(r["content"])')" 0

t0=$(_ttrss_ms)
ok "updateFeed answers OK" ttrss_update_feed "$fid"
diag "updateFeed of 4 articles: $(($(_ttrss_ms) - t0)) ms"
r=$(ttrss_headlines "$fid")
is "updateFeed stored the articles at once" "$(field "$r" 'len(r["content"])')" 4
is "each has an integer id, unread, not starred" \
    "$(field "$r" 'sorted(set((type(h["id"]).__name__, h["unread"], h["marked"]) for h in r["content"]))')" \
    '[["int", true, false]]'
# tt-rss stores the feed's text with tags stripped (strip_tags) and sends
# it as it is: not HTML-escaped; HTML escaped twice in the feed stays
# escaped once, and "<" before a letter eats the rest as a tag.
is "titles: tags stripped, text not re-escaped" "$(field "$r" '[h["title"] for h in r["content"]]')" \
    '["Fish & Chips ", "5 < 6 && 7 > 3", "Caf\u00e9 &amp; bar", "Tom & Jerry"]'
is "newest first, dates from the feed" "$(field "$r" '[h["updated"] for h in r["content"]]')" \
    '[1700000000, 1699999940, 1699999880, 1699999820]'
ttrss_rss gone.xml "Gone" "x1|X"
gone=$(ttrss_subscribe "$TTRSS_FEED_BASE/gone.xml")
rm "$TTRSS_FEEDS/gone.xml"
r=$(ttrss_api updateFeed feed_id:="$gone")
is "updateFeed answers OK even when the fetch fails" "$(field "$r" 'r["content"]')" '{"status": "OK"}'
is "only the feed's last_error says why" "$(ttrss_update_feed "$gone")" "HTTP/1.1 404 Not Found"
ttrss_api unsubscribeFeed feed_id:="$gone" >/dev/null
r=$(ttrss_feeds)
is "getFeeds lists it with 4 unread" "$(field "$r" '[(f["feed_url"], f["unread"]) for f in r["content"]]')" \
    '[["http://[::1]/a.xml", 4]]'

# ---------------------------------------------------------------- state
r=$(ttrss_headlines "$fid")
a1=$(field "$r" 'r["content"][0]["id"]')
a2=$(field "$r" 'r["content"][1]["id"]')
state() { ttrss_headlines "$fid" | ttrss_json "[(h['unread'], h['marked']) for h in r['content'] if h['id'] == $1][0]"; }
is "star (mode 1, field 0) updates one" "$(ttrss_update_article "$a1" 1 0)" 1
is "getHeadlines shows it starred" "$(state "$a1")" '[true, true]'
is "unstar (mode 0, field 0)" "$(ttrss_update_article "$a1" 0 0)" 1
is "getHeadlines shows it unstarred" "$(state "$a1")" '[true, false]'
is "mark read (mode 0, field 2)" "$(ttrss_update_article "$a1" 0 2)" 1
is "getHeadlines shows it read" "$(state "$a1")" '[false, false]'
is "getFeeds counts 3 unread" "$(ttrss_feeds | ttrss_json 'r["content"][0]["unread"]')" 3
is "setting read again still counts it as updated" "$(ttrss_update_article "$a1" 0 2)" 1
is "mark unread (mode 1, field 2)" "$(ttrss_update_article "$a1" 1 2)" 1
is "getHeadlines shows it unread" "$(state "$a1")" '[true, false]'
is "toggle (mode 2) flips unread" "$(ttrss_update_article "$a1" 2 2; state "$a1")" '1
[false, false]'
is "several ids in one call" "$(ttrss_update_article "$a1,$a2" 1 0)" 2
r=$(ttrss_api getHeadlines feed_id:=-1)
is "starred articles: virtual feed -1" "$(field "$r" 'sorted(h["id"] for h in r["content"])')" "[$a1, $a2]"
r=$(ttrss_api getHeadlines feed_id:=-4 view_mode=unread)
is "unread articles: feed -4, view_mode unread" "$(field "$r" 'len(r["content"])')" 3
r=$(ttrss_api updateArticle article_ids=999999 mode:=0 field:=2)
is "an unknown article is no error: status 0, updated 0" \
    "$(field "$r" '[r["status"], r["content"]["updated"]]')" '[0, 0]'

# newsboat 2.21, a second client, sees the read state set through the API
# (its reload does not take stars down as flags, even with ttrss-flag-star).
if out=$(ttrss_newsboat alice 's3cret "pass"' -x reload print-unread 2>&1); then
	is "newsboat gets the unread state from the server" "$out" "3 unread articles"
elif [ $? -eq 127 ]; then
	skip "newsboat gets the unread state from the server" "newsboat not installed"
else
	fail "newsboat gets the unread state from the server" "$out"
fi

# ---------------------------------------------------------------- paging
set --
i=250
while [ $i -ge 1 ]; do set -- "$@" "b$i|Big $i"; i=$((i - 1)); done
ttrss_rss big.xml "Big" "$@"
big=$(ttrss_subscribe "$TTRSS_FEED_BASE/big.xml")
t0=$(_ttrss_ms)
ttrss_update_feed "$big"
diag "updateFeed of 250 articles: $(($(_ttrss_ms) - t0)) ms"
ids() { ttrss_headlines "$big" "$@" | ttrss_json '" ".join(str(h["id"]) for h in r["content"])'; }
p1=$(ids limit:=200)
p2=$(ids limit:=200 skip:=200)
is "limit 200: a full page" "$(echo $p1 | wc -w)" 200
is "skip 200: the other 50" "$(echo $p2 | wc -w)" 50
is "the pages hold 250 different articles" "$(echo $p1 $p2 | tr ' ' '\n' | sort -u | wc -l)" 250
is "limit 500 still gives 200 (the server's cap)" "$(ids limit:=500 | wc -w)" 200
is "no limit gives 200 too" "$(ids | wc -w)" 200
max=$(echo $p1 $p2 | tr ' ' '\n' | sort -n | tail -n 1)
is "since_id = the highest id: nothing" "$(ids since_id:="$max" | wc -w)" 0
is "since_id = highest - 10: the 10 above it" "$(ids since_id:=$((max - 10)) | wc -w)" 10
ttrss_rss big.xml "Big" "n3|New 3" "n2|New 2" "n1|New 1" "$@"
ttrss_update_feed "$big"
is "after updateFeed, since_id gives just the new ones" \
    "$(ttrss_headlines "$big" since_id:="$max" | ttrss_json 'sorted(h["title"] for h in r["content"])')" \
    '["New 1", "New 2", "New 3"]'

ttrss_feeds_stop
ok "ttrss_feeds_stop frees port 80 for other tests" sh -c "! curl -s --noproxy '*' -o /dev/null 'http://[::1]/a.xml'"

# ---------------------------------------------------------------- reset
ttrss_reset
diag "reset to a clean database: $TTRSS_RESET_MS ms"
ttrss_login alice 's3cret "pass"'
is "after ttrss_reset the users are gone" "$(field "$TTRSS_REPLY" 'r["content"]["error"]')" LOGIN_ERROR
ttrss_add_user carol pw >/dev/null
ttrss_login carol pw
is "a new user starts with no feeds" "$(ttrss_feeds | ttrss_json 'len(r["content"])')" 0

# ---------------------------------------------------------------- stop
pgid=$TTRSS_PGID
ttrss_stop
ok "ttrss_stop ends php -S and all its workers" eval "! ttrss_group_alive $pgid"
ok "and the port answers no more" sh -c "! curl -s --noproxy '*' -o /dev/null $TTRSS_API"
finish
