// SPDX-License-Identifier: GPL-2.0+
/*
 * Per-domain policy overrides from the environment, for provisioning one
 * image across SKUs with setenv/saveenv or fw_setenv:
 *
 *   dmacage_policy			address of a replacement policy DTB
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
 * then run on values nobody asked for.
 *
 * The environment is writable by anyone with the board or a foothold in its
 * OS, so a production build (CONFIG_DMACAGE_BRINGUP off) refuses every
 * override that weakens the policy: a replacement policy, a weaker
 * on-error, a domain switched off, and a size or placement outside the
 * ranges the policy states (restricted-size-range, coherent-size-range,
 * placement-range; include/dmacage/field.h). Each refusal is one console
 * line naming the variable and why, and the policy's own value stays. A
 * bring-up build applies them with a warning each. Both keep the lists for
 * the record under /chosen/dmacage.
 */
#include <env.h>
#include <env_internal.h>
#include <search.h>
#include <stdio.h>
#include <vsprintf.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <dmacage/field.h>
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

/* on-error values from weakest to strictest */
static const enum dmc_on_error dmacage_strictness[] = {
	DMC_ON_ERROR_WARN, DMC_ON_ERROR_DISABLE, DMC_ON_ERROR_HALT,
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

/*
 * Append "name=value" to @l as one more string of a DT string list. What
 * does not fit ends the list with a "+" entry, so a cut list says so.
 */
static void dmacage_list_add(struct dmacage_strlist *l, const char *name,
			     const char *val)
{
	size_t room = sizeof(l->buf) - l->len;
	int n;

	if (l->cut)
		return;
	n = snprintf(l->buf + l->len, room, "%s=%s", name, val);
	/* keep two bytes for the "+" entry */
	if (n < 0 || (size_t)n + 1 > room - 2) {
		strcpy(l->buf + l->len, "+");
		l->len += 2;
		l->cut = true;
		return;
	}
	l->len += n + 1;
}

/*
 * A weakening override: refused in production (return 1: leave the
 * policy's value), applied with a warning in bring-up (return 0).
 */
static int dmacage_weakening(struct dmacage_ovr *ovr, const char *name,
			     const char *val, const char *why)
{
	if (!IS_ENABLED(CONFIG_DMACAGE_BRINGUP)) {
		printf("dmacage: refused: %s=%s: %s; a production build goes on with the policy as built\n",
		       name, val, why);
		ovr->nrefused++;
		dmacage_list_add(&ovr->refused, name, val);
		return 1;
	}
	printf("dmacage: WARNING: bring-up build: %s=%s weakens the policy: %s\n",
	       name, val, why);
	ovr->nweak++;
	return 0;
}

static void dmacage_applied(struct dmacage_ovr *ovr, const char *name,
			    const char *val)
{
	ovr->napplied++;
	dmacage_list_add(&ovr->applied, name, val);
}

const char *dmacage_policy_env(struct dmacage_ovr *ovr)
{
	const char *s = env_get("dmacage_policy");

	if (!s)
		return NULL;
	if (dmacage_weakening(ovr, "dmacage_policy", s,
			      "it replaces the policy"))
		return NULL;
	dmacage_list_add(&ovr->applied, "dmacage_policy", s);
	return s;
}

/* Why a value is outside @range, which the policy may not state at all. */
static const char *dmacage_outside(bool has, u64 lo, u64 hi,
				   const char *range, char *buf, size_t size)
{
	if (has)
		snprintf(buf, size, "outside the policy's %s 0x%llx..0x%llx",
			 range, (unsigned long long)lo,
			 (unsigned long long)hi);
	else
		snprintf(buf, size, "the policy states no %s", range);
	return buf;
}

/*
 * Why @v for field @f of @d weakens the policy, or NULL when @b allows it.
 * A value equal to the policy's own never weakens it.
 */
static const char *dmacage_why_weak(const struct dmc_domain *d,
				    enum dmacage_field f, u64 v,
				    const struct dmc_field_bounds *b,
				    char *buf, size_t size)
{
	switch (f) {
	case F_ENABLE:
		return v || d->disabled ? NULL : "it switches the domain off";
	case F_RSIZE:
		if (v == d->restricted_size || (b->has_rsize &&
		    v >= b->rsize_min && v <= b->rsize_max))
			return NULL;
		return dmacage_outside(b->has_rsize, b->rsize_min,
				       b->rsize_max, "restricted-size-range",
				       buf, size);
	case F_CSIZE:
		if (v == d->coherent_size || (b->has_csize &&
		    v >= b->csize_min && v <= b->csize_max))
			return NULL;
		return dmacage_outside(b->has_csize, b->csize_min,
				       b->csize_max, "coherent-size-range",
				       buf, size);
	default:
		if ((f == F_BASE && d->has_base && v == d->base) ||
		    (f == F_LIMIT && d->has_limit && v == d->limit))
			return NULL;
		/* a base in [lo, hi), a limit in (lo, hi] */
		if (b->has_place && (f == F_BASE ?
		    v >= b->place_lo && v < b->place_hi :
		    v > b->place_lo && v <= b->place_hi))
			return NULL;
		return dmacage_outside(b->has_place, b->place_lo,
				       b->place_hi, "placement-range", buf,
				       size);
	}
}

/* The value's own rules, the same as in the policy. Return: 0 or < 0. */
static int dmacage_check_field(enum dmacage_field f, const char *name,
			       const char *val, u64 *v, struct dmc_err *err)
{
	if (f == F_ENABLE) {
		if (strcmp(val, "0") && strcmp(val, "1"))
			return dmc_fail(err, -DMC_E_POLICY, name,
					"\"%s\" is not 0 or 1", val);
		*v = val[0] == '1';
		return 0;
	}
	if (dmacage_parse_num(val, v))
		return dmc_fail(err, -DMC_E_POLICY, name,
				"\"%s\" is not a number (0x hex or decimal, optional K/M/G)",
				val);
	switch (f) {
	case F_RSIZE:
		if (!*v)
			return dmc_fail(err, -DMC_E_POLICY, name,
					"the restricted pool cannot be empty");
		return dmc_policy_check_size(*v, true, name, err);
	case F_CSIZE:
		return dmc_policy_check_size(*v, false, name, err);
	case F_BASE:
		return dmc_policy_check_base(*v, name, err);
	default:
		if (!*v)
			return dmc_fail(err, -DMC_E_POLICY, name,
					"a limit of 0 leaves no room");
		return 0;
	}
}

static int dmacage_set_field(struct dmc_domain *d, enum dmacage_field f,
			     const char *name, const char *val,
			     const struct dmc_field_bounds *b,
			     struct dmacage_ovr *ovr, struct dmc_err *err)
{
	char buf[96];
	const char *why;
	u64 v = 0;
	int ret;

	ret = dmacage_check_field(f, name, val, &v, err);
	if (ret)
		return ret;
	why = dmacage_why_weak(d, f, v, b, buf, sizeof(buf));
	if (why && dmacage_weakening(ovr, name, val, why))
		return 0;
	switch (f) {
	case F_ENABLE:
		d->disabled = !v;
		break;
	case F_RSIZE:
		d->restricted_size = v;
		break;
	case F_CSIZE:
		d->coherent_size = v;
		break;
	case F_BASE:
		d->base = v;
		d->has_base = true;
		break;
	default:
		d->limit = v;
		d->has_limit = true;
	}
	/* a base moved within placement-range must not end above it */
	if (f == F_BASE && !why && b->has_place &&
	    (!d->has_limit || d->limit > b->place_hi)) {
		d->limit = b->place_hi;
		d->has_limit = true;
	}
	dmacage_applied(ovr, name, val);
	return 0;
}

static unsigned int dmacage_rank(enum dmc_on_error e)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dmacage_strictness); i++)
		if (dmacage_strictness[i] == e)
			break;
	return i;
}

static int dmacage_set_on_error(struct dmc_policy *pol, const char *val,
				struct dmacage_ovr *ovr, struct dmc_err *err)
{
	static const char *const names[] = {
		[DMC_ON_ERROR_DISABLE] = "disable",
		[DMC_ON_ERROR_HALT] = "halt",
		[DMC_ON_ERROR_WARN] = "warn",
	};
	char why[64];
	unsigned int e;

	for (e = 0; e < ARRAY_SIZE(names); e++)
		if (!strcmp(val, names[e]))
			break;
	if (e == ARRAY_SIZE(names))
		return dmc_fail(err, -DMC_E_POLICY, "dmacage_on_error",
				"\"%s\" is not disable, halt or warn", val);
	snprintf(why, sizeof(why), "weaker than the policy's on-error \"%s\"",
		 names[pol->on_error]);
	if (dmacage_rank(e) < dmacage_rank(pol->on_error) &&
	    dmacage_weakening(ovr, "dmacage_on_error", val, why))
		return 0;
	pol->on_error = e;
	dmacage_applied(ovr, "dmacage_on_error", val);
	return 0;
}

/*
 * One dmacage_<domain>_<field> variable. Domain names may hold '_', so the
 * field is matched at the end. Return: 0 or -DMC_E_POLICY; *dom is set to
 * the domain concerned (-1 when none can be named).
 */
static int dmacage_one(struct dmc_policy *pol, const void *fdt, int node,
		       const char *name, const char *val, int *dom,
		       struct dmacage_ovr *ovr, struct dmc_err *err)
{
	const char *rest = name + strlen(DMACAGE_PREFIX);
	size_t rlen = strlen(rest), flen, dlen;
	struct dmc_field_bounds b;
	unsigned int i, f;
	int ret;

	*dom = -1;
	if (!strcmp(rest, "policy"))
		return 0;
	if (!strcmp(rest, "on_error"))
		return dmacage_set_on_error(pol, val, ovr, err);
	for (f = 0; f < ARRAY_SIZE(dmacage_fields); f++) {
		flen = strlen(dmacage_fields[f]);
		if (rlen < flen + 2 || rest[rlen - flen - 1] != '_' ||
		    strcmp(rest + rlen - flen, dmacage_fields[f]))
			continue;
		dlen = rlen - flen - 1;
		for (i = 0; i < pol->ndomains; i++) {
			if (strlen(pol->dom[i].name) != dlen ||
			    strncmp(pol->dom[i].name, rest, dlen))
				continue;
			*dom = i;
			/* the parser checked these ranges already */
			ret = dmc_field_bounds(fdt, fdt_subnode_offset(fdt, node,
						pol->dom[i].name),
					       pol->dom[i].name, &b, err);
			return ret ?: dmacage_set_field(&pol->dom[i], f, name,
							val, &b, ovr, err);
		}
		return dmc_fail(err, -DMC_E_POLICY, name,
				"the policy has no such domain");
	}
	return dmc_fail(err, -DMC_E_POLICY, name,
			"unknown dmacage variable (fields: enable, restricted_size, coherent_size, base, limit)");
}

int dmacage_override_apply(struct dmc_policy *pol, const void *fdt, int node,
			   int *plan_fail, struct dmacage_ovr *ovr,
			   struct dmc_err *err)
{
	struct env_entry *e;
	int idx = 0, dom, ret;

	*plan_fail = -1;
	while ((idx = hmatch_r(DMACAGE_PREFIX, idx, &e, &env_htab))) {
		ret = dmacage_one(pol, fdt, node, e->key, e->data, &dom, ovr,
				  err);
		if (ret) {
			*plan_fail = dom;
			return ret;
		}
	}
	return 0;
}
