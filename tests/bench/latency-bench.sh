#!/bin/sh
# tests/bench/latency-bench.sh: a refresh bound by latency, not CPU (issue
# 17).  HOSTS test servers on 127.0.0.2, 127.0.0.3, ... (loopback only)
# serve FEEDS generated feeds x ITEMS items between them (feeds shuffled
# over hosts, in a shuffled config order); each feed answers after a delay
# drawn from a fixed seed: most 50 ms to 1 s, some 1 to 2.5 s, a few 3 to
# 3.9 s.  ETag and If-None-Match are honoured.  Measures a cold refresh
# with the default connection options against the old ones
# (max-connections 16, max-host-connections 2), paired runs A B A B ...,
# medians of wall time and peak RSS; then the same feeds with no delay
# (the memory bound of a cold refresh on loopback), then a warm refresh
# with the delays (every feed answers 304 after its delay, into a cache
# one cold refresh of the same binary filled, copied for each run).
# Goal: about the slowest answer + 0.5 s; peak RSS well under 64 MB.
#
# Prints `NAME: VALUE UNIT (what)` lines (tests/bench/README).
# Usage: sh tests/bench/latency-bench.sh [TIDENDE]
# HOSTS (100), FEEDS (500), ITEMS (30), RUNS (3 pairs), SEED (17),
# MODES ("delay nodelay warm": which of the three to run), OLD ("16 2":
# max-connections and max-host-connections of run A), NEW (the same for
# run B; empty: the defaults); BASE, the path of another tidende binary
# (e.g. a build of main): then run A is that binary with the same
# settings as run B, to compare two builds pair by pair.  Side by side in
# the same rounds, with
# their own defaults: newsraft when NEWSRAFT names its binary (it is not
# in Debian: build it by hand) and newsboat when installed (reload-threads
# 8, as in fetch-bench.sh); PEERS=no leaves them out.
set -u

TIDENDE=${1:-${TIDENDE:-./tidende}}
HOSTS=${HOSTS:-100}
FEEDS=${FEEDS:-500}
ITEMS=${ITEMS:-30}
RUNS=${RUNS:-3}
SEED=${SEED:-17}
OLD=${OLD:-16 2}
[ -x /usr/bin/time ] || { echo "latency-bench: /usr/bin/time not installed"; exit 0; }
[ "$HOSTS" -le 200 ] || { echo "latency-bench: HOSTS at most 200"; exit 1; }

W=$(mktemp -d "${BENCH_OUT:-${TMPDIR:-/tmp}}/latency-bench.XXXXXX")
SRV_PID=
cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
mkdir -p "$W/home"

# ---------------------------------------------------------------- servers
# One process, one threaded server per host address; writes the config
# lines (shuffled) to $W/feeds and the port to $W/port when listening.
cat >"$W/srv.py" <<'PYEOF'
import hashlib, os, random, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
w, hosts, nfeeds, nitems, seed = sys.argv[1], int(sys.argv[2]), \
    int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rnd = random.Random(seed)
para = ("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
        "eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim "
        "ad minim veniam, quis nostrud exercitation ullamco laboris.</p>\n")
body = (para * 11).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
def feed(f):
    s = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
         "<title>Feed %d</title><link>http://example.org/%d</link>"
         "<description>Bench feed %d</description>\n" % (f, f, f)]
    for i in range(nitems):
        s.append("<item><title>Article %d of feed %d</title>"
                 "<link>http://example.org/%d/%d</link><guid>f%d-i%d</guid>"
                 "<pubDate>Tue, 14 Nov 2023 %02d:%02d:00 GMT</pubDate>"
                 "<description>%s</description></item>\n"
                 % (i, f, f, i, f, i, i % 24, i % 60, body))
    s.append("</channel></rss>\n")
    return "".join(s).encode()
delay, host, data, etag = {}, {}, {}, {}
for f in range(nfeeds):
    r = rnd.random()
    delay[f] = rnd.uniform(0.05, 1.0) if r < 0.85 else \
        rnd.uniform(1.0, 2.5) if r < 0.97 else rnd.uniform(3.0, 3.9)
    host[f] = rnd.randrange(hosts)
    data[f] = feed(f)
    etag[f] = '"%s"' % hashlib.sha1(data[f]).hexdigest()[:16]
nodelay = os.path.exists(os.path.join(w, "nodelay"))
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def do_GET(self):
        try:
            f = int(self.path.rsplit("/", 1)[1].split(".")[0][1:])
            d = data[f]
        except (ValueError, KeyError, IndexError):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not os.path.exists(os.path.join(w, "nodelay")):
            time.sleep(delay[f])
        if self.headers.get("If-None-Match") == etag[f]:
            self.send_response(304)
            self.send_header("ETag", etag[f])
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(d)))
        self.send_header("ETag", etag[f])
        self.end_headers()
        self.wfile.write(d)
class S(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
first = S(("127.0.0.2", 0), H)
port = first.server_address[1]
servers = [first] + [S(("127.0.0.%d" % (h + 2), port), H)
                     for h in range(1, hosts)]
for s in servers:
    threading.Thread(target=s.serve_forever, daemon=True).start()
order = list(range(nfeeds))
rnd.shuffle(order)
with open(os.path.join(w, "feeds"), "w") as out:
    for f in order:
        out.write("feed http://127.0.0.%d:%d/f%d.xml\n" % (host[f] + 2, port, f))
ds = sorted(delay.values())
with open(os.path.join(w, "delays"), "w") as out:
    out.write("%.2f %.2f %.2f\n" % (ds[0], ds[len(ds) // 2], ds[-1]))
with open(os.path.join(w, "port.tmp"), "w") as out:
    out.write("%d\n" % port)
os.rename(os.path.join(w, "port.tmp"), os.path.join(w, "port"))
threading.Timer(1800, lambda: os._exit(0)).start()
threading.Event().wait()
PYEOF
python3 "$W/srv.py" "$W" "$HOSTS" "$FEEDS" "$ITEMS" "$SEED" 2>"$W/srv.err" &
SRV_PID=$!
i=0
while [ ! -s "$W/port" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$W/port" ] || { echo "latency-bench: server did not start"; cat "$W/srv.err"; exit 1; }
set -- $(cat "$W/delays")
echo "latency-bench: $("$TIDENDE" --version | head -1); $FEEDS feeds x $ITEMS items on $HOSTS hosts, delays $1 s to $3 s (median $2 s, seed $SEED)"

# run LABEL CONF: one cold refresh into a new cache; appends "wall rss"
# to $W/LABEL.
n=0
run() {
	n=$((n + 1))
	_bin=$TIDENDE
	[ "$1" = old ] && [ -n "${BASE:-}" ] && _bin=$BASE
	if [ "$mode" = warm ]; then
		# one untimed cold refresh fills the cache each run starts from
		if [ ! -f "$W/warm-$1.db" ]; then
			"$_bin" -c "$2" -d "$W/warm-$1.db" refresh >/dev/null 2>&1
			"$_bin" -d "$W/warm-$1.db" index -q
		fi
		cp "$W/warm-$1.db" "$W/r$n.db"
	fi
	HOME="$W/home" XDG_CONFIG_HOME="$W/home/c" XDG_DATA_HOME="$W/home/d" \
	    /usr/bin/time -v "$_bin" -c "$2" -d "$W/r$n.db" refresh \
	    >"$W/out" 2>"$W/time" </dev/null
	_rc=$?
	_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$W/time")
	_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$W/time")
	_ok=$(grep -c ' new, ' "$W/out")
	# a detached search indexer ends before the next run
	"$TIDENDE" -d "$W/r$n.db" index -q
	echo "$_wall $_rss" >>"$W/$1"
	printf '  %s: %.2f s, peak RSS %s MB, %d feeds with new articles, exit %d\n' \
	    "$1" "$_wall" "$_rss" "$_ok" "$_rc"
	rm -f "$W/r$n.db" "$W/r$n.db-wal" "$W/r$n.db-shm"
}
# peer LABEL COMMAND...: one cold refresh by another reader (its cache
# under $W/peer); appends "wall rss" to $W/LABEL.
peer() {
	_l=$1; shift
	rm -rf "$W/peer"; mkdir -p "$W/peer"
	if [ "$mode" = warm ]; then
		# its cache after one untimed cold refresh of its own
		if [ ! -d "$W/warm-$_l" ]; then
			HOME="$W/home" XDG_CONFIG_HOME="$W/home/c" \
			    XDG_DATA_HOME="$W/home/d" "$@" >/dev/null 2>&1 \
			    </dev/null
			cp -r "$W/peer" "$W/warm-$_l"
		fi
		rm -rf "$W/peer"; cp -r "$W/warm-$_l" "$W/peer"
	fi
	HOME="$W/home" XDG_CONFIG_HOME="$W/home/c" XDG_DATA_HOME="$W/home/d" \
	    /usr/bin/time -f '%e %M %x' "$@" >"$W/out" 2>"$W/time" </dev/null
	set -- $(tail -1 "$W/time")
	_rss=$(awk -v k="$2" 'BEGIN { printf "%.1f", k / 1024 }')
	echo "$1 $_rss" >>"$W/$_l"
	printf '  %s: %.2f s, peak RSS %s MB, exit %s\n' "$_l" "$1" "$_rss" "$3"
}
NR=${NEWSRAFT:-}
[ -n "$NR" ] && [ ! -x "$NR" ] && NR=
NB=$(command -v newsboat || true)
if [ "${PEERS:-yes}" = no ]; then NR= NB=; fi
awk '{ print $2 }' "$W/feeds" >"$W/urls"
: >"$W/nr.conf"
printf 'reload-threads 8\n' >"$W/nb.conf"
median() {	# FILE COLUMN
	sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

set -- $OLD
{
	echo "set refresh-on-start no"
	[ -n "${NEW:-}" ] && printf 'set max-connections %s\nset max-host-connections %s\n' $NEW
	cat "$W/feeds"
} >"$W/new.conf"
{
	echo "set refresh-on-start no"
	echo "set max-connections $1"
	echo "set max-host-connections $2"
	cat "$W/feeds"
} >"$W/old.conf"
OLDDESC="max-connections $1, max-host-connections $2"
if [ -n "${BASE:-}" ]; then
	cp "$W/new.conf" "$W/old.conf"
	OLDDESC="BASE $BASE, same settings as the new"
fi
NEWDESC=default; [ -n "${NEW:-}" ] && NEWDESC=$(echo $NEW | awk '{ printf "max-connections %s, max-host-connections %s", $1, $2 }')

for mode in ${MODES:-delay nodelay warm}; do
	if [ $mode = nodelay ]; then : >"$W/nodelay"; else rm -f "$W/nodelay"; fi
	rm -f "$W/old" "$W/new" "$W/newsraft" "$W/newsboat"
	echo "latency $mode rounds ($(uptime | sed 's/.*load/load/'))"
	i=0
	while [ $i -lt "$RUNS" ]; do
		run old "$W/old.conf"
		run new "$W/new.conf"
		[ -n "$NR" ] && peer newsraft "$NR" -f "$W/urls" -c "$W/nr.conf" \
		    -d "$W/peer/nr.db" -e reload-all
		[ -n "$NB" ] && peer newsboat "$NB" -C "$W/nb.conf" -u "$W/urls" \
		    -c "$W/peer/nb.db" -x reload
		i=$((i + 1))
	done
	what="cold refresh, $FEEDS feeds on $HOSTS hosts"
	case $mode in
	delay) what="$what, answers after the delays" ;;
	nodelay) what="$what, no delay" ;;
	warm) what="warm refresh (all 304), $FEEDS feeds on $HOSTS hosts, answers after the delays" ;;
	esac
	echo "latency $mode old ($OLDDESC): $(median "$W/old" 1) s (median wall of $RUNS; $what; peak RSS $(median "$W/old" 2) MB)"
	echo "latency $mode ${NEWDESC}: $(median "$W/new" 1) s (median wall of $RUNS; $what; peak RSS $(median "$W/new" 2) MB)"
	for p in newsraft newsboat; do
		if [ -s "$W/$p" ]; then
			echo "latency $mode $p: $(median "$W/$p" 1) s (median wall of $RUNS; $what; peak RSS $(median "$W/$p" 2) MB)"
		elif [ "${PEERS:-yes}" = no ]; then
			echo "latency $mode $p: left out (PEERS=no)"
		else
			echo "latency $mode $p: not installed"
		fi
	done
done
