/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Structure-aware input for the tree harness: fuzz bytes become a valid OS
 * DT and a valid-looking policy, so that most executions get past the
 * blob checks and reach the planner and the fixup.
 *
 * The bytes are read as a stream of choices (gen_pick()); past their end
 * every choice is 0, so any input makes a tree. The choices cover what the
 * rules say Linux reads differently from a naive parser: phandles of 8
 * bytes and under other names, duplicate phandles, duplicate node names,
 * status strings without their NUL, function nodes with their own
 * memory-region, bridges with and without device_type, dma-ranges on the
 * host and on its parent bus, placeholder /memory, linux,usable-memory,
 * mem= and vmalloc= on the command line, the /chosen initrd, /memreserve/,
 * and reserved regions that are disabled, reusable or named like pools.
 */
#ifndef DMACAGE_FUZZ_GEN_TREE_H
#define DMACAGE_FUZZ_GEN_TREE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <libfdt.h>

/*
 * The hostile features, each of which can be turned off (FT_ONLY in
 * fuzz_tree.c) to show which class a finding belongs to.
 */
enum gen_feature {
	GEN_PHANDLE	= 1 << 0,	/* odd phandle forms, duplicates */
	GEN_STATUS	= 1 << 1,	/* status without its NUL */
	GEN_FNMR	= 1 << 2,	/* a function's own memory-region */
	GEN_HOSTMR	= 1 << 3,	/* a host's memory-region before dmacage */
	GEN_MEM		= 1 << 4,	/* placeholder /memory, usable-memory,
					   mem=, initrd, /memreserve/ */
	GEN_ARM32	= 1 << 5,	/* an ARM32 policy, vmalloc= forms */
	GEN_DMA		= 1 << 6,	/* dma-ranges on the host and its bus */
	GEN_NAMES	= 1 << 7,	/* duplicate names, pool-like names */
	GEN_IOMMU	= 1 << 8,	/* a host with iommu-map */
	GEN_ALL		= (1 << 9) - 1,
};

/**
 * struct gen - the choice stream
 * @p:		next byte
 * @n:		bytes left
 * @mask:	the enum gen_feature bits that are on
 * @next_ph:	next phandle when GEN_PHANDLE is off (unique ones)
 */
struct gen {
	const uint8_t *p;
	size_t n;
	unsigned int mask;
	uint32_t next_ph;
};

/**
 * struct gen_out - what the generator made, besides the two blobs
 * @dram_base:		the DRAM it laid out
 * @dram_size:		its size
 * @placeholder:	/memory has size 0: the caller must give the DRAM
 *			(as U-Boot does), and fill /memory in before Linux
 *			reads it
 * @nhosts:		host bridges written
 * @host:		their paths
 */
struct gen_out {
	uint64_t dram_base, dram_size;
	bool placeholder;
	unsigned int nhosts;
	char host[4][64];
};

/* gen_pick() - a choice in [0, n), n <= 256 */
static inline unsigned int gen_pick(struct gen *g, unsigned int n)
{
	unsigned int v = 0;

	if (g->n) {
		v = *g->p++;
		g->n--;
	}
	return n ? v % n : 0;
}

static inline bool gen_bool(struct gen *g, unsigned int percent)
{
	return gen_pick(g, 100) < percent;
}

/* gen_bool() for a hostile feature: false whenever @f is off */
static inline bool gen_if(struct gen *g, unsigned int f, unsigned int percent)
{
	return gen_bool(g, percent) && (g->mask & f);
}

static inline void gen_cells(fdt32_t *c, int n, uint64_t v)
{
	if (n == 2)
		*c++ = cpu_to_fdt32(v >> 32);
	*c = cpu_to_fdt32((uint32_t)v);
}

/* a property of (address, size) pairs, in @ac and @sc cells */
static inline int gen_reg(void *fdt, const char *name, int ac, int sc,
			  const uint64_t *v, int npairs)
{
	fdt32_t c[16];
	int i, n = 0;

	for (i = 0; i < npairs && n + ac + sc <= 16; i++) {
		gen_cells(c + n, ac, v[2 * i]);
		n += ac;
		gen_cells(c + n, sc, v[2 * i + 1]);
		n += sc;
	}
	return fdt_property(fdt, name, c, n * 4);
}

static inline int gen_u32(void *fdt, const char *name, uint32_t v)
{
	return fdt_property_u32(fdt, name, v);
}

/* the phandle forms Linux takes (populate_properties()) */
static inline int gen_phandle(struct gen *g, void *fdt, uint32_t ph)
{
	static const char *const names[] = {
		"phandle", "phandle", "phandle", "linux,phandle", "ibm,phandle",
	};
	fdt64_t wide = cpu_to_fdt64(ph);
	unsigned int k = gen_pick(g, 6);

	if (!(g->mask & GEN_PHANDLE))
		k = 0;
	if (k == 5)	/* 8 bytes: Linux reads the first four */
		return fdt_property(fdt, "phandle", &wide, 8);
	return gen_u32(fdt, names[k], ph);
}

/* status as written, including the forms without a NUL */
static inline int gen_status(struct gen *g, void *fdt)
{
	unsigned int k = gen_pick(g, 8);

	if (!(g->mask & GEN_STATUS) && (k == 1 || k == 2))
		k = 4;
	switch (k) {
	case 0:
		return fdt_property_string(fdt, "status", "disabled");
	case 1:
		return fdt_property(fdt, "status", "okay", 4);
	case 2:
		return fdt_property(fdt, "status", "ok", 2);
	case 3:
		return fdt_property_string(fdt, "status", "ok");
	case 4:
		return fdt_property_string(fdt, "status", "okay");
	case 5:
		return fdt_property_string(fdt, "status", "fail");
	default:
		return 0;	/* no status */
	}
}

/* a phandle from a small set, so that duplicates happen */
static inline uint32_t gen_ph(struct gen *g)
{
	uint32_t ph = 1 + gen_pick(g, 8);

	return g->mask & GEN_PHANDLE ? ph : 100 + g->next_ph++;
}

static inline uint64_t gen_size(struct gen *g)
{
	static const uint64_t s[] = {
		0x1000, 0x100000, 0x200000, 0x400000, 0x1000000, 0x2000000,
		0x4000000, 0x10000000,
	};

	return s[gen_pick(g, 8)];
}

/* an address in or near DRAM, 4 KiB to 2 MiB aligned */
static inline uint64_t gen_addr(struct gen *g, const struct gen_out *o)
{
	uint64_t off = (uint64_t)gen_pick(g, 256) << (12 + gen_pick(g, 12));

	if (gen_bool(g, 10))
		return o->dram_base + o->dram_size - (off & 0xfffffff);
	return o->dram_base + off % (o->dram_size + 0x200000);
}

static inline int gen_memory(struct gen *g, void *fdt, struct gen_out *o,
			     int ac, int sc)
{
	static const uint64_t base[] = { 0x40000000, 0x80000000, 0, 0x40000000 };
	static const uint64_t size[] = {
		0x8000000, 0x10000000, 0x40000000, 0x80000000, 0x100000000ULL,
	};
	uint64_t v[4];
	int ret;

	o->dram_base = base[gen_pick(g, 4)];
	o->dram_size = size[gen_pick(g, sc == 1 ? 4 : 5)];
	o->placeholder = gen_if(g, GEN_MEM, 15);
	v[0] = o->dram_base;
	v[1] = o->placeholder ? 0 : o->dram_size;
	ret = fdt_begin_node(fdt, "memory@40000000") ?:
	      fdt_property_string(fdt, "device_type", "memory") ?:
	      gen_reg(fdt, "reg", ac, sc, v, 1);
	if (!ret && !o->placeholder && gen_if(g, GEN_MEM, 10)) {
		v[1] = o->dram_size / 2;
		ret = gen_reg(fdt, "linux,usable-memory", ac, sc, v, 1);
	}
	return ret ?: fdt_end_node(fdt);
}

static inline int gen_resmem(struct gen *g, void *fdt, const struct gen_out *o,
			     int ac, int sc, uint32_t *pool_ph)
{
	static const char *const compat[] = {
		"restricted-dma-pool", "shared-dma-pool", "vendor,carveout",
		NULL,
	};
	static const char *const names[] = {
		"region", "pcie0-restricted", "pcie0-coherent", "vendor-restricted",
	};
	unsigned int i, n = gen_pick(g, 5);
	char name[64];
	uint64_t v[2];
	int ret;

	ret = fdt_begin_node(fdt, "reserved-memory") ?:
	      gen_u32(fdt, "#address-cells", ac) ?:
	      gen_u32(fdt, "#size-cells", sc) ?:
	      fdt_property(fdt, "ranges", "", 0);
	for (i = 0; i < n && !ret; i++) {
		const char *c = compat[gen_pick(g, 4)];

		v[0] = gen_addr(g, o);
		v[1] = gen_size(g);
		snprintf(name, sizeof(name), "%s@%llx",
			 names[g->mask & GEN_NAMES ? gen_pick(g, 4) : 0],
			 (unsigned long long)v[0]);
		ret = fdt_begin_node(fdt, name) ?:
		      (c ? fdt_property_string(fdt, "compatible", c) : 0) ?:
		      (gen_bool(g, 85) ? gen_reg(fdt, "reg", ac, sc, v, 1) :
					 gen_reg(fdt, "size", 0, sc, v, 1)) ?:
		      (gen_bool(g, 50) ? fdt_property(fdt, "no-map", "", 0) : 0) ?:
		      (gen_bool(g, 15) ? fdt_property(fdt, "reusable", "", 0) : 0) ?:
		      gen_status(g, fdt);
		if (!ret && gen_bool(g, 60)) {
			*pool_ph = gen_ph(g);
			ret = gen_phandle(g, fdt, *pool_ph);
		}
		ret = ret ?: fdt_end_node(fdt);
	}
	return ret ?: fdt_end_node(fdt);
}

static inline int gen_chosen(struct gen *g, void *fdt, const struct gen_out *o)
{
	static const char *const args[] = {
		"console=ttyAMA0", "mem=96M", "vmalloc=512M", "console=x\nvmalloc=600M",
		"-- vmalloc=600M", "foo=\"vmalloc=600M\"", "mem=1G vmalloc=128M",
		"root=/dev/vda",
	};
	uint64_t s = gen_addr(g, o), len = gen_size(g);
	/* the features each argument string needs */
	static const unsigned int need[] = {
		0, GEN_MEM, GEN_ARM32, GEN_ARM32, GEN_ARM32, GEN_ARM32,
		GEN_MEM | GEN_ARM32, 0,
	};
	unsigned int k = gen_pick(g, 8);
	const char *a = args[(g->mask & need[k]) == need[k] ? k : 0];
	int ret;

	ret = fdt_begin_node(fdt, "chosen");
	if (!ret && gen_bool(g, 60))	/* a macro: its argument is read twice */
		ret = fdt_property_string(fdt, "bootargs", a);
	if (!ret && gen_if(g, GEN_MEM, 30)) {
		if (gen_bool(g, 50))
			ret = fdt_property_u32(fdt, "linux,initrd-start", s) ?:
			      fdt_property_u32(fdt, "linux,initrd-end", s + len);
		else
			ret = fdt_property_u64(fdt, "linux,initrd-start", s) ?:
			      fdt_property_u64(fdt, "linux,initrd-end", s + len);
	}
	return ret ?: fdt_end_node(fdt);
}

/* dma-ranges: identity, an offset, a window below 4 GiB, or empty */
static inline int gen_dma_ranges(struct gen *g, void *fdt, bool pci,
				 int pac, const struct gen_out *o)
{
	fdt32_t c[7];
	uint64_t cpu = o->dram_base, dma = o->dram_base, size = o->dram_size;
	int n = 0;

	switch (g->mask & GEN_DMA ? gen_pick(g, 5) : 0) {
	case 0:
		return 0;
	case 1:
		return fdt_property(fdt, "dma-ranges", "", 0);
	case 2:
		dma = 0;
		break;
	case 3:
		size = o->dram_size / 2;
		break;
	default:
		cpu = o->dram_base + o->dram_size / 2;
		dma = cpu;
		size = o->dram_size / 2;
		break;
	}
	if (pci)
		c[n++] = cpu_to_fdt32(0x02000000);
	gen_cells(c + n, 2, dma);
	n += 2;
	gen_cells(c + n, pac, cpu);
	n += pac;
	gen_cells(c + n, 2, size);
	n += 2;
	return fdt_property(fdt, "dma-ranges", c, n * 4);
}

/* a function node (reg = devfn) and maybe one below it */
static inline int gen_function(struct gen *g, void *fdt, int depth,
			       uint32_t pool_ph)
{
	unsigned int dev = gen_pick(g, 3), fn = gen_pick(g, 2);
	fdt32_t reg[5] = { cpu_to_fdt32((dev << 11) | (fn << 8)) };
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "pci@%x,%x", dev, fn);
	ret = fdt_begin_node(fdt, name) ?:
	      fdt_property(fdt, "reg", reg, sizeof(reg)) ?:
	      (gen_bool(g, 50) ? fdt_property_string(fdt, "device_type", "pci") : 0) ?:
	      (gen_bool(g, 50) ? gen_u32(fdt, "#address-cells", 3) ?:
				 gen_u32(fdt, "#size-cells", 2) : 0) ?:
	      gen_status(g, fdt);
	if (!ret && gen_if(g, GEN_FNMR, 20))
		ret = gen_u32(fdt, "memory-region",
			      gen_bool(g, 50) ? pool_ph : gen_ph(g));
	if (!ret && gen_if(g, GEN_PHANDLE, 15))
		ret = gen_phandle(g, fdt, gen_ph(g));
	if (!ret && depth < 3 && gen_bool(g, 40))
		ret = gen_function(g, fdt, depth + 1, pool_ph);
	return ret ?: fdt_end_node(fdt);
}

static inline int gen_host(struct gen *g, void *fdt, struct gen_out *o,
			   const char *bus, int pac, uint32_t pool_ph)
{
	static const char *const names[] = {
		"pcie@10000000", "pcie@10000000", "pcie@20000000", "pci@30000000",
	};
	const char *name = names[g->mask & GEN_NAMES ? gen_pick(g, 4) :
				 (o->nhosts + 1) % 4];	/* 1, 2, 3: distinct */
	unsigned int i, n = gen_pick(g, 4);
	int ret;

	ret = fdt_begin_node(fdt, name) ?:
	      (gen_bool(g, 90) ? fdt_property_string(fdt, "device_type", "pci") : 0) ?:
	      fdt_property_string(fdt, "compatible", "pci-host-ecam-generic") ?:
	      gen_u32(fdt, "#address-cells", 3) ?:
	      gen_u32(fdt, "#size-cells", 2) ?:
	      gen_status(g, fdt) ?:
	      gen_dma_ranges(g, fdt, true, pac, o);
	if (!ret && gen_if(g, GEN_HOSTMR, 15))
		ret = gen_u32(fdt, "memory-region",
			      gen_bool(g, 50) ? pool_ph : gen_ph(g));
	if (!ret && gen_if(g, GEN_IOMMU, 5))
		ret = fdt_property(fdt, "iommu-map", "\0\0\0\0\0\0\0\1\0\0\0\0\0\0\1\0", 16);
	if (!ret && gen_if(g, GEN_PHANDLE, 20))
		ret = gen_phandle(g, fdt, gen_ph(g));
	for (i = 0; i < n && !ret; i++)
		ret = gen_function(g, fdt, 0, pool_ph);
	if (!ret && o->nhosts < 4)
		snprintf(o->host[o->nhosts++], sizeof(o->host[0]), "%s/%s",
			 bus, name);
	return ret ?: fdt_end_node(fdt);
}

/**
 * gen_os() - an OS DT from the choice stream
 * @g:		the choices
 * @buf:	where to write it
 * @size:	size of @buf
 * @o:		filled in: what was made
 *
 * Return: 0, or a libfdt error when @buf is too small.
 */
static inline int gen_os(struct gen *g, void *buf, int size, struct gen_out *o)
{
	int ac = gen_bool(g, 85) ? 2 : 1, sc = ac, ret, i, nres;
	uint32_t pool_ph = gen_ph(g);
	const char *bus = "";
	bool soc;

	memset(o, 0, sizeof(*o));
	ret = fdt_create(buf, size);
	nres = g->mask & GEN_MEM ? gen_pick(g, 3) : 0;
	for (i = 0; i < nres && !ret; i++)
		ret = fdt_add_reservemap_entry(buf, gen_addr(g, &(struct gen_out){
			0x40000000, 0x40000000 }), gen_size(g));
	ret = ret ?: fdt_finish_reservemap(buf) ?:
	      fdt_begin_node(buf, "") ?:
	      fdt_property_string(buf, "compatible", "linux,dummy-virt") ?:
	      gen_u32(buf, "#address-cells", ac) ?:
	      gen_u32(buf, "#size-cells", sc) ?:
	      gen_memory(g, buf, o, ac, sc) ?:
	      gen_resmem(g, buf, o, ac, sc, &pool_ph) ?:
	      gen_chosen(g, buf, o);
	soc = gen_bool(g, 40);
	if (!ret && soc) {
		bus = "/soc";
		ret = fdt_begin_node(buf, "soc") ?:
		      fdt_property_string(buf, "compatible", "simple-bus") ?:
		      gen_u32(buf, "#address-cells", 2) ?:
		      gen_u32(buf, "#size-cells", 2) ?:
		      fdt_property(buf, "ranges", "", 0) ?:
		      gen_dma_ranges(g, buf, false, ac, o);
		ac = 2;
	}
	for (i = 1 + gen_pick(g, 3); i > 0 && !ret; i--)
		ret = gen_host(g, buf, o, bus, ac, pool_ph);
	if (!ret && soc)
		ret = fdt_end_node(buf);
	return ret ?: fdt_end_node(buf) ?: fdt_finish(buf);
}

/**
 * gen_policy() - a policy for the hosts gen_os() made
 * @g:		the choices
 * @buf:	where to write it
 * @size:	size of @buf
 * @o:		what gen_os() made
 *
 * Return: 0, or a libfdt error when @buf is too small.
 */
static inline int gen_policy(struct gen *g, void *buf, int size,
			     const struct gen_out *o)
{
	static const char *const onerr[] = { "disable", "warn", "halt" };
	static const char *const eps[] = {
		"00.0", "01.0/00.0", "00.0,01.0", "02.1", "00.0/00.0/00.0",
	};
	static const uint32_t rsz[] = { 0x100000, 0x400000, 0x2000000, 0x10000 };
	static const uint32_t csz[] = { 0, 0, 0x100000, 0x400000 };
	unsigned int d, nd = 1 + gen_pick(g, 2);
	const char *oe = onerr[gen_pick(g, 3)];
	char name[8];
	int ret;

	ret = fdt_create(buf, size) ?: fdt_finish_reservemap(buf) ?:
	      fdt_begin_node(buf, "") ?: fdt_begin_node(buf, "dmacage") ?:
	      fdt_property_string(buf, "compatible", "dmacage,policy") ?:
	      fdt_property_string(buf, "on-error", oe);
	if (!ret && gen_if(g, GEN_ARM32, 25))
		ret = fdt_property_string(buf, "os-arch", "arm");
	if (!ret && gen_if(g, GEN_ARM32, 10))
		ret = fdt_property_u64(buf, "vmalloc-size", 0x10000000);
	for (d = 0; d < nd && !ret; d++) {
		const char *host = o->nhosts ? o->host[gen_pick(g, o->nhosts)] :
					       "/none";

		snprintf(name, sizeof(name), "pcie%u", d);
		ret = fdt_begin_node(buf, name) ?:
		      fdt_property_string(buf, "host", host) ?:
		      fdt_property_u64(buf, "restricted-size", rsz[gen_pick(g, 4)]) ?:
		      fdt_property_u64(buf, "coherent-size", csz[gen_pick(g, 4)]);
		if (!ret && gen_bool(g, 40)) {
			const char *e = eps[gen_pick(g, 5)];
			char list[32];
			int len = 0;

			/* a stringlist: ',' separates the strings */
			for (; *e && len < 30; e++)
				list[len++] = *e == ',' ? 0 : *e;
			list[len++] = 0;
			ret = fdt_property(buf, "endpoints", list, len);
		}
		if (!ret && gen_bool(g, 10))
			ret = gen_u32(buf, "dma-bits", 32);
		ret = ret ?: fdt_end_node(buf);
	}
	return ret ?: fdt_end_node(buf) ?: fdt_end_node(buf) ?: fdt_finish(buf);
}

#endif /* DMACAGE_FUZZ_GEN_TREE_H */
