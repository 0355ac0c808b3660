#!/bin/sh
# CI smoke pass of the fuzz harnesses: each runs a few seconds from its seed
# corpus (every .dts in the repo; the register images of fuzz/seeds/<harness>/
# for the checker fault decoders); any crash, sanitizer report or broken
# invariant (see fuzz/fuzz_common.h, fuzz/fuzz_memchk.h) fails it. The
# harnesses run 10 s each, two at a time. `make fuzz` runs them longer.
cd "$(dirname "$0")/../.." || exit 1
SECS=${FUZZ_SMOKE_SECONDS:-10}
OUT=build/fuzz
if ! command -v clang >/dev/null; then
	echo "SKIP: fuzz: clang not installed"
	exit 0
fi
if ! make -s fuzz-build >$OUT.log 2>&1; then
	echo "FAIL: fuzz-build: see $OUT.log"
	exit 1
fi
export DMC_FUZZ_POLICY=$OUT/seeds/policy-virt-hostbridge.dtb
export DMC_FUZZ_OS=$OUT/seeds/qemu-virt-arm64.dtb
# One harness: its PASS/FAIL line into $OUT/smoke-<name>.result.
smoke() {
	b=$1 n=$(basename "$1")
	log=$OUT/smoke-$n.log
	mkdir -p "$OUT/smoke-$n"
	# as mk/fuzz.mk's fuzz_seeds: register images, or the DTBs
	if [ -d "fuzz/seeds/$n" ]; then
		seeds="-max_len=1024 $OUT/seeds-$n"
	else
		seeds="-max_len=65536 $OUT/seeds"
	fi
	if "$b" -max_total_time="$SECS" -artifact_prefix="$OUT/smoke-$n-" \
		"$OUT/smoke-$n" $seeds >"$log" 2>&1; then
		echo "PASS: fuzz $n: $(grep -o 'Done [0-9]* runs' "$log")"
	else
		echo "FAIL: fuzz $n: $(grep -m1 -E 'ERROR|adds|outside|modified|not a valid|invariant' "$log")"
	fi > "$OUT/smoke-$n.result"
}
# Two harnesses at a time, one per core; their lines in order afterwards.
# A result left by an earlier run must never stand for this one.
rm -f $OUT/smoke-*.result
running=0
for b in $OUT/fuzz_*; do
	[ -x "$b" ] || continue
	if [ $running -ge 2 ]; then
		wait
		running=0
	fi
	smoke "$b" &
	running=$((running + 1))
done
wait
rc=0
for b in $OUT/fuzz_*; do
	[ -x "$b" ] || continue
	r=$OUT/smoke-$(basename "$b").result
	cat "$r" 2>/dev/null || echo "FAIL: fuzz $(basename "$b"): no result"
	grep -q '^PASS' "$r" 2>/dev/null || rc=1
done
exit $rc
