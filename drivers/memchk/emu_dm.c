// SPDX-License-Identifier: GPL-2.0+
/*
 * The emulated checkers as a UCLASS_MEMCHK driver: the register models of
 * drivers/memchk/emu_*.c live in the device's private data, so on QEMU
 * (which has no checker) dmacage programs, verifies, locks and reads back a
 * real register model. It confines nothing: never use it on a product. The
 * node's reg is not used.
 */
#include <common.h>
#include <dm.h>
#include <dmacage/memchk_emu.h>
#include <dmacage/memchk-uclass.h>

/* Sizes when the node has no dmacage,emu-* properties. */
#define EMU_DM_WINDOWS		8
#define EMU_DM_ADDR_BITS	40
#define EMU_DM_GRANULE_SHIFT	12
#define EMU_DM_CLIENTS		32
#define EMU_DM_FILTERS		1

struct emu_dm_priv {
	struct emu_rc rc;
	struct emu_tzc tzc;
	struct memchk_io io;
};

static unsigned int emu_dm_or(unsigned int v, unsigned int dflt)
{
	return v ? v : dflt;
}

static int emu_dm_attach(struct udevice *dev, const struct memchk_node *node,
			 struct memchk *c, struct dmc_err *err)
{
	struct emu_dm_priv *p = dev_get_priv(dev);
	struct memchk_scall scall = {
		.call = memchk_rangechk_service, .ctx = &p->io,
	};
	unsigned int shift = node->emu_granule ?
			     __ffs64(node->emu_granule) : EMU_DM_GRANULE_SHIFT;
	int ret;

	if (node->type == MEMCHK_TZC400) {
		emu_tzc_init(&p->tzc, emu_dm_or(node->emu_windows, EMU_DM_WINDOWS),
			     emu_dm_or(node->emu_addr_bits, EMU_DM_ADDR_BITS),
			     emu_dm_or(node->emu_units, EMU_DM_FILTERS));
		emu_tzc_io(&p->tzc, &p->io);
	} else {
		emu_rc_init(&p->rc, emu_dm_or(node->emu_windows, EMU_DM_WINDOWS),
			    emu_dm_or(node->emu_addr_bits, EMU_DM_ADDR_BITS),
			    shift, EMU_DM_CLIENTS);
		emu_rc_io(&p->rc, &p->io);
	}
	ret = memchk_init(c, node->type,
			  node->type == MEMCHK_RANGECHK_SCALL ? NULL : &p->io,
			  node->type == MEMCHK_RANGECHK_SCALL ? &scall : NULL,
			  node->path, err);
	if (!ret)
		memchk_set_names(c, &node->names);
	return ret;
}

static const struct memchk_dm_ops emu_dm_ops = {
	.attach = emu_dm_attach,
};

U_BOOT_DRIVER(memchk_emu) = {
	.name		= "memchk_emu",
	.id		= UCLASS_MEMCHK,
	.ops		= &emu_dm_ops,
	.priv_auto	= sizeof(struct emu_dm_priv),
};
