#!/bin/sh
# OPML import and export: newsboat and web-reader files, tags from folders,
# duplicates, round trips, and hostile files refused.
. "$TOP_SRCDIR/tests/lib.sh"
F="$TOP_SRCDIR/tests/fixtures/config"
plan 44

# Feed lines of a config, without comments and blank lines.
feeds() { grep '^feed ' "$1"; }

# --- newsboat style, into a config that does not exist yet
exit_is "import a newsboat file" 0 "$TIDENDE" -c "$T/nb.conf" import-opml "$F/newsboat.opml"
like "it reports what it added" "$(cat "$T/.out")" "^4 feeds added to $T/nb.conf"
is "the file is user-only" "$(stat -c %a "$T/nb.conf")" 600
is "titles kept, entities decoded" "$(feeds "$T/nb.conf")" \
'feed https://www.nesta.org.uk/feed/ "Nesta"
feed https://ssir.org/site/rss_2.0 "Stanford Social Innovation Review"
feed http://blog.okfn.org/feed/ "Open Knowledge Foundation Blog & News"
feed https://www.khrono.no/rss "Khrono – høyere utdanning"'
exit_is "the result parses" 0 "$TIDENDE" -c "$T/nb.conf" config --check

# --- no -c: the XDG config file is created, user-only, and stdin works
exit_is "import from stdin into the XDG config" 0 sh -c "\"\$TIDENDE\" import-opml - < \"$F/feedly.opml\""
is "the XDG config is created user-only" "$(stat -c %a "$XDG_CONFIG_HOME/tidende/config")" 600
is "in a user-only directory" "$(stat -c %a "$XDG_CONFIG_HOME/tidende")" 700
is "with the feeds" "$(feeds "$XDG_CONFIG_HOME/tidende/config" | wc -l | tr -d ' ')" 3
exit_is "import-opml without a file is a usage error" 64 "$TIDENDE" import-opml
exit_is "a missing OPML file exits 65 (tidende(1))" 65 "$TIDENDE" -c "$T/x.conf" import-opml "$T/nope.opml"
is "and names it" "$(cat "$T/.err")" "tidende: $T/nope.opml: cannot read: No such file or directory"

# --- importing again adds nothing
exit_is "import it again" 0 "$TIDENDE" -c "$T/nb.conf" import-opml "$F/newsboat.opml"
like "duplicates are skipped" "$(cat "$T/.out")" "^0 feeds added to $T/nb.conf, 4 already there"
is "the file still has four feeds" "$(feeds "$T/nb.conf" | wc -l | tr -d ' ')" 4

# --- web readers: folders become tags
exit_is "import an Inoreader file" 0 "$TIDENDE" -c "$T/ino.conf" import-opml "$F/inoreader.opml"
is "folders become tags, a feed in two folders gets both" "$(feeds "$T/ino.conf")" \
'feed https://www.nesta.org.uk/feed/ "Nesta" Innovation Norsk
feed https://oecd-opsi.org/feed/ "OECD OPSI" Innovation
feed https://www.digi.no/rss "Digi.no" Norsk
feed https://www.mysociety.org/feed/ "mySociety" "Civic tech" "Open data"'
exit_is "import a Feedly file" 0 "$TIDENDE" -c "$T/feedly.conf" import-opml "$F/feedly.opml"
is "feeds outside folders have no tags; quotes kept" "$(feeds "$T/feedly.conf")" \
'feed https://www.forskning.no/rss "forskning.no" Research
feed https://cordis.europa.eu/news/rss "CORDIS \"news\"" Research
feed https://www.pioneerspost.com/rss.xml "Pioneers Post"'
exit_is "import a Miniflux file" 0 "$TIDENDE" -c "$T/mf.conf" import-opml "$F/miniflux.opml"
is "category= becomes tags too" "$(feeds "$T/mf.conf")" \
'feed https://kommunal-rapport.no/rss "Kommunal Rapport" All
feed https://gds.blog.gov.uk/feed/ "GDS blog" "Public sector" uk government digital'

# --- an existing config is appended to, and keeps its settings
printf 'set sidebar no\nfeed https://www.digi.no/rss "Mine" own' >"$T/mine.conf"
exit_is "import into an existing config" 0 "$TIDENDE" -c "$T/mine.conf" import-opml "$F/inoreader.opml"
like "the known feed is skipped" "$(cat "$T/.out")" "^3 feeds added to $T/mine.conf, 1 already there"
is "the old lines stay first" "$(head -2 "$T/mine.conf")" 'set sidebar no
feed https://www.digi.no/rss "Mine" own'
exit_is "it still parses" 0 "$TIDENDE" -c "$T/mine.conf" config --check

# --- round trips: export, import the export, compare
for src in ino mf nb; do
	"$TIDENDE" -c "$T/$src.conf" export-opml >"$T/$src.opml" 2>"$T/$src.err"
	"$TIDENDE" -c "$T/$src-2.conf" import-opml "$T/$src.opml" >/dev/null 2>&1
	is "round trip of $src loses nothing" "$(feeds "$T/$src-2.conf")" "$(feeds "$T/$src.conf")"
done
out=$("$TIDENDE" -c "$T/ino.conf" export-opml)
like "export is OPML 2.0" "$out" '<opml version="2.0"'
like "export puts the first tag as a folder" "$(printf '%s' "$out" | tr -d '\n')" \
    '<outline text="Innovation" title="Innovation"> *<outline type="rss" text="Nesta" title="Nesta" xmlUrl="https://www.nesta.org.uk/feed/" category="Innovation,Norsk"/>'
command -v xmllint >/dev/null 2>&1 && { printf '%s' "$out" | xmllint --noout - ; ok "export is well-formed XML" test $? = 0; } || skip "export is well-formed XML" "no xmllint"

# The built-in feeds with lang= go round too.
"$TIDENDE" config --default >"$T/default.conf"
"$TIDENDE" -c "$T/default.conf" export-opml >"$T/default.opml"
"$TIDENDE" -c "$T/default-2.conf" import-opml "$T/default.opml" >/dev/null 2>&1
is "round trip of the default feeds" "$(feeds "$T/default-2.conf")" "$(feeds "$T/default.conf")"

# Feeds that are not http(s) stay out of OPML.
printf 'feed exec:/bin/true "Local"\nfeed https://a.example/ "A"\n' >"$T/exec.conf"
"$TIDENDE" -c "$T/exec.conf" export-opml >"$T/exec.opml" 2>"$T/exec.err"
unlike "exec: feeds are not exported" "$(cat "$T/exec.opml")" 'exec:'
like "and that is said" "$(cat "$T/exec.err")" '^tidende: export-opml: 1 feed left out: only http:// and https:// feeds go into OPML'

# --- hostile and broken files
exit_is "a hostile file imports only the safe feeds" 0 "$TIDENDE" -c "$T/h.conf" import-opml "$F/hostile.opml"
is "nine outlines refused, each named" "$(grep -c "refused: only http:// and https:// feeds are imported" "$T/.err")" 9
is "only the http feeds, control characters gone, quotes escaped" "$(feeds "$T/h.conf")" \
    'feed https://good.example/feed "C1 and bidi reversed"
feed https://good2.example/feed "Inject\" translate=\"rm -rf ~ set browser \"sh -c evil" "translate=rm -rf ~" "lang=xx" "#comment" "a\\b"'
is "no line but feed lines and comments was written" "$(grep -v '^feed \|^#\|^$' "$T/h.conf")" ""
"$TIDENDE" -c "$T/h.conf" export-opml >"$T/h.opml"
like "the injected words stayed a title and tags" "$(grep good2 "$T/h.opml")" \
    'title="Inject&quot; translate=&quot;rm -rf ~ set browser &quot;sh -c evil" xmlUrl="https://good2.example/feed" category="translate=rm -rf ~,lang=xx,#comment,a\\b"'
exit_is "entity declarations are refused" 65 "$TIDENDE" -c "$T/e.conf" import-opml "$F/entities.opml"
like "with a reason" "$(cat "$T/.err")" "^tidende: $F/entities.opml: the document declares entities"
exit_is "a broken file exits 65" 65 "$TIDENDE" -c "$T/b.conf" import-opml "$F/broken.opml"
like "with the line" "$(cat "$T/.err")" "^tidende: $F/broken.opml: not well-formed XML \(line 7: "
ok "nothing ran" test ! -e /tmp/tidende-pwned-pipe -a ! -e /tmp/tidende-pwned-exec -a ! -e /tmp/tidende-pwned-entity -a ! -e "$T/b.conf"
finish
