// SPDX-License-Identifier: GPL-2.0+
/*
 * Register-level model of the ARM CoreLink TZC-400, for non-secure
 * accesses. What it keeps from the TRM: BUILD_CONFIG fields as count - 1;
 * region 0 spans the whole address space and only its attributes' secure
 * bits and its ID access are writable; base low bits [11:0] read as 0 and
 * top low bits [11:0] as 1 (4 KiB granule, inclusive top); address bits
 * above the build's width read as 0; GATE_KEEPER open status follows the
 * request; INT_CLEAR is write-only and clears status, overrun and overlap;
 * FAIL_* hold the first failure per filter until cleared.
 */
#include <dmacage/memchk_emu.h>
#include "emu.h"
#include "tzc400.h"

void emu_tzc_init(struct emu_tzc *e, unsigned int nregions,
		  unsigned int addr_bits, unsigned int nfilters)
{
	memset(e, 0, sizeof(*e));
	e->nregions = nregions < 1 ? 1 : nregions > EMU_TZC_MAX_REGIONS ?
		      EMU_TZC_MAX_REGIONS : nregions;
	e->addr_bits = addr_bits < 32 ? 32 : addr_bits > 64 ? 64 : addr_bits;
	e->nfilters = nfilters < 1 ? 1 : nfilters > EMU_TZC_MAX_FILTERS ?
		      EMU_TZC_MAX_FILTERS : nfilters;
	/* Reset: region 0 secure read/write only (TRM reset value). */
	e->reg[0].attr = TZC_ATTR_S_RD | TZC_ATTR_S_WR;
}

static uint32_t tzc_filters(const struct emu_tzc *e)
{
	return (1u << e->nfilters) - 1;
}

static uint32_t tzc_hi_mask(const struct emu_tzc *e)
{
	return (uint32_t)(memchk_amask(e->addr_bits) >> 32);
}

static uint32_t tzc_build_config(const struct emu_tzc *e)
{
	return (e->nregions - 1) | (e->addr_bits - 1) << 8 |
	       (e->nfilters - 1) << 24;
}

/* Region register at @off and its field index (0..5), or NULL. */
static uint32_t *tzc_region_reg(struct emu_tzc *e, uint32_t off,
				unsigned int *r, unsigned int *field)
{
	struct emu_tzc_region *g;

	if (off < 0x100 || off >= 0x100 + 0x20 * e->nregions || (off & 3))
		return NULL;
	*r = (off - 0x100) / 0x20;
	*field = ((off - 0x100) % 0x20) / 4;
	g = &e->reg[*r];
	switch (*field) {
	case 0: return &g->base_lo;
	case 1: return &g->base_hi;
	case 2: return &g->top_lo;
	case 3: return &g->top_hi;
	case 4: return &g->attr;
	case 5: return &g->id_access;
	}
	return NULL;
}

static uint32_t tzc_id_reg(uint32_t off)
{
	switch (off) {
	case TZC_PID4:		return 0x04;	/* JEP106 continuation 4 */
	case TZC_PID0:		return TZC_PART & 0xff;
	case TZC_PID1:		return 0xb0 | (TZC_PART >> 8);	/* JEP106 0x3B */
	case TZC_PID2:		return 0x0b;	/* JEDEC, JEP106[6:4], r0 */
	case TZC_PID3:		return 0x00;
	case TZC_CID0:		return TZC_CID & 0xff;
	case TZC_CID0 + 4:	return (TZC_CID >> 8) & 0xff;
	case TZC_CID0 + 8:	return (TZC_CID >> 16) & 0xff;
	case TZC_CID0 + 12:	return TZC_CID >> 24;
	}
	return 0;
}

static uint32_t tzc_raw_read(struct emu_tzc *e, uint32_t off)
{
	unsigned int r, field, f;
	uint32_t *p;

	switch (off) {
	case TZC_BUILD_CONFIG:		return tzc_build_config(e);
	case TZC_ACTION:		return e->action;
	case TZC_GATE_KEEPER:		return e->gate_req |
					       e->gate_req << TZC_GK_STATUS_SHIFT;
	case TZC_SPECULATION_CTRL:	return e->spec;
	case TZC_INT_STATUS:		return e->int_status;
	case TZC_INT_CLEAR:		return 0;
	}
	if (off >= 0x20 && off < 0x20 + 0x10 * e->nfilters) {
		f = (off - 0x20) / 0x10;
		switch (off & 0xf) {
		case 0x0: return e->fail[f].addr_lo;
		case 0x4: return e->fail[f].addr_hi;
		case 0x8: return e->fail[f].ctrl;
		case 0xc: return e->fail[f].id;
		}
	}
	p = tzc_region_reg(e, off, &r, &field);
	if (p) {
		if (r == 0 && field <= 3)	/* region 0 spans everything */
			return field == 2 ? ~0u : field == 3 ? tzc_hi_mask(e) : 0;
		return field == 2 ? *p | ~TZC_ADDR_LOW_MASK : *p;
	}
	return off >= 0xfd0 ? tzc_id_reg(off) : 0;
}

uint32_t emu_tzc_read32(void *ctx, uint32_t off)
{
	struct emu_tzc *e = ctx;

	e->reads++;
	return emu_fault_stick(&e->faults, off, tzc_raw_read(e, off));
}

/* Writable bits of region register @field of region @r. */
static uint32_t tzc_region_mask(const struct emu_tzc *e, unsigned int r,
				unsigned int field)
{
	switch (field) {
	case 0:
	case 2:
		return r ? TZC_ADDR_LOW_MASK : 0;
	case 1:
	case 3:
		return r ? tzc_hi_mask(e) : 0;
	case 4:
		return TZC_ATTR_S_RD | TZC_ATTR_S_WR |
		       (r ? tzc_filters(e) : 0);
	}
	return ~0u;
}

void emu_tzc_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct emu_tzc *e = ctx;
	unsigned int r, field, f;
	uint32_t *p, clr;

	e->writes++;
	if (emu_fault_ignores(&e->faults, off))
		return;
	switch (off) {
	case TZC_ACTION:
		e->action = emu_fault_stick(&e->faults, off, val & 3);
		return;
	case TZC_GATE_KEEPER:
		e->gate_req = emu_fault_stick(&e->faults, off,
					      val & tzc_filters(e));
		return;
	case TZC_SPECULATION_CTRL:
		e->spec = emu_fault_stick(&e->faults, off, val & 3);
		return;
	case TZC_INT_CLEAR:
		clr = val & tzc_filters(e);
		e->int_status &= ~(clr | clr << TZC_INT_OVERRUN_SHIFT |
				   clr << TZC_INT_OVERLAP_SHIFT);
		for (f = 0; f < e->nfilters; f++)
			if (clr & (1u << f))
				memset(&e->fail[f], 0, sizeof(e->fail[f]));
		return;
	}
	p = tzc_region_reg(e, off, &r, &field);
	if (p)
		*p = emu_fault_stick(&e->faults, off,
				     val & tzc_region_mask(e, r, field));
}

void emu_tzc_io(struct emu_tzc *e, struct memchk_io *io)
{
	io->read32 = emu_tzc_read32;
	io->write32 = emu_tzc_write32;
	io->ctx = e;
}

static bool tzc_region_hit(const struct emu_tzc *e, unsigned int r,
			   unsigned int filter, uint64_t addr)
{
	const struct emu_tzc_region *g = &e->reg[r];
	uint64_t base, top;

	if (!(g->attr & (1u << filter)))
		return false;
	base = ((uint64_t)g->base_hi << 32) | (g->base_lo & TZC_ADDR_LOW_MASK);
	top = ((uint64_t)g->top_hi << 32) | g->top_lo | ~TZC_ADDR_LOW_MASK;
	return addr >= base && addr <= top;
}

static void tzc_record(struct emu_tzc *e, unsigned int f, uint32_t nsaid,
		       uint64_t addr, enum memchk_dir dir, bool overlap)
{
	if (overlap)
		e->int_status |= 1u << (f + TZC_INT_OVERLAP_SHIFT);
	if (e->int_status & (1u << f)) {
		e->int_status |= 1u << (f + TZC_INT_OVERRUN_SHIFT);
		return;
	}
	e->int_status |= 1u << f;
	e->fail[f].addr_lo = (uint32_t)addr;
	e->fail[f].addr_hi = (uint32_t)(addr >> 32);
	e->fail[f].ctrl = TZC_FAIL_CTRL_NS |
			  (dir == MEMCHK_WRITE ? TZC_FAIL_CTRL_WRITE : 0);
	e->fail[f].id = EMU_TZC_AID(nsaid);
}

bool emu_tzc_allowed(struct emu_tzc *e, unsigned int filter, uint32_t nsaid,
		     uint64_t addr, enum memchk_dir dir)
{
	unsigned int r, hits = 0, match = 0;
	uint32_t acc;

	if (filter >= e->nfilters || !(e->gate_req & (1u << filter)))
		return false;	/* stalled at a closed gate keeper */
	if (addr > memchk_amask(e->addr_bits) || nsaid >= TZC_NSAIDS) {
		tzc_record(e, filter, nsaid, addr, dir, false);
		return false;
	}
	for (r = 1; r < e->nregions; r++)
		if (tzc_region_hit(e, r, filter, addr)) {
			hits++;
			match = r;
		}
	if (hits > 1) {
		tzc_record(e, filter, nsaid, addr, dir, true);
		return false;
	}
	acc = e->reg[match].id_access;
	if (acc & (dir == MEMCHK_WRITE ? TZC_ID_WR(nsaid) : TZC_ID_RD(nsaid)))
		return true;
	tzc_record(e, filter, nsaid, addr, dir, false);
	return false;
}
