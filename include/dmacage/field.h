/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * What a policy lets the field change: the ranges within which a production
 * U-Boot accepts environment overrides of a domain's sizes and placement,
 * and whether a domain may run without a checker (binding:
 * dts/bindings/dmacage,policy.yaml).
 */
#ifndef DMACAGE_FIELD_H
#define DMACAGE_FIELD_H

#include <dmacage/dmacage.h>

/**
 * struct dmc_field_bounds - one domain's override ranges
 * @has_rsize:	the domain states "restricted-size-range"
 * @rsize_min:	smallest restricted size an override may set
 * @rsize_max:	largest one
 * @has_csize:	the domain states "coherent-size-range"
 * @csize_min:	smallest coherent size an override may set (0 = none)
 * @csize_max:	largest one
 * @has_place:	the domain states "placement-range"
 * @place_lo:	lowest window base an override may set
 * @place_hi:	highest window end (exclusive) an override may lead to
 */
struct dmc_field_bounds {
	bool has_rsize;
	uint64_t rsize_min;
	uint64_t rsize_max;
	bool has_csize;
	uint64_t csize_min;
	uint64_t csize_max;
	bool has_place;
	uint64_t place_lo;
	uint64_t place_hi;
};

/**
 * dmc_field_bounds() - read and check a domain's override ranges
 * @fdt:	the DT holding the policy
 * @dnode:	offset of the domain node
 * @dname:	the domain's name, for @err
 * @b:		filled in (all has_* false when the domain states none)
 * @err:	reason on failure, naming "<domain>/<property>"
 *
 * Each range is <min-hi min-lo max-hi max-lo>: min at most max, sizes
 * within dmc_policy_check_size() (restricted ones non-zero), a placement
 * range non-empty with a 2 MiB aligned start.
 *
 * Return: 0 or -DMC_E_POLICY.
 */
int dmc_field_bounds(const void *fdt, int dnode, const char *dname,
		     struct dmc_field_bounds *b, struct dmc_err *err);

/**
 * dmc_field_parse() - the policy parser's part for the field properties
 * @fdt:	the DT holding the policy
 * @dnode:	offset of the domain node
 * @d:		the domain; sets @d->checker_optional
 * @err:	reason on failure
 *
 * Checks the override ranges (dmc_field_bounds()) so that a bad one is a
 * policy error everywhere, not only when an override meets it, and reads
 * "checker-optional" (an empty property; not together with "checker").
 *
 * Return: 0 or -DMC_E_POLICY.
 */
int dmc_field_parse(const void *fdt, int dnode, struct dmc_domain *d,
		    struct dmc_err *err);

/**
 * dmc_domain_enforced() - does a checker enforce @d's pools?
 * @d:		the domain
 *
 * Return: true when the domain has a checker; false for a domain whose
 * pools are bounce buffers only ("pool only, not enforced").
 */
static inline bool dmc_domain_enforced(const struct dmc_domain *d)
{
	return d->checker != 0;
}

/**
 * dmc_plan_fail_unenforced() - fail the planned domains nothing enforces
 * @pol:	the policy
 * @plan:	its plan; every planned domain without a checker whose
 *		policy does not say "checker-optional" becomes DMC_DOM_FAILED
 *		(-DMC_E_CHECKER), and the plan hash is made again
 * @err:	the first such failure, when @err holds none yet (may be NULL)
 *
 * What U-Boot does before the hand-off, so that on-error decides about a
 * domain whose pools no checker would enforce. The host tool calls it to
 * predict U-Boot's plan.
 *
 * Return: the number of domains failed.
 */
unsigned int dmc_plan_fail_unenforced(const struct dmc_policy *pol,
				      struct dmc_plan *plan,
				      struct dmc_err *err);

#endif /* DMACAGE_FIELD_H */
