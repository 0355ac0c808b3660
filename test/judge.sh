# Judge dmacage's output the way Linux reads it, with the model of
# test/unit/linuxmodel.h behind test/corpus/judge.c. Sourced by the suites
# whose outputs are not judged otherwise; they set:
#   D   the host tool
#   J   the judge (make corpus-judge)
#   JW  a scratch directory (one per concurrent caller)
#
# judge_apply APPLY-ARGS...
#	APPLY-ARGS are the arguments a successful apply was given after
#	"apply"; its output is the -o file, or the -d file with --in-place
#	alone. The plan of each domain comes from "plan" with the same
#	policy, tree and options (on the output when the apply wrote over its
#	input); every planned domain must be confined in the output to its
#	restricted pool. Sets JUDGED to the number of domains judged and
#	JUDGE_WHY to the first failure; returns 1 on any failure.
# judge_plan TREE ARCH DRAM PLAN-JSON POLICY-DTB
#	the same for a given tree and plan (DRAM may be empty).
# fdt_from_log LOG OUT
#	the flat tree a booted Linux printed as "FDT:" lines
#	(test/uboot/init.sh) into OUT; returns 1 when there is none.
# judge_record DTB ARCH [CHAINS]
#	DTB's own /chosen/dmacage record held to its claims (judge record);
#	JUDGE_WHY the first failure, or the count of claims on success.

judge_plan() {
	local tree=$1 arch=$2 dram=$3 json=$4 pol=$5 dom h rb rs chains
	JUDGED=0 JUDGE_WHY=
	while IFS=$'\t' read -r dom h rb rs; do
		JUDGED=$((JUDGED + 1))
		chains=$(fdtget -t s "$pol" "/dmacage/$dom" endpoints 2>/dev/null | tr ' ' ,)
		if ! "$J" confined "$tree" "$arch" "$h" "$rb" "$rs" "${chains:--}" \
			${dram:+"$dram"} >"$JW/judge.out" 2>&1; then
			JUDGE_WHY="$dom: $(head -n 1 "$JW/judge.out")"
			return 1
		fi
	done < <(jq -r '.domains[] | select(.state == "planned") |
		[.name, .host, .restricted.base, .restricted.size] | @tsv' "$json")
	return 0
}

judge_apply() {
	local out= in= pol= dram= arch inplace=0 a
	local args=()
	while [ $# -gt 0 ]; do
		a=$1; shift
		case $a in
		-p) pol=$1; args+=(-p "$1"); shift ;;
		-d) in=$1; shift ;;
		-o) out=$1; shift ;;
		--format) shift ;;
		--in-place) inplace=1 ;;
		--dram) dram=$1; args+=(--dram "$1"); shift ;;
		--arch|--profile) args+=("$a" "$1"); shift ;;
		*) args+=("$a") ;;
		esac
	done
	[ $inplace = 1 ] && { [ -n "$out" ] || out=$in; in=$out; }
	JUDGED=0 JUDGE_WHY=
	if ! "$D" plan "${args[@]}" -d "$in" --format json >"$JW/plan.json" 2>"$JW/plan.err"; then
		JUDGE_WHY="plan of the same inputs failed: $(head -c 200 "$JW/plan.err")"
		return 1
	fi
	if ! dtc -q -O dtb -o "$JW/policy.dtb" "$pol" 2>"$JW/dtc.err"; then
		JUDGE_WHY="policy $pol: $(head -c 200 "$JW/dtc.err")"
		return 1
	fi
	arch=$(jq -r .arch "$JW/plan.json")
	judge_plan "$out" "$arch" "$dram" "$JW/plan.json" "$JW/policy.dtb"
}

fdt_from_log() {
	python3 -c 'import re, sys
text = open(sys.argv[1], errors="replace").read()
hexes = re.findall(r"^FDT: ([0-9a-f]+)\r?$", text, re.M)
sys.stdout.buffer.write(bytes.fromhex("".join(hexes)))' "$1" > "$2" && [ -s "$2" ]
}

judge_record() {
	if "$J" record "$@" >"$JW/record.out" 2>&1; then
		JUDGE_WHY=$(tail -n 1 "$JW/record.out")
		return 0
	fi
	JUDGE_WHY=$(grep -v '^ ' "$JW/record.out" | head -n 2 | tr '\n' ' ')
	return 1
}
