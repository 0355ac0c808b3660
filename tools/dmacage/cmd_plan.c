// SPDX-License-Identifier: GPL-2.0+
/*
 * dmacage plan / apply: where the pools go, and the patched OS DT.
 */
#include <stdlib.h>
#include <string.h>
#include "cmds.h"
#include "tool.h"

#define PLAN_OPTS	"pdDAafPG"
#define APPLY_OPTS	"pdoDAafiP"
/*
 * The output has room for the input plus OUT_SLACK first, twice as much
 * after each -DMC_E_NOSPACE, up to OUT_SLACK_MAX: far more than the few
 * nodes and properties a policy adds. With the input at most TOOL_DTB_MAX,
 * twice the output fits an int.
 */
#define OUT_SLACK	(64 << 10)
#define OUT_SLACK_MAX	(16 << 20)

static const char plan_usage[] =
	"usage: dmacage plan -p POLICY -d OS.dtb [--dram B:S]... [--avoid B:S]...\n"
	"                    [--profile FILE] [--arch arm|arm64]\n"
	"                    [--format text|json|svg|env]\n"
	"                    [--digest]\n"
	"  -p, --policy FILE   policy .dtb, or .dts (compiled with dtc)\n"
	"  -d, --dtb FILE      the DT that will be handed to Linux\n"
	"  --dram BASE:SIZE    DRAM range (repeatable; replaces /memory)\n"
	"  --avoid BASE:SIZE   range in use (repeatable)\n"
	"  --profile FILE      a board profile from U-Boot's \"dmacage profile\":\n"
	"                      its arch, DRAM and ranges in use, as the boot saw them\n"
	"  --arch arm|arm64    overrides the policy's os-arch\n"
	"  --format svg        the memory map and windows drawn to scale\n"
	"  --format env        the plan as dmacage_* overrides for fw_setenv -s\n"
	"  --digest            print the SHA-256 U-Boot measures for this plan\n"
	"                      and the PCR after one extend with it, instead\n"
	"                      of the plan\n"
	"exit: 0 planned, 1 a domain cannot be placed, 2 bad usage or input\n";

static const char apply_usage[] =
	"usage: dmacage apply -p POLICY -d OS.dtb -o OUT.dtb [--in-place] [plan options]\n"
	"  writes OUT.dtb with the pools, memory-region and /chosen/dmacage;\n"
	"  OUT is written only on success, or, under on-error = \"disable\",\n"
	"  with the unconfinable host bridges disabled (exit 1)\n"
	"  OUT is replaced atomically and must be a regular file or not exist\n"
	"  (no device, FIFO, directory, socket or symlink), and not the input\n"
	"  --in-place          allow OUT to be the input; without -o, OUT is OS.dtb\n"
	"exit: 0 applied, 1 impossible plan or a rule broken, 2 bad usage or input\n";

static void plan_failures(const struct tool_plan *tp)
{
	const char *name, *why;
	unsigned int i;
	size_t n;

	for (i = 0; i < tp->plan.nwin; i++) {
		if (tp->plan.win[i].state != DMC_DOM_FAILED)
			continue;
		name = tp->pol.dom[i].name;
		why = tp->plan.win[i].reason;
		/* the planner's reason starts with the domain, as does the line */
		n = strlen(name);
		if (!strncmp(why, name, n) && !strncmp(why + n, ": ", 2))
			why += n + 2;
		tool_error(EXIT_RULES, name, "%s", why);
	}
}

int cmd_plan(int argc, char **argv)
{
	struct tool_opts o;
	struct tool_plan tp;
	int ret;

	ret = tool_parse_opts(argc, argv, "plan", plan_usage, PLAN_OPTS, &o);
	if (ret)
		return ret == 1 ? EXIT_OK : ret;
	ret = tool_plan(&o, &tp);
	if (!ret) {
		if (o.digest)
			report_digest(stdout, &tp);
		else
			report_plan(stdout, &o, &tp);
		plan_failures(&tp);
		ret = tp.ret ? EXIT_RULES : EXIT_OK;
	} else {
		report_failure(stdout, &o, ret);
	}
	tool_plan_free(&tp);
	return ret;
}

/* Malformed inputs are usage errors; everything else is a broken rule. */
static int fixup_exit(int code)
{
	return code == -DMC_E_BADFDT || code == -DMC_E_POLICY ||
	       code == -DMC_E_ENDPOINT || code == -DMC_E_NOHOST ?
	       EXIT_USAGE : EXIT_RULES;
}

static int apply(const struct tool_opts *o, struct tool_plan *tp)
{
	static struct dmc_fixup_ws ws;
	int slack = OUT_SLACK, size, ret;
	char *out = NULL;

	if (tp->ret && tp->pol.on_error != DMC_ON_ERROR_DISABLE) {
		plan_failures(tp);
		return tool_error(EXIT_RULES, o->out,
				  "not written: on-error is \"%s\"",
				  tp->pol.on_error == DMC_ON_ERROR_HALT ?
				  "halt" : "warn");
	}
	do {
		free(out);
		/* 8-byte aligned, for the scratch copy that follows it */
		size = ((int)fdt_totalsize(tp->os) + slack + 7) & ~7;
		/* the DT to patch, then the scratch copy dmc_apply() needs */
		out = malloc(2 * (size_t)size);
		if (!out)
			return tool_error(EXIT_USAGE, "apply", "out of memory");
		memcpy(out, tp->os, fdt_totalsize(tp->os));
		ret = dmc_apply(out, size, out + size, size, &tp->pol,
				&tp->plan, &ws, &tp->err);
		slack *= 2;
	} while (ret == -DMC_E_NOSPACE && slack <= OUT_SLACK_MAX);
	if (!ret && (record_digest(out, tp) || fdt_pack(out)))
		ret = dmc_fail(&tp->err, -DMC_E_INTERNAL, "output",
			       "the patched DT cannot take its digest or be packed");
	if (ret) {
		free(out);
		return tool_error(fixup_exit(ret), tool_where(o, &tp->err),
				  "%s", tp->err.msg);
	}
	ret = tool_out_write(o, out, fdt_totalsize(out));
	free(out);
	if (ret)
		return ret;
	tp->written = true;
	if (tp->ret) {
		plan_failures(tp);
		return tool_error(EXIT_RULES, o->out,
				  "written with the unconfinable host bridges disabled (on-error \"disable\")");
	}
	return EXIT_OK;
}

int cmd_apply(int argc, char **argv)
{
	struct tool_opts o;
	struct tool_plan tp;
	int ret;

	ret = tool_parse_opts(argc, argv, "apply", apply_usage, APPLY_OPTS,
			      &o);
	if (ret)
		return ret == 1 ? EXIT_OK : ret;
	if (!o.out && o.in_place)
		o.out = o.dtb;
	if (!o.out) {
		ret = tool_error(EXIT_USAGE, "apply", "-o OUT.dtb is required");
		report_failure(stdout, &o, ret);
		return ret;
	}
	/* OUT itself is checked when there is something to write */
	ret = tool_plan(&o, &tp);
	if (!ret) {
		/* the report comes last so that it can say what apply did */
		ret = apply(&o, &tp);
		tp.applied = true;
		tp.apply_exit = ret;
		report_plan(stdout, &o, &tp);
	} else {
		report_failure(stdout, &o, ret);
	}
	tool_plan_free(&tp);
	return ret;
}
