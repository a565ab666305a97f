#!/bin/sh
# Scenario 6, a config power user: custom feeds with titles and tags,
# `bind x toggle-read`, `set browser "/path/fake-browser %u"` with a script
# that records its argv, and an article whose link holds spaces, `;`,
# `$(...)`, backquotes, quotes and `|`: `o` gives the browser exactly one
# argv word equal to the link and nothing is executed.  A config error
# prints `tidende: FILE:LINE: ...`, exits 65 and the interface never starts.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/e2e/e2e-lib.sh"

command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 22

mkdir -p "$T/work"
cat >"$WWW/weird.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Weird links</title><link>http://127.0.0.1:1/</link>
<item><title>Spaces and shell in the link</title><link>http://127.0.0.1:1/a b;touch $T/work/pwned1;\$(touch $T/work/pwned2)\`touch $T/work/pwned3\`&amp;x='y'"z"|tee $T/work/pwned4</link><guid>w-1</guid><pubDate>Mon, 13 Nov 2023 11:00:00 GMT</pubDate><description>&lt;p&gt;Open me.&lt;/p&gt;</description></item>
<item><title>A plain second article</title><link>http://127.0.0.1:1/plain</link><guid>w-2</guid><pubDate>Sun, 12 Nov 2023 10:00:00 GMT</pubDate><description>Two</description></item>
</channel></rss>
EOF
cp "$TOP_SRCDIR/tests/fixtures/net/rss.xml" "$WWW/rss.xml"
cat >"$T/fake-browser" <<'EOF'
#!/bin/sh
# Records argc, then each argument NUL-terminated.
{ printf '%s\n' "$#"; for a in "$@"; do printf '%s\0' "$a"; done; } >"$FAKE_OUT.tmp"
mv "$FAKE_OUT.tmp" "$FAKE_OUT"
EOF
chmod +x "$T/fake-browser"

e2e_server
cat >"$T/config" <<EOF
# A power user's config.
feed $E2E/f/weird.xml "Strange links" risky
feed $E2E/f/rss.xml "Tested feed" tech "news and more"
bind x toggle-read
set browser "$T/fake-browser %u"
set refresh-on-start no
set refresh-interval 0
EOF
td() { "$TIDENDE" -c "$T/config" -d "$T/cache.db" "$@"; }
exit_is "refresh with the power user's config" 0 td refresh
link=$(td list --json --feed "$E2E/f/weird.xml" | python3 -c 'import json,sys
print([a["link"] for a in json.load(sys.stdin) if a["title"].startswith("Spaces")][0])')
like "the hostile link is stored as published" "$link" 'a b;touch .*\$\(touch'
# What the browser gets: the same link, with the bytes a URL never holds
# raw (white space, controls, "<>\^`{|}) %-encoded (issue 18, item 5).
enc=$(python3 -c 'import sys
print("".join("%%%02X" % b if b <= 0x20 or b == 0x7f or chr(b) in "\"<>\\^`{|}" else chr(b)
              for b in sys.argv[1].encode()))' "$link")
like "feed titles from the config are used" "$(td list)" 'Strange links +Spaces and shell'

cd "$T/work" || exit 1
tmux_start 100 30 "FAKE_OUT=$T/argv" "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "interface starts" tmux_wait_for '1/5 *$' 8
s=$(tmux_screen)
like "sidebar shows the config's tags" "$s" 'risky'
like "a tag with a space is one tag" "$s" 'news and more'
like "the weird article is listed" "$s" 'Strange li.* Spaces and shell'
like "5 unread at start" "$s" '5 unread of 5'

tmux_keys x
ok "bind x toggle-read: x marks read" tmux_wait_for '4 unread of 5' 3
tmux_keys k x
ok "x again marks unread" tmux_wait_for '5 unread of 5' 3

# The weird article is the third (newest first; no two share a date).
tmux_keys g j j
ok "select the weird article" tmux_wait_for '3/5 *$' 3

tmux_keys o
wait_file "$T/argv" 5
is "o: the browser gets exactly one argument" "$(head -n 1 "$T/argv" 2>/dev/null)" 1
got=$(tail -n +2 "$T/argv" 2>/dev/null | tr -d '\0')
is "o: that argument is the link, %-encoded where URLs never hold raw bytes" "$got" "$enc"
sleep 0.5
is "o: nothing in the link was executed" "$(ls "$T/work")" ""
rm -f "$T/argv"

tmux_keys Enter
ok "the article opens" tmux_wait_for 'Open me' 3
tmux_keys o
wait_file "$T/argv" 5
is "o in the article pane: the same single word" \
    "$(head -n 1 "$T/argv" 2>/dev/null)|$(tail -n +2 "$T/argv" 2>/dev/null | tr -d '\0')" "1|$enc"
tmux_keys Q
ok "Q quits" tmux_wait_for '^\[exited\] 0' 5
is "still nothing executed" "$(ls "$T/work")" ""
cd "$T" || exit 1

# A config error: one line naming file and line, exit 65, no interface.
cp "$T/config" "$T/bad"
printf 'bind x toggle-red\n' >>"$T/bad"
"$TIDENDE" -c "$T/bad" -d "$T/cache.db" </dev/null >"$T/out" 2>"$T/err"
is "a config error exits 65" "$?" 65
like "the error names FILE:LINE" "$(cat "$T/err")" "^tidende: $T/bad:8: .*toggle-red"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
_i=0
while tmux -L "$TMUX_SOCK" list-sessions >/dev/null 2>&1 && [ $_i -lt 100 ]; do
	sleep 0.05; _i=$((_i + 1))
done
rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"
tmux_start 80 24 "$TIDENDE" -c "$T/bad" -d "$T/cache.db"
ok "in a terminal: the interface does not start, exit 65" tmux_wait_for '^\[exited\] 65' 5
s=$(tmux_screen)
like "in a terminal: the message is on the screen" "$s" "tidende: .*bad:8:"
finish
