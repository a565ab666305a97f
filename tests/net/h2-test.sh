#!/bin/sh
# HTTP/2: a host that answers over HTTP/2 carries many transfers on each
# of its max-host-connections connections (up to 16 a connection), where
# an HTTP/1.1 host carries one.  Against tests/h2d.py (TLS with a
# self-signed certificate on 127.0.0.1, trusted through TIDENDE_CA_FILE);
# its log gives the connection and the requests in progress as each
# started, so no clock is read.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
command -v openssl >/dev/null 2>&1 || plan_skip "openssl not installed"
PY_SERVER_PYTHON=
for _p in python3 /usr/bin/python3; do
	if "$_p" -c 'import h2' 2>/dev/null; then
		PY_SERVER_PYTHON=$_p
		break
	fi
done
[ -n "$PY_SERVER_PYTHON" ] || plan_skip "python3-h2 not installed"
export PY_SERVER_PYTHON
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" \
    -out "$T/cert.pem" -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 ||
    plan_skip "openssl cannot make a certificate"
py_server "$TOP_SRCDIR/tests/h2d.py" h2d "the HTTP/2 test server" \
    --cert "$T/cert.pem" --key "$T/key.pem" --log "$T/h2.log" --delay 0.3
H2="https://127.0.0.1:$_py_port"
plan 8

{
	echo "set max-connections 64"
	echo "set max-host-connections 1"
	i=0
	while [ $i -lt 40 ]; do
		echo "feed $H2/f$i.xml"
		i=$((i + 1))
	done
} >"$CFG"
TIDENDE_CA_FILE="$T/cert.pem" refresh
is "exit 0" "$RC" 0
is "every feed stored" "$(echo "$OUT" | grep -c ': 2 new')" 40
is "every feed asked for once" "$(wc -l <"$T/h2.log")" 40
conns=$(awk '{ print $1 }' "$T/h2.log" | sort -u | wc -l)
is "one connection to the host (max-host-connections 1)" "$conns" 1
max=$(awk '{ if ($3 > m) m = $3 } END { print m + 0 }' "$T/h2.log")
ok "many transfers at once on it ($max), at most 16" \
    test "$max" -gt 1 -a "$max" -le 16

# without the test's certificate the server is not trusted
rm -f "$DB" "$DB-wal" "$DB-shm"
config "feed $H2/untrusted.xml"
refresh
ok "an untrusted certificate is an error (exit $RC)" test "$RC" -ne 0

# A redirect from an HTTP/1.1 host to the HTTP/2 one does not make the
# first host count as HTTP/2: it keeps one transfer at a time (the debug
# log gives the transfers to its host as each starts).
start_server
{
	echo "set max-connections 64"
	echo "set max-host-connections 1"
	i=0
	while [ $i -lt 12 ]; do
		echo "feed http://localhost:$PORT/location?to=$H2/r$i.xml"
		i=$((i + 1))
	done
} >"$CFG"
rm -f "$DB" "$DB-wal" "$DB-shm"
TIDENDE_CA_FILE="$T/cert.pem" TIDENDE_LOG="$T/redir.log" refresh
is "redirected to HTTP/2: every feed stored" "$(echo "$OUT" | grep -c ': 2 new')" 12
max=$(sed -n 's|.*fetch: start http://localhost:.* (\([0-9]*\) to its host)$|\1|p' \
    "$T/redir.log" | sort -n | tail -1)
is "... the HTTP/1.1 host still gets one transfer at a time" "$max" 1
finish
