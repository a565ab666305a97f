#!/bin/sh
# Offline on the first day: an empty cache and every feed refused.  The
# interface starts, says the refresh failed and where to see why, every
# key on the empty list is harmless, the errors view names both feeds,
# and Q quits with status 0.
. "$TOP_SRCDIR/tests/lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
plan 7

# Two ports nobody listens on.
set -- $(python3 -c 'import socket
a = socket.socket(); a.bind(("127.0.0.1", 0))
b = socket.socket(); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
cat >"$T/config" <<EOF
feed http://127.0.0.1:$1/a.xml "Feed A"
feed http://127.0.0.1:$2/b.xml
set refresh-on-start yes
set refresh-interval 0
EOF
tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "the interface starts on an empty cache" tmux_wait_for 'All articles \(0 unread of 0\)' 8
ok "the status line says the refresh failed and where to look" \
    tmux_wait_for 'refreshed 2 feeds: .*2 failed.*error' 10
# Every article key on an empty list.
# Keys are handled in order: the errors view opening after them shows
# that every one was handled and the program still runs.
tmux_keys j k Enter m s o y t A n N G g PgDn PgUp
tmux_keys Escape
tmux_keys E
ok "still running after every key on the empty list: the errors view lists both feeds" \
    tmux_wait_for "Errors: 2 feeds failed" 5
s=$(tmux_screen)
like "the titled feed by its title" "$s" 'Feed A +connection refused'
like "the untitled one by its URL" "$s" 'http://127\.0\.0\.1:.* connection refused'
tmux_keys Q
ok "Q quits with status 0" tmux_wait_for '^\[exited\] 0' 5
unlike "no sanitizer report" "$(tmux_screen)" 'Sanitizer|runtime error'
finish
