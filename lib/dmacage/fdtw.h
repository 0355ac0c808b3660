/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * A device-tree writer for "the input, with edits": the output's strings
 * block starts as a verbatim copy of the input's, so a copied tag (node or
 * property) keeps its bytes, name offset included, and goes out with one
 * memcpy. libfdt's sequential-write API instead re-adds every property name
 * and searches its growing strings block byte by byte for each one, which
 * made copying a tree cost ~2,800 instructions per property.
 *
 * Layout written: header, memory reservation map (the input's), structure
 * block, strings block (the input's, then names the input did not have).
 * The strings block's final size is reserved as it grows, so a write that
 * would not leave room for it fails the output at once (-DMC_E_NOSPACE).
 */
#ifndef DMACAGE_FDTW_H
#define DMACAGE_FDTW_H

#include <dmacage/dmacage.h>

/* Room for names the caller adds that the input's strings block lacks. */
#define DMC_FDTW_NEWSTR		512

/**
 * struct dmc_fdtw - one output being written (caller-owned)
 * @in:		the input blob (its header, reservations and strings)
 * @buf:	output buffer of @size bytes (must not overlap @in)
 * @size:	size of @buf
 * @struct_off:	offset of the structure block in @buf
 * @pos:	next free byte of the structure block, from @buf
 * @nnew:	bytes used in @newstr
 * @err:	0, or the first failure (-DMC_E_*): later writes do nothing
 * @newstr:	names added after the input's strings, NUL-separated
 */
struct dmc_fdtw {
	const void *in;
	char *buf;
	int size;
	int struct_off;
	int pos;
	int nnew;
	int err;
	char newstr[DMC_FDTW_NEWSTR];
};

/**
 * dmc_fdtw_init() - start an output: header room and @in's reservations
 * @w:		the output
 * @in:		the input blob
 * @buf:	output buffer (must not overlap @in)
 * @size:	size of @buf
 *
 * The first write that fails fails the output: the writes after it do
 * nothing, and dmc_fdtw_finish() returns that failure, so a caller checks
 * once, at the end.
 *
 * Return: 0, -DMC_E_NOSPACE, or -DMC_E_BADFDT for an unreadable
 * reservation map.
 */
int dmc_fdtw_init(struct dmc_fdtw *w, const void *in, void *buf, int size);

/**
 * dmc_fdtw_copy() - copy the input's structure bytes [@offset, @next)
 * @w:		the output
 * @offset:	start of the first tag copied
 * @next:	end of the last one
 *
 * Whole tags, as fdt_next_tag() delimits them (a property keeps its name
 * offset). A range that is negative, not a multiple of 4 bytes or past the
 * structure block fails the output with -DMC_E_INTERNAL.
 */
void dmc_fdtw_copy(struct dmc_fdtw *w, int offset, int next);

/**
 * dmc_fdtw_begin_node() - FDT_BEGIN_NODE @name
 * @w:		the output
 * @name:	the node's name (with its unit address)
 */
void dmc_fdtw_begin_node(struct dmc_fdtw *w, const char *name);

/**
 * dmc_fdtw_property() - a property
 * @w:		the output
 * @name:	its name, found in the input's strings block or added after it
 * @val:	its value
 * @len:	its length; a negative one, or DMC_FDTW_NEWSTR full, fails the
 *		output with -DMC_E_INTERNAL
 */
void dmc_fdtw_property(struct dmc_fdtw *w, const char *name, const void *val,
		       int len);

/**
 * dmc_fdtw_end_node() - FDT_END_NODE
 * @w:		the output
 */
void dmc_fdtw_end_node(struct dmc_fdtw *w);

/**
 * dmc_fdtw_finish() - FDT_END, the strings block and the header
 * @w:		the output
 *
 * The header says version 17 and the input's boot CPU; the result is a
 * complete, packed blob. The room for all this was reserved by every
 * write before.
 *
 * Return: 0, or the first write's failure: -DMC_E_NOSPACE when @buf is
 * too small, -DMC_E_INTERNAL for a bad call.
 */
int dmc_fdtw_finish(struct dmc_fdtw *w);

#endif /* DMACAGE_FDTW_H */
