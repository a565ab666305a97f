#!/bin/sh
# `:add` in the interface: the page's feed goes into the config and the
# feed list and is fetched at once; a page that never finishes leaves the
# screen answering keys, with the progress on the status line, and
# quitting cancels it; several feeds ask for --pick.
. "$TOP_SRCDIR/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
start_server
S=$BASE/site
plan 11

# The start-up refresh is still running (Slow answers after 3 s) when
# :add finds its feed: the new feed is fetched right after it.
cat >"$T/config" <<CFG
feed $BASE/feed/rss.xml "Mine"
feed $BASE/gen/slow?items=2&delay=3 "Slow"
set refresh-on-start yes
set refresh-interval 0
CFG
cp "$T/config" "$T/config.orig"

tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "the interface is up, refreshing" tmux_wait_for 'refreshing' 5
tmux_keys :
tmux_keys -l "add $S/wp/ \"WP site\" blog"
tmux_keys Enter
ok "the feed is fetched once the running refresh ends" \
    tmux_wait_for 'refreshed 1 feed: 1 new article' 15
s=$(tmux_screen)
like "it is in the feed list" "$s" '^ WP site +1'
like "its article is listed" "$s" 'WP site +Hello world'
{ cat "$T/config.orig"; echo "feed $S/wp/feed/ \"WP site\" blog"; } >"$T/config.want"
ok "the config got the line, the rest as it was" cmp "$T/config" "$T/config.want"

tmux_keys :
tmux_keys -l "add $S/blog/"
tmux_keys Enter
ok "several feeds: --pick is asked for" \
    tmux_wait_for '2 feeds, choose with :add --pick N' 10

# A page that sends a little and then nothing for 20 s.
tmux_keys :
tmux_keys -l "add $BASE/stall/20"
tmux_keys Enter
ok "progress on the status line" tmux_wait_for "add: looking for feeds at $BASE/stall/20" 5
tmux_keys '?'
ok "keys work meanwhile (help opens)" tmux_wait_for 'Help \(q to go back\)' 3
tmux_keys q
tmux_keys j
tmux_wait_for ' 2/[0-9]+ *$' 3
like "the progress stays on the status line through keys" \
    "$(tmux_screen)" "add: looking for feeds at $BASE/stall/20"
tmux_keys :
tmux_keys -l "add $S/blog/"
tmux_keys Enter
ok "one :add at a time" tmux_wait_for 'is being added: wait for it' 3
tmux_keys Q
ok "quitting cancels it at once" tmux_wait_for '^\[exited\] 0' 5

finish
