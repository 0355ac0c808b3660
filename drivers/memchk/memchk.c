// SPDX-License-Identifier: GPL-2.0+
/*
 * Checker frontend: the hardware-neutral rules every driver shares. Intent
 * is validated here before any driver writes a register, programming is
 * always followed by a readback, and any failure after the first write
 * ends with the checker denying the confined clients everywhere.
 */
#include <dmacage/memchk.h>
#include "memchk_drv.h"

int memchk_init(struct memchk *c, enum memchk_type type,
		const struct memchk_io *io, const struct memchk_scall *scall,
		const char *name, struct dmc_err *err)
{
	memset(c, 0, sizeof(*c));
	c->type = type;
	dmc_fmt(c->name, sizeof(c->name), "%s", name ? name : "checker");
	switch (type) {
	case MEMCHK_TZC400:
		c->ops = &memchk_tzc400_ops;
		break;
	case MEMCHK_RANGECHK:
		c->ops = &memchk_rangechk_ops;
		break;
	case MEMCHK_RANGECHK_SCALL:
		c->ops = &memchk_rangechk_scall_ops;
		break;
	default:
		return dmc_fail(err, -DMC_E_INTERNAL, c->name,
				"unknown checker type %d", type);
	}
	if (type == MEMCHK_RANGECHK_SCALL ? !scall || !scall->call :
	    !io || !io->read32 || !io->write32)
		return dmc_fail(err, -DMC_E_INTERNAL, c->name,
				"%s needs %s", c->ops->name,
				type == MEMCHK_RANGECHK_SCALL ? "a secure call" :
				"a register accessor");
	if (io)
		c->io = *io;
	if (scall)
		c->scall = *scall;
	return c->ops->probe(c, err);
}

void memchk_set_names(struct memchk *c, const struct memchk_names *names)
{
	c->names = *names;
}

uint32_t memchk_aid_client(const struct memchk *c, uint32_t aid)
{
	const struct memchk_aid_map *m = c->names.aid_map;
	unsigned int i;

	for (i = 0; i < c->names.naid; i++)
		if ((aid & m[i].mask) == m[i].aid)
			return m[i].client;
	return MEMCHK_CLIENT_UNKNOWN;
}

const char *memchk_client_name(const struct memchk *c, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < c->names.n; i++)
		if (c->names.id[i] == id)
			return c->names.name[i];
	return NULL;
}

static int memchk_check_window(struct memchk *c, const struct memchk_intent *in,
			       unsigned int i, struct dmc_err *err)
{
	const struct memchk_window *w = &in->win[i];
	const struct memchk_desc *d = &c->desc;
	uint64_t last = w->base + w->size - 1;

	if (!w->clients || (w->clients & ~in->confined))
		return dmc_fail(err, -MEMCHK_E_CLIENT, c->name,
				"window %u: clients 0x%x must be non-empty and confined (0x%x)",
				i, w->clients, in->confined);
	if (!w->perm || (w->perm & ~MEMCHK_PERM_RW))
		return dmc_fail(err, -DMC_E_INTERNAL, c->name,
				"window %u: bad permission %u", i, w->perm);
	if (!w->size || (w->base | w->size) & (d->granule - 1))
		return dmc_fail(err, -MEMCHK_E_ALIGN, c->name,
				"window %u [0x%llx +0x%llx] is not a non-empty multiple of the %H granule",
				i, (unsigned long long)w->base,
				(unsigned long long)w->size,
				(uint64_t)d->granule);
	if (last < w->base || last > memchk_amask(d->addr_bits))
		return dmc_fail(err, -MEMCHK_E_RANGE, c->name,
				"window %u [0x%llx +0x%llx] ends beyond the %u-bit address space",
				i, (unsigned long long)w->base,
				(unsigned long long)w->size, d->addr_bits);
	return 0;
}

static bool memchk_overlap(const struct memchk_window *a,
			   const struct memchk_window *b)
{
	return a->base <= b->base + (b->size - 1) &&
	       b->base <= a->base + (a->size - 1);
}

int memchk_validate(struct memchk *c, const struct memchk_intent *in,
		    struct dmc_err *err)
{
	unsigned int i, j;
	int ret;

	if (in->nwin > c->desc.nwindows || in->nwin > MEMCHK_MAX_WINDOWS)
		return dmc_fail(err, -MEMCHK_E_TOOMANY, c->name,
				"%u windows needed, %s has %u", in->nwin,
				c->ops->name, c->desc.nwindows);
	if (in->confined & ~memchk_mask(c->desc.nclients))
		return dmc_fail(err, -MEMCHK_E_CLIENT, c->name,
				"clients 0x%x: %s confines client IDs 0..%u only",
				in->confined, c->ops->name,
				c->desc.nclients - 1);
	for (i = 0; i < in->nwin; i++) {
		ret = memchk_check_window(c, in, i, err);
		if (ret)
			return ret;
		for (j = 0; j < i; j++)
			if (memchk_overlap(&in->win[i], &in->win[j]))
				return dmc_fail(err, -MEMCHK_E_OVERLAP, c->name,
						"windows %u and %u overlap", j, i);
	}
	ret = c->ops->locked(c, err);
	if (ret > 0)
		return dmc_fail(err, -MEMCHK_E_LOCKED, c->name,
				"locked until reset: not reprogrammed");
	return ret;
}

/* Program @in with no checks: from the driver's image, or its own op. */
static int memchk_drv_program(struct memchk *c, const struct memchk_intent *in,
			      struct dmc_err *err)
{
	if (!c->ops->image)
		return c->ops->program(c, in, err);
	/* the image lives in @c: 4 KiB is too much for a boot stack */
	c->ops->image(c, in, &c->img);
	memchk_img_write(c, &c->img);
	return 0;
}

static int memchk_drv_verify(struct memchk *c, const struct memchk_intent *in,
			     struct dmc_err *err)
{
	if (!c->ops->image)
		return c->ops->verify(c, in, err);
	c->ops->image(c, in, &c->img);
	return memchk_img_verify(c, &c->img, err);
}

/* No window, @confined denied everywhere: built in @c, off the stack. */
static const struct memchk_intent *memchk_deny_all(struct memchk *c,
						   uint32_t confined)
{
	memchk_intent_init(&c->deny);
	c->deny.confined = confined;
	return &c->deny;
}

/*
 * The fail-closed step after a failure: deny @confined everywhere and check
 * that it took. Adds the outcome to @err without replacing the first error;
 * the step's own error record lives in @c, like its intent: on the stack
 * the two would more than double memchk_program()'s worst case.
 */
static void memchk_fail_closed(struct memchk *c, uint32_t confined,
			       struct dmc_err *err)
{
	const struct memchk_intent *deny = memchk_deny_all(c, confined);
	struct dmc_err *e2 = &c->deny_err;
	size_t n;
	int ret;

	memset(e2, 0, sizeof(*e2));
	ret = memchk_drv_program(c, deny, e2);
	if (!ret)
		ret = memchk_drv_verify(c, deny, e2);
	if (!err)
		return;
	/* appended in place: no second message buffer on the stack */
	n = strlen(err->msg);
	if (ret)
		dmc_fmt(err->msg + n, sizeof(err->msg) - n,
			"; NOT fail-closed: %s", e2->msg);
	else
		dmc_fmt(err->msg + n, sizeof(err->msg) - n,
			"; clients 0x%x now denied everywhere", confined);
}

int memchk_program(struct memchk *c, const struct memchk_intent *in,
		   struct dmc_err *err)
{
	int ret;

	ret = memchk_validate(c, in, err);
	if (ret)
		return ret;
	ret = memchk_drv_program(c, in, err);
	if (!ret)
		ret = memchk_drv_verify(c, in, err);
	if (ret)
		memchk_fail_closed(c, in->confined, err);
	return ret;
}

int memchk_verify(struct memchk *c, const struct memchk_intent *in,
		  struct dmc_err *err)
{
	return memchk_drv_verify(c, in, err);
}

int memchk_clear(struct memchk *c, uint32_t confined, struct dmc_err *err)
{
	const struct memchk_intent *deny = memchk_deny_all(c, confined);
	int ret;

	ret = memchk_validate(c, deny, err);
	if (ret)
		return ret;
	ret = memchk_drv_program(c, deny, err);
	return ret ? ret : memchk_drv_verify(c, deny, err);
}

int memchk_lock(struct memchk *c, struct dmc_err *err)
{
	if (!c->desc.can_lock)
		return dmc_fail(err, -MEMCHK_E_NOLOCK, c->name,
				"%s has no lock; protect it by other means",
				c->ops->name);
	return c->ops->lock(c, err);
}

int memchk_is_locked(struct memchk *c, struct dmc_err *err)
{
	return c->ops->locked(c, err);
}

int memchk_read_faults(struct memchk *c, struct memchk_violation *v,
		       unsigned int max, struct dmc_err *err)
{
	const char *name;
	int i, n;

	n = c->ops->read_faults(c, v, max, err);
	for (i = 0; i < n; i++) {
		name = memchk_client_name(c, v[i].client);
		dmc_fmt(v[i].name, sizeof(v[i].name), "%s", name ? name : "");
	}
	return n;
}

int memchk_clear_faults(struct memchk *c, struct dmc_err *err)
{
	return c->ops->clear_faults(c, err);
}

int memchk_readback(struct memchk *c, struct memchk_intent *out,
		    struct dmc_err *err)
{
	memchk_intent_init(out);
	return c->ops->readback(c, out, err);
}

void memchk_reg_name(const struct memchk *c, uint32_t off, char *buf,
		     size_t size)
{
	if (c->ops && c->ops->reg_name)
		c->ops->reg_name(c, off, buf, size);
	else
		dmc_fmt(buf, size, "0x%03x", off);
}

/* --- register images, shared by the MMIO drivers --- */

void memchk_img_add(struct memchk_img *img, uint32_t off, uint32_t val,
		    uint32_t expect, bool check)
{
	struct memchk_reg *r;

	/* Sized for the largest register map; verify refuses a full one. */
	if (img->n >= MEMCHK_IMG_MAX) {
		img->full = true;
		return;
	}
	r = &img->r[img->n++];
	r->off = off;
	r->val = val;
	r->expect = expect;
	r->check = check;
}

void memchk_img_write(struct memchk *c, const struct memchk_img *img)
{
	unsigned int i;

	for (i = 0; i < img->n; i++)
		c->io.write32(c->io.ctx, img->r[i].off, img->r[i].val);
}

int memchk_img_verify(struct memchk *c, const struct memchk_img *img,
		      struct dmc_err *err)
{
	const struct memchk_reg *r;
	char name[40];
	unsigned int i;
	uint32_t got;

	if (img->full)
		return dmc_fail(err, -DMC_E_INTERNAL, c->name,
				"register image overflow");
	for (i = 0; i < img->n; i++) {
		r = &img->r[i];
		if (!r->check)
			continue;
		got = c->io.read32(c->io.ctx, r->off);
		if (got == r->expect)
			continue;
		memchk_reg_name(c, r->off, name, sizeof(name));
		return dmc_fail(err, -MEMCHK_E_READBACK, c->name,
				"%s (+0x%03x): expected 0x%08x, read 0x%08x",
				name, r->off, r->expect, got);
	}
	return 0;
}
