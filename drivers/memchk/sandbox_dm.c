// SPDX-License-Identifier: GPL-2.0+
/*
 * The sandbox checker: UCLASS_MEMCHK on U-Boot's sandbox, for the
 * driver-model tests (test/dm/memchk.c). Its hardware is the register model
 * that memchk_emu_build() makes from the checker node (a TZC-400 or a range
 * checker, sized by the node's dmacage,emu-* properties), kept in the
 * device's private data. Two things set it apart from the emulated driver
 * of a QEMU build:
 * - sandbox_memchk_model() hands a test the model, to send bus accesses
 *   through it and so fill the fault records that the driver decodes;
 * - the node can make the device misbehave, so that a test tree can show
 *   that the tests catch a checker that does not hold what was written:
 *	sandbox,lost-writes = <offset ...>;	writes there are dropped
 *	sandbox,stuck-bits = <offset ones zeros ...>;	bits that read as 1, 0
 * Those two are read from the control DT, which is where a sandbox test
 * keeps its checker nodes.
 */
#include <dm.h>
#include <asm/test.h>
#include <dm/ofnode.h>
#include <dmacage/memchk_emu.h>
#include <dmacage/memchk-uclass.h>

/*
 * The cells of @prop, @per at a time, as defects of @fs: a lost write per
 * cell, or a stuck-bits triple. An absent property adds nothing.
 */
static int sandbox_memchk_defects(struct emu_faults *fs, ofnode np,
				  const char *prop, unsigned int per,
				  const char *path, struct dmc_err *err)
{
	int size = ofnode_read_size(np, prop);
	unsigned int i, n;
	u32 v[3] = { 0 };

	if (size < 0)
		return 0;
	if (size % (4 * per))
		return dmc_fail(err, -MEMCHK_E_DT, path,
				"%s: %d bytes, not a multiple of %u cells",
				prop, size, per);
	for (n = 0; n < size / 4; n += per) {
		for (i = 0; i < per; i++)
			ofnode_read_u32_index(np, prop, n + i, &v[i]);
		if (emu_fault_add(fs, v[0], v[1], v[2], per == 1))
			return dmc_fail(err, -MEMCHK_E_DT, path,
					"%s: more than %u defects", prop,
					EMU_MAX_FAULTS);
	}
	return 0;
}

static int sandbox_memchk_attach(struct udevice *dev,
				 const struct memchk_node *node,
				 struct memchk *c, struct dmc_err *err)
{
	struct memchk_emu *e = dev_get_priv(dev);
	ofnode np = ofnode_path(node->path);
	struct emu_faults *fs;
	int ret;

	memchk_emu_build(e, node);
	fs = node->type == MEMCHK_TZC400 ? &e->tzc.faults : &e->rc.faults;
	ret = sandbox_memchk_defects(fs, np, "sandbox,lost-writes", 1,
				     node->path, err);
	if (!ret)
		ret = sandbox_memchk_defects(fs, np, "sandbox,stuck-bits", 3,
					     node->path, err);
	return ret ? ret : memchk_emu_bind(c, e, node, NULL, err);
}

struct memchk_emu *sandbox_memchk_model(struct udevice *dev)
{
	return dev_get_priv(dev);
}

static const struct memchk_dm_ops sandbox_memchk_ops = {
	.attach = sandbox_memchk_attach,
};

U_BOOT_DRIVER(memchk_sandbox) = {
	.name		= "memchk_sandbox",
	.id		= UCLASS_MEMCHK,
	.ops		= &sandbox_memchk_ops,
	.priv_auto	= sizeof(struct memchk_emu),
};
