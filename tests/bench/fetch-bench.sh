#!/bin/sh
# tests/bench/fetch-bench.sh: refresh speed against a local nginx (gzip and
# ETag on) serving generated feeds, on 127.0.0.1 only.  Never part of
# `make check`.  Measures, for tidende and (when installed) newsboat:
#
#   cold   500 feeds x 30 items (about 40 MB of XML) into an empty cache
#          (goal < 1 s, peak RSS < 50 MB)
#   warm   the same again, every feed answering 304 (goal < 0.3 s)
#   big    one 54 MB feed fetched, parsed and stored (goal >= 50 MB/s)
#   slow   60 feeds from tests/httpd.py that each take 0.3 s, one 2 s:
#          the whole refresh should take about as long as the slowest
#
#   side   the cold refresh again, side by side in the same run with each
#          program's default connection settings: tidende, newsraft
#          (NEWSRAFT=/path/to/newsraft, built by hand: it is not in
#          Debian; "not installed" without it) and newsboat
#          (reload-threads 8), in turn A B C A B C, SIDE rounds (3),
#          medians of wall time and peak RSS (issue 17: tidende <= 0.6x
#          newsraft, < 64 MB); then, from strace of one more cold
#          refresh each (when installed), the commits and the bytes
#          written to the cache's log (-wal)
#
# Prints one line per figure, `NAME: VALUE UNIT (what)` (tests/bench/README).
# Usage: sh tests/bench/fetch-bench.sh [TIDENDE]   (use a -O2 build without
# sanitizers for numbers).  FEEDS, ITEMS and BIG_MB override the sizes;
# SIDE=0 leaves out the side-by-side rounds, ONLY_SIDE=1 runs only them,
# NO_PEERS=1 leaves newsboat out of them (and out of the rest);
# BASE=path of another tidende binary (a build of main) runs it too in
# each side-by-side round, as "tidende-base", right before this one.
# Wall time depends on how busy the machine is; CPU time (user + system)
# is printed beside it.
set -u

TIDENDE=${1:-${TIDENDE:-./tidende}}
FEEDS=${FEEDS:-500}
ITEMS=${ITEMS:-30}
BIG_MB=${BIG_MB:-54}
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null)
[ -n "$NGINX" ] || { echo "fetch-bench: nginx not installed (apt-get install nginx-light)"; exit 0; }
[ -x /usr/bin/time ] || { echo "fetch-bench: /usr/bin/time not installed"; exit 0; }

W=$(mktemp -d "${BENCH_OUT:-${TMPDIR:-/tmp}}/fetch-bench.XXXXXX")
NGINX_PID=
HTTPD_PID=
cleanup() {
	[ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID"
	[ -n "$HTTPD_PID" ] && kill "$HTTPD_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$W/www" "$W/tmp" "$W/home"
chmod 755 "$W" "$W/www"

# ---------------------------------------------------------------- feeds
python3 - "$W/www" "$FEEDS" "$ITEMS" "$BIG_MB" <<'EOF'
import os, sys
root, nfeeds, nitems, big_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
para = ("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
        "eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim "
        "ad minim veniam, quis nostrud exercitation ullamco laboris.</p>\n")
body = (para * 11).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
def item(f, i):
    return ("<item><title>Article %d of feed %d</title>"
            "<link>http://example.org/%d/%d</link><guid>f%d-i%d</guid>"
            "<pubDate>Tue, 14 Nov 2023 %02d:%02d:00 GMT</pubDate>"
            "<description>%s</description></item>\n"
            % (i, f, f, i, f, i, i % 24, i % 60, body))
def head(f):
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            "<title>Feed %d</title><link>http://example.org/%d</link>"
            "<description>Bench feed %d</description>\n" % (f, f, f))
total = 0
for f in range(nfeeds):
    s = head(f) + "".join(item(f, i) for i in range(nitems)) + "</channel></rss>\n"
    total += len(s)
    with open(os.path.join(root, "f%d.xml" % f), "w") as out:
        out.write(s)
with open(os.path.join(root, "big.xml"), "w") as out:
    out.write(head(999999))
    n, i = 0, 0
    while n < big_mb * 1000 * 1000:
        s = item(999999, i)
        out.write(s)
        n += len(s)
        i += 1
    out.write("</channel></rss>\n")
print("generated %d feeds x %d items (%.1f MB) and a %d MB feed (%d items)"
      % (nfeeds, nitems, total / 1e6, big_mb, i))
EOF

# ---------------------------------------------------------------- nginx
. "$(dirname "$0")/nginx-lib.sh"
nginx_start
i=0
while ! curl -s -o /dev/null "http://127.0.0.1:$PORT/f0.xml" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ $i -lt 50 ] || { echo "fetch-bench: nginx did not start"; cat "$W/nginx-error.log"; exit 1; }
B="http://127.0.0.1:$PORT"

# rate LABEL: megabytes per second of the last measure
rate() {
	awk -v w="$LAST_WALL" -v c="$LAST_CPU" -v mb="$BIG_MB" -v l="$1" \
	    'BEGIN { if (w > 0 && c > 0) printf "%s: %.1f MB/s (end to end, wall; %.1f MB/s of CPU time)\n", l, mb / w, mb / c }'
}

# measure LABEL COMMAND...: wall seconds and peak RSS (MB) via time -v
measure() {
	_label=$1; shift
	HOME="$W/home" XDG_CONFIG_HOME="$W/home/c" XDG_DATA_HOME="$W/home/d" \
	    /usr/bin/time -v "$@" >"$W/out" 2>"$W/time" </dev/null
	_rc=$?
	_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$W/time")
	_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$W/time")
	_cpu=$(awk -F': ' '/(User|System) time/ { s += $2 } END { printf "%.2f", s }' "$W/time")
	printf '%s: %.2f s (wall; %.2f s CPU, peak RSS %s MB, exit %d)\n' \
	    "$_label" "$_wall" "$_cpu" "$_rss" "$_rc"
	LAST_WALL=$_wall
	LAST_CPU=$_cpu
	[ "$_rc" -eq 0 ] || grep -v '^	' "$W/time" | head -3 | sed 's/^/  /'
}

# ---------------------------------------------------------------- side by side
# side_run LABEL COMMAND...: one cold refresh into a new cache (the
# command's cache files are under $W/side); appends "wall rss" to
# $W/side-LABEL.
side_run() {
	_l=$1; shift
	rm -rf "$W/side"
	mkdir -p "$W/side"
	HOME="$W/home" XDG_CONFIG_HOME="$W/home/c" XDG_DATA_HOME="$W/home/d" \
	    /usr/bin/time -f '%e %M %x %U %S' "$@" >"$W/side-out" \
	    2>"$W/side-time" </dev/null
	# a detached search indexer (`tidende index`) ends before the next
	# run, tidende-base's too: it ran on during the run after it
	case $_l in
	tidende|tidende-base) "$1" -d "$W/side/t.db" index -q ;;
	esac
	set -- $(tail -1 "$W/side-time")
	_cpu=$(awk -v u="$4" -v s="$5" 'BEGIN { printf "%.2f", u + s }')
	echo "$1 $(awk -v k="$2" 'BEGIN { printf "%.1f", k / 1024 }') $_cpu" \
	    >>"$W/side-$_l"
	printf '  %s: %.2f s (%.2f s CPU), peak RSS %.1f MB, exit %s, %s articles\n' \
	    "$_l" "$1" "$_cpu" "$(awk -v k="$2" 'BEGIN { print k / 1024 }')" \
	    "$3" "$(side_count "$_l")"
}
side_count() {
	case $1 in
	tidende|tidende-base) "$TIDENDE" -c "$W/side.conf" -d "$W/side/t.db" \
	    list --count 2>/dev/null | head -1 ;;
	newsraft) sql_count "$W/side/nr.db" items ;;
	newsboat) sql_count "$W/side/nb.db" rss_item ;;
	esac
}
sql_count() {
	python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from " + sys.argv[2]).fetchone()[0])' "$1" "$2" 2>/dev/null || echo "?"
}
side_median() {	# FILE COLUMN
	sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# wal_count LABEL BINARY: what one more cold refresh (not timed) writes
# to the cache's log (the -wal file): the commits and the bytes, from
# strace of the main thread, which makes every write (a commit's last
# frame header holds the database's size, the others 0).
wal_count() {
	if ! command -v strace >/dev/null 2>&1; then
		echo "side $1 cold refresh log: not measured (strace not installed)"
		return
	fi
	rm -rf "$W/side"
	mkdir -p "$W/side"
	HOME="$W/home" XDG_CONFIG_HOME="$W/home/c" XDG_DATA_HOME="$W/home/d" \
	    strace -qq -xx -s 32 -e trace=openat,pwrite64 -o "$W/strace" \
	    "$2" -c "$W/side.conf" -d "$W/side/t.db" refresh >/dev/null 2>&1 \
	    </dev/null
	"$2" -d "$W/side/t.db" index -q
	python3 - "$W/strace" "$1" <<'EOF'
import re, sys
fds, commits, nbytes = {}, 0, 0
op = re.compile(r'openat\(.*?"((?:\\x[0-9a-f]{2})*)".*\) = (\d+)$')
pw = re.compile(r'pwrite64\((\d+), "((?:\\x[0-9a-f]{2})*)"(?:\.\.\.)?, (\d+), \d+\) = (\d+)$')
unhex = lambda s: bytes.fromhex(s.replace("\\x", ""))
for line in open(sys.argv[1]):
    m = op.search(line)
    if m:
        fds[m.group(2)] = unhex(m.group(1)).endswith(b"-wal")
        continue
    m = pw.search(line)
    if m and fds.get(m.group(1)):
        nbytes += int(m.group(4))
        if int(m.group(3)) == 24 and unhex(m.group(2))[4:8] != bytes(4):
            commits += 1
print("side %s cold refresh log: %d commits, %.1f MB written to the log "
      "(one run, strace)" % (sys.argv[2], commits, nbytes / 1e6))
EOF
}

SIDE=${SIDE:-3}
if [ "$SIDE" -gt 0 ]; then
	{
		echo "set refresh-on-start no"
		i=0
		while [ $i -lt "$FEEDS" ]; do echo "feed $B/f$i.xml"; i=$((i + 1)); done
	} >"$W/side.conf"
	i=0
	while [ $i -lt "$FEEDS" ]; do echo "$B/f$i.xml"; i=$((i + 1)); done >"$W/side-urls"
	: >"$W/side-nr.conf"
	printf 'reload-threads 8\n' >"$W/side-nb.conf"
	NR=${NEWSRAFT:-}
	[ -n "$NR" ] && [ ! -x "$NR" ] && NR=
	NB=
	[ -z "${NO_PEERS:-}" ] && NB=$(command -v newsboat || true)
	echo "fetch-bench side by side: cold refresh of $FEEDS feeds x $ITEMS items from nginx, $SIDE rounds, $(uptime | sed 's/.*load/load/')"
	r=0
	while [ $r -lt "$SIDE" ]; do
		[ -n "${BASE:-}" ] && side_run tidende-base "$BASE" \
		    -c "$W/side.conf" -d "$W/side/t.db" refresh
		side_run tidende "$TIDENDE" -c "$W/side.conf" -d "$W/side/t.db" refresh
		[ -n "$NR" ] && side_run newsraft "$NR" -f "$W/side-urls" \
		    -c "$W/side-nr.conf" -d "$W/side/nr.db" -e reload-all
		[ -n "$NB" ] && side_run newsboat "$NB" -C "$W/side-nb.conf" \
		    -u "$W/side-urls" -c "$W/side/nb.db" -x reload
		r=$((r + 1))
	done
	for p in tidende-base tidende newsraft newsboat; do
		[ $p = tidende-base ] && [ -z "${BASE:-}" ] && continue
		if [ -s "$W/side-$p" ]; then
			echo "side $p cold refresh: $(side_median "$W/side-$p" 1) s (median wall of $SIDE; $(side_median "$W/side-$p" 3) s CPU; peak RSS $(side_median "$W/side-$p" 2) MB)"
		else
			echo "side $p cold refresh: not installed"
		fi
	done
	[ -n "${BASE:-}" ] && wal_count tidende-base "$BASE"
	wal_count tidende "$TIDENDE"
	if [ -s "$W/side-newsraft" ]; then
		echo "side tidende/newsraft: $(awk -v a="$(side_median "$W/side-tidende" 1)" -v b="$(side_median "$W/side-newsraft" 1)" 'BEGIN { printf "%.2f", a / b }')x (goal <= 0.6x)"
	fi
fi
[ -n "${ONLY_SIDE:-}" ] && exit 0

# ---------------------------------------------------------------- tidende
{
	echo "set max-connections 16"
	echo "set max-host-connections 16"
	echo "set refresh-on-start no"
	i=0
	while [ $i -lt "$FEEDS" ]; do echo "feed $B/f$i.xml"; i=$((i + 1)); done
} >"$W/tidende.conf"
printf 'set max-host-connections 16\nset max-size 128\nfeed %s/big.xml\n' "$B" >"$W/big.conf"

echo "fetch-bench: $("$TIDENDE" --version | head -1), nginx on 127.0.0.1"
measure "tidende cold refresh, $FEEDS feeds x $ITEMS items" \
    "$TIDENDE" -c "$W/tidende.conf" -d "$W/t.db" refresh
echo "tidende cold feeds stored: $(grep -c ' new, ' "$W/out") feeds (want $FEEDS)"
"$TIDENDE" -d "$W/t.db" index -q	# the detached indexer's rest, if any
measure "tidende warm refresh, all 304" \
    "$TIDENDE" -c "$W/tidende.conf" -d "$W/t.db" refresh
echo "tidende warm feeds not modified: $(grep -c ': not modified$' "$W/out") feeds (want $FEEDS)"
n=$("$TIDENDE" -c "$W/tidende.conf" -d "$W/t.db" list --count 2>/dev/null | head -1)
echo "tidende articles in the cache: ${n:-?} articles (want $((FEEDS * ITEMS)))"
measure "tidende one $BIG_MB MB feed" \
    "$TIDENDE" -q -c "$W/big.conf" -d "$W/big.db" refresh
rate "tidende one $BIG_MB MB feed"

# ---------------------------------------------------------------- slow servers
# 60 feeds that each take 0.3 s and one that takes 2 s, from the test
# server: with 16 transfers at once the run should take about 2 s.
python3 "${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/httpd.py" \
    --port-file "$W/httpd.port" --lifetime 120 >/dev/null 2>&1 &
HTTPD_PID=$!
i=0
while [ ! -s "$W/httpd.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
if [ -s "$W/httpd.port" ]; then
	HP=$(cat "$W/httpd.port")
	{
		echo "set max-connections 16"
		echo "set max-host-connections 16"
		echo "feed http://127.0.0.1:$HP/gen/slowest?items=30&delay=2"
		i=0
		while [ $i -lt 60 ]; do
			echo "feed http://127.0.0.1:$HP/gen/s$i?items=30&delay=0.3"
			i=$((i + 1))
		done
	} >"$W/slow.conf"
	measure "tidende 61 slow feeds (slowest 2 s, the others 0.3 s)" \
	    "$TIDENDE" -q -c "$W/slow.conf" -d "$W/slow.db" refresh
else
	echo "tidende 61 slow feeds: not measured (tests/httpd.py did not start)"
fi
kill "$HTTPD_PID" 2>/dev/null

# ---------------------------------------------------------------- newsboat
nb_count() {
	python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from rss_item").fetchone()[0])' "$1" 2>/dev/null || echo "?"
}
if [ -z "${NO_PEERS:-}" ] && command -v newsboat >/dev/null 2>&1; then
	i=0
	while [ $i -lt "$FEEDS" ]; do echo "$B/f$i.xml"; i=$((i + 1)); done >"$W/urls"
	echo "$B/big.xml" >"$W/big-urls"
	printf 'reload-threads 8\nsuppress-first-reload yes\n' >"$W/nb.conf"
	echo "fetch-bench: $(newsboat -v 2>/dev/null | head -1) (reload-threads 8)"
	measure "newsboat cold refresh, $FEEDS feeds x $ITEMS items" \
	    newsboat -C "$W/nb.conf" -u "$W/urls" -c "$W/nb.db" -x reload
	echo "newsboat articles in the cache: $(nb_count "$W/nb.db") articles"
	measure "newsboat warm refresh" \
	    newsboat -C "$W/nb.conf" -u "$W/urls" -c "$W/nb.db" -x reload
	measure "newsboat one $BIG_MB MB feed" \
	    newsboat -C "$W/nb.conf" -u "$W/big-urls" -c "$W/nb-big.db" -x reload
	rate "newsboat one $BIG_MB MB feed"
else
	echo "newsboat: not installed"
fi
