#!/bin/sh
# tests/parse/parse-test.sh: `tidende parse` on the command line: the JSON
# shape of the contract, exit codes 0/64/65, `-` for stdin, --base,
# warnings for recovered damage.
. "$TOP_SRCDIR/tests/lib.sh"
F="$TOP_SRCDIR/tests/fixtures/parse"

command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
plan 25

# check_json FILE: the contract's keys, always present
check_json() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
keys = ["format", "title", "link", "description", "language", "updated", "items"]
ikeys = ["id", "title", "link", "author", "published", "updated", "summary",
         "content", "categories", "enclosures"]
assert all(k in d for k in keys), "feed keys"
assert isinstance(d["items"], list)
for it in d["items"]:
    assert all(k in it for k in ikeys), "item keys"
    assert isinstance(it["categories"], list)
    for e in it["enclosures"]:
        assert set(e) == {"url", "type", "length"}, "enclosure keys"
PY
}

# field FILE EXPR: a value from the JSON, printed by python
field() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1],encoding='utf-8')); print($2)" "$1"
}

exit_is "wordpress feed exits 0" 0 "$TIDENDE" parse "$F/wordpress.xml"
cp "$T/.out" "$T/wp.json"
ok "wordpress JSON has every key" check_json "$T/wp.json"
is "format" "$(field "$T/wp.json" 'd["format"]')" "rss-2.0"
is "feed title" "$(field "$T/wp.json" 'd["title"]')" "Gründerbloggen – nytt fra innovasjonsnorge"
is "item author" "$(field "$T/wp.json" 'd["items"][0]["author"]')" "Åse Ødegård"
is "categories" "$(field "$T/wp.json" '"|".join(d["items"][0]["categories"])')" "Kapital|Gründere i Trøndelag"
is "enclosure" "$(field "$T/wp.json" 'd["items"][0]["enclosures"][0]')" \
    "{'url': 'https://grunder.example.no/wp-content/uploads/intervju.mp3', 'type': 'audio/mpeg', 'length': 1234}"
is "dates in RFC 3339 UTC" "$(field "$T/wp.json" 'd["items"][0]["published"]')" "2015-03-02T08:30:00Z"
is "absent values are null" "$(field "$T/wp.json" 'd["items"][1]["content"]')" "None"
is "relative link without --base" "$(field "$T/wp.json" 'd["items"][1]["link"]')" "/2015/02/relativ/"

"$TIDENDE" parse --base https://grunder.example.no/feed/ - <"$F/wordpress.xml" >"$T/stdin.json" 2>"$T/stdin.err"
is "stdin with - and --base exits 0" "$?" "0"
is "--base resolves links" "$(field "$T/stdin.json" 'd["items"][1]["link"]')" \
    "https://grunder.example.no/2015/02/relativ/"

exit_is "Atom with xml:base exits 0" 0 "$TIDENDE" parse "$F/atom-base.xml"
is "nested xml:base" "$(field "$T/.out" 'd["items"][0]["link"]')" "https://blogg.example.no/2015/03/forste"

exit_is "JSON Feed exits 0" 0 "$TIDENDE" parse "$F/feed.json"
is "JSON Feed format" "$(field "$T/.out" 'd["format"]')" "json-feed-1.x"

exit_is "HTML page exits 65" 65 "$TIDENDE" parse --base https://grunder.example.no/ "$F/html-page.html"
like "HTML page names its feed in one line" "$(cat "$T/.err")" \
    '^tidende: .*html-page.html: .*HTML.*https://grunder.example.no/feed/$'
printf '' >"$T/empty"
exit_is "empty file exits 65" 65 "$TIDENDE" parse "$T/empty"

exit_is "damaged XML is recovered with exit 0" 0 "$TIDENDE" parse "$F/damaged.xml"
is "one warning line on stderr" "$(wc -l <"$T/.err" | tr -d ' ')" "1"

exit_is "no file is a usage error" 64 "$TIDENDE" parse

# Zone offsets with minutes, and bidi controls in titles, end to end.
printf '%s\n' '<?xml version="1.0" encoding="utf-8"?>' \
    '<rss version="2.0"><channel><title>Soner</title>' \
    '<item><guid>a</guid><title>India&#x2066;evil&#x2069;</title><pubDate>Mon, 02 Mar 2015 15:30:00 +0530</pubDate></item>' \
    '<item><guid>b</guid><title>Newfoundland&#x2067;x&#x2068;y</title><pubDate>Mon, 02 Mar 2015 06:30:00 -0330</pubDate></item>' \
    '<item><guid>c</guid><title>Nepal&#x200E;&#x200F;&#x061C;&#x202E;</title><dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2015-03-02T15:45:00+05:45</dc:date></item>' \
    '</channel></rss>' >"$T/zones.xml"
exit_is "offsets and bidi: exits 0" 0 "$TIDENDE" parse "$T/zones.xml"
cp "$T/.out" "$T/zones.json"
is "offsets with minutes: +05:30, -03:30, +05:45 are 10:00 UTC" \
    "$(field "$T/zones.json" '" ".join(i["published"] for i in d["items"])')" \
    "2015-03-02T10:00:00Z 2015-03-02T10:00:00Z 2015-03-02T10:00:00Z"
is "bidi controls (U+2066-2069, U+200E/F, U+061C, U+202E) are removed" \
    "$(field "$T/zones.json" '" ".join(i["title"] for i in d["items"])')" \
    "Indiaevil Newfoundlandxy Nepal"
finish
