#!/bin/sh
# "dmacage regs" end to end: the register writes of a policy, checked
# against a golden file whose values were worked out by hand (see
# doc/checkers.md), plus the refusals and their exit codes.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
mkdir -p "$BUILD/test"
DMACAGE=${DMACAGE:-$BUILD/host/dmacage}
D=$TOP/test/memchk
OUT=$BUILD/test/memchk
mkdir -p "$OUT"
make -s -C "$TOP" tool >"$OUT/build.log" 2>&1 || {
	echo "FAIL: memchk-tool-build: make tool failed"; cat "$OUT/build.log"; exit 1; }
T=$DMACAGE

check() {	# name, expected rc, actual rc, extra condition result (0 = ok), why
	if [ "$3" = "$2" ] && [ "$4" = 0 ]; then
		echo "PASS: $1"
	else
		echo "FAIL: $1: exit $3 (want $2) $5"
	fi
}

"$T" regs -p "$D/policy.dts" -d "$D/os.dts" >"$OUT/regs.out" 2>"$OUT/regs.err"; rc=$?
diff -u "$D/regs-policy.expected" "$OUT/regs.out" >"$OUT/regs.diff"; d=$?
check memchk-regs-golden 0 $rc $d "$(head -c 400 "$OUT/regs.diff")"

# TZC-400 region 1 as worked by hand: base, inclusive top, NSAID 5/6 rd+wr.
grep -q '^0x2a4a0128 0x823fffff  # REGION_TOP_LOW_1$' "$OUT/regs.out" &&
grep -q '^0x2a4a0134 0x00600060  # REGION_ID_ACCESS_1$' "$OUT/regs.out"; g=$?
check memchk-regs-tzc400-region1 0 $rc $g "region 1 lines missing"

# Range checker: every window written before LOCK, LOCK last.
tail -n 2 "$OUT/regs.out" | head -n 1 | grep -q '# LOCK$'; g=$?
check memchk-regs-lock-last 0 $rc $g "LOCK is not the last write"

"$T" regs -p "$D/policy.dts" -d "$D/os.dts" --no-lock >"$OUT/nolock.out" 2>&1; rc=$?
grep -q '# LOCK$' "$OUT/nolock.out"; g=$?
[ $g = 1 ] && g=0 || g=1
check memchk-regs-no-lock 0 $rc $g "LOCK written despite --no-lock"

# More windows than the checker has: exit 1, named error, nothing written.
"$T" regs -p "$D/policy-exhaust.dts" -d "$D/os.dts" >"$OUT/exh.out" 2>"$OUT/exh.err"; rc=$?
g=1
grep -q 'too many checker windows: 2 windows needed, range checker has 1' "$OUT/exh.err" &&
	! grep -q '^0x' "$OUT/exh.out" && g=0
check memchk-regs-exhaustion 1 $rc $g "$(cat "$OUT/exh.err")"

# A domain that cannot be planned: exit 1, its client confined, no window.
"$T" regs -p "$D/policy-failed.dts" -d "$D/os.dts" >"$OUT/failed.out" 2>&1; rc=$?
g=1
grep -q '^0xf1100014 0x00000008  # CONFINE$' "$OUT/failed.out" &&
	! grep -q '^0xf1100100 ' "$OUT/failed.out" &&
	grep -q 'pcie1 not planned' "$OUT/failed.out" && g=0
check memchk-regs-failed-domain-denied 1 $rc $g "$(head -n 3 "$OUT/failed.out")"

# Secure-call checker: writes made by the service, same register map.
"$T" regs -p "$D/policy-smc.dts" -d "$D/os.dts" >"$OUT/smc.out" 2>&1; rc=$?
g=1
grep -q 'secure call' "$OUT/smc.out" &&
	grep -q '^0x00000108 0x81ffffff  # WIN0_END_LO$' "$OUT/smc.out" && g=0
check memchk-regs-secure-call 0 $rc $g "$(head -n 3 "$OUT/smc.out")"

"$T" regs -p "$D/policy-badchk.dts" -d "$D/os.dts" >"$OUT/bad.out" 2>"$OUT/bad.err"; rc=$?
grep -q '/checker@f1100000: compatible names no known checker' "$OUT/bad.err"; g=$?
check memchk-regs-bad-checker 2 $rc $g "$(cat "$OUT/bad.err")"

"$T" regs -p "$D/policy.dts" >"$OUT/usage.out" 2>&1; rc=$?
check memchk-regs-usage 2 $rc 0 ""

"$T" regs -p "$D/policy.dts" -d "$D/os.dts" --dram 0x40000000 >"$OUT/dram.out" 2>&1; rc=$?
check memchk-regs-bad-dram 2 $rc 0 "$(cat "$OUT/dram.out")"
# MSI doorbell grant (msi-window) on QEMU virt's tree: the GICv2m frame's
# page as its own TZC-400 region, write-only (NSAID 1 write bit only).
VIRT=$TOP/dts/examples/qemu-virt-arm64.dts
"$T" regs -p "$D/policy-msi.dts" -d "$VIRT" >"$OUT/msi.out" 2>&1; rc=$?
g=1
grep -q '^# window 1: 0x8020000..0x8020fff clients 0x2 w (MSI doorbell page)$' "$OUT/msi.out" &&
	grep -q '^0x090c0140 0x08020000  # REGION_BASE_LOW_2$' "$OUT/msi.out" &&
	grep -q '^0x090c0148 0x08020fff  # REGION_TOP_LOW_2$' "$OUT/msi.out" &&
	grep -q '^0x090c0154 0x00020000  # REGION_ID_ACCESS_2$' "$OUT/msi.out" && g=0
check memchk-regs-msi-window 0 $rc $g "$(head -n 6 "$OUT/msi.out")"

# The same policy on a tree whose host names no MSI controller: refused,
# the domain's client denied everywhere, no region opened.
"$T" regs -p "$D/policy-msi.dts" -d "$D/os.dts" >"$OUT/msi-none.out" 2>&1; rc=$?
g=1
grep -q 'pcie0 not planned (pcie0: msi-window: /pcie@10000000 has no msi-parent' "$OUT/msi-none.out" &&
	! grep -q 'REGION_BASE_LOW_1' "$OUT/msi-none.out" && g=0
check memchk-regs-msi-no-controller 1 $rc $g "$(head -n 3 "$OUT/msi-none.out")"
exit 0
