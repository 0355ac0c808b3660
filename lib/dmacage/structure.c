// SPDX-License-Identifier: GPL-2.0+
/*
 * The structure gate every entry point runs before it trusts libfdt with a
 * blob: fdt_check_header() does not look at the structure block, U-Boot
 * does not build fdt_check_full(), and libfdt 1.6.1's own walks loop for
 * ever on a property of length -12 (fdt_next_tag() then returns the tag's
 * own offset as the next one). One pass over the tags, bounded by the
 * block, checks what the other code relies on; past it, the code reads
 * the tree with this file's lookups, which trust what the pass checked.
 */
#include <dmacage/dmacage.h>
#include "fdtutil.h"

#define DMC_TAGALIGN(x)	(((uint32_t)(x) + 3) & ~3u)

static int dmc_bad(struct dmc_err *err, const char *what, int offset,
		   const char *why)
{
	return dmc_fail(err, -DMC_E_BADFDT, what,
			"structure block: %s (at offset %d)", why, offset);
}

/* One big-endian cell. */
static uint32_t dmc_be32(const char *p)
{
	const uint8_t *b = (const uint8_t *)p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/*
 * What is wrong with the property tag at @offset, which the walk found
 * unsound, in the order the checks have always been made (the first
 * defect is the one reported).
 */
static const char *dmc_prop_defect(const char *blk, uint32_t size,
				   uint32_t offset, int depth,
				   uint32_t names_end)
{
	uint32_t len;

	if (depth < 1)
		return "a property outside any node";
	if (size - offset < 12)
		return "a tag runs past the end";
	len = dmc_be32(blk + offset + 4);
	/*
	 * With -12, libfdt 1.6.1's fdt_next_tag() returns the tag's own
	 * offset as the next, and its walks loop.
	 */
	if ((int32_t)len < 0)
		return "a property has a negative length";
	if (len > size - offset - 12)
		return "a property runs past the end";
	return "a property name is outside the strings block";
}

/* Why the node name at @p, which must end before @end, is bad, or NULL. */
static const char *dmc_name_defect(const char *p, const char *end)
{
	for (; p < end && *p; p++)
		if (*p == '/')
			return memchr(p, '\0', end - p) ?
			       "a node name contains '/'" :
			       "a node name runs past the end";
	return p < end ? NULL : "a node name runs past the end";
}

/*
 * One pass over the tags, each bounded by the block it lies in (the
 * shape of dtc's fdt_check_full()), so that no later libfdt walk can
 * loop or read outside the blob.
 */
int dmc_check_structure(const void *fdt, const char *what,
			struct dmc_err *err)
{
	const char *blk, *str, *why;
	size_t size, offset = 0, len;
	uint32_t ssize, names_end;
	int depth = 0, nodes = 0, ret;
	uint32_t tag, prev = FDT_NOP;

	ret = fdt_check_header(fdt);
	if (ret)
		return dmc_fail(err, -DMC_E_BADFDT, what,
				"not a valid device tree blob: %s",
				fdt_strerror(ret));
	if (fdt_version(fdt) < 17)	/* no size_dt_struct before it */
		return dmc_fail(err, -DMC_E_BADFDT, what,
				"version %u; dmacage reads version 17 and later",
				fdt_version(fdt));
	/* fdt_check_header() has put both blocks inside totalsize */
	blk = (const char *)fdt + fdt_off_dt_struct(fdt);
	/* cells are read in place everywhere else: they must be aligned */
	if ((uintptr_t)blk % 4)
		return dmc_fail(err, -DMC_E_BADFDT, what,
				"the structure block is not 4-byte aligned");
	/*
	 * libfdt reads the reservation entries through a struct of 64-bit
	 * fields; the devicetree specification puts the block 8 bytes into
	 * the blob. (The blob itself may lie on 4 bytes only, as a policy
	 * inside a FIT image does; libfdt loads the fields a byte at a time.
	 * A block with no room for one entry is libfdt's to refuse, as
	 * truncated: it reads nothing of it.)
	 */
	if (fdt_off_mem_rsvmap(fdt) + 16 <= fdt_totalsize(fdt) &&
	    fdt_off_mem_rsvmap(fdt) % 8)
		return dmc_fail(err, -DMC_E_BADFDT, what,
				"the memory reservation block is not 8-byte aligned");
	size = fdt_size_dt_struct(fdt);
	str = (const char *)fdt + fdt_off_dt_strings(fdt);
	ssize = fdt_size_dt_strings(fdt);
	/* a name read from a block that is also tags says what it likes */
	if (size && ssize &&
	    fdt_off_dt_strings(fdt) < fdt_off_dt_struct(fdt) + size &&
	    fdt_off_dt_struct(fdt) < fdt_off_dt_strings(fdt) + ssize)
		return dmc_fail(err, -DMC_E_BADFDT, what,
				"the strings block (0x%x+0x%x) overlaps the structure block (0x%x+0x%zx)",
				fdt_off_dt_strings(fdt), ssize,
				fdt_off_dt_struct(fdt), size);
	/*
	 * A name is terminated when a NUL follows it in the block: every
	 * name offset below the last NUL is, and none at or after it.
	 */
	for (names_end = ssize; names_end && str[names_end - 1]; names_end--)
		;
	for (;;) {
		if (size < 4 || offset > size - 4)
			return dmc_bad(err, what, (int)offset,
				       "a tag runs past the end");
		tag = dmc_be32(blk + offset);
		switch (tag) {
		case FDT_PROP:
			/*
			 * Linux and libfdt read a node's properties up to its
			 * first subnode and never see one after it; a fixup
			 * that moved a subnode would bring it to light.
			 */
			if (prev == FDT_END_NODE)
				return dmc_bad(err, what, (int)offset,
					       "a property after a subnode, which Linux does not read");
			len = size - offset < 12 ? 0 :
			      dmc_be32(blk + offset + 4);
			if (depth < 1 || size - offset < 12 ||
			    len > size - offset - 12 ||
			    dmc_be32(blk + offset + 8) >= names_end)
				return dmc_bad(err, what, (int)offset,
					       dmc_prop_defect(blk, size, offset,
							       depth, names_end));
			offset = DMC_TAGALIGN(offset + 12 + len);
			break;
		case FDT_BEGIN_NODE:
			why = dmc_name_defect(blk + offset + 4, blk + size);
			if (!why && ++depth > DMC_MAX_DEPTH)
				why = "nodes nested deeper than 64";
			if (!why && depth == 1 && nodes++)
				why = "a second root node";
			if (why)
				return dmc_bad(err, what, (int)offset, why);
			offset = DMC_TAGALIGN(offset + 4 +
					      strlen(blk + offset + 4) + 1);
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return dmc_bad(err, what, (int)offset,
					       "an END_NODE with no open node");
			offset += 4;
			break;
		case FDT_NOP:
			offset += 4;
			continue;	/* not a tag for prev */
		case FDT_END:
			return depth ? dmc_bad(err, what, (int)offset + 4,
					       "the root node is never closed") :
				       0;
		default:
			return dmc_bad(err, what, (int)offset,
				       "an unknown tag");
		}
		prev = tag;
	}
}

uint32_t dmc_next_tag(const void *fdt, int offset, int *next)
{
	const char *blk = (const char *)fdt + fdt_off_dt_struct(fdt);
	uint32_t tag = dmc_be32(blk + offset);

	switch (tag) {
	case FDT_BEGIN_NODE:
		*next = DMC_TAGALIGN(offset + 4 + strlen(blk + offset + 4) + 1);
		break;
	case FDT_PROP:
		*next = DMC_TAGALIGN(offset + 12 + dmc_be32(blk + offset + 4));
		break;
	default:
		*next = offset + 4;
	}
	return tag;
}

int dmc_skip_subtree(const void *fdt, int node)
{
	int depth = 0, offset = node;
	uint32_t tag;

	do {
		tag = dmc_next_tag(fdt, offset, &offset);
		if (tag == FDT_BEGIN_NODE)
			depth++;
		else if (tag == FDT_END_NODE)
			depth--;
	} while (depth > 0);
	return offset;
}

/*
 * The lookups below are libfdt's, for a tree past the gate: the gate has
 * bounded every tag, so a tag is read where it lies instead of through
 * fdt_offset_ptr() byte by byte (libfdt reads a node name one byte per
 * call). Their results, errors included, are libfdt's for such a tree.
 */

/* Is @offset the BEGIN_NODE of a node? (fdt_check_node_offset_()) */
static bool dmc_is_node(const void *fdt, int offset)
{
	const char *blk = (const char *)fdt + fdt_off_dt_struct(fdt);

	return offset >= 0 && !(offset % FDT_TAGSIZE) &&
	       (uint32_t)offset <= fdt_size_dt_struct(fdt) - FDT_TAGSIZE &&
	       dmc_be32(blk + offset) == FDT_BEGIN_NODE;
}

const char *dmc_get_name(const void *fdt, int node, int *len)
{
	const char *name;

	if (!dmc_is_node(fdt, node)) {
		if (len)
			*len = -FDT_ERR_BADOFFSET;
		return NULL;
	}
	name = (const char *)fdt + fdt_off_dt_struct(fdt) + node + FDT_TAGSIZE;
	if (len)
		*len = strlen(name);
	return name;
}

int dmc_next_node(const void *fdt, int offset, int *depth)
{
	int next = 0;
	uint32_t tag;

	if (offset >= 0) {
		if (!dmc_is_node(fdt, offset))
			return -FDT_ERR_BADOFFSET;
		dmc_next_tag(fdt, offset, &next);
	}
	do {
		offset = next;
		tag = dmc_next_tag(fdt, offset, &next);
		if (tag == FDT_BEGIN_NODE && depth)
			(*depth)++;
		else if (tag == FDT_END_NODE && depth && --(*depth) < 0)
			return next;
		else if (tag == FDT_END)
			return -FDT_ERR_NOTFOUND;
	} while (tag != FDT_BEGIN_NODE);
	return offset;
}

int dmc_first_subnode(const void *fdt, int node)
{
	int depth = 0;

	node = dmc_next_node(fdt, node, &depth);
	return node < 0 || depth != 1 ? -FDT_ERR_NOTFOUND : node;
}

/*
 * The next sibling: past @node's subtree, the properties and NOPs a
 * parent may still hold are skipped (fdt_next_node() skips them too).
 */
int dmc_next_subnode(const void *fdt, int node)
{
	uint32_t tag;
	int next;

	if (!dmc_is_node(fdt, node))
		return -FDT_ERR_NOTFOUND;
	node = dmc_skip_subtree(fdt, node);
	for (;;) {
		tag = dmc_next_tag(fdt, node, &next);
		if (tag == FDT_BEGIN_NODE)
			return node;
		if (tag != FDT_PROP && tag != FDT_NOP)
			return -FDT_ERR_NOTFOUND;
		node = next;
	}
}

/* The property tag at or after @offset before the next node tag, or < 0 */
static int dmc_prop_from(const void *fdt, int offset)
{
	uint32_t tag;
	int next;

	for (;;) {
		tag = dmc_next_tag(fdt, offset, &next);
		if (tag == FDT_PROP)
			return offset;
		if (tag != FDT_NOP)
			return -FDT_ERR_NOTFOUND;
		offset = next;
	}
}

int dmc_first_prop(const void *fdt, int node)
{
	int next;

	if (!dmc_is_node(fdt, node))
		return -FDT_ERR_BADOFFSET;
	dmc_next_tag(fdt, node, &next);
	return dmc_prop_from(fdt, next);
}

int dmc_next_prop(const void *fdt, int prop)
{
	int next;

	dmc_next_tag(fdt, prop, &next);
	return dmc_prop_from(fdt, next);
}

const char *dmc_prop_name(const void *fdt, const struct fdt_property *prop)
{
	return (const char *)fdt + fdt_off_dt_strings(fdt) +
	       fdt32_to_cpu(prop->nameoff);
}

const struct fdt_property *dmc_prop_at(const void *fdt, int prop, int *len)
{
	const struct fdt_property *p = (const void *)((const char *)fdt +
				       fdt_off_dt_struct(fdt) + prop);

	if (len)
		*len = fdt32_to_cpu(p->len);
	return p;
}

/*
 * A leaf, the tags read here rather than through dmc_first_prop(): every
 * property lookup of the core ends in it, at the bottom of the deepest
 * stacks.
 */
const void *dmc_getprop(const void *fdt, int node, const char *name, int *len)
{
	const char *blk = (const char *)fdt + fdt_off_dt_struct(fdt);
	const struct fdt_property *p;
	size_t namelen = strlen(name);
	const char *s;
	uint32_t tag;
	int off;

	if (!dmc_is_node(fdt, node)) {
		if (len)
			*len = -FDT_ERR_BADOFFSET;
		return NULL;
	}
	off = DMC_TAGALIGN(node + FDT_TAGSIZE + strlen(blk + node + 4) + 1);
	for (;;) {
		tag = dmc_be32(blk + off);
		if (tag == FDT_NOP) {
			off += FDT_TAGSIZE;
			continue;
		}
		if (tag != FDT_PROP)
			break;
		p = (const void *)(blk + off);
		s = dmc_prop_name(fdt, p);
		/* the gate has NUL-terminated every name in the block */
		if (!strncmp(s, name, namelen) && !s[namelen]) {
			if (len)
				*len = fdt32_to_cpu(p->len);
			return p->data;
		}
		off = DMC_TAGALIGN(off + 12 + fdt32_to_cpu(p->len));
	}
	if (len)
		*len = -FDT_ERR_NOTFOUND;
	return NULL;
}

/* libfdt's fdt_nodename_eq_(): "name" also matches "name@unit" */
static bool dmc_nodename_eq(const void *fdt, int node, const char *s,
			    int len)
{
	int olen;
	const char *p = dmc_get_name(fdt, node, &olen);

	if (!p || olen < len || memcmp(p, s, len))
		return false;
	return !p[len] || (p[len] == '@' && !memchr(s, '@', len));
}

int dmc_subnode_offset_namelen(const void *fdt, int parent, const char *name,
			       int namelen)
{
	int node;

	if (!dmc_is_node(fdt, parent))
		return -FDT_ERR_BADOFFSET;
	dmc_for_each_subnode(node, fdt, parent)
		if (dmc_nodename_eq(fdt, node, name, namelen))
			return node;
	return -FDT_ERR_NOTFOUND;
}

int dmc_subnode_offset(const void *fdt, int parent, const char *name)
{
	return dmc_subnode_offset_namelen(fdt, parent, name, strlen(name));
}

/*
 * fdt_path_offset()'s steps from @node down the components in [@p, @end);
 * @parent is set to the node the last step was taken in.
 */
static int dmc_path_walk(const void *fdt, int node, const char *p,
			 const char *end, int *parent)
{
	const char *q;

	while (p < end && node >= 0) {
		while (*p == '/')
			if (++p == end)
				return node;
		q = memchr(p, '/', end - p);
		if (!q)
			q = end;
		*parent = node;
		node = dmc_subnode_offset_namelen(fdt, node, p, q - p);
		p = q;
	}
	return node;
}

/* fdt_get_alias_namelen() */
static const char *dmc_alias(const void *fdt, const char *name, size_t len)
{
	const struct fdt_property *p;
	int node, prop;
	const char *s;

	node = dmc_subnode_offset(fdt, 0, "aliases");
	dmc_for_each_prop(prop, fdt, node) {
		p = dmc_prop_at(fdt, prop, NULL);
		s = dmc_prop_name(fdt, p);
		if (!strncmp(s, name, len) && !s[len])
			return p->data;
	}
	return NULL;
}

int dmc_path_lookup(const void *fdt, const char *path, int *parent)
{
	const char *end = path + strlen(path), *q, *v;
	int node, up = -FDT_ERR_NOTFOUND;

	if (!parent)
		parent = &up;
	*parent = -FDT_ERR_NOTFOUND;
	if (*path == '/')
		return dmc_path_walk(fdt, 0, path, end, parent);
	q = memchr(path, '/', end - path);
	if (!q)
		q = end;
	v = dmc_alias(fdt, path, q - path);
	if (!v)
		return -FDT_ERR_BADPATH;
	if (*v != '/') {
		/* an alias naming an alias: libfdt's own recursion */
		node = fdt_path_offset(fdt, path);
		if (node >= 0)
			*parent = dmc_parent_offset(fdt, node);
		return node;
	}
	node = dmc_path_walk(fdt, 0, v, v + strlen(v), parent);
	return dmc_path_walk(fdt, node, q, end, parent);
}

int dmc_path_offset(const void *fdt, const char *path)
{
	return dmc_path_lookup(fdt, path, NULL);
}

int dmc_root_nodes(const void *fdt, int *resmem, int *chosen)
{
	int node;

	*resmem = *chosen = -FDT_ERR_NOTFOUND;
	if (!dmc_is_node(fdt, 0))
		return -FDT_ERR_BADOFFSET;
	/* the first of each name, as dmc_subnode_offset() finds it */
	dmc_for_each_subnode(node, fdt, 0) {
		if (*resmem < 0 && dmc_nodename_eq(fdt, node, "reserved-memory",
						   15))
			*resmem = node;
		if (*chosen < 0 && dmc_nodename_eq(fdt, node, "chosen", 6))
			*chosen = node;
	}
	return 0;
}

/*
 * Two walks from the root, as fdt_parent_offset() makes them (its depth,
 * then the last node at the depth above before it), but of tags read in
 * place.
 */
int dmc_parent_offset(const void *fdt, int node)
{
	int off = -1, depth = -1, want, parent = -FDT_ERR_NOTFOUND, d;

	if (!dmc_is_node(fdt, node))
		return -FDT_ERR_BADOFFSET;
	while (off < node && off >= -1)
		off = dmc_next_node(fdt, off, &depth);
	if (off != node)
		return -FDT_ERR_BADOFFSET;
	want = depth - 1;
	for (off = -1, d = -1; want >= 0;) {
		off = dmc_next_node(fdt, off, &d);
		if (off < 0 || off >= node)
			break;
		if (d == want)
			parent = off;
	}
	return parent;
}
