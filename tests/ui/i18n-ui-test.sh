#!/bin/sh
# The terminal interface in Bokmål and in Nynorsk (po/nb.po, po/nn.po):
# the status line after a refresh from a local server (plurals through
# ngettext), a feed that fails and a `:` command that fails, the list's
# title and sidebar, the help screen (its first lines whole at 80x24);
# the article as `tidende show` prints it, its labels lined up by display
# width; and the same screens in English under C.UTF-8, unchanged.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/locale/i18n-lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
start_server --root "$TOP_SRCDIR/tests/fixtures/ui"

plan 37

cat >"$T/config" <<CFG
feed $BASE/gen/alpha?items=2 "Alpha"
feed $BASE/status/500 "Broken"
set refresh-on-start yes
set refresh-interval 0
CFG

# ui LANG: tidende at 80x24 in LANG (nb, nn or en), on its own cache so
# that its start-up refresh brings the two articles again; the second
# time in the same tmux pane (a new tmux server on the same socket could
# race the old one's exit).
ui() {
	case $1 in
	en) loc=C.UTF-8 ;;
	*) loc=${1}_NO.UTF-8 ;;
	esac
	set -- env $i18n_env LC_ALL=$loc LANG=$loc "$TIDENDE" -c "$T/config" \
	    -d "$T/$1.db"
	if [ -z "${TMUX_SOCK-}" ]; then
		tmux_start 80 24 "$@"
	else
		tmux -L "$TMUX_SOCK" respawn-pane -k -t t \
		    "env TERM=${TEST_TERM:-xterm-256color} $*; sleep 30"
	fi
}

# see NAME REGEX [SECONDS]: the screen shows REGEX (the screen on failure)
see() {
	if tmux_wait_for "$2" "${3:-5}"; then
		pass "$1"
	else
		fail "$1" "$(tmux_screen)"
	fi
}

# norwegian LANG FEEDS ARTICLES UNREAD FAILED NOFEED GROUP HELPWORD
norwegian() {
	ui "$1"
	see "$1: the refresh's summary in the status line, plurals right" \
	    "^oppdaterte 2 $2: 2 nye $3, 1 $5 \(:errors viser k?h?v[a-z]+\) +\? hjelp *\$" 15
	s=$(tmux_screen)
	like "$1: the list's title counts the $4 articles" "$s" \
	    "tidende — Alle $3 \(2 $4 av 2\)"
	like "$1: the sidebar's entries" "$s" "^ $(echo "$4" |
	    sed 's/^u/U/') +2│"
	like "$1: the sidebar's feeds heading" "$s" "^$7 +│"
	tmux_keys :
	tmux_keys -l 'feed nosuch'
	tmux_keys Enter
	see "$1: a failing : command says why" "^feed: $6 'nosuch' +\? hjelp"
	tmux_keys E
	see "$1: the errors view's title" \
	    "tidende — Feil: 1 $(echo "$2" | sed 's/r$//') $5 \(q: tilbake\)"
	tmux_keys q '?'
	see "$1: the help screen's title" 'tidende — Hjelp \(q: tilbake\) +[0-9]+%'
	s=$(tmux_screen)
	like "$1: the help's first heading" "$s" '^ Flytting *$'
	like "$1: an action's help" "$s" \
	    '^  j, Down +next +neste linje *$'
	like "$1: the help names the key's action in its words" "$s" \
	    "^  n +next-unread +neste $8 artikkel \\("
}

norwegian nb kilder artikler uleste feilet "ingen kilde heter" Kilder uleste
# The help screen at 80x24: its first lines are whole, the long ones
# wrapped at a word under the help column, none cut at the edge.
s=$(tmux_screen)
like "80x24: the title and the position both on the first line" \
    "$(printf '%s\n' "$s" | head -1)" '^ tidende — Hjelp \(q: tilbake\) +18%$'
like "80x24: a long help line wrapped at a word" "$s" \
    '^  n +next-unread +neste uleste artikkel \(neste treff når du$'
like "80x24: its end on the next line, under the help column" \
    "$(printf '%s\n' "$s" | grep -A1 '^  n  *next-unread' | sed -n 2p)" \
    '^ {35}søker i en artikkel\)$'
long=$(printf '%s\n' "$s" | awk 'length($0) > 80' | head -1)
is "80x24: no line wider than the screen" "$long" ""
tmux_keys q
see "nb: back in the list" 'tidende — Alle artikler'

norwegian nn kjelder artiklar ulesne feila "inga kjelde heiter" Kjelder ulesne

# The article as `tidende show` prints it (the article pane's rendering):
# labels translated, their values lined up after the widest label,
# counted in display columns.
id=$(en "$TIDENDE" -c "$T/config" -d "$T/nb.db" list 2>/dev/null |
    awk 'NR == 1 { print $1 }')
out=$(nb "$TIDENDE" -c "$T/config" -d "$T/nb.db" show "$id" 2>&1)
like "nb show: the title label" "$out" '^Tittel: +Item [0-9] of feed alpha$'
like "nb show: the feed label" "$out" '^Kilde: +Alpha$'
col() { printf '%s\n' "$1" | sed -n "s/^\\($2: *\\).*/\\1/p" | awk '{ print length($0) }'; }
is "nb show: the values in one column (after 'Forfatter:', the widest)" \
    "$(col "$out" Tittel) $(col "$out" Kilde) $(col "$out" Lenke)" "11 11 11"
out=$(nn "$TIDENDE" -c "$T/config" -d "$T/nn.db" show "$id" 2>&1)
like "nn show: the labels in Nynorsk" "$out" '^Kjelde: +Alpha$'
out=$(en "$TIDENDE" -c "$T/config" -d "$T/nb.db" show "$id" 2>&1)
like "C.UTF-8 show: English labels, values in column 9 as always" "$out" \
    '^Title:  Item [0-9] of feed alpha$'
like "C.UTF-8 show: the feed label too" "$out" '^Feed:   Alpha$'

# English under C.UTF-8: the same screens, the same words as ever.
ui en
see "en: the refresh's summary" \
    '^refreshed 2 feeds: 2 new articles, 1 failed \(:errors to see why\) +\? help *$' 15
s=$(tmux_screen)
like "en: the list's title" "$s" 'tidende — All articles \(2 unread of 2\)'
like "en: the sidebar" "$s" '^ Unread +2│'
tmux_keys :
tmux_keys -l 'feed nosuch'
tmux_keys Enter
see "en: a failing : command" "^feed: no feed called 'nosuch' +\\? help"
tmux_keys '?'
see "en: the help screen" 'tidende — Help \(q to go back\) +[0-9]+%'
like "en: an action's help" "$(tmux_screen)" '^  j, Down +next +next line *$'
finish
