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
# built-in policy says; it boots an initrd 24 MiB larger than host's and
# must plan host's hash: the plan depends on the load areas, not on the
# images' sizes).
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
# "U-Boot <base>" banner in the log, and every case wants exactly one.
# Production also runs loaders (file system, TFTP and qfw loads into the
# window the host case planned) and envscript (the host tool's "plan
# --format env" script as the environment: the boot plans the host tool's
# plan); host and endpoint also check that the host
# tool, given U-Boot's board profile, plans the boot's hash and writes the
# record Linux received (parity).
# Case "sweep" (bring-up): near-full windows, from one that fits to ones
# that do not fit at all (UBOOT_SWEEP for other sizes); each must end in a
# sane state (confined with the plan made at boot, disabled and booting, or
# halted), never a reset loop or a hang after "Starting kernel".
# Case "terse" (ARM32 only): the production build with DMACAGE_TERSE, the
# core's failures without their sentences. Booted as U-Boot boots a board
# (run dmcboot), it must plan the host case's hash and confine as it does;
# booted as loaders, it must fail the domain as the full build does.
# Case "brokenport" (U-Boot 2025.01, not in the default list): the 2025.01
# port with each of its two silent breaks put back, in builds of their own;
# the checks of host and loaders that must catch them have to fail there.
# UBOOT_ARCHS and UBOOT_CASES (space-separated) narrow a run by hand.
# UBOOT=2025.01 runs the suite on that U-Boot base (mk/uboot.mk), with its
# builds and logs under its own build directory (build/uboot-2025.01).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
UBOOT=${UBOOT:-2023.01}
export TOP BUILD UBOOT
UB=$(make -s -C "$TOP" uboot-dir) || { echo "FAIL: uboot-base: UBOOT=$UBOOT"; exit 1; }
T=$UB/test
mkdir -p "$T"
POLICY_ADDR=0x4a000000

fail() { echo "FAIL: $1: $2"; }

# U-Boot's build directory for arch $1 and profile $2 (production, bringup,
# or a broken port's name, see build_broken).
ubdir() {
	case $2 in
	production) echo "$UB/qemu_$1" ;;
	*) echo "$UB/qemu_${1}_$2" ;;
	esac
}

build_uboot() {	# $1: arm|arm64, $2: production|bringup|terse
	local t=uboot-$1 d
	[ "$2" = production ] || t=$t-$2
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

# A broken port: the production build of arch $1 rebuilt as $2 with the
# sed expression $3 applied to board/dmacage/compat.h, the file that holds
# what differs between the bases. The working tree's compat.h (a link to
# ours) is swapped for the edited copy only while this build runs, under
# the tree's two locks: the one every other build of the base takes shared
# (mk/uboot.mk), and the one scripts/fetch-uboot.sh links our files in
# under (it would put the link back mid-build; after an interrupted run it
# does, loudly). The build starts as a copy of the production build, so
# only what includes compat.h is recompiled.
build_broken() {	# $1: arm|arm64, $2: name, $3: sed expression
	local a=$1 d src=$UB/src/board/dmacage/compat.h ours cross
	d=$(ubdir "$1" "$2")
	ours=$(readlink "$src") ||
		{ fail "uboot-$a-$2" "$src is not a link to ours"; return 1; }
	sed "$3" "$ours" > "$T/compat-$2.h"
	if cmp -s "$ours" "$T/compat-$2.h"; then
		fail "uboot-$a-$2" "the edit '$3' no longer applies to board/dmacage/compat.h"
		return 1
	fi
	case $a in arm) cross=arm-none-eabi- ;; arm64) cross=aarch64-linux-gnu- ;; esac
	rm -rf "$d"
	cp -a "$(ubdir "$a" production)" "$d"
	(
		flock 8 && flock 9 || exit 1
		trap 'ln -sf "$ours" "$src"' EXIT
		rm "$src" && cp "$T/compat-$2.h" "$src" &&
		make -C "$UB/src" O="$d" CROSS_COMPILE=$cross -j"${JOBS:-2}" all \
			< /dev/null > "$d/build.log" 2>&1
	) 8> "$UB/.lock-src" 9> "$UB/.lock-tree" ||
		{ fail "uboot-$a-$2" "the build failed ($d/build.log)"; return 1; }
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
		-initrd "${INITRD:-$T/initrd-$a.cpio.gz}" -append "console=ttyAMA0 panic=-1" \
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
	judge_received "$1" "$2"
}

# Parity of the offline plan with the boot: the host tool, given the board
# profile that U-Boot printed ("dmacage profile"), QEMU's DT for the same
# machine and the same policy, must plan the hash U-Boot planned at boot.
# Without the profile it must not (else the check would prove nothing).
# $1: arch, $2: case, $3: policy file, rest: the case's extra QEMU args.
DMACAGE=${DMACAGE:-$BUILD/host/dmacage}
make -s -C "$TOP" tool corpus-judge > "$T/tool-build.log" 2>&1 ||
	fail uboot-host-tool "make tool corpus-judge failed ($T/tool-build.log)"
parity() {
	local a=$1 c=$2 pol=$3 log=$T/$1-$2.log want got without name=uboot-$1-$2
	shift 3
	sed -n '/^dmacage-profile 1/,/^end/p' "$log" | tr -d '\r' > "$T/$a-$c.profile"
	qemu_cmd $a "" "$@"
	"${QEMU_CMD[@]}" -M "virt,dumpdtb=$T/$a-$c.virt.dtb" >/dev/null 2>&1
	want=$(sed -n 's/^dmacage: summary cmd=boot-plan .* hash=\(0x[0-9a-f]*\).*/\1/p' "$log" | head -n 1)
	got=$("$DMACAGE" plan -p "$pol" -d "$T/$a-$c.virt.dtb" --profile "$T/$a-$c.profile" 2>&1 |
		sed -n 's/.*plan hash \(0x[0-9a-f]*\).*/\1/p')
	without=$("$DMACAGE" plan -p "$pol" -d "$T/$a-$c.virt.dtb" 2>&1 |
		sed -n 's/.*plan hash \(0x[0-9a-f]*\).*/\1/p')
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		echo "PASS: $name: the host tool with U-Boot's profile plans the boot's hash $want"
	else
		fail "$name" "host tool with the profile planned '${got:-nothing}', U-Boot '${want:-nothing}' ($T/$a-$c.profile)"
	fi
	if [ -n "$without" ] && [ "$without" != "$want" ]; then
		echo "PASS: $name: without the profile the host tool plans otherwise ($without): the profile is what makes them agree"
	else
		fail "$name" "without the profile the host tool planned '${without:-nothing}', boot '$want': the parity check proves nothing"
	fi
	# The record: the host tool's apply with the profile writes what Linux
	# received, byte for byte; without the profile it must not.
	if "$DMACAGE" apply -p "$pol" -d "$T/$a-$c.virt.dtb" --profile "$T/$a-$c.profile" \
		-o "$T/$a-$c.factory.dtb" > "$T/$a-$c.factory.txt" 2>&1; then
		python3 "$TOP/test/uboot/record.py" "$log" "$T/$a-$c.factory.dtb" "$name-record"
	else
		fail "$name-record" "the host tool's apply --profile failed ($T/$a-$c.factory.txt)"
	fi
	if "$DMACAGE" apply -p "$pol" -d "$T/$a-$c.virt.dtb" -o "$T/$a-$c.noprofile.dtb" \
		> "$T/$a-$c.noprofile.txt" 2>&1 &&
	   ! python3 "$TOP/test/uboot/record.py" "$log" "$T/$a-$c.noprofile.dtb" x > /dev/null; then
		echo "PASS: $name-record: without the profile the host tool's record differs from the boot's"
	else
		fail "$name-record" "without the profile the record was not told apart ($T/$a-$c.noprofile.dtb)"
	fi
	judge_handoff "$a" "$c" "$pol"
}

# The tree Linux received from U-Boot (init.sh's FDT lines), judged the way
# Linux reads it by the model of test/unit/linuxmodel.h: every domain of the
# boot's plan (the host tool's plan with U-Boot's profile, whose hash the
# parity check above compares) is confined to its restricted pool. QEMU's
# own tree under the same plan is not: the negative control.
J=$BUILD/host/corpus/judge
. "$TOP/test/judge.sh"
# Every boot that reached Linux: the record in the tree Linux received is
# held to its claims (judge record: "confined" domains confined to the pool
# the record names, the functions it names or all below the host;
# "disabled" hosts not probed).
judge_received() {	# $1: arch, $2: case
	local a=$1 c=$2 name=uboot-$1-$2-received JW=$T/judge-$1-$2
	grep -q '^INIT: start' "$T/$a-$c.log" 2>/dev/null || return 0
	mkdir -p "$JW"
	if ! fdt_from_log "$T/$a-$c.log" "$T/$a-$c.linux.dtb"; then
		fail "$name" "Linux ran but printed no FDT lines (is /sys/firmware/fdt missing?)"
		return
	fi
	if judge_record "$T/$a-$c.linux.dtb" "$a"; then
		echo "PASS: $name: the record's claims hold as the Linux model reads the tree ($JUDGE_WHY)"
	else
		fail "$name" "$JUDGE_WHY"
	fi
}

judge_handoff() {	# $1: arch, $2: case, $3: policy
	local a=$1 c=$2 name=uboot-$1-$2-handoff JW=$T/judge-$1-$2
	mkdir -p "$JW"
	if ! fdt_from_log "$T/$a-$c.log" "$T/$a-$c.linux.dtb"; then
		fail "$name" "no FDT lines in the log (is /sys/firmware/fdt missing?)"
		return
	fi
	if ! "$DMACAGE" plan -p "$3" -d "$T/$a-$c.virt.dtb" --profile "$T/$a-$c.profile" 		--format json > "$T/$a-$c.plan.json" 2> "$T/$a-$c.plan.err" ||
	   ! dtc -q -O dtb -o "$T/$a-$c.policy.dtb" "$3" 2> "$T/$a-$c.dtc.err"; then
		fail "$name" "no plan or policy to judge by ($T/$a-$c.plan.err, $T/$a-$c.dtc.err)"
		return
	fi
	if ! judge_plan "$T/$a-$c.linux.dtb" "$a" "" "$T/$a-$c.plan.json" "$T/$a-$c.policy.dtb"; then
		fail "$name" "the tree Linux received is not confined as Linux reads it: $JUDGE_WHY"
	elif [ "$JUDGED" -eq 0 ]; then
		fail "$name" "the boot's plan has no domain to judge"
	else
		echo "PASS: $name: the tree Linux received confines every domain ($JUDGED) as Linux reads it"
	fi
	if judge_plan "$T/$a-$c.virt.dtb" "$a" "" "$T/$a-$c.plan.json" "$T/$a-$c.policy.dtb"; then
		fail "$name-control" "QEMU's unpatched tree is judged confined too"
	else
		echo "PASS: $name-control: QEMU's unpatched tree is not ($JUDGE_WHY)"
	fi
	# the record judge's control: a received tree whose record claims more
	# than the tree gives (host: the host's memory-region gone; endpoint:
	# the record's endpoints gone, so it claims every function) must be
	# refused
	local what
	cp "$T/$a-$c.linux.dtb" "$T/$a-$c.overclaim.dtb"
	if [ "$c" = host ]; then
		what="confined over a host without memory-region"
		fdtput -d "$T/$a-$c.overclaim.dtb" /pcie@10000000 memory-region
	else
		what="confined without its endpoints, for every function below the host"
		fdtput -d "$T/$a-$c.overclaim.dtb" /chosen/dmacage/pcie0 endpoints
	fi
	if judge_record "$T/$a-$c.overclaim.dtb" "$a"; then
		fail "$name-record-control" "a record of $what is believed"
	else
		echo "PASS: $name-record-control: a record of $what is refused"
	fi
}

# The plan made at boot depends on the load areas, not on the images'
# sizes: prod-weaken, whose refused overrides leave the built-in policy as
# in host, boots an initrd 24 MiB larger and must plan host's hash.
same_plan_bigger_initrd() {	# $1: arch
	local h p hs ps
	h=$(sed -n 's/^dmacage: summary cmd=boot-plan .* hash=\(0x[0-9a-f]*\).*/\1/p' "$T/$1-host.log" | head -n 1)
	p=$(sed -n 's/^dmacage: summary cmd=boot-plan .* hash=\(0x[0-9a-f]*\).*/\1/p' "$T/$1-prod-weaken.log" | head -n 1)
	hs=$(stat -c %s "$T/initrd-$1.cpio.gz") ps=$(stat -c %s "$T/initrd-$1-big.cpio.gz")
	if [ -n "$h" ] && [ "$h" = "$p" ] && [ "$ps" -gt $((hs + 0x1000000)) ]; then
		echo "PASS: uboot-$1-load-areas: an initrd of $ps bytes instead of $hs plans the same hash $h"
	else
		fail "uboot-$1-load-areas" "host planned '${h:-nothing}' with a $hs-byte initrd, prod-weaken '${p:-nothing}' with $ps bytes"
	fi
}

# Loaders against the window the host case planned: U-Boot's file
# system load and TFTP check the LMB, where dmacage reserved the pools,
# and must refuse the window while loading elsewhere works. qfw load
# does not check: the initrd it puts into the window (and that
# initrd_high keeps there) must make the hand-off fail the domain, and
# Linux boots with the host disabled. $1: arch, $2: case (its log); the
# build is $PROFILE's. Returns 1, having said why, when there is no window.
run_loaders() {
	local a=$1 c=$2 win free script w at
	win=$(sed -n 's/^dmacage: window pcie0 state=planned base=\(0x[0-9a-f]*\) .*/\1/p' \
		"$T/$a-host.log" 2>/dev/null | head -n 1)
	if [ -z "$win" ]; then
		fail "uboot-$a-$c" "no window from the host case ($T/$a-host.log)"
		return 1
	else
		rm -rf "$T/loadfs-$c"
		mkdir -p "$T/loadfs-$c"
		head -c 65536 /dev/urandom > "$T/loadfs-$c/blob"
		mke2fs -q -F -t ext2 -d "$T/loadfs-$c" "$T/loadfs-$c.img" 4M
		free=0x50000000
		try() {	# $1: loader, $2: where, $3: address, $4: command
			echo "echo DMC-LOAD $1-$2 try; if $4; then echo DMC-LOAD $1-$2 loaded; else echo DMC-LOAD $1-$2 refused; fi"
		}
		script="virtio scan; setenv ethaddr 52:54:00:12:34:56; setenv ipaddr 10.0.2.15; setenv serverip 10.0.2.2"
		for w in free win; do
			[ $w = free ] && at=$free || at=$win
			script="$script; $(try fs $w $at "load virtio 0 $at blob"); $(try tftp $w $at "tftpboot $at blob")"
		done
		make_env $a "$T/env-$a-$c.img" "dmcboot=$boot" \
			"bootcmd=$script; setenv initrd_high 0xffffffffffffffff; setenv ramdisk_addr_r $win; run dmcboot"
		run_qemu $a $c "$T/env-$a-$c.img" \
			-drive "if=none,id=ld,file=$T/loadfs-$c.img,format=raw,snapshot=on" \
			-device virtio-blk-pci,drive=ld -netdev "user,id=ln,tftp=$T/loadfs-$c" \
			-global e1000e.netdev=ln
	fi
}

# A broken port must be caught: verify.py, run on its boot as on a good
# one, must fail one of the checks named. $1: arch, $2: broken port, $3:
# verify's mode, rest: the checks (labels of verify.py). Its lines are kept
# in $T/<arch>-<port>.verify.
broken_caught() {
	local a=$1 b=$2 mode=$3 v=$T/$1-$2.verify label hit=""
	shift 3
	PROFILE=production python3 "$TOP/test/uboot/verify.py" "$T/$a-$b.log" \
		"uboot-$a-$b" "$mode" > "$v"
	for label; do
		[ -n "$hit" ] || hit=$(grep -m 1 "^FAIL: uboot-$a-$b: $label" "$v")
	done
	if [ -n "$hit" ]; then
		echo "PASS: uboot-$a-brokenport-$b: the broken port is caught (${hit#FAIL: })"
	else
		fail "uboot-$a-brokenport-$b" "the broken port passed what should catch it ($*; $v)"
	fi
}

# The broken ports of U-Boot 2025.01 (see the brokenport case). $1: arch.
run_broken() {
	local a=$1
	if [ "$UBOOT" != 2025.01 ]; then
		fail "uboot-$a-brokenport" "the broken ports are of U-Boot 2025.01, not $UBOOT"
		return
	fi
	# ARM32's pools end in lowmem, far below U-Boot's region at the top of
	# 1 GiB: only arm64's window is planned where the room matters.
	if [ "$a" = arm64 ] &&
	   build_broken "$a" stackroom 's/max_t(u64, CONFIG_STACK_SIZE, SZ_1M)/SZ_1M/'; then
		PROFILE=stackroom
		make_env "$a" "$T/env-$a-stackroom.img" "dmcboot=$boot" "bootcmd=run dmcboot"
		run_qemu "$a" stackroom "$T/env-$a-stackroom.img"
		broken_caught "$a" stackroom host "plan at hand-off" \
			"the hand-off plans what the boot planned" "[a-z]* clear of the pools"
	fi
	if build_broken "$a" plainres 's/LMB_NOOVERWRITE)/LMB_NONE)/'; then
		PROFILE=plainres
		run_loaders "$a" plainres &&
			broken_caught "$a" plainres loaders "[a-zA-Z ]* into the window is refused"
	fi
}

declare -A KERNEL
CMDS='dmacage profile; dmacage plan; dmacage status; dmacage check ${fdtcontroladdr}; fdt addr ${fdtcontroladdr}; fdt move ${fdtcontroladdr} 0x49000000 0x100000; dmacage apply 0x49000000; dmacage check 0x49000000; dmacage check 0x49000000 7.3; dmacage check 0x49000000 9.9; dmacage faults; dmacage faults clear; dmacage apply 0x1; dmacage bogus; run dmcboot'

dtc -q -I dts -O dtb -o "$T/policy-endpoint.dtb" "$TOP/dts/uboot/qemu-pcie-endpoint.dts" &&
dtc -q -I dts -O dtb -o "$T/policy-impossible.dtb" "$TOP/test/uboot/policy-impossible.dts" &&
dtc -q -I dts -O dtb -o "$T/policy-nochk.dtb" "$TOP/test/uboot/policy-nochk.dts" &&
dtc -q -I dts -O dtb -o "$T/policy-nochk-opt.dtb" "$TOP/test/uboot/policy-nochk-opt.dts" ||
	{ fail uboot-policies "dtc failed"; exit 1; }

CASES=${UBOOT_CASES:-host badenv badvar override prod-weaken loaders envscript terse endpoint disable halt bu-weaken bu-off bu-bounds nochk nochk-opt sweep}
# The cases of an arch run UBOOT_JOBS (default 2: one per core) at a time,
# each a QEMU of its own with its own files; each case's lines go to
# $T/<arch>-<case>.out and are printed in order when the arch is done.
# "loaders" and "envscript" read what the host case planned, so they wait
# for it.
start() {
	while [ "$(jobs -rp | wc -l)" -ge "${UBOOT_JOBS:-2}" ]; do wait -n; done
	started="$started $1"
}
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
	# the same initramfs, 24 MiB larger (incompressible), still inside
	# ramdisk_addr_r's load area: prod-weaken boots it
	head -c 24M /dev/urandom > "$T/pad-$a"
	"$TOP/scripts/mkinitramfs.sh" -a $a -o "$T/initrd-$a.cpio.gz" &&
	"$TOP/scripts/mkinitramfs.sh" -a $a -o "$T/initrd-$a-big.cpio.gz" -f "$T/pad-$a:/pad" ||
		{ fail "uboot-$a-initramfs" "mkinitramfs.sh failed"; continue; }
	boot=$(sed -n 's/^bootcmd=//p' "$(ubdir $a production)/u-boot-initial-env")
	pol_ep="-device loader,file=$T/policy-endpoint.dtb,addr=$POLICY_ADDR,force-raw=on"
	pol_imp="-device loader,file=$T/policy-impossible.dtb,addr=$POLICY_ADDR,force-raw=on"
	started="" hostpid=""

	if want host; then
		start host
		{
			make_env $a "$T/env-$a-host.img" "dmcboot=$boot" "bootcmd=$CMDS"
			run_qemu $a host "$T/env-$a-host.img"
			verify $a host host
			parity $a host "$TOP/dts/uboot/qemu-pcie-host.dts"
		} > "$T/$a-host.out" 2>&1 &
		hostpid=$!
	fi

	if want badenv; then
		start badenv
		{
			make_env $a "$T/env-$a-badenv.img" "dmacage_pcie0_restricted_size=12Q"
			run_qemu $a badenv "$T/env-$a-badenv.img"
			verify $a badenv badenv
		} > "$T/$a-badenv.out" 2>&1 &
	fi

	if want badvar; then
		start badvar
		{
			make_env $a "$T/env-$a-badvar.img" "dmacage_pcie9_enable=1"
			run_qemu $a badvar "$T/env-$a-badvar.img"
			verify $a badvar badvar
		} > "$T/$a-badvar.out" 2>&1 &
	fi

	if want override; then
		start override
		{
			make_env $a "$T/env-$a-override.img" "dmacage_pcie0_restricted_size=16M" \
				"dmacage_pcie0_coherent_size=0"
			run_qemu $a override "$T/env-$a-override.img"
			verify $a override override
		} > "$T/$a-override.out" 2>&1 &
	fi

	if want prod-weaken; then
		start prod-weaken
		{
			# shellcheck disable=SC2086
			make_env $a "$T/env-$a-prod-weaken.img" $WEAKEN
			# shellcheck disable=SC2086
			INITRD=$T/initrd-$a-big.cpio.gz run_qemu $a prod-weaken "$T/env-$a-prod-weaken.img" $pol_imp
			verify $a prod-weaken prod-weaken
		} > "$T/$a-prod-weaken.out" 2>&1 &
	fi

	# Loaders against the window the host case planned: U-Boot's file
	# system load and TFTP check the LMB, where dmacage reserved the pools,
	# and must refuse the window while loading elsewhere works. qfw load
	# does not check: the initrd it puts into the window (and that
	# initrd_high keeps there) must make the hand-off fail the domain, and
	# Linux boots with the host disabled.
	if want loaders; then
		[ -z "$hostpid" ] || wait "$hostpid"
		start loaders
		{ run_loaders $a loaders && verify $a loaders loaders; } > "$T/$a-loaders.out" 2>&1 &
	fi

	# The terse build: the boot flow alone (no command, whose tables and
	# checks print the core's sentences), then the loaders against it.
	if [ $a = arm ] && want terse && build_uboot $a terse; then
		PROFILE=terse
		start terse
		{
			make_env $a "$T/env-$a-terse.img" "dmcboot=$boot" "bootcmd=run dmcboot"
			run_qemu $a terse "$T/env-$a-terse.img"
			[ -z "$hostpid" ] || wait "$hostpid"
			WANT_HASH=$(sed -n 's/^dmacage: summary cmd=boot-plan .* hash=\(0x[0-9a-f]*\).*/\1/p' \
				"$T/$a-host.log" | head -n 1) verify $a terse terse
			run_loaders $a terse-loaders && verify $a terse-loaders loaders
		} > "$T/$a-terse.out" 2>&1 &
		PROFILE=production
	fi

	# The broken port (U-Boot 2025.01 only): the two changes of the 2025.01
	# port that no check saw break until the boot plan was compared with
	# the hand-off plan and the loaders were tried. Each is undone in a
	# build of its own (build_broken) and booted; the check that must catch
	# it has to fail there. "stackroom": only 1 MiB kept below the stack
	# pointer, where 2025.01 reserves CONFIG_STACK_SIZE (16 MiB) for U-Boot;
	# the window lands in U-Boot's reservation, booti moves the initrd and
	# the DT into it and the hand-off plans elsewhere. "plainres": the
	# pools reserved like a load, without LMB_NOOVERWRITE, so a later load
	# is merged with them instead of refused.
	if want brokenport; then
		[ -z "$hostpid" ] || wait "$hostpid"
		start brokenport
		run_broken $a > "$T/$a-brokenport.out" 2>&1 &
	fi

	# The host tool's "plan --format env" script, as a factory line would
	# store it with fw_setenv -s, pins the boot to the host tool's plan. To
	# show the boot follows the script and does not just agree by itself,
	# the script is planned with the top 4 MiB of the host case's window
	# also avoided, so it names a window U-Boot would not have chosen.
	if want envscript; then
		[ -z "$hostpid" ] || wait "$hostpid"
		start envscript
		{
			win=$(sed -n 's/^dmacage: window pcie0 state=planned base=\(0x[0-9a-f]*\) size=\(0x[0-9a-f]*\).*/\1 \2/p' \
				"$T/$a-host.log" 2>/dev/null | head -n 1)
			if [ -z "$win" ] || [ ! -s "$T/$a-host.profile" ]; then
				fail "uboot-$a-envscript" "no window or profile from the host case ($T/$a-host.log)"
			else
				# shellcheck disable=SC2086
				set -- $win
				{ sed '/^end$/d' "$T/$a-host.profile"
				  printf 'avoid 0x%x 0x400000 factory-test\nend\n' $(($1 + $2 - 0x400000)); } \
					> "$T/$a-envscript.profile"
				"$DMACAGE" plan -p "$TOP/dts/uboot/qemu-pcie-host.dts" -d "$T/$a-host.virt.dtb" \
					--profile "$T/$a-envscript.profile" --format env > "$T/$a-envscript.env"
				hash=$(sed -n 's/^# dmacage plan \(0x[0-9a-f]*\) .*/\1/p' "$T/$a-envscript.env")
				# shellcheck disable=SC2046
				make_env $a "$T/env-$a-envscript.img" \
					$(sed -n 's/^\(dmacage_[a-z0-9_]*\) /\1=/p' "$T/$a-envscript.env")
				run_qemu $a envscript "$T/env-$a-envscript.img"
				WANT_HASH=$hash NOT_HASH=$(sed -n 's/^dmacage: summary cmd=boot-plan .* hash=\(0x[0-9a-f]*\).*/\1/p' \
					"$T/$a-host.log" | head -n 1) verify $a envscript envscript
			fi
		} > "$T/$a-envscript.out" 2>&1 &
	fi

	PROFILE=bringup
	if [ $bu = -1 ]; then
		for c in $BRINGUP_CASES; do want $c && fail "uboot-$a-$c" "no bring-up build"; done
		bu=0
	fi
	if [ $bu = 1 ] && want endpoint; then
		start endpoint
		{
			make_env $a "$T/env-$a-endpoint.img" "dmacage_policy=$POLICY_ADDR" \
				"dmcboot=$boot" "bootcmd=dmacage profile; run dmcboot"
			# shellcheck disable=SC2086
			run_qemu $a endpoint "$T/env-$a-endpoint.img" $pol_ep
			verify $a endpoint endpoint
			# shellcheck disable=SC2086
			parity $a endpoint "$T/policy-endpoint.dtb" $pol_ep
		} > "$T/$a-endpoint.out" 2>&1 &
	fi

	if [ $bu = 1 ] && want disable; then
		start disable
		{
			make_env $a "$T/env-$a-disable.img" "dmacage_policy=$POLICY_ADDR"
			# shellcheck disable=SC2086
			run_qemu $a disable "$T/env-$a-disable.img" $pol_imp
			verify $a disable disable
		} > "$T/$a-disable.out" 2>&1 &
	fi

	if [ $bu = 1 ] && want halt; then
		start halt
		{
			make_env $a "$T/env-$a-halt.img" "dmacage_policy=$POLICY_ADDR" "dmacage_on_error=halt"
			# shellcheck disable=SC2086
			st=$(run_qemu_halt $a halt "$T/env-$a-halt.img" $pol_imp)
			verify $a halt halt "$st"
		} > "$T/$a-halt.out" 2>&1 &
	fi

	if [ $bu = 1 ] && want bu-weaken; then
		start bu-weaken
		{
			make_env $a "$T/env-$a-bu-weaken.img" "dmacage_policy=$POLICY_ADDR" \
				"dmacage_on_error=warn"
			# shellcheck disable=SC2086
			run_qemu $a bu-weaken "$T/env-$a-bu-weaken.img" $pol_imp
			verify $a bu-weaken bu-weaken
		} > "$T/$a-bu-weaken.out" 2>&1 &
	fi

	if [ $bu = 1 ] && want bu-off; then
		start bu-off
		{
			make_env $a "$T/env-$a-bu-off.img" "dmacage_pcie0_enable=0" \
				"dmacage_pcie0_base=0x80000000"
			run_qemu $a bu-off "$T/env-$a-bu-off.img"
			verify $a bu-off bu-off
		} > "$T/$a-bu-off.out" 2>&1 &
	fi

	if [ $bu = 1 ] && want bu-bounds; then
		start bu-bounds
		{
			make_env $a "$T/env-$a-bu-bounds.img" "dmacage_pcie0_restricted_size=128M" \
				"dmacage_pcie0_coherent_size=16M" "dmacage_pcie0_limit=0x100000000"
			run_qemu $a bu-bounds "$T/env-$a-bu-bounds.img"
			verify $a bu-bounds bu-bounds
		} > "$T/$a-bu-bounds.out" 2>&1 &
	fi

	for c in nochk nochk-opt; do
		[ $bu = 1 ] && want $c || continue
		start $c
		{
			make_env $a "$T/env-$a-$c.img" "dmacage_policy=$POLICY_ADDR"
			run_qemu $a $c "$T/env-$a-$c.img" \
				-device "loader,file=$T/policy-$c.dtb,addr=$POLICY_ADDR,force-raw=on"
			verify $a $c $c
		} > "$T/$a-$c.out" 2>&1 &
	done

	# Near-full windows with the built-in policy (4 MiB coherent pool) in
	# 1 GiB: U-Boot takes the top ~20 MiB, and the load areas from
	# kernel_addr_r (CONFIG_DMACAGE_LOAD_ROOM each) the bottom 128 MiB;
	# ARM32 pools must also end in lowmem. The default sizes are one that
	# fits, one just past the largest that fits, and one far past it. They
	# are outside the policy's restricted-size-range: a bring-up build.
	# Linux only has to reach its first lines.
	if [ $bu = 1 ] && want sweep; then
		start sweep
		{
			case $a in
			arm64) sizes="860M 880M 1000M" ;;
			arm) sizes="620M 640M 700M" ;;
			esac
			for sz in ${UBOOT_SWEEP:-$sizes}; do
				c=sweep-$sz
				make_env $a "$T/env-$a-$c.img" "dmacage_pcie0_restricted_size=$sz"
				qemu_cmd $a "$T/env-$a-$c.img"
				"$TOP/scripts/qemu-run-until.sh" "${SWEEP_WAIT:-30}" \
					"Booting Linux on physical CPU" "$T/$a-$c.log" -- "${QEMU_CMD[@]}"
				case $? in 0) st=linux ;; 124) st=running ;; *) st=exited ;; esac
				verify $a $c sweep $st
			done
		} > "$T/$a-sweep.out" 2>&1 &
	fi
	# every case of this arch has ended: their lines, in the order above
	wait
	for c in $started; do cat "$T/$a-$c.out"; done
	want host && want prod-weaken && same_plan_bigger_initrd $a
done
exit 0
