#!/bin/sh
# `tidende search`: ranking, filters and the query syntax against a
# fixture cache of hand-written Norwegian and English articles.
. "$TOP_SRCDIR/tests/lib.sh"
plan 27

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
# since: and until: at the edges of a day: 4 is at 2015-03-01 00:00 UTC,
# 3 at 2015-03-02 00:00, 7 on 2015-02-28.
is "until: a date includes that whole day, nothing after" "$(S --sort date until:2015-03-01)" "4 7 "
is "until: the day before leaves out its midnight" "$(S --sort date until:2015-02-28)" "7 "
is "since: a date includes its midnight" "$(S --sort date since:2015-03-02)" "5 6 1 2 3 "
is "since: and until: the same day" "$(S --sort date since:2015-03-01 until:2015-03-01)" "4 "
# --json: every field of every article found, in rank order (4 was marked
# read above).
"$TIDENDE" -d "$DB" search --json familietelefon >"$T/search.json" 2>&1
is "--json: the articles found, whole" "$(python3 -c 'import json, sys
want = [
    {"id": 4, "feed": "NRK", "feed_url": "http://127.0.0.1/nrk",
     "title": "Familietelefon lanseres", "link": "http://127.0.0.1/n1",
     "author": "Kari Nordmann", "published": "2015-03-01T00:00:00Z",
     "read": True, "starred": False},
    {"id": 3, "feed": "NRK", "feed_url": "http://127.0.0.1/nrk",
     "title": "V\u00e6ret i helgen", "link": "http://127.0.0.1/n2",
     "author": "Ola Nordmann", "published": "2015-03-02T00:00:00Z",
     "read": False, "starred": False},
]
got = json.load(open(sys.argv[1], encoding="utf-8"))
print("same" if got == want else json.dumps(got, ensure_ascii=False))' "$T/search.json")" same
is "--json: an empty result is an empty list" \
    "$("$TIDENDE" -d "$DB" search --json nosuchwordanywhere | tr -d ' \n')" "[]"
finish
