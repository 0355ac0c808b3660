/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Host stand-in for U-Boot's <common.h>, so that board/dmacage/override.c
 * builds unchanged into test/badinput/override-host.c: only what that file
 * takes from U-Boot.
 */
#ifndef DMACAGE_SHIM_COMMON_H
#define DMACAGE_SHIM_COMMON_H

#include <stdint.h>
#include <string.h>

typedef uint64_t u64;
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
