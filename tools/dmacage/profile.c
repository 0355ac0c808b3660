// SPDX-License-Identifier: GPL-2.0+
/*
 * --profile: a board profile as U-Boot's "dmacage profile" prints it, read
 * into the same options as --arch, --dram and --avoid, so that the host
 * tool plans from exactly the facts the board planned from. Format in
 * doc/cli.md.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmds.h"
#include "tool.h"

/* One "dram|avoid BASE SIZE [LABEL]" line into @r[*n], its label @l[*n]. */
static int tool_profile_range(const char *what, char *args,
			      struct dmc_range *r,
			      char (*l)[DMC_LABEL_MAX], unsigned int *n)
{
	char *end;

	if (*n == TOOL_MAX_RANGES)
		return tool_error(EXIT_USAGE, what, "more than %d ranges",
				  TOOL_MAX_RANGES);
	errno = 0;
	r[*n].base = strtoull(args, &end, 16);
	if (errno || end == args || (*end != ' ' && *end != '\t'))
		return tool_error(EXIT_USAGE, what, "base is not a hex number");
	args = end;
	r[*n].size = strtoull(args, &end, 16);
	if (errno || end == args || !r[*n].size ||
	    r[*n].base + r[*n].size < r[*n].base)
		return tool_error(EXIT_USAGE, what,
				  "size is not a non-zero hex number that fits");
	end += strspn(end, " \t");
	snprintf(l[*n], DMC_LABEL_MAX, "%s", end);
	(*n)++;
	return 0;
}

/* One line of the profile; @what names it for errors ("FILE:LINE"). */
static int tool_profile_line(const char *what, char *line,
			     struct tool_opts *o)
{
	char *args = line + strcspn(line, " \t");
	enum dmc_arch arch;

	if (*args)
		*args++ = '\0';
	if (!strcmp(line, "arch")) {
		if (!strcmp(args, "arm"))
			arch = DMC_ARCH_ARM;
		else if (!strcmp(args, "arm64"))
			arch = DMC_ARCH_ARM64;
		else
			return tool_error(EXIT_USAGE, what,
					  "'%s' is not arm or arm64", args);
		if (o->arch != DMC_ARCH_UNSET && o->arch != arch)
			return tool_error(EXIT_USAGE, what,
					  "arch %s contradicts --arch", args);
		o->arch = arch;
		return 0;
	}
	if (!strcmp(line, "dram"))
		return tool_profile_range(what, args, o->dram, o->dram_label,
					  &o->ndram);
	if (!strcmp(line, "avoid"))
		return tool_profile_range(what, args, o->avoid, o->avoid_label,
					  &o->navoid);
	return tool_error(EXIT_USAGE, what, "unknown fact '%s'", line);
}

int tool_profile_read(const char *path, struct tool_opts *o)
{
	char what[512], *text, *line, *next;
	unsigned int lineno = 0;
	bool header = false, end = false;
	size_t len;
	int ret = 0;

	text = tool_read_text(path, &len);
	if (!text)
		return EXIT_USAGE;
	if (strlen(text) != len) {
		free(text);
		return tool_error(EXIT_USAGE, path, "not a text file");
	}
	for (line = text; line && !ret && !end; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		snprintf(what, sizeof(what), "%s:%u", path, lineno);
		line[strcspn(line, "\r")] = '\0';
		if (!*line || *line == '#')
			continue;
		if (!header) {
			header = !strcmp(line, "dmacage-profile 1");
			if (!header)
				ret = tool_error(EXIT_USAGE, what,
						 "not a board profile (wanted \"dmacage-profile 1\")");
		} else if (!strcmp(line, "end")) {
			end = true;
		} else {
			ret = tool_profile_line(what, line, o);
		}
	}
	if (!ret && !end)
		ret = tool_error(EXIT_USAGE, path,
				 "no \"end\" line: the profile is cut short");
	if (!ret && !o->ndram)
		ret = tool_error(EXIT_USAGE, path, "no dram line");
	free(text);
	return ret;
}
