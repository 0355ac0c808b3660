// SPDX-License-Identifier: GPL-2.0+
/*
 * One walk for the memory map, the plan and the fixup (dmc_scan() and the
 * *_scanned() steps, as U-Boot runs them at hand-off) must give exactly
 * what the steps give alone, each with its own walk (as the host tool
 * runs them): the same map, plan, errors and output bytes. And a scan
 * must never be used for a blob or policy it was not made of.
 */
#include "ut.h"
#include "dtload.h"
#include <dmacage/fdtutil.h>

#define OUT_SIZE	(2 << 20)

static char out_a[OUT_SIZE], out_b[OUT_SIZE], before[OUT_SIZE];
static struct dmc_fixup_ws ws;
static struct dt_case tc;

/* What one run of the three steps gave. */
struct run {
	int mret, pret, fret;
	struct dmc_memmap mm;
	struct dmc_plan plan;
	struct dmc_err err;
};

/* The steps alone, each with its own walk, as the host tool runs them. */
static void run_alone(const struct dt_case *c, enum dmc_arch arch,
		      struct run *r)
{
	memset(r, 0, sizeof(*r));
	dmc_memmap_init(&r->mm);
	r->mret = dmc_memmap_from_fdt(c->os, &r->mm, true, &r->err);
	if (r->mret)
		return;
	r->pret = dmc_plan_compute(&c->pol, c->os, &r->mm, arch, &r->plan,
				   &r->err);
	r->fret = dmc_fixup(c->os, out_a, OUT_SIZE, &c->pol, &r->plan,
			    &r->err);
}

/* The same steps on one walk, as U-Boot runs them at hand-off. */
static void run_scanned(const struct dt_case *c, enum dmc_arch arch,
			struct run *r)
{
	memset(r, 0, sizeof(*r));
	dmc_memmap_init(&r->mm);
	r->mret = dmc_scan(c->os, &c->pol, &ws, &r->err) ?:
		  dmc_memmap_scanned(c->os, &ws, &r->mm, true, &r->err);
	if (r->mret)
		return;
	r->pret = dmc_plan_scanned(&c->pol, c->os, &ws, &r->mm, arch,
				   &r->plan, &r->err);
	r->fret = dmc_fixup_scanned(c->os, out_b, OUT_SIZE, &r->plan, &ws,
				    &r->err);
}

static struct run a, b;

/* Both ways on @c; @want_fret: the fixup's result both must give. */
static int same_both_ways(const struct dt_case *c, enum dmc_arch arch,
			  int want_fret)
{
	run_alone(c, arch, &a);
	memcpy(before, c->os, fdt_totalsize(c->os));
	run_scanned(c, arch, &b);
	UT_ASSERT(!memcmp(before, c->os, fdt_totalsize(before)));
	UT_ASSERT_EQ(a.mret, b.mret);
	UT_ASSERT_EQ(a.pret, b.pret);
	UT_ASSERT_EQ(want_fret, a.fret);
	UT_ASSERT_EQ(a.fret, b.fret);
	UT_ASSERT(!memcmp(&a.mm, &b.mm, sizeof(a.mm)));
	UT_ASSERT(!memcmp(&a.plan, &b.plan, sizeof(a.plan)));
	UT_ASSERT_EQ(a.err.code, b.err.code);
	UT_ASSERT_STR(a.err.where, b.err.where);
	UT_ASSERT_STR(a.err.msg, b.err.msg);
	if (!a.fret) {
		UT_ASSERT_EQ(fdt_totalsize(out_a), fdt_totalsize(out_b));
		UT_ASSERT(!memcmp(out_a, out_b, fdt_totalsize(out_a)));
	}
	return 0;
}

static int check_pair(const char *os, const char *policy, enum dmc_arch arch,
		      int want_fret)
{
	UT_ASSERT(!dt_case_load(&tc, os, policy, arch));
	UT_ASSERT(!same_both_ways(&tc, arch, want_fret));
	dt_case_free(&tc);
	return 0;
}

static int test_same_as_alone_on_examples(void)
{
	static const char moved[] = "test/unit/inputs/os-nodes-after-host.dts";

	UT_ASSERT(!check_pair("dts/examples/qemu-virt-arm64.dts",
			      "dts/examples/policy-virt-hostbridge.dts",
			      DMC_ARCH_UNSET, 0));
	UT_ASSERT(!check_pair("dts/examples/qemu-virt-arm64.dts",
			      "dts/examples/policy-virt-endpoint.dts",
			      DMC_ARCH_UNSET, 0));
	UT_ASSERT(!check_pair("dts/examples/qemu-virt-arm.dts",
			      "dts/examples/policy-arm32-lowmem.dts",
			      DMC_ARCH_ARM, 0));
	UT_ASSERT(!check_pair("dts/examples/stb-brcm.dts",
			      "dts/examples/policy-stb.dts",
			      DMC_ARCH_UNSET, 0));
	UT_ASSERT(!check_pair("dts/examples/virt-usb-endpoint.dts",
			      "dts/examples/policy-virt-endpoint.dts",
			      DMC_ARCH_UNSET, 0));
	UT_ASSERT(!check_pair(moved, "dts/examples/policy-virt-hostbridge.dts",
			      DMC_ARCH_UNSET, 0));
	return 0;
}

/*
 * A first domain that cannot be planned puts the scan's hosts and the
 * self-check's in different orders: the check must still judge the
 * planned domain's host, and find its error (R11: memory-region names
 * the host itself).
 */
static int test_checker_judges_planned_host(void)
{
	int host;

	UT_ASSERT(!dt_case_load(&tc, "test/unit/inputs/os-nodes-after-host.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	tc.pol.dom[1] = tc.pol.dom[0];
	strcpy(tc.pol.dom[1].name, "pcie1");
	strcpy(tc.pol.dom[0].host, "/memory@40000000");
	tc.pol.ndomains = 2;
	UT_ASSERT(!same_both_ways(&tc, DMC_ARCH_UNSET, 0));
	host = fdt_path_offset(tc.os, "/pcie@10000000");
	UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, host, "phandle", 0x1));
	UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, host, "memory-region", 0x1));
	UT_ASSERT(!same_both_ways(&tc, DMC_ARCH_UNSET, -DMC_E_RULES));
	UT_ASSERT_STR("/pcie@10000000", b.err.where);
	UT_ASSERT_CONTAINS("R11:", b.err.msg);
	dt_case_free(&tc);
	return 0;
}

/* A blob the walk refuses: the same error either way. */
static int test_same_error_on_a_bad_blob(void)
{
	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	/* the structure block ends inside a tag */
	fdt_set_size_dt_struct(tc.os, fdt_size_dt_struct(tc.os) / 2 + 2);
	UT_ASSERT(!same_both_ways(&tc, DMC_ARCH_UNSET, 0));
	UT_ASSERT_EQ(-DMC_E_BADFDT, b.mret);
	dt_case_free(&tc);
	return 0;
}

/* Keep the input, to prove that a refusal left it alone. */
static void snapshot(const void *fdt)
{
	memcpy(before, fdt, fdt_totalsize(fdt));
}

static int unchanged(const void *fdt)
{
	return !memcmp(before, fdt, fdt_totalsize(before));
}

/* Every step that reads @ws refuses it for @fdt and @pol. */
static int all_refuse(const void *fdt, const struct dmc_policy *pol)
{
	struct dmc_memmap mm;
	struct dmc_plan plan = tc.plan;
	struct dmc_err err;

	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(-DMC_E_INTERNAL, dmc_memmap_scanned(fdt, &ws, &mm, true,
							 &err));
	UT_ASSERT_STR("OS DT", err.where);
	UT_ASSERT_EQ(-DMC_E_INTERNAL, dmc_plan_scanned(pol, fdt, &ws, &tc.mm,
						       DMC_ARCH_UNSET, &plan,
						       &err));
	UT_ASSERT_STR("OS DT", err.where);
	UT_ASSERT_EQ(-DMC_E_INTERNAL, dmc_fixup_scanned(fdt, out_a, OUT_SIZE,
							&tc.plan, &ws, &err));
	UT_ASSERT_STR("OS DT", err.where);
	return 0;
}

static int load_virt(void)
{
	return dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
			    "dts/examples/policy-virt-endpoint.dts",
			    DMC_ARCH_UNSET);
}

/*
 * A scan is of one blob and one policy: not of a copy elsewhere, not of
 * the blob once its header changed, not for another policy, and not
 * once a later scan failed.
 */
static int test_scan_refused_for_another_input(void)
{
	static struct dmc_policy pol2;
	char *copy;

	UT_ASSERT(!load_virt());
	UT_ASSERT_EQ(0, tc.plan_ret);
	UT_ASSERT_EQ(0, dmc_scan(tc.os, &tc.pol, &ws, &tc.err));
	copy = malloc(fdt_totalsize(tc.os));
	UT_ASSERT(copy);
	memcpy(copy, tc.os, fdt_totalsize(tc.os));
	snapshot(copy);
	UT_ASSERT(!all_refuse(copy, &tc.pol));
	UT_ASSERT(unchanged(copy));

	pol2 = tc.pol;
	UT_ASSERT_EQ(-DMC_E_INTERNAL, dmc_plan_scanned(&pol2, tc.os, &ws,
						       &tc.mm, DMC_ARCH_UNSET,
						       &tc.plan, &tc.err));
	UT_ASSERT_STR("policy", tc.err.where);

	/* a property more: the structure block grew */
	UT_ASSERT_EQ(0, fdt_setprop_string(tc.os, 0, "model-rev", "b"));
	snapshot(tc.os);
	UT_ASSERT(!all_refuse(tc.os, &tc.pol));
	UT_ASSERT(unchanged(tc.os));

	/* scan the copy again, then fail to scan the blob: nothing is left */
	UT_ASSERT_EQ(0, dmc_scan(copy, &tc.pol, &ws, &tc.err));
	fdt_set_magic(tc.os, 0);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_scan(tc.os, &tc.pol, &ws, &tc.err));
	UT_ASSERT(!all_refuse(copy, &tc.pol));
	free(copy);
	dt_case_free(&tc);
	return 0;
}

/*
 * U-Boot patches again on the same scan when the first fixup failed (with
 * the domains failed the second time): each fixup starts afresh and gives
 * what dmc_fixup() gives for its plan.
 */
static int test_fixup_again_on_one_scan(void)
{
	int exact;

	UT_ASSERT(!load_virt());
	UT_ASSERT_EQ(0, dmc_fixup(tc.os, out_a, OUT_SIZE, &tc.pol, &tc.plan,
				  &tc.err));
	exact = fdt_totalsize(out_a);
	UT_ASSERT_EQ(0, dmc_scan(tc.os, &tc.pol, &ws, &tc.err));
	UT_ASSERT_EQ(-DMC_E_NOSPACE, dmc_fixup_scanned(tc.os, out_b, exact - 1,
						       &tc.plan, &ws, &tc.err));
	UT_ASSERT_EQ(0, dmc_fixup_scanned(tc.os, out_b, OUT_SIZE, &tc.plan,
					  &ws, &tc.err));
	UT_ASSERT(!memcmp(out_a, out_b, exact));
	UT_ASSERT_EQ(0, dmc_fixup_scanned(tc.os, out_b, OUT_SIZE, &tc.plan,
					  &ws, &tc.err));
	UT_ASSERT(!memcmp(out_a, out_b, exact));

	tc.plan.win[0].state = DMC_DOM_FAILED;
	UT_ASSERT_EQ(0, dmc_fixup(tc.os, out_a, OUT_SIZE, &tc.pol, &tc.plan,
				  &tc.err));
	UT_ASSERT_EQ(0, dmc_fixup_scanned(tc.os, out_b, OUT_SIZE, &tc.plan,
					  &ws, &tc.err));
	UT_ASSERT_EQ(fdt_totalsize(out_a), fdt_totalsize(out_b));
	UT_ASSERT(!memcmp(out_a, out_b, fdt_totalsize(out_a)));
	dt_case_free(&tc);
	return 0;
}

/* In place: the dmc_fixup() bytes, after which the scan is stale. */
static int test_inplace_scanned(void)
{
	int size;

	UT_ASSERT(!load_virt());
	UT_ASSERT_EQ(0, dmc_fixup(tc.os, out_a, OUT_SIZE, &tc.pol, &tc.plan,
				  &tc.err));
	size = fdt_totalsize(tc.os);
	UT_ASSERT_EQ(0, dmc_scan(tc.os, &tc.pol, &ws, &tc.err));
	UT_ASSERT_EQ(0, dmc_fixup_inplace_scanned(tc.os, size, out_b, size,
						  &tc.plan, &ws, &tc.err));
	UT_ASSERT_EQ(0, fdt_pack(tc.os));
	UT_ASSERT_EQ(0, fdt_pack(out_a));
	UT_ASSERT_EQ(fdt_totalsize(out_a), fdt_totalsize(tc.os));
	UT_ASSERT(!memcmp(out_a, tc.os, fdt_totalsize(out_a)));
	UT_ASSERT_EQ(-DMC_E_INTERNAL, dmc_fixup_scanned(tc.os, out_b, OUT_SIZE,
							&tc.plan, &ws,
							&tc.err));
	dt_case_free(&tc);
	return 0;
}

int main(void)
{
	UT_RUN(test_same_as_alone_on_examples);
	UT_RUN(test_checker_judges_planned_host);
	UT_RUN(test_same_error_on_a_bad_blob);
	UT_RUN(test_scan_refused_for_another_input);
	UT_RUN(test_fixup_again_on_one_scan);
	UT_RUN(test_inplace_scanned);
	return ut_done();
}
