#!/bin/sh
# KNOWN BUG (tests/e2e/KNOWN-BUGS.md, 3): NOT in TESTS until fixed.
# Keys must work while a refresh downloads a big feed from a fast server:
# j pressed every 100 ms during the transfer of a 30 MB feed from
# 127.0.0.1 must move the selection while the status line still says
# "refreshing".  On main the keys wait for the end of the transfer and are
# then applied all at once.
. "$TOP_SRCDIR/tests/lib.sh"

FIXTURE="$TOP_BUILDDIR/tests/ui/ui-fixture"
[ -x "$FIXTURE" ] || plan_skip "tests/ui/ui-fixture not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 2

"$FIXTURE" "$T/cache.db" 4 400 || { echo "Bail out! fixture"; exit 1; }
start_server
cat >"$T/config" <<EOF
feed $BASE/huge/30
set refresh-on-start yes
set refresh-interval 0
EOF
tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "interface starts and refreshes" tmux_wait_for 'refreshing' 5
moved=""
i=0
while [ $i -lt 40 ]; do
	tmux_keys j
	sleep 0.1
	s=$(tmux_screen)
	if printf '%s\n' "$s" | tail -n 1 | grep -q refreshing; then
		if printf '%s\n' "$s" | head -n 1 | grep -Eq ' ([2-9]|[1-9][0-9]+)/40[0-9] *$'; then
			moved=yes
			break
		fi
	else
		break
	fi
	i=$((i + 1))
done
is "j moves the selection while the big transfer runs" "$moved" yes
finish
