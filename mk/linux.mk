# Linux test kernels and the end-to-end DMA confinement proof.
#
#   make kernel-arm64   build/linux/<key>/arm64/Image
#   make kernel-arm     build/linux/<key>/arm/zImage   (ARM32 with LPAE)
#   make kernels        both
#   make kernel-arm64-patched, kernel-arm-patched, kernels-patched
#                       the same with patches/linux/<line>/*.patch
#   make e2e            only the e2e suite (QEMU runs, positive and negative)
#   LINUX=6.12 or 7.3   (with any of the above) Debian's kernel of that
#                       line instead of 6.1
#   make e2e-run POLICY=my.dts ENV=my.env ARCH=arm64|arm FORM=host|endpoint
#                BOOT=secure|uboot
#                       one run with one's own policy and U-Boot environment
#                       (either may be left out), judged like the suite's
#                       positive runs: RESULT lines and one VERDICT
#
# <key> hashes the Debian source version, the fragments in test/linux/ and
# any kernel patches, so a cached kernel is reused until one of them changes
# (scripts/build-linux.sh). The build itself is not a make rule: make cannot
# know the key before the source has been fetched.

LINUX_PATCHES	:= $(sort $(wildcard $(TOP)/patches/linux/$(or $(LINUX),6.1)/*.patch))

.PHONY: kernels kernel-arm64 kernel-arm e2e
.PHONY: kernels-patched kernel-arm64-patched kernel-arm-patched
kernels: kernel-arm64 kernel-arm
kernels-patched: kernel-arm64-patched kernel-arm-patched

kernel-arm64 kernel-arm: deps
	@$(TOP)/scripts/build-linux.sh $(@:kernel-%=%)

kernel-arm64-patched kernel-arm-patched: deps
	@$(TOP)/scripts/build-linux.sh $(patsubst kernel-%-patched,%,$@) $(LINUX_PATCHES)

e2e: deps
	@$(TOP)/test/e2e/suite.sh

.PHONY: e2e-run
# MAKEFLAGS is cleared: ARCH=... must not reach U-Boot's own make.
e2e-run: deps
	@MAKEFLAGS= E2E_POLICY=$(if $(POLICY),$(abspath $(POLICY))) E2E_ENV=$(if $(ENV),$(abspath $(ENV))) \
		$(TOP)/test/e2e/run.sh $(or $(ARCH),arm64) $(or $(FORM),host) pos $(or $(BOOT),secure)
