#!/bin/sh
# A full disk never loses articles quietly (issue 18, item 1).  Twelve
# HTTP feeds with ETag and Last-Modified are refreshed once; then every
# feed gets new articles and `refresh` runs where writes fail:
#   - unprivileged: with a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored),
#     so every write past it fails with EFBIG;
#   - as root: with the cache on a small tmpfs made here (ENOSPC).
# Each time: exit status 1 (not 0), the failure named on stderr, each
# feed not stored an error on its line, the "N new" lines add up to what
# the cache holds, the ETag of every feed not stored is the old one, and
# the next refresh (with room again) fetches those feeds in full, so
# every article arrives.  The interface says it on the status line.
. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
plan 19

NFEEDS=12
WWW="$T/www"
mkdir -p "$WWW"

# gen ROUND: feeds f0..f11, 30 articles each, numbered by ROUND (a new
# round is all new articles, so every feed changes its ETag).
gen() {
	python3 - "$WWW" "$1" "$NFEEDS" <<'EOF'
import sys
www, rnd, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
body = "Words of a body long enough to fill pages. " * 30
for f in range(n):
    with open("%s/f%d.xml" % (www, f), "w") as o:
        o.write('<?xml version="1.0"?><rss version="2.0"><channel>'
                '<title>Feed %d</title><link>http://127.0.0.1:1/</link>\n' % f)
        for i in range(30):
            o.write('<item><title>R%d feed %d article %d</title>'
                    '<guid>r%d-f%d-%d</guid><link>http://127.0.0.1:1/%d/%d/%d'
                    '</link><description>%s</description></item>\n'
                    % (rnd, f, i, rnd, f, i, rnd, f, i, body))
        o.write('</channel></rss>\n')
EOF
}

start_server --root "$WWW"

# etags DB: "URL ETAG" per feed, sorted.
etags() {
	python3 -c 'import sqlite3,sys
for u, e in sorted(sqlite3.connect(sys.argv[1]).execute("SELECT url, etag FROM feeds")):
    print(u, e)' "$1"
}
# added FILE: the sum of the "N new" counts of a refresh's output.
added() {
	sed -n 's/.*: \([0-9]*\) new, .*/\1/p' "$1" | awk '{ s += $1 } END { print s + 0 }'
}
# scenario NAME DIR [LIMIT]: the cache in DIR; writes fail past LIMIT
# percent of the cache's size (file size limit: the log the store writes
# starts at 0, so half the cache's size is reached by the store itself,
# not only by the search index built after it) or when DIR is full (a
# small tmpfs).
scenario() {
	name=$1 dir=$2 lim=${3:-}
	db="$dir/cache.db"
	conf="$T/config"
	: >"$conf"
	i=0
	while [ $i -lt $NFEEDS ]; do
		echo "feed $BASE/feed/f$i.xml" >>"$conf"
		i=$((i + 1))
	done
	echo "set refresh-on-start no" >>"$conf"
	gen 1
	"$TIDENDE" -c "$conf" -d "$db" refresh >"$T/r1.out" 2>&1
	before=$("$TIDENDE" -c "$conf" -d "$db" list --count)
	etags "$db" >"$T/etags-before"
	gen 2
	: >"$T/httpd.log"
	[ -n "$lim" ] || shrink
	if [ -n "$lim" ]; then
		size=$(wc -c <"$db")
		limited $((size * lim / 100)) "$TIDENDE" -c "$conf" -d "$db" \
		    refresh >"$T/r2.out" 2>"$T/r2.err"
	else
		"$TIDENDE" -c "$conf" -d "$db" refresh >"$T/r2.out" \
		    2>"$T/r2.err"
	fi
	rc=$?
	is "$name: refresh with failing writes exits 1" "$rc" 1
	like "$name: stderr names the cache and the feeds not stored" \
	    "$(cat "$T/r2.err")" "^tidende: [0-9]+ feeds? not stored \(fetched again in full next time\): .*cache\.db: "
	like "$name: a feed not stored is an error on its line" \
	    "$(cat "$T/r2.out")" ": error: not stored: .*cache\.db: "
	lost=$(grep -c ': error: not stored' "$T/r2.out")
	like "$name: the summary counts them as errors" \
	    "$(tail -1 "$T/r2.out")" "^$NFEEDS feeds: [0-9]+ new articles?, $lost errors?$"
	now=$("$TIDENDE" -c "$conf" -d "$db" list --count)
	is "$name: articles reported new are the articles stored" \
	    "$((now - before))" "$(added "$T/r2.out")"
	# feeds not stored keep the old ETag (the others have the new one)
	etags "$db" >"$T/etags-after"
	kept=0
	for u in $(sed -n 's/^\(Feed [0-9]*\): error: not stored.*/\1/p' "$T/r2.out" | sed 's/Feed /f/'); do
		grep -q "/$u\.xml " "$T/etags-after" || continue
		if grep -qxF "$(grep "/$u\.xml " "$T/etags-after")" "$T/etags-before"; then
			kept=$((kept + 1))
		fi
	done
	is "$name: every feed not stored keeps its old ETag" "$kept" "$lost"
	# room again: the feeds not stored come in full, nothing is lost
	[ -n "$lim" ] || grow
	: >"$T/httpd.log"
	"$TIDENDE" -c "$conf" -d "$db" refresh >"$T/r3.out" 2>"$T/r3.err"
	is "$name: with room again, refresh exits 0" "$?" 0
	is "$name: ... every feed not stored is fetched in full (200)" \
	    "$(awk '$7 == 200' "$T/httpd.log" | wc -l | tr -d ' ')" "$lost"
	is "$name: ... and every article is there" \
	    "$("$TIDENDE" -c "$conf" -d "$db" list --count)" \
	    $((NFEEDS * 30 * 2))
}

mkdir -p "$T/lim"
scenario "file size limit" "$T/lim" 50

# The interface: the start-up refresh says so on the status line.
gen 3
sed 's/^set refresh-on-start no/set refresh-on-start yes/' "$T/config" >"$T/config-ui"
# Two feeds at a time, as when this test was written: with the default
# (4) this refresh's writes stayed under the limit here and none failed.
echo 'set max-host-connections 2' >>"$T/config-ui"
size=$(wc -c <"$T/lim/cache.db")
cat >"$T/ui.sh" <<EOF
#!/bin/sh
exec python3 -c 'import os,resource,signal,sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
n = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
os.execv(sys.argv[2], sys.argv[2:])' $((size / 2)) "$TIDENDE" -c "$T/config-ui" -d "$T/lim/cache.db"
EOF
chmod +x "$T/ui.sh"
if command -v tmux >/dev/null 2>&1; then
	tmux_start 120 24 "$T/ui.sh"
	if tmux_wait_for "not stored" 60; then
		pass "interface: the status line says feeds were not stored"
	else
		fail "interface: the status line says feeds were not stored" "$(tmux_screen)"
	fi
	tmux_keys Q
else
	skip "interface: status line" "tmux not installed"
fi

# The tmpfs holds the first round, then shrinks to what it uses plus
# 150 kB for the second, then grows again for the third.
if [ "$(id -u)" != 0 ]; then
	for i in 1 2 3 4 5 6 7 8 9; do
		skip "tmpfs $i" "not root: cannot mount a small tmpfs"
	done
elif ! { mkdir -p "$T/mnt" && mount -t tmpfs -o size=16m tmpfs "$T/mnt"; } 2>"$T/mount.err"; then
	for i in 1 2 3 4 5 6 7 8 9; do
		skip "tmpfs $i" "cannot mount a tmpfs: $(head -1 "$T/mount.err")"
	done
else
	at_exit "umount '$T/mnt' 2>/dev/null"
	shrink() {
		used=$(du -sk "$T/mnt" | cut -f1)
		mount -o remount,size=$((used + 150))k "$T/mnt"
	}
	grow() { mount -o remount,size=16m "$T/mnt"; }
	scenario "tmpfs" "$T/mnt" ""
fi
finish
