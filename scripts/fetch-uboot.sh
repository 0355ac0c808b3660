#!/bin/bash
# Prepare the U-Boot tree that mk/uboot.mk builds: Debian's u-boot source
# (2023.01) kept pristine under build/u-boot-src, a working copy under
# build/uboot/src with our files symlinked in and patches/uboot/*.patch
# applied.
#
#   fetch-uboot.sh          (re)create the working tree if the patches or
#                           this script changed; prints the tree path
#
# The working copy is thrown away and recreated whenever the integration
# patch changes, so a half-applied patch can never linger. Our own files are
# symlinks, so editing them needs no re-run: kbuild sees the new mtimes.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export BUILD
PRISTINE=$BUILD/u-boot-src
TREE=$BUILD/uboot/src

# Our files, as "path in U-Boot <- path in dmacage". A directory becomes a
# real directory of per-file symlinks, refreshed on every run: U-Boot's
# check-config.sh finds Kconfig files with a find that does not follow
# directory symlinks, and new files of ours must appear without a re-patch.
LINKS="
lib/dmacage			lib/dmacage
drivers/memchk			drivers/memchk
include/dmacage			include/dmacage
board/dmacage			board/dmacage
cmd/dmacage.c			cmd/dmacage.c
dts/uboot			dts/uboot
test/dm/memchk.c		test/sandbox/memchk.c
configs/qemu_arm_dmacage_defconfig	configs/qemu_arm_dmacage_defconfig
configs/qemu_arm64_dmacage_defconfig	configs/qemu_arm64_dmacage_defconfig
configs/qemu_arm_dmacage_secure_defconfig	configs/qemu_arm_dmacage_secure_defconfig
configs/qemu_arm64_dmacage_secure_defconfig	configs/qemu_arm64_dmacage_secure_defconfig
"

[ -d "$PRISTINE" ] || "$TOP/scripts/apt-fetch.sh" source u-boot "$PRISTINE" >/dev/null
[ -f "$PRISTINE/Makefile" ] || { echo "fetch-uboot: $PRISTINE is not a U-Boot tree" >&2; exit 2; }

key=$(cat "$0" "$TOP"/patches/uboot/*.patch | cksum | cut -d' ' -f1)
if [ "$(cat "$TREE/.dmacage-key" 2>/dev/null)" != "$key" ]; then
	echo "fetch-uboot: preparing $TREE" >&2
	rm -rf "$TREE.tmp"
	mkdir -p "$(dirname "$TREE")"
	# Its contents, not the directory: a build/u-boot-src that is a
	# symlink to a shared cache would otherwise be copied as the link,
	# and the patches below would land in the shared tree.
	mkdir -p "$TREE.tmp"
	cp -a "$PRISTINE/." "$TREE.tmp/"
	echo "$LINKS" | while read -r dst _; do
		[ -z "$dst" ] || rm -rf "${TREE:?}.tmp/$dst"
	done
	for p in "$TOP"/patches/uboot/*.patch; do
		patch -d "$TREE.tmp" -p1 -s --no-backup-if-mismatch < "$p" ||
			{ echo "fetch-uboot: $p does not apply" >&2; exit 2; }
	done
	echo "$key" > "$TREE.tmp/.dmacage-key"
	rm -rf "$TREE"
	mv "$TREE.tmp" "$TREE"
fi

# Link our files in; drop links whose file is gone.
echo "$LINKS" | while read -r dst src; do
	[ -n "$dst" ] || continue
	if [ -d "$TOP/$src" ]; then
		mkdir -p "$TREE/$dst"
		find "$TREE/$dst" -maxdepth 1 -type l ! -exec test -e {} \; -delete
		for f in "$TOP/$src"/*; do
			[ -f "$f" ] || continue
			[ -L "$TREE/$dst/${f##*/}" ] || ln -s "$f" "$TREE/$dst/${f##*/}"
		done
	elif [ ! -L "$TREE/$dst" ]; then
		ln -s "$TOP/$src" "$TREE/$dst"
	fi
done
echo "$TREE"
