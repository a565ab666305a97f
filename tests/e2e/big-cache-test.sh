#!/bin/sh
# Scenario 4, a big cache at start-up (5,000 articles here; 100,000 in
# tests/bench/e2e-startup-bench.sh): the interface shows its first screen
# and answers j, k, G, g and Enter at once, the counts in its title line
# are right, and `list --unread --count` agrees with `list --unread --json`.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/e2e/e2e-lib.sh"

DBGEN="$TOP_BUILDDIR/tests/db/db-gen"
[ -x "$DBGEN" ] || plan_skip "tests/db/db-gen not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 14

"$DBGEN" build "$T/cache.db" 50 100 >/dev/null || { echo "Bail out! db-gen"; exit 1; }
td() { "$TIDENDE" -c "$T/config" -d "$T/cache.db" "$@"; }
cat >"$T/config" <<EOF
feed http://127.0.0.1:1/never.xml "Never fetched"
set refresh-on-start no
set refresh-interval 0
EOF
set -- $(td list --json | python3 -c 'import json,sys
a = json.load(sys.stdin)
print(a[0]["id"], a[1]["id"], a[len(a) // 2]["id"])')
for id in "$@"; do "$DBGEN" state "$T/cache.db" "$id" read; done
is "list --count: 5,000 articles" "$(td list --count)" 5000
is "list --unread --count: 4,997 after three were read" "$(td list --unread --count)" 4997
n_json=$(td list --unread --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
is "list --unread --json has as many" "$n_json" 4997

t0=$(date +%s%N)
tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "the first screen appears" tmux_wait_for '1/5000 *$' 8
t1=$(date +%s%N)
diag "first screen after $(( (t1 - t0) / 1000000 )) ms (tmux start included)"
like "title line counts unread of all" "$(tmux_screen)" '4997 unread of 5000'
tmux_keys j j
ok "j j" tmux_wait_for '3/5000 *$' 3
tmux_keys k
ok "k" tmux_wait_for '2/5000 *$' 3
tmux_keys G
ok "G goes to the last of 5,000" tmux_wait_for '5000/5000 *$' 3
tmux_keys g
ok "g back to the first" tmux_wait_for '1/5000 *$' 3
# The third article: the first two were marked read above.
tmux_keys j j
tmux_wait_for '3/5000 *$' 3
title=$(td list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[2]["title"][:30])')
tmux_keys Enter
ok "Enter opens the selected article" tmux_wait_for "Title: +$(printf '%s' "$title" | sed 's/[].[*^$()+?{}|\\]/\\&/g')" 3
ok "opening it marks it read (sidebar count)" tmux_wait_for "All articles +4996" 3
tmux_keys q
ok "q closes it; the title line counts it" tmux_wait_for "4996 unread of 5000.* 3/5000 *$" 3
tmux_keys Q
ok "Q quits" tmux_wait_for '^\[exited\] 0' 5
is "the unread count outside agrees" "$(td list --unread --count)" 4996
finish
