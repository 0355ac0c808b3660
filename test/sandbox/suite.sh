#!/bin/bash
# The checker uclass inside U-Boot: the "ut dm memchk_*" tests of
# test/sandbox/memchk.c (linked in as U-Boot's test/dm/memchk.c), built into
# sandbox (make uboot-sandbox) and run against its test.dtb, where each test
# runs on the live tree and again on the flat tree.
#
# Negative controls: the same tests against copies of test.dtb in which a
# sandbox checker misbehaves (sandbox,lost-writes or sandbox,stuck-bits on
# its node). Each such run must fail in the test aimed at, or that test
# could not tell a checker that holds its programming from one that does
# not.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
T=$BUILD/test/sandbox
mkdir -p "$T"
# sandbox makes its emulated MMC images in the current directory
cd "$T" || exit 1
fail() { echo "FAIL: $1: $2"; }

make -s -C "$TOP" uboot-sandbox > "$T/build.log" 2>&1 || {
	fail sandbox-build "make uboot-sandbox failed ($T/build.log)"
	tail -n 20 "$T/build.log"; exit 1; }
SB=$BUILD/uboot/sandbox
UB=$SB/u-boot
DTB=$SB/arch/sandbox/dts/test.dtb
[ -x "$UB" ] && [ -f "$DTB" ] || {
	fail sandbox-build "no $UB or $DTB after the build"; exit 1; }
echo "PASS: sandbox-build: $UB"

tests=$(sed -n 's/^DM_TEST(dm_test_\(memchk_[a-z0-9_]*\),.*/\1/p' \
	"$TOP/test/sandbox/memchk.c")
[ -n "$tests" ] || { fail sandbox-tests "no DM_TEST in test/sandbox/memchk.c"; exit 1; }

# ut NAME DTB LOG: run "ut dm NAME" on DTB. Status 0 when the test ran on
# both trees and ut counted no failure.
ut() {
	local rc runs
	# the sandbox console ends its lines with CR LF
	timeout 120 "$UB" -d "$2" -c "ut dm $1" < /dev/null 2>&1 | tr -d '\r' > "$3"
	rc=${PIPESTATUS[0]}
	runs=$(grep -c "^Test: dm_test_$1: " "$3")
	[ "$rc" = 0 ] && [ "$runs" = 2 ] && grep -q '^Failures: 0$' "$3"
}

for t in $tests; do
	if ut "$t" "$DTB" "$T/$t.log"; then
		echo "PASS: sandbox-ut-$t (live and flat tree)"
	else
		fail "sandbox-ut-$t" "$(grep -E -m 3 'memchk\.c:[0-9]+|Failures:|not found' "$T/$t.log" | tr '\n' ' ') (log: $T/$t.log)"
	fi
done

# broken TEST CHECK NODE PROPERTY CELLS... : TEST must fail when NODE
# carries the defect PROPERTY = <CELLS>, at the assertion on CHECK (a
# failure anywhere else would not show that this check works).
broken() {
	local t=$1 check=$2 node=$3 prop=$4 name dtb log
	shift 4
	name="sandbox-neg-$t-${prop#sandbox,}"
	dtb=$T/$t-broken.dtb
	log=$T/$t-broken.log
	cp "$DTB" "$dtb" && fdtput -t x "$dtb" "$node" "$prop" "$@" || {
		fail "$name" "cannot add $prop to $node in a copy of $DTB"; return; }
	if ut "$t" "$dtb" "$log"; then
		fail "$name" "ut dm $t passed with $node $prop = <$*> (log: $log)"
	elif grep "memchk\.c:[0-9]*, dm_test_$t(): " "$log" | grep -qF "$check"; then
		echo "PASS: $name: ut dm $t fails at $check with $node $prop = <$*>"
	else
		fail "$name" "ut dm $t did not fail at $check (log: $log)"
	fi
}

# BUILD_CONFIG bit 1 stuck at 1: the TZC-400 reports 2 more regions.
broken memchk_probe 'd->nwindows' /memchk-tzc sandbox,stuck-bits 0x0 0x2 0x0
# REGION_TOP_LOW_1 drops writes: window 0 does not read back.
broken memchk_program 'memchk_program(c' /memchk-tzc sandbox,lost-writes 0x128
# FAIL_ID_1 bit 6 stuck at 1: the denied access carries an AXI ID no
# client has.
broken memchk_faults 'v[0].aid' /memchk-tzc sandbox,stuck-bits 0x3c 0x40 0x0
# The range checker's LOCK bit never sets.
broken memchk_lock 'memchk_lock(c' /memchk-rc sandbox,stuck-bits 0x10 0x0 0x1
