// SPDX-License-Identifier: GPL-2.0+
/*
 * Device-tree reading helpers: cells, reg, dma-ranges, the ARM32 lowmem
 * limit and PCI host detection, each read the way Linux reads it so that
 * what dmacage plans and checks is what the kernel will do.
 */
#include <dmacage/dmacage.h>
#include <dmacage/fdtutil.h>

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

int dmc_getprops(const void *fdt, int node, const char *const *names,
		 unsigned int n, const void **val, int *len)
{
	const char *blk = (const char *)fdt + fdt_off_dt_struct(fdt);
	const struct fdt_property *p;
	unsigned int i, found = 0;
	const char *name;
	int off, next;
	uint32_t tag;

	for (i = 0; i < n; i++) {
		val[i] = NULL;
		len[i] = -FDT_ERR_NOTFOUND;
	}
	if (node < 0)
		return node;
	if (node % FDT_TAGSIZE ||
	    node > (int)fdt_size_dt_struct(fdt) - (int)FDT_TAGSIZE ||
	    dmc_next_tag(fdt, node, &off) != FDT_BEGIN_NODE)
		return -FDT_ERR_BADOFFSET;
	/* a node's properties come first, NOPs may stand among them */
	while ((tag = dmc_next_tag(fdt, off, &next)) == FDT_PROP ||
	       tag == FDT_NOP) {
		p = (const struct fdt_property *)(blk + off);
		off = next;
		if (tag == FDT_NOP)
			continue;
		name = dmc_prop_name(fdt, p);
		for (i = 0; i < n; i++) {
			/* the first of a name wins, as with dmc_getprop() */
			if (val[i] || strcmp(name, names[i]))
				continue;
			val[i] = p->data;
			len[i] = (int)fdt32_to_cpu(p->len);
			if (++found == n)
				return 0;
		}
	}
	return 0;
}

const void *dmc_getprop(const void *fdt, int node, const char *name,
			int *lenp)
{
	const void *val;
	int len, ret;

	ret = dmc_getprops(fdt, node, &name, 1, &val, &len);
	if (lenp)
		*lenp = ret ? ret : len;
	return val;
}

bool dmc_name_is(const void *fdt, int node, const char *name)
{
	const char *p = dmc_get_name(fdt, node);
	size_t n = strlen(name);

	/* libfdt's rule: "name" also matches "name@unit", unless asked for one */
	return p && !strncmp(p, name, n) &&
	       (!p[n] || (p[n] == '@' && !strchr(name, '@')));
}

const char *dmc_prop_name(const void *fdt, const struct fdt_property *prop)
{
	return (const char *)fdt + fdt_off_dt_strings(fdt) +
	       fdt32_to_cpu(prop->nameoff);
}

uint32_t dmc_phandle(const void *fdt, int node)
{
	static const char *const names[] = { "phandle", "linux,phandle" };
	const void *val[2];
	int len[2], i;

	dmc_getprops(fdt, node, names, 2, val, len);
	for (i = 0; i < 2; i++)
		if (val[i] && len[i] == sizeof(fdt32_t))
			return fdt32_to_cpu(*(const fdt32_t *)val[i]);
	return 0;
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
		return -FDT_ERR_NOTFOUND;
	ret = dmc_parent_cells(fdt, parent, &ac, &sc);
	if (ret)
		return ret;
	p = dmc_getprop(fdt, node, "reg", &len);
	if (!p)
		return len == -FDT_ERR_NOTFOUND ? len : -DMC_E_BADFDT;
	stride = (ac + sc) * (int)sizeof(fdt32_t);
	if (len % stride)
		return -DMC_E_BADFDT;
	if (idx >= len / stride)
		return -FDT_ERR_NOTFOUND;
	p += idx * (ac + sc);
	*base = dmc_read_cells(p, ac);
	*size = dmc_read_cells(p + ac, sc);
	return 0;
}

/*
 * The CPU side of each entry is read with the host's parent's address cells
 * and taken as a CPU physical address: ancestors' dma-ranges are assumed to
 * be absent or identity, which holds for the host bridges dmacage targets.
 */
void dmc_dma_range_at(const fdt32_t *p, int pac, struct dmc_dma_range *r)
{
	/* cell 0 of a PCI address holds flags, not address bits */
	r->dma = dmc_read_cells(p + 1, 2);
	r->cpu = dmc_read_cells(p + DMC_PCI_AC, pac);
	r->size = dmc_read_cells(p + DMC_PCI_AC + pac, DMC_PCI_SC);
}

int dmc_dma_ranges(const void *fdt, int host, struct dmc_dma_range *r,
		   unsigned int max)
{
	const fdt32_t *p;
	int len, pac, psc, ret, cells, n, i;

	p = dmc_getprop(fdt, host, "dma-ranges", &len);
	if (!p)
		return len == -FDT_ERR_NOTFOUND ? 0 : -DMC_E_BADFDT;
	if (len == 0)
		return 0;
	ret = dmc_parent_cells(fdt, fdt_parent_offset(fdt, host), &pac,
			       &psc);
	if (ret)
		return ret;
	cells = DMC_PCI_AC + pac + DMC_PCI_SC;
	if (len % (cells * (int)sizeof(fdt32_t)))
		return -DMC_E_BADFDT;
	n = len / (cells * (int)sizeof(fdt32_t));
	if ((unsigned int)n > max)
		return -DMC_E_TOOMANY;
	for (i = 0; i < n; i++, p += cells) {
		dmc_dma_range_at(p, pac, &r[i]);
		/*
		 * An entry that wraps past 2^64 on either side has no
		 * meaning; the planner and the checker must not each make
		 * their own of it (fuzz finding 8).
		 */
		if (r[i].size && (r[i].cpu + (r[i].size - 1) < r[i].cpu ||
				  r[i].dma + (r[i].size - 1) < r[i].dma))
			return -DMC_E_BADFDT;
	}
	return n;
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
 * Linux's memparse(): a number in C notation (0x hex, leading 0 octal)
 * with an optional K/M/G/T suffix. Return: false if no digit was found.
 */
static bool dmc_memparse(const char *s, const char *end, uint64_t *out)
{
	unsigned int base = 10;
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
		case 'T': case 't':
			v <<= 10;
			/* fall through */
		case 'G': case 'g':
			v <<= 10;
			/* fall through */
		case 'M': case 'm':
			v <<= 10;
			/* fall through */
		case 'K': case 'k':
			v <<= 10;
			break;
		}
	}
	*out = v;
	return true;
}

/* The value of the last "vmalloc=" word in bootargs: early_param order. */
static bool dmc_bootargs_vmalloc(const void *fdt, uint64_t *out)
{
	static const char key[] = "vmalloc=";
	const char *args, *end, *p;
	bool found = false;
	int chosen, len;

	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return false;
	args = dmc_getprop(fdt, chosen, "bootargs", &len);
	if (!args || len <= 0)
		return false;
	end = args + strnlen(args, len);
	for (p = args; p < end; p++) {
		if (p != args && p[-1] != ' ' && p[-1] != '\t')
			continue;
		if ((size_t)(end - p) < sizeof(key) - 1 ||
		    memcmp(p, key, sizeof(key) - 1))
			continue;
		found |= dmc_memparse(p + sizeof(key) - 1, end, out);
	}
	return found;
}

uint64_t dmc_arm_vmalloc(const void *fdt, uint64_t policy_size)
{
	uint64_t v;

	if (!fdt || !dmc_bootargs_vmalloc(fdt, &v))
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
	static const char *const names[] = { "device_type", "compatible" };
	const void *val[2];
	int len[2];

	dmc_getprops(fdt, node, names, 2, val, len);
	return dmc_is_pci_props(val[0], len[0], val[1], len[1]);
}

bool dmc_is_memory_type(const char *type)
{
	return type && !strcmp(type, "memory");
}

bool dmc_is_memory_node(const void *fdt, int node)
{
	return dmc_is_memory_type(dmc_getprop(fdt, node, "device_type",
					      NULL)) &&
	       dmc_node_available(fdt, node);
}

bool dmc_node_available(const void *fdt, int node)
{
	int len;
	const char *st = dmc_getprop(fdt, node, "status", &len);

	/* absent, or a first string of "okay" or "ok" */
	return !st || (len >= 5 && !memcmp(st, "okay", 5)) ||
	       (len >= 3 && !memcmp(st, "ok", 3));
}

unsigned int dmc_keep_available(const void *fdt, int *node, unsigned int n)
{
	unsigned int i, kept = 0;

	for (i = 0; i < n; i++)
		if (dmc_node_available(fdt, node[i]))
			node[kept++] = node[i];
	return kept;
}

bool dmc_is_pci_host(const void *fdt, int node, int parent)
{
	if (node <= 0 || parent < 0 || !dmc_is_pci_node(fdt, node))
		return false;
	return parent == 0 || !dmc_is_pci_node(fdt, parent);
}

int dmc_pci_host_at(const void *fdt, int node, int parent)
{
	if (node < 0)
		return node;
	return dmc_is_pci_host(fdt, node, parent) ? node : -DMC_E_NOHOST;
}

int dmc_path_offset_parent(const void *fdt, const char *path, int *parent)
{
	const char *end;
	int node = 0;

	*parent = -FDT_ERR_NOTFOUND;
	if (path[0] != '/') {	/* an alias: rare, so the slow way is fine */
		node = fdt_path_offset(fdt, path);
		if (node > 0)
			*parent = fdt_parent_offset(fdt, node);
		return node;
	}
	while (*path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		for (end = path; *end && *end != '/'; end++)
			;
		*parent = node;
		node = fdt_subnode_offset_namelen(fdt, node, path,
						  (int)(end - path));
		if (node < 0)
			return node;
		path = end;
	}
	return node;
}
