#!/bin/sh
# `set translate-titles yes`: list titles of feeds in another language are
# translated in the background by the translate command and cached.
. "$TOP_SRCDIR/tests/lib.sh"
plan 4

cat >"$T/upper" <<'SH'
#!/bin/sh
echo "$$" >>"$0.runs"
tr 'a-z' 'A-Z'
SH
chmod +x "$T/upper"
cat >"$T/config" <<EOF
feed file://$TOP_SRCDIR/tests/fixtures/parse/wordpress.xml "Gründer" test
set translate-command $T/upper
set translate-titles yes
set language en
set refresh-on-start no
EOF
"$TIDENDE" -c "$T/config" -d "$T/db" refresh >/dev/null 2>&1
tmux_start 100 20 "$TIDENDE" -c "$T/config" -d "$T/db"
if tmux_wait_for 'TOM & JERRY' 10; then
	pass "titles of a Norwegian feed are shown translated"
else
	fail "titles of a Norwegian feed are shown translated" "$(tmux_screen)"
fi
is "one batch for the screen" "$(wc -l <"$T/upper.runs" | tr -d ' ')" 1
tmux_keys Q
tmux_wait_for '^\[exited\]' 5
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
i=0
while tmux -L "$TMUX_SOCK" list-sessions >/dev/null 2>&1 && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
# The cache: a second start shows them at once without running the command.
tmux_start 100 20 "$TIDENDE" -c "$T/config" -d "$T/db"
if tmux_wait_for 'TOM & JERRY' 5; then
	pass "translated titles come from the cache after a restart"
else
	fail "translated titles come from the cache after a restart" "$(tmux_screen)"
fi
is "the command did not run again" "$(wc -l <"$T/upper.runs" | tr -d ' ')" 1
finish
