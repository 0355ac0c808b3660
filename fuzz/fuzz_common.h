/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Shared libFuzzer plumbing: load a fixed DTB named by an environment
 * variable (set by mk/fuzz.mk), and the output-buffer canaries that catch a
 * write outside the caller's buffer even where ASan cannot (the buffer is one
 * static array, so an overrun into the guard is still "valid" memory to ASan).
 */
#ifndef DMACAGE_FUZZ_COMMON_H
#define DMACAGE_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <dmacage/dmacage.h>
#include "oracle.h"

#define FZ_GUARD	4096
#define FZ_OUT		(256 * 1024)
#define FZ_CANARY	0xa5

static unsigned char fz_out[FZ_GUARD + FZ_OUT + FZ_GUARD];
static struct dmc_check_ws fz_check_ws;

static inline void *fz_out_buf(void)
{
	memset(fz_out, FZ_CANARY, sizeof(fz_out));
	return fz_out + FZ_GUARD;
}

static inline void fz_check_guards(void)
{
	size_t i;

	for (i = 0; i < FZ_GUARD; i++)
		if (fz_out[i] != FZ_CANARY ||
		    fz_out[FZ_GUARD + FZ_OUT + i] != FZ_CANARY) {
			fprintf(stderr, "write outside the output buffer at %+ld\n",
				i < FZ_GUARD && fz_out[i] != FZ_CANARY ?
				(long)i - FZ_GUARD : (long)(FZ_OUT + i));
			abort();
		}
}

/*
 * Stage counts: how far the inputs get. A harness counts the stages it has
 * (fz_stages() at init names them with a mask) and they are printed at exit
 * as "stages: inputs N valid N (P%) ...", for doc/fuzz.md.
 */
enum fz_stage {
	FZ_INPUTS,	/* inputs given */
	FZ_VALID,	/* past the gate (fz_valid) */
	FZ_PARSED,	/* the policy parsed */
	FZ_READ,	/* dmc_read() accepted the OS DT */
	FZ_PLANNED,	/* at least one domain placed */
	FZ_PATCHED,	/* dmc_apply() succeeded */
	FZ_CHECKED,	/* the harness's oracle ran to the end */
	FZ_NSTAGES
};

static unsigned long fz_reached[FZ_NSTAGES];
static unsigned int fz_mask;

static void fz_stages_print(void)
{
	static const char *const names[FZ_NSTAGES] = {
		"inputs", "valid", "parsed", "read", "planned", "patched",
		"checked",
	};
	unsigned long all = fz_reached[FZ_INPUTS] ? fz_reached[FZ_INPUTS] : 1;
	unsigned int i;

	fprintf(stderr, "stages:");
	for (i = 0; i < FZ_NSTAGES; i++)
		if (fz_mask & 1u << i)
			fprintf(stderr, " %s %lu (%.1f%%)", names[i],
				fz_reached[i], 100.0 * fz_reached[i] / all);
	fprintf(stderr, "\n");
}

/* @mask: the stages (1 << enum fz_stage) this harness counts */
static inline void fz_stages(unsigned int mask)
{
	fz_mask = mask | 1u << FZ_INPUTS;
	atexit(fz_stages_print);
}

#define FZ_APPLY_STAGES	(1u << FZ_READ | 1u << FZ_PLANNED | \
			 1u << FZ_PATCHED | 1u << FZ_CHECKED)

/*
 * The host tool's gate, in its order: fdt_check_full() of Debian's libfdt
 * 1.6.1 dereferences NULL on a tree older than version 17 (found by
 * fuzz_policy) and loops for ever on a property of length -12 (found by
 * fuzz_apply), so such trees are refused first.
 */
static inline int fz_valid(const void *fdt, size_t size)
{
	return size >= sizeof(struct fdt_header) && !fdt_check_header(fdt) &&
	       fdt_totalsize(fdt) <= size && fdt_version(fdt) >= 17 &&
	       !dmc_check_structure(fdt, "DT", NULL) &&
	       !fdt_check_full(fdt, size);
}

/*
 * An input past the gate, counted (FZ_INPUTS, FZ_VALID), in a copy of its
 * exact size so that ASan sees any over-read; NULL if the gate refuses it.
 */
static inline void *fz_gated_copy(const uint8_t *data, size_t size)
{
	void *fdt;

	fz_reached[FZ_INPUTS]++;
	if (!fz_valid(data, size))
		return NULL;
	fz_reached[FZ_VALID]++;
	fdt = malloc(size);
	memcpy(fdt, data, size);
	return fdt;
}

static inline void *fz_load_env(const char *var)
{
	const char *path = getenv(var);
	void *buf;
	FILE *f;
	long n;

	if (!path || !(f = fopen(path, "rb"))) {
		fprintf(stderr, "fuzz: set %s to a .dtb\n", var);
		abort();
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n);
	if (!buf || fread(buf, 1, n, f) != (size_t)n)
		abort();
	fclose(f);
	return buf;
}

/*
 * Error findings of the input, by rule and path: dmc_apply() leaves nodes the
 * policy does not name alone (a second, unlisted host bridge keeps its R24),
 * so the output may keep the input's errors but must add none.
 */
#define FZ_MAXF	64
struct fz_findings {
	unsigned int n;
	int extra;
	bool full;
	char key[FZ_MAXF][8 + DMC_PATH_MAX];
};

static void fz_collect(const struct dmc_finding *f, void *ctx)
{
	struct fz_findings *fs = ctx;

	if (f->sev != DMC_SEV_ERROR)
		return;
	if (fs->n == FZ_MAXF)
		fs->full = true;	/* too many to compare: skip the check */
	else
		snprintf(fs->key[fs->n++], sizeof(fs->key[0]), "%s %s",
			 f->rule, f->path);
}

static void fz_new_error(const struct dmc_finding *f, void *ctx)
{
	struct fz_findings *fs = ctx;
	char key[8 + DMC_PATH_MAX];
	unsigned int i;

	if (f->sev != DMC_SEV_ERROR || fs->full)
		return;
	snprintf(key, sizeof(key), "%s %s", f->rule, f->path);
	for (i = 0; i < fs->n; i++)
		if (!strcmp(key, fs->key[i]))
			return;
	fprintf(stderr, "fixup output adds error %s: %s\n", key, f->msg);
	fs->extra++;
}

/* Aborts with @what, and the core's reason when @err has one. */
static inline void fz_fail(const char *what, const struct dmc_err *err)
{
	fflush(stdout);	/* the model's reasons, before abort() drops them */
	fprintf(stderr, "%s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
	abort();
}

static inline bool fz_failed(const struct dmc_plan *plan)
{
	unsigned int d;

	for (d = 0; d < plan->nwin; d++)
		if (plan->win[d].state == DMC_DOM_FAILED)
			return true;
	return false;
}

/*
 * Reading, planning and applying again on @out gives the same plan and the
 * same bytes. Only a run that disabled a host (on-error "disable" and a
 * failed domain) may be refused the second time: the host's own status is
 * gone, which the fixup says.
 */
static inline void fz_reapply(const void *out, const struct dmc_policy *pol,
			      const struct dmc_plan *plan)
{
	static unsigned char again[FZ_OUT], scratch[FZ_OUT];
	static struct dmc_fixup_ws ws;
	static struct dmc_osdt osdt;
	struct dmc_err err = { 0 };
	struct dmc_memmap mm;
	struct dmc_plan p2;

	dmc_memmap_init(&mm);
	if (fdt_open_into(out, again, FZ_OUT))
		fz_fail("cannot copy the output", NULL);
	if (dmc_read(again, pol, true, &mm, &osdt, &err))
		fz_fail("the output cannot be read again", &err);
	dmc_plan(pol, &osdt, &mm, DMC_ARCH_UNSET, &p2, &err);
	if (p2.hash != plan->hash)
		fz_fail("planning the output gives another plan", &err);
	if (dmc_apply(again, FZ_OUT, scratch, FZ_OUT, pol, &p2, &ws, &err)) {
		if (pol->on_error == DMC_ON_ERROR_DISABLE && fz_failed(plan))
			return;
		fz_fail("re-applying to the output fails", &err);
	}
	if (fdt_totalsize(again) != fdt_totalsize(out) ||
	    memcmp(again, out, fdt_totalsize(out)))
		fz_fail("re-applying to the output changes it", NULL);
}

/*
 * Every invariant a finished apply must meet, win or lose: read, plan and
 * apply to a copy of @os (past the gate) in the guarded buffer, as U-Boot
 * patches its DT where it lies. A refused read or apply names a reason, and
 * a failed apply leaves that copy byte-identical. A result is a valid DTB
 * that adds no error finding to the input's; it holds exactly the plan's
 * pools, each window in the DRAM read and clear of every reservation
 * (oracle.h); Linux (the model) confines every planned domain; and a
 * re-apply gives the same bytes. Counts the stages of FZ_APPLY_STAGES.
 */
static inline void fz_apply(const void *os, size_t size,
			    const struct dmc_policy *pol)
{
	static unsigned char before[FZ_OUT], scratch[FZ_OUT];
	static struct dmc_fixup_ws ws;
	static struct fz_findings fs;
	static struct dmc_osdt osdt;
	struct dmc_check_opts o = { 0 };
	struct dmc_memmap mm;
	struct dmc_plan plan;
	struct dmc_err err;
	bool planned = false;
	const char *why;
	void *copy, *out;
	unsigned int d;
	int ret;

	copy = malloc(size);
	memcpy(copy, os, size);
	dmc_memmap_init(&mm);
	out = fz_out_buf();
	err.msg[0] = '\0';
	if (dmc_read(os, pol, true, &mm, &osdt, &err)) {
		if (!err.msg[0])
			fz_fail("a refused read names no reason", NULL);
		goto done;
	}
	if (fdt_open_into(os, out, FZ_OUT))
		goto done;
	fz_reached[FZ_READ]++;
	dmc_plan(pol, &osdt, &mm, DMC_ARCH_UNSET, &plan, &err);
	for (d = 0; d < plan.nwin; d++)
		if (plan.win[d].state == DMC_DOM_PLANNED) {
			planned = true;
			fz_reached[FZ_PLANNED]++;
			break;
		}
	memcpy(before, out, FZ_OUT);
	err.msg[0] = '\0';
	ret = dmc_apply(out, FZ_OUT, scratch, FZ_OUT, pol, &plan, &ws, &err);
	fz_check_guards();
	if (ret) {
		if (memcmp(before, out, FZ_OUT))
			fz_fail("a failed apply changed the DT", &err);
		if (!err.msg[0])
			fz_fail("a failed apply names no reason", NULL);
		goto done;
	}
	fz_reached[FZ_PATCHED]++;
	if (fdt_check_full(out, FZ_OUT))
		fz_fail("fixup output is not a valid DTB", NULL);
	if ((why = fo_placement(os, &plan, &mm)) ||
	    (why = fo_pools_added(os, out, &plan)))
		fz_fail(why, NULL);
	if (planned && lm_judge(out, pol, &plan))
		fz_fail("Linux would not confine what the plan says is confined",
		       NULL);
	fz_reapply(out, pol, &plan);
	fs.n = 0;
	fs.extra = 0;
	fs.full = false;
	o.arch = plan.arch;
	dmc_check(os, &o, fz_collect, &fs, NULL, &fz_check_ws);
	if (dmc_check(out, &o, fz_new_error, &fs, NULL, &fz_check_ws) == -DMC_E_BADFDT ||
	    fs.extra)
		abort();
	fz_reached[FZ_CHECKED]++;
done:
	if (memcmp(copy, os, size))
		fz_fail("the input DT was modified", NULL);
	free(copy);
}

#endif /* DMACAGE_FUZZ_COMMON_H */
