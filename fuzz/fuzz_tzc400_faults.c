// SPDX-License-Identifier: GPL-2.0+
/*
 * The TZC-400 fault decoder (tzc_read_faults() behind memchk_read_faults())
 * on arbitrary register values, with a client-name table loaded from a
 * fuzzed checker node. Input (words big-endian, missing bytes read 0):
 *
 *   0   ctl: [2:0] max records asked for (0..7), bit 3 ID registers from
 *       the default word (probe then usually fails), bit 4 client-ids
 *       present, bit 5 client-names present, bit 6 "arm,tzc400" rather
 *       than "arm,tzc-400"
 *   1   client-ids length in bytes, 2 client-names length, 3 unused
 *   4   BUILD_CONFIG, INT_STATUS,
 *       FAIL_ADDRESS_LOW, FAIL_ADDRESS_HIGH, FAIL_CONTROL, FAIL_ID x 4 filters,
 *       REGION_ATTRIBUTES_0, REGION_ID_ACCESS_0,
 *       default (every other offset, so every region 1..n)
 *   88  client-ids bytes, then client-names bytes
 *
 * Invariants (fuzz_memchk.h): besides those of every decoder, one record
 * per filter f < BUILD_CONFIG's filter count whose INT_STATUS bit f is set,
 * in filter order: addr = FAIL_ADDRESS_HIGH:LOW, write iff FAIL_CONTROL bit
 * 24, aid = FAIL_ID[23:0] (the AXI ID; the node gives no AID width), client
 * = MEMCHK_CLIENT_UNKNOWN (the node gives no AXI ID map: the TZC-400 does
 * not record the NSAID, so nothing may be made up),
 * unit = f, overrun iff INT_STATUS bit 8 + f, count 2 if overrun else 1.
 * The fake clears INT_STATUS bits f, 8 + f, 16 + f on a 1 at bit f of
 * INT_CLEAR, as the TRM says, so clear-then-read must give nothing.
 */
#include "fuzz_memchk.h"
#include "../drivers/memchk/tzc400.h"

static bool tzc_ids(uint32_t off, uint32_t *v)
{
	switch (off) {
	case TZC_PID0:		*v = TZC_PART & 0xff; return true;
	case TZC_PID1:		*v = 0xb0 | TZC_PART >> 8; return true;
	case TZC_CID0:		*v = TZC_CID & 0xff; return true;
	case TZC_CID0 + 4:	*v = TZC_CID >> 8 & 0xff; return true;
	case TZC_CID0 + 8:	*v = TZC_CID >> 16 & 0xff; return true;
	case TZC_CID0 + 12:	*v = TZC_CID >> 24; return true;
	}
	return false;
}

static void tzc_int_clear(struct fzm_fake *f, uint32_t val)
{
	uint32_t *st = fzm_reg(f, TZC_INT_STATUS), clr = val & 0xf;

	*st &= ~(clr | clr << TZC_INT_OVERRUN_SHIFT |
		 clr << TZC_INT_OVERLAP_SHIFT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memchk_violation exp[TZC_MAX_FILTERS];
	struct fzm_in in = { data, size };
	static struct fzm_fake fake;
	static struct memchk c;
	struct memchk_names names;
	const uint8_t *ids, *nm;
	size_t nids, nnames;
	uint32_t bc, st, ctl;
	struct memchk_io io;
	struct dmc_err err;
	unsigned int f, nf;
	int ret, nexp = 0;

	memset(&fake, 0, sizeof(fake));
	ctl = fzm_u8(&in);
	nids = fzm_u8(&in);
	nnames = fzm_u8(&in);
	fzm_u8(&in);
	fzm_add(&fake, TZC_BUILD_CONFIG, fzm_u32(&in));
	fzm_add(&fake, TZC_INT_STATUS, fzm_u32(&in));
	for (f = 0; f < TZC_MAX_FILTERS; f++) {
		fzm_add(&fake, TZC_FAIL_ADDRESS_LOW(f), fzm_u32(&in));
		fzm_add(&fake, TZC_FAIL_ADDRESS_HIGH(f), fzm_u32(&in));
		fzm_add(&fake, TZC_FAIL_CONTROL(f), fzm_u32(&in));
		fzm_add(&fake, TZC_FAIL_ID(f), fzm_u32(&in));
	}
	fzm_add(&fake, TZC_REGION_ATTRIBUTES(0), fzm_u32(&in));
	fzm_add(&fake, TZC_REGION_ID_ACCESS(0), fzm_u32(&in));
	fake.dflt = fzm_u32(&in);
	fake.id = ctl & 0x08 ? NULL : tzc_ids;
	fake.clear_off = TZC_INT_CLEAR;
	fake.clear = tzc_int_clear;
	ids = fzm_bytes(&in, &nids);
	nm = fzm_bytes(&in, &nnames);

	fzm_names_load(ctl & 0x40 ? "arm,tzc400" : "arm,tzc-400", false,
		       MEMCHK_TZC400, ctl & 0x10 ? ids : NULL, nids,
		       ctl & 0x20 ? nm : NULL, nnames, &names);

	fzm_io(&fake, &io);
	bc = *fzm_reg(&fake, TZC_BUILD_CONFIG);
	st = *fzm_reg(&fake, TZC_INT_STATUS);
	ret = memchk_init(&c, MEMCHK_TZC400, &io, NULL, "tzc", &err);
	/* With the real IDs, only a region count no TZC-400 has is refused. */
	fzm_assert(ret == 0 || (ret == -MEMCHK_E_PROBE &&
				(!fake.id || TZC_BC_NR(bc) > TZC_MAX_REGIONS)),
		   "probe: %d %s", ret, err.msg);
	fzm_assert(ret || TZC_BC_NR(bc) <= TZC_MAX_REGIONS,
		   "probe took BUILD_CONFIG 0x%08x", bc);
	if (ret)
		return 0;
	memchk_set_names(&c, &names);

	nf = TZC_BC_NF(bc);
	fzm_assert(c.desc.nunits == nf, "%u filters, BUILD_CONFIG says %u",
		   c.desc.nunits, nf);
	for (f = 0; f < nf; f++) {
		if (!(st & 1u << f))
			continue;
		memset(&exp[nexp], 0, sizeof(exp[nexp]));
		exp[nexp].addr =
			(uint64_t)*fzm_reg(&fake, TZC_FAIL_ADDRESS_HIGH(f)) << 32 |
			*fzm_reg(&fake, TZC_FAIL_ADDRESS_LOW(f));
		exp[nexp].dir = *fzm_reg(&fake, TZC_FAIL_CONTROL(f)) & 1u << 24 ?
				MEMCHK_WRITE : MEMCHK_READ;
		exp[nexp].aid = *fzm_reg(&fake, TZC_FAIL_ID(f)) & 0xffffff;
		exp[nexp].client = MEMCHK_CLIENT_UNKNOWN;
		exp[nexp].unit = f;
		exp[nexp].overrun = st & 1u << (8 + f);
		exp[nexp].count = exp[nexp].overrun ? 2 : 1;
		nexp++;
	}
	fzm_check_readback(&c);
	fzm_check_faults(&c, ctl & 7, exp, nexp, &names, &fake.writes);
	return 0;
}
