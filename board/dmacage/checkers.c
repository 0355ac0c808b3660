// SPDX-License-Identifier: GPL-2.0+
/*
 * The checkers at hand-off: program, verify by readback, lock, and record
 * the windows as programmed in the plan (the fixup writes them into the OS
 * DT). Everything goes through the freestanding memchk frontend, which
 * validates before writing and leaves a checker denying its confined
 * clients everywhere on any failure.
 *
 * Console lines (parsed by tests, see doc/uboot.md):
 *   dmacage: checker <domain> dev=<node> win0=0x<base>+0x<size> ...
 *            verify=ok|pending|MISMATCH guard=lock-bit|secure-world|none
 *            (guard: what keeps the OS from changing the windows: the
 *            checker's lock bit, or a secure-only register port with U-Boot
 *            secure and the OS non-secure)
 *   dmacage: checker <domain> none
 *   dmacage: fault <node> addr=0x.. aid=0x.. client=N|- name=..
 *            dir=read|write count=N
 *            (aid: the AXI ID a TZC-400 records; client: what the checker
 *            node's AXI ID map makes of it, "-" when nothing matches)
 */
#include <dmacage/memchk-uclass.h>
#include <dmacage/uboot.h>

#define DMACAGE_MAX_FAULTS	8

/* Is domain @i the first to name its checker? Each checker is handled once. */
static bool dmacage_first_user(const struct dmc_policy *pol, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < i; j++)
		if (pol->dom[j].checker == pol->dom[i].checker)
			return false;
	return true;
}

static void dmacage_mark(const struct dmc_policy *pol, u32 ph, bool *failed)
{
	unsigned int i;

	for (i = 0; i < pol->ndomains; i++)
		if (pol->dom[i].checker == ph)
			failed[i] = true;
}

/* Every client the policy confines on checker @ph, as a client mask. */
static u32 dmacage_confined(const struct dmc_policy *pol, u32 ph)
{
	unsigned int i, k;
	u32 mask = 0;

	for (i = 0; i < pol->ndomains; i++)
		for (k = 0; k < pol->dom[i].nclients; k++)
			if (pol->dom[i].checker == ph &&
			    pol->dom[i].clients[k] < 32)
				mask |= 1u << pol->dom[i].clients[k];
	return mask;
}

/*
 * memchk_program() closes the checker itself when a write or readback
 * fails, but a refused intent writes nothing, and a checker fresh from
 * reset may be open. Deny the policy's clients explicitly so that no
 * failure path leaves them able to reach memory. Clients the checker
 * cannot name are dropped from the mask: denying those is impossible, and
 * the domain is failed (disabled or halted) anyway.
 */
static void dmacage_close(struct dmacage_state *st, u32 ph, struct memchk *c,
			  struct dmc_err *err)
{
	u32 mask = dmacage_confined(&st->pol, ph);
	struct dmc_err e2 = { 0 };

	if (c->desc.nclients < 32)
		mask &= (1u << c->desc.nclients) - 1;
	if (memchk_clear(c, mask, &e2))
		printf("dmacage: error: checker %s NOT closed: %s\n", e2.where,
		       e2.msg);
	else
		printf("dmacage: checker %s closed: clients 0x%x denied everywhere\n",
		       err->where, mask);
}

/*
 * What will keep the OS from changing @c's windows, with its lock bit set
 * (@locked) or not.
 */
static enum dmc_chk_guard dmacage_guard(const struct memchk *c, bool locked)
{
	if (c->desc.can_lock)
		return locked ? DMC_GUARD_LOCK : DMC_GUARD_NONE;
	if (c->desc.secure_port && dmacage_os_nonsecure())
		return DMC_GUARD_SECURE;
	return DMC_GUARD_NONE;
}

static const char *dmacage_guard_name(enum dmc_chk_guard g)
{
	return g == DMC_GUARD_LOCK ? "lock-bit" :
	       g == DMC_GUARD_SECURE ? "secure-world" : "none";
}

/*
 * Program one checker and verify it; on failure every domain using it
 * fails and the checker is left denying its clients. The lock comes later
 * (dmacage_checkers_lock()), once the OS DT is patched: a domain that fails
 * in between must still be closed.
 */
static int dmacage_program_one(struct dmacage_state *st, u32 ph,
			       bool note, struct memchk **cp,
			       struct dmc_err *err)
{
	struct memchk_intent in;
	int ret;

	ret = memchk_dm_get(st->pol_fdt, ph, cp, err);
	if (ret)
		return ret;
	ret = memchk_intent_from_plan(&in, &st->pol, &st->plan, ph, err);
	if (!ret)
		ret = memchk_program(*cp, &in, err);
	if (ret)
		dmacage_close(st, ph, *cp, err);
	else if (note)
		memchk_plan_note(&st->plan, &st->pol, ph,
				 dmacage_guard(*cp, (*cp)->desc.can_lock));
	return ret;
}

int dmacage_checkers_apply(struct dmacage_state *st, bool *failed)
{
	struct memchk *c;
	struct dmc_err err;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < st->pol.ndomains; i++) {
		u32 ph = st->pol.dom[i].checker;

		if (!ph || !dmacage_first_user(&st->pol, i))
			continue;
		memset(&err, 0, sizeof(err));
		if (!dmacage_program_one(st, ph, true, &c, &err))
			continue;
		printf("dmacage: error: checker for %s: %s: %s\n",
		       st->pol.dom[i].name, err.where, err.msg);
		dmacage_mark(&st->pol, ph, failed);
		if (!ret) {
			st->err = err;
			ret = -DMC_E_CHECKER;
		}
	}
	return ret;
}

int dmacage_checkers_lock(struct dmacage_state *st)
{
	struct dmc_err err = { 0 };
	struct memchk *c;
	unsigned int i;
	int ret;

	for (i = 0; i < st->pol.ndomains; i++) {
		u32 ph = st->pol.dom[i].checker;

		if (!ph || !dmacage_first_user(&st->pol, i))
			continue;
		/* the final plan: domains failed since apply are closed now */
		ret = dmacage_program_one(st, ph, false, &c, &err);
		if (!ret && c->desc.can_lock)
			ret = memchk_lock(c, &err);
		if (ret) {
			printf("dmacage: error: checker %s: %s\n", err.where,
			       err.msg);
			st->err = err;
			return -DMC_E_CHECKER;
		}
	}
	return 0;
}

/* Readback lines for every domain on checker @ph. Return: mismatches. */
static int dmacage_status_one(const struct dmacage_state *st, u32 ph)
{
	struct memchk_intent want, got;
	struct dmc_err err = { 0 };
	struct memchk *c;
	const char *verify = "pending";
	unsigned int i, k;
	int locked, bad = 0;

	if (memchk_dm_get(st->pol_fdt, ph, &c, &err) ||
	    memchk_readback(c, &got, &err) ||
	    memchk_intent_from_plan(&want, &st->pol, &st->plan, ph, &err)) {
		printf("dmacage: checker 0x%x error: %s: %s\n", ph, err.where,
		       err.msg);
		return 1;
	}
	locked = memchk_is_locked(c, &err);
	/* before hand-off nothing is programmed yet, by design */
	if (st->ho != DMACAGE_HO_NONE) {
		bad = memchk_verify(c, &want, &err) ? 1 : 0;
		verify = bad ? "MISMATCH" : "ok";
		if (bad)
			printf("dmacage: checker %s: %s\n", err.where, err.msg);
	}
	for (i = 0; i < st->pol.ndomains; i++) {
		const struct dmc_domain *d = &st->pol.dom[i];
		unsigned int n = 0;

		if (d->checker != ph)
			continue;
		printf("dmacage: checker %s dev=%s", d->name, c->name);
		for (k = 0; k < got.nwin; k++) {
			if (d->nclients &&
			    !(got.win[k].clients & BIT(d->clients[0])))
				continue;
			printf(" win%u=0x%llx+0x%llx", n++,
			       (unsigned long long)got.win[k].base,
			       (unsigned long long)got.win[k].size);
		}
		printf(" verify=%s guard=%s\n", verify,
		       dmacage_guard_name(dmacage_guard(c, locked > 0)));
	}
	return bad;
}

int dmacage_checkers_status(const struct dmacage_state *st)
{
	unsigned int i;
	int bad = 0;

	if (!st->planned)
		return 0;
	for (i = 0; i < st->pol.ndomains; i++) {
		const struct dmc_domain *d = &st->pol.dom[i];

		if (!d->checker)
			printf("dmacage: checker %s none\n", d->name);
		else if (dmacage_first_user(&st->pol, i))
			bad += dmacage_status_one(st, d->checker);
	}
	return bad;
}

static void dmacage_print_fault(const struct memchk *c,
				const struct memchk_violation *v)
{
	char client[12] = "-";

	if (v->client != MEMCHK_CLIENT_UNKNOWN)
		snprintf(client, sizeof(client), "%u", v->client);
	printf("dmacage: fault %s addr=0x%llx aid=0x%x client=%s name=%s dir=%s count=%u%s\n",
	       c->name, (unsigned long long)v->addr, v->aid, client,
	       v->name[0] ? v->name : "-",
	       v->dir == MEMCHK_WRITE ? "write" : "read", v->count,
	       v->overrun ? " overrun" : "");
}

int dmacage_checkers_faults(const struct dmacage_state *st, bool clear)
{
	struct memchk_violation v[DMACAGE_MAX_FAULTS];
	struct dmc_err err = { 0 };
	struct memchk *c;
	unsigned int i;
	int n, k, total = 0;

	if (!st->planned)
		return 0;
	for (i = 0; i < st->pol.ndomains; i++) {
		u32 ph = st->pol.dom[i].checker;

		if (!ph || !dmacage_first_user(&st->pol, i))
			continue;
		if (memchk_dm_get(st->pol_fdt, ph, &c, &err))
			goto fail;
		n = memchk_read_faults(c, v, ARRAY_SIZE(v), &err);
		if (n < 0)
			goto fail;
		for (k = 0; k < n; k++)
			dmacage_print_fault(c, &v[k]);
		total += n;
		if (clear && memchk_clear_faults(c, &err))
			goto fail;
	}
	return total;
fail:
	printf("dmacage: error: %s: %s\n", err.where, err.msg);
	return err.code ? err.code : -DMC_E_CHECKER;
}
