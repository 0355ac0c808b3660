# shellcheck shell=bash disable=SC2034,SC2154
# Sourced by test/hostile/run.sh and test/hostile/uboot.sh: the output
# helpers and what every hostile run needs. Before sourcing: TOP, BUILD,
# arch and name set.
pass() { echo "PASS: $name: $*"; }
fail() { echo "FAIL: $name: $*"; }
fact() { echo "FACT: $*"; }

# hostile_prepare RUNNAME [PROFILE]: a fresh build/hostile/runs/RUNNAME/ (one
# run of a name at a time), the test kernel, the QEMU with the TZC-400 model
# and the secure U-Boot, production or (PROFILE "bringup", for a run that
# names its own policy in dmacage_policy) bring-up. Sets run, kernel, qemu,
# ub; on a failure prints it and returns 1.
hostile_prepare() {
	run=$BUILD/hostile/runs/$1
	mkdir -p "$BUILD/hostile/runs"
	exec 8> "$run.lock"
	flock 8
	rm -rf "$run"
	mkdir -p "$run"
	if ! kernel=$("$TOP/scripts/build-linux.sh" "$arch" 2> "$run/kernel-build.log"); then
		fail "kernel build failed ($run/kernel-build.log)"; return 1
	fi
	if ! qemu=$("$TOP/scripts/build-qemu.sh" 2> "$run/qemu-build.log"); then
		fail "scripts/build-qemu.sh failed ($run/qemu-build.log)"; return 1
	fi
	local v=secure
	[ "${2:-}" = bringup ] && v=secure_bringup
	ub=$BUILD/uboot/qemu_${arch}_$v
	if ! make -s -C "$TOP" "uboot-$arch-${v/_/-}" > "$run/uboot-build.log" 2>&1; then
		fail "make uboot-$arch-${v/_/-} failed ($run/uboot-build.log)"; return 1
	fi
}

# The attacker: QEMU's edu behind root port 00:02.0 (so 02:00.0, requester
# ID 0x0200), with a DMA mask wider than its 28-bit default.
edu_args=(-device pcie-root-port,id=rp1,chassis=2
	  -device edu,bus=rp1,dma_mask=0xffffffffff)

# hostile_qemu TIMEOUT MARKER QEMU-ARGS...: run QEMU with the model's trace
# until MARKER (no PSCI under the secure firmware: Linux cannot power off).
# Sets rc (scripts/qemu-run-until.sh's status) and log (the serial log,
# trace lines included).
hostile_qemu() {
	local timeout=$1 marker=$2 start
	shift 2
	local cmd=("$@" -trace "tzc400_*")
	printf '%q ' "${cmd[@]}" > "$run/qemu.cmd"
	start=$(date +%s)
	rc=0
	"$TOP/scripts/qemu-run-until.sh" "$timeout" "$marker" "$run/serial.raw" -- \
		"${cmd[@]}" || rc=$?
	log=$run/serial.log
	tr -d '\r' < "$run/serial.raw" > "$log"
	fact "${run##*/} QEMU rc=$rc in $(( $(date +%s) - start )) s, log $log"
}
