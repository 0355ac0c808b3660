// SPDX-License-Identifier: GPL-2.0+
/*
 * Reference range checker: register semantics of the emulator, the MMIO
 * driver, lock, fault records with names, fault injection, and the
 * secure-call backend giving the same hardware state as the MMIO driver.
 */
#include <dmacage/memchk.h>
#include <dmacage/memchk_emu.h>
#include "../../drivers/memchk/rangechk.h"
#include "ut.h"

struct rc_rig {
	struct emu_rc emu;
	struct memchk_io eio, io;
	struct memchk_rec rec;
	struct memchk_rec_entry log[256];
	struct memchk chk;
	struct dmc_err err;
};

/* 8 windows, 40-bit addresses, 64 KiB granule, 24 clients. */
static int rig_init(struct rc_rig *r)
{
	memset(r, 0, sizeof(*r));
	emu_rc_init(&r->emu, 8, 40, 16, 24);
	emu_rc_io(&r->emu, &r->eio);
	memchk_rec_init(&r->rec, &r->eio, r->log, 256, &r->io);
	return memchk_init(&r->chk, MEMCHK_RANGECHK, &r->io, NULL, "rc@f0000000",
			   &r->err);
}

static void intent(struct memchk_intent *in)
{
	memchk_intent_init(in);
	in->confined = 1u << 3 | 1u << 7 | 1u << 9;
	in->nwin = 2;
	in->win[0] = (struct memchk_window){ 0x7e000000ULL, 0x2400000ULL,
					     1u << 3, MEMCHK_PERM_RW };
	in->win[1] = (struct memchk_window){ 0x10000000000ULL - 0x10000,
					     0x10000, 1u << 7,
					     MEMCHK_PERM_W };
	/* client 9: confined with no window (a domain that failed) */
}

static int test_rc_registers(void)
{
	struct rc_rig r;
	void *e;

	UT_ASSERT_EQ(0, rig_init(&r));
	e = r.eio.ctx;
	UT_ASSERT_EQ(RC_ID_VALUE, emu_rc_read32(e, RC_ID));
	UT_ASSERT_EQ(RC_CFG(8, 40, 16, 24), emu_rc_read32(e, RC_CONFIG));
	UT_ASSERT_EQ(0x10000, r.chk.desc.granule);
	UT_ASSERT_EQ(24, r.chk.desc.nclients);
	/* RO registers ignore writes */
	emu_rc_write32(e, RC_CONFIG, 0);
	UT_ASSERT_EQ(RC_CFG(8, 40, 16, 24), emu_rc_read32(e, RC_CONFIG));
	/* granule bits: START reads 0, END reads 1; high bits beyond 40 */
	emu_rc_write32(e, RC_WIN_START_LO(0), 0x1234ffff);
	emu_rc_write32(e, RC_WIN_END_LO(0), 0x12340000);
	emu_rc_write32(e, RC_WIN_START_HI(0), 0xffffffff);
	emu_rc_write32(e, RC_WIN_CLIENTS(0), 0xffffffff);
	UT_ASSERT_EQ(0x12340000, emu_rc_read32(e, RC_WIN_START_LO(0)));
	UT_ASSERT_EQ(0x1234ffff, emu_rc_read32(e, RC_WIN_END_LO(0)));
	UT_ASSERT_EQ(0xff, emu_rc_read32(e, RC_WIN_START_HI(0)));
	UT_ASSERT_EQ(0xffffff, emu_rc_read32(e, RC_WIN_CLIENTS(0)));
	/* window 8 does not exist: RAZ/WI */
	emu_rc_write32(e, RC_WIN_CTRL(8), 7);
	UT_ASSERT_EQ(0, emu_rc_read32(e, RC_WIN_CTRL(8)));
	return 0;
}

static int test_rc_program_and_probe(void)
{
	struct memchk_intent in, rb;
	struct rc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r));
	intent(&in);
	UT_ASSERT_EQ(0, memchk_program(&r.chk, &in, &r.err));
	/* confine + enforce, 8 disables (+6 clients clears), 2 x 6 writes */
	UT_ASSERT_EQ(2 + 8 + 6 + 12, r.rec.nwrites);
	UT_ASSERT_EQ(RC_CONFINE, r.log[0].off);
	UT_ASSERT_EQ(0x288, r.log[0].val);
	UT_ASSERT_EQ(RC_CTRL, r.log[1].off);
	UT_ASSERT(emu_rc_allowed(&r.emu, 3, 0x7e000000ULL, MEMCHK_WRITE));
	UT_ASSERT(emu_rc_allowed(&r.emu, 3, 0x803fffffULL, MEMCHK_READ));
	UT_ASSERT(!emu_rc_allowed(&r.emu, 3, 0x80400000ULL, MEMCHK_READ));
	UT_ASSERT(!emu_rc_allowed(&r.emu, 3, 0x7dffffffULL, MEMCHK_READ));
	/* write-only window at the very top of the 40-bit space */
	UT_ASSERT(emu_rc_allowed(&r.emu, 7, 0xffffffffffULL, MEMCHK_WRITE));
	UT_ASSERT(!emu_rc_allowed(&r.emu, 7, 0xffffffffffULL, MEMCHK_READ));
	UT_ASSERT(!emu_rc_allowed(&r.emu, 7, 0x10000000000ULL, MEMCHK_WRITE));
	/* client 9 denied everywhere, client 4 not confined */
	UT_ASSERT(!emu_rc_allowed(&r.emu, 9, 0x7e000000ULL, MEMCHK_READ));
	UT_ASSERT(emu_rc_allowed(&r.emu, 4, 0x0ULL, MEMCHK_WRITE));
	UT_ASSERT_EQ(0, memchk_readback(&r.chk, &rb, &r.err));
	UT_ASSERT_EQ(0, memcmp(&in, &rb, sizeof(in)));
	return 0;
}

static int test_rc_faults_named(void)
{
	struct memchk_names names = { .n = 1, .id = { 3 }, .name = { "pcie@1000" } };
	struct memchk_violation v[2];
	struct memchk_intent in;
	struct rc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r));
	memchk_set_names(&r.chk, &names);
	intent(&in);
	UT_ASSERT_EQ(0, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT(!emu_rc_allowed(&r.emu, 3, 0x12345678ULL, MEMCHK_WRITE));
	UT_ASSERT(!emu_rc_allowed(&r.emu, 9, 0x1000ULL, MEMCHK_READ));
	UT_ASSERT(!emu_rc_allowed(&r.emu, 9, 0x2000ULL, MEMCHK_READ));
	UT_ASSERT_EQ(1, memchk_read_faults(&r.chk, v, 2, &r.err));
	UT_ASSERT_EQ(0x12345678ULL, v[0].addr);
	UT_ASSERT_EQ(3, v[0].client);
	UT_ASSERT_STR("pcie@1000", v[0].name);
	UT_ASSERT_EQ(MEMCHK_WRITE, v[0].dir);
	UT_ASSERT_EQ(3, v[0].count);
	UT_ASSERT(v[0].overrun);
	UT_ASSERT_EQ(0, memchk_clear_faults(&r.chk, &r.err));
	UT_ASSERT_EQ(0, memchk_read_faults(&r.chk, v, 2, &r.err));
	UT_ASSERT(!emu_rc_allowed(&r.emu, 9, 0x2000ULL, MEMCHK_READ));
	UT_ASSERT_EQ(1, memchk_read_faults(&r.chk, v, 2, &r.err));
	UT_ASSERT_STR("", v[0].name);
	UT_ASSERT_EQ(1, v[0].count);
	return 0;
}

static int test_rc_lock(void)
{
	struct memchk_intent in, other;
	struct rc_rig r;
	unsigned int before;

	UT_ASSERT_EQ(0, rig_init(&r));
	intent(&in);
	UT_ASSERT_EQ(0, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_EQ(0, memchk_lock(&r.chk, &r.err));
	UT_ASSERT_EQ(1, memchk_is_locked(&r.chk, &r.err));
	/* the driver refuses before writing */
	before = r.rec.nwrites;
	memchk_intent_init(&other);
	UT_ASSERT_EQ(-MEMCHK_E_LOCKED, memchk_program(&r.chk, &other, &r.err));
	UT_ASSERT_EQ(-MEMCHK_E_LOCKED, memchk_clear(&r.chk, 0, &r.err));
	UT_ASSERT_EQ(before, r.rec.nwrites);
	/* the hardware ignores writes anyway: lock is sticky, CTRL frozen */
	emu_rc_write32(&r.emu, RC_LOCK, 0);
	emu_rc_write32(&r.emu, RC_CTRL, 0);
	emu_rc_write32(&r.emu, RC_WIN_CTRL(0), 0);
	UT_ASSERT_EQ(RC_LOCK_LOCKED, emu_rc_read32(&r.emu, RC_LOCK));
	UT_ASSERT_EQ(0, memchk_verify(&r.chk, &in, &r.err));
	/* fault records stay clearable */
	UT_ASSERT(!emu_rc_allowed(&r.emu, 9, 0x1000ULL, MEMCHK_READ));
	UT_ASSERT_EQ(0, memchk_clear_faults(&r.chk, &r.err));
	UT_ASSERT_EQ(0, emu_rc_read32(&r.emu, RC_VIOL_INFO));
	return 0;
}

static int test_rc_fault_injection(void)
{
	struct memchk_intent in;
	struct rc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r));
	emu_fault_add(&r.emu.faults, RC_WIN_END_LO(0), 0, 0, true);
	intent(&in);
	UT_ASSERT_EQ(-MEMCHK_E_READBACK, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_CONTAINS("WIN0_END_LO (+0x108): expected 0x803fffff, read 0x0000ffff",
			   r.err.msg);
	UT_ASSERT_CONTAINS("now denied everywhere", r.err.msg);
	UT_ASSERT(!emu_rc_allowed(&r.emu, 3, 0x7e000000ULL, MEMCHK_READ));
	UT_ASSERT(!emu_rc_allowed(&r.emu, 7, 0xffffffffffULL, MEMCHK_WRITE));

	UT_ASSERT_EQ(0, rig_init(&r));
	/* client bit 5 stuck in window 1's bitmap */
	emu_fault_add(&r.emu.faults, RC_WIN_CLIENTS(1), 1u << 5, 0, false);
	UT_ASSERT_EQ(-MEMCHK_E_READBACK, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_CONTAINS("WIN1_CLIENTS", r.err.msg);
	UT_ASSERT_CONTAINS("expected 0x00000080, read 0x000000a0", r.err.msg);
	/* clear writes CLIENTS = 0 too, which cannot take: said so */
	UT_ASSERT_CONTAINS("NOT fail-closed", r.err.msg);
	/* but window 1 is disabled, so client 7 is still denied */
	UT_ASSERT(!emu_rc_allowed(&r.emu, 7, 0xffffffffffULL, MEMCHK_WRITE));
	return 0;
}

/* ---- secure-call backend ---- */

struct sc_rig {
	struct emu_rc emu;
	struct memchk_io eio;
	struct memchk_scall sc;
	struct memchk chk;
	struct dmc_err err;
};

static int sc_init(struct sc_rig *s)
{
	memset(s, 0, sizeof(*s));
	emu_rc_init(&s->emu, 8, 40, 16, 24);
	emu_rc_io(&s->emu, &s->eio);
	s->sc.call = memchk_rangechk_service;
	s->sc.ctx = &s->eio;
	return memchk_init(&s->chk, MEMCHK_RANGECHK_SCALL, NULL, &s->sc,
			   "rc-smc", &s->err);
}

/* Every register of two range-checker models is equal. */
static int same_registers(struct emu_rc *a, struct emu_rc *b)
{
	uint32_t off, va, vb;

	for (off = 0; off < 0x100 + 0x20 * 8; off += 4) {
		va = emu_rc_read32(a, off);
		vb = emu_rc_read32(b, off);
		if (va != vb)
			UT_FAIL("register +0x%03x: MMIO 0x%08x, secure call 0x%08x",
				off, va, vb);
	}
	return 0;
}

static int test_scall_equivalence(void)
{
	struct memchk_violation v[1];
	struct memchk_intent in, rb;
	struct sc_rig s;
	struct rc_rig r;

	UT_ASSERT_EQ(0, rig_init(&r));
	UT_ASSERT_EQ(0, sc_init(&s));
	UT_ASSERT_EQ(r.chk.desc.nwindows, s.chk.desc.nwindows);
	UT_ASSERT_EQ(r.chk.desc.granule, s.chk.desc.granule);
	UT_ASSERT_EQ(r.chk.desc.addr_bits, s.chk.desc.addr_bits);
	UT_ASSERT_EQ(r.chk.desc.nclients, s.chk.desc.nclients);
	intent(&in);
	UT_ASSERT_EQ(0, memchk_program(&r.chk, &in, &r.err));
	UT_ASSERT_EQ(0, memchk_program(&s.chk, &in, &s.err));
	if (same_registers(&r.emu, &s.emu))
		return -1;
	UT_ASSERT_EQ(0, memchk_readback(&s.chk, &rb, &s.err));
	UT_ASSERT_EQ(0, memcmp(&in, &rb, sizeof(in)));
	UT_ASSERT(!emu_rc_allowed(&s.emu, 3, 0x10ULL, MEMCHK_READ));
	UT_ASSERT_EQ(1, memchk_read_faults(&s.chk, v, 1, &s.err));
	UT_ASSERT_EQ(0x10, v[0].addr);
	UT_ASSERT_EQ(0, memchk_clear_faults(&s.chk, &s.err));
	UT_ASSERT_EQ(0, memchk_read_faults(&s.chk, v, 1, &s.err));
	/* lock through the call; the service refuses changes afterwards */
	UT_ASSERT_EQ(0, memchk_lock(&s.chk, &s.err));
	UT_ASSERT_EQ(1, memchk_is_locked(&s.chk, &s.err));
	UT_ASSERT_EQ(-MEMCHK_E_LOCKED, memchk_program(&s.chk, &in, &s.err));
	{
		const uint64_t a[MEMCHK_SCALL_NARGS] = { 0 };
		uint64_t res[MEMCHK_SCALL_NRES];

		UT_ASSERT_EQ(MEMCHK_SCALL_DENIED,
			     memchk_rangechk_service(&s.eio, MEMCHK_SCALL_CLOSE_WINDOW,
						     a, res));
	}
	return 0;
}

static int test_scall_service_validates(void)
{
	uint64_t a[MEMCHK_SCALL_NARGS] = { 0 }, res[MEMCHK_SCALL_NRES];
	struct sc_rig s;

	UT_ASSERT_EQ(0, sc_init(&s));
	/* window 8 of 8, misaligned base, last before base, bad perm */
	a[0] = 8; a[1] = 0; a[2] = 0xffff; a[3] = 1; a[4] = 3;
	UT_ASSERT_EQ(MEMCHK_SCALL_INVALID,
		     memchk_rangechk_service(&s.eio, MEMCHK_SCALL_OPEN_WINDOW, a, res));
	a[0] = 0; a[1] = 0x8000;
	UT_ASSERT_EQ(MEMCHK_SCALL_INVALID,
		     memchk_rangechk_service(&s.eio, MEMCHK_SCALL_OPEN_WINDOW, a, res));
	a[1] = 0x20000; a[2] = 0x1ffff;
	UT_ASSERT_EQ(MEMCHK_SCALL_INVALID,
		     memchk_rangechk_service(&s.eio, MEMCHK_SCALL_OPEN_WINDOW, a, res));
	a[1] = 0; a[2] = 0xffff; a[4] = 4;
	UT_ASSERT_EQ(MEMCHK_SCALL_INVALID,
		     memchk_rangechk_service(&s.eio, MEMCHK_SCALL_OPEN_WINDOW, a, res));
	a[4] = 3;
	UT_ASSERT_EQ(0, memchk_rangechk_service(&s.eio, MEMCHK_SCALL_OPEN_WINDOW, a, res));
	UT_ASSERT_EQ(MEMCHK_SCALL_INVALID,
		     memchk_rangechk_service(&s.eio, 99, a, res));
	return 0;
}

/* A secure call failing half-way: error names the call, checker closed. */
static int fail_open_calls(void *ctx, uint32_t op, const uint64_t *a,
			   uint64_t *res)
{
	if (op == MEMCHK_SCALL_OPEN_WINDOW && a[0] == 1)
		return MEMCHK_SCALL_INVALID;
	return memchk_rangechk_service(ctx, op, a, res);
}

static int test_scall_failure_fails_closed(void)
{
	struct memchk_intent in;
	struct sc_rig s;

	UT_ASSERT_EQ(0, sc_init(&s));
	s.chk.scall.call = fail_open_calls;
	intent(&in);
	UT_ASSERT_EQ(-MEMCHK_E_CALL, memchk_program(&s.chk, &in, &s.err));
	UT_ASSERT_CONTAINS("secure call 3", s.err.msg);
	UT_ASSERT_CONTAINS("now denied everywhere", s.err.msg);
	UT_ASSERT(!emu_rc_allowed(&s.emu, 3, 0x7e000000ULL, MEMCHK_READ));
	return 0;
}

/*
 * Random register writes and random secure calls, under ASan/UBSan: no
 * access outside the models, and the service never accepts an argument
 * the register map cannot hold.
 */
static int test_fuzz_registers_and_calls(void)
{
	uint64_t a[MEMCHK_SCALL_NARGS], res[MEMCHK_SCALL_NRES], x = 0x2545f4914f6cdd1dULL;
	struct emu_tzc tzc;
	struct sc_rig s;
	unsigned int i, k;
	int ret;

	UT_ASSERT_EQ(0, sc_init(&s));
	emu_tzc_init(&tzc, 9, 48, 4);
	for (i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		emu_rc_write32(&s.emu, (uint32_t)(x >> 20) & 0x7fc, (uint32_t)x);
		emu_tzc_write32(&tzc, (uint32_t)(x >> 24) & 0xffc, (uint32_t)(x >> 3));
		(void)emu_tzc_read32(&tzc, (uint32_t)(x >> 40) & 0xffc);
		(void)emu_tzc_allowed(&tzc, (x >> 8) & 7, (x >> 12) & 31, x, x & 1);
		for (k = 0; k < MEMCHK_SCALL_NARGS; k++)
			a[k] = x >> (k * 7) & (k ? ~0ULL : 63);
		ret = memchk_rangechk_service(&s.eio, (uint32_t)(x >> 60), a, res);
		UT_ASSERT(ret == 0 || ret == MEMCHK_SCALL_DENIED ||
			  ret == MEMCHK_SCALL_INVALID);
		if (emu_rc_read32(&s.emu, RC_LOCK))
			emu_rc_init(&s.emu, 8, 40, 16, 24);
	}
	return 0;
}

int main(void)
{
	UT_RUN(test_rc_registers);
	UT_RUN(test_rc_program_and_probe);
	UT_RUN(test_rc_faults_named);
	UT_RUN(test_rc_lock);
	UT_RUN(test_rc_fault_injection);
	UT_RUN(test_scall_equivalence);
	UT_RUN(test_scall_service_validates);
	UT_RUN(test_scall_failure_fails_closed);
	UT_RUN(test_fuzz_registers_and_calls);
	return ut_done();
}
