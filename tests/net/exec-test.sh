#!/bin/sh
# exec: feeds run a command (argv words, no shell) and parse its output;
# file:// feeds read a file; notify-command runs after new articles.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
plan 15

cp "$FIX/rss.xml" "$T/feed.xml"
cat >"$T/notify.sh" <<EOS
#!/bin/sh
{ echo "items=\$TIDENDE_NEW_ITEMS"; echo "feeds=\$TIDENDE_NEW_FEEDS"; echo "\$TIDENDE_FEED_TITLES"; echo "args=\$*"; } >"$T/notified"
EOS
chmod +x "$T/notify.sh"
config "set notify-command \"$T/notify.sh\" one \"two words\"" \
    "feed \"exec:cat $FIX/atom.xml\" \"Exec feed\"" \
    "feed \"exec:false\" \"Failing command\"" \
    "feed \"exec:/nonexistent/command\" \"Missing command\"" \
    "feed \"exec:sleep 30\" \"Slow command\"" "set download-timeout 2" \
    "feed \"exec:echo <rss/>;touch $T/shell-ran\" \"No shell\"" \
    "feed file://$T/feed.xml \"File feed\""
refresh
is "exit 0" "$RC" 0
like "exec: output is parsed" "$OUT" "^Exec feed: 2 new"
like "a failing command is an error" "$OUT" "^Failing command: error: command failed \\(exit 1\\)"
like "a missing command is an error" "$OUT" "^Missing command: error: .*not found"
like "a slow command times out (download-timeout)" "$OUT" "^Slow command: error: .*timed out"
like "file:// feed" "$OUT" "^File feed: 3 new"
ok "exec: runs no shell" test ! -e "$T/shell-ran"
is "notify-command ran with the counts" "$(head -2 "$T/notified" 2>&1)" "items=5
feeds=2"
like "notify-command got the titles" "$(cat "$T/notified" 2>&1)" "Exec feed"
like "notify-command got its argv words" "$(cat "$T/notified" 2>&1)" "args=one two words"

rm -f "$T/notified"
refresh --feed "file://$T/feed.xml"
is "file:// unchanged since the last refresh: not modified" "$OUT" "File feed: not modified"
touch -d '+2 seconds' "$T/feed.xml"
refresh --feed "file://$T/feed.xml"
is "file:// touched: read again" "$OUT" "File feed: 0 new, 0 updated, 3 unchanged"
rm "$T/feed.xml"
refresh
like "a missing file is an error" "$OUT" "^File feed: error: "
is "cached file items stay" "$(list_titles "file://$T/feed.xml" | wc -l)" 3
ok "no new items: notify-command did not run" test ! -e "$T/notified"
finish
