#!/bin/bash
# The kernel-doc of the public headers stays true to the code and free of
# warnings: U-Boot's copy of the kernel's scripts/kernel-doc (-none: only
# the warnings) over include/dmacage/*.h. Every parameter, struct member and
# enum value of a "/**" block must be described; a note that is not
# kernel-doc opens with "/*".
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$TOP/build}
OUT=$BUILD/test/docs
mkdir -p "$OUT"
KDOC=$BUILD/uboot/src/scripts/kernel-doc

# U-Boot's source tree (scripts/fetch-uboot.sh): cheap when it exists.
make -s -C "$TOP" uboot-tree >"$OUT/uboot-tree.log" 2>&1 || {
	echo "FAIL: kernel-doc: make uboot-tree failed (log: $OUT/uboot-tree.log)"
	tail -n 20 "$OUT/uboot-tree.log" | sed 's/^/  /'
	exit 1; }
if [ ! -f "$KDOC" ]; then
	echo "FAIL: kernel-doc: $KDOC not found after make uboot-tree"
	exit 1
fi
if ! command -v perl >/dev/null 2>&1; then
	echo "FAIL: kernel-doc: perl not found"
	exit 1
fi

# Relative paths in the warnings; the environment must not turn on
# verbose mode (more warnings) or -Werror (another exit status).
cd "$TOP" || exit 1
env -u KBUILD_VERBOSE -u KDOC_WERROR -u KCFLAGS \
	perl "$KDOC" -none include/dmacage/*.h \
	>"$OUT/kernel-doc.out" 2>"$OUT/kernel-doc.log"
rc=$?
# Every line kernel-doc prints with -none is a warning (or an error).
n=$(grep -c . "$OUT/kernel-doc.log")
if [ "$n" -gt 0 ]; then
	echo "FAIL: kernel-doc: $n warnings"
	grep . "$OUT/kernel-doc.log" | head -n 20 | sed 's/^/  /'
elif [ "$rc" != 0 ]; then
	echo "FAIL: kernel-doc: exited with status $rc and no warning"
else
	echo "PASS: kernel-doc: include/dmacage/*.h: no warnings"
fi
exit 0
