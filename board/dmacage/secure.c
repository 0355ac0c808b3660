// SPDX-License-Identifier: GPL-2.0+
/*
 * Which security state U-Boot runs in, and which it hands the OS: a checker
 * whose registers answer secure accesses only (TZC-400) keeps what U-Boot
 * programmed exactly when U-Boot runs secure and the OS does not.
 */
#include <asm/system.h>
#ifdef CONFIG_ARMV7_NONSEC
#include <asm/armv7.h>
#endif
#include <dmacage/uboot.h>

#ifdef CONFIG_ARMV7_NONSEC
/* ID_PFR1.Security: the CPU has the Security Extensions */
static bool dmacage_v7_has_security(void)
{
	unsigned int pfr1;

	asm("mrc p15, 0, %0, c0, c1, 1" : "=r"(pfr1));
	return pfr1 & 0xf0;
}
#endif

bool dmacage_os_nonsecure(void)
{
#if defined(CONFIG_ARM64)
	/*
	 * At EL3, boot_jump_linux() enters the OS through
	 * armv8_switch_to_el2(), which sets SCR_EL3.NS: the OS runs at EL2 or
	 * EL1, non-secure.
	 */
	return current_el() == 3;
#elif defined(CONFIG_ARMV7_NONSEC)
	/*
	 * A U-Boot built with ARMV7_NONSEC is the secure firmware: on a CPU
	 * with the Security Extensions it starts secure, and
	 * boot_jump_linux() switches to non-secure unless the environment
	 * asks otherwise (bootm_boot_mode=sec).
	 */
	return dmacage_v7_has_security() && armv7_boot_nonsec();
#else
	return false;
#endif
}
