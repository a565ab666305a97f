#!/bin/sh
# The interface and the real tt-rss, in tmux: the periodic refresh timer
# syncs (refresh-interval minutes after the account's last sync, with no
# key and no start-up refresh); and a big first sync stores its articles
# a slice at a time, so the list fills while the sync runs and a key is
# answered in the middle of it.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
ttrss_start
plan 8

ttrss_add_user alice pw >/dev/null
ttrss_login alice pw || ttrss_bail "cannot log in: $TTRSS_REPLY"
ttrss_feeds_start
ttrss_rss a.xml "Feed A" "g1|Alpha one" "g2|Alpha two"
fa=$(ttrss_subscribe "$TTRSS_FEED_BASE/a.xml")
ttrss_update_feed "$fa" || ttrss_bail "tt-rss cannot fetch feed A"

printf 'pw\n' >"$T/password"
chmod 600 "$T/password"
cat >"$T/config" <<CFG
feed file:///dev/null
set sync-backend ttrss
set sync-url $TTRSS_URL/
set sync-user alice
set sync-password-file $T/password
set refresh-on-start no
set refresh-interval 30
CFG

see() {
	if tmux_wait_for "$2" "${3:-5}"; then
		pass "$1"
	else
		fail "$1" "$(tmux_screen)"
	fi
}
tmux_end() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	_i=0
	while tmux -L "$TMUX_SOCK" ls >/dev/null 2>&1 && [ $_i -lt 100 ]; do
		sleep 0.02; _i=$((_i + 1))
	done
}

# ------------------------------------------------- the timer syncs
exit_is "a first sync from the command line" 0 \
    "$TIDENDE" -c "$T/config" -d "$T/cache.db" sync
# A new article on the server, and the last sync 31 minutes ago: the
# periodic sync is due as the interface starts (refresh-on-start is no).
ttrss_rss a.xml "Feed A" "g3|Alpha three" "g1|Alpha one" "g2|Alpha two"
ttrss_update_feed "$fa" || ttrss_bail "tt-rss cannot fetch feed A again"
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE sync_account SET last_sync = last_sync - 31 * 60")
c.commit()' "$T/cache.db"
tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
see "the interval passed since the last sync: the timer syncs, no key" \
    'synced: 0 changes sent, 1 feed, 1 new article' 10
see "and the server's new article is listed" 'Alpha three' 3
tmux_keys Q
tmux_end

# ------------------------------------------------- keys while storing
ITEMS=2000
set --
i=$ITEMS
while [ "$i" -ge 1 ]; do set -- "$@" "b$i|Article number $i"; i=$((i - 1)); done
ttrss_rss big.xml "Big" "$@"
fb=$(ttrss_subscribe "$TTRSS_FEED_BASE/big.xml")
TTRSS_CURL_TIMEOUT=300 ttrss_update_feed "$fb" || ttrss_bail "tt-rss cannot fetch the big feed"
ttrss_feeds_stop
total=$(ttrss_sql "SELECT count(*) FROM ttrss_user_entries WHERE owner_uid = (SELECT id FROM ttrss_users WHERE login = 'alice')")
diag "tt-rss holds $total articles"

sed 's/^set refresh-interval 30$/set refresh-interval 0/' "$T/config" >"$T/config-big"
tmux_start 120 30 "$TIDENDE" -c "$T/config-big" -d "$T/big.db"
tmux_wait_for '\? help' 10
tmux_keys :
tmux_keys -l sync
tmux_keys Enter
see "a big first sync: articles appear while it runs" 'Article number' 20
tmux_keys j
see "j is answered during the sync" ' 2/[0-9]+ *$' 5
s=$(tmux_screen)
shown=$(printf '%s\n' "$s" | head -n 1 | sed -n 's|.* [0-9][0-9]*/\([0-9][0-9]*\) *$|\1|p')
like "while the sync still runs" "$s" 'sync: running'
ok "with part of the articles stored ($shown of $total)" \
    test "${shown:-0}" -lt "$total"
see "the sync ends with all of them" "synced: 0 changes sent, 2 feeds, $total new articles" 60
tmux_keys Q
tmux_end
finish
