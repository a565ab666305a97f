#!/bin/sh
# `import-opml` with sync on subscribes on the real tt-rss (issue 15 item
# 5): a folder matching a server category puts the feed in it; a folder
# the server has no category for is said once and its feeds go in
# uncategorized; a feed the server has already is reported, not an error;
# the config gets no feed lines; the feeds come down with the next sync,
# the category as a tag.  A feed the server refuses exits 1 naming it; a
# wrong password exits 77 and a stopped server 69.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"
ttrss_start
plan 17

PW='op ml "pw"'
uid=$(ttrss_add_user erin "$PW")
ttrss_login erin "$PW" || ttrss_bail "cannot log in as erin"
ttrss_sql "INSERT INTO ttrss_feed_categories (owner_uid, title) VALUES ($uid, 'News')" >/dev/null
ttrss_feeds_start
ttrss_rss p.xml "Feed P" "p1|Pea one" "p2|Pea two"
ttrss_rss q.xml "Feed Q" "q1|Queue one"
ttrss_rss r.xml "Feed R" "r1|Rye one"
ttrss_subscribe "$TTRSS_FEED_BASE/r.xml" >/dev/null

printf '%s\n' "$PW" >"$T/pw"
chmod 600 "$T/pw"
writeconf() {
	{
		echo "set sync-backend ttrss"
		echo "set sync-url \"$TTRSS_URL/\""
		echo "set sync-user erin"
		echo "set sync-password-file \"$1\""
	} >"$2"
}
writeconf "$T/pw" "$T/conf"
cp "$T/conf" "$T/conf.orig"
B=$TTRSS_FEED_BASE
cat >"$T/a.opml" <<EOT
<?xml version="1.0"?>
<opml version="2.0"><head><title>t</title></head><body>
<outline text="News"><outline type="rss" text="P" xmlUrl="$B/p.xml"/></outline>
<outline text="Misc"><outline type="rss" text="Q" xmlUrl="$B/q.xml"/>
 <outline type="rss" text="R" xmlUrl="$B/r.xml"/></outline>
</body></opml>
EOT

exit_is "import-opml with sync on: exit 0" 0 \
    "$TIDENDE" -c "$T/conf" -d "$T/a.db" import-opml "$T/a.opml"
like "it says what the server got" "$(cat "$T/.out")" \
    "^2 feeds subscribed on $TTRSS_URL/, 1 already there"
is "one line for the folder without a category" "$(cat "$T/.err")" \
    "tidende: $T/a.opml: folder \"Misc\": the server has no category of that name and its API cannot make one: 1 feed subscribed uncategorized"
is "the config got no feed lines" "$(cmp "$T/conf" "$T/conf.orig" && echo same)" same
feeds=$(ttrss_feeds)
is "the server has the three feeds" \
    "$(printf '%s' "$feeds" | ttrss_json 'sorted(f["title"] for f in r["content"])')" \
    '["Feed P", "Feed Q", "Feed R"]'
is "P went into News, Q uncategorized" \
    "$(printf '%s' "$feeds" | ttrss_json 'sorted((f["title"], f["cat_id"]) for f in r["content"] if f["title"] != "Feed R")')" \
    "[[\"Feed P\", $(ttrss_sql "SELECT id FROM ttrss_feed_categories WHERE title = 'News'")], [\"Feed Q\", 0]]"
ok "the password is not in the output" sh -c "! grep -F 'op ml' '$T/.out' '$T/.err'"

# the feeds come down with the next sync (tt-rss fetched them on subscribing)
for f in $(printf '%s' "$feeds" | ttrss_json '" ".join(str(int(f["id"])) for f in r["content"])'); do
	ttrss_update_feed "$f" >/dev/null
done
exit_is "the next sync" 0 "$TIDENDE" -c "$T/conf" -d "$T/a.db" sync
is "brings their articles" \
    "$("$TIDENDE" -c "$T/conf" -d "$T/a.db" list --json | ttrss_json 'sorted(a["title"] for a in r)')" \
    '["Pea one", "Pea two", "Queue one", "Rye one"]'
is "the category is a tag" \
    "$("$TIDENDE" -c "$T/conf" -d "$T/a.db" list --tag News --json | ttrss_json 'sorted(a["title"] for a in r)')" \
    '["Pea one", "Pea two"]'

# ---------------------------------------------------------------- refused feed
cat >"$T/b.opml" <<EOT
<?xml version="1.0"?>
<opml version="2.0"><body>
<outline type="rss" text="gone" xmlUrl="$B/missing.xml"/>
<outline type="rss" text="P" xmlUrl="$B/p.xml"/>
</body></opml>
EOT
exit_is "a feed the server refuses: exit 1" 1 \
    "$TIDENDE" -c "$T/conf" -d "$T/a.db" import-opml "$T/b.opml"
like "naming it" "$(cat "$T/.err")" "b\.opml: http://.*/missing\.xml: the server could not download it$"
like "and the rest is reported" "$(cat "$T/.out")" "^0 feeds subscribed on .*, 1 already there, 1 refused by the server"

# ---------------------------------------------------------------- refused, unreachable
printf 'nope\n' >"$T/pw-wrong"
chmod 600 "$T/pw-wrong"
writeconf "$T/pw-wrong" "$T/conf-wrong"
exit_is "a wrong password: exit 77" 77 \
    "$TIDENDE" -c "$T/conf-wrong" -d "$T/a.db" import-opml "$T/a.opml"
like "with the login's message" "$(cat "$T/.err")" "refused the login of erin"
ttrss_feeds_stop
ttrss_stop
exit_is "the server down: exit 69" 69 \
    "$TIDENDE" -c "$T/conf" -d "$T/a.db" import-opml "$T/a.opml"
like "saying it cannot reach it" "$(cat "$T/.err")" "tidende: import-opml: cannot reach $TTRSS_URL/"

finish
