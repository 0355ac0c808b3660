// SPDX-License-Identifier: GPL-2.0+
/*
 * Console reports of the plan: a table for people and "dmacage: ..." lines
 * with fixed keys for test stations and the e2e tests, which parse them
 * (format in doc/uboot.md; keep the two in step).
 */
#include <dmacage/field.h>
#include <dmacage/uboot.h>

static const char *const dmacage_states[] = {
	[DMC_DOM_PLANNED] = "planned",
	[DMC_DOM_FAILED] = "failed",
	[DMC_DOM_OFF] = "off",
};

static const char *const dmacage_on_errors[] = {
	[DMC_ON_ERROR_DISABLE] = "disable",
	[DMC_ON_ERROR_HALT] = "halt",
	[DMC_ON_ERROR_WARN] = "warn",
};

const char *dmacage_profile(void)
{
	return IS_ENABLED(CONFIG_DMACAGE_BRINGUP) ? "bring-up" : "production";
}

static void dmacage_row(const char *what, const char *label, u64 base,
			u64 size)
{
	char hs[24];

	dmc_fmt(hs, sizeof(hs), "%H", (unsigned long long)size);
	printf("  %-10s %-19s 0x%010llx-0x%010llx %10s\n", what, label,
	       (unsigned long long)base,
	       (unsigned long long)(base + size - 1), hs);
}

static void dmacage_print_domain(const struct dmc_domain *d,
				 const struct dmc_window *w)
{
	printf("  domain %s: %s (%s form), %s%s\n", d->name, d->host,
	       d->nendpoints ? "endpoint" : "host-bridge",
	       dmacage_states[w->state],
	       w->state == DMC_DOM_PLANNED && !dmc_domain_enforced(d) ?
	       ", pool only, not enforced" : "");
	if (w->state != DMC_DOM_PLANNED) {
		printf("    %s\n", w->reason);
		return;
	}
	dmacage_row("window", d->name, w->base, w->size);
	if (w->coherent_size)
		dmacage_row("coherent", "shared-dma-pool", w->coherent_base,
			    w->coherent_size);
	dmacage_row("restricted", "restricted-dma-pool", w->restricted_base,
		    w->restricted_size);
	if (w->restricted_size != w->restricted_req ||
	    w->coherent_size != w->coherent_req)
		printf("    rounded up from restricted 0x%llx, coherent 0x%llx\n",
		       (unsigned long long)w->restricted_req,
		       (unsigned long long)w->coherent_req);
}

static void dmacage_print_window_line(const struct dmc_domain *d,
				      const struct dmc_window *w)
{
	if (w->state != DMC_DOM_PLANNED) {
		printf("dmacage: window %s state=%s code=%d reason=\"%s\"\n",
		       d->name, dmacage_states[w->state], w->code, w->reason);
		return;
	}
	printf("dmacage: window %s state=planned base=0x%llx size=0x%llx coherent=0x%llx+0x%llx restricted=0x%llx+0x%llx dma=0x%llx enforced=%s\n",
	       d->name, (unsigned long long)w->base,
	       (unsigned long long)w->size,
	       (unsigned long long)w->coherent_base,
	       (unsigned long long)w->coherent_size,
	       (unsigned long long)w->restricted_base,
	       (unsigned long long)w->restricted_size,
	       (unsigned long long)w->dma_base,
	       dmc_domain_enforced(d) ? "checker" : "no");
}

/* The policy's source in words, for the plan table's heading. */
static void dmacage_print_source(const struct dmacage_state *st)
{
	printf("dmacage: policy from ");
	if (st->src == DMACAGE_SRC_ENV)
		printf("memory at 0x%lx (dmacage_policy)", st->pol_addr);
	else if (st->src == DMACAGE_SRC_CONTROL)
		printf("the control DT");
	else if (st->src == DMACAGE_SRC_FIT)
		printf("the signed FIT configuration");
	else
		printf("the built-in DTB");
	if (st->ovr.napplied)
		printf(", with %u dmacage_* environment override(s)",
		       st->ovr.napplied);
	else
		printf(", no environment overrides");
	if (st->ovr.nrefused)
		printf(" (%u refused)", st->ovr.nrefused);
}

void dmacage_print_plan(const struct dmacage_state *st)
{
	unsigned int i;

	if (IS_ENABLED(CONFIG_DMACAGE_BRINGUP))
		printf("dmacage: WARNING: bring-up build (CONFIG_DMACAGE_BRINGUP): the environment may weaken the policy; never ship it\n");
	if (st->src == DMACAGE_SRC_NONE) {
		printf("dmacage: no policy (control DT, dmacage_policy and built-in all absent)\n");
		return;
	}
	if (!st->planned) {
		printf("dmacage: no plan: %s: %s\n", st->err.where,
		       dmacage_err_msg(&st->err));
		return;
	}
	dmacage_print_source(st);
	printf(", on-error %s, arch %s\n", dmacage_on_errors[st->pol.on_error],
	       st->plan.arch == DMC_ARCH_ARM ? "arm" : "arm64");
	printf("  %-10s %-19s %-25s %10s\n", "what", "label", "range", "size");
	for (i = 0; i < st->mm.ndram; i++)
		dmacage_row("dram", st->mm.dram[i].label, st->mm.dram[i].base,
			    st->mm.dram[i].size);
	for (i = 0; i < st->mm.navoid; i++)
		dmacage_row("avoid", st->mm.avoid[i].label,
			    st->mm.avoid[i].base, st->mm.avoid[i].size);
	if (st->plan.lowmem_end)
		printf("  ARM lowmem ends at 0x%llx\n",
		       (unsigned long long)st->plan.lowmem_end);
	for (i = 0; i < st->plan.nwin; i++)
		dmacage_print_domain(&st->pol.dom[i], &st->plan.win[i]);
	for (i = 0; i < st->plan.nwin; i++)
		dmacage_print_window_line(&st->pol.dom[i], &st->plan.win[i]);
}

void dmacage_print_summary(const char *cmd, int rc, const char *extra)
{
	const struct dmacage_state *st = dmacage_state();
	unsigned int i, n[3] = { 0 }, unenforced = 0;
	char src[40];

	for (i = 0; st->planned && i < st->plan.nwin; i++) {
		n[st->plan.win[i].state]++;
		unenforced += st->plan.win[i].state == DMC_DOM_PLANNED &&
			      !dmc_domain_enforced(&st->pol.dom[i]);
	}
	printf("dmacage: summary cmd=%s rc=%d src=%s domains=%u planned=%u failed=%u off=%u hash=0x%08x unenforced=%u profile=%s refused=%u%s%s\n",
	       cmd, rc, dmacage_src_text(st, src, sizeof(src)),
	       st->planned ? st->plan.nwin : 0, n[DMC_DOM_PLANNED],
	       n[DMC_DOM_FAILED], n[DMC_DOM_OFF],
	       st->planned ? st->plan.hash : 0, unenforced, dmacage_profile(),
	       st->ovr.nrefused, extra ? " " : "", extra ? extra : "");
}
