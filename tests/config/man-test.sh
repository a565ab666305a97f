#!/bin/sh
# The manual pages as installed: groff -ww and mandoc -T lint find nothing
# to warn of; the directories are the configured ones (no /usr/local
# when the prefix is /usr); the ENVIRONMENT names only variables the
# program reads; what the issue found wrong stays fixed.  (That they list
# every option, action, key and `:` command is tests/unit/test-config.)
. "$TOP_SRCDIR/tests/lib.sh"
plan 16

M1="$TOP_BUILDDIR/tidende.1"
M5="$TOP_BUILDDIR/tidende.conf.5"
[ -f "$M1" ] && [ -f "$M5" ] || { echo "Bail out! the manual pages are not built"; exit 1; }

# The lint runs on the pages as a usual prefix makes them (a long one, as
# distcheck's, leaves paths groff cannot break), the built pages after.
make -s -C "$TOP_BUILDDIR" -B tidende.1 tidende.conf.5 prefix=/usr/local >/dev/null 2>&1
mkdir -p "$T/man"
cp "$M1" "$M5" "$T/man/"
make -s -C "$TOP_BUILDDIR" -B tidende.1 tidende.conf.5 >/dev/null 2>&1
for m in "$T/man/tidende.1" "$T/man/tidende.conf.5"; do
	n=$(basename "$m")
	if command -v groff >/dev/null 2>&1; then
		is "$n: groff -ww -mandoc -z: no warnings" "$(groff -ww -mandoc -z "$m" 2>&1)" ""
	else
		skip "$n: groff -ww -mandoc -z: no warnings" "groff not installed"
	fi
	if command -v mandoc >/dev/null 2>&1; then
		is "$n: mandoc -T lint: no warnings or errors" \
		    "$(mandoc -T lint -W warning "$m" 2>&1 | grep -v 'mandoc.db')" ""
	else
		skip "$n: mandoc -T lint: no warnings or errors" "mandoc not installed"
	fi
done

docdir=$(sed -n 's/^docdir = //p' "$TOP_BUILDDIR/Makefile")
prefix=$(sed -n 's/^prefix = //p' "$TOP_BUILDDIR/Makefile")
docdir=$(printf '%s' "$docdir" | sed "s|\${datarootdir}|$prefix/share|; s|\${PACKAGE_TARNAME}|tidende|")
like "tidende.1 names the configured docdir" "$(cat "$M1")" "^\\.It Pa $docdir/tidenderc\$"
like "tidende.conf.5 names the configured docdir" "$(cat "$M5")" "^\\.It Pa $docdir/tidenderc\$"
is "no @placeholder@ is left" "$(grep -c '@[a-z]*dir@' "$M1" "$M5" | grep -vc ':0$')" 0

# Built for another prefix, the pages say so.
make -s -C "$TOP_BUILDDIR" -B tidende.1 tidende.conf.5 prefix=/usr >/dev/null 2>&1
is "prefix=/usr: no /usr/local left" "$(grep -c /usr/local "$M1" "$M5" | grep -vc ':0$')" 0
like "... and the path is /usr's" "$(cat "$M1")" '^\.It Pa /usr/share/doc/tidende/tidenderc$'
make -s -C "$TOP_BUILDDIR" -B tidende.1 tidende.conf.5 >/dev/null 2>&1

# ENVIRONMENT: each XDG variable named there is read by the program.
env_vars=$(sed -n '/^\.Sh ENVIRONMENT/,/^\.Sh /s/^\.It Ev \(XDG_[A-Z_]*\).*/\1/p' "$M1")
unread=""
for v in $env_vars; do
	base=$(printf '%s' "$v" | sed 's/^XDG_//; s/_HOME$//')
	grep -q "xdg_[a-z_]*(\"$base\"" "$TOP_SRCDIR"/src/*.c || unread="$unread $v"
done
is "ENVIRONMENT names no XDG variable nothing reads" "$unread" ""

if command -v groff >/dev/null 2>&1; then
	out1=$(groff -mandoc -Tutf8 "$M1" 2>/dev/null | col -b 2>/dev/null || groff -mandoc -Tascii -P-c "$M1")
	out5=$(groff -mandoc -Tutf8 "$M5" 2>/dev/null | col -b 2>/dev/null || groff -mandoc -Tascii -P-c "$M5")
	like "list's synopsis: --tag with two dashes" "$out1" 'list \[--unread\] .*\[--tag name\]'
	like "list's synopsis: --ignored, --limit and --format" "$(printf '%s' "$out1" | tr -s ' \n\t' ' ')" \
	    'list \[--unread\] \[--starred\] \[--ignored\] .*\[--json . --format text . tsv . json\] \[--limit n\]'
	like "tidende.conf.5: the feed line's quoted title" "$out5" 'feed url \["title"\] \[tag \.\.\.\] \[option=value \.\.\.\]'
	like "m moves to the next line" "$(printf '%s' "$out1" | tr -s ' \n\t' ' ')" 'm Mark read or unread \(in the list, then move to the next line\)'
	like "max-items spares articles still in the feed" "$(printf '%s' "$out5" | tr -s ' \n\t' ' ')" 'max-items number Articles kept per feed \(0: no limit; starred ones and those the feed still carries are always kept\)'
else
	for t in 1 2 3 4 5; do skip "rendered text" "groff not installed"; done
fi
# the lists tools/config-docs writes (between BEGIN and END markers)
# are exactly what it would write now: no hand edit inside them
is "the generated lists agree with the tables (tools/config-docs --check)" \
    "$(cd "$TOP_SRCDIR" && python3 tools/config-docs --check 2>&1)" ""
finish
