// SPDX-License-Identifier: GPL-2.0+
/*
 * The dmacage command, for bring-up engineers and factory test stations.
 * Every subcommand prints a human table and ends with exactly one
 * machine-readable line (format in doc/uboot.md):
 *
 *   dmacage: summary cmd=<sub> rc=<-DMC_E_* or 0> src=... domains=N ...
 */
#include <command.h>
#include <malloc.h>
#include <mapmem.h>
#include <dmacage/uboot.h>

extern struct fdt_header *working_fdt;

/* the checker's working memory: off the command's stack */
static struct dmc_check_ws dmacage_check_ws;

static const char *const dmacage_ho_names[] = {
	[DMACAGE_HO_NONE] = "none",
	[DMACAGE_HO_OK] = "ok",
	[DMACAGE_HO_DEGRADED] = "degraded",
	[DMACAGE_HO_REFUSED] = "refused",
};

/* The DT to work on: the argument, else the "fdt addr" working DT. */
static void *dmacage_fdt_arg(int argc, char *const argv[], ulong *addr)
{
	char *end;
	void *fdt;

	if (argc > 1) {
		*addr = hextoul(argv[1], &end);
		if (end == argv[1] || *end) {
			printf("dmacage: error: \"%s\" is not a hex address\n",
			       argv[1]);
			return NULL;
		}
		fdt = map_sysmem(*addr, 0);
	} else if (working_fdt) {
		fdt = working_fdt;
		*addr = map_to_sysmem(fdt);
	} else {
		printf("dmacage: error: no DT address given and no working DT (see \"fdt addr\")\n");
		return NULL;
	}
	if (fdt_check_header(fdt)) {
		printf("dmacage: error: no valid DTB at 0x%lx\n", *addr);
		return NULL;
	}
	return fdt;
}

static int dmacage_fail_line(const char *cmd, int rc)
{
	const struct dmacage_state *st = dmacage_state();

	printf("dmacage: error: %s: %s\n", st->err.where, dmacage_err_msg(&st->err));
	dmacage_print_summary(cmd, rc, NULL);
	return CMD_RET_FAILURE;
}

static int do_dmacage_plan(struct cmd_tbl *cmdtp, int flag, int argc,
			   char *const argv[])
{
	int ret = dmacage_replan(NULL, NULL);

	dmacage_print_plan(dmacage_state());
	if (ret)
		return dmacage_fail_line("plan", ret);
	if (dmacage_state()->src == DMACAGE_SRC_NONE) {
		dmacage_print_summary("plan", -DMC_E_POLICY, NULL);
		return CMD_RET_FAILURE;
	}
	dmacage_print_summary("plan", 0, NULL);
	return CMD_RET_SUCCESS;
}

/* Is there a reserved-memory child with this reg and compatible? */
static bool dmacage_dt_has_pool(const void *fdt, const char *compat,
				u64 base, u64 size)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory"), node;
	uint64_t b, s;

	if (rm < 0)
		return false;
	fdt_for_each_subnode(node, fdt, rm) {
		if (fdt_node_check_compatible(fdt, node, compat))
			continue;
		if (!dmc_reg(fdt, rm, node, 0, &b, &s) && b == base &&
		    s == size)
			return true;
	}
	return false;
}

/* Compare the pools in the handed-off DT with the plan. */
static int dmacage_compare_dt(const struct dmacage_state *st)
{
	const void *fdt = map_sysmem(st->ho_fdt, 0);
	unsigned int i, bad = 0;

	if (st->ho == DMACAGE_HO_NONE || fdt_check_header(fdt)) {
		printf("  OS DT: no hand-off DT to compare\n");
		return 0;
	}
	/* the lookups below trust a tree the structure gate has passed */
	if (dmc_check_structure(fdt, "hand-off DT", NULL)) {
		printf("  OS DT: the hand-off DT is malformed\n");
		return 1;
	}
	for (i = 0; i < st->plan.nwin; i++) {
		const struct dmc_window *w = &st->plan.win[i];
		bool r, c = true;

		if (w->state != DMC_DOM_PLANNED)
			continue;
		r = dmacage_dt_has_pool(fdt, "restricted-dma-pool",
					w->restricted_base, w->restricted_size);
		if (w->coherent_size)
			c = dmacage_dt_has_pool(fdt, "shared-dma-pool",
						w->coherent_base,
						w->coherent_size);
		printf("  OS DT at 0x%lx: %s restricted pool %s, coherent pool %s\n",
		       st->ho_fdt, st->pol.dom[i].name,
		       r ? "matches" : "MISMATCH",
		       !w->coherent_size ? "none" : c ? "matches" : "MISMATCH");
		bad += !r + !c;
	}
	return bad;
}

static int do_dmacage_status(struct cmd_tbl *cmdtp, int flag, int argc,
			     char *const argv[])
{
	const struct dmacage_state *st = dmacage_state();
	char extra[64];
	int chk, dt;

	dmacage_print_plan(st);
	chk = dmacage_checkers_status(st);
	printf("  last hand-off: %s%s%s\n", dmacage_ho_names[st->ho],
	       st->ho_msg[0] ? ": " : "", st->ho_msg);
	dt = dmacage_compare_dt(st);
	snprintf(extra, sizeof(extra), "handoff=%s mismatches=%d",
		 dmacage_ho_names[st->ho], (chk > 0 ? chk : 0) + dt);
	if (chk || dt || st->rc) {
		dmacage_print_summary("status", chk < 0 ? chk :
				      st->rc ? st->rc : -DMC_E_CHECKER, extra);
		return CMD_RET_FAILURE;
	}
	dmacage_print_summary("status", 0, extra);
	return CMD_RET_SUCCESS;
}

static int do_dmacage_apply(struct cmd_tbl *cmdtp, int flag, int argc,
			    char *const argv[])
{
	struct dmacage_state *st = dmacage_state();
	ulong addr;
	void *fdt = dmacage_fdt_arg(argc, argv, &addr), *scratch;
	int size, ret;

	if (!fdt) {
		dmacage_print_summary("apply", -DMC_E_BADFDT, NULL);
		return CMD_RET_FAILURE;
	}
	ret = dmacage_replan(fdt, NULL);
	dmacage_print_plan(st);
	if (!st->planned)
		return dmacage_fail_line("apply", ret ? ret : -DMC_E_POLICY);
	size = fdt_totalsize(fdt);
	scratch = malloc(size);
	if (!scratch) {
		printf("dmacage: error: cannot allocate %d bytes\n", size);
		dmacage_print_summary("apply", -DMC_E_NOSPACE, NULL);
		return CMD_RET_FAILURE;
	}
	ret = dmc_apply(fdt, size, scratch, size, &st->pol, &st->plan,
			&st->fixup_ws, &st->err);
	free(scratch);
	if (ret)
		return dmacage_fail_line("apply", ret);
	printf("dmacage: patched the DT at 0x%lx (checkers untouched)\n", addr);
	dmacage_print_summary("apply", st->rc, NULL);
	return st->rc ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static const char *const dmacage_sev[] = {
	[DMC_SEV_ERROR] = "error",
	[DMC_SEV_WARN] = "warning",
	[DMC_SEV_INFO] = "info",
};

static void dmacage_finding(const struct dmc_finding *f, void *ctx)
{
	printf("  %-7s %-4s %s: %s\n", dmacage_sev[f->sev], f->rule, f->path,
	       f->msg);
}

static int do_dmacage_check(struct cmd_tbl *cmdtp, int flag, int argc,
			    char *const argv[])
{
	struct dmc_check_opts opts = {
		.arch = IS_ENABLED(CONFIG_ARM64) ? DMC_ARCH_ARM64 : DMC_ARCH_ARM,
	};
	struct dmc_check_sum sum = { 0 };
	struct dmc_err err = { 0 };
	char extra[64];
	ulong addr;
	void *fdt;
	int ret;

	/* the Linux line whose rules apply, after the address */
	if (argc > 2 && dmc_kernel_parse(argv[2], &opts.kernel)) {
		printf("dmacage: error: \"%s\" is not a kernel line dmacage knows (6.1, 6.12 or 7.3)\n",
		       argv[2]);
		dmacage_print_summary("check", -DMC_E_NOTFOUND, NULL);
		return CMD_RET_FAILURE;
	}
	fdt = dmacage_fdt_arg(argc, argv, &addr);
	if (!fdt) {
		dmacage_print_summary("check", -DMC_E_BADFDT, NULL);
		return CMD_RET_FAILURE;
	}
	printf("dmacage: rules check of the DT at 0x%lx (%s, Linux %s)\n", addr,
	       opts.arch == DMC_ARCH_ARM ? "arm" : "arm64",
	       dmc_kernel_name(opts.kernel));
	ret = dmc_check(fdt, &opts, dmacage_finding, NULL, &sum, &dmacage_check_ws);
	if (ret == -DMC_E_BADFDT && dmc_check_structure(fdt, "DT", &err))
		printf("dmacage: error: not a valid DTB: %s\n", err.msg);
	snprintf(extra, sizeof(extra), "errors=%u warnings=%u infos=%u",
		 sum.errors, sum.warnings, sum.infos);
	dmacage_print_summary("check", ret, extra);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int do_dmacage_faults(struct cmd_tbl *cmdtp, int flag, int argc,
			     char *const argv[])
{
	bool clear = argc > 1 && !strcmp(argv[1], "clear");
	char extra[32];
	int n;

	if (argc > 1 && !clear)
		return CMD_RET_USAGE;
	n = dmacage_checkers_faults(dmacage_state(), clear);
	if (n < 0) {
		dmacage_print_summary("faults", n, NULL);
		return CMD_RET_FAILURE;
	}
	snprintf(extra, sizeof(extra), "faults=%d cleared=%d", n, clear);
	dmacage_print_summary("faults", 0, extra);
	return CMD_RET_SUCCESS;
}

/* The profile's text: every line fits in this much, and at most this many. */
#define DMACAGE_PROFILE_LINE	(2 * 20 + DMC_LABEL_MAX + 16)
#define DMACAGE_PROFILE_LINES	(3 + 2 * DMC_MAX_RANGES + 1)

/* Writes the profile of @mm into @buf; returns its length. */
static size_t dmacage_profile_text(const struct dmc_memmap *mm, char *buf,
				   size_t size)
{
	size_t n;
	unsigned int i;

	n = snprintf(buf, size, "dmacage-profile 1\narch %s\n",
		     IS_ENABLED(CONFIG_ARM64) ? "arm64" : "arm");
	for (i = 0; i < mm->ndram && n < size; i++)
		n += snprintf(buf + n, size - n, "dram 0x%llx 0x%llx %s\n",
			      (unsigned long long)mm->dram[i].base,
			      (unsigned long long)mm->dram[i].size,
			      mm->dram[i].label);
	for (i = 0; i < mm->navoid && n < size; i++)
		n += snprintf(buf + n, size - n, "avoid 0x%llx 0x%llx %s\n",
			      (unsigned long long)mm->avoid[i].base,
			      (unsigned long long)mm->avoid[i].size,
			      mm->avoid[i].label);
	if (n < size)
		n += snprintf(buf + n, size - n, "end\n");
	return n;
}

/*
 * The board profile (format in doc/cli.md): what the plan depends on besides
 * the OS DT and the policy, for the host tool's --profile. Printed, and with
 * an address also written there as text, its length in ${filesize}, for
 * saving with any write command.
 */
static int do_dmacage_profile(struct cmd_tbl *cmdtp, int flag, int argc,
			      char *const argv[])
{
	const size_t size = DMACAGE_PROFILE_LINE * DMACAGE_PROFILE_LINES;
	struct dmc_memmap *mm = malloc(sizeof(*mm));
	char *buf = malloc(size);
	struct dmc_err err = { 0 };
	ulong addr = 0;
	size_t n;
	int ret;

	if (argc > 1 && strict_strtoul(argv[1], 16, &addr)) {
		ret = CMD_RET_USAGE;
		goto out;
	}
	ret = mm && buf ? dmacage_board_memmap(mm, &err) : -DMC_E_TOOMANY;
	if (ret) {
		printf("dmacage: error: %s: %s\n", err.where[0] ? err.where :
		       "profile", err.msg[0] ? err.msg : "out of memory");
		dmacage_print_summary("profile", ret, NULL);
		ret = CMD_RET_FAILURE;
		goto out;
	}
	n = dmacage_profile_text(mm, buf, size);
	puts(buf);
	if (addr) {
		memcpy(map_sysmem(addr, n), buf, n);
		env_set_hex("filesize", n);
	}
	dmacage_print_summary("profile", 0, NULL);
out:
	free(buf);
	free(mm);
	return ret;
}

static struct cmd_tbl dmacage_sub[] = {
	U_BOOT_CMD_MKENT(status, 1, 0, do_dmacage_status, "", ""),
	U_BOOT_CMD_MKENT(plan, 1, 0, do_dmacage_plan, "", ""),
	U_BOOT_CMD_MKENT(apply, 2, 0, do_dmacage_apply, "", ""),
	U_BOOT_CMD_MKENT(check, 3, 0, do_dmacage_check, "", ""),
	U_BOOT_CMD_MKENT(faults, 2, 0, do_dmacage_faults, "", ""),
	U_BOOT_CMD_MKENT(profile, 2, 0, do_dmacage_profile, "", ""),
};

static int do_dmacage(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	struct cmd_tbl *c;

	if (argc < 2)
		return CMD_RET_USAGE;
	c = find_cmd_tbl(argv[1], dmacage_sub, ARRAY_SIZE(dmacage_sub));
	if (!c)
		return CMD_RET_USAGE;
	if (argc - 1 > c->maxargs)
		return CMD_RET_USAGE;
	return c->cmd(cmdtp, flag, argc - 1, argv + 1);
}

U_BOOT_CMD(dmacage, 4, 0, do_dmacage,
	   "PCIe DMA confinement: plan, checkers, OS DT",
	   "status       - plan, checker readback vs intent, lock, last hand-off\n"
	   "dmacage plan         - re-read policy and dmacage_* env, plan, print\n"
	   "dmacage apply [addr] - patch the DT at addr (default: fdt addr) by hand\n"
	   "dmacage check [addr [6.1|6.12|7.3]] - run the Linux rules checker on a DT\n"
	   "             (the rules of that Linux line; default 6.1)\n"
	   "dmacage faults [clear] - checker violation records\n"
	   "dmacage profile [addr] - the board profile for the host tool's\n"
	   "                         --profile; with addr also written there\n"
	   "Each ends with one line \"dmacage: summary cmd=... rc=...\"");
