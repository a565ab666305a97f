#!/bin/sh
# The open-file limit bounds the transfers at once: with `ulimit -n 100`
# and limits far above it (max-connections 4096, 64 to a host), a refresh
# of 200 feeds on two host names opens no more transfers than the limit
# leaves room for ((100 - 64) / 2 = 18) and stores every feed, where
# 128 sockets at once would fail with "too many open files".  (The
# server's log shows how many requests were in progress at each start.)
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 4

{
	echo "set max-connections 4096"
	echo "set max-host-connections 64"
	i=0
	while [ $i -lt 100 ]; do
		echo "feed http://127.0.0.1:$PORT/gen/a$i?items=3&delay=0.2"
		echo "feed http://localhost:$PORT/gen/b$i?items=3&delay=0.2"
		i=$((i + 1))
	done
} >"$CFG"
# the limit for tidende alone, not for the server started above
(ulimit -n 100 && "$TIDENDE" -c "$CFG" -d "$DB" refresh) \
    >"$T/.rout" 2>"$T/.rerr"
RC=$?
is "exit 0" "$RC" 0
is "every feed was stored" "$(grep -c ': 3 new' "$T/.rout")" 200
is "no errors" "$(cat "$T/.rerr")" ""
max=$(awk '{ if ($4 > m) m = $4 } END { print m }' "$T/httpd.log")
ok "at most 18 requests at once ($max), and more than 6" \
    test "$max" -le 18 -a "$max" -gt 6
finish
