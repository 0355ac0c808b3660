// SPDX-License-Identifier: GPL-2.0+
/*
 * plan --format env: the plan as U-Boot environment overrides, a script for
 * "fw_setenv -s FILE" (one "name value" a line), so that a factory can pin
 * the plan it checked offline on each board of a SKU.
 */
#include <inttypes.h>
#include "tool.h"

void report_env(FILE *f, const struct tool_plan *tp)
{
	const struct dmc_window *w;
	const char *name;
	unsigned int i;

	fprintf(f, "# dmacage plan 0x%08x as U-Boot overrides, for fw_setenv -s\n",
		tp->plan.hash);
	for (i = 0; i < tp->plan.nwin; i++) {
		w = &tp->plan.win[i];
		name = tp->pol.dom[i].name;
		if (w->state != DMC_DOM_PLANNED) {
			fprintf(f, "# %s: not planned: %s\n", name,
				w->reason[0] ? w->reason : "turned off");
			continue;
		}
		fprintf(f, "dmacage_%s_base 0x%" PRIx64 "\n", name, w->base);
		fprintf(f, "dmacage_%s_coherent_size 0x%" PRIx64 "\n", name,
			w->coherent_size);
		fprintf(f, "dmacage_%s_restricted_size 0x%" PRIx64 "\n", name,
			w->restricted_size);
	}
}
