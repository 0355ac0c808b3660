/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Device-tree reading helpers shared by the planner, the fixup and the rules
 * checker. They read the DT the way Linux reads it, so that what dmacage
 * plans and checks is what Linux will do.
 */
#ifndef DMACAGE_FDTUTIL_H
#define DMACAGE_FDTUTIL_H

#include <dmacage/dmacage.h>

/* --- lib/dmacage/structure.c ------------------------------------------- */

#define DMC_MAX_DEPTH	64	/* deeper trees are refused */

/**
 * dmc_next_tag() - fdt_next_tag() for a tree that passed the structure gate
 * @fdt:	the blob
 * @offset:	offset of a tag in the structure block
 * @next:	set to the offset of the tag after it
 *
 * For the fixup's writer, which copies the input's tags as they lie.
 *
 * Return: the tag at @offset.
 */
uint32_t dmc_next_tag(const void *fdt, int offset, int *next);

/**
 * dmc_skip_subtree() - the offset of the tag after @node's END_NODE
 * @fdt:	the blob
 * @node:	a node's offset; it must not be negative
 *
 * Return: the offset of the tag after @node's END_NODE.
 */
int dmc_skip_subtree(const void *fdt, int node);

/*
 * libfdt's lookups for a tree past the gate: the same results, errors
 * included, from tags read where they lie (libfdt reads a node name a byte
 * per fdt_offset_ptr() call, at every node it passes).
 */

/**
 * dmc_get_name() - fdt_get_name()
 * @fdt:	the blob
 * @node:	the node
 * @len:	set to the name's length, or to -FDT_ERR_BADOFFSET (may be NULL)
 *
 * Return: the name, or NULL when @node is not a node.
 */
const char *dmc_get_name(const void *fdt, int node, int *len);

/**
 * dmc_next_node() - fdt_next_node()
 * @fdt:	the blob
 * @offset:	a node, or < 0 for the first node
 * @depth:	incremented for every node entered, decremented for every
 *		node left (may be NULL)
 *
 * Return: the next node; the offset after an END_NODE that takes @depth
 * below 0; -FDT_ERR_NOTFOUND at the end, -FDT_ERR_BADOFFSET when @offset
 * is not a node.
 */
int dmc_next_node(const void *fdt, int offset, int *depth);

/**
 * dmc_first_subnode() - fdt_first_subnode()
 * @fdt:	the blob
 * @node:	the parent
 *
 * Return: its first child, or -FDT_ERR_NOTFOUND.
 */
int dmc_first_subnode(const void *fdt, int node);

/**
 * dmc_next_subnode() - fdt_next_subnode()
 * @fdt:	the blob
 * @node:	a child
 *
 * Return: its next sibling, or -FDT_ERR_NOTFOUND.
 */
int dmc_next_subnode(const void *fdt, int node);

#define dmc_for_each_subnode(node, fdt, parent)				\
	for (node = dmc_first_subnode(fdt, parent); node >= 0;		\
	     node = dmc_next_subnode(fdt, node))

/**
 * dmc_first_prop() - fdt_first_property_offset()
 * @fdt:	the blob
 * @node:	the node
 *
 * Return: its first property's offset, -FDT_ERR_NOTFOUND when it has none,
 * -FDT_ERR_BADOFFSET when @node is not a node.
 */
int dmc_first_prop(const void *fdt, int node);

/**
 * dmc_next_prop() - fdt_next_property_offset()
 * @fdt:	the blob
 * @prop:	a property's offset
 *
 * Return: the next property of the same node, or -FDT_ERR_NOTFOUND.
 */
int dmc_next_prop(const void *fdt, int prop);

#define dmc_for_each_prop(prop, fdt, node)				\
	for (prop = dmc_first_prop(fdt, node); prop >= 0;		\
	     prop = dmc_next_prop(fdt, prop))

/**
 * dmc_prop_at() - fdt_get_property_by_offset()
 * @fdt:	the blob
 * @prop:	a property's offset (dmc_first_prop(), dmc_next_prop())
 * @len:	set to its value's length (may be NULL)
 *
 * Return: the property.
 */
const struct fdt_property *dmc_prop_at(const void *fdt, int prop, int *len);

/**
 * dmc_prop_name() - the name of a property of a tree past the gate
 * @fdt:	the blob
 * @prop:	the property
 *
 * The structure gate has checked that the name lies in the strings block,
 * so no lookup is needed.
 *
 * Return: the name.
 */
const char *dmc_prop_name(const void *fdt, const struct fdt_property *prop);

/**
 * dmc_getprop() - fdt_getprop()
 * @fdt:	the blob
 * @node:	the node
 * @name:	the property's name
 * @len:	set to the value's length, or to the error (may be NULL)
 *
 * A leaf: every property lookup of the core ends in it, at the bottom of
 * the deepest stacks.
 *
 * Return: the value, or NULL (@len -FDT_ERR_NOTFOUND, or
 * -FDT_ERR_BADOFFSET when @node is not a node).
 */
const void *dmc_getprop(const void *fdt, int node, const char *name, int *len);

/**
 * dmc_subnode_offset_namelen() - fdt_subnode_offset_namelen()
 * @fdt:	the blob
 * @parent:	the parent
 * @name:	the child's name, @namelen bytes: "name" also finds
 *		"name@unit", as libfdt's does
 * @namelen:	its length
 *
 * Return: the first such child, -FDT_ERR_NOTFOUND, or -FDT_ERR_BADOFFSET
 * when @parent is not a node.
 */
int dmc_subnode_offset_namelen(const void *fdt, int parent, const char *name,
			       int namelen);

/**
 * dmc_subnode_offset() - fdt_subnode_offset()
 * @fdt:	the blob
 * @parent:	the parent
 * @name:	the child's name
 *
 * Return: as dmc_subnode_offset_namelen().
 */
int dmc_subnode_offset(const void *fdt, int parent, const char *name);

/**
 * dmc_path_offset() - fdt_path_offset()
 * @fdt:	the blob
 * @path:	a path, or an alias and a path below it
 *
 * One step down per component, each among the children only.
 *
 * Return: the node, or libfdt's error for it.
 */
int dmc_path_offset(const void *fdt, const char *path);

/**
 * dmc_path_lookup() - dmc_path_offset(), and where the node was found
 * @fdt:	the blob
 * @path:	as for dmc_path_offset()
 * @parent:	set to the node the last component was looked up in: the
 *		found node's parent; -FDT_ERR_NOTFOUND for the root (may be
 *		NULL)
 *
 * The parent comes with the walk down, where dmc_parent_offset() would
 * walk from the root again.
 *
 * Return: as dmc_path_offset().
 */
int dmc_path_lookup(const void *fdt, const char *path, int *parent);

/**
 * dmc_root_nodes() - /reserved-memory and /chosen in one pass
 * @fdt:	the blob
 * @resmem:	set to the first root child dmc_subnode_offset() finds for
 *		"reserved-memory", or -FDT_ERR_NOTFOUND
 * @chosen:	likewise for "chosen"
 *
 * Return: 0, or -FDT_ERR_BADOFFSET when the tree has no root (both are
 * then -FDT_ERR_NOTFOUND).
 */
int dmc_root_nodes(const void *fdt, int *resmem, int *chosen);

/**
 * dmc_parent_offset() - fdt_parent_offset()
 * @fdt:	the blob
 * @node:	the node
 *
 * Two walks from the root to @node: a caller that wants every ancestor
 * of many nodes walks once itself.
 *
 * Return: the parent; -FDT_ERR_NOTFOUND for the root, -FDT_ERR_BADOFFSET
 * when @node is not a node.
 */
int dmc_parent_offset(const void *fdt, int node);

/*
 * --- lib/dmacage/fdtutil.c ---------------------------------------------
 * These read a tree that has passed the structure gate
 * (dmc_check_structure(); every entry point of the core runs it first),
 * with the lookups above.
 */

/**
 * dmc_read_cells() - a big-endian number of cells
 * @p:		the first cell
 * @n:		number of cells (1 or 2; more keep only the last 64 bits)
 *
 * Return: the number.
 */
uint64_t dmc_read_cells(const fdt32_t *p, int n);

/**
 * dmc_node_cells() - #address-cells / #size-cells of @node (for its children)
 * @fdt:	the blob
 * @node:	the node
 * @ac:		set to its #address-cells
 * @sc:		set to its #size-cells
 *
 * Defaults are Linux's: 2 and 1 when absent (the root defaults that
 * Linux's early scan uses are 1/1; see dmc_root_cells()).
 *
 * Return: 0 or -DMC_E_BADFDT for a malformed value (not one cell, or 0 or
 * > 2).
 */
int dmc_node_cells(const void *fdt, int node, int *ac, int *sc);

/**
 * dmc_root_cells() - the root's cells, 1/1 when absent (Linux's early scan)
 * @fdt:	the blob
 * @ac:		set to the root's #address-cells
 * @sc:		set to the root's #size-cells
 *
 * Return: 0 or -DMC_E_BADFDT, as for dmc_node_cells().
 */
int dmc_root_cells(const void *fdt, int *ac, int *sc);

/**
 * dmc_resmem_container_check() - would Linux use /reserved-memory?
 * @fdt:	the blob
 * @resmem:	the /reserved-memory node
 * @err:	reason on failure (may be NULL)
 *
 * Its cells must equal the root's and it must have ranges; otherwise Linux
 * ignores the node and every region in it (R5). It must not be a PCI host
 * bridge (device_type "pci"): the pools written into it would be its
 * functions to the rules checker, and to Linux if a driver matched it.
 *
 * Return: 0, or -DMC_E_RESMEM (or the root's cells error) with @err set.
 */
int dmc_resmem_container_check(const void *fdt, int resmem,
			       struct dmc_err *err);

/**
 * dmc_max_phandle() - the largest phandle a tree uses
 * @fdt:	the blob, past the structure gate
 *
 * "phandle", "linux,phandle" and "ibm,phandle" of any length count, each
 * cell of them (Linux reads the first 4 bytes, the reserved-memory code
 * the last cell), so that a new phandle above it collides with none. So
 * does every cell of a "memory-region": a reference to a node the tree no
 * longer has must not come to name a new pool (a device outside the
 * domain would then put its buffers where the domain's devices reach).
 *
 * Return: that phandle, 0 when there is none.
 */
uint32_t dmc_max_phandle(const void *fdt);

/**
 * dmc_short_phandle() - a node with a phandle shorter than one cell
 * @fdt:	the blob, past the structure gate
 *
 * Linux's unflattening takes a "phandle" or "linux,phandle" value with
 * be32_to_cpup() whatever its length, so a shorter one reads the bytes of
 * the tag after it: any edit after it in the node can change the phandle.
 *
 * Return: the first such node, or -DMC_E_NOTFOUND.
 */
int dmc_short_phandle(const void *fdt);

/**
 * dmc_initrd() - the initrd /chosen names, as early_init_dt_check_for_initrd()
 * reads it
 * @fdt:	the blob, past the structure gate
 * @chosen:	offset of /chosen (< 0: none)
 * @start:	set to its first byte
 * @end:	set past its last byte
 *
 * Return: true when both properties are there, 4 or 8 bytes each, and
 * @end > @start.
 */
bool dmc_initrd(const void *fdt, int chosen, uint64_t *start, uint64_t *end);

/**
 * dmc_phandle() - @node's phandle as Linux's unflattening takes it
 * @fdt:	the blob
 * @node:	the node
 *
 * As populate_properties(): the first 4 bytes of the first non-zero
 * "phandle" or "linux,phandle" in property order, whatever their length,
 * and "ibm,phandle" over both. of_find_node_by_phandle() resolves to the
 * first node in the tree with it.
 *
 * Return: the phandle; 0 when none (or @node is not a node).
 */
uint32_t dmc_phandle(const void *fdt, int node);

/**
 * dmc_node_by_phandle() - of_find_node_by_phandle()
 * @fdt:	the blob
 * @ph:		the phandle
 *
 * The first node in the tree whose dmc_phandle() is @ph (one walk of the
 * tree).
 *
 * Return: its offset, or -DMC_E_NOTFOUND (also for @ph 0).
 */
int dmc_node_by_phandle(const void *fdt, uint32_t ph);

/**
 * dmc_compatible() - of_device_is_compatible() for one string
 * @fdt:	the blob
 * @node:	the node
 * @compat:	the compatible string
 *
 * Return: true when an entry of @node's compatible equals @compat,
 * ignoring case as Linux compares.
 */
bool dmc_compatible(const void *fdt, int node, const char *compat);

/**
 * dmc_compat_exact() - fdt_node_check_compatible() == 0
 * @fdt:	the blob
 * @node:	the node
 * @compat:	the compatible string
 *
 * Return: true when an entry of @node's compatible equals @compat, case
 * and all (the reserved-memory code's and libfdt's comparison).
 */
bool dmc_compat_exact(const void *fdt, int node, const char *compat);

/**
 * dmc_record_of() - dmacage's record of an earlier run
 * @fdt:	the blob
 * @chosen:	the /chosen node, or < 0 when there is none
 *
 * The "dmacage" child of @chosen that is compatible with "dmacage,record".
 *
 * Return: its offset, or -DMC_E_NOTFOUND.
 */
int dmc_record_of(const void *fdt, int chosen);

/**
 * dmc_record_has_pool() - does a record list @node as a pool?
 * @fdt:	the blob
 * @record:	the record (dmc_record_of()), or < 0
 * @node:	a child of /reserved-memory
 *
 * Only a node that one of the record's domains names as its
 * restricted-pool or coherent-pool ("/reserved-memory/<name>") is
 * dmacage's own: a board's "wifi-coherent@..." merely looks like one.
 *
 * Return: true when listed; false too when @record < 0.
 */
bool dmc_record_has_pool(const void *fdt, int record, int node);

/**
 * dmc_mem_pages() - a /memory entry as early_init_dt_add_memory_arch() adds it
 * @base:	the entry's base, moved up to a page boundary
 * @size:	its size, cut to whole pages from there
 *
 * Linux adds each entry cut to whole pages (4 KiB, the page of Debian's
 * arm64 and armhf kernels), so two entries that meet inside a page leave
 * that page out of its memory.
 *
 * Return: true when a whole page is left; @base and @size are then set.
 */
bool dmc_mem_pages(uint64_t *base, uint64_t *size);

/**
 * dmc_is_own_pool() - is @node a pool an earlier run wrote?
 * @fdt:	the blob
 * @record:	the record (dmc_record_of()), or < 0
 * @node:	a child of /reserved-memory
 *
 * Listed by the record (dmc_record_has_pool()) and still a pool
 * (compatible with restricted-dma-pool or shared-dma-pool). The planner
 * leaves such nodes out, so that re-planning a patched DT gives the same
 * plan, and the fixup replaces them; any other node is the board's and is
 * avoided and kept.
 *
 * Return: true when it is.
 */
bool dmc_is_own_pool(const void *fdt, int record, int node);

/**
 * dmc_rmem_phandle() - the phandle the reserved-memory code records for a pool
 * @fdt:	the blob
 * @node:	the pool
 *
 * As fdt_init_reserved_mem(): "phandle", else "linux,phandle", read as a
 * number of len / 4 cells into 32 bits (the last cell). A pool whose
 * dmc_phandle() differs is never attached to a device.
 *
 * Return: the phandle, or 0 when neither property has 4 bytes or more.
 */
uint32_t dmc_rmem_phandle(const void *fdt, int node);

/**
 * dmc_dma_ranges() - what a host bridge's devices reach
 * @fdt:	the blob
 * @host:	the host bridge
 * @parent:	its parent, or < 0 to have it looked up (a walk from the root)
 * @r:		set to the entries
 * @max:	capacity of @r
 *
 * As Linux's of_dma_get_range() works it out: the host's dma-ranges (3
 * child address cells, the parent's address cells, 2 size cells) or, when
 * it has none, the first non-empty one of its ancestors', each entry's CPU
 * side translated through every ancestor's dma-ranges (an entry whose
 * start no ancestor's window holds is dropped, one that runs past the
 * window is clipped to it).
 *
 * Return: number of entries (0 = none anywhere: identity, no limit; one
 * entry of size 0 when every entry was dropped: nothing is reachable),
 * -DMC_E_BADFDT for a malformed property or an entry whose CPU or DMA
 * range wraps past 2^64, -DMC_E_TOOMANY for more than @max entries.
 */
int dmc_dma_ranges(const void *fdt, int host, int parent,
		   struct dmc_dma_range *r, unsigned int max);

/**
 * dmc_dma_map() - dmc_dma_ranges(), or the entry that holds a CPU range
 * @fdt:	the blob
 * @host:	the host bridge
 * @parent:	as for dmc_dma_ranges()
 * @r:		without @find, set to the entries (@max of them at most); with
 *		@find, on entry the range's cpu and size, set to the first
 *		entry that holds it
 * @max:	capacity of @r without @find
 * @find:	look for the entry that holds @r[0]'s range: a caller then
 *		needs to hold no more than one entry
 *
 * Return: without @find, as dmc_dma_ranges(); with it, 1, 0 when there
 * are none (the identity), -DMC_E_NOTFOUND when none holds the range, or
 * dmc_dma_ranges()' error.
 */
int dmc_dma_map(const void *fdt, int host, int parent,
		struct dmc_dma_range *r, unsigned int max, bool find);

#define DMC_CMDLINE_SIZE	1024	/* ARM32 COMMAND_LINE_SIZE */

/**
 * struct dmc_cmdline_arg - one kernel parameter, as next_arg() splits it
 * @param:	start of its name (quotes removed as next_arg() removes them)
 * @param_end:	end of its name
 * @val:	start of its value after '=', or NULL when there is none
 * @val_end:	end of its value
 */
struct dmc_cmdline_arg {
	const char *param, *param_end;
	const char *val, *val_end;
};

/**
 * dmc_cmdline() - the command line Linux copies from /chosen/bootargs
 * @fdt:	the OS DT
 * @chosen:	its /chosen, or < 0 when it has none
 * @end:	set to its end: the NUL, or DMC_CMDLINE_SIZE - 1 bytes in (not
 *		set when there is no command line)
 *
 * Return: its start, or NULL when there is none (no /chosen, no bootargs,
 * or an empty one).
 */
const char *dmc_cmdline(const void *fdt, int chosen, const char **end);

/**
 * dmc_cmdline_next() - the next parameter of [@args, @end)
 * @args:	where to look (dmc_cmdline(), then this function's last return)
 * @end:	end of the command line
 * @a:		set to the parameter found
 *
 * As parse_args() finds it: any isspace() separates, a quote keeps spaces
 * in (and is dropped around a value or a whole parameter), a bare "--"
 * ends the parameters.
 *
 * Return: where the one after starts, or NULL when there is none (only
 * spaces left, or a bare "--").
 */
const char *dmc_cmdline_next(const char *args, const char *end,
			     struct dmc_cmdline_arg *a);

/**
 * dmc_memparse() - Linux's memparse() of [@s, @end)
 * @s:		start of the text
 * @end:	its end
 * @out:	set to the value, when there is a number
 *
 * C notation (0x hex, leading 0 octal) and a K/M/G/T/P/E suffix, wrapping
 * as the kernel's does.
 *
 * Return: false when there is no number.
 */
bool dmc_memparse(const char *s, const char *end, uint64_t *out);

/**
 * dmc_cmdline_is() - is @a's name @name?
 * @a:		a parameter from dmc_cmdline_next()
 * @name:	the name
 *
 * Return: true when the whole name matches.
 */
bool dmc_cmdline_is(const struct dmc_cmdline_arg *a, const char *name);

/**
 * dmc_cmdline_mem() - the "mem=SIZE" of /chosen/bootargs
 * @fdt:	the OS DT
 * @chosen:	its /chosen, or < 0 when it has none
 * @limit:	set to the last one's SIZE, rounded down to 4 KiB; 0 when
 *		there is none
 * @bad:	on failure, the parameter that is not a plain size
 *
 * Linux keeps the lowest SIZE bytes of memory. "mem=SIZE@START" (ARM32)
 * replaces the memory instead, relative to a PHYS_OFFSET the DT does not
 * give, so it is not read.
 *
 * Return: 0, or -DMC_E_MEMMAP for a "mem=" that is not a plain size.
 */
int dmc_cmdline_mem(const void *fdt, int chosen, uint64_t *limit,
		    struct dmc_cmdline_arg *bad);

/**
 * dmc_arm_vmalloc_at() - vmalloc size Linux/ARM will use
 * @fdt:		the OS DT (may be NULL: no command line)
 * @chosen:		its /chosen, or < 0 when it has none
 * @policy_size:	the policy's vmalloc-size, 0 = none
 *
 * The last "vmalloc=" parameter of /chosen/bootargs, as Linux parses the
 * command line (dmc_cmdline_next()), wins (memparse() into 32 bits), then
 * @policy_size, then 240 MiB; the result is clamped to 16 MiB..976 MiB
 * like early_vmalloc().
 *
 * Return: the size.
 */
uint64_t dmc_arm_vmalloc_at(const void *fdt, int chosen, uint64_t policy_size);

/**
 * dmc_arm_lowmem_end() - end of ARM32 lowmem for RAM starting at @ram_start
 * @ram_start:	start of RAM
 * @vmalloc:	the vmalloc size (dmc_arm_vmalloc_at())
 *
 * Return: @ram_start + 0x3F000000 - @vmalloc, capped at 4 GiB; @ram_start
 * when @vmalloc is that large or larger.
 */
uint64_t dmc_arm_lowmem_end(uint64_t ram_start, uint64_t vmalloc);

/**
 * dmc_node_available() - Linux's of_fdt_device_is_available()
 * @fdt:	the blob
 * @node:	the node
 *
 * Return: true when status is absent, "okay" or "ok" (compared with
 * strcmp() on the blob, as Linux does, whatever the property's length).
 */
bool dmc_node_available(const void *fdt, int node);

/**
 * dmc_is_memory_type() - a device_type Linux's early scan takes for memory
 * @type:	the value (NULL: none)
 *
 * Return: true when strcmp(@type, "memory") is 0, as
 * early_init_dt_scan_memory() compares.
 */
bool dmc_is_memory_type(const char *type);

/**
 * dmc_is_memory_node() - a root child that Linux's early scan takes for RAM
 * @fdt:	the blob
 * @node:	the root child
 *
 * "linux,usable-memory" is not honoured: dmacage runs before any kdump
 * kernel would set it.
 *
 * Return: true when its first device_type is memory and it is available.
 */
bool dmc_is_memory_node(const void *fdt, int node);

/**
 * dmc_next_memory_node() - the next root child dmc_is_memory_node() takes
 * @fdt:	the blob
 * @node:	the last one found; negative: start at the first root child
 *
 * The one way the core finds /memory (dmc_for_each_memory_node()).
 *
 * Return: its offset, or negative past the last one.
 */
int dmc_next_memory_node(const void *fdt, int node);

#define dmc_for_each_memory_node(node, fdt)				\
	for (node = dmc_next_memory_node(fdt, -1); node >= 0;		\
	     node = dmc_next_memory_node(fdt, node))

/**
 * dmc_is_pci_node() - is @node a PCI bus node?
 * @fdt:	the blob
 * @node:	the node
 *
 * Return: true for device_type "pci", or a host compatible Linux matches
 * without it.
 */
bool dmc_is_pci_node(const void *fdt, int node);

/**
 * dmc_is_pci_props() - dmc_is_pci_node() on properties already fetched
 * @type:	device_type (NULL when absent)
 * @tlen:	its length
 * @compat:	compatible (NULL when absent)
 * @clen:	its length
 *
 * Return: as dmc_is_pci_node().
 */
bool dmc_is_pci_props(const char *type, int tlen, const char *compat,
		      int clen);

/**
 * dmc_is_pci_host() - is @node a PCI host bridge?
 * @fdt:	the blob
 * @node:	the node (the root never is one)
 * @parent:	its parent (fdt_parent_offset(), or the caller's own walk)
 *
 * Return: true when @node is a PCI node and no node between it and the
 * root is one (a typed node below an untyped function that Linux matches
 * by reg is a function, not a host); false too when @node <= 0 or
 * @parent < 0.
 */
bool dmc_is_pci_host(const void *fdt, int node, int parent);

/**
 * dmc_host_offset() - the PCI host bridge a policy names
 * @fdt:	the OS DT, past the structure gate
 * @path:	the policy's "host": a path or an alias
 * @parent:	set to the parent of the node @path names, found on the way
 *		down (may be NULL)
 *
 * Return: its offset; -DMC_E_NOHOST when the node is not a PCI host bridge
 * (dmc_is_pci_host()), -DMC_E_NOTFOUND when there is no such node.
 */
int dmc_host_offset(const void *fdt, const char *path, int *parent);

/* --- lib/dmacage/msi.c ------------------------------------------------ */

/**
 * dmc_msi_doorbell() - the MSI doorbell Linux 6.1 gives a host's functions
 * @fdt:	the OS DT
 * @host:	the host bridge
 * @addr:	set to the doorbell's CPU address
 * @why:	on failure, why (names the node and property)
 * @len:	size of @why
 *
 * The controller of the first msi-map on @host or an ancestor (every
 * entry's; they must agree), else of the host's first msi-parent. The
 * controller must be available; an "arm,gic-v2m-frame" rings at its reg +
 * 0x40 (MSI_SETSPI_NS), an "arm,gic-v3-its" at reg + 0x10040
 * (GITS_TRANSLATER), reg translated to a CPU address through ranges.
 *
 * Return: 0, or -DMC_E_NOFIT (no controller, an unknown or disabled one,
 * a malformed map): a grant dmacage cannot state is refused, never
 * guessed.
 */
int dmc_msi_doorbell(const void *fdt, int host, uint64_t *addr, char *why,
		     size_t len);

/* --- lib/dmacage/pci.c ------------------------------------------------- */

/**
 * dmc_pci_find_child() - the child Linux matches to @devfn under @parent
 * @fdt:	the blob
 * @parent:	the bus node (host bridge or bridge)
 * @devfn:	(device << 3) | function
 *
 * Linux's of_pci_find_child_device(): the first child in DT order whose reg
 * has at least 5 cells and whose bits 15:8 of cell 0 equal @devfn; bus bits,
 * names and status are ignored. A "multifunc-device" child is searched too,
 * right after it is met, as Linux does.
 *
 * Return: node offset, -DMC_E_NOTFOUND, or -DMC_E_BADFDT.
 */
int dmc_pci_find_child(const void *fdt, int parent, uint8_t devfn);

/**
 * dmc_pci_is_multifunc() - is @node named "multifunc-device"?
 * @fdt:	the blob
 * @node:	the node
 *
 * Any unit address: a grouping node whose children Linux matches as the
 * parent's.
 *
 * Return: true when it is.
 */
bool dmc_pci_is_multifunc(const void *fdt, int node);

/**
 * dmc_pci_devfn() - devfn of a PCI child node (bits 15:8 of reg cell 0)
 * @fdt:	the blob
 * @node:	the node
 *
 * Return: devfn (0..255), or -DMC_E_NOTFOUND if reg has fewer than 5 cells.
 */
int dmc_pci_devfn(const void *fdt, int node);

#endif /* DMACAGE_FDTUTIL_H */
