#!/bin/sh
# The interface syncing with the real tt-rss, in tmux: the start-up
# refresh syncs and the server's articles appear without a key; with the
# server stopped the interface still starts with the cache at once, says
# "sync: offline" and a read (`m`) waits in the status line; `:sync` with
# the server back sends it (the server shows it read); an article added on
# the server appears after `R`; quitting while a sync hangs on a frozen
# server is prompt and loses nothing (the star waits in the cache and
# goes out later); `:sync` is in the help.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
ttrss_start
plan 35

ttrss_add_user alice 'pw "1"' >/dev/null
ttrss_login alice 'pw "1"' || ttrss_bail "cannot log in: $TTRSS_REPLY"
ttrss_feeds_start
ttrss_rss a.xml "Feed A" "g1|Alpha one" "g2|Alpha two" "g3|Alpha three"
fid=$(ttrss_subscribe "$TTRSS_FEED_BASE/a.xml")
ttrss_update_feed "$fid" || ttrss_bail "tt-rss cannot fetch the test feed"

printf '%s\n' 'pw "1"' >"$T/password"
chmod 600 "$T/password"
# A local feed beside the server's (and no built-in default feeds).
cat >"$T/local.xml" <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
<item><guid>l1</guid><title>Local one</title><pubDate>Mon, 01 Jan 2018 00:00:00 GMT</pubDate></item>
</channel></rss>
XML
cat >"$T/config" <<CFG
feed file://$T/local.xml "Local"
set sync-backend ttrss
set sync-url $TTRSS_URL/
set sync-user alice
set sync-password-file $T/password
set refresh-on-start yes
set refresh-interval 0
CFG
sed 's/^set refresh-on-start yes$/set refresh-on-start no/' "$T/config" >"$T/config-no-start"

# The server's state of the article titled $1: "unread starred".
server_state() {
	ttrss_headlines "$fid" | ttrss_json "' '.join(str(h['unread']) + ' ' + str(h['marked']) for h in r['content'] if h['title'] == '$1')"
}

# see NAME REGEX [SECONDS]: the screen shows REGEX in time (shown if not).
see() {
	if tmux_wait_for "$2" "${3:-5}"; then
		pass "$1"
	else
		fail "$1" "$(tmux_screen)"
	fi
}

# tmux_end: stop this tmux server and wait until it is gone, so the next
# tmux_start (same socket) does not meet a dying one.
tmux_end() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	_i=0
	while tmux -L "$TMUX_SOCK" ls >/dev/null 2>&1 && [ $_i -lt 100 ]; do
		sleep 0.02; _i=$((_i + 1))
	done
}

# The interface's exit: "[exited] STATUS" on the screen.
exited() { tmux_wait_for '^\[exited\] 0' "${1:-5}"; }

# ------------------------------------------------- first run, server up
tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
see "the start-up refresh syncs: the server's articles appear without a key" \
    'Alpha three' 10
see "the status line says what the sync did" \
    'synced: 0 changes sent, 1 feed, 3 new articles' 5
like "and the sync state on the right" "$(tmux_screen)" 'sync: up to date'
tmux_keys Q
ok "quits" exited
tmux_end

# ------------------------------------------------- server stopped
ttrss_stop
t0=$(_ttrss_ms)
tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
see "the server stopped: the cache is shown at once" 'Alpha one' 3
diag "cache on the screen after $(($(_ttrss_ms) - t0)) ms with the server down"
see "the start-up sync fails: offline" 'sync: offline' 5
# The newest article (Alpha one) is the selected first row.
tmux_keys m
see "m on a server article: the change waits" \
    'sync: offline, 1 change waiting' 3
# Still down: :sync fails again, and the next try waits twice as long.
tmux_keys :
tmux_keys -l sync
tmux_keys Enter
see ":sync with the server down: tried again from a timer, backing off" \
    'sync \(again in 60 s\): cannot reach http://127\.0\.0\.1' 5

# The errors view says why, and what waits.
tmux_keys E
see "the errors view says the last sync failed" \
    'Errors: 0 feeds failed, the last sync failed' 3
like "with the server, why, and the change waiting" "$(tmux_screen)" \
    'sync +http://127\.0\.0\.1:[0-9]+/ +1 change waiting; cannot reach'
tmux_keys q
see "q goes back to the list" 'All articles \(' 3

ttrss_restart
tmux_keys :
tmux_keys -l sync
tmux_keys Enter
see ":sync with the server back sends it" \
    'synced: 1 change sent' 10
see "nothing waits any more" 'sync: up to date' 3
ttrss_login alice 'pw "1"'
is "the server has the article read" "$(server_state 'Alpha one')" "False False"
is "and the others unread" "$(server_state 'Alpha two')" "True False"

# An article added on the server comes with R, without another key.
ttrss_rss a.xml "Feed A" "g0|Alpha zero" "g1|Alpha one" "g2|Alpha two" "g3|Alpha three"
ttrss_update_feed "$fid" || ttrss_bail "tt-rss cannot fetch the test feed again"
tmux_keys R
see "R brings the server's new article into the list" \
    'Alpha zero' 10
see "R's sync says so" 'synced: 0 changes sent, 1 feed, 1 new article' 5

# ------------------------------------------------- quitting mid-sync
# A frozen server (SIGSTOP): the kernel takes connections, nobody answers.
tmux_keys j
tmux_keys s
see "s on a server article waits to be sent" \
    'sync: 1 change waiting' 3
kill -STOP "-$TTRSS_PGID"
at_exit "kill -CONT -$TTRSS_PGID 2>/dev/null"
tmux_keys R
see "R starts a sync that hangs" 'sync: running, 1 change waiting' 3
# A second R refreshes the local feed (a new article shows it was read)
# but starts no second sync and says nothing about it.
sed 's|<item>|<item><guid>l2</guid><title>Local two</title><pubDate>Tue, 02 Jan 2018 00:00:00 GMT</pubDate></item><item>|' \
    "$T/local.xml" >"$T/local.tmp" && mv "$T/local.tmp" "$T/local.xml"
tmux_keys R
see "a second R refreshes the local feed" 'Local two' 5
s=$(tmux_screen)
unlike "but starts no second sync" "$s" 'already running'
like "the first one still runs" "$s" 'sync: running, 1 change waiting'
t0=$(_ttrss_ms)
tmux_keys Q
ok "quitting during the sync is prompt" exited 2
diag "quit during a hanging sync took $(($(_ttrss_ms) - t0)) ms"
tmux_end
kill -CONT "-$TTRSS_PGID"
# Cancelled, not abandoned: the sync ended and said so in the cache.
is "the sync was cancelled and the star stays queued in the cache" \
    "$("$TIDENDE" -c "$T/config" -d "$T/cache.db" sync --status --json |
	ttrss_json '[r["pending"], r["error"]]')" '[1, "cancelled"]'

tmux_start 120 30 "$TIDENDE" -c "$T/config-no-start" -d "$T/cache.db"
see "the next start shows it waiting" 'sync: 1 change waiting' 3
tmux_keys :
tmux_keys -l sync
tmux_keys Enter
see "and :sync sends it" 'synced: 1 change sent' 10
is "the server has the star" \
    "$(ttrss_api getHeadlines feed_id:=-1 | ttrss_json 'len(r["content"])')" 1

tmux_resize 120 100
tmux_keys '?'
see ":sync is in the help" ':sync +sync with the server now' 3
tmux_keys Q
exited || diag "$(tmux_screen)"
tmux_end

# ------------------------------------------------- refused
# A wrong password: said once, not retried, and never shown.
printf '%s\n' 'Wr0ngPassw0rd' >"$T/password"
tmux_start 120 30 "$TIDENDE" -c "$T/config-no-start" -d "$T/cache.db"
tmux_keys :
tmux_keys -l sync
tmux_keys Enter
see "a wrong password: the sync is refused" 'sync: refused' 10
s=$(tmux_screen)
unlike "and not tried again" "$s" 'again in'
unlike "the password is not shown" "$s" 'Wr0ngPassw0rd'
tmux_keys Q
exited || diag "$(tmux_screen)"
tmux_end

# ------------------------------------------------- turned on with :set
printf '%s\n' 'pw "1"' >"$T/password"
printf 'feed file://%s/local.xml "Local"\nset refresh-on-start no\n' "$T" >"$T/config-off"
tmux_start 120 30 "$TIDENDE" -c "$T/config-off" -d "$T/cache.db"
see "sync off: the cache is shown" 'Alpha one' 3
unlike "and no sync state" "$(tmux_screen)" 'sync:'
cmd() { tmux_keys :; tmux_keys -l "$1"; tmux_keys Enter; }
cmd sync
see ":sync with sync off says how to turn it on" 'sync: off \(set sync-backend' 3
cmd 'set sync-backend ttrss'
cmd "set sync-url $TTRSS_URL/"
cmd 'set sync-user alice'
cmd "set sync-password-file $T/password"
cmd sync
see "turned on with :set, :sync syncs" 'synced: 0 changes sent, 1 feed' 10
tmux_keys Q
finish
