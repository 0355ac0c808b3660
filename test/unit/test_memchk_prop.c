// SPDX-License-Identifier: GPL-2.0+
/*
 * Confinement property, for thousands of random intents on randomly built
 * checkers, through each driver into its emulator:
 * - every address inside a window is allowed for its clients, with exactly
 *   the window's permissions, up to the last byte;
 * - every address outside (one byte before, one byte after, random ones) is
 *   denied for confined clients and recorded with address, client and
 *   direction;
 * - clients that are not confined keep what they had;
 * - reprogramming over an earlier intent leaves no trace of it;
 * - an intent with more windows than the checker has writes nothing;
 * - the secure-call backend leaves the same registers as the MMIO driver.
 * The reference answer comes from the intent alone (model_allowed()).
 */
#include <dmacage/memchk.h>
#include <dmacage/memchk_emu.h>
#include "ut.h"

#define ITERATIONS	3000

static uint64_t rng_state;
static unsigned long nprobes;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint64_t rnd_in(uint64_t lo, uint64_t hi)
{
	return lo + rnd() % (hi - lo + 1);
}

struct rig {
	enum memchk_type type;
	struct emu_tzc tzc;
	struct emu_rc rc, rc2;		/* rc2: behind the secure call */
	struct memchk_io eio, eio2, io;
	struct memchk_rec rec;
	struct memchk_rec_entry log[8];
	struct memchk_scall sc;
	struct memchk chk, chk2;
	uint32_t bg;			/* TZC region 0 access before us */
	struct dmc_err err;
};

static int rig_build(struct rig *r, enum memchk_type type)
{
	memset(r, 0, sizeof(*r));
	r->type = type;
	if (type == MEMCHK_TZC400) {
		emu_tzc_init(&r->tzc, rnd_in(2, 9), rnd_in(32, 48),
			     rnd_in(1, 4));
		emu_tzc_io(&r->tzc, &r->eio);
		r->bg = (uint32_t)rnd();
		r->eio.write32(r->eio.ctx, 0x114, r->bg);
	} else {
		unsigned int nwin = rnd_in(1, 16), ab = rnd_in(32, 48);
		unsigned int gs = rnd_in(12, 24), ncl = rnd_in(1, 32);

		emu_rc_init(&r->rc, nwin, ab, gs, ncl);
		emu_rc_init(&r->rc2, nwin, ab, gs, ncl);
		emu_rc_io(&r->rc, &r->eio);
		emu_rc_io(&r->rc2, &r->eio2);
		r->sc.call = memchk_rangechk_service;
		r->sc.ctx = &r->eio2;
		if (memchk_init(&r->chk2, MEMCHK_RANGECHK_SCALL, NULL, &r->sc,
				"rc-smc", &r->err))
			UT_FAIL("scall init: %s", r->err.msg);
	}
	memchk_rec_init(&r->rec, &r->eio, r->log, 8, &r->io);
	if (memchk_init(&r->chk, type, &r->io, NULL, "chk", &r->err))
		UT_FAIL("init: %s", r->err.msg);
	return 0;
}

/* A random valid intent for @d (or one window too many if @exhaust). */
static void random_intent(const struct memchk_desc *d, struct memchk_intent *in,
			  bool exhaust)
{
	uint64_t amask = d->addr_bits >= 64 ? ~0ULL : (1ULL << d->addr_bits) - 1;
	uint64_t g = d->granule, cursor, size;
	unsigned int ndom = rnd_in(1, 4), maxwin, i, k, dom;
	uint32_t used = 0, dclients[4] = { 0 };

	memchk_intent_init(in);
	for (dom = 0; dom < ndom; dom++) {
		for (k = rnd_in(1, 3); k; k--) {
			unsigned int c = rnd() % d->nclients;

			if (!(used & (1u << c)))
				dclients[dom] |= 1u << c;
			used |= 1u << c;
		}
		in->confined |= dclients[dom];
	}
	maxwin = exhaust ? d->nwindows + 1 : rnd_in(0, d->nwindows);
	if (maxwin > MEMCHK_MAX_WINDOWS)
		maxwin = MEMCHK_MAX_WINDOWS;
	cursor = (rnd() & (amask >> 1)) & ~(g - 1);
	for (i = 0; i < maxwin; i++) {
		cursor += rnd_in(0, 4) * g;		/* 0: adjacent windows */
		size = rnd_in(1, 64) * g;
		if (cursor > amask || size > amask - cursor + 1)
			break;
		dom = rnd() % ndom;
		if (!dclients[dom])
			continue;
		in->win[in->nwin++] = (struct memchk_window){
			cursor, size, dclients[dom], rnd_in(1, 3) };
		cursor += size;
	}
	/* Sometimes a window ending exactly at the top of the address space. */
	if (!exhaust && in->nwin && in->nwin < d->nwindows && !(rnd() % 10)) {
		struct memchk_window *w = &in->win[in->nwin - 1];

		if (amask - g + 1 >= w->base + w->size) {
			in->win[in->nwin] = *w;
			in->win[in->nwin].base = amask - g + 1;
			in->win[in->nwin].size = g;
			in->nwin++;
		}
	}
}

static bool model_allowed(const struct rig *r, const struct memchk_intent *in,
			  uint32_t client, uint64_t addr, enum memchk_dir dir)
{
	unsigned int perm = dir == MEMCHK_WRITE ? MEMCHK_PERM_W : MEMCHK_PERM_R;
	uint32_t bit = 1u << client;
	unsigned int i;

	if (!(in->confined & bit)) {
		if (r->type != MEMCHK_TZC400)
			return true;
		return r->bg & (dir == MEMCHK_WRITE ? bit << 16 : bit);
	}
	for (i = 0; i < in->nwin; i++) {
		const struct memchk_window *w = &in->win[i];

		if ((w->clients & bit) && (w->perm & perm) && addr >= w->base &&
		    addr - w->base < w->size)
			return true;
	}
	return false;
}

static bool emu_allowed(struct rig *r, uint32_t client, uint64_t addr,
			enum memchk_dir dir, bool second)
{
	if (r->type == MEMCHK_TZC400)
		return emu_tzc_allowed(&r->tzc, rnd() % r->tzc.nfilters,
				       client, addr, dir);
	return emu_rc_allowed(second ? &r->rc2 : &r->rc, client, addr, dir);
}

static int probe(struct rig *r, const struct memchk_intent *in,
		 uint32_t client, uint64_t addr)
{
	struct memchk_violation v[MEMCHK_MAX_UNITS];
	enum memchk_dir dir;
	bool want, got;
	int n;

	if (addr > (r->chk.desc.addr_bits >= 64 ? ~0ULL :
		    (1ULL << r->chk.desc.addr_bits) - 1))
		return 0;
	for (dir = MEMCHK_READ; dir <= MEMCHK_WRITE; dir++) {
		nprobes++;
		want = model_allowed(r, in, client, addr, dir);
		got = emu_allowed(r, client, addr, dir, false);
		if (want != got)
			UT_FAIL("seed state 0x%llx: client %u %s 0x%llx: %s, expected %s",
				(unsigned long long)rng_state, client,
				dir ? "write" : "read", (unsigned long long)addr,
				got ? "allowed" : "denied",
				want ? "allowed" : "denied");
		if (r->type == MEMCHK_RANGECHK &&
		    emu_allowed(r, client, addr, dir, true) != want)
			UT_FAIL("secure-call checker differs at 0x%llx client %u",
				(unsigned long long)addr, client);
		n = memchk_read_faults(&r->chk, v, MEMCHK_MAX_UNITS, &r->err);
		if (want) {
			UT_ASSERT_EQ(0, n);
			continue;
		}
		UT_ASSERT_EQ(1, n);
		UT_ASSERT_EQ(addr, v[0].addr);
		/* a TZC-400 records the AXI ID; no map names it here */
		if (r->type == MEMCHK_TZC400)
			UT_ASSERT_EQ(EMU_TZC_AID(client), v[0].aid);
		else
			UT_ASSERT_EQ(client, v[0].client);
		UT_ASSERT_EQ(dir, v[0].dir);
		UT_ASSERT_EQ(0, memchk_clear_faults(&r->chk, &r->err));
		if (r->type == MEMCHK_RANGECHK)
			memchk_clear_faults(&r->chk2, &r->err);
	}
	return 0;
}

/* Clients to probe: every confined one and a few others. */
static int probe_all(struct rig *r, const struct memchk_intent *in,
		     uint64_t addr)
{
	unsigned int c;

	for (c = 0; c < r->chk.desc.nclients; c++)
		if ((in->confined & (1u << c)) || !(rnd() % 8))
			if (probe(r, in, c, addr))
				return -1;
	return 0;
}

static int check_intent(struct rig *r, const struct memchk_intent *in)
{
	const struct memchk_window *w;
	unsigned int i, k;

	for (i = 0; i < in->nwin; i++) {
		w = &in->win[i];
		if ((w->base && probe_all(r, in, w->base - 1)) ||
		    probe_all(r, in, w->base) ||
		    probe_all(r, in, w->base + w->size - 1) ||
		    probe_all(r, in, w->base + w->size) ||
		    probe_all(r, in, w->base + rnd() % w->size))
			return -1;
	}
	for (k = 0; k < 8; k++)
		if (probe_all(r, in, rnd() & ((1ULL << r->chk.desc.addr_bits) - 1)))
			return -1;
	return 0;
}

static int same_rc_registers(struct rig *r)
{
	uint32_t off;

	for (off = 0; off < 0x100 + 0x20 * r->rc.nwin; off += 4)
		if (emu_rc_read32(&r->rc, off) != emu_rc_read32(&r->rc2, off))
			UT_FAIL("register +0x%03x: MMIO 0x%08x, secure call 0x%08x",
				off, emu_rc_read32(&r->rc, off),
				emu_rc_read32(&r->rc2, off));
	return 0;
}

static int one_round(enum memchk_type type)
{
	struct memchk_intent first, in;
	struct rig r;
	int ret;

	if (rig_build(&r, type))
		return -1;
	if (!(rnd() % 3)) {
		random_intent(&r.chk.desc, &first, false);
		if (memchk_program(&r.chk, &first, &r.err))
			UT_FAIL("first program: %s", r.err.msg);
		if (type == MEMCHK_RANGECHK &&
		    memchk_program(&r.chk2, &first, &r.err))
			UT_FAIL("first secure call program: %s", r.err.msg);
	}
	if (!(rnd() % 20)) {
		struct emu_rc rc_before = r.rc;
		struct emu_tzc tzc_before = r.tzc;
		unsigned int w0 = r.rec.nwrites;

		random_intent(&r.chk.desc, &in, true);
		if (in.nwin <= r.chk.desc.nwindows)
			return 0;	/* address space too small to exhaust */
		UT_ASSERT_EQ(-MEMCHK_E_TOOMANY, memchk_program(&r.chk, &in, &r.err));
		UT_ASSERT_EQ(w0, r.rec.nwrites);
		rc_before.reads = r.rc.reads;
		tzc_before.reads = r.tzc.reads;
		UT_ASSERT(!memcmp(&rc_before, &r.rc, sizeof(r.rc)));
		UT_ASSERT(!memcmp(&tzc_before, &r.tzc, sizeof(r.tzc)));
		return 0;
	}
	random_intent(&r.chk.desc, &in, false);
	ret = memchk_program(&r.chk, &in, &r.err);
	if (ret)
		UT_FAIL("program (%u windows): %s", in.nwin, r.err.msg);
	if (type == MEMCHK_RANGECHK) {
		if (memchk_program(&r.chk2, &in, &r.err))
			UT_FAIL("secure call program: %s", r.err.msg);
		if (same_rc_registers(&r))
			return -1;
	}
	return check_intent(&r, &in);
}

static int run_rounds(enum memchk_type type, uint64_t seed)
{
	unsigned int i;

	rng_state = seed;
	nprobes = 0;
	for (i = 0; i < ITERATIONS; i++)
		if (one_round(type)) {
			printf("  (round %u)\n", i);
			return -1;
		}
	printf("  %u random intents, %lu access probes\n", ITERATIONS, nprobes);
	/* A property that probed nothing proved nothing. */
	UT_ASSERT(nprobes > 100 * ITERATIONS);
	return 0;
}

static int test_prop_tzc400(void)
{
	return run_rounds(MEMCHK_TZC400, 0x9e3779b97f4a7c15ULL);
}

static int test_prop_rangechk_and_scall(void)
{
	return run_rounds(MEMCHK_RANGECHK, 0xd1b54a32d192ed03ULL);
}

/* The property must be able to fail: a driver bug the model catches. */
static int test_prop_detects_open_window(void)
{
	struct memchk_intent in;
	struct rig r;

	rng_state = 12345;
	if (rig_build(&r, MEMCHK_RANGECHK))
		return -1;
	memchk_intent_init(&in);
	in.confined = 1;
	in.nwin = 1;
	in.win[0] = (struct memchk_window){ 0, r.chk.desc.granule, 1,
					    MEMCHK_PERM_RW };
	UT_ASSERT_EQ(0, memchk_program(&r.chk, &in, &r.err));
	/* Open the window one granule wider behind the driver's back. */
	emu_rc_write32(&r.rc, 0x108, (uint32_t)(2 * r.chk.desc.granule - 1));
	UT_ASSERT(model_allowed(&r, &in, 0, r.chk.desc.granule, MEMCHK_READ) !=
		  emu_rc_allowed(&r.rc, 0, r.chk.desc.granule, MEMCHK_READ));
	UT_ASSERT_EQ(-MEMCHK_E_READBACK, memchk_verify(&r.chk, &in, &r.err));
	return 0;
}

int main(void)
{
	UT_RUN(test_prop_tzc400);
	UT_RUN(test_prop_rangechk_and_scall);
	UT_RUN(test_prop_detects_open_window);
	return ut_done();
}
