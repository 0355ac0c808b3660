// SPDX-License-Identifier: GPL-2.0+
/*
 * The structure walk every entry point runs first: a sound tree passes and
 * is visited tag by tag; each defect the rest of the code cannot survive is
 * refused with its reason.
 */
#include <dmacage/fdtutil.h>
#include "ut.h"

static char dt[1024];
static struct dmc_err err;

/* "/" { a = <1>; n { }; } */
static void build(void)
{
	fdt_create(dt, sizeof(dt));
	fdt_finish_reservemap(dt);
	fdt_begin_node(dt, "");
	fdt_property_u32(dt, "a", 1);
	fdt_begin_node(dt, "n");
	fdt_end_node(dt);
	fdt_end_node(dt);
	fdt_finish(dt);
}

struct count {
	int begin, end, prop, maxdepth;
};

static void count_tag(void *ctx, int tag, int offset, int depth,
		      const struct fdt_property *prop, int len)
{
	struct count *n = ctx;

	n->begin += tag == FDT_BEGIN_NODE;
	n->end += tag == FDT_END_NODE;
	n->prop += tag == FDT_PROP && prop && len == 4;
	if (depth > n->maxdepth)
		n->maxdepth = depth;
}

static int test_sound_tree_visited(void)
{
	struct count n = { 0 };

	build();
	UT_ASSERT_EQ(0, dmc_walk_structure(dt, "DT", &err, count_tag, &n));
	UT_ASSERT_EQ(2, n.begin);
	UT_ASSERT_EQ(2, n.end);
	UT_ASSERT_EQ(1, n.prop);
	UT_ASSERT_EQ(2, n.maxdepth);
	return 0;
}

/* The first property's tag, in the structure block of @fdt. */
static fdt32_t *first_prop(void *fdt)
{
	int off = fdt_first_property_offset(fdt, 0);

	return (fdt32_t *)((char *)fdt + fdt_off_dt_struct(fdt) + off);
}

static int refused(const void *fdt, const char *why)
{
	UT_ASSERT_EQ(-DMC_E_BADFDT, dmc_check_structure(fdt, "DT", &err));
	UT_ASSERT_CONTAINS(why, err.msg);
	return 0;
}

static int test_defects_refused(void)
{
	/* a word of the first property's tag (0 tag, 1 len, 2 nameoff) */
	static const struct {
		int word;
		uint32_t val;
		const char *why;
	} defect[] = {
		{ 1, (uint32_t)-12, "negative length" },	/* libfdt 1.6.1 loops */
		{ 1, 0x1000, "property runs past the end" },
		{ 2, 0x10000, "outside the strings block" },
		{ 0, 7, "unknown tag" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(defect) / sizeof(defect[0]); i++) {
		build();
		first_prop(dt)[defect[i].word] = cpu_to_fdt32(defect[i].val);
		if (refused(dt, defect[i].why))
			return -1;
	}
	build();
	/* fdt_get_path() would misplace every node after one like this */
	fdt_set_name(dt, fdt_path_offset(dt, "/n"), "m/n");
	if (refused(dt, "contains '/'"))
		return -1;
	build();
	fdt_set_version(dt, 16);
	return refused(dt, "version 16");
}

/* A structure block one byte off its alignment: refused, not misread. */
static int test_misaligned_block(void)
{
	build();
	/* room for the shift inside totalsize; the header stays valid */
	fdt_set_totalsize(dt, fdt_totalsize(dt) + 4);
	fdt_set_off_dt_struct(dt, fdt_off_dt_struct(dt) + 1);
	UT_ASSERT_EQ(0, fdt_check_header(dt));
	return refused(dt, "not 4-byte aligned");
}

int main(void)
{
	UT_RUN(test_sound_tree_visited);
	UT_RUN(test_defects_refused);
	UT_RUN(test_misaligned_block);
	return ut_done();
}
