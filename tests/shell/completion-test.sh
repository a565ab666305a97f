#!/bin/sh
# The shell completions in completions/, sourced in the real shells:
# bash (with bash-completion, driven through COMP_WORDS), zsh (compinit
# in an interactive zsh under zpty) and fish (complete -C).  Commands,
# per-command options, values of --format, feed URLs and tags from the
# cache after --feed/--tag (of the -d on the line too), config options
# after `set`, files for parse.  And `make install` puts them where each
# shell looks.
. "$TOP_SRCDIR/tests/lib.sh"

C="$TOP_SRCDIR/completions"
GEN="$TOP_BUILDDIR/tests/db/db-gen"
PATH="$TOP_BUILDDIR:$PATH"
export PATH
mkdir -p "$XDG_DATA_HOME/tidende" "$T/files"
"$GEN" fixture "$XDG_DATA_HOME/tidende/cache.db" || { echo "Bail out! fixture"; exit 1; }
"$GEN" build "$T/other.db" 2 1 >/dev/null || { echo "Bail out! fixture"; exit 1; }
: > "$T/files/feed-a.xml"
cd "$T" || exit 1

# The lines every shell completes (a trailing space: a new word), and
# what must come back (space-separated, sorted; for bash the word
# after the last colon, as bash inserts it).
cases='tidende li|list
tidende help s|search show sync
tidende list --f|--feed --format
tidende search --format |json text tsv
tidende list --unread --c|--count
tidende list --feed |http://127.0.0.1/lwn http://127.0.0.1/nrk
tidende list --tag n|norsk nyheter
tidende -d other.db list --feed |http://127.0.0.1/feed/1 http://127.0.0.1/feed/2
tidende -q li|list
tidende list --unread --feed http://127.0.0.1/l|http://127.0.0.1/lwn
tidende set max-c|max-connections
tidende parse files/f|files/feed-a.xml'
printf '%s\n' "$cases" > "$T/cases"
ncases=$(wc -l < "$T/cases" | tr -d ' ')

have_bash=0 have_zsh=0 have_fish=0
[ -r /usr/share/bash-completion/bash_completion ] && command -v bash >/dev/null && have_bash=1
command -v zsh >/dev/null 2>&1 && have_zsh=1
command -v fish >/dev/null 2>&1 && have_fish=1
plan $((ncases * 3 + 11))

# skip_all N WHY
skip_all() { _i=0; while [ $_i -lt "$1" ]; do skip "$2" "$3"; _i=$((_i + 1)); done; }

# ---- bash: COMP_WORDS split as readline splits them (: is a word break)
if [ $have_bash = 1 ]; then
	printf '%s\n' "$cases" | cut -d'|' -f1 > "$T/lines"
	bash --norc --noprofile -c '
		. /usr/share/bash-completion/bash_completion
		. "$1/tidende"
		while IFS= read -r line; do
			COMP_LINE=$line COMP_POINT=${#line}
			# readline splits at blanks and at COMP_WORDBREAKS (:)
			read -ra COMP_WORDS <<<"$(printf "%s" "$line" | sed "s/:/ : /g")"
			case $line in *" ") COMP_WORDS+=("") ;; esac
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			COMPREPLY=()
			_tidende tidende "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
			printf "%s\n" "${COMPREPLY[@]}" | sort -u | tr "\n" " " | sed "s/ $//"
			echo
		done < "$2"' bash "$C" "$T/lines" > "$T/bash.out" 2>"$T/bash.err"
	n=0
	while IFS='|' read -r line want; do
		n=$((n + 1))
		case $line in *:*) want=$(printf '%s\n' $want | sed 's/^[^:]*://' | tr '\n' ' ' | sed 's/ $//') ;; esac
		is "bash: $line" "$(sed -n "${n}p" "$T/bash.out")" "$want"
	done < "$T/cases"
else
	skip_all "$ncases" "bash" "bash-completion not installed"
fi

# ---- zsh: the real completion system, in a pty
if [ $have_zsh = 1 ]; then
	mkdir -p "$T/zo"
	printf '%s\n' "$cases" | cut -d'|' -f1 > "$T/lines"
	n=0 args=""
	while IFS= read -r line; do
		set -- "$@" "$line"
	done < "$T/lines"
	zsh -f "$TOP_SRCDIR/tests/shell/complete.zsh" "$C" "$T/zo" "$@" </dev/null >/dev/null 2>&1
	set --
	n=0
	while IFS='|' read -r line want; do
		n=$((n + 1))
		got=$(tr '\n' ' ' < "$T/zo/$n" 2>/dev/null | sed 's/ $//')
		case $line in
		*files/f) # _files adds each part of the path
			like "zsh: $line" "$got" "feed-a\\.xml" ;;
		*) is "zsh: $line" "$got" "$want" ;;
		esac
	done < "$T/cases"
else
	skip_all "$ncases" "zsh" "zsh not installed"
fi

# ---- fish: complete -C
if [ $have_fish = 1 ]; then
	while IFS='|' read -r line want; do
		got=$(fish --no-config -c 'source $argv[1]; complete -C $argv[2] | cut -f1 | sort -u | string join " "' "$C/tidende.fish" "$line" 2>&1)
		is "fish: $line" "$got" "$want"
	done < "$T/cases"
else
	skip_all "$ncases" "fish" "fish not installed"
fi

# A command the usage lists is completed, with the options its --help
# names: the scripts hold no list of commands (discover, add, ...).
mkdir -p "$T/fake"
cat > "$T/fake/tidende" <<FAKE
#!/bin/sh
case "\$*" in
--help) "$TOP_BUILDDIR/tidende" --help | sed 's/^commands:\$/commands:\n  frobnicate [--zap]/' ;;
"frobnicate --help") echo "usage: tidende frobnicate [--zap] [--zork N]" ;;
*) exec "$TOP_BUILDDIR/tidende" "\$@" ;;
esac
FAKE
chmod +x "$T/fake/tidende"
for sh in bash fish; do
	case $sh in
	bash) [ $have_bash = 1 ] || { skip "$sh: a new command" "no $sh"; skip "$sh: its options" "no $sh"; continue; }
		got1=$(PATH="$T/fake:$PATH" bash --norc -c '. /usr/share/bash-completion/bash_completion; . "$1/tidende"
			COMP_WORDS=(tidende frob); COMP_CWORD=1; COMP_LINE="tidende frob"; COMP_POINT=12; _tidende; echo "${COMPREPLY[*]}"' bash "$C")
		got2=$(PATH="$T/fake:$PATH" bash --norc -c '. /usr/share/bash-completion/bash_completion; . "$1/tidende"
			COMP_WORDS=(tidende frobnicate --z); COMP_CWORD=2; COMP_LINE="tidende frobnicate --z"; COMP_POINT=22; _tidende; echo "${COMPREPLY[*]}"' bash "$C") ;;
	fish) [ $have_fish = 1 ] || { skip "$sh: a new command" "no $sh"; skip "$sh: its options" "no $sh"; continue; }
		got1=$(PATH="$T/fake:$PATH" fish --no-config -c 'source $argv[1]; complete -C "tidende frob" | cut -f1' "$C/tidende.fish")
		got2=$(PATH="$T/fake:$PATH" fish --no-config -c 'source $argv[1]; complete -C "tidende frobnicate --z" | cut -f1 | sort | string join " "' "$C/tidende.fish") ;;
	esac
	is "$sh: a command new in the usage" "$got1" frobnicate
	is "$sh: its options from its --help" "$got2" "--zap --zork"
done
is "complete options: the option table" "$(tidende complete options | grep -cx 'browser\|max-connections\|translate-command')" 3
is "complete feeds: nothing and exit 0 without a cache" \
    "$(tidende -d "$T/none.db" complete feeds; echo "rc=$?")" "rc=0"
[ ! -e "$T/none.db" ] && pass "complete feeds creates no cache" || fail "complete feeds creates no cache"

# make install puts each file where its shell looks (DESTDIR, our prefix).
if make -C "$TOP_BUILDDIR" install-data DESTDIR="$T/dest" >"$T/install.log" 2>&1; then
	prefix=$(sed -n 's/^prefix = //p' "$TOP_BUILDDIR/Makefile")
	for f in bash-completion/completions/tidende zsh/site-functions/_tidende \
	    fish/vendor_completions.d/tidende.fish; do
		[ -f "$T/dest$prefix/share/$f" ] && pass "make install: $f" ||
		    fail "make install: $f" "$(find "$T/dest" -type f)"
	done
else
	fail "make install" "$(tail -5 "$T/install.log")"
	skip "make install" "failed"
	skip "make install" "failed"
fi
exit_is "complete of something else: 64" 64 tidende complete nonsense
finish
