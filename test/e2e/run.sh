#!/bin/bash
# One end-to-end proof run under QEMU: boot the test kernel with a virtio-blk
# disk behind a PCIe root port, let test/e2e/init.sh read the disk and look
# at the DMA, and judge what it reports.
#
#   run.sh ARCH FORM VARIANT [BOOT]
#     ARCH     arm64 | arm
#     FORM     host      memory-region on the host bridge (rule R24a)
#              endpoint  on the endpoint node, under a root-port node (R24b)
#     VARIANT  pos       the device points at its pool, inside the window
#              nomr      direct: the pool exists but nothing points at it
#              wrong     direct: the device points at another pool
#              off       uboot: Debian's stock U-Boot, no dmacage at all
#              noncoh    pos, with dma-coherent removed from the host bridge
#              comp      direct: pos plus a no-map shared-dma-pool (4 MiB) in
#                        the same memory-region list
#              noncohcomp  comp with dma-coherent removed
#              ringonly  pos, but the guest looks only when just the ring is
#                        mapped (self-test: the check must be inconclusive)
#              wrongclient  secure: the policy confines and grants NSAID 2,
#                        while the controller presents NSAID 1: the TZC-400
#                        must deny the device's every access
#              smallwin  secure: after the hand-off programmed the TZC-400,
#                        U-Boot (still secure) cuts every window to its
#                        first 4 KiB: the pool's DMA must be denied
#              rcpos     secure, the TZC-400 in the root complex's path
#                        (tzc400=rc: MSI writes checked too), the policy
#                        granting the MSI doorbell page (msi-window)
#              rcnomsi   the same without the grant: the device's MSI-X
#                        writes must be denied
#     BOOT     direct    QEMU boots the kernel with a DT made here (default)
#              uboot     our U-Boot (make uboot-ARCH; its bring-up build
#                        uboot-ARCH-bringup for the endpoint form and for
#                        E2E_POLICY or E2E_ENV, which set dmacage_policy
#                        or overrides a production build refuses) plans,
#                        programs the
#                        checker, patches QEMU's DT and boots the kernel
#              secure    QEMU with the TZC-400 model (make qemu-tzc) as
#                        -M virt,secure=on,tzc400=dram; our secure U-Boot
#                        (make uboot-ARCH-secure, or -secure-bringup for
#                        every run but host-form pos) programs the model through
#                        the MMIO driver and boots Linux non-secure. The
#                        model's denials are counted from QEMU's trace.
#              factory   (host form, pos) the host tool writes the OS DT
#                        offline (dmacage apply --profile, with the board
#                        profile a factory keeps for this board), and
#                        Debian's stock U-Boot, with no dmacage in it,
#                        boots it; judged as a direct run
#   LINUX=LINE          the kernel line (scripts/build-linux.sh): 6.1 (the
#                        default), 6.12 or 7.3; the runs of a line other
#                        than 6.1 go to build/e2e/runs-LINE/
#   E2E_KERNEL=patched  use the kernel with patches/linux/LINE/*.patch;
#                        the run directory gets a "-patched" suffix
#   E2E_REBIND=1        also unbind and bind the driver and read again
#                        (suffix "-rebind")
#   E2E_POLICY=my.dts   (uboot, secure) boot with this policy instead of
#                        the built-in one, loaded as the endpoint form's is
#   E2E_ENV=my.env      (uboot, secure) add these U-Boot environment lines
#                        (NAME=VALUE, '#' comments); with either, the run
#                        directory gets a "-own" suffix
#
# Prints "RESULT: <check> PASS|FAIL|INCONCLUSIVE <detail>", "FACT: ..." and
# one "VERDICT: confined|not-confined|inconclusive|no-device" line. What each
# variant must show is asserted in test/e2e/suite.sh. The files of a run
# (serial log, DT, initrd, QEMU command) stay in
# build/e2e/runs[-LINE]/<arch>-<form>-<variant>-<boot>/.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
E2E=$TOP/test/e2e

arch=${1:-} form=${2:-} variant=${3:-} boot=${4:-direct}
usage() { sed -n '6,26p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
case "$arch" in
arm64)	qemu=qemu-system-aarch64 cpu=cortex-a53 ;;
arm)	qemu=qemu-system-arm cpu=cortex-a15 ;;
*)	usage ;;
esac
case "$form" in host|endpoint) ;; *) usage ;; esac
[ "$boot" != factory ] || [ "$form" = host ] || usage
case "$boot/$variant" in
*/pos|*/ringonly|*/noncoh|direct/nomr|direct/wrong|direct/comp|direct/noncohcomp|uboot/off) ;;
secure/wrongclient|secure/smallwin|secure/rcpos|secure/rcnomsi) ;;
*)	usage ;;
esac

DEV=0000:01:00.0
line=${LINUX:-6.1}
[ -d "$TOP/patches/linux/$line" ] ||
	{ echo "run.sh: LINUX=$line: no kernel line patches/linux/$line" >&2; exit 2; }
export LINUX=$line
flavour=${E2E_KERNEL:-stock}
case "$flavour" in
stock)	patches=() suffix="" ;;
patched) patches=("$TOP"/patches/linux/$line/*.patch) suffix=-patched ;;
*)	echo "run.sh: E2E_KERNEL must be stock or patched, not '$flavour'" >&2; exit 2 ;;
esac
[ "${E2E_REBIND:-0}" = 1 ] && suffix=$suffix-rebind
[ -n "${E2E_POLICY:-}${E2E_ENV:-}" ] && suffix=$suffix-own
runs=$BUILD/e2e/runs
[ "$line" = 6.1 ] || runs=$runs-$line
run=$runs/$arch-$form-$variant-$boot$suffix
# One run of a name at a time: make demo and make test may overlap.
mkdir -p "$runs"
exec 8> "$run.lock"
flock 8
rm -rf "$run"
mkdir -p "$run"
say() { echo "e2e[$arch-$form-$variant-$boot]: $*" >&2; }
result() { echo "RESULT: $*"; }

kernel=$("$TOP/scripts/build-linux.sh" "$arch" "${patches[@]}")

# A disk of known random content: made once, its md5 is the reference.
# Runs go in parallel: one makes it, under a lock, the others wait for it.
disk=$BUILD/e2e/disk.img
mkdir -p "$BUILD/e2e"
(
	flock 7
	if [ ! -f "$disk.md5" ]; then
		head -c 16M /dev/urandom > "$disk.tmp"
		md5sum < "$disk.tmp" | cut -d' ' -f1 > "$disk.md5.tmp"
		mv "$disk.tmp" "$disk"
		mv "$disk.md5.tmp" "$disk.md5"
	fi
) 7> "$BUILD/e2e/disk.lock"

# Throttled so that requests stay in flight long enough for the guest to see
# their mappings; indirect_desc=off keeps every buffer address in the ring.
devs=(-nic none -device pcie-root-port,id=rp0,chassis=1
      -drive "if=none,id=d0,file=$disk,format=raw,readonly=on,throttling.iops-total=200,throttling.bps-total=16777216"
      -device virtio-blk-pci,bus=rp0,drive=d0,iommu_platform=on,disable-legacy=on,indirect_desc=off)
machine=(-M virt -cpu "$cpu" -m 1G -smp 1)
conf=(DMC_DEV=$DEV DMC_MD5="$(cat "$disk.md5")"
      DMC_SAMPLE=$([ "$variant" = ringonly ] && echo 0 || echo 1)
      DMC_REBIND=${E2E_REBIND:-0})

# --- direct: the OS DT is QEMU's own tree plus the pool and its wiring. ---
# The pool: 32 MiB, a 256 KiB multiple (R20), in ARM32 lowmem (R33), clear of
# where QEMU puts the kernel, initrd and DT.
direct_dt() {
	local target="&ours"
	[ "$variant" = wrong ] && target="&other"
	case $variant in *comp) target="&ours &coh" ;; esac
	"$qemu" "${machine[@]}" -M virt,dumpdtb="$run/virt.dtb" -display none \
		"${devs[@]}" >/dev/null 2>&1 || true
	[ -s "$run/virt.dtb" ] || { result dt FAIL "cannot dump QEMU's DT"; exit 1; }
	dtc -q -I dtb -O dts -o "$run/virt.dts" "$run/virt.dtb"
	{
		echo '/include/ "virt.dts"'
		echo '/ { reserved-memory {'
		echo '	#address-cells = <2>; #size-cells = <2>; ranges;'
		echo '	ours: pcie0-restricted@50400000 { compatible = "restricted-dma-pool";'
		echo '		reg = <0 0x50400000 0 0x2000000>; };'
		[ "$variant" = wrong ] &&
			echo '	other: other-restricted@54400000 { compatible = "restricted-dma-pool";' &&
			echo '		reg = <0 0x54400000 0 0x2000000>; };'
		# The companion: no-map (R35), 2 MiB aligned (R34), below the
		# restricted pool so that both form one window.
		case $variant in *comp)
			echo '	coh: pcie0-coherent@50000000 { compatible = "shared-dma-pool"; no-map;'
			echo '		reg = <0 0x50000000 0 0x400000>; };' ;;
		esac
		echo '}; };'
		echo '&{/pcie@10000000} {'
		case $variant in noncoh*) echo '	/delete-property/ dma-coherent;' ;; esac
		if [ "$variant" != nomr ] && [ "$form" = host ]; then
			echo "	memory-region = <$target>;"
		elif [ "$variant" != nomr ]; then
			# Root port 00:01.0 and endpoint 01:00.0 (R25, R26).
			echo '	pci@1,0 { device_type = "pci"; reg = <0x800 0 0 0 0>;'
			echo '		#address-cells = <3>; #size-cells = <2>; ranges; bus-range = <1 1>;'
			echo "		blk@0,0 { reg = <0x10000 0 0 0 0>; memory-region = <$target>; };"
			echo '	};'
		fi
		echo '};'
	} > "$run/os.dts"
	dtc -q -I dts -O dtb -o "$run/os.dtb" "$run/os.dts"
	WIN_BASE=0x50400000 WIN_SIZE=0x2000000
	conf+=(DMC_POOL=pcie0-restricted@50400000 DMC_POOL_BASE=$WIN_BASE
	       DMC_POOL_SIZE=$WIN_SIZE)
	# With a companion the window spans both pools; the guest still holds
	# the dma-api dump to the restricted pool, finds the companion in the
	# DT for the rings, and the host tells which pool the rings are in.
	case $variant in *comp) WIN_BASE=0x50000000 WIN_SIZE=0x2400000
		COH=0x50000000+0x400000 RES=0x50400000+0x2000000 ;;
	esac
	boot_args=(-kernel "$kernel" -dtb "$run/os.dtb")
}

# --- uboot: U-Boot plans at boot; its flash env selects form and variant. ---
uboot_setup() {
	local v=$arch env=() pol bios ub
	# a run that names its own policy or environment needs a bring-up build
	if [ "$form" = endpoint ] || [ -n "${E2E_POLICY:-}${E2E_ENV:-}" ]; then
		v=${arch}_bringup
	fi
	ub=$BUILD/uboot/qemu_$v
	make -s -C "$TOP" "uboot-${v/_/-}" > "$run/uboot-build.log" 2>&1 ||
		{ result uboot-build FAIL "make uboot-${v/_/-} failed ($run/uboot-build.log)"; exit 1; }
	bios=$ub/u-boot.bin
	if [ "$variant" = off ]; then
		# dmacage off: Debian's own U-Boot of the same version, with our
		# boot command but no dmacage in the boot flow.
		bios=$(stock_uboot)
		env+=("bootcmd=$(sed -n 's/^bootcmd=//p' "$ub/u-boot-initial-env")")
	fi
	boot_args=(-bios "$bios" -kernel "$kernel")
	if [ "$form" = endpoint ]; then
		# The endpoint-form policy, loaded next to U-Boot (doc/uboot.md).
		pol=0x4a000000
		dtc -q -I dts -O dtb -o "$run/policy.dtb" "$TOP/dts/uboot/qemu-pcie-endpoint.dts"
		boot_args+=(-device "loader,file=$run/policy.dtb,addr=$pol,force-raw=on")
		env+=("dmacage_policy=$pol")
	fi
	own_setup
	if [ "$variant" = noncoh ]; then
		# A non-coherent root complex: drop dma-coherent from QEMU's tree
		# before the boot command hands it on (and dmacage patches it).
		env+=("bootcmd=fdt addr \${fdtcontroladdr}; fdt rm /pcie@10000000 dma-coherent; $(sed -n 's/^bootcmd=//p' "$ub/u-boot-initial-env")")
	fi
	if [ ${#env[@]} -gt 0 ]; then
		# A flash env replaces the default one: start from it.
		{ cat "$ub/u-boot-initial-env"; printf '%s\n' "${env[@]}"; } > "$run/env.txt"
		"$ub/tools/mkenvimage" -s 0x40000 -o "$run/env.img" "$run/env.txt"
		truncate -s 64M "$run/env.img"
		boot_args+=(-drive "if=pflash,unit=1,format=raw,file=$run/env.img,snapshot=on")
	fi
	# With dmacage off there is no pool to find: hold the device to the
	# window the positive run of this arch and form was given.
	if [ "$variant" = off ]; then
		local pos=$runs/$arch-$form-pos-uboot/window
		if [ -f "$pos" ]; then
			read -r WIN_BASE WIN_SIZE < "$pos"
			conf+=(DMC_WIN_BASE=$WIN_BASE DMC_WIN_SIZE=$WIN_SIZE)
		fi
	fi
}

# Debian's own U-Boot of the same version, with no dmacage in it.
stock_uboot() {
	local deb
	deb=$("$TOP/scripts/apt-fetch.sh" download u-boot-qemu:all | tail -n 1)
	mkdir -p "$BUILD/e2e/stock-uboot"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -O "./usr/lib/u-boot/qemu_$arch/u-boot.bin" \
		> "$BUILD/e2e/stock-uboot/$arch.bin.$$"
	mv "$BUILD/e2e/stock-uboot/$arch.bin.$$" "$BUILD/e2e/stock-uboot/$arch.bin"
	echo "$BUILD/e2e/stock-uboot/$arch.bin"
}

# --- factory: the host tool's DT, booted by a U-Boot without dmacage. ---
factory_setup() {
	local ub=$BUILD/uboot/qemu_$arch dmacage=$BUILD/host/dmacage fdt=0x48000000 j bios
	make -s -C "$TOP" tool "uboot-$arch" > "$run/build.log" 2>&1 ||
		{ result setup FAIL "make tool uboot-$arch failed ($run/build.log)"; exit 1; }
	bios=$(stock_uboot)
	# The board's own DT, as QEMU hands it to the firmware: a tree dumped
	# for a direct kernel boot has devices the firmware boot does not, and
	# the kernel dies silently on them.
	"$qemu" "${machine[@]}" -bios "$bios" -kernel "$kernel" \
		-append "console=ttyAMA0 panic=-1" -M virt,dumpdtb="$run/virt.dtb" \
		-display none "${devs[@]}" >/dev/null 2>&1 || true
	[ -s "$run/virt.dtb" ] || { result dt FAIL "cannot dump QEMU's DT"; exit 1; }
	# What a factory keeps for this board (doc/uboot.md): its DRAM, the
	# top 32 MiB where U-Boot relocates itself, and the boot command's load
	# areas (the stock environment's kernel_addr_r and ramdisk_addr_r, and
	# where the DT is loaded below).
	cat > "$run/board.profile" <<-EOF
	dmacage-profile 1
	arch $arch
	dram 0x40000000 0x40000000 dram
	avoid 0x7e000000 0x2000000 u-boot
	avoid 0x40400000 0x3c00000 load:kernel_addr_r
	avoid 0x44000000 0x4000000 load:ramdisk_addr_r
	avoid $fdt 0x100000 load:fdt
	end
	EOF
	"$dmacage" apply -p "$TOP/dts/uboot/qemu-pcie-host.dts" -d "$run/virt.dtb" \
		--profile "$run/board.profile" -o "$run/os.dtb" > "$run/apply.log" 2>&1 ||
		{ result dt FAIL "dmacage apply failed ($run/apply.log)"; exit 1; }
	"$dmacage" plan -p "$TOP/dts/uboot/qemu-pcie-host.dts" -d "$run/virt.dtb" \
		--profile "$run/board.profile" --format json > "$run/plan.json"
	j=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))["domains"][0]
print(d["window"]["base"], d["window"]["size"], d["coherent"]["base"],
      d["coherent"]["size"], d["restricted"]["base"], d["restricted"]["size"])' "$run/plan.json") ||
		{ result dt FAIL "no plan in $run/plan.json"; exit 1; }
	set -- $j
	WIN_BASE=$1 WIN_SIZE=$(printf '0x%x' "$2")
	COH=$3+$(printf '0x%x' "$4") RES=$5+$(printf '0x%x' "$6")
	conf+=(DMC_POOL=pcie0-restricted@${5#0x} DMC_POOL_BASE=$5
	       DMC_POOL_SIZE=$(printf '0x%x' "$6"))
	# The DT stays where it is loaded, and so does the initrd: nothing
	# is placed where the profile did not say.
	{ cat "$ub/u-boot-initial-env"
	  echo 'bootargs=console=ttyAMA0 panic=-1'
	  echo 'fdt_high=0xffffffffffffffff'
	  echo 'initrd_high=0xffffffffffffffff'
	  echo "bootcmd=qfw load \${kernel_addr_r} \${ramdisk_addr_r} && booti \${kernel_addr_r} \${ramdisk_addr_r}:\${filesize} $fdt"
	} > "$run/env.txt"
	"$ub/tools/mkenvimage" -s 0x40000 -o "$run/env.img" "$run/env.txt"
	truncate -s 64M "$run/env.img"
	boot_args=(-bios "$bios" -kernel "$kernel"
		   -device "loader,file=$run/os.dtb,addr=$fdt,force-raw=on"
		   -drive "if=pflash,unit=1,format=raw,file=$run/env.img,snapshot=on")
}

# --- E2E_POLICY / E2E_ENV: one's own policy and environment. ---
# Appends to boot_args and env (the caller's arrays).
own_setup() {
	local pol=0x4a000000 line
	if [ -n "${E2E_POLICY:-}" ]; then
		[ -f "$E2E_POLICY" ] || { result setup FAIL "E2E_POLICY: no file $E2E_POLICY"; exit 2; }
		dtc -q -I dts -O dtb -i "$TOP/dts/uboot" -i "$(dirname "$E2E_POLICY")" \
			-o "$run/policy.dtb" "$E2E_POLICY" ||
			{ result setup FAIL "E2E_POLICY: dtc cannot compile $E2E_POLICY"; exit 2; }
		boot_args+=(-device "loader,file=$run/policy.dtb,addr=$pol,force-raw=on")
		env+=("dmacage_policy=$pol")
	fi
	if [ -n "${E2E_ENV:-}" ]; then
		[ -f "$E2E_ENV" ] || { result setup FAIL "E2E_ENV: no file $E2E_ENV"; exit 2; }
		while IFS= read -r line; do
			case $line in ''|'#'*) continue ;; *=*) env+=("$line") ;;
			*) result setup FAIL "E2E_ENV: '$line' is not NAME=VALUE"; exit 2 ;;
			esac
		done < "$E2E_ENV"
	fi
}

# --- secure: U-Boot as the secure firmware programs the TZC-400 model. ---
secure_setup() {
	local v=${arch}_secure env=() pol ub
	# a run that names its own policy or environment needs a bring-up build
	if [ "$form" = endpoint ] || [ "$variant" != pos ] ||
	   [ -n "${E2E_POLICY:-}${E2E_ENV:-}" ]; then
		v=${v}_bringup
	fi
	ub=$BUILD/uboot/qemu_$v
	make -s -C "$TOP" "uboot-${v//_/-}" > "$run/uboot-build.log" 2>&1 ||
		{ result uboot-build FAIL "make uboot-${v//_/-} failed ($run/uboot-build.log)"; exit 1; }
	qemu=$("$TOP/scripts/build-qemu.sh") ||
		{ result qemu-build FAIL "scripts/build-qemu.sh failed"; exit 1; }
	# aarch64-softmmu runs the ARM32 guest as well
	# virtualization=on: an EL2 (HYP) to enter Linux in, non-secure
	local pos=dram
	case $variant in rc*) pos=rc ;; esac
	machine=(-M "virt,secure=on,virtualization=on,tzc400=$pos" -cpu "$cpu" -m 1G -smp 1)
	trace=(-trace "tzc400_*")
	boot_args=(-bios "$ub/u-boot.bin" -kernel "$kernel")
	if [ "$form" = endpoint ] || [ "$variant" != pos ]; then
		pol=0x4a000000
		case $variant in
		wrongclient)
			# NSAID 2 confined and granted; the device presents 1
			sed 's/clients = <1>;/clients = <2>;/' \
				"$TOP/dts/uboot/qemu-tzc400-$form.dts" > "$run/policy.dts" ;;
		rcpos)
			# the doorbell page from the OS DT's msi-map, write-only
			sed 's/clients = <1>;/&\n\t\t\tmsi-window;/' \
				"$TOP/dts/uboot/qemu-tzc400-$form.dts" > "$run/policy.dts" ;;
		*)
			cp "$TOP/dts/uboot/qemu-tzc400-$form.dts" "$run/policy.dts" ;;
		esac
		dtc -q -I dts -O dtb -i "$TOP/dts/uboot" -o "$run/policy.dtb" "$run/policy.dts"
		boot_args+=(-device "loader,file=$run/policy.dtb,addr=$pol,force-raw=on")
		env+=("dmacage_policy=$pol")
	fi
	own_setup
	if [ "$variant" = smallwin ]; then
		smallwin_kernel "$ub"
		boot_args=(-bios "$ub/u-boot.bin" -kernel "$run/uImage" "${boot_args[@]:3}")
		env+=("bootcmd=$(smallwin_bootcmd)")
	fi
	if [ ${#env[@]} -gt 0 ]; then
		{ cat "$ub/u-boot-initial-env"; printf '%s\n' "${env[@]}"; } > "$run/env.txt"
		"$ub/tools/mkenvimage" -s 0x40000 -o "$run/env.img" "$run/env.txt"
		truncate -s 64M "$run/env.img"
		boot_args+=(-drive "if=pflash,unit=1,format=raw,file=$run/env.img,snapshot=on")
	fi
}

# The boot command of "smallwin": bootm's states, so that U-Boot's own
# memory commands run between the hand-off (bootm prep, which programs and
# verifies the TZC-400) and the jump to Linux. They cut every region 1..8
# to its first 4 KiB granule (REGION_TOP_LOW_n = REGION_BASE_LOW_n + 0xfff,
# at 0x128 + 0x20 * (n - 1)). The kernel goes in as a legacy uImage, which
# bootm's states need (smallwin_kernel, $1: U-Boot build dir).
smallwin_kernel() {
	local la
	case $arch in
	arm64) la=0x40400000 ;;
	arm) la=0x40008000 ;;
	esac
	"$1/tools/mkimage" -q -A "$arch" -O linux -T kernel -C none -a $la -e $la \
		-d "$kernel" "$run/uImage" >/dev/null
}
smallwin_bootcmd() {
	printf '%s' 'setenv fdt_addr_r 0x48000000; setenv loadaddr 0x48200000; ' \
		'qfw load ${loadaddr} ${ramdisk_addr_r} && setenv rd_size ${filesize} && ' \
		'fdt addr ${fdtcontroladdr} && fdt move ${fdtcontroladdr} ${fdt_addr_r} 0x100000 && ' \
		'bootm start ${loadaddr} ${ramdisk_addr_r}:${rd_size} ${fdt_addr_r} && ' \
		'bootm loados && bootm ramdisk && bootm fdt && bootm prep && ' \
		'for r in 120 140 160 180 1a0 1c0 1e0 200; do ' \
		'setexpr b 0x090c0${r}; setexpr t *${b} + 0xfff; setexpr o ${b} + 8; ' \
		'mw.l ${o} ${t}; done; echo dmacage-test: windows cut to 4 KiB; ' \
		'md.l 0x090c0120 0x40; bootm go'
}

boot_args=()
trace=()
WIN_BASE="" WIN_SIZE="" COH="" RES=""
case $boot in
direct) direct_dt ;;
factory) factory_setup ;;
uboot) uboot_setup ;;
secure) secure_setup ;;
esac

# The ring reader, static for the guest (rebuilt when its source changes).
vr=$BUILD/e2e/$arch/virtio-rings
if [ ! -x "$vr" ] || [ "$E2E/virtio-rings.c" -nt "$vr" ]; then
	mkdir -p "${vr%/*}"
	case $arch in arm64) cc=aarch64-linux-gnu-gcc ;; arm) cc=arm-linux-gnueabihf-gcc ;; esac
	# runs go in parallel: the binary appears whole or not at all
	$cc -static -Os -s -Wall -Wextra -o "$vr.tmp.$$" "$E2E/virtio-rings.c" ||
		{ result build FAIL "cannot build virtio-rings for $arch"; exit 1; }
	mv "$vr.tmp.$$" "$vr"
fi
printf '%s\n' "${conf[@]}" > "$run/dmc.conf"
"$TOP/scripts/mkinitramfs.sh" -a "$arch" -o "$run/initrd.cpio.gz" -i "$E2E/init.sh" \
	-f "$run/dmc.conf:/etc/dmc.conf" -f "$vr:/bin/virtio-rings"

cmd=("$qemu" "${machine[@]}" -display none -serial stdio -monitor none -no-reboot
     "${boot_args[@]}" -initrd "$run/initrd.cpio.gz"
     -append "console=ttyAMA0 panic=-1" "${devs[@]}")
printf '%q ' "${cmd[@]}" > "$run/qemu.cmd"
say "booting linux $line $(basename "$kernel") ($boot) under $qemu"
rc=0
if [ "$boot" = secure ]; then
	# No PSCI under secure firmware: Linux cannot power off, so stop QEMU
	# at the test program's last line (124: timed out, as timeout(1)).
	cmd+=("${trace[@]}")
	printf '%q ' "${cmd[@]}" > "$run/qemu.cmd"
	# A checker that denies the device stalls its driver for ever: the
	# negative controls get 30 s, several times what a good run takes,
	# and once the model's first denial is traced, 10 s more at most.
	limit=120 early=
	case $variant in wrongclient|smallwin|rcnomsi) limit=30 early="tzc400_deny 10" ;; esac
	QEMU_RUN_EARLY=$early "$TOP/scripts/qemu-run-until.sh" $limit "DMC-E2E: done" \
		"$run/serial.raw" -- "${cmd[@]}" || rc=$?
else
	timeout 300 "${cmd[@]}" < /dev/null > "$run/serial.raw" 2>&1 || rc=$?
fi
tr -d '\r' < "$run/serial.raw" > "$run/serial.log"
say "QEMU exited with $rc; log: $run/serial.log"

# --- Judge: the guest's own verdicts first, then host-side re-checks. ---
log=$run/serial.log
fact() { sed -n "s/^DMC-FACT: $1 //p" "$log" | head -n 1; }
r() { sed -n "s/^DMC-CHECK: $1 \([A-Z]*\).*/\1/p" "$log" | head -n 1; }
if [ "$rc" = 124 ]; then
	result boot FAIL "QEMU timed out (hang)"
elif ! grep -q '^DMC-E2E: done' "$log"; then
	result boot FAIL "no completion marker (panic or early exit; rc $rc)"
else
	result boot PASS "test program ran to completion"
fi

# U-Boot's record of the plan and of the checker it programmed: the
# hand-off's lines are the last ones (doc/uboot.md).
checker_ok=1
if [ "$boot" = uboot ] || [ "$boot" = secure ]; then
	w=$(sed -n 's/^dmacage: window pcie0 //p' "$log" | tail -n 1)
	st=$(sed -n 's/.*state=\([a-z]*\).*/\1/p' <<<"$w")
	echo "FACT: uboot-window ${w:-none}"
	if [ "$variant" = off ]; then
		if [ -z "$w" ]; then
			result uboot-plan PASS "no dmacage in this U-Boot, as asked"
		else
			result uboot-plan FAIL "stock U-Boot printed a dmacage window: $w"
		fi
	elif [ "$st" = planned ]; then
		WIN_BASE=$(sed -n 's/.* base=\(0x[0-9a-f]*\).*/\1/p' <<<"$w")
		WIN_SIZE=$(sed -n 's/.* size=\(0x[0-9a-f]*\).*/\1/p' <<<"$w")
		echo "$WIN_BASE $WIN_SIZE" > "$run/window"
		result uboot-plan PASS "window [$WIN_BASE, +$WIN_SIZE)"
		# Check 5: the pool Linux attached is the one U-Boot planned...
		rp=$(sed -n 's/.* restricted=\(0x[0-9a-f]*+0x[0-9a-f]*\).*/\1/p' <<<"$w")
		RES=$rp
		COH=$(sed -n 's/.* coherent=\(0x[0-9a-f]*+0x[0-9a-f]*\).*/\1/p' <<<"$w")
		set -- $(fact pool)
		if [ -n "$rp" ] && (( ${2:-0} == ${rp%+*} && ${3:-0} == ${rp#*+} )); then
			result pool-matches-plan PASS "Linux's pool $1 is U-Boot's restricted $rp"
		else
			result pool-matches-plan FAIL "Linux's pool '${1:-none} ${2:-} ${3:-}', U-Boot planned restricted ${rp:-none}"
		fi
		# ...and the checker reads back exactly that window, guarded
		# (a lock bit, or a secure-only port with the OS non-secure).
		c=$(sed -n 's/^dmacage: checker pcie0 //p' "$log" | tail -n 1)
		echo "FACT: uboot-checker ${c:-none}"
		wins=$(grep -o 'win[0-9]*=0x[0-9a-f]*+0x[0-9a-f]*' <<<"$c" | sed 's/^win[0-9]*=//')
		# An MSI doorbell window lies outside DRAM (0x40000000 up on
		# virt): it is not part of the pools' window.
		msiwin="" dwins=""
		for x in $wins; do
			if (( ${x%+*} < 0x40000000 )); then msiwin="$msiwin$x"; else dwins="$dwins $x"; fi
		done
		wins=$dwins
		echo "FACT: checker-msi-window ${msiwin:-none}"
		# Adjacent windows (one per pool) together make one range.
		cov="" cend=""
		for x in $(for x in $wins; do echo "$(( ${x%+*} ))+$(( ${x#*+} ))"; done | sort -n); do
			if [ -n "$cend" ] && (( ${x%+*} == cend )); then
				cend=$(( cend + ${x#*+} ))
			else
				[ -n "$cend" ] && cov="$cov $cbase+$(( cend - cbase ))"
				cbase=${x%+*} cend=$(( ${x%+*} + ${x#*+} ))
			fi
		done
		[ -n "$cend" ] && cov="$cov $cbase+$(( cend - cbase ))"
		guard=$(sed -n 's/.* guard=\([a-z-]*\).*/\1/p' <<<"$c")
		if ! grep -q 'verify=ok' <<<"$c" || [ "${guard:-none}" = none ]; then
			checker_ok=0
			result checker-readback FAIL "${c:-no checker line}"
		elif [ "$cov" != " $((WIN_BASE))+$((WIN_SIZE))" ]; then
			checker_ok=0
			result checker-readback FAIL "checker windows ($wins) are not the plan's [$WIN_BASE, +$WIN_SIZE)"
		else
			result checker-readback PASS "verified, guard $guard: $(tr "\n" " " <<<"$wins")"
		fi
	else
		checker_ok=0
		result uboot-plan FAIL "no planned window for pcie0 (${w:-no dmacage: window line})"
	fi
fi

sed -n 's/^DMC-CHECK: /RESULT: /p' "$log"
sed -n 's/^DMC-FACT: /FACT: /p' "$log"
sed -n 's/^DMC-LOG: /  log: /p' "$log"

# Re-check the guest's address range against the window known here (the DT
# made here, or U-Boot's plan), so a wrong window in the guest cannot pass.
dma=$(fact dma) host=FAIL
if [ -z "$WIN_BASE" ]; then
	result host-window INCONCLUSIVE "no window known to hold the DMA to"
elif [ -n "$dma" ]; then
	ns=$(sed -n 's/.*n_stream=\([0-9]*\).*/\1/p' <<<"$dma")
	nc=$(sed -n 's/.*n_coherent=\([0-9]*\).*/\1/p' <<<"$dma")
	min=$(sed -n 's/.*min=\(0x[0-9a-f]*\).*/\1/p' <<<"$dma")
	end=$(sed -n 's/.*end=\(0x[0-9a-f]*\).*/\1/p' <<<"$dma")
	# One address outside is proof enough; all inside proves nothing
	# unless data buffers (streaming mappings) were among them.
	if (( ns + nc == 0 )); then
		result host-window INCONCLUSIVE "guest saw no mapping at all"
	elif (( min < WIN_BASE || end > WIN_BASE + WIN_SIZE )); then
		result host-window FAIL "DMA spans [$min, $end), window [$WIN_BASE, +$WIN_SIZE)"
	elif (( ns == 0 )); then
		result host-window INCONCLUSIVE "guest saw no streaming mapping"
	else
		host=PASS
		result host-window PASS "all DMA in [$min, $end) within [$WIN_BASE, +$WIN_SIZE)"
	fi
fi
# With a companion pool: say which pool the device's rings are in.
if [ -n "$COH" ]; then
	ring=$(fact ring)
	if [ -z "$ring" ]; then
		result ring-pool FAIL "no ring registers read"
	else
		pools=$(grep -o '=0x[0-9a-f]*+0x[0-9a-f]*' <<<"$ring" | while IFS=+ read -r a l; do
			a=${a#=}
			if (( a >= ${COH%+*} && a + l <= ${COH%+*} + ${COH#*+} )); then
				echo coherent
			elif (( a >= ${RES%+*} && a + l <= ${RES%+*} + ${RES#*+} )); then
				echo restricted
			else
				echo outside
			fi
		done | sort -u | tr '\n' ' ')
		result ring-pool INFO "${pools% }: $ring"
	fi
fi
# The pool node Linux saw must be the planned one (nothing rewrote the DT).
if [ "$boot" = direct ] || [ "$boot" = factory ]; then
	reg=$(fact dt-pool-reg | sed 's/ *$//')
	want_reg="00000000 50400000 00000000 02000000"
	[ "$boot" = factory ] && want_reg=$(printf '%08x %08x %08x %08x' \
		$(( ${RES%+*} >> 32 )) $(( ${RES%+*} & 0xffffffff )) \
		$(( ${RES#*+} >> 32 )) $(( ${RES#*+} & 0xffffffff )))
	if [ "$reg" = "$want_reg" ]; then
		result dt-window PASS "the restricted pool's reg = <$reg>, as written"
	else
		result dt-window FAIL "pool reg <${reg:-absent}>, expected <$want_reg>"
	fi
fi

# The TZC-400 model traces every access it denies: from the host side,
# while the guest runs non-secure and cannot read the FAIL_* registers.
tzc_ok=1
if [ "$boot" = secure ]; then
	nd=$(grep -c 'tzc400_deny' "$log" || true)
	no=$(grep -c 'tzc400_overrun' "$log" || true)
	ng=$(grep -c 'tzc400_gate_closed' "$log" || true)
	first=$(grep -m 1 -E 'tzc400_(deny|overrun|gate_closed)' "$log" | sed 's/^[0-9@.: ]*//' || true)
	echo "FACT: tzc-records deny=$nd overrun=$no gate-closed=$ng"
	if (( nd + no + ng == 0 )); then
		result tzc-violations PASS "the TZC-400 denied nothing"
	else
		tzc_ok=0
		result tzc-violations FAIL "the TZC-400 denied the device (records: $nd, overruns: $no, at a closed gate: $ng); first: ${first:-none}"
	fi
fi

# One verdict on confinement: every DMA check must pass on both sides.
# What dmacage recorded comes first: a domain it left unconfined (warn) or
# disabled is not confined, whatever the DMA looked like.
rec=$(sed -n 's/^DMC-FACT: record pcie0 //p' "$log" | head -n 1)
if [ -n "$rec" ] && ! grep -q 'state=confined' <<<"$rec"; then
	verdict=not-confined
elif [ "$(r probe)" != PASS ]; then
	verdict=no-device
elif [ "$(r dma-window)" = INCONCLUSIVE ]; then
	verdict=inconclusive
elif [ "$(r dma-window)" = PASS ] && [ $host = PASS ] && [ "$(r ring-window)" = PASS ] &&
     [ "$(r swiotlb)" = PASS ] && [ "$(r log-lines)" = PASS ] && [ $checker_ok = 1 ] &&
     [ $tzc_ok = 1 ]; then
	verdict=confined
else
	verdict=not-confined
fi
echo "VERDICT: $verdict"
