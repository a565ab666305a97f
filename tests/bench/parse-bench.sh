#!/bin/sh
# tests/bench/parse-bench.sh [MB]: throughput of `tidende parse` on a
# generated WordPress-style RSS feed (content:encoded, Norwegian text, some
# CJK and emoji) and an Atom feed with xml:base, one core, output to
# /dev/null; and of sfeed(1) on the same RSS file when it is installed.
# Goal: >= 60 MB/s and >= 1.5 x sfeed.  Not part of `make check`.
set -e
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${TIDENDE:=$TOP_SRCDIR/tidende}"
MB=${1:-50}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/parse-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

python3 "$TOP_SRCDIR/tests/bench/gen-feed.py" rss "$MB" "$DIR/feed.rss"
python3 "$TOP_SRCDIR/tests/bench/gen-feed.py" atom "$MB" "$DIR/feed.atom"

now() { python3 -c 'import time; print(time.monotonic())'; }

# best of three runs: MB/s
rate() {
	_file=$1; shift
	_size=$(wc -c <"$_file")
	_best=
	for _i in 1 2 3; do
		_t0=$(now)
		"$@" <"$_file" >/dev/null
		_t1=$(now)
		_best=$(python3 -c "import sys; t=$_t1-$_t0; b='$_best'; print(min(t, float(b)) if b else t)")
	done
	python3 -c "print('%.1f' % ($_size / 1048576.0 / $_best))"
}

cpu="taskset -c 0"
command -v taskset >/dev/null 2>&1 || cpu=

size=$(python3 -c "print('%.1f' % ($(wc -c <"$DIR/feed.rss") / 1048576.0))")
items=$("$TIDENDE" parse "$DIR/feed.rss" | grep -c '^{"id"' || true)
echo "workload: $size MB WordPress-style RSS, $items items"
echo "tidende parse (RSS):  $(rate "$DIR/feed.rss" $cpu "$TIDENDE" parse -) MB/s"
echo "tidende parse (Atom): $(rate "$DIR/feed.atom" $cpu "$TIDENDE" parse -) MB/s"
if command -v sfeed >/dev/null 2>&1; then
	echo "sfeed (RSS):          $(rate "$DIR/feed.rss" $cpu sfeed) MB/s"
	echo "sfeed (Atom):         $(rate "$DIR/feed.atom" $cpu sfeed) MB/s"
else
	echo "sfeed: not installed (apt-get install sfeed)"
fi
