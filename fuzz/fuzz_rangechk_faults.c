// SPDX-License-Identifier: GPL-2.0+
/*
 * The range checker's fault decoders on arbitrary values, with a
 * client-name table loaded from a fuzzed checker node. Two decoding paths:
 *
 * - registers (ctl bit 6 clear): one register image read by the MMIO driver
 *   and, through the reference secure-call service (rangechk_svc.c), by the
 *   secure-call backend; both must decode it to the same records;
 * - a secure firmware (bit 6 set): the secure-call backend against a shim
 *   that answers INFO, READ_FAULT and CLEAR_FAULT with fuzzed 64-bit
 *   results and status, as a vendor's firmware might.
 *
 * Input (words big-endian, missing bytes read 0):
 *
 *   0   ctl: [2:0] max records asked for (0..7), bit 3 ID and VERSION read
 *       the default word (probe then usually fails), bit 4 client-ids
 *       present, bit 5 client-names present, bit 6 secure firmware
 *   1   client-ids length in bytes, 2 client-names length, 3 unused
 *   4   CONFIG, CTRL, LOCK, CONFINE, VIOL_ADDR_LO, VIOL_ADDR_HI, VIOL_INFO,
 *       VIOL_COUNT, default (every other offset, so every window)
 *   40  secure firmware status of INFO, READ_FAULT, CLEAR_FAULT (a byte
 *       each, as a signed char: 0 done, 0xff DENIED, 0xfe INVALID), unused
 *   44  INFO results: windows, granule, address bits, clients (u64 each)
 *   76  READ_FAULT results: address, info, count (u64 each)
 *   100 client-ids bytes, then client-names bytes
 *
 * Invariants (fuzz_memchk.h): besides those of every decoder, a record iff
 * VIOL_INFO bit 31 (VALID): addr = VIOL_ADDR_HI:LO, client = VIOL_INFO[7:0]
 * (a client the table does not name has the name ""), write iff bit 8,
 * count = VIOL_COUNT, overrun iff count > 1, unit 0. Through the secure
 * call the same from the results; the binding makes VIOL_COUNT saturating,
 * so a count beyond 32 bits must read 0xffffffff, not wrap. A failed
 * READ_FAULT gives -MEMCHK_E_LOCKED (DENIED) or -MEMCHK_E_CALL. The fake
 * clears VIOL_* on a 1 at bit 0 of VIOL_CLEAR (the binding's
 * write-1-to-clear), and the shim reports no fault after a CLEAR_FAULT it
 * accepted, so clear-then-read must give nothing.
 */
#include "fuzz_memchk.h"
#include "../drivers/memchk/rangechk.h"

static bool rc_ids(uint32_t off, uint32_t *v)
{
	switch (off) {
	case RC_ID:		*v = RC_ID_VALUE; return true;
	case RC_VERSION:	*v = RC_VERSION_VALUE; return true;
	}
	return false;
}

static void rc_viol_clear(struct fzm_fake *f, uint32_t val)
{
	if (!(val & RC_VIOL_CLEAR_ALL))
		return;
	*fzm_reg(f, RC_VIOL_ADDR_LO) = 0;
	*fzm_reg(f, RC_VIOL_ADDR_HI) = 0;
	*fzm_reg(f, RC_VIOL_INFO) = 0;
	*fzm_reg(f, RC_VIOL_COUNT) = 0;
}

/* A secure firmware with fuzzed answers; only fault handling is asked. */
struct shim {
	int status[3];
	uint64_t info[4];
	uint64_t fault[3];
	bool cleared;
};

static int shim_call(void *ctx, uint32_t op, const uint64_t *args,
		     uint64_t *res)
{
	struct shim *s = ctx;

	memset(res, 0, MEMCHK_SCALL_NRES * sizeof(*res));
	switch (op) {
	case MEMCHK_SCALL_INFO:
		memcpy(res, s->info, sizeof(s->info));
		return s->status[0];
	case MEMCHK_SCALL_READ_FAULT:
		if (!s->cleared)
			memcpy(res, s->fault, sizeof(s->fault));
		return s->status[1];
	case MEMCHK_SCALL_CLEAR_FAULT:
		if (!s->status[2])
			s->cleared = true;
		return s->status[2];
	}
	fzm_assert(0, "secure call %u while only probing and handling faults",
		   op);
	return MEMCHK_SCALL_INVALID;
}

static struct memchk_violation *rc_expect(uint64_t addr, uint64_t info,
					  uint64_t count,
					  struct memchk_violation *v)
{
	if (!(info & RC_VI_VALID))
		return NULL;
	memset(v, 0, sizeof(*v));
	v->addr = addr;
	v->client = info & 0xff;
	v->dir = info & 1u << 8 ? MEMCHK_WRITE : MEMCHK_READ;
	v->count = count > 0xffffffffu ? 0xffffffffu : (uint32_t)count;
	v->overrun = v->count > 1;
	return v;
}

static bool rc_sane(uint64_t nwin, uint64_t gran, uint64_t abits,
		    uint64_t ncl)
{
	return nwin && nwin <= RC_MAX_WINDOWS && gran && !(gran & (gran - 1)) &&
	       abits >= 32 && abits <= 64 && ncl && ncl <= MEMCHK_MAX_CLIENTS;
}

static void firmware(struct fzm_in *in, unsigned int max,
		     const struct memchk_names *names)
{
	static struct memchk c;
	struct memchk_violation exp;
	struct memchk_scall sc;
	struct dmc_err err;
	struct shim s = { 0 };
	int i, ret, nexp;

	for (i = 0; i < 3; i++)
		s.status[i] = (signed char)fzm_u8(in);
	fzm_u8(in);
	for (i = 0; i < 4; i++)
		s.info[i] = fzm_u64(in);
	for (i = 0; i < 3; i++)
		s.fault[i] = fzm_u64(in);
	sc.call = shim_call;
	sc.ctx = &s;
	ret = memchk_init(&c, MEMCHK_RANGECHK_SCALL, NULL, &sc, "rc-smc", &err);
	if (s.status[0] || !rc_sane(s.info[0], s.info[1], s.info[2], s.info[3])) {
		fzm_assert(ret == -MEMCHK_E_PROBE, "probe: %d on nonsense", ret);
		return;
	}
	fzm_assert(ret == 0, "probe: %d %s", ret, err.msg);
	memchk_set_names(&c, names);
	if (s.status[1])
		nexp = s.status[1] == MEMCHK_SCALL_DENIED ? -MEMCHK_E_LOCKED :
			-MEMCHK_E_CALL;
	else
		nexp = !!rc_expect(s.fault[0], s.fault[1], s.fault[2], &exp);
	fzm_check_faults(&c, max, &exp, nexp, names, NULL);
}

static void registers(struct fzm_in *in, unsigned int max, bool raw_ids,
		      const struct memchk_names *names)
{
	static const uint32_t offs[] = {
		RC_CONFIG, RC_CTRL, RC_LOCK, RC_CONFINE, RC_VIOL_ADDR_LO,
		RC_VIOL_ADDR_HI, RC_VIOL_INFO, RC_VIOL_COUNT,
	};
	static struct memchk c, sc_c;
	static struct fzm_fake fake, saved;
	struct memchk_violation exp;
	struct memchk_scall sc;
	struct memchk_io io;
	struct dmc_err err;
	uint32_t cfg, id, ver;
	unsigned int i;
	int ret, sc_ret, nexp;
	bool ok;

	memset(&fake, 0, sizeof(fake));
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		fzm_add(&fake, offs[i], fzm_u32(in));
	fake.dflt = fzm_u32(in);
	fake.id = raw_ids ? NULL : rc_ids;
	fake.clear_off = RC_VIOL_CLEAR;
	fake.clear = rc_viol_clear;
	saved = fake;
	fzm_io(&fake, &io);

	id = fzm_read32(&fake, RC_ID);
	ver = fzm_read32(&fake, RC_VERSION);
	cfg = *fzm_reg(&fake, RC_CONFIG);
	ok = id == RC_ID_VALUE && ver >> 16 == RC_VERSION_VALUE >> 16 &&
	     rc_sane(RC_CFG_NWIN(cfg), 1ULL << RC_CFG_GRANULE_SHIFT(cfg),
		     RC_CFG_ADDR_BITS(cfg), RC_CFG_NCLIENTS(cfg));
	ret = memchk_init(&c, MEMCHK_RANGECHK, &io, NULL, "rc", &err);
	sc.call = memchk_rangechk_service;
	sc.ctx = &io;
	sc_ret = memchk_init(&sc_c, MEMCHK_RANGECHK_SCALL, NULL, &sc, "rc-svc",
			     &err);
	fzm_assert(ret == (ok ? 0 : -MEMCHK_E_PROBE) && sc_ret == ret,
		   "probe: MMIO %d, secure call %d, registers say %s", ret,
		   sc_ret, ok ? "fine" : "not a range checker");
	if (!ok)
		return;
	memchk_set_names(&c, names);
	memchk_set_names(&sc_c, names);
	nexp = !!rc_expect((uint64_t)*fzm_reg(&fake, RC_VIOL_ADDR_HI) << 32 |
			   *fzm_reg(&fake, RC_VIOL_ADDR_LO),
			   *fzm_reg(&fake, RC_VIOL_INFO),
			   *fzm_reg(&fake, RC_VIOL_COUNT), &exp);
	fzm_check_readback(&c);
	fzm_check_readback(&sc_c);
	fzm_check_faults(&c, max, &exp, nexp, names, &fake.writes);
	/* The same registers again, through the secure-call service. */
	fake = saved;
	fzm_check_faults(&sc_c, max, &exp, nexp, names, &fake.writes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fzm_in in = { data, size }, tail;
	struct memchk_names names;
	const uint8_t *ids, *nm;
	size_t nids, nnames;
	bool smc;
	uint32_t ctl;

	ctl = fzm_u8(&in);
	nids = fzm_u8(&in);
	nnames = fzm_u8(&in);
	fzm_u8(&in);
	smc = ctl & 0x40;
	/* The name properties follow the fixed 100-byte header. */
	tail = in;
	fzm_skip(&tail, 96);
	ids = fzm_bytes(&tail, &nids);
	nm = fzm_bytes(&tail, &nnames);
	fzm_names_load("dmacage,range-checker", smc,
		       smc ? MEMCHK_RANGECHK_SCALL : MEMCHK_RANGECHK,
		       ctl & 0x10 ? ids : NULL, nids, ctl & 0x20 ? nm : NULL,
		       nnames, &names);
	if (smc) {
		fzm_skip(&in, 36);	/* the registers: not this path's */
		firmware(&in, ctl & 7, &names);
	} else {
		registers(&in, ctl & 7, ctl & 0x08, &names);
	}
	return 0;
}
