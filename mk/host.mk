# Host build: the freestanding core (lib/dmacage), the register-level checker
# code (drivers/memchk), the dmacage host tool and the unit tests, all against
# Debian's libfdt. Unit tests are built with ASan and UBSan.

HOST_OUT	:= $(BUILD)/host
HOST_CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
		   -Werror=implicit-function-declaration -I$(TOP)/include
SAN_CFLAGS	:= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=undefined
HOST_LIBS	:= -lfdt

# U-Boot-only files (driver-model glue) never build on the host.
UBOOT_ONLY	:= %-uclass.c %_dm.c
CORE_SRCS	:= $(sort $(wildcard $(TOP)/lib/dmacage/*.c) \
		   $(filter-out $(addprefix $(TOP)/drivers/memchk/,$(UBOOT_ONLY)), \
		   $(wildcard $(TOP)/drivers/memchk/*.c)))
TOOL_SRCS	:= $(sort $(wildcard $(TOP)/tools/dmacage/*.c))
UNIT_SRCS	:= $(sort $(wildcard $(TOP)/test/unit/test_*.c))
CORE_HDRS	:= $(wildcard $(TOP)/include/dmacage/*.h)

obj = $(patsubst $(TOP)/%.c,$(HOST_OUT)/$(1)/%.o,$(2))

CORE_OBJS	:= $(call obj,rel,$(CORE_SRCS))
CORE_SAN_OBJS	:= $(call obj,san,$(CORE_SRCS))
TOOL_OBJS	:= $(call obj,rel,$(TOOL_SRCS))
UNIT_BINS	:= $(patsubst $(TOP)/test/unit/%.c,$(HOST_OUT)/unit/%,$(UNIT_SRCS))

DMACAGE		:= $(HOST_OUT)/dmacage
export DMACAGE

.PHONY: tool unit-tests
tool: deps $(DMACAGE)
unit-tests: deps $(UNIT_BINS)

# Every object also depends on the headers it includes (-MMD: lib/dmacage's
# private headers and tools/dmacage/tool.h too), and a unit test on all of
# them: a struct that grows must rebuild every file that uses it. The deps
# stamp is order-only: under -j the compiler must not start before libfdt's
# headers are installed, and a new package list must not rebuild everything.
$(HOST_OUT)/rel/%.o: $(TOP)/%.c $(CORE_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<

$(HOST_OUT)/san/%.o: $(TOP)/%.c $(CORE_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SAN_CFLAGS) -MMD -MP -c -o $@ $<

$(DMACAGE): $(TOOL_OBJS) $(CORE_OBJS)
	$(HOSTCC) -o $@ $^ $(HOST_LIBS)

# The same tool built terse (DMC_TERSE, U-Boot's DMACAGE_TERSE), for
# test/terse. A variable that only messages read must say so (DMC_MSG_ONLY),
# or the terse build does not compile.
TERSE_CFLAGS	:= -DDMC_TERSE -Werror=unused-variable \
		   -Werror=unused-but-set-variable
TERSE_OBJS	:= $(call obj,terse,$(CORE_SRCS) $(TOOL_SRCS))
DMACAGE_TERSE	:= $(HOST_OUT)/dmacage-terse

.PHONY: tool-terse
tool-terse: deps $(DMACAGE_TERSE)

$(HOST_OUT)/terse/%.o: $(TOP)/%.c $(CORE_HDRS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(TERSE_CFLAGS) -MMD -MP -c -o $@ $<

$(DMACAGE_TERSE): $(TERSE_OBJS)
	$(HOSTCC) -o $@ $^ $(HOST_LIBS)

$(HOST_OUT)/unit/%: $(TOP)/test/unit/%.c $(CORE_SAN_OBJS) $(wildcard $(TOP)/test/unit/*.h) \
		$(wildcard $(TOP)/lib/dmacage/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) $(SAN_CFLAGS) -I$(TOP)/test/unit -o $@ $< \
		$(CORE_SAN_OBJS) $(HOST_LIBS)

-include $(CORE_OBJS:.o=.d) $(CORE_SAN_OBJS:.o=.d) $(TOOL_OBJS:.o=.d) \
	$(TERSE_OBJS:.o=.d)
