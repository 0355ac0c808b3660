/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * dmacage in U-Boot: the state shared by the boot-flow glue (board/dmacage)
 * and the dmacage command. U-Boot only; the freestanding core never
 * includes this.
 */
#ifndef DMACAGE_UBOOT_H
#define DMACAGE_UBOOT_H

#include <dmacage/dmacage.h>
#include <dmacage/digest.h>
#include <dmacage/override.h>

struct bootm_headers;

/* Where the policy was found, in order of precedence. */
enum dmacage_src {
	DMACAGE_SRC_NONE = 0,
	DMACAGE_SRC_ENV,	/* env "dmacage_policy": address of a DTB */
	DMACAGE_SRC_CONTROL,	/* /dmacage in U-Boot's control DT */
	DMACAGE_SRC_BUILTIN,	/* CONFIG_DMACAGE_POLICY_DTS */
	DMACAGE_SRC_FIT,	/* the signed FIT being booted */
};

/**
 * struct dmacage_lmb_rsv - a range dmacage kept out of U-Boot's LMB
 * @tried:	a reservation was asked for (the domain was planned)
 * @ret:	lmb_reserve()'s answer: 0, or < 0 when LMB refused it (the
 *		range overlaps something already reserved, or LMB is full),
 *		so a load could land in the pool
 * @base:	start of the window reserved
 * @size:	its size
 */
struct dmacage_lmb_rsv {
	bool tried;
	long ret;
	u64 base;
	u64 size;
};

/* Outcome of the last hand-off, for "dmacage status". */
enum dmacage_handoff {
	DMACAGE_HO_NONE = 0,	/* no boot attempted yet */
	DMACAGE_HO_OK,		/* every enabled domain confined */
	DMACAGE_HO_DEGRADED,	/* some domain failed; on-error was followed */
	DMACAGE_HO_REFUSED,	/* boot refused (halt, or no usable policy) */
};

/**
 * struct dmacage_state - the one plan U-Boot works from
 * @planned:	@plan holds a result (possibly with failed domains)
 * @rc:		0, or the first failure's -DMC_E_* code
 * @err:	that failure, explained
 * @src:	where @pol came from
 * @pol_fdt:	the DTB holding the policy (and its checker nodes)
 * @pol_addr:	its address, for DMACAGE_SRC_ENV ("memory at ...")
 * @ovr:	what the environment overrides did to @pol
 * @pol:	the policy, with environment overrides applied
 * @mm:		DRAM and ranges avoided when planning
 * @os:		what the plan read of the OS DT
 * @plan:	the plan; PLANNED windows are kept out of LMB
 * @lmb_rsv:	per domain, the last reservation of its pool window (made
 *		after each plan before the hand-off, or by
 *		board_lmb_reserve() where U-Boot calls it)
 * @ho:		last hand-off outcome
 * @ho_fdt:	address of the DT handed to the OS
 * @ho_msg:	one sentence about the last hand-off
 * @fixup_ws:	the fixup's working memory
 * @digest:	SHA-256 of the policy as applied and the plan handed over
 *		(dmacage_attest(), at hand-off)
 * @measured:	@digest was extended into CONFIG_DMACAGE_MEASURE_PCR
 */
struct dmacage_state {
	bool planned;
	int rc;
	struct dmc_err err;
	enum dmacage_src src;
	const void *pol_fdt;
	ulong pol_addr;
	struct dmacage_ovr ovr;
	struct dmc_policy pol;
	struct dmc_memmap mm;
	struct dmc_osdt os;
	struct dmc_plan plan;
	struct dmacage_lmb_rsv lmb_rsv[DMC_MAX_DOMAINS];
	enum dmacage_handoff ho;
	ulong ho_fdt;
	char ho_msg[DMC_MSG_MAX];
	struct dmc_fixup_ws fixup_ws;
	u8 digest[DMC_DIGEST_LEN];
	bool measured;
};

/**
 * dmacage_state() - the global state (valid after relocation)
 *
 * Return: the state.
 */
struct dmacage_state *dmacage_state(void);

/**
 * dmacage_replan() - (re)read policy and overrides and compute the plan
 * @osfdt:	the OS DT to plan against (host nodes, dma-ranges,
 *		reservations); NULL = U-Boot's control DT
 * @images:	images being booted (their ranges are avoided), or NULL
 *
 * Updates dmacage_state().
 *
 * Return: 0 (also when there is no policy at all) or a negative -DMC_E_*
 * code, also kept in the state's @rc (the state then records why; failed
 * domains are marked in the plan). An invalid environment override gives
 * its -DMC_E_POLICY even when the plan was made.
 */
int dmacage_replan(const void *osfdt, const struct bootm_headers *images);

/**
 * dmacage_board_memmap() - the board's own facts that the plan depends on
 * @mm:		filled: the DRAM banks, and in use: U-Boot itself, a policy DTB
 *		that dmacage_policy points at, and the boot command's load
 *		areas (from kernel_addr_r, ramdisk_addr_r and fdt_addr_r, as
 *		read at the first plan)
 * @err:	reason on failure
 *
 * With the OS DT and the policy, these decide the plan made before
 * anything is loaded: they are the board profile that "dmacage profile"
 * prints for the host tool's --profile.
 *
 * Return: 0 or a negative -DMC_E_* code (a table is full).
 */
int dmacage_board_memmap(struct dmc_memmap *mm, struct dmc_err *err);

/**
 * dmacage_handoff() - confine every domain in the OS DT about to be booted
 * @fdt:	the OS DT, patched in place within its fdt_totalsize()
 * @images:	the images being booted (avoided by the plan), or NULL
 *
 * Called from ft_board_setup() (CONFIG_DMACAGE_FT_BOARD_SETUP); a board
 * with its own ft_board_setup() calls it from there instead.
 * A refused boot (on-error "halt", no usable policy with
 * CONFIG_DMACAGE_HALT_ON_ERROR, a checker that cannot be locked, loaded
 * images that overlap each other) never returns: dmacage_halt() parks the
 * CPU, so a refusal can never turn into a reset loop.
 * Return: 0 to boot.
 */
int dmacage_handoff(void *fdt, const struct bootm_headers *images);

/**
 * dmacage_halt() - stop the board for good: on-error "halt"
 * @why:	one sentence, printed after "dmacage: HALTED: "
 *
 * Stops every driver-model watchdog (CONFIG_WDT), masks interrupts and
 * parks the CPU in a wfi loop. Never resets: a reset would boot the same
 * image into the same failure, for ever.
 */
void __noreturn dmacage_halt(const char *why);

/**
 * dmacage_src_text() - where the policy came from, as the summary's src= value
 * @st:		the state
 * @buf:	output
 * @size:	size of @buf
 *
 * "built-in", "control-dt", "memory@0x<addr>" (dmacage_policy) or "none",
 * with "+env" appended (except to "none") when environment overrides were
 * applied.
 *
 * Return: @buf
 */
const char *dmacage_src_text(const struct dmacage_state *st, char *buf,
			     size_t size);

/**
 * dmacage_err_msg() - @err's message without a leading "<where>: "
 * @err:	the error
 *
 * The planner's per-domain reasons carry that prefix; without it,
 * "<where>: <msg>" never reads "pcie0: pcie0: ...".
 *
 * Return: a pointer into @err->msg.
 */
const char *dmacage_err_msg(const struct dmc_err *err);

/**
 * dmacage_print_plan() - print the plan of @st
 * @st:		the state
 *
 * The memory-map table, then one machine line per domain:
 * "dmacage: window <domain> state=planned base=0x.. size=0x..
 * coherent=0x<base>+0x<size> restricted=0x<base>+0x<size> dma=0x..", or
 * "state=failed|off code=N reason=\"...\"". With no policy, or no plan,
 * one line that says why instead.
 */
void dmacage_print_plan(const struct dmacage_state *st);

/**
 * dmacage_record_extend() - add U-Boot's part to the record in @fdt
 * @fdt:	the OS DT, after the fixup wrote /chosen/dmacage
 * @st:		the state
 *
 * Sets build-profile, policy-source, the overrides applied and refused,
 * per domain its enforcement, and the digest (and digest-pcr when it was
 * measured) (dts/bindings/dmacage,record.yaml), in place within
 * fdt_totalsize().
 *
 * Return: 0 or a negative libfdt error (-FDT_ERR_NOTFOUND without a
 * record, -FDT_ERR_NOSPACE when the DT has no room left).
 */
int dmacage_record_extend(void *fdt, struct dmacage_state *st);

/**
 * dmacage_attest() - measure the hand-off and complete its record
 * @fdt:	the OS DT, after the fixup wrote /chosen/dmacage
 * @st:		the state; sets @st->digest and @st->measured
 *
 * SHA-256, with U-Boot's hash library, over dmc_digest_feed()'s bytes of
 * the policy as applied and the final plan; with a TPM 2.0
 * (CONFIG_DMACAGE_MEASURE), one TPM2_PCR_Extend of
 * CONFIG_DMACAGE_MEASURE_PCR with it; then dmacage_record_extend(). Prints
 * "dmacage: measured sha256=<hex> pcr=<n>" (or why it was not measured).
 */
void dmacage_attest(void *fdt, struct dmacage_state *st);

/**
 * dmacage_fit_policy() - the policy of the signed FIT configuration booted
 * @images:	the images being booted, or NULL
 *
 * The image the booted configuration names in "dmacage-policy", taken only
 * when the control DT requires signed configurations, the configuration's
 * signature verifies and the image's hash matches; otherwise refused with
 * one console line.
 *
 * Return: the policy DTB inside the FIT, or NULL (no such image, or
 * refused, or no CONFIG_FIT_SIGNATURE).
 */
#if IS_ENABLED(CONFIG_FIT_SIGNATURE)
const void *dmacage_fit_policy(const struct bootm_headers *images);
#else
static inline const void *dmacage_fit_policy(const struct bootm_headers *images)
{
	return NULL;
}
#endif

/**
 * dmacage_profile() - the build profile, as the summary and record name it
 *
 * Return: "bring-up" (CONFIG_DMACAGE_BRINGUP) or "production".
 */
const char *dmacage_profile(void);

/**
 * dmacage_print_summary() - the one machine-readable line per command
 * @cmd:	the command's name
 * @rc:		its result
 * @extra:	more "key=value" text to append, or NULL
 *
 * "dmacage: summary cmd=<cmd> rc=<rc> src=<src> domains=N planned=N
 * failed=N off=N hash=0x<8 hex> profile=production|bring-up refused=N"
 * followed by @extra, of dmacage_state().
 */
void dmacage_print_summary(const char *cmd, int rc, const char *extra);

/**
 * dmacage_os_nonsecure() - does U-Boot run secure and start the OS non-secure?
 *
 * Return: true when it does: only then can the OS not reprogram a checker
 * whose registers answer secure accesses only.
 */
bool dmacage_os_nonsecure(void);

/**
 * dmacage_checkers_apply() - program and verify every checker (no lock)
 * @st:		state whose plan is programmed; the windows as programmed
 *		are stored in st->plan.win[].chk (chk_guard: what will keep
 *		the OS from changing them)
 * @failed:	per domain, set true when its checker could not be
 *		programmed (the domain must then not be enabled)
 *
 * A domain without a checker is left alone. A checker that fails is left
 * denying the policy's clients on it everywhere.
 *
 * Return: 0 or -DMC_E_CHECKER (the first failure in st->err).
 */
int dmacage_checkers_apply(struct dmacage_state *st, bool *failed);

/**
 * dmacage_checkers_lock() - program the final plan again and lock
 * @st:		state whose plan is programmed
 *
 * Called after the OS DT is patched, so that a domain that failed after
 * dmacage_checkers_apply() is closed before the lock. A checker without a
 * lock bit is programmed and verified only.
 *
 * Return: 0 or -DMC_E_CHECKER (the reason in st->err; the boot must then
 * be refused).
 */
int dmacage_checkers_lock(struct dmacage_state *st);

/**
 * dmacage_checkers_status() - print readback versus intent per domain
 * @st:		the state
 *
 * Before the hand-off nothing is compared ("verify=pending").
 *
 * Return: number of checkers that did not match the plan or could not be
 * read (0 when nothing is planned).
 */
int dmacage_checkers_status(const struct dmacage_state *st);

/**
 * dmacage_checkers_faults() - print the violation records of every checker
 * @st:		the state, whose policy names the checkers
 * @clear:	clear each checker's records after printing them
 *
 * Return: number of records (0 when nothing is planned), or a negative
 * -DMC_E_* or -MEMCHK_E_* code.
 */
int dmacage_checkers_faults(const struct dmacage_state *st, bool clear);

#endif /* DMACAGE_UBOOT_H */
