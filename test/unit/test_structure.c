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

/* A tree being written into @fdt, inside its root node. */
static void begin_root(void *fdt, int size)
{
	fdt_create(fdt, size);
	fdt_finish_reservemap(fdt);
	fdt_begin_node(fdt, "");
}

/* "/" { a = <1>; n { }; } */
static void build(void)
{
	begin_root(dt, sizeof(dt));
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

/* Words @word to @word + @n - 1 of @fdt's structure block become NOPs. */
static void nop_words(void *fdt, int word, int n)
{
	fdt32_t *w = (fdt32_t *)((char *)fdt + fdt_off_dt_struct(fdt));

	while (n--)
		w[word++] = cpu_to_fdt32(FDT_NOP);
}

/*
 * "/" { n { }; a = <1>; }: Linux and libfdt stop reading a node's
 * properties at its first subnode, so "a" is not there for them; a fixup
 * that removed n would make it appear. Refused; with a NOP between the
 * subnode and the property too.
 */
static int test_property_after_subnode(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		begin_root(dt, sizeof(dt));
		fdt_begin_node(dt, "n");
		fdt_end_node(dt);
		if (i)
			fdt_property(dt, "x", NULL, 0);
		fdt_property_u32(dt, "a", 1);
		fdt_end_node(dt);
		fdt_finish(dt);
		if (i)	/* "x", words 5-7 after "/" and n { }, to NOPs */
			nop_words(dt, 5, 3);
		if (refused(dt, "a property after a subnode"))
			return -1;
	}
	return 0;
}

/* A structure block one byte off its alignment: refused, not misread. */
/* "/" { NAME { }; } with a node name of @len bytes from @name */
static void build_named(const char *name, size_t len)
{
	char buf[32];

	memcpy(buf, name, len);
	buf[len] = '\0';
	begin_root(dt, sizeof(dt));
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

/*
 * A tree with what the lookups must step over: NOPs between properties
 * and between nodes, names with and without unit addresses, two children
 * of one name, and an alias. (A property after a subnode never gets past
 * the structure walk.)
 */
static char lt[2048];

static void build_lookups(void)
{
	begin_root(lt, sizeof(lt));
	fdt_property_u32(lt, "#address-cells", 1);
	fdt_begin_node(lt, "aliases");
	fdt_property_string(lt, "bus0", "/soc/bus@1");
	fdt_property_string(lt, "twice", "bus0");
	fdt_end_node(lt);
	fdt_begin_node(lt, "soc");
	fdt_property_u32(lt, "gone", 7);
	fdt_property_u32(lt, "kept", 8);
	fdt_begin_node(lt, "bus@1");
	fdt_begin_node(lt, "dev@0");
	fdt_property_string(lt, "status", "okay");
	fdt_end_node(lt);
	fdt_begin_node(lt, "dev@0");
	fdt_end_node(lt);
	fdt_end_node(lt);
	fdt_begin_node(lt, "other");
	fdt_begin_node(lt, "gone");
	fdt_begin_node(lt, "deep");
	fdt_end_node(lt);
	fdt_end_node(lt);
	fdt_end_node(lt);
	fdt_end_node(lt);
	fdt_begin_node(lt, "chosen");
	fdt_end_node(lt);
	fdt_end_node(lt);
	fdt_finish(lt);
	fdt_open_into(lt, lt, sizeof(lt));
	fdt_nop_property(lt, fdt_path_offset(lt, "/soc"), "gone");
	fdt_nop_node(lt, fdt_path_offset(lt, "/soc/other/gone"));
}

/* Every lookup of structure.c gives what libfdt gives, errors included. */
static int test_lookups_match_libfdt(void)
{
	static const char *const paths[] = {
		"/", "/soc", "/soc/bus", "/soc/bus@1", "/soc/bus@1/dev",
		"/soc/bus@1/dev@0", "/soc/other/gone", "/soc/other",
		"/soc//bus@1/", "/nope",
		"bus0", "bus0/dev@0", "twice", "nope/x", "/chosen", "chosen",
	};
	static const char *const props[] = {
		"#address-cells", "gone", "kept", "status", "bus0", "x",
	};
	int node, d1 = -1, d2 = -1, n1, n2, l1, l2, i, r1, r2, c1, c2;
	const char *a, *b;

	build_lookups();
	UT_ASSERT_EQ(0, dmc_check_structure(lt, "DT", &err));
	for (node = -1; node >= -1;) {
		n1 = fdt_next_node(lt, node, &d1);
		n2 = dmc_next_node(lt, node, &d2);
		UT_ASSERT_EQ(n1, n2);
		UT_ASSERT_EQ(d1, d2);
		if (n1 < 0 || d1 < 0)
			break;
		node = n1;
		a = fdt_get_name(lt, node, &l1);
		b = dmc_get_name(lt, node, &l2);
		UT_ASSERT(a == b);
		UT_ASSERT_EQ(l1, l2);
		UT_ASSERT_EQ(fdt_first_subnode(lt, node),
			     dmc_first_subnode(lt, node));
		UT_ASSERT_EQ(fdt_next_subnode(lt, node),
			     dmc_next_subnode(lt, node));
		UT_ASSERT_EQ(fdt_parent_offset(lt, node),
			     dmc_parent_offset(lt, node));
		UT_ASSERT_EQ(fdt_first_property_offset(lt, node),
			     dmc_first_prop(lt, node));
		for (i = 0; i < (int)(sizeof(props) / sizeof(props[0])); i++) {
			a = fdt_getprop(lt, node, props[i], &l1);
			b = dmc_getprop(lt, node, props[i], &l2);
			UT_ASSERT(a == b);
			UT_ASSERT_EQ(l1, l2);
		}
		UT_ASSERT_EQ(fdt_subnode_offset(lt, node, "dev"),
			     dmc_subnode_offset(lt, node, "dev"));
		UT_ASSERT_EQ(fdt_subnode_offset(lt, node, "bus"),
			     dmc_subnode_offset(lt, node, "bus"));
	}
	for (i = 0; i < (int)(sizeof(paths) / sizeof(paths[0])); i++) {
		r1 = fdt_path_offset(lt, paths[i]);
		r2 = dmc_path_lookup(lt, paths[i], &n2);
		UT_ASSERT_EQ(r1, r2);
		if (r1 > 0)
			UT_ASSERT_EQ(fdt_parent_offset(lt, r1), n2);
	}
	/* not a node: libfdt's errors */
	UT_ASSERT_EQ(fdt_next_node(lt, 4, NULL), dmc_next_node(lt, 4, NULL));
	a = fdt_getprop(lt, 4, "x", &l1);
	b = dmc_getprop(lt, 4, "x", &l2);
	UT_ASSERT(!a && !b);
	UT_ASSERT_EQ(l1, l2);
	UT_ASSERT_EQ(fdt_subnode_offset(lt, 4, "x"),
		     dmc_subnode_offset(lt, 4, "x"));
	dmc_root_nodes(lt, &r2, &c2);
	r1 = fdt_subnode_offset(lt, 0, "reserved-memory");
	c1 = fdt_subnode_offset(lt, 0, "chosen");
	UT_ASSERT_EQ(r1, r2);
	UT_ASSERT_EQ(c1, c2);
	return 0;
}

int main(void)
{
	UT_RUN(test_sound_tree_passes);
	UT_RUN(test_defects_refused);
	UT_RUN(test_property_after_subnode);
	UT_RUN(test_name_scan);
	UT_RUN(test_misaligned_block);
	UT_RUN(test_misaligned_memrsv);
	UT_RUN(test_blocks_overlap);
	UT_RUN(test_lookups_match_libfdt);
	return ut_done();
}
