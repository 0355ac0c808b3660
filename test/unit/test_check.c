// SPDX-License-Identifier: GPL-2.0+
/*
 * Rules checker tests: the reference tree breaks no rule; each case breaks
 * exactly one and must get that rule, checklist item and severity, which
 * the reference must not get.
 */
#include "ut.h"
#include "dtload.h"

#define POOL	"/reserved-memory/pcie-dma@50000000"
#define COH	"/reserved-memory/pcie-coh@52000000"
#define HOST	"/pcie@10000000"
#define RP	HOST "/pci@0,0"
#define EP	RP "/wifi@0,0"

static void *ref;
static char buf[DT_ROOM * 2];
static struct dmc_check_ws check_ws;

struct seen {
	const char *rule;
	unsigned int item;
	enum dmc_sev sev;
	bool hit;
	unsigned int errors, warnings;
};

static void collect(const struct dmc_finding *f, void *ctx)
{
	struct seen *s = ctx;

	if (f->sev == DMC_SEV_ERROR)
		s->errors++;
	else if (f->sev == DMC_SEV_WARN)
		s->warnings++;
	if (!strcmp(f->rule, s->rule) && f->item == s->item && f->sev == s->sev)
		s->hit = true;
}

static int off(void *fdt, const char *path)
{
	return fdt_path_offset(fdt, path);
}

static int set_u32s(void *fdt, const char *path, const char *name,
		    const uint32_t *v, int n)
{
	fdt32_t c[16];
	int i;

	for (i = 0; i < n; i++)
		c[i] = cpu_to_fdt32(v[i]);
	return fdt_setprop(fdt, off(fdt, path), name, c, n * 4);
}

static int set_reg(void *fdt, const char *path, uint64_t base, uint64_t size)
{
	uint32_t v[4] = { base >> 32, (uint32_t)base, size >> 32,
			  (uint32_t)size };

	return set_u32s(fdt, path, "reg", v, 4);
}

static uint32_t ph(void *fdt, const char *path)
{
	return fdt_get_phandle(fdt, off(fdt, path));
}

/* One way of breaking the reference tree. */
struct rule_case {
	const char *name;
	const char *rule;
	unsigned int item;
	enum dmc_sev sev;
	enum dmc_arch arch;
	int (*mutate)(void *fdt);
	const char *kconfig;
	bool loaded;		/* pass a loaded kernel range over the pool */
};

/* The Linux line run() judges by; only the tests of the lines change it. */
static enum dmc_kernel line = DMC_KERNEL_6_1;

static int m_none(void *f) { return 0; }
static int m_cells(void *f) { return fdt_setprop_u32(f, off(f, "/reserved-memory"), "#size-cells", 1); }
static int m_no_ranges(void *f) { return fdt_delprop(f, off(f, "/reserved-memory"), "ranges"); }
static int m_ranges_nonempty(void *f)
{
	uint32_t v[6] = { 0, 0, 0, 0, 0, 0x10000000 };

	return set_u32s(f, "/reserved-memory", "ranges", v, 6);
}
static int m_too_many(void *f)
{
	char name[32];
	int i, n;

	for (i = 0; i < 65; i++) {
		snprintf(name, sizeof(name), "r@%x", 0x60000000 + i * 0x1000);
		n = fdt_add_subnode(f, off(f, "/reserved-memory"), name);
		if (n < 0)
			return n;
		uint32_t v[4] = { 0, 0x60000000 + i * 0x1000, 0, 0x1000 };
		fdt32_t c[4];
		for (int k = 0; k < 4; k++)
			c[k] = cpu_to_fdt32(v[k]);
		if (fdt_setprop(f, n, "reg", c, 16))
			return -1;
	}
	return 0;
}
static int m_reg_len(void *f)
{
	uint32_t v[3] = { 0, 0x50000000, 0x2000000 };

	return set_u32s(f, POOL, "reg", v, 3);
}
static int m_reg_two(void *f)
{
	uint32_t v[8] = { 0, 0x50000000, 0, 0x2000000, 0, 0x60000000, 0, 0x1000 };

	return set_u32s(f, POOL, "reg", v, 8);
}
static int m_overlap(void *f) { return set_reg(f, COH, 0x51000000, 0x200000); }
static int m_memreserve(void *f) { return fdt_add_mem_rsv(f, 0x50100000, 0x1000); }
/* /chosen, made when the reference has none */
static int chosen_of(void *f)
{
	int chosen = fdt_path_offset(f, "/chosen");

	return chosen >= 0 ? chosen : fdt_add_subnode(f, 0, "chosen");
}
static int m_initrd(void *f)
{
	int chosen = chosen_of(f);

	if (chosen < 0)
		return chosen;
	return fdt_setprop_u64(f, chosen, "linux,initrd-start", 0x51000000) ?:
	       fdt_setprop_u64(f, chosen, "linux,initrd-end", 0x51400000);
}
static int m_usable(void *f)
{
	uint32_t v[4] = { 0, 0x40000000, 0, 0x10000000 };

	return set_u32s(f, "/memory@40000000", "linux,usable-memory", v, 4);
}
static int m_mem_cmdline(void *f)
{
	int chosen = chosen_of(f);

	if (chosen < 0)
		return chosen;
	return fdt_setprop_string(f, chosen, "bootargs", "console=ttyAMA0 mem=256M");
}
static int m_disabled(void *f) { return fdt_setprop_string(f, off(f, POOL), "status", "disabled"); }
static int m_nomap(void *f) { return fdt_setprop_empty(f, off(f, POOL), "no-map"); }
static int m_reusable(void *f) { return fdt_setprop_empty(f, off(f, POOL), "reusable"); }
static int m_no_reg(void *f) { return fdt_delprop(f, off(f, POOL), "reg"); }
static int m_size0(void *f) { return set_reg(f, POOL, 0x50000000, 0); }
static int m_no_phandle(void *f)
{
	fdt_delprop(f, off(f, HOST), "memory-region");
	return fdt_delprop(f, off(f, POOL), "phandle");
}
static int m_lph_differs(void *f) { return fdt_setprop_u32(f, off(f, POOL), "linux,phandle", 0x99); }
static int m_dup_phandle(void *f) { return fdt_setprop_u32(f, off(f, COH), "phandle", ph(f, POOL)); }
static int m_size_256k(void *f) { return set_reg(f, POOL, 0x50000000, 0x2000000 - 0x1000); }
static int m_base_4k(void *f) { return set_reg(f, POOL, 0x50000800, 0x1000000); }
static int m_base_256k(void *f) { return set_reg(f, POOL, 0x50001000, 0x1000000); }
static int m_outside_ram(void *f) { return set_reg(f, POOL, 0x90000000, 0x1000000); }
static int m_above_lowmem(void *f) { return set_reg(f, POOL, 0x70000000, 0x1000000); }
static int m_huge(void *f) { return set_reg(f, POOL, 0x50000000, 0x18000000); }
static int m_name(void *f) { return fdt_set_name(f, off(f, POOL), "pcie-dma@60000000"); }
static int m_dangling(void *f) { return fdt_setprop_u32(f, off(f, HOST), "memory-region", 0x4242); }
static int m_two_restricted(void *f)
{
	uint32_t v[2] = { ph(f, POOL), ph(f, POOL) };
	int n = fdt_add_subnode(f, off(f, "/reserved-memory"), "other@54000000");

	if (n < 0)
		return n;
	fdt_setprop_string(f, n, "compatible", "restricted-dma-pool");
	fdt_setprop_u32(f, n, "phandle", 0x50);
	set_reg(f, "/reserved-memory/other@54000000", 0x54000000, 0x40000);
	v[1] = 0x50;
	return set_u32s(f, HOST, "memory-region", v, 2);
}
static int m_shared_on_pci(void *f)
{
	fdt_setprop_u32(f, off(f, COH), "phandle", 0x60);
	uint32_t v[2] = { ph(f, POOL), 0x60 };

	return set_u32s(f, HOST, "memory-region", v, 2);
}
static int m_ath11k(void *f)
{
	fdt_setprop_string(f, off(f, EP), "compatible", "pci17cb,1103");
	return fdt_setprop_u32(f, off(f, EP), "memory-region", ph(f, POOL));
}
static int m_iommu(void *f) { return fdt_setprop_u32(f, off(f, HOST), "iommu-map", 0); }
static int m_dma_excl(void *f)
{
	uint32_t v[7] = { 0x02000000, 0, 0x60000000, 0, 0x60000000, 0, 0x20000000 };

	return set_u32s(f, HOST, "dma-ranges", v, 7);
}
static int m_dma_high(void *f)
{
	uint32_t v[7] = { 0x02000000, 0x1, 0x40000000, 0, 0x40000000, 0, 0x40000000 };

	return set_u32s(f, HOST, "dma-ranges", v, 7);
}
static int m_zone_dma(void *f)
{
	uint32_t v[7] = { 0x02000000, 0, 0x40000000, 0, 0x40000000, 0, 0x20000000 };

	return set_u32s(f, HOST, "dma-ranges", v, 7);
}
static int m_uncovered(void *f) { return fdt_delprop(f, off(f, HOST), "memory-region"); }
static int m_ep_reg4(void *f)
{
	uint32_t v[4] = { 0x10000, 0, 0, 0 };

	return set_u32s(f, EP, "reg", v, 4);
}
static int m_ep_regnum(void *f)
{
	uint32_t v[5] = { 0x10010, 0, 0, 0, 0 };

	return set_u32s(f, EP, "reg", v, 5);
}
static int m_dup_devfn(void *f)
{
	uint32_t v[5] = { 0x10000, 0, 0, 0, 0 };
	int n = fdt_add_subnode(f, off(f, RP), "twin@0,0");

	return n < 0 ? n : fdt_setprop(f, n, "reg", (fdt32_t[5]){
		cpu_to_fdt32(v[0]) }, 20);
}
static int m_bridge_ranges(void *f) { return fdt_delprop(f, off(f, RP), "ranges"); }
static int m_ep_disabled(void *f) { return fdt_setprop_string(f, off(f, EP), "status", "disabled"); }
static int m_noncoherent(void *f) { return fdt_delprop(f, off(f, HOST), "dma-coherent"); }
static int m_noncoherent_shared(void *f)
{
	m_shared_on_pci(f);
	return m_noncoherent(f);
}
static int m_shared_plain(void *f) { return fdt_delprop(f, off(f, COH), "no-map"); }
static int m_shared_both(void *f) { return fdt_setprop_empty(f, off(f, COH), "reusable"); }
static int m_cma_align(void *f)
{
	fdt_delprop(f, off(f, COH), "no-map");
	fdt_setprop_empty(f, off(f, COH), "reusable");
	return set_reg(f, COH, 0x52000000, 0x100000);
}
static int m_nomap_align(void *f) { return set_reg(f, COH, 0x52000000, 0x100000); }

static const struct rule_case cases[] = {
	{ "container cells", "R5", 2, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_cells, NULL, false },
	{ "container ranges", "R5", 2, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_no_ranges, NULL, false },
	{ "container ranges non-empty", "R5", 2, DMC_SEV_WARN, DMC_ARCH_ARM64, m_ranges_nonempty, NULL, false },
	{ "65 regions", "R8", 3, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_too_many, NULL, false },
	{ "reg length", "R7", 4, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_reg_len, NULL, false },
	{ "reg two pairs", "R7", 4, DMC_SEV_WARN, DMC_ARCH_ARM64, m_reg_two, NULL, false },
	{ "children overlap", "R9", 5, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_overlap, NULL, false },
	{ "memreserve overlap", "R9", 5, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_memreserve, NULL, false },
	{ "kernel overlap", "R44", 5, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_none, NULL, true },
	{ "/chosen initrd overlap", "R44", 5, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_initrd, NULL, false },
	{ "pool disabled", "R6", 6, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_disabled, NULL, false },
	{ "no-map", "R13", 7, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_nomap, NULL, false },
	{ "reusable", "R13", 7, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_reusable, NULL, false },
	{ "no reg", "R7", 8, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_no_reg, NULL, false },
	{ "size 0", "R7", 8, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_size0, NULL, false },
	{ "no phandle", "R11", 9, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_no_phandle, NULL, false },
	{ "linux,phandle differs", "R11", 9, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_lph_differs, NULL, false },
	{ "duplicate phandle", "R11", 9, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_dup_phandle, NULL, false },
	{ "size not 256K", "R20", 10, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_size_256k, NULL, false },
	{ "base not 4K", "R22", 10, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_base_4k, NULL, false },
	{ "base not 256K", "R22", 10, DMC_SEV_WARN, DMC_ARCH_ARM64, m_base_256k, NULL, false },
	{ "outside RAM", "R10", 11, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_outside_ram, NULL, false },
	{ "outside linux,usable-memory", "R10", 11, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_usable, NULL, false },
	{ "above mem=", "R10", 11, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_mem_cmdline, NULL, false },
	{ "above lowmem", "R33", 12, DMC_SEV_ERROR, DMC_ARCH_ARM, m_above_lowmem, NULL, false },
	{ "over 340 MiB", "R23", 13, DMC_SEV_WARN, DMC_ARCH_ARM64, m_huge, NULL, false },
	{ "unit address", "R12", 14, DMC_SEV_WARN, DMC_ARCH_ARM64, m_name, NULL, false },
	{ "dangling memory-region", "R11", 15, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_dangling, NULL, false },
	{ "two restricted pools", "R16", 16, DMC_SEV_WARN, DMC_ARCH_ARM64, m_two_restricted, NULL, false },
	{ "shared pool on PCI", "R37", 17, DMC_SEV_WARN, DMC_ARCH_ARM64, m_shared_on_pci, NULL, false },
	{ "ath11k", "R28", 18, DMC_SEV_WARN, DMC_ARCH_ARM64, m_ath11k, NULL, false },
	{ "iommu", "R4", 19, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_iommu, NULL, false },
	{ "dma-ranges exclude pool", "R29", 20, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_dma_excl, NULL, false },
	{ "DMA above 4G", "R29", 20, DMC_SEV_WARN, DMC_ARCH_ARM64, m_dma_high, NULL, false },
	{ "ZONE_DMA shrinks", "R31", 21, DMC_SEV_WARN, DMC_ARCH_ARM64, m_zone_dma, NULL, false },
	{ "host uncovered", "R24", 22, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_uncovered, NULL, false },
	{ "endpoint reg 4 cells", "R25", 23, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_ep_reg4, NULL, false },
	{ "endpoint reg register", "R26", 23, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_ep_regnum, NULL, false },
	{ "duplicate devfn", "R25", 24, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_dup_devfn, NULL, false },
	{ "bridge without ranges", "R27", 25, DMC_SEV_WARN, DMC_ARCH_ARM64, m_bridge_ranges, NULL, false },
	{ "endpoint disabled", "R26", 26, DMC_SEV_INFO, DMC_ARCH_ARM64, m_ep_disabled, NULL, false },
	{ "ARM32 non-coherent", "R32", 27, DMC_SEV_WARN, DMC_ARCH_ARM, m_noncoherent, NULL, false },
	{ "ARM32 non-coherent + shared", "R37", 27, DMC_SEV_WARN, DMC_ARCH_ARM, m_noncoherent_shared, NULL, false },
	{ "shared without no-map", "R35", 28, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_shared_plain, NULL, false },
	{ "reusable and no-map", "R39", 29, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_shared_both, NULL, false },
	{ "CMA alignment", "R39", 30, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_cma_align, NULL, false },
	{ "ARM32 no-map alignment", "R34", 31, DMC_SEV_WARN, DMC_ARCH_ARM, m_nomap_align, NULL, false },
	{ "no DMA_RESTRICTED_POOL", "R1", 32, DMC_SEV_ERROR, DMC_ARCH_ARM64, m_none,
	  "CONFIG_SWIOTLB=y\n# CONFIG_DMA_RESTRICTED_POOL is not set\nCONFIG_DEBUG_FS=y\n", false },
	{ "ARM32 without LPAE", "R2", 32, DMC_SEV_ERROR, DMC_ARCH_ARM, m_none,
	  "CONFIG_SWIOTLB=y\nCONFIG_DMA_RESTRICTED_POOL=y\nCONFIG_DEBUG_FS=y\n", false },
	{ "SWIOTLB_DYNAMIC", "R3", 33, DMC_SEV_WARN, DMC_ARCH_ARM64, m_none,
	  "CONFIG_SWIOTLB=y\nCONFIG_DMA_RESTRICTED_POOL=y\nCONFIG_DEBUG_FS=y\nCONFIG_SWIOTLB_DYNAMIC=y\n", false },
	{ "no DEBUG_FS", "R40", 34, DMC_SEV_WARN, DMC_ARCH_ARM64, m_none,
	  "CONFIG_SWIOTLB=y\nCONFIG_DMA_RESTRICTED_POOL=y\n", false },
};

static const char good_kconfig[] =
	"CONFIG_SWIOTLB=y\nCONFIG_DMA_RESTRICTED_POOL=y\nCONFIG_DEBUG_FS=y\nCONFIG_ARM_LPAE=y\n";

static int run(const void *fdt, const struct rule_case *c, const char *kconfig,
	       bool loaded, struct seen *s)
{
	struct dmc_region kernel = { 0x50100000, 0x800000, "kernel" };
	struct dmc_check_opts o = { .arch = c->arch, .kernel = line };

	o.kconfig = kconfig;
	o.kconfig_len = kconfig ? strlen(kconfig) : 0;
	if (loaded) {
		o.nloaded = 1;
		o.loaded = &kernel;
	}
	memset(s, 0, sizeof(*s));
	s->rule = c->rule;
	s->item = c->item;
	s->sev = c->sev;
	return dmc_check(fdt, &o, collect, s, NULL, &check_ws);
}

static int test_reference_is_clean(void)
{
	static const enum dmc_arch arch[] = { DMC_ARCH_ARM64, DMC_ARCH_ARM };
	struct rule_case c = { .rule = "", .arch = DMC_ARCH_ARM64 };
	struct seen s;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		c.arch = arch[i];
		UT_ASSERT_EQ(0, run(ref, &c, good_kconfig, false, &s));
		UT_ASSERT_EQ(0, s.errors);
		UT_ASSERT_EQ(0, s.warnings);
	}
	return 0;
}

static int test_each_rule_fires(void)
{
	unsigned int i, failed = 0;
	struct seen s;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct rule_case *c = &cases[i];

		/* The reference must not have it... */
		run(ref, c, good_kconfig, false, &s);
		if (s.hit) {
			printf("FAIL: rule %s: reference already has %s/%u\n",
			       c->name, c->rule, c->item);
			failed++;
			continue;
		}
		/* ...and the broken tree must. */
		memcpy(buf, ref, fdt_totalsize(ref));
		if (fdt_open_into(buf, buf, sizeof(buf)) || c->mutate(buf)) {
			printf("FAIL: rule %s: could not build the case\n",
			       c->name);
			failed++;
			continue;
		}
		run(buf, c, c->kconfig ? c->kconfig : good_kconfig, c->loaded,
		    &s);
		if (!s.hit) {
			printf("FAIL: rule %s: %s item %u (%s) did not fire\n",
			       c->name, c->rule, c->item,
			       c->sev == DMC_SEV_ERROR ? "error" : "warning");
			failed++;
		} else {
			printf("PASS: rule %s: %s item %u\n", c->name, c->rule,
			       c->item);
		}
	}
	UT_ASSERT_EQ(0, failed);
	return 0;
}

/* The reference in buf, with room to grow. */
static int open_ref(void)
{
	memcpy(buf, ref, fdt_totalsize(ref));
	return fdt_open_into(buf, buf, sizeof(buf));
}

/*
 * A typed PCI node below an untyped function (which Linux matches by reg
 * alone) is a function of the same host, not a host bridge of its own:
 * it must not be judged as one (R24 item 22, "no restricted pool on the
 * host bridge").
 */
static int test_typed_node_below_untyped_function(void)
{
	struct rule_case c = { .rule = "R24", .item = 22, .sev = DMC_SEV_ERROR,
			       .arch = DMC_ARCH_ARM64 };
	struct seen s;

	UT_ASSERT_EQ(0, open_ref());
	UT_ASSERT_EQ(0, fdt_delprop(buf, off(buf, RP), "device_type"));
	UT_ASSERT_EQ(0, fdt_setprop_string(buf, off(buf, EP), "device_type",
					   "pci"));
	UT_ASSERT_EQ(0, fdt_setprop_u32(buf, off(buf, EP), "#address-cells", 3));
	UT_ASSERT_EQ(0, fdt_setprop_u32(buf, off(buf, EP), "#size-cells", 2));
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(!s.hit);
	return 0;
}

/*
 * "Linux bounces all DMA of ... through POOL" (R24, item 0) is a claim of
 * confinement: the reference gets it, and a tree where Linux would not
 * set the pool up for the host, or skips restricted DMA, must not.
 */
static int test_bounce_claim_only_when_true(void)
{
	static int (*const broken[])(void *) = {
		m_iommu, m_nomap, m_reusable, m_lph_differs,
		m_outside_ram, m_size_256k, m_memreserve, m_initrd, m_usable,
		m_mem_cmdline,
	};
	struct rule_case c = { .rule = "R24", .item = 0, .sev = DMC_SEV_INFO,
			       .arch = DMC_ARCH_ARM64 };
	struct seen s;
	unsigned int i;

	run(ref, &c, good_kconfig, false, &s);
	UT_ASSERT(s.hit);
	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		UT_ASSERT_EQ(0, open_ref());
		UT_ASSERT_EQ(0, broken[i](buf));
		run(buf, &c, good_kconfig, false, &s);
		if (s.hit)
			UT_FAIL("broken tree %u still claims Linux bounces the DMA", i);
	}
	return 0;
}

/*
 * A function's memory-region that is not whole cells is no list to Linux
 * (of_property_count_elems_of_size() fails), which then takes the host's:
 * with the pool moved from the host to such a list, nothing below the host
 * is confined, and R24 item 22 must say so. With whole cells it is.
 */
static int test_ragged_function_list(void)
{
	struct rule_case c = { .rule = "R24", .item = 22, .sev = DMC_SEV_ERROR,
			       .arch = DMC_ARCH_ARM64 };
	uint8_t mr[5];
	fdt32_t cell;
	struct seen s;
	int fn;

	UT_ASSERT_EQ(0, open_ref());
	cell = cpu_to_fdt32(ph(buf, POOL));
	memcpy(mr, &cell, 4);
	mr[4] = 0;
	UT_ASSERT_EQ(0, fdt_delprop(buf, off(buf, HOST), "memory-region"));
	fn = off(buf, HOST "/pci@0,0/wifi@0,0");
	UT_ASSERT(fn >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(buf, fn, "memory-region", mr, 4));
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(!s.hit);
	fn = off(buf, HOST "/pci@0,0/wifi@0,0");
	UT_ASSERT_EQ(0, fdt_setprop(buf, fn, "memory-region", mr, 5));
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(s.hit);
	return 0;
}

/*
 * From 7.x an empty memory-region on a function is a list of its own that
 * confines nothing (no fallback to the host's pool); up to 6.12 Linux
 * falls back. R24 item 22 only on 7.3.
 */
static int test_empty_function_list_by_line(void)
{
	struct rule_case c = { .rule = "R24", .item = 22, .sev = DMC_SEV_ERROR,
			       .arch = DMC_ARCH_ARM64 };
	struct seen s;
	int fn;

	UT_ASSERT_EQ(0, open_ref());
	fn = off(buf, HOST "/pci@0,0/wifi@0,0");
	UT_ASSERT(fn >= 0);
	UT_ASSERT_EQ(0, fdt_setprop_empty(buf, fn, "memory-region"));
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(!s.hit);
	line = DMC_KERNEL_7_3;
	run(buf, &c, good_kconfig, false, &s);
	line = DMC_KERNEL_6_1;
	UT_ASSERT(s.hit);
	return 0;
}

/*
 * The checker remembers 8 memory nodes by offset and walks the root again
 * for more: a pool inside the 10th memory node is inside memory (R10 quiet),
 * and moved out of every range it is not (R10 fires).
 */
static int test_many_memory_nodes(void)
{
	struct rule_case c = { .rule = "R10", .item = 11, .sev = DMC_SEV_ERROR,
			       .arch = DMC_ARCH_ARM64 };
	char name[32];
	struct seen s;
	int i, n;

	UT_ASSERT_EQ(0, open_ref());
	for (i = 0; i < 9; i++) {
		/* added first, so /memory@40000000 becomes the 10th */
		snprintf(name, sizeof(name), "memory@%x", 0x100 + i);
		n = fdt_add_subnode(buf, 0, name);
		UT_ASSERT(n >= 0);
		UT_ASSERT_EQ(0, fdt_setprop_string(buf, n, "device_type",
						   "memory"));
		snprintf(name, sizeof(name), "/memory@%x", 0x100 + i);
		UT_ASSERT_EQ(0, set_reg(buf, name, 0x1000000000ULL +
					(uint64_t)i * 0x100000, 0x100000));
	}
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(!s.hit);
	UT_ASSERT_EQ(0, s.errors);
	UT_ASSERT_EQ(0, set_reg(buf, POOL, 0x2000000000ULL, 0x2000000));
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(s.hit);
	return 0;
}

/*
 * Linux adds each /memory entry cut to whole pages and merges entries that
 * touch: a pool across two entries that meet at a page boundary is in
 * memory (R10 quiet); where they meet inside a page, that page is not, and
 * neither is the pool over it (R10 fires).
 */
static int test_memory_seams(void)
{
	struct rule_case c = { .rule = "R10", .item = 11, .sev = DMC_SEV_ERROR,
			       .arch = DMC_ARCH_ARM64 };
	uint32_t seam[8] = { 0, 0x40000000, 0, 0x10800000,
			     0, 0x50800000, 0, 0x2f800000 };
	struct seen s;

	UT_ASSERT_EQ(0, open_ref());
	UT_ASSERT_EQ(0, set_u32s(buf, "/memory@40000000", "reg", seam, 8));
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(!s.hit);
	UT_ASSERT_EQ(0, s.errors);
	seam[3] += 0x800;
	seam[5] += 0x800;
	seam[7] -= 0x800;
	UT_ASSERT_EQ(0, set_u32s(buf, "/memory@40000000", "reg", seam, 8));
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(s.hit);
	return 0;
}

/*
 * A node first in the tree takes the phandle of the reference's pool in
 * buf: Linux resolves the pool's references to it, and R11 must fire.
 */
static int shadowed_pool_found(const struct rule_case *c)
{
	struct seen s;
	int n;

	n = fdt_add_subnode(buf, 0, "early");
	UT_ASSERT(n >= 0);
	UT_ASSERT_EQ(0, fdt_setprop_u32(buf, n, "phandle", ph(buf, POOL)));
	run(buf, c, good_kconfig, false, &s);
	UT_ASSERT(s.hit);
	return 0;
}

/*
 * Pools are resolved CHK_PH_BATCH (16) at a time; the first batch on the
 * structure walk's way, later ones by a walk each. Twenty pools in front
 * put the reference's restricted pool in the second batch: a node before
 * /reserved-memory that reuses its phandle must still be found (R11), and
 * without it nothing may be reported.
 */
static int test_dup_phandle_late_batch(void)
{
	struct rule_case c = { .rule = "R11", .item = 9, .sev = DMC_SEV_ERROR,
			       .arch = DMC_ARCH_ARM64 };
	struct seen s;
	char name[32];
	int i, n;

	UT_ASSERT_EQ(0, open_ref());
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "extra%d", i);
		n = fdt_add_subnode(buf, off(buf, "/reserved-memory"), name);
		UT_ASSERT(n >= 0);
		UT_ASSERT_EQ(0, fdt_setprop_u32(buf, n, "phandle", 0x7000 + i));
	}
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(!s.hit);
	return shadowed_pool_found(&c);
}

/*
 * The structure walk hashes every phandle to tell whether a pool's may be
 * used before it; a node whose phandle only shares the pool's hash bucket
 * sends the checker looking, and it must find nothing to report.
 */
static int test_phandle_hash_collision(void)
{
	struct rule_case c = { .rule = "R11", .item = 9, .sev = DMC_SEV_ERROR,
			       .arch = DMC_ARCH_ARM64 };
	struct seen s;
	int n;

	UT_ASSERT_EQ(0, open_ref());
	n = fdt_add_subnode(buf, 0, "early");	/* first in the tree */
	UT_ASSERT(n >= 0);
	UT_ASSERT_EQ(0, fdt_setprop_u32(buf, n, "phandle",
					ph(buf, POOL) + 512));
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(!s.hit);
	UT_ASSERT_EQ(0, fdt_setprop_u32(buf, n, "phandle", ph(buf, POOL)));
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(s.hit);
	return 0;
}

/*
 * Linux keeps the first 64 regions and looks only those up, so the
 * checker resolves the phandles of no more. Children that are no region
 * (disabled, no reg) are not counted: with 62 regions and 5 such children
 * in front, the reference's pool is region 63, and an earlier node that
 * reuses its phandle must still be found (R11); without it, nothing.
 */
static int test_dup_phandle_last_region(void)
{
	struct rule_case c = { .rule = "R11", .item = 9, .sev = DMC_SEV_ERROR,
			       .arch = DMC_ARCH_ARM64 };
	int i, n, resmem;
	struct seen s;
	char name[48];

	UT_ASSERT_EQ(0, open_ref());
	resmem = off(buf, "/reserved-memory");
	for (i = 0; i < 62 + 5; i++) {
		snprintf(name, sizeof(name), "extra%d", i);
		n = fdt_add_subnode(buf, resmem, name);
		UT_ASSERT(n >= 0);
		if (i % 13 == 12) {
			UT_ASSERT_EQ(0, fdt_setprop_string(buf, n, "status",
							   "disabled"));
			continue;
		}
		UT_ASSERT_EQ(0, fdt_setprop(buf, n, "no-map", NULL, 0));
		snprintf(name, sizeof(name), "/reserved-memory/extra%d", i);
		UT_ASSERT_EQ(0, set_reg(buf, name, 0x80000000ULL + i * 0x10000,
					0x10000));
	}
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(!s.hit);
	UT_ASSERT_EQ(0, s.errors);	/* 64 regions: not R8 yet */
	return shadowed_pool_found(&c);
}

/* What test_finding_paths() saw: each finding's path and node, in order. */
struct paths {
	unsigned int n, wrong, backward, deep;
	int last;
	const void *fdt;
	char first_wrong[2][DMC_PATH_MAX];
};

static void check_path(const struct dmc_finding *f, void *ctx)
{
	struct paths *p = ctx;
	char want[DMC_PATH_MAX];
	unsigned int slashes = 0;
	const char *ch;

	if (f->node < 0 || fdt_get_path(p->fdt, f->node, want, sizeof(want)))
		strcpy(want, "/");
	if (strcmp(want, f->path) && !p->wrong++) {
		strcpy(p->first_wrong[0], f->path);
		strcpy(p->first_wrong[1], want);
	}
	p->backward += f->node < p->last;
	for (ch = want; *ch; ch++)
		slashes += *ch == '/';
	p->deep += slashes >= 3;
	p->last = f->node;
	p->n++;
}

/*
 * The checker carries the last finding's path forward to the next instead
 * of rebuilding it from the root: every finding's path must still be what
 * fdt_get_path() says, in a tree whose findings lie at several depths and
 * come partly out of tree order (the pools' overlaps, then each pool).
 */
static int test_finding_paths(void)
{
	struct dmc_check_opts o = { .arch = DMC_ARCH_ARM64 };
	struct paths p = { .last = -1, .fdt = buf };
	char name[64];
	int i, n;

	UT_ASSERT_EQ(0, open_ref());
	for (i = 0; i < 20; i++) {
		/* restricted pools without a phandle: R11 each */
		snprintf(name, sizeof(name), "extra@%x", 0x60000000 + i * 0x40000);
		n = fdt_add_subnode(buf, off(buf, "/reserved-memory"), name);
		UT_ASSERT(n >= 0);
		UT_ASSERT_EQ(0, fdt_setprop_string(buf, n, "compatible",
						   "restricted-dma-pool"));
	}
	/* the last pool overlaps the one before, reported before the R11s */
	UT_ASSERT_EQ(0, set_reg(buf, COH, 0x51000000, 0x200000));
	/* a function below the endpoint that shares its devfn: R25 */
	n = fdt_add_subnode(buf, off(buf, RP), "twin@0,0");
	UT_ASSERT(n >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(buf, n, "reg",
				    (fdt32_t[5]){ 0 }, sizeof(fdt32_t[5])));
	dmc_check(buf, &o, check_path, &p, NULL, &check_ws);
	if (p.wrong)
		UT_FAIL("%u of %u paths wrong, first \"%s\" for \"%s\"",
			p.wrong, p.n, p.first_wrong[0], p.first_wrong[1]);
	UT_ASSERT(p.n >= 21);
	UT_ASSERT(p.backward > 0);
	UT_ASSERT(p.deep > 0);
	return 0;
}

/*
 * A nameless node adds a path component that the path string does not show
 * ("/chosen/"), so the depth that the next finding's path climbs from must
 * not be counted from the string: a finding on a node after it (at a
 * shallower depth) was named at "/".
 */
static int test_finding_paths_nameless(void)
{
	struct dmc_check_opts o = { .arch = DMC_ARCH_ARM64 };
	struct paths p = { .last = -1, .fdt = buf };
	fdt32_t bogus = cpu_to_fdt32(0x4242);
	int n;

	UT_ASSERT_EQ(0, open_ref());
	/*
	 * R11 on each: a memory-region entry that names no node. A new node
	 * is its parent's first child, so "after" is added first.
	 */
	n = fdt_add_subnode(buf, 0, "after");
	UT_ASSERT(n >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(buf, n, "memory-region", &bogus, 4));
	n = fdt_add_subnode(buf, 0, "outer");
	UT_ASSERT(n >= 0);
	n = fdt_add_subnode(buf, n, "x");
	UT_ASSERT(n >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(buf, n, "memory-region", &bogus, 4));
	UT_ASSERT_EQ(0, fdt_set_name(buf, n, ""));
	dmc_check(buf, &o, check_path, &p, NULL, &check_ws);
	if (p.wrong)
		UT_FAIL("%u of %u paths wrong, first \"%s\" for \"%s\"",
			p.wrong, p.n, p.first_wrong[0], p.first_wrong[1]);
	UT_ASSERT(p.n >= 2);
	return 0;
}

/*
 * Rules that differ between the Linux lines: the same broken tree gets one
 * severity on one line and another on the next. Each row must get its own
 * line's severity and not the other line's, both ways.
 */
static int test_kernel_lines(void)
{
	static const struct {
		const char *name;
		const char *rule;
		unsigned int item;
		int (*mutate)(void *fdt);
		enum dmc_sev sev[3];	/* on 6.1, 6.12, 7.3 */
	} rows[] = {
		{ "reg two pairs", "R7", 4, m_reg_two,
		  { DMC_SEV_WARN, DMC_SEV_WARN, DMC_SEV_ERROR } },
		{ "reusable and no-map", "R39", 29, m_shared_both,
		  { DMC_SEV_ERROR, DMC_SEV_ERROR, DMC_SEV_WARN } },
		{ "endpoint disabled", "R26", 26, m_ep_disabled,
		  { DMC_SEV_INFO, DMC_SEV_WARN, DMC_SEV_WARN } },
	};
	struct rule_case c = { .arch = DMC_ARCH_ARM64 };
	unsigned int i, k, other;
	struct seen s;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		UT_ASSERT_EQ(0, open_ref());
		UT_ASSERT_EQ(0, rows[i].mutate(buf));
		c.rule = rows[i].rule;
		c.item = rows[i].item;
		for (k = 0; k < 3; k++) {
			line = (enum dmc_kernel)k;
			c.sev = rows[i].sev[k];
			run(buf, &c, good_kconfig, false, &s);
			if (!s.hit)
				UT_FAIL("%s on line %u: not severity %d",
					rows[i].name, k, c.sev);
			/* the severity of a line that differs must not come */
			for (other = 0; other < 3; other++) {
				if (rows[i].sev[other] == rows[i].sev[k])
					continue;
				c.sev = rows[i].sev[other];
				run(buf, &c, good_kconfig, false, &s);
				if (s.hit)
					UT_FAIL("%s on line %u: also severity %d",
						rows[i].name, k, c.sev);
			}
		}
	}
	line = DMC_KERNEL_6_1;
	return 0;
}

/*
 * Linux 6.1 skips a node whose reg is not whole pairs, even with a size;
 * 7.3 takes it for no reg and places a region of that size. With 63
 * regions before it, such a node is the 65th region on 7.3 only (R8).
 */
static int test_kernel_ragged_reg_counts(void)
{
	struct rule_case c = { .rule = "R8", .item = 3, .sev = DMC_SEV_ERROR,
			       .arch = DMC_ARCH_ARM64 };
	fdt32_t ragged[3] = { 0, cpu_to_fdt32(0x90000000), 0 };
	int i, n, resmem;
	struct seen s;
	char name[32];

	UT_ASSERT_EQ(0, open_ref());
	resmem = off(buf, "/reserved-memory");
	n = fdt_add_subnode(buf, resmem, "ragged");
	UT_ASSERT(n >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(buf, n, "reg", ragged, sizeof(ragged)));
	UT_ASSERT_EQ(0, fdt_setprop_u64(buf, n, "size", 0x100000));
	for (i = 0; i < 62; i++) {	/* the reference has 2 */
		snprintf(name, sizeof(name), "extra%d", i);
		n = fdt_add_subnode(buf, resmem, name);
		UT_ASSERT(n >= 0);
		UT_ASSERT_EQ(0, fdt_setprop_u64(buf, n, "size", 0x10000));
	}
	run(buf, &c, good_kconfig, false, &s);
	UT_ASSERT(!s.hit);
	line = DMC_KERNEL_7_3;
	run(buf, &c, good_kconfig, false, &s);
	line = DMC_KERNEL_6_1;
	UT_ASSERT(s.hit);
	return 0;
}

static int test_malformed(void)
{
	memcpy(buf, ref, fdt_totalsize(ref));
	((fdt32_t *)buf)[0] = 0;
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_check(buf, NULL, NULL, NULL, NULL, &check_ws));
	memcpy(buf, ref, fdt_totalsize(ref));
	/* Cut the structure block short: a tag runs past its end. */
	fdt_set_size_dt_struct(buf, 40);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_check(buf, NULL, NULL, NULL, NULL, &check_ws));
	return 0;
}

int main(void)
{
	ref = dt_load("test/check/reference.dts");
	if (!ref) {
		printf("FAIL: test_check: cannot compile test/check/reference.dts\n");
		return 1;
	}
	UT_RUN(test_reference_is_clean);
	UT_RUN(test_each_rule_fires);
	UT_RUN(test_bounce_claim_only_when_true);
	UT_RUN(test_typed_node_below_untyped_function);
	UT_RUN(test_ragged_function_list);
	UT_RUN(test_empty_function_list_by_line);
	UT_RUN(test_many_memory_nodes);
	UT_RUN(test_memory_seams);
	UT_RUN(test_dup_phandle_late_batch);
	UT_RUN(test_phandle_hash_collision);
	UT_RUN(test_dup_phandle_last_region);
	UT_RUN(test_finding_paths);
	UT_RUN(test_finding_paths_nameless);
	UT_RUN(test_kernel_lines);
	UT_RUN(test_kernel_ragged_reg_counts);
	UT_RUN(test_malformed);
	free(ref);
	return ut_done();
}
