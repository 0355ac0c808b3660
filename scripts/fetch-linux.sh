#!/bin/bash
# Fetch Debian's linux-source-<line> and unpack it once under build/linux/src/.
#
#   fetch-linux.sh [LINE]   prints the unpacked source directory
#
# LINE is a kernel line Debian ships a linux-source package for: 6.1 (the
# default: Debian 12), 6.12 (Debian 13, trixie) or 7.3 (trixie-backports).
# The tree is keyed by the package version (e.g. 6.1.192-2), so a newer
# Debian upload gives a new directory and the old build cache stays valid for
# the old one. The version is also written to <dir>/.dmacage-version, which
# scripts/build-linux.sh hashes into the build key.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export BUILD

line=${1:-6.1}
case $line in
6.1)	suite=bookworm ;;
6.12)	suite=trixie ;;
7.3)	suite=trixie-backports ;;
*)	echo "fetch-linux: no Debian suite known for linux $line" >&2; exit 2 ;;
esac
deb=$(APT_SUITE=$suite "$TOP/scripts/apt-fetch.sh" download "linux-source-$line:all" | tail -n 1)
[ -f "$deb" ] || { echo "fetch-linux: no linux-source-$line .deb ($deb)" >&2; exit 2; }
ver=$(dpkg-deb -f "$deb" Version)
dest=$BUILD/linux/src/$ver
if [ -f "$dest/.dmacage-version" ]; then
	echo "$dest"
	exit 0
fi

echo "fetch-linux: unpacking linux-source-$line $ver (about 10 s)" >&2
tmp=$(mktemp -d "$BUILD/linux/src/.unpack.XXXXXX" 2>/dev/null ||
	{ mkdir -p "$BUILD/linux/src"; mktemp -d "$BUILD/linux/src/.unpack.XXXXXX"; })
trap 'rm -rf "$tmp"' EXIT
# The .deb carries the tree as one tarball: stream it out instead of writing
# a second 130 MB copy to disk.
dpkg-deb --fsys-tarfile "$deb" |
	tar -xO ./usr/src/linux-source-$line.tar.xz |
	tar -xJ -C "$tmp"
[ -f "$tmp/linux-source-$line/Makefile" ] ||
	{ echo "fetch-linux: $deb has no linux-source-$line/Makefile" >&2; exit 2; }
echo "$ver" > "$tmp/linux-source-$line/.dmacage-version"
# A half-unpacked tree must never look complete: move it into place only now.
rm -rf "$dest"
mv "$tmp/linux-source-$line" "$dest"
echo "$dest"
