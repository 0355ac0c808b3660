// SPDX-License-Identifier: GPL-2.0+
/*
 * Fixup tests on real trees (QEMU virt dumps, the Broadcom STB layout, an
 * existing-endpoint tree) planned by the real planner, plus one test per
 * bad-input class. Every failure must leave the input byte-identical.
 */
#include "ut.h"
#include "dtload.h"
#include "linuxmodel.h"
#include "../../lib/dmacage/fdtutil.h"

static struct dmc_check_ws check_ws;

#define OUT_SIZE	(2 << 20)

static char out[OUT_SIZE], out2[OUT_SIZE], before[OUT_SIZE];
static struct dmc_fixup_ws ws;
static struct dt_case tc;

static const char *prop_str(const void *fdt, const char *path,
			    const char *name)
{
	int node = fdt_path_offset(fdt, path);

	return node < 0 ? NULL : fdt_getprop(fdt, node, name, NULL);
}

/* memory-region of @path as a list of phandles; returns the count. */
static int mr_of(const void *fdt, const char *path, uint32_t *ph, int max)
{
	const fdt32_t *p;
	int node = fdt_path_offset(fdt, path), len, i;

	p = node < 0 ? NULL : fdt_getprop(fdt, node, "memory-region", &len);
	if (!p)
		return 0;
	for (i = 0; i < len / 4 && i < max; i++)
		ph[i] = fdt32_to_cpu(p[i]);
	return i;
}

static uint32_t phandle_of(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	return node < 0 ? 0 : fdt_get_phandle(fdt, node);
}

static int no_errors(const void *fdt, enum dmc_arch arch)
{
	struct dmc_check_opts o = { .arch = arch };
	struct dmc_check_sum s;

	return dmc_check(fdt, &o, NULL, NULL, &s, &check_ws) == 0 && s.errors == 0;
}

/* Apply, then check the invariants every successful fixup must meet. */
static int apply_ok(struct dt_case *c)
{
	int ret = dt_fixup(c->os, out, sizeof(out), &c->pol, &c->plan,
			    &c->err);

	if (ret)
		printf("  fixup: %d %s: %s\n", ret, c->err.where, c->err.msg);
	return ret == 0 && fdt_check_full(out, fdt_totalsize(out)) == 0 &&
	       no_errors(out, c->plan.arch) &&
	       lm_judge(out, &c->pol, &c->plan) == 0;
}

static int test_virt64_hostbridge(void)
{
	char path[96];
	uint32_t ph[4];
	int n;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, tc.plan_ret);
	UT_ASSERT(apply_ok(&tc));
	dmc_fmt(path, sizeof(path), "/reserved-memory/pcie0-restricted@%llx",
		(unsigned long long)tc.plan.win[0].restricted_base);
	UT_ASSERT_STR("restricted-dma-pool", prop_str(out, path, "compatible"));
	UT_ASSERT(!prop_str(out, path, "no-map"));
	n = mr_of(out, "/pcie@10000000", ph, 4);
	UT_ASSERT_EQ(2, n);
	UT_ASSERT_EQ(phandle_of(out, path), ph[0]);
	dmc_fmt(path, sizeof(path), "/reserved-memory/pcie0-coherent@%llx",
		(unsigned long long)tc.plan.win[0].coherent_base);
	UT_ASSERT_STR("shared-dma-pool", prop_str(out, path, "compatible"));
	UT_ASSERT(fdt_getprop(out, fdt_path_offset(out, path), "no-map", NULL));
	UT_ASSERT_EQ(phandle_of(out, path), ph[1]);
	UT_ASSERT_STR("confined", prop_str(out, "/chosen/dmacage/pcie0",
					   "state"));
	dt_case_free(&tc);
	return 0;
}

static int test_virt64_endpoint_creates_chain(void)
{
	int rp, ep;
	const fdt32_t *reg;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-endpoint.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	rp = fdt_path_offset(out, "/pcie@10000000/pci@1,0");
	ep = fdt_path_offset(out, "/pcie@10000000/pci@1,0/pci-ep@0,0");
	UT_ASSERT(rp >= 0 && ep >= 0);
	UT_ASSERT_STR("pci", prop_str(out, "/pcie@10000000/pci@1,0",
				      "device_type"));
	reg = fdt_getprop(out, rp, "reg", NULL);
	UT_ASSERT_EQ(0x800, fdt32_to_cpu(reg[0]));
	reg = fdt_getprop(out, ep, "reg", NULL);
	UT_ASSERT_EQ(0x10000, fdt32_to_cpu(reg[0]));
	/* Linux matches it: the same lookup as of_pci_find_child_device(). */
	UT_ASSERT_EQ(ep, dmc_pci_find_child(out, rp, 0));
	UT_ASSERT(!fdt_getprop(out, fdt_path_offset(out, "/pcie@10000000"),
			       "memory-region", NULL));
	UT_ASSERT(fdt_getprop(out, ep, "memory-region", NULL));
	dt_case_free(&tc);
	return 0;
}

static int test_virt32_below_lowmem(void)
{
	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_ARM));
	UT_ASSERT_EQ(0, tc.plan_ret);
	UT_ASSERT(tc.plan.win[0].base + tc.plan.win[0].size <= 0x70000000);
	UT_ASSERT(apply_ok(&tc));
	dt_case_free(&tc);
	return 0;
}

/* The seed's layout: the endpoint node exists and must not get a twin. */
static int test_stb_existing_endpoint(void)
{
	int rp, child, n = 0;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/stb-brcm.dts",
				"dts/examples/policy-stb.dts", DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	rp = fdt_path_offset(out, "/pcie@8b20000/pci@0,0");
	fdt_for_each_subnode(child, out, rp)
		n++;
	UT_ASSERT_EQ(1, n);
	UT_ASSERT(fdt_getprop(out, fdt_path_offset(out,
			"/pcie@8b20000/pci@0,0/pci-ep@0,0"), "memory-region",
			NULL));
	/* linux,phandle users keep working: no new phandle collides. */
	UT_ASSERT(phandle_of(out, "/reserved-memory/vdec@f0000000") == 0x21);
	dt_case_free(&tc);
	return 0;
}

/* usb@0,0 with reg <0 0 0 0 0> behind a root port, no /reserved-memory. */
static int test_usb_reg0_matched_and_container_created(void)
{
	int usb;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/virt-usb-endpoint.dts",
				"dts/examples/policy-virt-endpoint.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT(fdt_path_offset(tc.os, "/reserved-memory") < 0);
	UT_ASSERT(apply_ok(&tc));
	usb = fdt_path_offset(out, "/pcie@10000000/pci@1,0/usb@0,0");
	UT_ASSERT(fdt_getprop(out, usb, "memory-region", NULL));
	UT_ASSERT(fdt_path_offset(out, "/pcie@10000000/pci@1,0/pci-ep@0,0") < 0);
	UT_ASSERT(fdt_path_offset(out, "/reserved-memory") >= 0);
	UT_ASSERT(fdt_getprop(out, fdt_path_offset(out, "/reserved-memory"),
			      "ranges", NULL));
	dt_case_free(&tc);
	return 0;
}

static int idempotent(const char *os, const char *pol)
{
	UT_ASSERT(!dt_case_load(&tc, os, pol, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(0, dt_fixup(out, out2, sizeof(out2), &tc.pol, &tc.plan,
				  &tc.err));
	UT_ASSERT_EQ(fdt_totalsize(out), fdt_totalsize(out2));
	UT_ASSERT(!memcmp(out, out2, fdt_totalsize(out)));
	dt_case_free(&tc);
	return 0;
}

static int test_idempotent_all_inputs(void)
{
	UT_ASSERT(!idempotent("dts/examples/qemu-virt-arm64.dts",
			      "dts/examples/policy-virt-hostbridge.dts"));
	UT_ASSERT(!idempotent("dts/examples/qemu-virt-arm64.dts",
			      "dts/examples/policy-virt-endpoint.dts"));
	UT_ASSERT(!idempotent("dts/examples/stb-brcm.dts",
			      "dts/examples/policy-stb.dts"));
	UT_ASSERT(!idempotent("dts/examples/virt-usb-endpoint.dts",
			      "dts/examples/policy-virt-endpoint.dts"));
	return 0;
}

/* Keep a copy of the input to prove a failure left it alone. */
static void snapshot(const void *fdt)
{
	memcpy(before, fdt, fdt_totalsize(fdt));
}

static int unchanged(const void *fdt)
{
	return !memcmp(before, fdt, fdt_totalsize(before));
}

static int test_every_short_buffer_fails_cleanly(void)
{
	int exact, size, ret;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-endpoint.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	exact = fdt_totalsize(out);
	snapshot(tc.os);
	for (size = exact - 1; size > 0; size -= size > exact - 512 ? 1 : 97) {
		ret = dt_fixup(tc.os, out2, size, &tc.pol, &tc.plan, &tc.err);
		if (ret != -DMC_E_NOSPACE)
			UT_FAIL("size %d of %d: got %d, want NOSPACE", size,
				exact, ret);
		UT_ASSERT(unchanged(tc.os));
	}
	UT_ASSERT_EQ(0, dt_fixup(tc.os, out2, exact, &tc.pol, &tc.plan,
				  &tc.err));
	UT_ASSERT(!memcmp(out, out2, exact));
	dt_case_free(&tc);
	return 0;
}

static int test_inplace_too_small_leaves_input(void)
{
	int size;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, fdt_pack(tc.os));
	size = fdt_totalsize(tc.os);
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_NOSPACE,
		     dmc_apply(tc.os, size, out, sizeof(out), &tc.pol,
				       &tc.plan, &ws, &tc.err));
	UT_ASSERT(unchanged(tc.os));
	UT_ASSERT_EQ(0, dmc_apply(tc.os, size + 4096, out, sizeof(out),
					  &tc.pol, &tc.plan, &ws, &tc.err));
	UT_ASSERT(fdt_path_offset(tc.os, "/chosen/dmacage") >= 0);
	UT_ASSERT(!dt_judge(tc.os, &tc.pol, &tc.plan));
	dt_case_free(&tc);
	return 0;
}

/* Load, let @mutate damage the input, expect @code and no change. */
static int expect_fail(const char *os, const char *pol, int code,
		       int (*mutate)(void *fdt, struct dt_case *c))
{
	int ret;

	UT_ASSERT(!dt_case_load(&tc, os, pol, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, mutate(tc.os, &tc));
	snapshot(tc.os);
	ret = dt_fixup(tc.os, out, sizeof(out), &tc.pol, &tc.plan, &tc.err);
	if (ret != code)
		UT_FAIL("got %d (%s: %s), want %d", ret, tc.err.where,
			tc.err.msg, code);
	UT_ASSERT(tc.err.msg[0] && tc.err.where[0]);
	UT_ASSERT(unchanged(tc.os));
	dt_case_free(&tc);
	return 0;
}

static int resmem_wrong_cells(void *fdt, struct dt_case *c)
{
	return fdt_setprop_u32(fdt, fdt_path_offset(fdt, "/reserved-memory"),
			       "#size-cells", 1);
}

static int resmem_no_ranges(void *fdt, struct dt_case *c)
{
	return fdt_delprop(fdt, fdt_path_offset(fdt, "/reserved-memory"),
			   "ranges");
}

/* The endpoint already names another restricted pool. */
static int other_restricted(void *fdt, struct dt_case *c)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory"), pool, ep;

	pool = fdt_add_subnode(fdt, rm, "other@80000000");
	if (pool < 0)
		return pool;
	fdt_setprop_string(fdt, pool, "compatible", "restricted-dma-pool");
	fdt_setprop_u32(fdt, pool, "phandle", 0x77);
	ep = fdt_path_offset(fdt, "/pcie@8b20000/pci@0,0/pci-ep@0,0");
	return fdt_setprop_u32(fdt, ep, "memory-region", 0x77);
}

static int host_missing(void *fdt, struct dt_case *c)
{
	strcpy(c->pol.dom[0].host, "/pcie@deadbeef");
	return 0;
}

/*
 * The host bridge lies inside /chosen/dmacage, the record the fixup
 * replaces: its memory-region would go with the old record.
 */
static int host_in_record(void *fdt, struct dt_case *c)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), rec, host;

	rec = fdt_add_subnode(fdt, chosen, "dmacage");
	if (rec >= 0)
		rec = fdt_setprop_string(fdt, rec, "compatible",
					 "dmacage,record") ?: rec;
	host = rec < 0 ? rec : fdt_add_subnode(fdt, rec, "pcie@1");
	if (host < 0)
		return host;
	strcpy(c->pol.dom[0].host, "/chosen/dmacage/pcie@1");
	return fdt_setprop_string(fdt, host, "device_type", "pci");
}

static int corrupt_header(void *fdt, struct dt_case *c)
{
	((fdt32_t *)fdt)[0] = cpu_to_fdt32(0xd00dfeee);
	return 0;
}

static int test_bad_inputs(void)
{
	const char *stb = "dts/examples/stb-brcm.dts";
	const char *pol = "dts/examples/policy-stb.dts";

	UT_ASSERT(!expect_fail(stb, pol, -DMC_E_RESMEM, resmem_wrong_cells));
	UT_ASSERT(!expect_fail(stb, pol, -DMC_E_RESMEM, resmem_no_ranges));
	UT_ASSERT(!expect_fail(stb, pol, -DMC_E_CONFLICT, other_restricted));
	UT_ASSERT(!expect_fail(stb, pol, -DMC_E_NOHOST, host_missing));
	UT_ASSERT(!expect_fail(stb, pol, -DMC_E_BADFDT, corrupt_header));
	UT_ASSERT(!expect_fail("dts/examples/qemu-virt-arm64.dts",
			       "dts/examples/policy-virt-hostbridge.dts",
			       -DMC_E_CONFLICT, host_in_record));
	UT_ASSERT_CONTAINS("/chosen/dmacage/pcie@1", tc.err.where);
	return 0;
}

/*
 * A structure block with nothing but FDT_END is sound for the walk, but
 * there is no root to patch: refused, nothing written to the input.
 */
static int test_rootless_refused(void)
{
	static char rootless[256];

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, fdt_create(rootless, sizeof(rootless)));
	UT_ASSERT_EQ(0, fdt_finish_reservemap(rootless));
	UT_ASSERT_EQ(0, fdt_finish(rootless));
	snapshot(rootless);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dt_fixup(rootless, out, sizeof(out),
					      &tc.pol, &tc.plan, &tc.err));
	UT_ASSERT_CONTAINS("no root node", tc.err.msg);
	UT_ASSERT(unchanged(rootless));
	dt_case_free(&tc);
	return 0;
}

/*
 * A board's own, disabled region with the name the new pool would get: two
 * nodes would share the path the record names, and a path lookup finds the
 * board's. Refused, nothing written.
 */
static int test_pool_name_taken(void)
{
	char name[64];
	int rm, node;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, tc.plan_ret);
	rm = fdt_path_offset(tc.os, "/reserved-memory");
	if (rm < 0) {
		rm = fdt_add_subnode(tc.os, 0, "reserved-memory");
		UT_ASSERT(rm >= 0);
		UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, rm, "#address-cells", 2));
		UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, rm, "#size-cells", 2));
		UT_ASSERT_EQ(0, fdt_setprop_empty(tc.os, rm, "ranges"));
	}
	dmc_fmt(name, sizeof(name), "pcie0-restricted@%llx",
		(unsigned long long)tc.plan.win[0].restricted_base);
	node = fdt_add_subnode(tc.os, rm, name);
	UT_ASSERT(node >= 0);
	UT_ASSERT_EQ(0, fdt_setprop_string(tc.os, node, "status", "disabled"));
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_CONFLICT, dt_fixup(tc.os, out, sizeof(out),
						&tc.pol, &tc.plan, &tc.err));
	UT_ASSERT_CONTAINS("already has a node named", tc.err.msg);
	UT_ASSERT(unchanged(tc.os));
	dt_case_free(&tc);
	return 0;
}

/*
 * A memory-region in the input that names a phandle no node has (its
 * region was removed): the new pools must not take that phandle, or the
 * other device would put its buffers in the domain's pool.
 */
static int test_dangling_reference_keeps_dangling(void)
{
	uint32_t dangling;
	int gpu;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, tc.plan_ret);
	UT_ASSERT_EQ(0, fdt_find_max_phandle(tc.os, &dangling));
	dangling += 1;
	gpu = fdt_add_subnode(tc.os, 0, "gpu@20000000");
	UT_ASSERT(gpu >= 0);
	UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, gpu, "memory-region", dangling));
	/* (the check of the output still names the dangling reference, R11) */
	UT_ASSERT_EQ(0, dt_fixup(tc.os, out, sizeof(out), &tc.pol, &tc.plan,
				  &tc.err));
	UT_ASSERT(fdt_node_offset_by_phandle(out, dangling) < 0);
	dt_case_free(&tc);
	return 0;
}

/* A domain that cannot be confined: disabled (or, under warn, reported). */
static int test_failed_domain_on_error(void)
{
	static const char *const state[] = { "disabled", "unconfined" };
	const enum dmc_on_error mode[] = { DMC_ON_ERROR_DISABLE,
					   DMC_ON_ERROR_WARN };
	const char *status;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
					"dts/examples/policy-virt-hostbridge.dts",
					DMC_ARCH_UNSET));
		tc.pol.on_error = mode[i];
		tc.plan.win[0].state = DMC_DOM_FAILED;
		tc.plan.win[0].code = -DMC_E_NOFIT;
		strcpy(tc.plan.win[0].reason, "pcie0: no room below the limit");
		UT_ASSERT_EQ(0, dt_fixup(tc.os, out, sizeof(out), &tc.pol,
					  &tc.plan, &tc.err));
		status = prop_str(out, "/pcie@10000000", "status");
		if (i == 0)
			UT_ASSERT_STR("disabled", status);
		else
			UT_ASSERT(!status);
		UT_ASSERT_STR(state[i], prop_str(out, "/chosen/dmacage/pcie0",
						 "state"));
		UT_ASSERT_STR("pcie0: no room below the limit",
			      prop_str(out, "/chosen/dmacage/pcie0", "reason"));
		UT_ASSERT(fdt_path_offset(out, "/reserved-memory") < 0);
		dt_case_free(&tc);
	}
	return 0;
}

/* The record carries the checker windows as programmed. */
static int test_record_checker_windows(void)
{
	const fdt32_t *p;
	int len;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	tc.plan.win[0].nchk = 1;
	tc.plan.win[0].chk[0].base = tc.plan.win[0].base;
	tc.plan.win[0].chk[0].size = tc.plan.win[0].size;
	tc.plan.win[0].chk_guard = DMC_GUARD_LOCK;
	UT_ASSERT(apply_ok(&tc));
	p = fdt_getprop(out, fdt_path_offset(out, "/chosen/dmacage/pcie0"),
			"checker-windows", &len);
	UT_ASSERT(p && len == 16);
	UT_ASSERT_EQ(tc.plan.win[0].base, dmc_read_cells(p, 2));
	UT_ASSERT_EQ(tc.plan.win[0].size, dmc_read_cells(p + 2, 2));
	UT_ASSERT(fdt_getprop(out, fdt_path_offset(out, "/chosen/dmacage/pcie0"),
			      "checker-locked", NULL));
	dt_case_free(&tc);
	return 0;
}

/*
 * The emit pass copies the input's tags in runs, NOPs included: a
 * property NOPped out, in a node the fixup changes or elsewhere, stays
 * out of the tree Linux sees, and its bytes stay where they were, so the
 * output is the one of the same tree without the property plus exactly
 * those bytes.
 */
static int test_nops_kept(void)
{
	static const char *const where[][2] = {
		{ "/pcie@10000000", "bus-range" },	/* a site */
		{ "/psci", "method" },			/* copied in a run */
	};
	static char del[OUT_SIZE], nop[OUT_SIZE];
	unsigned int i;
	int ret, len, nopped = 0;

	UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm64.dts",
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, fdt_open_into(tc.os, del, sizeof(del)));
	UT_ASSERT_EQ(0, fdt_open_into(tc.os, nop, sizeof(nop)));
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		UT_ASSERT(fdt_getprop(nop, fdt_path_offset(nop, where[i][0]),
				      where[i][1], &len));
		nopped += 12 + ((len + 3) & ~3);
		UT_ASSERT_EQ(0, fdt_delprop(del, fdt_path_offset(del,
					    where[i][0]), where[i][1]));
		UT_ASSERT_EQ(0, fdt_nop_property(nop, fdt_path_offset(nop,
						 where[i][0]), where[i][1]));
	}
	UT_ASSERT_EQ(0, fdt_pack(del));
	ret = dt_fixup(del, out, sizeof(out), &tc.pol, &tc.plan, &tc.err);
	UT_ASSERT_EQ(0, ret);
	ret = dt_fixup(nop, out2, sizeof(out2), &tc.pol, &tc.plan, &tc.err);
	UT_ASSERT_EQ(0, ret);
	UT_ASSERT_EQ(0, fdt_check_full(out2, fdt_totalsize(out2)));
	UT_ASSERT_EQ(fdt_totalsize(out) + nopped, fdt_totalsize(out2));
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		UT_ASSERT(!fdt_getprop(out2, fdt_path_offset(out2,
				       where[i][0]), where[i][1], NULL));
	UT_ASSERT(fdt_getprop(out2, fdt_path_offset(out2, "/pcie@10000000"),
			      "memory-region", NULL));
	dt_case_free(&tc);
	return 0;
}

/*
 * The fixup's self-check reads /memory, /reserved-memory and the host in
 * its output at the offsets its emit pass moved them to, not by a walk of
 * the output. In this tree every one of them moves. The clean apply
 * finds our pools through the moved /reserved-memory (elsewhere, the
 * host's memory-region would resolve to no pool); each mutation below,
 * made after planning, must be caught on a moved node: a wrong offset
 * would make the check judge another node, or none.
 */
static const char moved_os[] = "test/unit/inputs/os-nodes-after-host.dts";

/* /memory shrinks below the pool the plan put at its top: R10. */
static int memory_shrunk(void *fdt, struct dt_case *c)
{
	fdt32_t reg[4] = { 0, cpu_to_fdt32(0x40000000), 0,
			   cpu_to_fdt32(0x01000000) };

	return fdt_setprop_inplace(fdt, fdt_path_offset(fdt,
				   "/memory@40000000"), "reg", reg,
				   sizeof(reg));
}

/* The host's memory-region names the host itself: R11 on the host. */
static int host_names_itself(void *fdt, struct dt_case *c)
{
	int host = fdt_path_offset(fdt, "/pcie@10000000");

	return fdt_setprop_u32(fdt, host, "phandle", 0x1) ?:
	       fdt_setprop_u32(fdt, fdt_path_offset(fdt, "/pcie@10000000"),
			       "memory-region", 0x1);
}

static int test_self_check_reads_moved_nodes(void)
{
	const char *pol = "dts/examples/policy-virt-hostbridge.dts";
	char path[96];

	UT_ASSERT(!dt_case_load(&tc, moved_os, pol, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, tc.plan_ret);
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT(fdt_path_offset(tc.os, "/memory@40000000") <
		  fdt_path_offset(out, "/memory@40000000"));
	UT_ASSERT(fdt_path_offset(tc.os, "/pcie@10000000") <
		  fdt_path_offset(out, "/pcie@10000000"));
	dt_case_free(&tc);

	UT_ASSERT(!expect_fail(moved_os, pol, -DMC_E_RULES, memory_shrunk));
	dmc_fmt(path, sizeof(path), "/reserved-memory/pcie0-restricted@%llx",
		(unsigned long long)tc.plan.win[0].restricted_base);
	UT_ASSERT_STR(path, tc.err.where);
	UT_ASSERT_CONTAINS("R10:", tc.err.msg);
	UT_ASSERT(!expect_fail(moved_os, pol, -DMC_E_RULES, host_names_itself));
	UT_ASSERT_STR("/pcie@10000000", tc.err.where);
	UT_ASSERT_CONTAINS("R11:", tc.err.msg);
	return 0;
}

/*
 * More memory nodes than the checker keeps offsets of: it looks them up
 * again, and the facts the fixup hands it hold only a count. A disabled
 * one among them is no reason to refuse the tree.
 */
static int test_many_memory_nodes(void)
{
	char name[32];
	fdt32_t reg[4];
	uint32_t base;
	int i, node;

	UT_ASSERT(!dt_case_load(&tc, moved_os,
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, tc.plan_ret);
	for (i = 0; i < 9; i++) {
		base = 0x80000000u + i * 0x200000u;
		dmc_fmt(name, sizeof(name), "memory@%x", base);
		reg[0] = 0;
		reg[1] = cpu_to_fdt32(base);
		reg[2] = 0;
		reg[3] = cpu_to_fdt32(0x100000);
		node = fdt_add_subnode(tc.os, 0, name);
		UT_ASSERT(node >= 0);
		UT_ASSERT_EQ(0, fdt_setprop_string(tc.os, node, "device_type",
						   "memory"));
		UT_ASSERT_EQ(0, fdt_setprop(tc.os, node, "reg", reg,
					    sizeof(reg)));
		if (i == 8)	/* the first in the tree: added last */
			UT_ASSERT_EQ(0, fdt_setprop_string(tc.os, node,
							   "status",
							   "disabled"));
	}
	UT_ASSERT(apply_ok(&tc));
	dt_case_free(&tc);
	return 0;
}

/*
 * The checker's facts follow libfdt's lookups: "/reserved-memory" finds
 * reserved-memory@0, "/pcie" finds pcie@10000000, a trailing '/' is
 * allowed. The self-check must find those nodes in the output, and
 * still judge the host it found.
 */
static int test_facts_follow_libfdt_names(void)
{
	static const char *const hosts[] = { "/pcie", "/pcie@10000000/" };
	unsigned int i;

	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		UT_ASSERT(!dt_case_load(&tc, moved_os,
				"dts/examples/policy-virt-hostbridge.dts",
				DMC_ARCH_UNSET));
		UT_ASSERT_EQ(0, tc.plan_ret);
		UT_ASSERT_EQ(0, fdt_set_name(tc.os, fdt_path_offset(tc.os,
				"/reserved-memory"), "reserved-memory@0"));
		strcpy(tc.pol.dom[0].host, hosts[i]);
		UT_ASSERT(apply_ok(&tc));
		UT_ASSERT_EQ(0, host_names_itself(tc.os, &tc));
		UT_ASSERT_EQ(-DMC_E_RULES, dt_fixup(tc.os, out, sizeof(out),
						     &tc.pol, &tc.plan,
						     &tc.err));
		UT_ASSERT_STR("/pcie@10000000", tc.err.where);
		UT_ASSERT_CONTAINS("R11:", tc.err.msg);
		dt_case_free(&tc);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Says confined, but Linux would not confine it: judged by linuxmodel.h */

static const char v64[] = "dts/examples/qemu-virt-arm64.dts";
static const char hb[] = "dts/examples/policy-virt-hostbridge.dts";

/* Plan again after a mutation changed what the memory map sees. */
static int replan(struct dt_case *c, enum dmc_arch arch)
{
	dmc_memmap_init(&c->mm);
	if (dmc_read(c->os, &c->pol, true, &c->mm, &c->osdt, &c->err))
		return -1;
	c->plan_ret = dmc_plan(&c->pol, &c->osdt, &c->mm, arch, &c->plan,
			       &c->err);
	return c->plan_ret;
}

/* /reserved-memory with the root's cells, made when missing */
static int resmem_of(void *fdt)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory");

	if (rm >= 0)
		return rm;
	rm = fdt_add_subnode(fdt, 0, "reserved-memory");
	fdt_setprop_u32(fdt, rm, "#address-cells", 2);
	fdt_setprop_u32(fdt, rm, "#size-cells", 2);
	fdt_setprop(fdt, rm, "ranges", NULL, 0);
	return rm;
}

static int add_region(void *fdt, const char *name, uint64_t base,
		      uint64_t size, const char *compat, uint32_t ph)
{
	int rm = resmem_of(fdt), n;
	fdt64_t reg[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };

	n = fdt_add_subnode(fdt, rm, name);
	if (n < 0)
		return n;
	fdt_setprop(fdt, n, "reg", reg, sizeof(reg));
	if (compat)
		fdt_setprop_string(fdt, n, "compatible", compat);
	else
		fdt_setprop(fdt, n, "no-map", NULL, 0);
	if (ph)
		fdt_setprop_u32(fdt, n, "phandle", ph);
	return n;
}

/* a function node below the host, device 1 function 0 */
static int add_function(void *fdt, const char *host)
{
	fdt32_t reg[5] = { cpu_to_fdt32(1 << 11), 0, 0, 0, 0 };
	int n = fdt_add_subnode(fdt, fdt_path_offset(fdt, host), "ep@1,0");

	if (n >= 0)
		fdt_setprop(fdt, n, "reg", reg, sizeof(reg));
	return n;
}

/* Class 1: a function's own memory-region is what Linux uses. */
static int test_linux_function_own_region(void)
{
	int fn;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT(add_region(tc.os, "fw@50000000", 0x50000000, 0x100000,
			     NULL, 0x9000) >= 0);
	fn = add_function(tc.os, "/pcie@10000000");
	UT_ASSERT(fn >= 0);
	UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, fn, "memory-region", 0x9000));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	dt_case_free(&tc);

	/* naming another restricted pool: refused, not guessed */
	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT(add_region(tc.os, "other@50000000", 0x50000000, 0x400000,
			     "restricted-dma-pool", 0x9000) >= 0);
	fn = add_function(tc.os, "/pcie@10000000");
	UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, fn, "memory-region", 0x9000));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_CONFLICT, dt_fixup(tc.os, out, sizeof(out),
						&tc.pol, &tc.plan, &tc.err));
	UT_ASSERT_CONTAINS("ep@1,0", tc.err.where);
	UT_ASSERT(unchanged(tc.os));
	dt_case_free(&tc);
	return 0;
}

/*
 * Class 1 from 7.x: a function whose memory-region is empty keeps Linux
 * from falling back to the host's list (up to 6.12 it falls back), so the
 * host form writes the pools into it as into any list of its own. A list
 * that is not whole cells is refused, not guessed at.
 */
static int test_linux_function_empty_region(void)
{
	uint32_t host_ph[4], fn_ph[4];
	uint8_t ragged[5] = { 0 };
	int fn, n;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	fn = add_function(tc.os, "/pcie@10000000");
	UT_ASSERT(fn >= 0);
	UT_ASSERT_EQ(0, fdt_setprop_empty(tc.os, fn, "memory-region"));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	n = mr_of(out, "/pcie@10000000", host_ph, 4);
	UT_ASSERT(n > 0);
	UT_ASSERT_EQ(n, mr_of(out, "/pcie@10000000/ep@1,0", fn_ph, 4));
	UT_ASSERT_EQ(host_ph[0], fn_ph[0]);
	dt_case_free(&tc);

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	fn = add_function(tc.os, "/pcie@10000000");
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, fn, "memory-region", ragged,
				    sizeof(ragged)));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dt_fixup(tc.os, out, sizeof(out),
					      &tc.pol, &tc.plan, &tc.err));
	UT_ASSERT(unchanged(tc.os));
	dt_case_free(&tc);
	return 0;
}

/*
 * Class 2: phandles Linux sees and libfdt does not, on a node before the
 * pools, with the value dmacage would have given its new pool.
 */
static int phandle_case(const char *prop, int cells)
{
	fdt32_t v[2];
	uint32_t next;
	int n;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, fdt_find_max_phandle(tc.os, &next));
	next++;
	v[0] = cpu_to_fdt32(next);
	v[1] = 0;
	n = fdt_add_subnode(tc.os, 0, "aaa-hostile");
	UT_ASSERT(n >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, n, prop, v, cells * 4));
	UT_ASSERT(apply_ok(&tc));
	dt_case_free(&tc);
	return 0;
}

static int test_linux_phandles(void)
{
	UT_ASSERT(!phandle_case("phandle", 2));
	UT_ASSERT(!phandle_case("linux,phandle", 2));
	UT_ASSERT(!phandle_case("ibm,phandle", 1));
	return 0;
}

/* Class 3: two hosts named alike, the first disabled: refused. */
static int test_linux_duplicate_host(void)
{
	int n;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	n = fdt_add_subnode(tc.os, 0, "pcie@dup");
	UT_ASSERT(n >= 0);
	fdt_setprop_string(tc.os, n, "device_type", "pci");
	fdt_setprop_string(tc.os, n, "compatible", "pci-host-ecam-generic");
	fdt_setprop_string(tc.os, n, "status", "disabled");
	UT_ASSERT_EQ(0, fdt_set_name(tc.os, n, "pcie@10000000"));
	UT_ASSERT_EQ(n, fdt_path_offset(tc.os, "/pcie@10000000"));
	replan(&tc, DMC_ARCH_UNSET);
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_NOHOST, dt_fixup(tc.os, out, sizeof(out),
					      &tc.pol, &tc.plan, &tc.err));
	UT_ASSERT_CONTAINS("pcie@10000000", tc.err.where);
	UT_ASSERT(unchanged(tc.os));
	dt_case_free(&tc);
	return 0;
}

/* Class 4: status without its NUL is still available to Linux. */
static int status_case(const char *st, int len)
{
	int n;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	/* where the pools go on this tree: the top of RAM */
	n = add_region(tc.os, "fw@7c000000", 0x7c000000, 0x4000000, NULL, 0);
	UT_ASSERT(n >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, n, "status", st, len));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT(tc.plan.win[0].base + tc.plan.win[0].size <= 0x7c000000);
	UT_ASSERT(apply_ok(&tc));
	dt_case_free(&tc);
	return 0;
}

static int test_linux_status_unterminated(void)
{
	UT_ASSERT(!status_case("okay", 4));
	UT_ASSERT(!status_case("ok", 2));
	return 0;
}

/* Class 5: the ARM32 command line as Linux parses it, end to end. */
static int test_linux_arm32_cmdline(void)
{
	static const char *const args[] = {
		"console=ttyAMA0\nvmalloc=600M",
		"\"vmalloc=600M\"",
		"vmalloc=\"600M\"",
		"vmalloc=600M -- vmalloc=16M",
	};
	unsigned int i;
	int chosen;

	for (i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
		UT_ASSERT(!dt_case_load(&tc, "dts/examples/qemu-virt-arm.dts",
					"dts/examples/policy-arm32-lowmem.dts",
					DMC_ARCH_ARM));
		chosen = fdt_path_offset(tc.os, "/chosen");
		UT_ASSERT_EQ(0, fdt_setprop_string(tc.os, chosen, "bootargs",
						   args[i]));
		UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_ARM));
		if (!apply_ok(&tc))
			UT_FAIL("bootargs \"%s\"", args[i]);
		dt_case_free(&tc);
	}
	return 0;
}

/* Class 6: memory Linux will not use is not used for pools. */
static int memory_case(int (*mutate)(void *fdt))
{
	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, mutate(tc.os));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	dt_case_free(&tc);
	return 0;
}

static int usable_memory(void *fdt)
{
	fdt64_t r[2] = { cpu_to_fdt64(0x40000000), cpu_to_fdt64(0x20000000) };

	return fdt_setprop(fdt, fdt_path_offset(fdt, "/memory@40000000"),
			   "linux,usable-memory", r, sizeof(r));
}

static int initrd_at_top(void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");

	fdt_setprop_u64(fdt, chosen, "linux,initrd-start", 0x7e000000);
	return fdt_setprop_u64(fdt, chosen, "linux,initrd-end", 0x80000000);
}

static int mem_param(void *fdt)
{
	return fdt_setprop_string(fdt, fdt_path_offset(fdt, "/chosen"),
				  "bootargs", "console=ttyAMA0 mem=768M");
}

static int test_linux_memory_used(void)
{
	UT_ASSERT(!memory_case(usable_memory));
	UT_ASSERT(!memory_case(initrd_at_top));
	UT_ASSERT(!memory_case(mem_param));
	return 0;
}

/* mem=SIZE@START replaces the memory, from a base the DT does not give */
static int test_linux_mem_at_refused(void)
{
	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, fdt_setprop_string(tc.os, fdt_path_offset(tc.os, "/chosen"),
					   "bootargs", "mem=256M@0x40000000"));
	UT_ASSERT_EQ(-1, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(-DMC_E_MEMMAP, tc.err.code);
	UT_ASSERT_CONTAINS("only mem=SIZE is understood", tc.err.msg);
	dt_case_free(&tc);
	return 0;
}

/* Class 7: a parent bus's dma-ranges limits what the host reaches. */
static int test_linux_parent_dma_ranges(void)
{
	fdt32_t dr[7] = { cpu_to_fdt32(0x02000000), 0,
			  cpu_to_fdt32(0xc0000000), 0,
			  cpu_to_fdt32(0xc0000000), 0,
			  cpu_to_fdt32(0x40000000) };

	UT_ASSERT(!dt_case_load(&tc, "test/unit/inputs/os-soc-dma-ranges.dts",
				"test/unit/inputs/policy-soc-host.dts",
				DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, tc.plan_ret);
	UT_ASSERT(tc.plan.win[0].base + tc.plan.win[0].size <= 0x60000000);
	UT_ASSERT(apply_ok(&tc));
	/* the host's own window, clipped by the bus's */
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, fdt_path_offset(tc.os,
				    "/soc/pcie@10000000"), "dma-ranges", dr,
				    sizeof(dr)));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT(tc.plan.win[0].base + tc.plan.win[0].size <= 0x60000000);
	UT_ASSERT(apply_ok(&tc));
	dt_case_free(&tc);
	return 0;
}

/* Class 9: /memory a placeholder the boot firmware fills in, --dram. */
static int test_linux_memory_placeholder(void)
{
	fdt64_t reg[2] = { cpu_to_fdt64(0x40000000), 0 };
	int mem;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	mem = fdt_path_offset(tc.os, "/memory@40000000");
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, mem, "reg", reg, sizeof(reg)));
	dmc_memmap_init(&tc.mm);
	UT_ASSERT_EQ(0, dmc_memmap_add_dram(&tc.mm, 0x40000000, 0x40000000,
					    "--dram", &tc.err));
	UT_ASSERT_EQ(0, dmc_read(tc.os, &tc.pol, false, &tc.mm, &tc.osdt,
				 &tc.err));
	UT_ASSERT_EQ(0, dmc_plan(&tc.pol, &tc.osdt, &tc.mm, DMC_ARCH_UNSET,
				 &tc.plan, &tc.err));
	UT_ASSERT_EQ(0, dt_fixup(tc.os, out, sizeof(out), &tc.pol, &tc.plan,
				  &tc.err));
	UT_ASSERT(no_errors(out, DMC_ARCH_UNSET));
	/* what the firmware writes at boot, then what Linux makes of it */
	reg[1] = cpu_to_fdt64(0x40000000);
	UT_ASSERT_EQ(0, fdt_setprop_inplace(out, fdt_path_offset(out,
				"/memory@40000000"), "reg", reg, sizeof(reg)));
	UT_ASSERT_EQ(0, lm_judge(out, &tc.pol, &tc.plan));
	dt_case_free(&tc);
	return 0;
}

/* Class 10: a bridge without device_type "pci", matched by reg alone. */
static int test_linux_untyped_bridge(void)
{
	fdt32_t rp[5] = { cpu_to_fdt32(1 << 11), 0, 0, 0, 0 };
	fdt32_t ep[5] = { cpu_to_fdt32(1 << 16), 0, 0, 0, 0 };
	int host, br, fn;

	UT_ASSERT(!dt_case_load(&tc, v64,
				"dts/examples/policy-virt-endpoint.dts",
				DMC_ARCH_UNSET));
	host = fdt_path_offset(tc.os, "/pcie@10000000");
	br = fdt_add_subnode(tc.os, host, "pci@1,0");
	UT_ASSERT(br >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, br, "reg", rp, sizeof(rp)));
	fn = fdt_add_subnode(tc.os, br, "wifi@0,0");
	UT_ASSERT(fn >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, fn, "reg", ep, sizeof(ep)));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT(fdt_getprop(out, fdt_path_offset(out,
			"/pcie@10000000/pci@1,0/wifi@0,0"), "memory-region",
			NULL));
	dt_case_free(&tc);
	return 0;
}

/* Class 11: a board's pools that only look like dmacage's. */
static int test_linux_vendor_pools(void)
{
	uint64_t b;
	int n;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	/* where the plan would go, named like ours */
	b = tc.plan.win[0].base;
	n = add_region(tc.os, "wifi-coherent@7e000000", 0x7e000000, 0x2000000,
		       "shared-dma-pool", 0x9001);
	UT_ASSERT(n >= 0);
	fdt_setprop(tc.os, n, "no-map", NULL, 0);
	/* unrelated restricted pool without a phandle */
	UT_ASSERT(add_region(tc.os, "modem-restricted@50000000", 0x50000000,
			     0x400000, "restricted-dma-pool", 0) >= 0);
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT(tc.plan.win[0].base + tc.plan.win[0].size <= 0x7e000000);
	UT_ASSERT(tc.plan.win[0].base != b);
	/* dmc_check() of the whole tree rightly flags the board's pool */
	UT_ASSERT_EQ(0, dt_fixup(tc.os, out, sizeof(out), &tc.pol, &tc.plan,
				  &tc.err));
	UT_ASSERT_EQ(0, fdt_check_full(out, fdt_totalsize(out)));
	UT_ASSERT_EQ(0, lm_judge(out, &tc.pol, &tc.plan));
	UT_ASSERT(fdt_path_offset(out, "/reserved-memory/wifi-coherent@7e000000")
		  >= 0);
	UT_ASSERT(fdt_path_offset(out,
		"/reserved-memory/modem-restricted@50000000") >= 0);
	dt_case_free(&tc);
	return 0;
}

/* The output of the last apply_ok() becomes the case's input. */
static int reuse_output(struct dt_case *c)
{
	return fdt_open_into(out, c->os, fdt_totalsize(c->os));
}

/* Class 12: a new policy, applied over an earlier run's output. */
static int test_reapply_new_policy(void)
{
	uint32_t ph[4];
	int rm, node, pol;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(0, reuse_output(&tc));
	/* no coherent pool any more */
	pol = fdt_path_offset(tc.pol_fdt, "/dmacage/pcie0");
	UT_ASSERT_EQ(0, fdt_delprop(tc.pol_fdt, pol, "coherent-size"));
	UT_ASSERT_EQ(0, dmc_policy_parse(tc.pol_fdt,
					 dmc_policy_find(tc.pol_fdt), &tc.pol,
					 &tc.err));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(1, mr_of(out, "/pcie@10000000", ph, 4));
	rm = fdt_path_offset(out, "/reserved-memory");
	fdt_for_each_subnode(node, out, rm)
		UT_ASSERT(!strstr(fdt_get_name(out, node, NULL), "-coherent@"));
	dt_case_free(&tc);
	return 0;
}

/*
 * Class 12's refusal: the policy's host renamed to one the tree lacks, so
 * this run drops the earlier run's pools; the fixup must refuse and leave
 * the input as it was.
 */
static int refuse_other_host(void)
{
	int pol;

	pol = fdt_path_offset(tc.pol_fdt, "/dmacage/pcie0");
	UT_ASSERT_EQ(0, fdt_setprop_string(tc.pol_fdt, pol, "host", "/nope"));
	UT_ASSERT_EQ(0, dmc_policy_parse(tc.pol_fdt,
					 dmc_policy_find(tc.pol_fdt), &tc.pol,
					 &tc.err));
	UT_ASSERT_EQ(-DMC_E_NOHOST, replan(&tc, DMC_ARCH_UNSET));
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_CONFLICT, dt_fixup(tc.os, out, sizeof(out),
						&tc.pol, &tc.plan, &tc.err));
	UT_ASSERT_CONTAINS("earlier dmacage run", tc.err.msg);
	UT_ASSERT(unchanged(tc.os));
	return 0;
}

/*
 * Class 12: a policy that no longer names the host an earlier run
 * confined would drop that run's pools while the host still names them:
 * refused. The same policy again is the control.
 */
static int test_reapply_other_host(void)
{
	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(0, reuse_output(&tc));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(0, refuse_other_host());
	UT_ASSERT_CONTAINS("pcie@10000000", tc.err.where);
	dt_case_free(&tc);
	return 0;
}

/*
 * The same with the host's list made ragged (a byte more): Linux's
 * restricted DMA ignores such a list, but of_parse_phandle() still reads
 * its whole cells, so the pools are still named there: refused too.
 */
static int test_reapply_other_host_ragged(void)
{
	uint8_t mr[17];
	const void *p;
	int host, len;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(0, reuse_output(&tc));
	host = fdt_path_offset(tc.os, "/pcie@10000000");
	p = fdt_getprop(tc.os, host, "memory-region", &len);
	UT_ASSERT(p && len > 0 && len < (int)sizeof(mr));
	memcpy(mr, p, len);
	mr[len] = 0;
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, host, "memory-region", mr, len + 1));
	UT_ASSERT_EQ(0, refuse_other_host());
	dt_case_free(&tc);
	return 0;
}

/*
 * A pool this run writes again keeps its phandle. When the policy moves
 * its domain to another host, the earlier host's memory-region, which this
 * run leaves alone, would name the domain's new pool: a device of that
 * host would bounce through the pool the checker grants to the new host.
 * Refused; the same tree under the old policy is the control.
 */
static int test_reapply_domain_moved(void)
{
	static const fdt32_t devfn0[5];
	int host, fn, pol;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(0, reuse_output(&tc));
	host = fdt_add_subnode(tc.os, 0, "pcie@20000000");
	UT_ASSERT(host >= 0);
	UT_ASSERT_EQ(0, fdt_setprop_string(tc.os, host, "device_type", "pci"));
	UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, host, "#address-cells", 3));
	UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, host, "#size-cells", 2));
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, host, "ranges", NULL, 0));
	fn = fdt_add_subnode(tc.os, host, "pci@0,0");
	UT_ASSERT(fn >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, fn, "reg", devfn0, sizeof(devfn0)));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	/* the new host has no pool yet: R24 there, so not apply_ok() */
	UT_ASSERT_EQ(0, dt_fixup(tc.os, out, sizeof(out), &tc.pol, &tc.plan,
				 &tc.err));
	UT_ASSERT_EQ(0, reuse_output(&tc));

	pol = fdt_path_offset(tc.pol_fdt, "/dmacage/pcie0");
	UT_ASSERT_EQ(0, fdt_setprop_string(tc.pol_fdt, pol, "host",
					   "/pcie@20000000"));
	UT_ASSERT_EQ(0, dmc_policy_parse(tc.pol_fdt,
					 dmc_policy_find(tc.pol_fdt), &tc.pol,
					 &tc.err));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_CONFLICT, dt_fixup(tc.os, out, sizeof(out),
						&tc.pol, &tc.plan, &tc.err));
	UT_ASSERT_CONTAINS("another host", tc.err.msg);
	UT_ASSERT_CONTAINS("pcie@10000000", tc.err.where);
	UT_ASSERT(unchanged(tc.os));
	dt_case_free(&tc);
	return 0;
}

/*
 * A node the record lists that is no longer a pool (its compatible gone)
 * is the board's to the planner, which places the new window around it:
 * the fixup must keep it too, or that memory goes back to Linux
 * unreserved while the plan avoided it.
 */
static int test_reapply_recorded_not_pool(void)
{
	char name[64];
	int rm, node, len;
	const char *n;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(0, reuse_output(&tc));
	rm = fdt_path_offset(tc.os, "/reserved-memory");
	node = -1;
	fdt_for_each_subnode(node, tc.os, rm)
		if (!fdt_node_check_compatible(tc.os, node,
					       "restricted-dma-pool"))
			break;
	UT_ASSERT(node >= 0);
	n = fdt_get_name(tc.os, node, &len);
	UT_ASSERT(n && len < (int)sizeof(name));
	memcpy(name, n, len + 1);
	UT_ASSERT_EQ(0, fdt_delprop(tc.os, node, "compatible"));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, dt_fixup(tc.os, out, sizeof(out), &tc.pol, &tc.plan,
				 &tc.err));
	UT_ASSERT(fdt_subnode_offset(out, fdt_path_offset(out,
						"/reserved-memory"), name) >= 0);
	dt_case_free(&tc);
	return 0;
}

/*
 * New pools take the phandles above the tree's highest. With two left the
 * first run takes both (the last is 0xfffffffe), and a second run, which
 * reuses them, needs none: it must not be refused for want of them. With
 * one left, the run needing two is refused, never given 0xffffffff.
 */
static int test_phandles_at_the_top(void)
{
	static unsigned char again[sizeof(out)];
	int node;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	node = fdt_path_offset(tc.os, "/chosen");
	UT_ASSERT(node >= 0);
	UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, node, "phandle", 0xfffffffc));
	UT_ASSERT(tc.plan.win[0].coherent_size);
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(0, reuse_output(&tc));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, dt_fixup(tc.os, again, sizeof(again), &tc.pol,
				 &tc.plan, &tc.err));
	UT_ASSERT_EQ(fdt_totalsize(out), fdt_totalsize(again));
	UT_ASSERT_EQ(0, memcmp(again, out, fdt_totalsize(out)));
	dt_case_free(&tc);

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	node = fdt_path_offset(tc.os, "/chosen");
	UT_ASSERT_EQ(0, fdt_setprop_u32(tc.os, node, "phandle", 0xfffffffd));
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dt_fixup(tc.os, out, sizeof(out), &tc.pol,
					      &tc.plan, &tc.err));
	UT_ASSERT_CONTAINS("exhausted", tc.err.msg);
	UT_ASSERT(unchanged(tc.os));
	dt_case_free(&tc);
	return 0;
}

/*
 * The record's path is /chosen/dmacage. A node of that name that is not
 * the earlier run's record (a board's, here an empty one before a real
 * record) was dropped in its place, and the real record stayed beside the
 * new one: two nodes of one path. Refused.
 */
static int test_record_name_taken(void)
{
	int chosen;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT(apply_ok(&tc));
	UT_ASSERT_EQ(0, reuse_output(&tc));
	chosen = fdt_path_offset(tc.os, "/chosen");
	UT_ASSERT(chosen >= 0);
	/* a new node goes first among the children */
	UT_ASSERT(fdt_add_subnode(tc.os, chosen, "dmacage") == -FDT_ERR_EXISTS);
	UT_ASSERT_EQ(0, fdt_set_name(tc.os, fdt_subnode_offset(tc.os, chosen,
							   "dmacage"), "x"));
	UT_ASSERT(fdt_add_subnode(tc.os, chosen, "dmacage") >= 0);
	UT_ASSERT_EQ(0, fdt_set_name(tc.os, fdt_path_offset(tc.os,
							    "/chosen/x"),
				     "dmacage"));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_CONFLICT, dt_fixup(tc.os, out, sizeof(out),
						&tc.pol, &tc.plan, &tc.err));
	UT_ASSERT_CONTAINS("/chosen/dmacage", tc.err.where);
	UT_ASSERT(unchanged(tc.os));
	dt_case_free(&tc);
	return 0;
}

/*
 * /memory in two entries that meet inside a page: Linux leaves that page
 * out, so the planner must not take the two for one range. The window
 * goes below the seam, and the fixup's own check (R10) accepts it.
 */
static int test_memory_seam(void)
{
	const fdt32_t reg[8] = {
		0, cpu_to_fdt32(0x40000000), 0, cpu_to_fdt32(0x3ff00800),
		0, cpu_to_fdt32(0x7ff00800), 0, cpu_to_fdt32(0x000ff800),
	};

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, fdt_setprop(tc.os, fdt_path_offset(tc.os,
				"/memory@40000000"), "reg", reg, sizeof(reg)));
	UT_ASSERT_EQ(0, replan(&tc, DMC_ARCH_UNSET));
	UT_ASSERT_EQ(DMC_DOM_PLANNED, tc.plan.win[0].state);
	UT_ASSERT(tc.plan.win[0].base + tc.plan.win[0].size <= 0x7ff00000);
	UT_ASSERT(apply_ok(&tc));
	dt_case_free(&tc);
	return 0;
}

/* Class 12: over a run that disabled the host, "confined" would lie. */
static int test_reapply_after_disable(void)
{
	struct dmc_plan good;

	UT_ASSERT(!dt_case_load(&tc, v64, hb, DMC_ARCH_UNSET));
	good = tc.plan;
	tc.plan.win[0].state = DMC_DOM_FAILED;
	tc.plan.win[0].code = -DMC_E_NOFIT;
	strcpy(tc.plan.win[0].reason, "pcie0: no room");
	UT_ASSERT_EQ(0, dt_fixup(tc.os, out, sizeof(out), &tc.pol, &tc.plan,
				  &tc.err));
	UT_ASSERT_EQ(0, reuse_output(&tc));
	tc.plan = good;
	snapshot(tc.os);
	UT_ASSERT_EQ(-DMC_E_CONFLICT, dt_fixup(tc.os, out, sizeof(out),
						&tc.pol, &tc.plan, &tc.err));
	UT_ASSERT_CONTAINS("pcie@10000000", tc.err.where);
	UT_ASSERT(unchanged(tc.os));
	dt_case_free(&tc);
	return 0;
}

int main(void)
{
	UT_RUN(test_virt64_hostbridge);
	UT_RUN(test_virt64_endpoint_creates_chain);
	UT_RUN(test_virt32_below_lowmem);
	UT_RUN(test_stb_existing_endpoint);
	UT_RUN(test_usb_reg0_matched_and_container_created);
	UT_RUN(test_idempotent_all_inputs);
	UT_RUN(test_every_short_buffer_fails_cleanly);
	UT_RUN(test_inplace_too_small_leaves_input);
	UT_RUN(test_bad_inputs);
	UT_RUN(test_rootless_refused);
	UT_RUN(test_pool_name_taken);
	UT_RUN(test_dangling_reference_keeps_dangling);
	UT_RUN(test_failed_domain_on_error);
	UT_RUN(test_record_checker_windows);
	UT_RUN(test_nops_kept);
	UT_RUN(test_self_check_reads_moved_nodes);
	UT_RUN(test_many_memory_nodes);
	UT_RUN(test_facts_follow_libfdt_names);
	UT_RUN(test_linux_function_own_region);
	UT_RUN(test_linux_function_empty_region);
	UT_RUN(test_linux_phandles);
	UT_RUN(test_linux_duplicate_host);
	UT_RUN(test_linux_status_unterminated);
	UT_RUN(test_linux_arm32_cmdline);
	UT_RUN(test_linux_memory_used);
	UT_RUN(test_linux_mem_at_refused);
	UT_RUN(test_linux_parent_dma_ranges);
	UT_RUN(test_linux_memory_placeholder);
	UT_RUN(test_linux_untyped_bridge);
	UT_RUN(test_linux_vendor_pools);
	UT_RUN(test_reapply_new_policy);
	UT_RUN(test_reapply_after_disable);
	UT_RUN(test_reapply_other_host);
	UT_RUN(test_reapply_other_host_ragged);
	UT_RUN(test_reapply_domain_moved);
	UT_RUN(test_reapply_recorded_not_pool);
	UT_RUN(test_phandles_at_the_top);
	UT_RUN(test_record_name_taken);
	UT_RUN(test_memory_seam);
	return ut_done();
}
