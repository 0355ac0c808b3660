// SPDX-License-Identifier: GPL-2.0+
/* Policy parsing on an arbitrary policy DTB: no crash, no read past it. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dmc_policy pol;
	struct dmc_err err;
	void *fdt;
	int node;

	if (!fz_valid(data, size))
		return 0;
	fdt = malloc(size);	/* exact size: ASan sees any over-read */
	memcpy(fdt, data, size);
	node = dmc_policy_find(fdt);
	if (node >= 0)
		dmc_policy_parse(fdt, node, &pol, &err);
	free(fdt);
	return 0;
}
