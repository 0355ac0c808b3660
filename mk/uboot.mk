# U-Boot with dmacage for QEMU virt.
#
#   make uboot-arm     build/uboot/qemu_arm/u-boot.bin    (arm-none-eabi-)
#   make uboot-arm64   build/uboot/qemu_arm64/u-boot.bin  (aarch64-linux-gnu-)
#   make uboot         both
#   make uboot-arm-secure    build/uboot/qemu_arm_secure/u-boot.bin
#   make uboot-arm64-secure  build/uboot/qemu_arm64_secure/u-boot.bin
#                      the secure firmware of -M virt,secure=on: programs
#                      the TZC-400 through its secure port, then boots the
#                      OS non-secure (configs/qemu_*_dmacage_secure_defconfig)
#   make uboot-sandbox build/uboot/sandbox/u-boot: Debian's sandbox_defconfig
#                      plus configs/sandbox_dmacage.config, for the
#                      driver-model tests (test/sandbox/suite.sh); host gcc,
#                      no SDL
#
# scripts/fetch-uboot.sh keeps Debian's u-boot 2023.01 source pristine in
# build/u-boot-src and lays our tree (symlinks) plus patches/uboot/*.patch
# over a copy in build/uboot/src. U-Boot's own kbuild then rebuilds
# incrementally whenever one of our files changes. The .config is
# regenerated when our defconfig is newer than it; a symbol new to our
# Kconfig files takes its default (the build's syncconfig would otherwise
# prompt for it, into the log, and wait on a terminal). Several suites build
# U-Boot, possibly at once, so the tree and each build directory are
# taken under a lock.

UBOOT_TREE	:= $(BUILD)/uboot/src
UBOOT_CROSS_arm	:= arm-none-eabi-
UBOOT_CROSS_arm64 := aarch64-linux-gnu-

.PHONY: uboot uboot-arm uboot-arm64 uboot-arm-secure uboot-arm64-secure uboot-tree \
	uboot-arm-locked uboot-arm64-locked uboot-arm-secure-locked uboot-arm64-secure-locked \
	uboot-sandbox uboot-sandbox-locked
uboot: uboot-arm uboot-arm64

uboot-tree: deps
	@mkdir -p $(BUILD)/uboot
	@flock $(BUILD)/uboot/.lock-tree $(TOP)/scripts/fetch-uboot.sh >/dev/null

# $(1): arm or arm64; $(2): variant, empty or _secure. Target
# uboot-$(1)$(subst _,-,$(2)), defconfig qemu_$(1)_dmacage$(2)_defconfig,
# output build/uboot/qemu_$(1)$(2).
define uboot_build
uboot-$(1)$(subst _,-,$(2)): uboot-tree
	@flock $(BUILD)/uboot/.lock-$(1)$(subst _,-,$(2)) $(MAKE) -s uboot-$(1)$(subst _,-,$(2))-locked

uboot-$(1)$(subst _,-,$(2))-locked:
	@out=$(BUILD)/uboot/qemu_$(1)$(2); mkdir -p $$$$out; \
	if [ ! -f $$$$out/.config ] || \
	   [ $(TOP)/configs/qemu_$(1)_dmacage$(2)_defconfig -nt $$$$out/.config ]; then \
		$(MAKE) -s -C $(UBOOT_TREE) O=$$$$out \
			CROSS_COMPILE=$(UBOOT_CROSS_$(1)) qemu_$(1)_dmacage$(2)_defconfig || exit 1; \
		touch $$$$out/.config; \
	fi; \
	echo "  UBOOT   qemu_$(1)$(2) (log: $$$$out/build.log)"; \
	$(MAKE) -C $(UBOOT_TREE) O=$$$$out CROSS_COMPILE=$(UBOOT_CROSS_$(1)) \
		-j$(JOBS) all u-boot-initial-env < /dev/null > $$$$out/build.log 2>&1 || \
		{ tail -n 30 $$$$out/build.log; exit 1; }; \
	grep -E 'warning:' $$$$out/build.log | grep -E 'dmacage|memchk' || true
endef
$(foreach a,arm arm64,$(eval $(call uboot_build,$(a),))$(eval $(call uboot_build,$(a),_secure)))

# Sandbox: the .config is sandbox_defconfig with our fragment merged in
# (later lines win), remade when the fragment is newer than it.
uboot-sandbox: uboot-tree
	@flock $(BUILD)/uboot/.lock-sandbox $(MAKE) -s uboot-sandbox-locked

uboot-sandbox-locked:
	@out=$(BUILD)/uboot/sandbox; mkdir -p $$out; \
	if [ ! -f $$out/.config ] || \
	   [ $(TOP)/configs/sandbox_dmacage.config -nt $$out/.config ]; then \
		$(MAKE) -s -C $(UBOOT_TREE) O=$$out sandbox_defconfig && \
		cat $(TOP)/configs/sandbox_dmacage.config >> $$out/.config && \
		$(MAKE) -s -C $(UBOOT_TREE) O=$$out olddefconfig > /dev/null 2>&1 || exit 1; \
		touch $$out/.config; \
	fi; \
	echo "  UBOOT   sandbox (log: $$out/build.log)"; \
	$(MAKE) -C $(UBOOT_TREE) O=$$out NO_SDL=1 -j$(JOBS) all < /dev/null > $$out/build.log 2>&1 || \
		{ tail -n 30 $$out/build.log; exit 1; }; \
	grep -E 'warning:' $$out/build.log | grep -E 'dmacage|memchk' || true
