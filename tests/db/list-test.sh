#!/bin/sh
# `tidende list`: text lines and the JSON contract against generated
# caches, filters, counts, hostile titles, and a damaged cache file.
. "$TOP_SRCDIR/tests/lib.sh"
plan 27

GEN="$TOP_BUILDDIR/tests/db/db-gen"
DB="$T/cache.db"
export TZ=UTC
L() { "$TIDENDE" -d "$DB" list "$@"; }

# No cache yet: empty output, not an error (status bars run this).
exit_is "list without a cache exits 0" 0 L
is "count without a cache is 0" "$(L --unread --count)" 0
is "json without a cache is []" "$(L --json)" "[]"
[ ! -e "$DB" ] && pass "list does not create a cache" || fail "list does not create a cache"

"$GEN" build "$DB" 3 4 10 || fail "generator"
out=$(L)
is "12 lines" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 12
is "newest first, id order for the interleaved feeds" \
    "$(printf '%s\n' "$out" | head -4 | cut -d' ' -f1 | tr '\n' ' ')" "12 8 4 11 "
like "ID  DATE  FEED  TITLE" "$(printf '%s\n' "$out" | head -1)" \
    '^12  2015-01-01  Feed 003  3\.3 [^ ]'
is "--limit" "$(L --limit 2 | wc -l | tr -d ' ')" 2
is "--feed" "$(L --feed http://127.0.0.1/feed/2 | cut -d' ' -f6 | sort -u)" "002"
is "--tag" "$(L --tag odd | wc -l | tr -d ' ')" 8
is "--unread --count" "$(L --unread --count)" 12
is "--count" "$(L --count --tag even)" 4

"$GEN" state "$DB" 12 read
"$GEN" state "$DB" 4 read
"$GEN" state "$DB" 5 star
is "read articles leave the unread count" "$(L --unread --count)" 10
is "--unread skips them" "$(L --unread --limit 2 | cut -d' ' -f1 | tr '\n' ' ')" "8 11 "
is "--feed --unread --count" "$(L --feed http://127.0.0.1/feed/1 --unread --count)" 3
is "--starred" "$(L --starred | cut -d' ' -f1)" 5

json=$(L --json --limit 3)
if command -v python3 >/dev/null 2>&1; then
	res=$(printf '%s' "$json" | python3 -c '
import json, sys, re
a = json.load(sys.stdin)
keys = ["author", "feed", "feed_url", "id", "link", "published", "read", "starred", "title"]
ok = len(a) == 3 and all(sorted(o) == keys for o in a)
ok = ok and a[0]["id"] == 12 and a[0]["read"] is True and a[0]["starred"] is False
ok = ok and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", a[0]["published"]) is not None
ok = ok and a[0]["feed"] == "Feed 003" and a[0]["feed_url"] == "http://127.0.0.1/feed/3"
print("ok" if ok else a)')
	is "--json keys and values follow the contract" "$res" ok
else
	skip "--json keys and values follow the contract" "no python3"
fi
is "--json of nothing is []" "$(L --json --starred --feed http://127.0.0.1/feed/1)" "[]"

# Titles with escape sequences and newlines reach the terminal clean.
"$GEN" fixture "$T/f.db" || fail "fixture"
out=$("$TIDENDE" -d "$T/f.db" list)
if printf '%s' "$out" | LC_ALL=C grep -q "$(printf '\033')"; then
	fail "no escape sequences in list output"
else
	pass "no escape sequences in list output"
fi
like "hostile title is one clean line" "$out" '^5  2015-03-06  LWN  A red title with newline$'

# Ignored articles: the `ignore` lines of the config in effect hide them
# from every listing; --ignored shows them.
printf 'ignore kernel\n' >"$T/ignore.conf"
is "ignored article is hidden" \
    "$("$TIDENDE" -c "$T/ignore.conf" -d "$T/f.db" list | grep -c Kernel)" 0
is "list --ignored shows it" \
    "$("$TIDENDE" -c "$T/ignore.conf" -d "$T/f.db" list --ignored | cut -d' ' -f1)" 7

# Changed rules apply as soon as a command reads the config.
printf 'ignore "release notes" OR readers\n' >"$T/ignore.conf"
is "config ignore rules are applied" \
    "$("$TIDENDE" -c "$T/ignore.conf" -d "$T/f.db" list --ignored | cut -d' ' -f1 | tr '\n' ' ')" "6 7 "

exit_is "unknown feed exits 64 (a usage error, tidende(1))" 64 L --feed http://nowhere/
exit_is "bad option exits 64" 64 L --frobnicate

# A damaged file: clear message naming it, never deleted.
printf 'garbage, not a database %0500d' 0 > "$T/bad.db"
"$TIDENDE" -d "$T/bad.db" list >/dev/null 2>"$T/err"
like "damaged cache: says how to move it aside" "$(cat "$T/err")" \
    "^tidende: $T/bad.db: the cache is damaged .*move it aside"
is "damaged cache is kept" "$(head -c 7 "$T/bad.db")" "garbage"
finish
