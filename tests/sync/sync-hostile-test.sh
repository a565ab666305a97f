#!/bin/sh
# `tidende sync` against tests/sync/fake-ttrss.py, a stand-in for the
# tt-rss API that does what the real server does not: it forgets the
# session in the middle of a sync (one re-login, the step done again),
# sends escape sequences, bidi marks and markup in titles, a feed URL with
# a newline, ids as strings, and answers with HTML, 100,000 nested arrays,
# a reply past max-size, HTTP 500 and 503.  Also: the password comes from
# sync-password-command run without a shell, and a change queued before
# failed syncs goes out with the next good one.
. "$TOP_SRCDIR/tests/lib.sh"

printf '' >"$T/mode"
py_server "$TOP_SRCDIR/tests/sync/fake-ttrss.py" fake "the fake tt-rss" \
    --log "$T/api.log" --mode "$T/mode" --password "hi; false"
plan 40

# Run by a shell this would print "hi" and fail; as argv words, echo
# prints "hi; false", the password the fake server expects.
cat >"$T/conf" <<EOC
set sync-backend ttrss
set sync-url "http://127.0.0.1:$_py_port/tt"
set sync-user alice
set sync-password-command "echo hi; false"
set max-host-connections 2
EOC
tid() { "$TIDENDE" -c "$T/conf" -d "$T/cache.db" "$@"; }
api() { python3 -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(eval(sys.argv[2], {"rows": rows}))' "$T/api.log" "$1"; }
list() { tid list --json | python3 -c 'import json, sys
r = json.load(sys.stdin)
print(eval(sys.argv[1], {"r": r}))' "$1"; }

exit_is "a sync with the fake server exits 0" 0 tid sync
is "the password came from the command, run without a shell" \
    "$(api '[r["password"] for r in rows if r["op"] == "login"]')" "['<password>']"
is "every call is a JSON POST to BASE/api/" \
    "$(api 'sorted(set((r["path"], r["content_type"]) for r in rows))')" \
    "[('/tt/api/', 'application/json')]"
is "one User-Agent for the whole sync (tt-rss ties the session to it)" \
    "$(api 'len(set(r["user_agent"] for r in rows))')" 1
# a first sync: the articles come with their state, no set is asked for
is "the steps in order" "$(api '[r["op"] for r in rows]')" \
    "['login', 'getCategories', 'getFeeds', 'getHeadlines']"
is "all five articles are stored (an id given as a string too)" "$(list 'len(r)')" 5
is "no control, C1 or bidi character survives in a title" \
    "$(list 'sum(1 for a in r for c in a["title"] + a["feed"] + (a["author"] or "") if ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")')" 0
like "markup and its script are gone, references read" \
    "$(list '[a["title"] for a in r if a["title"].find("Title 1 ") >= 0][0]')" \
    '^[^<>]*Title 1 & more$'
is "the feed's title is cleaned too" "$(list 'sorted(set(a["feed"] for a in r))')" "['Evil red feed']"
is "the feed with a newline in its URL is not taken" \
    "$(tid sync --status --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["feeds"])')" 1
is "unread and starred as the server says" \
    "$(list 'sorted((a["title"][-8:-7], a["read"], a["starred"]) for a in r)')" \
    "[('1', False, False), ('2', True, True), ('3', False, False), ('4', True, False), ('5', False, False)]"

# ---------------------------------------------------------------- relogin
: >"$T/api.log"
echo relogin >"$T/mode"
exit_is "the server forgets the session mid-sync: still exit 0" 0 tid sync
is "it logged in again once and did the step again" \
    "$(api '[r["op"] for r in rows][:5]')" \
    "['login', 'getCategories', 'login', 'getCategories', 'getFeeds']"
# the fake server has no getCounters (UNKNOWN_METHOD): the sets are then
# paged one request at a time, the unread then the starred
is "a server without getCounters: the sets are still paged" \
    "$(api '[r["op"] for r in rows][5:]')" \
    "['getHeadlines', 'getCounters', 'getHeadlines', 'getHeadlines']"

# ---------------------------------------------------------------- queue
id=$(list '[a["id"] for a in r if a["title"].endswith("Title 1 & more")][0]')
tid mark --read "$id"
printf '' >"$T/mode"

# ---------------------------------------------------------------- hostile
echo garbage >"$T/mode"
exit_is "an HTML page for an answer: exit 1" 1 tid sync
like "saying what is wrong" "$(cat "$T/.err")" \
    "^tidende: sync: http://127.0.0.1:$_py_port/tt: not a Tiny Tiny RSS API reply"
is "the change stays queued" \
    "$(tid sync --status --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["pending"])')" 1
echo deep >"$T/mode"
exit_is "100,000 nested arrays in a reply: exit 1, no crash" 1 tid sync
like "read as no API reply" "$(cat "$T/.err")" 'not a Tiny Tiny RSS API reply'
echo big >"$T/mode"
printf 'set max-size 1\n' >>"$T/conf"
exit_is "a reply past max-size: exit 1" 1 tid sync
like "saying it is too big" "$(cat "$T/.err")" 'larger than 1 MB'
echo http500 >"$T/mode"
exit_is "HTTP 500: exit 1" 1 tid sync
echo http503 >"$T/mode"
exit_is "HTTP 503: the server is away, exit 69" 69 tid sync
like "and the queue is named, and kept" "$(cat "$T/.err")" '1 change still waits for the server: kept in the cache'

# ---------------------------------------------------------------- back
: >"$T/api.log"
printf '' >"$T/mode"
exit_is "the server behaves again: exit 0" 0 tid sync
is "the change went out as one absolute write (field 2 unread, mode 0)" \
    "$(api '[(r["article_ids"], r["mode"], r["field"]) for r in rows if r["op"] == "updateArticle"]')" \
    "[('1', 0, 2)]"
is "and the queue is empty" \
    "$(tid sync --status --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["pending"])')" 0
out=$(tid sync --status | sed -E 's/^(last sync: )[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$/\1DATE/')
is "sync --status says backend, server, user, last sync, changes waiting" "$out" \
    "backend: ttrss
server: http://127.0.0.1:$_py_port/tt
user: alice
last sync: DATE
pending: 0 changes
feeds: 1
articles: 5"

# ---------------------------------------------------------------- counts
# A server with getCounters: the pages of both sets the counts call for
# go out together (four asked for at most; max-host-connections, 2 here,
# on the wire to one server: with more, a page of the session that ends
# below can reach the server after the new login), and no more than those.
: >"$T/api.log"
echo counters >"$T/mode"
exit_is "with getCounters: exit 0" 0 tid sync
is "the pages the counts call for: unread at 0, 200, 400, starred at 0" \
    "$(api 'sorted((r["feed_id"], r["skip"]) for r in rows if r["op"] == "getHeadlines" and "since_id" not in r)')" \
    "[(-4, 0), (-4, 200), (-4, 400), (-1, 0)]"
ok "asked for at once: the server had several at a time" \
    test "$(api 'max(r["inflight"] for r in rows)')" -ge 2
is "the cache has the sets' state" \
    "$(list 'sorted((a["title"][-8:-7], a["read"], a["starred"]) for a in r)')" \
    "[('1', False, False), ('2', True, True), ('3', False, False), ('4', True, False), ('5', False, False)]"
# One page fails while the others are still in the server: the sync ends
# once, the others are cancelled (the sanitizers watch the memory).
echo counters-fail >"$T/mode"
exit_is "a page fails while others are on the wire: exit 1" 1 tid sync
like "saying where" "$(cat "$T/.err")" 'during unread'
# The session ends under a page while the others are on the wire: the
# others are dropped, one login, and the sets are asked for again whole.
: >"$T/api.log"
echo counters-relogin >"$T/mode"
exit_is "the session ends during the sets' pages: still exit 0" 0 tid sync
is "one login again, then all the sets' pages again" \
    "$(api '[r["op"] for r in rows].count("login")') $(api 'sorted((r["feed_id"], r["skip"]) for r in rows[[i for i, r in enumerate(rows) if r["op"] == "login"][-1]:] if r["op"] == "getHeadlines" and "since_id" not in r)')" \
    "2 [(-4, 0), (-4, 200), (-4, 400), (-1, 0)]"
is "and the cache has the sets' state" \
    "$(list 'sorted((a["title"][-8:-7], a["read"], a["starred"]) for a in r)')" \
    "[('1', False, False), ('2', True, True), ('3', False, False), ('4', True, False), ('5', False, False)]"
printf '' >"$T/mode"
exit_is "and the next sync is fine" 0 tid sync

# ---------------------------------------------------------------- sync off
printf 'set max-size 1\n' >"$T/conf-off"
exit_is "sync without sync-backend: exit 1" 1 \
    "$TIDENDE" -c "$T/conf-off" -d "$T/cache.db" sync --status
like "saying what to set" "$(cat "$T/.err")" \
    '^tidende: sync: sync is off \(set sync-backend, sync-url and sync-user in the config\)$'
finish
