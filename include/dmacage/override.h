/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * The U-Boot environment overrides (board/dmacage/override.c): what they
 * did to the policy, for the console, the summary and the record. Free of
 * U-Boot types, so that the host build of override.c in the bad-input
 * tests uses this same header.
 */
#ifndef DMACAGE_OVERRIDE_H
#define DMACAGE_OVERRIDE_H

#include <dmacage/dmacage.h>

/* Room for the overrides listed in the record (DT string list bytes). */
#define DMACAGE_LIST_MAX	256

/**
 * struct dmacage_strlist - "name=value" strings, as a DT string list
 * @buf:	the strings, each NUL-terminated
 * @len:	bytes of @buf in use
 * @cut:	more did not fit; the last string is "+"
 */
struct dmacage_strlist {
	char buf[DMACAGE_LIST_MAX];
	unsigned int len;
	bool cut;
};

/**
 * struct dmacage_ovr - what the environment did to the policy
 * @napplied:	dmacage_* overrides applied (dmacage_policy, which names
 *		the policy, is not counted)
 * @nrefused:	weakening overrides a production build refused
 * @nweak:	weakening overrides a bring-up build applied
 * @applied:	every override applied, dmacage_policy included
 * @refused:	every override refused
 */
struct dmacage_ovr {
	unsigned int napplied;
	unsigned int nrefused;
	unsigned int nweak;
	struct dmacage_strlist applied;
	struct dmacage_strlist refused;
};

/**
 * dmacage_override_apply() - apply dmacage_* environment variables
 * @pol:	policy to modify
 * @fdt:	the DT holding the policy (its override ranges)
 * @node:	offset of the policy node in @fdt
 * @plan_fail:	set to the index of a domain whose override is invalid
 *		(-1 if none): that domain must then fail, not run on defaults
 * @ovr:	counts and lists of the overrides applied and refused, added
 *		to (the caller clears it once per planning)
 * @err:	the rejected variable and why
 *
 * A weakening override (include/dmacage/field.h) is refused with one
 * console line in a production build, applied with a warning in a
 * bring-up build (CONFIG_DMACAGE_BRINGUP).
 *
 * Return: 0, or -DMC_E_POLICY for a bad value.
 */
int dmacage_override_apply(struct dmc_policy *pol, const void *fdt, int node,
			   int *plan_fail, struct dmacage_ovr *ovr,
			   struct dmc_err *err);

/**
 * dmacage_policy_env() - the dmacage_policy variable, if this build takes it
 * @ovr:	notes the refusal (production) or the replacement (bring-up)
 *
 * A production build refuses a replacement policy from the environment
 * with one console line.
 *
 * Return: the variable's value, or NULL when it is unset or refused.
 */
const char *dmacage_policy_env(struct dmacage_ovr *ovr);

#endif /* DMACAGE_OVERRIDE_H */
