#!/bin/sh
# Another client of the same tt-rss: Debian's newsboat (2.21 speaks the
# tt-rss API).  State set by newsboat arrives in tidende (newsboat marks a
# feed read in its interface, in tmux; `tidende sync` shows it read), and
# state set by tidende arrives in newsboat (tidende marks an article read
# and syncs; after newsboat's reload its cache has it read).  Read state
# only: newsboat 2.21's reload was seen not to take stars from the server.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"
command -v newsboat >/dev/null 2>&1 || plan_skip "newsboat not installed"
ttrss_start
plan 9

PW='nb-pw'
ttrss_add_user carol "$PW" >/dev/null
ttrss_login carol "$PW" || ttrss_bail "cannot log in as carol"
ttrss_feeds_start
ttrss_rss n.xml "Feed N" "n1|Alpha one" "n2|Beta two"
fn=$(ttrss_subscribe "$TTRSS_FEED_BASE/n.xml")
ttrss_update_feed "$fn"
ttrss_rss m.xml "Feed M" "m1|Gamma three"
fm=$(ttrss_subscribe "$TTRSS_FEED_BASE/m.xml")
ttrss_update_feed "$fm"
ttrss_feeds_stop

printf '%s\n' "$PW" >"$T/pw"
chmod 600 "$T/pw"
{
	echo "set sync-backend ttrss"
	echo "set sync-url \"$TTRSS_URL/\""
	echo "set sync-user carol"
	echo "set sync-password-file \"$T/pw\""
} >"$T/conf"
tid() { "$TIDENDE" -c "$T/conf" -d "$T/t.db" "$@"; }
# cache_read TITLE-START: tidende's read flag (True/False).
cache_read() {
	tid list --json | python3 -c 'import json, sys
print([a["read"] for a in json.load(sys.stdin) if a["title"].startswith(sys.argv[1])][0])' "$1"
}
# nb_unread TITLE-START: newsboat's cache's unread flag (1/0).
nb_unread() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT unread FROM rss_item WHERE title LIKE ?", (sys.argv[2] + "%",)).fetchone()[0])' \
	    "$TTRSS_DIR/newsboat-carol/cache.db" "$1"
}
# server_unread FEED TITLE-START: the server's unread flag (true/false).
server_unread() {
	ttrss_headlines "$1" | ttrss_json "[h['unread'] for h in r['content'] if h['title'].startswith('$2')][0]"
}

exit_is "tidende's first sync" 0 tid sync
ok "newsboat's first reload" ttrss_newsboat carol "$PW" -x reload
is "newsboat has the articles unread" "$(nb_unread Alpha)$(nb_unread Beta)$(nb_unread Gamma)" 111

# ---------------------------------------------------------------- tidende to newsboat
tid mark --read "$(tid list --json | python3 -c 'import json, sys
print([a["id"] for a in json.load(sys.stdin) if a["title"].startswith("Alpha")][0])')"
exit_is "tidende reads Alpha and syncs" 0 tid sync
ok "newsboat reloads" ttrss_newsboat carol "$PW" -x reload
is "newsboat shows Alpha read, Beta still unread" "$(nb_unread Alpha)$(nb_unread Beta)" 01

# ---------------------------------------------------------------- newsboat to tidende
# newsboat's interface: select Feed M in the feed list and mark it read
# (A), which newsboat sends to tt-rss; wait for the server to have it
# read, then quit.
nb="$TTRSS_DIR/newsboat-carol"
tmux_start 100 30 newsboat -C "$nb/config" -u "$nb/urls" -c "$nb/cache.db"
tmux_wait_for 'Feed M' 20 || diag "$(tmux_screen)"
# the list's order is newsboat's: step down to Feed M when it is second
tmux_screen | grep -Eq '^ *1 .*Feed N' && tmux_keys Down
tmux_wait_for '^ *[0-9] .*\(1/1\) Feed M' 5 || diag "$(tmux_screen)"
tmux_keys A
i=0
while [ "$(server_unread "$fm" Gamma)" != false ] && [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
is "newsboat's mark-read reached the server" "$(server_unread "$fm" Gamma)" false
tmux_keys Q
exit_is "tidende syncs" 0 tid sync
is "tidende shows newsboat's read (Gamma), and its own (Alpha), Beta unread" \
    "$(cache_read Gamma) $(cache_read Alpha) $(cache_read Beta)" "True True False"

finish
