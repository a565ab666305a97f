#!/bin/sh
# Scenario 2, nothing lost: a cache with read and starred articles, then
# refreshes where the same feed URL answers 500, garbage, an HTML page, a
# truncated body, an empty body and a feed that dropped its old items:
# every earlier article and its state stay (list --json before and after).
# Then `tidende refresh` is killed with SIGKILL in the middle of a large,
# slowly streamed refresh, several times: the database passes SQLite's
# integrity check, the earlier articles are still there, and a later
# refresh completes.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/e2e/e2e-lib.sh"

DBGEN="$TOP_BUILDDIR/tests/db/db-gen"
[ -x "$DBGEN" ] || plan_skip "tests/db/db-gen not built"
plan 20

feed_a() {
	# feed_a N FIRST: an RSS feed of N items numbered from FIRST.
	{
		echo '<?xml version="1.0" encoding="utf-8"?>'
		echo '<rss version="2.0"><channel><title>Kept feed</title><link>http://127.0.0.1:1/</link>'
		i=$2
		while [ "$i" -lt $(($2 + $1)) ]; do
			printf '<item><title>Kept article %d</title><link>http://127.0.0.1:1/k/%d</link><guid>kept-%d</guid><pubDate>Mon, 13 Nov 2023 10:%02d:00 GMT</pubDate><description>Body of kept article %d</description></item>\n' "$i" "$i" "$i" "$i" "$i"
			i=$((i + 1))
		done
		echo '</channel></rss>'
	}
}
feed_a 8 1 >"$WWW/a.xml"
cp "$WWW/a.xml" "$T/a-good.xml"

e2e_server --lifetime 100
cat >"$T/config" <<EOF
feed $E2E/f/a.xml "Kept feed"
set refresh-on-start no
EOF
td() { "$TIDENDE" -c "$T/config" -d "$T/cache.db" "$@"; }

exit_is "first refresh" 0 td refresh
# Read state: 2 read, 1 starred, one both.
set -- $(td list --json | python3 -c 'import json,sys
ids = {a["title"]: a["id"] for a in json.load(sys.stdin)}
print(ids["Kept article 2"], ids["Kept article 3"], ids["Kept article 5"])')
"$DBGEN" state "$T/cache.db" "$1" read
"$DBGEN" state "$T/cache.db" "$2" star
"$DBGEN" state "$T/cache.db" "$3" read
"$DBGEN" state "$T/cache.db" "$3" star
td list --json >"$T/before.json"
before=$(python3 -c 'import json,sys; print(sorted((a["id"],a["title"],a["read"],a["starred"]) for a in json.load(open(sys.argv[1]))))' "$T/before.json")
like "state set up: 2 read, 2 starred" \
    "$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print(len(a), sum(x["read"] for x in a), sum(x["starred"] for x in a))' "$T/before.json")" '^8 2 2$'

same() {
	# same NAME: list --json is unchanged since before.json.
	td list --json >"$T/after.json" 2>"$T/after.err"
	after=$(python3 -c 'import json,sys; print(sorted((a["id"],a["title"],a["read"],a["starred"]) for a in json.load(open(sys.argv[1]))))' "$T/after.json")
	is "$1" "$after" "$before"
}

echo 500 >"$WWW/a.xml.mode"
exit_is "HTTP 500: refresh exits 69" 69 td refresh
like "HTTP 500: the error names the feed and the status" "$(cat "$T/.out" "$T/.err")" 'Kept feed.*500'
same "HTTP 500: every article and its state kept"

rm -f "$WWW/a.xml.mode"
head -c 3000 /dev/urandom >"$WWW/a.xml"
td refresh >/dev/null 2>&1
same "garbage body: every article and its state kept"

cat >"$WWW/a.xml" <<'EOF'
<!DOCTYPE html><html><head><title>Maintenance</title></head>
<body><h1>Down for maintenance</h1><p>Back soon.</p></body></html>
EOF
exit_is "HTML page: refresh exits 69" 69 td refresh
same "HTML page: every article and its state kept"

cp "$T/a-good.xml" "$WWW/a.xml"
echo truncate >"$WWW/a.xml.mode"
td refresh >/dev/null 2>&1
same "truncated body: every article and its state kept"
rm -f "$WWW/a.xml.mode"

: >"$WWW/a.xml"
td refresh >/dev/null 2>&1
same "empty body: every article and its state kept"

feed_a 2 100 >"$WWW/a.xml"
exit_is "a feed that dropped its old items refreshes" 0 td refresh
td list --json >"$T/after.json"
like "dropped items: all 10 articles listed" \
    "$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print(len(a), sum(x["read"] for x in a), sum(x["starred"] for x in a))' "$T/after.json")" '^10 2 2$'

# SIGKILL in the middle of a large refresh, three times.
cp "$T/a-good.xml" "$WWW/a.xml"
cat >>"$T/config" <<EOF
feed $E2E/slow/s1?items=4000&secs=2 "Slow one"
feed $E2E/slow/s2?items=3000&secs=1 "Slow two"
feed $E2E/slow/s3?items=2000&secs=0.4 "Slow three"
EOF
bad=""
for delay in 0.5 0.9 1.5; do
	td refresh >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	r=$(db_pragma "$T/cache.db" integrity_check)
	[ "$r" = ok ] || bad="$bad after ${delay}s: $r"
	diag "killed after ${delay}s: $(td list --count 2>&1) articles committed"
done
is "kill -9 mid-refresh: PRAGMA integrity_check is ok each time" "$bad" ""
r=$(db_pragma "$T/cache.db" foreign_key_check)
is "kill -9 mid-refresh: no broken foreign keys" "$r" ""
td list --json --feed "$E2E/f/a.xml" >"$T/after.json"
like "kill -9: the earlier articles and their state are there" \
    "$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print(len(a), sum(x["read"] for x in a), sum(x["starred"] for x in a))' "$T/after.json")" '^10 2 2$'
exit_is "a later refresh completes" 0 td refresh
like "it reports every feed" "$(cat "$T/.out" "$T/.err")" '4 feeds'
n=$(td list --count)
is "all articles there after the later refresh" "$n" $((10 + 4000 + 3000 + 2000))
is "unread count is right" "$(td list --unread --count)" $((10 + 9000 - 2))
r=$(db_pragma "$T/cache.db" integrity_check)
is "integrity_check ok at the end" "$r" ok
finish
