// SPDX-License-Identifier: GPL-2.0+
/*
 * Register-level model of the reference range checker (rangechk.h). It is
 * what the QEMU virt build programs as its checker, so its semantics follow
 * the binding exactly: granule bits of START read as 0 and of END as 1,
 * address bits above the configured width read as 0, LOCK is sticky and
 * freezes every configuration register, the violation record captures the
 * first denied access and counts them all until VIOL_CLEAR.
 */
#include <dmacage/memchk_emu.h>
#include "emu.h"
#include "rangechk.h"

void emu_rc_init(struct emu_rc *e, unsigned int nwin, unsigned int addr_bits,
		 unsigned int granule_shift, unsigned int nclients)
{
	memset(e, 0, sizeof(*e));
	e->nwin = nwin < 1 ? 1 : nwin > EMU_RC_MAX_WINDOWS ?
		  EMU_RC_MAX_WINDOWS : nwin;
	e->addr_bits = addr_bits < 32 ? 32 : addr_bits > 64 ? 64 : addr_bits;
	e->granule_shift = granule_shift < 2 ? 2 : granule_shift > 32 ?
			   32 : granule_shift;
	e->nclients = nclients < 1 ? 1 : nclients > 32 ? 32 : nclients;
}

static uint32_t rc_client_mask(const struct emu_rc *e)
{
	return e->nclients >= 32 ? ~0u : (1u << e->nclients) - 1;
}

static uint32_t rc_hi_mask(const struct emu_rc *e)
{
	return (uint32_t)(memchk_amask(e->addr_bits) >> 32);
}

static uint32_t rc_gran_mask(const struct emu_rc *e)
{
	return e->granule_shift >= 32 ? 0 : (1u << e->granule_shift) - 1;
}

/* The window register at @off, or NULL. */
static uint32_t *rc_win_reg(struct emu_rc *e, uint32_t off)
{
	struct emu_rc_win *w;
	unsigned int n;

	if (off < 0x100 || (off & 3))
		return NULL;
	n = (off - 0x100) / 0x20;
	if (n >= e->nwin)
		return NULL;
	w = &e->win[n];
	switch ((off - 0x100) % 0x20) {
	case 0x00: return &w->start_lo;
	case 0x04: return &w->start_hi;
	case 0x08: return &w->end_lo;
	case 0x0c: return &w->end_hi;
	case 0x10: return &w->clients;
	case 0x14: return &w->ctrl;
	}
	return NULL;
}

static uint32_t rc_raw_read(struct emu_rc *e, uint32_t off)
{
	uint32_t *r;

	switch (off) {
	case RC_ID:		return RC_ID_VALUE;
	case RC_VERSION:	return RC_VERSION_VALUE;
	case RC_CONFIG:		return RC_CFG(e->nwin, e->addr_bits,
					      e->granule_shift, e->nclients);
	case RC_CTRL:		return e->ctrl;
	case RC_LOCK:		return e->lock;
	case RC_CONFINE:	return e->confine;
	case RC_VIOL_ADDR_LO:	return e->viol_addr_lo;
	case RC_VIOL_ADDR_HI:	return e->viol_addr_hi;
	case RC_VIOL_INFO:	return e->viol_info;
	case RC_VIOL_COUNT:	return e->viol_count;
	}
	r = rc_win_reg(e, off);
	if (!r)
		return 0;	/* reserved: RAZ */
	/* END's granule bits read as ones: END is the last byte, inclusive. */
	if ((off - 0x100) % 0x20 == 0x08)
		return *r | rc_gran_mask(e);
	return *r;
}

uint32_t emu_rc_read32(void *ctx, uint32_t off)
{
	struct emu_rc *e = ctx;

	e->reads++;
	return emu_fault_stick(&e->faults, off, rc_raw_read(e, off));
}

/* Writable bits of a window register. */
static uint32_t rc_win_mask(const struct emu_rc *e, uint32_t off)
{
	switch ((off - 0x100) % 0x20) {
	case 0x00:
	case 0x08:
		return ~rc_gran_mask(e);
	case 0x04:
	case 0x0c:
		return rc_hi_mask(e);
	case 0x10:
		return rc_client_mask(e);
	case 0x14:
		return RC_WC_EN | RC_WC_RD | RC_WC_WR;
	}
	return 0;
}

static void rc_store(struct emu_rc *e, uint32_t off, uint32_t *r, uint32_t v)
{
	*r = emu_fault_stick(&e->faults, off, v);
}

void emu_rc_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct emu_rc *e = ctx;
	uint32_t *r;

	e->writes++;
	if (emu_fault_ignores(&e->faults, off))
		return;
	switch (off) {
	case RC_VIOL_CLEAR:
		/* Faults stay clearable after lock: handling them is routine. */
		if (val & RC_VIOL_CLEAR_ALL) {
			e->viol_addr_lo = e->viol_addr_hi = 0;
			e->viol_info = e->viol_count = 0;
		}
		return;
	case RC_LOCK:
		if (val & RC_LOCK_LOCKED)
			rc_store(e, off, &e->lock, RC_LOCK_LOCKED);
		return;
	}
	if (e->lock & RC_LOCK_LOCKED)
		return;
	switch (off) {
	case RC_CTRL:
		rc_store(e, off, &e->ctrl, val & RC_CTRL_ENFORCE);
		return;
	case RC_CONFINE:
		rc_store(e, off, &e->confine, val & rc_client_mask(e));
		return;
	}
	r = rc_win_reg(e, off);
	if (r)
		rc_store(e, off, r, val & rc_win_mask(e, off));
}

void emu_rc_io(struct emu_rc *e, struct memchk_io *io)
{
	io->read32 = emu_rc_read32;
	io->write32 = emu_rc_write32;
	io->ctx = e;
}

static bool rc_win_grants(const struct emu_rc *e, const struct emu_rc_win *w,
			  uint32_t bit, uint64_t addr, enum memchk_dir dir)
{
	uint64_t start = ((uint64_t)w->start_hi << 32) | w->start_lo;
	uint64_t end = ((uint64_t)w->end_hi << 32) | w->end_lo |
		       rc_gran_mask(e);

	if (!(w->ctrl & RC_WC_EN) || !(w->clients & bit))
		return false;
	if (addr < start || addr > end)
		return false;
	return dir == MEMCHK_WRITE ? w->ctrl & RC_WC_WR : w->ctrl & RC_WC_RD;
}

static void rc_record(struct emu_rc *e, uint32_t client, uint64_t addr,
		      enum memchk_dir dir)
{
	if (e->viol_count != ~0u)
		e->viol_count++;
	if (e->viol_info & RC_VI_VALID)
		return;
	e->viol_addr_lo = (uint32_t)addr;
	e->viol_addr_hi = (uint32_t)(addr >> 32);
	e->viol_info = RC_VI_VALID | RC_VI_CLIENT(client) |
		       (dir == MEMCHK_WRITE ? RC_VI_WRITE : 0);
}

bool emu_rc_allowed(struct emu_rc *e, uint32_t client, uint64_t addr,
		    enum memchk_dir dir)
{
	uint32_t bit, confined;
	unsigned int i;

	if (!(e->ctrl & RC_CTRL_ENFORCE) || client >= e->nclients)
		return true;
	bit = 1u << client;
	confined = e->confine;
	for (i = 0; i < e->nwin; i++)
		if (e->win[i].ctrl & RC_WC_EN)
			confined |= e->win[i].clients;
	if (!(confined & bit))
		return true;
	if (addr <= memchk_amask(e->addr_bits))
		for (i = 0; i < e->nwin; i++)
			if (rc_win_grants(e, &e->win[i], bit, addr, dir))
				return true;
	rc_record(e, client, addr, dir);
	return false;
}
