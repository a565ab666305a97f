#!/bin/sh
# Dates in the terminal interface at 80x24, in English (C.UTF-8) and in
# Bokmål and Nynorsk: the list's compact column (today's time, yesterday,
# day and month within half a year, the locale's numeric date before)
# and the article header's full date, with "how long ago" where it fits.
# "Now" is fixed with TIDENDE_NOW (a test hook read once at start) so
# the relative forms are deterministic; TZ=UTC.  `set date-format iso`
# brings the ISO dates back.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/locale/i18n-lib.sh"
MKCACHE="$TOP_BUILDDIR/tests/translate/mkcache"
[ -x "$MKCACHE" ] || plan_skip "mkcache not built"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 23

DB="$T/cache.db"
FEED="file:///srv/dates.xml"
"$MKCACHE" "$DB" "$FEED" --feed "$TOP_SRCDIR/tests/fixtures/ui/dates.xml" \
    >/dev/null || { echo "Bail out! mkcache"; exit 1; }
printf 'feed %s "Datoer"\nset refresh-on-start no\nset refresh-interval 0\n' \
    "$FEED" >"$T/config"
NOW=TIDENDE_NOW=2026-12-03T14:30:00Z

# start LOCALE COLS [CONFIG]: tidende in tmux, the list on screen
start() {
	tmux_start "$2" 24 $i18n_env LC_ALL=$1 LANG=$1 $NOW "$TIDENDE" \
	    -c "${3:-$T/config}" -d "$DB"
	tmux_wait_for 'Old article' 5
}
# stop: end the session and wait until its server is gone (the next
# start uses the same socket name)
stop() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	_sock="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK" _i=0
	while { [ -S "$_sock" ] || tmux -L "$TMUX_SOCK" has-session \
	    2>/dev/null; } && [ $_i -lt 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
}
# the column a title starts at on screen
col() { tmux_screen | sed -n "s/^\(.*\)$1.*/\1/p" | wc -m; }

# English
start C.UTF-8 80
s=$(tmux_screen)
diag "$s"
like "en: today's article shows its time" "$s" '│. +14:05 +Today article'
like "en: yesterday" "$s" '│. +yesterday +Yesterday article'
like "en: last week: month and day" "$s" '│. +Nov 28 +Last week article'
like "en: last summer" "$s" '│. +Aug 5 +Summer article'
like "en: an older year: the locale's date" "$s" '│. +05/17/24 +Old article'
is "en: titles stay aligned" "$(col 'Today article')" "$(col 'Old article')"
tmux_keys Enter
ok "en: header has the full date" tmux_wait_for \
    'Date: +Thursday, December 3, 2026 14:05 *$' 5
stop

# Bokmål, and the screen shot for the report
start nb_NO.UTF-8 80
s=$(tmux_screen)
diag "$s"
like "nb: today's time" "$s" '│. +14:05 +Today article'
like "nb: i går" "$s" '│. +i går +Yesterday article'
like "nb: 28. nov." "$s" '│. +28\. nov\. +Last week article'
like "nb: 5. aug." "$s" '│. +5\. aug\. +Summer article'
like "nb: 17.05.2024" "$s" '│. +17\.05\.2024 +Old article'
is "nb: titles stay aligned" "$(col 'Yesterday article')" "$(col 'Old article')"
tmux_keys Enter
ok "nb: header in Bokmål" tmux_wait_for \
    'Dato: +torsdag 3\. desember 2026 14:05 *$' 5
diag "$(tmux_screen)"
stop

# how long ago, where the line has room for it: list above the article
cp "$T/config" "$T/config-wide"
echo 'set layout vertical' >>"$T/config-wide"
start nb_NO.UTF-8 120 "$T/config-wide"
tmux_keys Enter
ok "nb: how long ago on a wide screen" tmux_wait_for \
    'torsdag 3\. desember 2026 14:05 \(for 25 minutter siden\)' 5
tmux_keys q j Enter
ok "nb: yesterday's article: i går" tmux_wait_for \
    'onsdag 2\. desember 2026 09:00 \(i går\)' 5
stop
start nn_NO.UTF-8 120 "$T/config-wide"
like "nn: i går" "$(tmux_screen)" '│. +i går +Datoer +Yesterday article'
tmux_keys Enter
ok "nn: how long ago in Nynorsk" tmux_wait_for \
    '2026 14:05 \(for 25 minutt sidan\)' 5
stop

# a clock that moves while the interface runs (TIDENDE_NOW=@FILE): the
# header's "how long ago" and the list's "today" age on the next redraw
echo 2026-12-03T14:30:00Z >"$T/now"
NOW_SAVED=$NOW
NOW="TIDENDE_NOW=@$T/now"
start nb_NO.UTF-8 120 "$T/config-wide"
tmux_keys Enter
ok "clock: 25 minutes ago" tmux_wait_for '14:05 \(for 25 minutter siden\)' 5
echo 2026-12-03T14:40:00Z >"$T/now"
tmux_keys C-l
ok "clock: 35 minutes ago after ten minutes" tmux_wait_for \
    '14:05 \(for 35 minutter siden\)' 5
echo 2026-12-04T00:10:00Z >"$T/now"
tmux_keys q
ok "clock: after midnight today's article is yesterday's" tmux_wait_for \
    '│. +i går +Datoer +Today article' 5
NOW=$NOW_SAVED
stop

# the user's date-format still wins, in the list and the header
cp "$T/config" "$T/config-iso"
echo 'set date-format iso' >>"$T/config-iso"
start nb_NO.UTF-8 80 "$T/config-iso"
like "iso: ISO dates in the list" "$(tmux_screen)" \
    '│. +2026-12-02 +Yesterday article'
tmux_keys Enter
ok "iso: ISO date and time in the header" tmux_wait_for \
    'Dato: +2026-12-03 14:05 *$' 5
stop
finish
