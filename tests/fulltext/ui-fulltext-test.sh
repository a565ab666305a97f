#!/bin/sh
# Full text in the interface (tmux): f fetches the open article's web page
# and shows it marked with its host, f again the feed's text, f once more
# the cached text without a fetch; :fulltext fetches again with a
# conditional GET; a slow page loads in the background while keys keep
# moving the selection, and Esc cancels one.
. "$TOP_SRCDIR/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 17

FIX="$TOP_SRCDIR/tests/fixtures/fulltext"
start_server --root "$FIX"
DB="$T/cache.db"
FEED="$T/feed.xml"
{
	printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
	printf '<channel><title>Innomag</title><link>%s/</link>' "$BASE"
	printf '<description>d</description>\n'
	printf '<item><title>Havvind</title><link>%s/page/wordpress.html</link>' "$BASE"
	printf '<guid>wp</guid><description>Bare ingressen om havvind.</description></item>\n'
	printf '<item><title>Treg side</title><link>%s/slowpage/4/news-jsonld.html</link>' "$BASE"
	printf '<guid>slow</guid><description>Bare ingressen om plast.</description></item>\n'
	printf '</channel></rss>\n'
} > "$FEED"
cat > "$T/config" <<CFG
feed file://$FEED "Innomag"
set refresh-on-start no
set refresh-interval 0
CFG
"$TIDENDE" -c "$T/config" -d "$DB" refresh -q >/dev/null 2>&1
pages() { grep -c " $1 " "$T/httpd.log" 2>/dev/null; true; }

tmux_start 120 40 "$TIDENDE" -c "$T/config" -d "$DB"
ok "the list appears" tmux_wait_for '1/2 *$' 5
tmux_keys Enter
ok "the article opens with the feed's text" tmux_wait_for 'Bare ingressen om havvind' 3
tmux_keys f
ok "f shows the full text" tmux_wait_for 'milepæl for norsk industri' 5
like "marked as coming from the web page" "$(tmux_screen)" "\\[full text from 127\\.0\\.0\\.1:$PORT\\]"
unlike "none of the page's furniture" "$(tmux_screen)" "FURNITURE"
tmux_keys f
ok "f again: the feed's text" tmux_wait_for 'Bare ingressen om havvind' 3
tmux_keys f
ok "f once more: the full text from the cache" tmux_wait_for 'cached; f: the feed' 3
is "... without fetching the page again" "$(pages /page/wordpress.html)" 1
tmux_keys : fulltext Enter
ok ":fulltext fetches it again" tmux_wait_for 'full text from .*unchanged' 5
like "... with a conditional GET answered 304" \
    "$(grep ' /page/wordpress.html ' "$T/httpd.log" | tail -1)" \
    " 304 [^ ]* [^ ]* \"[0-9a-f]*\" "

tmux_keys q j
ok "the slow article is selected" tmux_wait_for '2/2 *$' 3
tmux_keys Enter f
ok "a slow page shows a spinner at once" tmux_wait_for 'fetching the web page' 2
tmux_keys q k
ok "keys move the selection while it loads" tmux_wait_for '1/2 *$' 2
is "... and it was still loading then" "$(pages /slowpage/4/news-jsonld.html)" 0
tmux_keys j Enter
ok "the page arrives in the background and is shown" \
    tmux_wait_for 'Forskerne vil nå undersøke om plasten' 8
tmux_keys : fulltext Enter
tmux_wait_for 'fetching the web page' 3
tmux_keys Escape
ok "Esc cancels a fetch" tmux_wait_for 'fetching the web page cancelled' 3
tmux_keys '?'
ok "the help screen names the key" \
    tmux_wait_for '^ *f +full-text +the whole article from its web page' 3
finish
