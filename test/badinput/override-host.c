// SPDX-License-Identifier: GPL-2.0+
/*
 * board/dmacage/override.c on the host: the U-Boot environment overrides
 * (dmacage_<domain>_<field>=value) parsed by the real code, which is built
 * unchanged against the stand-in headers in uboot-shim/. The U-Boot suite
 * (test/uboot, cases badenv and badvar) shows what a rejected override does
 * to the boot; this shows, in milliseconds and for many more values, what
 * the parser accepts and what it says.
 *
 *	override-host POLICY.dtb NAME=VALUE...
 *
 * prints what override.c prints (refusals, bring-up warnings), then
 * "rc=<code> (<name>) fail=<domain index or -1>", then
 * "error: <where>: <msg>" when rc is not 0, then "policy=<value>" (what
 * dmacage_policy_env() answered), "applied=N refused=N weak=N" and the
 * two lists, then one line per domain with the values the plan would use.
 * Built with -DCONFIG_DMACAGE_BRINGUP it is a bring-up build. Exit status
 * 0 whenever it could run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <search.h>
#include <dmacage/uboot.h>

#define MAX_VARS	16

struct hsearch_data {
	int unused;
};

struct hsearch_data env_htab;
static struct env_entry vars[MAX_VARS];
static int nvars;

/* U-Boot's semantics: slots from 1, the next one whose key starts with @match. */
int hmatch_r(const char *match, int last_idx, struct env_entry **retval,
	     struct hsearch_data *htab)
{
	int i;

	for (i = last_idx + 1; i <= nvars; i++) {
		if (!strncmp(match, vars[i - 1].key, strlen(match))) {
			*retval = &vars[i - 1];
			return i;
		}
	}
	*retval = NULL;
	return 0;
}

static void *load(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc(n);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

char *env_get(const char *name)
{
	int i;

	for (i = 0; i < nvars; i++)
		if (!strcmp(vars[i].key, name))
			return vars[i].data;
	return NULL;
}

static void print_list(const char *what, const struct dmacage_strlist *l)
{
	unsigned int i;

	printf("%s:", what);
	for (i = 0; i < l->len; i += strlen(l->buf + i) + 1)
		printf(" %s", l->buf + i);
	printf("\n");
}

int main(int argc, char **argv)
{
	static struct dmc_policy pol;
	struct dmc_err err = { 0 };
	const struct dmc_domain *d;
	static struct dmacage_ovr ovr;
	const char *pol_env;
	unsigned int i;
	int node, fail, rc;
	void *fdt;
	char *eq;

	if (argc < 2 || argc - 2 > MAX_VARS) {
		fprintf(stderr, "usage: override-host POLICY.dtb NAME=VALUE...\n");
		return 2;
	}
	fdt = load(argv[1]);
	node = fdt ? dmc_policy_find(fdt) : -1;
	if (node < 0 || dmc_policy_parse(fdt, node, &pol, &err)) {
		fprintf(stderr, "override-host: %s: not a usable policy\n", argv[1]);
		return 2;
	}
	for (i = 2; i < (unsigned int)argc; i++) {
		eq = strchr(argv[i], '=');
		if (!eq) {
			fprintf(stderr, "override-host: '%s' is not NAME=VALUE\n", argv[i]);
			return 2;
		}
		*eq = '\0';
		vars[nvars].key = argv[i];
		vars[nvars++].data = eq + 1;
	}
	pol_env = dmacage_policy_env(&ovr);
	rc = dmacage_override_apply(&pol, fdt, node, &fail, &ovr, &err);
	printf("rc=%d (%s) fail=%d\n", rc, dmc_strerror(rc), fail);
	if (rc)
		printf("error: %s: %s\n", err.where, err.msg);
	printf("policy=%s\n", pol_env ? pol_env : "-");
	printf("applied=%u refused=%u weak=%u\n", ovr.napplied, ovr.nrefused,
	       ovr.nweak);
	print_list("applied-list", &ovr.applied);
	print_list("refused-list", &ovr.refused);
	printf("on-error=%d\n", pol.on_error);
	for (i = 0; i < pol.ndomains; i++) {
		d = &pol.dom[i];
		printf("domain %s enabled=%d restricted=0x%llx coherent=0x%llx base=%s0x%llx limit=%s0x%llx\n",
		       d->name, !d->disabled,
		       (unsigned long long)d->restricted_size,
		       (unsigned long long)d->coherent_size,
		       d->has_base ? "" : "none:", (unsigned long long)d->base,
		       d->has_limit ? "" : "none:", (unsigned long long)d->limit);
	}
	free(fdt);
	return 0;
}
