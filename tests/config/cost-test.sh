#!/bin/sh
# Input that would cost too much is refused with a clear error (issue 18,
# item 8): a config line of 2 million tags (230 MB) and a feed with more
# than 64 tags name FILE:LINE and exit 65; a search of 8,000 quoted
# phrases (1 GB) or 8,000 words (3.4 s) says what the limit is and exits
# 64, while 64 words still run.
. "$TOP_SRCDIR/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || plan_skip "python3 not installed"
plan 10

python3 -c 'import sys
print("set refresh-on-start no")
print("feed http://127.0.0.1:1/x.xml \"T\" " + " ".join("t%d" % i for i in range(2000000)))' >"$T/huge"
exit_is "2 million tags on a line: exit 65" 65 "$TIDENDE" -c "$T/huge" list
is "... naming the file and line" "$(cat "$T/.err")" \
    "tidende: $T/huge:2: line too long (more than 64 kB)"
python3 -c 'print("feed http://127.0.0.1:1/x.xml \"T\" " + " ".join("t%d" % i for i in range(65)))' >"$T/tags65"
exit_is "65 tags: exit 65" 65 "$TIDENDE" -c "$T/tags65" list
is "... naming the file and line" "$(cat "$T/.err")" \
    "tidende: $T/tags65:1: more than 64 tags"
python3 -c 'print("feed http://127.0.0.1:1/x.xml \"T\" " + " ".join("t%d" % i for i in range(64)))' >"$T/tags64"
exit_is "64 tags are fine" 0 "$TIDENDE" -c "$T/tags64" list

: >"$T/config"
"$TIDENDE" -c "$T/config" -d "$T/cache.db" refresh >/dev/null 2>&1
phrases=$(python3 -c 'print(" ".join("\"w%d x\"" % i for i in range(8000)))')
exit_is "8,000 phrases: exit 64" 64 "$TIDENDE" -c "$T/config" -d "$T/cache.db" search "$phrases"
like "... saying the limit" "$(cat "$T/.err")" "search is too long \(at most 4096 bytes\)"
words=$(python3 -c 'print(" ".join("w%d" % i for i in range(65)))')
exit_is "65 words: exit 64" 64 "$TIDENDE" -c "$T/config" -d "$T/cache.db" search "$words"
like "... saying the limit" "$(cat "$T/.err")" "too many words in the search \(at most 64\)"
words=$(python3 -c 'print(" ".join("w%d" % i for i in range(64)))')
exit_is "64 words still run" 0 "$TIDENDE" -c "$T/config" -d "$T/cache.db" search "$words"
finish
