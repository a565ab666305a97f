#!/bin/sh
# In TESTS only when configure found no cmocka: the unit programs
# (tests/unit/test-*) were left out of the run.  That is a visible skip,
# or a failure when TIDENDE_STRICT_TESTS is set (CI sets it: there, a
# missing cmocka must not pass for a green run).
. "$TOP_SRCDIR/tests/lib.sh"
n=$(ls "$TOP_SRCDIR"/tests/unit/test-*.c 2>/dev/null | wc -l | tr -d ' ')
why="cmocka not found by configure: the $n unit programs in tests/unit were not built or run (apt-get install libcmocka-dev)"
[ -n "${TIDENDE_STRICT_TESTS:-}" ] || plan_skip "$why"
plan 1
fail "cmocka is installed (TIDENDE_STRICT_TESTS is set)" "$why"
finish
