#!/bin/sh
# Scenario 3, cron: `tidende -q refresh` prints nothing when it succeeds;
# without a terminal there is no progress line (with one, there is); the
# exit status is 69 when every feed fails (connection refused) and 0 when
# one works; `list --unread --count` agrees with `list --unread --json`.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/e2e/e2e-lib.sh"

plan 17

cp "$TOP_SRCDIR/tests/fixtures/net/rss.xml" "$WWW/rss.xml"
cp "$TOP_SRCDIR/tests/fixtures/net/atom.xml" "$WWW/atom.xml"
e2e_server
# A port nobody listens on: bind one, then let it go.
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$T/good" <<EOF
feed $E2E/f/rss.xml
feed $E2E/f/atom.xml
EOF
cat >"$T/mixed" <<EOF
feed $E2E/f/rss.xml
feed http://127.0.0.1:$DEAD/refused.xml
EOF
cat >"$T/dead" <<EOF
feed http://127.0.0.1:$DEAD/one.xml
feed http://127.0.0.1:$DEAD/two.xml
EOF

"$TIDENDE" -q -c "$T/good" -d "$T/cache.db" refresh </dev/null >"$T/out" 2>"$T/err"
is "-q refresh exits 0 when every feed works" "$?" 0
is "-q refresh prints nothing on stdout" "$(cat "$T/out")" ""
is "-q refresh prints nothing on stderr" "$(cat "$T/err")" ""

"$TIDENDE" -c "$T/good" -d "$T/cache.db" refresh </dev/null >"$T/out" 2>"$T/err"
is "refresh without a tty exits 0" "$?" 0
is "no progress line on stderr without a tty" "$(cat "$T/err")" ""
ok "no carriage returns or escapes in the output" no_ctl "$T/out"
like "a summary per feed" "$(cat "$T/out")" 'Test Feed: .*unchanged'

if command -v script >/dev/null 2>&1; then
	script -qec "'$TIDENDE' -c '$T/good' -d '$T/cache.db' refresh" /dev/null \
	    </dev/null >"$T/tty" 2>&1
	like "with a terminal there is a progress line" "$(tr '\r' '\n' <"$T/tty")" '[0-9]+/2'
else
	skip "with a terminal there is a progress line" "script(1) not installed"
fi

exit_is "every feed refused: exit 69" 69 "$TIDENDE" -q -c "$T/dead" -d "$T/dead.db" refresh
like "every feed refused: -q still says why on stderr" "$(cat "$T/.err")" "^tidende: .*:$DEAD/one.xml: .*refused"
is "every feed refused: nothing on stdout" "$(cat "$T/.out")" ""
exit_is "one feed of two works: exit 0" 0 "$TIDENDE" -q -c "$T/mixed" -d "$T/mixed.db" refresh
exit_is "one feed of two works, without -q: exit 0" 0 "$TIDENDE" -c "$T/mixed" -d "$T/mixed.db" refresh
like "the failing feed is named in the summary" "$(cat "$T/.out" "$T/.err")" "$DEAD/refused.xml.*refused"

# Unread counts for status bars: with two articles marked read, the count
# is the unread articles of the whole list (not of --unread's, which
# were all unread whatever the count did).
set -- $("$TIDENDE" -c "$T/good" -d "$T/cache.db" list --json |
    python3 -c 'import json,sys; a = json.load(sys.stdin); print(len(a), a[0]["id"], a[-1]["id"])')
total=$1
"$TOP_BUILDDIR/tests/db/db-gen" state "$T/cache.db" "$2" read
"$TOP_BUILDDIR/tests/db/db-gen" state "$T/cache.db" "$3" read
n_json=$("$TIDENDE" -c "$T/good" -d "$T/cache.db" list --json |
    python3 -c 'import json,sys; print(sum(1 for a in json.load(sys.stdin) if not a["read"]))')
n=$("$TIDENDE" -c "$T/good" -d "$T/cache.db" list --unread --count)
is "list --unread --count matches the unread articles of list --json" "$n" "$n_json"
is "and is the articles fetched less the two read" "$n" "$((total - 2))"

# A cron job's umask may be anything: the cache and its directory are the
# user's alone all the same (default XDG path, umask 000).
(umask 000; "$TIDENDE" -q -c "$T/good" refresh) >/dev/null 2>&1
is "umask 000: the cache directory is 700, the cache 600" \
    "$(stat -c %a "$XDG_DATA_HOME/tidende" "$XDG_DATA_HOME/tidende/cache.db" 2>&1 | tr '\n' ' ')" "700 600 "
finish
