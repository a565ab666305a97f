#!/bin/sh
# The sync account changes (sync-user or sync-url now names another
# account than the one the cache synced with): alice and bob of one tt-rss
# both read feed A, alice also feed C.  A change alice's cache still holds
# for the server must not reach bob (the article ids are the same on the
# server); once bob's login works, alice's feeds, articles and waiting
# changes leave the cache and the sync says so; a sync-url that reaches no
# server drops nothing; a local `feed` line's feed stays.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"
ttrss_start
plan 12

ttrss_add_user alice pw >/dev/null
ttrss_add_user bob pw >/dev/null
ttrss_feeds_start
ttrss_rss a.xml "Feed A" "a1|Shared one" "a2|Shared two"
ttrss_rss c.xml "Feed C" "c1|Alice only"
ttrss_login alice pw || ttrss_bail "cannot log in as alice"
fa=$(ttrss_subscribe "$TTRSS_FEED_BASE/a.xml")
ttrss_update_feed "$fa" || ttrss_bail "tt-rss cannot fetch feed A"
fc=$(ttrss_subscribe "$TTRSS_FEED_BASE/c.xml")
ttrss_update_feed "$fc" || ttrss_bail "tt-rss cannot fetch feed C"
ttrss_login bob pw || ttrss_bail "cannot log in as bob"
fb=$(ttrss_subscribe "$TTRSS_FEED_BASE/a.xml")
ttrss_update_feed "$fb" || ttrss_bail "tt-rss cannot fetch feed A for bob"
ttrss_feeds_stop

printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
cat >"$T/local.xml" <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
<item><guid>l1</guid><title>Local one</title></item>
</channel></rss>
XML
# conf USER URL FILE
conf() {
	{
		echo "feed file://$T/local.xml \"Local\""
		echo "set sync-backend ttrss"
		echo "set sync-url \"$2\""
		echo "set sync-user $1"
		echo "set sync-password-file \"$T/pw\""
	} >"$3"
}
conf alice "$TTRSS_URL/" "$T/conf-alice"
conf bob "$TTRSS_URL/" "$T/conf-bob"
conf bob "http://127.0.0.1:9/" "$T/conf-nowhere"
titles() {
	"$TIDENDE" -c "$1" -d "$T/cache.db" list --json |
	    python3 -c 'import json, sys
print(" ".join(sorted(a["title"] for a in json.load(sys.stdin))))'
}

exit_is "alice syncs" 0 "$TIDENDE" -c "$T/conf-alice" -d "$T/cache.db" refresh
is "her feeds are in the cache, beside the local one" \
    "$(titles "$T/conf-alice")" "Alice only Local one Shared one Shared two"
id=$("$TIDENDE" -c "$T/conf-alice" -d "$T/cache.db" list --json |
    python3 -c 'import json, sys
print([a["id"] for a in json.load(sys.stdin) if a["title"] == "Shared one"][0])')
"$TIDENDE" -c "$T/conf-alice" -d "$T/cache.db" mark --read "$id"
is "a read of alice's waits for her server" \
    "$("$TIDENDE" -c "$T/conf-alice" -d "$T/cache.db" sync --status --json | ttrss_json 'r["pending"]')" 1

# A sync-url that reaches no server: nothing is dropped.
exit_is "the account changed to an unreachable server: exit 69" 69 \
    "$TIDENDE" -c "$T/conf-nowhere" -d "$T/cache.db" sync
is "and alice's articles and change are still there" \
    "$(titles "$T/conf-alice") $("$TIDENDE" -c "$T/conf-alice" -d "$T/cache.db" sync --status --json | ttrss_json 'r["pending"]')" \
    "Alice only Local one Shared one Shared two 1"

exit_is "the account changed to bob: the sync exits 0" 0 \
    "$TIDENDE" -c "$T/conf-bob" -d "$T/cache.db" sync
like "saying alice's feeds, articles and change were dropped" "$(cat "$T/.err")" \
    "^tidende: sync: the account changed: alice at $TTRSS_URL/ dropped with 2 feeds, 3 articles and 1 change not sent"
is "the cache has bob's feed and the local one only" \
    "$(titles "$T/conf-bob")" "Local one Shared one Shared two"
is "bob's articles are unread: alice's read did not reach him" \
    "$("$TIDENDE" -c "$T/conf-bob" -d "$T/cache.db" list --json | ttrss_json 'sorted(a["read"] for a in r if a["title"] != "Local one")')" \
    "[false, false]"
ttrss_login bob pw
is "and the server has bob's copy unread" \
    "$(ttrss_headlines "$fb" | ttrss_json 'sorted(h["unread"] for h in r["content"])')" "[true, true]"
is "nothing waits for bob's server" \
    "$("$TIDENDE" -c "$T/conf-bob" -d "$T/cache.db" sync --status --json | ttrss_json 'r["pending"]')" 0
exit_is "the next sync says nothing more" 0 \
    "$TIDENDE" -c "$T/conf-bob" -d "$T/cache.db" sync
finish
