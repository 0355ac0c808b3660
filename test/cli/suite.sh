#!/bin/bash
# Host tool tests: every subcommand, every exit code, JSON facts, atomic
# output, idempotent apply, and bad inputs naming what is wrong.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
mkdir -p "$BUILD/test"
make -s -C "$TOP" tool corpus-judge >"$BUILD/test/cli-build.log" 2>&1 || {
	echo "FAIL: cli-build: make tool corpus-judge failed"; cat "$BUILD/test/cli-build.log"; exit 1; }
D=${DMACAGE_BIN:-}
D=${D:-$BUILD/host/dmacage}
EX=$TOP/dts/examples
W=$BUILD/test/cli
rm -rf "$W"; mkdir -p "$W" "$W/judge"
J=$BUILD/host/corpus/judge JW=$W/judge
. "$TOP/test/judge.sh"

pass() { echo "PASS: cli: $1"; }
fail() { echo "FAIL: cli: $1: $2"; }

# expect NAME RC CMD... : exit code RC; output kept in $W/out, $W/err. A
# successful apply's output is judged the way Linux reads it, too.
expect() {
	local name=$1 want=$2; shift 2
	"$@" >"$W/out" 2>"$W/err"
	local rc=$?
	if [ "$rc" = "$want" ]; then
		pass "$name"
		[ "$rc" = 0 ] && [ "$1" = "$D" ] && [ "$2" = apply ] && judged "$name" "${@:3}"
		return 0
	fi
	fail "$name" "exit $rc, want $want; stderr: $(head -c 300 "$W/err")"
	return 1
}
# judged NAME APPLY-ARGS...: every domain the apply planned is confined
judged() {
	local name=$1; shift
	case " $* " in *" --help "*) return 0 ;; esac
	if ! judge_apply "$@"; then
		fail "$name: confined as Linux reads it" "$JUDGE_WHY"
	elif [ "$JUDGED" -gt 0 ]; then
		pass "$name: confined as Linux reads it (domains: $JUDGED)"
	fi
}
# grep_in NAME FILE PATTERN
grep_in() {
	if grep -qE -- "$3" "$2"; then pass "$1"; else fail "$1" "no '$3' in $(basename "$2"): $(head -c 300 "$2")"; fi
}

for t in qemu-virt-arm64 qemu-virt-arm stb-brcm virt-usb-endpoint; do
	dtc -q -O dtb -o "$W/$t.dtb" "$EX/$t.dts" || fail "dtc $t" "does not compile"
done
V64=$W/qemu-virt-arm64.dtb V32=$W/qemu-virt-arm.dtb STB=$W/stb-brcm.dtb
HB=$EX/policy-virt-hostbridge.dts EP=$EX/policy-virt-endpoint.dts

# --- help and usage -------------------------------------------------------
expect "help" 0 "$D" --help && grep_in "help lists commands" "$W/out" "apply"
for c in plan apply check regs; do
	expect "$c --help" 0 "$D" "$c" --help && grep_in "$c --help usage" "$W/out" "usage: dmacage $c"
done
expect "no command" 2 "$D"
expect "unknown command" 2 "$D" frobnicate && grep_in "unknown command named" "$W/err" "^dmacage: error: frobnicate: "
expect "unknown option" 2 "$D" plan --bogus -p "$HB" -d "$V64"
expect "bad --arch" 2 "$D" plan -p "$HB" -d "$V64" --arch x86 && grep_in "bad --arch named" "$W/err" "^dmacage: error: --arch: "
expect "bad --dram" 2 "$D" plan -p "$HB" -d "$V64" --dram 0x40000000 && grep_in "bad --dram named" "$W/err" "BASE:SIZE"
expect "bad --format" 2 "$D" plan -p "$HB" -d "$V64" --format xml
expect "apply without -o" 2 "$D" apply -p "$HB" -d "$V64"

# --- plan -----------------------------------------------------------------
expect "plan text" 0 "$D" plan -p "$HB" -d "$V64"
grep_in "plan shows window" "$W/out" "window +0x07dc00000-0x07fffffff +36 MiB"
grep_in "plan shows restricted" "$W/out" "restricted +0x07e000000-0x07fffffff +32 MiB"
# a domain without a checker: pool only, not enforced (HB has none); the
# QEMU built-in policy has one and is the negative control
grep_in "plan: no checker, pool only" "$W/out" "^  checker     none: pool only, not enforced; U-Boot fails the domain \(no checker-optional\)$"
expect "plan with a checker" 0 "$D" plan -p "$TOP/dts/uboot/qemu-pcie-host.dts" -d "$V64"
if grep -q "pool only" "$W/out"; then fail "plan with a checker is enforced" "says pool only"
else grep_in "plan with a checker is enforced" "$W/out" "^  checker     phandle 0x1, clients 1$"; fi
# --digest: the measurement U-Boot makes; 64 hex each, and policy-sensitive
expect "plan --digest" 0 "$D" plan -p "$HB" -d "$V64" --digest
grep_in "plan --digest digest" "$W/out" "^digest sha256=[0-9a-f]{64}$"
grep_in "plan --digest pcr" "$W/out" "^pcr sha256=[0-9a-f]{64} \(after one extend from reset\)$"
cp "$W/out" "$W/digest-hb"
expect "plan --digest other policy" 0 "$D" plan -p "$EP" -d "$V64" --digest
if cmp -s "$W/out" "$W/digest-hb"; then fail "plan --digest follows the policy" "same digest for two policies"
else pass "plan --digest follows the policy"; fi
expect "plan json" 0 "$D" plan -p "$HB" -d "$V64" --format json
if python3 - "$W/out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
d = j["domains"][0]
# Highest 2 MiB aligned fit in 1 GiB at 0x40000000 for 4 MiB + 32 MiB.
assert d["state"] == "planned", d
assert int(d["window"]["base"], 16) == 0x80000000 - (36 << 20), d
assert d["restricted"]["size"] == 32 << 20 and d["coherent"]["size"] == 4 << 20
assert int(d["restricted"]["base"], 16) == int(d["coherent"]["base"], 16) + (4 << 20)
assert j["arch"] == "arm64" and j["ok"] is True
assert d["enforced"] is False and d["checker_optional"] is False, d
PY
then pass "plan json facts"; else fail "plan json facts" "see above"; fi
expect "plan --dram wins over /memory" 0 "$D" plan -p "$HB" -d "$V64" --dram 0x40000000:256M
grep_in "plan --dram window" "$W/out" "window +0x04dc00000-0x04fffffff"
expect "plan --avoid" 0 "$D" plan -p "$HB" -d "$V64" --avoid 0x70000000:256M
grep_in "plan --avoid moves window" "$W/out" "window +0x06dc00000-0x06fffffff"
# --profile: the board's facts as U-Boot's "dmacage profile" prints them
printf 'dmacage-profile 1\narch arm64\ndram 0x40000000 0x40000000 dram\navoid 0x70000000 0x10000000 u-boot\nend\n' > "$W/prof"
expect "plan --profile" 0 "$D" plan -p "$HB" -d "$V64" --profile "$W/prof"
grep_in "plan --profile avoids its ranges" "$W/out" "window +0x06dc00000-0x06fffffff"
badprof() {	# NAME TEXT PATTERN: refused with exit 2, the line named
	printf "$2" > "$W/badprof"
	expect "bad profile: $1" 2 "$D" plan -p "$HB" -d "$V64" --profile "$W/badprof" &&
		grep_in "bad profile named: $1" "$W/err" "^dmacage: error: $W/badprof$3"
}
badprof "no header" 'arch arm64\nend\n' ":1: not a board profile"
badprof "unknown fact" 'dmacage-profile 1\ndram 0x40000000 0x40000000 x\ncolour blue\nend\n' ":3: unknown fact 'colour'"
badprof "bad base" 'dmacage-profile 1\ndram 0xzz 0x1000 x\nend\n' ":2: base is not a hex number"
badprof "zero size" 'dmacage-profile 1\ndram 0x40000000 0 x\nend\n' ":2: size is not"
badprof "wrapping range" 'dmacage-profile 1\ndram 0xffffffffffff0000 0x20000 x\nend\n' ":2: size is not"
badprof "cut short" 'dmacage-profile 1\ndram 0x40000000 0x40000000 x\n' ": no \"end\" line"
badprof "no dram" 'dmacage-profile 1\narch arm64\nend\n' ": no dram line"
expect "profile arch against --arch" 2 "$D" plan -p "$HB" -d "$V64" --arch arm --profile "$W/prof" &&
	grep_in "profile arch conflict named" "$W/err" ":2: arch arm64 contradicts --arch"
expect "missing profile" 2 "$D" plan -p "$HB" -d "$V64" --profile "$W/nonexistent"
# plan --format svg: well-formed, to scale, every range and pool labelled
expect "plan svg" 0 "$D" plan -p "$HB" -d "$V64" --profile "$W/prof" --format svg
if python3 - "$W/out" <<'PY'
import sys, xml.etree.ElementTree as E
ns = "{http://www.w3.org/2000/svg}"
root = E.parse(sys.argv[1]).getroot()
texts = [t.text for t in root.iter(ns + "text")]
rects = root.findall(ns + "rect")
assert any(t and t.startswith("pcie0 restricted 0x6e000000+0x2000000") for t in texts), texts
assert any(t and t.startswith("pcie0 coherent 0x6dc00000+0x400000") for t in texts), texts
assert any(t and t.startswith("u-boot 0x70000000+0x10000000") for t in texts), texts
# DRAM bar spans 20..980 px for 1 GiB: the 256 MiB avoid is a quarter
bar = [r for r in rects if r.get("fill") == "#999"][0]
assert abs(float(bar.get("width")) - 240.0) < 0.5, bar.get("width")
PY
then pass "plan svg facts"; else fail "plan svg facts" "see above"; fi
expect "plan env" 0 "$D" plan -p "$HB" -d "$V64" --profile "$W/prof" --format env
grep_in "plan env pins the base" "$W/out" "^dmacage_pcie0_base 0x6dc00000$"
grep_in "plan env sizes" "$W/out" "^dmacage_pcie0_restricted_size 0x2000000$"
expect "svg only for plan" 2 "$D" apply -p "$HB" -d "$V64" -o "$W/x.dtb" --format svg
expect "plan --arch arm lowmem" 0 "$D" plan -p "$HB" -d "$V32" --arch arm
grep_in "plan arm below lowmem" "$W/out" "window +0x06dc00000-0x06fffffff"
expect "plan impossible" 1 "$D" plan -p "$HB" -d "$V64" --dram 0x40000000:16M
grep_in "impossible names domain" "$W/err" "^dmacage: error: pcie0: "
expect "plan impossible json" 1 "$D" plan -p "$HB" -d "$V64" --dram 0x40000000:16M --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["ok"] is False and j["domains"][0]["state"]=="failed"' "$W/out" &&
	pass "impossible json says failed" || fail "impossible json says failed" "$(head -c 200 "$W/out")"

# --- policies that are wrong ------------------------------------------------
cat >"$W/bad-syntax.dts" <<'DTS'
/dts-v1/;
/ { dmacage { compatible = "dmacage,policy" pcie0 { }; }; };
DTS
expect "policy dts syntax error" 2 "$D" plan -p "$W/bad-syntax.dts" -d "$V64"
grep_in "syntax error names file" "$W/err" "bad-syntax.dts: dtc could not compile"
sed 's/on-error = .*;/on-error = "sometimes";/' "$HB" >"$W/bad-onerror.dts"
grep -q on-error "$HB" || sed -i 's/compatible = "dmacage,policy";/compatible = "dmacage,policy"; on-error = "sometimes";/' "$W/bad-onerror.dts"
expect "policy bad on-error" 2 "$D" plan -p "$W/bad-onerror.dts" -d "$V64"
grep_in "bad on-error named" "$W/err" "on-error"
printf '/dts-v1/;\n/ { other { }; };\n' >"$W/nopolicy.dts"
expect "no policy node" 2 "$D" plan -p "$W/nopolicy.dts" -d "$V64"
sed 's|"/pcie@10000000"|"/pcie@deadbeef"|' "$HB" >"$W/nohost.dts"
expect "missing host" 1 "$D" plan -p "$W/nohost.dts" -d "$V64"
grep_in "missing host named" "$W/err" "pcie@deadbeef"

# --- bad DTBs ---------------------------------------------------------------
expect "missing dtb" 2 "$D" plan -p "$HB" -d "$W/nonexistent.dtb"
grep_in "missing dtb named" "$W/err" "nonexistent.dtb: No such file"
head -c 200 "$V64" >"$W/trunc.dtb"
expect "truncated dtb" 2 "$D" check -d "$W/trunc.dtb"
grep_in "truncated named" "$W/err" "trunc.dtb: not a valid DTB"
printf 'garbage garbage garbage garbage garbage garbage' >"$W/magic.dtb"
expect "bad magic" 2 "$D" check -d "$W/magic.dtb"
cp "$V64" "$W/hugehdr.dtb"
printf '\x7f\xff\xff\xff' | dd of="$W/hugehdr.dtb" bs=1 seek=4 conv=notrunc 2>/dev/null
expect "absurd totalsize" 2 "$D" check -d "$W/hugehdr.dtb"

# --- apply ------------------------------------------------------------------
expect "apply" 0 "$D" apply -p "$HB" -d "$V64" -o "$W/a.dtb"
expect "apply output passes check" 0 "$D" check -d "$W/a.dtb"
dtc -I dtb -O dts -o "$W/a.dts" "$W/a.dtb" 2>"$W/dtc.err"
if grep -E "reserved-memory|pcie0|chosen" "$W/dtc.err"; then fail "dtc warnings on our nodes" "$(cat "$W/dtc.err")"; else pass "no dtc warnings on our nodes"; fi
fdtget "$W/a.dtb" /chosen/dmacage/pcie0 state >"$W/state" 2>&1; grep_in "record says confined" "$W/state" "^confined$"
# Negative controls of the judge: with the plan of a.dtb, neither the
# unpatched tree nor a.dtb without the host's memory-region is confined.
cp "$JW/plan.json" "$W/a.plan.json"; cp "$JW/policy.dtb" "$W/a.policy.dtb"
cp "$W/a.dtb" "$W/a-nomr.dtb"; fdtput -d "$W/a-nomr.dtb" /pcie@10000000 memory-region
for t in "$V64" "$W/a-nomr.dtb"; do
	if judge_plan "$t" arm64 "" "$W/a.plan.json" "$W/a.policy.dtb"; then
		fail "judge control: ${t##*/} not confined" "the model calls it confined"
	elif [ "$JUDGED" = 1 ]; then
		pass "judge control: ${t##*/} not confined ($JUDGE_WHY)"
	else
		fail "judge control: ${t##*/} not confined" "judged $JUDGED domains"
	fi
done
expect "re-apply" 0 "$D" apply -p "$HB" -d "$W/a.dtb" -o "$W/b.dtb"
cmp -s "$W/a.dtb" "$W/b.dtb" && pass "re-apply is byte-identical" || fail "re-apply is byte-identical" "differs"
expect "apply endpoint form" 0 "$D" apply -p "$EP" -d "$V64" -o "$W/e.dtb"
fdtget "$W/e.dtb" /pcie@10000000/pci@1,0/pci-ep@0,0 memory-region >"$W/mr" 2>&1
grep_in "endpoint has memory-region" "$W/mr" "^[0-9]+ [0-9]+$"
expect "apply STB" 0 "$D" apply -p "$EX/policy-stb.dts" -d "$STB" -o "$W/stb.dtb"
expect "apply existing usb@0,0" 0 "$D" apply -p "$EP" -d "$W/virt-usb-endpoint.dtb" -o "$W/usb.dtb"
fdtget "$W/usb.dtb" /pcie@10000000/pci@1,0/usb@0,0 memory-region >/dev/null 2>&1 &&
	pass "usb@0,0 matched" || fail "usb@0,0 matched" "no memory-region on usb@0,0"

# on-error modes for an impossible plan
rm -f "$W/x.dtb"
expect "apply impossible, disable" 1 "$D" apply -p "$HB" -d "$V64" --dram 0x40000000:16M -o "$W/x.dtb"
[ -f "$W/x.dtb" ] && [ "$(fdtget "$W/x.dtb" /pcie@10000000 status)" = disabled ] &&
	pass "disable writes the host disabled" || fail "disable writes the host disabled" "no output or host enabled"
fdtget "$W/x.dtb" /chosen/dmacage/pcie0 reason >"$W/reason" 2>&1; grep_in "disable records reason" "$W/reason" "pcie0"
for mode in halt warn; do
	sed "s/compatible = \"dmacage,policy\";/compatible = \"dmacage,policy\"; on-error = \"$mode\";/" "$HB" |
		sed "/^\t\ton-error = \"disable\";/d" >"$W/$mode.dts"
	rm -f "$W/$mode.dtb"
	expect "apply impossible, $mode" 1 "$D" apply -p "$W/$mode.dts" -d "$V64" --dram 0x40000000:16M -o "$W/$mode.dtb"
	[ ! -e "$W/$mode.dtb" ] && pass "$mode writes nothing" || fail "$mode writes nothing" "output exists"
done
cp "$V64" "$W/keep.dtb"; echo sentinel >"$W/keep.out"
expect "apply bad input" 2 "$D" apply -p "$W/bad-syntax.dts" -d "$W/keep.dtb" -o "$W/keep.out"
grep -q sentinel "$W/keep.out" && cmp -s "$V64" "$W/keep.dtb" && pass "failed apply leaves files alone" ||
	fail "failed apply leaves files alone" "changed"

# --- check ------------------------------------------------------------------
expect "check stock virt: unconfined host" 1 "$D" check -d "$V64"
grep_in "check names R24" "$W/out" "^error +R24 +\(item 22\) /pcie@10000000"
expect "check json" 1 "$D" check -d "$V64" --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["errors"]>=1 and any(f["rule"]=="R24" for f in j["findings"])' "$W/out" &&
	pass "check json facts" || fail "check json facts" "$(head -c 200 "$W/out")"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["ok"] is False and j["exit"]==1' "$W/out" &&
	pass "check json: ok false, exit 1 with an error" || fail "check json: ok false, exit 1 with an error" "$(tail -c 200 "$W/out")"
head -c 100 "$V64" > "$W/trunc.dtb"
expect "check json truncated DTB" 2 "$D" check -d "$W/trunc.dtb" --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["ok"] is False and j["exit"]==2 and "trunc.dtb" in j["error"]' "$W/out" &&
	pass "check json names a bad DTB" || fail "check json names a bad DTB" "$(head -c 200 "$W/out")"
printf '# CONFIG_DMA_RESTRICTED_POOL is not set\nCONFIG_SWIOTLB=y\n' >"$W/kconfig"
expect "check kernel config" 1 "$D" check -d "$W/a.dtb" --kernel-config "$W/kconfig"
grep_in "kernel config R1" "$W/out" "R1 +\(item 32\)"
expect "check missing kernel config" 2 "$D" check -d "$W/a.dtb" --kernel-config "$W/none"
expect "apply ARM32" 0 "$D" apply -p "$HB" -d "$V32" --arch arm -o "$W/a32.dtb"
fdtput -d "$W/a32.dtb" /pcie@10000000 dma-coherent
expect "check ARM32 non-coherent warns" 0 "$D" check -d "$W/a32.dtb" --arch arm
grep_in "R32 flagged" "$W/out" "^warning R32 +\(item 27\)"
grep_in "R37 flagged" "$W/out" "R37"
# --- check --kernel: the rules of one Linux line ------------------------------
# A tree each line judges its own way, both ways: a reusable no-map pool is
# an error on 6.1 and 6.12 but not on 7.3; a no-map region of two reg pairs
# is an error on 7.3 only. The reference tree is clean on every line.
REF=$TOP/test/check/reference.dts
COHN='&{/reserved-memory/pcie-coh@52000000}'
{ cat "$REF"; echo "$COHN { reusable; };"; } >"$W/k-reusable.dts"
{ cat "$REF"; echo "$COHN { reg = <0x0 0x52000000 0x0 0x200000 0x0 0x54000000 0x0 0x200000>; };"; } >"$W/k-pairs.dts"
for k in 6.1 6.12 7.3; do
	expect "check --kernel $k reference" 0 "$D" check --kernel "$k" -d "$REF"
done
expect "check reusable no-map (6.1 by default)" 1 "$D" check -d "$W/k-reusable.dts"
grep_in "reusable no-map on 6.1: R39 error" "$W/out" "^error +R39 +\(item 29\)"
expect "check --kernel 6.12 reusable no-map" 1 "$D" check --kernel 6.12 -d "$W/k-reusable.dts"
expect "check --kernel 7.3 reusable no-map" 0 "$D" check --kernel 7.3 -d "$W/k-reusable.dts"
grep_in "reusable no-map on 7.3: R39 warning" "$W/out" "^warning R39 +\(item 29\).*Linux 7.3"
expect "check two reg pairs (6.1)" 0 "$D" check -d "$W/k-pairs.dts"
grep_in "two reg pairs on 6.1: R7 warning" "$W/out" "^warning R7 +\(item 4\)"
expect "check --kernel 7.3 two reg pairs" 1 "$D" check --kernel 7.3 -d "$W/k-pairs.dts"
grep_in "two reg pairs on 7.3: R7 error" "$W/out" "^error +R7 +\(item 4\).*only the first"
expect "check --kernel unknown" 2 "$D" check --kernel 5.10 -d "$REF"
grep_in "check --kernel unknown named" "$W/err" "^dmacage: error: --kernel: '5.10' is not a kernel line"
expect "plan --kernel refused" 2 "$D" plan --kernel 7.3 -p "$HB" -d "$V64"

# --- MSI doorbell grant ---------------------------------------------------
MSI=$TOP/test/memchk/policy-msi.dts
expect "plan msi-window" 0 "$D" plan -p "$MSI" -d "$V64"
grep_in "plan shows the msi page" "$W/out" "^  msi +0x008020000-0x008020fff +4 KiB +write-only, doorbell 0x8020040$"
expect "plan msi json" 0 "$D" plan -p "$MSI" -d "$V64" --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); m=j["domains"][0]["msi"]; assert m["base"]=="0x8020000" and m["size"]==4096 and m["doorbell"]=="0x8020040"' "$W/out" &&
	pass "plan msi json facts" || fail "plan msi json facts" "$(head -c 300 "$W/out")"
expect "apply msi-window" 0 "$D" apply -p "$MSI" -d "$V64" -o "$W/msi.dtb"
fdtget -l "$W/msi.dtb" /reserved-memory >"$W/rm" 2>&1
grep -q 8020000 "$W/rm" && fail "msi page not a pool" "$(cat "$W/rm")" || pass "msi page not a pool"
# --- safe output files (apply -o) ---------------------------------------------
# OUT is a regular file or nothing: anything else is refused (exit 2) and left
# as it was. No temporary file may ever be left behind.
HBB=$W/hb.dtb; dtc -q -O dtb -o "$HBB" "$HB"
no_tmp() {	# NAME: no temporary file anywhere under $W
	local t; t=$(find "$W" -name '.dmacage-tmp-*' -o -name '*.tmp-[0-9]*' | head -n 3)
	[ -z "$t" ] && pass "$1" || fail "$1" "left behind: $t"
}
mkfifo "$W/fifo"
expect "apply -o FIFO refused" 2 timeout 20 "$D" apply -p "$HB" -d "$V64" -o "$W/fifo"
grep_in "FIFO named" "$W/err" "fifo: is a FIFO, not a regular file"
[ -p "$W/fifo" ] && pass "FIFO still a FIFO" || fail "FIFO still a FIFO" "replaced"
if [ "$(id -u)" = 0 ] && mknod "$W/null" c 1 3 2>/dev/null; then
	expect "apply -o char device refused" 2 "$D" apply -p "$HB" -d "$V64" -o "$W/null"
	grep_in "char device named" "$W/err" "null: is a character device"
	[ -c "$W/null" ] && pass "char device still a device" || fail "char device still a device" "replaced"
else
	echo "SKIP: cli: apply -o char device refused: mknod needs root (FIFO case covers the same check)"
fi
mkdir "$W/adir"
expect "apply -o directory refused" 2 "$D" apply -p "$HB" -d "$V64" -o "$W/adir"
grep_in "directory named" "$W/err" "adir: is a directory"
if python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$W/sock" 2>/dev/null; then
	expect "apply -o socket refused" 2 "$D" apply -p "$HB" -d "$V64" -o "$W/sock"
	[ -S "$W/sock" ] && pass "socket still a socket" || fail "socket still a socket" "replaced"
else
	echo "SKIP: cli: apply -o socket refused: cannot bind a unix socket here"
fi
echo sentinel >"$W/target.dtb"; ln -s target.dtb "$W/link.dtb"
expect "apply -o symlink refused" 2 "$D" apply -p "$HB" -d "$V64" -o "$W/link.dtb"
grep_in "symlink named" "$W/err" "link.dtb: is a symbolic link"
[ -L "$W/link.dtb" ] && grep -q sentinel "$W/target.dtb" && pass "symlink and target untouched" ||
	fail "symlink and target untouched" "changed"
expect "apply -o missing directory" 2 "$D" apply -p "$HB" -d "$V64" -o "$W/nodir/x.dtb"
grep_in "missing directory named" "$W/err" "nodir/x.dtb: its directory cannot be used: No such file"

# -o == -d, spelled differently (./, .., a hard link): refused without --in-place
cp "$V64" "$W/in.dtb"; mkdir -p "$W/sub"; ln "$W/in.dtb" "$W/in-hard.dtb"
expect "apply -o same as -d refused" 2 "$D" apply -p "$HB" -d "$W/in.dtb" -o "$W/sub/.././in.dtb"
grep_in "same file names --in-place" "$W/err" "is the input .*in.dtb itself: not replaced without --in-place"
expect "apply -o hard link of -d refused" 2 "$D" apply -p "$HB" -d "$W/in-hard.dtb" -o "$W/in.dtb"
cmp -s "$V64" "$W/in.dtb" && pass "refused in-place leaves input alone" || fail "refused in-place leaves input alone" "changed"
expect "apply -o same as -p refused" 2 "$D" apply -p "$HBB" -d "$V64" -o "$W/./hb.dtb"
expect "apply --in-place" 0 "$D" apply -p "$HB" -d "$W/in.dtb" -o "$W/sub/../in.dtb" --in-place
cmp -s "$W/a.dtb" "$W/in.dtb" && pass "--in-place output = apply output" || fail "--in-place output = apply output" "differs"
cp "$V64" "$W/in2.dtb"; chmod 640 "$W/in2.dtb"
expect "apply --in-place without -o" 0 "$D" apply -p "$HB" -d "$W/in2.dtb" --in-place
cmp -s "$W/a.dtb" "$W/in2.dtb" && [ "$(stat -c %a "$W/in2.dtb")" = 640 ] &&
	pass "--in-place keeps the mode" || fail "--in-place keeps the mode" "$(stat -c %a "$W/in2.dtb")"

# Long paths. long_dir LEN: an existing directory whose path is LEN characters.
long_dir() {
	local d=$W/long
	while [ $(($1 - ${#d})) -gt 256 ]; do d=$d/$(printf '%0200d' 0); done
	d=$d/$(printf "%0$(($1 - ${#d} - 1))d" 0)
	mkdir -p "$d" && echo "$d"
}
expect "apply -o path > PATH_MAX" 2 "$D" apply -p "$HB" -d "$V64" -o "$W/$(printf '%04200d' 0)"
grep_in "long path says too long" "$W/err" "^dmacage: error: -o: the path is too long: [0-9]+ characters"
expect "apply -o name > NAME_MAX" 2 "$D" apply -p "$HB" -d "$V64" -o "$W/$(printf '%0300d' 0).dtb"
grep_in "long name says too long" "$W/err" "^dmacage: error: -o: the path is too long: a name in it"
# a 4091-character OUT beside a 4095-character OUT.tmp: the old temporary name,
# OUT.tmp-PID truncated to PATH_MAX - 1, was that file, written and then gone
LD=$(long_dir 3890); LO=$LD/$(printf '%0196d' 0).dtb
echo sentinel >"$LO.tmp"
expect "apply -o 4091-character path" 0 "$D" apply -p "$HB" -d "$V64" -o "$LO"
cmp -s "$W/a.dtb" "$LO" && grep -q sentinel "$LO.tmp" && pass "long path: output right, neighbour untouched" ||
	fail "long path: output right, neighbour untouched" "$(head -c 40 "$LO.tmp" 2>&1)"
LD=$(long_dir 4080)
expect "apply -o no room for the temporary" 2 "$D" apply -p "$HB" -d "$V64" -o "$LD/x.dtb"
grep_in "no room named" "$W/err" "no room for the temporary file"
no_tmp "no temporary left by refusals"

# A write that fails or is killed half-way: OUT keeps its old bytes, no
# temporary file stays. Deterministic: a 1 KiB file-size limit (the tree is
# ~8 KiB), so the kernel sends SIGXFSZ inside write(2) (or, with SIGXFSZ
# ignored, write fails with EFBIG); and strace's fault injection delivers
# SIGTERM at the fsync(2) of the complete temporary file, before the rename.
limited() { ( ulimit -c 0; ulimit -f 1; exec "$D" "$@" >/dev/null ); }
limited_noxfsz() { ( trap '' XFSZ; ulimit -f 1; exec "$D" "$@" >/dev/null ); }
echo sentinel >"$W/k.dtb"
expect "apply killed mid-write (SIGXFSZ)" $((128 + $(kill -l XFSZ))) limited apply -p "$HBB" -d "$V64" -o "$W/k.dtb"
grep -qx sentinel "$W/k.dtb" && pass "killed write keeps old OUT" || fail "killed write keeps old OUT" "changed"
no_tmp "killed write leaves no temporary"
expect "apply write fails (EFBIG)" 2 limited_noxfsz apply -p "$HBB" -d "$V64" -o "$W/k.dtb"
grep_in "EFBIG named" "$W/err" "k.dtb: not written: File too large"
grep -qx sentinel "$W/k.dtb" && pass "failed write keeps old OUT" || fail "failed write keeps old OUT" "changed"
no_tmp "failed write leaves no temporary"
if strace -o /dev/null true 2>/dev/null; then
	# in a subshell that waits, so that its "Terminated" goes to $W/err
	term_at_fsync() { ( strace -o /dev/null -e trace=fsync -e inject=fsync:signal=TERM:when=1 "$D" "$@"; ); }
	expect "apply SIGTERM before rename" 143 term_at_fsync apply -p "$HBB" -d "$V64" -o "$W/k.dtb"
	grep -qx sentinel "$W/k.dtb" && pass "SIGTERM keeps old OUT" || fail "SIGTERM keeps old OUT" "changed"
	no_tmp "SIGTERM leaves no temporary"
else
	echo "SKIP: cli: apply SIGTERM before rename: strace cannot trace here (ptrace denied)"
fi

# --- regs: the plan's options and loader, JSON ------------------------------
MC=$TOP/test/memchk
expect "regs --dram with suffix" 0 "$D" regs -p "$MC/policy.dts" -d "$MC/os.dts" --dram 0x80000000:1G --avoid 0xb0000000:16M
grep_in "regs --dram programs" "$W/out" "# LOCK$"
expect "regs bad --dram" 2 "$D" regs -p "$MC/policy.dts" -d "$MC/os.dts" --dram 0x40000000
grep_in "regs bad --dram named" "$W/err" "^dmacage: error: --dram: .*BASE:SIZE"
expect "regs without -d" 2 "$D" regs -p "$MC/policy.dts"
grep_in "regs without -d named" "$W/err" "^dmacage: error: -d: "
cp "$MC/policy.dts" "$W/it's a policy.dts"
expect "regs .dts path with a quote (no shell)" 0 "$D" regs -p "$W/it's a policy.dts" -d "$MC/os.dts"
"$D" regs -p "$MC/policy.dts" -d "$MC/os.dts" >"$W/regs.txt" 2>/dev/null
expect "regs json" 0 "$D" regs -p "$MC/policy.dts" -d "$MC/os.dts" --format json
if python3 - "$W/out" "$W/regs.txt" <<'PY'
import json, re, sys
j = json.load(open(sys.argv[1]))
assert j["ok"] is True and j["exit"] == 0 and j["unplanned"] == []
assert len(j["checkers"]) == 2, j["checkers"]
got = [(w["addr"], w["value"], w["name"]) for c in j["checkers"] for w in c["writes"]]
want = re.findall(r"^(0x[0-9a-f]+) (0x[0-9a-f]+)  # (\S+)$", open(sys.argv[2]).read(), re.M)
assert got == want, (got[:3], want[:3])
assert all(c["writes_total"] == len(c["writes"]) for c in j["checkers"])
PY
then pass "regs json = text writes"; else fail "regs json = text writes" "see above"; fi
expect "regs json exhaustion" 1 "$D" regs -p "$MC/policy-exhaust.dts" -d "$MC/os.dts" --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["ok"] is False and j["exit"]==1 and any("too many checker windows" in c.get("error","") for c in j["checkers"])' "$W/out" &&
	pass "regs json exhaustion facts" || fail "regs json exhaustion facts" "$(head -c 300 "$W/out")"
expect "regs json bad input" 2 "$D" regs -p "$MC/policy.dts" -d "$W/trunc.dtb" --format json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["ok"] is False and j["exit"]==2 and "trunc.dtb" in j["error"]' "$W/out" &&
	pass "regs json bad input facts" || fail "regs json bad input facts" "$(head -c 300 "$W/out")"

# --- big DTBs: every command takes a valid 5.5 MB tree; a truncated one is
# invalid, and a file over the loader's limit is refused by its size ---------
head -c 5500000 /dev/zero >"$W/blob.bin"
{ cat "$MC/os.dts"; printf '/ { blob { data = /incbin/("%s"); }; };\n' "$W/blob.bin"; } >"$W/big.dts"
dtc -q -O dtb -o "$W/big.dtb" "$W/big.dts" || fail "dtc big" "does not compile"
[ "$(stat -c %s "$W/big.dtb")" -gt 5500000 ] && pass "big DTB is over 5.5 MB" ||
	fail "big DTB is over 5.5 MB" "$(stat -c %s "$W/big.dtb") bytes"
expect "regs big DTB" 0 "$D" regs -p "$MC/policy.dts" -d "$W/big.dtb" &&
	{ cmp -s "$W/out" "$W/regs.txt" && pass "regs big DTB: the small tree's writes" ||
		fail "regs big DTB: the small tree's writes" "output differs"; }
expect "plan big DTB" 0 "$D" plan -p "$MC/policy.dts" -d "$W/big.dtb"
expect "apply big DTB" 0 "$D" apply -p "$MC/policy.dts" -d "$W/big.dtb" -o "$W/big-out.dtb"
"$D" check -d "$MC/os.dts" >/dev/null 2>&1
want=$?
expect "check big DTB: as the small tree" "$want" "$D" check -d "$W/big.dtb"
head -c 3000000 "$W/big.dtb" >"$W/big-trunc.dtb"
expect "regs truncated big DTB" 2 "$D" regs -p "$MC/policy.dts" -d "$W/big-trunc.dtb"
grep_in "truncated big DTB named" "$W/err" "big-trunc.dtb: not a valid DTB"
truncate -s 513M "$W/over.dtb"	# sparse: nothing is read
for c in regs plan; do
	expect "$c DTB over the size limit" 2 "$D" "$c" -p "$MC/policy.dts" -d "$W/over.dtb"
	grep_in "$c size limit named" "$W/err" "over.dtb: 537919488 bytes, larger than the 536870912 bytes dmacage reads from a DTB"
done
expect "check DTB over the size limit" 2 "$D" check -d "$W/over.dtb"
grep_in "check size limit named" "$W/err" "larger than the 536870912 bytes"
rm -f "$W/over.dtb" "$W/blob.bin"
exit 0
