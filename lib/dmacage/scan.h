/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * What dmc_scan()'s walk found that the memory map and the planner read,
 * so that neither walks the OS DT again (fixup.c keeps it in the
 * workspace).
 */
#ifndef DMACAGE_SCAN_H
#define DMACAGE_SCAN_H

#include <dmacage/dmacage.h>

/**
 * struct dmc_scan_found - node offsets in the scanned DT
 * @resmem:	the first root child named reserved-memory, or < 0
 * @nmem:	available root children whose first device_type is "memory"
 * @mem:	their offsets, or NULL when there were too many to keep and
 *		they must be looked up again
 * @host:	with a policy, each of its domains' host bridge, as
 *		dmc_pathfind_host() gives it (< 0: not found, or not a PCI
 *		host bridge)
 */
struct dmc_scan_found {
	int resmem;
	unsigned int nmem;
	const int *mem;
	int host[DMC_MAX_DOMAINS];
};

/**
 * dmc_scan_found() - what dmc_scan() left in @ws about @fdt
 * @pol:	the policy @found->host is wanted for; NULL: none (the
 *		memory map reads no host)
 *
 * Return: 0, or -DMC_E_INTERNAL when @ws holds no scan of @fdt for @pol,
 * or @fdt's header changed since.
 */
int dmc_scan_found(const void *fdt, const struct dmc_policy *pol,
		   const struct dmc_fixup_ws *ws, struct dmc_scan_found *found,
		   struct dmc_err *err);

#endif
