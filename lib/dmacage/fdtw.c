// SPDX-License-Identifier: GPL-2.0+
/*
 * The "input with edits" device-tree writer (see fdtw.h).
 * Every write first checks that the structure block can grow by its size
 * and still leave room for FDT_END and the whole strings block, so the
 * output never overruns @size and a full buffer is found at the write that
 * does not fit.
 */
#include "fdtw.h"

#define FDTW_ALIGN(x)	(((x) + 3) & ~3)

static int fdtw_reserved(const struct dmc_fdtw *w)
{
	return (int)sizeof(fdt32_t) + (int)fdt_size_dt_strings(w->in) +
	       w->nnew;
}

/* Can the structure block grow by @len? If not, the output has failed. */
static bool fdtw_room(struct dmc_fdtw *w, int len)
{
	if (!w->err && len > w->size - w->pos - fdtw_reserved(w))
		w->err = -DMC_E_NOSPACE;
	return !w->err;
}

static void fdtw_put32(struct dmc_fdtw *w, uint32_t v)
{
	fdt32_t c = cpu_to_fdt32(v);

	memcpy(w->buf + w->pos, &c, sizeof(c));
	w->pos += sizeof(c);
}

/* @len bytes of @src, zero-padded to the next tag boundary */
static void fdtw_put_padded(struct dmc_fdtw *w, const void *src, int len)
{
	if (len)	/* an empty property may come with no value at all */
		memcpy(w->buf + w->pos, src, len);
	memset(w->buf + w->pos + len, 0, FDTW_ALIGN(len) - len);
	w->pos += FDTW_ALIGN(len);
}

int dmc_fdtw_init(struct dmc_fdtw *w, const void *in, void *buf, int size)
{
	int n = fdt_num_mem_rsv(in), rsv = sizeof(struct fdt_header);

	w->in = in;
	w->buf = buf;
	w->size = size;
	w->nnew = 0;
	w->err = 0;
	if (n < 0)
		return w->err = -DMC_E_BADFDT;
	w->struct_off = rsv + (n + 1) * (int)sizeof(struct fdt_reserve_entry);
	w->pos = w->struct_off;
	if (size < 0 || w->pos > size - fdtw_reserved(w))
		return w->err = -DMC_E_NOSPACE;
	memcpy(w->buf + rsv, (const char *)in + fdt_off_mem_rsvmap(in),
	       n * sizeof(struct fdt_reserve_entry));
	memset(w->buf + rsv + n * sizeof(struct fdt_reserve_entry), 0,
	       sizeof(struct fdt_reserve_entry));
	return 0;
}

void dmc_fdtw_copy(struct dmc_fdtw *w, int offset, int next)
{
	int len = next - offset;

	if (!w->err && (offset < 0 || len < 0 || len % 4 ||
			next > (int)fdt_size_dt_struct(w->in)))
		w->err = -DMC_E_INTERNAL;
	if (!fdtw_room(w, len))
		return;
	memcpy(w->buf + w->pos,
	       (const char *)w->in + fdt_off_dt_struct(w->in) + offset, len);
	w->pos += len;
}

void dmc_fdtw_begin_node(struct dmc_fdtw *w, const char *name)
{
	int len = strlen(name) + 1;

	if (!fdtw_room(w, (int)sizeof(fdt32_t) + FDTW_ALIGN(len)))
		return;
	fdtw_put32(w, FDT_BEGIN_NODE);
	fdtw_put_padded(w, name, len);
}

/* Offset of @s (with its NUL) in the @n bytes at @tab, or -1. */
static int fdtw_find(const char *tab, int n, const char *s, int len)
{
	int p;

	for (p = 0; p + len <= n; p++)
		if (tab[p] == s[0] && !memcmp(tab + p, s, len))
			return p;
	return -1;
}

/* The name's offset in the output's strings block, adding it if new. */
static int fdtw_name(struct dmc_fdtw *w, const char *name)
{
	const char *tab = (const char *)w->in + fdt_off_dt_strings(w->in);
	int n = fdt_size_dt_strings(w->in), len = strlen(name) + 1, p;

	p = fdtw_find(tab, n, name, len);
	if (p >= 0)
		return p;
	p = fdtw_find(w->newstr, w->nnew, name, len);
	if (p >= 0)
		return n + p;
	if (len > DMC_FDTW_NEWSTR - w->nnew)
		return w->err = -DMC_E_INTERNAL;
	memcpy(w->newstr + w->nnew, name, len);
	w->nnew += len;
	return n + w->nnew - len;
}

void dmc_fdtw_property(struct dmc_fdtw *w, const char *name, const void *val,
		       int len)
{
	int nameoff;

	if (w->err)
		return;
	nameoff = fdtw_name(w, name);
	if ((len < 0 || nameoff < 0) && !w->err)
		w->err = -DMC_E_INTERNAL;
	if (!fdtw_room(w, 3 * (int)sizeof(fdt32_t) + FDTW_ALIGN(len)))
		return;
	fdtw_put32(w, FDT_PROP);
	fdtw_put32(w, len);
	fdtw_put32(w, nameoff);
	fdtw_put_padded(w, val, len);
}

void dmc_fdtw_end_node(struct dmc_fdtw *w)
{
	if (fdtw_room(w, sizeof(fdt32_t)))
		fdtw_put32(w, FDT_END_NODE);
}

int dmc_fdtw_finish(struct dmc_fdtw *w)
{
	int nin = fdt_size_dt_strings(w->in), strings;
	void *fdt = w->buf;

	if (w->err)
		return w->err;
	/* the room for these was reserved by every write */
	fdtw_put32(w, FDT_END);
	strings = w->pos;
	memcpy(w->buf + strings,
	       (const char *)w->in + fdt_off_dt_strings(w->in), nin);
	memcpy(w->buf + strings + nin, w->newstr, w->nnew);
	memset(fdt, 0, sizeof(struct fdt_header));
	fdt_set_magic(fdt, FDT_MAGIC);
	fdt_set_totalsize(fdt, strings + nin + w->nnew);
	fdt_set_off_dt_struct(fdt, w->struct_off);
	fdt_set_off_dt_strings(fdt, strings);
	fdt_set_off_mem_rsvmap(fdt, sizeof(struct fdt_header));
	fdt_set_version(fdt, 17);
	fdt_set_last_comp_version(fdt, 16);
	fdt_set_boot_cpuid_phys(fdt, fdt_boot_cpuid_phys(w->in));
	fdt_set_size_dt_strings(fdt, nin + w->nnew);
	fdt_set_size_dt_struct(fdt, strings - w->struct_off);
	return 0;
}
