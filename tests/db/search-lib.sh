# Shared by the search-index tests (cjk-search-test.sh,
# fullwidth-search-test.sh); source after tests/lib.sh.

# search_cache FEED_FILE: a cache in $DB with FEED_FILE's articles.
search_cache() {
	DB="$T/cache.db"
	printf 'feed file://%s\n' "$1" >"$T/config"
	"$TIDENDE" -c "$T/config" -d "$DB" refresh >/dev/null \
	    2>"$T/refresh.err" ||
	    { echo "Bail out! refresh: $(cat "$T/refresh.err")"; exit 1; }
}

# ids QUERY...: the guids (link tails) of the articles found, sorted.
ids() {
	"$TIDENDE" -d "$DB" search --json "$@" >"$T/out.json" 2>"$T/err" ||
	    { cat "$T/err"; return; }
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
print(" ".join(sorted(a["link"].rsplit("/", 1)[1] for a in r)))' "$T/out.json"
}

# unicode61 CACHE: its index rebuilt by plain unicode61, which folds and
# cuts nothing (python3 stands in for tidende: it has no tokenizer
# "tidende", so the table's statement is rewritten, and tidende_text() is
# given as the fixtures' bodies are plain text); then SQL, if any, runs.
unicode61() {
	python3 - "$@" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA writable_schema = ON")
c.execute("UPDATE sqlite_master SET sql = replace(sql, "
          "'tidende unicode61', 'unicode61') WHERE name = 'items_fts'")
c.close()
c = sqlite3.connect(sys.argv[1], isolation_level=None)
def text(*a):
    return next((x for x in reversed(a) if x is not None), None)
c.create_function("tidende_text", 2, lambda a, b: text(b, a))
c.create_function("tidende_text", 3, lambda a, b, h: text(b, a, h))
c.execute("INSERT INTO items_fts (items_fts) VALUES ('rebuild')")
if len(sys.argv) > 2:
    exec(sys.argv[2])
PY
}
