#!/bin/sh
# /init of the hostile-device initramfs (busybox sh): read the virtio-blk
# disk, let /bin/edu-attack attack through QEMU's edu device, read the disk
# again. Lines for test/hostile/run.sh:
#   HOSTILE-FACT: ... / HOSTILE-ATTACK: ... / HOSTILE-ERROR: ...
#   HOSTILE-CHECK: disk-before|disk-after PASS|FAIL <detail>
#   HOSTILE-LOG: <kernel line>
# and "HOSTILE: done" last. /etc/hostile.conf sets HOSTILE_MD5, the md5 of
# the whole disk.
PATH=/bin:/sbin
export PATH
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo 1 > /proc/sys/kernel/printk
[ -f /etc/hostile.conf ] && . /etc/hostile.conf

i=0
while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

disk() {
	if [ ! -b /dev/vda ]; then
		echo "HOSTILE-CHECK: $1 FAIL no /dev/vda"
		return
	fi
	echo 3 > /proc/sys/vm/drop_caches
	m=$(md5sum /dev/vda | cut -d' ' -f1)
	if [ "$m" = "$HOSTILE_MD5" ]; then
		echo "HOSTILE-CHECK: $1 PASS md5 $m over the whole disk"
	else
		echo "HOSTILE-CHECK: $1 FAIL md5 $m, expected $HOSTILE_MD5"
	fi
}

# Which device Linux bounces through which pool (none for edu: no driver).
dmesg | grep -E 'restricted DMA pool|assigned reserved memory node' |
	sed 's/^/HOSTILE-LOG: /'
for d in /sys/bus/pci/devices/*; do
	echo "HOSTILE-FACT: pci ${d##*/} $(cat "$d/vendor"):$(cat "$d/device") driver=$(basename "$(readlink "$d/driver" 2>/dev/null)" 2>/dev/null)"
done

disk disk-before
/bin/edu-attack
echo "HOSTILE-FACT: edu-attack-exit $?"
disk disk-after
dmesg | grep -iE 'external abort|unhandled|bus error|SIGBUS' | head -n 5 |
	sed 's/^/HOSTILE-LOG: /'
echo "HOSTILE: done"
poweroff -f
