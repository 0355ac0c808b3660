// SPDX-License-Identifier: GPL-2.0+
/* Memory map: DRAM merging, avoided ranges, and reading them from a DT. */
#include <dmacage/dmacage.h>
#include "ut.h"
#include "osdt.h"

#define MiB(x)	((uint64_t)(x) << 20)

static char os[8192];

static int test_memmap_dram_sorted_merged(void)
{
	struct dmc_memmap mm;
	struct dmc_err err;

	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(0, dmc_memmap_add_dram(&mm, 0x80000000, MiB(256), "b", &err));
	UT_ASSERT_EQ(0, dmc_memmap_add_dram(&mm, 0x40000000, MiB(256), "a", &err));
	UT_ASSERT_EQ(0, dmc_memmap_add_dram(&mm, 0x60000000, MiB(256), "c", &err));
	UT_ASSERT_EQ(3, mm.ndram);
	UT_ASSERT_EQ(0x40000000, mm.dram[0].base);
	UT_ASSERT_EQ(0x80000000, mm.dram[2].base);
	/* filling the hole merges three touching ranges, lowest label kept */
	UT_ASSERT_EQ(0, dmc_memmap_add_dram(&mm, 0x50000000, MiB(256), "d", &err));
	UT_ASSERT_EQ(2, mm.ndram);
	UT_ASSERT_EQ(0x40000000, mm.dram[0].base);
	UT_ASSERT_EQ(MiB(768), mm.dram[0].size);
	UT_ASSERT_STR("a", mm.dram[0].label);
	/* an overlapping range that bridges the hole merges all */
	UT_ASSERT_EQ(0, dmc_memmap_add_dram(&mm, 0x5f000000, MiB(600), "e", &err));
	UT_ASSERT_EQ(1, mm.ndram);
	UT_ASSERT_EQ(0x90000000 - 0x40000000, mm.dram[0].size);
	/* a range inside another changes nothing */
	UT_ASSERT_EQ(0, dmc_memmap_add_dram(&mm, 0x41000000, 1, "f", &err));
	UT_ASSERT_EQ(1, mm.ndram);
	UT_ASSERT_EQ(0x90000000 - 0x40000000, mm.dram[0].size);
	return 0;
}

static int test_memmap_bad_ranges(void)
{
	struct dmc_memmap mm;
	struct dmc_err err;
	unsigned int i;

	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(-DMC_E_MEMMAP, dmc_memmap_add_dram(&mm, 0x1000, 0, "--dram", &err));
	UT_ASSERT_STR("--dram", err.where);
	UT_ASSERT_CONTAINS("size 0", err.msg);
	UT_ASSERT_EQ(-DMC_E_MEMMAP, dmc_memmap_add_avoid(&mm, ~0ULL - 5, 16, "--avoid", &err));
	UT_ASSERT_CONTAINS("wraps", err.msg);
	UT_ASSERT_EQ(0, mm.ndram);
	UT_ASSERT_EQ(0, mm.navoid);
	for (i = 0; i < DMC_MAX_RANGES; i++)
		UT_ASSERT_EQ(0, dmc_memmap_add_avoid(&mm, i * 0x1000, 1, "x", &err));
	UT_ASSERT_EQ(-DMC_E_TOOMANY, dmc_memmap_add_avoid(&mm, 0, 1, "x", &err));
	for (i = 0; i < DMC_MAX_RANGES; i++)
		UT_ASSERT_EQ(0, dmc_memmap_add_dram(&mm, i * 0x2000, 1, "x", &err));
	UT_ASSERT_EQ(-DMC_E_TOOMANY, dmc_memmap_add_dram(&mm, ~0ULL - 1, 1, "x", &err));
	return 0;
}

static int test_memmap_from_fdt(void)
{
	struct osdt o = {
		.nmem = 2, .mem = { { 0x60000000, MiB(512) },
				    { 0x40000000, MiB(512) } },
		.nrsv = 2, .rsv = { { 0x40000000, 0x10000 }, { 0x48000000, 0 } },
		.nres = 5, .res = {
			{ "tee@4e000000", "acme,tee", 0x4e000000, MiB(2), NULL },
			{ "off@50000000", NULL, 0x50000000, MiB(2), "disabled" },
			{ "pcie0-restricted@5e000000", "restricted-dma-pool",
			  0x5e000000, MiB(32), NULL },
			{ "pcie0-coherent@5dc00000", "shared-dma-pool",
			  0x5dc00000, MiB(4), NULL },
			/* named like ours but not a DMA pool: avoided */
			{ "x-restricted@60000000", "acme,other", 0x60000000,
			  MiB(1), "okay" },
		},
	};
	struct dmc_memmap mm;
	struct dmc_err err;

	osdt_build(os, sizeof(os), &o);
	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(0, osdt_memmap(os, &mm, true, &err));
	/* two /memory nodes that touch: one DRAM range */
	UT_ASSERT_EQ(1, mm.ndram);
	UT_ASSERT_EQ(0x40000000, mm.dram[0].base);
	UT_ASSERT_EQ(MiB(1024), mm.dram[0].size);
	UT_ASSERT_STR("/memory@40000000", mm.dram[0].label);
	/*
	 * memreserve (zero-size skipped), tee, the foreign node; pools named
	 * like ours but listed in no record of ours are avoided too
	 */
	UT_ASSERT_EQ(5, mm.navoid);
	UT_ASSERT_EQ(0x40000000, mm.avoid[0].base);
	UT_ASSERT_STR("/memreserve/", mm.avoid[0].label);
	UT_ASSERT_EQ(0x4e000000, mm.avoid[1].base);
	UT_ASSERT_STR("/reserved-memory/tee@4e000000", mm.avoid[1].label);
	UT_ASSERT_EQ(0x5e000000, mm.avoid[2].base);
	UT_ASSERT_EQ(0x60000000, mm.avoid[4].base);
	/* a label too long for a path falls back to the node name */
	UT_ASSERT_STR("x-restricted@60000000", mm.avoid[4].label);
	/* with the record of the run that wrote them, ours are left out */
	o.res[2] = o.res[0];
	o.res[0] = (struct osdt_resmem){ "pcie0-restricted@5e000000",
		"restricted-dma-pool", 0x5e000000, MiB(32), NULL };
	o.res[1] = (struct osdt_resmem){ "pcie0-coherent@5dc00000",
		"shared-dma-pool", 0x5dc00000, MiB(4), NULL };
	o.res[3] = (struct osdt_resmem){ "off@50000000", NULL, 0x50000000,
					 MiB(2), "disabled" };
	o.record = true;
	osdt_build(os, sizeof(os), &o);
	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(0, osdt_memmap(os, &mm, true, &err));
	UT_ASSERT_EQ(3, mm.navoid);
	UT_ASSERT_EQ(0x4e000000, mm.avoid[1].base);
	UT_ASSERT_EQ(0x60000000, mm.avoid[2].base);

	/* want_dram = false: /memory is the caller's business */
	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(0, osdt_memmap(os, &mm, false, &err));
	UT_ASSERT_EQ(0, mm.ndram);
	UT_ASSERT_EQ(3, mm.navoid);
	return 0;
}

static int test_memmap_bad_fdt(void)
{
	struct osdt o = { .nmem = 0 };
	struct dmc_memmap mm;
	struct dmc_err err;
	int node;

	osdt_build(os, sizeof(os), &o);
	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(-DMC_E_MEMMAP, osdt_memmap(os, &mm, true, &err));
	UT_ASSERT_CONTAINS("no available memory node", err.msg);

	/* a disabled memory node does not count */
	o.nmem = 1;
	o.mem[0] = (struct osdt_range){ 0x40000000, MiB(256) };
	osdt_build(os, sizeof(os), &o);
	fdt_open_into(os, os, sizeof(os));
	node = fdt_path_offset(os, "/memory@40000000");
	fdt_setprop_string(os, node, "status", "disabled");
	UT_ASSERT_EQ(-DMC_E_MEMMAP, osdt_memmap(os, &mm, true, &err));

	/* reg of 3 cells with 2/2 root cells is malformed */
	fdt_setprop_string(os, node, "status", "okay");
	fdt_setprop(os, node, "reg", "\0\0\0\0\0\0\0\0\0\0\0\1", 12);
	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(-DMC_E_MEMMAP, osdt_memmap(os, &mm, true, &err));
	UT_ASSERT_STR("/memory@40000000", err.where);
	UT_ASSERT_CONTAINS("reg is malformed", err.msg);

	memset(os, 0, 64);
	UT_ASSERT_EQ(-DMC_E_BADFDT, osdt_memmap(os, &mm, true, &err));
	return 0;
}

/*
 * Linux's early scan takes every root child typed memory, whatever its
 * name: a /reserved-memory typed memory is RAM to it, and also the
 * container, which Linux ignores here for its missing cells.
 */
static int test_memmap_resmem_typed_memory(void)
{
	struct osdt o = { .nmem = 0 };
	struct dmc_memmap mm;
	struct dmc_err err;
	fdt32_t reg[4] = { 0, cpu_to_fdt32(0x40000000), 0,
			   cpu_to_fdt32(0x10000000) };
	int node;

	osdt_build(os, sizeof(os), &o);
	fdt_open_into(os, os, sizeof(os));
	node = fdt_add_subnode(os, 0, "reserved-memory");
	UT_ASSERT(node >= 0);
	fdt_setprop_string(os, node, "device_type", "memory");
	fdt_setprop(os, node, "reg", reg, sizeof(reg));
	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(-DMC_E_RESMEM, osdt_memmap(os, &mm, true, &err));
	UT_ASSERT_EQ(1, mm.ndram);
	UT_ASSERT_EQ(0x40000000, mm.dram[0].base);
	return 0;
}

int main(void)
{
	UT_RUN(test_memmap_dram_sorted_merged);
	UT_RUN(test_memmap_bad_ranges);
	UT_RUN(test_memmap_from_fdt);
	UT_RUN(test_memmap_bad_fdt);
	UT_RUN(test_memmap_resmem_typed_memory);
	return ut_done();
}
