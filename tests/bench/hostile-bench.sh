#!/bin/sh
# tests/bench/hostile-bench.sh: how long the defences take, figures that
# were once timing limits inside tests (issue 22) and belong here:
#   - `tidende parse` of a billion-laughs document (ten levels of ten
#     entity references) and of one 50 KB entity referenced 20,000 times
#     (tests/unit/test-parse.c checks only that the output stays small);
#     goal: well under 1 s and 2 s (0.1 s on an -O2 build);
#   - `tidende refresh` of a feed whose server stalls for an hour, with
#     download-timeout 2 (net/errors-test.sh checks the "timed out" reason);
#     goal: about 2 s.
# Not part of `make check`.
set -e
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TIDENDE:=$TOP_SRCDIR/tidende}"
if [ -n "${BENCH_OUT:-}" ]; then
	DIR=$BENCH_OUT
else
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/hostile-bench.XXXXXX")
	trap 'rm -rf "$DIR"' EXIT
fi
command -v python3 >/dev/null 2>&1 || { echo "hostile: python3 not installed"; exit 1; }

python3 - "$DIR" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/laughs.xml", "w") as f:
    f.write('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 "lol">\n')
    for i in range(1, 10):
        f.write('<!ENTITY lol%d "%s">\n' % (i, ("&lol%d;" % (i - 1)) * 10))
    f.write(']>\n<rss version="2.0"><channel><title>&lol9;</title><item>'
            '<title>&lol9;&lol9;</title></item></channel></rss>')
with open(d + "/quadratic.xml", "w") as f:
    f.write('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "%s">\n'
            '<!ENTITY small "%s">\n]>\n<rss version="2.0"><channel><title>'
            % ("x" * 50000, "y" * 1000))
    f.write("&big;&small;" * 20000)
    f.write("</title></channel></rss>")
PY

# wall NAME WHAT CMD...: the best wall-clock time of three runs.
wall() {
	python3 - "$@" <<'PY'
import subprocess, sys, time
name, what, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
best = None
for _ in range(3):
    t0 = time.monotonic()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.monotonic() - t0
    best = t if best is None else min(best, t)
print("%s: %.3f s (%s)" % (name, best, what))
PY
}

wall hostile-laughs "tidende parse, billion laughs" \
    sh -c '"$0" parse - <"$1"' "$TIDENDE" "$DIR/laughs.xml"
wall hostile-quadratic "tidende parse, one 50 KB entity x 20,000" \
    sh -c '"$0" parse - <"$1"' "$TIDENDE" "$DIR/quadratic.xml"

# A server that stalls after the headers.
python3 "$TOP_SRCDIR/tests/httpd.py" --port-file "$DIR/port" >"$DIR/httpd.out" 2>&1 &
httpd=$!
i=0
while [ ! -s "$DIR/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
if [ -s "$DIR/port" ]; then
	printf 'set download-timeout 2\nfeed http://127.0.0.1:%s/stall/3600 "Stalling"\n' \
	    "$(cat "$DIR/port")" >"$DIR/config"
	wall hostile-stall "tidende refresh, server stalls, download-timeout 2" \
	    "$TIDENDE" -c "$DIR/config" -d "$DIR/cache.db" refresh
else
	echo "hostile-stall: the test HTTP server did not start"
fi
kill "$httpd" 2>/dev/null || :
