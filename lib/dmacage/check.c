// SPDX-License-Identifier: GPL-2.0+
/*
 * The rules checker: every mechanical rule of section 4 of
 * linux-dma-pool-rules.md that a DTB (plus arch and kernel config) decides.
 * It reads any DTB, not only dmacage's output, and says for each finding
 * what Linux will do. This file holds the plumbing and the whole-tree facts
 * the rule groups share.
 */
#include "check.h"

void chk_report(struct chk *c, enum dmc_sev sev, const char *rule,
		unsigned int item, int node, const char *fmt, ...)
{
	struct dmc_finding f;
	va_list ap;

	if (sev == DMC_SEV_ERROR)
		c->sum.errors++;
	else if (sev == DMC_SEV_WARN)
		c->sum.warnings++;
	else
		c->sum.infos++;
	if (!c->cb || (c->o->errors_only && sev != DMC_SEV_ERROR))
		return;
	f.sev = sev;
	dmc_fmt(f.rule, sizeof(f.rule), "%s", rule);
	f.item = item;
	if (node < 0 || fdt_get_path(c->fdt, node, f.path, sizeof(f.path)))
		dmc_fmt(f.path, sizeof(f.path), "/");
	va_start(ap, fmt);
	dmc_vfmt(f.msg, sizeof(f.msg), fmt, ap);
	va_end(ap);
	c->cb(&f, c->ctx);
}

bool chk_compat(const struct chk *c, int node, const char *compat)
{
	return fdt_stringlist_search(c->fdt, node, "compatible", compat) >= 0;
}

/*
 * Linux resolves memory-region to the first node in the tree with that
 * phandle and attaches it only if it is a /reserved-memory child. Looking
 * among the pools is enough once chk_resmem() has reported every pool
 * whose phandle an earlier node shadows (R11); the container has a few
 * children, the tree may have thousands of nodes.
 */
int chk_pool_by_phandle(const struct chk *c, uint32_t ph)
{
	int node;

	if (c->resmem < 0 || !ph)
		return -FDT_ERR_NOTFOUND;
	fdt_for_each_subnode(node, c->fdt, c->resmem)
		if (dmc_phandle(c->fdt, node) == ph)
			return node;
	return -FDT_ERR_NOTFOUND;
}

int chk_pool_reg(const struct chk *c, int node, uint64_t *base,
		 uint64_t *size)
{
	const fdt32_t *reg;
	int len, entry = (c->root_ac + c->root_sc) * 4;

	reg = fdt_getprop(c->fdt, node, "reg", &len);
	if (!reg || len < entry || len % entry)
		return -1;
	*base = dmc_read_cells(reg, c->root_ac);
	*size = dmc_read_cells(reg + c->root_ac, c->root_sc);
	return 0;
}

static bool chk_is_memory(const struct chk *c, int node);

/* The node whose properties the walk is in has ended: record its phandle. */
static void chk_node_done(struct chk *c, int node, struct chk_node_ph *np)
{
	uint32_t ph = np->has_ph ? np->ph : np->has_lph ? np->lph : 0;
	unsigned int k;

	for (k = 0; ph && k < c->nph; k++)
		if (c->ph[k] == ph && c->ph_first[k] < 0)
			c->ph_first[k] = node;
	*np = (struct chk_node_ph){ 0 };
}

static void chk_prop_ph(const void *fdt, const struct fdt_property *prop,
			int len, struct chk_node_ph *np)
{
	const char *name;

	if (len != sizeof(fdt32_t))
		return;
	name = dmc_prop_name(fdt, prop);
	if (!np->has_ph && !strcmp(name, "phandle")) {
		np->ph = fdt32_to_cpu(*(const fdt32_t *)prop->data);
		np->has_ph = true;
	} else if (!np->has_lph && !strcmp(name, "linux,phandle")) {
		np->lph = fdt32_to_cpu(*(const fdt32_t *)prop->data);
		np->has_lph = true;
	}
}

/* What the structure walk learns for the rules on its way. */
struct chk_visit {
	struct chk *c;
	int node;		/* the node whose properties come, or -1 */
	struct chk_node_ph np;
};

/*
 * Two whole-tree jobs that would each cost a walk of their own: the
 * root's memory children, and the first node carrying each of the pools'
 * phandles (a node's properties come before its children; libfdt sees
 * none after them, and neither does this). chk_is_memory() reads a node's
 * properties through libfdt, so this runs on a tree known to be sound.
 */
static void chk_visit_tag(void *ctx, int tag, int offset, int depth,
			  const struct fdt_property *prop, int len)
{
	struct chk_visit *v = ctx;
	struct chk *c = v->c;

	switch (tag) {
	case FDT_BEGIN_NODE:
		if (v->node >= 0)
			chk_node_done(c, v->node, &v->np);
		v->node = offset;
		if (depth == 2 && chk_is_memory(c, offset)) {
			if (c->nmemnode < CHK_MEM_NODES)
				c->memnode[c->nmemnode] = offset;
			c->nmemnode++;
		}
		break;
	case FDT_END_NODE:
		if (v->node >= 0)
			chk_node_done(c, v->node, &v->np);
		v->node = -1;
		break;
	case FDT_PROP:
		if (c->nph && v->node >= 0)
			chk_prop_ph(c->fdt, prop, len, &v->np);
		break;
	}
}

/* The phandles of up to CHK_PH_BATCH pools from @from on, to look for. */
static void chk_pool_phandles(struct chk *c, int from)
{
	int node;

	c->nph = 0;
	for (node = from; node >= 0 && c->nph < CHK_PH_BATCH;
	     node = fdt_next_subnode(c->fdt, node)) {
		c->ph_first[c->nph] = -1;
		c->ph[c->nph++] = dmc_phandle(c->fdt, node);
	}
}

void chk_phandle_walk(struct chk *c, int from)
{
	unsigned int k;
	int node;

	chk_pool_phandles(c, from);
	for (k = 0; k < c->nph && !c->ph[k]; k++)
		;
	if (k == c->nph)
		return;	/* no phandle to look for */
	for (node = fdt_next_node(c->fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(c->fdt, node, NULL)) {
		struct chk_node_ph np = { .ph = dmc_phandle(c->fdt, node),
					  .has_ph = true };

		chk_node_done(c, node, &np);
	}
}

/* Linux's early scan: an available root child with device_type memory. */
static bool chk_is_memory(const struct chk *c, int node)
{
	const char *type = fdt_getprop(c->fdt, node, "device_type", NULL);

	return type && !strcmp(type, "memory") &&
	       dmc_node_available(c->fdt, node);
}

/*
 * Entry @i of memory node @node's reg, read with the root's cells, as the
 * early scan does. Return: false past the last whole entry.
 */
static bool chk_mem_entry(const struct chk *c, int node, int i,
			  struct dmc_range *r)
{
	int len, entry = c->root_ac + c->root_sc;
	const fdt32_t *reg = fdt_getprop(c->fdt, node, "reg", &len);

	if (!reg || (i + 1) * entry * 4 > len)
		return false;
	r->base = dmc_read_cells(reg + i * entry, c->root_ac);
	r->size = dmc_read_cells(reg + i * entry + c->root_ac, c->root_sc);
	return true;
}

static bool chk_node_contains(const struct chk *c, int node, uint64_t base,
			      uint64_t size)
{
	struct dmc_range r;
	int i;

	for (i = 0; chk_mem_entry(c, node, i, &r); i++)
		if (base >= r.base && base + size >= base &&
		    base + size <= r.base + r.size)
			return true;
	return false;
}

bool chk_in_memory(const struct chk *c, uint64_t base, uint64_t size)
{
	unsigned int i;
	int node;

	if (c->nmemnode <= CHK_MEM_NODES) {
		for (i = 0; i < c->nmemnode; i++)
			if (chk_node_contains(c, c->memnode[i], base, size))
				return true;
		return false;
	}
	/* a tree with many memory nodes: walk the root's children again */
	fdt_for_each_subnode(node, c->fdt, 0)
		if (chk_is_memory(c, node) &&
		    chk_node_contains(c, node, base, size))
			return true;
	return false;
}

/*
 * The span of /memory (ARM32 lowmem, R31), from the memory nodes the
 * structure walk found; a tree with more than CHK_MEM_NODES of them is
 * walked again for the rest.
 */
static void chk_memory_span(struct chk *c, int node)
{
	struct dmc_range r;
	int i;

	for (i = 0; chk_mem_entry(c, node, i, &r); i++) {
		c->nmem++;
		if (r.base < c->mem_start)
			c->mem_start = r.base;
		if (r.base + r.size > c->mem_end)
			c->mem_end = r.base + r.size;
	}
}

static void chk_memory(struct chk *c)
{
	unsigned int i;
	int node;

	c->mem_start = ~0ULL;
	if (c->nmemnode <= CHK_MEM_NODES) {
		for (i = 0; i < c->nmemnode; i++)
			chk_memory_span(c, c->memnode[i]);
		return;
	}
	fdt_for_each_subnode(node, c->fdt, 0)
		if (chk_is_memory(c, node))
			chk_memory_span(c, node);
}

static void chk_arm_lowmem(struct chk *c)
{
	uint64_t vm;

	if (c->arch != DMC_ARCH_ARM || !c->nmem)
		return;
	vm = dmc_arm_vmalloc(c->fdt, c->o ? c->o->vmalloc_size : 0);
	c->lowmem_end = dmc_arm_lowmem_end(c->mem_start, vm);
}

int dmc_check(const void *fdt, const struct dmc_check_opts *opts,
	      dmc_finding_fn cb, void *ctx, struct dmc_check_sum *sum)
{
	static const struct dmc_check_opts none;
	struct chk_visit v = { 0 };
	struct chk c;

	if (sum)
		*sum = (struct dmc_check_sum){ 0 };
	/* before any libfdt lookup: a bad property length can hang them */
	if (!(opts && opts->structure_checked) &&
	    dmc_check_structure(fdt, "DT", NULL))
		return -DMC_E_BADFDT;
	memset(&c, 0, sizeof(c));
	c.fdt = fdt;
	c.o = opts ? opts : &none;
	c.arch = c.o->arch == DMC_ARCH_UNSET ? DMC_ARCH_ARM64 : c.o->arch;
	c.cb = cb;
	c.ctx = ctx;
	/*
	 * The pools' phandles first, so that the second walk, which
	 * checks the structure again, finds their first users on its way.
	 */
	c.resmem = fdt_path_offset(fdt, "/reserved-memory");
	if (c.resmem >= 0)
		chk_pool_phandles(&c, fdt_first_subnode(fdt, c.resmem));
	v.c = &c;
	v.node = -1;
	if (dmc_walk_structure(fdt, "DT", NULL, chk_visit_tag, &v))
		return -DMC_E_BADFDT;
	if (dmc_root_cells(fdt, &c.root_ac, &c.root_sc)) {
		chk_report(&c, DMC_SEV_ERROR, "R5", 2, 0,
			   "the root's #address-cells or #size-cells is malformed; Linux cannot read /memory or /reserved-memory");
		goto out;
	}
	chk_memory(&c);
	chk_arm_lowmem(&c);
	chk_resmem(&c);
	chk_pci(&c);
	chk_kconfig(&c);
out:
	if (sum)
		*sum = c.sum;
	return c.sum.errors ? -DMC_E_RULES : 0;
}
