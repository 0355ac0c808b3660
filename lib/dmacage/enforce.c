// SPDX-License-Identifier: GPL-2.0+
/*
 * A domain without a checker: its pools are bounce buffers that nothing on
 * the bus enforces. Unless the policy accepts that ("checker-optional"),
 * such a domain fails before the hand-off and on-error decides
 * (include/dmacage/field.h).
 */
#include <dmacage/field.h>

unsigned int dmc_plan_fail_unenforced(const struct dmc_policy *pol,
				      struct dmc_plan *plan,
				      struct dmc_err *err)
{
	unsigned int i, n = 0;
	struct dmc_window *w;

	for (i = 0; i < plan->nwin; i++) {
		w = &plan->win[i];
		if (w->state != DMC_DOM_PLANNED ||
		    dmc_domain_enforced(&pol->dom[i]) ||
		    pol->dom[i].checker_optional)
			continue;
		memset(w, 0, sizeof(*w));
		w->state = DMC_DOM_FAILED;
		w->code = -DMC_E_CHECKER;
		DMC_REASON(w,
			"%s: no checker enforces its pools, and the policy does not say checker-optional",
			pol->dom[i].name);
		if (err && !err->code)
			dmc_fail(err, -DMC_E_CHECKER, pol->dom[i].name,
				 "no checker enforces its pools, and the policy does not say checker-optional");
		n++;
	}
	if (n)
		dmc_plan_hash(plan);
	return n;
}
