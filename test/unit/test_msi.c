// SPDX-License-Identifier: GPL-2.0+
/*
 * The MSI doorbell grant: policy "msi-window" / "msi-doorbell", the
 * planner deriving the doorbell from QEMU virt's tree (msi-map, then
 * msi-parent, GICv2m or ITS, through ranges), the refusals (unknown
 * controller, none, a page in DRAM), the checker intent (one write-only
 * page after the pool windows, shared by domains with the same doorbell)
 * and the record (checker-msi-window, nothing in /reserved-memory).
 */
#include <dmacage/dmacage.h>
#include <dmacage/memchk.h>
#include <dmacage/memchk_emu.h>
#include "dtload.h"
#include "ut.h"

#define VIRT	"dts/examples/qemu-virt-arm64.dts"
#define V2M	"/intc@8000000/v2m@8020000"

/* A policy from the text of its domain: dtc on a temporary file. */
static void *policy_load(const char *domain)
{
	char tmp[] = "/tmp/dmacage-msi-XXXXXX.dts";
	void *blob;
	FILE *f;
	int fd = mkstemps(tmp, 4);

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f)
		return NULL;
	fprintf(f, "/dts-v1/;\n/ {\n"
		"\ttzc: tzc@90c0000 { compatible = \"arm,tzc-400\";\n"
		"\t\treg = <0x0 0x090c0000 0x0 0x1000>; };\n"
		"\tdmacage { compatible = \"dmacage,policy\";\n"
		"\t\tpcie0 { host = \"/pcie@10000000\";\n"
		"\t\t\trestricted-size = <0x0 0x2000000>;\n%s\t\t};\n"
		"\t};\n};\n", domain);
	fclose(f);
	blob = dt_load(tmp);
	unlink(tmp);
	return blob;
}

static int parse(const char *domain, struct dmc_policy *pol,
		 struct dmc_err *err)
{
	void *p = policy_load(domain);
	int ret;

	memset(err, 0, sizeof(*err));
	if (!p)
		return -1000;
	ret = dmc_policy_parse(p, dmc_policy_find(p), pol, err);
	free(p);
	return ret;
}

#define CHK	"\t\t\tchecker = <&tzc>; clients = <1>;\n"

static int test_msi_policy(void)
{
	static struct dmc_policy pol;
	struct dmc_err err;

	UT_ASSERT_EQ(0, parse(CHK, &pol, &err));
	UT_ASSERT_EQ(DMC_MSI_NONE, pol.dom[0].msi);
	UT_ASSERT_EQ(0, parse(CHK "msi-window;\n", &pol, &err));
	UT_ASSERT_EQ(DMC_MSI_DERIVE, pol.dom[0].msi);
	UT_ASSERT_EQ(0, parse(CHK "msi-doorbell = <0x0 0x08020040>;\n", &pol,
			      &err));
	UT_ASSERT_EQ(DMC_MSI_FIXED, pol.dom[0].msi);
	UT_ASSERT_EQ(0x08020040, pol.dom[0].msi_doorbell);

	UT_ASSERT_EQ(-DMC_E_POLICY, parse(CHK "msi-window = <1>;\n", &pol,
					  &err));
	UT_ASSERT_STR("pcie0/msi-window", err.where);
	UT_ASSERT_CONTAINS("takes no value", err.msg);
	UT_ASSERT_EQ(-DMC_E_POLICY,
		     parse(CHK "msi-window;\nmsi-doorbell = <0x0 0x08020040>;\n",
			   &pol, &err));
	UT_ASSERT_STR("pcie0/msi-doorbell", err.where);
	UT_ASSERT_CONTAINS("give one", err.msg);
	UT_ASSERT_EQ(-DMC_E_POLICY,
		     parse(CHK "msi-doorbell = <0x0 0x08020042>;\n", &pol,
			   &err));
	UT_ASSERT_CONTAINS("0x8020042 is not a 4-byte aligned", err.msg);
	UT_ASSERT_EQ(-DMC_E_POLICY,
		     parse(CHK "msi-doorbell = <0x08020040>;\n", &pol, &err));
	UT_ASSERT_CONTAINS("got 4 bytes", err.msg);
	/* a grant for nobody: no clients (or no checker at all) */
	UT_ASSERT_EQ(-DMC_E_POLICY, parse("msi-window;\n", &pol, &err));
	UT_ASSERT_STR("pcie0/msi-window", err.where);
	UT_ASSERT_CONTAINS("needs checker and clients", err.msg);
	UT_ASSERT_EQ(-DMC_E_POLICY,
		     parse("checker = <&tzc>;\nmsi-doorbell = <0x0 0x8020040>;\n",
			   &pol, &err));
	UT_ASSERT_STR("pcie0/msi-doorbell", err.where);
	return 0;
}

struct msi_case {
	void *os;
	struct dmc_policy pol;
	struct dmc_memmap mm;
	struct dmc_osdt osdt;
	struct dmc_plan plan;
	struct dmc_err err;
};

/* Plan @domain's policy on QEMU virt, after @edit changed the OS DT. */
static int plan_case(struct msi_case *c, const char *domain,
		     int (*edit)(void *os))
{
	void *p;
	int ret;

	memset(c, 0, sizeof(*c));
	c->os = dt_load(VIRT);
	p = policy_load(domain);
	if (!c->os || !p || (edit && edit(c->os)) ||
	    dmc_policy_parse(p, dmc_policy_find(p), &c->pol, &c->err)) {
		free(p);
		return -1000;
	}
	free(p);
	dmc_memmap_init(&c->mm);
	if (dmc_read(c->os, &c->pol, true, &c->mm, &c->osdt, &c->err))
		return -1001;
	ret = dmc_plan(&c->pol, &c->osdt, &c->mm, DMC_ARCH_UNSET, &c->plan,
		       &c->err);
	return ret;
}

static int node(void *os, const char *path)
{
	return fdt_path_offset(os, path);
}

/* msi-map gone: the host's msi-parent names the same v2m frame. */
static int edit_msi_parent(void *os)
{
	int host = node(os, "/pcie@10000000");

	return fdt_delprop(os, host, "msi-map") ?:
	       fdt_setprop_u32(os, host, "msi-parent", 0x8003);
}

/* The frame is an ITS: the doorbell is GITS_TRANSLATER. */
static int edit_its(void *os)
{
	const fdt32_t reg[] = { 0, cpu_to_fdt32(0x8080000), 0,
				cpu_to_fdt32(0x20000) };
	int n = node(os, V2M);

	return fdt_setprop_string(os, n, "compatible", "arm,gic-v3-its") ?:
	       fdt_setprop(os, n, "reg", reg, sizeof(reg)) ?:
	       fdt_setprop_u32(os, n, "#msi-cells", 1);
}

static int edit_unknown(void *os)
{
	return fdt_setprop_string(os, node(os, V2M), "compatible",
				  "acme,msi");
}

static int edit_none(void *os)
{
	return fdt_delprop(os, node(os, "/pcie@10000000"), "msi-map");
}

/* msi-map on the root, not the host: found on the way up */
static int edit_ancestor(void *os)
{
	const fdt32_t map[] = { 0, cpu_to_fdt32(0x8003), 0,
				cpu_to_fdt32(0x10000) };

	return fdt_delprop(os, node(os, "/pcie@10000000"), "msi-map") ?:
	       fdt_setprop(os, 0, "msi-map", map, sizeof(map));
}

/* The GIC's bus maps child 0 to 0x8000000: reg is bus-relative. */
static int edit_ranges(void *os)
{
	const fdt32_t ranges[] = { 0, 0, 0, cpu_to_fdt32(0x8000000), 0,
				   cpu_to_fdt32(0x100000) };
	const fdt32_t reg[] = { 0, cpu_to_fdt32(0x20000), 0,
				cpu_to_fdt32(0x1000) };

	return fdt_setprop(os, node(os, "/intc@8000000"), "ranges", ranges,
			   sizeof(ranges)) ?:
	       fdt_setprop(os, node(os, V2M), "reg", reg, sizeof(reg));
}

static int test_msi_plan_derived(void)
{
	static struct msi_case c;
	static const struct {
		int (*edit)(void *os);
		uint64_t doorbell;
	} ok[] = {
		{ NULL, 0x8020040 },		/* msi-map on the host */
		{ edit_msi_parent, 0x8020040 },
		{ edit_its, 0x8090040 },
		{ edit_ancestor, 0x8020040 },
		{ edit_ranges, 0x8020040 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		UT_ASSERT_EQ(0, plan_case(&c, CHK "msi-window;\n", ok[i].edit));
		if (c.plan.win[0].state != DMC_DOM_PLANNED ||
		    c.plan.win[0].msi_doorbell != ok[i].doorbell)
			UT_FAIL("case %u: state %d doorbell 0x%llx: %s", i,
				c.plan.win[0].state,
				(unsigned long long)c.plan.win[0].msi_doorbell,
				c.plan.win[0].reason);
		UT_ASSERT_EQ(ok[i].doorbell & ~0xfffULL,
			     c.plan.win[0].msi_base);
		UT_ASSERT_EQ(0x1000, c.plan.win[0].msi_size);
		free(c.os);
	}
	/* stated: the OS DT is not read for it */
	UT_ASSERT_EQ(0, plan_case(&c, CHK "msi-doorbell = <0x0 0x8020040>;\n",
				  edit_unknown));
	UT_ASSERT_EQ(0x8020000, c.plan.win[0].msi_base);
	free(c.os);
	/* not asked for: no grant, even where one could be derived */
	UT_ASSERT_EQ(0, plan_case(&c, CHK, NULL));
	UT_ASSERT_EQ(0, c.plan.win[0].msi_size);
	free(c.os);
	return 0;
}

static int test_msi_plan_refused(void)
{
	static struct msi_case c;

	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_case(&c, CHK "msi-window;\n",
					     edit_unknown));
	UT_ASSERT_EQ(DMC_DOM_FAILED, c.plan.win[0].state);
	UT_ASSERT_EQ(0, c.plan.win[0].msi_size);
	UT_ASSERT_EQ(0, c.plan.win[0].size);
	UT_ASSERT_CONTAINS("pcie0: msi-window: MSI controller " V2M
			   " (acme,msi)", c.plan.win[0].reason);
	UT_ASSERT_CONTAINS("msi-doorbell", c.plan.win[0].reason);
	UT_ASSERT_STR("pcie0", c.err.where);
	free(c.os);

	UT_ASSERT_EQ(-DMC_E_NOFIT, plan_case(&c, CHK "msi-window;\n",
					     edit_none));
	UT_ASSERT_CONTAINS("/pcie@10000000 has no msi-parent",
			   c.plan.win[0].reason);
	free(c.os);

	/* a "doorbell" in DRAM would open that RAM page to writes */
	UT_ASSERT_EQ(-DMC_E_NOFIT,
		     plan_case(&c, CHK "msi-doorbell = <0x0 0x40001040>;\n",
			       NULL));
	UT_ASSERT_CONTAINS("is in DRAM", c.plan.win[0].reason);
	free(c.os);
	return 0;
}

static int test_msi_intent(void)
{
	static struct dmc_policy pol;
	static struct dmc_plan plan;
	struct memchk_intent in;
	struct dmc_err err;
	unsigned int i;

	memset(&pol, 0, sizeof(pol));
	memset(&plan, 0, sizeof(plan));
	pol.ndomains = plan.nwin = 3;
	for (i = 0; i < 3; i++) {
		dmc_fmt(pol.dom[i].name, DMC_NAME_MAX, "d%u", i);
		pol.dom[i].checker = 1;
		pol.dom[i].nclients = 1;
		pol.dom[i].clients[0] = 4 + i;
		plan.win[i].state = DMC_DOM_PLANNED;
		plan.win[i].base = 0x80000000 + i * 0x10000000ULL;
		plan.win[i].size = 0x200000;
	}
	/* d0 and d1 share a v2m frame, d2 has none */
	plan.win[0].msi_base = plan.win[1].msi_base = 0x8020000;
	plan.win[0].msi_size = plan.win[1].msi_size = 0x1000;

	UT_ASSERT_EQ(0, memchk_intent_from_plan(&in, &pol, &plan, 1, &err));
	UT_ASSERT_EQ(4, in.nwin);
	UT_ASSERT_EQ(0x70, in.confined);
	for (i = 0; i < 3; i++)
		UT_ASSERT_EQ(MEMCHK_PERM_RW, in.win[i].perm);
	UT_ASSERT_EQ(0x8020000, in.win[3].base);
	UT_ASSERT_EQ(0x1000, in.win[3].size);
	UT_ASSERT_EQ(MEMCHK_PERM_W, in.win[3].perm);
	UT_ASSERT_EQ(0x30, in.win[3].clients);
	/* the pool slots are where they were */
	UT_ASSERT_EQ(2, memchk_window_slot(&pol, &plan, 2));

	/* a doorbell each: two pages */
	plan.win[1].msi_base = 0x8030000;
	UT_ASSERT_EQ(0, memchk_intent_from_plan(&in, &pol, &plan, 1, &err));
	UT_ASSERT_EQ(5, in.nwin);
	UT_ASSERT_EQ(0x10, in.win[3].clients);
	UT_ASSERT_EQ(0x20, in.win[4].clients);

	/* a failed domain opens nothing, its doorbell neither */
	plan.win[1].state = DMC_DOM_FAILED;
	UT_ASSERT_EQ(0, memchk_intent_from_plan(&in, &pol, &plan, 1, &err));
	UT_ASSERT_EQ(3, in.nwin);
	UT_ASSERT_EQ(0x10, in.win[2].clients);
	UT_ASSERT_EQ(MEMCHK_PERM_W, in.win[2].perm);

	memchk_plan_note(&plan, &pol, 1, DMC_GUARD_SECURE);
	UT_ASSERT_EQ(0x8020000, plan.win[0].chk_msi.base);
	UT_ASSERT_EQ(0x1000, plan.win[0].chk_msi.size);
	UT_ASSERT_EQ(0, plan.win[2].chk_msi.size);
	return 0;
}

/* The TZC-400 takes it: a write-only region of one page. */
static int test_msi_tzc400(void)
{
	static struct msi_case c;
	static char pfdt[4096];
	static struct memchk_node n;
	static struct memchk_emu emu;
	static struct memchk chk;
	struct memchk_intent in, got;
	void *p;

	UT_ASSERT_EQ(0, plan_case(&c, CHK "msi-window;\n", NULL));
	p = policy_load(CHK);
	UT_ASSERT(p != NULL);
	memcpy(pfdt, p, fdt_totalsize(p) < sizeof(pfdt) ?
	       fdt_totalsize(p) : sizeof(pfdt));
	free(p);
	UT_ASSERT_EQ(0, memchk_dt_parse(pfdt, fdt_path_offset(pfdt,
				"/tzc@90c0000"), &n, &c.err));
	memchk_emu_build(&emu, &n);
	UT_ASSERT_EQ(0, memchk_emu_bind(&chk, &emu, &n, &emu.io, &c.err));
	UT_ASSERT_EQ(0, memchk_intent_from_plan(&in, &c.pol, &c.plan,
						c.pol.dom[0].checker, &c.err));
	UT_ASSERT_EQ(0, memchk_program(&chk, &in, &c.err));
	UT_ASSERT_EQ(0, memchk_readback(&chk, &got, &c.err));
	UT_ASSERT_EQ(2, got.nwin);
	UT_ASSERT_EQ(0x8020000, got.win[1].base);
	UT_ASSERT_EQ(0x1000, got.win[1].size);
	UT_ASSERT_EQ(MEMCHK_PERM_W, got.win[1].perm);
	free(c.os);
	return 0;
}

/* Recorded under /chosen/dmacage; /reserved-memory has the pools only. */
static int test_msi_record(void)
{
	static struct msi_case c;
	static char out[1 << 20];
	const fdt32_t *v;
	int rec, rm, n, len, count = 0;

	UT_ASSERT_EQ(0, plan_case(&c, CHK "msi-window;\n", NULL));
	c.plan.win[0].nchk = 1;
	c.plan.win[0].chk[0].base = c.plan.win[0].base;
	c.plan.win[0].chk[0].size = c.plan.win[0].size;
	c.plan.win[0].chk_msi.base = c.plan.win[0].msi_base;
	c.plan.win[0].chk_msi.size = c.plan.win[0].msi_size;
	UT_ASSERT_EQ(0, dt_fixup(c.os, out, sizeof(out), &c.pol, &c.plan,
				  &c.err));
	rec = fdt_path_offset(out, "/chosen/dmacage/pcie0");
	UT_ASSERT(rec >= 0);
	v = fdt_getprop(out, rec, "checker-msi-window", &len);
	UT_ASSERT(v != NULL);
	UT_ASSERT_EQ(16, len);
	UT_ASSERT_EQ(0x8020000, fdt32_to_cpu(v[1]));
	UT_ASSERT_EQ(0x1000, fdt32_to_cpu(v[3]));
	rm = fdt_path_offset(out, "/reserved-memory");
	fdt_for_each_subnode(n, out, rm) {
		uint64_t base = 0;

		v = fdt_getprop(out, n, "reg", &len);
		if (v && len >= 8)
			base = (uint64_t)fdt32_to_cpu(v[0]) << 32 |
			       fdt32_to_cpu(v[1]);
		UT_ASSERT(base != 0x8020000);
		count++;
	}
	UT_ASSERT(count >= 1);
	free(c.os);
	return 0;
}

int main(void)
{
	UT_RUN(test_msi_policy);
	UT_RUN(test_msi_plan_derived);
	UT_RUN(test_msi_plan_refused);
	UT_RUN(test_msi_intent);
	UT_RUN(test_msi_tzc400);
	UT_RUN(test_msi_record);
	return ut_done();
}
