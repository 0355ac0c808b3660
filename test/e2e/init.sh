#!/bin/sh
# dmacage end-to-end test program: /init of the test initramfs (busybox sh).
#
# Proves from inside Linux that the PCIe device under test does its DMA only
# inside the window it was given. The expectations come from /etc/dmc.conf,
# which the host appends to the initramfs per run (so the program works the
# same behind U-Boot and with a direct kernel boot):
#   DMC_DEV   PCI device under test (0000:01:00.0)
#   DMC_POOL  reserved-memory node name of its pool (pcie0-restricted@50400000)
#   DMC_BASE  window base, hex;  DMC_SIZE  window size, hex
#   DMC_MD5   md5 of the whole disk /dev/vda
#   DMC_SAMPLE  0 = do not sample the mappings during the read (self-test)
#
# Output, one line each, for the host side (test/e2e/run.sh) to judge:
#   DMC-CHECK: <name> PASS|FAIL|INCONCLUSIVE <detail>
#   DMC-FACT: <key> <value...>      raw observations, re-checked on the host
#   DMC-LOG: <kernel line>          the dmesg lines the log check looked at
# and "DMC-E2E: done" last, then power off.

PATH=/bin:/sbin
export PATH
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
# Keep kernel messages from splitting our lines on the shared console; the
# kernel log is read from dmesg instead.
echo 1 > /proc/sys/kernel/printk

DBG=/sys/kernel/debug
DMC_DEV=0000:01:00.0
[ -f /etc/dmc.conf ] && . /etc/dmc.conf

check() { echo "DMC-CHECK: $*"; }
fact() { echo "DMC-FACT: $*"; }

# Lowercase hex without 0x and leading zeros, so that %pa's zero-padded
# 0x0000000050400000 and a plain 0x50400000 compare equal.
normhex() {
	echo "$1" | sed 's/^0[xX]//; s/^0*//; s/^$/0/' | tr 'A-F' 'a-f'
}

if [ -z "$DMC_POOL" ] || [ -z "$DMC_BASE" ] || [ -z "$DMC_SIZE" ]; then
	check config FAIL "/etc/dmc.conf missing or incomplete"
	echo "DMC-E2E: done"
	poweroff -f
fi
fact window "$DMC_BASE $DMC_SIZE $DMC_POOL"

# The DT Linux really got (rules item 37): our pool node is present.
dtnode=/sys/firmware/devicetree/base/reserved-memory/$DMC_POOL
if [ -d "$dtnode" ]; then
	fact dt-pool-reg "$(hexdump -v -e '4/1 "%02x" " "' "$dtnode/reg")"
	fact dt-pool-compatible "$(cat "$dtnode/compatible")"
else
	fact dt-pool-reg none
fi
of=$(readlink "/sys/bus/pci/devices/$DMC_DEV/of_node" 2>/dev/null)
fact dev-of-node "${of#*/devicetree/base}"

# Wait for the disk; a failed probe (ARM32 non-coherent case) leaves none.
i=0
while [ ! -b /dev/vda ] && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
drv=$(readlink "/sys/bus/pci/devices/$DMC_DEV/driver" 2>/dev/null)
fact dev-driver "${drv##*/}"
dmesg > /tmp/dmesg
probe_err=$(sed -n 's/.*probe of virtio[0-9]* failed with error \(-[0-9]*\).*/\1/p' /tmp/dmesg | head -n 1)
fact probe-error "${probe_err:-none}"
if [ -b /dev/vda ]; then
	check probe PASS "/dev/vda present"
else
	check probe FAIL "no /dev/vda (virtio_blk probe error ${probe_err:-none})"
fi

# --- Traffic: read the whole disk while sampling the live DMA mappings. ---
# Streaming mappings exist only while a request is in flight; the host
# throttles the disk so that requests stay in flight long enough to be seen.
pooldbg=""
for d in "$DBG/$DMC_POOL" "$DBG/swiotlb/$DMC_POOL"; do
	[ -f "$d/io_tlb_nslabs" ] && pooldbg=$d && break
done
dump=$DBG/dma-api/dump
: > /tmp/samples
maxused=0
samples=0
# DMC_SAMPLE=0 looks only before and after the read, when nothing but the
# ring is mapped: the window check must then say INCONCLUSIVE, not PASS.
if [ -b /dev/vda ]; then
	cat "$dump" >> /tmp/samples 2>/dev/null
	md5sum /dev/vda > /tmp/md5.out &
	reader=$!
	while [ "${DMC_SAMPLE:-1}" = 1 ] && kill -0 $reader 2>/dev/null; do
		cat "$dump" >> /tmp/samples 2>/dev/null
		if [ -n "$pooldbg" ]; then
			u=$(cat "$pooldbg/io_tlb_used" 2>/dev/null)
			u=${u:-0}
			[ "$u" -gt "$maxused" ] && maxused=$u
		fi
		samples=$((samples + 1))
	done
	wait
	cat "$dump" >> /tmp/samples 2>/dev/null
	md5=$(cut -d' ' -f1 /tmp/md5.out)
	fact disk-md5 "$md5"
	if [ "$md5" = "$DMC_MD5" ]; then
		check disk-hash PASS "md5 $md5 over the whole disk"
	else
		check disk-hash FAIL "md5 $md5, expected $DMC_MD5"
	fi
else
	check disk-hash FAIL "no disk to read"
fi
fact dump-samples "$samples"

# --- Check 2: the log lines that prove attachment (rules R14, R41, 4.35). ---
logok=1
why=""
base_n=$(normhex "$DMC_BASE")
created=$(grep 'created restricted DMA pool at' /tmp/dmesg | while read -r l; do
	a=$(echo "$l" | sed -n 's/.*created restricted DMA pool at \(0x[0-9a-fA-F]*\).*/\1/p')
	[ "$(normhex "$a")" = "$base_n" ] && echo "$l"
done)
if [ -n "$created" ]; then echo "DMC-LOG: $created"
else logok=0; why="$why; no 'created restricted DMA pool at $DMC_BASE'"; fi
for pat in "initialized node $DMC_POOL, compatible id restricted-dma-pool" \
	   "$DMC_DEV: assigned reserved memory node $DMC_POOL"; do
	l=$(grep -F "$pat" /tmp/dmesg | head -n 1)
	if [ -n "$l" ]; then echo "DMC-LOG: $l"
	else logok=0; why="$why; missing '$pat'"; fi
done
# Every assignment, ours or not, for the record (the wrong-pool control).
grep -F 'assigned reserved memory node' /tmp/dmesg | grep -vF "$DMC_DEV: assigned reserved memory node $DMC_POOL" |
	sed 's/^/DMC-LOG: /'
for bad in 'failed to initialise "restricted-dma-pool"' 'compatible matching fail' \
	   'unsupported node format' 'OVERLAP DETECTED' \
	   'must be accessible within the linear mapping' \
	   'coherent DMA allocations not supported' 'swiotlb addr' \
	   'swiotlb buffer is full'; do
	l=$(grep -F "$bad" /tmp/dmesg | head -n 1)
	[ -n "$l" ] && { echo "DMC-LOG: $l"; logok=0; why="$why; found '$bad'"; }
done
if [ $logok = 1 ]; then check log-lines PASS "pool created and assigned to $DMC_DEV"
else check log-lines FAIL "${why#; }"; fi

# --- Check 3: swiotlb accounting of our pool (R40, 4.36). ---
want_slabs=$(( DMC_SIZE / 2048 ))
if [ -z "$pooldbg" ]; then
	check swiotlb FAIL "no debugfs directory for $DMC_POOL (pool never attached)"
else
	slabs=$(cat "$pooldbg/io_tlb_nslabs")
	fact swiotlb "$pooldbg nslabs=$slabs max_used=$maxused"
	if [ "$slabs" != "$want_slabs" ]; then
		check swiotlb FAIL "io_tlb_nslabs $slabs, expected $want_slabs (size/2 KiB)"
	elif [ "$maxused" -le 0 ]; then
		check swiotlb FAIL "io_tlb_used stayed 0 during the disk read"
	else
		check swiotlb PASS "io_tlb_nslabs $slabs, up to $maxused slots in use"
	fi
fi

# --- Check 4: every DMA address the device held lies in the window. ---
# dump lines: "<dev> <drv> <type> idx N P=<phys> N=<pfn> D=<dma> L=<len> ...".
# D is the address the device uses (the bounce slot); P is the CPU buffer.
grep "^$DMC_DEV " /tmp/samples | sort -u > /tmp/mine
awk -v base="$DMC_BASE" -v size="$DMC_SIZE" '
function hex(s,   i, c, v) {
	s = tolower(s); sub(/^0x/, "", s); v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1))
		if (c == 0) return -1
		v = v * 16 + c - 1
	}
	return v
}
BEGIN { lo = hex(base); hi = lo + hex(size) }
{
	d = ""; l = ""
	for (i = 1; i <= NF; i++) {
		if ($i ~ /^D=/) d = substr($i, 3)
		if ($i ~ /^L=/) l = substr($i, 3)
	}
	if (d == "" || l == "") next
	a = hex(d); e = a + hex(l)
	key = $3 " " d " " l
	if (seen[key]++) next
	if ($3 == "coherent") nc++; else ns++
	if (min == "" || a < min) min = a
	if (max == "" || e > max) max = e
	if (a < lo || e > hi) {
		bad++
		if (bad <= 5) printf "DMC-FACT: outside %s D=%s L=%s\n", $3, d, l
	}
}
END {
	printf "DMC-FACT: dma n_stream=%d n_coherent=%d min=0x%x end=0x%x\n", ns, nc, min, max
	if (bad > 0)
		printf "DMC-CHECK: dma-window FAIL %d of %d mappings outside [0x%x, 0x%x)\n", bad, ns + nc, lo, hi
	else if (ns == 0)
		printf "DMC-CHECK: dma-window INCONCLUSIVE no streaming mapping seen (only %d coherent, the ring)\n", nc
	else
		printf "DMC-CHECK: dma-window PASS %d streaming and %d coherent mappings inside [0x%x, 0x%x)\n", ns, nc, lo, hi
}' /tmp/mine

echo "DMC-E2E: done"
poweroff -f
