#!/bin/sh
# The command-line surface: --help, --version, usage errors.
. "$TOP_SRCDIR/tests/lib.sh"
plan 22

# err_is_line NAME REGEX: the last command's stderr is one line matching REGEX.
err_is_line() {
	_n=$(wc -l < "$T/.err" | tr -d ' ')
	if [ "$_n" = 1 ] && grep -Eq -- "$2" "$T/.err"; then pass "$1"; else
		fail "$1" "--- wanted one line matching: $2" "--- got $_n lines:" "$(cat "$T/.err")"; fi
}

out=$("$TIDENDE" --help)
exit_is "--help exits 0" 0 "$TIDENDE" --help
is "--help writes nothing to stderr" "$(cat "$T/.err")" ""
like "--help shows the usage line" "$out" '^usage: tidende \[-c FILE\] \[-d FILE\]'
like "--help lists the global options" "$(printf '%s' "$out" | tr '\n' ' ')" '-c, --config FILE .*-d, --db FILE .*-h, --help .*-V, --version'
missing=""
for c in refresh parse list search show translate import-opml export-opml config; do
	printf '%s\n' "$out" | grep -q "^  $c" || missing="$missing $c"
done
is "--help lists every contract command" "$missing" ""
is "-h is --help" "$("$TIDENDE" -h)" "$out"

out=$("$TIDENDE" --version)
exit_is "--version exits 0" 0 "$TIDENDE" --version
like "--version names tidende" "$out" '^tidende [0-9]+\.[0-9]+'
for lib in ncursesw libcurl libxml2 SQLite; do
	like "--version gives the $lib version" "$out" "^  $lib .*[0-9]+\\.[0-9]+"
done
is "-V is --version" "$("$TIDENDE" -V)" "$out"

exit_is "unknown command exits 64" 64 "$TIDENDE" frobnicate
err_is_line "unknown command: one line on stderr, naming it" '^tidende: frobnicate: unknown command'
is "unknown command: nothing on stdout" "$(cat "$T/.out")" ""

exit_is "unknown long option exits 64" 64 "$TIDENDE" --frobnicate
err_is_line "unknown long option: one line naming it" '^tidende: --frobnicate: unknown option'
exit_is "unknown short option exits 64" 64 "$TIDENDE" -Z
err_is_line "unknown short option: one line naming it" '^tidende: -Z: unknown option'
exit_is "missing option argument exits 64" 64 "$TIDENDE" --config
err_is_line "missing option argument: one line naming it" '^tidende: --config: needs an argument'
finish
