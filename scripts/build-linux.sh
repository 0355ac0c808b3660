#!/bin/bash
# Build a Linux test kernel for one architecture, cached under build/.
#
#   [LINUX=LINE] build-linux.sh arm64|arm [PATCH...]
#
# LINE is the Debian kernel line (scripts/fetch-linux.sh): 6.1 (the
# default), 6.12 or 7.3.
#
# Prints the path of the kernel image (arm64: Image, arm: zImage). The cache
# key is a hash of the kernel line, the Debian source version, the config
# fragments in test/linux/ and any patches given, so only the first run pays;
# a change to any of them builds into a new directory (so each line has its
# own):
#
#   build/linux/<key>/<arch>/Image|zImage   the kernel
#   build/linux/<key>/<arch>/config         its final .config
#   build/linux/<key>/<arch>/build-seconds  wall time of its build
#
# A patched kernel is built incrementally on top of the stock one of the same
# arch and fragments: both share one source copy and one kbuild tree under
# the stock key (src/, obj/). The patches are applied to the copy, the tree
# rebuilds what they touched, and they are reverted again, so the copy is
# pristine between builds. patch(1) writes every file it changes anew, which
# breaks the hard links to the fetched source and gives the file a new mtime,
# so kbuild recompiles it both ways. A patch that does not apply changes
# nothing.
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

line=${LINUX:-6.1}
frags=("$TOP/test/linux/common.config" "$TOP/test/linux/$arch.config")
src=$("$TOP/scripts/fetch-linux.sh" "$line")
ver=$(cat "$src/.dmacage-version")
keyof() { { echo "linux-source-$line $ver $arch"; cat "${frags[@]}"; cat /dev/null "$@"; } |
	sha256sum | cut -c1-12; }
key=$(keyof "$@")
out=$BUILD/linux/$key/$arch
if [ -f "$out/$target" ]; then
	echo "$out/$target"
	exit 0
fi

log() { echo "build-linux[$arch]: $*" >&2; }
tree=$BUILD/linux/$(keyof)/$arch
mkdir -p "$tree" "$out"
# One build per source copy at a time: a second caller (a test run started
# while the demo builds, or the patched kernel wanted while the stock one
# builds) waits and then finds the finished image.
exec 9> "$tree/.lock"
if ! flock -n 9; then
	log "waiting for another build in $tree"
	flock 9
fi
if [ -f "$out/$target" ]; then
	echo "$out/$target"
	exit 0
fi

# No fuzz: a patch made for another line must not slip in (patches/linux/).
P=(patch -s -p1 -F0 --no-backup-if-mismatch -d "$tree/src")
# $1: apply|revert. The list of applied patches is kept in the copy, so that
# a build interrupted between apply and revert is put right by the next one.
applied=$tree/applied
revert_all() {
	local i
	[ -d "$applied" ] || return 0
	for i in $(ls -r "$applied"); do
		"${P[@]}" -R < "$applied/$i" >&2 ||
			{ log "ERROR: cannot revert $i in $tree/src; remove $tree to rebuild"; exit 1; }
		rm "$applied/$i"
	done
	rmdir "$applied"
}

if [ ! -d "$tree/src" ]; then
	log "hard-linking a source copy into $tree/src"
	cp -al "$src" "$tree/src.tmp"
	mv "$tree/src.tmp" "$tree/src"
fi
revert_all

K=(make -s -C "$tree/src" O="$tree/obj" ARCH="$arch" CROSS_COMPILE="$cross")
# $1: output directory, $2: what is built (for the log)
build() {
	local start ticker
	start=$(date +%s)
	log "building $2 with -j$JOBS (output in $1/build.log)"
	# A progress line every minute, so a long build is never silent.
	( while sleep 60; do log "still building ($(( $(date +%s) - start )) s)"; done ) &
	ticker=$!
	if ! "${K[@]}" -j"$JOBS" "$target" > "$1/build.log" 2>&1; then
		kill $ticker 2>/dev/null || true
		tail -n 30 "$1/build.log" >&2
		log "ERROR: kernel build failed (log: $1/build.log)"
		return 1
	fi
	kill $ticker 2>/dev/null || true
	cp "$tree/obj/.config" "$1/config"
	echo $(( $(date +%s) - start )) > "$1/build-seconds"
	cp "$tree/obj/$image" "$1/$target.tmp"
	mv "$1/$target.tmp" "$1/$target"
	log "done in $(cat "$1/build-seconds") s: $1/$target"
}

if [ ! -f "$tree/$target" ]; then
	log "configuring linux $ver (tinyconfig + ${frags[*]##*/})"
	"${K[@]}" tinyconfig >/dev/null
	(cd "$tree/obj" && "$tree/src/scripts/kconfig/merge_config.sh" -m -O "$tree/obj" \
		"$tree/obj/.config" "${frags[@]}" >/dev/null)
	"${K[@]}" olddefconfig >/dev/null

	missing=$(sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=y$/\1/p' "${frags[@]}" | sort -u |
		while read -r opt; do grep -qx "$opt=y" "$tree/obj/.config" || echo "$opt"; done)
	if [ -n "$missing" ]; then
		log "ERROR: Kconfig dropped options the test needs:"
		echo "$missing" | sed 's/^/    /' >&2
		echo "  (see $tree/obj/.config; their dependencies are not met)" >&2
		exit 3
	fi
	build "$tree" "the stock $target (cold: a few minutes)" || exit 1
fi

if [ $# -gt 0 ]; then
	mkdir -p "$applied"
	n=0
	for p in "$@"; do
		n=$((n + 1))
		if ! "${P[@]}" --dry-run < "$p" >&2; then
			revert_all
			log "ERROR: $p does not apply to linux $ver"
			exit 4
		fi
		log "applying $(basename "$p")"
		cp "$p" "$applied/$(printf %02d "$n")"
		"${P[@]}" < "$p" >&2
	done
	rc=0
	build "$out" "the patched $target on the stock tree" || rc=1
	revert_all
	[ $rc = 0 ] || exit 1
fi
echo "$out/$target"
