/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * What a successful apply must have written, judged from the input, the
 * output and the plan with libfdt and the Linux model (test/unit/
 * linuxmodel.h) only: the harnesses that apply (fuzz_tree, and fuzz_apply
 * and fuzz_apply_policy through fuzz_common.h) share these oracles. Each
 * returns NULL, or what is wrong.
 */
#ifndef DMACAGE_FUZZ_ORACLE_H
#define DMACAGE_FUZZ_ORACLE_H

#include <stdbool.h>
#include <stdint.h>
#include <libfdt.h>
#include <dmacage/dmacage.h>
#include "linuxmodel.h"

/* Do two ranges share a byte? An empty one (a reg of size 0) shares none. */
static inline bool fo_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/*
 * Is @node, a child of /reserved-memory, a pool an earlier run wrote: a
 * restricted-dma-pool or shared-dma-pool that the record (/chosen/dmacage,
 * compatible "dmacage,record") names, as "/reserved-memory/<name>", for one
 * of its domains? A run on a tree that an earlier run patched replaces
 * those pools, so they are neither kept nor reservations the new windows
 * must avoid.
 */
static inline bool fo_recorded_pool(const void *fdt, int node)
{
	static const char *const props[] = { "restricted-pool", "coherent-pool" };
	static const char dir[] = "/reserved-memory/";
	int rec = fdt_path_offset(fdt, "/chosen/dmacage"), dom, len, nlen;
	const char *name = fdt_get_name(fdt, node, &nlen), *path;
	unsigned int i;

	if (rec < 0 || !name || !lm_compatible(fdt, rec, "dmacage,record") ||
	    (!lm_compatible(fdt, node, "restricted-dma-pool") &&
	     !lm_compatible(fdt, node, "shared-dma-pool")))
		return false;
	fdt_for_each_subnode(dom, fdt, rec)
		for (i = 0; i < 2; i++) {
			path = fdt_getprop(fdt, dom, props[i], &len);
			if (path && len == (int)sizeof(dir) + nlen &&
			    !memcmp(path, dir, sizeof(dir) - 1) &&
			    !memcmp(path + sizeof(dir) - 1, name, nlen + 1))
				return true;
		}
	return false;
}

/*
 * /reserved-memory children: how many (not those a record lists, when
 * @skip_recorded), and is one at @base/@size with @compat (into @found)?
 */
static inline int fo_pools(const void *fdt, bool skip_recorded,
			   const char *compat, uint64_t base, uint64_t size,
			   bool *found)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory"), node, n = 0, len;
	int ac = lm_prop_u32(fdt, rm, "#address-cells", 2);
	int sc = lm_prop_u32(fdt, rm, "#size-cells", 2);
	const fdt32_t *reg;

	if (rm < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, rm) {
		n += !skip_recorded || !fo_recorded_pool(fdt, node);
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (found && reg && len >= (ac + sc) * 4 &&
		    !fdt_node_check_compatible(fdt, node, compat) &&
		    lm_cells(reg, ac) == base && lm_cells(reg + ac, sc) == size)
			*found = true;
	}
	return n;
}

/*
 * Every planned window of @plan lies in the DRAM of @mm (what the plan was
 * made in), clear of /memreserve/, the initrd and every available
 * /reserved-memory region of the input @in, and of the other windows.
 */
static inline const char *fo_placement(const void *in,
				       const struct dmc_plan *plan,
				       const struct dmc_memmap *mm)
{
	int rm = fdt_path_offset(in, "/reserved-memory"), node, len;
	int ac = lm_prop_u32(in, rm, "#address-cells", 2);
	int sc = lm_prop_u32(in, rm, "#size-cells", 2);
	unsigned int d, e, i;
	struct lm m;

	lm_init(&m, in, false, 0);
	for (d = 0; d < plan->nwin; d++) {
		const struct dmc_window *w = &plan->win[d];
		bool in_dram = false;

		if (w->state != DMC_DOM_PLANNED)
			continue;
		for (i = 0; i < mm->ndram; i++)
			if (w->base >= mm->dram[i].base &&
			    w->base + w->size <= mm->dram[i].base + mm->dram[i].size)
				in_dram = true;
		if (!in_dram)
			return "a window outside the DRAM the plan used";
		for (i = 0; i < m.nresv; i++)
			if (fo_overlap(w->base, w->size, m.resv[i].base,
				       m.resv[i].size))
				return "a window over /memreserve/ or the initrd";
		for (e = 0; e < d; e++)
			if (plan->win[e].state == DMC_DOM_PLANNED &&
			    fo_overlap(w->base, w->size, plan->win[e].base,
				       plan->win[e].size))
				return "two windows overlap";
		if (rm < 0)
			continue;
		fdt_for_each_subnode(node, in, rm) {
			const fdt32_t *reg = fdt_getprop(in, node, "reg", &len);

			if (reg && len >= (ac + sc) * 4 && lm_available(in, node) &&
			    !fo_recorded_pool(in, node) &&
			    fo_overlap(w->base, w->size, lm_cells(reg, ac),
				       lm_cells(reg + ac, sc)))
				return "a window over a reserved region";
		}
	}
	return NULL;
}

/*
 * The output @out holds the plan's pools at the planned reg, and its
 * /reserved-memory has exactly that many children more than @in's, less
 * those the input's record lists.
 */
static inline const char *fo_pools_added(const void *in, const void *out,
					 const struct dmc_plan *plan)
{
	int want = fo_pools(in, true, "", 0, 0, NULL);
	unsigned int d;

	for (d = 0; d < plan->nwin; d++) {
		const struct dmc_window *w = &plan->win[d];
		bool r = false, c = !w->coherent_size;

		if (w->state != DMC_DOM_PLANNED)
			continue;
		fo_pools(out, false, "restricted-dma-pool", w->restricted_base,
			 w->restricted_size, &r);
		if (w->coherent_size)
			fo_pools(out, false, "shared-dma-pool", w->coherent_base,
				 w->coherent_size, &c);
		if (!r || !c)
			return "a planned pool is missing from the output";
		want += 1 + !!w->coherent_size;
	}
	if (fo_pools(out, false, "", 0, 0, NULL) != want)
		return "the output's /reserved-memory has other changes than the plan's pools";
	return NULL;
}

#endif /* DMACAGE_FUZZ_ORACLE_H */
