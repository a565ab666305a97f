#!/bin/sh
# tests/bench/ui-sync-bench.sh: keys in the interface while it syncs ITEMS
# server articles (default 3,000) from Debian's real Tiny Tiny RSS
# (tests/sync/ttrss-lib.sh).  Never part of `make check`.  Measures
# (issue 15: "the interface stays responsive during a sync"):
#
#   sync     the sync started with :sync, as its summary line says
#   key      from `j` or `k` sent through tmux to the selection moving on
#            the screen, for keys pressed one after another during the sync:
#            median and maximum (includes tmux and polling, ~5 ms)
#   pass     the longest gap in the debug log between a reply arriving and
#            the sync's next request: the loop pass that stored a page
#            (until pages were stored in slices; now the next request
#            leaves before the page is stored)
#   slice    the longest store slice (one loop pass each), from the log
#
# Prints one line per figure, `NAME: VALUE UNIT (what)` (tests/bench/README).
# Needs root, tmux and the tt-rss packages, like the sync tests; says why
# and exits 0 without them.
set -u
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TIDENDE:=${1:-./tidende}}"
TIDENDE=$(cd "$(dirname "$TIDENDE")" && pwd)/$(basename "$TIDENDE")
ITEMS=${ITEMS:-3000}

. "$TOP_SRCDIR/tests/lib.sh"
plan_skip() { echo "ui-sync-bench: $*"; exit 0; }
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
. "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"
ttrss_start
ttrss_add_user bench pw >/dev/null
ttrss_login bench pw || { echo "ui-sync-bench: cannot log in"; exit 1; }
ttrss_feeds_start
set --
i=$ITEMS
while [ "$i" -ge 1 ]; do set -- "$@" "b$i|Article number $i"; i=$((i - 1)); done
ttrss_rss big.xml "Big" "$@"
fid=$(ttrss_subscribe "$TTRSS_FEED_BASE/big.xml")
ttrss_update_feed "$fid" || { echo "ui-sync-bench: tt-rss cannot fetch the feed"; exit 1; }

printf 'pw\n' >"$T/password"
chmod 600 "$T/password"
cat >"$T/config" <<CFG
feed file:///dev/null
set sync-backend ttrss
set sync-url $TTRSS_URL/
set sync-user bench
set sync-password-file $T/password
set refresh-on-start no
set refresh-interval 0
CFG
tmux_start 120 40 env TIDENDE_LOG="$T/log" "$TIDENDE" -v -c "$T/config" \
    -d "$T/cache.db"
tmux_wait_for '\? help' 10 || { echo "ui-sync-bench: no screen"; exit 1; }

# The selected line's number in the title's "N/M".
line() { tmux_screen | head -n 1 | sed -n 's|.* \([0-9][0-9]*\)/[0-9][0-9]* *$|\1|p'; }

tmux_keys :
tmux_keys -l sync
tmux_keys Enter
tmux_wait_for 'Article number' 30 || { echo "ui-sync-bench: no articles"; exit 1; }
: >"$T/keys"
# The end: the status line's sync state (a key may clear the message).
n=0
while ! tmux_screen | grep -q 'sync: up to date' && [ $n -lt 5000 ]; do
	n=$((n + 1))
	before=$(line)
	# j then k: the selection always has somewhere to go
	key=j
	[ "$before" = 1 ] || key=k
	t0=$(date +%s%3N)
	tmux_keys "$key"
	i=0
	while [ "$(line)" = "$before" ] && [ $i -lt 400 ]; do i=$((i + 1)); done
	# Not moved after 400 looks (a reload moved the list under it):
	# not a key's time, counted apart.
	if [ $i -lt 400 ]; then
		echo $(($(date +%s%3N) - t0)) >>"$T/keys"
	else
		echo lost >>"$T/lost"
	fi
done
tmux_keys Q
summary=$(grep -o 'sync: done in .*' "$T/log" | tail -n 1)
[ -n "$summary" ] || { echo "ui-sync-bench: the sync did not end: $(grep ' sync: ' "$T/log" | tail -n 1)"; exit 1; }
echo "sync: $(echo "$summary" | sed -n 's/sync: done in \([0-9]*\) ms.*/\1/p') ms ($summary)"
lost=$(cat "$T/lost" 2>/dev/null | wc -l)
sort -n "$T/keys" | awk -v lost="$lost" '{ a[NR] = $1 } END {
	printf "key: %d ms median, %d ms max (%d keys during the sync, j or k to the selection moving; %d not seen to move)\n",
	    a[int((NR + 1) / 2)], a[NR], NR, lost }'
awk '/ fetch: done / { t = $1; next }
	/ sync: / && t != "" { g = ($1 - t) * 1000; if (g > m) m = g; t = "" }
	END { printf "pass: %.0f ms (longest from a reply to the next request: storing a page before 0.2 stored pages in one pass)\n", m }' "$T/log"
# Stored in slices (the log says each one's time): the longest slice.
awk '/ sync: stored a slice of / { n++; v = $(NF - 1) + 0; if (v > m) m = v; s += v }
	END { if (n > 0) printf "slice: %d ms longest, %.1f ms mean (%d store slices, each one loop pass)\n", m, s / n, n }' "$T/log"
