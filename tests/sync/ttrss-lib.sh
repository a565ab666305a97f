# tests/sync/ttrss-lib.sh: run Debian's real Tiny Tiny RSS for the sync
# tests (sourced after tests/lib.sh).  POSIX sh.
#
#   . "$TOP_SRCDIR/tests/lib.sh"
#   . "$TOP_SRCDIR/tests/sync/ttrss-lib.sh"
#   ttrss_start                     # or plan_skip when tt-rss is missing
#   ttrss_add_user alice secret     # API access on ("off" as a 3rd arg)
#   ttrss_login alice secret        # sets TTRSS_SID
#   ttrss_feeds_start               # feeds from $TTRSS_FEEDS on http://[::1]/
#   feed=$(ttrss_subscribe "$TTRSS_FEED_BASE/a.xml")
#   ttrss_update_feed "$feed"       # tt-rss fetches it now, no daemon
#   ttrss_api getHeadlines feed_id:="$feed" | ttrss_json 'len(r["content"])'
#
# What it does, and why:
# - PostgreSQL: the cluster is started when down (pg_ctlcluster, no
#   systemd).  A role tidende_test and a template database holding tt-rss's
#   own schema (/usr/share/tt-rss/schema) are made once per machine, under a
#   lock, and made again when the schema file changes.  Each test gets its
#   own database cloned from the template (0.1-0.3 s) and dropped at exit,
#   so tests are independent and may run in parallel; ttrss_reset clones a
#   clean one again in the middle of a test.
# - tt-rss: `php -S 127.0.0.1:PORT -t /usr/share/tt-rss/www` on a free
#   port, in its own process group (setsid), stopped as a group at exit.  A
#   per-test auto_prepend_file points tt-rss at the test's database (it sets
#   the variables that /etc/tt-rss/config.php reads from database.php) and
#   at a private cache directory without a feeds/ subdirectory, so tt-rss
#   never reuses its 30-second copy of a feed.  /etc/tt-rss is not changed.
# - Feeds: tt-rss fetches nothing from 127.* or "localhost", and drops any
#   port from a feed URL (UrlHelper::build_url() leaves it out), so feeds
#   must be on port 80; it accepts http://[::1]/ (its check compares the
#   host "[::1]" with brackets against "::1").  tests/sync/feedd.py
#   serves $TTRSS_FEEDS there; port 80 is one per machine, so a lock keeps
#   one test at a time serving feeds (ttrss_feeds_stop releases it early).
# - Only 127.0.0.1 and [::1] are ever contacted; proxies are ignored.
#
# Needs root (PostgreSQL's superuser through runuser, and port 80) and the
# Debian packages postgresql tt-rss dbconfig-pgsql php-pgsql php-curl
# php-cgi php8.2-fpm (newsboat for ttrss_newsboat); without them the test
# is skipped, saying what is missing.

TTRSS_WWW=${TTRSS_WWW:-/usr/share/tt-rss/www}
TTRSS_SCHEMA=${TTRSS_SCHEMA:-/usr/share/tt-rss/schema/ttrss_schema_pgsql.sql}
TTRSS_DB_ROLE=tidende_test
TTRSS_DB_PASS=tidende-test
TTRSS_TEMPLATE=tidende_ttrss_template
TTRSS_LOCKS=${TMPDIR:-/tmp}
TTRSS_UA="tidende-test/1"
TTRSS_DIR="$T/ttrss"
TTRSS_FEEDS="$T/ttrss/feeds"
TTRSS_FEED_BASE="http://[::1]"
TTRSS_SID=""
_ttrss_db_n=0

# Never let a proxy from the environment see test traffic.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'

_ttrss_ms() { date +%s%3N; }

# ---------------------------------------------------------------- checks
# ttrss_bail REASON: once tt-rss is installed, a harness that cannot work
# is an error (TAP "Bail out!"), not a skip that would hide it.
ttrss_bail() {
	echo "Bail out! tt-rss harness: $*"
	exit 1
}

# ttrss_require: skip the whole test, saying why, unless everything the
# harness needs is installed and usable.
ttrss_require() {
	[ "$(id -u)" -eq 0 ] || plan_skip "tt-rss tests need root (PostgreSQL admin, port 80)"
	for _c in php psql pg_ctlcluster pg_lsclusters pg_isready runuser setsid \
	    flock curl python3 sha256sum ps; do
		command -v "$_c" >/dev/null 2>&1 || plan_skip "$_c not installed (tt-rss harness)"
	done
	[ -f "$TTRSS_WWW/api/index.php" ] || plan_skip "tt-rss not installed ($TTRSS_WWW)"
	[ -f "$TTRSS_SCHEMA" ] || plan_skip "tt-rss schema missing ($TTRSS_SCHEMA)"
	_mods=$(php -m 2>/dev/null)
	for _m in pdo_pgsql curl mbstring intl xml; do
		printf '%s\n' "$_mods" | grep -qx "$_m" || plan_skip "PHP module $_m missing (php-pgsql, php-curl, php-mbstring, php-intl, php-xml)"
	done
	TTRSS_PG_CLUSTER=$(pg_lsclusters -h 2>/dev/null | awk 'NR == 1 { print $1 " " $2 }')
	[ -n "$TTRSS_PG_CLUSTER" ] || plan_skip "no PostgreSQL cluster (postgresql not installed)"
	TTRSS_PG_PORT=$(pg_lsclusters -h | awk 'NR == 1 { print $3 }')
	grep -q '^0\{31\}1 .* lo$' /proc/net/if_inet6 2>/dev/null ||
	    plan_skip "no IPv6 loopback [::1] (tt-rss fetches test feeds only there)"
}

# ---------------------------------------------------------------- PostgreSQL
# ttrss_pg_start: start the cluster when it is down and wait until it
# accepts connections on 127.0.0.1.  Tests run in parallel: the start is
# under a lock, since a second pg_ctlcluster while the first postmaster is
# still recovering fails ("lock file postmaster.pid already exists").  A
# failed start is only an error if the cluster then never answers.  The
# postmaster must not inherit the lock (7>&-), or it would hold it for good.
ttrss_pg_start() {
	pg_isready -q -h 127.0.0.1 -p "$TTRSS_PG_PORT" && return 0
	(
		flock -w 120 7 || exit 3
		pg_isready -q -h 127.0.0.1 -p "$TTRSS_PG_PORT" && exit 0
		# shellcheck disable=SC2086
		pg_ctlcluster $TTRSS_PG_CLUSTER start >"$T/pg-start.out" 2>&1 7>&-
		exit 0
	) 7>"$TTRSS_LOCKS/tidende-ttrss-pg.lock" ||
	    ttrss_bail "PostgreSQL start lock $TTRSS_LOCKS/tidende-ttrss-pg.lock stayed taken"
	_i=0
	until pg_isready -q -h 127.0.0.1 -p "$TTRSS_PG_PORT"; do
		_i=$((_i + 1))
		[ $_i -lt 600 ] || ttrss_bail "PostgreSQL does not answer on 127.0.0.1:$TTRSS_PG_PORT: $(tail -n 1 "$T/pg-start.out" 2>/dev/null)"
		sleep 0.05
	done
}

# _ttrss_admin_sql: run stdin as PostgreSQL's superuser.
_ttrss_admin_sql() {
	runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$TTRSS_PG_PORT" -d postgres "$@"
}

# ttrss_psql DB [PSQL ARGS]: psql as the test role on 127.0.0.1.
ttrss_psql() {
	_db=$1; shift
	PGPASSWORD=$TTRSS_DB_PASS PGOPTIONS='-c client_min_messages=warning' \
	    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TTRSS_PG_PORT" \
	    -U "$TTRSS_DB_ROLE" -d "$_db" "$@"
}

# ttrss_sql SQL...: run SQL in the test's database, unaligned output
# without headers (for assertions: ttrss_sql "select count(*) from ...").
ttrss_sql() {
	ttrss_psql "$TTRSS_DB" -At -c "$*"
}

# ttrss_template: make the role and the template database when they are
# missing or the template was made from another schema file.  Under a lock,
# since tests run in parallel.
ttrss_template() {
	_sum=$(sha256sum <"$TTRSS_SCHEMA" | cut -c1-16)
	(
		flock -w 120 9 || exit 3
		_ttrss_admin_sql <<-EOF >/dev/null || exit 1
		SELECT 'CREATE ROLE $TTRSS_DB_ROLE LOGIN CREATEDB PASSWORD ''$TTRSS_DB_PASS'''
		 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TTRSS_DB_ROLE') \gexec
		EOF
		_have=$(_ttrss_admin_sql -At -c "SELECT shobj_description(oid, 'pg_database')
		    FROM pg_database WHERE datname = '$TTRSS_TEMPLATE'")
		[ "$_have" = "tt-rss schema $_sum" ] && exit 0
		_ttrss_admin_sql -c "DROP DATABASE IF EXISTS $TTRSS_TEMPLATE WITH (FORCE)" &&
		ttrss_psql postgres -c "CREATE DATABASE $TTRSS_TEMPLATE" &&
		ttrss_psql "$TTRSS_TEMPLATE" -f "$TTRSS_SCHEMA" >/dev/null &&
		ttrss_psql postgres -c "COMMENT ON DATABASE $TTRSS_TEMPLATE IS 'tt-rss schema $_sum'" &&
		_ttrss_admin_sql -c "ALTER DATABASE $TTRSS_TEMPLATE WITH ALLOW_CONNECTIONS false"
	) 9>"$TTRSS_LOCKS/tidende-ttrss-template.lock" >"$T/template.out" 2>&1 ||
	    ttrss_bail "cannot make the tt-rss template database: $(tail -n 2 "$T/template.out")"
}

# ttrss_db_create: a fresh database for this test, cloned from the
# template; sets TTRSS_DB and drops it at exit.
ttrss_db_create() {
	# Databases of tests that were killed (no exit trap) go first.
	for _d in $(ttrss_psql postgres -At -c "SELECT datname FROM pg_database
	    WHERE datname LIKE 'tidende\_tt\_%'" 2>/dev/null); do
		_p=${_d#tidende_tt_}
		kill -0 "${_p%%_*}" 2>/dev/null ||
		    ttrss_psql postgres -c "DROP DATABASE IF EXISTS $_d WITH (FORCE)" >/dev/null 2>&1
	done
	_ttrss_db_n=$((_ttrss_db_n + 1))
	TTRSS_DB="tidende_tt_$$_$_ttrss_db_n"
	ttrss_psql postgres -c "DROP DATABASE IF EXISTS $TTRSS_DB WITH (FORCE)" \
	    -c "CREATE DATABASE $TTRSS_DB TEMPLATE $TTRSS_TEMPLATE" >"$T/db.out" 2>&1 ||
	    ttrss_bail "cannot create the test database: $(tail -n 1 "$T/db.out")"
	at_exit "ttrss_psql postgres -c 'DROP DATABASE IF EXISTS $TTRSS_DB WITH (FORCE)' >/dev/null 2>&1"
}

# ttrss_reset: a clean tt-rss state in the middle of a test (users,
# feeds, articles and sessions gone; only tt-rss's own admin user left).
# The server keeps running: tt-rss opens a connection per request.
ttrss_reset() {
	_t0=$(_ttrss_ms)
	ttrss_psql postgres -c "DROP DATABASE $TTRSS_DB WITH (FORCE)" \
	    -c "CREATE DATABASE $TTRSS_DB TEMPLATE $TTRSS_TEMPLATE" >"$T/db.out" 2>&1 ||
	    { cat "$T/db.out" >&2; return 1; }
	TTRSS_SID=""
	TTRSS_RESET_MS=$(($(_ttrss_ms) - _t0))
}

# ---------------------------------------------------------------- users
# ttrss_add_user LOGIN PASSWORD [on|off]: a user as tt-rss itself stores
# one: pwd_hash 'MODE2:' + hex sha256(salt || password) (encrypt_password()
# in include/functions.php), every pref at its default (as
# initialize_user_prefs() does) and ENABLE_API_ACCESS 'true' (or 'false').
# Prints the user's id.
ttrss_add_user() {
	_salt=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
	_hash=$(printf '%s%s' "$_salt" "$2" | sha256sum | cut -d' ' -f1)
	_api=true
	[ "${3:-on}" = off ] && _api=false
	ttrss_psql "$TTRSS_DB" -At -v login="$1" -v hash="MODE2:$_hash" \
	    -v salt="$_salt" -v api="$_api" <<-'EOF'
	WITH u AS (
	  INSERT INTO ttrss_users (login, pwd_hash, salt, access_level, created)
	  VALUES (:'login', :'hash', :'salt', 0, NOW()) RETURNING id
	), p AS (
	  INSERT INTO ttrss_user_prefs (owner_uid, pref_name, value, profile)
	  SELECT u.id, pref_name,
	         CASE WHEN pref_name = 'ENABLE_API_ACCESS' THEN :'api' ELSE def_value END,
	         NULL
	  FROM u, ttrss_prefs
	)
	SELECT id FROM u;
	EOF
}

# ttrss_api_access LOGIN true|false: turn the user's API access on or off.
ttrss_api_access() {
	ttrss_psql "$TTRSS_DB" -v login="$1" -v api="$2" <<-'EOF'
	UPDATE ttrss_user_prefs SET value = :'api'
	 WHERE pref_name = 'ENABLE_API_ACCESS' AND profile IS NULL
	   AND owner_uid = (SELECT id FROM ttrss_users WHERE login = :'login');
	EOF
}

# ---------------------------------------------------------------- tt-rss
# ttrss_start: everything: checks, PostgreSQL, a fresh database, and tt-rss
# under php -S on 127.0.0.1; sets TTRSS_URL (http://127.0.0.1:PORT) and
# TTRSS_API ($TTRSS_URL/api/), and the start-up figures TTRSS_DB_MS (clone)
# and TTRSS_START_MS (all of it).
ttrss_start() {
	_t_start=$(_ttrss_ms)
	ttrss_require
	ttrss_pg_start
	ttrss_template
	_t_db=$(_ttrss_ms)
	ttrss_db_create
	TTRSS_DB_MS=$(($(_ttrss_ms) - _t_db))
	mkdir -p "$TTRSS_DIR/cache/images" "$TTRSS_DIR/cache/upload" \
	    "$TTRSS_DIR/cache/export" "$TTRSS_DIR/cache/js" "$TTRSS_DIR/icons" \
	    "$TTRSS_DIR/lock" "$TTRSS_FEEDS"
	# No cache/feeds: tt-rss then neither writes nor reads its feed cache.
	cat >"$TTRSS_DIR/prepend.php" <<-EOF
	<?php
	// tidende test harness: this test's database and directories.
	@include_once '/etc/tt-rss/database.php';
	\$dbtype = 'pgsql';
	\$dbserver = '127.0.0.1';
	\$dbport = '$TTRSS_PG_PORT';
	\$dbuser = '$TTRSS_DB_ROLE';
	\$dbpass = '$TTRSS_DB_PASS';
	\$dbname = '$TTRSS_DB';
	define('CACHE_DIR', '$TTRSS_DIR/cache');
	define('ICONS_DIR', '$TTRSS_DIR/icons');
	define('LOCK_DIRECTORY', '$TTRSS_DIR/lock');
	EOF
	_ttrss_php_start
}

# ttrss_restart: start php -S again after ttrss_stop, on the same port
# (so TTRSS_URL stays) and with the same database: the server was down
# and is back.
ttrss_restart() {
	_ttrss_php_start "$TTRSS_PORT"
}

# _ttrss_php_start [PORT]: php -S on PORT, else on a free port.
_ttrss_php_start() {
	_try=0
	while :; do
		_try=$((_try + 1))
		[ $_try -le 5 ] || ttrss_bail "php -S does not start: $(tail -n 2 "$TTRSS_DIR/php.out")"
		# A port below Linux's ephemeral range; a taken one is retried.
		if [ -n "${1:-}" ]; then
			TTRSS_PORT=$1
		else
			TTRSS_PORT=$(awk -v p=$$ -v t=$_try 'BEGIN { srand(); print 10000 + (int(rand() * 22000) + p * 7 + t * 131) % 22000 }')
		fi
		rm -f "$TTRSS_DIR/php.pgid"
		# setsid: php, its workers and a watchdog form their own process
		# group; the watchdog (the group's leader, whose pid is the pgid)
		# ends the group when php exits or when this test's shell is gone
		# without its exit trap (killed), so no server outlives its test.
		PHP_CLI_SERVER_WORKERS=${TTRSS_WORKERS:-2} setsid sh -c '
		    echo $$ >"$1/php.pgid"; owner=$2; shift 2
		    php "$@" &
		    php=$!
		    while kill -0 "$owner" 2>/dev/null && kill -0 "$php" 2>/dev/null; do
			sleep 1
		    done
		    kill -TERM 0' sh "$TTRSS_DIR" $$ \
		    -d display_errors=0 -d log_errors=1 -d error_log="$TTRSS_DIR/php-errors.log" \
		    -d auto_prepend_file="$TTRSS_DIR/prepend.php" \
		    -S "127.0.0.1:$TTRSS_PORT" -t "$TTRSS_WWW" \
		    >"$TTRSS_DIR/php.out" 2>&1 9>&- 8>&- </dev/null &
		_i=0
		while [ ! -s "$TTRSS_DIR/php.pgid" ] && [ $_i -lt 100 ]; do sleep 0.02; _i=$((_i + 1)); done
		TTRSS_PGID=$(cat "$TTRSS_DIR/php.pgid" 2>/dev/null)
		[ -n "$TTRSS_PGID" ] || continue
		at_exit "ttrss_stop"
		TTRSS_URL="http://127.0.0.1:$TTRSS_PORT"
		TTRSS_API="$TTRSS_URL/api/"
		# Wait until tt-rss itself answers (a JSON reply), or php is gone.
		_i=0
		while [ $_i -lt 400 ]; do
			case $(_ttrss_post '{"op":"isLoggedIn"}' 2>/dev/null) in
			*'"status"'*) TTRSS_START_MS=$(($(_ttrss_ms) - ${_t_start:-0})); return 0 ;;
			esac
			kill -0 "$TTRSS_PGID" 2>/dev/null || break
			sleep 0.025; _i=$((_i + 1))
		done
		ttrss_stop
		if grep -q 'Address already in use' "$TTRSS_DIR/php.out" 2>/dev/null; then
			[ -n "${1:-}" ] && sleep 0.1	# the same port: wait for it
			continue
		fi
		cat "$TTRSS_DIR/php.out" "$TTRSS_DIR/php-errors.log" >&2 2>/dev/null
		ttrss_bail "tt-rss does not answer on $TTRSS_URL"
	done
}

# ttrss_group_alive PGID: some process of the group still runs.  Zombies
# do not count: the workers die at once but stay zombies until init reaps
# them (up to a second or more in a container).
ttrss_group_alive() {
	ps -e -o pgid= -o stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { f = 1 } END { exit !f }'
}

# ttrss_stop: stop php -S and its workers (the whole process group) and
# wait until they are gone.
ttrss_stop() {
	[ -n "${TTRSS_PGID:-}" ] || return 0
	kill -TERM "-$TTRSS_PGID" 2>/dev/null
	_i=0
	while ttrss_group_alive "$TTRSS_PGID"; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || { kill -KILL "-$TTRSS_PGID" 2>/dev/null; break; }
		sleep 0.02
	done
	TTRSS_PGID=""
}

# ---------------------------------------------------------------- feeds
# ttrss_feeds_start: serve $TTRSS_FEEDS on http://[::1]/ (port 80) for
# tt-rss to fetch; sets TTRSS_FEED_BASE and TTRSS_FEED_LOG.  Waits (at most
# TTRSS_PORT80_WAIT seconds, 300) for another test to free port 80.
ttrss_feeds_start() {
	TTRSS_FEED_LOG="$TTRSS_DIR/feedd.log"
	: >"$TTRSS_FEED_LOG"
	exec 8>"$TTRSS_LOCKS/tidende-ttrss-port80.lock"
	flock -w "${TTRSS_PORT80_WAIT:-300}" 8 || ttrss_bail "port 80 on [::1] stayed busy (another tt-rss test)"
	rm -f "$TTRSS_DIR/feedd.ready"
	python3 "$TOP_SRCDIR/tests/sync/feedd.py" --root "$TTRSS_FEEDS" \
	    --log "$TTRSS_FEED_LOG" --ready "$TTRSS_DIR/feedd.ready" \
	    --lifetime "${TTRSS_FEEDS_LIFETIME:-600}" --owner $$ \
	    >"$TTRSS_DIR/feedd.out" 2>&1 8>&- 9>&- </dev/null &
	_ttrss_feedd_pid=$!
	at_exit "ttrss_feeds_stop"
	_i=0
	while [ ! -s "$TTRSS_DIR/feedd.ready" ]; do
		kill -0 "$_ttrss_feedd_pid" 2>/dev/null && [ $_i -lt 200 ] ||
		    ttrss_bail "cannot serve feeds on [::1]:80: $(tail -n 1 "$TTRSS_DIR/feedd.out")"
		sleep 0.025; _i=$((_i + 1))
	done
	TTRSS_FEED_BASE="http://[::1]"
}

# ttrss_feeds_stop: stop the feed server and free port 80 for other tests.
ttrss_feeds_stop() {
	[ -n "${_ttrss_feedd_pid:-}" ] || return 0
	kill "$_ttrss_feedd_pid" 2>/dev/null
	wait "$_ttrss_feedd_pid" 2>/dev/null
	_ttrss_feedd_pid=""
	exec 8>&-
}

# ttrss_rss FILE TITLE [GUID|TITLE]...: write an RSS 2.0 feed to
# $TTRSS_FEEDS/FILE, one item per argument (the title is XML text: escape
# it yourself); items get dates a minute apart, the first newest.
ttrss_rss() {
	_f="$TTRSS_FEEDS/$1" _title=$2
	shift 2
	{
		printf '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
		printf '<title>%s</title><link>%s/</link><description>test</description>\n' "$_title" "$TTRSS_FEED_BASE"
		_n=0
		for _it in "$@"; do
			_g=${_it%%|*} _tt=${_it#*|}
			printf '<item><guid isPermaLink="false">%s</guid><title>%s</title><link>%s/item/%s</link>' \
			    "$_g" "$_tt" "$TTRSS_FEED_BASE" "$_g"
			printf '<description>Body of %s</description><pubDate>%s</pubDate></item>\n' \
			    "$_g" "$(date -u -R -d "@$((1700000000 - _n * 60))")"
			_n=$((_n + 1))
		done
		printf '</channel></rss>\n'
	} >"$_f.tmp" && mv "$_f.tmp" "$_f"
}

# ---------------------------------------------------------------- the API
# _ttrss_post JSON: POST JSON to the API; the body on stdout.
_ttrss_post() {
	curl -sS --noproxy '*' --max-time "${TTRSS_CURL_TIMEOUT:-60}" -A "$TTRSS_UA" \
	    -H 'Content-Type: application/json' --data-binary "$1" "$TTRSS_API"
}

# _ttrss_jstr STRING: STRING as a JSON string literal.
# (awk, not python3: a python3 start costs 50-300 ms on a busy machine.)
_ttrss_jstr() {
	printf '%s' "$1" | awk 'BEGIN { ORS = ""; print "\"" }
	{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r")
	  if (NR > 1) print "\\n"; print }
	END { print "\"" }'
}

# ttrss_api OP [KEY=STRING | KEY:=JSON]...: call the API with the current
# session (TTRSS_SID, when set); the reply on stdout.
ttrss_api() {
	_j="{\"op\":$(_ttrss_jstr "$1")"
	shift
	[ -n "$TTRSS_SID" ] && _j="$_j,\"sid\":$(_ttrss_jstr "$TTRSS_SID")"
	for _kv in "$@"; do
		case $_kv in
		*:=*) _j="$_j,$(_ttrss_jstr "${_kv%%:=*}"):${_kv#*:=}" ;;
		*=*) _j="$_j,$(_ttrss_jstr "${_kv%%=*}"):$(_ttrss_jstr "${_kv#*=}")" ;;
		esac
	done
	_ttrss_post "$_j}"
}

# ttrss_json EXPR: evaluate the Python expression EXPR with r = the JSON
# reply read from stdin; strings print as they are, the rest as JSON.
ttrss_json() {
	python3 -c 'import json, sys
r = json.load(sys.stdin)
v = eval(sys.argv[1], {"r": r, "json": json})
print(v if isinstance(v, str) else json.dumps(v))' "$1"
}

# ttrss_login USER PASSWORD: log in; on success sets TTRSS_SID and returns
# 0.  The reply is in TTRSS_REPLY either way.
ttrss_login() {
	TTRSS_SID=""
	TTRSS_REPLY=$(ttrss_api login user="$1" password="$2")
	TTRSS_SID=$(printf '%s' "$TTRSS_REPLY" | ttrss_json 'r["content"].get("session_id", "")' 2>/dev/null)
	[ -n "$TTRSS_SID" ]
}

# ttrss_subscribe URL [CATEGORY-ID]: subscribe the logged-in user; prints
# the feed id (tt-rss fetches URL once to see that it is a feed).
ttrss_subscribe() {
	ttrss_api subscribeToFeed feed_url="$1" category_id:="${2:-0}" >"$T/.sub" &&
	    ttrss_json 'r["content"]["status"]["feed_id"]' <"$T/.sub" 2>/dev/null ||
	    { cat "$T/.sub" >&2; return 1; }
}

# ttrss_update_feed ID: make tt-rss fetch one feed now (no update daemon).
# updateFeed answers OK even when the fetch failed, so this also reads the
# feed's last_error: non-empty, it is printed and the status is 1.
ttrss_update_feed() {
	ttrss_api updateFeed feed_id:="$1" | grep -q '"status":"OK"' || return 1
	_err=$(ttrss_sql "SELECT last_error FROM ttrss_feeds WHERE id = ${1:-0}")
	[ -z "$_err" ] || { printf '%s\n' "$_err"; return 1; }
}

# ttrss_headlines FEED-ID [KEY=VALUE]...: getHeadlines, all articles.
ttrss_headlines() {
	_fid=$1; shift
	ttrss_api getHeadlines feed_id:="$_fid" view_mode=all_articles "$@"
}

# ttrss_update_article IDS MODE FIELD: updateArticle (MODE 0 off, 1 on,
# 2 toggle; FIELD 0 starred, 1 published, 2 unread); prints "updated".
ttrss_update_article() {
	ttrss_api updateArticle article_ids="$1" mode:="$2" field:="$3" |
	    ttrss_json 'r["content"].get("updated", r["content"])'
}

# ttrss_feeds: getFeeds of every category (cat_id -3: all but virtual).
ttrss_feeds() {
	ttrss_api getFeeds cat_id:=-3 "$@"
}

# ---------------------------------------------------------------- newsboat
# ttrss_newsboat USER PASSWORD ARGS...: run Debian's newsboat (2.21 speaks
# the tt-rss API) as a second client of this server, with its own config
# (ttrss-flag-star "s": its flag s is a star on the server; 2.21's reload
# was seen not to set it from the server's stars), password file and cache
# in $TTRSS_DIR/newsboat-USER (cache.db).  Returns 127 when newsboat is
# not installed.
ttrss_newsboat() {
	command -v newsboat >/dev/null 2>&1 || return 127
	_nb="$TTRSS_DIR/newsboat-$1"
	mkdir -p "$_nb"
	printf '%s' "$2" >"$_nb/password"
	printf '%s\n' 'urls-source "ttrss"' "ttrss-url \"$TTRSS_URL/\"" \
	    "ttrss-login \"$1\"" "ttrss-passwordfile \"$_nb/password\"" \
	    'ttrss-mode "multi"' 'ttrss-flag-star "s"' >"$_nb/config"
	: >>"$_nb/urls"
	shift 2
	newsboat -C "$_nb/config" -u "$_nb/urls" -c "$_nb/cache.db" "$@"
}
