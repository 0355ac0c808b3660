#!/bin/bash
# U-Boot suite: build U-Boot for qemu_arm and qemu_arm64, then boot
# Debian's stock kernels through it under QEMU and check, from inside Linux
# (/proc/device-tree), that the OS DT carries the pools exactly as U-Boot
# planned, plus the negative runs. Each run's serial log is kept in
# build/uboot/test/<arch>-<case>.log.
#
# Two builds per arch: production (make uboot-ARCH) and bring-up (make
# uboot-ARCH-bringup, CONFIG_DMACAGE_BRINGUP=y).
# Production runs: host (built-in host-bridge policy, and the dmacage
# subcommands before booting), badenv (dmacage_pcie0_restricted_size=12Q),
# badvar (dmacage_pcie9_enable=1: no such domain), override (restricted 16M,
# no coherent pool: within the policy's ranges), prod-weaken (every
# weakening override at once: each refused, the domain confined as the
# built-in policy says).
# Bring-up runs: endpoint (policy DTB loaded into RAM and named by
# dmacage_policy), disable (impossible plan), halt (same with
# dmacage_on_error=halt), and the negative controls of prod-weaken:
# bu-weaken (replacement policy that cannot be planned, on-error warn: the
# device is left unconfined), bu-off (the domain switched off, a base
# outside placement-range) and bu-bounds (sizes and limit outside the
# policy's ranges: planned with them), nochk (a policy whose domain has no
# checker: failed at hand-off, on-error disable) and its negative control
# nochk-opt (the same with checker-optional: confined, reported "pool only,
# not enforced").
# QEMU runs without -no-reboot, as a board would: a reset shows as a second
# "U-Boot 2023.01" banner in the log, and every case wants exactly one.
# Opt-in case "sweep" (arm64): near-full windows, from ones that fit with
# room to spare to ones that do not fit at all; each must end in a sane
# state (confined, disabled and booting, or halted), never a reset loop or
# a hang after "Starting kernel".
# UBOOT_ARCHS and UBOOT_CASES (space-separated) narrow a run by hand.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
T=$BUILD/uboot/test
mkdir -p "$T"
POLICY_ADDR=0x4a000000

fail() { echo "FAIL: $1: $2"; }

# U-Boot's build directory for arch $1 and profile $2 (production|bringup).
ubdir() { if [ "$2" = bringup ]; then echo "$BUILD/uboot/qemu_${1}_bringup"; else echo "$BUILD/uboot/qemu_$1"; fi; }

build_uboot() {	# $1: arm|arm64, $2: production|bringup
	local t=uboot-$1 d
	[ "$2" = bringup ] && t=$t-bringup
	d=$(ubdir "$1" "$2")
	if make -s -C "$TOP" "$t" > "$T/build-$t.log" 2>&1 &&
	   [ -s "$d/u-boot.bin" ]; then
		echo "PASS: $t-build: $(stat -c %s "$d/u-boot.bin") bytes"
		return 0
	fi
	fail "$t-build" "make $t failed (log: $T/build-$t.log)"
	tail -n 20 "$T/build-$t.log" | sed 's/^/  | /'
	return 1
}

# Debian's stock kernel, resolved through the meta-package (the mirror only
# carries current versions).
fetch_kernel() {	# $1: arm|arm64 -> prints the kernel path
	local meta pkg deb dir
	case $1 in
	arm) meta=linux-image-armmp-lpae:armhf ;;
	arm64) meta=linux-image-arm64:arm64 ;;
	esac
	pkg=$("$TOP/scripts/apt-fetch.sh" resolve "$meta") || return 1
	[ -n "$pkg" ] || return 1
	# resolve answers "name:arch"
	deb=$("$TOP/scripts/apt-fetch.sh" download "$pkg" | tail -n 1)
	[ -f "$deb" ] || return 1
	dir=$T/kernel-${pkg%%:*}
	if [ ! -d "$dir" ]; then
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir.tmp" --wildcards './boot/vmlinuz-*' || return 1
		mv "$dir.tmp" "$dir"
	fi
	echo "uboot: $1 kernel $(basename "$deb")" >&2
	ls "$dir"/boot/vmlinuz-* | head -n 1
}

# Flash environment on pflash unit 1 (CONFIG_ENV_ADDR): the default env,
# then the case's lines, which win. $1: arch, $2: out, rest: lines. The
# build is $PROFILE's.
make_env() {
	local a=$1 out=$2 d
	shift 2
	d=$(ubdir "$a" "$PROFILE")
	{ cat "$d/u-boot-initial-env"; printf '%s\n' "$@"; } > "$out.txt"
	"$d/tools/mkenvimage" -s 0x40000 -o "$out" "$out.txt" &&
		truncate -s 64M "$out"
}

# QEMU's command line for a run, into the array QEMU_CMD. $1: arch, $2: env
# image or "", rest: extra QEMU args. No -no-reboot: a reset must show.
qemu_cmd() {
	local a=$1 env=$2 q cpu
	shift 2
	if [ "$a" = arm ]; then q=qemu-system-arm cpu=cortex-a15; else q=qemu-system-aarch64 cpu=cortex-a53; fi
	set -- -M virt -cpu $cpu -m 1G -nographic -nic none \
		-bios "$(ubdir "$a" "$PROFILE")/u-boot.bin" -kernel "${KERNEL[$a]}" \
		-initrd "$T/initrd-$a.cpio.gz" -append "console=ttyAMA0 panic=-1" \
		-device pcie-root-port,id=rp0,chassis=1 \
		-device e1000e,bus=rp0,romfile= "$@"
	[ -n "$env" ] && set -- "$@" -drive "if=pflash,unit=1,format=raw,file=$env,snapshot=on"
	QEMU_CMD=("$q" "$@")
}

# A run that ends with Linux powering off. $1: arch, $2: case, $3: env
# image or "", rest: extra QEMU args. QEMU exits 0 on poweroff; a reset
# loop or a hang runs into the timeout. verify.py decides from the log.
run_qemu() {
	local a=$1 c=$2 env=$3
	shift 3
	qemu_cmd "$a" "$env" "$@"
	timeout 120 "${QEMU_CMD[@]}" < /dev/null > "$T/$a-$c.log" 2>&1
	local rc=$?
	[ $rc = 124 ] && echo "  ($a-$c: QEMU timed out)"
	return 0
}

# A run that must stop in U-Boot: QEMU is given HALT_WAIT seconds and must
# still be running at the end (a halted board neither resets nor powers
# off). Prints "running" or "exited" for verify.py. Same arguments.
HALT_WAIT=${HALT_WAIT:-15}
run_qemu_halt() {
	local a=$1 c=$2 env=$3
	shift 3
	qemu_cmd "$a" "$env" "$@"
	# the marker never appears: the wait always runs to its end
	"$TOP/scripts/qemu-run-until.sh" "$HALT_WAIT" "dmacage-test: no such line" \
		"$T/$a-$c.log" -- "${QEMU_CMD[@]}"
	case $? in 124) echo running ;; *) echo exited ;; esac
}

verify() {	# $1: arch, $2: case, $3: mode, [$4: running|exited]
	PROFILE=$PROFILE python3 "$TOP/test/uboot/verify.py" "$T/$1-$2.log" "uboot-$1-$2" "$3" ${4:+"$4"}
}

declare -A KERNEL
CMDS='dmacage plan; dmacage status; dmacage check ${fdtcontroladdr}; fdt addr ${fdtcontroladdr}; fdt move ${fdtcontroladdr} 0x49000000 0x100000; dmacage apply 0x49000000; dmacage check 0x49000000; dmacage faults; dmacage faults clear; dmacage apply 0x1; dmacage bogus; run dmcboot'

dtc -q -I dts -O dtb -o "$T/policy-endpoint.dtb" "$TOP/dts/uboot/qemu-pcie-endpoint.dts" &&
dtc -q -I dts -O dtb -o "$T/policy-impossible.dtb" "$TOP/test/uboot/policy-impossible.dts" &&
dtc -q -I dts -O dtb -o "$T/policy-nochk.dtb" "$TOP/test/uboot/policy-nochk.dts" &&
dtc -q -I dts -O dtb -o "$T/policy-nochk-opt.dtb" "$TOP/test/uboot/policy-nochk-opt.dts" ||
	{ fail uboot-policies "dtc failed"; exit 1; }

CASES=${UBOOT_CASES:-host badenv badvar override prod-weaken endpoint disable halt bu-weaken bu-off bu-bounds nochk nochk-opt}
want() { case " $CASES " in *" $1 "*) return 0 ;; esac; return 1; }
BRINGUP_CASES="endpoint disable halt bu-weaken bu-off bu-bounds nochk nochk-opt sweep"
PROFILE=production
# Every override variable, each with a value that weakens the built-in
# policy (dts/uboot/qemu-pcie-host.dts and its ranges); dmacage_policy
# names the impossible policy loaded at $POLICY_ADDR.
WEAKEN="dmacage_policy=$POLICY_ADDR dmacage_on_error=warn dmacage_pcie0_enable=0
dmacage_pcie0_restricted_size=128M dmacage_pcie0_coherent_size=16M
dmacage_pcie0_base=0x80000000 dmacage_pcie0_limit=0x100000000"

for a in ${UBOOT_ARCHS:-arm64 arm}; do
	PROFILE=production
	build_uboot $a production || continue
	bu=0
	for c in $BRINGUP_CASES; do want $c && bu=1; done
	[ $bu = 0 ] || build_uboot $a bringup || bu=-1
	KERNEL[$a]=$(fetch_kernel $a) ||
		{ fail "uboot-$a-kernel" "cannot fetch Debian's stock kernel"; continue; }
	"$TOP/scripts/mkinitramfs.sh" -a $a -o "$T/initrd-$a.cpio.gz" ||
		{ fail "uboot-$a-initramfs" "mkinitramfs.sh failed"; continue; }
	boot=$(sed -n 's/^bootcmd=//p' "$(ubdir $a production)/u-boot-initial-env")
	pol_ep="-device loader,file=$T/policy-endpoint.dtb,addr=$POLICY_ADDR,force-raw=on"
	pol_imp="-device loader,file=$T/policy-impossible.dtb,addr=$POLICY_ADDR,force-raw=on"

	if want host; then
		make_env $a "$T/env-$a-host.img" "dmcboot=$boot" "bootcmd=$CMDS"
		run_qemu $a host "$T/env-$a-host.img"
		verify $a host host
	fi

	if want badenv; then
		make_env $a "$T/env-$a-badenv.img" "dmacage_pcie0_restricted_size=12Q"
		run_qemu $a badenv "$T/env-$a-badenv.img"
		verify $a badenv badenv
	fi

	if want badvar; then
		make_env $a "$T/env-$a-badvar.img" "dmacage_pcie9_enable=1"
		run_qemu $a badvar "$T/env-$a-badvar.img"
		verify $a badvar badvar
	fi

	if want override; then
		make_env $a "$T/env-$a-override.img" "dmacage_pcie0_restricted_size=16M" \
			"dmacage_pcie0_coherent_size=0"
		run_qemu $a override "$T/env-$a-override.img"
		verify $a override override
	fi

	if want prod-weaken; then
		# shellcheck disable=SC2086
		make_env $a "$T/env-$a-prod-weaken.img" $WEAKEN
		# shellcheck disable=SC2086
		run_qemu $a prod-weaken "$T/env-$a-prod-weaken.img" $pol_imp
		verify $a prod-weaken prod-weaken
	fi

	PROFILE=bringup
	if [ $bu = -1 ]; then
		for c in $BRINGUP_CASES; do want $c && fail "uboot-$a-$c" "no bring-up build"; done
		bu=0
	fi
	if [ $bu = 1 ] && want endpoint; then
		make_env $a "$T/env-$a-endpoint.img" "dmacage_policy=$POLICY_ADDR"
		# shellcheck disable=SC2086
		run_qemu $a endpoint "$T/env-$a-endpoint.img" $pol_ep
		verify $a endpoint endpoint
	fi

	if [ $bu = 1 ] && want disable; then
		make_env $a "$T/env-$a-disable.img" "dmacage_policy=$POLICY_ADDR"
		# shellcheck disable=SC2086
		run_qemu $a disable "$T/env-$a-disable.img" $pol_imp
		verify $a disable disable
	fi

	if [ $bu = 1 ] && want halt; then
		make_env $a "$T/env-$a-halt.img" "dmacage_policy=$POLICY_ADDR" "dmacage_on_error=halt"
		# shellcheck disable=SC2086
		st=$(run_qemu_halt $a halt "$T/env-$a-halt.img" $pol_imp)
		verify $a halt halt "$st"
	fi

	if [ $bu = 1 ] && want bu-weaken; then
		make_env $a "$T/env-$a-bu-weaken.img" "dmacage_policy=$POLICY_ADDR" \
			"dmacage_on_error=warn"
		# shellcheck disable=SC2086
		run_qemu $a bu-weaken "$T/env-$a-bu-weaken.img" $pol_imp
		verify $a bu-weaken bu-weaken
	fi

	if [ $bu = 1 ] && want bu-off; then
		make_env $a "$T/env-$a-bu-off.img" "dmacage_pcie0_enable=0" \
			"dmacage_pcie0_base=0x80000000"
		run_qemu $a bu-off "$T/env-$a-bu-off.img"
		verify $a bu-off bu-off
	fi

	if [ $bu = 1 ] && want bu-bounds; then
		make_env $a "$T/env-$a-bu-bounds.img" "dmacage_pcie0_restricted_size=128M" \
			"dmacage_pcie0_coherent_size=16M" "dmacage_pcie0_limit=0x100000000"
		run_qemu $a bu-bounds "$T/env-$a-bu-bounds.img"
		verify $a bu-bounds bu-bounds
	fi

	for c in nochk nochk-opt; do
		[ $bu = 1 ] && want $c || continue
		make_env $a "$T/env-$a-$c.img" "dmacage_policy=$POLICY_ADDR"
		run_qemu $a $c "$T/env-$a-$c.img" \
			-device "loader,file=$T/policy-$c.dtb,addr=$POLICY_ADDR,force-raw=on"
		verify $a $c $c
	done

	# Near-full windows with the built-in policy (4 MiB coherent pool) in
	# 1 GiB: U-Boot takes the top ~20 MiB, the kernel, initrd and DT need
	# ~35 MiB more. Linux only has to reach its first lines. The sizes are
	# far outside the policy's restricted-size-range: a bring-up build.
	if [ $bu = 1 ] && [ $a = arm64 ] && want sweep; then
		for sz in ${UBOOT_SWEEP:-900M 950M 970M 980M 990M 994M 998M 1000M 1002M 1010M}; do
			c=sweep-$sz
			make_env $a "$T/env-$a-$c.img" "dmacage_pcie0_restricted_size=$sz"
			qemu_cmd $a "$T/env-$a-$c.img"
			"$TOP/scripts/qemu-run-until.sh" "${SWEEP_WAIT:-30}" \
				"Booting Linux on physical CPU" "$T/$a-$c.log" -- "${QEMU_CMD[@]}"
			case $? in 0) st=linux ;; 124) st=running ;; *) st=exited ;; esac
			verify $a $c sweep $st
		done
	fi
done
exit 0
