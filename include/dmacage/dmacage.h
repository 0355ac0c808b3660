/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * dmacage core: policy, memory map, planner, device-tree fixup and the Linux
 * rules checker. Freestanding: no allocation, no stdio, caller-owned buffers,
 * negative error codes (-DMC_E_*), and every failure explained in a
 * struct dmc_err.
 */
#ifndef DMACAGE_H
#define DMACAGE_H

#include <dmacage/env.h>

/* Capacities of the fixed tables (no malloc in the core). */
#define DMC_MAX_DOMAINS		8
#define DMC_MAX_ENDPOINTS	8
#define DMC_MAX_HOPS		4
#define DMC_MAX_CLIENTS		16
#define DMC_MAX_RANGES		64
#define DMC_NAME_MAX		32
#define DMC_PATH_MAX		128
#define DMC_LABEL_MAX		32
#define DMC_MSG_MAX		192

#define DMC_SZ_4K		0x1000ULL
#define DMC_SZ_256K		0x40000ULL
#define DMC_SZ_2M		0x200000ULL
#define DMC_ARM_VMALLOC_DEFAULT	(240ULL << 20)

/*
 * Error codes, returned negated. They are stable: the host tool, the U-Boot
 * command and tests match on them.
 */
enum dmc_errcode {
	DMC_OK = 0,
	/*
	 * Numbered above libfdt's FDT_ERR_* (1..19). The core converts
	 * libfdt's codes where it calls libfdt, so these are the only ones
	 * it returns; the gap keeps a stray libfdt code recognisable.
	 */
	DMC_E_BADFDT = 64,	/* a DTB is malformed (libfdt refused it) */
	DMC_E_POLICY,		/* the policy is missing or has a bad value */
	DMC_E_NOHOST,		/* host path missing or not a PCI host bridge */
	DMC_E_ENDPOINT,		/* endpoint chain does not parse or match */
	DMC_E_MEMMAP,		/* no usable DRAM, or a bad range */
	DMC_E_NOFIT,		/* the plan is impossible */
	DMC_E_RESMEM,		/* existing /reserved-memory Linux would ignore */
	DMC_E_CONFLICT,		/* memory-region already names another pool */
	DMC_E_NOSPACE,		/* output buffer too small */
	DMC_E_RULES,		/* the result breaks a Linux rule */
	DMC_E_TOOMANY,		/* a fixed table is full */
	DMC_E_CHECKER,		/* checker programming or readback failed */
	DMC_E_INTERNAL,		/* a bug: an invariant did not hold */
	DMC_E_NOTFOUND,		/* a node, property or entry is not there */
	/* the checker drivers' (drivers/memchk), last: see MEMCHK_E_END */
	MEMCHK_E_TOOMANY,	/* more windows than the checker has */
	MEMCHK_E_ALIGN,		/* window not aligned to the granule, or empty */
	MEMCHK_E_RANGE,		/* window beyond the checker's address width */
	MEMCHK_E_CLIENT,	/* client ID the checker cannot express */
	MEMCHK_E_OVERLAP,	/* two windows overlap */
	MEMCHK_E_LOCKED,	/* the checker is locked until reset */
	MEMCHK_E_READBACK,	/* a register reads back other than written */
	MEMCHK_E_NOLOCK,	/* the hardware has no lock */
	MEMCHK_E_PROBE,		/* ID/config registers are not the expected device */
	MEMCHK_E_DT,		/* bad checker node in the device tree */
	MEMCHK_E_CALL,		/* a secure call was refused */
	DMC_E_COUNT
};

/**
 * struct dmc_err - why an operation failed
 * @code:	-DMC_E_* (0 when no error was recorded)
 * @where:	the input concerned: domain name, node path or property
 * @msg:	one sentence: what is wrong, with the numbers
 */
struct dmc_err {
	int code;
	char where[DMC_PATH_MAX];
	char msg[DMC_MSG_MAX];
};

/**
 * dmc_fail() - record an error and return it
 * @err:	where to record (may be NULL)
 * @code:	negative -DMC_E_* code
 * @where:	input concerned (may be NULL)
 * @fmt:	dmc_vfmt() format for the message; NULL: the code's short name
 *
 * Return: @code, so callers can write "return dmc_fail(err, ...);".
 */
int dmc_fail(struct dmc_err *err, int code, const char *where,
	     const char *fmt, ...);

/*
 * A terse build (DMC_TERSE, set by U-Boot's DMACAGE_TERSE) keeps every
 * decision and every code, input name, rule and node of a failure, but
 * none of the sentences: the formats and their arguments are not even
 * compiled, so the image carries no message text. A failure's message is
 * then its code's short name. DMC_WHY() writes a sentence into @buf, or
 * leaves @buf empty in a terse build; its arguments must have no side
 * effects, as dmc_fail()'s.
 */
#ifdef DMC_TERSE
#define dmc_fail(err, code, where, ...)	(dmc_fail)(err, code, where, NULL)
#define DMC_WHY(buf, size, ...)		((void)((buf)[0] = '\0'))
#else
#define DMC_WHY(buf, size, ...)		((void)dmc_fmt(buf, size, __VA_ARGS__))
#endif

/* Marks a variable that only messages read, so unread in a terse build. */
#define DMC_MSG_ONLY	__attribute__((unused))

/*
 * DMC_REASON() - why window @w (struct dmc_window) of domain @name failed:
 * "@name: " and the sentence, or in a terse build "@name: " and the short
 * name of @w's code, which must be set first.
 */
#ifdef DMC_TERSE
#define DMC_REASON(w, fmt, name, ...) \
	((void)dmc_fmt((w)->reason, sizeof((w)->reason), "%s: %s", name, \
		       dmc_strerror((w)->code)))
#else
#define DMC_REASON(w, fmt, name, ...) \
	((void)dmc_fmt((w)->reason, sizeof((w)->reason), fmt, name, \
		       ##__VA_ARGS__))
#endif

/**
 * dmc_strerror() - short name of an error code, e.g. "impossible plan"
 * @code:	a -DMC_E_* code, negated or not; libfdt's FDT_ERR_* codes
 *		(1..FDT_ERR_MAX) are named too, by fdt_strerror()
 *
 * Return: a static string: "success" for 0, "unknown error" for a code
 * it does not know.
 */
const char *dmc_strerror(int code);

/**
 * dmc_vfmt() - freestanding vsnprintf() subset
 * @buf:	output buffer
 * @size:	size of @buf; output beyond it is counted, not written
 * @fmt:	the format
 * @ap:		its arguments
 *
 * Supports %s %c %d %u %x %X %lld %llu %llx %zu %p, '0' flag, field width,
 * '-' flag, %H (a uint64_t size in human units: "32 MiB", "1.5 GiB",
 * "4 KiB", exact bytes otherwise) and %M (a uint64_t size in MiB with one
 * decimal, cut down: "859.6 MiB"; below 1 MiB as %H), for messages that
 * compare sizes in one unit. An unknown conversion is copied to the
 * output as written. Always NUL-terminates when @size > 0.
 *
 * Return: the length the full output would have had (like vsnprintf).
 */
int dmc_vfmt(char *buf, size_t size, const char *fmt, va_list ap);
/**
 * dmc_fmt() - dmc_vfmt() with the arguments in line (snprintf() subset)
 * @buf:	output buffer
 * @size:	size of @buf
 * @fmt:	dmc_vfmt() format
 * @...:	its arguments
 *
 * Return: as dmc_vfmt().
 */
int dmc_fmt(char *buf, size_t size, const char *fmt, ...);

/* ------------------------------------------------------------------ */
/* Policy (binding: dts/bindings/dmacage,policy.yaml)                  */

enum dmc_on_error {
	DMC_ON_ERROR_DISABLE = 0,	/* default */
	DMC_ON_ERROR_HALT,
	DMC_ON_ERROR_WARN,
};

enum dmc_arch {
	DMC_ARCH_UNSET = 0,
	DMC_ARCH_ARM,
	DMC_ARCH_ARM64,
};

/*
 * The Linux line whose rules the checker applies (doc/linux-rules.md says
 * where the lines differ). 6.1 is the reference, and the default.
 */
enum dmc_kernel {
	DMC_KERNEL_6_1 = 0,
	DMC_KERNEL_6_12,
	DMC_KERNEL_7_3,
};

/**
 * struct dmc_endpoint - one "DD.F/DD.F" chain from the host bridge
 * @nhops:	number of hops (1 = a device on the root bus)
 * @devfn:	per hop, (device << 3) | function
 */
struct dmc_endpoint {
	unsigned int nhops;
	uint8_t devfn[DMC_MAX_HOPS];
};

/**
 * enum dmc_msi - the MSI doorbell grant a domain asks for
 * @DMC_MSI_NONE:	none (the default): a checker in the root complex's
 *			path blocks the functions' MSI writes
 * @DMC_MSI_DERIVE:	"msi-window": the doorbell of the MSI controller
 *			Linux gives the host (msi-map, msi-parent)
 * @DMC_MSI_FIXED:	"msi-doorbell": the address the policy states
 */
enum dmc_msi {
	DMC_MSI_NONE = 0,
	DMC_MSI_DERIVE,
	DMC_MSI_FIXED,
};

/**
 * struct dmc_domain - one protected PCIe domain, as the policy states it
 * @name:		policy child node name
 * @host:		path of the host-bridge node in the OS DT
 * @restricted_size:	requested restricted pool size (before rounding)
 * @coherent_size:	requested coherent pool size, 0 = none
 * @base:		fixed window start if @has_base
 * @has_base:		the policy states "base" (checked to be 2 MiB aligned)
 * @limit:		exclusive upper bound of the window end if @has_limit
 * @has_limit:		the policy states "limit" (checked to be non-zero)
 * @dma_bits:		the window's DMA-side end must fit in this many bits
 * @nendpoints:		0 = host-bridge form
 * @ep:			endpoint chains (endpoint form)
 * @checker:		phandle of the checker node in the policy's DT, 0 = none
 * @nclients:		number of entries in @clients
 * @clients:		client IDs of this domain at @checker
 * @disabled:		an override turned this domain off (no pools; the
 *			host bridge is disabled in the OS DT)
 * @msi:		the MSI doorbell grant asked for
 * @msi_doorbell:	the doorbell's address when @msi is DMC_MSI_FIXED
 * @checker_optional:	the policy accepts this domain without a checker
 *			("checker-optional"): its pools are carved but no
 *			bus checker enforces them
 */
struct dmc_domain {
	char name[DMC_NAME_MAX];
	char host[DMC_PATH_MAX];
	uint64_t restricted_size;
	uint64_t coherent_size;
	uint64_t base;
	bool has_base;
	uint64_t limit;
	bool has_limit;
	unsigned int dma_bits;
	unsigned int nendpoints;
	struct dmc_endpoint ep[DMC_MAX_ENDPOINTS];
	uint32_t checker;
	unsigned int nclients;
	uint32_t clients[DMC_MAX_CLIENTS];
	bool disabled;
	enum dmc_msi msi;
	uint64_t msi_doorbell;
	bool checker_optional;
};

/**
 * struct dmc_policy - the whole /dmacage node
 * @on_error:		what to do with a domain that cannot be confined
 * @arch:		OS architecture (DMC_ARCH_UNSET if the policy omits it)
 * @vmalloc_size:	ARM32 vmalloc size if @has_vmalloc
 * @has_vmalloc:	the policy states "vmalloc-size" (checked to lie in
 *			16 MiB..976 MiB, the range Linux accepts)
 * @ndomains:		number of entries in @dom
 * @dom:		the domains: the policy node's children, in DT order
 */
struct dmc_policy {
	enum dmc_on_error on_error;
	enum dmc_arch arch;
	uint64_t vmalloc_size;
	bool has_vmalloc;
	unsigned int ndomains;
	struct dmc_domain dom[DMC_MAX_DOMAINS];
};

/**
 * dmc_policy_find() - offset of the policy node in @fdt
 * @fdt:	the DT to search (U-Boot's control DT or a policy .dtb)
 *
 * Checks the blob's structure first (dmc_check_structure()), then looks
 * for "/dmacage", then for the first node compatible with
 * "dmacage,policy".
 *
 * Return: node offset, or -DMC_E_POLICY (also for a malformed blob).
 */
int dmc_policy_find(const void *fdt);

/**
 * dmc_policy_parse() - parse and validate a policy node
 * @fdt:	the DT holding the policy (control DT or a policy .dtb)
 * @node:	offset of the policy node
 * @pol:	filled in on success; left in an unspecified state on failure
 * @err:	reason on failure (names the domain and property)
 *
 * Return: 0, or -DMC_E_POLICY / -DMC_E_ENDPOINT / -DMC_E_TOOMANY / -DMC_E_BADFDT.
 */
int dmc_policy_parse(const void *fdt, int node, struct dmc_policy *pol,
		     struct dmc_err *err);

/**
 * dmc_policy_check_size() - the policy's rule for a size
 * @v:		the size
 * @required:	@v must be non-zero
 * @where:	the input @err names on failure (a property or an override)
 * @err:	reason on failure (may be NULL)
 *
 * At most 2^52 (wider than any ARM physical address, so larger is a typo),
 * and non-zero when @required. Shared with the environment overrides.
 *
 * Return: 0 or -DMC_E_POLICY with @err naming @where.
 */
int dmc_policy_check_size(uint64_t v, bool required, const char *where,
			  struct dmc_err *err);

/**
 * dmc_policy_check_base() - the policy's rule for a fixed window base
 * @base:	the base
 * @where:	the input @err names on failure (a property or an override)
 * @err:	reason on failure (may be NULL)
 *
 * 2 MiB aligned, as every planned window is. Shared with the overrides.
 *
 * Return: 0 or -DMC_E_POLICY with @err naming @where.
 */
int dmc_policy_check_base(uint64_t base, const char *where,
			  struct dmc_err *err);

/**
 * dmc_parse_endpoint() - parse one "DD.F[/DD.F...]" chain
 * @s:		the chain: per hop one or two hex digits of device (00..1f), '.'
 *		and one function digit (0..7); hops separated by '/', at most
 *		DMC_MAX_HOPS of them
 * @ep:		filled with the hops; unspecified on failure
 * @err:	reason on failure, naming @s (may be NULL)
 *
 * Return: 0 or -DMC_E_ENDPOINT.
 */
int dmc_parse_endpoint(const char *s, struct dmc_endpoint *ep,
		       struct dmc_err *err);

/* ------------------------------------------------------------------ */
/* Memory map                                                          */

/**
 * struct dmc_range - an address range
 * @base:	first byte
 * @size:	length in bytes
 */
struct dmc_range {
	uint64_t base;
	uint64_t size;
};

/**
 * struct dmc_region - a range with a label, for reports
 * @base:	first byte (CPU physical)
 * @size:	length in bytes
 * @label:	where it came from: "/memreserve/", a node path, "u-boot",
 *		"kernel", "--avoid", ...
 */
struct dmc_region {
	uint64_t base;
	uint64_t size;
	char label[DMC_LABEL_MAX];
};

/**
 * struct dmc_memmap - DRAM and what is already in use
 * @ndram:	number of entries in @dram
 * @dram:	DRAM, kept sorted by base with touching or overlapping ranges
 *		merged
 * @navoid:	number of entries in @avoid
 * @avoid:	ranges a pool must stay clear of, kept in insertion order (it
 *		is reported to the user as given)
 */
struct dmc_memmap {
	unsigned int ndram;
	struct dmc_region dram[DMC_MAX_RANGES];
	unsigned int navoid;
	struct dmc_region avoid[DMC_MAX_RANGES];
};

/**
 * dmc_memmap_init() - empty map
 * @mm:		the map to clear
 */
void dmc_memmap_init(struct dmc_memmap *mm);

/**
 * dmc_memmap_add_dram() - add a DRAM range
 * @mm:		the map
 * @base:	first byte
 * @size:	length in bytes: non-zero, and @base + @size must not wrap past
 *		2^64
 * @label:	where the range came from, for reports (NULL: "")
 * @err:	reason on failure (may be NULL)
 *
 * The range goes in base order and is merged with the ranges it touches
 * or overlaps; a merged range keeps the label of the lowest one.
 *
 * Return: 0, -DMC_E_MEMMAP (empty or wrapping range) or -DMC_E_TOOMANY
 * (@mm already holds DMC_MAX_RANGES DRAM ranges).
 */
int dmc_memmap_add_dram(struct dmc_memmap *mm, uint64_t base, uint64_t size,
			const char *label, struct dmc_err *err);

/**
 * dmc_memmap_add_avoid() - add a range to keep clear
 * @mm:		the map
 * @base:	first byte
 * @size:	length in bytes: non-zero, and @base + @size must not wrap past
 *		2^64
 * @label:	where the range came from, for reports (NULL: "")
 * @err:	reason on failure (may be NULL)
 *
 * The range is appended as given, not merged.
 *
 * Return: 0, -DMC_E_MEMMAP (empty or wrapping range) or -DMC_E_TOOMANY
 * (@mm already holds DMC_MAX_RANGES ranges to avoid).
 */
int dmc_memmap_add_avoid(struct dmc_memmap *mm, uint64_t base, uint64_t size,
			 const char *label, struct dmc_err *err);

/* ------------------------------------------------------------------ */
/* Read: what the plan needs of the OS DT                              */

#define DMC_MAX_DMA_RANGES	8	/* dma-ranges entries per host bridge */

/**
 * struct dmc_dma_range - one dma-ranges entry of a PCI host bridge
 * @cpu:	CPU (parent bus) address
 * @dma:	PCI (child bus) address
 * @size:	length
 */
struct dmc_dma_range {
	uint64_t cpu;
	uint64_t dma;
	uint64_t size;
};

/**
 * struct dmc_os_host - one domain's host bridge, as the OS DT describes it
 * @node:	its offset in the OS DT; -DMC_E_NOHOST when the node is not a
 *		PCI host bridge, -DMC_E_NOTFOUND when there is no such node
 * @nranges:	entries in @range (0: no dma-ranges anywhere, the identity);
 *		-DMC_E_TOOMANY or -DMC_E_BADFDT when they cannot be used
 * @range:	what its devices reach, as Linux's of_dma_get_range() works
 *		it out (ancestors' dma-ranges included)
 * @msi_ok:	the domain asks for "msi-window" and @msi_doorbell holds the
 *		doorbell of the MSI controller Linux gives the host
 * @msi_doorbell: that doorbell's address
 * @msi_why:	when the domain asks for "msi-window" and @msi_ok is false:
 *		why no doorbell can be stated
 */
struct dmc_os_host {
	int node;
	int nranges;
	struct dmc_dma_range range[DMC_MAX_DMA_RANGES];
	bool msi_ok;
	uint64_t msi_doorbell;
	char msi_why[DMC_MSG_MAX];
};

/**
 * struct dmc_osdt - what the planner needs of the OS DT, besides the
 * ranges it adds to the memory map
 * @vmalloc:	the ARM32 vmalloc size Linux will use: /chosen/bootargs
 *		"vmalloc=", else the policy's, else Linux's default, clamped
 *		as Linux clamps it
 * @nhosts:	entries in @host (the policy's domain count)
 * @host:	per policy domain, its host bridge
 */
struct dmc_osdt {
	uint64_t vmalloc;
	unsigned int nhosts;
	struct dmc_os_host host[DMC_MAX_DOMAINS];
};

/**
 * dmc_read() - read the OS DT once, for the planner
 * @fdt:	the OS DT
 * @pol:	the policy: its domains' hosts are looked up
 * @want_dram:	add the /memory nodes' DRAM to @mm (false when the caller
 *		knows DRAM)
 * @mm:		the memory map, set up by the caller (dmc_memmap_init() and
 *		whatever it knows); the OS DT's ranges are added to it
 * @os:		filled in: the rest of what the planner needs
 * @err:	reason on failure
 *
 * Checks the blob's structure (dmc_check_structure()) before any libfdt
 * lookup. To @mm it adds every /memreserve/ entry, every available
 * /reserved-memory child with a reg, and the initrd that /chosen names; a
 * "mem=SIZE" in /chosen/bootargs cuts DRAM to its lowest SIZE bytes. Pools
 * that dmacage itself created (listed in the /chosen/dmacage record and
 * compatible with a DMA pool) are not added, so that planning an already
 * patched DT gives the same plan.
 *
 * Return: 0 or a negative -DMC_E_* code (-DMC_E_BADFDT for a malformed
 * blob, -DMC_E_RESMEM for a /reserved-memory Linux would ignore).
 */
int dmc_read(const void *fdt, const struct dmc_policy *pol, bool want_dram,
	     struct dmc_memmap *mm, struct dmc_osdt *os, struct dmc_err *err);

/* ------------------------------------------------------------------ */
/* Plan                                                                */

enum dmc_dom_state {
	DMC_DOM_PLANNED = 0,	/* window chosen, pools will be written */
	DMC_DOM_FAILED,		/* cannot be confined: see @reason */
	DMC_DOM_OFF,		/* turned off by an override */
};

/**
 * enum dmc_chk_guard - what keeps the OS from reprogramming a checker
 * @DMC_GUARD_NONE:	nothing: the OS could change the windows
 * @DMC_GUARD_LOCK:	a lock bit, set after programming, holds until reset
 * @DMC_GUARD_SECURE:	the checker answers only secure accesses, it was
 *			programmed from the secure world, and the OS runs
 *			non-secure (TZC-400: it has no lock bit)
 */
enum dmc_chk_guard {
	DMC_GUARD_NONE = 0,
	DMC_GUARD_LOCK,
	DMC_GUARD_SECURE,
};

/**
 * struct dmc_window - what the planner chose for one domain
 * @state:		see enum dmc_dom_state
 * @code:		-DMC_E_* that made it fail (DMC_DOM_FAILED)
 * @reason:		the failure, one sentence with numbers
 * @base:		window start (CPU physical), 2 MiB aligned
 * @size:		window size = coherent_size + restricted_size
 * @dma_base:		DMA address of @base after the host's dma-ranges
 * @coherent_base:	coherent pool, at the window base (size 0 = none)
 * @coherent_size:	rounded coherent size
 * @restricted_base:	restricted pool, right after the coherent pool
 * @restricted_size:	rounded restricted size
 * @coherent_req:	size the policy asked for (before rounding)
 * @restricted_req:	size the policy asked for (before rounding)
 * @nchk:		checker windows as programmed (0 = no checker / not
 *			programmed); filled by the caller that programs them
 * @chk:		those windows
 * @chk_guard:		what keeps the OS from changing those windows
 * @msi_doorbell:	MSI doorbell the domain's functions write (when
 *			@msi_size), from the policy or the OS DT
 * @msi_base:		the doorbell's 4 KiB page: the write-only checker
 *			window of the grant. Not a pool: nothing of it goes
 *			into /reserved-memory
 * @msi_size:		DMC_SZ_4K when the domain has the grant, else 0
 * @chk_msi:		that window as programmed (size 0 = not programmed);
 *			filled with @chk
 */
struct dmc_window {
	enum dmc_dom_state state;
	int code;
	char reason[DMC_MSG_MAX];
	uint64_t base;
	uint64_t size;
	uint64_t dma_base;
	uint64_t coherent_base;
	uint64_t coherent_size;
	uint64_t restricted_base;
	uint64_t restricted_size;
	uint64_t coherent_req;
	uint64_t restricted_req;
	unsigned int nchk;
	struct dmc_range chk[4];
	enum dmc_chk_guard chk_guard;
	uint64_t msi_doorbell;
	uint64_t msi_base;
	uint64_t msi_size;
	struct dmc_range chk_msi;
};

/**
 * struct dmc_plan - the planner's result, in policy domain order
 * @arch:	architecture the plan was made for
 * @lowmem_end:	ARM32 lowmem end used (0 on arm64)
 * @nwin:	== policy ndomains
 * @win:	per domain, its window; the first @nwin entries are used
 * @hash:	FNV-1a 32 of the canonical plan (see dmc_plan_hash())
 * @ndram:	number of entries in @dram
 * @dram:	the DRAM the windows were placed in (the memory map's, from
 *		/memory or the caller's), which the fixup's check of its output
 *		takes for a placeholder /memory (R10, R33)
 */
struct dmc_plan {
	enum dmc_arch arch;
	uint64_t lowmem_end;
	unsigned int nwin;
	struct dmc_window win[DMC_MAX_DOMAINS];
	uint32_t hash;
	unsigned int ndram;
	struct dmc_range dram[DMC_MAX_RANGES];
};

/**
 * dmc_plan() - choose every domain's window
 * @pol:	parsed policy
 * @os:		dmc_read() of the OS DT for @pol
 * @mm:		DRAM and ranges to avoid (dmc_read()'s, and the caller's)
 * @arch:	architecture; DMC_ARCH_UNSET = take it from the policy (arm64
 *		when the policy does not say)
 * @plan:	result
 * @err:	reason for the first failed domain
 *
 * Reads no blob. Placement is deterministic: highest fitting address,
 * domains in policy order. A domain that cannot be placed is marked
 * DMC_DOM_FAILED with its reason.
 *
 * Return: 0 if no domain failed, else the first failed domain's negative
 * code (@plan still holds every domain's state); -DMC_E_INTERNAL when @os
 * was not read for @pol.
 */
int dmc_plan(const struct dmc_policy *pol, const struct dmc_osdt *os,
	     const struct dmc_memmap *mm, enum dmc_arch arch,
	     struct dmc_plan *plan, struct dmc_err *err);

/**
 * dmc_plan_hash() - FNV-1a 32 over the planned windows
 * @plan:	the plan; plan->hash is set to the result
 *
 * Hashes the window count, then per window its state and, for a PLANNED
 * window only (0 otherwise), its base, coherent size and restricted size,
 * little-endian: the layout Linux will see and nothing else.
 *
 * Return: the hash.
 */
uint32_t dmc_plan_hash(struct dmc_plan *plan);

/* ------------------------------------------------------------------ */
/* Fixup                                                               */

/*
 * The fixup's edit table for the largest policy (every domain with every
 * endpoint, each hop a new node) and its emit stack: too big for a boot
 * loader's stack, so firmware passes one it owns (static or allocated).
 */
#define DMC_FIXUP_WS_SIZE	(16 * 1024)

/**
 * struct dmc_fixup_ws - the fixup's working memory, owned by the caller
 * @w:		DMC_FIXUP_WS_SIZE bytes, 8-byte aligned; their layout is the
 *		fixup's own
 */
struct dmc_fixup_ws {
	uint64_t w[DMC_FIXUP_WS_SIZE / sizeof(uint64_t)];
};

/**
 * dmc_apply() - patch the OS DT where it lies, all or nothing
 * @fdt:		the OS DT, in a buffer of @bufsize bytes
 * @bufsize:		size of the buffer holding @fdt
 * @scratch:		the copy the patched DT is written to first (must not
 *			overlap @fdt)
 * @scratchsize:	size of @scratch; at most @bufsize bytes of it are used,
 *			so the result must fit in the smaller of the two
 * @pol:		policy
 * @plan:		plan; per domain: PLANNED gets pools and
 *			memory-region, FAILED/OFF get the on-error treatment
 *			(disable: host status "disabled"; warn: left alone),
 *			all get a record under /chosen/dmacage
 * @ws:			working memory; its contents on entry do not matter
 * @err:		reason on failure
 *
 * Checks @fdt's structure, validates every edit before any is written,
 * writes the patched DT into @scratch in one pass, then runs the rules
 * checker on @scratch's own bytes, scoped to the host bridges it wrote
 * and the pools it added. Only then is the result copied back. Applying to
 * an already patched DT gives the same bytes.
 *
 * Return: 0 with @fdt holding the result (fdt_open_into() to @bufsize), or
 * a negative -DMC_E_* code with @fdt byte-identical to before
 * (-DMC_E_NOSPACE when the result does not fit).
 */
int dmc_apply(void *fdt, int bufsize, void *scratch, int scratchsize,
	      const struct dmc_policy *pol, const struct dmc_plan *plan,
	      struct dmc_fixup_ws *ws, struct dmc_err *err);

/* ------------------------------------------------------------------ */
/* Rules checker (doc/linux-rules.md, checklist items 1-34)           */

enum dmc_sev {
	DMC_SEV_ERROR = 0,	/* Linux will not confine, or will misbehave */
	DMC_SEV_WARN,		/* risky or schema-only */
	DMC_SEV_INFO,		/* what Linux will do, for the engineer */
};

/**
 * struct dmc_finding - one result of the rules checker
 * @rule:	rule ID from doc/linux-rules.md, e.g. "R13"
 * @sev:	an enum dmc_sev
 * @item:	checklist item number in doc/linux-rules.md (0 if none)
 * @path:	node path concerned
 * @node:	that node's offset in the tree checked, or < 0 for "/"
 * @msg:	one sentence: what Linux will do
 *
 * Byte-sized @sev and @item: the checker builds a finding in its own
 * buffer, which is on dmc_check()'s stack.
 */
struct dmc_finding {
	char rule[8];
	uint8_t sev;
	uint8_t item;
	char path[DMC_PATH_MAX];
	int node;
	char msg[DMC_MSG_MAX];
};

/**
 * struct dmc_check_opts - context the DTB alone does not give
 * @arch:		target arch (DMC_ARCH_UNSET: arm64 rules only)
 * @kernel:		the kernel line whose rules apply (0: 6.1)
 * @vmalloc_size:	ARM32 vmalloc size when /chosen/bootargs has no
 *			"vmalloc=" (which wins); 0 = Linux's default
 * @nloaded:		number of @loaded ranges, may be 0
 * @loaded:		the images loaded for the boot (kernel, initrd, DTB): a
 *			pool over one of them is an error (R44)
 * @kconfig:		kernel .config text, or NULL (no Kconfig rules are run)
 * @kconfig_len:	length of @kconfig
 * @errors_only:	hand only error findings to the callback (the counts
 *			stay complete); each finding costs a walk to build its
 *			path
 * @hosts:		when set, judge only these PCI host bridges (by path)
 *			and /reserved-memory, not every node: what the fixup
 *			checks of its own output
 * @nhosts:		number of entries in @hosts
 * @pools:		with @hosts, judge only the pools with these phandles
 *			(the fixup's own): another pool is the board's business
 * @npools:		number of entries in @pools
 * @dram:		the memory Linux will have when /memory has no range of
 *			non-zero size (a placeholder the boot firmware fills
 *			in): what the plan used. Ignored when /memory has one
 * @ndram:		number of entries in @dram
 */
struct dmc_check_opts {
	enum dmc_arch arch;
	enum dmc_kernel kernel;
	uint64_t vmalloc_size;
	unsigned int nloaded;
	const struct dmc_region *loaded;
	const char *kconfig;
	size_t kconfig_len;
	bool errors_only;
	const char *const *hosts;
	unsigned int nhosts;
	const uint32_t *pools;
	unsigned int npools;
	const struct dmc_range *dram;
	unsigned int ndram;
};

typedef void (*dmc_finding_fn)(const struct dmc_finding *f, void *ctx);

/**
 * struct dmc_check_sum - counts per severity
 * @errors:	findings of DMC_SEV_ERROR
 * @warnings:	findings of DMC_SEV_WARN
 * @infos:	findings of DMC_SEV_INFO
 *
 * Every finding is counted, also those that dmc_check_opts.errors_only
 * keeps from the callback.
 */
struct dmc_check_sum {
	unsigned int errors;
	unsigned int warnings;
	unsigned int infos;
};

/**
 * dmc_check_structure() - is the structure block sound enough to read?
 * @fdt:	the blob
 * @what:	the blob's name for @err ("OS DT", "policy")
 * @err:	reason on failure (may be NULL)
 *
 * Header (version 17 or later), balanced nodes, one root, depth at most
 * 64, readable names and properties, known tags, and no negative property
 * length: with a length of -12, libfdt 1.6.1's fdt_next_tag() does not
 * advance, so every libfdt walk (fdt_path_offset(), fdt_next_node(),
 * fdt_check_full()...) loops for ever. Every entry point that takes a blob
 * from outside (policy parse, memory map, plan, fixup, check) runs it
 * before any libfdt lookup; a caller whose dmc_check() said -DMC_E_BADFDT
 * runs it to say why.
 *
 * Return: 0 or -DMC_E_BADFDT with @err naming the offset.
 */
int dmc_check_structure(const void *fdt, const char *what,
			struct dmc_err *err);

/*
 * The checker's state, with the finding it builds: most of a boot
 * loader's 1 KiB under the deepest rule, so firmware passes one it owns
 * (static or allocated), as for the fixup.
 */
#define DMC_CHECK_WS_SIZE	512

/**
 * struct dmc_check_ws - the checker's working memory, owned by the caller
 * @w:		DMC_CHECK_WS_SIZE bytes, 8-byte aligned; their layout is the
 *		checker's own
 */
struct dmc_check_ws {
	uint64_t w[DMC_CHECK_WS_SIZE / sizeof(uint64_t)];
};

/**
 * dmc_check() - run every mechanical rule on a DTB
 * @fdt:	any DTB (not only dmacage's output)
 * @opts:	context (may be NULL)
 * @cb:		called once per finding (may be NULL)
 * @ctx:	passed to @cb
 * @sum:	counts (may be NULL)
 * @ws:		the checker's working memory; its contents on entry do not
 *		matter, and @cb must not use it
 *
 * Return: 0 when there is no error-severity finding, -DMC_E_RULES when there
 * is, -DMC_E_BADFDT when @fdt is not a valid DTB.
 */
int dmc_check(const void *fdt, const struct dmc_check_opts *opts,
	      dmc_finding_fn cb, void *ctx, struct dmc_check_sum *sum,
	      struct dmc_check_ws *ws);

/**
 * dmc_kernel_parse() - a Linux line by its name
 * @name:	"6.1", "6.12" or "7.3"
 * @kernel:	set to the line on success
 *
 * Return: 0, or -DMC_E_NOTFOUND for a line the checker does not know.
 */
int dmc_kernel_parse(const char *name, enum dmc_kernel *kernel);

/**
 * dmc_kernel_name() - the name of a Linux line
 * @kernel:	the line
 *
 * Return: "6.1", "6.12" or "7.3"; "?" for a value outside the enum.
 */
const char *dmc_kernel_name(enum dmc_kernel kernel);

/* ------------------------------------------------------------------ */
/* Reading a DT past the gate                                          */

/**
 * dmc_reg() - entry @idx of @node's reg
 * @fdt:	the blob
 * @parent:	@node's parent, whose cells the entry uses (the caller knows it:
 *		libfdt finds a parent only by walking from the root); 0, the
 *		root, defaults to 1/1 as dmc_root_cells()
 * @node:	the node
 * @idx:	the entry
 * @base:	set to the entry's address
 * @size:	set to the entry's size
 *
 * Return: 0, -DMC_E_NOTFOUND when there is no reg or no such entry,
 * -DMC_E_BADFDT (malformed reg or cells, or @parent negative).
 */
int dmc_reg(const void *fdt, int parent, int node, int idx, uint64_t *base,
	    uint64_t *size);

#endif /* DMACAGE_H */
