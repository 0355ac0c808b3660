/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * The measurement of what dmacage enforces: SHA-256 over one canonical
 * serialization of the policy as applied and of the plan. U-Boot hashes
 * the bytes with its own hash library and extends a TPM PCR with the
 * result; the host tool hashes the same bytes with dmc_sha256_*() to
 * predict it. The serialization is defined in
 * dts/bindings/dmacage,record.yaml ("digest").
 */
#ifndef DMACAGE_DIGEST_H
#define DMACAGE_DIGEST_H

#include <dmacage/dmacage.h>

#define DMC_DIGEST_LEN		32
/* The serialization's first bytes; a new layout gets a new number. */
#define DMC_DIGEST_MAGIC	"dmacage-digest-1"

/**
 * struct dmc_sha256 - SHA-256 (FIPS 180-4) state
 * @h:		the chaining value
 * @len:	bytes hashed so far
 * @buf:	the partial block
 */
struct dmc_sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
};

/**
 * dmc_sha256_init() - start a hash
 * @c:		the state
 */
void dmc_sha256_init(struct dmc_sha256 *c);

/**
 * dmc_sha256_update() - hash more bytes
 * @c:		the state
 * @p:		the bytes
 * @n:		how many
 */
void dmc_sha256_update(struct dmc_sha256 *c, const void *p, size_t n);

/**
 * dmc_sha256_final() - end the hash
 * @c:		the state (unusable afterwards)
 * @out:	the digest
 */
void dmc_sha256_final(struct dmc_sha256 *c, uint8_t out[DMC_DIGEST_LEN]);

/**
 * typedef dmc_digest_sink - where dmc_digest_feed() sends the bytes
 * @ctx:	the sink's state
 * @p:		the next bytes
 * @n:		how many
 */
typedef void (*dmc_digest_sink)(void *ctx, const void *p, size_t n);

/**
 * dmc_digest_feed() - the canonical bytes of a policy and its plan
 * @pol:	the policy as applied (after any overrides)
 * @plan:	its plan as it will be handed over
 * @sink:	receives the bytes, in order
 * @ctx:	passed to @sink
 *
 * Little-endian integers, strings as a u32 length and the bytes, and for
 * a window that is not planned only its state (the rest as zeros), so the
 * bytes depend on nothing but what is enforced.
 */
void dmc_digest_feed(const struct dmc_policy *pol, const struct dmc_plan *plan,
		     dmc_digest_sink sink, void *ctx);

/**
 * dmc_digest() - SHA-256 of dmc_digest_feed()'s bytes
 * @pol:	the policy as applied
 * @plan:	its plan
 * @out:	the digest
 */
void dmc_digest(const struct dmc_policy *pol, const struct dmc_plan *plan,
		uint8_t out[DMC_DIGEST_LEN]);

/**
 * dmc_digest_pcr_extend() - a TPM 2.0 SHA-256 PCR after one extend
 * @pcr:	the PCR's value, replaced by SHA-256(@pcr || @digest)
 * @digest:	the value extended
 */
void dmc_digest_pcr_extend(uint8_t pcr[DMC_DIGEST_LEN],
			   const uint8_t digest[DMC_DIGEST_LEN]);

#endif /* DMACAGE_DIGEST_H */
