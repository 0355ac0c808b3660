#!/bin/bash
# Build QEMU with the TZC-400 model: Debian's qemu source package (the
# version of the installed qemu-system-arm) plus patches/qemu/*.patch, only
# the aarch64-softmmu target (it runs the ARM32 guests too, -cpu
# cortex-a15), only the virt machine and the devices the tests use
# (configs/devices/aarch64-softmmu/dmacage.mak, added by the patches), no
# docs, no tools, and -O1: -O2 makes the TCG front end and helpers the
# costliest compile of a cold test run, while the tests' guests spend their
# time waiting on timers and throttled I/O, not in those helpers (figures
# in doc/bench.md).
#
#   build-qemu.sh        prints the path of the qemu-system-aarch64 built
#
# The result is cached in build/qemu/<key>/, keyed by the source version,
# the patches and this script. The pristine source stays in build/qemu-src;
# the patched tree and the build directory are removed after a build.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
JOBS=${JOBS:-2}
export BUILD
SRC=$BUILD/qemu-src

mkdir -p "$BUILD/qemu"
exec 9> "$BUILD/qemu/.lock"
flock 9
[ -d "$SRC" ] || "$TOP/scripts/apt-fetch.sh" source qemu "$SRC" >/dev/null
ver=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Version)
key=$({ echo "$ver"; cat "$0" "$TOP"/patches/qemu/*.patch; } | cksum | cut -d' ' -f1)
out=$BUILD/qemu/$key
bin=$out/qemu-system-aarch64
if [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

echo "build-qemu: building qemu $ver with patches/qemu (log: $out.log; about 4 minutes on 2 cores)" >&2
rm -rf "$out.tree" "$out.build" "$out"
cp -a "$SRC" "$out.tree"
for p in "$TOP"/patches/qemu/*.patch; do
	patch -d "$out.tree" -p1 -s --no-backup-if-mismatch < "$p" ||
		{ echo "build-qemu: $p does not apply to qemu $ver" >&2; exit 2; }
done
mkdir -p "$out.build"
start=$(date +%s)
if ! (cd "$out.build" &&
      ../"$key.tree"/configure --target-list=aarch64-softmmu \
		--without-default-features --without-default-devices \
		--with-devices-aarch64=dmacage --enable-fdt=system \
		--disable-docs --disable-debug-info --disable-werror \
		--extra-cflags=-O1 &&
      ninja -j"$JOBS" qemu-system-aarch64) > "$out.log" 2>&1; then
	tail -n 30 "$out.log" >&2
	echo "build-qemu: build failed (log: $out.log)" >&2
	exit 1
fi
mkdir -p "$out.tmp"
cp "$out.build/qemu-system-aarch64" "$out.tmp/"
echo "$ver" > "$out.tmp/version"
echo "build-qemu: built in $(( $(date +%s) - start )) s" | tee -a "$out.log" >&2
mv "$out.tmp" "$out"
rm -rf "$out.tree" "$out.build"
echo "$bin"
