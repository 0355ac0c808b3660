# `make demo`: U-Boot + Linux under QEMU arm64 proving DMA confinement
# (scripts/demo.sh). DEMO_BOOT=direct boots the kernel without U-Boot.
demo: deps
	@DEMO_BOOT=$(DEMO_BOOT) $(TOP)/scripts/demo.sh
