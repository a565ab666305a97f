#!/bin/sh
# tests/bench/sync-bench.sh: `tidende sync` against Debian's real Tiny
# Tiny RSS (tests/sync/ttrss-lib.sh: php -S on 127.0.0.1, PostgreSQL, feeds
# on [::1]:80).  Never part of `make check`.  Measures (issue 15):
#
#   first    the first sync of ITEMS server articles (default 10,000) into
#            an empty cache: wall time, and tidende's own CPU time beside
#            it (the goal: bound by the server, so CPU << wall)
#   nothing  a second sync with nothing new: wall time and requests (goal
#            a handful, < 300 ms on loopback)
#
# Prints one line per figure, `NAME: VALUE UNIT (what)` (tests/bench/README).
# Needs root and the tt-rss packages, like the sync tests; says why and
# exits 0 without them.
set -u
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TIDENDE:=${1:-./tidende}}"
TIDENDE=$(cd "$(dirname "$TIDENDE")" && pwd)/$(basename "$TIDENDE")
ITEMS=${ITEMS:-10000}
[ -x /usr/bin/time ] || { echo "sync-bench: /usr/bin/time not installed"; exit 0; }

# ttrss-lib.sh stands on the test library's scratch directory and exit
# traps; its plan_skip becomes "say why, exit 0".
. "$TOP_SRCDIR/tests/lib.sh"
plan_skip() { echo "sync-bench: $*"; exit 0; }
. "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"
ttrss_start
uid=$(ttrss_add_user bench pw)
ttrss_login bench pw || { echo "sync-bench: cannot log in"; exit 1; }
ttrss_feeds_start
python3 - "$TTRSS_FEEDS/big.xml" "$ITEMS" <<'EOF'
import sys, time
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
            '<link>http://[::1]/</link><description>bench</description>\n')
    for i in range(n):
        t = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(1700000000 - i * 60))
        f.write('<item><guid isPermaLink="false">g%d</guid><title>Article %d &amp; more</title>'
                '<link>http://[::1]/item/%d</link><description>&lt;p&gt;Body of article %d, '
                'a paragraph of text long enough to look like a summary.&lt;/p&gt;</description>'
                '<pubDate>%s</pubDate></item>\n' % (i, i, i, i, t))
    f.write('</channel></rss>\n')
EOF
t0=$(_ttrss_ms)
fid=$(ttrss_subscribe "$TTRSS_FEED_BASE/big.xml")
# One updateFeed stores only part of a big feed (about 3,000 of 10,000
# were seen, 3,469 after asking again): ask again while it brings more;
# the figure says how many the server really had.
n=0
while :; do
	TTRSS_CURL_TIMEOUT=600 ttrss_update_feed "$fid" || { echo "sync-bench: updateFeed failed"; exit 1; }
	m=$(ttrss_sql "SELECT count(*) FROM ttrss_user_entries WHERE owner_uid = $uid")
	[ "$m" -gt "$n" ] && [ "$m" -lt "$ITEMS" ] || break
	n=$m
done
n=$m
echo "setup: $(($(_ttrss_ms) - t0)) ms (tt-rss stored $n articles)"
ttrss_feeds_stop

printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
{
	echo "set sync-backend ttrss"
	echo "set sync-url \"$TTRSS_URL/\""
	echo "set sync-user bench"
	echo "set sync-password-file \"$T/pw\""
} >"$T/conf"

figure() {	# NAME WHAT: run one sync, print wall and CPU time
	/usr/bin/time -f '%e %U %S %M' -o "$T/time" \
	    "$TIDENDE" -c "$T/conf" -d "$T/cache.db" sync --json >"$T/out" || {
		echo "sync-bench: sync failed: $(cat "$T/out")"; exit 1; }
	read -r wall user sys rss <"$T/time"
	python3 - "$1" "$2" "$wall" "$user" "$sys" "$rss" "$T/out" <<'EOF'
import json, sys
name, what, wall, user, sys_, rss, out = sys.argv[1:]
r = json.load(open(out))
cpu = float(user) + float(sys_)
print("%s: %d ms (%s; %d new, %d requests; tidende CPU %d ms = %d%% of the wall time; peak RSS %d MB)"
      % (name, r["ms"], what, r["new"], r["requests"], cpu * 1000,
         100 * cpu / max(float(wall), 0.001), int(rss) // 1024))
EOF
}
figure first "first sync of $n server articles"
figure nothing "second sync, nothing new"

# OLD=path/to/another/tidende RUNS=N: N syncs with nothing new by each,
# paired (alternating which goes first), each on its own cache; prints
# both medians.  For before/after figures of a change.
if [ -n "${OLD:-}" ]; then
	OLD=$(cd "$(dirname "$OLD")" && pwd)/$(basename "$OLD")
	"$OLD" -c "$T/conf" -d "$T/old.db" sync >/dev/null ||
	    { echo "sync-bench: the old binary's first sync failed"; exit 1; }
	: >"$T/pairs"
	i=0
	while [ "$i" -lt "${RUNS:-9}" ]; do
		for who in $( [ $((i % 2)) -eq 0 ] && echo "old new" || echo "new old"); do
			if [ "$who" = old ]; then b=$OLD; db=$T/old.db; else b=$TIDENDE; db=$T/cache.db; fi
			"$b" -c "$T/conf" -d "$db" sync --json >"$T/out" ||
			    { echo "sync-bench: $who sync failed"; exit 1; }
			python3 -c 'import json, sys; r = json.load(open(sys.argv[2])); print(sys.argv[1], r["ms"], r["requests"])' \
			    "$who" "$T/out" >>"$T/pairs"
		done
		i=$((i + 1))
	done
	python3 - "$T/pairs" "$n" <<'EOF2'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for who in ("old", "new"):
    ms = [int(r[1]) for r in rows if r[0] == who]
    req = [int(r[2]) for r in rows if r[0] == who]
    print("nothing-%s: %d ms (median of %d syncs with nothing new, %s server "
          "articles unread; %d requests; min %d, max %d)"
          % (who, statistics.median(ms), len(ms), sys.argv[2], req[0], min(ms), max(ms)))
EOF2
fi
