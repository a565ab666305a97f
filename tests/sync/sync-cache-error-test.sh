#!/bin/sh
# A server feed the cache does not take (a failing write) fails the
# sync, saying why: it was only logged, the sync said it was fine, and
# the feed was then left out of the feeds kept, as if the server had
# dropped it.  The feeds stored before stay, with their articles.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/greader-lib.sh"
python3 -c 'import sqlite3' 2>/dev/null || plan_skip "no python3 sqlite3"
gr_start gr --user carol --password 'pw'
plan 7
printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
gr_conf "$T/conf" carol "$T/pw"
td() { "$TIDENDE" -c "$T/conf" -d "$T/cache.db" "$@"; }
fa=$(gr_admin feed '{"url": "http://feeds.invalid/a.xml", "title": "Feed A"}' | gr_json 'r["id"]')
gr_item "$fa" "Alpha one" >/dev/null
gr_item "$fa" "Alpha two" >/dev/null
exit_is "the first sync exits 0" 0 td sync
is "... and stores Feed A's articles" "$(td list --count)" 2

# Feed B is new on the server, and the cache refuses it.
fb=$(gr_admin feed '{"url": "http://feeds.invalid/b.xml", "title": "Feed B"}' | gr_json 'r["id"]')
gr_item "$fb" "Beta one" >/dev/null
python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TRIGGER test_refuse BEFORE INSERT ON feeds WHEN NEW.url LIKE \x27%b.xml\x27 BEGIN SELECT RAISE(ABORT, \x27refused by the test\x27); END")
c.commit()' "$T/cache.db"
exit_is "a server feed the cache refuses: sync exits 1" 1 td sync
like "... saying why, naming the cache" "$(cat "$T/.err")" \
    "^tidende: sync: cache: .*cache\.db: refused by the test"
is "... and Feed A's articles stay" "$(td list --count)" 2

# The summary is what cron mails: losing it is an error.
python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1]); c.execute("DROP TRIGGER test_refuse"); c.commit()' "$T/cache.db"
if [ -w /dev/full ]; then
	td sync >/dev/full 2>"$T/err"
	is "sync >/dev/full: exit 1, saying so" "$?|$(cat "$T/err")" \
	    "1|tidende: sync: cannot write the output"
	td sync --status >/dev/full 2>"$T/err"
	is "sync --status >/dev/full: exit 1, saying so" "$?|$(cat "$T/err")" \
	    "1|tidende: sync: cannot write the output"
else
	skip "sync >/dev/full" "no /dev/full"
	skip "sync --status >/dev/full" "no /dev/full"
fi
finish
