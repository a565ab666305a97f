#!/bin/sh
# The interface's start writes the feeds new in the configuration before
# its first screen in one transaction: one wait for a cache that another
# process writes (a refresh's store batch holds the lock up to 250 ms),
# not one wait and one commit per feed.  Seen in the log (-wal) the start
# leaves: one commit writes each page once; a commit per feed wrote the
# feed table's pages again for every feed (60 feeds: 10 MB; one commit
# 0.56 MB).
. "$TOP_SRCDIR/tests/lib.sh"

FIXTURE="$TOP_BUILDDIR/tests/ui/ui-fixture"
[ -x "$FIXTURE" ] || plan_skip "ui-fixture not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"

plan 4

"$FIXTURE" "$T/cache.db" 4 400 || { echo "Bail out! fixture"; exit 1; }
{
	echo "set refresh-on-start no"
	echo "set refresh-interval 0"
	i=0
	while [ $i -lt 60 ]; do
		echo "feed http://127.0.0.1:1/new$i.xml \"Ny kilde $i\" nye"
		i=$((i + 1))
	done
} >"$T/config"
ok "the cache has no log before the start" test ! -e "$T/cache.db-wal"

tmux_start 120 40 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "first screen shows the list" tmux_wait_for '1/400 *$' 5
like "the sidebar lists the new feeds' tag" "$(tmux_screen)" 'nye'
size=$(wc -c <"$T/cache.db-wal")
ok "60 new feeds written in one commit (log $size bytes, under 2 MB)" \
    test "$size" -lt 2097152
tmux_keys q
finish
