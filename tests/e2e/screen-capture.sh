#!/bin/sh
# Make docs/screen-80x24.txt, the README's picture of the interface: a
# real tmux capture at 80x24 of a small cache of invented Norwegian and
# English innovation articles (tests/fixtures/e2e/innovation-*.xml, read
# through file:// feeds), one starred, two read, one open.  Not a test:
#
#   sh tests/e2e/screen-capture.sh [TIDENDE] > docs/screen-80x24.txt
set -u
TOP_SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
TIDENDE=${1:-$TOP_SRCDIR/tidende}
W=$(mktemp -d "${TMPDIR:-/tmp}/tidende-screen.XXXXXX")
SOCK="tidende-screen-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$W"' EXIT
export XDG_CONFIG_HOME="$W/config" XDG_DATA_HOME="$W/data"
export XDG_STATE_HOME="$W/state" XDG_CACHE_HOME="$W/cache" HOME="$W"

cat >"$W/config" <<EOF
feed file://$TOP_SRCDIR/tests/fixtures/e2e/innovation-nb.xml "Gründerposten" norsk
feed file://$TOP_SRCDIR/tests/fixtures/e2e/innovation-en.xml "Nordic Tech Ledger" english
set refresh-on-start no
set refresh-interval 0
EOF
"$TIDENDE" -q -c "$W/config" -d "$W/cache.db" refresh || exit 1

screen() { tmux -L "$SOCK" capture-pane -p -t t; }
wait_for() {
	_i=0
	while [ $_i -lt 200 ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.05; _i=$((_i + 1))
	done
	echo "screen-capture: timed out waiting for $1" >&2
	screen >&2
	exit 1
}
tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 80 -y 24 \
    "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$TIDENDE' -c '$W/config' -d '$W/cache.db'; sleep 30"
wait_for '1/11 *$'
keys() { tmux -L "$SOCK" send-keys -t t "$@"; sleep 0.2; }
# Star the newest English article, read two, open the newest Norwegian one.
keys s
keys j Enter
keys q
keys j j m
keys g j Enter
wait_for 'Title: +Kommune tester'
sleep 0.3
screen
