// SPDX-License-Identifier: GPL-2.0+
/*
 * dmacage regs: the exact register writes a policy produces, for bring-up
 * scripts and JTAG. The plan is computed as "plan" does; each checker the
 * policy names is then programmed, verified and locked through its real
 * driver into its emulator, behind a recording accessor, and every write
 * is printed as "ADDR VALUE  # REGISTER". Emulators start from reset, so
 * on hardware the only difference is what the driver finds already set
 * (TZC-400 region 0 grants, which it keeps for unconfined masters).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dmacage/dmacage.h>
#include <dmacage/memchk.h>
#include <dmacage/memchk_emu.h>
#include "cmds.h"

#define REGS_MAX_FILE	(4 << 20)
#define REGS_LOG_MAX	512

struct regs_opts {
	const char *policy;
	const char *osdtb;
	enum dmc_arch arch;
	bool lock;
	unsigned int ndram, navoid;
	struct dmc_range dram[DMC_MAX_RANGES], avoid[DMC_MAX_RANGES];
};

/* Everything one checker needs while it is programmed: no malloc. */
struct regs_checker {
	struct memchk_node node;
	struct memchk_emu emu;
	struct memchk_io io;
	struct memchk_rec rec;
	struct memchk_rec_entry log[REGS_LOG_MAX];
	struct memchk chk;
	struct memchk_intent in;
};

static int regs_error(const char *what, const char *why)
{
	fprintf(stderr, "dmacage: error: %s: %s\n", what, why);
	return EXIT_USAGE;
}

static void regs_usage(FILE *f)
{
	fprintf(f,
		"usage: dmacage regs -p POLICY -d OS.dtb [--dram B:S]... [--avoid B:S]...\n"
		"                    [--arch arm|arm64] [--no-lock]\n"
		"Print the checker register writes the policy produces, one per line:\n"
		"  ADDR VALUE  # REGISTER\n"
		"ADDR is the checker's base (its reg in the policy DT) plus the offset.\n"
		"Exit: 0 done, 1 impossible plan or a checker refused the windows,\n"
		"2 bad usage or input.\n");
}

/* Read a .dtb, or compile a .dts with dtc. Return: malloc'd blob or NULL. */
static void *regs_load(const char *path, char *why, size_t whylen)
{
	size_t n = strlen(path), len = 0;
	char *buf, *cmd;
	FILE *f;
	bool dts = n > 4 && !strcmp(path + n - 4, ".dts");

	if (dts) {
		if (strchr(path, '\'')) {
			snprintf(why, whylen, "quote in path");
			return NULL;
		}
		cmd = malloc(n + 64);
		if (!cmd)
			return NULL;
		sprintf(cmd, "dtc -q -I dts -O dtb -o - '%s'", path);
		f = popen(cmd, "r");
		free(cmd);
	} else {
		f = fopen(path, "rb");
	}
	buf = malloc(REGS_MAX_FILE);
	if (!f || !buf) {
		snprintf(why, whylen, "%s", strerror(errno));
		free(buf);
		if (f && !dts)
			fclose(f);
		return NULL;
	}
	len = fread(buf, 1, REGS_MAX_FILE, f);
	if ((dts ? pclose(f) : fclose(f)) != 0 || len < 40 ||
	    fdt_check_header(buf) || fdt_totalsize(buf) > len ||
	    dmc_check_structure(buf, "DT", NULL)) {
		snprintf(why, whylen, dts ? "dtc failed" : "not a valid DTB");
		free(buf);
		return NULL;
	}
	return buf;
}

static int regs_range(const char *s, struct dmc_range *r)
{
	char *end;

	errno = 0;
	r->base = strtoull(s, &end, 0);
	if (errno || *end != ':')
		return -1;
	r->size = strtoull(end + 1, &end, 0);
	return errno || *end || !r->size ? -1 : 0;
}

static int regs_parse(int argc, char **argv, struct regs_opts *o)
{
	static const struct option lopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "dtb", required_argument, NULL, 'd' },
		{ "dram", required_argument, NULL, 'D' },
		{ "avoid", required_argument, NULL, 'A' },
		{ "arch", required_argument, NULL, 'a' },
		{ "no-lock", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->lock = true;
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:d:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->policy = optarg;
			break;
		case 'd':
			o->osdtb = optarg;
			break;
		case 'D':
		case 'A':
			if (c == 'D' ? o->ndram >= DMC_MAX_RANGES :
			    o->navoid >= DMC_MAX_RANGES)
				return regs_error(optarg, "too many ranges");
			if (regs_range(optarg, c == 'D' ? &o->dram[o->ndram++] :
				       &o->avoid[o->navoid++]))
				return regs_error(optarg,
						  "expected BASE:SIZE, e.g. 0x80000000:0x40000000");
			break;
		case 'a':
			if (!strcmp(optarg, "arm"))
				o->arch = DMC_ARCH_ARM;
			else if (!strcmp(optarg, "arm64"))
				o->arch = DMC_ARCH_ARM64;
			else
				return regs_error(optarg, "--arch is arm or arm64");
			break;
		case 'L':
			o->lock = false;
			break;
		case 'h':
			regs_usage(stdout);
			return -1;
		default:
			regs_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!o->policy || !o->osdtb || optind != argc) {
		regs_usage(stderr);
		return EXIT_USAGE;
	}
	return 0;
}

static int regs_plan(const struct regs_opts *o, const void *pfdt,
		     const void *osfdt, struct dmc_policy *pol,
		     struct dmc_plan *plan)
{
	struct dmc_memmap mm;
	struct dmc_err err = { 0 };
	unsigned int i;
	int node, ret;

	node = dmc_policy_find(pfdt);
	ret = node < 0 ? node : dmc_policy_parse(pfdt, node, pol, &err);
	if (ret)
		return regs_error(o->policy, err.msg[0] ? err.msg :
				  "no /dmacage policy node");
	dmc_memmap_init(&mm);
	for (i = 0; i < o->ndram; i++)
		if (dmc_memmap_add_dram(&mm, o->dram[i].base, o->dram[i].size,
					"--dram", &err))
			return regs_error("--dram", err.msg);
	for (i = 0; i < o->navoid; i++)
		if (dmc_memmap_add_avoid(&mm, o->avoid[i].base,
					 o->avoid[i].size, "--avoid", &err))
			return regs_error("--avoid", err.msg);
	if (dmc_memmap_from_fdt(osfdt, &mm, !o->ndram, &err))
		return regs_error(o->osdtb, err.msg);
	ret = dmc_plan_compute(pol, osfdt, &mm, o->arch, plan, &err);
	if (ret && plan->nwin != pol->ndomains)
		return regs_error(err.where, err.msg);
	for (i = 0; i < plan->nwin; i++)
		if (plan->win[i].state == DMC_DOM_FAILED)
			printf("# domain %s not planned (%s): its clients are denied everywhere\n",
			       pol->dom[i].name, plan->win[i].reason);
	return ret ? EXIT_RULES : 0;
}

/*
 * The node's emulator behind a recording accessor. For a secure-call node
 * the recorder sits between the service and the registers: the writes
 * shown are the ones the secure firmware makes.
 */
static int regs_attach(struct regs_checker *rc, struct dmc_err *err)
{
	memchk_emu_build(&rc->emu, &rc->node);
	memchk_rec_init(&rc->rec, &rc->emu.io, rc->log, REGS_LOG_MAX, &rc->io);
	return memchk_emu_bind(&rc->chk, &rc->emu, &rc->node, &rc->io, err);
}

static void regs_print(struct regs_checker *rc)
{
	char name[40];
	unsigned int i;

	for (i = 0; i < rc->rec.nwrites && i < REGS_LOG_MAX; i++) {
		memchk_reg_name(&rc->chk, rc->log[i].off, name, sizeof(name));
		printf("0x%08llx 0x%08x  # %s\n",
		       (unsigned long long)(rc->node.base + rc->log[i].off),
		       rc->log[i].val, name);
	}
	if (rc->rec.nwrites > REGS_LOG_MAX)
		printf("# ... %u more writes not shown\n",
		       rc->rec.nwrites - REGS_LOG_MAX);
}

static void regs_header(const struct regs_checker *rc,
			const struct dmc_policy *pol, uint32_t ph)
{
	const struct memchk_desc *d = memchk_describe(&rc->chk);
	const struct dmc_domain *dom;
	const struct memchk_window *w;
	const char *nm;
	unsigned int i, k;

	printf("# checker %s (%s%s) at 0x%08llx: %u windows, %llu-byte granule, %u-bit addresses\n",
	       rc->node.path, rc->node.compatible,
	       rc->node.type == MEMCHK_RANGECHK_SCALL ? ", secure call" : "",
	       (unsigned long long)rc->node.base, d->nwindows,
	       (unsigned long long)d->granule, d->addr_bits);
	if (rc->node.type == MEMCHK_RANGECHK_SCALL)
		printf("# written by the secure firmware behind the secure call\n");
	for (i = 0; i < pol->ndomains; i++) {
		dom = &pol->dom[i];
		if (dom->checker != ph)
			continue;
		printf("# domain %s: clients", dom->name);
		for (k = 0; k < dom->nclients; k++) {
			nm = memchk_client_name(&rc->chk, dom->clients[k]);
			printf(" %u%s%s%s", dom->clients[k], nm ? " (" : "",
			       nm ? nm : "", nm ? ")" : "");
		}
		printf("\n");
	}
	printf("# confined clients 0x%08x\n", rc->in.confined);
	for (i = 0; i < rc->in.nwin; i++) {
		w = &rc->in.win[i];
		/* write-only windows are the MSI doorbell grants */
		printf("# window %u: 0x%llx..0x%llx clients 0x%x %s%s%s\n", i,
		       (unsigned long long)w->base,
		       (unsigned long long)(w->base + w->size - 1), w->clients,
		       w->perm & MEMCHK_PERM_R ? "r" : "",
		       w->perm & MEMCHK_PERM_W ? "w" : "",
		       w->perm == MEMCHK_PERM_W ? " (MSI doorbell page)" : "");
	}
}

static int regs_checker(const struct regs_opts *o, const void *pfdt,
			const struct dmc_policy *pol, struct dmc_plan *plan,
			uint32_t ph)
{
	static struct regs_checker rc;
	struct dmc_err err = { 0 };
	int ret;

	memset(&rc, 0, sizeof(rc));
	if (memchk_dt_by_phandle(pfdt, ph, &rc.node, &err) ||
	    regs_attach(&rc, &err))
		return regs_error(err.where, err.msg);
	if (memchk_intent_from_plan(&rc.in, pol, plan, ph, &err))
		return regs_error(err.where, err.msg);
	regs_header(&rc, pol, ph);
	ret = memchk_program(&rc.chk, &rc.in, &err);
	if (!ret && o->lock && rc.chk.desc.can_lock)
		ret = memchk_lock(&rc.chk, &err);
	regs_print(&rc);
	if (ret) {
		fprintf(stderr, "dmacage: error: %s: %s: %s\n", err.where,
			memchk_strerror(ret), err.msg);
		return EXIT_RULES;
	}
	memchk_plan_note(plan, pol, ph, o->lock && rc.chk.desc.can_lock ?
			 DMC_GUARD_LOCK : DMC_GUARD_NONE);
	printf("\n");
	return 0;
}

static int regs_run(const struct regs_opts *o, const void *pfdt,
		    const void *osfdt)
{
	static struct dmc_policy pol;
	static struct dmc_plan plan;
	uint32_t done[DMC_MAX_DOMAINS];
	unsigned int i, j, ndone = 0;
	int ret, worst;

	ret = regs_plan(o, pfdt, osfdt, &pol, &plan);
	if (ret == EXIT_USAGE)
		return ret;
	worst = ret;
	for (i = 0; i < pol.ndomains; i++) {
		if (!pol.dom[i].checker)
			continue;
		for (j = 0; j < ndone && done[j] != pol.dom[i].checker; j++)
			;
		if (j < ndone)
			continue;
		done[ndone++] = pol.dom[i].checker;
		ret = regs_checker(o, pfdt, &pol, &plan, pol.dom[i].checker);
		if (ret > worst)
			worst = ret;
	}
	if (!ndone)
		printf("# no domain names a checker: nothing to program\n");
	return worst;
}

int cmd_regs(int argc, char **argv)
{
	struct regs_opts o;
	void *pfdt, *osfdt;
	char why[128];
	int ret;

	ret = regs_parse(argc, argv, &o);
	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	pfdt = regs_load(o.policy, why, sizeof(why));
	if (!pfdt)
		return regs_error(o.policy, why);
	osfdt = regs_load(o.osdtb, why, sizeof(why));
	if (!osfdt) {
		free(pfdt);
		return regs_error(o.osdtb, why);
	}
	ret = regs_run(&o, pfdt, osfdt);
	free(pfdt);
	free(osfdt);
	return ret;
}
