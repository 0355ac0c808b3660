/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Host stand-in for U-Boot's <linux/kconfig.h>, which U-Boot's build
 * includes in every file: IS_ENABLED() for the one option override.c asks
 * about. The harness is built with and without -DCONFIG_DMACAGE_BRINGUP.
 * The argument is pasted, not expanded, so the name below is looked up.
 */
#ifndef DMACAGE_SHIM_LINUX_KCONFIG_H
#define DMACAGE_SHIM_LINUX_KCONFIG_H

#ifdef CONFIG_DMACAGE_BRINGUP
#define DMACAGE_SHIM_CONFIG_DMACAGE_BRINGUP	1
#else
#define DMACAGE_SHIM_CONFIG_DMACAGE_BRINGUP	0
#endif
#define IS_ENABLED(option)	DMACAGE_SHIM_##option

#endif
