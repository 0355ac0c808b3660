// SPDX-License-Identifier: GPL-2.0+
/*
 * Rules on memory-region and PCI wiring (section 4 items 15-27): whether the
 * pool a node names is one Linux will attach, whether every function below
 * a host bridge is covered, whether the device can reach the pool through
 * dma-ranges, and the ARM32 coherent-allocation trap.
 */
#include "check.h"

#define CHK_PCI_DEPTH		8
#define CHK_4G			0x100000000ULL

static const char *const chk_ath11k[] = {
	"pci17cb,1101", "pci17cb,1103", "pci17cb,1104",
};

/* What a memory-region list gives a node. */
struct chk_mr {
	int restricted;		/* first available restricted pool, or -1 */
	int shared;		/* first no-map shared-dma-pool, or -1 */
};

/* Items 15-17 for @node; fills @mr. */
static void chk_memory_region(struct chk *c, int node, bool pci,
			      struct chk_mr *mr)
{
	const fdt32_t *ph;
	int len, i, pool, nrestricted = 0;

	mr->restricted = mr->shared = -1;
	ph = dmc_getprop(c->fdt, node, "memory-region", &len);
	if (!ph)
		return;
	for (i = 0; i < len / 4; i++) {
		pool = chk_pool_by_phandle(c, fdt32_to_cpu(ph[i]));
		if (pool < 0) {
			chk_report(c, DMC_SEV_ERROR, "R11", 15, node,
				   "memory-region entry %d (phandle 0x%x) is not a /reserved-memory node; Linux ignores it silently",
				   i, fdt32_to_cpu(ph[i]));
			continue;
		}
		if (!dmc_node_available(c->fdt, pool)) {
			chk_report(c, DMC_SEV_ERROR, "R6", 15, node,
				   "memory-region entry %d names disabled pool %s; Linux skips it and the device runs unrestricted",
				   i, dmc_get_name(c->fdt, pool, NULL));
			continue;
		}
		if (chk_compat(c, pool, "restricted-dma-pool")) {
			if (nrestricted++ == 0)
				mr->restricted = pool;
		} else if (chk_compat(c, pool, "shared-dma-pool") &&
			   dmc_getprop(c->fdt, pool, "no-map", NULL)) {
			if (mr->shared < 0)
				mr->shared = pool;
			if (pci)
				chk_report(c, DMC_SEV_WARN, "R37", 17, node,
					   "shared-dma-pool %s: stock Linux never attaches it to a PCI device; it needs a kernel with dmacage's coherent-pool patch",
					   dmc_get_name(c->fdt, pool, NULL));
		}
	}
	if (nrestricted > 1)
		chk_report(c, DMC_SEV_WARN, "R16", 16, node,
			   "%d restricted pools listed; Linux uses only the first, %s",
			   nrestricted, dmc_get_name(c->fdt, mr->restricted, NULL));
}

/*
 * What the checks of one host bridge share. Its dma-ranges are kept where
 * they are in the DT, not copied: the walk below the host reads them at
 * every pool, and a copy (CHK_MAX_DMA_RANGES entries, 192 bytes) would
 * sit under every check of it.
 */
struct chk_host {
	int host;
	int parent;		/* the host's parent */
	int nr;			/* dma-ranges entries; 0: none, DMA = CPU */
	unsigned int covered;	/* endpoint nodes with their own pool */
	bool iommu;		/* Linux skips restricted DMA below it (R4) */
	bool host_pool;
	bool any_pool;		/* a restricted pool somewhere below */
	bool shared;		/* a companion shared-dma-pool somewhere */
};

enum chk_reach_finding { CHK_OUTSIDE, CHK_ABOVE_4G, CHK_BOUNCE };

/*
 * Item 20's finding @what for pool @pool at CPU [@cpu, @cpu + @size) and
 * DMA @dma, named at @node. Out of line: the arguments would sit in the
 * frame under the translation.
 */
static noinline_for_stack void chk_reach_report(struct chk *c,
						const struct chk_host *h,
						int node, int pool,
						const struct dmc_dma_range *w,
						enum chk_reach_finding what)
{
	const char *name DMC_MSG_ONLY = dmc_get_name(c->fdt, pool, NULL);
	unsigned long long cpu DMC_MSG_ONLY = w->cpu;
	unsigned long long size DMC_MSG_ONLY = w->size;
	unsigned long long dma DMC_MSG_ONLY = w->dma;

	if (what == CHK_OUTSIDE)
		chk_report(c, DMC_SEV_ERROR, "R29", 20, node,
			   "pool %s (0x%llx+0x%llx) is outside every dma-ranges window of %s; every mapping fails",
			   name, cpu, size, dmc_get_name(c->fdt, h->host, NULL));
	else if (what == CHK_ABOVE_4G)
		chk_report(c, DMC_SEV_WARN, "R29", 20, node,
			   "pool %s ends at DMA address 0x%llx, above 4 GiB; devices with a 32-bit mask fail to map it",
			   name, dma + size - 1);
	else
		chk_report(c, DMC_SEV_INFO, "R24", 0, node,
			   "Linux bounces all DMA of %s through %s: CPU 0x%llx-0x%llx, DMA 0x%llx-0x%llx",
			   node == h->host ? "functions below this host with no memory-region of their own" :
			   "this function", name, cpu, cpu + size - 1, dma,
			   dma + size - 1);
}

/*
 * Where @h's devices see pool @pool: through the first of the host's
 * dma-ranges windows that holds it, translated through the ancestors
 * again rather than kept on the stack under every check. With @bounce,
 * R24's note that Linux bounces through it; else item 20's findings.
 * Out of line, apart from chk_pool_ok(): the window and the pool's own
 * checks are each on the stack only without the other.
 * Return: whether the devices reach the pool (and it has a size).
 */
static noinline_for_stack bool chk_reach_at(struct chk *c,
					    const struct chk_host *h,
					    int node, int pool, bool bounce)
{
	struct dmc_dma_range w = { 0 }, r;

	if (chk_pool_reg(c, pool, &w.cpu, &w.size) || !w.size)
		return false;
	r = w;
	if (h->nr &&
	    dmc_dma_map(c->fdt, h->host, h->parent, &r, 1, true) != 1) {
		if (!bounce)
			chk_reach_report(c, h, node, pool, &w, CHK_OUTSIDE);
		return false;
	}
	w.dma = h->nr ? w.cpu - r.cpu + r.dma : w.cpu;
	if (bounce)
		chk_reach_report(c, h, node, pool, &w, CHK_BOUNCE);
	else if (w.dma + w.size - 1 > 0xffffffffULL)
		chk_reach_report(c, h, node, pool, &w, CHK_ABOVE_4G);
	return true;
}

/*
 * Item 20 for @pool at @node, and R24's note where Linux bounces. Inline:
 * a frame of its own would lie over both of its calls' chains.
 */
static __always_inline void chk_reach(struct chk *c, const struct chk_host *h, int node,
		      int pool)
{
	/* an IOMMU (R4), or the pool's own errors, say why nothing bounces */
	if (chk_reach_at(c, h, node, pool, false) && !h->iommu &&
	    chk_pool_ok(c, pool))
		chk_reach_at(c, h, node, pool, true);
}

/*
 * Item 23: a child's reg must be a config-space address. Out of line, as
 * chk_pci_devfn(): their reports' many arguments would otherwise take room
 * in the walk's frame, under every check below it.
 */
static noinline_for_stack bool chk_pci_reg(struct chk *c, int node)
{
	const fdt32_t *reg;
	uint32_t hi;
	int len;

	reg = dmc_getprop(c->fdt, node, "reg", &len);
	if (!reg)
		return false;
	if (len < 20) {
		chk_report(c, DMC_SEV_ERROR, "R25", 23, node,
			   "reg has %d bytes, fewer than 5 cells; Linux never matches this node to a device",
			   len);
		return false;
	}
	hi = fdt32_to_cpu(reg[0]);
	if ((hi & 0xff) || (hi >> 24) || reg[1] || reg[2])
		chk_report(c, DMC_SEV_ERROR, "R26", 23, node,
			   "reg 0x%x 0x%x 0x%x is not a config-space address (register 0, no flags)",
			   hi, fdt32_to_cpu(reg[1]), fdt32_to_cpu(reg[2]));
	return true;
}

/* Item 25: what dtc and dt-schema expect of a bridge node. */
static void chk_bridge_shape(struct chk *c, int node)
{
	const char *name = dmc_get_name(c->fdt, node, NULL);
	int ac, sc;

	if (!name || (strncmp(name, "pci@", 4) && strncmp(name, "pcie@", 5)))
		chk_report(c, DMC_SEV_WARN, "R27", 25, node,
			   "a PCI bridge node should be named pci@ or pcie@ (dtc warns)");
	if (dmc_node_cells(c->fdt, node, &ac, &sc) || ac != 2 || sc != 2) {
		const fdt32_t *p = dmc_getprop(c->fdt, node, "#address-cells",
					       NULL);

		if (!p || fdt32_to_cpu(*p) != 3)
			chk_report(c, DMC_SEV_WARN, "R27", 25, node,
				   "a PCI bridge node needs #address-cells = <3> and #size-cells = <2> (dtc warns)");
	}
	if (!dmc_getprop(c->fdt, node, "ranges", NULL))
		chk_report(c, DMC_SEV_WARN, "R27", 25, node,
			   "a PCI bridge node needs a ranges property (dtc warns)");
}

/* Item 24: is @node the child of @parent that Linux matches to its devfn? */
static noinline_for_stack bool chk_pci_devfn(struct chk *c, int parent,
					     int node)
{
	int devfn = dmc_pci_devfn(c->fdt, node);
	int other = dmc_pci_find_child(c->fdt, parent, (uint8_t)devfn);

	if (other == node)
		return true;
	chk_report(c, DMC_SEV_ERROR, "R25", 24, node,
		   "devfn %02x.%x is also claimed by %s, which Linux matches first; this node is never used",
		   devfn >> 3, devfn & 7, dmc_get_name(c->fdt, other, NULL));
	return false;
}

/*
 * Does @node have a memory-region list of its own for
 * of_dma_set_restricted_buffer()? Up to 6.12 it counts the cells and falls
 * back to the host's list when there are none (an empty or ragged
 * property); 7.x falls back only when the property is absent, and reads
 * the whole cells of what is there.
 */
static bool chk_own_list(const struct chk *c, int node)
{
	int len;

	if (!dmc_getprop(c->fdt, node, "memory-region", &len))
		return false;
	if (c->o->kernel >= DMC_KERNEL_7_3)
		return true;
	return len > 0 && !(len % 4);
}

/* Has @node device_type "pci"? */
static bool chk_typed_pci(const struct chk *c, int node)
{
	const char *type;
	int len;

	type = dmc_getprop(c->fdt, node, "device_type", &len);
	return type && len == sizeof("pci") && !memcmp(type, "pci", len);
}

/*
 * Does Linux look for functions below @node? It matches a bridge's
 * children by reg alone (R27): a node without device_type "pci" (i.MX6Q,
 * i.MX8MM) stands for a bridge as well when a child has a reg of at least
 * the 5 cells of_pci_get_devfn() reads.
 */
static bool chk_pci_parent(const struct chk *c, int node)
{
	int child, len;

	if (chk_typed_pci(c, node))
		return true;
	dmc_for_each_subnode(child, c->fdt, node)
		if (dmc_getprop(c->fdt, child, "reg", &len) && len >= 20)
			return true;
	return false;
}

/*
 * Item 26: from 6.12 on, a disabled node that Linux matches keeps its
 * device from binding to a driver; 6.1 ignores status there.
 */
static noinline_for_stack void chk_pci_disabled(struct chk *c, int node)
{
	if (c->o->kernel >= DMC_KERNEL_6_12)
		chk_report(c, DMC_SEV_WARN, "R26", 26, node,
			   "disabled: Linux never binds a driver to this function");
	else
		chk_report(c, DMC_SEV_INFO, "R26", 26, node,
			   "disabled, which Linux 6.1 ignores here: the function is bound as usual (6.12 and later bind none)");
}

/*
 * Items 18, 20, 23-26 for @node, a PCI function Linux looks up in @parent.
 * Return: whether it is a bridge whose children Linux matches in turn.
 */
static bool chk_pci_child(struct chk *c, struct chk_host *h, int parent,
			  int node)
{
	struct chk_mr mr;
	unsigned int i;
	bool own;
	int len;

	/* below an untyped bridge, only what Linux can match is a function */
	if (parent != h->host && !chk_typed_pci(c, parent) &&
	    (!dmc_getprop(c->fdt, node, "reg", &len) || len < 20))
		return false;
	if (!chk_pci_reg(c, node) || !chk_pci_devfn(c, parent, node))
		return false;
	if (!dmc_node_available(c->fdt, node))
		chk_pci_disabled(c, node);
	chk_memory_region(c, node, true, &mr);
	/* a list Linux passes over for the host's confines nothing */
	own = chk_own_list(c, node);
	if (h->host_pool && mr.restricted < 0 && own)
		chk_report(c, DMC_SEV_ERROR, "R24", 22, node,
			   "has a memory-region of its own without a restricted pool; Linux uses it instead of the host's, and this function runs unrestricted");
	if (mr.restricted >= 0 && own) {
		h->covered++;
		h->any_pool = true;
		chk_reach(c, h, node, mr.restricted);
		for (i = 0; i < sizeof(chk_ath11k) / sizeof(chk_ath11k[0]); i++)
			if (chk_compat(c, node, chk_ath11k[i]))
				chk_report(c, DMC_SEV_WARN, "R28", 18, node,
					   "ath11k takes memory-region entry 0 as its firmware memory; put the pool on the host bridge instead");
	}
	if (mr.shared >= 0)
		h->shared = true;
	if (!chk_pci_parent(c, node))
		return false;
	if (chk_typed_pci(c, node))
		chk_bridge_shape(c, node);
	return true;
}

/*
 * Where the walk below a host is: @fn[d] is the function it is at on level
 * d (1 for the host's children), @fn[0] the host, so that @fn[d - 1] is
 * the node Linux looks level d's functions up in. Bit d of @grouped: @fn[d]
 * is in a "multifunc-device" group, whose children Linux matches as the
 * level's.
 */
struct chk_pci_pos {
	int fn[CHK_PCI_DEPTH + 2];
	unsigned int grouped;
	int depth;
};

/* The current level goes to its first function at or after @node. */
static void chk_pci_first(const struct chk *c, struct chk_pci_pos *p,
			  int node)
{
	unsigned int bit = 1u << p->depth;
	int fn;

	for (; node >= 0; node = dmc_next_subnode(c->fdt, node)) {
		if (!dmc_pci_is_multifunc(c->fdt, node)) {
			p->grouped &= ~bit;
			break;
		}
		fn = dmc_first_subnode(c->fdt, node);
		if (fn >= 0) {
			p->grouped |= bit;
			node = fn;
			break;
		}
	}
	p->fn[p->depth] = node;
}

/*
 * The group among @parent's children that holds @fn: the last child at or
 * before it, as a node's subtree lies between it and its next sibling.
 * Looked up when the group ends, so that the walk keeps no offset for it.
 */
static int chk_pci_group(const struct chk *c, int parent, int fn)
{
	int node, group = -1;

	dmc_for_each_subnode(node, c->fdt, parent) {
		if (node > fn)
			break;
		group = node;
	}
	return group;
}

/* The current level goes to its next function, or to -1 past the last. */
static void chk_pci_next(const struct chk *c, struct chk_pci_pos *p)
{
	int fn = p->fn[p->depth];
	int next = dmc_next_subnode(c->fdt, fn);

	if (!(p->grouped & 1u << p->depth))
		chk_pci_first(c, p, next);
	else if (next >= 0)
		p->fn[p->depth] = next;
	else
		chk_pci_first(c, p, dmc_next_subnode(c->fdt,
			      chk_pci_group(c, p->fn[p->depth - 1], fn)));
}

/*
 * Every PCI function below the host, in DT order, bridges' children down
 * to CHK_PCI_DEPTH levels below the first. A position per level, not
 * recursion: each level then costs 4 bytes of stack, not the frames of
 * the checks on the way down.
 */
static void chk_pci_walk(struct chk *c, struct chk_host *h)
{
	struct chk_pci_pos p = { .fn = { h->host }, .depth = 1 };
	int fn;

	chk_pci_first(c, &p, dmc_first_subnode(c->fdt, h->host));
	while (p.depth > 0) {
		fn = p.fn[p.depth];
		if (fn < 0) {
			if (--p.depth > 0)
				chk_pci_next(c, &p);
		} else if (chk_pci_child(c, h, p.fn[p.depth - 1], fn) &&
			   p.depth <= CHK_PCI_DEPTH) {
			p.depth++;
			chk_pci_first(c, &p, dmc_first_subnode(c->fdt, fn));
		} else {
			chk_pci_next(c, &p);
		}
	}
}

/*
 * Item 20 and R31's input: the host's dma-ranges, checked, folded into
 * @min_dma_end and located for chk_to_dma(). The copy dmc_dma_ranges()
 * makes goes to the checker's buffer: no finding is being built.
 */
static void chk_dma_ranges(struct chk *c, struct chk_host *h,
			   uint64_t *min_dma_end)
{
	const struct dmc_dma_range *r = c->buf.r;
	int i;

	c->path_node = -1;	/* the copy overwrites the last path */
	h->nr = dmc_dma_ranges(c->fdt, h->host, h->parent, c->buf.r,
			       CHK_MAX_DMA_RANGES);
	if (h->nr < 0) {
		chk_report(c, DMC_SEV_ERROR, "R29", 20, h->host,
			   "dma-ranges is malformed; Linux cannot work out what the device can reach");
		h->nr = 0;
	}
	for (i = 0; i < h->nr; i++)
		if (r[i].cpu + r[i].size < *min_dma_end)
			*min_dma_end = r[i].cpu + r[i].size;
}

/*
 * Linux creates a device for a node only when the node and every node above
 * it are available: of_platform_bus_create() stops at a disabled bus. A host
 * bridge below one is never probed, whatever its own status.
 */
static bool chk_probed(const void *fdt, int node, int parent)
{
	if (!dmc_node_available(fdt, node))
		return false;
	for (node = parent; node > 0; node = dmc_parent_offset(fdt, node))
		if (!dmc_node_available(fdt, node))
			return false;
	return true;
}

/* @host's checks; @parent: its parent */
static void chk_host(struct chk *c, int host, int parent,
		     uint64_t *min_dma_end)
{
	struct chk_host h = { .host = host, .parent = parent };
	struct chk_mr mr;

	/* never probed: nothing below it runs, so nothing here matters */
	if (!chk_probed(c->fdt, host, parent))
		return;
	h.iommu = dmc_getprop(c->fdt, host, "iommu-map", NULL) ||
		  dmc_getprop(c->fdt, host, "iommus", NULL);
	if (h.iommu)
		chk_report(c, DMC_SEV_ERROR, "R4", 19, host,
			   "has an IOMMU; Linux then ignores restricted DMA for every function below it");
	chk_dma_ranges(c, &h, min_dma_end);
	chk_memory_region(c, host, true, &mr);
	if (mr.restricted >= 0) {
		h.host_pool = h.any_pool = true;
		chk_reach(c, &h, host, mr.restricted);
	}
	h.shared = mr.shared >= 0;
	chk_pci_walk(c, &h);
	if (!h.host_pool && !h.covered)
		chk_report(c, DMC_SEV_ERROR, "R24", 22, host,
			   "no restricted pool on the host bridge or on any function node; Linux gives every device below it unrestricted DMA");
	else if (!h.host_pool && !h.iommu)
		chk_report(c, DMC_SEV_INFO, "R24", 22, host,
			   "only the %u function node(s) with their own memory-region are confined; any other function below this host runs unrestricted",
			   h.covered);
	if (c->arch == DMC_ARCH_ARM && h.any_pool &&
	    !dmc_getprop(c->fdt, host, "dma-coherent", NULL)) {
		chk_report(c, DMC_SEV_WARN, "R32", 27, host,
			   "not dma-coherent on ARM32: dma_alloc_coherent() from a restricted pool fails, so most drivers fail to probe (-ENOMEM)");
		if (h.shared)
			chk_report(c, DMC_SEV_WARN, "R37", 27, host,
				   "the companion shared-dma-pool helps only with a kernel that attaches it to PCI devices (dmacage's patch); stock Linux ignores it");
	}
}

/* Only the hosts the caller names (the fixup's own output check). */
static void chk_pci_hosts(struct chk *c)
{
	uint64_t min_dma_end = ~0ULL;
	unsigned int i;
	int node, parent;

	for (i = 0; i < c->o->nhosts; i++) {
		node = dmc_host_offset(c->fdt, c->o->hosts[i], &parent);
		if (node >= 0)
			chk_host(c, node, parent, &min_dma_end);
	}
}

/* What the last node of chk_pci()'s walk at each depth is, a bit each. */
struct chk_pci_tree {
	uint64_t pci_at;	/* a PCI node */
	uint64_t typed_at;	/* device_type "pci", or a group standing for one */
};

/*
 * @node, at @depth of chk_pci()'s walk: what it is goes into @t. Return:
 * whether it is a host bridge; a node that names pools and is no PCI
 * function has them checked here (items 15-17). Out of line, so that
 * what it reads is off the stack the host's checks run on.
 */
static noinline_for_stack bool chk_pci_node(struct chk *c,
					    struct chk_pci_tree *t, int node,
					    int depth)
{
	uint64_t bit = 1ULL << depth;
	const void *val[3];
	struct chk_mr mr;
	int len[3];
	bool pci, inside_pci, parent_typed;

	/*
	 * A host is a PCI node below no PCI node: one under an untyped
	 * function (matched by reg alone) is a function, not a host. A child
	 * of the root is a host even if the root says pci.
	 */
	inside_pci = depth > 1 && (t->pci_at & (bit - 1) & ~1ULL);
	parent_typed = depth > 0 && (t->typed_at & bit >> 1);
	val[0] = dmc_getprop(c->fdt, node, "device_type", &len[0]);
	val[1] = dmc_getprop(c->fdt, node, "compatible", &len[1]);
	val[2] = dmc_getprop(c->fdt, node, "memory-region", &len[2]);
	pci = dmc_is_pci_props(val[0], len[0], val[1], len[1]);
	t->pci_at = pci ? t->pci_at | bit : t->pci_at & ~bit;
	/* a multifunc-device group stands for its PCI parent */
	t->typed_at = (val[0] && len[0] == sizeof("pci") &&
		       !memcmp(val[0], "pci", len[0])) ||
		      (parent_typed && dmc_pci_is_multifunc(c->fdt, node)) ?
		      t->typed_at | bit : t->typed_at & ~bit;
	if (pci && depth > 0 && !inside_pci)
		return true;
	if (!parent_typed && val[2])	/* functions: from the host */
		chk_memory_region(c, node, false, &mr);
	return false;
}

/*
 * Item 21 (R31): arm64 sizes ZONE_DMA by the lowest dma-ranges end of all
 * hosts. Out of line: its arguments would stay on chk_pci()'s stack.
 */
static noinline_for_stack void chk_dma_zone(struct chk *c,
					    uint64_t min_dma_end)
{
	if (c->arch == DMC_ARCH_ARM64 && min_dma_end != ~0ULL &&
	    min_dma_end < c->mem_end)
		chk_report(c, DMC_SEV_WARN, "R31", 21, 0,
			   "the smallest dma-ranges end, 0x%llx, is below the top of RAM 0x%llx; arm64 shrinks ZONE_DMA and moves CMA for the whole system",
			   (unsigned long long)min_dma_end,
			   (unsigned long long)c->mem_end);
}

/*
 * One walk over every node. The parent of a node at depth d is the node
 * last seen at depth d - 1, so two bits per depth say what the parent is
 * without fdt_parent_offset(), which walks from the root on every call.
 * Nodes deeper than 64 never reach here: chk_structure() refuses them.
 */
void chk_pci(struct chk *c)
{
	struct chk_pci_tree t = { 0 };
	uint64_t min_dma_end = ~0ULL;
	int node, depth = -1;	/* the root is at depth 0 */

	if (c->o->hosts) {
		chk_pci_hosts(c);
		return;
	}
	for (node = dmc_next_node(c->fdt, -1, &depth); node >= 0;
	     node = dmc_next_node(c->fdt, node, &depth)) {
		if (depth < 0 || depth >= DMC_MAX_DEPTH)
			continue;
		/* hosts are few: their parents are looked up */
		if (chk_pci_node(c, &t, node, depth))
			chk_host(c, node, depth == 1 ? 0 :
				 dmc_parent_offset(c->fdt, node), &min_dma_end);
	}
	chk_dma_zone(c, min_dma_end);
}
