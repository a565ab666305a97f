#!/bin/sh
# The config example in README.md parses.
. "$TOP_SRCDIR/tests/lib.sh"
plan 3

# The first ``` block after "### Configuration".
awk '/^### Configuration/ { c = 1 } c && /^```/ { if (b) exit; b = 1; next } b' \
    "$TOP_SRCDIR/README.md" >"$T/readme.conf"
ok "the README has a config example" test -s "$T/readme.conf"
exit_is "the README config example parses" 0 "$TIDENDE" -c "$T/readme.conf" config --check
like "with its feeds" "$(cat "$T/.out")" "^$T/readme.conf: ok, 3 feeds"
finish
