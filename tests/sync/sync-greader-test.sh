#!/bin/sh
# `tidende sync` with the Google Reader API (sync-backend greader) against
# tests/sync/fake-greader.py, the scenarios of sync-ttrss-test.sh on two
# caches A and B: the first sync brings subscriptions (labels as tags)
# and articles (titles cleaned, ids of every form, above 2^63 too); a
# read on A reaches B; stars go both ways; what the calls look like (the
# unread list never bounded by ot, writes with T and short ids); a sync
# with nothing new asks for no article; a change made while the server
# is away waits (exit 69) and goes out when it is back; a later unread
# wins over an earlier read; an article gone on the server: its change
# goes out and is done, the article goes with its feed; subscriptions
# removed and relabelled on the server follow; a wrong password exits 77
# naming FreshRSS's API password; a server that cannot be reached exits
# 69.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/greader-lib.sh"

PW='s3cret "pw" & x'
gr_start gr --user alice --password "$PW" --id-form mixed
plan 65

fa=$(gr_admin feed '{"url": "http://feeds.invalid/a.xml", "title": "Feed A", "label": "News"}' | gr_json 'r["id"]')
fb=$(gr_admin feed '{"url": "http://feeds.invalid/b.xml", "title": "Feed <b>B</b>"}' | gr_json 'r["id"]')
gr_item "$fa" 'Fish &amp; Chips <b>to&#103;o</b>' >/dev/null
gr_item "$fa" 'Caf&#233; bar' >/dev/null
gr_item "$fa" 'Plain' >/dev/null
gr_item "$fb" 'Bee one' '"read": true' >/dev/null
gr_item "$fb" 'Bee two' '"starred": true' >/dev/null
gr_item "$fb" 'Bee three' >/dev/null

printf '%s\n' "$PW" >"$T/pw"
chmod 600 "$T/pw"
gr_conf "$T/conf" alice "$T/pw"
# machine B reads the password from a command (argv, no shell)
sed "s|^set sync-password-file .*|set sync-password-command \"cat $T/pw\"|" \
    "$T/conf" >"$T/conf-b"

tid() { _db=$1; shift; "$TIDENDE" -c "$T/conf" -d "$_db" "$@"; }
list() { tid "$1" list --json | gr_json "$2"; }
# cache_id CACHE TITLE-START; cache_state CACHE TITLE-START: (read, starred)
cache_id() { list "$1" "[a['id'] for a in r if a['title'].startswith('$2')][0]"; }
cache_state() { list "$1" "[(a['read'], a['starred']) for a in r if a['title'].startswith('$2')][0]"; }
# server_state TITLE-START: [read, starred]; server_id TITLE-START
server_state() { gr_admin state | gr_json "[[i['read'], i['starred']] for i in r['items'] if i['title'].startswith('$1')][0]"; }
server_id() { gr_admin state | gr_json "[i['id'] for i in r['items'] if i['title'].startswith('$1')][0]"; }
status_json() { tid "$1" sync --status --json; }
# calls EXPR-OF-ROWS: over the log rows since the last mark_log
mark_log() { _mark=$(gr_log 'len(rows)'); }
calls() { gr_log "(lambda rows: $1)(rows[$_mark:])"; }

# ---------------------------------------------------------------- first sync
mark_log
out=$(TIDENDE_LOG="$T/log-a" "$TIDENDE" -v -c "$T/conf" -d "$T/a.db" sync 2>&1)
is "first sync exits 0" "$?" 0
like "it says what it brought" "$out" '^sync: 0 changes sent, 2 feeds, 6 new articles'
is "titles are cleaned as a feed's (HTML read, markup gone)" \
    "$(list "$T/a.db" 'sorted(a["title"] for a in r if a["feed"] == "Feed A")')" \
    "['Café bar', 'Fish & Chips togo', 'Plain']"
is "the server's feeds are the articles' feeds, titles cleaned" \
    "$(list "$T/a.db" 'sorted(set((a["feed"], a["feed_url"]) for a in r))')" \
    "[('Feed A', 'http://feeds.invalid/a.xml'), ('Feed B', 'http://feeds.invalid/b.xml')]"
is "the label became a tag" \
    "$(tid "$T/a.db" list --tag News --json | gr_json 'len(r)')" 3
is "read and starred as the server has them" \
    "$(list "$T/a.db" 'sorted((a["title"], a["read"], a["starred"]) for a in r if a["feed"] == "Feed B")')" \
    "[('Bee one', True, False), ('Bee three', False, False), ('Bee two', False, True)]"
is "the calls in order: login, subscriptions, three id lists, one contents POST" \
    "$(calls '[(x["method"], x["path"]) for x in rows]')" \
    "[('POST', '/accounts/ClientLogin'), ('GET', '/reader/api/0/subscription/list'), ('GET', '/reader/api/0/stream/items/ids'), ('GET', '/reader/api/0/stream/items/ids'), ('GET', '/reader/api/0/stream/items/ids'), ('POST', '/reader/api/0/stream/items/contents')]"
is "the password arrived as a form field" \
    "$(calls '[x["form"].get("Passwd") for x in rows][0]')" "['<password>']"
is "the unread list: the reading list without read, never bounded by ot" \
    "$(calls '[(x["query"]["s"], x["query"]["xt"], "ot" in x["query"]) for x in rows if "xt" in x["query"]]')" \
    "[(['user/-/state/com.google/reading-list'], ['user/-/state/com.google/read'], False)]"
is "the starred list" \
    "$(calls '[x["query"]["s"] for x in rows if x["path"].endswith("/ids")][2]')" \
    "['user/-/state/com.google/starred']"
is "the contents asked for are the six articles, by their short ids" \
    "$(calls 'sorted(int(i) for x in rows if x["path"].endswith("/contents") for i in x["form"]["i"])')" \
    "$(gr_admin state | gr_json 'sorted(i["id"] for i in r["items"])')"
st=$(status_json "$T/a.db")
is "sync --status --json: the object of cli.md" \
    "$(printf '%s' "$st" | gr_json '[sorted(r), r["backend"], r["url"], r["user"], r["pending"], r["feeds"], r["articles"], r["error"]]')" \
    "[['articles', 'backend', 'error', 'feeds', 'last_sync', 'pending', 'url', 'user'], 'greader', '$GR_URL', 'alice', 0, 2, 6, None]"
like "last_sync is an RFC 3339 time" "$(printf '%s' "$st" | gr_json 'r["last_sync"]')" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
ok "the password is not in the debug log" sh -c "! grep -F 's3cret' '$T/log-a'"
ok "nor the Auth token" sh -c "! grep -F 'alice/' '$T/log-a'"

# ---------------------------------------------------------------- A to B
ok "machine B's first sync (password from a command)" \
    "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
tid "$T/a.db" mark --read "$(cache_id "$T/a.db" Fish)"
is "a read on A waits in the queue" "$(status_json "$T/a.db" | gr_json 'r["pending"]')" 1
mark_log
exit_is "A syncs" 0 tid "$T/a.db" sync
is "the queue is empty" "$(status_json "$T/a.db" | gr_json 'r["pending"]')" 0
is "the server has it read" "$(server_state Fish)" "[True, False]"
is "one absolute edit-tag: T, a=read, the short id" \
    "$(calls '[(len(x["form"]["T"][0]) > 0, x["form"]["a"], x["form"]["i"]) for x in rows if x["path"].endswith("edit-tag")]')" \
    "[(True, ['user/-/state/com.google/read'], ['$(server_id Fish)'])]"
is "the token came once, before the write" \
    "$(calls '[x["path"].rsplit("/", 1)[1] for x in rows if x["path"].endswith(("token", "edit-tag"))]')" \
    "['token', 'edit-tag']"
exit_is "B syncs" 0 "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
is "B shows it read" "$(cache_state "$T/b.db" Fish)" "(True, False)"

# ---------------------------------------------------------------- stars both ways
gr_admin mark "{\"id\": \"$(server_id Caf)\", \"starred\": true}" >/dev/null
exit_is "after a star set by another client, A syncs" 0 tid "$T/a.db" sync
is "the star came down" "$(cache_state "$T/a.db" Caf)" "(False, True)"
tid "$T/a.db" mark --unstar "$(cache_id "$T/a.db" Caf)"
exit_is "A unstars it and syncs" 0 tid "$T/a.db" sync
is "the server has it unstarred" "$(server_state Caf)" "[False, False]"
exit_is "B syncs" 0 "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
is "B shows it unstarred" "$(cache_state "$T/b.db" Caf)" "(False, False)"
"$TIDENDE" -c "$T/conf-b" -d "$T/b.db" mark --star "$(cache_id "$T/b.db" Plain)"
exit_is "B stars one and syncs" 0 "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
exit_is "A syncs" 0 tid "$T/a.db" sync
is "A shows B's star" "$(cache_state "$T/a.db" Plain)" "(False, True)"

# ---------------------------------------------------------------- nothing new
mark_log
out=$(tid "$T/a.db" sync --json)
n=$(printf '%s' "$out" | gr_json 'r["requests"]')
diag "a sync with nothing new: $n requests, $(printf '%s' "$out" | gr_json 'r["ms"]') ms"
is "a sync with nothing new makes 5 requests" "$n" 5
is "and asks for no article" "$(calls 'sum(1 for x in rows if "contents" in x["path"])')" 0
is "and brings nothing" "$(printf '%s' "$out" | gr_json '[r["status"], r["new"], r["changed"]]')" "['ok', 0, 0]"
is "the unread list is never bounded by ot, with a cursor either" \
    "$(calls '[("ot" in x["query"]) for x in rows if "xt" in x["query"]]')" "[False]"
like "the reading list is asked only from a little before the cursor" \
    "$(calls '[x["query"].get("ot") for x in rows if x["path"].endswith("/ids")][0]')" \
    "^\\['[0-9]+'\\]\$"

# ---------------------------------------------------------------- offline
gr_admin fail '{"count": 1000, "status": 503}' >/dev/null
tid "$T/a.db" mark --star "$(cache_id "$T/a.db" 'Bee three')"
exit_is "server away (503): sync exits 69" 69 tid "$T/a.db" sync
like "saying the server is unavailable" "$(cat "$T/.err")" "^tidende: sync: $GR_URL: server unavailable"
st=$(status_json "$T/a.db")
is "the change stays pending" "$(printf '%s' "$st" | gr_json 'r["pending"]')" 1
like "and the error is kept" "$(printf '%s' "$st" | gr_json 'r["error"]')" "unavailable"
gr_admin fail '{"count": 0}' >/dev/null
exit_is "server back: sync exits 0" 0 tid "$T/a.db" sync
is "the star went out" "$(server_state 'Bee three')" "[False, True]"

# ---------------------------------------------------------------- later unread wins
tid "$T/a.db" mark --read "$(cache_id "$T/a.db" Caf)"
exit_is "A reads it and syncs" 0 tid "$T/a.db" sync
exit_is "B syncs and gets the read" 0 "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
"$TIDENDE" -c "$T/conf-b" -d "$T/b.db" mark --unread "$(cache_id "$T/b.db" Caf)"
exit_is "B marks it unread later and syncs" 0 "$TIDENDE" -c "$T/conf-b" -d "$T/b.db" sync
exit_is "A syncs again" 0 tid "$T/a.db" sync
is "A shows it unread: the later unread won" "$(cache_state "$T/a.db" Caf)" "(False, False)"

# ---------------------------------------------------------------- gone, relabelled
# B has a change waiting for an article of feed B; the feed is
# unsubscribed on the server (its articles go); A's feed A moves label.
"$TIDENDE" -c "$T/conf-b" -d "$T/b.db" mark --read "$(cache_id "$T/b.db" 'Bee three')"
gr_admin_form() {
	python3 - "$GR_URL" "$PW" "$1" <<'EOF'
import sys, urllib.parse, urllib.request
base, pw, form = sys.argv[1], sys.argv[2], sys.argv[3]
r = urllib.request.urlopen(base + "/accounts/ClientLogin",
    urllib.parse.urlencode({"Email": "alice", "Passwd": pw}).encode()).read().decode()
auth = [l[5:] for l in r.splitlines() if l.startswith("Auth=")][0]
h = {"Authorization": "GoogleLogin auth=" + auth}
t = urllib.request.urlopen(urllib.request.Request(base + "/reader/api/0/token", headers=h)).read().decode().strip()
q = urllib.parse.parse_qs(form) ; q["T"] = [t]
print(urllib.request.urlopen(urllib.request.Request(base + "/reader/api/0/subscription/edit",
    urllib.parse.urlencode(q, doseq=True).encode(), headers=h)).read().decode())
EOF
}
gr_admin_form "ac=unsubscribe&s=$fb" >/dev/null
gr_admin_form "ac=edit&s=$fa&r=user/-/label/News&a=user/-/label/Food" >/dev/null
TIDENDE_LOG="$T/log-b" "$TIDENDE" -v -c "$T/conf-b" -d "$T/b.db" sync >"$T/.out" 2>&1
is "B syncs: exit 0" "$?" 0
is "the change for the gone article went out and is done" \
    "$(status_json "$T/b.db" | gr_json '[r["pending"], r["feeds"]]')" "[0, 1]"
is "the gone feed's articles are dropped from the cache" \
    "$("$TIDENDE" -c "$T/conf-b" -d "$T/b.db" list --json | gr_json 'sorted(set(a["feed"] for a in r))')" \
    "['Feed A']"
is "the new label is the feed's tag" \
    "$("$TIDENDE" -c "$T/conf-b" -d "$T/b.db" list --tag Food --json | gr_json 'len(r)')" 3

# ---------------------------------------------------------------- import-opml
cat >"$T/a.opml" <<EOT
<?xml version="1.0"?>
<opml version="2.0"><head><title>t</title></head><body>
<outline text="News"><outline type="rss" text="P" xmlUrl="http://feeds.invalid/p.xml"/></outline>
<outline type="rss" text="Q" xmlUrl="http://feeds.invalid/q.xml"/>
</body></opml>
EOT
cp "$T/conf" "$T/conf.orig"
mark_log
exit_is "import-opml with sync on: exit 0" 0 tid "$T/a.db" import-opml "$T/a.opml"
like "it says what the server got" "$(cat "$T/.out")" "^2 feeds subscribed on $GR_URL"
is "the config got no feed lines" "$(cmp "$T/conf" "$T/conf.orig" && echo same)" same
is "the server has both, the folder as P's label" \
    "$(gr_admin state | gr_json 'sorted((f["url"], [c["label"] for c in f["categories"]]) for f in r["feeds"] if f["url"][-5:] in ("p.xml", "q.xml"))')" \
    "[('http://feeds.invalid/p.xml', ['News']), ('http://feeds.invalid/q.xml', [])]"
is "by quickadd, then subscription/edit for the label, each with T" \
    "$(calls '[(x["path"].rsplit("/", 1)[1], "T" in x["form"]) for x in rows if "subscription" in x["path"]]')" \
    "[('quickadd', True), ('edit', True), ('quickadd', True)]"
exit_is "the next sync brings them" 0 tid "$T/a.db" sync
is "as feeds: A, P and Q (B is gone)" "$(status_json "$T/a.db" | gr_json 'r["feeds"]')" 3

# ---------------------------------------------------------------- refused, unreachable
printf 'wrong-password\n' >"$T/pw-wrong"
chmod 600 "$T/pw-wrong"
gr_conf "$T/conf-wrong" alice "$T/pw-wrong"
exit_is "a wrong password: exit 77" 77 "$TIDENDE" -c "$T/conf-wrong" -d "$T/c.db" sync
like "the message names the server, the user and FreshRSS's API password" \
    "$(cat "$T/.err")" \
    "^tidende: sync: $GR_URL refused the login of alice: wrong user name or password \\(FreshRSS: use the API password set in your profile"
unlike "and not the password" "$(cat "$T/.err" "$T/.out")" 'wrong-password'
sed "s|127.0.0.1:$GR_PORT|127.0.0.1:9|" "$T/conf" >"$T/conf-down"
exit_is "nothing listening: exit 69" 69 "$TIDENDE" -c "$T/conf-down" -d "$T/d.db" sync
like "saying it cannot reach the server" "$(cat "$T/.err")" \
    "^tidende: sync: cannot reach http://127.0.0.1:9/api/greader.php"
finish
