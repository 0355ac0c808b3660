/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Host stand-in for U-Boot's <common.h>, so that board/dmacage/override.c
 * builds unchanged into test/badinput/override-host.c: only what that file
 * takes from U-Boot.
 */
#ifndef DMACAGE_SHIM_COMMON_H
#define DMACAGE_SHIM_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t u64;
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * IS_ENABLED() for the one option override.c asks about: the harness is
 * built with and without -DCONFIG_DMACAGE_BRINGUP. The argument is pasted,
 * not expanded, so the name below is looked up.
 */
#ifdef CONFIG_DMACAGE_BRINGUP
#define DMACAGE_SHIM_CONFIG_DMACAGE_BRINGUP	1
#else
#define DMACAGE_SHIM_CONFIG_DMACAGE_BRINGUP	0
#endif
#define IS_ENABLED(option)	DMACAGE_SHIM_##option

#endif
