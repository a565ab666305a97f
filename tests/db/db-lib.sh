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

# gen FEEDS ITEMS [FIRST]: $T/config with FEEDS file:// feeds in
# $T/feeds, each of ITEMS articles numbered from FIRST (0); every article
# says "fellesord", and item I of every feed says "unikI".
gen() {
	python3 - "$T" "$1" "$2" "${3:-0}" <<'PY'
import os, sys
d, nfeeds, nitems, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(d + "/feeds", exist_ok=True)
with open(d + "/config", "w") as cfg:
    for f in range(nfeeds):
        cfg.write('feed file://%s/feeds/f%d.xml "Kilde %d"\n' % (d, f, f))
        with open("%s/feeds/f%d.xml" % (d, f), "w") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?><rss version='
                      '"2.0"><channel><title>K %d</title>\n' % f)
            for i in range(first, first + nitems):
                out.write('<item><title>Sak %d i %d</title><guid>%d-%d'
                          '</guid><description>&lt;p&gt;fellesord unik%d '
                          'tekst om været i dag, og mer tekst&lt;/p&gt;'
                          '</description></item>\n' % (i, f, f, i, i))
            out.write("</channel></rss>\n")
PY
}
