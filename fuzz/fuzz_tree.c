// SPDX-License-Identifier: GPL-2.0+
/*
 * The whole pipeline on generated trees and policies (gen_tree.h), judged
 * the way Linux reads the output (test/unit/linuxmodel.h).
 *
 * On every successful apply:
 *  - the output is a valid DTB, and Linux confines every domain the plan
 *    calls planned (lm_judge());
 *  - it holds the plan's pools: one restricted pool per planned domain
 *    (and a coherent one where the plan has one) at the planned reg, and
 *    /reserved-memory has exactly that many children more than before;
 *  - every window lies in the DRAM the plan used, clear of /memreserve/,
 *    the initrd and every available /reserved-memory region of the input,
 *    and of the other windows;
 *  - reading, planning and applying again on the output gives the same
 *    plan hash and the same bytes.
 * On every failure: the buffer is byte-identical and the error names a
 * reason. Either way the input is unchanged. And on the input and on
 * every output, each claim of the rules checker that Linux bounces a
 * device's DMA through a pool (R24) must hold in the model.
 *
 * Stage counts are printed at exit: generated, read, planned (at least
 * one domain placed), applied (the fixup ran), patched (it succeeded),
 * judged (patched with a planned domain, judged by the model).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <dmacage/dmacage.h>
#include "gen_tree.h"
#include "linuxmodel.h"
#include "oracle.h"

#define FT_BUF	(64 * 1024)

static struct {
	unsigned long gen, read, planned, applied, patched, judged;
} st;

static void ft_stats(void)
{
	fprintf(stderr, "stages: generated %lu read %lu planned %lu applied %lu patched %lu judged %lu\n",
		st.gen, st.read, st.planned, st.applied, st.patched, st.judged);
}

/*
 * FT_ONLY=NAME,...: only these hostile features (gen_tree.h) are made;
 * FT_ONLY=all (or none set): every one
 */
static unsigned int ft_mask = GEN_ALL;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const names[] = {
		"phandle", "status", "fnmr", "hostmr", "mem", "arm32", "dma",
		"names", "iommu",
	};
	const char *only = getenv("FT_ONLY");
	unsigned int i;

	if (only && strcmp(only, "all")) {
		ft_mask = 0;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strstr(only, names[i]))
				ft_mask |= 1u << i;
	}
	atexit(ft_stats);
	return 0;
}

/* FT_DUMP=DIR: write the trees there (os, policy, out), to replay a finding */
static void ft_dump(const char *name, const void *fdt)
{
	const char *dir = getenv("FT_DUMP");
	char path[4096];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/%s.dtb", dir, name);
	f = fopen(path, "wb");
	if (f) {
		fwrite(fdt, 1, fdt_totalsize(fdt), f);
		fclose(f);
	}
}

static void ft_die(const char *what, const struct dmc_err *err)
{
	fflush(stdout);	/* the model's reasons, before abort() drops them */
	fprintf(stderr, "fuzz_tree: %s%s%s\n", what, err ? ": " : "",
		err ? err->msg : "");
	abort();
}

/*
 * The core's calls. FT_OLD_API builds the harness against the core as it
 * was before the read/plan/apply split (fuzz/old-code.sh), to show what
 * the harness finds there.
 */
#ifdef FT_OLD_API
static int ft_read_plan(const void *fdt, const struct dmc_policy *pol,
			struct dmc_memmap *mm, bool want_dram,
			struct dmc_plan *plan, bool *read, struct dmc_err *err)
{
	*read = !dmc_memmap_from_fdt(fdt, mm, want_dram, err);
	return *read ? dmc_plan_compute(pol, fdt, mm, DMC_ARCH_UNSET, plan, err) :
		       -DMC_E_MEMMAP;
}

static int ft_apply(void *fdt, void *scratch, const struct dmc_policy *pol,
		    const struct dmc_plan *plan, struct dmc_err *err)
{
	static struct dmc_fixup_ws ws;

	return dmc_fixup_inplace(fdt, FT_BUF, scratch, FT_BUF, pol, plan, &ws,
				 err);
}

static int ft_check(const void *fdt, const struct dmc_check_opts *o,
		    dmc_finding_fn cb, void *ctx)
{
	return dmc_check(fdt, o, cb, ctx, NULL);
}
#else
static int ft_read_plan(const void *fdt, const struct dmc_policy *pol,
			struct dmc_memmap *mm, bool want_dram,
			struct dmc_plan *plan, bool *read, struct dmc_err *err)
{
	static struct dmc_osdt osdt;
	int ret = dmc_read(fdt, pol, want_dram, mm, &osdt, err);

	*read = !ret;
	return ret ?: dmc_plan(pol, &osdt, mm, DMC_ARCH_UNSET, plan, err);
}

static int ft_apply(void *fdt, void *scratch, const struct dmc_policy *pol,
		    const struct dmc_plan *plan, struct dmc_err *err)
{
	static struct dmc_fixup_ws ws;

	return dmc_apply(fdt, FT_BUF, scratch, FT_BUF, pol, plan, &ws, err);
}

static int ft_check(const void *fdt, const struct dmc_check_opts *o,
		    dmc_finding_fn cb, void *ctx)
{
	static struct dmc_check_ws ws;

	return dmc_check(fdt, o, cb, ctx, NULL, &ws);
}
#endif

/* the DRAM the last plan was made in */
static struct dmc_memmap ft_mm;

/* the plan, read and made as the boot does; DRAM from /memory or given */
static int ft_plan(const void *fdt, const struct dmc_policy *pol,
		   const struct gen_out *o, struct dmc_plan *plan, bool *read,
		   struct dmc_err *err)
{
	int ret;

	memset(plan, 0, sizeof(*plan));
	dmc_memmap_init(&ft_mm);
	if (o->placeholder &&
	    dmc_memmap_add_dram(&ft_mm, o->dram_base, o->dram_size, "board", err))
		ft_die("the generator's DRAM is refused", err);
	ret = ft_read_plan(fdt, pol, &ft_mm, !o->placeholder, plan, read, err);
	if (!*read && !err->msg[0])
		ft_die("a failed read names no reason", NULL);
	return ret;
}

/* U-Boot fills a placeholder /memory before Linux reads it */
static void ft_fill_memory(void *fdt, const struct gen_out *o)
{
	int node = fdt_path_offset(fdt, "/memory@40000000"), len;
	int ac = lm_prop_u32(fdt, 0, "#address-cells", 1);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	fdt32_t v[4];

	if (!o->placeholder || !reg)
		return;
	gen_cells(v, ac, o->dram_base);
	gen_cells(v + ac, ac, o->dram_size);
	if (fdt_setprop_inplace(fdt, node, "reg", v, len))
		ft_die("cannot fill in /memory", NULL);
}

static bool ft_failed(const struct dmc_plan *plan)
{
	unsigned int d;

	for (d = 0; d < plan->nwin; d++)
		if (plan->win[d].state == DMC_DOM_FAILED)
			return true;
	return false;
}

static void ft_reapply(const void *out, const struct dmc_policy *pol,
		       const struct gen_out *o, const struct dmc_plan *plan)
{
	static unsigned char again[FT_BUF], scratch[FT_BUF];
	struct dmc_plan p2;
	struct dmc_err err = { 0 };
	bool read;

	if (fdt_open_into(out, again, FT_BUF))
		ft_die("cannot copy the output", NULL);
	if (ft_plan(again, pol, o, &p2, &read, &err), !read ||
	    dmc_plan_hash(&p2) != plan->hash)
		ft_die("planning the output gives another plan", &err);
	if (ft_apply(again, scratch, pol, &p2, &err)) {
		/* a host the first run disabled cannot be judged again */
		if (pol->on_error == DMC_ON_ERROR_DISABLE && ft_failed(plan))
			return;
		ft_die("re-applying to the output fails", &err);
	}
	if (fdt_totalsize(again) != fdt_totalsize(out) ||
	    memcmp(again, out, fdt_totalsize(out)))
		ft_die("re-applying to the output changes it", NULL);
}

/*
 * What the rules checker claims: every "Linux bounces all DMA of ... CPU
 * A-B" it reports is held to the model, for the host (and every function
 * node below it) or for the one function node it names.
 */
struct ft_claims {
	unsigned int n;
	struct {
		int node;
		bool host;
		uint64_t base, size;
	} c[16];
};

static void ft_claim(const struct dmc_finding *f, void *ctx)
{
	struct ft_claims *cl = ctx;
	unsigned long long lo, hi;
	const char *cpu;

	if (f->sev != DMC_SEV_INFO || strcmp(f->rule, "R24") ||
	    strncmp(f->msg, "Linux bounces all DMA of ", 25) || cl->n == 16)
		return;
	cpu = strstr(f->msg, ": CPU 0x");
	if (!cpu || sscanf(cpu, ": CPU 0x%llx-0x%llx", &lo, &hi) != 2 || hi < lo)
		ft_die("an R24 claim without its CPU range", NULL);
	cl->c[cl->n].node = f->node;
	cl->c[cl->n].host = strstr(f->msg, "functions below this host");
	cl->c[cl->n].base = lo;
	cl->c[cl->n].size = hi - lo + 1;
	cl->n++;
}

/*
 * The host bridge above function node @node: the topmost ancestor that is
 * a PCI bus (device_type "pci", or three address cells: a host bridge
 * need not say its type)
 */
static int ft_host_of(const void *fdt, int node)
{
	int depth = fdt_node_depth(fdt, node), d, anc;
	const char *type;

	for (d = 1; d < depth; d++) {
		anc = fdt_supernode_atdepth_offset(fdt, node, d, NULL);
		if (anc < 0)
			break;
		type = fdt_getprop(fdt, anc, "device_type", NULL);
		if ((type && !strcmp(type, "pci")) ||
		    lm_prop_u32(fdt, anc, "#address-cells", 0) == 3)
			return anc;
	}
	return -1;
}

/* every claim of dmc_check() on @fdt (memory filled in) must hold */
static void ft_judge_claims(const void *fdt, const struct dmc_plan *plan)
{
	static struct ft_claims cl;
	struct dmc_check_opts o = { .arch = plan->arch };
	unsigned int i;
	struct lm m;
	int node, depth, host, bad;

	cl.n = 0;
	ft_check(fdt, &o, ft_claim, &cl);
	lm_init(&m, fdt, plan->arch == DMC_ARCH_ARM, 0);
	for (i = 0; i < cl.n; i++) {
		if (!cl.c[i].host) {
			host = ft_host_of(fdt, cl.c[i].node);
			bad = host < 0 || lm_judge_dev(&m, cl.c[i].node, host,
						       cl.c[i].base, cl.c[i].size);
		} else {
			host = cl.c[i].node;
			bad = lm_judge_dev(&m, -1, host, cl.c[i].base,
					   cl.c[i].size);
			depth = 0;
			for (node = fdt_next_node(fdt, host, &depth);
			     node >= 0 && depth > 0;
			     node = fdt_next_node(fdt, node, &depth))
				if (fdt_getprop(fdt, node, "reg", NULL) &&
				    !fdt_getprop(fdt, node, "memory-region", NULL))
					bad |= lm_judge_dev(&m, node, host,
							    cl.c[i].base,
							    cl.c[i].size);
		}
		if (bad)
			ft_die("dmc_check says Linux bounces the DMA, and the model disagrees",
			       NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char os[FT_BUF], copy[FT_BUF], polbuf[4096];
	static unsigned char out[FT_BUF], before[FT_BUF], scratch[FT_BUF];
	static unsigned char judged[FT_BUF];
	struct gen g = { data, size, ft_mask, 0 };
	struct dmc_policy pol;
	struct dmc_plan plan;
	struct dmc_err err = { 0 };
	struct gen_out o;
	unsigned int d, planned = 0;
	const char *why;
	bool read;
	int ret;

	if (gen_os(&g, os, sizeof(os), &o) ||
	    gen_policy(&g, polbuf, sizeof(polbuf), &o))
		return 0;
	st.gen++;
	ft_dump("os", os);
	ft_dump("policy", polbuf);
	if (dmc_policy_parse(polbuf, dmc_policy_find(polbuf), &pol, &err))
		return 0;
	memcpy(copy, os, fdt_totalsize(os));
	ret = ft_plan(os, &pol, &o, &plan, &read, &err);
	if (read) {
		memcpy(judged, os, fdt_totalsize(os));
		ft_fill_memory(judged, &o);
		ft_judge_claims(judged, &plan);
	}
	if (!read)
		goto done;
	st.read++;
	if (ret && !err.msg[0])
		ft_die("a failed plan names no reason", NULL);
	for (d = 0; d < plan.nwin; d++)
		planned += plan.win[d].state == DMC_DOM_PLANNED;
	if (!ret || planned)
		st.planned++;
	if (ret && pol.on_error == DMC_ON_ERROR_HALT)
		goto done;
	if (fdt_open_into(os, out, FT_BUF))
		ft_die("cannot copy the input", NULL);
	memcpy(before, out, FT_BUF);
	memset(&err, 0, sizeof(err));
	st.applied++;
	ret = ft_apply(out, scratch, &pol, &plan, &err);
	if (ret) {
		if (memcmp(before, out, FT_BUF))
			ft_die("a failed apply changed the DT", &err);
		if (!err.msg[0])
			ft_die("a failed apply names no reason", NULL);
		goto done;
	}
	st.patched++;
	ft_dump("out", out);
	if (fdt_check_full(out, FT_BUF))
		ft_die("the output is not a valid DTB", NULL);
	dmc_plan_hash(&plan);
	if ((why = fo_placement(os, &plan, &ft_mm)) ||
	    (why = fo_pools_added(os, out, &plan)))
		ft_die(why, NULL);
	ft_reapply(out, &pol, &o, &plan);
	memcpy(judged, out, fdt_totalsize(out));
	ft_fill_memory(judged, &o);
	if (planned) {
		if (lm_judge(judged, &pol, &plan))
			ft_die("Linux would not confine what the plan says is confined",
			       NULL);
		st.judged++;
	}
	ft_judge_claims(judged, &plan);
done:
	if (memcmp(copy, os, fdt_totalsize(os)))
		ft_die("the input DT was modified", NULL);
	return 0;
}
