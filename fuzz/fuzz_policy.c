// SPDX-License-Identifier: GPL-2.0+
/*
 * Policy parsing on an arbitrary policy DTB: no crash, no read past it,
 * and a policy that parses writes back (fz_policy_write()) to a DTB that
 * parses to the same struct dmc_policy: nothing the parser keeps is lost or
 * changed on the way, and nothing it accepted once is refused the second
 * time.
 */
#include "fuzz_common.h"

#define FZ_POL_BUF	(64 * 1024)

static int fz_u64(void *fdt, const char *name, uint64_t v)
{
	return fdt_property_u64(fdt, name, v);
}

/* one domain's properties, as the binding spells them */
static int fz_domain(void *fdt, const struct dmc_domain *d)
{
	char eps[DMC_MAX_ENDPOINTS * 16];
	fdt32_t cl[DMC_MAX_CLIENTS];
	unsigned int e, h, i;
	int len = 0, ret;

	ret = fdt_begin_node(fdt, d->name) ?:
	      fdt_property_string(fdt, "host", d->host) ?:
	      fz_u64(fdt, "restricted-size", d->restricted_size) ?:
	      fz_u64(fdt, "coherent-size", d->coherent_size) ?:
	      fdt_property_u32(fdt, "dma-bits", d->dma_bits);
	if (!ret && d->has_base)
		ret = fz_u64(fdt, "base", d->base);
	if (!ret && d->has_limit)
		ret = fz_u64(fdt, "limit", d->limit);
	for (e = 0; e < d->nendpoints; e++) {
		for (h = 0; h < d->ep[e].nhops; h++)
			len += snprintf(eps + len, sizeof(eps) - len, "%s%02x.%x",
					h ? "/" : "", d->ep[e].devfn[h] >> 3,
					d->ep[e].devfn[h] & 7);
		len++;	/* each chain is one string of the list */
	}
	if (!ret && d->nendpoints)
		ret = fdt_property(fdt, "endpoints", eps, len);
	if (!ret && d->checker)
		ret = fdt_property_u32(fdt, "checker", d->checker);
	for (i = 0; i < d->nclients; i++)
		cl[i] = cpu_to_fdt32(d->clients[i]);
	if (!ret && d->nclients)
		ret = fdt_property(fdt, "clients", cl, d->nclients * 4);
	if (!ret && d->disabled)
		ret = fdt_property_string(fdt, "status", "disabled");
	if (!ret && d->msi == DMC_MSI_DERIVE)
		ret = fdt_property(fdt, "msi-window", "", 0);
	if (!ret && d->msi == DMC_MSI_FIXED)
		ret = fz_u64(fdt, "msi-doorbell", d->msi_doorbell);
	if (!ret && d->checker_optional)
		ret = fdt_property(fdt, "checker-optional", "", 0);
	return ret ?: fdt_end_node(fdt);
}

/*
 * fz_policy_write() - @pol as a policy DTB: a node per checker phandle the
 * domains name, then /dmacage.
 */
static int fz_policy_write(const struct dmc_policy *pol, void *buf, int size)
{
	static const char *const onerr[] = {
		[DMC_ON_ERROR_DISABLE] = "disable", [DMC_ON_ERROR_HALT] = "halt",
		[DMC_ON_ERROR_WARN] = "warn",
	};
	unsigned int d, e;
	char name[24];
	int ret;

	ret = fdt_create(buf, size) ?: fdt_finish_reservemap(buf) ?:
	      fdt_begin_node(buf, "");
	for (d = 0; d < pol->ndomains && !ret; d++) {
		uint32_t ph = pol->dom[d].checker;

		for (e = 0; e < d && pol->dom[e].checker != ph; e++)
			;
		if (!ph || e < d)
			continue;	/* none, or written already */
		snprintf(name, sizeof(name), "checker-%x", ph);
		ret = fdt_begin_node(buf, name) ?:
		      fdt_property_u32(buf, "phandle", ph) ?:
		      fdt_end_node(buf);
	}
	ret = ret ?: fdt_begin_node(buf, "dmacage") ?:
	      fdt_property_string(buf, "compatible", "dmacage,policy") ?:
	      fdt_property_string(buf, "on-error", onerr[pol->on_error]);
	if (!ret && pol->arch != DMC_ARCH_UNSET)
		ret = fdt_property_string(buf, "os-arch",
					  pol->arch == DMC_ARCH_ARM ? "arm" : "arm64");
	if (!ret && pol->has_vmalloc)
		ret = fz_u64(buf, "vmalloc-size", pol->vmalloc_size);
	for (d = 0; d < pol->ndomains && !ret; d++)
		ret = fz_domain(buf, &pol->dom[d]);
	return ret ?: fdt_end_node(buf) ?: fdt_end_node(buf) ?: fdt_finish(buf);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_stages(1u << FZ_VALID | 1u << FZ_PARSED | 1u << FZ_CHECKED);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dmc_policy pol, again;
	static unsigned char buf[FZ_POL_BUF];
	struct dmc_err err;
	void *fdt;
	int node;

	fdt = fz_gated_copy(data, size);
	if (!fdt)
		return 0;
	memset(&pol, 0, sizeof(pol));
	node = dmc_policy_find(fdt);
	if (node >= 0 && !dmc_policy_parse(fdt, node, &pol, &err)) {
		fz_reached[FZ_PARSED]++;
		if (fz_policy_write(&pol, buf, sizeof(buf))) {
			fprintf(stderr, "cannot write the policy back\n");
			abort();
		}
		memset(&again, 0, sizeof(again));
		if (dmc_policy_parse(buf, dmc_policy_find(buf), &again, &err)) {
			fprintf(stderr, "the policy written back is refused: %s: %s\n",
				err.where, err.msg);
			abort();
		}
		if (memcmp(&pol, &again, sizeof(pol))) {
			fprintf(stderr, "the policy written back parses differently\n");
			abort();
		}
		fz_reached[FZ_CHECKED]++;
	}
	free(fdt);
	return 0;
}
