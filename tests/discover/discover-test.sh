#!/bin/sh
# `tidende discover` against site front pages from tests/httpd.py
# (fixtures in tests/fixtures/discover): alternate links of every kind
# (RSS, Atom, JSON Feed; absolute, relative, <base href>; rel lists and
# case; duplicates; hostile titles), a WordPress-like page whose feed only
# answers at /feed/, a page with none (65), an unreachable page (69), an
# address that is a feed itself, and a huge page read only in part.
. "$TOP_SRCDIR/tests/lib.sh"
start_server
plan 30

S=$BASE/site
TAB=$(printf '\t')

exit_is "--help: exit 0" 0 "$TIDENDE" discover --help
like "--help: usage on stdout" "$(head -1 "$T/.out")" '^usage: tidende discover'
exit_is "no URL: usage, 64" 64 "$TIDENDE" discover
exit_is "another scheme: 64" 64 "$TIDENDE" discover ftp://example.org/
like "it says why" "$(cat "$T/.err")" '^tidende: ftp://example.org/: not a web address'

exit_is "a page with alternate links: exit 0" 0 "$TIDENDE" discover "$S/links/"
# (raw control bytes in an attribute are a parse error libxml2 recovers
# from in its own way: that link may or may not come out, but nothing
# of its control bytes does.)
is "each advertised feed once, in page order, resolved, titles cleaned" \
    "$(head -n 4 "$T/.out")" \
"$S/links/rss.xml${TAB}application/rss+xml${TAB}Nyheter & saker
$S/links/atom.xml${TAB}application/atom+xml${TAB}Atom feed
$S/links/feed.json${TAB}application/feed+json${TAB}JSON Feed
$S/links/hostile.xml${TAB}application/rss+xml${TAB}Hostile"
ok "no control character in the output (tabs only as separators)" \
    python3 -c "
import sys
t = open('$T/.out', encoding='utf-8').read()
sys.exit(any((ord(c) < 32 and c not in '\\t\\n') or 127 <= ord(c) < 160 for c in t))
"
ok "three fields on every line" \
    sh -c "awk -F '\t' 'NF != 3 { bad = 1 } END { exit bad }' '$T/.out'"
unlike "a JSON link that is no feed is left out" "$(cat "$T/.out")" 'wp-json'
unlike "javascript: and rel=alternates are left out" "$(cat "$T/.out")" 'javascript|not-alternate'

exit_is "a probed feed with a hostile title" 0 "$TIDENDE" discover "$S/hostile/"
is "its title cleaned to one line" "$(cat "$T/.out")" \
    "$S/hostile/rss${TAB}rss-2.0${TAB}Evil title [31mred[0m & more"

exit_is "--json: exit 0" 0 "$TIDENDE" discover --json "$S/links/"
ok "--json: an array of url, format, title" python3 -c "
import json, sys
a = json.load(open('$T/.out'))
assert [f['format'] for f in a][:4] == ['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/rss+xml'], a
assert all(set(f) == {'url', 'format', 'title'} for f in a)
assert a[1]['title'] == 'Atom feed' and a[2]['title'] == 'JSON Feed'
"

exit_is "<base href>: exit 0" 0 "$TIDENDE" discover "$S/base/"
is "relative hrefs resolve against the first <base href>" "$(cat "$T/.out")" \
    "$S/other/feed.xml${TAB}application/atom+xml${TAB}Other"

exit_is "no links, WordPress-like /feed/: exit 0" 0 "$TIDENDE" discover "$S/wp/"
is "the feed found at /feed/, with its format and title" "$(cat "$T/.out")" \
    "$S/wp/feed/${TAB}rss-2.0${TAB}WordPress-like site"

exit_is "a JSON alternate that is no feed: the usual paths" 0 \
    "$TIDENDE" discover "$S/jsononly/"
is "rss.xml answers there" "$(cat "$T/.out")" \
    "$S/jsononly/rss.xml${TAB}rss-2.0${TAB}Test Feed"

exit_is "a page with no feed: 65" 65 "$TIDENDE" discover "$S/none/"
like "it says so" "$(cat "$T/.err")" "^tidende: $S/none/: no feed found"
exit_is "--json with none: 65" 65 "$TIDENDE" discover --json "$S/none/"
is "and an empty array" "$(cat "$T/.out")" "[]"

exit_is "an unreachable page: 69" 69 "$TIDENDE" discover "http://127.0.0.1:1/"
exit_is "a page that answers 404: 69" 69 "$TIDENDE" discover "$BASE/status/404"

exit_is "the address is a feed: itself" 0 "$TIDENDE" discover "$BASE/feed/atom.xml"
is "with its format and title" "$(cat "$T/.out")" \
    "$BASE/feed/atom.xml${TAB}atom-1.0${TAB}Atom Test"

# The link comes after 12 MB of head: only the first MB is read, so
# the page advertises nothing (65) instead of the link being found or
# the transfer running into max-size (69).
exit_is "a huge page is read only in part" 65 "$TIDENDE" discover "$BASE/bigpage/12"
finish
