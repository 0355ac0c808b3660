/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Internal interface of the rules checker: one context, one reporting
 * function, and one entry per group of rules (check_resmem.c, check_pci.c,
 * check_kconfig.c).
 */
#ifndef DMACAGE_CHECK_H
#define DMACAGE_CHECK_H

#include <dmacage/dmacage.h>
#include "fdtutil.h"

#define CHK_PH_BATCH	16	/* pool phandles resolved per tree walk */
#define CHK_MAX_DMA_RANGES	8	/* per host bridge */

/*
 * The biggest things the checker holds, each only for a while and never
 * two at once: a host's dma-ranges as dmc_dma_ranges() copies them to be
 * checked; the finding chk_report() builds for the callback.
 */
union chk_buf {
	struct dmc_dma_range r[CHK_MAX_DMA_RANGES];
	struct dmc_finding f;
};

struct chk {
	const void *fdt;
	const struct dmc_check_opts *o;
	enum dmc_arch arch;
	dmc_finding_fn cb;
	void *ctx;
	struct dmc_check_sum sum;
	int root_ac, root_sc;
	int resmem;			/* /reserved-memory, or < 0 */
	int chosen;			/* /chosen, or < 0 */
	/* /memory as Linux sees it */
	unsigned int nmem;		/* reg entries seen */
	int mem_first, mem_last;	/* the first and last memory node */
	uint64_t mem_start, mem_end;	/* lowest base, highest end */
	uint64_t mem_cut;		/* mem= keeps memory below it */
	uint64_t lowmem_end;		/* ARM32 only */
	bool dram_given;		/* the caller's DRAM stands for /memory */
	int path_node;			/* whose path buf.f holds, or -1 */
	int path_depth;			/* and that node's depth */
	bool quiet;			/* count errors, report nothing */
	unsigned int quiet_errors;	/* the errors counted while quiet */
	int pool_seen;			/* chk_pool_ok()'s last pool, or -1 */
	bool pool_seen_ok;		/* and its verdict */
	union chk_buf buf;
};

/*
 * R11: one batch of pools, their phandles and the first node in the tree
 * that carries each. Only chk_resmem() needs it, so it lives in its frame,
 * not in struct chk under every rule.
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
 * dmc_check() is this and chk_run() with @c in the caller's struct
 * dmc_check_ws; the fixup's check of its output passes one in its own
 * workspace. Either way a boot loader's stack holds none of it.
 */
void chk_init(struct chk *c, const void *fdt,
	      const struct dmc_check_opts *opts, dmc_finding_fn cb, void *ctx);

/**
 * chk_run() - every rule on the tree chk_init() named, after the
 * structure gate
 * Return: as dmc_check().
 */
int chk_run(struct chk *c, struct dmc_check_sum *sum);

/**
 * chk_report() - hand one finding to the caller
 * @node:	node concerned (its path is reported), or < 0 for "/"
 */
void chk_report(struct chk *c, enum dmc_sev sev, const char *rule,
		unsigned int item, int node, const char *fmt, ...);
#ifdef DMC_TERSE
#define chk_report(c, sev, rule, item, node, ...) \
	(chk_report)(c, sev, rule, item, node, NULL)
#endif

/* Does @node's compatible list contain @compat? */
bool chk_compat(const struct chk *c, int node, const char *compat);

/*
 * Scan one batch of pools starting at @from: their first users, by walk.
 * Return: false when none has a phandle, and nothing was walked.
 */
bool chk_phandle_walk(const struct chk *c, struct chk_ph_batch *b, int from);

/* Is [@base, @base + @size) in /memory as Linux adds it (R10)? */
bool chk_in_memory(const struct chk *c, uint64_t base, uint64_t size);

/* The /reserved-memory child with phandle @ph, or < 0 */
int chk_pool_by_phandle(const struct chk *c, uint32_t ph);

/*
 * chk_pool_ok() - would Linux set up restricted pool @node for a device
 * that names it? Its own rules (items 6-14) find no error, and the
 * reserved-memory code holds it under the phandle Linux resolves to it.
 */
bool chk_pool_ok(struct chk *c, int node);

/* A restricted pool's reg, when it has exactly what Linux needs. */
int chk_pool_reg(const struct chk *c, int node, uint64_t *base,
		 uint64_t *size);

void chk_resmem(struct chk *c);
void chk_pci(struct chk *c);
void chk_kconfig(struct chk *c);

#endif /* DMACAGE_CHECK_H */
