#!/bin/sh
# Bad input names FILE:LINE and exits 65 (issue 18, item 7): a config with
# a NUL byte says which line; an included file that is no config (a
# secret, like /etc/shadow) is named without showing its line; an OPML
# file over 64 MB exits 65, not 1; outlines nested deeper than 32 levels
# are reported as left out (with a line), not dropped quietly.
. "$TOP_SRCDIR/tests/lib.sh"
plan 11

printf 'set refresh-on-start no\n# two\nset sidebar no\x00\n' >"$T/binary"
exit_is "binary config: exit 65" 65 "$TIDENDE" -c "$T/binary" list
is "... naming the file and the line" "$(cat "$T/.err")" \
    "tidende: $T/binary:3: not a text file (a NUL byte)"

printf 'root:$6$SECRETHASH$xyz:19000:0:99999:7:::\n' >"$T/shadow"
chmod 600 "$T/shadow"
printf 'set refresh-on-start no\ninclude %s\n' "$T/shadow" >"$T/inc"
exit_is "include of a file that is no config: exit 65" 65 \
    "$TIDENDE" -c "$T/inc" list
like "... naming it and the line" "$(cat "$T/.err")" "^tidende: $T/shadow:1: "
unlike "... without showing the line" "$(cat "$T/.err")" "SECRETHASH|root:"
printf 'set refresh-on-start no\nfrob x\n' >"$T/typo"
"$TIDENDE" -c "$T/typo" list 2>"$T/typo.err"
like "a word-like unknown command is still quoted" "$(cat "$T/typo.err")" \
    "unknown command 'frob'"

# OPML over 64 MB (a sparse file: nothing to write)
truncate -s 65M "$T/big.opml" 2>/dev/null || dd if=/dev/zero of="$T/big.opml" bs=1M count=65 2>/dev/null
: >"$T/c-opml"
exit_is "OPML over 64 MB: exit 65" 65 "$TIDENDE" -c "$T/c-opml" import-opml "$T/big.opml"
like "... saying why" "$(cat "$T/.err")" "big\.opml: too large for an OPML file"

# 40 nested folders around two feeds, and one feed at the top
{
	echo '<?xml version="1.0"?><opml version="2.0"><head/><body>'
	echo '<outline text="top" xmlUrl="http://127.0.0.1:1/top.xml"/>'
	i=0; while [ $i -lt 40 ]; do echo "<outline text=\"f$i\">"; i=$((i + 1)); done
	echo '<outline text="deep1" xmlUrl="http://127.0.0.1:1/d1.xml"/>'
	echo '<outline text="deep2" xmlUrl="http://127.0.0.1:1/d2.xml"/>'
	i=0; while [ $i -lt 40 ]; do echo "</outline>"; i=$((i + 1)); done
	echo '</body></opml>'
} >"$T/deep.opml"
exit_is "deep outlines: the top feed is imported (exit 0)" 0 \
    "$TIDENDE" -c "$T/c-opml" import-opml "$T/deep.opml"
like "... the deep ones are reported, with a line" "$(cat "$T/.err")" \
    "deep\.opml: line [0-9]+: 2 feeds in outlines nested deeper than 32 levels left out"
grep -v top.xml "$T/deep.opml" >"$T/deep-only.opml"
: >"$T/c-opml2"
exit_is "only deep feeds: exit 65 (nothing imported)" 65 \
    "$TIDENDE" -c "$T/c-opml2" import-opml "$T/deep-only.opml"
finish
