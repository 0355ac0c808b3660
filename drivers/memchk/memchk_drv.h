/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Internal interface between the checker frontend (memchk.c) and the
 * drivers. Not public: U-Boot and the tool use <dmacage/memchk.h> only.
 */
#ifndef DMACAGE_MEMCHK_DRV_H
#define DMACAGE_MEMCHK_DRV_H

#include <dmacage/memchk.h>

extern const struct memchk_ops memchk_tzc400_ops;
extern const struct memchk_ops memchk_rangechk_ops;
extern const struct memchk_ops memchk_rangechk_scall_ops;

/**
 * MEMCHK_PRIV() - a driver's private state, kept in its struct memchk
 * @c:		the checker (struct memchk *, or const)
 * @type:	the driver's private struct (const-qualified for a const @c)
 *
 * Fails to compile when @type does not fit MEMCHK_PRIV_SIZE.
 */
#define MEMCHK_PRIV(c, type) ({						\
	_Static_assert(sizeof(type) <= MEMCHK_PRIV_SIZE,		\
		       #type " does not fit struct memchk's priv");	\
	(type *)(c)->priv.b;						\
})

/** memchk_img_add() - append a write; @expect == @val unless told */
void memchk_img_add(struct memchk_img *img, uint32_t off, uint32_t val,
		    uint32_t expect, bool check);

/** memchk_img_write() - perform every write of @img, in order */
void memchk_img_write(struct memchk *c, const struct memchk_img *img);

/**
 * memchk_img_verify() - read back every checked register of @img
 * Return: 0 or -MEMCHK_E_READBACK for the first mismatch, named.
 */
int memchk_img_verify(struct memchk *c, const struct memchk_img *img,
		      struct dmc_err *err);

/** memchk_mask() - bitmap of client IDs 0..@n-1 */
static inline uint32_t memchk_mask(unsigned int n)
{
	return n >= 32 ? ~0u : (1u << n) - 1;
}

/** memchk_amask() - largest address of an @bits-wide bus */
static inline uint64_t memchk_amask(unsigned int bits)
{
	return bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
}

#endif
