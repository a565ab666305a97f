# tests/net/net-lib.sh: helpers for the fetcher tests (sourced after
# tests/lib.sh).  Every test writes its own config and cache under $T.

CFG="$T/config"
DB="$T/cache.db"
FIX="$TOP_SRCDIR/tests/fixtures/net"

# config LINE...: write the test config, one argument a line.
config() {
	printf '%s\n' "$@" >"$CFG"
}

# refresh [ARGS]: run `tidende refresh`; stdout in $OUT, stderr in $ERR,
# exit status in $RC.
refresh() {
	"$TIDENDE" -c "$CFG" -d "$DB" refresh "$@" >"$T/.rout" 2>"$T/.rerr"
	RC=$?
	OUT=$(cat "$T/.rout")
	ERR=$(cat "$T/.rerr")
}

# list_titles URL: the cached titles of one feed, sorted.
list_titles() {
	"$TIDENDE" -c "$CFG" -d "$DB" list --json --feed "$1" 2>&1 |
	    python3 -c 'import json,sys
for t in sorted(a["title"] or "" for a in json.load(sys.stdin)): print(t)'
}

# requests PATH-REGEX: lines of the server log for matching paths.
requests() {
	grep -E " GET $1 " "$T/httpd.log" 2>/dev/null
}
