#!/bin/sh
# Translations and full texts never wait for a busy cache: while another
# process holds the cache's write lock, t shows the translation and f the
# web page's article at once, keys keep moving the selection, nothing is
# stored yet; once the lock is let go both are in the cache.  The same
# for a full text a refresh fetched by itself (full-text=yes), and a quit
# waits (the screen alive) until a queued translation is stored.  Before,
# each of these slept in SQLite's busy wait, up to 70 s.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/db/db-lib.sh"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
python3 -c 'import sqlite3' 2>/dev/null || plan_skip "no python3 sqlite3"
plan 37

FIX="$TOP_SRCDIR/tests/fixtures/fulltext"
start_server --root "$FIX" --gate "$T/gate"
DB="$T/cache.db"
item() {	# GUID TITLE PATH DESCRIPTION
	printf '<item><title>%s</title><link>%s%s</link><guid>%s</guid>' \
	    "$2" "$BASE" "$3" "$1"
	printf '<description>%s</description></item>\n' "$4"
}
feed() {	# TITLE ITEMS...
	printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
	printf '<channel><title>%s</title><link>%s/</link>' "$1" "$BASE"
	printf '<description>d</description>\n'
	shift
	printf '%s' "$@"
	printf '</channel></rss>\n'
}
feed Innomag "$(item wp "Havvind" /page/wordpress.html "Bare ingressen om havvind.")" \
    "$(item two "Andre sak" /page/latin.html "Noe annet.")" > "$T/feed.xml"
# a translator: the article in capitals (each run counted)
printf 'echo run >> "%s/runs"\ntr a-z A-Z\n' "$T" > "$T/upper.sh"
cat > "$T/config" <<CFG
feed file://$T/feed.xml "Innomag"
feed file://$T/auto.xml "Auto" full-text=yes
set refresh-on-start no
set refresh-interval 0
set translate-command "sh $T/upper.sh"
CFG
feed Auto > "$T/auto.xml"
td() { "$TIDENDE" -c "$T/config" -d "$DB" "$@"; }
td refresh -q >/dev/null 2>&1
WP=$(td search havvind | cut -d' ' -f1)
TWO=$(td search annet | cut -d' ' -f1)
[ -n "$WP" ] && [ -n "$TWO" ] || { echo "Bail out! no articles"; exit 1; }

# rows TABLE: the cache's rows of TABLE, by a reader (never waits).
rows() {
	python3 -c 'import sqlite3,sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
print(c.execute("SELECT count(*) FROM " + sys.argv[2]).fetchone()[0])' \
	    "$DB" "$1"
}
translated() { td show --translated "$TWO" 2>/dev/null | grep -q 'NOE ANNET'; }
has_fulltext() { [ "$(rows "fulltext WHERE item_id = $1")" = 1 ]; }
pages() { grep -c " $1 " "$T/httpd.log" 2>/dev/null; true; }

tmux_start 120 40 env TIDENDE_LOG="$T/ui.log" "$TIDENDE" -c "$T/config" -d "$DB"
ok "the list appears" tmux_wait_for '1/2 *$' 5
tmux_keys j Enter
ok "the article opens" tmux_wait_for "Noe annet" 3

# ----------------------------------------------------------- translation
db_lock "$DB" busy
ok "another process holds the write lock" test -s "$T/busy.locked"
tmux_keys t
ok "t shows the translation while the cache is busy" \
    tmux_wait_for 'translated by sh ' 5
like "... in place" "$(tmux_screen)" "NOE ANNET"
tmux_keys q k
ok "keys answer meanwhile: k" tmux_wait_for '1/2 *$' 3
tmux_keys j
ok "... and j" tmux_wait_for '2/2 *$' 3
is "nothing is kept while the lock is held" "$(rows translations)" 0
tmux_keys Enter t
ok "t on the article again: the waiting translation" \
    tmux_wait_for 'cached; t: original' 3
is "... without running the command again" "$(wc -l < "$T/runs" | tr -d ' ')" 1

# ------------------------------------------------------------- full text
tmux_keys q k Enter
tmux_wait_for "Bare ingressen om havvind" 3
tmux_keys f
ok "f shows the full text while the cache is busy" \
    tmux_wait_for 'milepæl for norsk industri' 5
like "... marked as the web page's" "$(tmux_screen)" "full text from 127\\.0\\.0\\.1:$PORT"
tmux_keys q j
ok "keys answer meanwhile: j" tmux_wait_for '2/2 *$' 3
tmux_keys k
ok "... and k" tmux_wait_for '1/2 *$' 3
is "nothing is stored while the lock is held" "$(rows fulltext)" 0
tmux_keys Enter f f
ok "f twice: the full text again, from the queue" \
    tmux_wait_for 'cached; f: the feed' 3
is "... without fetching the page again" "$(pages /page/wordpress.html)" 1

touch "$T/busy.release"
wait $DB_LOCK_PID
is "the other process let go" "$?" 0
ok "the translation is kept once the cache is free" wait_until 10 translated
ok "and the full text" wait_until 10 has_fulltext "$WP"
ok "... which search finds" sh -c "'$TIDENDE' -c '$T/config' -d '$DB' search milepæl | grep -q Havvind"
td show --full "$WP" > "$T/full.txt" 2>&1
like "show --full prints it from the cache" "$(cat "$T/full.txt")" "milepæl for norsk industri"
is "... without a fetch" "$(pages /page/wordpress.html)" 1

# ---------------------------------- a refresh's full text (full-text=yes)
feed Auto "$(item auto "Automatisk" /gatepage/wordpress.html "Kort.")" > "$T/auto.xml"
tmux_keys q R
ok "R stores the new article" tmux_wait_for 'Automatisk' 10
# its web page is asked for and held by the server; meanwhile the
# refresh ends and another process takes the lock
ok "the page is asked for" wait_until 10 grep -q gatepage "$T/httpd.log.started"
AUTO=$(td search automatisk | cut -d' ' -f1)
ok "the refresh is over" tmux_wait_for 'refreshed|new article' 10
tmux_keys g
tmux_wait_for '1/3 *$' 3
db_lock "$DB" busy2
touch "$T/gate"
ok "the page is fetched and its article found" wait_until 10 \
    grep -q "fulltext: $AUTO .*gatepage.*: success" "$T/ui.log"
tmux_keys j
ok "keys answer then, the cache busy: j" tmux_wait_for '2/3 *$' 3
tmux_keys k
ok "... and k" tmux_wait_for '1/3 *$' 3
is "not stored while the lock is held" "$(rows "fulltext WHERE item_id = $AUTO")" 0
touch "$T/busy2.release"
ok "stored once the cache is free" wait_until 10 has_fulltext "$AUTO"

# --------------------------------------------- quitting waits for a write
db_lock "$DB" busy3
tmux_keys j Enter t
tmux_wait_for 'translated by sh ' 5
tmux_keys q Q
ok "Q waits for the queued translation" tmux_wait_for 'cache busy: quitting once' 3
touch "$T/busy3.release"
ok "... and quits once it is stored" tmux_wait_for '^\[exited\] 0' 10
is "the translation is in the cache" "$(rows translations)" 2

# ------------------------------------ quitting again: what was not kept
tmux_start 120 40 "$TIDENDE" -c "$T/config" -d "$DB"
tmux_wait_for '1/3 *$' 5
db_lock "$DB" busy4
tmux_keys g Enter t
tmux_wait_for 'translated by sh ' 5
tmux_keys q Q
tmux_wait_for 'cache busy: quitting once' 3
tmux_keys Q
ok "Q again quits at once, exit status 1" tmux_wait_for '^\[exited\] 1' 10
like "... saying on stderr the translation was not kept" "$(tmux_screen)" \
    "^tidende: $DB: 1 translation was not kept: the cache stayed busy"
is "... and it was not" "$(rows translations)" 2
finish
