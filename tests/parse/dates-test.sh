#!/bin/sh
# tests/parse/dates-test.sh: feeds that write dates with Norwegian,
# Swedish, Danish, German and French names get the right `published` in
# `tidende parse` JSON; unknown or ambiguous month words give null, never
# a guess.  Each item's title in the fixture is the time it must give.
. "$TOP_SRCDIR/tests/lib.sh"
F="$TOP_SRCDIR/tests/fixtures/parse/european-dates.xml"

command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
plan 18

exit_is "parse exits 0" 0 "$TIDENDE" parse "$F"
python3 - "$T/.out" >"$T/pairs" <<'PY'
import json, sys
for it in json.load(open(sys.argv[1], encoding="utf-8"))["items"]:
    print(it["id"], it["title"], it["published"] or "none")
PY
[ "$(wc -l <"$T/pairs")" -eq 17 ] || { echo "Bail out! $(cat "$T/pairs")"; exit 1; }
while read -r id want got; do
	is "$id: published" "$got" "$want"
done <"$T/pairs"
finish
