// SPDX-License-Identifier: GPL-2.0+
/*
 * The checker node of a policy DT, parsed into a struct memchk_node: which
 * driver, where its registers are, how to name its clients. The client-name
 * table ("client-ids" + "client-names") follows the idea of Linux's
 * brcmstb_gisb master names: numbers in one property, names in another.
 */
#include <dmacage/memchk.h>

static const struct {
	const char *compatible;
	enum memchk_type type;
} memchk_compat[] = {
	{ "arm,tzc-400",		MEMCHK_TZC400 },
	{ "arm,tzc400",			MEMCHK_TZC400 },
	{ "dmacage,range-checker",	MEMCHK_RANGECHK },
};

static int memchk_dt_type(const void *fdt, int node, struct memchk_node *out,
			  struct dmc_err *err)
{
	const char *method;
	unsigned int i;

	for (i = 0; i < sizeof(memchk_compat) / sizeof(memchk_compat[0]); i++) {
		if (fdt_node_check_compatible(fdt, node,
					      memchk_compat[i].compatible))
			continue;
		out->type = memchk_compat[i].type;
		dmc_fmt(out->compatible, sizeof(out->compatible), "%s",
			memchk_compat[i].compatible);
		break;
	}
	if (out->type == MEMCHK_NONE)
		return dmc_fail(err, -MEMCHK_E_DT, out->path,
				"compatible names no known checker (arm,tzc-400, dmacage,range-checker)");
	method = fdt_getprop(fdt, node, "method", NULL);
	if (!method || !strcmp(method, "mmio"))
		return 0;
	if (!strcmp(method, "smc") && out->type == MEMCHK_RANGECHK) {
		out->type = MEMCHK_RANGECHK_SCALL;
		return 0;
	}
	return dmc_fail(err, -MEMCHK_E_DT, out->path,
			"method \"%s\": \"mmio\", or \"smc\" for a range checker",
			method);
}

static int memchk_dt_u32(const void *fdt, int node, const char *prop,
			 uint32_t *val, const char *path, struct dmc_err *err)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(fdt, node, prop, &len);
	if (!p)
		return 0;
	if (len != sizeof(*p))
		return dmc_fail(err, -MEMCHK_E_DT, path,
				"%s must be one cell, is %d bytes", prop, len);
	*val = fdt32_to_cpu(*p);
	return 0;
}

static int memchk_dt_names(const void *fdt, int node, struct memchk_node *out,
			   struct dmc_err *err)
{
	struct memchk_names *nm = &out->names;
	const fdt32_t *ids;
	const char *s;
	int len, cnt, i;

	ids = fdt_getprop(fdt, node, "client-ids", &len);
	cnt = fdt_stringlist_count(fdt, node, "client-names");
	if (!ids && cnt == -FDT_ERR_NOTFOUND)
		return 0;
	if (!ids || cnt < 0 || len % 4 || len / 4 != cnt)
		return dmc_fail(err, -MEMCHK_E_DT, out->path,
				"client-ids (%d cells) and client-names (%d strings) must pair up",
				ids ? len / 4 : 0, cnt < 0 ? 0 : cnt);
	if (cnt > MEMCHK_MAX_NAMES)
		return dmc_fail(err, -MEMCHK_E_DT, out->path,
				"%d client names, at most %d", cnt,
				MEMCHK_MAX_NAMES);
	for (i = 0; i < cnt; i++) {
		s = fdt_stringlist_get(fdt, node, "client-names", i, NULL);
		nm->id[i] = fdt32_to_cpu(ids[i]);
		dmc_fmt(nm->name[i], sizeof(nm->name[i]), "%s", s ? s : "");
	}
	nm->n = cnt;
	return 0;
}

/*
 * "dmacage,aid-width" and "dmacage,aid-client-map" (<aid mask client>
 * triples): how a fault's AXI ID names its client.
 */
static int memchk_dt_aid(const void *fdt, int node, struct memchk_node *out,
			 struct dmc_err *err)
{
	struct memchk_names *nm = &out->names;
	const fdt32_t *p;
	uint32_t width = 0;
	unsigned int i;
	int len, ret;

	ret = memchk_dt_u32(fdt, node, "dmacage,aid-width", &width, out->path,
			    err);
	if (ret)
		return ret;
	if (width > 24)
		return dmc_fail(err, -MEMCHK_E_DT, out->path,
				"dmacage,aid-width %u: an AXI ID has at most 24 bits",
				width);
	nm->aid_width = width;
	p = fdt_getprop(fdt, node, "dmacage,aid-client-map", &len);
	if (!p)
		return 0;
	if (len <= 0 || len % 12)
		return dmc_fail(err, -MEMCHK_E_DT, out->path,
				"dmacage,aid-client-map must be <aid mask client> triples, is %d bytes",
				len);
	if (len / 12 > MEMCHK_MAX_AID_MAP)
		return dmc_fail(err, -MEMCHK_E_DT, out->path,
				"dmacage,aid-client-map has %d entries, at most %d",
				len / 12, MEMCHK_MAX_AID_MAP);
	for (i = 0; i < (unsigned int)len / 12; i++) {
		nm->aid_map[i].aid = fdt32_to_cpu(p[3 * i]);
		nm->aid_map[i].mask = fdt32_to_cpu(p[3 * i + 1]);
		nm->aid_map[i].client = fdt32_to_cpu(p[3 * i + 2]);
		if (nm->aid_map[i].aid & ~nm->aid_map[i].mask)
			return dmc_fail(err, -MEMCHK_E_DT, out->path,
					"dmacage,aid-client-map entry %u: aid 0x%x has bits outside mask 0x%x",
					i, nm->aid_map[i].aid,
					nm->aid_map[i].mask);
	}
	nm->naid = len / 12;
	return 0;
}

int memchk_dt_parse(const void *fdt, int node, struct memchk_node *out,
		    struct dmc_err *err)
{
	uint32_t gran = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = fdt_get_path(fdt, node, out->path, sizeof(out->path));
	if (ret)
		return dmc_fail(err, -DMC_E_BADFDT, "checker",
				"node %d: %s", node, fdt_strerror(ret));
	out->phandle = fdt_get_phandle(fdt, node);
	ret = memchk_dt_type(fdt, node, out, err);
	if (ret)
		return ret;
	ret = dmc_reg(fdt, fdt_parent_offset(fdt, node), node, 0, &out->base,
		      &out->size);
	if (ret == 0)
		out->has_reg = true;
	else if (ret != -DMC_E_NOTFOUND)
		return dmc_fail(err, -MEMCHK_E_DT, out->path, "malformed reg");
	if (!out->has_reg && out->type != MEMCHK_RANGECHK_SCALL)
		return dmc_fail(err, -MEMCHK_E_DT, out->path,
				"an MMIO checker needs reg");
	ret = memchk_dt_u32(fdt, node, "dmacage,emu-windows",
			    &out->emu_windows, out->path, err);
	if (!ret)
		ret = memchk_dt_u32(fdt, node, "dmacage,emu-address-bits",
				    &out->emu_addr_bits, out->path, err);
	if (!ret)
		ret = memchk_dt_u32(fdt, node, "dmacage,emu-granule", &gran,
				    out->path, err);
	if (!ret)
		ret = memchk_dt_u32(fdt, node, "dmacage,emu-filters",
				    &out->emu_units, out->path, err);
	if (ret)
		return ret;
	if (gran & (gran - 1))
		return dmc_fail(err, -MEMCHK_E_DT, out->path,
				"dmacage,emu-granule 0x%x is not a power of two",
				gran);
	out->emu_granule = gran;
	ret = memchk_dt_names(fdt, node, out, err);
	if (ret)
		return ret;
	return memchk_dt_aid(fdt, node, out, err);
}

int memchk_dt_by_phandle(const void *fdt, uint32_t phandle,
			 struct memchk_node *out, struct dmc_err *err)
{
	int node = fdt_node_offset_by_phandle(fdt, phandle);

	if (node < 0)
		return dmc_fail(err, -MEMCHK_E_DT, "checker",
				"no node with phandle 0x%x", phandle);
	return memchk_dt_parse(fdt, node, out, err);
}
