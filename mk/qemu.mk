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

# The hostile-device suite (doc/hostile.md): QEMU's edu device
# attacks from inside the protected domain, with dmacage and without.
#
#   make hostile     test/hostile/suite.sh (arm64 and ARM32)
.PHONY: hostile
hostile: deps
	@$(TOP)/test/hostile/suite.sh
