// SPDX-License-Identifier: GPL-2.0+
/*
 * The fixup's third phase: the rules checker on the patched DT's own
 * bytes, scoped to what the fixup claims (the planned hosts and the pools
 * it wrote). A result that breaks a rule there is not handed back.
 */
#include "fixup.h"

/* Index of @host in @hosts[0..@n), or @n */
static unsigned int fx_host_find(const char *const *hosts, unsigned int n,
				 const char *host)
{
	unsigned int h;

	for (h = 0; h < n; h++)
		if (!strcmp(hosts[h], host))
			break;
	return h;
}

/*
 * What fx_verify() judges: the hosts of the planned domains, each once
 * (domains may share one in endpoint form), /reserved-memory and /memory.
 * Unconfined on purpose ("warn") or disabled is not our claim.
 */
static void fx_scope(struct fx_check *fx)
{
	struct dmc_check_opts *o = &fx->chk_opts;
	const char *host;
	unsigned int d;

	*o = (struct dmc_check_opts){
		.arch = fx->e->plan->arch,
		.errors_only = true,
		.hosts = fx->hosts,
		/* the memory the windows were placed in, not a placeholder */
		.dram = fx->e->plan->ndram ? fx->e->plan->dram : NULL,
		.ndram = fx->e->plan->ndram,
	};
	for (d = 0; d < fx->e->pol->ndomains && d < fx->e->plan->nwin; d++) {
		host = fx->e->pol->dom[d].host;
		if (fx->e->plan->win[d].state != DMC_DOM_PLANNED ||
		    fx_host_find(o->hosts, o->nhosts, host) < o->nhosts)
			continue;
		fx->hosts[o->nhosts++] = host;
	}
}

/* fx_verify() judges only our pools: a board's own is not our claim. */
static void fx_scope_pools(struct fx_check *fx)
{
	struct dmc_check_opts *o = &fx->chk_opts;
	unsigned int d;

	o->pools = fx->pools;
	o->npools = 0;
	for (d = 0; d < fx->e->plan->nwin && d < DMC_MAX_DOMAINS; d++) {
		if (fx->e->plan->win[d].state != DMC_DOM_PLANNED)
			continue;
		if (fx->e->dom[d].rph)
			fx->pools[o->npools++] = fx->e->dom[d].rph;
		if (fx->e->dom[d].cph)
			fx->pools[o->npools++] = fx->e->dom[d].cph;
	}
}

/*
 * Is finding @f, in the output, on a node whose confinement we claim:
 * below /reserved-memory, or in a planned host's subtree? By node, not by
 * path: a policy may name the host as libfdt finds it ("/pcie" for
 * pcie@10000000, a trailing '/'), which a finding's path does not spell
 * the same way. Each host's subtree ends at fx->out_host_end[], found
 * once, not at every finding.
 */
static bool fx_touched(const struct fx_check *fx, const struct dmc_finding *f)
{
	static const char resmem[] = "/reserved-memory";
	unsigned int h;

	if (!strncmp(f->path, resmem, sizeof(resmem) - 1))
		return true;
	/* fx_scope()'s hosts are the planned domains' */
	for (h = 0; h < fx->chk_opts.nhosts; h++)
		if (fx->out_host[h] >= 0 && f->node >= fx->out_host[h] &&
		    f->node < fx->out_host_end[h])
			return true;
	return false;
}

static void fx_finding(const struct dmc_finding *f, void *ctx)
{
	struct fx_check *fx = ctx;

	if (f->sev != DMC_SEV_ERROR || fx->failed || !fx_touched(fx, f))
		return;
	fx->first = *f;
	fx->failed = true;
	/* the first is all we report: the rest are only counted */
	fx->chk.cb = NULL;
}

/*
 * Errors elsewhere in the tree were there before and are `dmacage check`'s
 * business; errors on what we wrote mean the fixup must not claim success,
 * so the checker judges the output's own bytes, scoped to fx_scope()'s
 * hosts, /reserved-memory and /memory, and fx_touched() keeps only what
 * lies there. The checker's state and the first error are kept in the
 * workspace, not on a boot loader's stack.
 */
int fx_verify(struct fx_check *fx, const struct fx_edits *e, const void *out)
{
	unsigned int h;
	int ret;

	memset(fx, 0, sizeof(*fx));
	fx->e = e;
	fx_scope(fx);
	fx_scope_pools(fx);
	/* fx_emit() wrote @out from a gated input, in whole tags */
	for (h = 0; h < fx->chk_opts.nhosts; h++) {
		fx->out_host[h] = dmc_path_offset(out, fx->hosts[h]);
		if (fx->out_host[h] >= 0)
			fx->out_host_end[h] = dmc_skip_subtree(out,
							       fx->out_host[h]);
	}
	chk_init(&fx->chk, out, &fx->chk_opts, fx_finding, fx);
	ret = chk_run(&fx->chk, NULL);
	if (ret == -DMC_E_BADFDT)
		return dmc_fail(fx->e->err, -DMC_E_INTERNAL, "output",
				"the patched DT does not parse");
	/* the rule is named in a terse build too: (dmc_fail) is the function */
	if (fx->failed)
		return (dmc_fail)(fx->e->err, -DMC_E_RULES, fx->first.path,
				  "%s%s%s", fx->first.rule,
				  fx->first.msg[0] ? ": " : "", fx->first.msg);
	return 0;
}
