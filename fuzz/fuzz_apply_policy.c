// SPDX-License-Identifier: GPL-2.0+
/*
 * plan + fixup with the policy fuzzed together with the tree: the input is
 * one DTB that is the OS DT and carries its policy at /dmacage (a node
 * Linux ignores). The tree mutator (mutate_dt.h) edits both, and grafts
 * DMC_FUZZ_POLICY's /dmacage into a tree that has none, so that a policy
 * names hosts, sizes and endpoints of the very tree it is applied to.
 */
#include "fuzz_common.h"
#include "mutate_dt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	md_graft = fz_load_env("DMC_FUZZ_POLICY");
	if (!fz_valid(md_graft, fdt_totalsize(md_graft)) ||
	    fdt_path_offset(md_graft, "/dmacage") < 0) {
		fprintf(stderr, "fuzz: DMC_FUZZ_POLICY has no /dmacage\n");
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
		fz_apply(fdt, size, &pol);
	}
	free(fdt);
	return 0;
}
