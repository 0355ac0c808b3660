// SPDX-License-Identifier: GPL-2.0+
/*
 * The structure walk every entry point runs before it trusts libfdt with a
 * blob: fdt_check_header() does not look at the structure block, U-Boot
 * does not build fdt_check_full(), and libfdt 1.6.1's own walks loop for
 * ever on a property of length -12 (fdt_next_tag() then returns the tag's
 * own offset as the next one). One pass over the tags, bounded by the
 * block, checks what the other code relies on; past it, the code reads
 * the tree with libfdt.
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

/* One cell, in a form compilers turn into a load and a byte swap. */
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

/*
 * The zero bytes of @w, each marked by its top bit (the classic
 * word-at-a-time test): the lowest mark is exact, marks above it may be
 * false.
 */
static uint64_t dmc_zero_bytes(uint64_t w)
{
	return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}

/*
 * The index of the first NUL or '/' of the word at @p, which @m (the
 * marks of both) says it has. Of each test's marks the lowest is exact,
 * so the lowest of the two together is.
 */
static unsigned int dmc_first_stop(const char *p, uint64_t m)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* 32-bit halves: a 64-bit count is a libgcc call on 32-bit ARM */
	if ((uint32_t)m)
		return __builtin_ctz((uint32_t)m) / 8;
	return 4 + __builtin_ctz((uint32_t)(m >> 32)) / 8;
#else
	/* the lowest mark is the last byte in memory: look byte by byte */
	unsigned int i = 0;

	while (p[i] && p[i] != '/')
		i++;
	return i;
#endif
}

/*
 * The first NUL or '/' of the node name at @p, or NULL when neither comes
 * before @end: eight bytes at a time while they fit (memcpy() lets the
 * compiler load a word whatever its alignment), as names are most of
 * what the walk reads byte by byte.
 */
static const char *dmc_name_stop(const char *p, const char *end)
{
	uint64_t w, m;

	for (; end - p >= 8; p += 8) {
		memcpy(&w, p, sizeof(w));
		m = dmc_zero_bytes(w) | dmc_zero_bytes(w ^ 0x2f2f2f2f2f2f2f2full);
		if (m)
			return p + dmc_first_stop(p, m);
	}
	for (; p < end; p++)
		if (!*p || *p == '/')
			return p;
	return NULL;
}

/*
 * The run of properties at @offset: the offset of the first tag after it,
 * or of the first one found unsound or past the end (the caller tells
 * which). A loop of its own: properties are most of the tags, and their
 * checks need none of the node state.
 */
static size_t dmc_walk_props(const char *blk, size_t size, size_t offset,
			     uint32_t names_end)
{
	const fdt32_t t_prop = cpu_to_fdt32(FDT_PROP);
	size_t len, room;
	uint32_t nameoff;

	do {
		room = size - offset;
		if (room < 12)
			break;
		len = dmc_be32(blk + offset + 4);
		nameoff = dmc_be32(blk + offset + 8);
		if (len > room - 12 || nameoff >= names_end)
			break;
		offset = DMC_TAGALIGN(offset + 12 + len);
	} while (offset <= size - 4 &&
		 *(const fdt32_t *)(blk + offset) == t_prop);
	return offset;
}

/*
 * The tags are read here directly, each bounded by the block it lies in,
 * rather than through fdt_next_tag(), which re-validates the header on
 * every call: this walk runs on every blob at every entry point, so a tag
 * costs a handful of instructions. Tags are compared as they lie in the
 * blob (no byte swap), the common case first; a defect, once seen, is
 * named by a function of its own.
 */
int dmc_check_structure(const void *fdt, const char *what,
			struct dmc_err *err)
{
	const fdt32_t t_prop = cpu_to_fdt32(FDT_PROP),
		      t_begin = cpu_to_fdt32(FDT_BEGIN_NODE),
		      t_end = cpu_to_fdt32(FDT_END_NODE),
		      t_nop = cpu_to_fdt32(FDT_NOP),
		      t_fdt_end = cpu_to_fdt32(FDT_END);
	const char *blk, *str, *stop;
	/* size_t: no widening of an offset to index the block */
	size_t size, last, offset = 0;
	uint32_t ssize, names_end;
	int depth = 0, nodes = 0, ret;
	fdt32_t tag;

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
	if (size < 4)
		goto past_end;
	last = size - 4;	/* the last offset a tag fits at */
	/* each step below checks the next offset against it, then loads */
	tag = *(const fdt32_t *)blk;
	for (;;) {
		/* a node's properties, most of the tags, in a loop of their own */
		if (tag == t_prop) {
			if (depth < 1)
				goto bad_prop;
			offset = dmc_walk_props(blk, size, offset, names_end);
			if (offset > last)
				goto past_end;
			tag = *(const fdt32_t *)(blk + offset);
			if (tag == t_prop)
				goto bad_prop;
		}
		if (tag == t_begin) {
			stop = dmc_name_stop(blk + offset + 4, blk + size);
			if (!stop || *stop)
				goto bad_name;
			if (++depth > DMC_MAX_DEPTH)
				return dmc_bad(err, what, (int)offset,
					       "nodes nested deeper than 64");
			if (depth == 1 && nodes++)
				return dmc_bad(err, what, (int)offset,
					       "a second root node");
			offset = DMC_TAGALIGN(stop + 1 - blk);
		} else if (tag == t_end) {
			if (--depth < 0)
				return dmc_bad(err, what, (int)offset,
					       "an END_NODE with no open node");
			offset += 4;
		} else if (tag == t_nop) {
			offset += 4;
		} else if (tag == t_fdt_end) {
			offset += 4;
			break;
		} else {
			return dmc_bad(err, what, (int)offset,
				       "an unknown tag");
		}
		if (offset > last)
			goto past_end;
		tag = *(const fdt32_t *)(blk + offset);
	}
	return depth ? dmc_bad(err, what, (int)offset,
			       "the root node is never closed") : 0;

past_end:
	return dmc_bad(err, what, (int)offset, "a tag runs past the end");
bad_prop:
	return dmc_bad(err, what, (int)offset,
		       dmc_prop_defect(blk, size, offset, depth, names_end));
bad_name:
	/* a '/' first: is the name terminated at all? */
	return dmc_bad(err, what, (int)offset,
		       stop && memchr(stop, '\0', blk + size - stop) ?
		       "a node name contains '/'" :
		       "a node name runs past the end");
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
