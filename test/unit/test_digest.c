// SPDX-License-Identifier: GPL-2.0+
/*
 * The measurement: dmc_sha256_*() against FIPS 180-2's examples, and the
 * canonical serialization (dmc_digest_feed()) against a byte string
 * written from its definition (dts/bindings/dmacage,record.yaml), with
 * the SHA-256 and PCR values an independent implementation gives for it.
 * Each has its negative control: one changed input changes the output.
 */
#include <dmacage/digest.h>
#include "ut.h"

static void hex(const uint8_t *b, size_t n, char *out)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* SHA-256 of @len bytes of @msg, fed in @chunk-byte pieces, as hex. */
static void sha_hex(const void *msg, size_t len, size_t chunk, char *out)
{
	struct dmc_sha256 c;
	uint8_t d[DMC_DIGEST_LEN];
	size_t i, k;

	dmc_sha256_init(&c);
	for (i = 0; i < len; i += k) {
		k = len - i < chunk ? len - i : chunk;
		dmc_sha256_update(&c, (const uint8_t *)msg + i, k);
	}
	dmc_sha256_final(&c, d);
	hex(d, sizeof(d), out);
}

static int test_sha256_vectors(void)
{
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static char million[1000000];
	char out[65];
	size_t chunk;

	sha_hex("", 0, 1, out);
	UT_ASSERT_STR("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", out);
	sha_hex("abc", 3, 64, out);
	UT_ASSERT_STR("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", out);
	/* the padding spills into a second block; any feeding gives the same */
	for (chunk = 1; chunk <= 64; chunk *= 3) {
		sha_hex(two_blocks, sizeof(two_blocks) - 1, chunk, out);
		UT_ASSERT_STR("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", out);
	}
	memset(million, 'a', sizeof(million));
	sha_hex(million, sizeof(million), 4099, out);
	UT_ASSERT_STR("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", out);
	/* negative control: one bit more */
	sha_hex("abd", 3, 64, out);
	UT_ASSERT(strcmp(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	return 0;
}

struct buf {
	uint8_t b[512];
	size_t n;
};

static void buf_sink(void *ctx, const void *p, size_t n)
{
	struct buf *b = ctx;

	if (b->n + n <= sizeof(b->b))
		memcpy(b->b + b->n, p, n);
	b->n += n;
}

/* One domain, host-bridge form, with a checker, planned at 0x7c000000. */
static void example(struct dmc_policy *pol, struct dmc_plan *plan)
{
	struct dmc_domain *d = &pol->dom[0];
	struct dmc_window *w = &plan->win[0];

	memset(pol, 0, sizeof(*pol));
	memset(plan, 0, sizeof(*plan));
	pol->on_error = DMC_ON_ERROR_DISABLE;
	pol->arch = DMC_ARCH_ARM64;
	pol->ndomains = 1;
	strcpy(d->name, "pcie0");
	strcpy(d->host, "/pcie@10000000");
	d->restricted_size = 0x2000000;
	d->coherent_size = 0x400000;
	d->dma_bits = 32;
	d->checker = 0x1234;
	d->nclients = 1;
	d->clients[0] = 1;
	plan->arch = DMC_ARCH_ARM64;
	plan->nwin = 1;
	w->state = DMC_DOM_PLANNED;
	w->base = w->dma_base = w->coherent_base = 0x7c000000;
	w->size = 0x2400000;
	w->coherent_size = 0x400000;
	w->restricted_base = 0x7c400000;
	w->restricted_size = 0x2000000;
	w->restricted_req = 0x2000000;
	strcpy(w->reason, "words are not measured");
}

#define EXAMPLE_BYTES \
	"646d61636167652d6469676573742d3100000000020000000000000000000000" \
	"00000000010000000500000070636965300e0000002f70636965403130303030" \
	"3030300000000200000000000040000000000000000000000000000000000000" \
	"0000000000000000000000200000000000000001000000010000000100000000" \
	"0000000000000000000000000000000000000002000000000000000000000001" \
	"000000000000000000007c0000000000004002000000000000007c0000000000" \
	"00007c0000000000004000000000000000407c00000000000000020000000000" \
	"000000000000000000000000000000"
#define EXAMPLE_SHA \
	"51e9def91caab414ffb06ac893e75928bc0d641575326d64941b0fbf6e67d02d"
/* SHA-256(32 zero bytes || EXAMPLE_SHA): PCR after one extend from reset */
#define EXAMPLE_PCR \
	"d35f11e78a13d70bd4f87d37b0bd87c459418b1fa7b9cdaa651af65c1482cb84"

static int test_digest_bytes(void)
{
	static struct dmc_policy pol;
	static struct dmc_plan plan;
	static struct buf b;
	char out[2 * sizeof(b.b) + 1];
	uint8_t d[DMC_DIGEST_LEN], pcr[DMC_DIGEST_LEN] = { 0 };

	example(&pol, &plan);
	b.n = 0;
	dmc_digest_feed(&pol, &plan, buf_sink, &b);
	UT_ASSERT_EQ((size_t)239, b.n);
	hex(b.b, b.n, out);
	UT_ASSERT_STR(EXAMPLE_BYTES, out);
	dmc_digest(&pol, &plan, d);
	hex(d, sizeof(d), out);
	UT_ASSERT_STR(EXAMPLE_SHA, out);
	dmc_digest_pcr_extend(pcr, d);
	hex(pcr, sizeof(pcr), out);
	UT_ASSERT_STR(EXAMPLE_PCR, out);
	return 0;
}

/* What is not enforced does not count; what is enforced always does. */
static int test_digest_sensitivity(void)
{
	static struct dmc_policy pol;
	static struct dmc_plan plan;
	uint8_t d0[DMC_DIGEST_LEN], d[DMC_DIGEST_LEN];

	example(&pol, &plan);
	dmc_digest(&pol, &plan, d0);
	/* the checker's phandle number, the reason's words, requested sizes */
	pol.dom[0].checker = 7;
	strcpy(plan.win[0].reason, "other words");
	plan.win[0].restricted_req = 1;
	dmc_digest(&pol, &plan, d);
	UT_ASSERT(!memcmp(d0, d, sizeof(d)));
	/* negative controls: each changes the digest */
	pol.on_error = DMC_ON_ERROR_WARN;
	dmc_digest(&pol, &plan, d);
	UT_ASSERT(memcmp(d0, d, sizeof(d)));
	example(&pol, &plan);
	plan.win[0].restricted_base += 0x200000;
	dmc_digest(&pol, &plan, d);
	UT_ASSERT(memcmp(d0, d, sizeof(d)));
	example(&pol, &plan);
	pol.dom[0].checker = 0;
	pol.dom[0].checker_optional = true;
	dmc_digest(&pol, &plan, d);
	UT_ASSERT(memcmp(d0, d, sizeof(d)));
	/* a failed window counts by its state alone */
	example(&pol, &plan);
	plan.win[0].state = DMC_DOM_FAILED;
	dmc_digest(&pol, &plan, d0);
	plan.win[0].base = 0x40000000;
	dmc_digest(&pol, &plan, d);
	UT_ASSERT(!memcmp(d0, d, sizeof(d)));
	return 0;
}

int main(void)
{
	UT_RUN(test_sha256_vectors);
	UT_RUN(test_digest_bytes);
	UT_RUN(test_digest_sensitivity);
	return ut_done();
}
