#!/bin/sh
# tests/bench/config-bench.sh: reading big configs and OPML files, which
# must take time linear in the number of feeds (a whole newsboat or web
# reader export is imported at once).  Never part of `make check`.
#
#   check N    `tidende -c FILE config --check` of N feed lines
#   import N   `import-opml` of N feeds in 100 folders into a new config
#   again N    the same import again (every feed a duplicate)
#   export N   `export-opml` of the N feeds
#
# Usage: sh tests/bench/config-bench.sh [TIDENDE]; SIZES="1000 10000 50000".
set -u

TIDENDE=${1:-${TIDENDE:-./tidende}}
SIZES=${SIZES:-1000 10000 50000}
[ -x /usr/bin/time ] || { echo "config-bench: /usr/bin/time not installed"; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "config-bench: python3 not installed"; exit 0; }

W=${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/tidende-bench.XXXXXX")}
mkdir -p "$W/home"
export HOME="$W/home" XDG_CONFIG_HOME="$W/home/config"

# measure NAME N COMMAND...: one line with seconds and peak RSS.
measure() {
	_name=$1 _n=$2; shift 2
	if /usr/bin/time -f '%e %M' -o "$W/time" "$@" >"$W/out" 2>"$W/err"; then
		read -r _s _kb <"$W/time"
		echo "config-$_name-$_n: $_s s, $((_kb / 1024)) MB peak ($*)"
	else
		echo "config-$_name-$_n: failed: $(head -1 "$W/err")"
	fi
}

for n in $SIZES; do
	python3 - "$W" "$n" <<'PY'
import sys
w, n = sys.argv[1], int(sys.argv[2])
with open("%s/c%d.conf" % (w, n), "w") as f:
    for i in range(n):
        f.write('feed https://host%d.example.com/news/feed.xml "Feed number %d" '
                'tag%d other lang=en refresh=2h\n' % (i, i, i % 50))
with open("%s/f%d.opml" % (w, n), "w") as f:
    f.write('<?xml version="1.0"?><opml version="2.0"><head/><body>\n')
    per = max(1, n // 100)
    for g in range(0, n, per):
        f.write('<outline text="Folder %d">\n' % g)
        for i in range(g, min(n, g + per)):
            f.write('<outline type="rss" text="Feed %d" title="Feed %d" '
                    'xmlUrl="https://host%d.example.com/news/feed.xml"/>\n' % (i, i, i))
        f.write('</outline>\n')
    f.write('</body></opml>\n')
PY
	rm -f "$W/i$n.conf"
	measure check "$n" "$TIDENDE" -c "$W/c$n.conf" config --check
	measure import "$n" "$TIDENDE" -q -c "$W/i$n.conf" import-opml "$W/f$n.opml"
	measure again "$n" "$TIDENDE" -q -c "$W/i$n.conf" import-opml "$W/f$n.opml"
	measure export "$n" "$TIDENDE" -c "$W/i$n.conf" export-opml
done
[ -n "${BENCH_OUT:-}" ] || rm -rf "$W"
