# Linux 6.1 test kernels and the end-to-end DMA confinement proof.
#
#   make kernel-arm64   build/linux/<key>/arm64/Image
#   make kernel-arm     build/linux/<key>/arm/zImage   (ARM32 with LPAE)
#   make kernels        both
#   make kernel-arm64-patched, kernel-arm-patched, kernels-patched
#                       the same with patches/linux/*.patch
#   make e2e            only the e2e suite (QEMU runs, positive and negative)
#
# <key> hashes the Debian source version, the fragments in test/linux/ and
# any kernel patches, so a cached kernel is reused until one of them changes
# (scripts/build-linux.sh). The build itself is not a make rule: make cannot
# know the key before the source has been fetched.

LINUX_PATCHES	:= $(sort $(wildcard $(TOP)/patches/linux/*.patch))

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
