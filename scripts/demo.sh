#!/bin/bash
# The dmacage demo (`make demo`): build U-Boot with dmacage, the Linux 6.1
# test kernel and the test initramfs, boot QEMU arm64, and show the memory
# map and plan, the checker readback, the Linux log lines and the
# confinement verdict. Everything is cached under build/, so a second run
# takes seconds.
#
#   DEMO_BOOT=direct   boot the kernel without U-Boot (DT made by the test)
set -uo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
boot=${DEMO_BOOT:-uboot}
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
[ "$boot" = uboot ] &&
	step "U-Boot 2023.01 + dmacage for qemu_arm64 (cold: about 35 s)" \
		make -s -C "$TOP" uboot-arm64
step "Linux 6.1 source (Debian linux-source-6.1)" "$TOP/scripts/fetch-linux.sh"
step "Linux 6.1 test kernel for arm64 (cold: about 2 min with -j2)" \
	"$TOP/scripts/build-linux.sh" arm64
echo "==> booting QEMU virt arm64: virtio-blk behind a PCIe root port, $boot boot"
out=$("$TOP/test/e2e/run.sh" arm64 host pos "$boot" 2>"$BUILD/demo/run.err")
log=$BUILD/e2e/runs/arm64-host-pos-$boot/serial.log

if [ "$boot" = uboot ]; then
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
echo "Total time: $(( $(date +%s) - start )) s"
if [ "$v" = confined ]; then
	echo "VERDICT: CONFINED - every DMA address the device used lies inside the window"
	exit 0
fi
echo "VERDICT: ${v:-no verdict} - the device is NOT proven confined"
exit 1
