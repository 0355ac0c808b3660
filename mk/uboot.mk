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
#   make uboot-dir     print the build directory of the base UBOOT names
#
# UBOOT picks the U-Boot base, each one Debian's source of that version:
#
#   UBOOT=2023.01 (default)  Debian 12's; build/uboot, patches/uboot/*.patch,
#                            configs/*_defconfig
#   UBOOT=2025.01            Debian sid's; build/uboot-2025.01,
#                            patches/uboot/2025.01/, configs/2025.01/
#
# Every target above works on either base, into the base's own build
# directory, so both can be built side by side.
#
# scripts/fetch-uboot.sh keeps the base's Debian source pristine in
# build/u-boot-src[-<base>] and lays our tree (symlinks) plus the base's
# patches over a copy in <build directory>/src. U-Boot's own kbuild then
# rebuilds incrementally whenever one of our files changes. The .config is
# regenerated when our defconfig is newer than it, with olddefconfig, so a
# symbol new to our Kconfig files or to the base takes its default; the
# build itself reads no terminal, and its log is capped, so a symbol that
# would still prompt fails the build instead of filling the disk. A new
# .config also drops u-boot-initial-env, which kbuild would not remake
# (tools/printinitialenv does not depend on the config). Several suites
# build U-Boot, possibly at once, so the tree and each build directory are
# taken under a lock.

UBOOT		?= 2023.01
UBOOT_BASES	:= 2023.01 2025.01
ifeq ($(filter $(UBOOT),$(UBOOT_BASES)),)
$(error UBOOT=$(UBOOT): not a supported U-Boot base ($(UBOOT_BASES)))
endif
# the default base keeps the unsuffixed paths that every other suite uses
UBOOT_SFX	:= $(if $(filter 2023.01,$(UBOOT)),,-$(UBOOT))
UBOOT_OUT	:= $(BUILD)/uboot$(UBOOT_SFX)
UBOOT_CONFIGS	:= $(TOP)/configs$(if $(UBOOT_SFX),/$(UBOOT))
# The build log's cap, in ulimit -f blocks: 32 MiB in the 512-byte blocks of
# Debian's /bin/sh (dash), which runs the recipes; a build logs well under 1 MiB.
UBOOT_LOG_CAP	:= 65536
export UBOOT
UBOOT_TREE	:= $(UBOOT_OUT)/src
UBOOT_CROSS_arm	:= arm-none-eabi-
UBOOT_CROSS_arm64 := aarch64-linux-gnu-

UBOOT_VARIANTS	:= $(foreach a,arm arm64,uboot-$(a) uboot-$(a)-secure \
		   uboot-$(a)-bringup uboot-$(a)-secure-bringup uboot-$(a)-terse)
.PHONY: uboot uboot-tree $(UBOOT_VARIANTS) $(addsuffix -locked,$(UBOOT_VARIANTS)) \
	uboot-sandbox uboot-sandbox-locked uboot-dir
uboot: uboot-arm uboot-arm64

uboot-tree: deps
	@mkdir -p $(UBOOT_OUT)
	@flock $(UBOOT_OUT)/.lock-tree $(TOP)/scripts/fetch-uboot.sh >/dev/null

# $(1): arm or arm64; $(2): variant, empty, _secure, _bringup,
# _secure_bringup or _terse. Target uboot-$(1)$(subst _,-,$(2)), output
# build/uboot/qemu_$(1)$(2), defconfig qemu_$(1)_dmacage$(2)_defconfig; a
# _bringup variant is its production defconfig with CONFIG_DMACAGE_BRINGUP
# switched on, a _terse one the plain defconfig with CONFIG_DMACAGE_TERSE,
# so that the profiles cannot drift apart.
uboot_flag = $(if $(findstring _bringup,$(1)),BRINGUP,$(if $(findstring _terse,$(1)),TERSE))
uboot_defconfig = qemu_$(1)_dmacage$(subst _terse,,$(subst _bringup,,$(2)))_defconfig
# Every variant but the plain one starts as a copy of a build whose
# configuration differs in a few symbols: a bring-up build from its
# production build, the secure firmware and the terse build from the plain
# one. kbuild then
# rebuilds only the files that use the symbols that differ (fixdep records
# them per object), not all of U-Boot; a cold build would take as long
# as the one it starts from.
uboot_seed_of = $(if $(call uboot_flag,$(1)),$(subst _terse,,$(subst _bringup,,$(1))))
uboot_seed = out=$(UBOOT_OUT)/qemu_$(1)$(2); \
	prod=$(UBOOT_OUT)/qemu_$(1)$(call uboot_seed_of,$(2)); \
	if [ ! -f $$$$out/.config ]; then \
		$(MAKE) -s uboot-$(1)$(subst _,-,$(call uboot_seed_of,$(2))) || exit 1; \
		rm -rf $$$$out && cp -a $$$$prod $$$$out && rm -f $$$$out/.config; \
	fi
# Every build holds the working tree's lock shared: a test that edits a
# file of the tree for a build of its own (test/uboot/suite.sh, the broken
# ports) holds it alone.
define uboot_build
uboot-$(1)$(subst _,-,$(2)): uboot-tree
	@flock -s $(UBOOT_OUT)/.lock-src flock $(UBOOT_OUT)/.lock-$(1)$(subst _,-,$(2)) \
		$(MAKE) -s uboot-$(1)$(subst _,-,$(2))-locked

uboot-$(1)$(subst _,-,$(2))-locked:
	$(if $(2),@$(call uboot_seed,$(1),$(2)))
	@out=$(UBOOT_OUT)/qemu_$(1)$(2); mkdir -p $$$$out; \
	if [ ! -f $$$$out/.config ] || \
	   [ $(UBOOT_CONFIGS)/$(call uboot_defconfig,$(1),$(2)) -nt $$$$out/.config ]; then \
		$(MAKE) -s -C $(UBOOT_TREE) O=$$$$out \
			CROSS_COMPILE=$(UBOOT_CROSS_$(1)) $(call uboot_defconfig,$(1),$(2)) < /dev/null || exit 1; \
		$(if $(call uboot_flag,$(2)),sed -i 's/^# CONFIG_DMACAGE_$(call uboot_flag,$(2)) is not set$$$$/CONFIG_DMACAGE_$(call uboot_flag,$(2))=y/' $$$$out/.config;) \
		$(MAKE) -s -C $(UBOOT_TREE) O=$$$$out \
			CROSS_COMPILE=$(UBOOT_CROSS_$(1)) olddefconfig < /dev/null || exit 1; \
		$(if $(call uboot_flag,$(2)),grep -qx CONFIG_DMACAGE_$(call uboot_flag,$(2))=y $$$$out/.config || \
			{ echo "uboot: no CONFIG_DMACAGE_$(call uboot_flag,$(2)) in $$$$out/.config" >&2; exit 1; };) \
		rm -f $$$$out/u-boot-initial-env $$$$out/tools/printinitialenv; \
		touch $$$$out/.config; \
	fi; \
	echo "  UBOOT   qemu_$(1)$(2) U-Boot $(UBOOT) (log: $$$$out/build.log)"; \
	(ulimit -f $(UBOOT_LOG_CAP); $(MAKE) -C $(UBOOT_TREE) O=$$$$out \
		CROSS_COMPILE=$(UBOOT_CROSS_$(1)) -j$(JOBS) all u-boot-initial-env) \
		< /dev/null > $$$$out/build.log 2>&1 || \
		{ grep -m 3 '(NEW)' $$$$out/build.log | sed 's/^/uboot: Kconfig asks for a value: /'; \
		  tail -c 4000 $$$$out/build.log | tail -n 30; exit 1; }; \
	grep -E 'warning:' $$$$out/build.log | grep -E 'dmacage|memchk' || true
endef
$(foreach a,arm arm64,$(foreach v,_secure _bringup _secure_bringup _terse,$(eval $(call uboot_build,$(a),$(v))))$(eval $(call uboot_build,$(a),)))

# Print the build directory of the base UBOOT names (for test suites).
uboot-dir:
	@echo $(UBOOT_OUT)

# Sandbox: the .config is sandbox_defconfig with our fragment merged in
# (later lines win), remade when the fragment is newer than it.
uboot-sandbox: uboot-tree
	@flock -s $(UBOOT_OUT)/.lock-src flock $(UBOOT_OUT)/.lock-sandbox $(MAKE) -s uboot-sandbox-locked

uboot-sandbox-locked:
	@out=$(UBOOT_OUT)/sandbox; mkdir -p $$out; \
	if [ ! -f $$out/.config ] || \
	   [ $(TOP)/configs/sandbox_dmacage.config -nt $$out/.config ]; then \
		$(MAKE) -s -C $(UBOOT_TREE) O=$$out sandbox_defconfig && \
		cat $(TOP)/configs/sandbox_dmacage.config >> $$out/.config && \
		$(MAKE) -s -C $(UBOOT_TREE) O=$$out olddefconfig < /dev/null > /dev/null 2>&1 || exit 1; \
		touch $$out/.config; \
	fi; \
	echo "  UBOOT   sandbox (log: $$out/build.log)"; \
	(ulimit -f $(UBOOT_LOG_CAP); $(MAKE) -C $(UBOOT_TREE) O=$$out NO_SDL=1 -j$(JOBS) all) \
		< /dev/null > $$out/build.log 2>&1 || \
		{ grep -m 3 '(NEW)' $$out/build.log | sed 's/^/uboot: Kconfig asks for a value: /'; \
		  tail -c 4000 $$out/build.log | tail -n 30; exit 1; }; \
	grep -E 'warning:' $$out/build.log | grep -E 'dmacage|memchk' || true
