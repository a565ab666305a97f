#!/bin/sh
# Soak (interface area): the interface left running while it refreshes 50
# feeds from a local server every few seconds (R pressed through tmux);
# its resident memory is sampled and must stay flat.  UI_SOAK_SECONDS
# (default 600) sets the length; UI_SOAK_EVERY (default 3) the period.
set -u
: "${TOP_SRCDIR:?}" "${TIDENDE:?}" "${BENCH_OUT:=$(mktemp -d)}"
command -v tmux >/dev/null 2>&1 || { echo "ui-soak: tmux not installed"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "ui-soak: python3 not installed"; exit 1; }

SECS=${UI_SOAK_SECONDS:-600}
EVERY=${UI_SOAK_EVERY:-3}
B=$BENCH_OUT
SOCK="tidende-ui-soak-$$"
export XDG_CONFIG_HOME="$B/config" XDG_DATA_HOME="$B/data"
export XDG_STATE_HOME="$B/state" XDG_CACHE_HOME="$B/cache"

cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	[ -n "${HTTPD:-}" ] && kill "$HTTPD" 2>/dev/null
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP

python3 "$TOP_SRCDIR/tests/httpd.py" --port-file "$B/port" \
    --lifetime $((SECS + 120)) --log "$B/httpd.log" >"$B/httpd.out" 2>&1 &
HTTPD=$!
i=0; while [ ! -s "$B/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$B/port" 2>/dev/null) || { echo "ui-soak: no test server"; exit 1; }
{
	echo "set refresh-on-start yes"
	echo "set refresh-interval 0"
	n=0
	while [ $n -lt 50 ]; do
		echo "feed http://127.0.0.1:$PORT/gen/s$n?items=40"
		n=$((n + 1))
	done
} >"$B/soak.conf"

tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 120 -y 40 \
    "env TERM=xterm-256color $TIDENDE -c $B/soak.conf -d $B/cache.db; sleep 60"
sleep 1
pid=$(pgrep -P "$(tmux -L "$SOCK" display -p -t t '#{pane_pid}')" | head -n 1)
[ -n "$pid" ] || { echo "ui-soak: tidende did not start"; exit 1; }

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
start=$(date +%s)
first=""; max=0; n=0
: >"$B/rss.txt"
while [ $(( $(date +%s) - start )) -lt "$SECS" ]; do
	tmux -L "$SOCK" send-keys -t t R j k
	sleep "$EVERY"
	n=$((n + 1))
	r=$(rss "$pid")
	[ -n "$r" ] || { echo "ui-soak: tidende exited"; exit 1; }
	echo "$(( $(date +%s) - start )) $r" >>"$B/rss.txt"
	# The first minute warms caches (SQLite page cache, curl pools).
	if [ -z "$first" ] && [ $(( $(date +%s) - start )) -ge 60 ]; then first=$r; fi
	[ "$r" -gt "$max" ] && max=$r
done
last=$(rss "$pid")
echo "ui-soak: $n refreshes in $SECS s; RSS after the first minute ${first:-?} KB, at the end $last KB, max $max KB"
echo "ui-soak: samples in $B/rss.txt"
exit 0
