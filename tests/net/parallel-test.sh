#!/bin/sh
# Many feeds at once: transfers run in parallel up to max-connections, and
# never more than max-host-connections to one host (the server's log shows
# how many requests were in progress when each one started).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 6

{
	echo "set max-connections 4"
	echo "set max-host-connections 2"
	i=0
	while [ $i -lt 24 ]; do
		echo "feed $BASE/gen/f$i?items=5&delay=0.15"
		i=$((i + 1))
	done
} >"$CFG"
refresh
is "exit 0" "$RC" 0
is "every feed was stored" "$(echo "$OUT" | grep -c ': 5 new')" 24
max=$(awk '{ if ($4 > m) m = $4 } END { print m }' "$T/httpd.log")
# 2, not 1: the transfers overlapped (by the server's count, not a clock)
is "at most 2 requests at once to one host, and 2" "$max" 2
conns=$(awk '{ print $3 }' "$T/httpd.log" | sort -u | wc -l)
ok "connections are reused ($conns for 24 requests)" test "$conns" -le 4

# two host names for the same server: the overall limit applies
{
	echo "set max-connections 3"
	echo "set max-host-connections 2"
	i=0
	while [ $i -lt 12 ]; do
		echo "feed http://127.0.0.1:$PORT/gen/a$i?items=2&delay=0.2"
		echo "feed http://localhost:$PORT/gen/b$i?items=2&delay=0.2"
		i=$((i + 1))
	done
} >"$CFG"
: >"$T/httpd.log"
refresh
is "two hosts: exit 0" "$RC" 0
max=$(awk '{ if ($4 > m) m = $4 } END { print m }' "$T/httpd.log")
ok "two hosts: at most max-connections at once ($max), and more than one" test "$max" -le 3 -a "$max" -ge 2
finish
