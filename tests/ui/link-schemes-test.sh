#!/bin/sh
# The browser gets only http, https and mailto links unless the user
# allows more with browser-schemes (issue 18, item 5): a feed's
# x-evil:--help, javascript: and file:///etc/passwd (through xml:base)
# are refused with a message naming the scheme and the option; a link
# with a raw space or newline reaches the browser as one %-encoded word.
. "$TOP_SRCDIR/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 12

cat >"$T/links.xml" <<'XML'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Links</title><link>http://127.0.0.1:1/</link>
<item><title>L1 evil handler</title><link>x-evil:--help</link><guid>1</guid><pubDate>Mon, 13 Nov 2023 10:07:00 GMT</pubDate></item>
<item><title>L2 script</title><link>javascript:alert(1)</link><guid>2</guid><pubDate>Mon, 13 Nov 2023 10:06:00 GMT</pubDate></item>
<item xml:base="file:///etc/"><title>L3 local file</title><link>passwd</link><guid>3</guid><pubDate>Mon, 13 Nov 2023 10:05:00 GMT</pubDate></item>
<item><title>L4 space</title><link>http://127.0.0.1:1/a b</link><guid>4</guid><pubDate>Mon, 13 Nov 2023 10:04:00 GMT</pubDate></item>
<item><title>L5 newline</title><link>http://127.0.0.1:1/c
d</link><guid>5</guid><pubDate>Mon, 13 Nov 2023 10:03:00 GMT</pubDate></item>
<item><title>L6 mail</title><link>mailto:a@example.org</link><guid>6</guid><pubDate>Mon, 13 Nov 2023 10:02:00 GMT</pubDate></item>
<item><title>L7 web</title><link>HTTPS://127.0.0.1:1/ok</link><guid>7</guid><pubDate>Mon, 13 Nov 2023 10:01:00 GMT</pubDate></item>
</channel></rss>
XML
cat >"$T/config" <<CFG
feed file://$T/links.xml "Links"
set refresh-on-start no
set refresh-interval 0
set sidebar no
set browser "$TOP_SRCDIR/tests/fixtures/ui/fake-browser" %u
CFG
"$TIDENDE" -c "$T/config" -d "$T/cache.db" refresh >/dev/null 2>&1 ||
    { echo "Bail out! refresh"; exit 1; }
B="$T/browser-argv"

tmux_start 120 30 "FAKE_BROWSER_OUT=$B" "$TIDENDE" -c "$T/config" \
    -d "$T/cache.db"
tmux_wait_for 'L1 evil handler' 10 || { echo "Bail out! no list"; exit 1; }

# open_row N: select row N (1 is the first) and press o.
open_row() {
	rm -f "$B"
	tmux_keys g
	i=1
	while [ $i -lt "$1" ]; do tmux_keys j; i=$((i + 1)); done
	tmux_wait_for "$1/7 *\$" 3
	tmux_keys o
}
# browser_got: what the fake browser got (waits for it), or "" after 3 s
browser_got() {
	i=0; while [ ! -s "$B" ] && [ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
	cat "$B" 2>/dev/null
}

open_row 1
ok "x-evil: refused, naming the scheme and the option" \
    tmux_wait_for 'not opening a x-evil: link \(set browser-schemes' 3
open_row 2
ok "javascript: refused" tmux_wait_for 'not opening a javascript: link' 3
open_row 3
ok "file: (from xml:base) refused" tmux_wait_for 'not opening a file: link' 3
is "... the browser ran for none of them" "$(ls "$B" 2>/dev/null)" ""
open_row 4
is "a raw space is encoded, one argv word" "$(browser_got)" "http://127.0.0.1:1/a%20b"
open_row 5
got=$(browser_got)
like "a newline is not passed raw (one line)" "$(printf '%s\n' "$got" | wc -l | tr -d ' ')" '^1$'
like "... it is encoded" "$got" '^http://127\.0\.0\.1:1/c(%0A|%20)d$'
open_row 6
is "mailto: allowed" "$(browser_got)" "mailto:a@example.org"
open_row 7
is "HTTPS (any case) allowed" "$(browser_got)" "HTTPS://127.0.0.1:1/ok"

# The user allows more.
tmux_keys :
tmux_keys -l 'set browser-schemes "http https mailto file"'
tmux_keys Enter
open_row 3
is "set browser-schemes allows file:" "$(browser_got)" "file:///etc/passwd"
# From the article pane too.
rm -f "$B"
tmux_keys g Enter
tmux_wait_for 'Title: +L1 evil handler' 3
tmux_keys o
ok "o in the article pane is checked too" \
    tmux_wait_for 'not opening a x-evil: link' 3
tmux_keys Q
ok "Q quits cleanly" tmux_wait_for '^\[exited\] 0' 3
finish
