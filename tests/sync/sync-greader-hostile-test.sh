#!/bin/sh
# The greader backend against a Google Reader server that sends what it
# should not: escape sequences, C1 controls, bidi marks and markup in
# titles, authors and feed titles; a link that is not http(s); a
# subscription whose URL holds a newline; then replies that are an HTML
# page, cut-off JSON, 100,000 nested arrays, a reply past max-size,
# HTTP 500.  Each ends the sync with a one-line error and exit 1, the
# queued change kept; with the server well again it goes out.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/greader-lib.sh"

gr_start gr --user eve --password 'pw'
plan 36
printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
gr_conf "$T/conf" eve "$T/pw"
tid() { "$TIDENDE" -c "$T/conf" -d "$T/cache.db" "$@"; }
list() { tid list --json | gr_json "$1"; }

f=$(gr_admin feed '{"url": "http://feeds.invalid/evil.xml", "title": "Evil \u001b[31mred\u001b[0m <b>feed</b>", "label": "Cat &amp; \u009b31m"}' | gr_json 'r["id"]')
gr_admin feed '{"url": "http://feeds.invalid/bad url\nx", "title": "Bad"}' >/dev/null
gr_admin item "{\"feed\": \"$f\", \"title\": \"\\u001b]0;pwned\\u0007Title 1 <script>x</script>&amp; \\u202emore\", \"content\": \"<p>Body</p>\", \"link\": \"javascript:alert(1)\", \"author\": \"A\\u0000uthor \\u001b[2J\"}" >/dev/null
gr_item "$f" 'Title 2 &lt;ok&gt;' >/dev/null

exit_is "a sync with the hostile texts exits 0" 0 tid sync
is "both articles are stored" "$(list 'len(r)')" 2
is "no control, C1 or bidi character survives in a title, feed or author" \
    "$(list 'sum(1 for a in r for c in a["title"] + a["feed"] + (a["author"] or "") if ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")')" 0
like "markup and its script are gone, references read" \
    "$(list '[a["title"] for a in r if "Title 1" in a["title"]][0]')" '^[^<>]*Title 1 & more$'
is "an escaped title keeps its text" "$(list '[a["title"] for a in r if "Title 2" in a["title"]][0]')" 'Title 2 <ok>'
is "a link that is not http(s) is not kept" "$(list '[a["link"] for a in r if "Title 1" in a["title"]][0]')" None
is "the feed's title is cleaned too" "$(list 'sorted(set(a["feed"] for a in r))')" "['Evil red feed']"
is "the subscription with a newline in its URL is not taken" \
    "$(tid sync --status --json | gr_json 'r["feeds"]')" 1

for kind in html badjson deep; do
	gr_admin hostile "{\"kind\": \"$kind\"}" >/dev/null
	exit_is "$kind for a reply: exit 1, no crash" 1 tid sync
	like "$kind: read as no API reply" "$(cat "$T/.err")" \
	    "^tidende: sync: $GR_URL: subscription/list gave no Google Reader API reply"
done
tid mark --read "$(list '[a["id"] for a in r if "Title 2" in a["title"]][0]')"
gr_admin hostile '{"kind": "html"}' >/dev/null
exit_is "an HTML page for the write's OK: exit 1" 1 tid sync
like "the write is not taken as done" "$(cat "$T/.err")" \
    "^tidende: sync: $GR_URL: edit-tag gave no Google Reader API reply"
gr_admin hostile '{"kind": "huge"}' >/dev/null
printf 'set max-size 1\n' >>"$T/conf"
exit_is "a reply past max-size: exit 1" 1 tid sync
like "saying it is too big" "$(cat "$T/.err")" 'larger than 1 MB'
gr_admin hostile '{"kind": ""}' >/dev/null
gr_admin fail '{"count": 1, "status": 500}' >/dev/null
exit_is "HTTP 500: exit 1" 1 tid sync
is "the change stays queued through all of it" \
    "$(tid sync --status --json | gr_json 'r["pending"]')" 1
exit_is "the server behaves again: exit 0" 0 tid sync
is "the change went out" \
    "$(gr_admin state | gr_json '[i["read"] for i in r["items"] if "Title 2" in i["title"]]')" "[True]"

# ---------------------------------------------------------------- the server's own hostile kinds
# Each on a fresh cache, so that every article is fetched under it.
printf 'set max-size 10\n' >>"$T/conf"
fresh() { "$TIDENDE" -c "$T/conf" -d "$T/$1.db" "$@"; }
for kind in escapes badutf8 numbers badids; do
	gr_admin hostile "{\"kind\": \"$kind\"}" >/dev/null
	exit_is "$kind: the sync exits 0" 0 "$TIDENDE" -c "$T/conf" -d "$T/$kind.db" sync
	is "$kind: both articles, clean" \
	    "$("$TIDENDE" -c "$T/conf" -d "$T/$kind.db" list --json | gr_json 'len(r), sum(1 for a in r for c in a["title"] + a["feed"] + (a["author"] or "") + (a["link"] or "") if ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufffe")')" \
	    "(2, 0)"
done
for kind in wrongtypes empty loop; do
	gr_admin hostile "{\"kind\": \"$kind\"}" >/dev/null
	exit_is "$kind: exit 1" 1 "$TIDENDE" -c "$T/conf" -d "$T/$kind.db" sync
	like "$kind: one line saying what is wrong" "$(head -1 "$T/.err")" \
	    "^tidende: sync: $GR_URL: (subscription/list gave no Google Reader API reply|stream/items/ids gave the same continuation again)"
done
gr_admin hostile '{"kind": ""}' >/dev/null
finish
