#!/bin/sh
# The search index's backlog (schema 8): stored articles are indexed for
# search after the store, in batches.  A search right after `refresh`
# finds the new articles (CLI and interface); articles left unindexed by
# a killed process are indexed by the next search, `check` or interface;
# kill -9 during a refresh (while it stores, or while it indexes at its
# end) loses no stored article and leaves the index consistent.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/db/db-lib.sh"
command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
DBGEN="$TOP_BUILDDIR/tests/db/db-gen"
[ -x "$DBGEN" ] || plan_skip "tests/db/db-gen not built"
plan 20

count() { "$TIDENDE" -c "$T/config" -d "$1" list --count 2>&1; }
found() { "$TIDENDE" -c "$T/config" -d "$1" search --count "$2" 2>&1; }


# --- a search right after refresh (CLI)
gen 20 10 0
"$TIDENDE" -q -c "$T/config" -d "$T/a.db" refresh >"$T/.out" 2>&1 ||
    { cat "$T/.out"; echo "Bail out! refresh"; exit 1; }
is "refresh leaves nothing unindexed" "$(db_pending "$T/a.db")" "0"
is "... every article found by a search right after" \
    "$(found "$T/a.db" fellesord)" "200"
gen 20 12 0
# (file:// answers "not modified" for the same second's mtime)
touch -d "@$(($(date +%s) + 5))" "$T"/feeds/*.xml
"$TIDENDE" -q -c "$T/config" -d "$T/a.db" refresh >"$T/.out" 2>&1
is "a second refresh: its new articles found at once" \
    "$(found "$T/a.db" unik11)" "20"
exit_is "... and check passes" 0 "$TIDENDE" -d "$T/a.db" check

# --- a backlog left behind (stored, never indexed: a kill -9 after a store)
"$DBGEN" stored "$T/b.db" 30 40 >/dev/null || { echo "Bail out! db-gen"; exit 1; }
is "a cache with a backlog" "$(db_pending "$T/b.db")" "1200"
is "search indexes it first: finds every article" \
    "$("$TIDENDE" -d "$T/b.db" search --count feed 2>&1)" "1200"
is "... and the backlog is gone" "$(db_pending "$T/b.db")" "0"
"$DBGEN" stored "$T/c.db" 30 40 >/dev/null
exit_is "check on a backlog: indexes it, then passes" 0 \
    "$TIDENDE" -d "$T/c.db" check
is "... the backlog is gone" "$(db_pending "$T/c.db")" "0"

# --- kill -9 during a refresh, while it stores and while it indexes
gen 150 20 0
rm -f "$T/k.db" "$T/k.db-wal" "$T/k.db-shm"
kills=0 stored_ok=0 index_ok=0 search_ok=0
for want in 1 1500 3000 3000; do
	"$TIDENDE" -q -c "$T/config" -d "$T/k.db" refresh >/dev/null 2>&1 &
	pid=$!
	# wait until it has stored `want` articles (or ended), then kill
	while kill -0 $pid 2>/dev/null; do
		n=$(count "$T/k.db" 2>/dev/null || echo 0)
		case $n in *[!0-9]*|'') n=0 ;; esac
		[ "$n" -ge "$want" ] && break
		sleep 0.02
	done
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
	"$TIDENDE" -d "$T/k.db" check >"$T/.out" 2>&1 && index_ok=$((index_ok + 1))
	n=$(count "$T/k.db")
	[ "$(found "$T/k.db" fellesord)" = "$n" ] && search_ok=$((search_ok + 1))
	[ "$n" -ge "$want" ] && stored_ok=$((stored_ok + 1))
done
diag "killed $kills of 4 refreshes"
is "kill -9: check passes after every kill" "$index_ok" 4
is "... a search finds every stored article" "$search_ok" 4
is "... no stored article lost" "$stored_ok" 4
"$TIDENDE" -q -c "$T/config" -d "$T/k.db" refresh >/dev/null 2>&1
is "... the next refresh completes the cache" "$(count "$T/k.db")" 3000
is "... and all of it is found" "$(found "$T/k.db" fellesord)" 3000

# --- the interface: a backlog indexed in idle slices; search right after
if command -v tmux >/dev/null 2>&1; then
	"$DBGEN" stored "$T/u.db" 40 100 >/dev/null
	printf 'set refresh-on-start no\nset refresh-interval 0\n' >"$T/ui.conf"
	tmux_start 100 30 "$TIDENDE" -c "$T/ui.conf" -d "$T/u.db"
	ok "interface: starts on a cache with a backlog" \
	    tmux_wait_for 'All articles' 10
	i=0
	while [ "$(db_pending "$T/u.db")" != 0 ] && [ $i -lt 400 ]; do
		sleep 0.05; i=$((i + 1))
	done
	is "... indexes it in the background, no key pressed" \
	    "$(db_pending "$T/u.db")" "0"
	tmux_keys /
	tmux_keys -l 'feed'
	tmux_keys Enter
	ok "... a search finds every article" \
	    tmux_wait_for 'Search: feed \(4000 found' 10
	tmux_keys q q q
	# a refresh inside the interface, then a search at once
	gen 10 5 0
	printf 'set refresh-on-start yes\nset refresh-interval 0\n' >>"$T/config"
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	tmux_start 100 30 "$TIDENDE" -c "$T/config" -d "$T/v.db"
	ok "interface refresh ends" tmux_wait_for 'refreshed 10 feeds' 20
	tmux_keys /
	tmux_keys -l 'unik4'
	tmux_keys Enter
	ok "... a search right after finds the new articles" \
	    tmux_wait_for 'Search: unik4 \(10 found' 10
	tmux_keys q q q
	exit_is "... check passes after the interface" 0 \
	    "$TIDENDE" -d "$T/v.db" check
else
	for n in 1 2 3 4 5 6; do skip "interface test $n" "tmux not installed"; done
fi
finish
