# dmacage top-level Makefile.
#
#   make          build the host tool (installs missing Debian packages first)
#   make test     run every test; the last line is "N passed, N failed"
#   make demo     the QEMU demo: U-Boot + Linux proving DMA confinement
#
# Every area keeps its rules in mk/<area>.mk. Downloads and builds are cached
# under build/, which git ignores.

TOP	:= $(CURDIR)
BUILD	:= $(TOP)/build
JOBS	?= 2
HOSTCC	?= gcc

export TOP BUILD JOBS

.DEFAULT_GOAL := all
.PHONY: all deps test demo bench fuzz clean

all: tool

# One script installs whatever is missing, from Debian's packages only. The
# stamp is keyed on the package lists so a new dependency triggers a re-run.
DEPS_LISTS	:= $(sort $(wildcard $(TOP)/scripts/deps/*.txt))
DEPS_STAMP	:= $(BUILD)/.deps-$(shell cat $(DEPS_LISTS) /dev/null | cksum | cut -d' ' -f1)

deps: $(DEPS_STAMP)
$(DEPS_STAMP): $(DEPS_LISTS) $(TOP)/scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@$(TOP)/scripts/install-deps.sh $(DEPS_LISTS)
	@touch $@

test: deps
	@$(TOP)/scripts/run-tests.sh

clean:
	rm -rf $(BUILD)/host $(BUILD)/test

include $(sort $(wildcard $(TOP)/mk/*.mk))
