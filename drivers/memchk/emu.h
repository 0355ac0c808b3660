/* SPDX-License-Identifier: GPL-2.0+ */
/* Helpers shared by the emulators (drivers/memchk/emu_*.c), not public. */
#ifndef DMACAGE_MEMCHK_EMU_PRIV_H
#define DMACAGE_MEMCHK_EMU_PRIV_H

#include <dmacage/memchk_emu.h>
#include "memchk_drv.h"

/** emu_fault_ignores() - a write to @off is dropped */
bool emu_fault_ignores(const struct emu_faults *fs, uint32_t off);

/** emu_fault_stick() - @v as stored at @off with stuck bits applied */
uint32_t emu_fault_stick(const struct emu_faults *fs, uint32_t off,
			 uint32_t v);

#endif
