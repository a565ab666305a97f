#!/bin/sh
# The interface open while cron runs `tidende refresh` on the same cache:
# the refresh completes (exit 0) while keys that write (m, s) go on in the
# interface, "database is locked" reaches neither, the interface then
# shows the new articles, and the state set in the interface is kept.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/e2e/e2e-lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 15

cp "$TOP_SRCDIR/tests/fixtures/net/rss.xml" "$WWW/rss.xml"
e2e_server
cat >"$T/config" <<EOF
feed $E2E/f/rss.xml
feed $E2E/slow/t1?items=3000&secs=2 "Slow one"
feed $E2E/slow/t2?items=2000&secs=1.5 "Slow two"
set refresh-on-start no
set refresh-interval 0
EOF
td() { "$TIDENDE" -c "$T/config" -d "$T/cache.db" "$@"; }
exit_is "first refresh of one feed" 0 td -q refresh --feed "$E2E/f/rss.xml"

tmux_start 100 30 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "interface starts" tmux_wait_for '1/3 *$' 8
td refresh >"$T/refresh.out" 2>&1 &
rpid=$!
# Write from the interface while the refresh writes: star, read, unread.
i=0
while [ $i -lt 12 ]; do
	tmux_keys s
	sleep 0.1
	tmux_keys m
	sleep 0.1
	i=$((i + 1))
done
wait $rpid
is "the refresh exits 0 while the interface writes" "$?" 0
unlike "no 'locked' from the refresh" "$(cat "$T/refresh.out")" '[Ll]ocked|busy'
like "it stored every article" "$(cat "$T/refresh.out")" '5000 new'
ok "the interface shows the new articles" tmux_wait_for '/5003 *$' 10
unlike "no 'locked' on the screen" "$(tmux_screen)" '[Ll]ocked|busy'
tmux_keys Q
ok "Q quits" tmux_wait_for '^\[exited\] 0' 5
is "the cache has every article" "$(td list --count)" 5003
# s then m (which moves on) over the articles, the last one again and
# again, while the refresh holds the write lock: writes wait in the
# interface's queue, and a reload of the list in between must show them
# (a toggle from the stale cached value was lost), so the starred
# articles are exactly the read ones.
n_star=$(td list --starred --count)
like "the stars set in the interface are kept" "$n_star" '^[1-9][0-9]*$'
is "the starred articles are exactly the read ones" \
    "$(td list --json | python3 -c 'import json, sys
a = json.load(sys.stdin)
s = sorted(x["id"] for x in a if x["starred"])
r = sorted(x["id"] for x in a if x["read"])
print("same" if s == r else "starred %s, read %s" % (s, r))')" same

# Q while the interface's own refresh is in the middle of a slow feed:
# it quits at once and the cache is whole.
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
_i=0
while tmux -L "$TMUX_SOCK" list-sessions >/dev/null 2>&1 && [ $_i -lt 50 ]; do
	sleep 0.1; _i=$((_i + 1))
done
rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"
cat >"$T/config2" <<EOF
feed $E2E/f/rss.xml
feed $E2E/slow/t3?items=3000&secs=3600 "Very slow"
set refresh-on-start yes
set refresh-interval 0
EOF
tmux_start 100 30 "$TIDENDE" -c "$T/config2" -d "$T/cache.db"
ok "refresh on start is running" tmux_wait_for 'refreshing' 8
# The slow feed takes an hour: quitting at all means not waiting for it.
tmux_keys Q
ok "Q quits during the refresh, not when the slow feed ends" \
    tmux_wait_for '^\[exited\] 0' 20
is "the cache is whole" "$(db_pragma "$T/cache.db" integrity_check)" ok
is "and has every earlier article" "$(td list --count)" 5003
finish
