// SPDX-License-Identifier: GPL-2.0+
/*
 * Policy parsing: a good policy parses to the expected values, and every
 * bad value is refused with its own code, "<domain>/<property>" and the
 * value in the message. Blobs are built in memory with libfdt (no dtc).
 */
#include <dmacage/dmacage.h>
#include "ut.h"

#define BLOB_SIZE	8192

static char blob[BLOB_SIZE];

static void prop_u64(void *fdt, const char *name, uint64_t v)
{
	fdt32_t c[2] = { cpu_to_fdt32(v >> 32), cpu_to_fdt32((uint32_t)v) };

	fdt_property(fdt, name, c, sizeof(c));
}

/*
 * The reference policy: on-error "halt", arm, vmalloc 256 MiB, a checker
 * node, domain pcie0 (host form, 32 MiB + 4 MiB, limit, dma-bits 36,
 * checker + clients) and wifi (endpoint form, fixed base, disabled).
 */
static void *build_policy(void)
{
	static const char eps[] = "01.0/00.0\0" "1f.7";
	fdt32_t clients[2] = { cpu_to_fdt32(3), cpu_to_fdt32(9) };
	void *f = blob;

	fdt_create(f, BLOB_SIZE);
	fdt_finish_reservemap(f);
	fdt_begin_node(f, "");
	fdt_begin_node(f, "checker");
	fdt_property_u32(f, "phandle", 7);
	fdt_end_node(f);
	fdt_begin_node(f, "dmacage");
	fdt_property_string(f, "compatible", "dmacage,policy");
	fdt_property_string(f, "on-error", "halt");
	fdt_property_string(f, "os-arch", "arm");
	prop_u64(f, "vmalloc-size", 256ULL << 20);
	fdt_begin_node(f, "pcie0");
	fdt_property_string(f, "host", "/pcie@10000000");
	prop_u64(f, "restricted-size", 32ULL << 20);
	prop_u64(f, "coherent-size", 4ULL << 20);
	prop_u64(f, "limit", 0x80000000ULL);
	fdt_property_u32(f, "dma-bits", 36);
	fdt_property_u32(f, "checker", 7);
	fdt_property(f, "clients", clients, sizeof(clients));
	fdt_end_node(f);
	fdt_begin_node(f, "wifi");
	fdt_property_string(f, "host", "/pcie@8b20000");
	prop_u64(f, "restricted-size", 0x2400000);
	prop_u64(f, "base", 0x4a000000);
	fdt_property(f, "endpoints", eps, sizeof(eps));
	fdt_property_string(f, "status", "disabled");
	fdt_end_node(f);
	fdt_end_node(f);
	fdt_end_node(f);
	fdt_finish(f);
	fdt_open_into(f, f, BLOB_SIZE);
	return f;
}

static int parse(struct dmc_policy *pol, struct dmc_err *err)
{
	int node = dmc_policy_find(blob);

	memset(err, 0, sizeof(*err));
	if (node < 0)
		return node;
	return dmc_policy_parse(blob, node, pol, err);
}

static int test_policy_good(void)
{
	struct dmc_policy pol;
	struct dmc_err err;

	build_policy();
	UT_ASSERT_EQ(0, parse(&pol, &err));
	UT_ASSERT_EQ(DMC_ON_ERROR_HALT, pol.on_error);
	UT_ASSERT_EQ(DMC_ARCH_ARM, pol.arch);
	UT_ASSERT(pol.has_vmalloc);
	UT_ASSERT_EQ(256ULL << 20, pol.vmalloc_size);
	UT_ASSERT_EQ(2, pol.ndomains);

	UT_ASSERT_STR("pcie0", pol.dom[0].name);
	UT_ASSERT_STR("/pcie@10000000", pol.dom[0].host);
	UT_ASSERT_EQ(32ULL << 20, pol.dom[0].restricted_size);
	UT_ASSERT_EQ(4ULL << 20, pol.dom[0].coherent_size);
	UT_ASSERT(!pol.dom[0].has_base);
	UT_ASSERT(pol.dom[0].has_limit);
	UT_ASSERT_EQ(0x80000000ULL, pol.dom[0].limit);
	UT_ASSERT_EQ(36, pol.dom[0].dma_bits);
	UT_ASSERT_EQ(0, pol.dom[0].nendpoints);
	UT_ASSERT_EQ(7, pol.dom[0].checker);
	UT_ASSERT_EQ(2, pol.dom[0].nclients);
	UT_ASSERT_EQ(9, pol.dom[0].clients[1]);
	UT_ASSERT(!pol.dom[0].disabled);

	UT_ASSERT_STR("wifi", pol.dom[1].name);
	UT_ASSERT(pol.dom[1].has_base);
	UT_ASSERT_EQ(0x4a000000ULL, pol.dom[1].base);
	UT_ASSERT_EQ(32, pol.dom[1].dma_bits);
	UT_ASSERT_EQ(0, pol.dom[1].coherent_size);
	UT_ASSERT_EQ(2, pol.dom[1].nendpoints);
	UT_ASSERT_EQ(2, pol.dom[1].ep[0].nhops);
	UT_ASSERT_EQ(0x08, pol.dom[1].ep[0].devfn[0]);
	UT_ASSERT_EQ(0x00, pol.dom[1].ep[0].devfn[1]);
	UT_ASSERT_EQ(1, pol.dom[1].ep[1].nhops);
	UT_ASSERT_EQ(0xff, pol.dom[1].ep[1].devfn[0]);
	UT_ASSERT(pol.dom[1].disabled);
	return 0;
}

static int test_policy_defaults(void)
{
	struct dmc_policy pol;
	struct dmc_err err;
	int node;

	build_policy();
	node = fdt_path_offset(blob, "/dmacage");
	fdt_delprop(blob, node, "on-error");
	fdt_delprop(blob, node, "os-arch");
	fdt_delprop(blob, node, "vmalloc-size");
	UT_ASSERT_EQ(0, parse(&pol, &err));
	UT_ASSERT_EQ(DMC_ON_ERROR_DISABLE, pol.on_error);
	UT_ASSERT_EQ(DMC_ARCH_UNSET, pol.arch);
	UT_ASSERT(!pol.has_vmalloc);
	return 0;
}

static int test_policy_find_by_compatible(void)
{
	struct dmc_policy pol;
	struct dmc_err err;

	build_policy();
	UT_ASSERT_EQ(0, fdt_set_name(blob, fdt_path_offset(blob, "/dmacage"),
				     "firmware-policy"));
	UT_ASSERT(dmc_policy_find(blob) > 0);
	UT_ASSERT_EQ(0, parse(&pol, &err));
	/* without the compatible there is no policy */
	fdt_delprop(blob, fdt_path_offset(blob, "/firmware-policy"),
		    "compatible");
	UT_ASSERT_EQ(-DMC_E_POLICY, dmc_policy_find(blob));
	memset(blob, 0, 64);
	UT_ASSERT_EQ(-DMC_E_POLICY, dmc_policy_find(blob));
	return 0;
}

enum kind { STR, U32, U64, RAW, DEL, RENAME };

struct bad_case {
	const char *node;	/* path of the node to change */
	const char *prop;
	enum kind kind;
	const char *s;		/* STR/RAW value, RENAME new name */
	uint64_t v;		/* U32/U64 value, RAW length */
	int code;
	const char *where;
	const char *msg;	/* substring of the message */
};

static const struct bad_case bad_cases[] = {
	{ "/dmacage", "on-error", STR, "explode", 0, -DMC_E_POLICY,
	  "/dmacage/on-error", "\"explode\"" },
	{ "/dmacage", "os-arch", STR, "x86", 0, -DMC_E_POLICY,
	  "/dmacage/os-arch", "\"x86\"" },
	{ "/dmacage", "os-arch", RAW, "arm\0arm64", 10, -DMC_E_POLICY,
	  "/dmacage/os-arch", "one non-empty string" },
	{ "/dmacage", "vmalloc-size", U64, NULL, 8ULL << 20, -DMC_E_POLICY,
	  "/dmacage/vmalloc-size", "8 MiB" },
	{ "/dmacage", "vmalloc-size", U32, NULL, 256 << 20, -DMC_E_POLICY,
	  "/dmacage/vmalloc-size", "got 4 bytes" },
	{ "/dmacage", "colour", STR, "blue", 0, -DMC_E_POLICY,
	  "/dmacage/colour", "unknown property" },
	{ "/dmacage", "compatible", STR, "acme,policy", 0, -DMC_E_POLICY,
	  "/dmacage/compatible", "dmacage,policy" },
	{ "/dmacage/pcie0", "host", DEL, NULL, 0, -DMC_E_POLICY,
	  "pcie0/host", "missing" },
	{ "/dmacage/pcie0", "host", STR, "pcie@10000000", 0, -DMC_E_POLICY,
	  "pcie0/host", "\"pcie@10000000\"" },
	{ "/dmacage/pcie0", "host", RAW, "", 1, -DMC_E_POLICY,
	  "pcie0/host", "one non-empty string" },
	{ "/dmacage/pcie0", "restricted-size", DEL, NULL, 0, -DMC_E_POLICY,
	  "pcie0/restricted-size", "missing" },
	{ "/dmacage/pcie0", "restricted-size", U64, NULL, 0, -DMC_E_POLICY,
	  "pcie0/restricted-size", "greater than 0" },
	{ "/dmacage/pcie0", "restricted-size", U32, NULL, 32 << 20,
	  -DMC_E_POLICY, "pcie0/restricted-size", "<hi lo>" },
	{ "/dmacage/pcie0", "restricted-size", U64, NULL, 1ULL << 60,
	  -DMC_E_POLICY, "pcie0/restricted-size", "0x1000000000000000" },
	{ "/dmacage/pcie0", "coherent-size", RAW, "\0\0\0\0\0\0\0\0\0\0\0\0",
	  12, -DMC_E_POLICY, "pcie0/coherent-size", "got 12 bytes" },
	{ "/dmacage/pcie0", "base", U64, NULL, 0x40100000, -DMC_E_POLICY,
	  "pcie0/base", "0x40100000 is not 2 MiB aligned" },
	{ "/dmacage/pcie0", "limit", U64, NULL, 0, -DMC_E_POLICY,
	  "pcie0/limit", "greater than 0" },
	{ "/dmacage/pcie0", "dma-bits", U32, NULL, 0, -DMC_E_POLICY,
	  "pcie0/dma-bits", "0 is not in 1..64" },
	{ "/dmacage/pcie0", "dma-bits", U32, NULL, 65, -DMC_E_POLICY,
	  "pcie0/dma-bits", "65 is not in 1..64" },
	{ "/dmacage/pcie0", "dma-bits", U64, NULL, 32, -DMC_E_POLICY,
	  "pcie0/dma-bits", "got 8 bytes" },
	{ "/dmacage/pcie0", "endpoints", STR, "20.0", 0, -DMC_E_ENDPOINT,
	  "pcie0/endpoints", "\"20.0\"" },
	{ "/dmacage/pcie0", "endpoints", STR, "01.8", 0, -DMC_E_ENDPOINT,
	  "pcie0/endpoints", "\"01.8\"" },
	{ "/dmacage/pcie0", "endpoints", STR, "01.0-00.0", 0, -DMC_E_ENDPOINT,
	  "pcie0/endpoints", "expected '/'" },
	{ "/dmacage/pcie0", "endpoints", STR, "01.0/00.0/00.0/00.0/00.0", 0,
	  -DMC_E_ENDPOINT, "pcie0/endpoints", "more than 4 hops" },
	{ "/dmacage/pcie0", "endpoints", RAW, "01.0\0" "01.0", 10,
	  -DMC_E_ENDPOINT, "pcie0/endpoints", "listed twice" },
	{ "/dmacage/pcie0", "endpoints", RAW, "01.0\0\0", 6, -DMC_E_ENDPOINT,
	  "pcie0/endpoints", "hop 1" },
	{ "/dmacage/pcie0", "endpoints", RAW,
	  "0.0\0" "1.0\0" "2.0\0" "3.0\0" "4.0\0" "5.0\0" "6.0\0" "7.0\0" "8.0",
	  36, -DMC_E_TOOMANY, "pcie0/endpoints", "more than 8" },
	{ "/dmacage/pcie0", "checker", U32, NULL, 99, -DMC_E_POLICY,
	  "pcie0/checker", "0x63" },
	{ "/dmacage/pcie0", "checker", DEL, NULL, 0, -DMC_E_POLICY,
	  "pcie0/clients", "need a checker" },
	{ "/dmacage/pcie0", "clients", RAW, "", 0, -DMC_E_POLICY,
	  "pcie0/clients", "non-empty" },
	{ "/dmacage/pcie0", "clients", RAW, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	  "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	  "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 68, -DMC_E_TOOMANY,
	  "pcie0/clients", "17 clients" },
	{ "/dmacage/pcie0", "status", STR, "broken", 0, -DMC_E_POLICY,
	  "pcie0/status", "\"broken\"" },
	{ "/dmacage/pcie0", "restricted-szie", U64, NULL, 1, -DMC_E_POLICY,
	  "pcie0/restricted-szie", "unknown property" },
	{ "/dmacage/pcie0", NULL, RENAME, "0pcie", 0, -DMC_E_POLICY,
	  "0pcie", "not a DT node name" },
	{ "/dmacage/pcie0", NULL, RENAME, "pcie@1", 0, -DMC_E_POLICY,
	  "pcie@1", "not a DT node name" },
	{ "/dmacage/pcie0", NULL, RENAME, "a-very-long-domain-name-over-31c",
	  0, -DMC_E_POLICY, "a-very-long-domain-name-over-31c",
	  "not a DT node name" },
};

static int apply_case(const struct bad_case *bc)
{
	fdt32_t c[2];
	int node = fdt_path_offset(blob, bc->node);

	if (node < 0)
		return node;
	switch (bc->kind) {
	case STR:
		return fdt_setprop_string(blob, node, bc->prop, bc->s);
	case U32:
		return fdt_setprop_u32(blob, node, bc->prop, (uint32_t)bc->v);
	case U64:
		c[0] = cpu_to_fdt32(bc->v >> 32);
		c[1] = cpu_to_fdt32((uint32_t)bc->v);
		return fdt_setprop(blob, node, bc->prop, c, sizeof(c));
	case RAW:
		return fdt_setprop(blob, node, bc->prop, bc->s, (int)bc->v);
	case DEL:
		return fdt_delprop(blob, node, bc->prop);
	case RENAME:
		return fdt_set_name(blob, node, bc->s);
	}
	return -1;
}

static int test_policy_bad_values(void)
{
	struct dmc_policy pol;
	struct dmc_err err;
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *bc = &bad_cases[i];

		build_policy();
		UT_ASSERT_EQ(0, apply_case(bc));
		ret = parse(&pol, &err);
		if (ret != bc->code || err.code != bc->code ||
		    strcmp(err.where, bc->where) || !strstr(err.msg, bc->msg))
			UT_FAIL("case %u (%s %s): got %d (%s) where \"%s\" msg \"%s\"",
				i, bc->node, bc->prop ? bc->prop : bc->s, ret,
				dmc_strerror(ret), err.where, err.msg);
	}
	return 0;
}

static int test_policy_too_many_domains(void)
{
	struct dmc_policy pol;
	struct dmc_err err;
	char name[24];
	int node, i, d;

	build_policy();
	node = fdt_path_offset(blob, "/dmacage");
	for (i = 0; i < DMC_MAX_DOMAINS - 1; i++) {
		snprintf(name, sizeof(name), "extra%d", i);
		d = fdt_add_subnode(blob, node, name);
		UT_ASSERT(d >= 0);
		snprintf(name, sizeof(name), "/pcie@%d", i + 1);
		UT_ASSERT_EQ(0, fdt_setprop_string(blob, d, "host", name));
		UT_ASSERT_EQ(0, fdt_setprop_u64(blob, d, "restricted-size",
						 1 << 20));
		node = fdt_path_offset(blob, "/dmacage");
	}
	UT_ASSERT_EQ(-DMC_E_TOOMANY, parse(&pol, &err));
	UT_ASSERT_CONTAINS("more than 8 domains", err.msg);
	return 0;
}

/*
 * Another domain "dup" on @host with @eps (NULL = host-bridge form).
 * libfdt adds it as the first child, so the clash is reported on the
 * existing domain that comes after it.
 */
static int add_dup(const char *host, const char *eps)
{
	int node = fdt_path_offset(blob, "/dmacage"), d;

	d = fdt_add_subnode(blob, node, "dup");
	if (d < 0)
		return d;
	fdt_setprop_string(blob, d, "host", host);
	fdt_setprop_u64(blob, d, "restricted-size", 1 << 20);
	if (eps)
		fdt_setprop_string(blob, d, "endpoints", eps);
	return 0;
}

static int test_policy_shared_host(void)
{
	struct dmc_policy pol;
	struct dmc_err err;

	/* pcie0 is host-bridge form: nobody else may use its host */
	build_policy();
	UT_ASSERT_EQ(0, add_dup("/pcie@10000000", "02.0"));
	UT_ASSERT_EQ(-DMC_E_POLICY, parse(&pol, &err));
	UT_ASSERT_STR("pcie0/host", err.where);
	UT_ASSERT_CONTAINS("host /pcie@10000000 is also domain dup's", err.msg);

	/* wifi is endpoint form: another endpoint on its host is fine ... */
	build_policy();
	UT_ASSERT_EQ(0, add_dup("/pcie@8b20000", "01.0/00.1"));
	UT_ASSERT_EQ(0, parse(&pol, &err));
	UT_ASSERT_EQ(3, pol.ndomains);

	/* ... the same endpoint is not */
	build_policy();
	UT_ASSERT_EQ(0, add_dup("/pcie@8b20000", "1f.7"));
	UT_ASSERT_EQ(-DMC_E_POLICY, parse(&pol, &err));
	UT_ASSERT_STR("wifi/host", err.where);
	UT_ASSERT_CONTAINS("endpoint 2 of /pcie@8b20000 is also in domain dup",
			   err.msg);

	/* ... and neither is the host-bridge form */
	build_policy();
	UT_ASSERT_EQ(0, add_dup("/pcie@8b20000", NULL));
	UT_ASSERT_EQ(-DMC_E_POLICY, parse(&pol, &err));
	UT_ASSERT_CONTAINS("host-bridge form", err.msg);
	return 0;
}

/* Class 8: one checker client in two domains would get both windows. */
static int test_policy_client_in_two_domains(void)
{
	struct dmc_policy pol;
	struct dmc_err err;
	int d;

	build_policy();
	UT_ASSERT_EQ(0, add_dup("/pcie@20000000", NULL));
	d = fdt_path_offset(blob, "/dmacage/dup");
	fdt_setprop_u32(blob, d, "checker", 7);
	fdt_setprop_u32(blob, d, "clients", 9);
	UT_ASSERT_EQ(-DMC_E_POLICY, parse(&pol, &err));
	UT_ASSERT_STR("pcie0/clients", err.where);
	UT_ASSERT_CONTAINS("client 9 is also domain dup's", err.msg);

	/* another client at the same checker is fine */
	build_policy();
	UT_ASSERT_EQ(0, add_dup("/pcie@20000000", NULL));
	d = fdt_path_offset(blob, "/dmacage/dup");
	fdt_setprop_u32(blob, d, "checker", 7);
	fdt_setprop_u32(blob, d, "clients", 4);
	UT_ASSERT_EQ(0, parse(&pol, &err));
	return 0;
}

static int test_endpoint_parse(void)
{
	struct dmc_endpoint ep;
	struct dmc_err err;

	UT_ASSERT_EQ(0, dmc_parse_endpoint("00.0", &ep, &err));
	UT_ASSERT_EQ(1, ep.nhops);
	UT_ASSERT_EQ(0, ep.devfn[0]);
	UT_ASSERT_EQ(0, dmc_parse_endpoint("1F.7/0.1/a.2/00.0", &ep, &err));
	UT_ASSERT_EQ(4, ep.nhops);
	UT_ASSERT_EQ(0xff, ep.devfn[0]);
	UT_ASSERT_EQ(0x01, ep.devfn[1]);
	UT_ASSERT_EQ(0x52, ep.devfn[2]);
	UT_ASSERT_EQ(-DMC_E_ENDPOINT, dmc_parse_endpoint("", &ep, &err));
	UT_ASSERT_EQ(-DMC_E_ENDPOINT, dmc_parse_endpoint("001.0", &ep, &err));
	UT_ASSERT_EQ(-DMC_E_ENDPOINT, dmc_parse_endpoint("01.0/", &ep, &err));
	UT_ASSERT_EQ(-DMC_E_ENDPOINT, dmc_parse_endpoint("01.0 ", &ep, &err));
	UT_ASSERT_EQ(-DMC_E_ENDPOINT, dmc_parse_endpoint("01.", &ep, &err));
	UT_ASSERT_EQ(-DMC_E_ENDPOINT, dmc_parse_endpoint(".0", &ep, &err));
	UT_ASSERT_EQ(-DMC_E_ENDPOINT, dmc_parse_endpoint("g1.0", &ep, &err));
	UT_ASSERT_CONTAINS("\"g1.0\"", err.msg);
	return 0;
}

/*
 * Random values of random lengths in every property the parser reads: it
 * must answer 0 or one of its documented codes, and never read out of
 * bounds (ASan). Seeded, so a failure replays.
 */
static int test_policy_random_values(void)
{
	static const char *const props[] = {
		"on-error", "os-arch", "vmalloc-size", "host", "restricted-size",
		"coherent-size", "base", "limit", "dma-bits", "endpoints",
		"checker", "clients", "status",
	};
	static const char alphabet[] = "0123456789abcdef./\0 armhltdisw";
	uint64_t x = 0x2545f4914f6cdd1dULL;
	struct dmc_policy pol;
	struct dmc_err err;
	char val[40];
	unsigned int it, i, len, pi;
	int ret, node;

	for (it = 0; it < 4000; it++) {
		build_policy();
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		pi = (unsigned int)(x % (sizeof(props) / sizeof(props[0])));
		len = (unsigned int)((x >> 8) % sizeof(val));
		for (i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* mostly plausible characters, sometimes raw bytes */
			val[i] = x & 1 ? alphabet[(x >> 1) % (sizeof(alphabet) - 1)]
				       : (char)(x >> 9);
		}
		node = fdt_path_offset(blob, pi < 3 ? "/dmacage" :
				       (x & 2 ? "/dmacage/pcie0" : "/dmacage/wifi"));
		UT_ASSERT_EQ(0, fdt_setprop(blob, node, props[pi], val, len));
		ret = parse(&pol, &err);
		if (ret != 0 && ret != -DMC_E_POLICY && ret != -DMC_E_ENDPOINT &&
		    ret != -DMC_E_TOOMANY)
			UT_FAIL("iteration %u, %s: unexpected code %d", it,
				props[pi], ret);
		if (ret && (err.code != ret || !err.where[0] || !err.msg[0]))
			UT_FAIL("iteration %u, %s: error not explained", it,
				props[pi]);
	}
	return 0;
}

static int test_policy_bad_blob(void)
{
	struct dmc_policy pol;
	struct dmc_err err;

	memset(blob, 0xff, 128);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_policy_parse(blob, 0, &pol, &err));
	return 0;
}

int main(void)
{
	UT_RUN(test_policy_good);
	UT_RUN(test_policy_defaults);
	UT_RUN(test_policy_find_by_compatible);
	UT_RUN(test_policy_bad_values);
	UT_RUN(test_policy_too_many_domains);
	UT_RUN(test_policy_shared_host);
	UT_RUN(test_policy_client_in_two_domains);
	UT_RUN(test_endpoint_parse);
	UT_RUN(test_policy_random_values);
	UT_RUN(test_policy_bad_blob);
	return ut_done();
}
