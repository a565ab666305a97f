#!/bin/sh
# Search in the terminal interface finds CJK words inside runs of kanji
# (issue 19, item 6), and highlights exactly the characters that matched,
# wide characters (two columns each) in the list, the article's header
# and its body, with the text after them where it belongs.
. "$TOP_SRCDIR/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || plan_skip "tmux not installed"
plan 12

cat >"$T/config" <<CFG
feed file://$TOP_SRCDIR/tests/fixtures/search/cjk.xml "Asia news"
set refresh-on-start no
set refresh-interval 0
CFG
"$TIDENDE" -c "$T/config" -d "$T/cache.db" refresh >/dev/null 2>"$T/err" ||
    { echo "Bail out! refresh: $(cat "$T/err")"; exit 1; }

tmux_start 110 40 "$TIDENDE" -c "$T/config" -d "$T/cache.db"
# marked: the screen with each run of highlighted (search-match: black on
# yellow) characters in [ ].
marked() {
	tmux -L "$TMUX_SOCK" capture-pane -p -e -t t | python3 -c '
import re, sys
for line in sys.stdin.read().split("\n"):
    out, hl, on = [], False, False
    for m in re.finditer(r"\x1b\[([0-9;]*)m|([^\x1b]+)", line):
        if m.group(2) is not None:
            if hl != on:
                out.append("[" if hl else "]")
                on = hl
            out.append(m.group(2))
            continue
        for p in (m.group(1) or "0").split(";"):
            p = int(p or 0)
            if p == 0 or p == 49 or 40 <= p <= 47 and p != 43 or p >= 100:
                hl = False
            elif p == 43:
                hl = True
    if on:
        out.append("]")
    print("".join(out).rstrip())'
}

ok "first screen shows the list" tmux_wait_for 'Asia news' 5
tmux_keys /
tmux_keys -l '東京'
tmux_keys Enter
ok "a CJK word inside a run of kanji is found" \
    tmux_wait_for 'Search: 東京 \(2 found' 5
s=$(marked)
like "highlighted in a title, the digits after it not" "$s" \
    'Tokyo Olympics legacy: \[東京\]2020の遺産$'
like "highlighted at the start of a title, the rest not" "$s" \
    ' \[東京\]都で大雪警報、交通に影響$'
unlike "no other character highlighted" "$(printf '%s\n' "$s" | grep -v '\[東京\]')" '\['
tmux_keys Down Enter
ok "the article opens" tmux_wait_for 'Title: +東京都で大雪警報' 5
tmux_wait_for '気象庁' 5
s=$(marked)
like "highlighted in the article's header" "$s" 'Title: +\[東京\]都で大雪警報、交通に影響'
like "highlighted in the body, after a comma of two columns" "$s" \
    '気象庁によると、\[東京\]都心でも積雪のおそれがあります。'
# one character: each of its matches, and nothing else
tmux_keys q /
tmux_keys C-u
tmux_keys -l '京'
tmux_keys Enter
tmux_wait_for 'Search: 京 \(4 found' 5
is "one character: every title that has it, it alone highlighted" \
    "$(marked | grep -o '[^ ]*\[京\][^ ]*' | sort | tr '\n' ' ')" \
    "[京]都の紅葉、見ごろ迎える🍁 北[京]举行国际会议 東[京]2020の遺産 東[京]都で大雪警報、交通に影響 "
# full-width Latin: found by ASCII, exactly its three wide letters marked
tmux_keys /
tmux_keys C-u
tmux_keys -l 'nhk'
tmux_keys Enter
ok "nhk finds ＮＨＫ" tmux_wait_for 'Search: nhk \(1 found' 5
like "ＮＨＫ highlighted, the katakana after it not" "$(marked)" \
    ' \[ＮＨＫ\]ニュース：新しいスマートフォン発売$'
tmux_keys Enter
tmux_wait_for 'Title: +ＮＨＫ' 5
like "and in the article's header" "$(marked)" \
    'Title: +\[ＮＨＫ\]ニュース：新しいスマートフォン発売'
tmux_keys Q
finish
