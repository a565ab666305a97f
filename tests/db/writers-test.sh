#!/bin/sh
# Two processes on one cache: two writers and a reader at once never see
# "database is locked"; and a writer killed with -9 again and again leaves
# a database that passes integrity_check with every committed article.
. "$TOP_SRCDIR/tests/lib.sh"
KILLS=${KILLS:-8}
plan $((6 + 2 * KILLS))

GEN="$TOP_BUILDDIR/tests/db/db-gen"
DB="$T/cache.db"

"$GEN" loop "$DB" 1 4 30 "$T/log1" 2>"$T/err1" &
w1=$!
"$GEN" loop "$DB" 5 4 30 "$T/log2" 2>"$T/err2" &
w2=$!
at_exit "kill $w1 $w2 2>/dev/null"
: >"$T/rerr"
i=0
while [ $i -lt 20 ]; do
	"$TIDENDE" -d "$DB" list --unread --count >/dev/null 2>>"$T/rerr"
	"$TIDENDE" -d "$DB" list --limit 5 >/dev/null 2>>"$T/rerr"
	i=$((i + 1))
done
wait $w1; rc1=$?
wait $w2; rc2=$?
is "two writers at once both finish" "$rc1 $rc2" "0 0"
is "no writer error" "$(cat "$T/err1" "$T/err2")" ""
is "no reader error" "$(cat "$T/rerr")" ""
# (a missing log made the check below pass on the other writer's alone)
is "each writer logged its 30 commits" \
    "$(cat "$T/log1" 2>/dev/null | wc -l | tr -d ' ') $(cat "$T/log2" 2>/dev/null | wc -l | tr -d ' ')" "30 30"
cat "$T/log1" "$T/log2" >"$T/log"
ok "every commit of both writers is there" "$GEN" verify "$DB" "$T/log"
is "counts add up" "$("$TIDENDE" -d "$DB" list --count)" 600

# kill -9 in the middle of writing, again and again.
rm -f "$DB" "$DB-wal" "$DB-shm"
: >"$T/klog"
k=0
while [ $k -lt "$KILLS" ]; do
	before=$(wc -l <"$T/klog" | tr -d ' ')
	"$GEN" loop "$DB" 1 6 0 "$T/klog" 2>/dev/null &
	w=$!
	# Let it commit something (however loaded the machine), then kill
	# it at a varying moment, most likely inside a transaction.
	i=0
	while [ "$(wc -l <"$T/klog" | tr -d ' ')" -le "$before" ] &&
	    [ $i -lt 1200 ]; do
		sleep 0.05; i=$((i + 1))
	done
	sleep "0.$(( (k * 37) % 4 ))$(( k % 10 ))"
	kill -9 $w 2>/dev/null
	wait $w 2>/dev/null
	n=$(wc -l <"$T/klog" | tr -d ' ')
	ok "kill $((k + 1)): integrity and all $n commits kept" \
	    "$GEN" verify "$DB" "$T/klog"
	if [ "$n" -gt "$before" ]; then
		pass "kill $((k + 1)): the writer made progress"
	else
		fail "kill $((k + 1)): the writer made progress" "log has $n lines"
	fi
	k=$((k + 1))
done
finish
