#!/bin/sh
# The memory bound of a refresh (TIDENDE_REFRESH_MEM_KB, the byte budget
# of bodies received, being parsed or waiting for the store, fetch's held
# buffers included): no feed starts while the budget is used, so at most
# the feeds already started (max-connections + 8) come on top of it; the
# debug log says the most a run held.  A feed larger than the whole
# budget is still fetched, parsed and stored whole, beside others.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 10

# peak_kb LOG: the most KB of bodies the run held
peak_kb() {
	sed -n 's/.*refresh: at most \([0-9]*\) KB of bodies in memory.*/\1/p' "$1" | tail -1
}

# 60 feeds of 40 items (under 10 KB each), 4 transfers at once, 16 KB
{
	echo "set max-connections 4"
	echo "set max-host-connections 4"
	i=0
	while [ $i -lt 60 ]; do
		echo "feed $BASE/gen/m$i?items=40"
		i=$((i + 1))
	done
} >"$CFG"
size=$(curl -s "$BASE/gen/m0?items=40" | wc -c)
ok "a feed is under 10 KB" [ "$size" -lt 10240 ]
TIDENDE_LOG="$T/log" TIDENDE_REFRESH_MEM_KB=16 refresh
is "many feeds: exit 0" "$RC" 0
is "many feeds: every one stored whole" "$(echo "$OUT" | grep -c ': 40 new')" 60
is "every feed started" "$(grep -c 'refresh: start ' "$T/log")" 60
over=$(awk '/refresh: start / { n = $(NF - 5); if (n >= 16384) print }' "$T/log")
is "none started with the budget used" "$over" ""
peak=$(peak_kb "$T/log")
# the budget, and at most 4 + 8 feeds started before it was used
ok "many feeds: at most the budget and the feeds in flight ($peak KB)" \
    [ -n "$peak" ] && [ "$peak" -le $((16 + 12 * 10)) ]

# one feed of about 700 KB among small ones, with a budget of 64 KB
rm -f "$DB" "$DB-wal" "$DB-shm" "$T/log"
{
	echo "set max-connections 4"
	echo "set max-host-connections 4"
	echo "feed $BASE/gen/big?items=3000"
	i=0
	while [ $i -lt 20 ]; do
		echo "feed $BASE/gen/s$i?items=40"
		i=$((i + 1))
	done
} >"$CFG"
TIDENDE_LOG="$T/log" TIDENDE_REFRESH_MEM_KB=64 refresh
is "a feed over the budget: exit 0" "$RC" 0
is "a feed over the budget: stored whole" \
    "$(echo "$OUT" | grep -c 'Feed big: 3000 new')" 1
is "the others too" "$(echo "$OUT" | grep -c ': 40 new')" 20
peak=$(peak_kb "$T/log")
ok "it was held whole, over the budget ($peak KB)" \
    [ -n "$peak" ] && [ "$peak" -ge 600 ]
finish
