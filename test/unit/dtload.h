/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Test helpers: compile a .dts with dtc into a malloc'd blob with room to
 * grow, plan a policy against an OS DT with the real core, and apply it,
 * every successful apply judged by the Linux model (linuxmodel.h).
 */
#ifndef DMACAGE_TEST_DTLOAD_H
#define DMACAGE_TEST_DTLOAD_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <dmacage/dmacage.h>
#include "linuxmodel.h"

#define DT_ROOM	(256 * 1024)

/* @path relative to the repository root (tests run from there). */
static inline void *dt_load(const char *path)
{
	char cmd[512], tmp[] = "/tmp/dmacage-test-XXXXXX";
	void *buf = NULL;
	FILE *f;
	long n;
	int fd = mkstemp(tmp);

	if (fd < 0)
		return NULL;
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", tmp, path);
	if (system(cmd) == 0 && (f = fopen(tmp, "rb"))) {
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		buf = calloc(1, n + DT_ROOM);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		fclose(f);
		if (buf)
			fdt_open_into(buf, buf, n + DT_ROOM);
	}
	unlink(tmp);
	return buf;
}

/**
 * struct dt_case - an OS DT, a policy and the plan for them
 */
struct dt_case {
	void *os;
	void *pol_fdt;
	struct dmc_policy pol;
	struct dmc_memmap mm;
	struct dmc_osdt osdt;
	struct dmc_plan plan;
	struct dmc_err err;
	int plan_ret;
};

static inline int dt_case_load(struct dt_case *c, const char *os,
			       const char *policy, enum dmc_arch arch)
{
	memset(c, 0, sizeof(*c));
	c->os = dt_load(os);
	c->pol_fdt = dt_load(policy);
	if (!c->os || !c->pol_fdt)
		return -1;
	if (dmc_policy_parse(c->pol_fdt, dmc_policy_find(c->pol_fdt), &c->pol,
			     &c->err))
		return -1;
	dmc_memmap_init(&c->mm);
	if (dmc_read(c->os, &c->pol, true, &c->mm, &c->osdt, &c->err))
		return -1;
	c->plan_ret = dmc_plan(&c->pol, &c->osdt, &c->mm, arch, &c->plan,
			       &c->err);
	return 0;
}

/*
 * Is a memory node's reg all sizes zero (a placeholder the boot firmware
 * fills in)? @ac/@sc: the root's cells.
 */
static inline bool dt_placeholder(const void *fdt, int node, int ac, int sc)
{
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);
	int len, i;

	if (!reg)
		return false;
	fdt_getprop(fdt, node, "reg", &len);
	for (i = 0; (i + 1) * (ac + sc) * 4 <= len; i++)
		if (lm_cells(reg + i * (ac + sc) + ac, sc))
			return false;
	return true;
}

/*
 * lm_judge() of @out as Linux will read it: a placeholder /memory first
 * gets the DRAM the plan used, as the boot firmware writes it.
 */
static inline int dt_judge(const void *out, const struct dmc_policy *pol,
			   const struct dmc_plan *plan)
{
	int size = fdt_totalsize(out) + 4096, node, ac, sc, ret;
	fdt32_t reg[4 * DMC_MAX_RANGES];
	unsigned int i, n = 0;
	void *copy = malloc(size);

	if (!copy || fdt_open_into(out, copy, size)) {
		free(copy);
		return -1;
	}
	ac = lm_prop_u32(copy, 0, "#address-cells", 1);
	sc = lm_prop_u32(copy, 0, "#size-cells", 1);
	for (i = 0; i < plan->ndram; i++) {
		if (ac == 2)
			reg[n++] = cpu_to_fdt32(plan->dram[i].base >> 32);
		reg[n++] = cpu_to_fdt32(plan->dram[i].base);
		if (sc == 2)
			reg[n++] = cpu_to_fdt32(plan->dram[i].size >> 32);
		reg[n++] = cpu_to_fdt32(plan->dram[i].size);
	}
	fdt_for_each_subnode(node, copy, 0) {
		const char *type = fdt_getprop(copy, node, "device_type", NULL);

		if (n && type && !strcmp(type, "memory") &&
		    dt_placeholder(copy, node, ac, sc))
			fdt_setprop(copy, node, "reg", reg, n * 4);
	}
	ret = lm_judge(copy, pol, plan);
	free(copy);
	return ret;
}

/*
 * dmc_apply() to a copy of @in in @out, packed: the patched DT on its own,
 * @in untouched. The copy is packed into @out first, so an @outsize too
 * small for @in already gives -DMC_E_NOSPACE.
 */
static inline int dt_fixup(const void *in, void *out, int outsize,
			   const struct dmc_policy *pol,
			   const struct dmc_plan *plan, struct dmc_err *err)
{
	static struct dmc_fixup_ws ws;
	int insize, ret;
	char *scratch;

	ret = dmc_check_structure(in, "OS DT", err);
	if (ret)
		return ret;
	insize = fdt_totalsize(in);
	scratch = malloc(insize > outsize ? insize : outsize);
	if (!scratch)
		return dmc_fail(err, -DMC_E_INTERNAL, "test", "out of memory");
	memcpy(scratch, in, insize);
	if (fdt_pack(scratch) || fdt_open_into(scratch, out, outsize))
		ret = dmc_fail(err, -DMC_E_NOSPACE, "output",
			       "the OS DT does not fit in %d bytes", outsize);
	else
		ret = dmc_apply(out, outsize, scratch, outsize, pol, plan,
				&ws, err);
	free(scratch);
	if (ret)
		return ret;
	fdt_pack(out);
	/* a test that expects success must also get what Linux confines */
	if (dt_judge(out, pol, plan))
		return dmc_fail(err, -DMC_E_INTERNAL, "linux model",
				"Linux would not confine what the plan says is confined");
	return 0;
}

static inline void dt_case_free(struct dt_case *c)
{
	free(c->os);
	free(c->pol_fdt);
}

#endif /* DMACAGE_TEST_DTLOAD_H */
