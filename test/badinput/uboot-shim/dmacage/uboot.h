/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Host stand-in for include/dmacage/uboot.h, which needs U-Boot's types:
 * only what board/dmacage/override.c implements, from the type-free header
 * it shares with U-Boot.
 */
#ifndef DMACAGE_SHIM_UBOOT_H
#define DMACAGE_SHIM_UBOOT_H

#include <dmacage/override.h>

#endif
