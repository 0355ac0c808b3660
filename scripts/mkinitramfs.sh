#!/bin/bash
# Build a tiny initramfs (gzipped newc cpio) from Debian's busybox-static,
# without root: the archive is written by a small script, so /dev/console
# can be a real character device in it.
#
#   mkinitramfs.sh -a ARCH -o OUT.cpio.gz [-i INIT] [-f SRC:DEST]...
#
#   -a ARCH      arm (busybox-static:armhf) or arm64
#   -o OUT       output file (.cpio.gz)
#   -i INIT      script to install as /init (default: test/uboot/init.sh,
#                which prints /proc/device-tree facts and powers off)
#   -f SRC:DEST  add file SRC at DEST in the archive (mode kept); repeatable
#
# Layout: /bin/busybox plus /bin/sh, /sbin/init... as symlinks to it, /proc,
# /sys, /dev with /dev/console (5,1) and /dev/null (1,3), /tmp, /init.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export BUILD
arch="" out="" init=$TOP/test/uboot/init.sh extra=()
while getopts "a:o:i:f:" opt; do
	case $opt in
	a) arch=$OPTARG ;;
	o) out=$OPTARG ;;
	i) init=$OPTARG ;;
	f) extra+=("$OPTARG") ;;
	*) exit 2 ;;
	esac
done
case "$arch" in
arm) debarch=armhf ;;
arm64) debarch=arm64 ;;
*) echo "mkinitramfs: -a must be arm or arm64, not '$arch'" >&2; exit 2 ;;
esac
[ -n "$out" ] || { echo "mkinitramfs: -o OUT is required" >&2; exit 2; }
[ -f "$init" ] || { echo "mkinitramfs: init script $init not found" >&2; exit 2; }
for e in "${extra[@]+"${extra[@]}"}"; do
	case "$e" in
	*:/*) [ -f "${e%%:*}" ] || { echo "mkinitramfs: $e: no such file ${e%%:*}" >&2; exit 2; } ;;
	*) echo "mkinitramfs: -f $e: expected SRC:/DEST" >&2; exit 2 ;;
	esac
done

bb=$BUILD/initramfs/busybox-$debarch
if [ ! -x "$bb" ]; then
	deb=$("$TOP/scripts/apt-fetch.sh" download "busybox-static:$debarch" | tail -n 1)
	tmp=$(mktemp -d)
	dpkg-deb -x "$deb" "$tmp"
	mkdir -p "$(dirname "$bb")"
	# callers run in parallel: the binary appears whole or not at all
	cp "$tmp/bin/busybox" "$bb.tmp.$$"
	mv "$bb.tmp.$$" "$bb"
	rm -rf "$tmp"
fi

mkdir -p "$(dirname "$out")"
python3 - "$out" "$bb" "$init" "${extra[@]+"${extra[@]}"}" <<'PY'
import gzip, os, stat, sys

out, busybox, init, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
ino = [1000]

def entry(name, mode, data=b"", rdev=(0, 0)):
	# newc header: magic then 13 fields of 8 hex digits; name and data are
	# padded to 4 bytes.
	ino[0] += 1
	name_b = name.encode() + b"\0"
	fields = [ino[0], mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
		  len(name_b), 0]
	hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
	rec = hdr + name_b
	rec += b"\0" * (-len(rec) % 4)
	rec += data + b"\0" * (-len(data) % 4)
	return rec

arc = []
made = {"bin", "sbin", "usr", "usr/bin", "usr/sbin", "proc", "sys", "dev",
	"tmp", "etc", "root"}
for d in sorted(made):
	arc.append(entry(d, stat.S_IFDIR | 0o755))
arc.append(entry("dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1)))
arc.append(entry("dev/null", stat.S_IFCHR | 0o666, rdev=(1, 3)))
arc.append(entry("bin/busybox", stat.S_IFREG | 0o755, open(busybox, "rb").read()))
for l in ("bin/sh", "sbin/init", "bin/mount", "sbin/poweroff"):
	arc.append(entry(l, stat.S_IFLNK | 0o777, b"/bin/busybox"))
arc.append(entry("init", stat.S_IFREG | 0o755, open(init, "rb").read()))
for e in extra:
	src, dest = e.split(":", 1)
	dest = dest.lstrip("/")
	parts = dest.split("/")[:-1]
	for i in range(1, len(parts) + 1):
		d = "/".join(parts[:i])
		if d not in made:
			made.add(d)
			arc.append(entry(d, stat.S_IFDIR | 0o755))
	m = os.stat(src).st_mode
	arc.append(entry(dest, stat.S_IFREG | (m & 0o777), open(src, "rb").read()))
arc.append(entry("TRAILER!!!", 0))
tmp = out + ".tmp"
with open(tmp, "wb") as raw, \
     gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as f:
	f.write(b"".join(arc))
os.replace(tmp, out)
PY
