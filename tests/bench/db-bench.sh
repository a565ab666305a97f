#!/bin/sh
# Cache benchmark (issue 4, issue 7): a generated cache of ITEMS articles
# over FEEDS feeds (one of them with 5,000), then the figures the issues
# ask for.  Not part of `make check`.  Run `make bench BENCH=db` (an -O2
# build without sanitizers, with tests/db/db-gen), or by hand in such a
# build:
#
#   make tests/db/db-gen && sh tests/bench/db-bench.sh [ITEMS [FEEDS [WORDS]]]
#
# ITEMS, FEEDS and WORDS (body words per article) may also come from the
# environment.  TIDENDE, TOP_BUILDDIR and BENCH_OUT as `make bench` sets
# them (BENCH_OUT: the cache is kept there; else a removed temp dir).
set -e
ITEMS=${1:-${ITEMS:-100000}}
FEEDS=${2:-${FEEDS:-200}}
WORDS=${3:-${WORDS:-120}}
B=${TOP_BUILDDIR:-.}
GEN="$B/tests/db/db-gen"
TIDENDE=${TIDENDE:-$B/tidende}
[ -x "$GEN" ] || { echo "db-bench: build $GEN first (make tests/db/db-gen)" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "db-bench: python3 needed for timing" >&2; exit 1; }
if [ -n "${BENCH_OUT:-}" ]; then
	DIR=$BENCH_OUT
else
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/tidende-bench.XXXXXX")
	trap 'rm -rf "$DIR"' EXIT
fi
DB="$DIR/cache.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
BIG=5000
PER=$(( (ITEMS - BIG) / (FEEDS - 1) ))

echo "tidende cache benchmark: $ITEMS articles over $FEEDS feeds ($PER each," \
    "one of $BIG), $WORDS words of body each; $(nproc) cores"
python3 - "$GEN" "$DB" "$FEEDS" "$PER" "$WORDS" "$BIG" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:2] + ["build"] + sys.argv[2:], check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("build (one transaction per feed, through db_store_feed): %.2f s "
      "(%.2f s CPU, generating the text included)"
      % (time.monotonic() - t, r.ru_utime + r.ru_stime))
PY
python3 - "$TIDENDE" "$DB" <<'PY'
import resource, subprocess, sys, time
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
def timed(cmd, n):
    runs = []
    c = cpu()
    for i in range(n):
        t = time.monotonic()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        runs.append((time.monotonic() - t) * 1000)
    runs.sort()
    return runs, (cpu() - c) * 1000 / n
cmd = [sys.argv[1], "-d", sys.argv[2], "list", "--unread", "--count"]
out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
runs, c = timed(cmd, 30)
print("`tidende list --unread --count` (%s) start to exit: median %.1f ms, "
      "best %.1f ms, worst %.1f ms of 30; %.1f ms CPU" % (out.strip(),
      runs[15], runs[0], runs[-1], c))
runs, c = timed([sys.argv[1], "--version"], 30)
print("  (for scale, `tidende --version`: median %.1f ms, best %.1f ms; "
      "%.1f ms CPU)" % (runs[15], runs[0], c))
cmd = [sys.argv[1], "-d", sys.argv[2], "search", "--limit", "50", "familietelefon"]
runs, c = timed(cmd, 10)
print("`tidende search --limit 50 familietelefon` start to exit: median "
      "%.1f ms, best %.1f ms; %.1f ms CPU" % (runs[5], runs[0], c))
PY
"$GEN" bench "$DB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
size=$(( $(stat -c %s "$DB") + $( [ -f "$DB-wal" ] && stat -c %s "$DB-wal" || echo 0) ))
echo "database size: $((size / 1048576)) MB, $((size / (ITEMS / 1000) / 1024)) KB per 1,000 articles"
