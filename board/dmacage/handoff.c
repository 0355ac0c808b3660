// SPDX-License-Identifier: GPL-2.0+
/*
 * The dmacage boot flow: plan once U-Boot has relocated (EVT_MAIN_LOOP, so
 * the plan and the LMB reservation exist before any boot command runs), and
 * confine at hand-off from ft_board_setup(), which image_setup_libfdt() runs
 * for bootm, bootz, booti and bootefi alike.
 *
 * Hand-off order matters: checkers are programmed and verified first, then
 * the OS DT is patched, then the final plan is programmed again and locked.
 * A domain whose checker could not be programmed is failed before the DT is
 * written, so the DT never enables a device whose checker is unprogrammed;
 * a domain that fails while patching is closed before the lock. A failed
 * domain's checker denies its clients everywhere.
 */
#include <event.h>
#include <fdt_support.h>
#include <image.h>
#include <malloc.h>
#include <mapmem.h>
#include <dmacage/uboot.h>
#include "compat.h"

static int dmacage_boot_plan(void *ctx, struct event *event)
{
	struct dmacage_state *st = dmacage_state();
	int ret;

	ret = dmacage_replan(NULL, NULL);
	dmacage_print_plan(st);
	if (ret && st->planned)
		printf("dmacage: error: %s: %s\n", st->err.where,
		       dmacage_err_msg(&st->err));
	dmacage_print_summary("boot-plan", ret, NULL);
	/* a bad plan is acted on at hand-off, where on-error applies */
	return 0;
}
DMACAGE_EVENT_SPY(EVT_MAIN_LOOP, dmacage_boot_plan);

static void dmacage_mark_failed(struct dmc_window *w, int code,
				const char *why)
{
	w->state = DMC_DOM_FAILED;
	w->code = code;
	strlcpy(w->reason, why, sizeof(w->reason));
}

/* Mark every failed checker's domain, and every domain when @all. */
static unsigned int dmacage_fail_domains(struct dmacage_state *st,
					 const bool *chk_failed, bool all,
					 const char *why)
{
	unsigned int i, nfailed = 0;

	for (i = 0; i < st->plan.nwin; i++) {
		struct dmc_window *w = &st->plan.win[i];

		if (w->state == DMC_DOM_PLANNED && (all || chk_failed[i]))
			dmacage_mark_failed(w, all ? st->err.code :
					    -DMC_E_CHECKER, why);
		nfailed += w->state == DMC_DOM_FAILED;
	}
	dmc_plan_hash(&st->plan);
	return nfailed;
}

/*
 * Last resort when even the disable-only fixup failed: set the host bridges
 * of failed domains to disabled directly, so nothing unconfined is enabled.
 */
static int dmacage_force_disable(void *fdt, const struct dmacage_state *st)
{
	unsigned int i;
	int node, ret;

	for (i = 0; i < st->plan.nwin; i++) {
		if (st->plan.win[i].state == DMC_DOM_PLANNED)
			continue;
		node = fdt_path_offset(fdt, st->pol.dom[i].host);
		if (node == -FDT_ERR_NOTFOUND)
			continue;
		if (node < 0)
			return node;
		ret = fdt_setprop_string(fdt, node, "status", "disabled");
		if (ret)
			return ret;
	}
	return 0;
}

static int dmacage_patch(void *fdt, struct dmacage_state *st)
{
	int size = fdt_totalsize(fdt), ret;
	void *scratch = malloc(size);

	if (!scratch)
		return dmc_fail(&st->err, -DMC_E_NOSPACE, "scratch",
				"cannot allocate %d bytes", size);
	ret = dmc_apply(fdt, size, scratch, size, &st->pol, &st->plan,
			&st->fixup_ws, &st->err);
	free(scratch);
	return ret;
}

/*
 * One line with every loaded range the plan avoided, as key=0xbase+0xsize
 * (keys: fdt, kernel, kernel-unpacked, initrd), for tests to check that no
 * pool overlaps them.
 */
static void dmacage_print_handoff(const struct dmacage_state *st)
{
	static const char *const keys[] = {
		"fdt", "kernel", "kernel-unpacked", "initrd"
	};
	unsigned int i, k;

	printf("dmacage: handoff");
	for (i = 0; i < st->mm.navoid; i++) {
		const struct dmc_region *r = &st->mm.avoid[i];

		for (k = 0; k < ARRAY_SIZE(keys); k++)
			if (!strcmp(r->label, keys[k]))
				printf(" %s=0x%llx+0x%llx", keys[k],
				       (unsigned long long)r->base,
				       (unsigned long long)r->size);
	}
	printf("\n");
}

/* The loaded images; "kernel-unpacked" is the zImage's estimate. */
static bool dmacage_is_image(const struct dmc_region *r, bool unpacked)
{
	return !strcmp(r->label, "fdt") || !strcmp(r->label, "kernel") ||
	       !strcmp(r->label, "initrd") ||
	       (unpacked && !strcmp(r->label, "kernel-unpacked"));
}

static bool dmacage_overlaps(u64 a, u64 asize, u64 b, u64 bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

/*
 * The images against each other and against the pools, before anything
 * is programmed. LMB is what keeps loads apart, and bootm goes on when one
 * of its reservations fails (booti ignores lmb_reserve()'s answer for the
 * kernel, so the DT can then be allocated on top of it):
 * - two images that overlap: the OS would start on a corrupt image and
 *   hang where nobody sees it, whatever on-error says, so the boot is
 *   refused (-1);
 * - a pool whose LMB reservation failed at boot, an image inside a window
 *   that was reserved (the reservation was bypassed), or an image inside
 *   the window planned now: that domain fails and on-error applies.
 * Return: 0, or -1 to refuse (st->err says why).
 */
static int dmacage_check_images(struct dmacage_state *st)
{
	const struct dmc_memmap *mm = &st->mm;
	const struct dmc_region *a, *b;
	unsigned int i, j, d, nfailed = 0;
	char why[DMC_MSG_MAX];
	bool in_rsv;

	for (i = 0; i < mm->navoid; i++) {
		a = &mm->avoid[i];
		for (j = i + 1; j < mm->navoid; j++) {
			b = &mm->avoid[j];
			if (!dmacage_is_image(a, false) ||
			    !dmacage_is_image(b, false) ||
			    !dmacage_overlaps(a->base, a->size, b->base, b->size))
				continue;
			dmc_fail(&st->err, -DMC_E_MEMMAP, "images",
				 "the %s 0x%llx+0x%llx and the %s 0x%llx+0x%llx overlap (an LMB reservation failed): the OS would start on a corrupt image",
				 a->label, (unsigned long long)a->base,
				 (unsigned long long)a->size, b->label,
				 (unsigned long long)b->base,
				 (unsigned long long)b->size);
			return -1;
		}
	}
	for (d = 0; d < st->plan.nwin; d++) {
		struct dmc_window *w = &st->plan.win[d];
		const struct dmacage_lmb_rsv *r = &st->lmb_rsv[d];
		const char *name = st->pol.dom[d].name;

		if (w->state != DMC_DOM_PLANNED)
			continue;
		why[0] = '\0';
		if (r->tried && r->ret < 0)
			snprintf(why, sizeof(why),
				 "%s: LMB refused to reserve the window 0x%llx+0x%llx (%ld), so a load may lie in the pool",
				 name, (unsigned long long)r->base,
				 (unsigned long long)r->size, r->ret);
		for (i = 0; !why[0] && i < mm->navoid; i++) {
			a = &mm->avoid[i];
			if (!dmacage_is_image(a, true))
				continue;
			/* the window LMB reserved at boot, else the one now */
			in_rsv = r->tried && dmacage_overlaps(a->base, a->size,
							      r->base, r->size);
			if (!in_rsv && !dmacage_overlaps(a->base, a->size,
							 w->base, w->size))
				continue;
			snprintf(why, sizeof(why),
				 "%s: the %s 0x%llx+0x%llx %s the window 0x%llx+0x%llx%s",
				 name, a->label, (unsigned long long)a->base,
				 (unsigned long long)a->size,
				 in_rsv ? "was loaded into" : "overlaps",
				 (unsigned long long)(in_rsv ? r->base : w->base),
				 (unsigned long long)(in_rsv ? r->size : w->size),
				 in_rsv ? " that LMB had reserved" : "");
		}
		if (!why[0])
			continue;
		dmacage_mark_failed(w, -DMC_E_MEMMAP, why);
		/* the first failure is the one on-error reports */
		if (!nfailed++ && !st->err.code)
			dmc_fail(&st->err, -DMC_E_MEMMAP, name, "%s", why);
		printf("dmacage: error: %s: %s\n", name,
		       why + strlen(name) + 2);
	}
	if (nfailed)
		dmc_plan_hash(&st->plan);
	return 0;
}

/* Stop for good after a refusal: never a reset, never a silent hang. */
static void __noreturn dmacage_refuse(const struct dmacage_state *st)
{
	const char *why = st->ho_msg;

	/* "halt: N domain(s) ..." reads "HALTED: N domain(s) ..." */
	if (!strncmp(why, "halt: ", 6))
		why += 6;
	else if (!strncmp(why, "refused: ", 9))
		why += 9;
	dmacage_halt(why);
}

/*
 * A coherent pool helps only a kernel that attaches it to PCI devices
 * (dmacage's patch); stock Linux reserves it and never uses it (R37). Say
 * so at every boot, not only when someone runs "dmacage check".
 */
static void dmacage_warn_companions(const struct dmacage_state *st)
{
	const struct dmc_window *w;
	unsigned int i;

	for (i = 0; i < st->plan.nwin; i++) {
		w = &st->plan.win[i];
		if (w->state == DMC_DOM_PLANNED && w->coherent_size)
			printf("dmacage: warning: %s: the coherent pool 0x%llx+0x%llx is used only by a kernel with dmacage's coherent-pool patch; stock Linux ignores it (R37)\n",
			       st->pol.dom[i].name,
			       (unsigned long long)w->coherent_base,
			       (unsigned long long)w->coherent_size);
	}
}

/* Refuse, warn or go on, per on-error, once domains have failed. */
static int dmacage_on_error(struct dmacage_state *st, unsigned int nfailed)
{
	if (!nfailed) {
		st->ho = DMACAGE_HO_OK;
		strlcpy(st->ho_msg, "every enabled domain confined",
			sizeof(st->ho_msg));
		return 0;
	}
	if (st->pol.on_error == DMC_ON_ERROR_HALT) {
		st->ho = DMACAGE_HO_REFUSED;
		snprintf(st->ho_msg, sizeof(st->ho_msg),
			 "halt: %u domain(s) cannot be confined: %s: %s",
			 nfailed, st->err.where, dmacage_err_msg(&st->err));
		return -1;
	}
	st->ho = DMACAGE_HO_DEGRADED;
	snprintf(st->ho_msg, sizeof(st->ho_msg), "%s: %u domain(s) %s: %s: %s",
		 st->pol.on_error == DMC_ON_ERROR_WARN ? "WARNING" : "disable",
		 nfailed, st->pol.on_error == DMC_ON_ERROR_WARN ?
		 "left UNCONFINED" : "disabled", st->err.where,
		 dmacage_err_msg(&st->err));
	return 0;
}

/*
 * Checkers, then the OS DT, then the final plan locked into the checkers.
 * Return: 0 to boot, -1 to refuse.
 */
static int dmacage_confine(void *fdt, struct dmacage_state *st)
{
	bool chk_failed[DMC_MAX_DOMAINS] = { false };
	bool refuse = false;
	unsigned int i, nfailed = 0;

	if (dmacage_checkers_apply(st, chk_failed))
		dmacage_fail_domains(st, chk_failed, false,
				     "checker could not be programmed");
	if (dmacage_patch(fdt, st)) {
		/* the DT is unchanged: fail every domain, then disable them */
		printf("dmacage: error: fixup failed: %s: %s\n", st->err.where,
		       dmacage_err_msg(&st->err));
		dmacage_fail_domains(st, chk_failed, true, st->err.msg);
		/* with nothing disabled, an unconfined device would boot */
		refuse = dmacage_patch(fdt, st) &&
			 dmacage_force_disable(fdt, st);
	}
	dmacage_attest(fdt, st);
	for (i = 0; i < st->plan.nwin; i++)
		nfailed += st->plan.win[i].state == DMC_DOM_FAILED;
	if (dmacage_on_error(st, nfailed) || refuse) {
		st->ho = DMACAGE_HO_REFUSED;
		if (refuse)
			strlcpy(st->ho_msg, "refused: cannot disable the failed host bridges",
				sizeof(st->ho_msg));
	}
	if (dmacage_checkers_lock(st)) {
		st->ho = DMACAGE_HO_REFUSED;
		snprintf(st->ho_msg, sizeof(st->ho_msg),
			 "refused: checker not locked: %s: %s", st->err.where,
			 dmacage_err_msg(&st->err));
	}
	return st->ho == DMACAGE_HO_REFUSED ? -1 : 0;
}

/**
 * dmacage_handoff() - confine every domain in the OS DT about to be booted
 * @fdt:	the OS DT, patched in place within its fdt_totalsize()
 * @images:	the images being booted, or NULL
 *
 * A refusal halts the board here (dmacage_halt()): returning an error
 * would make bootm panic, and panic resets.
 * Return: 0 to boot.
 */
int dmacage_handoff(void *fdt, const struct bootm_headers *images)
{
	struct dmacage_state *st = dmacage_state();
	u32 early = st->planned ? st->plan.hash : 0;
	int ret;

	st->ho_fdt = map_to_sysmem(fdt);
	ret = dmacage_replan(fdt, images);
	dmacage_print_handoff(st);
	if (st->src == DMACAGE_SRC_NONE && !ret) {
		st->ho = DMACAGE_HO_NONE;
		dmacage_print_summary("handoff", 0, "result=no-policy");
		return 0;
	}
	if (!st->planned) {
		/* no usable policy: there is no on-error to follow */
		st->ho = IS_ENABLED(CONFIG_DMACAGE_HALT_ON_ERROR) ?
			 DMACAGE_HO_REFUSED : DMACAGE_HO_DEGRADED;
		snprintf(st->ho_msg, sizeof(st->ho_msg), "policy unusable: %s: %s",
			 st->err.where, dmacage_err_msg(&st->err));
		printf("dmacage: %s: %s\n", st->ho == DMACAGE_HO_REFUSED ?
		       "refusing to boot" : "WARNING: booting UNCONFINED",
		       st->ho_msg);
		dmacage_print_summary("handoff", ret, st->ho == DMACAGE_HO_REFUSED ?
				      "result=refused" : "result=unconfined");
		if (st->ho == DMACAGE_HO_REFUSED)
			dmacage_refuse(st);
		return 0;
	}
	if (early && early != st->plan.hash)
		printf("dmacage: note: plan moved since boot (hash 0x%08x -> 0x%08x): loaded images were in the way\n",
		       early, st->plan.hash);

	if (dmacage_check_images(st)) {
		st->ho = DMACAGE_HO_REFUSED;
		snprintf(st->ho_msg, sizeof(st->ho_msg), "refused: %s: %s",
			 st->err.where, dmacage_err_msg(&st->err));
		ret = -1;
	} else {
		ret = dmacage_confine(fdt, st);
	}
	dmacage_print_plan(st);
	dmacage_checkers_status(st);
	if (st->ho == DMACAGE_HO_OK || st->ho == DMACAGE_HO_DEGRADED)
		dmacage_warn_companions(st);
	printf("dmacage: handoff %s\n", st->ho_msg);
	dmacage_print_summary("handoff", ret ? st->err.code : 0,
			      st->ho == DMACAGE_HO_OK ? "result=ok" :
			      st->ho == DMACAGE_HO_REFUSED ? "result=refused" :
			      "result=degraded");
	if (ret)
		dmacage_refuse(st);
	return 0;
}

#if IS_ENABLED(CONFIG_DMACAGE_FT_BOARD_SETUP)
int ft_board_setup(void *blob, struct bd_info *bd)
{
	/* "images" is bootm's; bootefi leaves it empty and that is fine */
	return dmacage_handoff(blob, &images) ? -FDT_ERR_BADSTATE : 0;
}
#endif
