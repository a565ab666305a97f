#!/bin/sh
# The interface's keys queue changes of server articles for the server:
# m, s and A (mark all read) on articles from a sync server write their
# queue rows with the change (coalesced per article and field), and a
# local article's change queues nothing.
. "$TOP_SRCDIR/tests/lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 7

GEN="$TOP_BUILDDIR/tests/db/db-gen"
DB="$T/cache.db"
# one local article (id 1), three server articles (ids 2-4, server ids
# 1000-1002; 1002 is the newest and comes first in the list)
"$GEN" build "$DB" 1 1 || fail "generator"
"$GEN" sync "$DB" 3 || fail "generator (sync)"
cat >"$T/config" <<CFG
set refresh-on-start no
set refresh-interval 0
set layout horizontal
CFG
# the waiting changes, sorted (the unit tests check their order)
Q() { "$GEN" queue "$DB" | sort | tr '\n' ' '; }
unread_is() {
	_i=0
	while [ $_i -lt 100 ]; do
		[ "$("$TIDENDE" -c "$T/config" -d "$DB" list --unread --count)" = "$1" ] &&
		    return 0
		sleep 0.05; _i=$((_i + 1))
	done
	return 1
}
queue_is() {
	_i=0
	while [ $_i -lt 100 ]; do
		[ "$(Q)" = "$1" ] && return 0
		sleep 0.05; _i=$((_i + 1))
	done
	diag "queue: $(Q)"
	return 1
}

tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$DB"
ok "the list shows the server's newest article first" \
    tmux_wait_for '1/4 *$' 5
tmux_keys m
ok "m queues read for its server id" queue_is "1002 read "
# m moved on to the next article (1001)
tmux_keys s
ok "s queues star" queue_is "1001 star 1002 read "
tmux_keys g m
ok "m again on the first replaces read with unread" \
    queue_is "1001 star 1002 unread "
tmux_keys G m
ok "the local article's m is stored ..." unread_is 3
is "... and queues nothing" "$(Q)" "1001 star 1002 unread "
tmux_keys A
ok "A queues read for every unread server article" \
    queue_is "1000 read 1001 read 1001 star 1002 read "
tmux_keys Q
finish
