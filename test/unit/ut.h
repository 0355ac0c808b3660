/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Minimal unit-test harness in the spirit of U-Boot's ut: each test is a
 * function returning 0; assertions print the failing expression and return
 * from the test. Output follows scripts/run-tests.sh: "PASS: name" or
 * "FAIL: name: why".
 *
 *	static int test_foo(void) { UT_ASSERT_EQ(1, f()); return 0; }
 *	int main(void) { UT_RUN(test_foo); return ut_done(); }
 */
#ifndef DMACAGE_UT_H
#define DMACAGE_UT_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ut_failed_count;
static const char *ut_current;

#define UT_FAIL(...) do { \
	printf("FAIL: %s: %s:%d: ", ut_current, __FILE__, __LINE__); \
	printf(__VA_ARGS__); \
	printf("\n"); \
	return -1; \
} while (0)

#define UT_ASSERT(cond) do { \
	if (!(cond)) \
		UT_FAIL("assertion failed: %s", #cond); \
} while (0)

#define UT_ASSERT_EQ(expect, got) do { \
	long long ut_e_ = (long long)(expect), ut_g_ = (long long)(got); \
	if (ut_e_ != ut_g_) \
		UT_FAIL("%s == %s: expected %lld (0x%llx), got %lld (0x%llx)", \
			#expect, #got, ut_e_, (unsigned long long)ut_e_, ut_g_, \
			(unsigned long long)ut_g_); \
} while (0)

#define UT_ASSERT_STR(expect, got) do { \
	const char *ut_e_ = (expect), *ut_g_ = (got); \
	if (!ut_g_ || strcmp(ut_e_, ut_g_)) \
		UT_FAIL("%s: expected \"%s\", got \"%s\"", #got, ut_e_, \
			ut_g_ ? ut_g_ : "(null)"); \
} while (0)

#define UT_ASSERT_CONTAINS(needle, hay) do { \
	const char *ut_n_ = (needle), *ut_h_ = (hay); \
	if (!ut_h_ || !strstr(ut_h_, ut_n_)) \
		UT_FAIL("%s: \"%s\" does not contain \"%s\"", #hay, \
			ut_h_ ? ut_h_ : "(null)", ut_n_); \
} while (0)

#define UT_RUN(fn) ut_run(#fn, fn)

static inline void ut_run(const char *name, int (*fn)(void))
{
	ut_current = name;
	if (fn() == 0)
		printf("PASS: %s\n", name);
	else
		ut_failed_count++;
	fflush(stdout);
}

static inline int ut_done(void)
{
	return ut_failed_count ? 1 : 0;
}

#endif /* DMACAGE_UT_H */
