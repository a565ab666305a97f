#!/bin/sh
# tests/bench/parse-bench.sh [MB]: `tidende parse` (output to /dev/null, one
# core) on generated WordPress-style RSS (content:encoded, Norwegian text,
# some CJK and emoji), Atom with nested xml:base and JSON Feed; sfeed(1) on
# the same RSS and Atom when installed.  Peak memory must stay flat as the
# document grows.  Goal: >= 60 MB/s.  Not part of `make check`.
set -e
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TIDENDE:=$TOP_SRCDIR/tidende}"
MB=${1:-50}
if [ -n "${BENCH_OUT:-}" ]; then
	DIR=$BENCH_OUT
else
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/parse-bench.XXXXXX")
	trap 'rm -rf "$DIR"' EXIT
fi
command -v python3 >/dev/null 2>&1 || { echo "parse: python3 not installed"; exit 1; }

gen() { python3 "$TOP_SRCDIR/tests/bench/gen-feed.py" "$@"; }
gen rss "$MB" "$DIR/feed.rss"
gen atom "$MB" "$DIR/feed.atom"
gen json "$(python3 -c "print($MB / 5)")" "$DIR/feed.json"
gen rss "$(python3 -c "print($MB / 10)")" "$DIR/small.rss"
gen rss-escaped "$MB" "$DIR/escaped.rss"

# libxml2 alone (tests/bench/xml-floor.c): what no parser on it can beat.
CC=${CC:-cc}
FLOOR=
if $CC -O2 $(pkg-config --cflags libxml-2.0) \
    "$TOP_SRCDIR/tests/bench/xml-floor.c" $(pkg-config --libs libxml-2.0) \
    -o "$DIR/xml-floor" 2>"$DIR/xml-floor.log"; then
	FLOOR=$DIR/xml-floor
else
	echo "xml-floor: could not be built (see $DIR/xml-floor.log)"
fi

# measure NAME WHAT FILE CMD...: best of three runs, FILE on stdin and
# stdout to /dev/null.  Prints MB/s by CPU time (user + system: what holds
# on a shared machine), by wall time, items per second and peak memory.
measure() {
	python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
name, what, path, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
size = os.path.getsize(path) / 1048576.0
best_wall = best_cpu = None
for _ in range(3):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    with open(path, "rb") as f, open(os.devnull, "wb") as out:
        subprocess.run(cmd, stdin=f, stdout=out, check=True)
    wall = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    best_wall = wall if best_wall is None else min(best_wall, wall)
    best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
print("%s: %.1f MB/s (CPU time, %s, %.0f MB)" % (name, size / max(best_cpu, 1e-6), what, size))
print("%s-wall: %.1f MB/s (wall clock, same run)" % (name, size / best_wall))
print("%s-peak-memory: %.1f MB (maximum resident set)" % (name, peak))
PY
}

items=$("$TIDENDE" parse "$DIR/feed.rss" | grep -c '^{"id"' || true)
echo "parse-workload: $items items ($MB MB WordPress-style RSS)"
measure parse-rss "tidende parse, WordPress RSS" "$DIR/feed.rss" "$TIDENDE" parse -
measure parse-rss-small "tidende parse, the same RSS at a tenth" "$DIR/small.rss" "$TIDENDE" parse -
measure parse-atom "tidende parse, Atom with xml:base" "$DIR/feed.atom" "$TIDENDE" parse -
measure parse-json "tidende parse, JSON Feed" "$DIR/feed.json" "$TIDENDE" parse -
measure parse-rss-escaped "tidende parse, the RSS with escaped markup, no CDATA" \
    "$DIR/escaped.rss" "$TIDENDE" parse -
if [ -n "$FLOOR" ]; then
	measure xml-floor-rss "libxml2 alone, callbacks empty, the same RSS" \
	    "$DIR/feed.rss" "$FLOOR"
	measure xml-floor-atom "libxml2 alone, the same Atom" \
	    "$DIR/feed.atom" "$FLOOR"
	measure xml-floor-rss-escaped "libxml2 alone, the escaped RSS" \
	    "$DIR/escaped.rss" "$FLOOR"
fi
if command -v sfeed >/dev/null 2>&1; then
	measure sfeed-rss "sfeed, the same RSS" "$DIR/feed.rss" sfeed
	measure sfeed-atom "sfeed, the same Atom" "$DIR/feed.atom" sfeed
	measure sfeed-rss-escaped "sfeed, the escaped RSS" "$DIR/escaped.rss" sfeed
else
	echo "sfeed: not installed (apt-get install sfeed)"
fi
