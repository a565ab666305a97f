#!/bin/sh
# Errors that name the right cause (issue 18, item 6), for the cache:
#   - a cache file the user may not write: `refresh` stops at once saying
#     the file is read-only (it said "no feed 0 in the cache", exit 69,
#     for a new feed, and success for an unchanged one);
#   - a cache in a directory the user may not write: `list`, `search`
#     and `show`, which only read, work (SQLite could not make its -shm
#     file, and every command stopped), and a command that writes there
#     says why in words (not "attempt to write a readonly database");
#   - -d naming a directory that is not there: every command says so and
#     exits 1 (list printed nothing and exited 0, as if the cache were
#     empty), and nothing is created.
# Run as root, the read-only cases run as the user nobody (root writes
# any file); skipped when that is not possible.
. "$TOP_SRCDIR/tests/lib.sh"
plan 16

cat >"$T/f1.xml" <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>One</title>
<item><title>First article</title><guid>1</guid></item>
<item><title>Second article</title><guid>2</guid></item></channel></rss>
XML
sed 's/One/Two/; s/<guid>/<guid>t/g' "$T/f1.xml" >"$T/f2.xml"
mkdir "$T/ro"
printf 'feed file://%s/f1.xml\n' "$T" >"$T/config"
printf 'feed file://%s/f1.xml\nfeed file://%s/f2.xml\n' "$T" "$T" >"$T/config2"
"$TIDENDE" -c "$T/config" -d "$T/ro/cache.db" refresh >/dev/null 2>&1 ||
    { echo "Bail out! first refresh"; exit 1; }

# as_user CMD...: CMD as a user the permissions apply to.
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1 &&
	    setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		chmod 755 "$T"
		chmod 644 "$T/config" "$T/config2" "$T/f1.xml" "$T/f2.xml"
		as_user() {
			setpriv --reuid=65534 --regid=65534 --clear-groups \
			    env HOME=/nonexistent "$@"
		}
	fi
else
	as_user() { "$@"; }
fi

if ! command -v as_user >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6 7 8 9; do
		skip "read-only $i" "root, and no setpriv to run as another user"
	done
else
	td() { as_user "$TIDENDE" -c "$T/config2" -d "$T/ro/cache.db" "$@"; }
	chmod 444 "$T/ro/cache.db"
	cp "$T/ro/cache.db" "$T/before.db"
	td refresh >"$T/out" 2>"$T/err"
	is "read-only file: refresh exits 1" "$?" 1
	like "... saying the file is read-only" "$(cat "$T/err")" \
	    "^tidende: $T/ro/cache\.db: cannot open the cache \(the file is read-only\)"
	unlike "... not 'no feed 0'" "$(cat "$T/out" "$T/err")" "no feed"
	chmod 644 "$T/ro/cache.db"
	chmod 555 "$T/ro"
	td list >"$T/out" 2>"$T/err"
	is "read-only directory: list exits 0" "$?" 0
	like "... and lists the articles" "$(cat "$T/out")" "First article"
	td search Second >"$T/out" 2>"$T/err"
	like "... search works" "$(cat "$T/out")" "Second article"
	id=$(head -1 "$T/out" | cut -d' ' -f1)
	td show "$id" >"$T/out" 2>"$T/err"
	like "... show works" "$(cat "$T/out")" "Second article"
	# a write there: the cause in words, not SQLite's "attempt to
	# write a readonly database"
	# (the file writable, its directory not: no -wal can be made)
	chmod 666 "$T/ro/cache.db"
	td mark --read "$id" >"$T/out" 2>"$T/err"
	is "... mark exits 1" "$?" 1
	chmod 644 "$T/ro/cache.db"
	is "... saying why in one line, naming the cache" "$(cat "$T/err")" \
	    "tidende: $T/ro/cache.db: cannot write to the cache: the file or its directory is read-only"
	chmod 755 "$T/ro"
fi

"$TIDENDE" -c "$T/config" -d "$T/nope/cache.db" show 1 >/dev/null 2>&1
rc_show=$?
"$TIDENDE" -c "$T/config" -d "$T/nope/cache.db" refresh >/dev/null 2>&1
rc_refresh=$?
"$TIDENDE" -c "$T/config" -d "$T/nope/cache.db" list >"$T/out" 2>"$T/err"
is "-d in a missing directory: list exits 1" "$?" 1
is "... saying so" "$(cat "$T/err")" "tidende: $T/nope/cache.db: no such directory for the cache"
is "... show and refresh exit 1 too" "$rc_show $rc_refresh" "1 1"
ok "... and nothing is created" test ! -e "$T/nope"

# A FIFO named as the cache held SQLite's open(2) for ever.
mkfifo "$T/fifo.db"
"$TIDENDE" -c "$T/config" -d "$T/fifo.db" list >"$T/out" 2>"$T/err" &
pid=$!
i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
if kill -0 $pid 2>/dev/null; then kill -KILL $pid; fi
wait $pid
is "a FIFO as the cache: exit 1 at once, saying so" "$?|$(cat "$T/err")" \
    "1|tidende: $T/fifo.db: not a regular file, so not a cache"

# refresh's summary is what cron mails: losing it is an error.
if [ -w /dev/full ]; then
	"$TIDENDE" -c "$T/config" -d "$T/ro/cache.db" refresh >/dev/full 2>"$T/err"
	is "refresh >/dev/full: exit 1" "$?" 1
	is "... saying so" "$(cat "$T/err")" "tidende: refresh: cannot write the output"
else
	skip "refresh >/dev/full" "no /dev/full"
	skip "refresh >/dev/full" "no /dev/full"
fi
finish
