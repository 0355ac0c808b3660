// SPDX-License-Identifier: GPL-2.0+
/*
 * The secure side of the range checker's secure-call shim: what the
 * security processor's firmware does with each op code. It owns the
 * registers, so it validates every argument itself instead of trusting the
 * caller, and refuses changes once the checker is locked. Tests and the
 * QEMU build call it directly in place of an SMC or mailbox.
 */
#include "memchk_drv.h"
#include "rangechk.h"

static int svc_open(const struct memchk_io *io, const struct memchk_desc *d,
		    const uint64_t *a)
{
	uint64_t gmask = d->granule - 1, n = a[0], base = a[1], last = a[2];

	if (n >= d->nwindows || base > last || (base & gmask) ||
	    ((last + 1) & gmask) || last > memchk_amask(d->addr_bits) ||
	    (a[3] & ~(uint64_t)memchk_mask(d->nclients)) || !a[4] ||
	    (a[4] & ~(uint64_t)MEMCHK_PERM_RW))
		return MEMCHK_SCALL_INVALID;
	rc_write_win_ctrl(io, n, 0);
	rc_write_win_start(io, n, base);
	rc_write_win_end(io, n, last);
	rc_write_win_clients(io, n, (uint32_t)a[3]);
	rc_write_win_ctrl(io, n, rc_perm_to_ctrl((unsigned int)a[4]));
	return 0;
}

static int svc_change(const struct memchk_io *io, const struct memchk_desc *d,
		      uint32_t op, const uint64_t *a)
{
	switch (op) {
	case MEMCHK_SCALL_CONFINE:
		if (a[0] & ~(uint64_t)memchk_mask(d->nclients))
			return MEMCHK_SCALL_INVALID;
		rc_write_confine(io, (uint32_t)a[0]);
		rc_write_ctrl(io, RC_CTRL_ENFORCE);
		return 0;
	case MEMCHK_SCALL_OPEN_WINDOW:
		return svc_open(io, d, a);
	case MEMCHK_SCALL_CLOSE_WINDOW:
		if (a[0] >= d->nwindows)
			return MEMCHK_SCALL_INVALID;
		rc_write_win_ctrl(io, a[0], 0);
		rc_write_win_clients(io, a[0], 0);
		return 0;
	case MEMCHK_SCALL_LOCK:
		rc_write_lock(io, RC_LOCK_LOCKED);
		return 0;
	}
	return MEMCHK_SCALL_INVALID;
}

int memchk_rangechk_service(void *ctx, uint32_t op, const uint64_t *a,
			    uint64_t *res)
{
	const struct memchk_io *io = ctx;
	struct memchk_desc d;
	uint32_t n;

	if (rangechk_probe_io(io, &d))
		return MEMCHK_SCALL_INVALID;
	memset(res, 0, MEMCHK_SCALL_NRES * sizeof(*res));
	switch (op) {
	case MEMCHK_SCALL_INFO:
		res[0] = d.nwindows;
		res[1] = d.granule;
		res[2] = d.addr_bits;
		res[3] = d.nclients;
		return 0;
	case MEMCHK_SCALL_READ_WINDOW:
		n = (uint32_t)a[0];
		if (a[0] >= d.nwindows)
			return MEMCHK_SCALL_INVALID;
		res[0] = rc_read_win_start(io, n);
		res[1] = rc_read_win_end(io, n);
		res[2] = rc_read_win_clients(io, n);
		res[3] = rc_read_win_ctrl(io, n);
		return 0;
	case MEMCHK_SCALL_READ_STATE:
		res[0] = rc_read_confine(io);
		res[1] = rc_read_ctrl(io) & RC_CTRL_ENFORCE;
		res[2] = rc_read_lock(io) & RC_LOCK_LOCKED;
		return 0;
	case MEMCHK_SCALL_READ_FAULT:
		res[0] = rc_read_viol_addr(io);
		res[1] = rc_read_viol_info(io);
		res[2] = rc_read_viol_count(io);
		return 0;
	case MEMCHK_SCALL_CLEAR_FAULT:
		rc_write_viol_clear(io);
		return 0;
	}
	if (rc_read_lock(io) & RC_LOCK_LOCKED)
		return MEMCHK_SCALL_DENIED;
	return svc_change(io, &d, op, a);
}
