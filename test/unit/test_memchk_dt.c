// SPDX-License-Identifier: GPL-2.0+
/*
 * Checker nodes in the policy DT (memchk_dt_parse) and the intent a policy
 * and plan give a checker (memchk_intent_from_plan, memchk_plan_note).
 */
#include <dmacage/memchk.h>
#include "ut.h"

static char fdt[4096];

/* /tzc@2a4a0000 (phandle 1) and /rc (phandle 2) under 2/2 root cells. */
static int build(void)
{
	const fdt32_t reg[] = { 0, cpu_to_fdt32(0x2a4a0000), 0,
				cpu_to_fdt32(0x1000) };
	static const char names[] = "pcie0\0pcie1";
	fdt32_t ids[2] = { cpu_to_fdt32(5), cpu_to_fdt32(6) };
	int n;

	if (fdt_create_empty_tree(fdt, sizeof(fdt)) ||
	    fdt_setprop_u32(fdt, 0, "#address-cells", 2) ||
	    fdt_setprop_u32(fdt, 0, "#size-cells", 2))
		return -1;
	n = fdt_add_subnode(fdt, 0, "tzc@2a4a0000");
	if (n < 0 || fdt_setprop_string(fdt, n, "compatible", "arm,tzc-400") ||
	    fdt_setprop(fdt, n, "reg", reg, sizeof(reg)) ||
	    fdt_setprop(fdt, n, "client-ids", ids, sizeof(ids)) ||
	    fdt_setprop(fdt, n, "client-names", names, sizeof(names)) ||
	    fdt_setprop_u32(fdt, n, "phandle", 1))
		return -1;
	n = fdt_add_subnode(fdt, 0, "rc");
	if (n < 0 ||
	    fdt_setprop_string(fdt, n, "compatible", "dmacage,range-checker") ||
	    fdt_setprop_string(fdt, n, "method", "smc") ||
	    fdt_setprop_u32(fdt, n, "dmacage,emu-windows", 4) ||
	    fdt_setprop_u32(fdt, n, "phandle", 2))
		return -1;
	return 0;
}

static int test_dt_parse(void)
{
	struct memchk_node nd;
	struct dmc_err err;

	UT_ASSERT_EQ(0, build());
	UT_ASSERT_EQ(0, memchk_dt_by_phandle(fdt, 1, &nd, &err));
	UT_ASSERT_EQ(MEMCHK_TZC400, nd.type);
	UT_ASSERT(nd.has_reg);
	UT_ASSERT_EQ(0x2a4a0000, nd.base);
	UT_ASSERT_EQ(0x1000, nd.size);
	UT_ASSERT_STR("/tzc@2a4a0000", nd.path);
	UT_ASSERT_STR("arm,tzc-400", nd.compatible);
	UT_ASSERT_EQ(2, nd.names.n);
	UT_ASSERT_EQ(6, nd.names.id[1]);
	UT_ASSERT_STR("pcie1", nd.names.name[1]);
	UT_ASSERT_EQ(0, memchk_dt_by_phandle(fdt, 2, &nd, &err));
	UT_ASSERT_EQ(MEMCHK_RANGECHK_SCALL, nd.type);
	UT_ASSERT(!nd.has_reg);
	UT_ASSERT_EQ(4, nd.emu_windows);
	UT_ASSERT_EQ(-MEMCHK_E_DT, memchk_dt_by_phandle(fdt, 3, &nd, &err));
	UT_ASSERT_CONTAINS("phandle 0x3", err.msg);
	return 0;
}

static int test_dt_refusals(void)
{
	struct memchk_node nd;
	struct dmc_err err;
	int n;

	UT_ASSERT_EQ(0, build());
	n = fdt_path_offset(fdt, "/tzc@2a4a0000");
	/* names and IDs must pair up */
	UT_ASSERT_EQ(0, fdt_setprop_u32(fdt, n, "client-ids", 5));
	UT_ASSERT_EQ(-MEMCHK_E_DT, memchk_dt_parse(fdt, n, &nd, &err));
	UT_ASSERT_STR("/tzc@2a4a0000", err.where);
	UT_ASSERT_CONTAINS("client-ids (1 cells) and client-names (2 strings)",
			   err.msg);
	/* a TZC-400 has no secure-call backend here */
	UT_ASSERT_EQ(0, fdt_delprop(fdt, n, "client-ids"));
	UT_ASSERT_EQ(0, fdt_delprop(fdt, n, "client-names"));
	UT_ASSERT_EQ(0, fdt_setprop_string(fdt, n, "method", "smc"));
	UT_ASSERT_EQ(-MEMCHK_E_DT, memchk_dt_parse(fdt, n, &nd, &err));
	UT_ASSERT_CONTAINS("method \"smc\"", err.msg);
	/* an MMIO checker without reg */
	UT_ASSERT_EQ(0, fdt_delprop(fdt, n, "method"));
	UT_ASSERT_EQ(0, fdt_delprop(fdt, n, "reg"));
	UT_ASSERT_EQ(-MEMCHK_E_DT, memchk_dt_parse(fdt, n, &nd, &err));
	UT_ASSERT_CONTAINS("needs reg", err.msg);
	/* unknown compatible */
	UT_ASSERT_EQ(0, fdt_setprop_string(fdt, n, "compatible", "acme,x"));
	UT_ASSERT_EQ(-MEMCHK_E_DT, memchk_dt_parse(fdt, n, &nd, &err));
	n = fdt_path_offset(fdt, "/rc");
	UT_ASSERT_EQ(0, fdt_setprop_u32(fdt, n, "dmacage,emu-granule", 0x3000));
	UT_ASSERT_EQ(-MEMCHK_E_DT, memchk_dt_parse(fdt, n, &nd, &err));
	UT_ASSERT_CONTAINS("not a power of two", err.msg);
	return 0;
}

static int test_intent_from_plan(void)
{
	static struct dmc_policy pol;
	static struct dmc_plan plan;
	struct memchk_intent in;
	struct dmc_err err;

	memset(&pol, 0, sizeof(pol));
	memset(&plan, 0, sizeof(plan));
	pol.ndomains = plan.nwin = 3;
	/* a: planned on checker 1; b: failed on checker 1; c: checker 2 */
	strcpy(pol.dom[0].name, "a");
	pol.dom[0].checker = 1;
	pol.dom[0].nclients = 2;
	pol.dom[0].clients[0] = 5;
	pol.dom[0].clients[1] = 6;
	plan.win[0].state = DMC_DOM_PLANNED;
	plan.win[0].base = 0x80000000;
	plan.win[0].size = 0x2400000;
	strcpy(pol.dom[1].name, "b");
	pol.dom[1].checker = 1;
	pol.dom[1].nclients = 1;
	pol.dom[1].clients[0] = 9;
	plan.win[1].state = DMC_DOM_FAILED;
	pol.dom[2].checker = 2;
	pol.dom[2].nclients = 1;
	pol.dom[2].clients[0] = 1;
	plan.win[2].state = DMC_DOM_PLANNED;
	plan.win[2].base = 0x90000000;
	plan.win[2].size = 0x200000;

	UT_ASSERT_EQ(0, memchk_intent_from_plan(&in, &pol, &plan, 1, &err));
	UT_ASSERT_EQ(0x260, in.confined);	/* b denied everywhere */
	UT_ASSERT_EQ(1, in.nwin);
	UT_ASSERT_EQ(0x80000000, in.win[0].base);
	UT_ASSERT_EQ(0x2400000, in.win[0].size);
	UT_ASSERT_EQ(0x60, in.win[0].clients);
	UT_ASSERT_EQ(MEMCHK_PERM_RW, in.win[0].perm);
	memchk_plan_note(&plan, &pol, 1, DMC_GUARD_LOCK);
	UT_ASSERT_EQ(1, plan.win[0].nchk);
	UT_ASSERT_EQ(0x80000000, plan.win[0].chk[0].base);
	UT_ASSERT_EQ(DMC_GUARD_LOCK, plan.win[0].chk_guard);
	UT_ASSERT_EQ(0, plan.win[1].nchk);
	UT_ASSERT_EQ(0, plan.win[2].nchk);
	UT_ASSERT_EQ(0, memchk_window_slot(&pol, &plan, 0));
	UT_ASSERT_EQ(-1, memchk_window_slot(&pol, &plan, 1));
	UT_ASSERT_EQ(0, memchk_window_slot(&pol, &plan, 2));
	plan.win[1].state = DMC_DOM_PLANNED;
	plan.win[1].base = 0x88000000;
	plan.win[1].size = 0x200000;
	UT_ASSERT_EQ(1, memchk_window_slot(&pol, &plan, 1));
	UT_ASSERT_EQ(0, memchk_intent_from_plan(&in, &pol, &plan, 1, &err));
	UT_ASSERT_EQ(2, in.nwin);
	UT_ASSERT_EQ(0x88000000, in.win[1].base);
	UT_ASSERT_EQ(0x200, in.win[1].clients);
	/* a checker that confines nobody for a domain is refused */
	pol.dom[1].nclients = 0;
	UT_ASSERT_EQ(-MEMCHK_E_CLIENT,
		     memchk_intent_from_plan(&in, &pol, &plan, 1, &err));
	UT_ASSERT_STR("b", err.where);
	UT_ASSERT_CONTAINS("lists no clients", err.msg);
	pol.dom[1].nclients = 1;
	/* a client ID no bitmap can hold */
	pol.dom[0].clients[1] = 40;
	UT_ASSERT_EQ(-MEMCHK_E_CLIENT,
		     memchk_intent_from_plan(&in, &pol, &plan, 1, &err));
	UT_ASSERT_STR("a", err.where);
	return 0;
}

static int test_strerror(void)
{
	UT_ASSERT_STR("too many checker windows", dmc_strerror(-MEMCHK_E_TOOMANY));
	UT_ASSERT_STR("checker secure call refused", dmc_strerror(MEMCHK_E_CALL));
	UT_ASSERT_STR("impossible plan", dmc_strerror(-DMC_E_NOFIT));
	return 0;
}

int main(void)
{
	UT_RUN(test_dt_parse);
	UT_RUN(test_dt_refusals);
	UT_RUN(test_intent_from_plan);
	UT_RUN(test_strerror);
	return ut_done();
}
