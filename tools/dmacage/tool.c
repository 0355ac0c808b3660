// SPDX-License-Identifier: GPL-2.0+
/*
 * Host tool plumbing: errors, options, input loading and the plan pipeline.
 */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cmds.h"
#include "tool.h"

/* Room for the fixup to grow the tree without a second read. */
#define TOOL_DTB_SLACK	(64 * 1024)

/* The last error, for the JSON status of a run that ends before a report. */
static char tool_last_error[1024];

int tool_error(int code, const char *what, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(tool_last_error, sizeof(tool_last_error), "%s: ", what);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(tool_last_error))
		vsnprintf(tool_last_error + n, sizeof(tool_last_error) - n,
			  fmt, ap);
	va_end(ap);
	fprintf(stderr, "dmacage: error: %s\n", tool_last_error);
	return code;
}

const char *tool_last_error_text(void)
{
	return tool_last_error;
}

const char *tool_where(const struct tool_opts *o, const struct dmc_err *e)
{
	return !e->where[0] || !strcmp(e->where, "OS DT") ? o->dtb : e->where;
}

const char *tool_arch_name(enum dmc_arch arch)
{
	return arch == DMC_ARCH_ARM ? "arm" : "arm64";
}

/* "0x4000_0000"-free numbers: decimal or 0x hex, optional K/M/G suffix. */
static int tool_number(const char *s, char **end, uint64_t *v)
{
	unsigned long long n;
	unsigned int shift = 0;

	errno = 0;
	n = strtoull(s, end, 0);
	if (errno || *end == s || *s == '-')
		return -1;
	switch (**end) {
	case 'K': case 'k': shift = 10; break;
	case 'M': case 'm': shift = 20; break;
	case 'G': case 'g': shift = 30; break;
	}
	/* a suffix that pushes it past 2^64 would wrap silently */
	if (shift && n > ULLONG_MAX >> shift)
		return -1;
	if (shift)
		(*end)++;
	*v = n << shift;
	return 0;
}

static int tool_range(const char *opt, const char *s, struct dmc_range *r,
		      unsigned int *n)
{
	char *end;

	if (*n == TOOL_MAX_RANGES)
		return tool_error(EXIT_USAGE, opt, "more than %d ranges",
				  TOOL_MAX_RANGES);
	if (tool_number(s, &end, &r[*n].base) || *end != ':' ||
	    tool_number(end + 1, &end, &r[*n].size) || *end ||
	    !r[*n].size)
		return tool_error(EXIT_USAGE, opt,
				  "'%s' is not BASE:SIZE (e.g. 0x40000000:1G)",
				  s);
	(*n)++;
	return 0;
}

/* --kernel: a Linux line whose rules the checker knows */
static int tool_kernel(const char *arg, enum dmc_kernel *k)
{
	if (!dmc_kernel_parse(arg, k))
		return 0;
	return tool_error(EXIT_USAGE, "--kernel",
			  "'%s' is not a kernel line dmacage knows (6.1, 6.12 or 7.3)",
			  arg);
}

int tool_parse_opts(int argc, char **argv, const char *cmd,
		    const char *usage, const char *allowed,
		    struct tool_opts *o)
{
	static const struct option longopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "dtb", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "dram", required_argument, NULL, 'D' },
		{ "avoid", required_argument, NULL, 'A' },
		{ "arch", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "kernel-config", required_argument, NULL, 'k' },
		{ "kernel", required_argument, NULL, 'K' },
		{ "in-place", no_argument, NULL, 'i' },
		{ "no-lock", no_argument, NULL, 'L' },
		{ "profile", required_argument, NULL, 'P' },
		{ "digest", no_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "p:d:o:h", longopts, NULL)) != -1) {
		if (c == '?' || c == ':' || (c != 'h' && !strchr(allowed, c)))
			return tool_error(EXIT_USAGE, cmd,
					  "unknown or incomplete option '%s'\n%s",
					  argv[optind - 1], usage);
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return 1;
		case 'p': o->policy = optarg; break;
		case 'd': o->dtb = optarg; break;
		case 'o': o->out = optarg; break;
		case 'k': o->kconfig = optarg; break;
		case 'K':
			ret = tool_kernel(optarg, &o->kernel);
			if (ret)
				return ret;
			break;
		case 'i': o->in_place = true; break;
		case 'P':
			ret = tool_profile_read(optarg, o);
			if (ret)
				return ret;
			break;
		case 'L': o->no_lock = true; break;
		case 'G': o->digest = true; break;
		case 'D':
			ret = tool_range("--dram", optarg, o->dram, &o->ndram);
			if (ret)
				return ret;
			break;
		case 'A':
			ret = tool_range("--avoid", optarg, o->avoid,
					 &o->navoid);
			if (ret)
				return ret;
			break;
		case 'a':
			if (!strcmp(optarg, "arm"))
				o->arch = DMC_ARCH_ARM;
			else if (!strcmp(optarg, "arm64"))
				o->arch = DMC_ARCH_ARM64;
			else
				return tool_error(EXIT_USAGE, "--arch",
						  "'%s' is not arm or arm64",
						  optarg);
			break;
		case 'f':
			if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!strcmp(cmd, "plan") && !strcmp(optarg, "svg"))
				o->format = FORMAT_SVG;
			else if (!strcmp(cmd, "plan") && !strcmp(optarg, "env"))
				o->format = FORMAT_ENV;
			else if (strcmp(optarg, "text"))
				return tool_error(EXIT_USAGE, "--format",
						  "'%s' is not text or json%s",
						  optarg, strcmp(cmd, "plan") ? "" :
						  ", svg or env");
			break;
		}
	}
	if (optind != argc)
		return tool_error(EXIT_USAGE, cmd, "unexpected argument '%s'\n%s",
				  argv[optind], usage);
	return 0;
}

/* @path's bytes, @slack more zeroed; a file over @max (if set) is refused */
static void *tool_read(const char *path, size_t slack, long max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	struct stat st;
	long n;

	if (!f) {
		tool_error(EXIT_USAGE, path, "%s", strerror(errno));
		return NULL;
	}
	/* a directory opens, and then reports a size of LONG_MAX */
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		tool_error(EXIT_USAGE, path, "not a regular file");
		goto out;
	}
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		tool_error(EXIT_USAGE, path, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (max && n > max) {
		tool_error(EXIT_USAGE, path,
			   "%ld bytes, larger than the %ld bytes dmacage reads from a DTB",
			   n, max);
		goto out;
	}
	buf = calloc(1, (size_t)n + slack + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		tool_error(EXIT_USAGE, path, "cannot read %ld bytes", n);
		free(buf);
		buf = NULL;
		goto out;
	}
	*len = (size_t)n;
out:
	fclose(f);
	return buf;
}

char *tool_read_text(const char *path, size_t *len)
{
	return tool_read(path, 0, 0, len);
}

/* A .dts input is compiled by dtc; its own messages say what is wrong. */
static char *tool_compile_dts(const char *path, char *tmp, size_t tmplen)
{
	int status, fd;
	pid_t pid;

	snprintf(tmp, tmplen, "%s/dmacage-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(tmp);
	if (fd < 0) {
		tool_error(EXIT_USAGE, path, "cannot make a temporary file: %s",
			   strerror(errno));
		return NULL;
	}
	close(fd);
	pid = fork();
	if (pid == 0) {
		execlp("dtc", "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", tmp,
		       path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		unlink(tmp);
		tool_error(EXIT_USAGE, path, "dtc could not compile it%s",
			   pid > 0 && WIFEXITED(status) &&
			   WEXITSTATUS(status) == 127 ?
			   " (dtc not found: install device-tree-compiler)" :
			   " (see dtc's message above)");
		return NULL;
	}
	return tmp;
}

void *tool_load_dtb(const char *path, const char *role, size_t *len)
{
	struct dmc_err err;
	char tmp[256];
	const char *src = path;
	size_t n;
	char *buf;
	int ret;

	if (!path) {
		tool_error(EXIT_USAGE, role, "no file given");
		return NULL;
	}
	n = strlen(path);
	if (n > 4 && !strcmp(path + n - 4, ".dts")) {
		src = tool_compile_dts(path, tmp, sizeof(tmp));
		if (!src)
			return NULL;
	}
	buf = tool_read(src, TOOL_DTB_SLACK, TOOL_DTB_MAX, len);
	if (src != path)
		unlink(src);
	if (!buf)
		return NULL;
	ret = *len < sizeof(struct fdt_header) ? -FDT_ERR_TRUNCATED :
	      fdt_check_header(buf);
	if (!ret && fdt_totalsize(buf) > *len)
		ret = -FDT_ERR_TRUNCATED;
	if (!ret && fdt_version(buf) < 17)	/* libfdt 1.6.1's check crashes */
		ret = -FDT_ERR_BADVERSION;
	/* ours first: libfdt 1.6.1's own check loops on some lengths */
	if (!ret && dmc_check_structure(buf, role, &err)) {
		tool_error(EXIT_USAGE, path, "not a valid DTB (%s): %s", role,
			   err.msg);
		free(buf);
		return NULL;
	}
	if (!ret)
		ret = fdt_check_full(buf, *len);
	if (ret) {
		tool_error(EXIT_USAGE, path, "not a valid DTB (%s): %s", role,
			   fdt_strerror(ret));
		free(buf);
		return NULL;
	}
	return buf;
}

static int tool_memmap(const struct tool_opts *o, struct tool_plan *tp)
{
	unsigned int i;
	int ret = 0;

	dmc_memmap_init(&tp->mm);
	for (i = 0; i < o->ndram && !ret; i++)
		ret = dmc_memmap_add_dram(&tp->mm, o->dram[i].base,
					  o->dram[i].size, o->dram_label[i][0] ?
					  o->dram_label[i] : "--dram", &tp->err);
	ret = ret ?: dmc_read(tp->os, &tp->pol, !o->ndram, &tp->mm, &tp->osdt,
			      &tp->err);
	for (i = 0; i < o->navoid && !ret; i++)
		ret = dmc_memmap_add_avoid(&tp->mm, o->avoid[i].base,
					   o->avoid[i].size,
					   o->avoid_label[i][0] ?
					   o->avoid_label[i] : "--avoid",
					   &tp->err);
	if (ret)	/* an ignored /reserved-memory breaks a rule (R5) */
		return tool_error(ret == -DMC_E_RESMEM ? EXIT_RULES :
				  EXIT_USAGE, tool_where(o, &tp->err), "%s",
				  tp->err.msg);
	return 0;
}

int tool_plan(const struct tool_opts *o, struct tool_plan *tp)
{
	size_t plen;
	int node, ret;

	memset(tp, 0, sizeof(*tp));
	if (!o->policy)
		return tool_error(EXIT_USAGE, "-p", "a policy is required");
	if (!o->dtb)
		return tool_error(EXIT_USAGE, "-d", "an OS DT is required");
	tp->os = tool_load_dtb(o->dtb, "OS DT", &tp->os_len);
	if (!tp->os)
		return EXIT_USAGE;
	tp->pol_fdt = tool_load_dtb(o->policy, "policy", &plen);
	if (!tp->pol_fdt)
		return EXIT_USAGE;
	node = dmc_policy_find(tp->pol_fdt);
	if (node < 0)
		return tool_error(EXIT_USAGE, o->policy,
				  "no /dmacage node (compatible \"dmacage,policy\")");
	ret = dmc_policy_parse(tp->pol_fdt, node, &tp->pol, &tp->err);
	if (ret)
		return tool_error(EXIT_USAGE, tp->err.where, "%s", tp->err.msg);
	ret = tool_memmap(o, tp);
	if (ret)
		return ret;
	tp->ret = dmc_plan(&tp->pol, &tp->osdt, &tp->mm, o->arch, &tp->plan,
			   &tp->err);
	return 0;
}

void tool_plan_free(struct tool_plan *tp)
{
	free(tp->os);
	free(tp->pol_fdt);
}
