// SPDX-License-Identifier: GPL-2.0+
/*
 * The emulated checkers as a UCLASS_MEMCHK driver: the register model that
 * memchk_emu_build() makes from the checker node lives in the device's
 * private data, so on QEMU (which has no checker) dmacage programs,
 * verifies, locks and reads back a real register model, the same one the
 * host tool's "dmacage regs" uses. It confines nothing: never use it on a
 * product. The node's reg is not used.
 */
#include <dm.h>
#include <dmacage/memchk_emu.h>
#include <dmacage/memchk-uclass.h>

static int emu_dm_attach(struct udevice *dev, const struct memchk_node *node,
			 struct memchk *c, struct dmc_err *err)
{
	struct memchk_emu *e = dev_get_priv(dev);

	memchk_emu_build(e, node);
	return memchk_emu_bind(c, e, node, NULL, err);
}

static const struct memchk_dm_ops emu_dm_ops = {
	.attach = emu_dm_attach,
};

U_BOOT_DRIVER(memchk_emu) = {
	.name		= "memchk_emu",
	.id		= UCLASS_MEMCHK,
	.ops		= &emu_dm_ops,
	.priv_auto	= sizeof(struct memchk_emu),
};
