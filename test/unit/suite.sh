#!/bin/sh
# Unit tests: every test/unit/test_*.c, built with ASan+UBSan.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
mkdir -p "$BUILD/test"
make -s -C "$TOP" unit-tests >"$BUILD/test/unit-build.log" 2>&1 || {
	echo "FAIL: unit-build: make unit-tests failed"; cat "$BUILD/test/unit-build.log"; exit 1; }
rc=0
# A hang is a failure too (libfdt walks can loop on a bad tree): a test
# binary gets 10 minutes, far more than any needs.
# Only the tests that have a source now: a binary left from a deleted test
# must not run, nor count; a source without its binary is a failure.
for src in "$TOP"/test/unit/test_*.c; do
	t=$BUILD/host/unit/$(basename "$src" .c)
	if [ ! -x "$t" ]; then
		echo "FAIL: $(basename "$t"): not built"
		rc=1
		continue
	fi
	( cd "$TOP" && timeout 600 "$t" )
	r=$?
	[ $r = 124 ] && echo "FAIL: $(basename "$t"): still running after 600 s"
	[ $r = 0 ] || rc=1
done
exit $rc
