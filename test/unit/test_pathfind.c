// SPDX-License-Identifier: GPL-2.0+
/*
 * The lookups the core makes on a checked tree without libfdt's per-step
 * checks: paths matched on the structure walk, children, names and
 * properties read directly. Each must find what libfdt finds, on a tree
 * with the cases libfdt's matching rules are about (unit addresses left
 * out, duplicate names, aliases, NOPs among properties).
 */
#include <dmacage/fdtutil.h>
#include "ut.h"

static char dt[4096];

static void node(const char *name)
{
	fdt_begin_node(dt, name);
}

static void end(void)
{
	fdt_end_node(dt);
}

static void build(void)
{
	fdt_create(dt, sizeof(dt));
	fdt_finish_reservemap(dt);
	node("");
	fdt_property_u32(dt, "#address-cells", 2);
	node("aliases");
	fdt_property_string(dt, "pci", "/soc/pcie@1");
	end();
	node("soc");
	node("pcie@1");
	fdt_property_string(dt, "device_type", "pci");
	fdt_property_u32(dt, "phandle", 7);
	node("ep@0");
	end();
	end();
	node("pcie@2");
	end();
	node("dup");	/* the first "dup" has no x: /soc/dup/x is not found */
	end();
	node("dup");
	node("x");
	end();
	end();
	end();
	node("a@1");
	end();
	node("a@2");
	fdt_property_string(dt, "status", "okay");
	end();
	node("b");
	node("c");
	fdt_property_u32(dt, "x", 1);
	fdt_property_u32(dt, "y", 2);
	fdt_property_u32(dt, "x", 3);	/* a repeat: the first wins */
	end();
	end();
	end();
	fdt_finish(dt);
	/* a NOP among b/c's properties, as fdt_delprop() leaves them */
	fdt_open_into(dt, dt, sizeof(dt));
	fdt_nop_property(dt, fdt_path_offset(dt, "/b/c"), "y");
	fdt_pack(dt);
}

static const char *const paths[] = {
	"/", "/soc", "/soc/pcie@1", "/soc/pcie@1/ep@0", "/soc/pcie",
	"/soc/pcie@2", "/soc/pcie@3", "/soc/dup", "/soc/dup/x", "/a",
	"/a@2", "/b/c", "//b//c/", "/nope", "/soc/nope/x", "/b/c/d",
	"pci",
};
#define NPATHS	(sizeof(paths) / sizeof(paths[0]))

/* Every path, in batches of DMC_PATHFIND_MAX, against libfdt. */
static int test_paths_as_libfdt(void)
{
	struct dmc_walk_want want = { 0 };
	struct dmc_pathfind pf;
	unsigned int i, j;
	int idx[NPATHS], node, parent, expect;

	build();
	for (i = 0; i < NPATHS; i += DMC_PATHFIND_MAX) {
		dmc_pathfind_init(&pf, dt);
		for (j = i; j < NPATHS && j < i + DMC_PATHFIND_MAX; j++)
			idx[j] = dmc_pathfind_add(&pf, paths[j]);
		want.nodes_to = pf.nodes_to;
		UT_ASSERT_EQ(0, dmc_walk_structure(dt, "DT", NULL,
						   dmc_pathfind_visit, &want,
						   &pf));
		for (j = i; j < NPATHS && j < i + DMC_PATHFIND_MAX; j++) {
			expect = fdt_path_offset(dt, paths[j]);
			node = dmc_pathfind_get(&pf, idx[j], &parent);
			if (expect != node)
				UT_FAIL("%s: libfdt %d, pathfind %d", paths[j],
					expect, node);
			if (node > 0 && parent != fdt_parent_offset(dt, node))
				UT_FAIL("%s: parent %d, libfdt %d", paths[j],
					parent, fdt_parent_offset(dt, node));
		}
	}
	/* the cases above must not all be misses */
	UT_ASSERT(fdt_path_offset(dt, "/a") == fdt_path_offset(dt, "/a@1"));
	UT_ASSERT(fdt_path_offset(dt, "/soc/dup/x") < 0);
	return 0;
}

static int test_add_same_and_full(void)
{
	struct dmc_pathfind pf;
	char name[DMC_PATHFIND_MAX + 1][8];
	unsigned int i;

	dmc_pathfind_init(&pf, dt);
	for (i = 0; i < DMC_PATHFIND_MAX; i++) {
		snprintf(name[i], sizeof(name[i]), "/n%u", i);
		UT_ASSERT_EQ(i, dmc_pathfind_add(&pf, name[i]));
	}
	UT_ASSERT_EQ(3, dmc_pathfind_add(&pf, "/n3"));
	UT_ASSERT_EQ(-DMC_E_TOOMANY, dmc_pathfind_add(&pf, "/more"));
	return 0;
}

/* Children, names, subtree ends and properties of every node. */
static int test_navigation_as_libfdt(void)
{
	static const char *const props[] = {
		"x", "y", "status", "phandle", "device_type", "pci", "none",
	};
	const void *a, *b;
	int n, c, d, la, lb;
	unsigned int i;

	build();
	UT_ASSERT_EQ(0, dmc_check_structure(dt, "DT", NULL));
	for (n = 0; n >= 0; n = fdt_next_node(dt, n, NULL)) {
		UT_ASSERT_STR(fdt_get_name(dt, n, NULL), dmc_get_name(dt, n));
		UT_ASSERT_EQ(fdt_first_subnode(dt, n),
			     dmc_first_subnode(dt, n));
		c = fdt_next_subnode(dt, n);
		d = dmc_next_subnode(dt, n);
		/* libfdt says BADOFFSET or NOTFOUND past the last sibling */
		UT_ASSERT_EQ(c < 0 ? -FDT_ERR_NOTFOUND : c, d);
		for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
			a = fdt_getprop(dt, n, props[i], &la);
			b = dmc_getprop(dt, n, props[i], &lb);
			if (a != b || la != lb)
				UT_FAIL("%s of %s: libfdt %p/%d, direct %p/%d",
					props[i], fdt_get_name(dt, n, NULL), a,
					la, b, lb);
		}
	}
	n = fdt_path_offset(dt, "/b/c");
	a = dmc_getprop(dt, n, "x", NULL);
	UT_ASSERT_EQ(1, fdt32_to_cpu(*(const fdt32_t *)a));
	UT_ASSERT(!dmc_getprop(dt, n, "y", NULL));	/* NOPped */
	n = fdt_path_offset(dt, "/soc");
	UT_ASSERT_EQ(fdt_path_offset(dt, "/a@1"), dmc_skip_subtree(dt, n));
	UT_ASSERT(!dmc_getprop(dt, -1, "x", &la));
	UT_ASSERT_EQ(-1, la);
	UT_ASSERT_EQ(-FDT_ERR_NOTFOUND, dmc_first_subnode(dt, -1));
	return 0;
}

/* The whole depth-first order, depths included, with libfdt's ending. */
static int test_next_node_as_libfdt(void)
{
	int a = -1, b = -1, da = -1, db = -1, steps = 0;

	build();
	do {
		a = fdt_next_node(dt, a, &da);
		b = dmc_next_node(dt, b, &db);
		UT_ASSERT_EQ(a, b);
		UT_ASSERT_EQ(da, db);
		steps++;
	} while (a >= 0);
	UT_ASSERT(steps > 10);
	UT_ASSERT_EQ(fdt_next_node(dt, 0, NULL), dmc_next_node(dt, 0, NULL));
	UT_ASSERT_EQ(-FDT_ERR_BADOFFSET, dmc_next_node(dt, 4, NULL));
	return 0;
}

int main(void)
{
	UT_RUN(test_paths_as_libfdt);
	UT_RUN(test_add_same_and_full);
	UT_RUN(test_navigation_as_libfdt);
	UT_RUN(test_next_node_as_libfdt);
	return ut_done();
}
