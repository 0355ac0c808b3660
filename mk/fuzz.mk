# libFuzzer harnesses (fuzz/fuzz_*.c), built with clang's fuzzer, ASan and
# UBSan, the code under test compiled into each so that it is instrumented:
# the core (lib/dmacage) for the DT harnesses, the core plus the checker
# drivers (drivers/memchk, as host.mk's CORE_SRCS lists them: no U-Boot
# glue) for the fault-decoder harnesses. libfdt is built the same way
# (scripts/build-libfdt.sh), from the copy the firmware runs.
#
# Seeds: a harness with a folder fuzz/seeds/<harness>/ takes the register
# images committed there (commented hex, turned into binary here) and
# inputs up to FUZZ_REG_MAXLEN bytes; every other harness takes every .dts in
# the repo, compiled here, never committed.
#
#   make fuzz [FUZZ_SECONDS=60]   run each harness for FUZZ_SECONDS

FUZZ_OUT	:= $(BUILD)/fuzz
FUZZ_SECONDS	?= 60
FUZZ_CC		?= clang
LIBFDT_SAN	:= $(FUZZ_OUT)/libfdt-san
FUZZ_CFLAGS	:= -std=gnu11 -O1 -g -I$(LIBFDT_SAN) -I$(TOP)/include \
		   -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_SRCS	:= $(sort $(wildcard $(TOP)/fuzz/fuzz_*.c))
FUZZ_BINS	:= $(patsubst $(TOP)/fuzz/%.c,$(FUZZ_OUT)/%,$(FUZZ_SRCS))
FUZZ_DTS	:= $(shell find $(TOP)/dts $(TOP)/test -name '*.dts' 2>/dev/null)
FUZZ_SEEDS	:= $(FUZZ_OUT)/seeds/.stamp
# The fixed policy and OS DT of the two apply harnesses.
export DMC_FUZZ_POLICY := $(FUZZ_OUT)/seeds/policy-virt-hostbridge.dtb

# What each harness links: the checker code only where it is fuzzed.
# host.mk is read after this file, so CORE_SRCS is only used in recipes
# (recursive variables); prerequisites name the source folders directly.
FUZZ_MEMCHK_SRCS = $(filter $(TOP)/drivers/memchk/%,$(CORE_SRCS))
FUZZ_LIB_SRCS	= $(filter-out $(FUZZ_MEMCHK_SRCS),$(CORE_SRCS))
FUZZ_MEMCHK_BINS := $(FUZZ_OUT)/fuzz_tzc400_faults $(FUZZ_OUT)/fuzz_rangechk_faults
FUZZ_DEPS	:= $(wildcard $(TOP)/lib/dmacage/*.c $(TOP)/include/dmacage/*.h)
$(FUZZ_BINS): FUZZ_LINK = $(FUZZ_LIB_SRCS)
$(FUZZ_MEMCHK_BINS): FUZZ_LINK = $(FUZZ_LIB_SRCS) $(FUZZ_MEMCHK_SRCS)
$(FUZZ_MEMCHK_BINS): $(TOP)/fuzz/fuzz_memchk.h \
		     $(wildcard $(TOP)/drivers/memchk/*.[ch])

# Register-image seeds: fuzz/seeds/<harness>/<name>.hex -> seeds-<harness>/<name>
FUZZ_REG_MAXLEN	:= 1024
FUZZ_REG_HEX	:= $(wildcard $(TOP)/fuzz/seeds/*/*.hex)
FUZZ_REG_SEEDS	:= $(patsubst $(TOP)/fuzz/seeds/%.hex,$(FUZZ_OUT)/seeds-%,$(FUZZ_REG_HEX))

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS) $(FUZZ_SEEDS) $(FUZZ_REG_SEEDS)

# The harnesses that apply judge with the Linux model of the unit tests.
FUZZ_INC := -I$(TOP)/test/unit
$(FUZZ_OUT)/fuzz_tree: $(TOP)/fuzz/gen_tree.h

$(LIBFDT_SAN)/libfdt.a: $(TOP)/scripts/build-libfdt.sh
	$(TOP)/scripts/build-libfdt.sh >/dev/null

$(FUZZ_OUT)/fuzz_%: $(TOP)/fuzz/fuzz_%.c $(TOP)/fuzz/fuzz_common.h $(TOP)/fuzz/mutate_dt.h \
		$(TOP)/fuzz/oracle.h $(TOP)/test/unit/linuxmodel.h $(FUZZ_DEPS) \
		$(LIBFDT_SAN)/libfdt.a
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_INC) -o $@ $< $(FUZZ_LINK) \
		$(LIBFDT_SAN)/libfdt.a

$(FUZZ_SEEDS): $(FUZZ_DTS)
	@mkdir -p $(dir $@)
	@for f in $(FUZZ_DTS); do \
		dtc -q -I dts -O dtb -o $(FUZZ_OUT)/seeds/$$(echo $${f#$(TOP)/} | tr / _ | sed 's/\.dts$$//; s/^dts_examples_//').dtb $$f \
			2>/dev/null || echo "fuzz: seed $$f does not compile"; \
	done
	@touch $@

# '#' starts a comment; the rest is hex digits and white space.
$(FUZZ_OUT)/seeds-%: $(TOP)/fuzz/seeds/%.hex
	@mkdir -p $(dir $@)
	@perl -ne 's/#.*//; s/\s+//g; print pack("H*", $$_)' $< >$@

# fuzz_seeds NAME: the seed folder and -max_len of harness NAME
fuzz_seeds = $(if $(wildcard $(TOP)/fuzz/seeds/$(1)), \
	-max_len=$(FUZZ_REG_MAXLEN) $(FUZZ_OUT)/seeds-$(1), \
	-max_len=65536 $(FUZZ_OUT)/seeds)

fuzz: deps fuzz-build
	@$(foreach b,$(FUZZ_BINS),n=$(notdir $(b)); \
		mkdir -p $(FUZZ_OUT)/corpus/$$n; \
		echo "== $$n for $(FUZZ_SECONDS) s"; \
		$(b) -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FUZZ_OUT)/$$n- \
			$(FUZZ_OUT)/corpus/$$n $(call fuzz_seeds,$(notdir $(b))) \
			|| exit 1;)
