#!/bin/sh
# The interface with real refreshes from a local server: progress in the
# status line while keys keep working, new articles appearing, a failing
# feed marked in the sidebar and listed in the errors view, translation
# with `t` (a command from the config, argv words only), and search
# matches found with n in the article pane.
. "$TOP_SRCDIR/tests/lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
start_server --root "$TOP_SRCDIR/tests/fixtures/ui"

plan 17

cat >"$T/config" <<CFG
feed $BASE/gen/alpha?items=4 "Alpha"
feed $BASE/gen/beta?items=3&delay=1.5 "Beta"
feed $BASE/status/500 "Broken"
feed $BASE/feed/long.xml
set refresh-on-start yes
set refresh-interval 0
set translate-command tr a-z A-Z
CFG

tmux_start 120 40 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "progress in the status line" tmux_wait_for 'refreshing: [0-9]+ of 4 feeds' 5
ok "articles appear while the refresh runs" tmux_wait_for 'Item 0 of feed alpha' 5
tmux_keys j
ok "keys work during the refresh" tmux_wait_for ' 2/[0-9]+ *$' 2
ok "the refresh ends with a summary" \
    tmux_wait_for 'refreshed 4 feeds: 8 new articles, 1 failed' 10
s=$(tmux_screen)
like "every article listed" "$s" 'All articles \(8 unread of 8\)'
like "the failing feed is marked" "$s" '^!Broken'

tmux_keys E
ok "errors view lists the failing feed" tmux_wait_for 'Errors: 1 feed failed' 3
like "with its error" "$(tmux_screen)" 'Broken.*500'
tmux_keys q

tmux_keys /
tmux_keys -l 'needle'
tmux_keys Enter
ok "search" tmux_wait_for 'Search: needle \(1 found' 3
tmux_keys Enter
ok "article opened from the results" tmux_wait_for '│Title: +A long article' 3
unlike "the match is below the pane" "$(tmux_screen)" '│Here is the needle'
tmux_keys n
ok "n jumps to the match in the article" \
    tmux_wait_for '│Here is the needle in paragraph 60' 3
tmux_keys t
ok "t translates with the configured command" tmux_wait_for '│HERE IS THE NEEDLE' 5
like "the title says so" "$(tmux_screen)" '\[translated\]'
tmux_keys t
ok "t again shows the original" tmux_wait_for '│Here is the needle' 3

# A slow translation shows a spinner and Esc cancels it; keys still work.
tmux_keys :
tmux_keys -l 'set translate-command sleep 30'
tmux_keys Enter t
ok "a running translation shows in the status line" \
    tmux_wait_for 'translating .*Esc cancels' 3
tmux_keys Escape
ok "Esc cancels it" tmux_wait_for 'translation cancelled' 3
finish
