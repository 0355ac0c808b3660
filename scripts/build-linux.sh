#!/bin/bash
# Build the Linux 6.1 test kernel for one architecture, cached under build/.
#
#   build-linux.sh arm64|arm [PATCH...]
#
# Prints the path of the kernel image (arm64: Image, arm: zImage). The cache
# key is a hash of the Debian source version, the config fragments in
# test/linux/ and any patches given, so only the first run pays; a change to
# any of them builds into a new directory:
#
#   build/linux/<key>/<arch>/Image|zImage   the kernel
#   build/linux/<key>/<arch>/config         its final .config
#   build/linux/<key>/<arch>/build-seconds  wall time of the cold build
#   build/linux/<key>/<arch>/obj/           the kbuild output tree
#
# Every "CONFIG_X=y" in the fragments must survive olddefconfig: Kconfig drops
# options whose dependencies are not met without a word, and a kernel without
# DMA_RESTRICTED_POOL would boot fine and prove nothing (rule R1).
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
JOBS=${JOBS:-2}
export TOP BUILD

arch=${1:-}; shift || true
case "$arch" in
arm64)	cross=aarch64-linux-gnu- target=Image
	image=arch/arm64/boot/Image ;;
arm)	cross=arm-linux-gnueabihf- target=zImage
	image=arch/arm/boot/zImage ;;
*)	echo "usage: build-linux.sh arm64|arm [PATCH...]" >&2; exit 2 ;;
esac
for p in "$@"; do
	[ -f "$p" ] || { echo "build-linux: patch $p: no such file" >&2; exit 2; }
done

frags=("$TOP/test/linux/common.config" "$TOP/test/linux/$arch.config")
src=$("$TOP/scripts/fetch-linux.sh")
ver=$(cat "$src/.dmacage-version")
key=$( { echo "linux-source-6.1 $ver $arch"; cat "${frags[@]}"; cat /dev/null "$@"; } |
	sha256sum | cut -c1-12)
out=$BUILD/linux/$key/$arch
if [ -f "$out/$target" ]; then
	echo "$out/$target"
	exit 0
fi

log() { echo "build-linux[$arch]: $*" >&2; }
mkdir -p "$out"
# One build per key at a time: a second caller (a test run started while
# the demo builds) waits and then finds the finished image.
exec 9> "$out/.lock"
if ! flock -n 9; then
	log "waiting for another build of $out"
	flock 9
fi
if [ -f "$out/$target" ]; then
	echo "$out/$target"
	exit 0
fi
if [ $# -gt 0 ]; then
	# Patched kernels get their own source copy. Hard links keep it cheap;
	# patch(1) writes each file it changes anew, so the pristine tree that
	# the links point to stays untouched.
	psrc=$out/src
	rm -rf "$psrc"
	cp -al "$src" "$psrc"
	for p in "$@"; do
		log "applying $(basename "$p")"
		if ! patch -s -p1 -d "$psrc" < "$p" >&2; then
			rm -rf "$psrc"
			echo "build-linux[$arch]: ERROR: $p does not apply to linux $ver" >&2
			exit 4
		fi
	done
	src=$psrc
fi

start=$(date +%s)
K=(make -s -C "$src" O="$out/obj" ARCH="$arch" CROSS_COMPILE="$cross")
log "configuring linux $ver (tinyconfig + ${frags[*]##*/})"
"${K[@]}" tinyconfig >/dev/null
(cd "$out/obj" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out/obj" \
	"$out/obj/.config" "${frags[@]}" >/dev/null)
"${K[@]}" olddefconfig >/dev/null

missing=$(sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=y$/\1/p' "${frags[@]}" | sort -u |
	while read -r opt; do grep -qx "$opt=y" "$out/obj/.config" || echo "$opt"; done)
if [ -n "$missing" ]; then
	echo "build-linux[$arch]: ERROR: Kconfig dropped options the test needs:" >&2
	echo "$missing" | sed 's/^/    /' >&2
	echo "  (see $out/obj/.config; their dependencies are not met)" >&2
	exit 3
fi

log "building $target with -j$JOBS (cold: a few minutes; output in $out/build.log)"
# A progress line every minute, so a long build is never silent.
( while sleep 60; do log "still building ($(( $(date +%s) - start )) s)"; done ) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
if ! "${K[@]}" -j"$JOBS" "$target" > "$out/build.log" 2>&1; then
	tail -n 30 "$out/build.log" >&2
	echo "build-linux[$arch]: ERROR: kernel build failed (log: $out/build.log)" >&2
	exit 1
fi
kill $ticker 2>/dev/null || true
cp "$out/obj/.config" "$out/config"
echo $(( $(date +%s) - start )) > "$out/build-seconds"
cp "$out/obj/$image" "$out/$target.tmp"
mv "$out/$target.tmp" "$out/$target"
log "done in $(cat "$out/build-seconds") s: $out/$target"
echo "$out/$target"
