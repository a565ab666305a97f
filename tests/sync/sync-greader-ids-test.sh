#!/bin/sh
# The greader backend with each item id form the test server can write
# (long form in hex, long form with decimal digits, the short signed
# decimal, and all three mixed), with ids above 2^63 (negative in the
# short form) and a long form of 16 decimal digits (hex or decimal? the
# id asked for decides), over id lists paged by continuation (3 a page);
# then a token that goes stale between two writes of one sync (a new one
# once, the write again) and a session that ends in the middle of a sync
# (one login again, the call again).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/sync/greader-lib.sh"

plan 28
printf 'pw\n' >"$T/pw"
chmod 600 "$T/pw"

for form in long-hex long-dec short mixed; do
	gr_start "gr-$form" --user bob --password pw --id-form "$form" --page-max 3
	gr_conf "$T/conf-$form" bob "$T/pw"
	f=$(gr_admin feed '{"url": "http://feeds.invalid/f.xml", "title": "F"}' | gr_json 'r["id"]')
	for i in 1 2 3 4 5 6 7; do
		gr_item "$f" "Item $i" "\"read\": $([ $((i % 2)) = 0 ] && echo true || echo false), \"starred\": $([ $i = 3 ] && echo true || echo false)" >/dev/null
	done
	# 16 decimal digits: in the long form it would read as hex too
	gr_item "$f" "Item 8" '"id": "1234567890123456"' >/dev/null
	db="$T/$form.db"
	exit_is "$form: sync exits 0" 0 "$TIDENDE" -c "$T/conf-$form" -d "$db" sync
	is "$form: every article, read and starred as on the server" \
	    "$("$TIDENDE" -c "$T/conf-$form" -d "$db" list --json | gr_json 'sorted((a["title"], a["read"], a["starred"]) for a in r)')" \
	    "$(gr_admin state | gr_json 'sorted((i["title"], i["read"], i["starred"]) for i in r["items"])')"
	is "$form: the id lists were paged by continuation (3 pages, 2, 1)" \
	    "$(gr_log '[("c" in x["query"]) for x in rows if x["path"].endswith("/ids")]')" \
	    "[False, True, True, False, True, False]"
	# Items 3 and 6 have ids above 2^63: read them here, the server
	# must get the same (negative) ids.
	for t in 'Item 3' 'Item 6' 'Item 8'; do
		"$TIDENDE" -c "$T/conf-$form" -d "$db" mark --read \
		    "$("$TIDENDE" -c "$T/conf-$form" -d "$db" list --json | gr_json "[a['id'] for a in r if a['title'] == '$t'][0]")"
	done
	exit_is "$form: a read of ids above 2^63 and of the 16-digit one goes out" 0 \
	    "$TIDENDE" -c "$T/conf-$form" -d "$db" sync
	is "$form: the server has those three read" \
	    "$(gr_admin state | gr_json 'sorted((i["title"], i["id"] < 0 or i["id"] == 1234567890123456) for i in r["items"] if i["read"])')" \
	    "[('Item 2', False), ('Item 3', True), ('Item 4', False), ('Item 6', True), ('Item 8', True)]"
	kill "$_py_pid"
done

# ------------------------------------------------ stale token, lost session
gr_start gr-t --user bob --password pw
gr_conf "$T/conf-t" bob "$T/pw"
f=$(gr_admin feed '{"url": "http://feeds.invalid/f.xml", "title": "F"}' | gr_json 'r["id"]')
gr_item "$f" "One" >/dev/null
gr_item "$f" "Two" >/dev/null
tt() { "$TIDENDE" -c "$T/conf-t" -d "$T/t.db" "$@"; }
tt sync >/dev/null
idof() { tt list --json | gr_json "[a['id'] for a in r if a['title'] == '$1'][0]"; }
tt mark --read "$(idof One)"
tt mark --star "$(idof Two)"
gr_admin expire-token '{"after": 1}' >/dev/null
n0=$(gr_log 'len(rows)')
exit_is "a token goes stale after the first write: the sync still exits 0" 0 tt sync
is "a new token once, and the refused write again (no new login)" \
    "$(gr_log "[(x['path'].rsplit('/', 1)[1], x['status']) for x in rows[$n0:] if x['path'].endswith(('token', 'edit-tag', 'ClientLogin'))]")" \
    "[('ClientLogin', 200), ('token', 200), ('edit-tag', 200), ('edit-tag', 401), ('token', 200), ('edit-tag', 200)]"
is "both changes are on the server" \
    "$(gr_admin state | gr_json 'sorted((i["title"], i["read"], i["starred"]) for i in r["items"])')" \
    "[('One', True, False), ('Two', False, True)]"
tt mark --unread "$(idof One)"
gr_admin expire-auth '{"after": 3}' >/dev/null
n0=$(gr_log 'len(rows)')
exit_is "the session ends in the middle of a sync: exit 0" 0 tt sync
is "one login again, then the refused call again" \
    "$(gr_log "[(x['path'].rsplit('/', 1)[1], x['status']) for x in rows[$n0:]][:7]")" \
    "[('ClientLogin', 200), ('token', 200), ('edit-tag', 200), ('list', 401), ('ClientLogin', 200), ('list', 200), ('ids', 200)]"
is "and the change is on the server" \
    "$(gr_admin state | gr_json '[i["read"] for i in r["items"] if i["title"] == "One"]')" "[False]"
tt mark --read "$(idof One)"
gr_admin expire-auth '{"after": 2}' >/dev/null
n0=$(gr_log 'len(rows)')
exit_is "a session lost before a write: exit 0" 0 tt sync
is "the token call is refused: login again, a new token, the write" \
    "$(gr_log "[(x['path'].rsplit('/', 1)[1], x['status']) for x in rows[$n0:]][:6]")" \
    "[('ClientLogin', 200), ('token', 200), ('edit-tag', 401), ('token', 401), ('ClientLogin', 200), ('token', 200)]"
finish
