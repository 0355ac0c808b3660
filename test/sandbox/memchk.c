// SPDX-License-Identifier: GPL-2.0+
/*
 * Tests for UCLASS_MEMCHK (dmacage's memory-bus checkers) on sandbox: the
 * checker nodes of arch/sandbox/dts/test.dts, bound by phandle the way a
 * dmacage policy names them, served by the memchk_sandbox driver (a
 * register model of the checker). Each test goes through the uclass and
 * the hardware-neutral frontend only, and checks what the hardware model
 * then holds or reports.
 */
#include <common.h>
#include <dm.h>
#include <asm/global_data.h>
#include <asm/test.h>
#include <dm/ofnode.h>
#include <dm/test.h>
#include <dmacage/memchk_emu.h>
#include <dmacage/memchk-uclass.h>
#include <test/test.h>
#include <test/ut.h>

DECLARE_GLOBAL_DATA_PTR;

#define SZ_4K		0x1000ULL
#define SZ_1M		0x100000ULL
#define POOL_A		0x80000000ULL	/* "wifi" reads and writes here */
#define POOL_B		0x80200000ULL	/* "nvme" may only write here */
#define ELSEWHERE	0x90000000ULL
/*
 * NSAIDs a TZC-400 reads back as confined: the model's region 0 denies
 * every non-secure access from reset, and that is what the driver keeps
 * for the NSAIDs it does not confine.
 */
#define TZC_DENIED	0xffff

/*
 * Get the checker that /memchk-test's @prop names, through the uclass, and
 * its device (whose uclass data must be that very checker).
 */
static int memchk_test_get(struct unit_test_state *uts, const char *prop,
			   struct memchk **cp, struct udevice **devp)
{
	struct dmc_err err = { 0 };
	char path[64];
	u32 phandle;

	ut_assertok(ofnode_read_u32(ofnode_path("/memchk-test"), prop,
				    &phandle));
	ut_assertok(memchk_dm_get(gd->fdt_blob, phandle, cp, &err));
	/* the uclass names a checker device after its node's path */
	ut_assertok(ofnode_get_path(ofnode_get_by_phandle(phandle), path,
				    sizeof(path)));
	ut_assertok(uclass_get_device_by_name(UCLASS_MEMCHK, path, devp));
	ut_asserteq_ptr(*cp, dev_get_uclass_priv(*devp));

	return 0;
}

/* The TZC-400 holds no window and denies "wifi" and "nvme" everywhere */
static int memchk_test_closed(struct unit_test_state *uts, struct memchk *c,
			      struct emu_tzc *tzc)
{
	struct dmc_err err = { 0 };
	struct memchk_intent out;

	ut_assertok(memchk_readback(c, &out, &err));
	ut_asserteq(TZC_DENIED, out.confined);
	ut_asserteq(0, out.nwin);
	ut_assert(!emu_tzc_allowed(tzc, 0, 1, POOL_A, MEMCHK_READ));
	ut_assert(!emu_tzc_allowed(tzc, 0, 2, POOL_B, MEMCHK_WRITE));

	return 0;
}

/* Intent: "wifi" (1) read/write in pool A, "nvme" (2) write-only in B. */
static void memchk_test_intent(struct memchk_intent *in)
{
	memchk_intent_init(in);
	in->confined = BIT(1) | BIT(2);
	in->nwin = 2;
	in->win[0].base = POOL_A;
	in->win[0].size = SZ_1M;
	in->win[0].clients = BIT(1);
	in->win[0].perm = MEMCHK_PERM_RW;
	in->win[1].base = POOL_B;
	in->win[1].size = SZ_4K;
	in->win[1].clients = BIT(2);
	in->win[1].perm = MEMCHK_PERM_W;
}

/*
 * The TZC-400 checker, the register model behind it, and the tests'
 * intent for it
 */
static int memchk_test_tzc(struct unit_test_state *uts, struct memchk **cp,
			   struct emu_tzc **tzcp, struct memchk_intent *in)
{
	struct udevice *dev;

	ut_assertok(memchk_test_get(uts, "tzc", cp, &dev));
	*tzcp = &sandbox_memchk_model(dev)->tzc;
	memchk_test_intent(in);

	return 0;
}

/* Binding by phandle and probing read the hardware's configuration */
static int dm_test_memchk_probe(struct unit_test_state *uts)
{
	const struct memchk_desc *d;
	struct udevice *dev;
	struct memchk *c;

	ut_assertok(memchk_test_get(uts, "tzc", &c, &dev));
	d = memchk_describe(c);
	ut_asserteq(0x460, d->id);		/* TZC-400 part number */
	ut_asserteq(4, d->nwindows);		/* dmacage,emu-windows */
	ut_asserteq(2, d->nunits);		/* dmacage,emu-filters */
	ut_asserteq_64(SZ_4K, d->granule);
	ut_asserteq(16, d->nclients);		/* NSAIDs */
	ut_asserteq(false, d->can_lock);
	ut_asserteq_str("wifi", memchk_client_name(c, 1));

	ut_assertok(memchk_test_get(uts, "rc", &c, &dev));
	d = memchk_describe(c);
	ut_asserteq(2, d->nwindows);
	ut_asserteq(36, d->addr_bits);		/* dmacage,emu-address-bits */
	ut_asserteq(true, d->can_lock);

	/* a second lookup finds the bound device, not a new one */
	ut_assertok(memchk_test_get(uts, "rc", &c, &dev));
	ut_asserteq(2, uclass_id_count(UCLASS_MEMCHK));

	return 0;
}
DM_TEST(dm_test_memchk_probe, 0);

/* Programming a TZC-400 reads back as the intent, and the bus obeys it */
static int dm_test_memchk_program(struct unit_test_state *uts)
{
	struct memchk_intent in, out;
	struct dmc_err err = { 0 };
	struct emu_tzc *tzc;
	struct memchk *c;

	ut_assertok(memchk_test_tzc(uts, &c, &tzc, &in));
	ut_assertok(memchk_program(c, &in, &err));
	ut_assertok(memchk_verify(c, &in, &err));

	ut_assertok(memchk_readback(c, &out, &err));
	ut_asserteq(TZC_DENIED, out.confined);
	ut_asserteq(2, out.nwin);
	ut_asserteq_mem(&in.win[0], &out.win[0], sizeof(in.win[0]));
	ut_asserteq_mem(&in.win[1], &out.win[1], sizeof(in.win[1]));

	/* through either filter, each client gets its window and no more */
	ut_assert(emu_tzc_allowed(tzc, 0, 1, POOL_A, MEMCHK_READ));
	ut_assert(emu_tzc_allowed(tzc, 1, 1, POOL_A + SZ_1M - 4, MEMCHK_WRITE));
	ut_assert(!emu_tzc_allowed(tzc, 0, 1, POOL_A + SZ_1M, MEMCHK_READ));
	ut_assert(emu_tzc_allowed(tzc, 0, 2, POOL_B, MEMCHK_WRITE));
	ut_assert(!emu_tzc_allowed(tzc, 0, 2, POOL_B, MEMCHK_READ));
	ut_assert(!emu_tzc_allowed(tzc, 0, 2, POOL_A, MEMCHK_WRITE));

	ut_assertok(memchk_clear(c, in.confined, &err));
	ut_assertok(memchk_test_closed(uts, c, tzc));

	return 0;
}
DM_TEST(dm_test_memchk_program, 0);

/* An intent the hardware cannot hold is refused before any write */
static int dm_test_memchk_refuse(struct unit_test_state *uts)
{
	struct dmc_err err = { 0 };
	struct memchk_intent in;
	unsigned long writes;
	struct emu_tzc *tzc;
	struct memchk *c;

	ut_assertok(memchk_test_tzc(uts, &c, &tzc, &in));
	writes = tzc->writes;
	in.win[1].base = POOL_A + SZ_4K;		/* inside window 0 */
	ut_asserteq(-MEMCHK_E_OVERLAP, memchk_program(c, &in, &err));
	memchk_test_intent(&in);
	in.win[0].size = SZ_4K + 0x200;			/* off the granule */
	ut_asserteq(-MEMCHK_E_ALIGN, memchk_program(c, &in, &err));
	memchk_test_intent(&in);
	in.confined |= BIT(16);				/* NSAIDs are 0..15 */
	ut_asserteq(-MEMCHK_E_CLIENT, memchk_program(c, &in, &err));

	ut_asserteq(writes, tzc->writes);

	return 0;
}
DM_TEST(dm_test_memchk_refuse, 0);

/* A denied access is decoded to its address, direction and client name */
static int dm_test_memchk_faults(struct unit_test_state *uts)
{
	struct memchk_violation v[MEMCHK_MAX_UNITS];
	struct memchk_intent in;
	struct dmc_err err = { 0 };
	struct emu_tzc *tzc;
	struct memchk *c;

	ut_assertok(memchk_test_tzc(uts, &c, &tzc, &in));
	ut_assertok(memchk_program(c, &in, &err));
	ut_asserteq(0, memchk_read_faults(c, v, ARRAY_SIZE(v), &err));

	ut_assert(!emu_tzc_allowed(tzc, 1, 2, ELSEWHERE, MEMCHK_WRITE));
	ut_asserteq(1, memchk_read_faults(c, v, ARRAY_SIZE(v), &err));
	ut_asserteq_64(ELSEWHERE, v[0].addr);
	ut_asserteq(MEMCHK_WRITE, v[0].dir);
	ut_asserteq(1, v[0].unit);			/* the filter */
	ut_asserteq(0x23, v[0].aid);			/* nvme's AXI ID */
	ut_asserteq(2, v[0].client);			/* by aid-client-map */
	ut_asserteq_str("nvme", v[0].name);
	ut_asserteq(false, v[0].overrun);

	/* a second denial on the same filter is an overrun, not a record */
	ut_assert(!emu_tzc_allowed(tzc, 1, 1, ELSEWHERE + SZ_4K, MEMCHK_READ));
	ut_asserteq(1, memchk_read_faults(c, v, ARRAY_SIZE(v), &err));
	ut_asserteq_64(ELSEWHERE, v[0].addr);
	ut_asserteq(true, v[0].overrun);
	ut_asserteq(2, v[0].count);

	ut_assertok(memchk_clear_faults(c, &err));
	ut_asserteq(0, memchk_read_faults(c, v, ARRAY_SIZE(v), &err));

	return 0;
}
DM_TEST(dm_test_memchk_faults, 0);

/* A lock holds until reset; a checker without one says so */
static int dm_test_memchk_lock(struct unit_test_state *uts)
{
	struct memchk_violation v;
	struct memchk_intent in, out;
	struct dmc_err err = { 0 };
	uint32_t usb = 3;
	struct emu_rc *rc;
	struct udevice *dev;
	struct memchk *c;

	ut_assertok(memchk_test_get(uts, "tzc", &c, &dev));
	ut_asserteq(-MEMCHK_E_NOLOCK, memchk_lock(c, &err));
	ut_asserteq(0, memchk_is_locked(c, &err));

	ut_assertok(memchk_test_get(uts, "rc", &c, &dev));
	rc = &sandbox_memchk_model(dev)->rc;
	memchk_intent_init(&in);
	ut_assertok(memchk_intent_add(&in, &usb, 1, POOL_A, SZ_1M,
				      MEMCHK_PERM_RW, &err));
	ut_assertok(memchk_program(c, &in, &err));
	ut_asserteq(0, memchk_is_locked(c, &err));
	ut_assertok(memchk_lock(c, &err));
	ut_asserteq(1, memchk_is_locked(c, &err));

	/* locked: a new intent is refused and the old one still holds */
	in.win[0].base = POOL_B;
	ut_asserteq(-MEMCHK_E_LOCKED, memchk_program(c, &in, &err));
	ut_asserteq(-MEMCHK_E_LOCKED, memchk_clear(c, BIT(3), &err));
	ut_assertok(memchk_readback(c, &out, &err));
	ut_asserteq(BIT(3), out.confined);
	ut_asserteq(1, out.nwin);
	ut_asserteq_64(POOL_A, out.win[0].base);
	ut_assert(emu_rc_allowed(rc, 3, POOL_A, MEMCHK_WRITE));

	/* the range checker records the client itself */
	ut_assert(!emu_rc_allowed(rc, 3, POOL_B, MEMCHK_READ));
	ut_asserteq(1, memchk_read_faults(c, &v, 1, &err));
	ut_asserteq_64(POOL_B, v.addr);
	ut_asserteq(MEMCHK_READ, v.dir);
	ut_asserteq(3, v.client);
	ut_asserteq_str("usb", v.name);

	return 0;
}
DM_TEST(dm_test_memchk_lock, 0);

/*
 * A register that does not keep what was written fails programming, and
 * the checker is left denying the confined clients everywhere.
 */
static int dm_test_memchk_lost_write(struct unit_test_state *uts)
{
	struct dmc_err err = { 0 };
	struct memchk_intent in;
	struct emu_tzc *tzc;
	struct memchk *c;

	ut_assertok(memchk_test_tzc(uts, &c, &tzc, &in));
	/* REGION_TOP_LOW_1 (TZC-400 TRM: 0x108 + 0x20 * region) drops writes */
	ut_assertok(emu_fault_add(&tzc->faults, 0x128, 0, 0, true));
	ut_asserteq(-MEMCHK_E_READBACK, memchk_program(c, &in, &err));
	ut_assertnonnull(strstr(err.msg, "REGION_TOP_LOW_1"));
	ut_assertnonnull(strstr(err.msg, "now denied everywhere"));
	ut_assertok(memchk_test_closed(uts, c, tzc));

	return 0;
}
DM_TEST(dm_test_memchk_lost_write, 0);
