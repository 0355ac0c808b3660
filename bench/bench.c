// SPDX-License-Identifier: GPL-2.0+
/*
 * One measured operation on one OS DT, for callgrind: only the region between
 * CALLGRIND_START_INSTRUMENTATION and CALLGRIND_STOP_INSTRUMENTATION counts,
 * so process start, dtc and file I/O are excluded (run with
 * --instr-atstart=no).
 *
 *   bench OP OS.dtb POLICY.dtb [GROW_TO]
 *   OP: fixup (plan + dmc_fixup), check (dmc_check), floor (one memmove)
 *   GROW_TO: pad the OS DT with synthetic device nodes to about this size
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>
#include <libfdt.h>
#include <dmacage/dmacage.h>

#define BUF	(8 << 20)

static char os[BUF], out[BUF], pol_fdt[BUF];

static int load(const char *path, void *buf)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, BUF, f);
	fclose(f);
	return n > 0 ? fdt_open_into(buf, buf, BUF) : -1;
}

/* Thousands of plain device nodes, as a big SoC DT has, under /synth. */
static int grow(void *fdt, int target)
{
	char name[32];
	fdt32_t reg[4];
	int parent, node, i;

	parent = fdt_add_subnode(fdt, 0, "synth");
	if (parent < 0)
		return parent;
	fdt_setprop_u32(fdt, parent, "#address-cells", 2);
	fdt_setprop_u32(fdt, parent, "#size-cells", 2);
	for (i = 0; (int)(fdt_size_dt_struct(fdt) + fdt_size_dt_strings(fdt)) <
		    target; i++) {
		snprintf(name, sizeof(name), "dev@%x", 0x40000000 + i * 0x1000);
		node = fdt_add_subnode(fdt, parent, name);
		if (node < 0)
			return node;
		reg[0] = 0;
		reg[1] = cpu_to_fdt32(0x40000000 + i * 0x1000);
		reg[2] = 0;
		reg[3] = cpu_to_fdt32(0x1000);
		fdt_setprop_string(fdt, node, "compatible", "vendor,synthetic-dev");
		fdt_setprop(fdt, node, "reg", reg, sizeof(reg));
		fdt_setprop_u32(fdt, node, "interrupts", i);
		fdt_setprop_string(fdt, node, "status", "okay");
	}
	return fdt_pack(fdt);
}

int main(int argc, char **argv)
{
	struct dmc_check_opts o = { 0 };
	struct dmc_policy pol;
	struct dmc_memmap mm;
	struct dmc_plan plan;
	struct dmc_err err;
	int ret = 0;

	if (argc < 4 || load(argv[2], os) || load(argv[3], pol_fdt)) {
		fprintf(stderr, "usage: bench fixup|check|floor OS.dtb POLICY.dtb [GROW_TO]\n");
		return 2;
	}
	if (argc > 4 && grow(os, atoi(argv[4])))
		return 2;
	fdt_pack(os);
	if (dmc_policy_parse(pol_fdt, dmc_policy_find(pol_fdt), &pol, &err))
		return 2;

	CALLGRIND_START_INSTRUMENTATION;
	if (!strcmp(argv[1], "fixup")) {
		dmc_memmap_init(&mm);
		ret = dmc_memmap_from_fdt(os, &mm, true, &err);
		if (!ret)
			ret = dmc_plan_compute(&pol, os, &mm, DMC_ARCH_UNSET,
					       &plan, &err);
		if (!ret)
			/* sized as U-Boot pads a DT: fdt_create() zeroes it all */
			ret = dmc_fixup(os, out, fdt_totalsize(os) + 65536,
					&pol, &plan, &err);
	} else if (!strcmp(argv[1], "check")) {
		ret = dmc_check(os, &o, NULL, NULL, NULL) == -DMC_E_BADFDT;
	} else {
		memmove(out, os, fdt_totalsize(os));
	}
	CALLGRIND_STOP_INSTRUMENTATION;
	fprintf(stderr, "%s: in %u bytes, ret %d %s\n", argv[1],
		fdt_totalsize(os), ret, ret ? err.msg : "");
	return ret ? 1 : 0;
}
