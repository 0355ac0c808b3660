// SPDX-License-Identifier: GPL-2.0+
/* fdtutil: cells, reg, dma-ranges, vmalloc=, lowmem end, PCI host test. */
#include <dmacage/dmacage.h>
#include "../../lib/dmacage/fdtutil.h"
#include "ut.h"

static char blob[8192];

/*
 * / (no cells: 1/1)
 *   memory@40000000 reg <0x40000000 0x10000000>
 *   chosen bootargs
 *   soc (#address-cells 1, #size-cells 1)
 *     pcie@8b20000 device_type "pci", dma-ranges (3+1+2 cells)
 *       pci@0,0 device_type "pci"
 *   bus (no cells: 2/1)
 *     dev@0 reg <0 0x1000 0x100>
 *   stb-pcie@1 compatible brcm,bcm7278-pcie (no device_type)
 */
static void *build(const char *bootargs)
{
	fdt32_t dr[12] = {
		cpu_to_fdt32(0x02000000), 0, cpu_to_fdt32(0),
		cpu_to_fdt32(0x40000000), 0, cpu_to_fdt32(0x40000000),
		cpu_to_fdt32(0x42000000), cpu_to_fdt32(1), 0,
		cpu_to_fdt32(0x80000000), 0, cpu_to_fdt32(0x10000000),
	};
	fdt32_t reg[3] = { 0, cpu_to_fdt32(0x1000), cpu_to_fdt32(0x100) };
	void *f = blob;

	fdt_create(f, sizeof(blob));
	fdt_finish_reservemap(f);
	fdt_begin_node(f, "");
	fdt_begin_node(f, "memory@40000000");
	fdt_property_string(f, "device_type", "memory");
	fdt_property_u32(f, "reg", 0x40000000);
	fdt_end_node(f);
	if (bootargs) {
		fdt_begin_node(f, "chosen");
		fdt_property_string(f, "bootargs", bootargs);
		fdt_end_node(f);
	}
	fdt_begin_node(f, "soc");
	fdt_property_u32(f, "#address-cells", 1);
	fdt_property_u32(f, "#size-cells", 1);
	fdt_begin_node(f, "pcie@8b20000");
	fdt_property_string(f, "device_type", "pci");
	fdt_property(f, "dma-ranges", dr, sizeof(dr));
	fdt_begin_node(f, "pci@0,0");
	fdt_property_string(f, "device_type", "pci");
	fdt_end_node(f);
	fdt_end_node(f);
	fdt_end_node(f);
	fdt_begin_node(f, "bus");
	fdt_begin_node(f, "dev@0");
	fdt_property(f, "reg", reg, sizeof(reg));
	fdt_end_node(f);
	fdt_end_node(f);
	fdt_begin_node(f, "stb-pcie@1");
	fdt_property_string(f, "compatible", "brcm,bcm7278-pcie");
	fdt_end_node(f);
	fdt_end_node(f);
	fdt_finish(f);
	fdt_open_into(f, f, sizeof(blob));
	return f;
}

static int node(const char *path)
{
	return fdt_path_offset(blob, path);
}

/* dmc_reg() on the node at @path, with its parent */
static int reg_of(const char *path, int idx, uint64_t *b, uint64_t *s)
{
	int n = node(path);

	return dmc_reg(blob, n > 0 ? fdt_parent_offset(blob, n) : n, n, idx,
		       b, s);
}

static bool host_of(const char *path)
{
	int n = node(path);

	return dmc_is_pci_host(blob, n, n > 0 ? fdt_parent_offset(blob, n) : n);
}

/* A PCI child node with devfn @devfn (5 reg cells, as Linux requires). */
static int pci_child(int parent, const char *name, uint8_t devfn)
{
	fdt32_t reg[5] = { cpu_to_fdt32((uint32_t)devfn << 8) };
	int n = fdt_add_subnode(blob, parent, name);

	fdt_setprop(blob, n, "reg", reg, sizeof(reg));
	return n;
}

/*
 * Linux's of_pci_find_child_device() also looks inside a child named
 * multifunc-device, right when it meets it, and ignores names otherwise.
 */
static int test_find_child_multifunc(void)
{
	int host, mf, f1, f2, late;

	build(NULL);
	host = node("/soc/pcie@8b20000");
	/* libfdt adds a subnode first, so build in reverse DT order */
	late = pci_child(host, "pci@3,0", 0x18);
	mf = fdt_add_subnode(blob, host, "multifunc-device@2");
	f2 = pci_child(mf, "pci@2,1", 0x11);
	f1 = pci_child(mf, "pci@2,0", 0x10);
	mf = node("/soc/pcie@8b20000/multifunc-device@2");
	f1 = node("/soc/pcie@8b20000/multifunc-device@2/pci@2,0");
	f2 = node("/soc/pcie@8b20000/multifunc-device@2/pci@2,1");
	late = node("/soc/pcie@8b20000/pci@3,0");
	host = node("/soc/pcie@8b20000");
	UT_ASSERT(dmc_pci_is_multifunc(blob, mf));
	UT_ASSERT(!dmc_pci_is_multifunc(blob, f1));
	UT_ASSERT_EQ(f1, dmc_pci_find_child(blob, host, 0x10));
	UT_ASSERT_EQ(f2, dmc_pci_find_child(blob, host, 0x11));
	UT_ASSERT_EQ(late, dmc_pci_find_child(blob, host, 0x18));
	UT_ASSERT_EQ(-DMC_E_NOTFOUND, dmc_pci_find_child(blob, host, 0x20));
	/* the group is not searched from elsewhere: its parent only */
	UT_ASSERT_EQ(-DMC_E_NOTFOUND, dmc_pci_find_child(blob, f1, 0x10));
	return 0;
}

static int test_cells_and_reg(void)
{
	uint64_t b, s;
	int ac, sc;
	fdt32_t two[2] = { cpu_to_fdt32(0x12345678), cpu_to_fdt32(0x9abcdef0) };

	build(NULL);
	UT_ASSERT_EQ(0x123456789abcdef0ULL, dmc_read_cells(two, 2));
	UT_ASSERT_EQ(0x12345678, dmc_read_cells(two, 1));
	UT_ASSERT_EQ(0, dmc_root_cells(blob, &ac, &sc));
	UT_ASSERT_EQ(1, ac);
	UT_ASSERT_EQ(1, sc);
	UT_ASSERT_EQ(0, dmc_node_cells(blob, node("/bus"), &ac, &sc));
	UT_ASSERT_EQ(2, ac);
	UT_ASSERT_EQ(1, sc);
	/* "reg = <0x40000000>" is 4 bytes: not a multiple of 1/1 root cells */
	UT_ASSERT_EQ(-DMC_E_BADFDT, reg_of("/memory@40000000",
					     0, &b, &s));
	fdt_setprop_u64(blob, node("/memory@40000000"), "reg",
			0x4000000010000000ULL);
	UT_ASSERT_EQ(0, reg_of("/memory@40000000", 0, &b, &s));
	UT_ASSERT_EQ(0x40000000, b);
	UT_ASSERT_EQ(0x10000000, s);
	UT_ASSERT_EQ(-DMC_E_NOTFOUND, reg_of("/memory@40000000",
						1, &b, &s));
	UT_ASSERT_EQ(0, reg_of("/bus/dev@0", 0, &b, &s));
	UT_ASSERT_EQ(0x1000, b);
	UT_ASSERT_EQ(0x100, s);
	UT_ASSERT_EQ(-DMC_E_NOTFOUND, reg_of("/bus", 0, &b, &s));
	/* #size-cells 3 and a 2-byte cell count are refused */
	fdt_setprop_u32(blob, node("/bus"), "#size-cells", 3);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_node_cells(blob, node("/bus"), &ac, &sc));
	UT_ASSERT_EQ(-DMC_E_BADFDT, reg_of("/bus/dev@0", 0, &b, &s));
	fdt_setprop(blob, 0, "#address-cells", "\0\2", 2);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_root_cells(blob, &ac, &sc));
	return 0;
}

/* One dma-ranges entry under /soc (1 address cell): DMA hi:lo, CPU, size. */
static void *set_dr(int host, uint32_t dhi, uint32_t dlo, uint32_t cpu,
		    uint32_t shi, uint32_t slo)
{
	fdt32_t c[6] = {
		cpu_to_fdt32(0x02000000), cpu_to_fdt32(dhi), cpu_to_fdt32(dlo),
		cpu_to_fdt32(cpu), cpu_to_fdt32(shi), cpu_to_fdt32(slo),
	};

	fdt_setprop(blob, host, "dma-ranges", c, sizeof(c));
	return blob;
}

static int test_dma_ranges(void)
{
	struct dmc_dma_range r[2];
	int host;

	build(NULL);
	host = node("/soc/pcie@8b20000");
	UT_ASSERT_EQ(2, dmc_dma_ranges(blob, host, -1, r, 2));
	UT_ASSERT_EQ(0, r[0].dma);
	UT_ASSERT_EQ(0x40000000, r[0].cpu);
	UT_ASSERT_EQ(0x40000000, r[0].size);
	UT_ASSERT_EQ(0x100000000ULL, r[1].dma);
	UT_ASSERT_EQ(0x80000000, r[1].cpu);
	UT_ASSERT_EQ(0x10000000, r[1].size);
	UT_ASSERT_EQ(-DMC_E_TOOMANY, dmc_dma_ranges(blob, host, -1, r, 1));
	UT_ASSERT_EQ(0, dmc_dma_ranges(blob, node("/bus"), -1, r, 2));
	fdt_setprop(blob, host, "dma-ranges", NULL, 0);
	UT_ASSERT_EQ(0, dmc_dma_ranges(blob, host, -1, r, 2));
	fdt_setprop(blob, host, "dma-ranges", "\0\0\0\0\0\0\0\0", 8);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_dma_ranges(blob, host, -1, r, 2));
	/* entries that wrap past 2^64 (fuzz finding 8): DMA side, CPU side */
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_dma_ranges(set_dr(host, 0xffffffff,
				0xffff0000, 0x40000000, 0, 0x20000), host, -1, r, 2));
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_dma_ranges(set_dr(host, 0, 0,
				0x40000000, 0xffffffff, 0xffffffff), host, -1, r, 2));
	/* one that ends exactly at 2^64 - 1 is fine */
	UT_ASSERT_EQ(1, dmc_dma_ranges(set_dr(host, 0xffffffff, 0xffff0000,
					      0x40000000, 0, 0x10000), host, -1, r, 2));
	return 0;
}

/* the vmalloc size of @fdt's command line, /chosen found as the core does */
static uint64_t vmalloc_of(const void *fdt, uint64_t policy_size)
{
	return dmc_arm_vmalloc_at(fdt, fdt_subnode_offset(fdt, 0, "chosen"),
				  policy_size);
}

static int test_vmalloc_and_lowmem(void)
{
	UT_ASSERT_EQ(240ULL << 20, vmalloc_of(build(NULL), 0));
	UT_ASSERT_EQ(300ULL << 20, vmalloc_of(blob, 300ULL << 20));
	UT_ASSERT_EQ(512ULL << 20,
		     vmalloc_of(build("root=/dev/sda vmalloc=512M"), 300 << 20));
	/* the last one wins, like repeated early_param */
	UT_ASSERT_EQ(0x20000000,
		     vmalloc_of(build("vmalloc=100M vmalloc=0x20000000"), 0));
	UT_ASSERT_EQ(1ULL << 30 >> 2,
		     vmalloc_of(build("vmalloc=262144k"), 0));
	/* clamped to 16 MiB .. 976 MiB */
	UT_ASSERT_EQ(16ULL << 20, vmalloc_of(build("vmalloc=1M"), 0));
	UT_ASSERT_EQ(976ULL << 20, vmalloc_of(build("vmalloc=2G"), 0));
	/* not a word of its own: ignored */
	UT_ASSERT_EQ(240ULL << 20, vmalloc_of(build("xvmalloc=512M"), 0));
	/* no number: memparse() gives 0, early_vmalloc() makes it 16 MiB */
	UT_ASSERT_EQ(16ULL << 20, vmalloc_of(build("vmalloc=M"), 0));

	UT_ASSERT_EQ(0x70000000, dmc_arm_lowmem_end(0x40000000, 240ULL << 20));
	UT_ASSERT_EQ(0x30000000, dmc_arm_lowmem_end(0, 240ULL << 20));
	UT_ASSERT_EQ(0x100000000ULL, dmc_arm_lowmem_end(0xf0000000, 240ULL << 20));
	UT_ASSERT_EQ(0x42000000, dmc_arm_lowmem_end(0x40000000, 976ULL << 20));
	return 0;
}

/*
 * Class 5: the command line as Linux's parse_args()/next_arg() reads it.
 * A vmalloc= that Linux takes and dmacage missed (or the reverse) puts
 * the pool above Linux's lowmem end, where it cannot be set up.
 */
static int test_vmalloc_linux_cmdline(void)
{
	char longline[1100];

	/* any isspace() separates parameters */
	UT_ASSERT_EQ(976ULL << 20,
		     vmalloc_of(build("root=/dev/sda\nvmalloc=976M"), 0));
	UT_ASSERT_EQ(976ULL << 20,
		     vmalloc_of(build("quiet\tvmalloc=976M"), 0));
	/* parameters end at "--": the rest is init's */
	UT_ASSERT_EQ(976ULL << 20,
		     vmalloc_of(build("vmalloc=976M -- vmalloc=16M"), 0));
	UT_ASSERT_EQ(240ULL << 20,
		     vmalloc_of(build("quiet -- vmalloc=16M"), 0));
	/* inside a quoted value it is part of another parameter */
	UT_ASSERT_EQ(240ULL << 20,
		     vmalloc_of(build("foo=\"a vmalloc=16M\""), 0));
	/* quotes around the value or the whole parameter are dropped */
	UT_ASSERT_EQ(976ULL << 20,
		     vmalloc_of(build("\"vmalloc=976M\""), 0));
	UT_ASSERT_EQ(976ULL << 20,
		     vmalloc_of(build("vmalloc=\"976M\""), 0));
	/* unsigned long on ARM: 4G wraps to 0, clamped to 16 MiB */
	UT_ASSERT_EQ(16ULL << 20, vmalloc_of(build("vmalloc=4G"), 0));
	/* Linux copies at most 1023 bytes of bootargs */
	memset(longline, 'x', 1020);
	strcpy(longline + 1020, " vmalloc=16M");
	UT_ASSERT_EQ(240ULL << 20, vmalloc_of(build(longline), 0));
	return 0;
}

static int test_is_pci_host(void)
{
	build(NULL);
	UT_ASSERT(host_of("/soc/pcie@8b20000"));
	UT_ASSERT(!host_of("/soc/pcie@8b20000/pci@0,0"));
	UT_ASSERT(!host_of("/soc"));
	UT_ASSERT(!host_of("/"));
	UT_ASSERT(host_of("/stb-pcie@1"));
	/* as a policy names it: the node, or why it is none */
	UT_ASSERT_EQ(node("/soc/pcie@8b20000"),
		     dmc_host_offset(blob, "/soc/pcie@8b20000", NULL));
	UT_ASSERT_EQ(-DMC_E_NOHOST, dmc_host_offset(blob, "/soc", NULL));
	UT_ASSERT_EQ(-DMC_E_NOHOST, dmc_host_offset(blob, "/", NULL));
	UT_ASSERT_EQ(-DMC_E_NOTFOUND, dmc_host_offset(blob, "/soc/nope", NULL));
	fdt_setprop_string(blob, node("/bus/dev@0"), "device_type", "pciex");
	UT_ASSERT(!host_of("/bus/dev@0"));
	/* a typed node below an untyped function is a function */
	UT_ASSERT(pci_child(node("/soc/pcie@8b20000"), "fn@0,0", 0) >= 0);
	UT_ASSERT(pci_child(node("/soc/pcie@8b20000/fn@0,0"), "br@0,0", 0) >= 0);
	fdt_setprop_string(blob, node("/soc/pcie@8b20000/fn@0,0/br@0,0"),
			   "device_type", "pci");
	UT_ASSERT(!host_of("/soc/pcie@8b20000/fn@0,0/br@0,0"));
	UT_ASSERT_EQ(-DMC_E_NOHOST,
		     dmc_host_offset(blob, "/soc/pcie@8b20000/fn@0,0/br@0,0", NULL));
	return 0;
}

/* A compatible list matches as fdt_stringlist_contains() would match it. */
static int test_pci_props_compat_list(void)
{
	static const char two[] = "vendor,x\0brcm,bcm7445-pcie";
	static const char longer[] = "brcm,bcm7445-pcie-x";
	static const char *const table[] = {
		"pci-host-ecam-generic", "brcm,bcm7712-pcie",
	};
	unsigned int i;

	UT_ASSERT(dmc_is_pci_props(NULL, 0, two, sizeof(two)));
	UT_ASSERT(fdt_stringlist_contains(two, sizeof(two), "brcm,bcm7445-pcie"));
	/*
	 * The last string's NUL just past the length: libfdt 1.6.1 compares
	 * it too, and so does Linux's strcmp-based match; so does dmacage.
	 */
	UT_ASSERT_EQ(fdt_stringlist_contains(two, sizeof(two) - 1,
					     "brcm,bcm7445-pcie"),
		     dmc_is_pci_props(NULL, 0, two, sizeof(two) - 1));
	UT_ASSERT(!dmc_is_pci_props(NULL, 0, two, sizeof(two) - 2));
	UT_ASSERT(!dmc_is_pci_props(NULL, 0, longer, sizeof(longer)));
	UT_ASSERT(!dmc_is_pci_props(NULL, 0, "", 0));
	UT_ASSERT(dmc_is_pci_props("pci", 4, "vendor,x", 9));
	UT_ASSERT(!dmc_is_pci_props("pcie", 5, NULL, 0));
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		UT_ASSERT(dmc_is_pci_props(NULL, 0, table[i],
					   strlen(table[i]) + 1));
	return 0;
}

/* Linux's early scan compares device_type with strcmp(). */
static int test_memory_type(void)
{
	UT_ASSERT(dmc_is_memory_type("memory"));
	UT_ASSERT(dmc_is_memory_type("memory\0pci"));
	UT_ASSERT(!dmc_is_memory_type("memoryx"));
	UT_ASSERT(!dmc_is_memory_type("memor"));
	UT_ASSERT(!dmc_is_memory_type(NULL));
	return 0;
}

int main(void)
{
	UT_RUN(test_cells_and_reg);
	UT_RUN(test_dma_ranges);
	UT_RUN(test_vmalloc_and_lowmem);
	UT_RUN(test_vmalloc_linux_cmdline);
	UT_RUN(test_find_child_multifunc);
	UT_RUN(test_is_pci_host);
	UT_RUN(test_pci_props_compat_list);
	UT_RUN(test_memory_type);
	return ut_done();
}
