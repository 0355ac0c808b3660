// SPDX-License-Identifier: GPL-2.0+
/*
 * The core's lookups against libfdt's. Past the structure gate the core
 * reads a tree with structure.c's lookups, which promise libfdt's results,
 * errors included. On every input that passes the gate, each node and
 * property is visited both ways and every answer must be the same: node
 * order and depth, names, parents, children, subnode lookups by full and
 * by base name, properties in order with their names and values, getprop
 * of each name and of a missing one, and the lookup of each node's path.
 */
#include "fuzz_common.h"
#include "../lib/dmacage/fdtutil.h"

#define FL_PATH	1024

static void fl_die(const char *what, int node)
{
	fprintf(stderr, "lookup differs from libfdt: %s (node at %d)\n",
		what, node);
	abort();
}

static void fl_props(const void *fdt, int node)
{
	const struct fdt_property *p;
	const char *name, *n2;
	const void *v1, *v2;
	int a, b, l1, l2;

	a = dmc_first_prop(fdt, node);
	b = fdt_first_property_offset(fdt, node);
	for (;;) {
		if (a != b)
			fl_die("property offset", node);
		if (a < 0)
			break;
		p = dmc_prop_at(fdt, a, &l1);
		name = dmc_prop_name(fdt, p);
		v2 = fdt_getprop_by_offset(fdt, b, &n2, &l2);
		if (!v2 || name != n2 || p->data != v2 || l1 != l2)
			fl_die("property at an offset", node);
		v1 = dmc_getprop(fdt, node, name, &l1);
		v2 = fdt_getprop(fdt, node, name, &l2);
		if (v1 != v2 || l1 != l2)
			fl_die("getprop", node);
		a = dmc_next_prop(fdt, a);
		b = fdt_next_property_offset(fdt, b);
	}
	v1 = dmc_getprop(fdt, node, "no-such-property", &l1);
	v2 = fdt_getprop(fdt, node, "no-such-property", &l2);
	if (v1 != v2 || l1 != l2)
		fl_die("getprop of a missing name", node);
}

static void fl_children(const void *fdt, int node)
{
	const char *name;
	int a, b, len;

	a = dmc_first_subnode(fdt, node);
	b = fdt_first_subnode(fdt, node);
	for (;;) {
		if (a != b)
			fl_die("child", node);
		if (a < 0)
			break;
		name = fdt_get_name(fdt, a, &len);
		if (dmc_subnode_offset(fdt, node, name) !=
		    fdt_subnode_offset(fdt, node, name))
			fl_die("subnode by name", node);
		/* by its base name: "memory" finds "memory@40000000" */
		for (len = 0; name[len] && name[len] != '@'; len++)
			;
		if (dmc_subnode_offset_namelen(fdt, node, name, len) !=
		    fdt_subnode_offset_namelen(fdt, node, name, len))
			fl_die("subnode by base name", node);
		a = dmc_next_subnode(fdt, a);
		b = fdt_next_subnode(fdt, b);
	}
}

static void fl_node(const void *fdt, int node)
{
	static char path[FL_PATH];
	const char *n1, *n2;
	int l1, l2;

	n1 = dmc_get_name(fdt, node, &l1);
	n2 = fdt_get_name(fdt, node, &l2);
	if (n1 != n2 || l1 != l2)
		fl_die("name", node);
	if (dmc_parent_offset(fdt, node) != fdt_parent_offset(fdt, node))
		fl_die("parent", node);
	/* an offset inside the node is no node, to either */
	n1 = dmc_get_name(fdt, node + FDT_TAGSIZE, &l1);
	n2 = fdt_get_name(fdt, node + FDT_TAGSIZE, &l2);
	if (n1 != n2 || (!n1 && l1 != l2))
		fl_die("name at a non-node offset", node);
	fl_props(fdt, node);
	fl_children(fdt, node);
	if (!fdt_get_path(fdt, node, path, sizeof(path)) &&
	    dmc_path_offset(fdt, path) != fdt_path_offset(fdt, path))
		fl_die("path", node);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_stages(1u << FZ_VALID | 1u << FZ_CHECKED);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int a = -1, b = -1, da = 0, db = 0;
	void *fdt;

	fdt = fz_gated_copy(data, size);
	if (!fdt)
		return 0;
	for (;;) {
		a = dmc_next_node(fdt, a, &da);
		b = fdt_next_node(fdt, b, &db);
		if (a != b || da != db)
			fl_die("next node", a);
		if (a < 0)
			break;
		fl_node(fdt, a);
	}
	fz_reached[FZ_CHECKED]++;
	free(fdt);
	return 0;
}
