// SPDX-License-Identifier: GPL-2.0+
/*
 * The OS device-tree fixup: pools under /reserved-memory, memory-region on
 * the host bridge or the endpoints, the on-error treatment and the record
 * under /chosen/dmacage.
 *
 * It works in phases (fixup.h). This file holds the first: past the
 * structure gate, fx_read() finds the nodes the edits go to and
 * fx_prepare() validates the rest and builds the table of edits, so that
 * every input error is found before any output exists. fx_emit()
 * (fixup_emit.c) then writes the result into the scratch copy in one
 * pass, and fx_verify() (fixup_verify.c) runs the rules checker on the
 * copy's own bytes. Only a result that passes is copied back over the
 * input, which makes the fixup all-or-nothing.
 */
#include "fixup.h"

void fx_pool_name(char *buf, size_t size, const char *dir,
		  const char *dom, const char *kind, uint64_t base)
{
	dmc_fmt(buf, size, "%s%s-%s@%llx", dir, dom, kind,
		(unsigned long long)base);
}


static struct fx_site *fx_site_find(struct fx_edits *fx, int offset)
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
static struct fx_site *fx_site(struct fx_edits *fx, int offset)
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

static int fx_site_or_fail(struct fx_edits *fx, int offset, struct fx_site **s)
{
	*s = fx_site(fx, offset);
	if (!*s)
		return dmc_fail(fx->err, -DMC_E_TOOMANY, "fixup",
				"more than %d nodes to change", FX_MAX_SITES);
	return 0;
}

/*
 * Our pools from an earlier run (those its record lists) are dropped and
 * written again, keeping their phandles, so that a second run gives the
 * same bytes and references from elsewhere stay valid.
 */
static int fx_reuse_pool(struct fx_edits *fx, const char *dom, const char *kind,
			 const char *compat, uint32_t *phandle)
{
	size_t dl = strlen(dom), kl = strlen(kind);
	struct fx_site *s;
	const char *name;
	int node, ret;

	*phandle = 0;
	/* (dmc_first_subnode() of a negative parent is the root) */
	node = fx->resmem < 0 ? -FDT_ERR_NOTFOUND :
	       dmc_first_subnode(fx->in, fx->resmem);
	for (; node >= 0; node = dmc_next_subnode(fx->in, node)) {
		name = dmc_get_name(fx->in, node, NULL);
		if (!name || strncmp(name, dom, dl) || name[dl] != '-' ||
		    strncmp(name + dl + 1, kind, kl) || name[dl + 1 + kl] != '@' ||
		    !dmc_compat_exact(fx->in, node, compat) ||
		    !dmc_record_has_pool(fx->in, fx->record, node))
			continue;
		ret = fx_site_or_fail(fx, node, &s);
		if (ret)
			return ret;
		s->skip = true;
		if (!*phandle)
			*phandle = dmc_phandle(fx->in, node);
	}
	if (!*phandle) {
		/* 0xffffffff is no phandle to Linux: none is left to give */
		if (fx->next_phandle > FDT_MAX_PHANDLE)
			return dmc_fail(fx->err, -DMC_E_BADFDT, "OS DT",
					"phandles are exhausted: a new pool needs one above the tree's highest, 0x%x",
					fx->max_phandle);
		*phandle = fx->next_phandle++;
	}
	return node == -FDT_ERR_NOTFOUND ? 0 :
	       dmc_fail(fx->err, -DMC_E_BADFDT, "/reserved-memory",
			"cannot read its children: %s", fdt_strerror(node));
}

/*
 * The /reserved-memory child with phandle @ph, or < 0. Linux attaches only
 * reserved-memory nodes, so only they can conflict, and the container's
 * few children are much cheaper to search than the whole tree.
 */
static int fx_pool_by_phandle(const struct fx_edits *fx, uint32_t ph)
{
	int node;

	if (fx->resmem < 0)
		return -DMC_E_NOTFOUND;
	dmc_for_each_subnode(node, fx->in, fx->resmem)
		if (dmc_phandle(fx->in, node) == ph)
			return node;
	return -DMC_E_NOTFOUND;
}

/*
 * Every pool of the earlier run goes, also those this run does not write
 * again (a coherent pool the new policy has no size for, a domain renamed
 * or removed): they would stay reserved and listed. A node the record lists
 * that is no longer a pool stays: the planner took it for the board's own
 * reservation and placed the windows around it.
 */
static int fx_drop_recorded(struct fx_edits *fx)
{
	struct fx_site *s;
	int node, ret;

	if (fx->resmem < 0 || fx->record < 0)
		return 0;
	dmc_for_each_subnode(node, fx->in, fx->resmem) {
		if (!dmc_is_own_pool(fx->in, fx->record, node))
			continue;
		ret = fx_site_or_fail(fx, node, &s);
		if (ret)
			return ret;
		s->skip = true;
	}
	return 0;
}

/*
 * The earlier run's record goes; the new one takes its path. Any other
 * /chosen child of that name (a board's node, a second record) would share
 * the path, and a lookup of it would find whichever comes first: refused.
 */
static int fx_drop_record(struct fx_edits *fx)
{
	struct fx_site *s;
	const char *name;
	int node, ret;

	dmc_for_each_subnode(node, fx->in, fx->chosen) {
		name = dmc_get_name(fx->in, node, NULL);
		if (!name || strcmp(name, "dmacage"))
			continue;
		if (node != fx->record)
			return dmc_fail(fx->err, -DMC_E_CONFLICT, "/chosen/dmacage",
					"a node of that name is not dmacage's record, or is a second one; the new record would share its path");
		ret = fx_site_or_fail(fx, node, &s);
		if (ret)
			return ret;
		s->skip = true;
	}
	return 0;
}

/*
 * A new pool's name must be free among the /reserved-memory children that
 * stay: its path is what the record names, and a second node of that name
 * (a board's own, disabled region, say) would be the one a path lookup
 * finds.
 */
static int fx_check_name_free(struct fx_edits *fx, const char *name)
{
	const struct fx_site *s;
	const char *n;
	int node;

	if (fx->resmem < 0)
		return 0;
	dmc_for_each_subnode(node, fx->in, fx->resmem) {
		n = dmc_get_name(fx->in, node, NULL);
		s = fx_site_find(fx, node);
		if (n && !strcmp(n, name) && !(s && s->skip))
			return dmc_fail(fx->err, -DMC_E_CONFLICT, "/reserved-memory",
					"already has a node named %s that dmacage did not write; the new pool would share its path",
					name);
	}
	return 0;
}

static int fx_check_pool_names(struct fx_edits *fx)
{
	const struct dmc_window *w;
	char name[DMC_NAME_MAX + 32];
	unsigned int d;
	int ret = 0;

	for (d = 0; d < fx->plan->nwin && !ret; d++) {
		w = &fx->plan->win[d];
		if (w->state != DMC_DOM_PLANNED)
			continue;
		fx_pool_name(name, sizeof(name), "", fx->pol->dom[d].name,
			     "restricted", w->restricted_base);
		ret = fx_check_name_free(fx, name);
		if (ret || !w->coherent_size)
			continue;
		fx_pool_name(name, sizeof(name), "", fx->pol->dom[d].name,
			     "coherent", w->coherent_base);
		ret = fx_check_name_free(fx, name);
	}
	return ret;
}

/*
 * Is @ph one of the phandles this run writes for any domain, or a pool of
 * an earlier run that this one drops? Either way, not kept in a list.
 */
static bool fx_is_ours(const struct fx_edits *fx, uint32_t ph)
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
	s = pool < 0 ? NULL : fx_site_find((struct fx_edits *)fx, pool);
	return s && s->skip;
}

/* A fresh, empty memory-region value; NULL (and fx->err set) when full. */
static struct fx_mr *fx_alloc_mr(struct fx_edits *fx, int *idx)
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
static const char *fx_where(const struct fx_edits *fx, int node, char *buf,
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
static int fx_build_mr(struct fx_edits *fx, int node, unsigned int d, int *idx)
{
	char path[DMC_PATH_MAX];
	const fdt32_t *cells;
	struct fx_mr *mr;
	int len, i, pool;
	uint32_t ph;

	mr = fx_alloc_mr(fx, idx);
	if (!mr)
		return -DMC_E_TOOMANY;
	cells = dmc_getprop(fx->in, node, "memory-region", &len);
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
					dmc_get_name(fx->in, pool, NULL), ph,
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

static int fx_set_mr(struct fx_edits *fx, int node, unsigned int d)
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
static uint32_t fx_child_bus(const struct fx_edits *fx, int node)
{
	const fdt32_t *br;
	int len;

	br = dmc_getprop(fx->in, node, "bus-range", &len);
	return br && len >= 8 ? fdt32_to_cpu(br[0]) : 0;
}

/* The new child @devfn of (input node @node | new node @pnew), made once. */
static int fx_new_child(struct fx_edits *fx, int node, int pnew, uint8_t devfn,
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
static int fx_endpoint(struct fx_edits *fx, unsigned int d, int host,
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
			if (ret != -DMC_E_NOTFOUND)
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
static int fx_host_unique(struct fx_edits *fx, unsigned int d, int host)
{
	char path[DMC_PATH_MAX];
	const char *name;
	int node, parent, sib, n;

	for (node = host; node > 0; node = parent) {
		parent = node == host ? fx->host_parent[d] :
			 dmc_parent_offset(fx->in, node);
		if (parent < 0)
			break;
		name = dmc_get_name(fx->in, node, NULL);
		n = 0;
		dmc_for_each_subnode(sib, fx->in, parent) {
			const char *s = dmc_get_name(fx->in, sib, NULL);

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
 * node when that has one (of_dma_set_restricted_buffer(): up to 6.12 a
 * non-empty list, from 7.x any memory-region property, even an empty
 * one), and only otherwise from the host: every node below the host with
 * the property gets the pools too, or the device it stands for would run
 * unrestricted (or through another pool, which fx_build_mr() refuses, as
 * it refuses a list that is not whole cells).
 */
static int fx_host_form(struct fx_edits *fx, unsigned int d, int host)
{
	int node, depth = 0, ret;

	ret = fx_set_mr(fx, host, d);
	for (node = dmc_next_node(fx->in, host, &depth); !ret && node >= 0 &&
	     depth > 0; node = dmc_next_node(fx->in, node, &depth)) {
		if (dmc_getprop(fx->in, node, "memory-region", NULL))
			ret = fx_set_mr(fx, node, d);
	}
	return ret;
}

/*
 * Did the earlier run whose record is in the input disable @host (its
 * on-error "disable")? Its status then no longer says what the board
 * wants, and a record of "confined" would name a host Linux never runs.
 */
static bool fx_disabled_before(const struct fx_edits *fx, const char *host,
			       int node)
{
	const char *v;
	int dom, len;

	if (fx->record < 0 || dmc_node_available(fx->in, node))
		return false;
	dmc_for_each_subnode(dom, fx->in, fx->record) {
		v = dmc_getprop(fx->in, dom, "host", &len);
		if (!v || len <= 0 || strnlen(v, len) == (size_t)len ||
		    strcmp(v, host))
			continue;
		v = dmc_getprop(fx->in, dom, "state", &len);
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

static int fx_domain(struct fx_edits *fx, unsigned int d)
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

/* The domain whose pool this run writes with phandle @ph, or -1. */
static int fx_writer(const struct fx_edits *fx, uint32_t ph)
{
	unsigned int d;

	for (d = 0; d < fx->plan->nwin; d++)
		if (ph && (ph == fx->dom[d].rph || ph == fx->dom[d].cph))
			return d;
	return -1;
}

/*
 * A pool an earlier run wrote and this one drops (a domain removed,
 * renamed or failed) must not stay named by a memory-region that this
 * run leaves as it is: Linux would skip the entry, and a device the
 * earlier run confined would run unrestricted, outside what this run's
 * self-check judges (or, below a host this run disables, the tree would
 * keep references that resolve to nothing). A pool this run writes again
 * keeps its phandle, so such a memory-region must lie below the host of
 * the domain that now owns it: elsewhere (the earlier run's domain of that
 * name was on another host) a device of another host would bounce through
 * this domain's pool, which its checker window grants to this host only.
 */
static int fx_check_stale_refs(struct fx_edits *fx)
{
	char path[DMC_PATH_MAX];
	int end[DMC_MAX_DOMAINS];
	const struct fx_site *s;
	const fdt32_t *cells;
	int node, len, i, pool, d;
	uint32_t ph;

	if (fx->record < 0)
		return 0;
	for (d = 0; d < (int)fx->plan->nwin; d++)
		end[d] = fx->host[d] < 0 ? -1 :
			 dmc_skip_subtree(fx->in, fx->host[d]);
	for (node = dmc_next_node(fx->in, -1, NULL); node >= 0;
	     node = dmc_next_node(fx->in, node, NULL)) {
		cells = dmc_getprop(fx->in, node, "memory-region", &len);
		s = fx_site_find(fx, node);
		if (!cells || (s && (s->mr != FX_NONE || s->skip)))
			continue;
		/* a ragged list too: of_parse_phandle() reads its whole cells */
		for (i = 0; i < len / 4; i++) {
			ph = fdt32_to_cpu(cells[i]);
			pool = fx_pool_by_phandle(fx, ph);
			s = pool < 0 ? NULL : fx_site_find(fx, pool);
			if (!s || !s->skip)
				continue;
			d = fx_writer(fx, ph);
			if (d < 0)
				return dmc_fail(fx->err, -DMC_E_CONFLICT,
						fx_where(fx, node, path,
							 sizeof(path)),
						"memory-region names %s, a pool an earlier dmacage run wrote and this one drops; apply to the OS DT from before that run",
						dmc_get_name(fx->in, pool, NULL));
			if (node < fx->host[d] || node >= end[d])
				return dmc_fail(fx->err, -DMC_E_CONFLICT,
						fx_where(fx, node, path,
							 sizeof(path)),
						"memory-region names %s, a pool an earlier dmacage run wrote, which this run gives to %s of another host; apply to the OS DT from before that run",
						dmc_get_name(fx->in, pool, NULL),
						fx->pol->dom[d].name);
		}
	}
	return 0;
}

/*
 * A node the fixup drops (our old record or pools) must hold none that
 * it changes: the change would go with it, and a host bridge would leave
 * the tree while the record called it confined.
 */
static int fx_check_dropped(struct fx_edits *fx)
{
	char path[DMC_PATH_MAX], in[DMC_PATH_MAX] DMC_MSG_ONLY;
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

/*
 * What the fixup reads of its input, past the structure gate: where the
 * host bridges, /reserved-memory and /chosen are (the first root children
 * that dmc_root_nodes() finds), where the root ends, and the largest
 * phandle in use.
 */
static void fx_read(struct fx_edits *fx)
{
	unsigned int d;
	int next;

	dmc_root_nodes(fx->in, &fx->resmem, &fx->chosen);
	/* the gate accepts a lone FDT_END; every edit needs the root */
	fx->root_end = -DMC_E_NOTFOUND;
	if (dmc_next_tag(fx->in, 0, &next) == FDT_BEGIN_NODE)
		fx->root_end = dmc_skip_subtree(fx->in, 0) - (int)FDT_TAGSIZE;
	fx->max_phandle = dmc_max_phandle(fx->in);
	for (d = 0; d < fx->pol->ndomains && d < DMC_MAX_DOMAINS; d++)
		fx->host[d] = dmc_host_offset(fx->in, fx->pol->dom[d].host,
					      &fx->host_parent[d]);
}

int fx_prepare(struct fx_edits *fx)
{
	const struct dmc_window *w;
	unsigned int d;
	struct fx_site *s;
	int ret, node;

	fx_read(fx);
	/* the gate accepts a lone FDT_END; every edit needs the root */
	if (fx->root_end < 0)
		return dmc_fail(fx->err, -DMC_E_BADFDT, "OS DT",
				"no root node");
	if (fx->plan->nwin != fx->pol->ndomains)
		return dmc_fail(fx->err, -DMC_E_INTERNAL, "fixup",
				"plan has %u domains, policy %u",
				fx->plan->nwin, fx->pol->ndomains);
	ret = dmc_root_cells(fx->in, &fx->root_ac, &fx->root_sc);
	if (ret)
		return dmc_fail(fx->err, ret, "/", "malformed #address-cells or #size-cells");
	ret = fx->resmem < 0 ? 0 :
	      dmc_resmem_container_check(fx->in, fx->resmem, fx->err);
	if (ret)
		return ret;
	/* disabling it (on-error) would take that memory away from Linux */
	for (d = 0; d < fx->pol->ndomains && d < DMC_MAX_DOMAINS; d++)
		if (fx->host[d] > 0 && fx->host_parent[d] == 0 &&
		    dmc_is_memory_node(fx->in, fx->host[d]))
			return dmc_fail(fx->err, -DMC_E_BADFDT,
					fx->pol->dom[d].host,
					"device_type is \"memory\": Linux also takes the host bridge for memory");
	/* the record would be a function of it, and the old one may be */
	if (fx->chosen >= 0 && dmc_is_pci_host(fx->in, fx->chosen, 0))
		return dmc_fail(fx->err, -DMC_E_BADFDT, "/chosen",
				"device_type is \"pci\": a PCI host bridge's children are its functions, not the record");
	/* a re-apply reuses its pools' phandles: only new ones need room */
	fx->next_phandle = fx->max_phandle + 1;
	if (fx->next_phandle == 0)
		return dmc_fail(fx->err, -DMC_E_BADFDT, "OS DT",
				"phandles are exhausted or malformed: one is 0xffffffff, which libfdt and dtc refuse");
	node = dmc_short_phandle(fx->in);
	if (node >= 0)
		return dmc_fail(fx->err, -DMC_E_BADFDT,
				node ? dmc_get_name(fx->in, node, NULL) : "/",
				"a phandle shorter than 4 bytes: Linux reads the bytes after it, which the fixup may change");

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
		ret = fx_drop_record(fx);
		if (ret)
			return ret;
	}
	ret = fx_drop_recorded(fx);
	if (ret)
		return ret;
	ret = fx_check_pool_names(fx);
	if (ret)
		return ret;
	for (d = 0; d < fx->plan->nwin; d++) {
		ret = fx_domain(fx, d);
		if (ret)
			return ret;
	}
	ret = fx_check_stale_refs(fx);
	if (ret)
		return ret;
	return fx_check_dropped(fx);
}

/* The caller's workspace: the edits, then one phase's state at a time. */
struct fx_ws {
	struct fx_edits e;
	union {
		struct fx_emit emit;
		struct fx_check check;
	};
};

_Static_assert(sizeof(struct fx_ws) <= sizeof(struct dmc_fixup_ws),
	       "DMC_FIXUP_WS_SIZE is too small for the fixup");

int dmc_apply(void *fdt, int bufsize, void *scratch, int scratchsize,
	      const struct dmc_policy *pol, const struct dmc_plan *plan,
	      struct dmc_fixup_ws *ws, struct dmc_err *err)
{
	struct fx_ws *fx = (struct fx_ws *)ws;
	int outsize = scratchsize < bufsize ? scratchsize : bufsize;
	const char *i = fdt, *o = scratch;
	int ret;

	ret = dmc_check_structure(fdt, "OS DT", err);
	if (ret)
		return ret;
	if (outsize <= 0 || (o < i + fdt_totalsize(fdt) && i < o + outsize))
		return dmc_fail(err, -DMC_E_INTERNAL, "fixup",
				"output buffer overlaps the input");
	memset(&fx->e, 0, sizeof(fx->e));
	fx->e.in = fdt;
	fx->e.pol = pol;
	fx->e.plan = plan;
	fx->e.err = err;
	ret = fx_prepare(&fx->e);
	if (ret)
		return ret;
	ret = fx_emit(&fx->emit, &fx->e, scratch, outsize);
	if (ret)
		return ret;
	ret = fx_verify(&fx->check, &fx->e, scratch);
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
