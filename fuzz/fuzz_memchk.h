/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Shared plumbing of the checker fault-decoder harnesses
 * (fuzz_tzc400_faults, fuzz_rangechk_faults):
 *
 * - a fake MMIO block behind struct memchk_io, the accessor the drivers use:
 *   a few listed registers hold values from the input, every other offset
 *   reads one "default" word from the input; it aborts on an access outside
 *   the 4 KiB register frame or an unaligned one, and on any write but the
 *   fault-clear register, which it models as write-1-to-clear;
 * - a checker node built with libfdt's sequential-write API around a
 *   client-ids/client-names pair taken raw from the input (odd lengths,
 *   missing terminators, over-long names), parsed by the real loader
 *   memchk_dt_parse(), and the same table parsed here independently to check
 *   it;
 * - the invariants every decoder keeps, whatever the registers say.
 *
 * Input words are big-endian, so the hex seeds under fuzz/seeds/ read as the
 * register values they are.
 */
#ifndef DMACAGE_FUZZ_MEMCHK_H
#define DMACAGE_FUZZ_MEMCHK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <dmacage/memchk.h>

#define FZM_FRAME	0x1000	/* register frame the drivers may touch */
#define FZM_MAXREGS	24
#define FZM_BIG		8	/* more records than any decoder can fill */

#define fzm_assert(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "invariant broken: " __VA_ARGS__);	\
		fprintf(stderr, " (%s:%d)\n", __FILE__, __LINE__);	\
		abort();						\
	}								\
} while (0)

/* ---- input reader: missing bytes read as zero ---- */

struct fzm_in {
	const uint8_t *p;
	size_t left;
};

static inline uint8_t fzm_u8(struct fzm_in *in)
{
	uint8_t v = 0;

	if (in->left) {
		v = *in->p++;
		in->left--;
	}
	return v;
}

static inline uint32_t fzm_u32(struct fzm_in *in)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v = v << 8 | fzm_u8(in);
	return v;
}

static inline uint64_t fzm_u64(struct fzm_in *in)
{
	uint64_t hi = fzm_u32(in);

	return hi << 32 | fzm_u32(in);
}

static inline void fzm_skip(struct fzm_in *in, size_t n)
{
	if (n > in->left)
		n = in->left;
	in->p += n;
	in->left -= n;
}

/* Up to @n bytes, fewer if the input ends. */
static inline const uint8_t *fzm_bytes(struct fzm_in *in, size_t *n)
{
	const uint8_t *p = in->p;

	if (*n > in->left)
		*n = in->left;
	fzm_skip(in, *n);
	return p;
}

/* ---- fake MMIO ---- */

/**
 * struct fzm_fake - the register block
 * @off, @val, @n:	listed registers
 * @dflt:		what every other offset reads
 * @id:			ID registers (read-only, never from the list), or NULL
 * @clear_off:		the one writable register: fault clear, W1C
 * @clear:		what writing it does to @val
 * @writes:		writes seen
 */
struct fzm_fake {
	uint32_t off[FZM_MAXREGS];
	uint32_t val[FZM_MAXREGS];
	unsigned int n;
	uint32_t dflt;
	bool (*id)(uint32_t off, uint32_t *val);
	uint32_t clear_off;
	void (*clear)(struct fzm_fake *f, uint32_t val);
	unsigned long writes;
};

static inline uint32_t *fzm_reg(struct fzm_fake *f, uint32_t off)
{
	unsigned int i;

	for (i = 0; i < f->n; i++)
		if (f->off[i] == off)
			return &f->val[i];
	return NULL;
}

static inline void fzm_add(struct fzm_fake *f, uint32_t off, uint32_t val)
{
	if (f->n == FZM_MAXREGS)
		abort();	/* the harness's own table */
	f->off[f->n] = off;
	f->val[f->n++] = val;
}

static uint32_t fzm_read32(void *ctx, uint32_t off)
{
	struct fzm_fake *f = ctx;
	uint32_t v, *r;

	fzm_assert(off < FZM_FRAME && !(off & 3),
		   "read at +0x%x, outside the register frame", off);
	if (f->id && f->id(off, &v))
		return v;
	r = fzm_reg(f, off);
	return r ? *r : f->dflt;
}

static void fzm_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct fzm_fake *f = ctx;

	fzm_assert(off == f->clear_off,
		   "write 0x%08x at +0x%x: only the fault clear may be written",
		   val, off);
	f->writes++;
	f->clear(f, val);
}

static inline void fzm_io(struct fzm_fake *f, struct memchk_io *io)
{
	io->read32 = fzm_read32;
	io->write32 = fzm_write32;
	io->ctx = f;
}

/* ---- client-name table: the DT node, and the same table parsed here ---- */

/**
 * struct fzm_names - the table the loader must produce
 * @ok:		the loader must accept the node (else -MEMCHK_E_DT)
 */
struct fzm_names {
	bool ok;
	struct memchk_names t;
};

/*
 * What memchk_dt_parse() must make of client-ids (@ids, @nids bytes, absent
 * if NULL) and client-names (likewise): both absent is an empty table; else
 * the ids must be whole cells, the names a list of NUL-terminated strings,
 * as many as the ids and at most MEMCHK_MAX_NAMES; names are cut to
 * DMC_NAME_MAX - 1 characters.
 */
static inline void fzm_names_expect(const uint8_t *ids, size_t nids,
				    const uint8_t *names, size_t nnames,
				    struct fzm_names *e)
{
	size_t i, len, cnt = 0;
	const char *s;

	memset(e, 0, sizeof(*e));
	e->ok = true;
	if (!ids && !names)
		return;
	for (i = 0; names && i < nnames; i += len + 1) {
		len = strnlen((const char *)names + i, nnames - i);
		if (i + len == nnames)
			break;		/* last string not terminated */
		cnt++;
	}
	if (!ids || !names || i < nnames || nids % 4 || nids / 4 != cnt ||
	    cnt > MEMCHK_MAX_NAMES) {
		e->ok = false;
		return;
	}
	s = (const char *)names;
	for (i = 0; i < cnt; i++) {
		e->t.id[i] = (uint32_t)ids[4 * i] << 24 | ids[4 * i + 1] << 16 |
			     ids[4 * i + 2] << 8 | ids[4 * i + 3];
		len = strlen(s);
		memcpy(e->t.name[i], s, len < DMC_NAME_MAX ? len : DMC_NAME_MAX - 1);
		s += len + 1;
	}
	e->t.n = cnt;
}

/*
 * Build "/checker@0" (compatible @compat, "method = smc" if @smc, a reg if
 * not) with the raw name properties, parse it with the real loader, and
 * check the loader against fzm_names_expect(). Returns the table to attach:
 * the loader's, or an empty one when it (rightly) refused the node.
 */
static inline void fzm_names_load(const char *compat, bool smc,
				  enum memchk_type type, const uint8_t *ids,
				  size_t nids, const uint8_t *names,
				  size_t nnames, struct memchk_names *out)
{
	static char fdt[4096];
	const fdt32_t reg[2] = { 0, cpu_to_fdt32(FZM_FRAME) };
	static struct memchk_node node;
	struct fzm_names e;
	struct dmc_err err;
	unsigned int i;
	int ret, off;

	fzm_names_expect(ids, nids, names, nnames, &e);
	ret = fdt_create(fdt, sizeof(fdt));
	ret |= fdt_finish_reservemap(fdt);
	ret |= fdt_begin_node(fdt, "");
	ret |= fdt_property_u32(fdt, "#address-cells", 1);
	ret |= fdt_property_u32(fdt, "#size-cells", 1);
	ret |= fdt_begin_node(fdt, "checker@0");
	ret |= fdt_property_string(fdt, "compatible", compat);
	if (smc)
		ret |= fdt_property_string(fdt, "method", "smc");
	else
		ret |= fdt_property(fdt, "reg", reg, sizeof(reg));
	if (ids)
		ret |= fdt_property(fdt, "client-ids", ids, nids);
	if (names)
		ret |= fdt_property(fdt, "client-names", names, nnames);
	ret |= fdt_end_node(fdt);
	ret |= fdt_end_node(fdt);
	ret |= fdt_finish(fdt);
	off = fdt_path_offset(fdt, "/checker@0");
	if (ret || off < 0)
		abort();	/* the harness's own tree: 4 KiB is plenty */

	ret = memchk_dt_parse(fdt, off, &node, &err);
	memset(out, 0, sizeof(*out));
	if (!e.ok) {
		fzm_assert(ret == -MEMCHK_E_DT,
			   "bad client-ids/client-names accepted (ret %d)", ret);
		return;
	}
	fzm_assert(ret == 0, "good name table refused: %d %s", ret, err.msg);
	fzm_assert(node.type == type, "type %d, expected %d", node.type, type);
	fzm_assert(node.names.n == e.t.n, "%u names, expected %u",
		   node.names.n, e.t.n);
	for (i = 0; i < e.t.n; i++) {
		fzm_assert(memchr(node.names.name[i], 0, DMC_NAME_MAX),
			   "name %u not terminated in its buffer", i);
		fzm_assert(node.names.id[i] == e.t.id[i] &&
			   !strcmp(node.names.name[i], e.t.name[i]),
			   "name %u: %u \"%s\", expected %u \"%s\"", i,
			   node.names.id[i], node.names.name[i], e.t.id[i],
			   e.t.name[i]);
	}
	*out = node.names;
}

/* The name a record of @client must carry: the first entry's, or "". */
static inline const char *fzm_name_of(const struct memchk_names *t,
				      uint32_t client)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->id[i] == client)
			return t->name[i];
	return "";
}

/* ---- the decoder invariants ---- */

static inline bool fzm_same(const struct memchk_violation *a,
			    const struct memchk_violation *b)
{
	return a->addr == b->addr && a->client == b->client &&
	       a->aid == b->aid &&
	       a->dir == b->dir && a->count == b->count &&
	       a->unit == b->unit && a->overrun == b->overrun;
}

static inline bool fzm_is_err(int ret)
{
	return ret <= -MEMCHK_E_TOOMANY && ret > -MEMCHK_E_END;
}

/*
 * memchk_read_faults() into an array of exactly @max records (ASan sees a
 * write past it), pre-filled with junk that must survive beyond the count
 * returned. The records are copied to @out (FZM_BIG entries).
 */
static inline int fzm_read(struct memchk *c, unsigned int max,
			   const struct memchk_names *t,
			   struct memchk_violation *out)
{
	struct memchk_violation *v = malloc(max * sizeof(*v));
	unsigned char junk[sizeof(*v)];
	struct dmc_err err;
	unsigned int i;
	int ret;

	memset(junk, 0xa5, sizeof(junk));
	memset(v, 0xa5, max * sizeof(*v));
	ret = memchk_read_faults(c, v, max, &err);
	fzm_assert(fzm_is_err(ret) || (ret >= 0 && (unsigned int)ret <= max),
		   "read_faults returned %d for max %u", ret, max);
	for (i = ret > 0 ? ret : 0; i < max; i++)
		fzm_assert(!memcmp(&v[i], junk, sizeof(junk)),
			   "record %u written beyond the %d returned", i, ret);
	for (i = 0; ret > 0 && i < (unsigned int)ret; i++) {
		fzm_assert(memchr(v[i].name, 0, sizeof(v[i].name)),
			   "record %u: name not terminated in its buffer", i);
		fzm_assert(v[i].dir == MEMCHK_READ || v[i].dir == MEMCHK_WRITE,
			   "record %u: direction %d", i, (int)v[i].dir);
		fzm_assert(!strcmp(v[i].name, fzm_name_of(t, v[i].client)),
			   "record %u: client %u named \"%s\", table says \"%s\"",
			   i, v[i].client, v[i].name,
			   fzm_name_of(t, v[i].client));
		out[i] = v[i];
	}
	free(v);
	return ret;
}

/**
 * fzm_check_faults() - every fault-record invariant on one checker
 * @c:		bound checker
 * @max:	records the caller asks for
 * @exp:	the records the registers say, in order (names aside)
 * @nexp:	how many (all of them), or the negative code reading must give
 * @t:		the client-name table attached to @c
 * @writes:	the fake's write counter (reading must write nothing), or NULL
 *
 * The fakes model write-1-to-clear, so after memchk_clear_faults() returns
 * 0 there must be nothing left to read.
 */
static inline void fzm_check_faults(struct memchk *c, unsigned int max,
				    const struct memchk_violation *exp,
				    int nexp, const struct memchk_names *t,
				    const unsigned long *writes)
{
	struct memchk_violation v1[FZM_BIG], v2[FZM_BIG], v3[FZM_BIG];
	unsigned long w0 = writes ? *writes : 0;
	struct dmc_err err;
	int r1, r2, r3, i, want, want3;

	want = nexp < 0 ? nexp : nexp < (int)max ? nexp : (int)max;
	want3 = nexp < FZM_BIG ? nexp : FZM_BIG;
	r1 = fzm_read(c, max, t, v1);
	fzm_assert(r1 == want, "%d records, the registers say %d", r1, want);
	for (i = 0; i < r1; i++)
		fzm_assert(fzm_same(&v1[i], &exp[i]),
			   "record %d: addr 0x%llx client %u dir %d count %u unit %u overrun %d; registers say addr 0x%llx client %u dir %d count %u unit %u overrun %d",
			   i, (unsigned long long)v1[i].addr, v1[i].client,
			   v1[i].dir, v1[i].count, v1[i].unit, v1[i].overrun,
			   (unsigned long long)exp[i].addr, exp[i].client,
			   exp[i].dir, exp[i].count, exp[i].unit,
			   exp[i].overrun);
	/* Reading is side-effect free: same again, and nothing written. */
	r2 = fzm_read(c, max, t, v2);
	fzm_assert(r2 == r1, "second read: %d records, first %d", r2, r1);
	for (i = 0; i < r1; i++)
		fzm_assert(fzm_same(&v1[i], &v2[i]) &&
			   !strcmp(v1[i].name, v2[i].name),
			   "second read differs at record %d", i);
	/* All of them: a smaller max gave a prefix. */
	r3 = fzm_read(c, FZM_BIG, t, v3);
	fzm_assert(r3 == want3, "%d records with max %u, the registers say %d",
		   r3, FZM_BIG, want3);
	for (i = 0; i < r3; i++)
		fzm_assert(fzm_same(&v3[i], &exp[i]),
			   "record %d of %d differs from the registers", i, r3);
	fzm_assert(!writes || *writes == w0, "reading faults wrote a register");
	if (r3 < 0)
		return;
	/* Clearing must leave nothing to read on a write-1-to-clear fake. */
	if (memchk_clear_faults(c, &err) == 0)
		fzm_assert(fzm_read(c, FZM_BIG, t, v1) == 0,
			   "faults left after a successful clear");
}

/*
 * Readback decodes the same registers into an intent: whatever they say,
 * no more windows than an intent holds. The intent is a heap object of
 * exactly its size so that ASan sees a window written past it.
 */
static inline void fzm_check_readback(struct memchk *c)
{
	struct memchk_intent *out = malloc(sizeof(*out));
	struct dmc_err err;
	int ret;

	ret = memchk_readback(c, out, &err);
	fzm_assert(ret <= 0, "readback returned %d", ret);
	fzm_assert(out->nwin <= MEMCHK_MAX_WINDOWS, "readback: %u windows",
		   out->nwin);
	free(out);
}

#endif /* DMACAGE_FUZZ_MEMCHK_H */
