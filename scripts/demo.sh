#!/bin/bash
# The dmacage demo (`make demo`): build QEMU with the TZC-400 model, U-Boot
# with dmacage as the secure firmware, the Linux 6.1 test kernel and the
# test initramfs; boot QEMU arm64 and show the memory map and plan, the
# checker readback, the Linux log lines and the confinement verdict; then
# let a hostile PCIe device (QEMU's edu) attack the kernel, and show the
# checker stop it. Everything is cached under build/, so a second run takes
# seconds.
#
#   DEMO_BOOT=uboot    U-Boot non-secure with the emulated checker (no
#                      enforcement, no attack)
#   DEMO_BOOT=direct   boot the kernel without U-Boot (DT made by the test)
set -uo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
boot=${DEMO_BOOT:-secure}
start=$(date +%s)

# Run a long step with a progress line every 30 s, so no step is silent.
step() {
	local msg=$1 t0 pid rc
	shift
	t0=$(date +%s)
	echo "==> $msg"
	"$@" > "$BUILD/demo/step.log" 2>&1 &
	pid=$!
	while ! wait_for $pid 30; do
		echo "    ... $msg ($(( $(date +%s) - t0 )) s)"
	done
	wait $pid
	rc=$?
	if [ $rc != 0 ]; then
		tail -n 20 "$BUILD/demo/step.log" | sed 's/^/    | /'
		echo "demo: FAILED: $msg (log: $BUILD/demo/step.log)"
		exit 1
	fi
	echo "    done in $(( $(date +%s) - t0 )) s"
}
# wait_for PID SECONDS: 0 once PID has exited, 1 if it still runs.
wait_for() {
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	! kill -0 "$1" 2>/dev/null
}

mkdir -p "$BUILD/demo"
[ "$boot" = secure ] &&
	step "QEMU 7.2 with the TZC-400 model (cold: about 8 min with -j2)" \
		"$TOP/scripts/build-qemu.sh"
[ "$boot" = secure ] &&
	step "U-Boot 2023.01 + dmacage, secure firmware for qemu_arm64 (cold: about 2 min)" \
		make -s -C "$TOP" uboot-arm64-secure
[ "$boot" = uboot ] &&
	step "U-Boot 2023.01 + dmacage for qemu_arm64 (cold: about 35 s)" \
		make -s -C "$TOP" uboot-arm64
step "Linux 6.1 source (Debian linux-source-6.1)" "$TOP/scripts/fetch-linux.sh"
step "Linux 6.1 test kernel for arm64 (cold: about 2 min with -j2)" \
	"$TOP/scripts/build-linux.sh" arm64
echo "==> booting QEMU virt arm64: virtio-blk behind a PCIe root port, $boot boot"
out=$("$TOP/test/e2e/run.sh" arm64 host pos "$boot" 2>"$BUILD/demo/run.err")
log=$BUILD/e2e/runs/arm64-host-pos-$boot/serial.log

if [ "$boot" != direct ]; then
	echo
	echo "--- U-Boot at hand-off: memory map, plan, checker readback"
	# The last plan block is the hand-off's: it also avoids the kernel,
	# initrd and DT that were loaded by then.
	awk '/^dmacage: policy from/ { n = 0 }
	     { blk[n++] = $0 }
	     /^dmacage: summary cmd=handoff/ { for (i = 0; i < n; i++) print blk[i]; exit }' "$log"
fi
echo
echo "--- Linux: the lines that prove the pool is attached"
sed -n 's/^  log: /  /p' <<<"$out"
echo
echo "--- The proof, from inside Linux (test/e2e/init.sh) and on the host"
sed -n 's/^RESULT: /  /p' <<<"$out"
v=$(sed -n 's/^VERDICT: //p' <<<"$out")
echo
echo "Serial log: $log"
if [ "$v" != confined ]; then
	echo "VERDICT: ${v:-no verdict} - the device is NOT proven confined"
	exit 1
fi
echo "VERDICT: CONFINED - every DMA address the device used lies inside the window"
if [ "$boot" != secure ]; then
	echo "Total time: $(( $(date +%s) - start )) s"
	exit 0
fi
echo "         and the TZC-400 denied it nothing"

# A hostile device in the same domain: test/hostile (doc/hostile.md).
echo
echo "==> a hostile PCIe device (QEMU's edu, 02:00.0) attacks, with dmacage and in a control"
h=$("$TOP/test/hostile/run.sh" arm64 host 2>"$BUILD/demo/hostile.err")
c=$("$TOP/test/hostile/run.sh" arm64 control 2>>"$BUILD/demo/hostile.err")
say() {	# $1: run output, $2: check, $3: what it is
	local l
	l=$(grep -m 1 "^[A-Z]*: hostile arm64 [a-z]*: $2" <<<"$1" |
		sed -e 's/^[A-Z]*: hostile arm64 [a-z]*: //' -e 's/^[^:]*: //')
	echo "  $3: ${l:-no result}"
}
echo "--- with dmacage"
say "$h" "read-kernel-banner" "hostile DMA read of kernel memory"
say "$h" "write-own" "hostile DMA write outside the window"
say "$h" "window:" "DMA inside the window"
say "$h" "tzc-regs" "the OS writes the checker"
say "$h" "tzc-trace" "violation decoded"
say "$h" "virtio-blk disk-after" "the confined disk, after the attacks"
echo "--- control: the same device, the checker opened by the boot firmware"
say "$c" "read-kernel-banner" "hostile DMA read of kernel memory"
say "$c" "write-own" "hostile DMA write outside the window"
echo "Total time: $(( $(date +%s) - start )) s"
if grep -q '^FAIL:' <<<"$h$c"; then
	echo "HOSTILE: a check failed:"
	grep '^FAIL:' <<<"$h$c" | sed 's/^/  /'
	exit 1
fi
echo "HOSTILE: BLOCKED - the checker stopped every attack, and the same attacks leaked in the control"
