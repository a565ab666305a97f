#!/bin/sh
# KNOWN BUGS (tests/e2e/KNOWN-BUGS.md, 1 and 2): NOT in TESTS until fixed.
# `list` and `search` read the config like every other command: a new
# `ignore` line hides its articles at once, and a broken config is an
# error (exit 65 naming FILE:LINE), not silently skipped.
. "$TOP_SRCDIR/tests/lib.sh"
plan 6

cp "$TOP_SRCDIR/tests/fixtures/config/ignore-feed.xml" "$T/feed.xml"
printf 'feed file://%s "Ignore test"\n' "$T/feed.xml" >"$T/conf"
exit_is "refresh without an ignore line" 0 "$TIDENDE" -q -c "$T/conf" -d "$T/db" refresh
echo 'ignore "sponsored OR advertorial"' >>"$T/conf"
unlike "1: list hides the newly ignored article" \
    "$("$TIDENDE" -c "$T/conf" -d "$T/db" list)" 'Sponsored'
unlike "1: search hides it" \
    "$("$TIDENDE" -c "$T/conf" -d "$T/db" search sponsored)" 'Sponsored'
is "1: the unread count leaves it out" \
    "$("$TIDENDE" -c "$T/conf" -d "$T/db" list --unread --count)" 1

printf 'feed file://%s\nset frobnicate yes\n' "$T/feed.xml" >"$T/bad"
exit_is "2: list with a broken config exits 65" 65 "$TIDENDE" -c "$T/bad" -d "$T/db" list
like "2: and says FILE:LINE" "$(cat "$T/.err")" "^tidende: $T/bad:2: "
finish
