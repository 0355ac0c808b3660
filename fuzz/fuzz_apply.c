// SPDX-License-Identifier: GPL-2.0+
/*
 * plan + fixup of an arbitrary OS DTB under the fixed policy named by
 * DMC_FUZZ_POLICY (a compiled dts/examples policy). Mutated mostly as a
 * tree (mutate_dt.h), whose repair puts the policy's host back into trees
 * that lost it, so that most runs reach the fixup.
 */
#include "fuzz_common.h"
#include "mutate_dt.h"

static struct dmc_policy pol;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static void *p;	/* static: the policy lives as long as the run */
	struct dmc_err err;

	p = fz_load_env("DMC_FUZZ_POLICY");
	if (dmc_policy_parse(p, dmc_policy_find(p), &pol, &err)) {
		fprintf(stderr, "fuzz: bad policy: %s\n", err.msg);
		abort();
	}
	if (pol.ndomains && pol.dom[0].host[0] == '/' &&
	    !strchr(pol.dom[0].host + 1, '/'))
		md_host = pol.dom[0].host;
	fz_stages(1u << FZ_VALID | FZ_APPLY_STAGES);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *os;

	os = fz_gated_copy(data, size);
	if (!os)
		return 0;
	fz_apply(os, size, &pol);
	free(os);
	return 0;
}
