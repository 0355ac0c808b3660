// SPDX-License-Identifier: GPL-2.0+
/*
 * UCLASS_MEMCHK: binds checker devices from the policy DT and keeps one
 * struct memchk per device. Which driver serves a node is decided here from
 * the parsed node, not by DM's of_match, so that a checker node in the
 * control DT is not bound twice (once by DM, once by the policy).
 */
#define LOG_CATEGORY UCLASS_MEMCHK

#include <dm.h>
#include <malloc.h>
#include <dm/device-internal.h>
#include <dm/lists.h>
#include <dm/root.h>
#include <dmacage/memchk-uclass.h>

/**
 * struct memchk_dm_plat - what the device was bound from
 * @fdt:	policy DT
 * @node:	the parsed checker node
 * @err:	why attach failed (probe can only return an errno)
 */
struct memchk_dm_plat {
	const void *fdt;
	struct memchk_node node;
	struct dmc_err err;
};

/*
 * The driver for a node: sandbox and an emulated build model every checker
 * (they have no real one to reach); otherwise the node's registers are used.
 */
static const char *memchk_dm_driver(const struct memchk_node *node)
{
	if (IS_ENABLED(CONFIG_MEMCHK_SANDBOX))
		return "memchk_sandbox";
	if (IS_ENABLED(CONFIG_MEMCHK_EMU))
		return "memchk_emu";
	if (IS_ENABLED(CONFIG_MEMCHK_MMIO) &&
	    node->type != MEMCHK_RANGECHK_SCALL)
		return "memchk_mmio";
	return NULL;
}

static struct udevice *memchk_dm_find(const void *fdt, u32 phandle)
{
	struct udevice *dev;
	struct uclass *uc;

	uclass_id_foreach_dev(UCLASS_MEMCHK, dev, uc) {
		struct memchk_dm_plat *plat = dev_get_plat(dev);

		if (plat->fdt == fdt && plat->node.phandle == phandle)
			return dev;
	}
	return NULL;
}

static int memchk_dm_bind(const void *fdt, u32 phandle, struct udevice **devp,
			  struct dmc_err *err)
{
	struct memchk_dm_plat *plat;
	const char *drvname;
	struct driver *drv;
	int ret;

	plat = calloc(1, sizeof(*plat));
	if (!plat)
		return dmc_fail(err, -DMC_E_NOSPACE, "checker", "out of memory");
	plat->fdt = fdt;
	ret = memchk_dt_by_phandle(fdt, phandle, &plat->node, err);
	if (ret)
		goto fail;
	drvname = memchk_dm_driver(&plat->node);
	drv = drvname ? lists_driver_lookup_name(drvname) : NULL;
	if (!drv) {
		ret = dmc_fail(err, -DMC_E_CHECKER, plat->node.path,
			       "no driver for %s in this build",
			       plat->node.compatible);
		goto fail;
	}
	ret = device_bind(dm_root(), drv, plat->node.path, plat, ofnode_null(),
			  devp);
	if (ret) {
		ret = dmc_fail(err, -DMC_E_CHECKER, plat->node.path,
			       "cannot bind %s: error %d", drvname, ret);
		goto fail;
	}
	return 0;
fail:
	free(plat);
	return ret;
}

int memchk_dm_get(const void *fdt, u32 phandle, struct memchk **chkp,
		  struct dmc_err *err)
{
	struct udevice *dev = memchk_dm_find(fdt, phandle);
	struct memchk_dm_plat *plat;
	int ret;

	if (!dev) {
		ret = memchk_dm_bind(fdt, phandle, &dev, err);
		if (ret)
			return ret;
	}
	plat = dev_get_plat(dev);
	if (device_probe(dev)) {
		*err = plat->err;
		return err->code ? err->code : -DMC_E_CHECKER;
	}
	*chkp = dev_get_uclass_priv(dev);
	return 0;
}

static int memchk_post_probe(struct udevice *dev)
{
	const struct memchk_dm_ops *ops = dev->driver->ops;
	struct memchk_dm_plat *plat = dev_get_plat(dev);

	if (!ops || !ops->attach) {
		dmc_fail(&plat->err, -DMC_E_INTERNAL, dev->name,
			 "driver has no attach op");
		return -ENOSYS;
	}
	return ops->attach(dev, &plat->node, dev_get_uclass_priv(dev),
			   &plat->err) ? -EIO : 0;
}

UCLASS_DRIVER(memchk) = {
	.id		= UCLASS_MEMCHK,
	.name		= "memchk",
	.post_probe	= memchk_post_probe,
	.per_device_auto = sizeof(struct memchk),
};
