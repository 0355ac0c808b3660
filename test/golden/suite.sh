#!/bin/bash
# Golden outputs: every example pair in dts/examples/ (listed in pairs) is
# applied with the host tool and the result, decompiled, must equal the
# committed test/golden/<name>.dts. A change to the fixup then shows up in
# review as a DT diff. Each output is also judged by the Linux model
# (test/corpus/judge.c): every planned domain confined to its restricted
# pool, and, as the negative control, not confined in the unpatched input.
# Another negative control perturbs one policy and expects the comparison
# to see it.
#
#   test/golden/suite.sh --update    rewrite the expected outputs
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
G=$TOP/test/golden
EX=$TOP/dts/examples
W=${GOLDEN_WORK:-$BUILD/test/golden}
rm -rf "$W"; mkdir -p "$W"
make -s -C "$TOP" tool corpus-judge >"$W/build.log" 2>&1 || {
	echo "FAIL: golden-build: make tool corpus-judge failed"; tail -n 20 "$W/build.log"; exit 1; }
J=$BUILD/host/corpus/judge
D=${DMACAGE_BIN:-$BUILD/host/dmacage}
update=0
[ "${1:-}" = --update ] && update=1

# apply NAME POLICY OSDT [ARGS...]: decompiled output in $W/NAME.dts
apply() {
	local name=$1 pol=$2 dt=$3; shift 3
	dtc -q -I dts -O dtb -o "$W/$name.in.dtb" "$EX/$dt.dts" || return 1
	"$D" apply -p "$pol" -d "$W/$name.in.dtb" -o "$W/$name.dtb" \
		--format json "$@" >"$W/$name.json" 2>"$W/$name.log" || return 1
	dtc -q -I dtb -O dts -o "$W/$name.dts" "$W/$name.dtb"
}

# judge NAME POLICY: every planned domain of $W/NAME.json, by the model
judge() {
	local name=$1 pol=$2 arch dom h rb rs chains n=0
	dtc -q -I dts -O dtb -o "$W/$name.pol.dtb" "$pol"
	arch=$(jq -r .arch "$W/$name.json")
	while IFS=$'\t' read -r dom h rb rs; do
		n=$((n + 1))
		chains=$(fdtget -t s "$W/$name.pol.dtb" "/dmacage/$dom" endpoints \
			2>/dev/null | tr ' ' ,)
		if ! "$J" confined "$W/$name.dtb" "$arch" "$h" "$rb" "$rs" \
			"${chains:--}" >"$W/$name.judge" 2>&1; then
			echo "FAIL: golden: $name: $dom: the Linux model says not confined: $(head -n 1 "$W/$name.judge")"
		elif "$J" confined "$W/$name.in.dtb" "$arch" "$h" "$rb" "$rs" \
			"${chains:--}" >/dev/null 2>&1; then
			echo "FAIL: golden: $name: $dom: the model calls the unpatched input confined too"
		else
			echo "PASS: golden: $name: $dom confined as Linux reads it (not in the input)"
		fi
	done < <(jq -r '.domains[] | select(.state == "planned") |
		[.name, .host, .restricted.base, .restricted.size] | @tsv' "$W/$name.json")
	[ $n -gt 0 ] || echo "FAIL: golden: $name: no planned domain to judge"
}

n=0
while read -r name pol dt args; do
	case $name in ''|'#'*) continue ;; esac
	n=$((n + 1))
	# shellcheck disable=SC2086 # args is a word list
	if ! apply "$name" "$EX/$pol.dts" "$dt" $args; then
		echo "FAIL: golden: $name: apply failed: $(head -c 300 "$W/$name.log")"
		continue
	fi
	if [ $update = 1 ]; then
		cp "$W/$name.dts" "$G/$name.dts"
		echo "PASS: golden: $name: updated"
	elif diff -u "$G/$name.dts" "$W/$name.dts" >"$W/$name.diff"; then
		echo "PASS: golden: $name"
	else
		echo "FAIL: golden: $name: output differs from test/golden/$name.dts"
		head -n 30 "$W/$name.diff" | sed 's/^/  /'
	fi
	judge "$name" "$EX/$pol.dts"
done <"$G/pairs"
[ "$n" -gt 0 ] || echo "FAIL: golden: no pairs in $G/pairs"

# Negative control: 2 MiB more restricted pool moves the window, and the
# comparison must see it.
sed 's/restricted-size = <0x0 0x02000000>/restricted-size = <0x0 0x02200000>/' \
	"$EX/policy-virt-hostbridge.dts" >"$W/perturbed-policy.dts"
if cmp -s "$W/perturbed-policy.dts" "$EX/policy-virt-hostbridge.dts"; then
	echo "FAIL: golden: negative control: the policy did not change"
elif ! apply perturbed "$W/perturbed-policy.dts" qemu-virt-arm64; then
	echo "FAIL: golden: negative control: apply failed: $(head -c 300 "$W/perturbed.log")"
elif diff -q "$G/virt64-hostbridge.dts" "$W/perturbed.dts" >/dev/null; then
	echo "FAIL: golden: negative control: a changed policy gave the same output"
else
	echo "PASS: golden: negative control (a changed policy changes the output)"
fi
