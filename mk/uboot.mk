# U-Boot with dmacage for QEMU virt.
#
#   make uboot-arm     build/uboot/qemu_arm/u-boot.bin    (arm-none-eabi-)
#   make uboot-arm64   build/uboot/qemu_arm64/u-boot.bin  (aarch64-linux-gnu-)
#   make uboot         both
#   make uboot-arm-bringup, uboot-arm64-bringup, uboot-arm-secure-bringup,
#   uboot-arm64-secure-bringup
#                      the same with CONFIG_DMACAGE_BRINGUP=y, in
#                      build/uboot/qemu_<arch>[_secure]_bringup: the
#                      environment may weaken the policy (test harnesses
#                      that load their own policy use these)
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

UBOOT_VARIANTS	:= $(foreach a,arm arm64,uboot-$(a) uboot-$(a)-secure \
		   uboot-$(a)-bringup uboot-$(a)-secure-bringup)
.PHONY: uboot uboot-tree $(UBOOT_VARIANTS) $(addsuffix -locked,$(UBOOT_VARIANTS)) \
	uboot-sandbox uboot-sandbox-locked
uboot: uboot-arm uboot-arm64

uboot-tree: deps
	@mkdir -p $(BUILD)/uboot
	@flock $(BUILD)/uboot/.lock-tree $(TOP)/scripts/fetch-uboot.sh >/dev/null

# $(1): arm or arm64; $(2): variant, empty, _secure, _bringup or
# _secure_bringup. Target uboot-$(1)$(subst _,-,$(2)), output
# build/uboot/qemu_$(1)$(2), defconfig qemu_$(1)_dmacage$(2)_defconfig; a
# _bringup variant is its production defconfig with CONFIG_DMACAGE_BRINGUP
# switched on, so the two profiles cannot drift apart.
uboot_defconfig = qemu_$(1)_dmacage$(subst _bringup,,$(2))_defconfig
# A bring-up build starts as a copy of its production build: kbuild then
# rebuilds only the files that use CONFIG_DMACAGE_BRINGUP, not all of
# U-Boot (a cold build is about as long as the production one).
uboot_seed = out=$(BUILD)/uboot/qemu_$(1)$(2); \
	prod=$(BUILD)/uboot/qemu_$(1)$(subst _bringup,,$(2)); \
	if [ ! -f $$$$out/.config ]; then \
		$(MAKE) -s uboot-$(1)$(subst _,-,$(subst _bringup,,$(2))) || exit 1; \
		rm -rf $$$$out && cp -a $$$$prod $$$$out && rm -f $$$$out/.config; \
	fi
define uboot_build
uboot-$(1)$(subst _,-,$(2)): uboot-tree
	@flock $(BUILD)/uboot/.lock-$(1)$(subst _,-,$(2)) $(MAKE) -s uboot-$(1)$(subst _,-,$(2))-locked

uboot-$(1)$(subst _,-,$(2))-locked:
	$(if $(findstring _bringup,$(2)),@$(call uboot_seed,$(1),$(2)))
	@out=$(BUILD)/uboot/qemu_$(1)$(2); mkdir -p $$$$out; \
	if [ ! -f $$$$out/.config ] || \
	   [ $(TOP)/configs/$(call uboot_defconfig,$(1),$(2)) -nt $$$$out/.config ]; then \
		$(MAKE) -s -C $(UBOOT_TREE) O=$$$$out \
			CROSS_COMPILE=$(UBOOT_CROSS_$(1)) $(call uboot_defconfig,$(1),$(2)) || exit 1; \
		$(if $(findstring _bringup,$(2)),sed -i 's/^# CONFIG_DMACAGE_BRINGUP is not set$$$$/CONFIG_DMACAGE_BRINGUP=y/' $$$$out/.config; \
		$(MAKE) -s -C $(UBOOT_TREE) O=$$$$out \
			CROSS_COMPILE=$(UBOOT_CROSS_$(1)) olddefconfig || exit 1; \
		grep -qx CONFIG_DMACAGE_BRINGUP=y $$$$out/.config || \
			{ echo "uboot: no CONFIG_DMACAGE_BRINGUP in $$$$out/.config" >&2; exit 1; };) \
		touch $$$$out/.config; \
	fi; \
	echo "  UBOOT   qemu_$(1)$(2) (log: $$$$out/build.log)"; \
	$(MAKE) -C $(UBOOT_TREE) O=$$$$out CROSS_COMPILE=$(UBOOT_CROSS_$(1)) \
		-j$(JOBS) all u-boot-initial-env < /dev/null > $$$$out/build.log 2>&1 || \
		{ tail -n 30 $$$$out/build.log; exit 1; }; \
	grep -E 'warning:' $$$$out/build.log | grep -E 'dmacage|memchk' || true
endef
$(foreach a,arm arm64,$(foreach v,_secure _bringup _secure_bringup,$(eval $(call uboot_build,$(a),$(v))))$(eval $(call uboot_build,$(a),)))

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
