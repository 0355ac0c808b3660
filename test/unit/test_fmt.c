// SPDX-License-Identifier: GPL-2.0+
/* dmc_vfmt()/dmc_fmt(), dmc_fail() and dmc_strerror() edge cases. */
#include <dmacage/dmacage.h>
#include "ut.h"

#define FMT_EQ(expect, ...) do { \
	char b_[128]; \
	int n_ = dmc_fmt(b_, sizeof(b_), __VA_ARGS__); \
	UT_ASSERT_STR(expect, b_); \
	UT_ASSERT_EQ((int)strlen(expect), n_); \
} while (0)

static int test_fmt_ints(void)
{
	FMT_EQ("0", "%d", 0);
	FMT_EQ("-42", "%d", -42);
	FMT_EQ("-2147483648", "%d", (int)0x80000000);
	FMT_EQ("-9223372036854775808", "%lld", (long long)(-9223372036854775807LL - 1));
	FMT_EQ("4294967295", "%u", 0xffffffffu);
	FMT_EQ("18446744073709551615", "%llu", ~0ULL);
	FMT_EQ("ffffffffffffffff", "%llx", ~0ULL);
	FMT_EQ("DEADBEEF", "%X", 0xdeadbeefu);
	FMT_EQ("123", "%zu", (size_t)123);
	FMT_EQ("-7", "%ld", -7L);
	return 0;
}

static int test_fmt_width_flags(void)
{
	FMT_EQ("0x00001000", "0x%08x", 0x1000);
	FMT_EQ("   42", "%5d", 42);
	FMT_EQ("42   |", "%-5d|", 42);
	FMT_EQ("-0042", "%05d", -42);
	FMT_EQ("  ab", "%4s", "ab");
	FMT_EQ("ab  |", "%-4s|", "ab");
	FMT_EQ("abc", "%.3s", "abcdef");
	FMT_EQ("toolong", "%3s", "toolong");
	FMT_EQ("x", "%c", 'x');
	FMT_EQ("100%", "100%%");
	FMT_EQ("(null)", "%s", (char *)NULL);
	FMT_EQ("0x1f", "%p", (void *)0x1f);
	/* unknown conversions are shown, not swallowed */
	FMT_EQ("%q", "%q");
	FMT_EQ("%", "%");
	return 0;
}

static int test_fmt_human(void)
{
	FMT_EQ("0 B", "%H", (uint64_t)0);
	FMT_EQ("1000 B", "%H", (uint64_t)1000);
	FMT_EQ("1023 B", "%H", (uint64_t)1023);
	FMT_EQ("4 KiB", "%H", (uint64_t)4096);
	FMT_EQ("1.5 KiB", "%H", (uint64_t)1536);
	FMT_EQ("32 MiB", "%H", (uint64_t)32 << 20);
	FMT_EQ("36 MiB", "%H", (uint64_t)0x2400000);
	FMT_EQ("1.5 GiB", "%H", (uint64_t)3 << 29);
	FMT_EQ("4 GiB", "%H", 0x100000000ULL);
	/* 36.25 MiB is not exact with one decimal: fall back to KiB */
	FMT_EQ("37120 KiB", "%H", (uint64_t)0x2440000);
	FMT_EQ("1025 B", "%H", (uint64_t)1025);
	FMT_EQ("15 EiB", "%H", (15ULL << 60));
	FMT_EQ("18446744073709551615 B", "%H", ~0ULL);
	FMT_EQ("15.5 EiB", "%H", (31ULL << 59));
	FMT_EQ("[  32 MiB]", "[%8H]", (uint64_t)32 << 20);
	return 0;
}

/* %M: one unit for sizes that are compared, cut down to one decimal */
static int test_fmt_mib(void)
{
	FMT_EQ("884 MiB", "%M", (uint64_t)884 << 20);
	FMT_EQ("1024 MiB", "%M", 1ULL << 30);
	/* 880236 KiB is 859.61 MiB: cut down, never rounded up */
	FMT_EQ("859.6 MiB", "%M", 880236ULL << 10);
	FMT_EQ("36.2 MiB", "%M", (uint64_t)0x2440000);
	FMT_EQ("1 MiB", "%M", (1ULL << 20) + 1);
	/* below 1 MiB as %H */
	FMT_EQ("512 KiB", "%M", (uint64_t)512 << 10);
	FMT_EQ("17592186044415.9 MiB", "%M", ~0ULL);
	return 0;
}

static int test_fmt_truncation(void)
{
	char b[8];
	int n;

	memset(b, 'z', sizeof(b));
	n = dmc_fmt(b, sizeof(b), "%s-%d", "abcdef", 12345);
	UT_ASSERT_EQ(12, n);
	UT_ASSERT_STR("abcdef-", b);
	/* size 1: only the terminator */
	n = dmc_fmt(b, 1, "hello");
	UT_ASSERT_EQ(5, n);
	UT_ASSERT_EQ(0, b[0]);
	/* size 0: nothing written, length still reported */
	b[0] = 'q';
	n = dmc_fmt(b, 0, "hello %H", (uint64_t)4096);
	UT_ASSERT_EQ(11, n);
	UT_ASSERT_EQ('q', b[0]);
	return 0;
}

static int test_fail_and_strerror(void)
{
	struct dmc_err e;
	int ret;

	memset(&e, 0x55, sizeof(e));
	ret = dmc_fail(&e, -DMC_E_NOFIT, "pcie0", "need %H", (uint64_t)36 << 20);
	UT_ASSERT_EQ(-DMC_E_NOFIT, ret);
	UT_ASSERT_EQ(-DMC_E_NOFIT, e.code);
	UT_ASSERT_STR("pcie0", e.where);
	UT_ASSERT_STR("need 36 MiB", e.msg);
	ret = dmc_fail(&e, -DMC_E_POLICY, NULL, "x");
	UT_ASSERT_STR("", e.where);
	UT_ASSERT_EQ(-DMC_E_POLICY, dmc_fail(NULL, -DMC_E_POLICY, "a", "b"));
	UT_ASSERT_STR("impossible plan", dmc_strerror(-DMC_E_NOFIT));
	UT_ASSERT_STR("impossible plan", dmc_strerror(DMC_E_NOFIT));
	UT_ASSERT_STR("success", dmc_strerror(0));
	UT_ASSERT_STR("unknown error", dmc_strerror(-DMC_E_COUNT));
	/* libfdt codes are distinct from ours and named by libfdt */
	UT_ASSERT(-FDT_ERR_NOTFOUND != -DMC_E_BADFDT);
	UT_ASSERT_STR(fdt_strerror(-FDT_ERR_NOTFOUND),
		      dmc_strerror(-FDT_ERR_NOTFOUND));
	for (ret = DMC_E_BADFDT; ret < DMC_E_COUNT; ret++)
		UT_ASSERT(strcmp(dmc_strerror(-ret), "unknown error"));
	return 0;
}

int main(void)
{
	UT_RUN(test_fmt_ints);
	UT_RUN(test_fmt_width_flags);
	UT_RUN(test_fmt_human);
	UT_RUN(test_fmt_mib);
	UT_RUN(test_fmt_truncation);
	UT_RUN(test_fail_and_strerror);
	return ut_done();
}
