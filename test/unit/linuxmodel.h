/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * An independent model of how Linux 6.1 reads a patched OS DT, to judge
 * every successful apply: written from the kernel sources, with libfdt
 * only, and sharing no code with lib/dmacage.
 *
 *  - phandles: populate_properties() (drivers/of/fdt.c) and
 *    of_find_node_by_phandle() (drivers/of/base.c)
 *  - status: __of_device_is_available() (strcmp() on the blob)
 *  - the pool a device uses: of_dma_set_restricted_buffer() and
 *    of_reserved_mem_device_init_by_idx() (drivers/of/device.c,
 *    of_reserved_mem.c), with rmem_swiotlb_setup()'s refusals
 *  - the memory Linux uses: early_init_dt_scan_memory() with
 *    linux,usable-memory, the /chosen initrd, mem=
 *  - the ARM32 command line: next_arg()/parse_args() and early_vmalloc()
 *  - what the device reaches: of_dma_get_range() with
 *    of_translate_dma_address()
 */
#ifndef DMACAGE_TEST_LINUXMODEL_H
#define DMACAGE_TEST_LINUXMODEL_H

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <libfdt.h>

/* populate_properties(): first non-zero phandle/linux,phandle, ibm wins */
static inline uint32_t lm_phandle(const void *fdt, int node)
{
	uint32_t ph = 0, v;
	const char *name;
	const void *val;
	int off, len;

	fdt_for_each_property_offset(off, fdt, node) {
		val = fdt_getprop_by_offset(fdt, off, &name, &len);
		if (!val)
			continue;
		memcpy(&v, val, 4);	/* be32_to_cpup(), any length */
		v = fdt32_to_cpu(v);
		if (!strcmp(name, "ibm,phandle"))
			ph = v;
		else if (!ph && (!strcmp(name, "phandle") ||
				 !strcmp(name, "linux,phandle")))
			ph = v;
	}
	return ph;
}

/* of_find_node_by_phandle(): first node of the tree, root included */
static inline int lm_find_by_phandle(const void *fdt, uint32_t ph)
{
	int node;

	if (!ph)
		return -1;
	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL))
		if (lm_phandle(fdt, node) == ph)
			return node;
	return -1;
}

/* __of_device_is_available(): strcmp() reads past a missing NUL */
static inline bool lm_available(const void *fdt, int node)
{
	int len;
	const char *st = fdt_getprop(fdt, node, "status", &len);

	if (!st)
		return true;
	return len > 0 && (!strcmp(st, "okay") || !strcmp(st, "ok"));
}

/* __of_device_is_compatible(): of_compat_cmp() is strcasecmp() */
static inline bool lm_compatible(const void *fdt, int node, const char *c)
{
	int len, n;
	const char *s = fdt_getprop(fdt, node, "compatible", &len);

	for (; s && len > 0; s += n, len -= n) {
		n = strnlen(s, len) + 1;
		if (n <= len && !strcasecmp(s, c))
			return true;
	}
	return false;
}

static inline uint64_t lm_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

static inline int lm_prop_u32(const void *fdt, int node, const char *name,
			      int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	return p && len == 4 ? (int)fdt32_to_cpu(*p) : dflt;
}

/* a memory range Linux uses or keeps */
struct lm_range {
	uint64_t base, size;
};

#define LM_MAX	128	/* INIT_MEMBLOCK_MEMORY_REGIONS */
#define LM_PAGE	4096ULL	/* Debian's arm64 and armhf kernels */

/**
 * struct lm - what Linux makes of a tree
 * @arm32:	ARM32 (lowmem and vmalloc= matter)
 * @mem:	memory Linux uses (memblock.memory: sorted, merged)
 * @resv:	memory reserved besides the pools (/memreserve/, initrd)
 * @lowmem_end:	ARM32 end of the linear map
 */
struct lm {
	const void *fdt;
	bool arm32;
	int ac, sc;
	unsigned int nmem, nresv;
	struct lm_range mem[LM_MAX], resv[LM_MAX];
	uint64_t lowmem_end;
};

/*
 * early_init_dt_add_memory_arch() (drivers/of/fdt.c): a range shorter than
 * what is left of its first page is ignored, the rest is cut to whole
 * pages; then memblock_add(), which keeps the regions sorted and merges
 * those that overlap or touch. A range that does not fit any more is lost,
 * as memblock cannot grow its array that early.
 */
static inline void lm_add_memory(struct lm *m, uint64_t base, uint64_t size)
{
	uint64_t off = base & (LM_PAGE - 1), end;
	unsigned int i, j;

	if (size < LM_PAGE - off)
		return;
	if (off) {
		size -= LM_PAGE - off;
		base += LM_PAGE - off;
	}
	size &= ~(LM_PAGE - 1);
	if (!size)
		return;
	end = base + size;
	/* the regions it overlaps or touches become one */
	for (i = 0; i < m->nmem; ) {
		struct lm_range *r = &m->mem[i];

		if (r->base > end || r->base + r->size < base) {
			i++;
			continue;
		}
		if (r->base < base)
			base = r->base;
		if (r->base + r->size > end)
			end = r->base + r->size;
		for (j = i + 1; j < m->nmem; j++)
			m->mem[j - 1] = m->mem[j];
		m->nmem--;
	}
	if (m->nmem == LM_MAX)
		return;
	for (i = 0; i < m->nmem && m->mem[i].base < base; i++)
		;
	for (j = m->nmem++; j > i; j--)
		m->mem[j] = m->mem[j - 1];
	m->mem[i] = (struct lm_range){ base, end - base };
}

/* memblock_is_region_memory(): [base, base + size) inside one region */
static inline bool lm_in_memory(const struct lm *m, uint64_t base,
				uint64_t size)
{
	unsigned int i;

	for (i = 0; i < m->nmem; i++)
		if (base >= m->mem[i].base &&
		    base + size <= m->mem[i].base + m->mem[i].size)
			return true;
	return false;
}

/* next_arg() of lib/cmdline.c on a copy; returns the rest */
static inline char *lm_next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (isspace((unsigned char)args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	while (isspace((unsigned char)*args))
		args++;
	return args;
}

/* memparse() */
static inline uint64_t lm_memparse(const char *s, char **end)
{
	uint64_t v = strtoull(s, end, 0);

	switch (**end) {
	case 'E': case 'e': v <<= 10; /* fall through */
	case 'P': case 'p': v <<= 10; /* fall through */
	case 'T': case 't': v <<= 10; /* fall through */
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; (*end)++;
	}
	return v;
}

/*
 * The early params we care for: vmalloc= (ARM32, unsigned long) and
 * mem= (arm64: keep the lowest N bytes; ARM32: mem=N[@start] replaces
 * memory). Returns the vmalloc size.
 */
static inline uint64_t lm_cmdline(struct lm *m, uint64_t vmalloc)
{
	char buf[2048], *args, *param, *val, *end;
	int chosen = fdt_path_offset(m->fdt, "/chosen"), len;
	const char *ba = chosen < 0 ? NULL :
			 fdt_getprop(m->fdt, chosen, "bootargs", &len);
	int size = m->arm32 ? 1024 : 2048;
	uint64_t limit = 0, phys_offset = 0;
	bool usermem = false;
	unsigned int i;

	if (!ba || len <= 0)
		return vmalloc;
	/* strscpy(cmdline, p, min(l, COMMAND_LINE_SIZE)) */
	len = len < size ? len : size;
	memcpy(buf, ba, len - 1);
	buf[len - 1] = '\0';
	args = buf;
	while (isspace((unsigned char)*args))
		args++;
	while (*args) {
		args = lm_next_arg(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;
		if (!val)
			continue;
		if (m->arm32 && !strcmp(param, "vmalloc")) {
			vmalloc = (uint32_t)lm_memparse(val, &end);
		} else if (!strcmp(param, "mem")) {
			uint64_t sz = lm_memparse(val, &end), start;

			if (!m->arm32) {
				limit = sz & ~0xfffULL;
				continue;
			}
			/* the first mem= drops what the DT said */
			if (!usermem) {
				usermem = true;
				phys_offset = m->nmem ? m->mem[0].base : 0;
				m->nmem = 0;
			}
			start = phys_offset;
			if (*end == '@')
				start = lm_memparse(end + 1, &end);
			m->mem[m->nmem++] = (struct lm_range){ start, sz };
		}
	}
	/* memblock_mem_limit_remove_map(): the lowest @limit bytes stay */
	for (i = 0; limit && i < m->nmem; i++) {
		if (m->mem[i].size >= limit) {
			m->mem[i].size = limit;
			m->nmem = i + 1;
			break;
		}
		limit -= m->mem[i].size;
	}
	return vmalloc;
}

/*
 * lm_init() - the memory Linux uses. @pol_vmalloc: what the kernel's
 * default is taken to be (the policy's vmalloc-size, or 240 MiB).
 */
static inline void lm_init(struct lm *m, const void *fdt, bool arm32,
			   uint64_t pol_vmalloc)
{
	const fdt32_t *reg;
	uint64_t a, b, vm;
	int node, len, i, chosen;

	memset(m, 0, sizeof(*m));
	m->fdt = fdt;
	m->arm32 = arm32;
	m->ac = lm_prop_u32(fdt, 0, "#address-cells", 1);
	m->sc = lm_prop_u32(fdt, 0, "#size-cells", 1);
	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "memory") || !lm_available(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "linux,usable-memory", &len);
		if (!reg)
			reg = fdt_getprop(fdt, node, "reg", &len);
		for (i = 0; reg && (i + 1) * (m->ac + m->sc) * 4 <= len; i++) {
			const fdt32_t *e = reg + i * (m->ac + m->sc);

			lm_add_memory(m, lm_cells(e, m->ac),
				      lm_cells(e + m->ac, m->sc));
		}
	}
	for (i = 0; i < fdt_num_mem_rsv(fdt) && m->nresv < LM_MAX; i++) {
		fdt_get_mem_rsv(fdt, i, &a, &b);
		m->resv[m->nresv++] = (struct lm_range){ a, b };
	}
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen >= 0) {
		const fdt32_t *s = fdt_getprop(fdt, chosen,
					       "linux,initrd-start", &len);
		const fdt32_t *e;
		int elen;

		e = fdt_getprop(fdt, chosen, "linux,initrd-end", &elen);
		if (s && e && m->nresv < LM_MAX) {
			a = lm_cells(s, len / 4);
			b = lm_cells(e, elen / 4);
			/*
			 * reserve_initrd_mem() and arm64_memblock_init():
			 * an initrd not wholly in one memory region is
			 * disabled, not reserved
			 */
			if (b > a && lm_in_memory(m, a & ~(LM_PAGE - 1),
						  b - (a & ~(LM_PAGE - 1))))
				m->resv[m->nresv++] = (struct lm_range){ a, b - a };
		}
	}
	vm = lm_cmdline(m, pol_vmalloc ? pol_vmalloc : 240ULL << 20);
	if (arm32) {
		if (vm < (16ULL << 20))
			vm = 16ULL << 20;
		if (vm > (976ULL << 20))
			vm = 976ULL << 20;
		a = m->nmem ? m->mem[0].base : 0;
		m->lowmem_end = a + 0x3F000000ULL - vm;
		if (m->lowmem_end > 0x100000000ULL)
			m->lowmem_end = 0x100000000ULL;
	}
}

/* is [base, base + size) wholly in memory Linux uses and not reserved? */
static inline const char *lm_usable(const struct lm *m, uint64_t base,
				    uint64_t size)
{
	unsigned int i;

	if (!lm_in_memory(m, base, size))
		return "pool outside the memory Linux uses";
	for (i = 0; i < m->nresv; i++)
		if (base < m->resv[i].base + m->resv[i].size &&
		    m->resv[i].base < base + size)
			return "pool overlaps /memreserve/ or the initrd";
	if (m->arm32 && base + size > m->lowmem_end)
		return "pool in ARM32 highmem: rmem_swiotlb_setup() refuses it";
	return NULL;
}

/*
 * The restricted pool Linux gives device @dev (its node, may be < 0) whose
 * DMA configuration comes from @np (the host bridge for PCI). Returns the
 * pool's node, or -1 with @why set.
 */
static inline int lm_device_pool(const struct lm *m, int dev, int np,
				 const char **why)
{
	const void *fdt = m->fdt;
	const fdt32_t *mr;
	int len = -1, count, i, node = -1, rm, child;
	uint32_t ph;
	const fdt32_t *p;

	mr = dev >= 0 ? fdt_getprop(fdt, dev, "memory-region", &len) : NULL;
	count = !mr ? -1 : len % 4 ? -1 : len / 4;
	if (count <= 0) {
		mr = fdt_getprop(fdt, np, "memory-region", &len);
		count = !mr ? -1 : len % 4 ? -1 : len / 4;
	}
	for (i = 0; i < count; i++) {
		node = lm_find_by_phandle(fdt, fdt32_to_cpu(mr[i]));
		if (node >= 0 && lm_compatible(fdt, node, "restricted-dma-pool") &&
		    lm_available(fdt, node))
			break;
	}
	if (i >= count) {
		*why = "no available restricted-dma-pool in its memory-region";
		return -1;
	}
	/* __find_rmem(): the reserved_mem entry with that phandle */
	ph = lm_phandle(fdt, node);
	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm < 0 || lm_prop_u32(fdt, rm, "#address-cells", 1) != m->ac ||
	    lm_prop_u32(fdt, rm, "#size-cells", 1) != m->sc ||
	    !fdt_getprop(fdt, rm, "ranges", NULL)) {
		*why = "/reserved-memory missing or ignored";
		return -1;
	}
	i = 0;
	fdt_for_each_subnode(child, fdt, rm) {
		uint32_t rph;

		if (!lm_available(fdt, child))
			continue;
		p = fdt_getprop(fdt, child, "reg", &len);
		if (!p || !len || len % ((m->ac + m->sc) * 4))
			continue;
		if (++i > 64)	/* MAX_RESERVED_REGIONS */
			break;
		p = fdt_getprop(fdt, child, "phandle", &len);
		if (!p)
			p = fdt_getprop(fdt, child, "linux,phandle", &len);
		/* of_read_number(prop, len / 4) into a u32 */
		rph = p ? (uint32_t)lm_cells(p, len / 4) : 0;
		if (rph == ph)
			break;
	}
	if (child < 0 || i > 64 || child != node) {
		*why = "memory-region resolves to a node the reserved-memory code does not hold";
		return -1;
	}
	if (fdt_getprop(fdt, node, "reusable", NULL) ||
	    fdt_getprop(fdt, node, "no-map", NULL) ||
	    fdt_getprop(fdt, node, "linux,cma-default", NULL) ||
	    fdt_getprop(fdt, node, "linux,dma-default", NULL)) {
		*why = "rmem_swiotlb_setup() refuses the pool";
		return -1;
	}
	p = fdt_getprop(fdt, node, "reg", &len);
	*why = lm_usable(m, lm_cells(p, m->ac), lm_cells(p + m->ac, m->sc));
	return *why ? -1 : node;
}

/*
 * of_dma_get_range() from host @np with of_translate_dma_address(): is
 * CPU range [base, base + size) inside what the device reaches?
 */
static inline bool lm_reaches(const void *fdt, int np, uint64_t base,
			      uint64_t size)
{
	int node = np, len, parent, cac, csc, pac, stride, i, a, ap;
	const fdt32_t *r = NULL, *q;
	bool found = false;

	while (node > 0) {
		r = fdt_getprop(fdt, node, "dma-ranges", &len);
		if (r && len > 0)
			break;
		if (found && !r)
			return true;	/* -ENODEV: no map */
		found = true;
		node = fdt_parent_offset(fdt, node);
	}
	if (node <= 0)
		return true;
	parent = fdt_parent_offset(fdt, node);
	cac = node == np ? 3 : lm_prop_u32(fdt, node, "#address-cells", 2);
	csc = node == np ? 2 : lm_prop_u32(fdt, node, "#size-cells", 1);
	pac = lm_prop_u32(fdt, parent, "#address-cells", parent ? 2 : 1);
	stride = cac + pac + csc;
	for (i = 0; i < len / 4 / stride; i++) {
		const fdt32_t *e = r + i * stride;
		uint64_t cpu = lm_cells(e + cac, pac);
		uint64_t sz = lm_cells(e + cac + pac, csc);
		bool ok = true;

		/* translate cpu (and keep the end within each window) */
		for (a = parent; a > 0 && ok; a = ap) {
			int l2, c2, p2, s2, st2, k;

			ap = fdt_parent_offset(fdt, a);
			q = fdt_getprop(fdt, a, "dma-ranges", &l2);
			if (!q || !l2)
				continue;
			c2 = lm_prop_u32(fdt, a, "#address-cells", 2);
			s2 = lm_prop_u32(fdt, a, "#size-cells", 1);
			p2 = lm_prop_u32(fdt, ap, "#address-cells", ap ? 2 : 1);
			st2 = c2 + p2 + s2;
			ok = false;
			for (k = 0; k < l2 / 4 / st2; k++) {
				uint64_t ch = lm_cells(q + k * st2, c2);
				uint64_t pa = lm_cells(q + k * st2 + c2, p2);
				uint64_t s = lm_cells(q + k * st2 + c2 + p2, s2);

				if (cpu >= ch && cpu - ch < s) {
					if (sz > s - (cpu - ch))
						sz = s - (cpu - ch);
					cpu = cpu - ch + pa;
					ok = true;
					break;
				}
			}
		}
		if (ok && base >= cpu && base + size <= cpu + sz)
			return true;
	}
	return false;
}

/* the child of @parent Linux matches to @devfn (of_pci_find_child_device) */
static inline int lm_pci_child(const void *fdt, int parent, int devfn)
{
	const fdt32_t *reg;
	int node, len;

	fdt_for_each_subnode(node, fdt, parent) {
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (reg && len >= 20 &&
		    ((fdt32_to_cpu(reg[0]) >> 8) & 0xff) == (uint32_t)devfn)
			return node;
	}
	return -1;
}

/* Is device @dev (or a function without a node, -1) below @host confined? */
static inline int lm_judge_dev(const struct lm *m, int dev, int host,
			       uint64_t base, uint64_t size)
{
	const char *why = NULL;
	const fdt32_t *reg;
	char path[256] = "(no node)";
	int pool = lm_device_pool(m, dev, host, &why), len;

	/* of_dma_configure_id(): a bound IOMMU skips the restricted pool */
	if (fdt_getprop(m->fdt, host, "iommu-map", NULL) ||
	    fdt_getprop(m->fdt, host, "iommus", NULL))
		why = "the host has an IOMMU: of_dma_configure_id() skips restricted DMA";
	else if (pool >= 0) {
		reg = fdt_getprop(m->fdt, pool, "reg", &len);
		if (lm_cells(reg, m->ac) != base ||
		    lm_cells(reg + m->ac, m->sc) != size)
			why = "runs through another pool than the planned one";
		else if (!lm_reaches(m->fdt, host, base, size))
			why = "cannot reach its pool through dma-ranges";
		else
			return 0;
	}
	if (dev >= 0)
		fdt_get_path(m->fdt, dev, path, sizeof(path));
	printf("  linux model: %s below host at %d: %s\n", path, host, why);
	return -1;
}

/**
 * struct lm_chain - a function's hops from its host bridge
 * @nhops:	number of hops (0: none)
 * @devfn:	the devfn Linux matches at each hop
 */
struct lm_chain {
	unsigned int nhops;
	int devfn[4];
};

/**
 * lm_judge_host() - does Linux confine what one planned domain covers?
 * @m:		the model of the tree (lm_init())
 * @hostpath:	the domain's host bridge
 * @ch:		endpoint form: the functions; NULL: host-bridge form
 * @nch:	number of chains in @ch
 * @base:	the planned restricted pool's base
 * @size:	the planned restricted pool's size
 *
 * Every available node named like the host (Linux probes each), and below
 * it every node that may stand for a function, or the endpoints.
 * Return: 0 when all are confined, -1 (with a line said why) otherwise.
 */
static inline int lm_judge_host(const struct lm *m, const char *hostpath,
				const struct lm_chain *ch, unsigned int nch,
				uint64_t base, uint64_t size)
{
	const void *out = m->fdt;
	int host, parent, sib, node, depth, ret = 0;
	unsigned int e, h;

	host = fdt_path_offset(out, hostpath);
	parent = host < 0 ? -1 : fdt_parent_offset(out, host);
	if (parent < 0) {
		printf("  linux model: no host %s\n", hostpath);
		return -1;
	}
	fdt_for_each_subnode(sib, out, parent) {
		if (strcmp(fdt_get_name(out, sib, NULL),
			   fdt_get_name(out, host, NULL)) ||
		    !lm_available(out, sib))
			continue;
		if (!ch) {
			ret |= lm_judge_dev(m, -1, sib, base, size);
			depth = 0;
			for (node = fdt_next_node(out, sib, &depth);
			     node >= 0 && depth > 0;
			     node = fdt_next_node(out, node, &depth))
				if (fdt_getprop(out, node, "reg", NULL))
					ret |= lm_judge_dev(m, node, sib,
							    base, size);
			continue;
		}
		for (e = 0; e < nch; e++) {
			node = sib;
			for (h = 0; h < ch[e].nhops && node >= 0; h++)
				node = lm_pci_child(out, node, ch[e].devfn[h]);
			if (node < 0) {
				printf("  linux model: endpoint %u of %s has no node\n",
				       e, hostpath);
				ret = -1;
				continue;
			}
			ret |= lm_judge_dev(m, node, sib, base, size);
		}
	}
	return ret;
}

#ifndef LM_NO_DMACAGE
#include <dmacage/dmacage.h>

/*
 * lm_judge() - does Linux confine every domain the plan says is confined?
 * The policy and plan of the core, read through lm_judge_host().
 */
static inline int lm_judge(const void *out, const struct dmc_policy *pol,
			   const struct dmc_plan *plan)
{
	struct lm_chain ch[DMC_MAX_ENDPOINTS];
	unsigned int d, e, h;
	struct lm m;
	int ret = 0;

	lm_init(&m, out, plan->arch == DMC_ARCH_ARM,
		pol->has_vmalloc ? pol->vmalloc_size : 0);
	for (d = 0; d < plan->nwin; d++) {
		const struct dmc_window *w = &plan->win[d];
		const struct dmc_domain *dom = &pol->dom[d];

		if (w->state != DMC_DOM_PLANNED)
			continue;
		for (e = 0; e < dom->nendpoints; e++) {
			ch[e].nhops = dom->ep[e].nhops;
			for (h = 0; h < dom->ep[e].nhops; h++)
				ch[e].devfn[h] = dom->ep[e].devfn[h];
		}
		ret |= lm_judge_host(&m, dom->host,
				     dom->nendpoints ? ch : NULL,
				     dom->nendpoints, w->restricted_base,
				     w->restricted_size);
	}
	return ret;
}
#endif /* LM_NO_DMACAGE */

#endif /* DMACAGE_TEST_LINUXMODEL_H */
