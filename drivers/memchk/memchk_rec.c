// SPDX-License-Identifier: GPL-2.0+
/*
 * Recording register accessor: passes every access through and logs the
 * writes. "dmacage regs" prints the log; tests count writes (exhaustion
 * must write nothing).
 */
#include <dmacage/memchk.h>

static uint32_t rec_read32(void *ctx, uint32_t off)
{
	struct memchk_rec *rec = ctx;

	rec->nreads++;
	return rec->inner.read32(rec->inner.ctx, off);
}

static void rec_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct memchk_rec *rec = ctx;

	if (rec->nwrites < rec->max) {
		rec->log[rec->nwrites].off = off;
		rec->log[rec->nwrites].val = val;
	}
	rec->nwrites++;
	rec->inner.write32(rec->inner.ctx, off, val);
}

void memchk_rec_init(struct memchk_rec *rec, const struct memchk_io *inner,
		     struct memchk_rec_entry *log, unsigned int max,
		     struct memchk_io *out)
{
	rec->inner = *inner;
	rec->log = log;
	rec->max = max;
	rec->nwrites = 0;
	rec->nreads = 0;
	out->read32 = rec_read32;
	out->write32 = rec_write32;
	out->ctx = rec;
}
