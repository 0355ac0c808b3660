/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Subcommands of the dmacage host tool. Each lives in its own file
 * (tools/dmacage/cmd_<name>.c) and returns the tool's exit code:
 * 0 success, 1 impossible plan or rule broken, 2 bad usage or bad input.
 */
#ifndef DMACAGE_TOOL_CMDS_H
#define DMACAGE_TOOL_CMDS_H

#define EXIT_OK		0
#define EXIT_RULES	1
#define EXIT_USAGE	2

int cmd_plan(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_regs(int argc, char **argv);

#endif
