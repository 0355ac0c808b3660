#!/bin/bash
# fuzz_tree against the core of an earlier commit, to show what the tree
# harness finds there. The default, 4c34f3e, is the core before the
# read/plan/apply split; fuzz_tree.c's FT_OLD_API speaks its calls.
#
#   old-code.sh replay         each fuzz/seeds/fuzz_tree/CLASS-COMMIT.hex,
#                              with FT_ONLY=CLASS: one line per seed, "found"
#                              when the old core fails it; exit 1 if any
#                              seed passes there
#   old-code.sh hunt SECS CLASS...
#                              fuzz each class (FT_ONLY) from an empty
#                              corpus for at most SECS seconds; prints the
#                              seconds to the first finding and its reason
#
# OLD_COMMIT=<commit> picks another commit. Needs the git history: exits 3
# when the commit is not in the clone (a shallow one).
set -uo pipefail
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
C=${OLD_COMMIT:-4c34f3e}
W=$BUILD/fuzz/old-$C
BIN=$W/fuzz_tree
if ! git -C "$TOP" cat-file -e "$C^{commit}" 2>/dev/null; then
	echo "old-code: commit $C is not in this clone's history" >&2
	exit 3
fi
LIBFDT=$("$TOP/scripts/build-libfdt.sh") || exit 2
if [ ! -x "$BIN" ] || [ "$TOP/fuzz/fuzz_tree.c" -nt "$BIN" ] ||
   [ "$TOP/fuzz/gen_tree.h" -nt "$BIN" ] || [ "$TOP/fuzz/oracle.h" -nt "$BIN" ] ||
   [ "$TOP/test/unit/linuxmodel.h" -nt "$BIN" ]; then
	rm -rf "$W"
	mkdir -p "$W"
	git -C "$TOP" archive "$C" include lib | tar -x -C "$W" || exit 2
	${FUZZ_CC:-clang} -std=gnu11 -O1 -g -w -DFT_OLD_API -I"$LIBFDT" \
		-I"$W/include" -I"$TOP/test/unit" \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o "$BIN" "$TOP/fuzz/fuzz_tree.c" "$W"/lib/dmacage/*.c \
		"$LIBFDT/libfdt.a" || exit 2
fi
# reason LOG: the first thing the harness or the Linux model said
reason() {
	grep -m1 -E '^  linux model:|^fuzz_tree:|ERROR' "$1" | sed 's/^ *//'
}
case ${1:-} in
replay)
	rc=0
	for hex in "$TOP"/fuzz/seeds/fuzz_tree/*-"$C".hex; do
		cls=$(basename "$hex" "-$C.hex")
		perl -ne 's/#.*//; s/\s+//g; print pack("H*", $_)' "$hex" > "$W/$cls.in"
		if FT_ONLY=$cls "$BIN" "$W/$cls.in" > "$W/$cls.log" 2>&1; then
			echo "missed: $cls: the core at $C passes this seed"
			rc=1
		else
			echo "found: $cls: $(reason "$W/$cls.log")"
		fi
	done
	exit $rc ;;
hunt)
	secs=$2
	shift 2
	for cls in "$@"; do
		rm -rf "$W/hunt-$cls"
		mkdir -p "$W/hunt-$cls"
		start=$(date +%s)
		FT_ONLY=$cls "$BIN" -max_total_time="$secs" -max_len=1024 \
			-artifact_prefix="$W/hunt-$cls/" "$W/hunt-$cls" \
			> "$W/hunt-$cls.log" 2>&1
		t=$(( $(date +%s) - start ))
		if ls "$W/hunt-$cls"/crash-* >/dev/null 2>&1; then
			echo "$cls: found in $t s: $(reason "$W/hunt-$cls.log")"
		else
			echo "$cls: nothing in $t s ($(grep -o 'Done [0-9]* runs' "$W/hunt-$cls.log"))"
		fi
	done ;;
*)
	sed -n '2,17s/^# \{0,1\}//p' "$0"
	exit 2 ;;
esac
