#!/bin/sh
# The selection stays on its article when a refresh brings many newer ones
# above it (as in mutt): the same article opens with Enter afterwards, and
# it is drawn on the same screen line.
. "$TOP_SRCDIR/tests/lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
start_server --root "$TOP_SRCDIR/tests/fixtures/ui"

plan 7

# alpha's 40 articles come first; beta's 300 later, a third of them newer
# than the one selected (the generated feeds date item i at second i % 60).
cat >"$T/config" <<CFG
feed $BASE/gen/alpha?items=40 "Alpha"
feed $BASE/gen/beta?items=300&delay=2 "Beta"
set refresh-on-start yes
set refresh-interval 0
set layout horizontal
CFG

tmux_start 120 40 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "alpha's articles come first" tmux_wait_for ' 1/40 *$' 5
tmux_keys j j
ok "the third one selected" tmux_wait_for ' 3/40 *$' 3
row_before=$(tmux_screen | grep -n 'Item 37 of feed alpha' | cut -d: -f1)
# (not on the screen, both rows would be empty and compare equal)
like "the selected article is on the screen" "$row_before" '^[0-9]+$'
ok "the refresh ends with beta's articles" \
    tmux_wait_for 'refreshed 2 feeds: 340 new articles' 15
# (the number is an estimate once rows came in above the window's top)
like "the position moved with the article" "$(tmux_screen)" \
    ' ([4-9]|[1-9][0-9]+)/340 *$'
is "it is on the same screen line" \
    "$(tmux_screen | grep -n 'Item 37 of feed alpha' | cut -d: -f1)" \
    "$row_before"
tmux_keys Enter
ok "Enter opens the article that was selected" \
    tmux_wait_for 'Title: +Item 37 of feed alpha' 3
tmux_keys Q
finish
