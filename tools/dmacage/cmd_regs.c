// SPDX-License-Identifier: GPL-2.0+
/*
 * dmacage regs: the exact register writes a policy produces, for bring-up
 * scripts and JTAG. The plan is computed as "plan" does (same options, same
 * loader: tool_plan()); each checker the policy names is then programmed,
 * verified and locked through its real driver into its emulator, behind a
 * recording accessor, and every write is printed as "ADDR VALUE  # REGISTER"
 * (or, under --format json, as {"addr", "value", "name"} per checker).
 * Emulators start from reset, so on hardware the only difference is what
 * the driver finds already set (TZC-400 region 0 grants, which it keeps for
 * unconfined masters).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dmacage/dmacage.h>
#include <dmacage/memchk.h>
#include <dmacage/memchk_emu.h>
#include "cmds.h"
#include "tool.h"

#define REGS_OPTS	"pdDAafLP"
#define REGS_LOG_MAX	512

static const char regs_usage[] =
	"usage: dmacage regs -p POLICY -d OS.dtb [--dram B:S]... [--avoid B:S]...\n"
	"                    [--arch arm|arm64] [--no-lock] [--format text|json]\n"
	"Print the checker register writes the policy produces, one per line:\n"
	"  ADDR VALUE  # REGISTER\n"
	"ADDR is the checker's base (its reg in the policy DT) plus the offset.\n"
	"Options as for plan; --no-lock programs the checkers without locking them.\n"
	"Exit: 0 done, 1 impossible plan or a checker refused the windows,\n"
	"2 bad usage or input.\n";

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

/* Prints for one run: JSON needs commas between the checkers. */
struct regs_out {
	const struct tool_opts *o;
	bool json;
	bool opened;		/* the JSON object is started */
	unsigned int nchk;
};

/* The plan as "plan" computes it; a failed domain is not a failed run yet. */
static int regs_plan(struct regs_out *ro, struct tool_plan *tp)
{
	const struct tool_opts *o = ro->o;
	unsigned int i, n = 0;
	int ret;

	ret = tool_plan(o, tp);
	if (ret)
		return ret;
	if (tp->ret && tp->plan.nwin != tp->pol.ndomains)
		return tool_error(EXIT_USAGE, tool_where(o, &tp->err), "%s",
				  tp->err.msg);
	ro->opened = ro->json;
	if (ro->json)
		printf("{\n  \"arch\": \"%s\",\n  \"plan_hash\": \"0x%08x\",\n  \"unplanned\": [",
		       tool_arch_name(tp->plan.arch), tp->plan.hash);
	for (i = 0; i < tp->plan.nwin; i++) {
		if (tp->plan.win[i].state != DMC_DOM_FAILED)
			continue;
		if (!ro->json) {
			printf("# domain %s not planned (%s): its clients are denied everywhere\n",
			       tp->pol.dom[i].name, tp->plan.win[i].reason);
			continue;
		}
		printf("%s\n    {\"domain\": ", n++ ? "," : "");
		report_json_str(stdout, tp->pol.dom[i].name);
		printf(", \"reason\": ");
		report_json_str(stdout, tp->plan.win[i].reason);
		putchar('}');
	}
	if (ro->json)
		printf("%s],\n  \"checkers\": [", n ? "\n  " : "");
	return tp->ret ? EXIT_RULES : 0;
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

static void regs_print(const struct regs_out *ro, struct regs_checker *rc)
{
	char name[40];
	unsigned int i;

	for (i = 0; i < rc->rec.nwrites && i < REGS_LOG_MAX; i++) {
		memchk_reg_name(&rc->chk, rc->log[i].off, name, sizeof(name));
		if (!ro->json) {
			printf("0x%08llx 0x%08x  # %s\n",
			       (unsigned long long)(rc->node.base +
						    rc->log[i].off),
			       rc->log[i].val, name);
			continue;
		}
		printf("%s\n        {\"addr\": \"0x%08llx\", \"value\": \"0x%08x\", \"name\": ",
		       i ? "," : "",
		       (unsigned long long)(rc->node.base + rc->log[i].off),
		       rc->log[i].val);
		report_json_str(stdout, name);
		putchar('}');
	}
	if (ro->json)
		printf("%s], \"writes_total\": %u", i ? "\n      " : "",
		       rc->rec.nwrites);
	else if (rc->rec.nwrites > REGS_LOG_MAX)
		printf("# ... %u more writes not shown\n",
		       rc->rec.nwrites - REGS_LOG_MAX);
}

/* JSON: what the text header says, as the checker object's first keys. */
static void regs_json_header(const struct regs_out *ro,
			     const struct regs_checker *rc, uint32_t ph)
{
	const struct memchk_desc *d = memchk_describe(&rc->chk);
	bool lock = !ro->o->no_lock && rc->chk.desc.can_lock;

	printf("\n    {\"checker\": ");
	report_json_str(stdout, rc->node.path);
	printf(", \"compatible\": ");
	report_json_str(stdout, rc->node.compatible);
	printf(", \"phandle\": %u, \"base\": \"0x%08llx\",\n      \"secure_call\": %s, \"windows\": %u, \"confined\": \"0x%08x\", \"lock\": %s,\n      \"writes\": [",
	       ph, (unsigned long long)rc->node.base,
	       rc->node.type == MEMCHK_RANGECHK_SCALL ? "true" : "false",
	       d->nwindows, rc->in.confined, lock ? "true" : "false");
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

/* A checker that could not be set up: JSON names it and says why. */
static int regs_setup_error(const struct regs_out *ro, uint32_t ph,
			    const struct dmc_err *err)
{
	tool_error(EXIT_USAGE, err->where, "%s", err->msg);
	if (ro->json) {
		printf("\n    {\"phandle\": %u, \"error\": ", ph);
		report_json_str(stdout, tool_last_error_text());
		putchar('}');
	}
	return EXIT_USAGE;
}

static int regs_checker(struct regs_out *ro, struct tool_plan *tp,
			uint32_t ph)
{
	static struct regs_checker rc;
	const struct tool_opts *o = ro->o;
	struct dmc_err err = { 0 };
	bool lock;
	int ret;

	if (ro->json && ro->nchk)
		putchar(',');
	ro->nchk++;
	memset(&rc, 0, sizeof(rc));
	if (memchk_dt_by_phandle(tp->pol_fdt, ph, &rc.node, &err) ||
	    regs_attach(&rc, &err) ||
	    memchk_intent_from_plan(&rc.in, &tp->pol, &tp->plan, ph, &err))
		return regs_setup_error(ro, ph, &err);
	lock = !o->no_lock && rc.chk.desc.can_lock;
	if (ro->json)
		regs_json_header(ro, &rc, ph);
	else
		regs_header(&rc, &tp->pol, ph);
	ret = memchk_program(&rc.chk, &rc.in, &err);
	if (!ret && lock)
		ret = memchk_lock(&rc.chk, &err);
	regs_print(ro, &rc);
	if (ret) {
		tool_error(EXIT_RULES, err.where, "%s: %s",
			   dmc_strerror(ret), err.msg);
		if (ro->json) {
			printf(",\n      \"error\": ");
			report_json_str(stdout, tool_last_error_text());
			putchar('}');
		}
		return EXIT_RULES;
	}
	memchk_plan_note(&tp->plan, &tp->pol, ph,
			 lock ? DMC_GUARD_LOCK : DMC_GUARD_NONE);
	if (ro->json)
		putchar('}');
	else
		printf("\n");
	return 0;
}

static int regs_run(struct regs_out *ro, struct tool_plan *tp)
{
	const struct dmc_policy *pol = &tp->pol;
	uint32_t done[DMC_MAX_DOMAINS];
	unsigned int i, j, ndone = 0;
	int ret, worst;

	ret = regs_plan(ro, tp);
	if (ret == EXIT_USAGE)
		return ret;
	worst = ret;
	for (i = 0; i < pol->ndomains; i++) {
		if (!pol->dom[i].checker)
			continue;
		for (j = 0; j < ndone && done[j] != pol->dom[i].checker; j++)
			;
		if (j < ndone)
			continue;
		done[ndone++] = pol->dom[i].checker;
		ret = regs_checker(ro, tp, pol->dom[i].checker);
		if (ret > worst)
			worst = ret;
	}
	if (ro->json)
		printf("%s],\n  \"exit\": %d,\n  \"ok\": %s\n}\n",
		       ndone ? "\n  " : "", worst, worst ? "false" : "true");
	else if (!ndone)
		printf("# no domain names a checker: nothing to program\n");
	return worst;
}

int cmd_regs(int argc, char **argv)
{
	struct tool_opts o;
	struct tool_plan tp;
	struct regs_out ro = { .o = &o };
	int ret;

	ret = tool_parse_opts(argc, argv, "regs", regs_usage, REGS_OPTS, &o);
	if (ret)
		return ret == 1 ? EXIT_OK : ret;
	ro.json = o.format == FORMAT_JSON;
	ret = regs_run(&ro, &tp);
	if (ret && !ro.opened)
		report_failure(stdout, &o, ret);
	tool_plan_free(&tp);
	return ret;
}
