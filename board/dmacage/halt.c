// SPDX-License-Identifier: GPL-2.0+
/*
 * on-error = "halt": stop the board and keep it stopped.
 *
 * U-Boot's own ways of stopping do not: a failing ft_board_setup() makes
 * bootm panic(), and panic() resets (CONFIG_PANIC_HANG is off in the QEMU
 * and most product defconfigs), so the board boots the same image into the
 * same failure for ever. hang() spins at full power and leaves the
 * watchdog running, which resets the board too. Here the watchdog is
 * stopped, interrupts are masked and the CPU waits in wfi: the board stays
 * stopped, with the reason last on its console, until it is power-cycled.
 */
#include <dm.h>
#include <wdt.h>
#include <dmacage/uboot.h>

static inline void dmacage_mask_irqs(void)
{
#ifdef CONFIG_ARM64
	asm volatile("msr daifset, #0xf" : : : "memory");
#elif defined(CONFIG_ARM)
	asm volatile("cpsid aif" : : : "memory");
#endif
}

static inline void dmacage_wait(void)
{
#if defined(CONFIG_ARM64) || (defined(CONFIG_ARM) && __ARM_ARCH >= 7)
	asm volatile("wfi" : : : "memory");
#endif
}

void __noreturn dmacage_halt(const char *why)
{
	printf("dmacage: HALTED: %s; the board stays stopped until power-cycled\n",
	       why);
#if CONFIG_IS_ENABLED(WDT)
	{
		int ret = wdt_stop_all();

		if (ret)
			printf("dmacage: error: watchdog: cannot stop every watchdog (%d): the board may still reset\n",
			       ret);
	}
#endif
	dmacage_mask_irqs();
	for (;;)
		dmacage_wait();
}
