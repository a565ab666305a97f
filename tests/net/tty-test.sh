#!/bin/sh
# On a terminal: a progress line on stderr, and OSC 9 when `set notify yes`
# and no notify-command; neither when output is not a terminal.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
command -v script >/dev/null 2>&1 || plan_skip "script(1) not installed"
plan 6

cp "$FIX/rss.xml" "$T/feed.xml"
config "set notify yes" "feed file://$T/feed.xml \"File feed\""
# script(1) gives the command a terminal; its output is the terminal's
script -qec "\"$TIDENDE\" -c \"$CFG\" -d \"$DB\" refresh" /dev/null \
    >"$T/tty.out" 2>&1 </dev/null
tty=$(cat "$T/tty.out")
like "the summary reaches the terminal" "$tty" "File feed: 3 new"
like "a progress line on a terminal" "$tty" "refreshing 1/1"
like "OSC 9 notification with the count" "$tty" "$(printf '\033')]9;tidende: 3 new articles"

DB="$T/second.db"	# new articles again, without a terminal
refresh
like "not a terminal: the summary is printed" "$OUT" "File feed: 3 new"
unlike "no progress line when not a terminal" "$ERR$OUT" "refreshing"
unlike "no OSC 9 when not a terminal" "$ERR$OUT" "$(printf '\033')"
finish
