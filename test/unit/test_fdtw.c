// SPDX-License-Identifier: GPL-2.0+
/*
 * The "input with edits" writer: a copied tag keeps its bytes, a name the
 * input has is reused, a new one is added once, the reservations survive,
 * and the result is a valid blob exactly as long as it claims.
 */
#include "../../lib/dmacage/fdtw.h"
#include "ut.h"

static char in[4096], out[4096];
static struct dmc_fdtw w;

/* "/" with "model" and a child "a" with "reg"; one reservation */
static void build(void)
{
	fdt_create(in, sizeof(in));
	fdt_add_reservemap_entry(in, 0x1000, 0x2000);
	fdt_finish_reservemap(in);
	fdt_begin_node(in, "");
	fdt_property_string(in, "model", "m");
	fdt_begin_node(in, "a");
	fdt_property_u32(in, "reg", 7);
	fdt_end_node(in);
	fdt_end_node(in);
	fdt_finish(in);
}

/* Copy "/" and its properties, add "b" with reg and a new name, close. */
static int write_all(int size)
{
	int off = 0, next, after, tag, ret;
	fdt32_t v = cpu_to_fdt32(9);

	ret = dmc_fdtw_init(&w, in, out, size);
	if (ret)
		return ret;
	do {
		tag = fdt_next_tag(in, off, &next);
		if (tag == FDT_END_NODE &&
		    fdt_next_tag(in, next, &after) == FDT_END) {
			dmc_fdtw_begin_node(&w, "b");
			dmc_fdtw_property(&w, "reg", &v, 4);
			dmc_fdtw_property(&w, "new-name", NULL, 0);
			dmc_fdtw_property(&w, "new-name", NULL, 0);
			dmc_fdtw_end_node(&w);
		}
		if (tag != FDT_END)
			dmc_fdtw_copy(&w, off, next);
		off = next;
	} while (tag != FDT_END);
	return dmc_fdtw_finish(&w);
}

static int test_copy_and_add(void)
{
	uint64_t a, s;
	int node, len;

	build();
	UT_ASSERT_EQ(0, write_all(sizeof(out)));
	UT_ASSERT_EQ(0, fdt_check_full(out, fdt_totalsize(out)));
	UT_ASSERT_EQ(1, fdt_num_mem_rsv(out));
	UT_ASSERT_EQ(0, fdt_get_mem_rsv(out, 0, &a, &s));
	UT_ASSERT_EQ(0x1000, a);
	UT_ASSERT_EQ(0x2000, s);
	UT_ASSERT(!strcmp(fdt_getprop(out, 0, "model", NULL), "m"));
	node = fdt_path_offset(out, "/b");
	UT_ASSERT(node > 0);
	UT_ASSERT_EQ(9, fdt32_to_cpu(*(const fdt32_t *)
				     fdt_getprop(out, node, "reg", &len)));
	/* "reg" was in the input: reused; "new-name" added once */
	UT_ASSERT_EQ(fdt_size_dt_strings(in) + sizeof("new-name"),
		     fdt_size_dt_strings(out));
	UT_ASSERT(!memcmp((char *)out + fdt_off_dt_strings(out),
			  in + fdt_off_dt_strings(in),
			  fdt_size_dt_strings(in)));
	return 0;
}

/* Every size short of the result fails with NOSPACE, never overrunning. */
static int test_every_short_size(void)
{
	int exact, size;

	build();
	UT_ASSERT_EQ(0, write_all(sizeof(out)));
	exact = fdt_totalsize(out);
	memset(out, 0xa5, sizeof(out));
	UT_ASSERT_EQ(0, write_all(exact));
	UT_ASSERT_EQ(0, fdt_check_full(out, exact));
	UT_ASSERT_EQ((unsigned char)0xa5, (unsigned char)out[exact]);
	for (size = exact - 1; size >= 0; size--) {
		memset(out, 0xa5, sizeof(out));
		if (write_all(size) != -DMC_E_NOSPACE)
			UT_FAIL("size %d of %d did not fail with NOSPACE", size,
				exact);
		if ((unsigned char)out[size] != 0xa5)
			UT_FAIL("size %d: a byte past the buffer was written",
				size);
	}
	return 0;
}

int main(void)
{
	UT_RUN(test_copy_and_add);
	UT_RUN(test_every_short_size);
	return ut_done();
}
