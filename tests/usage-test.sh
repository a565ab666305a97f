#!/bin/sh
# One rule for every command (app.h): `tidende CMD --help`, `-h` and
# `tidende help CMD` print the usage on stdout and exit 0; a usage error
# prints `tidende: CMD: WHY` and the usage on stderr and exits 64; the
# other documented exit codes (tidende(1) EXIT STATUS).  Table-driven:
# a new command is checked as soon as `tidende --help` lists it.
. "$TOP_SRCDIR/tests/lib.sh"

GEN="$TOP_BUILDDIR/tests/db/db-gen"
DB="$T/cache.db"
X() { "$TIDENDE" -d "$DB" "$@"; }

# The commands `tidende --help` lists (two spaces, a name, at the start).
cmds=$("$TIDENDE" --help | sed -n '/^commands:/,/^$/p' |
    sed -n 's/^  \([a-z][a-z-]*\).*/\1/p' | grep -v '^help$')
ncmds=$(printf '%s\n' "$cmds" | wc -l | tr -d ' ')

# Usage errors: ARGS (eval'd) | what stderr's first line names after `tidende: CMD: `.
usage_errors='
refresh --frob|--frob: unknown option
refresh extra|unexpected argument: extra
refresh --feed|--feed: needs an argument
refresh -z|-z: unknown option
parse|expected one FILE or -
parse --frob x|--frob: unknown option
parse --base|--base: needs an argument
list --frob|--frob: unknown option
list extra|unexpected argument: extra
list --limit x|--limit: not a number: x
list --json=1|--json: takes no argument
list --feed|--feed: needs an argument
list --format csv|--format: text, tsv or json, not csv
search --format x y|--format: text, tsv or json, not x
search --frob x|--frob: unknown option
search --sort x y|--sort: relevance or date, not x
search --limit|--limit: needs an argument
search|expected a QUERY
show|expected an article number
show x1|x1: not an article number
show 1 2|one article number, not 2
show --width 3 1|--width: 3: not a width from 10 to 10000
show -x 1|-x: unknown option
translate|expected an article number
translate x|x: not an article number
translate --frob 1|--frob: unknown option
import-opml|expected one FILE
import-opml --frob|--frob: unknown option
export-opml extra|unexpected argument: extra
export-opml --frob|--frob: unknown option
config|one of --default, --check, --path
config --frob|--frob: unknown option
config --default --check|one of --default, --check, --path
config extra|unexpected argument: extra
mark|one of --read, --unread, --star, --unstar
mark --read|expected article numbers
mark --frob 1|--frob: unknown option
mark --read x|x: not an article number
sync extra|unexpected argument: extra
sync --frob|--frob: unknown option
'
nerr=$(printf '%s\n' "$usage_errors" | grep -c '|')

plan $((3 + ncmds * 3 + nerr + 8))

is "the usage names the commands of tidende(1)" \
    "$(printf '%s\n' $cmds | grep -cxE 'refresh|parse|list|search|show|translate|import-opml|export-opml|config|mark|sync')" 11
exit_is "help with no command is --help" 0 X help
is "help with no command prints the main usage" "$(cat "$T/.out")" "$("$TIDENDE" --help)"

# help_ok NAME ARGS...: exit 0, stdout starts `usage: tidende CMD`, stderr empty.
help_ok() {
	_n=$1 _c=$2; shift 2
	X "$@" >"$T/.out" 2>"$T/.err"
	_rc=$?
	if [ "$_rc" = 0 ] && [ ! -s "$T/.err" ] &&
	    head -1 "$T/.out" | grep -q "^usage: tidende $_c\\( \\|\$\\)"; then
		pass "$_n"
	else
		fail "$_n" "exit $_rc" "--- stdout" "$(cat "$T/.out")" "--- stderr" "$(cat "$T/.err")"
	fi
}
for c in $cmds; do
	help_ok "$c --help: usage on stdout, exit 0" "$c" "$c" --help
	help_ok "$c -h: usage on stdout, exit 0" "$c" "$c" -h
	help_ok "help $c: usage on stdout, exit 0" "$c" help "$c"
done

# Each usage error: exit 64, nothing on stdout, `tidende: CMD: WHY` and the
# usage on stderr.
printf '%s\n' "$usage_errors" | grep '|' > "$T/table"
while IFS='|' read -r args why; do
	eval "set -- $args"
	X "$@" >"$T/.out" 2>"$T/.err" </dev/null
	rc=$?
	first=$(head -1 "$T/.err")
	if [ "$rc" = 64 ] && [ ! -s "$T/.out" ] &&
	    [ "$first" = "tidende: $1: $why" ] &&
	    grep -q "^usage: tidende $1" "$T/.err"; then
		pass "$args: 64, '$why' and the usage"
	else
		fail "$args: 64, '$why' and the usage" "exit $rc" "--- stderr" "$(cat "$T/.err")" "--- stdout" "$(cat "$T/.out")"
	fi
done < "$T/table"

exit_is "help of an unknown command exits 64" 64 X help frobnicate
like "... and names it" "$(cat "$T/.err")" '^tidende: frobnicate: unknown command'

# tidende(1): an OPML file that cannot be read exits 65, naming it.
exit_is "import-opml of a missing file exits 65" 65 X import-opml "$T/nosuch.opml"
is "... in one line naming the file" "$(cat "$T/.err")" \
    "tidende: $T/nosuch.opml: cannot read: No such file or directory"

# list --feed with a feed the cache does not have: 64, and close matches.
"$GEN" build "$DB" 3 4 10 || fail "generator"
exit_is "list --feed with an unknown feed exits 64" 64 X list --feed nosuch
is "... says so, and how to see the feeds" "$(cat "$T/.err")" \
    "tidende: nosuch: not a feed in the cache (3 feeds; 'tidende export-opml' lists the configured ones)"
X list --feed http://127.0.0.1/feed/9 >"$T/.out" 2>"$T/.err"
is "a mistyped feed lists the feeds it may have meant" "$(cat "$T/.err")" \
    "tidende: http://127.0.0.1/feed/9: not a feed in the cache; did you mean:
  http://127.0.0.1/feed/1
  http://127.0.0.1/feed/2
  http://127.0.0.1/feed/3"
X list --feed 'feed 002' >"$T/.out" 2>"$T/.err"
is "part of a title matches too" "$(cat "$T/.err")" \
    "tidende: feed 002: not a feed in the cache; did you mean:
  http://127.0.0.1/feed/2"
finish
