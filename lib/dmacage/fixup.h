/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * The fixup's phases and what they hand each other. The first
 * (fixup.c) reads the input past the structure gate and builds the edit
 * table, struct fx_edits; the second (fixup_emit.c) writes the patched DT
 * from it; the third (fixup_verify.c) runs the rules checker on what was
 * written. Each phase keeps its own state; dmc_apply() holds the three in
 * the caller's struct dmc_fixup_ws.
 */
#ifndef DMACAGE_FIXUP_H
#define DMACAGE_FIXUP_H

#include <dmacage/dmacage.h>
#include "check.h"
#include "fdtutil.h"
#include "fdtw.h"

#define FX_MAX_SITES	(DMC_MAX_DOMAINS * (DMC_MAX_ENDPOINTS + 3) + 4)
#define FX_MAX_NEW	(DMC_MAX_DOMAINS * DMC_MAX_ENDPOINTS * DMC_MAX_HOPS)
#define FX_MAX_MR	16	/* memory-region phandles we keep per node */
#define FX_NONE		(-1)

/* A memory-region value to write. */
struct fx_mr {
	unsigned int n;
	fdt32_t ph[FX_MAX_MR];
};

/**
 * struct fx_site - an input node that receives changes
 * @offset:	node offset in the input
 * @mr:		index in fx.mr of its new memory-region, or FX_NONE
 * @disable:	write status = "disabled"
 * @skip:	drop the node and its subtree (our old pools and record)
 * @first_new:	first new child in fx.nw (linked through @next), or FX_NONE
 */
struct fx_site {
	int offset;
	int mr;
	bool disable;
	bool skip;
	int first_new;
};

/**
 * struct fx_new - a PCI node the fixup creates (endpoint form)
 * @parent_new:	parent in fx.nw, or FX_NONE when the parent is an input node
 * @devfn:	device/function
 * @bus:	bus number encoded in reg
 * @sec_bus:	secondary bus of a bridge node (bus-range)
 * @bridge:	an intermediate hop (gets the pci-bridge properties)
 * @mr:		index in fx.mr, or FX_NONE
 * @first_new:	first child, @next: next sibling (FX_NONE terminated)
 */
struct fx_new {
	int parent_new;
	uint8_t devfn;
	uint32_t bus;
	uint32_t sec_bus;
	bool bridge;
	int mr;
	int first_new;
	int next;
};

/* Per-domain facts the emitter needs. */
struct fx_dom {
	uint32_t rph;		/* restricted pool phandle (0: none) */
	uint32_t cph;		/* coherent pool phandle (0: none) */
	const char *state;	/* record state string */
};

/* A site whose subnodes the emit pass is copying, and where it ends. */
struct fx_open {
	int site;	/* index in fx.site */
	int end;
};

/* A site's properties while the emit pass copies them. */
struct fx_frame {
	const struct fx_site *site;
	bool mr_done;
	bool status_done;
};

/**
 * struct fx_edits - the first phase's result: the input and its edits
 * @in:		the OS DT (past the structure gate)
 * @pol:	the policy
 * @plan:	the plan
 * @err:	where failures are explained
 * @resmem:	input /reserved-memory, or < 0
 * @chosen:	input /chosen, or < 0
 * @record:	an earlier run's record, or < 0
 * @root_end:	the root's END_NODE in the input
 * @max_phandle: largest phandle in the input
 * @host:	per domain, its host bridge as dmc_host_offset() finds it
 * @host_parent: per domain, the parent of the node its host path names
 * @root_ac:	the root's #address-cells
 * @root_sc:	the root's #size-cells
 * @next_phandle: the next phandle to give a pool
 * @next_bus:	the next bus number to give a created bridge
 * @nsites:	entries in @site
 * @site:	input nodes that change, sorted by offset
 * @nnew:	entries in @nw
 * @nw:		PCI nodes to create
 * @nmr:	entries in @mr
 * @mr:		memory-region values to write
 * @dom:	per domain, what the emitter writes for it
 */
struct fx_edits {
	const void *in;
	const struct dmc_policy *pol;
	const struct dmc_plan *plan;
	struct dmc_err *err;
	int resmem;
	int chosen;
	int record;
	int root_end;
	uint32_t max_phandle;
	int host[DMC_MAX_DOMAINS];
	int host_parent[DMC_MAX_DOMAINS];
	int root_ac, root_sc;
	uint32_t next_phandle;
	uint32_t next_bus;
	unsigned int nsites;
	struct fx_site site[FX_MAX_SITES];
	unsigned int nnew;
	struct fx_new nw[FX_MAX_NEW];
	unsigned int nmr;
	struct fx_mr mr[DMC_MAX_DOMAINS * DMC_MAX_ENDPOINTS];
	struct fx_dom dom[DMC_MAX_DOMAINS];
};

/* The second phase's state: the output, and its open sites. */
struct fx_emit {
	const struct fx_edits *e;
	struct dmc_fdtw w;
	struct fx_open open[FX_MAX_SITES];
};

/* The third phase's state: the checker, its scope, and the first error. */
struct fx_check {
	const struct fx_edits *e;
	struct chk chk;
	struct dmc_finding first;
	bool failed;
	const char *hosts[DMC_MAX_DOMAINS];
	int out_host[DMC_MAX_DOMAINS];
	int out_host_end[DMC_MAX_DOMAINS];	/* past each host's subtree */
	uint32_t pools[2 * DMC_MAX_DOMAINS];
	struct dmc_check_opts chk_opts;
};

/* A pool's name; @dir: "" for the node's, "/reserved-memory/" for its path */
void fx_pool_name(char *buf, size_t size, const char *dir,
		  const char *dom, const char *kind, uint64_t base);

/* Phase 1: @e's inputs set, the rest zero. Return: 0 or -DMC_E_*. */
int fx_prepare(struct fx_edits *e);

/* Phase 2: the patched DT in @out. Return: 0 or -DMC_E_*. */
int fx_emit(struct fx_emit *fx, const struct fx_edits *e, void *out,
	    int outsize);

/* Phase 3: the rules checker on @out. Return: 0 or -DMC_E_*. */
int fx_verify(struct fx_check *fx, const struct fx_edits *e, const void *out);

#endif /* DMACAGE_FIXUP_H */
