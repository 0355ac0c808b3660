// SPDX-License-Identifier: GPL-2.0+
/*
 * Checkers reached through their registers (arm,tzc-400 and the MMIO form of
 * dmacage,range-checker) as a UCLASS_MEMCHK driver: the register code of
 * drivers/memchk goes through a struct memchk_io whose two functions are
 * readl()/writel() at the node's reg. A secure-call checker needs a
 * platform's own call into its security processor and is refused here.
 */
#include <dm.h>
#include <mapmem.h>
#include <asm/io.h>
#include <dmacage/memchk-uclass.h>

/**
 * struct memchk_mmio - a driver's private data
 * @base:	the register block, from the checker node's reg
 * @io:		accessor handed to the register code (ctx = this struct)
 */
struct memchk_mmio {
	void __iomem *base;
	struct memchk_io io;
};

static u32 memchk_mmio_read32(void *ctx, u32 off)
{
	struct memchk_mmio *m = ctx;

	return readl(m->base + off);
}

static void memchk_mmio_write32(void *ctx, u32 off, u32 val)
{
	struct memchk_mmio *m = ctx;

	writel(val, m->base + off);
}

static int memchk_mmio_attach(struct udevice *dev,
			      const struct memchk_node *node,
			      struct memchk *c, struct dmc_err *err)
{
	struct memchk_mmio *m = dev_get_priv(dev);
	int ret;

	if (node->type == MEMCHK_RANGECHK_SCALL)
		return dmc_fail(err, -MEMCHK_E_DT, node->path,
				"a secure-call checker needs the platform's own call, not MMIO");
	if (!node->has_reg || !node->size)
		return dmc_fail(err, -MEMCHK_E_DT, node->path,
				"an MMIO checker needs reg");
	m->base = map_sysmem(node->base, node->size);
	m->io.read32 = memchk_mmio_read32;
	m->io.write32 = memchk_mmio_write32;
	m->io.ctx = m;
	/* memchk_init() reads the ID and configuration registers */
	ret = memchk_init(c, node->type, &m->io, NULL, node->path, err);
	if (!ret)
		memchk_set_names(c, &node->names);
	return ret;
}

static const struct memchk_dm_ops memchk_mmio_ops = {
	.attach = memchk_mmio_attach,
};

U_BOOT_DRIVER(memchk_mmio) = {
	.name		= "memchk_mmio",
	.id		= UCLASS_MEMCHK,
	.ops		= &memchk_mmio_ops,
	.priv_auto	= sizeof(struct memchk_mmio),
};
