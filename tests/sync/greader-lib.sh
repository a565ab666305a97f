# tests/sync/greader-lib.sh: the Google Reader test server for the
# greader sync tests (sourced after tests/lib.sh).  POSIX sh.
#
#   gr_start NAME [ARGS]     # fake-greader.py on 127.0.0.1; sets GR_PORT,
#                            # GR_URL (the API base), GR_ADMIN
#   gr_admin PATH [JSON]     # an admin call; prints the JSON reply
#   ... | gr_json EXPR       # EXPR of the JSON on stdin (as r)
#   gr_log EXPR              # EXPR of the server's request log (as rows)
#   gr_item FEED TITLE [JSON-FIELDS]  # add an article; prints its id
#   gr_conf FILE USER PWFILE # a config syncing with the server
#
# Only 127.0.0.1 is contacted; proxies from the environment are ignored.

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'

gr_start() {
	_gr_name=$1
	shift
	py_server "$TOP_SRCDIR/tests/sync/fake-greader.py" "$_gr_name" \
	    "the Google Reader test server" "$@"
	GR_PORT=$_py_port
	GR_URL="http://127.0.0.1:$GR_PORT/api/greader.php"
	GR_ADMIN="http://127.0.0.1:$GR_PORT/admin"
}

gr_admin() {
	python3 - "$GR_ADMIN/$1" "${2-}" <<'EOF'
import sys, urllib.request
data = sys.argv[2].encode() if sys.argv[2] else None
if data is None and not sys.argv[1].endswith(("/state", "/log")):
    data = b"{}"
req = urllib.request.Request(sys.argv[1], data=data)
with urllib.request.urlopen(req) as r:
    sys.stdout.write(r.read().decode())
EOF
}

gr_json() {
	python3 -c 'import json, sys
r = json.load(sys.stdin)
print(eval(sys.argv[1], {"r": r}))' "$1"
}

gr_log() {
	gr_admin log | python3 -c 'import json, sys
rows = json.load(sys.stdin)
print(eval(sys.argv[1], {"rows": rows}))' "$1"
}

# gr_item FEED TITLE [EXTRA]: EXTRA is more JSON members, e.g. "read": true
gr_item() {
	gr_admin item "{\"feed\": \"$1\", \"title\": \"$2\", \"content\": \"<p>Body of $2</p>\", \"link\": \"http://feeds.invalid/$(printf '%s' "$2" | tr -c 'A-Za-z0-9' _)\"${3:+, $3}}" |
	    gr_json 'r["id"]'
}

gr_conf() {
	{
		echo "set sync-backend greader"
		echo "set sync-url \"$GR_URL\""
		echo "set sync-user $2"
		echo "set sync-password-file \"$3\""
		echo "set refresh-on-start no"
	} >"$1"
}
