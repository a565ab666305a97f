#!/bin/sh
# A damaged cache (random bytes; a real cache cut in half, as a full disk
# or a bad copy leaves it): every command and the interface say so in one
# line naming the file and how to move it aside, exit non-zero, and never
# change or delete the file.  Once moved aside, a refresh starts anew.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/e2e/e2e-lib.sh"

DBGEN="$TOP_BUILDDIR/tests/db/db-gen"
[ -x "$DBGEN" ] || plan_skip "tests/db/db-gen not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 21

cp "$TOP_SRCDIR/tests/fixtures/net/rss.xml" "$WWW/rss.xml"
e2e_server
cat >"$T/config" <<EOF
feed $E2E/f/rss.xml
set refresh-on-start no
EOF

"$DBGEN" build "$T/real.db" 20 100 >/dev/null || { echo "Bail out! db-gen"; exit 1; }
size=$(wc -c <"$T/real.db")
head -c $((size / 2)) "$T/real.db" >"$T/half.db"
head -c 8192 /dev/urandom >"$T/noise.db"

for kind in noise half; do
	db="$T/$kind.db"
	cp "$db" "$T/$kind.orig"
	bad=""
	for cmd in "list" "list --unread --count" "search helse" "show 5" "refresh"; do
		# shellcheck disable=SC2086
		"$TIDENDE" -c "$T/config" -d "$db" $cmd >"$T/out" 2>"$T/err"
		rc=$?
		[ "$rc" -ne 0 ] || bad="$bad [$cmd: exit 0]"
		grep -q "^tidende: .*$kind.db: the cache is damaged.*mv " "$T/err" ||
		    bad="$bad [$cmd: $(head -c 200 "$T/err")]"
	done
	is "$kind: every command fails with a message naming the file" "$bad" ""
	ok "$kind: the file is left as it was" cmp "$db" "$T/$kind.orig"
	is "$kind: nothing new beside it" "$(ls "$T" | grep -c "^$kind\.db")" 1

	tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$db"
	ok "$kind: the interface does not start" tmux_wait_for '^\[exited\] [1-9]' 5
	like "$kind: it says why on the screen" "$(tmux_screen)" 'cache is damaged'
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	_i=0
	while tmux -L "$TMUX_SOCK" list-sessions >/dev/null 2>&1 && [ $_i -lt 50 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"
	ok "$kind: still unchanged after the interface" cmp "$db" "$T/$kind.orig"
done

# A schema version no tidende wrote (negative: SIGSEGV at -1000, SQL
# from outside the migrations at -2 to -100) or a newer one: damage too.
for v in -1000 -3 99; do
	db="$T/v$v.db"
	cp "$T/real.db" "$db"
	db_pragma "$db" "user_version = $v" >/dev/null
	cp "$db" "$T/v$v.orig"
	bad=""
	for cmd in "list" "search helse" "show 5" "refresh"; do
		# shellcheck disable=SC2086
		"$TIDENDE" -c "$T/config" -d "$db" $cmd >"$T/out" 2>"$T/err"
		rc=$?
		{ [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ]; } ||
		    bad="$bad [$cmd: exit $rc]"
		grep -q "^tidende: .*v$v.db: the cache is damaged.*mv " "$T/err" ||
		    bad="$bad [$cmd: $(head -c 200 "$T/err")]"
	done
	is "schema version $v: every command fails naming the damage" "$bad" ""
	ok "schema version $v: the file is left as it was" cmp "$db" "$T/v$v.orig"
done

mv "$T/half.db" "$T/half.db.broken"
exit_is "moved aside: a refresh starts a new cache" 0 \
    "$TIDENDE" -q -c "$T/config" -d "$T/half.db" refresh
is "the new cache has the feed's articles" \
    "$("$TIDENDE" -d "$T/half.db" list --count)" 3
ok "the damaged copy is still there" cmp "$T/half.db.broken" "$T/half.orig"
finish
