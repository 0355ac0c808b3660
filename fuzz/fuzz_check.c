// SPDX-License-Identifier: GPL-2.0+
/*
 * The rules checker on an arbitrary DTB, for both architectures, with what
 * it returns held against what it found:
 *  - the return is 0 exactly when no error was counted, -DMC_E_RULES when
 *    one was, and never -DMC_E_BADFDT for a blob the gate accepted;
 *  - every finding reaches the callback, NUL-terminated, and the counts
 *    agree with the callbacks, also with errors_only;
 *  - arm and arm64 find the same errors, apart from the rules that depend
 *    on the architecture (doc/linux-rules.md: R23, R31-R34, R37).
 * Mutated mostly as a tree (mutate_dt.h), so that most runs reach the rules.
 */
#include "fuzz_common.h"
#include "mutate_dt.h"

/* the rules whose verdict depends on the architecture */
static bool fz_arch_rule(const char *rule)
{
	static const char *const r[] = { "R23", "R31", "R32", "R33", "R34", "R37" };
	unsigned int i;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (!strcmp(rule, r[i]))
			return true;
	return false;
}

struct fz_seen {
	struct dmc_check_sum n;
	struct fz_findings errs;	/* the arch-neutral errors */
};

static void fz_count(const struct dmc_finding *f, void *ctx)
{
	struct fz_seen *s = ctx;

	if (!memchr(f->path, 0, sizeof(f->path)) ||
	    !memchr(f->msg, 0, sizeof(f->msg)) ||
	    !memchr(f->rule, 0, sizeof(f->rule)) || f->sev > DMC_SEV_INFO) {
		fprintf(stderr, "a malformed finding\n");
		abort();
	}
	s->n.errors += f->sev == DMC_SEV_ERROR;
	s->n.warnings += f->sev == DMC_SEV_WARN;
	s->n.infos += f->sev == DMC_SEV_INFO;
	if (!fz_arch_rule(f->rule))
		fz_collect(f, &s->errs);
}

/* errors_only: only errors reach the callback */
static void fz_count_errors(const struct dmc_finding *f, void *ctx)
{
	if (f->sev != DMC_SEV_ERROR) {
		fprintf(stderr, "errors_only passes a finding that is not an error\n");
		abort();
	}
	++*(unsigned int *)ctx;
}

static void fz_die(const char *what, enum dmc_arch arch)
{
	fprintf(stderr, "%s (%s)\n", what, arch == DMC_ARCH_ARM ? "arm" : "arm64");
	abort();
}

static void fz_check(const void *fdt, enum dmc_arch arch, struct fz_seen *s)
{
	struct dmc_check_opts o = { .arch = arch };
	struct dmc_check_sum sum, eo;
	unsigned int errs = 0;
	int ret;

	memset(s, 0, sizeof(*s));
	ret = dmc_check(fdt, &o, fz_count, s, &sum, &fz_check_ws);
	if (ret == -DMC_E_BADFDT)
		fz_die("the checker calls a blob the gate accepted malformed", arch);
	if (ret != (sum.errors ? -DMC_E_RULES : 0))
		fz_die("the return does not match the error count", arch);
	if (memcmp(&sum, &s->n, sizeof(sum)))
		fz_die("the counts do not match the findings", arch);
	o.errors_only = true;
	if (dmc_check(fdt, &o, fz_count_errors, &errs, &eo, &fz_check_ws) != ret ||
	    memcmp(&eo, &sum, sizeof(sum)) || errs != sum.errors)
		fz_die("errors_only changes the result", arch);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_stages(1u << FZ_VALID | 1u << FZ_CHECKED);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_seen a64, a32;
	unsigned int i, j;
	void *fdt;

	fz_reached[FZ_INPUTS]++;
	if (size < sizeof(struct fdt_header))
		return 0;
	fdt = malloc(size);
	memcpy(fdt, data, size);
	if (fz_valid(fdt, size)) {
		fz_reached[FZ_VALID]++;
		fz_check(fdt, DMC_ARCH_ARM64, &a64);
		fz_check(fdt, DMC_ARCH_ARM, &a32);
		if (a64.errs.full || a32.errs.full)
			goto out;
		for (i = 0; i < a64.errs.n; i++) {
			for (j = 0; j < a32.errs.n &&
			     strcmp(a64.errs.key[i], a32.errs.key[j]); j++)
				;
			if (j == a32.errs.n || a64.errs.n != a32.errs.n) {
				fprintf(stderr, "arm64 finds %s, arm does not (or finds others)\n",
					a64.errs.key[i]);
				abort();
			}
		}
		if (a64.errs.n != a32.errs.n) {
			fprintf(stderr, "arm finds %u arch-neutral errors, arm64 %u\n",
				a32.errs.n, a64.errs.n);
			abort();
		}
		fz_reached[FZ_CHECKED]++;
	}
out:
	free(fdt);
	return 0;
}
