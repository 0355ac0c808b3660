// SPDX-License-Identifier: GPL-2.0+
/*
 * The policy from the signed FIT being booted: a configuration that names
 * an image in its "dmacage-policy" property carries its own policy, and
 * verified boot covers it. It is taken only when
 *   - U-Boot's control DT holds a key with required = "conf" (without one
 *     nothing would be verified and the FIT could say anything),
 *   - the configuration's signature verifies against those keys, whatever
 *     the "verify" variable says (the environment is not trusted), and
 *   - the policy image's own hash matches (the configuration signature
 *     covers the hash, not the data; bootm does not load this image).
 * Otherwise the FIT's policy is refused with one console line and the boot
 * goes on with the policy U-Boot would use without it.
 */
#include <image.h>
#include <asm/global_data.h>
#include <dmacage/uboot.h>

DECLARE_GLOBAL_DATA_PTR;

#define DMACAGE_FIT_PROP	"dmacage-policy"

/* Does the control DT require every configuration to be signed? */
static bool dmacage_fit_conf_key(void)
{
	const void *blob = gd->fdt_blob;
	const char *req;
	int sig, key;

	sig = fdt_subnode_offset(blob, 0, FIT_SIG_NODENAME);
	if (sig < 0)
		return false;
	fdt_for_each_subnode(key, blob, sig) {
		req = fdt_getprop(blob, key, FIT_KEY_REQUIRED, NULL);
		if (req && !strcmp(req, "conf"))
			return true;
	}
	return false;
}

static void dmacage_fit_refuse(const char *why)
{
	printf("dmacage: refused: FIT " DMACAGE_FIT_PROP ": %s; the boot goes on with the policy as built\n",
	       why);
}

const void *dmacage_fit_policy(const struct bootm_headers *images)
{
	const void *fit, *data;
	size_t size;
	int cfg, img;

	if (!images || !images->fit_hdr_os)
		return NULL;
	fit = images->fit_hdr_os;
	cfg = fit_conf_get_node(fit, images->fit_uname_cfg);
	if (cfg < 0)
		return NULL;
	img = fit_conf_get_prop_node(fit, cfg, DMACAGE_FIT_PROP,
				     IH_PHASE_NONE);
	if (img < 0)
		return NULL;
	if (!dmacage_fit_conf_key()) {
		dmacage_fit_refuse("the control DT holds no key with required = \"conf\", so nothing verifies it");
		return NULL;
	}
	if (fit_config_verify(fit, cfg)) {
		dmacage_fit_refuse("the configuration's signature does not verify");
		return NULL;
	}
	if (!fit_image_verify(fit, img)) {
		dmacage_fit_refuse("the policy image's hash does not match its data");
		return NULL;
	}
	if (fit_image_get_data(fit, img, &data, &size) ||
	    size < sizeof(struct fdt_header) || fdt_check_header(data) ||
	    fdt_totalsize(data) > size) {
		dmacage_fit_refuse("the policy image is not a DTB");
		return NULL;
	}
	return data;
}
