#!/bin/sh
# The help screen lists every `:` command of the command table
# (REQ_COMMANDS in include/tidende/request.h) with its arguments and its
# help line, so the command line and the help cannot disagree again.
. "$TOP_SRCDIR/tests/lib.sh"

rows=$(sed -e 's/N_(\("[^"]*"\))/\1/g' \
    "$TOP_SRCDIR/include/tidende/request.h" |
    sed -n 's/^[[:space:]]*_([A-Z_]*, "\([^"]*\)", "\([^"]*\)", [a-z_]*, "\([^"]*\)").*$/\1|\2|\3/p')
n=$(printf '%s\n' "$rows" | grep -c .)
plan $((n + 2))

cat >"$T/tidende.conf" <<CONF
feed file://$TOP_SRCDIR/tests/fixtures/parse/wordpress.xml "Gründer"
set refresh-on-start no
CONF
tmux_start 120 150 "$TIDENDE" -c "$T/tidende.conf" -d "$T/db"
tmux_wait_for 'help' 5
tmux_keys '?'
if ! tmux_wait_for '^ *Search syntax' 5; then
	fail "help opens" "$(tmux_screen)"
fi
s=$(tmux_screen)
ok "the command table has rows (the test read request.h)" test "$n" -ge 10
empty=$(printf '%s\n' "$rows" | awk -F "|" '$3 == "" { print $1 }')
is "every command has a help line" "$empty" ""

printf '%s\n' "$rows" >"$T/rows"
while IFS="|" read -r name args help; do
	keys=":$name"
	[ -n "$args" ] && keys="$keys $args"
	# The keys, then the help on the same line or (when the keys are
	# wider than their column) on the line below.
	if printf '%s\n' "$s" | grep -F -A1 -- "  $keys" |
	    grep -E -A1 -- "^  :$name( |\$)" | grep -qF -- "$help"; then
		pass "help lists $keys: $help"
	else
		fail "help lists $keys: $help" "$s"
	fi
done <"$T/rows"
finish
