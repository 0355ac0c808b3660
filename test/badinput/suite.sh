#!/bin/bash
# The bad-input matrix (doc/bad-input.md): one test per row. Each
# row builds one bad input (a .dts in inputs/, or a byte-level mutation of a
# compiled DTB), runs the host tool, and asserts
#   - the specific exit code,
#   - an error line "dmacage: error: <what>: <why>" naming the input (the
#     file for a malformed DTB; the domain, property, node or option for a
#     bad value) and saying what is wrong,
#   - for apply: the output is not written (a sentinel stays as it was) or,
#     where cli.md says it is written, is a DTB; the input is byte-identical,
#   - the JSON status, where the tool prints one (per-domain plan failures).
# Environment overrides are parsed only in U-Boot; the env-* rows build
# board/dmacage/override.c unchanged on the host (override-host.c) and
# test/uboot (badenv, badvar) shows what a rejected override does to a boot.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}; BUILD=${BUILD:-$TOP/build}; mkdir -p "$BUILD/test"
make -s -C "$TOP" tool corpus-judge >"$BUILD/test/badinput-build.log" 2>&1 || {
	echo "FAIL: badinput-build: make tool corpus-judge failed"; cat "$BUILD/test/badinput-build.log"; exit 1; }
S=$TOP/test/badinput
IN=$S/inputs
W=$BUILD/test/badinput
rm -rf "$W"; mkdir -p "$W" "$W/judge"
J=$BUILD/host/corpus/judge JW=$W/judge
. "$TOP/test/judge.sh"
# A private copy: another make in the same tree may relink the tool mid-run.
cp "${DMACAGE_BIN:-$BUILD/host/dmacage}" "$W/dmacage" || {
	echo "FAIL: badinput-build: no host tool"; exit 1; }
D=$W/dmacage

npass=0 nfail=0
# row NAME ... end: every check in between adds to WHY; one PASS/FAIL line.
row() { ROW=$1; WHY=; }
bad() { WHY="${WHY:+$WHY; }$*"; }
end() {
	if [ -z "$WHY" ]; then echo "PASS: badinput-$ROW"; npass=$((npass + 1))
	else echo "FAIL: badinput-$ROW: $WHY"; nfail=$((nfail + 1)); fi
}
errtext() { tr '\n' '|' <"$W/err" | head -c 300; }
# an input that cannot be built fails the suite even before its row runs
inputfail() { echo "FAIL: badinput-inputs: $*"; nfail=$((nfail + 1)); }

# tool ARGS...: run the host tool; $RC, $W/out, $W/err. The output of a
# successful apply must be confined as Linux reads it (test/judge.sh).
njudged=0
tool() {
	"$D" "$@" >"$W/out" 2>"$W/err"; RC=$?
	[ "$RC" = 0 ] && [ "$1" = apply ] || return 0
	if judge_apply "${@:2}"; then
		njudged=$((njudged + JUDGED))
	else
		bad "the output is not confined as Linux reads it: $JUDGE_WHY"
	fi
}
# rc WANT: the exit code, and never a crash
rc() {
	[ "$RC" -ge 128 ] && { bad "crashed (signal $((RC - 128)))"; return; }
	[ "$RC" = "$1" ] || bad "exit $RC, want $1 (stderr: $(errtext))"
}
# says WHAT ERE: an error line that names WHAT and says ERE
says() {
	grep -F -- "dmacage: error: $1: " "$W/err" | grep -qE -- "$2" ||
		bad "no error line naming '$1' and saying /$2/ (stderr: $(errtext))"
}
# json DOMAIN STATE [ERROR]: the plan JSON on stdout has DOMAIN in STATE
# with the error class ERROR (dmc_strerror() of the -DMC_E_* code)
json() {
	local why
	why=$(python3 - "$W/out" "$@" <<'PY'
import json, sys
path, dom, state = sys.argv[1:4]
err = sys.argv[4] if len(sys.argv) > 4 else None
try:
    j = json.load(open(path))
except ValueError as e:
    sys.exit("not JSON: %s" % e)
d = [x for x in j.get("domains", []) if x.get("name") == dom]
if not d:
    sys.exit("no domain %s" % dom)
if d[0].get("state") != state:
    sys.exit("%s is %s, want %s" % (dom, d[0].get("state"), state))
if err and d[0].get("error") != err:
    sys.exit("%s error is %r, want %r" % (dom, d[0].get("error"), err))
if state == "failed" and j.get("ok") is not False:
    sys.exit("ok is %r with a failed domain" % j.get("ok"))
PY
) 2>&1 || bad "JSON: $why"
}
# keep FILE...: remember inputs; same: they are byte-identical afterwards
keep() { local f; for f in "$@"; do cp "$f" "$f.orig"; done; }
same() {
	local f
	for f in "$@"; do cmp -s "$f" "$f.orig" || bad "input $(basename "$f") was changed"; done
}
# sentinel OUT: an output file that exists before apply
sentinel() { echo "sentinel: apply must not touch this" >"$1"; cp "$1" "$1.orig"; }
not_written() {
	cmp -s "$1" "$1.orig" || bad "output $(basename "$1") was written"
	ls "$1".tmp-* >/dev/null 2>&1 && bad "temporary $(basename "$1").tmp-* left behind"
}
written() {
	cmp -s "$1" "$1.orig" && { bad "output $(basename "$1") not written"; return; }
	fdtget "$1" / compatible >/dev/null 2>&1 || bad "output $(basename "$1") is not a DTB"
}

# --- inputs -----------------------------------------------------------------
# OS trees are compiled here (the tool gets a .dtb, as in provisioning);
# policies go to the tool as .dts, which it compiles itself. Trees dtc
# refuses (duplicate or invalid phandles) say so and get dtc -f.
for f in "$IN"/os*.dts; do
	n=$(basename "$f" .dts) force=
	grep -q 'compiles it with dtc -f' "$f" && force=-f
	dtc -q $force -I dts -O dtb -o "$W/$n.dtb" "$f" 2>"$W/$n.dtc.log" ||
		inputfail "$n.dts does not compile: $(head -c 300 "$W/$n.dtc.log")"
done
OS=$W/os.dtb
POL=$IN/policy.dts

# mutate SRC DST OP [ARG]: a byte-level change of a DTB (header field or tag)
cat >"$W/mutate.py" <<'PY'
import struct, sys
src, dst, op = sys.argv[1:4]
arg = sys.argv[4] if len(sys.argv) > 4 else None
b = bytearray(open(src, "rb").read())
FIELDS = ["magic", "totalsize", "off_dt_struct", "off_dt_strings",
          "off_mem_rsvmap", "version", "last_comp_version",
          "boot_cpuid_phys", "size_dt_strings", "size_dt_struct"]
hdr = dict(zip(FIELDS, struct.unpack(">10I", b[:40])))
def tags():
    """(offset, tag) of every tag in the structure block."""
    p, end, out = hdr["off_dt_struct"], hdr["off_dt_struct"] + hdr["size_dt_struct"], []
    while p < end:
        t = struct.unpack(">I", b[p:p + 4])[0]
        out.append((p, t))
        q = p + 4
        if t == 1:
            q = (b.index(0, q) + 1 + 3) & ~3
        elif t == 3:
            q = (q + 8 + struct.unpack(">I", b[q:q + 4])[0] + 3) & ~3
        elif t == 9:
            break
        p = q
    return out
def put(off, v):
    b[off:off + 4] = struct.pack(">I", v & 0xffffffff)
def nth(tag, i):
    return [p for p, t in tags() if t == tag][i]
if op == "set":			# set FIELD=EXPR (EXPR may use the fields and len)
    field, expr = arg.split("=", 1)
    put(4 * FIELDS.index(field), eval(expr, {}, dict(hdr, len=len(b))))
elif op == "cut":		# keep the first ARG bytes
    b = b[:int(arg)]
elif op == "tag":		# tag OLD:INDEX:NEW, INDEX may be negative
    old, i, new = (int(x) for x in arg.split(":"))
    put(nth(old, i), new)
elif op == "proplen":		# the first property's length
    put(nth(3, 0) + 4, int(arg, 0))
elif op == "nameoff":		# the first property's name offset
    put(nth(3, 0) + 8, int(arg, 0))
elif op == "noname-nul":	# the first subnode's name loses its NUL padding
    e = b.index(0, nth(1, 1) + 4)
    b[e:(e + 4) & ~3] = b"A" * (((e + 4) & ~3) - e)
else:
    sys.exit("unknown op " + op)
open(dst, "wb").write(b)
PY
mutate() { python3 "$W/mutate.py" "$@" || inputfail "mutate $*"; }
# deep N FILE: an OS DT whose tree is N levels deep, root included
deep() {
	python3 - "$1" "$IN" >"$2.dts" <<'PY'
import sys
n, inc = int(sys.argv[1]) - 1, sys.argv[2]
print('/dts-v1/;\n/include/ "%s/os.dtsi"\n/ {' % inc)
print("".join("n%d {\n" % i for i in range(n)) + "};\n" * n + "};")
PY
	dtc -q -I dts -O dtb -o "$2" "$2.dts" || inputfail "deep $1 does not compile"
}

# dtb_row NAME CMD ROLE WHY MUTATION...: a malformed DTB in ROLE (-d or -p)
# is refused with exit 2 before anything is planned, the error line ending
# in WHY (an ERE: libfdt's FDT_ERR_* for the header, dmacage's structure
# walk's reason for the structure block); apply writes nothing.
dtb_row() {
	local name=$1 cmd=$2 role=$3 fdterr=$4 f=$W/$1.dtb src=$OS want; shift 4
	row "$name"
	[ "$role" = -p ] && { src=$W/policy.dtb; dtc -q -I dts -O dtb -o "$src" "$POL"; }
	if [ "$1" = empty ]; then : >"$f"; else mutate "$src" "$f" "$@"; fi
	keep "$f"
	case $cmd in
	check) tool check -d "$f" ;;
	plan) if [ "$role" = -p ]; then tool plan -p "$f" -d "$OS"; else tool plan -p "$POL" -d "$f"; fi ;;
	apply) sentinel "$W/out.dtb"
	       if [ "$role" = -p ]; then tool apply -p "$f" -d "$OS" -o "$W/out.dtb"
	       else tool apply -p "$POL" -d "$f" -o "$W/out.dtb"; fi
	       not_written "$W/out.dtb" ;;
	esac
	want="OS DT"; [ "$role" = -p ] && want=policy; [ "$cmd" = check ] && want="DT to check"
	rc 2
	says "$f" "not a valid DTB \($want\): $fdterr\$"
	same "$f"
	end
}

# --- 1. the DTB container: truncated, corrupt, bad magic, absurd sizes ------
dtb_row dtb-empty apply -d FDT_ERR_TRUNCATED empty
dtb_row dtb-short-header plan -p FDT_ERR_TRUNCATED cut 39
dtb_row dtb-truncated apply -d FDT_ERR_TRUNCATED cut 300
dtb_row dtb-bad-magic apply -d FDT_ERR_BADMAGIC set magic=0xd00dfeee
dtb_row dtb-totalsize-beyond-file apply -d FDT_ERR_TRUNCATED set "totalsize=len+4096"
dtb_row dtb-totalsize-below-header plan -d FDT_ERR_TRUNCATED set totalsize=40
dtb_row dtb-struct-offset-beyond apply -d FDT_ERR_TRUNCATED set "off_dt_struct=totalsize+64"
dtb_row dtb-strings-offset-beyond apply -d FDT_ERR_TRUNCATED set off_dt_strings=0xfffffff0
dtb_row dtb-struct-size-huge check -d FDT_ERR_TRUNCATED set size_dt_struct=0xffffffff
dtb_row dtb-strings-size-beyond apply -d FDT_ERR_TRUNCATED set "size_dt_strings=size_dt_strings+4096"
dtb_row dtb-memrsv-offset-beyond apply -d FDT_ERR_TRUNCATED set off_mem_rsvmap=totalsize
dtb_row dtb-version-16 apply -d FDT_ERR_BADVERSION set version=16
dtb_row dtb-policy-bad-magic apply -p FDT_ERR_BADMAGIC set magic=0
dtb_row dtb-prop-len-huge apply -d 'structure block: a property runs past the end \(at offset [0-9]+\)' proplen 0x7ffffff0
dtb_row dtb-prop-len-negative apply -d 'structure block: a property has a negative length \(at offset [0-9]+\)' proplen 0xfffffffe
dtb_row dtb-prop-name-offset apply -d 'structure block: a property name is outside the strings block \(at offset [0-9]+\)' nameoff 0xffff0000
dtb_row dtb-node-name-unterminated check -d 'structure block: an unknown tag \(at offset [0-9]+\)' noname-nul

# --- 2. the structure block: tags that do not balance, depth, loops ---------
dtb_row tree-root-not-closed apply -d 'structure block: the root node is never closed \(at offset [0-9]+\)' tag 2:-1:4	# the root's END_NODE becomes NOP
dtb_row tree-extra-end-node check -d 'structure block: an unknown tag \(at offset [0-9]+\)' tag 1:1:2	# a BEGIN_NODE becomes END_NODE
dtb_row tree-end-early plan -d 'structure block: the root node is never closed \(at offset [0-9]+\)' tag 2:0:9		# FDT_END inside the tree
dtb_row tree-bad-tag apply -d 'structure block: an unknown tag \(at offset [0-9]+\)' tag 3:0:7		# tag 7 does not exist

row tree-deep-apply	# Linux unflattens at most 64 levels (drivers/of/fdt.c)
deep 100 "$W/deep.dtb"; keep "$W/deep.dtb"; sentinel "$W/out.dtb"
tool apply -p "$POL" -d "$W/deep.dtb" -o "$W/out.dtb"
rc 2; says "$W/deep.dtb" "deeper than 64"; not_written "$W/out.dtb"; same "$W/deep.dtb"
end

# Found by fuzz_apply: /chosen's device_type and compatible follow its first
# subnode, where Linux and libfdt never read them; the fixup rewrote that
# subnode (a look-alike record) and so made them appear. Refused whole.
row tree-prop-after-subnode
perl -ne 's/#.*//; s/\s+//g; print pack("H*", $_)' "$TOP/test/badinput/prop-after-subnode.hex" > "$W/pas.dtb"
keep "$W/pas.dtb"; sentinel "$W/out.dtb"
tool apply -p "$POL" -d "$W/pas.dtb" -o "$W/out.dtb"
rc 2; says "$W/pas.dtb" "a property after a subnode"; not_written "$W/out.dtb"; same "$W/pas.dtb"
end

row tree-deep-check
tool check -d "$W/deep.dtb"
rc 2; says "$W/deep.dtb" "deeper than 64|nest|depth"
end

row tree-depth-64-accepted	# the limit itself is not an error
deep 64 "$W/deep64.dtb"
tool apply -p "$POL" -d "$W/deep64.dtb" -o "$W/deep64-out.dtb"
rc 0
fdtget "$W/deep64-out.dtb" /pcie@10000000 memory-region >/dev/null 2>&1 || bad "no memory-region in the output"
tool check -d "$W/deep64-out.dtb"; rc 0
end

row tree-self-reference	# memory-region names its own node: a reference loop
keep "$W/os-self-reference.dtb"; sentinel "$W/out.dtb"
tool apply -p "$POL" -d "$W/os-self-reference.dtb" -o "$W/out.dtb"
rc 1; says /pcie@10000000 "R11: memory-region entry 0 \(phandle 0x1\) is not a /reserved-memory node"
not_written "$W/out.dtb"; same "$W/os-self-reference.dtb"
end

# --- 3. memory ----------------------------------------------------------------
# plan_row NAME RC WHAT ERE OS [POLICY [ARGS...]]: plan, text output
plan_row() {
	local name=$1 want=$2 what=$3 ere=$4 os=$5 pol=${6:-$POL}
	shift 5; [ $# -gt 0 ] && shift
	row "$name"; keep "$os"
	tool plan -p "$pol" -d "$os" "$@"
	rc "$want"; says "$what" "$ere"; same "$os"
	end
}
plan_row memory-missing 2 /memory "no available memory node with a non-empty reg" "$W/os-memory-missing.dtb"
plan_row memory-zero-size 2 /memory "no available memory node with a non-empty reg" "$W/os-memory-zero.dtb"
plan_row memory-reg-short 2 /memory@40000000 "reg is malformed for the parent's #address-cells/#size-cells" "$W/os-memory-reg-short.dtb"
plan_row memory-wraps 2 /memory@40000000 "DRAM range 0xffffffffc0000000 \+ 0x80000000 wraps past 2\^64" "$W/os-memory-wraps.dtb"
plan_row dram-option-zero 2 --dram "'0x40000000:0' is not BASE:SIZE" "$OS" "$POL" --dram 0x40000000:0
plan_row dram-option-wraps 2 --dram "wraps past 2\^64" "$OS" "$POL" --dram 0xffffffffc0000000:2G
mkdir -p "$W/a-directory"
plan_row policy-directory 2 "$W/a-directory" "not a regular file" "$OS" "$W/a-directory"
plan_row profile-directory 2 "$W/a-directory" "not a regular file" "$OS" "$POL" --profile "$W/a-directory"

# --- 4. /reserved-memory with wrong cells or reg -------------------------------
# apply_row NAME RC WHAT ERE OS [POLICY [ARGS...]]: apply fails, writes nothing
apply_row() {
	local name=$1 want=$2 what=$3 ere=$4 os=$5 pol=${6:-$POL}
	shift 5; [ $# -gt 0 ] && shift
	row "$name"; keep "$os"; sentinel "$W/out.dtb"
	tool apply -p "$pol" -d "$os" -o "$W/out.dtb" "$@"
	rc "$want"; says "$what" "$ere"; not_written "$W/out.dtb"; same "$os"
	end
}
apply_row resmem-cells-differ 1 /reserved-memory "#address-cells is different, the root has 2; Linux ignores the whole node" "$W/os-resmem-cells-differ.dtb"
# Same class as cells-differ (R5: Linux ignores the container), so the same
# code and message are expected, not one about the child's reg.
apply_row resmem-cells-missing 1 /reserved-memory "#address-cells is missing or malformed, the root has 2; Linux ignores the whole node" "$W/os-resmem-cells-missing.dtb"
apply_row resmem-no-ranges 1 /reserved-memory "no ranges property; Linux ignores the whole node" "$W/os-resmem-no-ranges.dtb"
apply_row phandle-empty 2 chosen "a phandle shorter than 4 bytes: Linux reads the bytes after it" "$W/os-phandle-empty.dtb"
apply_row chosen-pci 2 /chosen 'device_type is "pci": a PCI host bridge.s children are its functions, not the record' "$W/os-chosen-pci.dtb"
apply_row host-memory 2 /pcie@10000000 'device_type is "memory": Linux also takes the host bridge for memory' "$W/os-host-memory.dtb"
apply_row resmem-pci 1 /reserved-memory 'device_type is "pci": a PCI host bridge.s children are its functions' "$W/os-resmem-pci.dtb"
apply_row resmem-reg-short 2 /reserved-memory/fw@50000000 "reg is malformed for the parent's #address-cells/#size-cells" "$W/os-resmem-reg-short.dtb"

row resmem-check-explains	# check says what Linux does with each of them
for n in cells-differ cells-missing no-ranges reg-short; do
	tool check -d "$W/os-resmem-$n.dtb"
	rc 1
	case $n in
	reg-short) grep -qE "^error +R7 +\(item 4\) /reserved-memory/fw@50000000: reg is 20 bytes, not a multiple of 16" "$W/out" ||
		bad "check $n: no R7 finding" ;;
	*) grep -qE "^error +R5 +\(item 2\) /reserved-memory: .*Linux ignores the whole node" "$W/out" ||
		bad "check $n: no R5 finding" ;;
	esac
done
end

row apply-json-status	# a failed apply's JSON must not say ok
sentinel "$W/out.dtb"
tool apply -p "$POL" -d "$W/os-resmem-cells-differ.dtb" -o "$W/out.dtb" --format json
rc 1; not_written "$W/out.dtb"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(j.get("ok") is not False)' "$W/out" ||
	bad "apply failed (exit $RC) but its JSON says \"ok\": $(grep -o '"ok": [a-z]*' "$W/out" | head -1)"
end

row apply-out-is-in	# -o naming the input: a failed apply leaves it alone
cp "$W/os-resmem-cells-differ.dtb" "$W/inout.dtb"; keep "$W/inout.dtb"
tool apply -p "$POL" -d "$W/inout.dtb" -o "$W/inout.dtb"
rc 1; same "$W/inout.dtb"
end

# --- 5. phandles ----------------------------------------------------------------
row phandle-duplicate	# the board's region, not a pool of ours: check flags it, apply does not refuse
tool check -d "$W/os-phandle-duplicate.dtb"
rc 1
grep -q "R11.*phandle 0x10 is also used by chosen" "$W/out" || bad "check does not name the duplicate phandle"
sentinel "$W/out.dtb"
tool apply -p "$POL" -d "$W/os-phandle-duplicate.dtb" -o "$W/out.dtb"
rc 0
end
apply_row phandle-exhausted 2 "$W/os-phandle-exhausted.dtb" "phandles are exhausted" "$W/os-phandle-exhausted.dtb"

row phandle-ffffffff	# -1: libfdt and dtc refuse it, Linux resolves it like any other
keep "$W/os-phandle-ffffffff.dtb"; sentinel "$W/out.dtb"
tool apply -p "$POL" -d "$W/os-phandle-ffffffff.dtb" -o "$W/out.dtb"
rc 2; says "$W/os-phandle-ffffffff.dtb" "phandles are exhausted or malformed"
not_written "$W/out.dtb"; same "$W/os-phandle-ffffffff.dtb"
tool check -d "$W/os-phandle-ffffffff.dtb"	# a valid DTB: findings, not a refusal
[ "$RC" = 0 ] || [ "$RC" = 1 ] || bad "check: exit $RC, want 0 or 1 (stderr: $(errtext))"
grep -q "(null)" "$W/out" && bad "check names '(null)': $(grep -m1 '(null)' "$W/out")"
end

row phandle-zero	# 0 is no phandle: the host's reference resolves to nothing
tool check -d "$W/os-phandle-zero.dtb"
rc 1
grep -qE "^error +R11 +\(item 15\) /pcie@10000000: memory-region entry 0 \(phandle 0x0\) is not a /reserved-memory node" "$W/out" ||
	bad "no R11 finding on the host's memory-region"
end

plan_row phandle-policy-checker 2 pcie0/checker "phandle 0xffffffff does not name a node" "$OS" "$IN/pol-checker-ffffffff.dts"

# --- 6. host paths --------------------------------------------------------------
# fail_row NAME WHAT ERE ERROR POLICY [OS [ARGS...]]: a domain that cannot be
# placed: plan exits 1 and its JSON names the error class
fail_row() {
	local name=$1 what=$2 ere=$3 err=$4 pol=$5 os=${6:-$OS} dom=${FAIL_DOM:-pcie0}
	shift 5; [ $# -gt 0 ] && shift
	row "$name"; keep "$os"
	tool plan -p "$pol" -d "$os" --format json "$@"
	rc 1; says "$what" "$ere"; json "$dom" failed "$err"; same "$os"
	end
}
fail_row host-missing pcie0 "host /pcie@deadbeef is not in the OS device tree" "no such PCI host bridge" "$IN/pol-host-missing.dts"
fail_row host-root-port pcie0 "host /pcie@10000000/pci@1,0 is not a PCI host bridge" "no such PCI host bridge" "$IN/pol-host-root-port.dts"

row host-not-pci	# fail closed must not disable a node that is no PCI device
keep "$OS"; sentinel "$W/out.dtb"
tool apply -p "$IN/pol-host-memory.dts" -d "$OS" -o "$W/out.dtb"
rc 1; says pcie0 "host /memory@40000000 is not a PCI host bridge"; same "$OS"
if ! cmp -s "$W/out.dtb" "$W/out.dtb.orig" &&
   [ "$(fdtget "$W/out.dtb" /memory@40000000 status 2>/dev/null)" = disabled ]; then
	bad "apply wrote /memory@40000000 with status \"disabled\": Linux would find no RAM"
fi
end

plan_row host-relative 2 pcie0/host '"pcie@10000000" is not an absolute node path' "$OS" "$IN/pol-host-relative.dts"
plan_row host-empty 2 pcie0/host "must be one non-empty string" "$OS" "$IN/pol-host-empty.dts"

# --- 7. endpoint chains ------------------------------------------------------------
ep_row() { plan_row "$1" 2 pcie0/endpoints "$2" "$OS" "$IN/pol-$1.dts"; }
ep_row ep-function-8 'endpoint "01.8": hop 1 is not DD.F'
ep_row ep-not-hex 'endpoint "zz.0": hop 1 is not DD.F'
ep_row ep-empty-list "must be a list of non-empty strings"
ep_row ep-empty-hop 'endpoint "": hop 1 is not DD.F'
ep_row ep-five-hops 'endpoint "01.0/00.0/00.0/00.0/00.0" has more than 4 hops'
ep_row ep-device-20 'endpoint "20.0": hop 1 is not DD.F'
ep_row ep-trailing-slash 'endpoint "01.0/": hop 2 is not DD.F'
ep_row ep-junk "endpoint \"01.0x\": expected '/' between hops"
ep_row ep-twice 'endpoint "01.0/00.0" is listed twice'

row ep-one-digit	# "1.0" is the binding's own short form of "01.0"
tool apply -p "$IN/pol-ep-one-digit.dts" -d "$OS" -o "$W/ep1.dtb"
rc 0
fdtget "$W/ep1.dtb" /pcie@10000000/pci@1,0 memory-region >/dev/null 2>&1 ||
	bad "memory-region is not on the root port 00:01.0"
end

# --- 8. sizes ---------------------------------------------------------------------
plan_row size-zero 2 pcie0/restricted-size "must be greater than 0" "$OS" "$IN/pol-size-zero.dts"
plan_row size-huge 2 pcie0/restricted-size "0xffffffffffffffff is larger than 2\^52" "$OS" "$IN/pol-size-huge.dts"
plan_row size-one-cell 2 pcie0/restricted-size "must be a 64-bit value <hi lo> \(8 bytes\), got 4 bytes" "$OS" "$IN/pol-size-one-cell.dts"
# what a production U-Boot lets the environment change, and checker-optional
plan_row range-short 2 pcie0/restricted-size-range "must be a range <min-hi min-lo max-hi max-lo> \(16 bytes\), got 8 bytes" "$OS" "$IN/pol-range-short.dts"
plan_row range-inverted 2 pcie0/restricted-size-range "minimum 0x4000000 is above maximum 0x1000000" "$OS" "$IN/pol-range-inverted.dts"
plan_row range-zero 2 pcie0/restricted-size-range "must be greater than 0" "$OS" "$IN/pol-range-zero.dts"
plan_row placement-unaligned 2 pcie0/placement-range "0x40100000 is not 2 MiB aligned" "$OS" "$IN/pol-placement-unaligned.dts"
plan_row placement-empty 2 pcie0/placement-range "the range is empty" "$OS" "$IN/pol-placement-empty.dts"
plan_row checker-optional-value 2 pcie0/checker-optional "must be an empty \(boolean\) property, got 4 bytes" "$OS" "$IN/pol-checker-optional-value.dts"
plan_row checker-optional-checker 2 pcie0/checker-optional "the domain has a checker" "$OS" "$IN/pol-checker-optional-checker.dts"
plan_row coherent-huge 2 pcie0/coherent-size "0xffffffffffffffff is larger than 2\^52" "$OS" "$IN/pol-coherent-huge.dts"
fail_row size-over-dram pcie0 "largest DRAM range is 1024 MiB at 0x40000000, need 2052 MiB" "impossible plan" "$IN/pol-size-over-dram.dts"
fail_row size-2p52 pcie0 "largest DRAM range is 1024 MiB at 0x40000000, need 8589934592 MiB" "impossible plan" "$IN/pol-size-2p52.dts"

# --- 9. a base outside DRAM, over the kernel, above ARM32 lowmem --------------------
fail_row base-below-dram pcie0 "fixed window 0x10000000-0x12400000 \(36 MiB\) is not inside one DRAM range" "impossible plan" "$IN/pol-base-below-dram.dts"
fail_row base-past-dram-end pcie0 "fixed window 0x7f000000-0x81400000 \(36 MiB\) is not inside one DRAM range" "impossible plan" "$IN/pol-base-past-dram-end.dts"
fail_row base-wraps pcie0 "fixed base 0xffffffffffe00000 \+ 36 MiB wraps past 2\^64" "impossible plan" "$IN/pol-base-wraps.dts"
fail_row base-arm-lowmem pcie0 "fixed window end 0x72400000 is above ARM lowmem end 0x70000000" "impossible plan" "$IN/pol-base-arm-lowmem.dts"
fail_row base-memreserve pcie0 "fixed window 0x40000000-0x42400000 overlaps /memreserve/ at 0x40000000-0x40400000" "impossible plan" "$IN/pol-base-kernel.dts" "$W/os-memreserve.dtb"
fail_row limit-below-dram pcie0 "there is no DRAM below limit 0x40000000, need 36 MiB" "impossible plan" "$IN/pol-limit-below-dram.dts"
plan_row base-unaligned 2 pcie0/base "0x40100000 is not 2 MiB aligned" "$OS" "$IN/pol-base-unaligned.dts"

row base-kernel	# --avoid is the kernel's range; on-error "disable" writes the host disabled
keep "$OS"; sentinel "$W/out.dtb"
tool apply -p "$IN/pol-base-kernel.dts" -d "$OS" -o "$W/out.dtb" --avoid 0x40200000:32M
rc 1
says pcie0 "fixed window 0x40000000-0x42400000 overlaps --avoid at 0x40200000-0x42200000"
says "$W/out.dtb" 'written with the unconfinable host bridges disabled \(on-error "disable"\)'
written "$W/out.dtb"; same "$OS"
[ "$(fdtget "$W/out.dtb" /pcie@10000000 status 2>/dev/null)" = disabled ] || bad "host bridge not disabled"
fdtget "$W/out.dtb" /chosen/dmacage/pcie0 reason 2>/dev/null | grep -q "overlaps --avoid" || bad "no reason recorded"
fdtget "$W/out.dtb" /reserved-memory compatible >/dev/null 2>&1 && bad "a pool was written for a failed domain"
end

# --- 10. dma-ranges that exclude every candidate ---------------------------------------
fail_row dma-ranges-no-dram pcie0 "no DRAM is reachable by /pcie@10000000 with 32-bit DMA via dma-ranges, need 36 MiB" "impossible plan" "$POL" "$W/os-dma-ranges-no-dram.dtb"
fail_row dma-ranges-above-4g pcie0 "no DRAM is reachable by /pcie@10000000 with 32-bit DMA via dma-ranges, need 36 MiB" "impossible plan" "$POL" "$W/os-dma-ranges-above-4g.dtb"
fail_row dma-ranges-malformed pcie0 "dma-ranges of host /pcie@10000000 is malformed" "malformed device tree" "$POL" "$W/os-dma-ranges-malformed.dtb"
fail_row dma-bits-20 pcie0 "no DRAM is reachable by /pcie@10000000 with 20-bit DMA, need 36 MiB" "impossible plan" "$IN/pol-dma-bits-20.dts"
plan_row dma-bits-0 2 pcie0/dma-bits "0 is not in 1..64" "$OS" "$IN/pol-dma-bits-0.dts"

# --- 11. two domains that cannot both fit --------------------------------------------
FAIL_DOM=pcie1 fail_row two-domains pcie1 "largest free gap is 28 MiB at 0x40000000, need 36 MiB" "impossible plan" "$IN/pol-two-domains.dts" "$W/os-two-hosts.dtb" --dram 0x40000000:64M
apply_row two-domains-halt 1 "$W/out.dtb" 'not written: on-error is "halt"' "$W/os-two-hosts.dtb" "$IN/pol-two-domains-halt.dts" --dram 0x40000000:64M
plan_row two-domains-same-host 2 pcie1/host "host /pcie@10000000 is also domain pcie0's, and one of them is in host-bridge form" "$OS" "$IN/pol-same-host.dts"

# --- 12. environment overrides (U-Boot only: board/dmacage/override.c on the host) ----
# Two builds: production (OVR) and bring-up (OVR_BU, CONFIG_DMACAGE_BRINGUP).
build_ovr() {	# OUT [CFLAGS...]
	local out=$1
	shift
	cc -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined \
		"$@" -I"$S/uboot-shim" -include linux/kconfig.h -I"$TOP/include" -o "$out" "$S/override-host.c" \
		"$TOP/board/dmacage/override.c" "$TOP/lib/dmacage/err.c" \
		"$TOP/lib/dmacage/fmt.c" "$TOP/lib/dmacage/policy.c" \
		"$TOP/lib/dmacage/field.c" "$TOP/lib/dmacage/structure.c" -lfdt \
		>"$out.log" 2>&1
}
OVR=$W/override-host OVR_BU=$W/override-host-bringup
build_ovr "$OVR" || OVR=
build_ovr "$OVR_BU" -DCONFIG_DMACAGE_BRINGUP || OVR_BU=
dtc -q -I dts -O dtb -o "$W/policy.dtb" "$POL"
# env_row NAME VAR=VALUE FAIL WHAT ERE: rejected with -DMC_E_POLICY (-65),
# naming the variable; FAIL is the domain that then fails (-1: all of them)
env_row() {
	row "$1"
	if [ -z "$OVR" ]; then bad "override-host does not build: $(head -c 300 "$W/override-host.log")"; end; return; fi
	"$OVR" "$W/policy.dtb" "$2" >"$W/out" 2>"$W/err"; RC=$?
	rc 0
	grep -qx "rc=-65 (bad policy) fail=$3" "$W/out" || bad "want rc=-65 fail=$3, got: $(head -1 "$W/out")"
	grep -F -- "error: $4: " "$W/out" | grep -qE -- "$5" ||
		bad "no 'error: $4: /$5/' in: $(grep error: "$W/out")"
	end
}
env_row env-size-not-number dmacage_pcie0_restricted_size=0x 0 dmacage_pcie0_restricted_size '"0x" is not a number'
env_row env-size-overflow dmacage_pcie0_restricted_size=0x20000000000000 0 dmacage_pcie0_restricted_size "larger than 2\^52|too large"
env_row env-size-zero dmacage_pcie0_restricted_size=0 0 dmacage_pcie0_restricted_size "the restricted pool cannot be empty"
env_row env-limit-zero dmacage_pcie0_limit=0 0 dmacage_pcie0_limit "a limit of 0 leaves no room"
env_row env-enable-not-bool dmacage_pcie0_enable=yes 0 dmacage_pcie0_enable '"yes" is not 0 or 1'
env_row env-on-error dmacage_on_error=reboot -1 dmacage_on_error '"reboot" is not disable, halt or warn'
env_row env-unknown-field dmacage_pcie0_size=16M -1 dmacage_pcie0_size "unknown dmacage variable"
# The policy refuses a base that is not 2 MiB aligned (pol-base-unaligned);
# the same value from the environment must be refused too.
env_row env-base-unaligned dmacage_pcie0_base=0x40100000 0 dmacage_pcie0_base "2 MiB"

# A production build refuses every override that weakens the policy (one
# line naming the variable and why) and keeps the policy's value; a
# bring-up build applies the same override with a warning. WPOL is the
# QEMU built-in policy, which states its ranges: 16..64 MiB restricted,
# 0..8 MiB coherent, placement 0x40000000..0x80000000.
WPOL=$W/policy-ranges.dtb
dtc -q -I dts -O dtb -o "$WPOL" "$TOP/dts/uboot/qemu-pcie-host.dts" || inputfail "qemu-pcie-host.dts"
ovr_state() { grep -E '^(policy|on-error|domain) ' "$1" | grep -v '^policy=' ; grep '^policy=' "$1"; }
[ -n "$OVR" ] && "$OVR" "$WPOL" >"$W/base.out" 2>&1
# weak_row NAME VAR=VALUE WHY CHANGED: production refuses with WHY (an ERE)
# and leaves every value as without the override; bring-up applies it and
# the output then has the line CHANGED (an ERE).
weak_row() {
	row "weaken-$1"
	if [ -z "$OVR" ] || [ -z "$OVR_BU" ]; then bad "override-host does not build"; end; return; fi
	"$OVR" "$WPOL" "$2" >"$W/out" 2>&1
	grep -qx "rc=0 (success) fail=-1" "$W/out" || bad "production: $(head -c 200 "$W/out")"
	grep -E "^dmacage: refused: ${2//./\\.}: $3; a production build goes on with the policy as built$" "$W/out" >/dev/null ||
		bad "production: no refusal line saying /$3/: $(grep refused "$W/out")"
	grep -qx "applied=0 refused=1 weak=0" "$W/out" || bad "production: $(grep applied= "$W/out")"
	[ "$(ovr_state "$W/out")" = "$(ovr_state "$W/base.out")" ] ||
		bad "production changed the policy: $(ovr_state "$W/out" | tr '\n' '|')"
	"$OVR_BU" "$WPOL" "$2" >"$W/out" 2>&1
	grep -qx "rc=0 (success) fail=-1" "$W/out" || bad "bring-up: $(head -c 200 "$W/out")"
	grep -E "^dmacage: WARNING: bring-up build: ${2//./\\.} weakens the policy: $3$" "$W/out" >/dev/null ||
		bad "bring-up: no warning line: $(grep WARNING "$W/out")"
	grep -qE "$4" "$W/out" || bad "bring-up: no /$4/ in: $(ovr_state "$W/out" | tr '\n' '|')"
	grep -qx "applied-list: $2" "$W/out" || bad "bring-up: $(grep applied-list "$W/out")"
	end
}
weak_row policy dmacage_policy=0x4a000000 "it replaces the policy" "^policy=0x4a000000$"
weak_row on-error dmacage_on_error=warn 'weaker than the policy.s on-error "disable"' "^on-error=2$"
weak_row enable dmacage_pcie0_enable=0 "it switches the domain off" "enabled=0"
weak_row restricted-big dmacage_pcie0_restricted_size=128M "outside the policy's restricted-size-range 0x1000000\.\.0x4000000" "restricted=0x8000000"
weak_row restricted-small dmacage_pcie0_restricted_size=8M "outside the policy's restricted-size-range 0x1000000\.\.0x4000000" "restricted=0x800000 "
weak_row coherent-big dmacage_pcie0_coherent_size=16M "outside the policy's coherent-size-range 0x0\.\.0x800000" "coherent=0x1000000 "
weak_row base-above dmacage_pcie0_base=0x80000000 "outside the policy's placement-range 0x40000000\.\.0x80000000" "base=0x80000000 "
weak_row base-below dmacage_pcie0_base=0x20000000 "outside the policy's placement-range 0x40000000\.\.0x80000000" "base=0x20000000 "
weak_row limit-above dmacage_pcie0_limit=0x100000000 "outside the policy's placement-range 0x40000000\.\.0x80000000" "limit=0x100000000$"
weak_row limit-low dmacage_pcie0_limit=0x40000000 "outside the policy's placement-range 0x40000000\.\.0x80000000" "limit=0x40000000$"
# the ranges are the policy's: without them nothing may change (POL has none)
ovr_norange_row() {
	row "weaken-$1-no-range"
	"$OVR" "$W/policy.dtb" "$2" >"$W/out" 2>&1
	grep -qE "^dmacage: refused: ${2//./\\.}: the policy states no $3;" "$W/out" ||
		bad "no refusal for want of $3: $(grep -E 'refused|rc=' "$W/out" | tr '\n' '|')"
	end
}
ovr_norange_row restricted dmacage_pcie0_restricted_size=16M restricted-size-range
ovr_norange_row coherent dmacage_pcie0_coherent_size=0 coherent-size-range
ovr_norange_row base dmacage_pcie0_base=0x40000000 placement-range
ovr_norange_row limit dmacage_pcie0_limit=0x80000000 placement-range
# The negative control of every weak_row: a production build applies, with
# no line, what stays within the policy's word.
allow_row() {	# NAME VAR=VALUE RESULT-ERE
	row "allowed-$1"
	"$OVR" "$WPOL" "$2" >"$W/out" 2>&1
	grep -qx "applied=1 refused=0 weak=0" "$W/out" || bad "$(grep -E 'applied=|refused' "$W/out" | tr '\n' '|')"
	grep -q "^dmacage: " "$W/out" && bad "a console line: $(grep '^dmacage: ' "$W/out")"
	grep -qE "$3" "$W/out" || bad "no /$3/ in: $(ovr_state "$W/out" | tr '\n' '|')"
	end
}
allow_row on-error-halt dmacage_on_error=halt "^on-error=1$"
allow_row enable dmacage_pcie0_enable=1 "enabled=1"
allow_row restricted dmacage_pcie0_restricted_size=64M "restricted=0x4000000 "
allow_row coherent dmacage_pcie0_coherent_size=0 "coherent=0x0 "
allow_row base dmacage_pcie0_base=0x60000000 "base=0x60000000 limit=0x80000000$"
allow_row limit dmacage_pcie0_limit=0x60000000 "limit=0x60000000$"

# The judging above must have run: a successful apply judged nothing only
# if the wiring broke.
row judged-applies
[ "$njudged" -gt 0 ] || bad "no successful apply's output was judged"
end
echo "badinput: $npass passed, $nfail failed (domains judged confined: $njudged)"
[ "$nfail" -eq 0 ]
