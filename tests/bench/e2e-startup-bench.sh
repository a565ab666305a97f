#!/bin/sh
# End to end with a big cache (QA area): 100,000 articles fetched the way
# a user gets them, by `tidende refresh` of 200 feeds of 500 items from a
# local server (tests/httpd.py /gen), then `list --unread --count`, then
# the interface in tmux: wall-clock time to the first screen and from a key
# (j, G, Enter) to the screen showing its effect, as the user sees them
# (tmux polling every 10 ms included).  Checks the counts on the way.
set -u
: "${TOP_SRCDIR:?}" "${TIDENDE:?}" "${BENCH_OUT:=$(mktemp -d)}"
command -v tmux >/dev/null 2>&1 || { echo "e2e-startup: tmux not installed"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "e2e-startup: python3 not installed"; exit 1; }

FEEDS=${E2E_BENCH_FEEDS:-200}
PER=${E2E_BENCH_PER:-500}
N=$((FEEDS * PER))
B=$BENCH_OUT
SOCK="tidende-e2e-bench-$$"
export XDG_CONFIG_HOME="$B/config" XDG_DATA_HOME="$B/data"
export XDG_STATE_HOME="$B/state" XDG_CACHE_HOME="$B/cache"

cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	[ -n "${HTTPD:-}" ] && kill "$HTTPD" 2>/dev/null
}
trap cleanup EXIT

ms() { date +%s%N | cut -c1-13; }

python3 "$TOP_SRCDIR/tests/httpd.py" --port-file "$B/port" --lifetime 600 \
    >"$B/httpd.out" 2>&1 &
HTTPD=$!
i=0
while [ ! -s "$B/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$B/port" ] || { echo "e2e-startup: no server"; exit 1; }
PORT=$(cat "$B/port")
{
	echo "set refresh-on-start no"
	echo "set refresh-interval 0"
	i=0
	while [ $i -lt "$FEEDS" ]; do
		echo "feed http://127.0.0.1:$PORT/gen/f$i?items=$PER"
		i=$((i + 1))
	done
} >"$B/config.tidende"
td() { "$TIDENDE" -c "$B/config.tidende" -d "$B/cache.db" "$@"; }

t0=$(ms); td -q refresh; rc=$?; t1=$(ms)
echo "e2e-startup refresh: $((t1 - t0)) ms (exit $rc; $FEEDS feeds x $PER items from 127.0.0.1 into an empty cache)"
t0=$(ms); n=$(td list --unread --count); t1=$(ms)
echo "e2e-startup unread count: $((t1 - t0)) ms (start to exit, printed $n, want $N)"
[ "$n" = "$N" ] || echo "e2e-startup: WRONG unread count $n, want $N"

screen() { tmux -L "$SOCK" capture-pane -p -t t; }
wait_for() {
	_i=0
	while [ $_i -lt 1000 ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.01; _i=$((_i + 1))
	done
	return 1
}
t0=$(ms)
tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 80 -y 24 \
    "env TERM=xterm-256color LANG=C.UTF-8 '$TIDENDE' -c '$B/config.tidende' -d '$B/cache.db'; sleep 30"
wait_for "1/$N *\$" || echo "e2e-startup: no first screen"
t1=$(ms)
echo "e2e-startup first screen: $((t1 - t0)) ms (tmux start to the list on screen, $N articles)"
screen | grep -q "$N unread of $N" || echo "e2e-startup: WRONG title line: $(screen | head -n 1)"
for k in j j j k; do
	t0=$(ms); tmux -L "$SOCK" send-keys -t t $k
	case $k in j) want=$((${pos:-1} + 1)) ;; k) want=$((pos - 1)) ;; esac
	pos=$want
	wait_for " $pos/$N *\$"; t1=$(ms)
	echo "e2e-startup key $k: $((t1 - t0)) ms"
done
t0=$(ms); tmux -L "$SOCK" send-keys -t t G; wait_for " $N/$N *\$"; t1=$(ms)
echo "e2e-startup key G (last of $N): $((t1 - t0)) ms"
t0=$(ms); tmux -L "$SOCK" send-keys -t t Enter; wait_for '^Title: |│Title: '; t1=$(ms)
echo "e2e-startup key Enter (open): $((t1 - t0)) ms"
exit 0
