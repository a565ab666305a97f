#!/bin/sh
# README.md stays true: its config examples load, its usage block names
# only commands `tidende --help` has, and the quick start is the two
# commands tools/quickstart understands.
. "$TOP_SRCDIR/tests/lib.sh"
plan 7
R=$TOP_SRCDIR/README.md

# block_after HEADING: the first ``` block after the line HEADING.
block_after() {
	awk -v h="$1" '$0 == h { on = 1; next }
		on && /^```/ { if (inb) exit; inb = 1; next }
		inb { print }' "$R"
}

block_after "### Configuration" > "$T/config"
if [ -s "$T/config" ] && "$TIDENDE" -c "$T/config" export-opml > "$T/opml" 2> "$T/err"; then
	pass "the Configuration example loads"
else
	fail "the Configuration example loads" "$(cat "$T/err")" "$(cat "$T/config")"
fi
like "the Configuration example's feeds are read" "$(cat "$T/opml")" 'xmlUrl="https://www.forskning.no/rss"'

grep '^set translate-command' "$R" > "$T/translate"
if [ "$(wc -l < "$T/translate")" -ge 2 ] &&
    "$TIDENDE" -c "$T/translate" export-opml > /dev/null 2> "$T/err"; then
	pass "the Translation examples load"
else
	fail "the Translation examples load" "$(cat "$T/err")" "$(cat "$T/translate")"
fi

block_after "### Sync" > "$T/sync"
if grep -q '^set sync-backend ttrss' "$T/sync" &&
    "$TIDENDE" -c "$T/sync" config --check > /dev/null 2> "$T/err"; then
	pass "the Sync example loads"
else
	fail "the Sync example loads" "$(cat "$T/err")" "$(cat "$T/sync")"
fi

# every greader example block (FreshRSS, Miniflux) loads too
mkdir "$T/blocks"
awk -v d="$T/blocks" '/^```/ { if (inb) inb = 0; else { inb = 1; n++ }; next }
	inb { print > (d "/" n) }' "$R"
_bad=""
for _f in "$T"/blocks/*; do
	grep -q '^set sync-backend greader' "$_f" || continue
	"$TIDENDE" -c "$_f" config --check >/dev/null 2>"$T/err" || _bad="$_bad $(cat "$T/err")"
done
is "the Sync section's greader examples load" \
    "$(grep -l '^set sync-backend greader' "$T"/blocks/* | wc -l):$_bad" "2:"

help=$("$TIDENDE" --help)
missing=""
for c in $(block_after "## Usage" | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p; s/^  \([a-z][a-z-]*\)$/\1/p'); do
	printf '%s\n' "$help" | grep -q "^  $c\\b" || missing="$missing $c"
done
is "every command in the README's Usage is in --help" "$missing" ""

qs=$(grep -E '^sh tools/quickstart ' "$R" | sort | tr '\n' ' ')
is "the quick start is exactly the two quickstart commands" "$qs" "sh tools/quickstart check sh tools/quickstart run "
finish
