/* SPDX-License-Identifier: GPL-2.0+ */
/* Host stand-in for U-Boot's <linux/types.h>: the one type override.c uses. */
#ifndef DMACAGE_SHIM_LINUX_TYPES_H
#define DMACAGE_SHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t u64;

#endif
