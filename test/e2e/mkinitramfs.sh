#!/bin/bash
# Build the e2e test initramfs: Debian's busybox-static plus test/e2e/init.sh
# as /init, written with the kernel's own gen_init_cpio so that /dev/console
# can be in the archive without root.
#
#   mkinitramfs.sh arm64|arm OUT.cpio.gz
#   mkinitramfs.sh conf OUT.cpio.gz NAME=VALUE...   a tiny archive holding
#       /etc/dmc.conf; the kernel unpacks concatenated archives in order, so
#       "cat base conf > initrd" gives each run its own expectations.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export BUILD

mode=${1:-}; out=${2:-}
[ -n "$out" ] || { echo "usage: mkinitramfs.sh arm64|arm|conf OUT.cpio.gz [NAME=VALUE...]" >&2; exit 2; }
shift 2
mkdir -p "$(dirname "$out")"

# gen_init_cpio comes from the kernel source the test kernel is built from.
gic=$BUILD/e2e/gen_init_cpio
if [ ! -x "$gic" ]; then
	src=$("$TOP/scripts/fetch-linux.sh")
	mkdir -p "$BUILD/e2e"
	${HOSTCC:-gcc} -O2 -o "$gic" "$src/usr/gen_init_cpio.c"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case "$mode" in
arm64|arm)
	debarch=$mode
	[ "$mode" = arm ] && debarch=armhf
	deb=$("$TOP/scripts/apt-fetch.sh" download "busybox-static:$debarch" | tail -n 1)
	dpkg-deb -x "$deb" "$tmp/bb"
	cat > "$tmp/list" <<-EOF
	dir /bin 0755 0 0
	dir /sbin 0755 0 0
	dir /dev 0755 0 0
	dir /proc 0755 0 0
	dir /sys 0755 0 0
	dir /tmp 1777 0 0
	dir /etc 0755 0 0
	nod /dev/console 0600 0 0 c 5 1
	file /bin/busybox $tmp/bb/bin/busybox 0755 0 0
	slink /bin/sh busybox 0777 0 0
	file /init $TOP/test/e2e/init.sh 0755 0 0
	EOF
	;;
conf)
	for kv in "$@"; do
		case "$kv" in
		*=*) printf '%s=%q\n' "${kv%%=*}" "${kv#*=}" ;;
		*) echo "mkinitramfs: conf entry '$kv' is not NAME=VALUE" >&2; exit 2 ;;
		esac
	done > "$tmp/dmc.conf"
	printf 'dir /etc 0755 0 0\nfile /etc/dmc.conf %s 0644 0 0\n' "$tmp/dmc.conf" > "$tmp/list"
	;;
*)
	echo "mkinitramfs: unknown mode '$mode' (arm64, arm or conf)" >&2
	exit 2
	;;
esac
"$gic" "$tmp/list" | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
