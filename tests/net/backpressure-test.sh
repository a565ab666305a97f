#!/bin/sh
# Back-pressure: while fetched feeds wait for the parser and the store,
# a refresh stops reading its running transfers (the kernel keeps their
# bytes) and starts no more, then goes on; nothing is lost on the way.
# TIDENDE_REFRESH_MEM_KB=1 makes every fetched feed that waits for its
# store hold the reads; the debug log shows fetch leaving curl's sockets
# unread ("reads held") and running curl again only after the refresh
# let go ("resume reads"), with no transfer ending in between.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 6

{
	echo "set max-host-connections 8"
	i=0
	while [ $i -lt 30 ]; do
		echo "feed $BASE/gen/bp$i?items=40&delay=0.$((i % 5))"
		i=$((i + 1))
	done
} >"$CFG"
TIDENDE_LOG="$T/log" TIDENDE_REFRESH_MEM_KB=1 refresh
is "exit 0" "$RC" 0
is "every feed was stored whole" "$(echo "$OUT" | grep -c ': 40 new')" 30
n=$("$TIDENDE" -c "$CFG" -d "$DB" list --count 2>/dev/null | head -1)
is "every article is in the cache" "$n" 1200
ok "the refresh held reads" grep -q 'refresh: hold reads' "$T/log"
ok "fetch left running transfers unread" grep -q 'fetch: reads held' "$T/log"
# between fetch's "reads held" and its "reads again": no transfer ended,
# and "reads again" only after the refresh resumed (not the 3 s valve)
bad=$(awk '
	/fetch: reads held/ { held = 1; resumed = 0; next }
	/refresh: resume reads/ { resumed = 1 }
	/fetch: reads again/ { if (held && !resumed) print "curl ran before the resume: " $0; held = 0 }
	/fetch: done/ { if (held) print "ended while held: " $0 }
' "$T/log")
is "nothing read while held" "$bad" ""
finish
