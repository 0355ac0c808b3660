# libFuzzer harnesses (fuzz/fuzz_*.c) over the freestanding core, built with
# clang's fuzzer, ASan and UBSan. Seed corpora are every .dts in the repo,
# compiled here, never committed.
#
#   make fuzz [FUZZ_SECONDS=60]   run each harness for FUZZ_SECONDS

FUZZ_OUT	:= $(BUILD)/fuzz
FUZZ_SECONDS	?= 60
FUZZ_CC		?= clang
FUZZ_CFLAGS	:= -std=gnu11 -O1 -g -I$(TOP)/include \
		   -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_SRCS	:= $(sort $(wildcard $(TOP)/fuzz/fuzz_*.c))
FUZZ_BINS	:= $(patsubst $(TOP)/fuzz/%.c,$(FUZZ_OUT)/%,$(FUZZ_SRCS))
FUZZ_DTS	:= $(shell find $(TOP)/dts $(TOP)/test -name '*.dts' 2>/dev/null)
FUZZ_SEEDS	:= $(FUZZ_OUT)/seeds/.stamp
# The fixed policy and OS DT of the two apply harnesses.
export DMC_FUZZ_POLICY := $(FUZZ_OUT)/seeds/policy-virt-hostbridge.dtb
export DMC_FUZZ_OS := $(FUZZ_OUT)/seeds/qemu-virt-arm64.dtb

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS) $(FUZZ_SEEDS)

# The core is compiled into each harness so the fuzzer instruments it too.
$(FUZZ_OUT)/fuzz_%: $(TOP)/fuzz/fuzz_%.c $(TOP)/fuzz/fuzz_common.h \
		    $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(CORE_SRCS) -lfdt

$(FUZZ_SEEDS): $(FUZZ_DTS)
	@mkdir -p $(dir $@)
	@for f in $(FUZZ_DTS); do \
		dtc -q -I dts -O dtb -o $(FUZZ_OUT)/seeds/$$(echo $${f#$(TOP)/} | tr / _ | sed 's/\.dts$$//; s/^dts_examples_//').dtb $$f \
			2>/dev/null || echo "fuzz: seed $$f does not compile"; \
	done
	@touch $@

fuzz: deps fuzz-build
	@for b in $(FUZZ_BINS); do \
		n=$$(basename $$b); mkdir -p $(FUZZ_OUT)/corpus/$$n; \
		echo "== $$n for $(FUZZ_SECONDS) s"; \
		$$b -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			-artifact_prefix=$(FUZZ_OUT)/$$n- \
			$(FUZZ_OUT)/corpus/$$n $(FUZZ_OUT)/seeds || exit 1; \
	done
