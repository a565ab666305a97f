#!/bin/sh
# The help screen at 80x24 and 50x20: every action's help text is shown
# whole, wrapped under its column, never cut off.
. "$TOP_SRCDIR/tests/lib.sh"
plan 4

cat >"$T/tidende.conf" <<EOF
feed file://$TOP_SRCDIR/tests/fixtures/parse/wordpress.xml "Gründer"
set refresh-on-start no
EOF
tmux_start 80 24 "$TIDENDE" -c "$T/tidende.conf" -d "$T/db"
tmux_wait_for 'help' 5
tmux_keys '?'
if tmux_wait_for 'next-unread' 5; then
	s=$(tmux_screen)
	like "80 columns: a long help text wraps onto the next line" "$s" \
	    '^ +searching in an article\)'
	unlike "80 columns: nothing is cut with an ellipsis" "$s" '…'
else
	fail "80 columns: help opens" "$(tmux_screen)"
	fail "80 columns: help opens (2)"
fi
tmux_resize 50 20
# Laid out again for 50 columns (the title's position at its right end)
# before G, or G would go to the end of the 80-column layout.
tmux_wait_for 'Help \(q to go back\) +[0-9]+%$' 5
tmux_keys G
# The end of the help laid out for 50 columns.
tmux_wait_for '^  since:7d since:2015-03-01 *$' 5
s=$(tmux_screen)
like "50 columns: a command too wide for its column gets its own line" "$s" \
    '^  since:7d since:2015-03-01 *$'
like "50 columns: its text follows below" "$s" '^ +newer than a time'
finish
