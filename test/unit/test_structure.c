// SPDX-License-Identifier: GPL-2.0+
/*
 * The structure walk every entry point runs first: a sound tree passes and
 * is visited tag by tag; each defect the rest of the code cannot survive is
 * refused with its reason.
 */
#include "../../lib/dmacage/fdtutil.h"
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

static int test_sound_tree_passes(void)
{
	build();
	UT_ASSERT_EQ(0, dmc_check_structure(dt, "DT", &err));
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
/* "/" { NAME { }; } with a node name of @len bytes from @name */
static void build_named(const char *name, size_t len)
{
	char buf[32];

	memcpy(buf, name, len);
	buf[len] = '\0';
	fdt_create(dt, sizeof(dt));
	fdt_finish_reservemap(dt);
	fdt_begin_node(dt, "");
	fdt_begin_node(dt, buf);
	fdt_end_node(dt);
	fdt_end_node(dt);
	fdt_finish(dt);
}

/*
 * @src laid out again with its structure block last and cut to @size
 * bytes, in a heap buffer that ends there: a read past the block is a
 * read past the allocation, which ASan reports. Free it.
 */
static char *struct_last(const void *src, uint32_t size)
{
	uint32_t str = fdt_off_dt_struct(src);	/* strings go here */
	uint32_t ssize = fdt_size_dt_strings(src);
	char *b = malloc(str + ssize + size);

	if (!b)
		return NULL;
	memcpy(b, src, str);			/* header, reservations */
	memcpy(b + str, (const char *)src + fdt_off_dt_strings(src), ssize);
	memcpy(b + str + ssize, (const char *)src + fdt_off_dt_struct(src),
	       size);
	fdt_set_off_dt_strings(b, str);
	fdt_set_off_dt_struct(b, str + ssize);
	fdt_set_size_dt_struct(b, size);
	fdt_set_totalsize(b, str + ssize + size);
	return b;
}

/*
 * Node names are scanned eight bytes at a time: every length around the
 * word size, a '/' at every position, bytes that the word test must not
 * take for a NUL or a '/' (0x01, 0x2e, 0x30, 0x80, 0xff), and a block
 * that ends at every byte of a name before its NUL, with nothing after
 * it to read.
 */
static int test_name_scan(void)
{
	static const char chars[] = "\x01\x2e\x30\x80\xff"
				    "abcdefghijklmnopqrstuvwxyz";
	char name[24];
	int len, at, name_off, cut;

	for (len = 1; len <= 20; len++) {
		for (at = 0; at < len; at++)
			name[at] = chars[(at * 7 + len) % (sizeof(chars) - 1)];
		build_named(name, len);
		UT_ASSERT_EQ(0, dmc_check_structure(dt, "DT", &err));
		for (at = 0; at < len; at++) {
			char c = name[at];

			name[at] = '/';
			build_named(name, len);
			if (refused(dt, "contains '/'"))
				UT_FAIL("'/' at %d of %d bytes", at, len);
			name[at] = c;
		}
		build_named(name, len);
		name_off = fdt_path_offset(dt, "/") + 8;	/* root: tag, "" */
		for (cut = name_off + 4; cut <= name_off + 4 + len; cut++) {
			char *b = struct_last(dt, cut);

			UT_ASSERT(b);
			if (refused(b, "node name runs past the end"))
				UT_FAIL("block cut at %d, name of %d bytes",
					cut, len);
			free(b);
		}
	}
	return 0;
}

static int test_misaligned_block(void)
{
	build();
	/* room for the shift inside totalsize; the header stays valid */
	fdt_set_totalsize(dt, fdt_totalsize(dt) + 4);
	fdt_set_off_dt_struct(dt, fdt_off_dt_struct(dt) + 1);
	UT_ASSERT_EQ(0, fdt_check_header(dt));
	return refused(dt, "not 4-byte aligned");
}

/* Reservation entries are read as 64-bit fields: libfdt's header lets
 * a misaligned block through, and its own reads are then misaligned. */
static int test_misaligned_memrsv(void)
{
	build();
	fdt_set_totalsize(dt, fdt_totalsize(dt) + 4);
	fdt_set_off_mem_rsvmap(dt, fdt_off_mem_rsvmap(dt) + 4);
	UT_ASSERT_EQ(0, fdt_check_header(dt));
	return refused(dt, "memory reservation block is not 8-byte aligned");
}

/* Names read from tags: libfdt's header check lets it through. */
static int test_blocks_overlap(void)
{
	build();
	fdt_set_off_dt_strings(dt, fdt_off_dt_struct(dt) + 8);
	UT_ASSERT_EQ(0, fdt_check_header(dt));
	return refused(dt, "overlaps the structure block");
}

int main(void)
{
	UT_RUN(test_sound_tree_passes);
	UT_RUN(test_defects_refused);
	UT_RUN(test_name_scan);
	UT_RUN(test_misaligned_block);
	UT_RUN(test_misaligned_memrsv);
	UT_RUN(test_blocks_overlap);
	return ut_done();
}
