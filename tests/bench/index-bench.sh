#!/bin/sh
# tests/bench/index-bench.sh (issue 17): the search index off `refresh`'s
# critical path, one binary against another in paired runs A B A B.
# For each run: the refresh's wall and CPU time (its own process: a
# detached indexer is not its child), then the wall time until the search
# index is complete (`tidende index -q` right after, which waits for a
# detached indexer to finish and indexes what is left), in three
# scenarios:
#
#   loopback  FEEDS x ITEMS (500 x 30) from nginx on 127.0.0.1
#   build     BFEEDS x BITEMS (200 x 500) file:// feeds: the
#             100,000-article build of issue 17
#   latency   latency-bench.sh's server: 500 feeds on 100 hosts answering
#             after 0.05-3.9 s (seed 17)
#
# Usage: BEFORE=OLD_BINARY sh tests/bench/index-bench.sh [TIDENDE]
# RUNS (3 pairs), SCENARIOS ("loopback build latency"); NEWSRAFT=PATH runs
# newsraft once a round beside them.  Medians are printed as
# `NAME: VALUE UNIT (what)` lines (tests/bench/README).  A BEFORE binary
# without the `index` command is taken to index before it exits.
set -u

TIDENDE=${1:-${TIDENDE:-./tidende}}
BEFORE=${BEFORE:-}
RUNS=${RUNS:-3}
S=$(cd "$(dirname "$0")/../.." && pwd)
[ -n "$BEFORE" ] || { echo "index-bench: BEFORE=BINARY to compare with"; exit 0; }
W=$(mktemp -d "${BENCH_OUT:-${TMPDIR:-/tmp}}/index-bench.XXXXXX")
NGINX_PID= SRV_PID=
cleanup() {
	[ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$W/www" "$W/tmp" "$W/home" "$W/files"
chmod 755 "$W" "$W/www"

# the feeds: nginx's (as fetch-bench.sh), file:// ones (as store-bench.sh)
python3 - "$W/www" "${FEEDS:-500}" "${ITEMS:-30}" <<'EOF'
import os, sys
root, nfeeds, nitems = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
para = ("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
        "eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim "
        "ad minim veniam, quis nostrud exercitation ullamco laboris.</p>\n")
body = (para * 11).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
for f in range(nfeeds):
    with open(os.path.join(root, "f%d.xml" % f), "w") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
                  "<channel><title>Feed %d</title><link>http://example.org/%d"
                  "</link>\n" % (f, f))
        for i in range(nitems):
            out.write("<item><title>Article %d of feed %d</title><link>"
                      "http://example.org/%d/%d</link><guid>f%d-i%d</guid>"
                      "<description>%s</description></item>\n"
                      % (i, f, f, i, f, i, body))
        out.write("</channel></rss>\n")
EOF
DIR=$W/files FEEDS=${BFEEDS:-200} ITEMS=${BITEMS:-500}
eval "$(sed -n '/^python3 - "\$DIR" "\$FEEDS" "\$ITEMS" <<.PY.$/,/^PY$/p' \
    "$S/tests/bench/store-bench.sh")"

NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null)
. "$S/tests/bench/nginx-lib.sh"
nginx_start
i=0
while [ $i -lt "${FEEDS:-500}" ]; do
	echo "feed http://127.0.0.1:$PORT/f$i.xml"; i=$((i + 1))
done >"$W/loopback.conf"
cp "$W/files/feeds.conf" "$W/build.conf"

# latency-bench.sh's server, as it is there
sed -n "/^cat >\"\$W\/srv.py\" <<'PYEOF'$/,/^PYEOF$/p" \
    "$S/tests/bench/latency-bench.sh" | sed '1d;$d' >"$W/srv.py"
python3 "$W/srv.py" "$W" 100 500 30 17 2>"$W/srv.err" &
SRV_PID=$!
i=0
while [ ! -s "$W/port" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
{ echo "set refresh-on-start no"; cat "$W/feeds"; } >"$W/latency.conf"
awk '{ print $2 }' "$W/feeds" >"$W/latency.urls"
awk '{ print $2 }' "$W/loopback.conf" >"$W/loopback.urls"
awk '{ print $2 }' "$W/build.conf" >"$W/build.urls"

python3 - "$W" "$BEFORE" "$TIDENDE" "$RUNS" "${SCENARIOS:-loopback build latency}" \
    "${NEWSRAFT:-}" <<'EOF'
import os, statistics, subprocess, sys, time
w, before, after, runs, scenarios, newsraft = sys.argv[1:7]
runs = int(runs)
env = dict(os.environ, HOME=w + "/home", XDG_CONFIG_HOME=w + "/home/c",
           XDG_DATA_HOME=w + "/home/d", XDG_STATE_HOME=w + "/home/s")
def fresh(db):
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            os.unlink(f)
def has_index(binary):
    return subprocess.run([binary, "index", "--help"], env=env,
                          capture_output=True).returncode == 0
def one(binary, conf, db):
    fresh(db)
    t = time.monotonic()
    p = subprocess.Popen([binary, "-q", "-c", conf, "-d", db, "refresh"],
                         env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, st, ru = os.wait4(p.pid, 0)
    t1 = time.monotonic()
    if has_index(binary):
        subprocess.run([binary, "-d", db, "index", "-q"], env=env)
    t2 = time.monotonic()
    return t1 - t, ru.ru_utime + ru.ru_stime, t2 - t, ru.ru_maxrss / 1024
def peer(conf, scen):
    d = w + "/nr"
    subprocess.run(["rm", "-rf", d]); os.makedirs(d)
    open(d + "/config", "w").close()
    t = time.monotonic()
    p = subprocess.Popen([newsraft, "-f", "%s/%s.urls" % (w, scen), "-c",
                          d + "/config", "-d", d + "/nr.db", "-e",
                          "reload-all"], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, st, ru = os.wait4(p.pid, 0)
    return time.monotonic() - t, ru.ru_utime + ru.ru_stime
for scen in scenarios.split():
    conf = "%s/%s.conf" % (w, scen)
    res = {"before": [], "after": [], "newsraft": []}
    for r in range(runs):
        for label, binary in (("before", before), ("after", after)):
            res[label].append(one(binary, conf, w + "/t.db"))
        if newsraft:
            res["newsraft"].append(peer(conf, scen))
    for label in ("before", "after"):
        v = res[label]
        print("index %s %s: refresh %.2f s wall, %.2f s CPU; index complete "
              "at %.2f s; peak RSS %.0f MB (medians of %d; walls: %s)"
              % (scen, label, statistics.median(x[0] for x in v),
                 statistics.median(x[1] for x in v),
                 statistics.median(x[2] for x in v),
                 statistics.median(x[3] for x in v), len(v),
                 " ".join("%.2f" % x[0] for x in v)))
    if res["newsraft"]:
        v = res["newsraft"]
        print("index %s newsraft: %.2f s wall, %.2f s CPU (medians of %d)"
              % (scen, statistics.median(x[0] for x in v),
                 statistics.median(x[1] for x in v), len(v)))
    sys.stdout.flush()
EOF
