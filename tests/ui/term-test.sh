#!/bin/sh
# Terminals the interface cannot draw on: TERM=dumb (no cursor
# addressing) and an unknown TERM get one clear line naming the
# plain-text commands, exit 1, and nothing else on the screen.
. "$TOP_SRCDIR/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 9

cat >"$T/config" <<CFG
feed http://127.0.0.1:1/feed.xml
set refresh-on-start no
CFG

# run_term TERM: start the interface in tmux under TERM, wait for its exit.
run_term() {
	TEST_TERM=$1 tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
	tmux_wait_for '^\[exited\]' 10
	screen=$(tmux_screen | grep -v '^ *$')
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
}

run_term dumb
is "TERM=dumb: exit 1" "$(printf '%s\n' "$screen" | sed -n 's/^\[exited\] //p')" 1
like "TERM=dumb: says the terminal cannot move the cursor" "$screen" \
    "^tidende: tui: terminal type 'dumb' cannot move the cursor"
like "TERM=dumb: names list and show" "$(printf '%s' "$screen" | tr -d '\n')" \
    "'tidende list' and 'tidende show ID'"
# one message (wrapped by the 80 columns) and the exit line: no curses
is "TERM=dumb: nothing else on the screen" \
    "$(printf '%s\n' "$screen" | grep -vc "^tidende: \|^\[exited\]\|tidende show ID')\$")" 0

run_term nosuchterm-xyz
is "unknown TERM: exit 1" "$(printf '%s\n' "$screen" | sed -n 's/^\[exited\] //p')" 1
like "unknown TERM: named, with the plain-text commands" \
    "$(printf '%s' "$screen" | tr -d '\n')" \
    "^tidende: tui: cannot use terminal type 'nosuchterm-xyz' \(for plain text use 'tidende list' and 'tidende show ID'\)"
is "unknown TERM: nothing else on the screen" \
    "$(printf '%s\n' "$screen" | grep -vc "^tidende: \|^\[exited\]\|tidende show ID')\$")" 0

# The plain-text commands the message names work on such a terminal.
exit_is "list works with TERM=dumb" 0 env TERM=dumb "$TIDENDE" -c "$T/config" -d "$T/cache.db" list
is "... and prints no escapes" "$(tr -d '\n' < "$T/.out" | LC_ALL=C grep -c "$(printf '\033')")" 0
finish
