#!/bin/bash
# Fetch Debian source and binary packages with a private apt state under
# build/apt, so that nothing system-wide changes and no root is needed.
#
#   apt-fetch.sh source PKG DIR      unpack PKG's Debian source into DIR
#   apt-fetch.sh download PKG...     .deb files into build/apt/debs, prints paths
#   apt-fetch.sh resolve META:ARCH   the versioned package a meta-package depends on
#
# The mirror is the machine's own (read from its apt sources at run time), with
# the main and security suites of Debian 12. APT_SUITE=<suite> (trixie,
# trixie-backports, sid, ...) takes that suite of the same mirror instead,
# with its own state under build/apt/suite-<suite>. A suite whose index names
# a source package whose .dsc is missing from the archive gets the same
# upstream version from the first of APT_SUITE_FALLBACK that has it.
set -euo pipefail
BUILD=${BUILD:-$(cd "$(dirname "$0")/.." && pwd)/build}
SUITE=${APT_SUITE:-bookworm}
FALLBACK=${APT_SUITE_FALLBACK:-sid forky trixie bookworm}
case $SUITE in
''|*[!a-z0-9-]*) echo "apt-fetch: APT_SUITE '$SUITE' is not a suite name" >&2; exit 2 ;;
esac
W=$BUILD/apt
[ "$SUITE" = bookworm ] || W=$BUILD/apt/suite-$SUITE
mkdir -p "$W/sources.list.d" "$W/lists/partial" "$W/cache/archives/partial" "$W/debs"

mirror_uri() {	# $1: suite to look for (bookworm or bookworm-security)
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		uri=$(awk -v s="$1" 'BEGIN{RS=""} $0 ~ ("Suites:[^\n]*[ ]" s "([ \n]|$)") {
			for (i = 1; i <= NF; i++) if ($i == "URIs:") { print $(i+1); exit } }' "$f")
		[ -n "$uri" ] && { echo "$uri"; return; }
	done
	# One-line format in /etc/apt/sources.list
	awk -v s="$1" '$1 == "deb" && $3 == s { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true
}

setup() {
	# Callers run in parallel: each writes its own copy and renames it over
	# the list only when it differs, so apt never reads a half-written one.
	local main sec new=$W/.debian.sources.$$
	main=$(mirror_uri bookworm); sec=$(mirror_uri bookworm-security)
	[ -n "$main" ] || { echo "apt-fetch: no Debian 12 mirror in the apt sources" >&2; exit 2; }
	if [ "$SUITE" != bookworm ]; then
		printf 'Types: deb deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			"$main" "$SUITE" > "$new"
		cmp -s "$new" "$W/sources.list.d/debian.sources" ||
			{ mv "$new" "$W/sources.list.d/debian.sources"; rm -f "$W/.updated"; }
		rm -f "$new"
		return
	fi
	{
		printf 'Types: deb deb-src\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' "$main"
		# No armhf here: the security mirror's armhf index failed its size
		# check (mid-sync) on every update on 2026-11-24; apt then drops the whole
		# suite, and with it the newest linux-source-6.1 (arch all).
		[ -n "$sec" ] && printf 'Types: deb deb-src\nURIs: %s\nSuites: bookworm-security\nComponents: main\nArchitectures: amd64 arm64\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$sec"
	} > "$new"
	cmp -s "$new" "$W/sources.list.d/debian.sources" ||
		{ mv "$new" "$W/sources.list.d/debian.sources"; rm -f "$W/.updated"; }
	rm -f "$new"
}

A=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$W/sources.list.d"
   -o "Dir::State::Lists=$W/lists" -o "Dir::Cache=$W/cache" -o "Dir::State::status=/dev/null"
   -o APT::Architectures::=amd64 -o APT::Architectures::=armhf -o APT::Architectures::=arm64)
[ "$(id -u)" = 0 ] && A+=(-o APT::Sandbox::User=root)

update() {
	setup
	# Lists are refreshed at most once a day: the mirror only carries current
	# versions, so a stale list would point at files that are gone.
	if [ ! -f "$W/.updated" ] || [ -n "$(find "$W/.updated" -mmin +1440)" ]; then
		# A mirror caught mid-sync fails one index now and then; what did
		# download is still usable, and a missing package fails loudly later.
		flock "$W/.lock" apt-get "${A[@]}" -q update >&2 ||
			echo "apt-fetch: warning: some package lists failed to update" >&2
		touch "$W/.updated"
	fi
}

cmd=${1:-}; shift || true
case "$cmd" in
source)
	pkg=$1 dest=$2
	update
	[ -d "$dest" ] && { echo "$dest"; exit 0; }
	tmp=$(mktemp -d "$W/src.XXXXXX")
	if ! (cd "$tmp" && apt-get "${A[@]}" -q source --download-only "$pkg" >&2); then
		# The index may name a .dsc that the archive no longer has: take the
		# same upstream version from another suite.
		ver=$(apt-cache "${A[@]}" showsrc "$pkg" | awk '/^Version:/{print $2; exit}')
		up=${ver#*:}; up=${up%-*}
		[ -n "$up" ] || { echo "apt-fetch: $pkg: not in $SUITE" >&2; rm -rf "$tmp"; exit 3; }
		for f in $FALLBACK; do
			[ "$f" = "$SUITE" ] && continue
			echo "apt-fetch: $pkg $ver: no source in $SUITE; trying $f for upstream $up" >&2
			if APT_SUITE=$f "$0" source-version "$pkg" "$up" "$tmp" >&2; then
				found=$f
				break
			fi
		done
		[ -n "${found:-}" ] ||
			{ echo "apt-fetch: $pkg: upstream $up is in none of: $FALLBACK" >&2; rm -rf "$tmp"; exit 3; }
	fi
	(cd "$tmp" && dpkg-source -x ./*.dsc unpacked >/dev/null 2>&1)
	mv "$tmp/unpacked" "$dest"
	cat "$tmp"/*.dsc | awk '/^Version:/{print "apt-fetch: '"$pkg"' " $2; exit}' >&2
	rm -rf "$tmp"
	echo "$dest"
	;;
source-version)
	# internal: the source of PKG whose upstream version is UP, into DIR
	pkg=$1 up=$2 dest=$3
	update
	cd "$dest"
	for ver in $(apt-cache "${A[@]}" showsrc "$pkg" |
		awk -v up="$up" '/^Version:/{v=$2; u=v; sub(/^[0-9]+:/, "", u); sub(/-[^-]*$/, "", u); if (u == up) print v}'); do
		rm -f ./*.dsc
		apt-get "${A[@]}" -q source --download-only "$pkg=$ver" >&2 && exit 0
	done
	exit 1
	;;
download)
	update
	cd "$W/debs"
	for p in "$@"; do
		name=${p%%:*} arch=${p#*:}
		[ "$arch" = "$p" ] && arch=amd64
		glob="${name}_*_${arch}.deb"
		[ "$arch" = all ] || ls $glob >/dev/null 2>&1 || glob="${name}_*_all.deb"
		# shellcheck disable=SC2086
		ls $glob >/dev/null 2>&1 || flock "$W/.lock" apt-get "${A[@]}" -q download "$p" >&2
		# shellcheck disable=SC2086
		ls "$W/debs/"$glob 2>/dev/null | tail -n 1 | grep . ||
			ls "$W/debs/${name}_"*"_${arch}.deb" | tail -n 1
	done
	;;
resolve)
	update
	apt-cache "${A[@]}" depends "$1" | awk '/Depends: linux-image-[0-9]/{print $2; exit}'
	;;
*)
	echo "usage: apt-fetch.sh source PKG DIR | download PKG... | resolve META:ARCH" >&2
	exit 2
	;;
esac
