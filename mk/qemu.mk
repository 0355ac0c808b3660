# QEMU with the TZC-400 model, for the enforcement tests.
#
#   make qemu-tzc    build/qemu/<key>/qemu-system-aarch64
#
# <key> hashes Debian's qemu source version, patches/qemu/*.patch and the
# build script, so a cached binary is reused until one of them changes
# (scripts/build-qemu.sh). Everything else runs on the installed QEMU.

.PHONY: qemu-tzc
qemu-tzc: deps
	@$(TOP)/scripts/build-qemu.sh
