#!/bin/sh
# Bytes XML forbids do not end a feed (issue 18, item 4): libxml2 took a
# NUL for the end of the document, so a 20-item feed with a NUL in item
# 4's title parsed to 4 items with exit 0.  NUL and the other C0 controls
# are taken out before the parser, in an ASCII-compatible document, so
# every item survives, in a title, a body, an attribute, and split across
# the chunks of a refresh; the warning says how many items were read and
# how many bytes went.  Invalid UTF-8, U+FFFE and surrogates, which
# libxml2 recovers from itself, keep every item too.
. "$TOP_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
plan 14

# gen FILE HEX WHERE: a 20-item RSS feed with the bytes HEX in item 4
# (WHERE: title, body or attr); a 5000-byte comment first, so the damage
# is past the first bytes the format is told from.
gen() {
	python3 - "$@" <<'PY'
import sys
path, bad, where = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3]
out = [b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
       b'<title>Illegal</title><link>http://127.0.0.1:1/</link>\n<!--'
       + b'x' * 5000 + b'-->\n']
for i in range(20):
    b = bad if i == 3 else b''
    title = b'Item %d%s' % (i, b if where == 'title' else b'')
    body = b'Body %d%s' % (i, b if where == 'body' else b'')
    link = b'http://127.0.0.1:1/%d%s' % (i, b if where == 'attr' else b'')
    out.append(b'<item><title>%s</title><guid isPermaLink="false">g%d</guid>'
               b'<description>%s</description><enclosure url="%s" '
               b'type="audio/mpeg" length="1"/></item>\n' % (title, i, body, link))
out.append(b'</channel></rss>\n')
open(path, 'wb').write(b''.join(out))
PY
}
# count FILE: the items `tidende parse` reads from FILE
count() {
	"$TIDENDE" parse "$1" 2>"$T/warn" | python3 -c 'import json,sys
d = json.load(sys.stdin)
print(len(d["items"]))'
}

gen "$T/nul.xml" 00 title
is "a NUL in item 4's title: all 20 items" "$(count "$T/nul.xml")" 20
like "... the warning says how many items and bytes" "$(cat "$T/warn")" \
    "damaged XML recovered, 20 items read \\(1 byte illegal in XML"
is "... the title keeps the rest of its text" \
    "$("$TIDENDE" parse "$T/nul.xml" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][3]["title"])')" "Item 3"
exit_is "... exit 0" 0 "$TIDENDE" parse "$T/nul.xml"
gen "$T/nulbody.xml" 00000000 body
is "NULs in a body: all 20 items" "$(count "$T/nulbody.xml")" 20
gen "$T/nulattr.xml" 00 attr
is "a NUL in an attribute: all 20 items" "$(count "$T/nulattr.xml")" 20
gen "$T/esc.xml" 1b5d303b5831 title
is "ESC and other C0 controls: all 20 items" "$(count "$T/esc.xml")" 20
gen "$T/ctl.xml" 0102030405060708 title
is "C0 controls 1-8: all 20 items" "$(count "$T/ctl.xml")" 20
gen "$T/ff.xml" ff title
is "a byte that is not UTF-8: all 20 items" "$(count "$T/ff.xml")" 20
gen "$T/fffe.xml" efbfbeefbfbf title
is "U+FFFE and U+FFFF: all 20 items" "$(count "$T/fffe.xml")" 20
gen "$T/sur.xml" eda080 title
is "a UTF-8 surrogate: all 20 items" "$(count "$T/sur.xml")" 20
python3 -c 'import sys
d = open(sys.argv[1], "rb").read().replace(b"Item 3\0", b"Item 3")
open(sys.argv[2], "wb").write(d)' "$T/nul.xml" "$T/clean.xml"
is "the same feed without the NUL parses the same" \
    "$("$TIDENDE" parse "$T/nul.xml" 2>/dev/null)" \
    "$("$TIDENDE" parse "$T/clean.xml" 2>/dev/null)"

# Through a refresh, read in chunks: every article is stored.
printf 'feed file://%s "Nul"\n' "$T/nul.xml" >"$T/config"
exit_is "refresh of the feed with a NUL exits 0" 0 \
    "$TIDENDE" -c "$T/config" -d "$T/cache.db" refresh
is "... and stores all 20 articles" \
    "$("$TIDENDE" -c "$T/config" -d "$T/cache.db" list --count)" 20
finish
