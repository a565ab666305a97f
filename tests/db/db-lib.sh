# Shared by the cache tests that need another process on the cache;
# source after tests/lib.sh.  Needs python3.

# db_lock DB NAME: another process takes DB's write lock and holds it until
# $T/NAME.release exists; returns once it holds it ($T/NAME.locked), with
# its pid in DB_LOCK_PID.  Released at exit in any case.
db_lock() {
	python3 -c '
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").write("locked\n")
while not os.path.exists(sys.argv[3]):
    time.sleep(0.02)
c.execute("COMMIT")
' "$1" "$T/$2.locked" "$T/$2.release" &
	DB_LOCK_PID=$!
	at_exit "touch '$T/$2.release'; kill $DB_LOCK_PID 2>/dev/null"
	_i=0
	while [ ! -s "$T/$2.locked" ] && [ $_i -lt 200 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
}

# db_pending DB: how many articles wait to be indexed (a read-only look).
db_pending() {
	python3 -c 'import sqlite3,sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
print(c.execute("SELECT count(*) FROM fts_pending").fetchone()[0])' "$1"
}
