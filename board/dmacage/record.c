// SPDX-License-Identifier: GPL-2.0+
/*
 * What U-Boot adds to the record the fixup writes (/chosen/dmacage; binding
 * dts/bindings/dmacage,record.yaml): the build profile, where the policy
 * came from, which environment overrides were applied or refused, per
 * domain whether a checker enforces its pools, and the digest measured.
 * The fixup is shared with the host tool, which has no environment and no
 * build profile, so these few properties are set here, in place, after it.
 */
#include <dmacage/field.h>
#include <dmacage/uboot.h>

static int dmacage_record_list(void *fdt, int node, const char *name,
			       const struct dmacage_strlist *l)
{
	if (!l->len)
		return 0;
	return fdt_setprop(fdt, node, name, l->buf, l->len);
}

/* Per domain: "pool only, not enforced" where no checker enforces it. */
static int dmacage_record_enforcement(void *fdt, int rec,
				      const struct dmacage_state *st)
{
	unsigned int i;
	int node, ret;

	for (i = 0; i < st->plan.nwin; i++) {
		if (st->plan.win[i].state != DMC_DOM_PLANNED)
			continue;
		node = fdt_subnode_offset(fdt, rec, st->pol.dom[i].name);
		if (node < 0)
			return node;
		ret = fdt_setprop_string(fdt, node, "enforcement",
					 dmc_domain_enforced(&st->pol.dom[i]) ?
					 "checker" : "pool only, not enforced");
		if (ret)
			return ret;
	}
	return 0;
}

int dmacage_record_extend(void *fdt, struct dmacage_state *st)
{
	char src[40];
	int node, ret;

	node = fdt_path_offset(fdt, "/chosen/dmacage");
	if (node < 0)
		return node;
	ret = fdt_setprop_string(fdt, node, "build-profile",
				 dmacage_profile());
	/* without "+env": the overrides are listed on their own */
	dmacage_src_text(st, src, sizeof(src));
	if (strstr(src, "+env"))
		*strstr(src, "+env") = '\0';
	ret = ret ?: fdt_setprop_string(fdt, node, "policy-source", src);
	ret = ret ?: dmacage_record_list(fdt, node, "overrides",
					 &st->ovr.applied);
	/* the children follow the record's own properties: its offset holds */
	ret = ret ?: dmacage_record_enforcement(fdt, node, st);
	ret = ret ?: dmacage_record_list(fdt, node, "overrides-refused",
					 &st->ovr.refused);
	ret = ret ?: fdt_setprop(fdt, node, "digest", st->digest,
				 sizeof(st->digest));
	if (!ret && st->measured)
		ret = fdt_setprop_u32(fdt, node, "digest-pcr",
				      CONFIG_DMACAGE_MEASURE_PCR);
	return ret;
}
