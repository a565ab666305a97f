#!/bin/sh
# Store benchmark (issues 4/5/17): a cold `tidende refresh` of FEEDS
# file:// feeds of ITEMS WordPress-style items each (goal: under 1 s wall
# on two cores; FEEDS=200 ITEMS=500 builds a 100,000-article cache), with
# newsraft on the same feeds when installed (or NEWSRAFT=PATH), a warm
# one (nothing changed), then how long one event-loop pass
# can take while a huge feed (HUGE_MB megabytes) is stored: the screen
# freezes that long (goal: under 50 ms), from file:// (curl reads a file
# whole in one pass) and over HTTP from 127.0.0.1 (tests/httpd.py, the
# body paced by the fetcher).  Not part of `make check`.  Run
# in an -O2 build without sanitizers:
#
#   sh tests/bench/store-bench.sh [FEEDS [ITEMS [HUGE_MB]]]
#
# RUNS=N (1) stores the huge feed cold N times each way and prints each
# run's longest pass and peak RSS, then their medians and the load
# average (on a shared machine one run says little).
#
# TIDENDE, TOP_BUILDDIR and BENCH_OUT as `make bench` sets them.
set -e
FEEDS=${1:-${FEEDS:-500}}
ITEMS=${2:-${ITEMS:-30}}
HUGE_MB=${3:-${HUGE_MB:-54}}
B=${TOP_BUILDDIR:-.}
S=$(cd "$(dirname "$0")/../.." && pwd)
TIDENDE=${TIDENDE:-$B/tidende}
CC=${CC:-cc}
[ -x "$TIDENDE" ] || { echo "store-bench: build $TIDENDE first" >&2; exit 1; }
[ -f "$B/libtidende.a" ] || { echo "store-bench: no $B/libtidende.a" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "store-bench: python3 needed" >&2; exit 1; }
if [ -n "${BENCH_OUT:-}" ]; then
	DIR=$BENCH_OUT/store
	mkdir -p "$DIR"
else
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/tidende-bench.XXXXXX")
	trap 'rm -rf "$DIR"' EXIT INT TERM
fi
HTTPD_PID=
cleanup() {
	[ -z "$HTTPD_PID" ] || kill "$HTTPD_PID" 2>/dev/null || :
	[ -n "${BENCH_OUT:-}" ] || rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
DIR=$(cd "$DIR" && pwd)

echo "tidende store benchmark: $FEEDS feeds x $ITEMS items, one feed of" \
    "$HUGE_MB MB; $(nproc) cores"
python3 - "$DIR" "$FEEDS" "$ITEMS" <<'PY'
import os, random, sys
d, nfeeds, nitems = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = random.Random(7)
words = ("gründer innovasjon økosystem kapital bærekraft havbruk oppstart "
         "investering forskning samarbeid teknologi løsning utvikling "
         "marked kunder vekst eksport energi hydrogen og i for med").split()
def para():
    return " ".join(r.choice(words) for _ in range(r.randint(30, 60)))
os.makedirs(d + "/feeds", exist_ok=True)
with open(d + "/feeds.conf", "w") as cfg:
    for f in range(nfeeds):
        cfg.write('feed file://%s/feeds/f%d.xml "Feed %d" t%d\n'
                  % (d, f, f, f % 20))
        with open("%s/feeds/f%d.xml" % (d, f), "w") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss '
                      'version="2.0" xmlns:content="http://purl.org/rss/1.0/'
                      'modules/content/" xmlns:dc="http://purl.org/dc/'
                      'elements/1.1/"><channel><title>Feed %d</title><link>'
                      'https://example.no/%d/</link>\n' % (f, f))
            for i in range(nitems):
                out.write('<item><title>%s</title><link>https://example.no/'
                          '%d/%d</link><guid isPermaLink="false">%d-%d</guid>'
                          '<dc:creator>Forfatter %d</dc:creator><pubDate>'
                          'Mon, %02d Nov 2026 %02d:00:00 +0000</pubDate>'
                          '<category>nyheter</category><description><![CDATA['
                          '%s]]></description><content:encoded><![CDATA[<p>%s'
                          '</p><p><strong>%s</strong> <a href="https://'
                          'example.no/?a=1&amp;b=2">lenke</a></p><p>%s</p>]]>'
                          '</content:encoded></item>\n'
                          % (para()[:60], f, i, f, i, i % 7, i % 28 + 1,
                             i % 24, para(), para(), para(), para()))
            out.write("</channel></rss>\n")
PY
python3 "$S/tests/bench/gen-feed.py" rss "$HUGE_MB" "$DIR/huge.xml" >/dev/null
printf 'set max-size %d\nfeed file://%s/huge.xml "Huge"\n' \
    $((HUGE_MB * 2 + 16)) "$DIR" >"$DIR/huge.conf"

NEWSRAFT=${NEWSRAFT:-$(command -v newsraft || :)}
python3 - "$TIDENDE" "$DIR" "$NEWSRAFT" <<'PY'
import os, subprocess, sys, time
tidende, d, newsraft = sys.argv[1], sys.argv[2], sys.argv[3]
def fresh(db):
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.unlink(f)
def run(what, cmd):
    t = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, st, ru = os.wait4(p.pid, 0)
    if st != 0:
        sys.exit("store-bench: %s failed" % cmd[0])
    w = time.monotonic() - t
    print("%s: %.2f s wall, %.2f s user, %.2f s sys (%.2f cores), peak "
          "RSS %.0f MB" % (what, w, ru.ru_utime, ru.ru_stime,
          (ru.ru_utime + ru.ru_stime) / w, ru.ru_maxrss / 1024))
db = d + "/cache.db"
fresh(db)
tid = [tidende, "-q", "-c", d + "/feeds.conf", "-d", db, "refresh"]
t0 = time.monotonic()
run("cold refresh (the search index while idle, the rest detached)", tid)
# `tidende index` waits for a detached indexer and indexes what is left
subprocess.run([tidende, "-d", db, "index", "-q"])
print("cold refresh until the search index is complete: %.2f s wall"
      % (time.monotonic() - t0))
run("warm refresh", tid)
if newsraft:
    # the same file:// feeds; newsraft builds no search index
    with open(d + "/nr-feeds", "w") as out:
        for line in open(d + "/feeds.conf"):
            out.write(line.split()[1] + "\n")
    open(d + "/nr-config", "w").close()
    fresh(d + "/nr.db")
    run("newsraft cold reload-all", [newsraft, "-f", d + "/nr-feeds", "-c",
        d + "/nr-config", "-d", d + "/nr.db", "-e", "reload-all"])
else:
    print("newsraft: not installed (NEWSRAFT=PATH to compare)")
PY

LIBS=$(pkg-config --libs ncursesw libcurl libxml-2.0 sqlite3 json-c 2>/dev/null ||
    echo "-lncursesw -ltinfo -lcurl -lxml2 -lsqlite3 -ljson-c")
$CC -O2 -I"$S/include" -I"$B" "$S/tests/bench/loop-gap.c" "$B/libtidende.a" \
    $LIBS -lm -o "$DIR/loop-gap"
RUNS=${RUNS:-1}
# huge_runs WHAT CONF DB: RUNS cold stores of the huge feed, a line each
huge_runs() {
	_n=0
	while [ $_n -lt "$RUNS" ]; do
		rm -f "$3" "$3-wal" "$3-shm"
		printf '%s: ' "$1"
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f %M -o "$DIR/rss" "$DIR/loop-gap" \
			    "$2" "$3" | tail -1 | tr -d '\n'
			printf ', peak RSS %d MB\n' $(($(cat "$DIR/rss") / 1024))
		else
			"$DIR/loop-gap" "$2" "$3" | tail -1
		fi
		_n=$((_n + 1))
	done
}
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%d", (NR % 2) ?
	    v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# runs_summary WHAT FILE: medians of the lines huge_runs printed
runs_summary() {
	[ "$RUNS" -gt 1 ] || return 0
	echo "$1: median longest pass $(sed -n 's/.*longest pass gap \([0-9]*\) ms.*/\1/p' "$2" | median) ms, median peak RSS $(sed -n 's/.*peak RSS \([0-9]*\) MB.*/\1/p' "$2" | median) MB ($RUNS runs; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null))"
}
huge_runs 'huge feed, cold' "$DIR/huge.conf" "$DIR/huge.db" | tee "$DIR/runs"
runs_summary 'huge feed, cold' "$DIR/runs"
printf 'huge feed, again (nothing changed): '
"$DIR/loop-gap" "$DIR/huge.conf" "$DIR/huge.db" | tail -1

python3 "$S/tests/httpd.py" --port-file "$DIR/httpd.port" --root "$DIR" \
    >/dev/null 2>&1 &
HTTPD_PID=$!
i=0
while [ ! -s "$DIR/httpd.port" ] && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
if [ -s "$DIR/httpd.port" ]; then
	printf 'set max-size %d\nfeed http://127.0.0.1:%s/plain/huge.xml "Huge"\n' \
	    $((HUGE_MB * 2 + 16)) "$(cat "$DIR/httpd.port")" >"$DIR/http.conf"
	huge_runs 'huge feed over HTTP, cold' "$DIR/http.conf" \
	    "$DIR/http.db" | tee "$DIR/runs"
	runs_summary 'huge feed over HTTP, cold' "$DIR/runs"
else
	echo "huge feed over HTTP: could not start tests/httpd.py"
fi
