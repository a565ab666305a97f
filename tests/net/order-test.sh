#!/bin/sh
# Which feed starts when: a feed waiting for a connection to its busy host
# does not hold back a feed of another host, and a refresh starts the
# feeds that were slowest last time first, and a first one the feeds of
# the host with the most (the server's log gives the order requests
# started in; no clock is read).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 12

# started PATH-TEXT: the line number of the first request started whose
# path, without its query, holds PATH-TEXT (0: none).
started() {
	awk -v p="$1" '{ split($2, a, "?") } index(a[1], p) { print NR; found = 1; exit }
	    END { if (!found) print 0 }' "$T/httpd.log.started"
}

# Ten feeds of one host, one connection to it at a time; the first
# answers only once the other host's feed has been asked for (or after
# 10 s).  Waiting for host 127.0.0.1, they must not fill the run's
# in-flight limit (max-connections + 8) and keep localhost's feed back.
{
	echo "set max-connections 2"
	echo "set max-host-connections 1"
	i=0
	while [ $i -lt 10 ]; do
		echo "feed http://127.0.0.1:$PORT/gen/a$i?items=2&until=/gen/b0"
		i=$((i + 1))
	done
	echo "feed http://localhost:$PORT/gen/b0?items=2"
} >"$CFG"
refresh
is "busy host: exit 0" "$RC" 0
is "busy host: every feed stored" "$(echo "$OUT" | grep -c ': 2 new')" 11
b=$(started /gen/b0)
a1=$(started /gen/a1)
ok "the other host's feed was asked for before the busy host's second ($b, $a1)" \
    test "$b" -gt 0 -a "$b" -lt "$a1"

# Slowest first: with one transfer at a time, the first refresh goes in
# the config's order; the next starts with the feed that took longest.
rm -f "$DB" "$DB-wal" "$DB-shm"
: >"$T/httpd.log.started"
config "set max-connections 1" \
    "feed $BASE/gen/quick?items=2" \
    "feed $BASE/gen/slow?items=2&delay=0.4" \
    "feed $BASE/gen/mid?items=2&delay=0.1"
refresh
is "first refresh: exit 0" "$RC" 0
is "first refresh: the config's order" \
    "$(started /gen/quick) $(started /gen/slow) $(started /gen/mid)" "1 2 3"
: >"$T/httpd.log.started"
refresh
is "second refresh: exit 0" "$RC" 0
is "second refresh: the slowest first" \
    "$(started /gen/slow) $(started /gen/mid) $(started /gen/quick)" "1 2 3"

# A first refresh knows no times: the feeds of the host with more feeds
# go first (only a host with more feeds than connections makes some wait
# for others), each host's in the config's order.
rm -f "$DB" "$DB-wal" "$DB-shm"
: >"$T/httpd.log.started"
config "set max-connections 1" \
    "feed http://localhost:$PORT/gen/lone?items=2" \
    "feed $BASE/gen/pair1?items=2" \
    "feed $BASE/gen/pair2?items=2"
refresh
is "first refresh, two hosts: exit 0" "$RC" 0
is "first refresh: the host with more feeds first" \
    "$(started /gen/pair1) $(started /gen/pair2) $(started /gen/lone)" "1 2 3"

# Local feeds have no host and no host limit: two of them do not count
# as a busy host that goes first (the debug log gives the start order).
rm -f "$DB" "$DB-wal" "$DB-shm"
config "set max-connections 1" \
    "feed $BASE/gen/net1?items=2" \
    "feed file://$FIX/rss.xml \"File\"" \
    "feed file://$FIX/atom.xml \"File 2\""
TIDENDE_LOG="$T/order.log" refresh
is "first refresh: two local feeds keep the config's order" \
    "$(sed -n 's/.*refresh: start \([^ ,]*\),.*/\1/p' "$T/order.log" |
    sed 's,.*/,,' | tr '\n' ' ')" "net1?items=2 rss.xml atom.xml "

# Local feeds are timed too (a file read by fetch, a command's run), so
# they are not taken for never fetched and started first every time.
rm -f "$DB" "$DB-wal" "$DB-shm"
config "feed file://$FIX/rss.xml \"File\"" \
    "feed \"exec:cat $FIX/atom.xml\" \"Exec\""
refresh
is "local feeds: exit 0" "$RC" 0
is "local feeds: each has a fetch duration" \
    "$(python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT count(*) FROM feeds WHERE fetch_ms > 0").fetchone()[0])' "$DB")" 2
finish
