#!/bin/sh
# SPDX-License-Identifier: GPL-2.0+
# The benchmarks of doc/bench.md. Prints tables with each figure beside its target
# and "met" or "MISSED"; asserts nothing and exits 0 whatever it measures.
#
#  1. callgrind instruction counts of the measured regions only (bench.c):
#     dmacage's plan+fixup, fdt_overlay_apply() of an equivalent .dtbo,
#     the same edits as single libfdt calls and dmc_check, on
#     the example trees, synthetic 100 KiB and 1 MiB trees and an endpoint
#     scaling series;
#  2. .text+.rodata of the core for ARM Thumb-2 -Os, worst-case stack per
#     entry point (gcc -fcallgraph-info, bench/stack.py), heap symbols;
#  3. u-boot.bin with DMACAGE on and off (mk/bench.mk builds the "off" one).
#
# Each callgrind run is cached in build/bench/cg/<label>, keyed on the bench
# binary, its arguments and its input files; the ARM objects likewise.
cd "$(dirname "$0")/.." || exit 1
B=build/bench
D=$B/dtb
CG=$B/cg
BIN=$B/bench
A64=$D/qemu-virt-arm64.dtb
PHB=$D/policy-virt-hostbridge.dtb
mkdir -p $CG

# run LABEL ARGS...: one callgrind run of the bench (all its operations)
run() {
	label=$1
	shift
	dir=$CG/$label
	key=$({ echo "$*"; cat $BIN; for a in "$@"; do
		[ -f "$a" ] && cat "$a"; done; } | cksum)
	[ "$(cat $dir/key 2>/dev/null)" = "$key" ] && return
	rm -rf $dir
	mkdir -p $dir
	valgrind --tool=callgrind --instr-atstart=no \
		--callgrind-out-file=$dir/cg.out $BIN -w $dir/overlay.dtbo \
		-i $dir/in.dtb "$@" > $dir/info 2> $dir/log
	echo "$key" > $dir/key
}

# dump LABEL OP: the callgrind file of one operation (bench.c's dump names)
dump() {
	grep -lx "desc: Trigger: Client Request: $2" $CG/$1/cg.out.* \
		2>/dev/null | head -n 1
}

# ir LABEL OP: its instruction count, or n/a
ir() {
	f=$(dump "$1" "$2")
	if [ -n "$f" ]; then
		awk '/^totals:/ { print $2; exit }' "$f"
	else
		echo n/a
	fi
}

# incl LABEL OP FUNC: FUNC's inclusive count in that operation. The
# annotation can list a function under two spellings of its file name;
# the larger row is the whole function.
incl() {
	f=$(dump "$1" "$2")
	[ -n "$f" ] || { echo n/a; return; }
	callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null |
		awk -v fn="$3" '{ for (i = 1; i <= NF; i++)
			if ($i ~ (":" fn "$")) { gsub(",", "", $1);
				if ($1 + 0 > m) m = $1 + 0 } }
			END { if (m) print m; else print "n/a" }'
}

# info LABEL WORD: the line of the bench's own output that starts so
info() {
	grep "^$2" $CG/$1/info 2>/dev/null | head -n 1
}

# ratio A B: A / B, or n/a
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b == 0) print "n/a";
		else if (a / b >= 100) printf "%.0f\n", a / b;
		else printf "%.3g\n", a / b }'
}

# verdict MEASURED TARGET: met, MISSED, or n/a; TARGET is an upper bound
verdict() {
	awk -v m="$1" -v t="$2" 'BEGIN {
		if (m !~ /^[0-9.]+$/) print "n/a";
		else print (m + 0 <= t + 0) ? "met" : "MISSED" }'
}

# target LABEL MEASURED TARGET [UNIT]: one line of a targets table
target() {
	printf '%-46s %12s %-4s <= %-8s %s\n' "$1" "$2" "$4" "$3" \
		"$(verdict "$2" "$3")"
}

# --------------------------------------------------------------------------
# 1. instruction counts

INPUTS="qemu-virt-arm64 qemu-virt-arm stb-brcm synth-100k synth-1m"
EPS="ep1-b1 ep4-b1 ep16-b1 ep64-b1 ep1-b4 ep4-b4 ep16-b4 ep64-b4"
args() {
	case $1 in
	qemu-virt-arm64) echo "$A64 $PHB" ;;
	qemu-virt-arm) echo "$D/qemu-virt-arm.dtb $PHB" ;;
	stb-brcm) echo "$D/stb-brcm.dtb $D/policy-stb.dtb" ;;
	synth-100k) echo "-g 102400 $A64 $PHB" ;;
	synth-1m) echo "-g 1048576 $A64 $PHB" ;;
	ep*) n=${1#ep}; echo "-e ${n%-b*} -b ${1#*-b} $A64" ;;
	esac
}

echo "== callgrind Ir of the measured region only (no process start, no file I/O)"
echo "   plan+fixup: dmc_read + dmc_plan + dmc_apply (U-Boot's hand-off, the host tool);"
echo "   dmc_apply: alone, on the same plan;"
echo "   overlay: fdt_overlay_apply on an opened copy (open outside);"
echo "   script: fdt_path_offset + one fdt_add_subnode/fdt_setprop per edit"
printf '%-16s %9s %12s %12s %13s %13s %12s\n' input bytes \
	plan+fixup dmc_apply overlay script dmc_check
for l in $INPUTS $EPS; do
	# shellcheck disable=SC2046
	run $l $(args $l)
	bytes=$(info $l input: | awk '{ print $2 }')
	printf '%-16s %9s %12s %12s %13s %13s %12s\n' $l \
		"${bytes:-n/a}" "$(ir $l planfix)" "$(ir $l fixup)" \
		"$(ir $l overlay)" "$(ir $l script)" "$(ir $l check)"
done

echo
echo "== what the alternatives do (from the diff of dmacage's input and output)"
for l in $INPUTS $EPS; do
	grep -hE '^(capped|layout|edits|overlay|script|error)' $CG/$l/info \
		2>/dev/null | sed "s/^/$l: /"
	grep -v '^==' $CG/$l/log 2>/dev/null | sed "s/^/$l: stderr: /" |
		head -n 3
done

echo
echo "== targets: fixup vs fdt_overlay_apply (<= 0.5x on every input)"
echo "   plan+fixup is what dmacage costs at boot; an overlay was planned at build time"
for l in $INPUTS $EPS; do
	ov=$(ir $l overlay)
	target "$l plan+fixup / overlay" "$(ratio "$(ir $l planfix)" "$ov")" 0.5 x
	target "$l dmc_apply / overlay" \
		"$(ratio "$(ir $l fixup)" "$ov")" 0.5 x
done

echo
echo "== targets: growth"
target "1 MiB / 100 KiB plan+fixup" \
	"$(ratio "$(ir synth-1m planfix)" "$(ir synth-100k planfix)")" 12 x
target "64 / 1 endpoint plan+fixup, one bridge" \
	"$(ratio "$(ir ep64-b1 planfix)" "$(ir ep1-b1 planfix)")" 64 x
target "64 / 1 endpoint plan+fixup, four bridges" \
	"$(ratio "$(ir ep64-b4 planfix)" "$(ir ep1-b4 planfix)")" 64 x
echo "   64 endpoints are 8 domains x 8: DMC_MAX_ENDPOINTS=8 per domain, DMC_MAX_DOMAINS=8;"
echo "   one domain with 64 endpoints cannot be expressed"
walk=$(ir synth-1m walk)
echo "   1 MiB: one structure walk (dmc_check_structure) is $walk Ir"
echo
echo "== where plan+fixup goes (callgrind_annotate, inclusive; chk_run is the fixup's self-check)"
for l in qemu-virt-arm64 synth-1m ep64-b1; do
	printf '%-16s' $l
	for fn in dmc_read dmc_plan dmc_apply chk_run; do
		printf ' %s %s' $fn "$(incl $l planfix $fn)"
	done
	echo
done
# annotate FILE yes|no N: the top N functions, inclusive or self
annotate() {
	callgrind_annotate --inclusive=$2 --threshold=100 "$1" 2>/dev/null |
		awk -v n="$3" '/file:function/ { on = 1; next }
			on && NF >= 3 && $3 !~ /:main/ && k < n {
			sub(/ \[.*/, ""); sub(/[^ ]*lib\/dmacage\//, "");
			sub(/\?\?\?:/, "libfdt:"); fn = $3; sub(/.*:/, "", fn);
			if (seen[fn]++) next; print "   " $0; k++ }'
}
for l in qemu-virt-arm64 synth-1m; do
	f=$(dump $l planfix)
	[ -n "$f" ] || continue
	echo "-- $l plan+fixup, top functions, inclusive:"
	annotate "$f" yes 14
	echo "-- $l plan+fixup, top functions, self:"
	annotate "$f" no 6
done
f=$(dump qemu-virt-arm64 overlay)
if [ -n "$f" ]; then
	echo "-- qemu-virt-arm64 fdt_overlay_apply, top functions, inclusive:"
	annotate "$f" yes 8
fi

# --------------------------------------------------------------------------
# 2. sizes, stack and heap for ARM Thumb-2 -Os

echo
echo "== sizes (arm-none-eabi-gcc -mthumb -mcpu=cortex-a15 -Os -ffreestanding, newlib headers)"
A=$B/arm
ARMCC="arm-none-eabi-gcc -mthumb -mcpu=cortex-a15 -Os -ffreestanding \
	-fstack-usage -fcallgraph-info=su"
UB=build/uboot/src
UBA=build/uboot/qemu_arm
LIB_SRCS=$(ls lib/dmacage/*.c)
# drivers/memchk without the U-Boot glue and the QEMU emulators
MEMCHK_SRCS=$(ls drivers/memchk/*.c | grep -vE '_dm\.c$|memchk-uclass\.c$|/emu')
# U-Boot's libfdt: only for its frames in the stack figures (U-Boot has it
# anyway). Its int32_t is int, as in U-Boot's own types.
FDT_SRCS=$(ls $UB/scripts/dtc/libfdt/*.c 2>/dev/null)
FDT_TYPES="-U__INT32_TYPE__ -D__INT32_TYPE__=int -U__UINT32_TYPE__ \
	-D__UINT32_TYPE__=unsigned"
key=$({ echo "$ARMCC"; cat $LIB_SRCS $MEMCHK_SRCS $FDT_SRCS cmd/dmacage.c \
	include/dmacage/*.h lib/dmacage/*.h drivers/memchk/*.h \
	$UBA/cmd/.dmacage.o.cmd 2>/dev/null; } | cksum)
if [ "$(cat $A/key 2>/dev/null)" != "$key" ]; then
	rm -rf $A
	mkdir -p $A/lib $A/memchk $A/libfdt $A/cmd $A/shim
	# Only libfdt's own headers from the host, so newlib's libc is used.
	cp /usr/include/libfdt.h /usr/include/libfdt_env.h /usr/include/fdt.h \
		$A/shim/
	for f in $LIB_SRCS; do
		$ARMCC -Iinclude -I$A/shim -c -o $A/lib/$(basename $f .c).o $f \
			>> $A/log 2>&1 || echo "does not compile: $f" >> $A/failed
	done
	for f in $MEMCHK_SRCS; do
		$ARMCC -Iinclude -I$A/shim -c -o $A/memchk/$(basename $f .c).o \
			$f >> $A/log 2>&1 || echo "does not compile: $f" >> $A/failed
	done
	for f in $FDT_SRCS; do
		$ARMCC $FDT_TYPES -I$UB/scripts/dtc/libfdt -c \
			-o $A/libfdt/$(basename $f .c).o $f >> $A/log 2>&1 ||
			echo "does not compile: $f" >> $A/failed
	done
	# cmd/dmacage.c needs U-Boot's headers and config: U-Boot's own
	# command line for it, in Thumb instead of ARM mode.
	if [ -f $UBA/cmd/.dmacage.o.cmd ]; then
		cmdline=$(sed -n 's/^cmd_cmd\/dmacage.o := //p' \
			$UBA/cmd/.dmacage.o.cmd | sed 's/ -Wp,-MD,[^ ]*//;
			s/ -marm / -mthumb /; s/ -c -o cmd\/dmacage.o / -c -o DMC_OUT /')
		out=$(pwd)/$A/cmd/dmacage.o
		(cd $UBA && eval "${cmdline%%DMC_OUT*} $out ${cmdline#*DMC_OUT }") \
			>> $A/log 2>&1 || echo "does not compile: cmd/dmacage.c" >> $A/failed
	fi
	echo "$key" > $A/key
fi
[ -f $A/failed ] && sed 's/^/   /' $A/failed
grep -E 'warning:' $A/log 2>/dev/null | grep -v '/libfdt/' | sort -u | sed 's/^/   /'

# secsize OBJS...: .text* + .rodata* (not .data, not .bss)
secsize() {
	[ $# -gt 0 ] && [ -f "$1" ] || { echo n/a; return; }
	arm-none-eabi-size -A "$@" |
		awk '$1 ~ /^\.(text|rodata)/ { s += $2 } END { print s + 0 }'
}
lib=$(secsize $A/lib/*.o)
mc=$(secsize $A/memchk/*.o)
cmd=$(secsize $A/cmd/dmacage.o)
printf '%-46s %12s\n' "lib/dmacage .text+.rodata" "$lib B"
printf '%-46s %12s\n' "drivers/memchk (no glue, no emu) .text+.rodata" "$mc B"
printf '%-46s %12s\n' "cmd/dmacage.c (U-Boot flags, -mthumb)" \
	"$([ "$cmd" = n/a ] && echo "not built" || echo "$cmd B")"
total=$(awk -v a="$lib" -v b="$mc" -v c="$cmd" 'BEGIN { print a + b + (c + 0) }')
printf '%-46s %12s\n' "total" "$total B"
echo "   per file (.text+.rodata):"
for o in $A/lib/*.o $A/memchk/*.o $A/cmd/*.o; do
	[ -f "$o" ] && printf '%s %s\n' "$(secsize $o)" "${o#$A/}"
done | sort -rn | head -n 8 | awk '{ printf "     %7d  %s\n", $1, $2 }'

echo
echo "== worst-case stack per entry point (Thumb -Os frames, call graph incl. libfdt)"
# Recursion bounds, from the code: fx_emit_new nests once per hop
# (DMC_MAX_HOPS 4); dmacage passes absolute paths only, so
# fdt_path_offset resolves no alias (counted once more). The entry points
# are those firmware calls.
# Indirect calls, from the code's tables of callbacks: the structure walk's
# visitors, the fixup's finding callback, the checker drivers' ops (struct
# memchk_ops of tzc400.c, rangechk.c, rangechk_scall.c). Register access
# (io->read32/write32) and the secure call go to U-Boot's MMIO and SMC glue,
# outside these objects (a few bytes: readl/writel, one smc).
OPS="tzc_@ rc_@ sc_@"
ops() { echo $OPS | sed "s/@/$1/g; s/ /,/g"; }
IO="memchk_img_verify memchk_img_write tzc_rd tzc_clear_faults rc_rd rc_wr \
	rc_lock rc_clear_faults rec_read32 rec_write32 sc_call"
STACK_OUT=$(python3 bench/stack.py \
	--bound fx_emit_new=4 --bound fdt_path_offset=2 \
	--bound fdt_path_offset_namelen=2 --bound fdt_get_alias_namelen=1 \
	--indirect chk_report=fx_finding \
	--indirect memchk_drv_program=sc_program,tzc_image,rc_image \
	--indirect memchk_drv_verify=sc_verify,tzc_image,rc_image \
	--indirect memchk_init=$(ops probe) --indirect memchk_lock=$(ops lock) \
	--indirect memchk_validate=$(ops locked) \
	--indirect memchk_is_locked=$(ops locked) \
	--indirect memchk_read_faults=$(ops read_faults) \
	--indirect memchk_clear_faults=$(ops clear_faults) \
	--indirect memchk_readback=$(ops readback) \
	--indirect memchk_reg_name=tzc_name,rc_name,sc_name \
	$(for f in $IO; do printf -- '--indirect %s= ' $f; done) \
	--entry dmc_policy_parse --entry dmc_read --entry dmc_plan \
	--entry dmc_apply --entry dmc_check --entry memchk_program \
	$A/lib/*.ci $A/memchk/*.ci $A/libfdt/*.ci 2>&1)
echo "$STACK_OUT" | awk '/^[a-z_]+ / { print $1, $2 }' |
	while read -r fn bytes; do
		target "$fn" "$bytes" 1024 B
	done
echo "   chains (function frame > ...) and what the graph cannot say:"
echo "$STACK_OUT" | sed 's/^/   /'
echo "   largest single frames (-fstack-usage):"
cat $A/lib/*.su $A/memchk/*.su 2>/dev/null | sort -t'	' -k2 -rn |
	head -n 5 | awk -F'\t' '{ n = split($1, p, ":"); printf "     %7d  %s\n", $2, p[n] }'

echo
echo "== heap"
heap=$(arm-none-eabi-nm -u $A/lib/*.o 2>/dev/null |
	grep -wE 'malloc|calloc|realloc|free' | sort -u | tr '\n' ' ')
printf '%-46s %12s      zero     %s\n' "lib/dmacage heap symbols (nm -u)" \
	"${heap:-none}" "$([ -z "$heap" ] && [ -f $A/lib/plan.o ] && echo met ||
	echo MISSED)"
heap=$(arm-none-eabi-nm -u $A/memchk/*.o 2>/dev/null |
	grep -wE 'malloc|calloc|realloc|free' | sort -u | tr '\n' ' ')
printf '%-46s %12s\n' "drivers/memchk heap symbols (nm -u)" "${heap:-none}"

# --------------------------------------------------------------------------
# 3. u-boot.bin

echo
echo "== u-boot.bin, DMACAGE on (mk/uboot.mk) vs off (same defconfig without DMACAGE, CMD_DMACAGE, MEMCHK*)"
for a in arm arm64; do
	on=build/uboot/qemu_$a/u-boot.bin
	off=$B/uboot-off/qemu_$a/u-boot.bin
	if [ -f $B/uboot-$a.failed ]; then
		printf '%-46s %12s\n' "qemu_$a" "not built"
		echo "   the DMACAGE-on build failed; its u-boot.bin is stale ($B/uboot-$a.log):"
		grep -E 'error|undefined' $B/uboot-$a.log | head -n 3 |
			sed 's/^/     /'
	elif [ -f $on ] && [ -f $off ]; then
		son=$(wc -c < $on)
		soff=$(wc -c < $off)
		d=$((son - soff))
		printf '%-46s %12s\n' "qemu_$a: $son - $soff" "$d B"
	else
		printf '%-46s %12s\n' "qemu_$a" "not built"
	fi
done
# The production profile (mk/bench.mk): no emulators, no command.
prod=$B/uboot-prod/qemu_arm/u-boot.bin off=$B/uboot-off/qemu_arm/u-boot.bin
if [ -f $prod ] && [ -f $off ]; then
	sp=$(wc -c < $prod) soff=$(wc -c < $off)
	target "qemu_arm production profile: $sp - $soff" $((sp - soff)) 40960 B
else
	printf '%-46s %12s\n' "qemu_arm production profile" "not built"
fi
# What of the delta is ours, from the DMACAGE-on build's objects (as built,
# U-Boot's flags): built-in.o would count every object twice. Objects are
# current even when only the link failed.
if [ -d $UBA/lib/dmacage ]; then
	echo "   our objects in qemu_arm (.text+.rodata; Thumb-2 with DMACAGE_THUMB):"
	for g in "lib/dmacage:$UBA/lib/dmacage/[!b]*.o" \
		"drivers/memchk core:$(ls $UBA/drivers/memchk/*.o |
			grep -vE '_dm\.o$|uclass\.o$|/emu|built-in' | tr '\n' ' ')" \
		"drivers/memchk emulators:$(ls $UBA/drivers/memchk/emu*.o |
			tr '\n' ' ')" \
		"U-Boot glue (board/dmacage, *_dm, uclass):$(ls \
			$UBA/board/dmacage/*.o $UBA/drivers/memchk/*_dm.o \
			$UBA/drivers/memchk/memchk-uclass.o |
			grep -vE 'built-in|\.dtb\.o$' | tr '\n' ' ')" \
		"cmd/dmacage.o:$UBA/cmd/dmacage.o"; do
		# shellcheck disable=SC2086
		printf '     %7s  %s\n' "$(secsize ${g#*:})" "${g%%:*}"
	done
	[ -f $UBA/board/dmacage/dmacage_policy.dtb ] &&
		printf '     %7s  %s\n' \
			"$(wc -c < $UBA/board/dmacage/dmacage_policy.dtb)" \
			"built-in policy .dtb"
fi
exit 0
