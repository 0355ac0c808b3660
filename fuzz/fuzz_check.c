// SPDX-License-Identifier: GPL-2.0+
/* The rules checker on an arbitrary DTB, for both architectures. */
#include "fuzz_common.h"

static void count(const struct dmc_finding *f, void *ctx)
{
	if (!memchr(f->path, 0, sizeof(f->path)) ||
	    !memchr(f->msg, 0, sizeof(f->msg)))
		abort();	/* an unterminated finding */
	++*(unsigned int *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmc_check_opts o = { .arch = DMC_ARCH_ARM64 };
	struct dmc_check_sum s;
	unsigned int n = 0;
	void *fdt;

	if (size < sizeof(struct fdt_header))
		return 0;
	fdt = malloc(size);
	memcpy(fdt, data, size);
	if (fz_valid(fdt, size)) {
		dmc_check(fdt, &o, count, &n, &s);
		o.arch = DMC_ARCH_ARM;
		dmc_check(fdt, &o, count, &n, &s);
	}
	free(fdt);
	return 0;
}
