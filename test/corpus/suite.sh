#!/bin/bash
# The corpus test: every DTB of Debian 12's linux-image-*-arm64 and
# linux-image-*-armmp packages. For every PCIe host Linux probes, in the
# host-bridge form and (where the tree has function nodes) the endpoint
# form, with a standard policy: plan, apply, check, judge with the Linux
# model (judge.c) and re-apply. Every outcome gets a reason (doc/corpus.md):
#   PASS  the outcome is explained (confined, or refused for the right reason)
#   SKIP  a known dmacage bug (reproducers: test/corpus/bug-*.dts), never
#         counted passed
#   FAIL  unexplained
# CORPUS_TABLE=FILE also writes the outcome table (make corpus-table).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
mkdir -p "$BUILD/test"
make -s -C "$TOP" tool corpus-judge >"$BUILD/test/corpus-build.log" 2>&1 || {
	echo "FAIL: corpus-build: make tool corpus-judge failed"
	cat "$BUILD/test/corpus-build.log"; exit 1; }
D=${DMACAGE_BIN:-$BUILD/host/dmacage}
J=$BUILD/host/corpus/judge
C=$BUILD/corpus
W=$BUILD/test/corpus
rm -rf "$W"; mkdir -p "$W/cases"
export D J W

# --- the corpus: Debian's current kernel images, unpacked once ----------
# Each package's DTBs go to $C/<package>; a new kernel version is a new
# directory, and older ones are dropped.
fetch() {	# $1: meta-package:arch -> prints the DTB directory
	local pkg deb dir
	pkg=$("$TOP/scripts/apt-fetch.sh" resolve "$1") && [ -n "$pkg" ] || return 1
	deb=$("$TOP/scripts/apt-fetch.sh" download "$pkg" | tail -n 1)
	[ -f "$deb" ] || return 1
	dir=$C/$(basename "$deb" .deb)
	if [ ! -d "$dir" ]; then
		rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
		dpkg-deb --fsys-tarfile "$deb" |
			tar -x -C "$dir.tmp" --wildcards '*.dtb' || return 1
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
}
PKGS="linux-image-arm64:arm64 linux-image-armmp:armhf"
t0=$(date +%s)
: > "$W/dirs"
for m in $PKGS; do
	dir=$(fetch "$m") || { echo "FAIL: corpus: fetch $m: apt-fetch.sh failed"; exit 1; }
	echo "$dir" >> "$W/dirs"
done
# drop unpacked versions the mirror no longer has
for d in "$C"/*/; do
	grep -qxF "${d%/}" "$W/dirs" || rm -rf "$d"
done

t1=$(date +%s)

# --- the cases: one line per host and form ------------------------------
# package arch dtb host iommu chains memory membase form. The "tree" form
# is one policy with a domain per probed host (host-bridge form), for the
# trees with more than one: host is then the list, iommu 1 if any has one.
while read -r dir; do
	pkg=$(basename "$dir"); pkg=${pkg%%_*}
	case $pkg in *arm64*) arch=arm64 ;; *) arch=arm ;; esac
	find "$dir" -name '*.dtb' | sort | xargs "$J" survey |
		awk -v p="$pkg" -v a="$arch" '
			function tree() {
				if (nh > 1) print p, a, dtb, hosts, io, "-", mem, base, "tree"
				nh = 0; hosts = ""; io = 0
			}
			$2 == "memory" { tree(); dtb = $1; mem = $3; base = $4 ? $4 : "-" }
			$2 == "host" {
				print p, a, $1, $3, $4, $5, mem, base, "host"
				if ($5 != "-") print p, a, $1, $3, $4, $5, mem, base, "endpoint"
				hosts = hosts (nh++ ? "," : "") $3; io = io || $4
			}
			END { tree() }'
done < "$W/dirs" > "$W/cases.txt"

# --- one case -------------------------------------------------------------
# Prints one line: CLASS<TAB>KEY<TAB>package<TAB>dtb<TAB>host<TAB>form<TAB>
# detail<TAB>case number (its files are in $W/cases/N). CLASS is confined, refused, known-bug or unexplained; KEY is the
# reason the table counts (no addresses or sizes in it).
run_case() {
	local n=$1 pkg=$2 arch=$3 dtb=$4 host=$5 iommu=$6 chains=$7 mem=$8
	local base=$9 form=${10} d=$W/cases/$1 dram=() ep="" how="" rc prc state
	local pol rb rs wb ws room i h reason hash phash bug="" bugpath="" rule path msg name=${4#"$C"/*/usr/lib/*/}
	mkdir -p "$d"
	say() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$pkg" "$name" "$host" "$form" "$3" "$n"; }
	odd() { say unexplained "unexplained" "$1"; }
	[ "$form" = endpoint ] && ep="endpoints = \"${chains//,/\", \"}\";"
	{
		printf '/dts-v1/;\n/ { dmacage { compatible = "dmacage,policy"; on-error = "disable"; os-arch = "%s";\n' "$arch"
		i=0
		for h in ${host//,/ }; do
			printf '\td%u { host = "%s"; restricted-size = <0x0 0x02000000>;\n' $((i++)) "$h"
			printf '\t     coherent-size = <0x0 0x00400000>; %s };\n' "$ep"
		done
		echo '}; };'
	} > "$d/policy.dts"
	pol=$d/policy.dtb
	dtc -q -O dtb -o "$pol" "$d/policy.dts" 2>"$d/dtc.err" ||
		{ odd "the standard policy does not compile: $(head -c 200 "$d/dtc.err")"; return; }
	# A tree without memory is refused by name; then the firmware's memory
	# is given: the placeholder's base, or a stand-in, 1 GiB.
	if [ "$mem" != ok ]; then
		"$D" plan -p "$pol" -d "$dtb" >/dev/null 2>"$d/nomem.err"
		rc=$?
		grep -q '/memory: no available memory node' "$d/nomem.err" && [ $rc = 2 ] ||
			{ odd "no memory in the tree, yet plan exits $rc: $(head -c 200 "$d/nomem.err")"; return; }
		if [ "$base" = - ]; then
			base=0x80000000 how=", no /memory: refused by name, then --dram stand-in"
		else
			how=", /memory a placeholder: refused by name, then --dram"
		fi
		dram=(--dram "$base:1G")
	fi
	"$D" plan -p "$pol" -d "$dtb" "${dram[@]}" --format json >"$d/plan.json" 2>"$d/plan.err"
	prc=$?
	"$D" apply -p "$pol" -d "$dtb" "${dram[@]}" -o "$d/out.dtb" --format json >"$d/apply.json" 2>"$d/apply.err"
	rc=$?
	# jq once per case: it costs more than the tool
	IFS=$'\t' read -r state rb rs wb ws reason hash phash < <(jq -rs '.[1].domains[0] as $d |
		[$d.state, $d.restricted.base, $d.restricted.size, $d.window.base, $d.window.size,
		$d.reason, .[1].plan_hash, .[0].plan_hash] | map(. // "-") | @tsv' \
		"$d/plan.json" "$d/apply.json" 2>/dev/null)
	case $rc in
	0)
		[ "$prc" = 0 ] && [ "$hash" = "$phash" ] ||
			{ odd "apply succeeded, plan exits $prc, hash $phash vs $hash"; return; }
		[ "$iommu" = 0 ] || { odd "apply succeeded on a host with an IOMMU"; return; }
		# The other hosts of the tree are not this policy's: their R24
		# (nothing confines them) and R4 findings are expected. One on a
		# host Linux never probes is a known bug of check. In the tree
		# form there are no others.
		"$D" check -d "$d/out.dtb" --arch "$arch" >"$d/check.out" 2>&1
		rc=$?
		[ "$rc" -le 1 ] || { odd "check of the output exits $rc"; return; }
		# "error   R24  (item 22) /path: message"
		awk -v f="$dtb" -v h="$host" 'BEGIN { split(h, hs, ","); for (i in hs) mine[hs[i]] = 1 }
			NR == FNR { if ($3 == f && $9 == "host" && !($4 in mine)) o[$4] = 1; next }
			$1 == "error" {
				rule = $2; sub(/^[^\/]*/, ""); path = $0; sub(/: .*/, "", path)
				msg = substr($0, length(path) + 3)
				if (rule == "R24" || rule == "R4")
					for (p in o) if (path == p || index(path, p "/") == 1) next
				print rule "\t" path "\t" msg
			}' "$W/cases.txt" "$d/check.out" >"$d/check.err"
		while IFS=$'\t' read -r rule path msg; do
			if { [ "$rule" = R4 ] || [ "$rule" = R24 ]; } && [[ ",$host," != *",$path,"* ]] &&
				"$J" disabled "$d/out.dtb" "$path"; then
				bug="check reports $rule on a host Linux never probes ($(bug_file "$rule"))"
				bugpath=$path
				continue
			fi
			odd "check of the output: $rule $path: $msg"
			return
		done < "$d/check.err"
		# every domain (the tree form has several)
		jq -r '.domains[] | [.host, .restricted.base, .restricted.size] | @tsv' \
			"$d/apply.json" > "$d/domains.tsv"
		[ "$(wc -l < "$d/domains.tsv")" = "$(echo "${host//,/ }" | wc -w)" ] ||
			{ odd "apply's JSON lists $(wc -l < "$d/domains.tsv") domains"; return; }
		while IFS=$'\t' read -r h rb rs; do
			"$J" confined "$d/out.dtb" "$arch" "$h" "$rb" "$rs" \
				"$([ "$form" = endpoint ] && echo "$chains" || echo -)" \
				"${dram[@]:1}" >"$d/judge.out" 2>&1 ||
				{ odd "the Linux model says not confined: $(head -n 1 "$d/judge.out" | sed 's/^ *//')"; return; }
		done < "$d/domains.tsv"
		# the planner places the (first) window at the highest address
		# that fits
		room=$("$J" room "$dtb" "$arch" "${host%%,*}" "$ws" "${dram[@]:1}")
		[ "$room" = "room at $wb" ] ||
			{ odd "window at $wb, the model's highest fitting window: ${room:-none}"; return; }
		"$D" apply -p "$pol" -d "$d/out.dtb" "${dram[@]}" -o "$d/again.dtb" >/dev/null 2>"$d/again.err" ||
			{ odd "re-apply fails: $(head -c 200 "$d/again.err")"; return; }
		cmp -s "$d/out.dtb" "$d/again.dtb" || { odd "re-apply is not byte-identical"; return; }
		if [ -n "$bug" ]; then
			say known-bug "$bug" "$bugpath; the host itself is confined$how"
		else
			say confined "confined$how" "pool $rb + $rs${dram[*]:+ (${dram[*]})}"
		fi
		;;
	1)
		if [ "$iommu" = 1 ]; then
			# the fixup's own check refuses; nothing is written. The
			# host it names has an IOMMU (the survey's host case).
			h=$(sed -n 's/^dmacage: error: \([^ ]*\): R4: has an IOMMU.*/\1/p' "$d/apply.err" | head -n 1)
			awk -v f="$dtb" -v h="$h" '$3 == f && $4 == h && $5 == 1 && $9 == "host" { y = 1 }
				END { exit !y }' "$W/cases.txt" && [ ! -e "$d/out.dtb" ] &&
				say refused "refused by apply: an IOMMU on the host (R4)" "plan exits $prc" ||
				odd "host with an IOMMU, apply fails otherwise: $(head -c 200 "$d/apply.err")"
			return
		fi
		[ "$state" = failed ] && [ "$prc" = 1 ] ||
			{ odd "apply exits 1 (state $state, plan exits $prc): $(head -c 200 "$d/apply.err")"; return; }
		# on-error = "disable": the host is off for Linux
		"$J" disabled "$d/out.dtb" "$host" ||
			{ odd "plan failed ($reason) but Linux still probes the host"; return; }
		# no room: the model finds none either (the standard window: 36 MiB)
		room=$("$J" room "$dtb" "$arch" "$host" 0x2400000 "${dram[@]:1}") &&
			{ odd "plan failed ($reason), but the model finds $room"; return; }
		say refused "refused, host disabled: $(room_key "$reason" "$host")" "$reason"
		;;
	*)
		odd "apply exits $rc: $(head -c 200 "$d/apply.err")"
		;;
	esac
}

# The reproducer of a known bug of check, by rule (test/corpus/bug-*.dts)
bug_file() {
	case $1 in
	R4) echo bug-check-r4-disabled-host.dts ;;
	*) echo bug-check-r24-disabled-bus.dts ;;
	esac
}

# A plan failure's reason without the domain, host, addresses and sizes:
# what the table counts. A reason that is not about room stays whole.
room_key() {
	case $1 in
	*" need "*)
		printf '%s\n' "${1#d0: }" | sed -e "s|$2|the host|g" \
			-e 's/0x[0-9a-f]\+/A/g' -e 's/[0-9.]\+ [KMG]iB/S/g' -e 's/^/no room: /' ;;
	*) printf '%s\n' "$1" ;;
	esac
}
export -f run_case room_key bug_file
export C

# --- run ------------------------------------------------------------------
start=$(date +%s)
nl -ba -w1 -s' ' "$W/cases.txt" |
	xargs -P "${JOBS:-2}" -L 1 bash -c 'run_case "$0" "$@" > "$W/cases/$0.line"'
for i in $(seq "$(wc -l < "$W/cases.txt")"); do cat "$W/cases/$i.line"; done > "$W/outcomes.tsv"
echo "corpus: fetch and unpack $((t1 - t0)) s, survey $((start - t1)) s, $(wc -l < "$W/cases.txt") cases $(( $(date +%s) - start )) s" >&2
[ -s "$W/outcomes.tsv" ] || { echo "FAIL: corpus: no case ran"; exit 1; }
[ "$(wc -l < "$W/outcomes.tsv")" = "$(wc -l < "$W/cases.txt")" ] ||
	echo "FAIL: corpus: $(wc -l < "$W/cases.txt") cases, $(wc -l < "$W/outcomes.tsv") outcomes"
awk -F'\t' '{
	what = $3 " " $4 " " $5 " (" $6 ")"
	if ($1 == "unexplained") print "FAIL: corpus: " what ": " $7
	else if ($1 == "known-bug") print "SKIP: corpus: " what ": known bug: " $2 ": " $7
	else print "PASS: corpus: " what ": " $2
}' "$W/outcomes.tsv"

. "$TOP/test/corpus/controls.sh"

# The reproducers of known bugs: what Linux does with each is in its
# comment; check must find no error in them.
for f in "$TOP"/test/corpus/bug-*.dts; do
	b=$(basename "$f" .dts)
	dtc -q -O dtb -o "$W/$b.dtb" "$f" || { echo "FAIL: corpus: $b: does not compile"; continue; }
	if "$D" check -d "$W/$b.dtb" > "$W/$b.out" 2>&1; then
		echo "PASS: corpus: $b: check finds no error, as Linux has none"
	else
		echo "SKIP: corpus: $b: known bug: $(grep -m1 '^error' "$W/$b.out")"
	fi
done

if [ -n "${CORPUS_TABLE:-}" ]; then
	"$TOP/test/corpus/table.sh" "$W/outcomes.tsv" "$W/cases.txt" "$W/dirs" > "$CORPUS_TABLE"
fi
exit 0
