// SPDX-License-Identifier: GPL-2.0+
/*
 * The rules checker: every item of the checklist in doc/linux-rules.md
 * that a DTB (plus arch and kernel config) decides.
 * It reads any DTB, not only dmacage's output, and says for each finding
 * what Linux will do. This file holds the plumbing and the whole-tree facts
 * the rule groups share.
 */
#include "check.h"

/* @path, @len long, loses its last component ("/a/b" to "/a", "/a" to "/"). */
static size_t chk_path_up(char *path, size_t len)
{
	while (len > 1 && path[len - 1] != '/')
		len--;
	if (len > 1)
		len--;
	path[len] = '\0';
	return len;
}

/*
 * The path of @node into the finding's buffer. Findings come mostly in
 * tree order, so the path of the last one (c->path_node, at depth
 * c->path_depth) is carried forward, node by node, to @node;
 * fdt_get_path() walks from the root on every call, which made a tree with
 * thousands of findings quadratic. The depth is kept, not counted from the
 * path: a nameless node adds a component the string cannot show.
 * Return: 0, or < 0 when the path does not fit.
 */
static int chk_path(struct chk *c, int node)
{
	char *path = c->buf.f.path;
	const char *name;
	int off = c->path_node, depth = c->path_depth, cur, nlen;
	size_t len;

	if (off < 0 || node < off) {
		off = 0;
		depth = 0;
		memcpy(path, "/", 2);
	}
	len = strlen(path);
	cur = depth;
	c->path_node = -1;
	while (off < node) {
		off = dmc_next_node(c->fdt, off, &depth);
		name = off < 0 || depth < 0 ? NULL :
		       dmc_get_name(c->fdt, off, &nlen);
		if (!name)
			return -DMC_E_NOTFOUND;
		/* up to the new node's parent, then down to it */
		for (; cur >= depth; cur--)
			len = chk_path_up(path, len);
		cur = depth;
		if (len + (len > 1) + nlen >= DMC_PATH_MAX)
			return -DMC_E_NOSPACE;
		if (len > 1)
			path[len++] = '/';
		memcpy(path + len, name, nlen);
		len += nlen;
		path[len] = '\0';
	}
	if (off != node)
		return -DMC_E_NOTFOUND;
	c->path_node = node;
	c->path_depth = depth;
	return 0;
}

/* In parentheses: a terse build defines chk_report() as a macro. */
void (chk_report)(struct chk *c, enum dmc_sev sev, const char *rule,
		  unsigned int item, int node, const char *fmt, ...)
{
	struct dmc_finding *f = &c->buf.f;
	unsigned int i;
	va_list ap;

	if (c->quiet) {
		c->quiet_errors += sev == DMC_SEV_ERROR;
		return;
	}
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
	/* copied, not formatted: the message's dmc_vfmt() is deep enough */
	for (i = 0; i + 1 < sizeof(f->rule) && rule[i]; i++)
		f->rule[i] = rule[i];
	f->rule[i] = '\0';
	if (chk_path(c, node < 0 ? 0 : node))
		memcpy(f->path, "/", 2);
	f->msg[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		dmc_vfmt(f->msg, sizeof(f->msg), fmt, ap);
		va_end(ap);
	}
	c->cb(f, c->ctx);
}

bool chk_compat(const struct chk *c, int node, const char *compat)
{
	return dmc_compat_exact(c->fdt, node, compat);
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
		return -DMC_E_NOTFOUND;
	dmc_for_each_subnode(node, c->fdt, c->resmem)
		if (dmc_phandle(c->fdt, node) == ph)
			return node;
	return -DMC_E_NOTFOUND;
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
 * The first users of the phandles of up to CHK_PH_BATCH pools from @from.
 * Return: whether any of them has a phandle (else nothing was walked).
 */
bool chk_phandle_walk(const struct chk *c, struct chk_ph_batch *b, int from)
{
	unsigned int k;
	uint32_t ph, any = 0;
	int node;

	b->n = 0;
	for (node = from; node >= 0 && b->n < CHK_PH_BATCH;
	     node = dmc_next_subnode(c->fdt, node)) {
		b->first[b->n] = -1;
		b->ph[b->n] = dmc_phandle(c->fdt, node);
		any |= b->ph[b->n++];
	}
	if (!any)
		return false;
	for (node = dmc_next_node(c->fdt, -1, NULL); node >= 0;
	     node = dmc_next_node(c->fdt, node, NULL)) {
		ph = dmc_phandle(c->fdt, node);
		for (k = 0; ph && k < b->n; k++)
			if (b->ph[k] == ph && b->first[k] < 0)
				b->first[k] = node;
	}
	return true;
}

/*
 * Entry @i of memory node @node's reg, read with the root's cells, as the
 * early scan does. Return: false past the last whole entry.
 */
/*
 * Entry @i of memory node @node as early_init_dt_scan_memory() reads it:
 * its "linux,usable-memory" when it has one, else its reg.
 */
static bool chk_mem_entry(const struct chk *c, int node, int i,
			  struct dmc_range *r)
{
	int len, entry = c->root_ac + c->root_sc;
	const fdt32_t *reg = dmc_getprop(c->fdt, node, "linux,usable-memory",
					 &len);

	if (!reg)
		reg = dmc_getprop(c->fdt, node, "reg", &len);

	if (!reg || (i + 1) * entry * 4 > len)
		return false;
	r->base = dmc_read_cells(reg + i * entry, c->root_ac);
	r->size = dmc_read_cells(reg + i * entry + c->root_ac, c->root_sc);
	return true;
}

/*
 * The end of the memory that holds @addr, or @addr when none does: the
 * furthest end of an entry, cut to whole pages (dmc_mem_pages()), that
 * starts at or below @addr.
 * Linux's memblock merges entries that touch, so a pool may span several.
 */
static uint64_t chk_mem_reach(const struct chk *c, uint64_t addr)
{
	uint64_t reach = addr;
	struct dmc_range r;
	int node, i;

	/* from the first to the last: not over a wide /reserved-memory */
	for (node = c->mem_first; node >= 0;
	     node = dmc_next_memory_node(c->fdt, node)) {
		for (i = 0; chk_mem_entry(c, node, i, &r); i++)
			if (dmc_mem_pages(&r.base, &r.size) &&
			    r.base <= addr && r.base + r.size > reach)
				reach = r.base + r.size;
		if (node >= c->mem_last)
			break;
	}
	return reach;
}

bool chk_in_memory(const struct chk *c, uint64_t base, uint64_t size)
{
	const struct dmc_range *r = c->o->dram;
	uint64_t at, next;
	unsigned int i;

	if (base + size < base || base + size > c->mem_cut)
		return false;
	if (c->dram_given) {
		for (i = 0; i < c->o->ndram; i++)
			if (base >= r[i].base && base + size >= base &&
			    base + size <= r[i].base + r[i].size)
				return true;
		return false;
	}
	for (at = base; at < base + size; at = next) {
		next = chk_mem_reach(c, at);
		if (next == at)
			return false;
	}
	return true;
}

/* The span of /memory (ARM32 lowmem, R31). */
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

/* Bytes of memory below @addr (the ranges do not overlap, as Linux's). */
static uint64_t chk_mem_below(const struct chk *c, uint64_t addr)
{
	const struct dmc_range *d = c->o->dram;
	struct dmc_range r;
	uint64_t sum = 0;
	unsigned int i;
	int node, k;

	if (c->dram_given) {
		for (i = 0; i < c->o->ndram; i++)
			if (d[i].base < addr)
				sum += (d[i].base + d[i].size < addr ?
					d[i].base + d[i].size : addr) - d[i].base;
		return sum;
	}
	dmc_for_each_memory_node(node, c->fdt)
		for (k = 0; chk_mem_entry(c, node, k, &r); k++)
			if (r.base < addr)
				sum += (r.base + r.size < addr ?
					r.base + r.size : addr) - r.base;
	return sum;
}

/*
 * "mem=SIZE" on the command line: arm64 and ARM keep the lowest SIZE
 * bytes of memory (memblock_mem_limit_remove_map()), so memory ends where
 * that much lies below. A "mem=" the planner refuses (not a plain size)
 * cuts nothing here. Out of line: what it reads stays off chk_run()'s
 * frame, under every rule.
 */
static noinline_for_stack void chk_mem_limit(struct chk *c)
{
	struct dmc_cmdline_arg a;
	uint64_t limit, lo, hi, mid;

	c->mem_cut = ~0ULL;
	if (dmc_cmdline_mem(c->fdt, c->chosen, &limit, &a) || !limit ||
	    chk_mem_below(c, ~0ULL) <= limit)
		return;
	/* the lowest address with @limit bytes below it */
	for (lo = 0, hi = ~0ULL; lo < hi;) {
		mid = lo + (hi - lo) / 2;
		if (chk_mem_below(c, mid) >= limit)
			hi = mid;
		else
			lo = mid + 1;
	}
	c->mem_cut = lo;
}

static noinline_for_stack void chk_memory(struct chk *c)
{
	unsigned int i;
	int node;

	c->mem_start = ~0ULL;
	c->mem_first = -1;
	dmc_for_each_memory_node(node, c->fdt) {
		if (c->mem_first < 0)
			c->mem_first = node;
		c->mem_last = node;
		chk_memory_span(c, node);
	}
	/*
	 * /memory a placeholder (size 0) that the boot firmware fills in:
	 * the memory the caller planned in is what Linux will get.
	 */
	for (i = 0; !c->nmem && i < c->o->ndram; i++) {
		if (c->o->dram[i].base < c->mem_start)
			c->mem_start = c->o->dram[i].base;
		if (c->o->dram[i].base + c->o->dram[i].size > c->mem_end)
			c->mem_end = c->o->dram[i].base + c->o->dram[i].size;
	}
	if (!c->nmem && c->o->ndram) {
		c->nmem = c->o->ndram;
		c->dram_given = true;
	}
	chk_mem_limit(c);
	if (c->mem_end > c->mem_cut)
		c->mem_end = c->mem_cut;
}

static void chk_arm_lowmem(struct chk *c)
{
	uint64_t vm;

	if (c->arch != DMC_ARCH_ARM || !c->nmem)
		return;
	vm = dmc_arm_vmalloc_at(c->fdt, c->chosen,
				c->o ? c->o->vmalloc_size : 0);
	c->lowmem_end = dmc_arm_lowmem_end(c->mem_start, vm);
}

void chk_init(struct chk *c, const void *fdt,
	      const struct dmc_check_opts *opts, dmc_finding_fn cb, void *ctx)
{
	static const struct dmc_check_opts none;

	/* the buffer is set up by whoever uses it */
	memset(c, 0, offsetof(struct chk, buf));
	c->path_node = -1;
	c->pool_seen = -1;
	c->fdt = fdt;
	c->o = opts ? opts : &none;
	c->arch = c->o->arch == DMC_ARCH_UNSET ? DMC_ARCH_ARM64 : c->o->arch;
	c->cb = cb;
	c->ctx = ctx;
}

int chk_run(struct chk *c, struct dmc_check_sum *sum)
{
	const void *fdt = c->fdt;

	if (sum)
		*sum = (struct dmc_check_sum){ 0 };
	/* before any libfdt lookup: a bad property length can hang them */
	if (dmc_check_structure(fdt, "DT", NULL))
		return -DMC_E_BADFDT;
	dmc_root_nodes(fdt, &c->resmem, &c->chosen);
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

_Static_assert(sizeof(struct chk) <= sizeof(struct dmc_check_ws),
	       "DMC_CHECK_WS_SIZE is too small for the checker");

int dmc_check(const void *fdt, const struct dmc_check_opts *opts,
	      dmc_finding_fn cb, void *ctx, struct dmc_check_sum *sum,
	      struct dmc_check_ws *ws)
{
	struct chk *c = (struct chk *)ws;

	chk_init(c, fdt, opts, cb, ctx);
	return chk_run(c, sum);
}

static const char *const dmc_kernel_names[] = {
	[DMC_KERNEL_6_1] = "6.1",
	[DMC_KERNEL_6_12] = "6.12",
	[DMC_KERNEL_7_3] = "7.3",
};

#define DMC_NKERNELS	(sizeof(dmc_kernel_names) / sizeof(dmc_kernel_names[0]))

int dmc_kernel_parse(const char *name, enum dmc_kernel *kernel)
{
	unsigned int i;

	for (i = 0; i < DMC_NKERNELS; i++) {
		if (!strcmp(name, dmc_kernel_names[i])) {
			*kernel = (enum dmc_kernel)i;
			return 0;
		}
	}
	return -DMC_E_NOTFOUND;
}

const char *dmc_kernel_name(enum dmc_kernel kernel)
{
	return (unsigned int)kernel < DMC_NKERNELS ?
	       dmc_kernel_names[kernel] : "?";
}
