# shellcheck shell=bash
# Negative controls of the corpus test, sourced by suite.sh after the run:
# the judge and the whole pipeline must say "not confined" when it is so.
# Each takes a case the run found confined and breaks its output once.

ctl_pass() { echo "PASS: corpus control: $1"; }
ctl_fail() { echo "FAIL: corpus control: $1: $2"; }

# first case number of a class/key/form
ctl_case() {	# $1: key, $2: form
	awk -F'\t' -v k="$1" -v f="$2" '$2 == k && $6 == f { print $8; exit }' "$W/outcomes.tsv"
}

# ctl_judge NAME CASE TREE [DRAM]: the judge must say not confined
ctl_judge() {
	local name=$1 n=$2 tree=$3 c
	read -r _ arch _ host _ chains _ _ form < <(sed -n "${n}p" "$W/cases.txt")
	[ "$form" = endpoint ] || chains=-
	c=$(jq -r '[.domains[0].restricted.base, .domains[0].restricted.size] | @tsv' \
		"$W/cases/$n/apply.json")
	# shellcheck disable=SC2086
	if "$J" confined "$tree" "$arch" "$host" $c "$chains" ${4:-} > "$W/ctl.out" 2>&1; then
		ctl_fail "$name" "judged confined"
	else
		ctl_pass "$name: $(grep -m1 . "$W/ctl.out" | sed 's/^ *//')"
	fi
}

# every node below $2 (itself included) with a memory-region
ctl_mr_nodes() {	# $1: tree, $2: path
	local sub
	fdtget "$1" "$2" memory-region >/dev/null 2>&1 && echo "$2"
	for sub in $(fdtget -l "$1" "$2" 2>/dev/null); do
		ctl_mr_nodes "$1" "${2%/}/$sub"
	done
}

ctl_run() {
	local n host pool t=$W/ctl.dtb line

	n=$(ctl_case confined host)
	[ -n "$n" ] || { ctl_fail "host form" "no confined case to break"; return; }
	host=$(sed -n "${n}p" "$W/cases.txt" | cut -d' ' -f4)
	out=$W/cases/$n/out.dtb
	# shellcheck disable=SC2046 # base and size, two words
	if "$J" confined "$out" "$(sed -n "${n}p" "$W/cases.txt" | cut -d' ' -f2)" "$host" \
		$(jq -r '[.domains[0].restricted.base, .domains[0].restricted.size] | @tsv' \
		"$W/cases/$n/apply.json") - >/dev/null 2>&1; then
		ctl_pass "the unbroken output of case $n is judged confined"
	else
		ctl_fail "positive" "case $n's output is not judged confined"
	fi
	pool=$(fdtget -l "$out" /reserved-memory | grep -m1 -- '-restricted@')
	cp "$out" "$t"; fdtput -d "$t" "$host" memory-region
	ctl_judge "memory-region removed from the host" "$n" "$t"
	cp "$out" "$t"; fdtput -t x "$t" "$host" memory-region 0xdeadbeef
	ctl_judge "the host's pool phandle wrong" "$n" "$t"
	cp "$out" "$t"; fdtput -t s "$t" "/reserved-memory/$pool" status disabled
	ctl_judge "the pool disabled" "$n" "$t"
	cp "$out" "$t"; fdtput -r "$t" "/reserved-memory/$pool"
	ctl_judge "the pool removed" "$n" "$t"
	cp "$out" "$t"; fdtput -t x "$t" "$host" iommu-map 0 1 0 0x10000
	ctl_judge "an IOMMU added to the host" "$n" "$t"
	if "$J" disabled "$out" "$host"; then
		ctl_fail "a probed host" "judged not probed"
	else
		ctl_pass "a confined host is judged probed (so a check finding on it is never a known bug)"
	fi

	n=$(ctl_case confined endpoint)
	if [ -n "$n" ]; then
		host=$(sed -n "${n}p" "$W/cases.txt" | cut -d' ' -f4)
		out=$W/cases/$n/out.dtb
		cp "$out" "$t"
		for line in $(ctl_mr_nodes "$t" "$host"); do fdtput -d "$t" "$line" memory-region; done
		ctl_judge "memory-region removed from the functions (endpoint form)" "$n" "$t"
	else
		ctl_fail "endpoint form" "no confined case to break"
	fi

	n=$(ctl_case "confined, /memory a placeholder: refused by name, then --dram" host)
	if [ -n "$n" ]; then
		ctl_judge "a placeholder /memory the firmware did not fill" "$n" "$W/cases/$n/out.dtb"
	else
		ctl_fail "placeholder" "no confined case to break"
	fi

	# the room the model finds: the planned window, taken by the pools in
	# the output, is no longer free there; and with the host's DMA side
	# moved above 4 GiB (bus = CPU + 4 GiB over the low 4 GiB) there is
	# none: refusals for want of room are checked by a judge that can say so
	n=$(ctl_case confined host)
	read -r _ arch dtb host _ < <(sed -n "${n}p" "$W/cases.txt")
	line=$(jq -r '[.domains[0].window.base, .domains[0].window.size] | @tsv' \
		"$W/cases/$n/apply.json")
	if [ "$("$J" room "$W/cases/$n/out.dtb" "$arch" "$host" "${line#*$'\t'}")" = "room at ${line%$'\t'*}" ]; then
		ctl_fail "room" "the window is still free in case $n's output"
	else
		ctl_pass "case $n's window is taken in its output: the placement check can fail"
	fi
	cp "$dtb" "$t"
	pac=$(fdtget "$t" "${host%/*}" '#address-cells' 2>/dev/null || echo 2)
	# shellcheck disable=SC2046 # the parent's address cells, words
	fdtput -t x "$t" "$host" dma-ranges 0x02000000 1 0 $(for _ in $(seq "$pac"); do echo 0; done) 1 0
	if "$J" room "$t" "$arch" "$host" "${line#*$'\t'}" > "$W/ctl.out"; then
		ctl_fail "no room" "case $n with its DMA side above 4 GiB: $(cat "$W/ctl.out")"
	else
		ctl_pass "case $n with its DMA side above 4 GiB has no room: the no-room check can fail"
	fi

	# the whole pipeline, with a tool that lies: it says "confined" and
	# check finds nothing, but the host's memory-region is wrong
	n=$(ctl_case confined host)
	cat > "$W/liar" <<-'LIAR'
	#!/bin/bash
	case $1 in
	check) echo '{"findings": []}'; exit 0 ;;
	apply)	"$REAL_D" "$@" || exit
		while [ $# -gt 1 ] && [ "$1" != -o ]; do shift; done
		fdtput -t x "$2" "$LIAR_HOST" memory-region 0xdeadbeef ;;
	*) exec "$REAL_D" "$@" ;;
	esac
	LIAR
	chmod +x "$W/liar"
	host=$(sed -n "${n}p" "$W/cases.txt" | cut -d' ' -f4)
	line=$(sed -n "${n}p" "$W/cases.txt")
	mkdir -p "$W/liar.d/cases"
	cp "$W/cases.txt" "$W/liar.d/cases.txt"
	# shellcheck disable=SC2086 # the case's fields are words
	line=$(export REAL_D=$D LIAR_HOST=$host D=$W/liar W=$W/liar.d; run_case 1 $line)
	case $line in
	unexplained*"the Linux model says not confined"*) ctl_pass "a lying tool's output is unexplained: $(echo "$line" | cut -f7)" ;;
	*) ctl_fail "a lying tool" "classified as: $line" ;;
	esac
}
ctl_run
