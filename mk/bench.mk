# Benchmarks (issue 6): callgrind counts of the core, sizes for ARM Thumb.
#   make bench    prints the table; asserts nothing (see doc/bench.md)

BENCH_OUT	:= $(BUILD)/bench

.PHONY: bench
$(BENCH_OUT)/bench: $(TOP)/bench/bench.c $(wildcard $(TOP)/lib/dmacage/*.c) $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -g -I$(TOP)/include -o $@ $< $(wildcard $(TOP)/lib/dmacage/*.c) -lfdt

bench: deps fuzz-build $(BENCH_OUT)/bench
	@$(TOP)/bench/run.sh
