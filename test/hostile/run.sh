#!/bin/bash
# One hostile-device run: QEMU with the TZC-400 model in front of
# DRAM for PCIe masters, our secure U-Boot, Linux non-secure, a virtio-blk
# disk behind root port 00:01.0 and QEMU's edu device behind root port
# 00:02.0, both in the protected domain pcie0. /bin/edu-attack (edu-attack.c)
# drives edu from user space against the kernel; this script judges it.
#
#   run.sh ARCH MODE
#     ARCH   arm64 | arm
#     MODE   host      dmacage, host-bridge policy (dts/uboot/qemu-tzc400-host.dts)
#            endpoint  dmacage, endpoint policy (only 01:00.0 gets the pool;
#                      the TZC-400 still holds every function to the window,
#                      one NSAID for the controller)
#            control   the same DT and pool, but the policy names no
#                      checker and the boot command first opens the TZC-400
#                      to every NSAID, as permissive boot firmware would:
#                      the attacks must succeed
#
# Prints "PASS: hostile ARCH MODE: <check>: ..." / "FAIL: ..." and FACT:
# lines; exits 0. The run's files stay in build/hostile/runs/ARCH-MODE/.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
H=$TOP/test/hostile

arch=${1:-} mode=${2:-}
case "$arch" in
arm64)	cpu=cortex-a53 cc=aarch64-linux-gnu-gcc ;;
arm)	cpu=cortex-a15 cc=arm-linux-gnueabihf-gcc ;;
*)	sed -n '8,20p' "$0" >&2; exit 2 ;;
esac
case "$mode" in host|endpoint|control) ;; *) sed -n '8,20p' "$0" >&2; exit 2 ;; esac

name="hostile $arch $mode"
. "$H/common.sh"
# endpoint and control name their policy in dmacage_policy, which only a
# bring-up build takes
case $mode in host) hostile_prepare "$arch-$mode" || exit 0 ;;
*) hostile_prepare "$arch-$mode" bringup || exit 0 ;;
esac
kcfg=${kernel%/*}/config
# /dev/mem on RAM: DEVMEM on, STRICT_DEVMEM off (build-linux.sh checks
# only the =y lines of test/linux/*.config).
if grep -qx 'CONFIG_DEVMEM=y' "$kcfg" && grep -qx '# CONFIG_STRICT_DEVMEM is not set' "$kcfg"; then
	pass "kernel: DEVMEM=y, STRICT_DEVMEM off (the attacker may read RAM)"
else
	fail "kernel $kcfg: needs CONFIG_DEVMEM=y and STRICT_DEVMEM off"; exit 0
fi

disk=$BUILD/hostile/disk.img
if [ ! -f "$disk.md5" ]; then
	head -c 4M /dev/urandom > "$disk.tmp.$$"
	md5sum < "$disk.tmp.$$" | cut -d' ' -f1 > "$disk.md5.tmp.$$"
	mv "$disk.tmp.$$" "$disk"
	mv "$disk.md5.tmp.$$" "$disk.md5"
fi

ea=$BUILD/hostile/$arch/edu-attack
if [ ! -x "$ea" ] || [ "$H/edu-attack.c" -nt "$ea" ]; then
	mkdir -p "${ea%/*}"
	if ! $cc -static -Os -s -Wall -Wextra -D_FILE_OFFSET_BITS=64 -o "$ea.tmp.$$" \
		"$H/edu-attack.c" 2> "$run/cc.log"; then
		fail "cannot build edu-attack ($run/cc.log)"; exit 0
	fi
	mv "$ea.tmp.$$" "$ea"
fi
echo "HOSTILE_MD5=$(cat "$disk.md5")" > "$run/hostile.conf"
"$TOP/scripts/mkinitramfs.sh" -a "$arch" -o "$run/initrd.cpio.gz" -i "$H/init.sh" \
	-f "$run/hostile.conf:/etc/hostile.conf" -f "$ea:/bin/edu-attack"

# --- U-Boot: the policy of the mode, and the control's boot command. ---
# host: the secure build's built-in policy (dts/uboot/qemu-tzc400-host.dts).
# endpoint, control: a policy DTB that the boot command copies from the
# env flash (offset 1 MiB of pflash unit 1, at 0x04000000) to RAM and names
# in dmacage_policy; the hand-off re-reads the policy, so the boot plan
# made before the boot command does not matter. (test/e2e/run.sh puts its
# policies in RAM with "-device loader" instead; both end in dmacage_policy.)
boot_args=(-bios "$ub/u-boot.bin" -kernel "$kernel")
bootcmd=$(sed -n 's/^bootcmd=//p' "$ub/u-boot-initial-env")
pol=0x4a000000 polflash=0x04100000 poloff=$((0x100000))
case $mode in
endpoint)
	cp "$TOP/dts/uboot/qemu-tzc400-endpoint.dts" "$run/policy.dts" ;;
control)
	# The same domain and pools, but no checker: dmacage plans and
	# patches the DT and never touches the TZC-400 ...
	sed '/checker = <&tzc>;/d; s/clients = <1>;/checker-optional;/' \
		"$TOP/dts/uboot/qemu-tzc400-host.dts" > "$run/policy.dts"
	# ... which the boot command opens first: region 0 readable and
	# writable by every NSAID (REGION_ID_ACCESS_0), gate of filter 0 open.
	bootcmd="mw.l 0x090c0114 0xffffffff; mw.l 0x090c0008 1; echo dmacage-test: TZC-400 opened to every NSAID; $bootcmd"
	;;
esac
if [ -f "$run/policy.dts" ]; then
	dtc -q -I dts -O dtb -i "$TOP/dts/uboot" -o "$run/policy.dtb" "$run/policy.dts"
	bootcmd="cp.b $polflash $pol $(printf '0x%x' "$(stat -c %s "$run/policy.dtb")"); setenv dmacage_policy $pol; $bootcmd"
fi
{ cat "$ub/u-boot-initial-env"; echo "bootcmd=$bootcmd"; } > "$run/env.txt"
"$ub/tools/mkenvimage" -s 0x40000 -o "$run/env.img" "$run/env.txt"
truncate -s 64M "$run/env.img"
[ -f "$run/policy.dtb" ] &&
	dd if="$run/policy.dtb" of="$run/env.img" bs=1 seek=$poloff conv=notrunc status=none
boot_args+=(-drive "if=pflash,unit=1,format=raw,file=$run/env.img,snapshot=on")

cmd=("$qemu" -M virt,secure=on,virtualization=on,tzc400=dram -cpu "$cpu" -m 1G -smp 1
     -display none -serial stdio -monitor none -no-reboot
     "${boot_args[@]}" -initrd "$run/initrd.cpio.gz" -append "console=ttyAMA0 panic=-1"
     -nic none
     -device pcie-root-port,id=rp0,chassis=1
     -drive "if=none,id=d0,file=$disk,format=raw,readonly=on"
     -device virtio-blk-pci,bus=rp0,drive=d0,iommu_platform=on,disable-legacy=on
     "${edu_args[@]}")
hostile_qemu 300 "HOSTILE: done" "${cmd[@]}"

# --- Judge. ---
if [ "$rc" = 124 ]; then
	fail "boot: QEMU timed out"; exit 0
elif ! grep -q '^HOSTILE: done' "$log"; then
	fail "boot: no completion marker (rc $rc)"; exit 0
fi
grep -E '^HOSTILE-(FACT|ERROR|LOG)' "$log" | sed 's/^HOSTILE-/FACT: guest /'
if grep -q '^HOSTILE-ERROR' "$log"; then
	fail "edu-attack: $(sed -n 's/^HOSTILE-ERROR: //p' "$log" | head -n 1)"
	exit 0
fi

w=$(sed -n 's/^dmacage: window pcie0 //p' "$log" | tail -n 1)
c=$(sed -n 's/^dmacage: checker pcie0 //p' "$log" | tail -n 1)
fact "uboot-window ${w:-none}"
fact "uboot-checker ${c:-none}"
win_base=$(sed -n 's/.* base=\(0x[0-9a-f]*\).*/\1/p' <<<"$w")
win_size=$(sed -n 's/.* size=\(0x[0-9a-f]*\).*/\1/p' <<<"$w")
if ! grep -q 'state=planned' <<<"$w"; then
	fail "uboot: no planned window for pcie0 (${w:-none})"; exit 0
fi
if [ "$mode" = control ]; then
	if [ "$c" = none ] && grep -q '^dmacage-test: TZC-400 opened' "$log"; then
		pass "control set-up: pool planned [$win_base, +$win_size), no checker programmed, TZC-400 opened by the boot command"
	else
		fail "control set-up: checker '${c:-no line}', TZC-400 opened: $(grep -c '^dmacage-test: TZC-400 opened' "$log")"
	fi
elif grep -q 'verify=ok' <<<"$c" && grep -q 'guard=secure-world' <<<"$c"; then
	pass "uboot: window [$win_base, +$win_size) programmed, verify=ok, guard=secure-world"
else
	fail "uboot: checker line '${c:-none}'"
fi

# The attack lines, as key=value.
att() { sed -n "s/^HOSTILE-ATTACK: $1 //p" "$log" | head -n 1; }
val() { sed -n "s/.*\<$2=\([^ ]*\).*/\1/p" <<<"$1"; }
in_window() { (( $1 >= win_base && $1 + 4096 <= win_base + win_size )); }

edu=$(sed -n 's/^HOSTILE-FACT: edu //p' "$log")
rid=$(val "$edu" rid)
pool=$(sed -n 's/^HOSTILE-FACT: window-pages //p' "$log")
A=$(val "$pool" A) C=$(val "$pool" C)
if in_window "$A" && in_window "$C"; then
	pass "attacker's window pages A=$A C=$C lie in the planned window (the end of the restricted pool)"
else
	fail "window pages A=$A C=$C not in [$win_base, +$win_size)"
fi

# Attack 1 (and 4's second half): read the kernel.
# The targets are the kernel: the CPU's view of the start of "Kernel code"
# (arm64 _stext, ARM32 _text) is the uncompressed image's bytes there
# (arm64: the Image booted; ARM32: arch/arm/boot/Image, which the zImage
# booted unpacks).
th=$(sed -n 's/^HOSTILE-FACT: text-head //p' "$log")
obj=${kernel%/*}/obj
if [ "$arch" = arm64 ]; then
	img=$kernel sym=_stext
else
	img=$obj/arch/arm/boot/Image sym=_text
fi
t0=$(awk '$3 == "_text" { print $1 }' "$obj/System.map")
t1=$(awk -v s=$sym '$3 == s { print $1 }' "$obj/System.map")
want=$(xxd -p -s $(( 0x$t1 - 0x$t0 )) -l 16 "$img" 2>/dev/null || true)
if [ -n "$want" ] && [ "${th#* }" = "$want" ]; then
	pass "target: the first bytes of \"Kernel code\" at ${th%% *} are the image's $sym ($want)"
else
	fail "target: \"Kernel code\" starts with '${th#* }', the image's $sym with '${want:-unknown}'"
fi
targets="read-kernel-text read-kernel-banner"
first_target=""
for t in $targets read-kernel-after-tzc; do
	l=$(att "$t")
	if [ -z "$l" ]; then fail "$t: no result line"; continue; fi
	addr=$(val "$l" addr) leaked=$(val "$l" leaked) of=$(val "$l" of)
	cm=$(val "$l" cpu-marker) dm=$(val "$l" dma-marker) stale=$(val "$l" stale)
	[ -z "$first_target" ] && first_target=$addr
	what="page $addr: $leaked of $of kernel bytes leaked, marker in DMA copy: $dm (zero=$(val "$l" zero) pattern=$(val "$l" pattern) stale=$stale)"
	if [ "$cm" != yes ]; then
		fail "$t: the marker is not at the target as the CPU reads it ($l)"
	elif [ "$stale" != 0 ]; then
		# C kept its pre-fill: edu never wrote the buffer out, so
		# nothing can be said about the read
		fail "$t: inconclusive, the write-out into the window did not happen: $what"
	elif [ "$mode" = control ]; then
		if [ "$leaked" = "$of" ] && [ "$dm" = yes ]; then
			pass "$t LEAKS in the control, as it must: $what"
		else
			fail "$t: the control should leak every byte: $what"
		fi
	elif [ "$leaked" = 0 ] && [ "$dm" = no ] && [ "$of" -gt 0 ]; then
		pass "$t stopped: $what"
	else
		fail "$t: $what"
	fi
done

# Attack 2: write the OS's memory outside the window.
l=$(att write-own)
changed=$(val "$l" changed)
if [ -z "$l" ]; then
	fail "write-own: no result line"
elif [ "$mode" = control ]; then
	if [ "$changed" = 4096 ] && [ "$(val "$l" to-pattern)" = 4096 ]; then
		pass "write-own CHANGES the page in the control, as it must: $changed of 4096 bytes at $(val "$l" addr)"
	else
		fail "write-own: the control should change all 4096 bytes: $l"
	fi
elif [ "$changed" = 0 ]; then
	pass "write-own stopped: 0 of 4096 bytes changed in the page at $(val "$l" addr) (outside the window)"
else
	fail "write-own: $changed of 4096 bytes changed at $(val "$l" addr)"
fi

# Attack 3: inside the window edu works (selective, not a dead device).
for t in window window-after-tzc; do
	l=$(att "$t")
	if [ "$(val "$l" ok)" = 4096 ]; then
		pass "$t: edu's DMA inside the window works ($(val "$l" from) -> edu -> $(val "$l" to), 4096 of 4096 bytes)"
	else
		fail "$t: ${l:-no result line}"
	fi
done

# Attack 4: the checker's port from the OS.
l=$(att tzc-regs)
rd=$(val "$l" read) wr=$(val "$l" write)
if [ "$rd" = sigbus ] && [ "$wr" = sigbus ]; then
	pass "tzc-regs: the OS's read and write of the TZC-400 port (0x090c0000, through /dev/mem) end in SIGBUS: secure-only"
else
	fail "tzc-regs: ${l:-no result line}"
fi

# The disk, before and after.
for t in disk-before disk-after; do
	l=$(sed -n "s/^HOSTILE-CHECK: $t //p" "$log")
	case $l in
	PASS*) pass "virtio-blk $t: ${l#PASS }" ;;
	*) fail "virtio-blk $t: ${l:-no result}" ;;
	esac
done

# The model's trace: every denial is edu's; the first is attack 1's read.
nd=$(grep -c 'tzc400_deny' "$log" || true)
no=$(grep -c 'tzc400_overrun' "$log" || true)
ng=$(grep -c 'tzc400_gate_closed' "$log" || true)
fact "tzc-trace deny=$nd overrun=$no gate-closed=$ng"
first=$(grep -m 1 'tzc400_deny' "$log" | sed 's/^.*tzc400_deny //' || true)
if [ "$mode" = control ]; then
	if (( nd + no + ng == 0 )); then
		pass "tzc-trace: the opened TZC-400 denied nothing"
	else
		fail "tzc-trace: the control saw $nd denials, $no overruns, $ng at a closed gate"
	fi
else
	# "AXI ID 0x0200 NSAID 1: read at 0x40210000 denied by region 0"
	aid=$(sed -n 's/^AXI ID \(0x[0-9a-f]*\) .*/\1/p' <<<"$first")
	nsaid=$(sed -n 's/.* NSAID \([0-9]*\):.*/\1/p' <<<"$first")
	dir=$(sed -n 's/.*: \([a-z]*\) at .*/\1/p' <<<"$first")
	fa=$(sed -n 's/.* at \(0x[0-9a-f]*\) .*/\1/p' <<<"$first")
	# NSAID -> client name, from the policy's checker node
	cname=$(sed -n 's/.*client-names = "\([^"]*\)".*/\1/p' "$TOP/dts/uboot/qemu-tzc400.dtsi")
	others=$(grep -E 'tzc400_(deny|overrun)' "$log" | grep -vc "AXI ID $rid" || true)
	if (( nd < 1 )); then
		fail "tzc-trace: no tzc400_deny line"
	elif [ "$aid" = "$rid" ] && [ "$nsaid" = 1 ] && [ "$dir" = read ] &&
	     [ -n "$fa" ] && (( fa >= first_target && fa < first_target + 4096 )) &&
	     [ "$others" = 0 ] && [ "$ng" = 0 ]; then
		pass "tzc-trace: $nd denied, $no overrun; first: $dir at $fa (attack 1's target page $first_target), AXI ID $aid = edu ${edu%% *}, NSAID $nsaid = client \"$cname\"; none from another requester"
	else
		fail "tzc-trace: first denial '$first' (want AXI ID $rid, NSAID 1, read in page $first_target), $others lines of other requesters, $ng at a closed gate"
	fi
fi
if [ "$mode" = endpoint ]; then
	# Linux bounces only the named endpoint; edu has no pool of its own
	if grep -q 'HOSTILE-LOG: .*0000:01:00.0: assigned reserved memory node' "$log" &&
	   ! grep -q 'HOSTILE-LOG: .*0000:02:00.0: assigned reserved memory node' "$log"; then
		pass "endpoint form: Linux gave the pool to 01:00.0 only, yet the TZC-400 holds edu (02:00.0) to the window: one NSAID for the whole controller"
	else
		fail "endpoint form: pool assignments: $(grep 'assigned reserved memory node' "$log" | tr '\n' ';')"
	fi
fi
exit 0
