/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Shared plumbing of the dmacage host tool: loading inputs, option parsing
 * and the plan pipeline, so every subcommand reads and reports the same way.
 */
#ifndef DMACAGE_TOOL_H
#define DMACAGE_TOOL_H

#include <stdio.h>
#include <dmacage/dmacage.h>

#define TOOL_MAX_RANGES	16
/*
 * The largest DTB the tool reads: libfdt's offsets are int, and apply
 * holds the patched tree and a scratch copy of it side by side.
 */
#define TOOL_DTB_MAX	(512 << 20)

enum tool_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SVG, FORMAT_ENV };

/**
 * struct tool_opts - options shared by plan, apply, check and regs
 * @arch:	--arch, DMC_ARCH_UNSET when not given
 * @kernel:	check --kernel: the Linux line judged, 6.1 when not given
 * @in_place:	apply --in-place: OUT may be the input (and defaults to it)
 * @no_lock:	regs --no-lock: program the checkers but do not lock them
 * @digest:	plan --digest: print the measurement instead of the plan
 */
struct tool_opts {
	const char *policy;
	const char *dtb;
	const char *out;
	const char *kconfig;
	enum dmc_arch arch;
	enum dmc_kernel kernel;
	enum tool_format format;
	bool in_place;
	bool no_lock;
	bool digest;
	unsigned int ndram, navoid;
	struct dmc_range dram[TOOL_MAX_RANGES];
	struct dmc_range avoid[TOOL_MAX_RANGES];
	char dram_label[TOOL_MAX_RANGES][DMC_LABEL_MAX];
	char avoid_label[TOOL_MAX_RANGES][DMC_LABEL_MAX];
};

/** tool_last_error_text() - "<what>: <why>" of the last tool_error() */
const char *tool_last_error_text(void);

/** tool_error() - "dmacage: error: <what>: <why>" on stderr; returns @code */
int tool_error(int code, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * tool_parse_opts() - parse the options of @cmd
 * @allowed:	the long option names this subcommand accepts
 * Return: 0, 1 when --help was printed, or EXIT_USAGE.
 */
int tool_parse_opts(int argc, char **argv, const char *cmd,
		    const char *usage, const char *allowed,
		    struct tool_opts *o);

/**
 * tool_load_dtb() - read and validate a DTB (or compile a .dts with dtc)
 * @len:	file size on return
 * Return: a malloc'd blob with room to grow, or NULL after printing why.
 */
void *tool_load_dtb(const char *path, const char *role, size_t *len);

/**
 * tool_profile_read() - add a board profile ("dmacage profile") to @o
 * @path:	the profile file
 * @o:		its arch, dram and avoid lines are added as --arch, --dram and
 *		--avoid would add them
 * Return: 0 or EXIT_USAGE after printing which line is wrong and why.
 */
int tool_profile_read(const char *path, struct tool_opts *o);

/** tool_read_text() - whole text file, NUL-terminated; NULL after an error */
char *tool_read_text(const char *path, size_t *len);

/**
 * tool_out_write() - replace OUT with @len bytes, atomically: a mkstemp()
 * file beside it, fsync, rename, fsync of the directory. Refused first:
 * too long a path, a missing directory, anything but a regular file
 * (symlinks included), the input without --in-place, the policy; OUT is
 * looked at again just before the rename. On a failure, or
 * on SIGHUP/SIGINT/SIGQUIT/SIGTERM/SIGXFSZ during the write, the temporary
 * file is removed and OUT is unchanged.
 * Return: 0 or EXIT_USAGE after printing why.
 */
int tool_out_write(const struct tool_opts *o, const void *buf, size_t len);

/**
 * struct tool_plan - everything plan and apply compute
 */
struct tool_plan {
	void *os;
	size_t os_len;
	void *pol_fdt;
	struct dmc_policy pol;
	struct dmc_memmap mm;
	struct dmc_osdt osdt;
	struct dmc_plan plan;
	struct dmc_err err;
	int ret;		/* dmc_plan() result */
	bool applied;		/* apply ran: the two below are set */
	int apply_exit;		/* its exit code */
	bool written;		/* OUT was written */
};

/**
 * tool_plan() - load inputs, build the memory map and plan
 * Return: 0 (see tp->ret for the planner's verdict) or an exit code when
 * an input is bad.
 */
int tool_plan(const struct tool_opts *o, struct tool_plan *tp);
void tool_plan_free(struct tool_plan *tp);

/**
 * report_svg() - plan --format svg: DRAM, the ranges in use and the windows
 * to scale, with labels
 */
void report_svg(FILE *f, const struct tool_plan *tp);

/**
 * report_env() - plan --format env: each planned domain's base and sizes as
 * dmacage_* overrides, "name value" a line, for "fw_setenv -s"
 */
void report_env(FILE *f, const struct tool_plan *tp);

/** report_json_str() - @s as a JSON string, escaped */
void report_json_str(FILE *f, const char *s);

void report_plan(FILE *f, const struct tool_opts *o,
		 const struct tool_plan *tp);

/**
 * report_digest() - "digest sha256=<hex>" and "pcr sha256=<hex> ..." lines
 * @f:		where to print
 * @tp:		the plan, before U-Boot fails its unenforced domains
 *
 * The value U-Boot's hand-off measures (dmc_digest()) for this policy and
 * plan, and the PCR after one extend with it from reset.
 */
void report_digest(FILE *f, const struct tool_plan *tp);

/**
 * record_digest() - add "digest" to the record under /chosen/dmacage
 * @fdt:	the patched OS DT, with room for 44 more bytes
 * @tp:		the policy and plan it was patched with
 *
 * The value report_digest() prints, as U-Boot writes it at hand-off, so
 * that the host tool's record predicts the boot's.
 *
 * Return: 0, or a negative libfdt error (no record, no room)
 */
int record_digest(void *fdt, const struct tool_plan *tp);

/**
 * report_failure() - under --format json, the status of a run that failed
 * before there was a plan to report: {"ok": false, "exit": N, "error": ...}
 */
void report_failure(FILE *f, const struct tool_opts *o, int exit_code);

const char *tool_arch_name(enum dmc_arch arch);

/**
 * tool_where() - what an error from the core names: the OS DT file where
 * the core could only say "OS DT"
 */
const char *tool_where(const struct tool_opts *o, const struct dmc_err *e);

#endif /* DMACAGE_TOOL_H */
