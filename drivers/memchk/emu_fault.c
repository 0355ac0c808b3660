// SPDX-License-Identifier: GPL-2.0+
/*
 * Injected register defects shared by the checker emulators: a stuck bit
 * and a write that never lands are the two ways real checkers have been
 * seen to lie, and verify must catch both.
 */
#include <dmacage/memchk_emu.h>
#include "emu.h"

int emu_fault_add(struct emu_faults *fs, uint32_t off, uint32_t stuck1,
		  uint32_t stuck0, bool ignore)
{
	struct emu_fault *f;

	if (fs->n >= EMU_MAX_FAULTS)
		return -1;
	f = &fs->f[fs->n++];
	f->off = off;
	f->stuck1 = stuck1;
	f->stuck0 = stuck0;
	f->ignore = ignore;
	return 0;
}

bool emu_fault_ignores(const struct emu_faults *fs, uint32_t off)
{
	unsigned int i;

	for (i = 0; i < fs->n; i++)
		if (fs->f[i].off == off && fs->f[i].ignore)
			return true;
	return false;
}

/*
 * A stuck bit is applied to the stored value, not only to reads: the
 * hardware behaves as it reads, so the access decision must see it too.
 */
uint32_t emu_fault_stick(const struct emu_faults *fs, uint32_t off,
			 uint32_t v)
{
	unsigned int i;

	for (i = 0; i < fs->n; i++)
		if (fs->f[i].off == off)
			v = (v | fs->f[i].stuck1) & ~fs->f[i].stuck0;
	return v;
}
