#!/bin/bash
# One end-to-end proof run under QEMU: boot the test kernel with a virtio-blk
# disk behind a PCIe root port, let test/e2e/init.sh read the disk and look
# at the DMA, and judge what it reports.
#
#   run.sh ARCH FORM VARIANT [BOOT]
#     ARCH     arm64 | arm
#     FORM     host      memory-region on the host bridge (rule R24a)
#              endpoint  on the endpoint node, under a root-port node (R24b)
#     VARIANT  pos       the device points at our pool (the window)
#              nomr      the pool exists but nothing points at it
#              wrong     the device points at another pool, not the window
#              noncoh    pos, with dma-coherent removed from the host bridge
#              ringonly  pos, but the guest looks only when just the ring is
#                        mapped (self-test: the check must be inconclusive)
#     BOOT     direct    QEMU boots the kernel with a DT built here (default)
#
# Prints "RESULT: <check> PASS|FAIL|INCONCLUSIVE <detail>" lines and one
# "VERDICT: confined|not-confined|inconclusive|no-device" line. Expectations
# (which variant must pass or fail what) live in test/e2e/suite.sh. Files of
# the run (serial log, DT, initrd, QEMU command) go to
# build/e2e/runs/<arch>-<form>-<variant>-<boot>/.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
E2E=$TOP/test/e2e

arch=${1:-} form=${2:-} variant=${3:-} boot=${4:-direct}
usage() { sed -n '5,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
case "$arch" in
arm64)	qemu=qemu-system-aarch64 cpu=cortex-a53 ;;
arm)	qemu=qemu-system-arm cpu=cortex-a15 ;;
*)	usage ;;
esac
case "$form" in host|endpoint) ;; *) usage ;; esac
case "$variant" in pos|nomr|wrong|noncoh|ringonly) ;; *) usage ;; esac
case "$boot" in direct) ;; *) usage ;; esac

# The window under test: our pool. 32 MiB, a 256 KiB multiple (R20), in
# ARM32 lowmem (R33), clear of where QEMU puts the kernel, initrd and DT.
POOL_BASE=0x50400000
POOL_SIZE=0x2000000
POOL=pcie0-restricted@50400000
OTHER=other-restricted@54400000
DEV=0000:01:00.0

run=$BUILD/e2e/runs/$arch-$form-$variant-$boot
rm -rf "$run"
mkdir -p "$run"
say() { echo "e2e[$arch-$form-$variant]: $*" >&2; }

kernel=$("$TOP/scripts/build-linux.sh" "$arch")

# Base initramfs, rebuilt when the test program or its builder changes.
base=$BUILD/e2e/$arch/initramfs.cpio.gz
if [ ! -f "$base" ] || [ "$E2E/init.sh" -nt "$base" ] || [ "$E2E/mkinitramfs.sh" -nt "$base" ]; then
	"$E2E/mkinitramfs.sh" "$arch" "$base"
fi

# A disk of known random content: made once, its md5 is the reference.
disk=$BUILD/e2e/disk.img
if [ ! -f "$disk.md5" ]; then
	head -c 16M /dev/urandom > "$disk.tmp"
	md5sum < "$disk.tmp" | cut -d' ' -f1 > "$disk.md5.tmp"
	mv "$disk.tmp" "$disk"
	mv "$disk.md5.tmp" "$disk.md5"
fi
md5=$(cat "$disk.md5")

# Throttled so that requests stay in flight long enough for the guest to see
# their mappings; indirect_desc=off keeps every buffer address in the ring.
devs=(-nic none -device pcie-root-port,id=rp0,chassis=1
      -drive "if=none,id=d0,file=$disk,format=raw,readonly=on,throttling.iops-total=200"
      -device virtio-blk-pci,bus=rp0,drive=d0,iommu_platform=on,disable-legacy=on,indirect_desc=off)
machine=(-M virt -cpu "$cpu" -m 1G -smp 1)

# --- The OS DT: QEMU's own tree plus the pool and its wiring. ---
"$qemu" "${machine[@]}" -M virt,dumpdtb="$run/virt.dtb" -display none "${devs[@]}" \
	>/dev/null 2>&1 || true
[ -s "$run/virt.dtb" ] || { echo "RESULT: dt FAIL cannot dump QEMU's DT"; exit 1; }
dtc -q -I dtb -O dts -o "$run/virt.dts" "$run/virt.dtb"
target=ours
[ "$variant" = wrong ] && target=other
{
	echo '/include/ "virt.dts"'
	echo '/ { reserved-memory {'
	echo '	#address-cells = <2>; #size-cells = <2>; ranges;'
	echo "	ours: $POOL { compatible = \"restricted-dma-pool\";"
	echo "		reg = <0 $POOL_BASE 0 $POOL_SIZE>; };"
	[ "$variant" = wrong ] && {
		echo "	other: $OTHER { compatible = \"restricted-dma-pool\";"
		echo "		reg = <0 0x54400000 0 $POOL_SIZE>; };"
	}
	echo '}; };'
	echo '&{/pcie@10000000} {'
	[ "$variant" = noncoh ] && echo '	/delete-property/ dma-coherent;'
	if [ "$variant" != nomr ] && [ "$form" = host ]; then
		echo "	memory-region = <&$target>;"
	elif [ "$variant" != nomr ]; then
		# Root port 00:01.0 and endpoint 01:00.0 (R25, R26).
		echo '	pci@1,0 { device_type = "pci"; reg = <0x800 0 0 0 0>;'
		echo '		#address-cells = <3>; #size-cells = <2>; ranges; bus-range = <1 1>;'
		echo "		blk@0,0 { reg = <0x10000 0 0 0 0>; memory-region = <&$target>; };"
		echo '	};'
	fi
	echo '};'
} > "$run/os.dts"
dtc -q -I dts -O dtb -o "$run/os.dtb" "$run/os.dts"

"$E2E/mkinitramfs.sh" conf "$run/conf.cpio.gz" DMC_DEV=$DEV DMC_POOL=$POOL \
	DMC_BASE=$POOL_BASE DMC_SIZE=$POOL_SIZE DMC_MD5="$md5" \
	DMC_SAMPLE=$([ "$variant" = ringonly ] && echo 0 || echo 1)
cat "$base" "$run/conf.cpio.gz" > "$run/initrd.cpio.gz"

cmd=("$qemu" "${machine[@]}" -display none -serial stdio -monitor none -no-reboot
     -kernel "$kernel" -initrd "$run/initrd.cpio.gz" -dtb "$run/os.dtb"
     -append "console=ttyAMA0 panic=-1" "${devs[@]}")
printf '%q ' "${cmd[@]}" > "$run/qemu.cmd"
say "booting $(basename "$kernel") under $qemu"
rc=0
timeout 300 "${cmd[@]}" < /dev/null > "$run/serial.raw" 2>&1 || rc=$?
tr -d '\r' < "$run/serial.raw" > "$run/serial.log"
say "QEMU exited with $rc; log: $run/serial.log"

# --- Judge. The guest's own verdicts first, then host-side re-checks. ---
log=$run/serial.log
result() { echo "RESULT: $*"; }
fact() { sed -n "s/^DMC-FACT: $1 //p" "$log" | head -n 1; }
if [ "$rc" = 124 ]; then
	result boot FAIL "QEMU timed out (hang)"
elif ! grep -q '^DMC-E2E: done' "$log"; then
	result boot FAIL "no completion marker (panic or early exit; rc $rc)"
else
	result boot PASS "test program ran to completion"
fi
sed -n 's/^DMC-CHECK: /RESULT: /p' "$log"
sed -n 's/^DMC-FACT: /FACT: /p' "$log"
sed -n 's/^DMC-LOG: /  log: /p' "$log"

# Re-check the guest's address range against the window defined here, so a
# wrong window in the guest's config cannot make a run pass.
dma=$(fact dma)
if [ -n "$dma" ]; then
	ns=$(sed -n 's/.*n_stream=\([0-9]*\).*/\1/p' <<<"$dma")
	min=$(sed -n 's/.*min=\(0x[0-9a-f]*\).*/\1/p' <<<"$dma")
	end=$(sed -n 's/.*end=\(0x[0-9a-f]*\).*/\1/p' <<<"$dma")
	if (( ns == 0 )); then
		result host-window INCONCLUSIVE "guest saw no streaming mapping"
	elif (( min >= POOL_BASE && end <= POOL_BASE + POOL_SIZE )); then
		result host-window PASS "all DMA in [$min, $end) within [$POOL_BASE, +$POOL_SIZE)"
	else
		result host-window FAIL "DMA spans [$min, $end), window [$POOL_BASE, +$POOL_SIZE)"
	fi
fi
# The pool node Linux saw must be the window (proves nothing rewrote the DT).
reg=$(fact dt-pool-reg | sed 's/ *$//')
want=$(printf '%08x %08x %08x %08x' 0 $((POOL_BASE)) 0 $((POOL_SIZE)))
if [ "$reg" = "$want" ]; then
	result dt-window PASS "/reserved-memory/$POOL reg = <$want>"
else
	result dt-window FAIL "/reserved-memory/$POOL reg = <${reg:-absent}>, expected <$want>"
fi

# One verdict on confinement: the DMA checks must all pass on both sides.
r() { sed -n "s/^DMC-CHECK: $1 \([A-Z]*\).*/\1/p" "$log" | head -n 1; }
host=$( (( ${ns:-0} > 0 )) && [ -n "$dma" ] &&
	(( min >= POOL_BASE && end <= POOL_BASE + POOL_SIZE )) && echo PASS || echo FAIL)
if [ "$(r probe)" != PASS ]; then
	verdict=no-device
elif [ "$(r dma-window)" = INCONCLUSIVE ]; then
	verdict=inconclusive
elif [ "$(r dma-window)" = PASS ] && [ "$host" = PASS ] && [ "$(r swiotlb)" = PASS ] &&
     [ "$(r log-lines)" = PASS ]; then
	verdict=confined
else
	verdict=not-confined
fi
echo "VERDICT: $verdict"
