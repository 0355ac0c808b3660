// SPDX-License-Identifier: GPL-2.0+
/*
 * Error recording: every failure in the core carries a code, the input it
 * concerns and one sentence with the numbers, so that the host tool and the
 * U-Boot command can report it without knowing where it came from.
 */
#include <dmacage/dmacage.h>

static const char *const dmc_errnames[] = {
	[DMC_E_BADFDT - DMC_E_BADFDT]	= "malformed device tree",
	[DMC_E_POLICY - DMC_E_BADFDT]	= "bad policy",
	[DMC_E_NOHOST - DMC_E_BADFDT]	= "no such PCI host bridge",
	[DMC_E_ENDPOINT - DMC_E_BADFDT]	= "bad endpoint",
	[DMC_E_MEMMAP - DMC_E_BADFDT]	= "bad memory map",
	[DMC_E_NOFIT - DMC_E_BADFDT]	= "impossible plan",
	[DMC_E_RESMEM - DMC_E_BADFDT]	= "unusable /reserved-memory",
	[DMC_E_CONFLICT - DMC_E_BADFDT]	= "conflicting memory-region",
	[DMC_E_NOSPACE - DMC_E_BADFDT]	= "buffer too small",
	[DMC_E_RULES - DMC_E_BADFDT]	= "breaks a Linux rule",
	[DMC_E_TOOMANY - DMC_E_BADFDT]	= "too many entries",
	[DMC_E_CHECKER - DMC_E_BADFDT]	= "checker failure",
	[DMC_E_INTERNAL - DMC_E_BADFDT]	= "internal error",
	[DMC_E_NOTFOUND - DMC_E_BADFDT]	= "not found",
	[MEMCHK_E_TOOMANY - DMC_E_BADFDT]	= "too many checker windows",
	[MEMCHK_E_ALIGN - DMC_E_BADFDT]	= "window not aligned to the checker granule",
	[MEMCHK_E_RANGE - DMC_E_BADFDT]	= "window beyond the checker address width",
	[MEMCHK_E_CLIENT - DMC_E_BADFDT]	= "bad checker client",
	[MEMCHK_E_OVERLAP - DMC_E_BADFDT]	= "checker windows overlap",
	[MEMCHK_E_LOCKED - DMC_E_BADFDT]	= "checker locked",
	[MEMCHK_E_READBACK - DMC_E_BADFDT]	= "checker readback mismatch",
	[MEMCHK_E_NOLOCK - DMC_E_BADFDT]	= "checker cannot lock",
	[MEMCHK_E_PROBE - DMC_E_BADFDT]	= "checker not found",
	[MEMCHK_E_DT - DMC_E_BADFDT]	= "bad checker node",
	[MEMCHK_E_CALL - DMC_E_BADFDT]	= "checker secure call refused",
};

/* In parentheses: a terse build defines dmc_fail() as a macro. */
int (dmc_fail)(struct dmc_err *err, int code, const char *where,
	       const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	dmc_fmt(err->where, sizeof(err->where), "%s", where ? where : "");
	if (!fmt) {
		dmc_fmt(err->msg, sizeof(err->msg), "%s", dmc_strerror(code));
		return code;
	}
	va_start(ap, fmt);
	dmc_vfmt(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

/*
 * Accepts the code negated or not. libfdt's own codes (1..FDT_ERR_MAX) can
 * reach callers through the DT helpers, so they are named too.
 */
const char *dmc_strerror(int code)
{
	unsigned int c = code < 0 ? -(unsigned int)code : (unsigned int)code;

	if (c == DMC_OK)
		return "success";
	if (c >= DMC_E_BADFDT && c < DMC_E_COUNT)
		return dmc_errnames[c - DMC_E_BADFDT];
	if (c <= FDT_ERR_MAX)
		return fdt_strerror(-(int)c);
	return "unknown error";
}
