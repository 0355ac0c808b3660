#!/bin/bash
# The terse build (DMC_TERSE; U-Boot's DMACAGE_TERSE) must decide exactly
# as the full one and differ only in text. The host tool built both ways
# runs on the same inputs:
#   - every golden example pair: the same expected output trees;
#   - "check" on every DTB of Debian's kernel packages (the corpus suite
#     unpacks them) and on the examples: the same findings (severity, rule,
#     item, node), counts and exit code; the terse findings carry no
#     message, the full ones do (the control that the build is terse);
#   - failing plans and applies: the same exit code, the same output tree
#     or none, the same JSON, except the sentences; the terse reason is the
#     domain and the code's short name. (What the tool itself says, such
#     as a file that is no DTB, is the same in both.)
# And the binary holds none of the sentences the full one has.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
W=$BUILD/test/terse
EX=$TOP/dts/examples
rm -rf "$W"; mkdir -p "$W"
make -s -C "$TOP" tool tool-terse >"$W/build.log" 2>&1 || {
	echo "FAIL: terse-build: make tool tool-terse failed"; tail -n 20 "$W/build.log"; exit 1; }
V=$BUILD/host/dmacage
T=$BUILD/host/dmacage-terse

pass() { echo "PASS: terse: $*"; }
fail() { echo "FAIL: terse: $*"; }

# --- golden outputs -------------------------------------------------------
GOLDEN_WORK=$W/golden DMACAGE_BIN=$T "$TOP/test/golden/suite.sh" |
	sed 's/^\(PASS\|FAIL\): golden/\1: terse: golden/'

# --- the checker on real trees ---------------------------------------------
# strip: the JSON of one run with every sentence emptied (a finding's
# message, a domain's reason, a failed run's error)
strip() {
	perl -pe 's/"(message|reason)": "(?:[^"\\]|\\.)*"/"$1": ""/g;
		  s/^  "error": ".*"/  "error": ""/' "$@"
}

for f in "$EX"/*.dts; do
	dtc -q -I dts -O dtb -o "$W/$(basename "$f" .dts).dtb" "$f"
done
find "$BUILD/corpus" -name '*.dtb' 2>/dev/null | sort > "$W/dtbs"
ls "$W"/*.dtb >> "$W/dtbs"
ncorpus=$(grep -c "^$BUILD/corpus/" "$W/dtbs")
if [ "$ncorpus" -lt 100 ]; then
	fail "check: only $ncorpus DTBs under $BUILD/corpus (the corpus suite unpacks them)"
fi
for b in V T; do
	bin=${!b}
	while read -r f; do
		echo "== $f"
		"$bin" check -d "$f" --format json 2>&1
		echo "== exit $?"
	done < "$W/dtbs" > "$W/check.$b"
done
n=$(grep -c '^== exit' "$W/check.V")
if cmp -s "$W/check.V" "$W/check.T"; then
	fail "check: the outputs are equal before the sentences are taken out"
elif cmp -s <(strip "$W/check.V") <(strip "$W/check.T"); then
	pass "check: $n trees, the same findings, counts and exit codes"
else
	fail "check: the findings differ: diff <(strip $W/check.V) <(strip $W/check.T)"
fi
nv=$(grep -c '"message": "[^"]' "$W/check.V")
nt=$(grep -c '"message": "[^"]' "$W/check.T")
if [ "$nt" -eq 0 ] && [ "$nv" -gt 0 ]; then
	pass "check: $nv findings with a sentence in the full build, none in the terse one"
else
	fail "check: findings with a sentence: $nv full, $nt terse"
fi

# --- failing plans and applies --------------------------------------------
# case NAME DT SED [ARGS...]: the host-bridge policy edited by SED
pol=$EX/policy-virt-hostbridge.dts
case_() {
	local name=$1 dt=$2 ed=$3 b bin rc; shift 3
	sed "$ed" "$pol" > "$W/$name.pol.dts"
	for b in V T; do
		bin=${!b}
		rm -f "$W/$name.$b.dtb"
		"$bin" apply -p "$W/$name.pol.dts" -d "$dt" -o "$W/$name.$b.dtb" \
			--format json "$@" > "$W/$name.$b.json" 2> "$W/$name.$b.err"
		echo $? > "$W/$name.$b.rc"
		if [ -f "$W/$name.$b.dtb" ]; then
			dtc -q -I dtb -O dts "$W/$name.$b.dtb" |
				sed 's/reason = ".*";/reason = "";/' > "$W/$name.$b.dts"
		else
			echo none > "$W/$name.$b.dts"
		fi
	done
	rc=$(cat "$W/$name.V.rc")
	if [ "$rc" = 0 ]; then
		fail "$name: the full tool succeeded; the case must fail"
	elif ! cmp -s "$W/$name.V.rc" "$W/$name.T.rc"; then
		fail "$name: exit $rc full, $(cat "$W/$name.T.rc") terse"
	elif ! cmp -s "$W/$name.V.dts" "$W/$name.T.dts"; then
		fail "$name: the output trees differ beyond the reason"
	elif ! cmp -s <(strip "$W/$name.V.json") <(strip "$W/$name.T.json"); then
		fail "$name: the JSON differs beyond the sentences"
	else
		out=written; [ -f "$W/$name.V.dtb" ] || out="no output"
		pass "$name: exit $rc both, $out, the same JSON; terse: $(head -n 1 "$W/$name.T.err")"
	fi
}
V64=$W/qemu-virt-arm64.dtb
case_ nofit "$V64" 's/restricted-size = <0x0 0x02000000>/restricted-size = <0x10 0x0>/'
case_ nofit-halt "$V64" 's/restricted-size = <0x0 0x02000000>/restricted-size = <0x10 0x0>/; s/"disable"/"halt"/'
case_ nohost "$V64" 's|/pcie@10000000|/pcie@20000000|'
case_ fixed-outside "$V64" 's|coherent-size = <0x0 0x00400000>;|&\n\t\t\tbase = <0x0 0x10000000>;|'
case_ lowmem32 "$W/qemu-virt-arm.dtb" 's/restricted-size = <0x0 0x02000000>/restricted-size = <0x0 0x40000000>/' --arch arm
case_ badpolicy "$V64" 's/"disable"/"ignore"/'
printf 'not a device tree' > "$W/garbage.dtb"
case_ badfdt "$W/garbage.dtb" ''
perl -ne 's/#.*//; s/\s+//g; print pack("H*", $_)' \
	"$TOP/test/badinput/prop-after-subnode.hex" > "$W/prop-after-subnode.dtb"
case_ prop-after-subnode "$W/prop-after-subnode.dtb" ''

# --- the text is not in the image ------------------------------------------
# Sentences of the planner, the checker and the policy parser, as the full
# tool prints them; none may be in the terse binary.
missing=0 found=0
for s in 'largest free gap' 'is outside every dma-ranges window' \
	 'is not in the OS device tree' 'no restricted pool on the host bridge'; do
	if ! grep -qF "$s" "$V"; then
		missing=$((missing + 1))
	elif grep -qF "$s" "$T"; then
		found=$((found + 1)); echo "  in the terse binary: $s"
	fi
done
if [ $missing -gt 0 ]; then
	fail "text: $missing of the sentences are not in the full binary either (the control)"
elif [ $found -gt 0 ]; then
	fail "text: $found sentences are in the terse binary"
else
	pass "text: 4 sentences in the full binary, none in the terse one"
fi
