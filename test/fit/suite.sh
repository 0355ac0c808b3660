#!/bin/bash
# The policy from a signed FIT configuration (arm64, production U-Boot):
# the FIT carries kernel, DT, initramfs and the policy (test/fit/fit.its),
# its configuration signed with a key that the control DT requires
# (mkimage -r), and QEMU hands U-Boot that control DT (-dtb).
#
# Runs:
#   signed    the FIT's policy (16 MiB restricted, no coherent pool) is the
#             one planned, recorded as policy-source "fit", and Linux sees
#             its pool
#   tampered  the same FIT with the policy image's restricted size changed
#             to 128 MiB after signing: the hash no longer matches, the
#             policy is refused with its line and the built-in one (32 MiB
#             + 4 MiB) confines instead
#   unsigned  the signed FIT, but a control DT without the key: nothing
#             verifies the configuration, so its policy is refused too
# Each run's serial log is build/fit/<run>.log.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
T=$BUILD/fit
S=$TOP/test/fit
UB=$BUILD/uboot/qemu_arm64
rm -rf "$T"
mkdir -p "$T/keys"
nfail=0
pass() { echo "PASS: fit-$1: $2"; }
fail() { echo "FAIL: fit-$1: $2"; nfail=$((nfail + 1)); }

make -s -C "$TOP" uboot-arm64 corpus-judge > "$T/build.log" 2>&1 ||
	{ fail setup "make uboot-arm64 corpus-judge failed ($T/build.log)"; exit 1; }
J=$BUILD/host/corpus/judge JW=$T/judge
mkdir -p "$JW"
. "$TOP/test/judge.sh"
kernel=$("$TOP/scripts/build-linux.sh" arm64 2> "$T/kernel.log") ||
	{ fail setup "scripts/build-linux.sh arm64 failed ($T/kernel.log)"; exit 1; }
"$TOP/scripts/mkinitramfs.sh" -a arm64 -o "$T/initrd.cpio.gz" ||
	{ fail setup "mkinitramfs.sh failed"; exit 1; }
cp "$kernel" "$T/Image"

QEMU=(qemu-system-aarch64 -M virt -cpu cortex-a53 -m 1G -nographic -nic none
      -device pcie-root-port,id=rp0,chassis=1 -device e1000e,bus=rp0,romfile=)
# QEMU's DT as U-Boot and Linux get it: with firmware and flash, as in the
# runs (with -bios QEMU leaves out devices the firmware owns)
truncate -s 64M "$T/flash.img"
"${QEMU[@]}" -bios "$UB/u-boot.bin" -kernel "$T/Image" \
	-drive "if=pflash,unit=1,format=raw,file=$T/flash.img,snapshot=on" \
	-machine dumpdtb="$T/virt.dtb" > "$T/dumpdtb.log" 2>&1
cp "$T/virt.dtb" "$T/control.dtb"
dtc -q -I dts -O dtb -i "$TOP/dts/uboot" -o "$T/policy.dtb" "$S/policy-fit.dts" &&
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/keys/dev.key" 2> "$T/keys.log" &&
openssl req -batch -new -x509 -key "$T/keys/dev.key" -subj /CN=dmacage-test \
	-out "$T/keys/dev.crt" 2>> "$T/keys.log" &&
cp "$S/fit.its" "$T/fit.its" &&
"$UB/tools/mkimage" -f "$T/fit.its" -k "$T/keys" -K "$T/control.dtb" -r "$T/fit.itb" \
	> "$T/mkimage.log" 2>&1 ||
	{ fail setup "policy, key or signed FIT not built ($T/mkimage.log, $T/keys.log)"; exit 1; }
[ "$(fdtget "$T/control.dtb" /signature/key-dev required 2>/dev/null)" = conf ] ||
	{ fail setup "mkimage put no key with required = \"conf\" into the control DT"; exit 1; }

# The tampered FIT: the policy's restricted size (<0 0x1000000>) made
# 128 MiB inside the signed image, where only the image's hash can see it.
python3 - "$T/fit.itb" "$T/policy.dtb" "$T/fit-tampered.itb" <<'PY' ||
import sys
fit, pol = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
at = fit.find(pol)
old = bytes.fromhex("00000000" "01000000")
i = pol.find(old)
assert at >= 0 and i >= 0, "policy or size not found"
new = pol[:i] + bytes.fromhex("00000000" "08000000") + pol[i + 8:]
open(sys.argv[3], "wb").write(fit[:at] + new + fit[at + len(pol):])
PY
	{ fail setup "cannot make the tampered FIT"; exit 1; }

# boot RUN FIT CONTROL-DTB|"": U-Boot loads the FIT from fw_cfg and bootm's
# it (QEMU's DT for U-Boot when CONTROL-DTB is "")
boot() {
	local run=$1 fit=$2 dtb=$3
	{ cat "$UB/u-boot-initial-env"
	  # the FIT above the kernel's load address (kernel_addr_r); the DT in
	  # the FIT has no command line, U-Boot gives it bootargs
	  echo 'bootargs=console=ttyAMA0 panic=-1'
	  echo 'bootcmd=qfw load 0x48000000 ${ramdisk_addr_r}; bootm 0x48000000'
	} > "$T/env-$run.txt"
	"$UB/tools/mkenvimage" -s 0x40000 -o "$T/env-$run.img" "$T/env-$run.txt" &&
		truncate -s 64M "$T/env-$run.img" || return 1
	timeout 180 "${QEMU[@]}" -no-reboot -bios "$UB/u-boot.bin" -kernel "$fit" \
		${dtb:+-dtb "$dtb"} \
		-drive "if=pflash,unit=1,format=raw,file=$T/env-$run.img,snapshot=on" \
		< /dev/null 2>&1 | tr -d '\r' > "$T/$run.log"
}
boot signed "$T/fit.itb" "$T/control.dtb"
boot tampered "$T/fit-tampered.itb" "$T/control.dtb"
boot unsigned "$T/fit.itb" ""

# check RUN SRC RESTRICTED-SIZE: the hand-off's source, and Linux's pool
check() {
	local run=$1 src=$2 size=$3 log=$T/$1.log reg
	grep -q "^dmacage: summary cmd=handoff .*src=$src .*profile=production .*result=ok" "$log" &&
		pass "$run" "hand-off ok on the $src policy" ||
		fail "$run" "no hand-off ok with src=$src ($log)"
	grep -q '^INIT: start' "$log" && pass "$run" "Linux started" ||
		fail "$run" "Linux did not start ($log)"
	reg=$(sed -n 's/^DT: \/reserved-memory\/pcie0-restricted@[0-9a-f]*\/reg = [0-9a-f]\{16\}\([0-9a-f]\{16\}\)$/\1/p' "$log")
	[ "$reg" = "$size" ] && pass "$run" "Linux's restricted pool is 0x$size bytes" ||
		fail "$run" "restricted pool size '$reg', want $size"
	# the tree Linux received holds what its record claims
	if ! fdt_from_log "$log" "$T/$run.linux.dtb"; then
		fail "$run" "Linux printed no FDT lines ($log)"
	elif judge_record "$T/$run.linux.dtb" arm64 && [ "$JUDGE_WHY" != "claims: 0" ]; then
		pass "$run" "the record's claims hold as the Linux model reads the tree ($JUDGE_WHY)"
	else
		fail "$run" "the record is not held up by the tree: $JUDGE_WHY"
	fi
}
check signed fit 0000000001000000
grep -q '^DT: /chosen/dmacage/policy-source = 66697400$' "$T/signed.log" &&
	pass signed "the record says policy-source fit" ||
	fail signed "no policy-source \"fit\" in the record"
grep -q "^dmacage: refused:" "$T/signed.log" &&
	fail signed "a refusal: $(grep '^dmacage: refused:' "$T/signed.log" | head -1)" ||
	pass signed "nothing refused"

check tampered built-in 0000000002000000
grep -q "^dmacage: refused: FIT dmacage-policy: the policy image's hash does not match its data;" "$T/tampered.log" &&
	pass tampered "the tampered policy is refused with its line" ||
	fail tampered "no refusal of the tampered policy"

check unsigned built-in 0000000002000000
grep -q '^dmacage: refused: FIT dmacage-policy: the control DT holds no key with required = "conf"' "$T/unsigned.log" &&
	pass unsigned "a policy nothing verifies is refused with its line" ||
	fail unsigned "no refusal without the key"
[ $nfail = 0 ]
