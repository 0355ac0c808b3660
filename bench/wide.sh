#!/bin/sh
# SPDX-License-Identifier: GPL-2.0+
# Wide trees: how the host tool's time grows with the width of one node.
#   /reserved-memory with N children (check; no-map regions, then
#   restricted pools), and N sibling function nodes below the host bridge
#   (apply, endpoint form), N doubling up to 16,000 and 8,000. Each is QEMU virt's arm64 DT with the width added; times
#   are wall clock, the best of three runs, in milliseconds. Linear time
#   doubles with N; quadratic time quadruples. Asserts nothing.
cd "$(dirname "$0")/.." || exit 1
B=build/bench/wide
D=${DMACAGE_BIN:-build/host/dmacage}
BASE=dts/examples/qemu-virt-arm64.dts
EP=dts/examples/policy-virt-endpoint.dts
mkdir -p $B

# wide KIND N: the width added to the base tree. The children go in
# blocks of 2,000 (dtc merges them): its parser runs out of stack near
# 10,000 nodes in one block.
#   resv:  N no-map 4 KiB regions, 64 KiB apart, from 0x50000000
#   pools: N restricted-dma-pool regions there instead, each with a
#          phandle (every one breaks rules: findings on every child)
#   funcs: N sibling function nodes behind the root port at 00:01.0, the
#          policy's endpoint 01.0/00.0 among them. One bus has 256 devfns,
#          so beyond that siblings share one (the bus number in reg
#          differs) and the fixup's own check refuses the output (R25,
#          exit 1) after all the work.
wide() {
	awk -v kind="$1" -v n="$2" 'BEGIN {
		if (kind != "funcs") {
			print "/ { reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges; }; };"
			parent = "/reserved-memory"
		} else {
			print "&{/pcie@10000000} { pci@1,0 { reg = <0x800 0 0 0 0>; #address-cells = <3>; #size-cells = <2>; ranges; }; };"
			parent = "/pcie@10000000/pci@1,0"
		}
		for (i = 0; i < n; i++) {
			if (i % 2000 == 0)
				print (i ? "};" : "") "&{" parent "} {"
			a = 1342177280 + i * 65536	# 0x50000000: mawk reads no hex
			d = i % 256
			if (kind == "resv")
				printf "r%d@%x { reg = <0x0 0x%x 0x0 0x1000>; no-map; };\n", i, a, a
			else if (kind == "pools")
				printf "r%d@%x { compatible = \"restricted-dma-pool\"; reg = <0x0 0x%x 0x0 0x1000>; phandle = <%d>; };\n",
					i, a, a, 65536 + i
			else
				printf "f%d@%x,%x { reg = <0x%x 0 0 0 0>; };\n", i, d / 8, d % 8,
					(int(i / 256) + 1) * 65536 + d * 256
		}
		print "};"
	}'
}

# ms CMD...: the best wall time of three runs, and the last exit status
ms() {
	best=
	for _ in 1 2 3; do
		s=$(date +%s%N)
		"$@" > /dev/null 2>&1
		rc=$?
		t=$(( ($(date +%s%N) - s) / 1000000 ))
		[ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
	done
	echo "$best $rc"
}

row() {	# label N ms rc prev
	if [ -n "$5" ] && [ "$5" -gt 0 ]; then
		r=$(awk -v a="$3" -v b="$5" 'BEGIN { printf "%.1fx", a / b }')
	else
		r=-
	fi
	printf '%-34s %6s %8s ms %6s   exit %s\n' "$1" "$2" "$3" "$r" "$4"
}

check() { "$D" check -d "$1"; }
apply() { "$D" apply -p $EP -d "$1" -o $B/out.dtb; }

# series KIND LABEL RUN SIZES...: a row per N; RUN (check, apply) gets the tree
series() {
	kind=$1 label=$2 run=$3 prev=
	shift 3
	for n in "$@"; do
		f=$B/$kind-$n.dtb
		[ -f "$f" ] || { cat $BASE; wide "$kind" "$n"; } |
			dtc -q -O dtb -o "$f" - || continue
		# shellcheck disable=SC2046 # time and status, two words
		set -- $(ms "$run" "$f")
		row "$label" "$n" "$1" "$2" "$prev"
		prev=$1
	done
}

echo "Wide trees (host tool, best of 3)       N     time  vs N/2"
series resv "check, /reserved-memory children" check 1000 2000 4000 8000 16000
series pools "check, restricted pool children" check 1000 2000 4000 8000 16000
series funcs "apply, sibling function nodes" apply 1000 2000 4000 8000
