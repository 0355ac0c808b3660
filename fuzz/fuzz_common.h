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

#define FZ_GUARD	4096
#define FZ_OUT		(256 * 1024)
#define FZ_CANARY	0xa5

static unsigned char fz_out[FZ_GUARD + FZ_OUT + FZ_GUARD];

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
 * Error findings of the input, by rule and path: dmc_fixup() leaves nodes the
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

/*
 * U-Boot's way, one walk for the three steps, must give what the steps
 * give alone: the same results, memory map, plan and output bytes.
 */
static inline void fz_same_on_one_walk(const void *os,
				       const struct dmc_policy *pol, int mret,
				       const struct dmc_memmap *mm,
				       const struct dmc_plan *plan, int fret,
				       const void *out)
{
	static struct dmc_fixup_ws ws;
	static struct dmc_memmap mm2;
	static struct dmc_plan plan2;
	static char out2[FZ_OUT];
	struct dmc_err err;
	int ret;

	dmc_memmap_init(&mm2);
	ret = dmc_scan(os, pol, &ws, &err) ?:
	      dmc_memmap_scanned(os, &ws, &mm2, true, &err);
	if (ret != mret || (!ret && memcmp(mm, &mm2, sizeof(mm2)))) {
		fprintf(stderr, "one walk: memory map differs (%d, %d)\n",
			mret, ret);
		abort();
	}
	if (ret)
		return;
	dmc_plan_scanned(pol, os, &ws, &mm2, DMC_ARCH_UNSET, &plan2, &err);
	ret = dmc_fixup_scanned(os, out2, FZ_OUT, &plan2, &ws, &err);
	if (memcmp(plan, &plan2, sizeof(plan2)) || ret != fret ||
	    (!ret && memcmp(out, out2, fdt_totalsize(out)))) {
		fprintf(stderr, "one walk: plan or fixup differs (%d, %d)\n",
			fret, ret);
		abort();
	}
}

/* Every invariant a finished apply must meet, win or lose. */
static inline void fz_apply(const void *os, size_t size,
			    const struct dmc_policy *pol)
{
	struct dmc_check_opts o = { 0 };
	static struct fz_findings fs;
	struct dmc_memmap mm;
	struct dmc_plan plan;
	struct dmc_err err;
	void *copy, *out;
	int ret;

	if (!fz_valid(os, size))
		return;	/* the boot code calls fdt_check_header() first too */
	copy = malloc(size);
	memcpy(copy, os, size);
	dmc_memmap_init(&mm);
	ret = dmc_memmap_from_fdt(os, &mm, true, &err);
	if (ret) {
		fz_same_on_one_walk(os, pol, ret, &mm, NULL, 0, NULL);
	} else {
		dmc_plan_compute(pol, os, &mm, DMC_ARCH_UNSET, &plan, &err);
		out = fz_out_buf();
		ret = dmc_fixup(os, out, FZ_OUT, pol, &plan, &err);
		fz_check_guards();
		fz_same_on_one_walk(os, pol, 0, &mm, &plan, ret, out);
		if (ret == 0) {
			if (fdt_check_full(out, fdt_totalsize(out)) ||
			    fdt_totalsize(out) > FZ_OUT) {
				fprintf(stderr, "fixup output is not a valid DTB\n");
				abort();
			}
			fs.n = 0;
			fs.extra = 0;
			fs.full = false;
			o.arch = plan.arch;
			dmc_check(os, &o, fz_collect, &fs, NULL);
			if (dmc_check(out, &o, fz_new_error, &fs, NULL) ==
			    -DMC_E_BADFDT || fs.extra)
				abort();
		}
	}
	if (memcmp(copy, os, size)) {
		fprintf(stderr, "the input DT was modified\n");
		abort();
	}
	free(copy);
}

#endif /* DMACAGE_FUZZ_COMMON_H */
