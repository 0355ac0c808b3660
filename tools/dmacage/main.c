// SPDX-License-Identifier: GPL-2.0+
/*
 * dmacage host tool: plan, apply and check DMA pools for Linux restricted
 * DMA in device trees offline, for factory provisioning and bring-up.
 */
#include <stdio.h>
#include <string.h>
#include "cmds.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} cmds[] = {
	{ "plan", cmd_plan, "show where the DMA pools go in an OS DT" },
	{ "apply", cmd_apply, "write an OS DT with the pools and memory-region" },
	{ "check", cmd_check, "explain what Linux will do with any DT's pools" },
	{ "regs", cmd_regs, "print the checker register writes of a policy" },
};

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: dmacage <command> [options]   (dmacage <command> --help)\n\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-6s %s\n", cmds[i].name, cmds[i].what);
	fprintf(f, "\nexit codes: 0 success, 1 impossible plan or a rule broken, 2 bad usage or input\n");
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "dmacage: error: %s: unknown command\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
