#!/bin/sh
# `list --format tsv` and `search --format tsv`: one article a line, the
# JSON keys' values in their order, tab-separated, with tab, newline,
# carriage return and backslash escaped as \t \n \r \\ and no control
# characters; `--format json` is `--json`, `--format text` the default.
. "$TOP_SRCDIR/tests/lib.sh"
plan 13

GEN="$TOP_BUILDDIR/tests/db/db-gen"
DB="$T/cache.db"
export TZ=UTC
L() { "$TIDENDE" -d "$DB" "$@"; }

"$GEN" build "$DB" 3 4 10 >/dev/null || fail "generator"
"$GEN" state "$DB" 12 read
"$GEN" state "$DB" 5 star
tsv=$(L list --format tsv)
is "one line per article" "$(printf '%s\n' "$tsv" | wc -l | tr -d ' ')" 12
is "nine fields on every line" "$(printf '%s\n' "$tsv" | awk -F'\t' 'NF != 9' | wc -l | tr -d ' ')" 0
is "the order of the text output" "$(printf '%s\n' "$tsv" | cut -f1)" "$(L list | cut -d' ' -f1)"
is "read and starred are 0 or 1" \
    "$(printf '%s\n' "$tsv" | awk -F'\t' '$1 == 12 || $1 == 5 { print $1, $8, $9 }')" "12 1 0
5 0 1"
if command -v python3 >/dev/null 2>&1; then
	L list --json > "$T/json"
	res=$(printf '%s\n' "$tsv" | python3 -c '
import json, sys
keys = ["id", "published", "feed", "feed_url", "title", "link", "author", "read", "starred"]
def unesc(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\":
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[s[i + 1]]); i += 2
        else:
            out.append(s[i]); i += 1
    return "".join(out)
a = json.load(open(sys.argv[1]))
rows = [l.rstrip("\n").split("\t") for l in sys.stdin]
def val(o, k):
    v = o[k]
    if v is None: return ""
    if v is True: return "1"
    if v is False: return "0"
    return str(v)
bad = [(r, o) for r, o in zip(rows, a) if [unesc(f) for f in r] != [val(o, k) for k in keys]]
print("ok" if not bad and len(rows) == len(a) else bad[:2])' "$T/json")
	is "the fields are the JSON values, in the JSON keys' order" "$res" ok
else
	skip "the fields are the JSON values, in the JSON keys' order" "no python3"
fi
is "search --format tsv: the same lines as list for its matches" \
    "$(L search --format tsv --sort date 'feed' | cut -f1)" "$(L search --sort date 'feed' | cut -d' ' -f1)"
is "--format json is --json" "$(L list --format json)" "$(L list --json)"
is "--format=json for search too" "$(L search --format=json 1)" "$(L search --json 1)"
is "--format text is the default" "$(L list --format text)" "$(L list)"

# Fields with a tab, a newline, a carriage return, a backslash, an escape
# sequence and shell metacharacters; an untitled, undated article.
"$GEN" hostile "$T/h.db" || fail "hostile generator"
out=$("$TIDENDE" -d "$T/h.db" list --format tsv)
is "tab, newline, CR, backslash escaped; the escape sequence dropped" \
    "$(printf '%s\n' "$out" | sed -n 2p)" \
    "$(printf '2\t2015-03-06T00:00:00Z\tTab\\tFeed\thttp://127.0.0.1/tab\\tfeed\ta\\tb\\\\c\\nd\\re $(touch x) '"'q'"'\thttp://127.0.0.1/h1\tEve\\tX\t0\t0')"
is "absent date, title and author are empty fields" \
    "$(printf '%s\n' "$out" | sed -n 1p)" \
    "$(printf '1\t\tTab\\tFeed\thttp://127.0.0.1/tab\\tfeed\t\thttp://127.0.0.1/h2\t\t0\t0')"
is "no control character but the separators" \
    "$(printf '%s\n' "$out" | LC_ALL=C tr -d '\t\n' | LC_ALL=C tr -d '[:print:]\200-\377' | wc -c | tr -d ' ')" 0
exit_is "--format of something else is a usage error" 64 L list --format csv
finish
