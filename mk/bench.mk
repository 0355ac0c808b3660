# Benchmarks: callgrind counts of the core against an overlay and a
# libfdt call script, sizes for ARM Thumb, stack, heap, u-boot.bin delta.
#   make bench    prints the table; asserts nothing (see doc/bench.md)
#   make bench-wide  only the wide trees (bench/wide.sh)
#
# Everything is cached under build/bench: the example trees, the bench
# binary, each callgrind run (keyed on the binary and its inputs, in
# bench/run.sh) and the stock U-Boot builds below.

BENCH_OUT	:= $(BUILD)/bench
BENCH_DTS	:= qemu-virt-arm64 qemu-virt-arm stb-brcm \
		   policy-virt-hostbridge policy-stb
BENCH_DTBS	:= $(patsubst %,$(BENCH_OUT)/dtb/%.dtb,$(BENCH_DTS))
# host.mk's CORE_HDRS is not defined yet when this file is read.
BENCH_HDRS	:= $(wildcard $(TOP)/include/dmacage/*.h $(TOP)/lib/dmacage/*.h)

.PHONY: bench bench-uboot

$(BENCH_OUT)/dtb/%.dtb: $(TOP)/dts/examples/%.dts
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

# libfdt linked statically, as firmware links it: no PLT calls, and
# callgrind_annotate can name its static functions (the .a keeps their
# symbols, the .so does not). -z now: no lazy binding of what is left
# (memmove, memcmp) inside a measured region.
$(BENCH_OUT)/bench: $(TOP)/bench/bench.c $(wildcard $(TOP)/lib/dmacage/*.c) \
		    $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -g -I$(TOP)/include -Wl,-z,now -o $@ $< \
		$(wildcard $(TOP)/lib/dmacage/*.c) -l:libfdt.a

# u-boot.bin with DMACAGE off: our defconfig without the DMACAGE, CMD_DMACAGE
# and MEMCHK options, built from the same prepared tree into its own O= dir,
# so the delta is exactly what enabling dmacage costs. It contains none of
# our code, so it depends only on the defconfig and the integration patch.
BENCH_UBOOT_OFF	:= $(BENCH_OUT)/uboot-off

# $(1): arm or arm64
define bench_uboot_off
$(BENCH_UBOOT_OFF)/qemu_$(1)/u-boot.bin: \
		$(TOP)/configs/qemu_$(1)_dmacage_defconfig \
		$(wildcard $(TOP)/patches/uboot/*.patch)
	@$(MAKE) -s uboot-tree
	@out=$(BENCH_UBOOT_OFF)/qemu_$(1); mkdir -p $$$$out; \
	grep -vE '^(# )?CONFIG_(DMACAGE|CMD_DMACAGE|MEMCHK)[_= ]' $$< \
		> $$$$out/.config; \
	echo "  UBOOT   qemu_$(1), DMACAGE off (log: $$$$out/build.log)"; \
	flock $(BENCH_UBOOT_OFF)/.lock-$(1) sh -c '\
	$(MAKE) -s -C $$(UBOOT_TREE) O=$$$$0 CROSS_COMPILE=$$(UBOOT_CROSS_$(1)) \
		olddefconfig > $$$$0/build.log 2>&1 && \
	$(MAKE) -C $$(UBOOT_TREE) O=$$$$0 CROSS_COMPILE=$$(UBOOT_CROSS_$(1)) \
		-j$(JOBS) all >> $$$$0/build.log 2>&1' $$$$out || \
		{ rm -f $$@; tail -n 20 $$$$out/build.log; exit 1; }
endef
$(foreach a,arm arm64,$(eval $(call bench_uboot_off,$(a))))

# The production profile on qemu_arm: the DMACAGE-on build without the
# checker emulators and the dmacage command, with the MMIO checker drivers
# and terse failure records (what a board ships). It starts as a copy of the on-build, so kbuild
# rebuilds only what those options change.
BENCH_UBOOT_PROD := $(BENCH_OUT)/uboot-prod/qemu_arm
.PHONY: bench-uboot-prod
bench-uboot-prod:
	@$(MAKE) -s uboot-arm
	@rm -rf $(BENCH_UBOOT_PROD) && mkdir -p $(dir $(BENCH_UBOOT_PROD)) && \
	cp -a $(BUILD)/uboot/qemu_arm $(BENCH_UBOOT_PROD) && \
	sed -i -e 's/^CONFIG_CMD_DMACAGE=y/# CONFIG_CMD_DMACAGE is not set/' \
		-e 's/^CONFIG_MEMCHK_EMU=y/# CONFIG_MEMCHK_EMU is not set/' \
		-e 's/^# CONFIG_MEMCHK_MMIO is not set/CONFIG_MEMCHK_MMIO=y/' \
		-e 's/^# CONFIG_DMACAGE_TERSE is not set/CONFIG_DMACAGE_TERSE=y/' \
		$(BENCH_UBOOT_PROD)/.config && \
	echo "  UBOOT   qemu_arm, production profile (log: $(BENCH_UBOOT_PROD)/build.log)" && \
	$(MAKE) -s -C $(UBOOT_TREE) O=$(BENCH_UBOOT_PROD) CROSS_COMPILE=$(UBOOT_CROSS_arm) \
		olddefconfig > $(BENCH_UBOOT_PROD)/build.log 2>&1 && \
	$(MAKE) -C $(UBOOT_TREE) O=$(BENCH_UBOOT_PROD) CROSS_COMPILE=$(UBOOT_CROSS_arm) \
		-j$(JOBS) all >> $(BENCH_UBOOT_PROD)/build.log 2>&1 || \
		{ rm -f $(BENCH_UBOOT_PROD)/u-boot.bin; tail -n 20 $(BENCH_UBOOT_PROD)/build.log; exit 1; }

# The DMACAGE-on builds are mk/uboot.mk's own (incremental). A failure of
# any of the four only makes the bench say "not built": a failed on-build
# leaves its last u-boot.bin behind, so the failure is marked for run.sh.
bench-uboot:
	@mkdir -p $(BENCH_OUT)
	@for a in arm arm64; do \
		if $(MAKE) -s uboot-$$a > $(BENCH_OUT)/uboot-$$a.log 2>&1; then \
			rm -f $(BENCH_OUT)/uboot-$$a.failed; \
		else \
			touch $(BENCH_OUT)/uboot-$$a.failed; \
		fi; \
	done
	-@$(MAKE) -s $(BENCH_UBOOT_OFF)/qemu_arm/u-boot.bin \
		$(BENCH_UBOOT_OFF)/qemu_arm64/u-boot.bin
	-@$(MAKE) -s bench-uboot-prod

bench: deps $(BENCH_OUT)/bench $(BENCH_DTBS) bench-uboot tool
	@$(TOP)/bench/run.sh
	@$(TOP)/bench/wide.sh

# Wide trees through the host tool alone (bench/wide.sh): minutes, while
# the time grows with the square of the width.
.PHONY: bench-wide
bench-wide: deps tool
	@$(TOP)/bench/wide.sh
