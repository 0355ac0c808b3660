// SPDX-License-Identifier: GPL-2.0+
/*
 * Reference range checker driver (MMIO). The register model matches the
 * intent directly: CONFINE holds the confined clients, one window per
 * intent window, ENFORCE on. Write order keeps every intermediate state at
 * most as open as the previous or the final one: confine and enforce
 * first, then disable all windows, then rewrite and enable the new ones.
 */
#include "memchk_drv.h"
#include "rangechk.h"

void rangechk_reg_name(uint32_t off, char *buf, size_t size)
{
	static const char *const top[] = {
		"ID", "VERSION", "CONFIG", "CTRL", "LOCK", "CONFINE", NULL,
		NULL, "VIOL_ADDR_LO", "VIOL_ADDR_HI", "VIOL_INFO",
		"VIOL_COUNT", "VIOL_CLEAR"
	};
	static const char *const win[] = {
		"START_LO", "START_HI", "END_LO", "END_HI", "CLIENTS", "CTRL"
	};

	if (off < 0x34 && !(off & 3) && top[off / 4])
		dmc_fmt(buf, size, "%s", top[off / 4]);
	else if (off >= 0x100 && off < 0x100 + 0x20 * RC_MAX_WINDOWS &&
		 (off - 0x100) % 0x20 < 0x18 && !(off & 3))
		dmc_fmt(buf, size, "WIN%u_%s", (off - 0x100) / 0x20,
			win[((off - 0x100) % 0x20) / 4]);
	else
		dmc_fmt(buf, size, "RC_0x%03x", off);
}

static void rc_name(const struct memchk *c, uint32_t off, char *buf,
		    size_t size)
{
	rangechk_reg_name(off, buf, size);
}

/*
 * Also used by the secure-call service: the same ID and CONFIG decoding on
 * whichever side owns the registers.
 */
int rangechk_probe_io(const struct memchk_io *io, struct memchk_desc *d)
{
	uint32_t cfg;

	if (rc_read_id(io) != RC_ID_VALUE ||
	    (rc_read_version(io) >> 16) != (RC_VERSION_VALUE >> 16))
		return -MEMCHK_E_PROBE;
	cfg = rc_read_config(io);
	d->nwindows = RC_CFG_NWIN(cfg);
	d->addr_bits = RC_CFG_ADDR_BITS(cfg);
	d->granule = 1ULL << RC_CFG_GRANULE_SHIFT(cfg);
	d->nclients = RC_CFG_NCLIENTS(cfg);
	d->nunits = 1;
	d->can_lock = true;
	d->id = rc_read_version(io);
	if (!d->nwindows || d->nwindows > RC_MAX_WINDOWS ||
	    d->addr_bits < 32 || d->addr_bits > 64 || !d->nclients ||
	    d->nclients > MEMCHK_MAX_CLIENTS)
		return -MEMCHK_E_PROBE;
	return 0;
}

static int rc_probe(struct memchk *c, struct dmc_err *err)
{
	if (rangechk_probe_io(&c->io, &c->desc))
		return dmc_fail(err, -MEMCHK_E_PROBE, c->name,
				"not a range checker: ID 0x%08x, version 0x%08x, config 0x%08x",
				rc_read_id(&c->io), rc_read_version(&c->io),
				rc_read_config(&c->io));
	c->hw_windows = c->desc.nwindows;
	if (c->desc.nwindows > MEMCHK_MAX_WINDOWS)
		c->desc.nwindows = MEMCHK_MAX_WINDOWS;
	return 0;
}

static void rc_image(const struct memchk *c, const struct memchk_intent *in,
		     struct memchk_img *img)
{
	uint64_t gmask = c->desc.granule - 1;
	const struct memchk_window *w;
	unsigned int n;
	uint64_t last;

	img->n = 0;
	img->full = false;
	memchk_img_add(img, RC_CONFINE, in->confined, in->confined, true);
	memchk_img_add(img, RC_CTRL, RC_CTRL_ENFORCE, RC_CTRL_ENFORCE, true);
	for (n = 0; n < c->hw_windows; n++) {
		bool used = n < in->nwin;

		memchk_img_add(img, RC_WIN_CTRL(n), 0, 0, !used);
		if (!used)
			memchk_img_add(img, RC_WIN_CLIENTS(n), 0, 0, true);
	}
	for (n = 0; n < in->nwin; n++) {
		w = &in->win[n];
		last = w->base + w->size - 1;
		memchk_img_add(img, RC_WIN_START_LO(n), (uint32_t)w->base,
			       (uint32_t)w->base, true);
		memchk_img_add(img, RC_WIN_START_HI(n), (uint32_t)(w->base >> 32),
			       (uint32_t)(w->base >> 32), true);
		/* END's granule bits read as ones whatever is written. */
		memchk_img_add(img, RC_WIN_END_LO(n), (uint32_t)last,
			       (uint32_t)(last | gmask), true);
		memchk_img_add(img, RC_WIN_END_HI(n), (uint32_t)(last >> 32),
			       (uint32_t)(last >> 32), true);
		memchk_img_add(img, RC_WIN_CLIENTS(n), w->clients, w->clients,
			       true);
		memchk_img_add(img, RC_WIN_CTRL(n), rc_perm_to_ctrl(w->perm),
			       rc_perm_to_ctrl(w->perm), true);
	}
}

static int rc_lock(struct memchk *c, struct dmc_err *err)
{
	rc_write_lock(&c->io, RC_LOCK_LOCKED);
	if (!(rc_read_lock(&c->io) & RC_LOCK_LOCKED))
		return dmc_fail(err, -MEMCHK_E_READBACK, c->name,
				"LOCK (+0x%03x): expected 0x%08x, read 0x%08x",
				RC_LOCK, RC_LOCK_LOCKED, rc_read_lock(&c->io));
	return 0;
}

static int rc_locked(struct memchk *c, struct dmc_err *err)
{
	return !!(rc_read_lock(&c->io) & RC_LOCK_LOCKED);
}

/* Decode a VIOL_* triple; shared with the secure-call backend. */
void rangechk_decode_fault(uint64_t addr, uint32_t info, uint32_t count,
			   struct memchk_violation *v)
{
	memset(v, 0, sizeof(*v));
	v->addr = addr;
	v->client = RC_VI_CLIENT(info);
	v->dir = info & RC_VI_WRITE ? MEMCHK_WRITE : MEMCHK_READ;
	v->count = count;
	v->overrun = count > 1;
}

static int rc_read_faults(struct memchk *c, struct memchk_violation *v,
			  unsigned int max, struct dmc_err *err)
{
	uint32_t info = rc_read_viol_info(&c->io);

	if (!max || !(info & RC_VI_VALID))
		return 0;
	rangechk_decode_fault(rc_read_viol_addr(&c->io), info,
			      rc_read_viol_count(&c->io), v);
	return 1;
}

static int rc_clear_faults(struct memchk *c, struct dmc_err *err)
{
	rc_write_viol_clear(&c->io);
	return 0;
}

/* Turn one window's registers into an intent window (if enabled). */
void rangechk_decode_window(uint64_t start, uint64_t end, uint32_t clients,
			    uint32_t ctrl, struct memchk_intent *out)
{
	struct memchk_window *w;

	if (!(ctrl & RC_WC_EN) || out->nwin >= MEMCHK_MAX_WINDOWS)
		return;
	w = &out->win[out->nwin++];
	w->base = start;
	w->size = end - start + 1;
	w->clients = clients;
	w->perm = (ctrl & RC_WC_RD ? MEMCHK_PERM_R : 0) |
		  (ctrl & RC_WC_WR ? MEMCHK_PERM_W : 0);
}

static int rc_readback(struct memchk *c, struct memchk_intent *out,
		       struct dmc_err *err)
{
	const struct memchk_io *io = &c->io;
	unsigned int n;

	for (n = 0; n < c->hw_windows; n++)
		rangechk_decode_window(rc_read_win_start(io, n),
				       rc_read_win_end(io, n),
				       rc_read_win_clients(io, n),
				       rc_read_win_ctrl(io, n), out);
	out->confined = 0;
	if (rc_read_ctrl(io) & RC_CTRL_ENFORCE) {
		out->confined = rc_read_confine(io);
		for (n = 0; n < out->nwin; n++)
			out->confined |= out->win[n].clients;
	}
	return 0;
}

const struct memchk_ops memchk_rangechk_ops = {
	.name		= "range checker",
	.probe		= rc_probe,
	.image		= rc_image,
	.lock		= rc_lock,
	.locked		= rc_locked,
	.read_faults	= rc_read_faults,
	.clear_faults	= rc_clear_faults,
	.readback	= rc_readback,
	.reg_name	= rc_name,
};
