// SPDX-License-Identifier: GPL-2.0+
/*
 * The canonical bytes of a policy as applied and its plan
 * (include/dmacage/digest.h). Both U-Boot and the host tool serialize
 * through here, so a difference in their digests is a difference in what
 * is enforced, never in how it was written down.
 */
#include <dmacage/digest.h>

struct dmc_ser {
	dmc_digest_sink sink;
	void *ctx;
};

static void dmc_ser_u32(struct dmc_ser *s, uint32_t v)
{
	uint8_t b[4];
	unsigned int i;

	for (i = 0; i < 4; i++)
		b[i] = v >> (8 * i);
	s->sink(s->ctx, b, sizeof(b));
}

static void dmc_ser_u64(struct dmc_ser *s, uint64_t v)
{
	dmc_ser_u32(s, (uint32_t)v);
	dmc_ser_u32(s, v >> 32);
}

static void dmc_ser_str(struct dmc_ser *s, const char *str)
{
	size_t n = strlen(str);

	dmc_ser_u32(s, n);
	s->sink(s->ctx, str, n);
}

static void dmc_ser_domain(struct dmc_ser *s, const struct dmc_domain *d)
{
	unsigned int i, j;

	dmc_ser_str(s, d->name);
	dmc_ser_str(s, d->host);
	dmc_ser_u64(s, d->restricted_size);
	dmc_ser_u64(s, d->coherent_size);
	dmc_ser_u32(s, d->has_base);
	dmc_ser_u64(s, d->has_base ? d->base : 0);
	dmc_ser_u32(s, d->has_limit);
	dmc_ser_u64(s, d->has_limit ? d->limit : 0);
	dmc_ser_u32(s, d->dma_bits);
	dmc_ser_u32(s, d->nendpoints);
	for (i = 0; i < d->nendpoints; i++) {
		dmc_ser_u32(s, d->ep[i].nhops);
		for (j = 0; j < d->ep[i].nhops; j++)
			dmc_ser_u32(s, d->ep[i].devfn[j]);
	}
	/* the phandle's number is the DTB's business; whether there is one is not */
	dmc_ser_u32(s, d->checker != 0);
	dmc_ser_u32(s, d->nclients);
	for (i = 0; i < d->nclients; i++)
		dmc_ser_u32(s, d->clients[i]);
	dmc_ser_u32(s, d->disabled);
	dmc_ser_u32(s, d->msi);
	dmc_ser_u64(s, d->msi == DMC_MSI_FIXED ? d->msi_doorbell : 0);
	dmc_ser_u32(s, d->checker_optional);
}

static void dmc_ser_window(struct dmc_ser *s, const struct dmc_window *w)
{
	bool p = w->state == DMC_DOM_PLANNED;

	dmc_ser_u32(s, w->state);
	dmc_ser_u64(s, p ? w->base : 0);
	dmc_ser_u64(s, p ? w->size : 0);
	dmc_ser_u64(s, p ? w->dma_base : 0);
	dmc_ser_u64(s, p ? w->coherent_base : 0);
	dmc_ser_u64(s, p ? w->coherent_size : 0);
	dmc_ser_u64(s, p ? w->restricted_base : 0);
	dmc_ser_u64(s, p ? w->restricted_size : 0);
	dmc_ser_u64(s, p ? w->msi_base : 0);
	dmc_ser_u64(s, p ? w->msi_size : 0);
}

void dmc_digest_feed(const struct dmc_policy *pol, const struct dmc_plan *plan,
		     dmc_digest_sink sink, void *ctx)
{
	struct dmc_ser s = { .sink = sink, .ctx = ctx };
	unsigned int i;

	sink(ctx, DMC_DIGEST_MAGIC, sizeof(DMC_DIGEST_MAGIC) - 1);
	dmc_ser_u32(&s, pol->on_error);
	dmc_ser_u32(&s, pol->arch);
	dmc_ser_u32(&s, pol->has_vmalloc);
	dmc_ser_u64(&s, pol->has_vmalloc ? pol->vmalloc_size : 0);
	dmc_ser_u32(&s, pol->ndomains);
	for (i = 0; i < pol->ndomains; i++)
		dmc_ser_domain(&s, &pol->dom[i]);
	dmc_ser_u32(&s, plan->arch);
	dmc_ser_u64(&s, plan->lowmem_end);
	dmc_ser_u32(&s, plan->nwin);
	for (i = 0; i < plan->nwin; i++)
		dmc_ser_window(&s, &plan->win[i]);
}

static void dmc_digest_sha_sink(void *ctx, const void *p, size_t n)
{
	dmc_sha256_update(ctx, p, n);
}

void dmc_digest(const struct dmc_policy *pol, const struct dmc_plan *plan,
		uint8_t out[DMC_DIGEST_LEN])
{
	struct dmc_sha256 c;

	dmc_sha256_init(&c);
	dmc_digest_feed(pol, plan, dmc_digest_sha_sink, &c);
	dmc_sha256_final(&c, out);
}

void dmc_digest_pcr_extend(uint8_t pcr[DMC_DIGEST_LEN],
			   const uint8_t digest[DMC_DIGEST_LEN])
{
	struct dmc_sha256 c;

	dmc_sha256_init(&c);
	dmc_sha256_update(&c, pcr, DMC_DIGEST_LEN);
	dmc_sha256_update(&c, digest, DMC_DIGEST_LEN);
	dmc_sha256_final(&c, pcr);
}
