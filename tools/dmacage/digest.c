// SPDX-License-Identifier: GPL-2.0+
/*
 * The SHA-256 that U-Boot measures at hand-off for this policy and plan:
 * printed by "plan --digest" with the PCR value one extend with it gives,
 * and written into the record by "apply", where U-Boot writes it too. The
 * plan is U-Boot's: a domain without a checker and without
 * checker-optional fails there, so it fails here too before hashing.
 */
#include <stdio.h>
#include <libfdt.h>
#include <dmacage/digest.h>
#include <dmacage/field.h>
#include "tool.h"

static void digest_hex(FILE *f, const uint8_t *d)
{
	unsigned int i;

	for (i = 0; i < DMC_DIGEST_LEN; i++)
		fprintf(f, "%02x", d[i]);
}

static void tool_digest(const struct tool_plan *tp, uint8_t d[DMC_DIGEST_LEN])
{
	static struct dmc_plan plan;

	plan = tp->plan;
	dmc_plan_fail_unenforced(&tp->pol, &plan, NULL);
	dmc_digest(&tp->pol, &plan, d);
}

void report_digest(FILE *f, const struct tool_plan *tp)
{
	uint8_t d[DMC_DIGEST_LEN], pcr[DMC_DIGEST_LEN] = { 0 };

	tool_digest(tp, d);
	dmc_digest_pcr_extend(pcr, d);
	fprintf(f, "digest sha256=");
	digest_hex(f, d);
	fprintf(f, "\npcr sha256=");
	digest_hex(f, pcr);
	fprintf(f, " (after one extend from reset)\n");
}

int record_digest(void *fdt, const struct tool_plan *tp)
{
	uint8_t d[DMC_DIGEST_LEN];
	int node = fdt_path_offset(fdt, "/chosen/dmacage");

	if (node < 0)
		return node;
	tool_digest(tp, d);
	return fdt_setprop(fdt, node, "digest", d, sizeof(d));
}
