# tests/e2e/e2e-lib.sh: helpers for the end-to-end scenarios, on top of
# tests/lib.sh (source that first).
#
#   e2e_server            start tests/e2e/e2e-httpd.py serving $WWW; sets
#                         E2E_PORT and E2E (http://127.0.0.1:PORT)
#   no_ctl FILE           true when FILE holds no ESC, C1 (raw or UTF-8
#                         encoded) or other C0 control but tab and newline
#   wait_file FILE [S]    wait until FILE is non-empty
#   db_pragma DB NAME     PRAGMA NAME on DB (sqlite3 shell or python3)

WWW="$T/www"
mkdir -p "$WWW"

e2e_server() {
	py_server "$TOP_SRCDIR/tests/e2e/e2e-httpd.py" e2e-httpd \
	    "the e2e HTTP server" --root "$WWW" "$@"
	E2E_PORT=$_py_port
	E2E="http://127.0.0.1:$E2E_PORT"
}

# no_ctl FILE: no C0 control but tab and newline (so no ESC), no DEL, no
# C1 control in its UTF-8 form (C2 80..C2 9F), and no bidi embedding,
# override or isolate (U+202A..U+202E, U+2066..U+2069).
no_ctl() {
	LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1" && return 1
	return 0
}

wait_file() {
	_i=0
	while [ ! -s "$1" ] && [ $_i -lt $((${2:-5} * 20)) ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	[ -s "$1" ]
}

# db_pragma DB NAME: run PRAGMA NAME on DB with the sqlite3 shell, or with
# python3's sqlite3 module where the shell is not installed; rows one a
# line.
db_pragma() {
	if command -v sqlite3 >/dev/null 2>&1; then
		sqlite3 "$1" "PRAGMA $2" 2>&1
	else
		python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute("PRAGMA " + sys.argv[2]):
    print("|".join(str(x) for x in r))' "$1" "$2" 2>&1
	fi
}
