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
	UT_ASSERT_EQ(0, dmc_walk_structure(dt, "DT", &err, count_tag, NULL, &n));
	UT_ASSERT_EQ(2, n.begin);
	UT_ASSERT_EQ(2, n.end);
	UT_ASSERT_EQ(1, n.prop);
	UT_ASSERT_EQ(2, n.maxdepth);
	return 0;
}

/* Which tags a visitor that wants some of them sees. */
struct seen {
	int begin[4], end[4], prop[4];	/* offsets, by depth */
	int nbegin, nend, nprop;
	const void *fdt;
	char names[64];			/* the properties', in order */
};

static void seen_tag(void *ctx, int tag, int offset, int depth,
		     const struct fdt_property *prop, int len)
{
	struct seen *s = ctx;
	size_t n = strlen(s->names);

	if (tag == FDT_BEGIN_NODE && s->nbegin < 4)
		s->begin[s->nbegin++] = offset;
	else if (tag == FDT_END_NODE && s->nend < 4)
		s->end[s->nend++] = depth;
	else if (tag == FDT_PROP && s->nprop < 4) {
		s->prop[s->nprop++] = offset;
		snprintf(s->names + n, sizeof(s->names) - n, "%s%s",
			 n ? "," : "", dmc_prop_name(s->fdt, prop));
	}
}

/*
 * "/" { a; p1; x { phandle; y { pq; }; }; pl; }: nodes down to depth 2,
 * and the properties starting with 'p' that belong to a node (pl comes
 * after a subnode: libfdt and Linux see it on no node), each with its
 * node's offset.
 */
static int test_want_filters(void)
{
	static const struct dmc_walk_want want = {
		.nodes_to = 2,
		.props = DMC_WANT_PROP('p'),
	};
	struct seen s = { .fdt = dt };

	fdt_create(dt, sizeof(dt));
	fdt_finish_reservemap(dt);
	fdt_begin_node(dt, "");
	fdt_property_u32(dt, "a", 1);
	fdt_property_u32(dt, "p1", 2);
	fdt_begin_node(dt, "x");
	fdt_property_u32(dt, "phandle", 3);
	fdt_begin_node(dt, "y");
	fdt_property_u32(dt, "pq", 4);
	fdt_end_node(dt);
	fdt_end_node(dt);
	fdt_property_u32(dt, "pl", 5);
	fdt_end_node(dt);
	fdt_finish(dt);

	UT_ASSERT_EQ(0, dmc_walk_structure(dt, "DT", &err, seen_tag, &want,
					   &s));
	UT_ASSERT_EQ(2, s.nbegin);
	UT_ASSERT_EQ(0, s.begin[0]);
	UT_ASSERT_EQ(fdt_path_offset(dt, "/x"), s.begin[1]);
	UT_ASSERT_EQ(2, s.nend);	/* x's and the root's, not y's */
	UT_ASSERT_EQ(1, s.end[0]);
	UT_ASSERT_EQ(0, s.end[1]);
	UT_ASSERT_STR("p1,phandle,pq", s.names);
	UT_ASSERT_EQ(0, s.prop[0]);
	UT_ASSERT_EQ(fdt_path_offset(dt, "/x"), s.prop[1]);
	UT_ASSERT_EQ(fdt_path_offset(dt, "/x/y"), s.prop[2]);
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
	UT_RUN(test_sound_tree_visited);
	UT_RUN(test_want_filters);
	UT_RUN(test_defects_refused);
	UT_RUN(test_name_scan);
	UT_RUN(test_misaligned_block);
	UT_RUN(test_blocks_overlap);
	return ut_done();
}
