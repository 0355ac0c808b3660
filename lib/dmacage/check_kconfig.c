// SPDX-License-Identifier: GPL-2.0+
/*
 * Kernel configuration rules (section 4 items 32-34): without
 * CONFIG_DMA_RESTRICTED_POOL every pool in the DT is reserved and ignored,
 * and Debian's stock kernels are built without it.
 */
#include "check.h"

enum chk_kval { CHK_K_UNSET, CHK_K_YES, CHK_K_OTHER };

/* Value of CONFIG_@sym in the .config text: "=y", "=m"/other, or unset. */
static enum chk_kval chk_kconfig_val(const char *text, size_t len,
				     const char *sym)
{
	size_t sl = strlen(sym), i = 0, eol;
	const char *line;

	while (i < len) {
		line = text + i;
		for (eol = i; eol < len && text[eol] != '\n'; eol++)
			;
		if (eol - i > 7 + sl && !memcmp(line, "CONFIG_", 7) &&
		    !memcmp(line + 7, sym, sl) && line[7 + sl] == '=')
			return eol - i == 9 + sl && line[8 + sl] == 'y' ?
			       CHK_K_YES : CHK_K_OTHER;
		i = eol + 1;
	}
	return CHK_K_UNSET;
}

void chk_kconfig(struct chk *c)
{
	const char *k = c->o->kconfig;
	size_t n = c->o->kconfig_len;

	if (!k)
		return;
	if (chk_kconfig_val(k, n, "DMA_RESTRICTED_POOL") != CHK_K_YES)
		chk_report(c, DMC_SEV_ERROR, "R1", 32, 0,
			   "CONFIG_DMA_RESTRICTED_POOL is not y: Linux reserves the pools but never attaches them, every device runs unrestricted");
	if (chk_kconfig_val(k, n, "SWIOTLB") != CHK_K_YES)
		chk_report(c, DMC_SEV_ERROR, "R2", 32, 0,
			   "CONFIG_SWIOTLB is not y: restricted DMA cannot be built");
	if (c->arch == DMC_ARCH_ARM &&
	    chk_kconfig_val(k, n, "ARM_LPAE") != CHK_K_YES &&
	    chk_kconfig_val(k, n, "XEN") != CHK_K_YES)
		chk_report(c, DMC_SEV_ERROR, "R2", 32, 0,
			   "ARM32 kernel without CONFIG_ARM_LPAE or CONFIG_XEN has no SWIOTLB, so no restricted DMA");
	if (chk_kconfig_val(k, n, "SWIOTLB_DYNAMIC") == CHK_K_YES)
		chk_report(c, DMC_SEV_WARN, "R3", 33, 0,
			   "CONFIG_SWIOTLB_DYNAMIC=y: kernels 6.6-6.8 without the list-head fix crash at the first restricted-pool attach");
	if (chk_kconfig_val(k, n, "DEBUG_FS") != CHK_K_YES)
		chk_report(c, DMC_SEV_WARN, "R40", 34, 0,
			   "CONFIG_DEBUG_FS is not y: the pool's use cannot be confirmed at run time");
}
