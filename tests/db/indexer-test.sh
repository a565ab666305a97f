#!/bin/sh
# The search index off refresh's critical path (issue 17): a refresh that
# leaves a long backlog hands it to a detached `tidende index` and exits;
# a search right after still finds every new article (it indexes what the
# indexer has not reached); the indexer empties the backlog, runs in a
# session of its own, is the only one on a cache, and a kill -9 midway
# loses nothing and indexes nothing twice; a small refresh indexes
# inline and leaves no process behind; --wait-index indexes before exit.
# TIDENDE_INDEX_HOLD=PATH (a test hook): the indexer writes PATH.pid and
# waits after each chunk (1,024 articles) while PATH exists, and before
# it closes the cache while PATH.close exists; a refresh under it indexes
# nothing while idle.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/db/db-lib.sh"
command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
plan 30

count() { "$TIDENDE" -c "$T/config" -d "$1" list --count 2>&1; }
found() { "$TIDENDE" -c "$T/config" -d "$1" search --count "$2" 2>&1; }
refresh() { "$TIDENDE" -q -c "$T/config" -d "$@" >"$T/.out" 2>&1; }


# until SECONDS COMMAND...: wait (at most SECONDS) for COMMAND to succeed
until_ok() {
	_n=$(($1 * 20)); shift
	while ! "$@" && [ $_n -gt 0 ]; do
		sleep 0.05; _n=$((_n - 1))
	done
	"$@"
}
# the process PID is gone (or a zombie nobody reaped yet)
gone() {
	! kill -0 "$1" 2>/dev/null ||
	    grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}
pending_is() { [ "$(db_pending "$1")" = "$2" ]; }
pidof_hold() { cat "$1.pid" 2>/dev/null; }
# whether another process holds flock() on FILE: held or free
lock_state() {
	python3 -c 'import fcntl, sys
f = open(sys.argv[1])
try:
    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    print("free")
except BlockingIOError:
    print("held")' "$1"
}
# stop an indexer a failed test left behind, at the end
at_exit 'for p in "$T"/*.pid; do [ -f "$p" ] && kill -9 "$(cat "$p")" 2>/dev/null; done'

gen 100 20			# 2,000 articles: more than the 1,500 inline

# --- the indexer held after its first chunk: a search right after
H=$T/hold-a
touch "$H"
TIDENDE_INDEX_HOLD=$H TIDENDE_LOG=$T/a.log refresh "$T/a.db" refresh
is "a large refresh exits 0" "$?" 0
ok "... and starts the indexer detached" grep -q 'started tidende detached' \
    "$T/a.log"
until_ok 20 test -s "$H.pid"
pid=$(pidof_hold "$H")
ok "... which runs" kill -0 "$pid"
sid=$(ps -o sid= -p "$pid" | tr -d ' ')
ok "... in a session of its own" test -n "$sid" -a \
    "$sid" != "$(ps -o sid= -p $$ | tr -d ' ')"
until_ok 20 pending_is "$T/a.db" 976
is "... its first chunk indexed, the rest waits" "$(db_pending "$T/a.db")" 976
is "a search right after finds every new article" \
    "$(found "$T/a.db" fellesord)" 2000
is "... having indexed the rest itself" "$(db_pending "$T/a.db")" 0
rm -f "$H"
until_ok 20 gone "$pid"
ok "the indexer ends once let go" gone "$pid"
exit_is "... nothing indexed twice: check passes" 0 \
    "$TIDENDE" -d "$T/a.db" check

# --- the indexer on its own empties the backlog
H=$T/hold-b
TIDENDE_INDEX_HOLD=$H refresh "$T/b.db" refresh
until_ok 20 test -s "$H.pid"
pid=$(pidof_hold "$H")
until_ok 60 pending_is "$T/b.db" 0
is "the detached indexer empties the backlog" "$(db_pending "$T/b.db")" 0
until_ok 20 gone "$pid"
ok "... and exits" gone "$pid"
is "... every article found" "$(found "$T/b.db" unik7)" 100
exit_is "... check passes" 0 "$TIDENDE" -d "$T/b.db" check

# --- kill -9 of the indexer midway
H=$T/hold-k
touch "$H"
TIDENDE_INDEX_HOLD=$H refresh "$T/k.db" refresh
until_ok 20 test -s "$H.pid"
pid=$(pidof_hold "$H")
until_ok 20 pending_is "$T/k.db" 976
kill -9 "$pid"
until_ok 20 gone "$pid"
ok "kill -9 of the indexer midway" gone "$pid"
rm -f "$H" "$H.pid"
is "... the rest stays on the backlog" "$(db_pending "$T/k.db")" 976
is "... a search finds every article" "$(found "$T/k.db" fellesord)" 2000
is "... each once" "$(found "$T/k.db" unik3)" 100
exit_is "... and check passes (nothing indexed twice)" 0 \
    "$TIDENDE" -d "$T/k.db" check

# --- --wait-index: all indexed before exit, no indexer
TIDENDE_INDEX_HOLD=$T/hold-w TIDENDE_LOG=$T/w.log \
    refresh "$T/w.db" refresh --wait-index
is "refresh --wait-index exits 0" "$?" 0
is "... with nothing left to index" "$(db_pending "$T/w.db")" 0
ok "... and no indexer started" sh -c "! grep -q 'tidende detached' \
    '$T/w.log'"

# --- a small refresh indexes inline: no process left behind
gen 20 10
TIDENDE_INDEX_HOLD=$T/hold-s TIDENDE_LOG=$T/s.log refresh "$T/s.db" refresh
is "a small refresh: nothing left to index" "$(db_pending "$T/s.db")" 0
ok "... and no indexer started" sh -c "! grep -q 'tidende detached' \
    '$T/s.log'"

# --- one indexer at a time: a refresh while one works starts none
gen 100 20
H=$T/hold-o
touch "$H"
TIDENDE_INDEX_HOLD=$H refresh "$T/o.db" refresh
until_ok 20 test -s "$H.pid"
pid=$(pidof_hold "$H")
gen 100 22
touch -d "@$(($(date +%s) + 5))" "$T"/feeds/*.xml
TIDENDE_INDEX_HOLD=$H TIDENDE_INDEX_INLINE_MAX=0 TIDENDE_LOG=$T/o.log \
    refresh "$T/o.db" refresh
ok "a refresh while an indexer works starts no second one" \
    grep -q 'an indexer is running' "$T/o.log"
rm -f "$H"
until_ok 60 gone "$pid"
is "... the first indexes its new articles too" "$(db_pending "$T/o.db")" 0
is "... all found" "$(found "$T/o.db" fellesord)" 2200

# --- the indexer closes the cache before it lets go of its lock, so an
# `index` waiting for it returns with no indexer holding the cache open
# (one that closed after it removed the log, -wal, by name: a replaced
# cache's too, when a script had moved on).  It is held right before it
# closes ($H.close).
gen 100 20
H=$T/hold-c
touch "$H" "$H.close"
TIDENDE_INDEX_HOLD=$H refresh "$T/c.db" refresh
until_ok 20 test -s "$H.pid"
pid=$(pidof_hold "$H")
until_ok 20 pending_is "$T/c.db" 976
"$TIDENDE" -d "$T/c.db" index -q &
waiter=$!
rm -f "$H"
until_ok 60 test -s "$H.close.pid"
is "the indexer, done, still holds its lock while it has the cache open" \
    "$(lock_state "$T/c.db")" held
ok "... so an index waiting for it still waits" kill -0 "$waiter"
rm -f "$H.close"
wait $waiter
ok "... and returns once the indexer closed the cache (no log left)" \
    test ! -e "$T/c.db-wal"
is "... nothing left to index" "$(db_pending "$T/c.db")" 0
until_ok 20 gone "$pid"
finish
