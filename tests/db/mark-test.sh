#!/bin/sh
# `tidende mark`: exit status 0, 64 on usage errors, 1 naming an unknown
# article while the others are still marked; articles with a server id
# get their change queued for the server (coalesced per article and
# field), local articles do not; a queued change is in the cache file
# even when the writer is killed with SIGKILL right after it.
. "$TOP_SRCDIR/tests/lib.sh"
plan 22

GEN="$TOP_BUILDDIR/tests/db/db-gen"
DB="$T/cache.db"
CONF="$T/config"
: >"$CONF"
M() { "$TIDENDE" -c "$CONF" -d "$DB" mark "$@"; }
L() { "$TIDENDE" -c "$CONF" -d "$DB" list "$@"; }
Q() { "$GEN" queue "$DB" | tr '\n' ' '; }

# articles 1-3 of a local feed, 4-6 from a server (server ids 1000-1002)
"$GEN" build "$DB" 1 3 || fail "generator"
"$GEN" sync "$DB" 3 || fail "generator (sync)"

exit_is "no arguments: usage" 64 M
exit_is "no flag: usage" 64 M 1
exit_is "no id: usage" 64 M --read
exit_is "not a number: usage" 64 M --read abc
exit_is "two different flags: usage" 64 M --read --star 1
exit_is "an unknown option: usage" 64 M --frob 1
is "usage errors change nothing" "$(L --unread --count)" 6

exit_is "--read 1 exits 0" 0 M --read 1
is "one article fewer unread" "$(L --unread --count)" 5
exit_is "--star 2 3 exits 0" 0 M --star 2 3
is "both starred" "$(L --starred | cut -d' ' -f1 | sort | tr '\n' ' ')" "2 3 "
is "local articles queue nothing" "$(Q)" ""

err=$(M --read 999 2 2>&1 >/dev/null)
rc=$?
is "an unknown id exits 1" "$rc" 1
is "... naming it" "$err" "tidende: mark: 999: no such article"
is "... and the others are marked" "$(L --unread --count)" 4

exit_is "--read on a server article" 0 M --read 4
is "the change is queued with its server id" "$(Q)" "1000 read "
M --unread 4 && M --star 5 && M --unstar 5 && M --star 5
is "read, unread, star, unstar, star leave one change per field" \
    "$(Q)" "1000 unread 1001 star "
exit_is "--unread of an unread article" 0 M --unread 6
is "... queues nothing" "$(Q)" "1000 unread 1001 star "

# The queue row commits with the change: SIGKILL right after keeps both.
("$GEN" state "$DB" 6 read kill) 2>/dev/null
is "killed after the write: the change is in the cache" \
    "$(L --unread --count)" 3
is "... and so is its queue row" "$(Q)" "1000 unread 1001 star 1002 read "
