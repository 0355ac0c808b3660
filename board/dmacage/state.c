// SPDX-License-Identifier: GPL-2.0+
/*
 * The plan U-Boot works from: where the policy comes from, what memory is
 * already taken, and keeping the planned pools out of U-Boot's allocator.
 *
 * The plan is made once after relocation (so that "dmacage status" and the
 * LMB reservation exist before any image is loaded) and made again at
 * hand-off against the OS DT and the images actually loaded. Planning is
 * deterministic, so both agree unless something was loaded into the way.
 */
#include <env.h>
#include <image.h>
#include <mapmem.h>
#include <vsprintf.h>
#include <asm/global_data.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <dmacage/field.h>
#include <dmacage/uboot.h>
#include "compat.h"

DECLARE_GLOBAL_DATA_PTR;

/* Debian's ARM zImages decompress to less than 4x their size. */
#define DMACAGE_ZIMAGE_RATIO	4
#define DMACAGE_ZIMAGE_MAGIC	0x016f2818

#if IS_ENABLED(CONFIG_DMACAGE_POLICY_BUILTIN)
extern char __dtb_dmacage_policy_begin[];
#endif

static struct dmacage_state dmacage_st;

struct dmacage_state *dmacage_state(void)
{
	return &dmacage_st;
}

const char *dmacage_src_text(const struct dmacage_state *st, char *buf,
			     size_t size)
{
	const char *plus = st->ovr.napplied ? "+env" : "";

	switch (st->src) {
	case DMACAGE_SRC_ENV:
		snprintf(buf, size, "memory@0x%lx%s", st->pol_addr, plus);
		break;
	case DMACAGE_SRC_CONTROL:
		snprintf(buf, size, "control-dt%s", plus);
		break;
	case DMACAGE_SRC_BUILTIN:
		snprintf(buf, size, "built-in%s", plus);
		break;
	case DMACAGE_SRC_FIT:
		snprintf(buf, size, "fit%s", plus);
		break;
	default:
		strlcpy(buf, "none", size);
	}
	return buf;
}

const char *dmacage_err_msg(const struct dmc_err *err)
{
	size_t n = strlen(err->where);

	if (n && !strncmp(err->msg, err->where, n) && err->msg[n] == ':' &&
	    err->msg[n + 1] == ' ')
		return err->msg + n + 2;
	return err->msg;
}

/*
 * The policy DTB, by precedence: the signed FIT configuration being booted
 * (verified, board/dmacage/fitpolicy.c), the environment (a bring-up
 * build's provisioning step or test loaded one), the control DT, the image. Return: node offset, 0-less
 * -DMC_E_POLICY when a source is named but broken; *src NONE when there is
 * simply no policy.
 */
static int dmacage_find_policy(struct dmacage_state *st,
			       const struct bootm_headers *images,
			       struct dmc_err *err)
{
	const void *fit = dmacage_fit_policy(images);
	const char *s = fit ? NULL : dmacage_policy_env(&st->ovr);
	int node;

	st->src = DMACAGE_SRC_NONE;
	st->pol_fdt = NULL;
	st->pol_addr = 0;
	if (fit) {
		st->src = DMACAGE_SRC_FIT;
		st->pol_fdt = fit;
		node = dmc_policy_find(fit);
		return node >= 0 ? node :
		       dmc_fail(err, -DMC_E_POLICY, "dmacage-policy",
				"the FIT's policy DTB has no /dmacage node");
	}
	if (s) {
		char *end;
		ulong addr = hextoul(s, &end);

		st->src = DMACAGE_SRC_ENV;
		st->pol_addr = addr;
		if (end == s || *end)
			return dmc_fail(err, -DMC_E_POLICY, "dmacage_policy",
					"\"%s\" is not a hex address", s);
		st->pol_fdt = map_sysmem(addr, 0);
		if (fdt_check_header(st->pol_fdt))
			return dmc_fail(err, -DMC_E_POLICY, "dmacage_policy",
					"no valid DTB at 0x%lx", addr);
		node = dmc_policy_find(st->pol_fdt);
		if (node < 0)
			return dmc_fail(err, -DMC_E_POLICY, "dmacage_policy",
					"the DTB at 0x%lx has no /dmacage node",
					addr);
		return node;
	}
	node = dmc_policy_find(gd->fdt_blob);
	if (node >= 0) {
		st->src = DMACAGE_SRC_CONTROL;
		st->pol_fdt = gd->fdt_blob;
		return node;
	}
#if IS_ENABLED(CONFIG_DMACAGE_POLICY_BUILTIN)
	st->src = DMACAGE_SRC_BUILTIN;
	st->pol_fdt = __dtb_dmacage_policy_begin;
	node = dmc_policy_find(st->pol_fdt);
	if (node < 0)
		return dmc_fail(err, -DMC_E_POLICY, CONFIG_DMACAGE_POLICY_DTS,
				"the built-in policy has no /dmacage node");
	return node;
#else
	return 0;
#endif
}

/* Size of the zImage at @addr from its header, 0 if it is not one. */
static ulong dmacage_zimage_size(ulong addr)
{
	const u32 *h = map_sysmem(addr, 0x30);

	if (h[9] != DMACAGE_ZIMAGE_MAGIC || h[11] <= h[10])
		return 0;
	return h[11] - h[10];
}

static int dmacage_avoid(struct dmc_memmap *mm, u64 start, u64 end,
			 const char *label, struct dmc_err *err)
{
	if (end <= start)
		return 0;
	return dmc_memmap_add_avoid(mm, start, end - start, label, err);
}

/* Kernel, initrd and the DT being handed over: never inside a pool (R44). */
static int dmacage_avoid_images(struct dmc_memmap *mm, const void *osfdt,
				const struct bootm_headers *images,
				struct dmc_err *err)
{
	ulong fdt = map_to_sysmem(osfdt);
	int ret;

	ret = dmacage_avoid(mm, fdt, (u64)fdt + fdt_totalsize(osfdt), "fdt",
			    err);
	if (ret || !images)
		return ret;
	if (images->os.end > images->os.start) {
		ret = dmacage_avoid(mm, images->os.start, images->os.end,
				    "kernel", err);
	} else if (images->ep) {
		ulong zsize = IS_ENABLED(CONFIG_ARM64) ? 0 :
			      dmacage_zimage_size(images->ep);

		ret = dmacage_avoid(mm, images->ep, (u64)images->ep + zsize,
				    "kernel", err);
		/* the zImage unpacks itself at the start of RAM */
		if (!ret && zsize)
			ret = dmacage_avoid(mm, gd->bd->bi_dram[0].start,
					    gd->bd->bi_dram[0].start + SZ_32K +
					    (u64)zsize * DMACAGE_ZIMAGE_RATIO,
					    "kernel-unpacked", err);
	}
	if (!ret && images->initrd_end > images->initrd_start)
		ret = dmacage_avoid(mm, images->initrd_start,
				    images->initrd_end, "initrd", err);
	else if (!ret && images->rd_end > images->rd_start)
		ret = dmacage_avoid(mm, images->rd_start, images->rd_end,
				    "initrd", err);
	return ret;
}

/* End of the DRAM bank holding @addr, or @addr itself when none does. */
static u64 dmacage_bank_end(u64 addr)
{
	int i;

	for (i = 0; i < CONFIG_NR_DRAM_BANKS; i++) {
		u64 start = gd->bd->bi_dram[i].start;
		u64 size = gd->bd->bi_dram[i].size;

		if (size && addr >= start && addr - start < size)
			return start + size;
	}
	return addr;
}

/*
 * Keep the windows out of where the boot command will load: from each of
 * kernel_addr_r, ramdisk_addr_r and fdt_addr_r up to the next of them above
 * it, the end of its DRAM bank, or CONFIG_DMACAGE_LOAD_ROOM bytes, whichever
 * comes first. A window that would take that room is an impossible plan
 * before anything is loaded, which on-error handles before the boot, rather
 * than a load into the pool, or a DT that cannot be placed, later.
 *
 * On ARM32 the room where a zImage unpacks itself is kept out too. The
 * areas are read from the environment once, at the first plan, and kept:
 * the boot command may change these variables before it boots, and the plan
 * at hand-off must be made from the same facts as the plan at boot, plus the
 * images actually loaded.
 */
static const char *const dmacage_load_var[] = {
	"kernel_addr_r", "ramdisk_addr_r", "fdt_addr_r",
};
/* the three above, and on ARM32 where a zImage unpacks itself */
#define DMACAGE_NLOAD	(ARRAY_SIZE(dmacage_load_var) + 1)
static struct {
	u64 base, end;
} dmacage_load[DMACAGE_NLOAD];
static bool dmacage_load_read;

static void dmacage_read_load_areas(void)
{
	u64 addr[ARRAY_SIZE(dmacage_load_var)], end, ram;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(addr); i++)
		addr[i] = env_get_hex(dmacage_load_var[i], 0);
	for (i = 0; i < ARRAY_SIZE(addr); i++) {
		end = addr[i] ? min(addr[i] + CONFIG_DMACAGE_LOAD_ROOM,
				    dmacage_bank_end(addr[i])) : 0;
		for (j = 0; j < ARRAY_SIZE(addr); j++)
			if (addr[j] > addr[i] && addr[j] < end)
				end = addr[j];
		dmacage_load[i].base = addr[i];
		dmacage_load[i].end = end;
	}
	/*
	 * A zImage unpacks the kernel at the start of RAM (plus 32 KiB), to
	 * about four times its own size; its size is not known before the
	 * load, so the room is the same as for a load.
	 */
	if (!IS_ENABLED(CONFIG_ARM64)) {
		ram = gd->bd->bi_dram[0].start;
		dmacage_load[i].base = ram;
		dmacage_load[i].end = min(ram + SZ_32K +
					  CONFIG_DMACAGE_LOAD_ROOM,
					  dmacage_bank_end(ram));
	}
	dmacage_load_read = true;
}

static int dmacage_avoid_load_areas(struct dmc_memmap *mm,
				    struct dmc_err *err)
{
	char label[DMC_LABEL_MAX];
	unsigned int i;
	int ret;

	if (!dmacage_load_read)
		dmacage_read_load_areas();
	for (i = 0; i < DMACAGE_NLOAD; i++) {
		snprintf(label, sizeof(label), "load:%s",
			 i < ARRAY_SIZE(dmacage_load_var) ?
			 dmacage_load_var[i] : "kernel-unpacked");
		ret = dmacage_avoid(mm, dmacage_load[i].base,
				    dmacage_load[i].end, label, err);
		if (ret)
			return ret;
	}
	return 0;
}

int dmacage_board_memmap(struct dmc_memmap *mm, struct dmc_err *err)
{
	int i, ret;

	dmc_memmap_init(mm);
	for (i = 0; i < CONFIG_NR_DRAM_BANKS; i++) {
		if (!gd->bd->bi_dram[i].size)
			continue;
		ret = dmc_memmap_add_dram(mm, gd->bd->bi_dram[i].start,
					  gd->bd->bi_dram[i].size, "dram", err);
		if (ret)
			return ret;
	}
	/*
	 * U-Boot itself: stack, control DT copy, global data, heap and code
	 * all lie between the initial stack pointer and ram_top; below it,
	 * the room the base keeps for the stack (compat.h).
	 */
	ret = dmacage_avoid(mm, gd->start_addr_sp - DMACAGE_STACK_ROOM,
			    gd->ram_top, "u-boot", err);
	if (!ret && dmacage_st.src == DMACAGE_SRC_ENV)
		ret = dmacage_avoid(mm, map_to_sysmem(dmacage_st.pol_fdt),
				    map_to_sysmem(dmacage_st.pol_fdt) +
				    (u64)fdt_totalsize(dmacage_st.pol_fdt),
				    "policy", err);
	return ret ?: dmacage_avoid_load_areas(mm, err);
}

static int dmacage_build_memmap(struct dmc_memmap *mm, const void *osfdt,
				const struct bootm_headers *images,
				struct dmc_err *err)
{
	int ret;

	ret = dmacage_board_memmap(mm, err);
	ret = ret ?: dmc_read(osfdt, &dmacage_st.pol, false, mm,
			      &dmacage_st.os, err);
	if (ret || !images)
		return ret;
	return dmacage_avoid_images(mm, osfdt, images, err);
}

/* The policy DTB's reservation: 2025.01 releases it before the next plan. */
static struct dmacage_lmb_rsv dmacage_pol_rsv;

/*
 * Keep the planned pools out of every later load, and the policy DTB that
 * dmacage_policy points at (it is read again at hand-off). LMB can refuse
 * a reservation (the range overlaps one already made, or its table is
 * full); each answer is kept, and the hand-off fails a domain whose pool
 * was not reserved, since anything may have been loaded into it.
 */
static void dmacage_lmb_reserve_plan(struct lmb *lmb)
{
	struct dmacage_state *st = &dmacage_st;
	struct dmacage_lmb_rsv *r = &dmacage_pol_rsv;
	unsigned int i;

	memset(st->lmb_rsv, 0, sizeof(st->lmb_rsv));
	memset(r, 0, sizeof(*r));
	if (st->src == DMACAGE_SRC_ENV && !fdt_check_header(st->pol_fdt)) {
		r->tried = true;
		r->base = map_to_sysmem(st->pol_fdt);
		r->size = fdt_totalsize(st->pol_fdt);
		r->ret = dmacage_lmb_reserve(lmb, r->base, r->size);
		if (r->ret < 0)
			printf("dmacage: error: dmacage_policy: LMB refused to reserve the policy DTB at 0x%lx (%ld)\n",
			       (ulong)r->base, r->ret);
	}
	if (!st->planned)
		return;
	for (i = 0; i < st->plan.nwin; i++) {
		const struct dmc_window *w = &st->plan.win[i];

		r = &st->lmb_rsv[i];
		if (w->state != DMC_DOM_PLANNED)
			continue;
		r->tried = true;
		r->base = w->base;
		r->size = w->size;
		r->ret = dmacage_lmb_reserve(lmb, w->base, w->size);
		if (r->ret < 0)
			printf("dmacage: error: %s: LMB refused to reserve the window 0x%llx+0x%llx (%ld); loads may land in it\n",
			       st->pol.dom[i].name, (unsigned long long)w->base,
			       (unsigned long long)w->size, r->ret);
	}
}

#if DMACAGE_LMB_SESSION
static void dmacage_lmb_give_back(const struct dmacage_lmb_rsv *r)
{
	if (r->tried && !r->ret)
		dmacage_lmb_unreserve(r->base, r->size);
}

/* Give back what the last plan reserved: the next plan may differ. */
static void dmacage_lmb_release_plan(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dmacage_st.lmb_rsv); i++)
		dmacage_lmb_give_back(&dmacage_st.lmb_rsv[i]);
	dmacage_lmb_give_back(&dmacage_pol_rsv);
}

/* The session's LMB holds the pools of the latest plan, and only those. */
static void dmacage_lmb_update(void)
{
	dmacage_lmb_release_plan();
	dmacage_lmb_reserve_plan(NULL);
}
#else
/* Called by lmb_init_and_reserve(), for each command that loads or boots. */
void board_lmb_reserve(struct lmb *lmb)
{
	dmacage_lmb_reserve_plan(lmb);
}

/* board_lmb_reserve() reserves the latest plan in each new LMB */
static void dmacage_lmb_update(void)
{
}
#endif

/* A domain whose override was rejected fails; it never runs on defaults. */
static void dmacage_fail_domain(struct dmc_plan *plan, int i,
				const struct dmc_err *err)
{
	struct dmc_window *w = &plan->win[i];

	memset(w, 0, sizeof(*w));
	w->state = DMC_DOM_FAILED;
	w->code = err->code;
	dmc_fmt(w->reason, sizeof(w->reason), "%s: %s", err->where, err->msg);
}

static int dmacage_plan_now(const void *osfdt,
			    const struct bootm_headers *images)
{
	struct dmacage_state *st = &dmacage_st;
	enum dmc_arch arch = IS_ENABLED(CONFIG_ARM64) ? DMC_ARCH_ARM64 :
			     DMC_ARCH_ARM;
	struct dmc_err oerr = { 0 };
	int node, bad = -1, oret, ret, i;

	memset(&st->err, 0, sizeof(st->err));
	st->planned = false;
	memset(&st->ovr, 0, sizeof(st->ovr));
	if (!osfdt)
		osfdt = gd->fdt_blob;
	node = dmacage_find_policy(st, images, &st->err);
	if (node < 0 || st->src == DMACAGE_SRC_NONE)
		return st->rc = node;
	ret = dmc_policy_parse(st->pol_fdt, node, &st->pol, &st->err);
	if (ret)
		return st->rc = ret;
	oret = dmacage_override_apply(&st->pol, st->pol_fdt, node, &bad,
				      &st->ovr, &oerr);
	ret = dmacage_build_memmap(&st->mm, osfdt, images, &st->err);
	if (ret)
		return st->rc = ret;
	ret = dmc_plan(&st->pol, &st->os, &st->mm, arch, &st->plan, &st->err);
	if (dmc_plan_fail_unenforced(&st->pol, &st->plan, &st->err) && !ret)
		ret = -DMC_E_CHECKER;
	st->planned = true;
	if (oret) {
		for (i = 0; i < st->plan.nwin; i++)
			if (bad < 0 || bad == i)
				dmacage_fail_domain(&st->plan, i, &oerr);
		dmc_plan_hash(&st->plan);
		st->err = oerr;
		ret = oret;
	}
	return st->rc = ret;
}

/*
 * A plan made before the hand-off is reserved at once. The hand-off's own
 * plan is not: it is checked against what was reserved while the images
 * were loaded, and nothing is loaded after it.
 */
int dmacage_replan(const void *osfdt, const struct bootm_headers *images)
{
	int ret = dmacage_plan_now(osfdt, images);

	if (!images)
		dmacage_lmb_update();
	return ret;
}
