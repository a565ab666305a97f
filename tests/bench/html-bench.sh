#!/bin/sh
# How long `tidende show` takes to render articles of 20 KB, 200 KB and
# 2 MB of HTML (whole process: start, cache read, render, print), and the
# same HTML through w3m and lynx when they are installed.
set -u
: "${BENCH_OUT:?run through make bench}"
command -v python3 >/dev/null 2>&1 || { echo "html: python3 not installed, not measured"; exit 1; }

python3 - "$BENCH_OUT" <<'PY'
import random, sys
out = sys.argv[1]
random.seed(7)
words = ("Regjeringen vil ikke endre skatten for neste år og økonomien er "
         "sterk mens husholdningene merker prisene 日本語の文章").split()
def article(size):
    parts, n = [], 0
    while n < size:
        p = " ".join(random.choice(words) for _ in range(60))
        k = len(parts)
        if k % 7 == 3:
            s = "<ul>" + "".join("<li>%s</li>" % random.choice(words) for _ in range(8)) + "</ul>"
        elif k % 11 == 5:
            s = "<blockquote><p>%s</p></blockquote>" % p
        else:
            s = '<p>%s <a href="/a/%d">lenke</a> <b>%s</b></p>' % (p, k, random.choice(words))
        parts.append(s)
        n += len(s.encode())
    return "".join(parts)
with open(out + "/feed.xml", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            '<title>Bench</title><link>https://bench.example/</link>\n')
    for i, size in enumerate((20000, 200000, 2000000)):
        f.write("<item><title>a%d</title><link>https://bench.example/%d</link>"
                "<guid>g%d</guid><description><![CDATA[%s]]></description></item>\n"
                % (size, i, i, article(size)))
        with open(out + "/a%d.html" % size, "w") as h:
            h.write("<html><body>" + article(size) + "</body></html>")
    f.write("</channel></rss>\n")
PY

cfg="$BENCH_OUT/config"
db="$BENCH_OUT/cache.db"
printf 'feed file://%s/feed.xml\nset refresh-on-start no\n' "$BENCH_OUT" > "$cfg"
"$TIDENDE" -q -c "$cfg" -d "$db" refresh >/dev/null || { echo "html: refresh failed"; exit 1; }

now_ms() { date +%s%N | cut -c1-13; }
best() {	# best of 3 runs of "$@", in ms
	b=""
	for _ in 1 2 3; do
		t0=$(now_ms); "$@" >/dev/null 2>&1; t1=$(now_ms)
		t=$((t1 - t0))
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}

for size in 20000 200000 2000000; do
	id=$("$TIDENDE" -c "$cfg" -d "$db" list | awk -v t="a$size" '$NF == t { print $1 }')
	[ -n "$id" ] || { echo "html: article a$size not in the cache"; exit 1; }
	kb=$((size / 1000))
	echo "show ${kb}KB: $(best "$TIDENDE" -c "$cfg" -d "$db" show --width 80 "$id") ms (tidende show --width 80, whole process)"
	echo "show ${kb}KB lines: $("$TIDENDE" -c "$cfg" -d "$db" show --width 80 "$id" | wc -l) lines"
	for peer in w3m lynx; do
		if command -v $peer >/dev/null 2>&1; then
			case $peer in
			w3m)  t=$(best w3m -dump -cols 80 -T text/html "$BENCH_OUT/a$size.html") ;;
			lynx) t=$(best lynx -dump -width=80 "$BENCH_OUT/a$size.html") ;;
			esac
			echo "  $peer ${kb}KB: $t ms ($peer -dump, 80 columns)"
		else
			echo "  $peer: not installed"
		fi
	done
done
