/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Host stand-in for include/dmacage/uboot.h, which needs U-Boot's types:
 * only the declaration board/dmacage/override.c implements.
 */
#ifndef DMACAGE_SHIM_UBOOT_H
#define DMACAGE_SHIM_UBOOT_H

#include <dmacage/dmacage.h>

int dmacage_override_apply(struct dmc_policy *pol, int *plan_fail,
			   unsigned int *napplied, struct dmc_err *err);

#endif
