// SPDX-License-Identifier: GPL-2.0+
/*
 * The memory map the planner works in: DRAM ranges, and the ranges already
 * in use that a pool must stay clear of. Read from the OS DT the way Linux's
 * early FDT scan reads it, because Linux decides what is RAM and what is
 * reserved from exactly these nodes.
 */
#include <dmacage/dmacage.h>
#include "fdtutil.h"

void dmc_memmap_init(struct dmc_memmap *mm)
{
	memset(mm, 0, sizeof(*mm));
}

/* Ranges end at most at 2^64 - 1 so that base + size never wraps. */
static int dmc_check_range(uint64_t base, uint64_t size, const char *what,
			   const char *label, struct dmc_err *err)
{
	if (!size)
		return dmc_fail(err, -DMC_E_MEMMAP, label,
				"%s range at 0x%llx has size 0", what,
				(unsigned long long)base);
	if (base > UINT64_MAX - size)
		return dmc_fail(err, -DMC_E_MEMMAP, label,
				"%s range 0x%llx + 0x%llx wraps past 2^64", what,
				(unsigned long long)base,
				(unsigned long long)size);
	return 0;
}

static void dmc_set_region(struct dmc_region *r, uint64_t base, uint64_t size,
			   const char *label)
{
	r->base = base;
	r->size = size;
	dmc_fmt(r->label, sizeof(r->label), "%s", label ? label : "");
}

/* Merge touching or overlapping neighbours of a sorted DRAM list. */
static void dmc_merge_dram(struct dmc_memmap *mm)
{
	unsigned int i = 0, j;

	while (i + 1 < mm->ndram) {
		struct dmc_region *a = &mm->dram[i], *b = &mm->dram[i + 1];
		uint64_t aend = a->base + a->size, bend = b->base + b->size;

		if (b->base > aend) {
			i++;
			continue;
		}
		if (bend > aend)
			a->size = bend - a->base;
		for (j = i + 1; j + 1 < mm->ndram; j++)
			mm->dram[j] = mm->dram[j + 1];
		mm->ndram--;
	}
}

int dmc_memmap_add_dram(struct dmc_memmap *mm, uint64_t base, uint64_t size,
			const char *label, struct dmc_err *err)
{
	unsigned int i, pos;
	int ret;

	ret = dmc_check_range(base, size, "DRAM", label, err);
	if (ret)
		return ret;
	if (mm->ndram == DMC_MAX_RANGES)
		return dmc_fail(err, -DMC_E_TOOMANY, label,
				"more than %d DRAM ranges", DMC_MAX_RANGES);
	for (pos = 0; pos < mm->ndram && mm->dram[pos].base <= base; pos++)
		;
	for (i = mm->ndram; i > pos; i--)
		mm->dram[i] = mm->dram[i - 1];
	dmc_set_region(&mm->dram[pos], base, size, label);
	mm->ndram++;
	dmc_merge_dram(mm);
	return 0;
}

int dmc_memmap_add_avoid(struct dmc_memmap *mm, uint64_t base, uint64_t size,
			 const char *label, struct dmc_err *err)
{
	int ret;

	ret = dmc_check_range(base, size, "avoided", label, err);
	if (ret)
		return ret;
	if (mm->navoid == DMC_MAX_RANGES)
		return dmc_fail(err, -DMC_E_TOOMANY, label,
				"more than %d ranges to avoid", DMC_MAX_RANGES);
	dmc_set_region(&mm->avoid[mm->navoid++], base, size, label);
	return 0;
}

/*
 * A range of /memory as Linux adds it (dmc_mem_pages()): the planner must
 * not merge two entries across a page that neither holds whole.
 */
static int dmc_add_memory_range(struct dmc_memmap *mm, uint64_t base,
				uint64_t size, const char *label,
				struct dmc_err *err)
{
	int ret;

	ret = dmc_check_range(base, size, "DRAM", label, err);
	if (ret || !dmc_mem_pages(&base, &size))
		return ret;
	return dmc_memmap_add_dram(mm, base, size, label, err);
}

/*
 * A short label for @node, a child of the node at @dir: its path if it
 * fits, else its name. Built from the name, as fdt_get_path() would walk
 * the tree from the root.
 */
static void dmc_node_label(const void *fdt, const char *dir, int node,
			   char *buf, int size)
{
	const char *name = dmc_get_name(fdt, node, NULL);
	int n;

	n = dmc_fmt(buf, size, "%s/%s", dir, name ? name : "?");
	if (n >= size)
		dmc_fmt(buf, size, "%s", name ? name : "?");
}

/*
 * Add every reg entry of @node, a child of @parent (path @dir). Zero-sized
 * entries are skipped, as Linux skips them. @dram selects the list.
 */
static int dmc_add_reg(const void *fdt, int parent, const char *dir,
		       int node, bool dram, struct dmc_memmap *mm,
		       struct dmc_err *err)
{
	char label[DMC_LABEL_MAX], path[DMC_PATH_MAX];
	uint64_t base, size;
	int idx, ret;

	dmc_node_label(fdt, dir, node, label, sizeof(label));
	for (idx = 0;; idx++) {
		ret = dmc_reg(fdt, parent, node, idx, &base, &size);
		if (ret == -DMC_E_NOTFOUND)
			return 0;
		if (ret) {
			fdt_get_path(fdt, node, path, sizeof(path));
			return dmc_fail(err, -DMC_E_MEMMAP, path,
					"reg is malformed for the parent's #address-cells/#size-cells");
		}
		if (!size)
			continue;
		ret = dram ? dmc_add_memory_range(mm, base, size, label, err) :
			     dmc_memmap_add_avoid(mm, base, size, label, err);
		if (ret)
			return ret;
	}
}

/*
 * A memory node as early_init_dt_scan_memory() reads it: its
 * "linux,usable-memory" when it has one (a kdump kernel's, or a boot
 * loader's limit), else its reg.
 */
static int dmc_add_memory(const void *fdt, int node, struct dmc_memmap *mm,
			  struct dmc_err *err)
{
	char label[DMC_LABEL_MAX];
	const fdt32_t *p;
	int len, ac, sc, i, ret;
	uint64_t base, size;

	p = dmc_getprop(fdt, node, "linux,usable-memory", &len);
	if (!p)
		return dmc_add_reg(fdt, 0, "", node, true, mm, err);
	ret = dmc_root_cells(fdt, &ac, &sc);
	if (ret)
		return dmc_fail(err, ret, "/", "malformed #address-cells or #size-cells");
	dmc_node_label(fdt, "", node, label, sizeof(label));
	/* whole entries only, size 0 skipped, as the early scan does */
	for (i = 0; (i + 1) * (ac + sc) * 4 <= len; i++) {
		base = dmc_read_cells(p + i * (ac + sc), ac);
		size = dmc_read_cells(p + i * (ac + sc) + ac, sc);
		if (!size)
			continue;
		ret = dmc_add_memory_range(mm, base, size, label, err);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * What /chosen tells Linux about memory: the initrd is reserved (a pool
 * on it would be freed with it), and a "mem=" parameter keeps only the
 * lowest that many bytes (arm64's memblock_mem_limit_remove_map()). The
 * ARM32 "mem=size@start" form replaces the memory and is refused: the
 * kernel's PHYS_OFFSET it is relative to is not in the DT.
 */
static int dmc_read_chosen(const void *fdt, int chosen, struct dmc_memmap *mm,
			   struct dmc_err *err)
{
	struct dmc_cmdline_arg a;
	uint64_t limit = 0, v;
	unsigned int i;
	int ret;

	if (chosen < 0)
		return 0;
	if (dmc_initrd(fdt, chosen, &v, &limit)) {
		ret = dmc_memmap_add_avoid(mm, v, limit - v, "initrd", err);
		if (ret)
			return ret;
	}
	if (dmc_cmdline_mem(fdt, chosen, &limit, &a))
		return dmc_fail(err, -DMC_E_MEMMAP, "/chosen/bootargs",
				"mem=%s: only mem=SIZE is understood; Linux would use other memory than planned",
				a.val);
	if (!limit)
		return 0;
	for (i = 0; i < mm->ndram; i++) {
		if (mm->dram[i].size >= limit) {
			mm->dram[i].size = limit;
			mm->ndram = i + 1;
			return 0;
		}
		limit -= mm->dram[i].size;
	}
	return 0;
}

/* DRAM from the root's available children typed memory, in tree order. */
static int dmc_read_memory(const void *fdt, struct dmc_memmap *mm,
			   struct dmc_err *err)
{
	int node, ret;

	dmc_for_each_memory_node(node, fdt) {
		ret = dmc_add_memory(fdt, node, mm, err);
		if (ret)
			return ret;
	}
	if (!mm->ndram)
		return dmc_fail(err, -DMC_E_MEMMAP, "/memory",
				"no available memory node with a non-empty reg");
	return 0;
}

static int dmc_read_resmem(const void *fdt, int parent, int chosen,
			   struct dmc_memmap *mm, struct dmc_err *err)
{
	int node, record, ret;

	if (parent < 0)
		return 0;
	/* its children mean nothing to Linux, and the fixup refuses it */
	ret = dmc_resmem_container_check(fdt, parent, err);
	if (ret)
		return ret;
	record = dmc_record_of(fdt, chosen);
	dmc_for_each_subnode(node, fdt, parent) {
		/* dynamic (size-only) regions are placed by Linux later */
		if (!dmc_node_available(fdt, node) ||
		    dmc_is_own_pool(fdt, record, node) ||
		    !dmc_getprop(fdt, node, "reg", NULL))
			continue;
		ret = dmc_add_reg(fdt, parent, "/reserved-memory", node, false,
				  mm, err);
		if (ret)
			return ret;
	}
	return 0;
}

static int dmc_read_memreserve(const void *fdt, struct dmc_memmap *mm,
			       struct dmc_err *err)
{
	uint64_t base, size;
	int i, n, ret;

	n = fdt_num_mem_rsv(fdt);
	if (n < 0)
		return dmc_fail(err, -DMC_E_BADFDT, "/memreserve/",
				"%s", fdt_strerror(n));
	for (i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(fdt, i, &base, &size))
			return dmc_fail(err, -DMC_E_BADFDT, "/memreserve/",
					"entry %d cannot be read", i);
		if (!size)
			continue;
		ret = dmc_memmap_add_avoid(mm, base, size, "/memreserve/", err);
		if (ret)
			return ret;
	}
	return 0;
}

/* Each domain's host bridge, what its devices reach, and its MSI doorbell. */
static void dmc_read_host(const void *fdt, const struct dmc_domain *d,
			  struct dmc_os_host *h)
{
	int parent;

	h->node = dmc_host_offset(fdt, d->host, &parent);
	if (h->node < 0)
		return;
	h->nranges = dmc_dma_ranges(fdt, h->node, parent, h->range,
				    DMC_MAX_DMA_RANGES);
	if (d->msi == DMC_MSI_DERIVE)
		h->msi_ok = !dmc_msi_doorbell(fdt, h->node, &h->msi_doorbell,
					      h->msi_why, sizeof(h->msi_why));
}

int dmc_read(const void *fdt, const struct dmc_policy *pol, bool want_dram,
	     struct dmc_memmap *mm, struct dmc_osdt *os, struct dmc_err *err)
{
	unsigned int d;
	int ret, resmem, chosen;

	ret = dmc_check_structure(fdt, "OS DT", err);
	if (ret)
		return ret;
	if (pol->ndomains > DMC_MAX_DOMAINS)
		return dmc_fail(err, -DMC_E_INTERNAL, "policy",
				"%u domains, at most %d", pol->ndomains,
				DMC_MAX_DOMAINS);
	memset(os, 0, sizeof(*os));
	if (want_dram) {
		ret = dmc_read_memory(fdt, mm, err);
		if (ret)
			return ret;
	}
	/* each looked up once: they may follow thousands of nodes */
	dmc_root_nodes(fdt, &resmem, &chosen);
	ret = dmc_read_chosen(fdt, chosen, mm, err);
	if (ret)
		return ret;
	ret = dmc_read_memreserve(fdt, mm, err);
	if (ret)
		return ret;
	ret = dmc_read_resmem(fdt, resmem, chosen, mm, err);
	if (ret)
		return ret;
	os->vmalloc = dmc_arm_vmalloc_at(fdt, chosen, pol->has_vmalloc ?
					 pol->vmalloc_size : 0);
	os->nhosts = pol->ndomains;
	for (d = 0; d < pol->ndomains; d++)
		dmc_read_host(fdt, &pol->dom[d], &os->host[d]);
	return 0;
}
