// SPDX-License-Identifier: GPL-2.0+
/*
 * Policy parsing (binding: dts/bindings/dmacage,policy.yaml).
 *
 * The policy decides which devices are confined, so it is parsed strictly:
 * an unknown property or value is an error naming "<domain>/<property>" and
 * the value, never something silently ignored (a typo in "limit" must not
 * quietly widen a window).
 */
#include <dmacage/dmacage.h>
#include <dmacage/field.h>

#define DMC_POLICY_COMPAT	"dmacage,policy"
#define DMC_SZ_16M		(16ULL << 20)
#define DMC_SZ_976M		(976ULL << 20)
/* ARM's largest physical address width; anything above is a typo. */
#define DMC_SIZE_MAX		(1ULL << 52)

int dmc_policy_find(const void *fdt)
{
	int node;

	if (dmc_check_structure(fdt, "policy", NULL))
		return -DMC_E_POLICY;
	node = fdt_path_offset(fdt, "/dmacage");
	if (node >= 0)
		return node;
	node = fdt_node_offset_by_compatible(fdt, -1, DMC_POLICY_COMPAT);
	return node >= 0 ? node : -DMC_E_POLICY;
}

/* Context for one property: where it is, for error messages. */
struct dmc_pctx {
	const void *fdt;
	int node;
	const char *owner;	/* domain name, or the policy node path */
	struct dmc_err *err;
	char where[DMC_PATH_MAX];
};

static const char *dmc_where(struct dmc_pctx *c, const char *prop)
{
	dmc_fmt(c->where, sizeof(c->where), "%s/%s", c->owner, prop);
	return c->where;
}

/*
 * A property that must hold exactly one string. Return: the string, NULL
 * when absent (*ret = 0) or malformed (*ret < 0, error recorded).
 */
static const char *dmc_get_string(struct dmc_pctx *c, const char *prop,
				  int *ret)
{
	const char *s;
	int len;

	*ret = 0;
	s = fdt_getprop(c->fdt, c->node, prop, &len);
	if (!s)
		return NULL;
	if (len < 2 || s[len - 1] != '\0' || (int)strlen(s) != len - 1) {
		*ret = dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, prop),
				"must be one non-empty string");
		return NULL;
	}
	return s;
}

/* A <hi lo> value. Return: 1 found, 0 absent, negative on a bad length. */
static int dmc_get_u64(struct dmc_pctx *c, const char *prop, uint64_t *v)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(c->fdt, c->node, prop, &len);
	if (!p)
		return 0;
	if (len != 2 * (int)sizeof(*p))
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, prop),
				"must be a 64-bit value <hi lo> (8 bytes), got %d bytes",
				len);
	*v = ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
	return 1;
}

/* A single u32. Return: 1 found, 0 absent, negative on a bad length. */
static int dmc_get_u32(struct dmc_pctx *c, const char *prop, uint32_t *v)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(c->fdt, c->node, prop, &len);
	if (!p)
		return 0;
	if (len != (int)sizeof(*p))
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, prop),
				"must be one 32-bit cell, got %d bytes", len);
	*v = fdt32_to_cpu(*p);
	return 1;
}

/*
 * Properties DT tooling adds on its own (phandles, U-Boot's pre-relocation
 * tags) are allowed anywhere; everything else must be in @known.
 */
static int dmc_check_props(struct dmc_pctx *c, const char *const *known)
{
	const char *name;
	int off, len;
	unsigned int i;

	fdt_for_each_property_offset(off, c->fdt, c->node) {
		if (!fdt_getprop_by_offset(c->fdt, off, &name, &len))
			return dmc_fail(c->err, -DMC_E_BADFDT, c->owner,
					"cannot read a property");
		if (!strcmp(name, "phandle") || !strcmp(name, "linux,phandle") ||
		    !strncmp(name, "bootph-", 7) || !strncmp(name, "u-boot,", 7))
			continue;
		for (i = 0; known[i]; i++)
			if (!strcmp(name, known[i]))
				break;
		if (!known[i])
			return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, name),
					"unknown property \"%s\"", name);
	}
	return 0;
}

static int dmc_hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* One "DD.F" hop at *@sp; advances *@sp. Return: devfn or -1. */
static int dmc_parse_hop(const char **sp)
{
	const char *s = *sp;
	int dev = 0, fn, n = 0, d;

	while (n < 2 && (d = dmc_hexval(*s)) >= 0) {
		dev = dev * 16 + d;
		s++;
		n++;
	}
	if (!n || dev > 0x1f || *s++ != '.')
		return -1;
	fn = dmc_hexval(*s++);
	if (fn < 0 || fn > 7)
		return -1;
	*sp = s;
	return (dev << 3) | fn;
}

int dmc_parse_endpoint(const char *s, struct dmc_endpoint *ep,
		       struct dmc_err *err)
{
	const char *p = s;
	int devfn;

	ep->nhops = 0;
	for (;;) {
		if (ep->nhops == DMC_MAX_HOPS)
			return dmc_fail(err, -DMC_E_ENDPOINT, s,
					"endpoint \"%s\" has more than %d hops",
					s, DMC_MAX_HOPS);
		devfn = dmc_parse_hop(&p);
		if (devfn < 0)
			return dmc_fail(err, -DMC_E_ENDPOINT, s,
					"endpoint \"%s\": hop %u is not DD.F (hex device 00..1f, function 0..7)",
					s, ep->nhops + 1);
		ep->devfn[ep->nhops++] = (uint8_t)devfn;
		if (*p == '\0')
			return 0;
		if (*p++ != '/')
			return dmc_fail(err, -DMC_E_ENDPOINT, s,
					"endpoint \"%s\": expected '/' between hops",
					s);
	}
}

/*
 * Domain names become pool node names ("<name>-restricted@<addr>"), so
 * they follow the DT spec's node-name rules and carry no unit address.
 */
static bool dmc_valid_domain_name(const char *name)
{
	const char *p;

	if (!((*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z')))
		return false;
	for (p = name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(",._+-", *p))
			continue;
		return false;
	}
	return true;
}

int dmc_policy_check_size(uint64_t v, bool required, const char *where,
			  struct dmc_err *err)
{
	if (required && !v)
		return dmc_fail(err, -DMC_E_POLICY, where,
				"must be greater than 0");
	if (v > DMC_SIZE_MAX)
		return dmc_fail(err, -DMC_E_POLICY, where,
				"0x%llx is larger than 2^52", (unsigned long long)v);
	return 0;
}

int dmc_policy_check_base(uint64_t base, const char *where,
			  struct dmc_err *err)
{
	/* the window base is 2 MiB aligned; a fixed one must be too */
	if (base % DMC_SZ_2M)
		return dmc_fail(err, -DMC_E_POLICY, where,
				"0x%llx is not 2 MiB aligned",
				(unsigned long long)base);
	return 0;
}

static int dmc_parse_size(struct dmc_pctx *c, const char *prop, uint64_t *v,
			  bool required)
{
	int ret;

	ret = dmc_get_u64(c, prop, v);
	if (ret < 0)
		return ret;
	if (!ret) {
		*v = 0;
		if (required)
			return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, prop),
					"required property is missing");
		return 0;
	}
	return dmc_policy_check_size(*v, required, dmc_where(c, prop), c->err);
}

static bool dmc_same_endpoint(const struct dmc_endpoint *a,
			      const struct dmc_endpoint *b)
{
	return a->nhops == b->nhops && !memcmp(a->devfn, b->devfn, a->nhops);
}

static int dmc_parse_endpoints(struct dmc_pctx *c, struct dmc_domain *d)
{
	const char *list, *s;
	unsigned int i;
	int len, ret;

	list = fdt_getprop(c->fdt, c->node, "endpoints", &len);
	d->nendpoints = 0;
	if (!list)
		return 0;
	if (len < 2 || list[len - 1] != '\0')
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "endpoints"),
				"must be a list of non-empty strings");
	for (s = list; s < list + len; s += strlen(s) + 1) {
		if (d->nendpoints == DMC_MAX_ENDPOINTS)
			return dmc_fail(c->err, -DMC_E_TOOMANY,
					dmc_where(c, "endpoints"),
					"more than %d endpoints", DMC_MAX_ENDPOINTS);
		ret = dmc_parse_endpoint(s, &d->ep[d->nendpoints], c->err);
		if (ret) {
			/* keep the message, name the property */
			if (c->err)
				dmc_fmt(c->err->where, sizeof(c->err->where),
					"%s/endpoints", d->name);
			return ret;
		}
		for (i = 0; i < d->nendpoints; i++)
			if (dmc_same_endpoint(&d->ep[i],
					      &d->ep[d->nendpoints]))
				return dmc_fail(c->err, -DMC_E_ENDPOINT,
						dmc_where(c, "endpoints"),
						"endpoint \"%s\" is listed twice", s);
		d->nendpoints++;
	}
	return 0;
}

static int dmc_parse_checker(struct dmc_pctx *c, struct dmc_domain *d)
{
	const fdt32_t *p;
	int ret, len, i;
	uint32_t ph = 0;

	ret = dmc_get_u32(c, "checker", &ph);
	if (ret < 0)
		return ret;
	if (ret && (ph == 0 || ph == 0xffffffff ||
		    fdt_node_offset_by_phandle(c->fdt, ph) < 0))
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "checker"),
				"phandle 0x%x does not name a node", ph);
	d->checker = ph;
	d->nclients = 0;
	p = fdt_getprop(c->fdt, c->node, "clients", &len);
	if (!p)
		return 0;
	if (!d->checker)
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "clients"),
				"clients need a checker");
	if (len == 0 || len % (int)sizeof(*p))
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "clients"),
				"must be a non-empty list of 32-bit cells, got %d bytes",
				len);
	if (len / (int)sizeof(*p) > DMC_MAX_CLIENTS)
		return dmc_fail(c->err, -DMC_E_TOOMANY, dmc_where(c, "clients"),
				"%d clients, at most %d", len / (int)sizeof(*p),
				DMC_MAX_CLIENTS);
	for (i = 0; i < len / (int)sizeof(*p); i++)
		d->clients[d->nclients++] = fdt32_to_cpu(p[i]);
	return 0;
}

static int dmc_parse_status(struct dmc_pctx *c, bool *disabled)
{
	const char *s;
	int ret;

	s = dmc_get_string(c, "status", &ret);
	*disabled = false;
	if (ret || !s)
		return ret;
	if (!strcmp(s, "disabled"))
		*disabled = true;
	else if (strcmp(s, "okay") && strcmp(s, "ok"))
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "status"),
				"\"%s\" is not one of \"okay\", \"disabled\"", s);
	return 0;
}

static int dmc_parse_host(struct dmc_pctx *c, struct dmc_domain *d)
{
	const char *s;
	int ret;

	s = dmc_get_string(c, "host", &ret);
	if (ret)
		return ret;
	if (!s)
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "host"),
				"required property is missing");
	if (s[0] != '/' || strlen(s) >= sizeof(d->host))
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "host"),
				"\"%s\" is not an absolute node path under %d chars",
				s, (int)sizeof(d->host));
	strcpy(d->host, s);
	return 0;
}

static int dmc_parse_place(struct dmc_pctx *c, struct dmc_domain *d)
{
	uint32_t bits = 32;
	int ret;

	ret = dmc_get_u64(c, "base", &d->base);
	if (ret < 0)
		return ret;
	d->has_base = ret;
	if (d->has_base) {
		ret = dmc_policy_check_base(d->base, dmc_where(c, "base"),
					    c->err);
		if (ret)
			return ret;
	}
	ret = dmc_get_u64(c, "limit", &d->limit);
	if (ret < 0)
		return ret;
	d->has_limit = ret;
	if (d->has_limit && !d->limit)
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "limit"),
				"must be greater than 0");
	ret = dmc_get_u32(c, "dma-bits", &bits);
	if (ret < 0)
		return ret;
	if (bits < 1 || bits > 64)
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "dma-bits"),
				"%u is not in 1..64", bits);
	d->dma_bits = bits;
	return 0;
}

/*
 * The MSI doorbell grant: "msi-window" (derive it from the OS DT) or
 * "msi-doorbell" (stated), never both. It is a window for the domain's
 * clients at its checker, so it needs them: without, it would grant
 * nothing and the policy would not say what it means.
 */
static int dmc_parse_msi(struct dmc_pctx *c, struct dmc_domain *d)
{
	const void *p;
	int len, ret;

	d->msi = DMC_MSI_NONE;
	p = fdt_getprop(c->fdt, c->node, "msi-window", &len);
	if (p && len)
		return dmc_fail(c->err, -DMC_E_POLICY,
				dmc_where(c, "msi-window"),
				"is a boolean: it takes no value, got %d bytes",
				len);
	if (p)
		d->msi = DMC_MSI_DERIVE;
	ret = dmc_get_u64(c, "msi-doorbell", &d->msi_doorbell);
	if (ret < 0)
		return ret;
	if (ret && d->msi == DMC_MSI_DERIVE)
		return dmc_fail(c->err, -DMC_E_POLICY,
				dmc_where(c, "msi-doorbell"),
				"and msi-window both given: msi-window derives the doorbell from the OS DT, msi-doorbell states it; give one");
	if (ret && (d->msi_doorbell % 4 || d->msi_doorbell > DMC_SIZE_MAX))
		return dmc_fail(c->err, -DMC_E_POLICY,
				dmc_where(c, "msi-doorbell"),
				"0x%llx is not a 4-byte aligned address below 2^52",
				(unsigned long long)d->msi_doorbell);
	if (ret)
		d->msi = DMC_MSI_FIXED;
	if (d->msi != DMC_MSI_NONE && !d->nclients)
		return dmc_fail(c->err, -DMC_E_POLICY,
				dmc_where(c, d->msi == DMC_MSI_FIXED ?
					  "msi-doorbell" : "msi-window"),
				"the MSI grant is a checker window for the domain's clients; it needs checker and clients");
	return 0;
}

static const char *const dmc_domain_props[] = {
	"host", "restricted-size", "coherent-size", "base", "limit",
	"dma-bits", "endpoints", "checker", "clients", "status",
	"msi-window", "msi-doorbell", "checker-optional",
	"restricted-size-range", "coherent-size-range", "placement-range",
	NULL
};

static int dmc_parse_domain(const void *fdt, int node, struct dmc_domain *d,
			    struct dmc_err *err)
{
	struct dmc_pctx c = { .fdt = fdt, .node = node, .err = err };
	const char *name;
	int len, ret;

	memset(d, 0, sizeof(*d));
	name = fdt_get_name(fdt, node, &len);
	if (!name)
		return dmc_fail(err, -DMC_E_BADFDT, "policy",
				"cannot read a domain node name");
	if (len >= DMC_NAME_MAX || !dmc_valid_domain_name(name))
		return dmc_fail(err, -DMC_E_POLICY, name,
				"domain name \"%s\" is not a DT node name of 1..%d characters [A-Za-z0-9,._+-] starting with a letter",
				name, DMC_NAME_MAX - 1);
	strcpy(d->name, name);
	c.owner = d->name;

	ret = dmc_check_props(&c, dmc_domain_props);
	if (!ret)
		ret = dmc_parse_host(&c, d);
	if (!ret)
		ret = dmc_parse_size(&c, "restricted-size", &d->restricted_size,
				     true);
	if (!ret)
		ret = dmc_parse_size(&c, "coherent-size", &d->coherent_size,
				     false);
	if (!ret)
		ret = dmc_parse_place(&c, d);
	if (!ret)
		ret = dmc_parse_endpoints(&c, d);
	if (!ret)
		ret = dmc_parse_checker(&c, d);
	if (!ret)
		ret = dmc_parse_status(&c, &d->disabled);
	if (!ret)
		ret = dmc_parse_msi(&c, d);
	if (!ret)
		ret = dmc_field_parse(fdt, node, d, err);
	return ret;
}

static const char *const dmc_policy_props[] = {
	"compatible", "on-error", "os-arch", "vmalloc-size", NULL
};

static int dmc_parse_top(struct dmc_pctx *c, struct dmc_policy *pol)
{
	const char *s;
	int ret;

	if (fdt_node_check_compatible(c->fdt, c->node, DMC_POLICY_COMPAT))
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "compatible"),
				"the policy node must be compatible with \"%s\"",
				DMC_POLICY_COMPAT);
	ret = dmc_check_props(c, dmc_policy_props);
	if (ret)
		return ret;

	pol->on_error = DMC_ON_ERROR_DISABLE;
	s = dmc_get_string(c, "on-error", &ret);
	if (ret)
		return ret;
	if (s && !strcmp(s, "halt"))
		pol->on_error = DMC_ON_ERROR_HALT;
	else if (s && !strcmp(s, "warn"))
		pol->on_error = DMC_ON_ERROR_WARN;
	else if (s && strcmp(s, "disable"))
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "on-error"),
				"\"%s\" is not one of \"disable\", \"halt\", \"warn\"",
				s);

	pol->arch = DMC_ARCH_UNSET;
	s = dmc_get_string(c, "os-arch", &ret);
	if (ret)
		return ret;
	if (s && !strcmp(s, "arm"))
		pol->arch = DMC_ARCH_ARM;
	else if (s && !strcmp(s, "arm64"))
		pol->arch = DMC_ARCH_ARM64;
	else if (s)
		return dmc_fail(c->err, -DMC_E_POLICY, dmc_where(c, "os-arch"),
				"\"%s\" is not one of \"arm\", \"arm64\"", s);

	ret = dmc_get_u64(c, "vmalloc-size", &pol->vmalloc_size);
	if (ret < 0)
		return ret;
	pol->has_vmalloc = ret;
	/* Linux would clamp silently; a policy asking for it is a mistake */
	if (pol->has_vmalloc && (pol->vmalloc_size < DMC_SZ_16M ||
				 pol->vmalloc_size > DMC_SZ_976M))
		return dmc_fail(c->err, -DMC_E_POLICY,
				dmc_where(c, "vmalloc-size"),
				"%H is outside 16 MiB..976 MiB, the range Linux accepts",
				pol->vmalloc_size);
	return 0;
}

/*
 * Two domains must not claim the same node: Linux uses only the first
 * restricted pool in a memory-region, so the second domain would silently
 * be confined to the first one's window (or not at all).
 */
static int dmc_check_overlap(const struct dmc_policy *pol,
			     const struct dmc_domain *d, struct dmc_err *err)
{
	const struct dmc_domain *o;
	char where[DMC_PATH_MAX];
	unsigned int i, j, k;

	for (i = 0; i < pol->ndomains; i++) {
		o = &pol->dom[i];
		/* a client has one window at a checker: it cannot be in two */
		for (j = 0; d->checker && o->checker == d->checker &&
		     j < d->nclients; j++)
			for (k = 0; k < o->nclients; k++)
				if (d->clients[j] == o->clients[k]) {
					dmc_fmt(where, sizeof(where),
						"%s/clients", d->name);
					return dmc_fail(err, -DMC_E_POLICY,
							where,
							"client %u is also domain %s's at the same checker; it would get both windows",
							d->clients[j], o->name);
				}
		if (strcmp(o->host, d->host))
			continue;
		dmc_fmt(where, sizeof(where), "%s/host", d->name);
		if (!o->nendpoints || !d->nendpoints)
			return dmc_fail(err, -DMC_E_POLICY, where,
					"host %s is also domain %s's, and one of them is in host-bridge form",
					d->host, o->name);
		for (j = 0; j < d->nendpoints; j++)
			for (k = 0; k < o->nendpoints; k++)
				if (dmc_same_endpoint(&d->ep[j], &o->ep[k]))
					return dmc_fail(err, -DMC_E_POLICY,
							where,
							"endpoint %u of %s is also in domain %s",
							j + 1, d->host, o->name);
	}
	return 0;
}

int dmc_policy_parse(const void *fdt, int node, struct dmc_policy *pol,
		     struct dmc_err *err)
{
	struct dmc_pctx c = { .fdt = fdt, .node = node, .err = err };
	char path[DMC_PATH_MAX];
	int child, ret;

	ret = dmc_check_structure(fdt, "policy", err);
	if (ret)
		return ret;
	if (fdt_get_path(fdt, node, path, sizeof(path)))
		return dmc_fail(err, -DMC_E_POLICY, "policy",
				"node offset %d is not a node", node);
	c.owner = path;
	memset(pol, 0, sizeof(*pol));
	ret = dmc_parse_top(&c, pol);
	if (ret)
		return ret;

	fdt_for_each_subnode(child, fdt, node) {
		if (pol->ndomains == DMC_MAX_DOMAINS)
			return dmc_fail(err, -DMC_E_TOOMANY, path,
					"more than %d domains", DMC_MAX_DOMAINS);
		ret = dmc_parse_domain(fdt, child, &pol->dom[pol->ndomains],
				       err);
		if (!ret)
			ret = dmc_check_overlap(pol, &pol->dom[pol->ndomains],
						err);
		if (ret)
			return ret;
		pol->ndomains++;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return dmc_fail(err, -DMC_E_BADFDT, path,
				"cannot walk the domain nodes: %s",
				fdt_strerror(child));
	return 0;
}
