// SPDX-License-Identifier: GPL-2.0+
/*
 * Checker programming at hand-off (placeholder until the memchk uclass
 * lands): a domain that names a checker fails, closed.
 */
#include <common.h>
#include <dmacage/uboot.h>

int dmacage_checkers_apply(struct dmacage_state *st, bool *failed)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < st->plan.nwin; i++) {
		if (!st->pol.dom[i].checker)
			continue;
		failed[i] = true;
		ret = dmc_fail(&st->err, -DMC_E_CHECKER, st->pol.dom[i].name,
			       "no checker driver in this build");
	}
	return ret;
}

int dmacage_checkers_status(const struct dmacage_state *st)
{
	unsigned int i;

	for (i = 0; i < st->plan.nwin; i++)
		if (!st->pol.dom[i].checker)
			printf("dmacage: checker %s none\n", st->pol.dom[i].name);
	return 0;
}

int dmacage_checkers_faults(const struct dmacage_state *st, bool clear)
{
	printf("dmacage: no checker records in this build\n");
	return 0;
}
