#!/bin/sh
# `ignore "QUERY"` lines hide matching articles: they reach the cache when
# a command opens it, and changing them re-flags what is there.
. "$TOP_SRCDIR/tests/lib.sh"
plan 6

cp "$TOP_SRCDIR/tests/fixtures/config/ignore-feed.xml" "$T/feed.xml"
printf 'feed file://%s "Ignore test"\nignore "sponsored OR advertorial"\n' "$T/feed.xml" >"$T/conf"
exit_is "refresh with an ignore line" 0 "$TIDENDE" -q -c "$T/conf" -d "$T/db" refresh
out=$("$TIDENDE" -d "$T/db" list)
unlike "the matching article is hidden" "$out" 'Sponsored'
like "the other one is listed" "$out" 'Kommunene tester'
like "list --ignored shows it" "$("$TIDENDE" -d "$T/db" list --ignored)" 'Sponsored'

# Without the ignore line, the next run that opens the cache shows it again.
printf 'feed file://%s "Ignore test"\n' "$T/feed.xml" >"$T/conf"
exit_is "refresh without it" 0 "$TIDENDE" -q -c "$T/conf" -d "$T/db" refresh
like "the article is back" "$("$TIDENDE" -d "$T/db" list)" 'Sponsored'
finish
