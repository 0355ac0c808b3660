// SPDX-License-Identifier: GPL-2.0+
/*
 * The planner: one window per domain, [coherent pool][restricted pool],
 * placed at the highest 2 MiB-aligned address that satisfies every rule
 * Linux applies to a restricted pool (rules R20, R22, R29, R33):
 *
 *   - inside one DRAM range (a pool spanning a hole is not one region),
 *   - window end <= the policy's limit,
 *   - on ARM32, wholly in lowmem (and so below 4 GiB),
 *   - inside one dma-ranges CPU window of the host bridge, with the DMA-side
 *     end within dma-bits (no dma-ranges: identity),
 *   - clear of every avoided range and of earlier domains' windows.
 *
 * Highest-first keeps low memory (ZONE_DMA, 32-bit-only devices) free and
 * makes the result deterministic: the same inputs always give the same
 * plan, whatever order the caller found the DRAM banks in.
 */
#include <dmacage/dmacage.h>
#include "fdtutil.h"

static uint64_t dmc_roundup(uint64_t v, uint64_t align)
{
	return (v + align - 1) / align * align;
}

static uint64_t dmc_min(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t dmc_max(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* a + b, saturating at 2^64 - 1 (no range in the map ends above that) */
static uint64_t dmc_sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* The largest span seen at one stage of the search, for error messages. */
struct dmc_span {
	uint64_t base;
	uint64_t size;
};

/*
 * Everything the search needs about one domain. The bools sit together:
 * apart, their padding cost 8 B of stack on arm32.
 */
struct dmc_ctx {
	const struct dmc_domain *d;
	const struct dmc_memmap *mm;
	uint64_t size;		/* rounded window size */
	uint64_t cap;		/* window end <= cap (limit, lowmem) */
	const char *cap_name;	/* what @cap is, for messages */
	/* the host's dma-ranges as read, zone i from entry i: dmc_zone() */
	unsigned int nranges;
	struct dmc_dma_range range[DMC_MAX_DMA_RANGES];
	bool identity;		/* no dma-ranges on the host */
	bool found;		/* search result: @best and @best_zone are set */
	unsigned int best_zone;
	uint64_t best;
	/* search results: largest span per stage */
	struct dmc_span dram, below, reach, gap;
	const struct dmc_policy *pol;	/* with @plan and @idx: the blockers */
	const struct dmc_plan *plan;
	unsigned int idx;
};

static void dmc_span_note(struct dmc_span *s, uint64_t lo, uint64_t hi)
{
	if (hi > lo && hi - lo > s->size) {
		s->base = lo;
		s->size = hi - lo;
	}
}

/* One past the highest DMA address of @d's dma-bits (2^64 - 1 for 64). */
static uint64_t dmc_dma_top(const struct dmc_domain *d)
{
	return d->dma_bits >= 64 ? UINT64_MAX : 1ULL << d->dma_bits;
}

/*
 * Zone @i: the CPU span [@lo, @hi) a window may occupy for dma-ranges
 * entry @i. Window end <= @hi keeps both the CPU side inside the entry and
 * the DMA side within dma-bits. Return: false when the entry reaches
 * nothing (empty, or wholly above dma-bits).
 */
static bool dmc_zone(const struct dmc_ctx *c, unsigned int i, uint64_t *lo,
		     uint64_t *hi)
{
	const struct dmc_dma_range *r = &c->range[i];
	bool bits64 = c->d->dma_bits >= 64;
	uint64_t top = dmc_dma_top(c->d);

	if (!r->size || (!bits64 && r->dma >= top))
		return false;
	*lo = r->cpu;
	*hi = dmc_sat_add(r->cpu, r->size);
	if (!bits64)
		*hi = dmc_min(*hi, dmc_sat_add(r->cpu, top - r->dma));
	return true;
}

/*
 * The host's dma-ranges, each entry a zone; none: one zone, the identity
 * over the whole DMA space.
 */
static int dmc_build_zones(struct dmc_ctx *c, const struct dmc_os_host *h,
			   struct dmc_window *w)
{
	int n = h->nranges;

	if (n < 0) {
		w->code = n;
		DMC_REASON(w,
			"%s: dma-ranges of host %s is %s", c->d->name,
			c->d->host, n == -DMC_E_TOOMANY ?
			"longer than dmacage supports" : "malformed");
		return n;
	}
	c->identity = n == 0;
	if (c->identity) {
		c->range[0] = (struct dmc_dma_range){
			.size = dmc_dma_top(c->d),
		};
		n = 1;
	} else {
		memcpy(c->range, h->range, n * sizeof(c->range[0]));
	}
	c->nranges = n;
	return 0;
}

/*
 * Blocker @i of the domain being planned: the avoided ranges, then the
 * windows of the domains planned before it. They are read where they lie
 * rather than copied and sorted, which kept 1.7 KiB on the stack; at most
 * 72 of them makes the scans below cheap. Return: false past the last.
 */
static bool dmc_blocker(const struct dmc_ctx *c, unsigned int i,
			struct dmc_range *r, const char **label)
{
	const struct dmc_window *w;

	if (i < c->mm->navoid) {
		r->base = c->mm->avoid[i].base;
		r->size = c->mm->avoid[i].size;
		*label = c->mm->avoid[i].label;
		return true;
	}
	for (i -= c->mm->navoid; i < c->idx; i++) {
		w = &c->plan->win[i];
		if (w->state != DMC_DOM_PLANNED)
			continue;
		r->base = w->base;
		r->size = w->size;
		*label = c->pol->dom[i].name;
		return true;
	}
	return false;
}

/*
 * The blocker with the lowest base among those ending above @cur and
 * starting below @hi: the next one a walk sorted by base would meet, or,
 * for a fixed window [@cur, @hi), the first it overlaps. Ties go to the
 * first listed, as a stable sort would. Return: false when there is none.
 */
static bool dmc_lowest_blocker(const struct dmc_ctx *c, uint64_t cur,
			       uint64_t hi, struct dmc_range *best,
			       const char **label)
{
	struct dmc_range r;
	const char *l;
	unsigned int i, n;
	bool found = false;

	n = c->mm->navoid + c->idx;
	for (i = 0; i < n && dmc_blocker(c, i, &r, &l); i++) {
		if (r.base + r.size <= cur || r.base >= hi)
			continue;
		if (!found || r.base < best->base) {
			*best = r;
			*label = l;
			found = true;
		}
	}
	return found;
}

/* Highest 2 MiB-aligned window start inside the free gap [lo, hi). */
static void dmc_try_gap(struct dmc_ctx *c, uint64_t lo, uint64_t hi,
			unsigned int zone)
{
	uint64_t b;

	dmc_span_note(&c->gap, lo, hi);
	if (hi - lo < c->size)
		return;
	b = (hi - c->size) & ~(DMC_SZ_2M - 1);
	if (b < lo)
		return;
	if (!c->found || b > c->best) {
		c->found = true;
		c->best = b;
		c->best_zone = zone;
	}
}

/* Walk the free gaps of [lo, hi) between the sorted blockers. */
static void dmc_search_span(struct dmc_ctx *c, uint64_t lo, uint64_t hi,
			    unsigned int zone)
{
	struct dmc_range b;
	const char *label;
	uint64_t cur = lo;

	while (cur < hi && dmc_lowest_blocker(c, cur, hi, &b, &label)) {
		if (b.base > cur)
			dmc_try_gap(c, cur, b.base, zone);
		cur = dmc_max(cur, b.base + b.size);
	}
	if (cur < hi)
		dmc_try_gap(c, cur, hi, zone);
}

static void dmc_search(struct dmc_ctx *c)
{
	const struct dmc_region *r;
	uint64_t lo, hi;
	unsigned int i, z;

	for (i = 0; i < c->mm->ndram; i++) {
		r = &c->mm->dram[i];
		dmc_span_note(&c->dram, r->base, r->base + r->size);
		dmc_span_note(&c->below, r->base,
			      dmc_min(r->base + r->size, c->cap));
		for (z = 0; z < c->nranges; z++) {
			if (!dmc_zone(c, z, &lo, &hi))
				continue;
			lo = dmc_max(r->base, lo);
			hi = dmc_min(dmc_min(r->base + r->size, hi), c->cap);
			if (hi <= lo)
				continue;
			dmc_span_note(&c->reach, lo, hi);
			dmc_search_span(c, lo, hi, z);
		}
	}
}

/* " below limit 0x...", or "" when nothing caps the window end. */
static void dmc_cap_text(const struct dmc_ctx *c, char *buf, size_t size)
{
	if (c->cap_name)
		dmc_fmt(buf, size, " below %s 0x%llx", c->cap_name,
			(unsigned long long)c->cap);
	else
		buf[0] = '\0';
}

/* Why the search found nothing: the first stage that was too small. */
static void dmc_explain(const struct dmc_ctx *c, struct dmc_window *w)
{
	const char *name = c->d->name;
	char cap[64];

	dmc_cap_text(c, cap, sizeof(cap));
	w->code = -DMC_E_NOFIT;
	if (!c->below.size)
		DMC_REASON(w,
			"%s: there is no DRAM%s, need %M", name, cap, c->size);
	else if (!c->reach.size)
		DMC_REASON(w,
			"%s: no DRAM%s is reachable by %s with %u-bit DMA%s, need %M",
			name, cap, c->d->host, c->d->dma_bits,
			c->identity ? "" : " via dma-ranges", c->size);
	else if (c->dram.size < c->size)
		DMC_REASON(w,
			"%s: largest DRAM range is %M at 0x%llx, need %M",
			name, c->dram.size, (unsigned long long)c->dram.base,
			c->size);
	else if (c->below.size < c->size)
		DMC_REASON(w,
			"%s: largest DRAM span%s is %M at 0x%llx, need %M",
			name, cap, c->below.size,
			(unsigned long long)c->below.base, c->size);
	else if (c->reach.size < c->size)
		DMC_REASON(w,
			"%s: largest DRAM span%s that %s reaches with %u-bit DMA%s is %M at 0x%llx, need %M",
			name, cap, c->d->host, c->d->dma_bits,
			c->identity ? "" : " via dma-ranges", c->reach.size,
			(unsigned long long)c->reach.base, c->size);
	else if (c->gap.size < c->size)
		DMC_REASON(w,
			"%s: largest free gap%s is %M at 0x%llx, need %M",
			name, cap, c->gap.size,
			(unsigned long long)c->gap.base, c->size);
	else
		DMC_REASON(w,
			"%s: no 2 MiB-aligned base fits; largest free gap%s is %M at 0x%llx, need %M",
			name, cap, c->gap.size,
			(unsigned long long)c->gap.base, c->size);
}

/* Check a fixed base against every rule, naming the first one broken. */
static bool dmc_check_fixed(struct dmc_ctx *c, struct dmc_window *w)
{
	const char *name = c->d->name, *label;
	uint64_t b = c->d->base, e, lo, hi;
	struct dmc_range blk;
	unsigned int i;

	w->code = -DMC_E_NOFIT;
	if (b > UINT64_MAX - c->size) {
		DMC_REASON(w,
			"%s: fixed base 0x%llx + %H wraps past 2^64", name,
			(unsigned long long)b, c->size);
		return false;
	}
	e = b + c->size;
	for (i = 0; i < c->mm->ndram; i++)
		if (c->mm->dram[i].base <= b &&
		    e <= c->mm->dram[i].base + c->mm->dram[i].size)
			break;
	if (i == c->mm->ndram) {
		DMC_REASON(w,
			"%s: fixed window 0x%llx-0x%llx (%H) is not inside one DRAM range",
			name, (unsigned long long)b, (unsigned long long)e,
			c->size);
		return false;
	}
	if (e > c->cap) {
		DMC_REASON(w,
			"%s: fixed window end 0x%llx is above %s 0x%llx",
			name, (unsigned long long)e, c->cap_name,
			(unsigned long long)c->cap);
		return false;
	}
	for (i = 0; i < c->nranges; i++)
		if (dmc_zone(c, i, &lo, &hi) && lo <= b && e <= hi)
			break;
	if (i == c->nranges) {
		DMC_REASON(w,
			"%s: fixed window 0x%llx-0x%llx is not reachable by %s with %u-bit DMA%s",
			name, (unsigned long long)b, (unsigned long long)e,
			c->d->host, c->d->dma_bits,
			c->identity ? "" : " inside one dma-ranges entry");
		return false;
	}
	c->best_zone = i;
	if (dmc_lowest_blocker(c, b, e, &blk, &label)) {
		DMC_REASON(w,
			"%s: fixed window 0x%llx-0x%llx overlaps %s at 0x%llx-0x%llx",
			name, (unsigned long long)b, (unsigned long long)e,
			label, (unsigned long long)blk.base,
			(unsigned long long)(blk.base + blk.size));
		return false;
	}
	c->best = b;
	w->code = 0;
	return true;
}

/* The window's end cap from limit and the ARM32 lowmem end. */
static void dmc_set_cap(struct dmc_ctx *c, uint64_t lowmem_end)
{
	c->cap = UINT64_MAX;
	c->cap_name = NULL;
	if (c->d->has_limit) {
		c->cap = c->d->limit;
		c->cap_name = "limit";
	}
	if (lowmem_end && lowmem_end < c->cap) {
		c->cap = lowmem_end;
		c->cap_name = "ARM lowmem end";
	}
}

/* Why @d has no usable host bridge, if so (@host from dmc_read()). */
static int dmc_check_host(const struct dmc_domain *d, int host,
			  struct dmc_window *w)
{
	if (host >= 0)
		return 0;
	w->code = -DMC_E_NOHOST;
	if (host == -DMC_E_NOHOST)
		DMC_REASON(w,
			"%s: host %s is not a PCI host bridge (device_type \"pci\" under a non-PCI parent)",
			d->name, d->host);
	else
		DMC_REASON(w,
			"%s: host %s is not in the OS device tree", d->name,
			d->host);
	return w->code;
}

/*
 * The MSI doorbell grant of planned domain @d: the doorbell's 4 KiB page,
 * a write-only checker window of its own (memchk_intent_from_plan()).
 * A doorbell that cannot be stated, or a page in DRAM (the window would
 * let the functions write that RAM), fails the domain: its interrupts
 * would fail, or it would be unconfined, and neither is a product.
 */
static void dmc_plan_msi(const struct dmc_domain *d,
			 const struct dmc_os_host *h,
			 const struct dmc_memmap *mm, struct dmc_window *w)
{
	const struct dmc_region *r;
	uint64_t db = d->msi_doorbell, page;
	unsigned int i;

	if (d->msi == DMC_MSI_NONE)
		return;
	if (d->msi == DMC_MSI_DERIVE) {
		if (!h->msi_ok) {
			w->code = -DMC_E_NOFIT;
			DMC_REASON(w,
				"%s: msi-window: %s", d->name, h->msi_why);
			goto fail;
		}
		db = h->msi_doorbell;
	}
	page = db & ~(DMC_SZ_4K - 1);
	for (i = 0; i < mm->ndram; i++) {
		r = &mm->dram[i];
		if (page < r->base + r->size && r->base < page + DMC_SZ_4K) {
			w->code = -DMC_E_NOFIT;
			DMC_REASON(w,
				"%s: MSI doorbell 0x%llx is in DRAM 0x%llx-0x%llx; a write window there would let the devices write that RAM",
				d->name, (unsigned long long)db,
				(unsigned long long)r->base,
				(unsigned long long)(r->base + r->size));
			goto fail;
		}
	}
	w->msi_doorbell = db;
	w->msi_base = page;
	w->msi_size = DMC_SZ_4K;
	return;
fail:
	/* as any failed domain: no window, so its clients are denied */
	w->state = DMC_DOM_FAILED;
	w->base = w->size = w->dma_base = 0;
	w->coherent_base = w->restricted_base = 0;
}

/* Plan domain @idx, whose host bridge dmc_read() described in @h. */
static void dmc_plan_domain(const struct dmc_policy *pol, unsigned int idx,
			    const struct dmc_os_host *h,
			    const struct dmc_memmap *mm, struct dmc_plan *plan)
{
	const struct dmc_domain *d = &pol->dom[idx];
	struct dmc_window *w = &plan->win[idx];
	struct dmc_ctx c;

	memset(w, 0, sizeof(*w));
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.mm = mm;
	w->restricted_req = d->restricted_size;
	w->coherent_req = d->coherent_size;
	w->restricted_size = dmc_roundup(d->restricted_size, DMC_SZ_256K);
	/* ARM32 no-map regions must be 2 MiB granular (rule R34) */
	w->coherent_size = dmc_roundup(d->coherent_size,
				       plan->arch == DMC_ARCH_ARM ?
				       DMC_SZ_2M : DMC_SZ_4K);
	c.size = w->coherent_size + w->restricted_size;
	w->state = DMC_DOM_FAILED;

	if (d->disabled) {
		w->state = DMC_DOM_OFF;
		dmc_fmt(w->reason, sizeof(w->reason), "%s: domain is disabled",
			d->name);
		return;
	}
	if (dmc_check_host(d, h->node, w))
		return;
	if (dmc_build_zones(&c, h, w))
		return;
	if (!mm->ndram) {
		w->code = -DMC_E_MEMMAP;
		DMC_REASON(w, "%s: no DRAM is known",
			d->name);
		return;
	}
	dmc_set_cap(&c, plan->lowmem_end);
	c.pol = pol;
	c.plan = plan;
	c.idx = idx;

	if (d->has_base) {
		if (!dmc_check_fixed(&c, w))
			return;
	} else {
		dmc_search(&c);
		if (!c.found) {
			dmc_explain(&c, w);
			return;
		}
	}
	w->state = DMC_DOM_PLANNED;
	w->code = 0;
	w->base = c.best;
	w->size = c.size;
	w->dma_base = c.best - c.range[c.best_zone].cpu +
		      c.range[c.best_zone].dma;
	w->coherent_base = c.best;
	w->restricted_base = c.best + w->coherent_size;
	dmc_plan_msi(d, h, mm, w);
}

static enum dmc_arch dmc_plan_arch(const struct dmc_policy *pol,
				   enum dmc_arch arch)
{
	if (arch != DMC_ARCH_UNSET)
		return arch;
	/* the checker also applies arm64 rules when nothing says otherwise */
	return pol->arch != DMC_ARCH_UNSET ? pol->arch : DMC_ARCH_ARM64;
}

int dmc_plan(const struct dmc_policy *pol, const struct dmc_osdt *os,
	     const struct dmc_memmap *mm, enum dmc_arch arch,
	     struct dmc_plan *plan, struct dmc_err *err)
{
	unsigned int i;
	int ret = 0;

	memset(plan, 0, sizeof(*plan));
	if (pol->ndomains > DMC_MAX_DOMAINS || os->nhosts != pol->ndomains)
		return dmc_fail(err, -DMC_E_INTERNAL, "policy",
				"%u domains, but the OS DT was read for %u",
				pol->ndomains, os->nhosts);
	plan->arch = dmc_plan_arch(pol, arch);
	if (plan->arch == DMC_ARCH_ARM && mm->ndram)
		plan->lowmem_end = dmc_arm_lowmem_end(mm->dram[0].base,
						      os->vmalloc);
	for (i = 0; i < mm->ndram && i < DMC_MAX_RANGES; i++) {
		plan->dram[i].base = mm->dram[i].base;
		plan->dram[i].size = mm->dram[i].size;
	}
	plan->ndram = i;
	plan->nwin = pol->ndomains;
	for (i = 0; i < pol->ndomains; i++) {
		dmc_plan_domain(pol, i, &os->host[i], mm, plan);
		if (!ret && plan->win[i].state == DMC_DOM_FAILED)
			ret = dmc_fail(err, plan->win[i].code, pol->dom[i].name,
				       "%s", plan->win[i].reason);
	}
	dmc_plan_hash(plan);
	return ret;
}

static uint32_t dmc_fnv(uint32_t h, uint64_t v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++) {
		h ^= (uint8_t)(v >> (8 * i));
		h *= 16777619u;
	}
	return h;
}

/*
 * FNV-1a 32 over: nwin (u32), then per window state (u32), base,
 * coherent_size, restricted_size (u64 each), all little-endian. Base and
 * sizes are encoded as 0 unless the window is PLANNED, so the hash names
 * the layout Linux will see and nothing else.
 */
uint32_t dmc_plan_hash(struct dmc_plan *plan)
{
	const struct dmc_window *w;
	uint32_t h = 2166136261u;
	unsigned int i;
	bool on;

	h = dmc_fnv(h, plan->nwin, 4);
	for (i = 0; i < plan->nwin && i < DMC_MAX_DOMAINS; i++) {
		w = &plan->win[i];
		on = w->state == DMC_DOM_PLANNED;
		h = dmc_fnv(h, (uint32_t)w->state, 4);
		h = dmc_fnv(h, on ? w->base : 0, 8);
		h = dmc_fnv(h, on ? w->coherent_size : 0, 8);
		h = dmc_fnv(h, on ? w->restricted_size : 0, 8);
	}
	plan->hash = h;
	return h;
}
