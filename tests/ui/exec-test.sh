#!/bin/sh
# The user's commands on keys and the `:` line: `bind KEY exec CMD...`
# with %u %e %t %f each inside one argv word (never a shell: feed text
# with quotes, `$(...)` and `;` arrives as it is), `pipe` with the article
# as shown or its HTML on stdin, the exit status on the status line; a
# command that runs long leaves the screen working; `exec!` hands the
# terminal over (the command reads the keys) and gets the screen back.
. "$TOP_SRCDIR/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 22

title='Q "dq" $(touch HACKED) ; rm -rf x | `id` & '"'sq'"' \ end'
cat >"$T/feed.xml" <<XML
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Meta feed</title><link>http://127.0.0.1:1/</link>
<item><title>$(printf '%s' "$title" | sed 's/&/\&amp;/g')</title>
<link>http://127.0.0.1:1/a?x=1&amp;y=\$(id)</link><guid>g1</guid>
<enclosure url="http://127.0.0.1:1/ep 1.mp3" type="audio/mpeg" length="10"/>
<description>&lt;p&gt;Body &lt;b&gt;bold&lt;/b&gt; text.&lt;/p&gt;</description></item>
</channel></rss>
XML

# argv: each argument, NUL-terminated; stdin: what it read; ask: takes
# the terminal, reads a line from it; wait: runs until a file appears.
printf '#!/bin/sh\nfor a; do printf "%%s\\0" "$a"; done > "%s/argv.out"\nexit 7\n' "$T" > "$T/argv"
printf '#!/bin/sh\ncat > "%s/stdin.out"\necho "got it"\n' "$T" > "$T/stdin"
printf '#!/bin/sh\necho "ASK: type something"\nread line\nprintf "%%s" "$line" > "%s/ask.out"\nexit 3\n' "$T" > "$T/ask"
printf '#!/bin/sh\nwhile [ ! -e "%s/go" ]; do sleep 0.05; done\necho "waited" >&2\n' "$T" > "$T/wait"
printf '#!/bin/sh\necho "first line"\nhead -c 3000000 /dev/zero\n' > "$T/chatty"
chmod +x "$T/argv" "$T/stdin" "$T/ask" "$T/wait" "$T/chatty"

cat >"$T/config" <<CFG
feed file://$T/feed.xml "Meta feed"
set refresh-on-start no
bind x exec $T/argv %u %e %t %f "two words" --t=%t 100%%
bind X pipe $T/stdin
bind H pipe --html $T/stdin
bind L exec! $T/ask
bind W exec $T/wait
bind Z exec $T/chatty
CFG
"$TIDENDE" -q -c "$T/config" -d "$T/cache.db" refresh >/dev/null 2>&1 ||
    { echo "Bail out! refresh"; exit 1; }

printf 'bind x exec\n' > "$T/bad1"
exit_is "bind KEY exec without a command: a config error" 65 "$TIDENDE" -c "$T/bad1" config --check
like "... naming the line and what is missing" "$(cat "$T/.err")" "bad1:1: bind x exec: needs a COMMAND"
printf 'bind x pipe --frob cat\n' > "$T/bad2"
exit_is "bind KEY pipe with an unknown option: a config error" 65 "$TIDENDE" -c "$T/bad2" config --check

cd "$T" || exit 1
tmux_start 100 30 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
tmux_wait_for '1/1 *$' 10 || fail "the list did not come up"

tmux_keys x
tmux_wait_for 'argv: exit 7' 5
ok "exec: the exit status on the status line" tmux_wait_for 'argv: exit 7' 1
printf '%s\0' "http://127.0.0.1:1/a?x=1&y=\$(id)" "http://127.0.0.1:1/ep 1.mp3" \
    "$title" "file://$T/feed.xml" "two words" "--t=$title" "100%" > "$T/argv.want"
if cmp -s "$T/argv.out" "$T/argv.want"; then
	pass "exec: %u %e %t %f each one argv word, as they are"
else
	fail "exec: %u %e %t %f each one argv word, as they are" \
	    "$(tr '\0' '\n' < "$T/argv.out" 2>&1)"
fi
[ ! -e "$T/HACKED" ] && [ ! -e "$T/x" ] && pass "no shell ran the feed's text" ||
    fail "no shell ran the feed's text"

tmux_keys X
ok "pipe: exit 0 and the first line of output" tmux_wait_for 'stdin: exit 0: got it' 5
like "pipe: the article as shown on stdin" "$(cat "$T/stdin.out")" 'Body bold text\.'
like "pipe: with its header" "$(head -1 "$T/stdin.out")" 'Q "dq" \$\(touch HACKED\)'
rm -f "$T/stdin.out"
tmux_keys H
i=0; while [ ! -s "$T/stdin.out" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
tmux_wait_for 'stdin: exit 0' 5
is "pipe --html: the HTML on stdin" "$(cat "$T/stdin.out")" '<p>Body <b>bold</b> text.</p>'

# A command that runs long: the screen goes on working meanwhile.
tmux_keys W
ok "a long command: running" tmux_wait_for 'wait: running' 5
tmux_keys Enter
ok "... and the screen still takes keys (Enter opens the article)" \
    tmux_wait_for 'Title: +Q "dq"' 5
touch "$T/go"
ok "... its stderr and exit status when it ends" tmux_wait_for 'wait: exit 0: waited' 5

# A command that writes megabytes (mpv's progress) is not killed for it.
tmux_keys Z
ok "a talkative command runs to its end" tmux_wait_for 'chatty: exit 0: first line' 10

# exec!: the terminal is the command's until it ends.
tmux_keys L
ok "exec!: the command has the screen" tmux_wait_for '^ASK: type something' 5
unlike "exec!: tidende drew nothing over it" "$(tmux_screen)" 'tidende —'
tmux_keys -l 'hello j'
tmux_keys Enter
ok "exec!: the screen comes back with the exit status" tmux_wait_for 'ask: exit 3' 5
is "exec!: the keys went to the command, not to tidende" "$(cat "$T/ask.out" 2>/dev/null)" "hello j"

# The `:` line runs the same commands.
rm -f "$T/argv.out"
tmux_keys :
tmux_keys -l "exec $T/argv \"%t\" plain"
tmux_keys Enter
tmux_wait_for 'argv: exit 7' 5
printf '%s\0' "$title" plain > "$T/argv.want"
cmp -s "$T/argv.out" "$T/argv.want" && pass ":exec on the command line" ||
    fail ":exec on the command line" "$(tr '\0' '\n' < "$T/argv.out" 2>&1)"
tmux_keys :
tmux_keys -l "exec nosuch-command-xyz"
tmux_keys Enter
ok "an unknown command is named on the status line" \
    tmux_wait_for 'exec: nosuch-command-xyz: command not found' 5

# The help screen lists the keys bound to commands.
tmux_keys '?'
tmux_wait_for 'Help \(q to go back\)' 5
i=0
while ! tmux_screen | grep -q 'Your commands' && [ $i -lt 6 ]; do
	tmux_keys PgDn; i=$((i + 1)); tmux_wait_for "Help.* ([3-9][0-9]|100)%" 1
done
ok "help: a group for your commands" tmux_wait_for 'Your commands' 5
like "help: the key and its command" "$(tmux_screen)" 'H +pipe --html '
finish
