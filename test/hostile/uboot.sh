#!/bin/bash
# U-Boot-only hostile run: no Linux runs. The boot command goes
# through bootm's states up to "bootm prep", where the hand-off programs and
# verifies the TZC-400 (host-bridge policy), then makes edu (02:00.0) read
# RAM outside the window, the start of DRAM, and asks "dmacage faults":
#   dmacage: fault <node> addr=0x.. aid=0x.. client=1 name=pcie0 dir=read count=..
#
#   uboot.sh ARCH      arm64 | arm
#
# edu's BAR0 is read from its config space in the ECAM: QEMU virt has it
# at 0x4010000000 for an AArch64 guest and, with firmware, at 0x3f000000
# for a 32-bit one (virt.c: highmem_ecam only for AArch64 when a -bios is
# given).
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD

arch=${1:-}
name="hostile $arch uboot"
case "$arch" in
arm64)	cpu=cortex-a53 la=0x40400000 ecam=0x4010000000 ;;
arm)	cpu=cortex-a15 la=0x40008000 ecam=0x3f000000 ;;
*)	echo "usage: uboot.sh arm64|arm" >&2; exit 2 ;;
esac

. "$TOP/test/hostile/common.sh"
hostile_prepare "$arch-uboot" || exit 0
# bootm's states need a legacy uImage
"$ub/tools/mkimage" -q -A "$arch" -O linux -T kernel -C none -a $la -e $la \
	-d "$kernel" "$run/uImage" >/dev/null

# edu's config space in the ECAM: bus 2, device 0, function 0. Its BAR0
# is 32-bit non-prefetchable memory: the low 4 bits read 0, the value is
# the address.
cfg=$(printf '0x%x' $(( ecam + (2 << 20) )))
target=0x40000000
bootcmd=$(printf '%s' 'setenv fdt_addr_r 0x48000000; setenv loadaddr 0x48200000; ' \
	'qfw load ${loadaddr} ${ramdisk_addr_r} && setenv rd_size ${filesize} && ' \
	'fdt addr ${fdtcontroladdr} && fdt move ${fdtcontroladdr} ${fdt_addr_r} 0x100000 && ' \
	'bootm start ${loadaddr} ${ramdisk_addr_r}:${rd_size} ${fdt_addr_r} && ' \
	'bootm loados && bootm ramdisk && bootm fdt && bootm prep && ' \
	'pci enum; dmacage faults clear; ' \
	"setexpr.l edu *$(printf '0x%x' $((cfg + 0x10))); " \
	"mw.w $(printf '0x%x' $((cfg + 4))) 6; " \
	'echo dmacage-test: edu BAR0 ${edu}; md.l ${edu} 1; ' \
	'setexpr r ${edu} + 0x80; mw.l ${r} '"$target"'; ' \
	'setexpr r ${edu} + 0x88; mw.l ${r} 0x40000; ' \
	'setexpr r ${edu} + 0x90; mw.l ${r} 0x800; ' \
	'setexpr r ${edu} + 0x98; mw.l ${r} 1; sleep 1; md.l ${r} 1; ' \
	'echo dmacage-test: edu read '"$target"' issued; dmacage faults; ' \
	'echo dmacage-test: faults done')
{ cat "$ub/u-boot-initial-env"; echo "bootcmd=$bootcmd"; } > "$run/env.txt"
"$ub/tools/mkenvimage" -s 0x40000 -o "$run/env.img" "$run/env.txt"
truncate -s 64M "$run/env.img"

cmd=("$qemu" -M virt,secure=on,virtualization=on,tzc400=dram -cpu "$cpu" -m 1G -smp 1
     -display none -serial stdio -monitor none -no-reboot
     -bios "$ub/u-boot.bin" -kernel "$run/uImage"
     -drive "if=pflash,unit=1,format=raw,file=$run/env.img,snapshot=on"
     -nic none
     -device pcie-root-port,id=rp0,chassis=1
     "${edu_args[@]}")
hostile_qemu 120 "dmacage-test: faults done" "${cmd[@]}"
if [ "$rc" != 0 ]; then
	fail "no 'faults done' marker (rc $rc)"; exit 0
fi
c=$(sed -n 's/^dmacage: checker pcie0 //p' "$log" | tail -n 1)
fact "uboot-checker ${c:-none}"
if grep -q 'verify=ok' <<<"$c"; then
	pass "hand-off programmed the checker before the attack: ${c}"
else
	fail "checker line '${c:-none}'"
fi
f=$(sed -n '/dmacage-test: edu read/,$p' "$log" | grep -m 1 '^dmacage: fault ' || true)
fact "fault ${f:-none}"
# aid: edu's requester ID 02:00.0 = 0x200
if [ -n "$f" ] && grep -q " addr=$target " <<<"$f" && grep -q ' aid=0x200 ' <<<"$f" &&
   grep -q ' client=1 name=pcie0 dir=read ' <<<"$f"; then
	pass "dmacage faults reports edu's read of $target: ${f#dmacage: fault }"
else
	fail "no matching fault line after edu's read of $target: '${f:-none}'"
fi
n=$(grep -c 'tzc400_deny' "$log" || true)
if (( n >= 1 )); then
	pass "the model traced $n denial(s): $(grep -m 1 tzc400_deny "$log" | sed 's/^.*tzc400_deny //')"
else
	fail "the model traced no denial"
fi
exit 0
