#!/bin/bash
# Run every test suite and print one closing line: "N passed, N failed".
#
# A suite is test/<area>/suite.sh. It builds what it needs (through make) and
# prints one line per check:
#   PASS: <name>
#   FAIL: <name>: <why>
#   SKIP: <name>: <why>      (never counted as passed)
# A suite that exits non-zero counts as one more failure. Order: the areas in
# SUITES (cheap first), then any other suite found.
#
# Besides the full suites on U-Boot 2023.01 and Linux 6.1, a run covers the
# other supported bases and lines on both arches with a smaller set, as
# suites of their own after the others:
# UBOOT_BASES (default "2025.01") runs the U-Boot suite on each of these
# U-Boot bases, as suite "uboot@<base>", with the cases in UBOOT_BASE_CASES
# (default "host loaders brokenport": the boot plan equal to the hand-off
# plan, the host-tool parity, the loaders against the LMB reservation, and
# the port with its silent breaks put back, which those must catch) on the
# arches in UBOOT_BASE_ARCHS (default "arm64 arm").
# LINUX_LINES (default "6.12 7.3") runs the e2e suite's short set
# (E2E_SET=short) on Debian's kernel of each of those lines, as suite
# "e2e@<line>", on the arches in LINUX_LINES_ARCHES (default "arm64 arm");
# their kernels are built in the background after 6.1's. Empty values turn
# them off.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
mkdir -p "$BUILD/test"
SUITES="unit golden cli check fixup memchk corpus uboot sandbox e2e"
order=""
for s in $SUITES; do [ -x "$TOP/test/$s/suite.sh" ] && order="$order $s"; done
for f in "$TOP"/test/*/suite.sh; do
	s=$(basename "$(dirname "$f")")
	case " $order " in *" $s "*) ;; *) order="$order $s" ;; esac
done
UBOOT_BASES=${UBOOT_BASES-2025.01}
LINUX_LINES=${LINUX_LINES-6.12 7.3}
LINUX_LINES_ARCHES=${LINUX_LINES_ARCHES:-arm64 arm}
for b in $UBOOT_BASES; do order="$order uboot@$b"; done
for l in $LINUX_LINES; do order="$order e2e@$l"; done
# QEMU with the TZC-400 model takes minutes to build and only the later
# suites need it: build it in the background from the start, so that it
# overlaps the single-threaded QEMU runs of the earlier suites. Whoever
# needs it calls scripts/build-qemu.sh, which waits for this build (a lock)
# and builds again, loudly, if it failed.
nice "$TOP/scripts/build-qemu.sh" > "$BUILD/test/qemu-build.log" 2>&1 &
# The test kernels likewise: cold, they are the longest builds of all, and
# the suites that boot them come late. Each patched kernel is built on its
# stock one (scripts/build-linux.sh), so the pairs go in order. Two chains
# run side by side, 6.1's (the full e2e suite, early) and the other lines'
# (the short sets, last), so that each fills the other's single-threaded
# steps (configuring, linking, compressing).
# $1: kernel line, $2: arches
build_kernels() {
	local a
	for a in $2; do
		LINUX=$1 "$TOP/scripts/build-linux.sh" "$a" &&
		LINUX=$1 "$TOP/scripts/build-linux.sh" "$a" "$TOP"/patches/linux/$1/*.patch
	done
}
nice bash -c "$(declare -f build_kernels); build_kernels 6.1 'arm64 arm'" \
	> "$BUILD/test/linux-build.log" 2>&1 &
nice bash -c "$(declare -f build_kernels); for l in $LINUX_LINES; do build_kernels \$l '$LINUX_LINES_ARCHES'; done" \
	> "$BUILD/test/linux-build-lines.log" 2>&1 &
pass=0 fail=0 skip=0
for s in $order; do
	log="$BUILD/test/$s.log"
	echo "== suite $s"
	start=$(date +%s)
	case $s in
	uboot@*) env UBOOT="${s#*@}" UBOOT_ARCHS="${UBOOT_BASE_ARCHS:-arm64 arm}" \
		UBOOT_CASES="${UBOOT_BASE_CASES:-host loaders brokenport}" \
		"$TOP/test/uboot/suite.sh" ;;
	e2e@*)	LINUX=${s#e2e@} E2E_SET=short E2E_ARCHES=$LINUX_LINES_ARCHES \
			"$TOP/test/e2e/suite.sh" ;;
	*)	"$TOP/test/$s/suite.sh" ;;
	esac 2>&1 | tee "$log" | grep -E '^(PASS|FAIL|SKIP):|^  ' || true
	rc=${PIPESTATUS[0]}
	p=$(grep -c '^PASS:' "$log"); f=$(grep -c '^FAIL:' "$log"); k=$(grep -c '^SKIP:' "$log")
	if [ "$rc" != 0 ]; then
		echo "FAIL: suite $s exited with status $rc (log: $log)"
		tail -n 20 "$log" | sed 's/^/  | /'
		f=$((f + 1))
	fi
	echo "== suite $s: $p passed, $f failed, $k skipped ($(( $(date +%s) - start )) s)"
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + k))
done
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
