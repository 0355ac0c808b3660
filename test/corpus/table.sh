#!/bin/bash
# The corpus outcome table in Markdown, for doc/corpus.md.
#   table.sh OUTCOMES.tsv CASES.txt DIRS
# OUTCOMES.tsv: suite.sh's one line per case; CASES.txt: its case list;
# DIRS: the unpacked packages, one directory a line.
set -eu
out=$1 cases=$2 dirs=$3
pkgs=$(while read -r d; do b=$(basename "$d"); echo "${b%%_*}"; done < "$dirs")
ver() { grep "/$1_" "$dirs" | sed 's|.*/[^_]*_\([^_]*\)_.*|\1|'; }

echo "| package | version | DTBs | with a PCIe host Linux probes | hosts | cases (host-bridge + endpoint + tree form) |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for p in $pkgs; do
	dir=$(grep "/${p}_" "$dirs")
	printf '| %s | %s | %s | %s | %s | %s (%s + %s + %s) |\n' "$p" "$(ver "$p")" \
		"$(find "$dir" -name '*.dtb' | wc -l)" \
		"$(awk -v p="$p" '$1 == p && $9 == "host" { print $3 }' "$cases" | sort -u | wc -l)" \
		"$(awk -v p="$p" '$1 == p && $9 == "host"' "$cases" | wc -l)" \
		"$(awk -v p="$p" '$1 == p' "$cases" | wc -l)" \
		"$(awk -v p="$p" '$1 == p && $9 == "host"' "$cases" | wc -l)" \
		"$(awk -v p="$p" '$1 == p && $9 == "endpoint"' "$cases" | wc -l)" \
		"$(awk -v p="$p" '$1 == p && $9 == "tree"' "$cases" | wc -l)"
done
echo
printf '| outcome | reason |'; for p in $pkgs; do printf ' %s |' "$p"; done; echo ' total |'
printf '| --- | --- |'; for p in $pkgs; do printf ' ---: |'; done; echo ' ---: |'
cut -f1,2 "$out" | sort | uniq -c | sort -k2,2 -k1,1nr | while read -r _ cls key; do
	key=${key#$'\t'}
	printf '| %s | %s |' "$cls" "$key"
	for p in $pkgs; do
		printf ' %s |' "$(awk -F'\t' -v c="$cls" -v k="$key" -v p="$p" \
			'$1 == c && $2 == k && $3 == p' "$out" | wc -l)"
	done
	printf ' %s |\n' "$(awk -F'\t' -v c="$cls" -v k="$key" '$1 == c && $2 == k' "$out" | wc -l)"
done
echo
for cls in unexplained known-bug; do
	echo "$cls ($(awk -F'\t' -v c="$cls" '$1 == c' "$out" | wc -l)):"
	echo
	awk -F'\t' -v c="$cls" '$1 == c { n++; printf "- `%s` %s (%s form): %s: %s\n", $4, $5, $6, $2, $7 }
		END { if (!n) print "(none)" }' "$out"
	echo
done
