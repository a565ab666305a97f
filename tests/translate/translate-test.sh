#!/bin/sh
# `tidende translate` and `show --translated` with small scripts as the
# translate command: argv and environment, the cache (and its
# invalidation), failures, timeouts, hostile output, per-feed commands.
. "$TOP_SRCDIR/tests/lib.sh"
MKCACHE="$TOP_BUILDDIR/tests/translate/mkcache"
[ -x "$MKCACHE" ] || plan_skip "mkcache not built"
plan 39

FIX="$TOP_SRCDIR/tests/fixtures/translate"
DB="$T/cache.db"
FEED="file:///srv/test-feed.xml"
CFG="$T/config"
TITLE="Regjeringen vil ikke endre skatten"
ID=$("$MKCACHE" "$DB" "$FEED" a1 "$TITLE" "$FIX/bokmal.html" nb)
is "the fixture article is in the cache" "$ID" 1

conf() {
	printf 'feed %s\n' "$FEED" > "$CFG"
	for l in "$@"; do printf '%s\n' "$l" >> "$CFG"; done
}
tr_run() { "$TIDENDE" -c "$CFG" -d "$DB" translate "$@"; }

# ------------------------------------------------------------ no command
conf
exit_is "no command configured: exit 1" 1 tr_run "$ID"
like "no command: says how to set one" "$(cat "$T/.err")" \
    "^tidende: translate: no translate command: .*set translate-command \"trans -brief :en\" \\(translate-shell\\).*apertium"
is "no command: one line" "$(wc -l < "$T/.err" | tr -d ' ')" 1

# ------------------------------------------------------------ show
conf
out=$("$TIDENDE" -c "$CFG" -d "$DB" show --width 60 "$ID")
like "show: title line" "$out" "^Title:  $TITLE\$"
like "show: feed line" "$out" "^Feed:   Test feed\$"
like "show: body" "$out" "^Regjeringen vil ikke endre skatten for neste .r\\."
wide=$(printf '%s\n' "$out" | while IFS= read -r l; do
	[ "$(printf '%s' "$l" | wc -m)" -gt 60 ] && echo "$l"; done)
is "show --width 60: no line wider" "$wide" ""
exit_is "show --translated without a translation: exit 1" 1 \
    "$TIDENDE" -c "$CFG" -d "$DB" show --translated "$ID"
like "show --translated: says to translate first" "$(cat "$T/.err")" \
    "tidende translate $ID"
exit_is "show of a missing article: exit 1" 1 "$TIDENDE" -c "$CFG" -d "$DB" show 999
exit_is "show of a bad id: exit 64" 64 "$TIDENDE" -c "$CFG" -d "$DB" show x1

# ------------------------------------------------------------ translate
conf "set translate-command \"sh $FIX/record.sh $T/rec --to en\""
out=$(tr_run "$ID")
is "translate exits 0" "$?" 0
like "translate prints the translation" "$out" "^REGJERINGEN VIL IKKE ENDRE SKATTEN\$"
like "the body is translated too" "$out" "^HUN MENER AT"
rec=$(cat "$T/rec")
like "argv words as configured" "$rec" "^argc=2
arg=--to
arg=en"
like "TIDENDE_SOURCE_LANG from the feed" "$rec" "^lang=nb\$"
like "TIDENDE_TITLE" "$rec" "^title=$TITLE\$"
like "TIDENDE_URL" "$rec" "^url=https://example.com/a1\$"
is "stdin: title, blank line, body" "$(sed -n '/^--- stdin/,$p' "$T/rec" | sed -n 2,4p)" \
"$TITLE

Regjeringen vil ikke endre skatten for neste år. Finansministeren sier at det ikke er behov for nye tiltak nå."

rm -f "$T/rec"
t0=$(date +%s)
out2=$(tr_run "$ID")
is "the second run gives the same text" "$out2" "$out"
ok "the second run comes from the cache" test ! -e "$T/rec"
out=$("$TIDENDE" -c "$CFG" -d "$DB" show --translated "$ID")
like "show --translated says by what" "$out" "^\\[translated by sh $FIX/record.sh $T/rec --to en\\]\$"
like "show --translated shows the translation" "$out" "^HUN MENER AT"

# a changed article loses its translation
printf '<p>Ny tekst.</p>\n' > "$T/new.html"
"$MKCACHE" "$DB" "$FEED" a1 "$TITLE" "$T/new.html" nb >/dev/null
exit_is "a changed article has no cached translation" 1 \
    "$TIDENDE" -c "$CFG" -d "$DB" show --translated "$ID"

# ------------------------------------------------------------ failures
conf "set translate-command \"sh $FIX/fail.sh\""
exit_is "a failing command: exit 1" 1 tr_run "$ID"
is "a failing command: the first line of its stderr" "$(cat "$T/.err")" \
    "tidende: translate: sh: fail.sh: no language pair nb-xx available"

conf "set translate-command \"sh $FIX/empty.sh\""
exit_is "empty output is an error" 1 tr_run "$ID"
like "empty output: says so" "$(cat "$T/.err")" "no output: empty.sh: nothing to say"

conf "set translate-command \"tidende-no-such-translator -x\""
exit_is "a missing command: exit 1" 1 tr_run "$ID"
is "a missing command: says so" "$(cat "$T/.err")" \
    "tidende: translate: tidende-no-such-translator: command not found"

conf "set translate-command \"sh $FIX/slow.sh $T/slow-marker\"" \
    "set translate-timeout 1"
# (slow.sh sleeps an hour: only the timeout ends it)
exit_is "a slow command times out: exit 1" 1 tr_run "$ID"
like "the timeout is reported" "$(cat "$T/.err")" "sh: timed out after 1 s"
ok "the slow command was killed" sh -c "! pgrep -f '$T/[s]low-marker' >/dev/null"

conf "set translate-command \"sh $FIX/hostile.sh\""
"$TIDENDE" -c "$CFG" -d "$DB" translate "$ID" > "$T/hostile.out" 2>&1
is "hostile output: no escape or C1 bytes" \
    "$(LC_ALL=C grep -c "$(printf '[\033\007\233]')" "$T/hostile.out")" 0
like "hostile output: text kept" "$(cat "$T/hostile.out")" "^Safe red text\$"
like "hostile output: invalid UTF-8 repaired" "$(cat "$T/hostile.out")" \
    "^$(printf 'bad \357\277\275\357\277\275 bytes caf\357\277\275')\$"

# a feed's own translate= wins over translate-command
printf 'feed %s translate="sh %s %s"\nset translate-command "sh %s"\n' \
    "$FEED" "$FIX/record.sh" "$T/rec2" "$FIX/fail.sh" > "$CFG"
out=$(tr_run "$ID")
like "the feed's translate= is used" "$out" "^NY TEKST\\.\$"
ok "the feed's command ran" test -s "$T/rec2"

finish
