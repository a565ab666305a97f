#!/bin/sh
# Scenario 5, a sysadmin over SSH: the interface in an 80x24 tmux with
# TERM=vt100 and TERM=linux, LANG=C (not UTF-8: the ASCII fallback draws
# no raw UTF-8 and no mojibake) and NO_COLOR=1 (no colour sequences).  The
# help screen lists the keys; q quits and the terminal is given back
# (cursor shown, no alternate screen, keypad and mouse modes off); resizing
# 80x24 -> 200x50 -> 50x15 keeps the selected article selected.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/e2e/e2e-lib.sh"

FIXTURE="$TOP_BUILDDIR/tests/ui/ui-fixture"
[ -x "$FIXTURE" ] || plan_skip "tests/ui/ui-fixture not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 34

# CJK, emoji and Norwegian titles and feed names, and one hostile article.
"$FIXTURE" "$T/cache.db" 4 400 || { echo "Bail out! fixture"; exit 1; }
cat >"$T/config" <<EOF
feed http://127.0.0.1:1/feed0.xml "Feed number 0"
set refresh-on-start no
set refresh-interval 0
EOF

# tmux_stop: end this tmux server and wait until it has gone, so that the
# next tmux_start (same socket name) starts a new one.
tmux_stop() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	_i=0
	while tmux -L "$TMUX_SOCK" list-sessions >/dev/null 2>&1 && [ $_i -lt 50 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"
}

# restored: the terminal state tmux sees after the program has gone.
restored() {
	tmux -L "$TMUX_SOCK" display -p -t t \
	    'alt=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_cursor_flag} mouse=#{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag}#{mouse_all_flag}'
}

for term in vt100 linux; do
	TEST_TERM=$term tmux_start 80 24 LANG=C LC_ALL=C NO_COLOR=1 \
	    "$TIDENDE" -c "$T/config" -d "$T/cache.db"
	ok "$term, LANG=C: the first screen appears" tmux_wait_for '1/400 *$' 8
	s=$(tmux_screen)
	tmux -L "$TMUX_SOCK" capture-pane -e -p -t t >"$T/screen-$term.esc"
	tmux_screen >"$T/screen-$term.txt"
	like "$term: title line and unread count" "$s" 'All articles \(400 unread of 400\)'
	ok "$term, LANG=C: the screen is plain ASCII (no raw UTF-8, no mojibake)" \
	    sh -c "! LC_ALL=C grep -q '[^ -~]' '$T/screen-$term.txt'"
	unlike "$term, LANG=C: no meta-escaped bytes (M-x) drawn" "$s" 'M-[^ ]|~[A-Z@]'
	like "$term, LANG=C: Norwegian letters fall back to ASCII" "$s" 'Article 1 about bl.b.r'
	ok "$term, NO_COLOR: no colour set on the screen" \
	    sh -c "! grep -Eq '\[(3[0-7]|4[0-7]|38;|48;|9[0-7]|10[0-7])(;[0-9]+)*m' '$T/screen-$term.esc'"

	tmux_keys '?'
	ok "$term: ? opens the help screen" tmux_wait_for 'Help' 3
	s=$(tmux_screen)
	like "$term: help lists the movement keys" "$s" 'j, Down +next'
	like "$term: help lists the open key" "$s" 'Enter +open'
	if [ "$term" = vt100 ]; then
		# Page through the help: every default key of the contract.
		# Each page is waited for (the title's percentage moves) until
		# the title says 100%.
		: >"$T/help.txt"
		i=0
		while [ $i -lt 20 ]; do
			tmux_screen >>"$T/help.txt"
			top=$(tmux_screen | grep -E 'Help \(q to go back\)')
			case $top in *" 100%"*) break ;; esac
			tmux_keys Space
			_j=0
			while [ "$(tmux_screen | grep -E 'Help \(q to go back\)')" = "$top" ] &&
			    [ $_j -lt 100 ]; do
				sleep 0.05; _j=$((_j + 1))
			done
			i=$((i + 1))
		done
		like "$term: the help was paged to its end" "$top" ' 100%'
		missing=""
		for k in 'j, Down' 'k, Up' 'Enter' 'PgDn, Space' 'PgUp' 'g, Home' \
		    'G, End' '^  q ' '^  Q ' '^  n ' '^  N ' 'Tab' '^  m ' '^  s ' \
		    '^  A ' '^  / ' '^  r ' '^  R ' '^  t ' '^  o ' '^  y ' '\?' 'C-l'; do
			grep -Eq -- "$k" "$T/help.txt" || missing="$missing [$k]"
		done
		is "$term: help lists every default key of cli.md" "$missing" ""
		tmux_keys g
	fi
	tmux_keys q
	ok "$term: q leaves the help" tmux_wait_for '1/400 *$' 3
	tmux_keys q
	ok "$term: q quits with status 0" tmux_wait_for '^\[exited\] 0' 5
	is "$term: the terminal is restored" "$(restored)" \
	    "alt=0 cursor=1 keypad=0 mouse=0000"
	tmux_stop
done

# Resizing keeps the selection.  UTF-8 here, at TERM=screen.
TEST_TERM=screen tmux_start 80 24 NO_COLOR=1 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
tmux_wait_for '1/400 *$' 8
tmux_keys j j j j j
ok "five j: the sixth article is selected" tmux_wait_for '6/400 *$' 3
sel() {
	# The selected line (drawn in reverse video) of the article list.
	tmux -L "$TMUX_SOCK" capture-pane -e -p -t t | sed -n '2,$p' |
	    grep '\[[0-9;]*7m' | grep -o 'Article [0-9]* about' | head -n 1
}
# sel_is WANT: wait (3 s at most) for the selected line to be WANT; print
# what it is.
sel_is() {
	_i=0
	while [ "$(sel)" != "$1" ] && [ $_i -lt 30 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	sel
}
want="Article 5 about"
is "the selected line is drawn in reverse" "$(sel_is "$want")" "$want"
tmux_resize 200 50
ok "200x50: still the sixth article" tmux_wait_for '6/400 *$' 3
got=$(sel_is "$want")
is "200x50: the same line is selected" "$got" "$want"
[ "$got" = "$want" ] || diag "$(tmux -L "$TMUX_SOCK" capture-pane -e -p -t t | head -n 12 | cat -v)"
tmux_resize 50 15
ok "50x15: still the sixth article" tmux_wait_for '6/400 *$' 3
is "50x15: the same line is selected" "$(sel_is "$want")" "$want"
tmux_keys Enter
ok "50x15: Enter opens the selected article" tmux_wait_for 'Article 5 about' 3
tmux_keys Q
ok "Q quits" tmux_wait_for '^\[exited\] 0' 5
finish
