/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Internal interface of the rules checker: one context, one reporting
 * function, and one entry per group of rules (check_resmem.c, check_pci.c,
 * check_kconfig.c).
 */
#ifndef DMACAGE_CHECK_H
#define DMACAGE_CHECK_H

#include <dmacage/dmacage.h>
#include <dmacage/fdtutil.h>

#define CHK_MEM_NODES	8	/* /memory nodes remembered by offset */
#define CHK_PH_BATCH	16	/* pool phandles resolved per tree walk */
/* hosts of dmc_check_opts found on the walk; more are looked up by path */
#define CHK_MAX_HOSTS	(DMC_PATHFIND_MAX - 1)
#define CHK_MAX_DMA_RANGES	8	/* per host bridge */

/* One node's phandle as Linux takes it (dmc_phandle()), as a walk goes. */
struct chk_node_ph {
	uint32_t ph;
};

#define CHK_PH_HASH	512	/* bits of the structure walk's phandle hash */

/*
 * What a structure walk keeps as it goes, for chk_facts_end(): chk_walk()'s
 * or the fixup's walk of its input.
 */
struct chk_visit {
	struct chk *c;
	int node;		/* the node whose properties come, or -1 */
	bool root_child;	/* it is a child of the root */
	bool typed;		/* a device_type seen on it */
	bool pool;		/* it is a child of /reserved-memory */
	bool in_resmem;		/* the walk is below /reserved-memory */
	struct chk_node_ph np;
	struct dmc_pathfind pf;	/* /reserved-memory and the hosts to judge */
	uint8_t seen[CHK_PH_HASH / 8];
};

/*
 * The biggest things the checker holds, each only for a while and never
 * two at once: the structure walk's state, before any rule; a host's
 * dma-ranges as dmc_dma_ranges() copies them to be checked; the finding
 * chk_report() builds for the callback.
 */
union chk_buf {
	struct chk_visit walk;
	struct dmc_dma_range r[CHK_MAX_DMA_RANGES];
	struct dmc_finding f;
};

/**
 * struct chk_facts - what the structure walk learns of the whole tree for
 * the rules, as node offsets
 * @resmem:	/reserved-memory, or < 0
 * @nmemnode:	available root children typed memory; more than
 *		CHK_MEM_NODES: @memnode is not used, they are looked up again
 * @memnode:	their offsets
 * @host:	dmc_check_opts' hosts: PCI host bridges, else < 0
 * @ph_shadow:	R11: may a pool's phandle be a node's before it (the walk's
 *		hash)
 *
 * The fixup learns these on its walk of the input and moves each offset
 * to the output (fixup.c: fx_facts_moved(), fx_facts_sound()): a fact
 * added here must be moved and checked there too.
 */
struct chk_facts {
	int resmem;
	unsigned int nmemnode;
	int memnode[CHK_MEM_NODES];
	int host[CHK_MAX_HOSTS];
	bool ph_shadow;
};

struct chk {
	const void *fdt;
	const struct dmc_check_opts *o;
	enum dmc_arch arch;
	dmc_finding_fn cb;
	void *ctx;
	struct dmc_check_sum sum;
	int root_ac, root_sc;
	struct chk_facts f;
	/* /memory as Linux sees it, kept as node offsets, not copied ranges */
	unsigned int nmem;		/* reg entries seen */
	uint64_t mem_start, mem_end;	/* lowest base, highest end */
	uint64_t lowmem_end;		/* ARM32 only */
	bool dram_given;		/* the caller's DRAM stands for /memory */
	union chk_buf buf;
};

/*
 * R11, when the walk's hash says a pool's phandle may be shadowed: one
 * batch of pools, their phandles and the first node in the tree that
 * carries each. Only chk_resmem() needs it, so it lives in its frame, not
 * in struct chk under every rule.
 */
struct chk_ph_batch {
	unsigned int n;
	uint32_t ph[CHK_PH_BATCH];
	int first[CHK_PH_BATCH];
};

/**
 * chk_init() - start a check of @fdt in memory the caller owns
 * @c:		the checker's state; its contents on entry do not matter
 *
 * dmc_check() is this and chk_run() with @c on its own stack and no facts.
 * The fixup's check of its output passes one in its workspace, so that a
 * boot loader's stack holds none of it.
 */
void chk_init(struct chk *c, const void *fdt,
	      const struct dmc_check_opts *opts, dmc_finding_fn cb, void *ctx);

/**
 * chk_run() - every rule on the tree chk_init() named
 * @known:	its facts, when the caller has them; NULL: walk the tree for
 *		them, which also checks its structure
 *
 * The fixup passes the facts its walk of the input learned, as offsets in
 * the output: the rules then read only the nodes they judge.
 * Return: as dmc_check().
 */
int chk_run(struct chk *c, const struct chk_facts *known,
	    struct dmc_check_sum *sum);

/**
 * chk_facts_start() - learn @fdt's facts on a structure walk the caller
 * makes, with chk_facts_visit() called for the tags @want asks for
 * @want:	the caller's wishes, widened here to what the facts need
 *
 * The walk's state is in @c's buffer; chk_facts_end() leaves the facts in
 * @c->f. @opts (not NULL) must outlive the walk.
 */
void chk_facts_start(struct chk *c, const void *fdt,
		     const struct dmc_check_opts *opts,
		     struct dmc_walk_want *want);
void chk_facts_visit(struct chk *c, int tag, int offset, int depth,
		     const struct fdt_property *prop, int len);
void chk_facts_end(struct chk *c);

/**
 * chk_report() - hand one finding to the caller
 * @node:	node concerned (its path is reported), or < 0 for "/"
 */
void chk_report(struct chk *c, enum dmc_sev sev, const char *rule,
		unsigned int item, int node, const char *fmt, ...);

/* Does @node's compatible list contain @compat? */
bool chk_compat(const struct chk *c, int node, const char *compat);

/* Scan one batch of pools starting at @from: their first users, by walk. */
void chk_phandle_walk(const struct chk *c, struct chk_ph_batch *b, int from);

/* Is [@base, @base + @size) inside one /memory range? */
bool chk_in_memory(const struct chk *c, uint64_t base, uint64_t size);

/* The /reserved-memory child with phandle @ph, or < 0 */
int chk_pool_by_phandle(const struct chk *c, uint32_t ph);

/* A restricted pool's reg, when it has exactly what Linux needs. */
int chk_pool_reg(const struct chk *c, int node, uint64_t *base,
		 uint64_t *size);

void chk_resmem(struct chk *c);
void chk_pci(struct chk *c);
void chk_kconfig(struct chk *c);

#endif /* DMACAGE_CHECK_H */
