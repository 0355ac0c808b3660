/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * ARM CoreLink TZC-400 register map (ARM DDI 0504, TZC-400 TRM) and plain
 * accessors for the registers the driver reads or writes one at a time.
 * Programming writes no register through an accessor: the driver lists
 * the writes by offset in a register image (memchk_img_add()) and the
 * frontend performs and verifies them. Offsets and fields as in the TRM;
 * the checked facts (region stride 0x20 from 0x100, fail registers 0x10
 * apart per filter from 0x20, BUILD_CONFIG fields) are repeated in
 * doc/checkers.md.
 */
#ifndef DMACAGE_TZC400_H
#define DMACAGE_TZC400_H

#include <dmacage/memchk.h>

#define TZC_BUILD_CONFIG		0x000
#define TZC_ACTION			0x004
#define TZC_GATE_KEEPER			0x008
#define TZC_SPECULATION_CTRL		0x00c
#define TZC_INT_STATUS			0x010
#define TZC_INT_CLEAR			0x014
#define TZC_FAIL_ADDRESS_LOW(f)		(0x020 + 0x10 * (f))
#define TZC_FAIL_ADDRESS_HIGH(f)	(0x024 + 0x10 * (f))
#define TZC_FAIL_CONTROL(f)		(0x028 + 0x10 * (f))
#define TZC_FAIL_ID(f)			(0x02c + 0x10 * (f))
#define TZC_REGION_BASE_LOW(r)		(0x100 + 0x20 * (r))
#define TZC_REGION_BASE_HIGH(r)		(0x104 + 0x20 * (r))
#define TZC_REGION_TOP_LOW(r)		(0x108 + 0x20 * (r))
#define TZC_REGION_TOP_HIGH(r)		(0x10c + 0x20 * (r))
#define TZC_REGION_ATTRIBUTES(r)	(0x110 + 0x20 * (r))
#define TZC_REGION_ID_ACCESS(r)		(0x114 + 0x20 * (r))
#define TZC_PID4			0xfd0
#define TZC_PID0			0xfe0
#define TZC_PID1			0xfe4
#define TZC_PID2			0xfe8
#define TZC_PID3			0xfec
#define TZC_CID0			0xff0

#define TZC_MAX_REGIONS			9
#define TZC_MAX_FILTERS			4
#define TZC_NSAIDS			16
#define TZC_GRANULE			0x1000u

/* BUILD_CONFIG: each field holds "count - 1" */
#define TZC_BC_NR(v)			(((v) & 0x1f) + 1)
#define TZC_BC_AW(v)			((((v) >> 8) & 0x3f) + 1)
#define TZC_BC_NF(v)			((((v) >> 24) & 0x3) + 1)

/* ACTION reaction: bit 0 = DECERR response, bit 1 = interrupt high */
#define TZC_ACTION_ERR_INT		0x3

/* GATE_KEEPER: open request in [3:0], open status (RO) in [19:16] */
#define TZC_GK_STATUS_SHIFT		16

/* INT_STATUS: status [3:0], overrun [11:8], overlap [19:16] per filter */
#define TZC_INT_OVERRUN_SHIFT		8
#define TZC_INT_OVERLAP_SHIFT		16

#define TZC_FAIL_CTRL_WRITE		(1u << 24)
#define TZC_FAIL_CTRL_NS		(1u << 21)
#define TZC_FAIL_CTRL_PRIV		(1u << 20)
/* FAIL_ID: VNET in [27:24], the AXI ID in [AID_WIDTH-1:0]; no NSAID. */
#define TZC_FAIL_ID_VNET_SHIFT		24
#define TZC_FAIL_ID_VNET_MASK		0xfu
#define TZC_AID_WIDTH_MAX		24

#define TZC_ATTR_S_WR			(1u << 31)
#define TZC_ATTR_S_RD			(1u << 30)
#define TZC_ATTR_FILTER_MASK		0xfu

/* REGION_ID_ACCESS: NSAID read enables [15:0], write enables [31:16] */
#define TZC_ID_RD(id)			(1u << (id))
#define TZC_ID_WR(id)			(1u << (16 + (id)))

/* Low 12 bits of a base read as zero, of a top as ones: 4 KiB granule. */
#define TZC_ADDR_LOW_MASK		0xfffff000u

/* Component and peripheral ID: CID 0xB105F00D, part number 0x460. */
#define TZC_CID				0xb105f00du
#define TZC_PART			0x460u

static inline uint32_t tzc_rd(const struct memchk_io *io, uint32_t off)
{
	return io->read32(io->ctx, off);
}

static inline void tzc_wr(const struct memchk_io *io, uint32_t off,
			  uint32_t v)
{
	io->write32(io->ctx, off, v);
}

static inline uint32_t tzc_read_build_config(const struct memchk_io *io)
{
	return tzc_rd(io, TZC_BUILD_CONFIG);
}

static inline uint32_t tzc_read_int_status(const struct memchk_io *io)
{
	return tzc_rd(io, TZC_INT_STATUS);
}

static inline void tzc_write_int_clear(const struct memchk_io *io,
				       uint32_t v)
{
	tzc_wr(io, TZC_INT_CLEAR, v);
}

static inline uint64_t tzc_read_fail_address(const struct memchk_io *io,
					      unsigned int f)
{
	return (uint64_t)tzc_rd(io, TZC_FAIL_ADDRESS_HIGH(f)) << 32 |
	       tzc_rd(io, TZC_FAIL_ADDRESS_LOW(f));
}

static inline uint32_t tzc_read_fail_control(const struct memchk_io *io,
					     unsigned int f)
{
	return tzc_rd(io, TZC_FAIL_CONTROL(f));
}

static inline uint32_t tzc_read_fail_id(const struct memchk_io *io,
					unsigned int f)
{
	return tzc_rd(io, TZC_FAIL_ID(f));
}

/* REGION_BASE_LOW/HIGH as one address (TZC_ADDR_LOW_MASK applied) */
static inline uint64_t tzc_read_region_base(const struct memchk_io *io,
					    unsigned int r)
{
	return (uint64_t)tzc_rd(io, TZC_REGION_BASE_HIGH(r)) << 32 |
	       (tzc_rd(io, TZC_REGION_BASE_LOW(r)) & TZC_ADDR_LOW_MASK);
}

/* REGION_TOP_LOW/HIGH as one inclusive address */
static inline uint64_t tzc_read_region_top(const struct memchk_io *io,
					   unsigned int r)
{
	return (uint64_t)tzc_rd(io, TZC_REGION_TOP_HIGH(r)) << 32 |
	       tzc_rd(io, TZC_REGION_TOP_LOW(r)) | ~TZC_ADDR_LOW_MASK;
}

static inline uint32_t tzc_read_region_attributes(const struct memchk_io *io,
						  unsigned int r)
{
	return tzc_rd(io, TZC_REGION_ATTRIBUTES(r));
}

static inline uint32_t tzc_read_region_id_access(const struct memchk_io *io,
						 unsigned int r)
{
	return tzc_rd(io, TZC_REGION_ID_ACCESS(r));
}

/* Peripheral ID bytes 0..2 carry the part number in bits [11:0]. */
static inline uint32_t tzc_read_part(const struct memchk_io *io)
{
	return (tzc_rd(io, TZC_PID0) & 0xff) |
	       (tzc_rd(io, TZC_PID1) & 0xf) << 8;
}

/* CID0..3 are one byte each at 4-byte stride. */
static inline uint32_t tzc_read_cid(const struct memchk_io *io)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < 4; i++)
		v |= (tzc_rd(io, TZC_CID0 + 4 * i) & 0xff) << (8 * i);
	return v;
}

/* tzc400.c */
/** tzc400_reg_name() - register name at @off, e.g. for readback messages */
void tzc400_reg_name(uint32_t off, char *buf, size_t size);

#endif /* DMACAGE_TZC400_H */
