#!/bin/sh
# The command-line surface: --help, --version, usage errors.
. "$TOP_SRCDIR/tests/lib.sh"
plan 9

out=$("$TIDENDE" --help)
exit_is "--help exits 0" 0 "$TIDENDE" --help
like "--help shows the usage line" "$out" '^usage: tidende \[-c FILE\] \[-d FILE\]'
like "--help lists every contract command" "$out" 'refresh.*' 
for c in parse list search show translate import-opml export-opml; do
	printf '%s\n' "$out" | grep -q "^  $c" || fail "--help lists $c"
done
out=$("$TIDENDE" --version)
like "--version names tidende" "$out" '^tidende [0-9]+\.[0-9]+'
like "--version names the libraries" "$(printf '%s' "$out" | tr '\n' ' ')" 'ncursesw .*libcurl .*libxml2 .*SQLite '
exit_is "unknown command exits 64" 64 "$TIDENDE" frobnicate
is "unknown command gives one line" "$(wc -l < "$T/.err" | tr -d ' ')" 1
exit_is "unknown option exits 64" 64 "$TIDENDE" --frobnicate
like "unknown command names itself" "$("$TIDENDE" frobnicate 2>&1)" '^tidende: frobnicate: unknown command'
finish
