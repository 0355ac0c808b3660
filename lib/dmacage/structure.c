// SPDX-License-Identifier: GPL-2.0+
/*
 * The structure walk every entry point runs before it trusts libfdt with a
 * blob: fdt_check_header() does not look at the structure block, U-Boot
 * does not build fdt_check_full(), and libfdt 1.6.1's own walks loop for
 * ever on a property of length -12 (fdt_next_tag() then returns the tag's
 * own offset as the next one). One pass over the tags, bounded by the
 * block, checks what the other code relies on; a visitor may use the same
 * pass to learn about the tree.
 */
#include <dmacage/dmacage.h>
#include <dmacage/fdtutil.h>

#define DMC_TAGALIGN(x)	(((uint32_t)(x) + 3) & ~3u)

static int dmc_bad(struct dmc_err *err, const char *what, int offset,
		   const char *why)
{
	return dmc_fail(err, -DMC_E_BADFDT, what,
			"structure block: %s (at offset %d)", why, offset);
}

/* One cell, in a form compilers turn into a load and a byte swap. */
static uint32_t dmc_be32(const char *p)
{
	const uint8_t *b = (const uint8_t *)p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

/* Everything, for a walk that was given no struct dmc_walk_want. */
static const struct dmc_walk_want dmc_want_all = {
	.nodes_to = DMC_MAX_DEPTH,
	.props = DMC_WANT_ALL_PROPS,
};

/*
 * The tags are read here directly, each bounded by the block it lies in,
 * rather than through fdt_next_tag(), which re-validates the header on
 * every call: this walk runs on every blob at every entry point, and a
 * tag costs a handful of instructions this way. A visitor is called only
 * for the tags it wants: a call costs more than checking the tag.
 */
int dmc_walk_structure(const void *fdt, const char *what, struct dmc_err *err,
		       dmc_tag_fn visit, const struct dmc_walk_want *want,
		       void *ctx)
{
	const char *blk, *str, *end;
	uint32_t size, ssize, names_end, tag, len, nameoff;
	int depth = 0, nodes = 0, node = -1, ret;
	uint32_t offset = 0, next;
	uint64_t props;

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
	size = fdt_size_dt_struct(fdt);
	str = (const char *)fdt + fdt_off_dt_strings(fdt);
	ssize = fdt_size_dt_strings(fdt);
	/*
	 * A name is terminated when a NUL follows it in the block: every
	 * name offset below the last NUL is, and none at or after it.
	 */
	for (names_end = ssize; names_end && str[names_end - 1]; names_end--)
		;
	if (!want)
		want = &dmc_want_all;
	props = visit ? want->props : 0;
	do {
		if (size < 4 || offset > size - 4)
			return dmc_bad(err, what, offset,
				       "a tag runs past the end");
		tag = dmc_be32(blk + offset);
		switch (tag) {
		case FDT_PROP:
			if (depth < 1)
				return dmc_bad(err, what, offset,
					       "a property outside any node");
			if (offset > size - 12)
				return dmc_bad(err, what, offset,
					       "a tag runs past the end");
			len = dmc_be32(blk + offset + 4);
			nameoff = dmc_be32(blk + offset + 8);
			/*
			 * With -12, libfdt 1.6.1's fdt_next_tag() returns the
			 * tag's own offset as the next, and its walks loop.
			 */
			if ((int32_t)len < 0)
				return dmc_bad(err, what, offset,
					       "a property has a negative length");
			if (len > size - offset - 12)
				return dmc_bad(err, what, offset,
					       "a property runs past the end");
			if (nameoff >= names_end)
				return dmc_bad(err, what, offset,
					       "a property name is outside the strings block");
			/* after a subnode, no node has it (libfdt, Linux) */
			if ((props & DMC_WANT_PROP(str[nameoff])) && node >= 0)
				visit(ctx, tag, node, depth,
				      (const struct fdt_property *)(blk + offset),
				      (int)len);
			next = DMC_TAGALIGN(offset + 12 + len);
			break;
		case FDT_BEGIN_NODE:
			end = memchr(blk + offset + 4, '\0',
				     size - offset - 4);
			if (!end)
				return dmc_bad(err, what, offset,
					       "a node name runs past the end");
			/* a '/' in a name makes paths ambiguous (fdt_get_path) */
			if (memchr(blk + offset + 4, '/', end - blk - offset - 4))
				return dmc_bad(err, what, offset,
					       "a node name contains '/'");
			next = DMC_TAGALIGN(end + 1 - blk);
			if (++depth > DMC_MAX_DEPTH)
				return dmc_bad(err, what, offset,
					       "nodes nested deeper than 64");
			if (depth == 1 && nodes++)
				return dmc_bad(err, what, offset,
					       "a second root node");
			node = (int)offset;
			if (visit && depth <= want->nodes_to)
				visit(ctx, tag, offset, depth, NULL, 0);
			break;
		case FDT_END_NODE:
			next = offset + 4;
			if (--depth < 0)
				return dmc_bad(err, what, offset,
					       "an END_NODE with no open node");
			node = -1;
			if (visit && depth < want->nodes_to)
				visit(ctx, tag, offset, depth, NULL, 0);
			break;
		case FDT_NOP:
		case FDT_END:
			next = offset + 4;
			break;
		default:
			return dmc_bad(err, what, offset, "an unknown tag");
		}
		offset = next;
	} while (tag != FDT_END);
	return depth ? dmc_bad(err, what, offset,
			       "the root node is never closed") : 0;
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

/* The node that starts at @offset, past properties and NOPs, if any. */
static int dmc_node_from(const void *fdt, int offset)
{
	uint32_t tag;
	int next;

	while ((tag = dmc_next_tag(fdt, offset, &next)) == FDT_PROP ||
	       tag == FDT_NOP)
		offset = next;
	return tag == FDT_BEGIN_NODE ? offset : -FDT_ERR_NOTFOUND;
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

int dmc_first_subnode(const void *fdt, int node)
{
	int offset;

	if (node < 0)
		return -FDT_ERR_NOTFOUND;
	dmc_next_tag(fdt, node, &offset);
	return dmc_node_from(fdt, offset);
}

int dmc_next_subnode(const void *fdt, int node)
{
	if (node < 0)
		return -FDT_ERR_NOTFOUND;
	return dmc_node_from(fdt, dmc_skip_subtree(fdt, node));
}

int dmc_next_node(const void *fdt, int node, int *depth)
{
	int offset, next = 0;
	uint32_t tag;

	if (node >= 0 &&
	    (node % FDT_TAGSIZE ||
	     node > (int)fdt_size_dt_struct(fdt) - (int)FDT_TAGSIZE ||
	     dmc_next_tag(fdt, node, &next) != FDT_BEGIN_NODE))
		return -FDT_ERR_BADOFFSET;
	do {
		offset = next;
		tag = dmc_next_tag(fdt, offset, &next);
		if (tag == FDT_BEGIN_NODE && depth)
			(*depth)++;
		else if (tag == FDT_END_NODE && depth && --(*depth) < 0)
			return next;	/* as libfdt: depth < 0 says why */
		else if (tag == FDT_END)
			return -FDT_ERR_NOTFOUND;
	} while (tag != FDT_BEGIN_NODE);
	return offset;
}

const char *dmc_get_name(const void *fdt, int node)
{
	if (node < 0)
		return NULL;
	return (const char *)fdt + fdt_off_dt_struct(fdt) + node + FDT_TAGSIZE;
}

int dmc_check_structure(const void *fdt, const char *what,
			struct dmc_err *err)
{
	return dmc_walk_structure(fdt, what, err, NULL, NULL, NULL);
}
