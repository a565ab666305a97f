#!/bin/sh
# Scenario 7, translation in the interface: with `set translate-command`
# naming a script that upper-cases stdin, `t` shows the translation and
# `t` again the original.  With a slow one (sleeps 5 s), j and k still
# move the list selection while it runs, Esc cancels, and no process is
# left behind: neither the script nor its sleep, and no zombie.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/e2e/e2e-lib.sh"

FIXTURE="$TOP_BUILDDIR/tests/ui/ui-fixture"
[ -x "$FIXTURE" ] || plan_skip "tests/ui/ui-fixture not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
command -v ps >/dev/null 2>&1 || plan_skip "ps not installed"
plan 22

"$FIXTURE" "$T/cache.db" 4 400 || { echo "Bail out! fixture"; exit 1; }
cat >"$T/upper" <<'EOF'
#!/bin/sh
tr 'a-z' 'A-Z'
EOF
# A unique sleep length so that ps finds exactly this one.
cat >"$T/slow-translator" <<'EOF'
#!/bin/sh
cat >/dev/null
sleep 5.4321
echo LATE
EOF
chmod +x "$T/upper" "$T/slow-translator"
conf() {
	cat >"$T/config" <<EOF
feed http://127.0.0.1:1/feed0.xml "Feed number 0"
set refresh-on-start no
set refresh-interval 0
set translate-command "$1"
EOF
}

conf "$T/upper"
tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
ok "interface starts" tmux_wait_for '1/400 *$' 8
tmux_keys j Enter
ok "the article opens" tmux_wait_for 'Paragraph one of article 1' 3
tmux_keys t
ok "t shows the translation" tmux_wait_for 'PARAGRAPH ONE OF ARTICLE 1' 5
like "marked as translated and by which command" "$(tmux_screen)" 'translated by .*upper'
tmux_keys t
ok "t again shows the original" tmux_wait_for 'Paragraph one of article 1' 3
unlike "the translation is gone" "$(tmux_screen)" 'PARAGRAPH ONE'
tmux_keys t
ok "t a third time: the cached translation" tmux_wait_for 'PARAGRAPH ONE OF ARTICLE 1' 3
tmux_keys Q
tmux_wait_for '^\[exited\] 0' 5
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
_i=0
while tmux -L "$TMUX_SOCK" list-sessions >/dev/null 2>&1 && [ $_i -lt 50 ]; do
	sleep 0.1; _i=$((_i + 1))
done
rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"

# The slow translator.
conf "$T/slow-translator"
tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
tmux_wait_for '1/400 *$' 8
pane=$(tmux -L "$TMUX_SOCK" display -p -t t '#{pane_pid}')
tui=$(ps -eo pid=,ppid=,args= | awk -v p="$pane" '$2 == p && /tidende/ { print $1 }')
like "the interface's process id is known" "$tui" '^[0-9]+$'
tmux_keys j j Enter
ok "slow: the article opens" tmux_wait_for 'Paragraph one of article 2' 3
tmux_keys t
ok "slow: a spinner says it is translating" tmux_wait_for 'translating.*Esc' 3
like "slow: the translator is running" \
    "$(ps -eo args= | grep -c '^sleep 5\.4321')" '^[1-9]'
# Move focus to the article list (Tab goes article, sidebar, list).
i=0
while [ $i -lt 3 ] && ! tmux_screen | head -n 1 | grep -Eq '[0-9]+/400 *$'; do
	tmux_keys Tab; sleep 0.2; i=$((i + 1))
done
tmux_keys j j
ok "slow: j moves the selection while it runs" tmux_wait_for '5/400 *$' 3
tmux_keys k
ok "slow: k moves it back" tmux_wait_for '4/400 *$' 3
# The spinner redraws the status line every 120 ms; a key clears it.
ok "slow: still translating" tmux_wait_for 'translating.*Esc' 2
tmux_keys Escape
ok "slow: Esc cancels" tmux_wait_for 'cancelled' 4
# Wait for the kill to land (not a fixed time: the machine may be busy,
# at most 1.5 s, well inside the 5.4 s a translator not killed would live).
left() { ps -eo args= | grep -E "^(sleep 5\.4321|/bin/sh $T/slow-translator)"; }
_i=0
while [ -n "$(left)" ] && [ $_i -lt 30 ]; do sleep 0.05; _i=$((_i + 1)); done
is "slow: no translator or its sleep left running" "$(left)" ""
is "slow: no zombie child of the interface" \
    "$(ps -eo ppid=,stat= | awk -v p="$tui" '$1 == p && $2 ~ /Z/')" ""
tmux_keys Q
ok "Q quits" tmux_wait_for '^\[exited\] 0' 5
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
_i=0
while tmux -L "$TMUX_SOCK" list-sessions >/dev/null 2>&1 && [ $_i -lt 50 ]; do
	sleep 0.1; _i=$((_i + 1))
done
rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"

# A translator whose output carries OSC 0/2, OSC 52, CSI, C1 and bad UTF-8:
# shown as text, the pane title and the clipboard untouched.
cat >"$T/evil-translator" <<'EOF2'
#!/bin/sh
cat >/dev/null
printf 'EVIL start \033]2;PWNED-TR\007 title\n'
printf 'clip \033]52;c;UFdORUQ=\007 board\n'
printf 'csi \033[2J \302\2332J c1 and bad \377 bytes EVIL end\n'
EOF2
chmod +x "$T/evil-translator"
conf "$T/evil-translator"
tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
TM="tmux -L $TMUX_SOCK"
$TM set -g set-clipboard on
tmux_wait_for '1/400 *$' 8
title0=$($TM display -p -t t '#{pane_title}')
tmux_keys j j j Enter
tmux_wait_for 'Paragraph one of article 3' 3
tmux_keys t
ok "evil translator: its text is shown" tmux_wait_for 'EVIL end' 5
is "evil translator: pane title unchanged" "$($TM display -p -t t '#{pane_title}')" "$title0"
is "evil translator: no paste buffer" "$($TM list-buffers 2>&1 | grep -v 'no buffers')" ""
tmux_keys Q
ok "evil translator: Q quits" tmux_wait_for '^\[exited\] 0' 5
finish
