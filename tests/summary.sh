#!/bin/sh
# Count test cases over every .trs file of the last `make check` and print
# the one-line summary: "N passed, N failed".  Skipped cases are listed on
# the line before.  Exit 1 when anything failed or nothing ran.
dir=${1:-.}
find "$dir/tests" -name '*.trs' 2>/dev/null | xargs cat 2>/dev/null | awk '
/^:test-result: PASS/  { pass++ }
/^:test-result: XFAIL/ { pass++ }
/^:test-result: FAIL/  { fail++ }
/^:test-result: XPASS/ { fail++ }
/^:test-result: ERROR/ { fail++ }
/^:test-result: SKIP/  { skip++ }
END {
	if (skip > 0) printf "%d skipped (see SKIP lines above)\n", skip
	printf "%d passed, %d failed\n", pass, fail
	exit (fail > 0 || pass == 0) ? 1 : 0
}'
