#!/bin/bash
# Fetch Debian's linux-source-6.1 and unpack it once under build/linux/src/.
#
#   fetch-linux.sh          prints the unpacked source directory
#
# The tree is keyed by the package version (e.g. 6.1.192-2), so a newer
# Debian upload gives a new directory and the old build cache stays valid for
# the old one. The version is also written to <dir>/.dmacage-version, which
# mk/linux.mk hashes into the build key.
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
export BUILD

deb=$("$TOP/scripts/apt-fetch.sh" download linux-source-6.1:all | tail -n 1)
[ -f "$deb" ] || { echo "fetch-linux: no linux-source-6.1 .deb ($deb)" >&2; exit 2; }
ver=$(dpkg-deb -f "$deb" Version)
dest=$BUILD/linux/src/$ver
if [ -f "$dest/.dmacage-version" ]; then
	echo "$dest"
	exit 0
fi

echo "fetch-linux: unpacking linux-source-6.1 $ver (about 10 s)" >&2
tmp=$(mktemp -d "$BUILD/linux/src/.unpack.XXXXXX" 2>/dev/null ||
	{ mkdir -p "$BUILD/linux/src"; mktemp -d "$BUILD/linux/src/.unpack.XXXXXX"; })
trap 'rm -rf "$tmp"' EXIT
# The .deb carries the tree as one tarball: stream it out instead of writing
# a second 130 MB copy to disk.
dpkg-deb --fsys-tarfile "$deb" |
	tar -xO ./usr/src/linux-source-6.1.tar.xz |
	tar -xJ -C "$tmp"
[ -f "$tmp/linux-source-6.1/Makefile" ] ||
	{ echo "fetch-linux: $deb has no linux-source-6.1/Makefile" >&2; exit 2; }
echo "$ver" > "$tmp/linux-source-6.1/.dmacage-version"
# A half-unpacked tree must never look complete: move it into place only now.
rm -rf "$dest"
mv "$tmp/linux-source-6.1" "$dest"
echo "$dest"
