#!/bin/bash
# Measured boot under QEMU (arm64 virt): U-Boot (production build) extends
# PCR 1 of a software TPM 2.0 (swtpm behind -device tpm-tis-device) with
# the digest of the policy as applied and the plan; Linux (the test kernel
# of scripts/build-linux.sh, with TCG_TIS) reads the PCR from
# /sys/class/tpm/tpm0/pcr-sha256/1, and it must equal the host tool's
# prediction ("dmacage plan --digest") from QEMU's own DT.
#
# Runs:
#   a     dmacage_pcie0_base=0x60000000 (within the policy's placement-range:
#         the window no longer depends on where U-Boot and the images lie)
#   b     the same plus dmacage_pcie0_restricted_size=16M: another policy as
#         applied, so another PCR value; a's prediction must not match it
#   notpm run a without the TPM: U-Boot says it did not measure, Linux has
#         no TPM (the PCR read is not a constant of the setup)
# Each run's serial log is build/tpm/<run>.log.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
T=$BUILD/tpm
S=$TOP/test/tpm
rm -rf "$T"
mkdir -p "$T"
UB=$BUILD/uboot/qemu_arm64
PCR=1
nfail=0

pass() { echo "PASS: tpm-$1: $2"; }
fail() { echo "FAIL: tpm-$1: $2"; nfail=$((nfail + 1)); }

command -v swtpm >/dev/null || { fail setup "swtpm not installed (scripts/deps/tpm.txt)"; exit 1; }
make -s -C "$TOP" uboot-arm64 tool corpus-judge > "$T/build.log" 2>&1 ||
	{ fail setup "make uboot-arm64 tool corpus-judge failed ($T/build.log)"; exit 1; }
J=$BUILD/host/corpus/judge JW=$T/judge
mkdir -p "$JW"
. "$TOP/test/judge.sh"
grep -qx "CONFIG_DMACAGE_MEASURE_PCR=$PCR" "$UB/.config" ||
	{ fail setup "$UB/.config does not measure into PCR $PCR"; exit 1; }
kernel=$("$TOP/scripts/build-linux.sh" arm64 2> "$T/kernel.log") ||
	{ fail setup "scripts/build-linux.sh arm64 failed ($T/kernel.log)"; exit 1; }
"$TOP/scripts/mkinitramfs.sh" -a arm64 -o "$T/initrd.cpio.gz" \
	-f "$S/extra-init.sh:/extra-init" ||
	{ fail setup "mkinitramfs.sh failed"; exit 1; }

QEMU=(qemu-system-aarch64 -M virt -cpu cortex-a53 -m 1G -nographic -nic none
      -device pcie-root-port,id=rp0,chassis=1 -device e1000e,bus=rp0,romfile=)
TPM_ARGS=(-chardev "socket,id=chrtpm,path=$T/swtpm.sock"
	  -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-tis-device,tpmdev=tpm0)

# QEMU's DT for the host tool: the same machine, as U-Boot and Linux get
# it (the TPM's node changes nothing the plan reads).
"${QEMU[@]}" -machine dumpdtb="$T/virt.dtb" > "$T/dumpdtb.log" 2>&1
[ -s "$T/virt.dtb" ] || { fail setup "QEMU did not dump its DT ($T/dumpdtb.log)"; exit 1; }

# predict RUN: the host tool's "pcr sha256=" for test/tpm/policy-RUN.dts
# (the policies include dts/uboot/qemu-pcie-host.dts)
predict() {
	dtc -q -I dts -O dtb -i "$TOP/dts/uboot" -o "$T/policy-$1.dtb" "$S/policy-$1.dts" \
		2> "$T/predict-$1.err" &&
	"$BUILD/host/dmacage" plan -p "$T/policy-$1.dtb" -d "$T/virt.dtb" --digest \
		> "$T/predict-$1.txt" 2>> "$T/predict-$1.err" &&
		sed -n 's/^pcr sha256=\([0-9a-f]*\) .*/\1/p' "$T/predict-$1.txt"
}

# boot RUN TPM(yes|no) ENV-LINES...: one boot to Linux's power-off
boot() {
	local run=$1 tpm=$2 sw=
	shift 2
	{ cat "$UB/u-boot-initial-env"; printf '%s\n' "$@"; } > "$T/env-$run.txt"
	"$UB/tools/mkenvimage" -s 0x40000 -o "$T/env-$run.img" "$T/env-$run.txt" &&
		truncate -s 64M "$T/env-$run.img" || return 1
	local args=(-bios "$UB/u-boot.bin" -kernel "$kernel" -initrd "$T/initrd.cpio.gz"
		    -append "console=ttyAMA0 panic=-1"
		    -drive "if=pflash,unit=1,format=raw,file=$T/env-$run.img,snapshot=on")
	if [ "$tpm" = yes ]; then
		rm -rf "$T/state-$run"
		mkdir -p "$T/state-$run"
		swtpm socket --tpm2 --tpmstate dir="$T/state-$run" \
			--ctrl type=unixio,path="$T/swtpm.sock" --terminate \
			> "$T/swtpm-$run.log" 2>&1 &
		sw=$!
		for _ in $(seq 50); do [ -S "$T/swtpm.sock" ] && break; sleep 0.1; done
		args+=("${TPM_ARGS[@]}")
	fi
	# the serial console ends its lines with CR LF
	timeout 180 "${QEMU[@]}" -no-reboot "${args[@]}" < /dev/null 2>&1 |
		tr -d '\r' > "$T/$run.log"
	[ -n "$sw" ] && { kill "$sw" 2>/dev/null; wait "$sw" 2>/dev/null; rm -f "$T/swtpm.sock"; }
	return 0
}

pcr_of() { sed -n "s/^TPM: pcr-sha256\\/$PCR = \\([0-9A-Fa-f]*\\).*/\\1/p" "$T/$1.log" | tr 'A-F' 'a-f' | tail -n 1; }

BASE=dmacage_pcie0_base=0x60000000
pa=$(predict a) && [ -n "$pa" ] || { fail predict "host tool: $(cat "$T/predict-a.err")"; exit 1; }
pb=$(predict b) && [ -n "$pb" ] || { fail predict "host tool: $(cat "$T/predict-b.err")"; exit 1; }
[ "$pa" != "$pb" ] && pass predict "the two policies predict two PCR values" ||
	fail predict "policies a and b predict the same PCR $pa"

boot a yes "$BASE"
boot b yes "$BASE" dmacage_pcie0_restricted_size=16M
boot notpm no "$BASE"

for run in a b; do
	log=$T/$run.log
	want=$pa; other=$pb
	[ $run = b ] && { want=$pb; other=$pa; }
	m=$(sed -n "s/^dmacage: measured sha256=\\([0-9a-f]*\\) pcr=$PCR\$/\\1/p" "$log" | tail -n 1)
	[ -n "$m" ] && pass $run "U-Boot measured into PCR $PCR" ||
		fail $run "no 'dmacage: measured ... pcr=$PCR' line ($log)"
	grep -q "^dmacage: summary cmd=handoff .* profile=production .*result=ok" "$log" &&
		pass $run "production build, hand-off ok" ||
		fail $run "no production hand-off ok ($log)"
	got=$(pcr_of $run)
	[ -n "$got" ] && pass $run "Linux reads pcr-sha256/$PCR" ||
		fail $run "no 'TPM: pcr-sha256/$PCR' line from Linux ($log)"
	[ "$got" = "$want" ] && pass $run "PCR $PCR equals the host tool's prediction" ||
		fail $run "PCR $PCR is '$got', the host tool predicts $want"
	# negative control: the other policy's prediction does not match
	[ -n "$got" ] && [ "$got" != "$other" ] && pass $run "the other policy's prediction does not match" ||
		fail $run "PCR $PCR also equals the other policy's prediction"
	# the digest in the record is the one measured
	rec=$(sed -n 's/^DT: \/chosen\/dmacage\/digest = \([0-9a-f]*\)$/\1/p' "$log")
	[ -n "$m" ] && [ "$rec" = "$m" ] && pass $run "record digest is the measured one" ||
		fail $run "record digest '$rec', measured '$m'"
	grep -q "^DT: /chosen/dmacage/digest-pcr = 0000000$PCR\$" "$log" &&
		pass $run "record names PCR $PCR" || fail $run "no digest-pcr = $PCR in the record"
	# the tree Linux received holds what its record claims
	if ! fdt_from_log "$log" "$T/$run.linux.dtb"; then
		fail $run "Linux printed no FDT lines ($log)"
	elif judge_record "$T/$run.linux.dtb" arm64 && [ "$JUDGE_WHY" != "claims: 0" ]; then
		pass $run "the record's claims hold as the Linux model reads the tree ($JUDGE_WHY)"
	else
		fail $run "the record is not held up by the tree: $JUDGE_WHY"
	fi
done
pa_run=$(pcr_of a) pb_run=$(pcr_of b)
[ -n "$pa_run" ] && [ "$pa_run" != "$pb_run" ] &&
	pass change "the PCR changes when the policy changes" ||
	fail change "PCR a '$pa_run', PCR b '$pb_run'"

grep -q "^dmacage: digest sha256=[0-9a-f]* (no TPM: not measured)$" "$T/notpm.log" &&
	pass notpm "without a TPM U-Boot says it did not measure" ||
	fail notpm "no 'not measured' line ($T/notpm.log)"
grep -q "^TPM: none$" "$T/notpm.log" &&
	pass notpm "Linux has no PCR to read without the TPM" ||
	fail notpm "no 'TPM: none' line ($T/notpm.log)"
grep -q "^DT: /chosen/dmacage/digest-pcr" "$T/notpm.log" &&
	fail notpm "the record names a PCR although nothing was measured" ||
	pass notpm "the record names no PCR"
[ $nfail = 0 ]
