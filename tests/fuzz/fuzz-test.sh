#!/bin/sh
# Run every libFuzzer target for a bounded time, as TAP test cases.
#
# The targets (tests/fuzz/*-fuzzer) exist only in a build configured with
# `./configure CC=clang --enable-fuzzing`.  A normal (gcc, ASan) build finds
# them through FUZZ_BUILDDIR, the fuzzing build directory that
# `sh tools/quickstart check` makes beside it (build/fuzz); with neither,
# the whole test is skipped, visibly, or fails when TIDENDE_STRICT_TESTS
# is set (as CI does).
#
# For each target: one case replays the seed corpus tests/fuzz/corpus/NAME/
# and the area's fixtures tests/fixtures/NAME/, and the inputs earlier runs
# kept (every seed must run clean), one case fuzzes for its share of
# FUZZ_SECONDS (default 60, split evenly).  A crash keeps its input as
# tests/fuzz/crash-NAME-* in the build directory and fails the case.  New
# inputs that add coverage are kept in the build directory's
# tests/fuzz/found/NAME/ and seed the next run; with FUZZ_KEEP=srcdir they
# are also copied into tests/fuzz/corpus/NAME/ to be committed.
. "$TOP_SRCDIR/tests/lib.sh"

dir=""
for d in "$TOP_BUILDDIR" "${FUZZ_BUILDDIR:-}"; do
	[ -n "$d" ] || continue
	for f in "$d"/tests/fuzz/*-fuzzer; do
		[ -x "$f" ] && { dir=$d; break 2; }
	done
done
if [ -z "$dir" ] && [ -n "${FUZZ_BUILD_FAILED:-}" ]; then
	plan 1
	fail "the fuzzing build (clang --enable-fuzzing) compiles" "$(tail -n 30 "$FUZZ_BUILD_FAILED")"
	finish
fi
if [ -z "$dir" ]; then
	why="no libFuzzer targets built: needs clang and a build made with ./configure CC=clang --enable-fuzzing (sh tools/quickstart check makes one in build/fuzz)"
	# CI sets TIDENDE_STRICT_TESTS: there a missing clang fails the run.
	[ -n "${TIDENDE_STRICT_TESTS:-}" ] || plan_skip "$why"
	plan 1
	fail "the libFuzzer targets are built (TIDENDE_STRICT_TESTS is set)" "$why"
	finish
fi

n=0
for f in "$dir"/tests/fuzz/*-fuzzer; do [ -x "$f" ] && n=$((n + 1)); done
total=${FUZZ_SECONDS:-60}
share=$((total / n))
[ "$share" -ge 1 ] || share=1
plan $((2 * n))
diag "fuzzers from $dir, $share s each"

# libFuzzer reports its own leaks and crashes; keep ASan from aborting the
# report half-way.
# Stack traces need a symbolizer: llvm-symbolizer (Debian: package llvm),
# else binutils' addr2line, which the sanitizers can drive too.
sym=$(command -v llvm-symbolizer || ls /usr/lib/llvm-*/bin/llvm-symbolizer 2>/dev/null | tail -n 1)
[ -n "$sym" ] || sym=$(command -v addr2line || true)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:symbolize=1${sym:+:external_symbolizer_path=$sym}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${sym:+:external_symbolizer_path=$sym}"
out_dir=$TOP_BUILDDIR/tests/fuzz
mkdir -p "$out_dir"

for f in "$dir"/tests/fuzz/*-fuzzer; do
	[ -x "$f" ] || continue
	name=$(basename "$f" -fuzzer)
	# Seeds: tests/fuzz/corpus/NAME and the area's tests/fixtures/NAME,
	# and what earlier runs found and kept (below).
	keep=$out_dir/found/$name
	mkdir -p "$keep"
	seeds=""
	for d in "$TOP_SRCDIR/tests/fuzz/corpus/$name" "$TOP_SRCDIR/tests/fixtures/$name"; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	seeds=${seeds# }
	shown=$(echo "$seeds" | sed "s|$TOP_SRCDIR/||g")
	mkdir -p "$T/corpus-$name"
	set -- -rss_limit_mb=1024 -timeout=10 -artifact_prefix="$out_dir/crash-$name-"

	if [ -n "$seeds" ]; then
		# shellcheck disable=SC2086 # (seeds: directories without spaces)
		if "$f" "$@" -runs=0 $seeds "$keep" > "$T/$name-seeds.out" 2>&1; then
			pass "$name: every seed in $shown and $(ls "$keep" | wc -l | tr -d ' ') kept inputs run clean"
		else
			fail "$name: every seed in $shown and the kept inputs run clean" \
			    "$(tail -n 40 "$T/$name-seeds.out")"
		fi
	else
		skip "$name: seed corpus" "no tests/fuzz/corpus/$name or tests/fixtures/$name"
	fi

	# The first directory collects new inputs (scratch); seeds are read.
	# shellcheck disable=SC2086
	if "$f" "$@" -max_total_time="$share" -print_final_stats=1 \
	    "$T/corpus-$name" "$keep" $seeds > "$T/$name-fuzz.out" 2>&1; then
		stats=$(grep -E '^stat::number_of_executed_units' "$T/$name-fuzz.out" | awk '{print $2}')
		pass "$name: ${share} s of fuzzing, ${stats:-?} inputs, no crash"
	else
		fail "$name: ${share} s of fuzzing without a crash" \
		    "$(grep -E '^INFO: Seed:' "$T/$name-fuzz.out") (rerun: $f -seed=N ...)" \
		    "$(grep -E '^(==|SUMMARY|artifact_prefix|Test unit written|.*ERROR)' "$T/$name-fuzz.out" | head -n 20)" \
		    "$(tail -n 30 "$T/$name-fuzz.out")"
	fi

	# The corpus grows: of this run's new inputs, those that add coverage
	# to the seeds and to what was kept before are kept in
	# tests/fuzz/found/NAME of the build directory (libFuzzer's -merge=1
	# over a copy of both; its files are named by their SHA-1), and are
	# seeds of the next run.  FUZZ_KEEP=srcdir also copies them into
	# tests/fuzz/corpus/NAME of the source tree, to be committed.
	rm -rf "$T/merge-$name"
	mkdir -p "$T/merge-$name"
	# shellcheck disable=SC2086
	for d in $seeds "$keep"; do
		cp "$d"/* "$T/merge-$name"/ 2>/dev/null || :
	done
	ls "$T/merge-$name" >"$T/merge-$name.before"
	if "$f" -merge=1 -rss_limit_mb=1024 -timeout=10 "$T/merge-$name" \
	    "$T/corpus-$name" >"$T/$name-merge.out" 2>&1; then
		added=0
		for new in $(ls "$T/merge-$name" | grep -vxF -f "$T/merge-$name.before"); do
			cp "$T/merge-$name/$new" "$keep/"
			if [ "${FUZZ_KEEP:-}" = srcdir ] && mkdir -p "$TOP_SRCDIR/tests/fuzz/corpus/$name" 2>/dev/null; then
				cp "$T/merge-$name/$new" "$TOP_SRCDIR/tests/fuzz/corpus/$name/" 2>/dev/null || :
			fi
			added=$((added + 1))
		done
		diag "$name: $added new inputs that add coverage kept in ${keep#"$TOP_BUILDDIR/"}"
	else
		diag "$name: merging the new inputs failed; none kept" "$(tail -n 5 "$T/$name-merge.out")"
	fi
done
finish
