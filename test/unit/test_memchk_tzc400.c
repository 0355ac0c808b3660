// SPDX-License-Identifier: GPL-2.0+
/*
 * TZC-400 driver against its emulator: register-level golden values worked
 * out by hand from the TRM, violation decoding, fault injection, exhaustion
 * and the other refusals that must write nothing.
 */
#include <dmacage/memchk.h>
#include <dmacage/memchk_emu.h>
#include "../../drivers/memchk/tzc400.h"
#include "ut.h"

struct tzc_rig {
	struct emu_tzc emu;
	struct memchk_io eio, io;
	struct memchk_rec rec;
	struct memchk_rec_entry log[128];
	struct memchk chk;
	struct dmc_err err;
};

/*
 * The golden configuration: 9 regions, 40-bit addresses, 2 filters.
 * Before dmacage, earlier firmware let NSAID 0 (a CPU-side master) read and
 * write everywhere, NSAID 3 read, and NSAID 5 (the PCIe controller) read
 * and write: REGION_ID_ACCESS_0 = rd{0,3,5} | wr{0,5} = 0x00210029.
 */
static int rig_init(struct tzc_rig *r, unsigned int nregions,
		    unsigned int aw, unsigned int nf, uint32_t bg)
{
	memset(r, 0, sizeof(*r));
	emu_tzc_init(&r->emu, nregions, aw, nf);
	emu_tzc_io(&r->emu, &r->eio);
	r->eio.write32(r->eio.ctx, TZC_REGION_ID_ACCESS(0), bg);
	memchk_rec_init(&r->rec, &r->eio, r->log, 128, &r->io);
	return memchk_init(&r->chk, MEMCHK_TZC400, &r->io, NULL, "tzc@2a4a0000",
			   &r->err);
}

/*
 * Golden intent: NSAIDs 5 and 6 confined.
 * W0: 0x8_7000_0000 + 36 MiB (4 MiB coherent + 32 MiB restricted), 5 and 6
 *     read/write;
 * W1: 0xf000_1000 + 12 KiB, NSAID 6 read only.
 */
static void golden_intent(struct memchk_intent *in)
{
	memchk_intent_init(in);
	in->confined = 1u << 5 | 1u << 6;
	in->nwin = 2;
	in->win[0] = (struct memchk_window){ 0x870000000ULL, 0x2400000ULL,
					     0x60, MEMCHK_PERM_RW };
	in->win[1] = (struct memchk_window){ 0xf0001000ULL, 0x3000ULL, 0x40,
					     MEMCHK_PERM_R };
}

static int test_tzc_probe(void)
{
	struct tzc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r, 9, 40, 2, 0x00210029));
	/* BUILD_CONFIG = (9-1) | (40-1) << 8 | (2-1) << 24 = 0x01002708 */
	UT_ASSERT_EQ(0x01002708, r.eio.read32(r.eio.ctx, TZC_BUILD_CONFIG));
	UT_ASSERT_EQ(8, r.chk.desc.nwindows);
	UT_ASSERT_EQ(40, r.chk.desc.addr_bits);
	UT_ASSERT_EQ(2, r.chk.desc.nunits);
	UT_ASSERT_EQ(0x1000, r.chk.desc.granule);
	UT_ASSERT_EQ(16, r.chk.desc.nclients);
	UT_ASSERT(!r.chk.desc.can_lock);
	UT_ASSERT_EQ(0x460, r.chk.desc.id);
	UT_ASSERT_EQ(0, r.rec.nwrites);	/* probing writes nothing */
	return 0;
}

static int test_tzc_golden(void)
{
	/*
	 * Worked by hand:
	 * - region 0 loses rd/wr of 5 and 6: 0x00210029 & ~0x00600060
	 *   = 0x00010009;
	 * - regions 1..8 are disabled first (ATTRIBUTES = 0); regions 3..8
	 *   stay unused and also get ID_ACCESS = 0;
	 * - region 1: base 0x8_7000_0000 -> LOW 0x70000000 HIGH 0x8; inclusive
	 *   top 0x8_7000_0000 + 0x240_0000 - 1 = 0x8_723f_ffff -> LOW
	 *   0x723fffff HIGH 0x8; ID_ACCESS = background 0x00010009 | rd{5,6}
	 *   0x60 | wr{5,6} 0x00600000 = 0x00610069; ATTRIBUTES = s_wr|s_rd
	 *   (kept from region 0's reset 0xc0000000) | filters 0,1 = 0xc0000003;
	 * - region 2: 0xf000_1000..0xf000_3fff, ID_ACCESS 0x00010009 | rd{6}
	 *   0x40 = 0x00010049;
	 * - ACTION = 3 (DECERR + interrupt); GATE_KEEPER = 0x3 (open filters
	 *   0 and 1).
	 */
	static const struct memchk_rec_entry expect[] = {
		{ 0x114, 0x00010009 },
		{ 0x130, 0 }, { 0x150, 0 },
		{ 0x170, 0 }, { 0x174, 0 }, { 0x190, 0 }, { 0x194, 0 },
		{ 0x1b0, 0 }, { 0x1b4, 0 }, { 0x1d0, 0 }, { 0x1d4, 0 },
		{ 0x1f0, 0 }, { 0x1f4, 0 }, { 0x210, 0 }, { 0x214, 0 },
		{ 0x120, 0x70000000 }, { 0x124, 0x8 }, { 0x128, 0x723fffff },
		{ 0x12c, 0x8 }, { 0x134, 0x00610069 }, { 0x130, 0xc0000003 },
		{ 0x140, 0xf0001000 }, { 0x144, 0 }, { 0x148, 0xf0003fff },
		{ 0x14c, 0 }, { 0x154, 0x00010049 }, { 0x150, 0xc0000003 },
		{ 0x004, 0x3 },
		{ 0x008, 0x3 },
	};
	struct memchk_intent in;
	struct tzc_rig r;
	unsigned int i;

	UT_ASSERT_EQ(0, rig_init(&r, 9, 40, 2, 0x00210029));
	golden_intent(&in);
	UT_ASSERT_EQ(0, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_EQ(sizeof(expect) / sizeof(expect[0]), r.rec.nwrites);
	for (i = 0; i < r.rec.nwrites; i++) {
		if (r.log[i].off != expect[i].off || r.log[i].val != expect[i].val)
			UT_FAIL("write %u: got 0x%03x=0x%08x, expected 0x%03x=0x%08x",
				i, r.log[i].off, r.log[i].val, expect[i].off,
				expect[i].val);
	}
	/* Readback semantics: gate status follows, TOP_LOW [11:0] read as 1. */
	UT_ASSERT_EQ(0x00030003, r.eio.read32(r.eio.ctx, TZC_GATE_KEEPER));
	UT_ASSERT_EQ(0x723fffff, r.eio.read32(r.eio.ctx, TZC_REGION_TOP_LOW(1)));
	UT_ASSERT_EQ(0, memchk_verify(&r.chk, &in, &r.err));
	return 0;
}

static int test_tzc_access_and_faults(void)
{
	/*
	 * FAIL_ID holds the AXI ID, not the NSAID: the names table maps the
	 * emulator's AXI IDs back, each by its own entry.
	 */
	struct memchk_names names = {
		.n = 2, .id = { 5, 6 }, .name = { "pcie0", "pcie1" },
		.aid_width = 12, .naid = 2,
		.aid_map = { { EMU_TZC_AID(6), 0xfff, 6 },
			     { EMU_TZC_AID(5), 0xfff, 5 } },
	};
	struct memchk_violation v[4];
	struct memchk_intent in;
	struct tzc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r, 9, 40, 2, 0x00210029));
	memchk_set_names(&r.chk, &names);
	golden_intent(&in);
	UT_ASSERT_EQ(0, memchk_program(&r.chk, &in, &r.err));
	/* Granule edges of W0 for NSAID 5. */
	UT_ASSERT(emu_tzc_allowed(&r.emu, 0, 5, 0x870000000ULL, MEMCHK_WRITE));
	UT_ASSERT(emu_tzc_allowed(&r.emu, 1, 5, 0x8723fffffULL, MEMCHK_READ));
	UT_ASSERT_EQ(0, memchk_read_faults(&r.chk, v, 4, &r.err));
	UT_ASSERT(!emu_tzc_allowed(&r.emu, 0, 5, 0x86fffffffULL, MEMCHK_WRITE));
	/*
	 * FAIL_CONTROL_0 = NS (bit 21) | write (bit 24) = 0x01200000;
	 * FAIL_ADDRESS_LOW_0 = 0x6fffffff, HIGH = 0x8; FAIL_ID_0 = 5.
	 */
	UT_ASSERT_EQ(0x01200000, r.eio.read32(r.eio.ctx, TZC_FAIL_CONTROL(0)));
	UT_ASSERT_EQ(0x6fffffff, r.eio.read32(r.eio.ctx, TZC_FAIL_ADDRESS_LOW(0)));
	UT_ASSERT_EQ(0x8, r.eio.read32(r.eio.ctx, TZC_FAIL_ADDRESS_HIGH(0)));
	UT_ASSERT_EQ(EMU_TZC_AID(5), r.eio.read32(r.eio.ctx, TZC_FAIL_ID(0)));
	UT_ASSERT_EQ(0x1, r.eio.read32(r.eio.ctx, TZC_INT_STATUS));
	/* NSAID 6 may read W1 but not write it; the record keeps the first. */
	UT_ASSERT(emu_tzc_allowed(&r.emu, 0, 6, 0xf0001000ULL, MEMCHK_READ));
	UT_ASSERT(!emu_tzc_allowed(&r.emu, 0, 6, 0xf0003fffULL, MEMCHK_WRITE));
	UT_ASSERT(!emu_tzc_allowed(&r.emu, 1, 6, 0x872400000ULL, MEMCHK_READ));
	/* INT_STATUS: filter 0 status + overrun (bit 8), filter 1 status. */
	UT_ASSERT_EQ(0x103, r.eio.read32(r.eio.ctx, TZC_INT_STATUS));
	UT_ASSERT_EQ(2, memchk_read_faults(&r.chk, v, 4, &r.err));
	UT_ASSERT_EQ(0x86fffffffULL, v[0].addr);
	UT_ASSERT_EQ(EMU_TZC_AID(5), v[0].aid);
	UT_ASSERT_EQ(5, v[0].client);
	UT_ASSERT_STR("pcie0", v[0].name);
	UT_ASSERT_EQ(MEMCHK_WRITE, v[0].dir);
	UT_ASSERT(v[0].overrun);
	UT_ASSERT_EQ(2, v[0].count);
	UT_ASSERT_EQ(0x872400000ULL, v[1].addr);
	UT_ASSERT_STR("pcie1", v[1].name);
	UT_ASSERT_EQ(MEMCHK_READ, v[1].dir);
	UT_ASSERT_EQ(1, v[1].unit);
	UT_ASSERT_EQ(1, v[1].count);
	UT_ASSERT_EQ(0, memchk_clear_faults(&r.chk, &r.err));
	UT_ASSERT_EQ(0, r.eio.read32(r.eio.ctx, TZC_INT_STATUS));
	UT_ASSERT_EQ(0, memchk_read_faults(&r.chk, v, 4, &r.err));
	/* Others as before: NSAID 0 anywhere, NSAID 3 reads only. */
	UT_ASSERT(emu_tzc_allowed(&r.emu, 0, 0, 0x870001000ULL, MEMCHK_WRITE));
	UT_ASSERT(emu_tzc_allowed(&r.emu, 0, 0, 0x12345000ULL, MEMCHK_WRITE));
	UT_ASSERT(emu_tzc_allowed(&r.emu, 0, 3, 0x870001000ULL, MEMCHK_READ));
	UT_ASSERT(!emu_tzc_allowed(&r.emu, 0, 3, 0x870001000ULL, MEMCHK_WRITE));
	return 0;
}

/* Every probe address: the confined NSAIDs are denied everywhere. */
static int assert_fail_closed(struct tzc_rig *r)
{
	static const uint64_t a[] = { 0, 0x870000000ULL, 0x8723fffffULL,
				      0xf0001000ULL, 0xffffffffffULL };
	unsigned int i;

	for (i = 0; i < 5; i++) {
		UT_ASSERT(!emu_tzc_allowed(&r->emu, 0, 5, a[i], MEMCHK_READ));
		UT_ASSERT(!emu_tzc_allowed(&r->emu, 1, 6, a[i], MEMCHK_WRITE));
	}
	return 0;
}

static int test_tzc_stuck_bit(void)
{
	struct memchk_intent in;
	struct tzc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r, 9, 40, 2, 0x00210029));
	/* Base address bit 12 of region 1 stuck at 1. */
	emu_fault_add(&r.emu.faults, TZC_REGION_BASE_LOW(1), 1u << 12, 0,
		      false);
	golden_intent(&in);
	UT_ASSERT_EQ(-MEMCHK_E_READBACK, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_CONTAINS("REGION_BASE_LOW_1 (+0x120): expected 0x70000000, read 0x70001000",
			   r.err.msg);
	UT_ASSERT_CONTAINS("now denied everywhere", r.err.msg);
	UT_ASSERT_STR("tzc@2a4a0000", r.err.where);
	return assert_fail_closed(&r);
}

static int test_tzc_ignored_write(void)
{
	struct memchk_intent in;
	struct tzc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r, 9, 40, 2, 0x00210029));
	emu_fault_add(&r.emu.faults, TZC_REGION_TOP_LOW(1), 0, 0, true);
	golden_intent(&in);
	UT_ASSERT_EQ(-MEMCHK_E_READBACK, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_CONTAINS("REGION_TOP_LOW_1 (+0x128): expected 0x723fffff, read 0x00000fff",
			   r.err.msg);
	return assert_fail_closed(&r);
}

/*
 * A defect in region 0 itself (NSAID 5's read enable stuck at 1):
 * fail-closed cannot hold and the error must say so.
 */
static int test_tzc_cannot_fail_closed(void)
{
	struct memchk_intent in;
	struct tzc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r, 9, 40, 2, 0x00210029));
	emu_fault_add(&r.emu.faults, TZC_REGION_ID_ACCESS(0), 1u << 5, 0,
		      false);
	golden_intent(&in);
	UT_ASSERT_EQ(-MEMCHK_E_READBACK, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_CONTAINS("REGION_ID_ACCESS_0 (+0x114): expected 0x00010009, read 0x00010029",
			   r.err.msg);
	UT_ASSERT_CONTAINS("NOT fail-closed", r.err.msg);
	return 0;
}

/* Refusals are decided before the first write. */
static int test_tzc_refusals_write_nothing(void)
{
	struct memchk_intent in;
	struct tzc_rig r;
	unsigned int i;

	UT_ASSERT_EQ(0, rig_init(&r, 9, 40, 2, 0x00210029));
	memchk_intent_init(&in);
	in.confined = 1u << 5;
	in.nwin = 9;	/* 8 usable regions */
	for (i = 0; i < 9; i++)
		in.win[i] = (struct memchk_window){ 0x80000000ULL + i * 0x200000ULL,
						    0x100000, 1u << 5,
						    MEMCHK_PERM_RW };
	UT_ASSERT_EQ(-MEMCHK_E_TOOMANY, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_CONTAINS("9 windows needed, TZC-400 has 8", r.err.msg);
	in.nwin = 1;
	in.win[0].base = 0x80000800ULL;
	UT_ASSERT_EQ(-MEMCHK_E_ALIGN, memchk_program(&r.chk, &in, &r.err));
	in.win[0].base = 0xfffff00000ULL;
	in.win[0].size = 0x200000;	/* ends past 2^40 */
	UT_ASSERT_EQ(-MEMCHK_E_RANGE, memchk_program(&r.chk, &in, &r.err));
	in.win[0].size = 0x100000;	/* ends exactly at 2^40 - 1: fine */
	UT_ASSERT_EQ(0, memchk_validate(&r.chk, &in, &r.err));
	in.confined = 1u << 16;	/* NSAIDs are 0..15 */
	in.win[0].clients = 1u << 16;
	UT_ASSERT_EQ(-MEMCHK_E_CLIENT, memchk_program(&r.chk, &in, &r.err));
	in.confined = 1u << 5;
	in.win[0].clients = 1u << 5;
	in.win[0].base = 0x80000000ULL;
	in.nwin = 2;
	in.win[1] = in.win[0];
	in.win[1].base += 0xff000;
	UT_ASSERT_EQ(-MEMCHK_E_OVERLAP, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_EQ(0, r.rec.nwrites);
	UT_ASSERT_EQ(-MEMCHK_E_NOLOCK, memchk_lock(&r.chk, &r.err));
	UT_ASSERT_EQ(0, memchk_is_locked(&r.chk, &r.err));
	/* What the caller does next: deny the refused intent's clients. */
	UT_ASSERT_EQ(0, memchk_clear(&r.chk, in.confined, &r.err));
	UT_ASSERT(!emu_tzc_allowed(&r.emu, 0, 5, 0x80000000ULL, MEMCHK_READ));
	UT_ASSERT(emu_tzc_allowed(&r.emu, 0, 0, 0x80000000ULL, MEMCHK_WRITE));
	return 0;
}

static int test_tzc_probe_wrong_device(void)
{
	struct emu_rc rc;
	struct memchk_io io;
	struct memchk chk;
	struct dmc_err err;

	emu_rc_init(&rc, 8, 40, 12, 32);
	emu_rc_io(&rc, &io);
	UT_ASSERT_EQ(-MEMCHK_E_PROBE,
		     memchk_init(&chk, MEMCHK_TZC400, &io, NULL, "x", &err));
	UT_ASSERT_CONTAINS("not a TZC-400", err.msg);
	return 0;
}

static int test_tzc_clear_and_readback(void)
{
	struct memchk_intent in, rb;
	struct tzc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r, 9, 40, 2, 0x00210029));
	golden_intent(&in);
	UT_ASSERT_EQ(0, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_EQ(0, memchk_readback(&r.chk, &rb, &r.err));
	UT_ASSERT_EQ(2, rb.nwin);
	UT_ASSERT_EQ(0x870000000ULL, rb.win[0].base);
	UT_ASSERT_EQ(0x2400000ULL, rb.win[0].size);
	UT_ASSERT_EQ(0x60, rb.win[0].clients);
	UT_ASSERT_EQ(MEMCHK_PERM_R, rb.win[1].perm);
	UT_ASSERT(rb.confined & 0x60);
	UT_ASSERT_EQ(0, memchk_clear(&r.chk, 0x60, &r.err));
	UT_ASSERT_EQ(0, memchk_readback(&r.chk, &rb, &r.err));
	UT_ASSERT_EQ(0, rb.nwin);
	return assert_fail_closed(&r);
}

int main(void)
{
	UT_RUN(test_tzc_probe);
	UT_RUN(test_tzc_golden);
	UT_RUN(test_tzc_access_and_faults);
	UT_RUN(test_tzc_stuck_bit);
	UT_RUN(test_tzc_ignored_write);
	UT_RUN(test_tzc_cannot_fail_closed);
	UT_RUN(test_tzc_refusals_write_nothing);
	UT_RUN(test_tzc_probe_wrong_device);
	UT_RUN(test_tzc_clear_and_readback);
	return ut_done();
}
