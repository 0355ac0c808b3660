// SPDX-License-Identifier: GPL-2.0+
/*
 * dmacage check: what Linux will do with the DMA pools of any DTB.
 */
#include <stdlib.h>
#include <string.h>
#include "cmds.h"
#include "tool.h"

static const char check_usage[] =
	"usage: dmacage check -d DTB [--arch arm|arm64] [--kernel 6.1|6.12|7.3]\n"
	"                     [--kernel-config FILE] [--format text|json]\n"
	"  runs every mechanical rule Linux applies to restricted-dma-pool,\n"
	"  shared-dma-pool and memory-region, and explains each finding;\n"
	"  --kernel: the Linux line whose rules apply (default 6.1)\n"
	"exit: 0 no error (warnings allowed), 1 a rule is broken, 2 bad usage or input\n";

static const char *const sev_name[] = { "error", "warning", "info" };

struct check_out {
	enum tool_format format;
	unsigned int n;
};

static void print_finding(const struct dmc_finding *f, void *ctx)
{
	struct check_out *c = ctx;

	if (c->format == FORMAT_TEXT) {
		printf("%-7s %-4s", sev_name[f->sev], f->rule);
		if (f->item)
			printf(" (item %u)", (unsigned int)f->item);
		printf(" %s: %s\n", f->path, f->msg);
	} else {
		printf("%s\n    {\"severity\": \"%s\", \"rule\": \"%s\", \"item\": %u, \"path\": ",
		       c->n ? "," : "", sev_name[f->sev], f->rule,
		       (unsigned int)f->item);
		report_json_str(stdout, f->path);
		printf(", \"message\": ");
		report_json_str(stdout, f->msg);
		putchar('}');
	}
	c->n++;
}

int cmd_check(int argc, char **argv)
{
	struct dmc_check_opts co = { 0 };
	struct check_out out = { 0 };
	struct dmc_check_sum sum;
	static struct dmc_check_ws ws;
	struct dmc_err err = { 0 };
	struct tool_opts o;
	char *kconfig = NULL;
	size_t len;
	void *fdt;
	int ret;

	ret = tool_parse_opts(argc, argv, "check", check_usage, "dakKf", &o);
	if (ret)
		return ret == 1 ? EXIT_OK : ret;
	fdt = tool_load_dtb(o.dtb, "DT to check", &len);
	if (o.kconfig && fdt) {
		kconfig = tool_read_text(o.kconfig, &co.kconfig_len);
		if (!kconfig) {
			free(fdt);
			fdt = NULL;
		}
		co.kconfig = kconfig;
	}
	if (!fdt) {
		report_failure(stdout, &o, EXIT_USAGE);
		return EXIT_USAGE;
	}
	co.arch = o.arch;
	co.kernel = o.kernel;
	out.format = o.format;
	if (o.format == FORMAT_JSON)
		printf("{\n  \"findings\": [");
	ret = dmc_check(fdt, &co, print_finding, &out, &sum, &ws);
	if (ret == -DMC_E_BADFDT) {
		dmc_check_structure(fdt, "DT", &err);
		ret = tool_error(EXIT_USAGE, o.dtb, "not a valid DTB: %s",
				 err.msg);
	} else {
		ret = ret ? EXIT_RULES : EXIT_OK;
	}
	if (o.format == FORMAT_JSON) {
		printf("%s],\n  \"errors\": %u, \"warnings\": %u, \"infos\": %u,\n",
		       out.n ? "\n  " : "", sum.errors, sum.warnings,
		       sum.infos);
		printf("  \"exit\": %d,\n  \"ok\": %s", ret,
		       ret ? "false" : "true");
		if (ret == EXIT_USAGE) {
			printf(",\n  \"error\": ");
			report_json_str(stdout, tool_last_error_text());
		}
		printf("\n}\n");
	} else {
		printf("%u error(s), %u warning(s)\n", sum.errors,
		       sum.warnings);
	}
	free(kconfig);
	free(fdt);
	return ret;
}
