#!/bin/sh
# dmacage end-to-end test program: /init of the test initramfs (busybox sh).
#
# Proves from inside Linux that the PCIe device under test does its DMA only
# inside its window. Expectations come from /etc/dmc.conf, which the host
# adds to the initramfs per run:
#   DMC_DEV        PCI device under test (default 0000:01:00.0)
#   DMC_MD5        md5 of the whole disk /dev/vda
#   DMC_POOL       reserved-memory node name of the device's restricted pool
#   DMC_POOL_BASE  and its base and size (hex). Left empty behind U-Boot,
#   DMC_POOL_SIZE  which places the pool at boot: the pool is then the one
#                  the device's memory-region leads to, found as Linux does.
#   DMC_WIN_BASE   the window every DMA address must lie in (the checker
#   DMC_WIN_SIZE   window); defaults to the pool. The rings the device reads
#                  may also lie in a no-map shared-dma-pool of the device's
#                  memory-region list (the companion coherent pool).
#   DMC_SAMPLE     0 = do not sample the mappings during the read (self-test)
#   DMC_REBIND     1 = at the end, unbind and bind the driver, read again
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

# awk's numbers are doubles: exact for addresses below 2^53, enough here.
AWK_HEX='
function hex(s,   i, c, v) {
	s = tolower(s); sub(/^0x/, "", s); v = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1))
		if (c == 0) return -1
		v = v * 16 + c - 1
	}
	return v
}'

# Lowercase hex without 0x and leading zeros, so that %pa's zero-padded
# 0x0000000050400000 and a plain 0x50400000 compare equal.
normhex() {
	echo "$1" | sed 's/^0[xX]//; s/^0*//; s/^$/0/' | tr 'A-F' 'a-f'
}

DT=/sys/firmware/devicetree/base
# The device in sysfs, and the host bridge's platform device above its root
# bus (.../4010000000.pcie/pci0000:00/0000:00:01.0/0000:01:00.0).
DEVDIR=$(readlink -f "/sys/bus/pci/devices/$DMC_DEV")
HOSTDIR=$(echo "$DEVDIR" | sed 's|/pci[0-9a-f]*:[0-9a-f]*/.*||')

# Big-endian cells of a DT property, one 8-digit hex word per line.
cells() { hexdump -v -e '4/1 "%02x" "\n"' "$1"; }

# The pool of compatible $1 that Linux attaches to $DMC_DEV (rules R16,
# R24): the first available one in the memory-region of the device's own
# node or, if that node has none, of the host bridge's node. A
# shared-dma-pool counts only with no-map (the companion pool).
# Prints "name base size node-with-memory-region", or nothing.
dt_pool() {
	local mr="" ph n
	[ -f "$DEVDIR/of_node/memory-region" ] && mr=$DEVDIR/of_node/memory-region
	[ -z "$mr" ] && [ -f "$HOSTDIR/of_node/memory-region" ] && mr=$HOSTDIR/of_node/memory-region
	[ -n "$mr" ] || return 0
	for ph in $(cells "$mr"); do
		for n in "$DT"/reserved-memory/*; do
			[ "$(cells "$n/phandle" 2>/dev/null)" = "$ph" ] ||
				[ "$(cells "$n/linux,phandle" 2>/dev/null)" = "$ph" ] || continue
			tr '\0' '\n' < "$n/compatible" | grep -qx "$1" || continue
			[ "$1" = shared-dma-pool ] && [ ! -f "$n/no-map" ] && continue
			[ -f "$n/status" ] && ! tr -d '\0' < "$n/status" | grep -qxE 'okay|ok' && continue
			set -- $(cells "$n/reg")
			# #address-cells = #size-cells = 2 (QEMU virt) or 1
			[ $# = 4 ] && set -- "$1$2" "$3$4"
			echo "${n##*/} 0x$1 0x$2 $(readlink -f "${mr%/*}" | sed 's|.*/devicetree/base||')"
			return 0
		done
	done
}

# What dmacage recorded (/chosen/dmacage, one line per domain), what Linux
# made of the host bridge, and which drivers bound: a domain dmacage
# disabled must not look like a broken driver.
[ -d "$DT/chosen/dmacage" ] || fact record none
for d in "$DT"/chosen/dmacage/*/; do
	[ -f "$d/state" ] || continue
	h=$(tr -d '\0' < "$d/host" 2>/dev/null)
	hs=$(tr -d '\0' < "$DT$h/status" 2>/dev/null)
	fact record "$(basename "$d") state=$(tr -d '\0' < "$d/state") host=$h host-status=${hs:-okay}"
	[ -f "$d/reason" ] && fact record-reason "$(basename "$d") $(tr -d '\0' < "$d/reason")"
done
for b in /sys/bus/pci/devices/*; do
	[ -e "$b" ] || continue
	dr=$(readlink "$b/driver" 2>/dev/null)
	fact pci-driver "${b##*/} ${dr##*/}"
done

# Whether Linux sees the host bridge as cache-coherent (rule R32).
if [ -e "$HOSTDIR/of_node/dma-coherent" ]; then fact host-dma-coherent yes
else fact host-dma-coherent no; fi

found=$(dt_pool restricted-dma-pool)
fact dt-device-pool "${found:-none}"
companion=$(dt_pool shared-dma-pool)
fact dt-device-companion "${companion:-none}"
set -- $companion
COH_BASE=${2:-0} COH_SIZE=${3:-0}
if [ -z "$DMC_POOL" ] && [ -n "$found" ]; then
	set -- $found
	DMC_POOL=$1 DMC_POOL_BASE=$2 DMC_POOL_SIZE=$3
fi
DMC_WIN_BASE=${DMC_WIN_BASE:-$DMC_POOL_BASE}
DMC_WIN_SIZE=${DMC_WIN_SIZE:-$DMC_POOL_SIZE}
# No pool at all (dmacage off): the pool checks below cannot pass, and with
# no window from the host either the window check has nothing to hold the
# device to (inconclusive).
DMC_POOL=${DMC_POOL:-none} DMC_POOL_BASE=${DMC_POOL_BASE:-0} DMC_POOL_SIZE=${DMC_POOL_SIZE:-0}
DMC_WIN_BASE=${DMC_WIN_BASE:-0} DMC_WIN_SIZE=${DMC_WIN_SIZE:-0}
fact pool "$DMC_POOL $DMC_POOL_BASE $DMC_POOL_SIZE"
fact window "$DMC_WIN_BASE $DMC_WIN_SIZE"

# The DT Linux really got (rules item 37): our pool node is present.
dtnode=$DT/reserved-memory/$DMC_POOL
if [ -f "$dtnode/reg" ]; then
	fact dt-pool-reg "$(cells "$dtnode/reg" | tr '\n' ' ')"
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
# 6.1: "virtio_blk: probe of virtio0 failed with error -12";
# 6.12 on: "virtio_blk virtio0: probe with driver virtio_blk failed with error -12".
probe_err=$(sed -n -e 's/.*probe of virtio[0-9]* failed with error \(-[0-9]*\).*/\1/p' \
	-e 's/.* virtio[0-9]*: probe with driver [^ ]* failed with error \(-[0-9]*\).*/\1/p' \
	/tmp/dmesg | head -n 1)
fact probe-error "${probe_err:-none}"
# R32 on ARM32: 6.1 fails coherent allocations silently, 6.12 on say so once.
if grep -qF 'coherent DMA allocations not supported on this platform' /tmp/dmesg; then
	fact coherent-unsupported-line yes
else
	fact coherent-unsupported-line no
fi
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
reads=0

# Run "$@" in the background and sample the mappings until it ends.
# DMC_SAMPLE=0 looks only before and after, when nothing but the ring is
# mapped: the window check must then say INCONCLUSIVE, not PASS.
read_sampled() {
	local pid u
	cat "$dump" >> /tmp/samples 2>/dev/null
	"$@" &
	pid=$!
	while [ "${DMC_SAMPLE:-1}" = 1 ] && kill -0 $pid 2>/dev/null; do
		cat "$dump" >> /tmp/samples 2>/dev/null
		if [ -n "$pooldbg" ]; then
			u=$(cat "$pooldbg/io_tlb_used" 2>/dev/null)
			u=${u:-0}
			[ "$u" -gt "$maxused" ] && maxused=$u
		fi
		samples=$((samples + 1))
	done
	wait $pid
	cat "$dump" >> /tmp/samples 2>/dev/null
	reads=$((reads + 1))
}
# The device's lines of the samples. 6.1 prints "<dev> <drv> <type> idx N
# P=<phys> N=<pfn> D=<dma> L=<len> ...", 6.12 on "<drv> <dev> <type> idx N
# P=<0x phys> D=<dma> L=<len> cln=...": the device is the first or the
# second field, the type the third in both.
dump_of_dev() { awk -v dev="$DMC_DEV" '$1 == dev || $2 == dev' /tmp/samples; }
streaming_seen() {
	dump_of_dev | grep -vq ' coherent '
}
md5_of_disk() { md5sum /dev/vda > /tmp/md5.out; }
# Direct I/O, 64 KiB a request, one in flight at a time: a buffered read
# becomes as few requests as the block layer likes (7.3 reads the whole
# disk in a handful), while this puts 256 in front of the device, each
# mapped for as long as the throttle holds it.
reread_disk() { dd if=/dev/vda of=/dev/null bs=64k iflag=direct 2>/dev/null; }

if [ -b /dev/vda ]; then
	read_sampled md5_of_disk
	md5=$(cut -d' ' -f1 /tmp/md5.out)
	fact disk-md5 "$md5"
	if [ "$md5" = "$DMC_MD5" ]; then
		check disk-hash PASS "md5 $md5 over the whole disk"
	else
		check disk-hash FAIL "md5 $md5, expected $DMC_MD5"
	fi
	# Sampling can miss every request on a busy host (the mappings, or the
	# pool's io_tlb_used, which is read a moment later), or find too few
	# requests to catch; read again, past the page cache, rather than call
	# a run inconclusive too early.
	while [ "${DMC_SAMPLE:-1}" = 1 ] && [ $reads -lt 10 ] &&
	      { ! streaming_seen || { [ -n "$pooldbg" ] && [ "$maxused" -le 0 ]; }; }; do
		echo 3 > /proc/sys/vm/drop_caches
		read_sampled reread_disk
	done
else
	check disk-hash FAIL "no disk to read"
fi
fact dump-samples "$samples in $reads reads"

# --- Check 2: the log lines that prove attachment (rules R14, R41, 4.35). ---
logok=1
why=""
base_n=$(normhex "$DMC_POOL_BASE")
created=$(grep 'created restricted DMA pool at' /tmp/dmesg | while read -r l; do
	a=$(echo "$l" | sed -n 's/.*created restricted DMA pool at \(0x[0-9a-fA-F]*\).*/\1/p')
	[ "$(normhex "$a")" = "$base_n" ] && echo "$l"
done)
if [ -n "$created" ]; then echo "DMC-LOG: $created"
else logok=0; why="$why; no 'created restricted DMA pool at $DMC_POOL_BASE'"; fi
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
# A companion coherent pool, when there is one.
grep -E 'created DMA memory pool|compatible id shared-dma-pool' /tmp/dmesg | sed 's/^/DMC-LOG: /'
# dma-debug switches itself off on some errors; then the dump sees nothing.
dmesg | grep -F 'DMA-API' | sed 's/^/DMC-LOG: /'
if [ $logok = 1 ]; then check log-lines PASS "pool created and assigned to $DMC_DEV"
else check log-lines FAIL "${why#; }"; fi

# --- Check 3: swiotlb accounting of our pool (R40, 4.36). ---
want_slabs=$(( DMC_POOL_SIZE / 2048 ))
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
# Lines of either format (dump_of_dev).
# D is the address the device uses (the bounce slot); P is the CPU buffer.
dump_of_dev | sort -u > /tmp/mine
awk -v base="$DMC_WIN_BASE" -v size="$DMC_WIN_SIZE" "$AWK_HEX"'
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
	if (hi == lo)
		printf "DMC-CHECK: dma-window INCONCLUSIVE no window to hold the device to\n"
	else if (bad > 0)
		printf "DMC-CHECK: dma-window FAIL %d of %d mappings outside [0x%x, 0x%x)\n", bad, ns + nc, lo, hi
	else if (ns == 0)
		printf "DMC-CHECK: dma-window INCONCLUSIVE no streaming mapping seen (only %d coherent, the ring)\n", nc
	else
		printf "DMC-CHECK: dma-window PASS %d streaming and %d coherent mappings inside [0x%x, 0x%x)\n", ns, nc, lo, hi
}' /tmp/mine

# --- The rings, as the device sees them (its virtio registers). ---
# Coherent allocations from a per-device pool never reach the dma-api dump;
# the addresses the device will fetch its rings from are in its registers.
# $1: check name, $2: output of virtio-rings. A companion coherent pool in
# the device's memory-region list is a legitimate home for them too.
ring_check() {
	awk -v name="$1" -v base="$DMC_WIN_BASE" -v size="$DMC_WIN_SIZE" \
	    -v cbase="$COH_BASE" -v csize="$COH_SIZE" "$AWK_HEX"'
	BEGIN {
		lo = hex(base); hi = lo + hex(size); clo = hex(cbase); chi = clo + hex(csize)
		if (chi > clo) also = sprintf(" or the companion [0x%x, 0x%x)", clo, chi)
	}
	/^RING / {
		for (i = 3; i <= NF; i++) {
			if ($i !~ /=0x[0-9a-f]+\+0x/) continue
			split($i, kv, "="); split(kv[2], ab, "+")
			a = hex(ab[1]); e = a + hex(ab[2]); n++
			if ((a < lo || e > hi) && (a < clo || e > chi)) { bad++; what = what " " $2 "/" $i }
		}
	}
	END {
		if (n == 0)
			printf "DMC-CHECK: %s FAIL no ring registers read\n", name
		else if (bad > 0)
			printf "DMC-CHECK: %s FAIL %d of %d ring areas outside [0x%x, 0x%x)%s:%s\n", name, bad, n, lo, hi, also, what
		else
			printf "DMC-CHECK: %s PASS %d ring areas inside [0x%x, 0x%x)%s\n", name, n, lo, hi, also
	}' "$2"
}
if [ -x /bin/virtio-rings ] && [ -b /dev/vda ]; then
	/bin/virtio-rings "$DMC_DEV" > /tmp/rings 2>&1
	sed 's/^/DMC-FACT: ring /' /tmp/rings
	ring_check ring-window /tmp/rings
fi

# --- DMC_REBIND=1: unbind and bind the driver, then read the disk again. ---
# The pools must be released at unbind and attached again at the next probe
# (patches/linux/ does both through devres): no warning, the same pools.
if [ "${DMC_REBIND:-0}" = 1 ] && [ -b /dev/vda ]; then
	drvdir=/sys/bus/pci/drivers/virtio-pci
	echo "$DMC_DEV" > $drvdir/unbind
	i=0
	while [ -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	gone=$([ -b /dev/vda ] && echo no || echo yes)
	dmesg -c > /dev/null
	echo "$DMC_DEV" > $drvdir/bind
	i=0
	while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	dmesg > /tmp/dmesg2
	sed 's/^/DMC-LOG: rebind: /' /tmp/dmesg2 | grep -E 'reserved memory|failed|DMA pool'
	md5=$(md5sum /dev/vda 2>/dev/null | cut -d' ' -f1)
	/bin/virtio-rings "$DMC_DEV" > /tmp/rings2 2>&1
	fact rebind-ring "$(cat /tmp/rings2)"
	ring_check rebind-ring-window /tmp/rings2
	if [ "$gone" != yes ]; then
		check rebind FAIL "/dev/vda stayed after unbind"
	elif [ "$md5" != "$DMC_MD5" ]; then
		check rebind FAIL "disk md5 after rebind ${md5:-none}, expected $DMC_MD5"
	elif grep -qE 'failed to initialise|DMA pools stay attached' /tmp/dmesg2; then
		check rebind FAIL "$(grep -E 'failed to initialise|DMA pools stay attached' /tmp/dmesg2 | head -n 1)"
	else
		check rebind PASS "unbound, bound again, disk reads back, pools attached without warning"
	fi
fi

echo "DMC-E2E: done"
poweroff -f
