# Linux 6.1 test kernels and the end-to-end DMA confinement proof (issue 5).
#
#   make kernel-arm64   build/linux/<key>/arm64/Image
#   make kernel-arm     build/linux/<key>/arm/zImage   (ARM32 with LPAE)
#   make kernels        both
#   make e2e            only the e2e suite (QEMU runs, positive and negative)
#
# <key> hashes the Debian source version, the fragments in test/linux/ and
# any kernel patches, so a cached kernel is reused until one of them changes
# (scripts/build-linux.sh). The build itself is not a make rule: make cannot
# know the key before the source has been fetched.

.PHONY: kernels kernel-arm64 kernel-arm e2e
kernels: kernel-arm64 kernel-arm

kernel-arm64 kernel-arm: deps
	@$(TOP)/scripts/build-linux.sh $(@:kernel-%=%)

e2e: deps
	@$(TOP)/test/e2e/suite.sh
