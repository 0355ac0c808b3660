/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * In-memory OS device trees for unit tests, built with libfdt's
 * sequential-write API so the tests need no dtc. Root cells are 2/2.
 */
#ifndef DMACAGE_TEST_OSDT_H
#define DMACAGE_TEST_OSDT_H

#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <dmacage/dmacage.h>

struct osdt_range {
	uint64_t base;
	uint64_t size;
};

struct osdt_resmem {
	const char *name;	/* node name with unit address */
	const char *compat;	/* NULL = none */
	uint64_t base;
	uint64_t size;
	const char *status;	/* NULL = none */
};

struct osdt_dma {
	uint64_t cpu;
	uint64_t dma;
	uint64_t size;
};

/**
 * struct osdt - what to put in the tree
 * @mem:	one /memory@... node per entry
 * @rsv:	/memreserve/ entries
 * @res:	/reserved-memory children (container created if @nres or @resmem)
 * @dma:	dma-ranges of /pcie@10000000 (always present, device_type pci)
 * @bootargs:	/chosen/bootargs, NULL = no /chosen
 * @record:	/chosen/dmacage/pcie0 lists the first two @res as its
 *		restricted-pool and coherent-pool (an earlier run's record)
 */
struct osdt {
	unsigned int nmem;
	struct osdt_range mem[4];
	unsigned int nrsv;
	struct osdt_range rsv[8];
	bool resmem;
	unsigned int nres;
	struct osdt_resmem res[8];
	unsigned int ndma;
	struct osdt_dma dma[4];
	const char *bootargs;
	bool record;
};

static inline void osdt_u64pair(void *f, const char *name, uint64_t a,
				uint64_t b)
{
	fdt32_t c[4] = {
		cpu_to_fdt32(a >> 32), cpu_to_fdt32((uint32_t)a),
		cpu_to_fdt32(b >> 32), cpu_to_fdt32((uint32_t)b),
	};

	fdt_property(f, name, c, sizeof(c));
}

static inline int osdt_build(void *f, int size, const struct osdt *o)
{
	char name[64];
	unsigned int i;

	fdt_create(f, size);
	for (i = 0; i < o->nrsv; i++)
		fdt_add_reservemap_entry(f, o->rsv[i].base, o->rsv[i].size);
	fdt_finish_reservemap(f);
	fdt_begin_node(f, "");
	fdt_property_u32(f, "#address-cells", 2);
	fdt_property_u32(f, "#size-cells", 2);
	if (o->bootargs || o->record) {
		fdt_begin_node(f, "chosen");
		if (o->bootargs)
			fdt_property_string(f, "bootargs", o->bootargs);
		if (o->record) {
			fdt_begin_node(f, "dmacage");
			fdt_property_string(f, "compatible", "dmacage,record");
			fdt_begin_node(f, "pcie0");
			snprintf(name, sizeof(name), "/reserved-memory/%s",
				 o->res[0].name);
			fdt_property_string(f, "restricted-pool", name);
			snprintf(name, sizeof(name), "/reserved-memory/%s",
				 o->res[1].name);
			fdt_property_string(f, "coherent-pool", name);
			fdt_end_node(f);
			fdt_end_node(f);
		}
		fdt_end_node(f);
	}
	for (i = 0; i < o->nmem; i++) {
		snprintf(name, sizeof(name), "memory@%llx",
			 (unsigned long long)o->mem[i].base);
		fdt_begin_node(f, name);
		fdt_property_string(f, "device_type", "memory");
		osdt_u64pair(f, "reg", o->mem[i].base, o->mem[i].size);
		fdt_end_node(f);
	}
	if (o->resmem || o->nres) {
		fdt_begin_node(f, "reserved-memory");
		fdt_property_u32(f, "#address-cells", 2);
		fdt_property_u32(f, "#size-cells", 2);
		fdt_property(f, "ranges", NULL, 0);
		for (i = 0; i < o->nres; i++) {
			fdt_begin_node(f, o->res[i].name);
			if (o->res[i].compat)
				fdt_property_string(f, "compatible",
						    o->res[i].compat);
			osdt_u64pair(f, "reg", o->res[i].base, o->res[i].size);
			if (o->res[i].status)
				fdt_property_string(f, "status",
						    o->res[i].status);
			fdt_end_node(f);
		}
		fdt_end_node(f);
	}
	fdt_begin_node(f, "pcie@10000000");
	fdt_property_string(f, "device_type", "pci");
	fdt_property_u32(f, "#address-cells", 3);
	fdt_property_u32(f, "#size-cells", 2);
	if (o->ndma) {
		fdt32_t c[7 * 4];

		for (i = 0; i < o->ndma; i++) {
			fdt32_t *p = &c[7 * i];

			p[0] = cpu_to_fdt32(0x02000000);
			p[1] = cpu_to_fdt32(o->dma[i].dma >> 32);
			p[2] = cpu_to_fdt32((uint32_t)o->dma[i].dma);
			p[3] = cpu_to_fdt32(o->dma[i].cpu >> 32);
			p[4] = cpu_to_fdt32((uint32_t)o->dma[i].cpu);
			p[5] = cpu_to_fdt32(o->dma[i].size >> 32);
			p[6] = cpu_to_fdt32((uint32_t)o->dma[i].size);
		}
		fdt_property(f, "dma-ranges", c, 7 * 4 * o->ndma);
	}
	fdt_end_node(f);
	fdt_begin_node(f, "soc");
	fdt_property_string(f, "compatible", "simple-bus");
	fdt_end_node(f);
	fdt_end_node(f);
	return fdt_finish(f);
}

/*
 * dmc_read() then dmc_plan(), as the host tool plans: the OS DT's ranges
 * are added to @mm (its DRAM too when @want_dram), then the plan is made.
 */
static inline int osdt_plan(const void *fdt, const struct dmc_policy *pol,
			    struct dmc_memmap *mm, bool want_dram,
			    enum dmc_arch arch, struct dmc_plan *plan,
			    struct dmc_err *err)
{
	static struct dmc_osdt desc;
	int ret = dmc_read(fdt, pol, want_dram, mm, &desc, err);

	return ret ? ret : dmc_plan(pol, &desc, mm, arch, plan, err);
}

/* dmc_read() for a test of the memory map alone: a policy with no domain */
static inline int osdt_memmap(const void *fdt, struct dmc_memmap *mm,
			      bool want_dram, struct dmc_err *err)
{
	static const struct dmc_policy nopol;
	static struct dmc_osdt desc;

	return dmc_read(fdt, &nopol, want_dram, mm, &desc, err);
}

#endif /* DMACAGE_TEST_OSDT_H */
