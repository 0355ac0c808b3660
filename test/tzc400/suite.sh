#!/bin/bash
# The TZC-400 model's register semantics (patches/qemu/), driven from U-Boot
# running secure on -M virt,secure=on,tzc400=dram, with QEMU's edu device
# (a DMA engine, 00:02.0, NSAID 2 by tzc400-nsaid-map) as the bus master.
# U-Boot's memory commands program the model and start edu's DMA; each
# expectation is checked inside U-Boot (itest) and printed as PASS/FAIL.
# Covered: reset state and IDs, the closed gate keeper, the open-status
# bits, denial records (FAIL_ADDRESS/CONTROL/ID) and overrun, INT_CLEAR,
# region 0 as background, a region's priority over region 0, read and
# write enables per NSAID, zeros for a denied read, regions enabled on no
# filter, overlap, and the interrupt line with ACTION.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export TOP BUILD
T=$BUILD/tzc400
mkdir -p "$T"
fail() { echo "FAIL: $1: $2"; }

qemu=$("$TOP/scripts/build-qemu.sh" 2> "$T/qemu-build.log") ||
	{ fail tzc400-qemu "scripts/build-qemu.sh failed ($T/qemu-build.log)"; exit 1; }
echo "PASS: tzc400-qemu builds: $qemu"
make -s -C "$TOP" uboot-arm64-secure > "$T/uboot-build.log" 2>&1 ||
	{ fail tzc400-uboot "make uboot-arm64-secure failed ($T/uboot-build.log)"; exit 1; }
ub=$BUILD/uboot/qemu_arm64_secure

TZ=0x090c0000
EDU=0x10000000		# edu's BAR0, the first memory BAR U-Boot assigns
RID=0x10		# 00:02.0
lines=() nexp=0
cmd() { lines+=("t${#lines[@]}=$*"); }
# expect NAME REGISTER-ADDRESS VALUE
expect() {
	nexp=$((nexp + 1))
	cmd "if itest.l *$2 == $3; then echo PASS: tzc400 $1; else echo FAIL: tzc400 $1: wanted $3 at $2, read:; md.l $2 1; fi"
}
reg() { printf '0x%08x' $((TZ + $1)); }
# dma SRC DST CMD: edu's DMA (cmd 1: RAM to edu's buffer at 0x40000,
# 3: buffer to RAM) of 2 KiB (edu refuses a transfer that ends at its
# buffer's end), then wait for its timer (100 ms of virtual time)
dma() {
	local e
	e() { printf '0x%08x' $((EDU + $1)); }
	cmd "mw.l $(e 0x80) $1; mw.l $(e 0x88) $2; mw.l $(e 0x90) 0x800; mw.l $(e 0x98) $3; sleep 0.3"
}
clear_int() { cmd "mw.l $(reg 0x14) 1"; }
region() {	# N BASE TOP ATTR ID_ACCESS
	local o=$((0x100 + 0x20 * $1))
	cmd "mw.l $(reg $o) $2; mw.l $(reg $((o + 8))) $3; mw.l $(reg $((o + 0x14))) $5; mw.l $(reg $((o + 0x10))) $4"
}
BUF=0x40000

# Reset state: nothing gets through, IDs as the TRM gives them.
expect "reset BUILD_CONFIG (9 regions, 40-bit, 1 filter)" "$(reg 0)" 0x2708
expect "reset ACTION" "$(reg 4)" 0
expect "reset GATE_KEEPER closed" "$(reg 8)" 0
expect "reset INT_STATUS" "$(reg 0x10)" 0
expect "reset REGION_ATTRIBUTES_0" "$(reg 0x110)" 0
expect "reset REGION_ID_ACCESS_0" "$(reg 0x114)" 0
expect "region 0 TOP_LOW reads all ones" "$(reg 0x108)" 0xffffffff
expect "region 0 TOP_HIGH is the 40-bit mask" "$(reg 0x10c)" 0xff
expect "PID0 (part 0x460)" "$(reg 0xfe0)" 0x60
expect "PID1" "$(reg 0xfe4)" 0xb4
expect "CID0" "$(reg 0xff0)" 0x0d
expect "CID3" "$(reg 0xffc)" 0xb1
expect "edu answers at BAR0" "$EDU" 0x010000ed
cmd "mw.l 0x50000000 0xdeadbeef 0x400; mw.l 0x52000000 0x11111111 0x400; mw.l 0x53000000 0x77777777 0x400"

# A closed gate refuses the access and records nothing.
dma 0x50000000 $BUF 1
expect "closed gate records nothing" "$(reg 0x10)" 0
cmd "mw.l $(reg 8) 1"
expect "gate open: request and status" "$(reg 8)" 0x00010001

# Region 0 grants nobody: a read is denied and recorded. QEMU hands the
# model a denied DMA in 8-byte transactions: the first fills the record,
# the rest set the overrun bit.
dma 0x50000000 $BUF 1
expect "denied DMA sets status and overrun" "$(reg 0x10)" 0x101
expect "FAIL_ADDRESS_LOW_0" "$(reg 0x20)" 0x50000000
expect "FAIL_ADDRESS_HIGH_0" "$(reg 0x24)" 0
expect "FAIL_CONTROL_0 non-secure read" "$(reg 0x28)" 0x00200000
expect "FAIL_ID_0 holds the AXI ID (requester ID)" "$(reg 0x2c)" $RID
dma 0x50002000 $BUF 1
expect "a later denial keeps the first record" "$(reg 0x20)" 0x50000000
clear_int
expect "INT_CLEAR clears status and overrun" "$(reg 0x10)" 0

# Region 0 grants NSAID 2 read and write: data moves.
cmd "mw.l $(reg 0x114) 0x00040004"
dma 0x52000000 $BUF 1
dma $BUF 0x51000000 3
expect "region 0 grant: no denial" "$(reg 0x10)" 0
expect "region 0 grant: data copied" 0x51000000 0x11111111

# Region 1 over 0x50000000..0x50000fff, read-only for NSAID 2, wins there.
region 1 0x50000000 0x50000fff 1 0x00000004
dma $BUF 0x50000000 3
expect "region 1 denies the write region 0 allows" "$(reg 0x10)" 0x101
expect "FAIL_CONTROL_0 non-secure write" "$(reg 0x28)" 0x01200000
expect "denied write left memory unchanged" 0x50000000 0xdeadbeef
clear_int
dma 0x50000000 $BUF 1
expect "region 1 allows the read" "$(reg 0x10)" 0
dma $BUF 0x50001000 3
expect "outside region 1, region 0 decides (write allowed)" "$(reg 0x10)" 0
expect "write outside region 1 landed" 0x50001000 0xdeadbeef

# ID_ACCESS is per NSAID: granting NSAID 3 does not grant NSAID 2.
region 1 0x50000000 0x50000fff 1 0x00080008
dma 0x52000000 $BUF 1
dma 0x50000000 $BUF 1
expect "another NSAIDs enable does not apply" "$(reg 0x10)" 0x101
expect "FAIL_CONTROL_0 read" "$(reg 0x28)" 0x00200000
dma $BUF 0x53000000 3
expect "a denied read returns zeros" 0x53000000 0
clear_int

# A region enabled on no filter does not match: region 0 decides.
cmd "mw.l $(reg 0x130) 0"
dma 0x50000000 $BUF 1
expect "region on no filter is ignored" "$(reg 0x10)" 0

# Two enabled regions holding one address: overlap, denied.
region 1 0x50000000 0x50000fff 1 0xffffffff
region 2 0x50000000 0x50001fff 1 0xffffffff
dma 0x50000000 $BUF 1
expect "overlap: denied, overlap and status bits" "$(reg 0x10)" 0x10101
clear_int
expect "INT_CLEAR clears overlap" "$(reg 0x10)" 0
cmd "mw.l $(reg 0x150) 0"

# The interrupt line (SPI 10, GIC ID 42: GICD_ISPENDR1 bit 10) follows
# INT_STATUS while ACTION asks for it.
cmd "mw.l $(reg 0x114) 0"
cmd "mw.l $(reg 0x130) 0"
dma 0x50000000 $BUF 1
cmd "setexpr p *0x08000204 '&' 0x400"
nexp=$((nexp + 1))
cmd 'if itest $p == 0; then echo PASS: tzc400 ACTION 0: no interrupt; else echo FAIL: tzc400 ACTION 0: interrupt pending; fi'
cmd "mw.l $(reg 4) 2; setexpr p *0x08000204 '&' 0x400"
nexp=$((nexp + 1))
cmd 'if itest $p == 400; then echo PASS: tzc400 ACTION 2: interrupt raised; else echo FAIL: tzc400 ACTION 2: no interrupt pending; fi'
clear_int
cmd "setexpr p *0x08000204 '&' 0x400"
nexp=$((nexp + 1))
cmd 'if itest $p == 0; then echo PASS: tzc400 INT_CLEAR lowers the interrupt; else echo FAIL: tzc400 INT_CLEAR: interrupt still pending; fi'

# "run" takes a few names at a time (CONFIG_SYS_MAXARGS): groups of ten.
groups="" g="" n=${#lines[@]}
for ((i = 0; i < n; i++)); do
	g="$g t$i"
	if (( i % 10 == 9 || i == n - 1 )); then
		lines+=("g$((i / 10))=run$g")
		groups="$groups g$((i / 10))" g=""
	fi
done
{
	cat "$ub/u-boot-initial-env"
	printf '%s\n' "${lines[@]}"
	echo "bootcmd=run$groups; echo TZC400-TEST-END"
} > "$T/env.txt"
"$ub/tools/mkenvimage" -s 0x40000 -o "$T/env.img" "$T/env.txt" && truncate -s 64M "$T/env.img" ||
	{ fail tzc400-env "mkenvimage failed"; exit 1; }
"$TOP/scripts/qemu-run-until.sh" 120 TZC400-TEST-END "$T/serial.log" -- "$qemu" \
	-M virt,secure=on,tzc400=dram,tzc400-nsaid-map=00:02.0=2+*=1 -cpu cortex-a53 \
	-m 1G -smp 1 -nographic -nic none -bios "$ub/u-boot.bin" \
	-device edu,addr=2,dma_mask=0xffffffffff -trace "tzc400_*" \
	-drive "if=pflash,unit=1,format=raw,file=$T/env.img,snapshot=on"
rc=$?
tr -d '\r' < "$T/serial.log" | grep -E '^(PASS|FAIL): tzc400 ' | sed 's/^FAIL: tzc400 \([^:]*\):/FAIL: tzc400 \1:/'
got=$(tr -d '\r' < "$T/serial.log" | grep -cE '^(PASS|FAIL): tzc400 ')
if [ "$rc" != 0 ] || [ "$got" != "$nexp" ]; then
	fail tzc400-run "U-Boot ran $got of $nexp checks (rc $rc; log: $T/serial.log)"
fi
# The trace agrees with the records: the closed gate, then denials.
if grep -q 'tzc400_gate_closed' "$T/serial.log" && grep -q 'tzc400_deny' "$T/serial.log"; then
	echo "PASS: tzc400 trace shows the closed gate and the denials"
else
	fail "tzc400 trace" "no tzc400_gate_closed or tzc400_deny line in $T/serial.log"
fi
exit 0
