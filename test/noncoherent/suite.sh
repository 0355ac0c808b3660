#!/bin/sh
# The kernel patches as patches: each line's patch in patches/linux/<line>/
# applies to that line's Debian source (the exact source the test kernels of
# that line are built from) without fuzz, and each is in posting shape (that
# tree's checkpatch). Without fuzz, because a patch that needs it was made
# for another tree: the 6.1 patch goes into 6.12 only with fuzz 2.
#
# The QEMU runs that prove what the patch does (stock -12 asserted, patched
# rings in the coherent pool, no regression on arm64 and coherent ARM32) are
# cases of test/e2e/suite.sh, on each line; they are not repeated here.
# This suite needs the unpacked sources (scripts/fetch-linux.sh LINE) and
# perl, no build.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
skip() { echo "SKIP: $1"; }

lines=$(cd "$TOP/patches/linux" && ls -d */ 2>/dev/null | tr -d /)
[ -n "$lines" ] || { fail "noncoherent: no kernel line in patches/linux/"; exit 0; }
for line in $lines; do
	patches=$(ls "$TOP/patches/linux/$line"/*.patch 2>/dev/null)
	if [ -z "$patches" ]; then
		fail "noncoherent: no patch in patches/linux/$line/"
		continue
	fi

	if ! src=$("$TOP/scripts/fetch-linux.sh" "$line" 2>/dev/null) || [ ! -d "$src" ]; then
		fail "noncoherent: linux-source-$line not available (scripts/fetch-linux.sh $line failed)"
		continue
	fi
	ver=$(cat "$src/.dmacage-version" 2>/dev/null)

	for p in $patches; do
		n=$line/$(basename "$p")
		# The pristine tree: a dry run writes nothing, so others' builds are safe.
		if out=$(patch -p1 -F0 --dry-run -d "$src" < "$p" 2>&1); then
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
		out=$(cd "$src" && perl scripts/checkpatch.pl --strict --no-tree --no-signoff "$p" 2>&1)
		sum=$(echo "$out" | grep -E '^total: ')
		case "$sum" in
		"total: 0 errors, 0 warnings, 0 checks,"*)
			pass "noncoherent: $n checkpatch clean ($sum)" ;;
		*)
			fail "noncoherent: $n checkpatch: ${sum:-no summary}"
			echo "$out" | grep -E '^(ERROR|WARNING|CHECK):' | sed 's/^/  /' ;;
		esac
	done

	# Negative control: the other lines' patches must not apply here, or
	# "applies" above would prove nothing about this line.
	for other in $lines; do
		[ "$other" = "$line" ] && continue
		for p in "$TOP/patches/linux/$other"/*.patch; do
			n=$other/$(basename "$p")
			if patch -p1 -F0 --dry-run -d "$src" < "$p" >/dev/null 2>&1; then
				fail "noncoherent: $n applies to linux-source $ver too: the lines are not told apart"
			else
				pass "noncoherent: $n does not apply to linux-source $ver (negative control)"
			fi
		done
	done
done
