#!/bin/sh
# The interface's speed (interface area): time to the first screen with
# 100,000 cached articles, and key-to-screen latency while a refresh of
# 500 feeds from a local server runs.  Goal for both: under 50 ms.
# Figures come from tidende's debug log (TIDENDE_LOG): "ui: first screen
# in N ms" and one "ui: key to screen N ms" per key; the wall-clock time
# seen through tmux is printed too.
set -u
: "${TOP_SRCDIR:?}" "${TOP_BUILDDIR:?}" "${TIDENDE:?}" "${BENCH_OUT:=$(mktemp -d)}"
command -v tmux >/dev/null 2>&1 || { echo "ui: tmux not installed"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "ui: python3 not installed"; exit 1; }

ITEMS=${UI_BENCH_ITEMS:-100000}
FEEDS=${UI_BENCH_FEEDS:-500}
B=$BENCH_OUT
SOCK="tidende-ui-bench-$$"
export XDG_CONFIG_HOME="$B/config" XDG_DATA_HOME="$B/data"
export XDG_STATE_HOME="$B/state" XDG_CACHE_HOME="$B/cache"

cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	[ -n "${HTTPD:-}" ] && kill "$HTTPD" 2>/dev/null
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP

FIXTURE="$TOP_BUILDDIR/tests/ui/ui-fixture"
if [ ! -x "$FIXTURE" ]; then
	make -C "$TOP_BUILDDIR" tests/ui/ui-fixture >/dev/null 2>&1 ||
	    { echo "ui: cannot build tests/ui/ui-fixture"; exit 1; }
fi

# median, 95th percentile and maximum of the numbers on stdin
stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "no samples"; exit }
		p = int(NR * 0.95); if (p < 1) p = 1
		printf "median %.2f ms, p95 %.2f ms, max %.2f ms (%d keys)\n",
		    v[int((NR + 1) / 2)], v[p], v[NR], NR }'
}

# One tmux server for every run, so its start-up is not measured.
tmux -L "$SOCK" -f /dev/null new-session -d -s base -x 120 -y 40 "sleep 600" ||
    { echo "ui: tmux cannot start"; exit 1; }

# run_tui LOG CONFIG DB: start tidende in a 120x40 tmux session `t`.
run_tui() {
	tmux -L "$SOCK" kill-session -t t 2>/dev/null
	rm -f "$1"
	tmux -L "$SOCK" new-session -d -s t -x 120 -y 40 \
	    "env TIDENDE_LOG=$1 TERM=xterm-256color $TIDENDE -c $2 -d $3; sleep 60"
}

wait_screen() {
	i=0
	while [ $i -lt 2000 ]; do
		tmux -L "$SOCK" capture-pane -p -t t 2>/dev/null |
		    grep -Eq -- "$1" && return 0
		sleep 0.005; i=$((i + 1))
	done
	return 1
}

now_ms() { python3 -c 'import time; print(int(time.monotonic() * 1000))'; }

# drive N: press ? and q in turn (help screen on, off: a change no refresh
# can cause), each time waiting until the title line shows it; prints each
# key's end-to-end time in ms, tmux's own overhead included.
drive() {
	python3 - "$SOCK" "$1" <<'PY'
import subprocess, sys, time
sock, n = sys.argv[1], int(sys.argv[2])
def helping():
    out = subprocess.run(["tmux", "-L", sock, "capture-pane", "-p", "-t", "t"],
                         capture_output=True, text=True).stdout
    return "Help (q to go back)" in (out.splitlines() or [""])[0]
for i in range(n):
    want = not helping()
    t0 = time.monotonic()
    subprocess.run(["tmux", "-L", sock, "send-keys", "-t", "t",
                    "?" if want else "q"])
    while helping() != want and time.monotonic() - t0 < 5:
        pass
    print("%.2f" % ((time.monotonic() - t0) * 1000))
    time.sleep(0.02)
PY
}

# ---------------------------------------------------------- first screen
echo "ui: building a cache of $ITEMS articles in $FEEDS feeds..."
t0=$(now_ms)
"$FIXTURE" "$B/cache.db" "$FEEDS" "$ITEMS" || { echo "ui: fixture failed"; exit 1; }
echo "ui: cache built in $(( $(now_ms) - t0 )) ms ($(du -k "$B/cache.db" | cut -f1) KB)"
printf 'set refresh-on-start no\nset refresh-interval 0\n' >"$B/quiet.conf"

# What tmux and the polling cost alone: a program that prints at once.
t0=$(now_ms)
tmux -L "$SOCK" new-session -d -s t -x 120 -y 40 "echo ' 1/$ITEMS'; sleep 60"
wait_screen "1/$ITEMS *\$"
echo "ui-tmux-baseline: $(( $(now_ms) - t0 )) ms wall for a program that only prints (subtract from the wall figures)"

for run in 1 2 3; do
	t0=$(now_ms)
	run_tui "$B/first.log" "$B/quiet.conf" "$B/cache.db"
	wait_screen "1/$ITEMS *\$" || { echo "ui: no first screen"; exit 1; }
	wall=$(( $(now_ms) - t0 ))
	inner=$(sed -n 's/.*ui: first screen in \([0-9.]*\) ms.*/\1/p' "$B/first.log")
	echo "ui-first-screen-$run: ${inner:-?} ms inside tidende, $wall ms wall through tmux (cache of $ITEMS articles)"
done

# The same without tmux: tidende on a pseudo-terminal of its own, timed
# from fork to the first output that holds the position on the title line.
for run in 1 2 3; do
	python3 - "$TIDENDE" "$B/quiet.conf" "$B/cache.db" "1/$ITEMS" <<'PY'
import fcntl, os, pty, select, struct, sys, termios, time
tidende, conf, db, want = sys.argv[1:5]
t0 = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    os.environ["TERM"] = "xterm-256color"
    os.execv(tidende, [tidende, "-c", conf, "-d", db])
buf = b""
while want.encode() not in buf and time.monotonic() - t0 < 10:
    r, _, _ = select.select([fd], [], [], 1)
    if r:
        try:
            buf += os.read(fd, 65536)
        except OSError:
            break
t1 = time.monotonic()
os.write(fd, b"Q")
os.waitpid(pid, 0)
print("ui-first-screen-pty: %.1f ms from fork to the first screen on a pty"
      % ((t1 - t0) * 1000))
PY
done

# Moving through the big list: keys with no refresh running.
for k in j j j j j G g PageDown PageDown PageUp End Home; do
	tmux -L "$SOCK" send-keys -t t "$k"
	sleep 0.05
done
sleep 0.3
drive 30 >"$B/idle-wall.txt"
sed -n 's/.*ui: key to screen \([0-9.]*\) ms.*/\1/p' "$B/first.log" |
    stats | sed 's/^/ui-key-idle: /; s/$/ inside tidende/'
stats <"$B/idle-wall.txt" | sed 's/^/ui-key-idle-wall: /; s/$/ end to end through tmux/'

# ------------------------------------------------ keys during a refresh
python3 "$TOP_SRCDIR/tests/httpd.py" --port-file "$B/port" \
    --log "$B/httpd.log" >"$B/httpd.out" 2>&1 &
HTTPD=$!
i=0; while [ ! -s "$B/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$B/port" 2>/dev/null) || { echo "ui: no test server"; exit 1; }
{
	echo "set refresh-on-start yes"
	echo "set refresh-interval 0"
	n=0
	while [ $n -lt 500 ]; do
		echo "feed http://127.0.0.1:$PORT/gen/f$n?items=30&delay=0.$((n % 5))"
		n=$((n + 1))
	done
} >"$B/refresh.conf"
run_tui "$B/refresh.log" "$B/refresh.conf" "$B/cache.db"
wait_screen "1/" || { echo "ui: no screen"; exit 1; }
drive 60 >"$B/refresh-wall.txt"
# Let the refresh finish, then note how far it got.
i=0
while [ $i -lt 600 ] && ! tmux -L "$SOCK" capture-pane -p -t t |
    grep -q 'refreshed [0-9]* feeds'; do
	sleep 0.1; i=$((i + 1))
done
tmux -L "$SOCK" capture-pane -p -t t | tail -n 1 | sed 's/  *$//; s/^/ui: status line after: /'
sed -n 's/.*ui: key to screen \([0-9.]*\) ms.*/\1/p' "$B/refresh.log" |
    stats | sed 's/^/ui-key-during-refresh: /; s/$/ inside tidende/'
stats <"$B/refresh-wall.txt" | sed 's/^/ui-key-during-refresh-wall: /; s/$/ end to end through tmux/'
echo "ui: goal: first screen and every key under 50 ms"
exit 0
