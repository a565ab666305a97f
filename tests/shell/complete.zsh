# zsh -f complete.zsh COMPLETIONS_DIR OUTDIR LINE...
# Completes each LINE (a TAB at its end) in a real interactive zsh under
# zpty, with compinit and the completion function from COMPLETIONS_DIR
# on $fpath; the matches zsh's completion system receives (compadd -O)
# go to OUTDIR/N, sorted.  Waits for conditions, never for a time.
zmodload zsh/zpty
dir=$1 out=$2
shift 2
zpty z zsh -f -i
zpty -w z "PS1='%% '; setopt nobeep; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "compadd() { local -a __m; builtin compadd -O __m \"\$@\"; print -rl -- \$__m >> \$__out; builtin compadd \"\$@\" }"
# wait_for FILE [-s]: read the pty until FILE exists (or, with -s, has
# something in it), 10 s at most
wait_for() {
  local i=0 junk
  while [[ ! -e $1 || ( $2 == -s && ! -s $1 ) ]] && (( i++ < 200 )); do
    zpty -r -t z junk
    sleep 0.05
  done
}
zpty -w z ": > $out/ready"
wait_for $out/ready
n=0
for line in "$@"; do
  n=$(( n + 1 ))
  zpty -w z "__out=$out/$n.tmp; : > \$__out"
  zpty -n -w z "$line"$'\t'
  # no typing ahead while the completion runs: wait for its matches
  wait_for $out/$n.tmp -s
  # after the completion: clear the line, then say it is done
  zpty -n -w z $'\C-u'"mv $out/$n.tmp $out/$n.done"$'\n'
  wait_for $out/$n.done
  sort -u $out/$n.done > $out/$n
  rm -f $out/$n.done
done
zpty -d z
