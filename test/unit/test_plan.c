// SPDX-License-Identifier: GPL-2.0+
/*
 * Planner unit tests: placement, rounding, each constraint, fixed bases,
 * failure reasons and codes, and the plan hash. Expected addresses are
 * worked out by hand in the comments.
 */
#include <dmacage/dmacage.h>
#include "ut.h"
#include "osdt.h"

#define MiB(x)	((uint64_t)(x) << 20)
#define GiB(x)	((uint64_t)(x) << 30)

static char os[16384];
static struct dmc_policy pol;
static struct dmc_memmap mm;
static struct dmc_plan plan;
static struct dmc_err err;

/* One domain on /pcie@10000000: 32 MiB restricted + 4 MiB coherent. */
static void setup(const struct osdt *o)
{
	struct dmc_domain *d = &pol.dom[0];

	osdt_build(os, sizeof(os), o);
	memset(&pol, 0, sizeof(pol));
	pol.ndomains = 1;
	strcpy(d->name, "pcie0");
	strcpy(d->host, "/pcie@10000000");
	d->restricted_size = MiB(32);
	d->coherent_size = MiB(4);
	d->dma_bits = 32;
	dmc_memmap_init(&mm);
	memset(&err, 0, sizeof(err));
}

static void add_domain(const char *name, uint64_t rsize)
{
	struct dmc_domain *d = &pol.dom[pol.ndomains++];

	*d = pol.dom[0];
	strcpy(d->name, name);
	d->restricted_size = rsize;
	d->coherent_size = 0;
	d->has_base = false;
}

static int plan_it(enum dmc_arch arch)
{
	return osdt_plan(os, &pol, &mm, true, arch, &plan, &err);
}

static const struct osdt virt1g = {
	.nmem = 1, .mem = { { 0x40000000, GiB(1) } },
};

static int test_plan_virt_arm64(void)
{
	struct dmc_window *w = &plan.win[0];

	setup(&virt1g);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(DMC_ARCH_ARM64, plan.arch);
	UT_ASSERT_EQ(0, plan.lowmem_end);
	UT_ASSERT_EQ(1, plan.nwin);
	UT_ASSERT_EQ(DMC_DOM_PLANNED, w->state);
	/* top of DRAM 0x80000000 - 36 MiB = 0x7dc00000, 2 MiB aligned */
	UT_ASSERT_EQ(0x7dc00000, w->base);
	UT_ASSERT_EQ(MiB(36), w->size);
	UT_ASSERT_EQ(0x7dc00000, w->coherent_base);
	UT_ASSERT_EQ(MiB(4), w->coherent_size);
	UT_ASSERT_EQ(0x7e000000, w->restricted_base);
	UT_ASSERT_EQ(MiB(32), w->restricted_size);
	UT_ASSERT_EQ(0x7dc00000, w->dma_base);
	return 0;
}

static int test_plan_rounding(void)
{
	struct dmc_window *w = &plan.win[0];

	setup(&virt1g);
	pol.dom[0].restricted_size = MiB(32) + 1;
	pol.dom[0].coherent_size = MiB(3) + 5;
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(MiB(32) + 1, w->restricted_req);
	UT_ASSERT_EQ(MiB(32) + 0x40000, w->restricted_size);
	UT_ASSERT_EQ(MiB(3) + 5, w->coherent_req);
	UT_ASSERT_EQ(MiB(3) + 0x1000, w->coherent_size);	/* a page */
	UT_ASSERT_EQ(w->coherent_size + w->restricted_size, w->size);
	UT_ASSERT_EQ(0, w->base % DMC_SZ_2M);
	UT_ASSERT_EQ(w->base + w->coherent_size, w->restricted_base);

	/* on ARM32 the no-map coherent pool is 2 MiB granular */
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM));
	UT_ASSERT_EQ(MiB(4), w->coherent_size);

	/* no coherent pool: restricted starts at the window base */
	pol.dom[0].coherent_size = 0;
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM));
	UT_ASSERT_EQ(0, w->coherent_size);
	UT_ASSERT_EQ(w->base, w->restricted_base);
	return 0;
}

static int test_plan_arm_lowmem(void)
{
	struct osdt o = { .nmem = 1, .mem = { { 0x40000000, GiB(2) } } };
	struct dmc_window *w = &plan.win[0];

	/* lowmem end = 0x40000000 + 0x3f000000 - 240 MiB = 0x70000000 */
	setup(&o);
	pol.arch = DMC_ARCH_ARM;
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_UNSET));
	UT_ASSERT_EQ(DMC_ARCH_ARM, plan.arch);
	UT_ASSERT_EQ(0x70000000, plan.lowmem_end);
	UT_ASSERT_EQ(0x70000000 - MiB(36), w->base);

	/* the policy's vmalloc-size moves it ... */
	pol.has_vmalloc = true;
	pol.vmalloc_size = MiB(496);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0x60000000, plan.lowmem_end);
	UT_ASSERT_EQ(0x60000000 - MiB(36), w->base);

	/* ... and vmalloc= in bootargs wins over it */
	o.bootargs = "console=ttyAMA0 vmalloc=0x30000000 quiet";
	setup(&o);
	pol.has_vmalloc = true;
	pol.vmalloc_size = MiB(496);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM));
	UT_ASSERT_EQ(0x4f000000, plan.lowmem_end);
	UT_ASSERT_EQ(0x4f000000 - MiB(36), w->base);

	/* the same map on arm64 goes to the top of DRAM */
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0xc0000000 - MiB(36), w->base);
	return 0;
}

static int test_plan_arm_4g(void)
{
	/* RAM at 0xf0000000: lowmem end would be above 4 GiB, capped */
	struct osdt o = { .nmem = 1, .mem = { { 0xf0000000, GiB(2) } } };

	setup(&o);
	pol.dom[0].dma_bits = 64;
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM));
	UT_ASSERT_EQ(0x100000000ULL, plan.lowmem_end);
	UT_ASSERT_EQ(0x100000000ULL - MiB(36), plan.win[0].base);
	return 0;
}

static int test_plan_dma_ranges(void)
{
	/* PCI 0x0.. maps CPU 0x40000000..0x7fffffff; DRAM is 4 GiB */
	struct osdt o = {
		.nmem = 1, .mem = { { 0x40000000, GiB(4) } },
		.ndma = 1, .dma = { { 0x40000000, 0, GiB(1) } },
	};
	struct dmc_window *w = &plan.win[0];

	setup(&o);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0x80000000 - MiB(36), w->base);
	UT_ASSERT_EQ(0x40000000 - MiB(36), w->dma_base);

	/* 29-bit DMA: DMA end <= 0x20000000, i.e. CPU end <= 0x60000000 */
	pol.dom[0].dma_bits = 29;
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0x60000000 - MiB(36), w->base);
	UT_ASSERT_EQ(0x20000000 - MiB(36), w->dma_base);

	/* no dma-ranges: identity, so 32-bit DMA caps the end at 4 GiB */
	o.ndma = 0;
	setup(&o);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0x100000000ULL - MiB(36), w->base);
	pol.dom[0].dma_bits = 64;
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0x140000000ULL - MiB(36), w->base);

	/* a DMA offset above 2^bits makes the entry unusable */
	o.ndma = 1;
	o.dma[0] = (struct osdt_dma){ 0x40000000, 0x100000000ULL, GiB(1) };
	setup(&o);
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_STR("pcie0: no DRAM is reachable by /pcie@10000000 with 32-bit DMA via dma-ranges, need 36 MiB",
		      plan.win[0].reason);
	return 0;
}

static int test_plan_avoid_and_order(void)
{
	struct osdt o = {
		.nmem = 1, .mem = { { 0x40000000, GiB(1) } },
		.nrsv = 1, .rsv = { { 0x7f000000, 0x1000 } },
		.nres = 1, .res = { { "fw@7c000000", NULL, 0x7c000000,
				      MiB(16), NULL } },
	};

	setup(&o);
	add_domain("pcie1", MiB(8));
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	/*
	 * Free below the memreserve page: [0x7d000000, 0x7f000000) = 32 MiB,
	 * too small for 36 MiB; next gap ends at 0x7c000000.
	 */
	UT_ASSERT_EQ(0x7c000000 - MiB(36), plan.win[0].base);
	/* pcie1 (8 MiB) fits above the memreserve page */
	UT_ASSERT_EQ(0x80000000 - MiB(8), plan.win[1].base);
	UT_ASSERT_EQ(2, mm.navoid);
	UT_ASSERT_STR("/memreserve/", mm.avoid[0].label);
	UT_ASSERT_STR("/reserved-memory/fw@7c000000", mm.avoid[1].label);

	return 0;
}

static int test_plan_policy_order(void)
{
	struct osdt o = {
		.nmem = 1, .mem = { { 0x40000000, GiB(1) } },
		.nrsv = 1, .rsv = { { 0x7f000000, 0x1000 } },
	};

	/* both want the span below the memreserve page: first come first */
	setup(&o);
	add_domain("pcie1", MiB(20));
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0x7f000000 - MiB(36), plan.win[0].base);
	UT_ASSERT_EQ(0x7f000000 - MiB(36) - MiB(20), plan.win[1].base);

	pol.dom[1] = pol.dom[0];
	strcpy(pol.dom[0].name, "pcie1");
	pol.dom[0].restricted_size = MiB(20);
	pol.dom[0].coherent_size = 0;
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0x7f000000 - MiB(20), plan.win[0].base);
	UT_ASSERT_EQ(0x7f000000 - MiB(20) - MiB(36), plan.win[1].base);
	return 0;
}

static int test_plan_limit_failure(void)
{
	struct osdt o = {
		.nmem = 1, .mem = { { 0x40000000, GiB(1) } },
		.nres = 1, .res = { { "fw@40000000", NULL, 0x40000000,
				      MiB(52), NULL } },
	};
	struct dmc_window *w = &plan.win[0];

	/* below the limit only [0x43400000, 0x44000000) = 12 MiB is free */
	setup(&o);
	pol.dom[0].has_limit = true;
	pol.dom[0].limit = 0x44000000;
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(DMC_DOM_FAILED, w->state);
	UT_ASSERT_EQ(-DMC_E_NOFIT, w->code);
	UT_ASSERT_STR("pcie0: largest free gap below limit 0x44000000 is 12 MiB at 0x43400000, need 36 MiB",
		      w->reason);
	UT_ASSERT_EQ(-DMC_E_NOFIT, err.code);
	UT_ASSERT_STR("pcie0", err.where);
	UT_ASSERT_STR(w->reason, err.msg);
	/* sizes are still reported for the failed domain */
	UT_ASSERT_EQ(MiB(36), w->coherent_size + w->restricted_size);

	/* a limit below all DRAM */
	pol.dom[0].limit = 0x40000000;
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_STR("pcie0: there is no DRAM below limit 0x40000000, need 36 MiB",
		      w->reason);

	/* the DRAM below the limit is itself too small */
	pol.dom[0].limit = 0x41000000;
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_STR("pcie0: largest DRAM span below limit 0x41000000 is 16 MiB at 0x40000000, need 36 MiB",
		      w->reason);

	/* larger than any DRAM range */
	pol.dom[0].has_limit = false;
	pol.dom[0].restricted_size = GiB(2);
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_STR("pcie0: largest DRAM range is 1024 MiB at 0x40000000, need 2052 MiB",
		      w->reason);
	return 0;
}

static int test_plan_alignment_failure(void)
{
	/* 36.5 MiB of DRAM starting 1 MiB off a 2 MiB boundary */
	struct osdt o = { .nmem = 1,
			  .mem = { { 0x40100000, MiB(36) + 0x80000 } } };

	setup(&o);
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_CONTAINS("no 2 MiB-aligned base fits", plan.win[0].reason);
	/* 38 MiB: 0x40200000 fits */
	o.mem[0].size = MiB(38);
	setup(&o);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0x40200000, plan.win[0].base);
	return 0;
}

static int test_plan_fixed_base(void)
{
	struct osdt o = {
		.nmem = 1, .mem = { { 0x40000000, GiB(1) } },
		.nres = 1, .res = { { "fw@60000000", NULL, 0x60000000,
				      MiB(1), NULL } },
	};
	struct dmc_domain *d = &pol.dom[0];
	struct dmc_window *w = &plan.win[0];

	setup(&o);
	d->has_base = true;
	d->base = 0x50000000;
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0x50000000, w->base);

	d->base = 0x5fe00000;	/* 36 MiB from here covers 0x60000000 */
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_STR("pcie0: fixed window 0x5fe00000-0x62200000 overlaps /reserved-memory/fw@60000000 at 0x60000000-0x60100000",
		      w->reason);

	d->base = 0x7e000000;	/* runs off the end of DRAM */
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_CONTAINS("is not inside one DRAM range", w->reason);

	d->base = 0x50000000;
	d->has_limit = true;
	d->limit = 0x51000000;
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_STR("pcie0: fixed window end 0x52400000 is above limit 0x51000000",
		      w->reason);

	d->has_limit = false;
	d->dma_bits = 30;
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_CONTAINS("not reachable by /pcie@10000000 with 30-bit DMA",
			   w->reason);

	/* a second domain must not overlap the first one's window */
	d->dma_bits = 32;
	add_domain("pcie1", MiB(4));
	pol.dom[1].has_base = true;
	pol.dom[1].base = 0x52000000;
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(DMC_DOM_PLANNED, plan.win[0].state);
	UT_ASSERT_CONTAINS("overlaps pcie0 at 0x50000000-0x52400000",
			   plan.win[1].reason);
	return 0;
}

static int test_plan_arm_fixed_above_lowmem(void)
{
	struct osdt o = { .nmem = 1, .mem = { { 0x40000000, GiB(1) } } };

	setup(&o);
	pol.dom[0].has_base = true;
	pol.dom[0].base = 0x70000000;
	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_it(DMC_ARCH_ARM));
	UT_ASSERT_STR("pcie0: fixed window end 0x72400000 is above ARM lowmem end 0x70000000",
		      plan.win[0].reason);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	return 0;
}

static int test_plan_nohost(void)
{
	setup(&virt1g);
	add_domain("pcie1", MiB(4));
	add_domain("pcie2", MiB(4));
	strcpy(pol.dom[0].host, "/pcie@20000000");
	strcpy(pol.dom[1].host, "/soc");
	UT_ASSERT_EQ(-DMC_E_NOHOST, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(DMC_DOM_FAILED, plan.win[0].state);
	UT_ASSERT_EQ(-DMC_E_NOHOST, plan.win[0].code);
	UT_ASSERT_CONTAINS("/pcie@20000000 is not in the OS device tree",
			   plan.win[0].reason);
	UT_ASSERT_EQ(-DMC_E_NOHOST, plan.win[1].code);
	UT_ASSERT_CONTAINS("is not a PCI host bridge", plan.win[1].reason);
	/* every domain is filled in, the good one is planned */
	UT_ASSERT_EQ(3, plan.nwin);
	UT_ASSERT_EQ(DMC_DOM_PLANNED, plan.win[2].state);
	UT_ASSERT_EQ(0x80000000 - MiB(4), plan.win[2].base);
	UT_ASSERT_STR("pcie0", err.where);
	return 0;
}

static int test_plan_disabled(void)
{
	setup(&virt1g);
	add_domain("pcie1", MiB(4));
	pol.dom[0].disabled = true;
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(DMC_DOM_OFF, plan.win[0].state);
	UT_ASSERT_EQ(DMC_DOM_PLANNED, plan.win[1].state);
	/* the disabled domain takes no space */
	UT_ASSERT_EQ(0x80000000 - MiB(4), plan.win[1].base);
	return 0;
}

static int test_plan_no_dram(void)
{
	setup(&virt1g);
	UT_ASSERT_EQ(-DMC_E_MEMMAP, osdt_plan(os, &pol, &mm, false,
					      DMC_ARCH_ARM64, &plan, &err));
	UT_ASSERT_EQ(DMC_DOM_FAILED, plan.win[0].state);
	UT_ASSERT_CONTAINS("no DRAM", plan.win[0].reason);
	return 0;
}

static int test_plan_caller_dram_wins(void)
{
	struct osdt o = { .nmem = 1, .mem = { { 0x40000000, GiB(1) } } };

	/* the caller's DRAM (U-Boot banks, --dram) replaces /memory */
	setup(&o);
	UT_ASSERT_EQ(0, dmc_memmap_add_dram(&mm, 0xc0000000, GiB(1), "--dram",
					    &err));
	UT_ASSERT_EQ(0, osdt_plan(os, &pol, &mm, false, DMC_ARCH_ARM64, &plan,
				  &err));
	UT_ASSERT_EQ(1, mm.ndram);
	/* 32-bit identity DMA: end at 4 GiB */
	UT_ASSERT_EQ(0x100000000ULL - MiB(36), plan.win[0].base);
	return 0;
}

static int test_plan_replan_patched(void)
{
	struct osdt o = { .nmem = 1, .mem = { { 0x40000000, GiB(1) } } };
	uint32_t hash;
	uint64_t base;

	setup(&o);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	hash = plan.hash;
	base = plan.win[0].base;

	/* the same DT with our pools in it plans the same */
	o.nres = 2;
	o.res[1] = (struct osdt_resmem){ "pcie0-coherent@7dc00000",
		"shared-dma-pool", 0x7dc00000, MiB(4), NULL };
	o.res[0] = (struct osdt_resmem){ "pcie0-restricted@7e000000",
		"restricted-dma-pool", 0x7e000000, MiB(32), NULL };
	o.record = true;
	setup(&o);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	UT_ASSERT_EQ(0, mm.navoid);
	UT_ASSERT_EQ(base, plan.win[0].base);
	UT_ASSERT_EQ(hash, plan.hash);

	/* a foreign pool at the same place is avoided */
	o.res[0].name = "wifi@7e000000";
	o.record = false;
	setup(&o);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	/* and without a record, the coherent pool is not ours either */
	UT_ASSERT_EQ(2, mm.navoid);
	UT_ASSERT(plan.win[0].base != base);
	UT_ASSERT(plan.hash != hash);
	return 0;
}

static int test_plan_hash(void)
{
	struct dmc_plan p;
	uint32_t h;

	/* FNV-1a 32 of an empty plan = hash of the 4 zero bytes of nwin */
	memset(&p, 0, sizeof(p));
	UT_ASSERT_EQ(0x4b95f515, dmc_plan_hash(&p));
	UT_ASSERT_EQ(0x4b95f515, p.hash);

	setup(&virt1g);
	UT_ASSERT_EQ(0, plan_it(DMC_ARCH_ARM64));
	h = plan.hash;
	UT_ASSERT_EQ(h, dmc_plan_hash(&plan));
	/* the reason text and DMA address are not part of the layout */
	strcpy(plan.win[0].reason, "changed");
	plan.win[0].dma_base ^= 1;
	UT_ASSERT_EQ(h, dmc_plan_hash(&plan));
	plan.win[0].base += DMC_SZ_2M;
	UT_ASSERT(dmc_plan_hash(&plan) != h);
	plan.win[0].base -= DMC_SZ_2M;
	plan.win[0].restricted_size += DMC_SZ_256K;
	UT_ASSERT(dmc_plan_hash(&plan) != h);
	plan.win[0].restricted_size -= DMC_SZ_256K;
	plan.win[0].state = DMC_DOM_OFF;
	UT_ASSERT(dmc_plan_hash(&plan) != h);
	return 0;
}

int main(void)
{
	UT_RUN(test_plan_virt_arm64);
	UT_RUN(test_plan_rounding);
	UT_RUN(test_plan_arm_lowmem);
	UT_RUN(test_plan_arm_4g);
	UT_RUN(test_plan_dma_ranges);
	UT_RUN(test_plan_avoid_and_order);
	UT_RUN(test_plan_policy_order);
	UT_RUN(test_plan_limit_failure);
	UT_RUN(test_plan_alignment_failure);
	UT_RUN(test_plan_fixed_base);
	UT_RUN(test_plan_arm_fixed_above_lowmem);
	UT_RUN(test_plan_nohost);
	UT_RUN(test_plan_disabled);
	UT_RUN(test_plan_no_dram);
	UT_RUN(test_plan_caller_dram_wins);
	UT_RUN(test_plan_replan_patched);
	UT_RUN(test_plan_hash);
	return ut_done();
}
