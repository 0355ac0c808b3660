// SPDX-License-Identifier: GPL-2.0+
/*
 * Fault injection for dmc_fixup() and dmc_fixup_inplace() on every example
 * tree: every output size from "exactly enough" down to 1 must end in
 * -DMC_E_NOSPACE with the input byte-identical, exactly enough must succeed
 * and pass dmc_check(), and failing the k-th libfdt write (for every k) must
 * fail the whole fixup and leave the input byte-identical.
 *
 * The fixup has no "fail the k-th write" hook, so this file interposes the
 * libfdt sequential-write calls it uses: the core objects are linked into the
 * test binary and libfdt is a shared library, so these definitions win over
 * libfdt's and forward to the real ones via dlsym(RTLD_NEXT) until the
 * countdown hits zero, then return -FDT_ERR_NOSPACE as a full buffer would.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "ut.h"
#include "dtload.h"

#define OUT_SIZE	(1 << 20)

static char out[OUT_SIZE], before[OUT_SIZE], work[OUT_SIZE];
static struct dmc_fixup_ws ws;	/* as firmware keeps it: off the stack */
static int fail_at = -1;	/* writes left before the injected one */
static int nwrites;

/* Counts a write; true when this one must fail. */
static int inject(void)
{
	nwrites++;
	return fail_at >= 0 && fail_at-- == 0;
}

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int fdt_property(void *fdt, const char *name, const void *val, int len)
{
	return inject() ? -FDT_ERR_NOSPACE : REAL(fdt_property)(fdt, name, val, len);
}

int fdt_begin_node(void *fdt, const char *name)
{
	return inject() ? -FDT_ERR_NOSPACE : REAL(fdt_begin_node)(fdt, name);
}

int fdt_end_node(void *fdt)
{
	return inject() ? -FDT_ERR_NOSPACE : REAL(fdt_end_node)(fdt);
}

int fdt_add_reservemap_entry(void *fdt, uint64_t addr, uint64_t size)
{
	return inject() ? -FDT_ERR_NOSPACE :
	       REAL(fdt_add_reservemap_entry)(fdt, addr, size);
}

int fdt_finish_reservemap(void *fdt)
{
	return inject() ? -FDT_ERR_NOSPACE : REAL(fdt_finish_reservemap)(fdt);
}

int fdt_finish(void *fdt)
{
	return inject() ? -FDT_ERR_NOSPACE : REAL(fdt_finish)(fdt);
}

static const char *const cases[][2] = {
	{ "dts/examples/qemu-virt-arm64.dts", "dts/examples/policy-virt-hostbridge.dts" },
	{ "dts/examples/qemu-virt-arm64.dts", "dts/examples/policy-virt-endpoint.dts" },
	{ "dts/examples/qemu-virt-arm.dts", "dts/examples/policy-virt-hostbridge.dts" },
	{ "dts/examples/qemu-virt-arm.dts", "dts/examples/policy-arm32-lowmem.dts" },
	{ "dts/examples/stb-brcm.dts", "dts/examples/policy-stb.dts" },
	{ "dts/examples/virt-usb-endpoint.dts", "dts/examples/policy-virt-endpoint.dts" },
};

static int check_clean(const void *fdt, enum dmc_arch arch)
{
	struct dmc_check_opts o = { .arch = arch };
	struct dmc_check_sum s;

	return !fdt_check_full(fdt, fdt_totalsize(fdt)) &&
	       dmc_check(fdt, &o, NULL, NULL, &s) == 0 && s.errors == 0;
}

static int one_case(const char *os, const char *policy)
{
	struct dt_case c;
	int exact, size, k, writes, ret, insize;

	UT_ASSERT(!dt_case_load(&c, os, policy, DMC_ARCH_UNSET));
	insize = fdt_totalsize(c.os);
	memcpy(before, c.os, insize);

	nwrites = 0;
	UT_ASSERT_EQ(0, dmc_fixup(c.os, out, sizeof(out), &c.pol, &c.plan,
				  &c.err));
	writes = nwrites;
	exact = fdt_totalsize(out);
	UT_ASSERT(writes > 0);

	/* Exactly enough succeeds and the result is clean. */
	UT_ASSERT_EQ(0, dmc_fixup(c.os, out, exact, &c.pol, &c.plan, &c.err));
	UT_ASSERT(check_clean(out, c.plan.arch));

	/* Every smaller size: NOSPACE, input untouched. */
	for (size = exact - 1; size > 0; size--) {
		ret = dmc_fixup(c.os, out, size, &c.pol, &c.plan, &c.err);
		if (ret != -DMC_E_NOSPACE)
			UT_FAIL("%s: size %d of %d: got %d, want NOSPACE", os,
				size, exact, ret);
		if (memcmp(before, c.os, insize))
			UT_FAIL("%s: size %d changed the input", os, size);
	}

	/* The k-th libfdt write fails: the fixup fails, input untouched. */
	for (k = 0; k < writes; k++) {
		fail_at = k;
		ret = dmc_fixup(c.os, out, sizeof(out), &c.pol, &c.plan,
				&c.err);
		fail_at = -1;
		if (ret >= 0)
			UT_FAIL("%s: write %d of %d failed, fixup said %d", os,
				k, writes, ret);
		if (memcmp(before, c.os, insize))
			UT_FAIL("%s: write %d failing changed the input", os, k);

		/* In place: the DT in its buffer must be byte-identical. */
		memcpy(work, c.os, insize);
		fail_at = k;
		ret = dmc_fixup_inplace(work, insize + 65536, out, sizeof(out),
					&c.pol, &c.plan, &ws, &c.err);
		fail_at = -1;
		if (ret >= 0 || memcmp(before, work, insize))
			UT_FAIL("%s: in place, write %d failing: ret %d, %s",
				os, k, ret, memcmp(before, work, insize) ?
				"input changed" : "input kept");
	}
	printf("  %s + %s: %d bytes, %d writes, every size and write failed cleanly\n",
	       os, policy, exact, writes);
	dt_case_free(&c);
	return 0;
}

static int test_every_case(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (one_case(cases[i][0], cases[i][1]))
			return 1;
	return 0;
}

/*
 * Found by fuzz_apply: libfdt 1.6.1's fdt_check_full() accepts a property
 * whose length is -2 (its tag walk lands on the same aligned offset as for
 * length 0). The fixup must refuse it as a bad DTB, not memcpy (size_t)-2.
 */
static int test_negative_property_length(void)
{
	struct fdt_property *prop;
	struct dt_case c;
	int node, off;

	UT_ASSERT(!dt_case_load(&c, cases[0][0], cases[0][1], DMC_ARCH_UNSET));
	node = fdt_path_offset(c.os, "/chosen");
	UT_ASSERT(node >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(c.os, node, "handle", NULL, 0));
	fdt_for_each_property_offset(off, c.os, node) {
		prop = (struct fdt_property *)
			fdt_get_property_by_offset(c.os, off, NULL);
		if (!strcmp(fdt_string(c.os, fdt32_to_cpu(prop->nameoff)),
			    "handle"))
			prop->len = cpu_to_fdt32(-2);
	}
	UT_ASSERT_EQ(0, fdt_check_full(c.os, fdt_totalsize(c.os)));
	memcpy(before, c.os, fdt_totalsize(c.os));
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_fixup(c.os, out, sizeof(out), &c.pol,
					      &c.plan, &c.err));
	UT_ASSERT(!memcmp(before, c.os, fdt_totalsize(c.os)));
	dt_case_free(&c);
	return 0;
}

int main(void)
{
	UT_RUN(test_every_case);
	UT_RUN(test_negative_property_length);	/* last: ASan aborts on it */
	return ut_done();
}
