/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Register-level emulators of the TZC-400 and of the reference range
 * checker. They keep the hardware's semantics (read-only fields, granule
 * bits, lock, writes ignored after lock, write-1-to-clear) and answer
 * "would this access pass?", recording a violation when it would not.
 * Freestanding: U-Boot uses the range-checker model as the checker of QEMU
 * virt; host tests and "dmacage regs" use both.
 */
#ifndef DMACAGE_MEMCHK_EMU_H
#define DMACAGE_MEMCHK_EMU_H

#include <dmacage/memchk.h>

#define EMU_MAX_FAULTS		4
#define EMU_RC_MAX_WINDOWS	32
#define EMU_TZC_MAX_REGIONS	9
#define EMU_TZC_MAX_FILTERS	4

/**
 * struct emu_fault - an injected hardware defect at one register
 * @off:	register offset
 * @stuck1:	bits that always read as 1
 * @stuck0:	bits that always read as 0
 * @ignore:	writes to @off are dropped
 */
struct emu_fault {
	uint32_t off;
	uint32_t stuck1;
	uint32_t stuck0;
	bool ignore;
};

/**
 * struct emu_faults - the defects injected into one emulator
 * @n:		number of entries in @f
 * @f:		the defects
 */
struct emu_faults {
	unsigned int n;
	struct emu_fault f[EMU_MAX_FAULTS];
};

/**
 * emu_fault_add() - inject a defect
 * @fs:		the emulator's defects
 * @off:	register offset
 * @stuck1:	bits that always read as 1
 * @stuck0:	bits that always read as 0
 * @ignore:	writes to @off are dropped
 *
 * Return: 0, or -1 when the table is full.
 */
int emu_fault_add(struct emu_faults *fs, uint32_t off, uint32_t stuck1,
		  uint32_t stuck0, bool ignore);

/* ----------------------------------------------------------------- */

/**
 * struct emu_rc_win - one window's registers of the range checker model
 * @start_lo:	START, low 32 bits
 * @start_hi:	START, high 32 bits
 * @end_lo:	END (inclusive), low 32 bits
 * @end_hi:	END, high 32 bits
 * @clients:	CLIENTS: bitmap of the clients the window grants
 * @ctrl:	CTRL: enable, read and write bits
 */
struct emu_rc_win {
	uint32_t start_lo, start_hi, end_lo, end_hi, clients, ctrl;
};

/**
 * struct emu_rc - reference range checker model
 * @nwin:		windows (build configuration, 1..EMU_RC_MAX_WINDOWS)
 * @addr_bits:		address width (build configuration, 32..64)
 * @granule_shift:	log2 of the granule (build configuration, 2..32)
 * @nclients:		client IDs 0..@nclients-1 (build configuration, 1..32)
 * @ctrl:		CTRL register (enforce bit)
 * @lock:		LOCK register (sticky)
 * @confine:		CONFINE register: bitmap of confined clients
 * @viol_addr_lo:	VIOL_ADDR_LO: first denied address, low 32 bits
 * @viol_addr_hi:	VIOL_ADDR_HI: its high 32 bits
 * @viol_info:		VIOL_INFO: valid bit, client and direction of that
 *			access
 * @viol_count:		VIOL_COUNT: denied accesses since the last VIOL_CLEAR
 *			(saturates)
 * @win:		window registers
 * @faults:		injected defects
 * @reads:		register reads seen (tests count them)
 * @writes:		register writes seen (tests count them)
 */
struct emu_rc {
	unsigned int nwin;
	unsigned int addr_bits;
	unsigned int granule_shift;
	unsigned int nclients;
	uint32_t ctrl, lock, confine;
	uint32_t viol_addr_lo, viol_addr_hi, viol_info, viol_count;
	struct emu_rc_win win[EMU_RC_MAX_WINDOWS];
	struct emu_faults faults;
	unsigned long reads, writes;
};

/**
 * emu_rc_init() - reset state: nothing enforced, nothing locked
 * @e:			the model
 * @nwin:		windows (clamped to 1..EMU_RC_MAX_WINDOWS)
 * @addr_bits:		address width (clamped to 32..64)
 * @granule_shift:	log2 of the granule (clamped to 2..32)
 * @nclients:		number of client IDs (clamped to 1..32)
 *
 * Out-of-range parameters are clamped to what the register map can hold.
 */
void emu_rc_init(struct emu_rc *e, unsigned int nwin, unsigned int addr_bits,
		 unsigned int granule_shift, unsigned int nclients);
/**
 * emu_rc_read32() - register read, as struct memchk_io.read32
 * @ctx:	the struct emu_rc
 * @off:	register offset
 *
 * Return: the register's value, stuck bits applied (0 for a reserved
 * offset).
 */
uint32_t emu_rc_read32(void *ctx, uint32_t off);
/**
 * emu_rc_write32() - register write, as struct memchk_io.write32
 * @ctx:	the struct emu_rc
 * @off:	register offset
 * @val:	value written (after LOCK, only VIOL_CLEAR still takes effect)
 */
void emu_rc_write32(void *ctx, uint32_t off, uint32_t val);
/**
 * emu_rc_io() - accessor reaching @e
 * @e:		the model
 * @io:		set to emu_rc_read32(), emu_rc_write32() and @e
 */
void emu_rc_io(struct emu_rc *e, struct memchk_io *io);

/**
 * emu_rc_allowed() - would @client's access at @addr pass?
 * @e:		the model
 * @client:	the client ID
 * @addr:	the address
 * @dir:	read or write
 *
 * Records a violation (first one captured, every one counted) when it
 * would not.
 *
 * Return: true when enforcement is off, @client is not confined (or beyond
 * the model's client IDs), or an enabled window grants it @dir at @addr;
 * false otherwise.
 */
bool emu_rc_allowed(struct emu_rc *e, uint32_t client, uint64_t addr,
		    enum memchk_dir dir);

/* ----------------------------------------------------------------- */

/**
 * struct emu_tzc_region - one region's registers of the TZC-400 model
 * @base_lo:	REGION_BASE_LOW
 * @base_hi:	REGION_BASE_HIGH
 * @top_lo:	REGION_TOP_LOW
 * @top_hi:	REGION_TOP_HIGH
 * @attr:	REGION_ATTRIBUTES: filter enables and secure access bits
 * @id_access:	REGION_ID_ACCESS: per-NSAID read and write bits
 */
struct emu_tzc_region {
	uint32_t base_lo, base_hi, top_lo, top_hi, attr, id_access;
};

/**
 * struct emu_tzc_fail - one filter's FAIL_* registers of the TZC-400 model
 * @addr_lo:	FAIL_ADDRESS_LOW
 * @addr_hi:	FAIL_ADDRESS_HIGH
 * @ctrl:	FAIL_CONTROL: non-secure and write bits
 * @id:		FAIL_ID: the AXI ID of the access (EMU_TZC_AID())
 */
struct emu_tzc_fail {
	uint32_t addr_lo, addr_hi, ctrl, id;
};

/**
 * struct emu_tzc - TZC-400 model (non-secure accesses, one AXI ID per NSAID)
 * @nregions:	regions, region 0 included (BUILD_CONFIG,
 *		1..EMU_TZC_MAX_REGIONS)
 * @addr_bits:	address width (BUILD_CONFIG, 32..64)
 * @nfilters:	filters (BUILD_CONFIG, 1..EMU_TZC_MAX_FILTERS)
 * @action:	ACTION register
 * @gate_req:	GATE_KEEPER open requests, one bit per filter (the open
 *		status follows them)
 * @spec:	SPECULATION_CTRL register
 * @int_status:	INT_STATUS: per filter, status, overrun and overlap bits
 * @fail:	per filter, the FAIL_* registers
 * @reg:	region registers
 * @faults:	injected defects
 * @reads:	register reads seen (tests count them)
 * @writes:	register writes seen (tests count them)
 */
struct emu_tzc {
	unsigned int nregions;
	unsigned int addr_bits;
	unsigned int nfilters;
	uint32_t action, gate_req, spec, int_status;
	struct emu_tzc_fail fail[EMU_TZC_MAX_FILTERS];
	struct emu_tzc_region reg[EMU_TZC_MAX_REGIONS];
	struct emu_faults faults;
	unsigned long reads, writes;
};

/**
 * emu_tzc_init() - reset state
 * @e:		the model
 * @nregions:	regions, region 0 included (clamped to 1..EMU_TZC_MAX_REGIONS)
 * @addr_bits:	address width (clamped to 32..64)
 * @nfilters:	filters (clamped to 1..EMU_TZC_MAX_FILTERS)
 *
 * Region 0 covers everything, denies every non-secure access, permits
 * secure; gate keepers closed (as the TRM's reset values: firmware opens
 * them).
 */
void emu_tzc_init(struct emu_tzc *e, unsigned int nregions,
		  unsigned int addr_bits, unsigned int nfilters);
/**
 * emu_tzc_read32() - register read, as struct memchk_io.read32
 * @ctx:	the struct emu_tzc
 * @off:	register offset
 *
 * Return: the register's value, stuck bits applied (0 for a reserved
 * offset).
 */
uint32_t emu_tzc_read32(void *ctx, uint32_t off);
/**
 * emu_tzc_write32() - register write, as struct memchk_io.write32
 * @ctx:	the struct emu_tzc
 * @off:	register offset
 * @val:	value written (read-only bits are dropped)
 */
void emu_tzc_write32(void *ctx, uint32_t off, uint32_t val);
/**
 * emu_tzc_io() - accessor reaching @e
 * @e:		the model
 * @io:		set to emu_tzc_read32(), emu_tzc_write32() and @e
 */
void emu_tzc_io(struct emu_tzc *e, struct memchk_io *io);

/*
 * The AXI ID a master with NSAID @nsaid presents to the emulated TZC-400,
 * as FAIL_ID records it: a SoC's masters carry AXI IDs of their own, apart
 * from their NSAIDs, and so does the emulator.
 */
#define EMU_TZC_AID(nsaid)	(((nsaid) << 4) | 0x3)

/**
 * emu_tzc_allowed() - would a non-secure access by @nsaid through @filter pass?
 * @e:		the model
 * @filter:	the filter the access goes through
 * @nsaid:	the master's NSAID
 * @addr:	the address
 * @dir:	read or write
 *
 * Region priority: a match in a region 1..n enabled for @filter wins over
 * region 0; two matches are an overlap (denied, INT_STATUS overlap set). A
 * denied access fills the filter's FAIL_* registers unless its status bit
 * is already set, in which case the overrun bit is set instead. A closed
 * gate keeper stalls the access: reported as not allowed, not recorded.
 *
 * Return: true when the matching region's ID access grants @nsaid @dir;
 * false otherwise (also for a filter the model does not have, an address
 * beyond its width, or an NSAID of 16 or more).
 */
bool emu_tzc_allowed(struct emu_tzc *e, unsigned int filter, uint32_t nsaid,
		     uint64_t addr, enum memchk_dir dir);

/* ----------------------------------------------------------------- */

/* Sizes of an emulated checker whose node has no dmacage,emu-* property. */
#define MEMCHK_EMU_WINDOWS	8	/* usable windows (TZC-400: regions - 1) */
#define MEMCHK_EMU_ADDR_BITS	40
#define MEMCHK_EMU_GRANULE	0x1000	/* range checker; TZC-400 is fixed 4 KiB */
#define MEMCHK_EMU_FILTERS	1	/* TZC-400 filters */

/**
 * struct memchk_emu - the emulated instance of one checker node
 * @tzc:	the model, for a TZC-400 node
 * @rc:		the model, for a range-checker node (MMIO or secure call)
 * @io:		reaches the model's registers
 * @svc_io:	what the secure-call service writes through (secure-call
 *		nodes), kept here so that the shim's context outlives the call
 * @scall:	the shim of a secure-call node, to memchk_rangechk_service()
 */
struct memchk_emu {
	struct emu_tzc tzc;
	struct emu_rc rc;
	struct memchk_io io;
	struct memchk_io svc_io;
	struct memchk_scall scall;
};

/**
 * memchk_emu_build() - build the model node @n describes, reset, in @e
 * @e:		the instance (cleared first)
 * @n:		the parsed checker node
 *
 * Sizes come from the node's dmacage,emu-* properties, else the
 * MEMCHK_EMU_* defaults; "dmacage,emu-windows" counts usable windows (a
 * TZC-400 gets one more region, the background). @e->io reaches it.
 */
void memchk_emu_build(struct memchk_emu *e, const struct memchk_node *n);

/**
 * memchk_emu_bind() - bind @n's driver to the model built in @e
 * @c:		checker instance to initialise (memchk_init() + client names)
 * @e:		the model, from memchk_emu_build(); must outlive @c
 * @n:		the parsed checker node
 * @io:		accessor the driver (or, for a secure-call node, the
 *		secure-call service) goes through: @e->io, or a wrapper of it
 *		such as a struct memchk_rec; NULL = @e->io
 * @err:	reason on failure
 *
 * Return: 0 or memchk_init()'s error.
 */
int memchk_emu_bind(struct memchk *c, struct memchk_emu *e,
		    const struct memchk_node *n, const struct memchk_io *io,
		    struct dmc_err *err);

#endif /* DMACAGE_MEMCHK_EMU_H */
