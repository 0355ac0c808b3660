// SPDX-License-Identifier: GPL-2.0+
/*
 * Planner property test. Thousands of seeded random DRAM maps, reserved
 * ranges, dma-ranges and policies. For each plan:
 *
 *   - every PLANNED window satisfies every placement rule, checked by a
 *     model written here from the spec, not with the planner's
 *     helpers;
 *   - every auto-placed window is the highest fitting 2 MiB-aligned base,
 *     and every NOFIT failure is real: a brute-force search over every
 *     2 MiB-aligned base in every DRAM range agrees;
 *   - fixed bases, disabled domains, missing hosts, rounding, the return
 *     code and the plan hash match the model.
 *
 * DMC_PROP_SEED and DMC_PROP_ITERS override the seed and iteration count;
 * the seed is printed so any failure can be replayed.
 */
#include <dmacage/dmacage.h>
#include "ut.h"
#include "osdt.h"

#define MiB(x)		((uint64_t)(x) << 20)
#define GiB(x)		((uint64_t)(x) << 30)
#define ALIGN2M		0x200000ULL

static uint64_t rng_state;

/* xorshift64*: small, seedable, good enough to spread test cases */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* uniform-ish in [lo, hi] */
static uint64_t rnd_in(uint64_t lo, uint64_t hi)
{
	return lo + rnd() % (hi - lo + 1);
}

static bool chance(unsigned int percent)
{
	return rnd() % 100 < percent;
}

/* ---- one random scenario ---------------------------------------- */

struct model {
	enum dmc_arch arch;
	unsigned int ndram;
	struct osdt_range dram[3];
	unsigned int navoid;
	struct osdt_range avoid[6];
	unsigned int ndma;
	struct osdt_dma dma[2];
	uint64_t bootargs_vmalloc;	/* 0 = none */
	char bootargs[64];
	bool bad_host[DMC_MAX_DOMAINS];
};

static char os[8192];
static struct model m;
static struct dmc_policy pol;
static struct dmc_memmap mm;
static struct dmc_plan plan;

static void gen_map(void)
{
	uint64_t cur = rnd_in(0, 1024) << 20;
	unsigned int i;

	m.ndram = (unsigned int)rnd_in(1, 3);
	for (i = 0; i < m.ndram; i++) {
		/* disjoint, with a gap, 64 KiB granular (not 2 MiB) */
		m.dram[i].base = cur + (rnd_in(16, 8192) << 16);
		m.dram[i].size = rnd_in(256, 24576) << 16;
		cur = m.dram[i].base + m.dram[i].size;
	}
	m.navoid = (unsigned int)rnd_in(0, 6);
	for (i = 0; i < m.navoid; i++) {
		uint64_t lo = m.dram[0].base > MiB(64) ?
			      m.dram[0].base - MiB(64) : 0;

		m.avoid[i].base = rnd_in(lo, cur + MiB(64)) & ~0xfffULL;
		m.avoid[i].size = rnd_in(1, 32768) << 12;
	}
	m.ndma = chance(40) ? 0 : (unsigned int)rnd_in(1, 2);
	cur = rnd_in(0, 2048) << 20;
	for (i = 0; i < m.ndma; i++) {
		m.dma[i].cpu = cur;
		m.dma[i].size = rnd_in(256, 4096) << 20;
		switch (rnd() % 4) {
		case 0:
			m.dma[i].dma = m.dma[i].cpu;
			break;
		case 1:
			m.dma[i].dma = 0;
			break;
		case 2:
			m.dma[i].dma = rnd_in(0, 1ULL << 34) & ~0xfffffULL;
			break;
		default:
			m.dma[i].dma = m.dma[i].cpu > GiB(1) ?
				       m.dma[i].cpu - GiB(1) : m.dma[i].cpu;
			break;
		}
		cur += m.dma[i].size + (rnd_in(0, 512) << 20);
	}
	m.bootargs_vmalloc = 0;
	m.bootargs[0] = '\0';
	if (chance(10)) {
		m.bootargs_vmalloc = rnd_in(1, 1200);
		snprintf(m.bootargs, sizeof(m.bootargs),
			 "console=ttyS0 vmalloc=%lluM rw",
			 (unsigned long long)m.bootargs_vmalloc);
		m.bootargs_vmalloc <<= 20;
	}
}

static void gen_policy(void)
{
	static const unsigned int bits[] = { 28, 30, 31, 32, 32, 33, 34, 36,
					     40, 64 };
	uint64_t top = m.dram[m.ndram - 1].base + m.dram[m.ndram - 1].size;
	unsigned int i;

	memset(&pol, 0, sizeof(pol));
	m.arch = chance(50) ? DMC_ARCH_ARM : DMC_ARCH_ARM64;
	pol.arch = m.arch;
	if (chance(30)) {
		pol.has_vmalloc = true;
		pol.vmalloc_size = rnd_in(16, 976) << 20;
	}
	pol.ndomains = (unsigned int)rnd_in(1, 3);
	for (i = 0; i < pol.ndomains; i++) {
		struct dmc_domain *d = &pol.dom[i];

		snprintf(d->name, sizeof(d->name), "dom%u", i);
		m.bad_host[i] = chance(4);
		strcpy(d->host, m.bad_host[i] ? "/pcie@dead" : "/pcie@10000000");
		d->restricted_size = rnd_in(1, MiB(96));
		d->coherent_size = chance(50) ? 0 : rnd_in(1, MiB(6));
		d->dma_bits = bits[rnd() % (sizeof(bits) / sizeof(bits[0]))];
		if (chance(30)) {
			d->has_limit = true;
			d->limit = rnd_in(m.dram[0].base + 1, top + MiB(256));
		}
		if (chance(15)) {
			d->has_base = true;
			d->base = rnd_in(m.dram[0].base, top) & ~(ALIGN2M - 1);
		}
		d->disabled = chance(8);
	}
}

static int build(void)
{
	struct osdt o = { 0 };
	unsigned int i;
	int ret;

	for (i = 0; i < m.ndma; i++)
		o.dma[i] = m.dma[i];
	o.ndma = m.ndma;
	o.bootargs = m.bootargs[0] ? m.bootargs : NULL;
	ret = osdt_build(os, sizeof(os), &o);
	if (ret)
		return ret;
	dmc_memmap_init(&mm);
	for (i = 0; i < m.ndram; i++)
		if (dmc_memmap_add_dram(&mm, m.dram[i].base, m.dram[i].size,
					"dram", NULL))
			return -1;
	for (i = 0; i < m.navoid; i++)
		if (dmc_memmap_add_avoid(&mm, m.avoid[i].base, m.avoid[i].size,
					 "avoid", NULL))
			return -1;
	return 0;
}

/* ---- the independent model of the placement rules -------------------- */

static uint64_t up(uint64_t v, uint64_t a)
{
	return v % a ? v + a - v % a : v;
}

/* RAM start + 0x3F000000 - vmalloc, below 4 GiB (rules doc R33) */
static uint64_t model_lowmem(void)
{
	uint64_t vm, end;

	if (m.arch != DMC_ARCH_ARM)
		return UINT64_MAX;
	vm = m.bootargs_vmalloc ? m.bootargs_vmalloc :
	     pol.has_vmalloc ? pol.vmalloc_size : MiB(240);
	if (vm < MiB(16))
		vm = MiB(16);
	if (vm > MiB(976))
		vm = MiB(976);
	end = m.dram[0].base + 0x3F000000ULL - vm;
	return end > GiB(4) ? GiB(4) : end;
}

struct placed {
	uint64_t b, e;
};

static struct placed placed[DMC_MAX_DOMAINS];
static unsigned int nplaced;

static bool dma_ok(const struct dmc_domain *d, uint64_t b, uint64_t e,
		   uint64_t *dma_base)
{
	unsigned int i;

	if (!m.ndma) {
		*dma_base = b;
		return d->dma_bits == 64 || e <= (1ULL << d->dma_bits);
	}
	for (i = 0; i < m.ndma; i++) {
		const struct osdt_dma *r = &m.dma[i];

		if (b < r->cpu || e > r->cpu + r->size)
			continue;
		if (d->dma_bits < 64 &&
		    r->dma + (e - r->cpu) > (1ULL << d->dma_bits))
			continue;
		*dma_base = r->dma + (b - r->cpu);
		return true;
	}
	return false;
}

static bool fits(const struct dmc_domain *d, uint64_t b, uint64_t size,
		 uint64_t lowmem, uint64_t *dma_base)
{
	uint64_t e = b + size;
	unsigned int i;
	bool in_dram = false;

	if (b % ALIGN2M || e < b)
		return false;
	for (i = 0; i < m.ndram; i++)
		if (m.dram[i].base <= b && e <= m.dram[i].base + m.dram[i].size)
			in_dram = true;
	if (!in_dram)
		return false;
	if (d->has_limit && e > d->limit)
		return false;
	if (e > lowmem)
		return false;
	if (!dma_ok(d, b, e, dma_base))
		return false;
	for (i = 0; i < m.navoid; i++)
		if (b < m.avoid[i].base + m.avoid[i].size && m.avoid[i].base < e)
			return false;
	for (i = 0; i < nplaced; i++)
		if (b < placed[i].e && placed[i].b < e)
			return false;
	return true;
}

/* Highest fitting base by trying every 2 MiB-aligned one, top down. */
static bool brute(const struct dmc_domain *d, uint64_t size, uint64_t lowmem,
		  uint64_t *best)
{
	uint64_t b, dmab;
	unsigned int i;
	bool found = false;

	for (i = 0; i < m.ndram; i++) {
		uint64_t lo = m.dram[i].base, hi = lo + m.dram[i].size;

		if (hi - lo < size)
			continue;
		for (b = (hi - size) & ~(ALIGN2M - 1); b >= lo; b -= ALIGN2M) {
			if (fits(d, b, size, lowmem, &dmab)) {
				if (!found || b > *best)
					*best = b;
				found = true;
				break;
			}
			if (b < ALIGN2M)
				break;
		}
	}
	return found;
}

static uint32_t fnv(uint32_t h, uint64_t v, unsigned int n)
{
	while (n--) {
		h = (h ^ (v & 0xff)) * 16777619u;
		v >>= 8;
	}
	return h;
}

struct stats {
	unsigned int planned, fixed, nofit, nohost, off, brute_checked;
};

static struct stats st;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL: %s: seed 0x%llx iteration %u domain %u: ", \
		       ut_current, (unsigned long long)seed, it, i); \
		printf(__VA_ARGS__); \
		printf(" [%s]\n", w->reason); \
		return -1; \
	} \
} while (0)

static int check_plan(uint64_t seed, unsigned int it, int ret)
{
	uint64_t lowmem = model_lowmem(), best = 0, dmab = 0;
	int first = 0;
	uint32_t h = 2166136261u;
	unsigned int i = 0;
	const struct dmc_window *w = &plan.win[0];

	nplaced = 0;
	CHECK(plan.nwin == pol.ndomains, "nwin %u", plan.nwin);
	CHECK(plan.arch == m.arch, "arch %d", plan.arch);
	CHECK(m.arch != DMC_ARCH_ARM || plan.lowmem_end == lowmem,
	      "lowmem 0x%llx, model 0x%llx",
	      (unsigned long long)plan.lowmem_end, (unsigned long long)lowmem);
	h = fnv(h, plan.nwin, 4);
	for (i = 0; i < pol.ndomains; i++) {
		const struct dmc_domain *d = &pol.dom[i];
		uint64_t cs = up(d->coherent_size,
				 m.arch == DMC_ARCH_ARM ? MiB(2) : 0x1000);
		uint64_t rs = up(d->restricted_size, 0x40000);
		uint64_t size = cs + rs;
		bool ok;

		w = &plan.win[i];
		CHECK(w->restricted_req == d->restricted_size &&
		      w->coherent_req == d->coherent_size, "requests");
		CHECK(w->restricted_size == rs && w->coherent_size == cs,
		      "rounding r 0x%llx c 0x%llx",
		      (unsigned long long)w->restricted_size,
		      (unsigned long long)w->coherent_size);
		if (d->disabled) {
			CHECK(w->state == DMC_DOM_OFF, "state %d, want OFF",
			      w->state);
			st.off++;
		} else if (m.bad_host[i]) {
			CHECK(w->state == DMC_DOM_FAILED &&
			      w->code == -DMC_E_NOHOST, "want NOHOST");
			st.nohost++;
		} else if (d->has_base) {
			ok = fits(d, d->base, size, lowmem, &dmab);
			CHECK(ok == (w->state == DMC_DOM_PLANNED),
			      "fixed base 0x%llx: model says %s, state %d",
			      (unsigned long long)d->base,
			      ok ? "fits" : "does not fit", w->state);
			CHECK(ok || w->code == -DMC_E_NOFIT, "code %d", w->code);
			CHECK(!ok || w->base == d->base, "moved fixed base");
			st.fixed++;
		} else {
			ok = brute(d, size, lowmem, &best);
			st.brute_checked++;
			CHECK(ok == (w->state == DMC_DOM_PLANNED),
			      "brute force %s (0x%llx), state %d",
			      ok ? "found a base" : "found nothing",
			      (unsigned long long)best, w->state);
			CHECK(ok || w->code == -DMC_E_NOFIT, "code %d", w->code);
			CHECK(!ok || w->base == best,
			      "base 0x%llx, highest fitting is 0x%llx",
			      (unsigned long long)w->base,
			      (unsigned long long)best);
			if (!ok)
				st.nofit++;
		}
		if (w->state == DMC_DOM_FAILED) {
			char need[48];

			CHECK(strstr(w->reason, d->name) == w->reason,
			      "reason does not start with the domain name");
			/* a no-fit names the size it could not place */
			dmc_fmt(need, sizeof(need), "need %M", size);
			CHECK(w->code != -DMC_E_NOFIT || d->has_base ||
			      strstr(w->reason, need), "reason lacks \"%s\"",
			      need);
			CHECK(w->code != -DMC_E_NOFIT || !d->has_base ||
			      strstr(w->reason, "fixed"),
			      "fixed-base failure does not say so");
			if (!first)
				first = w->code;
		} else {
			CHECK(w->code == 0, "code %d on success", w->code);
		}
		if (w->state == DMC_DOM_PLANNED) {
			/* every invariant, re-checked on the planner's answer */
			CHECK(fits(d, w->base, size, lowmem, &dmab),
			      "planned window breaks a rule");
			CHECK(w->size == size && w->coherent_base == w->base &&
			      w->restricted_base == w->base + cs,
			      "window layout");
			CHECK(w->dma_base == dmab, "dma_base 0x%llx, model 0x%llx",
			      (unsigned long long)w->dma_base,
			      (unsigned long long)dmab);
			placed[nplaced].b = w->base;
			placed[nplaced++].e = w->base + size;
			st.planned++;
		}
		h = fnv(h, w->state, 4);
		h = fnv(h, w->state == DMC_DOM_PLANNED ? w->base : 0, 8);
		h = fnv(h, w->state == DMC_DOM_PLANNED ? cs : 0, 8);
		h = fnv(h, w->state == DMC_DOM_PLANNED ? rs : 0, 8);
	}
	i = 0;
	w = &plan.win[0];
	CHECK(ret == first, "returned %d, first failure %d", ret, first);
	CHECK(plan.hash == h, "hash 0x%08x, model 0x%08x", plan.hash, h);
	return 0;
}

static int test_plan_properties(void)
{
	const char *s = getenv("DMC_PROP_SEED");
	const char *n = getenv("DMC_PROP_ITERS");
	uint64_t seed = s ? strtoull(s, NULL, 0) : 0x9e3779b97f4a7c15ULL;
	unsigned int iters = n ? (unsigned int)strtoul(n, NULL, 0) : 5000;
	unsigned int it;
	struct dmc_err err;
	int ret;

	printf("INFO: plan properties: seed 0x%llx, %u iterations\n",
	       (unsigned long long)seed, iters);
	rng_state = seed ? seed : 1;
	memset(&st, 0, sizeof(st));
	for (it = 0; it < iters; it++) {
		gen_map();
		gen_policy();
		UT_ASSERT_EQ(0, build());
		ret = osdt_plan(os, &pol, &mm, false, DMC_ARCH_UNSET, &plan,
				&err);
		if (check_plan(seed, it, ret))
			return -1;
	}
	printf("INFO: plan properties: %u planned, %u fixed, %u no-fit (brute-force confirmed), %u no-host, %u off, %u searches cross-checked\n",
	       st.planned, st.fixed, st.nofit, st.nohost, st.off,
	       st.brute_checked);
	/* a generator that never exercised both outcomes proves nothing */
	if (iters >= 1000) {
		UT_ASSERT(st.planned > iters / 4);
		UT_ASSERT(st.nofit > iters / 50);
		UT_ASSERT(st.fixed > iters / 50);
	}
	return 0;
}

int main(void)
{
	UT_RUN(test_plan_properties);
	return ut_done();
}
