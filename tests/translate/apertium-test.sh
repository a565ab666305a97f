#!/bin/sh
# A real translator as the translate command: Debian's apertium with
# apertium-nno-nob turns the Bokmål fixture into Nynorsk.  Skipped
# (visibly) when apertium or the language pair is not installed.
. "$TOP_SRCDIR/tests/lib.sh"
MKCACHE="$TOP_BUILDDIR/tests/translate/mkcache"
command -v apertium >/dev/null 2>&1 || plan_skip "apertium not installed"
apertium -l 2>/dev/null | grep -q '^ *nob-nno$' ||
    plan_skip "apertium-nno-nob not installed"
[ -x "$MKCACHE" ] || plan_skip "mkcache not built"
plan 5

DB="$T/cache.db"
FEED="file:///srv/nb.xml"
ID=$("$MKCACHE" "$DB" "$FEED" nb1 "Regjeringen vil ikke endre skatten" \
    "$TOP_SRCDIR/tests/fixtures/translate/bokmal.html" nb)
printf 'feed %s\nset translate-command "apertium nob-nno"\n' "$FEED" \
    > "$T/config"
out=$("$TIDENDE" -c "$T/config" -d "$DB" translate "$ID")
is "apertium nob-nno exits 0" "$?" 0
like "the title is Nynorsk (Regjeringa, ikkje)" "$out" \
    "^Regjeringa vil ikkje endra skatten\$"
like "the body is Nynorsk (Ho meiner)" "$out" "Ho meiner at"
unlike "no Bokmål 'ikke' is left" "$out" "[Ii]kke "
out=$("$TIDENDE" -c "$T/config" -d "$DB" show --translated "$ID")
like "show --translated marks it" "$out" \
    "^\\[translated by apertium nob-nno\\]\$"
finish
