// SPDX-License-Identifier: GPL-2.0+
/*
 * The rules checker: every item of the checklist in doc/linux-rules.md
 * that a DTB (plus arch and kernel config) decides.
 * It reads any DTB, not only dmacage's output, and says for each finding
 * what Linux will do. This file holds the plumbing and the whole-tree facts
 * the rule groups share.
 */
#include "check.h"

void chk_report(struct chk *c, enum dmc_sev sev, const char *rule,
		unsigned int item, int node, const char *fmt, ...)
{
	struct dmc_finding *f = &c->buf.f;
	va_list ap;

	if (sev == DMC_SEV_ERROR)
		c->sum.errors++;
	else if (sev == DMC_SEV_WARN)
		c->sum.warnings++;
	else
		c->sum.infos++;
	if (!c->cb || (c->o->errors_only && sev != DMC_SEV_ERROR))
		return;
	/* the plain fields first: nothing has to live across the calls */
	f->sev = sev;
	f->item = item;
	f->node = node;
	dmc_fmt(f->rule, sizeof(f->rule), "%s", rule);
	if (f->node < 0 ||
	    fdt_get_path(c->fdt, f->node, f->path, sizeof(f->path)))
		dmc_fmt(f->path, sizeof(f->path), "/");
	va_start(ap, fmt);
	dmc_vfmt(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	c->cb(f, c->ctx);
}

bool chk_compat(const struct chk *c, int node, const char *compat)
{
	int len;
	const char *list = dmc_getprop(c->fdt, node, "compatible", &len);

	return list && fdt_stringlist_contains(list, len, compat);
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

	if (c->f.resmem < 0 || !ph)
		return -FDT_ERR_NOTFOUND;
	dmc_for_each_subnode(node, c->fdt, c->f.resmem)
		if (dmc_phandle(c->fdt, node) == ph)
			return node;
	return -FDT_ERR_NOTFOUND;
}

int chk_pool_reg(const struct chk *c, int node, uint64_t *base,
		 uint64_t *size)
{
	const fdt32_t *reg;
	int len, entry = (c->root_ac + c->root_sc) * 4;

	reg = dmc_getprop(c->fdt, node, "reg", &len);
	if (!reg || len < entry || len % entry)
		return -1;
	*base = dmc_read_cells(reg, c->root_ac);
	*size = dmc_read_cells(reg + c->root_ac, c->root_sc);
	return 0;
}

/*
 * What the one walk of dmc_check() learns on its way, each of which would
 * otherwise be a walk of its own: where /reserved-memory and the hosts to
 * judge are, the root's children typed memory, and whether any pool's
 * phandle may also belong to a node before it (R11). For the last, each
 * node's phandle sets a bit of a small hash; a pool whose bit is already
 * set makes chk_resmem() look for the first users by walk, which a tree
 * with unique phandles never needs. The walk shows only the properties
 * that may matter, each with its node: this runs when the next such node
 * comes, or the walk ends.
 */
static void chk_node_done(struct chk_visit *v)
{
	struct chk_node_ph *np = &v->np;
	uint32_t ph = np->ph;
	unsigned int bit = ph % CHK_PH_HASH;

	if (ph) {
		if (v->pool && (v->seen[bit / 8] & 1u << bit % 8))
			v->c->f.ph_shadow = true;
		v->seen[bit / 8] |= 1u << bit % 8;
	}
	*np = (struct chk_node_ph){ 0 };
	v->typed = false;
}

static void chk_visit_prop(struct chk_visit *v,
			   const struct fdt_property *prop, int len)
{
	const char *name = dmc_prop_name(v->c->fdt, prop);
	struct chk_node_ph *np = &v->np;

	/* the first letter turns most names away without a call */
	if (name[0] == 'p' || name[0] == 'l' || name[0] == 'i') {
		np->ph = dmc_phandle_prop(name, prop->data, np->ph);
	} else if (name[0] == 'd' && v->root_child && !v->typed &&
		   !strcmp(name, "device_type")) {
		/* Linux's early scan reads the first one */
		v->typed = true;
		if (dmc_is_memory_type(prop->data)) {
			if (v->c->f.nmemnode < CHK_MEM_NODES)
				v->c->f.memnode[v->c->f.nmemnode] = v->node;
			v->c->f.nmemnode++;
		}
	}
}

static void chk_visit_tag(void *ctx, int tag, int offset, int depth,
			  const struct fdt_property *prop, int len)
{
	struct chk_visit *v = ctx;

	if (tag != FDT_PROP) {
		dmc_pathfind_visit(&v->pf, tag, offset, depth, prop, len);
		/* entry 0 is /reserved-memory */
		if (tag == FDT_BEGIN_NODE && depth == 2)
			v->in_resmem = v->pf.e[0].node == offset;
		return;
	}
	if (offset != v->node) {
		if (v->node >= 0)
			chk_node_done(v);
		v->node = offset;
		v->root_child = depth == 2;
		v->pool = v->in_resmem && depth == 3;
	}
	chk_visit_prop(v, prop, len);
}

void chk_facts_start(struct chk *c, const void *fdt,
		     const struct dmc_check_opts *opts,
		     struct dmc_walk_want *want)
{
	struct chk_visit *v = &c->buf.walk;
	unsigned int i;

	c->fdt = fdt;
	c->o = opts;
	memset(&c->f, 0, sizeof(c->f));
	memset(v, 0, sizeof(*v));
	v->c = c;
	v->node = -1;
	dmc_pathfind_init(&v->pf, fdt);
	dmc_pathfind_add(&v->pf, "/reserved-memory");
	for (i = 0; opts->hosts && i < opts->nhosts && i < CHK_MAX_HOSTS; i++)
		c->f.host[i] = dmc_pathfind_add(&v->pf, opts->hosts[i]);
	/* device_type, linux,phandle, phandle, ibm,phandle */
	want->props |= DMC_WANT_PROP('d') | DMC_WANT_PROP('l') |
		       DMC_WANT_PROP('p') | DMC_WANT_PROP('i');
	/* /reserved-memory's children are seen through their properties */
	if (want->nodes_to < 2)
		want->nodes_to = 2;
	if (want->nodes_to < v->pf.nodes_to)
		want->nodes_to = v->pf.nodes_to;
}

void chk_facts_visit(struct chk *c, int tag, int offset, int depth,
		     const struct fdt_property *prop, int len)
{
	chk_visit_tag(&c->buf.walk, tag, offset, depth, prop, len);
}

void chk_facts_end(struct chk *c)
{
	struct chk_visit *v = &c->buf.walk;
	const struct dmc_check_opts *o = c->o;
	unsigned int i;
	int parent;

	if (v->node >= 0)
		chk_node_done(v);
	c->f.resmem = dmc_pathfind_get(&v->pf, 0, &parent);
	/* the parents are known now: keep the hosts' offsets only */
	for (i = 0; o->hosts && i < o->nhosts && i < CHK_MAX_HOSTS; i++)
		if (c->f.host[i] >= 0)
			c->f.host[i] = dmc_pathfind_host(&v->pf, c->f.host[i]);
	/* the walk could not read status: keep the available ones */
	if (c->f.nmemnode <= CHK_MEM_NODES)
		c->f.nmemnode = dmc_keep_available(c->fdt, c->f.memnode,
						   c->f.nmemnode);
}

/*
 * The walk that checks the structure, and what it finds. Its state (the
 * path finder, the phandle hash) is in the checker's buffer, which no
 * finding needs yet; out of line, what it keeps in its frame is not under
 * every rule either.
 */
static noinline_for_stack int chk_walk(struct chk *c)
{
	struct dmc_walk_want want = { 0 };

	chk_facts_start(c, c->fdt, c->o, &want);
	if (dmc_walk_structure(c->fdt, "DT", NULL, chk_visit_tag, &want,
			       &c->buf.walk))
		return -DMC_E_BADFDT;
	chk_facts_end(c);
	return 0;
}

/* The first users of the phandles of up to CHK_PH_BATCH pools from @from. */
void chk_phandle_walk(const struct chk *c, struct chk_ph_batch *b, int from)
{
	unsigned int k;
	uint32_t ph;
	int node;

	b->n = 0;
	for (node = from; node >= 0 && b->n < CHK_PH_BATCH;
	     node = dmc_next_subnode(c->fdt, node)) {
		b->first[b->n] = -1;
		b->ph[b->n++] = dmc_phandle(c->fdt, node);
	}
	for (node = dmc_next_node(c->fdt, -1, NULL); node >= 0;
	     node = dmc_next_node(c->fdt, node, NULL)) {
		ph = dmc_phandle(c->fdt, node);
		for (k = 0; ph && k < b->n; k++)
			if (b->ph[k] == ph && b->first[k] < 0)
				b->first[k] = node;
	}
}

/*
 * Entry @i of memory node @node's reg, read with the root's cells, as the
 * early scan does. Return: false past the last whole entry.
 */
static bool chk_mem_entry(const struct chk *c, int node, int i,
			  struct dmc_range *r)
{
	int len, entry = c->root_ac + c->root_sc;
	const fdt32_t *reg = dmc_getprop(c->fdt, node, "reg", &len);

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
	const struct dmc_range *r = c->o->dram;
	unsigned int i;
	int node;

	if (c->dram_given) {
		for (i = 0; i < c->o->ndram; i++)
			if (base >= r[i].base && base + size >= base &&
			    base + size <= r[i].base + r[i].size)
				return true;
		return false;
	}
	if (c->f.nmemnode <= CHK_MEM_NODES) {
		for (i = 0; i < c->f.nmemnode; i++)
			if (chk_node_contains(c, c->f.memnode[i], base, size))
				return true;
		return false;
	}
	/* a tree with many memory nodes: walk the root's children again */
	dmc_for_each_subnode(node, c->fdt, 0)
		if (dmc_is_memory_node(c->fdt, node) &&
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
		if (!r.size)
			continue;	/* the early scan skips it */
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
	if (c->f.nmemnode <= CHK_MEM_NODES) {
		for (i = 0; i < c->f.nmemnode; i++)
			chk_memory_span(c, c->f.memnode[i]);
	} else {
		dmc_for_each_subnode(node, c->fdt, 0)
			if (dmc_is_memory_node(c->fdt, node))
				chk_memory_span(c, node);
	}
	/*
	 * /memory a placeholder (size 0) that the boot firmware fills in:
	 * the memory the caller planned in is what Linux will get.
	 */
	if (c->nmem)
		return;
	for (i = 0; i < c->o->ndram; i++) {
		c->nmem++;
		if (c->o->dram[i].base < c->mem_start)
			c->mem_start = c->o->dram[i].base;
		if (c->o->dram[i].base + c->o->dram[i].size > c->mem_end)
			c->mem_end = c->o->dram[i].base + c->o->dram[i].size;
	}
	c->dram_given = c->nmem;
}

static void chk_arm_lowmem(struct chk *c)
{
	uint64_t vm;

	if (c->arch != DMC_ARCH_ARM || !c->nmem)
		return;
	vm = dmc_arm_vmalloc(c->fdt, c->o ? c->o->vmalloc_size : 0);
	c->lowmem_end = dmc_arm_lowmem_end(c->mem_start, vm);
}

void chk_init(struct chk *c, const void *fdt,
	      const struct dmc_check_opts *opts, dmc_finding_fn cb, void *ctx)
{
	static const struct dmc_check_opts none;

	/* the buffer is set up by whoever uses it */
	memset(c, 0, offsetof(struct chk, buf));
	c->fdt = fdt;
	c->o = opts ? opts : &none;
	c->arch = c->o->arch == DMC_ARCH_UNSET ? DMC_ARCH_ARM64 : c->o->arch;
	c->cb = cb;
	c->ctx = ctx;
}

int chk_run(struct chk *c, const struct chk_facts *known,
	    struct dmc_check_sum *sum)
{
	const void *fdt = c->fdt;

	if (sum)
		*sum = (struct dmc_check_sum){ 0 };
	/*
	 * Before any libfdt lookup: a bad property length can hang them.
	 * Facts a caller knows come from its own walk of what it built.
	 */
	if (known) {
		if (fdt_check_header(fdt))
			return -DMC_E_BADFDT;
		c->f = *known;
	} else if (chk_walk(c)) {
		return -DMC_E_BADFDT;
	}
	if (dmc_root_cells(fdt, &c->root_ac, &c->root_sc)) {
		chk_report(c, DMC_SEV_ERROR, "R5", 2, 0,
			   "the root's #address-cells or #size-cells is malformed; Linux cannot read /memory or /reserved-memory");
		goto out;
	}
	chk_memory(c);
	chk_arm_lowmem(c);
	chk_resmem(c);
	chk_pci(c);
	chk_kconfig(c);
out:
	if (sum)
		*sum = c->sum;
	return c->sum.errors ? -DMC_E_RULES : 0;
}

int dmc_check(const void *fdt, const struct dmc_check_opts *opts,
	      dmc_finding_fn cb, void *ctx, struct dmc_check_sum *sum)
{
	struct chk c;

	chk_init(&c, fdt, opts, cb, ctx);
	return chk_run(&c, NULL, sum);
}
