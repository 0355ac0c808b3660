#!/bin/sh
# CI smoke pass of the fuzz harnesses: each runs a few seconds from its seed
# corpus (every .dts in the repo; the committed seeds of fuzz/seeds/<harness>/
# for the others); any crash, sanitizer report or broken invariant (see the
# harnesses) fails it. The harnesses run 10 s each, two at a time. `make
# fuzz` runs them longer. Then:
#  - fuzz_tree's stage counts: at least half its inputs reach the fixup;
#  - fuzz_apply's: at least half its inputs pass the gate, and two in five
#    are patched and checked (its tree mutator; about half in a long run);
#  - fuzz_apply_policy's: at least a quarter of its inputs carry a policy
#    that parses (the policy is fuzzed with the tree);
#  - each fuzz_tree seed (a finding on an earlier core, CLASS-COMMIT.hex,
#    replayed with FT_ONLY=CLASS) passes on this core, and the ones found
#    on 4c34f3e, as the negative control, still fail there
#    (fuzz/old-code.sh replay);
#  - each fuzz_apply regression input (fuzz/regress/fuzz_apply/, a finding
#    of a campaign) passes on this core, and aborts on a mutant core that
#    brings the finding's bug back;
#  - the oracles of fuzz_policy and fuzz_check fire on a mutant harness (a
#    field left out of the policy writer, a rule missing from the
#    architecture-dependent list), fuzz_lookup's on a mutant core (a
#    subnode lookup that no longer ignores the unit address), and
#    fuzz_apply's whole-output oracles on a mutant core that drops a node
#    the planner avoided (fuzz/oracle.h).
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
		echo "PASS: fuzz $n: $(grep -o 'Done [0-9]* runs' "$log")$(grep -m1 '^stages:' "$log" | sed 's/^/, /')"
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

# fuzz_tree reaches the fixup on most inputs (its smoke run's counts:
# generated N read N planned N applied N patched N judged N)
set -- $(grep -m1 '^stages:' $OUT/smoke-fuzz_tree.log 2>/dev/null)
if [ "${2:-}" = generated ] && [ "${8:-}" = applied ] && [ "$3" -gt 0 ] &&
   [ $(( ${9} * 2 )) -ge "$3" ]; then
	echo "PASS: fuzz_tree: $9 of $3 generated trees reach the fixup, ${11} patched"
else
	echo "FAIL: fuzz_tree: fewer than half the generated trees reach the fixup (${*:-no counts})"
	rc=1
fi

# fuzz_apply's tree mutator keeps most inputs trees the gate accepts (its
# smoke run's counts: inputs N (P) valid N (P) read N (P) planned N (P)
# patched N (P) checked N (P)); byte-level mutation alone keeps about 13%
set -- $(grep -m1 '^stages:' $OUT/smoke-fuzz_apply.log 2>/dev/null)
if [ "${2:-}" = inputs ] && [ "${5:-}" = valid ] && [ "${14:-}" = patched ] &&
   [ "$3" -gt 0 ] && [ $(( ${6} * 2 )) -ge "$3" ] &&
   [ $(( ${15} * 5 )) -ge $(( $3 * 2 )) ]; then
	echo "PASS: fuzz_apply: $6 of $3 inputs pass the gate, ${15} patched and checked"
else
	echo "FAIL: fuzz_apply: fewer than half the inputs pass the gate or two in five are patched (${*:-no counts})"
	rc=1
fi

# fuzz_apply_policy: the same counts, with "parsed" after "valid"
set -- $(grep -m1 '^stages:' $OUT/smoke-fuzz_apply_policy.log 2>/dev/null)
if [ "${2:-}" = inputs ] && [ "${8:-}" = parsed ] && [ "$3" -gt 0 ] &&
   [ $(( ${9} * 4 )) -ge "$3" ]; then
	echo "PASS: fuzz_apply_policy: $9 of $3 inputs carry a policy that parses, ${18:-?} patched"
else
	echo "FAIL: fuzz_apply_policy: fewer than a quarter of the policies parse (${*:-no counts})"
	rc=1
fi

# each seed: a finding on an earlier core, confined on this one
for hex in fuzz/seeds/fuzz_tree/*.hex; do
	name=$(basename "$hex" .hex)
	cls=${name%%-*}	# the first word: FT_ONLY
	if FT_ONLY=$cls $OUT/fuzz_tree "$OUT/seeds-fuzz_tree/$name" >$OUT/seed-$name.log 2>&1; then
		echo "PASS: fuzz_tree seed $name: this core passes it"
	else
		echo "FAIL: fuzz_tree seed $name: $(grep -m1 -E 'linux model|^fuzz_tree:|ERROR' $OUT/seed-$name.log)"
		rc=1
	fi
done
# negative control: the same seeds fail on the core they were found on
fuzz/old-code.sh replay >$OUT/old-code.log 2>&1
old=$?
if [ $old = 3 ]; then
	echo "SKIP: fuzz_tree seeds on the earlier core: $(tail -n 1 $OUT/old-code.log)"
elif [ $old = 0 ] || grep -q '^found:' $OUT/old-code.log; then
	sed -n 's/^found: \([^:]*\): \(.*\)/PASS: fuzz_tree seed \1 fails on the earlier core: \2/p;
		s/^missed: \(.*\)/FAIL: fuzz_tree seed \1/p' $OUT/old-code.log
	grep -q '^missed:' $OUT/old-code.log && rc=1
else
	echo "FAIL: fuzz_tree: the earlier core does not build: $(tail -n 3 $OUT/old-code.log | tr '\n' ' ')"
	rc=1
fi

# each fuzz_apply regression input: a campaign's finding, passed on this core
for hex in fuzz/regress/fuzz_apply/*.hex; do
	name=$(basename "$hex" .hex)
	perl -ne 's/#.*//; s/\s+//g; print pack("H*", $_)' "$hex" >$OUT/regress-$name
	if $OUT/fuzz_apply $OUT/regress-$name >$OUT/regress-$name.log 2>&1; then
		echo "PASS: fuzz_apply regression $name: this core passes it"
	else
		echo "FAIL: fuzz_apply regression $name: $(grep -m1 -E '^fuzz_apply|ERROR' $OUT/regress-$name.log)"
		rc=1
	fi
done

# the oracles fire: mutant harnesses must abort within a minute
# NAME HARNESS SED-EXPR WANT [FILE]: the edit is made to the harness, or to
# FILE of lib/dmacage when given (a bug the harness must find in the core)
mutant() {
	local target=${5:-fuzz/$2.c} src=$OUT/mutant-$1.c srcs
	sed "$3" "$target" >"$src"
	if cmp -s "$src" "$target"; then
		echo "FAIL: fuzz mutant $1: the edit no longer applies to $target"
		rc=1
		return
	fi
	if [ -n "${5:-}" ]; then
		srcs="fuzz/$2.c $(ls lib/dmacage/*.c | grep -vx "$5") $src"
	else
		srcs="$src $(ls lib/dmacage/*.c)"
	fi
	# shellcheck disable=SC2086 # srcs is a word list
	clang -std=gnu11 -O1 -g -w -I$OUT/libfdt-san -Ifuzz -Itest/unit -Iinclude -Ilib/dmacage \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o $OUT/mutant-$1 $srcs $OUT/libfdt-san/libfdt.a
	rm -rf $OUT/mutant-$1.corpus
	mkdir -p $OUT/mutant-$1.corpus
	if [ -n "${6:-}" ]; then
		$OUT/mutant-$1 "$6" >$OUT/mutant-$1.log 2>&1
	else
		$OUT/mutant-$1 -max_total_time=60 -artifact_prefix=$OUT/mutant-$1- \
			$OUT/mutant-$1.corpus $OUT/seeds >$OUT/mutant-$1.log 2>&1
	fi
	if grep -q "$4" $OUT/mutant-$1.log; then
		echo "PASS: fuzz mutant $1: the oracle fires ($4)"
	else
		echo "FAIL: fuzz mutant $1: no '$4' $([ -n "${6:-}" ] && echo "on $6" || echo 'within 60 s')"
		rc=1
	fi
}
mutant policy-drops-dma-bits fuzz_policy \
	's/fdt_property_u32(fdt, "dma-bits", d->dma_bits)/0/' \
	'parses differently'
mutant check-r33-neutral fuzz_check 's/"R32", "R33", /"R32", /' \
	'arch-neutral errors\|arm does not'
mutant lookup-no-unit-address fuzz_lookup \
	"s/return !p\[len\] || (p\[len\] == '@' \&\& !memchr(s, '@', len));/return !p[len];/" \
	'differs from libfdt' lib/dmacage/structure.c
mutant domain-moved fuzz_apply \
	's/if (node < fx->host\[d\] || node >= end\[d\])/if (0)/' \
	'adds error' lib/dmacage/fixup.c $OUT/regress-domain-moved-0c382c0
mutant drops-recorded-non-pool fuzz_apply \
	's/if (!dmc_is_own_pool(fx->in, fx->record, node))/if (!dmc_record_has_pool(fx->in, fx->record, node))/' \
	"other changes than the plan's pools" lib/dmacage/fixup.c
exit $rc
