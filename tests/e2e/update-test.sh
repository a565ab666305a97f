#!/bin/sh
# A publisher edits its feed: an article's title and body change (same
# guid), another article's guid changes scheme (same link and title).
# After a refresh the edited article is updated in place keeping read and
# starred, the other is not duplicated and keeps its state, and the cached
# translation of the edited one is dropped, not shown stale.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/e2e/e2e-lib.sh"

DBGEN="$TOP_BUILDDIR/tests/db/db-gen"
[ -x "$DBGEN" ] || plan_skip "tests/db/db-gen not built"
plan 11

cat >"$WWW/upd.xml" <<'EOF'
<?xml version="1.0"?><rss version="2.0"><channel><title>Edited feed</title>
<item><title>Original title</title><link>http://127.0.0.1:1/u/1</link><guid>u-1</guid><pubDate>Mon, 13 Nov 2023 10:00:00 GMT</pubDate><description>original body text</description></item>
<item><title>Scheme change</title><link>http://127.0.0.1:1/u/2</link><guid>u-2</guid><pubDate>Mon, 13 Nov 2023 09:00:00 GMT</pubDate><description>second</description></item>
</channel></rss>
EOF
cat >"$T/upper" <<'EOF'
#!/bin/sh
tr 'a-z' 'A-Z'
EOF
chmod +x "$T/upper"
e2e_server
cat >"$T/config" <<EOF
feed $E2E/f/upd.xml
set translate-command "$T/upper"
EOF
td() { "$TIDENDE" -c "$T/config" -d "$T/cache.db" "$@"; }
exit_is "first refresh" 0 td -q refresh
ids() { td list --json | python3 -c 'import json,sys
for a in json.load(sys.stdin): print(a["id"], a["title"].replace(" ", "_"), a["read"], a["starred"])'; }
set -- $(ids | awk '$2 == "Original_title" { print $1 } $2 == "Scheme_change" { print $1 }')
edited=$1 other=$2
"$DBGEN" state "$T/cache.db" "$edited" read
"$DBGEN" state "$T/cache.db" "$edited" star
"$DBGEN" state "$T/cache.db" "$other" star
like "translate the article" "$(td translate "$edited")" 'ORIGINAL BODY TEXT'
like "show --translated prints the cached translation" \
    "$(td show --translated "$edited")" 'ORIGINAL BODY TEXT'

sed -e 's/Original title/Edited title/' -e 's/original body text/edited body text/' \
    -e 's|<guid>u-2</guid>|<guid>http://127.0.0.1:1/u/2</guid>|' \
    "$WWW/upd.xml" >"$WWW/upd.xml.new" && mv "$WWW/upd.xml.new" "$WWW/upd.xml"
exit_is "refresh after the edit" 0 td refresh
like "the summary says one updated" "$(cat "$T/.out")" '1 updated'
after=$(ids)
is "still two articles (the guid change is no duplicate)" "$(echo "$after" | wc -l | tr -d ' ')" 2
like "the edited article: same id, new title, read and starred kept" \
    "$after" "^$edited Edited_title True True\$"
like "the other: same id, starred kept" "$after" "^$other Scheme_change False True\$"
like "show prints the new body" "$(td show "$edited")" 'edited body text'
exit_is "the stale translation is gone" 1 td show --translated "$edited"
like "a new translation is of the new text" "$(td translate "$edited")" 'EDITED BODY TEXT'
finish
