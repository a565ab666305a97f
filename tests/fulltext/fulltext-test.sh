#!/bin/sh
# Full text from articles' web pages, judged by what a reader sees: `show
# --full` on real-looking pages from the test server (a WordPress article
# with its menus, widgets, "Translate »", share buttons, comments and
# footer; a news page whose article is in JSON-LD; pages in windows-1252
# by <meta> and by the HTTP header; a front page with no article; a page
# that is gone), the cache (no second GET), search, translation, exit
# statuses, and full-text=yes feeds with a conditional GET.
. "$TOP_SRCDIR/tests/lib.sh"
plan 63

FIX="$TOP_SRCDIR/tests/fixtures/fulltext"
start_server --root "$FIX"
DB="$T/cache.db"
CFG="$T/config"
FEED="$T/feed.xml"

# item GUID TITLE PATH SUMMARY
item() {
	printf '<item><title>%s</title><link>%s%s</link><guid>%s</guid>' \
	    "$2" "$BASE" "$3" "$1"
	printf '<description>%s</description></item>\n' "$4"
}
{
	printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
	printf '<channel><title>Innomag</title><link>%s/</link>' "$BASE"
	printf '<description>Summaries only</description>\n'
	item wp "Havvind på Utsira får grønt lys" /page/wordpress.html \
	    "Regjeringen ga torsdag konsesjon."
	item jl "Mikroplast i fjellbekker" /page/news-jsonld.html \
	    "Forskere fant mikroplast."
	item latin "Smørbrød og ærlighet" /page/latin.html "Om en kafé."
	item latinh "Smørbrød, header" /pagecs/iso-8859-1/latin-header.html \
	    "Om en kafé igjen."
	item front "Forsiden" /page/frontpage.html "Forsiden har ingen artikkel."
	item gone "Borte" /status/404 "Denne siden er borte."
	item huge "Enorm" /hugepage/8 "En side på 8 MB."
	item bomb "Bombe" /htmlbomb/64 "En gzip-bombe."
	item pdf "Rapport" /huge/1 "Ingen nettside."
	printf '</channel></rss>\n'
} > "$FEED"
printf 'feed file://%s "Innomag"\n' "$FEED" > "$CFG"
td() { "$TIDENDE" -c "$CFG" -d "$DB" "$@"; }
td refresh -q >/dev/null 2>&1
id_of() { td list | awk -v t="$1" 'index($0, t) { print $1; exit }'; }
WP=$(id_of Havvind) JL=$(id_of Mikroplast) LA=$(id_of "Smørbrød og")
LH=$(id_of "Smørbrød, header") FRONT=$(id_of Forsiden) GONE=$(id_of Borte)
ok "the feed's articles are in the cache" \
    test -n "$WP" -a -n "$JL" -a -n "$LA" -a -n "$LH" -a -n "$FRONT" -a -n "$GONE"

# ---------------------------------------------------------- WordPress
td search Aasland > "$T/pre-search"
is "before: a word only in the full text is not found" "$(cat "$T/pre-search")" ""
out=$(td show --full --width 200 "$WP")
is "show --full of an article page: exit 0" "$?" 0
like "marked as coming from the web page" "$out" "^\\[full text from 127\\.0\\.0\\.1:$PORT\\]\$"
like "paragraph 1" "$out" "^Regjeringen ga torsdag konsesjon til det flytende havvindprosjektet ved Utsira Nord, og dermed kan byggingen starte allerede neste høst\\. Prosjektet er det første i sitt slag i Norge\\.\$"
like "paragraph 2 (a dash entity)" "$out" "^– Dette er en milepæl for norsk industri, sier olje- og energiminister Terje Aasland til Innomag\\."
like "the heading" "$out" "^Flytende turbiner\$"
like "paragraph 3 with its link numbered" "$out" "vi har forklart den tidligere\\[[0-9]*\\]\\.\$"
like "the list" "$out" "^\\* Installert effekt: 500 megawatt fordelt på 33 turbiner\$"
like "the quote" "$out" "^> Vi har ventet på denne beslutningen i tre år"
like "paragraph 4" "$out" "^Kritikerne peker på at strømprisen fra prosjektet blir høy"
like "an image as its alt text and link" "$out" "^\\[image: Kart over Utsira Nord\\]\\[[0-9]*\\]\$"
like "the figure caption" "$out" "^Feltet ligger 22 kilometer vest for Utsira\\.\$"
like "the last paragraph" "$out" "^Byggingen ventes ferdig i 2029\\."
like "relative links resolved, listed at the end" "$out" "^\\[[0-9]*\\] $BASE/2023/11/flytende-havvind-forklart/\$"
like "the image's link listed" "$out" "^\\[[0-9]*\\] $BASE/wp-content/uploads/2024/03/kart\\.png\$"
furniture=$(printf '%s\n' "$out" | grep -o '[A-Z]*FURNITURE' | sort -u | tr '\n' ' ')
is "none of the page furniture (menus, widgets, share, comments, footer, cookie banner, translate)" "$furniture" ""
unlike "no \"Translate »\" widget" "$out" "Translate"
unlike "no comment" "$out" "Endelig skjer det noe"
unlike "no share buttons" "$out" "Facebook"
unlike "no sidebar" "$out" "Siste innlegg"
is "the page was fetched once" "$(grep -c ' /page/wordpress.html ' "$T/httpd.log")" 1
td show --full "$WP" > /dev/null
is "a second show --full reads the cache" "$(grep -c ' /page/wordpress.html ' "$T/httpd.log")" 1
unlike "plain show prints the feed's text" "$(td show "$WP")" "milepæl"
is "search finds a word only in the full text" "$(td search Aasland | awk '{print $1}')" "$WP"
is "search finds none of the furniture" "$(td search COMMENTFURNITURE)" ""

# ---------------------------------------------------------- JSON-LD
out=$(td show --full --width 200 "$JL")
is "news page: exit 0" "$?" 0
like "JSON-LD: paragraph 1" "$out" "^Forskere ved Universitetet i Bergen har funnet mikroplast i ni av ti fjellbekker de har undersøkt i Jotunheimen\\.\$"
like "JSON-LD: the quote paragraph" "$out" "^«Vi ble overrasket over hvor mye vi fant så høyt til fjells», sier professor Anders Lie\\.\$"
like "JSON-LD: the last paragraph (behind the paywall teaser)" "$out" "^Forskerne vil nå undersøke om plasten påvirker insektlivet"
is "JSON-LD: no furniture" "$(printf '%s\n' "$out" | grep -c FURNITURE)" 0

# ---------------------------------------------------------- charsets
out=$(td show --full --width 200 "$LA")
like "windows-1252 by <meta>: æøå in the body" "$out" "^På kaféen ved havna i Ålesund har de servert smørbrød med røkt laks"
like "windows-1252: « » and – too" "$out" "^«Vi har aldri jukset med råvarene», sier Bjørg Ødegård \\(71\\).*hundre kroner – og køen"
ok "windows-1252: valid UTF-8 out" python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8")' <<EOF2
$out
EOF2
out=$(td show --full --width 200 "$LH")
like "ISO-8859-1 in the HTTP header wins over <meta charset=utf-8>" "$out" "^Neste år får kaféen ny eier, men menyen skal stå urørt\\."

# ---------------------------------------------------------- no article, gone
td show --full --width 80 "$FRONT" > "$T/front.out" 2> "$T/front.err"
is "a page with no article: exit 65" "$?" 65
like "... a clear message on stderr" "$(cat "$T/front.err")" "^tidende: show: $FRONT: 127\\.0\\.0\\.1:$PORT: no article found in the page; the feed's text follows\$"
like "... and the summary printed" "$(cat "$T/front.out")" "^Forsiden har ingen artikkel\\.\$"
unlike "... not marked as full text" "$(cat "$T/front.out")" "full text from"
exit_is "a page that is gone: exit 69" 69 td show --full "$GONE"
like "... saying why" "$(cat "$T/.err")" "^tidende: show: $GONE: $BASE/status/404: HTTP status 404\$"
exit_is "a page over 4 MB: exit 69" 69 td show --full "$(id_of Enorm)"
like "... saying it is too big" "$(cat "$T/.err")" ": larger than 4 MB"
exit_is "a gzip bomb: exit 69" 69 td show --full "$(id_of Bombe)"
like "... too big once inflated" "$(cat "$T/.err")" ": larger than 4 MB"
exit_is "not a web page (a feed, a PDF): exit 65" 65 td show --full "$(id_of Rapport)"
like "... saying so" "$(cat "$T/.err")" ": not a web page \\(application/rss\\+xml\\); the feed's text follows\$"
exit_is "show --full of no article: exit 1" 1 td show --full 4242
like "show --help names --full" "$(td show --help)" "^  -f, --full        the whole article from its web page"
like "tidende --help names show --full" "$("$TIDENDE" --help)" "show \\[--width N\\] \\[--translated\\] \\[--full\\] ID"


# ---------------------------------------------------------- translation
printf 'set translate-command "cat"\n' >> "$CFG"
out=$(td translate "$WP")
like "the translator gets the full text" "$out" "Aasland til Innomag"
like "... with the title first" "$(printf '%s\n' "$out" | head -1)" "^Havvind på Utsira får grønt lys\$"

# ---------------------------------------------------------- full-text=yes
FEED2="$T/feed2.xml"
{
	printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
	printf '<channel><title>Lokalavisa</title><link>%s/</link>' "$BASE"
	printf '<description>d</description>\n'
	item l1 "Kafeen" /page/latin.html "Kort."
	item l2 "Kafeen igjen" /page/wordpress.html "Kort igjen."
	printf '</channel></rss>\n'
} > "$FEED2"
printf 'feed file://%s "Lokalavisa" full-text=yes\n' "$FEED2" > "$CFG"
before=$(grep -c ' /page/' "$T/httpd.log")
td refresh > "$T/ref.out" 2>&1
is "full-text=yes: refresh exits 0" "$?" 0
is "... each new article's page fetched once" "$(( $(grep -c ' /page/' "$T/httpd.log") - before ))" 2
K=$(id_of Kafeen)
is "... and searchable at once" "$(td search pensjonist | awk '{print $1}' | sort -n | tr '\n' ' ')" \
    "$(printf '%s\n' "$K" "$LA" "$LH" | sort -n | tr '\n' ' ')"
td refresh > /dev/null 2>&1
is "... not fetched again for old articles" "$(( $(grep -c ' /page/' "$T/httpd.log") - before ))" 2

# slow pages: the feed is stored (and visible to another process) while
# its pages still load, and one site gets at most 2 of them at a time
FEED3="$T/feed3.xml"
{
	printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
	printf '<channel><title>Treg</title><link>%s/</link>' "$BASE"
	printf '<description>d</description>\n'
	for i in 1 2 3 4 5 6; do
		item "s$i" "Treg $i" "/slowpage/2/latin.html?n=$i" "Kort $i."
	done
	printf '</channel></rss>\n'
} > "$FEED3"
# (fetch itself would allow 8 a host: the 2 are full text's own limit)
printf 'feed file://%s "Treg" full-text=yes\nset max-host-connections 8\n' \
    "$FEED3" > "$CFG"
td refresh > "$T/slow.out" 2>&1 &
rpid=$!
i=0
while [ "$(td list 2>/dev/null | grep -c 'Treg [0-9]')" -lt 6 ] && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
is "the feed is stored while its pages load" "$(td list | grep -c 'Treg [0-9]')" 6
is "... not one of its pages has arrived yet" "$(grep -c ' /slowpage/' "$T/httpd.log")" 0
wait $rpid
is "refresh waits for the pages, then exits 0" "$?" 0
is "... all six fetched" "$(grep -c ' /slowpage/' "$T/httpd.log")" 6
is "at most 2 pages of one site at a time" \
    "$(grep ' /slowpage/' "$T/httpd.log" | awk '$4 > 2' | wc -l | tr -d ' ')" 0
like "... stored" "$(td show --full --width 200 "$(id_of 'Treg 6')")" \
    "^\\[full text from 127\\.0\\.0\\.1:$PORT\\]\$"

printf 'feed file://%s "Lokalavisa" full-text=maybe\n' "$FEED2" > "$CFG"
exit_is "full-text=maybe is a config error" 65 td list
finish
