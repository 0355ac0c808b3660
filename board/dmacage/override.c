// SPDX-License-Identifier: GPL-2.0+
/*
 * Per-domain policy overrides from the environment, for provisioning one
 * image across SKUs with setenv/saveenv or fw_setenv:
 *
 *   dmacage_on_error			disable | halt | warn
 *   dmacage_<domain>_enable		1 | 0
 *   dmacage_<domain>_restricted_size	size
 *   dmacage_<domain>_coherent_size	size (0 = no coherent pool)
 *   dmacage_<domain>_base		address (fixed window start)
 *   dmacage_<domain>_limit		address (exclusive end bound)
 *
 * Sizes and addresses are hex with 0x, or decimal, with an optional K, M or
 * G suffix (powers of 1024). Any other dmacage_* variable is an error too: a
 * misspelt override must not be silently ignored, because the domain would
 * then run on values nobody asked for. (dmacage_policy, the policy address,
 * is read by the policy lookup.)
 */
#include <common.h>
#include <env.h>
#include <env_internal.h>
#include <search.h>
#include <dmacage/uboot.h>

#define DMACAGE_PREFIX		"dmacage_"

enum dmacage_field { F_ENABLE, F_RSIZE, F_CSIZE, F_BASE, F_LIMIT };

static const char *const dmacage_fields[] = {
	[F_ENABLE] = "enable",
	[F_RSIZE] = "restricted_size",
	[F_CSIZE] = "coherent_size",
	[F_BASE] = "base",
	[F_LIMIT] = "limit",
};

/*
 * Strict number: [0x]digits[K|M|G], nothing else, within 64 bits. Range
 * rules are the policy's own (dmc_policy_check_*), so an override is held
 * to exactly what the same value in the policy would be.
 * Return: 0 or -1.
 */
static int dmacage_parse_num(const char *s, u64 *val)
{
	unsigned int base = 10, shift = 0, d;
	u64 v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (v > (~0ULL - d) / base)
			return -1;
		v = v * base + d;
	}
	if (*s) {
		shift = *s == 'K' ? 10 : *s == 'M' ? 20 : *s == 'G' ? 30 : 0;
		if (!shift || s[1])
			return -1;
		if (v > ~0ULL >> shift)
			return -1;
		v <<= shift;
	}
	*val = v;
	return 0;
}

static int dmacage_set_field(struct dmc_domain *d, enum dmacage_field f,
			     const char *name, const char *val,
			     struct dmc_err *err)
{
	u64 v;

	if (f == F_ENABLE) {
		if (strcmp(val, "0") && strcmp(val, "1"))
			return dmc_fail(err, -DMC_E_POLICY, name,
					"\"%s\" is not 0 or 1", val);
		d->disabled = val[0] == '0';
		return 0;
	}
	if (dmacage_parse_num(val, &v))
		return dmc_fail(err, -DMC_E_POLICY, name,
				"\"%s\" is not a number (0x hex or decimal, optional K/M/G)",
				val);
	switch (f) {
	case F_RSIZE:
		if (!v)
			return dmc_fail(err, -DMC_E_POLICY, name,
					"the restricted pool cannot be empty");
		d->restricted_size = v;
		return dmc_policy_check_size(v, true, name, err);
	case F_CSIZE:
		d->coherent_size = v;
		return dmc_policy_check_size(v, false, name, err);
	case F_BASE:
		d->base = v;
		d->has_base = true;
		return dmc_policy_check_base(v, name, err);
	default:
		if (!v)
			return dmc_fail(err, -DMC_E_POLICY, name,
					"a limit of 0 leaves no room");
		d->limit = v;
		d->has_limit = true;
		return 0;
	}
}

static int dmacage_set_on_error(struct dmc_policy *pol, const char *val,
				struct dmc_err *err)
{
	if (!strcmp(val, "disable"))
		pol->on_error = DMC_ON_ERROR_DISABLE;
	else if (!strcmp(val, "halt"))
		pol->on_error = DMC_ON_ERROR_HALT;
	else if (!strcmp(val, "warn"))
		pol->on_error = DMC_ON_ERROR_WARN;
	else
		return dmc_fail(err, -DMC_E_POLICY, "dmacage_on_error",
				"\"%s\" is not disable, halt or warn", val);
	return 0;
}

/*
 * One dmacage_<domain>_<field> variable. Domain names may hold '_', so the
 * field is matched at the end. Return: 0 or -DMC_E_POLICY; *dom is set to
 * the domain concerned (-1 when none can be named).
 */
static int dmacage_one(struct dmc_policy *pol, const char *name,
		       const char *val, int *dom, struct dmc_err *err)
{
	const char *rest = name + strlen(DMACAGE_PREFIX);
	size_t rlen = strlen(rest), flen, dlen;
	unsigned int i, f;

	*dom = -1;
	if (!strcmp(rest, "policy"))
		return 0;
	if (!strcmp(rest, "on_error"))
		return dmacage_set_on_error(pol, val, err);
	for (f = 0; f < ARRAY_SIZE(dmacage_fields); f++) {
		flen = strlen(dmacage_fields[f]);
		if (rlen < flen + 2 || rest[rlen - flen - 1] != '_' ||
		    strcmp(rest + rlen - flen, dmacage_fields[f]))
			continue;
		dlen = rlen - flen - 1;
		for (i = 0; i < pol->ndomains; i++) {
			if (strlen(pol->dom[i].name) == dlen &&
			    !strncmp(pol->dom[i].name, rest, dlen)) {
				*dom = i;
				return dmacage_set_field(&pol->dom[i], f, name,
							 val, err);
			}
		}
		return dmc_fail(err, -DMC_E_POLICY, name,
				"the policy has no such domain");
	}
	return dmc_fail(err, -DMC_E_POLICY, name,
			"unknown dmacage variable (fields: enable, restricted_size, coherent_size, base, limit)");
}

int dmacage_override_apply(struct dmc_policy *pol, int *plan_fail,
			   unsigned int *napplied, struct dmc_err *err)
{
	struct env_entry *e;
	int idx = 0, dom, ret;

	*plan_fail = -1;
	*napplied = 0;
	while ((idx = hmatch_r(DMACAGE_PREFIX, idx, &e, &env_htab))) {
		ret = dmacage_one(pol, e->key, e->data, &dom, err);
		if (ret) {
			*plan_fail = dom;
			return ret;
		}
		*napplied += !!strcmp(e->key, DMACAGE_PREFIX "policy");
	}
	return 0;
}
