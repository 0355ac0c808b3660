#!/bin/sh
# The kernel patch as a patch: it applies to the exact source the
# test kernels are built from, and it is in posting shape (checkpatch).
#
# The QEMU runs that prove what the patch does (stock -12 asserted, patched
# rings in the coherent pool, no regression on arm64 and coherent ARM32) are
# cases of test/e2e/suite.sh; they are not repeated here. This suite is cheap:
# it needs the unpacked source (scripts/fetch-linux.sh) and perl, no build.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
skip() { echo "SKIP: $1"; }

patches=$(ls "$TOP"/patches/linux/*.patch 2>/dev/null)
if [ -z "$patches" ]; then
	fail "noncoherent: no patch in patches/linux/"
	exit 0
fi

if ! src=$("$TOP/scripts/fetch-linux.sh" 2>/dev/null) || [ ! -d "$src" ]; then
	skip "noncoherent: linux-source-6.1 not available (scripts/fetch-linux.sh failed)"
	exit 0
fi
ver=$(cat "$src/.dmacage-version" 2>/dev/null)

for p in $patches; do
	n=$(basename "$p")
	# The pristine tree: a dry run writes nothing, so others' builds are safe.
	if out=$(patch -p1 --dry-run -d "$src" < "$p" 2>&1); then
		pass "noncoherent: $n applies to linux-source $ver"
	else
		fail "noncoherent: $n does not apply to linux-source $ver: $(echo "$out" | tail -1)"
	fi

	if ! command -v perl >/dev/null; then
		skip "noncoherent: $n checkpatch: no perl"
		continue
	fi
	# --no-signoff: the project keeps the patch without a Signed-off-by;
	# the poster adds their own.
	out=$(cd "$src" && perl scripts/checkpatch.pl --no-tree --no-signoff "$p" 2>&1)
	sum=$(echo "$out" | grep -E '^total: ')
	case "$sum" in
	"total: 0 errors, 0 warnings,"*)
		pass "noncoherent: $n checkpatch clean ($sum)" ;;
	*)
		fail "noncoherent: $n checkpatch: ${sum:-no summary}"
		echo "$out" | grep -E '^(ERROR|WARNING|CHECK):' | sed 's/^/  /' ;;
	esac
done
