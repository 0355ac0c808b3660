// SPDX-License-Identifier: GPL-2.0+
/*
 * The OS device-tree fixup: pools under /reserved-memory, memory-region on
 * the host bridge or the endpoints, the on-error treatment and the record
 * under /chosen/dmacage.
 *
 * It works in phases. The structure gate checks the input, fx_read() finds
 * the nodes the edits go to, and fx_prepare() validates the rest and
 * builds a small table of edits: nothing is written yet, so every input
 * error is found before any output exists. fx_emit() then writes the
 * result into the scratch copy in one linear pass (lib/dmacage/fdtw.c),
 * copying the input's tags as they are and injecting the edits, and the
 * rules checker judges the copy's own bytes (fx_verify()). Only a result
 * that passes is copied back over the input, which makes the fixup
 * all-or-nothing.
 */
#include <dmacage/dmacage.h>
#include <dmacage/fdtutil.h>
#include <dmacage/fdtw.h>
#include "check.h"

#define FX_MAX_SITES	(DMC_MAX_DOMAINS * (DMC_MAX_ENDPOINTS + 3) + 4)
#define FX_MAX_NEW	(DMC_MAX_DOMAINS * DMC_MAX_ENDPOINTS * DMC_MAX_HOPS)
#define FX_MAX_MR	16	/* memory-region phandles we keep per node */
#define FX_NONE		(-1)

/* A memory-region value to write. */
struct fx_mr {
	unsigned int n;
	fdt32_t ph[FX_MAX_MR];
};

/**
 * struct fx_site - an input node that receives changes
 * @offset:	node offset in the input
 * @mr:		index in fx.mr of its new memory-region, or FX_NONE
 * @disable:	write status = "disabled"
 * @skip:	drop the node and its subtree (our old pools and record)
 * @first_new:	first new child in fx.nw (linked through @next), or FX_NONE
 */
struct fx_site {
	int offset;
	int mr;
	bool disable;
	bool skip;
	int first_new;
};

/**
 * struct fx_new - a PCI node the fixup creates (endpoint form)
 * @parent_new:	parent in fx.nw, or FX_NONE when the parent is an input node
 * @devfn:	device/function
 * @bus:	bus number encoded in reg
 * @sec_bus:	secondary bus of a bridge node (bus-range)
 * @bridge:	an intermediate hop (gets the pci-bridge properties)
 * @mr:		index in fx.mr, or FX_NONE
 * @first_new:	first child, @next: next sibling (FX_NONE terminated)
 */
struct fx_new {
	int parent_new;
	uint8_t devfn;
	uint32_t bus;
	uint32_t sec_bus;
	bool bridge;
	int mr;
	int first_new;
	int next;
};

/* Per-domain facts the emitter needs. */
struct fx_dom {
	uint32_t rph;		/* restricted pool phandle (0: none) */
	uint32_t cph;		/* coherent pool phandle (0: none) */
	const char *state;	/* record state string */
};

/* A site whose subnodes the emit pass is copying, and where it ends. */
struct fx_open {
	int site;	/* index in fx.site */
	int end;
};

/* A site's properties while the emit pass copies them. */
struct fx_frame {
	const struct fx_site *site;
	bool mr_done;
	bool status_done;
};

/* One dmc_apply(): its inputs, what it read of the OS DT, and its edits. */
struct fx {
	const void *in;
	const struct dmc_policy *pol;
	const struct dmc_plan *plan;
	struct dmc_err *err;
	int resmem;		/* input /reserved-memory or < 0 */
	int chosen;		/* input /chosen or < 0 */
	int record;		/* an earlier run's record, or < 0 */
	int root_end;		/* the root's END_NODE in the input */
	uint32_t max_phandle;	/* largest phandle in the input */
	int host[DMC_MAX_DOMAINS];		/* as dmc_host_offset() */
	int root_ac, root_sc;
	uint32_t next_phandle;
	uint32_t next_bus;
	unsigned int nsites;
	struct fx_site site[FX_MAX_SITES];	/* sorted by offset */
	unsigned int nnew;
	struct fx_new nw[FX_MAX_NEW];
	unsigned int nmr;
	struct fx_mr mr[DMC_MAX_DOMAINS * DMC_MAX_ENDPOINTS];
	struct fx_dom dom[DMC_MAX_DOMAINS];
	/* Memory each phase needs only while it runs. */
	union {
		/* the emit pass: the output, and its open sites, innermost last */
		struct {
			struct dmc_fdtw w;
			struct fx_open open[FX_MAX_SITES];
		};
		/* fx_verify(), which runs after the emit */
		struct {
			struct chk chk;
			struct dmc_finding first;
		};
	};
	const char *hosts[DMC_MAX_DOMAINS];	/* fx_verify()'s scope */
	int out_host[DMC_MAX_DOMAINS];		/* ... those hosts in the output */
	uint32_t pools[2 * DMC_MAX_DOMAINS];	/* ... and our pools in it */
	struct dmc_check_opts chk_opts;		/* fx_verify()'s checker */
	bool failed;				/* fx_verify(): @first is set */
};

_Static_assert(sizeof(struct fx) <= sizeof(struct dmc_fixup_ws),
	       "DMC_FIXUP_WS_SIZE is too small for struct fx");

/* ----------------------------------------------------------------- */
/* Phase 1: read and validate                                         */

static struct fx_site *fx_site_find(struct fx *fx, int offset)
{
	unsigned int lo = 0, hi = fx->nsites;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (fx->site[mid].offset == offset)
			return &fx->site[mid];
		if (fx->site[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The site for @offset, added in sorted position if new. */
static struct fx_site *fx_site(struct fx *fx, int offset)
{
	struct fx_site *s = fx_site_find(fx, offset);
	unsigned int i;

	if (s)
		return s;
	if (fx->nsites == FX_MAX_SITES)
		return NULL;
	for (i = fx->nsites; i > 0 && fx->site[i - 1].offset > offset; i--)
		fx->site[i] = fx->site[i - 1];
	fx->site[i] = (struct fx_site){ .offset = offset, .mr = FX_NONE,
					.first_new = FX_NONE };
	fx->nsites++;
	return &fx->site[i];
}

static int fx_site_or_fail(struct fx *fx, int offset, struct fx_site **s)
{
	*s = fx_site(fx, offset);
	if (!*s)
		return dmc_fail(fx->err, -DMC_E_TOOMANY, "fixup",
				"more than %d nodes to change", FX_MAX_SITES);
	return 0;
}

/* @dir: "" for the node name, "/reserved-memory/" for its path */
static void fx_pool_name(char *buf, size_t size, const char *dir,
			 const char *dom, const char *kind, uint64_t base)
{
	dmc_fmt(buf, size, "%s%s-%s@%llx", dir, dom, kind,
		(unsigned long long)base);
}

/*
 * Our pools from an earlier run (those its record lists) are dropped and
 * written again, keeping their phandles, so that a second run gives the
 * same bytes and references from elsewhere stay valid.
 */
static int fx_reuse_pool(struct fx *fx, const char *dom, const char *kind,
			 const char *compat, uint32_t *phandle)
{
	size_t dl = strlen(dom), kl = strlen(kind);
	struct fx_site *s;
	const char *name;
	int node, ret;

	*phandle = 0;
	/* (libfdt would walk the whole tree for a negative parent) */
	node = fx->resmem < 0 ? -FDT_ERR_NOTFOUND :
	       fdt_first_subnode(fx->in, fx->resmem);
	for (; node >= 0; node = fdt_next_subnode(fx->in, node)) {
		name = fdt_get_name(fx->in, node, NULL);
		if (!name || strncmp(name, dom, dl) || name[dl] != '-' ||
		    strncmp(name + dl + 1, kind, kl) || name[dl + 1 + kl] != '@' ||
		    fdt_node_check_compatible(fx->in, node, compat) ||
		    !dmc_record_has_pool(fx->in, fx->record, node))
			continue;
		ret = fx_site_or_fail(fx, node, &s);
		if (ret)
			return ret;
		s->skip = true;
		if (!*phandle)
			*phandle = dmc_phandle(fx->in, node);
	}
	if (!*phandle)
		*phandle = fx->next_phandle++;
	return node == -FDT_ERR_NOTFOUND ? 0 :
	       dmc_fail(fx->err, -DMC_E_BADFDT, "/reserved-memory",
			"cannot read its children: %s", fdt_strerror(node));
}

/*
 * The /reserved-memory child with phandle @ph, or < 0. Linux attaches only
 * reserved-memory nodes, so only they can conflict, and the container's
 * few children are much cheaper to search than the whole tree.
 */
static int fx_pool_by_phandle(const struct fx *fx, uint32_t ph)
{
	int node;

	if (fx->resmem < 0)
		return -FDT_ERR_NOTFOUND;
	fdt_for_each_subnode(node, fx->in, fx->resmem)
		if (dmc_phandle(fx->in, node) == ph)
			return node;
	return -FDT_ERR_NOTFOUND;
}

/*
 * Every pool the earlier run's record lists goes, also those this run
 * does not write again (a coherent pool the new policy has no size for, a
 * domain renamed or removed): they would stay reserved and listed.
 */
static int fx_drop_recorded(struct fx *fx)
{
	struct fx_site *s;
	int node, ret;

	if (fx->resmem < 0 || fx->record < 0)
		return 0;
	fdt_for_each_subnode(node, fx->in, fx->resmem) {
		if (!dmc_record_has_pool(fx->in, fx->record, node))
			continue;
		ret = fx_site_or_fail(fx, node, &s);
		if (ret)
			return ret;
		s->skip = true;
	}
	return 0;
}

/*
 * Is @ph one of the phandles this run writes for any domain, or a pool of
 * an earlier run that this one drops? Either way, not kept in a list.
 */
static bool fx_is_ours(const struct fx *fx, uint32_t ph)
{
	const struct fx_site *s;
	unsigned int i;
	int pool;

	if (!ph)
		return false;
	for (i = 0; i < fx->plan->nwin; i++)
		if (ph == fx->dom[i].rph || ph == fx->dom[i].cph)
			return true;
	pool = fx_pool_by_phandle(fx, ph);
	s = pool < 0 ? NULL : fx_site_find((struct fx *)fx, pool);
	return s && s->skip;
}

/* A fresh, empty memory-region value; NULL (and fx->err set) when full. */
static struct fx_mr *fx_alloc_mr(struct fx *fx, int *idx)
{
	if (fx->nmr == sizeof(fx->mr) / sizeof(fx->mr[0])) {
		dmc_fail(fx->err, -DMC_E_TOOMANY, "fixup",
			 "too many memory-region properties to write");
		return NULL;
	}
	*idx = (int)fx->nmr++;
	fx->mr[*idx].n = 0;
	return &fx->mr[*idx];
}

/* Ours go last, restricted first: Linux uses the first restricted pool. */
static void fx_append_ours(struct fx_mr *mr, const struct fx_dom *fd)
{
	mr->ph[mr->n++] = cpu_to_fdt32(fd->rph);
	if (fd->cph)
		mr->ph[mr->n++] = cpu_to_fdt32(fd->cph);
}

/* The path of @node for a message; only failures pay for the walk. */
static const char *fx_where(const struct fx *fx, int node, char *buf,
			    int size)
{
	if (fdt_get_path(fx->in, node, buf, size))
		dmc_fmt(buf, size, "(node at offset %d)", node);
	return buf;
}

/*
 * memory-region for input node @node: the entries it has, minus ours, then
 * ours. An existing entry naming another available restricted pool is a
 * conflict: Linux would use whichever comes first and ignore the other.
 */
static int fx_build_mr(struct fx *fx, int node, unsigned int d, int *idx)
{
	char path[DMC_PATH_MAX];
	const fdt32_t *cells;
	struct fx_mr *mr;
	int len, i, pool;
	uint32_t ph;

	mr = fx_alloc_mr(fx, idx);
	if (!mr)
		return -DMC_E_TOOMANY;
	cells = fdt_getprop(fx->in, node, "memory-region", &len);
	if (cells && len % 4)
		return dmc_fail(fx->err, -DMC_E_BADFDT,
				fx_where(fx, node, path, sizeof(path)),
				"memory-region is %d bytes, not whole cells",
				len);
	for (i = 0; cells && i < len / 4; i++) {
		ph = fdt32_to_cpu(cells[i]);
		if (fx_is_ours(fx, ph))
			continue;
		/*
		 * Linux stops at the first available restricted pool it
		 * resolves to, wherever it is: one outside /reserved-memory
		 * is never attached, and ours after it is never reached.
		 */
		pool = fx_pool_by_phandle(fx, ph);
		if (pool < 0)
			pool = dmc_node_by_phandle(fx->in, ph);
		if (pool >= 0 && dmc_node_available(fx->in, pool) &&
		    dmc_compatible(fx->in, pool, "restricted-dma-pool"))
			return dmc_fail(fx->err, -DMC_E_CONFLICT,
					fx_where(fx, node, path, sizeof(path)),
					"memory-region already names restricted pool %s (phandle 0x%x); Linux uses only the first one, so domain %s cannot add its own",
					fdt_get_name(fx->in, pool, NULL), ph,
					fx->pol->dom[d].name);
		if (mr->n + 2 >= FX_MAX_MR)
			return dmc_fail(fx->err, -DMC_E_TOOMANY,
					fx_where(fx, node, path, sizeof(path)),
					"memory-region has more than %d entries",
					FX_MAX_MR - 2);
		mr->ph[mr->n++] = cells[i];
	}
	fx_append_ours(mr, &fx->dom[d]);
	return 0;
}

static int fx_set_mr(struct fx *fx, int node, unsigned int d)
{
	struct fx_site *s;
	int ret;

	ret = fx_site_or_fail(fx, node, &s);
	if (ret)
		return ret;
	if (s->mr != FX_NONE)
		return dmc_fail(fx->err, -DMC_E_CONFLICT, fx->pol->dom[d].name,
				"two domains write memory-region on the same node");
	return fx_build_mr(fx, node, d, &s->mr);
}

/* Bus number of the children of input node @node. */
static uint32_t fx_child_bus(const struct fx *fx, int node)
{
	const fdt32_t *br;
	int len;

	br = fdt_getprop(fx->in, node, "bus-range", &len);
	return br && len >= 8 ? fdt32_to_cpu(br[0]) : 0;
}

/* The new child @devfn of (input node @node | new node @pnew), made once. */
static int fx_new_child(struct fx *fx, int node, int pnew, uint8_t devfn,
			int *out)
{
	struct fx_site *s;
	struct fx_new *n;
	int *link, i, ret;

	if (pnew == FX_NONE) {
		ret = fx_site_or_fail(fx, node, &s);
		if (ret)
			return ret;
		link = &s->first_new;
	} else {
		link = &fx->nw[pnew].first_new;
	}
	for (i = *link; i != FX_NONE; i = fx->nw[i].next) {
		if (fx->nw[i].devfn == devfn) {
			*out = i;
			return 0;
		}
	}
	if (fx->nnew == FX_MAX_NEW)
		return dmc_fail(fx->err, -DMC_E_TOOMANY, "fixup",
				"more than %d PCI nodes to create", FX_MAX_NEW);
	i = (int)fx->nnew++;
	n = &fx->nw[i];
	*n = (struct fx_new){ .parent_new = pnew, .devfn = devfn,
			      .mr = FX_NONE, .first_new = FX_NONE,
			      .next = FX_NONE };
	n->bus = pnew == FX_NONE ? fx_child_bus(fx, node) :
		 fx->nw[pnew].sec_bus;
	while (*link != FX_NONE)
		link = &fx->nw[*link].next;
	*link = i;
	*out = i;
	return 0;
}

/*
 * Endpoint form: follow the chain hop by hop the way Linux matches nodes,
 * and create only the nodes that are missing.
 */
static int fx_endpoint(struct fx *fx, unsigned int d, int host,
		       const struct dmc_endpoint *ep)
{
	int node = host, pnew = FX_NONE, ret, i;
	struct fx_mr *mr;
	unsigned int h;

	for (h = 0; h < ep->nhops; h++) {
		if (pnew == FX_NONE) {
			ret = dmc_pci_find_child(fx->in, node, ep->devfn[h]);
			if (ret >= 0) {
				node = ret;
				continue;
			}
			if (ret != -FDT_ERR_NOTFOUND)
				return dmc_fail(fx->err, -DMC_E_BADFDT,
						fx->pol->dom[d].host,
						"cannot read PCI children: %s",
						fdt_strerror(ret));
		}
		ret = fx_new_child(fx, node, pnew, ep->devfn[h], &i);
		if (ret)
			return ret;
		if (h + 1 < ep->nhops && !fx->nw[i].bridge) {
			fx->nw[i].bridge = true;
			fx->nw[i].sec_bus = ++fx->next_bus;
		}
		pnew = i;
	}
	if (pnew == FX_NONE)
		return fx_set_mr(fx, node, d);
	if (fx->nw[pnew].mr != FX_NONE)
		return dmc_fail(fx->err, -DMC_E_CONFLICT, fx->pol->dom[d].name,
				"two endpoints name the same new node");
	mr = fx_alloc_mr(fx, &fx->nw[pnew].mr);
	if (!mr)
		return -DMC_E_TOOMANY;
	fx_append_ours(mr, &fx->dom[d]);
	return 0;
}

/*
 * Linux probes every available node, not the first of a name: with two
 * siblings named alike on the host's path, dmacage would confine the one
 * fdt_path_offset() finds while Linux also runs the other. Which one the
 * policy means cannot be told, so the domain is refused.
 */
static int fx_host_unique(struct fx *fx, unsigned int d, int host)
{
	char path[DMC_PATH_MAX];
	const char *name;
	int node, parent, sib, n;

	for (node = host; node > 0; node = parent) {
		parent = fdt_parent_offset(fx->in, node);
		if (parent < 0)
			break;
		name = fdt_get_name(fx->in, node, NULL);
		n = 0;
		fdt_for_each_subnode(sib, fx->in, parent) {
			const char *s = fdt_get_name(fx->in, sib, NULL);

			if (sib != node && s && name && !strcmp(s, name) &&
			    dmc_node_available(fx->in, sib))
				n++;
		}
		if (n)
			return dmc_fail(fx->err, -DMC_E_NOHOST,
					fx_where(fx, node, path, sizeof(path)),
					"%d more available sibling node(s) have this name; Linux runs each, so domain %s cannot say which to confine",
					n, fx->pol->dom[d].name);
	}
	return 0;
}

/*
 * Host-bridge form. Linux takes a PCI device's memory-region from its own
 * node when that has a non-empty list (of_dma_set_restricted_buffer()),
 * and only otherwise from the host: every node below the host with a list
 * of its own gets the pools too, or the device it stands for would run
 * unrestricted (or through another pool, which fx_build_mr() refuses).
 */
static int fx_host_form(struct fx *fx, unsigned int d, int host)
{
	int node, depth = 0, len, ret;

	ret = fx_set_mr(fx, host, d);
	for (node = fdt_next_node(fx->in, host, &depth); !ret && node >= 0 &&
	     depth > 0; node = fdt_next_node(fx->in, node, &depth)) {
		if (fdt_getprop(fx->in, node, "memory-region", &len) &&
		    len > 0 && !(len % 4))
			ret = fx_set_mr(fx, node, d);
	}
	return ret;
}

/*
 * Did the earlier run whose record is in the input disable @host (its
 * on-error "disable")? Its status then no longer says what the board
 * wants, and a record of "confined" would name a host Linux never runs.
 */
static bool fx_disabled_before(const struct fx *fx, const char *host,
			       int node)
{
	const char *v;
	int dom, len;

	if (fx->record < 0 || dmc_node_available(fx->in, node))
		return false;
	fdt_for_each_subnode(dom, fx->in, fx->record) {
		v = fdt_getprop(fx->in, dom, "host", &len);
		if (!v || len <= 0 || strnlen(v, len) == (size_t)len ||
		    strcmp(v, host))
			continue;
		v = fdt_getprop(fx->in, dom, "state", &len);
		if (v && len == sizeof("disabled") &&
		    !memcmp(v, "disabled", len))
			return true;
	}
	return false;
}

static const char *fx_state(const struct dmc_policy *pol,
			    const struct dmc_window *w)
{
	if (w->state == DMC_DOM_PLANNED)
		return "confined";
	if (w->state == DMC_DOM_OFF)
		return "off";
	return pol->on_error == DMC_ON_ERROR_WARN ? "unconfined" : "disabled";
}

static int fx_domain(struct fx *fx, unsigned int d)
{
	const struct dmc_domain *dom = &fx->pol->dom[d];
	const struct dmc_window *w = &fx->plan->win[d];
	struct fx_site *s;
	unsigned int e;
	int host, ret;

	fx->dom[d].state = fx_state(fx->pol, w);
	host = fx->host[d];
	if (w->state != DMC_DOM_PLANNED) {
		/* Fail closed: a device we could not confine must not run. */
		if (!strcmp(fx->dom[d].state, "unconfined"))
			return 0;
		/*
		 * But only a host bridge is ours to disable: a policy naming
		 * /memory or a root port must not switch that off. The record
		 * then says unconfined, which is the truth about whatever
		 * device the policy meant.
		 */
		if (host == -DMC_E_NOHOST) {
			fx->dom[d].state = "unconfined";
			return 0;
		}
		if (host < 0)
			return 0;
		ret = fx_site_or_fail(fx, host, &s);
		if (!ret)
			s->disable = true;
		return ret;
	}
	if (host < 0)
		return dmc_fail(fx->err, -DMC_E_NOHOST, dom->host,
				host == -DMC_E_NOHOST ?
				"not a PCI host bridge (device_type \"pci\" under a non-PCI parent)" :
				"no such node in the OS DT");
	if (!w->restricted_size || w->base + w->size < w->base)
		return dmc_fail(fx->err, -DMC_E_INTERNAL, dom->name,
				"planned window is empty or wraps");
	ret = fx_host_unique(fx, d, host);
	if (ret)
		return ret;
	if (fx_disabled_before(fx, dom->host, host))
		return dmc_fail(fx->err, -DMC_E_CONFLICT, dom->host,
				"an earlier dmacage run disabled this host (on-error \"disable\") and its original status is lost; apply to the OS DT from before that run");
	if (!dom->nendpoints)
		return fx_host_form(fx, d, host);
	for (e = 0; e < dom->nendpoints; e++) {
		ret = fx_endpoint(fx, d, host, &dom->ep[e]);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * A node the fixup drops (our old record or pools) must hold none that
 * it changes: the change would go with it, and a host bridge would leave
 * the tree while the record called it confined.
 */
static int fx_check_dropped(struct fx *fx)
{
	char path[DMC_PATH_MAX], in[DMC_PATH_MAX];
	unsigned int i, j;
	int end;

	for (i = 0; i < fx->nsites; i++) {
		if (!fx->site[i].skip)
			continue;
		end = dmc_skip_subtree(fx->in, fx->site[i].offset);
		for (j = i + 1; j < fx->nsites && fx->site[j].offset < end; j++)
			if (!fx->site[j].skip)
				return dmc_fail(fx->err, -DMC_E_CONFLICT,
						fx_where(fx, fx->site[j].offset,
							 path, sizeof(path)),
						"lies inside %s, which the fixup replaces",
						fx_where(fx, fx->site[i].offset,
							 in, sizeof(in)));
	}
	return 0;
}

/* Index of @host in @hosts[0..@n), or @n */
static unsigned int fx_host_find(const char *const *hosts, unsigned int n,
				 const char *host)
{
	unsigned int h;

	for (h = 0; h < n; h++)
		if (!strcmp(hosts[h], host))
			break;
	return h;
}

/*
 * What the fixup reads of its input, past the structure gate: where the
 * host bridges, /reserved-memory and /chosen are (the first root children
 * that fdt_subnode_offset() finds), where the root ends, and the largest
 * phandle in use.
 */
static void fx_read(struct fx *fx)
{
	unsigned int d;
	int next;

	fx->resmem = fdt_subnode_offset(fx->in, 0, "reserved-memory");
	fx->chosen = fdt_subnode_offset(fx->in, 0, "chosen");
	/* the gate accepts a lone FDT_END; every edit needs the root */
	fx->root_end = -FDT_ERR_NOTFOUND;
	if (dmc_next_tag(fx->in, 0, &next) == FDT_BEGIN_NODE)
		fx->root_end = dmc_skip_subtree(fx->in, 0) - (int)FDT_TAGSIZE;
	fx->max_phandle = dmc_max_phandle(fx->in);
	for (d = 0; d < fx->pol->ndomains && d < DMC_MAX_DOMAINS; d++)
		fx->host[d] = dmc_host_offset(fx->in, fx->pol->dom[d].host);
}

/*
 * What fx_verify() judges: the hosts of the planned domains, each once
 * (domains may share one in endpoint form), /reserved-memory and /memory.
 * Unconfined on purpose ("warn") or disabled is not our claim.
 */
static void fx_scope(struct fx *fx)
{
	struct dmc_check_opts *o = &fx->chk_opts;
	const char *host;
	unsigned int d;

	*o = (struct dmc_check_opts){
		.arch = fx->plan->arch,
		.errors_only = true,
		.hosts = fx->hosts,
		/* the memory the windows were placed in, not a placeholder */
		.dram = fx->plan->ndram ? fx->plan->dram : NULL,
		.ndram = fx->plan->ndram,
	};
	for (d = 0; d < fx->pol->ndomains && d < fx->plan->nwin; d++) {
		host = fx->pol->dom[d].host;
		if (fx->plan->win[d].state != DMC_DOM_PLANNED ||
		    fx_host_find(o->hosts, o->nhosts, host) < o->nhosts)
			continue;
		fx->hosts[o->nhosts++] = host;
	}
}

/* fx_verify() judges only our pools: a board's own is not our claim. */
static void fx_scope_pools(struct fx *fx)
{
	struct dmc_check_opts *o = &fx->chk_opts;
	unsigned int d;

	o->pools = fx->pools;
	o->npools = 0;
	for (d = 0; d < fx->plan->nwin && d < DMC_MAX_DOMAINS; d++) {
		if (fx->plan->win[d].state != DMC_DOM_PLANNED)
			continue;
		if (fx->dom[d].rph)
			fx->pools[o->npools++] = fx->dom[d].rph;
		if (fx->dom[d].cph)
			fx->pools[o->npools++] = fx->dom[d].cph;
	}
}

static int fx_prepare(struct fx *fx)
{
	const struct dmc_window *w;
	unsigned int d;
	struct fx_site *s;
	int ret, node;

	/* the gate accepts a lone FDT_END; every edit needs the root */
	if (fx->root_end < 0)
		return dmc_fail(fx->err, -DMC_E_BADFDT, "OS DT",
				"no root node");
	if (fx->plan->nwin != fx->pol->ndomains)
		return dmc_fail(fx->err, -DMC_E_INTERNAL, "fixup",
				"plan has %u domains, policy %u",
				fx->plan->nwin, fx->pol->ndomains);
	fx_scope(fx);
	ret = dmc_root_cells(fx->in, &fx->root_ac, &fx->root_sc);
	if (ret)
		return dmc_fail(fx->err, ret, "/", "malformed #address-cells or #size-cells");
	ret = fx->resmem < 0 ? 0 :
	      dmc_resmem_container_check(fx->in, fx->resmem, fx->err);
	if (ret)
		return ret;
	fx->next_phandle = fx->max_phandle + 1;
	if (fx->next_phandle == 0 || fx->next_phandle == 1 + FDT_MAX_PHANDLE)
		return dmc_fail(fx->err, -DMC_E_BADFDT, "OS DT",
				"phandles are exhausted or malformed");

	/* The root always changes: record, maybe new containers. */
	ret = fx_site_or_fail(fx, 0, &s);
	if (ret)
		return ret;
	fx->record = dmc_record_of(fx->in, fx->chosen);
	for (d = 0; d < fx->plan->nwin; d++) {
		w = &fx->plan->win[d];
		if (w->state != DMC_DOM_PLANNED)
			continue;
		ret = fx_reuse_pool(fx, fx->pol->dom[d].name, "restricted",
				    "restricted-dma-pool", &fx->dom[d].rph);
		if (!ret && w->coherent_size)
			ret = fx_reuse_pool(fx, fx->pol->dom[d].name,
					    "coherent", "shared-dma-pool",
					    &fx->dom[d].cph);
		if (ret)
			return ret;
	}
	if (fx->resmem >= 0) {
		ret = fx_site_or_fail(fx, fx->resmem, &s);
		if (ret)
			return ret;
	}
	if (fx->chosen >= 0) {
		ret = fx_site_or_fail(fx, fx->chosen, &s);
		if (ret)
			return ret;
		node = fdt_subnode_offset(fx->in, fx->chosen, "dmacage");
		if (node >= 0) {
			ret = fx_site_or_fail(fx, node, &s);
			if (ret)
				return ret;
			s->skip = true;
		}
	}
	ret = fx_drop_recorded(fx);
	if (ret)
		return ret;
	for (d = 0; d < fx->plan->nwin; d++) {
		ret = fx_domain(fx, d);
		if (ret)
			return ret;
	}
	fx_scope_pools(fx);
	return fx_check_dropped(fx);
}

/* ----------------------------------------------------------------- */
/* Phase 2: write the result in one pass                              */

/* Writer results (libfdt codes) become ours; only space is expected. */
static int fx_sw(struct fx *fx, int ret)
{
	if (ret >= 0)
		return 0;
	if (ret == -FDT_ERR_NOSPACE)
		return dmc_fail(fx->err, -DMC_E_NOSPACE, "output",
				"the output buffer is too small for the patched DT");
	return dmc_fail(fx->err, -DMC_E_INTERNAL, "output",
			"writing the patched DT failed: %s", fdt_strerror(ret));
}

static int fx_prop_string(struct fx *fx, const char *name, const char *v)
{
	return dmc_fdtw_property(&fx->w, name, v, strlen(v) + 1);
}

static int fx_prop_u32(struct fx *fx, const char *name, uint32_t v)
{
	fdt32_t c = cpu_to_fdt32(v);

	return dmc_fdtw_property(&fx->w, name, &c, sizeof(c));
}

static int fx_prop_regpair(struct fx *fx, uint64_t base,
			   uint64_t size, int ac, int sc)
{
	fdt32_t c[4];
	int n = 0;

	if (ac == 2)
		c[n++] = cpu_to_fdt32(base >> 32);
	c[n++] = cpu_to_fdt32((uint32_t)base);
	if (sc == 2)
		c[n++] = cpu_to_fdt32(size >> 32);
	c[n++] = cpu_to_fdt32((uint32_t)size);
	return fx_sw(fx, dmc_fdtw_property(&fx->w, "reg", c, n * 4));
}

static int fx_emit_pool(struct fx *fx, unsigned int d, bool coh)
{
	const struct dmc_window *w = &fx->plan->win[d];
	uint64_t base = coh ? w->coherent_base : w->restricted_base;
	uint64_t size = coh ? w->coherent_size : w->restricted_size;
	char name[DMC_NAME_MAX + 32];
	int ret;

	fx_pool_name(name, sizeof(name), "", fx->pol->dom[d].name,
		     coh ? "coherent" : "restricted", base);
	ret = fx_sw(fx, dmc_fdtw_begin_node(&fx->w, name));
	ret = ret ?: fx_sw(fx, fx_prop_string(fx, "compatible",
			coh ? "shared-dma-pool" : "restricted-dma-pool"));
	ret = ret ?: fx_prop_regpair(fx, base, size, fx->root_ac,
				     fx->root_sc);
	/* no-map only on the coherent pool: a restricted one must be mapped. */
	if (coh)
		ret = ret ?: fx_sw(fx, dmc_fdtw_property(&fx->w, "no-map", NULL, 0));
	ret = ret ?: fx_sw(fx, fx_prop_u32(fx, "phandle",
			coh ? fx->dom[d].cph : fx->dom[d].rph));
	return ret ?: fx_sw(fx, dmc_fdtw_end_node(&fx->w));
}

static int fx_emit_pools(struct fx *fx)
{
	unsigned int d;
	int ret = 0;

	for (d = 0; d < fx->plan->nwin && !ret; d++) {
		if (fx->plan->win[d].state != DMC_DOM_PLANNED)
			continue;
		if (fx->plan->win[d].coherent_size)
			ret = fx_emit_pool(fx, d, true);
		ret = ret ?: fx_emit_pool(fx, d, false);
	}
	return ret;
}

static int fx_emit_u64s(struct fx *fx, const char *name,
			const uint64_t *v, unsigned int n)
{
	fdt32_t c[2 * 2 * 4];
	unsigned int i;

	for (i = 0; i < n; i++) {
		c[2 * i] = cpu_to_fdt32(v[i] >> 32);
		c[2 * i + 1] = cpu_to_fdt32((uint32_t)v[i]);
	}
	return fx_sw(fx, dmc_fdtw_property(&fx->w, name, c, n * 8));
}

static int fx_emit_record_dom(struct fx *fx, unsigned int d)
{
	const struct dmc_window *w = &fx->plan->win[d];
	char path[DMC_NAME_MAX + 80];
	uint64_t v[8];
	unsigned int i;
	int ret;

	ret = fx_sw(fx, dmc_fdtw_begin_node(&fx->w, fx->pol->dom[d].name));
	ret = ret ?: fx_sw(fx, fx_prop_string(fx, "state",
						   fx->dom[d].state));
	ret = ret ?: fx_sw(fx, fx_prop_string(fx, "host",
						   fx->pol->dom[d].host));
	if (w->state == DMC_DOM_PLANNED) {
		v[0] = w->base;
		v[1] = w->size;
		ret = ret ?: fx_emit_u64s(fx, "window", v, 2);
		fx_pool_name(path, sizeof(path), "/reserved-memory/",
			     fx->pol->dom[d].name,
			     "restricted", w->restricted_base);
		ret = ret ?: fx_sw(fx, fx_prop_string(fx,
						"restricted-pool", path));
		if (w->coherent_size) {
			fx_pool_name(path, sizeof(path), "/reserved-memory/",
			     fx->pol->dom[d].name,
				     "coherent", w->coherent_base);
			ret = ret ?: fx_sw(fx, fx_prop_string(fx,
						"coherent-pool", path));
		}
	}
	if (w->nchk && w->nchk <= 4) {
		for (i = 0; i < w->nchk; i++) {
			v[2 * i] = w->chk[i].base;
			v[2 * i + 1] = w->chk[i].size;
		}
		ret = ret ?: fx_emit_u64s(fx, "checker-windows", v,
					  2 * w->nchk);
		if (w->chk_guard == DMC_GUARD_LOCK)
			ret = ret ?: fx_sw(fx, dmc_fdtw_property(&fx->w,
						"checker-locked", NULL, 0));
		if (w->chk_guard == DMC_GUARD_SECURE)
			ret = ret ?: fx_sw(fx, dmc_fdtw_property(&fx->w,
						"checker-secure-world", NULL, 0));
		/* the MSI doorbell page: a checker window, not a pool */
		v[0] = w->chk_msi.base;
		v[1] = w->chk_msi.size;
		if (w->chk_msi.size)
			ret = ret ?: fx_emit_u64s(fx, "checker-msi-window",
						  v, 2);
	}
	if (w->state == DMC_DOM_FAILED)
		ret = ret ?: fx_sw(fx, fx_prop_string(fx, "reason",
							   w->reason));
	return ret ?: fx_sw(fx, dmc_fdtw_end_node(&fx->w));
}

static int fx_emit_record(struct fx *fx)
{
	unsigned int d;
	int ret;

	ret = fx_sw(fx, dmc_fdtw_begin_node(&fx->w, "dmacage"));
	ret = ret ?: fx_sw(fx, fx_prop_string(fx, "compatible",
						   "dmacage,record"));
	ret = ret ?: fx_sw(fx, fx_prop_u32(fx, "plan-hash",
						fx->plan->hash));
	for (d = 0; d < fx->plan->nwin && !ret; d++)
		ret = fx_emit_record_dom(fx, d);
	return ret ?: fx_sw(fx, dmc_fdtw_end_node(&fx->w));
}

static int fx_emit_mr(struct fx *fx, int idx)
{
	return fx_sw(fx, dmc_fdtw_property(&fx->w, "memory-region", fx->mr[idx].ph,
				      fx->mr[idx].n * 4));
}

/* A created PCI node: a bridge gets what dtc and dt-schema expect (R27). */
static int fx_emit_new(struct fx *fx, int i)
{
	const struct fx_new *n = &fx->nw[i];
	unsigned int dev = n->devfn >> 3, fn = n->devfn & 7;
	fdt32_t reg[5] = { 0 }, br[2];
	char name[24];
	int ret, c;

	dmc_fmt(name, sizeof(name), "%s@%x,%x", n->bridge ? "pci" : "pci-ep",
		dev, fn);
	reg[0] = cpu_to_fdt32(n->bus << 16 | (uint32_t)n->devfn << 8);
	ret = fx_sw(fx, dmc_fdtw_begin_node(&fx->w, name));
	if (n->bridge) {
		br[0] = br[1] = cpu_to_fdt32(n->sec_bus);
		ret = ret ?: fx_sw(fx, fx_prop_string(fx, "device_type",
							   "pci"));
		ret = ret ?: fx_sw(fx, dmc_fdtw_property(&fx->w, "reg", reg,
						    sizeof(reg)));
		ret = ret ?: fx_sw(fx, fx_prop_u32(fx, "#address-cells",
							3));
		ret = ret ?: fx_sw(fx, fx_prop_u32(fx, "#size-cells",
							2));
		ret = ret ?: fx_sw(fx, dmc_fdtw_property(&fx->w, "ranges", NULL, 0));
		ret = ret ?: fx_sw(fx, dmc_fdtw_property(&fx->w, "bus-range", br,
						    sizeof(br)));
	} else {
		ret = ret ?: fx_sw(fx, dmc_fdtw_property(&fx->w, "reg", reg,
						    sizeof(reg)));
	}
	if (n->mr != FX_NONE)
		ret = ret ?: fx_emit_mr(fx, n->mr);
	for (c = n->first_new; c != FX_NONE && !ret; c = fx->nw[c].next)
		ret = fx_emit_new(fx, c);
	return ret ?: fx_sw(fx, dmc_fdtw_end_node(&fx->w));
}

/*
 * Our properties of a node that it did not have go out after its own,
 * before its first subnode.
 */
static int fx_flush_props(struct fx *fx, const struct fx_frame *f)
{
	int ret = 0;

	if (f->site->mr != FX_NONE && !f->mr_done)
		ret = fx_emit_mr(fx, f->site->mr);
	if (f->site->disable && !f->status_done)
		ret = ret ?: fx_sw(fx, fx_prop_string(fx, "status",
						      "disabled"));
	return ret;
}

static bool fx_any_planned(const struct fx *fx)
{
	unsigned int d;

	for (d = 0; d < fx->plan->nwin; d++)
		if (fx->plan->win[d].state == DMC_DOM_PLANNED)
			return true;
	return false;
}

/* Subnodes we add go after the node's own subnodes. */
static int fx_add_children(struct fx *fx, const struct fx_site *s)
{
	int c, ret = 0;

	for (c = s->first_new; c != FX_NONE && !ret; c = fx->nw[c].next)
		ret = fx_emit_new(fx, c);
	if (ret)
		return ret;
	if (s->offset == fx->resmem)
		return fx_emit_pools(fx);
	if (s->offset == fx->chosen)
		return fx_emit_record(fx);
	if (s->offset != 0)
		return 0;
	if (fx->resmem < 0 && fx_any_planned(fx)) {
		ret = fx_sw(fx, dmc_fdtw_begin_node(&fx->w, "reserved-memory"));
		ret = ret ?: fx_sw(fx, fx_prop_u32(fx, "#address-cells",
							fx->root_ac));
		ret = ret ?: fx_sw(fx, fx_prop_u32(fx, "#size-cells",
							fx->root_sc));
		ret = ret ?: fx_sw(fx, dmc_fdtw_property(&fx->w, "ranges", NULL, 0));
		ret = ret ?: fx_emit_pools(fx);
		ret = ret ?: fx_sw(fx, dmc_fdtw_end_node(&fx->w));
	}
	if (fx->chosen < 0) {
		ret = ret ?: fx_sw(fx, dmc_fdtw_begin_node(&fx->w, "chosen"));
		ret = ret ?: fx_emit_record(fx);
		ret = ret ?: fx_sw(fx, dmc_fdtw_end_node(&fx->w));
	}
	return ret;
}

/*
 * The input's tags go out in runs: @run is where the tags not written
 * yet start, and everything up to @offset goes out in one copy before an
 * edit is written or a tag is dropped.
 */
static int fx_copy_run(struct fx *fx, int *run, int offset)
{
	int ret = 0;

	if (offset > *run)
		ret = fx_sw(fx, dmc_fdtw_copy(&fx->w, *run, offset));
	*run = offset;
	return ret;
}

/*
 * A property of a node that changes: memory-region and status give way
 * to ours (the first of each; a repeat is dropped), the rest stay in the
 * run.
 */
static int fx_site_prop(struct fx *fx, struct fx_frame *f, int *run,
			int offset, int next)
{
	const struct fdt_property *prop = (const void *)((const char *)fx->in +
		fdt_off_dt_struct(fx->in) + offset);
	const char *name = dmc_prop_name(fx->in, prop);
	int ret;

	if (f->site->mr != FX_NONE && !strcmp(name, "memory-region")) {
		ret = fx_copy_run(fx, run, offset);
		if (!ret && !f->mr_done) {
			f->mr_done = true;
			ret = fx_emit_mr(fx, f->site->mr);
		}
	} else if (f->site->disable && !strcmp(name, "status")) {
		ret = fx_copy_run(fx, run, offset);
		if (!ret && !f->status_done) {
			f->status_done = true;
			ret = fx_sw(fx, fx_prop_string(fx, "status",
							   "disabled"));
		}
	} else {
		return 0;
	}
	*run = next;
	return ret;
}

/*
 * Where site @s ends: for a node that changes, the offset of its END_NODE,
 * where the nodes we add go; for a node we drop, the offset past its
 * subtree. The root's is known from fx_read().
 */
static int fx_site_end(const struct fx *fx, const struct fx_site *s)
{
	if (s->skip)
		return dmc_skip_subtree(fx->in, s->offset);
	if (!s->offset)
		return fx->root_end;
	return dmc_skip_subtree(fx->in, s->offset) - FDT_TAGSIZE;
}

/*
 * A site's node and properties, up to its first subnode: they are the
 * only tags of the input the emit pass reads one by one.
 */
static int fx_site_open(struct fx *fx, const struct fx_site *s, int *run)
{
	struct fx_frame f = { .site = s };
	int offset, next, ret = 0;
	uint32_t tag;

	dmc_next_tag(fx->in, s->offset, &offset);
	while (!ret && ((tag = dmc_next_tag(fx->in, offset, &next)) ==
			FDT_PROP || tag == FDT_NOP)) {
		if (tag == FDT_PROP)
			ret = fx_site_prop(fx, &f, run, offset, next);
		offset = next;
	}
	ret = ret ?: fx_copy_run(fx, run, offset);
	return ret ?: fx_flush_props(fx, &f);
}

/*
 * The output in one pass, driven by the sites alone (the structure gate
 * has checked the input): everything between two edits goes out in one
 * copy, so the cost is one copy of the blob plus the sites' own tags, not
 * a second walk of every tag. @open holds the sites whose subnodes are
 * being copied, innermost last; sites are sorted by offset, so a site
 * closes before the next one starts after its end. NOPs are copied as
 * they are, like every other tag of a run.
 */
static int fx_emit(struct fx *fx, void *out, int outsize)
{
	unsigned int i = 0, nopen = 0;
	const struct fx_site *s;
	struct fx_open *top;
	int run = 0, ret;

	ret = dmc_fdtw_init(&fx->w, fx->in, out, outsize);
	if (ret == -FDT_ERR_BADSTRUCTURE)
		return dmc_fail(fx->err, -DMC_E_BADFDT, "OS DT",
				"the memory reservation map cannot be read");
	ret = fx_sw(fx, ret);
	while (!ret && (i < fx->nsites || nopen)) {
		s = i < fx->nsites ? &fx->site[i] : NULL;
		top = nopen ? &fx->open[nopen - 1] : NULL;
		if (top && (!s || s->offset > top->end)) {
			ret = fx_copy_run(fx, &run, top->end);
			ret = ret ?: fx_add_children(fx, &fx->site[top->site]);
			nopen--;
			continue;
		}
		i++;
		/* in a subtree we drop: fx_check_dropped() let only our own */
		if (s->offset < run)
			continue;
		ret = fx_copy_run(fx, &run, s->offset);
		if (s->skip) {
			run = fx_site_end(fx, s);
			continue;
		}
		ret = ret ?: fx_site_open(fx, s, &run);
		fx->open[nopen++] = (struct fx_open){ (int)(s - fx->site),
						      fx_site_end(fx, s) };
	}
	/* the root's END_NODE; NOPs after it go, FDT_END is written anew */
	ret = ret ?: fx_copy_run(fx, &run, fx->root_end + FDT_TAGSIZE);
	return ret ?: fx_sw(fx, dmc_fdtw_finish(&fx->w));
}

/* ----------------------------------------------------------------- */
/* Phase 3: the result must pass the rules checker                    */

/* Is output node @node in host bridge @host's subtree? */
static bool fx_under_host(const void *out, int node, int host)
{
	return host >= 0 && node >= host && node < dmc_skip_subtree(out, host);
}

/*
 * Is finding @f, in the output, on a node whose confinement we claim:
 * below /reserved-memory, or in a planned host's subtree? By node, not by
 * path: a policy may name the host as libfdt finds it ("/pcie" for
 * pcie@10000000, a trailing '/'), which a finding's path does not spell
 * the same way. Only error findings come here, so the step over a host's
 * subtree costs nothing on a clean boot.
 */
static bool fx_touched(const struct fx *fx, const struct dmc_finding *f)
{
	static const char resmem[] = "/reserved-memory";
	unsigned int h;

	if (!strncmp(f->path, resmem, sizeof(resmem) - 1))
		return true;
	/* fx_scope()'s hosts are the planned domains' */
	for (h = 0; h < fx->chk_opts.nhosts; h++)
		if (fx_under_host(fx->chk.fdt, f->node, fx->out_host[h]))
			return true;
	return false;
}

static void fx_finding(const struct dmc_finding *f, void *ctx)
{
	struct fx *fx = ctx;

	if (f->sev != DMC_SEV_ERROR || fx->failed || !fx_touched(fx, f))
		return;
	fx->first = *f;
	fx->failed = true;
}

/*
 * Errors elsewhere in the tree were there before and are `dmacage check`'s
 * business; errors on what we wrote mean the fixup must not claim success,
 * so the checker judges the output's own bytes, scoped to fx_scope()'s
 * hosts, /reserved-memory and /memory, and fx_touched() keeps only what
 * lies there. The checker's state and the first error are kept in the
 * workspace, not on a boot loader's stack.
 */
static int fx_verify(struct fx *fx, const void *out)
{
	unsigned int h;
	int ret;

	/* fx_emit() wrote @out from a gated input, in whole tags */
	for (h = 0; h < fx->chk_opts.nhosts; h++)
		fx->out_host[h] = fdt_path_offset(out, fx->hosts[h]);
	chk_init(&fx->chk, out, &fx->chk_opts, fx_finding, fx);
	ret = chk_run(&fx->chk, NULL);
	if (ret == -DMC_E_BADFDT)
		return dmc_fail(fx->err, -DMC_E_INTERNAL, "output",
				"the patched DT does not parse");
	if (fx->failed)
		return dmc_fail(fx->err, -DMC_E_RULES, fx->first.path,
				"%s: %s", fx->first.rule, fx->first.msg);
	return 0;
}

/* ----------------------------------------------------------------- */

int dmc_apply(void *fdt, int bufsize, void *scratch, int scratchsize,
	      const struct dmc_policy *pol, const struct dmc_plan *plan,
	      struct dmc_fixup_ws *ws, struct dmc_err *err)
{
	struct fx *fx = (struct fx *)ws;
	int outsize = scratchsize < bufsize ? scratchsize : bufsize;
	const char *i = fdt, *o = scratch;
	int ret;

	ret = dmc_check_structure(fdt, "OS DT", err);
	if (ret)
		return ret;
	if (outsize <= 0 || (o < i + fdt_totalsize(fdt) && i < o + outsize))
		return dmc_fail(err, -DMC_E_INTERNAL, "fixup",
				"output buffer overlaps the input");
	memset(fx, 0, sizeof(*fx));
	fx->in = fdt;
	fx->pol = pol;
	fx->plan = plan;
	fx->err = err;
	fx_read(fx);
	ret = fx_prepare(fx);
	if (ret)
		return ret;
	ret = fx_emit(fx, scratch, outsize);
	if (ret)
		return ret;
	ret = fx_verify(fx, scratch);
	if (ret)
		return ret;
	/* fdt_open_into() checks the size before it moves anything. */
	ret = fdt_open_into(scratch, fdt, bufsize);
	if (ret)
		return dmc_fail(err, -DMC_E_NOSPACE, "OS DT",
				"patched DT does not fit in %d bytes: %s",
				bufsize, fdt_strerror(ret));
	return 0;
}
/* ----------------------------------------------------------------- */
