#!/bin/sh
# Invisible characters stay out of titles, `list` and the screen (issue
# 18, item 9): U+200B, U+200D, U+2060 and U+FEFF go; U+2028 and U+2029
# are white space, so one article is one `list` line for scripts; an
# `ESC ]` with no terminator no longer removes the rest of the title.
. "$TOP_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
plan 9

python3 - "$T/inv.xml" <<'PY'
import sys
items = [
    ("Zero\u200bwidth\u200dtitle\u2060here\ufeff", "z"),
    ("Line\u2028separated\u2029title", "l"),
    ("Open \x1b]0;osc with no end and the rest", "o"),
]
out = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
       '<title>Inv\u200bisible</title><link>http://127.0.0.1:1/</link>']
for t, g in items:
    t = t.replace("\x1b", "&#27;")
    out.append('<item><title>%s</title><guid>%s</guid>'
               '<description>Body\u200b of %s\u2028next</description></item>' % (t, g, g))
out.append('</channel></rss>')
open(sys.argv[1], "w", encoding="utf-8").write("".join(out))
# JSON Feed strings carry a raw ESC as far as the cleaner
import json
json.dump({"version": "https://jsonfeed.org/version/1.1", "title": "J",
           "items": [{"id": "j1", "title": "Json \x1b]0;osc with no end and the rest",
                      "content_text": "x"}]},
          open(sys.argv[1].replace(".xml", ".json"), "w"))
PY
printf 'feed file://%s\nfeed file://%s\nset refresh-on-start no\nset refresh-interval 0\n' \
    "$T/inv.xml" "$T/inv.json" >"$T/config"
td() { "$TIDENDE" -c "$T/config" -d "$T/cache.db" "$@"; }
# has_invisible FILE: true when FILE holds U+200B, U+200D, U+2060,
# U+FEFF, U+2028 or U+2029
has_invisible() {
	LC_ALL=C grep -q "$(printf '\342\200\213\|\342\200\215\|\342\201\240\|\357\273\277\|\342\200\250\|\342\200\251')" "$1"
}

td parse "$T/inv.xml" >"$T/parse.json" 2>/dev/null
if has_invisible "$T/parse.json"; then fail "parse: no invisible characters in the JSON"; else pass "parse: no invisible characters in the JSON"; fi
exit_is "refresh" 0 td refresh
td list >"$T/list.txt"
is "list: one line per article" "$(wc -l <"$T/list.txt" | tr -d ' ')" 4
if has_invisible "$T/list.txt"; then fail "list: no invisible characters" "$(od -c "$T/list.txt" | head)"; else pass "list: no invisible characters"; fi
like "list: the joined title reads as text" "$(cat "$T/list.txt")" "Zerowidthtitlehere"
like "list: separators became spaces" "$(cat "$T/list.txt")" "Line separated title"
like "list: an unterminated OSC keeps the rest of the title" \
    "$(cat "$T/list.txt")" "Json .*osc with no end and the rest"
td list --json >"$T/list.json"
if has_invisible "$T/list.json"; then fail "list --json: no invisible characters"; else pass "list --json: no invisible characters"; fi
td search separated >"$T/search.txt"
like "search finds the words the separator split" "$(cat "$T/search.txt")" "Line separated title"
finish
