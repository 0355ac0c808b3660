#!/bin/bash
# End-to-end suite: QEMU runs on arm64 and ARM32 LPAE, both forms,
# booted directly (DT made by test/e2e/run.sh) and through our U-Boot,
# judged by test/e2e/run.sh. This file holds the expectations:
#   pos       every check passes and the verdict is "confined"; behind
#             U-Boot the pool Linux used is the planned one and the checker
#             reads back the planned window, verified and locked;
#   nomr,     the disk still reads back correctly (so DMA happened) but the
#   wrong,    window check FAILS, on the guest and on the host side: the
#   off       proof that the confinement check can fail (no memory-region;
#             another pool; dmacage disabled in U-Boot's env);
#   ringonly  only the ring was visible, so the window check must say
#             INCONCLUSIVE and the verdict must not be "confined";
#   noncoh    ARM32 with dma-coherent removed from the host bridge: the
#             unpatched kernel cannot allocate coherent memory from the
#             restricted pool (rule R32), virtio_blk probe fails with -12
#             (6.1 silently, 6.12 on with a log line saying so);
#             a companion shared-dma-pool does not help it (R37);
#   rebind    the driver is unbound and bound again: the disk still reads
#             back, no pool warning, the rings still inside (the patch
#             releases its pools at unbind);
#   secure    QEMU with the TZC-400 model, U-Boot as the secure firmware
#             programming it through the MMIO driver, Linux non-secure: pos
#             as above, and the model denied nothing (its trace is empty);
#   wrongclient, smallwin  (secure) the window granted to NSAID 2 while the
#             device presents 1, or cut to 4 KiB per region after the
#             hand-off: the model must deny the device's DMA (traced, with
#             the device's requester ID as AXI ID) and the disk read must
#             not complete;
#   patched   the kernel with patches/linux/: without a companion
#             pool nothing changes (pos confined, noncoh still -12); with
#             one (comp, noncohcomp) the run is confined and the rings the
#             device reads are in the coherent pool, on ARM32 with the host
#             bridge non-coherent too.
# E2E_ARCHES (default "arm64 arm") limits the architectures.
# LINUX=6.12 or 7.3 runs the suite on Debian's kernel of that line (default
# 6.1); its PASS/FAIL lines then start with "e2e linux-LINE".
# E2E_SET=short runs only the runs that tell a kernel line apart: per arch
# the host form's pos (direct, U-Boot), its nomr and off controls, and the
# patched kernel with a companion pool; on ARM32 also the non-coherent host
# (stock -12, patched confined). The full set is the default.
set -uo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
RUN=$TOP/test/e2e/run.sh
line=${LINUX:-6.1}
if [ ! -d "$TOP/patches/linux/$line" ]; then
	echo "FAIL: e2e: LINUX=$line: no kernel line patches/linux/$line"
	exit 0
fi
export LINUX=$line
tag=e2e runs=$BUILD/e2e/runs
[ "$line" = 6.1 ] || tag="e2e linux-$line" runs=$runs-$line
case ${E2E_SET:=full} in full|short) ;;
*)	echo "FAIL: e2e: E2E_SET must be full or short, not '$E2E_SET'"; exit 0 ;;
esac

# Two suites at once (two `make test`) would judge each other's runs.
mkdir -p "$BUILD/e2e"
exec 9> "$BUILD/e2e/suite.lock"
if ! flock -n 9; then
	echo "e2e: another e2e suite is running; waiting for it" >&2
	flock 9
fi

nfail=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }

# Kernels first, so that a build failure is reported once, clearly.
arches=""
for a in ${E2E_ARCHES:-arm64 arm}; do
	if "$TOP/scripts/build-linux.sh" "$a" >/dev/null; then
		pass "$tag kernel $a builds with DMA_RESTRICTED_POOL=y"
		arches="$arches $a"
	else
		fail "$tag kernel $a: build failed (see above)"
	fi
	if "$TOP/scripts/build-linux.sh" "$a" "$TOP"/patches/linux/$line/*.patch >/dev/null; then
		pass "$tag kernel $a with patches/linux/$line applies and builds"
	else
		fail "$tag kernel $a with patches/linux/$line: build failed (see above)"
	fi
done

# $1: run output, $2: check name. Prints "STATUS detail".
res() { sed -n "s/^RESULT: $2 //p" <<<"$1" | head -n 1; }
verdict() { sed -n 's/^VERDICT: //p' <<<"$1"; }
fact() { sed -n "s/^FACT: $2 //p" <<<"$1" | head -n 1; }

# $1: name, $2: output, $3: check, $4: wanted status
want() {
	local got
	got=$(res "$2" "$3")
	if [ "${got%% *}" = "$4" ]; then
		pass "$1: $3 $4 (${got#* })"
	else
		fail "$1: $3: wanted $4, got ${got:-nothing}"
	fi
}
want_verdict() {
	local v
	v=$(verdict "$2")
	if [ "$v" = "$3" ]; then pass "$1: verdict $v"
	else fail "$1: verdict ${v:-missing}, wanted $3"; fi
}

# `dmacage check` on the DT a direct ARM32 run booted. $1: name,
# $2: variant, $3: form.
# A non-coherent host must draw R32, a companion pool R37 as well; a
# coherent host neither.
tool_check() {
	local dtb=$runs/arm-$3-$2-direct/os.dtb out r want="" quiet=1
	[ -f "$dtb" ] || return 0
	if [ ! -x "$DMACAGE" ]; then
		fail "$1: dmacage check: no host tool ($DMACAGE; make tool)"
		return
	fi
	out=$("$DMACAGE" check --arch arm -d "$dtb" 2>&1)
	case $2 in
	noncoh) want="R32" ;;
	noncohcomp) want="R32 R37" ;;
	esac
	for r in R32 R37; do
		if grep -q "^warning $r " <<<"$out"; then
			quiet=0
			case " $want " in
			*" $r "*) pass "$1: dmacage check warns $r before boot" ;;
			*) fail "$1: dmacage check warns $r on a coherent host" ;;
			esac
		else
			case " $want " in
			*" $r "*) fail "$1: dmacage check does not warn $r: $(tail -n 1 <<<"$out")" ;;
			esac
		fi
	done
	[ -z "$want" ] && [ $quiet = 1 ] &&
		pass "$1: dmacage check raises neither R32 nor R37 on a coherent host"
	return 0
}
DMACAGE=${DMACAGE:-$BUILD/host/dmacage}
make -s -C "$TOP" tool >/dev/null 2>&1 || true

# The runs: "arch form variant boot".
cases=""
for arch in $arches; do
	if [ "$E2E_SET" = short ]; then
		cases="$cases $arch/host/pos/direct $arch/host/nomr/direct"
		cases="$cases $arch/host/pos/uboot $arch/host/off/uboot"
		cases="$cases $arch/host/comp/direct/patched"
		[ "$arch" = arm ] && cases="$cases arm/host/noncoh/direct arm/host/noncohcomp/direct/patched"
		continue
	fi
	for form in host endpoint; do
		for v in pos nomr wrong; do cases="$cases $arch/$form/$v/direct"; done
		cases="$cases $arch/$form/pos/uboot"
	done
	cases="$cases $arch/host/off/uboot"
	# What a factory writes: the host tool's DT (apply --profile), booted
	# by Debian's U-Boot without dmacage; "off" above is its control.
	[ "$arch" = arm64 ] && cases="$cases arm64/host/pos/factory"
	# Enforcement: the TZC-400 model, programmed by the secure U-Boot.
	for form in host endpoint; do cases="$cases $arch/$form/pos/secure"; done
	cases="$cases $arch/host/wrongclient/secure $arch/host/smallwin/secure"
	# The checker in the root complex's path: MSI-X needs its grant.
	cases="$cases $arch/host/rcpos/secure $arch/host/rcnomsi/secure"
	[ "$arch" = arm ] && cases="$cases arm/host/noncoh/direct arm/host/noncohcomp/direct"
	[ "$arch" = arm64 ] && cases="$cases arm64/host/ringonly/direct"
	# The kernel with patches/linux/ attaches the companion pool.
	# Without one nothing changes; with one the rings move into it, and
	# ARM32 with a non-coherent host bridge works.
	cases="$cases $arch/host/pos/direct/patched $arch/host/comp/direct/patched"
	cases="$cases $arch/host/pos/uboot/patched"
	[ "$arch" = arm ] && cases="$cases arm/host/noncoh/direct/patched arm/host/noncohcomp/direct/patched"
	# The STB case end to end: U-Boot's coherent pool, non-coherent host.
	[ "$arch" = arm ] && cases="$cases arm/host/noncoh/uboot arm/host/noncoh/uboot/patched"
	# Unbind and bind again: the patch releases both pools and attaches
	# them again without a warning; the stock kernel rebinds cleanly too.
	cases="$cases $arch/host/pos/direct/stock/rebind $arch/host/comp/direct/patched/rebind"
done

# Every run is its own single-threaded QEMU in its own directory, so they go
# E2E_JOBS at a time (default 2, one per core), each into its own output
# file; they are judged afterwards in the order above. An "off" run holds the
# device to the window its positive run recorded, so the "off" runs start
# only when all others are done.
outs=$BUILD/e2e/suite-out
[ "$line" = 6.1 ] || outs=$outs-$line
rm -rf "$outs"
mkdir -p "$outs"
# $1: case, $2: output file
run_case() {
	local arch form v boot kernel rebind
	IFS=/ read -r arch form v boot kernel rebind <<<"$1"
	E2E_KERNEL=${kernel:-stock} E2E_REBIND=$([ -n "$rebind" ] && echo 1 || echo 0) \
		"$RUN" "$arch" "$form" "$v" "$boot" > "$2" 2>&1
}
# $1: "off" to start only the off runs, "rest" for the others
run_cases() {
	local c i=0
	for c in $cases; do
		i=$((i + 1))
		case "$c" in
		*/off/*) [ "$1" = off ] || continue ;;
		*) [ "$1" = rest ] || continue ;;
		esac
		while [ "$(jobs -rp | wc -l)" -ge "${E2E_JOBS:-2}" ]; do wait -n; done
		run_case "$c" "$outs/$i" &
	done
	wait
}
run_cases rest
run_cases off

i=0
for c in $cases; do
	i=$((i + 1))
	IFS=/ read -r arch form v boot kernel rebind <<<"$c"
	kernel=${kernel:-stock}
	name="$tag $arch $form $v $boot"
	[ "$kernel" = patched ] && name="$name patched"
	[ -n "$rebind" ] && name="$name rebind"
	out=$(cat "$outs/$i")
	before=$nfail
	case $v in noncoh*)
		h=$(fact "$out" host-dma-coherent)
		if [ "$h" = no ]; then pass "$name: Linux sees the host bridge non-coherent"
		else fail "$name: host bridge dma-coherent '${h:-unknown}', wanted no"; fi
	esac
	# dmacage check must warn before boot what this run shows (R32, R37).
	[ "$boot/$kernel/$arch" = direct/stock/arm ] && tool_check "$name" "$v" "$form"
	# A non-coherent host bridge with a companion pool works only with the
	# patched kernel (R32, R37); behind U-Boot the companion is always
	# there (its coherent pool).
	[ "$v/$kernel" = noncohcomp/stock ] && v=noncoh
	[ "$v/$boot/$kernel" = noncoh/uboot/patched ] && v=noncohcomp
	# Behind U-Boot nothing else means anything without a plan: one line.
	u=$(res "$out" uboot-plan)
	if { [ "$boot" = uboot ] || [ "$boot" = secure ]; } && [ "${u%% *}" != PASS ]; then
		fail "$name: U-Boot handed off no planned window: ${u:-no uboot-plan result}"
		continue
	fi
	if [ "$v" = off ] && [ -z "$(fact "$out" window | grep -v '^0 0$')" ]; then
		fail "$name: no window to hold the device to (the positive U-Boot run planned none)"
		continue
	fi
	case "$v" in
	pos|comp|noncohcomp|rcpos)
		checks="boot probe disk-hash log-lines swiotlb dma-window ring-window host-window"
		[ -n "$rebind" ] && checks="$checks rebind rebind-ring-window"
		case $boot in
		direct|factory) checks="$checks dt-window" ;;
		*) checks="$checks uboot-plan pool-matches-plan checker-readback" ;;
		esac
		[ "$boot" = secure ] && checks="$checks tzc-violations"
		if [ "$v" = rcpos ]; then
			m=$(fact "$out" checker-msi-window)
			if [ "$m" = 0x8020000+0x1000 ]; then
				pass "$name: the checker grants the GICv2m doorbell page ($m)"
			else
				fail "$name: MSI window '${m:-none}', wanted 0x8020000+0x1000"
			fi
		fi
		for c in $checks; do
			want "$name" "$out" "$c" PASS
		done
		want_verdict "$name" "$out" confined
		# Where there is a companion pool, the patched kernel
		# puts the rings in it; the stock kernel ignores it (R37).
		p=$(res "$out" ring-pool)
		if [ -n "$p" ]; then
			w=restricted
			[ "$kernel" = patched ] && w=coherent
			if [ "${p%%:*}" = "INFO $w" ]; then
				pass "$name: rings in the $w pool (${p#*: })"
			else
				fail "$name: rings not (only) in the $w pool: $p"
			fi
		fi
		if [ "$form" = endpoint ]; then
			# The pool came from the endpoint's own node (R24b, R25).
			n=$(fact "$out" dt-device-pool)
			n=${n##* }
			case "$n" in
			/pcie@10000000/*@1,0/*@0,0)
				pass "$name: pool found through the endpoint node $n" ;;
			*)	fail "$name: pool found through '${n:-none}', wanted the endpoint node" ;;
			esac
		fi
		;;
	nomr|wrong|off)
		want "$name" "$out" boot PASS
		[ "$boot" = uboot ] && want "$name" "$out" uboot-plan PASS
		want "$name" "$out" disk-hash PASS
		want "$name" "$out" dma-window FAIL
		want "$name" "$out" ring-window FAIL
		want "$name" "$out" host-window FAIL
		want "$name" "$out" log-lines FAIL
		want_verdict "$name" "$out" not-confined
		;;
	wrongclient|smallwin|rcnomsi)
		want "$name" "$out" uboot-plan PASS
		want "$name" "$out" checker-readback PASS
		want "$name" "$out" tzc-violations FAIL
		# the first denial is the device's own (AXI ID = 01:00.0); without
		# the grant, its MSI-X write to the GICv2m doorbell
		d=$(res "$out" tzc-violations)
		want_deny='AXI ID 0x0100 NSAID 1'
		[ "$v" = rcnomsi ] && want_deny='AXI ID 0x0100 NSAID 1: write at 0x8020040'
		if grep -q "$want_deny" <<<"$d"; then
			pass "$name: the denial is the device's: ${d#*first: }"
		else
			fail "$name: first denial not by 01:00.0 NSAID 1: $d"
		fi
		if [ "$(res "$out" disk-hash | cut -d' ' -f1)" = PASS ]; then
			fail "$name: the disk read completed although the checker denied the device"
		else
			pass "$name: the disk read did not complete ($(res "$out" boot))"
		fi
		if [ "$(verdict "$out")" = confined ]; then
			fail "$name: verdict confined although the checker denied the device"
		else
			pass "$name: verdict $(verdict "$out"), not confined"
		fi
		;;
	ringonly)
		want "$name" "$out" disk-hash PASS
		want "$name" "$out" dma-window INCONCLUSIVE
		want_verdict "$name" "$out" inconclusive
		;;
	noncoh)
		want "$name" "$out" boot PASS
		want "$name" "$out" probe FAIL
		e=$(fact "$out" probe-error)
		if [ "$e" = -12 ]; then
			pass "$name: virtio_blk probe failed with -12 (R32 reproduced)"
		else
			fail "$name: probe error '${e:-none}', wanted -12"
		fi
		# 6.1 fails the allocation silently; 6.12 on log it once.
		l=$(fact "$out" coherent-unsupported-line)
		w=yes
		[ "$line" = 6.1 ] && w=no
		if [ "$l" = "$w" ]; then
			pass "$name: 'coherent DMA allocations not supported' logged: $l, as linux $line does"
		else
			fail "$name: 'coherent DMA allocations not supported' logged: '${l:-unknown}', wanted $w on linux $line"
		fi
		want_verdict "$name" "$out" no-device
		;;
	esac
	# A run that did not end as wanted shows its evidence.
	[ $nfail = "$before" ] || grep -E '^(RESULT|FACT|VERDICT)' <<<"$out" | sed 's/^/  | /'
done
exit 0
