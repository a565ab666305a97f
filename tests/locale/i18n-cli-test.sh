#!/bin/sh
# The commands speak Bokmål and Nynorsk: the prose of the help in the
# reader's language with the usage lines, command names and option names
# as typed (scripts and the shell completions read them), help texts still
# within 80 columns, error reasons translated behind an unchanged
# `tidende: WHAT:` prefix and exit status, counts with the right plural in
# every language (English too: "1 error", not "1 errors"), and refresh's
# per-feed summary in words a Norwegian reads, against a local server.
# What machines read stays byte for byte the same under nb_NO.UTF-8:
# list --json, search --json, list's text lines, export-opml.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/locale/i18n-lib.sh"
start_server
plan 49

# ------------------------------------------------------------------ help
en_help=$(en "$TIDENDE" --help)
for l in nb nn; do
	help=$($l "$TIDENDE" --help)
	is "$l: --help exits 0" "$?" 0
	is "$l: the usage line is unchanged" "$(printf '%s\n' "$help" |
	    grep '^usage:')" "$(printf '%s\n' "$en_help" | grep '^usage:')"
	# the completions' reading: names between "commands:" and the blank line
	is "$l: the command names are unchanged" "$(printf '%s\n' "$help" |
	    sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p')" \
	    "$(printf '%s\n' "$en_help" |
	    sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p')"
	is "$l: every option name is unchanged" \
	    "$(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u)" \
	    "$(printf '%s\n' "$en_help" | grep -o -- '--[a-z][a-z-]*' | sort -u)"
	# the longest line of every help text, in columns
	wide=0
	for c in "" show add discover check; do
		w=$($l "$TIDENDE" $c --help | wc -L)
		[ "$w" -gt "$wide" ] && wide=$w
	done
	ok "$l: every help text fits 80 columns (widest: $wide)" \
	    test "$wide" -le 80
done
like "nb: the prose is Bokmål" "$(nb "$TIDENDE" --help)" \
    '^  -h, --help          denne hjelpen$'
like "nb: a description that wraps stays under its command" \
    "$(nb "$TIDENDE" --help)" '^  check               kontroller mellomlageret: '
like "nn: the prose is Nynorsk" "$(nn "$TIDENDE" --help)" \
    '^  -h, --help          denne hjelpa$'
like "nn: the exit statuses explained in Nynorsk" "$(nn "$TIDENDE" --help)" \
    '^avslutningsstatus: 0 vellukka, 64 bruksfeil'
out=$(nb "$TIDENDE" show --help)
is "nb: show --help starts with the usage line as typed" \
    "$(printf '%s\n' "$out" | head -1)" \
    "usage: tidende show [--width N] [--translated] [--full] ID"
like "nb: show --help explains in Bokmål, option names kept" "$out" \
    '^  -f, --full        hele artikkelen fra nettsiden'
like "nn: add --help explains in Nynorsk" "$(nn "$TIDENDE" add --help)" \
    '^Abonner på kjelda på URL'
like "C.UTF-8: the help stays English" "$en_help" \
    '^  -h, --help          this usage$'

# ---------------------------------------------------------------- errors
printf 'feed %s/gen/en?items=1 "Feed one"\n' "$BASE" > "$T/config"
for l in en nb nn; do
	$l "$TIDENDE" -c "$T/config" -d "$T/err.db" refresh --feed \
	    http://nowhere.invalid/rss >/dev/null 2>"$T/$l.err"
	eval "rc_$l=\$?"
done
is "nb: the exit status of an error is English's (69)" "$rc_nb" "$rc_en"
is "nn: the exit status too" "$rc_nn" 69
is "C.UTF-8: the reason in English" "$(cat "$T/en.err")" \
    "tidende: http://nowhere.invalid/rss: not a configured feed"
is "nb: the reason in Bokmål behind the same prefix" "$(cat "$T/nb.err")" \
    "tidende: http://nowhere.invalid/rss: ikke en kilde i oppsettet"
is "nn: the reason in Nynorsk behind the same prefix" "$(cat "$T/nn.err")" \
    "tidende: http://nowhere.invalid/rss: ikkje ei kjelde i oppsettet"
err=$(nb "$TIDENDE" frobnicate 2>&1)
is "nb: an unknown command: prefix kept, reason and hint translated" "$err" \
    "tidende: frobnicate: ukjent kommando (prøv 'tidende --help')"

# ----------------------------------------------- refresh and its plurals
# one feed with one article, one with two, one that fails
printf '%s\n' "feed $BASE/gen/one?items=1 \"Feed one\"" \
    "feed $BASE/gen/two?items=2 \"Feed two\"" \
    "feed $BASE/status/404 \"Gone\"" > "$T/three"
# one new article in all, one error
printf '%s\n' "feed $BASE/gen/solo?items=1 \"Solo\"" \
    "feed $BASE/status/404 \"Gone\"" > "$T/two"
for l in en nb nn; do
	eval "out_$l=\$($l \"\$TIDENDE\" -c \"\$T/three\" -d \"\$T/$l.db\" refresh 2>/dev/null)"
	eval "rc3_$l=\$?"
	eval "again_$l=\$($l \"\$TIDENDE\" -c \"\$T/three\" -d \"\$T/$l.db\" refresh 2>/dev/null)"
	eval "one_$l=\$($l \"\$TIDENDE\" -c \"\$T/two\" -d \"\$T/$l-two.db\" refresh 2>/dev/null)"
done
is "nb: refresh exits 0 as in English" "$rc3_nb" "$rc3_en"
like "C.UTF-8: 1 new (singular)" "$out_en" '^Feed one: 1 new, 0 updated, 0 unchanged$'
like "C.UTF-8: the total says \"1 error\", not \"1 errors\"" "$out_en" \
    '^3 feeds: 3 new articles, 1 error$'
like "C.UTF-8: \"1 new article\", not \"1 new articles\"" "$one_en" \
    '^2 feeds: 1 new article, 1 error$'
like "nb: \"1 ny\" for one" "$out_nb" '^Feed one: 1 ny, 0 oppdaterte, 0 uendrede$'
like "nb: \"2 nye\" for two" "$out_nb" '^Feed two: 2 nye, 0 oppdaterte, 0 uendrede$'
like "nb: a failed feed's line" "$out_nb" '^Gone: feil: '
like "nb: the total, plurals right" "$out_nb" '^3 kilder: 3 nye artikler, 1 feil$'
like "nb: one new article in all" "$one_nb" '^2 kilder: 1 ny artikkel, 1 feil$'
like "nb: the second time, not modified" "$again_nb" '^Feed two: ikke endret$'
like "nn: \"1 ny\" for one" "$out_nn" '^Feed one: 1 ny, 0 oppdaterte, 0 uendra$'
like "nn: \"2 nye\" for two" "$out_nn" '^Feed two: 2 nye, 0 oppdaterte, 0 uendra$'
like "nn: the total, plurals right" "$out_nn" '^3 kjelder: 3 nye artiklar, 1 feil$'
like "nn: one new article in all" "$one_nn" '^2 kjelder: 1 ny artikkel, 1 feil$'
like "nn: the second time, not modified" "$again_nn" '^Feed two: ikkje endra$'

# ------------------------------------- output for machines, locale-proof
# the same cache read under C.UTF-8 and under nb_NO.UTF-8
DB="$T/en.db"
same() {
	_name=$1; shift
	en "$TIDENDE" -c "$T/three" -d "$DB" "$@" >"$T/c.out" 2>&1
	nb "$TIDENDE" -c "$T/three" -d "$DB" "$@" >"$T/nb.out" 2>&1
	if cmp -s "$T/c.out" "$T/nb.out"; then pass "$_name"; else
		fail "$_name" "$(diff "$T/c.out" "$T/nb.out")"; fi
}
same "list --json: byte-identical under nb_NO" list --json
same "search --json: byte-identical under nb_NO" search --json item
same "list text lines: byte-identical under nb_NO" list
same "list --format tsv: byte-identical under nb_NO" list --format tsv
same "list --count: byte-identical under nb_NO" list --count
like "list --count counts the three articles" \
    "$(cat "$T/nb.out")" '^3$'
like "list --json carries RFC 3339 dates" \
    "$(nb "$TIDENDE" -c "$T/three" -d "$DB" list --json)" \
    '"published": "2023-11-14T22:13:01Z"'
like "list's text lines carry ISO dates" \
    "$(nb "$TIDENDE" -c "$T/three" -d "$DB" list)" \
    '^[0-9]+  2023-11-14  Feed two  Item 1 of feed two$'
# dateCreated is the time of the run: the rest must match byte for byte
en "$TIDENDE" -c "$T/three" export-opml >"$T/c.opml"
nb "$TIDENDE" -c "$T/three" export-opml >"$T/nb.opml"
like "export-opml under nb_NO: dateCreated in RFC 822 English" \
    "$(grep dateCreated "$T/nb.opml")" \
    '<dateCreated>(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9:]{8} GMT</dateCreated>'
sed 's:<dateCreated>.*</dateCreated>:<dateCreated/>:' "$T/c.opml" > "$T/c.n"
sed 's:<dateCreated>.*</dateCreated>:<dateCreated/>:' "$T/nb.opml" > "$T/nb.n"
ok "export-opml: byte-identical under nb_NO but for the clock" \
    cmp "$T/c.n" "$T/nb.n"
finish
