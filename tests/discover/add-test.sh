#!/bin/sh
# `tidende add`: a page's one feed, or a feed, appended to the config as a
# `feed` line with the file's bytes kept as they were; never twice;
# several feeds listed and --pick N; nothing written on a failure; a new
# config at the XDG path starts with the built-in feeds; with sync on,
# subscribeToFeed on the (fake) tt-rss and no config line.
. "$TOP_SRCDIR/tests/lib.sh"
start_server
S=$BASE/site
TAB=$(printf '\t')
plan 35

exit_is "--help: exit 0" 0 "$TIDENDE" add --help
like "--help: usage on stdout" "$(head -1 "$T/.out")" '^usage: tidende add'
exit_is "no URL: 64" 64 "$TIDENDE" add
exit_is "a tag with = in it: 64" 64 "$TIDENDE" -c "$T/c" add "$S/wp/" T a=b
exit_is "--pick 0: 64" 64 "$TIDENDE" -c "$T/c" add --pick 0 "$S/wp/"

# A config with comments, odd spacing, CRLF-free but no final newline.
printf '# my feeds\n\nset max-size 4   # small\n\nfeed %s/feed/rss.xml "Mine"  news   # kept\n# the end' \
    "$BASE" >"$T/c"
cp "$T/c" "$T/c.orig"
exit_is "a page with one feed: exit 0" 0 \
    "$TIDENDE" -c "$T/c" add "$S/wp/" 'WP "quoted" site' blog wp
like "it says where" "$(cat "$T/.out")" "^$S/wp/feed/: added to $T/c"
{ cat "$T/c.orig"; printf '\nfeed %s/wp/feed/ "WP \\"quoted\\" site" blog wp\n' "$S"; } >"$T/c.want"
ok "the file is the old bytes, a newline, and the feed line" cmp "$T/c" "$T/c.want"
exit_is "the config still reads" 0 "$TIDENDE" -c "$T/c" export-opml
like "with the title and tags as given" "$(cat "$T/.out")" \
    'text="WP &quot;quoted&quot; site".*xmlUrl="[^"]*/wp/feed/"'

cp "$T/c" "$T/c.before"
exit_is "the same page again: exit 0" 0 "$TIDENDE" -c "$T/c" add "$S/wp/"
like "it says the feed is there" "$(cat "$T/.out")" "already in the config"
ok "and writes nothing" cmp "$T/c" "$T/c.before"
exit_is "the feed's own URL: exit 0" 0 "$TIDENDE" -c "$T/c" add "$S/wp/feed/"
ok "nothing written" cmp "$T/c" "$T/c.before"

exit_is "several feeds and no --pick: 64" 64 "$TIDENDE" -c "$T/c" add "$S/blog/"
is "they are listed, numbered" "$(cat "$T/.out")" \
"1${TAB}$S/blog/feed/${TAB}rss-2.0${TAB}WordPress-like site
2${TAB}$S/blog/atom.xml${TAB}atom-1.0${TAB}Atom Test"
like "and --pick N is asked for" "$(cat "$T/.err")" "2 feeds found: choose one with 'tidende add --pick N $S/blog/'"
ok "nothing written" cmp "$T/c" "$T/c.before"
exit_is "--pick beyond the list: 64" 64 "$TIDENDE" -c "$T/c" add --pick 3 "$S/blog/"
exit_is "--pick 2: exit 0" 0 "$TIDENDE" -c "$T/c" add --pick 2 "$S/blog/"
is "the second feed appended, no empty title" "$(tail -n 1 "$T/c")" "feed $S/blog/atom.xml"
exit_is "a title with a newline and a tab" 0 "$TIDENDE" -c "$T/c" add "$S/blog/feed/" "$(printf 'Two\nlines\there')"
is "becomes one line" "$(tail -n 1 "$T/c")" "feed $S/blog/feed/ \"Two lines here\""
cp "$T/c" "$T/c.before"

exit_is "a page with no feed: 65" 65 "$TIDENDE" -c "$T/c" add "$S/none/"
exit_is "an unreachable page: 69" 69 "$TIDENDE" -c "$T/c" add "http://127.0.0.1:1/"
ok "nothing written on failures" cmp "$T/c" "$T/c.before"

# No config at all: the new file at the XDG path keeps the built-in feeds.
exit_is "no config yet: exit 0" 0 "$TIDENDE" -d "$T/x.db" add "$BASE/feed/atom.xml" Atom
f=$XDG_CONFIG_HOME/tidende/config
is "the built-in feed lines, then the new one" \
    "$(grep -c '^feed ' "$f")" "$(($("$TIDENDE" config --default | grep -c '^feed ') + 1))"
is "last the new feed" "$(tail -n 1 "$f")" "feed $BASE/feed/atom.xml \"Atom\""
is "user-only" "$(stat -c %a "$f")" 600
like "it says the built-in feeds were kept" "$(cat "$T/.out")" "built-in feeds were written to it too"

# Sync on: subscribeToFeed on the server, not a config line.
printf '' >"$T/mode"
py_server "$TOP_SRCDIR/tests/sync/fake-ttrss.py" fake "the fake tt-rss" \
    --log "$T/api.log" --mode "$T/mode" --password "pw"
printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
cat >"$T/s" <<EOC
set sync-backend ttrss
set sync-url "http://127.0.0.1:$_py_port/tt"
set sync-user alice
set sync-password-file "$T/pw"
EOC
cp "$T/s" "$T/s.orig"
exit_is "with sync on: exit 0" 0 "$TIDENDE" -c "$T/s" -d "$T/s.db" add "$S/wp/" "" News
is "subscribeToFeed with the page's feed" "$(python3 -c 'import json, sys
print([r["feed_url"] for r in map(json.loads, open(sys.argv[1])) if r["op"] == "subscribeToFeed"])' "$T/api.log")" \
    "['$S/wp/feed/']"
ok "and no feed line in the config" cmp "$T/s" "$T/s.orig"
finish
