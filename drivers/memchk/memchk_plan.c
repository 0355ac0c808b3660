// SPDX-License-Identifier: GPL-2.0+
/*
 * Policy and plan to checker intent: which clients a checker confines and
 * which windows it opens for them. Kept apart from the drivers so that
 * U-Boot and "dmacage regs" derive the intent the same way.
 */
#include <dmacage/memchk.h>

void memchk_intent_init(struct memchk_intent *in)
{
	memset(in, 0, sizeof(*in));
}

int memchk_intent_add(struct memchk_intent *in, const uint32_t *clients,
		      unsigned int nclients, uint64_t base, uint64_t size,
		      unsigned int perm, struct dmc_err *err)
{
	struct memchk_window *w;
	uint32_t bits = 0;
	unsigned int i;

	for (i = 0; i < nclients; i++) {
		if (clients[i] >= MEMCHK_MAX_CLIENTS)
			return dmc_fail(err, -MEMCHK_E_CLIENT, "clients",
					"client ID %u: at most %u", clients[i],
					MEMCHK_MAX_CLIENTS - 1);
		bits |= 1u << clients[i];
	}
	in->confined |= bits;
	if (!size)
		return 0;
	if (in->nwin >= MEMCHK_MAX_WINDOWS)
		return dmc_fail(err, -MEMCHK_E_TOOMANY, "clients",
				"more than %u checker windows",
				MEMCHK_MAX_WINDOWS);
	w = &in->win[in->nwin++];
	w->base = base;
	w->size = size;
	w->clients = bits;
	w->perm = perm;
	return 0;
}

/*
 * Domain @d's MSI doorbell page, write-only. Domains whose hosts share an
 * MSI controller share its page: one window then grants it to all their
 * clients, since checker windows may not overlap. Pages are 4 KiB
 * aligned, so two are the same or apart. Added after every pool window,
 * so memchk_window_slot() stays the pool's slot.
 */
static int memchk_intent_msi(struct memchk_intent *in,
			     const struct dmc_domain *d,
			     const struct dmc_window *w, struct dmc_err *err)
{
	uint32_t bits = 0;
	unsigned int k;

	/* IDs out of range were refused with the domain's pool window */
	for (k = 0; k < d->nclients; k++)
		if (d->clients[k] < MEMCHK_MAX_CLIENTS)
			bits |= 1u << d->clients[k];
	for (k = 0; k < in->nwin; k++) {
		if (in->win[k].base != w->msi_base)
			continue;
		if (in->win[k].perm != MEMCHK_PERM_W ||
		    in->win[k].size != w->msi_size)
			return dmc_fail(err, -MEMCHK_E_OVERLAP, d->name,
					"MSI doorbell page 0x%llx is also a pool window",
					(unsigned long long)w->msi_base);
		in->win[k].clients |= bits;
		return 0;
	}
	return memchk_intent_add(in, d->clients, d->nclients, w->msi_base,
				 w->msi_size, MEMCHK_PERM_W, err);
}

int memchk_intent_from_plan(struct memchk_intent *in,
			    const struct dmc_policy *pol,
			    const struct dmc_plan *plan, uint32_t phandle,
			    struct dmc_err *err)
{
	const struct dmc_domain *d;
	const struct dmc_window *w;
	unsigned int i;
	int ret;

	memchk_intent_init(in);
	for (i = 0; i < pol->ndomains && i < plan->nwin; i++) {
		d = &pol->dom[i];
		w = &plan->win[i];
		if (d->checker != phandle)
			continue;
		/* Naming a checker but no clients would confine nothing. */
		if (!d->nclients)
			return dmc_fail(err, -MEMCHK_E_CLIENT, d->name,
					"names checker 0x%x but lists no clients",
					phandle);
		/* Not planned: confine with no window, i.e. deny everywhere. */
		ret = memchk_intent_add(in, d->clients, d->nclients, w->base,
					w->state == DMC_DOM_PLANNED ? w->size : 0,
					MEMCHK_PERM_RW, err);
		if (ret) {
			if (err)
				dmc_fmt(err->where, sizeof(err->where), "%s",
					d->name);
			return ret;
		}
	}
	/* the MSI doorbell grants, write-only, one page each */
	for (i = 0; i < pol->ndomains && i < plan->nwin; i++) {
		d = &pol->dom[i];
		w = &plan->win[i];
		if (d->checker != phandle || w->state != DMC_DOM_PLANNED ||
		    !w->msi_size)
			continue;
		ret = memchk_intent_msi(in, d, w, err);
		if (ret) {
			if (err)
				dmc_fmt(err->where, sizeof(err->where), "%s",
					d->name);
			return ret;
		}
	}
	return 0;
}

void memchk_plan_note(struct dmc_plan *plan, const struct dmc_policy *pol,
		      uint32_t phandle, enum dmc_chk_guard guard)
{
	struct dmc_window *w;
	unsigned int i;

	for (i = 0; i < pol->ndomains && i < plan->nwin; i++) {
		w = &plan->win[i];
		if (pol->dom[i].checker != phandle || !pol->dom[i].nclients ||
		    w->state != DMC_DOM_PLANNED)
			continue;
		w->nchk = 1;
		w->chk[0].base = w->base;
		w->chk[0].size = w->size;
		w->chk_guard = guard;
		w->chk_msi.base = w->msi_size ? w->msi_base : 0;
		w->chk_msi.size = w->msi_size;
	}
}

int memchk_window_slot(const struct dmc_policy *pol,
		       const struct dmc_plan *plan, unsigned int dom)
{
	unsigned int i;
	int slot = 0;

	if (dom >= pol->ndomains || dom >= plan->nwin ||
	    !pol->dom[dom].checker || plan->win[dom].state != DMC_DOM_PLANNED)
		return -1;
	/* Same order as memchk_intent_from_plan(): planned domains, in turn. */
	for (i = 0; i < dom; i++)
		if (pol->dom[i].checker == pol->dom[dom].checker &&
		    plan->win[i].state == DMC_DOM_PLANNED)
			slot++;
	return slot;
}
