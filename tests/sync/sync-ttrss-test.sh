#!/bin/sh
# `tidende sync` against Debian's real Tiny Tiny RSS: the first sync brings
# the server's feeds (categories as tags) and articles (paged past 200,
# titles cleaned) into the cache; a read on machine A goes to the server
# and on to machine B; a star set through the API comes down; with the
# server down the sync exits 69 and keeps the change, which goes out once
# the server is back; a wrong password and API access off exit 77 with a
# clear message and without the password anywhere; a 0644 password file
# is refused; a second sync with nothing new makes few requests; and
# `refresh` syncs too; a later unread on one machine wins over an earlier
# read on the other.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"
ttrss_start
plan 48

PW='s3cret "pw" x'
uid=$(ttrss_add_user alice "$PW")
ttrss_login alice "$PW" || ttrss_bail "cannot log in as alice"
cat=$(ttrss_sql "INSERT INTO ttrss_feed_categories (owner_uid, title)
    VALUES ($uid, 'News') RETURNING id")
ttrss_feeds_start
ttrss_rss a.xml "Feed A" \
    "g1|Fish &amp; Chips &lt;b&gt;" \
    "g2|Caf&#233; &amp;amp; bar" \
    "g3|Plain"
fa=$(ttrss_subscribe "$TTRSS_FEED_BASE/a.xml" "$cat")
ttrss_update_feed "$fa"
set --
i=203
while [ $i -ge 1 ]; do set -- "$@" "b$i|Big $i"; i=$((i - 1)); done
ttrss_rss big.xml "Big" "$@"
fb=$(ttrss_subscribe "$TTRSS_FEED_BASE/big.xml")
ttrss_update_feed "$fb"
ttrss_feeds_stop

# sid ID: the server id of the cache's article ID is not known to the
# CLI; articles are found by title instead.
server_id() {
	ttrss_headlines "$fa" | ttrss_json "[h['id'] for h in r['content'] if h['title'].startswith('$1')][0]"
}
server_state() {
	ttrss_headlines "$fa" | ttrss_json "[(h['unread'], h['marked']) for h in r['content'] if h['title'].startswith('$1')][0]"
}
# cache_id CACHE TITLE-START: the cache's article number.
cache_id() {
	"$TIDENDE" -c "$T/conf" -d "$1" list --json |
	    python3 -c 'import json, sys
print([a["id"] for a in json.load(sys.stdin) if a["title"].startswith(sys.argv[1])][0])' "$2"
}
cache_state() {
	"$TIDENDE" -c "$T/conf" -d "$1" list --json |
	    python3 -c 'import json, sys
print([(a["read"], a["starred"]) for a in json.load(sys.stdin) if a["title"].startswith(sys.argv[1])][0])' "$2"
}
status_json() {
	"$TIDENDE" -c "$T/conf" -d "$1" sync --status --json
}

printf '%s\n' "$PW" >"$T/pw"
chmod 600 "$T/pw"
writeconf() {
	{
		echo "set sync-backend ttrss"
		echo "set sync-url \"$TTRSS_URL/\""
		echo "set sync-user $1"
		echo "$2"
	} >"$3"
}
writeconf alice "set sync-password-file \"$T/pw\"" "$T/conf"
# machine B reads the password from a command (argv, no shell)
writeconf alice "set sync-password-command \"cat $T/pw\"" "$T/conf-b"

# ---------------------------------------------------------------- first sync
out=$(TIDENDE_LOG="$T/log-a" "$TIDENDE" -v -c "$T/conf" -d "$T/a.db" sync 2>&1)
rc=$?
is "first sync exits 0" "$rc" 0
like "it says what it brought" "$out" '^sync: 0 changes sent, 2 feeds, 206 new articles'
list=$("$TIDENDE" -c "$T/conf" -d "$T/a.db" list --json)
is "all 206 articles are in the cache (paged past 200)" \
    "$(printf '%s' "$list" | ttrss_json 'len(r)')" 206
is "titles are cleaned by the feed cleaner's rules" \
    "$(printf '%s' "$list" | ttrss_json 'sorted(a["title"] for a in r if a["feed"] == "Feed A")')" \
    '["Caf\u00e9 & bar", "Fish & Chips", "Plain"]'
is "the server's feeds are the articles' feeds" \
    "$(printf '%s' "$list" | ttrss_json 'sorted(set((a["feed"], a["feed_url"]) for a in r))')" \
    '[["Big", "http://[::1]/big.xml"], ["Feed A", "http://[::1]/a.xml"]]'
is "the category became a tag" \
    "$("$TIDENDE" -c "$T/conf" -d "$T/a.db" list --tag News --json | ttrss_json 'len(r)')" 3
is "everything arrives unread" \
    "$(printf '%s' "$list" | ttrss_json 'sorted(set((a["read"], a["starred"]) for a in r))')" '[[false, false]]'
st=$(status_json "$T/a.db")
is "sync --status --json: the object of cli.md" \
    "$(printf '%s' "$st" | ttrss_json '[sorted(r), r["backend"], r["url"], r["user"], r["pending"], r["feeds"], r["articles"], r["error"]]')" \
    "[[\"articles\", \"backend\", \"error\", \"feeds\", \"last_sync\", \"pending\", \"url\", \"user\"], \"ttrss\", \"$TTRSS_URL/\", \"alice\", 0, 2, 206, null]"
like "last_sync is an RFC 3339 time" "$(printf '%s' "$st" | ttrss_json 'r["last_sync"]')" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
ok "the password is not in the debug log" sh -c "! grep -F 's3cret' '$T/log-a'"

# ---------------------------------------------------------------- A to B
ok "machine B's first sync (password from a command)" \
    "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
id=$(cache_id "$T/a.db" Fish)
"$TIDENDE" -c "$T/conf" -d "$T/a.db" mark --read "$id"
is "a read on A waits in the queue" "$(status_json "$T/a.db" | ttrss_json 'r["pending"]')" 1
exit_is "A syncs" 0 "$TIDENDE" -c "$T/conf" -d "$T/a.db" sync
is "the queue is empty" "$(status_json "$T/a.db" | ttrss_json 'r["pending"]')" 0
is "the server has it read (getHeadlines)" "$(server_state Fish)" '[false, false]'
exit_is "B syncs" 0 "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
is "B shows it read" "$(cache_state "$T/b.db" Fish)" "(True, False)"

# ---------------------------------------------------------------- star down
ttrss_update_article "$(server_id Caf)" 1 0 >/dev/null
exit_is "after a star set through the API, A syncs" 0 \
    "$TIDENDE" -c "$T/conf" -d "$T/a.db" sync
is "the star came down" "$(cache_state "$T/a.db" Caf)" "(False, True)"

# ---------------------------------------------------------------- nothing new
out=$("$TIDENDE" -c "$T/conf" -d "$T/a.db" sync --json)
n=$(printf '%s' "$out" | ttrss_json 'r["requests"]')
diag "a sync with nothing new: $n requests, $(printf '%s' "$out" | ttrss_json 'r["ms"]') ms"
# login, categories, feeds, articles, counts, then the pages of the sets
# (206 unread: 2, 1 starred: 1), all three on the wire at once
ok "a sync with nothing new makes at most 8 requests ($n)" test "$n" -le 8
is "and brings nothing" "$(printf '%s' "$out" | ttrss_json '[r["status"], r["new"], r["changed"]]')" '["ok", 0, 0]'

# ------------------------------------------------- empty sets: no state page
# Everything read and nothing starred on the server (as another client
# would leave it): the counts prove both sets empty, so no page of them is
# asked for, and the cache still follows.
ttrss_api catchupFeed feed_id:=-4 is_cat:=false >/dev/null
ttrss_update_article "$(server_id Caf)" 0 0 >/dev/null
out=$("$TIDENDE" -c "$T/conf" -d "$T/a.db" sync --json)
n=$(printf '%s' "$out" | ttrss_json 'r["requests"]')
is "with both sets empty on the server, a sync asks for no state page" \
    "$n" 5
is "and the cache follows: all read, none starred" \
    "$("$TIDENDE" -c "$T/conf" -d "$T/a.db" list --json | python3 -c 'import json, sys
a = json.load(sys.stdin)
print(sum(1 for x in a if not x["read"]), sum(1 for x in a if x["starred"]))')" "0 0"
ttrss_sql "UPDATE ttrss_user_entries SET unread = true WHERE owner_uid = $uid" >/dev/null
ttrss_update_article "$(server_id Caf)" 1 0 >/dev/null
exit_is "with unread and star set again, A syncs" 0 \
    "$TIDENDE" -c "$T/conf" -d "$T/a.db" sync

# ---------------------------------------------------------------- offline
ttrss_stop
id=$(cache_id "$T/a.db" Plain)
"$TIDENDE" -c "$T/conf" -d "$T/a.db" mark --star "$id"
exit_is "server down: sync exits 69" 69 "$TIDENDE" -c "$T/conf" -d "$T/a.db" sync
like "saying it cannot reach the server" "$(cat "$T/.err")" "^tidende: sync: cannot reach $TTRSS_URL/"
st=$(status_json "$T/a.db")
is "the change stays pending" "$(printf '%s' "$st" | ttrss_json 'r["pending"] >= 1')" true
like "and the error is kept" "$(printf '%s' "$st" | ttrss_json 'r["error"]')" "cannot reach"
ttrss_restart
exit_is "server back: sync exits 0" 0 "$TIDENDE" -c "$T/conf" -d "$T/a.db" sync
is "the star went out" "$(server_state Plain)" '[true, true]'

# ---------------------------------------------------------------- refused
printf 'wrong-password\n' >"$T/pw-wrong"
chmod 600 "$T/pw-wrong"
writeconf alice "set sync-password-file \"$T/pw-wrong\"" "$T/conf-wrong"
exit_is "a wrong password: exit 77" 77 "$TIDENDE" -c "$T/conf-wrong" -d "$T/c.db" sync
like "the message names the server and the user" "$(cat "$T/.err")" \
    "^tidende: sync: $TTRSS_URL/ refused the login of alice: wrong user name or password\$"
unlike "and not the password" "$(cat "$T/.err" "$T/.out")" 'wrong-password'

ttrss_add_user bob pw off >/dev/null
printf 'pw\n' >"$T/pw-bob"
chmod 600 "$T/pw-bob"
writeconf bob "set sync-password-file \"$T/pw-bob\"" "$T/conf-bob"
exit_is "API access off: exit 77" 77 "$TIDENDE" -c "$T/conf-bob" -d "$T/d.db" sync
like "with where to turn it on" "$(cat "$T/.err")" 'enable "API access" in tt-rss'
chmod 644 "$T/pw-bob"
exit_is "a password file others can read: exit 1" 1 "$TIDENDE" -c "$T/conf-bob" -d "$T/d.db" sync
like "saying it must be 0600" "$(cat "$T/.err")" 'mode 0644 .* must be 0600 or stricter'

# ---------------------------------------------------------------- refresh
# refresh with sync on and no feed lines: the sync is the whole refresh
out=$("$TIDENDE" -c "$T/conf-b" -d "$T/b.db" refresh 2>&1)
rc=$?
is "refresh syncs too: exit 0" "$rc" 0
like "and prints the sync's line" "$out" '^sync: 0 changes sent, 2 feeds, 0 new articles'
is "B now has the star set on the server" "$(cache_state "$T/b.db" Plain)" "(False, True)"


# ---------------------------------------------------------------- later unread wins
# Both machines have synced.  A reads an article and syncs; B syncs (and
# shows it read), then later marks it unread and syncs; A syncs again.
# The later change as the server saw it (B's unread) wins everywhere.
cache_read() {
	"$TIDENDE" -c "$T/conf" -d "$1" list --json |
	    python3 -c 'import json, sys
print([a["read"] for a in json.load(sys.stdin) if a["title"].startswith(sys.argv[1])][0])' "$2"
}
exit_is "later unread: A syncs first" 0 "$TIDENDE" -c "$T/conf" -d "$T/a.db" sync
"$TIDENDE" -c "$T/conf" -d "$T/a.db" mark --read "$(cache_id "$T/a.db" Caf)"
exit_is "A reads it and syncs" 0 "$TIDENDE" -c "$T/conf" -d "$T/a.db" sync
exit_is "B syncs and gets the read" 0 "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
is "B shows it read" "$(cache_read "$T/b.db" Caf)" True
"$TIDENDE" -c "$T/conf-b" -d "$T/b.db" mark --unread "$(cache_id "$T/b.db" Caf)"
exit_is "B marks it unread later and syncs" 0 "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
is "the server says unread" "$(server_state Caf | ttrss_json 'r[0]')" true
exit_is "A syncs again" 0 "$TIDENDE" -c "$T/conf" -d "$T/a.db" sync
is "A shows it unread: the later unread won" "$(cache_read "$T/a.db" Caf)" False

finish
