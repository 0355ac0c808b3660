// SPDX-License-Identifier: GPL-2.0+
/*
 * Fault injection for dmc_apply() on every example
 * tree. The fixup writes through its own writer (lib/dmacage/fdtw.c), which
 * reserves room for the strings block as it goes, so its only failure is a
 * write that does not fit. Every output size from "exactly enough" down to 1
 * therefore makes each write in turn the one that fails: each must end in
 * -DMC_E_NOSPACE with the input byte-identical (in place: the DT in its
 * buffer byte-identical), and exactly enough must succeed and pass
 * fdt_check_full() and dmc_check().
 */
#include "ut.h"
#include "dtload.h"

static struct dmc_check_ws check_ws;

#define OUT_SIZE	(1 << 20)

static char out[OUT_SIZE], before[OUT_SIZE], work[OUT_SIZE];
static struct dmc_fixup_ws ws;	/* as firmware keeps it: off the stack */

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
	       dmc_check(fdt, &o, NULL, NULL, &s, &check_ws) == 0 && s.errors == 0;
}

static int one_case(const char *os, const char *policy)
{
	struct dt_case c;
	int exact, size, ret, insize;

	UT_ASSERT(!dt_case_load(&c, os, policy, DMC_ARCH_UNSET));
	insize = fdt_totalsize(c.os);
	memcpy(before, c.os, insize);

	UT_ASSERT_EQ(0, dt_fixup(c.os, out, sizeof(out), &c.pol, &c.plan,
				  &c.err));
	exact = fdt_totalsize(out);

	/* Exactly enough succeeds and the result is clean. */
	UT_ASSERT_EQ(0, dt_fixup(c.os, out, exact, &c.pol, &c.plan, &c.err));
	UT_ASSERT(check_clean(out, c.plan.arch));

	for (size = exact - 1; size > 0; size--) {
		/* Every smaller size: NOSPACE, input untouched. */
		ret = dt_fixup(c.os, out, size, &c.pol, &c.plan, &c.err);
		if (ret != -DMC_E_NOSPACE)
			UT_FAIL("%s: size %d of %d: got %d, want NOSPACE", os,
				size, exact, ret);
		if (memcmp(before, c.os, insize))
			UT_FAIL("%s: size %d changed the input", os, size);

		/* In place, with a scratch that small: the DT is kept. */
		memcpy(work, c.os, insize);
		ret = dmc_apply(work, insize + 65536, out, size,
					&c.pol, &c.plan, &ws, &c.err);
		if (ret != -DMC_E_NOSPACE || memcmp(before, work, insize))
			UT_FAIL("%s: in place, scratch %d: ret %d, %s", os,
				size, ret, memcmp(before, work, insize) ?
				"input changed" : "input kept");
	}
	printf("  %s + %s: %d bytes; every smaller size failed cleanly, in a fresh buffer and in place\n",
	       os, policy, exact);
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

/* Give /chosen's property "handle" the length @len. */
static int set_handle_len(struct dt_case *c, int32_t len)
{
	struct fdt_property *prop;
	int node, off;

	node = fdt_path_offset(c->os, "/chosen");
	UT_ASSERT(node >= 0);
	UT_ASSERT_EQ(0, fdt_setprop(c->os, node, "handle", NULL, 0));
	fdt_for_each_property_offset(off, c->os, node) {
		prop = (struct fdt_property *)
			fdt_get_property_by_offset(c->os, off, NULL);
		if (!strcmp(fdt_string(c->os, fdt32_to_cpu(prop->nameoff)),
			    "handle")) {
			/* stop here: with -12, libfdt cannot walk past it */
			prop->len = cpu_to_fdt32((uint32_t)len);
			return 0;
		}
	}
	UT_FAIL("no property \"handle\" in /chosen");
}

/*
 * Found by fuzz_apply: libfdt 1.6.1's fdt_check_full() accepts a property
 * whose length is -2 (its tag walk lands on the same aligned offset as for
 * length 0). The fixup must refuse it as a bad DTB, not memcpy (size_t)-2.
 */
static int test_negative_property_length(void)
{
	struct dt_case c;

	UT_ASSERT(!dt_case_load(&c, cases[0][0], cases[0][1], DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, set_handle_len(&c, -2));
	UT_ASSERT_EQ(0, fdt_check_full(c.os, fdt_totalsize(c.os)));
	memcpy(before, c.os, fdt_totalsize(c.os));
	UT_ASSERT_EQ(-DMC_E_BADFDT, dt_fixup(c.os, out, sizeof(out), &c.pol,
					      &c.plan, &c.err));
	UT_ASSERT(!memcmp(before, c.os, fdt_totalsize(c.os)));
	dt_case_free(&c);
	return 0;
}

/*
 * Found by fuzz_apply: with a length of -12, libfdt 1.6.1's fdt_next_tag()
 * returns the tag's own offset as the next one, so fdt_check_full(),
 * fdt_path_offset() and every other walk loop for ever. Every entry point
 * must refuse such a tree before any libfdt lookup (a hang here is the
 * failure: the suite's run would not end).
 */
static int test_length_that_hangs_libfdt(void)
{
	struct dmc_memmap mm;
	struct dt_case c;

	UT_ASSERT(!dt_case_load(&c, cases[0][0], cases[0][1], DMC_ARCH_UNSET));
	UT_ASSERT_EQ(0, set_handle_len(&c, -12));
	memcpy(before, c.os, fdt_totalsize(c.os));
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_check_structure(c.os, "OS DT", &c.err));
	UT_ASSERT_CONTAINS("negative length", c.err.msg);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_check(c.os, NULL, NULL, NULL, NULL, &check_ws));
	dmc_memmap_init(&mm);
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_read(c.os, &c.pol, true, &mm, &c.osdt,
					      &c.err));
	UT_ASSERT_EQ(-DMC_E_BADFDT, dt_fixup(c.os, out, sizeof(out), &c.pol,
					      &c.plan, &c.err));
	UT_ASSERT(!memcmp(before, c.os, fdt_totalsize(c.os)));
	/* the same length in a policy */
	UT_ASSERT_EQ(-DMC_E_POLICY, dmc_policy_find(c.os));
	dt_case_free(&c);
	return 0;
}

int main(void)
{
	UT_RUN(test_every_case);
	UT_RUN(test_negative_property_length);
	UT_RUN(test_length_that_hangs_libfdt);	/* last: ASan aborts on it */
	return ut_done();
}
