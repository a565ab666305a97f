#!/bin/sh
# Config errors: one line naming FILE:LINE, exit 65; missing and unreadable
# files.
. "$TOP_SRCDIR/tests/lib.sh"
plan 22

exit_is "a missing -c file exits 65" 65 "$TIDENDE" -c "$T/nope" config --check
is "a missing -c file is named" "$(cat "$T/.err")" \
    "tidende: $T/nope: cannot read: No such file or directory"

printf 'set sidebar no\n' >"$T/unreadable"
chmod 000 "$T/unreadable"
if [ "$(id -u)" = 0 ]; then
	skip "an unreadable file exits 65" "running as root"
	skip "an unreadable file is named" "running as root"
else
	exit_is "an unreadable file exits 65" 65 "$TIDENDE" -c "$T/unreadable" config --check
	is "an unreadable file is named" "$(cat "$T/.err")" \
	    "tidende: $T/unreadable: cannot read: Permission denied"
fi

printf '# ok\nfeed https://a.example/\n\nset max-conections 4\n' >"$T/typo"
exit_is "an unknown option exits 65" 65 "$TIDENDE" -c "$T/typo" config --check
is "it names file, line and the closest option" "$(cat "$T/.err")" \
    "tidende: $T/typo:4: unknown option 'max-conections' (did you mean 'max-connections'?)"

printf 'bind x nxet-unread\n' >"$T/action"
exit_is "an unknown action exits 65" 65 "$TIDENDE" -c "$T/action" config --check
is "it names the closest action" "$(cat "$T/.err")" \
    "tidende: $T/action:1: unknown action 'nxet-unread' (did you mean 'next-unread'?)"

printf 'feed "https://a.example/\n' >"$T/quote"
exit_is "an open quote exits 65" 65 "$TIDENDE" -c "$T/quote" config --check
is "it says so" "$(cat "$T/.err")" "tidende: $T/quote:1: a double quote is not closed"

printf 'set sidebar no\n' >"$T/open"
chmod 666 "$T/open"
exit_is "a world-writable config exits 65" 65 "$TIDENDE" -c "$T/open" config --check
is "it says why" "$(cat "$T/.err")" \
    "tidende: $T/open: anyone can change this file, and it names commands to run; refused (chmod o-w $T/open)"
chmod 664 "$T/open"
exit_is "a group-writable one is fine" 0 "$TIDENDE" -c "$T/open" config --check
exit_is "/dev/null is an empty config" 0 "$TIDENDE" -c /dev/null config --check
exit_is "an empty -c exits 65" 65 "$TIDENDE" -c "" config --check
is "and says so" "$(cat "$T/.err")" "tidende: config: the file name is empty"

# The default file under XDG_CONFIG_HOME is read when there is no -c.
mkdir -p "$XDG_CONFIG_HOME/tidende"
printf 'feed https://mine.example/ "Mine" own\n' >"$XDG_CONFIG_HOME/tidende/config"
exit_is "the XDG config is read" 0 "$TIDENDE" config --check
is "its feed replaces the defaults" "$(cat "$T/.out")" \
    "$XDG_CONFIG_HOME/tidende/config: ok, 1 feed, 0 saved searches, 0 ignores"
exit_is "config with no option is a usage error" 64 "$TIDENDE" config
exit_is "config --path exits 0" 0 "$TIDENDE" config --path
is "config --path names the XDG file" "$(cat "$T/.out")" "$XDG_CONFIG_HOME/tidende/config"
is "config --path names the -c file" "$("$TIDENDE" -c "$T/x" config --path)" "$T/x"
finish
