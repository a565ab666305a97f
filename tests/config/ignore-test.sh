#!/bin/sh
# `ignore "QUERY"` lines of the config in effect hide matching articles
# from every listing; changing them re-flags what is in the cache.
. "$TOP_SRCDIR/tests/lib.sh"
plan 6

cp "$TOP_SRCDIR/tests/fixtures/config/ignore-feed.xml" "$T/feed.xml"
printf 'feed file://%s "Ignore test"\nignore "sponsored OR advertorial"\n' "$T/feed.xml" >"$T/conf"
exit_is "refresh with an ignore line" 0 "$TIDENDE" -q -c "$T/conf" -d "$T/db" refresh
out=$("$TIDENDE" -c "$T/conf" -d "$T/db" list)
unlike "the matching article is hidden" "$out" 'Sponsored'
like "the other one is listed" "$out" 'Kommunene tester'
like "list --ignored shows it" "$("$TIDENDE" -c "$T/conf" -d "$T/db" list --ignored)" 'Sponsored'

# Without the ignore line, the next run that opens the cache shows it again.
printf 'feed file://%s "Ignore test"\n' "$T/feed.xml" >"$T/conf"
exit_is "refresh without it" 0 "$TIDENDE" -q -c "$T/conf" -d "$T/db" refresh
like "the article is back" "$("$TIDENDE" -c "$T/conf" -d "$T/db" list)" 'Sponsored'
finish
