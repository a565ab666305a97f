#!/bin/sh
# The greader backend against the test server behaving as FreshRSS
# (API at /api/greader.php, its own bad-token header, the last a= only,
# ids as continuations) and as Miniflux (API at the root, user/1/...
# labels, offsets as continuations, ot against the published date, a
# JSON refusal): the first sync, a read and a star from A reaching the
# server and B, a stale token mid-sync, a sync with nothing new, and a
# wrong password exiting 77.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/greader-lib.sh"

plan 24
printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"
printf 'nope\n' >"$T/pw-wrong"
chmod 600 "$T/pw-wrong"

for flavor in freshrss miniflux; do
	if [ "$flavor" = miniflux ]; then
		gr_start "gr-$flavor" --flavor miniflux --base "" --user dan \
		    --password pw --page-max 2
		GR_URL="http://127.0.0.1:$GR_PORT/"
	else
		gr_start "gr-$flavor" --flavor freshrss --user dan --password pw \
		    --page-max 2
	fi
	gr_conf "$T/a-$flavor" dan "$T/pw"
	gr_conf "$T/w-$flavor" dan "$T/pw-wrong"
	f=$(gr_admin feed '{"url": "http://feeds.invalid/f.xml", "title": "F", "label": "News"}' | gr_json 'r["id"]')
	for i in 1 2 3 4 5; do gr_item "$f" "Item $i" >/dev/null; done
	a() { "$TIDENDE" -c "$T/a-$flavor" -d "$T/a-$flavor.db" "$@"; }
	b() { "$TIDENDE" -c "$T/a-$flavor" -d "$T/b-$flavor.db" "$@"; }
	idof() { "$TIDENDE" -c "$T/a-$flavor" -d "$1" list --json | gr_json "[a['id'] for a in r if a['title'] == '$2'][0]"; }
	state() { "$TIDENDE" -c "$T/a-$flavor" -d "$1" list --json | gr_json "[(a['read'], a['starred']) for a in r if a['title'] == '$2'][0]"; }

	exit_is "$flavor: A's first sync exits 0" 0 a sync
	is "$flavor: every article, the label as a tag" \
	    "$(a list --tag News --json | gr_json 'len(r)')" 5
	exit_is "$flavor: B's first sync exits 0" 0 b sync
	a mark --read "$(idof "$T/a-$flavor.db" 'Item 2')"
	a mark --star "$(idof "$T/a-$flavor.db" 'Item 3')"
	gr_admin expire-token '{"after": 1}' >/dev/null
	exit_is "$flavor: A sends a read and a star (the token goes stale between)" 0 a sync
	is "$flavor: the server has both" \
	    "$(gr_admin state | gr_json 'sorted((i["title"], i["read"], i["starred"]) for i in r["items"] if i["read"] or i["starred"])')" \
	    "[('Item 2', True, False), ('Item 3', False, True)]"
	exit_is "$flavor: B syncs" 0 b sync
	is "$flavor: B shows both" \
	    "$(state "$T/b-$flavor.db" 'Item 2') $(state "$T/b-$flavor.db" 'Item 3')" \
	    "(True, False) (False, True)"
	gr_admin mark "{\"id\": \"$(gr_admin state | gr_json '[i["id"] for i in r["items"] if i["title"] == "Item 3"][0]')\", \"starred\": false}" >/dev/null
	n0=$(gr_log 'len(rows)')
	exit_is "$flavor: B syncs after another client unstarred it" 0 b sync
	is "$flavor: B shows it unstarred" "$(state "$T/b-$flavor.db" 'Item 3')" "(False, False)"
	is "$flavor: and fetched no article for it" \
	    "$(gr_log "sum(1 for x in rows[$n0:] if 'contents' in x['path'])")" 0
	exit_is "$flavor: a wrong password: exit 77" 77 \
	    "$TIDENDE" -c "$T/w-$flavor" -d "$T/w-$flavor.db" sync
	like "$flavor: saying FreshRSS wants its API password" "$(cat "$T/.err")" \
	    'refused the login of dan: .*FreshRSS: use the API password'
	kill "$_py_pid"
done
finish
