// SPDX-License-Identifier: GPL-2.0+
/*
 * ARM CoreLink TZC-400 driver: maps "these clients (NSAIDs) may reach only
 * these windows" onto the TZC-400 region model.
 *
 * - Region 0, the background, keeps every permission it had at probe time
 *   except the confined NSAIDs', which it loses: outside any window they
 *   are denied.
 * - Each window becomes one region 1..n, enabled on every filter, that
 *   grants the window's NSAIDs plus everyone region 0 grants (a region
 *   replaces region 0 inside it, so it must repeat region 0's grants or it
 *   would lock other masters out of the pool). Secure access is kept as
 *   region 0 has it.
 * - Regions 1..n must not overlap on a filter (the TRM leaves that
 *   undefined and flags it), which the frontend already refuses.
 * - The TZC-400 has a 4 KiB granule and inclusive tops: TOP_LOW [11:0]
 *   read as ones.
 * - ACTION is set to DECERR plus interrupt, so a denied device access both
 *   fails on the bus and is reported.
 * - The gate keepers are opened, never closed: closing them would stall
 *   U-Boot's own accesses through the same filter. Safety comes from the
 *   write order instead (deny, disable, rewrite, enable).
 */
#include "memchk_drv.h"
#include "tzc400.h"

/**
 * struct tzc400_priv - the driver's state in struct memchk (MEMCHK_PRIV())
 * @bg_access:	REGION_ID_ACCESS_0 found at probe: who had access before
 *		dmacage; windows grant it too
 * @bg_attr:	REGION_ATTRIBUTES_0 found at probe: windows keep its secure
 *		access bits
 */
struct tzc400_priv {
	uint32_t bg_access;
	uint32_t bg_attr;
};

void tzc400_reg_name(uint32_t off, char *buf, size_t size)
{
	static const char *const region[] = {
		"BASE_LOW", "BASE_HIGH", "TOP_LOW", "TOP_HIGH", "ATTRIBUTES",
		"ID_ACCESS"
	};
	static const char *const fail[] = {
		"ADDRESS_LOW", "ADDRESS_HIGH", "CONTROL", "ID"
	};
	static const char *const top[] = {
		"BUILD_CONFIG", "ACTION", "GATE_KEEPER", "SPECULATION_CTRL",
		"INT_STATUS", "INT_CLEAR"
	};

	if (off < 0x18 && !(off & 3))
		dmc_fmt(buf, size, "%s", top[off / 4]);
	else if (off >= 0x20 && off < 0x60)
		dmc_fmt(buf, size, "FAIL_%s_%u", fail[(off & 0xf) / 4],
			(off - 0x20) / 0x10);
	else if (off >= 0x100 && off < 0x220 && (off - 0x100) % 0x20 < 0x18)
		dmc_fmt(buf, size, "REGION_%s_%u",
			region[((off - 0x100) % 0x20) / 4], (off - 0x100) / 0x20);
	else
		dmc_fmt(buf, size, "TZC_0x%03x", off);
}

static void tzc_name(const struct memchk *c, uint32_t off, char *buf,
		     size_t size)
{
	tzc400_reg_name(off, buf, size);
}

static int tzc_probe(struct memchk *c, struct dmc_err *err)
{
	struct tzc400_priv *p = MEMCHK_PRIV(c, struct tzc400_priv);
	uint32_t cid = tzc_read_cid(&c->io), part = tzc_read_part(&c->io);
	uint32_t bc;

	if (cid != TZC_CID || part != TZC_PART)
		return dmc_fail(err, -MEMCHK_E_PROBE, c->name,
				"not a TZC-400: component ID 0x%08x, part 0x%03x",
				cid, part);
	bc = tzc_read_build_config(&c->io);
	/*
	 * The field is 5 bits wide but a TZC-400 has at most 9 regions: more
	 * is a register that does not read right, and readback (one window
	 * per enabled region) would overrun an intent's MEMCHK_MAX_WINDOWS.
	 */
	if (TZC_BC_NR(bc) > TZC_MAX_REGIONS)
		return dmc_fail(err, -MEMCHK_E_PROBE, c->name,
				"BUILD_CONFIG 0x%08x says %u regions, a TZC-400 has at most %u",
				bc, TZC_BC_NR(bc), TZC_MAX_REGIONS);
	c->desc.nwindows = TZC_BC_NR(bc) - 1;
	c->hw_windows = c->desc.nwindows;
	if (c->desc.nwindows > MEMCHK_MAX_WINDOWS)
		c->desc.nwindows = MEMCHK_MAX_WINDOWS;
	c->desc.addr_bits = TZC_BC_AW(bc);
	c->desc.nunits = TZC_BC_NF(bc);
	c->desc.granule = TZC_GRANULE;
	c->desc.nclients = TZC_NSAIDS;
	c->desc.can_lock = false;
	c->desc.secure_port = true;
	c->desc.id = part;
	p->bg_access = tzc_read_region_id_access(&c->io, 0);
	p->bg_attr = tzc_read_region_attributes(&c->io, 0);
	return 0;
}

/* REGION_ID_ACCESS bits of @clients for @perm. */
static uint32_t tzc_access(uint32_t clients, unsigned int perm)
{
	uint32_t v = 0;

	if (perm & MEMCHK_PERM_R)
		v |= clients & 0xffff;
	if (perm & MEMCHK_PERM_W)
		v |= (clients & 0xffff) << 16;
	return v;
}

static void tzc_image_window(const struct memchk *c, struct memchk_img *img,
			     unsigned int r, const struct memchk_window *w,
			     uint32_t bg)
{
	const struct tzc400_priv *p = MEMCHK_PRIV(c, const struct tzc400_priv);
	uint64_t top = w->base + w->size - 1;
	uint32_t filters = (1u << c->desc.nunits) - 1;
	uint32_t attr = filters | (p->bg_attr & (TZC_ATTR_S_RD | TZC_ATTR_S_WR));

	memchk_img_add(img, TZC_REGION_BASE_LOW(r), (uint32_t)w->base,
		       (uint32_t)w->base, true);
	memchk_img_add(img, TZC_REGION_BASE_HIGH(r), (uint32_t)(w->base >> 32),
		       (uint32_t)(w->base >> 32), true);
	memchk_img_add(img, TZC_REGION_TOP_LOW(r), (uint32_t)top,
		       (uint32_t)top, true);
	memchk_img_add(img, TZC_REGION_TOP_HIGH(r), (uint32_t)(top >> 32),
		       (uint32_t)(top >> 32), true);
	memchk_img_add(img, TZC_REGION_ID_ACCESS(r),
		       bg | tzc_access(w->clients, w->perm),
		       bg | tzc_access(w->clients, w->perm), true);
	/* Enable last: the region never matches with half-written bounds. */
	memchk_img_add(img, TZC_REGION_ATTRIBUTES(r), attr, attr, true);
}

/*
 * The whole programming sequence for @in, in write order. Unused regions
 * get ATTRIBUTES = 0 and ID_ACCESS = 0: either write alone neutralises the
 * region, so one stuck or lost write cannot leave a stale window open.
 */
static void tzc_image(const struct memchk *c, const struct memchk_intent *in,
		      struct memchk_img *img)
{
	const struct tzc400_priv *p = MEMCHK_PRIV(c, const struct tzc400_priv);
	uint32_t bg = p->bg_access & ~tzc_access(in->confined, MEMCHK_PERM_RW);
	uint32_t filters = (1u << c->desc.nunits) - 1;
	unsigned int r;

	img->n = 0;
	img->full = false;
	/* 1. Deny the confined NSAIDs in the background first. */
	memchk_img_add(img, TZC_REGION_ID_ACCESS(0), bg, bg, true);
	/* 2. Disable every region before any bound changes. */
	for (r = 1; r <= c->hw_windows; r++) {
		bool used = r <= in->nwin;

		memchk_img_add(img, TZC_REGION_ATTRIBUTES(r), 0, 0, !used);
		if (!used)
			memchk_img_add(img, TZC_REGION_ID_ACCESS(r), 0, 0, true);
	}
	/* 3. Rewrite and enable one region per window. */
	for (r = 1; r <= in->nwin; r++)
		tzc_image_window(c, img, r, &in->win[r - 1], bg);
	/* 4. Report denials: DECERR on the bus plus the interrupt. */
	memchk_img_add(img, TZC_ACTION, TZC_ACTION_ERR_INT, TZC_ACTION_ERR_INT,
		       true);
	/* 5. Let traffic through every filter; status must follow. */
	memchk_img_add(img, TZC_GATE_KEEPER, filters,
		       filters | filters << TZC_GK_STATUS_SHIFT, true);
}

static int tzc_lock(struct memchk *c, struct dmc_err *err)
{
	return dmc_fail(err, -MEMCHK_E_NOLOCK, c->name, "TZC-400 has no lock");
}

static int tzc_locked(struct memchk *c, struct dmc_err *err)
{
	return 0;
}

static int tzc_read_faults(struct memchk *c, struct memchk_violation *v,
			   unsigned int max, struct dmc_err *err)
{
	uint32_t st = tzc_read_int_status(&c->io);
	unsigned int f, n = 0;

	for (f = 0; f < c->desc.nunits && n < max; f++) {
		if (!(st & (1u << f)))
			continue;
		memset(&v[n], 0, sizeof(v[n]));
		v[n].addr = tzc_read_fail_address(&c->io, f);
		v[n].dir = tzc_read_fail_control(&c->io, f) &
			   TZC_FAIL_CTRL_WRITE ? MEMCHK_WRITE : MEMCHK_READ;
		v[n].aid = tzc_read_fail_id(&c->io, f) &
			   memchk_mask(c->names.aid_width ?: TZC_AID_WIDTH_MAX);
		v[n].client = memchk_aid_client(c, v[n].aid);
		v[n].unit = f;
		/* Overrun: at least one more failure after the recorded one. */
		v[n].overrun = st & (1u << (f + TZC_INT_OVERRUN_SHIFT));
		v[n].count = v[n].overrun ? 2 : 1;
		n++;
	}
	return n;
}

static int tzc_clear_faults(struct memchk *c, struct dmc_err *err)
{
	tzc_write_int_clear(&c->io, (1u << c->desc.nunits) - 1);
	return 0;
}

/*
 * Confined = NSAIDs region 0 denies both ways; a window's clients are the
 * confined NSAIDs its region grants.
 */
static int tzc_readback(struct memchk *c, struct memchk_intent *out,
			struct dmc_err *err)
{
	uint32_t bg = tzc_read_region_id_access(&c->io, 0), acc, rd, wr;
	const struct memchk_io *io = &c->io;
	struct memchk_window *w;
	unsigned int r;

	out->confined = ~(bg | bg >> 16) & 0xffff;
	for (r = 1; r <= c->hw_windows; r++) {
		if (!(tzc_read_region_attributes(io, r) & TZC_ATTR_FILTER_MASK))
			continue;
		acc = tzc_read_region_id_access(io, r);
		rd = acc & out->confined;
		wr = (acc >> 16) & out->confined;
		w = &out->win[out->nwin++];
		w->base = tzc_read_region_base(io, r);
		w->size = tzc_read_region_top(io, r) - w->base + 1;
		w->clients = rd | wr;
		w->perm = (rd ? MEMCHK_PERM_R : 0) | (wr ? MEMCHK_PERM_W : 0);
	}
	return 0;
}

const struct memchk_ops memchk_tzc400_ops = {
	.name		= "TZC-400",
	.probe		= tzc_probe,
	.image		= tzc_image,
	.lock		= tzc_lock,
	.locked		= tzc_locked,
	.read_faults	= tzc_read_faults,
	.clear_faults	= tzc_clear_faults,
	.readback	= tzc_readback,
	.reg_name	= tzc_name,
};
