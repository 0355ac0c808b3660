#!/bin/sh
# Long campaign: the harnesses one after another on ONE core at nice 19
# (the machine is shared), SECS each, round after round until killed.
cd "$(dirname "$0")/.." || exit 1
SECS=${1:-300}
OUT=build/fuzz
export DMC_FUZZ_POLICY=$OUT/seeds/policy-virt-hostbridge.dtb
while :; do
	for b in $OUT/fuzz_*; do
		n=$(basename "$b")
		mkdir -p "$OUT/corpus/$n"
		nice -n 19 "$b" -max_total_time="$SECS" -max_len=65536 \
			-artifact_prefix="$OUT/campaign-$n-" \
			"$OUT/corpus/$n" $OUT/seeds >>"$OUT/campaign-$n.log" 2>&1
	done
done
