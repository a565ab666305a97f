#!/bin/sh
# Only regular files are file:// feeds (issue 18, item 3): a FIFO with no
# writer (which held open(2) for ever), a socket, a character device that
# never ends, a directory, each get an error naming the path and what it
# is, and never hold the other feeds.  SIGTERM and SIGINT end `refresh`
# promptly with 143 and 130, during a stalled transfer and while another
# process holds the cache's write lock (the loop's thread then waits in
# SQLite's busy retry: the grace period ends it, as an exit, not a kill).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
start_server
plan 14

mkfifo "$T/fifo" || plan_skip "mkfifo failed"
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
    "$T/sock" || plan_skip "cannot make a socket file"
mkdir "$T/dir"
cp "$FIX/rss.xml" "$T/plain.xml"

config "feed file://$T/fifo \"Fifo\"" "feed file://$T/sock \"Sock\"" \
    "feed file:///dev/zero \"Zero\"" "feed file://$T/dir \"Dir\"" \
    "feed file://$T/plain.xml \"Plain\"" "feed $BASE/feed/rss.xml \"Web\""
# a hang must fail the test, not hold the suite
"$TIDENDE" -c "$CFG" -d "$DB" refresh >"$T/r.out" 2>"$T/r.err" &
pid=$!
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 400 ]; do
	sleep 0.05; i=$((i + 1))
done
if kill -0 $pid 2>/dev/null; then
	kill -KILL $pid
	fail "special files: refresh ends" "still running after 20 s"
else
	pass "special files: refresh ends"
fi
wait $pid
is "special files: the good feeds are enough for exit 0" "$?" 0
OUT=$(cat "$T/r.out")
like "a FIFO is refused, named" "$OUT" "^Fifo: error: $T/fifo: a FIFO, not a feed file$"
like "a socket is refused, named" "$OUT" "^Sock: error: $T/sock: a socket, not a feed file$"
like "a device is refused, named" "$OUT" "^Zero: error: /dev/zero: a character device, not a feed file$"
like "a directory is refused, named" "$OUT" "^Dir: error: $T/dir: a directory, not a feed file$"
like "the regular file is read" "$OUT" "^Plain: 3 new"
like "the HTTP feed is fetched" "$OUT" "^Web: 3 new"

# sigwait PID SIG HOW...: send SIG to PID once its handler is installed
# (SigCgt in /proc) and HOW holds; print "exit N" or "signal N" as it
# ended, or "running" when it did not within 15 s (then kill it).
cat >"$T/sigwait.py" <<'EOF'
import os, signal, subprocess, sys, time
sig = getattr(signal, "SIG" + sys.argv[1])
ready = sys.argv[2]            # a file that must exist and be non-empty, or -
proc = subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
def caught():
    try:
        for line in open("/proc/%d/status" % proc.pid):
            if line.startswith("SigCgt:"):
                return int(line.split()[1], 16) >> (sig - 1) & 1
    except OSError:
        pass
    return 0
deadline = time.time() + 15
while time.time() < deadline and not (caught() and
        (ready == "-" or (os.path.exists(ready) and os.path.getsize(ready) > 0))):
    time.sleep(0.02)
os.kill(proc.pid, sig)
deadline = time.time() + 15
while time.time() < deadline and proc.poll() is None:
    time.sleep(0.02)
if proc.poll() is None:
    proc.kill(); proc.wait(); print("running")
elif proc.returncode < 0:
    print("signal", -proc.returncode)
else:
    print("exit", proc.returncode)
EOF

config "feed $BASE/stall/3600 \"Stalling\""
: >"$T/httpd.log.started"
is "SIGTERM during a stalled transfer: exit 143" \
    "$(python3 "$T/sigwait.py" TERM "$T/httpd.log.started" "$TIDENDE" -c "$CFG" -d "$DB" refresh)" "exit 143"
: >"$T/httpd.log.started"
is "SIGINT during a stalled transfer: exit 130" \
    "$(python3 "$T/sigwait.py" INT "$T/httpd.log.started" "$TIDENDE" -c "$CFG" -d "$DB" refresh)" "exit 130"

# Another process holds the write lock: refresh waits in the busy retry
# (a minute) on the loop's thread.
config "feed file://$T/plain.xml \"Plain\""
cp "$FIX/atom.xml" "$T/plain.xml"
# a file:// feed's Last-Modified is its mtime in whole seconds: the copy
# above may share the second of the first refresh's, which would make it
# "not modified"; date it clearly later
touch -d "@$(( $(date +%s) + 5 ))" "$T/plain.xml"
python3 -c 'import sqlite3,sys,time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE feeds SET title = title")
open(sys.argv[2], "w").write("locked\n")
time.sleep(60)' "$DB" "$T/locked" &
locker=$!
at_exit "kill $locker 2>/dev/null"
wait_locked() {
	i=0
	while [ ! -s "$T/locked" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
}
wait_locked
is "SIGTERM while the cache is locked: exit 143, not a kill" \
    "$(python3 "$T/sigwait.py" TERM "$T/locked" "$TIDENDE" -c "$CFG" -d "$DB" refresh)" "exit 143"
is "SIGINT while the cache is locked: exit 130" \
    "$(python3 "$T/sigwait.py" INT "$T/locked" "$TIDENDE" -c "$CFG" -d "$DB" refresh)" "exit 130"
kill $locker 2>/dev/null
wait $locker 2>/dev/null
exit_is "the lock gone, the cache is fine" 0 "$TIDENDE" -c "$CFG" -d "$DB" refresh
like "... and the feed is stored" "$(cat "$T/.out")" "^Plain: [0-9]+ new"
finish
