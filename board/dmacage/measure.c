// SPDX-License-Identifier: GPL-2.0+
/*
 * The measurement of what the hand-off enforces: SHA-256, with U-Boot's
 * own hash library, over the canonical bytes of the policy as applied and
 * the plan (dmc_digest_feed()), and with a TPM 2.0, one extend of
 * CONFIG_DMACAGE_MEASURE_PCR with it. The host tool predicts the same
 * value ("dmacage plan --digest").
 *
 * U-Boot 2023.01 has no event log outside the EFI TCG2 protocol (whose
 * log is private to bootefi), so the extend has no log entry: a verifier
 * replays the digest from the record under /chosen/dmacage.
 */
#include <dm.h>
#include <tpm-common.h>
#include <tpm-v2.h>
#include <u-boot/sha256.h>
#include <dmacage/digest.h>
#include <dmacage/uboot.h>

static void dmacage_sha_sink(void *ctx, const void *p, size_t n)
{
	sha256_update(ctx, p, n);
}

static void dmacage_digest_compute(struct dmacage_state *st)
{
	sha256_context c;

	sha256_starts(&c);
	dmc_digest_feed(&st->pol, &st->plan, dmacage_sha_sink, &c);
	sha256_finish(&c, st->digest);
}

/* Open and start the TPM; one that is open or started already is fine. */
static int dmacage_tpm_ready(struct udevice **devp)
{
	u32 rc;
	int ret;

	ret = uclass_first_device_err(UCLASS_TPM, devp);
	if (ret)
		return ret;
	if (tpm_get_version(*devp) != TPM_V2)
		return -EPROTONOSUPPORT;
	ret = tpm_init(*devp);
	if (ret && ret != -EBUSY)
		return ret;
	rc = tpm2_startup(*devp, TPM2_SU_CLEAR);
	if (rc && rc != TPM2_RC_INITIALIZE)
		return -EIO;
	return 0;
}

/*
 * One TPM2_PCR_Extend of the SHA-256 bank. Return: 0, -ENOSYS without
 * CONFIG_DMACAGE_MEASURE, -ENODEV without a TPM, or another errno.
 */
static int dmacage_measure(struct dmacage_state *st)
{
	struct udevice *dev;
	u32 rc;
	int ret;

	st->measured = false;
	if (!IS_ENABLED(CONFIG_DMACAGE_MEASURE))
		return -ENOSYS;
	ret = dmacage_tpm_ready(&dev);
	if (ret)
		return ret;
	rc = tpm2_pcr_extend(dev, CONFIG_DMACAGE_MEASURE_PCR, TPM2_ALG_SHA256,
			     st->digest, TPM2_DIGEST_LEN);
	if (rc)
		return -EIO;
	st->measured = true;
	return 0;
}

void dmacage_attest(void *fdt, struct dmacage_state *st)
{
	char hex[2 * DMC_DIGEST_LEN + 1];
	unsigned int i;
	int ret;

	dmacage_digest_compute(st);
	for (i = 0; i < DMC_DIGEST_LEN; i++)
		sprintf(hex + 2 * i, "%02x", st->digest[i]);
	ret = dmacage_measure(st);
	if (!ret)
		printf("dmacage: measured sha256=%s pcr=%d\n", hex,
		       CONFIG_DMACAGE_MEASURE_PCR);
	else if (ret == -ENOSYS || ret == -ENODEV)
		printf("dmacage: digest sha256=%s (no TPM: not measured)\n",
		       hex);
	else
		printf("dmacage: error: tpm: cannot extend a PCR with the digest sha256=%s (%d); this boot cannot be attested\n",
		       hex, ret);
	ret = dmacage_record_extend(fdt, st);
	if (ret)
		printf("dmacage: error: record: cannot add U-Boot's properties to /chosen/dmacage: %s\n",
		       fdt_strerror(ret));
}
