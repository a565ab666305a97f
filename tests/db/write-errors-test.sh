#!/bin/sh
# Nothing is lost quietly: a write that fails is an error the user sees
# (and a non-zero exit for a command), naming the cache and why.
#   - `translate` whose translation cannot be kept in the cache prints it,
#     then `tidende: translate: ...` and exits 1; `t` in the interface
#     says "not kept" on the status line;
#   - a cache in a directory the user may not write: a command that
#     writes says which file and why in one line, no SQLite code;
#   - the `/` history that cannot be saved is said on the status line;
#   - changes waiting for a busy cache at quit: the interface says so and
#     quits once they are stored; Q again quits at once, and the changes
#     not stored are said on stderr with exit status 1.
# Writes fail through a file size limit (RLIMIT_FSIZE), which binds root
# too: the -shm index (32 KB) fits under it, a translation of 200 KB
# does not.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/db/db-lib.sh"
command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
plan 27

cat >"$T/f1.xml" <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>One</title>
<item><title>First article</title><guid>1</guid><description>Some words.</description></item>
<item><title>Second article</title><guid>2</guid></item></channel></rss>
XML
# the translation: the text in capitals, and 200 KB more
cat >"$T/big.sh" <<'SH'
tr a-z A-Z
python3 -c 'print(("x" * 99 + "\n") * 2000)'
SH
cat >"$T/config" <<CONF
feed file://$T/f1.xml
set refresh-on-start no
set translate-command "sh $T/big.sh"
CONF
DB="$T/cache.db"
td() { "$TIDENDE" -c "$T/config" -d "$DB" "$@"; }
td refresh >/dev/null 2>&1 || { echo "Bail out! first refresh"; exit 1; }
td list >/dev/null
ID=$(td search First | cut -d' ' -f1)

# ------------------------------------------------------------ translate
# (stdout through cat: the limit would stop 200 KB into a file too)
{ limited 32768 "$TIDENDE" -c "$T/config" -d "$DB" translate "$ID" \
    2>"$T/err"; echo $? >"$T/rc"; } | cat >"$T/out"
is "translate, not kept: exit 1" "$(cat "$T/rc")" 1
like "... the translation is printed" "$(head -1 "$T/out")" "^FIRST ARTICLE\$"
like "... and stderr says it was not kept, naming the cache" \
    "$(cat "$T/err")" "^tidende: translate: printed, but not kept: $DB: cannot write to the cache: "
is "... in one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
td translate "$ID" >"$T/out" 2>"$T/err"
is "with room, translate exits 0" "$?" 0
is "... and says nothing on stderr" "$(cat "$T/err")" ""

# `t` in the interface: the translation is shown, and the status line
# says it was not kept.
cat >"$T/ui-limited.sh" <<SH
#!/bin/sh
exec python3 -c 'import os,resource,signal,sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (32768, 32768))
os.execv(sys.argv[1], sys.argv[1:])' "$TIDENDE" -c "$T/config" -d "$DB"
SH
chmod +x "$T/ui-limited.sh"
td mark --unread "$ID" >/dev/null 2>&1
# a translation cached above would be shown without the command
python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM translations"); c.commit()' "$DB"
tmux_start 120 30 "$T/ui-limited.sh"
tmux_wait_for "Second article" 10
tmux_keys g Enter
tmux_wait_for "Some words" 10
tmux_keys t
if tmux_wait_for "translated, but not kept: .*cache\.db: cannot write" 20; then
	pass "interface: t says the translation was not kept"
else
	fail "interface: t says the translation was not kept" "$(tmux_screen)"
fi
like "... and shows it" "$(tmux_screen)" "SOME WORDS"
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null

# The `/` history: a directory where its temporary file goes makes the
# save fail (as root too); the status line says so.
mkdir -p "$XDG_STATE_HOME/tidende/search-history.tmp"
tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$DB"
tmux_wait_for "Second article" 10
tmux_keys / First Enter
if tmux_wait_for "search-history: cannot save the search history: " 10; then
	pass "interface: a search history not saved is said"
else
	fail "interface: a search history not saved is said" "$(tmux_screen)"
fi
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
rmdir "$XDG_STATE_HOME/tidende/search-history.tmp"

# A FIFO as the history held the start for ever: the list comes, and
# the status line says the history was not read.
rm -f "$XDG_STATE_HOME/tidende/search-history"
mkfifo "$XDG_STATE_HOME/tidende/search-history"
tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$DB"
if tmux_wait_for "Second article" 10; then
	pass "interface: a FIFO as the search history does not hold the start"
else
	fail "interface: a FIFO as the search history does not hold the start" "$(tmux_screen)"
fi
if tmux_wait_for "search-history: cannot read the search history: not a regular file" 5; then
	pass "... and the status line says so"
else
	fail "... and the status line says so" "$(tmux_screen)"
fi
tmux_keys Q
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
rm -f "$XDG_STATE_HOME/tidende/search-history"

# Output that cannot be written is said, with exit 1 (list exited 1
# saying nothing; --help and --version exited 0).
if [ -w /dev/full ]; then
	td list >/dev/full 2>"$T/err"
	is "list >/dev/full: exit 1, saying so" "$?|$(cat "$T/err")" \
	    "1|tidende: list: cannot write the output"
	"$TIDENDE" --help >/dev/full 2>"$T/err"
	is "--help >/dev/full: exit 1, saying so" "$?|$(cat "$T/err")" \
	    "1|tidende: help: cannot write the output"
else
	skip "list >/dev/full" "no /dev/full"
	skip "--help >/dev/full" "no /dev/full"
fi

# `mark` whose write fails (a trigger refuses it here) says why, naming
# the cache; it said "the log says why".
python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TRIGGER test_refuse BEFORE UPDATE OF starred ON items BEGIN SELECT RAISE(ABORT, \x27refused by the test\x27); END")
c.commit()' "$DB"
exit_is "mark whose write fails: exit 1" 1 td mark --star "$ID"
is "... saying why, naming the cache" "$(cat "$T/.err")" \
    "tidende: mark: $ID: not stored: $DB: refused by the test"
python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1]); c.execute("DROP TRIGGER test_refuse"); c.commit()' "$DB"

# Changes made while another process holds the cache's write lock wait
# in memory.  q then waits for them, the screen alive, and quits once
# they are stored; q again quits at once and says what was lost.
td mark --unread 1 2 >/dev/null 2>&1
td mark --unstar 1 2 >/dev/null 2>&1
tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$DB"
tmux_wait_for "Second article" 10
db_lock "$DB" a
tmux_keys s
tmux_wait_for "starred" 5
tmux_keys q
if tmux_wait_for "cache busy: quitting once 1 change is stored \\(q again: drop it\\) " 5; then
	pass "quit with a change waiting for a busy cache: the status line says so"
else
	fail "quit with a change waiting for a busy cache: the status line says so" "$(tmux_screen)"
fi
like "... and tidende waits, the list still on the screen" "$(tmux_screen)" \
    "Second article"
touch "$T/a.release"
if tmux_wait_for '^\[exited\] 0' 10; then
	pass "... then quits (0) once the cache took it"
else
	fail "... then quits (0) once the cache took it" "$(tmux_screen)"
fi
is "... and the star is stored" "$(td list --starred --count)" 1
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null

tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$DB"
tmux_wait_for "Second article" 10
db_lock "$DB" b
tmux_keys j s
tmux_wait_for "starred" 5
tmux_keys q
tmux_wait_for "cache busy" 5
tmux_keys q
if tmux_wait_for '^\[exited\] 1' 10; then
	pass "q again: quits at once, exit 1"
else
	fail "q again: quits at once, exit 1" "$(tmux_screen)"
fi
like "... saying on stderr the change was not stored" "$(tmux_screen)" \
    "^tidende: $DB: 1 change \(read or starred\) was not stored: the cache stayed busy"
touch "$T/b.release"
is "... (it was not)" "$(td list --starred --count)" 1
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null

# Any other key cancels a quit waiting for the cache: the reader goes on
# reading, and the cache taking the change later does not quit.
tmux_start 80 24 "$TIDENDE" -c "$T/config" -d "$DB"
tmux_wait_for "Second article" 10
db_lock "$DB" c
tmux_keys j s
tmux_wait_for "starred" 5
tmux_keys q
tmux_wait_for "cache busy" 5
tmux_keys j
ok "another key: not quitting" tmux_wait_for "not quitting" 5
touch "$T/c.release"
# the change is stored from the queue's timer (the star count says so)
_i=0
while [ "$(td list --starred --count)" != 2 ] && [ $_i -lt 200 ]; do
	sleep 0.05; _i=$((_i + 1))
done
is "... the change is stored meanwhile" "$(td list --starred --count)" 2
like "... and tidende still runs" "$(tmux_screen)" "Second article"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null

# SIGTERM (a stop, a dropped link) never waits for a busy cache.
tmux_start 120 30 "$TIDENDE" -c "$T/config" -d "$DB"
tmux_wait_for "Second article" 10
db_lock "$DB" d
tmux_keys s
tmux_wait_for "(starred|unstarred)" 5
pid=$(pgrep -P "$(tmux -L "$TMUX_SOCK" display -p -t t '#{pane_pid}')" -f "$TIDENDE" | head -n 1)
kill -TERM "$pid"
if tmux_wait_for '^\[exited\] 143' 20; then
	pass "SIGTERM with a change waiting for a busy cache: exits (143)"
else
	fail "SIGTERM with a change waiting for a busy cache: exits (143)" "$(tmux_screen)"
fi
like "... saying on stderr the change was not stored" "$(tmux_screen)" \
    "^tidende: $DB: 1 change \(read or starred\) was not stored"
touch "$T/d.release"

finish
