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
for t in "$BUILD"/host/unit/test_*; do
	[ -x "$t" ] || continue
	( cd "$TOP" && timeout 600 "$t" )
	r=$?
	[ $r = 124 ] && echo "FAIL: $(basename "$t"): still running after 600 s"
	[ $r = 0 ] || rc=1
done
exit $rc
