/* SPDX-License-Identifier: GPL-2.0+ */
/* Host stand-in for U-Boot's <linux/kernel.h>: ARRAY_SIZE() only. */
#ifndef DMACAGE_SHIM_LINUX_KERNEL_H
#define DMACAGE_SHIM_LINUX_KERNEL_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
