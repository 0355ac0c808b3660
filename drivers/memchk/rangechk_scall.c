// SPDX-License-Identifier: GPL-2.0+
/*
 * Reference range checker through a secure call: the checker belongs to a
 * security processor and is only reachable through its op codes (enum
 * memchk_scall_op). Same intent, same order as the MMIO driver (confine,
 * close every window, open the new ones), and verify reads every window
 * back through the call.
 */
#include "memchk_drv.h"
#include "rangechk.h"

static int sc_call(struct memchk *c, uint32_t op, uint64_t a0, uint64_t a1,
		   uint64_t a2, uint64_t a3, uint64_t a4, uint64_t *res,
		   struct dmc_err *err)
{
	const uint64_t args[MEMCHK_SCALL_NARGS] = { a0, a1, a2, a3, a4 };
	uint64_t dummy[MEMCHK_SCALL_NRES];
	int ret;

	ret = c->scall.call(c->scall.ctx, op, args, res ? res : dummy);
	if (ret == MEMCHK_SCALL_DENIED)
		return dmc_fail(err, -MEMCHK_E_LOCKED, c->name,
				"secure call %u refused: checker locked", op);
	if (ret)
		return dmc_fail(err, -MEMCHK_E_CALL, c->name,
				"secure call %u(0x%llx, 0x%llx, 0x%llx) failed with %d",
				op, (unsigned long long)a0,
				(unsigned long long)a1, (unsigned long long)a2,
				ret);
	return 0;
}

static int sc_probe(struct memchk *c, struct dmc_err *err)
{
	uint64_t r[MEMCHK_SCALL_NRES];
	struct dmc_err e2;

	if (sc_call(c, MEMCHK_SCALL_INFO, 0, 0, 0, 0, 0, r, &e2))
		return dmc_fail(err, -MEMCHK_E_PROBE, c->name,
				"no range checker behind the secure call: %s",
				e2.msg);
	if (!r[0] || r[0] > RC_MAX_WINDOWS || !r[1] || (r[1] & (r[1] - 1)) ||
	    r[2] < 32 || r[2] > 64 || !r[3] || r[3] > MEMCHK_MAX_CLIENTS)
		return dmc_fail(err, -MEMCHK_E_PROBE, c->name,
				"secure call INFO returned nonsense (%llu windows, granule 0x%llx)",
				(unsigned long long)r[0],
				(unsigned long long)r[1]);
	c->hw_windows = (unsigned int)r[0];
	c->desc.nwindows = c->hw_windows > MEMCHK_MAX_WINDOWS ?
			   MEMCHK_MAX_WINDOWS : c->hw_windows;
	c->desc.granule = r[1];
	c->desc.addr_bits = (unsigned int)r[2];
	c->desc.nclients = (unsigned int)r[3];
	c->desc.nunits = 1;
	c->desc.can_lock = true;
	return 0;
}

static int sc_program(struct memchk *c, const struct memchk_intent *in,
		      struct dmc_err *err)
{
	const struct memchk_window *w;
	unsigned int n;
	int ret;

	ret = sc_call(c, MEMCHK_SCALL_CONFINE, in->confined, 0, 0, 0, 0, NULL,
		      err);
	for (n = 0; !ret && n < c->hw_windows; n++)
		ret = sc_call(c, MEMCHK_SCALL_CLOSE_WINDOW, n, 0, 0, 0, 0,
			      NULL, err);
	for (n = 0; !ret && n < in->nwin; n++) {
		w = &in->win[n];
		ret = sc_call(c, MEMCHK_SCALL_OPEN_WINDOW, n, w->base,
			      w->base + w->size - 1, w->clients, w->perm, NULL,
			      err);
	}
	return ret;
}

static int sc_mismatch(struct memchk *c, unsigned int n, const char *field,
		       uint64_t expect, uint64_t got, struct dmc_err *err)
{
	return dmc_fail(err, -MEMCHK_E_READBACK, c->name,
			"WIN%u_%s (secure call READ_WINDOW): expected 0x%llx, read 0x%llx",
			n, field, (unsigned long long)expect,
			(unsigned long long)got);
}

static int sc_verify_window(struct memchk *c, const struct memchk_intent *in,
			    unsigned int n, struct dmc_err *err)
{
	const struct memchk_window *w = &in->win[n];
	uint64_t r[MEMCHK_SCALL_NRES], e[4];
	static const char *const field[] = { "START", "END", "CLIENTS", "CTRL" };
	unsigned int i;
	int ret;

	ret = sc_call(c, MEMCHK_SCALL_READ_WINDOW, n, 0, 0, 0, 0, r, err);
	if (ret)
		return ret;
	if (n >= in->nwin) {
		/* A closed window: disabled and naming nobody. */
		if (r[3] & RC_WC_EN)
			return sc_mismatch(c, n, "CTRL", 0, r[3], err);
		return r[2] ? sc_mismatch(c, n, "CLIENTS", 0, r[2], err) : 0;
	}
	e[0] = w->base;
	e[1] = (w->base + w->size - 1) | (c->desc.granule - 1);
	e[2] = w->clients;
	e[3] = rc_perm_to_ctrl(w->perm);
	for (i = 0; i < 4; i++)
		if (r[i] != e[i])
			return sc_mismatch(c, n, field[i], e[i], r[i], err);
	return 0;
}

static int sc_verify(struct memchk *c, const struct memchk_intent *in,
		     struct dmc_err *err)
{
	uint64_t r[MEMCHK_SCALL_NRES];
	unsigned int n;
	int ret;

	ret = sc_call(c, MEMCHK_SCALL_READ_STATE, 0, 0, 0, 0, 0, r, err);
	if (ret)
		return ret;
	if (r[0] != in->confined || !r[1])
		return dmc_fail(err, -MEMCHK_E_READBACK, c->name,
				"CONFINE/CTRL (secure call READ_STATE): expected 0x%x enforced, read 0x%llx %s",
				in->confined, (unsigned long long)r[0],
				r[1] ? "enforced" : "not enforced");
	for (n = 0; n < c->hw_windows; n++) {
		ret = sc_verify_window(c, in, n, err);
		if (ret)
			return ret;
	}
	return 0;
}

static int sc_locked(struct memchk *c, struct dmc_err *err)
{
	uint64_t r[MEMCHK_SCALL_NRES];
	int ret;

	ret = sc_call(c, MEMCHK_SCALL_READ_STATE, 0, 0, 0, 0, 0, r, err);
	return ret ? ret : !!r[2];
}

static int sc_lock(struct memchk *c, struct dmc_err *err)
{
	int ret;

	ret = sc_call(c, MEMCHK_SCALL_LOCK, 0, 0, 0, 0, 0, NULL, err);
	if (ret)
		return ret;
	ret = sc_locked(c, err);
	if (ret == 0)
		return dmc_fail(err, -MEMCHK_E_READBACK, c->name,
				"LOCK (secure call READ_STATE): still unlocked after LOCK");
	return ret < 0 ? ret : 0;
}

static int sc_read_faults(struct memchk *c, struct memchk_violation *v,
			  unsigned int max, struct dmc_err *err)
{
	uint64_t r[MEMCHK_SCALL_NRES];
	int ret;

	ret = sc_call(c, MEMCHK_SCALL_READ_FAULT, 0, 0, 0, 0, 0, r, err);
	if (ret)
		return ret;
	if (!max || !(r[1] & RC_VI_VALID))
		return 0;
	/*
	 * VIOL_COUNT saturates; a firmware counting wider must not wrap to a
	 * small count (2^32 denials would read as none).
	 */
	rangechk_decode_fault(r[0], (uint32_t)r[1],
			      r[2] > 0xffffffffu ? 0xffffffffu : (uint32_t)r[2],
			      v);
	return 1;
}

static int sc_clear_faults(struct memchk *c, struct dmc_err *err)
{
	return sc_call(c, MEMCHK_SCALL_CLEAR_FAULT, 0, 0, 0, 0, 0, NULL, err);
}

static int sc_readback(struct memchk *c, struct memchk_intent *out,
		       struct dmc_err *err)
{
	uint64_t r[MEMCHK_SCALL_NRES];
	unsigned int n;
	int ret;

	for (n = 0; n < c->hw_windows; n++) {
		ret = sc_call(c, MEMCHK_SCALL_READ_WINDOW, n, 0, 0, 0, 0, r,
			      err);
		if (ret)
			return ret;
		rangechk_decode_window(r[0], r[1], (uint32_t)r[2],
				       (uint32_t)r[3], out);
	}
	ret = sc_call(c, MEMCHK_SCALL_READ_STATE, 0, 0, 0, 0, 0, r, err);
	if (ret)
		return ret;
	out->confined = 0;
	if (r[1]) {
		out->confined = (uint32_t)r[0];
		for (n = 0; n < out->nwin; n++)
			out->confined |= out->win[n].clients;
	}
	return 0;
}

static void sc_name(const struct memchk *c, uint32_t off, char *buf,
		    size_t size)
{
	rangechk_reg_name(off, buf, size);
}

const struct memchk_ops memchk_rangechk_scall_ops = {
	.name		= "range checker (secure call)",
	.probe		= sc_probe,
	.program	= sc_program,
	.verify		= sc_verify,
	.lock		= sc_lock,
	.locked		= sc_locked,
	.read_faults	= sc_read_faults,
	.clear_faults	= sc_clear_faults,
	.readback	= sc_readback,
	.reg_name	= sc_name,
};
