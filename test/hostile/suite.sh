#!/bin/bash
# Hostile-device suite: a PCIe device that attacks, QEMU's edu
# driven from user space, in the domain dmacage protects, under QEMU with
# the TZC-400 model and our secure U-Boot (doc/hostile.md). Per
# architecture:
#   host, endpoint  dmacage programs the TZC-400 (either policy form): edu
#             reads nothing of the kernel, writes nothing outside the
#             window, works inside it, cannot reach the checker's port, the
#             model's trace names edu and attack 1's page, and virtio-blk
#             still reads the disk;
#   control   the same pools but no checker, the TZC-400 opened by the boot
#             command: the same attacks must read the kernel and change the
#             page (else the suite proves nothing);
#   uboot     U-Boot itself points edu outside the window after the
#             hand-off programmed the checker; "dmacage faults" must report
#             it.
# HOSTILE_ARCHES (default "arm64 arm") limits the architectures,
# HOSTILE_MODES (default "host endpoint control uboot") the runs.
set -uo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD

mkdir -p "$BUILD/hostile"
exec 9> "$BUILD/hostile/suite.lock"
if ! flock -n 9; then
	echo "hostile: another hostile suite is running; waiting for it" >&2
	flock 9
fi

for arch in ${HOSTILE_ARCHES:-arm64 arm}; do
	for mode in ${HOSTILE_MODES:-host endpoint control uboot}; do
		if [ "$mode" = uboot ]; then
			[ -x "$TOP/test/hostile/uboot.sh" ] || continue
			"$TOP/test/hostile/uboot.sh" "$arch"
		else
			"$TOP/test/hostile/run.sh" "$arch" "$mode"
		fi
	done
done
exit 0
