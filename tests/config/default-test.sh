#!/bin/sh
# `tidende config --default` prints the built-in config, and it parses back.
. "$TOP_SRCDIR/tests/lib.sh"
plan 12

out=$("$TIDENDE" config --default)
exit_is "config --default exits 0" 0 "$TIDENDE" config --default
like "it starts with a comment" "$(printf '%s\n' "$out" | head -1)" '^# '
like "it has the InnoMag feed with its tags" "$out" \
    '^feed https://www.innomag.no/feed/ "InnoMag – Innovasjonsmagasinet" norsk innovation social-entrepreneurship public-sector lang=nb$'
is "it has the twelve default feeds" "$(printf '%s\n' "$out" | grep -c '^feed ')" 12
is "it has the six extra feeds commented out" "$(printf '%s\n' "$out" | grep -c '^#feed ')" 6
like "it has every bind" "$out" '^bind C-l redraw$'
like "it has options with help" "$out" '# max-connections: parallel transfers'
cmp -s "$TOP_SRCDIR/docs/tidenderc" - <<EOT
$out
EOT
ok "it is docs/tidenderc" cmp -s "$TOP_SRCDIR/docs/tidenderc" "$T/.out"

printf '%s\n' "$out" >"$T/copy"
exit_is "the copy parses back" 0 "$TIDENDE" -c "$T/copy" config --check
like "--check counts its 12 feeds" "$(cat "$T/.out")" "^$T/copy: ok, 12 feeds"

exit_is "no config: the defaults" 0 "$TIDENDE" config --check
like "no config: the built-in feeds" "$(cat "$T/.out")" '^built-in config: ok, 12 feeds \(the default list\)'
finish
