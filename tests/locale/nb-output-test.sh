#!/bin/sh
# Output meant for machines or written in English stays the same under a
# Norwegian locale: the OPML dateCreated is RFC 822 with English names,
# and numbers in the article text use '.' as the decimal point.  The
# nb_NO.UTF-8 locale is built into the scratch directory with localedef.
. "$TOP_SRCDIR/tests/lib.sh"
MKCACHE="$TOP_BUILDDIR/tests/translate/mkcache"
[ -x "$MKCACHE" ] || plan_skip "mkcache not built"
command -v localedef >/dev/null 2>&1 || plan_skip "localedef not installed"
[ -f /usr/share/i18n/locales/nb_NO ] ||
    plan_skip "no nb_NO locale source in /usr/share/i18n/locales"
mkdir -p "$T/loc"
localedef -i nb_NO -f UTF-8 "$T/loc/nb_NO.UTF-8" >"$T/localedef.out" 2>&1
[ -d "$T/loc/nb_NO.UTF-8" ] ||
    plan_skip "localedef could not build nb_NO.UTF-8: $(head -1 "$T/localedef.out")"
# the locale really is Norwegian: otherwise the test proves nothing
month=$(LOCPATH="$T/loc" LC_ALL=nb_NO.UTF-8 date -d 2025-12-02 +%b 2>/dev/null)
case $month in des*) ;; *) plan_skip "the built nb_NO.UTF-8 locale is not in use (got '$month')" ;; esac
plan 5

# glibc's setlocale keeps the LOCPATH directory list it splits for the
# life of the process; LeakSanitizer would report it at exit
echo 'leak:__argz_add_sep' > "$T/lsan.supp"
nb() { TZ=UTC LOCPATH="$T/loc" LC_ALL=nb_NO.UTF-8 LANG=nb_NO.UTF-8 \
    LSAN_OPTIONS="suppressions=$T/lsan.supp:print_suppressions=0" "$@"; }

printf 'feed https://example.no/rss "Eksempel"\n' > "$T/config"
out=$(nb "$TIDENDE" -c "$T/config" export-opml)
is "export-opml exits 0" "$?" 0
date=$(printf '%s\n' "$out" | sed -n 's:.*<dateCreated>\(.*\)</dateCreated>.*:\1:p')
like "export-opml: dateCreated is RFC 822 in English" "$date" \
    '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9:]{8} (GMT|\+0000)$'

DB="$T/cache.db"
FEED="file:///srv/article.xml"
printf 'feed %s\n' "$FEED" > "$T/config"
set -- $("$MKCACHE" "$DB" "$FEED" --feed "$TOP_SRCDIR/tests/fixtures/html/article.xml")
out=$(nb "$TIDENDE" -c "$T/config" -d "$DB" show --width 80 "$1")
is "show exits 0" "$?" 0
like "show: the enclosure size has a decimal point" "$out" \
    '^\[3\] https://blogg\.example\.no/podcast/ep1\.mp3 \(audio/mpeg, 23\.0 MB\)$'
like "show: the date stays ISO" "$out" '^Date:   2023-11-14 22:13$'
finish
