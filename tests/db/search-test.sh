#!/bin/sh
# `tidende search`: ranking, filters and the query syntax against a
# fixture cache of hand-written Norwegian and English articles.
. "$TOP_SRCDIR/tests/lib.sh"
plan 22

GEN="$TOP_BUILDDIR/tests/db/db-gen"
DB="$T/cache.db"
export TZ=UTC
S() { "$TIDENDE" -d "$DB" search "$@" | cut -d' ' -f1 | tr '\n' ' '; }

"$GEN" fixture "$DB" || fail "fixture"
# ids: 1 Strømprisen, 2 Blåbær, 3 Været, 4 Familietelefon, 5 hostile,
#      6 Open source terminal readers, 7 Kernel release notes
is "title match ranks above a body match" "$(S familietelefon)" "4 3 "
is "æ ø å are letters" "$(S blåbær)" "2 "
is "prefix" "$(S 'blåbær*')" "2 "
is "ø inside a word" "$(S østlandet)" "3 "
is "all words must match" "$(S regn bergen)" "3 "
is "phrase" "$(S '"open source"')" "6 "
is "phrase is not two words anywhere" "$(S '"source open"')" ""
is "OR" "$(S --sort date terminal OR familietelefon)" "6 3 4 7 "
is "negation" "$(S --sort date terminal -kernel)" "6 "
is "negation alone (no -- needed)" "$(S -terminal -familietelefon -escape)" "1 2 "
is "feed:" "$(S --sort date feed:lwn terminal)" "6 7 "
is "feed title is searched too" "$(S nrk blåbær)" "2 "
is "tag:" "$(S --sort date tag:norsk)" "1 2 3 4 "
is "author:" "$(S --sort date author:kari)" "2 4 "
is "since: a date" "$(S since:2015-03-05)" "5 6 "
is "since: an age reaches back from now" "$(S since:20000d tag:tech | wc -w | tr -d ' ')" 3
"$GEN" state "$DB" 4 read
"$GEN" state "$DB" 6 star
is "is:unread" "$(S --sort date is:unread familietelefon)" "3 "
is "is:starred" "$(S is:starred)" "6 "
is "--count" "$("$TIDENDE" -d "$DB" search --count tag:norsk)" 4
exit_is "mistyped query exits 64" 64 "$TIDENDE" -d "$DB" search '"open'
like "with a short message" "$(cat "$T/.err")" '^tidende: search: missing closing quote$'
json=$("$TIDENDE" -d "$DB" search --json familietelefon)
like "--json is the list shape" "$json" '^\[$|"id": 4, "feed": "NRK", "feed_url": "http://127.0.0.1/nrk", "title": "Familietelefon lanseres"'
finish
