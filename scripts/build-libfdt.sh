#!/bin/bash
# libfdt for the fuzz builds, compiled with the fuzz harnesses' own clang
# flags: ASan, UBSan and coverage, so that an over-read inside libfdt is
# reported where it happens and libfdt's branches guide the fuzzer.
#
# The source is the libfdt in Debian's u-boot source (scripts/dtc/libfdt of
# the 2023.01 base): the copy dmacage runs on in firmware. Debian's
# device-tree-compiler source, which libfdt-dev is built from, cannot be
# fetched from the archive (its 1.6.1 and 1.7.2 tarballs are gone).
#
#   build-libfdt.sh        prints the directory holding libfdt.a and headers
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
SRC=$BUILD/u-boot-src/scripts/dtc
OUT=$BUILD/fuzz/libfdt-san
CC=${FUZZ_CC:-clang}
CFLAGS="-O1 -g -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
if [ ! -f "$OUT/libfdt.a" ]; then
	[ -d "$SRC/libfdt" ] || "$TOP/scripts/apt-fetch.sh" source u-boot "$BUILD/u-boot-src" >/dev/null
	rm -rf "$OUT.tmp"
	mkdir -p "$OUT.tmp"
	for f in "$SRC"/libfdt/fdt*.c; do
		$CC $CFLAGS -I"$SRC/libfdt" -c -o "$OUT.tmp/$(basename "${f%.c}").o" "$f"
	done
	ar rcs "$OUT.tmp/libfdt.a" "$OUT.tmp"/*.o
	cp "$SRC"/libfdt/{fdt.h,libfdt.h,libfdt_env.h} "$OUT.tmp/"
	rm -rf "$OUT"
	mv "$OUT.tmp" "$OUT"
fi
echo "$OUT"
