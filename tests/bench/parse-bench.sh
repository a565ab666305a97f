#!/bin/sh
# tests/bench/parse-bench.sh [MB]: throughput of `tidende parse` on a
# generated WordPress-style RSS feed (content:encoded, Norwegian text, some
# CJK and emoji) and an Atom feed with xml:base, one core, output to
# /dev/null; and of sfeed(1) on the same RSS file when it is installed.
# Goal: >= 60 MB/s and >= 1.5 x sfeed.  Not part of `make check`.
set -e
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TIDENDE:=$TOP_SRCDIR/tidende}"
MB=${1:-50}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/parse-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

python3 "$TOP_SRCDIR/tests/bench/gen-feed.py" rss "$MB" "$DIR/feed.rss"
python3 "$TOP_SRCDIR/tests/bench/gen-feed.py" atom "$MB" "$DIR/feed.atom"

# rate FILE CMD...: "W MB/s wall, C MB/s CPU", best of three runs with
# FILE on stdin and stdout to /dev/null.  The CPU figure (user + system
# time of the process) is the one that holds on a shared, loaded machine.
rate() {
	python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
path, cmd = sys.argv[1], sys.argv[2:]
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
print("%6.1f MB/s wall, %6.1f MB/s CPU" % (size / best_wall, size / max(best_cpu, 1e-6)))
PY
}

cpu="taskset -c 0"
command -v taskset >/dev/null 2>&1 || cpu=

size=$(python3 -c "print('%.1f' % ($(wc -c <"$DIR/feed.rss") / 1048576.0))")
items=$("$TIDENDE" parse "$DIR/feed.rss" | grep -c '^{"id"' || true)
echo "workload: $size MB WordPress-style RSS, $items items"
echo "tidende parse (RSS):  $(rate "$DIR/feed.rss" $cpu "$TIDENDE" parse -)"
echo "tidende parse (Atom): $(rate "$DIR/feed.atom" $cpu "$TIDENDE" parse -)"
if command -v sfeed >/dev/null 2>&1; then
	echo "sfeed (RSS):          $(rate "$DIR/feed.rss" $cpu sfeed)"
	echo "sfeed (Atom):         $(rate "$DIR/feed.atom" $cpu sfeed)"
else
	echo "sfeed: not installed (apt-get install sfeed)"
fi
