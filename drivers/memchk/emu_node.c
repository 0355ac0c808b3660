// SPDX-License-Identifier: GPL-2.0+
/*
 * An emulated checker for a DT checker node: one place that decides the
 * model's size from the node's dmacage,emu-* properties and binds the
 * right driver (or the secure-call service) to it, so that U-Boot's QEMU
 * checker and "dmacage regs" emulate the same hardware for the same node.
 */
#include <dmacage/memchk_emu.h>

static unsigned int emu_or(unsigned int v, unsigned int dflt)
{
	return v ? v : dflt;
}

static unsigned int emu_shift(uint64_t granule)
{
	unsigned int s = 0;

	while (s < 63 && (1ULL << s) < granule)
		s++;
	return s;
}

void memchk_emu_build(struct memchk_emu *e, const struct memchk_node *n)
{
	unsigned int abits = emu_or(n->emu_addr_bits, MEMCHK_EMU_ADDR_BITS);
	unsigned int nwin = emu_or(n->emu_windows, MEMCHK_EMU_WINDOWS);

	memset(e, 0, sizeof(*e));
	if (n->type == MEMCHK_TZC400) {
		/* Region 0 is the background: windows are regions 1..n. */
		emu_tzc_init(&e->tzc, nwin + 1, abits,
			     emu_or(n->emu_units, MEMCHK_EMU_FILTERS));
		emu_tzc_io(&e->tzc, &e->io);
	} else {
		emu_rc_init(&e->rc, nwin, abits,
			    emu_shift(n->emu_granule ? n->emu_granule :
				      MEMCHK_EMU_GRANULE),
			    MEMCHK_MAX_CLIENTS);
		emu_rc_io(&e->rc, &e->io);
	}
}

int memchk_emu_bind(struct memchk *c, struct memchk_emu *e,
		    const struct memchk_node *n, const struct memchk_io *io,
		    struct dmc_err *err)
{
	int ret;

	if (!io)
		io = &e->io;
	if (n->type == MEMCHK_RANGECHK_SCALL) {
		/* The service owns the registers; the shim's ctx lives in @e. */
		e->svc_io = *io;
		e->scall.call = memchk_rangechk_service;
		e->scall.ctx = &e->svc_io;
		ret = memchk_init(c, n->type, NULL, &e->scall, n->path, err);
	} else {
		ret = memchk_init(c, n->type, io, NULL, n->path, err);
	}
	if (!ret)
		memchk_set_names(c, &n->names);
	return ret;
}
