#!/bin/sh
# Keys that write never wait for a busy cache: while another process
# holds the cache's write lock, m and s answer at once (the selection
# moves, "starred" shows), nothing is stored yet, and once the lock is
# let go the changes are stored and the counts on the screen follow.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/db/db-lib.sh"

FIXTURE="$TOP_BUILDDIR/tests/ui/ui-fixture"
[ -x "$FIXTURE" ] || plan_skip "ui-fixture not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
python3 -c 'import sqlite3' 2>/dev/null || plan_skip "no python3 sqlite3"
plan 10

"$FIXTURE" "$T/cache.db" 1 5 || { echo "Bail out! fixture"; exit 1; }
cat >"$T/config" <<CFG
set refresh-on-start no
set refresh-interval 0
CFG
td() { "$TIDENDE" -c "$T/config" -d "$T/cache.db" "$@"; }

unread_is() { [ "$(td list --unread --count 2>/dev/null)" = "$1" ]; }

tmux_start 100 30 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "interface starts" tmux_wait_for '1/5 *$' 8

# Another process takes the write lock and holds it until told.
db_lock "$T/cache.db" busy
ok "another process holds the write lock" test -s "$T/busy.locked"

# m marks read and moves on; s stars.  Before, each slept up to 70 s.
tmux_keys m
ok "m answers while the cache is busy" tmux_wait_for '2/5 *$' 3
tmux_keys s
ok "s answers while the cache is busy" tmux_wait_for 'starred' 3
is "nothing is stored while the lock is held" \
    "$(td list --unread --count) $(td list --starred --count)" "5 0"

touch "$T/busy.release"
wait $DB_LOCK_PID
is "the other process let go" "$?" 0
ok "the read mark is stored once the cache is free" wait_until 10 unread_is 4
is "and the star" "$(td list --starred --count)" 1
ok "the screen's counts follow the store" \
    tmux_wait_for 'All articles \(4 unread of 5\)' 5
tmux_keys Q
ok "Q quits" tmux_wait_for '^\[exited\] 0' 5
finish
