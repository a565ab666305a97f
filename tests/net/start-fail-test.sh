#!/bin/sh
# A refresh whose feeds all fail before any transfer starts (here 70
# file:// feeds whose files are missing) ends and says so.  Feeds start
# 64 a loop pass, so the last ones fail in a later pass, from the pump's
# timer: the run once waited there for ever, every feed reported and
# nothing left to wake it.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/net/net-lib.sh"
command -v timeout >/dev/null 2>&1 || plan_skip "timeout(1) not installed"
plan 3

{
	echo "set refresh-on-start no"
	i=0
	while [ $i -lt 70 ]; do
		echo "feed file://$T/missing$i.xml"
		i=$((i + 1))
	done
} >"$CFG"
# timeout: a run that never ends fails here instead of holding the suite
timeout 60 "$TIDENDE" -c "$CFG" -d "$DB" refresh >"$T/out" 2>"$T/err"
is "70 feeds failing at their start: refresh ends, nothing fetched (69)" \
    "$?" 69
is "... every feed is an error on its line" \
    "$(grep -c ': error: ' "$T/out")" 70
like "... and the summary counts them" "$(tail -1 "$T/out")" \
    "^70 feeds: 0 new articles, 70 errors$"
finish
