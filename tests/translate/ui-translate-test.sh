#!/bin/sh
# Translation in the interface (tmux): t shows the translation in place,
# t again the original; a slow command runs in the background while keys
# keep moving the selection, and Esc cancels it (the child is killed).
. "$TOP_SRCDIR/tests/lib.sh"
MKCACHE="$TOP_BUILDDIR/tests/translate/mkcache"
[ -x "$MKCACHE" ] || plan_skip "mkcache not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 11

FIX="$TOP_SRCDIR/tests/fixtures/translate"
DB="$T/cache.db"
printf '<p>Denne artikkelen tar lang tid.</p>\n' > "$T/slow.html"
"$MKCACHE" "$DB" file:///srv/slow.xml s1 "Treg artikkel" "$T/slow.html" nb >/dev/null
"$MKCACHE" "$DB" file:///srv/nb.xml a1 "Regjeringen vil ikke endre skatten" \
    "$FIX/bokmal.html" nb >/dev/null
cat > "$T/config" <<CFG
feed file:///srv/nb.xml "Norsk" translate="sh $FIX/record.sh $T/rec"
feed file:///srv/slow.xml "Treg" translate="sh $FIX/slow.sh $T/ui-marker"
set refresh-on-start no
set refresh-interval 0
CFG

tmux_start 120 40 "$TIDENDE" -c "$T/config" -d "$DB"
ok "the list appears" tmux_wait_for '1/2 *$' 5
tmux_keys Enter
ok "the article opens" tmux_wait_for 'Title: +Regjeringen vil ikke endre skatten' 3
tmux_keys t
ok "t shows the translation in place" tmux_wait_for 'HUN MENER AT' 5
# (the command's path, as long as the source tree's, may be cut at the
# screen's edge: its first 16 characters)
on_screen() { tmux_screen | grep -qF -- "$1"; }
ok "marked as translated by the command" \
    on_screen "translated by sh $(printf '%.16s' "$FIX")"
tmux_keys t
ok "t again shows the original" tmux_wait_for 'Hun mener at' 3

tmux_keys q j
ok "the slow article is selected" tmux_wait_for '2/2 *$' 3
tmux_keys Enter t
ok "a slow translation shows a spinner" tmux_wait_for 'translating' 3
tmux_keys q k
ok "keys move the selection while it runs" tmux_wait_for '1/2 *$' 3
tmux_keys j
ok "and again" tmux_wait_for '2/2 *$' 3
tmux_keys Escape
ok "Esc cancels it" tmux_wait_for 'translation cancelled' 3
i=0
while pgrep -f "$T/[u]i-marker" >/dev/null && [ $i -lt 40 ]; do
	sleep 0.05; i=$((i + 1))
done
ok "the slow command was killed" sh -c "! pgrep -f '$T/[u]i-marker' >/dev/null"
finish
