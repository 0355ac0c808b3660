/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Host stand-in for U-Boot's <search.h>: the environment table that
 * board/dmacage/override.c walks with hmatch_r(). override-host.c fills it.
 */
#ifndef DMACAGE_SHIM_SEARCH_H
#define DMACAGE_SHIM_SEARCH_H

struct env_entry {
	const char *key;
	char *data;
};

struct hsearch_data;
extern struct hsearch_data env_htab;

int hmatch_r(const char *match, int last_idx, struct env_entry **retval,
	     struct hsearch_data *htab);

#endif
