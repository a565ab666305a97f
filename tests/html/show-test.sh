#!/bin/sh
# `tidende show`: an article from a feed file, as the article pane
# renders it: header, body elements, links and enclosures at the end,
# widths, hostile entities, usage errors.
. "$TOP_SRCDIR/tests/lib.sh"
MKCACHE="$TOP_BUILDDIR/tests/translate/mkcache"
[ -x "$MKCACHE" ] || plan_skip "mkcache not built"
plan 26

DB="$T/cache.db"
FEED="file:///srv/article.xml"
printf 'feed %s\n' "$FEED" > "$T/config"
set -- $("$MKCACHE" "$DB" "$FEED" --feed "$TOP_SRCDIR/tests/fixtures/html/article.xml")
A=$1 B=$2
show() { "$TIDENDE" -c "$T/config" -d "$DB" show "$@"; }

out=$(show --width 40 "$A")
is "show exits 0" "$?" 0
is "the header" "$(printf '%s\n' "$out" | sed -n 1,5p)" \
"Title:  Grønn hydrogen i Østfold & Viken
Feed:   Innovasjon Norge-bloggen
Author: Kari Nordmann
Date:   2023-11-14 22:13
Link:   https://blogg.example.no/2024/hydrogen"
is "then a blank line" "$(printf '%s\n' "$out" | sed -n 6p)" ""
like "a heading" "$out" "^Bakgrunn\$"
like "a link numbered in the text" "$out" "^Selskapet Fjordkraft\\[1\\] bygger et nytt\$"
like "wrapped at 40 with Norwegian letters" "$out" "^anlegg på Øra i Fredrikstad\\.\$"
like "a quote" "$out" "^> Dette er en viktig dag for regionen\\.\$"
like "a bullet list" "$out" "^\\* 200 arbeidsplasser\$"
like "a nested numbered list" "$out" "^  2\\. drift\$"
like "pre kept, tabs expanded" "$out" "^produksjon:     8 000 tonn\$"
like "an image as its alt text" "$out" "^\\[image: Kart over Øra\\] Les mer på\$"
like "a table as aligned text" "$out" "^2026  8000\$"
unlike "scripts are dropped" "$out" "alert"
like "CJK wrapped at its width" "$out" "^日本語のテキストも折り返します。これは長\$"
is "links and enclosures at the end" "$(printf '%s\n' "$out" | tail -6)" \
"Links:
[1] https://blogg.example.no/selskap
[2] https://www.regjeringen.no/

Enclosures:
[3] https://blogg.example.no/podcast/ep1.mp3 (audio/mpeg, 23.0 MB)"
wide=$(printf '%s\n' "$out" | grep -v '^\[[0-9]' | grep -v '^Link:' |
    grep -v '^produksjon' | grep -v '^kapasitet' |
    while IFS= read -r l; do
	w=$(printf '%s' "$l" | python3 -c 'import sys,unicodedata as u; s=sys.stdin.read(); print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in s))' || echo "python3 failed")
	case $w in *[!0-9]*|'') echo "$w: $l"; continue ;; esac
	[ "$w" -gt 40 ] && echo "$w: $l"; done)
is "no text line wider than 40 columns" "$wide" ""

out80=$(show --width 80 "$A")
like "at 80 columns the paragraph is one line" "$out80" \
    "^Selskapet Fjordkraft\\[1\\] bygger et nytt anlegg på Øra i Fredrikstad\\.\$"
is "not a terminal: 80 columns by default" "$(show "$A")" "$out80"

# escape sequences that entities decode to never reach the output
show "$B" > "$T/b.out"
is "hostile article: no ESC, BEL or C1 CSI bytes" \
    "$(LC_ALL=C grep -c "$(printf '[\033\007\233]')" "$T/b.out")" 0
like "hostile article: the text is kept" "$(cat "$T/b.out")" "tekst.*utklipp.*skjerm.*slutt"
like "hostile title cleaned" "$(cat "$T/b.out")" "^Title:  Farlig \\[31m tittel\$"

# on a terminal, the terminal's width
if command -v tmux >/dev/null 2>&1; then
	tmux_start 50 70 "'$TIDENDE' -c '$T/config' -d '$DB' show $A"
	if tmux_wait_for '^\[3\] https' 10; then
		like "on a 50-column terminal: wrapped at 50" "$(tmux_screen)" \
		    "^Selskapet Fjordkraft\\[1\\] bygger et nytt anlegg på\$"
	else
		fail "on a 50-column terminal: wrapped at 50" "$(tmux_screen)"
	fi
else
	skip "on a 50-column terminal: wrapped at 50" "tmux not installed"
fi

exit_is "show without an id: 64" 64 show
exit_is "show with a bad width: 64" 64 show --width x "$A"
exit_is "show of a missing article: 1" 1 show 4242
like "a missing article is named" "$(cat "$T/.err")" "^tidende: show: 4242: "
finish
