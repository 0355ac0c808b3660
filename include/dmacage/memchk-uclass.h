/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * UCLASS_MEMCHK: memory-bus checkers in U-Boot's driver model. U-Boot only.
 *
 * A device wraps one freestanding struct memchk (include/dmacage/memchk.h);
 * the driver's only job is to give it a register path (MMIO, an emulator,
 * a secure call) and probe it. Devices are bound from checker nodes of the
 * policy DT by phandle, because the policy need not live in the control DT.
 */
#ifndef DMACAGE_MEMCHK_UCLASS_H
#define DMACAGE_MEMCHK_UCLASS_H

#include <dmacage/memchk.h>

struct udevice;

/**
 * struct memchk_dm_ops - what a checker driver provides
 * @attach:	set up @c for @node: register accessor or secure-call shim,
 *		then memchk_init() (which reads the hardware's ID and
 *		configuration). Return: 0 or a negative -MEMCHK_E_* code,
 *		explained in @err.
 */
struct memchk_dm_ops {
	int (*attach)(struct udevice *dev, const struct memchk_node *node,
		      struct memchk *c, struct dmc_err *err);
};

/**
 * memchk_dm_get() - the probed checker device for a policy's checker node
 * @fdt:	the policy DT
 * @phandle:	the domain's "checker" phandle
 * @chkp:	set to the device's struct memchk
 * @err:	why, on failure
 *
 * Binds (once) and probes the device.
 *
 * Return: 0 or a negative -DMC_E_* or -MEMCHK_E_* code.
 */
int memchk_dm_get(const void *fdt, u32 phandle, struct memchk **chkp,
		  struct dmc_err *err);

#endif /* DMACAGE_MEMCHK_UCLASS_H */
