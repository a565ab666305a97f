# tests/lib.sh: shared helpers for shell tests.  Every test prints TAP
# (https://testanything.org) so the harness counts test cases:
#
#   . "$TOP_SRCDIR/tests/lib.sh"
#   plan 3                      # or: plan_skip "why" (whole test skipped)
#   ok "name" test 1 = 1        # run a command, pass if it exits 0
#   is "name" "$got" "$want"    # compare strings, show a diff on failure
#   finish
#
# Environment (from Makefile.am): TIDENDE (the binary), TOP_SRCDIR,
# TOP_BUILDDIR.  Each test gets its own scratch directory $T and its own
# XDG directories, removed at exit.

: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${TIDENDE:=$TOP_BUILDDIR/tidende}"
export TIDENDE TOP_SRCDIR TOP_BUILDDIR

T=$(mktemp -d "${TMPDIR:-/tmp}/tidende-test.XXXXXX")
export XDG_CONFIG_HOME="$T/xdg-config" XDG_DATA_HOME="$T/xdg-data"
export XDG_STATE_HOME="$T/xdg-state" XDG_CACHE_HOME="$T/xdg-cache"
export HOME="$T/home"
mkdir -p "$HOME"
unset NO_COLOR BROWSER TIDENDE_LOG

_tap_n=0
_tap_failed=0
_cleanups=""

at_exit() { _cleanups="$_cleanups
$*"; }

_run_cleanups() {
	eval "$_cleanups"
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$T"
}
trap _run_cleanups EXIT

plan() { echo "1..$1"; }

plan_skip() {
	echo "1..0 # SKIP $*"
	exit 0
}

diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

pass() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1"; }

fail() {
	_tap_n=$((_tap_n + 1)); _tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $1"
	shift
	[ $# -gt 0 ] && diag "$@"
	return 0
}

skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1 # SKIP $2"; }

# ok NAME COMMAND...: pass when the command exits 0.
ok() {
	_name=$1; shift
	if _out=$("$@" 2>&1); then pass "$_name"; else fail "$_name" "command: $*" "$_out"; fi
}

# is NAME GOT WANT
is() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "--- want" "$3" "--- got" "$2"
	fi
}

# like NAME GOT PATTERN (grep -E)
like() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		pass "$1"
	else
		fail "$1" "--- wanted a match for: $3" "--- got" "$2"
	fi
}

unlike() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		fail "$1" "--- did not want a match for: $3" "--- got" "$2"
	else
		pass "$1"
	fi
}

# exit_is NAME WANT COMMAND...: the exit status of COMMAND is WANT.
exit_is() {
	_name=$1 _want=$2; shift 2
	"$@" >"$T/.out" 2>"$T/.err"
	_got=$?
	if [ "$_got" = "$_want" ]; then pass "$_name"; else
		fail "$_name" "exit status $_got, wanted $_want" "$(cat "$T/.err")"; fi
}

finish() {
	[ "$_tap_failed" -eq 0 ]
	exit $?
}

# wait_until SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS
# (looking every 50 ms); returns COMMAND's last status.
wait_until() {
	_s=$1 _i=0; shift
	while ! "$@" && [ $_i -lt $((_s * 20)) ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	"$@"
}

# limited BYTES CMD...: CMD with writes past BYTES failing (EFBIG, as on
# a full disk; SIGXFSZ ignored).  CMD is looked up in PATH.
limited() {
	_lim=$1; shift
	python3 -c 'import os,resource,signal,sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
n = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
os.execvp(sys.argv[2], sys.argv[2:])' "$_lim" "$@"
}

# ---------------------------------------------------------------- HTTP
# py_server SCRIPT NAME WHAT [ARGS]: start the python3 server SCRIPT on
# 127.0.0.1 (it writes its port to $T/NAME.port, its output goes to
# $T/NAME.out), wait for the port, and set _py_pid and _py_port.  Skips
# the whole test, saying it could not start WHAT, when that fails or
# python3 is missing.
py_server() {
	_py_script=$1 _py_name=$2 _py_what=$3
	shift 3
	command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
	"${PY_SERVER_PYTHON:-python3}" "$_py_script" --port-file "$T/$_py_name.port" "$@" \
	    >"$T/$_py_name.out" 2>&1 &
	_py_pid=$!
	at_exit "kill $_py_pid 2>/dev/null"
	_i=0
	while [ ! -s "$T/$_py_name.port" ] && [ $_i -lt 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	[ -s "$T/$_py_name.port" ] || { cat "$T/$_py_name.out" >&2; plan_skip "could not start $_py_what"; }
	_py_port=$(cat "$T/$_py_name.port")
}

# start_server [ARGS]: start tests/httpd.py on 127.0.0.1 on a free port;
# sets PORT and BASE (http://127.0.0.1:PORT).  The server's request log is
# $T/httpd.log.  Skips the whole test when python3 is missing.
start_server() {
	py_server "$TOP_SRCDIR/tests/httpd.py" httpd "the test HTTP server" \
	    --log "$T/httpd.log" "$@"
	_httpd_pid=$_py_pid
	PORT=$_py_port
	BASE="http://127.0.0.1:$PORT"
}

# ---------------------------------------------------------------- tmux
# tmux_start COLS ROWS COMMAND...: run COMMAND in a detached tmux session on
# a private socket.  tmux_keys KEYS...; tmux_screen prints the screen;
# tmux_wait_for REGEX [SECONDS] waits until the screen matches.
tmux_start() {
	command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
	TMUX_SOCK="tidende-test-$$"
	_cols=$1 _rows=$2; shift 2
	unset TMUX
	# a test that killed its server to start another: wait until that
	# one is gone (a new session would reach the dying server and fail)
	_sock="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK" _i=0
	while { [ -S "$_sock" ] || tmux -L "$TMUX_SOCK" has-session \
	    2>/dev/null; } && [ $_i -lt 100 ]; do
		tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
		sleep 0.05; _i=$((_i + 1))
	done
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s t -x "$_cols" -y "$_rows" \
	    "env TERM=${TEST_TERM:-xterm-256color} LANG=C.UTF-8 LC_ALL=C.UTF-8 $*; echo '[exited]' \$?; sleep 30" || plan_skip "tmux cannot start a session"
	at_exit "tmux -L $TMUX_SOCK kill-server 2>/dev/null"
}
tmux_keys() { tmux -L "$TMUX_SOCK" send-keys -t t "$@"; }
tmux_screen() { tmux -L "$TMUX_SOCK" capture-pane -p -t t; }
tmux_resize() { tmux -L "$TMUX_SOCK" resize-window -t t -x "$1" -y "$2"; }
tmux_wait_for() {
	_re=$1 _secs=${2:-10} _i=0
	while [ $_i -lt $((_secs * 20)) ]; do
		tmux_screen | grep -Eq -- "$_re" && return 0
		sleep 0.05; _i=$((_i + 1))
	done
	return 1
}
