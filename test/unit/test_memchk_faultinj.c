// SPDX-License-Identifier: GPL-2.0+
/*
 * Checker programming under a fault at every register write and at every
 * register read, in turn, for each backend (TZC-400, range checker over
 * MMIO, range checker through the secure call). A write is lost, or a read
 * returns its value inverted, once. Whatever memchk_program() then says:
 *   - success: the hardware really holds the intent (a clean readback
 *     agrees, the window lets its client in, the client is kept out
 *     elsewhere);
 *   - failure: the confined clients are denied everywhere and the error
 *     does not admit "NOT fail-closed" (a one-shot fault cannot defeat the
 *     clear that follows it). A failure before the first write (a refused
 *     intent) leaves the hardware as it was, so the caller's memchk_clear()
 *     is applied first, as the boot flow does.
 * Then the other half of fail-closed: a domain whose checker failed is
 * failed in the plan (as board/dmacage does), and the fixup's OS DT must
 * not claim confinement for it: no memory-region on its host bridge, the
 * bridge disabled, the record saying "disabled".
 */
#include <dmacage/memchk.h>
#include <dmacage/memchk_emu.h>
#include "ut.h"
#include "dtload.h"

enum rig_kind { RIG_TZC, RIG_RC, RIG_SCALL };

/* A register path that loses write @drop or inverts read @flip (-1: none). */
struct faulty_io {
	struct memchk_io inner;
	long drop, flip;
	long nwrites, nreads;
};

static uint32_t faulty_read32(void *ctx, uint32_t off)
{
	struct faulty_io *f = ctx;
	uint32_t v = f->inner.read32(f->inner.ctx, off);

	return f->nreads++ == f->flip ? ~v : v;
}

static void faulty_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct faulty_io *f = ctx;

	if (f->nwrites++ != f->drop)
		f->inner.write32(f->inner.ctx, off, val);
}

struct rig {
	enum rig_kind kind;
	struct emu_tzc tzc;
	struct emu_rc rc;
	struct faulty_io f;
	struct memchk_io io;
	struct memchk_scall sc;
	struct memchk chk;
	struct dmc_err err;
};

#define CLIENT		3
#define WIN_BASE	0x7e000000ULL
#define WIN_SIZE	0x2400000ULL

static int rig_init(struct rig *r, enum rig_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	if (kind == RIG_TZC) {
		emu_tzc_init(&r->tzc, 9, 40, 1);
		emu_tzc_io(&r->tzc, &r->f.inner);
	} else {
		emu_rc_init(&r->rc, 8, 40, 12, 16);
		emu_rc_io(&r->rc, &r->f.inner);
	}
	r->f.drop = r->f.flip = -1;
	r->io.read32 = faulty_read32;
	r->io.write32 = faulty_write32;
	r->io.ctx = &r->f;
	if (kind == RIG_SCALL) {
		/* the secure firmware's own register accesses go wrong */
		r->sc.call = memchk_rangechk_service;
		r->sc.ctx = &r->io;
		return memchk_init(&r->chk, MEMCHK_RANGECHK_SCALL, NULL, &r->sc,
				   "rc-smc", &r->err);
	}
	return memchk_init(&r->chk, kind == RIG_TZC ? MEMCHK_TZC400 :
			   MEMCHK_RANGECHK, &r->io, NULL, "checker", &r->err);
}

static bool allowed(struct rig *r, uint64_t addr, enum memchk_dir dir)
{
	if (r->kind == RIG_TZC)
		return emu_tzc_allowed(&r->tzc, 0, CLIENT, addr, dir);
	return emu_rc_allowed(&r->rc, CLIENT, addr, dir);
}

static void intent(struct memchk_intent *in)
{
	memchk_intent_init(in);
	in->confined = 1u << CLIENT;
	in->nwin = 1;
	in->win[0] = (struct memchk_window){ WIN_BASE, WIN_SIZE, 1u << CLIENT,
					     MEMCHK_PERM_RW };
}

static const char *const kind_name[] = { "tzc400", "rangechk", "scall" };

/* One programming run with the fault armed; judge what it left. */
static int one_fault(enum rig_kind kind, long drop, long flip, long *writes,
		     long *reads)
{
	static const uint64_t outside[] = { 0, WIN_BASE - 0x1000,
					    WIN_BASE + WIN_SIZE,
					    0xffffffffffULL };
	struct memchk_intent in;
	struct rig r;
	unsigned int i;
	int ret;

	UT_ASSERT_EQ(0, rig_init(&r, kind));
	intent(&in);
	/* count from the first write of programming, not of the probe */
	r.f.nwrites = r.f.nreads = 0;
	r.f.drop = drop;
	r.f.flip = flip;
	ret = memchk_program(&r.chk, &in, &r.err);
	*writes = r.f.nwrites;
	*reads = r.f.nreads;
	r.f.drop = r.f.flip = -1;
	if (!ret) {
		if (memchk_verify(&r.chk, &in, &r.err))
			UT_FAIL("%s drop %ld flip %ld: said ok, readback: %s",
				kind_name[kind], drop, flip, r.err.msg);
		if (!allowed(&r, WIN_BASE, MEMCHK_WRITE) ||
		    !allowed(&r, WIN_BASE + WIN_SIZE - 4, MEMCHK_READ))
			UT_FAIL("%s drop %ld flip %ld: said ok, window closed",
				kind_name[kind], drop, flip);
	} else {
		/*
		 * A refused intent (here: a lock bit misread) writes nothing,
		 * and a checker fresh from reset is open; the contract is
		 * that the caller then denies the clients itself, as
		 * board/dmacage/checkers.c does. Do the same.
		 */
		if (!r.f.nwrites &&
		    memchk_clear(&r.chk, in.confined, &r.err))
			UT_FAIL("%s drop %ld flip %ld: refused, and clear failed: %s",
				kind_name[kind], drop, flip, r.err.msg);
		if (strstr(r.err.msg, "NOT fail-closed"))
			UT_FAIL("%s drop %ld flip %ld: not closed: %s",
				kind_name[kind], drop, flip, r.err.msg);
		if (allowed(&r, WIN_BASE, MEMCHK_WRITE) ||
		    allowed(&r, WIN_BASE, MEMCHK_READ))
			UT_FAIL("%s drop %ld flip %ld: failed (%s) but the window is open",
				kind_name[kind], drop, flip, r.err.msg);
	}
	for (i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
		if (allowed(&r, outside[i], MEMCHK_WRITE))
			UT_FAIL("%s drop %ld flip %ld: client reaches 0x%llx",
				kind_name[kind], drop, flip,
				(unsigned long long)outside[i]);
	return ret ? 1 : 0;
}

static int test_every_write_and_read(void)
{
	long writes, reads, w, k, n;
	int kind, failed;

	for (kind = RIG_TZC; kind <= RIG_SCALL; kind++) {
		UT_ASSERT_EQ(0, one_fault(kind, -1, -1, &writes, &reads));
		UT_ASSERT(writes > 0 && reads > 0);
		failed = 0;
		for (k = 0; k < writes; k++) {
			n = one_fault(kind, k, -1, &w, &w);
			if (n < 0)
				return -1;
			failed += n;
		}
		for (k = 0; k < reads; k++) {
			n = one_fault(kind, -1, k, &w, &w);
			if (n < 0)
				return -1;
			failed += n;
		}
		/* a lost write is always seen: the readback compares all */
		UT_ASSERT(failed >= writes);
		printf("  %s: %ld writes and %ld reads faulted in turn, %d runs failed, every one closed\n",
		       kind_name[kind], writes, reads, failed);
	}
	return 0;
}

/* The DT half: a domain whose checker failed is not claimed confined. */
static int test_failed_checker_unclaimed(void)
{
	static char out[256 * 1024];
	struct dmc_window *w;
	struct dt_case c;
	const char *state;
	int host, rec;

	UT_ASSERT(!dt_case_load(&c, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	w = &c.plan.win[0];
	UT_ASSERT_EQ(DMC_DOM_PLANNED, w->state);
	/* what board/dmacage/handoff.c does when programming failed */
	w->state = DMC_DOM_FAILED;
	w->code = -DMC_E_CHECKER;
	strcpy(w->reason, "pcie0: checker could not be programmed");
	dmc_plan_hash(&c.plan);
	UT_ASSERT_EQ(0, dt_fixup(c.os, out, sizeof(out), &c.pol, &c.plan,
				  &c.err));
	host = fdt_path_offset(out, c.pol.dom[0].host);
	UT_ASSERT(host > 0);
	UT_ASSERT(!fdt_getprop(out, host, "memory-region", NULL));
	UT_ASSERT(!strcmp(fdt_getprop(out, host, "status", NULL), "disabled"));
	rec = fdt_path_offset(out, "/chosen/dmacage/pcie0");
	UT_ASSERT(rec > 0);
	state = fdt_getprop(out, rec, "state", NULL);
	UT_ASSERT(state && !strcmp(state, "disabled"));
	UT_ASSERT(!fdt_getprop(out, rec, "window", NULL));
	dt_case_free(&c);
	return 0;
}

int main(void)
{
	UT_RUN(test_every_write_and_read);
	UT_RUN(test_failed_checker_unclaimed);
	return ut_done();
}
