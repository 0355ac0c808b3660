// SPDX-License-Identifier: GPL-2.0+
/*
 * Node paths looked up on the structure walk. fdt_path_offset() walks
 * every tag before the node it finds, and each caller (planner, fixup,
 * rules checker) walks the blob once anyway to validate it: matching the
 * few paths it needs on that walk makes the lookups free. The match is
 * libfdt's, so the same node is found: per component, the first child in
 * tree order whose name is the component, or the component plus a unit
 * address when the component has none; a first match that does not lead
 * to the rest of the path ends the lookup, as in fdt_path_offset().
 */
#include <dmacage/dmacage.h>
#include <dmacage/fdtutil.h>

#define PF_DEAD		(-1)	/* a component was not found */

static uint64_t pf_bit(int depth)
{
	return depth >= 0 && depth < 64 ? 1ULL << depth : 0;
}

/*
 * The depths whose nodes' children a pending path looks among: most
 * nodes of a big tree are nowhere near a path, and are passed at the
 * cost of one test.
 */
static void pf_waiting(struct dmc_pathfind *pf)
{
	unsigned int i;

	pf->waiting = 0;
	for (i = 0; i < pf->n; i++)
		if (pf->e[i].node < 0 && pf->e[i].path[0] == '/')
			pf->waiting |= pf_bit(pf->e[i].depth);
}

void dmc_pathfind_init(struct dmc_pathfind *pf, const void *fdt)
{
	pf->fdt = fdt;
	pf->n = 0;
	pf->pending = 0;
	pf->waiting = 0;
	pf->nodes_to = 1;
}

/* The depth of the node @path names (the root is 1). */
static int pf_depth(const char *path)
{
	int depth = 1;

	for (; *path; path++)
		if (*path != '/' && (path[1] == '/' || !path[1]))
			depth++;
	return depth;
}

int dmc_pathfind_add(struct dmc_pathfind *pf, const char *path)
{
	unsigned int i;

	for (i = 0; i < pf->n; i++)
		if (!strcmp(pf->e[i].path, path))
			return (int)i;
	if (pf->n == DMC_PATHFIND_MAX)
		return -DMC_E_TOOMANY;
	pf->e[i] = (struct dmc_pathfind_entry){
		.path = path,
		.rest = path,
		.node = -FDT_ERR_NOTFOUND,
		.parent = -FDT_ERR_NOTFOUND,
	};
	/* an alias is resolved through libfdt once the walk is over */
	if (path[0] == '/') {
		pf->pending++;
		if (pf_depth(path) > pf->nodes_to)
			pf->nodes_to = pf_depth(path);
	}
	pf->n++;
	return (int)i;
}

static const char *pf_skip_slashes(const char *p)
{
	while (*p == '/')
		p++;
	return p;
}

/* Does node name @name match the path component @comp of @len bytes? */
static bool pf_name_eq(const char *name, const char *comp, size_t len)
{
	if (strncmp(name, comp, len))
		return false;
	return name[len] == '\0' ||
	       (name[len] == '@' && !memchr(comp, '@', len));
}

/* The root opens: every absolute path starts there. */
static void pf_root(struct dmc_pathfind *pf)
{
	struct dmc_pathfind_entry *e;
	unsigned int i;

	for (i = 0; i < pf->n; i++) {
		e = &pf->e[i];
		if (e->path[0] != '/')
			continue;
		e->rest = pf_skip_slashes(e->path);
		e->depth = 1;
		e->at = 0;
		if (!*e->rest) {	/* "/" itself */
			e->node = 0;
			pf->pending--;
		}
	}
	pf_waiting(pf);
}

static void pf_begin(struct dmc_pathfind *pf, const char *name, int offset,
		     int depth)
{
	struct dmc_pathfind_entry *e;
	const char *end;
	unsigned int i;

	for (i = 0; i < pf->n; i++) {
		e = &pf->e[i];
		if (e->depth != depth - 1 || e->node >= 0 ||
		    e->path[0] != '/')
			continue;
		for (end = e->rest; *end && *end != '/'; end++)
			;
		if (!pf_name_eq(name, e->rest, end - e->rest))
			continue;
		e->rest = pf_skip_slashes(end);
		e->depth = depth;
		if (!*e->rest) {
			e->node = offset;
			e->parent = e->at;
			pf->pending--;
		}
		e->at = offset;
	}
	pf_waiting(pf);
}

/* A node at @depth + 1 closed: a path matched up to it cannot go on. */
static void pf_end(struct dmc_pathfind *pf, int depth)
{
	unsigned int i;

	for (i = 0; i < pf->n; i++)
		if (pf->e[i].depth == depth + 1 && pf->e[i].node < 0 &&
		    pf->e[i].path[0] == '/') {
			pf->e[i].depth = PF_DEAD;
			pf->pending--;
		}
	pf_waiting(pf);
}

void dmc_pathfind_visit(void *ctx, int tag, int offset, int depth,
			const struct fdt_property *prop, int len)
{
	struct dmc_pathfind *pf = ctx;

	if (!pf->pending)
		return;
	if (tag == FDT_BEGIN_NODE && depth == 1)
		pf_root(pf);
	else if (tag == FDT_BEGIN_NODE && (pf->waiting & pf_bit(depth - 1)))
		pf_begin(pf, dmc_get_name(pf->fdt, offset), offset, depth);
	else if (tag == FDT_END_NODE && (pf->waiting & pf_bit(depth + 1)))
		pf_end(pf, depth);
}

int dmc_pathfind_host(const struct dmc_pathfind *pf, unsigned int i)
{
	int node, parent;

	node = dmc_pathfind_get(pf, i, &parent);
	return dmc_pci_host_at(pf->fdt, node, parent);
}

int dmc_pathfind_get(const struct dmc_pathfind *pf, unsigned int i,
		     int *parent)
{
	if (pf->e[i].path[0] != '/')
		return dmc_path_offset_parent(pf->fdt, pf->e[i].path, parent);
	*parent = pf->e[i].parent;
	return pf->e[i].node;
}
