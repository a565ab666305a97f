#!/bin/sh
# The interface with sync-backend greader, in tmux: with the server away
# a read (`m`) waits in the status line, and a kill -9 right after loses
# nothing: the change is in the cache's queue and goes out with the next
# sync; `A` (mark all read) queues every article of the view and one
# sync sends them as one edit-tag; `:sync` syncs.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/greader-lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
gr_start gr --user carol --password 'pw'
plan 16
printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
gr_conf "$T/conf" carol "$T/pw"
f=$(gr_admin feed '{"url": "http://feeds.invalid/f.xml", "title": "Feed F"}' | gr_json 'r["id"]')
# an hour apart, so "newest first" has one answer (made in the same
# second, the first row was any of them)
now=$(date +%s)
for i in 1 2 3 4; do
	gr_item "$f" "Article $i" "\"published\": $((now - (5 - i) * 3600))" >/dev/null
done
"$TIDENDE" -c "$T/conf" -d "$T/cache.db" sync >/dev/null ||
    echo "Bail out! the first sync failed"
cat >"$T/run.sh" <<EOF
echo \$\$ >"$T/tid.pid"
exec "$TIDENDE" -c "$T/conf" -d "$T/cache.db"
EOF

see() {
	if tmux_wait_for "$2" "${3:-5}"; then pass "$1"; else fail "$1" "$(tmux_screen)"; fi
}
tmux_end() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	_i=0
	while tmux -L "$TMUX_SOCK" ls >/dev/null 2>&1 && [ $_i -lt 100 ]; do
		sleep 0.02; _i=$((_i + 1))
	done
}
server_read() { gr_admin state | gr_json "sorted(i['title'] for i in r['items'] if i['read'])"; }
pending() { "$TIDENDE" -c "$T/conf" -d "$T/cache.db" sync --status --json | gr_json 'r["pending"]'; }

# ------------------------------------------------- away, then kill -9
gr_admin fail '{"count": 100000, "status": 503}' >/dev/null
tmux_start 120 30 sh "$T/run.sh"
see "the cache is shown" 'Article 4' 5
tmux_keys :
tmux_keys -l sync
tmux_keys Enter
see ":sync with the server away: offline" 'sync: offline' 10
# The newest article (Article 4) is the selected first row.
tmux_keys m
see "m: the read waits" 'sync: offline, 1 change waiting' 5
kill -9 "$(cat "$T/tid.pid")"
tmux_end
is "killed with -9: the change is still queued" "$(pending)" 1
# Quitting with it still waiting says it is kept, on stderr.
tmux_start 120 30 sh "$T/run.sh"
see "the interface again, the server still away" 'Article 4' 5
tmux_keys Q
see "quit: stderr says the change is kept for the next sync" \
    '^tidende: sync: 1 change waits for the server: kept in the cache, it is sent at the next sync' 5
see "... and the exit status is 0" '^\[exited\] 0' 5
tmux_end
gr_admin fail '{"count": 0}' >/dev/null
exit_is "the server back: sync exits 0" 0 "$TIDENDE" -c "$T/conf" -d "$T/cache.db" sync
is "the read reached the server" "$(server_read)" "['Article 4']"
is "nothing waits" "$(pending)" 0

# ------------------------------------------------- mark all read
tmux_start 120 30 sh "$T/run.sh"
see "the interface again" 'Article 1' 5
tmux_keys A
see "A: every article read, three changes waiting" 'sync: 3 changes waiting' 5
n0=$(gr_log 'len(rows)')
tmux_keys :
tmux_keys -l sync
tmux_keys Enter
see ":sync sends them" 'synced: 3 changes sent' 10
see "and nothing waits" 'sync: up to date' 5
is "as one edit-tag of three ids" \
    "$(gr_log "[len(x['form']['i']) for x in rows[$n0:] if x['path'].endswith('edit-tag')]")" "[3]"
is "the server has every article read" "$(server_read)" \
    "['Article 1', 'Article 2', 'Article 3', 'Article 4']"
tmux_keys Q
tmux_end
finish
