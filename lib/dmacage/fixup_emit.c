// SPDX-License-Identifier: GPL-2.0+
/*
 * The fixup's second phase: the patched DT, written into the scratch copy
 * in one linear pass from the edit table (fixup.h). The input's tags go
 * out as they are, in runs between the edits, through the writer of
 * fdtw.h, which fails the output at its first write that does not fit;
 * the pass checks once, at the end.
 */
#include "fixup.h"

static void fx_prop_string(struct fx_emit *fx, const char *name,
			   const char *v)
{
	dmc_fdtw_property(&fx->w, name, v, strlen(v) + 1);
}

static void fx_prop_u32(struct fx_emit *fx, const char *name, uint32_t v)
{
	fdt32_t c = cpu_to_fdt32(v);

	dmc_fdtw_property(&fx->w, name, &c, sizeof(c));
}

static void fx_prop_empty(struct fx_emit *fx, const char *name)
{
	dmc_fdtw_property(&fx->w, name, NULL, 0);
}

static void fx_prop_regpair(struct fx_emit *fx, uint64_t base, uint64_t size)
{
	fdt32_t c[4];
	int n = 0;

	if (fx->e->root_ac == 2)
		c[n++] = cpu_to_fdt32(base >> 32);
	c[n++] = cpu_to_fdt32((uint32_t)base);
	if (fx->e->root_sc == 2)
		c[n++] = cpu_to_fdt32(size >> 32);
	c[n++] = cpu_to_fdt32((uint32_t)size);
	dmc_fdtw_property(&fx->w, "reg", c, n * 4);
}

static void fx_emit_pool(struct fx_emit *fx, unsigned int d, bool coh)
{
	const struct dmc_window *w = &fx->e->plan->win[d];
	uint64_t base = coh ? w->coherent_base : w->restricted_base;
	uint64_t size = coh ? w->coherent_size : w->restricted_size;
	char name[DMC_NAME_MAX + 32];

	fx_pool_name(name, sizeof(name), "", fx->e->pol->dom[d].name,
		     coh ? "coherent" : "restricted", base);
	dmc_fdtw_begin_node(&fx->w, name);
	fx_prop_string(fx, "compatible",
		       coh ? "shared-dma-pool" : "restricted-dma-pool");
	fx_prop_regpair(fx, base, size);
	/* no-map only on the coherent pool: a restricted one must be mapped. */
	if (coh)
		fx_prop_empty(fx, "no-map");
	fx_prop_u32(fx, "phandle", coh ? fx->e->dom[d].cph : fx->e->dom[d].rph);
	dmc_fdtw_end_node(&fx->w);
}

static void fx_emit_pools(struct fx_emit *fx)
{
	unsigned int d;

	for (d = 0; d < fx->e->plan->nwin; d++) {
		if (fx->e->plan->win[d].state != DMC_DOM_PLANNED)
			continue;
		if (fx->e->plan->win[d].coherent_size)
			fx_emit_pool(fx, d, true);
		fx_emit_pool(fx, d, false);
	}
}

static void fx_emit_u64s(struct fx_emit *fx, const char *name,
			 const uint64_t *v, unsigned int n)
{
	fdt32_t c[2 * 2 * 4];
	unsigned int i;

	for (i = 0; i < n; i++) {
		c[2 * i] = cpu_to_fdt32(v[i] >> 32);
		c[2 * i + 1] = cpu_to_fdt32((uint32_t)v[i]);
	}
	dmc_fdtw_property(&fx->w, name, c, n * 8);
}

/* The record's checker windows of domain @d, as programmed. */
static void fx_emit_record_chk(struct fx_emit *fx,
			       const struct dmc_window *w)
{
	uint64_t v[8];
	unsigned int i;

	for (i = 0; i < w->nchk; i++) {
		v[2 * i] = w->chk[i].base;
		v[2 * i + 1] = w->chk[i].size;
	}
	fx_emit_u64s(fx, "checker-windows", v, 2 * w->nchk);
	if (w->chk_guard == DMC_GUARD_LOCK)
		fx_prop_empty(fx, "checker-locked");
	if (w->chk_guard == DMC_GUARD_SECURE)
		fx_prop_empty(fx, "checker-secure-world");
	/* the MSI doorbell page: a checker window, not a pool */
	v[0] = w->chk_msi.base;
	v[1] = w->chk_msi.size;
	if (w->chk_msi.size)
		fx_emit_u64s(fx, "checker-msi-window", v, 2);
}

/*
 * The functions an endpoint-form domain covers, as "DD.F/DD.F" chains:
 * without them a record reader would take "confined" for every function
 * below the host, which only the host-bridge form gives.
 */
static void fx_emit_record_eps(struct fx_emit *fx,
			       const struct dmc_domain *dom)
{
	static const char hex[] = "0123456789abcdef";
	char v[DMC_MAX_ENDPOINTS * DMC_MAX_HOPS * sizeof("DD.F/")];
	const struct dmc_endpoint *ep;
	unsigned int e, h, n = 0;

	for (e = 0; e < dom->nendpoints; e++) {
		ep = &dom->ep[e];
		for (h = 0; h < ep->nhops; h++) {
			v[n++] = hex[ep->devfn[h] >> 7];
			v[n++] = hex[ep->devfn[h] >> 3 & 0xf];
			v[n++] = '.';
			v[n++] = hex[ep->devfn[h] & 7];
			v[n++] = h + 1 < ep->nhops ? '/' : '\0';
		}
	}
	if (n)
		dmc_fdtw_property(&fx->w, "endpoints", v, n);
}

static void fx_emit_record_dom(struct fx_emit *fx, unsigned int d)
{
	const struct dmc_window *w = &fx->e->plan->win[d];
	const char *name = fx->e->pol->dom[d].name;
	char path[DMC_NAME_MAX + 80];
	uint64_t v[2] = { w->base, w->size };

	dmc_fdtw_begin_node(&fx->w, name);
	fx_prop_string(fx, "state", fx->e->dom[d].state);
	fx_prop_string(fx, "host", fx->e->pol->dom[d].host);
	fx_emit_record_eps(fx, &fx->e->pol->dom[d]);
	if (w->state == DMC_DOM_PLANNED) {
		fx_emit_u64s(fx, "window", v, 2);
		fx_pool_name(path, sizeof(path), "/reserved-memory/", name,
			     "restricted", w->restricted_base);
		fx_prop_string(fx, "restricted-pool", path);
		if (w->coherent_size) {
			fx_pool_name(path, sizeof(path), "/reserved-memory/",
				     name, "coherent", w->coherent_base);
			fx_prop_string(fx, "coherent-pool", path);
		}
	}
	if (w->nchk && w->nchk <= 4)
		fx_emit_record_chk(fx, w);
	if (w->state == DMC_DOM_FAILED)
		fx_prop_string(fx, "reason", w->reason);
	dmc_fdtw_end_node(&fx->w);
}

static void fx_emit_record(struct fx_emit *fx)
{
	unsigned int d;

	dmc_fdtw_begin_node(&fx->w, "dmacage");
	fx_prop_string(fx, "compatible", "dmacage,record");
	fx_prop_u32(fx, "plan-hash", fx->e->plan->hash);
	for (d = 0; d < fx->e->plan->nwin; d++)
		fx_emit_record_dom(fx, d);
	dmc_fdtw_end_node(&fx->w);
}

static void fx_emit_mr(struct fx_emit *fx, int idx)
{
	dmc_fdtw_property(&fx->w, "memory-region", fx->e->mr[idx].ph,
			  fx->e->mr[idx].n * 4);
}

/* A created PCI node: a bridge gets what dtc and dt-schema expect (R27). */
static void fx_emit_new(struct fx_emit *fx, int i)
{
	const struct fx_new *n = &fx->e->nw[i];
	unsigned int dev = n->devfn >> 3, fn = n->devfn & 7;
	fdt32_t reg[5] = { 0 }, br[2];
	char name[24];
	int c;

	dmc_fmt(name, sizeof(name), "%s@%x,%x", n->bridge ? "pci" : "pci-ep",
		dev, fn);
	reg[0] = cpu_to_fdt32(n->bus << 16 | (uint32_t)n->devfn << 8);
	dmc_fdtw_begin_node(&fx->w, name);
	if (n->bridge) {
		br[0] = br[1] = cpu_to_fdt32(n->sec_bus);
		fx_prop_string(fx, "device_type", "pci");
		dmc_fdtw_property(&fx->w, "reg", reg, sizeof(reg));
		fx_prop_u32(fx, "#address-cells", 3);
		fx_prop_u32(fx, "#size-cells", 2);
		fx_prop_empty(fx, "ranges");
		dmc_fdtw_property(&fx->w, "bus-range", br, sizeof(br));
	} else {
		dmc_fdtw_property(&fx->w, "reg", reg, sizeof(reg));
	}
	if (n->mr != FX_NONE)
		fx_emit_mr(fx, n->mr);
	for (c = n->first_new; c != FX_NONE; c = fx->e->nw[c].next)
		fx_emit_new(fx, c);
	dmc_fdtw_end_node(&fx->w);
}

/*
 * Our properties of a node that it did not have go out after its own,
 * before its first subnode.
 */
static void fx_flush_props(struct fx_emit *fx, const struct fx_frame *f)
{
	if (f->site->mr != FX_NONE && !f->mr_done)
		fx_emit_mr(fx, f->site->mr);
	if (f->site->disable && !f->status_done)
		fx_prop_string(fx, "status", "disabled");
}

static bool fx_any_planned(const struct fx_emit *fx)
{
	unsigned int d;

	for (d = 0; d < fx->e->plan->nwin; d++)
		if (fx->e->plan->win[d].state == DMC_DOM_PLANNED)
			return true;
	return false;
}

/* Subnodes we add go after the node's own subnodes. */
static void fx_add_children(struct fx_emit *fx, const struct fx_site *s)
{
	int c;

	for (c = s->first_new; c != FX_NONE; c = fx->e->nw[c].next)
		fx_emit_new(fx, c);
	if (s->offset == fx->e->resmem)
		fx_emit_pools(fx);
	else if (s->offset == fx->e->chosen)
		fx_emit_record(fx);
	if (s->offset != 0)
		return;
	if (fx->e->resmem < 0 && fx_any_planned(fx)) {
		dmc_fdtw_begin_node(&fx->w, "reserved-memory");
		fx_prop_u32(fx, "#address-cells", fx->e->root_ac);
		fx_prop_u32(fx, "#size-cells", fx->e->root_sc);
		fx_prop_empty(fx, "ranges");
		fx_emit_pools(fx);
		dmc_fdtw_end_node(&fx->w);
	}
	if (fx->e->chosen < 0) {
		dmc_fdtw_begin_node(&fx->w, "chosen");
		fx_emit_record(fx);
		dmc_fdtw_end_node(&fx->w);
	}
}

/*
 * The input's tags go out in runs: @run is where the tags not written
 * yet start, and everything up to @offset goes out in one copy before an
 * edit is written or a tag is dropped.
 */
static void fx_copy_run(struct fx_emit *fx, int *run, int offset)
{
	if (offset > *run)
		dmc_fdtw_copy(&fx->w, *run, offset);
	*run = offset;
}

/*
 * A property of a node that changes: memory-region and status give way
 * to ours (the first of each; a repeat is dropped), the rest stay in the
 * run.
 */
static void fx_site_prop(struct fx_emit *fx, struct fx_frame *f, int *run,
			 int offset, int next)
{
	const struct fdt_property *prop = (const void *)((const char *)fx->e->in +
		fdt_off_dt_struct(fx->e->in) + offset);
	const char *name = dmc_prop_name(fx->e->in, prop);

	if (f->site->mr != FX_NONE && !strcmp(name, "memory-region")) {
		fx_copy_run(fx, run, offset);
		if (!f->mr_done)
			fx_emit_mr(fx, f->site->mr);
		f->mr_done = true;
	} else if (f->site->disable && !strcmp(name, "status")) {
		fx_copy_run(fx, run, offset);
		if (!f->status_done)
			fx_prop_string(fx, "status", "disabled");
		f->status_done = true;
	} else {
		return;
	}
	*run = next;
}

/*
 * Where site @s ends: for a node that changes, the offset of its END_NODE,
 * where the nodes we add go; for a node we drop, the offset past its
 * subtree. The root's is known from the first phase.
 */
static int fx_site_end(const struct fx_emit *fx, const struct fx_site *s)
{
	if (s->skip)
		return dmc_skip_subtree(fx->e->in, s->offset);
	if (!s->offset)
		return fx->e->root_end;
	return dmc_skip_subtree(fx->e->in, s->offset) - FDT_TAGSIZE;
}

/*
 * A site's node and properties, up to its first subnode: they are the
 * only tags of the input the emit pass reads one by one.
 */
static void fx_site_open(struct fx_emit *fx, const struct fx_site *s,
			 int *run)
{
	struct fx_frame f = { .site = s };
	int offset, next;
	uint32_t tag;

	dmc_next_tag(fx->e->in, s->offset, &offset);
	while ((tag = dmc_next_tag(fx->e->in, offset, &next)) == FDT_PROP ||
	       tag == FDT_NOP) {
		if (tag == FDT_PROP)
			fx_site_prop(fx, &f, run, offset, next);
		offset = next;
	}
	fx_copy_run(fx, run, offset);
	fx_flush_props(fx, &f);
}

/*
 * The output in one pass, driven by the sites alone (the structure gate
 * has checked the input): everything between two edits goes out in one
 * copy. @open holds the sites whose subnodes are being copied, innermost
 * last; sites are sorted by offset, so a site closes before the next one
 * starts after its end. NOPs are copied as they are, like every other tag
 * of a run.
 */
int fx_emit(struct fx_emit *fx, const struct fx_edits *e, void *out,
	    int outsize)
{
	unsigned int i = 0, nopen = 0;
	const struct fx_site *s;
	struct fx_open *top;
	int run = 0, ret;

	fx->e = e;
	ret = dmc_fdtw_init(&fx->w, e->in, out, outsize);
	if (ret == -DMC_E_BADFDT)
		return dmc_fail(e->err, ret, "OS DT",
				"the memory reservation map cannot be read");
	while (i < e->nsites || nopen) {
		s = i < e->nsites ? &e->site[i] : NULL;
		top = nopen ? &fx->open[nopen - 1] : NULL;
		if (top && (!s || s->offset > top->end)) {
			fx_copy_run(fx, &run, top->end);
			fx_add_children(fx, &e->site[top->site]);
			nopen--;
			continue;
		}
		i++;
		/* in a subtree we drop: fx_check_dropped() let only our own */
		if (s->offset < run)
			continue;
		fx_copy_run(fx, &run, s->offset);
		if (s->skip) {
			run = fx_site_end(fx, s);
			continue;
		}
		fx_site_open(fx, s, &run);
		fx->open[nopen++] = (struct fx_open){ (int)(s - e->site),
						      fx_site_end(fx, s) };
	}
	/* the root's END_NODE; NOPs after it go, FDT_END is written anew */
	fx_copy_run(fx, &run, e->root_end + FDT_TAGSIZE);
	ret = dmc_fdtw_finish(&fx->w);
	if (ret == -DMC_E_NOSPACE)
		return dmc_fail(e->err, ret, "output",
				"the output buffer is too small for the patched DT");
	if (ret)
		return dmc_fail(e->err, ret, "output",
				"writing the patched DT failed");
	return 0;
}
