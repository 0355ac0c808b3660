/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Memory-bus checkers: the hardware-neutral interface.
 *
 * A checker is bus hardware that lets some bus masters ("clients": a PCIe
 * controller's NSAID, a memory-controller client number) reach only
 * programmed address windows. dmacage states its intent as "these clients
 * may reach only these windows" (struct memchk_intent) and each driver maps
 * that onto its hardware. The same code runs in U-Boot (real MMIO, or the
 * emulated checker on QEMU) and on the host (emulators in tests, "dmacage
 * regs"), so nothing here assumes U-Boot or even MMIO: MMIO drivers reach
 * registers through struct memchk_io, secure-call backends through
 * struct memchk_scall.
 *
 * Rules every driver keeps:
 * - Intent is validated completely before the first register write (too many
 *   windows, granule, address width, client IDs, overlap, lock): a refused
 *   intent writes nothing.
 * - Programming denies the confined clients first, then opens windows, so no
 *   intermediate state is more open than the final one.
 * - memchk_program() verifies by readback; on any failure after the first
 *   write it leaves the checker denying the confined clients everywhere
 *   (memchk_clear()), never open.
 */
#ifndef DMACAGE_MEMCHK_H
#define DMACAGE_MEMCHK_H

#include <dmacage/dmacage.h>

#define MEMCHK_MAX_WINDOWS	16	/* windows in one intent */
#define MEMCHK_MAX_CLIENTS	32	/* client IDs 0..31 (bitmaps are u32) */
#define MEMCHK_MAX_NAMES	32	/* entries of a client-name table */
#define MEMCHK_MAX_UNITS	4	/* fault records (TZC-400: filters) */
#define MEMCHK_MAX_AID_MAP	8	/* entries of an AXI ID -> client map */
#define MEMCHK_CLIENT_UNKNOWN	0xffffffffu	/* a fault no map entry names */

/*
 * The checker's error codes are -MEMCHK_E_* members of the core's one
 * error space (enum in dmacage.h), named by dmc_strerror(); they come
 * last, so that a code is the checker's when it lies in
 * [MEMCHK_E_TOOMANY, MEMCHK_E_END).
 */
#define MEMCHK_E_END	DMC_E_COUNT

#define MEMCHK_PERM_R		0x1
#define MEMCHK_PERM_W		0x2
#define MEMCHK_PERM_RW		(MEMCHK_PERM_R | MEMCHK_PERM_W)

enum memchk_dir {
	MEMCHK_READ = 0,
	MEMCHK_WRITE = 1,
};

/**
 * struct memchk_io - register accessor for MMIO checkers
 * @read32:	read the 32-bit register at byte offset @off from the base
 * @write32:	write it
 * @ctx:	passed back (U-Boot: the mapped base; host: an emulator)
 */
struct memchk_io {
	uint32_t (*read32)(void *ctx, uint32_t off);
	void (*write32)(void *ctx, uint32_t off, uint32_t val);
	void *ctx;
};

/*
 * Secure-call shim for checkers owned by a security processor or secure
 * firmware. One narrow call, SMC/mailbox style: an op code, up to
 * MEMCHK_SCALL_NARGS arguments, up to MEMCHK_SCALL_NRES results. The op
 * codes are those of the reference range checker service (see
 * doc/checkers.md); window bounds are inclusive ("last" byte address).
 */
#define MEMCHK_SCALL_NARGS	5
#define MEMCHK_SCALL_NRES	4

enum memchk_scall_op {
	MEMCHK_SCALL_INFO = 1,		/* -> nwin, granule, addr_bits, nclients */
	MEMCHK_SCALL_CONFINE,		/* clients: confine them, deny everywhere */
	MEMCHK_SCALL_OPEN_WINDOW,	/* idx, base, last, clients, perm */
	MEMCHK_SCALL_CLOSE_WINDOW,	/* idx */
	MEMCHK_SCALL_READ_WINDOW,	/* idx -> base, last, clients, ctrl */
	MEMCHK_SCALL_READ_STATE,	/* -> confined, enforce, locked */
	MEMCHK_SCALL_LOCK,
	MEMCHK_SCALL_READ_FAULT,	/* -> addr, info, count */
	MEMCHK_SCALL_CLEAR_FAULT,
};

/* Status of a secure call (0 = done). */
#define MEMCHK_SCALL_DENIED	(-1)	/* locked */
#define MEMCHK_SCALL_INVALID	(-2)	/* bad op or argument */

/**
 * struct memchk_scall - the secure-call shim
 * @call:	perform @op; @args/@res have MEMCHK_SCALL_NARGS/_NRES entries.
 *		Return: 0 or MEMCHK_SCALL_DENIED / MEMCHK_SCALL_INVALID.
 * @ctx:	passed back
 */
struct memchk_scall {
	int (*call)(void *ctx, uint32_t op, const uint64_t *args, uint64_t *res);
	void *ctx;
};

enum memchk_type {
	MEMCHK_NONE = 0,
	MEMCHK_TZC400,		/* ARM CoreLink TZC-400, MMIO */
	MEMCHK_RANGECHK,	/* reference range checker, MMIO */
	MEMCHK_RANGECHK_SCALL,	/* reference range checker, secure call */
};

/**
 * struct memchk_desc - what a checker can do (read from the hardware)
 * @nwindows:	windows available to an intent
 * @granule:	address granule in bytes (windows align to it)
 * @addr_bits:	address width: windows must end below 1 << @addr_bits
 * @nclients:	client IDs 0..@nclients-1 can be confined
 * @nunits:	number of fault records (TZC-400 filters)
 * @can_lock:	memchk_lock() can freeze the configuration until reset
 * @secure_port: the registers answer secure accesses only (TZC-400), so
 *		a non-secure OS cannot change what secure firmware programmed
 * @id:		identification (TZC-400: part number; range checker: VERSION)
 */
struct memchk_desc {
	unsigned int nwindows;
	uint64_t granule;
	unsigned int addr_bits;
	unsigned int nclients;
	unsigned int nunits;
	bool can_lock;
	bool secure_port;
	uint32_t id;
};

/**
 * struct memchk_window - one window of an intent
 * @base:	first byte
 * @size:	length in bytes (a multiple of the granule)
 * @clients:	bitmap of client IDs allowed in it
 * @perm:	MEMCHK_PERM_* granted to @clients
 */
struct memchk_window {
	uint64_t base;
	uint64_t size;
	uint32_t clients;
	unsigned int perm;
};

/**
 * struct memchk_intent - the whole state one checker should have
 * @confined:	bitmap of clients confined to their windows (denied outside
 *		them); every window's clients must be in it. Clients not in
 *		@confined are left as the hardware had them.
 * @nwin:	windows in use
 * @win:	windows, non-overlapping
 */
struct memchk_intent {
	uint32_t confined;
	unsigned int nwin;
	struct memchk_window win[MEMCHK_MAX_WINDOWS];
};

/**
 * struct memchk_aid_map - one entry of an AXI ID -> client map
 * @aid:	AXI ID bits that must match (under @mask)
 * @mask:	which bits of the AXI ID are compared
 * @client:	the client (NSAID) that such an access carries
 */
struct memchk_aid_map {
	uint32_t aid;
	uint32_t mask;
	uint32_t client;
};

/**
 * struct memchk_names - how to name a fault's client
 * @n:		entries of @id/@name (DT "client-ids" + "client-names")
 * @id:		client IDs (the IDs a policy's "clients" use)
 * @name:	their names
 * @aid_width:	width of the AXI ID in a fault record (TZC-400 AID_WIDTH,
 *		DT "dmacage,aid-width"); 0 when the checker records clients
 * @naid:	entries of @aid_map (DT "dmacage,aid-client-map")
 * @aid_map:	AXI ID -> client, first match wins. A TZC-400 records the
 *		failing access's AXI ID, not its NSAID: which master carries
 *		which AXI IDs is the SoC's wiring, stated in the DT.
 */
struct memchk_names {
	unsigned int n;
	uint32_t id[MEMCHK_MAX_NAMES];
	char name[MEMCHK_MAX_NAMES][DMC_NAME_MAX];
	unsigned int aid_width;
	unsigned int naid;
	struct memchk_aid_map aid_map[MEMCHK_MAX_AID_MAP];
};

/**
 * struct memchk_violation - one fault record, decoded
 * @addr:	address of the (first) denied access
 * @client:	client ID (TZC-400: the NSAID its AXI ID maps to; range
 *		checker: client number), or MEMCHK_CLIENT_UNKNOWN
 * @aid:	TZC-400: the AXI ID of the access (FAIL_ID[AID_WIDTH-1:0]);
 *		0 for checkers that record the client itself
 * @name:	client name from the name table, or "" if unnamed
 * @dir:	read or write
 * @count:	denied accesses recorded (TZC-400: 1, or 2 meaning "more")
 * @unit:	which fault record (TZC-400 filter), 0 otherwise
 * @overrun:	more accesses were denied than the record could hold
 */
struct memchk_violation {
	uint64_t addr;
	uint32_t client;
	uint32_t aid;
	char name[DMC_NAME_MAX];
	enum memchk_dir dir;
	uint32_t count;
	unsigned int unit;
	bool overrun;
};

struct memchk;
struct memchk_img;

/*
 * Driver operations. The frontend (memchk_*()) validates and handles
 * fail-closed; drivers only map intent to registers. Every op returns 0 or a
 * negative code and fills @err. An MMIO driver gives @image (the register
 * writes for an intent, in order, with their expected readback) and the
 * frontend programs, verifies and clears from it; other drivers give
 * @program and @verify. Clearing is programming an intent with no window.
 */
struct memchk_ops {
	const char *name;
	int (*probe)(struct memchk *c, struct dmc_err *err);
	void (*image)(const struct memchk *c, const struct memchk_intent *in,
		      struct memchk_img *img);
	int (*program)(struct memchk *c, const struct memchk_intent *in,
		       struct dmc_err *err);
	int (*verify)(struct memchk *c, const struct memchk_intent *in,
		      struct dmc_err *err);
	int (*lock)(struct memchk *c, struct dmc_err *err);
	/* 1 locked, 0 not, or a negative code */
	int (*locked)(struct memchk *c, struct dmc_err *err);
	/* fills up to @max records, returns how many */
	int (*read_faults)(struct memchk *c, struct memchk_violation *v,
			   unsigned int max, struct dmc_err *err);
	int (*clear_faults)(struct memchk *c, struct dmc_err *err);
	/* the hardware's current state as an intent */
	int (*readback)(struct memchk *c, struct memchk_intent *out,
			struct dmc_err *err);
	/* name of the register at @off, for messages and "dmacage regs" */
	void (*reg_name)(const struct memchk *c, uint32_t off, char *buf,
			 size_t size);
};

/**
 * struct memchk_reg - one register write of a programming sequence
 * @off:	register offset
 * @val:	value written
 * @expect:	value a correct device reads back afterwards
 * @check:	compare on verify (false for a transient write, e.g. the
 *		"disable before reprogramming" write of a window that is
 *		enabled again later in the same sequence)
 */
struct memchk_reg {
	uint32_t off;
	uint32_t val;
	uint32_t expect;
	bool check;
};

#define MEMCHK_IMG_MAX	256

/* Room for a driver's private state in struct memchk (memchk_drv.h). */
#define MEMCHK_PRIV_SIZE	16

/**
 * struct memchk_img - a register image in write order
 * @n:		number of entries in @r
 * @full:	more writes were added than @r holds (the image is unusable)
 * @r:		the writes
 */
struct memchk_img {
	unsigned int n;
	bool full;
	struct memchk_reg r[MEMCHK_IMG_MAX];
};


/**
 * struct memchk - one checker instance (caller-owned, no allocation)
 * @ops:	driver, set by memchk_init()
 * @type:	which driver
 * @io:		register accessor (MMIO drivers)
 * @scall:	secure-call shim (MEMCHK_RANGECHK_SCALL)
 * @name:	for messages: DT path or node name
 * @desc:	capabilities, read from the hardware by memchk_init()
 * @names:	client-name table (may be empty)
 * @hw_windows:	windows the hardware has; can exceed @desc.nwindows (only
 *		that many are usable), the rest are still kept disabled
 * @priv:	the bound driver's own state (e.g. what its probe found);
 *		nothing but that driver reads or writes it
 * @img:	scratch for program and verify: the register image
 * @deny:	scratch of memchk_clear() and of memchk_program()'s fail-closed
 *		step: the deny-all intent
 * @deny_err:	scratch of the fail-closed step: its own outcome, kept apart
 *		from the error that caused it
 *
 * The scratch lives here, not on the stack: a boot stack has no room for
 * 4 KiB of image, nor for an intent of 16 windows and a second error
 * record under a failing memchk_program().
 */
struct memchk {
	const struct memchk_ops *ops;
	enum memchk_type type;
	struct memchk_io io;
	struct memchk_scall scall;
	char name[DMC_PATH_MAX];
	struct memchk_desc desc;
	struct memchk_names names;
	unsigned int hw_windows;
	union {
		uint64_t align;
		unsigned char b[MEMCHK_PRIV_SIZE];
	} priv;
	struct memchk_img img;	/* scratch of program and verify */
	struct memchk_intent deny;
	struct dmc_err deny_err;
};

/**
 * memchk_init() - bind a driver and probe the hardware
 * @c:		instance to fill
 * @type:	driver
 * @io:		register accessor (MMIO types), else NULL
 * @scall:	secure-call shim (MEMCHK_RANGECHK_SCALL), else NULL
 * @name:	for messages (copied; NULL: "checker")
 * @err:	reason on failure
 *
 * Reads the ID and build-configuration registers into @c->desc; writes
 * nothing.
 *
 * Return: 0, -MEMCHK_E_PROBE, or -DMC_E_INTERNAL (unknown @type, or no
 * accessor or shim for it).
 */
int memchk_init(struct memchk *c, enum memchk_type type,
		const struct memchk_io *io, const struct memchk_scall *scall,
		const char *name, struct dmc_err *err);

/**
 * memchk_describe() - windows, granule, address width, lock
 * @c:		the checker
 *
 * Return: @c->desc.
 */
static inline const struct memchk_desc *memchk_describe(const struct memchk *c)
{
	return &c->desc;
}

/**
 * memchk_set_names() - attach a client-name table
 * @c:		the checker
 * @names:	the table (copied)
 */
void memchk_set_names(struct memchk *c, const struct memchk_names *names);

/**
 * memchk_aid_client() - the client whose accesses carry AXI ID @aid
 * @c:		the checker, whose name table holds the AXI ID map
 * @aid:	the AXI ID
 *
 * Return: the client of the first map entry that matches, or
 * MEMCHK_CLIENT_UNKNOWN when none does.
 */
uint32_t memchk_aid_client(const struct memchk *c, uint32_t aid);

/**
 * memchk_client_name() - name of client @id
 * @c:		the checker
 * @id:		the client ID
 *
 * Return: the name from the client-name table, or NULL.
 */
const char *memchk_client_name(const struct memchk *c, uint32_t id);

/**
 * memchk_validate() - check an intent against the hardware, write nothing
 * @c:		the checker
 * @in:		the intent
 * @err:	reason on failure
 *
 * Return: 0, -MEMCHK_E_TOOMANY, -MEMCHK_E_ALIGN, -MEMCHK_E_RANGE,
 * -MEMCHK_E_CLIENT, -MEMCHK_E_OVERLAP, -MEMCHK_E_LOCKED, -DMC_E_INTERNAL
 * (a window's permission is not MEMCHK_PERM_*), or the error of reading
 * the lock state.
 */
int memchk_validate(struct memchk *c, const struct memchk_intent *in,
		    struct dmc_err *err);

/**
 * memchk_program() - make the checker hold exactly @in, and verify it
 * @c:		the checker
 * @in:		the intent
 * @err:	reason on failure
 *
 * Validates first (a refused intent writes nothing and leaves the hardware
 * as it was). Then programs, reads back every register and compares. If
 * programming or readback fails, the checker is cleared to deny
 * @in->confined everywhere before returning; @err says what failed and
 * whether even that failed. After a validation error the hardware is
 * untouched, which at reset may mean open: a caller that goes on booting
 * calls memchk_clear(c, in->confined, ...) to deny those clients.
 *
 * Return: 0, a validation error, -MEMCHK_E_READBACK, -MEMCHK_E_CALL (or
 * another driver error).
 */
int memchk_program(struct memchk *c, const struct memchk_intent *in,
		   struct dmc_err *err);

/**
 * memchk_verify() - read back every register and compare with @in
 * @c:		the checker
 * @in:		the intent the checker should hold
 * @err:	the mismatch, on failure
 *
 * Return: 0 or -MEMCHK_E_READBACK naming the register, expected and actual
 * (or another driver error).
 */
int memchk_verify(struct memchk *c, const struct memchk_intent *in,
		  struct dmc_err *err);

/**
 * memchk_clear() - no windows, @confined denied everywhere (fail closed)
 * @c:		the checker
 * @confined:	bitmap of the clients to deny
 * @err:	reason on failure
 *
 * Validated, programmed and checked by readback like any intent.
 *
 * Return: 0, a validation error (-MEMCHK_E_LOCKED, -MEMCHK_E_CLIENT),
 * -MEMCHK_E_READBACK (or another driver error).
 */
int memchk_clear(struct memchk *c, uint32_t confined, struct dmc_err *err);

/**
 * memchk_lock() - freeze the configuration until reset
 * @c:		the checker
 * @err:	reason on failure
 *
 * Return: 0, -MEMCHK_E_NOLOCK, -MEMCHK_E_READBACK (or the secure call's
 * error).
 */
int memchk_lock(struct memchk *c, struct dmc_err *err);

/**
 * memchk_is_locked() - is the configuration frozen until reset?
 * @c:		the checker
 * @err:	reason on failure
 *
 * Return: 1 locked, 0 not, or a negative code.
 */
int memchk_is_locked(struct memchk *c, struct dmc_err *err);

/**
 * memchk_read_faults() - decode the fault records, with client names
 * @c:		the checker
 * @v:		filled with up to @max records
 * @max:	capacity of @v
 * @err:	reason on failure
 *
 * Return: number of records filled (0 = none pending), or a negative code.
 */
int memchk_read_faults(struct memchk *c, struct memchk_violation *v,
		       unsigned int max, struct dmc_err *err);

/**
 * memchk_clear_faults() - clear every fault record
 * @c:		the checker
 * @err:	reason on failure
 *
 * Return: 0 or a negative code.
 */
int memchk_clear_faults(struct memchk *c, struct dmc_err *err);

/**
 * memchk_readback() - the checker's current state, as an intent
 * @c:		the checker
 * @out:	set to the state
 * @err:	reason on failure
 *
 * Windows in hardware order; @out->confined holds every client the hardware
 * currently confines.
 *
 * Return: 0 or a negative code.
 */
int memchk_readback(struct memchk *c, struct memchk_intent *out,
		    struct dmc_err *err);

/**
 * memchk_reg_name() - register name at @off ("REGION_TOP_LOW_1"), for messages
 * @c:		the checker
 * @off:	register offset
 * @buf:	output
 * @size:	size of @buf
 *
 * The offset in hex when the driver names no registers.
 */
void memchk_reg_name(const struct memchk *c, uint32_t off, char *buf,
		     size_t size);

/* ------------------------------------------------------------------ */
/* Intent from a policy and plan (drivers/memchk/memchk_plan.c)        */

/**
 * memchk_intent_init() - empty intent: nothing confined, no window
 * @in:		the intent
 */
void memchk_intent_init(struct memchk_intent *in);

/**
 * memchk_intent_add() - confine @clients to one more window
 * @in:		the intent
 * @clients:	client IDs, added to @in->confined
 * @nclients:	number of entries in @clients
 * @base:	window start
 * @size:	window size; 0 = confine only (no window: the clients are denied
 *		everywhere)
 * @perm:	MEMCHK_PERM_* granted to @clients in the window
 * @err:	reason on failure
 *
 * Return: 0, -MEMCHK_E_TOOMANY, -MEMCHK_E_CLIENT (ID >= MEMCHK_MAX_CLIENTS).
 */
int memchk_intent_add(struct memchk_intent *in, const uint32_t *clients,
		      unsigned int nclients, uint64_t base, uint64_t size,
		      unsigned int perm, struct dmc_err *err);

/**
 * memchk_intent_from_plan() - the intent for the checker with @phandle
 * @in:		set to the intent
 * @pol:	the policy
 * @plan:	the plan
 * @phandle:	the checker's phandle (a domain's "checker")
 * @err:	reason on failure, naming the domain
 *
 * Every domain whose "checker" is @phandle confines its clients; a PLANNED
 * domain gets one read/write window over its whole window (coherent +
 * restricted pools, which are contiguous); a FAILED or OFF domain gets none,
 * so its clients are denied everywhere. After the pool windows, each
 * PLANNED domain with an MSI grant (plan msi_size) gets its doorbell page
 * write-only (MEMCHK_PERM_W); domains with the same page share one window
 * (a pool window on that page is -MEMCHK_E_OVERLAP). A domain that names
 * the checker but no clients is refused (-MEMCHK_E_CLIENT): it would
 * confine nothing.
 *
 * Return: 0 or a negative code.
 */
int memchk_intent_from_plan(struct memchk_intent *in,
			    const struct dmc_policy *pol,
			    const struct dmc_plan *plan, uint32_t phandle,
			    struct dmc_err *err);

/**
 * memchk_window_slot() - which window of its checker domain @dom gets
 * @pol:	the policy
 * @plan:	the plan
 * @dom:	the domain's index
 *
 * The index in the intent memchk_intent_from_plan() builds: TZC-400 region
 * slot + 1, range checker window slot. For "plan" output and "dmacage
 * status".
 *
 * Return: the slot, or -1 (no checker, or not planned).
 */
int memchk_window_slot(const struct dmc_policy *pol,
		       const struct dmc_plan *plan, unsigned int dom);

/**
 * memchk_plan_note() - record in @plan what was programmed on @phandle
 * @plan:	the plan
 * @pol:	the policy
 * @phandle:	the checker's phandle
 * @guard:	what keeps the OS from changing its windows
 *
 * Sets nchk/chk (one window: the domain's whole window), chk_guard, and
 * chk_msi (its MSI doorbell window, size 0 when it has none), of every
 * PLANNED domain that uses that checker and lists clients.
 */
void memchk_plan_note(struct dmc_plan *plan, const struct dmc_policy *pol,
		      uint32_t phandle, enum dmc_chk_guard guard);

/* ------------------------------------------------------------------ */
/* Checker node in the policy DT (drivers/memchk/memchk_dt.c)          */

/**
 * struct memchk_node - a checker node, parsed
 * @type:		from "compatible" ("arm,tzc-400"/"arm,tzc400",
 *			"dmacage,range-checker"; the latter with method = "smc"
 *			is MEMCHK_RANGECHK_SCALL)
 * @phandle:		the node's phandle
 * @has_reg:		@base/@size are valid (MMIO)
 * @base:		the registers' address (reg entry 0)
 * @size:		the registers' size
 * @path:		node path
 * @compatible:		the compatible string matched
 * @emu_windows:	"dmacage,emu-windows": usable windows of an emulated
 *			instance (0 = the emulator's default); real hardware
 *			reports its own
 * @emu_addr_bits:	"dmacage,emu-address-bits", likewise
 * @emu_granule:	"dmacage,emu-granule" (a power of two), likewise
 * @emu_units:		"dmacage,emu-filters": TZC-400 filters, likewise
 * @names:		"client-ids" + "client-names", and the AXI ID map
 *			("dmacage,aid-width", "dmacage,aid-client-map")
 */
struct memchk_node {
	enum memchk_type type;
	uint32_t phandle;
	bool has_reg;
	uint64_t base;
	uint64_t size;
	char path[DMC_PATH_MAX];
	char compatible[DMC_NAME_MAX];
	uint32_t emu_windows;
	uint32_t emu_addr_bits;
	uint64_t emu_granule;
	uint32_t emu_units;
	struct memchk_names names;
};

/**
 * memchk_dt_parse() - parse the checker node at @node
 * @fdt:	the policy DT
 * @node:	the checker node
 * @out:	set to what it says
 * @err:	reason on failure
 *
 * Return: 0 or -MEMCHK_E_DT (names the node and property), -DMC_E_BADFDT.
 */
int memchk_dt_parse(const void *fdt, int node, struct memchk_node *out,
		    struct dmc_err *err);

/**
 * memchk_dt_by_phandle() - memchk_dt_parse() of the node with @phandle
 * @fdt:	the policy DT
 * @phandle:	the checker node's phandle
 * @out:	set to what it says
 * @err:	reason on failure
 *
 * Return: as memchk_dt_parse(); -MEMCHK_E_DT when no node has @phandle.
 */
int memchk_dt_by_phandle(const void *fdt, uint32_t phandle,
			 struct memchk_node *out, struct dmc_err *err);

/* ------------------------------------------------------------------ */
/* Recording accessor (drivers/memchk/memchk_rec.c)                    */

/**
 * struct memchk_rec_entry - one logged register write
 * @off:	register offset
 * @val:	value written
 */
struct memchk_rec_entry {
	uint32_t off;
	uint32_t val;
};

/**
 * struct memchk_rec - wraps an accessor and logs every write
 * @inner:	the accessor written through
 * @log:	caller's buffer of @max entries
 * @max:	capacity of @log
 * @nwrites:	writes seen (may exceed @max: only the first @max are logged)
 * @nreads:	reads seen
 */
struct memchk_rec {
	struct memchk_io inner;
	struct memchk_rec_entry *log;
	unsigned int max;
	unsigned int nwrites;
	unsigned int nreads;
};

/**
 * memchk_rec_init() - start recording
 * @rec:	the recorder, which must outlive @out's use
 * @inner:	the accessor to pass every access to (copied)
 * @log:	buffer for the writes
 * @max:	capacity of @log
 * @out:	set to the accessor to use
 */
void memchk_rec_init(struct memchk_rec *rec, const struct memchk_io *inner,
		     struct memchk_rec_entry *log, unsigned int max,
		     struct memchk_io *out);

/* ------------------------------------------------------------------ */
/* Reference range checker, secure side (drivers/memchk/rangechk_svc.c) */

/**
 * memchk_rangechk_service() - the secure firmware's end of the shim
 * @ctx:	a struct memchk_io * reaching the range checker's registers
 * @op:		an enum memchk_scall_op
 * @args:	MEMCHK_SCALL_NARGS arguments
 * @res:	MEMCHK_SCALL_NRES results (zeroed first)
 *
 * Implements enum memchk_scall_op on the register map. Tests and the QEMU
 * build plug it into struct memchk_scall in place of a real SMC.
 *
 * Return: 0; MEMCHK_SCALL_DENIED on a locked checker for any op but
 * the reads and CLEAR_FAULT; MEMCHK_SCALL_INVALID for a bad op or
 * argument, or registers that are not a range checker's.
 */
int memchk_rangechk_service(void *ctx, uint32_t op, const uint64_t *args,
			    uint64_t *res);

#endif /* DMACAGE_MEMCHK_H */
