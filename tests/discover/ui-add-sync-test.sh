#!/bin/sh
# `:add` with sync on: the page's feed is subscribed on the (fake) tt-rss
# server, a sync follows, and the config gets no line.
. "$TOP_SRCDIR/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
start_server
S=$BASE/site
printf '' >"$T/mode"
py_server "$TOP_SRCDIR/tests/sync/fake-ttrss.py" fake "the fake tt-rss" \
    --log "$T/api.log" --mode "$T/mode" --password "pw"
plan 4

printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
cat >"$T/config" <<EOC
set sync-backend ttrss
set sync-url "http://127.0.0.1:$_py_port/tt"
set sync-user alice
set sync-password-file "$T/pw"
set refresh-on-start no
set refresh-interval 0
EOC
cp "$T/config" "$T/config.orig"
api() { python3 -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(eval(sys.argv[2], {"rows": rows}))' "$T/api.log" "$1"; }

tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "the interface is up" tmux_wait_for 'All articles' 5
tmux_keys :
tmux_keys -l "add $S/wp/"
tmux_keys Enter
ok "subscribed, then a sync" tmux_wait_for 'synced:' 15
is "subscribeToFeed with the page's feed" \
    "$(api '[r["feed_url"] for r in rows if r["op"] == "subscribeToFeed"]')" \
    "['$S/wp/feed/']"
ok "the config got no line" cmp "$T/config" "$T/config.orig"
finish
