/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * A structure-aware mutator for the harnesses whose input is a whole DTB.
 * Byte flips almost never leave a tree the gate accepts, so a byte-level
 * harness spends most of its runs at the front door. This mutator edits a
 * valid input through libfdt's read-write calls instead (properties set,
 * deleted, copied between nodes or given another node's phandle; nodes
 * added, renamed or deleted; values mutated byte by byte), so that the
 * result is again a tree the gate accepts, and the planner and the fixup
 * run on it. Three edited trees in four are then repaired where a read
 * would stop first (md_repair()). One run in sixteen, and every input the
 * gate refuses, still gets libFuzzer's own byte-level mutation: the gate's
 * own edges stay fuzzed.
 *
 * Include it after fuzz_common.h; it defines LLVMFuzzerCustomMutator().
 */
#ifndef DMACAGE_FUZZ_MUTATE_DT_H
#define DMACAGE_FUZZ_MUTATE_DT_H

#include <stdint.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

#define MD_TREE_MAX	(256 * 1024)	/* the tree while it is edited */
#define MD_VAL_MAX	1024		/* a property value mutated in place */

/* Names that the planner, the fixup and Linux's DT code act on. */
static const char *const md_prop_names[] = {
	"memory-region", "status", "phandle", "linux,phandle", "reg",
	"ranges", "dma-ranges", "device_type", "compatible", "no-map",
	"reusable", "size", "alignment", "alloc-ranges", "#address-cells",
	"#size-cells", "linux,usable-memory", "bootargs",
	"linux,initrd-start", "linux,initrd-end", "msi-map", "msi-parent",
	"iommu-map", "iommus", "dma-coherent", "bus-range",
};

/* The policy binding's, for a harness whose tree carries its policy. */
static const char *const md_policy_props[] = {
	"host", "endpoints", "restricted-size", "coherent-size", "on-error",
	"dma-bits", "placement-range", "checker", "checker-optional",
	"msi-doorbell", "msi-window", "os-arch", "vmalloc-size",
	"restricted-size-range", "coherent-size-range", "status", "clients",
	"limit", "base", "compatible",
};

static const char *const md_node_names[] = {
	"memory@40000000", "reserved-memory", "chosen", "pcie@10000000",
	"pci@0,0", "pci@1,0", "dev@0,0", "multifunc-device", "soc",
	"restricted-dma@50000000", "shared-dma@58000000", "dmacage",
	"memory@80000000", "region@48000000",
};

static const char *const md_strings[] = {
	"okay", "ok", "disabled", "fail", "pci", "memory",
	"restricted-dma-pool", "shared-dma-pool", "pci-host-ecam-generic",
	"mem=512M", "vmalloc=256M", "/pcie@10000000", "00.0/00.0",
	"00.0/01.0", "halt", "warn", "disable", "arm", "arm64",
	"dmacage,policy",
};

static uint32_t md_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* A random node of @fdt, the root included. */
static int md_node(const void *fdt, uint32_t *s)
{
	int n = 0, off, pick;

	for (off = 0; off >= 0; off = fdt_next_node(fdt, off, NULL))
		n++;
	pick = md_rand(s) % n;
	for (off = 0; pick > 0 && off >= 0; pick--)
		off = fdt_next_node(fdt, off, NULL);
	return off < 0 ? 0 : off;
}

/*
 * A random property of @node: its name copied to @name (@len bytes), its
 * value returned with its length in @vlen. NULL when @node has none.
 */
static const void *md_prop(const void *fdt, int node, uint32_t *s,
			   char *name, size_t len, int *vlen)
{
	const char *pname;
	const void *val = NULL;
	int n = 0, off, pick;

	fdt_for_each_property_offset(off, fdt, node)
		n++;
	if (!n)
		return NULL;
	pick = md_rand(s) % n;
	fdt_for_each_property_offset(off, fdt, node)
		if (!pick--)
			break;
	val = fdt_getprop_by_offset(fdt, off, &pname, vlen);
	if (!val || strlen(pname) >= len)
		return NULL;
	strcpy(name, pname);
	return val;
}

/* The phandle of a random node, given one if it has none (0: no room). */
static uint32_t md_phandle(void *fdt, uint32_t *s)
{
	int node = md_node(fdt, s);
	uint32_t ph = fdt_get_phandle(fdt, node);

	if (!ph && (fdt_generate_phandle(fdt, &ph) ||
		    fdt_setprop_u32(fdt, node, "phandle", ph)))
		ph = 0;
	return ph;
}

/* A value for a property: a string, cells, a phandle, or nothing. */
static int md_value(void *fdt, uint32_t *s, uint8_t *v)
{
	static const uint32_t cells[] = {
		0, 1, 2, 3, 0x10000000, 0x40000000, 0x48000000, 0x80000000,
		0x02000000, 0x00400000, 0xffffffff, 0x43000000,
	};
	unsigned int i, n;
	fdt32_t c;

	switch (md_rand(s) % 5) {
	case 0: {
		const char *str = md_strings[md_rand(s) %
			(sizeof(md_strings) / sizeof(md_strings[0]))];

		memcpy(v, str, strlen(str) + 1);
		return strlen(str) + 1;
	}
	case 1:
		c = cpu_to_fdt32(md_phandle(fdt, s));
		memcpy(v, &c, 4);
		return 4;
	case 2:
		return 0;
	default:
		n = 1 + md_rand(s) % 7;
		for (i = 0; i < n; i++) {
			c = cpu_to_fdt32(md_rand(s) % 4 ? cells[md_rand(s) %
				(sizeof(cells) / sizeof(cells[0]))] : md_rand(s));
			memcpy(v + 4 * i, &c, 4);
		}
		return 4 * n;
	}
}

/*
 * A policy DTB whose /dmacage node md_repair() grafts into a tree without
 * one, or NULL: set by a harness whose input is a tree and its policy.
 */
static const void *md_graft;

/* The name of a property to set: the policy's too when trees carry one. */
static const char *md_prop_name(uint32_t *s)
{
	if (md_graft && md_rand(s) % 2)
		return md_policy_props[md_rand(s) % (sizeof(md_policy_props) /
					sizeof(md_policy_props[0]))];
	return md_prop_names[md_rand(s) %
		(sizeof(md_prop_names) / sizeof(md_prop_names[0]))];
}

/* One edit of @fdt (open, with room). libfdt refusing it is no error. */
static void md_edit(void *fdt, uint32_t *s)
{
	uint8_t v[MD_VAL_MAX];
	char name[64];
	const char *nn;
	const void *val;
	int node = md_node(fdt, s), len;
	uint32_t ph;
	size_t n;

	switch (md_rand(s) % 8) {
	case 0:	/* a value mutated byte by byte */
		val = md_prop(fdt, node, s, name, sizeof(name), &len);
		if (!val || len > MD_VAL_MAX / 2)
			return;
		memcpy(v, val, len);
		n = LLVMFuzzerMutate(v, len, MD_VAL_MAX);
		fdt_setprop(fdt, node, name, v, n);
		return;
	case 1:	/* a property deleted */
		if (md_prop(fdt, node, s, name, sizeof(name), &len))
			fdt_delprop(fdt, node, name);
		return;
	case 2:	/* a property the code acts on, set to some value */
		nn = md_prop_name(s);
		len = md_value(fdt, s, v);
		fdt_setprop(fdt, md_node(fdt, s), nn, v, len);
		return;
	case 3:	/* a property copied to another node */
		val = md_prop(fdt, node, s, name, sizeof(name), &len);
		if (!val || len > MD_VAL_MAX)
			return;
		memcpy(v, val, len);
		fdt_setprop(fdt, md_node(fdt, s), name, v, len);
		return;
	case 4:	/* a node added */
		fdt_add_subnode(fdt, node, md_node_names[md_rand(s) %
			(sizeof(md_node_names) / sizeof(md_node_names[0]))]);
		return;
	case 5:	/* a node deleted */
		if (node > 0)
			fdt_del_node(fdt, node);
		return;
	case 6:	/* a node renamed */
		if (node > 0)
			fdt_set_name(fdt, node, md_node_names[md_rand(s) %
				(sizeof(md_node_names) / sizeof(md_node_names[0]))]);
		return;
	default:	/* memory-region pointed at a node, given a phandle */
		ph = md_phandle(fdt, s);	/* may move every node */
		fdt_setprop_u32(fdt, md_node(fdt, s), "memory-region", ph);
		return;
	}
}

/* @node's #address-cells or #size-cells (@name) when it is 1 or 2, else 0. */
static uint32_t md_cells(const void *fdt, int node, const char *name)
{
	const fdt32_t *c;
	int len;

	c = fdt_getprop(fdt, node, name, &len);
	if (!c || len != 4 || !fdt32_to_cpu(*c) || fdt32_to_cpu(*c) > 2)
		return 0;
	return fdt32_to_cpu(*c);
}

/*
 * The host bridge a harness's policy names, a child of the root, or NULL.
 * md_repair() puts a bare one back when the edits took it away.
 */
static const char *md_host;

/*
 * Copies @src's node @snode, its properties and its subtree, as a new child
 * of @parent in @fdt. Return: 0, or < 0 when libfdt refuses a step.
 */
static int md_copy_node(void *fdt, int parent, const void *src, int snode)
{
	const char *name;
	const void *val;
	int node, prop, child, len;

	node = fdt_add_subnode(fdt, parent, fdt_get_name(src, snode, NULL));
	if (node < 0)
		return node;
	fdt_for_each_property_offset(prop, src, snode) {
		val = fdt_getprop_by_offset(src, prop, &name, &len);
		if (!val || fdt_setprop(fdt, node, name, val, len))
			return -FDT_ERR_NOSPACE;
	}
	/* fdt_add_subnode() puts a child first: copy them last to first */
	len = 0;
	fdt_for_each_subnode(child, src, snode)
		len++;
	for (; len > 0; len--) {
		child = fdt_first_subnode(src, snode);
		for (prop = 1; prop < len; prop++)
			child = fdt_next_subnode(src, child);
		if (md_copy_node(fdt, node, src, child) < 0)
			return -FDT_ERR_NOSPACE;
	}
	return 0;
}

/*
 * The host the first domain names: the tree's own policy's (md_graft set),
 * else md_host. NULL when none, or when it is not a child of the root.
 */
static const char *md_policy_host(const void *fdt)
{
	const char *host = md_host;
	int dom;

	if (md_graft) {
		dom = fdt_first_subnode(fdt, fdt_path_offset(fdt, "/dmacage"));
		host = dom < 0 ? NULL : fdt_getprop(fdt, dom, "host", NULL);
	}
	if (!host || host[0] != '/' || !host[1] || strchr(host + 1, '/') ||
	    strnlen(host, 64) == 64)
		return NULL;
	return host;
}

/* A PCI host bridge at the policy's host, with one function, if missing. */
static void md_repair_host(void *fdt)
{
	static const fdt32_t devfn0[5];
	const char *host = md_policy_host(fdt);
	char name[64];
	int node;

	if (!host || fdt_path_offset(fdt, host) >= 0)
		return;
	strcpy(name, host + 1);	/* the tree moves under @host */
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0 || fdt_setprop_string(fdt, node, "device_type", "pci") ||
	    fdt_setprop_u32(fdt, node, "#address-cells", 3) ||
	    fdt_setprop_u32(fdt, node, "#size-cells", 2) ||
	    fdt_setprop(fdt, node, "ranges", NULL, 0))
		return;
	node = fdt_add_subnode(fdt, node, "pci@0,0");
	if (node >= 0)
		fdt_setprop(fdt, node, "reg", devfn0, sizeof(devfn0));
}

/*
 * Gives @fdt what every read needs before it looks at anything else: root
 * cells of 1 or 2, and a memory node whose reg fits them (1 GiB at 1 GiB,
 * the layout of the seeds); and, half the time, the policy's host bridge.
 * Without it, most of the trees the edits lead to stop at the memory map
 * or fail their only domain, and the plan and the fixup never run.
 */
static void md_repair(void *fdt, uint32_t *s)
{
	fdt32_t reg[4] = { 0 };
	uint32_t ac = md_cells(fdt, 0, "#address-cells");
	uint32_t sc = md_cells(fdt, 0, "#size-cells");
	const fdt32_t *c;
	int node, len;

	if (!ac || !sc) {
		ac = sc = 2;
		fdt_setprop_u32(fdt, 0, "#address-cells", 2);
		fdt_setprop_u32(fdt, 0, "#size-cells", 2);
	}
	node = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
					     "memory", sizeof("memory"));
	if (node < 0 || fdt_parent_offset(fdt, node) != 0) {
		node = fdt_add_subnode(fdt, 0, "memory@40000000");
		if (node == -FDT_ERR_EXISTS)
			node = fdt_subnode_offset(fdt, 0, "memory@40000000");
		if (node < 0 || fdt_setprop_string(fdt, node, "device_type",
						   "memory"))
			return;
	}
	c = fdt_getprop(fdt, node, "reg", &len);
	if (len <= 0 || len % (4 * (ac + sc)) || !c[len / 4 - 1]) {
		reg[ac - 1] = reg[ac + sc - 1] = cpu_to_fdt32(0x40000000);
		fdt_setprop(fdt, node, "reg", reg, 4 * (ac + sc));
	}
	fdt_delprop(fdt, node, "status");
	node = fdt_path_offset(fdt, "/dmacage");
	if (md_graft && node < 0)
		md_copy_node(fdt, 0, md_graft,
			     fdt_path_offset(md_graft, "/dmacage"));
	else if (md_graft)
		fdt_setprop_string(fdt, node, "compatible", "dmacage,policy");
	if (md_rand(s) % 2)
		md_repair_host(fdt);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	static uint8_t tree[MD_TREE_MAX];
	uint32_t s = seed | 1;
	unsigned int i, n;

	if (md_rand(&s) % 16 == 0 || !fz_valid(data, size) ||
	    fdt_open_into(data, tree, sizeof(tree)))
		return LLVMFuzzerMutate(data, size, max_size);
	n = 1 + md_rand(&s) % 3;
	for (i = 0; i < n; i++)
		md_edit(tree, &s);
	if (md_rand(&s) % 4)
		md_repair(tree, &s);
	if (fdt_pack(tree) || fdt_totalsize(tree) > max_size)
		return LLVMFuzzerMutate(data, size, max_size);
	memcpy(data, tree, fdt_totalsize(tree));
	return fdt_totalsize(tree);
}

#endif /* DMACAGE_FUZZ_MUTATE_DT_H */
