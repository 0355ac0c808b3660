// SPDX-License-Identifier: GPL-2.0+
/*
 * plan + fixup with a fuzzed policy: the input is the policy DTB, applied to
 * the fixed OS DT named by DMC_FUZZ_OS, so mutations explore the planner and
 * the writer rather than dying in the OS DT's header check.
 */
#include "fuzz_common.h"

static void *os;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	os = fz_load_env("DMC_FUZZ_OS");
	if (!fz_valid(os, fdt_totalsize(os))) {
		fprintf(stderr, "fuzz: DMC_FUZZ_OS is not a valid DTB\n");
		abort();
	}
	fz_stages(1u << FZ_VALID | 1u << FZ_PARSED | FZ_APPLY_STAGES);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dmc_policy pol;
	struct dmc_err err;
	void *fdt;
	int node;

	fdt = fz_gated_copy(data, size);
	if (!fdt)
		return 0;
	node = dmc_policy_find(fdt);
	if (node >= 0 && dmc_policy_parse(fdt, node, &pol, &err) == 0) {
		fz_reached[FZ_PARSED]++;
		fz_apply(os, fdt_totalsize(os), &pol);
	}
	free(fdt);
	return 0;
}
