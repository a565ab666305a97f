#!/bin/sh
# The interface's layouts, prompt and terminal handling in tmux: one pane
# at a time when narrow, `:` commands, saved searches, search history kept
# across runs, mouse, the cursor on the selection, ASCII and NO_COLOR, and
# Ctrl-Z / SIGCONT / SIGTERM leaving the terminal usable.
. "$TOP_SRCDIR/tests/lib.sh"

FIXTURE="$TOP_BUILDDIR/tests/ui/ui-fixture"
[ -x "$FIXTURE" ] || plan_skip "ui-fixture not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"

plan 34

"$FIXTURE" "$T/cache.db" 4 200 || { echo "Bail out! fixture"; exit 1; }
cat >"$T/config" <<CFG
feed http://127.0.0.1:1/feed0.xml "Feed number 0" even
set refresh-on-start no
set refresh-interval 0
CFG
cp "$T/config" "$T/config.orig"
TM() { tmux -L "$TMUX_SOCK" "$@"; }
# Stop the tmux server and wait until it is gone (no fixed sleep).
tm_stop() {
	TM kill-server 2>/dev/null
	_i=0
	while TM list-sessions >/dev/null 2>&1 && [ $_i -lt 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
}
run() { tmux_start "$@" "$TIDENDE" -c "$T/config" -d "$T/cache.db"; }

# ------------------------------------------------------------- narrow
run 50 20
ok "narrow: the list alone" tmux_wait_for '1/200 *$' 5
unlike "narrow: no sidebar beside it" "$(tmux_screen)" '│'
tmux_keys Enter
ok "narrow: the article alone" tmux_wait_for '^Title: ' 3
tmux_keys Tab
ok "narrow: Tab goes to the feeds" tmux_wait_for 'tidende — Feeds' 3
tmux_keys Tab Tab q
ok "narrow: q closes the article, back to the list" tmux_wait_for '^ tidende — All articles' 3
tm_stop

# ------------------------------------------------ commands and layouts
run 120 40
ok "wide: started" tmux_wait_for '1/200 *$' 5
tmux_keys Enter
ok "wide: list beside article" tmux_wait_for '│Title: ' 3
tmux_keys :
tmux_keys -l 'set layout vertical'
tmux_keys Enter
ok ":set layout vertical puts the list above" tmux_wait_for '─────────' 3
tmux_keys :
tmux_keys -l 'tag odd'
tmux_keys Enter
ok ":tag shows one tag" tmux_wait_for 'Tag: odd \(100 unread of 100\)' 3
tmux_keys /
tmux_keys -l 'blåb'
ok "a search from a tag stays in the tag" \
    tmux_wait_for 'Search in tag odd: tag:"odd" blåb \([1-9][0-9]* found' 3
tmux_keys Tab
ok "Tab in the prompt searches everything" tmux_wait_for 'Search: blåb \(' 3
tmux_keys Escape
ok "Esc goes back to the tag" tmux_wait_for 'Tag: odd \(' 3
tmux_keys :
tmux_keys -l 'nonsense'
tmux_keys Enter
# (not just 'nonsense': the prompt shows that before Enter is handled)
ok "a bad command says so" tmux_wait_for "unknown command 'nonsense'" 3

tmux_keys 1 /
tmux_keys -l 'københavn'
tmux_keys Enter
ok "search kept with Enter" tmux_wait_for 'Search: københavn \([1-9][0-9]* found' 3
tmux_keys :
tmux_keys -l 'save kbh'
tmux_keys Enter
ok ":save adds a saved search to the sidebar" tmux_wait_for '^ kbh +[0-9]+' 3
like ":save writes the config" "$(cat "$T/config")" '^search "kbh" "københavn"$'

# Mouse: a click selects the line, the wheel scrolls.
tmux_keys 1
ok "back to all" tmux_wait_for '1/200 *$' 3
TM send-keys -t t -l "$(printf '\033[<0;60;6M')"
TM send-keys -t t -l "$(printf '\033[<0;60;6m')"
ok "click selects the line" tmux_wait_for '5/200 *$' 3
TM send-keys -t t -l "$(printf '\033[<65;60;6M')"
ok "wheel scrolls" tmux_wait_for '8/200 *$' 3

tm_stop

# Ctrl-Z suspends to an interactive shell, fg redraws, SIGTERM restores
# the terminal and exits.
TM -f /dev/null new-session -d -s t -x 120 -y 40 \
    "env PS1='sh\$ ' TERM=xterm-256color LANG=C.UTF-8 bash --norc --noprofile -i"
at_exit "tmux -L $TMUX_SOCK kill-server 2>/dev/null"
tmux_keys "$TIDENDE -c $T/config -d $T/cache.db" Enter
ok "started from a shell" tmux_wait_for '1/200 *$' 5
tmux_keys j j
tmux_keys C-z
ok "Ctrl-Z suspends to the shell" tmux_wait_for 'Stopped' 3
tmux_keys fg Enter
ok "fg redraws where it was" tmux_wait_for '3/200 *$' 3
pid=$(pgrep -P "$(TM display -p -t t '#{pane_pid}')" -x tidende | head -n 1)
kill -TERM "$pid"
tmux_wait_for '^sh\$ $' 3
tmux_keys 'echo "[status] $?"' Enter
ok "SIGTERM restores the terminal and exits 143 (128 + SIGTERM)" tmux_wait_for '^\[status\] 143' 3
unlike "the terminal is left clean (no interface on screen)" \
    "$(tmux_screen)" 'tidende — All articles'
# SIGHUP, as when an SSH link drops: the same, 129; the cache is intact.
tmux_keys clear Enter
tmux_keys "$TIDENDE -c $T/config -d $T/cache.db" Enter
ok "started again" tmux_wait_for '1/200 *$' 5
pid=$(pgrep -P "$(TM display -p -t t '#{pane_pid}')" -x tidende | head -n 1)
kill -HUP "$pid"
tmux_wait_for '^sh\$ $' 3
tmux_keys 'echo "[status] $?"' Enter
ok "SIGHUP restores the terminal and exits 129 (128 + SIGHUP)" tmux_wait_for '^\[status\] 129' 3
is "the cache is intact after SIGHUP" \
    "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$T/cache.db" 2>&1)" "ok"
tm_stop

# ------------------------------------------ history across runs, cursor
cp "$T/config.orig" "$T/config"
echo "set cursor-on-selection yes" >>"$T/config"
run 120 40
ok "second run" tmux_wait_for '1/200 *$' 5
tmux_keys j j
tmux_wait_for '3/200 *$' 3
is "cursor on the selected line" "$(TM display -p -t t '#{cursor_flag} #{cursor_y}')" "1 3"
tmux_keys / Up
ok "search history kept across runs" tmux_wait_for '^/københavn' 3
tmux_keys Escape Q
tm_stop

# ------------------------------------------------- ASCII and NO_COLOR
cp "$T/config.orig" "$T/config"
tmux_start 120 40 NO_COLOR=1 LANG=C LC_ALL=C "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "ASCII locale: started" tmux_wait_for '1/200 *$' 5
s=$(tmux_screen)
like "ASCII locale: plain separators" "$s" '^ All articles +[0-9]+\|'
unlike "ASCII locale: no UTF-8 drawn" "$s" '●|│|—|…|東'
unlike "NO_COLOR: no colours" "$(TM capture-pane -p -e -t t)" '\[3[0-7]m|\[4[0-7]m|38;5'
finish
