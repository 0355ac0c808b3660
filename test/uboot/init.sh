#!/bin/sh
# /init of the U-Boot suite's initramfs: print what Linux received from
# U-Boot, as lines the suite parses on the host, then power off.
#   KLOG: <kernel log line about reserved memory or DMA pools>
#   DT: <path>/<property> = <hex bytes>
#   PCI: <bdf> of_node=<DT path or ->
#   FDT: <16 bytes in hex>, in order: the flat tree U-Boot handed over, as
#        the kernel kept it (/sys/firmware/fdt), or "FDT: none"
# An optional /extra-init (added with mkinitramfs.sh -f) runs before the
# power-off.
PATH=/bin:/sbin
busybox --install -s /bin 2>/dev/null
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "INIT: start $(uname -r) $(uname -m)"
dmesg | grep -iE 'reserved mem|dma pool|restricted|dmacage' | sed 's/^/KLOG: /'
dt=/proc/device-tree
for f in $(find $dt/reserved-memory $dt/chosen $dt/pcie@* -type f 2>/dev/null | sort); do
	printf 'DT: %s = %s\n' "${f#$dt}" "$(od -An -v -tx1 "$f" | tr -d ' \n')"
done
for d in /sys/bus/pci/devices/*; do
	[ -e "$d" ] || continue
	n=$(readlink -f "$d/of_node" 2>/dev/null)
	echo "PCI: ${d##*/} of_node=${n#/sys/firmware/devicetree/base}"
done
[ -x /extra-init ] && /extra-init
# Last, with the console quiet, so that no kernel line splits the dump.
dmesg -n 1 2>/dev/null
if [ -r /sys/firmware/fdt ]; then
	od -An -v -tx1 /sys/firmware/fdt | tr -d ' ' | sed 's/^/FDT: /'
else
	echo "FDT: none"
fi
echo "INIT: done"
poweroff -f
