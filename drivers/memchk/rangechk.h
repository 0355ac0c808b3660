/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Reference STB range checker ("dmacage,range-checker") register map and
 * one accessor per register. dmacage defines this block; the binding
 * dts/bindings/dmacage,range-checker.yaml documents it as the example a SoC
 * vendor adapts to its own memory-controller checker.
 *
 * Model: while CTRL.ENFORCE is set, a client is confined if its bit is set
 * in CONFINE or in the CLIENTS of any enabled window. A confined client may
 * access an address only through an enabled window that lists it, covers
 * the address (START <= addr <= END, END inclusive) and grants the
 * direction. Everyone else is not checked. LOCK freezes all of it until
 * reset; the violation record stays clearable.
 */
#ifndef DMACAGE_RANGECHK_H
#define DMACAGE_RANGECHK_H

#include <dmacage/memchk.h>

#define RC_ID			0x000	/* RO: RC_ID_VALUE */
#define RC_VERSION		0x004	/* RO: major [31:16], minor [15:0] */
#define RC_CONFIG		0x008	/* RO: see RC_CFG_* */
#define RC_CTRL			0x00c	/* RW: bit 0 ENFORCE */
#define RC_LOCK			0x010	/* W1S, sticky until reset */
#define RC_CONFINE		0x014	/* RW: client bitmap */
#define RC_VIOL_ADDR_LO		0x020	/* RO */
#define RC_VIOL_ADDR_HI		0x024	/* RO */
#define RC_VIOL_INFO		0x028	/* RO: see RC_VI_* */
#define RC_VIOL_COUNT		0x02c	/* RO: denied accesses since clear */
#define RC_VIOL_CLEAR		0x030	/* WO: write 1 to clear the record */
#define RC_WIN_START_LO(n)	(0x100 + 0x20 * (n))
#define RC_WIN_START_HI(n)	(0x104 + 0x20 * (n))
#define RC_WIN_END_LO(n)	(0x108 + 0x20 * (n))	/* inclusive */
#define RC_WIN_END_HI(n)	(0x10c + 0x20 * (n))
#define RC_WIN_CLIENTS(n)	(0x110 + 0x20 * (n))
#define RC_WIN_CTRL(n)		(0x114 + 0x20 * (n))

#define RC_ID_VALUE		0x444d5243u	/* "DMRC" */
#define RC_VERSION_VALUE	0x00010000u	/* 1.0 */
#define RC_MAX_WINDOWS		32

/* CONFIG fields */
#define RC_CFG_NWIN(v)		((v) & 0xff)
#define RC_CFG_ADDR_BITS(v)	(((v) >> 8) & 0x7f)
#define RC_CFG_GRANULE_SHIFT(v)	(((v) >> 16) & 0x3f)
#define RC_CFG_NCLIENTS(v)	(((v) >> 24) & 0x3f)
#define RC_CFG(nwin, abits, gshift, ncl) \
	((uint32_t)(nwin) | (uint32_t)(abits) << 8 | \
	 (uint32_t)(gshift) << 16 | (uint32_t)(ncl) << 24)

#define RC_CTRL_ENFORCE		(1u << 0)
#define RC_LOCK_LOCKED		(1u << 0)
#define RC_VIOL_CLEAR_ALL	(1u << 0)

#define RC_VI_CLIENT(v)		((v) & 0xff)
#define RC_VI_WRITE		(1u << 8)
#define RC_VI_VALID		(1u << 31)

#define RC_WC_EN		(1u << 0)
#define RC_WC_RD		(1u << 1)
#define RC_WC_WR		(1u << 2)

static inline uint32_t rc_rd(const struct memchk_io *io, uint32_t off)
{
	return io->read32(io->ctx, off);
}

static inline void rc_wr(const struct memchk_io *io, uint32_t off, uint32_t v)
{
	io->write32(io->ctx, off, v);
}

static inline uint32_t rc_read_id(const struct memchk_io *io)
{
	return rc_rd(io, RC_ID);
}

static inline uint32_t rc_read_version(const struct memchk_io *io)
{
	return rc_rd(io, RC_VERSION);
}

static inline uint32_t rc_read_config(const struct memchk_io *io)
{
	return rc_rd(io, RC_CONFIG);
}

static inline uint32_t rc_read_ctrl(const struct memchk_io *io)
{
	return rc_rd(io, RC_CTRL);
}

static inline void rc_write_ctrl(const struct memchk_io *io, uint32_t v)
{
	rc_wr(io, RC_CTRL, v);
}

static inline uint32_t rc_read_lock(const struct memchk_io *io)
{
	return rc_rd(io, RC_LOCK);
}

static inline void rc_write_lock(const struct memchk_io *io, uint32_t v)
{
	rc_wr(io, RC_LOCK, v);
}

static inline uint32_t rc_read_confine(const struct memchk_io *io)
{
	return rc_rd(io, RC_CONFINE);
}

static inline void rc_write_confine(const struct memchk_io *io, uint32_t v)
{
	rc_wr(io, RC_CONFINE, v);
}

static inline uint64_t rc_read_viol_addr(const struct memchk_io *io)
{
	return (uint64_t)rc_rd(io, RC_VIOL_ADDR_HI) << 32 |
	       rc_rd(io, RC_VIOL_ADDR_LO);
}

static inline uint32_t rc_read_viol_info(const struct memchk_io *io)
{
	return rc_rd(io, RC_VIOL_INFO);
}

static inline uint32_t rc_read_viol_count(const struct memchk_io *io)
{
	return rc_rd(io, RC_VIOL_COUNT);
}

static inline void rc_write_viol_clear(const struct memchk_io *io)
{
	rc_wr(io, RC_VIOL_CLEAR, RC_VIOL_CLEAR_ALL);
}

static inline void rc_write_win_start(const struct memchk_io *io,
				      unsigned int n, uint64_t a)
{
	rc_wr(io, RC_WIN_START_LO(n), (uint32_t)a);
	rc_wr(io, RC_WIN_START_HI(n), (uint32_t)(a >> 32));
}

static inline uint64_t rc_read_win_start(const struct memchk_io *io,
					 unsigned int n)
{
	return (uint64_t)rc_rd(io, RC_WIN_START_HI(n)) << 32 |
	       rc_rd(io, RC_WIN_START_LO(n));
}

static inline void rc_write_win_end(const struct memchk_io *io,
				    unsigned int n, uint64_t a)
{
	rc_wr(io, RC_WIN_END_LO(n), (uint32_t)a);
	rc_wr(io, RC_WIN_END_HI(n), (uint32_t)(a >> 32));
}

static inline uint64_t rc_read_win_end(const struct memchk_io *io,
				       unsigned int n)
{
	return (uint64_t)rc_rd(io, RC_WIN_END_HI(n)) << 32 |
	       rc_rd(io, RC_WIN_END_LO(n));
}

static inline void rc_write_win_clients(const struct memchk_io *io,
					unsigned int n, uint32_t v)
{
	rc_wr(io, RC_WIN_CLIENTS(n), v);
}

static inline uint32_t rc_read_win_clients(const struct memchk_io *io,
					   unsigned int n)
{
	return rc_rd(io, RC_WIN_CLIENTS(n));
}

static inline void rc_write_win_ctrl(const struct memchk_io *io,
				     unsigned int n, uint32_t v)
{
	rc_wr(io, RC_WIN_CTRL(n), v);
}

static inline uint32_t rc_read_win_ctrl(const struct memchk_io *io,
					unsigned int n)
{
	return rc_rd(io, RC_WIN_CTRL(n));
}

static inline uint32_t rc_perm_to_ctrl(unsigned int perm)
{
	return RC_WC_EN | (perm & MEMCHK_PERM_R ? RC_WC_RD : 0) |
	       (perm & MEMCHK_PERM_W ? RC_WC_WR : 0);
}

/* rangechk.c, shared with the secure-call backend and its service */
/** rangechk_reg_name() - register name at @off, e.g. for readback messages */
void rangechk_reg_name(uint32_t off, char *buf, size_t size);
/** rangechk_probe_io() - check ID/VERSION, decode CONFIG. Return: 0 or -MEMCHK_E_PROBE */
int rangechk_probe_io(const struct memchk_io *io, struct memchk_desc *d);
void rangechk_decode_fault(uint64_t addr, uint32_t info, uint32_t count,
			   struct memchk_violation *v);
/** rangechk_decode_window() - append the window to @out if enabled */
void rangechk_decode_window(uint64_t start, uint64_t end, uint32_t clients,
			    uint32_t ctrl, struct memchk_intent *out);

#endif /* DMACAGE_RANGECHK_H */
