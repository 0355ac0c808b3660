// SPDX-License-Identifier: GPL-2.0+
/*
 * The example policies in dts/examples/ compile with dtc without warnings
 * and parse to what their comments promise. Needs dtc (SKIP without it);
 * runs from the top of the tree, as test/unit/suite.sh does.
 */
#include <dmacage/dmacage.h>
#include "ut.h"
#include <unistd.h>

static char blob[16384];

static int load(const char *dts, struct dmc_policy *pol, struct dmc_err *err)
{
	char out[] = "/tmp/dmacage-policy-XXXXXX", cmd[768];
	FILE *f;
	size_t n;
	int fd, ret;

	fd = mkstemp(out);
	if (fd < 0)
		return -1;
	close(fd);
	/* a warning fails the example as much as an error does */
	snprintf(cmd, sizeof(cmd),
		 "dtc -I dts -O dtb -o %s dts/examples/%s 2>%s.err && ! test -s %s.err; "
		 "r=$?; cat %s.err; rm -f %s.err; exit $r",
		 out, dts, out, out, out, out);
	ret = system(cmd);
	f = ret == 0 ? fopen(out, "rb") : NULL;
	n = f ? fread(blob, 1, sizeof(blob), f) : 0;
	if (f)
		fclose(f);
	unlink(out);
	if (!n) {
		printf("FAIL: %s: dtc failed or warned on %s\n", ut_current, dts);
		return -1;
	}
	ret = dmc_policy_find(blob);
	if (ret < 0)
		return ret;
	return dmc_policy_parse(blob, ret, pol, err);
}

#define LOAD(name) do { \
	int r_ = load(name, &pol, &err); \
	if (r_) \
		UT_FAIL("%s: %d %s: %s", name, r_, err.where, err.msg); \
} while (0)

static int test_example_virt_hostbridge(void)
{
	struct dmc_policy pol;
	struct dmc_err err = { 0 };

	LOAD("policy-virt-hostbridge.dts");
	UT_ASSERT_EQ(DMC_ON_ERROR_DISABLE, pol.on_error);
	UT_ASSERT_EQ(1, pol.ndomains);
	UT_ASSERT_STR("pcie0", pol.dom[0].name);
	UT_ASSERT_STR("/pcie@10000000", pol.dom[0].host);
	UT_ASSERT_EQ(32 << 20, pol.dom[0].restricted_size);
	UT_ASSERT_EQ(4 << 20, pol.dom[0].coherent_size);
	UT_ASSERT_EQ(0, pol.dom[0].nendpoints);
	return 0;
}

static int test_example_virt_endpoint(void)
{
	struct dmc_policy pol;
	struct dmc_err err = { 0 };

	LOAD("policy-virt-endpoint.dts");
	UT_ASSERT_EQ(1, pol.dom[0].nendpoints);
	UT_ASSERT_EQ(2, pol.dom[0].ep[0].nhops);
	UT_ASSERT_EQ(1 << 3, pol.dom[0].ep[0].devfn[0]);
	UT_ASSERT_EQ(0, pol.dom[0].ep[0].devfn[1]);
	return 0;
}

static int test_example_stb(void)
{
	struct dmc_policy pol;
	struct dmc_err err = { 0 };

	LOAD("policy-stb.dts");
	UT_ASSERT_EQ(DMC_ARCH_ARM64, pol.arch);
	UT_ASSERT_STR("/pcie@8b20000", pol.dom[0].host);
	UT_ASSERT_EQ(0x2400000, pol.dom[0].restricted_size);
	UT_ASSERT_EQ(0, pol.dom[0].coherent_size);
	UT_ASSERT_EQ(2, pol.dom[0].ep[0].nhops);
	UT_ASSERT_EQ(32, pol.dom[0].dma_bits);
	return 0;
}

static int test_example_arm32(void)
{
	struct dmc_policy pol;
	struct dmc_err err = { 0 };

	LOAD("policy-arm32-lowmem.dts");
	UT_ASSERT_EQ(DMC_ARCH_ARM, pol.arch);
	UT_ASSERT_EQ(DMC_ON_ERROR_HALT, pol.on_error);
	UT_ASSERT(pol.has_vmalloc);
	UT_ASSERT_EQ(256 << 20, pol.vmalloc_size);
	UT_ASSERT(pol.dom[0].has_limit);
	UT_ASSERT_EQ(0x60000000, pol.dom[0].limit);
	return 0;
}

int main(void)
{
	if (system("dtc --version >/dev/null 2>&1")) {
		printf("SKIP: policy examples: dtc is not installed\n");
		return 0;
	}
	UT_RUN(test_example_virt_hostbridge);
	UT_RUN(test_example_virt_endpoint);
	UT_RUN(test_example_stb);
	UT_RUN(test_example_arm32);
	return ut_done();
}
