#!/bin/bash
# Prepare the U-Boot tree that mk/uboot.mk builds: Debian's u-boot source
# of the base UBOOT names kept pristine, a working copy with our files
# symlinked in and the base's integration patches applied.
#
#   fetch-uboot.sh          (re)create the working tree if the patches or
#                           this script changed; prints the tree path
#
#   UBOOT      suite  pristine source           working copy             patches, defconfigs
#   2023.01    bookworm build/u-boot-src        build/uboot/src          patches/uboot/*.patch, configs/
#   2025.01    sid    build/u-boot-src-2025.01  build/uboot-2025.01/src  patches/uboot/2025.01/, configs/2025.01/
#
# A suite serves one version at a time: a source that is not the base asked
# for is refused, never built.
#
# The working copy is thrown away and recreated whenever the integration
# patch changes, so a half-applied patch can never linger. Our own files are
# symlinks, so editing them needs no re-run: kbuild sees the new mtimes.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export BUILD
UBOOT=${UBOOT:-2023.01}
case $UBOOT in
2023.01) suite=bookworm sfx= ;;
2025.01) suite=sid sfx=-$UBOOT ;;
*) echo "fetch-uboot: UBOOT=$UBOOT: not a supported U-Boot base (2023.01 2025.01)" >&2; exit 2 ;;
esac
PRISTINE=$BUILD/u-boot-src$sfx
TREE=$BUILD/uboot$sfx/src
PATCHES=$TOP/patches/uboot${sfx:+/$UBOOT}
CONFIGS=configs${sfx:+/$UBOOT}

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
configs/qemu_arm_dmacage_defconfig	$CONFIGS/qemu_arm_dmacage_defconfig
configs/qemu_arm64_dmacage_defconfig	$CONFIGS/qemu_arm64_dmacage_defconfig
configs/qemu_arm_dmacage_secure_defconfig	$CONFIGS/qemu_arm_dmacage_secure_defconfig
configs/qemu_arm64_dmacage_secure_defconfig	$CONFIGS/qemu_arm64_dmacage_secure_defconfig
"

[ -d "$PRISTINE" ] ||
	APT_SUITE=$suite "$TOP/scripts/apt-fetch.sh" source u-boot "$PRISTINE.new" >/dev/null
if [ -d "$PRISTINE.new" ]; then
	got=$(awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} END{print v "." p}' "$PRISTINE.new/Makefile")
	if [ "$got" != "$UBOOT" ]; then
		echo "fetch-uboot: Debian $suite now serves U-Boot $got, not $UBOOT: base $UBOOT cannot be fetched" >&2
		rm -rf "$PRISTINE.new"
		exit 2
	fi
	mv "$PRISTINE.new" "$PRISTINE"
fi
[ -f "$PRISTINE/Makefile" ] || { echo "fetch-uboot: $PRISTINE is not a U-Boot tree" >&2; exit 2; }

key=$(cat "$0" "$PATCHES"/*.patch | cksum | cut -d' ' -f1)
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
	for p in "$PATCHES"/*.patch; do
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
			[ -L "$TREE/$dst/${f##*/}" ] && continue
			# A file in place of the link is a test's edited copy
			# that was never put back (test/uboot/suite.sh, the
			# broken ports): never build with it.
			[ -e "$TREE/$dst/${f##*/}" ] &&
				echo "fetch-uboot: $TREE/$dst/${f##*/} is not our file: linking ours again" >&2
			ln -sf "$f" "$TREE/$dst/${f##*/}"
		done
	elif [ ! -L "$TREE/$dst" ]; then
		ln -s "$TOP/$src" "$TREE/$dst"
	fi
done
echo "$TREE"
