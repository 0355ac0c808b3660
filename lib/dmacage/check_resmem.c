// SPDX-License-Identifier: GPL-2.0+
/*
 * Rules on /reserved-memory and its pools (section 4 items 1-14 and 28-31):
 * what makes Linux ignore the container, drop a pool, or hand a carve-out
 * back to the page allocator.
 */
#include "check.h"

#define CHK_MAX_REGIONS		64	/* Linux 6.1 MAX_RESERVED_REGIONS */
#define CHK_ARM64_POOL_MAX	(340ULL << 20)
#define CHK_4G			0x100000000ULL

static bool chk_prop(const struct chk *c, int node, const char *name)
{
	return dmc_getprop(c->fdt, node, name, NULL) != NULL;
}

/* Items 1-2: a container Linux would ignore loses every child (R5). */
static bool chk_container(struct chk *c)
{
	static const char *const names[] = { "#address-cells", "#size-cells" };
	int want[2] = { c->root_ac, c->root_sc };
	const fdt32_t *p;
	unsigned int i;
	int len;
	bool ok = true;

	if (c->resmem < 0)
		return false;
	for (i = 0; i < 2; i++) {
		p = dmc_getprop(c->fdt, c->resmem, names[i], &len);
		if (!p || len != 4 || fdt32_to_cpu(*p) != (uint32_t)want[i]) {
			chk_report(c, DMC_SEV_ERROR, "R5", 2, c->resmem,
				   "%s is missing or differs from the root's (%d); Linux ignores the whole node and every pool in it becomes ordinary RAM",
				   names[i], want[i]);
			ok = false;
		}
	}
	p = dmc_getprop(c->fdt, c->resmem, "ranges", &len);
	if (!p) {
		chk_report(c, DMC_SEV_ERROR, "R5", 2, c->resmem,
			   "no ranges property; Linux ignores the whole node and every pool in it becomes ordinary RAM");
		ok = false;
	} else if (len) {
		chk_report(c, DMC_SEV_WARN, "R5", 2, c->resmem,
			   "ranges is not empty; Linux's early scan ignores the translation");
	}
	return ok;
}

/*
 * Item 4: reg length; returns whether it is usable. 7.3 reserves only the
 * first pair, and takes a ragged reg for none.
 */
static bool chk_child_reg(struct chk *c, int node, uint64_t *base,
			  uint64_t *size)
{
	int len, entry = (c->root_ac + c->root_sc) * 4;
	bool v7 = c->o->kernel >= DMC_KERNEL_7_3;

	if (!dmc_getprop(c->fdt, node, "reg", &len))
		return false;
	if (!len || len % entry) {
		chk_report(c, DMC_SEV_ERROR, "R7", 4, node,
			   v7 ? "reg is %d bytes, not a multiple of %d; Linux 7.3 takes it for no reg: the node is placed by the kernel if it has a size, else dropped silently" :
			   "reg is %d bytes, not a multiple of %d; Linux skips the node (invalid reg property)",
			   len, entry);
		return false;
	}
	if (len > entry)
		chk_report(c, v7 ? DMC_SEV_ERROR : DMC_SEV_WARN, "R7", 4, node,
			   v7 ? "reg has %d <base size> pairs; Linux 7.3 reserves only the first and uses the memory of the others as ordinary RAM" :
			   "reg has %d <base size> pairs; Linux reserves them all, and only the first becomes the pool",
			   len / entry);
	return chk_pool_reg(c, node, base, size) == 0;
}

/*
 * Is available @node a region Linux's early scan records (one it counts
 * for R8)? A static one, or a dynamic one: a size and no reg, where 7.3
 * takes a ragged reg for none and 6.1 skips the node.
 */
static bool chk_counted(const struct chk *c, int node)
{
	uint64_t b, s;

	if (!chk_pool_reg(c, node, &b, &s))
		return true;
	return chk_prop(c, node, "size") &&
	       (c->o->kernel >= DMC_KERNEL_7_3 || !chk_prop(c, node, "reg"));
}

static bool chk_region(const struct chk *c, int node)
{
	return dmc_node_available(c->fdt, node) && chk_counted(c, node);
}

static bool chk_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

/*
 * Is @node one of the pools the caller judges? The fixup's check of its
 * output names its own: a board's pool it did not write (say one with no
 * phandle, for a device dmacage does not confine) is not its claim.
 */
static bool chk_in_scope(const struct chk *c, int node)
{
	uint32_t ph;
	unsigned int i;

	if (!c->o->hosts || !c->o->pools)
		return true;
	ph = dmc_phandle(c->fdt, node);
	for (i = 0; ph && i < c->o->npools; i++)
		if (c->o->pools[i] == ph)
			return true;
	return false;
}

/* Item 5 against /memreserve/ and the loaded images. */
static void chk_overlaps_fixed(struct chk *c, int node, uint64_t base,
			       uint64_t size)
{
	uint64_t a, s;
	unsigned int i;
	int n;

	for (n = 0; n < fdt_num_mem_rsv(c->fdt); n++) {
		if (!fdt_get_mem_rsv(c->fdt, n, &a, &s) &&
		    chk_overlap(base, size, a, s))
			chk_report(c, DMC_SEV_ERROR, "R9", 5, node,
				   "overlaps /memreserve/ entry 0x%llx+0x%llx; Linux merges the two silently",
				   (unsigned long long)a, (unsigned long long)s);
	}
	for (i = 0; i < c->o->nloaded; i++) {
		if (chk_overlap(base, size, c->o->loaded[i].base,
				c->o->loaded[i].size))
			chk_report(c, DMC_SEV_ERROR, "R44", 5, node,
				   "overlaps the loaded %s; Linux zeroes the pool at first use, over it",
				   c->o->loaded[i].label);
	}
	if (dmc_initrd(c->fdt, c->chosen, &a, &s) &&
	    chk_overlap(base, size, a, s - a))
		chk_report(c, DMC_SEV_ERROR, "R44", 5, node,
			   "overlaps the initrd /chosen names (0x%llx-0x%llx); Linux frees the initrd's pages after boot, under the pool",
			   (unsigned long long)a, (unsigned long long)s);
}

/*
 * Item 5 between children (R9: Linux only prints OVERLAP DETECTED), for the
 * region numbered @count: only the first CHK_MAX_REGIONS are kept by Linux
 * (R8 reports the rest), so only they can overlap in its eyes, and checking
 * only them keeps a tree with thousands of children linear.
 */
static void chk_overlaps_children(struct chk *c, int node, uint64_t base,
				  uint64_t size, unsigned int count)
{
	bool mine = chk_in_scope(c, node);
	uint64_t b, s;
	int other;

	for (other = dmc_next_subnode(c->fdt, node);
	     other >= 0 && count < CHK_MAX_REGIONS;
	     other = dmc_next_subnode(c->fdt, other)) {
		bool reg_ok = !chk_pool_reg(c, other, &b, &s);

		if (!dmc_node_available(c->fdt, other))
			continue;
		count += chk_counted(c, other);
		if (!reg_ok || (!mine && !chk_in_scope(c, other)))
			continue;
		if (chk_overlap(base, size, b, s))
			chk_report(c, DMC_SEV_ERROR, "R9", 5, node,
				   "overlaps %s; Linux reports OVERLAP DETECTED and keeps both",
				   dmc_get_name(c->fdt, other, NULL));
	}
}

/* Item 9: phandle and linux,phandle agree. Uniqueness is checked tree-wide. */
static void chk_phandle(struct chk *c, int node)
{
	const fdt32_t *p, *lp;
	int len, llen;

	p = dmc_getprop(c->fdt, node, "phandle", &len);
	lp = dmc_getprop(c->fdt, node, "linux,phandle", &llen);
	if (!p && !lp)
		chk_report(c, DMC_SEV_ERROR, "R11", 9, node,
			   "no phandle; no memory-region can reference this pool, so no device is confined by it");
	else if (p && lp && (len != 4 || llen != 4 || *p != *lp))
		chk_report(c, DMC_SEV_ERROR, "R11", 9, node,
			   "phandle and linux,phandle differ; Linux takes whichever it meets first");
	else if (dmc_phandle(c->fdt, node) != dmc_rmem_phandle(c->fdt, node) ||
		 (p && len != 4) || (lp && llen != 4))
		chk_report(c, DMC_SEV_ERROR, "R11", 9, node,
			   "phandle is not one 4-byte cell (or ibm,phandle differs); Linux resolves references to 0x%x but records the pool as 0x%x, so no device is confined by it",
			   dmc_phandle(c->fdt, node),
			   dmc_rmem_phandle(c->fdt, node));
}

/* what makes rmem_swiotlb_setup() refuse a restricted pool (R13) */
static const char *const chk_refused[] = {
	"no-map", "reusable", "linux,cma-default", "linux,dma-default",
};

/* Items 6-14 for one restricted-dma-pool. */
static void chk_restricted(struct chk *c, int node)
{
	const char *name = dmc_get_name(c->fdt, node, NULL), *at;
	uint64_t base, size, unit;
	unsigned int i;

	if (!dmc_node_available(c->fdt, node)) {
		chk_report(c, DMC_SEV_ERROR, "R6", 6, node,
			   "the pool is disabled; Linux skips it and devices that reference it run unrestricted");
		return;
	}
	for (i = 0; i < sizeof(chk_refused) / sizeof(chk_refused[0]); i++)
		if (chk_prop(c, node, chk_refused[i]))
			chk_report(c, DMC_SEV_ERROR, "R13", 7, node,
				   "has %s; Linux refuses the pool, gives the carve-out back as ordinary RAM, and the device runs unrestricted",
				   chk_refused[i]);
	chk_phandle(c, node);
	if (!chk_prop(c, node, "reg")) {
		chk_report(c, DMC_SEV_ERROR, "R7", 8, node,
			   "no static reg; Linux would place the pool itself, where no checker window can follow");
		return;
	}
	if (chk_prop(c, node, "size") || chk_prop(c, node, "alloc-ranges"))
		chk_report(c, DMC_SEV_WARN, "R7", 8, node,
			   "has size/alloc-ranges next to reg; only reg is used");
	if (chk_pool_reg(c, node, &base, &size))
		return;	/* item 4 reported it */
	if (!size) {
		chk_report(c, DMC_SEV_ERROR, "R7", 8, node,
			   "size is 0; Linux fails to reserve the node");
		return;
	}
	if (size % DMC_SZ_256K)
		chk_report(c, DMC_SEV_ERROR, "R20", 10, node,
			   "size 0x%llx is not a multiple of 256 KiB; Linux 6.1 can hand out bounce buffers past the pool's end",
			   (unsigned long long)size);
	if (base % DMC_SZ_4K)
		chk_report(c, DMC_SEV_ERROR, "R22", 10, node,
			   "base 0x%llx is not page aligned; Linux 6.1 returns coherent buffers that overlap their neighbours",
			   (unsigned long long)base);
	else if (base % DMC_SZ_256K)
		chk_report(c, DMC_SEV_WARN, "R22", 10, node,
			   "base 0x%llx is not 256 KiB aligned", (unsigned long long)base);
	if (c->nmem && !chk_in_memory(c, base, size))
		chk_report(c, DMC_SEV_ERROR, "R10", 11, node,
			   "0x%llx+0x%llx is not inside /memory as Linux adds it (whole pages); Linux faults when it zeroes the pool",
			   (unsigned long long)base, (unsigned long long)size);
	if (c->arch == DMC_ARCH_ARM && c->lowmem_end &&
	    base + size > c->lowmem_end)
		chk_report(c, DMC_SEV_ERROR, "R33", 12, node,
			   "ends at 0x%llx, above ARM32 lowmem end 0x%llx; Linux either refuses the pool (device unrestricted) or zeroes it through an invalid address",
			   (unsigned long long)(base + size),
			   (unsigned long long)c->lowmem_end);
	if (c->arch == DMC_ARCH_ARM && base + size > CHK_4G)
		chk_report(c, DMC_SEV_ERROR, "R33", 12, node,
			   "ends above 4 GiB; a 32-bit ARM kernel cannot map it");
	if (c->arch == DMC_ARCH_ARM64 && size > CHK_ARM64_POOL_MAX)
		chk_report(c, DMC_SEV_WARN, "R23", 13, node,
			   "larger than 340 MiB; Linux cannot allocate the slot array and the device runs unrestricted");
	at = name ? strchr(name, '@') : NULL;
	unit = 0;
	for (i = 1; at && at[i]; i++) {
		char ch = at[i];

		unit = unit << 4 | (uint64_t)(ch <= '9' ? ch - '0' :
					     (ch | 0x20) - 'a' + 10);
	}
	if (!at || unit != base)
		chk_report(c, DMC_SEV_WARN, "R12", 14, node,
			   "name has no unit address equal to its base 0x%llx; logs and debugfs name the pool by it",
			   (unsigned long long)base);
}

/*
 * __find_rmem(): the first reserved region (available, with a reg, among
 * the first CHK_MAX_REGIONS) recorded under the phandle Linux gives @pool
 * must be @pool itself.
 */
static bool chk_rmem_holds(const struct chk *c, int pool)
{
	uint32_t ph = dmc_phandle(c->fdt, pool);
	uint64_t base, size;
	unsigned int n = 0;
	int node;

	if (c->resmem < 0 || !ph)
		return false;
	dmc_for_each_subnode(node, c->fdt, c->resmem) {
		if (!dmc_node_available(c->fdt, node) ||
		    chk_pool_reg(c, node, &base, &size))
			continue;
		if (++n > CHK_MAX_REGIONS)
			return false;
		if (dmc_rmem_phandle(c->fdt, node) == ph)
			return node == pool;
	}
	return false;
}

bool chk_pool_ok(struct chk *c, int node)
{
	uint64_t base, size;

	/* a host's functions mostly name one pool: judge it once */
	if (node == c->pool_seen)
		return c->pool_seen_ok;
	c->quiet = true;
	c->quiet_errors = 0;
	chk_restricted(c, node);
	if (!chk_pool_reg(c, node, &base, &size))
		chk_overlaps_fixed(c, node, base, size);
	c->quiet = false;
	c->pool_seen = node;
	c->pool_seen_ok = !c->quiet_errors && chk_rmem_holds(c, node);
	return c->pool_seen_ok;
}

/*
 * Does a device window dmacage recorded (a domain's "window" or
 * "checker-windows" in @record, /chosen/dmacage) reach
 * [@base, @base + @size)?
 */
static bool chk_window_reaches(const struct chk *c, int record,
			       uint64_t base, uint64_t size)
{
	static const char *const props[] = { "window", "checker-windows" };
	const fdt32_t *v;
	uint64_t a, s;
	unsigned int i;
	int dom, len, k;

	if (record < 0)
		return false;
	dmc_for_each_subnode(dom, c->fdt, record) {
		for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
			v = dmc_getprop(c->fdt, dom, props[i], &len);
			for (k = 0; v && (k + 1) * 16 <= len; k++) {
				a = dmc_read_cells(v + 4 * k, 2);
				s = dmc_read_cells(v + 4 * k + 2, 2);
				if (chk_overlap(base, size, a, s))
					return true;
			}
		}
	}
	return false;
}

/* Items 28-31 for one shared-dma-pool; @record: dmacage's, or < 0. */
static void chk_shared(struct chk *c, int node, int record)
{
	bool nomap = chk_prop(c, node, "no-map");
	bool reusable = chk_prop(c, node, "reusable");
	uint64_t base, size, block = DMC_SZ_2M;

	if (!dmc_node_available(c->fdt, node))
		return;
	if (!reusable && !nomap)
		chk_report(c, DMC_SEV_ERROR, "R35", 28, node,
			   "neither no-map nor reusable; ARM32 refuses the pool and arm64 fails to attach it");
	/* 7.3's coherent-pool code leaves reusable regions to CMA */
	if (reusable && nomap && c->o->kernel >= DMC_KERNEL_7_3)
		chk_report(c, DMC_SEV_WARN, "R39", 29, node,
			   "both reusable and no-map; Linux 7.3 makes it neither a CMA nor a coherent pool: the region stays reserved and no device can use it");
	else if (reusable && nomap)
		chk_report(c, DMC_SEV_ERROR, "R39", 29, node,
			   "both reusable and no-map; Linux refuses the pool and hands the region back as ordinary RAM");
	if (chk_pool_reg(c, node, &base, &size))
		return;
	/* lent pages matter only where a device window reaches them */
	if (reusable && size && chk_window_reaches(c, record, base, size))
		chk_report(c, DMC_SEV_WARN, "R39", 29, node,
			   "reusable (CMA): its pages are lent to the kernel, and a dmacage device window reaches them: that device can read and write kernel data");
	if (reusable && (base % block || size % block))
		chk_report(c, DMC_SEV_ERROR, "R39", 30, node,
			   "CMA region not aligned to the 2 MiB pageblock; Linux frees it");
	if (nomap && c->arch == DMC_ARCH_ARM && (base % block || size % block))
		chk_report(c, DMC_SEV_WARN, "R34", 31, node,
			   "no-map region not 2 MiB aligned; ARM32 caps early allocations below it");
}

/*
 * Item 9: a pool's phandle used twice makes references ambiguous: Linux
 * takes the first node in the tree. The first users are looked for, a
 * walk per batch of CHK_PH_BATCH pools.
 */
static void chk_phandle_report(struct chk *c, const struct chk_ph_batch *b,
			       int from)
{
	unsigned int k;
	int node;

	for (node = from, k = 0; node >= 0 && k < b->n;
	     node = dmc_next_subnode(c->fdt, node), k++)
		if (b->ph[k] && b->first[k] != node && chk_in_scope(c, node))
			chk_report(c, DMC_SEV_ERROR, "R11", 9, node,
				   "phandle 0x%x is also used by %s; memory-region may resolve to the wrong node",
				   b->ph[k], dmc_get_name(c->fdt, b->first[k], NULL));
}

/*
 * Only the first CHK_MAX_REGIONS regions are kept by Linux and can be
 * looked up (R8 reports the rest), so only children up to the last of them
 * are checked: a walk of the tree per CHK_PH_BATCH of those children (with
 * a phandle among them), however many children follow.
 */
static noinline_for_stack void chk_unique_phandles(struct chk *c)
{
	struct chk_ph_batch b;
	unsigned int regions = 0;
	int node, n = 0;

	dmc_for_each_subnode(node, c->fdt, c->resmem) {
		if (regions >= CHK_MAX_REGIONS)
			break;
		if (n++ % CHK_PH_BATCH == 0 && chk_phandle_walk(c, &b, node))
			chk_phandle_report(c, &b, node);
		regions += chk_region(c, node);
	}
}

void chk_resmem(struct chk *c)
{
	uint64_t base, size;
	unsigned int count = 0;
	int node, record;

	if (!chk_container(c))
		return;
	dmc_for_each_subnode(node, c->fdt, c->resmem) {
		bool has_reg = chk_child_reg(c, node, &base, &size);

		if (!dmc_node_available(c->fdt, node))
			continue;
		count += chk_counted(c, node);
		if (has_reg) {
			if (chk_in_scope(c, node))
				chk_overlaps_fixed(c, node, base, size);
			if (count <= CHK_MAX_REGIONS)
				chk_overlaps_children(c, node, base, size,
						      count);
		}
	}
	if (count > CHK_MAX_REGIONS)
		chk_report(c, DMC_SEV_ERROR, "R8", 3, c->resmem,
			   "%u regions, more than Linux's 64; the rest are dropped and devices using them get -EINVAL",
			   count);
	/* looked up once: it may follow thousands of pools */
	record = dmc_record_of(c->fdt, c->chosen);
	dmc_for_each_subnode(node, c->fdt, c->resmem) {
		if (!chk_in_scope(c, node))
			continue;
		if (chk_compat(c, node, "restricted-dma-pool"))
			chk_restricted(c, node);
		else if (chk_compat(c, node, "shared-dma-pool"))
			chk_shared(c, node, record);
	}
	chk_unique_phandles(c);
}
