#!/bin/sh
# Key bindings from the config reach the interface: a rebound key, an
# unbound one, a Ctrl key, and :bind and :set typed at the prompt
# with their errors (driven in tmux on the interface's fixture cache).
. "$TOP_SRCDIR/tests/lib.sh"

FIXTURE="$TOP_BUILDDIR/tests/ui/ui-fixture"
[ -x "$FIXTURE" ] || plan_skip "ui-fixture not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"

plan 7

"$FIXTURE" "$T/cache.db" 4 400 || { echo "Bail out! fixture"; exit 1; }
cat >"$T/config" <<CFG
feed http://127.0.0.1:1/feed0.xml "Feed number 0" even
set refresh-on-start no
set refresh-interval 0
bind x next
unbind j
bind C-n last
CFG

tmux_start 120 40 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "first screen" tmux_wait_for '1/400 *$' 5

tmux_keys x x
ok "x, bound to next, moves down" tmux_wait_for '3/400 *$' 3
tmux_keys j
ok "j, unbound, says so" tmux_wait_for 'j: not bound' 3
tmux_keys C-n
ok "C-n, bound to last, goes to the end" tmux_wait_for '400/400 *$' 3
tmux_keys g
ok "g, bound by default, still works" tmux_wait_for '1/400 *$' 3

tmux_keys : 'set layuot single' Enter
ok ":set with a typo names the option" tmux_wait_for "unknown option 'layuot' \(did you mean 'layout'\?\)" 3
tmux_keys : 'bind z last' Enter z
ok ":bind works at once" tmux_wait_for '400/400 *$' 3
finish
