#!/bin/sh
# A file the user names that is not a file held tidende at start for
# ever: a FIFO no program writes to (open(2) waits for a writer), a
# terminal or /dev/zero (read waits or never ends).  Each is refused at
# once with one line naming it, exit 65 (bad input): the config (-c), an
# `include`d file, `import-opml FILE`, `parse FILE`.  What works stays:
# /dev/null is an empty config, and a pipe a program writes to
# (`-c <(...)`, /dev/stdin from a pipe) is read.
. "$TOP_SRCDIR/tests/lib.sh"
plan 14

mkfifo "$T/fifo"
# ends NAME WANT CMD...: CMD exits WANT within 10 s (a hang is killed).
ends() {
	_name=$1 _want=$2; shift 2
	"$@" >"$T/out" 2>"$T/err" </dev/null &
	_pid=$! _i=0
	while kill -0 $_pid 2>/dev/null && [ $_i -lt 200 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	if kill -0 $_pid 2>/dev/null; then
		kill -KILL $_pid
		wait $_pid
		fail "$_name" "still running after 10 s: killed"
		return
	fi
	wait $_pid
	is "$_name" "$?" "$_want"
}

ends "a FIFO as the config: exit 65 at once" 65 \
    "$TIDENDE" -c "$T/fifo" config --check
is "... saying it is not a regular file" "$(cat "$T/err")" \
    "tidende: $T/fifo: not a regular file"

ends "/dev/zero as the config: exit 65" 65 \
    "$TIDENDE" -c /dev/zero config --check
is "... saying so" "$(cat "$T/err")" "tidende: /dev/zero: not a regular file"

printf 'set sidebar no\ninclude %s\n' "$T/fifo" >"$T/inc"
ends "a FIFO as an include: exit 65 at once" 65 \
    "$TIDENDE" -c "$T/inc" config --check
is "... naming the line and the file" "$(cat "$T/err")" \
    "tidende: $T/inc:2: include: $T/fifo: not a regular file"

ends "import-opml of a FIFO: exit 65 at once" 65 \
    "$TIDENDE" -c "$T/conf" import-opml "$T/fifo"
is "... saying so" "$(cat "$T/err")" "tidende: $T/fifo: not a regular file"

ends "parse of a FIFO: exit 65 at once" 65 "$TIDENDE" parse "$T/fifo"
is "... saying so" "$(cat "$T/err")" "tidende: $T/fifo: not a regular file"

# what works stays
exit_is "/dev/null is still an empty config" 0 \
    "$TIDENDE" -c /dev/null config --check
printf 'set sidebar no\nset nosuch 1\n' | "$TIDENDE" -c /dev/stdin \
    config --check >"$T/out" 2>"$T/err"
is "a config through a pipe (/dev/stdin) is read" "$?" 65
like "... its errors named by line" "$(cat "$T/err")" \
    "^tidende: /dev/stdin:2: "
printf 'set sidebar no\n' | "$TIDENDE" -c /dev/stdin config --check \
    >"$T/out" 2>"$T/err"
is "... and a good one passes" "$?|$(cat "$T/err")" "0|"
finish
