#!/bin/sh
# Callgrind instruction counts of the measured region only (see bench.c),
# sizes of the freestanding core for ARM Thumb -Os, stack and heap use.
# Prints a table with each ratio beside its target; asserts nothing.
cd "$(dirname "$0")/.." || exit 1
B=build/bench
S=build/fuzz/seeds
mkdir -p $B
ir() {	# op os policy [grow]
	valgrind --tool=callgrind --instr-atstart=no \
		--callgrind-out-file=$B/cg.out "$B/bench" "$@" >/dev/null 2>&1
	awk '/^totals:/ { print $2; exit }' $B/cg.out
}
row() { printf '%-44s %14s\n' "$1" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

A64=$S/qemu-virt-arm64.dtb; PHB=$S/policy-virt-hostbridge.dtb
echo "== instruction counts (callgrind, measured region only)"
for c in "qemu-virt-arm64 $A64 $PHB" "qemu-virt-arm $S/qemu-virt-arm.dtb $PHB" \
	 "stb-brcm $S/stb-brcm.dtb $S/policy-stb.dtb"; do
	set -- $c
	row "$1 plan+fixup" "$(ir fixup $2 $3)"
	row "$1 dmc_check" "$(ir check $2 $3)"
	row "$1 floor (memmove)" "$(ir floor $2 $3)"
done
f100=$(ir fixup $A64 $PHB 102400); f1m=$(ir fixup $A64 $PHB 1048576)
m1m=$(ir floor $A64 $PHB 1048576); c1m=$(ir check $A64 $PHB 1048576)
row "synthetic 100 KiB plan+fixup" "$f100"
row "synthetic 1 MiB plan+fixup" "$f1m"
row "synthetic 1 MiB dmc_check" "$c1m"
row "synthetic 1 MiB floor (memmove)" "$m1m"

echo "== sizes (arm-none-eabi-gcc -mthumb -Os -ffreestanding)"
# Only libfdt's own headers from the host, so newlib's libc headers are used.
mkdir -p $B/arm $B/shim
cp /usr/include/libfdt.h /usr/include/libfdt_env.h /usr/include/fdt.h $B/shim/
for f in lib/dmacage/*.c; do
	arm-none-eabi-gcc -mthumb -mcpu=cortex-a15 -Os -ffreestanding \
		-fstack-usage -Iinclude -I$B/shim -c -o $B/arm/$(basename $f .c).o $f \
		2>>$B/arm.log
done
text=$(arm-none-eabi-size -t $B/arm/*.o | awk 'END { print $1 + $2 }')
row "lib/dmacage .text+.data (Thumb, -Os)" "$text"
stack=$(cat $B/arm/*.su | sort -t'	' -k2 -n | tail -1)
row "largest single frame (-fstack-usage)" "$(echo "$stack" | cut -f2) ($(echo "$stack" | cut -f1 | sed 's/.*://'))"
heap=$(arm-none-eabi-nm -u $B/arm/*.o | grep -wE 'malloc|calloc|realloc|free' | sort -u | tr '\n' ' ')
row "heap symbols referenced by lib" "${heap:-none}"
if [ -f build/uboot/u-boot.bin ]; then :; fi
row "u-boot.bin delta DMACAGE on vs off" "n/a (not measured)"

echo "== ratios            measured    target"
printf '%-32s %8s    %s\n' "1 MiB fixup / floor" "$(ratio $f1m $m1m)" "<= 3"
printf '%-32s %8s    %s\n' "1 MiB / 100 KiB fixup" "$(ratio $f1m $f100)" "<= 12"
