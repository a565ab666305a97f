#!/bin/sh
# The terminal interface driven in tmux: start on a fixture cache, move,
# open, scroll, mark read, star, switch views, search as you type, help,
# resize, open and copy a link, and a hostile article that must leave the
# screen, the clipboard and the pane title alone.
. "$TOP_SRCDIR/tests/lib.sh"

FIXTURE="$TOP_BUILDDIR/tests/ui/ui-fixture"
[ -x "$FIXTURE" ] || plan_skip "ui-fixture not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"

plan 28

"$FIXTURE" "$T/cache.db" 4 400 || { echo "Bail out! fixture"; exit 1; }
cat >"$T/config" <<CFG
feed http://127.0.0.1:1/feed0.xml "Feed number 0" even
set refresh-on-start no
set refresh-interval 0
set browser "$TOP_SRCDIR/tests/fixtures/ui/fake-browser" --new-tab %u
CFG
export FAKE_BROWSER_OUT="$T/browser-argv"

tmux_start 120 40 "FAKE_BROWSER_OUT=$FAKE_BROWSER_OUT" "$TIDENDE" \
    -c "$T/config" -d "$T/cache.db"
TM="tmux -L $TMUX_SOCK"
$TM set -g set-clipboard on
title0=$($TM display -p -t t '#{pane_title}')

ok "first screen shows the list" tmux_wait_for '1/400 *$' 5
s=$(tmux_screen)
like "title line counts unread" "$s" 'All articles \(400 unread of 400\)'
like "sidebar lists feeds with counts" "$s" 'Feed number 0 +100'
like "CJK feed title drawn" "$s" '日本語のフィード'

tmux_keys j j
ok "j moves down" tmux_wait_for '3/400 *$' 3
tmux_keys k
ok "k moves up" tmux_wait_for '2/400 *$' 3

tmux_keys Enter
ok "Enter opens the article" tmux_wait_for 'Title: +Article 1 about' 3
s=$(tmux_screen)
like "article body rendered" "$s" 'Paragraph one of article 1'
like "links listed at the end" "$s" '\[1\] http://127.0.0.1:1/link1'
like "opening marks read" "$s" 'All articles +399'

tmux_keys o
i=0; while [ ! -s "$FAKE_BROWSER_OUT" ] && [ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
is "o runs the browser with the link as one argv word" \
    "$(cat "$FAKE_BROWSER_OUT" 2>/dev/null)" "--new-tab
http://127.0.0.1:1/a/1"

tmux_keys y
i=0; while ! $TM show-buffer >/dev/null 2>&1 && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
is "y copies the link with OSC 52" "$($TM show-buffer 2>/dev/null)" \
    "http://127.0.0.1:1/a/1"
$TM delete-buffer 2>/dev/null

rm -f "$FAKE_BROWSER_OUT"
tmux_keys :
tmux_keys -l 'open 1'
tmux_keys Enter
i=0; while [ ! -s "$FAKE_BROWSER_OUT" ] && [ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
is ":open N opens a numbered link" "$(tail -n 1 "$FAKE_BROWSER_OUT" 2>/dev/null)" \
    "http://127.0.0.1:1/link1"

tmux_keys s
ok "s stars" tmux_wait_for 'starred' 3
tmux_keys q
ok "q closes the article" tmux_wait_for '^ tidende — All articles' 3
tmux_keys 3
ok "starred view" tmux_wait_for 'Starred \(0 unread of 1\)' 3
tmux_keys 1 m
ok "m toggles read" tmux_wait_for '398 unread of 400' 3

tmux_keys /
tmux_keys -l 'blåb'
ok "search filters as you type (prefix)" tmux_wait_for 'Search: blåb \([1-9][0-9]* found' 3
like "matches in titles" "$(tmux_screen)" 'about blåbær'
tmux_keys Escape
ok "Esc returns to the view" tmux_wait_for '^ tidende — All articles' 3

tmux_keys '?'
ok "help from the action table and bindings" tmux_wait_for 'next-unread' 3
tmux_keys q

tmux_resize 80 24
ok "resize to 80x24 keeps the selection" tmux_wait_for '2/400 *$' 3
tmux_resize 200 50
ok "resize to 200x50" tmux_wait_for '2/400 *$' 3

# The hostile article: escapes in the title and the body.
tmux_keys g Enter
ok "hostile article opens" tmux_wait_for 'Title: +Hostile title' 3
s=$(tmux_screen)
# The title's OSC sequences go whole; the body's text stays inert text.
like "escape sequences removed from the title" "$s" 'Title: +Hostile title and end'
ok "clipboard untouched by feed text" sh -c "! $TM show-buffer >/dev/null 2>&1"
is "pane title untouched" "$($TM display -p -t t '#{pane_title}')" "$title0"

tmux_keys Q
ok "Q quits cleanly" tmux_wait_for '^\[exited\] 0' 3
finish
