#!/bin/sh
# CI smoke pass of the fuzz harnesses: each runs a few seconds from the seed
# corpora (every .dts in the repo); any crash, sanitizer report or broken
# invariant (see fuzz/fuzz_common.h) fails it. `make fuzz` runs them longer.
cd "$(dirname "$0")/../.." || exit 1
SECS=${FUZZ_SMOKE_SECONDS:-12}
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
rc=0
for b in $OUT/fuzz_*; do
	[ -x "$b" ] || continue
	n=$(basename "$b")
	log=$OUT/smoke-$n.log
	mkdir -p "$OUT/smoke-$n"
	if "$b" -max_total_time="$SECS" -max_len=65536 \
		-artifact_prefix="$OUT/smoke-$n-" "$OUT/smoke-$n" $OUT/seeds \
		>"$log" 2>&1; then
		echo "PASS: fuzz $n: $(grep -o 'Done [0-9]* runs' "$log")"
	else
		echo "FAIL: fuzz $n: $(grep -m1 -E 'ERROR|adds|outside|modified|not a valid' "$log")"
		rc=1
	fi
done
exit $rc
