// SPDX-License-Identifier: GPL-2.0+
/*
 * What a policy lets the field change (include/dmacage/field.h).
 *
 * The environment of a shipped board is writable by whoever holds the board
 * or a foothold in its OS, so a production build takes from it only what
 * the policy allows in advance: each range here is the policy author's
 * statement of the sizes and places that still confine the domain.
 */
#include <dmacage/field.h>

/* One <min-hi min-lo max-hi max-lo> range. Return: 1, 0 absent, or < 0. */
static int dmc_field_range(const void *fdt, int dnode, const char *prop,
			   uint64_t *lo, uint64_t *hi, const char *where,
			   struct dmc_err *err)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(fdt, dnode, prop, &len);
	if (!p)
		return 0;
	if (len != 4 * (int)sizeof(*p))
		return dmc_fail(err, -DMC_E_POLICY, where,
				"must be a range <min-hi min-lo max-hi max-lo> (16 bytes), got %d bytes",
				len);
	*lo = (uint64_t)fdt32_to_cpu(p[0]) << 32 | fdt32_to_cpu(p[1]);
	*hi = (uint64_t)fdt32_to_cpu(p[2]) << 32 | fdt32_to_cpu(p[3]);
	if (*lo > *hi)
		return dmc_fail(err, -DMC_E_POLICY, where,
				"minimum 0x%llx is above maximum 0x%llx",
				(unsigned long long)*lo,
				(unsigned long long)*hi);
	return 1;
}

int dmc_field_bounds(const void *fdt, int dnode, const char *dname,
		     struct dmc_field_bounds *b, struct dmc_err *err)
{
	char where[DMC_NAME_MAX + 32];
	int ret;

	memset(b, 0, sizeof(*b));
	dmc_fmt(where, sizeof(where), "%s/restricted-size-range", dname);
	ret = dmc_field_range(fdt, dnode, "restricted-size-range",
			      &b->rsize_min, &b->rsize_max, where, err);
	if (ret > 0)
		ret = dmc_policy_check_size(b->rsize_min, true, where, err) ?:
		      dmc_policy_check_size(b->rsize_max, true, where, err) ?:
		      1;
	if (ret < 0)
		return ret;
	b->has_rsize = ret;

	dmc_fmt(where, sizeof(where), "%s/coherent-size-range", dname);
	ret = dmc_field_range(fdt, dnode, "coherent-size-range",
			      &b->csize_min, &b->csize_max, where, err);
	if (ret > 0)
		ret = dmc_policy_check_size(b->csize_max, false, where, err) ?:
		      1;
	if (ret < 0)
		return ret;
	b->has_csize = ret;

	dmc_fmt(where, sizeof(where), "%s/placement-range", dname);
	ret = dmc_field_range(fdt, dnode, "placement-range", &b->place_lo,
			      &b->place_hi, where, err);
	if (ret > 0 && b->place_lo == b->place_hi)
		return dmc_fail(err, -DMC_E_POLICY, where,
				"the range is empty");
	if (ret > 0)
		ret = dmc_policy_check_base(b->place_lo, where, err) ?: 1;
	if (ret < 0)
		return ret;
	b->has_place = ret;
	return 0;
}

/*
 * checker-optional: a boolean, and only for a domain without a checker.
 * Apart from dmc_field_parse() so that its message buffer is not on the
 * stack while the ranges are read.
 */
static noinline_for_stack int dmc_field_optional(const void *fdt, int dnode,
						 struct dmc_domain *d,
						 struct dmc_err *err)
{
	char where[DMC_NAME_MAX + 32];
	int len;

	d->checker_optional = fdt_getprop(fdt, dnode, "checker-optional",
					  &len) != NULL;
	dmc_fmt(where, sizeof(where), "%s/checker-optional", d->name);
	if (d->checker_optional && len)
		return dmc_fail(err, -DMC_E_POLICY, where,
				"must be an empty (boolean) property, got %d bytes",
				len);
	/* a checker makes the domain enforced: "optional" would read wrong */
	if (d->checker_optional && d->checker)
		return dmc_fail(err, -DMC_E_POLICY, where,
				"the domain has a checker; checker-optional is for a domain without one");
	return 0;
}

int dmc_field_parse(const void *fdt, int dnode, struct dmc_domain *d,
		    struct dmc_err *err)
{
	struct dmc_field_bounds b;

	return dmc_field_bounds(fdt, dnode, d->name, &b, err) ?:
	       dmc_field_optional(fdt, dnode, d, err);
}
