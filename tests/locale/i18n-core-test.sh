#!/bin/sh
# The core's messages in Bokmål and Nynorsk: a config error keeps its
# `tidende: FILE:LINE:` prefix and exit 65 with the reason translated; a
# feed that fails says why in the reader's language in `refresh`; a
# damaged feed's warning counts in the right plural; a refused sync login
# exits 77 in Norwegian.  The cache keeps a feed's error in English and
# the interface shows it in the reader's language.  C.UTF-8 stays English.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/locale/i18n-lib.sh"
. "$TOP_SRCDIR/tests/sync/greader-lib.sh"
start_server
gr_start gr --user alice --password right-password
plan 30

# ---------------------------------------------------------- config error
printf 'set refresh-on-start no\nnosuchcmd x\n' >"$T/bad.conf"
for l in nb nn en; do
	$l "$TIDENDE" -c "$T/bad.conf" -d "$T/c.db" list >/dev/null 2>"$T/$l.err"
	echo $? >"$T/$l.rc"
done
is "nb: a config error exits 65" "$(cat "$T/nb.rc")" 65
like "nb: FILE:LINE: prefix unchanged, reason in Bokmål" "$(cat "$T/nb.err")" \
    "^tidende: $T/bad.conf:2: ukjent kommando 'nosuchcmd' \\(kommandoer: feed,"
is "nn: exits 65" "$(cat "$T/nn.rc")" 65
like "nn: reason in Nynorsk" "$(cat "$T/nn.err")" \
    "^tidende: $T/bad.conf:2: ukjend kommando 'nosuchcmd' \\(kommandoar: feed,"
is "C.UTF-8: exits 65" "$(cat "$T/en.rc")" 65
like "C.UTF-8: English" "$(cat "$T/en.err")" \
    "^tidende: $T/bad.conf:2: unknown command 'nosuchcmd' \\(commands: feed,"

# ----------------------------------------------- a feed that fails: 404
cat >"$T/feeds.conf" <<CFG
set refresh-on-start no
feed $BASE/status/404 "Missing"
feed $BASE/feed/rss.xml "Good"
CFG
nb "$TIDENDE" -c "$T/feeds.conf" -d "$T/nb.db" refresh >"$T/nb.out" 2>&1
like "nb: refresh says why the feed failed" "$(cat "$T/nb.out")" \
    '^Missing: .*HTTP-status 404$'
nn "$TIDENDE" -c "$T/feeds.conf" -d "$T/nn.db" refresh >"$T/nn.out" 2>&1
like "nn: refresh says why the feed failed" "$(cat "$T/nn.out")" \
    '^Missing: .*HTTP-status 404$'
like "nn: the good feed is stored" "$(cat "$T/nn.out")" "^Good: "
en "$TIDENDE" -c "$T/feeds.conf" -d "$T/en.db" refresh >"$T/en.out" 2>&1
like "C.UTF-8: English, as before" "$(cat "$T/en.out")" \
    '^Missing: error: HTTP status 404$'

# the cache keeps English whatever the language of the refresh
stored() {
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT error FROM feeds WHERE url LIKE ?",
    ("%/status/404",)).fetchone()[0])' "$1"
}
is "nb refresh: the cache keeps the English text" "$(stored "$T/nb.db")" \
    "HTTP status 404"
is "nn refresh: the cache keeps the English text" "$(stored "$T/nn.db")" \
    "HTTP status 404"

# a refresh from cron under C, read in Bokmål/Nynorsk: the errors view
printf '%s\n' "feed $BASE/html \"Page\"" >>"$T/feeds.conf"
en "$TIDENDE" -c "$T/feeds.conf" -d "$T/cron.db" refresh >"$T/cron.out" 2>&1
like "C: an HTML page is not a feed" "$(cat "$T/cron.out")" \
    '^Page: error: not a feed: an HTML page, not a feed$'
tmux_start 100 30 env $i18n_env LC_ALL=nb_NO.UTF-8 LANG=nb_NO.UTF-8 \
    "$TIDENDE" -c "$T/feeds.conf" -d "$T/cron.db"
tmux_wait_for 'Good' 5
tmux_keys E
ok "nb: the errors view shows a stored error in Bokmål" \
    tmux_wait_for 'Missing.*HTTP-status 404' 5
like "nb: a nested one too" "$(tmux_screen)" \
    'Page.*ikke en kilde: en HTML-side, ikke en kilde'
# the same terminal, the program started again in Nynorsk
tmux -L "$TMUX_SOCK" respawn-pane -k -t t "env TERM=xterm-256color \
    $i18n_env LC_ALL=nn_NO.UTF-8 LANG=nn_NO.UTF-8 \
    '$TIDENDE' -c '$T/feeds.conf' -d '$T/cron.db'; sleep 30"
tmux_wait_for 'Good' 5
tmux_keys E
ok "nn: the errors view shows it in Nynorsk" \
    tmux_wait_for 'Page.*ikkje ei kjelde: ei HTML-side, ikkje ei kjelde' 5

# ------------------------------------------------ damaged XML, plurals
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>D</title>
<item><title>One &amp; a &amp; b & c</title></item>
</channel></rss>\n' >"$T/d1.xml"
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>D</title>
<item><title>One & a & b</title></item><item><title>Two</title></item>
</channel></rss>\n' >"$T/d2.xml"
w1=$(nb "$TIDENDE" parse "$T/d1.xml" 2>&1 >/dev/null)
like "nb: one article read, one bare &" "$w1" \
    "skadet XML reparert, 1 artikkel lest inn \\(1 løs '&' lest som tekst\\)\$"
w2=$(nb "$TIDENDE" parse "$T/d2.xml" 2>&1 >/dev/null)
like "nb: two articles read, two bare &" "$w2" \
    "skadet XML reparert, 2 artikler lest inn \\(2 løse '&' lest som tekst\\)\$"
w1=$(nn "$TIDENDE" parse "$T/d1.xml" 2>&1 >/dev/null)
like "nn: one article" "$w1" \
    "skadd XML reparert, 1 artikkel lesen inn \\(1 laus '&' lesen som tekst\\)\$"
w2=$(nn "$TIDENDE" parse "$T/d2.xml" 2>&1 >/dev/null)
like "nn: two articles" "$w2" \
    "skadd XML reparert, 2 artiklar lesne inn \\(2 lause '&' lesne som tekst\\)\$"
w1=$(en "$TIDENDE" parse "$T/d1.xml" 2>&1 >/dev/null)
like "C.UTF-8: 1 item, singular" "$w1" \
    "damaged XML recovered, 1 item read \\(1 bare '&' read as text\\)\$"
w2=$(en "$TIDENDE" parse "$T/d2.xml" 2>&1 >/dev/null)
like "C.UTF-8: 2 items, plural" "$w2" \
    "damaged XML recovered, 2 items read \\(2 bare '&' read as text\\)\$"
w2=$(nb "$TIDENDE" parse "$T/d2.xml" 2>/dev/null | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["items"][1]["title"])')
is "nb: the JSON itself untouched" "$w2" "Two"

# ------------------------------------------------ sync login refused
printf 'wrong-password\n' >"$T/pw"
chmod 600 "$T/pw"
gr_conf "$T/sync.conf" alice "$T/pw"
en "$TIDENDE" -c "$T/sync.conf" -d "$T/s.db" sync >/dev/null 2>"$T/s.err"
like "C.UTF-8: English" "$(cat "$T/s.err")" \
    "^tidende: sync: $GR_URL refused the login of alice: wrong user name or password"
nb "$TIDENDE" -c "$T/sync.conf" -d "$T/s.db" sync >/dev/null 2>"$T/s.err"
is "nb: a refused login exits 77" "$?" 77
like "nb: in Bokmål, the prefix unchanged" "$(cat "$T/s.err")" \
    "^tidende: sync: $GR_URL avviste innloggingen til alice: feil brukernavn eller passord \\(FreshRSS: "
nn "$TIDENDE" -c "$T/sync.conf" -d "$T/s.db" sync >/dev/null 2>"$T/s.err"
is "nn: exits 77" "$?" 77
like "nn: in Nynorsk" "$(cat "$T/s.err")" \
    "^tidende: sync: $GR_URL avviste innlogginga til alice: feil brukarnamn eller passord \\(FreshRSS: "
# the last login was refused in Nynorsk: the cache still says it in English
st=$(nb "$TIDENDE" -c "$T/sync.conf" -d "$T/s.db" sync --status --json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["error"])')
like "nb: sync --status --json keeps the stored error in English" "$st" \
    "refused the login of alice: wrong user name"
st=$(nn "$TIDENDE" -c "$T/sync.conf" -d "$T/s.db" sync --status)
like "nn: sync --status shows the stored error in Nynorsk" "$st" \
    "avviste innlogginga til alice: feil brukarnamn"
finish
