// SPDX-License-Identifier: GPL-2.0+
/*
 * Device-tree reading helpers: cells, reg, dma-ranges, the ARM32 lowmem
 * limit and PCI host detection, each read the way Linux reads it so that
 * what dmacage plans and checks is what the kernel will do.
 */
#include <dmacage/dmacage.h>
#include "fdtutil.h"

#define DMC_SZ_16M		(16ULL << 20)
#define DMC_SZ_976M		(976ULL << 20)
#define DMC_ARM_LOWMEM_SPAN	0x3F000000ULL
#define DMC_4G			0x100000000ULL

/* dma-ranges on a PCI host: 3 child address cells, 2 size cells */
#define DMC_PCI_AC		3
#define DMC_PCI_SC		2

uint64_t dmc_read_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* Is @node's name @name? */
static bool dmc_name_is(const void *fdt, int node, const char *name)
{
	const char *p = dmc_get_name(fdt, node, NULL);
	size_t n = strlen(name);

	/* libfdt's rule: "name" also matches "name@unit", unless asked for one */
	return p && !strncmp(p, name, n) &&
	       (!p[n] || (p[n] == '@' && !strchr(name, '@')));
}

/* dmc_phandle()'s step for one property: @val has 4 readable bytes */
static uint32_t dmc_phandle_prop(const char *name, const void *val,
				 uint32_t ph)
{
	/* be32_to_cpup(): the first 4 bytes whatever the length */
	if (name[0] == 'i' && !strcmp(name, "ibm,phandle"))
		return fdt32_to_cpu(*(const fdt32_t *)val);
	if (!ph && ((name[0] == 'p' && !strcmp(name, "phandle")) ||
		    (name[0] == 'l' && !strcmp(name, "linux,phandle"))))
		return fdt32_to_cpu(*(const fdt32_t *)val);
	return ph;
}

/*
 * @max, or larger when @name is "phandle", "linux,phandle",
 * "ibm,phandle" or "memory-region" with a larger value in any cell (or its
 * first 4 bytes)
 */
static uint32_t dmc_phandle_max(const char *name, const void *val, int len,
				uint32_t max)
{
	const fdt32_t *p = val;
	int i, n = len > 4 ? len / 4 : 1;

	if ((name[0] != 'p' || strcmp(name, "phandle")) &&
	    (name[0] != 'l' || strcmp(name, "linux,phandle")) &&
	    (name[0] != 'i' || strcmp(name, "ibm,phandle")) &&
	    (name[0] != 'm' || strcmp(name, "memory-region")))
		return max;
	if (name[0] == 'm')
		n = len / 4;	/* a list of phandles, maybe empty */
	/* every cell: the node takes the first, the early scan the last */
	for (i = 0; i < n; i++)
		if (fdt32_to_cpu(p[i]) > max)
			max = fdt32_to_cpu(p[i]);
	return max;
}

uint32_t dmc_max_phandle(const void *fdt)
{
	const struct fdt_property *p;
	uint32_t max = 0;
	int node, prop, len;

	for (node = 0; node >= 0; node = dmc_next_node(fdt, node, NULL)) {
		dmc_for_each_prop(prop, fdt, node) {
			p = dmc_prop_at(fdt, prop, &len);
			if (p)
				max = dmc_phandle_max(dmc_prop_name(fdt, p),
						      p->data, len, max);
		}
	}
	return max;
}

int dmc_short_phandle(const void *fdt)
{
	const struct fdt_property *p;
	const char *name;
	int node, prop, len;

	for (node = 0; node >= 0; node = dmc_next_node(fdt, node, NULL)) {
		dmc_for_each_prop(prop, fdt, node) {
			p = dmc_prop_at(fdt, prop, &len);
			if (!p || len >= 4)
				continue;
			name = dmc_prop_name(fdt, p);
			if (name && (!strcmp(name, "phandle") ||
				     !strcmp(name, "linux,phandle") ||
				     !strcmp(name, "ibm,phandle")))
				return node;
		}
	}
	return -DMC_E_NOTFOUND;
}

bool dmc_initrd(const void *fdt, int chosen, uint64_t *start, uint64_t *end)
{
	const fdt32_t *s, *e;
	int sl, el;

	if (chosen < 0)
		return false;
	s = dmc_getprop(fdt, chosen, "linux,initrd-start", &sl);
	e = dmc_getprop(fdt, chosen, "linux,initrd-end", &el);
	if (!s || !e || sl < 4 || el < 4 || sl > 8 || el > 8)
		return false;
	*start = dmc_read_cells(s, sl / 4);
	*end = dmc_read_cells(e, el / 4);
	return *end > *start;
}

uint32_t dmc_phandle(const void *fdt, int node)
{
	const struct fdt_property *p;
	uint32_t ph = 0;
	int prop, len;

	dmc_for_each_prop(prop, fdt, node) {
		p = dmc_prop_at(fdt, prop, &len);
		if (p)
			ph = dmc_phandle_prop(dmc_prop_name(fdt, p), p->data,
					      ph);
	}
	return ph;
}

int dmc_node_by_phandle(const void *fdt, uint32_t ph)
{
	int node;

	if (!ph)
		return -DMC_E_NOTFOUND;
	for (node = dmc_next_node(fdt, -1, NULL); node >= 0;
	     node = dmc_next_node(fdt, node, NULL))
		if (dmc_phandle(fdt, node) == ph)
			return node;
	return -DMC_E_NOTFOUND;
}

static int dmc_tolower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

bool dmc_compatible(const void *fdt, int node, const char *compat)
{
	const char *list, *end, *s;
	size_t i;
	int len;

	list = dmc_getprop(fdt, node, "compatible", &len);
	if (!list || len <= 0)
		return false;
	for (end = list + len, s = list; s < end; s += strnlen(s, end - s) + 1) {
		/* of_compat_cmp() is strcasecmp() */
		for (i = 0; s + i < end && compat[i] &&
		     dmc_tolower(s[i]) == dmc_tolower(compat[i]); i++)
			;
		if (!compat[i] && s + i < end && !s[i])
			return true;
	}
	return false;
}

bool dmc_compat_exact(const void *fdt, int node, const char *compat)
{
	int len;
	const char *list = dmc_getprop(fdt, node, "compatible", &len);

	return list && fdt_stringlist_contains(list, len, compat);
}

int dmc_record_of(const void *fdt, int chosen)
{
	int node;

	if (chosen < 0)
		return -DMC_E_NOTFOUND;
	dmc_for_each_subnode(node, fdt, chosen)
		if (dmc_name_is(fdt, node, "dmacage") &&
		    dmc_compatible(fdt, node, "dmacage,record"))
			return node;
	return -DMC_E_NOTFOUND;
}

bool dmc_record_has_pool(const void *fdt, int record, int node)
{
	static const char dir[] = "/reserved-memory/";
	static const char *const props[] = {
		"restricted-pool", "coherent-pool",
	};
	const char *name = record < 0 ? NULL : dmc_get_name(fdt, node, NULL);
	const size_t dl = sizeof(dir) - 1;
	const char *v;
	unsigned int i;
	size_t n;
	int dom, len;

	if (!name)
		return false;
	n = strlen(name);
	dmc_for_each_subnode(dom, fdt, record) {
		for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
			v = dmc_getprop(fdt, dom, props[i], &len);
			if (v && len >= 0 && (size_t)len == dl + n + 1 &&
			    !memcmp(v, dir, dl) && !memcmp(v + dl, name, n + 1))
				return true;
		}
	}
	return false;
}

bool dmc_mem_pages(uint64_t *base, uint64_t *size)
{
	uint64_t lead = (DMC_SZ_4K - (*base & (DMC_SZ_4K - 1))) &
			(DMC_SZ_4K - 1);

	if (*size <= lead || *base + *size < *base ||
	    !((*size - lead) & ~(DMC_SZ_4K - 1)))
		return false;
	*size = (*size - lead) & ~(DMC_SZ_4K - 1);
	*base += lead;
	return true;
}

bool dmc_is_own_pool(const void *fdt, int record, int node)
{
	return dmc_record_has_pool(fdt, record, node) &&
	       (dmc_compatible(fdt, node, "restricted-dma-pool") ||
		dmc_compatible(fdt, node, "shared-dma-pool"));
}

uint32_t dmc_rmem_phandle(const void *fdt, int node)
{
	const fdt32_t *p;
	int len;

	p = dmc_getprop(fdt, node, "phandle", &len);
	if (!p)
		p = dmc_getprop(fdt, node, "linux,phandle", &len);
	/* of_read_number(prop, len / 4) into a 32-bit phandle_t */
	return p && len >= 4 ? fdt32_to_cpu(p[len / 4 - 1]) : 0;
}

/*
 * One cell-count property. Counts above 2 are refused because every address
 * dmacage handles must fit in 64 bits; 0 is refused because a reg or a size
 * cannot be expressed with it.
 */
static int dmc_cells_prop(const void *fdt, int node, const char *name,
			  int dflt, int *out)
{
	const fdt32_t *p;
	int len;
	uint32_t v;

	p = dmc_getprop(fdt, node, name, &len);
	if (!p) {
		if (len != -FDT_ERR_NOTFOUND)
			return -DMC_E_BADFDT;
		*out = dflt;
		return 0;
	}
	if (len != (int)sizeof(*p))
		return -DMC_E_BADFDT;
	v = fdt32_to_cpu(*p);
	if (v == 0 || v > 2)
		return -DMC_E_BADFDT;
	*out = (int)v;
	return 0;
}

int dmc_node_cells(const void *fdt, int node, int *ac, int *sc)
{
	int ret;

	ret = dmc_cells_prop(fdt, node, "#address-cells", 2, ac);
	if (ret)
		return ret;
	return dmc_cells_prop(fdt, node, "#size-cells", 1, sc);
}

int dmc_root_cells(const void *fdt, int *ac, int *sc)
{
	int ret;

	ret = dmc_cells_prop(fdt, 0, "#address-cells", 1, ac);
	if (ret)
		return ret;
	return dmc_cells_prop(fdt, 0, "#size-cells", 1, sc);
}

int dmc_resmem_container_check(const void *fdt, int resmem,
			       struct dmc_err *err)
{
	static const char *const cells[] = { "#address-cells", "#size-cells" };
	const fdt32_t *p;
	unsigned int i;
	int len, want[2], ret;

	ret = dmc_root_cells(fdt, &want[0], &want[1]);
	if (ret)
		return dmc_fail(err, ret, "/",
				"malformed #address-cells or #size-cells");
	for (i = 0; i < 2; i++) {
		p = dmc_getprop(fdt, resmem, cells[i], &len);
		if (!p || len != 4 || fdt32_to_cpu(*p) != (uint32_t)want[i])
			return dmc_fail(err, -DMC_E_RESMEM, "/reserved-memory",
					"%s is %s, the root has %d; Linux ignores the whole node",
					cells[i], p && len == 4 ? "different" :
					"missing or malformed", want[i]);
	}
	if (!dmc_getprop(fdt, resmem, "ranges", NULL))
		return dmc_fail(err, -DMC_E_RESMEM, "/reserved-memory",
				"no ranges property; Linux ignores the whole node");
	/* with a driver for it, Linux would take the pools for functions */
	if (dmc_is_pci_host(fdt, resmem, 0))
		return dmc_fail(err, -DMC_E_RESMEM, "/reserved-memory",
				"device_type is \"pci\": a PCI host bridge's children are its functions, not memory regions");
	return 0;
}

/*
 * Cells a child of @parent uses. Children of the root are read by Linux's
 * early FDT scan (memory, reserved-memory), which defaults to 1/1.
 */
static int dmc_parent_cells(const void *fdt, int parent, int *ac, int *sc)
{
	if (parent < 0)
		return -DMC_E_BADFDT;
	if (parent == 0)
		return dmc_root_cells(fdt, ac, sc);
	return dmc_node_cells(fdt, parent, ac, sc);
}

int dmc_reg(const void *fdt, int parent, int node, int idx, uint64_t *base,
	    uint64_t *size)
{
	const fdt32_t *p;
	int len, ac, sc, ret, stride;

	if (idx < 0)
		return -DMC_E_NOTFOUND;
	ret = dmc_parent_cells(fdt, parent, &ac, &sc);
	if (ret)
		return ret;
	p = dmc_getprop(fdt, node, "reg", &len);
	if (!p)
		return len == -FDT_ERR_NOTFOUND ? -DMC_E_NOTFOUND :
		       -DMC_E_BADFDT;
	stride = (ac + sc) * (int)sizeof(fdt32_t);
	if (len % stride)
		return -DMC_E_BADFDT;
	if (idx >= len / stride)
		return -DMC_E_NOTFOUND;
	p += idx * (ac + sc);
	*base = dmc_read_cells(p, ac);
	*size = dmc_read_cells(p + ac, sc);
	return 0;
}

/*
 * Entry @p of @node's dma-ranges: @cac child address cells (3 with a PCI
 * address, whose cell 0 holds flags), @pac parent address cells, @sc size
 * cells.
 */
static void dmc_dma_entry(const fdt32_t *p, int cac, int pac, int sc,
			  struct dmc_dma_range *r)
{
	r->dma = cac == DMC_PCI_AC ? dmc_read_cells(p + 1, 2) :
		 dmc_read_cells(p, cac);
	r->cpu = dmc_read_cells(p + cac, pac);
	r->size = dmc_read_cells(p + cac + pac, sc);
}

/*
 * of_translate_dma_address() of the CPU side of @r, an address in the
 * child space of @node, up to the root: each ancestor below the root with
 * a non-empty dma-ranges maps it (none or empty: one to one). Linux
 * translates only the start; the end is clipped to the entry that holds
 * it, as the bus beyond it reaches no further.
 * Return: 0, -DMC_E_NOTFOUND when no entry holds the start (Linux drops
 * the range), -DMC_E_BADFDT.
 */
static int dmc_dma_translate(const void *fdt, int node,
			     struct dmc_dma_range *r)
{
	struct dmc_dma_range e;
	const fdt32_t *p;
	int parent, len, cac, csc, pac, psc, stride, i;

	for (; node > 0; node = parent) {
		parent = dmc_parent_offset(fdt, node);
		if (parent < 0)
			return -DMC_E_BADFDT;
		p = dmc_getprop(fdt, node, "dma-ranges", &len);
		if (!p || len <= 0)
			continue;
		if (dmc_node_cells(fdt, node, &cac, &csc) ||
		    dmc_parent_cells(fdt, parent, &pac, &psc))
			return -DMC_E_BADFDT;
		stride = (cac + pac + csc) * (int)sizeof(fdt32_t);
		if (len % stride)
			return -DMC_E_BADFDT;
		for (i = 0; i < len / stride; i++) {
			dmc_dma_entry(p + i * (stride / 4), cac, pac, csc, &e);
			if (r->cpu >= e.dma && r->cpu - e.dma < e.size)
				break;
		}
		if (i == len / stride)
			return -DMC_E_NOTFOUND;
		if (r->size > e.size - (r->cpu - e.dma))
			r->size = e.size - (r->cpu - e.dma);
		r->cpu = r->cpu - e.dma + e.cpu;
	}
	return 0;
}

/* Does @e hold the CPU range @q states? */
static bool dmc_dma_holds(const struct dmc_dma_range *e,
			  const struct dmc_dma_range *q)
{
	return q->cpu >= e->cpu && q->cpu + q->size <= e->cpu + e->size;
}

int dmc_dma_map(const void *fdt, int host, int parent,
		struct dmc_dma_range *r, unsigned int max, bool find)
{
	struct dmc_dma_range e;
	const fdt32_t *p;
	int node = host, len, cac, csc, pac, psc, cells, n, i, ret;
	int kept = 0;
	bool found = false;

	for (;;) {
		if (node != host || parent < 0)
			parent = dmc_parent_offset(fdt, node);
		if (parent < 0)
			return -DMC_E_BADFDT;
		p = dmc_getprop(fdt, node, "dma-ranges", &len);
		if (!p && len != -FDT_ERR_NOTFOUND)
			return -DMC_E_BADFDT;
		if (p && len > 0)
			break;
		/* none: identity, no limit (the root's own is not read) */
		if ((found && !p) || parent == 0)
			return 0;
		found = true;
		node = parent;
	}
	ret = dmc_parent_cells(fdt, parent, &pac, &psc);
	if (ret)
		return ret;
	if (node == host) {
		cac = DMC_PCI_AC;
		csc = DMC_PCI_SC;
	} else if (dmc_node_cells(fdt, node, &cac, &csc)) {
		return -DMC_E_BADFDT;
	}
	cells = cac + pac + csc;
	if (len % (cells * (int)sizeof(fdt32_t)))
		return -DMC_E_BADFDT;
	n = len / (cells * (int)sizeof(fdt32_t));
	if (!find && (unsigned int)n > max)
		return -DMC_E_TOOMANY;
	for (i = 0; i < n; i++, p += cells) {
		dmc_dma_entry(p, cac, pac, csc, &e);
		/*
		 * An entry that wraps past 2^64 on either side has no
		 * meaning; the planner and the checker must not each make
		 * their own of it.
		 */
		if (e.size && (e.cpu + (e.size - 1) < e.cpu ||
			       e.dma + (e.size - 1) < e.dma))
			return -DMC_E_BADFDT;
		ret = dmc_dma_translate(fdt, parent, &e);
		if (ret == -DMC_E_NOTFOUND)
			continue;
		if (ret)
			return ret;
		if (find && dmc_dma_holds(&e, r)) {
			r[0] = e;
			return 1;
		}
		if (!find)
			r[kept] = e;
		kept++;
	}
	/* every entry dropped: Linux's map reaches nothing */
	e = (struct dmc_dma_range){ 0 };
	if (find && (kept || !dmc_dma_holds(&e, r)))
		return -DMC_E_NOTFOUND;
	if (!kept)
		r[0] = e;
	return kept ? kept : 1;
}

int dmc_dma_ranges(const void *fdt, int host, int parent,
		   struct dmc_dma_range *r, unsigned int max)
{
	return dmc_dma_map(fdt, host, parent, r, max, false);
}


static int dmc_digit(char c, unsigned int base)
{
	unsigned int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < base ? (int)d : -1;
}

/*
 * Linux's memparse(): simple_strtoull() with base 0 (0x hex, leading 0
 * octal) and an optional K/M/G/T/P/E suffix, wrapping as the kernel's
 * does. @endp (may be NULL) is set past what was read. Return: false if
 * no digit was found.
 */
static bool dmc_memparse_end(const char *s, const char *end, uint64_t *out,
			     const char **endp)
{
	unsigned int base = 10, shift = 0;
	uint64_t v = 0;
	const char *start;
	int d;

	if (s < end && *s == '0') {
		base = 8;
		if (s + 1 < end && (s[1] == 'x' || s[1] == 'X') &&
		    s + 2 < end && dmc_digit(s[2], 16) >= 0) {
			base = 16;
			s += 2;
		}
	}
	start = s;
	while (s < end && (d = dmc_digit(*s, base)) >= 0) {
		v = v * base + d;
		s++;
	}
	if (s == start)
		return false;
	if (s < end) {
		switch (*s) {
		case 'E': case 'e':
			shift += 10;
			/* fall through */
		case 'P': case 'p':
			shift += 10;
			/* fall through */
		case 'T': case 't':
			shift += 10;
			/* fall through */
		case 'G': case 'g':
			shift += 10;
			/* fall through */
		case 'M': case 'm':
			shift += 10;
			/* fall through */
		case 'K': case 'k':
			shift += 10;
			s++;
			break;
		}
	}
	*out = v << shift;
	if (endp)
		*endp = s;
	return true;
}

bool dmc_memparse(const char *s, const char *end, uint64_t *out)
{
	return dmc_memparse_end(s, end, out, NULL);
}

static bool dmc_isspace(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

const char *dmc_cmdline(const void *fdt, int chosen, const char **end)
{
	const char *args;
	int len;

	args = chosen < 0 ? NULL : dmc_getprop(fdt, chosen, "bootargs", &len);
	if (!args || len <= 0)
		return NULL;
	/* strscpy(cmdline, p, min(l, COMMAND_LINE_SIZE)) */
	if (len > DMC_CMDLINE_SIZE)
		len = DMC_CMDLINE_SIZE;
	*end = args + strnlen(args, len - 1);
	return args;
}

const char *dmc_cmdline_next(const char *args, const char *end,
			     struct dmc_cmdline_arg *a)
{
	bool in_quote = false, quoted = false;
	const char *p, *eq = NULL;

	while (args < end && dmc_isspace(*args))
		args++;
	if (args >= end)
		return NULL;
	/* next_arg(): a leading quote, quotes toggle, spaces end an arg */
	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (p = args; p < end; p++) {
		if (dmc_isspace(*p) && !in_quote)
			break;
		if (!eq && *p == '=' && p != args)
			eq = p;
		if (*p == '"')
			in_quote = !in_quote;
	}
	a->param = args;
	a->param_end = eq ? eq : p;
	a->val = eq ? eq + 1 : NULL;
	a->val_end = p;
	if (a->val && a->val < p && *a->val == '"') {
		a->val++;
		if (p[-1] == '"' && a->val_end > a->val)
			a->val_end--;
	} else if (quoted && p > args && p[-1] == '"') {
		if (a->val)
			a->val_end--;
		else
			a->param_end--;
	}
	/* parse_args() stops at a bare "--" */
	if (!a->val && a->param_end - a->param == 2 &&
	    !memcmp(a->param, "--", 2))
		return NULL;
	return p < end ? p + 1 : p;
}

bool dmc_cmdline_is(const struct dmc_cmdline_arg *a, const char *name)
{
	size_t n = strlen(name);

	return (size_t)(a->param_end - a->param) == n &&
	       !memcmp(a->param, name, n);
}

int dmc_cmdline_mem(const void *fdt, int chosen, uint64_t *limit,
		    struct dmc_cmdline_arg *bad)
{
	const char *args, *end, *at;
	uint64_t v;

	*limit = 0;
	args = dmc_cmdline(fdt, chosen, &end);
	while (args && (args = dmc_cmdline_next(args, end, bad))) {
		if (!bad->val || !dmc_cmdline_is(bad, "mem"))
			continue;
		for (at = bad->val; at < bad->val_end && *at != '@'; at++)
			;
		if (at < bad->val_end ||
		    !dmc_memparse(bad->val, bad->val_end, &v))
			return -DMC_E_MEMMAP;
		*limit = v & ~(DMC_SZ_4K - 1);
	}
	return 0;
}

/* The value of the last "vmalloc=" early param: early_vmalloc() order. */
static bool dmc_bootargs_vmalloc(const void *fdt, int chosen, uint64_t *out)
{
	struct dmc_cmdline_arg a;
	const char *args, *end;
	bool found = false;
	uint64_t v;

	args = dmc_cmdline(fdt, chosen, &end);
	while (args && (args = dmc_cmdline_next(args, end, &a))) {
		if (!a.val || !dmc_cmdline_is(&a, "vmalloc"))
			continue;
		/* memparse() of a missing number is 0; unsigned long on ARM */
		if (!dmc_memparse(a.val, a.val_end, &v))
			v = 0;
		*out = (uint32_t)v;
		found = true;
	}
	return found;
}

uint64_t dmc_arm_vmalloc_at(const void *fdt, int chosen, uint64_t policy_size)
{
	uint64_t v;

	if (!fdt || !dmc_bootargs_vmalloc(fdt, chosen, &v))
		v = policy_size ? policy_size : DMC_ARM_VMALLOC_DEFAULT;
	/* early_vmalloc() clamps rather than refuses */
	if (v < DMC_SZ_16M)
		v = DMC_SZ_16M;
	if (v > DMC_SZ_976M)
		v = DMC_SZ_976M;
	return v;
}

uint64_t dmc_arm_lowmem_end(uint64_t ram_start, uint64_t vmalloc)
{
	uint64_t end;

	if (vmalloc >= ram_start + DMC_ARM_LOWMEM_SPAN)
		return ram_start;
	end = ram_start + DMC_ARM_LOWMEM_SPAN - vmalloc;
	return end > DMC_4G ? DMC_4G : end;
}

/*
 * Host bridges whose bindings Linux matches by compatible even where a DT
 * omits device_type (old Broadcom STB trees do).
 */
static const char *const dmc_pci_host_compat[] = {
	"pci-host-ecam-generic",
	"pci-host-cam-generic",
	"brcm,bcm2711-pcie",
	"brcm,bcm2712-pcie",
	"brcm,bcm4908-pcie",
	"brcm,bcm7211-pcie",
	"brcm,bcm7216-pcie",
	"brcm,bcm7278-pcie",
	"brcm,bcm7425-pcie",
	"brcm,bcm7435-pcie",
	"brcm,bcm7445-pcie",
	"brcm,bcm7712-pcie",
};

/* Does the list position @s, with @room bytes left, hold a host compatible? */
static bool dmc_is_host_compat(const char *s, int room)
{
	const char *t;
	unsigned int i;
	int len;

	for (i = 0; i < sizeof(dmc_pci_host_compat) /
		    sizeof(dmc_pci_host_compat[0]); i++) {
		t = dmc_pci_host_compat[i];
		if (s[0] != t[0])
			continue;
		len = strlen(t);
		/* with its NUL, as fdt_stringlist_contains() compares */
		if (room >= len && !memcmp(t, s, len + 1))
			return true;
	}
	return false;
}

/*
 * The node's compatible list against the table, matched as
 * fdt_stringlist_contains() matches each entry, but in one pass over the
 * list: this runs on every node of a big tree.
 */
bool dmc_is_pci_props(const char *type, int tlen, const char *compat,
		      int clen)
{
	size_t n;

	if (type && tlen == sizeof("pci") && !memcmp(type, "pci", tlen))
		return true;
	while (compat && clen > 0) {
		if (dmc_is_host_compat(compat, clen))
			return true;
		n = strnlen(compat, clen);
		if ((int)n == clen)
			break;	/* no more terminated strings */
		compat += n + 1;
		clen -= n + 1;
	}
	return false;
}

bool dmc_is_pci_node(const void *fdt, int node)
{
	const char *type, *compat;
	int tlen, clen;

	type = dmc_getprop(fdt, node, "device_type", &tlen);
	compat = dmc_getprop(fdt, node, "compatible", &clen);
	return dmc_is_pci_props(type, tlen, compat, clen);
}

bool dmc_is_memory_type(const char *type)
{
	return type && !strcmp(type, "memory");
}

int dmc_next_memory_node(const void *fdt, int node)
{
	node = node < 0 ? dmc_first_subnode(fdt, 0) :
	       dmc_next_subnode(fdt, node);
	while (node >= 0 && !dmc_is_memory_node(fdt, node))
		node = dmc_next_subnode(fdt, node);
	return node;
}

bool dmc_is_memory_node(const void *fdt, int node)
{
	return dmc_is_memory_type(dmc_getprop(fdt, node, "device_type",
					      NULL)) &&
	       dmc_node_available(fdt, node);
}

/*
 * Linux compares status with strcmp() on the blob itself, whatever the
 * property's length: "okay" in 4 bytes is ended by the next tag's first
 * byte (tags are below 256), "ok" in 2 by the padding. A tree that passed
 * the structure gate has a tag after every value, so the bytes up to the
 * padded end and one more are in the structure block, and that byte is 0.
 */
static bool dmc_status_is(const char *st, int len, const char *want)
{
	int room = (len + 3) / 4 * 4 + 1, i;

	for (i = 0; i < room; i++) {
		if (st[i] != want[i])
			return false;
		if (!st[i])
			return true;
	}
	return false;
}

bool dmc_node_available(const void *fdt, int node)
{
	int len;
	const char *st = dmc_getprop(fdt, node, "status", &len);

	/* absent, or what strcmp() reads there is "okay" or "ok" */
	return !st || (len > 0 && (dmc_status_is(st, len, "okay") ||
				   dmc_status_is(st, len, "ok")));
}

bool dmc_is_pci_host(const void *fdt, int node, int parent)
{
	int anc;

	if (node <= 0 || parent < 0 || !dmc_is_pci_node(fdt, node))
		return false;
	for (anc = parent; anc > 0; anc = dmc_parent_offset(fdt, anc))
		if (dmc_is_pci_node(fdt, anc))
			return false;
	return anc == 0;
}

/* @node if it is a PCI host bridge, else -DMC_E_NOHOST; @node if < 0 */
static int dmc_pci_host_at(const void *fdt, int node, int parent)
{
	if (node < 0)
		return node;
	return dmc_is_pci_host(fdt, node, parent) ? node : -DMC_E_NOHOST;
}

int dmc_host_offset(const void *fdt, const char *path, int *parent)
{
	int up, node = dmc_path_lookup(fdt, path, &up);

	if (parent)
		*parent = up;
	if (node <= 0)
		return node < 0 ? -DMC_E_NOTFOUND : -DMC_E_NOHOST;
	return dmc_pci_host_at(fdt, node, up);
}
